/*
 * audit.h - reading the audit trail: who did what, when and from where.
 * Rows are written inside the writes they record (db_audit in store.h,
 * account_audit in account.h) and never changed; this reads them, for
 * the administrator's page, the JSON API and the CSV export. Read only,
 * on the calling thread's connection.
 */
#ifndef AICERT_AUDIT_H
#define AICERT_AUDIT_H

#include <jansson.h>

#include "buf.h"
#include "store.h"

/* The trail newest first: at most limit rows older than id before (0:
 * from the newest). [{"id","at" (Unix seconds),"who" (login, "" for the
 * command line),"action","detail","from"}]. A new reference; [] when the
 * store fails. */
json_t *audit_rows(struct store *s, long long before, int limit);

/* The whole trail (at most a million rows), newest first, appended to
 * out as CSV for Excel: a byte-order mark, the header
 * id,at_utc,who,action,detail,from, times as UTC ISO 8601, every text
 * cell quoted with a leading = + - @ defused by an apostrophe. 0, or -1
 * with nothing appended when the store fails. */
int audit_csv(struct store *s, struct buf *out);

#endif
