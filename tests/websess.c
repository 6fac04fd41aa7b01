/*
 * websess.c - a browser's session against a test server; see websess.h.
 */
#include "websess.h"

#include <stdio.h>
#include <string.h>

#include "test.h"

const char *
web_csrf_of(const char *body, char *out, size_t n)
{
	const char *p = body ? strstr(body, "name=\"csrf\" value=\"") : NULL;
	size_t len;

	out[0] = '\0';
	if (p == NULL)
		return NULL;
	p += strlen("name=\"csrf\" value=\"");
	len = strcspn(p, "\"");
	if (len >= n)
		return NULL;
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

int
web_req(const struct testsrv *t, const struct websess *s, const char *method,
    const char *path, const char *lang, const char *extra, const char *body,
    size_t len, struct resp *r)
{
	char h[800];

	snprintf(h, sizeof h, "Accept-Language: %s\r\n%s%s%s%s", lang, s ? "Cookie: " : "",
	    s ? s->cookie : "", s ? "\r\n" : "", extra ? extra : "");
	memset(r, 0, sizeof *r);
	return http_req(t->port, method, path, h, body, body ? (len ? len : strlen(body)) : 0, r);
}

int
web_get(const struct testsrv *t, const struct websess *s, const char *path,
    const char *lang, struct resp *r)
{
	return web_req(t, s, "GET", path, lang, NULL, NULL, 0, r);
}

int
web_post(const struct testsrv *t, const struct websess *s, const char *path,
    const char *fields, int with_csrf, struct resp *r)
{
	char body[8192];

	snprintf(body, sizeof body, "%s%s%s%s", with_csrf ? "csrf=" : "",
	    with_csrf ? s->csrf : "", with_csrf && *fields ? "&" : "", fields);
	return web_req(t, s, "POST", path, "en",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body, 0, r);
}

int
web_signin(const struct testsrv *t, const char *login, const char *password,
    const char *next, struct websess *s)
{
	struct resp r;
	char pre[128], csrf[128], h[300], body[512], tok[128];
	int ok;

	memset(s, 0, sizeof *s);
	if (web_get(t, NULL, "/signin", "en", &r) != 0 ||
	    !resp_cookie(&r, "aicert_pre", pre, sizeof pre) ||
	    !web_csrf_of(r.body, csrf, sizeof csrf)) {
		resp_free(&r);
		return -1;
	}
	resp_free(&r);
	snprintf(h, sizeof h, "Content-Type: application/x-www-form-urlencoded\r\n"
	    "Cookie: aicert_pre=%s\r\n", pre);
	snprintf(body, sizeof body, "csrf=%s&login=%s&password=%s%s%s", csrf, login, password,
	    next ? "&next=" : "", next ? next : "");
	ok = http_req(t->port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", tok, sizeof tok);
	resp_free(&r);
	if (!ok)
		return -1;
	snprintf(s->cookie, sizeof s->cookie, "aicert_session=%s", tok);
	/* The token a page's forms carry is bound to the session. */
	ok = web_get(t, s, "/me", "en", &r) == 0 && web_csrf_of(r.body, s->csrf, sizeof s->csrf);
	resp_free(&r);
	return ok ? 0 : -1;
}

void
web_page_has(const struct testsrv *t, const struct websess *s, const char *path,
    const char *lang, const char *want1, const char *want2)
{
	struct resp r;

	CHECK(web_get(t, s, path, lang, &r) == 0 && r.status == 200 && r.body &&
	    strstr(r.body, want1) && (want2 == NULL || strstr(r.body, want2)),
	    "GET %s in %s: 200 with \"%s\"%s%s (got %d)", path, lang, want1,
	    want2 ? " and " : "", want2 ? want2 : "", r.status);
	resp_free(&r);
}
