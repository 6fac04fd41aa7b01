/*
 * test_export.c - bank export: builds a question of every type by hand,
 * writes it as GIFT, Moodle XML and JSON, checks the exact text a trainer
 * or Moodle would read, and reads GIFT and XML back through our parsers
 * to check that the same questions come back. The builders are qbuild's.
 */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bank_export.h"
#include "bank_gift.h"
#include "bank_json.h"
#include "bank_xml.h"
#include "cloze.h"
#include "qbuild.h"
#include "question.h"

#define CHECK_HAS(out, snippet, what) \
	CHECK((out) != NULL && strstr((out), (snippet)) != NULL, \
	    "%s: output lacks \"%s\"", (what), (snippet))

#define CHECK_LACKS(out, snippet, what) \
	CHECK((out) != NULL && strstr((out), (snippet)) == NULL, \
	    "%s: output has \"%s\"", (what), (snippet))

/* Every type, with every field GIFT can carry; root questions first, as
 * the exporters write them. */
static void
build_bank(struct q_bank *b)
{
	struct question *q;

	q = qb_add(b, Q_DESCRIPTION, NULL,
	    "The next questions are about AI at work.");
	q->default_mark = 0;

	q = qb_add(b, Q_MULTICHOICE, "AI/Basics",
	    "Which is 1+1=2? Use a ~tilde, #hash, {braces}, back\\slash and a "
	    "colon: here\nline two");
	q->id = qb_str(b, "mc-1");
	q->title = qb_str(b, "Key: {x}");
	q_add_tag(b, q, qb_str(b, "privacy"));
	q->difficulty = 1;
	q->general_feedback = qb_str(b, "Because.");
	qb_answer(b, q, "right", 1.0, "Yes!");
	qb_answer(b, q, "wrong", 0, "No");
	qb_answer(b, q, "half", 0.5, NULL);

	q = qb_add(b, Q_MULTICHOICE, "AI/Basics", "<p>Pick <b>two</b></p>");
	q->format = q->general_feedback_format = QF_HTML;
	q->single = 0;
	q->difficulty = 3;
	qb_answer(b, q, "<i>one</i>", 0.5, "<p>half</p>");
	qb_answer(b, q, "two", 0.5, NULL);
	qb_answer(b, q, "three", -0.3333333, NULL);
	qb_answer(b, q, "four", -1.0 / 3, NULL);

	q = qb_add(b, Q_TRUEFALSE, "AI/Ethics", "AI can be biased.");
	q->id = qb_str(b, "tf-1");
	qb_answer(b, q, "true", 1, "Right, it can.");
	qb_answer(b, q, "false", 0, "It can.");

	q = qb_add(b, Q_TRUEFALSE, "AI/Ethics", "A chatbot is always right.");
	qb_answer(b, q, "true", 0, NULL);
	qb_answer(b, q, "false", 1, "Never assume so.");

	q = qb_add(b, Q_SHORTANSWER, "AI/Ethics", "The capital of Taiwan?");
	qb_answer(b, q, "Taipei", 1, "Yes");
	qb_answer(b, q, "taipei city", 0.5, NULL);

	q = qb_add(b, Q_NUMERICAL, "AI/Ethics", "When was Grant born?");
	q->general_feedback = qb_str(b, "In Ohio.");
	qb_number_answer(b, q, 1822, 0, 1, NULL);
	qb_number_answer(b, q, 1822, 2, 0.5, "close");
	qb_answer(b, q, "*", 0, "No");

	q = qb_add(b, Q_NUMERICAL, "AI/Ethics", "Pi to 3 places?");
	qb_number_answer(b, q, 3.14159, 0.0005, 1, "Good");

	q = qb_add(b, Q_NUMERICAL, "AI/Ethics", "Avogadro, roughly?");
	qb_number_answer(b, q, 6.02214076e23, 1e21, 1, NULL);
	qb_number_answer(b, q, -0.1, 0.3, 0.5, NULL);

	q = qb_add(b, Q_MATCHING, "AI/Ethics", "Match the capitals.");
	qb_pair(b, q, "Canada", "Ottawa");
	qb_pair(b, q, "Italy", "Rome");
	qb_pair(b, q, "", "Tokyo");

	q = qb_add(b, Q_ESSAY, "AI/Ethics", "Describe one risk of AI at work.");
	q->general_feedback = qb_str(b, "Look for data leaks.");

	q = qb_add(b, Q_MULTICHOICE, "AI/Ethics",
	    "Grant is _____ in Grant's tomb.");
	q->title = qb_str(b, "Missing word");
	qb_answer(b, q, "buried", 0, NULL);
	qb_answer(b, q, "entombed", 1, NULL);
	qb_answer(b, q, "living", 0, NULL);

	q = qb_add(b, Q_MULTICHOICE, "AI/Ethics", "[x] marks the spot?");
	qb_answer(b, q, "[html] is a tag", 1, NULL);
	qb_answer(b, q, "%50% is half", 0, NULL);
}

static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)) != NULL; s++)
		n++;
	return n;
}

