/*
 * test_seb.c - exams that must be taken in Safe Exam Browser: with a
 * Config Key (or Browser Exam Key) on the exam, every exam request of its
 * learner (start page and start, attempt page, saves through the API and
 * the page form, flags, events, submit) must carry SEB's hash of the
 * exact request URL with that key; a missing header, another key or the
 * hash of another page is refused (a page in the learner's language with
 * the .seb file, or a 403 with a reason) and nothing is saved. Other exams
 * are unaffected, a finished attempt's result reads anywhere, the .seb
 * file is a plist that starts the exam, keys are checked when an exam is
 * saved, and a server without --base-url says why it cannot serve one.
 */
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "test.h"
#include "testsrv.h"
#include "websess.h"

#define BASE "https://exam.example.tw"

static struct testsrv srv;

static const char key_ck[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char key_other[] =
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
static const char key_bek[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static const char bank[] =
    "$CATEGORY: sb/all\n\n"
    "// [id:b1]\n::One::SEB one{=right ~wrong}\n\n"
    "// [id:b2]\n::Two::SEB two{=right ~wrong}\n";

static const char exam_seb[] =
    "{\"id\":\"seb-exam\",\"title\":{\"en\":\"Locked Exam\",\"zh-TW\":\"鎖定測驗\"},"
    "\"bank\":\"sb\",\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"sb/all\",\"count\":2}],"
    "\"seb\":{\"config_keys\":[\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"]}}";
static const char exam_plain[] =
    "{\"id\":\"plain-exam\",\"title\":{\"en\":\"Open Exam\",\"zh-TW\":\"一般測驗\"},"
    "\"bank\":\"sb\",\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
    "\"sections\":[{\"category\":\"sb/all\",\"count\":2}]}";

/* "X-SafeExamBrowser-ConfigKeyHash: <hash of url with key>\r\n" into out,
 * computed here as SEB does: hex SHA-256 of the URL followed by the key. */
static const char *
seb_header(char *out, size_t n, const char *name, const char *url, const char *key)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)url, strlen(url));
	crypto_hash_sha256_update(&st, (const unsigned char *)key, strlen(key));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, n, "X-SafeExamBrowser-%s: %s\r\n", name, hex);
	return out;
}

static const char *
ck(char *out, size_t n, const char *path, const char *key)
{
	char url[512];

	snprintf(url, sizeof url, BASE "%s", path);
	return seb_header(out, n, "ConfigKeyHash", url, key);
}

static json_t *
api(const char *tok, const char *method, const char *path, const char *body,
    const char *extra, int *status)
{
	struct api_opt o = { .extra = extra };

	return testsrv_api_opt(&srv, tok, method, path, body, &o, status);
}

static long long
count(const char *sql)
{
	return testsrv_db_int(&srv, sql, NULL);
}

/* The hash scheme itself, against a value computed independently
 * (Python's hashlib) for the start page and key_ck. */
static void
hash_vector(void)
{
	char h[200];

	ck(h, sizeof h, "/exams/seb-exam", key_ck);
	CHECK(strstr(h, "7680129a8f5bd9be7faa3502ee5daeaeecc8b6f50432fc11dba3a42293b1337a") != NULL,
	    "SEB's hash of the start page with the key is SHA-256(URL + key): %s", h);
}

