/*
 * test_i18n_zh.c - Chinese typography of the zh-TW catalog and of the
 * pages made from it: full-width punctuation next to Chinese, no space
 * after it, and the template rule that turns a template's ": " after a
 * catalog text into "：".
 */
#include "test.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "tmpl.h"
#include "utf8.h"

static int
cjk(uint32_t c)
{
	return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff00 && c <= 0xffef);
}

static int
fullwidth_punct(uint32_t c)
{
	return c == 0x3001 || c == 0x3002 || (c >= 0x300c && c <= 0x300f) ||
	    c == 0xff01 || c == 0xff08 || c == 0xff09 || c == 0xff0c ||
	    c == 0xff1a || c == 0xff1b || c == 0xff1f;
}

/* Real exceptions: file syntax and names a user types as they are. */
static const char *const allowed[] = {
	"A) ...", "B) ...",		/* Aiken's option lines */
	"&{name};",			/* an XML entity */
	"{分數:類型:答案~答案}",	/* the cloze gap syntax */
	".txt", ".seb",			/* file extensions */
	NULL
};

/* Appends to out what is wrong with text's punctuation; returns how many. */
int i18n_zh_faults(const char *text, struct buf *out);

int
i18n_zh_faults(const char *text, struct buf *out)
{
	char *s = strdup(text);
	size_t n = strlen(s), i = 0;
	uint32_t prev = 0, cp;
	int faults = 0;

	for (const char *const *a = allowed; *a != NULL; a++)
		for (char *p = s; (p = strstr(p, *a)) != NULL; p += strlen(*a))
			memset(p, 'x', strlen(*a));
	while (i < n) {
		size_t len = utf8_next(s + i, n - i, &cp), nl;
		uint32_t next = 0;

		if (i + len < n)
			(void)utf8_next(s + i + len, n - i - len, &next);
		nl = i + len;
		if (cp < 0x80 && cp != 0 && strchr(",.:;!?()", (int)cp) != NULL &&
		    (cjk(prev) || cjk(next))) {
			buf_printf(out, "  ASCII '%c' next to Chinese at byte %zu\n",
			    (int)cp, i);
			faults++;
		}
		/* " · " separates items in either language, spaced both sides */
		if (cp == ' ' && fullwidth_punct(prev) && next != 0xb7) {
			buf_printf(out, "  a space after full-width punctuation at byte %zu\n", i);
			faults++;
		}
		if (cp == ' ' && fullwidth_punct(next) && next != 0xff08 && next != 0x300c &&
		    next != 0x300e && prev != 0xb7) {
			buf_printf(out, "  a space before full-width punctuation at byte %zu\n", i);
			faults++;
		}
		prev = cp;
		i = nl;
	}
	free(s);
	return faults;
}

/* The text a reader sees on page (tags, scripts and styles out, the
 * common entities decoded), with what is wrong in its Chinese
 * punctuation appended to out; returns how many. A tag ends a run of
 * text: "<strong>名</strong>." is still "名." to the reader. */
int zh_page_faults(const char *html, struct buf *out);