static void
test_gift_text(const struct q_bank *b)
{
	char *out = qb_export(bank_export_gift, b);

	CHECK(out != NULL, "GIFT export failed");
	if (out == NULL)
		return;
	CHECK(strncmp(out, "The next questions are about AI at work.\n\n",
	    42) == 0, "a root description comes first, before any category");
	CHECK_HAS(out, "$CATEGORY: AI/Basics\n\n// [id:mc-1] [tag:privacy] "
	    "[tag:easy]\n::Key\\: \\{x\\}::Which is 1+1\\=2? Use a \\~tilde, "
	    "\\#hash, \\{braces\\}, back\\\\slash and a colon\\: here\\nline "
	    "two{\n\t=right#Yes!\n\t~wrong#No\n\t~%50%half\n\t####Because.\n}\n",
	    "GIFT multichoice");
	CHECK_HAS(out, "// [tag:hard]\n[html]<p>Pick <b>two</b></p>{\n"
	    "\t~%50%<i>one</i>#<p>half</p>\n\t~%50%two\n\t~%-33.33333%three\n"
	    "\t~%-33.3333333", "GIFT multiple response with html prefix");
	CHECK_LACKS(out, "\t=two", "GIFT multiple response never uses '='");
	CHECK_HAS(out, "$CATEGORY: AI/Ethics\n\n// [id:tf-1]\n"
	    "AI can be biased.{TRUE#It can.#Right, it can.}\n",
	    "GIFT true/false with both feedbacks");
	CHECK_HAS(out, "A chatbot is always right.{FALSE##Never assume so.}\n",
	    "GIFT false with only the right feedback");
	CHECK_HAS(out, "{\n\t=%100%Taipei#Yes\n\t=%50%taipei city\n}",
	    "GIFT short answer");
	CHECK_HAS(out, "When was Grant born?{#\n\t=%100%1822:0\n"
	    "\t=%50%1822:2#close\n\t~#No\n\t####In Ohio.\n}",
	    "GIFT numerical, weighted, with any-other-answer feedback");
	CHECK_HAS(out, "Pi to 3 places?{#3.14159:0.0005#Good}",
	    "GIFT numerical, one answer");
	CHECK_HAS(out, "\t=%100%6.02214076e+23:1e+21\n\t=%50%-0.1:0.3\n",
	    "GIFT numbers print shortest");
	CHECK_HAS(out, "Match the capitals.{\n\t=Canada -> Ottawa\n"
	    "\t=Italy -> Rome\n\t= -> Tokyo\n}", "GIFT matching");
	CHECK_HAS(out, "Describe one risk of AI at work.{####Look for data "
	    "leaks.}", "GIFT essay");
	CHECK_HAS(out, "::Missing word::Grant is {\n\t~buried\n\t=entombed\n"
	    "\t~living\n} in Grant's tomb.\n\n", "GIFT missing word");
	CHECK_HAS(out, "[moodle][x] marks the spot?{\n\t=[moodle][html] is a "
	    "tag\n\t~%0%%50% is half\n}", "GIFT text that looks like syntax");
	CHECK(count(out, "$CATEGORY: ") == 2,
	    "a category line is written once per change, not %d times",
	    count(out, "$CATEGORY: "));
	free(out);
}

static void
test_gift_edges(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *q;
	char *out;

	q_bank_init(&b, a, "edges");
	q = qb_add(&b, Q_MULTICHOICE, "A", "Both right?");
	qb_answer(&b, q, "yes", 1, NULL);
	qb_answer(&b, q, "also yes", 1, NULL);
	q = qb_add(&b, Q_DESCRIPTION, NULL, "// not a comment");
	q = qb_add(&b, Q_ESSAY, "A",
	    "_____ is a blank at the start of an essay.");
	q = qb_add(&b, Q_SHORTANSWER, "A", "Ends in a blank: _____");
	qb_answer(&b, q, "x", 1, NULL);
	out = qb_export(bank_export_gift, &b);
	CHECK_HAS(out, "[moodle]// not a comment\n\n$CATEGORY: A\n\n",
	    "root questions move before the first category; a stem starting "
	    "with // is not a comment");
	CHECK_HAS(out, "{\n\t=yes\n\t~%100%also yes\n}",
	    "an all-right single choice keeps a '~' so Moodle sees choices");
	CHECK_HAS(out, "{} is a blank at the start of an essay.",
	    "missing word at the start");
	CHECK_HAS(out, "Ends in a blank\\: _____{\n\t=%100%x\n}",
	    "a blank at the very end stays in the stem");
	free(out);
	arena_free(a);
}

