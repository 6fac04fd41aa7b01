/*
 * api_attempt.c - taking an exam through the JSON API.
 *
 *   POST /api/v1/exams/{exam}/attempts           {"lang"} start or resume;
 *                                                refused with why and when
 *   GET  /api/v1/attempts/{id}                   the form, time and answers
 *   PUT  /api/v1/attempts/{id}/responses/{item}  {"response","seq"} save one
 *   PUT  /api/v1/attempts/{id}/flags/{item}      {"flagged"} mark for review
 *   POST /api/v1/attempts/{id}/events            {"kind","detail"} integrity log
 *   POST /api/v1/attempts/{id}/submit            grade (idempotent)
 *   GET  /api/v1/attempts/{id}/result            the result, by review policy
 *   GET  /api/v1/attempts/{id}/events            trainer: the integrity log
 *
 * An attempt belongs to its learner: anyone else gets 403 (trainers may
 * read, never write). Nothing here ever sends a key before grading. A
 * body holds only the fields listed (another is refused with 400 naming
 * it: nothing is stored or logged on the side) and is small: the route
 * rules of routes.c check the others' bodies, the save checks its own.
 */
#include "handlers.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "attempt.h"
#include "exam_store.h"
#include "owner.h"
#include "results.h"
#include "review.h"
#include "cert.h"

/* Loads {id} and checks the caller may see it (write: may change it).
 * Returns 0 with t filled, else the status already replied. */
static int
get_checked(struct req *r, struct attempt *t, int write, int brief)
{
	const char *id = req_param(r, "id");

	if (id == NULL || !(brief ? attempt_load_brief : attempt_load)(r->store, r->arena,
	    id, t))
		return reply_error(r, 404, "attempt_not_found");
	/* Trainers read only the attempts of exams they manage: another
	 * trainer gets 403, as the attack tests' matrix checks. */
	if (t->user_id != r->user.id &&
	    (write || !owner_exam(r->store, t->exam_id, &r->user)))
		return reply_error(r, 403, "attempt_not_yours");
	/* Its learner, while it runs (any write, any read of a running
	 * one), only from Safe Exam Browser if the exam says so; a finished
	 * attempt's result reads anywhere. */
	if (t->user_id == r->user.id && (write || strcmp(t->state, "running") == 0))
		return ui_seb_gate(r, t->exam_id);
	return 0;
}

int
api_attempt_get_checked(struct req *r, struct attempt *t, int write)
{
	return get_checked(r, t, write, 0);
}

/* Localises true/false labels of a learner view in place. */
void
api_attempt_localise(struct req *r, json_t *view)
{
	size_t i;
	json_t *item;

	json_array_foreach(json_object_get(view, "items"), i, item) {
		size_t k;
		json_t *c;

		if (strcmp(json_string_value(json_object_get(item, "type")), "truefalse") != 0)
			continue;
		json_array_foreach(json_object_get(item, "choices"), k, c)
			json_object_set_new(c, "text", json_string(i18n_get(r->lang,
			    json_string_value(json_object_get(c, "id")))));
	}
}

/* Puts the per-item review into a result when its policy shows items. */
void
api_attempt_review(struct req *r, const struct attempt *t, json_t *res)
{
	const char *review = json_string_value(json_object_get(res, "review"));

	if (review != NULL && (strcmp(review, "by_item") == 0 ||
	    strcmp(review, "with_keys") == 0))
		json_object_set_new(res, "items", review_items(r->store, r->arena, t,
		    r->lang, strcmp(review, "with_keys") == 0));
}

/* {"serial","status","verify_url","pdf_url","credential_url","revoked_at",
 * "revoke_reason","superseded_by"} of the attempt's certificate, or null. */
json_t *
api_attempt_cert(struct req *r, const struct attempt *t)
{
	struct cert c;
	json_t *o;

	if (!cert_of_attempt(r->store, r->arena, t->id, &c))
		return json_null();
	o = json_pack("{s:s, s:s, s:s, s:s}", "serial", c.serial,
	    "status", cert_status_name(c.revoked_at ? CERT_REVOKED : c.expires_at &&
	    c.expires_at / 86400 < time(NULL) / 86400 ? CERT_EXPIRED : CERT_VALID),
	    "verify_url", cert_verify_url(r->arena, r->app->base_url, c.code),
	    "pdf_url", arena_printf(r->arena, "/api/v1/certificates/%s.pdf", c.serial));
	json_object_set_new(o, "credential_url", json_string(arena_printf(r->arena,
	    "/api/v1/certificates/%s/credential", c.serial)));
	cert_put_revocation(o, &c);
	return o;
}

