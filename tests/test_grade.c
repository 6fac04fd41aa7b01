/*
 * test_grade.c - grading tables: every question type scored as Moodle
 * scores it (with aicert's short-answer folding on top), then the
 * section and exam totals and their pass/fail rules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank_gift.h"
#include "cloze.h"
#include "bank_xml.h"
#include "form.h"
#include "grade.h"
#include "test.h"

/* Questions are built into one bank per run; a builder returns a question
 * that stays valid until the arena is freed. */
typedef struct question *(*builder)(struct q_bank *);

static struct question *
new_question(struct q_bank *b, enum q_type type)
{
	struct question *q = q_bank_add(b);

	q->type = type;
	return q;
}

static void
answer(struct q_bank *b, struct question *q, const char *text,
    double fraction)
{
	struct q_answer *ans = q_add_answer(b, q);

	ans->text = arena_strdup(b->arena, text);
	ans->fraction = fraction;
}

static void
number(struct q_bank *b, struct question *q, double value, double tol,
    double fraction)
{
	struct q_answer *ans = q_add_answer(b, q);

	ans->value = value;
	ans->tolerance = tol;
	ans->fraction = fraction;
}

static void
pair(struct q_bank *b, struct question *q, const char *sub, const char *ans)
{
	struct q_pair *p = q_add_pair(b, q);

	p->sub = arena_strdup(b->arena, sub);
	p->answer = arena_strdup(b->arena, ans);
}

/* GIFT {=A ~%50%B ~C ~%-50%D}: Moodle lets a single choice carry a
 * negative fraction. */
static struct question *
mc_single(struct q_bank *b)
{
	struct question *q = new_question(b, Q_MULTICHOICE);

	answer(b, q, "A", 1);
	answer(b, q, "B", 0.5);
	answer(b, q, "C", 0);
	answer(b, q, "D", -0.5);
	return q;
}

/* {~%50%A ~%50%B ~%-50%C ~%-50%D}: two right of four. */
static struct question *
mc_multi(struct q_bank *b)
{
	struct question *q = new_question(b, Q_MULTICHOICE);

	q->single = 0;
	answer(b, q, "A", 0.5);
	answer(b, q, "B", 0.5);
	answer(b, q, "C", -0.5);
	answer(b, q, "D", -0.5);
	return q;
}

/* Right fractions summing past 1, and a -100% trap. */
static struct question *
mc_multi_over(struct q_bank *b)
{
	struct question *q = new_question(b, Q_MULTICHOICE);

	q->single = 0;
	answer(b, q, "A", 0.6);
	answer(b, q, "B", 0.6);
	answer(b, q, "C", -1);
	return q;
}

/* GIFT {T}: "true" is right. */
static struct question *
tf_true(struct q_bank *b)
{
	struct question *q = new_question(b, Q_TRUEFALSE);

	answer(b, q, "true", 1);
	answer(b, q, "false", 0);
	return q;
}

/* GIFT {F}: "false" is right. */
static struct question *
tf_false(struct q_bank *b)
{
	struct question *q = new_question(b, Q_TRUEFALSE);

	answer(b, q, "true", 0);
	answer(b, q, "false", 1);
	return q;
}

static struct question *
sa_paris(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "Paris", 1);
	return q;
}

static struct question *
sa_paris_case(struct q_bank *b)
{
	struct question *q = sa_paris(b);

	q->usecase = 1;
	return q;
}

/* Wildcards at the start, in the middle and at the end. */
static struct question *
sa_wild(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "*ing", 1);
	answer(b, q, "a*c", 0.8);
	answer(b, q, "pre**", 0.6);
	return q;
}

/* "\*" is a literal star; "\**" a literal star then a wildcard. */
static struct question *
sa_star(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "5\\*3", 1);
	answer(b, q, "x\\**", 0.5);
	return q;
}

static struct question *
sa_gpt(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "GPT", 1);
	answer(b, q, "large language model", 1);
	return q;
}

static struct question *
sa_zh(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "大型語言模型", 1);
	answer(b, q, "語言模型", 0.5);
	answer(b, q, "*神經網路*", 0.25);
	return q;
}

static struct question *
sa_cyrillic(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "Нейросеть", 1);
	answer(b, q, "ΛΌΓΟΣ", 1);
	answer(b, q, "Ärger", 1);
	return q;
}

/* A catch-all listed first, as some banks do: the best answer wins. */
static struct question *
sa_catchall(struct q_bank *b)
{
	struct question *q = new_question(b, Q_SHORTANSWER);

	answer(b, q, "*", 0);
	answer(b, q, "cat", 0.5);
	answer(b, q, "c*", 1);
	return q;
}

/* {#3.14:0.005} */
static struct question *
num_pi(struct q_bank *b)
{
	struct question *q = new_question(b, Q_NUMERICAL);

	number(b, q, 3.14, 0.005, 1);
	return q;
}

/* {#1..5}: GIFT stores a range as its middle and half its width. */
static struct question *
num_range(struct q_bank *b)
{
	struct question *q = new_question(b, Q_NUMERICAL);

	number(b, q, 3, 2, 1);
	return q;
}

/* {#=%50%3.1:0.1 =3.14:0.01 =%25%3:0.5}: the best weighted one wins. */
static struct question *
num_weighted(struct q_bank *b)
{
	struct question *q = new_question(b, Q_NUMERICAL);

	number(b, q, 3.1, 0.1, 0.5);
	number(b, q, 3.14, 0.01, 1);
	number(b, q, 3, 0.5, 0.25);
	return q;
}

/* {#=42 ~%10%*}: "*" takes any other number. */
static struct question *
num_star(struct q_bank *b)
{
	struct question *q = new_question(b, Q_NUMERICAL);

	number(b, q, 42, 0, 1);
	answer(b, q, "*", 0.1);
	return q;
}

static struct question *
num_negative(struct q_bank *b)
{
	struct question *q = new_question(b, Q_NUMERICAL);

	number(b, q, -273.15, 0.01, 1);
	number(b, q, 1e6, 0, 1);
	return q;
}

/* Three stems and a distractor answer (GIFT "= -> quack"). */
static struct question *
match_animals(struct q_bank *b)
{
	struct question *q = new_question(b, Q_MATCHING);

	pair(b, q, "cat", "meow");
	pair(b, q, "dog", "woof");
	pair(b, q, "cow", "moo");
	pair(b, q, "", "quack");
	return q;
}

/* Two stems share the answer text "2": either pair's "2" is right. */
static struct question *
match_dup(struct q_bank *b)
{
	struct question *q = new_question(b, Q_MATCHING);

	pair(b, q, "1+1", "2");
	pair(b, q, "4/2", "2");
	pair(b, q, "9/3", "3");
	return q;
}

static struct question *
essay(struct q_bank *b)
{
	struct question *q = new_question(b, Q_ESSAY);

	answer(b, q, "", 0);
	return q;
}

static struct question *
description(struct q_bank *b)
{
	return new_question(b, Q_DESCRIPTION);
}

