/*
 * cert.c - certificates in SQLite, issuing and looking up; see cert.h.
 * Issuing a passed attempt's certificate (signed claims in its code),
 * re-issuing one, recording why one could not be made, and reading
 * certificates back (by serial, by attempt, a learner's list). The rest of
 * the module lives by job: cert_policy.c (when an attempt gets one, and
 * what a crash left undone), cert_render.c (the PDF), cert_revoke.c
 * (revocation, the status list), cert_keys.c (the key set), cert_verify.c
 * (checking a code, with its cache) and cert_vlog.c (the verification
 * log). Depends on the code format (cert_code.c), the store and
 * timefmt.c (calendar years).
 */
#include "cert.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"
#include "issuer.h"
#include "timefmt.h"

#define CERT_COLS "id, serial, attempt_id, user_id, exam_id, holder, holder_alt, " \
	"exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code, pdf_sha256, " \
	"revoked_at, revoke_reason, superseded_by, programme_id"

const char *
cert_status_name(enum cert_status st)
{
	switch (st) {
	case CERT_VALID: return "valid";
	case CERT_REVOKED: return "revoked";
	case CERT_EXPIRED: return "expired";
	default: return "invalid";
	}
}

static void
fill(struct arena *a, struct stmt *st, struct cert *c)
{
	c->id = db_col_int64(st, 0);
	c->serial = db_text(a, st, 1);
	c->attempt_id = db_col_int64(st, 2);
	c->user_id = db_col_int64(st, 3);
	c->exam_id = db_text(a, st, 4);
	c->holder = db_text(a, st, 5);
	c->holder_alt = db_text(a, st, 6);
	c->exam_en = db_text(a, st, 7);
	c->exam_zh = db_text(a, st, 8);
	c->score_bp = db_col_int(st, 9);
	c->issued_at = db_col_int64(st, 10);
	c->expires_at = db_col_int64(st, 11);
	c->key_id = db_text(a, st, 12);
	c->code = db_text(a, st, 13);
	c->pdf_sha256 = db_text(a, st, 14);
	c->revoked_at = db_col_int64(st, 15);
	c->revoke_reason = db_text(a, st, 16);
	c->superseded_by = db_text(a, st, 17);
	c->programme_id = db_text(a, st, 18);
}

static int
find_by(struct db *d, struct arena *a, const char *sql, int64_t id,
    const char *text, struct cert *c)
{
	struct stmt *st = text != NULL ? db_stmt_text(d, sql, text) : db_stmt_int(d, sql, id);
	int found = db_row(st);

	if (found)
		fill(a, st, c);
	db_end(st);
	return found;
}

static const char by_serial[] = "SELECT " CERT_COLS " FROM certificates WHERE serial = ?";
static const char by_attempt[] = "SELECT " CERT_COLS " FROM certificates "
    "WHERE attempt_id = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1";

int
cert_find(struct store *s, struct arena *a, const char *serial, struct cert *c)
{
	return serial != NULL && find_by(store_db(s), a, by_serial, 0, serial, c);
}

int
cert_of_attempt(struct store *s, struct arena *a, int64_t attempt_id, struct cert *c)
{
	return find_by(store_db(s), a, by_attempt, attempt_id, NULL, c);
}

char *
cert_verify_url(struct arena *a, const char *base_url, const char *code)
{
	char *u = arena_printf(a, "%s/V/%s", base_url, code);

	/* Upper case keeps the whole URL in QR alphanumeric mode; scheme and
	 * host are case-insensitive and the server takes /V/ and /v/. */
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

void
cert_issuer(struct store *s, struct arena *a, const char **en, const char **zh)
{
	struct issuer is;

	issuer_load_text(s, a, &is);
	*en = is.legal_en;
	*zh = is.legal_zh;
}

/* ---- issuing ---- */

struct issue {
	const struct signing_key *k;
	int64_t attempt;
	int64_t supersede;	/* id of a certificate this one replaces, or 0 */
	int64_t user;		/* who asked (audit), 0 = the system */
	const char *programme;	/* a programme's certificate: its id, else NULL */
	int score_bp;		/* a programme's: the score it shows */
	struct arena *a;
	char *serial;
	int result;
	const char *why;	/* on failure: the reason, in English */
};

/* Why a holder's name (holder_alt: the other one) cannot go into a
 * certificate code, or NULL if it can (cert_code_make's rules). */
static const char *
name_problem(const char *name, int alt)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0)
		return alt ? NULL : "the holder has no name";
	if (n > 255)
		return alt ? "the holder's other name is longer than 255 bytes" :
		    "the holder's name is longer than 255 bytes";
	if (!cert_code_text_ok(name, n, 0))
		return alt ? "the holder's other name holds a control character or is not "
		    "UTF-8, which a certificate cannot carry" :
		    "the holder's name holds a control character or is not UTF-8, which a "
		    "certificate cannot carry";
	return NULL;
}

