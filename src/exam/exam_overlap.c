/*
 * exam_overlap.c - no exam that reveals keys shares a question with an
 * exam that issues certificates; see exam_overlap.h. Owns the SQL of
 * "what an exam can draw": the same filter as exam_check_items and the
 * draw at attempt start, listing items instead of counting them.
 */
#include "exam_overlap.h"

#include <stdlib.h>
#include <string.h>

#include "blueprint.h"
#include "i18n.h"

#define SHOW_KEYS 3		/* keys a message names */
#define SHOW_CATEGORIES 2	/* categories a message names */

/* The items exam bank ?1 (NULL: any) can draw in language ?2 from category
 * ?3 and below, or competency ?6 and below (blueprint.h); ?4 limits it to
 * one bank (0: every bank), at version ?5 (0: each bank's latest). */
static const char reach_sql[] =
    "SELECT i.id, i.key, iv.category FROM banks b "
    "JOIN bank_versions bv ON bv.bank_id = b.id "
    "JOIN bank_version_items bvi ON bvi.bank_version_id = bv.id "
    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "JOIN items i ON i.id = iv.item_id "
    "WHERE (?1 IS NULL OR b.name = ?1) AND (?4 = 0 OR b.id = ?4) "
    "AND bv.version = CASE WHEN ?5 > 0 THEN ?5 ELSE "
    "(SELECT max(version) FROM bank_versions WHERE bank_id = b.id) END "
    "AND iv.lang = ?2 AND iv.type NOT IN ('essay', 'description') "
    "AND i.retired_at IS NULL "
    BLUEPRINT_DRAWS_SQL("?3", "?6");

static const char exams_sql[] = "SELECT id, definition FROM exams ORDER BY id";

/* One question an exam can draw. */
struct drawn {
	int64_t item;
	const char *key, *category;
};

/* A set of them, sorted by item, each once. */
struct reach {
	struct drawn *v;
	size_t n, cap;
};

/* The stored exams, parsed. */
struct stored {
	struct exam *v;
	size_t n;
};

int
exam_overlap_reveals(const struct exam *e)
{
	return e->review == REVIEW_BY_ITEM || e->review == REVIEW_WITH_KEYS;
}

static void
push(struct arena *a, struct reach *r, const struct drawn *d)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;

		r->v = arena_grow(a, r->v, r->n, cap, sizeof *r->v);
		r->cap = cap;
	}
	r->v[r->n++] = *d;
}

static int
by_item(const void *x, const void *y)
{
	const struct drawn *a = x, *b = y;

	return (a->item > b->item) - (a->item < b->item);
}

/* What e can draw into *out: bank 0 = every bank at its latest version,
 * else only that bank at version (0: its latest). 0, or -1 if the
 * database failed. */
static int
reach_of(struct db *d, struct arena *a, const struct exam *e, int64_t bank,
    int version, struct reach *out)
{
	size_t w = 0;

	memset(out, 0, sizeof *out);
	for (size_t l = 0; l < e->nlanguages; l++) {
		for (size_t i = 0; i < e->nsections; i++) {
			struct stmt *st = db_stmt(d, reach_sql);
			int rc;

			if (st == NULL)
				return -1;
			if (e->bank != NULL)
				db_bind_text(st, 1, e->bank);
			db_bind_text(st, 2, e->languages[l]);
			db_bind_text(st, 3, e->sections[i].category);
			db_bind_text(st, 6, e->sections[i].competency);
			db_bind_int64(st, 4, bank);
			db_bind_int(st, 5, version);
			while ((rc = db_step(st)) == DB_ROW) {
				struct drawn dr;

				dr.item = db_col_int64(st, 0);
				dr.key = arena_strdup(a, db_col_text(st, 1));
				dr.category = arena_strdup(a,
				    db_col_text(st, 2));
				push(a, out, &dr);
			}
			db_end(st);
			if (rc != DB_DONE)
				return -1;
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, by_item);
	for (size_t i = 0; i < out->n; i++)
		if (w == 0 || out->v[w - 1].item != out->v[i].item)
			out->v[w++] = out->v[i];
	out->n = w;
	return 0;
}

/* The questions of x that y holds too and z does not (z may be NULL). */
static void
common(struct arena *a, const struct reach *x, const struct reach *y,
    const struct reach *z, struct reach *out)
{
	size_t j = 0, k = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < x->n; i++) {
		int64_t id = x->v[i].item;

		while (j < y->n && y->v[j].item < id)
			j++;
		if (j == y->n || y->v[j].item != id)
			continue;
		while (z != NULL && k < z->n && z->v[k].item < id)
			k++;
		if (z != NULL && k < z->n && z->v[k].item == id)
			continue;
		push(a, out, &x->v[i]);
	}
}

