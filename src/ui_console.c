/*
 * ui_console.c - the trainer's console in the browser: the dashboard,
 * the question browser of a bank (retire and restore) with its version
 * history, bank upload, one attempt in detail, learners in bulk with
 * printable access-code slips, accommodations, and the administrator's
 * audit trail. Accounts are in ui_console_users.c. The exam
 * pages (definition form, results, statistics, regrading) are in
 * ui_console_exam.c. Every page works without script; the work itself
 * is done by the same functions the JSON API calls (api_*.c, results.c,
 * people.c, bank_retire.c).
 */
#include "handlers.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "attempt.h"
#include "bank_import.h"
#include "bank_lint.h"
#include "bank_retire.h"
#include "bank_store.h"
#include "cert.h"
#include "encoding.h"
#include "exam_store.h"
#include "form.h"
#include "multipart.h"
#include "owner.h"
#include "people.h"
#include "review.h"

#define TAIPEI_OFFSET (8 * 3600)	/* no daylight saving since 1979 */
#define BANK_PAGE 50			/* questions one bank page shows */
#define AUDIT_PAGE 100

char *
ui_console_time(struct arena *a, long long secs, int input)
{
	time_t t = (time_t)(secs + TAIPEI_OFFSET);
	struct tm tm;
	char out[32];

	if (secs <= 0)
		return arena_strdup(a, "");
	gmtime_r(&t, &tm);
	strftime(out, sizeof out, input ? "%Y-%m-%dT%H:%M" : "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(a, out);
}

char *
ui_console_cert_error(struct req *r, const char *why)
{
	/* Full-width punctuation takes no space after it. */
	return arena_printf(r->arena, "%s%s%s", i18n_get(r->lang, "cert_not_issued"),
	    strcmp(r->lang, "zh-TW") == 0 ? "" : " ", why);
}

long long
ui_console_parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, n = 0;

	if (s == NULL || *s == '\0')
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    (s[n] != '\0' && s[n] != ':') || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	if (s[n] == ':')
		tm.tm_sec = atoi(s + n + 1);
	return (long long)timegm(&tm) - TAIPEI_OFFSET;
}

/* v with two decimals; "" when it is not a number. */
static const char *
fmt_num(struct arena *a, const json_t *v)
{
	return json_is_number(v) ? arena_printf(a, "%.2f", json_number_value(v)) : "";
}

/* Attempts, finished attempts and passes per exam. */
static void
exam_counts(struct req *r, json_t *exams)
{
	static const char sql[] =
	    "SELECT count(*), sum(state != 'running'), sum(state != 'running' AND passed) "
	    "FROM attempts WHERE exam_id = ?";
	size_t i;
	json_t *e;

	json_array_foreach(exams, i, e) {
		sqlite3_stmt *st = db_stmt(store_db(r->store), sql);
		int n = 0, done = 0, passed = 0;

		if (st == NULL)
			break;
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(e, "id")), -1,
		    SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			n = sqlite3_column_int(st, 0);
			done = sqlite3_column_int(st, 1);
			passed = sqlite3_column_int(st, 2);
		}
		sqlite3_reset(st);
		json_object_set_new(e, "attempts", json_integer(n));
		json_object_set_new(e, "pass_rate", json_string(done ? arena_printf(r->arena,
		    "%.0f%%", 100.0 * passed / done) : "–"));
		json_object_set_new(e, "minutes", json_integer(json_integer_value(
		    json_object_get(e, "duration_s")) / 60));
	}
}

