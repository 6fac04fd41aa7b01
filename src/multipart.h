/*
 * multipart.h - multipart/form-data bodies (file uploads from a browser).
 */
#ifndef AICERT_MULTIPART_H
#define AICERT_MULTIPART_H

#include <stddef.h>

#include "arena.h"

struct part {
	const char *name;	/* form field name */
	const char *filename;	/* NULL for plain fields */
	const char *data;	/* into the body; not NUL-terminated */
	size_t len;
	struct part *next;
};

/* Splits body by the boundary of content_type ("multipart/form-data;
 * boundary=..."). Returns the parts in order (from a), or NULL with *err
 * set when the body is not well-formed multipart. */
struct part *multipart_parse(struct arena *a, const char *content_type,
    const char *body, size_t len, const char **err);

#endif
