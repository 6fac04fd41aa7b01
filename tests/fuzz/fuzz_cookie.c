/*
 * fuzz_cookie.c - libFuzzer target for what the server does with cookie
 * values: the language choice (i18n_choose, from the "lang" cookie or
 * ?lang= and the Accept-Language header) and the CSRF check against the
 * pre-session cookie (csrf_token, csrf_check of session.c).
 *
 * What is whose: the Cookie header is split into names and values by
 * libmicrohttpd (MHD_COOKIE_KIND), not by this program, and is not
 * fuzzed here; http.c copies the pairs into r->cookies and looks them up
 * with req_cookie (http_req.c). The session cookie only reaches session_lookup, which
 * checks its length and then asks SQLite with a bound parameter, so it
 * is left out. This target builds the cookie list MHD would hand over
 * and runs the program's own code on it, as on_request and csrf_ok do.
 *
 * Each input is split at NUL bytes into the lang cookie, the
 * Accept-Language header, the aicert_pre cookie and a CSRF token; a
 * missing piece is an absent cookie or header. The language must be
 * one the server has, an explicit supported choice must win, and a
 * token must pass the CSRF check exactly when it is the binding's own
 * (the key is the fuzz binary's zero key: csrf_init never runs).
 * Crashes it finds are kept in tests/fuzz/regress/cookie/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *piece[4] = { NULL, NULL, NULL, NULL };
	const char *lang, *alone, *want, *binding, *token;
	char *text = arena_strndup(a, (const char *)data, size);
	char csrf[CSRF_LEN + 1];
	struct kv cookies[2], header;
	struct req r;
	size_t at = 0;

	/* The copy keeps the input's NULs: each piece is a C string. */
	for (int i = 0; i < 4 && (i == 0 || at < size); i++) {
		piece[i] = text + at;
		at += strlen(text + at) + 1;
	}
	memset(&r, 0, sizeof r);
	r.arena = a;
	if (piece[0] != NULL) {
		cookies[0] = (struct kv){ "lang", piece[0], NULL };
		r.cookies = &cookies[0];
	}
	if (piece[2] != NULL) {
		cookies[1] = (struct kv){ "aicert_pre", piece[2], r.cookies };
		r.cookies = &cookies[1];
	}
	if (piece[1] != NULL) {
		header = (struct kv){ "Accept-Language", piece[1], NULL };
		r.headers = &header;
	}

	lang = i18n_choose(req_cookie(&r, "lang"),
	    req_header(&r, "Accept-Language"));
	if (lang == NULL || (strcmp(lang, "en") != 0 &&
	    strcmp(lang, "zh-TW") != 0))
		abort();
	want = i18n_match(piece[0]);
	alone = i18n_choose(NULL, piece[1]);
	if (want != NULL ? strcmp(lang, want) != 0 : strcmp(lang, alone) != 0)
		abort();
	if (piece[1] == NULL && want == NULL && strcmp(lang, I18N_DEFAULT) != 0)
		abort();

	/* csrf_binding takes the pre-session cookie (when it has a token's
	 * length; any value is tried here) and csrf_ok checks the form's or
	 * header's token against it. */
	binding = req_cookie(&r, "aicert_pre");
	token = piece[3];
	if (binding != NULL) {
		csrf_token(binding, csrf);
		if (strlen(csrf) != CSRF_LEN || !csrf_check(binding, csrf))
			abort();
		if (csrf_check(binding, token) !=
		    (token != NULL && strcmp(token, csrf) == 0))
			abort();
	}
	if (csrf_check(NULL, token) != 0 || csrf_check(binding, NULL) != 0)
		abort();
	arena_free(a);
	return 0;
}
