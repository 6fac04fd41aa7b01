/*
 * test_attempt.c - taking exams through the API as learners do: the form
 * stays the same on resume, answers are saved with sequence numbers,
 * other people get 403, nothing learner-visible carries a key, grading
 * follows Moodle's rules exactly, and the server's deadline holds even
 * when the browser never comes back.
 */
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static struct {			/* every learner-visible body, searched for keys */
	char *buf;
	size_t len;
} seen;

static int before_grading = 1;	/* collect only what precedes grading */

static void
remember(const struct resp *r)
{
	size_t n = r->body_len;

	if (!before_grading)
		return;
	seen.buf = realloc(seen.buf, seen.len + n + 1);
	memcpy(seen.buf + seen.len, r->body, n);
	seen.len += n;
	seen.buf[seen.len] = '\0';
}

/* A JSON API request as the holder of tok (testsrv_api); its answer is
 * remembered for the search for keys. */
static json_t *
call(const char *tok, const char *method, const char *path, const char *body, int *status)
{
	struct resp r;
	struct api_opt o = { .keep = &r };
	json_t *j = testsrv_api_opt(&srv, tok, method, path, body, &o, status);

	if (*status != 0)
		remember(&r);
	resp_free(&r);
	return j;
}

static const char bank[] =
    "$CATEGORY: t/all\n\n"
    "// [id:single]\n::S::Pick the best SINGLEQ{=alpha#SECRET-FB-1 ~beta#SECRET-FB-2 ~%50%gamma#SECRET-FB-3####SECRET-GF-1}\n\n"
    "// [id:multi]\n::M::Pick the good ones MULTIQ{~%50%one#SECRET-FB-4 ~%50%two ~%-100%three}\n\n"
    "// [id:tf]\n::T::The sky is blue TFQ{TRUE#SECRET-FB-5#SECRET-FB-6}\n\n"
    "// [id:short]\n::A::Name a model family SHORTQ{=GPT =%50%Llama*#SECRET-FB-7}\n\n"
    "// [id:num]\n::N::Pi to two places NUMQ{#3.14:0.005}\n\n"
    "// [id:match]\n::X::Match the sounds MATCHQ{=cat -> meow =dog -> woof =cow -> moo}\n";

static const char exam_exact[] =
    "{\"id\":\"exact\",\"title\":{\"en\":\"Exact\",\"zh-TW\":\"精確\"},\"duration_s\":600,"
    "\"pass_percent\":75,\"attempts\":1,\"languages\":[\"en\"],\"shuffle_choices\":false,\"review\":\"by_item\","
    "\"sections\":[{\"category\":\"t/all\",\"count\":6}]}";
static const char exam_short[] =
    "{\"id\":\"quick\",\"title\":{\"en\":\"Quick\",\"zh-TW\":\"快速\"},\"duration_s\":2,"
    "\"grace_s\":0,\"pass_percent\":50,\"languages\":[\"en\"],\"sections\":[{\"category\":\"t/all\",\"count\":2}]}";

/* Numerical units: one typed with the number, one chosen from a list. */
static const char bank_units[] =
    "<quiz><question type=\"category\"><category><text>u/units</text>"
    "</category></question>\n"
    "<question type=\"numerical\"><name><text>g</text></name>"
    "<questiontext><text>Gravity UNITQ1?</text></questiontext>"
    "<answer fraction=\"100\"><text>9.8</text><tolerance>0.01</tolerance>"
    "<feedback><text>SECRET-FB-U</text></feedback></answer>"
    "<units><unit><multiplier>1</multiplier><unit_name>m/s2</unit_name></unit>"
    "<unit><multiplier>100</multiplier><unit_name>cm/s2</unit_name></unit>"
    "</units><unitgradingtype>1</unitgradingtype><unitpenalty>0.1"
    "</unitpenalty><showunits>0</showunits></question>\n"
    "<question type=\"numerical\"><name><text>h</text></name>"
    "<questiontext><text>Gravity again UNITQ2?</text></questiontext>"
    "<answer fraction=\"100\"><text>9.8</text><tolerance>0.01</tolerance>"
    "</answer><units><unit><multiplier>1</multiplier><unit_name>m/s2"
    "</unit_name></unit><unit><multiplier>100</multiplier><unit_name>cm/s2"
    "</unit_name></unit></units><unitgradingtype>1</unitgradingtype>"
    "<unitpenalty>0.1</unitpenalty><showunits>2</showunits></question>"
    "</quiz>\n";
static const char exam_units[] =
    "{\"id\":\"units\",\"title\":{\"en\":\"Units\",\"zh-TW\":\"單位\"},\"duration_s\":600,"
    "\"pass_percent\":50,\"attempts\":2,\"languages\":[\"en\"],\"review\":\"with_keys\","
    "\"sections\":[{\"category\":\"u/units\",\"count\":2}]}";

static int
put(const char *tok, const char *att, json_t *it, const char *resp, long seq, json_t **out)
{
	char path[256], body[1024];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", att,
	    it ? json_string_value(json_object_get(it, "id")) : "i999");
	snprintf(body, sizeof body, "{\"response\":%s,\"seq\":%ld}", resp, seq);
	j = call(tok, "PUT", path, body, &status);
	if (out != NULL)
		*out = j;
	else
		json_decref(j);
	return status;
}

