/*
 * ui_console_outbox.c - the mail outbox, for administrators.
 *
 *   GET /api/v1/outbox          {"enabled", "queued", "sent", "failed",
 *                               "messages": [...]} (mail_outbox_summary)
 *   POST /api/v1/outbox/retry   every unsent message due now: {"retried"}
 *   GET /console/outbox         the same as a page, with "Retry now"
 */
#include "handlers.h"

#include "mail.h"

#define OUTBOX_SHOWN 100

int
api_outbox(struct req *r)
{
	return reply_json(r, 200, mail_outbox_summary(r->store, OUTBOX_SHOWN));
}

int
api_outbox_retry(struct req *r)
{
	int n = mail_retry_now(r->store);

	if (n < 0)
		return reply_error(r, 500, "internal_error");
	return reply_json(r, 200, json_pack("{s:i}", "retried", n));
}

int
ui_console_outbox(struct req *r)
{
	json_t *ctx = mail_outbox_summary(r->store, OUTBOX_SHOWN), *m;
	size_t i;

	json_array_foreach(json_object_get(ctx, "messages"), i, m) {
		const char *state = json_integer_value(json_object_get(m, "sent_at")) ?
		    "mail_state_sent" : json_integer_value(json_object_get(m, "failed_at")) ?
		    "mail_state_failed" : "mail_state_queued";

		json_object_set_new(m, "state", json_string(i18n_get(r->lang, state)));
		json_object_set_new(m, "kind_text", json_string(i18n_get(r->lang, arena_printf(
		    r->arena, "outbox_kind_%s", json_string_value(json_object_get(m, "kind"))))));
		json_object_set_new(m, "created", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(m, "created_at")), 0)));
		json_object_set_new(m, "next", json_string(
		    json_integer_value(json_object_get(m, "sent_at")) ||
		    json_integer_value(json_object_get(m, "failed_at")) ? "" :
		    ui_console_time(r->arena, json_integer_value(json_object_get(m, "next_at")), 0)));
	}
	if (req_query(r, "retried") != NULL)
		json_object_set_new(ctx, "retried", json_string(req_query(r, "retried")));
	json_object_set_new(ctx, "title", json_string(i18n_get(r->lang, "outbox_title")));
	return reply_page(r, 200, "console_outbox", ctx);
}

int
ui_console_outbox_retry(struct req *r)
{
	int n = mail_retry_now(r->store);

	if (n < 0)
		return reply_error(r, 500, "internal_error");
	return reply_redirect(r, arena_printf(r->arena, "/console/outbox?retried=%d", n));
}
