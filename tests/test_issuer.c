/*
 * test_issuer.c - the issuing organisation, through a real server: the
 * names `aicert init` gives, PUT /api/v1/issuer and its round trip
 * through GET (the Open Badges 3.0 Profile), each refused field with
 * nothing changed, images refused by their bytes and size, who may
 * change it (admins; not a trainer, a learner or a stranger), the logo
 * and seal routes, the console page (CSRF, per-field errors, uploads),
 * the header and footer of a learner's page in both languages, the
 * audit trail; the Multikey encoding against a did:key vector; and the
 * profile checked by ajv against the OB3 Profile schema and expanded as
 * JSON-LD (tests/browser/issuer-profile.mjs) when node, its packages and
 * ../shared/conformance are there.
 */
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certimg.h"
#include "issuer.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;
static char admin_tok[128], coach_tok[128], learner_tok[128];

static const char bank[] =
    "$CATEGORY: i/all\n\n"
    "// [id:i1]\n::One::First question{=right ~wrong}\n\n"
    "// [id:i2]\n::Two::Second question{=right ~wrong}\n";
static const char exam[] =
    "{\"id\":\"issx\",\"title\":{\"en\":\"AI Basics\",\"zh-TW\":\"人工智慧基礎\"},"
    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"review\":\"score\","
    "\"certificate\":{\"valid_years\":3},\"sections\":[{\"category\":\"i/all\",\"count\":2}]}";

/* ---- images made here: only their headers matter ---- */

static void
put32(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG of w x h with its signature and IHDR, padded to len bytes
 * (at least 33); malloc'd. */
static unsigned char *
png(unsigned w, unsigned h, size_t len)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char *p = calloc(1, len);

	memcpy(p, sig, 8);
	put32(p + 8, 13);
	memcpy(p + 12, "IHDR", 4);
	put32(p + 16, w);
	put32(p + 20, h);
	p[24] = 8;
	p[25] = 6;
	return p;
}

/* A real w x h PNG (every pixel one colour) that the certificate can
 * draw; malloc'd, *len bytes. */
static unsigned char *
real_png(int w, int h, size_t *len)
{
	unsigned char *px = malloc((size_t)w * h * 4), *out;

	for (int i = 0; i < w * h; i++)
		memcpy(px + 4 * i, "\x1f\x3a\x8a\xff", 4);
	out = certimg_png(px, w, h, len);
	free(px);
	return out;
}

