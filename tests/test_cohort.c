/*
 * test_cohort.c - the cohort by competency and item statistics a page at
 * a time, on cohorts built here: a framework of two areas (inserted as
 * rows, as a framework file would load them), a bank whose questions
 * carry its codes, ten learners in two sittings and one outside any,
 * answering by a known pattern (one learner twice: the last attempt
 * counts). The heat map's numbers against a count by hand, sorting, the
 * CSV (BOM, a formula defused), the page in both languages, who may read
 * it, and the item statistics' pages, sorting and filters.
 */
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

#define LEARNERS 10
#define ITEMS 5

/* The codes of each question: c3 tests two competencies. */
static const char *const item_codes[ITEMS][2] = {
	{ "T.1.1", NULL }, { "T.1.2", NULL }, { "T.1.1", "T.2.1" }, { "T.2.1", NULL },
	{ NULL, NULL },
};

/* Right (1) or wrong (0), per learner and question, in the last attempt;
 * learner 0 first answers everything right. */
static const int pattern[LEARNERS][ITEMS] = {
	{ 1, 0, 0, 0, 1 }, { 1, 0, 1, 0, 1 }, { 1, 1, 0, 0, 1 }, { 0, 1, 1, 1, 1 },
	{ 1, 0, 0, 1, 1 }, { 0, 0, 0, 0, 1 }, { 1, 1, 1, 1, 1 }, { 0, 1, 0, 1, 1 },
	{ 1, 0, 1, 0, 1 }, { 0, 0, 1, 1, 1 },
};

/* Learners 0-5 sit the morning, 6-8 the evening, 9 no sitting. */
static int
column_of(int learner)
{
	return learner < 6 ? 1 : learner < 9 ? 2 : 3;
}

static const char bank[] =
    "$CATEGORY: c/a\n\n"
    "// [id:c1] [tag:comp:T.1.1]\n::C1::Cohort Q1{=right ~wrong ~other}\n\n"
    "// [id:c2] [tag:comp:T.1.2]\n::C2::Cohort Q2{=right ~wrong ~other}\n\n"
    "// [id:c3] [tag:comp:T.1.1] [tag:comp:T.2.1]\n::C3::Cohort Q3{=right ~wrong ~other}\n\n"
    "$CATEGORY: c/b\n\n"
    "// [id:c4] [tag:comp:T.2.1]\n::C4::Cohort Q4{=right ~wrong ~other}\n\n"
    "// [id:c5]\n::C5::Cohort Q5{=right ~wrong ~other}\n";

/* 1 when code is the code of question k's or above one of them. */
static int
covers(const char *code, int k)
{
	for (int i = 0; i < 2; i++) {
		const char *c = item_codes[k][i];

		if (c != NULL && strncmp(c, code, strlen(code)) == 0 &&
		    (c[strlen(code)] == '\0' || c[strlen(code)] == '.'))
			return 1;
	}
	return 0;
}

/* The percent expected for code in column col (0: all learners), NAN
 * without items. */
static double
expected(const char *code, int col)
{
	double got = 0, max = 0;

	for (int l = 0; l < LEARNERS; l++)
		for (int k = 0; k < ITEMS; k++)
			if ((col == 0 || column_of(l) == col) && covers(code, k)) {
				got += pattern[l][k];
				max += 1;
			}
	return max > 0 ? 100 * got / max : NAN;
}

/* Takes exam (its questions' prompts end in " Qn") as tok, right on the
 * questions row says. */
static void
take(const char *tok, const char *exam, const int *row)
{
	char path[256], body[160];
	int status;
	json_t *att, *it;
	const char *id;
	size_t i;

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	att = testsrv_api(&srv, tok, "POST", path, "{\"lang\":\"en\"}", &status);
	id = json_string_value(json_object_get(att, "id"));
	CHECK(status == 201 && id != NULL, "an attempt at %s starts (%d)", exam, status);
	json_array_foreach(json_object_get(att, "items"), i, it) {
		const char *prompt = json_string_value(json_object_get(it, "prompt"));
		int k = prompt && strstr(prompt, " Q") ? atoi(strstr(prompt, " Q") + 2) - 1 : -1;

		if (row == NULL || k < 0 || k >= ITEMS)
			continue;
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
		    testsrv_choice_id(it, row[k] ? "right" : "wrong"));
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id ? id : "x",
		    json_string_value(json_object_get(it, "id")));
		json_decref(testsrv_api(&srv, tok, "PUT", path, body, &status));
	}
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id ? id : "x");
	json_decref(testsrv_api(&srv, tok, "POST", path, NULL, &status));
	CHECK(status == 200, "the attempt at %s is submitted (%d)", exam, status);
	json_decref(att);
}

