/*
 * test_comp_results.c - results by competency, as a learner and a trainer
 * read them: the score per competency with partial credit and an item in
 * two competencies, rolled up to the areas, the bands (meets, not yet, too
 * few questions), the titles kept as they were when graded after a new
 * framework version (and computed for an attempt graded before results
 * kept them), none of it when the exam shows only the score, the
 * learner's result page, the score report PDF (both languages, who may
 * download it), the results CSV's column per competency, and the areas
 * on the certificate and in its credential.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "certimg.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

/*
 * Framework TF: areas TF.1 (TF.1.1, TF.1.2) and TF.2 (TF.2.1). Q1 is in
 * TF.1.1 and TF.1.2; answered "half" it earns 0.5 in each.
 *
 *	item  codes           answer  fraction
 *	Q1    TF.1.1 TF.1.2   half    0.5
 *	Q2    TF.1.1          right   1
 *	Q3    TF.1.2          wrong   0
 *	Q4    TF.2.1          right   1
 *	Q5    TF.2.1          right   1
 *	Q6    TF.2.1          wrong   0
 *
 * TF.1 (Q1 Q2 Q3, Q1 once): 1.5 / 3 = 50 %, not yet (pass 60).
 * TF.1.1 (Q1 Q2): 1.5 / 2 = 75 %, too few. TF.1.2 (Q1 Q3): 0.5 / 2 = 25 %,
 * too few. TF.2 and TF.2.1 (Q4 Q5 Q6): 2 / 3 = 66.7 %, meets.
 * Total 3.5 / 6 = 58.3 %: failed.
 */
static const char bank[] =
    "$CATEGORY: tf/all\n\n"
    "// [id:q1] [tag:comp:TF.1.1] [tag:comp:TF.1.2]\n::Q1::Marker Q1 question{=right ~%50%half ~wrong}\n\n"
    "// [id:q2] [tag:comp:TF.1.1]\n::Q2::Marker Q2 question{=right ~wrong}\n\n"
    "// [id:q3] [tag:comp:TF.1.2]\n::Q3::Marker Q3 question{=right ~wrong}\n\n"
    "// [id:q4] [tag:comp:TF.2.1]\n::Q4::Marker Q4 question{=right ~wrong}\n\n"
    "// [id:q5] [tag:comp:TF.2.1]\n::Q5::Marker Q5 question{=right ~wrong}\n\n"
    "// [id:q6] [tag:comp:TF.2.1] [tag:other]\n::Q6::Marker Q6 question{=right ~wrong}\n";

#define EXAM(id, review) \
    "{\"id\":\"" id "\",\"title\":{\"en\":\"Competency exam\",\"zh-TW\":\"能力測驗\"}," \
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"" review "\"," \
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"tf/all\",\"count\":6}]}"

static const char framework[] =
    "INSERT INTO frameworks VALUES ('tf', '1', 'Test framework', '測試架構', '{}', 1000, NULL);"
    "INSERT INTO competencies VALUES ('tf', '1', 'TF.2', 'Working with AI', '運用人工智慧', NULL, 2);"
    "INSERT INTO competencies VALUES ('tf', '1', 'TF.2.1', 'Prompting', '提示撰寫', 'TF.2', 1);"
    "INSERT INTO competencies VALUES ('tf', '1', 'TF.1', 'Concepts', '基本概念', NULL, 1);"
    "INSERT INTO competencies VALUES ('tf', '1', 'TF.1.2', 'Data', '資料', 'TF.1', 2);"
    "INSERT INTO competencies VALUES ('tf', '1', 'TF.1.1', 'Models', '模型', 'TF.1', 1);";

