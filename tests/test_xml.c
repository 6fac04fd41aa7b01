/*
 * test_xml.c - the Moodle XML reader: every question type, categories,
 * embedded files, and the documents it must refuse.
 */
#include <math.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "bank_lint.h"
#include "bank_xml.h"
#include "qbuild.h"
#include "test.h"

/* Reads text as a Moodle XML file called t.xml into a fresh b in a. */
static int
parse(struct arena *a, struct q_bank *b, const char *text)
{
	return qb_parse(b, a, "t.xml", bank_xml_parse, text);
}

static const char *
first_error(const struct q_bank *b)
{
	return b->nerr > 0 ? b->err[0].message : "(no error)";
}

/* Base64 of d[0..n) into a malloc'd string. */
static char *
b64(const unsigned char *d, size_t n)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc(n / 3 * 4 + 8), *o = out;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ?
		    (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);

		*o++ = al[v >> 18 & 63];
		*o++ = al[v >> 12 & 63];
		*o++ = i + 1 < n ? al[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? al[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static const char sample[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"			/* 1 */
"<quiz>\n"							/* 2 */
"  <question type=\"category\">\n"				/* 3 */
"    <category><text>$course$/top/AI Basics</text></category>\n"
"  </question>\n"						/* 5 */
"  <question type=\"multichoice\">\n"				/* 6 */
"    <name><text>Pick one</text></name>\n"
"    <questiontext format=\"html\"><text><![CDATA[<p>Which?</p>]]></text>"
"</questiontext>\n"
"    <generalfeedback><text>General.</text></generalfeedback>\n"
"    <defaultgrade>2.5000000</defaultgrade>\n"			/* 10 */
"    <idnumber>mc-1</idnumber>\n"
"    <single>true</single>\n"
"    <shuffleanswers>1</shuffleanswers>\n"
"    <answer fraction=\"100\"><text>Right</text>"
"<feedback><text>Yes</text></feedback></answer>\n"
"    <answer fraction=\"0\"><text>Wrong</text></answer>\n"	/* 15 */
"    <answer fraction=\"0\"><text></text></answer>\n"
"    <tags><tag><text>ai</text></tag><tag><text>basics</text></tag></tags>\n"
"  </question>\n"
"  <question type=\"multichoice\">\n"				/* 19 */
"    <name><text>Pick two</text></name>\n"			/* 20 */
"    <questiontext format=\"markdown\"><text>**Which two?**</text>"
"</questiontext>\n"
"    <single>false</single>\n"
"    <answer fraction=\"50\"><text>A</text></answer>\n"
"    <answer fraction=\"50\"><text>B</text></answer>\n"
"    <answer fraction=\"-50\"><text>C</text></answer>\n"	/* 25 */
"  </question>\n"
"  <question type=\"multichoice\">\n"				/* 27 */
"    <name><text>Thirds</text></name>\n"
"    <questiontext><text>Three of four</text></questiontext>\n"
"    <single>false</single>\n"					/* 30 */
"    <answer fraction=\"33.33333\"><text>A</text></answer>\n"
"    <answer fraction=\"33.33333\"><text>B</text></answer>\n"
"    <answer fraction=\"33.33334\"><text>C</text></answer>\n"
"    <answer fraction=\"-100\"><text>D</text></answer>\n"
"  </question>\n"						/* 35 */
"  <question type=\"truefalse\">\n"				/* 36 */
"    <name><text>TF</text></name>\n"
"    <questiontext format=\"plain_text\"><text>Sky is green.</text>"
"</questiontext>\n"
"    <answer fraction=\"0\"><text>true</text>"
"<feedback><text>No.</text></feedback></answer>\n"
"    <answer fraction=\"100\"><text>false</text>"		/* 40 */
"<feedback><text>Right.</text></feedback></answer>\n"
"  </question>\n"
"  <question type=\"shortanswer\">\n"				/* 42 */
"    <name><text>SA</text></name>\n"
"    <questiontext format=\"moodle_auto_format\"><text>Capital of "
"France?</text></questiontext>\n"
"    <usecase>1</usecase>\n"					/* 45 */
"    <answer fraction=\"100\"><text>Paris</text></answer>\n"
"    <answer fraction=\"50\"><text>paris</text>"
"<feedback><text>Case!</text></feedback></answer>\n"
"  </question>\n"
"  <question type=\"category\">\n"				/* 49 */
"    <category><text>$module$/top/AI Basics/Numbers//Units</text>"
"</category>\n"							/* 50 */
"  </question>\n"
"  <question type=\"numerical\">\n"				/* 52 */
"    <name><text>Num</text></name>\n"
"    <questiontext><text>Pi?</text></questiontext>\n"
"    <answer fraction=\"100\"><text>3.1416</text>"		/* 55 */
"<tolerance>0.001</tolerance></answer>\n"
"    <answer fraction=\"50\"><text>3</text>"
"<tolerance>0.5</tolerance></answer>\n"
"    <answer fraction=\"0\"><text>*</text>"
"<feedback><text>Think circles.</text></feedback></answer>\n"
"  </question>\n"
"  <question type=\"matching\">\n"				/* 59 */
"    <name><text>Match</text></name>\n"				/* 60 */
"    <questiontext><text>Match them</text></questiontext>\n"
"    <shuffleanswers>false</shuffleanswers>\n"
"    <subquestion format=\"html\"><text>cat</text>"
"<answer><text>meow</text></answer></subquestion>\n"
"    <subquestion format=\"html\"><text>dog</text>"
"<answer><text>woof</text></answer></subquestion>\n"
"    <subquestion format=\"html\"><text></text>"		/* 65 */
"<answer><text>moo</text></answer></subquestion>\n"
"  </question>\n"
"  <question type=\"essay\">\n"				/* 67 */
"    <name><text>Essay</text></name>\n"
"    <questiontext><text>Discuss.</text></questiontext>\n"
"    <responseformat>editor</responseformat>\n"		/* 70 */
"  </question>\n"
"  <question type=\"description\">\n"			/* 72 */
"    <name><text>Intro</text></name>\n"
"    <questiontext><text>Read this.</text></questiontext>\n"
"  </question>\n"						/* 75 */
"  <question type=\"match\">\n"				/* 76 */
"    <name><text>Old match</text></name>\n"
"    <questiontext><text>M</text></questiontext>\n"
"    <subquestion><text>a</text><answer><text>1</text></answer>"
"</subquestion>\n"
"    <subquestion><text>b</text><answer><text>2</text></answer>"
"</subquestion>\n"						/* 80 */
"  </question>\n"
"</quiz>\n";

static void
test_xml_types(struct arena *a)
{
	struct q_bank b;
	const struct question *q;

	CHECK(parse(a, &b, sample) == 0 && b.nerr == 0,
	    "the sample bank reads without errors: %s", first_error(&b));
	CHECK(b.n == 10, "10 questions (got %zu)", b.n);
	if (b.n != 10)
		return;

	q = &b.q[0];
	CHECK(q->type == Q_MULTICHOICE && q->single && q->shuffle &&
	    q->line == 6 && q->format == QF_HTML && test_near(q->default_mark, 2.5),
	    "multichoice: single, shuffled, line 6, html, 2.5 marks");
	CHECK_STR(q->title, "Pick one", "name -> title");
	CHECK_STR(q->id, "mc-1", "idnumber -> id");
	CHECK_STR(q->text, "<p>Which?</p>", "CDATA question text");
	CHECK_STR(q->general_feedback, "General.", "general feedback");
	CHECK_STR(q->category, "AI Basics", "category without $course$/top");
	CHECK(q->nanswers == 2 && test_near(q->answers[0].fraction, 1) &&
	    test_near(q->answers[1].fraction, 0), "blank choice skipped, 100/0");
	CHECK_STR(q->answers[0].feedback, "Yes", "answer feedback");
	CHECK(q->answers[1].feedback == NULL, "no feedback is NULL");
	CHECK(q->ntags == 2 && strcmp(q->tags[0], "ai") == 0 &&
	    strcmp(q->tags[1], "basics") == 0, "tags");

	q = &b.q[1];
	CHECK(q->type == Q_MULTICHOICE && !q->single && !q->shuffle &&
	    q->format == QF_MARKDOWN && q->nanswers == 3 &&
	    test_near(q->answers[2].fraction, -0.5) && q->id == NULL &&
	    q->ntags == 0 && q->general_feedback == NULL,
	    "multiple response: shuffleanswers defaults to false, -50%%");
	q = &b.q[2];
	CHECK(q->nanswers == 4 && test_near(q->answers[0].fraction, 0.3333333) &&
	    test_near(q->answers[3].fraction, -1) && q->format == QF_HTML,
	    "fractions in percent like 33.33333; format defaults to html");

	q = &b.q[3];
	CHECK(q->type == Q_TRUEFALSE && q->nanswers == 2 &&
	    strcmp(q->answers[0].text, "true") == 0 &&
	    test_near(q->answers[0].fraction, 0) &&
	    strcmp(q->answers[1].text, "false") == 0 &&
	    test_near(q->answers[1].fraction, 1) && q->format == QF_PLAIN,
	    "truefalse: false is right");
	CHECK_STR(q->answers[0].feedback, "No.", "feedback for true");
	CHECK_STR(q->answers[1].feedback, "Right.", "feedback for false");

	q = &b.q[4];
	CHECK(q->type == Q_SHORTANSWER && q->usecase == 1 &&
	    q->nanswers == 2 && test_near(q->answers[1].fraction, 0.5) &&
	    q->format == QF_MOODLE, "shortanswer with usecase");
	CHECK_STR(q->answers[0].text, "Paris", "short answer text");
	CHECK_STR(q->answers[1].feedback, "Case!", "short answer feedback");
	CHECK_STR(q->category, "AI Basics", "category still applies");

	q = &b.q[5];
	CHECK(q->type == Q_NUMERICAL && q->nanswers == 3 &&
	    test_near(q->answers[0].value, 3.1416) &&
	    test_near(q->answers[0].tolerance, 0.001) &&
	    test_near(q->answers[1].value, 3) && test_near(q->answers[1].tolerance, 0.5) &&
	    test_near(q->answers[1].fraction, 0.5) && q->answers[0].text == NULL,
	    "numerical: several answers with tolerance");
	CHECK_STR(q->answers[2].text, "*", "numerical catch-all answer");
	CHECK_STR(q->category, "AI Basics/Numbers//Units",
	    "nested category; // is a slash inside a name");

	q = &b.q[6];
	CHECK(q->type == Q_MATCHING && !q->shuffle && q->npairs == 3 &&
	    q->line == 59, "matching with a distractor");
	CHECK_STR(q->pairs[0].sub, "cat", "subquestion");
	CHECK_STR(q->pairs[0].answer, "meow", "its answer");
	CHECK_STR(q->pairs[2].sub, "", "distractor has empty text");
	CHECK_STR(q->pairs[2].answer, "moo", "distractor answer");

	q = &b.q[7];
	CHECK(q->type == Q_ESSAY && q->nanswers == 0 &&
	    test_near(q->default_mark, 1), "essay");
	q = &b.q[8];
	CHECK(q->type == Q_DESCRIPTION && test_near(q->default_mark, 0),
	    "description has no marks");
	CHECK_STR(q->text, "Read this.", "description text");
	q = &b.q[9];
	CHECK(q->type == Q_MATCHING && q->shuffle && q->npairs == 2,
	    "type=\"match\" is read; shuffleanswers defaults to true");
}

static void
test_xml_categories(struct arena *a)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
		{ "$course$/Alpha", "Alpha" },
		{ "$system$/top/Alpha/Beta", "Alpha/Beta" },
		{ "$cat1$/Alpha", "Alpha" },
		{ "$coursecategory$/ Alpha / Beta ", "Alpha/Beta" },
		{ "top", NULL },
		{ "$course$/top", NULL },
		{ "top/Alpha", "Alpha" },
		{ "Alpha/top/Beta", "Alpha/Beta" },
		{ "Alpha", "Alpha" },
		{ "Alpha/", "Alpha" },
		{ "a//b/c", "a//b/c" },
		{ "", NULL },
		{ "$Course$/x", "$Course$/x" },
	};
	char doc[512];
	struct q_bank b;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(doc, sizeof doc, "<quiz><question type=\"category\">"
		    "<category><text>%s</text></category></question>"
		    "<question type=\"essay\"><name><text>E</text></name>"
		    "<questiontext><text>x</text></questiontext></question>"
		    "</quiz>", cases[i].path);
		CHECK(parse(a, &b, doc) == 0 && b.n == 1,
		    "category case %zu reads", i);
		if (b.n == 1)
			CHECK_STR(b.q[0].category, cases[i].want,
			    cases[i].path);
	}
	CHECK(parse(a, &b, "<quiz><question type=\"category\"><category>"
	    "$course$/Old</category></question><question type=\"essay\">"
	    "<name><text>E</text></name></question></quiz>") == 0 &&
	    b.n == 1 && b.q[0].category != NULL &&
	    strcmp(b.q[0].category, "Old") == 0,
	    "old-style category without <text>");
}

