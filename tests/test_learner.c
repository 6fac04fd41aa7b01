/*
 * test_learner.c - the learner's way through, as a learner reads it.
 * Scores read as whole numbers unless a fraction exists, the same on
 * every page; a signed-in learner's home shows their own exams first (a
 * running attempt with its Continue button on top, then the exams open
 * to them, their results and certificates), welcomes a new learner
 * rather than "back", and keeps the marketing cards for visitors; the
 * account page dates each result; a one-page exam marks no box "this
 * page" and has a legend; the finish page links each open and flagged
 * question.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "scorefmt.h"
#include "buf.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

/* Two questions answered "right" score, the third does not: 2 / 3. */
static const char bank[] =
    "$CATEGORY: lh/all\n\n"
    "// [id:h1]\n::One::First question ONE{=right ~wrong}\n\n"
    "// [id:h2]\n::Two::Second question TWO{=right ~wrong}\n\n"
    "// [id:h3]\n::Three::Third question THREE{~right =wrong}\n";
static const char exam[] =
    "{\"id\":\"homex\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"en\"],\"review\":\"score\","
    "\"shuffle_items\":false,"
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"lh/all\",\"count\":3}]}";

int zh_page_faults(const char *html, struct buf *out);	/* test_i18n_zh.c */

/* The page reads as Chinese is written: full-width punctuation next to
 * Chinese, no space after it. */
static void
zh_clean(const char *what, const char *html)
{
	struct buf b = BUF_INIT;
	int n = zh_page_faults(html, &b);

	if (n > 0)
		printf("%s", b.data);
	CHECK(n == 0, "%s in zh-TW: full-width punctuation next to Chinese and no space "
	    "after it (%d faults)", what, n);
	buf_free(&b);
}

static void
formatting(void)
{
	struct arena *a = arena_new();

	CHECK_STR(score_text(a, 10, 1, 10), "10% (1 / 10)", "a whole score has no decimals");
	CHECK_STR(score_text(a, 72.5, 29, 40), "72.5% (29 / 40)", "a half shows as one");
	CHECK_STR(score_text(a, 200.0 / 3, 2, 3), "66.7% (2 / 3)",
	    "a percent keeps one decimal at most");
	CHECK_STR(score_points(a, 2.0 / 3 + 0.5), "1.17", "points keep two decimals at most");
	CHECK_STR(score_points(a, 2.50), "2.5", "and drop trailing zeros");
	CHECK_STR(score_percent(a, 99.96), "100", "rounding up to a whole number shows it whole");
	CHECK_STR(score_percent(a, -0.01), "0", "never \"-0\"");
	arena_free(a);
}

/* The body of GET path as s in lang (status into *st); a new string. */
static char *
get(const struct websess *s, const char *path, const char *lang, int *st)
{
	struct resp r;
	char *body = NULL;

	*st = 0;
	if (web_get(&srv, s, path, lang, &r) == 0) {
		*st = r.status;
		body = strdup(r.body ? r.body : "");
		resp_free(&r);
	}
	return body ? body : strdup("");
}

/* Whether a occurs in s before b (both present). */
static int
before(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);

	return pa != NULL && pb != NULL && pa < pb;
}