int
ui_console(struct req *r)
{
	json_t *exams = exam_list(r->store, r->lang, 1, &r->user);
	json_t *banks = api_bank_list_for(r), *b;
	size_t i;

	exam_counts(r, exams);
	json_array_foreach(banks, i, b) {
		json_t *langs = json_object_get(b, "languages"), *l;
		struct buf lb = BUF_INIT;
		const char *code;

		/* {"zh-TW": 300, "en": 300} as "zh-TW 300 · en 300" */
		json_object_foreach(langs, code, l)
			buf_printf(&lb, "%s%s %" JSON_INTEGER_FORMAT, lb.len ? " · " : "", code,
			    json_integer_value(l));
		json_object_set_new(b, "languages_text", json_string(lb.data ? lb.data : ""));
		buf_free(&lb);
		json_object_set_new(b, "imported_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(b, "imported_at")), 0)));
		json_object_set_new(b, "ncategories", json_integer((json_int_t)json_array_size(
		    json_object_get(b, "categories"))));
	}
	return reply_page(r, 200, "console_home", json_pack("{s:s, s:o, s:o, s:b}",
	    "title", i18n_get(r->lang, "console_title"), "exams", exams, "banks", banks,
	    "admin", r->user.role >= ROLE_ADMIN));
}

/* ---- banks ---- */

/* The question browser's view of answer a of q. */
static json_t *
answer_view(struct req *r, const struct question *q, const struct q_answer *an)
{
	const char *text;

	if (q->type == Q_NUMERICAL)
		text = an->text && strcmp(an->text, "*") == 0 ? "*" :
		    arena_printf(r->arena, "%g ± %g", an->value, an->tolerance);
	else if (q->type == Q_TRUEFALSE)
		text = i18n_get(r->lang, an->text && strcmp(an->text, "true") == 0 ? "true" : "false");
	else
		text = NULL;
	return json_pack("{s:s, s:s, s:b, s:b, s:s?}",
	    "html", text ? "" : form_html(r->arena, q, an->text, an->format),
	    "text", text ? text : "",
	    "right", an->fraction > 0, "full", an->fraction >= 1.0 - 1e-9,
	    "feedback", an->feedback && *an->feedback ?
	    form_html(r->arena, q, an->feedback, an->feedback_format) : NULL);
}

static json_t *
question_view(struct req *r, const struct question *q, const struct q_bank *warn,
    const json_t *retired)
{
	const char *key = bank_item_key(r->arena, q);
	json_t *answers = json_array(), *pairs = json_array(), *warnings = json_array();

	for (size_t i = 0; i < q->nanswers; i++) {
		json_t *a = answer_view(r, q, &q->answers[i]);

		json_object_set_new(a, "fraction", json_string(arena_printf(r->arena, "%g%%",
		    q->answers[i].fraction * 100)));
		json_array_append_new(answers, a);
	}
	for (size_t i = 0; i < q->npairs; i++)
		json_array_append_new(pairs, json_pack("{s:s, s:s}",
		    "sub", form_html(r->arena, q, q->pairs[i].sub, q->pairs[i].format),
		    "answer", q->pairs[i].answer ? q->pairs[i].answer : ""));
	for (size_t e = 0; e < warn->nerr; e++)
		if (warn->err[e].line == q->line)
			json_array_append_new(warnings, json_string(warn->err[e].message));
	return json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s?}",
	    "key", key, "title", q->title, "type", i18n_get(r->lang,
	    arena_printf(r->arena, "qtype_%s", q_type_name(q->type))),
	    "category", q->category ? q->category : "", "lang", q->lang ? q->lang : "",
	    "html", form_html(r->arena, q, q->text, q->format),
	    "answers", answers, "pairs", pairs, "warnings", warnings,
	    "retired", json_is_true(json_object_get(retired, key)),
	    "general_feedback", q->general_feedback && *q->general_feedback ?
	    form_html(r->arena, q, q->general_feedback, q->general_feedback_format) : NULL);
}

/* The bank page's link to page n of the same search. From r's arena. */
static char *
bank_page_link(struct req *r, const char *bank, int n)
{
	static const char *const keep[] = { "q", "category", "type" };
	struct buf b = BUF_INIT;
	char *out;

	buf_str(&b, "/console/banks/");
	buf_url(&b, bank);
	buf_printf(&b, "?page=%d", n);
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (req_query(r, keep[i]) != NULL && *req_query(r, keep[i])) {
			buf_printf(&b, "&%s=", keep[i]);
			buf_url(&b, req_query(r, keep[i]));
		}
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

/* The bank's version history for its page: bank_versions() with the time
 * in Taipei and who imported it in words. */
static json_t *
version_rows(struct req *r, const char *bank)
{
	json_t *rows = bank_versions(r->store, bank), *v;
	size_t i;

	json_array_foreach(rows, i, v) {
		const char *by = json_string_value(json_object_get(v, "imported_by"));

		json_object_set_new(v, "when", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(v, "imported_at")), 0)));
		json_object_set_new(v, "by", json_string(by ? by :
		    i18n_get(r->lang, "console_command_line")));
	}
	return rows;
}