int
cert_clear_failure(struct db *d, int64_t attempt)
{
	static const char sql[] =
	    "UPDATE attempts SET cert_error = NULL WHERE id = ? AND cert_error IS NOT NULL";

	return db_done(db_stmt_int(d, sql, attempt));
}

struct failure {
	int64_t attempt;
	const char *why;
	char public_id[64];	/* read back, for the log */
};

static int
failure_fn(struct db *d, void *ctx)
{
	static const char pid[] = "SELECT public_id FROM attempts WHERE id = ?";
	static const char set[] =
	    "UPDATE attempts SET cert_error = ?2 WHERE id = ?1 AND cert_error IS NOT ?2";
	struct failure *f = ctx;
	struct stmt *st = db_stmt_int(d, pid, f->attempt);
	char detail[640];

	if (st == NULL)
		return -1;
	if (db_row(st))
		snprintf(f->public_id, sizeof f->public_id, "%s",
		    db_col_text(st, 0));
	db_end(st);
	if ((st = db_stmt_int(d, set, f->attempt)) == NULL)
		return -1;
	db_bind_text(st, 2, f->why);
	if (db_done(st) != 0)
		return -1;
	/* One audit row per reason, not one per retry at each start. */
	if (db_changes(d) == 0)
		return 0;
	snprintf(detail, sizeof detail, "attempt %s: %s", f->public_id, f->why);
	return db_audit(d, "cert.issue_failed", detail);
}

void
cert_record_failure(struct store *s, int64_t attempt, const char *why)
{
	struct failure f = { attempt, why, "" };

	store_write(s, failure_fn, &f);
	fprintf(stderr, "aicert: certificate of attempt %s not issued: %s\n",
	    f.public_id[0] ? f.public_id : "?", why);
}

/* Same month and day, years later (UTC). */
static int64_t
add_years(int64_t t, int years)
{
	struct timefmt_tm tm;

	/* As timegm would: 29 February of a year without one is 1 March. */
	timefmt_split(t, 0, &tm);
	return timefmt_days_from_civil(tm.year + years, tm.month, tm.day) * 86400 +
	    tm.hour * 3600 + tm.min * 60 + tm.sec;
}

