/*
 * test_report.c - a sitting's report for the certification body: after
 * a sitting with a check-in by passport, one by identity confirmed, a
 * candidate who never came, a pause with its reason, an extension and a
 * note made through the API and a submitted attempt, the page, the CSV
 * and the PDF each list every booked learner with attendance (who
 * checked them in), times, the pause, the extension and the result; the
 * CSV opens in Excel (BOM) and never hands it a formula; the page reads
 * in zh-TW; a second trainer, a learner and another sitting's proctor
 * are refused, the sitting's proctor and an admin are not.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report_pdf.h"
#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: r/all\n\n"
    "// [id:r1]\n::One::Report one{=right ~wrong}\n\n"
    "// [id:r2]\n::Two::Report two{=right ~wrong}\n";

static const char exam_rep[] =
    "{\"id\":\"rep\",\"title\":{\"en\":\"Report Exam\",\"zh-TW\":\"報告測驗\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"r/all\",\"count\":2}]}";

static const char exam_other[] =
    "{\"id\":\"rother\",\"title\":{\"en\":\"Other\",\"zh-TW\":\"其他\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"r/all\",\"count\":2}]}";

static json_t *
call(const char *tok, const char *method, const char *path, const char *body, int *status)
{
	return testsrv_api(&srv, tok, method, path, body, status);
}

/* GET path as tok in lang into r; the status. */
static int
get(const char *tok, const char *lang, const char *path, struct resp *r)
{
	char h[512];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: %s\r\n", tok, lang);
	if (http_req(srv.port, "GET", path, h, NULL, 0, r) != 0) {
		memset(r, 0, sizeof *r);
		return 0;
	}
	return r->status;
}

static void
db_exec(const char *sql)
{
	char err[256];

	CHECK(testsrv_db_exec(&srv, sql, err, sizeof err) == 0, "the test's SQL runs: %s", err);
}

/* The text pdftotext finds in pdf (len bytes), malloc'd; NULL without
 * pdftotext. */
static char *
pdf_text(const char *pdf, size_t len)
{
	char in[256], cmd[600], *out;
	FILE *f;
	size_t n = 0, cap = 1 << 20;

	snprintf(in, sizeof in, "%s/report.pdf", srv.dir);
	if ((f = fopen(in, "wb")) == NULL)
		return NULL;
	fwrite(pdf, 1, len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "pdftotext -layout %s - 2>/dev/null", in);
	if ((f = popen(cmd, "r")) == NULL)
		return NULL;
	out = malloc(cap + 1);
	while (out != NULL && (n += fread(out + n, 1, cap - n, f)) < cap && !feof(f))
		;
	if (pclose(f) != 0 || out == NULL || n == 0) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	return out;
}

static void
conduct(const char *coach, const char *pat, const char *ann, const char *bo, long long sid,
    char *aid, size_t n)
{
	char path[160];
	json_t *j, *att;
	int st;

	snprintf(path, sizeof path, "/api/v1/sittings/%lld/checkin", sid);
	json_decref(call(pat, "POST", path, "{\"login\":\"ann\",\"id_type\":\"passport\","
	    "\"id_last4\":\"9X2a\",\"seat\":3}", &st));
	CHECK(st == 200, "pat checks ann in by passport at seat 3 (%d)", st);
	json_decref(call(pat, "POST", path, "{\"login\":\"bo\",\"confirmed\":true}", &st));
	CHECK(st == 200, "pat checks bo in, identity confirmed (%d)", st);

	att = call(ann, "POST", "/api/v1/exams/rep/attempts", "{\"lang\":\"en\"}", &st);
	snprintf(aid, n, "%s", testsrv_jstr(att, "id"));
	CHECK(st == 201 && aid[0], "ann starts (%d)", st);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/pause", aid);
	json_decref(call(coach, "POST", path, "{\"reason\":\"fire alarm\"}", &st));
	CHECK(st == 200, "the trainer pauses ann: fire alarm (%d)", st);
	sleep(2);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/resume", aid);
	json_decref(call(coach, "POST", path, "{\"reason\":\"all clear\"}", &st));
	CHECK(st == 200, "and resumes her (%d)", st);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/extend", aid);
	json_decref(call(coach, "POST", path, "{\"seconds\":300,\"reason\":\"slow PC\"}", &st));
	CHECK(st == 200, "the trainer extends ann by 5 minutes (%d)", st);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/incidents", aid);
	json_decref(call(coach, "POST", path, "{\"note\":\"asked for water\"}", &st));
	CHECK(st == 200 || st == 201, "the trainer notes an incident (%d)", st);
	CHECK(testsrv_answer_all(&srv, ann, att, "right") == 2, "ann answers both");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", aid);
	j = call(ann, "POST", path, NULL, &st);
	CHECK(st == 200, "ann submits (%d)", st);
	json_decref(j);
	json_decref(att);
	j = call(bo, "POST", "/api/v1/exams/rep/attempts", "{\"lang\":\"en\"}", &st);
	CHECK(st == 201, "bo starts and leaves it running (%d)", st);
	json_decref(j);
}

