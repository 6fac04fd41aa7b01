/*
 * test_json.c - aicert's JSON question form, both ways: every question
 * type built by hand goes through q_to_json and q_from_json (as the store
 * keeps it) and through bank_export_json and bank_json_parse (as a bank
 * file), and must come back the same with every number exact; and every
 * kind of bad input is refused with a message naming the field, at the
 * line where the question starts.
 */
#include "test.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "arena.h"
#include "bank_export.h"
#include "bank_gift.h"
#include "bank_json.h"
#include "bank_xml.h"
#include "qbuild.h"
#include "question.h"

/* Every type, with every field the JSON form carries; root questions
 * first, as bank_export_json writes them. */
static void
build_bank(struct q_bank *b)
{
	struct question *q;
	struct q_answer *a;
	struct q_pair *p;

	q = qb_add(b, Q_DESCRIPTION, NULL, "請先閱讀個人資料保護法。");
	q->lang = qb_str(b, "zh-TW");
	q->default_mark = 0;

	q = qb_add(b, Q_MULTICHOICE, "AI at work/Privacy",
	    "<p>A clerk wants to paste a customer list into a chatbot.</p>");
	q->format = q->general_feedback_format = QF_HTML;
	q->id = qb_str(b, "privacy-01");
	q->title = qb_str(b, "Customer data \"in\" a chatbot");
	q->lang = qb_str(b, "en");
	q->general_feedback = qb_str(b, "The law applies.");
	q->general_feedback_format = QF_PLAIN;
	q_add_tag(b, q, qb_str(b, "privacy"));
	q_add_tag(b, q, qb_str(b, "medium"));
	q->difficulty = 2;
	q->shuffle = 0;
	q->default_mark = 2.5;
	a = qb_answer(b, q, "Remove the personal data", 1, "Right.");
	a->feedback_format = QF_MARKDOWN;
	a = qb_answer(b, q, "Paste it", 0, NULL);
	a->format = QF_PLAIN;
	qb_file(b, q, "logo.png", "image/png", "\x89PNG\r\n\x1a\n\0\1", 10);
	qb_file(b, q, "b.gif", "image/gif", "GIF89a\x01\x00\x01\x00", 10);

	q = qb_add(b, Q_MULTICHOICE, "AI at work/Privacy",
	    "Pick all that apply");
	q->single = 0;
	q->difficulty = 3;
	qb_answer(b, q, "one", 0.5, NULL);
	qb_answer(b, q, "two", 0.5, "<b>half</b>");
	qb_answer(b, q, "three", -1.0 / 3, NULL);
	qb_answer(b, q, "four", -0.1, NULL);

	q = qb_add(b, Q_TRUEFALSE, "AI at work/Ethics", "AI can be biased.");
	q->id = qb_str(b, "tf-1");
	qb_answer(b, q, "true", 1, "Right, it can.");
	qb_answer(b, q, "false", 0, "It can.");

	q = qb_add(b, Q_TRUEFALSE, "AI at work/Ethics",
	    "A chatbot is always right.");
	q->format = QF_MARKDOWN;
	qb_answer(b, q, "true", 0, NULL);
	qb_answer(b, q, "false", 1, "Never *assume* so.");

	q = qb_add(b, Q_SHORTANSWER, "AI at work/Ethics",
	    "The capital of Taiwan?");
	q->usecase = 1;
	q->default_mark = 1.0 / 3;
	qb_answer(b, q, "Taipei", 1, "Yes");
	qb_answer(b, q, "taipei city", 0.9, NULL);

	q = qb_add(b, Q_NUMERICAL, "AI at work/Ethics", "Avogadro, roughly?");
	q->general_feedback = qb_str(b, "6.022 × 10²³");
	qb_number_answer(b, q, 6.02214076e23, 1e21, 1, NULL);
	qb_number_answer(b, q, -0.1, 0.3, 0.5, "close");
	qb_number_answer(b, q, 1e-300, 5e-324, 0.1, NULL);
	qb_number_answer(b, q, 0.1 + 0.2, 0, 1.0 / 7, NULL);
	qb_answer(b, q, "*", 0, "No");

	q = qb_add(b, Q_MATCHING, "AI at work/Ethics", "Match the capitals.");
	q->shuffle = 0;
	qb_pair(b, q, "Canada", "Ottawa");
	p = qb_pair(b, q, "<i>Italy</i>", "Rome");
	p->format = QF_HTML;
	qb_pair(b, q, "", "Tokyo");

	q = qb_add(b, Q_ESSAY, "AI at work/Ethics", "Describe one risk of AI.");
	q->general_feedback = qb_str(b, "Look for data leaks.");
	q->default_mark = 10;
}

