/*
 * test_lint.c - bank lint: each rule warns about a bad item, with the line
 * a trainer must fix, and stays silent about a good one.
 */
#include "test.h"

#include "arena.h"
#include "bank_lint.h"
#include "question.h"

static int next_line;

static struct question *
item(struct q_bank *b, enum q_type type, const char *text)
{
	struct question *q = q_bank_add(b);

	q->type = type;
	q->text = arena_strdup(b->arena, text);
	q->line = next_line += 5;
	return q;
}

static void
option(struct q_bank *b, struct question *q, const char *text,
    double fraction)
{
	struct q_answer *a = q_add_answer(b, q);

	a->text = arena_strdup(b->arena, text);
	a->fraction = fraction;
}

/* A single-choice item whose key is option key (0-based) of n. */
static struct question *
choice(struct q_bank *b, const char *text, size_t n, size_t key)
{
	static const char *const opts[] = { "Alpha", "Bravo", "Charlie",
	    "Delta", "Echo" };
	struct question *q = item(b, Q_MULTICHOICE, text);

	for (size_t i = 0; i < n; i++)
		option(b, q, opts[i], i == key ? 1 : 0);
	return q;
}

/* Lints b and returns how many warnings mention needle (all if NULL);
 * *line gets the line of the first. */
static size_t
lint(const struct q_bank *b, const char *needle, int *line)
{
	struct arena *a = arena_new();
	struct q_bank w;
	size_t n = 0;

	q_bank_init(&w, a, "warnings");
	bank_lint(b, &w);
	if (line != NULL)
		*line = -1;
	for (size_t i = 0; i < w.nerr; i++) {
		if (needle != NULL && strstr(w.err[i].message, needle) == NULL)
			continue;
		if (n++ == 0 && line != NULL)
			*line = w.err[i].line;
	}
	arena_free(a);
	return n;
}

static void
test_longest(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *bad, *q;
	int line;

	q_bank_init(&b, a, "longest");
	bad = item(&b, Q_MULTICHOICE, "What should the clerk do first?");
	option(&b, bad, "Remove the customer data, then ask the data "
	    "protection officer before using any chatbot", 1);
	option(&b, bad, "Paste it anyway", 0);
	option(&b, bad, "Ask a colleague", 0);
	CHECK(lint(&b, "longest option", &line) == 1 && line == bad->line,
	    "a key far longer than the distractors is flagged at its line");

	q_bank_init(&b, a, "longest");
	q = item(&b, Q_MULTICHOICE, "Which tool fits?");
	option(&b, q, "<strong>abcdefghijkl</strong>", 1);
	option(&b, q, "abcdefghij", 0);
	CHECK(lint(&b, "longest option", NULL) == 0,
	    "tags do not count, and 2 more characters is no clear margin");
	q = item(&b, Q_MULTICHOICE, "Which tool fits best here?");
	option(&b, q, "A spreadsheet with macros", 1);
	option(&b, q, "A chatbot with plugins", 0);
	option(&b, q, "A database with triggers", 0);
	CHECK(lint(&b, "longest option", NULL) == 0,
	    "options alike in length raise nothing");
	q = item(&b, Q_MULTICHOICE, "Pick all that apply.");
	q->single = 0;
	option(&b, q, "A very long right answer that goes on and on and on", 0.5);
	option(&b, q, "Short", 0.5);
	CHECK(lint(&b, "longest option", NULL) == 0,
	    "multiple response items are not checked for length");
	arena_free(a);
}

static void
test_skew(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct arena *wa = arena_new();
	struct q_bank w;
	size_t i;
	int line;

	q_bank_init(&b, a, "skew");
	for (i = 0; i < 12; i++)
		choice(&b, "Which one?", 4, i < 10 ? 0 : i - 9);
	q_bank_init(&w, wa, "warnings");
	bank_lint(&b, &w);
	CHECK(w.nerr >= 1 && w.err[0].line == 0 &&
	    strstr(w.err[0].message, "(A 10, B 1, C 1, D 0)") != NULL &&
	    strstr(w.err[0].message, "12 single-choice questions with 4 "
	    "options") != NULL, "keys piled on A are reported once, with the "
	    "count per letter: %s", w.nerr ? w.err[0].message : "(none)");
	CHECK(lint(&b, "unevenly", &line) == 1, "one skew warning per bank");

	q_bank_init(&b, a, "even");
	for (i = 0; i < 12; i++)
		choice(&b, "Which one?", 4, i % 4);
	CHECK(lint(&b, "unevenly", NULL) == 0, "keys spread evenly: silent");

	q_bank_init(&b, a, "few");
	for (i = 0; i < 11; i++)
		choice(&b, "Which one?", 4, 0);
	CHECK(lint(&b, "unevenly", NULL) == 0,
	    "fewer than 12 items is too few to judge");

	q_bank_init(&b, a, "mixed");
	for (i = 0; i < 8; i++)
		choice(&b, "Which one?", 4, 0);
	for (i = 0; i < 8; i++)
		choice(&b, "Which one?", 3, 0);
	CHECK(lint(&b, "unevenly", NULL) == 0,
	    "items with different option counts are not pooled");
	arena_free(wa);
	arena_free(a);
}

