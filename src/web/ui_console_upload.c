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
		json_object_set_new(ctx, "done", json_pack("{s:s, s:i, s:I, s:i, s:i, s:i}",
		    "bank", im.bank, "version", im.version, "count", (json_int_t)im.count,
		    "added", im.added, "changed", im.changed, "unchanged", im.unchanged));
		json_object_set_new(ctx, "warnings", bank_import_problems(&im, 1));
		return reply_page(r, 200, "console_upload", ctx);
	}
	if (status == 422) {
		json_object_set_new(ctx, "errors", bank_import_problems(&im, 0));
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang, "bank_rejected")));
	} else {
		json_object_set_new(ctx, "message", json_string(i18n_get(r->lang,
		    err ? err : "internal_error")));
	}
	return reply_page(r, status, "console_upload", ctx);
}