/* A newer version of tf: other titles. */
static const char framework2[] =
    "INSERT INTO frameworks VALUES ('tf', '2', 'Test framework', '測試架構', '{}', 2000, NULL);"
    "INSERT INTO competencies VALUES ('tf', '2', 'TF.1', 'Foundations', '基礎', NULL, 1);"
    "INSERT INTO competencies VALUES ('tf', '2', 'TF.1.1', 'Models v2', '模型二', 'TF.1', 1);"
    "INSERT INTO competencies VALUES ('tf', '2', 'TF.1.2', 'Data v2', '資料二', 'TF.1', 2);"
    "INSERT INTO competencies VALUES ('tf', '2', 'TF.2', 'Use v2', '運用二', NULL, 2);"
    "INSERT INTO competencies VALUES ('tf', '2', 'TF.2.1', 'Prompting v2', '提示二', 'TF.2', 1);";

static int
exec_sql(const char *sql)
{
	char err[256];
	int rc = testsrv_db_exec(&srv, sql, err, sizeof err);

	if (rc != 0)
		fprintf(stderr, "sql: %s\n", err);
	return rc;
}

/* Saves the choice text for the item whose prompt holds marker. */
static void
answer(const char *tok, const json_t *att, const char *marker, const char *text)
{
	json_t *it = testsrv_item_with(att, marker);
	char path[256], body[256];
	int status;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s",
	    testsrv_jstr(att, "id"), testsrv_jstr(it, "id"));
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
	    testsrv_choice_id(it, text));
	json_decref(testsrv_api(&srv, tok, "PUT", path, body, &status));
	CHECK(status == 200, "%s answered: %d", marker, status);
}

/* Takes exam as the holder of tok with the answers of the table above
 * (all "right" when all_right); returns the submit reply, the attempt's
 * public id into id. */
static json_t *
take(const char *tok, const char *exam, int all_right, char *id, size_t idlen)
{
	static const char *plan[6][2] = {
		{ "Marker Q1", "half" }, { "Marker Q2", "right" }, { "Marker Q3", "wrong" },
		{ "Marker Q4", "right" }, { "Marker Q5", "right" }, { "Marker Q6", "wrong" },
	};
	char path[256];
	int status;
	json_t *att, *res;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	att = testsrv_api(&srv, tok, "POST", path, "{\"lang\":\"en\"}", &status);
	CHECK(status == 201, "attempt of %s started: %d", exam, status);
	for (int i = 0; i < 6; i++)
		answer(tok, att, plan[i][0], all_right ? "right" : plan[i][1]);
	snprintf(id, idlen, "%s", testsrv_jstr(att, "id"));
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	CHECK(status == 200, "submitted: %d", status);
	json_decref(att);
	return res;
}

/* The entry of code in a "competencies" array, or NULL. */
static json_t *
comp(json_t *comps, const char *code)
{
	size_t i;
	json_t *c;

	json_array_foreach(comps, i, c)
		if (strcmp(testsrv_jstr(c, "code"), code) == 0)
			return c;
	return NULL;
}

static void
check_comp(json_t *comps, const char *code, double score, double max, int items,
    double percent, const char *band, const char *parent)
{
	json_t *c = comp(comps, code);

	CHECK(c != NULL, "%s is listed", code);
	if (c == NULL)
		return;
	CHECK(test_near(json_number_value(json_object_get(c, "score")), score) &&
	    test_near(json_number_value(json_object_get(c, "max")), max),
	    "%s: %g of %g, want %g of %g", code, json_number_value(json_object_get(c, "score")),
	    json_number_value(json_object_get(c, "max")), score, max);
	CHECK(json_integer_value(json_object_get(c, "items")) == items, "%s: %lld items, want %d",
	    code, (long long)json_integer_value(json_object_get(c, "items")), items);
	CHECK(test_near(json_number_value(json_object_get(c, "percent")), percent),
	    "%s: %g%%, want %g%%", code, json_number_value(json_object_get(c, "percent")),
	    percent);
	CHECK_STR(testsrv_jstr(c, "band"), band, code);
	if (parent == NULL)
		CHECK(json_is_null(json_object_get(c, "parent")), "%s is an area", code);
	else
		CHECK_STR(testsrv_jstr(c, "parent"), parent, code);
}

