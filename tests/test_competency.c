/*
 * test_competency.c - competency frameworks through the real binary:
 * `aicert framework add` (exit codes, every refusal of a file naming its
 * field, nothing stored after one), versions (a second drops a code: the
 * first stays readable by ?version, titles and descendants come from the
 * second), the code-clash refusal, the bundled frameworks init loads,
 * the JSON API (who may read and add, 201/200/400/404, messages in the
 * caller's language, the audit trail), item counts per language with
 * descendants and the ownership of the banks counted, the console page
 * in both languages with its form, lint of comp: tags, and the comp:
 * tags kept through export in GIFT, Moodle XML and bank JSON.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "competency.h"
#include "store.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char admin_tok[128], t1_tok[128], t2_tok[128], learner_tok[128];

/* Version 1: a child listed before its parent, five codes. */
static const char fw_v1[] =
    "{\"id\":\"ct\",\"version\":\"1\",\"title\":{\"en\":\"Competency test\","
    "\"zh-TW\":\"能力測試\"},\"competencies\":["
    "{\"code\":\"C.1.1\",\"title\":{\"en\":\"Models\",\"zh-TW\":\"模型\"},\"parent\":\"C.1\"},"
    "{\"code\":\"C.1\",\"title\":{\"en\":\"Concepts\",\"zh-TW\":\"概念\"}},"
    "{\"code\":\"C.1.2\",\"title\":{\"en\":\"History\",\"zh-TW\":\"歷史\"},\"parent\":\"C.1\"},"
    "{\"code\":\"C.2\",\"title\":{\"en\":\"Practice\",\"zh-TW\":\"實務\"}},"
    "{\"code\":\"C.2.1\",\"title\":{\"en\":\"Prompts\",\"zh-TW\":\"提示\"},\"parent\":\"C.2\"}]}";
/* Version 2: C.1.2 dropped, C.1 renamed. */
static const char fw_v2[] =
    "{\"id\":\"ct\",\"version\":\"2\",\"title\":{\"en\":\"Competency test\","
    "\"zh-TW\":\"能力測試\"},\"competencies\":["
    "{\"code\":\"C.1\",\"title\":{\"en\":\"Core concepts\",\"zh-TW\":\"核心概念\"}},"
    "{\"code\":\"C.1.1\",\"title\":{\"en\":\"Models\",\"zh-TW\":\"模型\"},\"parent\":\"C.1\"},"
    "{\"code\":\"C.2\",\"title\":{\"en\":\"Practice\",\"zh-TW\":\"實務\"}},"
    "{\"code\":\"C.2.1\",\"title\":{\"en\":\"Prompts\",\"zh-TW\":\"提示\"},\"parent\":\"C.2\"}]}";

/* T1's bank: two English and one Chinese question on C.1.1, one English
 * on C.2.1; an unknown code and a bad one for lint. */
static const char bank_en[] =
    "$CATEGORY: ct/all\n\n"
    "// [id:q1] [tag:comp:C.1.1]\n::Q1::What is a model?{=A function ~A table}\n\n"
    "// [id:q2] [tag:comp:C.1.1] [tag:comp:C.2.1]\n::Q2::Which is learnt?{=Weights ~Nothing}\n\n"
    "// [id:q3] [tag:comp:NOPE.9]\n::Q3::Third?{=Yes ~No}\n\n"
    "// [id:q4] [tag:comp:bad!code]\n::Q4::Fourth?{=Yes ~No}\n";
static const char bank_zh[] =
    "$CATEGORY: ct/all\n\n"
    "// [id:q1] [tag:comp:C.1.1]\n::Q1::什麼是模型？{=函數 ~表格}\n\n"
    "// [id:q2]\n::Q2::學到的是什麼？{=權重 ~沒有}\n\n"
    "// [id:q3]\n::Q3::第三題？{=是 ~否}\n\n"
    "// [id:q4]\n::Q4::第四題？{=是 ~否}\n";

static long long
frameworks_rows(void)
{
	return testsrv_db_int(&srv, "SELECT count(*) FROM frameworks", NULL);
}

/* `aicert framework add` of text as file name; its exit status, output
 * into out. */
static int
add_file(const char *name, const char *text, char *out, size_t n)
{
	return testsrv_cli(&srv, NULL, out, n, "framework", "add",
	    testsrv_file(&srv, name, text, 0), NULL);
}

/* ---- the command line ---- */