static int
issue_fn(struct db *d, void *ctx)
{
	static const char att[] =
	    "SELECT a.state, a.passed, a.percent, a.exam_def, a.exam_id, a.user_id, "
	    "u.name, u.name_alt FROM attempts a JOIN users u ON u.id = a.user_id WHERE a.id = ?";
	static const char next[] = "SELECT coalesce(max(id), 0) + 1 FROM certificates";
	static const char ins[] =
	    "INSERT INTO certificates(id, serial, attempt_id, user_id, exam_id, holder, "
	    "holder_alt, exam_en, exam_zh, score_bp, issued_at, expires_at, key_id, code, "
	    "status_index, programme_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "(SELECT coalesce(max(status_index), -1) + 1 FROM certificates), ?15)";
	static const char part_of[] = "SELECT 1 FROM programme_parts WHERE exam_id = ? LIMIT 1";
	static const char prog[] = "SELECT definition FROM programmes WHERE id = ?";
	static const char supersede[] =
	    "UPDATE certificates SET superseded_by = ?, revoked_at = coalesce(revoked_at, ?), "
	    "revoke_reason = coalesce(revoke_reason, 'superseded by ' || ?) WHERE id = ?";
	struct issue *is = ctx;
	struct cert existing;
	struct cert_claims cl;
	struct stmt *st;
	json_t *def = NULL;
	int64_t now = (int64_t)time(NULL), id, expires = 0;
	int years;
	char *code = NULL, exam_id[65];
	struct timefmt_tm tm;

	is->result = 0;
	if (is->programme != NULL && is->supersede == 0) {
		/* once per learner and programme while one is in force */
		int held = 0;

		if ((st = db_stmt_text(d, cert_programme_held, is->programme)) == NULL)
			return -1;
		db_bind_int64(st, 2, cert_attempt_user(d, is->attempt));
		db_bind_int64(st, 3, now);
		if (db_row(st)) {
			is->serial = db_text(is->a, st, 0);
			held = 1;
		}
		db_end(st);
		if (held) {
			is->result = 1;
			return 0;
		}
	} else if (is->supersede == 0 &&
	    find_by(d, is->a, by_attempt, is->attempt, NULL, &existing)) {
		is->serial = existing.serial;
		is->result = 1;
		return 0;
	}
	if ((st = db_stmt_int(d, att, is->attempt)) == NULL)
		return -1;
	/* A programme's completion was judged by its own pass marks. */
	if (!db_row(st) || strcmp(db_col_text(st, 0), "running") == 0 ||
	    (is->programme == NULL && db_col_int(st, 1) != 1)) {
		db_end(st);
		return 0;	/* not graded, or not passed: nothing due */
	}
	if (is->programme != NULL) {
		/* A programme's certificate: its title and term are the
		 * programme's, its exam claim the programme's id. */
		char *pd = db_one_text(is->a, db_stmt_text(d, prog, is->programme));

		def = pd != NULL ? json_loads(pd, 0, NULL) : NULL;
	} else if (is->supersede == 0 && db_exists(db_stmt_text(d, part_of,
	    db_col_text(st, 4)))) {
		db_end(st);
		return 0;	/* a part exam alone: its programme certifies */
	} else
		def = json_loads(db_col_text(st, 3), 0, NULL);
	years = (int)json_integer_value(json_object_get(json_object_get(def, "certificate"),
	    "valid_years"));
	/* A name the code cannot carry is refused here, with a reason,
	 * rather than cut short or failing without one. */
	if (years > 0 && ((is->why = name_problem(db_col_text(st, 6),
	    0)) != NULL || (is->why = name_problem(db_col_text(st, 7),
	    1)) != NULL)) {
		db_end(st);
		goto fail;
	}
	memset(&cl, 0, sizeof cl);
	snprintf(cl.holder, sizeof cl.holder, "%s", db_col_text(st, 6));
	if (db_col_type(st, 7) != DB_NULL)
		snprintf(cl.holder_alt, sizeof cl.holder_alt, "%s",
		    db_col_text(st, 7));
	snprintf(cl.exam, sizeof cl.exam, "%s", is->programme != NULL ? is->programme :
	    db_col_text(st, 4));
	cl.score_bp = is->programme != NULL ? (unsigned)is->score_bp :
	    (unsigned)lround(db_col_double(st, 2) * 100.0);
	snprintf(exam_id, sizeof exam_id, "%s", db_col_text(st, 4));
	cl.passed = 1;
	{
		int64_t uid = db_col_int64(st, 5);

		db_end(st);
		if (years <= 0) {
			json_decref(def);
			return 0;	/* this exam awards no certificate */
		}
		is->why = "the database refused the certificate";
		if ((id = db_one_int(db_stmt(d, next), -1)) < 0)
			goto fail;
		timefmt_split(now, 0, &tm);
		snprintf(cl.serial, sizeof cl.serial, "AIC-%04lld-%06lld", tm.year,
		    (long long)id);
		expires = add_years(now, years);
		cl.issued_day = (long)(now / 86400);
		cl.expires_day = (long)(expires / 86400);
		sodium_hex2bin(cl.key_id, sizeof cl.key_id, is->k->id, KEY_ID_LEN, NULL, NULL, NULL);
		if ((code = cert_code_make(&cl, is->k->sk)) == NULL) {
			is->why = "the certificate code could not be made from its claims";
			goto fail;
		}
		if ((st = db_stmt(d, ins)) == NULL)
			goto fail;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, cl.serial);
		db_bind_int64(st, 3, is->attempt);
		db_bind_int64(st, 4, uid);
		db_bind_text(st, 5, exam_id);
		db_bind_text(st, 6, cl.holder);
		if (cl.holder_alt[0] != '\0')
			db_bind_text(st, 7, cl.holder_alt);
		db_bind_text(st, 8, json_string_value(json_object_get(json_object_get(def,
		    "title"), "en")));
		db_bind_text(st, 9, json_string_value(json_object_get(json_object_get(def,
		    "title"), "zh-TW")));
		db_bind_int(st, 10, (int)cl.score_bp);
		db_bind_int64(st, 11, now);
		db_bind_int64(st, 12, expires);
		db_bind_text(st, 13, is->k->id);
		db_bind_text(st, 14, code);
		if (is->programme != NULL)
			db_bind_text(st, 15, is->programme);
		if (db_done(st) != 0)
			goto fail;
	}
	if (is->supersede != 0) {
		if ((st = db_stmt(d, supersede)) == NULL)
			goto fail;
		db_bind_text(st, 1, cl.serial);
		db_bind_int64(st, 2, now);
		db_bind_text(st, 3, cl.serial);
		db_bind_int64(st, 4, is->supersede);
		if (db_done(st) != 0)
			goto fail;
	}
	if (db_audit(d, is->supersede ? "certificate.reissue" : "certificate.issue",
	    is->programme != NULL ? arena_printf(is->a, "%s (programme %s)", cl.serial,
	    is->programme) : cl.serial) != 0 || cert_clear_failure(d, is->attempt) != 0)
		goto fail;
	is->serial = arena_strdup(is->a, cl.serial);
	is->result = 1;
	free(code);
	json_decref(def);
	return 0;
