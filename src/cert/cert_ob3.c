/*
 * cert_ob3.c - certificates as Open Badges 3.0 credentials, the published
 * Bitstring Status List, and checking a credential online; see
 * cert_ob3.h. Depends on ob3.c (form, proof, bits), the store, cert.c
 * (the certificate, the issuer's name), cert_keys.c and i18n.
 */
#include "cert_ob3.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert_int.h"
#include "i18n.h"
#include "timefmt.h"

#define LIST_TTL (24 * 3600)		/* a status list's validity */
#define LIST_REMAKE (12 * 3600)		/* made again after this, unchanged or not */

/* The score as OB3's Percent result: "87", "87.5", "87.55". */
static char *
percent(struct arena *a, int bp)
{
	if (bp % 100 == 0)
		return arena_printf(a, "%d", bp / 100);
	if (bp % 10 == 0)
		return arena_printf(a, "%d.%d", bp / 100, bp % 100 / 10);
	return arena_printf(a, "%d.%02d", bp / 100, bp % 100);
}

static int64_t
status_index(struct store *s, const char *serial)
{
	static const char sql[] = "SELECT status_index FROM certificates WHERE serial = ?";

	return db_one_int(db_stmt_text(store_db(s), sql, serial), -1);
}

/* "en / zh" when they differ. */
static char *
both(struct arena *a, const char *en, const char *zh)
{
	return zh == NULL || *zh == '\0' || strcmp(en, zh) == 0 ? arena_strdup(a, en) :
	    arena_printf(a, "%s / %s", en, zh);
}

/* The competency areas the attempt's items carried, as its result keeps
 * them, as the achievement's alignments: [{"type":["Alignment"],
 * "targetName","targetCode","targetFramework","targetType",
 * "targetUrl"}]; the URL names the code in its framework's page on this
 * server. NULL when there are none. */
