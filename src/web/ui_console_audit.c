/*
 * ui_console_audit.c - GET /console/audit: the administrator's audit
 * trail, newest first, a page of AUDIT_PAGE rows at a time (?before=ID
 * for older ones), times in the training centre's zone. The rows come
 * from audit.h, as for the JSON API.
 */
#include "handlers.h"

#include <stdlib.h>

#include "audit.h"

#define AUDIT_PAGE 100

int
ui_console_audit(struct req *r)
{
	const char *before = req_query(r, "before");
	json_t *rows = audit_rows(r->store, before ? atoll(before) : 0, AUDIT_PAGE), *row;
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