/* 1 if every number of x and y is the same double; what names the first
 * that is not. */
static int
same_numbers(const struct question *x, const struct question *y,
    const char **what)
{
	*what = "default mark";
	if (x->default_mark != y->default_mark && x->type != Q_DESCRIPTION)
		return 0;
	for (size_t i = 0; i < x->nanswers && i < y->nanswers; i++) {
		const struct q_answer *a = &x->answers[i], *b = &y->answers[i];

		*what = "fraction";
		if (a->fraction != b->fraction)
			return 0;
		*what = "value or tolerance";
		if (a->value != b->value || a->tolerance != b->tolerance)
			return 0;
	}
	return 1;
}

/* Compares question i of b with r's, exactly for numbers. */
static void
check_same(const char *what, const struct q_bank *b, size_t i,
    const struct q_bank *r, size_t k)
{
	char why[300];
	const char *num;

	CHECK(q_equal(&b->q[i], &r->q[k], why, sizeof why),
	    "%s: question %zu (%s) differs: %s", what, i + 1,
	    q_type_name(b->q[i].type), why);
	CHECK(same_numbers(&b->q[i], &r->q[k], &num),
	    "%s: question %zu: a %s does not read back as the same double",
	    what, i + 1, num);
}

static void
check_no_errors(const char *what, const struct q_bank *r)
{
	for (size_t i = 0; i < r->nerr; i++)
		CHECK(0, "%s: line %d: %s", what, r->err[i].line,
		    r->err[i].message);
}

/* q_to_json -> q_from_json, and through the text the store would keep. */
static void
test_question_trip(const struct q_bank *b)
{
	struct arena *a = arena_new();
	struct q_bank r, s;

	q_bank_init(&r, a, "objects");
	q_bank_init(&s, a, "stored");
	for (size_t i = 0; i < b->n; i++) {
		json_t *o = q_to_json(&b->q[i]), *back;
		char *text;

		CHECK(o != NULL, "q_to_json refuses question %zu", i + 1);
		if (o == NULL)
			continue;
		CHECK(q_from_json(&r, o, 7) == 0 && r.n == i + 1,
		    "q_from_json refuses question %zu", i + 1);
		text = json_dumps(o, JSON_COMPACT |
		    JSON_REAL_PRECISION(q_json_precision(o)));
		back = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
		CHECK(back != NULL && q_from_json(&s, back, 0) == 0,
		    "a stored question does not read back: %s", text);
		free(text);
		json_decref(back);
		json_decref(o);
	}
	check_no_errors("q_from_json", &r);
	check_no_errors("q_from_json of stored text", &s);
	for (size_t i = 0; i < r.n && i < b->n; i++) {
		check_same("q_to_json/q_from_json", b, i, &r, i);
		CHECK(r.q[i].line == 7, "q_from_json sets the line it is given");
	}
	for (size_t i = 0; i < s.n && i < b->n; i++)
		check_same("stored text", b, i, &s, i);
	arena_free(a);
}

/* bank_export_json -> bank_json_parse: the same questions, in order
 * (b holds its root questions first, as the export writes them). */