/* The codes of comps joined by spaces, in their order. */
static const char *
codes(json_t *comps, char *out, size_t n)
{
	size_t i;
	json_t *c;

	out[0] = '\0';
	json_array_foreach(comps, i, c)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? " " : "",
		    testsrv_jstr(c, "code"));
	return out;
}


/* Runs a shell command, capturing its output (stdout and stderr); its
 * exit status. */
static int
sh(const char *cmd, char *out, size_t n)
{
	FILE *p = popen(cmd, "r");
	size_t got = 0;
	int st;

	out[0] = '\0';
	if (p == NULL)
		return -1;
	while (got < n - 1 && fgets(out + got, (int)(n - got), p) != NULL)
		got = strlen(out);
	out[got] = '\0';
	st = pclose(p);
	return WEXITSTATUS(st);
}

static int
have(const char *tool)
{
	char cmd[128], out[256];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1 && echo yes", tool);
	return sh(cmd, out, sizeof out) == 0 && strstr(out, "yes") != NULL;
}

/* GET path as tok: the status, the body into file (in the test's
 * directory) when it is 200. */
static int
get_file(const char *tok, const char *path, const char *file)
{
	char hdr[256];
	struct resp r;
	int status;

	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\n", tok);
	if (http_req(srv.port, "GET", path, tok && *tok ? hdr : NULL, NULL, 0, &r) != 0)
		return 0;
	status = r.status;
	if (status == 200)
		testsrv_file(&srv, file, r.body, r.body_len);
	resp_free(&r);
	return status;
}

/* The score report: both languages, the bands, no question; poppler
 * reads it without a complaint and draws it. */
static void
report_pdf(const char *tok, const char *lee, const char *coach, const char *coach2,
    const char *id)
{
	char path[256], cmd[1024], out[16384];

	snprintf(path, sizeof path, "/attempts/%s/report.pdf", id);
	CHECK(get_file(tok, path, "report.pdf") == 200, "the learner downloads the score report");
	CHECK(get_file(coach, path, "report-coach.pdf") == 200, "the exam's trainer downloads it");
	CHECK(get_file(lee, path, "x.pdf") == 403, "another learner: 403");
	CHECK(get_file(coach2, path, "x.pdf") == 403, "another trainer: 403");
	CHECK(get_file(tok, "/attempts/AAAAAAAAAAAAAAAAAAAAAA/report.pdf", "x.pdf") == 404,
	    "no such attempt: 404");
	CHECK(get_file("", path, "x.pdf") != 200, "nobody signed in: no report");
	if (!have("pdftotext") || !have("pdffonts") || !have("pdftoppm")) {
		MISSING("poppler-utils (pdftotext, pdffonts, pdftoppm) for the score report");
		return;
	}
	snprintf(cmd, sizeof cmd, "pdftotext -layout %s/report.pdf - 2>&1", srv.dir);
	sh(cmd, out, sizeof out);
	CHECK(strstr(out, "成績單") && strstr(out, "Score report"), "the title in both languages: %s",
	    out);
	CHECK(strstr(out, "王小明") && strstr(out, "Wang Hsiao-Ming"), "the learner in both scripts");
	CHECK(strstr(out, "能力測驗") && strstr(out, "Competency exam"), "the exam in both languages");
	CHECK(strstr(out, "未通過") && strstr(out, "Not passed"), "the verdict in both languages");
	CHECK(strstr(out, "各能力成績") && strstr(out, "By competency"), "the competency heading");
	CHECK(strstr(out, "TF.2.1") && strstr(out, "提示撰寫") && strstr(out, "Prompting"),
	    "a competency in both languages");
	CHECK(strstr(out, "達到標準") && strstr(out, "Meets the standard") &&
	    strstr(out, "尚未達到") && strstr(out, "Not yet") && strstr(out, "題數太少，僅供參考"),
	    "the bands in plain words");
	CHECK(strstr(out, "67%") && !strstr(out, "66.7"), "whole percents per competency");
	CHECK(strstr(out, "Marker Q1") == NULL && strstr(out, "right") == NULL,
	    "no question and no answer in the report");
	snprintf(cmd, sizeof cmd, "pdffonts %s/report.pdf 2>&1; pdftotext %s/report.pdf /dev/null 2>&1",
	    srv.dir, srv.dir);
	sh(cmd, out, sizeof out);
	CHECK(strstr(out, "Syntax") == NULL && strstr(out, "rror") == NULL &&
	    strstr(out, "arning") == NULL && strstr(out, "yes yes") != NULL,
	    "pdffonts and pdftotext say nothing wrong (embedded, ToUnicode): %s", out);
	snprintf(cmd, sizeof cmd, "pdfinfo %s/report.pdf 2>&1 | grep -E '^Pages|^Page size'; "
	    "pdftoppm -r 60 -png %s/report.pdf %s/report && ls %s/report*.png | wc -l", srv.dir,
	    srv.dir, srv.dir, srv.dir);
	sh(cmd, out, sizeof out);
	CHECK(strstr(out, "Pages:") && strstr(out, " 1\n") && strstr(out, "595.") && strstr(out, "841."),
	    "one A4 portrait page: %s", out);
	CHECK(out[strlen(out) - 2] == '1', "pdftoppm draws it: %s", out);
	/* AICERT_KEEP_REPORT=DIR keeps the report there, to look at it */
	if (getenv("AICERT_KEEP_REPORT") != NULL) {
		snprintf(cmd, sizeof cmd, "cp %s/report.pdf '%s'/", srv.dir,
		    getenv("AICERT_KEEP_REPORT"));
		sh(cmd, out, sizeof out);
	}
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcmp(s + n - k, tail) == 0;
}

