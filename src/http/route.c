/*
 * route.c - route matching; see route.h. Pure C: no HTTP library here.
 */
#include "route.h"

#include <string.h>

/* Where a capture lies in the path, before it is copied. */
struct capture {
	const char *at;
	size_t len;
};

/* Matches one pattern; fills p (names) and cap on success. Nothing is
 * copied here: most patterns tried do not match. */
static int
match(const char *pat, const char *path, struct route_params *p, struct capture *cap)
{
	p->n = 0;
	while (*pat != '\0' || *path != '\0') {
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			int rest = pat[1] == '*';
			const char *end = rest ? path + strlen(path) : strchr(path, '/');

			if (close == NULL || p->n == ROUTE_MAX_PARAMS)
				return 0;
			if (end == NULL)
				end = path + strlen(path);
			if (end == path)
				return 0;	/* captures are never empty */
			p->name[p->n] = pat + 1 + rest;
			p->namelen[p->n] = (size_t)(close - pat - 1 - rest);
			cap[p->n].at = path;
			cap[p->n++].len = (size_t)(end - path);
			pat = close + 1;
			path = end;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return 1;
}

const struct route *
route_find(const struct route *table, size_t n, const char *method,
    const char *path, struct arena *a, struct route_params *p, int *status,
    char *allow, size_t allowlen)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	size_t used = 0;

	*status = 404;
	if (allowlen > 0)
		allow[0] = '\0';
	/* Routes of the request's method first, in table order: the first
	 * that matches is the answer, and most requests find one. */
	for (size_t i = 0; i < n; i++) {
		struct route_params tmp;
		struct capture cap[ROUTE_MAX_PARAMS];
		const char *tm = table[i].method;

		/* The first two characters settle most comparisons (GET,
		 * POST, PUT, PATCH, DELETE) without a call. */
		if (tm[0] != m[0] || tm[1] != m[1] || strcmp(tm, m) != 0 ||
		    !match(table[i].pattern, path, &tmp, cap))
			continue;
		for (size_t k = 0; k < tmp.n; k++)
			tmp.value[k] = arena_strndup(a, cap[k].at, cap[k].len);
		*p = tmp;
		return &table[i];
	}
	/* None: 405 with Allow if the path is there for other methods. */
	for (size_t i = 0; i < n; i++) {
		struct route_params tmp;
		struct capture cap[ROUTE_MAX_PARAMS];

		if (!match(table[i].pattern, path, &tmp, cap))
			continue;
		*status = 405;
		if (strstr(allow, table[i].method) == NULL) {
			size_t len = strlen(table[i].method);
			int head = strcmp(table[i].method, "GET") == 0;

			if (used + len + (head ? 6 : 0) + 3 < allowlen) {
				if (used > 0) {
					memcpy(allow + used, ", ", 2);
					used += 2;
				}
				memcpy(allow + used, table[i].method, len);
				used += len;
				if (head) {
					memcpy(allow + used, ", HEAD", 6);
					used += 6;
				}
				allow[used] = '\0';
			}
		}
	}
	return NULL;
}

const char *
route_param(const struct route_params *p, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < p->n; i++)
		if (p->namelen[i] == len && memcmp(p->name[i], name, len) == 0)
			return p->value[i];
	return NULL;
}

size_t
route_body_max(const struct route *rt, size_t dflt)
{
	return rt != NULL && rt->body != NULL && rt->body->max < dflt ? rt->body->max : dflt;
}
