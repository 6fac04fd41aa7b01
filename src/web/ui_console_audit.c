/*
 * ui_console_audit.c - GET /console/audit: the administrator's audit
 * trail, newest first, a page of AUDIT_PAGE rows at a time (?before=ID
 * for older ones), times in the training centre's zone. The rows come
 * from audit.h, as for the JSON API.
 *
 * The trail keeps each row as it was written, in English (the CSV and
 * the API give it so, for the records). The page reads it in its own
 * language: each action by its catalog name, and each detail taken apart
 * by the fixed form its action writes (details[]) and put together again
 * from the catalog; a detail in no known form (an identifier, a login,
 * an older row) is shown as it is.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"

#define AUDIT_PAGE 100
#define MAX_PLACES 6

/* The forms the writers give their details ({name}: any text up to what
 * follows), and the catalog key that says each in a language. The first
 * that matches the whole detail wins, so a longer form comes first. */
static const struct {
	const char *action, *form, *key;
} details[] = {
	{ "attempt.outage", "{n} running attempts +{s}s", "audit_detail_outage" },
	{ "attempt.extend", "{attempt} +{s}s: {reason}", "audit_detail_extend" },
	{ "attempt.pause", "{attempt}: {reason}", "audit_detail_attempt_reason" },
	{ "attempt.resume", "{attempt}: {reason}", "audit_detail_attempt_reason" },
	{ "attempt.incident", "{attempt}: {reason}", "audit_detail_attempt_reason" },
	{ "attempt.regrade", "regraded {t}: no longer passes ({before}% -> {after}%); "
	    "its certificate is not revoked automatically", "audit_detail_regrade_fails" },
	{ "attempt.regrade", "regraded {t}: {before}% -> {after}%", "audit_detail_regrade" },
	{ "sitting.proctor", "sitting {sitting}: {login} (new)", "audit_detail_proctor_new" },
	{ "sitting.proctor", "sitting {sitting}: {login}", "audit_detail_sitting_login" },
	{ "sitting.checkin", "sitting {sitting}: {login}, identity confirmed, seat {seat}",
	    "audit_detail_checkin_confirmed" },
	{ "sitting.checkin", "sitting {sitting}: {login}, {id_type}, seat {seat}",
	    "audit_detail_checkin" },
	{ "sitting.checkin_undo", "sitting {sitting}: {login}", "audit_detail_sitting_login" },
	{ "sitting.report", "sitting {sitting}: csv", "audit_detail_report_csv" },
	{ "sitting.report", "sitting {sitting}: pdf", "audit_detail_report_pdf" },
	{ "user.role", "{login}: {was} -> {now}", "audit_detail_role" },
	{ "user.accommodation", "{login} x{m}", "audit_detail_accommodation" },
	{ "consent.accept", "version {v}", "audit_detail_version" },
	{ "consent.publish", "version {v}", "audit_detail_version" },
	{ "user.import", "{n} learners from CSV", "audit_detail_import" },
	{ "bank.import", "{bank} v{v}: {n} questions from {files}", "audit_detail_bank" },
	{ "certificates.export", "all exams", "audit_detail_all_exams" },
	{ "certificates.export", "{what}: zip of {n} files", "audit_detail_zip" },
	{ "certificates.export", "{what}: csv", "audit_detail_csv" },
	{ "cert.issue_failed", "attempt {attempt}: {why}", "audit_detail_issue_failed" },
};

/* Matches text against form, filling kv with the places' names and
 * values (from a); 1 if the whole text matched. */
static int
match(struct arena *a, const char *form, const char *text, const char **kv)
{
	size_t n = 0;

	while (*form) {
		if (*form == '{') {
			const char *close = strchr(form, '}'), *next, *end;
			size_t lit;

			if (close == NULL || n >= MAX_PLACES)
				return 0;
			next = close + 1;
			lit = strcspn(next, "{");
			if (lit == 0)	/* the last place takes the rest */
				end = text + strlen(text);
			else {
				char *want = arena_strdup(a, next);

				want[lit] = '\0';
				if ((end = strstr(text, want)) == NULL)
					return 0;
			}
			if (end == text)
				return 0;
			kv[2 * n] = arena_printf(a, "%.*s", (int)(close - form - 1), form + 1);
			kv[2 * n + 1] = arena_printf(a, "%.*s", (int)(end - text), text);
			n++;
			text = end;
			form = next;
		} else if (*form++ != *text++)
			return 0;
	}
	kv[2 * n] = NULL;
	return *text == '\0';
}