static void
bank_trip(const char *what, const struct q_bank *b)
{
	struct arena *a = arena_new();
	struct q_bank r;
	char *out = qb_export(bank_export_json, b);

	CHECK(out != NULL, "%s: JSON export failed", what);
	if (out == NULL) {
		arena_free(a);
		return;
	}
	q_bank_init(&r, a, what);
	CHECK(bank_json_parse(&r, out, strlen(out)) == 0,
	    "%s: bank_json_parse refuses bank_export_json's output", what);
	check_no_errors(what, &r);
	CHECK(r.n == b->n, "%s: read back %zu questions, wrote %zu", what,
	    r.n, b->n);
	for (size_t i = 0; i < r.n && i < b->n; i++)
		check_same(what, b, i, &r, i);
	CHECK(r.n == 0 || r.q[0].line == 3, "%s: the first question starts "
	    "on line 3, not %d", what, r.n > 0 ? r.q[0].line : 0);
	for (size_t i = 1; i < r.n; i++)
		CHECK(r.q[i].line > r.q[i - 1].line, "%s: question %zu starts "
		    "at line %d, after question %zu at line %d", what, i + 1,
		    r.q[i].line, i, r.q[i - 1].line);
	free(out);
	arena_free(a);
}

static void
test_bank_trip(const struct q_bank *b)
{
	char *out = qb_export(bank_export_json, b);

	CHECK(out != NULL && strstr(out, "\"fraction\": 0.5,") != NULL &&
	    strstr(out, "\"default_mark\": 2.5,") != NULL,
	    "the exported file keeps short numbers short");
	free(out);
	bank_trip("bank_export_json/bank_json_parse", b);
}

/* Root questions first, as every exporter writes them. */
static void
root_first(struct q_bank *b)
{
	struct question *q = arena_alloc(b->arena, (b->n + 1) * sizeof *q);
	size_t k = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < b->n; i++)
			if ((b->q[i].category == NULL ||
			    *b->q[i].category == '\0') == (pass == 0))
				q[k++] = b->q[i];
	memcpy(b->q, q, b->n * sizeof *q);
}

/* Whatever our parsers read from Moodle's samples, the store can keep. */
static void
test_conformance(void)
{
	static const char *const files[] = {
		"moodle/gift/examples.txt",
		"moodle/gift/questions.gift.txt",
		"moodle/gift/questions_in_category.gift.txt",
		"moodle/xml/nested_categories.xml",
	};
	const char *dir = test_conformance_dir("JSON conformance");

	if (dir == NULL)
		return;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		int (*parse_fn)(struct q_bank *, const char *, size_t) =
		    strstr(files[i], ".xml") != NULL ? bank_xml_parse :
		    bank_gift_parse;
		struct arena *a;
		struct q_bank b;
		char path[512], *data;
		size_t len;

		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if ((data = test_read_file(path, &len)) == NULL) {
			CHECK(0, "cannot read %s", path);
			continue;
		}
		a = arena_new();
		q_bank_init(&b, a, path);
		CHECK(parse_fn(&b, data, len) == 0 && b.n > 0,
		    "%s does not parse", path);
		root_first(&b);
		bank_trip(files[i], &b);
		free(data);
		arena_free(a);
	}
}

/* What cannot be written as JSON is refused, not dropped. */
static void
test_refusals(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *q;
	json_t *o;

	q_bank_init(&b, a, "refusals");
	q = qb_add(&b, Q_ESSAY, NULL, "bad \xff byte");
	CHECK(q_to_json(q) == NULL, "q_to_json refuses text that is not UTF-8");
	q = qb_add(&b, Q_SHORTANSWER, NULL, "fine");
	qb_answer(&b, q, "x", NAN, NULL);
	CHECK(q_to_json(q) == NULL, "q_to_json refuses a NaN fraction");
	q->answers[0].fraction = 1;
	q->default_mark = INFINITY;
	CHECK(q_to_json(q) == NULL, "q_to_json refuses an infinite mark");
	q->default_mark = 1;
	o = q_to_json(q);
	CHECK(o != NULL && q_json_precision(o) == 1,
	    "whole numbers need no digits");
	json_decref(o);
	q->answers[0].fraction = 1.0 / 3;
	o = q_to_json(q);
	CHECK(o != NULL && q_json_precision(o) >= 16,
	    "1/3 needs all its digits, not %d", q_json_precision(o));
	json_decref(o);
	arena_free(a);
}