static json_t *
alignments(struct store *s, struct arena *a, const char *base_url, int64_t attempt)
{
	static const char sql[] =
	    "SELECT json_extract(c.value, '$.code'), json_extract(c.value, '$.title.en'), "
	    "json_extract(c.value, '$.title.\"zh-TW\"'), json_extract(c.value, '$.framework'), "
	    "coalesce((SELECT f.title_en FROM frameworks f WHERE f.id = "
	    "json_extract(c.value, '$.framework') AND f.version = "
	    "json_extract(c.value, '$.version')), json_extract(c.value, '$.framework')) "
	    "FROM attempts t, json_each(t.result, '$.competencies') c WHERE t.id = ? "
	    "AND json_type(c.value, '$.parent') IS NOT 'text' ORDER BY c.key";
	struct stmt *st = db_stmt_int(store_db(s), sql, attempt);
	json_t *out = json_array();

	while (db_row(st)) {
		const char *code = db_col_text(st, 0);
		const char *en = db_col_text(st, 1);
		const char *zh = db_col_text(st, 2);
		const char *fw = db_col_text(st, 3);
		const char *fw_title = db_col_text(st, 4);

		if (code == NULL || fw == NULL)
			continue;
		json_array_append_new(out, json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s}",
		    "type", "Alignment", "targetName", both(a, en ? en : code, zh),
		    "targetCode", code, "targetFramework", fw_title ? fw_title : fw,
		    "targetType", "ceasn:Competency",
		    "targetUrl", arena_printf(a, "%s/frameworks/%s#%s", base_url, fw, code)));
	}
	db_end(st);
	if (json_array_size(out) == 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
cert_ob3_credential(struct store *s, const struct signing_key *k,
    const char *base_url, const struct cert *c)
{
	struct arena *a = arena_new();
	const char *en, *zh, *why = NULL;
	char from[TIMEFMT_UTC_LEN + 1], until[TIMEFMT_UTC_LEN + 1];
	char *exam_url, *score_url, *title;
	json_t *doc = NULL, *ids, *al;
	int64_t idx = status_index(s, c->serial);

	if (idx < 0 || timefmt_utc(c->issued_at, from) != 0 ||
	    (c->expires_at && timefmt_utc(c->expires_at, until) != 0)) {
		fprintf(stderr, "aicert: credential %s: no status-list place or dates\n",
		    c->serial);
		goto done;
	}
	cert_issuer(s, a, &en, &zh);
	/* a programme's certificate: the achievement is the programme */
	exam_url = c->programme_id != NULL ? arena_printf(a, "%s/programmes/%s", base_url,
	    c->programme_id) : arena_printf(a, "%s/exams/%s", base_url, c->exam_id);
	score_url = arena_printf(a, "%s#score", exam_url);
	title = both(a, c->exam_en, c->exam_zh);
	ids = json_pack("[{s:s, s:b, s:s, s:s}]", "type", "IdentityObject", "hashed", 0,
	    "identityHash", c->holder, "identityType", "name");
	if (c->holder_alt != NULL && *c->holder_alt && strcmp(c->holder_alt, c->holder) != 0)
		json_array_append_new(ids, json_pack("{s:s, s:b, s:s, s:s}", "type",
		    "IdentityObject", "hashed", 0, "identityHash", c->holder_alt,
		    "identityType", "name"));
	doc = json_pack("{s:[s, s], s:s, s:[s, s], s:{s:s, s:[s], s:s}, s:s, s:s, s:s}",
	    "@context", OB3_CTX_VC, OB3_CTX_OB,
	    "id", arena_printf(a, "%s/api/v1/certificates/%s/credential", base_url, c->serial),
	    "type", "VerifiableCredential", "OpenBadgeCredential",
	    "issuer", "id", arena_printf(a, "%s/api/v1/issuer", base_url), "type", "Profile",
	    "name", both(a, en, zh),
	    "validFrom", from, "name", title,
	    "description", arena_printf(a, "Certificate %s / 證書 %s", c->serial, c->serial));
	if (c->expires_at)
		json_object_set_new(doc, "validUntil", json_string(until));
	json_object_set_new(doc, "credentialSubject", json_pack(
	    "{s:[s], s:o, s:{s:s, s:[s], s:s, s:s, s:{s:s}, s:s, s:[{s:s, s:[s], s:s, s:s, s:s, s:s}]},"
	    " s:[{s:[s], s:s, s:s}]}",
	    "type", "AchievementSubject", "identifier", ids,
	    "achievement", "id", exam_url, "type", "Achievement", "name", title,
	    "description", c->programme_id != NULL ? arena_printf(a, "Passed every exam of the "
	    "programme \"%s\" (%s) within its window: %s. The score is the mean of their "
	    "percentages. / 於期限內通過「%s」學程的全部測驗。", c->exam_en, c->exam_zh,
	    cert_programme_parts(s, a, c->programme_id, 0), c->exam_zh) :
	    arena_printf(a, "Passed the exam \"%s\" (%s) under the issuer's rules; "
	    "the score is its percentage of the available points. / 通過「%s」測驗。",
	    c->exam_en, c->exam_zh, c->exam_zh),
	    "criteria", "narrative", c->programme_id != NULL ? "Pass every exam of the "
	    "programme at or above its pass mark, all within the programme's window of days. / "
	    "於學程規定的天數內通過其全部測驗。" : "Pass the timed exam at or above its pass mark. / "
	    "於限時測驗中達到及格分數。",
	    "achievementType", "Certificate",
	    "resultDescription", "id", score_url, "type", "ResultDescription", "name", "Score",
	    "resultType", "Percent", "valueMin", "0", "valueMax", "100",
	    "result", "type", "Result", "resultDescription", score_url, "value",
	    percent(a, c->score_bp)));
	/* the competency areas certified, when the exam's items carry codes;
	 * a programme's certificate names its exams instead (one attempt's
	 * areas would be a part's, not the programme's) */
	if (c->programme_id == NULL && (al = alignments(s, a, base_url, c->attempt_id)) != NULL)
		json_object_set_new(json_object_get(json_object_get(doc, "credentialSubject"),
		    "achievement"), "alignment", al);
	json_object_set_new(doc, "credentialStatus", json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "id", arena_printf(a, "%s/api/v1/status/1#%lld", base_url, (long long)idx),
	    "type", "BitstringStatusListEntry", "statusPurpose", "revocation",
	    "statusListIndex", arena_printf(a, "%lld", (long long)idx),
	    "statusListCredential", arena_printf(a, "%s/api/v1/status/1", base_url)));
	/* Made when the certificate was: the same certificate, the same bytes. */
	if (ob3_sign(doc, OB3_CREDENTIAL, k->sk, arena_printf(a, "%s/api/v1/issuer#key-%s",
	    base_url, k->id), c->issued_at, &why) != 0) {
		fprintf(stderr, "aicert: credential %s: %s\n", c->serial, why);
		json_decref(doc);
		doc = NULL;
	}
done:
	arena_free(a);
	return doc;
}

