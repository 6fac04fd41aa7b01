/*
 * test_exam.c - exam definitions (exam.c, exam_write.c): a full
 * definition read field by field, the defaults a trainer gets by leaving
 * fields out, every check a trainer can trip with the message that names
 * the field, all problems of one document reported together, ISO 8601
 * times, and the canonical JSON reading back to the same exam.
 */
#include "test.h"

#include <jansson.h>
#include <stdlib.h>

#include "arena.h"
#include "exam.h"
#include "question.h"

static const char full_json[] =
    "{\n"
    "  \"id\": \"ai-basics-2026\",\n"
    "  \"title\": {\"en\": \"AI Basics\", \"zh-TW\": \"AI 基礎\"},\n"
    "  \"description\": {\"en\": \"Prompting and\\nlimits.\","
    " \"zh-TW\": \"提示與限制。\"},\n"
    "  \"bank\": \"core\",\n"
    "  \"duration_s\": 3600,\n"
    "  \"grace_s\": 0,\n"
    "  \"pass_percent\": 72.5,\n"
    "  \"attempts\": 3,\n"
    "  \"wait_between_attempts_s\": 86400,\n"
    "  \"available_from\": \"2026-12-01T09:00:00+08:00\",\n"
    "  \"available_until\": \"2026-12-31T23:59:59Z\",\n"
    "  \"languages\": [\"en\"],\n"
    "  \"shuffle_items\": false,\n"
    "  \"shuffle_choices\": false,\n"
    "  \"review\": \"with_keys\",\n"
    "  \"certificate\": {\"valid_years\": 2},\n"
    "  \"sections\": [\n"
    "    {\"category\": \"ai/prompting\", \"count\": 10, \"min_percent\": 50,\n"
    "     \"difficulty\": {\"easy\": 3, \"medium\": 5, \"hard\": 2},\n"
    "     \"title\": {\"en\": \"Prompting\", \"zh-TW\": \"提示\"}},\n"
    "    {\"category\": \"ai/limits\", \"count\": 5}\n"
    "  ]\n"
    "}\n";

static const char minimal_json[] =
    "{\"id\": \"e1\", \"title\": {\"en\": \"E\", \"zh-TW\": \"考\"},"
    " \"duration_s\": 600, \"pass_percent\": 70,"
    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}";

/* Parses json; returns rc and leaves every message, one a line, in *msgs. */
static int
parse(struct arena *a, const char *json, struct exam *e, struct q_bank *b,
    char **msgs)
{
	int rc;

	q_bank_init(b, a, "exam.json");
	rc = exam_parse(a, json, strlen(json), e, b);
	*msgs = arena_strdup(a, "");
	for (size_t i = 0; i < b->nerr; i++)
		*msgs = arena_printf(a, "%s%s\n", *msgs, b->err[i].message);
	return rc;
}

/* Parses json, which must fail with a message containing want. */
static void
expect_error(const char *json, const char *want)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct exam e;
	char *msgs;
	int rc = parse(a, json, &e, &b, &msgs);

	CHECK(rc == -1 && strstr(msgs, want) != NULL,
	    "definition %s\n  should be refused with \"%s\"; got rc %d, "
	    "messages:\n%s", json, want, rc, msgs);
	CHECK(rc == -1 && b.nerr >= 1, "a refused definition has no message");
	arena_free(a);
}

/* minimal_json with the text `field` added as its first field. */
static char *
with_field(struct arena *a, const char *field)
{
	return arena_printf(a, "{%s, %s", field, minimal_json + 1);
}

/* minimal_json with its one section replaced by `sections`. */
static char *
with_sections(struct arena *a, const char *sections)
{
	return arena_printf(a, "{\"id\": \"e1\", \"title\": {\"en\": \"E\", "
	    "\"zh-TW\": \"考\"}, \"duration_s\": 600, \"pass_percent\": 70, "
	    "\"sections\": %s}", sections);
}

static int
str_eq(const char *x, const char *y)
{
	return x == NULL || y == NULL ? x == y : strcmp(x, y) == 0;
}