static void
test_xml_files(struct arena *a)
{
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const unsigned char gif[] = "GIF89a\1\0\1\0";
	static const unsigned char webp[] = "RIFF\x10\0\0\0WEBPVP8 ";
	static const unsigned char jpeg[] = "\xFF\xD8\xFF\xE0\0\x10JFIF";
	static const unsigned char pdf[] = "%PDF-1.4\n";
	static const unsigned char svg[] = "<svg onload=alert(1)>";
	char *p64 = b64(png, sizeof png - 1), *g64 = b64(gif, sizeof gif - 1);
	char *w64 = b64(webp, sizeof webp - 1), *j64 = b64(jpeg, sizeof jpeg - 1);
	char *d64 = b64(pdf, sizeof pdf - 1), *s64 = b64(svg, sizeof svg - 1);
	size_t bigsz = 1024 * 1024 + 1, cap;
	unsigned char *big = calloc(bigsz, 1);
	char *big64, *doc;
	struct q_bank b;

	memcpy(big, png, sizeof png - 1);
	big64 = b64(big, bigsz);
	cap = strlen(big64) + 4096;
	doc = malloc(cap);

	snprintf(doc, cap, "<quiz>\n<question type=\"essay\">\n"
	    "<name><text>Img</text></name>\n"
	    "<questiontext format=\"html\"><text><![CDATA[<img src="
	    "\"@@PLUGINFILE@@/a.png\">]]></text>\n"
	    "<file name=\"a.png\" path=\"/\" encoding=\"base64\">%s</file>\n"
	    "<file name=\"b.gif\" encoding=\"base64\">%s</file>\n"
	    "<file name=\"c.webp\" encoding=\"base64\">\n%s\n</file>\n"
	    "<file name=\"d.jpg\" encoding=\"base64\">%s</file>\n"
	    "</questiontext>\n"
	    "<generalfeedback><text>x</text>"
	    "<file name=\"a.png\" encoding=\"base64\">%s</file>"
	    "</generalfeedback>\n</question>\n</quiz>\n",
	    p64, g64, w64, j64, p64);
	CHECK(parse(a, &b, doc) == 0 && b.n == 1 && b.q[0].nfiles == 4,
	    "PNG, GIF, WebP and JPEG files embedded (%s)", first_error(&b));
	if (b.n == 1 && b.q[0].nfiles == 4) {
		const struct question *q = &b.q[0];

		CHECK_STR(q->files[0].name, "a.png", "file name");
		CHECK_STR(q->files[0].mime, "image/png", "PNG by magic");
		CHECK(q->files[0].len == sizeof png - 1 &&
		    memcmp(q->files[0].data, png, sizeof png - 1) == 0,
		    "PNG bytes decoded");
		CHECK_STR(q->files[1].mime, "image/gif", "GIF by magic");
		CHECK_STR(q->files[2].mime, "image/webp", "WebP by magic");
		CHECK_STR(q->files[3].mime, "image/jpeg", "JPEG by magic");
		CHECK_STR(q->text, "<img src=\"@@PLUGINFILE@@/a.png\">",
		    "@@PLUGINFILE@@ reference left as it is");
	}

	/* Each refused file: its line is 5. */
	{
		static const char *const bad_open[] = {
			"<file name=\"x.png\" encoding=\"base64\">",
			"<file name=\"x.png\" encoding=\"base64\">",
			"<file name=\"x.png\" encoding=\"base64\">",
			"<file name=\"x.png\" encoding=\"base64\">@@@",
			"<file name=\"x.png\">",
			"<file name=\"../x.png\" encoding=\"base64\">",
			("<file name=\"x.png\" path=\"/sub/\" "
			    "encoding=\"base64\">"),
		};
		const char *data[] = { d64, s64, big64, p64, p64, p64, p64 };
		const char *want[] = { "not a PNG, JPEG, GIF or WebP",
		    "not a PNG, JPEG, GIF or WebP", "larger than the 1 MiB",
		    "not valid base64", "encoding=\"base64\"",
		    "plain file name", "folder" };

		for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
			snprintf(doc, cap, "<quiz>\n<question type=\"essay\">\n"
			    "<name><text>Img</text></name>\n<questiontext>"
			    "<text>t</text>\n%s%s</file>\n</questiontext>"
			    "</question></quiz>", bad_open[i], data[i]);
			CHECK(parse(a, &b, doc) == -1 && b.n == 0 &&
			    qb_has_error(&b, 5, want[i]),
			    "bad file %zu refused at line 5 (%s): %s", i,
			    want[i], first_error(&b));
		}
	}
	snprintf(doc, cap, "<quiz><question type=\"essay\"><name><text>I"
	    "</text></name><questiontext><text>t</text>"
	    "<file name=\"a.png\" encoding=\"base64\">%s</file>"
	    "<file name=\"a.png\" encoding=\"base64\">%s</file>"
	    "</questiontext></question></quiz>", p64, g64);
	CHECK(parse(a, &b, doc) == -1 && qb_has_error(&b, 1, "two different"),
	    "two different files with one name refused");
	/* Moodle 1.9's <image> with <image_base64>: stored, and an <img>
	 * appended to the text as Moodle's import_headers() does. */
	snprintf(doc, cap, "<quiz>\n<question type=\"multichoice\">\n"
	    "<name><text>Old</text></name>\n<questiontext format=\"html\">"
	    "<text>Which logo?</text></questiontext>\n"
	    "<image>pix/moodle.png</image>\n"
	    "<image_base64>%s</image_base64>\n"
	    "<answer fraction=\"100\"><text>this</text></answer>\n"
	    "<answer fraction=\"0\"><text>that</text></answer>\n"
	    "</question></quiz>", p64);
	CHECK(parse(a, &b, doc) == 0 && b.n == 1 && b.q[0].nfiles == 1,
	    "Moodle 1.9 image kept (%s)", first_error(&b));
	if (b.n == 1 && b.q[0].nfiles == 1) {
		CHECK_STR(b.q[0].files[0].name, "pix_moodle.png",
		    "1.9 image named as Moodle does");
		CHECK_STR(b.q[0].files[0].mime, "image/png", "1.9 image type");
		CHECK(b.q[0].files[0].len == sizeof png - 1,
		    "1.9 image bytes decoded");
		CHECK_STR(b.q[0].text, "Which logo? <img src=\"@@PLUGINFILE@@/"
		    "pix_moodle.png\" />", "1.9 image shown in the text");
	}
	snprintf(doc, cap, "<quiz>\n<question type=\"essay\">\n"
	    "<name><text>Old</text></name>\n<questiontext><text>t</text>"
	    "</questiontext>\n<image>a.pdf</image>\n"
	    "<image_base64>%s</image_base64>\n</question></quiz>", d64);
	CHECK(parse(a, &b, doc) == -1 && qb_has_error(&b, 6,
	    "not a PNG, JPEG, GIF or WebP"),
	    "a 1.9 image that is no image refused at its line: %s",
	    first_error(&b));
	free(p64), free(g64), free(w64), free(j64), free(d64), free(s64);
	free(big64), free(big), free(doc);
}