int
zh_page_faults(const char *html, struct buf *out)
{
	struct buf text = BUF_INIT;
	const char *p = html;
	int n;

	while (*p) {
		if (strncmp(p, "<script", 7) == 0 || strncmp(p, "<style", 6) == 0) {
			const char *e = strstr(p, p[1] == 's' && p[2] == 'c' ? "</script>" : "</style>");

			p = e ? e + 8 : p + strlen(p);
			continue;
		}
		if (*p == '<') {
			const char *e = strchr(p, '>');

			/* a line break in the page is a break for the reader */
			if (strncmp(p, "<br", 3) == 0 || strncmp(p, "<p", 2) == 0 ||
			    strncmp(p, "</p", 3) == 0 || strncmp(p, "<li", 3) == 0 ||
			    strncmp(p, "<td", 3) == 0 || strncmp(p, "<th", 3) == 0 ||
			    strncmp(p, "<div", 4) == 0 || strncmp(p, "<h", 2) == 0 ||
			    strncmp(p, "<option", 7) == 0 || strncmp(p, "<label", 6) == 0 ||
			    strncmp(p, "<dt", 3) == 0 || strncmp(p, "<dd", 3) == 0)
				buf_str(&text, "\n");
			p = e ? e + 1 : p + strlen(p);
			continue;
		}
		if (*p == '&') {
			static const char *const ent[][2] = { { "&amp;", "&" }, { "&lt;", "<" },
			    { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" }, { "&nbsp;", " " } };
			size_t k;

			for (k = 0; k < sizeof ent / sizeof *ent; k++)
				if (strncmp(p, ent[k][0], strlen(ent[k][0])) == 0)
					break;
			if (k < sizeof ent / sizeof *ent) {
				buf_str(&text, ent[k][1]);
				p += strlen(ent[k][0]);
				continue;
			}
		}
		buf_raw(&text, p, 1);
		p++;
	}
	{
		/* line by line: a line's own faults, with the line to read */
		char *all = text.data ? text.data : "", *line, *save = NULL;

		n = 0;
		for (line = strtok_r(all, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			struct buf why = BUF_INIT;
			int k = i18n_zh_faults(line, &why);

			if (k > 0)
				buf_printf(out, "  \"%.200s\"\n%s", line, why.data);
			n += k;
			buf_free(&why);
		}
	}
	buf_free(&text);
	return n;
}

static void
catalog(void)
{
	json_t *zh = json_load_file("templates/i18n/zh-TW.json", 0, NULL);
	const char *k;
	json_t *v;
	int bad = 0;
	struct buf b = BUF_INIT;

	CHECK(zh != NULL, "the zh-TW catalog loads");
	json_object_foreach(zh, k, v) {
		buf_reset(&b);
		if (i18n_zh_faults(json_string_value(v), &b) > 0) {
			printf("  zh-TW %s:\n%s", k, b.data);
			bad++;
		}
	}
	CHECK(bad == 0, "every zh-TW message uses full-width punctuation next to Chinese "
	    "and no space after it (%d messages do not)", bad);
	/* The checker itself finds what the pages showed. */
	buf_reset(&b);
	CHECK(i18n_zh_faults("歡迎回來， 林雅婷.", &b) == 2,
	    "the checker flags a space after \"，\" and an ASCII full stop");
	buf_reset(&b);
	CHECK(i18n_zh_faults("剩餘時間：14:58，共 3 / 5 題（AI）", &b) == 0,
	    "the checker lets digits, \"AI\" and full-width punctuation be");
	buf_free(&b);
	json_decref(zh);
}

static void
render_zh(struct buf *b, const char *tmpl, const char *lang)
{
	json_t *ctx = json_pack("{s:s}", "name", "林雅婷");

	buf_reset(b);
	tmpl_render_text(b, tmpl, ctx, lang);
	json_decref(ctx);
}

static void
templates(void)
{
	struct buf b = BUF_INIT;

	render_zh(&b, "{{_time_left}} <span>14:58</span>", "zh-TW");
	CHECK_STR(b.data, "剩餘時間：<span>14:58</span>",
	    "no space after the full-width colon a label ends in");
	render_zh(&b, "{{_time_left}} <span>14:58</span>", "en");
	CHECK_STR(b.data, "Time left: <span>14:58</span>", "English keeps its space");
	render_zh(&b, "<li>{{_console_added}}: <strong>8</strong></li>", "zh-TW");
	CHECK_STR(b.data, "<li>新增：<strong>8</strong></li>",
	    "a template's \": \" after Chinese is \"：\"");
	render_zh(&b, "<li>{{_console_added}}: <strong>8</strong></li>", "en");
	CHECK_STR(b.data, "<li>Added: <strong>8</strong></li>", "and stays \": \" in English");
	render_zh(&b, "{{name}} ({{_console_bank_shared}})", "zh-TW");
	CHECK(strstr(b.data, "林雅婷 （") != NULL && strstr(b.data, "）") != NULL &&
	    strchr(b.data, '(') == NULL, "parentheses around Chinese are full-width: %s", b.data);
	render_zh(&b, "(+5 {{_exam_minutes}})", "zh-TW");
	CHECK_STR(b.data, "(+5 分鐘)", "a pair opened before a number stays one kind");
	render_zh(&b, "{{_nav_answered}}, {{_nav_flagged}}", "zh-TW");
	CHECK_STR(b.data, "已作答，已標記待檢查", "\", \" after Chinese is \"，\"");
	buf_free(&b);
}

void
test_i18n_zh(void)
{
	if (i18n_load("templates/i18n") != 0) {
		CHECK(0, "catalogs load from templates/i18n");
		return;
	}
	catalog();
	templates();
}
