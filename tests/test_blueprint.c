/*
 * test_blueprint.c - exams that draw by competency, through a real server:
 * a section names a competency instead of a category and draws the items
 * tagged with it or with any competency beneath it, in the attempt's
 * language; saving refuses a competency with too few items in one of the
 * exam's languages, naming it; no item is drawn twice when a category
 * section and a competency section overlap; a key-revealing exam cannot
 * reach a certificate exam's questions by competency; the counts per
 * competency, language and difficulty (GET /api/v1/banks/{bank}/
 * competencies and the console's exam form, in both languages) and who
 * may read them; a competency section's result carries its competency's
 * title. Parsing errors are checked on exam_parse directly.
 *
 * The framework is written with plain SQL into the server's database (as
 * a framework file would load it).
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "exam.h"
#include "question.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char coach[128], other[128], admin[128], ann[128], bob[128];

/*
 * Framework T: T.1 > T.1.1, T.1.2; T.2 > T.2.1. Bank bp:
 *   en:    a1 T.1.1 easy, a2 T.1.2 medium, a3 T.1 hard, a4 T.1.1+T.1.2
 *          (no difficulty), n1 untagged (all bp/a); b1, b2 T.2.1 (bp/b);
 *          c1 T.2 (bp/c); e1 T.1.1 an essay (never drawn)
 *   zh-TW: a1, a2, a4, b1, b2, c1 (no a3: T.1 has 3 in zh-TW, 4 in en)
 * Each stem carries its id in capitals, to tell the drawn items apart.
 */
static const char bank_bp[] =
    "$CATEGORY: bp/a\n\n"
    "// [id:a1] [tag:easy] [tag:comp:T.1.1]\n::A1::Stem A1{=right ~wrong}\n\n"
    "// [id:a2] [tag:medium] [tag:comp:T.1.2]\n::A2::Stem A2{=right ~wrong}\n\n"
    "// [id:a3] [tag:hard] [tag:comp:T.1]\n::A3::Stem A3{=right ~wrong}\n\n"
    "// [id:a4] [tag:comp:T.1.1] [tag:comp:T.1.2]\n::A4::Stem A4{=right ~wrong}\n\n"
    "// [id:n1]\n::N1::Stem N1{=right ~wrong}\n\n"
    "// [id:e1] [tag:comp:T.1.1]\n::E1::Stem E1 essay{}\n\n"
    "// [id:a1] [tag:easy] [tag:comp:T.1.1]\n::A1::題幹 A1 甲{=對 ~錯}\n\n"
    "// [id:a2] [tag:medium] [tag:comp:T.1.2]\n::A2::題幹 A2 乙{=對 ~錯}\n\n"
    "// [id:a4] [tag:comp:T.1.1] [tag:comp:T.1.2]\n::A4::題幹 A4 丁{=對 ~錯}\n\n"
    "$CATEGORY: bp/b\n\n"
    "// [id:b1] [tag:comp:T.2.1]\n::B1::Stem B1{=right ~wrong}\n\n"
    "// [id:b2] [tag:comp:T.2.1]\n::B2::Stem B2{=right ~wrong}\n\n"
    "// [id:b1] [tag:comp:T.2.1]\n::B1::題幹 B1 戊{=對 ~錯}\n\n"
    "// [id:b2] [tag:comp:T.2.1]\n::B2::題幹 B2 己{=對 ~錯}\n\n"
    "$CATEGORY: bp/c\n\n"
    "// [id:c1] [tag:comp:T.2]\n::C1::Stem C1{=right ~wrong}\n\n"
    "// [id:c1] [tag:comp:T.2]\n::C1::題幹 C1 庚{=對 ~錯}\n";

/* The other trainer's bank, and the same codes in it. */
static const char bank_ob[] =
    "$CATEGORY: ob/a\n\n"
    "// [id:o1] [tag:comp:T.1]\n::O1::Other one{=right ~wrong}\n";

static const char framework_sql[] =
    "INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at) "
    "VALUES ('t', '1', 'Test framework', '測試架構', '{}', 1);"
    "INSERT INTO competencies VALUES "
    "('t', '1', 'T.1', 'Foundations', '基礎', NULL, 0),"
    "('t', '1', 'T.1.1', 'Terms', '名詞', 'T.1', 1),"
    "('t', '1', 'T.1.2', 'Limits', '限制', 'T.1', 2),"
    "('t', '1', 'T.2', 'Practice', '實務', NULL, 3),"
    "('t', '1', 'T.2.1', 'Prompts', '提示', 'T.2', 4);";

/* ---- parsing ---- */

/* exam_parse of one section's JSON inside a valid definition: its errors
 * joined into msg. */
