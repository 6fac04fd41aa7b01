/*
 * cert.h - certificates in the store: when a passed attempt gets one
 * (the issuance policy) and issuing it, its PDF (rendered once, off the
 * request threads, then served from the database), revocation and
 * re-issue, the signed status list, the issuer's key set, and checking a
 * code online.
 *
 * A certificate's claims are signed into its code (cert_code.h): anyone
 * can check them offline with the issuer's public key. The database adds
 * what a signature cannot say: revocation, and the SHA-256 of the PDF as
 * issued, so an edited PDF is caught.
 */
#ifndef AICERT_CERT_H
#define AICERT_CERT_H

#include <jansson.h>
#include <stdint.h>

#include "arena.h"
#include "cert_code.h"
#include "keys.h"
#include "store.h"

struct cert {
	int64_t id;
	char *serial;
	int64_t attempt_id, user_id;
	char *exam_id, *holder, *holder_alt, *exam_en, *exam_zh;
	int score_bp;
	int64_t issued_at, expires_at;	/* Unix seconds; expires_at 0 = never */
	char *key_id, *code, *pdf_sha256;	/* pdf_sha256 NULL until rendered */
	int64_t revoked_at;		/* 0 = not revoked */
	char *revoke_reason, *superseded_by;
	char *programme_id;		/* a programme's certificate: its id, else NULL */
};

enum cert_status {
	CERT_VALID,
	CERT_REVOKED,
	CERT_EXPIRED,
	CERT_INVALID,
};

/* "valid", "revoked", "expired", "invalid". */
const char *cert_status_name(enum cert_status st);

/* Issues the certificate of a graded, passed attempt whose exam awards
 * one, signed with k; idempotent (an attempt keeps its certificate).
 * Returns 1 with *serial (from a) when the attempt has a certificate, 0
 * when none is due, -1 on failure. A failure (a name the code cannot
 * carry, the database refusing) is printed on stderr, kept as the
 * attempt's cert_error for trainers to see and audited once per reason
 * as "cert.issue_failed"; success clears cert_error. */
int cert_issue(struct store *s, const struct signing_key *k, int64_t attempt_id,
    struct arena *a, char **serial);

/* Loads a certificate by serial / by attempt (the current, not superseded,
 * one). 1 found, 0 not. Strings from a. */
int cert_find(struct store *s, struct arena *a, const char *serial, struct cert *c);
int cert_of_attempt(struct store *s, struct arena *a, int64_t attempt_id, struct cert *c);

/* Renders and stores the PDF of serial unless it has one. Slow (tens of
 * ms): call off the connection threads. 0 or -1; a render that fails is
 * recorded as cert_issue records a failure. */
int cert_render(struct store *s, const char *serial, const char *base_url);

/* Why attempt_id's certificate (or its PDF) could not be made, as last
 * recorded (from a), or NULL when nothing failed or it was done since. */
char *cert_issue_error(struct store *s, struct arena *a, int64_t attempt_id);

/* The issuance policy as the server runs it: the key that signs and the
 * base URL the codes point to, both outliving the server's run. */
struct cert_policy {
	const struct signing_key *key;
	const char *base_url;
};

/* After an attempt is graded (an attempt_hook: give it with a struct
 * cert_policy to attempt_on_finish): issues its certificate when one is
 * due (cert_issue's rule; a failure is recorded as cert_issue records
 * one) and queues its PDF on the worker pool (pool.h), never rendering it
 * on the calling thread. */
/* cert_verify.c: to call after every write to certificates or keys (or
 * when another node made one): what a verification remembered under an
 * older generation is read again (see cert_check). */
void cert_changed(void);

void cert_issue_for_attempt(struct store *s, int64_t attempt_id, void *policy);

/* cert_programme.c: after attempt_id is graded, issues the certificate
 * of every programme it completes (programme.h): it passes a part of the
 * programme, and every other part has a passing attempt of the same
 * learner such that all their finish times lie within the programme's
 * window of days; of the sets that fit, the one with the best mean
 * percent, which the certificate shows. Once per learner and programme
 * while one is in force. The serials issued now are appended to *serials
 * (from a, *n of them). 0, or -1 if one could not be issued (recorded as
 * cert_issue records a failure). */
