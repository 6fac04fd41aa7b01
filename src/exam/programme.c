/*
 * programme.c - certification programmes in SQLite; see programme.h.
 * Parsing a definition (each problem named by its field, in the
 * caller's language), saving it under the ownership rule, and reading a
 * programme back with a learner's progress through its parts. Depends on
 * the store, the message catalogs and the ownership rule (owner.c).
 */
#include "programme.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exam.h"
#include "i18n.h"
#include "owner.h"
#include "utf8.h"

/* ---- parsing ---- */

struct pctx {
	struct arena *a;
	struct store *s;
	const char *lang;
	json_t *errs;
	int malformed;		/* not JSON, not an object, or a field unknown */
};

static void perr(struct pctx *c, const char *field, const char *key, ...)
	__attribute__((sentinel));

/* Appends {"field","message"}: key's message in the caller's language,
 * its places filled from the name, value pairs that follow. */
static void
perr(struct pctx *c, const char *field, const char *key, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, key);
	msg = i18n_vmsg(c->a, c->lang, key, ap);
	va_end(ap);
	json_array_append_new(c->errs, json_pack("{s:s,s:s}", "field", field, "message", msg));
}

static int
id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		    id[i] == '-'))
			return 0;
	return 1;
}

/* Refuses every member of o not in allowed, each named under prefix. */
static void
unknown_fields(struct pctx *c, json_t *o, const char *const *allowed, const char *prefix)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		size_t i;

		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], k) != 0; i++)
			;
		if (allowed[i] == NULL && (c->malformed = 1))
			perr(c, arena_printf(c->a, "%s%s", prefix, k), "programme_unknown_field",
			    "name", k, NULL);
	}
}

/* Text of 1..max characters without control characters (one line when
 * line). NULL if v is not such text. */
static char *
text_of(struct arena *a, json_t *v, size_t max, int line)
{
	const char *t = json_string_value(v);
	size_t chars = 0;

	if (t == NULL || *t == '\0' || !utf8_valid(t, strlen(t)))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p < 0x20 && (line || (*p != '\n' && *p != '\t')))
			return NULL;
	}
	return chars <= max ? arena_strdup(a, t) : NULL;
}

/* A bilingual object {"en","zh-TW"} of texts up to max characters. 0 or
 * -1 after an error for field. */
static int
bilingual(struct pctx *c, json_t *v, const char *field, size_t max, int line,
    char **en, char **zh)
{
	static const char *const keys[] = { "en", "zh-TW", NULL };

	if (!json_is_object(v)) {
		perr(c, field, "programme_bilingual", "max", arena_printf(c->a, "%zu", max), NULL);
		return -1;
	}
	unknown_fields(c, v, keys, arena_printf(c->a, "%s.", field));
	*en = text_of(c->a, json_object_get(v, "en"), max, line);
	*zh = text_of(c->a, json_object_get(v, "zh-TW"), max, line);
	if (*en == NULL || *zh == NULL) {
		perr(c, field, "programme_bilingual", "max", arena_printf(c->a, "%zu", max), NULL);
		return -1;
	}
	return 0;
}

/* A whole number from min to max in v, or min - 1. */
static long long
whole(json_t *v, long long min, long long max)
{
	long long n;

	if (!json_is_integer(v))
		return min - 1;
	n = json_integer_value(v);
	return n >= min && n <= max ? n : min - 1;
}

