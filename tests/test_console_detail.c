/*
 * test_console_detail.c - the console's figures and words as a trainer
 * reads them. A bank in two languages counts its questions once, the
 * languages beside (the dashboard, the exam editor's categories, the
 * upload summary, whose figures carry no list bullets and whose file
 * names break between words); the regrade preview says which questions
 * changed and how; the audit page in zh-TW names each action and says
 * its detail in Chinese.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

#define EN_BANK(k1, k2) \
    "$CATEGORY: office-ai/basics\n\n" \
    "// [id:o1]\n::O1::Office one{" k1 "right " k2 "wrong}\n\n" \
    "// [id:o2]\n::O2::Office two{=right ~wrong}\n\n" \
    "// [id:o3]\n::O3::Office three{=right ~wrong}\n\n" \
    "// [id:o4]\n::O4::Office four{=right ~wrong}\n"
static const char zh_bank[] =
    "$CATEGORY: office-ai/basics\n\n"
    "// [id:o1]\n::O1::辦公一{=對 ~錯}\n\n"
    "// [id:o2]\n::O2::辦公二{=對 ~錯}\n\n"
    "// [id:o3]\n::O3::辦公三{=對 ~錯}\n\n"
    "// [id:o4]\n::O4::辦公四{=對 ~錯}\n";
static const char exam[] =
    "{\"id\":\"offx\",\"title\":{\"en\":\"Office AI\",\"zh-TW\":\"辦公室 AI\"},"
    "\"duration_s\":600,\"pass_percent\":60,\"languages\":[\"zh-TW\",\"en\"],"
    "\"review\":\"score\",\"bank\":\"office-ai\",\"sections\":[{\"category\":\"office-ai/basics\",\"count\":4}]}";

/* Uploads the files (name, text pairs, NULL-ended) through the console's
 * form as s in lang into bank; the response into r. */
static int
upload(const struct websess *s, const char *lang, struct resp *r, ...)
{
	static const char boundary[] = "BoUnDaRyG";
	char ct[100], *body = malloc(65536);
	size_t n;
	va_list ap;
	const char *name;
	int rc;

	snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s\r\n", boundary);
	n = (size_t)snprintf(body, 65536, "--%s\r\nContent-Disposition: form-data; name=\"csrf\""
	    "\r\n\r\n%s\r\n--%s\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\n"
	    "office-ai\r\n", boundary, s->csrf, boundary);
	va_start(ap, r);
	while ((name = va_arg(ap, const char *)) != NULL)
		n += (size_t)snprintf(body + n, 65536 - n, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"file\"; filename=\"%s\"\r\n\r\n%s\r\n", boundary, name,
		    va_arg(ap, const char *));
	va_end(ap);
	snprintf(body + n, 65536 - n, "--%s--\r\n", boundary);
	rc = web_req(&srv, s, "POST", "/console/banks/upload", lang, ct, body, 0, r);
	free(body);
	return rc;
}

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

static void
counts(const struct websess *coach, const char *tok)
{
	struct resp r;
	char *body;
	int st, status;

	CHECK(upload(coach, "en", &r, "office-ai.en.gift", EN_BANK("=", "~"),
	    "office-ai.zh-TW.gift", zh_bank, NULL) == 0 && r.status == 200 &&
	    strstr(r.body, "Questions: <strong>4</strong> · zh-TW, en") &&
	    strstr(r.body, "Added: <strong>4</strong>") && strstr(r.body, "<ul class=\"facts "),
	    "the upload summary counts 4 questions, not 8 language versions, the languages "
	    "beside (%d)", r.status);
	resp_free(&r);
	CHECK(upload(coach, "zh-TW", &r, "office-ai.en.gift", EN_BANK("=", "~"),
	    "office-ai.zh-TW.gift", zh_bank, NULL) == 0 && r.status == 200 &&
	    strstr(r.body, "題數：<strong>4</strong> · zh-TW, en") &&
	    strstr(r.body, "未變更：<strong>4</strong>"),
	    "in zh-TW with a full-width colon; the same files again change nothing (%d)",
	    r.status);
	zh_clean("the upload summary", r.body ? r.body : "");
	resp_free(&r);
	body = get(coach, "/console", "en", &st);
	CHECK(st == 200 && strstr(body, "<td class=\"num\">4</td><td>") &&
	    !strstr(body, "<td class=\"num\">8</td>"),
	    "the dashboard counts the bank's questions once (%d)", st);
	free(body);
	body = get(coach, "/console/banks/office-ai", "en", &st);
	CHECK(st == 200 && strstr(body, "This version holds 4 questions, each listed once per "
	    "language (en, zh-TW).") && strstr(body, "Language versions shown: 8 / 8"),
	    "the bank page counts 4 questions and says each shows once per language (%d)", st);
	free(body);
	body = get(coach, "/console/banks/office-ai", "zh-TW", &st);
	CHECK(st == 200 && strstr(body, "此版本共 4 題，每題依語言各列一次（en, zh-TW）。"),
	    "the bank page says the same in zh-TW (%d)", st);
	free(body);
	body = get(coach, "/console/exams/new", "en", &st);
	CHECK(st == 200 && strstr(body, ">office-ai/basics (4 · zh-TW, en)</option>"),
	    "the exam editor's category says 4 questions in zh-TW and en (%d)", st);
	free(body);
	{
		json_t *j = testsrv_api(&srv, tok, "POST", "/api/v1/exams", exam, &status);
		char *t = json_dumps(j, 0);

		if (status != 200 && status != 201)
			printf("  %s\n", t ? t : "");
		free(t);
		json_decref(j);
	}
	CHECK(status == 200 || status == 201, "the exam is saved (%d)", status);
}