/* The framework as its loader stores it: two areas, three competencies. */
static void
insert_framework(void)
{
	char err[256];
	int rc = testsrv_db_exec(&srv,
		    "INSERT INTO frameworks VALUES ('tf', '1', 'Test framework', '測試架構', '{}', 1, NULL);"
		    "INSERT INTO competencies VALUES ('tf', '1', 'T.1', 'Knowing', '知道', NULL, 1);"
		    "INSERT INTO competencies VALUES ('tf', '1', 'T.1.1', 'Terms', '名詞', 'T.1', 2);"
		    "INSERT INTO competencies VALUES ('tf', '1', 'T.1.2', 'Limits', '限制', 'T.1', 3);"
		    "INSERT INTO competencies VALUES ('tf', '1', 'T.2', 'Doing', '做到', NULL, 4);"
		    "INSERT INTO competencies VALUES ('tf', '1', 'T.2.1', 'Prompts', '提示', 'T.2', 5);",
		    err, sizeof err);

	CHECK(rc == 0, "the test framework is stored (%s)", rc == 0 ? "ok" : err);
}

/* The row of code in a cohort's JSON, or NULL. */
static json_t *
row_of(json_t *c, const char *code)
{
	size_t i;
	json_t *row;

	json_array_foreach(json_object_get(c, "competencies"), i, row)
		if (strcmp(testsrv_jstr(row, "code"), code) == 0)
			return row;
	return NULL;
}

/* The index of column key in c, -1 if none. */
static int
col_index(json_t *c, const char *key)
{
	size_t i;
	json_t *col;

	json_array_foreach(json_object_get(c, "columns"), i, col)
		if (strcmp(testsrv_jstr(col, "key"), key) == 0)
			return (int)i;
	return -1;
}

/* How many times needle occurs in hay. */
static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
check_heat_map(const char *coach, const char *morning, const char *evening)
{
	static const char *const codes[] = { "T.1", "T.1.1", "T.1.2", "T.2", "T.2.1" };
	const char *keys[4] = { "all", morning, evening, "none" };
	int status, bad = 0;
	json_t *c = testsrv_api(&srv, coach, "GET", "/api/v1/exams/coh/cohort", NULL, &status);
	json_t *row, *cell;
	size_t i;

	CHECK(status == 200 && json_array_size(json_object_get(c, "columns")) == 4,
	    "the cohort has four columns: all, two sittings, no sitting (%d, %zu)", status,
	    json_array_size(json_object_get(c, "columns")));
	CHECK(strcmp(testsrv_jstr(c, "attempts"), "last") == 0 &&
	    json_integer_value(json_object_get(c, "min_learners")) == 5,
	    "it says each learner's last attempt counts and below 5 learners is too few");
	json_array_foreach(json_object_get(c, "competencies"), i, row)
		CHECK(strcmp(testsrv_jstr(row, "code"), codes[i < 5 ? i : 0]) == 0,
		    "row %zu is %s in framework order (areas, theirs beneath): %s", i,
		    codes[i < 5 ? i : 0], testsrv_jstr(row, "code"));
	CHECK(json_array_size(json_object_get(c, "competencies")) == 5,
	    "one row per competency of the framework");
	for (int k = 0; k < 4; k++) {
		int ci = col_index(c, keys[k]);

		CHECK(ci == k, "column %d is %s (%d)", k, keys[k], ci);
		for (size_t r = 0; r < 5; r++) {
			double want = expected(codes[r], k);
			json_t *p;

			cell = json_array_get(json_object_get(row_of(c, codes[r]), "cells"), (size_t)k);
			p = json_object_get(cell, "percent");
			if (isnan(want) ? !json_is_null(p) :
			    fabs(json_number_value(p) - want) > 1e-9) {
				bad++;
				fprintf(stderr, "cohort %s/%s: %g, want %g\n", codes[r], keys[k],
				    json_number_value(p), want);
			}
		}
	}
	CHECK(bad == 0, "every cell is the marks earned over the marks possible of the "
	    "questions carrying the code or one beneath it (%d wrong)", bad);
	/* by hand: the morning on T.1 (Q1-Q3): 1 + 2 + 2 + 2 + 1 + 0 of 18,
	 * counting learner 0's last attempt, not the first all right */
	cell = json_array_get(json_object_get(row_of(c, "T.1"), "cells"), 1);
	CHECK(fabs(json_number_value(json_object_get(cell, "percent")) - 800.0 / 18) < 1e-9 &&
	    json_integer_value(json_object_get(cell, "learners")) == 6 &&
	    json_integer_value(json_object_get(cell, "items")) == 3 &&
	    json_is_false(json_object_get(cell, "too_few")),
	    "the morning on T.1 is 8 of 18 (44.4%%) from 6 learners and 3 questions: %g",
	    json_number_value(json_object_get(cell, "percent")));
	cell = json_array_get(json_object_get(row_of(c, "T.2"), "cells"), 2);
	CHECK(json_integer_value(json_object_get(cell, "learners")) == 3 &&
	    json_is_true(json_object_get(cell, "too_few")),
	    "the evening's 3 learners are marked too few");
	cell = json_array_get(json_object_get(row_of(c, "T.2.1"), "cells"), 0);
	CHECK(json_integer_value(json_object_get(cell, "learners")) == LEARNERS &&
	    json_integer_value(json_object_get(cell, "items")) == 2,
	    "a question in two competencies counts in both (T.2.1: Q3 and Q4)");
	json_decref(c);
}