static void
cli(void)
{
	static const struct {
		const char *json, *want;
	} bad[] = {
		{ "{\"id\":", "not valid JSON" },
		{ "[1]", "must be a JSON object" },
		{ "{\"id\":\"x\",\"version\":\"1\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"},"
		  "\"competencies\":[{\"code\":\"X.1\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"}}],"
		  "\"extra\":1}", "unknown field \"extra\"" },
		{ "{\"id\":\"Bad_ID\"}", "\"id\" must be 1 to 64 characters of a-z, 0-9 and -" },
		{ "{\"version\":\"1\"}", "\"id\" is required" },
		{ "{\"version\":\"a b\"}", "\"version\" must be 1 to 32 printable ASCII" },
		{ "{\"version\":\"123456789012345678901234567890123\"}",
		  "\"version\" must be 1 to 32 printable ASCII" },
		{ "{\"version\":1}", "\"version\" must be 1 to 32 printable ASCII" },
		{ "{}", "\"version\" is required" },
		{ "{}", "\"title\" is required" },
		{ "{\"title\":\"X\"}", "\"title\" must be an object with \"en\" and \"zh-TW\"" },
		{ "{\"title\":{\"en\":\"X\"}}", "\"title\".\"zh-TW\" is required" },
		{ "{\"title\":{\"en\":\"X\",\"zh-TW\":\"X\",\"fr\":\"X\"}}",
		  "\"title\" has unknown field \"fr\"" },
		{ "{\"title\":{\"en\":\"   \",\"zh-TW\":\"X\"}}",
		  "\"title\".en must be text of 1 to 200 characters on one line" },
		{ "{}", "\"competencies\" is required" },
		{ "{\"competencies\":[]}", "\"competencies\" must be a list of 1 to 2000" },
		{ "{\"competencies\":[7]}", "\"competencies\"[0] must be an object with \"code\"" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"},"
		  "\"weight\":1}]}", "\"competencies\"[0] has unknown field \"weight\"" },
		{ "{\"competencies\":[{\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"}}]}",
		  "\"competencies\"[0].code is required" },
		{ "{\"competencies\":[{\"code\":\".A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"}}]}",
		  "\"competencies\"[0].code must be a code of 1 to 64" },
		{ "{\"competencies\":[{\"code\":\"A\"}]}", "\"competencies\"[0].title is required" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"}},"
		  "{\"code\":\"A\",\"title\":{\"en\":\"B\",\"zh-TW\":\"B\"}}]}",
		  "\"competencies\"[1].code repeats the code \"A\" of \"competencies\"[0]" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"},"
		  "\"parent\":\"Z\"}]}", "\"competencies\"[0].parent names \"Z\", which is not a code" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"},"
		  "\"parent\":\"a b\"}]}", "\"competencies\"[0].parent must be a code" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"},"
		  "\"parent\":\"B\"},{\"code\":\"B\",\"title\":{\"en\":\"B\",\"zh-TW\":\"B\"},"
		  "\"parent\":\"A\"}]}", "\"competencies\"[0].parent puts \"A\" beneath itself" },
		{ "{\"competencies\":[{\"code\":\"A\",\"title\":{\"en\":\"A\",\"zh-TW\":\"A\"},"
		  "\"parent\":\"A\"}]}", "\"competencies\"[0].parent puts \"A\" beneath itself" },
	};
	char out[8192], *big;
	size_t at;
	int rc;

	rc = add_file("ct1.json", fw_v1, out, sizeof out);
	CHECK(rc == 0 && strstr(out, "framework ct 1 added: 5 competencies") != NULL,
	    "framework add stores version 1 (exit %d): %s", rc, out);
	rc = add_file("ct1.json", fw_v1, out, sizeof out);
	CHECK(rc == 0 && strstr(out, "framework ct 1 unchanged") != NULL && frameworks_rows() == 1,
	    "the same file again changes nothing and exits 0 (exit %d): %s", rc, out);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		rc = add_file("bad.json", bad[i].json, out, sizeof out);
		CHECK(rc == 1 && strstr(out, bad[i].want) != NULL &&
		    strstr(out, "bad.json:") != NULL && strstr(out, "framework not added") != NULL,
		    "%s: refused naming the field (\"%s\"; exit %d): %s", bad[i].json, bad[i].want,
		    rc, out);
	}
	/* 2001 competencies: one too many */
	big = malloc(2001 * 64 + 200);
	at = (size_t)sprintf(big, "{\"id\":\"big\",\"version\":\"1\",\"title\":{\"en\":\"B\","
	    "\"zh-TW\":\"B\"},\"competencies\":[");
	for (int i = 0; i < 2001; i++)
		at += (size_t)sprintf(big + at, "%s{\"code\":\"B%d\",\"title\":{\"en\":\"B\","
		    "\"zh-TW\":\"B\"}}", i ? "," : "", i);
	strcpy(big + at, "]}");
	rc = add_file("big.json", big, out, sizeof out);
	CHECK(rc == 1 && strstr(out, "\"competencies\" must be a list of 1 to 2000") != NULL,
	    "2001 competencies are refused (exit %d): %.300s", rc, out);
	free(big);
	CHECK(frameworks_rows() == 1 && testsrv_db_int(&srv, "SELECT count(*) FROM "
	    "competencies", NULL) == 5, "no refused file stored anything");

	rc = add_file("ct1b.json", "{\"id\":\"ct\",\"version\":\"1\",\"title\":{\"en\":\"Other\","
	    "\"zh-TW\":\"其他\"},\"competencies\":[{\"code\":\"C.1\",\"title\":{\"en\":\"X\","
	    "\"zh-TW\":\"X\"}}]}", out, sizeof out);
	CHECK(rc == 1 && strstr(out, "version \"1\" of \"ct\" is already stored with other "
	    "content") != NULL, "the same version with other content is refused (exit %d): %s",
	    rc, out);
	rc = add_file("clash.json", "{\"id\":\"other\",\"version\":\"1\",\"title\":{\"en\":\"O\","
	    "\"zh-TW\":\"O\"},\"competencies\":[{\"code\":\"D.1\",\"title\":{\"en\":\"D\","
	    "\"zh-TW\":\"D\"}},{\"code\":\"C.2\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"}}]}",
	    out, sizeof out);
	CHECK(rc == 1 && strstr(out, "\"competencies\"[1].code \"C.2\" is already a code of the "
	    "framework \"ct\"") != NULL && frameworks_rows() == 1,
	    "a code of another framework is refused, naming it (exit %d): %s", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "framework", NULL);
	CHECK(rc == 2 && strstr(out, "usage: aicert framework add") != NULL,
	    "framework without add FILE: usage, exit 2 (%d): %s", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "framework", "add", "--bogus", "x.json", NULL);
	CHECK(rc == 2, "an unknown option: exit 2 (%d): %s", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "framework", "add", "/nonexistent/x.json",
	    NULL);
	CHECK(rc == 1 && strstr(out, "cannot read the file") != NULL,
	    "a missing file: exit 1 (%d): %s", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "framework", "add", "--owner", "lena",
	    testsrv_file(&srv, "ct1.json", fw_v1, 0), NULL);
	CHECK(rc == 1, "--owner must name a trainer or admin (exit %d): %s", rc, out);
}