fail:
	free(code);
	json_decref(def);
	is->result = -1;
	return -1;
}

int
cert_issue(struct store *s, const struct signing_key *k, int64_t attempt_id,
    struct arena *a, char **serial)
{
	struct issue is = { k, attempt_id, 0, 0, NULL, 0, a, NULL, 0, NULL };

	int rc = store_write(s, issue_fn, &is);

	cert_changed();
	if (rc != 0) {
		cert_record_failure(s, attempt_id, is.why ? is.why :
		    "the database could not be written");
		return -1;
	}
	*serial = is.serial;
	return is.result;
}

int
cert_issue_programme(struct store *s, const struct signing_key *k, int64_t attempt_id,
    const char *programme, int score_bp, struct arena *a, char **serial)
{
	struct issue is = { k, attempt_id, 0, 0, programme, score_bp, a, NULL, 0, NULL };
	int rc = store_write(s, issue_fn, &is);

	cert_changed();
	if (rc != 0) {
		cert_record_failure(s, attempt_id, is.why ? is.why :
		    "the database could not be written");
		return -1;
	}
	*serial = is.serial;
	return is.result;
}

int
cert_reissue(struct store *s, const struct signing_key *k, const char *serial,
    int64_t user, struct arena *a, char **new_serial)
{
	struct cert c;
	struct issue is;
	int rc;

	if (!cert_find(s, a, serial, &c))
		return 0;
	is = (struct issue){ k, c.attempt_id, c.id, user, c.programme_id, c.score_bp, a, NULL,
	    0, NULL };
	rc = store_write(s, issue_fn, &is);
	cert_changed();
	if (rc != 0 || is.result != 1)
		return -1;
	*new_serial = is.serial;
	return 1;
}

/* ---- reading ---- */

char *
cert_issue_error(struct store *s, struct arena *a, int64_t attempt_id)
{
	static const char sql[] = "SELECT cert_error FROM attempts WHERE id = ?";

	return db_one_text(a, db_stmt_int(store_db(s), sql, attempt_id));
}

int
cert_reason_is_reissue(const char *reason, const char *by)
{
	return reason != NULL && by != NULL && strncmp(reason, "superseded by ", 14) == 0 &&
	    strcmp(reason + 14, by) == 0;
}

void
cert_put_revocation(json_t *o, const struct cert *c)
{
	json_object_set_new(o, "revoked_at", c->revoked_at ? json_integer(c->revoked_at) :
	    json_null());
	json_object_set_new(o, "revoke_reason", c->revoked_at && c->revoke_reason ?
	    json_string(c->revoke_reason) : json_null());
	json_object_set_new(o, "superseded_by", c->superseded_by ?
	    json_string(c->superseded_by) : json_null());
}

json_t *
cert_list_user(struct store *s, int64_t user_id, const char *base_url, const char *lang)
{
	static const char sql[] =
	    "SELECT " CERT_COLS " FROM certificates WHERE user_id = ? ORDER BY id DESC";
	struct stmt *st = db_stmt_int(store_db(s), sql, user_id);
	struct arena *a = arena_new();
	json_t *out = json_array();
	long today = (long)(time(NULL) / 86400);

	while (db_row(st)) {
		struct cert c;
		enum cert_status cs;

		fill(a, st, &c);
		cs = c.revoked_at ? CERT_REVOKED : c.expires_at && c.expires_at / 86400 < today ?
		    CERT_EXPIRED : CERT_VALID;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}",
		    "serial", c.serial, "exam_id", c.exam_id,
		    "exam", lang && strcmp(lang, "zh-TW") == 0 ? c.exam_zh : c.exam_en,
		    "issued_at", (json_int_t)c.issued_at, "expires_at", (json_int_t)c.expires_at,
		    "status", cert_status_name(cs),
		    "verify_url", cert_verify_url(a, base_url, c.code),
		    "pdf_url", arena_printf(a, "/api/v1/certificates/%s.pdf", c.serial)));
		cert_put_revocation(json_array_get(out, json_array_size(out) - 1), &c);
		json_object_set_new(json_array_get(out, json_array_size(out) - 1),
		    "credential_url", json_string(arena_printf(a,
		    "/api/v1/certificates/%s/credential", c.serial)));
		json_object_set_new(json_array_get(out, json_array_size(out) - 1),
		    "programme", c.programme_id ? json_string(c.programme_id) : json_null());
	}
	db_end(st);
	arena_free(a);
	return out;
}
