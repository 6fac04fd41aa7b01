/*
 * websess.h - a browser's session against a test server: the session
 * cookie, the CSRF token its pages carry, form posts, page checks. Shared
 * by the tests that drive pages as a signed-in person would.
 */
#ifndef AICERT_WEBSESS_H
#define AICERT_WEBSESS_H

#include <stddef.h>

#include "testsrv.h"

struct websess {
	char cookie[200];	/* "aicert_session=..." */
	char csrf[128];		/* the token its forms carry */
};

/* The value of the first hidden csrf field of a page (body may be NULL)
 * into out; NULL, with out "", if there is none or it does not fit. */
const char *web_csrf_of(const char *body, char *out, size_t n);

/* A request as the browser of s (NULL: anonymous) in lang; extra headers
 * ("Name: value\r\n" lines) may be NULL; len 0 means strlen(body). */
int web_req(const struct testsrv *t, const struct websess *s, const char *method,
    const char *path, const char *lang, const char *extra, const char *body,
    size_t len, struct resp *r);
int web_get(const struct testsrv *t, const struct websess *s, const char *path,
    const char *lang, struct resp *r);
/* A form post of urlencoded fields; with_csrf adds the session's token. */
int web_post(const struct testsrv *t, const struct websess *s, const char *path,
    const char *fields, int with_csrf, struct resp *r);
/* Signs in through the /signin form (then reads /me for the session's CSRF
 * token); next may be NULL. 0 or -1. */
int web_signin(const struct testsrv *t, const char *login, const char *password,
    const char *next, struct websess *s);
/* CHECKs that GET path in lang is 200 with want1 and want2 (may be NULL). */
void web_page_has(const struct testsrv *t, const struct websess *s, const char *path,
    const char *lang, const char *want1, const char *want2);

#endif