static int
parse_section(const char *sections, char *msg, size_t n)
{
	struct arena *a = arena_new();
	struct q_bank errs;
	struct exam e;
	char def[2048];
	int rc;
	size_t o = 0;

	snprintf(def, sizeof def, "{\"id\":\"x\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},"
	    "\"duration_s\":60,\"pass_percent\":50,\"sections\":%s}", sections);
	q_bank_init(&errs, a, "exam.json");
	rc = exam_parse(a, def, strlen(def), &e, &errs);
	msg[0] = '\0';
	for (size_t i = 0; i < errs.nerr; i++)
		o += (size_t)snprintf(msg + o, o < n ? n - o : 0, "%s\n", errs.err[i].message);
	if (rc == 0 && (e.nsections < 1 || e.sections[0].competency == NULL ||
	    e.sections[0].category != NULL))
		rc = 1;	/* read, but not as a competency section */
	arena_free(a);
	return rc;
}

static void
parsing(void)
{
	char msg[2048];
	int rc;

	rc = parse_section("[{\"competency\":\"AIL.2\",\"count\":5,"
	    "\"difficulty\":{\"easy\":2,\"medium\":2,\"hard\":1}}]", msg, sizeof msg);
	CHECK(rc == 0, "a section {\"competency\":\"AIL.2\",\"count\":5} with a mix is read "
	    "as a competency section (%d %s)", rc, msg);
	rc = parse_section("[{\"competency\":\"AIL.2\",\"category\":\"a\",\"count\":5}]", msg,
	    sizeof msg);
	CHECK(rc == -1 && strstr(msg, "\"sections\"[0]") && strstr(msg, "not from both"),
	    "category and competency together: refused, saying one or the other (%s)", msg);
	rc = parse_section("[{\"count\":5}]", msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "needs \"category\" or \"competency\""),
	    "neither: refused, naming both choices (%s)", msg);
	rc = parse_section("[{\"competency\":\"AIL 2!\",\"count\":5}]", msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "\"sections\"[0].competency must be a competency code"),
	    "a code with a space: refused as no competency code (%s)", msg);
	rc = parse_section("[{\"competency\":7,\"count\":5}]", msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "must be a competency code"),
	    "a number for a code: refused (%s)", msg);
	rc = parse_section("[{\"competency\":\"AIL.2\",\"count\":2},{\"category\":\"a\","
	    "\"count\":1},{\"competency\":\"AIL.2\",\"count\":1}]", msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "\"sections\"[2].competency \"AIL.2\" is already drawn "
	    "by \"sections\"[0]"), "the same competency twice: refused like a category (%s)",
	    msg);
	rc = parse_section("[{\"competency\":\"AIL.2\",\"count\":2},{\"competency\":\"AIL.2.1\","
	    "\"count\":1}]", msg, sizeof msg);
	CHECK(rc == 0, "a competency and one beneath it may both be drawn (%s)", msg);
	rc = parse_section("[{\"competncy\":\"AIL.2\",\"count\":2}]", msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "competency"), "a misspelt \"competency\" is named with "
	    "the likely field (%s)", msg);
}

/* ---- helpers ---- */

/* POST /api/v1/exams as token in lang: the status, 422 messages in msg. */
static int
save_exam(const char *token, const char *def, const char *lang, char *msg, size_t n)
{
	int status;
	json_t *j = testsrv_api_opt(&srv, token, "POST", "/api/v1/exams", def,
	    &(struct api_opt){ .lang = lang }, &status), *e;
	size_t i, o = 0;

	msg[0] = '\0';
	json_array_foreach(json_object_get(j, "errors"), i, e)
		o += (size_t)snprintf(msg + o, o < n ? n - o : 0, "%s\n",
		    json_string_value(json_object_get(e, "message")) ?: "");
	json_decref(j);
	return status;
}

/* A definition over bank bp: id, languages (JSON array text), review,
 * certificate years, sections (JSON array text). */
static const char *
exam(const char *id, const char *langs, const char *review, int cert, const char *sections)
{
	static char buf[4][2048];
	static int next;
	char *b = buf[next++ % 4], certs[64] = "";

	if (cert > 0)
		snprintf(certs, sizeof certs, "\"certificate\":{\"valid_years\":%d},", cert);
	snprintf(b, 2048, "{\"id\":\"%s\",\"title\":{\"en\":\"Exam %s\",\"zh-TW\":\"測驗 %s\"},"
	    "\"duration_s\":600,\"pass_percent\":50,\"languages\":%s,\"review\":\"%s\","
	    "\"bank\":\"bp\",%s\"sections\":%s}", id, id, id, langs, review, certs, sections);
	return b;
}

/* Starts exam as learner tok in lang; the ids drawn ("A1 A2 ...", in
 * stem order of the ids listed) into out; returns the attempt view (the
 * caller decrefs) or NULL. */