/* init loads the frameworks of the share directory's questions/frameworks/. */
static void
bundled(void)
{
	static const char fw[] =
	    "{\"id\":\"bundled-fw\",\"version\":\"2026\",\"title\":{\"en\":\"B\",\"zh-TW\":\"B\"},"
	    "\"competencies\":[{\"code\":\"BU.1\",\"title\":{\"en\":\"B\",\"zh-TW\":\"B\"}}]}";
	static const char *const sub[] = { "", "/questions", "/questions/frameworks" };
	struct testsrv t;
	char dir[200], path[400], cwd[256], out[4096];
	long long n;
	int rc;

	testsrv_init(&t);
	snprintf(dir, sizeof dir, "%s/share", t.dir);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", dir, sub[i]);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof path, "%s/questions/frameworks/bundled.json", dir);
	test_write_file(path, fw, strlen(fw));
	snprintf(path, sizeof path, "%s/templates", dir);
	CHECK(getcwd(cwd, sizeof cwd) != NULL && strlen(cwd) < 200 &&
	    symlink(strcat(cwd, "/templates"), path) == 0, "a share directory for init");
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	rc = testsrv_cli(&t, NULL, out, sizeof out, "init", "--share", dir, NULL);
	n = testsrv_db_int(&t, "SELECT count(*) FROM competencies WHERE framework_id = "
	    "'bundled-fw' AND code = 'BU.1'", NULL);
	CHECK(rc == 0 && n == 1 && strstr(out, "framework bundled-fw 2026 added") != NULL,
	    "init loads questions/frameworks/*.json (exit %d, %lld rows): %s", rc, n, out);
}

/* ---- the API ---- */

/* GET path as tok: the competency code of the response's competencies,
 * or NULL. Borrowed from fw. */
static json_t *
comp_of(json_t *fw, const char *code)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(fw, "competencies"), i, c)
		if (strcmp(testsrv_jstr(c, "code"), code) == 0)
			return c;
	return NULL;
}

static long long
items_of(json_t *fw, const char *code, const char *lang)
{
	json_t *c = comp_of(fw, code);

	return c ? json_integer_value(json_object_get(json_object_get(c, "items"), lang)) : -1;
}

/* The most a file may hold, 2000 codes, in one chain: stored, read
 * back in order to the bottom, counted, and the page still renders. */
static void
chain(void)
{
	size_t cap = 2000 * 96 + 256, at;
	char *big = malloc(cap);
	json_t *j, *list, *last;
	int st;

	at = (size_t)snprintf(big, cap, "{\"id\":\"chain\",\"version\":\"1\",\"title\":"
	    "{\"en\":\"Chain\",\"zh-TW\":\"鏈\"},\"competencies\":[");
	for (int i = 1999; i >= 0; i--) {	/* the deepest first */
		at += (size_t)snprintf(big + at, cap - at, "%s{\"code\":\"L%d\",\"title\":{\"en\":"
		    "\"L\",\"zh-TW\":\"L\"}", i < 1999 ? "," : "", i);
		if (i > 0)
			at += (size_t)snprintf(big + at, cap - at, ",\"parent\":\"L%d\"", i - 1);
		at += (size_t)snprintf(big + at, cap - at, "}");
	}
	snprintf(big + at, cap - at, "]}");
	j = testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks", big, &st);
	CHECK(st == 201, "a chain of 2000 codes is stored (%d): %s", st, testsrv_jstr(j, "error"));
	json_decref(j);
	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/chain", NULL, &st);
	list = json_object_get(j, "competencies");
	last = json_array_get(list, 1999);
	CHECK(st == 200 && json_array_size(list) == 2000 &&
	    strcmp(testsrv_jstr(json_array_get(list, 0), "code"), "L0") == 0 &&
	    strcmp(testsrv_jstr(last, "code"), "L1999") == 0 &&
	    json_integer_value(json_object_get(last, "depth")) == 1999,
	    "read back from the top down to depth 1999 (%d)", st);
	json_decref(j);
	free(big);
}