/* One bad question object and a piece of the message it must produce. */
static const struct {
	const char *json;
	const char *message;
} bad_questions[] = {
	{ "[]", "question: must be an object" },
	{ "{\"text\": \"x\"}", "question: \"type\" is missing" },
	{ "{\"type\": \"calculated\", \"text\": \"x\"}",
	    "\"type\" must be \"multichoice\", \"truefalse\"" },
	{ "{\"type\": 3, \"text\": \"x\"}", "\"type\" must be" },
	{ "{\"type\": \"essay\"}", "\"text\" is missing" },
	{ "{\"type\": \"essay\", \"text\": 5}", "\"text\" must be a string" },
	{ "{\"id\": 7, \"type\": \"essay\", \"text\": \"x\"}",
	    "question: \"id\" must be a string" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"fraciton\": 1}",
	    "unknown field \"fraciton\"" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"format\": \"rtf\"}",
	    "\"format\" must be \"moodle\", \"html\", \"plain\" or "
	    "\"markdown\"" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"general_feedback\": \"y\","
	    " \"general_feedback_format\": \"word\"}",
	    "\"general_feedback_format\" must be" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"difficulty\": \"trivial\"}",
	    "\"difficulty\" must be \"easy\", \"medium\" or \"hard\"" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"tags\": \"a\"}",
	    "\"tags\" must be an array of strings" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"tags\": [\"a\", 1]}",
	    "\"tags\" must be a string" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"tags\": [\"\"]}",
	    "\"tags\" must not hold an empty tag" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"default_mark\": -1}",
	    "\"default_mark\" must be a number >= 0" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"default_mark\": \"1\"}",
	    "\"default_mark\" must be a number >= 0" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"single\": \"yes\","
	    " \"answers\": [{\"text\": \"a\", \"fraction\": 1},"
	    " {\"text\": \"b\"}]}", "\"single\" must be true or false" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"answers\": []}",
	    "\"answers\" is not used by essay questions" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"pairs\": [],"
	    " \"answers\": [{\"text\": \"a\", \"fraction\": 1},"
	    " {\"text\": \"b\"}]}", "\"pairs\" is not used by multichoice" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\"}",
	    "\"answers\" is missing" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\", \"answers\": {}}",
	    "\"answers\" must be an array" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\", \"answers\": [1]}",
	    "answer 1: must be an object" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"\", \"fraction\": 1}]}",
	    "answer 1: \"text\" must not be empty" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\", \"answers\": []}",
	    "a shortanswer question needs at least one answer" },
	{ "{\"type\": \"shortanswer\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 0}]}",
	    "no answer has a positive \"fraction\"" },
	{ "{\"id\": \"privacy-01\", \"type\": \"multichoice\", \"text\": \"x\","
	    " \"answers\": [{\"text\": \"a\", \"fraction\": 1},"
	    " {\"text\": \"b\", \"fraction\": 1.5}]}",
	    "question \"privacy-01\": answer 2: \"fraction\" must be a number "
	    "between -1 and 1" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1}, {\"text\": \"b\","
	    " \"fraction\": -2}]}", "answer 2: \"fraction\" must be a number "
	    "between -1 and 1" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": \"1\"}, {\"text\": \"b\"}]}",
	    "answer 1: \"fraction\" must be a number between -1 and 1" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1}]}",
	    "a multichoice question needs at least 2 answers" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": -0.5}, {\"text\": \"b\"}]}",
	    "no answer has a positive \"fraction\"" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1, \"format\": \"word\"},"
	    " {\"text\": \"b\"}]}", "answer 1: \"format\" must be" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1, \"feedback\": \"f\","
	    " \"feedback_format\": 0}, {\"text\": \"b\"}]}",
	    "answer 1: \"feedback_format\" must be" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1, \"feedback\": []},"
	    " {\"text\": \"b\"}]}", "answer 1: \"feedback\" must be a string" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1, \"value\": 3},"
	    " {\"text\": \"b\"}]}",
	    "answer 1: \"value\" and \"tolerance\" are only for numerical" },
	{ "{\"type\": \"multichoice\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\", \"fraction\": 1, \"weight\": 3},"
	    " {\"text\": \"b\"}]}", "answer 1: unknown field \"weight\"" },
	{ "{\"type\": \"truefalse\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"yes\", \"fraction\": 1},"
	    " {\"text\": \"no\", \"fraction\": 0}]}",
	    "a truefalse question needs exactly two answers, \"true\" and "
	    "\"false\"" },
	{ "{\"type\": \"truefalse\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"true\", \"fraction\": 1}]}",
	    "a truefalse question needs exactly two answers" },
	{ "{\"type\": \"truefalse\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"true\", \"fraction\": 1},"
	    " {\"text\": \"true\", \"fraction\": 0}]}",
	    "a truefalse question needs exactly two answers" },
	{ "{\"type\": \"truefalse\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"true\", \"fraction\": 1},"
	    " {\"text\": \"false\", \"fraction\": 1}]}",
	    "the right one with \"fraction\" 1 and the other 0" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 3, \"tolerance\": -1, \"fraction\": 1}]}",
	    "answer 1: \"tolerance\" must be a number >= 0" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"tolerance\": 1, \"fraction\": 1}]}",
	    "answer 1: \"value\" is missing" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": \"3\", \"fraction\": 1}]}",
	    "answer 1: \"value\" must be a number" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"3\", \"fraction\": 1}]}",
	    "answer 1: \"text\" of a numerical answer can only be \"*\"" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 3, \"fraction\": 1}, {\"text\": \"*\", \"value\": 1}]}",
	    "answer 2: the \"*\" answer has no \"value\"" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 3, \"fraction\": 0}]}",
	    "no answer has a positive \"fraction\"" },
	{ "{\"type\": \"matching\", \"text\": \"x\"}", "\"pairs\" is missing" },
	{ "{\"type\": \"matching\", \"text\": \"x\", \"pairs\":"
	    " [{\"sub\": \"a\", \"answer\": \"1\"}, {\"sub\": \"\","
	    " \"answer\": \"2\"}]}",
	    "a matching question needs at least 2 pairs with a non-empty "
	    "\"sub\"" },
	{ "{\"type\": \"matching\", \"text\": \"x\", \"pairs\":"
	    " [{\"sub\": \"a\", \"answer\": \"1\"}, {\"sub\": \"b\","
	    " \"answer\": \"\"}]}", "pair 2: \"answer\" must not be empty" },
	{ "{\"type\": \"matching\", \"text\": \"x\", \"pairs\":"
	    " [{\"sub\": \"a\", \"answer\": \"1\"}, {\"answer\": \"2\"}]}",
	    "pair 2: \"sub\" is missing" },
	{ "{\"type\": \"matching\", \"text\": \"x\", \"pairs\":"
	    " [{\"sub\": \"a\", \"answer\": \"1\", \"format\": \"pdf\"},"
	    " {\"sub\": \"b\", \"answer\": \"2\"}]}",
	    "pair 1: \"format\" must be" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"a.png\", \"data\": \"iVBORw0KGgo*\"}]}",
	    "file 1: \"data\" is not valid base64" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"a.png\", \"data\": \"PGh0bWw+\"}]}",
	    "file 1: \"data\" is not a PNG, JPEG, GIF or WebP image" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"../a.png\", \"data\": \"iVBORw0KGgo=\"}]}",
	    "file 1: \"name\" must be a plain file name" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"a.png\", \"mime\": \"text/html\", \"data\": \"iVBORw0KGgo=\"}]}",
	    "file 1: \"mime\" is \"text/html\" but the data is image/png" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"a.png\", \"data\": \"iVBORw0KGgo=\"}, {\"name\": \"a.png\","
	    " \"data\": \"iVBORw0KGgo=\"}]}",
	    "file 2: another file is also called \"a.png\"" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"files\": [{\"name\":"
	    " \"a.png\"}]}", "file 1: \"data\" is missing" },
	{ "{\"type\": \"gapselect\", \"text\": \"[[1]] [[3]]\", \"choices\":"
	    " [{\"text\": \"a\", \"group\": 1}, {\"text\": \"b\", \"group\": 1}]}",
	    "gap [[3]] has no choice 3" },
	{ "{\"type\": \"gapselect\", \"text\": \"no gap\", \"choices\":"
	    " [{\"text\": \"a\"}]}", "needs a gap [[1]]" },
	{ "{\"type\": \"gapselect\", \"text\": \"[[1]]\"}",
	    "\"choices\" is missing" },
	{ "{\"type\": \"gapselect\", \"text\": \"[[1]]\", \"choices\":"
	    " [{\"text\": \"a\", \"group\": 1.5}]}",
	    "choice 1: \"group\" must be a whole number" },
	{ "{\"type\": \"ordering\", \"text\": \"x\", \"answers\":"
	    " [{\"text\": \"a\"}]}", "needs at least 2 \"answers\"" },
	{ "{\"type\": \"ordering\", \"text\": \"x\", \"ordering\":"
	    " {\"grading\": \"RELATIVE\"}, \"answers\": [{\"text\": \"a\"},"
	    " {\"text\": \"b\"}]}", "\"ordering\" \"grading\" is not one" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"choices\": []}",
	    "\"choices\" is not used" },
	{ "{\"type\": \"essay\", \"text\": \"x\", \"units\": []}",
	    "\"units\" is not used by essay questions" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 1, \"fraction\": 1}], \"units\": [{\"name\": \"m\","
	    " \"multiplier\": 0}]}", "unit 1: \"multiplier\" must be a number > 0" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 1, \"fraction\": 1}], \"units\": [{\"name\": \"m\"},"
	    " {\"name\": \"m\"}]}", "unit 2: unit \"m\" is named twice" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 1, \"fraction\": 1}], \"units\": [{\"multiplier\": 2}]}",
	    "unit 1: \"name\" is missing" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 1, \"fraction\": 1}], \"show_units\": \"list\"}",
	    "\"show_units\" must be one of" },
	{ "{\"type\": \"numerical\", \"text\": \"x\", \"answers\":"
	    " [{\"value\": 1, \"fraction\": 1}], \"unit_penalty\": 1.5}",
	    "\"unit_penalty\" must be a number from 0 to 1" },
};