static void
test_duplicates(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct arena *wa = arena_new();
	struct q_bank w;
	struct question *first, *second;
	char want[64];

	q_bank_init(&b, a, "dup");
	first = choice(&b, "Which of these is personal data?", 3, 0);
	choice(&b, "Which of these is public data?", 3, 1);
	second = choice(&b, "  which of these is <b>PERSONAL</b>\n data?", 3, 2);
	q_bank_init(&w, wa, "warnings");
	bank_lint(&b, &w);
	snprintf(want, sizeof want, "at line %d", first->line);
	CHECK(w.nerr == 1 && w.err[0].line == second->line &&
	    strstr(w.err[0].message, want) != NULL,
	    "a duplicate stem is flagged at the later line, naming the first");
	arena_free(wa);
	arena_free(a);
}

/* 1 if the stem alone draws a negative-stem warning. */
static int
negative(const char *stem)
{
	struct arena *a = arena_new();
	struct q_bank b;
	size_t n;

	q_bank_init(&b, a, "neg");
	choice(&b, stem, 3, 0);
	n = lint(&b, "negative question", NULL);
	arena_free(a);
	return n > 0;
}

static void
test_negative(void)
{
	CHECK(negative("Which of the following is not personal data?"),
	    "lowercase \"not\" is flagged");
	CHECK(negative("All of these are risks except which one?"),
	    "lowercase \"except\" is flagged");
	CHECK(negative("Which is the least safe way to share a file?"),
	    "lowercase \"least\" is flagged");
	CHECK(negative("下列關於個人資料保護法的敘述，何者錯誤？"),
	    "何者錯誤 is flagged");
	CHECK(negative("下列何者不是個人資料？"), "不是 is flagged");
	CHECK(negative("關於生成式AI，下列敘述何者不正確？"),
	    "何者不正確 is flagged");
	CHECK(!negative("Which of the following is NOT personal data?"),
	    "NOT in capitals is emphasised");
	CHECK(!negative("Which is <strong>not</strong> personal data?"),
	    "<strong>not</strong> is emphasised");
	CHECK(!negative("Which is <em class=\"x\">not</em> personal data?"),
	    "<em> with attributes is emphasised");
	CHECK(!negative("Which is **not** personal data?"),
	    "markdown bold is emphasised");
	CHECK(!negative("下列何者<strong>不正確</strong>？"),
	    "bold 不正確 is emphasised");
	CHECK(!negative("下列何者<b>錯誤的是</b>哪一項？"),
	    "bold 錯誤的是 is emphasised");
	CHECK(!negative("A clerk did not check the contract. What should the "
	    "manager do first?"), "a negative outside the question sentence "
	    "is not a negative stem");
	CHECK(!negative("Which approval needs at least two signatures?"),
	    "\"at least\" is not a negative");
	CHECK(!negative("Which model is notable for its size?"),
	    "\"notable\" is not \"not\"");
	CHECK(!negative("Which is personal data?"), "a positive stem is silent");
}

static void
test_one_option(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *bad;
	int line;

	q_bank_init(&b, a, "one");
	bad = choice(&b, "What is AI?", 1, 0);
	choice(&b, "What is ML?", 2, 1);
	CHECK(lint(&b, "1 option", &line) == 1 && line == bad->line,
	    "a multiple-choice item with one option is flagged");
	CHECK(lint(&b, NULL, NULL) == 1,
	    "an item with two options raises nothing");
	arena_free(a);
}

/* A gapselect gap whose group has one choice gives the key away. */
static void
test_gap_one_choice(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *q;
	int line;

	q_bank_init(&b, a, "gaps");
	q = q_bank_add(&b);
	q->type = Q_GAPSELECT;
	q->line = 7;
	q->text = "[[1]] and [[3]]";
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "a", 1 };
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "b", 1 };
	*q_add_gapchoice(&b, q) = (struct q_gapchoice){ "c", 2 };
	CHECK(lint(&b, "gap 2 offers a single choice (group 2)", &line) == 1 &&
	    line == 7 && lint(&b, NULL, NULL) == 1,
	    "a gap with one choice in its group is flagged, the other not");
	arena_free(a);
}