/* 1 if x and y define the same exam. */
static int
exam_same(const struct exam *x, const struct exam *y)
{
	if (!str_eq(x->id, y->id) || !str_eq(x->title_en, y->title_en) ||
	    !str_eq(x->title_zh, y->title_zh) ||
	    !str_eq(x->desc_en, y->desc_en) ||
	    !str_eq(x->desc_zh, y->desc_zh) || !str_eq(x->bank, y->bank) ||
	    x->duration_s != y->duration_s || x->grace_s != y->grace_s ||
	    x->pass_percent != y->pass_percent ||
	    x->attempts != y->attempts || x->wait_s != y->wait_s ||
	    x->opens_at != y->opens_at || x->closes_at != y->closes_at ||
	    x->nlanguages != y->nlanguages ||
	    x->shuffle_items != y->shuffle_items ||
	    x->shuffle_choices != y->shuffle_choices ||
	    x->review != y->review ||
	    x->cert_valid_years != y->cert_valid_years ||
	    x->nsections != y->nsections)
		return 0;
	for (size_t i = 0; i < x->nlanguages; i++)
		if (!str_eq(x->languages[i], y->languages[i]))
			return 0;
	for (size_t i = 0; i < x->nsections; i++) {
		const struct exam_section *s = &x->sections[i];
		const struct exam_section *t = &y->sections[i];

		if (!str_eq(s->category, t->category) || s->count != t->count ||
		    s->min_percent != t->min_percent ||
		    memcmp(s->mix, t->mix, sizeof s->mix) != 0 ||
		    !str_eq(s->title_en, t->title_en) ||
		    !str_eq(s->title_zh, t->title_zh))
			return 0;
	}
	return 1;
}

static void
test_full(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct exam e;
	char *msgs;
	const struct exam_section *s;

	CHECK(parse(a, full_json, &e, &b, &msgs) == 0,
	    "the full example definition is refused:\n%s", msgs);
	CHECK_STR(e.id, "ai-basics-2026", "id");
	CHECK_STR(e.title_en, "AI Basics", "title.en");
	CHECK_STR(e.title_zh, "AI 基礎", "title.zh-TW");
	CHECK_STR(e.desc_en, "Prompting and\nlimits.", "description.en");
	CHECK_STR(e.desc_zh, "提示與限制。", "description.zh-TW");
	CHECK_STR(e.bank, "core", "bank");
	CHECK(e.duration_s == 3600, "duration_s: got %d", e.duration_s);
	CHECK(e.grace_s == 0, "grace_s 0 must stay 0, got %d", e.grace_s);
	CHECK(e.pass_percent == 72.5, "pass_percent: got %g", e.pass_percent);
	CHECK(e.attempts == 3, "attempts: got %d", e.attempts);
	CHECK(e.wait_s == 86400, "wait_between_attempts_s: got %d", e.wait_s);
	CHECK(e.opens_at == 1796086800LL, "available_from: got %lld",
	    e.opens_at);
	CHECK(e.closes_at == 1798761599LL, "available_until: got %lld",
	    e.closes_at);
	CHECK(e.nlanguages == 1 && strcmp(e.languages[0], "en") == 0,
	    "languages: want just en, got %zu", e.nlanguages);
	CHECK(!e.shuffle_items && !e.shuffle_choices, "shuffle flags not read");
	CHECK(e.review == REVIEW_WITH_KEYS, "review: got %d", (int)e.review);
	CHECK(e.cert_valid_years == 2, "certificate.valid_years: got %d",
	    e.cert_valid_years);
	CHECK(e.nsections == 2, "sections: got %zu", e.nsections);
	if (e.nsections == 2) {
		s = &e.sections[0];
		CHECK_STR(s->category, "ai/prompting", "sections[0].category");
		CHECK(s->count == 10 && s->min_percent == 50,
		    "sections[0] count/min_percent: %d %g", s->count,
		    s->min_percent);
		CHECK(s->mix[1] == 3 && s->mix[2] == 5 && s->mix[3] == 2,
		    "sections[0].difficulty: %d %d %d", s->mix[1], s->mix[2],
		    s->mix[3]);
		CHECK_STR(s->title_en, "Prompting", "sections[0].title.en");
		CHECK_STR(s->title_zh, "提示", "sections[0].title.zh-TW");
		s = &e.sections[1];
		CHECK_STR(s->category, "ai/limits", "sections[1].category");
		CHECK(s->count == 5 && s->min_percent == 0 && s->mix[1] == 0 &&
		    s->mix[2] == 0 && s->mix[3] == 0 && s->title_en == NULL,
		    "sections[1] defaults not applied");
	}
	CHECK(exam_item_count(&e) == 15, "item count: got %d",
	    exam_item_count(&e));
	arena_free(a);
}