static void
exact_grading(const char *tok, const char *other)
{
	json_t *att, *again, *it, *j;
	char path[256], id[64], body[512];
	int status;

	att = call(tok, "POST", "/api/v1/exams/exact/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 201 && json_array_size(json_object_get(att, "items")) == 6,
	    "starting an exam: 201 with its 6 items (got %d)", status);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att, "id")) ?
	    json_string_value(json_object_get(att, "id")) : "x");
	CHECK(json_integer_value(json_object_get(att, "remaining_s")) > 590,
	    "the deadline is the server's: 600 s from now");
	again = call(tok, "POST", "/api/v1/exams/exact/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 200 && strcmp(json_string_value(json_object_get(again, "id")), id) == 0,
	    "starting again returns the running attempt");
	CHECK(json_equal(json_object_get(att, "items"), json_object_get(again, "items")),
	    "a resumed attempt shows exactly the same form");
	json_decref(again);

	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(other, "GET", path, NULL, &status);
	CHECK(status == 403, "another learner cannot read the attempt (got %d)", status);
	json_decref(j);
	it = testsrv_item_with(att, "SINGLEQ");
	CHECK(put(other, id, it, "{\"choice\":\"c1\"}", 1, NULL) == 403,
	    "another learner cannot answer in it");

	/* Moodle's rules, item by item. */
	snprintf(body, sizeof body, "{\"choice\":\"%s\"}", testsrv_choice_id(it, "gamma"));
	CHECK(put(tok, id, it, body, 5, &j) == 200 && json_is_true(json_object_get(j, "saved")),
	    "a save is acknowledged");
	json_decref(j);
	snprintf(body, sizeof body, "{\"choice\":\"%s\"}", testsrv_choice_id(it, "alpha"));
	CHECK(put(tok, id, it, body, 3, &j) == 200 && json_is_false(json_object_get(j, "saved")) &&
	    json_integer_value(json_object_get(j, "seq")) == 5,
	    "a late retry with an older seq does not overwrite the newer answer");
	json_decref(j);
	it = testsrv_item_with(att, "MULTIQ");
	snprintf(body, sizeof body, "{\"choices\":[\"%s\",\"%s\"]}", testsrv_choice_id(it, "one"), testsrv_choice_id(it, "two"));
	CHECK(put(tok, id, it, body, 1, NULL) == 200, "multiple response saved");
	CHECK(put(tok, id, testsrv_item_with(att, "TFQ"), "{\"value\":true}", 1, NULL) == 200,
	    "true/false saved");
	CHECK(put(tok, id, testsrv_item_with(att, "SHORTQ"), "{\"text\":\"  ｌｌａｍａ   3 \"}", 1,
	    NULL) == 200,
	    "short answer saved");
	CHECK(put(tok, id, testsrv_item_with(att, "NUMQ"), "{\"number\":3.1449}", 1, NULL) == 200,
	    "numerical saved");
	it = testsrv_item_with(att, "MATCHQ");
	{
		json_t *subs = json_object_get(it, "subquestions"), *s;
		size_t i;
		char pairs[256] = "";

		json_array_foreach(subs, i, s) {
			const char *t = json_string_value(json_object_get(s, "text"));
			/* cat and dog right, cow wrong */
			const char *want = strcmp(t, "cat") == 0 ? "meow" :
			    strcmp(t, "dog") == 0 ? "woof" : "meow";

			snprintf(pairs + strlen(pairs), sizeof pairs - strlen(pairs), "%s\"%s\":\"%s\"",
			    i ? "," : "", json_string_value(json_object_get(s, "id")), testsrv_choice_id(it, want));
		}
		snprintf(body, sizeof body, "{\"pairs\":{%s}}", pairs);
	}
	CHECK(put(tok, id, it, body, 1, NULL) == 200, "matching saved: %s", body);
	CHECK(put(tok, id, testsrv_item_with(att, "NUMQ"), "{\"number\":\"pi\"}", 2, NULL) == 400,
	    "a response of the wrong shape is 400");
	CHECK(put(tok, id, testsrv_item_with(att, "SINGLEQ"), "{\"choice\":\"c9\"}", 9, &j) ==
	    400 && strcmp(json_string_value(json_object_get(j, "error")) ?: "",
	    "\"choice\" must be one of the item's choice ids") == 0,
	    "an unknown choice id is 400, and says why");
	json_decref(j);
	{
		char h[256];
		struct resp r;

		snprintf(h, sizeof h, "Authorization: Bearer %s\r\nContent-Type: application/json"
		    "\r\nAccept-Language: zh-TW\r\n", tok);
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id,
		    json_string_value(json_object_get(testsrv_item_with(att, "SINGLEQ"), "id")));
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"c9\"},\"seq\":9}");
		CHECK(http_req(srv.port, "PUT", path, h, body, strlen(body), &r) == 0 &&
		    r.status == 400 && strstr(r.body, "「choice」必須是此題的選項代號之一。") != NULL,
		    "a zh-TW learner's refused answer says why in Chinese: %s", r.body ? r.body : "");
		resp_free(&r);
		snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	}
	CHECK(put(tok, id, NULL, "{\"choice\":\"c1\"}", 9, NULL) == 400, "an unknown item is 400");

	j = call(tok, "GET", path, NULL, &status);
	CHECK(status == 200 && json_object_size(json_object_get(j, "responses")) == 6,
	    "GET shows the 6 saved answers for resuming");
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	before_grading = 0;	/* results may show what was right */
	j = call(tok, "POST", path, NULL, &status);
	/* 0.5 + 1 + 1 + 0.5 + 1 + 2/3 of 6 */
	CHECK(status == 200 && json_real_value(json_object_get(j, "score")) > 4.6666 &&
	    json_real_value(json_object_get(j, "score")) < 4.6667 &&
	    json_real_value(json_object_get(j, "max_score")) == 6.0,
	    "the score is exactly Moodle's: 4.667 of 6 (got %g)",
	    json_real_value(json_object_get(j, "score")));
	CHECK(json_is_true(json_object_get(j, "passed")), "77.8%% passes a 75%% exam");
	CHECK(json_object_get(j, "certificate") != NULL, "the submit answer names the certificate");
	{
		json_t *j2 = call(tok, "POST", path, NULL, &status);

		CHECK(status == 200 && json_equal(json_object_get(j, "score"),
		    json_object_get(j2, "score")), "submitting again changes nothing");
		json_decref(j2);
	}
	json_decref(j);
	CHECK(put(tok, id, testsrv_item_with(att, "TFQ"), "{\"value\":false}", 10, NULL) == 409,
	    "after submitting, saves are refused with 409");
	j = call(tok, "POST", "/api/v1/exams/exact/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 409, "a one-attempt exam cannot be started twice (got %d)", status);
	json_decref(j);
	json_decref(att);
}

/* The data-item of the fieldset holding marker in body; "" if none. */
static void
item_of(const char *body, const char *marker, char *item, size_t n)
{
	const char *at = strstr(body, marker), *p = NULL, *q = body;

	item[0] = '\0';
	while (at != NULL && (q = strstr(q, "<fieldset class=\"question\"")) != NULL &&
	    q < at)
		p = q++;
	if (p != NULL && (p = strstr(p, "data-item=\"")) != NULL)
		snprintf(item, n, "%.*s", (int)strcspn(p + 11, "\""), p + 11);
}