static void
start_and_save(const char *ann)
{
	char h[200], h2[200], both[400], path[256], id[64] = "";
	const char *start = "/api/v1/exams/seb-exam/attempts";
	json_t *j, *item;
	int status;

	/* Refused: no header, another key, the hash of another page. */
	j = api(ann, "POST", start, "{\"lang\":\"en\"}", NULL, &status);
	CHECK(status == 403 && strcmp(testsrv_jstr(j, "reason"), "seb_missing") == 0 &&
	    strstr(testsrv_jstr(j, "error"), "Safe Exam Browser") &&
	    strcmp(testsrv_jstr(j, "seb_url"), "/exams/seb-exam/seb") == 0,
	    "a start without SEB's header is a 403 saying to use SEB (%d %s)", status,
	    testsrv_jstr(j, "error"));
	json_decref(j);
	j = api(ann, "POST", start, "{\"lang\":\"en\"}", ck(h, sizeof h, start, key_other), &status);
	CHECK(status == 403 && strcmp(testsrv_jstr(j, "reason"), "seb_wrong_key") == 0,
	    "a start with another Config Key is refused (%d)", status);
	json_decref(j);
	j = api(ann, "POST", start, "{\"lang\":\"en\"}", ck(h, sizeof h, "/exams/seb-exam", key_ck),
	    &status);
	CHECK(status == 403 && strcmp(testsrv_jstr(j, "reason"), "seb_wrong_key") == 0,
	    "a start carrying the hash of another page is refused (%d)", status);
	json_decref(j);
	j = api(ann, "POST", start, "{\"lang\":\"en\"}",
	    seb_header(h, sizeof h, "ConfigKeyHash", "http://exam.example.tw/api/v1/exams/seb-exam/attempts",
	    key_ck), &status);
	CHECK(status == 403, "a hash of the URL under another scheme is refused (%d)", status);
	json_decref(j);
	CHECK(count("SELECT count(*) FROM attempts") == 0,
	    "no refused start created an attempt");

	/* The right hash for the exact URL. */
	j = api(ann, "POST", start, "{\"lang\":\"en\"}", ck(h, sizeof h, start, key_ck), &status);
	CHECK(status == 201, "a start from SEB with the exam's Config Key starts (%d)", status);
	snprintf(id, sizeof id, "%s", testsrv_jstr(j, "id"));
	item = json_array_get(json_object_get(j, "items"), 0);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id,
	    testsrv_jstr(item, "id"));
	{
		char body[200];
		const char *choice = testsrv_choice_id(item, "right");

		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}", choice);
		json_decref(api(ann, "PUT", path, body, NULL, &status));
		CHECK(status == 403, "a save without the header is refused (%d)", status);
		json_decref(api(ann, "PUT", path, body, ck(h, sizeof h, start, key_ck), &status));
		CHECK(status == 403, "a save with the hash of the start URL is refused (%d)", status);
		json_decref(api(ann, "PUT", path, body, ck(h, sizeof h, path, key_other), &status));
		CHECK(status == 403, "a save with another key is refused (%d)", status);
		CHECK(count("SELECT count(*) FROM responses") == 0, "no refused save was stored");
		json_decref(api(ann, "PUT", path, body, ck(h, sizeof h, path, key_ck), &status));
		CHECK(status == 200, "a save from SEB is stored (%d)", status);
		CHECK(count("SELECT count(*) FROM responses") == 1, "the save from SEB is in the database");
	}
	json_decref(j);	/* the start's answer, which item was part of */
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	json_decref(api(ann, "GET", path, NULL, NULL, &status));
	CHECK(status == 403, "the running attempt does not read outside SEB (%d)", status);
	json_decref(api(ann, "GET", path, NULL, ck(h, sizeof h, path, key_ck), &status));
	CHECK(status == 200, "it reads in SEB (%d)", status);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/events", id);
	json_decref(api(ann, "POST", path, "{\"kind\":\"blur\"}", NULL, &status));
	CHECK(status == 403, "an event without the header is refused (%d)", status);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	json_decref(api(ann, "POST", path, NULL, NULL, &status));
	CHECK(status == 403 && testsrv_db_int(&srv, "SELECT count(*) FROM attempts WHERE "
	    "state = 'running'", NULL) == 1,
	    "a submit outside SEB is refused and the attempt still runs (%d)", status);
	/* A Browser Exam Key header alone does not stand in for the Config
	 * Key this exam lists. */
	snprintf(both, sizeof both, "%s", seb_header(h2, sizeof h2, "RequestHash",
	    BASE "/api/v1/attempts/x", key_ck));
	json_decref(api(ann, "POST", path, NULL, both, &status));
	CHECK(status == 403, "a RequestHash alone is refused for a Config Key exam (%d)", status);
	json_decref(api(ann, "POST", path, NULL, ck(h, sizeof h, path, key_ck), &status));
	CHECK(status == 200, "the submit from SEB grades (%d)", status);
	snprintf(path, sizeof path, "/api/v1/attempts/%s/result", id);
	json_decref(api(ann, "GET", path, NULL, NULL, &status));
	CHECK(status == 200, "the finished attempt's result reads outside SEB (%d)", status);
	{
		struct resp r;
		struct api_opt o = { .keep = &r };

		snprintf(path, sizeof path, "/attempts/%s/result", id);
		o.extra = ck(h, sizeof h, path, key_ck);
		json_decref(testsrv_api_opt(&srv, ann, "GET", path, NULL, &o, &status));
		CHECK(status == 200 && r.body && strstr(r.body, "Quit Safe Exam Browser") &&
		    strstr(r.body, "href=\"" BASE "/exams/seb-exam?seb=quit\""),
		    "in SEB the result page offers to quit SEB at the file's quitURL (%d)", status);
		resp_free(&r);
		o.extra = NULL;
		json_decref(testsrv_api_opt(&srv, ann, "GET", path, NULL, &o, &status));
		CHECK(status == 200 && r.body && !strstr(r.body, "seb=quit"),
		    "in another browser it does not (%d)", status);
		resp_free(&r);
	}
}