static void
test_xml_text(const struct q_bank *b)
{
	struct arena *a = arena_new();
	struct q_bank c;
	struct question *q;
	char *out = qb_export(bank_export_xml, b);

	CHECK(out != NULL, "XML export failed");
	if (out == NULL) {
		arena_free(a);
		return;
	}
	CHECK(strncmp(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n",
	    46) == 0, "XML starts with the declaration and <quiz>");
	CHECK_HAS(out, "</quiz>\n", "XML ends with </quiz>");
	CHECK_HAS(out, "  <question type=\"category\">\n    <category>\n"
	    "      <text>AI/Basics</text>\n    </category>\n",
	    "XML category question");
	CHECK_HAS(out, "  <question type=\"multichoice\">\n    <name>\n"
	    "      <text>Key: {x}</text>\n    </name>\n"
	    "    <questiontext format=\"moodle_auto_format\">\n"
	    "      <text>Which is 1+1=2? Use a ~tilde, #hash, {braces}, "
	    "back\\slash and a colon: here\nline two</text>\n",
	    "XML name and question text");
	CHECK_HAS(out, "<defaultgrade>1</defaultgrade>", "XML default grade");
	CHECK_HAS(out, "<idnumber>mc-1</idnumber>", "XML idnumber");
	CHECK_HAS(out, "    <single>true</single>\n"
	    "    <shuffleanswers>true</shuffleanswers>\n", "XML single");
	CHECK_HAS(out, "    <answer fraction=\"100\" format=\"moodle_auto_format\">\n"
	    "      <text>right</text>\n"
	    "      <feedback format=\"moodle_auto_format\">\n"
	    "        <text>Yes!</text>\n      </feedback>\n    </answer>\n",
	    "XML answer");
	CHECK_HAS(out, "<tags>\n      <tag><text>privacy</text></tag>\n"
	    "      <tag><text>easy</text></tag>\n    </tags>",
	    "XML tags with the difficulty");
	CHECK_HAS(out, "<questiontext format=\"html\">\n"
	    "      <text><![CDATA[<p>Pick <b>two</b></p>]]></text>",
	    "XML html text in CDATA");
	CHECK_HAS(out, "<single>false</single>", "XML multiple response");
	CHECK_HAS(out, "<answer fraction=\"-33.33333\" format=\"html\">",
	    "XML negative fraction in percent");
	CHECK_HAS(out, "<answer fraction=\"0\" format=\"moodle_auto_format\">\n"
	    "      <text>false</text>", "XML true/false answer");
	CHECK_HAS(out, "<usecase>0</usecase>", "XML usecase");
	CHECK_HAS(out, "      <text>1822</text>\n"
	    "      <feedback format=\"moodle_auto_format\">\n"
	    "        <text>close</text>\n      </feedback>\n"
	    "      <tolerance>2</tolerance>", "XML numerical tolerance");
	CHECK_HAS(out, "<text>*</text>", "XML numerical any-other-answer");
	CHECK_HAS(out, "  <question type=\"matching\">", "XML matching type");
	CHECK_HAS(out, "    <subquestion format=\"moodle_auto_format\">\n"
	    "      <text></text>\n      <answer>\n        <text>Tokyo</text>\n"
	    "      </answer>\n    </subquestion>\n", "XML matching distractor");
	CHECK_HAS(out, "<responseformat>editor</responseformat>", "XML essay");
	CHECK_HAS(out, "<text>Grant is _____ in Grant's tomb.</text>",
	    "XML keeps the blank in the stem");
	free(out);

	/* CDATA splitting, escaping, lang and files */
	q_bank_init(&c, a, "xml");
	q = qb_add(&c, Q_DESCRIPTION, NULL,
	    "See <img src=\"@@PLUGINFILE@@/a.png\"> ]]> end");
	q->format = QF_HTML;
	q->lang = qb_str(&c, "zh-TW");
	q->id = qb_str(&c, "a&b");
	q->general_feedback = qb_str(&c, "x\r\ny");
	qb_file(&c, q, "a.png", "image/png", "\x89PNG\r\n\x1a\n", 8);
	out = qb_export(bank_export_xml, &c);
	CHECK_HAS(out, "<text><![CDATA[See <img src=\"@@PLUGINFILE@@/a.png\"> "
	    "]]]]><![CDATA[> end]]></text>\n      <file name=\"a.png\" "
	    "path=\"/\" encoding=\"base64\">iVBORw0KGgo=</file>\n"
	    "    </questiontext>", "XML splits ]]> and embeds the file");
	CHECK_HAS(out, "<idnumber>a&amp;b</idnumber>", "XML escapes the id");
	CHECK_HAS(out, "<lang>zh-TW</lang>", "XML lang");
	CHECK_HAS(out, "<text>x&#13;\ny</text>", "XML keeps a carriage return");
	free(out);
	arena_free(a);
}

static void
test_json_export(const struct q_bank *b)
{
	char *out = qb_export(bank_export_json, b);
	json_error_t err;
	json_t *root, *qs, *q;

	CHECK(out != NULL, "JSON export failed");
	if (out == NULL)
		return;
	root = json_loads(out, 0, &err);
	CHECK(root != NULL, "JSON export is not JSON: %s", err.text);
	qs = json_object_get(root, "questions");
	CHECK(json_array_size(qs) == b->n, "JSON has %zu questions, want %zu",
	    json_array_size(qs), b->n);
	q = json_array_get(qs, 1);
	CHECK_STR(json_string_value(json_object_get(q, "id")), "mc-1", "JSON id");
	CHECK_STR(json_string_value(json_object_get(q, "type")), "multichoice",
	    "JSON type");
	CHECK_STR(json_string_value(json_object_get(q, "difficulty")), "easy",
	    "JSON difficulty");
	CHECK(json_is_true(json_object_get(q, "single")), "JSON single");
	CHECK(json_object_get(q, "usecase") == NULL,
	    "JSON leaves out usecase for multichoice");
	CHECK(json_object_get(q, "pairs") == NULL,
	    "JSON leaves out pairs for multichoice");
	CHECK(json_number_value(json_object_get(json_array_get(
	    json_object_get(q, "answers"), 2), "fraction")) == 0.5,
	    "JSON fraction");
	q = json_array_get(qs, 2);
	CHECK(json_number_value(json_object_get(json_array_get(
	    json_object_get(q, "answers"), 3), "fraction")) == -1.0 / 3,
	    "JSON fractions read back exactly");
	q = json_array_get(qs, 6);
	CHECK(json_number_value(json_object_get(json_array_get(
	    json_object_get(q, "answers"), 1), "tolerance")) == 2,
	    "JSON tolerance");
	CHECK(json_object_get(json_array_get(json_object_get(q, "answers"), 0),
	    "text") == NULL, "JSON numerical answers have no text");
	q = json_array_get(qs, 9);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(q, "pairs"), 2), "answer")), "Tokyo", "JSON pairs");
	json_decref(root);
	CHECK_HAS(out, "\"fraction\": 0.5", "JSON prints short numbers");
	CHECK_HAS(out, "\"text\": \"Which is 1+1=2?", "JSON is pretty");
	free(out);
}

