/*
 * route.h - matching a request line against the route table.
 *
 * A route row carries its rules: method, path pattern, handler, the least
 * role allowed, and flags (CSRF check, slow work off the connection
 * threads). Patterns are literal segments and {name} captures of one
 * segment; a last {*name} captures the rest of the path. Lookup tells an
 * unknown path (404) from a known path with another method (405 + Allow).
 */
#ifndef AICERT_ROUTE_H
#define AICERT_ROUTE_H

#include <stddef.h>

#include "account.h"
#include "arena.h"

struct req;
typedef int (*route_handler)(struct req *r);

enum {
	RT_CSRF = 1 << 0,	/* state-changing: cookie sessions need a CSRF token */
	RT_SLOW = 1 << 1,	/* runs on the worker pool (hashing, rendering) */
};

/* What a route takes as a request body, checked before its handler runs
 * (after authorization and CSRF): at most max bytes (413 past it: the
 * server finds the route from the request line, so a larger body is
 * refused as it arrives, never read whole), and for a JSON body, an
 * object with only the top-level fields listed (400 naming the first
 * other one). fields NULL: the handler reads the body itself (its own
 * parser refuses what it does not know). */
struct route_body {
	size_t max;
	const char *const *fields;	/* NULL-ended */
};

struct route {
	const char *method;	/* "GET", "POST", ... (GET also answers HEAD) */
	const char *pattern;
	route_handler fn;
	enum role role;		/* ROLE_NONE: public */
	unsigned flags;
	const struct route_body *body;	/* NULL: only the server's --max-body-mb */
};

#define ROUTE_MAX_PARAMS 4

struct route_params {
	size_t n;
	const char *name[ROUTE_MAX_PARAMS];	/* into the pattern, not NUL-ended at '}' */
	size_t namelen[ROUTE_MAX_PARAMS];
	char *value[ROUTE_MAX_PARAMS];		/* from the arena */
};

/* Finds the row for method and path. On a match returns it with params
 * filled (values copied into a). Otherwise returns NULL and sets *status
 * to 404, or to 405 with allow set to the methods the path takes
 * ("GET, POST"). */
const struct route *route_find(const struct route *table, size_t n,
    const char *method, const char *path, struct arena *a,
    struct route_params *p, int *status, char *allow, size_t allowlen);

/* The most body bytes rt takes: its body rule's max, or dflt when it has
 * none or dflt is smaller; dflt for rt NULL. */
size_t route_body_max(const struct route *rt, size_t dflt);

/* The value of param name, or NULL. */
const char *route_param(const struct route_params *p, const char *name);

#endif