static void
page(const char *pat, long long sid)
{
	char path[128];
	struct resp r;

	snprintf(path, sizeof path, "/console/sittings/%lld/report", sid);
	CHECK(get(pat, "en", path, &r) == 200, "pat opens the report (%d)", r.status);
	if (r.body == NULL)
		return;
	CHECK(strstr(r.body, "Sitting report") && strstr(r.body, "Report Exam") &&
	    strstr(r.body, "Room 9"), "the page names the exam and room");
	CHECK(strstr(r.body, "Checked in") && strstr(r.body, "Passport ···9X2a") &&
	    strstr(r.body, "by pat"), "ann: checked in by pat with her passport's last four");
	CHECK(strstr(r.body, "Identity confirmed") != NULL, "bo: identity confirmed");
	CHECK(strstr(r.body, "id=\"r-cy\"") && strstr(strstr(r.body, "id=\"r-cy\""),
	    "Not arrived"), "cy never came: Not arrived");
	CHECK(strstr(r.body, "fire alarm") && strstr(r.body, "+5 min at") &&
	    strstr(r.body, "slow PC") && strstr(r.body, "asked for water"),
	    "the pause with its reason, the extension and the note");
	CHECK(strstr(r.body, "Outage credit</dt><dd>1:30") != NULL, "ann's outage credit, 1:30");
	CHECK(strstr(r.body, "&#61;SUM(A1)") || strstr(r.body, "=SUM(A1)"),
	    "the name starting with = shows as written");
	CHECK(strstr(r.body, "2 / 2 · 100%") && strstr(r.body, "Passed") &&
	    strstr(r.body, "still running"), "ann passed with 2 / 2; bo's attempt still runs");
	CHECK(strstr(r.body, "Booked <strong>3</strong>") &&
	    strstr(r.body, "checked in <strong>2</strong>") &&
	    strstr(r.body, "not arrived <strong>1</strong>"), "the totals");
	CHECK(strstr(r.body, "correct") == NULL && strstr(r.body, ">right<") == NULL,
	    "no item text or key on the page");
	CHECK(strstr(r.body, "/report.pdf") && strstr(r.body, "/report.csv"),
	    "the page links the PDF and the CSV");
	resp_free(&r);
	CHECK(get(pat, "zh-TW", path, &r) == 200 && strstr(r.body, "場次報告") &&
	    strstr(r.body, "未到") && strstr(r.body, "護照 ···9X2a") && strstr(r.body, "通過") &&
	    strstr(r.body, "報告測驗") && strstr(r.body, "延長 5 分鐘"),
	    "the page in zh-TW: title, not arrived, passport, passed, the extension");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/sittings/%lld/room", sid);
	CHECK(get(pat, "en", path, &r) == 200 && strstr(r.body, "/report\">Report</a>"),
	    "the room links the report");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/sittings/%lld/report\">Report</a>", sid);
	CHECK(get(pat, "en", "/console/sittings", &r) == 200 && strstr(r.body, path),
	    "so does the proctor's list of sittings");
	resp_free(&r);
}

static void
csv(const char *coach, long long sid)
{
	char path[128];
	struct resp r;
	const char *ann, *cy;

	snprintf(path, sizeof path, "/console/sittings/%lld/report.csv", sid);
	CHECK(get(coach, "en", path, &r) == 200 && r.body != NULL, "the trainer downloads the "
	    "CSV (%d)", r.status);
	if (r.body == NULL)
		return;
	CHECK(memcmp(r.body, "\xEF\xBB\xBF\"seat\",\"login\",\"name\"", 24) == 0,
	    "it starts with a BOM and the documented columns");
	ann = strstr(r.body, "\"ann\"");
	CHECK(ann && strncmp(ann - 4, "\"3\",\"ann\",\"'=SUM(A1)\",\"王安\",\"checked_in\"", 40) == 0,
	    "ann's row: seat 3, her name starting with = prefixed with ', the Chinese name, "
	    "checked in");
	CHECK(ann && strstr(ann, "\"pat\",\"passport\",\"9X2a\"") && strstr(ann, "\"fire alarm\"") &&
	    strstr(ann, "\"300\",\"slow PC\",\"90\"") && strstr(ann, "\"asked for water\"") &&
	    strstr(ann, "\"2\",\"2\",\"100.0\",\"yes\""), "by pat, passport, the pause, the "
	    "extension, the note and the result");
	cy = strstr(r.body, "\"cy\"");
	CHECK(cy && strstr(cy, "\"not_arrived\"") && strstr(cy, "\"-x\"") == NULL &&
	    strstr(r.body, "\"'-x\""), "cy not arrived; a name_alt starting with - guarded too");
	CHECK(strstr(r.body, "\"confirmed\"") != NULL, "bo: identity confirmed");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/exams/rep/sittings/%lld", sid);
	CHECK(get(coach, "en", path, &r) == 200 && strstr(r.body, "/report\">Report</a>"),
	    "the console's sitting page links the report");
	resp_free(&r);
}