static void
test_defaults(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct exam e;
	char *msgs;

	CHECK(parse(a, minimal_json, &e, &b, &msgs) == 0,
	    "the minimal definition is refused:\n%s", msgs);
	CHECK(e.grace_s == 30, "grace_s default: got %d", e.grace_s);
	CHECK(e.attempts == 0, "attempts default (unlimited): got %d",
	    e.attempts);
	CHECK(e.wait_s == 0, "wait default: got %d", e.wait_s);
	CHECK(e.opens_at == 0 && e.closes_at == 0, "availability default");
	CHECK(e.nlanguages == 2 && strcmp(e.languages[0], "zh-TW") == 0 &&
	    strcmp(e.languages[1], "en") == 0,
	    "languages default: both zh-TW and en");
	CHECK(e.shuffle_items == 1 && e.shuffle_choices == 1,
	    "shuffling is on by default");
	CHECK(e.review == REVIEW_BY_SECTION, "review default: by_section");
	CHECK(e.cert_valid_years == 0, "no certificate by default");
	CHECK(e.bank == NULL && e.desc_en == NULL && e.desc_zh == NULL,
	    "optional texts are NULL");
	CHECK(exam_item_count(&e) == 1, "item count 1");

	/* null stands for "not given" everywhere optional. */
	CHECK(parse(a, with_field(a, "\"grace_s\": null, \"bank\": null, "
	    "\"certificate\": null, \"available_from\": null, "
	    "\"review\": null, \"languages\": null"), &e, &b, &msgs) == 0 &&
	    e.grace_s == 30 && e.review == REVIEW_BY_SECTION &&
	    e.nlanguages == 2, "null optional fields are refused:\n%s", msgs);
	arena_free(a);
}

