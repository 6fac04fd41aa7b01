/*
 * test_users.c - a bank's version history and the administrator's
 * accounts, through a real server: the versions table after a re-import
 * (page and JSON), accounts listed, searched and paged, roles changed,
 * accounts disabled (their sessions end, sign-in refused) and enabled
 * again, passwords set, the guard rails that keep an administrator, 403
 * for trainers, CSRF on every change, and each change in the audit trail;
 * and the learners CSV as libcsv reads it (quotes, line numbers).
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

static const char bank_v1[] =
    "$CATEGORY: v/a\n\n"
    "// [id:v1]\n::One::Prompt one{=right ~wrong}\n\n"
    "// [id:v2]\n::Two::Prompt two{=right ~wrong}\n\n"
    "// [id:v3]\n::Three::Prompt three{=right ~wrong}\n";

/* v2 changed, v4 added. */
static const char bank_v2[] =
    "$CATEGORY: v/a\n\n"
    "// [id:v1]\n::One::Prompt one{=right ~wrong}\n\n"
    "// [id:v2]\n::Two::Prompt two, reworded{=right ~wrong}\n\n"
    "// [id:v3]\n::Three::Prompt three{=right ~wrong}\n\n"
    "// [id:v4]\n::Four::Prompt four{=right ~wrong}\n";

static void
versions(const struct websess *coach, const char *coach_token, const char *learner_token)
{
	static const char row2[] = "<td>coach</td><td><code class=\"small\">vb2.gift</code></td>"
	    "<td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>";
	static const char row1[] = "<td class=\"num\">3</td><td class=\"num\">3</td>"
	    "<td class=\"num\">0</td></tr>";
	struct resp r;
	json_t *j, *v;
	int status;
	char h[300];

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n",
	    coach_token);
	CHECK(http_req(srv.port, "POST", "/api/v1/banks?bank=vb&filename=vb2.gift", h, bank_v2,
	    strlen(bank_v2), &r) == 0 && r.status == 201, "the trainer re-imports the bank (%d %s)",
	    r.status, r.body ? r.body : "");
	resp_free(&r);

	CHECK(web_get(&srv, coach, "/console/banks/vb", "en", &r) == 0 && r.status == 200 && r.body,
	    "the bank page opens (%d)", r.status);
	{
		const char *sec = r.body ? strstr(r.body, "id=\"versions\"") : NULL;
		const char *p2 = sec ? strstr(sec, row2) : NULL;
		const char *p1 = sec ? strstr(sec, row1) : NULL;
		const char *cli = sec ? strstr(sec, "<td>command line</td>") : NULL;

		CHECK(sec && strstr(sec, "<h2 id=\"h-versions\">Versions</h2>"),
		    "the bank page has a Versions section");
		CHECK(p2 != NULL, "version 2: imported by coach from vb2.gift, 4 questions, "
		    "1 added, 1 changed");
		CHECK(p1 != NULL && cli != NULL && cli < p1 && strstr(cli, "vb.gift</code>"),
		    "version 1: from the command line, vb.gift, 3 questions all added");
		CHECK(p2 && p1 && p2 < p1, "the newest version comes first");
		CHECK(sec && strstr(sec, "<th scope=\"row\" class=\"num\">2</th>") &&
		    strstr(sec, "<th scope=\"row\" class=\"num\">1</th>") &&
		    strstr(sec, "<th scope=\"row\" class=\"num\">3</th>") == NULL,
		    "exactly versions 2 and 1 are listed");
		CHECK(sec && strstr(sec, "<td class=\"nowrap\">20"), "with the import time");
	}
	resp_free(&r);
	web_page_has(&srv, coach, "/console/banks/vb", "zh-TW", "版本紀錄", "<td>命令列</td>");

	j = testsrv_api(&srv, coach_token, "GET", "/api/v1/banks/vb/versions", NULL, &status);
	v = json_array_get(j, 0);
	CHECK(status == 200 && json_array_size(j) == 2 &&
	    json_integer_value(json_object_get(v, "version")) == 2 &&
	    strcmp(json_string_value(json_object_get(v, "imported_by")) ?: "", "coach") == 0 &&
	    strcmp(json_string_value(json_object_get(v, "sources")) ?: "", "vb2.gift") == 0 &&
	    json_integer_value(json_object_get(v, "count")) == 4 &&
	    json_integer_value(json_object_get(v, "added")) == 1 &&
	    json_integer_value(json_object_get(v, "changed")) == 1 &&
	    json_integer_value(json_object_get(v, "imported_at")) > 1700000000,
	    "GET /api/v1/banks/vb/versions: version 2 first, by coach, 4/1/1 (%d)", status);
	v = json_array_get(j, 1);
	CHECK(json_integer_value(json_object_get(v, "version")) == 1 &&
	    json_is_null(json_object_get(v, "imported_by")) &&
	    json_integer_value(json_object_get(v, "count")) == 3 &&
	    json_integer_value(json_object_get(v, "added")) == 3 &&
	    json_integer_value(json_object_get(v, "changed")) == 0,
	    "then version 1, imported_by null (the command line), 3/3/0");
	json_decref(j);
	j = testsrv_api(&srv, coach_token, "GET", "/api/v1/banks/nope/versions", NULL, &status);
	CHECK(status == 404, "an unknown bank's versions: 404 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, learner_token, "GET", "/api/v1/banks/vb/versions", NULL, &status);
	CHECK(status == 403, "a learner cannot read them: 403 (%d)", status);
	json_decref(j);
}