struct grade_case {
	const char *what;
	builder build;
	struct response r;
	double want;
};

#define PICK(i)		{ .given = 1, .choice = (i) }
#define MANY(...)	{ .given = 1, .choice = -1,			\
	.choices = (const int[]){ __VA_ARGS__ },			\
	.nchoices = sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int) }
#define TYPED(s)	{ .given = 1, .choice = -1, .text = (s) }
#define NUMBER(x)	{ .given = 1, .choice = -1, .number = (x) }
#define PAIRS(...)	{ .given = 1, .choice = -1,			\
	.pairs = (const int[]){ __VA_ARGS__ },				\
	.npairs = sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int) }

/* At file scope, so the arrays the responses point to live as long. */
static const struct grade_case cases[] = {
	{ "single choice, right", mc_single, PICK(0), 1 },
	{ "single choice, 50% answer", mc_single, PICK(1), 0.5 },
	{ "single choice, wrong", mc_single, PICK(2), 0 },
	{ "single choice, negative answer stays negative", mc_single,
	    PICK(3), -0.5 },
	{ "single choice, none chosen", mc_single, PICK(-1), 0 },
	{ "single choice, index out of range", mc_single, PICK(4), 0 },
	{ "single choice, right but not given", mc_single,
	    { .given = 0, .choice = 0 }, 0 },
	{ "multiple response, both right", mc_multi, MANY(0, 1), 1 },
	{ "multiple response, half", mc_multi, MANY(1), 0.5 },
	{ "multiple response, one right one wrong", mc_multi, MANY(0, 2), 0 },
	{ "multiple response, over-selection clamps to 0", mc_multi,
	    MANY(0, 2, 3), 0 },
	{ "multiple response, everything selected", mc_multi,
	    MANY(0, 1, 2, 3), 0 },
	{ "multiple response, all wrong", mc_multi, MANY(2, 3), 0 },
	{ "multiple response, nothing selected", mc_multi,
	    { .given = 1, .choice = -1 }, 0 },
	{ "multiple response, a repeated index counts once", mc_multi,
	    MANY(0, 0), 0.5 },
	{ "multiple response, out-of-range index ignored", mc_multi,
	    MANY(0, 1, 9, -1), 1 },
	{ "multiple response, sum above 1 clamps to 1", mc_multi_over,
	    MANY(0, 1), 1 },
	{ "multiple response, trap lowers the sum", mc_multi_over,
	    MANY(0, 1, 2), 0.2 },
	{ "true/false {T}, answered true", tf_true, PICK(0), 1 },
	{ "true/false {T}, answered false", tf_true, PICK(1), 0 },
	{ "true/false {F}, answered false", tf_false, PICK(1), 1 },
	{ "true/false {F}, answered true", tf_false, PICK(0), 0 },
	{ "true/false, unanswered", tf_true, PICK(-1), 0 },
	{ "short answer, exact", sa_paris, TYPED("Paris"), 1 },
	{ "short answer, other case when usecase off", sa_paris,
	    TYPED("pARIS"), 1 },
	{ "short answer, other case when usecase on", sa_paris_case,
	    TYPED("paris"), 0 },
	{ "short answer, same case when usecase on", sa_paris_case,
	    TYPED("Paris"), 1 },
	{ "short answer, prefix only", sa_paris, TYPED("Pari"), 0 },
	{ "short answer, longer text", sa_paris, TYPED("Paris, France"), 0 },
	{ "short answer, NULL text", sa_paris, TYPED(NULL), 0 },
	{ "wildcard at start", sa_wild, TYPED("testing"), 1 },
	{ "wildcard at start, case-insensitive", sa_wild, TYPED("RUNNING"), 1 },
	{ "wildcard at start matching nothing", sa_wild, TYPED("ing"), 1 },
	{ "wildcard in the middle", sa_wild, TYPED("abbbc"), 0.8 },
	{ "wildcard in the middle matching nothing", sa_wild, TYPED("ac"),
	    0.8 },
	{ "wildcard in the middle, wrong end", sa_wild, TYPED("abcd"), 0 },
	{ "wildcard at end (a run of stars)", sa_wild, TYPED("prefix"), 0.6 },
	{ "two patterns match: the better one", sa_wild, TYPED("prepping"),
	    1 },
	{ "wildcards, no pattern matches", sa_wild, TYPED("xyz"), 0 },
	{ "escaped star is literal", sa_star, TYPED("5*3"), 1 },
	{ "escaped star is not a wildcard", sa_star, TYPED("5x3"), 0 },
	{ "escaped star then wildcard", sa_star, TYPED("x*yz"), 0.5 },
	{ "escaped star required before wildcard", sa_star, TYPED("xyz"),
	    0 },
	{ "full-width input matches ASCII answer", sa_gpt, TYPED("ＧＰＴ"), 1 },
	{ "full-width lower case matches", sa_gpt, TYPED("ｇｐｔ"), 1 },
	{ "ideographic spaces are trimmed", sa_gpt,
	    TYPED("\xe3\x80\x80GPT\xe3\x80\x80"), 1 },
	{ "runs of spaces collapse, ends trimmed", sa_gpt,
	    TYPED("  large   language  model "), 1 },
	{ "tabs, newlines and U+3000 are spaces", sa_gpt,
	    TYPED("large\tlanguage\n\xe3\x80\x80model"), 1 },
	{ "spaces inside a word still matter", sa_gpt, TYPED("G PT"), 0 },
	{ "Chinese answer", sa_zh, TYPED("大型語言模型"), 1 },
	{ "Chinese answer, padded with spaces", sa_zh, TYPED(" 語言模型　"),
	    0.5 },
	{ "Chinese wildcards", sa_zh, TYPED("卷積神經網路模型"), 0.25 },
	{ "Chinese, no match", sa_zh, TYPED("模型"), 0 },
	{ "Cyrillic case-insensitive", sa_cyrillic, TYPED("НЕЙРОСЕТЬ"), 1 },
	{ "Greek case-insensitive with final sigma", sa_cyrillic,
	    TYPED("λόγος"), 1 },
	{ "Latin-1 case-insensitive", sa_cyrillic, TYPED("ärger"), 1 },
	{ "empty text scores 0 even against *", sa_catchall, TYPED(""), 0 },
	{ "blank text scores 0 even against *", sa_catchall,
	    TYPED(" \xe3\x80\x80 "), 0 },
	{ "catch-all listed first: best matching answer wins", sa_catchall,
	    TYPED("cat"), 1 },
	{ "catch-all alone", sa_catchall, TYPED("dog"), 0 },
	{ "numerical exact", num_pi, NUMBER(3.14), 1 },
	{ "numerical at the upper tolerance edge", num_pi, NUMBER(3.145), 1 },
	{ "numerical at the lower tolerance edge", num_pi, NUMBER(3.135), 1 },
	{ "numerical just past the upper edge", num_pi, NUMBER(3.1451), 0 },
	{ "numerical just past the lower edge", num_pi, NUMBER(3.1349), 0 },
	{ "numerical not given", num_pi, { .given = 0, .number = 3.14 }, 0 },
	{ "numerical NaN", num_pi, NUMBER(NAN), 0 },
	{ "range, low end", num_range, NUMBER(1), 1 },
	{ "range, high end", num_range, NUMBER(5), 1 },
	{ "range, inside", num_range, NUMBER(2.5), 1 },
	{ "range, just above", num_range, NUMBER(5.001), 0 },
	{ "range, just below", num_range, NUMBER(0.999), 0 },
	{ "weighted: in all three, the best wins", num_weighted,
	    NUMBER(3.14), 1 },
	{ "weighted: only the 50% answer", num_weighted, NUMBER(3.19), 0.5 },
	{ "weighted: only the 25% answer", num_weighted, NUMBER(2.6), 0.25 },
	{ "weighted: none", num_weighted, NUMBER(4), 0 },
	{ "\"*\" answer: the exact one wins", num_star, NUMBER(42), 1 },
	{ "\"*\" answer takes any other number", num_star, NUMBER(7), 0.1 },
	{ "\"*\" answer takes a negative number", num_star, NUMBER(-1e6),
	    0.1 },
	{ "negative value within tolerance", num_negative, NUMBER(-273.16),
	    1 },
	{ "negative value outside tolerance", num_negative, NUMBER(-273.17),
	    0 },
	{ "large value, tolerance 0", num_negative, NUMBER(1e6), 1 },
	{ "matching, all right", match_animals, PAIRS(0, 1, 2, -1), 1 },
	{ "matching, one of three", match_animals, PAIRS(0, 2, 1, -1),
	    1.0 / 3 },
	{ "matching, two of three, one unanswered", match_animals,
	    PAIRS(0, 1, -1, -1), 2.0 / 3 },
	{ "matching, none right", match_animals, PAIRS(1, 0, 3, -1), 0 },
	{ "matching, distractor chosen everywhere", match_animals,
	    PAIRS(3, 3, 3, -1), 0 },
	{ "matching, distractor entry ignored", match_animals,
	    PAIRS(0, 1, 2, 3), 1 },
	{ "matching, index out of range", match_animals,
	    PAIRS(7, 1, 2, -1), 2.0 / 3 },
	{ "matching, short response array", match_animals, PAIRS(0), 1.0 / 3 },
	{ "matching, duplicate texts: either \"2\" is right", match_dup,
	    PAIRS(1, 0, 2), 1 },
	{ "matching, duplicate texts, same index twice", match_dup,
	    PAIRS(0, 0, 2), 1 },
	{ "matching, duplicate texts, partial", match_dup, PAIRS(2, 1, 1),
	    1.0 / 3 },
	{ "essay never graded", essay, TYPED("anything"), 0 },
	{ "description never graded", description, PICK(0), 0 },
};
#define NCASES (sizeof cases / sizeof cases[0])