static void
test_errors(void)
{
	struct arena *a = arena_new();
	static const struct {
		const char *field, *want;
	} top[] = {
		{ "\"pass_precent\": 70",
		  "unknown field \"pass_precent\" (did you mean \"pass_percent\"?)" },
		{ "\"shufle_items\": true",
		  "(did you mean \"shuffle_items\"?)" },
		{ "\"color\": \"red\"", "unknown field \"color\"" },
		{ "\"grace_s\": 601", "\"grace_s\" must be a whole number from 0 to 600" },
		{ "\"grace_s\": -1", "\"grace_s\" must be a whole number" },
		{ "\"grace_s\": 2.5", "\"grace_s\" must be a whole number" },
		{ "\"attempts\": \"3\"", "\"attempts\" must be a whole number" },
		{ "\"wait_between_attempts_s\": -5",
		  "\"wait_between_attempts_s\" must be a whole number" },
		{ "\"bank\": \"\"", "\"bank\" must be text" },
		{ "\"bank\": 7", "\"bank\" must be text" },
		{ "\"description\": \"x\"", "\"description\" must be an object" },
		{ "\"description\": {\"en\": \"x\", \"zh\": \"y\"}",
		  "\"description\" has unknown field \"zh\"" },
		{ "\"available_from\": \"2026-12-01T09:00:00\"",
		  "\"available_from\" must be a date and time with its offset" },
		{ "\"available_from\": \"2026-02-29T09:00:00Z\"",
		  "\"available_from\" must be a date and time" },
		{ "\"available_until\": \"2026-12-01 24:00Z\"",
		  "\"available_until\" must be a date and time" },
		{ "\"available_until\": 1796086800",
		  "\"available_until\" must be a date and time" },
		{ "\"available_from\": \"2026-12-02T00:00:00Z\", "
		  "\"available_until\": \"2026-12-01T00:00:00Z\"",
		  "\"available_until\" must be after \"available_from\"" },
		{ "\"available_from\": \"2026-12-01T09:00:00+08:00\", "
		  "\"available_until\": \"2026-12-01T01:00:00Z\"",
		  "\"available_until\" must be after \"available_from\"" },
		{ "\"languages\": []", "\"languages\" must be a list" },
		{ "\"languages\": [\"en\", \"fr\"]",
		  "\"languages\"[1] must be \"zh-TW\" or \"en\"" },
		{ "\"languages\": [\"en\", \"en\"]", "\"languages\"[1] repeats \"en\"" },
		{ "\"shuffle_items\": 1", "\"shuffle_items\" must be true or false" },
		{ "\"shuffle_choices\": \"no\"",
		  "\"shuffle_choices\" must be true or false" },
		{ "\"review\": \"keys\"", "\"review\" must be \"score\"" },
		{ "\"certificate\": {}",
		  "\"certificate\".valid_years is required" },
		{ "\"certificate\": {\"valid_years\": 0}",
		  "\"certificate\".valid_years must be a whole number from 1" },
		{ "\"certificate\": {\"valid_year\": 2}",
		  "(did you mean \"valid_years\"?)" },
		{ "\"certificate\": true", "\"certificate\" must be null or an object" },
	};
	static const struct {
		const char *json, *want;
	} whole[] = {
		{ "{\"title\": {\"en\": \"E\", \"zh-TW\": \"考\"}, \"duration_s\": 60,"
		  " \"pass_percent\": 70, \"sections\": [{\"category\": \"a\","
		  " \"count\": 1}]}", "\"id\" is required" },
		{ "[1, 2]", "must be a JSON object" },
		{ "", "not valid JSON" },
		{ "{\"id\": \"a\", \"id\": \"b\"}", "not valid JSON" },
	};
	static const struct {
		const char *sections, *want;
	} secs[] = {
		{ "[]", "\"sections\" must be a list of 1 to 100 sections" },
		{ "{\"category\": \"a\"}", "\"sections\" must be a list" },
		{ "[7]", "\"sections\"[0] must be an object" },
		{ "[{\"count\": 1}]", "\"sections\"[0] needs \"category\" or \"competency\"" },
		{ "[{\"category\": \"a\"}]", "\"sections\"[0].count is required" },
		{ "[{\"category\": \"a\", \"count\": 1}, {\"category\": \"b\","
		  " \"count\": 0}]",
		  "\"sections\"[1].count must be a whole number from 1 to 500" },
		{ "[{\"category\": \"a\", \"count\": 501}]",
		  "\"sections\"[0].count must be a whole number from 1 to 500" },
		{ "[{\"category\": \"a\", \"count\": 1}, {\"category\": \"a\","
		  " \"count\": 2}]",
		  "\"sections\"[1].category \"a\" is already drawn by "
		  "\"sections\"[0]" },
		{ "[{\"category\": \"a\", \"count\": 1, \"min_percent\": 101}]",
		  "\"sections\"[0].min_percent must be a number from 0 to 100" },
		{ "[{\"category\": \"a\", \"count\": 5, \"difficulty\":"
		  " {\"easy\": 1, \"hard\": 2}}]",
		  "\"sections\"[0].difficulty adds up to 3 items, but "
		  "\"sections\"[0].count is 5" },
		{ "[{\"category\": \"a\", \"count\": 5, \"difficulty\":"
		  " {\"easy\": -1, \"hard\": 6}}]",
		  "\"sections\"[0].difficulty.easy must be a whole number" },
		{ "[{\"category\": \"a\", \"count\": 5, \"difficulty\":"
		  " {\"esay\": 5}}]",
		  "\"sections\"[0].difficulty has unknown field \"esay\" "
		  "(did you mean \"easy\"?)" },
		{ "[{\"category\": \"a\", \"cuont\": 5}]",
		  "\"sections\"[0] has unknown field \"cuont\" "
		  "(did you mean \"count\"?)" },
		{ "[{\"category\": \"a\", \"count\": 1, \"title\":"
		  " {\"en\": \"\\u0007\"}}]",
		  "\"sections\"[0].title.en must be text" },
		{ "[{\"category\": \"a\", \"count\": 500}, {\"category\": \"b\","
		  " \"count\": 500}, {\"category\": \"c\", \"count\": 1}]",
		  "\"sections\" draw 1001 items in all" },
	};

	for (size_t i = 0; i < sizeof top / sizeof *top; i++)
		expect_error(with_field(a, top[i].field), top[i].want);
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
		expect_error(whole[i].json, whole[i].want);
	for (size_t i = 0; i < sizeof secs / sizeof *secs; i++)
		expect_error(with_sections(a, secs[i].sections), secs[i].want);

	/* Fields the minimal definition has, made wrong one at a time. */
	expect_error("{\"id\": \"E1\", \"title\": {\"en\": \"E\", \"zh-TW\": \"考\"},"
	    " \"duration_s\": 600, \"pass_percent\": 70,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"id\" must be 1 to 64 characters of a-z, 0-9 and -");
	expect_error("{\"id\": \"e1\", \"title\": {\"en\": \"E\"},"
	    " \"duration_s\": 600, \"pass_percent\": 70,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"title\".\"zh-TW\" is required");
	expect_error("{\"id\": \"e1\", \"title\": {\"en\": \"  \", \"zh-TW\": \"考\"},"
	    " \"duration_s\": 600, \"pass_percent\": 70,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"title\".en must be text of 1 to 200 characters");
	expect_error("{\"id\": \"e1\", \"title\": {\"en\": \"E\", \"zh-TW\": \"考\"},"
	    " \"duration_s\": 0, \"pass_percent\": 70,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"duration_s\" must be a whole number from 1 to 86400");
	expect_error("{\"id\": \"e1\", \"title\": {\"en\": \"E\", \"zh-TW\": \"考\"},"
	    " \"duration_s\": 600, \"pass_percent\": 0,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"pass_percent\" must be a number greater than 0 and at most 100");
	expect_error("{\"id\": \"e1\", \"title\": {\"en\": \"E\", \"zh-TW\": \"考\"},"
	    " \"duration_s\": 600, \"pass_percent\": 100.5,"
	    " \"sections\": [{\"category\": \"a\", \"count\": 1}]}",
	    "\"pass_percent\" must be a number greater than 0 and at most 100");
	{
		struct q_bank zh;
		struct exam e;
		const char *def = "{\"grace_s\": 601, \"color\": 1}";

		q_bank_init(&zh, a, "exam");
		zh.lang = "zh-TW";
		CHECK(exam_parse(a, def, strlen(def), &e, &zh) == -1 &&
		    zh.nerr == 7 && strcmp(zh.err[0].message, "無法辨識的欄位「color」。") == 0 &&
		    strcmp(zh.err[4].message, "\"grace_s\"必須是 0 到 600 的整數（秒）。") == 0,
		    "errors in zh-TW are Chinese, still naming JSON fields (%zu: %s / %s)",
		    zh.nerr, zh.nerr ? zh.err[0].message : "", zh.nerr > 4 ? zh.err[4].message : "");
	}
	arena_free(a);
}