/* Every stored exam but skip (may be NULL), parsed from a. 0 or -1. */
static int
load_exams(struct db *d, struct arena *a, const char *skip, struct stored *out)
{
	struct stmt *st = db_stmt(d, exams_sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *id = db_col_text(st, 0);
		const char *def = db_col_text(st, 1);
		struct q_bank errs;
		struct exam e;

		if (skip != NULL && strcmp(id, skip) == 0)
			continue;
		q_bank_init(&errs, a, id);
		/* A definition that no longer reads cannot be started either. */
		if (def == NULL || exam_parse(a, def, strlen(def), &e, &errs) != 0)
			continue;
		out->v = arena_grow(a, out->v, out->n, out->n + 1, sizeof *out->v);
		out->v[out->n++] = e;
	}
	db_end(st);
	return rc == DB_DONE ? 0 : -1;
}

/* 1 if x and y may draw from the same bank. */
static int
same_banks(const struct exam *x, const struct exam *y)
{
	return x->bank == NULL || y->bank == NULL || strcmp(x->bank, y->bank) == 0;
}

/* The message key in lang about the overlap both (nonempty), exam the
 * other exam, cert the certificate exam (bank imports only). From a. */
static char *
describe(struct arena *a, const char *key, const char *lang, const struct reach *both,
    const char *exam, const char *review, const char *cert)
{
	const char *sep = i18n_get(lang, "exam_overlap_separator");
	const char *cats[SHOW_CATEGORIES];
	char *keys = arena_strdup(a, ""), *catlist = arena_strdup(a, "");
	size_t ncats = 0, more = 0;

	for (size_t i = 0; i < both->n; i++) {
		size_t c = 0;

		if (i < SHOW_KEYS)
			keys = arena_printf(a, "%s%s%s", keys, i ? sep : "", both->v[i].key);
		while (c < ncats && strcmp(cats[c], both->v[i].category) != 0)
			c++;
		if (c < ncats)
			continue;
		if (ncats < SHOW_CATEGORIES)
			cats[ncats++] = both->v[i].category;
		else
			more = 1;
	}
	if (both->n > SHOW_KEYS)
		keys = arena_printf(a, "%s%s…", keys, sep);
	for (size_t c = 0; c < ncats; c++)
		catlist = arena_printf(a, "%s%s%s", catlist, c ? sep : "", cats[c]);
	if (more)
		catlist = arena_printf(a, "%s%s…", catlist, sep);
	{
		const char *kv[] = { "exam", exam, "review", review, "cert", cert ? cert : "",
			"count", arena_printf(a, "%zu", both->n), "keys", keys,
			"category", catlist, NULL };

		return i18n_fill(a, i18n_get(lang, key), kv);
	}
}

/* Checks e against the stored exams (not its own stored version) and
 * itself; each overlap an error in errs when errs is not NULL. The number
 * of overlaps, or -1 if the database failed. */
/* 1 if a section of e draws by competency. */
static int
draws_by_competency(const struct exam *e)
{
	for (size_t i = 0; i < e->nsections; i++)
		if (e->sections[i].competency != NULL)
			return 1;
	return 0;
}

static int
check(struct db *d, struct arena *a, const struct exam *e, const char *lang,
    struct q_bank *errs, int comp_only)
{
	int reveals = exam_overlap_reveals(e), certifies = e->cert_valid_years > 0;
	struct stored others;
	struct reach mine, theirs, both;
	int found = 0;

	if (!reveals && !certifies)
		return 0;
	if (reveals && certifies && !comp_only) {
		found++;
		if (errs != NULL)
			q_bank_error(errs, 0, "%s", i18n_msg(a, lang, "exam_overlap_self",
			    "review", exam_review_name(e->review), NULL));
	}
	if (load_exams(d, a, e->id, &others) != 0 || reach_of(d, a, e, 0, 0, &mine) != 0)
		return -1;
	for (size_t i = 0; i < others.n; i++) {
		const struct exam *o = &others.v[i];
		const char *key;

		if (reveals && o->cert_valid_years > 0)
			key = "exam_overlap_shows";
		else if (certifies && exam_overlap_reveals(o))
			key = "exam_overlap_certified";
		else
			continue;
		if (!same_banks(e, o) || (comp_only && !draws_by_competency(e) &&
		    !draws_by_competency(o)))
			continue;
		if (reach_of(d, a, o, 0, 0, &theirs) != 0)
			return -1;
		common(a, &mine, &theirs, NULL, &both);
		if (both.n == 0)
			continue;
		found++;
		if (errs != NULL)
			q_bank_error(errs, 0, "%s", describe(a, key, lang, &both, o->id,
			    exam_review_name(reveals ? e->review : o->review), NULL));
	}
	return found;
}