static void
pages(void)
{
	char h[200], extra[300];
	struct resp r;
	struct websess w;

	CHECK(web_get(&srv, NULL, "/exams/seb-exam", "en", &r) == 0 && r.status == 403 &&
	    strstr(r.body, "Safe Exam Browser") && strstr(r.body, "Locked Exam") &&
	    strstr(r.body, "href=\"/exams/seb-exam/seb\"") &&
	    strstr(r.body, "sebs://exam.example.tw/exams/seb-exam/seb"),
	    "the start page outside SEB explains it, with the .seb file and a sebs:// link (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_get(&srv, NULL, "/exams/seb-exam", "zh-TW", &r) == 0 && r.status == 403 &&
	    strstr(r.body, "以 Safe Exam Browser 開啟") && strstr(r.body, "鎖定測驗"),
	    "in Chinese for a zh-TW browser (%d)", r.status);
	resp_free(&r);
	CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam", "en",
	    ck(h, sizeof h, "/exams/seb-exam", key_ck), NULL, 0, &r) == 0 && r.status == 200 &&
	    strstr(r.body, "Locked Exam"), "in SEB the start page opens (%d)", r.status);
	resp_free(&r);
	/* The query is part of the URL SEB hashes. */
	CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam?lang=en", "en",
	    ck(h, sizeof h, "/exams/seb-exam?lang=en", key_ck), NULL, 0, &r) == 0 &&
	    r.status == 200, "with a query, the hash of the URL with its query opens it (%d)",
	    r.status);
	resp_free(&r);
	CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam?lang=en", "en",
	    ck(h, sizeof h, "/exams/seb-exam", key_ck), NULL, 0, &r) == 0 &&
	    r.status == 403, "the hash without the query is refused (%d)", r.status);
	resp_free(&r);
	web_page_has(&srv, NULL, "/exams/plain-exam", "en", "Open Exam", NULL);

	/* The page form: its start and a save, refused outside SEB. */
	if (web_signin(&srv, "bob", "bob-pass-123", NULL, &w) != 0) {
		CHECK(0, "bob signs in on the web");
		return;
	}
	snprintf(extra, sizeof extra, "Content-Type: application/x-www-form-urlencoded\r\n");
	{
		char body[300];

		snprintf(body, sizeof body, "csrf=%s&lang=en", w.csrf);
		CHECK(web_req(&srv, &w, "POST", "/exams/seb-exam/start", "en", extra, body, 0,
		    &r) == 0 && r.status == 403 && strstr(r.body, "Safe Exam Browser"),
		    "the start form outside SEB is refused with the page (%d)", r.status);
		resp_free(&r);
		CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM attempts a JOIN users u ON "
		    "u.id = a.user_id WHERE u.login = 'bob'", NULL) == 0,
		    "and no attempt was created for bob");
		snprintf(extra, sizeof extra, "Content-Type: application/x-www-form-urlencoded\r\n%s",
		    ck(h, sizeof h, "/exams/seb-exam/start", key_ck));
		CHECK(web_req(&srv, &w, "POST", "/exams/seb-exam/start", "en", extra, body, 0,
		    &r) == 0 && r.status == 303, "in SEB the start form starts (%d)", r.status);
		{
			char loc[200], path[256];

			if (resp_header(&r, "Location", loc, sizeof loc)) {
				resp_free(&r);
				CHECK(web_get(&srv, &w, loc, "en", &r) == 0 && r.status == 403,
				    "the attempt page outside SEB is refused (%d)", r.status);
				resp_free(&r);
				CHECK(web_req(&srv, &w, "GET", loc, "en", ck(h, sizeof h, loc, key_ck),
				    NULL, 0, &r) == 0 && r.status == 200,
				    "and opens in SEB (%d)", r.status);
				resp_free(&r);
				snprintf(path, sizeof path, "%s/save", loc);
				snprintf(body, sizeof body, "csrf=%s&page=1&go=stay", w.csrf);
				snprintf(extra, sizeof extra,
				    "Content-Type: application/x-www-form-urlencoded\r\n");
				CHECK(web_req(&srv, &w, "POST", path, "en", extra, body, 0, &r) == 0 &&
				    r.status == 403, "the page form's save outside SEB is refused (%d)",
				    r.status);
				resp_free(&r);
				snprintf(path, sizeof path, "%s/finish", loc);
				CHECK(web_get(&srv, &w, path, "en", &r) == 0 && r.status == 403,
				    "the finish page outside SEB is refused (%d)", r.status);
			} else {
				CHECK(0, "the start form redirects to the attempt");
			}
			resp_free(&r);
		}
	}
}

