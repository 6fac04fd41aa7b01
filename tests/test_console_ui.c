/*
 * test_console_ui.c - the trainer's console in the browser, through a real
 * server with cookie sessions signed in by the /signin form: every page in
 * English and Traditional Chinese, who may see what (anonymous, learner,
 * another trainer, admin), the exam form round-tripping to the JSON API,
 * bank upload errors by line, retiring, learners with access-code slips,
 * sittings, regrading, revoking, the audit page, and CSRF on every POST.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank[] =
    "$CATEGORY: t/a\n\n"
    "// [id:ta1]\n::Alpha one::Prompt alpha one{=right ~wrong ~other}\n\n"
    "// [id:ta2]\n::Alpha two::Prompt alpha two{=right ~wrong ~other}\n\n"
    "// [id:ta3]\n::Alpha three::Prompt alpha three{=right ~wrong ~other}\n\n"
    "$CATEGORY: t/b\n\n"
    "// [id:tb1]\n::Beta one::Prompt beta one{=right ~wrong ~other}\n\n"
    "// [id:tb2]\n::Beta two::Prompt beta two{=right ~wrong ~other}\n";

/* The learner takes exam ui-exam over the API, answering every item
 * "right", and submits. Returns the attempt id (static). */
static const char *
take_exam(const char *token)
{
	static char id[64];
	char path[256];
	json_t *att;
	int status;

	att = testsrv_api(&srv, token, "POST", "/api/v1/exams/ui-exam/attempts",
	    "{\"lang\":\"en\"}", &status);
	snprintf(id, sizeof id, "%s", testsrv_jstr(att, "id"));
	testsrv_answer_all(&srv, token, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", id);
	json_decref(testsrv_api(&srv, token, "POST", path,
	    "{\"kind\":\"paste\",\"detail\":\"12 chars\"}", &status));
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	json_decref(testsrv_api(&srv, token, "POST", path, NULL, &status));
	json_decref(att);
	return id;
}

static const char exam_form[] =
    "id=ui-exam&title_en=UI+Exam&title_zh=%E4%BB%8B%E9%9D%A2%E6%B8%AC%E9%A9%97"
    "&desc_en=&desc_zh=&minutes=15&grace=30&pass=60&attempts=0&wait_hours=0"
    "&cert_years=1&opens=2026-01-01T09%3A00&closes=&review=score&lang_en=1"
    "&shuffle_items=1&bank=t&nsections=2"
    "&s0.category=t%2Fa&s0.count=2&s0.min=&s0.title_en=Alpha&s0.title_zh=%E7%94%B2"
    "&s0.easy=&s0.medium=&s0.hard="
    "&s1.category=t%2Fb&s1.count=1&s1.min=&s1.title_en=&s1.title_zh="
    "&s1.easy=&s1.medium=&s1.hard=";

static void
exam_form_roundtrip(const struct websess *coach, const struct websess *rival)
{
	struct resp r;
	char v[256], fields[4096];
	json_t *j;

	CHECK(web_post(&srv, coach, "/console/exams/new", exam_form, 0, &r) == 0 && r.status == 403,
	    "the exam form without its CSRF token: 403 (got %d)", r.status);
	resp_free(&r);
	snprintf(fields, sizeof fields, "%s&more=1", exam_form);
	CHECK(web_post(&srv, coach, "/console/exams/new", fields, 1, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "name=\"s2.category\"") && strstr(r.body, "value=\"UI Exam\""),
	    "\"More sections\" shows the form again, as typed, with a third row (%d)", r.status);
	resp_free(&r);
	snprintf(fields, sizeof fields, "%s", exam_form);
	memcpy(strstr(fields, "s0.count=2"), "s0.count=9", 10);
	CHECK(web_post(&srv, coach, "/console/exams/new", fields, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "role=\"alert\"") && strstr(r.body, "t/a") &&
	    strstr(r.body, "value=\"9\""), "asking for more questions than t/a holds: 422, the "
	    "error next to the form, the values kept (%d)", r.status);
	resp_free(&r);
	/* Errors name the form's fields as the form shows them, in its language
	 * and units; sections by their row. */
	snprintf(fields, sizeof fields, "%s", exam_form);
	memcpy(strstr(fields, "minutes=15"), "minutes=2000", 12);
	memcpy(strstr(fields, "s1.count=1"), "s1.count=600", 12);
	CHECK(web_post(&srv, coach, "/console/exams/new", fields, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "Time limit (minutes) must be a number from 1 to 1440") &&
	    strstr(r.body, "Section 2: Questions to draw must be a whole number from 1 to 500") &&
	    !strstr(r.body, "duration_s"), "the form's errors name its labels (%d)", r.status);
	resp_free(&r);
	{
		char zh[4096 + 256];

		snprintf(zh, sizeof zh, "csrf=%s&%s", coach->csrf, fields);
		CHECK(web_req(&srv, coach, "POST", "/console/exams/new", "zh-TW",
		    "Content-Type: application/x-www-form-urlencoded\r\n", zh, 0, &r) == 0 &&
		    r.status == 422 && strstr(r.body, "作答時間（分鐘）必須是 1 到 1440 的數字。") &&
		    strstr(r.body, "配置 2：抽題數必須是 1 到 500 的整數。"),
		    "in zh-TW, in Chinese (%d)", r.status);
		resp_free(&r);
	}
	CHECK(web_post(&srv, coach, "/console/exams/new", exam_form, 1, &r) == 0 && r.status == 303 &&
	    resp_header(&r, "Location", v, sizeof v) && strcmp(v, "/console/exams/ui-exam?saved=1") == 0,
	    "the exam form saves and goes to the exam (%d %s)", r.status, v);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/exams/new", exam_form, 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "exists already"), "a new exam cannot take an existing id (%d)", r.status);
	resp_free(&r);

	CHECK(web_get(&srv, coach, "/api/v1/exams/ui-exam", "en", &r) == 0 && r.status == 200,
	    "GET /api/v1/exams/ui-exam with the cookie: 200 (%d)", r.status);
	j = json_loads(r.body ? r.body : "", 0, NULL);
	CHECK(json_integer_value(json_object_get(j, "duration_s")) == 900 &&
	    json_number_value(json_object_get(j, "pass_percent")) == 60 &&
	    json_array_size(json_object_get(j, "sections")) == 2 &&
	    json_array_size(json_object_get(j, "languages")) == 1 &&
	    strcmp(json_string_value(json_object_get(j, "review")) ?: "", "score") == 0 &&
	    strcmp(json_string_value(json_object_get(j, "available_from")) ?: "",
	    "2026-01-01T01:00:00Z") == 0 &&
	    json_integer_value(json_object_get(json_object_get(j, "certificate"), "valid_years")) == 1 &&
	    strcmp(json_string_value(json_object_get(json_object_get(json_array_get(json_object_get(j,
	    "sections"), 0), "title"), "zh-TW")) ?: "", "甲") == 0 &&
	    strcmp(json_string_value(json_object_get(json_object_get(j, "title"), "zh-TW")) ?: "",
	    "介面測驗") == 0,
	    "the API reads back what the form said: 15 min, 60%%, 2 sections, English only, "
	    "score, opens 09:00 Taipei = 01:00Z, 1-year certificate, titles");
	json_decref(j);
	resp_free(&r);

	/* The edit form shows it back, and saves a change. */
	web_page_has(&srv, coach, "/console/exams/ui-exam/edit", "en", "value=\"UI Exam\"",
	    "<option value=\"t/a\" selected>");
	web_page_has(&srv, coach, "/console/exams/ui-exam/edit", "zh-TW", "編輯測驗",
	    "value=\"2026-01-01T09:00\"");
	snprintf(fields, sizeof fields, "%s", exam_form);
	memcpy(strstr(fields, "minutes=15"), "minutes=20", 10);
	CHECK(web_post(&srv, coach, "/console/exams/ui-exam/edit", fields, 1, &r) == 0 && r.status == 303,
	    "the edit form saves (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, coach, "/api/v1/exams/ui-exam", "en", &r) == 0 &&
	    strstr(r.body, "\"duration_s\":1200"),
	    "the edit reached the definition");
	resp_free(&r);

	/* Another trainer's exam is out of reach. */
	CHECK(web_get(&srv, rival, "/console/exams/ui-exam", "en", &r) == 0 && r.status == 403,
	    "another trainer: the exam overview is 403 (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, rival, "/console/exams/ui-exam/edit", "en", &r) == 0 && r.status == 403,
	    "another trainer: the edit form is 403 (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, rival, "/console/exams/ui-exam/edit", exam_form, 1, &r) == 0 &&
	    r.status == 403,
	    "another trainer cannot save over it (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, rival, "/console/exams/ui-exam/regrade", "", 1, &r) == 0 && r.status == 403,
	    "nor regrade it (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, rival, "/console/exams/ui-exam/sittings", "name=x", 1, &r) == 0 &&
	    r.status == 403,
	    "nor schedule a sitting (%d)", r.status);
	resp_free(&r);
}

static void
uploads(const struct websess *coach)
{
	static const char bad[] =
	    "::Q1:: A good question {=yes ~no}\n\n"
	    "::Q2:: A broken question {=yes ~no\n";
	static const char good[] =
	    "$CATEGORY: u/x\n\n::U1:: Upload one {=yes ~no ~maybe}\n\n::U2:: Upload two {T}\n";
	const char *boundary = "XyZbOuNdArY";
	char ct[100], body[4096];
	struct resp r;

	snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s\r\n", boundary);
	snprintf(body, sizeof body, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"broken.gift\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\nupl\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\nutf-8\r\n--%s--\r\n",
	    boundary, coach->csrf, boundary, bad, boundary, boundary, boundary);
	CHECK(web_req(&srv, coach, "POST", "/console/banks/upload", "en", ct, body, 0, &r) == 0 &&
	    r.status == 422 && strstr(r.body, "<code class=\"file-name\">broken.<wbr>gift<wbr></code></td><td class=\"num\">3</td>"),
	    "an upload with an error: 422 and the error listed at broken.gift line 3 (%d)", r.status);
	resp_free(&r);
	CHECK(web_req(&srv, coach, "GET", "/console/banks/upload", "en", NULL, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "<select id=\"u-format\" name=\"format\"") &&
	    strstr(r.body, "<option value=\"moodle-xml\">Moodle XML</option>") &&
	    strstr(r.body, "<label for=\"u-format\">Format</label>"),
	    "the upload page offers a labelled format choice");
	resp_free(&r);
	CHECK(web_req(&srv, coach, "POST", "/console/banks/upload", "zh-TW", ct, body, 0, &r) == 0 &&
	    r.status == 422 && strstr(r.body, "行號") &&
	    strstr(r.body, "開始的答案區塊，在結束此題的空行之前沒有以"),
	    "the error table in zh-TW too, the errors in Chinese");
	resp_free(&r);
	memcpy(strstr(body, coach->csrf), "AAAA", 4);
	CHECK(web_req(&srv, coach, "POST", "/console/banks/upload", "en", ct, body, 0, &r) == 0 &&
	    r.status == 403, "an upload with a wrong CSRF token: 403 (%d)", r.status);
	resp_free(&r);
	snprintf(body, sizeof body, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upl.gift\"\r\n\r\n%s\r\n"
	    "--%s--\r\n", boundary, coach->csrf, boundary, good, boundary);
	CHECK(web_req(&srv, coach, "POST", "/console/banks/upload", "en", ct, body, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "Added") && strstr(r.body, "/console/banks/upl"),
	    "a good upload shows its summary (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, coach, "/console/banks/upl", "en", "Upload one", "Multiple choice");
}

static void
people(const struct websess *coach)
{
	struct resp r;

	CHECK(web_post(&srv, coach, "/console/people", "csv=login%2Cname%0Akid1%2C%E5%B0%8F%E8%8F%AF%0A"
	    "kid2%2CKid+Two%0A&encoding=utf-8&sitting=0&codes_days=2", 0, &r) == 0 &&
	    r.status == 403, "importing learners without CSRF: 403");
	resp_free(&r);
	{
		char loc[256] = "";

		CHECK(web_post(&srv, coach, "/console/people", "csv=login%2Cname%0Akid1%2C"
		    "%E5%B0%8F%E8%8F%AF%0Akid2%2CKid+Two%0A&encoding=utf-8&sitting=0&codes_days=2",
		    1, &r) == 0 && r.status == 303 && resp_header(&r, "Location", loc, sizeof loc) &&
		    strncmp(loc, "/console/people/slips/", 22) == 0,
		    "a CSV import goes on to its slips (%d %s)", r.status, loc);
		resp_free(&r);
		CHECK(web_get(&srv, coach, loc, "en", &r) == 0 && r.status == 200 &&
		    strstr(r.body, "class=\"slip\"") && strstr(r.body, "小華") &&
		    strstr(r.body, "class=\"slip-code\""),
		    "which print one slip per learner, with its access code (%d)", r.status);
		resp_free(&r);
	}
	CHECK(web_post(&srv, coach, "/console/people", "csv=login%2Cname%0Abad+login%2CX%0A&encoding=utf-8"
	    "&codes_days=0", 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "<td class=\"num\">2</td>"), "a bad CSV line is listed with its line (%d)",
	    r.status);
	resp_free(&r);
	{
		char body[512];

		snprintf(body, sizeof body, "csrf=%s&csv=login%%2Cname%%0Abad+login%%2CX%%0A"
		    "kid3%%2C%%0A&encoding=utf-8&codes_days=0", coach->csrf);
		CHECK(web_req(&srv, coach, "POST", "/console/people", "zh-TW",
		    "Content-Type: application/x-www-form-urlencoded\r\n", body, 0, &r) == 0 &&
		    r.status == 422 && strstr(r.body, "帳號「bad login」必須由 1 到 64 個") &&
		    strstr(r.body, "姓名空白、過長，或含有控制字元。"),
		    "in zh-TW the CSV's errors are Chinese (%d)", r.status);
		resp_free(&r);
	}
	CHECK(web_post(&srv, coach, "/console/people/accommodation", "login=kid1&multiplier=1.5", 0,
	    &r) == 0 && r.status == 403, "an accommodation without CSRF: 403");
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/people/accommodation", "login=kid1&multiplier=1.5", 1,
	    &r) == 0 && r.status == 303, "an accommodation is saved (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/people/accommodation", "login=kid1&multiplier=9", 1,
	    &r) == 0 && r.status == 400 && strstr(r.body, "from 1 to 4"),
	    "a multiplier out of range is refused on the page (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/people/unlock", "login=nobody-here", 1, &r) == 0 &&
	    r.status == 404 && strstr(r.body, "id=\"u-login\" name=\"login\" value=\"nobody-here\"") &&
	    strstr(r.body, "id=\"a-login\" name=\"login\" value=\"\""),
	    "a refused unlock keeps its login in its own form, not the other's (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/people/unlock", "login=kid1", 1, &r) == 0 &&
	    r.status == 303, "the trainer clears their learner's sign-in lock (%d)", r.status);
	resp_free(&r);
}

