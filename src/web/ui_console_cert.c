/*
 * ui_console_cert.c - POST /console/certificates/{serial}/revoke: the
 * revoke button of an exam's results table ({"reason", "exam"}), for who
 * manages the exam that awarded it; the work is api_cert_revoke_as, as
 * for the JSON API. Back to the exam's page, or to the console.
 */
#include "handlers.h"

int
ui_console_cert_revoke(struct req *r)
{
	const char *serial = req_param(r, "serial"), *back = req_form(r, "exam");
	const char *err = NULL;
	int already, status = api_cert_revoke_as(r, serial, req_form(r, "reason"), &err, &already);
	struct buf loc = BUF_INIT;
	char *to;

	if (status != 200)
		return reply_error(r, status, err);
	buf_str(&loc, "/console/exams/");
	buf_url(&loc, back ? back : "");
	buf_str(&loc, "?revoked=");
	buf_url(&loc, serial);
	to = arena_strdup(r->arena, back && *back ? loc.data : "/console");
	buf_free(&loc);
	return reply_redirect(r, to);
}