static void
test_many_errors(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	struct exam e;
	char *msgs;
	static const char *const want[] = {
		"unknown field \"pass_precent\"",
		"\"id\" must be 1 to 64 characters",
		"\"title\".\"zh-TW\" is required",
		"\"duration_s\" is required",
		"\"pass_percent\" is required",
		"\"grace_s\" must be a whole number",
		"\"review\" must be",
		"\"sections\"[0].count must be a whole number from 1 to 500",
		"\"sections\"[2].category \"x\" is already drawn by \"sections\"[1]",
	};
	int rc = parse(a, "{\"id\": \"Bad Id\", \"title\": {\"en\": \"T\"},"
	    " \"pass_precent\": 70, \"grace_s\": 1000, \"review\": \"all\","
	    " \"sections\": [{\"category\": \"w\", \"count\": 0},"
	    " {\"category\": \"x\", \"count\": 1},"
	    " {\"category\": \"x\", \"count\": 1}]}", &e, &b, &msgs);

	CHECK(rc == -1, "a definition with nine problems was accepted");
	CHECK(b.nerr == sizeof want / sizeof *want,
	    "want %zu messages, got %zu:\n%s", sizeof want / sizeof *want,
	    b.nerr, msgs);
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		CHECK(strstr(msgs, want[i]) != NULL,
		    "messages lack \"%s\":\n%s", want[i], msgs);
	for (size_t i = 0; i < b.nerr; i++)
		CHECK(b.err[i].line == 0, "a checked field has line %d",
		    b.err[i].line);

	/* A syntax error is reported at jansson's line. */
	rc = parse(a, "{\n  \"id\": \"e1\",\n  \"duration_s\": 60,,\n}", &e, &b,
	    &msgs);
	CHECK(rc == -1 && b.nerr == 1 && b.err[0].line == 3,
	    "syntax error on line 3: got rc %d, %zu errors, line %d", rc, b.nerr,
	    b.nerr ? b.err[0].line : -1);
	arena_free(a);
}