/* Units through the API, then through the page without script. */
static void
units_journey(const char *tok)
{
	json_t *att, *it, *j;
	char id[64], path[256], act[300], h[512], body[512], csrf[64], one[16], two[16];
	char *dump;
	struct resp r;
	int status;

	before_grading = 1;
	att = call(tok, "POST", "/api/v1/exams/units/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 201, "a units exam starts (%d)", status);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att, "id")) ?: "x");
	it = testsrv_item_with(att, "UNITQ1");
	j = json_object_get(it, "units");
	CHECK(json_array_size(j) == 2 &&
	    strcmp(json_string_value(json_array_get(j, 1)) ?: "", "cm/s2") == 0 &&
	    strcmp(json_string_value(json_object_get(it, "unit_input")) ?: "", "text") == 0 &&
	    json_object_get(it, "multiplier") == NULL,
	    "the item lists its unit names, typed with the number");
	CHECK(put(tok, id, it, "{\"number\":980,\"unit\":\"cm/s2\"}", 1, NULL) == 200,
	    "980 cm/s2 saved");
	it = testsrv_item_with(att, "UNITQ2");
	CHECK(strcmp(json_string_value(json_object_get(it, "unit_input")) ?: "", "select") == 0,
	    "the other item's unit is chosen from a list");
	CHECK(put(tok, id, it, "{\"number\":9.8,\"unit\":\"km\"}", 1, NULL) == 400,
	    "a unit the list does not have is 400");
	CHECK(put(tok, id, it, "{\"number\":9.8}", 2, NULL) == 200,
	    "a number without its unit is saved");
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(tok, "GET", path, NULL, &status);
	dump = json_dumps(j, 0);
	CHECK(status == 200 && dump != NULL && strstr(dump, "\"unit\": \"cm/s2\""),
	    "resuming shows the saved unit");
	free(dump);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	before_grading = 0;
	j = call(tok, "POST", path, NULL, &status);
	CHECK(status == 200 && fabs(json_real_value(json_object_get(j, "score")) - 1.9) < 1e-9,
	    "980 cm/s2 is right; 9.8 without a unit loses 10%% of it: 1.9 of 2 (got %g)",
	    json_real_value(json_object_get(j, "score")));
	{
		json_t *item;
		size_t i;
		int seen_key = 0;

		json_array_foreach(json_object_get(j, "items"), i, item)
			if (strstr(json_string_value(json_object_get(item, "prompt")) ?: "",
			    "UNITQ1") != NULL)
				seen_key = strcmp(json_string_value(json_object_get(item,
				    "answer")) ?: "", "980 cm/s2") == 0 &&
				    strcmp(json_string_value(json_object_get(item, "key")) ?: "",
				    "9.8 ± 0.01 m/s2") == 0;
		CHECK(seen_key, "the review shows the answer and the key with their units");
	}
	json_decref(j);
	json_decref(att);

	/* The page: "980 cm/s2" typed in the box, the other unit chosen. */
	before_grading = 1;
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", tok);
	CHECK(http_req(srv.port, "GET", "/exams/units", h, NULL, 0, &r) == 0 && r.status == 200,
	    "the units exam's start page (%d)", r.status);
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&lang=en", csrf);
	CHECK(http_req(srv.port, "POST", "/exams/units/start", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", path, sizeof path),
	    "the second attempt starts by form (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", tok);
	CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Units: m/s2, cm/s2") && strstr(r.body, "<option value=\"cm/s2\">") &&
	    strstr(r.body, "multiplier") == NULL && strstr(r.body, "SECRET") == NULL,
	    "the page names the units and offers them in a list, no key");
	item_of(r.body ?: "", "UNITQ1", one, sizeof one);
	item_of(r.body ?: "", "UNITQ2", two, sizeof two);
	remember(&r);
	resp_free(&r);
	CHECK(one[0] && two[0], "both unit items are on the page");
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&page=1&%s=980+cm%%2Fs2&%s=9%%2C8&%s.unit=m%%2Fs2"
	    "&go=next", csrf, one, two, two);
	snprintf(act, sizeof act, "%s/save", path);
	CHECK(http_req(srv.port, "POST", act, h, body, strlen(body), &r) == 0 && r.status == 303,
	    "typed and chosen units are saved by form post (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", tok);
	CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "value=\"980 cm/s2\"") &&
	    strstr(r.body, "<option value=\"m/s2\" selected>"),
	    "the page shows 980 cm/s2 back in the box and m/s2 chosen");
	remember(&r);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&page=1&%s.unit=m&go=next", csrf, one);
	CHECK(http_req(srv.port, "POST", act, h, body, strlen(body), &r) == 0 && r.status == 400,
	    "a unit field where units are typed in the box is not the page's (%d)", r.status);
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&page=1&%s=9.8+furlongs&go=next", csrf, two);
	CHECK(http_req(srv.port, "POST", act, h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", body, sizeof body) &&
	    strstr(body, "invalid=") != NULL,
	    "a unit typed where a list asks for one is not a number (%d %s)", r.status, body);
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	snprintf(act, sizeof act, "%s/submit", path);
	CHECK(http_req(srv.port, "POST", act, h, body, strlen(body), &r) == 0 && r.status == 303,
	    "submitting the units attempt by form");
	resp_free(&r);
	before_grading = 0;
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", tok);
	snprintf(act, sizeof act, "%s/result", path);
	CHECK(http_req(srv.port, "GET", act, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "100%"), "both answers right by page: 100%%");
	resp_free(&r);
}

static int
db_state(const char *public_id, char *state, size_t n)
{
	testsrv_db_run(&srv, state, n, "SELECT state FROM attempts WHERE public_id = ?", "t",
	    public_id);
	return testsrv_db_int(&srv, "SELECT score IS NOT NULL FROM attempts WHERE public_id = ?",
	    public_id) == 1;
}