static void
test_grade_fractions(struct arena *a)
{
	struct q_bank b;

	q_bank_init(&b, a, "grade");
	for (size_t i = 0; i < NCASES; i++) {
		const struct question *q = cases[i].build(&b);
		double got = grade_fraction(q, &cases[i].r);

		CHECK(test_near(got, cases[i].want), "%s: got %g, want %g",
		    cases[i].what, got, cases[i].want);
	}
}

static void
test_grade_match_and_normalise(struct arena *a)
{
	static const struct {
		const char *in, *want;
	} norm[] = {
		{ "  a  b  ", "a b" },
		{ "\t\r\na\n", "a" },
		{ "ＡＢＣ１２３！～", "ABC123!~" },
		{ "\xe3\x80\x80中文\xe3\x80\x80\xe3\x80\x80字\xe3\x80\x80",
		    "中文 字" },
		{ "", "" },
		{ "   ", "" },
		{ "é – ü", "é – ü" },
		{ "bad\xff\xc3 byte", "bad\xff\xc3 byte" },
		/* NFKC: half-width katakana widen, full-width digits narrow,
		 * an accent typed apart is composed (Moodle's NFC), the
		 * no-break space is a space. */
		{ "ｶﾀｶﾅ\xe3\x80\x80１２３", "カタカナ 123" },
		{ "e\xcc\x81" "cole", "école" },
		{ " a\xc2\xa0\xc2\xa0" "b ", "a b" },
		{ "½", "1⁄2" },
		{ "\xe3\x80\x80" "bad\xff\xe3\x80\x80", "bad\xff" },
	};
	static const struct {
		const char *pattern, *response;
		int usecase, want;
	} match[] = {
		{ "GPT", "ＧＰＴ", 1, 1 },
		{ "gpt", "ＧＰＴ", 1, 0 },
		{ "gpt", "ＧＰＴ", 0, 1 },
		{ "*", "", 0, 1 },
		{ "", "", 0, 1 },
		{ "", "x", 0, 0 },
		{ "a*b*c", "aXbYbZc", 0, 1 },
		{ "a*b*c", "aXbYbZ", 0, 0 },
		{ "*a*", "bab", 0, 1 },
		{ "a\\*", "a*", 0, 1 },
		{ "a\\*", "ab", 0, 0 },
		{ "a\\b", "a\\b", 0, 1 },
		{ "  large  model ", "large model", 0, 1 },
		{ "a.c", "abc", 0, 0 },
		{ "(x|y)+", "(X|Y)+", 0, 1 },
		{ "Straße", "STRASSE", 0, 0 },
		{ "ÉCOLE", "école", 0, 1 },
		{ "ÉCOLE", "école", 1, 0 },
		{ "日本*", "日本語", 0, 1 },
		{ NULL, "", 0, 1 },
		/* Case in every script, as PCRE's /iu: each of these was
		 * compared exactly before folding left Latin-1, Latin
		 * Extended-A, Greek and Cyrillic. */
		{ "Əli", "əLİ", 0, 0 },		/* İ is not a capital i... */
		{ "Əli", "əLI", 0, 1 },		/* ...I is; Ə (Azerbaijani) folds */
		{ "ŞİŞLİ", "şişli", 0, 0 },	/* Turkish İ/i: no simple folding */
		{ "ŞİŞLİ", "şİşlİ", 0, 1 },
		{ "ılık", "ILIK", 0, 0 },		/* nor ı/I */
		{ "Ơn trời", "ơN TRỜI", 0, 1 },	/* Vietnamese */
		{ "Հայաստան", "ՀԱՅԱՍՏԱՆ", 0, 1 },	/* Armenian */
		{ "Հայաստան", "ՀԱՅԱՍՏԱՆ", 1, 0 },
		{ "ᏣᎳᎩ", "ꮳꮃꭹ", 0, 1 },		/* Cherokee, folding to capitals */
		{ "ᏣᎳᎩ", "ꮳꮃꭹ", 1, 0 },
		{ "ᲥᲐᲠᲗᲣᲚᲘ", "ქართული", 0, 1 },	/* Georgian Mtavruli */
		{ "𐐔𐐯𐑅𐐨𐑉𐐯𐐻", "𐐼𐐯𐑅𐐨𐑉𐐯𐐻", 0, 1 },	/* Deseret: 4 bytes */
		{ "Ǆungla", "ǅUNGLA", 0, 1 },	/* digraph, titlecase */
		{ "\xe2\x84\xaa", "k", 0, 1 },	/* Kelvin sign */
		{ "STRAẞE", "straße", 0, 1 },	/* capital sharp s, simple */
		{ "Straße", "strasse", 0, 0 },	/* but never full folding */
		/* Full-width letters and digits, as a CJK input method types. */
		{ "Wi-Fi 6", "Ｗｉ－Ｆｉ　６", 1, 1 },
		{ "wi-fi*", "ＷＩ－ＦＩ６", 0, 1 },
		{ "２０２４", "2024", 1, 1 },
		{ "GPT-4", "ＧＰＴ－４", 1, 1 },
		{ "GPT-4", "ＧＰＴ－５", 1, 0 },
		{ "カタカナ", "ｶﾀｶﾅ", 1, 1 },
		{ "école", "e\xcc\x81" "cole", 1, 1 },
	};
	char *s;

	for (size_t i = 0; i < sizeof norm / sizeof norm[0]; i++) {
		s = grade_normalise(a, norm[i].in);
		CHECK_STR(s, norm[i].want, norm[i].in);
	}
	CHECK_STR(grade_normalise(a, NULL), "", "NULL normalises to \"\"");
	for (size_t i = 0; i < sizeof match / sizeof match[0]; i++)
		CHECK(grade_short_match(match[i].pattern, match[i].response,
		    match[i].usecase) == match[i].want,
		    "\"%s\" vs \"%s\" (usecase %d) should %smatch",
		    match[i].pattern ? match[i].pattern : "(null)",
		    match[i].response, match[i].usecase,
		    match[i].want ? "" : "not ");
}