/* A passed attempt's certificate lists the areas certified, and its
 * credential aligns the achievement with them (the OB3 schema accepts
 * it, when ajv and the schema are there). */
static void
cert_areas(const char *tok, json_t *res)
{
	json_t *cert = json_object_get(res, "certificate"), *cred, *al;
	char cmd[2048], out[8192], path[512];
	const char *conf;
	int status;

	CHECK(cert != NULL && json_is_object(cert), "lee passed: a certificate");
	snprintf(path, sizeof path, "%s", testsrv_jstr(cert, "pdf_url"));
	if (strstr(path, "://") != NULL)
		memmove(path, strstr(strstr(path, "://") + 3, "/"), strlen(strstr(strstr(path,
		    "://") + 3, "/")) + 1);
	CHECK(get_file(tok, path, "cert.pdf") == 200, "the certificate PDF: %s", path);
	if (have("pdftotext")) {
		snprintf(cmd, sizeof cmd, "pdftotext %s/cert.pdf - 2>&1", srv.dir);
		sh(cmd, out, sizeof out);
		CHECK(strstr(out, "能力領域 Competency areas: TF.1 Concepts · TF.2 Working with AI") !=
		    NULL, "the certificate lists the areas certified: %s", out);
	}
	snprintf(path, sizeof path, "%s", testsrv_jstr(cert, "credential_url"));
	if (strstr(path, "://") != NULL)
		memmove(path, strstr(strstr(path, "://") + 3, "/"), strlen(strstr(strstr(path,
		    "://") + 3, "/")) + 1);
	cred = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	al = json_object_get(json_object_get(json_object_get(cred, "credentialSubject"),
	    "achievement"), "alignment");
	CHECK(status == 200 && json_array_size(al) == 2, "two alignments, the areas: %d", status);
	CHECK_STR(testsrv_jstr(json_array_get(al, 0), "targetCode"), "TF.1", "first area");
	CHECK_STR(testsrv_jstr(json_array_get(al, 1), "targetName"),
	    "Working with AI / 運用人工智慧", "its name in both languages");
	CHECK_STR(testsrv_jstr(json_array_get(al, 0), "targetUrl"),
	    "http://cert.example.tw/frameworks/tf#TF.1", "its URL");
	CHECK_STR(testsrv_jstr(json_array_get(al, 0), "targetFramework"), "Test framework",
	    "the framework's name");
	CHECK(json_array_size(json_object_get(cred, "proof")) == 1, "still signed");
	{
		char *text = json_dumps(cred, JSON_COMPACT);
		json_t *v = testsrv_api(&srv, NULL, "POST", "/api/v1/credentials/verify", text,
		    &status);

		CHECK_STR(testsrv_jstr(v, "status"), "valid", "aicert verifies it, alignments and all");
		json_decref(v);
		free(text);
	}
	if (access("tests/browser/node_modules/ajv/package.json", R_OK) == 0 &&
	    (conf = test_conformance_dir("comp_results: the OB3 schema")) != NULL) {
		char *text = json_dumps(cred, JSON_COMPACT), abs[1024];

		testsrv_file(&srv, "cred.json", text, 0);
		free(text);
		if (realpath(conf, abs) == NULL)
			snprintf(abs, sizeof abs, "%s", conf);
		snprintf(cmd, sizeof cmd, "cd tests/browser && node --input-type=module -e \""
		    "import A from 'ajv/dist/2019.js'; import F from 'ajv-formats'; "
		    "import fs from 'node:fs';"
		    "const a = new A({allErrors: true, strict: false}); F(a);"
		    "const v = a.compile(JSON.parse(fs.readFileSync('%s/ob3/"
		    "achievementcredential.schema.json')));"
		    "const ok = v(JSON.parse(fs.readFileSync('%s/cred.json')));"
		    "console.log(ok ? 'valid' : a.errorsText(v.errors));\" 2>&1", abs, srv.dir);
		sh(cmd, out, sizeof out);
		CHECK(strstr(out, "valid") == out, "the credential with alignments validates "
		    "against the OB3 schema (ajv): %s", out);
	}
	json_decref(cred);
}