static void
api(void)
{
	static const char *const paths[] = { "/api/v1/frameworks", "/api/v1/frameworks/ct" };
	struct api_opt zh = { .lang = "zh-TW" };
	json_t *j, *c;
	int st;

	for (size_t i = 0; i < 2; i++) {
		json_decref(testsrv_api(&srv, NULL, "GET", paths[i], NULL, &st));
		CHECK(st == 401, "GET %s anonymous: 401 (%d)", paths[i], st);
		json_decref(testsrv_api(&srv, learner_tok, "GET", paths[i], NULL, &st));
		CHECK(st == 403, "GET %s as a learner: 403 (%d)", paths[i], st);
	}
	json_decref(testsrv_api(&srv, learner_tok, "POST", "/api/v1/frameworks", fw_v2, &st));
	CHECK(st == 403, "a learner cannot add a framework (%d)", st);

	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks", NULL, &st);
	c = json_array_get(j, 0);
	CHECK(st == 200 && json_array_size(j) == 1 && strcmp(testsrv_jstr(c, "id"), "ct") == 0 &&
	    strcmp(testsrv_jstr(c, "version"), "1") == 0 &&
	    json_integer_value(json_object_get(c, "count")) == 5 &&
	    strcmp(testsrv_jstr(json_object_get(c, "title"), "zh-TW"), "能力測試") == 0,
	    "a trainer lists the frameworks: ct version 1 with 5 competencies (%d)", st);
	json_decref(j);

	/* Counts: C.1 counts its child C.1.1's questions; T2 cannot draw
	 * from T1's bank, so sees none of them; the admin sees them. */
	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/ct", NULL, &st);
	CHECK(st == 200 && items_of(j, "C.1.1", "en") == 2 && items_of(j, "C.1.1", "zh-TW") == 1 &&
	    items_of(j, "C.1", "en") == 2 && items_of(j, "C.1", "zh-TW") == 1 &&
	    items_of(j, "C.2", "en") == 1 && items_of(j, "C.2.1", "en") == 1 &&
	    items_of(j, "C.2", "zh-TW") == 0 && items_of(j, "C.1.2", "en") == 0,
	    "the bank items per language carrying each code or one beneath it (%d)", st);
	CHECK(st == 200 && strcmp(testsrv_jstr(json_array_get(json_object_get(j, "competencies"),
	    0), "code"), "C.1") == 0 && json_integer_value(json_object_get(comp_of(j, "C.1.1"),
	    "depth")) == 1 && strcmp(testsrv_jstr(comp_of(j, "C.1.1"), "parent"), "C.1") == 0,
	    "competencies come in tree order, each with its parent and depth");
	json_decref(j);
	j = testsrv_api(&srv, t2_tok, "GET", "/api/v1/frameworks/ct", NULL, &st);
	CHECK(st == 200 && items_of(j, "C.1", "en") == 0,
	    "another trainer's counts leave out T1's own bank (%d, %lld)", st,
	    items_of(j, "C.1", "en"));
	json_decref(j);
	j = testsrv_api(&srv, admin_tok, "GET", "/api/v1/frameworks/ct", NULL, &st);
	CHECK(st == 200 && items_of(j, "C.1", "en") == 2, "the admin counts every bank (%d)", st);
	json_decref(j);

	/* A second trainer adds version 2 (frameworks are shared). */
	j = testsrv_api(&srv, t2_tok, "POST", "/api/v1/frameworks", fw_v2, &st);
	CHECK(st == 201 && strcmp(testsrv_jstr(j, "status"), "added") == 0 &&
	    json_integer_value(json_object_get(j, "count")) == 4,
	    "another trainer adds version 2: 201 added (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks", fw_v2, &st);
	CHECK(st == 200 && strcmp(testsrv_jstr(j, "status"), "unchanged") == 0,
	    "the same version again: 200 unchanged (%d)", st);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'framework.add' "
	    "AND detail LIKE 'ct 2%' AND user_id = (SELECT id FROM users WHERE login = 't2')",
	    NULL) == 1, "adding a version is in the audit trail, by who added it");
	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/ct", NULL, &st);
	CHECK(st == 200 && strcmp(testsrv_jstr(j, "version"), "2") == 0 &&
	    json_is_true(json_object_get(j, "current")) && comp_of(j, "C.1.2") == NULL &&
	    strcmp(testsrv_jstr(json_object_get(comp_of(j, "C.1"), "title"), "en"),
	    "Core concepts") == 0 && json_array_size(json_object_get(j, "versions")) == 2,
	    "the current version is 2: C.1.2 gone, C.1 renamed (%d)", st);
	json_decref(j);
	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/ct?version=1", NULL, &st);
	CHECK(st == 200 && strcmp(testsrv_jstr(j, "version"), "1") == 0 &&
	    json_is_false(json_object_get(j, "current")) && comp_of(j, "C.1.2") != NULL &&
	    strcmp(testsrv_jstr(json_object_get(comp_of(j, "C.1"), "title"), "en"),
	    "Concepts") == 0, "version 1 stays readable with ?version=1 (%d)", st);
	json_decref(j);
	json_decref(testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/ct?version=9", NULL, &st));
	CHECK(st == 404, "an unknown version: 404 (%d)", st);
	json_decref(testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/nope", NULL, &st));
	CHECK(st == 404, "an unknown framework: 404 (%d)", st);
	json_decref(testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks/ct?versoin=1", NULL, &st));
	CHECK(st == 400, "an unknown query option: 400 (%d)", st);
	json_decref(testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks?page=2", NULL, &st));
	CHECK(st == 400, "the list takes no query option: 400 (%d)", st);

	j = testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks", fw_v1, &st);
	json_decref(j);
	CHECK(st == 200, "posting version 1 again, unchanged, does not make it current (%d)", st);
	j = testsrv_api(&srv, t1_tok, "GET", "/api/v1/frameworks", NULL, &st);
	CHECK(st == 200 && strcmp(testsrv_jstr(json_array_get(j, 0), "version"), "2") == 0,
	    "version 2 stays the current one");
	json_decref(j);

	/* the public page a credential's alignment points to: anyone reads
	 * it, codes and titles as the current version says, older ones by
	 * ?version, each code an anchor; no question counts */
	{
		struct resp r;

		memset(&r, 0, sizeof r);
		http_req(srv.port, "GET", "/frameworks/ct?lang=zh-TW", NULL, NULL, 0, &r);
		CHECK(r.status == 200 && r.body != NULL && strstr(r.body, "id=\"C.1.1\"") != NULL &&
		    strstr(r.body, "核心概念") != NULL && strstr(r.body, "Core concepts") != NULL &&
		    strstr(r.body, "歷史") == NULL, "anyone reads the framework's page, its current "
		    "version in both languages, each code an anchor (%d)", r.status);
		resp_free(&r);
		memset(&r, 0, sizeof r);
		http_req(srv.port, "GET", "/frameworks/ct?version=1&lang=en", NULL, NULL, 0, &r);
		CHECK(r.status == 200 && r.body != NULL && strstr(r.body, "History") != NULL &&
		    strstr(r.body, "href=\"/frameworks/ct\"") != NULL,
		    "version 1 stays readable, with a link to the current one (%d)", r.status);
		resp_free(&r);
		memset(&r, 0, sizeof r);
		http_req(srv.port, "GET", "/frameworks/ct?items=1", NULL, NULL, 0, &r);
		CHECK(r.status == 400, "an unknown option: 400 (%d)", r.status);
		resp_free(&r);
		memset(&r, 0, sizeof r);
		http_req(srv.port, "GET", "/frameworks/nope", NULL, NULL, 0, &r);
		CHECK(r.status == 404, "an unknown framework: 404 (%d)", r.status);
		resp_free(&r);
	}
	j = testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks",
	    "{\"id\":\"other\",\"version\":\"1\",\"title\":{\"en\":\"O\",\"zh-TW\":\"O\"},"
	    "\"competencies\":[{\"code\":\"C.2.1\",\"title\":{\"en\":\"X\",\"zh-TW\":\"X\"}}]}", &st);
	CHECK(st == 400 && strstr(testsrv_jstr(json_array_get(json_object_get(j, "errors"), 0),
	    "message"), "framework \"ct\"") != NULL,
	    "a code of another framework: 400 naming it (%d)", st);
	json_decref(j);
	j = testsrv_api_opt(&srv, t1_tok, "POST", "/api/v1/frameworks",
	    "{\"id\":\"zh\",\"version\":\"1\",\"title\":{\"en\":\"Z\"},\"competencies\":"
	    "[{\"code\":\"Z.1\",\"title\":{\"en\":\"Z\",\"zh-TW\":\"Z\"}}]}", &zh, &st);
	CHECK(st == 400 && strstr(testsrv_jstr(j, "error"), "能力架構未儲存") != NULL &&
	    strstr(testsrv_jstr(json_array_get(json_object_get(j, "errors"), 0), "message"),
	    "\"title\".\"zh-TW\"為必填") != NULL, "errors come in the caller's language (%d)", st);
	json_decref(j);
	json_decref(testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks", "", &st));
	CHECK(st == 400, "an empty body: 400 (%d)", st);
	j = testsrv_api(&srv, t1_tok, "POST", "/api/v1/frameworks",
	    "{\"id\":\"xss\",\"version\":\"1\",\"title\":{\"en\":\"<script>alert(1)</script>\","
	    "\"zh-TW\":\"X\"},\"competencies\":[{\"code\":\"XSS.1\",\"title\":{\"en\":"
	    "\"<img src=x onerror=alert(1)>\",\"zh-TW\":\"X\"}}]}", &st);
	CHECK(st == 201, "titles are any text (%d)", st);
	json_decref(j);
	{
		struct api_opt keep;
		struct resp r;

		memset(&keep, 0, sizeof keep);
		keep.keep = &r;
		keep.ctype = "text/plain";
		j = testsrv_api_opt(&srv, t1_tok, "POST", "/api/v1/banks?bank=ct-up&filename=up.gift",
		    "// [id:u1] [tag:comp:ZZ.404] [tag:comp:C.2]\n::U::Upload?{=Yes ~No}\n", &keep, &st);
		CHECK(st == 201 && strstr(r.body, "the competency \\\"ZZ.404\\\" is in no framework") &&
		    strstr(r.body, "C.2 has too few questions in en to draw from: 1") != NULL,
		    "an upload's warnings name an unknown code and a thin competency (%d): %s", st,
		    r.body ? r.body : "");
		resp_free(&r);
		json_decref(j);
	}
	CHECK(frameworks_rows() == 3, "no refused post stored anything");
	chain();
}

/* competency_title and competency_descendants on the server's database. */
static void
domain(void)
{
	char *err = NULL;
	struct store *s = store_open(srv.db, &err);
	struct arena *a = arena_new();
	char **d;
	size_t n = 0;
	char *t;

	CHECK(s != NULL, "the database opens: %s", err ? err : "");
	free(err);
	if (s == NULL) {
		arena_free(a);
		return;
	}
	t = competency_title(s, a, "C.1", "zh-TW");
	CHECK_STR(t, "核心概念", "the title of C.1 in zh-TW, from the current version");
	t = competency_title(s, a, "C.1", "en");
	CHECK_STR(t, "Core concepts", "the title of C.1 in English");
	CHECK(competency_title(s, a, "C.1.2", "en") == NULL,
	    "a code the current version dropped has no title today");
	d = competency_descendants(s, a, "C.1", &n);
	CHECK(n == 2 && strcmp(d[0], "C.1") == 0 && strcmp(d[1], "C.1.1") == 0,
	    "C.1 and what lies beneath it today: C.1.1 (%zu)", n);
	d = competency_descendants(s, a, "NOPE", &n);
	CHECK(n == 1 && strcmp(d[0], "NOPE") == 0, "an unknown code is only itself");
	CHECK(competency_descendants(s, a, "bad code", &n) == NULL && n == 0,
	    "an invalid code has none");
	CHECK(competency_known(s, "C.2.1") && !competency_known(s, "C.1.2"),
	    "known: the codes of current versions");
	arena_free(a);
	store_close(s);
}

/* ---- the console ---- */

/* text urlencoded into out. */
static void
urlencode(const char *text, char *out, size_t n)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && o + 4 < n; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

static void
console(void)
{
	struct websess t1, learner;
	struct resp r;
	char body[8192], enc[8000];

	if (web_signin(&srv, "t1", "trainer-1-pw", NULL, &t1) != 0 ||
	    web_signin(&srv, "lena", "learner-pw1", NULL, &learner) != 0) {
		CHECK(0, "the trainer and the learner sign in on the page");
		return;
	}
	web_page_has(&srv, &t1, "/console", "en", "href=\"/console/frameworks\"",
	    "Competency frameworks");
	web_page_has(&srv, &t1, "/console/frameworks", "en", "<h1>Competency frameworks</h1>",
	    "<td class=\"fw-title\">Core concepts</td>");
	web_page_has(&srv, &t1, "/console/frameworks", "en", "<code>C.1.1</code>",
	    "<tr class=\"fw-depth-1\">");
	web_page_has(&srv, &t1, "/console/frameworks", "zh-TW", "<h1>能力架構</h1>",
	    "<td class=\"fw-title\">核心概念</td>");
	web_page_has(&srv, &t1, "/console/frameworks", "en",
	    "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;");
	web_page_has(&srv, &t1, "/console/frameworks?framework=ct&version=1", "en",
	    "<td class=\"fw-title\">History</td>", "older version");
	CHECK(web_get(&srv, &learner, "/console/frameworks", "en", &r) == 0 && r.status == 403,
	    "a learner may not see the frameworks page (%d)", r.status);
	resp_free(&r);

	urlencode("{\"id\":\"console-fw\",\"version\":\"1\",\"title\":{\"en\":\"Console "
	    "framework\",\"zh-TW\":\"後台架構\"},\"competencies\":[{\"code\":\"K.1\",\"title\":"
	    "{\"en\":\"Keyboard\",\"zh-TW\":\"鍵盤\"}}]}", enc, sizeof enc);
	snprintf(body, sizeof body, "json=%s", enc);
	CHECK(web_post(&srv, &t1, "/console/frameworks", body, 0, &r) == 0 && r.status == 403 &&
	    frameworks_rows() == 4, "the form without its CSRF token: 403, nothing added (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &t1, "/console/frameworks", body, 1, &r) == 0 && r.status == 200 &&
	    r.body != NULL && strstr(r.body, "Framework console-fw version 1 added") != NULL &&
	    strstr(r.body, "<td class=\"fw-title\">Keyboard</td>") != NULL,
	    "pasted JSON adds a framework, shown at once (%d)", r.status);
	resp_free(&r);
	urlencode("{\"id\":\"console-fw\",\"version\":\"2\",\"title\":{\"en\":\"C\"},"
	    "\"competencies\":[]}", enc, sizeof enc);
	snprintf(body, sizeof body, "json=%s", enc);
	CHECK(web_post(&srv, &t1, "/console/frameworks", body, 1, &r) == 0 && r.status == 400 &&
	    r.body != NULL && strstr(r.body, "role=\"alert\"") != NULL &&
	    strstr(r.body, "&quot;title&quot;.&quot;zh-TW&quot; is required") != NULL &&
	    strstr(r.body, "&quot;competencies&quot; must be a list") != NULL &&
	    strstr(r.body, "&quot;version&quot;:&quot;2&quot;") != NULL,
	    "errors are listed beside the form, the pasted text kept (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &t1, "/console/frameworks", "json=", 1, &r) == 0 && r.status == 400 &&
	    r.body != NULL && strstr(r.body, "Choose a file or paste") != NULL,
	    "an empty form says what to give (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &t1, "/console/frameworks", "json=x&colour=red", 1, &r) == 0 &&
	    r.status == 400, "an unknown form field: 400 (%d)", r.status);
	resp_free(&r);
}

/* ---- lint and export ---- */

static void
lint_and_export(void)
{
	static const char *const formats[] = { "gift", "moodle-xml", "json" };
	static const char count_sql[] =
	    "SELECT count(*) FROM item_competencies ic JOIN bank_version_items bvi "
	    "ON bvi.item_version_id = ic.item_version_id JOIN bank_versions bv "
	    "ON bv.id = bvi.bank_version_id JOIN banks b ON b.id = bv.bank_id WHERE b.name = ?1";
	static const char codes_sql[] =
	    "SELECT count(*) FROM item_competencies ic JOIN bank_version_items bvi "
	    "ON bvi.item_version_id = ic.item_version_id JOIN bank_versions bv "
	    "ON bv.id = bvi.bank_version_id JOIN banks b ON b.id = bv.bank_id "
	    "JOIN item_versions iv ON iv.id = ic.item_version_id WHERE b.name = ?1 "
	    "AND ((ic.code = 'C.1.1' AND iv.lang = 'en') OR (ic.code = 'C.2.1' AND iv.lang = 'en'))";
	char out[16384], name[64];
	long long want = testsrv_db_int(&srv, count_sql, "ct-bank");
	long long want_codes = testsrv_db_int(&srv, codes_sql, "ct-bank");
	int rc;

	CHECK(want == 5 && want_codes == 3, "T1's bank indexes its 5 comp: tags (%lld, %lld)",
	    want, want_codes);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "lint",
	    testsrv_file(&srv, "ct-bank.en.gift", bank_en, 0), NULL);
	CHECK(rc == 3 && strstr(out, ":10: warning: the competency \"NOPE.9\" is in no framework") &&
	    strstr(out, ":13: warning: the tag \"comp:bad!code\" is not a valid competency code"),
	    "lint with the database warns on an unknown code and a bad one (%d): %s", rc, out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "--db", "/nonexistent-dir/x.db", "lint",
	    testsrv_file(&srv, "ct-bank.en.gift", bank_en, 0), NULL);
	CHECK(rc == 3 && strstr(out, "is in no framework") == NULL &&
	    strstr(out, "is not a valid competency code") != NULL &&
	    access("/nonexistent-dir/x.db", F_OK) != 0,
	    "lint without a database checks the codes' form only, making none (%d): %s", rc, out);
	for (size_t i = 0; i < 3; i++) {
		char *data;
		size_t len;

		snprintf(name, sizeof name, "rt-%s", formats[i]);
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "export", "bank", "ct-bank",
		    "--format", formats[i], "--lang", "en", NULL);
		CHECK(rc == 0 && strstr(out, "comp:C.2.1") != NULL,
		    "export as %s keeps the comp: tags (%d)", formats[i], rc);
		data = strdup(out);
		len = strlen(data);
		rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", name,
		    testsrv_file(&srv, strcmp(formats[i], "gift") == 0 ? "rt.gift" :
		    strcmp(formats[i], "json") == 0 ? "rt.json" : "rt.xml", data, len), NULL);
		free(data);
		CHECK(rc == 0 && testsrv_db_int(&srv, codes_sql, name) == want_codes,
		    "%s: importing the export indexes the same codes (%d, %lld of %lld): %s",
		    formats[i], rc, testsrv_db_int(&srv, codes_sql, name), want_codes, out);
	}
}