static void
deadline(const char *tok)
{
	json_t *att, *j;
	char id[64], state[32];
	int status, graded;

	before_grading = 1;
	att = call(tok, "POST", "/api/v1/exams/quick/attempts", "{\"lang\":\"en\"}", &status);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att, "id")) ?
	    json_string_value(json_object_get(att, "id")) : "x");
	CHECK(status == 201 && put(tok, id, json_array_get(json_object_get(att, "items"), 0),
	    "{}", 1, NULL) == 200, "a 2 s exam takes a save at once");
	usleep(2600 * 1000);
	CHECK(put(tok, id, json_array_get(json_object_get(att, "items"), 0), "{}", 2, NULL) == 409,
	    "a save after deadline + grace 0 is refused with 409");
	/* Nobody asks for it again: the sweeper must grade it alone. */
	for (int i = 0; i < 30; i++) {
		if ((graded = db_state(id, state, sizeof state)) && strcmp(state, "expired") == 0)
			break;
		usleep(100 * 1000);
	}
	CHECK(graded && strcmp(state, "expired") == 0,
	    "the server grades an abandoned attempt itself (state %s)", state);
	{
		char path[128];

		snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
		before_grading = 0;
		j = call(tok, "GET", path, NULL, &status);
		CHECK(status == 200 && strcmp(json_string_value(json_object_get(j, "state")), "expired") == 0 &&
		    json_integer_value(json_object_get(j, "remaining_s")) == 0 &&
		    json_object_get(j, "result") != NULL, "GET shows it expired and graded");
		json_decref(j);
	}
	json_decref(att);
}

static void
secrecy(void)
{
	static const char *const secrets[] = {
		"SECRET-FB", "SECRET-GF", "\"fraction\"", "\"feedback\"", "\"key\""
	};
	int covered = seen.buf != NULL && strstr(seen.buf, "SINGLEQ") &&
	    strstr(seen.buf, "MATCHQ") && strstr(seen.buf, "\"saved\"");

	CHECK(covered, "the search covers the forms and saves learners saw");
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		CHECK(covered && strstr(seen.buf, secrets[i]) == NULL,
		    "no learner-visible response carries %s", secrets[i]);
}

static const char cloze_bank[] =
    "<quiz><question type=\"category\"><category><text>$course$/top/cz/all"
    "</text></category></question>\n"
    "<question type=\"cloze\"><name><text>Cities</text></name>"
    "<questiontext format=\"html\"><text><![CDATA[<p>CLOZEQ Capital "
    "{2:SHORTANSWER:=SECRETPARIS#SECRET-FB-C1~%50%secretparis} on river "
    "{1:MULTICHOICE:=Seine~Loire~Rhone} about {1:NUMERICAL:=2.1:0.2} "
    "million, in {1:MULTIRESPONSE:=Lyon~=Nice~Geneva}</p>]]></text>"
    "</questiontext></question></quiz>\n";
static const char cloze_exam[] =
    "{\"id\":\"cz\",\"title\":{\"en\":\"Cloze\",\"zh-TW\":\"克漏字\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"shuffle_choices\":false,\"review\":\"with_keys\","
    "\"sections\":[{\"category\":\"cz/all\",\"count\":1}]}";

/* A cloze taken end to end: the view cut into parts and gaps without a
 * key, {"gaps":{..}} saved through the API and the page form without
 * script (each gap a labelled control ID.gN), refusals by name, and
 * Moodle's weighted grading at submit. */