/* Moodle imports a question whose best answer is worth less than 100%:
 * lint says no response gets full marks; a multiple response whose
 * answers add up to 100% is fine. */
static void
test_best_partial(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct question *q, *bad;
	int line;

	q_bank_init(&b, a, "partial");
	bad = item(&b, Q_MULTICHOICE, "Pick the closest.");
	option(&b, bad, "Near", 0.75);
	option(&b, bad, "Far", 0);
	q = item(&b, Q_MULTICHOICE, "Pick the good ones.");
	q->single = 0;
	option(&b, q, "One", 0.5);
	option(&b, q, "Two", 0.5);
	option(&b, q, "Three", -1);
	q = item(&b, Q_NUMERICAL, "Pi?");
	q_add_answer(&b, q)->fraction = 1;
	CHECK(lint(&b, "worth 75%", &line) == 1 && line == bad->line,
	    "a single choice whose best answer is 75%% is flagged at its line");
	CHECK(lint(&b, "full marks", NULL) == 1,
	    "multiple response and a 100%% numerical raise nothing");
	arena_free(a);
}

static struct question *
lang_item(struct q_bank *b, const char *lang, const char *id,
    const char *text)
{
	struct question *q = choice(b, text, 3, 0);

	q->lang = arena_strdup(b->arena, lang);
	q->id = id ? arena_strdup(b->arena, id) : NULL;
	return q;
}

static void
test_translations(void)
{
	struct arena *a = arena_new();
	struct q_bank en, zh, w;
	const struct q_bank *banks[2] = { &en, &zh };
	struct question *only_en, *noid, *tf;
	int found_missing = 0, found_noid = 0, found_type = 0;

	q_bank_init(&en, a, "en.gift");
	q_bank_init(&zh, a, "zh.gift");
	lang_item(&en, "en", "ai-1", "What is AI?");
	lang_item(&en, "en", "ai-2", "What is ML?");
	only_en = lang_item(&en, "en", "ai-3", "What is a GPU?");
	lang_item(&zh, "zh-TW", "ai-1", "什麼是人工智慧？");
	tf = lang_item(&zh, "zh-TW", "ai-2", "機器學習是人工智慧。");
	tf->type = Q_TRUEFALSE;
	noid = lang_item(&zh, "zh-TW", NULL, "什麼是GPU？");

	q_bank_init(&w, a, "warnings");
	bank_lint_translations(banks, 2, &w);
	for (size_t i = 0; i < w.nerr; i++) {
		const char *m = w.err[i].message;

		if (strstr(m, "en.gift: question ai-3 has no zh-TW version") &&
		    w.err[i].line == only_en->line)
			found_missing++;
		else if (strstr(m, "zh.gift: this question has no id") &&
		    w.err[i].line == noid->line)
			found_noid++;
		else if (strstr(m, "question ai-2 is multichoice here but "
		    "truefalse in zh.gift"))
			found_type++;
		else
			CHECK(0, "unexpected translation warning: %s", m);
	}
	CHECK(found_missing == 1, "an id missing from zh-TW is named once");
	CHECK(found_noid == 1, "a question without an id is flagged");
	CHECK(found_type == 1, "a type that differs between languages is "
	    "flagged once");

	q_bank_init(&en, a, "en.gift");
	q_bank_init(&zh, a, "zh.gift");
	lang_item(&en, "en", "ai-1", "What is AI?");
	lang_item(&zh, "zh-TW", "ai-1", "什麼是人工智慧？");
	q_bank_init(&w, a, "warnings");
	bank_lint_translations(banks, 2, &w);
	CHECK(w.nerr == 0, "matching banks raise nothing");
	bank_lint_translations(banks, 1, &w);
	CHECK(w.nerr == 0, "a single language has nothing to match");
	lang_item(&en, "en", "ai-1", "What is AI, again?");
	bank_lint_translations(banks, 2, &w);
	CHECK(w.nerr == 1 && strstr(w.err[0].message, "id ai-1 is used twice"),
	    "an id used twice in one language is flagged");
	arena_free(a);
}

void
test_lint(void)
{
	test_longest();
	test_skew();
	test_duplicates();
	test_negative();
	test_one_option();
	test_gap_one_choice();
	test_best_partial();
	test_translations();
}