static void
check_sorting(const char *coach, const char *morning)
{
	char path[160];
	int status, ordered = 1;
	double last = -1;
	size_t i;
	json_t *c, *row;

	snprintf(path, sizeof path, "/api/v1/exams/coh/cohort?sort=%s", morning);
	c = testsrv_api(&srv, coach, "GET", path, NULL, &status);
	json_array_foreach(json_object_get(c, "competencies"), i, row) {
		double p = json_number_value(json_object_get(json_array_get(json_object_get(row,
		    "cells"), 1), "percent"));

		ordered &= p >= last - 1e-9;
		last = p;
	}
	CHECK(status == 200 && ordered && strcmp(testsrv_jstr(json_array_get(
	    json_object_get(c, "competencies"), 0), "code"), "T.1.2") == 0,
	    "sorted by the morning, the weakest competency comes first (T.1.2, 2 of 6; T.2 ties"
	    " at 4 of 12 and stays after it, in framework order)");
	json_decref(c);
	snprintf(path, sizeof path, "/api/v1/exams/coh/cohort?sort=%s&dir=desc", morning);
	c = testsrv_api(&srv, coach, "GET", path, NULL, &status);
	last = 1000;
	ordered = 1;
	json_array_foreach(json_object_get(c, "competencies"), i, row) {
		double p = json_number_value(json_object_get(json_array_get(json_object_get(row,
		    "cells"), 1), "percent"));

		ordered &= p <= last + 1e-9;
		last = p;
	}
	CHECK(status == 200 && ordered && strcmp(testsrv_jstr(c, "dir"), "desc") == 0,
	    "and with dir=desc the strongest first");
	json_decref(c);
	c = testsrv_api(&srv, coach, "GET", "/api/v1/exams/coh/cohort?by=month", NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(c, "columns")) == 2 &&
	    strncmp(testsrv_jstr(json_array_get(json_object_get(c, "columns"), 1), "key"), "m",
	    1) == 0 && json_integer_value(json_object_get(json_array_get(json_object_get(c,
	    "columns"), 1), "learners")) == LEARNERS,
	    "by month: all, and this month with the ten learners");
	json_decref(c);
	{
		static const char *const refused[] = { "?by=week", "?sort=s999999", "?dir=up",
		    "?bogus=1", "?sort=" };

		for (i = 0; i < sizeof refused / sizeof *refused; i++) {
			snprintf(path, sizeof path, "/api/v1/exams/coh/cohort%s", refused[i]);
			json_decref(testsrv_api(&srv, coach, "GET", path, NULL, &status));
			CHECK(status == 400, "the cohort API refuses %s: 400 (%d)", refused[i], status);
		}
	}
}

