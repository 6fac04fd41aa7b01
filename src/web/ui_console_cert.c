/*
 * ui_console_cert.c - POST /console/certificates/{serial}/revoke: the
 * revoke button of an exam's results table ({"reason", "exam"}), for who
 * manages the exam that awarded it; the work is api_cert_revoke_as, as
 * for the JSON API. Back to the exam's page, or to the console. And the
 * list of revoked and re-issued certificates, as a page and as CSV.
 */
#include "handlers.h"

#include <string.h>

#include "account.h"
#include "exam_store.h"
#include "owner.h"

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

/* The exam filter of the revoked list: NULL for all; *status a refusal
 * (unknown query field, an exam r's user does not manage) or 0. */
static const char *
certs_filter(struct req *r, int *status)
{
	static const char *const known[] = { "exam", NULL };
	const char *unknown = api_cert_query_unknown(r, known), *exam = req_query(r, "exam");

	*status = 0;
	if (unknown != NULL) {
		*status = reply_error_field(r, 400, "query_field_unknown", unknown);
		return NULL;
	}
	if (exam == NULL || *exam == '\0')
		return NULL;
	if (!owner_exam(r->store, exam, &r->user))
		*status = reply_error(r, 403, "exam_not_yours");
	return exam;
}

/* GET /console/certificates[?exam=ID]: every revoked and re-issued
 * certificate of the exams r's user manages (all for admins), the latest
 * first, with its date, reason and replacement. */
int
ui_console_certs(struct req *r)
{
	int status;
	const char *exam = certs_filter(r, &status);
	int64_t owner = r->user.role == ROLE_ADMIN ? 0 : r->user.id;
	json_t *rows, *exams, *row, *e, *page;
	size_t i;
	struct buf csv = BUF_INIT;

	if (status != 0)
		return status;
	rows = cert_list_revoked(r->store, owner, exam, r->lang);
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "issued_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(row, "issued_at")), 0)));
		json_object_set_new(row, "revoked_text", json_string(ui_console_time(r->arena,
		    json_integer_value(json_object_get(row, "revoked_at")), 0)));
		/* the English a re-issue records, in the page's language */
		if (cert_reason_is_reissue(json_string_value(json_object_get(row, "revoke_reason")),
		    json_string_value(json_object_get(row, "superseded_by"))))
			json_object_set_new(row, "revoke_reason", json_string(i18n_get(r->lang,
			    "console_certs_reissued")));
	}
	exams = exam_list(r->store, r->lang, 1, &r->user);
	json_array_foreach(exams, i, e)
		json_object_set_new(e, "selected", json_boolean(exam != NULL &&
		    strcmp(exam, json_string_value(json_object_get(e, "id"))) == 0));
	buf_str(&csv, "/console/certificates.csv");
	if (exam != NULL) {
		buf_str(&csv, "?exam=");
		buf_url(&csv, exam);
	}
	page = json_pack("{s:s, s:o, s:o, s:s, s:s?}", "title", i18n_get(r->lang,
	    "console_certs_title"), "rows", rows, "exams", exams, "csv_url",
	    arena_strdup(r->arena, csv.data), "exam", exam);
	buf_free(&csv);
	return reply_page(r, 200, "console_certs", page);
}

/* GET /console/certificates.csv[?exam=ID]: the same list as CSV (names
 * leave the server: audited as "certificates.export"). */
int
ui_console_certs_csv(struct req *r)
{
	int status;
	const char *exam = certs_filter(r, &status);
	char name[80];
	size_t n = 0;

	if (status != 0)
		return status;
	/* The exam's id in the file name, as far as it is safe in a header. */
	for (const char *p = exam ? exam : ""; *p && n < 60; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
			name[n++] = *p;
	name[n] = '\0';
	cert_revoked_csv(r->store, r->user.role == ROLE_ADMIN ? 0 : r->user.id, exam, &r->out);
	account_audit(r->store, "certificates.export", exam ? exam : "all exams");
	r->content_type = "text/csv; charset=utf-8";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"revoked-certificates%s%s.csv\"", n ? "-" : "", name));
	return 200;
}