/* ---- the status list ---- */

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char *text, *base;
	unsigned char bits_hash[32];
	char key_id[KEY_ID_LEN + 1];
	char etag[24];
	long long made;
} list;

/* The revocation bits: every revoked certificate's place set. malloc'd
 * (*nbits bits, a multiple of OB3_STATUS_BITS), or NULL. */
static unsigned char *
revoked_bits(struct store *s, size_t *nbits)
{
	static const char sql[] = "SELECT status_index FROM certificates "
	    "WHERE revoked_at IS NOT NULL AND status_index IS NOT NULL";
	static const char max[] = "SELECT coalesce(max(status_index), 0) FROM certificates";
	int64_t top = db_one_int(db_stmt(store_db(s), max), -1);
	struct stmt *st;
	unsigned char *bits;
	size_t n;

	if (top < 0)
		return NULL;
	n = ((size_t)top / OB3_STATUS_BITS + 1) * OB3_STATUS_BITS;
	if ((bits = calloc(n / 8, 1)) == NULL)
		abort();
	if ((st = db_stmt(store_db(s), sql)) == NULL) {
		free(bits);
		return NULL;
	}
	while (db_row(st)) {
		int64_t i = db_col_int64(st, 0);

		if (i >= 0 && (size_t)i < n)
			bits[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	}
	db_end(st);
	*nbits = n;
	return bits;
}

static char *
list_make(const struct signing_key *k, const char *base_url, const unsigned char *bits,
    size_t nbits, long long now)
{
	struct arena *a = arena_new();
	char from[TIMEFMT_UTC_LEN + 1], until[TIMEFMT_UTC_LEN + 1], *enc, *text = NULL;
	const char *why = NULL;
	json_t *doc;

	timefmt_utc(now, from);
	timefmt_utc(now + LIST_TTL, until);
	enc = ob3_bits_encode(bits, nbits);
	doc = json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s}}",
	    "@context", OB3_CTX_VC,
	    "id", arena_printf(a, "%s/api/v1/status/1", base_url),
	    "type", "VerifiableCredential", "BitstringStatusListCredential",
	    "issuer", arena_printf(a, "%s/api/v1/issuer", base_url),
	    "validFrom", from, "validUntil", until,
	    "credentialSubject", "id", arena_printf(a, "%s/api/v1/status/1#list", base_url),
	    "type", "BitstringStatusList", "statusPurpose", "revocation", "encodedList", enc);
	free(enc);
	if (ob3_sign(doc, OB3_STATUS_LIST, k->sk, arena_printf(a, "%s/api/v1/issuer#key-%s",
	    base_url, k->id), now, &why) == 0)
		text = json_dumps(doc, JSON_COMPACT);
	else
		fprintf(stderr, "aicert: status list: %s\n", why);
	json_decref(doc);
	arena_free(a);
	return text;
}

char *
cert_ob3_status_list(struct store *s, const struct signing_key *k,
    const char *base_url, char etag[24])
{
	unsigned char h[32], tag[32];
	size_t nbits;
	unsigned char *bits = revoked_bits(s, &nbits);
	long long now = (long long)time(NULL);
	char *out = NULL, hex[17];

	if (bits == NULL)
		return NULL;
	crypto_hash_sha256(h, bits, nbits / 8);
	pthread_mutex_lock(&list_mu);
	if (list.text == NULL || memcmp(h, list.bits_hash, 32) != 0 ||
	    now - list.made > LIST_REMAKE || now < list.made ||
	    strcmp(list.key_id, k->id) != 0 || strcmp(list.base, base_url) != 0) {
		char *text = list_make(k, base_url, bits, nbits, now);

		if (text != NULL) {
			free(list.text);
			free(list.base);
			list.text = text;
			list.base = strdup(base_url);
			memcpy(list.bits_hash, h, 32);
			snprintf(list.key_id, sizeof list.key_id, "%s", k->id);
			list.made = now;
			crypto_hash_sha256(tag, (const unsigned char *)text, strlen(text));
			sodium_bin2hex(hex, sizeof hex, tag, 8);
			snprintf(list.etag, sizeof list.etag, "\"%s\"", hex);
		}
	}
	if (list.text != NULL && (out = strdup(list.text)) != NULL)
		memcpy(etag, list.etag, sizeof list.etag);
	pthread_mutex_unlock(&list_mu);
	free(bits);
	return out;
}