/* Replies with why an attempt could not start. */
int
api_attempt_refused(struct req *r, int err, long wait_s)
{
	char num[32];

	switch ((enum attempt_err)err) {
	case ATTEMPT_NOT_OPEN: return reply_error(r, 403, "exam_not_open");
	case ATTEMPT_NO_MORE: return reply_error(r, 409, "no_attempts_left");
	case ATTEMPT_WAIT:
		snprintf(num, sizeof num, "%ld", wait_s);
		reply_header(r, "Retry-After", num);
		return reply_error(r, 409, "attempt_wait");
	case ATTEMPT_LANG: return reply_error(r, 422, "exam_lang");
	case ATTEMPT_ITEMS: return reply_error(r, 503, "exam_items");
	case ATTEMPT_PASSED: return reply_error(r, 409, "start_why_passed");
	case ATTEMPT_SITTING: return reply_error(r, 403, "exam_not_open");
	case ATTEMPT_CHECKIN: return reply_error(r, 403, "start_why_checkin_none");
	default: return reply_error(r, 500, "internal_error");
	}
}

int
api_attempt_start(struct req *r)
{
	const char *exam = req_param(r, "exam"), *lang = NULL;
	json_t *in = req_json(r), *view;
	struct attempt t;
	struct exam e;
	int created = 0;
	long wait_s = 0;
	int status;
	enum attempt_err err;

	if (in != NULL)
		lang = i18n_match(json_string_value(json_object_get(in, "lang")));
	if (!exam_load(r->store, r->arena, exam, &e)) {
		json_decref(in);
		return reply_error(r, 404, "exam_not_found");
	}
	if ((status = ui_seb_gate(r, exam)) != 0) {
		json_decref(in);
		return status;
	}
	if (lang == NULL)
		lang = r->lang;
	err = attempt_start(r->store, r->arena, exam, &r->user, lang, &t, &created, &wait_s);
	json_decref(in);
	if (err == ATTEMPT_NO_MORE || err == ATTEMPT_WAIT || err == ATTEMPT_PASSED ||
	    err == ATTEMPT_SITTING || err == ATTEMPT_CHECKIN) {
		/* The learner's standing says why, with the times to come back. */
		const char *why = NULL;
		json_t *o = ui_exam_standing(r, &e, err, &why);

		if (err == ATTEMPT_WAIT) {
			char num[32];

			snprintf(num, sizeof num, "%ld", wait_s);
			reply_header(r, "Retry-After", num);
		}
		if (why == NULL) {
			json_decref(o);
			return api_attempt_refused(r, err, wait_s);
		}
		json_object_set_new(o, "error", json_string(why));
		if (err == ATTEMPT_CHECKIN)
			json_object_set_new(o, "reason", json_string("checkin_required"));
		return reply_json(r, err == ATTEMPT_SITTING || err == ATTEMPT_CHECKIN ? 403 :
		    409, o);
	}
	if (err != ATTEMPT_OK)
		return api_attempt_refused(r, err, wait_s);
	view = attempt_view(r->store, r->arena, &t);
	api_attempt_localise(r, view);
	return reply_json(r, created ? 201 : 200, view);
}

int
api_attempt_get(struct req *r)
{
	struct attempt t;
	json_t *view;
	int status;

	if ((status = api_attempt_get_checked(r, &t, 0)) != 0)
		return status;
	view = attempt_view(r->store, r->arena, &t);
	api_attempt_localise(r, view);
	if (t.graded)
		json_object_set_new(view, "result", attempt_result(r->store, r->arena,
		    &t, t.user_id != r->user.id));
	/* Who manages the exam sees the time given back and the notes. */
	if (t.user_id != r->user.id)
		json_object_set_new(view, "incidents", attempt_incidents(r->store, t.id));
	return reply_json(r, 200, view);
}

