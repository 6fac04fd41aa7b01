/*
 * ui_console_password.c - a trainer gives a learner who forgot their
 * password (and has no address, or no mail arrives) a new one on a
 * printed slip; an administrator may do it for any account.
 *
 *   POST /console/people/password  field login: a new random password,
 *       every session of the account ended (account_update, audited as
 *       user.password), 303 to its slip; 403 a learner the caller does
 *       not manage, 404 no such account
 *   GET /console/people/password/{import}  the slip, in the account's
 *       language, shown only to the session that made it, for 15
 *       minutes (slipbox.h): the password exists nowhere else
 */
#include "handlers.h"

#include <sodium.h>
#include <string.h>

#include "owner.h"
#include "slipbox.h"

/* 12 letters and digits that cannot be mistaken for one another when
 * read off paper, in groups of four: about 60 bits. */
static void
new_password(char out[15])
{
	static const char set[] = "abcdefghjkmnpqrstuvwxyz23456789";
	int o = 0;

	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = set[randombytes_uniform(sizeof set - 1)];
	}
	out[o] = '\0';
}

int
ui_console_password_post(struct req *r)
{
	static const char *const known[] = { "csrf", "login", NULL };
	const char *login = req_form(r, "login"), *unknown = req_form_unknown(r, known);
	const char *err = NULL, *lang;
	struct account_change ch = { ROLE_NONE, -1, NULL, NULL };
	char pw[15], id[SLIPBOX_ID_LEN + 1];
	struct user u;
	json_t *slips;
	int rc;

	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (login == NULL || account_find(r->store, r->arena, login, &u, NULL) != 1)
		return reply_error(r, 404, "user_not_found");
	if (r->user.role != ROLE_ADMIN && !owner_learner(r->store, u.id, &r->user))
		return reply_error(r, 403, "learner_not_yours");
	if (u.id == r->user.id)
		return reply_error(r, 409, "account_self");
	new_password(pw);
	ch.password = pw;
	if (account_update(r->store, u.login, &ch, r->user.id, &err) < 0)
		return reply_error(r, reply_status_of(err), err);
	lang = account_lang(r->store, u.id);
	slips = json_pack("[{s:s, s:s, s:s?, s:s, s:s}]", "login", u.login, "name", u.name,
	    "name_alt", u.name_alt, "password", pw, "lang", lang ? lang : r->lang);
	rc = slipbox_put(r->user.id, r->token, slips, id);
	json_decref(slips);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0)
		return reply_error(r, 500, "internal_error");
	return reply_redirect(r, arena_printf(r->arena, "/console/people/password/%s", id));
}

int
ui_console_password_slip(struct req *r)
{
	static const char *const labels[] = {
		"app_name", "login", "password", "console_password_slip_use", NULL
	};
	json_t *kept = slipbox_get(req_param(r, "import"), r->user.id, r->token, NULL), *row;
	size_t i;

	if (kept == NULL)
		return reply_page(r, 200, "console_password_slip", json_pack("{s:s, s:b}",
		    "title", i18n_get(r->lang, "console_password_title"), "gone", 1));
	json_array_foreach(kept, i, row) {
		const char *lang = json_string_value(json_object_get(row, "lang"));
		json_t *t = json_object();

		for (size_t k = 0; labels[k] != NULL; k++)
			json_object_set_new(t, labels[k], json_string(i18n_get(lang, labels[k])));
		json_object_set_new(row, "t", t);
	}
	reply_header(r, "Cache-Control", "no-store");
	return reply_page(r, 200, "console_password_slip", json_pack("{s:s, s:o}", "title",
	    i18n_get(r->lang, "console_password_title"), "learners", kept));
}