/* The CSV line of results.csv (in lang) that holds needle, into line. */
static int
csv_line(const char *tok, const char *lang, const char *needle, char *line, size_t n)
{
	struct api_opt o = { 0 };
	struct resp r;
	int status;
	const char *at;

	o.lang = lang;
	o.keep = &r;
	json_decref(testsrv_api_opt(&srv, tok, "GET", "/api/v1/exams/cx/results.csv", NULL, &o,
	    &status));
	line[0] = '\0';
	if (status == 200 && r.body != NULL && (at = strstr(r.body, needle)) != NULL) {
		const char *start = at, *end;

		while (start > r.body && start[-1] != '\n')
			start--;
		end = strstr(at, "\r\n");
		snprintf(line, n, "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
	}
	resp_free(&r);
	return status;
}

/* results.csv: a column per competency, "CODE title" in the reader's
 * language, whole percents, empty when the attempt had none of it. */
static void
csv_columns(const char *coach, const char *coach2, const char *lee)
{
	char line[4096], id[64], sql[256];
	struct api_opt o = { 0 };
	int status;

	json_t *res = take(lee, "cx", 1, id, sizeof id);

	cert_areas(lee, res);
	json_decref(res);
	/* as if lee's attempt had drawn no item of TF.2.1 */
	snprintf(sql, sizeof sql, testsrv_is_pg(&srv) ?
	    "UPDATE attempts SET result = (result::jsonb #- '{competencies,4}')::text "
	    "WHERE public_id = '%s'" :
	    "UPDATE attempts SET result = json_remove(result, '$.competencies[4]') "
	    "WHERE public_id = '%s'", id);
	CHECK(exec_sql(sql) == 0, "lee's result without TF.2.1");
	CHECK(csv_line(coach, "en", "attempt,", line, sizeof line) == 200, "the trainer's CSV");
	CHECK(strstr(line, ",certificate_status,TF.1 Concepts,TF.1.1 Models,TF.1.2 Data,"
	    "TF.2 Working with AI,TF.2.1 Prompting") != NULL, "one column per competency: %s",
	    line);
	csv_line(coach, "zh-TW", "attempt,", line, sizeof line);
	CHECK(strstr(line, "TF.1 基本概念,TF.1.1 模型,TF.1.2 資料,TF.2 運用人工智慧,"
	    "TF.2.1 提示撰寫") != NULL, "titles in the reader's language: %s", line);
	csv_line(coach, "en", ",wang,", line, sizeof line);
	CHECK(ends_with(line, ",valid,50,75,25,67,67") || ends_with(line, ",,50,75,25,67,67"),
	    "wang's percents, whole: %s", line);
	csv_line(coach, "en", ",lee,", line, sizeof line);
	CHECK(ends_with(line, ",valid,100,100,100,100,"),
	    "lee's: TF.2.1 empty: %s", line);
	o.keep = NULL;
	json_decref(testsrv_api_opt(&srv, coach2, "GET", "/api/v1/exams/cx/results.csv", NULL, &o,
	    &status));
	CHECK(status == 403 || status == 404, "another trainer gets no CSV: %d", status);
}

static void
api_scores(const char *tok, const char *coach, const char *id, json_t *res)
{
	json_t *comps = json_object_get(res, "competencies"), *view;
	char buf[256], path[256];
	int status;

	CHECK(json_is_false(json_object_get(res, "passed")), "58.3%% fails");
	CHECK_STR(codes(comps, buf, sizeof buf), "TF.1 TF.1.1 TF.1.2 TF.2 TF.2.1",
	    "framework order: areas, their competencies beneath");
	check_comp(comps, "TF.1", 1.5, 3, 3, 50, "not_yet", NULL);
	check_comp(comps, "TF.1.1", 1.5, 2, 2, 75, "too_few", "TF.1");
	check_comp(comps, "TF.1.2", 0.5, 2, 2, 25, "too_few", "TF.1");
	check_comp(comps, "TF.2", 2, 3, 3, 66.7, "meets", NULL);
	check_comp(comps, "TF.2.1", 2, 3, 3, 66.7, "meets", "TF.2");
	CHECK_STR(testsrv_jstr(json_object_get(comp(comps, "TF.1.1"), "title"), "zh-TW"), "模型",
	    "zh-TW title");
	CHECK_STR(testsrv_jstr(json_object_get(comp(comps, "TF.2"), "title"), "en"),
	    "Working with AI", "en title");

	/* The same in the attempt view and the result route, to the learner
	 * and to the exam's trainer. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	view = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	CHECK(json_equal(json_object_get(json_object_get(view, "result"), "competencies"), comps),
	    "the attempt view's result has the same competencies");
	json_decref(view);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	view = testsrv_api(&srv, coach, "GET", path, NULL, &status);
	CHECK(status == 200 && json_equal(json_object_get(view, "competencies"), comps),
	    "the trainer reads the same: %d", status);
	json_decref(view);
}

/* A new framework version leaves the stored result as it was; an attempt
 * graded before results kept competencies gets them computed, in
 * today's words. */
static void
snapshot(const char *tok, const char *id)
{
	char path[256], sql[512];
	json_t *res, *comps;
	int status;

	CHECK(exec_sql(framework2) == 0, "framework version 2 stored");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	res = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	comps = json_object_get(res, "competencies");
	CHECK_STR(testsrv_jstr(json_object_get(comp(comps, "TF.1.1"), "title"), "en"), "Models",
	    "the title it was graded under, after version 2");
	CHECK_STR(testsrv_jstr(comp(comps, "TF.1.1"), "version"), "1", "graded under version 1");
	check_comp(comps, "TF.1", 1.5, 3, 3, 50, "not_yet", NULL);
	json_decref(res);

	snprintf(sql, sizeof sql, testsrv_is_pg(&srv) ?
	    "UPDATE attempts SET result = (result::jsonb - 'competencies')::text "
	    "WHERE public_id = '%s'" :
	    "UPDATE attempts SET result = json_remove(result, '$.competencies') "
	    "WHERE public_id = '%s'", id);
	CHECK(exec_sql(sql) == 0, "result made as old attempts have it");
	res = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	comps = json_object_get(res, "competencies");
	CHECK_STR(testsrv_jstr(json_object_get(comp(comps, "TF.1.1"), "title"), "en"),
	    "Models v2", "an old attempt: computed now, in today's words");
	check_comp(comps, "TF.1", 1.5, 3, 3, 50, "not_yet", NULL);
	check_comp(comps, "TF.2.1", 2, 3, 3, 66.7, "meets", "TF.2");
	json_decref(res);
}

/* A key fixed (Q3's right answer was "wrong") and the exam regraded:
 * wang's competencies change with his score, in the titles current at
 * the regrade (version 2's). */
static void
regrade(const char *tok, const char *coach, const char *id)
{
	static const char fixed[] =
	    "$CATEGORY: tf/all\n\n"
	    "// [id:q1] [tag:comp:TF.1.1] [tag:comp:TF.1.2]\n::Q1::Marker Q1 question{=right ~%50%half ~wrong}\n\n"
	    "// [id:q2] [tag:comp:TF.1.1]\n::Q2::Marker Q2 question{=right ~wrong}\n\n"
	    "// [id:q3] [tag:comp:TF.1.2]\n::Q3::Marker Q3 question{~right =wrong}\n\n"
	    "// [id:q4] [tag:comp:TF.2.1]\n::Q4::Marker Q4 question{=right ~wrong}\n\n"
	    "// [id:q5] [tag:comp:TF.2.1]\n::Q5::Marker Q5 question{=right ~wrong}\n\n"
	    "// [id:q6] [tag:comp:TF.2.1] [tag:other]\n::Q6::Marker Q6 question{=right ~wrong}\n";
	char path[256];
	json_t *j, *comps;
	int status;

	char out[4096];

	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "tf",
	    testsrv_file(&srv, "tf-fixed.gift", fixed, 0), NULL) == 0, "the fixed bank: %s", out);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/cx/regrade", "{\"apply\":true}",
	    &status);
	CHECK(status == 200, "regraded: %d", status);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	j = testsrv_api(&srv, tok, "GET", path, NULL, &status);
	comps = json_object_get(j, "competencies");
	check_comp(comps, "TF.1.2", 1.5, 2, 2, 75, "too_few", "TF.1");
	check_comp(comps, "TF.1", 2.5, 3, 3, 83.3, "meets", NULL);
	check_comp(comps, "TF.2", 2, 3, 3, 66.7, "meets", NULL);
	CHECK_STR(testsrv_jstr(json_object_get(comp(comps, "TF.1.2"), "title"), "en"), "Data v2",
	    "regraded in the titles current then");
	json_decref(j);
}

