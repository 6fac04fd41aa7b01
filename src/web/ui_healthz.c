/*
 * ui_healthz.c - GET /healthz, for monitors and load balancers: whether
 * the database reads and takes writes (store.h says), and the version.
 */
#include "handlers.h"

/* GET /healthz: for monitors and load balancers. Cheap, public, never
 * writes: one read of the database header on this thread's connection.
 * 200 {"status":"ok"|"degraded","db":"ok","writes":"ok"|WHY,"version"}
 * (degraded: the last commit failed, e.g. the disk is full; reads still
 * work), 503 {"status":"unavailable","error"} when the read fails. */
int
ui_healthz(struct req *r)
{
	const char *rd = store_read_problem(r->store), *wr;

	if (rd != NULL)
		return reply_json(r, 503, json_pack("{ssss}", "status", "unavailable",
		    "error", rd));
	wr = store_write_problem(r->store);
	return reply_json(r, 200, json_pack("{sssssssssi}", "status",
	    wr ? "degraded" : "ok", "db", "ok", "writes", wr ? wr : "ok",
	    "version", AICERT_VERSION, "schema", store_schema_version()));
}
