/*
 * multipart.c - multipart/form-data through libmicrohttpd's post
 * processor; see multipart.h.
 *
 * The post processor finds the boundary in the connection's Content-Type,
 * splits the body and reads each part's Content-Disposition; it hands the
 * data over in pieces (at most POST_BUFFER bytes, each with its offset in
 * its part), which are gathered here into one copy per part. Depends on
 * libmicrohttpd and the arena.
 */
#include "multipart.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

/* The post processor's buffer: a part's header line must fit in it, and
 * a boundary in half of it. */
#define POST_BUFFER 4096

struct gather {
	struct arena *a;
	struct part *head, **tail, *cur;
	char *buf;		/* cur's data (arena_grow) */
	int nameless;
};

static enum MHD_Result
on_data(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct gather *g = cls;
	struct part *p = g->cur;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	/* The body is given in one piece, so a part's first call, made even
	 * when it is empty, is the only one with offset 0. */
	if (off == 0) {
		if (key == NULL) {	/* RFC 7578: every part has a name;
					 * also what a failed strdup leaves */
			g->nameless = 1;
			return MHD_NO;
		}
		p = arena_alloc(g->a, sizeof *p);
		p->name = arena_strdup(g->a, key);
		p->filename = filename ? arena_strdup(g->a, filename) : NULL;
		p->data = "";
		p->len = 0;
		p->next = NULL;
		*g->tail = p;
		g->tail = &p->next;
		g->cur = p;
		g->buf = NULL;
	}
	if (p == NULL || size == 0)
		return MHD_YES;
	g->buf = arena_grow(g->a, g->buf, p->len, p->len + size + 1, 1);
	memcpy(g->buf + p->len, data, size);
	p->len += size;
	g->buf[p->len] = '\0';
	p->data = g->buf;
	return MHD_YES;
}

struct part *
multipart_parse(struct MHD_Connection *c, struct arena *a, const char *body,
    size_t len, const char **err)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	struct gather g = { a, NULL, NULL, NULL, NULL, 0 };
	struct MHD_PostProcessor *pp;
	int ok;

	g.tail = &g.head;
	/* The processor would read a urlencoded body too. */
	pp = ct != NULL && strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
	    strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0 ?
	    MHD_create_post_processor(c, POST_BUFFER, on_data, &g) : NULL;
	if (pp == NULL) {
		*err = "multipart_no_boundary";
		return NULL;
	}
	ok = MHD_post_process(pp, body, len) == MHD_YES;
	/* The processor says no at the end when the closing delimiter never
	 * came. */
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok && !g.nameless;
	*err = ok ? NULL : "multipart_malformed";
	return ok ? g.head : NULL;
}