static void
test_json_utf8(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	char *out;

	q_bank_init(&b, a, "utf8");
	qb_add(&b, Q_ESSAY, NULL, "請說明個人資料保護法");
	out = qb_export(bank_export_json, &b);
	CHECK_HAS(out, "\"text\": \"請說明個人資料保護法\"",
	    "JSON keeps UTF-8 unescaped");
	free(out);
	qb_add(&b, Q_ESSAY, NULL, "bad \xff byte");
	out = qb_export(bank_export_json, &b);
	CHECK(out == NULL, "JSON export refuses text that is not UTF-8");
	free(out);
	arena_free(a);
}

static void
test_q_equal(const struct q_bank *b)
{
	struct question x = b->q[1], y = b->q[1];
	struct q_answer ans[3];
	char why[200];

	CHECK(q_equal(&x, &y, why, sizeof why), "a question equals itself");
	memcpy(ans, x.answers, sizeof ans);
	ans[2].fraction = 0.5000001;
	y.answers = ans;
	CHECK(q_equal(&x, &y, why, sizeof why),
	    "fractions within 1e-6 are equal");
	ans[2].fraction = 0.6;
	CHECK(!q_equal(&x, &y, why, sizeof why) &&
	    strstr(why, "answer 3 fraction") != NULL,
	    "q_equal names the answer whose fraction differs: %s", why);
	y = x;
	y.title = "Other";
	CHECK(!q_equal(&x, &y, why, sizeof why) &&
	    strcmp(why, "title: \"Key: {x}\" vs \"Other\"") == 0,
	    "q_equal names the title: %s", why);
}

/* Reads out back with parse and compares every question with b's. */
static void
round_trip(const char *what, const struct q_bank *b, const char *out,
    int (*parse)(struct q_bank *, const char *, size_t))
{
	struct arena *a = arena_new();
	struct q_bank r;
	char why[300];

	q_bank_init(&r, a, what);
	parse(&r, out, strlen(out));
	for (size_t i = 0; i < r.nerr; i++)
		CHECK(0, "%s: line %d: %s", what, r.err[i].line,
		    r.err[i].message);
	CHECK(r.n == b->n, "%s: read back %zu questions, wrote %zu", what,
	    r.n, b->n);
	for (size_t i = 0; i < r.n && i < b->n; i++)
		CHECK(q_equal(&b->q[i], &r.q[i], why, sizeof why),
		    "%s: question %zu (%s) differs: %s", what, i + 1,
		    q_type_name(b->q[i].type), why);
	arena_free(a);
}

static void
test_round_trips(const struct q_bank *b)
{
	char *out;

	out = qb_export(bank_export_gift, b);
	round_trip("GIFT round trip", b, out, bank_gift_parse);
	free(out);
	out = qb_export(bank_export_xml, b);
	round_trip("XML round trip", b, out, bank_xml_parse);
	free(out);
	{
		struct arena *a = arena_new();
		struct q_bank c;
		struct question *q;

		q_bank_init(&c, a, "files");
		q = qb_add(&c, Q_MULTICHOICE, "Images", "Which logo?");
		qb_answer(&c, q, "this", 1,
		    "<img src=\"@@PLUGINFILE@@/b.gif\">");
		qb_answer(&c, q, "that", 0, NULL);
		qb_file(&c, q, "b.gif", "image/gif", "GIF89a\x01\x00\x01\x00",
		    10);
		qb_file(&c, q, "c.png", "image/png", "\x89PNG\r\n\x1a\n.", 9);
		out = qb_export(bank_export_xml, &c);
		CHECK_HAS(out, "<text><![CDATA[<img src=\"@@PLUGINFILE@@/b.gif\">"
		    "]]></text>\n        <file name=\"b.gif\"", "XML puts a file "
		    "in the feedback that shows it");
		round_trip("XML round trip with files", &c, out, bank_xml_parse);
		free(out);
		arena_free(a);
	}
}

/* Penalty, hints, combined feedback and answer numbering: Moodle XML and
 * JSON (and so the store) keep them; GIFT has no place for them. */
static void
test_round_trip_moodle_fields(void)
{
	struct arena *a = arena_new();
	struct q_bank c;
	struct question *q;
	struct q_hint *h;
	char *out;

	q_bank_init(&c, a, "moodle fields");
	q = qb_add(&c, Q_MULTICHOICE, "Fields", "Pick the safe one.");
	q->penalty = 0.1;
	q->numbering = qb_str(&c, "none");
	q->correct_feedback = qb_str(&c, "Well done.");
	q->partial_feedback = qb_str(&c, "<p>Partly.</p>");
	q->partial_feedback_format = QF_HTML;
	q->incorrect_feedback = qb_str(&c, "Not quite.");
	h = q_add_hint(&c, q);
	h->text = qb_str(&c, "Think of privacy.");
	h->shownumcorrect = 1;
	h = q_add_hint(&c, q);
	h->text = qb_str(&c, "Read it again.");
	h->clearwrong = 1;
	qb_answer(&c, q, "this", 1, NULL);
	qb_answer(&c, q, "that", 0, NULL);
	q = qb_add(&c, Q_SHORTANSWER, "Fields", "Say AI.");
	q->penalty = 0;
	qb_answer(&c, q, "AI", 1, NULL);

	out = qb_export(bank_export_xml, &c);
	CHECK_HAS(out, "<answernumbering>none</answernumbering>",
	    "XML keeps numbering none");
	CHECK_HAS(out, "<penalty>0.1</penalty>", "XML writes the penalty");
	CHECK_HAS(out, "<shownumcorrect/>", "XML writes hint options");
	round_trip("XML round trip of Moodle fields", &c, out, bank_xml_parse);
	free(out);
	out = qb_export(bank_export_json, &c);
	CHECK_HAS(out, "\"numbering\": \"none\"", "JSON keeps numbering none");
	round_trip("JSON round trip of Moodle fields", &c, out,
	    bank_json_parse);
	free(out);
	{
		struct question x = c.q[0], y = c.q[0];
		char why[300];

		y.numbering = NULL;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "numbering") != NULL,
		    "q_equal tells none from abc: %s", why);
		y = x;
		y.nhints = 1;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "hints") != NULL, "q_equal counts hints: %s",
		    why);
		y = x;
		y.penalty = Q_PENALTY_DEFAULT;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "penalty") != NULL, "q_equal compares the "
		    "penalty: %s", why);
	}
	arena_free(a);
}