static void
parse_parts(struct pctx *c, json_t *v, struct programme *p)
{
	static const char *const part_keys[] = { "exam", "pass_percent", NULL };
	/* the exam's certificate term: 0 for none, no row for no exam */
	static const char exists[] =
	    "SELECT coalesce(json_extract(definition, '$.certificate.valid_years'), 0) "
	    "FROM exams WHERE id = ?";
	size_t n = json_array_size(v);

	if (!json_is_array(v) || n < PROGRAMME_PARTS_MIN || n > PROGRAMME_PARTS_MAX) {
		perr(c, "parts", "programme_parts_count", "min", "2", "max", "10", NULL);
		return;
	}
	p->parts = arena_alloc(c->a, n * sizeof *p->parts);
	p->nparts = n;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(v, i), *pp;
		const char *field = arena_printf(c->a, "parts[%zu]", i + 1);
		const char *exam;
		struct programme_part *pt = &p->parts[i];
		int64_t cert;

		memset(pt, 0, sizeof *pt);
		if (!json_is_object(o)) {
			perr(c, field, "programme_part_object", NULL);
			continue;
		}
		unknown_fields(c, o, part_keys, arena_printf(c->a, "%s.", field));
		exam = json_string_value(json_object_get(o, "exam"));
		if (exam == NULL || !id_ok(exam))
			perr(c, arena_printf(c->a, "%s.exam", field), "programme_exam_invalid", NULL);
		else if ((cert = db_one_int(db_stmt_text(store_db(c->s), exists, exam), -1)) < 0)
			perr(c, arena_printf(c->a, "%s.exam", field), "programme_exam_missing",
			    "exam", exam, NULL);
		else if (cert == 0)
			/* a certificate exam's questions are guarded by the rule
			 * on shown keys (exam_overlap.h); a part's must be too */
			perr(c, arena_printf(c->a, "%s.exam", field),
			    "programme_exam_no_certificate", "exam", exam, NULL);
		else {
			pt->exam = arena_strdup(c->a, exam);
			for (size_t k = 0; k < i; k++)
				if (p->parts[k].exam != NULL && strcmp(p->parts[k].exam, exam) == 0)
					perr(c, arena_printf(c->a, "%s.exam", field),
					    "programme_exam_repeated", "exam", exam,
					    "other", arena_printf(c->a, "parts[%zu]", k + 1), NULL);
		}
		if ((pp = json_object_get(o, "pass_percent")) != NULL) {
			double d = json_number_value(pp);

			if (!json_is_number(pp) || !(d > 0 && d <= 100))
				perr(c, arena_printf(c->a, "%s.pass_percent", field),
				    "programme_pass_range", NULL);
			else
				pt->pass_percent = d;
		}
	}
}

int
programme_parse(struct arena *a, struct store *s, const char *json, size_t len,
    const char *lang, struct programme *p, json_t *errs)
{
	static const char *const keys[] = { "id", "title", "description", "parts",
	    "within_days", "certificate", NULL };
	static const char *const cert_keys[] = { "valid_years", NULL };
	struct pctx c = { a, s, lang, errs, 0 };
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je), *v;
	size_t before = json_array_size(errs);
	const char *id;
	long long n;

	memset(p, 0, sizeof *p);
	if (root == NULL) {
		perr(&c, "", "programme_json_invalid", "why", je.text, NULL);
		return -2;
	}
	if (!json_is_object(root)) {
		perr(&c, "", "programme_not_object", NULL);
		json_decref(root);
		return -2;
	}
	unknown_fields(&c, root, keys, "");
	id = json_string_value(json_object_get(root, "id"));
	if (id == NULL || !id_ok(id))
		perr(&c, "id", "programme_id_invalid", NULL);
	else
		p->id = arena_strdup(a, id);
	bilingual(&c, json_object_get(root, "title"), "title", 200, 1, &p->title_en,
	    &p->title_zh);
	if ((v = json_object_get(root, "description")) != NULL)
		bilingual(&c, v, "description", 2000, 0, &p->desc_en, &p->desc_zh);
	parse_parts(&c, json_object_get(root, "parts"), p);
	if ((n = whole(json_object_get(root, "within_days"), 1, 3650)) < 1)
		perr(&c, "within_days", "programme_int_range", "min", "1", "max", "3650", NULL);
	else
		p->within_days = (int)n;
	v = json_object_get(root, "certificate");
	if (!json_is_object(v)) {
		perr(&c, "certificate", "programme_certificate_object", NULL);
	} else {
		unknown_fields(&c, v, cert_keys, "certificate.");
		if ((n = whole(json_object_get(v, "valid_years"), 1, 50)) < 1)
			perr(&c, "certificate.valid_years", "programme_int_range", "min", "1",
			    "max", "50", NULL);
		else
			p->valid_years = (int)n;
	}
	json_decref(root);
	return json_array_size(errs) == before ? 0 : c.malformed ? -2 : -1;
}

