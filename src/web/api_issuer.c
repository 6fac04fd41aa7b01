/*
 * api_issuer.c - the issuing organisation over HTTP: its public Open
 * Badges 3.0 profile, an admin's changes, its images and privacy notice.
 *
 *   GET /api/v1/issuer      public: the OB3 Profile (and the key set)
 *   PUT /api/v1/issuer      admin: change fields; 200 the admin view,
 *                           400 {"error","field","errors":[{"field","error"}]}
 *   GET /issuer/logo        the logo's bytes (404 when none)
 *   GET /issuer/seal        the seal's bytes
 *   GET /issuer/privacy     the privacy notice as a page (when it is text)
 *
 * Depends on issuer.h (checks, storage, the profile) and owner.h.
 */
#include "handlers.h"

#include <sodium.h>
#include <string.h>

#include "issuer.h"
#include "owner.h"

int
api_issuer_get(struct req *r)
{
	json_t *p = issuer_profile_json(r->store, r->app->base_url);

	if (p == NULL)
		return reply_error(r, 500, "internal_error");
	reply_header(r, "Access-Control-Allow-Origin", "*");
	return reply_json(r, 200, p);
}

/* One image of the body: absent keeps it, null removes it, else
 * {"media_type","data"} (base64) sets it. NULL, or a catalog key for
 * what is wrong with it. */
static const char *
image_in(struct req *r, json_t *v, struct issuer_image *im)
{
	const char *type, *b64, *key, *tail;
	json_t *x;
	unsigned char *bin;
	size_t max, len;

	if (v == NULL)
		return NULL;
	if (json_is_null(v)) {
		im->change = ISSUER_REMOVE;
		return NULL;
	}
	if (!json_is_object(v))
		return "issuer_image_fields";
	json_object_foreach(v, key, x)
		if (strcmp(key, "media_type") != 0 && strcmp(key, "data") != 0)
			return "issuer_image_fields";
	type = json_string_value(json_object_get(v, "media_type"));
	b64 = json_string_value(json_object_get(v, "data"));
	if (type == NULL || b64 == NULL)
		return "issuer_image_fields";
	if (strcmp(type, "image/png") != 0 && strcmp(type, "image/jpeg") != 0)
		return "issuer_image_type";
	/* One byte past the limit is enough to say it is too big. */
	max = strlen(b64) / 4 * 3 + 3;
	bin = arena_alloc(r->arena, max + 1);
	if (sodium_base642bin(bin, max, b64, strlen(b64), "\r\n ", &len, &tail,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || *tail != '\0')
		return "issuer_image_base64";
	im->change = ISSUER_SET;
	im->data = bin;
	im->len = len;
	/* The declared type must be what the bytes are. */
	{
		const char *sniffed;
		int w, h;

		issuer_image_sniff(bin, len, &sniffed, &w, &h);
		if (sniffed != NULL && strcmp(sniffed, type) != 0)
			return "issuer_image_type";
	}
	return NULL;
}

/* The errors as the API answers them: the first as "error" and "field",
 * every one in "errors". */
static int
issuer_errors(struct req *r, const struct issuer_err *errs, int n)
{
	json_t *all = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(all, json_pack("{s:s, s:s, s:s}", "field", errs[i].field,
		    "error", i18n_get(r->lang, errs[i].key), "code", errs[i].key));
	return reply_json(r, 400, json_pack("{s:s, s:s, s:o}", "error",
	    i18n_get(r->lang, errs[0].key), "field", errs[0].field, "errors", all));
}

int
api_issuer_put(struct req *r)
{
	struct issuer is;
	struct issuer_err errs[ISSUER_MAX_ERRS];
	json_t *in = req_json(r), *v;
	const char *key, *why;
	int n = 0, status;

	if (!owner_issuer(&r->user)) {
		status = reply_error(r, 403, "issuer_not_yours");
		goto done;
	}
	if (in == NULL) {
		status = reply_error(r, 400, "json_invalid");
		goto done;
	}
	issuer_load_text(r->store, r->arena, &is);
	json_object_foreach(in, key, v) {
		if (strcmp(key, "logo") == 0 || strcmp(key, "seal") == 0)
			continue;
		if (!json_is_string(v) && !json_is_null(v)) {
			errs[n].field = arena_strdup(r->arena, key);
			errs[n++].key = "issuer_text_invalid";
		} else if (issuer_set_field(&is, key, json_is_null(v) ? "" :
		    arena_strdup(r->arena, json_string_value(v))) != 0) {
			/* the body rule lets only known fields through */
			status = reply_error_field(r, 400, "json_unknown_field", key);
			goto done;
		}
	}
	if ((why = image_in(r, json_object_get(in, "logo"), &is.logo)) != NULL) {
		errs[n].field = "logo";
		errs[n++].key = why;
	}
	if ((why = image_in(r, json_object_get(in, "seal"), &is.seal)) != NULL) {
		errs[n].field = "seal";
		errs[n++].key = why;
	}
	if (n > 0) {
		status = issuer_errors(r, errs, n);
		goto done;
	}
	n = issuer_save(r->store, &is, errs);
	if (n < 0) {
		status = reply_error(r, 500, "internal_error");
		goto done;
	}
	if (n > 0) {
		status = issuer_errors(r, errs, n);
		goto done;
	}
	issuer_load_text(r->store, r->arena, &is);
	status = reply_json(r, 200, issuer_fields_json(&is, r->app->base_url));
done:
	json_decref(in);
	return status;
}

/* /issuer/logo and /issuer/seal: the bytes, revalidated by their hash. */
static int
image_reply(struct req *r, const char *kind)
{
	struct issuer_image im;
	const char *inm = req_header(r, "If-None-Match");
	char *etag;

	if (!issuer_image(r->store, r->arena, kind, &im))
		return reply_error(r, 404, "not_found");
	etag = arena_printf(r->arena, "\"%.32s\"", im.sha256);
	r->cacheable = 1;
	reply_header(r, "ETag", etag);
	/* The address stays when the image changes: keep it briefly. */
	reply_header(r, "Cache-Control", "public, max-age=300");
	if (inm != NULL && strcmp(inm, etag) == 0)
		return 304;
	buf_raw(&r->out, (const char *)im.data, im.len);
	r->content_type = im.type;
	return 200;
}

int
ui_issuer_logo(struct req *r)
{
	return image_reply(r, "logo");
}

int
ui_issuer_seal(struct req *r)
{
	return image_reply(r, "seal");
}

int
ui_issuer_privacy(struct req *r)
{
	struct issuer is;

	issuer_load_text(r->store, r->arena, &is);
	if (*is.privacy == '\0')
		return reply_error(r, 404, "not_found");
	/* A notice elsewhere is linked to directly. */
	if (strncmp(is.privacy, "http://", 7) == 0 || strncmp(is.privacy, "https://", 8) == 0)
		return reply_error(r, 404, "not_found");
	return reply_page(r, 200, "issuer_privacy", json_pack("{s:s, s:s}", "title",
	    i18n_get(r->lang, "issuer_privacy"), "text", is.privacy));
}
