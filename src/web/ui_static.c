/*
 * ui_static.c - GET /static/{*name}: the stylesheet, scripts and images
 * the pages use, served from memory (assets.h) with an ETag.
 */
#include "handlers.h"

#include <string.h>

#include "assets.h"

/* An asset from memory; 304 when the ETag matches. */
int
ui_static(struct req *r)
{
	const struct asset *as = assets_find(req_param(r, "name"));
	const char *inm = req_header(r, "If-None-Match");

	if (as == NULL)
		return reply_error(r, 404, "not_found");
	r->cacheable = 1;
	reply_header(r, "ETag", as->etag);
	reply_header(r, "Cache-Control", "public, max-age=3600");
	r->content_type = as->type;
	if (inm != NULL && strcmp(inm, as->etag) == 0)
		return 304;
	buf_raw(&r->out, as->data, as->len);
	return 200;
}