static json_t *
draw(const char *tok, const char *examid, const char *lang, char *out, size_t n)
{
	static const char *const ids[] = { "A1", "A2", "A3", "A4", "N1", "E1", "B1", "B2",
	    "C1", NULL };
	char path[256], body[64];
	int status;
	json_t *att, *it;
	size_t i, o = 0;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", examid);
	snprintf(body, sizeof body, "{\"lang\":\"%s\"}", lang);
	att = testsrv_api(&srv, tok, "POST", path, body, &status);
	out[0] = '\0';
	if (status != 201 && status != 200) {
		snprintf(out, n, "status %d", status);
		json_decref(att);
		return NULL;
	}
	for (size_t k = 0; ids[k] != NULL; k++) {
		int seen = 0;

		json_array_foreach(json_object_get(att, "items"), i, it) {
			const char *p = json_string_value(json_object_get(it, "prompt"));

			if (p != NULL && strstr(p, ids[k]) != NULL)
				seen++;
		}
		while (seen-- > 0)
			o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? " " : "",
			    ids[k]);
	}
	return att;
}

/* Submits attempt att (a view) as tok; the result (caller decrefs). */
static json_t *
submit(const char *tok, const json_t *att)
{
	char path[256];
	int status;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	return testsrv_api(&srv, tok, "POST", path, "", &status);
}

/* GET /api/v1/banks/{bank}/competencies (plus query) as tok: the answer,
 * its status in *status. */
static json_t *
counts(const char *tok, const char *bank, const char *query, int *status)
{
	char path[256];

	snprintf(path, sizeof path, "/api/v1/banks/%s/competencies%s", bank, query);
	return testsrv_api(&srv, tok, "GET", path, NULL, status);
}

/* The entry of code in a counts answer, or NULL. */
static json_t *
entry(const json_t *list, const char *code)
{
	size_t i;
	json_t *c;

	json_array_foreach(list, i, c)
		if (strcmp(testsrv_jstr(c, "code"), code) == 0)
			return c;
	return NULL;
}

