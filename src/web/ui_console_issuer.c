/*
 * ui_console_issuer.c - the administrator's page for the issuing
 * organisation (/console/issuer): names in both languages, short name,
 * logo and seal uploads with what is stored shown beside them, contact,
 * address, privacy notice and the signing officer. A refused save changes
 * nothing and shows each refused field's error beside it. The checks and
 * storage are issuer.c's, as for PUT /api/v1/issuer.
 */
#include "handlers.h"

#include <string.h>

#include "issuer.h"
#include "multipart.h"
#include "owner.h"

/* The form's fields: the text ones (issuer_field_names), then these. */
static const char *const form_fields[] = { "legal_name_en", "legal_name_zh",
    "short_name", "website", "email", "phone", "address", "privacy", "officer_name_en",
    "officer_name_zh", "officer_title_en", "officer_title_zh", "csrf", "logo", "seal",
    "logo_remove", "seal_remove", NULL };

static json_t *
image_ctx(const struct issuer_image *im, const char *kind)
{
	if (im->type == NULL)
		return json_null();
	return json_pack("{s:s, s:s, s:i, s:i, s:I}", "url", kind, "sha", im->sha256, "width", im->width, "height", im->height,
	    "kb", (json_int_t)((im->len + 1023) / 1024));
}

/* The page showing is (the stored profile, or what was sent), with errs. */
static int
issuer_page(struct req *r, int status, const struct issuer *is, const struct issuer_err *errs,
    int n, int saved)
{
	json_t *ctx = issuer_fields_json(is, ""), *fe = json_object();
	struct issuer cur;

	/* The images shown are the stored ones: a refused upload is not kept. */
	issuer_load_text(r->store, r->arena, &cur);
	json_object_set_new(ctx, "logo", image_ctx(&cur.logo, "/issuer/logo"));
	json_object_set_new(ctx, "seal", image_ctx(&cur.seal, "/issuer/seal"));
	for (int i = 0; i < n; i++)
		if (json_object_get(fe, errs[i].field) == NULL)
			json_object_set_new(fe, errs[i].field, json_string(i18n_get(r->lang,
			    errs[i].key)));
	json_object_set_new(ctx, "err", fe);
	json_object_set_new(ctx, "has_errors", json_boolean(n > 0));
	json_object_set_new(ctx, "saved", json_boolean(saved));
	json_object_set_new(ctx, "title", json_string(i18n_get(r->lang, "issuer_title")));
	json_object_set_new(ctx, "max_kb", json_integer(ISSUER_IMAGE_MAX / 1024));
	json_object_set_new(ctx, "max_px", json_integer(ISSUER_IMAGE_PX));
	return reply_page(r, status, "console_issuer", ctx);
}

int
ui_console_issuer(struct req *r)
{
	struct issuer is;

	if (!owner_issuer(&r->user))
		return reply_error(r, 403, "issuer_not_yours");
	issuer_load_text(r->store, r->arena, &is);
	return issuer_page(r, 200, &is, NULL, 0, req_query(r, "saved") != NULL);
}

/* An uploaded file of the form: set when one was chosen, else removed
 * when its box is ticked, else kept. */
static void
image_from_form(struct req *r, const char *name, const char *remove, struct issuer_image *im)
{
	for (const struct part *p = r->parts; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0 && p->filename != NULL && p->len > 0) {
			im->change = ISSUER_SET;
			im->data = (const unsigned char *)p->data;
			im->len = p->len;
			return;
		}
	if (req_form(r, remove) != NULL)
		im->change = ISSUER_REMOVE;
}

int
ui_console_issuer_post(struct req *r)
{
	struct issuer is;
	struct issuer_err errs[ISSUER_MAX_ERRS];
	const char *unknown = req_form_unknown(r, form_fields);
	int n;

	if (!owner_issuer(&r->user))
		return reply_error(r, 403, "issuer_not_yours");
	if (r->parts == NULL && r->parts_err != NULL)
		return reply_error(r, 400, r->parts_err);
	/* req_form_unknown sees plain fields; the files are parts too. */
	for (const struct part *p = r->parts; p != NULL && unknown == NULL; p = p->next) {
		int known = 0;

		for (size_t i = 0; form_fields[i] != NULL && !known; i++)
			known = strcmp(p->name, form_fields[i]) == 0;
		if (!known)
			unknown = p->name;
	}
	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	issuer_load_text(r->store, r->arena, &is);
	for (size_t i = 0; issuer_field_names[i] != NULL; i++) {
		const char *v = req_form(r, issuer_field_names[i]);

		if (v != NULL)
			issuer_set_field(&is, issuer_field_names[i], v);
	}
	is.logo.change = is.seal.change = ISSUER_KEEP;
	image_from_form(r, "logo", "logo_remove", &is.logo);
	image_from_form(r, "seal", "seal_remove", &is.seal);
	n = issuer_save(r->store, &is, errs);
	if (n < 0)
		return reply_error(r, 500, "internal_error");
	if (n > 0)
		return issuer_page(r, 400, &is, errs, n, 0);
	return reply_redirect(r, "/console/issuer?saved=1");
}
