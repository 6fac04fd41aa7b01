/*
 * attempt_view.c - an attempt as its learner sees it: the items as drawn
 * (never a key), the saved responses and flags, the time left; and the
 * graded result under the exam's review policy. Read only. Depends on the
 * learner's form (form.c), the parsed-question cache and timefmt.c.
 */
#include "attempt_int.h"

#include <string.h>

#include "competency_score.h"
#include "form.h"
#include "timefmt.h"

static char *
iso_ms(struct arena *a, int64_t ms)
{
	struct timefmt_tm tm;

	timefmt_split(ms / 1000, 0, &tm);
	return arena_printf(a, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.year, tm.month,
	    tm.day, tm.hour, tm.min, tm.sec, (int)(ms % 1000));
}

json_t *
attempt_view(struct store *s, struct arena *a, const struct attempt *t)
{
	static const char items[] =
	    "SELECT ai.position, ai.layout, ai.flagged, iv.data, iv.id FROM attempt_items ai "
	    "JOIN item_versions iv ON iv.id = ai.item_version_id "
	    "WHERE ai.attempt_id = ? ORDER BY ai.position";
	static const char resps[] =
	    "SELECT position, seq, response FROM responses WHERE attempt_id = ?";
	struct db *d = store_db(s);
	struct stmt *q = db_stmt_int(d, items, t->id);
	json_t *arr = json_array(), *responses = json_object(), *seqs = json_object();
	json_t *flagged = json_array(), *v, *def;
	/* A paused attempt's clock stands still where the pause stopped it. */
	int64_t now = attempt_now_ms();
	int64_t left = t->deadline_ms - (t->paused_ms != 0 ? t->paused_ms : now);

	while (db_row(q)) {
		int pos = db_col_int(q, 0);
		char *id = arena_printf(a, "i%d", pos + 1);
		json_t *lay = json_loads(db_col_text(q, 1), 0, NULL);
		const struct question *qq = attempt_question_parsed(d, a, db_col_int64(q, 4),
		    db_col_text(q, 3));
		json_t *item = qq ? form_view(qq, lay, id, a) : NULL;

		if (item != NULL)
			json_array_append_new(arr, item);
		if (db_col_int(q, 2))
			json_array_append_new(flagged, json_string(id));
		json_decref(lay);
	}
	db_end(q);
	q = db_stmt_int(d, resps, t->id);
	while (db_row(q)) {
		char *id = arena_printf(a, "i%d", db_col_int(q, 0) + 1);

		json_object_set_new(responses, id, json_loads(
		    db_col_text(q, 2), 0, NULL));
		json_object_set_new(seqs, id, json_integer(db_col_int64(q, 1)));
	}
	db_end(q);
	def = json_loads(t->exam_def, 0, NULL);
	v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
	    "id", t->public_id, "exam", t->exam_id, "lang", t->lang, "state", t->state,
	    "deadline", iso_ms(a, t->deadline_ms), "server_time", iso_ms(a, now),
	    "started_at", iso_ms(a, t->started_ms),
	    "remaining_s", (json_int_t)(strcmp(t->state, "running") == 0 && left > 0 ? (left + 999) / 1000 : 0),
	    "duration_s", (json_int_t)((t->deadline_ms - t->started_ms) / 1000),
	    "grace_s", (json_int_t)t->grace_s,
	    "items", arr, "responses", responses, "seqs", seqs, "flagged", flagged);
	if (v != NULL && def != NULL)
		json_object_set(v, "title", json_object_get(def, "title"));
	if (v != NULL)
		json_object_set_new(v, "paused", json_boolean(t->paused_ms != 0 &&
		    strcmp(t->state, "running") == 0));
	json_decref(def);
	return v;
}

json_t *
attempt_result(struct store *s, struct arena *a, const struct attempt *t,
    int for_trainer)
{
	json_t *def = json_loads(t->exam_def, 0, NULL), *stored, *out;
	const char *review = json_string_value(json_object_get(def, "review"));

	(void)a;
	if (!t->graded || t->result == NULL) {
		json_decref(def);
		return NULL;
	}
	if (review == NULL)
		review = "by_section";
	if (for_trainer)
		review = "by_item";
	stored = json_loads(t->result, 0, NULL);
	out = json_pack("{s:s,s:f,s:f,s:f,s:b,s:O?,s:s}", "state", t->state,
	    "score", t->score, "max_score", t->max_score, "percent", t->percent,
	    "passed", t->passed, "pass_percent", json_object_get(def, "pass_percent"),
	    "review", review);
	if (out != NULL && strcmp(review, "score") != 0) {
		json_object_set(out, "sections", json_object_get(stored, "sections"));
		json_object_set_new(out, "competencies", competency_result(store_db(s), t->id,
		    t->result, json_number_value(json_object_get(def, "pass_percent"))));
	}
	if (out != NULL && (strcmp(review, "by_item") == 0 || strcmp(review, "with_keys") == 0))
		json_object_set(out, "items", json_object_get(stored, "items"));
	json_decref(stored);
	json_decref(def);
	return out;
}