/* A role's name ("learner") as the page's language says it. */
static const char *
role_text(struct req *r, const char *role)
{
	const char *key = arena_printf(r->arena, "role_%s", role);
	const char *t = i18n_get(r->lang, key);

	return strcmp(t, key) == 0 ? role : t;
}

/* The detail of action as the page's language says it. */
static const char *
detail_text(struct req *r, const char *action, const char *detail)
{
	const char *kv[2 * MAX_PLACES + 2];

	if (detail == NULL || *detail == '\0')
		return "";
	if (strcmp(action, "user.name") == 0) {	/* written as JSON */
		json_t *j = json_loads(detail, 0, NULL);
		const char *login = json_string_value(json_object_get(j, "login"));
		json_t *old = json_object_get(j, "old"), *now = json_object_get(j, "new");
		const char *out = NULL;

		if (login != NULL && json_is_array(old) && json_is_array(now)) {
			const char *o1 = json_string_value(json_array_get(old, 0));
			const char *o2 = json_string_value(json_array_get(old, 1));
			const char *n1 = json_string_value(json_array_get(now, 0));
			const char *n2 = json_string_value(json_array_get(now, 1));

			out = i18n_msg(r->arena, r->lang, "audit_detail_name", "login", login,
			    "old", arena_printf(r->arena, "%s%s%s", o1 ? o1 : "", o2 ? " / " : "",
			    o2 ? o2 : ""), "new", arena_printf(r->arena, "%s%s%s", n1 ? n1 : "",
			    n2 ? " / " : "", n2 ? n2 : ""), "reason",
			    json_string_value(json_object_get(j, "reason")) ?
			    json_string_value(json_object_get(j, "reason")) : "", NULL);
		}
		json_decref(j);
		return out ? out : detail;
	}
	for (size_t i = 0; i < sizeof details / sizeof *details; i++) {
		if (strcmp(details[i].action, action) != 0 ||
		    !match(r->arena, details[i].form, detail, kv))
			continue;
		for (size_t k = 0; kv[k] != NULL; k += 2)
			if (strcmp(kv[k], "was") == 0 || strcmp(kv[k], "now") == 0)
				kv[k + 1] = role_text(r, kv[k + 1]);
		return i18n_fill(r->arena, i18n_get(r->lang, details[i].key), kv);
	}
	return detail;
}

int
ui_console_audit(struct req *r)
{
	const char *before = req_query(r, "before");
	json_t *rows = audit_rows(r->store, before ? atoll(before) : 0, AUDIT_PAGE), *row;
	json_t *ctx;
	size_t i;
	json_int_t last = 0;

	json_array_foreach(rows, i, row) {
		const char *action = json_string_value(json_object_get(row, "action"));
		const char *key = arena_printf(r->arena, "audit_action_%s", action ? action : "");
		const char *name = i18n_get(r->lang, key);

		json_object_set_new(row, "when", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(row, "at")), 0)));
		/* An action the catalog does not name shows its code. */
		json_object_set_new(row, "action_text", json_string(strcmp(name, key) == 0 ?
		    (action ? action : "") : name));
		json_object_set_new(row, "detail_text", json_string(detail_text(r, action ? action :
		    "", json_string_value(json_object_get(row, "detail")))));
		last = json_integer_value(json_object_get(row, "id"));
	}
	ctx = json_pack("{s:s, s:o, s:b}", "title", i18n_get(r->lang, "console_audit"),
	    "rows", rows, "paged", before != NULL && atoll(before) > 0);
	if (json_array_size(rows) == AUDIT_PAGE)
		json_object_set_new(ctx, "older", json_integer(last));
	return reply_page(r, 200, "console_audit", ctx);
}