static void
test_grade_totals(void)
{
	const struct grade_item items[] = {
		{ 1, 1, 0 }, { 0.5, 2, 0 },	/* section 0: 2 of 3 */
		{ 1, 1, 1 }, { 0, 1, 1 },	/* section 1: 1 of 2 */
	};
	struct grade_section sec[2] = { { .min_percent = 0 },
	    { .min_percent = 0 } };
	struct grade_result r;

	grade_total(items, 4, sec, 2, 60, &r);
	CHECK(test_near(sec[0].score, 2) && test_near(sec[0].max, 3) &&
	    test_near(sec[0].percent, 200.0 / 3) && sec[0].passed,
	    "section 0 shows 2 of 3 (66.7%%)");
	CHECK(test_near(sec[1].score, 1) && test_near(sec[1].max, 2) &&
	    test_near(sec[1].percent, 50) && sec[1].passed,
	    "section 1 shows 1 of 2 (50%%)");
	CHECK(test_near(r.score, 3) && test_near(r.max, 5) && test_near(r.percent, 60),
	    "total 3 of 5 is 60%%");
	CHECK(r.passed, "60%% passes a 60%% pass mark exactly");
	grade_total(items, 4, sec, 2, 60.01, &r);
	CHECK(!r.passed, "60%% fails a 60.01%% pass mark");

	sec[0].min_percent = 70;
	grade_total(items, 4, sec, 2, 50, &r);
	CHECK(!sec[0].passed && sec[1].passed && test_near(r.percent, 60) &&
	    !r.passed,
	    "a section under its minimum fails the exam though the total "
	    "passes");
	sec[0].min_percent = 200.0 / 3;
	grade_total(items, 4, sec, 2, 50, &r);
	CHECK(sec[0].passed && r.passed,
	    "a section exactly at its minimum passes");

	/* Ten items of 0.1 add up to 0.9999999999999999 in binary. */
	{
		struct grade_item tenth[10];
		struct grade_section one = { .min_percent = 10 };

		for (int i = 0; i < 10; i++)
			tenth[i] = (struct grade_item){ 0.1, 1, 0 };
		grade_total(tenth, 10, &one, 1, 10, &r);
		CHECK(r.passed && one.passed && test_near(r.percent, 10),
		    "10 items at 10%% reach a 10%% pass mark despite rounding");
	}

	{
		const struct grade_item neg[] = {
			{ -1, 2, 0 }, { 0.5, 1, 1 },
		};
		struct grade_section two[2] = { { .min_percent = 0 },
		    { .min_percent = 0 } };

		grade_total(neg, 2, two, 2, 0, &r);
		CHECK(r.score == 0 && test_near(r.max, 3) && r.percent == 0,
		    "negative marks that dominate clamp the total at 0");
		CHECK(two[0].score == 0 && two[0].percent == 0 &&
		    test_near(two[1].percent, 50),
		    "a negative section shows 0%%, not below");
		CHECK(r.passed, "0%% passes a pass mark of 0");
	}

	{
		const struct grade_item zero[] = { { 1, 0, 0 } };
		struct grade_section two[2] = { { .min_percent = 50 },
		    { .min_percent = 50 } };

		grade_total(zero, 1, two, 2, 70, &r);
		CHECK(r.max == 0 && r.percent == 100 && two[0].percent == 100 &&
		    two[1].percent == 100 && r.passed,
		    "nothing to score is 100%%, an empty section too");
		grade_total(NULL, 0, NULL, 0, 70, &r);
		CHECK(r.score == 0 && r.percent == 100 && r.passed,
		    "no items and no sections");
	}

	{
		const struct grade_item stray[] = { { 1, 1, 5 }, { 0, 1, -1 },
		    { 0, 1, 0 } };
		struct grade_section one = { .min_percent = 0 };

		grade_total(stray, 3, &one, 1, 0, &r);
		CHECK(test_near(r.max, 3) && test_near(r.score, 1) && test_near(one.max, 1),
		    "an item outside every section counts in the total only");
	}
}

/* Grades every case as one exam, twice over, from freshly built
 * questions: the trainer's regrade must give the same figures exactly. */
static void
grade_exam(struct grade_section *sec, struct grade_result *r)
{
	struct arena *a = arena_new();
	struct grade_item items[NCASES];
	struct q_bank b;

	q_bank_init(&b, a, "regrade");
	for (size_t i = 0; i < NCASES; i++) {
		const struct question *q = cases[i].build(&b);

		items[i].fraction = grade_fraction(q, &cases[i].r);
		items[i].weight = 1 + (double)(i % 3);
		items[i].section = (int)(i % 3);
	}
	sec[0].min_percent = 10;
	sec[1].min_percent = 20;
	sec[2].min_percent = 30;
	grade_total(items, NCASES, sec, 3, 40, r);
	arena_free(a);
}