/* The first field of the body object in that names lists (NULL-ended)
 * does not hold, or NULL: a body carries what its route reads, nothing
 * to be stored or logged on the side. */
static const char *
unknown_field(const json_t *in, const char *const *names)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)in, k, v) {
		size_t i;

		for (i = 0; names[i] != NULL && strcmp(k, names[i]) != 0; i++)
			;
		if (names[i] == NULL)
			return k;
	}
	return NULL;
}

static int
save_reply(struct req *r, enum save_result res, int64_t stored, const char *err)
{
	switch (res) {
	case SAVE_OK:
	case SAVE_STALE:
		/* Written directly: the most frequent answer of an exam day.
		 * The item id matched a position ("iN"), so it needs no
		 * escaping. */
		buf_reset(&r->out);
		buf_printf(&r->out, "{\"saved\":%s,\"seq\":%lld,\"item\":\"%s\"}\n",
		    res == SAVE_OK ? "true" : "false", (long long)stored, req_param(r, "item"));
		r->content_type = "application/json; charset=utf-8";
		return r->status = 200;
	case SAVE_BAD:	/* err: a catalog key, in the caller's language */
		return reply_json(r, 400, json_pack("{ss}", "error",
		    i18n_get(r->lang, err ? err : "response_invalid")));
	case SAVE_CLOSED:
		return reply_error(r, 409, "attempt_closed");
	case SAVE_PAUSED:	/* exam.js keeps the answer and tries again */
		reply_header(r, "Retry-After", "5");
		return reply_error(r, 423, "attempt_paused");
	default:
		return reply_error(r, 500, "internal_error");
	}
}

/* A save's outcome, from the writer thread to the connection's. */
struct save_outcome {
	enum save_result res;
	int64_t stored;
	int err;
};

static void
save_committed(void *ctx, enum save_result res, int64_t stored, int err)
{
	struct req *r = ctx;
	struct save_outcome *so = r->ctx;

	so->res = res;
	so->stored = stored;
	so->err = err;
	req_resume(r);
}

static int
save_finish(struct req *r)
{
	struct save_outcome *so = r->ctx;

	store_set_write_error(so->err);	/* disk full: 503, not 500 */
	return save_reply(r, so->res, so->stored, NULL);
}

int
api_attempt_save(struct req *r)
{
	static const char *const fields[] = { "response", "seq", NULL };
	struct attempt t;
	json_t *in = req_json(r);
	const json_t *seqv;
	const char *err = NULL, *field = NULL;
	enum save_result res;
	struct save *sv;
	struct save_outcome *sr;
	int status;

	if ((status = get_checked(r, &t, 1, 1)) != 0) {
		json_decref(in);
		return status;
	}
	if (in == NULL)
		return reply_error(r, 400, "json_invalid");
	/* Its route rule leaves the body to this handler (routes.c b_save):
	 * one parse on the hot path, the same answer as the rule's. */
	if ((field = unknown_field(in, fields)) != NULL) {
		status = reply_error_field(r, 400, "json_unknown_field", field);
		json_decref(in);
		return status;
	}
	seqv = json_object_get(in, "seq");
	if (seqv != NULL && !json_is_integer(seqv)) {
		json_decref(in);
		return reply_error(r, 400, "seq_invalid");
	}
	/* Without a seq the server orders saves by arrival; clients that
	 * retry must send one. */
	sv = attempt_save_prepare(r->store, r->arena, &t, req_param(r, "item"),
	    json_object_get(in, "response"), seqv ? json_integer_value(seqv) : 0, &res, &err,
	    &field);
	if (sv == NULL && field != NULL) {
		status = reply_error_field(r, 400, "response_field_unknown", field);
		json_decref(in);	/* field is in */
		return status;
	}
	json_decref(in);
	if (sv == NULL)
		return save_reply(r, res, 0, err);
	/* No thread waits for the commit: the connection is set aside and
	 * answered when the writer has made the save durable. */
	r->ctx = sr = arena_alloc(r->arena, sizeof *sr);
	req_defer(r, save_finish);
	attempt_save_queue(r->store, sv, save_committed, r);
	return REQ_DEFERRED;
}