int
ui_console_bank(struct req *r)
{
	static const char *const types[] = { "multichoice", "truefalse", "shortanswer",
	    "numerical", "matching", "essay", "description" };
	const char *bank = req_param(r, "bank"), *text = req_query(r, "q");
	const char *cat = req_query(r, "category"), *type = req_query(r, "type");
	struct q_bank b, warn;
	json_t *questions = json_array(), *cats = json_array(), *typelist = json_array();
	json_t *retired, *ctx;
	const char *pg = req_query(r, "page");
	int version, matched = 0, page = pg ? atoi(pg) : 1, pages;

	q_bank_init(&b, r->arena, bank);
	q_bank_init(&warn, r->arena, bank);
	if ((version = api_bank_owned(r, bank)) != 0) {
		json_decref(questions);
		json_decref(cats);
		json_decref(typelist);
		return version;
	}
	if ((version = bank_load(r->store, bank, 0, NULL, &b)) <= 0) {
		json_decref(questions);
		json_decref(cats);
		json_decref(typelist);
		return reply_error(r, 404, "bank_not_found");
	}
	for (size_t i = 0; i < b.n; i++)
		b.q[i].line = (int)i + 1;	/* lint names questions by position */
	bank_lint(&b, &warn);
	retired = bank_retired(r->store, bank);
	for (size_t i = 0; i < b.n; i++) {
		const char *c = b.q[i].category ? b.q[i].category : "";
		size_t k;
		json_t *v;
		int seen = 0;

		json_array_foreach(cats, k, v)
			seen |= strcmp(json_string_value(json_object_get(v, "path")), c) == 0;
		if (!seen && *c)
			json_array_append_new(cats, json_pack("{s:s, s:b}", "path", c,
			    "selected", cat != NULL && strcmp(cat, c) == 0));
		if (!api_bank_match(&b.q[i], text, cat, type, NULL))
			continue;
		if (page < 1)
			page = 1;
		if (matched++ / BANK_PAGE == page - 1)
			json_array_append_new(questions, question_view(r, &b.q[i], &warn, retired));
	}
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		json_array_append_new(typelist, json_pack("{s:s, s:s, s:b}", "value", types[i],
		    "label", i18n_get(r->lang, arena_printf(r->arena, "qtype_%s", types[i])),
		    "selected", type != NULL && strcmp(type, types[i]) == 0));
	pages = matched ? (matched + BANK_PAGE - 1) / BANK_PAGE : 1;
	ctx = json_pack("{s:s, s:s, s:i, s:i, s:i, s:s, s:o, s:o, s:o, s:i, s:i, s:s?}",
	    "title", arena_printf(r->arena, "%s · %s", i18n_get(r->lang, "console_bank"), bank),
	    "bank", bank, "version", version, "total", (int)b.n, "matched", matched,
	    "q", text ? text : "", "questions", questions, "categories", cats,
	    "types", typelist, "page", page, "pages", pages, "done", req_query(r, "done"));
	json_object_set_new(ctx, "paged", json_boolean(pages > 1));
	if (page > 1)
		json_object_set_new(ctx, "prev", json_string(bank_page_link(r, bank, page - 1)));
	if (page < pages)
		json_object_set_new(ctx, "next", json_string(bank_page_link(r, bank, page + 1)));
	json_object_set_new(ctx, "f_category", json_string(cat ? cat : ""));
	json_object_set_new(ctx, "f_type", json_string(type ? type : ""));
	json_object_set_new(ctx, "versions", version_rows(r, bank));
	json_decref(retired);
	return reply_page(r, 200, "console_bank", ctx);
}

int
ui_console_item_retire(struct req *r)
{
	const char *bank = req_param(r, "bank"), *key = req_form(r, "key");
	const char *on = req_form(r, "retire");
	static const char *const keep[] = { "q", "category", "type" };
	struct buf loc = BUF_INIT;
	char *to;
	int rc;

	if ((rc = api_bank_owned(r, bank)) != 0)
		return rc;
	rc = bank_retire(r->store, bank, key, on != NULL && strcmp(on, "1") == 0);
	if (rc < 0)
		return reply_error(r, 500, "internal_error");
	if (rc == 0)
		return reply_error(r, 404, "not_found");
	/* Back to the same search, at the question. */
	buf_str(&loc, "/console/banks/");
	buf_url(&loc, bank);
	buf_str(&loc, "?done=1");
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (req_form(r, keep[i]) != NULL && *req_form(r, keep[i])) {
			buf_printf(&loc, "&%s=", keep[i]);
			buf_url(&loc, req_form(r, keep[i]));
		}
	buf_str(&loc, "#q-");
	buf_url(&loc, key);
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}

