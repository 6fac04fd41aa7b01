/*
 * test_console.c - the trainer's side on a generated cohort: learners
 * imported from a Big5 CSV with access codes, who sign in with them and
 * take an exam with known answers; the results CSV (Chinese names
 * intact), item statistics checked against a computation by hand,
 * regrading after a key fix, who may see what, and the audit trail.
 */
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"

static struct testsrv srv;

#define LEARNERS 12
#define ITEMS 5

/* Which items each learner gets right (1) or wrong (0). */
static const int pattern[LEARNERS][ITEMS] = {
	{ 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 0 }, { 1, 1, 1, 0, 1 }, { 1, 1, 0, 1, 0 },
	{ 1, 1, 1, 0, 0 }, { 1, 0, 1, 0, 0 }, { 1, 1, 0, 0, 0 }, { 1, 0, 0, 1, 0 },
	{ 0, 1, 0, 0, 0 }, { 1, 0, 0, 0, 0 }, { 0, 0, 1, 0, 0 }, { 0, 0, 0, 0, 0 },
};

static const char bank[] =
    "$CATEGORY: k/all\n\n"
    "// [id:k1]\n::K1::Item one Q1{=right ~wrong ~other}\n\n"
    "// [id:k2]\n::K2::Item two Q2{=right ~wrong ~other}\n\n"
    "// [id:k3]\n::K3::Item three Q3{=right ~wrong ~other}\n\n"
    "// [id:k4]\n::K4::Item four Q4{=right ~wrong ~other}\n\n"
    "// [id:k5]\n::K5::Item five Q5{=right ~wrong ~other}\n";

/* Takes exam "cohort" answering by row p of the pattern. */
static void
take(const char *tok, int p, const char *rightword)
{
	int status;
	json_t *att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/cohort/attempts",
	    "{\"lang\":\"en\"}", &status), *it;
	const char *id = json_string_value(json_object_get(att, "id"));
	char path[256], body[128];
	size_t i;

	json_array_foreach(json_object_get(att, "items"), i, it) {
		const char *prompt = json_string_value(json_object_get(it, "prompt"));
		int item = prompt && strstr(prompt, " Q") ? strstr(prompt, " Q")[2] - '1' : 0;
		const char *want = pattern[p][item] ? rightword : "wrong";

		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
		    testsrv_choice_id(it, want));
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id ? id : "x",
		    json_string_value(json_object_get(it, "id")));
		json_decref(testsrv_api(&srv, tok, "PUT", path, body, &status));
	}
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id ? id : "x");
	json_decref(testsrv_api(&srv, tok, "POST", path, NULL, &status));
	json_decref(att);
}