static void
cloze_attempt(const char *tok, const char *coach, const char *admin)
{
	json_t *att, *it, *j;
	char id[64], h[512], body[1024], path[300], csrf[64];
	struct resp r;
	int status;

	before_grading = 1;
	att = call(tok, "POST", "/api/v1/exams/cz/attempts", "{\"lang\":\"en\"}",
	    &status);
	it = json_array_get(json_object_get(att, "items"), 0);
	CHECK(status == 201 && strcmp(json_string_value(json_object_get(it,
	    "type")) ? json_string_value(json_object_get(it, "type")) : "",
	    "cloze") == 0 && json_array_size(json_object_get(it, "gaps")) == 4 &&
	    json_array_size(json_object_get(it, "parts")) == 5,
	    "a cloze exam starts: one item of type cloze, 4 gaps, 5 parts (%d)",
	    status);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att, "id")) ?
	    json_string_value(json_object_get(att, "id")) : "x");
	CHECK(put(tok, id, it, "{\"gaps\":{\"5\":{\"text\":\"x\"}}}", 1, NULL) ==
	    400, "an unknown gap is refused with 400");
	CHECK(put(tok, id, it, "{\"gaps\":{\"1\":{\"text\":\"x\",\"junk\":1}}}",
	    2, &j) == 400 && strcmp(json_string_value(json_object_get(j,
	    "field")) ? json_string_value(json_object_get(j, "field")) : "",
	    "junk") == 0, "a stray field in a gap is refused by name");
	json_decref(j);
	CHECK(put(tok, id, it, "{\"gaps\":{\"1\":{\"text\":\"secretparis\"},"
	    "\"3\":{\"number\":2.25},\"4\":{\"choices\":[\"c1\"]}}}", 3,
	    NULL) == 200, "gap answers are saved through the API");

	/* The page without script: labelled inline controls, a form post. */
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n",
	    tok);
	snprintf(path, sizeof path, "/attempts/%s", id);
	CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "aria-label=\"Gap 1\"") &&
	    strstr(r.body, "name=\"i1.g1\" value=\"secretparis\"") &&
	    strstr(r.body, "<select id=\"i1-g2\" name=\"i1.g2\"") &&
	    strstr(r.body, "name=\"i1.g4.c1\" value=\"1\" data-choice=\"c1\" "
	    "checked"), "the page shows each gap as a labelled control with "
	    "its saved answer (%d)", r.status);
	remember(&r);
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(path, sizeof path, "/attempts/%s/save", id);
	snprintf(body, sizeof body, "csrf=%s&page=1&i1.g9=x&go=stay", csrf);
	CHECK(http_req(srv.port, "POST", path, h, body, strlen(body), &r) == 0 &&
	    r.status == 400, "a page field for no gap is refused (%d)", r.status);
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&page=1&i1.g1=SECRETPARIS&i1.g2=c1&"
	    "i1.g3=2%%2C15&i1.g4.c1=1&i1.g4.c2=1&go=stay", csrf);
	CHECK(http_req(srv.port, "POST", path, h, body, strlen(body), &r) == 0 &&
	    r.status == 303, "the gaps are saved by form post (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(tok, "GET", path, NULL, &status);
	{
		char *d = json_dumps(json_object_get(json_object_get(j,
		    "responses"), "i1"), JSON_COMPACT);

		CHECK(d != NULL && strcmp(d, "{\"gaps\":{\"1\":{\"text\":"
		    "\"SECRETPARIS\"},\"2\":{\"choice\":\"c1\"},\"3\":{"
		    "\"number\":2.1499999999999999},\"4\":{\"choices\":[\"c1\","
		    "\"c2\"]}}}") == 0, "the form post is stored as the API's "
		    "shape: %s", d ? d : "");
		free(d);
	}
	json_decref(j);
	CHECK(seen.buf != NULL && strstr(seen.buf, "CLOZEQ") != NULL &&
	    strstr(seen.buf, "SECRET-FB-C1") == NULL &&
	    strstr(seen.buf, "Seine\",\"fraction") == NULL,
	    "nothing the learner saw of the cloze carries feedback or a key");
	before_grading = 0;
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	j = call(tok, "POST", path, NULL, &status);
	CHECK(status == 200 && fabs(json_number_value(json_object_get(j,
	    "score")) - 5) < 1e-9 && fabs(json_number_value(json_object_get(j,
	    "max_score")) - 5) < 1e-9, "graded as Moodle: every gap right, "
	    "5 of 5 marks (got %g)", json_number_value(json_object_get(j,
	    "score")));
	json_decref(j);

	/* Review: each gap's answer and right answers; statistics per gap. */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	j = call(tok, "GET", path, NULL, &status);
	it = json_array_get(json_object_get(j, "items"), 0);
	CHECK(status == 200 && strstr(json_string_value(json_object_get(it,
	    "prompt")) ? json_string_value(json_object_get(it, "prompt")) : "",
	    "Capital [1] on river [2]") && strstr(json_string_value(
	    json_object_get(it, "key")) ? json_string_value(json_object_get(it,
	    "key")) : "", "Gap 1: SECRETPARIS; Gap 2: Seine; Gap 3: 2.1 ± 0.2; "
	    "Gap 4: Lyon; Nice") && strstr(json_string_value(json_object_get(it,
	    "answer")) ? json_string_value(json_object_get(it, "answer")) : "",
	    "Gap 1: SECRETPARIS; Gap 2: Seine; Gap 3: 2.15"),
	    "the review shows each gap's answer and right answers");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/exams/cz/item-stats");
	j = call(coach, "GET", path, NULL, &status);
	it = json_array_get(json_object_get(j, "items"), 0);
	CHECK(status == 200 && json_array_size(json_object_get(it, "gaps")) == 4 &&
	    fabs(json_number_value(json_object_get(json_array_get(json_object_get(
	    it, "gaps"), 3), "facility")) - 1) < 1e-9 && json_integer_value(
	    json_object_get(json_array_get(json_object_get(it, "gaps"), 0), "n")) == 1,
	    "item statistics give each gap its facility (%d)", status);
	json_decref(j);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n",
	    coach);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n",
	    admin);
	CHECK(http_req(srv.port, "GET", "/console/banks/cz", h, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "Capital [1] on river [2]") &&
	    strstr(r.body, "Gap 1 · SHORTANSWER · 2") &&
	    strstr(r.body, "✓ SECRETPARIS"), "the console's bank preview shows "
	    "each gap's answers (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n",
	    coach);
	CHECK(http_req(srv.port, "GET", "/console/exams/cz/items", h, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "<li>Gap 4: 1.00</li>"),
	    "the console's exam statistics show each gap's facility (%d)",
	    r.status);
	resp_free(&r);
	json_decref(att);
}

/* The no-script journey: pages and form posts only. */
static void
pages_without_script(const char *tok)
{
	char h[512], body[1024], csrf[64], loc[200], path[300], item[16];
	struct resp r;

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n", tok);
	CHECK(http_req(srv.port, "GET", "/exams/ai-literacy-practice", h, NULL, 0, &r) == 0 &&
	    r.status == 200 && strstr(r.body, "人工智慧素養模擬測驗") &&
	    strstr(r.body, "action=\"/exams/ai-literacy-practice/start\""),
	    "the exam's start page, in zh-TW, with a start form");
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&lang=zh-TW", csrf);
	CHECK(http_req(srv.port, "POST", "/exams/ai-literacy-practice/start", h, body,
	    strlen(body), &r) == 0 && r.status == 303 &&
	    resp_header(&r, "Location", loc, sizeof loc) && strncmp(loc, "/attempts/", 10) == 0,
	    "starting by form goes to the attempt (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n", tok);
	CHECK(http_req(srv.port, "GET", loc, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "data-type=") && strstr(r.body, "id=\"timer\"") &&
	    strstr(r.body, "第 1 題") && strstr(r.body, "1</a>") && strstr(r.body, "10</a>"),
	    "the exam page: questions, timer, a navigator of 10 (%d)", r.status);
	CHECK(r.status == 200 && strstr(r.body, "fraction") == NULL &&
	    strstr(r.body, "feedback") == NULL, "the exam page carries no keys");
	{
		/* Items are drawn at random: answer the first single-choice one. */
		const char *p = r.body, *q;

		item[0] = '\0';
		while ((p = strstr(p, "data-item=\"")) != NULL) {
			q = strstr(p, ">");
			if (q != NULL && strstr(p, "data-type=\"multichoice\"") != NULL &&
			    strstr(p, "data-type=\"multichoice\"") < q &&
			    (strstr(p, "data-multiple") == NULL || strstr(p, "data-multiple") > q)) {
				snprintf(item, sizeof item, "%.*s", (int)strcspn(p + 11, "\""), p + 11);
				break;
			}
			p++;
		}
	}
	CHECK(item[0] != '\0', "the first page has a single-choice question");
	remember(&r);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&page=1&%s=c1&flag.%s=1&go=next", csrf, item, item);
	snprintf(path, sizeof path, "%s/save", loc);
	CHECK(http_req(srv.port, "POST", path, h, body, strlen(body), &r) == 0 &&
	    r.status == 303, "a page of answers is saved by form post (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n", tok);
	snprintf(path, sizeof path, "%s?page=1", loc);
	{
		char want[64];
		const char *nav;

		snprintf(want, sizeof want, "data-item=\"%s\" ", item);
		CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 &&
		    (nav = strstr(r.body, want)) != NULL &&
		    strncmp(strstr(nav, "class=\""), "class=\"nav-item answered flagged", 32) == 0 &&
		    strstr(r.body, " checked"), "after the post, %s is answered and flagged", item);
	}
	resp_free(&r);
	snprintf(path, sizeof path, "%s/finish", loc);
	CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Questions not answered:"), "the finish page counts unanswered questions");
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	snprintf(path, sizeof path, "%s/submit", loc);
	CHECK(http_req(srv.port, "POST", path, h, body, strlen(body), &r) == 0 && r.status == 303,
	    "submitting by form");
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: en\r\n", tok);
	snprintf(path, sizeof path, "%s/result", loc);
	CHECK(http_req(srv.port, "GET", path, h, NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "%</strong>") && strstr(r.body, "Working with AI") &&
	    strstr(r.body, "Right answer:"),
	    "the result page: score, by topic, and the keys this practice exam reveals");
	resp_free(&r);
	CHECK(http_req(srv.port, "GET", loc, h, NULL, 0, &r) == 0 && r.status == 303,
	    "a finished attempt's page leads to its result");
	resp_free(&r);
}

