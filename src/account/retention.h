/*
 * retention.h - how long logs of people are kept: verification log rows,
 * integrity events and expired sessions older than the retention period
 * (`serve --retention-days N`, default 180) are deleted, and the
 * addresses in the verification log and the audit trail are cut to
 * their network (IPv4 /24, IPv6 /48) once they are RETENTION_ADDR_DAYS
 * old. The sweeper runs it once as the server starts and then daily.
 */
#ifndef AICERT_RETENTION_H
#define AICERT_RETENTION_H

#include <stddef.h>

#include "store.h"

#define RETENTION_DEFAULT_DAYS 180
#define RETENTION_ADDR_DAYS 7

/* Sets the period in days (at least 1) for retention_daily. */
void retention_set_days(unsigned days);

/* One run at now (Unix seconds) with a period of days: 0 or -1. *deleted
 * and *truncated (may be NULL) get the rows deleted and addresses cut. */
int retention_run(struct store *s, long long now, unsigned days, long *deleted,
    long *truncated);

/* retention_run now with the period set: what the sweeper calls. */
void retention_daily(struct store *s);

/* addr cut to its network into out: "192.0.2.0/24", "2001:db8:1::/48";
 * an address already cut, or not an address, is copied as it is. */
void retention_truncate(const char *addr, char *out, size_t n);

#endif