void
test_console_ui(void)
{
	static const char *const all_pages[] = { "/console", "/console/banks/t",
	    "/console/banks/upload", "/console/exams/new", "/console/people" };
	struct websess coach, rival, lena, admin;
	struct resp r;
	char out[4096], v[512], path[256], token[128];
	const char *attempt;
	json_t *j;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "陳老師", "--role", "trainer", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "t", "--owner", "coach",
	    testsrv_file(&srv, "t.gift", bank, 0), NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "go", "--owner", "coach",
	    testsrv_file(&srv, "go.xml", "<quiz><question type=\"gapselect\"><name><text>G"
	    "</text></name><questiontext><text>Data [[2]] models.</text></questiontext>"
	    "<selectoption><text>slows</text><group>1</group></selectoption>"
	    "<selectoption><text>shapes</text><group>1</group></selectoption></question>"
	    "<question type=\"ordering\"><name><text>O</text></name><questiontext><text>"
	    "Order</text></questiontext><answer><text>first</text></answer><answer><text>"
	    "second</text></answer></question></quiz>", 0), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "u", "--owner",
	    "coach", testsrv_file(&srv, "u.xml", "<quiz><question type=\"numerical\">"
	    "<name><text>g</text></name><questiontext><text>Gravity?</text>"
	    "</questiontext><answer fraction=\"100\"><text>9.8</text></answer>"
	    "<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name></unit>"
	    "<unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name></unit>"
	    "</units><unitgradingtype>1</unitgradingtype><showunits>2</showunits>"
	    "</question></quiz>", 0), NULL) == 0, "a bank with units imports: %s", out);
	testsrv_cli(&srv, "rival-pass1\n", out, sizeof out, "user", "add", "--login", "rival",
	    "--name", "Rival", "--role", "trainer", NULL);
	testsrv_cli(&srv, "lena-pass11\n", out, sizeof out, "user", "add", "--login", "lena",
	    "--name", "林小娜", "--role", "learner", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	CHECK(web_signin(&srv, "coach", "coach-pass1", "%2Fconsole", &coach) == 0,
	    "a trainer signs in by the form");
	CHECK(web_signin(&srv, "rival", "rival-pass1", "%2Fconsole", &rival) == 0,
	    "another trainer signs in");
	CHECK(web_signin(&srv, "lena", "lena-pass11", "%2Fconsole", &lena) == 0, "a learner signs in");
	CHECK(web_signin(&srv, "admin", "admin-pass-123", "%2Fconsole", &admin) == 0,
	    "the admin signs in");

	/* Who may come in. */
	CHECK(web_get(&srv, NULL, "/console", "en", &r) == 0 && r.status == 303 &&
	    resp_header(&r, "Location", v, sizeof v) && strncmp(v, "/signin?next=", 13) == 0,
	    "anonymous: /console redirects to sign-in (%d)", r.status);
	resp_free(&r);
	for (size_t i = 0; i < sizeof all_pages / sizeof *all_pages; i++) {
		CHECK(web_get(&srv, &lena, all_pages[i], "en", &r) == 0 && r.status == 403,
		    "a learner gets 403 on %s (%d)", all_pages[i], r.status);
		resp_free(&r);
	}
	CHECK(web_get(&srv, &lena, "/", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "href=\"/console\"") == NULL,
	    "a learner's menu has no console link");
	resp_free(&r);
	CHECK(web_get(&srv, &coach, "/", "zh-TW", &r) == 0 && strstr(r.body, "href=\"/console\">管理後台<"),
	    "a trainer's menu links to 管理後台");
	resp_free(&r);

	/* Every page, both languages. */
	web_page_has(&srv, &coach, "/console", "en", "New exam", "/console/banks/t");
	web_page_has(&srv, &coach, "/console", "zh-TW", "新增測驗", "題庫");
	CHECK(web_get(&srv, &coach, "/console", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "/console/audit") == NULL,
	    "a trainer's dashboard has no audit link");
	resp_free(&r);
	web_page_has(&srv, &admin, "/console", "en", "/console/audit", NULL);
	web_page_has(&srv, &coach, "/console/banks/t", "en", "Prompt alpha one", "Retire");
	web_page_has(&srv, &coach, "/console/banks/u", "en",
	    "Units: m/s2 ×1, cm/s2 ×100 · a missing or unknown unit loses 10% of the answer&#39;s "
	    "grade · chosen from a list", "9.8 ± 0 m/s2");
	web_page_has(&srv, &coach, "/console/banks/t", "zh-TW", "停用", "選擇題");
	/* The preview shows each gap's right choice and an ordering's places. */
	web_page_has(&srv, &coach, "/console/banks/go", "en", "Data [Gap 1] models.", NULL);
	web_page_has(&srv, &coach, "/console/banks/go", "en", "Gap 1 → <strong>shapes</strong> "
	    "<span class=\"hint\">(also offered: slows)", "Select missing words");
	web_page_has(&srv, &coach, "/console/banks/go", "zh-TW", "<span class=\"frac\">2.</span> "
	    "second", "排序題");
	web_page_has(&srv, &coach, "/console/banks/t?q=beta+two", "en", "Prompt beta two", "1 / 5");
	web_page_has(&srv, &coach, "/console/banks/t?category=t%2Fb", "en", "Beta one", "2 / 5");
	web_page_has(&srv, &coach, "/console/banks/upload", "en", "enctype=\"multipart/form-data\"",
	    "Big5");
	web_page_has(&srv, &coach, "/console/banks/upload", "zh-TW", "上傳題庫", "檔案編碼");
	web_page_has(&srv, &coach, "/console/exams/new", "en", "t/a (3 · en)", "More sections");
	web_page_has(&srv, &coach, "/console/exams/new", "zh-TW", "增加配置", "t/b (2 · en)");
	web_page_has(&srv, &coach, "/console/exams/new", "en",
	    "Times are Taiwan time (UTC+8). Leave empty for no limit.", NULL);
	web_page_has(&srv, &coach, "/console/exams/new", "zh-TW",
	    "時間以臺灣時間（UTC+8）為準；留空表示不限。", NULL);
	web_page_has(&srv, &coach, "/console/people", "en", "Access codes valid for", "Accommodations");
	web_page_has(&srv, &coach, "/console/people", "zh-TW", "登入碼有效天數", "應試調整");
	CHECK(web_get(&srv, &coach, "/console/banks/nope", "en", &r) == 0 && r.status == 404,
	    "an unknown bank: 404");
	resp_free(&r);

	exam_form_roundtrip(&coach, &rival);

	/* A learner takes the exam; the trainer reads it. */
	{
		char body[200];

		snprintf(body, sizeof body, "{\"login\":\"lena\",\"password\":\"lena-pass11\"}");
		http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
		    body, strlen(body), &r);
		j = json_loads(r.body ? r.body : "", 0, NULL);
		snprintf(token, sizeof token, "%s", json_string_value(json_object_get(j, "token")) ?: "");
		json_decref(j);
		resp_free(&r);
	}
	attempt = take_exam(token);
	CHECK(*attempt != '\0', "the learner took ui-exam");
	web_page_has(&srv, &coach, "/console/exams/ui-exam", "en", "lena", "Item statistics");
	web_page_has(&srv, &coach, "/console/exams/ui-exam", "zh-TW", "試題分析", "<svg");
	web_page_has(&srv, &coach, "/console/exams/ui-exam?result=passed", "en", "lena", "Passed");
	CHECK(web_get(&srv, &coach, "/console/exams/ui-exam?result=failed", "en", &r) == 0 &&
	    r.status == 200 && strstr(r.body, "<code class=\"small\">lena</code>") == NULL,
	    "filtering on failed hides the learner who passed");
	resp_free(&r);
	CHECK(web_get(&srv, &coach, "/console/exams/ui-exam", "en", &r) == 0 &&
	    strstr(r.body, "<rect x=\"358\" y=\"20\" width=\"30\" height=\"120\"") &&
	    strstr(r.body, "style=") == NULL,
	    "the histogram's 90–100 bar is full height, drawn without style attributes");
	resp_free(&r);
	snprintf(path, sizeof path, "/console/attempts/%s", attempt);
	web_page_has(&srv, &coach, path, "en", "Prompt alpha", "Pasted text");
	web_page_has(&srv, &coach, path, "zh-TW", "作答異常紀錄", "林小娜");
	CHECK(web_get(&srv, &rival, path, "en", &r) == 0 && r.status == 403,
	    "another trainer cannot open the attempt (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &lena, path, "en", &r) == 0 && r.status == 403, "nor can the learner");
	resp_free(&r);

	/* Sittings, regrading, revoking. */
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/sittings",
	    "name=Room+A&opens=2026-02-01T09%3A00"
	    "&closes=2026-02-01T12%3A00&members=lena%0D%0A", 0, &r) == 0 && r.status == 403,
	    "a sitting without CSRF: 403");
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/sittings",
	    "name=Room+A&opens=2026-02-01T09%3A00"
	    "&closes=2026-02-01T12%3A00&members=lena%0D%0A", 1, &r) == 0 && r.status == 422 &&
	    strstr(r.body, "lena: This learner is not one of yours"),
	    "a trainer cannot book a learner who is not theirs (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/sittings",
	    "name=Room+A&opens=2026-02-01T09%3A00"
	    "&closes=2026-02-01T12%3A00&members=", 1, &r) == 0 && r.status == 303,
	    "a sitting is created (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, &coach, "/console/exams/ui-exam", "en", "Room A", "2026-02-01 09:00");
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/sittings", "name=Room+B&members=ghost", 1,
	    &r) == 0 && r.status == 422 && strstr(r.body, "ghost: no account has this login") &&
	    strstr(r.body, "value=\"Room B\""),
	    "a sitting naming an unknown login shows why, the form kept (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/regrade", "", 0, &r) == 0 && r.status == 403,
	    "regrading without CSRF: 403");
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/regrade", "", 1, &r) == 0 &&
	    r.status == 200 &&
	    strstr(r.body, "No attempt"), "the regrade preview says nothing would change (%d)", r.status);
	resp_free(&r);
	{
		static const char fixed[] =
		    "$CATEGORY: t/a\n\n"
		    "// [id:ta1]\n::Alpha one::Prompt alpha one{~right =wrong ~other}\n\n"
		    "// [id:ta2]\n::Alpha two::Prompt alpha two{~right =wrong ~other}\n\n"
		    "// [id:ta3]\n::Alpha three::Prompt alpha three{~right =wrong ~other}\n\n"
		    "$CATEGORY: t/b\n\n"
		    "// [id:tb1]\n::Beta one::Prompt beta one{=right ~wrong ~other}\n\n"
		    "// [id:tb2]\n::Beta two::Prompt beta two{=right ~wrong ~other}\n";

		testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "t",
		    testsrv_file(&srv, "t.gift", fixed, 0), NULL);
	}
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/regrade", "", 1, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "林小娜") && strstr(r.body, "No longer passes") &&
	    strstr(r.body, "name=\"confirm\""),
	    "after a key change, the preview shows the learner no longer passing (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/regrade", "apply=1", 1, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "Tick the box"), "applying needs the confirmation");
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/exams/ui-exam/regrade", "apply=1&confirm=1", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", v, sizeof v) && strstr(v, "regraded=1"),
	    "applying regrades one attempt (%d %s)", r.status, v);
	resp_free(&r);
	CHECK(web_get(&srv, &coach, "/console/exams/ui-exam", "en", &r) == 0 && r.body &&
	    strstr(r.body, "regraded"), "the results show the regrading note");
	{
		const char *p = r.body ? strstr(r.body, "/console/certificates/") : NULL;
		char serial[64] = "", fields[300];
		size_t n = p ? strcspn(p + 22, "/") : 0;

		if (p != NULL && n < sizeof serial) {
			memcpy(serial, p + 22, n);
			serial[n] = '\0';
		}
		resp_free(&r);
		CHECK(*serial != '\0', "the learner's certificate has a revoke form");
		snprintf(path, sizeof path, "/console/certificates/%s/revoke", serial);
		snprintf(fields, sizeof fields, "exam=ui-exam&reason=Key+error+fixed");
		CHECK(web_post(&srv, &coach, path, fields, 0, &r) == 0 && r.status == 403,
		    "revoking without CSRF: 403");
		resp_free(&r);
		CHECK(web_post(&srv, &rival, path, fields, 1, &r) == 0 && r.status == 403,
		    "another trainer cannot revoke it (%d)", r.status);
		resp_free(&r);
		CHECK(web_post(&srv, &coach, path, "exam=ui-exam&reason=", 1, &r) == 0 && r.status == 400,
		    "revoking needs a reason (%d)", r.status);
		resp_free(&r);
		CHECK(web_post(&srv, &coach, path, fields, 1, &r) == 0 && r.status == 303 &&
		    resp_header(&r, "Location", v, sizeof v) && strstr(v, "revoked="),
		    "the trainer revokes it with a reason (%d)", r.status);
		resp_free(&r);
		snprintf(path, sizeof path, "/api/v1/certificates/%s.pdf", serial);
	}

	/* Retire and restore. */
	CHECK(web_post(&srv, &coach, "/console/banks/t/retire", "key=tb2&retire=1", 0, &r) == 0 &&
	    r.status == 403, "retiring without CSRF: 403");
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/banks/t/retire", "key=tb2&retire=1&q=beta", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", v, sizeof v) &&
	    strcmp(v, "/console/banks/t?done=1&q=beta#q-tb2") == 0,
	    "retiring goes back to the same search, at the question (%s)", v);
	resp_free(&r);
	web_page_has(&srv, &coach, "/console/banks/t?q=beta+two", "en", "Restore", "Retired");
	CHECK(web_post(&srv, &coach, "/console/banks/t/retire", "key=nope&retire=1", 1, &r) == 0 &&
	    r.status == 404, "retiring an unknown key: 404");
	resp_free(&r);
	CHECK(web_post(&srv, &coach, "/console/banks/t/retire", "key=tb2&retire=0", 1, &r) == 0 &&
	    r.status == 303, "restoring");
	resp_free(&r);

	uploads(&coach);
	people(&coach);

	/* The audit page is the admin's. */
	CHECK(web_get(&srv, &coach, "/console/audit", "en", &r) == 0 && r.status == 403,
	    "a trainer gets 403 on the audit page (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, &admin, "/console/audit", "en", "item.retire", "/api/v1/audit.csv");
	web_page_has(&srv, &admin, "/console/audit", "zh-TW", "稽核紀錄", "certificate.revoke");
	web_page_has(&srv, &admin, "/console/audit?before=3", "en", "Newest", NULL);
	web_page_has(&srv, &admin, "/console/exams/ui-exam", "en", "lena", NULL);

	testsrv_stop(&srv, SIGTERM, NULL);
}