int cert_issue_programmes(struct store *s, const struct signing_key *k, int64_t attempt_id,
    struct arena *a, char ***serials, size_t *n);

/* cert_programme.c: the exams programme joins, as one line (from a):
 * "科目 Parts: 甲 Alpha · 乙 Beta" (each in both languages; the "科目 Parts: "
 * lead only with pdf 1, for the PDF); when there is no such programme,
 * NULL (pdf 1) or its id. */
char *cert_programme_parts(struct store *s, struct arena *a, const char *programme, int pdf);

/* What a crash (or a failure) left undone, for `serve` to finish before
 * it listens: issues every certificate that is due (a graded, passed
 * attempt of an exam that awards one, with no certificate ever issued:
 * cert_issue's rule; revoked and re-issued ones are not due again), then
 * renders every missing PDF of a certificate in force. A failure is
 * recorded as cert_issue and cert_render record one (stderr, the
 * attempt's cert_error, an audit row "cert.issue_failed") and tried
 * again at the next start. Counts into out. 0, or -1 if the store could
 * not be read. */
struct cert_backlog {
	int issued, rendered, failed;
};
int cert_catch_up(struct store *s, const struct signing_key *k, const char *base_url,
    struct cert_backlog *out);

/* cert_catch_up under p, saying on stderr what it did when it did
 * anything (or that the store could not be read). */
void cert_catch_up_report(struct store *s, const struct cert_policy *p);

/* The stored PDF (malloc'd, caller frees). 1 found, 0 not rendered yet. */
int cert_pdf_load(struct store *s, const char *serial, unsigned char **pdf, size_t *len);

/* Revokes serial with reason by user. 1 revoked now, 2 was already, 0 no
 * such certificate, -1 failure. */
int cert_revoke(struct store *s, const char *serial, const char *reason, int64_t user);

/* Issues a new certificate for serial's attempt with the holder's current
 * name, and revokes the old one as superseded. 1 with *new_serial, 0 no
 * such certificate, -1 failure. */
int cert_reissue(struct store *s, const struct signing_key *k, const char *serial,
    int64_t user, struct arena *a, char **new_serial);

/* The learner's certificates: [{"serial","exam","issued_at","expires_at",
 * "status","verify_url","pdf_url","credential_url","revoked_at",
 * "revoke_reason","superseded_by"}] (the last three null unless revoked,
 * re-issued). */
json_t *cert_list_user(struct store *s, int64_t user_id, const char *base_url,
    const char *lang);

/* 1 if reason is the one a re-issue records for the certificate that by
 * replaced ("superseded by " and by, in English for the records and the
 * status list): pages word it in their own language instead. */
int cert_reason_is_reissue(const char *reason, const char *by);

/* Sets "revoked_at", "revoke_reason" and "superseded_by" of o from c (null
 * when c is not revoked, not re-issued). */
void cert_put_revocation(json_t *o, const struct cert *c);

/* The signed status list of revoked certificates (malloc'd text). */
char *cert_status_list(struct store *s, const struct signing_key *k);

/* Records k's public key in the key set (no-op if present). 0 or -1. */
int cert_keys_register(struct store *s, const struct signing_key *k);

/* The key set document of /.well-known/aicert-keys.json. */
json_t *cert_keys_json(struct store *s);

/* The issuer's legal name in both languages (issuer.h, with its
 * defaults), from a. */
void cert_issuer(struct store *s, struct arena *a, const char **en, const char **zh);

/* Checks a code (or URL) online: signature against any key of the key
 * set, then the registry (revocation) and the date. claims and rec are
 * filled as far as known (*found_rec says whether the serial is in this
 * database). *why is a reason for CERT_INVALID: a message catalog key
 * (i18n_get), or cert_code_parse's reason. A code whose signature
 * held is remembered (rec's strings copied to a) until a certificate or
 * key of this process changes, the day turns, or a minute passes (a
 * change made by another process, such as the command line). */
enum cert_status cert_check(struct store *s, struct arena *a, const char *code,
    struct cert_claims *claims, struct cert *rec, int *found_rec, const char **why);