int
api_attempt_flag(struct req *r)
{
	struct attempt t;
	json_t *in = req_json(r);
	const json_t *v = json_object_get(in, "flagged");
	int status, flagged;
	enum save_result res;

	if ((status = api_attempt_get_checked(r, &t, 1)) != 0) {
		json_decref(in);
		return status;
	}
	/* No body unflags, as before; the route rule (b_flag) has refused
	 * any field but "flagged", which must be true or false. */
	if (v != NULL && !json_is_boolean(v)) {
		json_decref(in);
		return reply_error(r, 400, "flagged_invalid");
	}
	flagged = json_is_true(v);
	json_decref(in);
	res = attempt_flag(r->store, &t, req_param(r, "item"), flagged);
	if (res == SAVE_CLOSED)
		return reply_error(r, 409, "attempt_closed");
	if (res == SAVE_PAUSED)
		return reply_error(r, 423, "attempt_paused");
	if (res != SAVE_OK)
		return reply_error(r, res == SAVE_BAD ? 404 : 500,
		    res == SAVE_BAD ? "not_found" : "internal_error");
	return reply_json(r, 200, json_pack("{sb}", "flagged", flagged));
}

int
api_attempt_event(struct req *r)
{
	static const char *const kinds[] = { "hidden", "blur", "paste", "offline", "online", NULL };
	struct attempt t;
	json_t *in = req_json(r);
	const char *kind = in ? json_string_value(json_object_get(in, "kind")) : NULL;
	const char *detail = in ? json_string_value(json_object_get(in, "detail")) : NULL;
	int status, known = 0;

	if ((status = api_attempt_get_checked(r, &t, 1)) != 0) {
		json_decref(in);
		return status;
	}
	for (int i = 0; kind != NULL && kinds[i] != NULL; i++)
		known |= strcmp(kind, kinds[i]) == 0;
	if (!known || (detail != NULL && strlen(detail) > 500)) {
		json_decref(in);
		return reply_error(r, 400, "event_invalid");
	}
	status = attempt_event(r->store, &t, kind, detail);
	json_decref(in);
	/* Never blocks the learner: a closed attempt or a full log is fine. */
	return reply_json(r, 200, json_pack("{sb}", "logged", status == 0));
}

int
api_attempt_submit(struct req *r)
{
	struct attempt t;
	json_t *res;
	int status;

	if ((status = api_attempt_get_checked(r, &t, 1)) != 0)
		return status;
	/* Paused by a proctor: the exam waits, its end too. */
	if (strcmp(t.state, "running") == 0 && t.paused_ms != 0)
		return reply_error(r, 423, "attempt_paused");
	if (strcmp(t.state, "running") == 0 &&
	    (attempt_finish(r->store, t.id, "submitted") != 0 ||
	    !attempt_load(r->store, r->arena, t.public_id, &t)))
		return reply_error(r, 500, "internal_error");
	if ((res = attempt_result(r->store, r->arena, &t, 0)) == NULL)
		return reply_error(r, 500, "internal_error");
	api_attempt_review(r, &t, res);
	json_object_set_new(res, "certificate", api_attempt_cert(r, &t));
	json_object_set_new(res, "id", json_string(t.public_id));
	return reply_json(r, 200, res);
}

int
api_attempt_result(struct req *r)
{
	struct attempt t;
	json_t *res;
	int status;

	if ((status = api_attempt_get_checked(r, &t, 0)) != 0)
		return status;
	if ((res = attempt_result(r->store, r->arena, &t, t.user_id != r->user.id)) == NULL)
		return reply_error(r, 409, "attempt_running");
	api_attempt_review(r, &t, res);
	json_object_set_new(res, "certificate", api_attempt_cert(r, &t));
	return reply_json(r, 200, res);
}

int
api_attempt_events(struct req *r)
{
	struct attempt t;
	int st;

	/* Only who manages the attempt's exam reads its integrity log. */
	if ((st = api_attempt_get_checked(r, &t, 0)) != 0)
		return st;
	return reply_json(r, 200, results_events(r->store, req_param(r, "id")));
}
