/*
 * exam_store.c - exam definitions in SQLite; see exam_store.h.
 */
#include "exam_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blueprint.h"
#include "exam_overlap.h"
#include "exam_seb.h"
#include "i18n.h"
#include "owner.h"
#include "programme.h"

/* Auto-gradable items of the latest bank versions that a section draws:
 * category ?3 and below or competency ?5 and below (blueprint.h). */
static const char count_sql[] =
    "SELECT count(*) FROM bank_version_items bvi "
    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
    "JOIN banks b ON b.id = bv.bank_id "
    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "WHERE bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
    "AND (?1 IS NULL OR b.name = ?1) AND iv.lang = ?2 "
    "AND iv.type NOT IN ('essay', 'description') "
    "AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL "
    BLUEPRINT_DRAWS_SQL("?3", "?5") " "
    "AND (?4 = 0 OR iv.difficulty = ?4)";

/* The same items that two sections both draw: a's (?3, ?5) and b's
 * (?6, ?7). */
static const char both_sql[] =
    "SELECT count(*) FROM bank_version_items bvi "
    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
    "JOIN banks b ON b.id = bv.bank_id "
    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "WHERE bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
    "AND (?1 IS NULL OR b.name = ?1) AND iv.lang = ?2 "
    "AND iv.type NOT IN ('essay', 'description') "
    "AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL "
    BLUEPRINT_DRAWS_SQL("?3", "?5") " " BLUEPRINT_DRAWS_SQL("?6", "?7");

static int
shared(struct db *d, const struct exam *e, const char *lang,
    const struct exam_section *a, const struct exam_section *b)
{
	struct stmt *st = db_stmt_text(d, both_sql, e->bank);

	if (st == NULL)
		return 0;
	db_bind_text(st, 2, lang);
	db_bind_text(st, 3, a->category);
	db_bind_text(st, 5, a->competency);
	db_bind_text(st, 6, b->category);
	db_bind_text(st, 7, b->competency);
	return (int)db_one_int(st, 0);
}

/*
 * How many of section i's items the sections before it may have drawn
 * when it comes to draw (each takes at most its count of what the two
 * share), counting only pairs where one draws by competency: sections by
 * category alone are checked as they always were.
 */
static int
taken_before(struct db *d, const struct exam *e, const char *lang, size_t i)
{
	const struct exam_section *sec = &e->sections[i];
	int taken = 0;

	for (size_t j = 0; j < i; j++) {
		const struct exam_section *o = &e->sections[j];
		int n;

		if (sec->competency == NULL && o->competency == NULL)
			continue;
		n = shared(d, e, lang, sec, o);
		taken += n < o->count ? n : o->count;
	}
	return taken;
}

static int
available(struct db *d, const struct exam *e, const char *lang,
    const struct exam_section *sec, int difficulty)
{
	struct stmt *st = db_stmt_text(d, count_sql, e->bank);

	if (st == NULL)
		return 0;
	db_bind_text(st, 2, lang);
	db_bind_text(st, 3, sec->category);
	db_bind_int(st, 4, difficulty);
	db_bind_text(st, 5, sec->competency);
	return (int)db_one_int(st, 0);
}

int
exam_check_items(struct store *s, const struct exam *e, struct q_bank *errs)
{
	static const char *const level[] = { "", "exam_items_short_easy",
	    "exam_items_short_medium", "exam_items_short_hard" };
	static const char *const comp_level[] = { "", "exam_items_short_comp_easy",
	    "exam_items_short_comp_medium", "exam_items_short_comp_hard" };
	struct db *d = store_db(s);
	size_t before = errs->nerr;

	for (size_t l = 0; l < e->nlanguages; l++) {
		for (size_t i = 0; i < e->nsections; i++) {
			const struct exam_section *sec = &e->sections[i];
			int have = available(d, e, e->languages[l], sec, 0);
			/* a competency section is named by its code, the
			 * messages saying it is one */
			int comp = sec->competency != NULL;
			const char *what = comp ? sec->competency : sec->category;

			int taken;

			if (have < sec->count)
				q_bank_msg(errs, 0, comp ? (e->bank ? "exam_items_short_comp_bank" :
				    "exam_items_short_comp_all") : e->bank ? "exam_items_short_bank" :
				    "exam_items_short_all", "category", what, "count",
				    arena_printf(errs->arena, "%d", sec->count), "lang",
				    e->languages[l], "bank", e->bank ? e->bank : "", "have",
				    arena_printf(errs->arena, "%d", have), NULL);
			/* An item is drawn once: what earlier sections sharing
			 * items with it may take first must leave it enough, or
			 * a learner's start could fail. */
			else if (have - (taken = taken_before(d, e, e->languages[l], i)) < sec->count)
				q_bank_msg(errs, 0, "exam_items_short_overlap", "category", what,
				    "count", arena_printf(errs->arena, "%d", sec->count), "lang",
				    e->languages[l], "have", arena_printf(errs->arena, "%d", have),
				    "taken", arena_printf(errs->arena, "%d", taken), NULL);
			for (int k = 1; k <= 3; k++) {
				if (sec->mix[k] == 0)
					continue;
				have = available(d, e, e->languages[l], sec, k);
				if (have < sec->mix[k])
					q_bank_msg(errs, 0, comp ? comp_level[k] : level[k], "category",
					    what, "count", arena_printf(errs->arena, "%d", sec->mix[k]),
					    "lang", e->languages[l], "have",
					    arena_printf(errs->arena, "%d", have), NULL);
			}
		}
	}
	return errs->nerr == before ? 0 : -1;
}