/* A trainer gives extra time; the integrity log reaches trainers only. */
static void
accommodations(const char *trainer, const char *learner, const char *admin)
{
	json_t *j, *att;
	char path[256], id[64];
	int status;

	j = call(learner, "PUT", "/api/v1/users/two/accommodations", "{\"time_multiplier\":1.5}",
	    &status);
	CHECK(status == 403, "a learner cannot give themself extra time (%d)", status);
	json_decref(j);
	j = call(trainer, "PUT", "/api/v1/users/two/accommodations", "{\"time_multiplier\":9}",
	    &status);
	CHECK(status == 400, "an absurd multiplier is refused");
	json_decref(j);
	j = call(trainer, "PUT", "/api/v1/users/two/accommodations", "{\"time_multiplier\":1.5}",
	    &status);
	CHECK(status == 403, "a trainer cannot give time to a learner who is not theirs (%d)",
	    status);
	json_decref(j);
	/* An admin books the learner into a sitting of the trainer's exam:
	 * from then on the trainer manages them (owner.h). */
	j = call(admin, "POST", "/api/v1/exams/exact/sittings", "{\"name\":\"Room 1\","
	    "\"members\":[\"two\"]}", &status);
	CHECK(status == 201, "an admin books the learner into the trainer's sitting (%d)", status);
	json_decref(j);
	j = call(trainer, "PUT", "/api/v1/users/two/accommodations", "{\"time_multiplier\":1.5}",
	    &status);
	CHECK(status == 200, "a trainer sets x1.5 time for a learner of their sitting (%d)", status);
	json_decref(j);
	att = call(learner, "POST", "/api/v1/exams/exact/attempts", "{\"lang\":\"en\"}", &status);
	CHECK(status == 201 && json_integer_value(json_object_get(att, "remaining_s")) > 890 &&
	    json_integer_value(json_object_get(att, "remaining_s")) <= 900,
	    "the learner's attempt gets 900 s instead of 600 (%lld)",
	    (long long)json_integer_value(json_object_get(att, "remaining_s")));
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att, "id")) ?
	    json_string_value(json_object_get(att, "id")) : "x");
	json_decref(att);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", id);
	j = call(learner, "POST", path, "{\"kind\":\"hidden\",\"detail\":\"tab\"}", &status);
	CHECK(status == 200 && json_is_true(json_object_get(j, "logged")), "a tab switch is logged");
	json_decref(j);
	j = call(learner, "GET", path, NULL, &status);
	CHECK(status == 403, "learners cannot read the integrity log");
	json_decref(j);
	j = call(trainer, "GET", path, NULL, &status);
	CHECK(status == 200 && json_array_size(j) == 1 &&
	    strcmp(json_string_value(json_object_get(json_array_get(j, 0), "kind")), "hidden") == 0,
	    "the trainer sees the logged event");
	json_decref(j);
}

/* Moodle's select missing words and ordering, taken through the API. */
static const char gapord_bank[] =
    "<quiz>\n<question type=\"category\"><category><text>go/all</text>"
    "</category></question>\n"
    "<question type=\"gapselect\"><name><text>G</text></name>"
    "<questiontext format=\"html\"><text>GAPQ An [[3]] needs [[2]] and"
    " [[4]].</text></questiontext><shuffleanswers>1</shuffleanswers>"
    "<correctfeedback><text>SECRET-GO-1</text></correctfeedback>"
    "<selectoption><text>apple</text><group>1</group></selectoption>"
    "<selectoption><text>data</text><group>2</group></selectoption>"
    "<selectoption><text>model</text><group>1</group></selectoption>"
    "<selectoption><text>care</text><group>2</group></selectoption>"
    "</question>\n"
    "<question type=\"ordering\"><name><text>O</text></name>"
    "<questiontext><text>ORDQ Put in order</text></questiontext>"
    "<selecttype>ALL</selecttype><gradingtype>ABSOLUTE_POSITION"
    "</gradingtype><answer><text>one</text><feedback><text>SECRET-GO-2"
    "</text></feedback></answer><answer><text>two</text></answer>"
    "<answer><text>three</text></answer><answer><text>four</text>"
    "</answer></question>\n</quiz>\n";
static const char exam_gapord[] =
    "{\"id\":\"gapord\",\"title\":{\"en\":\"Gaps\",\"zh-TW\":\"填空\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"shuffle_choices\":true,\"review\":\"with_keys\",\"sections\":[{\"category\":\"go/all\","
    "\"count\":2}]}";

/* The id of the option or item of arr whose text is text, or "". */
static const char *
id_of(const json_t *arr, const char *text)
{
	const json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
		if (strcmp(json_string_value(json_object_get(o, "text")), text) == 0)
			return json_string_value(json_object_get(o, "id"));
	return "";
}

