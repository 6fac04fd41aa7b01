/*
 * assets.h - static files (CSS, scripts, icons) loaded into memory at
 * start from templates/static and served with an ETag and cache headers.
 */
#ifndef AICERT_ASSETS_H
#define AICERT_ASSETS_H

#include <stddef.h>

struct asset {
	char *name;		/* path below static/, e.g. "app.css" */
	char *data;
	size_t len;
	const char *type;	/* Content-Type */
	char etag[24];		/* quoted */
};

/* Loads every regular file of dir (one level). 0 or -1. */
int assets_load(const char *dir);
void assets_free(void);

/* The asset called name, or NULL. */
const struct asset *assets_find(const char *name);

#endif
