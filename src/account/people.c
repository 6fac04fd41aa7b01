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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "mail.h"
#include "owner.h"
#include "proctor.h"

struct person {
	char *login, *name, *alt;
	char *csv_name, *csv_alt;	/* as the file gives them */
	struct arena *arena;	/* the import's, for names read back */
	int line;
	char code[ACCESS_CODE_LEN + 1];
	int created;
	int seat;		/* in the import's sitting; 0 none */
	const char *lang;	/* the lang column ("en", "zh-TW") or NULL; read back */
	int64_t expires;	/* the code's expiry, Unix seconds */
	const char *email;	/* the email column, or NULL (empty: kept as is) */
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
	    "SELECT id, role, password <> '!', name, name_alt, lang FROM users WHERE login = ?";
	static const char ins[] =
	    "INSERT INTO users(login, name, name_alt, role, password, created_at, created_by, "
	    "lang) VALUES (?, ?, ?, 'learner', '!', ?, ?, ?)";
	static const char set_lang[] = "UPDATE users SET lang = ?2 WHERE id = ?1";
	/* A seat is one learner's: another's there refuses the line. */
	static const char seat_taken[] =
	    "SELECT 1 FROM sitting_members WHERE sitting_id = ?1 AND seat = ?2 AND user_id <> ?3";
	/* A learner named again gets a new code; the older ones stop working. */
	static const char revoke[] =
	    "UPDATE access_codes SET expires_at = ?2 WHERE user_id = ?1 AND used_at IS NULL "
	    "AND expires_at > ?2";
	static const char code[] =
	    "INSERT INTO access_codes(code_hash, user_id, sitting_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, ?)";
	/* Booked again, a learner keeps the seat unless the file gives one. */
	static const char member[] =
	    "INSERT INTO sitting_members(sitting_id, user_id, seat) VALUES (?, ?, ?) "
	    "ON CONFLICT(sitting_id, user_id) DO UPDATE SET "
	    "seat = coalesce(excluded.seat, sitting_members.seat)";
	struct import *im = ctx;
	time_t now = time(NULL);
	char detail[64];