/* 1 if the audit trail has action by who with exactly detail. */
static int
audited(const char *admin_token, const char *action, const char *detail)
{
	json_t *rows, *row;
	size_t i;
	int status, found = 0;

	rows = testsrv_api(&srv, admin_token, "GET", "/api/v1/audit", NULL, &status);
	json_array_foreach(rows, i, row)
		found |= strcmp(json_string_value(json_object_get(row, "action")) ?: "", action) == 0 &&
		    strcmp(json_string_value(json_object_get(row, "detail")) ?: "", detail) == 0 &&
		    strcmp(json_string_value(json_object_get(row, "who")) ?: "", "admin") == 0;
	json_decref(rows);
	return found;
}

static void
who_may(const struct websess *admin, const struct websess *coach, const char *coach_token)
{
	struct resp r;
	json_t *j;
	int status;
	char h[300];

	CHECK(web_get(&srv, coach, "/console/users", "en", &r) == 0 && r.status == 403,
	    "a trainer gets 403 on /console/users (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/users/lena", "role=trainer", 1, &r) == 0 && r.status == 403,
	    "a trainer cannot post the account form (%d)", r.status);
	resp_free(&r);
	j = testsrv_api(&srv, coach_token, "GET", "/api/v1/users", NULL, &status);
	CHECK(status == 403, "a trainer gets 403 on GET /api/v1/users (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach_token, "PATCH", "/api/v1/users/lena", "{\"role\":\"trainer\"}",
	    &status);
	CHECK(status == 403, "a trainer gets 403 on PATCH /api/v1/users/lena (%d)", status);
	json_decref(j);
	CHECK(web_get(&srv, coach, "/console", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "/console/users") == NULL, "a trainer's dashboard has no accounts link");
	resp_free(&r);
	web_page_has(&srv, admin, "/console", "en", "href=\"/console/users\">Accounts<", NULL);
	web_page_has(&srv, admin, "/console", "zh-TW", "href=\"/console/users\">帳號管理<", NULL);

	/* CSRF on the form and the API alike. */
	CHECK(web_post(&srv, admin, "/console/users/lena", "role=trainer", 0, &r) == 0 &&
	    r.status == 403 &&
	    strstr(r.body, "form has expired"), "the account form without CSRF: 403 (%d)", r.status);
	resp_free(&r);
	CHECK(web_req(&srv, admin, "PATCH", "/api/v1/users/lena", "en",
	    "Content-Type: application/json\r\n", "{\"role\":\"trainer\"}", 0, &r) == 0 &&
	    r.status == 403,
	    "PATCH by cookie without a CSRF token: 403 (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/json\r\nX-CSRF-Token: %s\r\n", admin->csrf);
	CHECK(web_req(&srv, admin, "PATCH", "/api/v1/users/lena", "en", h, "{\"disabled\":false}", 0,
	    &r) == 0 && r.status == 200 && strstr(r.body, "\"changed\":false"),
	    "PATCH by cookie with its token passes, changing nothing here (%d %s)", r.status,
	    r.body ? r.body : "");
	resp_free(&r);
}