/* The issuer's logo (set by the admin) on the score report, as on the
 * certificate. */
static void
report_logo(const char *tok, const char *id)
{
	size_t len;
	unsigned char *logo = certimg_logo(&len);
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(cap), *body = malloc(cap + 512), admin[128], path[256], cmd[512],
	    out[2048];
	json_t *j;
	int status;

	sodium_bin2base64(b64, cap, logo, len, sodium_base64_VARIANT_ORIGINAL);
	snprintf(body, cap + 512, "{\"legal_name_en\":\"Taiwan AI Skills Institute\","
	    "\"legal_name_zh\":\"台灣人工智慧技能學會\",\"logo\":{\"media_type\":\"image/png\","
	    "\"data\":\"%s\"}}", b64);
	CHECK(testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin) == 200,
	    "the admin signs in");
	j = testsrv_api(&srv, admin, "PUT", "/api/v1/issuer", body, &status);
	CHECK(status == 200, "the issuer's logo set: %d", status);
	json_decref(j);
	snprintf(path, sizeof path, "/attempts/%s/report.pdf", id);
	CHECK(get_file(tok, path, "logo.pdf") == 200, "the report with the logo");
	if (have("pdfimages") && have("pdftotext")) {
		/* the image, and its alpha as a soft mask */
		snprintf(cmd, sizeof cmd, "pdfimages -list %s/logo.pdf | tail -n +3 | wc -l; "
		    "pdftotext %s/logo.pdf - 2>&1 | head -3", srv.dir, srv.dir);
		sh(cmd, out, sizeof out);
		CHECK(out[0] >= '1' && out[0] <= '2' && strstr(out, "台灣人工智慧技能學會 Taiwan AI Skills Institute"),
		    "the issuer's logo and names head the report: %s", out);
	}
	free(logo);
	free(b64);
	free(body);
}