static void
home(void)
{
	struct websess w;
	char tok[64], path[160];
	json_t *att, *res;
	char *body;
	int st, status;

	CHECK(web_signin(&srv, "ann", "ann-pass-123", NULL, &w) == 0, "ann signs in");
	testsrv_signin(&srv, "ann", "ann-pass-123", tok, sizeof tok);
	body = get(NULL, "/", "en", &st);
	CHECK(st == 200 && strstr(body, "class=\"cards\"") && strstr(body, "class=\"hero\""),
	    "a visitor reads what aicert is (%d)", st);
	free(body);

	body = get(&w, "/", "en", &st);
	CHECK(st == 200 && strstr(body, "Welcome, <span class=\"who-name\">Ann Lee</span>.") &&
	    !strstr(body, "Welcome back"), "a learner who never took an exam is welcomed, "
	    "not welcomed back");
	CHECK(!strstr(body, "class=\"cards\"") && !strstr(body, "class=\"hero\""),
	    "no marketing cards for a signed-in learner");
	CHECK(strstr(body, "href=\"/exams/homex\""), "the exams open to them are there");
	free(body);
	body = get(&w, "/", "zh-TW", &st);
	CHECK(st == 200 && strstr(body, "歡迎，<span class=\"who-name\">Ann Lee</span>。"),
	    "in zh-TW with full-width punctuation and no space after it");
	zh_clean("home", body);
	free(body);

	/* A running attempt: on top, with its Continue button. */
	att = testsrv_api(&srv, tok, "POST", "/api/v1/exams/homex/attempts", "{\"lang\":\"en\"}",
	    &status);
	CHECK(status == 201, "an attempt starts (%d)", status);
	body = get(&w, "/", "en", &st);
	CHECK(before(body, "resume-banner", "class=\"exam-list\"") &&
	    strstr(body, "Resume your exam") && strstr(body, "10 minutes left"),
	    "home shows the running attempt first, with the minutes left and Continue");
	free(body);
	body = get(&w, "/", "zh-TW", &st);
	CHECK(strstr(body, "還剩 10 分鐘"), "and in zh-TW says how long is left as Chinese does");
	zh_clean("home with a running attempt", body);
	free(body);

	/* One page: no box marked "this page"; a legend. */
	snprintf(path, sizeof path, "/attempts/%s", testsrv_jstr(att, "id"));
	body = get(&w, path, "en", &st);
	CHECK(st == 200 && !strstr(body, " here\"") && strstr(body, "class=\"nav-legend\"") &&
	    before(body, "class=\"nav-legend\"", "Answered") && !strstr(body, "This page"),
	    "a one-page exam marks no box \"this page\" and has a legend of the marks (%d)", st);
	free(body);
	body = get(&w, path, "zh-TW", &st);
	CHECK(strstr(body, "剩餘時間：<span id=\"timer\"") && strstr(body, "未作答：<span"),
	    "the exam bar's labels have no space after their full-width colon");
	zh_clean("the exam page", body);
	free(body);

	/* The finish page links every open and flagged question. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/flags/i2", testsrv_jstr(att, "id"));
	json_decref(testsrv_api(&srv, tok, "PUT", path, "{\"flagged\":true}", &status));
	CHECK(status == 200 || status == 204, "a question is flagged (%d)", status);
	snprintf(path, sizeof path, "/attempts/%s/finish", testsrv_jstr(att, "id"));
	body = get(&w, path, "en", &st);
	{
		char want[200];

		snprintf(want, sizeof want, "<a href=\"/attempts/%s?page=1#q-",
		    testsrv_jstr(att, "id"));
		CHECK(st == 200 && strstr(body, "id=\"finish-open\"") &&
		    strstr(body, want) && strstr(body, ">Question 3</a>") &&
		    strstr(body, "id=\"finish-flagged\"") &&
		    strstr(strstr(body, "id=\"finish-flagged\""), "#q-i2\">Question 2</a>") &&
		    !strstr(strstr(body, "id=\"finish-flagged\""), "#q-i1\""),
		    "the finish page lists the open questions and the flagged one as links (%d)",
		    st);
	}
	free(body);
	body = get(&w, path, "zh-TW", &st);
	zh_clean("the finish page", body);
	free(body);

	/* Submitted: back, with the result dated and its certificate. */
	testsrv_answer_all(&srv, tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, tok, "POST", path, NULL, &status);
	CHECK(status == 200, "submitted (%d)", status);
	body = get(&w, "/", "en", &st);
	CHECK(strstr(body, "Welcome back, <span class=\"who-name\">Ann Lee</span>."),
	    "a returning learner is welcomed back");
	CHECK(before(body, "class=\"exam-list\"", "66.7% (2 / 3)") &&
	    before(body, "66.7% (2 / 3)", testsrv_jstr(json_object_get(res, "certificate"),
	    "serial")) && !strstr(body, "resume-banner"),
	    "then their exams, their result as people read it, and their certificate");
	CHECK(strstr(body, "<time datetime=\"20"), "the result has its day");
	free(body);
	body = get(&w, "/", "zh-TW", &st);
	zh_clean("home with results", body);
	free(body);
	body = get(&w, "/exams/homex", "zh-TW", &st);
	zh_clean("the exam's start page", body);
	free(body);
	{
		const char *url = testsrv_jstr(json_object_get(res, "certificate"), "verify_url");
		const char *v = url ? strstr(url, "/V/") : NULL;

		body = get(NULL, v ? v : "/V/x", "zh-TW", &st);
		CHECK(st == 200, "the certificate's verification page (%d)", st);
		zh_clean("the verification page", body);
		free(body);
	}
	body = get(&w, "/me", "zh-TW", &st);
	zh_clean("the account page", body);
	free(body);
	body = get(&w, "/me", "en", &st);
	CHECK(st == 200 && strstr(body, "<span class=\"score-text\">66.7% (2 / 3)</span>") &&
	    strstr(body, "<time datetime=\"20") && !strstr(body, "66.67") && !strstr(body, "2.00"),
	    "the account page's results have their day and the same score");
	free(body);
	snprintf(path, sizeof path, "/attempts/%s/result", testsrv_jstr(att, "id"));
	body = get(&w, path, "en", &st);
	CHECK(st == 200 && strstr(body, "<strong>66.7%</strong> (2 / 3)"),
	    "the result page reads the same, no false precision (%d)", st);
	free(body);
	body = get(&w, path, "zh-TW", &st);
	zh_clean("the result page", body);
	free(body);
	json_decref(res);
	json_decref(att);
}

void
test_learner(void)
{
	char out[8192];

	formatting();
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "ann", "Ann Lee", "learner", "ann-pass-123");
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "lh",
	    testsrv_file(&srv, "lh.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "homex.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	if (testsrv_start(&srv, "--base-url", "http://cert.example.tw", NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	home();
	testsrv_stop(&srv, 0, NULL);
}