static void
check_csv_and_pages(struct websess *web, const char *evening)
{
	struct resp r;
	char path[160];
	int status;

	memset(&r, 0, sizeof r);
	web_get(&srv, web, "/console/exams/coh/cohort.csv", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && strncmp(r.body, "\xEF\xBB\xBF", 3) == 0,
	    "the cohort CSV starts with a UTF-8 BOM (%d)", status);
	CHECK(r.body && strstr(r.body, "framework,code,parent,title_en,title_zh,"
	    "all learners percent,all learners learners,all learners items,") != NULL,
	    "its header names the columns");
	CHECK(r.body && strstr(r.body, "'=Evening percent") != NULL && strstr(r.body,
	    ",=Evening") == NULL, "a sitting named like a formula is defused");
	CHECK(r.body && strstr(r.body, "tf,T.1,,Knowing,知道,") != NULL &&
	    strstr(r.body, "\r\ntf,T.1,,Knowing,知道,50.0,10,3,44.4,6,3,") != NULL,
	    "the row of T.1: 50.0%% of all ten, 44.4%% of the morning's six, 3 questions");
	CHECK(r.body && count_of(r.body, "\r\n") == 6, "a header and five rows (%d)",
	    r.body ? count_of(r.body, "\r\n") : 0);
	resp_free(&r);

	web_get(&srv, web, "/console/exams/coh/cohort", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && strstr(r.body, "<strong>44%</strong>") != NULL &&
	    strstr(r.body, "6 learners</span><br><span class=\"small\">3 questions") != NULL,
	    "the page shows the morning's 44%% on T.1 with its learners and questions");
	CHECK(r.body && strstr(r.body, "class=\"num heat few\"") != NULL &&
	    strstr(r.body, "too few") != NULL && strstr(r.body, "class=\"num heat h1\"") != NULL,
	    "cells are coloured by level, the evening's marked too few");
	snprintf(path, sizeof path, "sort=%s", evening);
	CHECK(r.body && strstr(r.body, path) != NULL,
	    "each column's heading is a link that sorts by it");
	CHECK(r.body && strstr(r.body, "href=\"/console/exams/coh/cohort?by=month\"") != NULL,
	    "and the page offers grouping by month");
	CHECK(r.body && strstr(r.body, "href=\"/console/exams/coh/items?competency=T.2.1\"") != NULL,
	    "a competency's code links to the item statistics of its questions");
	resp_free(&r);
	web_get(&srv, web, "/console/exams/coh/cohort?bogus=1&by=week", "zh-TW", &r);
	status = r.status;
	CHECK(status == 200 && r.body && strstr(r.body, "人數過少") != NULL &&
	    strstr(r.body, "全體學員") != NULL && (strstr(r.body, "bogus、by") != NULL || strstr(r.body, "by、bogus") != NULL),
	    "in Chinese, and what the page does not understand is named and left out (%d)",
	    status);
	resp_free(&r);
	web_get(&srv, web, "/console/exams/coh", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && strstr(r.body, "/console/exams/coh/cohort") != NULL &&
	    strstr(r.body, "/console/exams/coh/items") != NULL,
	    "the exam's page links to the cohort and the item statistics");
	resp_free(&r);
}

static void
check_authorization(const char *admin, const char *rival, const char *learner,
    struct websess *rival_web)
{
	static const char *const paths[] = { "/api/v1/exams/coh/cohort",
	    "/console/exams/coh/cohort", "/console/exams/coh/cohort.csv",
	    "/console/exams/coh/items", "/api/v1/exams/coh/item-stats?page=1" };
	struct resp r;
	int status;
	json_t *j;

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		j = testsrv_api(&srv, rival, "GET", paths[i], NULL, &status);
		CHECK(status == 403, "another trainer: 403 for %s (%d)", paths[i], status);
		json_decref(j);
		j = testsrv_api(&srv, learner, "GET", paths[i], NULL, &status);
		CHECK(status == 403, "a learner: 403 for %s (%d)", paths[i], status);
		json_decref(j);
		j = testsrv_api(&srv, admin, "GET", paths[i], NULL, &status);
		CHECK(status == 200, "an admin: 200 for %s (%d)", paths[i], status);
		json_decref(j);
	}
	memset(&r, 0, sizeof r);
	web_get(&srv, rival_web, "/console/exams/coh/cohort", "en", &r);
	status = r.status;
	CHECK(status == 403 && r.body && strstr(r.body, "44%") == NULL,
	    "another trainer's browser sees nothing of the cohort (%d)", status);
	resp_free(&r);
	j = testsrv_api(&srv, admin, "GET", "/api/v1/exams/nosuch/cohort", NULL, &status);
	CHECK(status == 404, "no such exam: 404 (%d)", status);
	json_decref(j);
}