/* ---- checking online ---- */

static int
store_key(void *ctx, const char *id, unsigned char pk[32])
{
	return cert_key_by_id(ctx, id, pk);
}

static enum cert_status
cert_st(enum ob3_status st)
{
	switch (st) {
	case OB3_VALID: return CERT_VALID;
	case OB3_REVOKED: return CERT_REVOKED;
	case OB3_EXPIRED: return CERT_EXPIRED;
	case OB3_INVALID: break;
	}
	return CERT_INVALID;
}

/* The catalog key saying, in the reader's language, why ob3_check
 * refused (its English reason, why). */
static const char *
why_key(const char *why)
{
	if (strstr(why, "signature does not match") != NULL)
		return "cred_why_altered";
	if (strstr(why, "not in the issuer's key set") != NULL ||
	    strstr(why, "not one of the issuer's") != NULL)
		return "cred_why_key";
	if (strstr(why, "not valid yet") != NULL)
		return "cred_why_early";
	return "cred_why_form";
}

json_t *
cert_ob3_check(struct store *s, json_t *cred, const char *lang,
    enum cert_status *st, char serial[64])
{
	static const char by_index[] = "SELECT serial FROM certificates WHERE status_index = ?";
	struct arena *a = arena_new();
	struct ob3_verdict v;
	struct cert rec;
	int found = 0;
	char *ser;
	json_t *out;

	serial[0] = '\0';
	ob3_check(cred, store_key, s, NULL, (long long)time(NULL), &v);
	if (v.status == OB3_INVALID) {
		*st = CERT_INVALID;
		out = json_pack("{s:s, s:s, s:s}", "status", "invalid", "reason",
		    i18n_get(lang, why_key(v.why)), "detail", v.why);
		arena_free(a);
		return out;
	}
	/* The status bit is the certificate's revocation in this database. */
	if ((ser = db_one_text(a, db_stmt_int(store_db(s), by_index, v.index))) != NULL &&
	    cert_find(s, a, ser, &rec))
		found = 1;
	if (found && rec.revoked_at)
		v.status = OB3_REVOKED;
	*st = cert_st(v.status);
	out = json_pack("{s:s, s:s?, s:s?, s:f, s:s?, s:I, s:I, s:s}",
	    "status", ob3_status_name(v.status), "holder", v.holder,
	    "holder_alt", v.holder_alt, "score", v.score ? strtod(v.score, NULL) : 0.0,
	    "exam_id", v.exam_id,
	    "issued_at", (json_int_t)v.valid_from, "expires_at", (json_int_t)v.valid_until,
	    "key_id", v.key_id);
	/* The exam's id, as the code's verdict gives it: the last segment of
	 * the achievement's URL (BASE/exams/EXAM). */
	if (v.exam_id != NULL && strrchr(v.exam_id, '/') != NULL)
		json_object_set_new(out, "exam_id", json_string(strrchr(v.exam_id, '/') + 1));
	if (found) {
		snprintf(serial, 64, "%s", rec.serial);
		json_object_set_new(out, "serial", json_string(rec.serial));
		json_object_set_new(out, "exam", json_string(strcmp(lang, "zh-TW") == 0 ?
		    rec.exam_zh : rec.exam_en));
		json_object_set_new(out, "exam_titles", json_pack("{s:s, s:s}", "en", rec.exam_en,
		    "zh-TW", rec.exam_zh));
		if (rec.revoked_at) {
			json_object_set_new(out, "revoked_at", json_integer(rec.revoked_at));
			json_object_set_new(out, "revoke_reason", json_string(rec.revoke_reason));
		}
	}
	json_object_set_new(out, "in_registry", json_boolean(found));
	arena_free(a);
	return out;
}
