/*
 * app.h - the server-wide configuration every handler can read.
 *
 * Filled once by `aicert serve` before the first request and read-only
 * afterwards, so handlers on any thread read it without locks.
 */
#ifndef AICERT_APP_H
#define AICERT_APP_H

#include <stddef.h>
#include <stdio.h>

#include "keys.h"
#include "route.h"
#include "store.h"
#include "version.h"

/* The build's version (version.c), for pages and /healthz. */
#define AICERT_VERSION version_string()

struct req;

struct app {
	struct store *store;
	const char *base_url;		/* e.g. "https://cert.example.tw", no trailing / */
	const char *share_dir;		/* holds templates/ and questions/ */
	int secure_cookies;		/* base URL is https */
	int registration_open;		/* learners may create their own accounts */
	size_t max_body;		/* bytes; larger bodies get 413 */
	unsigned per_ip_limit;		/* concurrent connections per address */
	unsigned max_connections;	/* concurrent connections in all */
	unsigned conn_timeout;		/* seconds of inactivity before closing */
	unsigned header_timeout;	/* seconds to receive a request's headers; 0: no limit */
	unsigned threads;		/* connection threads */
	unsigned workers;		/* worker pool for slow work */
	const struct route *routes;
	size_t nroutes;
	struct signing_key key;
	FILE *access_log;		/* NULL: no access log */
	unsigned verify_per_minute;	/* verifications per address; 0 = no limit */
	int trust_proxy;		/* client address from X-Forwarded-For (last entry) */
	int base_url_given;		/* --base-url was set (not the listen default):
					 * exams that require SEB need it */
	/* Runs before the handler of every route once its role is checked:
	 * 0 to go on, else the status of the reply it made instead (the
	 * personal-data consent gate). NULL: none. */
	int (*gate)(struct req *r);
};

#endif