static void
test_xml_errors(struct arena *a)
{
	struct q_bank b;

	CHECK(parse(a, &b, "<quiz>\n<question type=\"essay\">\n<name><text>x"
	    "</text></name>\n</quiestion>\n</quiz>\n") == -1 &&
	    qb_has_error(&b, 4, "malformed XML"),
	    "mismatched tag reported at its line: %s (line %d)",
	    first_error(&b), b.nerr ? b.err[0].line : -1);
	CHECK(parse(a, &b, "<quiz>\n\n<question type=\"essay\" a=\"1\" a=\"2\">"
	    "</question></quiz>") == -1 && qb_has_error(&b, 3, "malformed XML"),
	    "duplicate attribute: %s", first_error(&b));
	CHECK(parse(a, &b, "") == -1 && b.nerr == 1 &&
	    strstr(b.err[0].message, "malformed XML"), "empty document");
	CHECK(parse(a, &b, "<quiz>\n<question type=\"essay\">\n<name><text>"
	    "&nbsp;</text></name></question></quiz>") == -1 &&
	    qb_has_error(&b, 3, "malformed XML"),
	    "undefined entity is malformed: %s", first_error(&b));
	CHECK(parse(a, &b, "<?xml version=\"1.0\"?>\n<html><body/></html>")
	    == -1 && qb_has_error(&b, 2, "not <quiz>"), "root must be <quiz>");
	CHECK(parse(a, &b, "<quiz>\n"
	    "<question type=\"calculated\"><name><text>c</text></name>"
	    "</question>\n"
	    "<question type=\"ddwtos\"></question>\n"
	    "<question type=\"cloze\"></question>\n"
	    "<question type=\"multianswer\"></question>\n"
	    "<question type=\"essay\"><name><text>ok</text></name>"
	    "</question>\n"
	    "<question></question>\n"
	    "</quiz>") == -1 && b.n == 1 &&
	    qb_has_error(&b, 2, "\"calculated\" is not supported") &&
	    qb_has_error(&b, 3, "\"ddwtos\" is not supported") &&
	    qb_has_error(&b, 4, "cloze question has no gap") &&
	    qb_has_error(&b, 5, "\"multianswer\" is not supported") &&
	    qb_has_error(&b, 7, "no type attribute"),
	    "unsupported types refused with type and line, others read");
	CHECK(parse(a, &b, "<quiz>\n<question type=\"essay\">\n<name><text>x"
	    "</text></name>\n<questiontext><text><p>raw</p></text>"
	    "</questiontext></question></quiz>") == -1 &&
	    qb_has_error(&b, 4, "contains the element <p>"),
	    "unescaped HTML in <text> refused: %s", first_error(&b));
	CHECK(parse(a, &b, "<quiz>\n<question type=\"essay\">\n"
	    "<questiontext><text>x</text></questiontext></question></quiz>")
	    == -1 && qb_has_error(&b, 2, "no <name><text>"), "missing name");
	CHECK(parse(a, &b, "<quiz>\n<question type=\"multichoice\">"
	    "<name><text>m</text></name>\n"
	    "<answer fraction=\"abc\"><text>a</text></answer>\n"
	    "<answer fraction=\"100\"><text>b</text></answer>\n"
	    "</question>\n<question type=\"multichoice\"><name><text>n</text>"
	    "</name>\n<answer fraction=\"50\"><text>a</text></answer>"
	    "<answer fraction=\"0\"><text>b</text></answer></question>\n"
	    "<question type=\"multichoice\"><name><text>o</text></name>\n"
	    "<single>false</single><answer fraction=\"50\"><text>a</text>"
	    "</answer><answer fraction=\"0\"><text>b</text></answer>"
	    "</question>\n<question type=\"multichoice\"><name><text>p</text>"
	    "</name><answer fraction=\"100\"><text>a</text></answer>"
	    "</question>\n</quiz>") == -1 && b.n == 1 &&
	    qb_has_error(&b, 3, "fraction \"abc\"") &&
	    !qb_has_error(&b, 6, "100%") &&
	    qb_has_error(&b, 8, "add up to 50%") &&
	    qb_has_error(&b, 10, "at least 2 choices"),
	    "bad fractions and choices reported per question");
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>n"
	    "</text></name>\n<answer fraction=\"100\"><text>abc</text>"
	    "<tolerance>-1</tolerance></answer></question></quiz>") == -1 &&
	    qb_has_error(&b, 2, "\"abc\" is not a number") &&
	    qb_has_error(&b, 2, "tolerance"), "bad numerical answer");
	CHECK(parse(a, &b, "<quiz><question type=\"matching\"><name><text>m"
	    "</text></name>\n<subquestion><text>a</text><answer><text>1"
	    "</text></answer></subquestion>\n<subquestion><text>b</text>"
	    "</subquestion></question></quiz>") == -1 &&
	    qb_has_error(&b, 3, "no <answer>") &&
	    qb_has_error(&b, 1, "at least 2 subquestions"), "bad matching");
	CHECK(parse(a, &b, "<quiz><question type=\"shortanswer\"><name><text>"
	    "s</text></name><answer fraction=\"50\"><text>x</text></answer>"
	    "</question><question type=\"truefalse\"><name><text>t</text>"
	    "</name></question></quiz>") == -1 && b.n == 1 &&
	    !qb_has_error(&b, 1, "worth") &&
	    qb_has_error(&b, 1, "no answers"),
	    "shortanswer without a 100%% answer, truefalse without answers");
	CHECK(parse(a, &b, "<quiz><question type=\"essay\"><name><text>e"
	    "</text></name><defaultgrade>lots</defaultgrade></question>"
	    "</quiz>") == -1 && qb_has_error(&b, 1, "defaultgrade"),
	    "bad defaultgrade");
}

