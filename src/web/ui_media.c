/*
 * ui_media.c - GET /media/{hash}: an image embedded in a question, by
 * the SHA-256 of its bytes (bank_store.h keeps them). Immutable, so the
 * browser may keep it a day.
 */
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

#include "bank_store.h"

int
ui_media(struct req *r)
{
	const char *hash = req_param(r, "hash");
	char *mime = NULL;
	unsigned char *data = NULL;
	size_t len = 0;

	if (hash == NULL || strlen(hash) != 64 ||
	    !bank_file_get(r->store, hash, &mime, &data, &len))
		return reply_error(r, 404, "not_found");
	buf_raw(&r->out, (const char *)data, len);
	r->content_type = arena_strdup(r->arena, mime);
	r->cacheable = 1;
	reply_header(r, "Cache-Control", "private, max-age=86400, immutable");
	free(mime);
	free(data);
	return 200;
}
