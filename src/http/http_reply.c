/*
 * http_reply.c - answering a request: headers and cookies, JSON, an
 * error (JSON under /api/, else the error page, in the asker's
 * language), a redirect, a page rendered in the layout; see http.h.
 *
 * A reply fills r->out, r->content_type and r->out_headers, and returns
 * the status; http.c turns that into libmicrohttpd's response. Depends
 * on the templates (tmpl.h), the catalogs (i18n.h), and the store only
 * to tell a refused write (disk full) from a bug.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "http_int.h"
#include "i18n.h"
#include "issuer.h"
#include "store.h"
#include "tmpl.h"
#include "utf8.h"


void
reply_header(struct req *r, const char *name, const char *value)
{
	http_kv_add(r->arena, &r->out_headers, name, value);
}

void
reply_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *c;

	if (max_age < 0)
		c = arena_printf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; "
		    "SameSite=Lax%s", name, r->app->secure_cookies ? "; Secure" : "");
	else if (max_age == 0)
		c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
		    name, value, r->app->secure_cookies ? "; Secure" : "");
	else
		c = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
		    "SameSite=Lax%s", name, value, max_age,
		    r->app->secure_cookies ? "; Secure" : "");
	reply_header(r, "Set-Cookie", c);
}

int
reply_json(struct req *r, int status, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;

	if (v == NULL)
		status = 500;

	json_decref(v);
	buf_reset(&r->out);
	if (s != NULL) {
		buf_str(&r->out, s);
		free(s);
	}
	buf_str(&r->out, "\n");
	r->content_type = "application/json; charset=utf-8";
	return r->status = status;
}

int
reply_error(struct req *r, int status, const char *message)
{
	json_t *ctx;
	int code = store_last_write_error();

	/* A write the database refused (disk full, read-only) is a condition
	 * to wait out, not a server bug: 503 with a message saying so. */
	if (status == 500 && store_error_unavailable(code)) {
		status = 503;
		message = store_error_full(code) ? "disk_full" : "db_unwritable";
		reply_header(r, "Retry-After", "60");
	}
	if (r->api)
		return reply_json(r, status, json_pack("{ss}", "error",
		    i18n_get(r->lang, message)));
	ctx = json_pack("{sisssb}", "status", status, "message",
	    i18n_get(r->lang, message), "signin", status == 401);
	return reply_page(r, status, "error", ctx);
}

int
reply_status_of(const char *err)
{
	size_t n = err ? strlen(err) : 0;

	if (err == NULL || strcmp(err, "internal_error") == 0)
		return 500;
	if (strcmp(err, "account_last_admin") == 0 || strcmp(err, "account_self") == 0)
		return 409;
	if (n > 10 && strcmp(err + n - 10, "_not_found") == 0)
		return 404;
	if (n > 10 && strcmp(err + n - 10, "_not_yours") == 0)
		return 403;
	return 400;
}

/* A field's name fit to show: at most 64 bytes, cut between characters;
 * bytes that are not printable UTF-8 become '?'. From r's arena. */
static char *
field_shown(struct req *r, const char *field)
{
	size_t n = strlen(field), o = 0;
	char *out;
	int valid;

	n = utf8_prefix(field, n, 64);
	valid = utf8_valid(field, n);
	out = arena_alloc(r->arena, n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)field[i];

		out[o++] = c < 0x20 || c == 0x7f || (c >= 0x80 && !valid) ? '?' : (char)c;
	}
	out[o] = '\0';
	return out;
}

int
reply_error_field(struct req *r, int status, const char *message, const char *field)
{
	const char *text = i18n_get(r->lang, message);
	char *name = field_shown(r, field ? field : ""), *full;

	/* A text without the place for the name takes it at its end. */
	full = strstr(text, "{field}") == NULL ? arena_printf(r->arena, "%s %s", text, name) :
	    i18n_msg(r->arena, r->lang, message, "field", name, NULL);
	if (r->api)
		return reply_json(r, status, json_pack("{s:s, s:s}", "error", full,
		    "field", name));
	return reply_page(r, status, "error", json_pack("{s:i, s:s, s:b}", "status", status,
	    "message", full, "signin", 0));
}

int
reply_redirect(struct req *r, const char *location)
{
	reply_header(r, "Location", req_safe_next(location));
	buf_reset(&r->out);
	r->content_type = "text/plain; charset=utf-8";
	return r->status = 303;
}

/* The issuer as every page's header and footer show it: names (the
 * page's language first), the logo's hash, address, and the contact
 * links (e-mail, phone, website, privacy notice). A new reference. */
static json_t *
page_issuer(struct req *r)
{
	struct issuer is;
	int zh = strcmp(r->lang, "zh-TW") == 0;
	json_t *o;

	issuer_load_text(r->store, r->arena, &is);
	o = json_pack("{s:s, s:s, s:s, s:s?}", "name", zh ? is.legal_zh : is.legal_en,
	    "other", zh ? is.legal_en : is.legal_zh, "other_lang", zh ? "en" : "zh-TW",
	    "logo", is.logo.type != NULL ? is.logo.sha256 : NULL);
	if (*is.short_name != '\0')
		json_object_set_new(o, "short", json_string(is.short_name));
	if (*is.address != '\0')
		json_object_set_new(o, "address", json_string(is.address));
	json_object_set_new(o, "contact", issuer_contact_json(&is, r->arena,
	    i18n_get(r->lang, "issuer_privacy")));
	return o;
}

int
reply_page(struct req *r, int status, const char *page, json_t *ctx)
{
	struct buf body = BUF_INIT;
	json_t *user = json_null();

	if (ctx == NULL)
		ctx = json_object();
	if (r->user.id != 0)
		user = json_pack("{ssssss?sssbsb}", "login", r->user.login,
		    "name", r->user.name, "name_alt", r->user.name_alt,
		    "role", role_name(r->user.role),
		    "trainer", r->user.role >= ROLE_TRAINER,
		    "proctor", r->user.role == ROLE_PROCTOR);
	json_object_set_new(ctx, "user", user);
	json_object_set_new(ctx, "lang", json_string(r->lang));
	json_object_set_new(ctx, "lang_en", json_boolean(strcmp(r->lang, "en") == 0));
	if (r->csrf[0] == '\0')
		csrf_token(http_csrf_binding(r), r->csrf);
	json_object_set_new(ctx, "csrf", json_string(r->csrf));
	json_object_set_new(ctx, "path", json_string(r->path));
	{
		struct buf q = BUF_INIT;

		buf_url(&q, r->path);
		json_object_set_new(ctx, "path_q", json_string(q.data ? q.data : "/"));
		buf_free(&q);
	}
	json_object_set_new(ctx, "registration", json_boolean(r->app->registration_open));
	json_object_set_new(ctx, "site_issuer", page_issuer(r));
	if (tmpl_render(&body, page, ctx, r->lang) != 0) {
		fprintf(stderr, "aicert: no template %s\n", page);
		status = 500;
	}
	json_object_set_new(ctx, "body", json_stringn(body.data ? body.data : "", body.len));
	buf_free(&body);
	buf_reset(&r->out);
	tmpl_render(&r->out, "layout", ctx, r->lang);
	json_decref(ctx);
	r->content_type = "text/html; charset=utf-8";
	return r->status = status;
}
