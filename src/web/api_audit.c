/*
 * api_audit.c - the audit trail for administrators, over HTTP.
 *
 *   GET /api/v1/audit?limit=&before=   newest first, 500 rows unless
 *                                      limit says, older than id before
 *                                      [{"id","at","who","action","detail","from"}]
 *   GET /api/v1/audit.csv              every row, for Excel (itself audited)
 *
 * The rows come from audit.h.
 */
#include "handlers.h"

#include <stdlib.h>

#include "audit.h"

int
api_audit(struct req *r)
{
	const char *lim = req_query(r, "limit"), *before = req_query(r, "before");

	return reply_json(r, 200, audit_rows(r->store, before ? atoll(before) : 0,
	    lim ? atoi(lim) : 500));
}

int
api_audit_csv(struct req *r)
{
	if (audit_csv(r->store, &r->out) != 0)
		return reply_error(r, 500, "internal_error");
	account_audit(r->store, "audit.export", "");
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", "attachment; filename=\"aicert-audit.csv\"");
	return 200;
}