/* Numerical units and their options: Moodle XML writes them as Moodle's
 * exporter, JSON (the store) keeps them, q_equal tells each apart; GIFT
 * writes the number and says, in a comment and a warning, what it lost. */
static void
test_round_trip_units(void)
{
	struct arena *a = arena_new();
	struct q_bank c, w;
	struct question *q;
	struct q_unit *u;
	char *out;

	q_bank_init(&c, a, "units");
	q = qb_add(&c, Q_NUMERICAL, "Units", "Gravity?");
	qb_number_answer(&c, q, 9.8, 0.1, 1, NULL);
	u = q_add_unit(&c, q);
	u->name = qb_str(&c, "m/s2");
	u->multiplier = 1;
	u = q_add_unit(&c, q);
	u->name = qb_str(&c, "cm/s<2>");
	u->multiplier = 100;
	q->unit_grading = QU_GRADE_QUESTION;
	q->unit_penalty = 0.25;
	q->show_units = QU_SHOW_SELECT;
	q->units_left = 1;
	q = qb_add(&c, Q_NUMERICAL, "Units", "2+2?");
	qb_number_answer(&c, q, 4, 0, 1, NULL);

	out = qb_export(bank_export_xml, &c);
	CHECK_HAS(out, "<units>\n      <unit>\n        <multiplier>1</multiplier>"
	    "\n        <unit_name>m/s2</unit_name>", "XML writes the units");
	CHECK_HAS(out, "<unit_name>cm/s&lt;2&gt;</unit_name>",
	    "XML escapes a unit name");
	CHECK_HAS(out, "<unitgradingtype>2</unitgradingtype>\n"
	    "    <unitpenalty>0.25</unitpenalty>\n    <showunits>2</showunits>\n"
	    "    <unitsleft>1</unitsleft>", "XML writes the unit options");
	round_trip("XML round trip of units", &c, out, bank_xml_parse);
	free(out);
	out = qb_export(bank_export_json, &c);
	CHECK_HAS(out, "\"unit_grading\": \"question\"", "JSON names the grading");
	CHECK_HAS(out, "\"show_units\": \"select\"", "JSON names the display");
	round_trip("JSON round trip of units", &c, out, bank_json_parse);
	CHECK(strstr(strstr(out, "2+2?"), "units") == NULL,
	    "no unit fields for a question without units");
	free(out);

	q_bank_init(&w, a, "units");
	c.warn = &w;
	out = qb_export(bank_export_gift, &c);
	c.warn = NULL;
	CHECK_HAS(out, "// units lost, GIFT has none: m/s2 (x1) cm/s<2> (x100)\n"
	    "Gravity?{#9.8:0.1}", "GIFT writes the number, saying in a comment "
	    "which units it lost");
	CHECK(w.nerr == 1 && strstr(w.err[0].message, "m/s2, cm/s<2>") != NULL,
	    "one warning for the question whose units GIFT lost (%zu)", w.nerr);
	free(out);
	{
		struct question x = c.q[0], y = c.q[0];
		struct q_unit us[2];
		char why[300];

		y.nunits = 1;
		CHECK(!q_equal(&x, &y, why, sizeof why) && strstr(why, "units"),
		    "q_equal counts units: %s", why);
		memcpy(us, x.units, sizeof us);
		us[1].multiplier = 10;
		y = x;
		y.units = us;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "multiplier"), "q_equal compares multipliers: %s",
		    why);
		y = x;
		y.unit_penalty = 0.1;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "unit options"), "q_equal compares the unit "
		    "penalty: %s", why);
		y = x;
		y.units_left = 0;
		CHECK(!q_equal(&x, &y, why, sizeof why), "q_equal compares the "
		    "unit side");
		x = c.q[1], y = c.q[1];
		y.unit_grading = QU_GRADE_RESPONSE;
		CHECK(q_equal(&x, &y, why, sizeof why), "without units the "
		    "options change nothing: %s", why);
	}
	arena_free(a);
}