/* ---- a new version never opens a certificate's keys ---- */

/* A practice exam showing keys draws by OV.1, the certificate exam by
 * its category: apart in version 1. Version 2 moves OV.2.1, which tags the
 * certificate's question, beneath OV.1: the practice exam would then draw
 * it and show its key, so that version is refused and nothing changes. */
static void
keys_guard(void)
{
	static const char bank[] =
	    "$CATEGORY: ov/prac\n\n// [id:ovp] [tag:comp:OV.1]\n::P::Practice?{=Yes ~No}\n\n"
	    "$CATEGORY: ov/cert\n\n// [id:ovc] [tag:comp:OV.2.1]\n::C::Certified?{=Yes ~No}\n";
	static const char v1[] =
	    "{\"id\":\"ov\",\"version\":\"1\",\"title\":{\"en\":\"Overlap\",\"zh-TW\":\"重疊\"},"
	    "\"competencies\":[{\"code\":\"OV.1\",\"title\":{\"en\":\"One\",\"zh-TW\":\"一\"}},"
	    "{\"code\":\"OV.2\",\"title\":{\"en\":\"Two\",\"zh-TW\":\"二\"}},"
	    "{\"code\":\"OV.2.1\",\"title\":{\"en\":\"Two one\",\"zh-TW\":\"二之一\"},"
	    "\"parent\":\"OV.2\"}]}";
	static const char v2[] =
	    "{\"id\":\"ov\",\"version\":\"2\",\"title\":{\"en\":\"Overlap\",\"zh-TW\":\"重疊\"},"
	    "\"competencies\":[{\"code\":\"OV.1\",\"title\":{\"en\":\"One\",\"zh-TW\":\"一\"}},"
	    "{\"code\":\"OV.2\",\"title\":{\"en\":\"Two\",\"zh-TW\":\"二\"}},"
	    "{\"code\":\"OV.2.1\",\"title\":{\"en\":\"Two one\",\"zh-TW\":\"二之一\"},"
	    "\"parent\":\"OV.1\"}]}";
	static const char practice[] =
	    "{\"id\":\"ov-practice\",\"title\":{\"en\":\"P\",\"zh-TW\":\"P\"},\"bank\":\"ov\","
	    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"with_keys\","
	    "\"sections\":[{\"competency\":\"OV.1\",\"count\":1}]}";
	static const char cert[] =
	    "{\"id\":\"ov-cert\",\"title\":{\"en\":\"C\",\"zh-TW\":\"C\"},\"bank\":\"ov\","
	    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
	    "\"certificate\":{\"valid_years\":1},\"sections\":[{\"category\":\"ov/cert\",\"count\":1}]}";
	char out[8192];
	int rc;

	rc = add_file("ov1.json", v1, out, sizeof out);
	CHECK(rc == 0, "the overlap framework's version 1 is added: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "ov",
	    testsrv_file(&srv, "ov.en.gift", bank, 0), NULL);
	CHECK(rc == 0, "its bank is imported: %s", out);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add",
	    testsrv_file(&srv, "ov-practice.json", practice, 0),
	    testsrv_file(&srv, "ov-cert.json", cert, 0), NULL);
	CHECK(rc == 0, "a practice exam showing keys by OV.1 and a certificate exam apart: %s", out);
	rc = add_file("ov2.json", v2, out, sizeof out);
	CHECK(rc == 1 && strstr(out, "ov-practice") != NULL && strstr(out, "ov-cert") != NULL &&
	    strstr(out, "give away its keys") != NULL && strstr(out, "framework not added") != NULL,
	    "version 2, which would let the practice exam draw the certificate's question, is "
	    "refused naming both exams (exit %d): %s", rc, out);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM frameworks WHERE id = 'ov'", NULL) == 1 &&
	    testsrv_db_int(&srv, "SELECT count(*) FROM "
	    "competency_current WHERE code = 'OV.2.1' AND parent = 'OV.2'", NULL) == 1,
	    "nothing of version 2 is stored: OV.2.1 stays beneath OV.2");
}