/* Every message of b joined, for a failure report. */
static const char *
messages(const struct q_bank *b)
{
	const char *all = "";

	for (size_t i = 0; i < b->nerr; i++)
		all = arena_printf(b->arena, "%s[%d: %s] ", all,
		    b->err[i].line, b->err[i].message);
	return all;
}

static int
has_message(const struct q_bank *b, const char *want)
{
	for (size_t i = 0; i < b->nerr; i++)
		if (strstr(b->err[i].message, want) != NULL)
			return 1;
	return 0;
}

static void
test_bad_questions(void)
{
	for (size_t i = 0; i < sizeof bad_questions / sizeof *bad_questions;
	    i++) {
		struct arena *a = arena_new();
		struct q_bank b;
		json_error_t e;
		json_t *o = json_loads(bad_questions[i].json, 0, &e);
		int rc;

		CHECK(o != NULL, "test case %zu is not JSON: %s", i, e.text);
		q_bank_init(&b, a, "bad");
		rc = q_from_json(&b, o, 4);
		CHECK(rc == -1 && b.n == 0 && b.nerr > 0 && b.err[0].line == 4,
		    "%s is refused at its line", bad_questions[i].json);
		CHECK(has_message(&b, bad_questions[i].message),
		    "%s: want \"%s\", got %s", bad_questions[i].json,
		    bad_questions[i].message, messages(&b));
		json_decref(o);
		arena_free(a);
	}
}