static void
test_xml_attacks(struct arena *a)
{
	struct q_bank b;
	char *big;

	CHECK(parse(a, &b, "<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [\n"
	    "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
	    "<quiz><question type=\"essay\"><name><text>&xxe;</text></name>"
	    "</question></quiz>") == -1 && b.n == 0 &&
	    qb_has_error(&b, 3, "declares the entity \"xxe\""),
	    "XXE refused at the entity's line: %s", first_error(&b));
	CHECK(parse(a, &b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n<quiz>&lol3;</quiz>") == -1 && b.n == 0 &&
	    qb_has_error(&b, 3, "entity declarations are refused"),
	    "billion laughs refused: %s", first_error(&b));
	CHECK(parse(a, &b, "<!DOCTYPE quiz [<!ENTITY % p SYSTEM "
	    "\"http://example.com/x.dtd\"> %p;]><quiz/>") == -1 &&
	    qb_has_error(&b, 1, "entity"), "parameter entity refused");
	CHECK(parse(a, &b, "<!DOCTYPE quiz SYSTEM \"http://example.com/q.dtd\">"
	    "<quiz><question type=\"essay\"><name><text>&ext;</text></name>"
	    "</question></quiz>") == -1 && b.n == 0,
	    "an entity from an external DTD is never loaded: %s",
	    first_error(&b));
	CHECK(parse(a, &b, "<quiz><question type=\"essay\"><name><text>"
	    "&lt;b&gt; &amp; &#x4EBA;</text></name></question></quiz>") == 0 &&
	    b.n == 1 && strcmp(b.q[0].title, "<b> & \xE4\xBA\xBA") == 0,
	    "predefined and character references still work");
	CHECK(parse(a, &b, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
	    "<quiz><question type=\"essay\"><name><text>caf\xC3\xA9</text>"
	    "</name></question></quiz>") == 0 && b.n == 1 &&
	    strcmp(b.q[0].title, "caf\xC3\xA9") == 0,
	    "the declared encoding is ignored: input is UTF-8");
	big = malloc(200001);
	memset(big, '<', 200000);
	big[200000] = 0;
	memcpy(big, "<quiz>", 6);
	CHECK(parse(a, &b, big) == -1 && b.nerr == 1, "garbage refused");
	free(big);
}

/* The fixture Moodle's xmlformat_test.php test_import_nested_categories
 * reads: Delta > Epsilon > Zeta, and one true/false question in Zeta. */
static void
test_xml_conformance(struct arena *a)
{
	const char *dir = test_conformance_dir("xml conformance");
	char path[512], *text;
	struct q_bank b;
	size_t len;

	if (dir == NULL)
		return;
	snprintf(path, sizeof path, "%s/moodle/xml/nested_categories.xml", dir);
	if ((text = test_read_file(path, &len)) == NULL) {
		MISSING("xml conformance: %s missing", path);
		return;
	}
	q_bank_init(&b, a, "nested_categories.xml");
	CHECK(bank_xml_parse(&b, text, len) == 0 && b.nerr == 0 && b.n == 1,
	    "nested_categories.xml: one question, no errors (%s)",
	    first_error(&b));
	if (b.n == 1) {
		const struct question *q = &b.q[0];

		CHECK_STR(q->category, "Delta/Epsilon/Zeta",
		    "Zeta under Epsilon under Delta under top");
		CHECK_STR(q->title, "Zeta Question", "question name");
		CHECK_STR(q->text, "<p>Testing Zeta Question</p>", "text");
		CHECK(q->type == Q_TRUEFALSE && q->format == QF_HTML &&
		    q->nanswers == 2 && test_near(q->answers[0].fraction, 1) &&
		    test_near(q->answers[1].fraction, 0) && q->id == NULL &&
		    q->general_feedback == NULL && q->line == 37,
		    "true/false, true right, at line 37");
	}
	free(text);
}

/* Every Moodle type aicert does not take is refused by its name, at the
 * line of its <question>, the rest of the file still read for errors
 * (docs/banks.md lists them). */
static void
test_xml_refused_types(struct arena *a)
{
	static const char *const types[] = {
		"calculated", "calculatedsimple", "calculatedmulti", "ddwtos",
		"ddimageortext", "ddmarker", "randomsamatch", "random",
	};
	struct q_bank b;

	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		char doc[512], want[64];

		snprintf(doc, sizeof doc, "<quiz>\n<question type=\"essay\"><name>"
		    "<text>ok</text></name></question>\n\n<question type=\"%s\">"
		    "<name><text>x</text></name></question>\n</quiz>", types[i]);
		snprintf(want, sizeof want, "\"%s\" is not supported", types[i]);
		CHECK(parse(a, &b, doc) == -1 && qb_has_error(&b, 4, want),
		    "%s refused by name at its line: %s", types[i], first_error(&b));
	}
}