static void
plain(const char *ann)
{
	int status;

	json_decref(api(ann, "POST", "/api/v1/exams/plain-exam/attempts", "{\"lang\":\"en\"}",
	    NULL, &status));
	CHECK(status == 201, "an exam without SEB starts from any browser (%d)", status);
}

/* SEB-JSON of a plist value (SEB's Config Key scheme): dicts with their
 * keys sorted case-insensitively, no whitespace, strings unescaped. */
static void
seb_json(xmlNodePtr v, char *out, size_t n)
{
	const char *name = (const char *)v->name;
	size_t len = strlen(out);

	if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
		snprintf(out + len, n - len, "%s", name);
	} else if (strcmp(name, "integer") == 0 || strcmp(name, "string") == 0) {
		xmlChar *t = xmlNodeGetContent(v);

		snprintf(out + len, n - len, strcmp(name, "string") == 0 ? "\"%s\"" : "%s",
		    (const char *)t);
		xmlFree(t);
	} else if (strcmp(name, "array") == 0) {
		int first = 1;

		snprintf(out + len, n - len, "[");
		for (xmlNodePtr c = v->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				if (!first)
					snprintf(out + strlen(out), n - strlen(out), ",");
				first = 0;
				seb_json(c, out, n);
			}
		snprintf(out + strlen(out), n - strlen(out), "]");
	} else if (strcmp(name, "dict") == 0) {
		xmlNodePtr keys[64];
		size_t nk = 0;

		for (xmlNodePtr c = v->children; c != NULL && nk < 64; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "key") == 0)
				keys[nk++] = c;
		for (size_t i = 1; i < nk; i++)	/* insertion sort, case-insensitive */
			for (size_t j = i; j > 0; j--) {
				xmlChar *a = xmlNodeGetContent(keys[j - 1]), *b = xmlNodeGetContent(keys[j]);
				int swap = strcasecmp((const char *)a, (const char *)b) > 0;

				xmlFree(a);
				xmlFree(b);
				if (!swap)
					break;
				xmlNodePtr t = keys[j];
				keys[j] = keys[j - 1];
				keys[j - 1] = t;
			}
		snprintf(out + strlen(out), n - strlen(out), "{");
		for (size_t i = 0; i < nk; i++) {
			xmlChar *k = xmlNodeGetContent(keys[i]);
			xmlNodePtr val = keys[i]->next;

			while (val != NULL && val->type != XML_ELEMENT_NODE)
				val = val->next;
			snprintf(out + strlen(out), n - strlen(out), "%s\"%s\":", i ? "," : "",
			    (const char *)k);
			xmlFree(k);
			if (val != NULL)
				seb_json(val, out, n);
		}
		snprintf(out + strlen(out), n - strlen(out), "}");
	}
}

