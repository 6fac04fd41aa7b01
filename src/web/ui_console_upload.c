/*
 * ui_console_upload.c - uploading a bank from the console: the form
 * (GET /console/banks/upload: files, bank name, encoding, format) and its
 * post, which api_bank_receive reads and commits as the JSON API does; the
 * page then shows what was imported with lint warnings, or every error by
 * file and line with nothing imported.
 */
#include "handlers.h"

#include <string.h>

#include "bank_import.h"
#include "bank_store.h"

/* The format choices, chosen one selected ("auto": by name and content). */
static json_t *
formats(struct req *r, const char *chosen)
{
	static const char *const names[][2] = { { "auto", NULL }, { "gift", "GIFT" },
	    { "aiken", "Aiken" }, { "moodle-xml", "Moodle XML" }, { "json", "aicert JSON" } };
	json_t *out = json_array();

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", names[i][0],
		    "label", names[i][1] ? names[i][1] : i18n_get(r->lang, "console_format_auto"),
		    "selected", chosen != NULL && strcmp(chosen, names[i][0]) == 0));
	return out;
}

/* Each problem's file name in pieces that end after a "/", ".", "-" or
 * "_" ("file_parts"): the page may break a long name there, between its
 * words, not in the middle of one. */
static json_t *
file_parts(json_t *rows)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) {
		const char *f = json_string_value(json_object_get(row, "file"));
		json_t *parts = json_array();
		size_t start = 0, k;

		for (k = 0; f != NULL && f[k] != '\0'; k++)
			if (strchr("/.-_", f[k]) != NULL && f[k + 1] != '\0') {
				json_array_append_new(parts, json_stringn(f + start, k + 1 - start));
				start = k + 1;
			}
		if (f != NULL)
			json_array_append_new(parts, json_string(f + start));
		json_object_set_new(row, "file_parts", parts);
	}
	return rows;
}

int
ui_console_upload_form(struct req *r)
{
	return reply_page(r, 200, "console_upload", json_pack("{s:s, s:o, s:o}",
	    "title", i18n_get(r->lang, "console_upload"), "encodings", ui_console_encodings(r, NULL),
	    "formats", formats(r, NULL)));
}

int
ui_console_upload(struct req *r)
{
	struct bank_import im;
	const char *err = NULL;
	int status = api_bank_receive(r, &im, &err);
	json_t *ctx = json_pack("{s:s, s:o, s:o, s:s?}", "title",
	    i18n_get(r->lang, "console_upload"), "encodings",
	    ui_console_encodings(r, req_form(r, "encoding")), "formats",
	    formats(r, req_form(r, "format")), "bank_name", req_form(r, "bank"));

	if (status == 201) {
		/* Questions, each counted once whatever its languages; the
		 * languages beside. */
		json_t *sum = bank_version_summary(r->store, im.bank_id, im.version);
		json_t *done = json_pack("{s:s, s:i, s:I, s:i, s:i, s:i}",
		    "bank", im.bank, "version", im.version, "count", (json_int_t)im.count,
		    "added", im.added, "changed", im.changed, "unchanged", im.unchanged);
		struct buf lb = BUF_INIT;
		size_t i;
		json_t *l;

		if (sum != NULL) {
			json_array_foreach(json_object_get(sum, "languages"), i, l)
				buf_printf(&lb, "%s%s", i ? ", " : "", json_string_value(l));
			json_object_set_new(sum, "languages_text", json_string(lb.data ? lb.data :
			    ""));
			json_object_update(done, sum);
			json_object_set_new(done, "count", json_incref(json_object_get(sum,
			    "questions")));
			json_decref(sum);
		}
		buf_free(&lb);
		json_object_set_new(ctx, "done", done);
		json_object_set_new(ctx, "warnings", file_parts(bank_import_problems(&im, 1)));
		return reply_page(r, 200, "console_upload", ctx);
	}
	if (status == 422) {
		json_object_set_new(ctx, "errors", file_parts(bank_import_problems(&im, 0)));
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang, "bank_rejected")));
	} else {
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang,
		    err ? err : "internal_error")));
	}
	return reply_page(r, status, "console_upload", ctx);
}
