/*
 * assets.c - static files in memory; see assets.h.
 */
#include "assets.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

#define MAX_ASSETS 64

static struct asset assets[MAX_ASSETS];
static size_t nassets;

static const char *
type_of(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

int
assets_load(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		fprintf(stderr, "aicert: cannot open static files in %s\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL && nassets < MAX_ASSETS) {
		char path[4096], chunk[8192];
		struct buf b = BUF_INIT;
		struct stat st;
		unsigned long h = 5381;
		size_t n;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    (f = fopen(path, "rb")) == NULL)
			continue;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_raw(&b, chunk, n);
		fclose(f);
		for (size_t i = 0; i < b.len; i++)
			h = h * 33 + (unsigned char)b.data[i];
		assets[nassets].name = strdup(e->d_name);
		assets[nassets].data = buf_steal(&b, &assets[nassets].len);
		assets[nassets].type = type_of(e->d_name);
		snprintf(assets[nassets].etag, sizeof assets[nassets].etag,
		    "\"%lx\"", h);
		nassets++;
	}
	closedir(d);
	return 0;
}

void
assets_free(void)
{
	for (size_t i = 0; i < nassets; i++) {
		free(assets[i].name);
		free(assets[i].data);
	}
	nassets = 0;
}

const struct asset *
assets_find(const char *name)
{
	for (size_t i = 0; i < nassets; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}
