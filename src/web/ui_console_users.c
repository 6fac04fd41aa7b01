/*
 * ui_console_users.c - the administrator's accounts page: every account
 * with a search box and 100 to a page, a form per row to change its role
 * or disable and re-enable it, and one to set a new password. The work is
 * account_list() and account_update(), as for the JSON API; the guard rails (no admin demotes or disables themself,
 * the last enabled admin stays one) live there.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "erase.h"

/* /console/users with the search q and page n (0: none), plus extra
 * ("&saved=..." or ""); from r's arena. */
static char *
users_link(struct req *r, const char *q, int n, const char *extra)
{
	struct buf b = BUF_INIT;
	char *out;

	buf_str(&b, "/console/users?q=");
	buf_url(&b, q ? q : "");
	if (n > 0)
		buf_printf(&b, "&page=%d", n);
	buf_str(&b, extra);
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* The page for search q, page n; error (a catalog key or NULL) about
 * account login shown above the table. */
static int
users_page(struct req *r, int status, const char *q, int n, const char *login,
    const char *error)
{
	static const enum role roles[] = { ROLE_LEARNER, ROLE_PROCTOR, ROLE_TRAINER,
	    ROLE_ADMIN };
	json_t *list = account_list(r->store, q, n), *users, *u, *ctx;
	int page = (int)json_integer_value(json_object_get(list, "page"));
	int pages = (int)json_integer_value(json_object_get(list, "pages"));
	size_t i;

	users = json_object_get(list, "users");
	json_array_foreach(users, i, u) {
		const char *role = json_string_value(json_object_get(u, "role"));
		json_t *opts = json_array();

		for (size_t k = 0; k < sizeof roles / sizeof *roles; k++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:b}",
			    "value", role_name(roles[k]), "label", i18n_get(r->lang,
			    arena_printf(r->arena, "role_%s", role_name(roles[k]))),
			    "selected", strcmp(role, role_name(roles[k])) == 0));
		json_object_set_new(u, "roles", opts);
		json_object_set_new(u, "role_text", json_string(i18n_get(r->lang,
		    arena_printf(r->arena, "role_%s", role))));
		json_object_set_new(u, "created", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(u, "created_at")), 0)));
		json_object_set_new(u, "self", json_boolean(strcmp(json_string_value(
		    json_object_get(u, "login")), r->user.login) == 0));
		/* a learner not erased yet may be (erase.h) */
		json_object_set_new(u, "erasable", json_boolean(strcmp(role, "learner") == 0 &&
		    strncmp(json_string_value(json_object_get(u, "login")), ERASE_LOGIN_PREFIX,
		    sizeof ERASE_LOGIN_PREFIX - 1) != 0));
	}
	ctx = json_pack("{s:s, s:O, s:O, s:i, s:i, s:s, s:b, s:s?, s:s?}",
	    "title", i18n_get(r->lang, "console_accounts"), "users", users,
	    "total", json_object_get(list, "total"), "page", page, "pages", pages,
	    "q", q ? q : "", "paged", pages > 1, "saved", req_query(r, "saved"),
	    "unchanged", req_query(r, "unchanged"));
	json_decref(list);
	if (req_query(r, "erased") != NULL)
		json_object_set_new(ctx, "erased", json_string(req_query(r, "erased")));
	if (page > 1)
		json_object_set_new(ctx, "prev", json_string(users_link(r, q, page - 1, "")));
	if (page < pages)
		json_object_set_new(ctx, "next", json_string(users_link(r, q, page + 1, "")));
	if (error != NULL) {
		json_object_set_new(ctx, "error", json_string(i18n_get(r->lang, error)));
		json_object_set_new(ctx, "error_login", json_string(login ? login : ""));
	}
	return reply_page(r, status, "console_users", ctx);
}

int
ui_console_users(struct req *r)
{
	const char *pg = req_query(r, "page");

	return users_page(r, 200, req_query(r, "q"), pg ? atoi(pg) : 1, NULL, NULL);
}

/* One row's form: role and/or disabled ("0", "1"), or password and
 * password2; q and page say where to come back to. */
int
ui_console_users_post(struct req *r)
{
	const char *login = req_param(r, "login"), *role = req_form(r, "role");
	const char *off = req_form(r, "disabled"), *pw = req_form(r, "password");
	const char *pw2 = req_form(r, "password2"), *q = req_form(r, "q");
	const char *pg = req_form(r, "page"), *err = NULL;
	struct account_change ch = { ROLE_NONE, -1, pw, NULL };
	int page = pg ? atoi(pg) : 1, changed;
	struct buf extra = BUF_INIT;
	char *to;

	if (role != NULL && *role != '\0' && (ch.role = role_parse(role)) == ROLE_NONE)
		return users_page(r, 400, q, page, login, "role_invalid");
	if (off != NULL && *off != '\0')
		ch.disabled = strcmp(off, "1") == 0;
	if (pw != NULL && (pw2 == NULL || strcmp(pw, pw2) != 0))
		return users_page(r, 400, q, page, login, "password_mismatch");
	ch.keep_token = r->token;	/* one's own new password keeps this session */
	if ((changed = account_update(r->store, login, &ch, r->user.id, &err)) < 0)
		return users_page(r, reply_status_of(err), q, page, login, err);
	buf_str(&extra, changed ? "&saved=" : "&unchanged=");
	buf_url(&extra, login);
	buf_str(&extra, "#u-");
	buf_url(&extra, login);
	to = users_link(r, q, page, extra.data);
	buf_free(&extra);
	return reply_redirect(r, to);
}