static json_t *
encodings(struct req *r, const char *chosen)
{
	static const char *const names[][2] = { { "utf-8", "enc_utf8" },
	    { "big5", "enc_big5" }, { "cp950", "enc_cp950" } };
	json_t *out = json_array();

	for (size_t i = 0; i < 3; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", names[i][0],
		    "label", i18n_get(r->lang, names[i][1]),
		    "selected", chosen != NULL && strcmp(chosen, names[i][0]) == 0));
	return out;
}

int
ui_console_upload_form(struct req *r)
{
	return reply_page(r, 200, "console_upload", json_pack("{s:s, s:o}",
	    "title", i18n_get(r->lang, "console_upload"), "encodings", encodings(r, NULL)));
}

/* Errors (warnings = 0) or lint warnings of every file of an import. */
static json_t *
import_problems(const struct bank_import *im, int warnings)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < im->nfiles; i++) {
		const struct q_bank *b = warnings ? &im->files[i].warn : &im->files[i].qb;

		for (size_t e = 0; e < b->nerr; e++)
			json_array_append_new(arr, json_pack("{s:s, s:i, s:s}", "file",
			    im->files[i].name, "line", b->err[e].line, "message",
			    b->err[e].message));
	}
	return arr;
}

int
ui_console_upload(struct req *r)
{
	struct bank_import im;
	const char *err = NULL;
	int status = api_bank_import(r, &im, &err);
	json_t *ctx = json_pack("{s:s, s:o, s:s?}", "title",
	    i18n_get(r->lang, "console_upload"), "encodings",
	    encodings(r, req_form(r, "encoding")), "bank_name", req_form(r, "bank"));

	if (status == 201) {
		json_object_set_new(ctx, "done", json_pack("{s:s, s:i, s:I, s:i, s:i, s:i}",
		    "bank", im.bank, "version", im.version, "count", (json_int_t)im.count,
		    "added", im.added, "changed", im.changed, "unchanged", im.unchanged));
		json_object_set_new(ctx, "warnings", import_problems(&im, 1));
		return reply_page(r, 200, "console_upload", ctx);
	}
	if (status == 422) {
		json_object_set_new(ctx, "errors", import_problems(&im, 0));
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang, "bank_rejected")));
	} else {
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang,
		    err ? err : "internal_error")));
	}
	return reply_page(r, status, "console_upload", ctx);
}

/* ---- one attempt ---- */