static void
pdf(const char *admin, long long sid)
{
	char path[128], *text;
	struct resp r;

	snprintf(path, sizeof path, "/console/sittings/%lld/report.pdf", sid);
	CHECK(get(admin, "zh-TW", path, &r) == 200 && r.body_len > 1000 &&
	    memcmp(r.body, "%PDF-", 5) == 0, "an admin gets the PDF (%d, %zu bytes)", r.status,
	    r.body_len);
	if (r.status != 200)
		return;
	text = pdf_text(r.body, r.body_len);
	CHECK(text != NULL, "pdftotext reads it");
	if (text != NULL) {
		CHECK(strstr(text, "場次報告") && strstr(text, "報告測驗") && strstr(text, "王安") &&
		    strstr(text, "=SUM(A1)") && strstr(text, "fire alarm") && strstr(text, "未到") &&
		    strstr(text, "slow PC") && strstr(text, "Room 9"), "its text holds the title, "
		    "exam, names, the pause, the extension and who did not come");
		free(text);
	}
	resp_free(&r);
}

static void
refusals(const char *rival, const char *ann, const char *rex, long long sid)
{
	static const char *const kinds[] = { "report", "report.csv", "report.pdf" };
	char path[128];
	struct resp r;

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/console/sittings/%lld/%s", sid, kinds[i]);
		CHECK(get(rival, "en", path, &r) == 403 && !strstr(r.body ? r.body : "", "9X2a"),
		    "the second trainer cannot read %s (%d)", kinds[i], r.status);
		resp_free(&r);
		CHECK(get(rex, "en", path, &r) == 403, "nor another sitting's proctor (%d)", r.status);
		resp_free(&r);
		CHECK(get(ann, "en", path, &r) == 403, "nor a learner (%d)", r.status);
		resp_free(&r);
		snprintf(path, sizeof path, "/console/sittings/99999/%s", kinds[i]);
		CHECK(get(rival, "en", path, &r) == 403, "a sitting that does not exist: 403 (%d)",
		    r.status);
		resp_free(&r);
	}
}

/* The renderer alone: 300 learners with Chinese names break across
 * pages, each page repeats the header and the column heads, the last
 * learner and the totals print, well under a second. */
static void
many_pages(void)
{
	enum { N = 300 };
	static const char *const heads[REPORT_PDF_COLS] = { "Seat", "Learner", "Attendance",
	    "Times", "Pauses", "Extensions", "Events", "Result" };
	const char **cells = calloc(N * REPORT_PDF_COLS, sizeof *cells);
	char (*names)[64] = calloc(N, sizeof *names), *text;
	struct report_pdf_doc d;
	unsigned char *pdf = NULL;
	size_t len = 0;
	const char *err = NULL;
	struct timespec t0, t1;
	double ms;

	if (cells == NULL || names == NULL)
		return;
	memset(&d, 0, sizeof d);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "王小明%03d\nWang %d · w%03d", i, i, i);
		cells[i * REPORT_PDF_COLS] = "1";
		cells[i * REPORT_PDF_COLS + 1] = names[i];
		cells[i * REPORT_PDF_COLS + 2] = "Checked in 09:01:02 · by pat\nPassport ···1234";
		cells[i * REPORT_PDF_COLS + 3] = "Start 09:05:00\nSubmit 09:55:00";
		cells[i * REPORT_PDF_COLS + 4] = i % 5 ? "" : "09:10:00–09:15:00 (5:00)\n火警 fire alarm";
		cells[i * REPORT_PDF_COLS + 5] = "";
		cells[i * REPORT_PDF_COLS + 6] = "0";
		cells[i * REPORT_PDF_COLS + 7] = "40 / 50 · 80%\nPassed";
	}
	d.title = "Sitting report";
	d.header[0] = "Exam: AI literacy · 人工智慧素養";
	memcpy(d.heads, heads, sizeof heads);
	d.cells = cells;
	d.nrows = N;
	d.totals = "Totals: Booked 300";
	d.page_word = "Page";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(report_pdf_render(&d, &pdf, &len, &err) == 0 && len > 0,
	    "300 learners render (%s)", err ? err : "");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(ms < 1000, "in well under a second (%.0f ms)", ms);
	printf("report: 300 learners, %zu bytes, %.0f ms\n", len, ms);
	if (pdf != NULL && (text = pdf_text((const char *)pdf, len)) != NULL) {
		const char *p2 = strchr(text, '\f');	/* pdftotext ends a page with a form feed */

		CHECK(p2 && strstr(p2, "Sitting report") && strstr(p2, "Attendance") &&
		    strstr(p2, "人工智慧素養"), "page 2 repeats the header and the column heads");
		CHECK(strstr(text, "王小明299") && strstr(text, "Totals: Booked 300") &&
		    strstr(text, "Page 1 / ") && strstr(text, "Page 2 / "),
		    "the last learner, the totals and the page numbers print");
		free(text);
	}
	free(pdf);
	free(cells);
	free(names);
}