/* items.lang.key of code in list, -1 when absent. */
static long long
count_of(const json_t *list, const char *code, const char *lang, const char *key)
{
	json_t *v = json_object_get(json_object_get(json_object_get(entry(list, code), "items"),
	    lang), key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* ---- the counts ---- */

static void
counts_api(void)
{
	int status;
	json_t *j, *t1;

	j = counts(coach, "bp", "", &status);
	CHECK(status == 200 && json_array_size(j) == 5, "the trainer reads bp's five "
	    "competencies (%d, %zu)", status, json_array_size(j));
	CHECK(strcmp(testsrv_jstr(json_array_get(j, 0), "code"), "T.1") == 0 &&
	    strcmp(testsrv_jstr(json_array_get(j, 4), "code"), "T.2.1") == 0,
	    "in the framework's order: T.1 first, T.2.1 last");
	t1 = entry(j, "T.1");
	CHECK(t1 != NULL && strcmp(testsrv_jstr(json_object_get(t1, "title"), "en"),
	    "Foundations") == 0 && strcmp(testsrv_jstr(json_object_get(t1, "title"), "zh-TW"),
	    "基礎") == 0 && json_is_null(json_object_get(t1, "parent")),
	    "T.1 has its titles in both languages and no parent");
	CHECK(strcmp(testsrv_jstr(entry(j, "T.1.2"), "parent"), "T.1") == 0,
	    "T.1.2 names its parent T.1");
	CHECK(count_of(j, "T.1", "en", "total") == 4 && count_of(j, "T.1", "zh-TW", "total") == 3,
	    "T.1 counts its descendants' items, each once (a4 carries two of them), and no essay: "
	    "4 in English, 3 in Chinese (%lld, %lld)", count_of(j, "T.1", "en", "total"),
	    count_of(j, "T.1", "zh-TW", "total"));
	CHECK(count_of(j, "T.1", "en", "easy") == 1 && count_of(j, "T.1", "en", "medium") == 1 &&
	    count_of(j, "T.1", "en", "hard") == 1 && count_of(j, "T.1", "en", "unknown") == 1,
	    "T.1 in English per difficulty: 1 easy, 1 medium, 1 hard, 1 unknown");
	CHECK(count_of(j, "T.1.1", "en", "total") == 2 && count_of(j, "T.1.2", "zh-TW", "total") == 2,
	    "T.1.1 holds a1 and a4 in English; T.1.2 a2 and a4 in Chinese");
	CHECK(count_of(j, "T.2", "en", "total") == 3 && count_of(j, "T.2.1", "zh-TW", "total") == 2,
	    "T.2 holds c1 and T.2.1's b1 and b2");
	json_decref(j);

	j = counts(admin, "bp", "", &status);
	CHECK(status == 200 && count_of(j, "T.1", "en", "total") == 4,
	    "the admin reads them too (%d)", status);
	json_decref(j);
	j = counts(coach, "bp", "?lang=en", &status);
	CHECK(status == 200, "?lang is known, as on every route (%d)", status);
	json_decref(j);
	j = counts(coach, "bp", "?category=bp/a", &status);
	CHECK(status == 400 && strstr(testsrv_jstr(j, "error"), "category") != NULL,
	    "an unknown query option: 400 naming it (%d %s)", status, testsrv_jstr(j, "error"));
	json_decref(j);
	j = counts(other, "bp", "", &status);
	CHECK(status == 403 && json_object_get(j, "items") == NULL && entry(j, "T.1") == NULL,
	    "another trainer: 403, no counts (%d)", status);
	json_decref(j);
	j = counts(ann, "bp", "", &status);
	CHECK(status == 403, "a learner: 403 (%d)", status);
	json_decref(j);
	j = counts(NULL, "bp", "", &status);
	CHECK(status == 401, "no session: 401 (%d)", status);
	json_decref(j);
	j = counts(coach, "nosuch", "", &status);
	CHECK(status == 404, "an unknown bank: 404 (%d)", status);
	json_decref(j);
	j = counts(other, "ob", "", &status);
	CHECK(status == 200 && count_of(j, "T.1", "en", "total") == 1 &&
	    count_of(j, "T.2", "en", "total") == 0 && json_array_size(j) == 5,
	    "the other trainer's own bank counts only its own question; a competency of the "
	    "framework it holds none of shows 0 (%d)", status);
	json_decref(j);
}

/* ---- saving and drawing ---- */

static void
saving(void)
{
	char msg[4096];
	int st;

	st = save_exam(coach, exam("bp-t1", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.1\",\"count\":3}]"), "en", msg, sizeof msg);
	CHECK(st == 201, "an exam drawing 3 of T.1 in both languages is saved (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-t1-4", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.1\",\"count\":4}]"), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "competency section \"T.1\" needs 4 questions in zh-TW "
	    "but bank bp has only 3") && !strstr(msg, "in en"),
	    "4 of T.1 in both languages: refused for zh-TW alone, naming the competency, the "
	    "language and the counts (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-t1-4", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.1\",\"count\":4}]"), "zh-TW", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "能力配置「T.1」需要 4 題 zh-TW 試題"),
	    "the same refusal in zh-TW (%s)", msg);
	st = save_exam(coach, exam("bp-t1-4", "[\"en\"]", "by_section", 0,
	    "[{\"competency\":\"T.1\",\"count\":4}]"), "en", msg, sizeof msg);
	CHECK(st == 201, "4 of T.1 in English alone is saved (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-mix", "[\"en\"]", "by_section", 0,
	    "[{\"competency\":\"T.1\",\"count\":2,\"difficulty\":{\"easy\":0,\"medium\":0,"
	    "\"hard\":2}}]"), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "competency section \"T.1\" needs 2 hard questions in en "
	    "but has only 1"), "a mix T.1 cannot fill: refused naming the difficulty (%d %s)",
	    st, msg);
	st = save_exam(coach, exam("bp-none", "[\"en\"]", "by_section", 0,
	    "[{\"competency\":\"Z.9\",\"count\":1}]"), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"Z.9\" needs 1 questions in en but bank bp has only 0"),
	    "a code no question carries: refused (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-both", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"category\":\"bp/b\",\"count\":2},{\"competency\":\"T.2\",\"count\":1}]"), "en",
	    msg, sizeof msg);
	CHECK(st == 201, "a category section and an overlapping competency section are saved "
	    "(%d %s)", st, msg);
	st = save_exam(coach, exam("bp-tight", "[\"en\"]", "by_section", 0,
	    "[{\"category\":\"bp/b\",\"count\":2},{\"competency\":\"T.2\",\"count\":2}]"),
	    "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "section \"T.2\" needs 2 questions in en, but of its 3, "
	    "sections before it that draw the same questions may take 2 first"),
	    "2 of bp/b then 2 of T.2, which has 3 but shares b1, b2 with bp/b: refused, since "
	    "a start would find one left (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-tight", "[\"en\"]", "by_section", 0,
	    "[{\"competency\":\"T.2\",\"count\":2},{\"category\":\"bp/b\",\"count\":1}]"),
	    "zh-TW", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "配置「bp/b」需要 1 題 en 試題，但其 2 題中最多有 2 題"),
	    "the other way round too, in zh-TW (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-notitle", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.2\",\"count\":1},{\"competency\":\"T.1.2\",\"count\":1,"
	    "\"title\":{\"en\":\"Own title\",\"zh-TW\":\"自訂\"}}]"), "en", msg, sizeof msg);
	CHECK(st == 201, "an exam of two competency sections, one titled, is saved (%d %s)",
	    st, msg);
	{
		int status;
		json_t *j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/bp-t1", NULL, &status);
		json_t *s0 = json_array_get(json_object_get(j, "sections"), 0);

		CHECK(status == 200 && strcmp(testsrv_jstr(s0, "competency"), "T.1") == 0 &&
		    json_object_get(s0, "category") == NULL,
		    "the stored definition gives the section's competency and no category (%d)",
		    status);
		json_decref(j);
	}
}