/* Moodle's importer takes a question whose best answer is worth less
 * than 100% (its form would not): so does aicert, warning with the best
 * percent (lint); and <single>False</single> is single choice, as trans_single()
 * reads it (only "false", "0" and "" are false), with a warning. */
static void
test_xml_best_partial(struct arena *a)
{
	struct q_bank b, w;
	const char *doc = "<quiz>\n<question type=\"multichoice\">\n"
	    "<name><text>m</text></name>\n"
	    "<questiontext><text>Pick.</text></questiontext>\n"
	    "<single>False</single>\n<shuffleanswers>True</shuffleanswers>\n"
	    "<answer fraction=\"75\"><text>a</text></answer>\n"
	    "<answer fraction=\"25\"><text>b</text></answer>\n"
	    "<answer fraction=\"0\"><text>c</text></answer>\n</question>\n"
	    "<question type=\"numerical\">\n<name><text>n</text></name>\n"
	    "<answer fraction=\"50\"><text>4</text></answer>\n"
	    "<answer fraction=\"12.5\"><text>5</text></answer>\n</question>\n"
	    "<question type=\"multichoice\">\n<name><text>o</text></name>\n"
	    "<single>false</single>\n"
	    "<answer fraction=\"50\"><text>a</text></answer>\n"
	    "<answer fraction=\"50\"><text>b</text></answer>\n</question>\n"
	    "</quiz>\n";

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	CHECK(bank_xml_parse(&b, doc, strlen(doc)) == 0 && b.n == 3,
	    "questions with no 100%% answer import as in Moodle: %s",
	    first_error(&b));
	if (b.n == 3) {
		CHECK(b.q[0].single && b.q[0].shuffle &&
		    test_near(b.q[0].answers[0].fraction, 0.75) &&
		    test_near(b.q[1].answers[0].fraction, 0.5) &&
		    test_near(b.q[1].answers[1].fraction, 0.125) &&
		    !b.q[2].single,
		    "<single>False</single> is single choice; fractions kept");
	}
	CHECK(qb_has_error(&w, 5, "<single>False</single> is read as true") &&
	    !qb_has_error(&w, 6, "shuffleanswers") &&
	    !qb_has_error(&w, 20, "single") && w.nerr == 1,
	    "a warning for False read as true (%zu warnings)", w.nerr);
	q_bank_init(&w, a, "t.xml");
	bank_lint(&b, &w);
	CHECK(qb_has_error(&w, 2, "best answer is worth 75%") &&
	    qb_has_error(&w, 11, "best answer is worth 50%"),
	    "lint warns per question of its best percent (%zu warnings)", w.nerr);
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>z"
	    "</text></name><answer fraction=\"0\"><text>4</text></answer>"
	    "</question></quiz>") == -1 &&
	    qb_has_error(&b, 1, "no answer worth any marks"),
	    "a question no answer scores in is still refused: %s",
	    first_error(&b));
}

/* Units: read as Moodle's import_numerical and save_units, options and
 * defaults included. What the reader leaves out: a warning with its
 * line. */