/* The Config Key of the plist doc, as SEB computes it, into hex. */
static void
config_key_of(xmlDocPtr doc, char hex[65])
{
	static char json[16384];
	unsigned char h[crypto_hash_sha256_BYTES];
	xmlNodePtr dict = xmlDocGetRootElement(doc)->children;

	json[0] = '\0';
	while (dict != NULL && dict->type != XML_ELEMENT_NODE)
		dict = dict->next;
	if (dict != NULL)
		seb_json(dict, json, sizeof json);
	crypto_hash_sha256(h, (const unsigned char *)json, strlen(json));
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* The file parses as an XML plist whose startURL is the exam's start. */
static void
seb_file(const char *coach, const char *rival)
{
	struct resp r;
	char ct[100], key[65] = "";
	int status;
	xmlDocPtr doc;

	CHECK(web_get(&srv, NULL, "/exams/seb-exam/seb", "en", &r) == 0 && r.status == 200 &&
	    resp_header(&r, "Content-Type", ct, sizeof ct) &&
	    strcmp(ct, "application/seb") == 0, "the .seb file downloads (%d)", r.status);
	doc = r.body ? xmlReadMemory(r.body, (int)r.body_len, "exam.seb", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
	CHECK(doc != NULL && xmlDocGetRootElement(doc) != NULL &&
	    strcmp((const char *)xmlDocGetRootElement(doc)->name, "plist") == 0,
	    "it is an XML plist");
	if (doc != NULL && xmlDocGetRootElement(doc) != NULL)
		config_key_of(doc, key);
	xmlFreeDoc(doc);
	CHECK(r.body && strstr(r.body, "<key>startURL</key>\n\t<string>" BASE
	    "/exams/seb-exam</string>") && strstr(r.body, "<key>sendBrowserExamKey</key>\n\t<true/>") &&
	    strstr(r.body, "<key>allowPrint</key>\n\t<false/>") &&
	    strstr(r.body, "<key>URLFilterEnable</key>\n\t<true/>") &&
	    strstr(r.body, "<key>sebConfigPurpose</key>\n\t<integer>0</integer>") &&
	    strstr(r.body, "<key>quitURL</key>\n\t<string>" BASE "/exams/seb-exam?seb=quit</string>"),
	    "it starts the exam's page, sends the keys, allows no printing nor other sites");
	resp_free(&r);
	{
		struct api_opt o = { .keep = &r };

		json_decref(testsrv_api_opt(&srv, coach, "GET", "/console/exams/seb-exam/seb", NULL,
		    &o, &status));
		CHECK(status == 200 && r.body && strstr(r.body, "<plist"),
		    "the exam's owner downloads it from the console (%d)", status);
		resp_free(&r);
	}
	{
		struct websess w;

		if (web_signin(&srv, "coach", "coach-pass-123", NULL, &w) == 0 &&
		    web_get(&srv, &w, "/console/exams/seb-exam", "en", &r) == 0) {
			CHECK(r.status == 200 && key[0] && strstr(r.body, key) &&
			    strstr(r.body, "Required: learners take this exam only in Safe Exam Browser"),
			    "the console shows the file's Config Key as SEB computes it (%s) and that "
			    "SEB is required (%d)", key, r.status);
			resp_free(&r);
		} else {
			CHECK(0, "the coach opens the exam's console page");
		}
	}
	json_decref(testsrv_api(&srv, rival, "GET", "/console/exams/seb-exam/seb", NULL, &status));
	CHECK(status == 403, "another trainer may not (%d)", status);
}

static void
definitions(const char *coach)
{
	int status;
	json_t *j;
	const char *bad =
	    "{\"id\":\"seb-bad\",\"title\":{\"en\":\"B\",\"zh-TW\":\"乙\"},\"bank\":\"sb\","
	    "\"duration_s\":600,\"pass_percent\":50,\"sections\":[{\"category\":\"sb/all\","
	    "\"count\":1}],\"seb\":{\"config_keys\":[\"abc\"],\"browser_exam_key\":[]}}";

	j = testsrv_api(&srv, coach, "POST", "/api/v1/exams", bad, &status);
	{
		char *s = json_dumps(j, 0);

		CHECK(status == 422 && s && strstr(s, "\\\"seb\\\".config_keys[0]") &&
		    strstr(s, "64 hexadecimal") && strstr(s, "browser_exam_key"),
		    "a short key and a misspelt field are named (%d %s)", status, s ? s : "");
		free(s);
	}
	json_decref(j);
	CHECK(count("SELECT count(*) FROM exams WHERE id = 'seb-bad'") == 0, "and not saved");
	/* The console's edit form keeps the keys it does not show. */
	j = testsrv_api(&srv, coach, "GET", "/api/v1/exams/seb-exam", NULL, &status);
	CHECK(status == 200 && strcmp(json_string_value(json_array_get(json_object_get(
	    json_object_get(j, "seb"), "config_keys"), 0)) ? json_string_value(json_array_get(
	    json_object_get(json_object_get(j, "seb"), "config_keys"), 0)) : "", key_ck) == 0,
	    "the definition holds the key in lower case");
	/* A new key saved through the API counts at once. */
	if (j != NULL) {
		char *def, h[200];
		struct resp r;

		json_object_set_new(json_object_get(j, "seb"), "config_keys",
		    json_pack("[s]", key_other));
		def = json_dumps(j, 0);
		json_decref(testsrv_api(&srv, coach, "POST", "/api/v1/exams", def, &status));
		CHECK(status == 200, "the exam is saved with another key (%d)", status);
		free(def);
		CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam", "en",
		    ck(h, sizeof h, "/exams/seb-exam", key_ck), NULL, 0, &r) == 0 &&
		    r.status == 403 && strstr(r.body, "not using this exam"),
		    "the old key is refused at once, saying SEB has another configuration (%d)",
		    r.status);
		resp_free(&r);
		CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam", "en",
		    ck(h, sizeof h, "/exams/seb-exam", key_other), NULL, 0, &r) == 0 &&
		    r.status == 200, "the new key opens it (%d)", r.status);
		resp_free(&r);
	}
	json_decref(j);
	/* The console's edit form has no field for the keys: saving it keeps
	 * them, so a title fixed on exam day does not unlock the exam. */
	{
		struct websess w;
		struct resp r;

		if (web_signin(&srv, "coach", "coach-pass-123", NULL, &w) != 0) {
			CHECK(0, "the coach signs in on the web");
			return;
		}
		CHECK(web_post(&srv, &w, "/console/exams/seb-exam/edit",
		    "title_en=Locked+Exam+Day&title_zh=%E9%8E%96%E5%AE%9A&desc_en=&desc_zh="
		    "&minutes=10&grace=30&pass=50&attempts=0&wait_hours=0&cert_years=&opens="
		    "&closes=&review=by_section&lang_en=1&shuffle_items=1&bank=sb&nsections=1"
		    "&s0.category=sb%2Fall&s0.count=2&s0.min=&s0.title_en=&s0.title_zh="
		    "&s0.easy=&s0.medium=&s0.hard=", 1, &r) == 0 && r.status == 303,
		    "the console's edit form saves the exam (%d)", r.status);
		resp_free(&r);
		CHECK(web_get(&srv, NULL, "/exams/seb-exam", "en", &r) == 0 && r.status == 403 &&
		    strstr(r.body, "Locked Exam Day"),
		    "after that edit the exam still requires SEB (%d)", r.status);
		resp_free(&r);
	}
}