static void
test_grade_regrade(void)
{
	struct grade_section s1[3], s2[3];
	struct grade_result r1, r2;

	memset(s1, 0, sizeof s1);
	memset(s2, 0, sizeof s2);
	grade_exam(s1, &r1);
	grade_exam(s2, &r2);
	CHECK(memcmp(&r1, &r2, sizeof r1) == 0 &&
	    memcmp(s1, s2, sizeof s1) == 0,
	    "regrading the same responses gives the same result");
	CHECK(r1.max > 0 && r1.percent > 0 && r1.percent < 100,
	    "the regraded exam has a real score (%g%%)", r1.percent);
}

/* A fixed sequence for form_layout: every run draws the same layouts. */
static uint32_t
seq_rand(uint32_t upper)
{
	static uint32_t x = 2026;

	x = x * 1103515245u + 12345u;
	return upper > 0 ? (x >> 8) % upper : 0;
}

/* A save checks its response against the item's unshuffled layout (it
 * does not read the drawn one): that must take and refuse exactly what
 * the drawn layout does, for every type and shape of answer. */
static void
test_grade_plain_layout(void)
{
	static const char gift[] =
	    "::single:: Pick {=right ~wrong ~worse ~other ~fifth}\n\n"
	    "::multiple:: Some {~%50%a ~%50%b ~%-100%c ~%-100%d}\n\n"
	    "::tf:: True? {T}\n\n"
	    "::short:: Capital? {=Paris}\n\n"
	    "::num:: Pi? {#3.14:0.01}\n\n"
	    "::match:: Match {=cat -> meow =dog -> woof =cow -> moo = -> quack "
	    "=calf -> moo}\n";
	static const char *responses[] = {
		"{}", "null", "[]", "{\"choice\":\"c1\"}", "{\"choice\":\"c5\"}",
		"{\"choice\":\"c6\"}", "{\"choice\":\"c0\"}", "{\"choice\":\"x1\"}",
		"{\"choice\":\"c257\"}", "{\"choices\":[\"c1\",\"c4\"]}",
		"{\"choices\":[\"c1\",\"c1\"]}", "{\"choices\":[\"c5\"]}",
		"{\"choices\":[\"c1\",\"c2\",\"c3\",\"c4\",\"c1\"]}", "{\"value\":true}",
		"{\"value\":1}", "{\"text\":\"Paris\"}", "{\"number\":3.14}",
		"{\"pairs\":{\"s1\":\"a1\",\"s4\":\"a3\"}}", "{\"pairs\":{\"s5\":\"a1\"}}",
		"{\"pairs\":{\"s1\":\"a4\"}}", "{\"pairs\":{\"s1\":\"a5\"}}",
		"{\"pairs\":{\"s2\":null}}", "{\"pairs\":{\"s1\":\"a1\",\"s2\":\"a1\"}}",
	};
	struct arena *a = arena_new();
	struct q_bank b;
	int same = 1, taken = 0, refused = 0;

	q_bank_init(&b, a, "plain.gift");
	if (bank_gift_parse(&b, gift, sizeof gift - 1) != 0 || b.n != 6) {
		CHECK(0, "the layout bank parses");
		arena_free(a);
		return;
	}
	for (int round = 0; round < 20; round++) {
		for (size_t i = 0; i < b.n; i++) {
			json_t *lay = form_layout(&b.q[i], 1, seq_rand);

			for (size_t k = 0; k < sizeof responses / sizeof *responses; k++) {
				json_t *resp = json_loads(responses[k], JSON_DECODE_ANY, NULL);
				struct response r1, r2;
				const char *e1, *e2;
				int ok1 = form_response(&b.q[i], lay, resp, a, &r1, &e1) == 0;
				int ok2 = form_response(&b.q[i], NULL, resp, a, &r2, &e2) == 0;

				if (ok1 != ok2) {
					same = 0;
					fprintf(stderr, "  %s with %s: drawn %d, plain %d\n",
					    b.q[i].title, responses[k], ok1, ok2);
				}
				taken += ok1;
				refused += !ok1;
				json_decref(resp);
			}
			json_decref(lay);
		}
	}
	CHECK(same, "the unshuffled layout takes and refuses what a drawn one does");
	CHECK(taken > 0 && refused > 0, "both kinds were tried (%d taken, %d refused)",
	    taken, refused);
	arena_free(a);
}

/* A cloze read from text with Moodle's syntax (cloze.c). */
static struct question *
cloze(struct q_bank *b, const char *text)
{
	struct question *q = new_question(b, Q_CLOZE);

	q->text = arena_strdup(b->arena, text);
	if (q_cloze_extract(b, q, 1) != 0)
		q->ngaps = 0;
	return q;
}

/* Cloze as Moodle's multianswer grades it: each gap by its kind's rules,
 * weighted by its mark, over the sum of the marks. Expectations from
 * qtype_multianswer's grading tests and the sub-question types' rules. */
static void
test_grade_cloze(struct arena *a)
{
	struct q_bank b;
	struct question *q;
	struct response g[3], r = { 0 };
	int two[2];

	q_bank_init(&b, a, "cloze");
	/* Moodle's own example: "The {1:SHORTANSWER:..} and the
	 * {1:MULTICHOICE:..} went to sea". */
	q = cloze(&b, "The {1:SHORTANSWER:Dog#Wrong~=Owl#Well done!~*#Wrong}"
	    " and the {1:MULTICHOICE:Bow-wow~Wiggly worm~=Pussy-cat} went");
	CHECK(q->ngaps == 2 && b.nerr == 0, "Moodle's example reads");
	memset(g, 0, sizeof g);
	r.given = 1, r.cloze_gaps = g, r.ncloze_gaps = 2;
	g[0] = (struct response){ .given = 1, .text = "owl", .choice = -1 };
	g[1] = (struct response){ .given = 1, .choice = 2 };
	CHECK(test_near(grade_fraction(q, &r), 1), "Owl and Pussy-cat: 100%%");
	g[1].choice = 0;
	CHECK(test_near(grade_fraction(q, &r), 0.5),
	    "one gap of two right: 50%% (got %g)", grade_fraction(q, &r));
	g[0].text = "cat";
	CHECK(test_near(grade_fraction(q, &r), 0),
	    "* matches anything else at 0%%");
	g[0].given = 0;
	g[1].choice = 2;
	CHECK(test_near(grade_fraction(q, &r), 0.5),
	    "an unanswered gap scores 0, the others still count");

	/* Weights: {2:..} counts twice. */
	q = cloze(&b, "{2:SA:=Paris} {1:MC:=a~%-50%b} {3:NM:=49:0.9~%50%60}");
	CHECK(q->ngaps == 3 && b.nerr == 0, "weighted cloze reads");
	memset(g, 0, sizeof g);
	r.ncloze_gaps = 3;
	g[0] = (struct response){ .given = 1, .text = "paris", .choice = -1 };
	g[1] = (struct response){ .given = 1, .choice = 1 };
	g[2] = (struct response){ .given = 1, .number = 49.8, .choice = -1 };
	CHECK(test_near(grade_fraction(q, &r), (2 - 0.5 + 3) / 6.0),
	    "weighted sum over 6 marks, a negative choice subtracts "
	    "(got %g)", grade_fraction(q, &r));
	g[2].number = 60;
	g[1].choice = 0;
	CHECK(test_near(grade_fraction(q, &r), (2 + 1 + 1.5) / 6.0),
	    "a partly right number scores its 50%% of its 3 marks");
	g[2].number = 50;
	CHECK(test_near(grade_fraction(q, &r), 3 / 6.0),
	    "49 +- 0.9 does not take 50");

	/* Case-sensitive and multiple-response gaps. */
	q = cloze(&b, "{1:SAC:=Paris} {1:MR:=a~=b~c}");
	memset(g, 0, sizeof g);
	r.ncloze_gaps = 2;
	g[0] = (struct response){ .given = 1, .text = "paris", .choice = -1 };
	two[0] = 0, two[1] = 2;
	g[1] = (struct response){ .given = 1, .choices = two, .nchoices = 2,
	    .choice = -1 };
	CHECK(test_near(grade_fraction(q, &r), 0),
	    "SAC refuses the wrong case; a and c cancel out in MR");
	two[1] = 1;
	g[0].text = "Paris";
	CHECK(test_near(grade_fraction(q, &r), 1), "Paris and a+b: 100%%");
	g[1].nchoices = 1;
	CHECK(test_near(grade_fraction(q, &r), 0.75),
	    "one of two right choices: half that gap");
	r.ncloze_gaps = 0;
	CHECK(test_near(grade_fraction(q, &r), 0), "no gap answered: 0");
}

