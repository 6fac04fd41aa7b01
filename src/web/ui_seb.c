/*
 * ui_seb.c - Safe Exam Browser at the edge: the gate every exam request
 * of a learner passes, the page that explains how to open an exam in
 * SEB, and the .seb configuration file.
 *
 *   GET /exams/{exam}/seb           the .seb file that opens the exam (anyone:
 *                                   the learner who was turned away needs it;
 *                                   its addresses are --base-url's)
 *   GET /console/exams/{exam}/seb   the same, for the exam's owner and admins
 *
 * The gate (ui_seb_gate) rebuilds the absolute URL of the request from
 * --base-url, asks exam_seb.c whether the exam requires SEB and whether
 * the headers match, and refuses otherwise before the handler reads or
 * writes anything.
 */
#include "handlers.h"

#include <string.h>

#include "exam.h"
#include "exam_seb.h"
#include "exam_store.h"

/* --base-url without a trailing "/" (from r's arena when cut). */
static const char *
seb_base(struct req *r)
{
	const char *base = r->app->base_url;
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return base[n] == '\0' ? base : arena_printf(r->arena, "%.*s", (int)n, base);
}

/* The absolute URL SEB hashed for r: --base-url, the path, and the query
 * as the server read it (its parameters in order, percent-encoded). */
static const char *
request_url(struct req *r)
{
	const struct kv *q[64];
	size_t n = 0;
	struct buf b = BUF_INIT;
	const char *url;

	buf_str(&b, seb_base(r));
	buf_str(&b, r->path);
	for (const struct kv *kv = r->query; kv != NULL && n < 64; kv = kv->next)
		q[n++] = kv;	/* newest first: read backwards below */
	for (size_t i = n; i > 0; i--) {
		buf_str(&b, i == n ? "?" : "&");
		buf_url(&b, q[i - 1]->key);
		if (q[i - 1]->value[0] != '\0') {
			buf_str(&b, "=");
			buf_url(&b, q[i - 1]->value);
		}
	}
	url = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return url;
}

/* The .seb file's quitURL: SEB quits when a page links there; outside
 * SEB it is the exam's start page. */
static const char *
quit_url(struct req *r, const char *exam)
{
	return arena_printf(r->arena, "%s/exams/%s?seb=quit", seb_base(r), exam);
}

const char *
ui_seb_quit_url(struct req *r, const char *exam)
{
	struct exam_seb k;

	if (req_header(r, "X-SafeExamBrowser-ConfigKeyHash") == NULL &&
	    req_header(r, "X-SafeExamBrowser-RequestHash") == NULL)
		return NULL;
	return exam_seb_policy(r->store, exam, &k) == 1 ? quit_url(r, exam) : NULL;
}

/* The seb:// (or sebs:// for https) address of the exam's .seb file,
 * which opens SEB straight from a browser. */
static const char *
seb_link(struct req *r, const char *exam)
{
	const char *base = seb_base(r);

	if (strncmp(base, "https://", 8) == 0)
		return arena_printf(r->arena, "sebs://%s/exams/%s/seb", base + 8, exam);
	if (strncmp(base, "http://", 7) == 0)
		return arena_printf(r->arena, "seb://%s/exams/%s/seb", base + 7, exam);
	return arena_printf(r->arena, "/exams/%s/seb", exam);
}

int
ui_seb_gate(struct req *r, const char *exam)
{
	struct exam_seb k;
	enum exam_seb_verdict v;
	const char *why;
	struct exam e;
	int required = exam_seb_policy(r->store, exam, &k);
	json_t *ctx;

	if (required < 0)
		return reply_error(r, 500, "internal_error");
	if (required == 0)
		return 0;
	if (!r->app->base_url_given)
		return reply_error(r, 503, "seb_no_base_url");
	v = exam_seb_check(&k, request_url(r),
	    req_header(r, "X-SafeExamBrowser-ConfigKeyHash"),
	    req_header(r, "X-SafeExamBrowser-RequestHash"));
	if (v == SEB_OK)
		return 0;
	why = v == SEB_MISSING ? "seb_required" : "seb_wrong_key";
	if (r->api)
		return reply_json(r, 403, json_pack("{s:s, s:s, s:s}", "error",
		    i18n_get(r->lang, why), "reason", v == SEB_MISSING ? "seb_missing" :
		    "seb_wrong_key", "seb_url", arena_printf(r->arena, "/exams/%s/seb", exam)));
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:b}", "title", i18n_get(r->lang, "seb_title"),
	    "exam", exam, "file", arena_printf(r->arena, "/exams/%s/seb", exam),
	    "open", seb_link(r, exam), "wrong", v == SEB_WRONG);
	if (exam_load(r->store, r->arena, exam, &e))
		json_object_set_new(ctx, "exam_title", json_string(strcmp(r->lang, "zh-TW") == 0 ?
		    e.title_zh : e.title_en));
	return reply_page(r, 403, "seb_required", ctx);
}

/* Sends the .seb file of exam id. */
static int
seb_file(struct req *r, const char *id)
{
	const char *base = seb_base(r);
	const char *allow = strstr(base, "://") ? strstr(base, "://") + 3 : base;

	/* Without --base-url the file points at the listening address: the
	 * console says so, and an exam requiring SEB is not served anyway. */
	buf_str(&r->out, exam_seb_plist(r->arena, arena_printf(r->arena, "%s/exams/%s", base, id),
	    quit_url(r, id), allow));
	r->content_type = "application/seb";
	reply_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s.seb\"", id));
	return 200;
}

const char *
ui_seb_config_key(struct req *r, const char *id)
{
	const char *base = seb_base(r);
	const char *allow = strstr(base, "://") ? strstr(base, "://") + 3 : base;
	char *hex = arena_alloc(r->arena, 65);

	exam_seb_config_key(arena_printf(r->arena, "%s/exams/%s", base, id),
	    quit_url(r, id), allow, hex);
	return hex;
}

int
ui_seb_file(struct req *r)
{
	const char *id = req_param(r, "exam");

	if (!exam_exists(r->store, id))
		return reply_error(r, 404, "exam_not_found");
	return seb_file(r, id);
}

int
ui_console_exam_seb(struct req *r)
{
	int status;

	if ((status = api_exam_managed(r)) != 0)
		return status;
	return seb_file(r, req_param(r, "exam"));
}