/* Fields set to null are as absent; a NUL inside a string is refused. */
static void
test_nulls(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	json_t *o;

	q_bank_init(&b, a, "nulls");
	o = json_loads("{\"id\": null, \"type\": \"essay\", \"text\": \"x\","
	    " \"format\": null, \"tags\": null}", 0, NULL);
	CHECK(q_from_json(&b, o, 1) == 0 && b.n == 1 && b.q[0].id == NULL &&
	    b.q[0].format == QF_MOODLE && b.q[0].default_mark == 1,
	    "null fields take their defaults: %s", messages(&b));
	json_decref(o);
	o = json_loads("{\"type\": \"essay\", \"text\": \"a\\u0000b\"}",
	    JSON_ALLOW_NUL, NULL);
	CHECK(q_from_json(&b, o, 1) == -1 && b.n == 1 &&
	    has_message(&b, "\"text\" must not contain a NUL character"),
	    "a NUL in a text is refused: %s", messages(&b));
	json_decref(o);
	arena_free(a);
}

/* Parses text into a fresh bank; returns its rc. */
static int
parse(struct q_bank *b, struct arena *a, const char *text)
{
	return qb_parse(b, a, "test.json", bank_json_parse, text);
}

static void
test_documents(void)
{
	struct arena *a = arena_new();
	struct q_bank b;

	CHECK(parse(&b, a, "{\"questions\": [\n  {\"type\": \"essay\",\n"
	    "   \"text\": }\n]}") == -1 && b.nerr == 1 && b.err[0].line == 3 &&
	    strncmp(b.err[0].message, "malformed JSON: ", 16) == 0,
	    "a syntax error is reported at jansson's line: %s", messages(&b));
	CHECK(parse(&b, a, "{\"questions\": [{\"type\": \"essay\", \"text\": "
	    "\"x\", \"text\": \"y\"}]}") == -1 && has_message(&b, "duplicate"),
	    "duplicate keys are refused: %s", messages(&b));
	CHECK(parse(&b, a, "[]") == -1 && has_message(&b, "a bank is a JSON "
	    "object"), "a bare array is refused: %s", messages(&b));
	CHECK(parse(&b, a, "{}") == -1 && has_message(&b, "\"questions\" is "
	    "missing"), "a file without questions is refused: %s",
	    messages(&b));
	CHECK(parse(&b, a, "{\"questions\": {}}") == -1 && has_message(&b,
	    "\"questions\" must be an array"), "questions must be an array");
	CHECK(parse(&b, a, "{\"bank\": \"x\", \"questions\": []}") == -1 &&
	    has_message(&b, "unknown field \"bank\""),
	    "an unknown top-level field is refused: %s", messages(&b));
	CHECK(parse(&b, a, "{\"questions\": []}") == 0 && b.n == 0,
	    "an empty bank reads as no questions");
	CHECK(parse(&b, a, "{\"questions\": \"x\"") == -1 && b.nerr == 1,
	    "a truncated file is one error");

	/* Errors point at the line where each question starts, even with
	 * tricky strings and other keys before "questions" at top level. */
	CHECK(parse(&b, a,
	    "{\"x\": [{\"q\": \"]}\\\"\"}, -2.5e3, true, null],\n"
	    "\"questi\\u006fns\": [\n"
	    "  {\"type\": \"essay\", \"text\": \"fine {[\\\"]}\",\n"
	    "   \"tags\": [\"a\", \"b\"], \"default_mark\": 1.5e0},\n"
	    "  {\"id\": \"mc-2\", \"type\": \"multichoice\", \"text\": \"x\",\n"
	    "   \"answers\": [{\"text\": \"a\", \"fraction\": 1}]},\n"
	    "  {\"type\": \"calculated\",\n"
	    "   \"text\": \"x\"},\n"
	    "  {\"type\": \"essay\", \"text\": \"fine\"}\n"
	    "]}\n") == -1 && b.n == 2 && b.nerr == 3,
	    "good questions are kept, bad ones reported: %s", messages(&b));
	CHECK(b.nerr == 3 && b.err[0].line == 0 &&
	    strcmp(b.err[0].message, "unknown field \"x\": a bank is "
	    "{\"questions\": [...]}") == 0,
	    "an unknown top-level field is reported for the file: %s",
	    messages(&b));
	CHECK(b.nerr == 3 && b.err[1].line == 5 &&
	    strcmp(b.err[1].message, "question \"mc-2\": a multichoice question "
	    "needs at least 2 answers") == 0,
	    "an error names the question by id at its line: %s", messages(&b));
	CHECK(b.nerr == 3 && b.err[2].line == 7 &&
	    strstr(b.err[2].message, "question 3: \"type\" must be") ==
	    b.err[2].message,
	    "a question without id is named by its place: %s", messages(&b));
	CHECK(b.n == 2 && b.q[0].line == 3 && b.q[1].line == 9 &&
	    b.q[0].default_mark == 1.5 && b.q[0].ntags == 2,
	    "questions read keep their lines");
	arena_free(a);
}

void
test_json(void)
{
	struct arena *a = arena_new();
	struct q_bank b;

	q_bank_init(&b, a, "built by hand");
	build_bank(&b);
	test_question_trip(&b);
	test_bank_trip(&b);
	test_conformance();
	test_refusals();
	test_bad_questions();
	test_nulls();
	test_documents();
	arena_free(a);
}