void
test_competency(void)
{
	char out[8192];
	int rc;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	/* init loaded the bundled framework; the checks below count this
	 * test's own, so it goes */
	{
		char err[256];

		CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM frameworks WHERE id = "
		    "'ai-literacy'", NULL) == 1, "init loads the bundled framework");
		CHECK(testsrv_db_exec(&srv, "DELETE FROM competencies WHERE framework_id = "
		    "'ai-literacy'; DELETE FROM frameworks WHERE id = 'ai-literacy'", err,
		    sizeof err) == 0, "the bundled framework is set aside for this test (%s)", err);
	}
	testsrv_user(&srv, "t1", "Trainer One", "trainer", "trainer-1-pw");
	testsrv_user(&srv, "t2", "Trainer Two", "trainer", "trainer-2-pw");
	testsrv_user(&srv, "lena", "Lena", "learner", "learner-pw1");
	cli();
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "ct-bank", "--owner", "t1",
	    testsrv_file(&srv, "ct-bank.en.gift", bank_en, 0),
	    testsrv_file(&srv, "ct-bank.zh-TW.gift", bank_zh, 0), NULL);
	CHECK(rc == 0, "T1 imports a tagged bank: %s", out);
	CHECK(strstr(out, ":10: warning: the competency \"NOPE.9\" is in no framework") != NULL &&
	    strstr(out, ":13: warning: the tag \"comp:bad!code\" is not a valid competency code") &&
	    strstr(out, "warning: the competency C.1.1 has too few questions in zh-TW to draw "
	    "from: 1, fewer than 3") != NULL && strstr(out, "C.1.1 has too few questions in en "
	    "to draw from: 2") != NULL && strstr(out, "C.1.2 has too few questions in en") != NULL,
	    "the import warns on unknown and bad codes and on too few questions: %s", out);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	CHECK(testsrv_signin(&srv, "admin", "admin-pass-123", admin_tok, sizeof admin_tok) == 200 &&
	    testsrv_signin(&srv, "t1", "trainer-1-pw", t1_tok, sizeof t1_tok) == 200 &&
	    testsrv_signin(&srv, "t2", "trainer-2-pw", t2_tok, sizeof t2_tok) == 200 &&
	    testsrv_signin(&srv, "lena", "learner-pw1", learner_tok, sizeof learner_tok) == 200,
	    "the admin, two trainers and a learner sign in");
	api();
	console();
	testsrv_stop(&srv, SIGTERM, NULL);
	lint_and_export();
	domain();
	keys_guard();
	bundled();
}