/* A server without --base-url cannot tell SEB's URL: it says so. */
static void
no_base_url(void)
{
	char tok[64], h[200];
	struct resp r;
	int status;
	json_t *j;

	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts without --base-url");
		return;
	}
	CHECK(web_req(&srv, NULL, "GET", "/exams/seb-exam", "en",
	    ck(h, sizeof h, "/exams/seb-exam", key_ck), NULL, 0, &r) == 0 && r.status == 503 &&
	    strstr(r.body, "--base-url"), "the SEB exam's page says --base-url is needed (%d)",
	    r.status);
	resp_free(&r);
	web_page_has(&srv, NULL, "/exams/plain-exam", "en", "Open Exam", NULL);
	testsrv_signin(&srv, "coach", "coach-pass-123", tok, sizeof tok);
	j = testsrv_api(&srv, tok, "POST", "/api/v1/exams",
	    "{\"id\":\"seb-two\",\"title\":{\"en\":\"T\",\"zh-TW\":\"丁\"},\"bank\":\"sb\","
	    "\"duration_s\":600,\"pass_percent\":50,\"sections\":[{\"category\":\"sb/all\","
	    "\"count\":1}],\"seb\":{\"browser_exam_keys\":[\"" "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef" "\"]}}", &status);
	{
		char *s = json_dumps(j, 0);

		CHECK(status == 422 && s && strstr(s, "--base-url"),
		    "saving an SEB exam without --base-url is refused, saying why (%d)", status);
		free(s);
	}
	json_decref(j);
	testsrv_stop(&srv, SIGTERM, NULL);
}