/* Moodle's own sample files: read, write, read again, same questions. */
static void
test_conformance(void)
{
	static const char *const gift[] = {
		"moodle/gift/examples.txt",
		"moodle/gift/questions.gift.txt",
		"moodle/gift/questions_in_category.gift.txt",
	};
	const char *dir = test_conformance_dir("export conformance");
	char path[512], what[600];

	if (dir == NULL)
		return;
	for (size_t i = 0; i < sizeof gift / sizeof *gift; i++) {
		struct arena *a = arena_new();
		struct q_bank b;
		size_t len;
		char *data, *out;

		snprintf(path, sizeof path, "%s/%s", dir, gift[i]);
		data = test_read_file(path, &len);
		CHECK(data != NULL, "cannot read %s", path);
		if (data == NULL) {
			arena_free(a);
			continue;
		}
		q_bank_init(&b, a, path);
		CHECK(bank_gift_parse(&b, data, len) == 0 && b.n > 0,
		    "%s does not parse", path);
		out = qb_export(bank_export_gift, &b);
		snprintf(what, sizeof what, "%s via GIFT", gift[i]);
		round_trip(what, &b, out, bank_gift_parse);
		free(out);
		out = qb_export(bank_export_xml, &b);
		snprintf(what, sizeof what, "%s via XML", gift[i]);
		round_trip(what, &b, out, bank_xml_parse);
		free(out);
		free(data);
		arena_free(a);
	}
	{
		struct arena *a = arena_new();
		struct q_bank b;
		size_t len;
		char *data, *out;

		snprintf(path, sizeof path, "%s/moodle/xml/nested_categories.xml",
		    dir);
		data = test_read_file(path, &len);
		CHECK(data != NULL, "cannot read %s", path);
		q_bank_init(&b, a, path);
		if (data != NULL) {
			CHECK(bank_xml_parse(&b, data, len) == 0 && b.n > 0,
			    "%s does not parse", path);
			out = qb_export(bank_export_xml, &b);
			round_trip("nested_categories.xml via XML", &b, out,
			    bank_xml_parse);
			free(out);
		}
		free(data);
		arena_free(a);
	}
}

/* A cloze written as Moodle XML and as bank JSON (how the store keeps
 * it) reads back as the same question; a changed gap is a difference. */
static void
test_cloze_round_trips(void)
{
	static const char doc[] = "<quiz><question type=\"cloze\">"
	    "<name><text>cz</text></name><questiontext format=\"html\"><text>"
	    "<![CDATA[<p>A {2:SA:=Paris#Right~%50%pa&#126;ris} "
	    "B {1:NM:=2.5:0.1#ok~%50%3~*#any} C {1:MCVS:=x &amp;amp; y~z\\}}"
	    " D {1:MRH:=a#r~=b~c} E {1:SAC:=a\\#b} F {1:MR:%50%p~q}"
	    " G {3:SA:=&#61;x~%50%50&#37; a&amp;~=b\\~}</p>]]></text>"
	    "</questiontext><generalfeedback><text>G</text></generalfeedback>"
	    "<penalty>0.2</penalty><tags><tag><text>t</text></tag></tags>"
	    "</question></quiz>";
	struct arena *a = arena_new();
	struct q_bank b, r;
	char why[200], *out;
	struct question y;

	CHECK(qb_parse(&b, a, "c.xml", bank_xml_parse, doc) == 0 && b.n == 1,
	    "the cloze reads (%s)", b.nerr ? b.err[0].message : "");
	if (b.n != 1) {
		arena_free(a);
		return;
	}
	out = qb_export(bank_export_xml, &b);
	CHECK(out != NULL && strstr(out, "{2:SHORTANSWER:=Paris#Right~"
	    "%50%pa&#126;ris}") != NULL && strstr(out, "MULTICHOICE_VS") &&
	    strstr(out, "{1:SHORTANSWER_C:=a\\#b}"),
	    "Moodle XML holds the gaps in embedded syntax: %s",
	    out ? out : "");
	CHECK(out != NULL && qb_parse(&r, a, "r.xml", bank_xml_parse, out) ==
	    0 && r.n == 1 && q_equal(&b.q[0], &r.q[0], why, sizeof why),
	    "the cloze comes back the same from Moodle XML (%s)", why);
	free(out);
	out = qb_export(bank_export_json, &b);
	CHECK(out != NULL && qb_parse(&r, a, "r.json", bank_json_parse, out) ==
	    0 && r.n == 1 && q_equal(&b.q[0], &r.q[0], why, sizeof why),
	    "the cloze comes back the same from bank JSON (%s)", why);
	free(out);
	y = b.q[0];
	y.gaps = arena_alloc(a, y.ngaps * sizeof *y.gaps);
	memcpy(y.gaps, b.q[0].gaps, y.ngaps * sizeof *y.gaps);
	y.gaps[2].shuffle = 0;
	CHECK(!q_equal(&b.q[0], &y, why, sizeof why) && strstr(why, "gap 3"),
	    "q_equal sees a gap that is no longer shuffled: %s", why);
	y.gaps[2].shuffle = 1;
	y.gaps[0].weight = 3;
	CHECK(!q_equal(&b.q[0], &y, why, sizeof why) && strstr(why, "gap 1"),
	    "q_equal sees a gap's new weight: %s", why);
	q_bank_init(&r, a, "cz");
	b.warn = &r;
	out = qb_export(bank_export_gift, &b);
	CHECK(out != NULL && strstr(out, "cz") == NULL &&
	    !bank_export_gift_can(&b.q[0]) && r.nerr == 1 &&
	    strstr(r.err[0].message, "cloze question") != NULL &&
	    strstr(r.err[0].message, "cannot be written in GIFT") != NULL,
	    "GIFT leaves out a cloze with 7 gaps, with a warning as for a "
	    "gapselect (%zu): %s", r.nerr, out ? out : "");
	b.warn = NULL;
	free(out);
	CHECK(qb_parse(&b, a, "one.xml", bank_xml_parse, "<quiz><question "
	    "type=\"cloze\"><name><text>one</text></name><questiontext>"
	    "<text>Capital {1:SA:=Paris~%50%paris} city</text></questiontext>"
	    "</question></quiz>") == 0 && b.n == 1, "a one-gap cloze reads");
	out = qb_export(bank_export_gift, &b);
	CHECK(out != NULL && qb_parse(&r, a, "r.gift", bank_gift_parse, out) ==
	    0 && r.n == 1 && r.q[0].type == Q_SHORTANSWER &&
	    r.q[0].nanswers == 2 && strstr(r.q[0].text, "_____") != NULL,
	    "a one-gap cloze goes to GIFT as a missing-word question: %s",
	    out ? out : "");
	free(out);
	arena_free(a);
}