static void
gapord_exam(const char *tok)
{
	json_t *att, *g, *o, *gaps, *items, *j;
	char id[64], body[512], path[128];
	const char *want[] = { "one", "two", "three", "four" };
	int status, inorder = 1;

	before_grading = 1;
	att = call(tok, "POST", "/api/v1/exams/gapord/attempts",
	    "{\"lang\":\"en\"}", &status);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(att,
	    "id")) ? json_string_value(json_object_get(att, "id")) : "x");
	g = testsrv_item_with(att, "GAPQ");
	o = testsrv_item_with(att, "ORDQ");
	gaps = json_object_get(g, "gaps");
	items = json_object_get(o, "items");
	CHECK(status == 201 && g != NULL && o != NULL &&
	    strcmp(json_string_value(json_object_get(g, "type")), "gapselect")
	    == 0 && json_array_size(gaps) == 3 && json_array_size(items) == 4,
	    "an exam shows a gapselect with 3 gaps and an ordering with 4 "
	    "items (status %d)", status);
	CHECK(g != NULL && strstr(json_string_value(json_object_get(g,
	    "prompt")), "An [[1]] needs [[2]] and [[3]].") != NULL,
	    "gaps are numbered in the text's order, not by the choice that "
	    "fills them: %s", g ? json_string_value(json_object_get(g,
	    "prompt")) : "");
	CHECK(json_array_size(json_object_get(json_array_get(gaps, 0),
	    "choices")) == 2 && json_array_size(json_object_get(
	    json_array_get(gaps, 1), "choices")) == 2,
	    "each gap offers its group's choices");
	for (size_t i = 0; i < json_array_size(items); i++)
		inorder = inorder && strcmp(json_string_value(json_object_get(
		    json_array_get(items, i), "text")), want[i]) == 0;
	CHECK(!inorder, "the items are never first shown in the right order");

	CHECK(put(tok, id, g, "{\"gaps\":{\"9\":\"o1\"}}", 1, NULL) == 400,
	    "a gap the question does not have is refused");
	CHECK(put(tok, id, g, "{\"gaps\":{\"1\":\"o3\"}}", 1, NULL) == 400,
	    "an option the gap does not offer is refused");
	CHECK(put(tok, id, g, "{\"gaps\":{},\"extra\":1}", 1, NULL) == 400,
	    "a field beside \"gaps\" is refused");
	CHECK(put(tok, id, o, "{\"order\":[\"i1\",\"i2\",\"i3\"]}", 1, NULL)
	    == 400, "an order without every item is refused");
	CHECK(put(tok, id, o, "{\"order\":[\"i1\",\"i1\",\"i2\",\"i3\"]}", 1,
	    NULL) == 400, "an order naming an item twice is refused");
	snprintf(body, sizeof body, "{\"gaps\":{\"1\":\"%s\",\"2\":\"%s\","
	    "\"3\":\"%s\"}}", id_of(json_object_get(json_array_get(gaps, 0),
	    "choices"), "model"), id_of(json_object_get(json_array_get(gaps,
	    1), "choices"), "data"), id_of(json_object_get(
	    json_array_get(gaps, 2), "choices"), "data"));
	CHECK(put(tok, id, g, body, 2, NULL) == 200, "gaps saved: %s", body);
	snprintf(body, sizeof body, "{\"order\":[\"%s\",\"%s\",\"%s\",\"%s\"]}",
	    id_of(items, "one"), id_of(items, "two"), id_of(items, "four"),
	    id_of(items, "three"));
	CHECK(put(tok, id, o, body, 2, NULL) == 200, "order saved: %s", body);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(tok, "GET", path, NULL, &status);
	CHECK(status == 200 && json_is_object(json_object_get(json_object_get(
	    json_object_get(j, "responses"), json_string_value(json_object_get(
	    g, "id"))), "gaps")), "a resumed attempt has the gaps saved");
	json_decref(j);
	CHECK(seen.buf == NULL || (strstr(seen.buf, "SECRET-GO") == NULL &&
	    strstr(seen.buf, "[[4]]") == NULL), "no feedback and no choice "
	    "number reaches the learner before submitting");
	before_grading = 0;
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	j = call(tok, "POST", path, NULL, &status);
	/* gaps: model right, data right, data wrong (care): 2/3; order
	 * one two four three: 2 of 4 places */
	CHECK(status == 200 && test_near(json_number_value(json_object_get(j,
	    "score")), 2.0 / 3 + 0.5), "graded as Moodle: 2/3 + 1/2, got %g",
	    json_number_value(json_object_get(j, "score")));
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	j = call(tok, "GET", path, NULL, &status);
	{
		const json_t *it;
		size_t i;
		int gap_ok = 0, ord_ok = 0;

		json_array_foreach(json_object_get(j, "items"), i, it) {
			const char *p = json_string_value(json_object_get(it, "prompt"));
			const char *ans = json_string_value(json_object_get(it, "answer"));
			const char *key = json_string_value(json_object_get(it, "key"));

			if (p == NULL || ans == NULL || key == NULL)
				continue;
			if (strstr(p, "GAPQ"))
				gap_ok = strstr(p, "An [Gap 1] needs [Gap 2] and [Gap 3].") != NULL &&
				    strcmp(ans, "Gap 1: model; Gap 2: data; Gap 3: data") == 0 &&
				    strcmp(key, "Gap 1: model; Gap 2: data; Gap 3: care") == 0;
			if (strstr(p, "ORDQ"))
				ord_ok = strcmp(ans, "1. one; 2. two; 3. four; 4. three") == 0 &&
				    strcmp(key, "1. one; 2. two; 3. three; 4. four") == 0;
		}
		CHECK(status == 200 && gap_ok && ord_ok, "the review shows the gaps by number, each "
		    "the order given beside the right ones (%d)", status);
	}
	json_decref(j);
	json_decref(att);
}

/* The item id of the first item of type on an exam page, into out. */
static void
page_item_of(const char *body, const char *type, char *out, size_t n)
{
	char want[64];
	const char *p = body, *q;

	snprintf(want, sizeof want, "data-type=\"%s\"", type);
	out[0] = '\0';
	while ((p = strstr(p, "data-item=\"")) != NULL) {
		q = strchr(p, '>');
		if (q != NULL && strstr(p, want) != NULL && strstr(p, want) < q) {
			snprintf(out, n, "%.*s", (int)strcspn(p + 11, "\""), p + 11);
			return;
		}
		p++;
	}
}