static void
test_xml_units_ignored(struct arena *a)
{
	struct q_bank b, w;
	const char *units_doc = "<quiz>\n<question type=\"numerical\">\n"
	    "<name><text>g</text></name>\n"
	    "<questiontext><text>Gravity?</text></questiontext>\n"
	    "<answer fraction=\"100\"><text>9.8</text>"
	    "<tolerance>0.1</tolerance></answer>\n"
	    "<unitgradingtype>1</unitgradingtype>\n"
	    "<unitpenalty>0.1</unitpenalty>\n<showunits>0</showunits>\n"
	    "<unitsleft>0</unitsleft>\n"
	    "<units>\n<unit><multiplier>1</multiplier>"
	    "<unit_name>m/s2</unit_name></unit>\n"
	    "<unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name>"
	    "</unit>\n</units>\n</question></quiz>\n";
	const char *doc = "<quiz>\n<question type=\"essay\" id=\"7\">\n"
	    "<name><text>e</text></name>\n"
	    "<questiontext><text>Say.</text></questiontext>\n"
	    "<hidden><b>0</b></hidden>\n<responseformat>editor</responseformat>\n"
	    "<graderinfo format=\"html\"><text>Look for X.</text>"
	    "</graderinfo>\n<mystery>1</mystery>\n"
	    "<responsefieldlines>5</responsefieldlines>\n"
	    "</question></quiz>\n";

	CHECK(parse(a, &b, units_doc) == 0 && b.n == 1 && b.q[0].nunits == 2 &&
	    strcmp(b.q[0].units[0].name, "m/s2") == 0 &&
	    test_near(b.q[0].units[0].multiplier, 1) &&
	    strcmp(b.q[0].units[1].name, "cm/s2") == 0 &&
	    test_near(b.q[0].units[1].multiplier, 100) &&
	    b.q[0].unit_grading == QU_GRADE_RESPONSE &&
	    test_near(b.q[0].unit_penalty, 0.1) &&
	    b.q[0].show_units == QU_SHOW_TEXT && !b.q[0].units_left,
	    "numerical units imported with their options, as Moodle: %s",
	    first_error(&b));
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>c"
	    "</text></name><answer fraction=\"100\"><text>5</text></answer>"
	    "<units><unit><unit_name>$</unit_name></unit></units>"
	    "<unitsleft>1</unitsleft><showunits>2</showunits>"
	    "<unitgradingtype>2</unitgradingtype><unitpenalty>0.25</unitpenalty>"
	    "</question></quiz>") == 0 && b.n == 1 && b.q[0].nunits == 1 &&
	    test_near(b.q[0].units[0].multiplier, 1) && b.q[0].units_left &&
	    b.q[0].show_units == QU_SHOW_SELECT &&
	    b.q[0].unit_grading == QU_GRADE_QUESTION &&
	    test_near(b.q[0].unit_penalty, 0.25),
	    "a unit without multiplier is 1; unit on the left, a list: %s",
	    first_error(&b));
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>c"
	    "</text></name><answer fraction=\"100\"><text>5</text></answer>"
	    "<units><unit><unit_name>m</unit_name></unit></units>"
	    "</question></quiz>") == 0 && b.q[0].show_units == QU_SHOW_TEXT &&
	    b.q[0].unit_grading == QU_GRADE_NONE &&
	    test_near(b.q[0].unit_penalty, 0.1),
	    "Moodle's defaults with units: typed, not graded, penalty 0.1");
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>c"
	    "</text></name><answer fraction=\"100\"><text>5</text></answer>\n"
	    "<units><unit><multiplier>x</multiplier><unit_name>m</unit_name>"
	    "</unit></units>\n<unitgradingtype>3</unitgradingtype>\n"
	    "<showunits>9</showunits>\n<unitpenalty>2</unitpenalty>"
	    "</question></quiz>") == -1 && b.n == 0 &&
	    qb_has_error(&b, 2, "multiplier \"x\"") &&
	    qb_has_error(&b, 3, "<unitgradingtype> \"3\"") &&
	    qb_has_error(&b, 4, "<showunits> \"9\"") &&
	    qb_has_error(&b, 5, "unitpenalty \"2\""),
	    "bad units and unit options refused at their lines: %s",
	    first_error(&b));
	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	units_doc = "<quiz><question type=\"numerical\"><name><text>c"
	    "</text></name><answer fraction=\"100\"><text>5</text></answer>\n"
	    "<units><unit><unit_name>m</unit_name></unit>\n"
	    "<unit><multiplier>100</multiplier><unit_name>m</unit_name></unit>\n"
	    "<unit><multiplier>0</multiplier><unit_name>km</unit_name></unit>\n"
	    "<unit><multiplier>3</multiplier><unit_name></unit_name></unit>\n"
	    "</units></question></quiz>";
	CHECK(bank_xml_parse(&b, units_doc, strlen(units_doc)) == 0 &&
	    b.n == 1 && b.q[0].nunits == 1 && qb_has_error(&w, 3, "\"m\"") &&
	    qb_has_error(&w, 4, "\"km\"") && qb_has_error(&w, 5, "dropped") &&
	    w.nerr == 3,
	    "units Moodle drops (repeated, multiplier 0, no name) dropped with "
	    "a warning each (%zu warnings)", w.nerr);
	CHECK(parse(a, &b, "<quiz><question type=\"numerical\"><name><text>n"
	    "</text></name><questiontext><text>2+2?</text></questiontext>"
	    "<answer fraction=\"100\"><text>4</text></answer>"
	    "<unitgradingtype>0</unitgradingtype><showunits>3</showunits>"
	    "<units></units></question></quiz>") == 0 && b.n == 1,
	    "unit options without units import: %s", first_error(&b));

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	CHECK(bank_xml_parse(&b, doc, strlen(doc)) == 0 && b.n == 1,
	    "a question with ignored parts imports: %s", first_error(&b));
	CHECK(qb_has_error(&w, 2, "attribute id") &&
	    qb_has_error(&w, 5, "<hidden>") &&
	    qb_has_error(&w, 7, "<graderinfo>") &&
	    qb_has_error(&w, 8, "<mystery>") &&
	    qb_has_error(&w, 9, "<responsefieldlines>") && w.nerr == 5,
	    "each ignored part warned with its line (%zu warnings: %s)",
	    w.nerr, w.nerr > 0 ? w.err[0].message : "none");

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	doc = "<quiz>\n<question type=\"category\"><category><text>A"
	    "</text></category>\n<info><text>About A.</text></info>"
	    "</question>\n<question type=\"essay\"><name><text>e</text>"
	    "</name><questiontext><text>Say.</text></questiontext>"
	    "</question></quiz>\n";
	CHECK(bank_xml_parse(&b, doc, strlen(doc)) == 0 && b.n == 1 &&
	    qb_has_error(&w, 3, "<info>") && w.nerr == 1,
	    "a category description warned with its line (%zu warnings)",
	    w.nerr);

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	doc = "<quiz>\n<question type=\"shortanswer\">\n"
	    "<name><text>s</text></name>\n"
	    "<questiontext><text>AI?</text></questiontext>\n"
	    "<answer fraction=\"100\" weight=\"2\"><text>AI</text>\n"
	    "<note>x</note></answer>\n"
	    "<hint><text>Two letters.</text>\n<options>1</options></hint>\n"
	    "</question></quiz>\n";
	CHECK(bank_xml_parse(&b, doc, strlen(doc)) == 0 && b.n == 1 &&
	    qb_has_error(&w, 5, "attribute weight of <answer>") &&
	    qb_has_error(&w, 6, "<note>") && qb_has_error(&w, 8, "<options>") &&
	    w.nerr == 3, "ignored parts of answers and hints warned "
	    "(%zu warnings: %s)", w.nerr, w.nerr > 0 ? w.err[0].message :
	    "none");
}

/* A Moodle XML file holding one cloze question whose text is text. */
static int
parse_cloze(struct arena *a, struct q_bank *b, const char *text)
{
	char *doc = arena_printf(a, "<quiz>\n<question type=\"cloze\">\n"
	    "<name><text>c</text></name>\n"
	    "<questiontext format=\"html\"><text><![CDATA[%s]]></text>"
	    "</questiontext>\n<defaultgrade>9</defaultgrade>\n"
	    "<penalty>0.1</penalty>\n<idnumber>cz-1</idnumber>\n"
	    "</question></quiz>\n", text);

	return parse(a, b, doc);
}

/* Cloze ("Embedded answers"): every gap kind and variant, read as
 * Moodle's qtype_multianswer_extract_question() reads it. */
static void
test_xml_cloze(struct arena *a)
{
	struct q_bank b;
	const struct question *q;
	const struct q_gap *g;

	CHECK(parse_cloze(a, &b, "Capital: {2:SHORTANSWER:=Paris#Right!"
	    "~%50%paris#Case} and {1:NM:=2.5:0.1#ok~%50%2,5~*#any}\n"
	    "{MCV:x}{1:MCV:=x &amp; y~z}{1:MR:=a~=b~c}{1:SAC:=a\\}b\\#c#fb "
	    "\\} x}{1:MULTICHOICE_HS:~%100%att#once~en}{0:SA:~=a}") == 0 &&
	    b.n == 1, "a cloze with every kind imports (%s)", first_error(&b));
	if (b.n != 1)
		return;
	q = &b.q[0];
	CHECK(q->type == Q_CLOZE && q->ngaps == 7,
	    "type cloze with 7 gaps (got %zu)", q->ngaps);
	if (q->ngaps != 7)
		return;
	CHECK_STR(q->text, "Capital: {#1} and {#2}\n{MCV:x}{#3}{#4}{#5}{#6}"
	    "{#7}", "each gap leaves {#N} in the text; a non-gap stays");
	CHECK(test_near(q->default_mark, 7) && test_near(q->penalty, 0.1),
	    "mark is the sum of the gap marks, not <defaultgrade> (%g)",
	    q->default_mark);
	CHECK_STR(q->id, "cz-1", "idnumber");
	g = &q->gaps[0];
	CHECK(g->kind == QG_SHORTANSWER && !g->usecase &&
	    test_near(g->weight, 2) && g->nanswers == 2 &&
	    test_near(g->answers[0].fraction, 1) &&
	    test_near(g->answers[1].fraction, 0.5),
	    "SHORTANSWER gap, weight 2, =answer and %%50%%answer");
	CHECK_STR(g->answers[0].text, "Paris", "short answer text");
	CHECK_STR(g->answers[0].feedback, "Right!", "its feedback");
	g = &q->gaps[1];
	CHECK(g->kind == QG_NUMERICAL && g->nanswers == 3 &&
	    test_near(g->answers[0].value, 2.5) &&
	    test_near(g->answers[0].tolerance, 0.1) &&
	    test_near(g->answers[1].value, 2.5) &&
	    test_near(g->answers[1].fraction, 0.5) &&
	    g->answers[2].text != NULL && strcmp(g->answers[2].text, "*") == 0,
	    "NM gap: value:tolerance, a decimal comma, and * for any");
	g = &q->gaps[2];
	CHECK(g->kind == QG_MULTICHOICE && g->layout == QG_VERTICAL &&
	    !g->shuffle && g->nanswers == 2, "MCV gap: vertical choices");
	CHECK_STR(g->answers[0].text, "x & y", "entities decoded as Moodle");
	g = &q->gaps[3];
	CHECK(g->kind == QG_MULTIRESPONSE && g->nanswers == 3 &&
	    test_near(g->answers[0].fraction, 0.5) &&
	    test_near(g->answers[1].fraction, 0.5) &&
	    test_near(g->answers[2].fraction, -0.5),
	    "MR gap: right answers share 100%%, a wrong one cancels one");
	g = &q->gaps[4];
	CHECK(g->kind == QG_SHORTANSWER && g->usecase && g->nanswers == 1,
	    "SAC gap is case-sensitive");
	CHECK_STR(g->answers[0].text, "a}b#c", "\\} and \\# unescaped");
	CHECK_STR(g->answers[0].feedback, "fb } x", "in feedback too");
	g = &q->gaps[5];
	CHECK(g->kind == QG_MULTICHOICE && g->layout == QG_HORIZONTAL &&
	    g->shuffle && g->nanswers == 2 &&
	    test_near(g->answers[0].fraction, 1),
	    "MULTICHOICE_HS gap: a leading ~ read as Moodle does");
	g = &q->gaps[6];
	CHECK(g->kind == QG_SHORTANSWER && test_near(g->weight, 0) &&
	    g->nanswers == 1 && test_near(g->answers[0].fraction, 1),
	    "{0:SA:~=a}: weight 0, answer a right");

	/* What Moodle refuses or a trainer did not mean: errors with lines */
	CHECK(parse_cloze(a, &b, "No gap here.") < 0 &&
	    qb_has_error(&b, 4, "no gap"), "a cloze with no gap is refused "
	    "(%s)", first_error(&b));
	CHECK(parse_cloze(a, &b, "ok {1:SA:=a}\nbad {1:SA:}") < 0 &&
	    qb_has_error(&b, 5, "{1:SA:}"),
	    "a gap that does not read is refused at its line (%s)",
	    first_error(&b));
	CHECK(parse_cloze(a, &b, "{1:REGEXP:=a}") < 0 &&
	    qb_has_error(&b, 4, "unknown type"),
	    "an unknown gap type is refused (%s)", first_error(&b));
	CHECK(parse_cloze(a, &b, "{1:NM:=abc}") < 0 &&
	    qb_has_error(&b, 4, "\"abc\" is not a number"),
	    "a numerical gap with a word is refused (%s)", first_error(&b));
	CHECK(parse_cloze(a, &b, "{1:MC:=a}") < 0 &&
	    qb_has_error(&b, 4, "at least 2 choices"),
	    "a choice gap with one choice is refused (%s)", first_error(&b));
	CHECK(parse_cloze(a, &b, "{1:SA:%50%a}") < 0 &&
	    qb_has_error(&b, 4, "worth 100%"),
	    "a gap without a full-marks answer is refused (%s)",
	    first_error(&b));
}