static void
regrade(const struct websess *coach, const char *learner)
{
	struct resp r;
	json_t *att;
	char path[256];
	int status;

	att = testsrv_api(&srv, learner, "POST", "/api/v1/exams/offx/attempts",
	    "{\"lang\":\"en\"}", &status);
	CHECK(status == 201, "the learner starts (%d)", status);
	testsrv_answer_all(&srv, learner, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	json_decref(testsrv_api(&srv, learner, "POST", path, NULL, &status));
	json_decref(att);
	/* The key of o1 is fixed in English: "wrong" is right after all. */
	CHECK(upload(coach, "en", &r, "office-ai.en.gift", EN_BANK("~", "="),
	    "office-ai.zh-TW.gift", zh_bank, NULL) == 0 &&
	    r.status == 200 && strstr(r.body, "Changed: <strong>1</strong>") &&
	    strstr(r.body, "Unchanged: <strong>3</strong>"),
	    "the summary counts one question changed, three not (%d)", r.status);
	resp_free(&r);
	CHECK(web_post(&srv, coach, "/console/exams/offx/regrade", "", 1, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "id=\"regrade-items\"") &&
	    strstr(r.body, "<code class=\"small\">o1</code> O1</th><td>en</td>"
	    "<td>the key (which answers score)</td><td class=\"num\">1</td>") &&
	    !strstr(r.body, "<code class=\"small\">o2</code>"),
	    "the regrade preview lists the question whose key changed, and only it (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_req(&srv, coach, "POST", "/console/exams/offx/regrade", "zh-TW",
	    "Content-Type: application/x-www-form-urlencoded\r\n",
	    (snprintf(path, sizeof path, "csrf=%s", coach->csrf), path), 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "有新版本的題目") && strstr(r.body, "正確答案（哪些答案得分）"),
	    "and in zh-TW (%d)", r.status);
	zh_clean("the regrade preview", r.body ? r.body : "");
	resp_free(&r);
}

static void
audit(const struct websess *admin)
{
	char *body;
	int st;

	body = get(admin, "/console/audit", "zh-TW", &st);
	CHECK(st == 200 && strstr(body, "<td>匯入題庫 <code class=\"small\">bank.import</code></td>") &&
	    strstr(body, "office-ai 第 3 版：8 個語言版本的試題，來自 office-ai.en.gift") &&
	    strstr(body, "建立帳號") && !strstr(body, "questions from"),
	    "the audit page in zh-TW names each action and says its detail in Chinese (%d)", st);
	zh_clean("the audit page", body);
	free(body);
	body = get(admin, "/console", "zh-TW", &st);
	zh_clean("the console", body);
	free(body);
	body = get(admin, "/console/exams/new", "zh-TW", &st);
	zh_clean("the exam editor", body);
	free(body);
	body = get(admin, "/console/audit", "en", &st);
	CHECK(st == 200 && strstr(body, "<td>Bank imported <code class=\"small\">bank.import</code>") &&
	    strstr(body, "office-ai version 3: 8 language versions of questions from"),
	    "and in English (%d)", st);
	free(body);
}

/* Every page a role reads, in zh-TW, as a reader sees it. */
static void
pages_zh(const struct websess *admin, const struct websess *coach)
{
	static const char *const visitor[] = { "/", "/signin", "/register", "/verify",
	    "/verify/credential", "/privacy", "/reset", NULL };
	static const char *const staff[] = { "/console", "/console/banks/upload",
	    "/console/banks/office-ai", "/console/exams/new", "/console/exams/offx",
	    "/console/exams/offx/edit", "/console/certificates", "/console/people",
	    "/console/audit", "/console/users", "/console/sittings", "/console/issuer",
	    "/console/notice", "/console/outbox", "/me", NULL };
	char *body;
	int st;

	for (const char *const *p = visitor; *p != NULL; p++) {
		body = get(NULL, *p, "zh-TW", &st);
		zh_clean(*p, body);
		free(body);
	}
	for (const char *const *p = staff; *p != NULL; p++) {
		body = get(strncmp(*p, "/console/exams", 14) == 0 ||
		    strncmp(*p, "/console/banks", 14) == 0 ? coach : admin, *p, "zh-TW", &st);
		zh_clean(*p, body);
		free(body);
	}
}

void
test_console_detail(void)
{
	struct websess coach, admin;
	char tok[64], ltok[64];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_user(&srv, "coach", "Coach", "trainer", "coach-pass1");
	testsrv_user(&srv, "lea", "Lea", "learner", "lea-pass-123");
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	CHECK(web_signin(&srv, "coach", "coach-pass1", NULL, &coach) == 0 &&
	    web_signin(&srv, "admin", "admin-pass-123", NULL, &admin) == 0, "signed in");
	testsrv_signin(&srv, "coach", "coach-pass1", tok, sizeof tok);
	testsrv_signin(&srv, "lea", "lea-pass-123", ltok, sizeof ltok);
	counts(&coach, tok);
	regrade(&coach, ltok);
	audit(&admin);
	pages_zh(&admin, &coach);
	testsrv_stop(&srv, 0, NULL);
}