static void
drawing(void)
{
	char got[256];
	json_t *att, *res, *secs;

	att = draw(ann, "bp-t1-4", "en", got, sizeof got);
	CHECK(att != NULL && strcmp(got, "A1 A2 A3 A4") == 0,
	    "4 of T.1 in English draw a1..a4: T.1's own a3, its children's a1, a2, a4, never "
	    "the untagged n1 or the essay (%s)", got);
	json_decref(att);
	att = draw(ann, "bp-t1", "zh-TW", got, sizeof got);
	CHECK(att != NULL && strcmp(got, "A1 A2 A4") == 0,
	    "3 of T.1 in Chinese draw the three Chinese items a1, a2, a4 (%s)", got);
	json_decref(att);
	att = draw(bob, "bp-t1", "en", got, sizeof got);
	CHECK(att != NULL && strlen(got) == 8 && !strstr(got, "N1") && !strstr(got, "B"),
	    "3 of T.1 in English: three of a1..a4 (%s)", got);
	json_decref(att);

	/* bp/b holds b1, b2; T.2 holds b1, b2 and c1: the competency section
	 * must take c1, every time. */
	for (int k = 0; k < 3; k++) {
		char login[32], tok[128];

		snprintf(login, sizeof login, "bpl%d", k);
		testsrv_user(&srv, login, "Learner", "learner", "learner-pass1");
		testsrv_signin(&srv, login, "learner-pass1", tok, sizeof tok);
		att = draw(tok, "bp-both", k % 2 ? "zh-TW" : "en", got, sizeof got);
		CHECK(att != NULL && strcmp(got, "B1 B2 C1") == 0,
		    "a category section over bp/b and a T.2 section: b1, b2 and c1, none twice "
		    "(%s, %s)", k % 2 ? "zh-TW" : "en", got);
		json_decref(att);
	}

	att = draw(ann, "bp-notitle", "zh-TW", got, sizeof got);
	res = att ? submit(ann, att) : NULL;
	secs = json_object_get(res, "sections");
	CHECK(strcmp(testsrv_jstr(json_object_get(json_array_get(secs, 0), "title"), "zh-TW"),
	    "實務") == 0 && strcmp(testsrv_jstr(json_object_get(json_array_get(secs, 0), "title"),
	    "en"), "Practice") == 0 && strcmp(testsrv_jstr(json_array_get(secs, 0), "competency"),
	    "T.2") == 0, "the result of an untitled T.2 section carries T.2's titles and code");
	CHECK(strcmp(testsrv_jstr(json_object_get(json_array_get(secs, 1), "title"), "en"),
	    "Own title") == 0, "a titled competency section keeps its own title");
	if (att != NULL) {
		struct resp r;
		char path[256];
		struct websess w;

		snprintf(path, sizeof path, "/attempts/%s/result", testsrv_jstr(att, "id"));
		if (web_signin(&srv, "ann", "learner-pass1", NULL, &w) == 0 &&
		    web_get(&srv, &w, path, "zh-TW", &r) == 0) {
			CHECK(r.status == 200 && strstr(r.body, "實務") && strstr(r.body, "自訂"),
			    "the learner's result page names the sections 實務 and 自訂 (%d)",
			    r.status);
			resp_free(&r);
		} else {
			CHECK(0, "the learner's result page loads");
		}
	}
	json_decref(res);
	json_decref(att);

	/* The trainer's views of the exam keep working with competency
	 * sections: the overview with item statistics, results and their CSV. */
	{
		static const char *const paths[] = { "/api/v1/exams/bp-notitle/item-stats",
		    "/api/v1/exams/bp-notitle/results", "/api/v1/exams/bp-notitle/results.csv" };
		struct websess w;
		struct resp r;

		for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
			int status;
			json_t *j = testsrv_api(&srv, coach, "GET", paths[i], NULL, &status);

			CHECK(status == 200, "%s answers 200 for an exam of competency sections (%d)",
			    paths[i], status);
			json_decref(j);
		}
		if (web_signin(&srv, "coach", "coach-pass1", NULL, &w) == 0 &&
		    web_get(&srv, &w, "/console/exams/bp-notitle", "en", &r) == 0) {
			CHECK(r.status == 200 && strstr(r.body, "Exam bp-notitle"),
			    "the console's overview of it, with item statistics, loads (%d)", r.status);
			resp_free(&r);
		}
	}

	/* Retiring a1 leaves T.1 three English items. */
	{
		int status;
		json_t *j = testsrv_api(&srv, coach, "POST", "/api/v1/banks/bp/items/a1/retire",
		    "{\"retired\":true}", &status);

		json_decref(j);
		j = counts(coach, "bp", "", &status);
		CHECK(count_of(j, "T.1", "en", "total") == 3 && count_of(j, "T.1.1", "en", "total") == 1,
		    "a retired question is no longer counted (%lld)", count_of(j, "T.1", "en",
		    "total"));
		json_decref(j);
		j = testsrv_api(&srv, coach, "POST", "/api/v1/banks/bp/items/a1/retire",
		    "{\"retired\":false}", &status);
		json_decref(j);
	}
}

