/*
 * api_cert_bulk.c - an exam's or a sitting's certificates at once, for
 * who manages the exam (owner.h: its trainer, admins); proctors and
 * learners are refused by the route's role, another trainer here.
 *
 *   GET /api/v1/exams/{exam}/certificates.zip        every PDF (streamed)
 *   GET /api/v1/exams/{exam}/certificates.csv        serials, holders,
 *                                                    dates, status, links
 *   GET /api/v1/sittings/{sitting}/certificates.zip  the same for the
 *   GET /api/v1/sittings/{sitting}/certificates.csv  attempts of a sitting
 *
 * No query parameter but lang; each download is audited
 * ("certificates.export"). The work is cert_bulk.h's.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "cert_bulk.h"
#include "owner.h"

/* 0 when r's query holds nothing but lang, else the 400 replied. */
static int
query_ok(struct req *r)
{
	static const char *const none[] = { NULL };
	const char *unknown = api_cert_query_unknown(r, none);

	return unknown ? reply_error_field(r, 400, "query_field_unknown", unknown) : 0;
}

/* The selection of r: *exam (an exam's) or *sitting (a sitting's) when r's
 * user manages it, else the status replied (404 unknown, 403 not theirs). */
static int
selection(struct req *r, const char **exam, int64_t *sitting, const char **label)
{
	const char *sid = req_param(r, "sitting");
	int st;

	*exam = NULL;
	*sitting = 0;
	if ((st = query_ok(r)) != 0)
		return st;
	if (sid == NULL) {
		if ((st = api_exam_managed(r)) != 0)
			return st;
		*exam = req_param(r, "exam");
		*label = *exam;
		return 0;
	} else {
		char *end = NULL;
		long long id = strtoll(sid, &end, 10);

		if (end == sid || *end != '\0' || id <= 0 ||
		    !cert_bulk_sitting_exists(r->store, id))
			return reply_error(r, 404, "sitting_not_found");
		if (!owner_sitting(r->store, id, NULL, &r->user))
			return reply_error(r, 403, "sitting_not_yours");
		*sitting = id;
		*label = arena_printf(r->arena, "sitting-%lld", id);
		return 0;
	}
}

int
api_cert_bulk_zip(struct req *r)
{
	const char *exam, *label, *err = NULL;
	int64_t sitting;
	struct cert_zip *z;
	int st;

	if ((st = selection(r, &exam, &sitting, &label)) != 0)
		return st;
	if ((z = cert_zip_open(r->store, exam, sitting, r->app->base_url, &err)) == NULL)
		return reply_error(r, strcmp(err, "bulk_too_large") == 0 ? 413 : 500, err);
	account_audit(r->store, "certificates.export", arena_printf(r->arena,
	    "%s: zip of %u files", label, cert_zip_entries(z)));
	r->content_type = "application/zip";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-certificates.zip\"", label));
	return reply_stream(r, 200, cert_zip_read, cert_zip_free, z);
}

int
api_cert_bulk_csv(struct req *r)
{
	const char *exam, *label;
	int64_t sitting;
	int st;

	if ((st = selection(r, &exam, &sitting, &label)) != 0)
		return st;
	cert_bulk_csv(r->store, exam, sitting, r->app->base_url, &r->out);
	account_audit(r->store, "certificates.export", arena_printf(r->arena, "%s: csv", label));
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s-certificates.csv\"", label));
	return 200;
}