/* A cloze as the learner sees it and answers it: the stem in pieces
 * around the gaps, choices in the drawn order under opaque ids, never a
 * fraction, feedback or the text of a right answer; responses
 * {"gaps":{"1":..}} checked per gap kind, stored normalised, and graded
 * through the drawn order. */
static void
test_grade_cloze_form(struct arena *a)
{
	struct q_bank b;
	struct question *q;
	json_t *lay, *view, *resp, *gaps;
	struct response r;
	const char *err, *field;
	char *dump, *norm = NULL;
	int shuffled = 0;

	q_bank_init(&b, a, "cloze");
	q = cloze(&b, "<p>Capital {1:SA:=SECRETPARIS#SECRETFB} is in "
	    "{1:MCS:=france~spain~italy~chile~peru~japan} near {1:NM:=3:0.5}"
	    " and {1:MRH:=a~=b~c}</p>");
	CHECK(q->ngaps == 4 && b.nerr == 0, "the cloze reads");
	if (q->ngaps != 4)
		return;
	for (int i = 0; i < 10 && !shuffled; i++) {
		lay = form_layout(q, 1, seq_rand);
		shuffled = json_integer_value(json_array_get(json_array_get(
		    json_object_get(lay, "gaps"), 1), 0)) != 0;
		CHECK(json_array_size(json_array_get(json_object_get(lay,
		    "gaps"), 3)) == 3 && json_integer_value(json_array_get(
		    json_array_get(json_object_get(lay, "gaps"), 3), 0)) == 0,
		    "an MRH gap (not _S) keeps the author's order");
		json_decref(lay);
	}
	CHECK(shuffled, "an MCS gap's choices are drawn in a shuffled order");
	lay = form_layout(q, 1, seq_rand);
	view = form_view(q, lay, "i1", a);
	dump = json_dumps(view, JSON_COMPACT);
	CHECK(dump != NULL && strstr(dump, "SECRET") == NULL &&
	    strstr(dump, "fraction") == NULL && strstr(dump, "feedback") ==
	    NULL, "the learner's view has no key, fraction or feedback: %s",
	    dump ? dump : "");
	CHECK(json_array_size(json_object_get(view, "parts")) == 5 &&
	    strcmp(json_string_value(json_array_get(json_object_get(view,
	    "parts"), 0)), "<p>Capital ") == 0 &&
	    strcmp(json_string_value(json_array_get(json_object_get(view,
	    "parts"), 4)), "</p>") == 0,
	    "parts: the stem cut where the 4 gaps go");
	gaps = json_object_get(view, "gaps");
	CHECK(json_array_size(gaps) == 4 && strcmp(json_string_value(
	    json_object_get(json_array_get(gaps, 1), "layout")), "dropdown") ==
	    0 && json_array_size(json_object_get(json_array_get(gaps, 1),
	    "choices")) == 6 && json_is_true(json_object_get(json_array_get(
	    gaps, 3), "multiple")) && json_object_get(json_array_get(gaps, 0),
	    "choices") == NULL, "gaps with ids, kinds, layouts and choices");
	free(dump);

	/* The choice shown first under c1 is the one graded. */
	resp = json_loads("{\"gaps\":{\"1\":{\"text\":\"secretparis\"},"
	    "\"2\":{\"choice\":\"c1\"},\"3\":{\"number\":3.25},\"4\":{"
	    "\"choices\":[\"c1\",\"c2\"]}}}", 0, NULL);
	CHECK(form_response(q, lay, resp, a, &r, &err) == 0 && r.ncloze_gaps == 4,
	    "a response to every gap is taken (%s)", err ? err : "");
	{
		json_int_t first = json_integer_value(json_array_get(
		    json_array_get(json_object_get(lay, "gaps"), 1), 0));
		double want = (1 + (first == 0) + 1 + 1) / 4.0;

		CHECK(test_near(grade_fraction(q, &r), want),
		    "graded through the drawn order (%g, want %g)",
		    grade_fraction(q, &r), want);
	}
	CHECK(form_response(q, NULL, resp, a, &r, &err) == 0 &&
	    (norm = form_normalize(q, resp, &r, a, &field, &err)) != NULL &&
	    strcmp(norm, "{\"gaps\":{\"1\":{\"text\":\"secretparis\"},"
	    "\"2\":{\"choice\":\"c1\"},\"3\":{\"number\":3.25},\"4\":{"
	    "\"choices\":[\"c1\",\"c2\"]}}}") == 0,
	    "stored in the normalised shape: %s", norm ? norm : err);
	json_decref(resp);
	{
		static const struct { const char *r, *why; } bad[] = {
			{ "{\"gaps\":{\"5\":{\"text\":\"x\"}}}", "gap 5" },
			{ "{\"gaps\":{\"01\":{\"text\":\"x\"}}}", "gap 01" },
			{ "{\"gaps\":[]}", "gaps not an object" },
			{ "{\"gaps\":{\"2\":{\"text\":\"x\"}}}",
			    "text for a choice gap" },
			{ "{\"gaps\":{\"2\":{\"choice\":\"c7\"}}}",
			    "choice c7 of 6" },
			{ "{\"gaps\":{\"3\":{\"number\":\"3\"}}}",
			    "a number as a string" },
		};

		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			resp = json_loads(bad[i].r, 0, NULL);
			CHECK(form_response(q, lay, resp, a, &r, &err) != 0,
			    "refused: %s", bad[i].why);
			json_decref(resp);
		}
	}
	resp = json_loads("{\"gaps\":{\"1\":{\"text\":\"x\",\"fraction\":1}}}",
	    0, NULL);
	CHECK(form_response(q, NULL, resp, a, &r, &err) == 0 &&
	    form_normalize(q, resp, &r, a, &field, &err) == NULL &&
	    field != NULL && strcmp(field, "fraction") == 0,
	    "a field beside a gap's answer is refused by name");
	json_decref(resp);
	resp = json_loads("{\"gaps\":{\"2\":{}, \"1\":null}}", 0, NULL);
	CHECK(form_response(q, NULL, resp, a, &r, &err) == 0 &&
	    (norm = form_normalize(q, resp, &r, a, &field, &err)) != NULL &&
	    strcmp(norm, "{\"gaps\":{}}") == 0 &&
	    test_near(grade_fraction(q, &r), 0),
	    "emptied gaps are stored as unanswered");
	json_decref(resp);
	json_decref(view);
	json_decref(lay);
}