/* An answer or a feedback that ends in a newline and is the last of its
 * gap: Moodle keeps the newline when the text has another one before the
 * } (its $ matches only before a final newline), so the written gap must
 * not leave that newline last, or Moodle and aicert read it without. */
static void
test_cloze_trailing_newline(void)
{
	static const struct {
		const char *text, *kept;
		int feedback;
	} cases[] = {
		{ "A {1:SA:=a~%50%b\n\n} z", "b\n", 0 },
		{ "A {1:SA:=a#fine\n\n} z", "fine\n", 1 },
	};
	struct arena *a = arena_new();

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct q_bank b, c;
		struct question *q, *r;
		const struct q_answer *an;
		char why[200] = "";

		q_bank_init(&b, a, "nl");
		q = q_bank_add(&b);
		q->type = Q_CLOZE;
		q->text = arena_strdup(a, cases[i].text);
		if (q_cloze_extract(&b, q, 1) != 0 || q->ngaps != 1) {
			CHECK(0, "%s reads", cases[i].text);
			continue;
		}
		an = &q->gaps[0].answers[q->gaps[0].nanswers - 1];
		CHECK(strcmp(cases[i].feedback ? (an->feedback ? an->feedback :
		    "") : (an->text ? an->text : ""), cases[i].kept) == 0,
		    "the last answer of %s keeps its newline, as in Moodle",
		    cases[i].text);
		q_bank_init(&c, a, "nl again");
		r = q_bank_add(&c);
		r->type = Q_CLOZE;
		r->text = q_cloze_source(a, q);
		CHECK(q_cloze_extract(&c, r, 1) == 0 &&
		    q_equal(q, r, why, sizeof why),
		    "a final newline comes back from the written gap (%s): %s",
		    why, q_cloze_source(a, q));
	}
	arena_free(a);
}

/* A multiple response gap with a blank choice that has a grade: Moodle
 * counts its grade in the total the right answers are scaled by, then
 * drops the blank choice, so the rest add up to less than 100% and no
 * written gap reads back so (Moodle scales again). It is refused; a
 * blank choice without a grade is still dropped, and round-trips. */
/* A multiple response gap's percentages are scaled to add up to 100%, so
 * a typo such as %5111...% made the others 1e-64, which no Cloze text can
 * write back (libFuzzer's input is in tests/fuzz/regress/cloze/). A
 * percentage past 100 is refused in every kind of gap, before scaling. */
static void
test_cloze_fraction_range(void)
{
	static const char *const refused[] = {
		"A {1:MR:=a~%5000%b~c} z", "A {1:MC:=a~%150%b} z", "A {1:SA:%-101%x~=y} z",
	};
	struct arena *a = arena_new();

	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct q_bank b;
		struct question *q;

		q_bank_init(&b, a, "range");
		q = q_bank_add(&b);
		q->type = Q_CLOZE;
		q->text = arena_strdup(a, refused[i]);
		CHECK(q_cloze_extract(&b, q, 1) != 0 && b.nerr >= 1 &&
		    strstr(b.err[0].message, "between -100% and 100%") != NULL,
		    "%s is refused: a percentage past 100 (%s)", refused[i],
		    b.nerr > 0 ? b.err[0].message : "read");
	}
	arena_free(a);
}

static void
test_cloze_mr_blank_right(void)
{
	static const struct {
		const char *text;
		int refused;
	} cases[] = {
		{ "A {1:MR:%50%a~%50%b~= } z", 1 },
		{ "A {1:MR:=a~=b~%50% ~c} z", 1 },
		{ "A {1:MRS:=a~=b~c~ } z", 0 },
		{ "A {1:MR:%50%a~%50%b~%-50% } z", 0 },
	};
	struct arena *a = arena_new();

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct q_bank b, c;
		struct question *q, *r;
		char why[200] = "";
		int rc;

		q_bank_init(&b, a, "mr");
		q = q_bank_add(&b);
		q->type = Q_CLOZE;
		q->text = arena_strdup(a, cases[i].text);
		rc = q_cloze_extract(&b, q, 1);
		if (cases[i].refused) {
			CHECK(rc != 0 && b.nerr == 1 &&
			    strstr(b.err[0].message, "has no text") != NULL,
			    "%s is refused: a blank right choice (%zu): %s",
			    cases[i].text, b.nerr,
			    b.nerr > 0 ? b.err[0].message : "");
			continue;
		}
		if (rc != 0 || q->ngaps != 1 || q->gaps[0].nanswers != 3 -
		    (i == 3)) {
			CHECK(0, "%s reads without its blank choice",
			    cases[i].text);
			continue;
		}
		q_bank_init(&c, a, "mr again");
		r = q_bank_add(&c);
		r->type = Q_CLOZE;
		r->text = q_cloze_source(a, q);
		CHECK(q_cloze_extract(&c, r, 1) == 0 &&
		    q_equal(q, r, why, sizeof why),
		    "%s comes back from the written gap (%s): %s",
		    cases[i].text, why, r->text);
	}
	arena_free(a);
}

/* A gapselect and an ordering question with every option set away from
 * its default, built by hand into c. */
