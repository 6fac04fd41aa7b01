/*
 * test_sanitize.c - the HTML sanitizer keeps question formatting and
 * removes anything that could run script or leave the page.
 */
#include "html_sanitize.h"
#include "test.h"

static const struct {
	const char *in, *want;
} cases[] = {
	/* What questions use is kept. */
	{ "<p>Hello <b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> "
	  "<u>u</u> x<sub>2</sub> y<sup>3</sup></p>",
	  "<p>Hello <b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> "
	  "<u>u</u> x<sub>2</sub> y<sup>3</sup></p>" },
	{ "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>",
	  "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>" },
	{ "<pre><code>int x = a &lt; b;</code></pre><blockquote>q</blockquote>",
	  "<pre><code>int x = a &lt; b;</code></pre><blockquote>q</blockquote>" },
	{ "<table><thead><tr><th colspan=\"2\">h</th></tr></thead><tbody><tr>"
	  "<td rowspan=3>a</td><td>b</td></tr></tbody></table>",
	  "<table><thead><tr><th colspan=\"2\">h</th></tr></thead><tbody><tr>"
	  "<td rowspan=\"3\">a</td><td>b</td></tr></tbody></table>" },
	{ "<H1>T</H1><h6>t</h6><hr><br/><span>s</span><div>d</div>",
	  "<h1>T</h1><h6>t</h6><hr><br><span>s</span><div>d</div>" },
	{ "<img src=\"@@PLUGINFILE@@/a%20b.png\" alt=\"A & B\" width=\"100\" "
	  "height=50 title=t>",
	  "<img src=\"@@PLUGINFILE@@/a%20b.png\" alt=\"A &amp; B\" "
	  "width=\"100\" height=\"50\">" },
	{ "<img src=\"pix/x.png\"><img src=\"/pix/y.gif\">",
	  "<img src=\"pix/x.png\"><img src=\"/pix/y.gif\">" },
	{ "<img src=\"data:image/png;base64,iVBORw0KGgo=\">",
	  "<img src=\"data:image/png;base64,iVBORw0KGgo=\">" },
	{ "<a href=\"https://example.com/?a=1&amp;b=2\">x</a>",
	  "<a href=\"https://example.com/?a=1&amp;b=2\" "
	  "rel=\"noopener noreferrer\">x</a>" },
	{ "<a href='mailto:a@b.c' target=_blank>m</a>",
	  "<a href=\"mailto:a@b.c\" rel=\"noopener noreferrer\">m</a>" },
	{ "<A HREF=\"HTTP://EXAMPLE.COM\">x</A>",
	  "<a href=\"HTTP://EXAMPLE.COM\" rel=\"noopener noreferrer\">x</a>" },
	{ "caf&eacute; &copy; &#x4EBA; &#20154; 1 &lt; 2 &amp;&amp; 3 > 2",
	  "caf\xC3\xA9 \xC2\xA9 \xE4\xBA\xBA \xE4\xBA\xBA 1 &lt; 2 "
	  "&amp;&amp; 3 &gt; 2" },
	{ "AT&T &unknown; & &#0; &#xD800; &#99999999;",
	  "AT&amp;T &amp;unknown; &amp; \xEF\xBF\xBD \xEF\xBF\xBD "
	  "\xEF\xBF\xBD" },
	{ "\"quoted\" 'single'", "&quot;quoted&quot; 'single'" },

	/* Scripts and their kin go, with their content. */
	{ "a<script>alert(1)</script>b", "ab" },
	{ "a<SCRIPT type=text/javascript>alert('</p>')</SCRIPT >b", "ab" },
	{ "a<script>alert(1)", "a" },
	{ "<style>body{display:none}</style>x", "x" },
	{ "<iframe src=\"https://evil\">fallback <b>x</b></iframe>y", "y" },
	{ "<object data=x><object>in</object>still</object>y", "y" },
	{ "<embed src=evil.swf>after", "after" },
	{ "<form action=x><input name=a><b>in</b></form>out", "out" },
	{ "<noscript><p>x</p></noscript>y", "y" },
	{ "<textarea><script>x</script></textarea>z", "z" },
	{ "<title>t</title>z", "z" },

	/* Attributes that run script, style or leave the page go. */
	{ "<img src=x onerror=alert(1)>", "<img src=\"x\">" },
	{ "<img src=\"x\" ONERROR=\"alert(1)\" style=\"x\" class=c id=i>",
	  "<img src=\"x\">" },
	{ "<p onclick=\"evil()\" style=\"color:red\" class=\"x\">t</p>",
	  "<p>t</p>" },
	/* As in HTML5, an unquoted value runs on over '/': a harmless
	 * relative URL. */
	{ "<img/src=x/onerror=alert(1)>",
	  "<img src=\"x/onerror=alert(1)\">" },
	{ "<a href=\"javascript:alert(1)\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\"java&#x09;script:alert(1)\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\"&#106;&#97;vascript:alert(1)\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=\"vbscript:x\" href=\"https://ok\">x</a>",
	  "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<a href=//evil.com>x</a>", "<a rel=\"noopener noreferrer\">x</a>" },
	{ "<img src=\"javascript:alert(1)\">", "" },
	{ "<img src=\"//evil.com/x.png\">", "" },
	{ "<img src=\"\\\\evil.com\\x.png\">", "" },
	{ "<img src=\"https://evil.com/track.png\">", "" },
	{ "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "" },
	{ "<img src=\"data:image/png;base64,<script>\">", "" },
	{ "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">", "" },
	{ "<img src=\"x\" width=\"100\\\" onerror=alert(1)\">",
	  "<img src=\"x\">" },
	{ "<td colspan=\"2;x\">", "<td></td>" },

	/* Unknown tags go, their text stays; comments go. */
	{ "<font color=red>red</font> <blink>b</blink>", "red b" },
	{ "<svg><g onload=alert(1)>text</g></svg>", "text" },
	{ "a<!-- <script>alert(1)</script> -->b", "ab" },
	{ "a<!--->b<!-->c", "abc" },
	{ "a<!-- never closed <b>x</b>", "a" },
	/* HTML (unlike XML) ends <![CDATA[ at the first '>'. */
	{ "a<!DOCTYPE html>b<?php echo 1 ?>c<![CDATA[<script>]]>d",
	  "abc]]&gt;d" },
	{ "a</ b>c</>d", "acd" },
	{ "1 < 2 and 3 <4", "1 &lt; 2 and 3 &lt;4" },
	{ "<<script>script>alert(1)<</script>/script>",
	  "&lt;/script&gt;" },
	{ "<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)" },
	{ "<p title=\"</p><script>alert(1)</script>\">x</p>", "<p>x</p>" },
	{ "<img src=\"x\" alt=\"\"><script>alert(1)</script>\">",
	  "<img src=\"x\" alt=\"\">&quot;&gt;" },
	{ "<img src=\"x\" alt=\"&quot;onerror=&quot;alert(1)\">",
	  "<img src=\"x\" alt=\"&quot;onerror=&quot;alert(1)\">" },
	{ "&lt;script&gt;alert(1)&lt;/script&gt;",
	  "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "&amp;lt;b&amp;gt;", "&amp;lt;b&amp;gt;" },

	/* Unbalanced markup is balanced. */
	{ "<p><b>open", "<p><b>open</b></p>" },
	{ "<b><i>x</b>y</i>", "<b><i>x</i></b>y" },
	{ "</div>x</p>", "x" },
	{ "<p>a<p>b", "<p>a</p><p>b</p>" },
	{ "<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>" },
	{ "<table><tr><td>a<td>b<tr><td>c</table>",
	  "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>" },
	{ "<p>x<div>y</div>", "<p>x</p><div>y</div>" },
	{ "x<b", "x" },
	{ "x<a href=\"https://e", "x" },
	{ "", "" },
};

void
test_sanitize(void)
{
	struct arena *a = arena_new();
	char *deep;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = html_sanitize(a, cases[i].in);

		CHECK(strcmp(got, cases[i].want) == 0,
		    "sanitize case %zu\n  in:   %s\n  got:  %s\n  want: %s", i,
		    cases[i].in, got, cases[i].want);
	}
	CHECK(strcmp(html_sanitize(a, NULL), "") == 0, "NULL gives \"\"");

	/* Deep nesting is capped, and everything opened is closed. */
	deep = arena_alloc(a, 3 * 1000 + 1);
	for (int i = 0; i < 1000; i++)
		memcpy(deep + 3 * i, "<b>", 3);
	{
		const char *out = html_sanitize(a, deep);
		size_t opens = 0, closes = 0;

		for (const char *p = out; (p = strstr(p, "<b>")) != NULL; p++)
			opens++;
		for (const char *p = out; (p = strstr(p, "</b>")) != NULL; p++)
			closes++;
		CHECK(opens == closes && opens <= 100 && opens > 0,
		    "1000 nested <b> capped at 100 and balanced (%zu/%zu)",
		    opens, closes);
	}
	arena_free(a);
}
