/*
 * multipart.h - multipart/form-data bodies (file uploads from a browser),
 * read with libmicrohttpd's post processor.
 *
 * http.c reads a request's whole body this way before its handler runs
 * and hands the parts over in struct req; handlers see struct part only.
 */
#ifndef AICERT_MULTIPART_H
#define AICERT_MULTIPART_H

#include <stddef.h>

#include "arena.h"

struct MHD_Connection;

struct part {
	const char *name;	/* form field name */
	const char *filename;	/* NULL for plain fields */
	const char *data;	/* len bytes, exactly as sent, then a NUL */
	size_t len;
	struct part *next;
};

/* Reads body[0..len), the whole body of the request on connection c,
 * as multipart/form-data by the boundary of the request's Content-Type
 * header. Returns the parts in order, copied into a; or NULL with *err
 * the catalog key saying why (i18n.h) when the type has no usable
 * boundary, or the body is cut short, malformed or has a part without a
 * name; or
 * NULL with *err NULL when the body holds no part at all. */
struct part *multipart_parse(struct MHD_Connection *c, struct arena *a,
    const char *body, size_t len, const char **err);

#endif
