/*
 * ui_account_mail.c - the account page's email: one's own address (a
 * change needs the password: whoever finds a signed-in browser must not
 * be able to send its password resets elsewhere) and which certificate
 * mail one wants.
 *
 *   POST /me/mail  email, password (when the address changes),
 *       notify_issued, notify_revoked, notify_expiry (checkboxes)
 *       -> 303 /me?mail=saved#mail, or /me?mail_error=KEY#mail
 */
#include "handlers.h"

#include <string.h>
#include <time.h>

#include "mail.h"
#include "password.h"
#include "ratelimit.h"

/* The refusals the page words (anything else is not shown). */
static const char *const errors[] = {
	"email_invalid", "account_password_wrong", NULL
};

void
ui_account_mail(struct req *r, json_t *ctx)
{
	const char *err = req_query(r, "mail_error");
	char *email = account_email(r->store, r->arena, r->user.id);
	int flags[3];
	json_t *m;

	account_notify(r->store, r->user.id, flags);
	m = json_pack("{s:s?, s:b, s:b, s:b, s:b, s:b}", "email", email,
	    "notify_issued", flags[0], "notify_revoked", flags[1], "notify_expiry", flags[2],
	    "no_mail", !mail_enabled(), "saved", req_query(r, "mail") != NULL &&
	    strcmp(req_query(r, "mail"), "saved") == 0);
	for (size_t i = 0; err != NULL && errors[i] != NULL; i++)
		if (strcmp(err, errors[i]) == 0)
			json_object_set_new(m, "error", json_string(i18n_get(r->lang, errors[i])));
	json_object_set_new(ctx, "mail", m);
}

int
ui_account_mail_post(struct req *r)
{
	static const char *const known[] = { "csrf", "email", "password", "notify_issued",
	    "notify_revoked", "notify_expiry", NULL };
	const char *email = req_form(r, "email"), *pw = req_form(r, "password");
	const char *unknown = req_form_unknown(r, known), *err = NULL;
	char *was = account_email(r->store, r->arena, r->user.id), *hash = NULL;
	int flags[3] = { req_form(r, "notify_issued") != NULL,
	    req_form(r, "notify_revoked") != NULL, req_form(r, "notify_expiry") != NULL };
	struct user u;

	if (unknown != NULL)
		return reply_error_field(r, 400, "form_field_unknown", unknown);
	if (email == NULL)
		email = "";
	if (strcmp(email, was ? was : "") != 0) {
		if (*email != '\0' && mail_check_address(email) != NULL)
			return reply_redirect(r, "/me?mail_error=email_invalid#mail");
		/* Wrong passwords count as a sign-in's do. */
		if (ratelimit_check(r->user.login, r->addr, time(NULL)) > 0)
			return reply_error(r, 429, "too_many_attempts");
		if (account_find(r->store, r->arena, r->user.login, &u, &hash) != 1 ||
		    pw == NULL || password_check(hash, pw) != 1) {
			ratelimit_fail(r->user.login, r->addr, time(NULL));
			return reply_redirect(r, "/me?mail_error=account_password_wrong#mail");
		}
		if (account_set_email(r->store, r->user.login, email, &err) != 0)
			return reply_error(r, reply_status_of(err), err);
	}
	if (account_set_notify(r->store, r->user.id, flags) != 0)
		return reply_error(r, 500, "internal_error");
	return reply_redirect(r, "/me?mail=saved#mail");
}
