/*
 * account_lang.c - the language an account reads: chosen with the
 * language switch while signed in, at registration, or by the learners
 * import's lang column. Sign-in brings it back to any browser, and a
 * learner's slips print in it. SQL over the store; see account.h.
 */
#include "account.h"


#include "i18n.h"

struct set_lang {
	int64_t user;
	const char *lang;
};

static int
set_lang_fn(struct db *d, void *ctx)
{
	static const char sql[] = "UPDATE users SET lang = ?2 WHERE id = ?1";
	struct set_lang *sl = ctx;
	struct stmt *st = db_stmt_int(d, sql, sl->user);

	if (st == NULL)
		return -1;
	db_bind_text(st, 2, sl->lang);
	return db_done(st);
}

int
account_set_lang(struct store *s, int64_t user, const char *lang)
{
	struct set_lang sl = { user, i18n_match(lang) };

	if (user <= 0 || sl.lang == NULL)
		return -1;
	return store_write(s, set_lang_fn, &sl);
}

const char *
account_lang(struct store *s, int64_t user)
{
	static const char sql[] = "SELECT lang FROM users WHERE id = ?";
	struct stmt *st = db_stmt_int(store_db(s), sql, user);
	const char *lang = NULL;

	if (st != NULL && db_row(st))
		lang = i18n_match(db_col_text(st, 0));
	db_end(st);
	return lang;
}