int
exam_overlap_check(struct store *s, const struct exam *e, const char *lang,
    struct q_bank *errs)
{
	int n = check(store_db(s), errs->arena, e, lang, errs, 0);

	if (n < 0)
		q_bank_error(errs, 0, "%s", i18n_get(lang, "exam_overlap_failed"));
	return n == 0 ? 0 : -1;
}

int
exam_overlap_guard(struct db *d, const struct exam *e)
{
	struct arena *a = arena_new();
	int n = check(d, a, e, NULL, NULL, 0);

	arena_free(a);
	return n == 0 ? 0 : -1;
}

int
exam_overlap_stored(struct store *s, const char *lang, struct q_bank *errs)
{
	struct db *d = store_db(s);
	struct stored all;
	size_t before = errs->nerr;

	if (load_exams(d, errs->arena, NULL, &all) != 0) {
		q_bank_error(errs, 0, "%s", i18n_get(lang, "exam_overlap_failed"));
		return -1;
	}
	for (size_t i = 0; i < all.n; i++) {
		struct q_bank one;

		if (!exam_overlap_reveals(&all.v[i]))
			continue;
		q_bank_init(&one, errs->arena, all.v[i].id);
		if (check(d, errs->arena, &all.v[i], lang, &one, 0) < 0)
			q_bank_error(&one, 0, "%s", i18n_get(lang, "exam_overlap_failed"));
		for (size_t k = 0; k < one.nerr; k++)
			q_bank_error(errs, 0, "%s: %s", all.v[i].id, one.err[k].message);
	}
	return errs->nerr == before ? 0 : -1;
}

/* The index of the first file of im holding a question with key; 0 if
 * none does. */
static size_t
file_of(struct bank_import *im, const char *key)
{
	for (size_t f = 0; f < im->nfiles; f++)
		for (size_t i = 0; i < im->files[f].qb.n; i++)
			if (strcmp(bank_item_key(im->arena, &im->files[f].qb.q[i]), key) == 0)
				return f;
	return 0;
}

int
exam_overlap_bank(struct db *d, struct bank_import *im)
{
	struct arena *a = im->arena;
	struct stored all;
	struct reach *now, *was;
	size_t before = im->nerrors;

	if (im->nfiles == 0 || load_exams(d, a, NULL, &all) != 0)
		return -1;
	now = arena_alloc(a, (all.n ? all.n : 1) * sizeof *now);
	was = arena_alloc(a, (all.n ? all.n : 1) * sizeof *was);
	/* Only the exams this bank can feed, and only its questions: the
	 * other banks did not change. */
	for (size_t i = 0; i < all.n; i++) {
		const struct exam *e = &all.v[i];

		memset(&now[i], 0, sizeof now[i]);
		memset(&was[i], 0, sizeof was[i]);
		if ((!exam_overlap_reveals(e) && e->cert_valid_years == 0) ||
		    (e->bank != NULL && strcmp(e->bank, im->bank) != 0))
			continue;
		if (reach_of(d, a, e, im->bank_id, 0, &now[i]) != 0 ||
		    (im->version > 1 && reach_of(d, a, e, im->bank_id, im->version - 1,
		    &was[i]) != 0))
			return -1;
	}
	for (size_t r = 0; r < all.n; r++) {
		if (!exam_overlap_reveals(&all.v[r]) || now[r].n == 0)
			continue;
		for (size_t c = 0; c < all.n; c++) {
			struct reach old, fresh;
			struct q_bank *errs;

			if (all.v[c].cert_valid_years == 0 || now[c].n == 0)
				continue;
			common(a, &was[r], &was[c], NULL, &old);
			common(a, &now[r], &now[c], &old, &fresh);
			if (fresh.n == 0)
				continue;
			errs = &im->files[file_of(im, fresh.v[0].key)].qb;
			q_bank_error(errs, 0, "%s", describe(a, "exam_overlap_import", im->lang,
			    &fresh, all.v[r].id, exam_review_name(all.v[r].review),
			    all.v[c].id));
			im->nerrors++;
		}
	}
	return im->nerrors == before ? 0 : -1;
}

int
exam_overlap_competencies(struct db *d, const char *lang, struct q_bank *errs)
{
	struct stored all;
	int found = 0;

	if (load_exams(d, errs->arena, NULL, &all) != 0)
		return -1;
	for (size_t i = 0; i < all.n; i++) {
		struct q_bank one;
		int n;

		if (!exam_overlap_reveals(&all.v[i]))
			continue;
		q_bank_init(&one, errs->arena, all.v[i].id);
		if ((n = check(d, errs->arena, &all.v[i], lang, &one, 1)) < 0)
			return -1;
		found += n;
		for (size_t k = 0; k < one.nerr; k++)
			q_bank_error(errs, 0, "%s: %s", all.v[i].id, one.err[k].message);
	}
	return found;
}