/* Moodle's ordering grading types, each worked by hand from
 * qtype_ordering_question::grade_response on items A..E (0..4) in the
 * right order. */
static void
test_grade_ordering(struct arena *a)
{
	static const int right[] = { 0, 1, 2, 3, 4 };
	static const int abdce[] = { 0, 1, 3, 2, 4 };	/* C and D swapped */
	static const int rev[] = { 4, 3, 2, 1, 0 };
	static const struct {
		enum q_ord_grading g;
		double swapped, reversed;
	} want[] = {
		/* right places: A B E of 5 */
		{ QO_ALL_OR_NOTHING, 0, 0 },
		{ QO_ABSOLUTE_POSITION, 3.0 / 5, 1.0 / 5 },
		/* next of A..D: only A->B right */
		{ QO_RELATIVE_NEXT_EXCLUDE_LAST, 1.0 / 4, 0 },
		/* and E last, next of none */
		{ QO_RELATIVE_NEXT_INCLUDE_LAST, 2.0 / 5, 0 },
		/* A: both sides; B: previous; E: next (none): 4 of 10 */
		{ QO_RELATIVE_ONE_PREVIOUS_AND_NEXT, 4.0 / 10, 0 },
		/* 9 of 10 pairs in order, each counted from both sides */
		{ QO_RELATIVE_ALL_PREVIOUS_AND_NEXT, 18.0 / 20, 0 },
		/* A B C E (or A B D E) rise: 4 of 5; one item alone is 0 */
		{ QO_LONGEST_ORDERED_SUBSET, 4.0 / 5, 0 },
		/* A B C: next to each other in the right order, in order */
		{ QO_LONGEST_CONTIGUOUS_SUBSET, 3.0 / 5, 0 },
		/* 4 - distance, of 4 each: 4+4+3+3+4 = 18 of 20; reversed
		 * 0+2+4+2+0 */
		{ QO_RELATIVE_TO_CORRECT, 18.0 / 20, 8.0 / 20 },
	};
	struct q_bank b;
	struct question *q;
	struct response r;

	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		double f = grade_ordering(want[i].g, right, abdce, 5);
		double fr = grade_ordering(want[i].g, right, rev, 5);

		CHECK(test_near(f, want[i].swapped) &&
		    test_near(fr, want[i].reversed),
		    "%s: C and D swapped %g (want %g), reversed %g (want %g)",
		    q_ord_grading_name(want[i].g), f, want[i].swapped, fr,
		    want[i].reversed);
		CHECK(test_near(grade_ordering(want[i].g, right, right, 5), 1),
		    "%s: the right order scores 1",
		    q_ord_grading_name(want[i].g));
	}
	/* Through a question: a drawn subset is graded against the same
	 * items in their right order. */
	q_bank_init(&b, a, "ordering");
	q = new_question(&b, Q_ORDERING);
	q_ordering_defaults(&q->ordering);
	q->ordering.grading = QO_ABSOLUTE_POSITION;
	for (int i = 0; i < 6; i++)
		answer(&b, q, "item", 0);
	memset(&r, 0, sizeof r);
	r.given = 1;
	r.order = (const int[]){ 1, 4, 3 };
	r.norder = 3;
	CHECK(test_near(grade_fraction(q, &r), 1.0 / 3),
	    "a subset of items 2, 4, 5 given as 2, 5, 4: one place of 3 "
	    "right, got %g", grade_fraction(q, &r));
}

/* Moodle's gapselect grading: gaps right over gaps, a gap right only with
 * the choice it names (another choice of the same text is not it). */
static void
test_grade_gapselect(struct arena *a)
{
	struct q_bank b;
	struct question *q;
	struct response r;

	q_bank_init(&b, a, "gapselect");
	q = new_question(&b, Q_GAPSELECT);
	q->text = "The [[1]] sat on the [[2]] near the [[3]].";
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "cat", 1 };
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "mat", 2 };
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "mat", 2 };
	memset(&r, 0, sizeof r);
	r.given = 1;
	r.gaps = (const int[]){ 0, 1, 1 };
	r.ngaps = 3;
	CHECK(test_near(grade_fraction(q, &r), 2.0 / 3),
	    "two gaps of three right, the third's twin text not it: %g",
	    grade_fraction(q, &r));
	r.gaps = (const int[]){ 0, 1, 2 };
	CHECK(test_near(grade_fraction(q, &r), 1), "every gap right scores 1");
	r.gaps = (const int[]){ -1, -1, 2 };
	CHECK(test_near(grade_fraction(q, &r), 1.0 / 3),
	    "empty gaps score nothing: %g", grade_fraction(q, &r));
	r.given = 0;
	CHECK(grade_fraction(q, &r) == 0, "no answer scores 0");
}

/* Moodle's own units example: 9.8 m/s2, also 980 cm/s2; a missing or
 * unknown unit costs unitpenalty (0.1) of the response's grade. */
static const char units_xml[] =
    "<quiz><question type=\"numerical\"><name><text>g</text></name>"
    "<questiontext><text>Gravity?</text></questiontext>"
    "<answer fraction=\"100\"><text>9.8</text><tolerance>0.01</tolerance>"
    "</answer><answer fraction=\"50\"><text>10</text><tolerance>0"
    "</tolerance></answer>"
    "<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name>"
    "</unit><unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name>"
    "</unit></units><unitgradingtype>1</unitgradingtype>"
    "<unitpenalty>0.1</unitpenalty><showunits>0</showunits>"
    "<unitsleft>0</unitsleft></question></quiz>";

/* What a learner typed, through the page's reading (form_number_parse)
 * and the API's check (form_response), graded. -1 if refused. */