struct save {
	const struct exam *e;
	char *json;
	int64_t user;
	int result;
};

static int
save_fn(struct db *d, void *ctx)
{
	static const char exists[] = "SELECT 1 FROM exams WHERE id = ?";
	static const char upsert[] =
	    "INSERT INTO exams(id, definition, created_at, updated_at, updated_by, owner_id) "
	    "VALUES (?1, ?2, ?3, ?3, ?4, ?4) ON CONFLICT(id) DO UPDATE SET "
	    "definition = excluded.definition, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by";
	struct save *sv = ctx;
	struct stmt *st = db_stmt_text(d, exists, sv->e->id);

	if (st == NULL || exam_overlap_guard(d, sv->e) != 0)
		return -1;
	sv->result = db_exists(st) ? 2 : 1;
	if ((st = db_stmt_text(d, upsert, sv->e->id)) == NULL)
		return -1;
	db_bind_text(st, 2, sv->json);
	db_bind_int64(st, 3, (int64_t)time(NULL));
	if (sv->user > 0)
		db_bind_int64(st, 4, sv->user);
	if (db_done(st) != 0)
		return -1;
	return db_audit(d, sv->result == 1 ? "exam.create" : "exam.update", sv->e->id);
}

int
exam_save(struct store *s, const struct exam *e, int64_t user)
{
	json_t *j = exam_to_json(e);
	struct save sv = { e, NULL, user, -1 };
	int rc;

	if (j == NULL)
		return -1;
	sv.json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (sv.json == NULL)
		return -1;
	rc = store_write(s, save_fn, &sv);
	free(sv.json);
	exam_seb_forget(e->id);	/* its SEB keys may have changed */
	return rc == 0 ? sv.result : -1;
}

int
exam_save_as(struct store *s, const struct exam *e, const struct user *u,
    const char *lang, struct q_bank *errs, const char **err)
{
	int saved;

	*err = NULL;
	/* Another trainer's exam is theirs to change. */
	if (exam_exists(s, e->id) && !owner_exam(s, e->id, u)) {
		*err = "exam_not_yours";
		return -1;
	}
	/* A trainer's exam draws from one bank the trainer may use: their
	 * own or the admins' shared ones, never another trainer's (whose
	 * keys it would hand to its reviewers). */
	if (u->role < ROLE_ADMIN && e->bank == NULL)
		q_bank_error(errs, 0, "%s", i18n_get(lang, "exam_bank_required"));
	else if (u->role < ROLE_ADMIN && !owner_bank_draw(s, e->bank, u))
		q_bank_error(errs, 0, "%s", i18n_msg(errs->arena, lang, "exam_bank_not_yours",
		    "bank", e->bank, NULL));
	else {
		exam_check_items(s, e, errs);
		exam_overlap_check(s, e, lang, errs);
		programme_exam_check(s, e, errs);
	}
	if (errs->nerr > 0)
		return -1;
	if ((saved = exam_save(s, e, u->id)) < 0)
		*err = "internal_error";
	return saved;
}

int
exam_load(struct store *s, struct arena *a, const char *id, struct exam *e)
{
	static const char sql[] = "SELECT definition FROM exams WHERE id = ?";
	char *def = db_one_text(a, db_stmt_text(store_db(s), sql, id));
	struct q_bank errs;

	q_bank_init(&errs, a, id);
	return def != NULL && exam_parse(a, def, strlen(def), e, &errs) == 0;
}

int
exam_exists(struct store *s, const char *id)
{
	static const char sql[] = "SELECT 1 FROM exams WHERE id = ?";

	return db_exists(db_stmt_text(store_db(s), sql, id));
}

json_t *
exam_list(struct store *s, const char *lang, int all, const struct user *u)
{
	static const char sql[] = "SELECT id FROM exams ORDER BY id";
	struct stmt *st = db_stmt(store_db(s), sql);
	json_t *out = json_array();
	long long now = (long long)time(NULL);
	struct arena *a = arena_new();
	char **ids = NULL;
	size_t n = 0;

	/* Collect ids first: exam_load reuses statements of this connection. */
	while (db_row(st)) {
		ids = arena_grow(a, ids, n, n + 1, sizeof *ids);
		ids[n++] = arena_strdup(a, db_col_text(st, 0));
	}
	db_end(st);
	for (size_t i = 0; i < n; i++) {
		struct exam e;
		json_t *langs;

		if (!exam_load(s, a, ids[i], &e) || (all && !owner_exam(s, ids[i], u)))
			continue;
		if (!all && ((e.opens_at && now < e.opens_at) ||
		    (e.closes_at && now >= e.closes_at)))
			continue;
		langs = json_array();
		for (size_t l = 0; l < e.nlanguages; l++)
			json_array_append_new(langs, json_string(e.languages[l]));
		json_array_append_new(out, json_pack("{sssss{ssss}sisisfsoss?ss?}",
		    "id", e.id,
		    "title", lang && strcmp(lang, "zh-TW") == 0 ? e.title_zh : e.title_en,
		    "titles", "en", e.title_en, "zh-TW", e.title_zh,
		    "duration_s", e.duration_s,
		    "items", exam_item_count(&e),
		    "pass_percent", e.pass_percent,
		    "languages", langs,
		    "description", lang && strcmp(lang, "zh-TW") == 0 ? e.desc_zh : e.desc_en,
		    "bank", e.bank));
	}
	arena_free(a);
	return out;
}