static void
listing(const struct websess *admin, const char *admin_token, const char *coach_token)
{
	struct resp r;
	json_t *j;
	int status;
	char h[300], csv[8192];
	size_t n = 0;

	web_page_has(&srv, admin, "/console/users", "en", "<code>lena</code>", "林小娜");
	web_page_has(&srv, admin, "/console/users", "zh-TW", "帳號管理", "系統管理員");
	CHECK(web_get(&srv, admin, "/console/users?q=%E5%B0%8F%E5%A8%9C", "en", &r) == 0 &&
	    r.status == 200 &&
	    strstr(r.body, "<code>lena</code>") && strstr(r.body, "<code>kim</code>") == NULL,
	    "searching 小娜 finds lena by name and nobody else (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, admin, "/console/users?q=KI", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "<code>kim</code>") && strstr(r.body, "<code>lena</code>") == NULL,
	    "searching KI finds kim by login, any case");
	resp_free(&r);
	CHECK(web_get(&srv, admin, "/console/users?q=%25", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "No account matches"), "a search for %% is a plain %%: no match");
	resp_free(&r);
	CHECK(web_get(&srv, admin, "/console/users?q=_", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "No account matches"), "and _ is a plain _");
	resp_free(&r);

	/* 120 learners make two pages. */
	n += (size_t)snprintf(csv, sizeof csv, "login,name\n");
	for (int i = 1; i <= 120; i++)
		n += (size_t)snprintf(csv + n, sizeof csv - n, "pg%03d,Paged %d\n", i, i);
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n", coach_token);
	CHECK(http_req(srv.port, "POST", "/api/v1/users/import?codes_days=0", h, csv, n, &r) == 0 &&
	    r.status == 201, "120 learners are imported (%d)", r.status);
	resp_free(&r);
	{
		static const char two[] = "login,name\nql1,\"Two\nLines\"\nbad login,X\n";

		CHECK(http_req(srv.port, "POST", "/api/v1/users/import", h, two, strlen(two),
		    &r) == 0 && r.status == 422 && strstr(r.body, "\"line\":2") &&
		    strstr(r.body, "control characters") && strstr(r.body, "\"line\":4") &&
		    strstr(r.body, "bad login"), "a name across two lines is refused at line 2, "
		    "and the next record is line 4 (%d %s)", r.status, r.body);
		resp_free(&r);
	}
	CHECK(web_get(&srv, admin, "/console/users?q=pg", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "<code>pg100</code>") && !strstr(r.body, "<code>pg101</code>") &&
	    strstr(r.body, "href=\"/console/users?q=pg&amp;page=2\" rel=\"next\"") &&
	    strstr(r.body, "1 / 2"), "the first page holds 100 accounts and links to the next");
	resp_free(&r);
	CHECK(web_get(&srv, admin, "/console/users?q=pg&page=2", "en", &r) == 0 && r.status == 200 &&
	    strstr(r.body, "<code>pg101</code>") && strstr(r.body, "<code>pg120</code>") &&
	    !strstr(r.body, "<code>pg100</code>") && strstr(r.body, "rel=\"prev\""),
	    "the second page holds the rest");
	resp_free(&r);
	j = testsrv_api(&srv, admin_token, "GET", "/api/v1/users?q=pg&page=2", NULL, &status);
	CHECK(status == 200 && json_integer_value(json_object_get(j, "total")) == 120 &&
	    json_integer_value(json_object_get(j, "pages")) == 2 &&
	    json_array_size(json_object_get(j, "users")) == 20,
	    "GET /api/v1/users?q=pg&page=2: 120 in all, 2 pages, 20 here (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "GET", "/api/v1/users?q=kim", NULL, &status);
	{
		json_t *u = json_array_get(json_object_get(j, "users"), 0);

		CHECK(status == 200 && json_integer_value(json_object_get(j, "total")) == 1 &&
		    strcmp(json_string_value(json_object_get(u, "login")) ?: "", "kim") == 0 &&
		    strcmp(json_string_value(json_object_get(u, "role")) ?: "", "learner") == 0 &&
		    json_is_false(json_object_get(u, "disabled")) &&
		    json_integer_value(json_object_get(u, "created_at")) > 1700000000,
		    "GET /api/v1/users?q=kim: kim, a learner, enabled, with a creation time");
	}
	json_decref(j);
}

static void
changes(const struct websess *admin, const char *admin_token)
{
	struct websess lena, kim_web;
	struct resp r;
	json_t *j;
	char v[300], kim[128], lena_tok[128];
	int status;

	CHECK(web_signin(&srv, "lena", "lena-pass11", NULL, &lena) == 0,
	    "the learner signs in by the form");
	CHECK(web_get(&srv, &lena, "/console", "en", &r) == 0 && r.status == 403,
	    "as a learner she gets 403 on /console (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, admin, "/console/users/lena", "role=trainer&disabled=0&q=&page=1", 1,
	    &r) == 0 && r.status == 303 && resp_header(&r, "Location", v, sizeof v) &&
	    strcmp(v, "/console/users?q=&page=1&saved=lena#u-lena") == 0,
	    "the admin makes lena a trainer and comes back to the list (%d %s)", r.status, v);
	resp_free(&r);
	web_page_has(&srv, &lena, "/console", "en", "New exam", NULL);
	web_page_has(&srv, admin, "/console/users?saved=lena", "en", "Saved. lena", NULL);
	CHECK(audited(admin_token, "user.role", "lena: learner -> trainer"),
	    "the role change is audited with the admin's login");
	CHECK(web_post(&srv, admin, "/console/users/lena", "role=trainer&disabled=0", 1, &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", v, sizeof v) && strstr(v, "unchanged=lena"),
	    "the same form again changes nothing (%s)", v);
	resp_free(&r);
	CHECK(web_post(&srv, admin, "/console/users/lena", "role=boss", 1, &r) == 0 && r.status == 400 &&
	    strstr(r.body, "learner, trainer or admin"), "an unknown role is refused (%d)", r.status);
	resp_free(&r);

	/* Disable: the sessions end, sign-in is refused. */
	CHECK(testsrv_signin(&srv, "kim", "kim-pass111", kim, sizeof kim) == 200 && *kim,
	    "kim signs in through the API");
	CHECK(web_signin(&srv, "kim", "kim-pass111", NULL, &kim_web) == 0, "and in a browser");
	j = testsrv_api(&srv, kim, "GET", "/api/v1/me", NULL, &status);
	CHECK(status == 200, "kim's token works (%d)", status);
	json_decref(j);
	CHECK(web_post(&srv, admin, "/console/users/kim", "disabled=1", 1, &r) == 0 && r.status == 303,
	    "the admin disables kim (%d)", r.status);
	resp_free(&r);
	j = testsrv_api(&srv, kim, "GET", "/api/v1/me", NULL, &status);
	CHECK(status == 401, "kim's existing Bearer session stops working: 401 (%d)", status);
	json_decref(j);
	CHECK(web_get(&srv, &kim_web, "/me", "en", &r) == 0 && r.status == 303,
	    "and the browser session is signed out (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "kim", "kim-pass111", v, sizeof v) == 401, "kim's sign-in is refused");
	web_page_has(&srv, admin, "/console/users?q=kim", "en",
	    "<span class=\"badge bad\">Disabled</span>", NULL);
	CHECK(audited(admin_token, "user.disable", "kim"), "the disabling is audited");
	CHECK(web_post(&srv, admin, "/console/users/kim", "disabled=0", 1, &r) == 0 && r.status == 303,
	    "the admin enables kim again (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "kim", "kim-pass111", kim, sizeof kim) == 200, "kim signs in again");
	CHECK(audited(admin_token, "user.enable", "kim"), "the enabling is audited");

	/* A new password. */
	CHECK(web_post(&srv, admin, "/console/users/kim", "password=new-kim-pass&password2=new-kim-pasz",
	    1, &r) == 0 && r.status == 400 && strstr(r.body, "not the same"),
	    "two different passwords are refused (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, admin, "/console/users/kim", "password=short&password2=short", 1, &r) == 0 &&
	    r.status == 400 && strstr(r.body, "at least 8"), "a short one too (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, admin, "/console/users/kim", "password=new-kim-pass&password2=new-kim-pass",
	    1, &r) == 0 && r.status == 303, "the admin sets kim's password (%d)", r.status);
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "kim", "new-kim-pass", v, sizeof v) == 200, "kim signs in with it");
	CHECK(testsrv_signin(&srv, "kim", "kim-pass111", v, sizeof v) == 401, "not with the old one");
	CHECK(audited(admin_token, "user.password", "kim"), "the new password is audited");

	/* The last admin stays. */
	CHECK(web_post(&srv, admin, "/console/users/admin", "role=trainer", 1, &r) == 0 &&
	    r.status == 409 && strstr(r.body, "last enabled administrator"),
	    "demoting the last admin is refused with why (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, admin, "/console/users/admin", "disabled=1", 1, &r) == 0 && r.status == 409 &&
	    strstr(r.body, "last enabled administrator"), "disabling it too (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, admin, "/console/users?q=admin", "zh-TW", "<span class=\"badge\">您</span>",
	    "須由其他系統管理員變更");
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/admin", "{\"role\":\"learner\"}",
	    &status);
	CHECK(status == 409 && strstr(json_string_value(json_object_get(j, "error")) ?: "",
	    "last enabled administrator"), "and through the API: 409 (%d)", status);
	json_decref(j);

	/* With two admins, still nobody demotes themself. */
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/lena", "{\"role\":\"admin\"}", &status);
	CHECK(status == 200 && strcmp(json_string_value(json_object_get(j, "role")) ?: "",
	    "admin") == 0 && json_is_true(json_object_get(j, "changed")),
	    "PATCH makes lena an admin (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/admin", "{\"disabled\":true}", &status);
	CHECK(status == 409 && strstr(json_string_value(json_object_get(j, "error")) ?: "",
	    "your own account"), "the admin cannot disable themself (%d)", status);
	json_decref(j);
	CHECK(testsrv_signin(&srv, "lena", "lena-pass11", lena_tok, sizeof lena_tok) == 200,
	    "lena signs in as an admin");
	j = testsrv_api(&srv, lena_tok, "PATCH", "/api/v1/users/lena", "{\"role\":\"trainer\"}", &status);
	CHECK(status == 409, "nor can lena demote herself (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/lena", "{\"role\":\"learner\","
	    "\"disabled\":false}", &status);
	CHECK(status == 200 && strcmp(json_string_value(json_object_get(j, "role")) ?: "",
	    "learner") == 0 && json_is_false(json_object_get(j, "disabled")),
	    "but the admin makes her a learner again (%d)", status);
	json_decref(j);
	CHECK(audited(admin_token, "user.role", "lena: admin -> learner"), "audited as well");
	CHECK(web_get(&srv, &lena, "/console", "en", &r) == 0 && r.status == 403,
	    "and she is out of the console at once (%d)", r.status);
	resp_free(&r);

	/* Bad requests. */
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/lena", "{\"role\":\"boss\"}", &status);
	CHECK(status == 400, "PATCH with an unknown role: 400 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/lena", "{\"disabled\":\"yes\"}",
	    &status);
	CHECK(status == 400, "PATCH with a non-boolean disabled: 400 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/lena", "{}", &status);
	CHECK(status == 400, "PATCH asking nothing: 400 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/ghost", "{\"disabled\":true}", &status);
	CHECK(status == 404, "PATCH of an unknown login: 404 (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin_token, "PATCH", "/api/v1/users/kim", "{\"password\":\"api-kim-pass\"}",
	    &status);
	CHECK(status == 200, "PATCH sets a password (%d)", status);
	json_decref(j);
	CHECK(testsrv_signin(&srv, "kim", "api-kim-pass", v, sizeof v) == 200, "which kim signs in with");
}

/* The learners CSV reader on its own: fields, trimming, and the line
 * each record starts on. */
static void
csv_reader(void)
{
	struct arena *a = arena_new();
	struct q_bank errs;
	struct people_row *rows;
	size_t n;
	char wide[256] = "";

	q_bank_init(&errs, a, "learners.csv");
	CHECK(people_csv_read(a, "\xEF\xBB\xBFlogin,name\r\na1, Ann  \r\n", &rows, &n,
	    &errs) == 0 && n == 2 && rows[0].nf == 2 && strcmp(rows[0].f[0], "login") == 0 &&
	    rows[1].line == 2 && strcmp(rows[1].f[1], "Ann") == 0,
	    "BOM dropped, CRLF lines, fields trimmed");
	CHECK(people_csv_read(a, "login,name\n\"q1\",\"Two\nLines\"\n\n  \nb2,\" Bo \"\"B\"\" \"\n"
	    "\"c,3\" , \"C\"\rd4,D", &rows, &n, &errs) == 0 && n == 5 &&
	    rows[1].line == 2 && strcmp(rows[1].f[1], "Two\nLines") == 0 &&
	    rows[2].line == 6 && strcmp(rows[2].f[1], "Bo \"B\"") == 0 &&
	    rows[3].line == 7 && strcmp(rows[3].f[0], "c,3") == 0 &&
	    strcmp(rows[3].f[1], "C") == 0 && rows[4].line == 7 &&
	    strcmp(rows[4].f[0], "d4") == 0 && errs.nerr == 0,
	    "quoted line breaks, commas and quotes; blank lines skipped; lines counted");
	for (int i = 0; i < 20; i++)
		strcat(wide, i ? ",x" : "x");
	CHECK(people_csv_read(a, wide, &rows, &n, &errs) == 0 && n == 1 &&
	    rows[0].nf == PEOPLE_CSV_FIELDS, "a record keeps its first 16 fields");
	CHECK(people_csv_read(a, "", &rows, &n, &errs) == 0 && n == 0, "no text, no records");
	CHECK(people_csv_read(a, "login,name\na1,\"Open\nb2,B\n", &rows, &n, &errs) == -1 &&
	    errs.nerr == 1 && errs.err[0].line == 2 && strstr(errs.err[0].message, "never closed"),
	    "a quoted field never closed is an error at the line it opens on");
	arena_free(a);
}

void
test_users(void)
{
	struct websess coach, admin;
	char out[4096], coach_token[128], admin_token[128], learner_token[128];

	csv_reader();
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "陳老師", "--role", "trainer", NULL);
	/* The command line imports the coach's bank (owner.h). */
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "vb", "--owner", "coach",
	    testsrv_file(&srv, "vb.gift", bank_v1, 0), NULL);
	testsrv_cli(&srv, "lena-pass11\n", out, sizeof out, "user", "add", "--login", "lena",
	    "--name", "林小娜", "--role", "learner", NULL);
	testsrv_cli(&srv, "kim-pass111\n", out, sizeof out, "user", "add", "--login", "kim",
	    "--name", "Kim", "--role", "learner", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &coach) == 0,
	    "a trainer signs in by the form");
	CHECK(web_signin(&srv, "admin", "admin-pass-123", NULL, &admin) == 0,
	    "the admin signs in by the form");
	CHECK(testsrv_signin(&srv, "coach", "coach-pass1", coach_token, sizeof coach_token) == 200,
	    "the trainer signs in through the API");
	CHECK(testsrv_signin(&srv, "admin", "admin-pass-123", admin_token, sizeof admin_token) == 200,
	    "the admin signs in through the API");
	CHECK(testsrv_signin(&srv, "lena", "lena-pass11", learner_token, sizeof learner_token) == 200,
	    "the learner signs in through the API");

	versions(&coach, coach_token, learner_token);
	who_may(&admin, &coach, coach_token);
	listing(&admin, admin_token, coach_token);
	changes(&admin, admin_token);

	testsrv_stop(&srv, SIGTERM, NULL);
}
