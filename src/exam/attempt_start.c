/*
 * attempt_start.c - starting an attempt: the exam's rules (window,
 * language; attempts used, wait, a pass, sittings: attempt_rules.c),
 * drawing each section's items from the banks, and writing the attempt
 * (with the sitting it is sat in) with its items and their shuffled
 * layouts in one transaction. Depends on the exam definition (exam.c),
 * assembly (assemble.c), the learner's form (form.c, for layouts) and
 * libsodium (random draws, the public id).
 */
#include "attempt_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "assemble.h"
#include "blueprint.h"
#include "form.h"

static uint32_t
rnd(uint32_t upper)
{
	return upper ? randombytes_uniform(upper) : 0;
}

struct start {
	struct arena *a;
	const char *exam_id;
	const struct user *u;
	const char *lang;
	int64_t now;
	struct attempt *out;
	int created;
	long wait_s;
	enum attempt_err err;
};

static const char candidates_sql[] =
    "SELECT iv.id, iv.item_id, iv.difficulty, coalesce(u.uses, 0) "
    "FROM bank_version_items bvi "
    "JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
    "JOIN banks b ON b.id = bv.bank_id "
    "JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "LEFT JOIN item_usage u ON u.item_id = iv.item_id "
    "WHERE bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
    "AND (?1 IS NULL OR b.name = ?1) AND iv.lang = ?2 "
    "AND iv.type NOT IN ('essay', 'description') "
    "AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL "
    BLUEPRINT_DRAWS_SQL("?3", "?4");

/* Draws every section of e; fills picked[0..*npicked) and sections[]. */
static int
draw(struct db *d, struct start *st, const struct exam *e,
    struct candidate *picked, int *section, size_t *npicked)
{
	int64_t *taken = arena_alloc(st->a, (size_t)(exam_item_count(e) + 1) * sizeof *taken);
	size_t ntaken = 0;

	*npicked = 0;
	for (size_t s = 0; s < e->nsections; s++) {
		const struct exam_section *sec = &e->sections[s];
		struct stmt *q = db_stmt_text(d, candidates_sql, e->bank);
		struct candidate *c = NULL;
		size_t n = 0, cap = 0;
		int perm[1000];

		if (q == NULL)
			return -1;
		db_bind_text(q, 2, st->lang);
		db_bind_text(q, 3, sec->category);
		db_bind_text(q, 4, sec->competency);
		while (db_row(q)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				c = arena_grow(st->a, c, n, cap, sizeof *c);
			}
			c[n].item_version_id = db_col_int64(q, 0);
			c[n].item_id = db_col_int64(q, 1);
			c[n].difficulty = db_col_int(q, 2);
			c[n].uses = db_col_int(q, 3);
			n++;
		}
		db_end(q);
		if (assemble_section(c, n, sec->count, sec->mix, taken, &ntaken,
		    picked + *npicked, rnd) != 0)
			return -1;
		/* Within a section, the order shown is random when asked. */
		if (e->shuffle_items && sec->count <= 1000) {
			struct candidate *tmp = arena_alloc(st->a, (size_t)sec->count * sizeof *tmp);

			assemble_shuffle(perm, (size_t)sec->count, rnd);
			for (int i = 0; i < sec->count; i++)
				tmp[i] = picked[*npicked + (size_t)perm[i]];
			memcpy(picked + *npicked, tmp, (size_t)sec->count * sizeof *tmp);
		}
		for (int i = 0; i < sec->count; i++)
			section[*npicked + (size_t)i] = (int)s;
		*npicked += (size_t)sec->count;
	}
	return 0;
}