/* The codes of the items of an item-stats answer, as one text. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* sorted: the draw orders questions within a section as it likes */
static void
item_ids(json_t *j, char *out, size_t n, int sorted)
{
	const char *ids[100];
	size_t i, k = 0;
	json_t *it;

	out[0] = '\0';
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (k < 100)
			ids[k++] = testsrv_jstr(it, "id");
	if (sorted)
		qsort(ids, k, sizeof *ids, cmp_str);
	for (i = 0; i < k; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s ", ids[i]);
}

static void
check_item_filters(const char *coach, struct websess *web)
{
	static const struct {
		const char *query, *ids;
	} cases[] = {
		{ "?competency=T.2", "c3 c4 " },
		{ "?competency=T.1", "c1 c2 c3 " },
		{ "?competency=T.1.2", "c2 " },
		{ "?section=2", "c4 c5 " },
		{ "?competency=T.2&section=2", "c4 " },
		{ "?flag=too_easy", "c5 " },
	};
	char path[200], ids[512];
	int status, ordered = 1;
	double last = -1;
	size_t i;
	json_t *j, *it;
	struct resp r;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(path, sizeof path, "/api/v1/exams/coh/item-stats%s", cases[i].query);
		j = testsrv_api(&srv, coach, "GET", path, NULL, &status);
		item_ids(j, ids, sizeof ids, 1);
		CHECK(status == 200 && strcmp(ids, cases[i].ids) == 0 &&
		    json_integer_value(json_object_get(j, "matched")) ==
		    (json_int_t)json_array_size(json_object_get(j, "items")),
		    "item statistics %s: %s(got %s)", cases[i].query, cases[i].ids, ids);
		json_decref(j);
	}
	j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/coh/item-stats?sort=facility", NULL,
	    &status);
	json_array_foreach(json_object_get(j, "items"), i, it) {
		ordered &= json_number_value(json_object_get(it, "facility")) >= last - 1e-9;
		last = json_number_value(json_object_get(it, "facility"));
	}
	item_ids(j, ids, sizeof ids, 0);
	CHECK(status == 200 && ordered && json_array_size(json_object_get(j, "items")) == 5 &&
	    strcmp(ids + strlen(ids) - 3, "c5 ") == 0,
	    "sorted by difficulty p, the hardest first and c5 (all right) last: %s", ids);
	json_decref(j);
	j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/coh/item-stats?sort=flags&dir=desc",
	    NULL, &status);
	last = 1000;
	ordered = 1;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		double nf = (double)json_array_size(json_object_get(it, "flags"));

		ordered &= nf <= last;
		last = nf;
	}
	CHECK(status == 200 && ordered && json_array_size(json_object_get(j, "items")) == 5,
	    "sorted by flags, the most flagged first");
	json_decref(j);
	{
		static const char *const refused[] = { "?sort=p", "?flag=odd", "?page=0",
		    "?per_page=501", "?section=x", "?competency=%3Dbad", "?bogus=1", "?dir=" };

		for (i = 0; i < sizeof refused / sizeof *refused; i++) {
			snprintf(path, sizeof path, "/api/v1/exams/coh/item-stats%s", refused[i]);
			j = testsrv_api(&srv, coach, "GET", path, NULL, &status);
			CHECK(status == 400 && json_object_get(j, "field") != NULL,
			    "item statistics refuse %s: 400 naming the option (%d)", refused[i],
			    status);
			json_decref(j);
		}
	}
	memset(&r, 0, sizeof r);
	web_get(&srv, web, "/console/exams/coh/items?competency=T.2", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && count_of(r.body, "<th scope=\"row\">") == 2 &&
	    strstr(r.body, ">c3</code>") != NULL && strstr(r.body, ">c1</code>") == NULL &&
	    strstr(r.body, "<option value=\"T.2\" selected>") != NULL,
	    "the page filtered by area T.2 lists its two questions, the filter kept (%d)", status);
	CHECK(r.body && strstr(r.body, "Section 2. c/b</span>") != NULL,
	    "each row names its section as the filter does");
	resp_free(&r);
	web_get(&srv, web, "/console/exams/coh/items?flag=nonsense&sort=facility", "zh-TW", &r);
	status = r.status;
	CHECK(status == 200 && r.body && count_of(r.body, "<th scope=\"row\">") == 5 &&
	    strstr(r.body, "flag") != NULL && strstr(r.body, "aria-sort=\"ascending\"") != NULL,
	    "a value the page does not take is left out and named; the sort holds (%d)", status);
	resp_free(&r);
}