/* An exam that shows keys cannot reach a certificate exam's questions by
 * competency, nor the other way round. */
static void
reveal(void)
{
	char msg[4096];
	int st;

	st = save_exam(coach, exam("bp-cert", "[\"en\"]", "by_section", 2,
	    "[{\"category\":\"bp/c\",\"count\":1}]"), "en", msg, sizeof msg);
	CHECK(st == 201, "a certificate exam over bp/c is saved (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-keys", "[\"en\"]", "with_keys", 0,
	    "[{\"competency\":\"T.2\",\"count\":1}]"), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"bp-cert\"") && strstr(msg, "c1"),
	    "a with_keys exam drawing T.2, which holds the certificate exam's c1: refused (%d %s)",
	    st, msg);
	st = save_exam(coach, exam("bp-keys", "[\"en\"]", "with_keys", 0,
	    "[{\"competency\":\"T.2.1\",\"count\":1}]"), "en", msg, sizeof msg);
	CHECK(st == 201, "one drawing T.2.1 (b1, b2 only) is saved (%d %s)", st, msg);
	st = save_exam(coach, exam("bp-cert2", "[\"en\"]", "by_section", 2,
	    "[{\"competency\":\"T.2\",\"count\":1}]"), "en", msg, sizeof msg);
	CHECK(st == 422 && strstr(msg, "\"bp-keys\""),
	    "a certificate exam drawing T.2, whose T.2.1 a with_keys exam shows: refused (%d %s)",
	    st, msg);
	/* A new version of bp tagging the certificate exam's c1 with T.2.1
	 * would let bp-keys show it: refused, nothing imported. */
	{
		static const char from[] = "[tag:comp:T.2]\n", to[] = "[tag:comp:T.2.1]\n";
		char *text = malloc(sizeof bank_bp + 64), *w = text, *dump;
		const char *p = bank_bp, *q;
		json_t *j;
		int status;
		long long before = testsrv_db_int(&srv, "SELECT count(*) FROM bank_versions", NULL);

		while ((q = strstr(p, from)) != NULL) {
			memcpy(w, p, (size_t)(q - p));
			w += q - p;
			memcpy(w, to, sizeof to - 1);
			w += sizeof to - 1;
			p = q + sizeof from - 1;
		}
		strcpy(w, p);
		j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/banks?bank=bp&filename=bp.gift",
		    text, &(struct api_opt){ .ctype = "text/plain" }, &status);
		dump = json_dumps(j, 0);
		CHECK(status == 422 && dump != NULL && strstr(dump, "bp-cert") && strstr(dump, "c1") &&
		    testsrv_db_int(&srv, "SELECT count(*) FROM bank_versions", NULL) == before,
		    "an import tagging c1 with T.2.1, which a with_keys exam draws, is refused and "
		    "nothing is imported (%d %.300s)", status, dump ? dump : "");
		free(dump);
		json_decref(j);
		free(text);
	}
}

/* ---- the console ---- */

/* `aicert exam add` reads and checks competency sections as the API does. */
static void
cli(void)
{
	char out[4096];
	int rc;

	rc = testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", testsrv_file(&srv,
	    "bp-cli.json", exam("bp-cli", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.2\",\"count\":4}]"), 0), NULL);
	CHECK(rc != 0 && strstr(out, "competency section \"T.2\" needs 4 questions in en but "
	    "bank bp has only 3") && strstr(out, "in zh-TW but bank bp has only 3"),
	    "the command line refuses 4 of T.2, naming both languages (%d %s)", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", testsrv_file(&srv,
	    "bp-cli.json", exam("bp-cli", "[\"en\",\"zh-TW\"]", "by_section", 0,
	    "[{\"competency\":\"T.2\",\"count\":3}]"), 0), NULL);
	CHECK(rc == 0 && strstr(out, "exam bp-cli added: 3 questions"),
	    "and adds 3 of T.2 (%d %s)", rc, out);
}