static double
typed_fraction(struct arena *a, const struct question *q, const char *typed)
{
	struct response r;
	const char *err;
	double x;
	char *unit;
	json_t *resp;
	int rc;

	if (form_number_parse(typed, q->units_left, a, &x, &unit) < 0)
		return -1;
	resp = json_pack("{s:f, s:s}", "number", x, "unit", unit);
	rc = form_response(q, NULL, resp, a, &r, &err);
	json_decref(resp);
	return rc < 0 ? -1 : grade_fraction(q, &r);
}

static void
test_grade_units(void)
{
	static const struct {
		const char *typed;
		double want;
	} right[] = {
		{ "9.8 m/s2", 1 }, { "980 cm/s2", 1 }, { "980cm/s2", 1 },
		{ "9,8 m/s2", 1 }, { "0.098e2 m/s2", 1 }, { "9.8x10^0 m/s2", 1 },
		{ "98 \xc3\x97" "10^-1 m/s2", 1 }, { "9.8", 0.9 }, { "9.8 km", 0.9 },
		{ "980", 0 }, { "98 m/s2", 0 }, { "10 m/s2", 0.5 }, { "10", 0.45 },
		{ "1 000 cm/s2", 0.5 }, { "m/s2 9.8", -1 },
	};
	static const struct {
		const char *in, *unit;
		double x;
	} parse[] = {
		{ "1,5", "", 1.5 }, { "1,000.5", "", 1000.5 },
		{ "1,000,000", "", 1e6 }, { " -.5 kg ", "kg", -0.5 },
		{ "3x10^8 m/s", "m/s", 3e8 }, { "3*10**8", "", 3e8 },
		{ "2E3", "", 2000 }, { "5eV", "eV", 5 },
	};
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *q;
	struct response r;
	const char *err, *field;
	char *unit, *norm;
	json_t *resp, *view, *lay;
	double x;

	for (size_t i = 0; i < sizeof parse / sizeof *parse; i++)
		CHECK(form_number_parse(parse[i].in, 0, a, &x, &unit) == 0 &&
		    test_near(x, parse[i].x) && strcmp(unit, parse[i].unit) == 0,
		    "\"%s\" reads as Moodle reads it", parse[i].in);
	CHECK(form_number_parse("abc", 0, a, &x, &unit) < 0 &&
	    form_number_parse("kg", 1, a, &x, &unit) < 0 &&
	    form_number_parse("", 0, a, &x, &unit) < 0, "no number, no answer");
	CHECK(form_number_parse("$ 1,5", 1, a, &x, &unit) == 0 &&
	    test_near(x, 1.5) && strcmp(unit, "$") == 0,
	    "a unit on the left, when the question puts it there");

	q_bank_init(&b, a, "units.xml");
	if (bank_xml_parse(&b, units_xml, sizeof units_xml - 1) != 0 || b.n != 1) {
		CHECK(0, "the units question parses");
		arena_free(a);
		return;
	}
	q = &b.q[0];
	for (size_t i = 0; i < sizeof right / sizeof *right; i++) {
		double got = typed_fraction(a, q, right[i].typed);

		CHECK(test_near(got, right[i].want), "\"%s\": got %g, want %g",
		    right[i].typed, got, right[i].want);
	}
	q->unit_grading = QU_GRADE_QUESTION;
	CHECK(test_near(typed_fraction(a, q, "10"), 0.4) &&
	    test_near(typed_fraction(a, q, "9.8"), 0.9),
	    "unit graded out of the question's marks: 0.5 - 0.1 = 0.4");
	q->unit_grading = QU_GRADE_NONE;
	CHECK(test_near(typed_fraction(a, q, "9.8"), 1) &&
	    test_near(typed_fraction(a, q, "980 cm/s2"), 1),
	    "unit not graded: the bare number is enough, a unit converts");
	q->unit_grading = QU_GRADE_RESPONSE;
	q->units_left = 1;
	q->units[1].name = "cm/s";
	CHECK(test_near(typed_fraction(a, q, "cm/s 980"), 1) &&
	    typed_fraction(a, q, "980 cm/s") < 0,
	    "unit on the left: read from the left only");
	q->units[1].name = "cm/s2";
	CHECK(test_near(typed_fraction(a, q, "cm/s2 980"), 0),
	    "as in Moodle, spaces go first, so the 2 of cm/s2 joins 980");
	q->units_left = 0;

	/* The API: "unit" beside "number", stored as given. */
	resp = json_pack("{s:i, s:s}", "number", 980, "unit", "cm/s2");
	CHECK(form_response(q, NULL, resp, a, &r, &err) == 0 &&
	    (norm = form_normalize(q, resp, &r, a, &field, &err)) != NULL &&
	    strcmp(norm, "{\"number\":980,\"unit\":\"cm/s2\"}") == 0,
	    "a numerical response keeps its unit");
	json_decref(resp);
	q->show_units = QU_SHOW_SELECT;
	resp = json_pack("{s:i, s:s}", "number", 980, "unit", "km");
	CHECK(form_response(q, NULL, resp, a, &r, &err) < 0 &&
	    strcmp(err, "response_unit_invalid") == 0,
	    "a unit chosen from a list must be one of the question's");
	json_decref(resp);
	resp = json_pack("{s:i, s:i}", "number", 980, "unit", 3);
	CHECK(form_response(q, NULL, resp, a, &r, &err) < 0,
	    "a unit that is not a string is refused");
	json_decref(resp);

	/* The learner's view: unit names, never multipliers or the key. */
	lay = form_layout(q, 1, NULL);
	view = form_view(q, lay, "i1", a);
	{
		char *dump = json_dumps(view, JSON_COMPACT);

		CHECK(dump != NULL && strstr(dump,
		    "\"units\":[\"m/s2\",\"cm/s2\"],\"unit_input\":\"select\"") &&
		    strstr(dump, "100") == NULL && strstr(dump, "9.8") == NULL &&
		    strstr(dump, "fraction") == NULL && strstr(dump, "0.1") == NULL,
		    "the view lists the unit names and nothing of the key: %s",
		    dump ? dump : "");
		free(dump);
	}
	json_decref(view);
	q->show_units = QU_SHOW_NONE;
	view = form_view(q, lay, "i1", a);
	CHECK(json_object_get(view, "units") == NULL,
	    "showunits 3: no units shown");
	json_decref(view);
	json_decref(lay);
	resp = json_pack("{s:i, s:s}", "number", 9, "unit", "m/s2");
	CHECK(form_response(q, NULL, resp, a, &r, &err) == 0 &&
	    form_normalize(q, resp, &r, a, &field, &err) == NULL &&
	    field != NULL && strcmp(field, "unit") == 0,
	    "no unit taken where none is shown");
	json_decref(resp);
	arena_free(a);
}

void
test_grade(void)
{
	struct arena *a = arena_new();

	test_grade_fractions(a);
	test_grade_match_and_normalise(a);
	test_grade_totals();
	test_grade_regrade();
	test_grade_plain_layout();
	test_grade_cloze(a);
	test_grade_cloze_form(a);
	test_grade_ordering(a);
	test_grade_gapselect(a);
	test_grade_units();
	arena_free(a);
}