static void
build_gapord(struct q_bank *c)
{
	struct question *q;
	struct q_answer *ans;

	q = qb_add(c, Q_GAPSELECT, "Words", "<p>AI [[1]] text; it can [[2]]."
	    "</p>");
	q->format = QF_HTML;
	q->title = qb_str(c, "Gaps");
	q->shuffle = 0;
	q->shownumcorrect = 1;
	q->correct_feedback = qb_str(c, "All right.");
	*q_add_gapchoice(c, q) = (struct q_gapchoice){ qb_str(c, "generates"), 1 };
	*q_add_gapchoice(c, q) = (struct q_gapchoice){ qb_str(c, "be wrong"), 2 };
	*q_add_gapchoice(c, q) = (struct q_gapchoice){ qb_str(c, "deletes"), 1 };
	*q_add_gapchoice(c, q) = (struct q_gapchoice){ qb_str(c, "<b>x</b> & y"), 2 };

	q = qb_add(c, Q_ORDERING, "Words", "Order the steps of a prompt.");
	q->title = qb_str(c, "Steps");
	q->ordering.layout = 1;
	q->ordering.select = QO_SELECT_RANDOM;
	q->ordering.count = 3;
	q->ordering.grading = QO_RELATIVE_ALL_PREVIOUS_AND_NEXT;
	q->ordering.showgrading = 0;
	q->ordering.numbering = qb_str(c, "iii");
	q->shownumcorrect = 1;
	qb_answer(c, q, "Say the goal", 0, "First.");
	qb_answer(c, q, "Give context", 0, NULL);
	ans = qb_answer(c, q, "Show an example", 0, NULL);
	ans->format = QF_PLAIN;
	qb_answer(c, q, "Check the answer", 0, NULL);
}

/* Gapselect and ordering keep every option through Moodle XML and JSON
 * (and so the store); GIFT leaves them out, saying so. */
static void
test_gapord_export(void)
{
	struct arena *a = arena_new();
	struct q_bank c, w, r;
	char *out, why[300];
	json_t *o;

	q_bank_init(&c, a, "gapord");
	build_gapord(&c);
	out = qb_export(bank_export_xml, &c);
	CHECK_HAS(out, "<question type=\"gapselect\">", "XML gapselect type");
	CHECK_HAS(out, "    <selectoption>\n      <text>generates</text>\n"
	    "      <group>1</group>\n    </selectoption>",
	    "XML selectoption as Moodle writes it");
	CHECK_HAS(out, "<shuffleanswers>0</shuffleanswers>", "XML gapselect "
	    "shuffle as Moodle's 0/1");
	CHECK_HAS(out, "<layouttype>HORIZONTAL</layouttype>\n"
	    "    <selecttype>RANDOM</selecttype>\n"
	    "    <selectcount>3</selectcount>\n"
	    "    <gradingtype>RELATIVE_ALL_PREVIOUS_AND_NEXT</gradingtype>\n"
	    "    <showgrading>HIDE</showgrading>\n"
	    "    <numberingstyle>iii</numberingstyle>\n"
	    "    <shownumcorrect>1</shownumcorrect>\n"
	    "    <answer fraction=\"1.0000000\" format=\"moodle_auto_format\">",
	    "XML ordering options and items as Moodle writes them");
	round_trip("gapselect/ordering via XML", &c, out, bank_xml_parse);
	free(out);
	out = qb_export(bank_export_json, &c);
	round_trip("gapselect/ordering via JSON", &c, out, bank_json_parse);
	free(out);
	for (size_t i = 0; i < c.n; i++) {
		o = q_to_json(&c.q[i]);
		q_bank_init(&r, a, "store");
		CHECK(o != NULL && q_from_json(&r, o, 1) == 0 && r.n == 1 &&
		    q_equal(&c.q[i], &r.q[0], why, sizeof why),
		    "%s kept as a stored version: %s", q_type_name(c.q[i].type),
		    r.nerr ? r.err[0].message : why);
		json_decref(o);
	}
	{
		struct question x = c.q[1], y = c.q[1];
		struct q_gapchoice ch[4];

		y.ordering.grading = QO_ABSOLUTE_POSITION;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "ordering options") != NULL,
		    "a changed grading type is a new version: %s", why);
		x = y = c.q[0];
		memcpy(ch, x.choices, sizeof ch);
		ch[2].group = 2;
		y.choices = ch;
		CHECK(!q_equal(&x, &y, why, sizeof why) &&
		    strstr(why, "choice 3 group") != NULL,
		    "a changed group is a new version: %s", why);
	}
	q_bank_init(&w, a, "gapord");
	c.warn = &w;
	out = qb_export(bank_export_gift, &c);
	CHECK(out != NULL && strstr(out, "Gaps") == NULL &&
	    strstr(out, "Steps") == NULL && w.nerr == 2 &&
	    strstr(w.err[0].message, "gapselect question \"Gaps\" cannot be "
	    "written in GIFT") != NULL && strstr(w.err[1].message,
	    "ordering question \"Steps\"") != NULL,
	    "GIFT leaves both out, naming each (%zu warnings)", w.nerr);
	free(out);
	arena_free(a);
}

void
test_export(void)
{
	struct arena *a = arena_new();
	struct q_bank b;

	q_bank_init(&b, a, "built by hand");
	build_bank(&b);
	test_gift_text(&b);
	test_gift_edges();
	test_xml_text(&b);
	test_json_export(&b);
	test_json_utf8();
	test_q_equal(&b);
	test_round_trips(&b);
	test_round_trip_moodle_fields();
	test_round_trip_units();
	test_conformance();
	test_cloze_round_trips();
	test_cloze_trailing_newline();
	test_cloze_mr_blank_right();
	test_cloze_fraction_range();
	test_gapord_export();
	arena_free(a);
}
