/*
 * http_req.c - reading a request: route params, headers, cookies, the
 * query, form fields (urlencoded or the plain fields of an upload), a
 * JSON body, and which local path is safe to go to next; see http.h.
 *
 * Everything here reads struct req as http.c filled it before the
 * handler ran; no libmicrohttpd. What is decoded (form fields) is
 * decoded once, on first use, into r's arena.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "http_int.h"
#include "multipart.h"

const char *
req_param(const struct req *r, const char *name)
{
	return route_param(&r->params, name);
}

const char *
req_header(const struct req *r, const char *name)
{
	return http_header(r, name);
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return http_cookie(r, name);
}

const char *
req_query(const struct req *r, const char *name)
{
	return http_query(r, name);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one urlencoded component in place-free copy. */
static char *
url_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n &&
		    hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

const char *
req_form(struct req *r, const char *name)
{
	const char *ct = http_header(r, "Content-Type");

	if (r->form == NULL && r->body_len > 0 && ct != NULL &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		const char *p = r->body, *end = r->body + r->body_len;

		while (p < end) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *stop = amp ? amp : end;
			const char *eq = memchr(p, '=', (size_t)(stop - p));
			struct kv *kv = arena_alloc(r->arena, sizeof *kv);

			kv->key = url_decode(r->arena, p, (size_t)((eq ? eq : stop) - p));
			kv->value = eq ? url_decode(r->arena, eq + 1, (size_t)(stop - eq - 1)) : "";
			kv->next = r->form;
			r->form = kv;
			p = stop + 1;
		}
	} else if (r->form == NULL && r->body_len > 0 && ct != NULL &&
	    strncasecmp(ct, "multipart/form-data", 19) == 0) {
		/* The plain fields of an upload form (its csrf among them);
		 * handlers read the files from r->parts. */
		for (const struct part *p = r->parts; p != NULL; p = p->next) {
			struct kv *kv;

			if (p->filename != NULL)
				continue;
			kv = arena_alloc(r->arena, sizeof *kv);
			kv->key = p->name;
			kv->value = arena_strndup(r->arena, p->data, p->len);
			kv->next = r->form;
			r->form = kv;
		}
	}
	/* Fields are prepended: walk for the first occurrence in the body. */
	{
		const char *v = NULL;

		for (struct kv *kv = r->form; kv != NULL; kv = kv->next)
			if (strcmp(kv->key, name) == 0)
				v = kv->value;
		return v;
	}
}

const char *
req_form_unknown(struct req *r, const char *const *names)
{
	req_form(r, names[0]);	/* reads the body, once */
	for (const struct kv *f = r->form; f != NULL; f = f->next) {
		size_t i;

		for (i = 0; names[i] != NULL && strcmp(f->key, names[i]) != 0; i++)
			;
		if (names[i] == NULL)
			return f->key;
	}
	return NULL;
}

json_t *
req_json(struct req *r)
{
	json_t *v;

	if (r->body == NULL)
		return NULL;
	v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, NULL);
	if (v != NULL && !json_is_object(v)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

const char *
req_safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "/";
	return next;
}
