/*
 * attempt_grade.c - grading an attempt from its committed responses:
 * closing it (submit, or the deadline through the sweeper), grading
 * finished attempts again with fixed keys (regrade), and the finish hook
 * through which the server issues certificates. Depends on the exam
 * definition (exam.c), the learner's form (form.c: reading a response
 * against its layout) and grading (grade.c).
 */
#include "attempt_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blueprint.h"
#include "competency_score.h"
#include "form.h"
#include "grade.h"

static attempt_hook finish_hook;
static void *finish_ctx;

struct finish {
	int64_t attempt;
	const char *state;
};

/* An attempt graded from its committed responses. */
struct graded {
	size_t n;
	double *fraction;		/* per position */
	int64_t *version;		/* the item version each was graded with */
	struct grade_result total;
	char *result;			/* the result JSON (from the arena) */
};

/* Grades attempt under its exam definition def. With latest, each item
 * is graded with the newest version of the same item in the same
 * language, when that version has the same shape (type and number of
 * answers and pairs: the stored layout still maps onto it), which is how
 * a fixed key reaches past attempts. Works on any connection. 0 or -1. */
static int
grade_attempt(struct db *d, struct arena *a, int64_t attempt, const char *def,
    int latest, struct graded *g)
{
	static const char items[] =
	    "SELECT ai.position, ai.section, ai.layout, iv.id, iv.data, r.response, "
	    "(SELECT nv.id FROM item_versions nv WHERE nv.item_id = iv.item_id "
	    " AND nv.lang = iv.lang ORDER BY nv.id DESC LIMIT 1) "
	    "FROM attempt_items ai JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "LEFT JOIN responses r ON r.attempt_id = ai.attempt_id AND r.position = ai.position "
	    "WHERE ai.attempt_id = ? ORDER BY ai.position";
	struct q_bank errs;
	struct exam e;
	struct grade_item *gi = NULL;
	struct grade_section *gs;
	json_t *res_items = json_array(), *res_secs = json_array(), *result, *comps;
	double *marks;
	struct stmt *q;
	char *text;
	int rc = -1;

	memset(g, 0, sizeof *g);
	q_bank_init(&errs, a, "exam");
	if (def == NULL || exam_parse(a, def, strlen(def), &e, &errs) != 0 ||
	    (q = db_stmt_int(d, items, attempt)) == NULL)
		goto done;
	gs = arena_alloc(a, (e.nsections + 1) * sizeof *gs);
	for (size_t i = 0; i < e.nsections; i++)
		gs[i].min_percent = e.sections[i].min_percent;
	while (db_row(q)) {
		int pos = db_col_int(q, 0);
		json_t *lay = json_loads(db_col_text(q, 2), 0, NULL);
		int64_t shown = db_col_int64(q, 3), newest = db_col_int64(q, 6);
		const struct question *qq = attempt_question_parsed(d, a, shown,
		    db_col_text(q, 4));
		const char *rtext = db_col_text(q, 5);
		json_t *resp = rtext ? json_loads(rtext, JSON_DECODE_ANY, NULL) : NULL;
		struct response r;
		const char *err;
		size_t n = g->n;

		g->fraction = arena_grow(a, g->fraction, n, n + 1, sizeof *g->fraction);
		g->version = arena_grow(a, g->version, n, n + 1, sizeof *g->version);
		gi = arena_grow(a, gi, n, n + 1, sizeof *gi);
		g->version[n] = shown;
		if (latest && qq != NULL && newest != shown) {
			const struct question *nq = attempt_question(d, a, newest);

			if (nq != NULL && nq->type == qq->type && nq->nanswers == qq->nanswers &&
			    nq->npairs == qq->npairs && nq->single == qq->single &&
			    nq->nchoices == qq->nchoices) {
				qq = nq;
				g->version[n] = newest;
			}
		}
		gi[n].section = db_col_int(q, 1);
		gi[n].weight = qq ? qq->default_mark : 0;
		gi[n].fraction = 0;
		if (qq != NULL && form_response(qq, lay, resp, a, &r, &err) == 0)
			gi[n].fraction = grade_fraction(qq, &r);
		g->fraction[n] = gi[n].fraction;
		json_array_append_new(res_items, json_pack("{s:s,s:i,s:f,s:f,s:f}",
		    "id", arena_printf(a, "i%d", pos + 1), "section", gi[n].section,
		    "fraction", gi[n].fraction, "mark", gi[n].weight,
		    "score", gi[n].fraction * gi[n].weight));
		json_decref(lay);
		json_decref(resp);
		g->n++;
	}
	db_end(q);
	grade_total(gi, g->n, gs, e.nsections, e.pass_percent, &g->total);
	for (size_t i = 0; i < e.nsections; i++) {
		struct exam_section *sec = &e.sections[i];

		/* A competency section without a title has its competency's. */
		if (sec->competency != NULL && sec->title_en == NULL && sec->title_zh == NULL)
			blueprint_title(d, a, sec->competency, &sec->title_en, &sec->title_zh);
		json_array_append_new(res_secs, json_pack("{s:s*,s:s*,s:{s:s?,s:s?},s:f,s:f,s:f,s:f,s:b}",
		    "category", sec->category, "competency", sec->competency,
		    "title", "en", sec->title_en, "zh-TW", sec->title_zh,
		    "score", gs[i].score, "max", gs[i].max, "percent", gs[i].percent,
		    "min_percent", gs[i].min_percent, "passed", gs[i].passed));
	}
	/* Per competency with today's titles, kept as they are now. */
	marks = arena_alloc(a, (g->n + 1) * sizeof *marks);
	for (size_t i = 0; i < g->n; i++)
		marks[i] = gi[i].weight;
	if ((comps = competency_score(d, g->version, g->fraction, marks, g->n)) == NULL)
		goto done;
	result = json_pack("{s:o,s:o,s:o}", "sections", res_secs, "items", res_items,
	    "competencies", comps);
	res_secs = res_items = NULL;
	text = json_dumps(result, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(result);
	if (text != NULL) {
		g->result = arena_strdup(a, text);
		free(text);
		rc = 0;
	}
done:
	json_decref(res_items);
	json_decref(res_secs);
	return rc;
}

/* Stores g's per-item fractions (and graded versions) of attempt. */
static int
store_items(struct db *d, int64_t attempt, const struct graded *g)
{
	static const char set_item[] =
	    "UPDATE attempt_items SET fraction = ?, graded_version_id = ? "
	    "WHERE attempt_id = ? AND position = ?";

	for (size_t i = 0; i < g->n; i++) {
		struct stmt *q = db_stmt(d, set_item);

		if (q == NULL)
			return -1;
		db_bind_double(q, 1, g->fraction[i]);
		db_bind_int64(q, 2, g->version[i]);
		db_bind_int64(q, 3, attempt);
		db_bind_int(q, 4, (int)i);
		if (db_done(q) != 0)
			return -1;
	}
	return 0;
}

/* What grading reads of an attempt's row. */
struct head {
	char *def, *state;	/* NULL: no such attempt (strings in the arena) */
	double percent;		/* the result it has */
	int passed;
};

/* Reads attempt's head on d into h and, if the attempt is running
 * (running 1) or finished (running 0), grades it into g (latest: see
 * grade_attempt). 1 graded; 0 no such attempt, or not in that state; -1
 * on an error. */
static int
grade_head(struct db *d, struct arena *a, int64_t attempt, int running, int latest,
    struct head *h, struct graded *g)
{
	static const char sql[] =
	    "SELECT exam_def, state, percent, passed FROM attempts WHERE id = ?";
	struct stmt *q = db_stmt_int(d, sql, attempt);

	memset(h, 0, sizeof *h);
	if (q == NULL)
		return -1;
	if (db_row(q)) {
		h->def = db_text(a, q, 0);
		h->state = db_text(a, q, 1);
		h->percent = db_col_double(q, 2);
		h->passed = db_col_int(q, 3);
	}
	db_end(q);
	if (h->state == NULL || (strcmp(h->state, "running") == 0) != running)
		return 0;
	return grade_attempt(d, a, attempt, h->def, latest, g) == 0 ? 1 : -1;
}

/* Binds g's score, max_score, percent, passed and result to the five
 * parameters of q from first on. */
static void
bind_total(struct stmt *q, int first, const struct graded *g)
{
	db_bind_double(q, first, g->total.score);
	db_bind_double(q, first + 1, g->total.max);
	db_bind_double(q, first + 2, g->total.percent);
	db_bind_int(q, first + 3, g->total.passed);
	db_bind_text(q, first + 4, g->result);
}

static int
finish_fn(struct db *d, void *ctx)
{
	static const char close[] =
	    "UPDATE attempts SET state = ?, finished_at = ?, score = ?, max_score = ?, "
	    "percent = ?, passed = ?, result = ? WHERE id = ? AND state = 'running'";
	struct finish *f = ctx;
	struct arena *a = arena_new();
	struct stmt *q;
	struct head h;
	struct graded g;
	int rc = -1;

	/* 0: already closed, submitting again changes nothing. */
	if ((rc = grade_head(d, a, f->attempt, 1, 0, &h, &g)) != 1)
		goto done;
	rc = -1;
	if (store_items(d, f->attempt, &g) != 0 || (q = db_stmt(d, close)) == NULL)
		goto done;
	db_bind_text(q, 1, f->state);
	db_bind_int64(q, 2, attempt_now_ms());
	bind_total(q, 3, &g);
	db_bind_int64(q, 8, f->attempt);
	rc = db_done(q);
done:
	arena_free(a);
	return rc;
}

struct regrade {
	int64_t attempt;
	int apply;
	struct attempt_regrade *out;
};

static int
regrade_fn(struct db *d, void *ctx)
{
	static const char set[] =
	    "UPDATE attempts SET score = ?, max_score = ?, percent = ?, passed = ?, "
	    "result = ?, regrade_note = ? WHERE id = ?";
	struct regrade *rg = ctx;
	struct arena *a = arena_new();
	struct stmt *q;
	struct head h;
	struct graded g;
	char *note;
	int rc = grade_head(d, a, rg->attempt, 0, 1, &h, &g) == 1 ? 0 : -1;

	rg->out->before = h.percent;
	rg->out->passed_before = h.passed;
	if (rc != 0)
		goto done;
	rg->out->after = g.total.percent;
	rg->out->passed_after = g.total.passed;
	if (!rg->apply || fabs(rg->out->after - rg->out->before) < 1e-9)
		goto done;
	note = rg->out->passed_before && !g.total.passed ?
	    arena_printf(a, "regraded %lld: no longer passes (%.1f%% -> %.1f%%); "
	    "its certificate is not revoked automatically", (long long)(attempt_now_ms() / 1000),
	    rg->out->before, g.total.percent) :
	    arena_printf(a, "regraded %lld: %.1f%% -> %.1f%%",
	    (long long)(attempt_now_ms() / 1000), rg->out->before, g.total.percent);
	if (store_items(d, rg->attempt, &g) != 0 || (q = db_stmt(d, set)) == NULL) {
		rc = -1;
		goto done;
	}
	bind_total(q, 1, &g);
	db_bind_text(q, 6, note);
	db_bind_int64(q, 7, rg->attempt);
	rc = db_done(q);
	if (rc == 0)
		rc = db_audit(d, "attempt.regrade", note);
done:
	arena_free(a);
	return rc;
}

int
attempt_regrade(struct store *s, int64_t attempt_id, int apply,
    struct attempt_regrade *out)
{
	struct regrade rg = { attempt_id, apply, out };

	memset(out, 0, sizeof *out);
	if (!apply)
		return regrade_fn(store_db(s), &rg);	/* a preview reads only */
	if (store_write(s, regrade_fn, &rg) != 0)
		return -1;
	/* Newly passing: the finish hook issues the certificate. */
	if (out->passed_after && !out->passed_before && finish_hook != NULL)
		finish_hook(s, attempt_id, finish_ctx);
	return 0;
}

void
attempt_on_finish(attempt_hook fn, void *ctx)
{
	finish_hook = fn;
	finish_ctx = ctx;
}

int
attempt_finish(struct store *s, int64_t attempt_id, const char *state)
{
	struct finish f = { attempt_id, state };

	if (store_write(s, finish_fn, &f) != 0)
		return -1;
	if (finish_hook != NULL)
		finish_hook(s, attempt_id, finish_ctx);
	return 0;
}