int
ui_console_attempt(struct req *r)
{
	static const char who[] =
	    "SELECT login, name, coalesce(name_alt, ''), time_multiplier FROM users WHERE id = ?";
	struct attempt t;
	json_t *ctx, *items, *events, *ev, *def;
	const char *title, *why;
	sqlite3_stmt *st;
	size_t i;

	if (!attempt_load(r->store, r->arena, req_param(r, "id"), &t))
		return reply_error(r, 404, "attempt_not_found");
	if (!owner_exam(r->store, t.exam_id, &r->user))
		return reply_error(r, 403, "exam_not_yours");
	def = json_loads(t.exam_def, 0, NULL);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
	    "title", i18n_get(r->lang, "console_attempt"), "id", t.public_id,
	    "exam_id", t.exam_id, "lang", t.lang, "running", strcmp(t.state, "running") == 0,
	    "state", i18n_get(r->lang, arena_printf(r->arena, "state_%s", t.state)),
	    "started", ui_console_time(r->arena, t.started_ms / 1000, 0),
	    "deadline", ui_console_time(r->arena, t.deadline_ms / 1000, 0));
	title = json_string_value(json_object_get(json_object_get(def, "title"), r->lang));
	json_object_set_new(ctx, "exam_title", json_string(title ? title : t.exam_id));
	json_decref(def);
	if ((st = db_stmt(store_db(r->store), who)) != NULL) {
		sqlite3_bind_int64(st, 1, t.user_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_object_set_new(ctx, "login", json_string((const char *)
			    sqlite3_column_text(st, 0)));
			json_object_set_new(ctx, "name", json_string((const char *)
			    sqlite3_column_text(st, 1)));
			json_object_set_new(ctx, "name_alt", json_string((const char *)
			    sqlite3_column_text(st, 2)));
			if (sqlite3_column_double(st, 3) > 1.0)
				json_object_set_new(ctx, "multiplier", json_string(arena_printf(
				    r->arena, "%g", sqlite3_column_double(st, 3))));
		}
		sqlite3_reset(st);
	}
	if (t.graded) {
		json_t *it;

		json_object_set_new(ctx, "graded", json_true());
		json_object_set_new(ctx, "passed", json_boolean(t.passed));
		json_object_set_new(ctx, "percent", json_string(arena_printf(r->arena, "%.1f",
		    t.percent)));
		json_object_set_new(ctx, "score", json_string(arena_printf(r->arena, "%.2f / %.2f",
		    t.score, t.max_score)));
		items = review_items(r->store, r->arena, &t, r->lang, 1);
		json_array_foreach(items, i, it)
			json_object_set_new(it, "fraction_text", json_string(fmt_num(r->arena,
			    json_object_get(it, "fraction"))));
		json_object_set_new(ctx, "items", items ? items : json_array());
	}
	if ((why = cert_issue_error(r->store, r->arena, t.id)) != NULL)
		json_object_set_new(ctx, "cert_error", json_string(ui_console_cert_error(r, why)));
	events = api_attempt_event_rows(r->store, t.public_id);
	json_array_foreach(events, i, ev) {
		json_int_t ms = json_integer_value(json_object_get(ev, "at_ms"));
		time_t s = (time_t)(ms / 1000 + TAIPEI_OFFSET);
		struct tm tm;
		char when[32];

		gmtime_r(&s, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		json_object_set_new(ev, "when", json_string(when));
		json_object_set_new(ev, "kind_text", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "event_%s", json_string_value(json_object_get(ev, "kind"))))));
	}
	json_object_set_new(ctx, "events", events);
	return reply_page(r, 200, "console_attempt", ctx);
}

/* ---- people ---- */

/* Every sitting of the exams the caller manages, for the import form. */
static json_t *
all_sittings(struct req *r, long long chosen)
{
	json_t *exams = exam_list(r->store, r->lang, 1, &r->user), *out = json_array(), *e;
	size_t i;

	json_array_foreach(exams, i, e) {
		json_t *list = people_sittings(r->store, json_string_value(json_object_get(e, "id")));
		json_t *s;
		size_t k;

		json_array_foreach(list, k, s)
			json_array_append_new(out, json_pack("{s:O, s:s, s:O, s:b}",
			    "id", json_object_get(s, "id"),
			    "exam", json_string_value(json_object_get(e, "title")),
			    "name", json_object_get(s, "name"),
			    "selected", json_integer_value(json_object_get(s, "id")) == chosen));
		json_decref(list);
	}
	json_decref(exams);
	return out;
}

static json_t *
people_ctx(struct req *r)
{
	const char *days = req_form(r, "codes_days");
	const char *sitting = req_form(r, "sitting");

	return json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?, s:s?}",
	    "title", i18n_get(r->lang, "console_people"),
	    "encodings", encodings(r, req_form(r, "encoding")),
	    "sittings", all_sittings(r, sitting ? atoll(sitting) : 0),
	    "codes_days", days ? days : "3", "csv", req_form(r, "csv"),
	    "saved", req_query(r, "saved"), "acc_login", req_form(r, "login"),
	    "unlocked", req_query(r, "unlocked"));
}

int
ui_console_people(struct req *r)
{
	return reply_page(r, 200, "console_people", people_ctx(r));
}