void
test_console(void)
{
	char out[8192], admin[64], coach[64], rival[64], codes[LEARNERS][64];
	char csv[4096], big5[4096];
	json_t *j;
	int status;
	struct resp r;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "陳老師", "--role", "trainer", NULL);
	/* The coach's bank (owner.h: a trainer changes only their own). */
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "k", "--owner", "coach",
	    testsrv_file(&srv, "k.gift", bank, strlen(bank)), NULL);
	testsrv_cli(&srv, "rival-pass1\n", out, sizeof out, "user", "add", "--login", "rival",
	    "--name", "Rival", "--role", "trainer", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass1", rival, sizeof rival);

	/* The coach's own exam. */
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", "{\"id\":\"cohort\",\"title\":{\"en\":"
	    "\"Cohort\",\"zh-TW\":\"班級\"},\"duration_s\":600,\"pass_percent\":60,"
	    "\"languages\":[\"en\"],\"shuffle_choices\":false,\"bank\":\"k\",\"sections\":[{"
	    "\"category\":\"k/all\",\"count\":5}]}", &status);
	CHECK(status == 201, "a trainer creates an exam (%d)", status);
	json_decref(j);

	/* Learners from a Big5 CSV, with access codes. */
	snprintf(csv, sizeof csv, "login,name\n");
	for (int i = 0; i < LEARNERS; i++)
		snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "stu%02d,王小明%d\n", i, i);
	{
		char cmd[256];
		FILE *p;
		size_t n;

		testsrv_file(&srv, "learners.csv", csv, strlen(csv));
		snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t BIG5 %s/learners.csv", srv.dir);
		p = popen(cmd, "r");
		n = p ? fread(big5, 1, sizeof big5 - 1, p) : 0;
		if (p)
			pclose(p);
		big5[n] = '\0';
		j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=3", big5,
		    &(struct api_opt){ .ctype = "text/csv", .len = n }, &status);
		CHECK(status == 422, "a Big5 CSV without its encoding is refused (%d)", status);
		json_decref(j);
		j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=3&encoding=big5",
		    big5, &(struct api_opt){ .ctype = "text/csv", .len = n }, &status);
		CHECK(status == 201 && json_array_size(json_object_get(j, "learners")) == LEARNERS,
		    "with encoding=big5, %d learners are created with codes (%d)", LEARNERS, status);
		for (int i = 0; i < LEARNERS; i++)
			snprintf(codes[i], sizeof codes[i], "%s", json_string_value(json_object_get(
			    json_array_get(json_object_get(j, "learners"), (size_t)i), "code")) ?: "");
		json_decref(j);
	}
	for (int i = 0; i < LEARNERS; i++) {
		char body[1024], tok[64];

		snprintf(body, sizeof body, "{\"code\":\"%s\"}", codes[i]);
		testsrv_session(&srv, body, tok, sizeof tok);
		CHECK(tok[0] != '\0', "learner %d signs in with the code on the slip", i);
		if (i == 0) {
			char again[64];

			CHECK(testsrv_session(&srv, body, again, sizeof again) == 401 &&
			    again[0] == '\0', "an access code works once only: 401");
		}
		take(tok, i, "right");
		if (i == 11) {
			j = testsrv_api(&srv, tok, "GET", "/api/v1/exams/cohort/results", NULL, &status);
			CHECK(status == 403, "a learner cannot read results (%d)", status);
			json_decref(j);
			j = testsrv_api(&srv, tok, "GET", "/api/v1/audit", NULL, &status);
			CHECK(status == 403, "a learner cannot read the audit trail");
			json_decref(j);
		}
	}

	/* Results CSV */
	j = testsrv_api_opt(&srv, coach, "GET", "/api/v1/exams/cohort/results.csv", NULL,
	    &(struct api_opt){ .keep = &r }, &status);
	CHECK(status == 200 && strncmp(r.body, "\xEF\xBB\xBF", 3) == 0,
	    "results.csv starts with a UTF-8 BOM for Excel");
	{
		int rows = 0;

		for (const char *p = r.body; (p = strstr(p, "\r\n")) != NULL; p += 2)
			rows++;
		CHECK(rows == LEARNERS + 1, "one row per attempt plus the header (%d)", rows);
		CHECK(strstr(r.body, "王小明7") != NULL, "Chinese names are intact in the CSV");
	}
	resp_free(&r);
	json_decref(j);
	j = testsrv_api(&srv, rival, "GET", "/api/v1/exams/cohort/results.csv", NULL, &status);
	CHECK(status == 403, "another trainer cannot read this exam's results (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, admin, "GET", "/api/v1/exams/cohort/results", NULL, &status);
	CHECK(status == 200 && json_array_size(j) == LEARNERS, "an admin can");
	json_decref(j);

	/* Item statistics against a computation by hand (KR-20 and facility). */
	{
		double total[LEARNERS], mean = 0, var = 0, pq = 0;
		json_t *items, *it;
		size_t i;

		for (int l = 0; l < LEARNERS; l++) {
			total[l] = 0;
			for (int k = 0; k < ITEMS; k++)
				total[l] += pattern[l][k];
			mean += total[l] / LEARNERS;
		}
		for (int l = 0; l < LEARNERS; l++)
			var += (total[l] - mean) * (total[l] - mean) / (LEARNERS - 1);
		for (int k = 0; k < ITEMS; k++) {
			double p = 0;

			for (int l = 0; l < LEARNERS; l++)
				p += pattern[l][k];
			p /= LEARNERS;
			pq += p * (1 - p) * LEARNERS / (LEARNERS - 1);	/* sample variance */
		}
		j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/cohort/item-stats", NULL, &status);
		items = json_object_get(j, "items");
		CHECK(status == 200 && json_array_size(items) == ITEMS, "item statistics for 5 items");
		CHECK(fabs(json_real_value(json_object_get(j, "alpha")) -
		    (ITEMS / (ITEMS - 1.0)) * (1 - pq / var)) < 1e-9,
		    "alpha equals KR-20 by hand: %.6f vs %.6f", json_real_value(json_object_get(j, "alpha")),
		    (ITEMS / (ITEMS - 1.0)) * (1 - pq / var));
		json_array_foreach(items, i, it) {
			const char *id = json_string_value(json_object_get(it, "id"));
			int k = id ? id[1] - '1' : 0;
			double p = 0;

			for (int l = 0; l < LEARNERS; l++)
				p += pattern[l][k];
			CHECK(fabs(json_real_value(json_object_get(it, "facility")) - p / LEARNERS) < 1e-9,
			    "facility of %s is %.4f", id, p / LEARNERS);
		}
		json_decref(j);
	}

	/* A key fix: K5's right answer was "other"; regrade. */
	{
		static const char fixed[] =
		    "$CATEGORY: k/all\n\n"
		    "// [id:k1]\n::K1::Item one Q1{=right ~wrong ~other}\n\n"
		    "// [id:k2]\n::K2::Item two Q2{=right ~wrong ~other}\n\n"
		    "// [id:k3]\n::K3::Item three Q3{=right ~wrong ~other}\n\n"
		    "// [id:k4]\n::K4::Item four Q4{=right ~wrong ~other}\n\n"
		    "// [id:k5]\n::K5::Item five Q5{~right =wrong ~other}\n";

		j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/banks?bank=k&filename=k.gift", fixed,
		    &(struct api_opt){ .ctype = "text/plain" }, &status);
		CHECK(status == 201 && json_integer_value(json_object_get(j, "changed")) == 1,
		    "the fixed bank is a new version with one changed question");
		json_decref(j);
		j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/cohort/regrade", "{}", &status);
		CHECK(status == 200 && json_array_size(json_object_get(j, "changes")) == LEARNERS &&
		    json_is_false(json_object_get(j, "applied")),
		    "the regrade preview lists every attempt whose score changes");
		json_decref(j);
		j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/cohort/regrade", "{\"apply\":true}",
		    &status);
		CHECK(status == 200 && json_is_true(json_object_get(j, "applied")), "regrade applied");
		json_decref(j);
		j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/cohort/regrade", "{}", &status);
		CHECK(status == 200 && json_array_size(json_object_get(j, "changes")) == 0,
		    "after applying, nothing is left to change");
		json_decref(j);
		j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/cohort/results", NULL, &status);
		{
			size_t i;
			json_t *row;
			int notes = 0;

			json_array_foreach(j, i, row)
				notes += strstr(json_string_value(json_object_get(row, "regrade_note")),
				    "regraded") != NULL;
			CHECK(notes == LEARNERS, "every regraded attempt carries a note (%d)", notes);
		}
		json_decref(j);
	}

	/* Retire a question: no longer drawn. */
	j = testsrv_api(&srv, coach, "POST", "/api/v1/banks/k/items/k5/retire", "{}", &status);
	CHECK(status == 200, "a question is retired (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", "{\"id\":\"cohort\",\"title\":{\"en\":"
	    "\"Cohort\",\"zh-TW\":\"班級\"},\"duration_s\":600,\"pass_percent\":60,"
	    "\"languages\":[\"en\"],\"sections\":[{\"category\":\"k/all\",\"count\":5}]}",
	    &status);
	CHECK(status == 422, "an exam needing the retired question can no longer be saved (%d)",
	    status);
	json_decref(j);
	j = testsrv_api(&srv, rival, "POST", "/api/v1/exams", "{\"id\":\"cohort\",\"title\":{\"en\":"
	    "\"Mine\",\"zh-TW\":\"我的\"},\"duration_s\":600,\"pass_percent\":60,"
	    "\"languages\":[\"en\"],\"sections\":[{\"category\":\"k/all\",\"count\":1}]}",
	    &status);
	CHECK(status == 403, "another trainer cannot overwrite the exam (%d)", status);
	json_decref(j);

	/* Bank browsing for trainers shows keys. */
	j = testsrv_api(&srv, coach, "GET", "/api/v1/banks/k/questions?q=three", NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(j, "questions")) == 1 &&
	    json_object_get(json_array_get(json_object_get(j, "questions"), 0), "answers"),
	    "search finds one question, with its answers and fractions");
	json_decref(j);

	/* The audit trail: who, what, from where. */
	j = testsrv_api(&srv, admin, "GET", "/api/v1/audit", NULL, &status);
	{
		size_t i;
		json_t *row;
		int export = 0, regrade = 0, import = 0;

		json_array_foreach(j, i, row) {
			const char *a = json_string_value(json_object_get(row, "action"));
			const char *from = json_string_value(json_object_get(row, "from"));
			const char *who = json_string_value(json_object_get(row, "who"));

			if (strcmp(a, "results.export") == 0 && strcmp(from, "127.0.0.1") == 0 &&
			    strcmp(who, "coach") == 0)
				export++;
			regrade += strcmp(a, "attempt.regrade") == 0;
			import += strcmp(a, "user.import") == 0;
		}
		CHECK(status == 200 && export == 1 && regrade == LEARNERS && import == 1,
		    "the audit trail records the export by coach from 127.0.0.1, %d regrades and "
		    "the import (%d, %d, %d)", LEARNERS, export, regrade, import);
	}
	json_decref(j);
	testsrv_stop(&srv, SIGTERM, NULL);
}