/* The answer of GET /api/v1/verify for a code that cert_check remembers,
 * in lang (0 en, 1 zh-TW): a malloc'd copy with the status and serial to
 * log, or NULL. cert_answer_put attaches an answer made from cert_check's
 * result to the remembered code, unless certificates changed since gen,
 * the cert_generation() read before that cert_check. */
char *cert_answer_get(struct store *s, const char *code, int lang, enum cert_status *st,
    char serial[64]);
uint64_t cert_generation(void);
void cert_answer_put(struct store *s, const char *code, int lang, uint64_t gen,
    const char *answer);

/* Logs one verification (serial may be NULL) without waiting: rows are
 * gathered and written by one queued write per batch, and repeats of the
 * same minute, serial, outcome and address are counted in one row. */
void cert_log_verification(struct store *s, const char *serial, enum cert_status st,
    const char *addr);
/* The same, saying how the certificate was looked up. */
void cert_log_verification_via(struct store *s, const char *serial, enum cert_status st,
    const char *addr, int via);

/* BASE/v/CODE, the URL a QR holds (upper case: QR alphanumeric mode). */
char *cert_verify_url(struct arena *a, const char *base_url, const char *code);

/* Lookup without a QR (cert_lookup.c). What a person typed, folded as a
 * printed name or serial is read: full-width forms as their ASCII, ASCII
 * letters in upper case, white space collapsed to one space and trimmed
 * (from a). */
char *cert_fold(struct arena *a, const char *s);

/* The code (from a) of the certificate with this serial when name matches
 * its holder's name in either script, or check its printed check code
 * (cert_check_code_read), both folded as cert_fold; exactly one of name
 * and check is given (the other NULL or ""). 1 found, 0 not (no such
 * serial, or what was typed does not match: the caller does not say
 * which), -1 if the store could not be read. */
int cert_lookup(struct store *s, struct arena *a, const char *serial, const char *name,
    const char *check, char **code);

/* How a verification found its certificate, for the log. */
enum cert_via {
	CERT_VIA_CODE,		/* the code: a QR scanned, a link, a pasted code */
	CERT_VIA_NAME,		/* serial and the holder's name */
	CERT_VIA_CHECK,		/* serial and the printed check code */
};

/* The revoked and re-issued certificates of the exams owner_id owns (0:
 * of every exam, for admins), of exam only when it is not NULL, the latest
 * revocation first: [{"serial","exam_id","exam"(in lang),"holder",
 * "holder_alt"?,"issued_at","revoked_at","revoke_reason","superseded_by"?}]. */
json_t *cert_list_revoked(struct store *s, int64_t owner_id, const char *exam,
    const char *lang);

/* The same as CSV (UTF-8 with a BOM, English column names) into out. */
struct buf;
void cert_revoked_csv(struct store *s, int64_t owner_id, const char *exam, struct buf *out);

/* cert_trust.c: the trust list of other issuers (trust_list.h) that
 * cert_check accepts codes from, for `serve --trust-list`. Loads the list
 * at path, checked with the registry public key(s) of the PEM file
 * registry_pem, and puts it in place of the one in use (if any). 0, or
 * -1 with one line in err, the list in use unchanged. */
int cert_trust_load(const char *path, const char *registry_pem, char *err, size_t errlen);
/* "trust list of REGISTRY (issuers: N, registry key ID)" into out: 1, or 0
 * when no list is loaded. */
int cert_trust_summary(char *out, size_t outlen);
/* Drops the list in use (at shutdown). */
void cert_trust_clear(void);

/* Another issuer a certificate comes from, as the trust list names it. */
struct cert_listed {
	const char *name_en, *name_zh, *url, *registry;
};
/* 1 with out filled (strings from a) if key id kid is not a key of this
 * issuer's key set but is listed in the trust list in use; else 0. */
int cert_trust_issuer(struct store *s, struct arena *a, const char *kid,
    struct cert_listed *out);

/* cert_notify.c: queues the mail certificates' holders are owed (issued,
 * revoked, expiring in 90 and 30 days), each once; policy a struct
 * cert_policy (its base_url). For mail_on_scan: the mail worker's thread. */
void cert_notify_scan(struct store *s, void *policy);

#endif