void
test_comp_results(void)
{
	char out[8192], tok[128], lee[128], coach[128], coach2[128], id[64], id2[64], path[256];
	json_t *res;
	int status;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "coach-pass2\n", out, sizeof out, "user", "add", "--login", "coach2",
	    "--name", "Coach Two", "--role", "trainer", NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "tf",
	    testsrv_file(&srv, "tf.gift", bank, strlen(bank)), NULL) == 0, "bank: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "cx.json", EXAM("cx", "by_section"), 0), NULL) == 0,
	    "exam added: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "cs.json", EXAM("cs", "score"), 0), NULL) == 0,
	    "exam added: %s", out);
	testsrv_cli(&srv, "holder-pass\n", out, sizeof out, "user", "add", "--login", "wang",
	    "--name", "王小明", "--name-alt", "Wang Hsiao-Ming", "--role", "learner", NULL);
	testsrv_cli(&srv, "other-pass1\n", out, sizeof out, "user", "add", "--login", "lee",
	    "--name", "李四", "--role", "learner", NULL);
	CHECK(exec_sql(framework) == 0, "framework stored");
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "wang", "holder-pass", tok, sizeof tok);
	testsrv_signin(&srv, "lee", "other-pass1", lee, sizeof lee);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "coach2", "coach-pass2", coach2, sizeof coach2);

	res = take(tok, "cx", 0, id, sizeof id);
	api_scores(tok, coach, id, res);
	json_decref(res);

	/* An exam showing only the score shows no competencies either. */
	res = take(lee, "cs", 0, id2, sizeof id2);
	CHECK(json_object_get(res, "competencies") == NULL &&
	    json_object_get(res, "sections") == NULL, "review \"score\": no competencies");
	json_decref(res);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id2);
	res = testsrv_api(&srv, lee, "GET", path, NULL, &status);
	CHECK(json_object_get(json_object_get(res, "result"), "competencies") == NULL,
	    "review \"score\": none in the attempt view");
	json_decref(res);

	report_pdf(tok, lee, coach, coach2, id);
	report_logo(tok, id);
	csv_columns(coach, coach2, lee);
	/* ... nor in its score report: the total alone */
	snprintf(path, sizeof path, "/attempts/%s/report.pdf", id2);
	CHECK(get_file(lee, path, "score-only.pdf") == 200, "review \"score\": a report");
	if (have("pdftotext")) {
		snprintf(path, sizeof path, "pdftotext %s/score-only.pdf - 2>&1", srv.dir);
		sh(path, out, sizeof out);
		CHECK(strstr(out, "Score report") && strstr(out, "58.3%") &&
		    !strstr(out, "By competency") && !strstr(out, "By topic") && !strstr(out, "TF.1"),
		    "review \"score\": the report has the total, no section or competency: %s", out);
	}
	snapshot(tok, id);
	regrade(tok, coach, id);
	testsrv_stop(&srv, 15, NULL);
}