int
ui_console_people_import(struct req *r)
{
	const char *ct = req_header(r, "Content-Type"), *csv = req_form(r, "csv");
	const char *enc = req_form(r, "encoding"), *sitting = req_form(r, "sitting");
	const char *days = req_form(r, "codes_days");
	const char *data = csv;
	size_t len = csv ? strlen(csv) : 0, tlen = 0;
	long long sid = sitting ? atoll(sitting) : 0;
	int ndays = days ? atoi(days) : 0;
	struct q_bank errs;
	char *text = NULL;
	json_t *rows, *ctx, *list;

	/* A chosen file beats the text box. */
	if (ct != NULL && strncasecmp(ct, "multipart/form-data", 19) == 0)
		for (const struct part *p = r->parts; p != NULL; p = p->next)
			if (p->filename != NULL && strcmp(p->name, "file") == 0 && p->len > 0) {
				data = p->data;
				len = p->len;
			}
	q_bank_init(&errs, r->arena, "learners.csv");
	if (data == NULL || len == 0)
		q_bank_error(&errs, 0, "%s", i18n_get(r->lang, "csv_required"));
	else if (sid > 0 && !owner_sitting(r->store, sid, NULL, &r->user))
		return reply_error(r, 403, "sitting_not_yours");
	else if (ndays < 0 || ndays > 365)
		q_bank_error(&errs, 0, "%s", i18n_get(r->lang, "console_days_invalid"));
	else if (enc_to_utf8(r->arena, "learners.csv", data, len,
	    enc && strcmp(enc, "utf-8") != 0 ? enc : NULL, &text, &tlen, &errs) == 0 &&
	    (rows = people_import_csv(r->store, &r->user, r->lang, text, sid, ndays, &errs)) != NULL) {
		size_t i;
		json_t *row;

		json_array_foreach(rows, i, row)
			json_object_set_new(row, "has_code", json_boolean(json_object_get(row,
			    "code") != NULL));
		return reply_page(r, 200, "console_slips", json_pack("{s:s, s:o, s:i, s:b, s:s}",
		    "title", i18n_get(r->lang, "console_slips"), "learners", rows,
		    "count", (int)json_array_size(rows), "codes", ndays > 0,
		    "site", r->app->base_url ? r->app->base_url : ""));
	}
	ctx = people_ctx(r);
	list = json_array();
	for (size_t i = 0; i < errs.nerr; i++)
		json_array_append_new(list, json_pack("{s:i, s:s}", "line", errs.err[i].line,
		    "message", errs.err[i].message));
	json_object_set_new(ctx, "errors", list);
	return reply_page(r, 422, "console_people", ctx);
}

int
ui_console_accommodation(struct req *r)
{
	const char *login = req_form(r, "login"), *m = req_form(r, "multiplier");
	const char *err = NULL;
	char *end = NULL;
	double mult = m ? strtod(m, &end) : 0;
	struct buf loc = BUF_INIT;
	char *to;
	int status;

	if (end == m || (end && *end != '\0'))
		mult = 0;
	if ((status = api_user_set_multiplier(r, login, mult, &err)) != 200) {
		json_t *ctx = people_ctx(r);

		json_object_set_new(ctx, "acc_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "acc_multiplier", json_string(m ? m : ""));
		return reply_page(r, status, "console_people", ctx);
	}
	buf_str(&loc, "/console/people?saved=");
	buf_url(&loc, arena_printf(r->arena, "%s × %g", login, mult));
	buf_str(&loc, "#accommodations");
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}

int
ui_console_unlock(struct req *r)
{
	const char *login = req_form(r, "login"), *err = NULL;
	struct buf loc = BUF_INIT;
	char *to;
	int status;

	if ((status = api_user_unlock_login(r, login, &err)) != 200) {
		json_t *ctx = people_ctx(r);

		json_object_set_new(ctx, "unlock_error", json_string(i18n_get(r->lang, err)));
		json_object_set_new(ctx, "unlock_login", json_string(login ? login : ""));
		return reply_page(r, status, "console_people", ctx);
	}
	buf_str(&loc, "/console/people?unlocked=");
	buf_url(&loc, login);
	buf_str(&loc, "#unlock");
	to = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return reply_redirect(r, to);
}

/* ---- audit ---- */

int
ui_console_audit(struct req *r)
{
	const char *before = req_query(r, "before");
	json_t *rows = api_audit_rows(r->store, before ? atoll(before) : 0, AUDIT_PAGE), *row;
	json_t *ctx;
	size_t i;
	json_int_t last = 0;

	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "when", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(row, "at")), 0)));
		last = json_integer_value(json_object_get(row, "id"));
	}
	ctx = json_pack("{s:s, s:o, s:b}", "title", i18n_get(r->lang, "console_audit"),
	    "rows", rows, "paged", before != NULL && atoll(before) > 0);
	if (json_array_size(rows) == AUDIT_PAGE)
		json_object_set_new(ctx, "older", json_integer(last));
	return reply_page(r, 200, "console_audit", ctx);
}