static int
start_fn(struct db *d, void *ctx)
{
	static const char running[] =
	    "SELECT " ATTEMPT_COLS " FROM attempts "
	    "WHERE exam_id = ? AND user_id = ? AND state = 'running'";
	static const char def[] = "SELECT definition FROM exams WHERE id = ?";
	static const char ins[] =
	    "INSERT INTO attempts(public_id, exam_id, user_id, lang, state, "
	    "started_at, deadline, grace_s, exam_def, sitting_id) "
	    "VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)";
	static const char ins_item[] =
	    "INSERT INTO attempt_items(attempt_id, position, item_version_id, "
	    "section, layout) VALUES (?, ?, ?, ?, ?)";
	static const char usage[] =
	    "INSERT INTO item_usage(item_id, uses) VALUES (?, 1) "
	    "ON CONFLICT(item_id) DO UPDATE SET uses = item_usage.uses + 1";
	struct start *st = ctx;
	struct exam e;
	struct attempt_standing sd;
	struct q_bank errs;
	struct stmt *q;
	const char *json;
	char *def_json, pid[SESSION_TOKEN_LEN + 1];
	unsigned char raw[16];
	struct candidate *picked;
	int *section, total;
	size_t npicked;
	int64_t deadline, aid;
	int found = 0;

	if ((q = db_stmt_text(d, running, st->exam_id)) == NULL)
		goto failed;
	db_bind_int64(q, 2, st->u->id);
	found = db_row(q) && attempt_fill_row(st->a, q, st->out);
	db_end(q);
	if (found)
		return 0;
	def_json = db_one_text(st->a, db_stmt_text(d, def, st->exam_id));
	q_bank_init(&errs, st->a, "exam");
	if (def_json == NULL || exam_parse(st->a, def_json, strlen(def_json), &e, &errs) != 0)
		goto failed;
	if ((e.opens_at && st->now < e.opens_at * 1000) ||
	    (e.closes_at && st->now >= e.closes_at * 1000)) {
		st->err = ATTEMPT_NOT_OPEN;
		return -1;
	}
	st->err = ATTEMPT_LANG;
	for (size_t i = 0; i < e.nlanguages; i++)
		if (strcmp(e.languages[i], st->lang) == 0)
			st->err = ATTEMPT_OK;
	if (st->err != ATTEMPT_OK)
		return -1;
	/* Attempts used, the wait, a pass that counts, the sittings booked. */
	if (attempt_standing_db(d, st->a, &e, st->exam_id, st->u->id, st->now, &sd) != 0)
		goto failed;
	if ((st->err = sd.why) != ATTEMPT_OK) {
		if (sd.why == ATTEMPT_WAIT)
			st->wait_s = (long)((sd.retake_ms - st->now + 999) / 1000);
		return -1;
	}
	total = exam_item_count(&e);
	picked = arena_alloc(st->a, (size_t)total * sizeof *picked);
	section = arena_alloc(st->a, (size_t)total * sizeof *section);
	if (draw(d, st, &e, picked, section, &npicked) != 0) {
		st->err = ATTEMPT_ITEMS;
		return -1;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pid, sizeof pid, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	deadline = st->now + (int64_t)((double)e.duration_s * 1000.0 *
	    (st->u->time_multiplier > 0 ? st->u->time_multiplier : 1.0));
	if (e.closes_at && deadline > e.closes_at * 1000)
		deadline = e.closes_at * 1000;
	{
		json_t *canon = exam_to_json(&e);

		json = canon ? json_dumps(canon, JSON_COMPACT) : NULL;
		json_decref(canon);
	}
	if (json == NULL || (q = db_stmt(d, ins)) == NULL) {
		free((char *)(uintptr_t)json);
		goto failed;
	}
	db_bind_text(q, 1, pid);
	db_bind_text(q, 2, st->exam_id);
	db_bind_int64(q, 3, st->u->id);
	db_bind_text(q, 4, st->lang);
	db_bind_int64(q, 5, st->now);
	db_bind_int64(q, 6, deadline);
	db_bind_int(q, 7, e.grace_s);
	db_bind_text(q, 8, json);
	free((char *)(uintptr_t)json);
	if (sd.sitting_id > 0)
		db_bind_int64(q, 9, sd.sitting_id);
	if (db_done(q) != 0)
		goto failed;
	aid = db_last_id(d);
	for (size_t i = 0; i < npicked; i++) {
		const struct question *qq;
		json_t *lay;
		char *layout;
		int rc;

		if ((qq = attempt_question(d, st->a, picked[i].item_version_id)) == NULL)
			goto failed;
		lay = form_layout(qq, e.shuffle_choices, rnd);
		layout = json_dumps(lay, JSON_COMPACT);
		json_decref(lay);
		if (layout == NULL || (q = db_stmt(d, ins_item)) == NULL) {
			free(layout);
			goto failed;
		}
		db_bind_int64(q, 1, aid);
		db_bind_int(q, 2, (int)i);
		db_bind_int64(q, 3, picked[i].item_version_id);
		db_bind_int(q, 4, section[i]);
		db_bind_text(q, 5, layout);
		rc = db_done(q);
		free(layout);
		if (rc != 0 || db_done(db_stmt_int(d, usage, picked[i].item_id)) != 0)
			goto failed;
	}
	st->created = 1;
	st->out->id = aid;
	st->out->public_id = arena_strdup(st->a, pid);
	return 0;
failed:
	st->err = ATTEMPT_FAILED;
	return -1;
}

enum attempt_err
attempt_start(struct store *s, struct arena *a, const char *exam_id,
    const struct user *u, const char *lang, struct attempt *out, int *created,
    long *wait_s)
{
	struct start st = { a, exam_id, u, lang, attempt_now_ms(), out, 0, 0, ATTEMPT_OK };

	memset(out, 0, sizeof *out);
	if (store_write(s, start_fn, &st) != 0)
		return st.err != ATTEMPT_OK ? st.err : ATTEMPT_FAILED;
	*created = st.created;
	*wait_s = st.wait_s;
	/* Read it back whole: the same path as every later load. */
	return attempt_load(s, a, out->public_id, out) ? ATTEMPT_OK : ATTEMPT_FAILED;
}