static void
check_item_pages(const char *coach, struct websess *web)
{
	static const char *const pages[][2] = {
		{ "?page=1", "50" }, { "?page=2", "10" }, { "?page=3", "0" },
		{ "?page=9&per_page=7", "4" }, { "", "60" }, { "?competency=T.2&page=1", "12" },
	};
	char path[200];
	int status;
	json_t *j;
	struct resp r;

	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		snprintf(path, sizeof path, "/api/v1/exams/big/item-stats%s", pages[i][0]);
		j = testsrv_api(&srv, coach, "GET", path, NULL, &status);
		CHECK(status == 200 && json_array_size(json_object_get(j, "items")) ==
		    (size_t)atoi(pages[i][1]), "item statistics%s: %s items (%zu)", pages[i][0],
		    pages[i][1], json_array_size(json_object_get(j, "items")));
		if (i == 0)
			CHECK(json_integer_value(json_object_get(j, "matched")) == 60 &&
			    json_integer_value(json_object_get(j, "pages")) == 2,
			    "60 items make 2 pages of 50");
		json_decref(j);
	}
	memset(&r, 0, sizeof r);
	web_get(&srv, web, "/console/exams/big/items", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && count_of(r.body, "<th scope=\"row\">") == 50 &&
	    strstr(r.body, "href=\"/console/exams/big/items?page=2\"") != NULL &&
	    strstr(r.body, "60 of 60 questions match; page 1 of 2.") != NULL,
	    "the page shows 50 questions and a link to page 2 (%d)", status);
	resp_free(&r);
	web_get(&srv, web, "/console/exams/big/items?page=2&sort=n&dir=desc", "en", &r);
	status = r.status;
	CHECK(status == 200 && r.body && count_of(r.body, "<th scope=\"row\">") == 10 &&
	    strstr(r.body, "rel=\"prev\"") != NULL && strstr(r.body, "aria-sort=\"descending\"")
	    != NULL, "page 2 has the other 10, a link back, the sort kept (%d)", status);
	resp_free(&r);
	web_get(&srv, web, "/console/exams/big/items?competency=T.2.1&page=2", "en", &r);
	CHECK(r.status == 200 && r.body && count_of(r.body, "<th scope=\"row\">") == 12 &&
	    strstr(r.body, "12 of 60 questions match; page 1 of 1.") != NULL,
	    "page 2 of a filter with one page shows that page (%d)", r.status);
	resp_free(&r);
}