/* A JPEG's opening: SOI, an APP0 segment, then SOF0 of w x h. */
static size_t
jpeg(unsigned char *p, unsigned w, unsigned h)
{
	static const unsigned char head[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I',
	    'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
	size_t n = sizeof head;

	memcpy(p, head, n);
	p[n++] = 0xff;
	p[n++] = 0xc0;
	p[n++] = 0x00;
	p[n++] = 0x11;
	p[n++] = 8;
	p[n++] = (unsigned char)(h >> 8);
	p[n++] = (unsigned char)h;
	p[n++] = (unsigned char)(w >> 8);
	p[n++] = (unsigned char)w;
	memset(p + n, 0, 12);
	return n + 12;
}

static char *
b64(const unsigned char *p, size_t n)
{
	size_t m = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(m);

	return sodium_bin2base64(out, m, p, n, sodium_base64_VARIANT_ORIGINAL);
}

/* ---- units ---- */

static void
multikey(void)
{
	/* A did:key document's Ed25519 key (did:key:z6MkmjY8...; its
	 * publicKeyBase58 8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K is
	 * these bytes): the method-specific id is the Multikey. */
	static const char hex[] =
	    "6c2d48b1605684ef94363dc6158eeb6577466e1a36a740f2fc624617edb7712e";
	unsigned char pk[32];
	char out[ISSUER_MULTIKEY_LEN];

	sodium_hex2bin(pk, sizeof pk, hex, 64, NULL, NULL, NULL);
	issuer_multikey(pk, out);
	CHECK_STR(out, "z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th",
	    "an Ed25519 key as a Multikey is the did:key id of the same key");
	memset(pk, 0, sizeof pk);
	issuer_multikey(pk, out);
	CHECK(strncmp(out, "z6Mk", 4) == 0 && strlen(out) == 48,
	    "an all-zero key still encodes to z6Mk and 44 more characters (%s)", out);
}

static void
sniff(void)
{
	unsigned char *p = png(300, 120, 64), j[64];
	const char *type, *why;
	int w, h;
	size_t n;

	why = issuer_image_sniff(p, 64, &type, &w, &h);
	CHECK(why == NULL && type && strcmp(type, "image/png") == 0 && w == 300 && h == 120,
	    "a PNG's type and size come from its IHDR (%s %d x %d)", why ? why : "ok", w, h);
	n = jpeg(j, 640, 480);
	why = issuer_image_sniff(j, n, &type, &w, &h);
	CHECK(why == NULL && type && strcmp(type, "image/jpeg") == 0 && w == 640 && h == 480,
	    "a JPEG's type and size come from its start of frame (%s %d x %d)",
	    why ? why : "ok", w, h);
	CHECK_STR(issuer_image_sniff((const unsigned char *)"GIF89a\1\0\1\0", 10, &type, &w, &h),
	    "issuer_image_type", "a GIF is refused by its magic bytes");
	CHECK_STR(issuer_image_sniff((const unsigned char *)"<svg xmlns=", 11, &type, &w, &h),
	    "issuer_image_type", "an SVG is refused");
	CHECK_STR(issuer_image_sniff(p, 20, &type, &w, &h), "issuer_image_corrupt",
	    "a PNG cut before its IHDR is refused");
	CHECK_STR(issuer_image_sniff(j, 22, &type, &w, &h), "issuer_image_corrupt",
	    "a JPEG without a frame header is refused");
	free(p);
	p = png(2001, 10, 64);
	CHECK_STR(issuer_image_sniff(p, 64, &type, &w, &h), "issuer_image_too_wide",
	    "a PNG 2001 pixels wide is refused");
	free(p);
	p = png(10, 10, ISSUER_IMAGE_MAX + 1);
	CHECK_STR(issuer_image_sniff(p, ISSUER_IMAGE_MAX + 1, &type, &w, &h),
	    "issuer_image_too_big", "a PNG one byte past 512 KB is refused");
	CHECK(issuer_image_sniff(p, ISSUER_IMAGE_MAX, &type, &w, &h) == NULL,
	    "a PNG of exactly 512 KB is taken");
	free(p);
}

/* ---- the API ---- */

static json_t *
put(const char *tok, const char *body, int *status)
{
	return testsrv_api(&srv, tok, "PUT", "/api/v1/issuer", body, status);
}

/* PUT body as the admin must be refused with 400 naming field with
 * code, and leave the profile as it was. */
static void
refused(const char *body, const char *field, const char *code, const char *what)
{
	int status;
	json_t *before = testsrv_api(&srv, admin_tok, "GET", "/api/v1/issuer", NULL, &status);
	json_t *j = put(admin_tok, body, &status), *after, *e;
	int found = 0;
	size_t i;

	json_array_foreach(json_object_get(j, "errors"), i, e)
		found |= strcmp(testsrv_jstr(e, "field"), field) == 0 &&
		    strcmp(testsrv_jstr(e, "code"), code) == 0;
	CHECK(status == 400 && found, "%s: 400 with %s on %s (%d %s)", what, code, field, status,
	    j ? testsrv_jstr(j, "error") : "");
	after = testsrv_api(&srv, admin_tok, "GET", "/api/v1/issuer", NULL, &status);
	CHECK(json_equal(before, after), "%s: nothing changed", what);
	json_decref(before);
	json_decref(after);
	json_decref(j);
}

static void
api(void)
{
	size_t logo_len, damaged_len;
	unsigned char *logo = real_png(64, 32, &logo_len), *big = png(10, 10, ISSUER_IMAGE_MAX + 10);
	unsigned char *wide = png(2400, 100, 100);
	unsigned char *damaged = real_png(8, 8, &damaged_len);
	char *logo64 = b64(logo, logo_len), *big64 = b64(big, ISSUER_IMAGE_MAX + 10);
	char *wide64 = b64(wide, 100), *body = malloc(ISSUER_IMAGE_MAX * 2), *damaged64;
	json_t *j, *vm;
	int status;
	struct resp r;
	char etag[128], h[256];

	j = testsrv_api(&srv, NULL, "GET", "/api/v1/issuer", NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "name"), "Taiwan AI Institute") == 0,
	    "anyone reads the profile, with the name aicert init gave (%d %s)", status,
	    testsrv_jstr(j, "name"));
	CHECK_STR(json_string_value(json_object_get(json_object_get(j, "nameMap"), "zh-TW")),
	    "台灣人工智慧學會", "the zh-TW name is in the profile's language map");
	vm = json_array_get(json_object_get(j, "verificationMethod"), 0);
	CHECK(vm && strncmp(testsrv_jstr(vm, "publicKeyMultibase"), "z6Mk", 4) == 0 &&
	    strcmp(testsrv_jstr(vm, "type"), "Multikey") == 0 &&
	    strstr(testsrv_jstr(vm, "id"), "/api/v1/issuer#key-") != NULL &&
	    strcmp(json_string_value(json_array_get(json_object_get(j, "assertionMethod"), 0)),
	    testsrv_jstr(vm, "id")) == 0,
	    "the signing key is a Multikey verification method, listed in assertionMethod");
	json_decref(j);

	snprintf(body, ISSUER_IMAGE_MAX * 2,
	    "{\"legal_name_en\":\"Taiwan AI Skills Institute\",\"legal_name_zh\":"
	    "\"台灣人工智慧技能學會\",\"short_name\":\"TAISI\",\"website\":"
	    "\"https://taisi.example.tw\",\"email\":\"info@taisi.example.tw\",\"phone\":"
	    "\"+886 2 2345 6789\",\"address\":\"台北市信義區市府路 1 號\\nNo. 1, Shifu Rd., Taipei\","
	    "\"privacy\":\"We keep results for five years.\",\"officer_name_en\":\"Lin Mei-Ling\","
	    "\"officer_name_zh\":\"林美玲\",\"officer_title_en\":\"Director\",\"officer_title_zh\":"
	    "\"主任\",\"logo\":{\"media_type\":\"image/png\",\"data\":\"%s\"}}", logo64);
	j = put(admin_tok, body, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "officer_name_zh"), "林美玲") == 0 &&
	    json_integer_value(json_object_get(json_object_get(j, "logo"), "width")) == 64 &&
	    json_is_null(json_object_get(j, "seal")),
	    "the admin sets the profile: 200 with the fields, the logo 64 px wide, no seal "
	    "(%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, NULL, "GET", "/api/v1/issuer", NULL, &status);
	CHECK(strcmp(testsrv_jstr(j, "name"), "Taiwan AI Skills Institute") == 0 &&
	    strcmp(testsrv_jstr(j, "email"), "info@taisi.example.tw") == 0 &&
	    strcmp(testsrv_jstr(j, "phone"), "+886 2 2345 6789") == 0 &&
	    strcmp(testsrv_jstr(j, "url"), "https://taisi.example.tw") == 0 &&
	    strcmp(testsrv_jstr(j, "official"), "Lin Mei-Ling") == 0 &&
	    strstr(testsrv_jstr(json_object_get(j, "image"), "id"), "/issuer/logo") != NULL &&
	    strstr(testsrv_jstr(json_object_get(j, "address"), "streetAddress"), "市府路") != NULL,
	    "GET gives back what was put: name, e-mail, phone, website, officer, logo, address");
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM audit WHERE action = 'issuer.update' "
	    "AND detail LIKE '%logo%'", NULL) == 1, "the change is in the audit trail");

	/* omitted keeps, one field at a time */
	j = put(admin_tok, "{\"short_name\":\"TAISI 2\"}", &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "email"), "info@taisi.example.tw") == 0 &&
	    json_is_object(json_object_get(j, "logo")),
	    "a PUT of one field keeps the others and the logo (%d)", status);
	json_decref(j);

	/* the logo's route */
	CHECK(http_req(srv.port, "GET", "/issuer/logo", NULL, NULL, 0, &r) == 0 &&
	    r.status == 200 && r.body_len == logo_len && memcmp(r.body, logo, logo_len) == 0 &&
	    resp_header(&r, "Content-Type", h, sizeof h) && strcmp(h, "image/png") == 0 &&
	    resp_header(&r, "X-Content-Type-Options", h, sizeof h) && strcmp(h, "nosniff") == 0 &&
	    resp_header(&r, "ETag", etag, sizeof etag),
	    "GET /issuer/logo gives its bytes as image/png, nosniff, with an ETag (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "If-None-Match: %s\r\n", etag);
	CHECK(http_req(srv.port, "GET", "/issuer/logo", h, NULL, 0, &r) == 0 && r.status == 304,
	    "the same ETag again: 304 (%d)", r.status);
	resp_free(&r);
	CHECK(http_req(srv.port, "GET", "/issuer/seal", NULL, NULL, 0, &r) == 0 && r.status == 404,
	    "no seal yet: 404 (%d)", r.status);
	resp_free(&r);

	/* each refusal */
	refused("{\"legal_name_en\":\"\"}", "legal_name_en", "issuer_name_required",
	    "an empty English legal name");
	refused("{\"legal_name_zh\":null}", "legal_name_zh", "issuer_name_required",
	    "the Chinese legal name removed");
	refused("{\"website\":\"ftp://taisi.example.tw\"}", "website", "issuer_url_invalid",
	    "a website that is not http(s)");
	refused("{\"website\":\"javascript:alert(1)\"}", "website", "issuer_url_invalid",
	    "a javascript: website");
	refused("{\"privacy\":\"https://\"}", "privacy", "issuer_url_invalid",
	    "a privacy notice that starts as a URL but is none");
	refused("{\"email\":\"info at taisi\"}", "email", "issuer_email_invalid",
	    "an e-mail address without @");
	refused("{\"phone\":\"call us\"}", "phone", "issuer_phone_invalid", "a phone in words");
	refused("{\"short_name\":\"A name of more than forty characters, far too long\"}",
	    "short_name", "issuer_text_too_long", "a short name past 40 characters");
	refused("{\"officer_name_en\":\"Lin\\nMei\"}", "officer_name_en", "issuer_text_invalid",
	    "a line break in the officer's name");
	refused("{\"officer_title_zh\":7}", "officer_title_zh", "issuer_text_invalid",
	    "a number for a text");
	refused("{\"seal\":{\"media_type\":\"image/png\",\"data\":\"R0lGODlhAQABAAAAACw=\"}}",
	    "seal", "issuer_image_type", "a GIF sent as a PNG");
	refused("{\"seal\":{\"media_type\":\"image/gif\",\"data\":\"R0lGODlhAQABAAAAACw=\"}}",
	    "seal", "issuer_image_type", "a GIF");
	refused("{\"seal\":{\"media_type\":\"image/jpeg\",\"data\":\"iVBORw0KGgo=\"}}",
	    "seal", "issuer_image_type", "a PNG's bytes sent as a JPEG");
	refused("{\"seal\":{\"media_type\":\"image/png\",\"data\":\"not base64!\"}}",
	    "seal", "issuer_image_base64", "an image that is not base64");
	refused("{\"seal\":{\"media_type\":\"image/png\"}}", "seal", "issuer_image_fields",
	    "an image without its data");
	refused("{\"seal\":\"logo.png\"}", "seal", "issuer_image_fields",
	    "an image given as a file name");
	snprintf(body, ISSUER_IMAGE_MAX * 2,
	    "{\"seal\":{\"media_type\":\"image/png\",\"data\":\"%s\"}}", wide64);
	refused(body, "seal", "issuer_image_too_wide", "a seal 2400 pixels wide");
	snprintf(body, ISSUER_IMAGE_MAX * 2,
	    "{\"seal\":{\"media_type\":\"image/png\",\"data\":\"%s\"}}", big64);
	refused(body, "seal", "issuer_image_too_big", "a seal past 512 KB");
	/* Its header right, its pixels damaged: libharu would abort the
	 * whole server on it when drawing a certificate, so it is decoded
	 * (and refused) at the upload. */
	damaged[damaged_len - 20] ^= 0x55;
	damaged64 = b64(damaged, damaged_len);
	snprintf(body, ISSUER_IMAGE_MAX * 2,
	    "{\"seal\":{\"media_type\":\"image/png\",\"data\":\"%s\"}}", damaged64);
	refused(body, "seal", "issuer_image_unreadable", "a PNG whose data is damaged");
	j = testsrv_api(&srv, NULL, "GET", "/api/v1/issuer", NULL, &status);
	CHECK(status == 200, "the server still answers after the damaged PNG (%d)", status);
	json_decref(j);
	free(damaged);
	free(damaged64);
	refused("{\"email\":\"x\",\"website\":\"y\",\"legal_name_en\":\"\"}", "website",
	    "issuer_url_invalid", "three bad fields: each is named");

	j = put(admin_tok, "{\"short_name\":\"x\",\"colour\":\"red\"}", &status);
	CHECK(status == 400 && strcmp(testsrv_jstr(j, "field"), "colour") == 0,
	    "an unknown field: 400 naming it (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, coach_tok, "PUT", "/api/v1/issuer", "{\"short_name\":\"T\"}",
	    &status);
	CHECK(status == 403, "a trainer cannot change the issuer (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, learner_tok, "PUT", "/api/v1/issuer", "{\"short_name\":\"L\"}",
	    &status);
	CHECK(status == 403, "a learner cannot change the issuer (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, NULL, "PUT", "/api/v1/issuer", "{\"short_name\":\"A\"}", &status);
	CHECK(status == 401, "a stranger cannot change the issuer (%d)", status);
	json_decref(j);
	j = testsrv_api(&srv, NULL, "GET", "/api/v1/issuer", NULL, &status);
	CHECK_STR(testsrv_jstr(j, "name"), "Taiwan AI Skills Institute",
	    "after the refusals the name is the admin's");
	json_decref(j);

	/* null removes an image */
	snprintf(body, ISSUER_IMAGE_MAX * 2, "{\"seal\":{\"media_type\":\"image/png\",\"data\":"
	    "\"%s\"}}", logo64);
	json_decref(put(admin_tok, body, &status));
	CHECK(status == 200, "a seal is set (%d)", status);
	json_decref(put(admin_tok, "{\"seal\":null}", &status));
	CHECK(status == 200 && http_req(srv.port, "GET", "/issuer/seal", NULL, NULL, 0, &r) == 0 &&
	    r.status == 404, "null removes the seal: its route says 404 again");
	resp_free(&r);

	free(logo);
	free(big);
	free(wide);
	free(logo64);
	free(big64);
	free(wide64);
	free(body);
}

/* ---- pages ---- */

static void
pages(void)
{
	struct websess learner, admin, coach;
	struct resp r;

	if (web_signin(&srv, "lena", "lena-pass11", NULL, &learner) != 0 ||
	    web_signin(&srv, "admin", "admin-pass-123", NULL, &admin) != 0 ||
	    web_signin(&srv, "coach", "coach-pass1", NULL, &coach) != 0) {
		CHECK(0, "the learner, the admin and the trainer sign in by the form");
		return;
	}
	web_page_has(&srv, &learner, "/me", "en",
	    "<strong>Taiwan AI Skills Institute</strong> <span lang=\"zh-TW\">台灣人工智慧技能學會</span>",
	    "<a href=\"mailto:info@taisi.example.tw\">info@taisi.example.tw</a>");
	web_page_has(&srv, &learner, "/me", "en", "<a href=\"tel:+886223456789\">+886 2 2345 6789</a>",
	    "<a href=\"/issuer/privacy\">Privacy notice</a>");
	web_page_has(&srv, &learner, "/me", "zh-TW",
	    "<strong>台灣人工智慧技能學會</strong> <span lang=\"en\">Taiwan AI Skills Institute</span>",
	    "<a href=\"/issuer/privacy\">隱私權聲明</a>");
	web_page_has(&srv, &learner, "/me", "zh-TW", "台北市信義區市府路 1 號\nNo. 1, Shifu Rd., Taipei",
	    "<span>TAISI 2</span>");
	web_page_has(&srv, NULL, "/", "en", "<img class=\"brand-logo\" src=\"/issuer/logo?v=", NULL);
	web_page_has(&srv, NULL, "/issuer/privacy", "en", "We keep results for five years.", NULL);

	/* the console page */
	web_page_has(&srv, &admin, "/console", "en", "<a class=\"button secondary\" "
	    "href=\"/console/issuer\">Issuer</a>", NULL);
	web_page_has(&srv, &admin, "/console/issuer", "zh-TW", "<h1>發證單位</h1>",
	    "value=\"台灣人工智慧技能學會\"");
	CHECK(web_get(&srv, &coach, "/console/issuer", "en", &r) == 0 && r.status == 403,
	    "a trainer cannot open the issuer page (%d)", r.status);
	resp_free(&r);
	CHECK(web_get(&srv, &coach, "/console", "en", &r) == 0 && r.body &&
	    strstr(r.body, "/console/issuer") == NULL, "a trainer's console has no link to it");
	resp_free(&r);
	CHECK(web_post(&srv, &admin, "/console/issuer", "short_name=NoCsrf", 0, &r) == 0 &&
	    r.status == 403, "a save without the CSRF token: 403 (%d)", r.status);
	resp_free(&r);

	/* multipart: a bad e-mail and a GIF for a logo, then a good seal */
	{
		static const char B[] = "----aicertissuer";
		size_t seal_len;
		unsigned char *seal = real_png(16, 16, &seal_len);
		char *body = malloc(8192);
		size_t n = 0;
		char ct[128];

		snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s\r\n", B);
#define FIELD(name, value) n += (size_t)snprintf(body + n, 8192 - n, "--%s\r\nContent-"	\
	"Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", B, name, value)
		FIELD("csrf", admin.csrf);
		FIELD("legal_name_en", "Taiwan AI Skills Institute");
		FIELD("legal_name_zh", "台灣人工智慧技能學會");
		FIELD("short_name", "Changed");
		FIELD("email", "not-an-email");
		n += (size_t)snprintf(body + n, 8192 - n, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"logo\"; filename=\"l.gif\"\r\nContent-Type: image/gif\r\n\r\nGIF89a"
		    "\1\2\1\2\r\n--%s--\r\n", B, B);
		CHECK(web_req(&srv, &admin, "POST", "/console/issuer", "en", ct, body, n, &r) == 0 &&
		    r.status == 400 && r.body &&
		    strstr(r.body, "id=\"i-email-err\">Give an e-mail address") &&
		    strstr(r.body, "id=\"i-logo-err\">The image must be a PNG or JPEG file.") &&
		    strstr(r.body, "aria-invalid=\"true\"") &&
		    strstr(r.body, "value=\"not-an-email\""),
		    "the console refuses a bad e-mail and a GIF logo, each error beside its "
		    "field, what was typed kept (%d)", r.status);
		resp_free(&r);
		web_page_has(&srv, &admin, "/console/issuer", "en", "value=\"TAISI 2\"",
		    "value=\"info@taisi.example.tw\"");

		n = 0;
		FIELD("csrf", admin.csrf);
		FIELD("short_name", "TAISI");
		n += (size_t)snprintf(body + n, 8192 - n, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"seal\"; filename=\"seal.png\"\r\nContent-Type: image/png\r\n\r\n", B);
		memcpy(body + n, seal, seal_len);
		n += seal_len;
		n += (size_t)snprintf(body + n, 8192 - n, "\r\n--%s--\r\n", B);
#undef FIELD
		CHECK(web_req(&srv, &admin, "POST", "/console/issuer", "en", ct, body, n, &r) == 0 &&
		    r.status == 303, "the console saves a seal upload (%d)", r.status);
		resp_free(&r);
		web_page_has(&srv, &admin, "/console/issuer?saved=1", "en", "Saved.",
		    "src=\"/issuer/seal?v=");
		CHECK(http_req(srv.port, "GET", "/issuer/seal", NULL, NULL, 0, &r) == 0 &&
		    r.status == 200 && r.body_len == seal_len, "the uploaded seal is served (%d)",
		    r.status);
		resp_free(&r);
		free(seal);
		free(body);
	}
}

/* ---- a certificate: its verification page and its PDF ---- */

static void
certificate(void)
{
	int status;
	json_t *att = testsrv_api(&srv, learner_tok, "POST", "/api/v1/exams/issx/attempts",
	    "{\"lang\":\"en\"}", &status), *res, *cert;
	char path[2048], cmd[512], out[2048];
	const char *url, *v, *pdf_path;
	struct resp r;
	FILE *p;
	size_t n;

	testsrv_answer_all(&srv, learner_tok, att, "right");
	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", testsrv_jstr(att, "id"));
	res = testsrv_api(&srv, learner_tok, "POST", path, NULL, &status);
	cert = json_object_get(res, "certificate");
	url = testsrv_jstr(cert, "verify_url");
	v = strstr(url, "/V/");
	CHECK(v != NULL, "the learner passes and holds a certificate (%d)", status);
	if (v == NULL)
		goto done;
	snprintf(path, sizeof path, "%s", v);
	web_page_has(&srv, NULL, path, "en", "<dd class=\"issuer\">Taiwan AI Skills Institute<br>"
	    "<span class=\"alt\" lang=\"zh-TW\">台灣人工智慧技能學會</span>",
	    "Questions about this certificate:</span> <a href=\"mailto:info@taisi.example.tw\">");
	web_page_has(&srv, NULL, path, "zh-TW", "<dd class=\"issuer\">台灣人工智慧技能學會<br>"
	    "<span class=\"alt\" lang=\"en\">Taiwan AI Skills Institute</span>",
	    "對本證書有疑問，請洽：</span> <a href=\"mailto:info@taisi.example.tw\">");

	/* the PDF's Author: the legal names as the profile holds them */
	snprintf(path, sizeof path, "%s", testsrv_jstr(cert, "pdf_url"));
	snprintf(cmd, sizeof cmd, "Authorization: Bearer %s\r\n", learner_tok);
	if (http_req(srv.port, "GET", path, cmd, NULL, 0, &r) != 0 || r.status != 200) {
		CHECK(0, "the holder downloads the PDF (%d)", r.status);
		resp_free(&r);
		goto done;
	}
	if (system("command -v pdfinfo >/dev/null 2>&1") != 0) {
		SKIP("issuer: pdfinfo (poppler-utils) missing: the PDF's Author");
		resp_free(&r);
		goto done;
	}
	pdf_path = testsrv_file(&srv, "cert.pdf", r.body, r.body_len);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", pdf_path);
	resp_free(&r);
	if ((p = popen(cmd, "r")) == NULL)
		goto done;
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	pclose(p);
	CHECK(strstr(out, "Author:") && strstr(out, "台灣人工智慧技能學會 Taiwan AI Skills Institute"),
	    "the PDF's Author is the issuer's legal names from its profile: %.300s", out);

	/* What the profile puts on the page: the signing officer's line in
	 * both languages, the contact at the foot, the logo and the seal */
	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", pdf_path);
	if ((p = popen(cmd, "r")) == NULL)
		goto done;
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	pclose(p);
	CHECK(strstr(out, "林美玲") && strstr(out, "Lin Mei-Ling") && strstr(out, "主任") &&
	    strstr(out, "Director") && strstr(out, "info@taisi.example.tw") &&
	    strstr(out, "taisi.example.tw"),
	    "the certificate prints the officer's name and title in both languages and the "
	    "issuer's contact: %.600s", out);
	snprintf(cmd, sizeof cmd, "pdfimages -list '%s' 2>&1 | grep -c '^ *1 *[0-9]* image '",
	    pdf_path);
	if ((p = popen(cmd, "r")) == NULL)
		goto done;
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	pclose(p);
	CHECK(atoi(out) == 2, "the certificate draws two images, the logo and the seal (%s)", out);
done:
	json_decref(att);
	json_decref(res);
}

/* ---- a database from before the profile ---- */

/* A database of schema 11 named its issuer in two settings: migration 12
 * makes them the profile's legal names, which the server then shows. The
 * later migrations' changes are undone too, so that all of them run. */
static void
migrated(void)
{
	struct testsrv old;
	sqlite3 *db = NULL;
	char out[4096];
	json_t *j;
	int status, rc;

	testsrv_init(&old);
	testsrv_cli(&old, NULL, out, sizeof out, "init", NULL);
	rc = sqlite3_open(old.db, &db) == SQLITE_OK ? sqlite3_exec(db,
	    "DROP TABLE issuer; DROP TABLE issuer_images; "
	    "ALTER TABLE verifications DROP COLUMN via; "
	    "DROP INDEX certificates_status_index; "
	    "ALTER TABLE certificates DROP COLUMN status_index; "
	    "DROP TABLE name_requests; "
	    "DROP TABLE consents; DROP TABLE notice_versions; "
	    "DROP TABLE mail_outbox; DROP TABLE password_resets; DROP TABLE cert_notices; "
	    "DROP INDEX certificates_revoked; DROP INDEX certificates_expiry; "
	    "DROP INDEX users_email; "
	    "ALTER TABLE users DROP COLUMN email; ALTER TABLE users DROP COLUMN notify_issued; "
	    "ALTER TABLE users DROP COLUMN notify_revoked; "
	    "ALTER TABLE users DROP COLUMN notify_expiry; "
	    "DROP VIEW competency_current; DROP TABLE item_competencies; DROP TABLE competencies; DROP TABLE frameworks; "
	    "DROP INDEX certificates_programme; ALTER TABLE certificates DROP COLUMN programme_id; "
	    "DROP TABLE programme_parts; DROP TABLE programmes; "
	    "INSERT OR REPLACE INTO settings(key, value) VALUES ('issuer_en', 'Old Name Ltd'), "
	    "('issuer_zh', '舊名稱公司'); PRAGMA user_version = 11;", NULL, NULL, NULL) : -1;
	sqlite3_close(db);
	CHECK(rc == SQLITE_OK, "a database is taken back to schema 11 with its issuer settings");
	if (rc != SQLITE_OK || testsrv_start(&old, NULL) != 0) {
		CHECK(0, "the old database's server starts");
		return;
	}
	j = testsrv_api(&old, NULL, "GET", "/api/v1/issuer", NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(j, "name"), "Old Name Ltd") == 0 &&
	    strcmp(json_string_value(json_object_get(json_object_get(j, "nameMap"), "zh-TW")),
	    "舊名稱公司") == 0, "after the upgrade the profile has the names the settings held "
	    "(%d %s)", status, testsrv_jstr(j, "name"));
	json_decref(j);
	CHECK(testsrv_db_int(&old, "SELECT count(*) FROM settings WHERE key LIKE 'issuer_%'",
	    NULL) == 0, "the settings it replaces are gone (one place holds the names)");
	testsrv_stop(&old, SIGTERM, NULL);
}

/* ---- an independent reading of the profile ---- */

static void
profile_checked(void)
{
	const char *conf;
	char path[256], cmd[1024], out[2048];
	json_t *j;
	int status;
	FILE *p;
	size_t n;

	if (system("command -v node >/dev/null 2>&1") != 0 ||
	    access("tests/browser/node_modules/ajv/package.json", R_OK) != 0 ||
	    access("tests/browser/node_modules/jsonld/package.json", R_OK) != 0) {
		SKIP("issuer: node or tests/browser's packages (npm ci) missing: the OB3 "
		    "Profile schema check");
		return;
	}
	if ((conf = test_conformance_dir("issuer: the OB3 Profile schema")) == NULL)
		return;
	j = testsrv_api(&srv, NULL, "GET", "/api/v1/issuer", NULL, &status);
	snprintf(path, sizeof path, "%s/profile.json", srv.dir);
	CHECK(j && json_dump_file(j, path, 0) == 0, "the profile is written for node");
	json_decref(j);
	snprintf(cmd, sizeof cmd, "cd tests/browser && node issuer-profile.mjs '%s' '%s%s' 2>&1",
	    path, conf[0] == '/' ? "" : "../../", conf);
	if ((p = popen(cmd, "r")) == NULL) {
		CHECK(0, "node runs");
		return;
	}
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	CHECK(pclose(p) == 0 && strncmp(out, "ok", 2) == 0,
	    "GET /api/v1/issuer validates against the OB3 Profile schema (ajv), expands as "
	    "JSON-LD with every term defined, its keys Ed25519 Multikeys: %s", out);
}

void
test_issuer(void)
{
	char out[4096];

	multikey();
	sniff();
	migrated();
	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	testsrv_cli(&srv, NULL, out, sizeof out, "init", "--issuer-en", "Taiwan AI Institute",
	    "--issuer-zh", "台灣人工智慧學會", NULL);
	testsrv_cli(&srv, "coach-pass1\n", out, sizeof out, "user", "add", "--login", "coach",
	    "--name", "陳老師", "--role", "trainer", NULL);
	testsrv_cli(&srv, "lena-pass11\n", out, sizeof out, "user", "add", "--login", "lena",
	    "--name", "林小娜", "--role", "learner", NULL);
	testsrv_cli(&srv, NULL, out, sizeof out, "import", "--bank", "i",
	    testsrv_file(&srv, "i.gift", bank, strlen(bank)), NULL);
	CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", "--owner", "coach",
	    testsrv_file(&srv, "issx.json", exam, strlen(exam)), NULL) == 0, "exam added: %s", out);
	if (testsrv_start(&srv, NULL) != 0) {
		CHECK(0, "server starts");
		return;
	}
	CHECK(testsrv_signin(&srv, "admin", "admin-pass-123", admin_tok, sizeof admin_tok) == 200 &&
	    testsrv_signin(&srv, "coach", "coach-pass1", coach_tok, sizeof coach_tok) == 200 &&
	    testsrv_signin(&srv, "lena", "lena-pass11", learner_tok, sizeof learner_tok) == 200,
	    "the admin, a trainer and a learner sign in");
	api();
	pages();
	certificate();
	profile_checked();
	testsrv_stop(&srv, SIGTERM, NULL);
}