json_t *
programme_to_json(const struct programme *p)
{
	json_t *parts = json_array(), *o;

	for (size_t i = 0; i < p->nparts; i++) {
		json_t *pt = json_pack("{s:s}", "exam", p->parts[i].exam);

		if (p->parts[i].pass_percent > 0)
			json_object_set_new(pt, "pass_percent", json_real(p->parts[i].pass_percent));
		json_array_append_new(parts, pt);
	}
	o = json_pack("{s:s,s:{s:s,s:s}}", "id", p->id, "title", "en", p->title_en,
	    "zh-TW", p->title_zh);
	if (p->desc_en != NULL)
		json_object_set_new(o, "description", json_pack("{s:s,s:s}", "en", p->desc_en,
		    "zh-TW", p->desc_zh));
	json_object_set_new(o, "parts", parts);
	json_object_set_new(o, "within_days", json_integer(p->within_days));
	json_object_set_new(o, "certificate", json_pack("{s:i}", "valid_years",
	    p->valid_years));
	return o;
}

/* ---- storing ---- */

struct save {
	const struct programme *p;
	char *json;
	int64_t user;
	int result;
};

static int
save_fn(struct db *d, void *ctx)
{
	static const char exists[] = "SELECT 1 FROM programmes WHERE id = ?";
	static const char upsert[] =
	    "INSERT INTO programmes(id, definition, owner_id, created_at, updated_at, updated_by) "
	    "VALUES (?1, ?2, ?4, ?3, ?3, ?4) ON CONFLICT(id) DO UPDATE SET "
	    "definition = excluded.definition, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by";
	static const char drop[] = "DELETE FROM programme_parts WHERE programme_id = ?";
	static const char part[] =
	    "INSERT INTO programme_parts(programme_id, position, exam_id, pass_percent) "
	    "VALUES (?, ?, ?, ?)";
	struct save *sv = ctx;
	struct stmt *st = db_stmt_text(d, exists, sv->p->id);

	if (st == NULL)
		return -1;
	sv->result = db_exists(st) ? 2 : 1;
	if ((st = db_stmt_text(d, upsert, sv->p->id)) == NULL)
		return -1;
	db_bind_text(st, 2, sv->json);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (sv->user > 0)
		db_bind_int64(st, 4, sv->user);
	if (db_done(st) != 0 || db_done(db_stmt_text(d, drop, sv->p->id)) != 0)
		return -1;
	for (size_t i = 0; i < sv->p->nparts; i++) {
		if ((st = db_stmt_text(d, part, sv->p->id)) == NULL)
			return -1;
		db_bind_int(st, 2, (int)i);
		db_bind_text(st, 3, sv->p->parts[i].exam);
		if (sv->p->parts[i].pass_percent > 0)
			db_bind_double(st, 4, sv->p->parts[i].pass_percent);
		if (db_done(st) != 0)
			return -1;
	}
	return db_audit(d, sv->result == 1 ? "programme.create" : "programme.update",
	    sv->p->id);
}