/* The same exam without script: gaps are labelled selects in the text,
 * the items of an ordering each a labelled select of its place, and the
 * page form saves both. */
static void
gapord_page(const char *tok)
{
	char h[512], body[1024], csrf[64], loc[200], path[300], g[16], o[16];
	struct resp r;
	json_t *j, *resp;
	int status;

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n", tok);
	CHECK(http_req(srv.port, "GET", "/exams/gapord", h, NULL, 0, &r) == 0 &&
	    r.status == 200, "the gapord exam's start page (%d)", r.status);
	web_csrf_of(r.body, csrf, sizeof csrf);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&lang=en", csrf);
	loc[0] = '\0';
	CHECK(http_req(srv.port, "POST", "/exams/gapord/start", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_header(&r, "Location", loc, sizeof loc),
	    "starting the gapord exam by form (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nAccept-Language: zh-TW\r\n", tok);
	CHECK(http_req(srv.port, "GET", loc, h, NULL, 0, &r) == 0 && r.status == 200,
	    "the gapord exam page (%d)", r.status);
	page_item_of(r.body, "gapselect", g, sizeof g);
	page_item_of(r.body, "ordering", o, sizeof o);
	snprintf(body, sizeof body, "<label class=\"gap-label\" for=\"%s-g2\">空格 2</label> "
	    "<select id=\"%s-g2\" name=\"%s.2\"", g, g, g);
	CHECK(g[0] && strstr(r.body, body) != NULL, "gap 2 is a select labelled 空格 2 "
	    "in the text");
	snprintf(body, sizeof body, "<label for=\"%s-i3\">位置</label> <select id=\"%s-i3\" "
	    "name=\"%s.i3\"", o, o, o);
	CHECK(o[0] && strstr(r.body, body) != NULL && strstr(r.body, "SECRET-GO") == NULL,
	    "each item has a select of its place labelled 位置, and no key is on the page");
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", tok);
	snprintf(body, sizeof body, "csrf=%s&page=1&%s.1=o2&%s.2=&%s.3=o1&%s.i1=4&%s.i2=1&"
	    "%s.i3=2&%s.i4=3&go=stay", csrf, g, g, g, o, o, o, o);
	snprintf(path, sizeof path, "%s/save", loc);
	CHECK(http_req(srv.port, "POST", path, h, body, strlen(body), &r) == 0 &&
	    r.status == 303, "the page form saves (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1%s", loc);
	j = call(tok, "GET", path, NULL, &status);
	resp = json_object_get(j, "responses");
	{
		json_t *wg = json_loads("{\"gaps\":{\"1\":\"o2\",\"2\":null,\"3\":\"o1\"}}", 0, NULL);
		json_t *wo = json_loads("{\"order\":[\"i2\",\"i3\",\"i4\",\"i1\"]}", 0, NULL);

		CHECK(json_equal(json_object_get(resp, g), wg),
		    "the gaps chosen on the page are saved");
		CHECK(json_equal(json_object_get(resp, o), wo),
		    "the places given on the page are saved as that order");
		json_decref(wg);
		json_decref(wo);
	}
	json_decref(j);
}

void
test_attempt(void)
{
	char out[4096], tok[64], other[64], coach[64], admin[64];

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "trainer-pass\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "t",
	    testsrv_file(&srv, "t.gift", bank, 0), NULL) == 0, "the test bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "u",
	    testsrv_file(&srv, "u.xml", bank_units, 0), NULL) == 0,
	    "the units bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "exact.json", exam_exact, 0),
	    testsrv_file(&srv, "quick.json", exam_short, 0),
	    testsrv_file(&srv, "units.json", exam_units, 0),
	    NULL) == 0, "the test exams are added: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "cz",
	    testsrv_file(&srv, "cz.xml", cloze_bank, 0), NULL) == 0 &&
	    testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner",
	    "coach", testsrv_file(&srv, "cz.json", cloze_exam, 0), NULL) == 0,
	    "a cloze bank and its exam are added: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "go",
	    testsrv_file(&srv, "go.xml", gapord_bank, 0), NULL) == 0 &&
	    testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner",
	    "coach", testsrv_file(&srv, "gapord.json", exam_gapord, 0), NULL) == 0,
	    "a gapselect and ordering bank and its exam are added: %s", out);
	testsrv_cli(&srv, "learner-one\n", out, sizeof out, "user", "add", "--login", "one",
	    "--name", "Learner One", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-two\n", out, sizeof out, "user", "add", "--login", "two",
	    "--name", "Learner Two", "--role", "learner", NULL);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "one", "learner-one", tok, sizeof tok);
	testsrv_signin(&srv, "two", "learner-two", other, sizeof other);
	testsrv_signin(&srv, "coach", "trainer-pass", coach, sizeof coach);
	testsrv_signin(&srv, "admin", "admin-pass-123", admin, sizeof admin);
	exact_grading(tok, other);
	cloze_attempt(tok, coach, admin);
	deadline(tok);
	before_grading = 1;
	pages_without_script(tok);
	units_journey(tok);
	before_grading = 1;
	secrecy();
	accommodations(coach, other, admin);
	gapord_exam(tok);
	gapord_page(other);
	{
		int status;
		json_t *j = call(coach, "GET", "/api/v1/exams/gapord/item-stats", NULL, &status);
		const json_t *it;
		size_t i;
		int gap = 0, ord = 0;

		json_array_foreach(json_object_get(j, "items"), i, it) {
			double f = json_number_value(json_object_get(it, "facility"));

			gap |= json_integer_value(json_object_get(it, "n")) == 1 &&
			    test_near(f, 2.0 / 3);
			ord |= json_integer_value(json_object_get(it, "n")) == 1 &&
			    test_near(f, 0.5);
		}
		CHECK(status == 200 && gap && ord, "item statistics give the gapselect and "
		    "the ordering their facility (%d)", status);
		json_decref(j);
	}
	testsrv_stop(&srv, SIGTERM, NULL);
	free(seen.buf);
	seen.buf = NULL;
	seen.len = 0;
}