/* The real cloze banks of the conformance set import with Moodle's
 * counts. */
static void
test_xml_cloze_files(struct arena *a)
{
	static const struct { const char *file; size_t n, gaps; } f[] = {
		{ "ruseler_cloze.xml", 1, 4 },
		{ "moodle_xml_old_image_tag.xml", 2, 5 },
	};
	const char *dir = test_conformance_dir("xml cloze conformance");
	char path[512], *text;
	struct q_bank b;
	size_t len;

	for (size_t i = 0; dir != NULL && i < 2; i++) {
		snprintf(path, sizeof path, "%s/real-banks/%s", dir, f[i].file);
		if ((text = test_read_file(path, &len)) == NULL) {
			MISSING("xml cloze conformance: %s missing", path);
			continue;
		}
		q_bank_init(&b, a, f[i].file);
		CHECK(bank_xml_parse(&b, text, len) == 0 && b.n == f[i].n &&
		    b.q[0].type == Q_CLOZE && b.q[0].ngaps == f[i].gaps,
		    "%s: %zu questions as Moodle, the cloze with %zu gaps (%s)",
		    f[i].file, f[i].n, f[i].gaps, first_error(&b));
		free(text);
	}
}

/* Moodle's "select missing words" and "ordering": every option read as
 * Moodle reads it, and errors naming the question at its line. */
static const char ordering_doc[] =
"<quiz>\n"							/* 1 */
"  <question type=\"ordering\">\n"				/* 2 */
"    <name><text>Moodle</text></name>\n"
"    <questiontext format=\"html\"><text>Put these words in order."
"</text></questiontext>\n"
"    <idnumber>ord-1</idnumber>\n"				/* 5 */
"    <layouttype>HORIZONTAL</layouttype>\n"
"    <selecttype>CONTIGUOUS</selecttype>\n"
"    <selectcount>3</selectcount>\n"
"    <gradingtype>LONGEST_CONTIGUOUS_SUBSET</gradingtype>\n"
"    <showgrading>HIDE</showgrading>\n"				/* 10 */
"    <numberingstyle>123</numberingstyle>\n"
"    <correctfeedback format=\"html\"><text>Well done!</text>"
"</correctfeedback>\n"
"    <shownumcorrect>0</shownumcorrect>\n"
"    <answer fraction=\"1.0000000\" format=\"html\"><text>Modular</text>"
"<feedback format=\"html\"><text>Modular is first.</text></feedback>"
"</answer>\n"
"    <answer fraction=\"2.0000000\" format=\"html\"><text>Object</text>"
"</answer>\n"							/* 15 */
"    <answer fraction=\"3.0000000\" format=\"html\"><text>Oriented</text>"
"</answer>\n"
"    <answer fraction=\"4.0000000\" format=\"html\"><text></text></answer>\n"
"    <answer fraction=\"5.0000000\" format=\"html\"><text>Dynamic</text>"
"</answer>\n"
"  </question>\n"
"</quiz>\n";

