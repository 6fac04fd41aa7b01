/*
 * people.c - bulk learners, sittings, access codes; see people.h.
 *
 * The learners CSV is read by libcsv (RFC 4180); accounts, codes and
 * sittings are SQL over the store. Messages are catalog texts (i18n.c)
 * in the caller's language.
 */
#include "people.h"

#include <csv.h>
#include <sodium.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "owner.h"

struct person {
	char *login, *name, *alt;
	struct arena *arena;	/* the import's, for names read back */
	int line;
	char code[ACCESS_CODE_LEN + 1];
	int created;
};

/* The learners CSV as libcsv hands it over: fields, then the end of a
 * record (or of an empty line, CSV_REPALL_NL). Lines are counted by the
 * line feeds libcsv passes: those ending records and empty lines, and
 * those inside quoted fields. */
struct csv_read {
	struct arena *a;
	struct people_row *rows;
	size_t n;
	struct people_row cur;	/* the record being read */
	int lf;			/* line feeds before cur */
	int cur_lf;		/* line feeds inside cur's fields */
	int ended;		/* records ended by csv_fini */
};

static void
csv_field(void *s, size_t len, void *data)
{
	struct csv_read *c = data;
	const char *f = s, *end = f + len;

	for (const char *q = f; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		c->cur_lf++;
	if (c->cur.nf >= PEOPLE_CSV_FIELDS)
		return;
	/* Trimmed inside quotes too, as the import always has. */
	while (f < end && (*f == ' ' || *f == '\t'))
		f++;
	while (end > f && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	c->cur.f[c->cur.nf++] = arena_strndup(c->a, f, (size_t)(end - f));
}

static void
csv_row(int term, void *data)
{
	struct csv_read *c = data;

	if (c->cur.nf > 0) {
		c->cur.line = 1 + c->lf;
		c->rows = arena_grow(c->a, c->rows, c->n, c->n + 1, sizeof *c->rows);
		c->rows[c->n++] = c->cur;
	}
	c->lf += c->cur_lf + (term == '\n');
	c->cur_lf = 0;
	c->cur.nf = 0;
	c->ended += term == -1;
}

int
people_csv_read(struct arena *a, const char *csv, struct people_row **rows,
    size_t *n, struct q_bank *errs)
{
	struct csv_read c;
	struct csv_parser p;
	size_t len;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.a = a;
	if (strncmp(csv, "\xEF\xBB\xBF", 3) == 0)
		csv += 3;
	len = strlen(csv);
	if (csv_init(&p, CSV_REPALL_NL) != 0)
		return -1;
	/* A line feed after the text ends every record but one whose quoted
	 * field is still open: csv_fini ends that one. */
	if (csv_parse(&p, csv, len, csv_field, csv_row, &c) != len ||
	    csv_parse(&p, "\n", 1, csv_field, csv_row, &c) != 1 ||
	    csv_fini(&p, csv_field, csv_row, &c) != 0) {
		q_bank_msg(errs, 0, "people_csv_memory", NULL);
		rc = -1;
	} else if (c.ended > 0) {
		q_bank_msg(errs, c.rows[c.n - 1].line, "people_csv_unclosed", NULL);
		rc = -1;
	}
	csv_free(&p);
	*rows = c.rows;
	*n = c.n;
	return rc;
}

static void
make_code(char out[ACCESS_CODE_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";	/* no I, O, 0, 1 */
	unsigned char raw[ACCESS_CODE_LEN];

	randombytes_buf(raw, sizeof raw);
	for (int i = 0; i < ACCESS_CODE_LEN; i++)
		out[i] = alphabet[raw[i] & 31];
	out[ACCESS_CODE_LEN] = '\0';
}

static void
code_hash(const char *code, unsigned char out[32])
{
	char norm[ACCESS_CODE_LEN + 1];
	size_t k = 0;

	/* Typed codes: any case, with or without the dashes printed. */
	for (const char *p = code; *p && k < ACCESS_CODE_LEN; p++)
		if (*p != '-' && *p != ' ')
			norm[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	norm[k] = '\0';
	crypto_hash_sha256(out, (const unsigned char *)norm, k);
}

struct import {
	struct person *p;
	size_t n;
	int64_t sitting;
	int days;
	const struct user *by;
	const struct person *refused;	/* the line the transaction refused */
	const char *why;		/* its message key */
};

/* One existing account named by an import: staff accounts are never
 * touched, a learner only by who manages it (owner.h); a learner with a
 * password gets no code (a code would be a way into an account that has
 * its own way in). 0 and *coded set if the line may go on, else -1 with
 * im->why set. */
static int
import_existing(struct db *d, struct import *im, int64_t uid, const char *role,
    int has_password, int *coded)
{
	if (strcmp(role, "learner") != 0) {
		im->why = "import_staff_account";
		return -1;
	}
	if (!owner_learner_db(d, uid, im->by)) {
		im->why = "learner_not_yours";
		return -1;
	}
	*coded = im->days > 0 && !has_password;
	return 0;
}

static int
import_fn(struct db *d, void *ctx)
{
	static const char find[] =
	    "SELECT id, role, password <> '!', name, name_alt FROM users WHERE login = ?";
	static const char ins[] =
	    "INSERT INTO users(login, name, name_alt, role, password, created_at, created_by) "
	    "VALUES (?, ?, ?, 'learner', '!', ?, ?)";
	/* A learner named again gets a new code; the older ones stop working. */
	static const char revoke[] =
	    "UPDATE access_codes SET expires_at = ?2 WHERE user_id = ?1 AND used_at IS NULL "
	    "AND expires_at > ?2";
	static const char code[] =
	    "INSERT INTO access_codes(code_hash, user_id, sitting_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, ?)";
	static const char member[] =
	    "INSERT INTO sitting_members(sitting_id, user_id) VALUES (?, ?) "
	    "ON CONFLICT DO NOTHING";
	struct import *im = ctx;
	time_t now = time(NULL);
	char detail[64];

	for (size_t i = 0; i < im->n; i++) {
		struct person *p = &im->p[i];
		sqlite3_stmt *st = db_stmt_text(d, find, p->login);
		int64_t uid = -1;
		int coded = im->days > 0, rc = 0;
		unsigned char h[32];

		if (st == NULL)
			return -1;
		if (db_row(st)) {
			uid = sqlite3_column_int64(st, 0);
			rc = import_existing(d, im, uid, (const char *)sqlite3_column_text(st, 1),
			    sqlite3_column_int(st, 2), &coded);
			/* The slip shows the name the account has (and will be
			 * printed on its certificate), not the CSV's. */
			p->name = db_text(p->arena, st, 3);
			p->alt = db_text(p->arena, st, 4);
		}
		db_end(st);
		if (rc != 0) {
			im->refused = p;
			return -1;
		}
		if (uid < 0) {
			if ((st = db_stmt(d, ins)) == NULL)
				return -1;
			sqlite3_bind_text(st, 1, p->login, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
			if (p->alt != NULL && *p->alt)
				sqlite3_bind_text(st, 3, p->alt, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
			if (im->by != NULL && im->by->id > 0)
				sqlite3_bind_int64(st, 5, im->by->id);
			if (db_done(st) != 0)
				return -1;
			uid = db_last_id(d);
			p->created = 1;
			if (db_audit(d, "user.create", p->login) != 0)
				return -1;
		}
		if (im->sitting > 0) {
			if ((st = db_stmt_int(d, member, im->sitting)) == NULL)
				return -1;
			sqlite3_bind_int64(st, 2, uid);
			(void)db_done(st);
		}
		if (coded) {
			if ((st = db_stmt_int(d, revoke, uid)) == NULL)
				return -1;
			sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
			if (db_done(st) != 0)
				return -1;
			make_code(p->code);
			code_hash(p->code, h);
			if ((st = db_stmt(d, code)) == NULL)
				return -1;
			sqlite3_bind_blob(st, 1, h, 32, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 2, uid);
			if (im->sitting > 0)
				sqlite3_bind_int64(st, 3, im->sitting);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
			sqlite3_bind_int64(st, 5, (sqlite3_int64)now + (sqlite3_int64)im->days * 86400);
			if (db_done(st) != 0)
				return -1;
		}
	}
	snprintf(detail, sizeof detail, "%zu learners from CSV", im->n);
	return db_audit(d, "user.import", detail);
}

/* Records the catalog message key in lang at line of the CSV, its places
 * filled from the name, value pairs that follow (ended by NULL). */
static void import_error(struct q_bank *errs, const char *lang, int line, const char *key, ...)
	__attribute__((sentinel));

static void
import_error(struct q_bank *errs, const char *lang, int line, const char *key, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, key);
	msg = i18n_vmsg(errs->arena, lang, key, ap);
	va_end(ap);
	q_bank_error(errs, line, "%s", msg);
}

json_t *
people_import_csv(struct store *s, const struct user *by, const char *lang,
    const char *csv, int64_t sitting, int codes_days, struct q_bank *errs)
{
	struct arena *a = errs->arena;
	struct import im = { NULL, 0, sitting, codes_days, by, NULL, NULL };
	struct people_row *rows;
	size_t nrows;
	int col_login = -1, col_name = -1, col_alt = -1;
	json_t *out;

	if (people_csv_read(a, csv, &rows, &nrows, errs) != 0)
		return NULL;
	for (size_t r = 0; r < nrows; r++) {
		char **f = rows[r].f;
		int nf = rows[r].nf, line = rows[r].line;

		if (col_login < 0) {
			for (int i = 0; i < nf; i++) {
				if (strcmp(f[i], "login") == 0)
					col_login = i;
				else if (strcmp(f[i], "name") == 0)
					col_name = i;
				else if (strcmp(f[i], "name_alt") == 0)
					col_alt = i;
			}
			if (col_login < 0 || col_name < 0) {
				import_error(errs, lang, line, "people_columns", NULL);
				return NULL;
			}
			continue;
		}
		if (col_login >= nf || col_name >= nf) {
			import_error(errs, lang, line, "people_too_few_columns", "count",
			    arena_printf(a, "%d", nf), NULL);
			continue;
		}
		if (account_check_login(f[col_login]) != NULL)
			import_error(errs, lang, line, "people_login_invalid", "login", f[col_login],
			    NULL);
		else if (account_check_name(f[col_name]) != NULL)
			import_error(errs, lang, line, "people_name_invalid", NULL);
		else if (col_alt >= 0 && col_alt < nf && *f[col_alt] &&
		    account_check_name(f[col_alt]) != NULL)
			import_error(errs, lang, line, "people_name_alt_invalid", NULL);
		else {
			for (size_t k = 0; k < im.n; k++)
				if (strcasecmp(im.p[k].login, f[col_login]) == 0)
					import_error(errs, lang, line, "people_login_twice", "login",
					    f[col_login], "line", arena_printf(a, "%d", im.p[k].line),
					    NULL);
			im.p = arena_grow(a, im.p, im.n, im.n + 1, sizeof *im.p);
			im.p[im.n].login = f[col_login];
			im.p[im.n].name = f[col_name];
			im.p[im.n].alt = col_alt >= 0 && col_alt < nf ? f[col_alt] : NULL;
			im.p[im.n].line = line;
			im.p[im.n].arena = a;
			im.p[im.n].code[0] = '\0';
			im.p[im.n].created = 0;
			im.n++;
		}
	}
	if (errs->nerr == 0 && im.n == 0)
		import_error(errs, lang, 0, "people_none", NULL);
	if (sitting > 0 && !owner_sitting(s, sitting, NULL, by))
		q_bank_error(errs, 0, "%s", i18n_get(lang, "sitting_not_yours"));
	if (errs->nerr > 0)
		return NULL;
	if (store_write(s, import_fn, &im) != 0) {
		if (im.refused != NULL)
			import_error(errs, lang, im.refused->line, "people_login_refused", "login",
			    im.refused->login, "why", i18n_get(lang, im.why), NULL);
		else
			import_error(errs, lang, 0, "people_import_failed", NULL);
		return NULL;
	}
	out = json_array();
	for (size_t i = 0; i < im.n; i++) {
		json_t *row = json_pack("{s:s, s:s, s:b}", "login", im.p[i].login,
		    "name", im.p[i].name, "created", im.p[i].created);

		if (im.p[i].code[0] != '\0')
			json_object_set_new(row, "code", json_string(arena_printf(a, "%.4s-%.4s-%.4s-%.4s",
			    im.p[i].code, im.p[i].code + 4, im.p[i].code + 8, im.p[i].code + 12)));
		json_array_append_new(out, row);
	}
	return out;
}

struct use_code {
	unsigned char hash[32];
	int64_t user;
};

static int
use_fn(struct db *d, void *ctx)
{
	/* A code opens only a learner's account that has no password, even
	 * if one was ever made for another (a database from before the
	 * import rule, owner.h): staff and password accounts have their
	 * own way in. */
	static const char sql[] =
	    "UPDATE access_codes SET used_at = ?1 WHERE code_hash = ?2 AND used_at IS NULL "
	    "AND expires_at > ?1 AND user_id IN (SELECT id FROM users WHERE role = 'learner' "
	    "AND password = '!' AND disabled = 0) RETURNING user_id";
	struct use_code *uc = ctx;
	sqlite3_stmt *st = db_stmt_int(d, sql, (int64_t)time(NULL));

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 2, uc->hash, 32, SQLITE_STATIC);
	uc->user = db_one_int(st, 0);
	return 0;
}

int
people_code_signin(struct store *s, struct arena *a, const char *code, struct user *u)
{
	static const char sql[] =
	    "SELECT " ACCOUNT_USER_COLS " FROM users WHERE id = ? AND disabled = 0";
	struct use_code uc;
	sqlite3_stmt *st;
	int found;

	if (code == NULL || strlen(code) < ACCESS_CODE_LEN || strlen(code) > 40)
		return 0;
	code_hash(code, uc.hash);
	uc.user = 0;
	if (store_write(s, use_fn, &uc) != 0 || uc.user == 0)
		return 0;
	st = db_stmt_int(store_db(s), sql, uc.user);
	if ((found = db_row(st)) != 0)
		account_user_row(a, st, u);
	db_end(st);
	return found;
}

struct sitting {
	const char *exam, *name;
	long long opens, closes;
	const json_t *logins;
	const struct user *by;
	int64_t id;
	const char *bad_login, *why;	/* the member refused, its message key */
};

static int
sitting_fn(struct db *d, void *ctx)
{
	static const char ins[] =
	    "INSERT INTO sittings(exam_id, name, opens_at, closes_at, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)";
	static const char find[] = "SELECT id, role FROM users WHERE login = ?";
	static const char member[] =
	    "INSERT INTO sitting_members(sitting_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
	struct sitting *si = ctx;
	sqlite3_stmt *st = db_stmt(d, ins);
	size_t i;
	json_t *l;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, si->exam, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, si->name, -1, SQLITE_STATIC);
	if (si->opens)
		sqlite3_bind_int64(st, 3, si->opens);
	if (si->closes)
		sqlite3_bind_int64(st, 4, si->closes);
	if (si->by != NULL && si->by->id > 0)
		sqlite3_bind_int64(st, 5, si->by->id);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	if (db_done(st) != 0)
		return -1;
	si->id = db_last_id(d);
	/* Members are learners their booker manages (owner.h): a sitting
	 * never becomes a way to manage somebody else's learner. */
	json_array_foreach(si->logins, i, l) {
		int64_t uid = -1;
		int learner = 0;

		si->bad_login = json_string_value(l);
		if ((st = db_stmt_text(d, find, si->bad_login)) == NULL)
			return -1;
		if (db_row(st)) {
			uid = sqlite3_column_int64(st, 0);
			learner = strcmp((const char *)sqlite3_column_text(st, 1), "learner") == 0;
		}
		db_end(st);
		if (uid < 0) {
			si->why = "sitting_member_unknown";
			return -1;
		}
		if (!learner) {
			si->why = "sitting_member_not_learner";
			return -1;
		}
		if (!owner_learner_db(d, uid, si->by)) {
			si->why = "learner_not_yours";
			return -1;
		}
		if ((st = db_stmt_int(d, member, si->id)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 2, uid);
		(void)db_done(st);
	}
	si->bad_login = NULL;
	return db_audit(d, "sitting.create", si->name);
}

int64_t
people_sitting_create(struct store *s, struct arena *a, const struct user *by,
    const char *lang, const char *exam, const char *name, long long opens_at,
    long long closes_at, const json_t *logins, const char **err)
{
	struct sitting si = { exam, name, opens_at, closes_at, logins, by, 0, NULL, NULL };

	*err = NULL;
	if (name == NULL || *name == '\0' || strlen(name) > 200) {
		*err = i18n_get(lang, "sitting_name_invalid");
		return -1;
	}
	if (opens_at && closes_at && closes_at <= opens_at) {
		*err = i18n_get(lang, "sitting_window_invalid");
		return -1;
	}
	if (!owner_exam(s, exam, by)) {
		*err = i18n_get(lang, "exam_not_yours");
		return -1;
	}
	if (store_write(s, sitting_fn, &si) != 0) {
		*err = si.why == NULL ? i18n_get(lang, "internal_error") :
		    si.bad_login == NULL ? i18n_get(lang, si.why) :
		    i18n_msg(a, lang, "people_login_refused", "login", si.bad_login, "why",
		    i18n_get(lang, si.why), NULL);
		return -1;
	}
	return si.id;
}

json_t *
people_sittings(struct store *s, const char *exam)
{
	/* A window left open at an end gives 0 there. */
	static const char sql[] =
	    "SELECT id AS id, name AS name, coalesce(opens_at, 0) AS opens_at, "
	    "coalesce(closes_at, 0) AS closes_at, "
	    "(SELECT count(*) FROM sitting_members m WHERE m.sitting_id = s.id) AS members "
	    "FROM sittings s WHERE exam_id = ? ORDER BY id";

	return db_json_rows(db_stmt_text(store_db(s), sql, exam));
}