void
test_cohort(void)
{
	char out[8192], admin[64], coach[64], rival[64], tok[LEARNERS][64], csv[2048];
	char morning[32], evening[32], body[1024], bigbank[16384];
	struct websess web, rival_web;
	json_t *j;
	int status;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "rival-pass1\n", out, sizeof out, "user", "add", "--login", "rival",
	    "--name", "Rival", "--role", "trainer", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "coh", "--owner", "coach",
	    testsrv_file(&srv, "coh.gift", bank, strlen(bank)), NULL);
	/* 60 questions for paging: the first 12 test T.2.1 */
	bigbank[0] = '\0';
	snprintf(bigbank, sizeof bigbank, "$CATEGORY: big/all\n\n");
	for (int i = 1; i <= 60; i++)
		snprintf(bigbank + strlen(bigbank), sizeof bigbank - strlen(bigbank),
		    "// [id:b%02d]%s\n::B%02d::Big question %d{=right ~wrong}\n\n", i,
		    i <= 12 ? " [tag:comp:T.2.1]" : "", i, i);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "big", "--owner", "coach",
	    testsrv_file(&srv, "big.gift", bigbank, strlen(bigbank)), NULL);
	insert_framework();
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	testsrv_signin(&srv, "coach", "coach-pass1", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass1", rival, sizeof rival);
	CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &web) == 0, "coach's browser");
	CHECK(web_signin(&srv, "rival", "rival-pass1", NULL, &rival_web) == 0, "rival's browser");

	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", "{\"id\":\"coh\",\"title\":{\"en\":"
	    "\"Cohort\",\"zh-TW\":\"班級\"},\"duration_s\":600,\"pass_percent\":60,"
	    "\"languages\":[\"en\"],\"shuffle_items\":false,\"shuffle_choices\":false,"
	    "\"bank\":\"coh\",\"sections\":[{\"category\":\"c/a\",\"count\":3},"
	    "{\"category\":\"c/b\",\"count\":2}]}", &status);
	CHECK(status == 201, "the coach's exam (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", "{\"id\":\"big\",\"title\":{\"en\":"
	    "\"Big\",\"zh-TW\":\"大\"},\"duration_s\":600,\"pass_percent\":60,"
	    "\"languages\":[\"en\"],\"bank\":\"big\",\"sections\":[{\"category\":\"big/all\","
	    "\"count\":60}]}", &status);
	CHECK(status == 201, "an exam of 60 questions (%d)", status);
	json_decref(j);

	snprintf(csv, sizeof csv, "login,name\n");
	for (int i = 0; i < LEARNERS; i++)
		snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "co%02d,Learner %d\n", i, i);
	j = testsrv_api_opt(&srv, coach, "POST", "/api/v1/users/import?codes_days=3", csv,
	    &(struct api_opt){ .ctype = "text/csv" }, &status);
	CHECK(status == 201 && json_array_size(json_object_get(j, "learners")) == LEARNERS,
	    "ten learners with access codes (%d)", status);
	for (int i = 0; i < LEARNERS; i++) {
		snprintf(body, sizeof body, "{\"code\":\"%s\"}", testsrv_jstr(json_array_get(
		    json_object_get(j, "learners"), (size_t)i), "code"));
		testsrv_session(&srv, body, tok[i], sizeof tok[i]);
	}
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/coh/sittings", "{\"name\":\"Morning\","
	    "\"opens_at\":1000000000,\"closes_at\":4102444800,\"members\":[\"co00\",\"co01\","
	    "\"co02\",\"co03\",\"co04\",\"co05\"]}", &status);
	CHECK(status == 201, "the morning sitting (%d)", status);
	snprintf(morning, sizeof morning, "s%lld", (long long)json_integer_value(json_object_get(j,
	    "id")));
	json_decref(j);
	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams/coh/sittings", "{\"name\":\"=Evening\","
	    "\"opens_at\":1000000000,\"closes_at\":4102444800,\"members\":[\"co06\",\"co07\","
	    "\"co08\"]}", &status);
	CHECK(status == 201, "the evening sitting (%d)", status);
	snprintf(evening, sizeof evening, "s%lld", (long long)json_integer_value(json_object_get(j,
	    "id")));
	json_decref(j);

	{
		static const int all_right[ITEMS] = { 1, 1, 1, 1, 1 };

		take(tok[0], "coh", all_right);	/* the first attempt: not counted */
	}
	for (int i = 0; i < LEARNERS; i++)
		take(tok[i], "coh", pattern[i]);
	take(tok[0], "big", NULL);
	take(tok[1], "big", NULL);

	check_heat_map(coach, morning, evening);
	check_sorting(coach, morning);
	check_csv_and_pages(&web, evening);
	check_authorization(admin, rival, tok[9], &rival_web);
	check_item_filters(coach, &web);
	check_item_pages(coach, &web);
	testsrv_stop(&srv, SIGTERM, NULL);
}