	for (size_t i = 0; i < im->n; i++) {
		struct person *p = &im->p[i];
		struct stmt *st = db_stmt_text(d, find, p->login);
		int64_t uid = -1;
		int coded = im->days > 0, rc = 0;
		unsigned char h[32];

		if (st == NULL)
			return -1;
		if (db_row(st)) {
			uid = db_col_int64(st, 0);
			rc = import_existing(d, im, uid, db_col_text(st, 1),
			    db_col_int(st, 2), &coded);
			/* The slip shows the name the account has (and will be
			 * printed on its certificate). A file that names it
			 * otherwise is refused: an import never changes a name
			 * silently, and a correction is made (and audited, and
			 * certificates re-issued) as one (names.h). */
			p->name = db_text(p->arena, st, 3);
			p->alt = db_text(p->arena, st, 4);
			if (rc == 0 && (strcmp(p->csv_name, p->name) != 0 ||
			    (p->csv_alt != NULL && *p->csv_alt && (p->alt == NULL ||
			    strcmp(p->csv_alt, p->alt) != 0)))) {
				im->why = "import_name_differs";
				rc = -1;
			}
			if (p->lang == NULL)
				p->lang = db_text(p->arena, st, 5);
			else if (rc == 0)
				rc = 1;	/* its language changes, below */
		}
		db_end(st);
		if (rc == 1) {
			if ((st = db_stmt_int(d, set_lang, uid)) == NULL)
				return -1;
			db_bind_text(st, 2, p->lang);
			if (db_done(st) != 0)
				return -1;
			rc = 0;
		}
		if (rc != 0) {
			im->refused = p;
			return -1;
		}
		if (uid < 0) {
			if ((st = db_stmt(d, ins)) == NULL)
				return -1;
			db_bind_text(st, 1, p->login);
			db_bind_text(st, 2, p->name);
			if (p->alt != NULL && *p->alt)
				db_bind_text(st, 3, p->alt);
			db_bind_int64(st, 4, (int64_t)now);
			if (im->by != NULL && im->by->id > 0)
				db_bind_int64(st, 5, im->by->id);
			if (p->lang != NULL)
				db_bind_text(st, 6, p->lang);
			if (db_done(st) != 0)
				return -1;
			uid = db_last_id(d);
			p->created = 1;
			if (db_audit(d, "user.create", p->login) != 0)
				return -1;
		}
		if (p->email != NULL) {
			static const char set_email[] = "UPDATE users SET email = ?2 WHERE id = ?1";

			if ((st = db_stmt_int(d, set_email, uid)) == NULL)
				return -1;
			db_bind_text(st, 2, p->email);
			if (db_done(st) != 0)
				return -1;
		}
		if (im->sitting > 0 && p->seat > 0) {
			if ((st = db_stmt_int(d, seat_taken, im->sitting)) == NULL)
				return -1;
			db_bind_int(st, 2, p->seat);
			db_bind_int64(st, 3, uid);
			if (db_exists(st)) {
				im->why = "seat_taken";
				im->refused = p;
				return -1;
			}
		}
		if (im->sitting > 0) {
			if ((st = db_stmt_int(d, member, im->sitting)) == NULL)
				return -1;
			db_bind_int64(st, 2, uid);
			if (p->seat > 0)
				db_bind_int(st, 3, p->seat);
			if (db_done(st) != 0)
				return -1;
		}
		if (coded) {
			if ((st = db_stmt_int(d, revoke, uid)) == NULL)
				return -1;
			db_bind_int64(st, 2, (int64_t)now);
			if (db_done(st) != 0)
				return -1;
			make_code(p->code);
			code_hash(p->code, h);
			if ((st = db_stmt(d, code)) == NULL)
				return -1;
			db_bind_blob(st, 1, h, 32);
			db_bind_int64(st, 2, uid);
			if (im->sitting > 0)
				db_bind_int64(st, 3, im->sitting);
			db_bind_int64(st, 4, (int64_t)now);
			p->expires = (int64_t)now + (int64_t)im->days * 86400;
			db_bind_int64(st, 5, (int64_t)p->expires);
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

/* The seat column of row (0 when none or empty). */
static int
seat_of(const struct people_row *row, int col)
{
	const char *v = col >= 0 && col < row->nf ? row->f[col] : "";
	char *end;
	long n;

	if (*v == '\0')
		return 0;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 1 && n <= PEOPLE_SEAT_MAX ? (int)n : -1;
}

/* Checks row's seat (a number, in a sitting, once a file) and language;
 * 0, or -1 with the error in errs. */
static int
import_seat_lang(const struct import *im, struct q_bank *errs, const char *lang,
    const struct people_row *row, int col_seat, int col_lang)
{
	int seat = seat_of(row, col_seat);
	const char *l = col_lang >= 0 && col_lang < row->nf ? row->f[col_lang] : "";

	if (seat < 0) {
		import_error(errs, lang, row->line, "people_seat_invalid", "seat",
		    row->f[col_seat], "max", arena_printf(errs->arena, "%d", PEOPLE_SEAT_MAX), NULL);
		return -1;
	}
	if (seat > 0 && im->sitting <= 0) {
		import_error(errs, lang, row->line, "people_seat_no_sitting", NULL);
		return -1;
	}
	if (*l && i18n_match(l) == NULL) {
		import_error(errs, lang, row->line, "people_lang_invalid", "lang", l, NULL);
		return -1;
	}
	for (size_t k = 0; seat > 0 && k < im->n; k++)
		if (im->p[k].seat == seat) {
			import_error(errs, lang, row->line, "people_seat_twice", "seat",
			    arena_printf(errs->arena, "%d", seat), "line",
			    arena_printf(errs->arena, "%d", im->p[k].line), NULL);
			return -1;
		}
	return 0;
}

/* name, and " / " alt when there is one, from a. */
static const char *
names_shown(struct arena *a, const char *name, const char *alt)
{
	return alt != NULL && *alt ? arena_printf(a, "%s / %s", name, alt) : name;
}

json_t *
people_import_csv(struct store *s, const struct user *by, const char *lang,
    const char *csv, int64_t sitting, int codes_days, struct q_bank *errs)
{
	struct arena *a = errs->arena;
	struct import im = { NULL, 0, sitting, codes_days, by, NULL, NULL };
	struct people_row *rows;
	size_t nrows;
	int col_login = -1, col_name = -1, col_alt = -1, col_seat = -1, col_lang = -1;
	int col_email = -1;
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
				else if (strcmp(f[i], "seat") == 0)
					col_seat = i;
				else if (strcmp(f[i], "lang") == 0)
					col_lang = i;
				else if (strcmp(f[i], "email") == 0)
					col_email = i;
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
		else if (col_email >= 0 && col_email < nf && *f[col_email] &&
		    mail_check_address(f[col_email]) != NULL)
			import_error(errs, lang, line, "people_email_invalid", "email", f[col_email],
			    NULL);
		else if (import_seat_lang(&im, errs, lang, &rows[r], col_seat, col_lang) == 0) {
			for (size_t k = 0; k < im.n; k++)
				if (strcasecmp(im.p[k].login, f[col_login]) == 0)
					import_error(errs, lang, line, "people_login_twice", "login",
					    f[col_login], "line", arena_printf(a, "%d", im.p[k].line),
					    NULL);
			im.p = arena_grow(a, im.p, im.n, im.n + 1, sizeof *im.p);
			im.p[im.n].login = f[col_login];
			im.p[im.n].name = im.p[im.n].csv_name = f[col_name];
			im.p[im.n].alt = im.p[im.n].csv_alt = col_alt >= 0 && col_alt < nf ?
			    f[col_alt] : NULL;
			im.p[im.n].line = line;
			im.p[im.n].arena = a;
			im.p[im.n].seat = seat_of(&rows[r], col_seat);
			im.p[im.n].lang = col_lang >= 0 && col_lang < nf && *f[col_lang] ?
			    i18n_match(f[col_lang]) : NULL;
			im.p[im.n].expires = 0;
			im.p[im.n].code[0] = '\0';
			im.p[im.n].created = 0;
			im.p[im.n].email = col_email >= 0 && col_email < nf && *f[col_email] ?
			    f[col_email] : NULL;
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
		if (im.refused != NULL && strcmp(im.why, "import_name_differs") == 0)
			import_error(errs, lang, im.refused->line, "import_name_differs", "login",
			    im.refused->login, "name", names_shown(a, im.refused->name,
			    im.refused->alt), "csv_name", names_shown(a, im.refused->csv_name,
			    im.refused->csv_alt), NULL);
		else if (im.refused != NULL)
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

		if (im.p[i].code[0] != '\0') {
			json_object_set_new(row, "code", json_string(arena_printf(a, "%.4s-%.4s-%.4s-%.4s",
			    im.p[i].code, im.p[i].code + 4, im.p[i].code + 8, im.p[i].code + 12)));
			json_object_set_new(row, "code_expires_at", json_integer(im.p[i].expires));
		}
		if (im.p[i].seat > 0)
			json_object_set_new(row, "seat", json_integer(im.p[i].seat));
		if (im.p[i].lang != NULL)
			json_object_set_new(row, "lang", json_string(im.p[i].lang));
		json_array_append_new(out, row);
	}
	return out;
}

struct new_code {
	const char *login;
	const struct user *by;
	int days;
	struct arena *a;
	char code[ACCESS_CODE_LEN + 1];
	int64_t expires;
	char *name, *alt, *lang, *stored_login;
	const char *err;
};

static int
new_code_fn(struct db *d, void *ctx)
{
	static const char find[] =
	    "SELECT id, login, name, name_alt, lang FROM users WHERE login = ?";
	static const char revoke[] =
	    "UPDATE access_codes SET expires_at = ?2 WHERE user_id = ?1 AND used_at IS NULL "
	    "AND expires_at > ?2";
	/* The code replaces a password: code sign-in opens only an account
	 * without one, and whoever knew the old one is out. */
	static const char no_pw[] = "UPDATE users SET password = '!' WHERE id = ?";
	static const char end[] = "DELETE FROM sessions WHERE user_id = ?";
	static const char ins[] =
	    "INSERT INTO access_codes(code_hash, user_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?)";
	struct new_code *nc = ctx;
	struct stmt *st = db_stmt_text(d, find, nc->login);
	time_t now = time(NULL);
	int64_t uid = 0;
	unsigned char h[32];

	nc->err = "internal_error";
	if (st == NULL)
		return -1;
	if (db_row(st)) {
		uid = db_col_int64(st, 0);
		nc->stored_login = db_text(nc->a, st, 1);
		nc->name = db_text(nc->a, st, 2);
		nc->alt = db_text(nc->a, st, 3);
		nc->lang = db_text(nc->a, st, 4);
	}
	db_end(st);
	if (uid == 0) {
		nc->err = "user_not_found";
		return -1;
	}
	if (!owner_learner_db(d, uid, nc->by) || nc->by->role < ROLE_TRAINER) {
		nc->err = "learner_not_yours";
		return -1;
	}
	/* An admin manages every account: a code still opens only a learner's. */
	if ((st = db_stmt_int(d, "SELECT role = 'learner' FROM users WHERE id = ?", uid)) == NULL)
		return -1;
	if (db_one_int(st, 0) != 1) {
		nc->err = "import_staff_account";
		return -1;
	}
	if ((st = db_stmt_int(d, revoke, uid)) == NULL)
		return -1;
	db_bind_int64(st, 2, (int64_t)now);
	if (db_done(st) != 0 || db_done(db_stmt_int(d, no_pw, uid)) != 0 ||
	    db_done(db_stmt_int(d, end, uid)) != 0)
		return -1;
	db_who_changed(d);
	make_code(nc->code);
	code_hash(nc->code, h);
	if ((st = db_stmt(d, ins)) == NULL)
		return -1;
	nc->expires = (int64_t)now + (int64_t)nc->days * 86400;
	db_bind_blob(st, 1, h, 32);
	db_bind_int64(st, 2, uid);
	db_bind_int64(st, 3, (int64_t)now);
	db_bind_int64(st, 4, (int64_t)nc->expires);
	if (db_done(st) != 0 || db_audit(d, "user.code", nc->stored_login) != 0)
		return -1;
	nc->err = NULL;
	return 0;
}

json_t *
people_new_code(struct store *s, const char *login, const struct user *by, int days,
    const char **err)
{
	struct new_code nc;
	json_t *row;

	memset(&nc, 0, sizeof nc);
	nc.login = login;
	nc.by = by;
	nc.days = days;
	nc.a = arena_new();
	if (login == NULL || account_check_login(login) != NULL || days < 1 || days > 365) {
		arena_free(nc.a);
		*err = login == NULL || account_check_login(login) != NULL ? "user_not_found" :
		    "console_days_invalid";
		return NULL;
	}
	if (store_write(s, new_code_fn, &nc) != 0) {
		*err = nc.err != NULL ? nc.err : "internal_error";
		arena_free(nc.a);
		return NULL;
	}
	row = json_pack("{s:s, s:s, s:b, s:I}", "login", nc.stored_login, "name", nc.name,
	    "created", 0, "code_expires_at", (json_int_t)nc.expires);
	json_object_set_new(row, "code", json_sprintf("%.4s-%.4s-%.4s-%.4s", nc.code,
	    nc.code + 4, nc.code + 8, nc.code + 12));
	if (nc.alt != NULL && *nc.alt)
		json_object_set_new(row, "name_alt", json_string(nc.alt));
	if (nc.lang != NULL && *nc.lang)
		json_object_set_new(row, "lang", json_string(nc.lang));
	arena_free(nc.a);
	return row;
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
	struct stmt *st = db_stmt_int(d, sql, (int64_t)time(NULL));

	if (st == NULL)
		return -1;
	db_bind_blob(st, 2, uc->hash, 32);
	uc->user = db_one_int(st, 0);
	return 0;
}

int
people_code_signin(struct store *s, struct arena *a, const char *code, struct user *u)
{
	static const char sql[] =
	    "SELECT " ACCOUNT_USER_COLS " FROM users WHERE id = ? AND disabled = 0";
	struct use_code uc;
	struct stmt *st;
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
	const char *exam;
	const struct people_sitting_spec *spec;
	const struct user *by;
	int64_t id;
	const char *bad_login, *why;	/* the member refused, its message key */
};

/* A member of spec: a login, or {"login","seat"}; *seat 0 when none. */
static const char *
member_login(const json_t *m, int *seat)
{
	*seat = json_is_object(m) ? (int)json_integer_value(json_object_get(m, "seat")) : 0;
	return json_is_object(m) ? json_string_value(json_object_get(m, "login")) :
	    json_string_value(m);
}

static int
sitting_fn(struct db *d, void *ctx)
{
	static const char ins[] =
	    "INSERT INTO sittings(exam_id, name, opens_at, closes_at, created_by, created_at, "
	    "room) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char find[] = "SELECT id, role FROM users WHERE login = ?";
	/* Named twice, a learner keeps the first seat given. */
	static const char member[] =
	    "INSERT INTO sitting_members(sitting_id, user_id, seat) VALUES (?, ?, ?) "
	    "ON CONFLICT(sitting_id, user_id) DO UPDATE SET "
	    "seat = coalesce(sitting_members.seat, excluded.seat)";
	struct sitting *si = ctx;
	const struct people_sitting_spec *sp = si->spec;
	struct stmt *st = db_stmt(d, ins);
	size_t i;
	json_t *l;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, si->exam);
	db_bind_text(st, 2, sp->name);
	if (sp->opens_at)
		db_bind_int64(st, 3, sp->opens_at);
	if (sp->closes_at)
		db_bind_int64(st, 4, sp->closes_at);
	if (si->by != NULL && si->by->id > 0)
		db_bind_int64(st, 5, si->by->id);
	db_bind_int64(st, 6, (int64_t)time(NULL));
	if (sp->room != NULL && *sp->room)
		db_bind_text(st, 7, sp->room);
	if (db_done(st) != 0)
		return -1;
	si->id = db_last_id(d);
	/* Members are learners their booker manages (owner.h): a sitting
	 * never becomes a way to manage somebody else's learner. */
	json_array_foreach(sp->members, i, l) {
		int64_t uid = -1;
		int learner = 0, seat;

		si->bad_login = member_login(l, &seat);
		if ((st = db_stmt_text(d, find, si->bad_login)) == NULL)
			return -1;
		if (db_row(st)) {
			uid = db_col_int64(st, 0);
			learner = strcmp(db_col_text(st, 1), "learner") == 0;
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
		db_bind_int64(st, 2, uid);
		if (seat > 0)
			db_bind_int(st, 3, seat);
		if (db_done(st) != 0)
			return -1;
	}
	si->bad_login = NULL;
	if (sp->proctors != NULL &&
	    proctor_assign_db(d, si->id, sp->proctors, si->by, &si->bad_login, &si->why) != 0)
		return -1;
	return db_audit(d, "sitting.create", sp->name);
}

int64_t
people_sitting_create(struct store *s, struct arena *a, const struct user *by,
    const char *lang, const char *exam, const char *name, long long opens_at,
    long long closes_at, const json_t *logins, const char **err)
{
	struct people_sitting_spec sp = { name, NULL, opens_at, closes_at, logins, NULL };

	return people_sitting_book(s, a, by, lang, exam, &sp, err);
}

/* The first seat of sp's members out of range or given twice, as a
 * message in lang; NULL if they are good. */
static const char *
seats_check(struct arena *a, const char *lang, const json_t *members)
{
	size_t i, k;
	json_t *m, *o;
	int seat, other;

	json_array_foreach(members, i, m) {
		(void)member_login(m, &seat);
		if (json_is_object(m) && json_object_get(m, "seat") != NULL &&
		    (!json_is_integer(json_object_get(m, "seat")) || seat < 1 ||
		    seat > PEOPLE_SEAT_MAX))
			return i18n_msg(a, lang, "sitting_seat_invalid", "max",
			    arena_printf(a, "%d", PEOPLE_SEAT_MAX), NULL);
		for (k = 0; seat > 0 && k < i && (o = json_array_get(members, k)) != NULL; k++) {
			(void)member_login(o, &other);
			if (other == seat)
				return i18n_msg(a, lang, "sitting_seat_twice", "seat",
				    arena_printf(a, "%d", seat), NULL);
		}
	}
	return NULL;
}

int64_t
people_sitting_book(struct store *s, struct arena *a, const struct user *by,
    const char *lang, const char *exam, const struct people_sitting_spec *sp,
    const char **err)
{
	struct sitting si = { exam, sp, by, 0, NULL, NULL };

	*err = NULL;
	if (sp->name == NULL || *sp->name == '\0' || strlen(sp->name) > 200) {
		*err = i18n_get(lang, "sitting_name_invalid");
		return -1;
	}
	if (sp->room != NULL && strlen(sp->room) > 200) {
		*err = i18n_get(lang, "sitting_room_invalid");
		return -1;
	}
	if (sp->opens_at && sp->closes_at && sp->closes_at <= sp->opens_at) {
		*err = i18n_get(lang, "sitting_window_invalid");
		return -1;
	}
	if ((*err = seats_check(a, lang, sp->members)) != NULL)
		return -1;
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
	    "(SELECT count(*) FROM sitting_members m WHERE m.sitting_id = s.id) AS members, "
	    "coalesce(room, '') AS room "
	    "FROM sittings s WHERE exam_id = ? ORDER BY id";

	return db_json_rows(db_stmt_text(store_db(s), sql, exam));
}

json_t *
people_sitting_get(struct store *s, int64_t sitting)
{
	static const char sql[] =
	    "SELECT s.id AS id, s.exam_id AS exam_id, s.name AS name, "
	    "coalesce(s.room, '') AS room, coalesce(s.opens_at, 0) AS opens_at, "
	    "coalesce(s.closes_at, 0) AS closes_at, "
	    "json_extract(e.definition, '$.title.en') AS exam_en, "
	    "json_extract(e.definition, '$.title.\"zh-TW\"') AS exam_zh "
	    "FROM sittings s JOIN exams e ON e.id = s.exam_id WHERE s.id = ?";
	json_t *rows = db_json_rows(db_stmt_int(store_db(s), sql, sitting));
	json_t *one = json_incref(json_array_get(rows, 0));

	json_decref(rows);
	return one;
}

json_t *
people_sitting_roster(struct store *s, int64_t sitting, int by_seat)
{
	/* By seat (the unseated last, by name), or by name then login. */
	static const char sql_seat[] =
	    "SELECT u.login AS login, u.name AS name, coalesce(u.name_alt, '') AS name_alt, "
	    "coalesce(m.seat, 0) AS seat FROM sitting_members m JOIN users u ON u.id = m.user_id "
	    "WHERE m.sitting_id = ? ORDER BY m.seat IS NULL, m.seat, u.name, u.login";
	static const char sql_name[] =
	    "SELECT u.login AS login, u.name AS name, coalesce(u.name_alt, '') AS name_alt, "
	    "coalesce(m.seat, 0) AS seat FROM sitting_members m JOIN users u ON u.id = m.user_id "
	    "WHERE m.sitting_id = ? ORDER BY u.name, u.login";

	return db_json_rows(db_stmt_int(store_db(s), by_seat ? sql_seat : sql_name, sitting));
}