void
test_seb(void)
{
	char out[4096], ann[64], coach[64], rival[64];

	(void)key_bek;
	if (sodium_init() < 0) {
		CHECK(0, "libsodium initialises");
		return;
	}
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, "coach-pass-123\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "Coach", "--role", "trainer", NULL);
	testsrv_cli(&srv, "rival-pass-123\n", out, sizeof out, "user", "add", "--login", "rival",
	    "--name", "Rival", "--role", "trainer", NULL);
	testsrv_cli(&srv, "ann-pass-123\n", out, sizeof out, "user", "add", "--login", "ann",
	    "--name", "Ann", "--role", "learner", NULL);
	testsrv_cli(&srv, "bob-pass-123\n", out, sizeof out, "user", "add", "--login", "bob",
	    "--name", "Bob", "--role", "learner", NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "sb",
	    testsrv_file(&srv, "sb.gift", bank, 0), NULL) == 0, "the bank imports: %s", out);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "seb.json", exam_seb, 0),
	    testsrv_file(&srv, "plain.json", exam_plain, 0), NULL) == 0,
	    "the exams are added: %s", out);
	hash_vector();
	if (testsrv_start(&srv, "--base-url", BASE, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	testsrv_signin(&srv, "ann", "ann-pass-123", ann, sizeof ann);
	testsrv_signin(&srv, "coach", "coach-pass-123", coach, sizeof coach);
	testsrv_signin(&srv, "rival", "rival-pass-123", rival, sizeof rival);
	start_and_save(ann);
	pages();
	plain(ann);
	seb_file(coach, rival);
	definitions(coach);
	testsrv_stop(&srv, SIGTERM, NULL);
	no_base_url();
}