static void
console(void)
{
	struct websess w, o;
	struct resp r;
	char body[2048];

	if (web_signin(&srv, "coach", "coach-pass1", NULL, &w) != 0) {
		CHECK(0, "the trainer signs in by the form");
		return;
	}
	if (web_get(&srv, &w, "/console/exams/bp-t1/edit", "en", &r) == 0) {
		CHECK(r.status == 200 && strstr(r.body, "Questions per competency in bank bp") &&
		    strstr(r.body, "<th scope=\"rowgroup\" rowspan=\"2\" class=\"comp-depth-0\">"
		    "T.1</th><td rowspan=\"2\" class=\"comp-title\">Foundations</td><td class=\"comp-lang\">English</td><td class=\"num\">1"
		    "</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"
		    "<td class=\"num\">4</td>") &&
		    strstr(r.body, "<td class=\"comp-lang\">Chinese</td><td class=\"num\">1</td><td class=\"num\">"
		    "1</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">3</td>"),
		    "the exam form of an exam over bp shows T.1 Foundations: 1 easy, 1 medium, 1 hard, 1 not rated, "
		    "4 in English; 3 in Chinese (%d)", r.status);
		CHECK(strstr(r.body, "class=\"comp-depth-1\">T.1.1</th><td rowspan=\"2\" class=\"comp-title\">Terms</td>") &&
		    strstr(r.body, "<option value=\"T.2\">T.2 Practice (3 in English, 3 in Chinese)"
		    "</option>"), "T.1.1 Terms beneath it; a section's competency choices with "
		    "their counts");
		resp_free(&r);
	}
	if (web_get(&srv, &w, "/console/exams/bp-t1/edit", "zh-TW", &r) == 0) {
		CHECK(r.status == 200 && strstr(r.body, "題庫 bp 各能力的題數") &&
		    strstr(r.body, "T.1</th><td rowspan=\"2\" class=\"comp-title\">基礎</td><td class=\"comp-lang\">英文</td>") &&
		    strstr(r.body, "<option value=\"T.2\">T.2 實務（英文 3 題，中文 3 題）</option>") &&
		    strstr(r.body, "未分級"),
		    "in zh-TW the table and the choices read in zh-TW (%d)", r.status);
		resp_free(&r);
	}
	if (web_get(&srv, &w, "/console/exams/bp-t1/edit", "en", &r) == 0) {
		CHECK(r.status == 200 && strstr(r.body, "<option value=\"T.1\" selected>T.1 Foundations"),
		    "editing a competency exam shows its section's competency chosen (%d)", r.status);
		resp_free(&r);
	}
	/* A section by competency from the form. */
	snprintf(body, sizeof body, "id=bp-form&title_en=Form&title_zh=%%E8%%A1%%A8&bank=bp&"
	    "minutes=10&grace=30&pass=50&attempts=0&wait_hours=0&opens=&closes=&review=by_section&"
	    "cert_years=0&lang_en=1&shuffle_items=1&shuffle_choices=1&nsections=2&"
	    "s0.category=&s0.competency=T.1.1&s0.count=2&s0.min=&s0.title_en=&s0.title_zh=&"
	    "s0.easy=&s0.medium=&s0.hard=&"
	    "s1.category=&s1.competency=&s1.count=&s1.min=&s1.title_en=&s1.title_zh=&"
	    "s1.easy=&s1.medium=&s1.hard=");
	if (web_post(&srv, &w, "/console/exams/new", body, 1, &r) == 0) {
		CHECK(r.status == 303 && testsrv_db_int(&srv, "SELECT count(*) FROM exams WHERE id = "
		    "'bp-form' AND json_extract(definition, '$.sections[0].competency') = 'T.1.1'",
		    NULL) == 1, "the form saves a section drawing T.1.1 (%d %.300s)", r.status,
		    r.body);
		resp_free(&r);
	}
	snprintf(body, sizeof body, "id=bp-form2&title_en=Form&title_zh=%%E8%%A1%%A8&bank=bp&"
	    "minutes=10&grace=30&pass=50&attempts=0&wait_hours=0&opens=&closes=&review=by_section&"
	    "cert_years=0&lang_en=1&lang_zh=1&shuffle_items=1&nsections=1&"
	    "s0.category=bp%%2Fa&s0.competency=T.1.1&s0.count=2&s0.min=&s0.title_en=&s0.title_zh=&"
	    "s0.easy=&s0.medium=&s0.hard=");
	if (web_post(&srv, &w, "/console/exams/new", body, 1, &r) == 0) {
		CHECK(r.status == 422 && strstr(r.body, "Section 1 draws either from"),
		    "a row with both a category and a competency: the form says to choose one, "
		    "naming the row (%d)", r.status);
		resp_free(&r);
	}
	snprintf(body, sizeof body, "id=bp-form3&title_en=Form&title_zh=%%E8%%A1%%A8&bank=bp&"
	    "minutes=10&grace=30&pass=50&attempts=0&wait_hours=0&opens=&closes=&review=by_section&"
	    "cert_years=0&lang_en=1&lang_zh=1&shuffle_items=1&nsections=1&"
	    "s0.category=&s0.competency=T.1&s0.count=4&s0.min=&s0.title_en=&s0.title_zh=&"
	    "s0.easy=&s0.medium=&s0.hard=");
	{
		char full[2300];

		snprintf(full, sizeof full, "%s&csrf=%s", body, w.csrf);
		if (web_req(&srv, &w, "POST", "/console/exams/new", "zh-TW",
		    "Content-Type: application/x-www-form-urlencoded\r\n", full, 0, &r) == 0) {
			CHECK(r.status == 422 && strstr(r.body, "能力配置「T.1」需要 4 題 zh-TW 試題"),
			    "too few Chinese items for T.1 from the form: the refusal in zh-TW (%d)",
			    r.status);
			resp_free(&r);
		}
	}
	/* Choosing another bank and asking for its competencies: the same
	 * form, counted for that bank, nothing saved. */
	snprintf(body, sizeof body, "id=bp-recount&title_en=&title_zh=&bank=bp&minutes=10&"
	    "grace=30&pass=50&attempts=0&wait_hours=0&opens=&closes=&review=by_section&"
	    "cert_years=0&lang_en=1&nsections=1&s0.category=&s0.competency=&s0.count=&s0.min=&"
	    "s0.title_en=&s0.title_zh=&s0.easy=&s0.medium=&s0.hard=&recount=1");
	if (web_post(&srv, &w, "/console/exams/new", body, 1, &r) == 0) {
		CHECK(r.status == 200 && strstr(r.body, "Questions per competency in bank bp") &&
		    strstr(r.body, "value=\"bp-recount\"") && testsrv_db_int(&srv,
		    "SELECT count(*) FROM exams WHERE id = 'bp-recount'", NULL) == 0,
		    "\"Show this bank's competencies\" counts bank bp on the same form, saving "
		    "nothing (%d)", r.status);
		resp_free(&r);
	}
	if (web_post(&srv, &w, "/console/exams/new", body, 0, &r) == 0) {
		CHECK(r.status == 403, "without the form's CSRF token: 403 (%d)", r.status);
		resp_free(&r);
	}
	/* The other trainer's form counts their own bank, never bp. */
	if (web_signin(&srv, "other", "other-pass1", NULL, &o) == 0 &&
	    web_get(&srv, &o, "/console/exams/new", "en", &r) == 0) {
		CHECK(r.status == 200 && strstr(r.body, "Questions per competency in bank") &&
		    !strstr(r.body, "bank bp") && !strstr(r.body, "Foundations (4 in English"),
		    "another trainer's form never counts bank bp (%d)", r.status);
		resp_free(&r);
		if (web_post(&srv, &o, "/console/exams/new", body, 1, &r) == 0) {
			CHECK(r.status == 200 && !strstr(r.body, "bank bp") &&
			    !strstr(r.body, "Foundations (4 in English"),
			    "not even when their form names bp and asks for its competencies (%d)",
			    r.status);
			resp_free(&r);
		}
	}
}

void
test_blueprint(void)
{
	int status;
	json_t *j;
	char err[256];
	int rc;

	parsing();

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "other", "Other", "trainer", "other-pass1");
	testsrv_user(&srv, "ann", "Ann", "learner", "learner-pass1");
	testsrv_user(&srv, "bob", "Bob", "learner", "learner-pass1");
	rc = testsrv_db_exec(&srv, framework_sql, err, sizeof err);
	CHECK(rc == 0, "framework t is written (%s)", err);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "other", "other-pass1", other, sizeof other);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "ann", "learner-pass1", ann, sizeof ann);
	testsrv_signin(&srv, "bob", "learner-pass1", bob, sizeof bob);
	CHECK(coach[0] && other[0] && admin[0] && ann[0] && bob[0], "everyone signs in");
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/banks?bank=bp&filename=bp.gift",
	    bank_bp, &(struct api_opt){ .ctype = "text/plain" }, &status);
	CHECK(status == 201, "the trainer uploads bank bp (%d)", status);
	json_decref(j);
	j = testsrv_api_opt(&srv, other, "POST", "/api/v1/banks?bank=ob&filename=ob.gift",
	    bank_ob, &(struct api_opt){ .ctype = "text/plain" }, &status);
	CHECK(status == 201, "the other trainer uploads bank ob (%d)", status);
	json_decref(j);

	counts_api();
	saving();
	drawing();
	reveal();
	cli();
	console();

	testsrv_stop(&srv, SIGTERM, NULL);
}