static void
test_times(void)
{
	struct arena *a = arena_new();
	static const struct {
		const char *text;
		long long want;	/* from `date -u -d TEXT +%s` */
	} ok[] = {
		{ "2026-12-01T09:00:00+08:00", 1796086800LL },
		{ "2026-12-01T01:00:00Z", 1796086800LL },
		{ "2026-12-01T01:00:00z", 1796086800LL },
		{ "2026-12-01T09:00+08:00", 1796086800LL },
		{ "2026-12-01T09:00:00+0800", 1796086800LL },
		{ "2026-12-01T09:00:00+08", 1796086800LL },
		{ "2026-12-01T01:00:00.999Z", 1796086800LL },
		{ "2024-02-29T23:59:59-05:30", 1709270999LL },
		{ "2000-03-01T00:00:00Z", 951868800LL },
		{ "1970-01-01T00:00:01Z", 1LL },
		{ "9999-12-31T23:59:59Z", 253402300799LL },
	};
	static const char *const bad[] = {
		"2026-12-01T09:00:00", "2026-12-01", "2026-13-01T00:00:00Z",
		"2026-04-31T00:00:00Z", "2100-02-29T00:00:00Z",
		"2026-12-01T09:60:00Z", "2026-12-01T09:00:60Z",
		"2026-12-01T09:00:00+08:", "2026-12-01T09:00:00+8:00",
		"2026-12-01T09:00:00Z ", "1969-12-31T23:59:59Z",
		"1970-01-01T00:00:00Z", "26-12-01T09:00:00Z", "",
	};

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct q_bank b;
		struct exam e;
		char *msgs;
		int rc = parse(a, with_field(a, arena_printf(a,
		    "\"available_from\": \"%s\"", ok[i].text)), &e, &b, &msgs);

		CHECK(rc == 0 && e.opens_at == ok[i].want,
		    "%s: want %lld, got %lld (%s)", ok[i].text, ok[i].want,
		    e.opens_at, msgs);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_error(with_field(a, arena_printf(a,
		    "\"available_until\": \"%s\"", bad[i])),
		    "\"available_until\" must be");
	arena_free(a);
}

static void
test_round_trip(void)
{
	struct arena *a = arena_new();
	const char *docs[] = { full_json, minimal_json };

	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		struct q_bank b;
		struct exam e, back;
		char *msgs, *text;
		json_t *j, *j2;

		CHECK(parse(a, docs[i], &e, &b, &msgs) == 0, "doc %zu: %s", i,
		    msgs);
		j = exam_to_json(&e);
		CHECK(j != NULL, "exam_to_json failed");
		if (j == NULL)
			continue;
		text = json_dumps(j, JSON_INDENT(2));
		CHECK(parse(a, text, &back, &b, &msgs) == 0,
		    "canonical JSON refused:\n%s\n%s", text, msgs);
		CHECK(exam_same(&e, &back),
		    "canonical JSON reads back as a different exam:\n%s", text);
		j2 = exam_to_json(&back);
		CHECK(json_equal(j, j2), "canonical JSON is not stable");
		/* Every default is spelled out. */
		CHECK(json_object_size(j) == 17,
		    "canonical JSON has %zu fields, want 17", json_object_size(j));
		if (i == 1) {
			CHECK(json_integer_value(json_object_get(j, "grace_s"))
			    == 30, "grace_s default not written out");
			CHECK_STR(json_string_value(json_object_get(j,
			    "review")), "by_section", "review written out");
			CHECK(json_is_null(json_object_get(j, "certificate")),
			    "no certificate is written as null");
		} else {
			CHECK_STR(json_string_value(json_object_get(j,
			    "available_from")), "2026-12-01T01:00:00Z",
			    "available_from written in UTC");
		}
		free(text);
		json_decref(j);
		json_decref(j2);
	}
	arena_free(a);
}

void
test_exam(void)
{
	test_full();
	test_defaults();
	test_errors();
	test_many_errors();
	test_times();
	test_round_trip();
}