static void
test_xml_gapselect_ordering(struct arena *a)
{
	const char *dir = test_conformance_dir("xml gapselect");
	struct q_bank b, w;
	char path[512], *text;
	const char *doc;
	size_t len;

	q_bank_init(&b, a, "ruseler_gapselect.xml");
	if (dir != NULL) {
		snprintf(path, sizeof path,
		    "%s/real-banks/ruseler_gapselect.xml", dir);
		if ((text = test_read_file(path, &len)) == NULL) {
			MISSING("xml gapselect: %s missing", path);
		} else {
			q_bank_init(&b, a, "ruseler_gapselect.xml");
			q_bank_init(&w, a, "ruseler_gapselect.xml");
			b.warn = &w;
			CHECK(bank_xml_parse(&b, text, len) == 0 && b.n == 1 &&
			    b.q[0].type == Q_GAPSELECT && w.nerr == 0,
			    "Moodle's gapselect export imports, nothing left "
			    "out: %s %s", first_error(&b), w.nerr ?
			    w.err[0].message : "");
			free(text);
		}
		if (b.n == 1 && b.q[0].type == Q_GAPSELECT) {
			const struct question *q = &b.q[0];

			CHECK(q->nchoices == 5 && q->choices[0].group == 6 &&
			    q->choices[1].group == 5 && q->choices[3].group == 3 &&
			    strcmp(q->choices[4].text, "company") == 0,
			    "its 5 choices with their groups");
			/* Moodle's trans_single: only "false", "" and "0"
			 * are false, so "False" shuffles. */
			CHECK(q->shuffle == 1 && q->shownumcorrect == 1 &&
			    q->penalty == 0 && q->nhints == 2 &&
			    q->hints[0].clearwrong &&
			    strstr(q->text, "[[5]]") != NULL &&
			    q->correct_feedback != NULL && q->line == 4,
			    "shuffle, shownumcorrect, penalty, hints and gaps "
			    "as Moodle reads them");
		}
	}

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	CHECK(bank_xml_parse(&b, ordering_doc, strlen(ordering_doc)) == 0 &&
	    b.n == 1 && w.nerr == 0, "an ordering question imports with "
	    "nothing left out: %s %s", first_error(&b), w.nerr ?
	    w.err[0].message : "");
	if (b.n == 1) {
		const struct question *q = &b.q[0];
		const struct q_ordering *o = &q->ordering;

		CHECK(q->type == Q_ORDERING && q->nanswers == 4 &&
		    strcmp(q->answers[0].text, "Modular") == 0 &&
		    strcmp(q->answers[3].text, "Dynamic") == 0 &&
		    strcmp(q->answers[0].feedback, "Modular is first.") == 0,
		    "the items in file order, the blank one dropped");
		CHECK(o->layout == 1 && o->select == QO_SELECT_CONTIGUOUS &&
		    o->count == 3 && o->grading == QO_LONGEST_CONTIGUOUS_SUBSET &&
		    o->showgrading == 0 && o->numbering != NULL &&
		    strcmp(o->numbering, "123") == 0 && q->shownumcorrect == 0,
		    "every ordering option as written");
	}
	/* Moodle's own export fixture: empty options take Moodle's defaults. */
	CHECK(parse(a, &b, "<quiz><question type=\"ordering\"><name><text>M"
	    "</text></name><questiontext><text>Order</text></questiontext>"
	    "<layouttype></layouttype><selecttype></selecttype>"
	    "<selectcount>2</selectcount><gradingtype></gradingtype>"
	    "<showgrading></showgrading><numberingstyle>none</numberingstyle>"
	    "<answer><text>a</text></answer><answer><text>b</text></answer>"
	    "</question></quiz>") == 0 && b.n == 1 &&
	    b.q[0].ordering.select == QO_SELECT_RANDOM &&
	    b.q[0].ordering.grading == QO_RELATIVE_NEXT_EXCLUDE_LAST &&
	    b.q[0].ordering.layout == 0 && b.q[0].ordering.showgrading == 1 &&
	    b.q[0].ordering.numbering == NULL && b.q[0].shownumcorrect == 1,
	    "empty ordering options read as Moodle's defaults: %s",
	    first_error(&b));

	q_bank_init(&b, a, "t.xml");
	q_bank_init(&w, a, "t.xml");
	b.warn = &w;
	doc = "<quiz>\n<question type=\"ordering\"><name><text>M</text></name>"
	    "<questiontext><text>Order</text></questiontext>\n"
	    "<gradingtype>SOMETIMES</gradingtype>\n"
	    "<answer><text>a</text></answer><answer><text>b</text></answer>"
	    "</question>\n<question type=\"gapselect\"><name><text>G</text>"
	    "</name><questiontext><text>A [[1]].</text></questiontext>\n"
	    "<selectoption><text>x</text><group>1</group><colour>red</colour>"
	    "</selectoption>\n</question></quiz>\n";
	CHECK(bank_xml_parse(&b, doc, strlen(doc)) == 0 && b.n == 2 &&
	    b.q[0].ordering.grading == QO_RELATIVE_NEXT_EXCLUDE_LAST &&
	    qb_has_error(&w, 3, "SOMETIMES") && qb_has_error(&w, 6,
	    "<colour>") && w.nerr == 2,
	    "an unknown grading type and an unknown part warned with their "
	    "lines (%zu warnings: %s)", w.nerr, w.nerr ? w.err[0].message :
	    "none");

	/* Files from before <selectoption> and <selecttype>: a gapselect's
	 * choices as <answer>s with the group in the feedback, an ordering's
	 * <logical> and <studentsee>. */
	CHECK(parse(a, &b, "<quiz><question type=\"gapselect\"><name><text>Old"
	    "</text></name><questiontext><text>[[1]] [[2]]</text></questiontext>"
	    "<answer><text>a</text><feedback><text>2</text></feedback></answer>"
	    "<answer><text>b</text><feedback><text>1</text></feedback></answer>"
	    "</question><question type=\"ordering\"><name><text>OldO</text></name>"
	    "<questiontext><text>Order</text></questiontext><logical>CONTIGUOUS"
	    "</logical><studentsee>3</studentsee><answer><text>a</text></answer>"
	    "<answer><text>b</text></answer><answer><text>c</text></answer>"
	    "<answer><text>d</text></answer></question></quiz>") == 0 &&
	    b.n == 2 && b.q[0].nchoices == 2 && b.q[0].choices[0].group == 2 &&
	    b.q[0].choices[1].group == 1 &&
	    b.q[1].ordering.select == QO_SELECT_CONTIGUOUS &&
	    b.q[1].ordering.count == 3, "old gapselect answers and ordering "
	    "logical/studentsee read as Moodle reads them: %s", first_error(&b));

	/* A blank choice is dropped and the gaps after it renumbered, as
	 * Moodle saves the question. */
	CHECK(parse(a, &b, "<quiz><question type=\"gapselect\"><name><text>G"
	    "</text></name><questiontext><text>[[1]] and [[3]]</text>"
	    "</questiontext><selectoption><text>a</text><group>1</group>"
	    "</selectoption><selectoption><text></text><group>1</group>"
	    "</selectoption><selectoption><text>c</text><group>1</group>"
	    "</selectoption></question></quiz>") == 0 && b.n == 1 &&
	    b.q[0].nchoices == 2 && strcmp(b.q[0].text, "[[1]] and [[2]]") == 0,
	    "a blank choice dropped, [[3]] renumbered [[2]]: %s",
	    first_error(&b));
	CHECK(parse(a, &b, "<quiz>\n<question type=\"gapselect\">"
	    "<name><text>Gaps</text></name><questiontext><text>[[1]] and [[7]]"
	    "</text></questiontext><selectoption><text>a</text></selectoption>"
	    "</question>\n<question type=\"gapselect\"><name><text>None</text>"
	    "</name><questiontext><text>No gap</text></questiontext>"
	    "<selectoption><text>a</text></selectoption></question>\n"
	    "<question type=\"ordering\"><name><text>One</text></name>"
	    "<questiontext><text>Order</text></questiontext>"
	    "<answer><text>a</text></answer></question>\n"
	    "<question type=\"gapselect\"><name><text>Grp</text></name>"
	    "<questiontext><text>[[1]]</text></questiontext>\n<selectoption>"
	    "<text>a</text><group>x</group></selectoption></question>\n"
	    "</quiz>") == -1 && b.n == 0 &&
	    qb_has_error(&b, 2, "\"Gaps\": gap [[7]] has no choice 7") &&
	    qb_has_error(&b, 3, "\"None\" has no gap") &&
	    qb_has_error(&b, 4, "\"One\" needs at least 2 items") &&
	    qb_has_error(&b, 6, "\"Grp\": group \"x\""),
	    "a gap with no choice, no gap, one item and a bad group are "
	    "refused by question and line: %s", first_error(&b));
}

void
test_xml(void)
{
	struct arena *a = arena_new();

	test_xml_types(a);
	test_xml_categories(a);
	test_xml_files(a);
	test_xml_units_ignored(a);
	test_xml_gapselect_ordering(a);
	test_xml_best_partial(a);
	test_xml_refused_types(a);
	test_xml_errors(a);
	test_xml_attacks(a);
	test_xml_conformance(a);
	test_xml_cloze(a);
	test_xml_cloze_files(a);
	arena_free(a);
}