void
test_report(void)
{
	static const char *const learners[][3] = { { "ann", "=SUM(A1)", "王安" },
	    { "bo", "Bo", "" }, { "cy", "Cy", "-x" }, { "dee", "Dee", "" } };
	char out[4096], admin[64], coach[64], rival[64], pat[64], rex[64], ann[64], bo[64];
	char pw[64], aid[64];
	long long sid;
	json_t *j;
	int st;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "trainer-pass");
	testsrv_user(&srv, "rival", "Rival", "trainer", "rival-pass");
	testsrv_user(&srv, "pat", "Pat", "proctor", "proctor-pass");
	testsrv_user(&srv, "rex", "Rex", "proctor", "proctor-pass-2");
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "r",
	    testsrv_file(&srv, "r.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "rep.json", exam_rep, 0), NULL) == 0, "the exam is added: %s", out);
	testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "rival",
	    testsrv_file(&srv, "rother.json", exam_other, 0), NULL);
	for (size_t i = 0; i < sizeof learners / sizeof *learners; i++) {
		snprintf(pw, sizeof pw, "%s-pass-1", learners[i][0]);
		testsrv_user(&srv, learners[i][0], learners[i][1], "learner", pw);
	}
	db_exec("UPDATE users SET name_alt = '王安' WHERE login = 'ann';"
	    "UPDATE users SET name_alt = '-x' WHERE login = 'cy';"
	    "UPDATE users SET created_by = (SELECT id FROM users WHERE login = 'coach') "
	    "WHERE login IN ('ann', 'bo', 'cy');"
	    "UPDATE users SET created_by = (SELECT id FROM users WHERE login = 'rival') "
	    "WHERE login = 'dee';");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass", rival, sizeof rival);
	testsrv_signin(&srv, "pat", "proctor-pass", pat, sizeof pat);
	testsrv_signin(&srv, "rex", "proctor-pass-2", rex, sizeof rex);
	testsrv_signin(&srv, "ann", "ann-pass-1", ann, sizeof ann);
	testsrv_signin(&srv, "bo", "bo-pass-1", bo, sizeof bo);
	j = call(coach, "POST", "/api/v1/exams/rep/sittings", "{\"name\":\"Morning R\","
	    "\"room\":\"Room 9\",\"members\":[\"ann\",\"bo\",\"cy\"],\"proctors\":[\"pat\"]}", &st);
	sid = (long long)json_integer_value(json_object_get(j, "id"));
	CHECK(st == 201 && sid > 0, "the trainer books the sitting with proctor pat (%d)", st);
	json_decref(j);
	json_decref(call(rival, "POST", "/api/v1/exams/rother/sittings", "{\"name\":\"Rival R\","
	    "\"members\":[\"dee\"],\"proctors\":[\"rex\"]}", &st));
	CHECK(st == 201, "the rival books its own with proctor rex (%d)", st);
	conduct(coach, pat, ann, bo, sid, aid, sizeof aid);
	/* What the server credits after an outage (attempt_outage_recover). */
	db_exec("INSERT INTO attempt_incidents(attempt_id, at, kind, moved_ms) SELECT id, "
	    "started_at + 1000, 'outage', 90000 FROM attempts WHERE user_id = "
	    "(SELECT id FROM users WHERE login = 'ann')");
	page(pat, sid);
	csv(coach, sid);
	pdf(admin, sid);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit a JOIN users u ON u.id = a.user_id "
	    "WHERE a.action = 'sitting.report' AND ((u.login = 'coach' AND a.detail LIKE '%csv') "
	    "OR (u.login = 'admin' AND a.detail LIKE '%pdf'))", NULL) == 2,
	    "the CSV and the PDF taken are in the audit trail, by whom");
	refusals(rival, ann, rex, sid);
	many_pages();
	testsrv_stop(&srv, SIGTERM, NULL);
}