int
programme_save_as(struct store *s, const struct programme *p, const struct user *u,
    const char **err)
{
	static const char owner[] = "SELECT coalesce(owner_id, -2) FROM programmes WHERE id = ?";
	struct save sv = { p, NULL, u != NULL ? u->id : 0, -1 };
	json_t *j;
	int rc;

	*err = NULL;
	if (u != NULL && u->role < ROLE_ADMIN) {
		int64_t o = db_one_int(db_stmt_text(store_db(s), owner, p->id), 0);

		/* Another's programme stays theirs; a trainer's programme
		 * joins only exams the trainer manages. */
		if (o != 0 && o != u->id) {
			*err = "programme_not_yours";
			return -1;
		}
		for (size_t i = 0; i < p->nparts; i++)
			if (!owner_exam(s, p->parts[i].exam, u)) {
				*err = "programme_not_yours";
				return -1;
			}
	}
	if ((j = programme_to_json(p)) == NULL ||
	    (sv.json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
		json_decref(j);
		*err = "internal_error";
		return -1;
	}
	json_decref(j);
	rc = store_write(s, save_fn, &sv);
	free(sv.json);
	if (rc != 0) {
		*err = "internal_error";
		return -1;
	}
	return sv.result;
}

/* ---- reading ---- */

/* The text of v (from a), "" when it is not text. */
static char *
str_of(struct arena *a, json_t *v)
{
	return arena_strdup(a, json_string_value(v) != NULL ? json_string_value(v) : "");
}

/* A stored definition into p: it was checked when saved, so only its
 * shape is read again (an exam deleted since stays named). */
static int
from_json(struct arena *a, json_t *root, struct programme *p)
{
	json_t *parts = json_object_get(root, "parts"), *t = json_object_get(root, "title"),
	    *d = json_object_get(root, "description");

	memset(p, 0, sizeof *p);
	if (!json_is_object(root) || !json_is_array(parts))
		return -1;
	p->id = str_of(a, json_object_get(root, "id"));
	p->title_en = str_of(a, json_object_get(t, "en"));
	p->title_zh = str_of(a, json_object_get(t, "zh-TW"));
	if (d != NULL) {
		p->desc_en = str_of(a, json_object_get(d, "en"));
		p->desc_zh = str_of(a, json_object_get(d, "zh-TW"));
	}
	p->nparts = json_array_size(parts);
	p->parts = arena_alloc(a, (p->nparts + 1) * sizeof *p->parts);
	for (size_t i = 0; i < p->nparts; i++) {
		json_t *o = json_array_get(parts, i);

		p->parts[i].exam = str_of(a, json_object_get(o, "exam"));
		p->parts[i].pass_percent = json_number_value(json_object_get(o, "pass_percent"));
	}
	p->within_days = (int)json_integer_value(json_object_get(root, "within_days"));
	p->valid_years = (int)json_integer_value(json_object_get(json_object_get(root,
	    "certificate"), "valid_years"));
	return 0;
}

int
programme_load(struct store *s, struct arena *a, const char *id, struct programme *p)
{
	static const char sql[] = "SELECT definition FROM programmes WHERE id = ?";
	char *def = id != NULL ? db_one_text(a, db_stmt_text(store_db(s), sql, id)) : NULL;
	json_t *root;
	int rc;

	if (def == NULL)
		return 0;
	root = json_loads(def, 0, NULL);
	rc = from_json(a, root, p) == 0;
	json_decref(root);
	return rc;
}

int
programme_has_exam(struct store *s, const char *exam)
{
	static const char sql[] = "SELECT 1 FROM programme_parts WHERE exam_id = ? LIMIT 1";

	return exam != NULL && db_exists(db_stmt_text(store_db(s), sql, exam));
}

int
programme_exam_check(struct store *s, const struct exam *e, struct q_bank *errs)
{
	if (e->cert_valid_years > 0 || !programme_has_exam(s, e->id))
		return 0;
	q_bank_msg(errs, 0, "exam_programme_part", "exam", e->id, NULL);
	return -1;
}

/* An exam's title in lang, or its id when it is gone. */
static const char *
exam_title(struct store *s, struct arena *a, const char *exam, int zh)
{
	static const char sql_en[] =
	    "SELECT json_extract(definition, '$.title.en') FROM exams WHERE id = ?";
	static const char sql_zh[] =
	    "SELECT json_extract(definition, '$.title.zh-TW') FROM exams WHERE id = ?";
	char *t = db_one_text(a, db_stmt_text(store_db(s), zh ? sql_zh : sql_en, exam));

	return t != NULL ? t : exam;
}

/* A learner's best passing attempt of a part: the highest percent,
 * then the latest. */
static const char best_sql[] =
    "SELECT percent, finished_at FROM attempts WHERE user_id = ?1 AND exam_id = ?2 "
    "AND state != 'running' AND finished_at IS NOT NULL "
    "AND CASE WHEN ?3 > 0 THEN percent >= ?3 ELSE passed = 1 END "
    "ORDER BY percent DESC, finished_at DESC LIMIT 1";

/* The serial of the learner's programme certificate in force. */
static const char held_sql[] =
    "SELECT serial FROM certificates WHERE programme_id = ?1 AND user_id = ?2 "
    "AND revoked_at IS NULL AND superseded_by IS NULL "
    "AND (expires_at IS NULL OR expires_at = 0 OR expires_at > ?3) ORDER BY id DESC LIMIT 1";

static json_t *
progress(struct store *s, struct arena *a, const struct programme *p, int64_t user)
{
	json_t *parts = json_array();
	size_t passed = 0;
	struct stmt *st;
	char *serial = NULL;

	for (size_t i = 0; i < p->nparts; i++) {
		json_t *o = json_pack("{s:s}", "exam", p->parts[i].exam);

		st = db_stmt_int(store_db(s), best_sql, user);
		if (st != NULL) {
			db_bind_text(st, 2, p->parts[i].exam);
			db_bind_double(st, 3, p->parts[i].pass_percent);
		}
		if (st != NULL && db_row(st)) {
			json_object_set_new(o, "passed", json_true());
			json_object_set_new(o, "percent", json_real(db_col_double(st, 0)));
			json_object_set_new(o, "finished_at",
			    json_integer(db_col_int64(st, 1) / 1000));
			passed++;
		} else {
			json_object_set_new(o, "passed", json_false());
			json_object_set_new(o, "percent", json_null());
			json_object_set_new(o, "finished_at", json_null());
		}
		db_end(st);
		json_array_append_new(parts, o);
	}
	if ((st = db_stmt_text(store_db(s), held_sql, p->id)) != NULL) {
		db_bind_int64(st, 2, user);
		db_bind_int64(st, 3, (int64_t)time(NULL));
		serial = db_one_text(a, st);
	}
	return json_pack("{s:o,s:i,s:b,s:s?}", "parts", parts, "passed", (int)passed,
	    "complete", serial != NULL, "certificate", serial);
}

static json_t *
show(struct store *s, struct arena *a, const struct programme *p, const char *lang,
    int64_t user)
{
	int zh = lang != NULL && strcmp(lang, "zh-TW") == 0;
	json_t *parts = json_array(), *o;

	for (size_t i = 0; i < p->nparts; i++)
		json_array_append_new(parts, json_pack("{s:s,s:s,s:o}", "exam",
		    p->parts[i].exam, "title", exam_title(s, a, p->parts[i].exam, zh),
		    "pass_percent", p->parts[i].pass_percent > 0 ?
		    json_real(p->parts[i].pass_percent) : json_null()));
	o = json_pack("{s:s,s:s,s:{s:s,s:s},s:i,s:i,s:o}", "id", p->id,
	    "title", zh ? p->title_zh : p->title_en, "titles", "en", p->title_en,
	    "zh-TW", p->title_zh, "within_days", p->within_days, "valid_years", p->valid_years,
	    "parts", parts);
	if (p->desc_en != NULL)
		json_object_set_new(o, "description", json_string(zh ? p->desc_zh : p->desc_en));
	if (user > 0)
		json_object_set_new(o, "progress", progress(s, a, p, user));
	return o;
}

json_t *
programme_list(struct store *s, const char *lang)
{
	static const char sql[] = "SELECT id FROM programmes ORDER BY id";
	struct stmt *st = db_stmt(store_db(s), sql);
	struct arena *a = arena_new();
	json_t *out = json_array();
	char **ids = NULL;
	size_t n = 0;

	while (db_row(st)) {
		ids = arena_grow(a, ids, n, n + 1, sizeof *ids);
		ids[n++] = db_text(a, st, 0);
	}
	db_end(st);
	for (size_t i = 0; i < n; i++) {
		struct programme p;

		if (programme_load(s, a, ids[i], &p))
			json_array_append_new(out, show(s, a, &p, lang, 0));
	}
	arena_free(a);
	return out;
}

json_t *
programme_json(struct store *s, const char *id, const char *lang, int64_t user_id)
{
	struct arena *a = arena_new();
	struct programme p;
	json_t *out = NULL;

	if (programme_load(s, a, id, &p))
		out = show(s, a, &p, lang, user_id);
	arena_free(a);
	return out;
}

json_t *
programme_of_exam(struct store *s, const char *exam, const char *lang, int64_t user_id)
{
	static const char sql[] =
	    "SELECT DISTINCT programme_id FROM programme_parts WHERE exam_id = ? "
	    "ORDER BY programme_id";
	struct stmt *st = db_stmt_text(store_db(s), sql, exam);
	struct arena *a = arena_new();
	json_t *out = json_array();
	char **ids = NULL;
	size_t n = 0;

	while (db_row(st)) {
		ids = arena_grow(a, ids, n, n + 1, sizeof *ids);
		ids[n++] = db_text(a, st, 0);
	}
	db_end(st);
	for (size_t i = 0; i < n; i++) {
		json_t *o = programme_json(s, ids[i], lang, user_id);

		if (o != NULL)
			json_array_append_new(out, o);
	}
	arena_free(a);
	return out;
}
