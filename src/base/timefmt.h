/*
 * timefmt.h - dates and times: the civil (proleptic Gregorian) calendar,
 * the issuer's time zone, ISO 8601 text, and the Minguo years of zh-TW
 * dates (中華民國115年 = 2026).
 *
 * Times are Unix seconds in UTC everywhere else; this module is where
 * they become calendar dates, by arithmetic and never through the
 * process's TZ or the C library's local time. The issuer's zone is a
 * process setting made once at start (`aicert serve --time-zone NAME`,
 * default Asia/Taipei) and read-only afterwards. Only zones whose offset
 * has been fixed for decades (no daylight saving) are known, so one
 * number per zone is right for every date a certificate or page shows.
 */
#ifndef AICERT_TIMEFMT_H
#define AICERT_TIMEFMT_H

#include <stddef.h>

#define TIMEFMT_DEFAULT_ZONE "Asia/Taipei"
#define TIMEFMT_UTC_LEN 20		/* "YYYY-MM-DDTHH:MM:SSZ" */
#define TIMEFMT_MAX_TIME 253402300799LL	/* 9999-12-31T23:59:59Z */

/* A moment as the calendar and the clock on the wall give it. */
struct timefmt_tm {
	long long year;
	int month;		/* 1..12 */
	int day;		/* 1..31 */
	int hour, min, sec;
};

/* Days since 1970-01-01 of the date y-m-d (H. Hinnant's algorithm; any
 * y; m and d out of range count on, as 2026-02-31 = 2026-03-03). */
long long timefmt_days_from_civil(long long y, int m, int d);

/* The date of day z (days since 1970-01-01) into *y, *m, *d. */
void timefmt_civil_from_days(long long z, long long *y, int *m, int *d);

/* Unix time t seen at offset_s seconds east of UTC, into *tm. */
void timefmt_split(long long t, long offset_s, struct timefmt_tm *tm);

/* ---- the issuer's zone ---- */

/* The offset of the zone called name ("Asia/Taipei", "UTC", ...) in
 * seconds east of UTC into *offset_s. 0, or -1 if the zone is unknown. */
int timefmt_zone_offset(const char *name, long *offset_s);

/* Makes name the issuer's zone (call before any thread starts). 0, or -1
 * with the zone unchanged if it is unknown. */
int timefmt_set_zone(const char *name);

/* The issuer's zone: its name (static), its offset in seconds. */
const char *timefmt_zone(void);
long timefmt_offset(void);

/* The issuer's offset as ISO 8601 writes it: "+08:00", "-03:30",
 * "+00:00". out holds at least 7 bytes. */
void timefmt_offset_iso(char out[7]);

/* The issuer's offset as people read it: "UTC+8", "UTC+5:30", "UTC".
 * out holds at least 10 bytes. */
void timefmt_offset_text(char out[10]);

/* The name of the i-th known zone (static), NULL past the last: for
 * usage lines. */
const char *timefmt_zone_name(size_t i);

/* ---- text ---- */

/* How timefmt_local writes a time in the issuer's zone. */
enum timefmt_style {
	TIMEFMT_DATE,		/* "2026-05-01" */
	TIMEFMT_MINUTE,		/* "2026-05-01 09:30" */
	TIMEFMT_SECOND,		/* "2026-05-01 09:30:05" */
	TIMEFMT_INPUT,		/* "2026-05-01T09:30", an HTML datetime-local */
	TIMEFMT_MINGUO,		/* "中華民國115年5月1日" (1912 on; earlier years
				 * are written "1911年5月1日") */
};

/* Unix time t (0 .. TIMEFMT_MAX_TIME) in the issuer's zone, written in
 * style into out[0..n). 0, or -1 (out "") if t is out of range or n too
 * small. */
int timefmt_local(long long t, enum timefmt_style style, char *out, size_t n);

/* The date of tm in the Minguo calendar, "中華民國115年5月1日" (years
 * before 1912 as "1911年5月1日"), into out[0..n). 0, or -1 if n is too
 * small. */
int timefmt_minguo(const struct timefmt_tm *tm, char *out, size_t n);

/* Unix time t as "YYYY-MM-DDTHH:MM:SSZ" into out (TIMEFMT_UTC_LEN + 1
 * bytes). 0, or -1 (out "") if t is outside 0 .. TIMEFMT_MAX_TIME. */
int timefmt_utc(long long t, char out[TIMEFMT_UTC_LEN + 1]);

/* The strict form timefmt_utc writes, "YYYY-MM-DDTHH:MM:SSZ", read from
 * the first TIMEFMT_UTC_LEN bytes of s (what follows is the caller's);
 * years 1970..9999, real dates only. 0 with *t, or -1. */
int timefmt_utc_parse(const char *s, long long *t);

/* A date and time with its offset as RFC 3339 and ISO 8601 write it:
 * "YYYY-MM-DDTHH:MM[:SS[.fff]]" ("t" or a space for "T") then "Z" or an
 * offset "+HH:MM" ("+HHMM", "+HH"); a fraction of a second is dropped.
 * Years 1970..9999, real dates only. 0 with *t, or -1. */
int timefmt_iso_parse(const char *s, long long *t);

/* A time in the issuer's zone as an HTML datetime-local gives it,
 * "YYYY-MM-DDTHH:MM" (a space for "T"; ":SS" may follow), into Unix
 * seconds: 0 for NULL or "", -1 if malformed. */
long long timefmt_local_parse(const char *s);

#endif
