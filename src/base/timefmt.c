/*
 * timefmt.c - dates, times and the issuer's time zone; see timefmt.h.
 * Pure C: calendar arithmetic on Unix seconds, no TZ database, no C
 * library local time (whose zone is the process's, not the issuer's).
 */
#include "timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Zones whose offset has been fixed for decades (no daylight saving), so
 * one number per zone is right for every date shown. */
static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "Asia/Taipei", 480 }, { "ROC", 480 }, { "Asia/Hong_Kong", 480 },
	{ "Asia/Macau", 480 }, { "Asia/Shanghai", 480 },
	{ "Asia/Singapore", 480 }, { "Asia/Kuala_Lumpur", 480 },
	{ "Asia/Manila", 480 }, { "Asia/Tokyo", 540 }, { "Asia/Seoul", 540 },
	{ "Asia/Kolkata", 330 }, { "UTC", 0 }, { "Etc/UTC", 0 }, { "GMT", 0 },
};
#define NZONES (sizeof zones / sizeof *zones)

/* The issuer's zone: an index into zones (0 = Asia/Taipei). Set once at
 * start, before threads; read-only afterwards. */
static size_t issuer_zone;

long long
timefmt_days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
timefmt_civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
timefmt_split(long long t, long offset_s, struct timefmt_tm *tm)
{
	long long days, secs;

	t += offset_s;
	days = t / 86400;
	secs = t % 86400;
	if (secs < 0)
		secs += 86400, days--;
	timefmt_civil_from_days(days, &tm->year, &tm->month, &tm->day);
	tm->hour = (int)(secs / 3600);
	tm->min = (int)(secs / 60 % 60);
	tm->sec = (int)(secs % 60);
}

/* ---- the issuer's zone ---- */

static int
zone_index(const char *name, size_t *out)
{
	for (size_t i = 0; name != NULL && i < NZONES; i++)
		if (strcmp(zones[i].name, name) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

int
timefmt_zone_offset(const char *name, long *offset_s)
{
	size_t i;

	if (zone_index(name, &i) != 0)
		return -1;
	*offset_s = 60L * zones[i].minutes;
	return 0;
}

int
timefmt_set_zone(const char *name)
{
	return zone_index(name, &issuer_zone);
}

const char *
timefmt_zone(void)
{
	return zones[issuer_zone].name;
}

long
timefmt_offset(void)
{
	return 60L * zones[issuer_zone].minutes;
}

void
timefmt_offset_iso(char out[7])
{
	int m = zones[issuer_zone].minutes, a = abs(m);

	snprintf(out, 7, "%c%02d:%02d", m < 0 ? '-' : '+', a / 60 % 100, a % 60);
}

void
timefmt_offset_text(char out[10])
{
	int m = zones[issuer_zone].minutes, a = abs(m);

	if (m == 0)
		snprintf(out, 10, "UTC");
	else if (a % 60 == 0)
		snprintf(out, 10, "UTC%c%d", m < 0 ? '-' : '+', a / 60 % 100);
	else
		snprintf(out, 10, "UTC%c%d:%02d", m < 0 ? '-' : '+', a / 60 % 100, a % 60);
}

const char *
timefmt_zone_name(size_t i)
{
	return i < NZONES ? zones[i].name : NULL;
}

/* ---- text ---- */

int
timefmt_minguo(const struct timefmt_tm *tm, char *out, size_t n)
{
	int w;

	if (tm->year > 1911)
		w = snprintf(out, n, "中華民國%lld年%d月%d日", tm->year - 1911, tm->month,
		    tm->day);
	else
		w = snprintf(out, n, "%lld年%d月%d日", tm->year, tm->month, tm->day);
	return w >= 0 && (size_t)w < n ? 0 : -1;
}

int
timefmt_local(long long t, enum timefmt_style style, char *out, size_t n)
{
	struct timefmt_tm tm;
	int w = -1;

	if (n > 0)
		*out = '\0';
	if (t < 0 || t > TIMEFMT_MAX_TIME || n == 0)
		return -1;
	timefmt_split(t, timefmt_offset(), &tm);
	switch (style) {
	case TIMEFMT_DATE:
		w = snprintf(out, n, "%04lld-%02d-%02d", tm.year, tm.month, tm.day);
		break;
	case TIMEFMT_MINUTE:
	case TIMEFMT_INPUT:
		w = snprintf(out, n, "%04lld-%02d-%02d%c%02d:%02d", tm.year, tm.month,
		    tm.day, style == TIMEFMT_INPUT ? 'T' : ' ', tm.hour, tm.min);
		break;
	case TIMEFMT_SECOND:
		w = snprintf(out, n, "%04lld-%02d-%02d %02d:%02d:%02d", tm.year, tm.month,
		    tm.day, tm.hour, tm.min, tm.sec);
		break;
	case TIMEFMT_MINGUO:
		w = timefmt_minguo(&tm, out, n) == 0 ? (int)strlen(out) : -1;
		break;
	}
	if (w < 0 || (size_t)w >= n) {
		*out = '\0';
		return -1;
	}
	return 0;
}

int
timefmt_utc(long long t, char out[TIMEFMT_UTC_LEN + 1])
{
	struct timefmt_tm tm;

	*out = '\0';
	if (t < 0 || t > TIMEFMT_MAX_TIME)
		return -1;
	timefmt_split(t, 0, &tm);
	snprintf(out, TIMEFMT_UTC_LEN + 1, "%04lld-%02d-%02dT%02d:%02d:%02dZ", tm.year,
	    tm.month, tm.day, tm.hour, tm.min, tm.sec);
	return 0;
}

/* n decimal digits at *s into *out; advances *s. 0, or -1. */
static int
digits(const char **s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (**s < '0' || **s > '9')
			return -1;
		*out = *out * 10 + (**s - '0');
	}
	return 0;
}

/* Whether y-mo-d h:mi:sec is a real date and time of years 1970..9999. */
static int
real_time(int y, int mo, int d, int h, int mi, int sec)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] &&
	    !(mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) &&
	    h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59;
}

int
timefmt_utc_parse(const char *s, long long *t)
{
	int y, mo, d, h, mi, sec;

	if (strnlen(s, TIMEFMT_UTC_LEN) < TIMEFMT_UTC_LEN || digits(&s, 4, &y) ||
	    *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' || digits(&s, 2, &d) ||
	    *s++ != 'T' || digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi) ||
	    *s++ != ':' || digits(&s, 2, &sec) || *s != 'Z' ||
	    !real_time(y, mo, d, h, mi, sec))
		return -1;
	*t = timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

int
timefmt_iso_parse(const char *s, long long *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
	long long t;

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) ||
	    *s++ != '-' || digits(&s, 2, &d) ||
	    (*s != 'T' && *s != 't' && *s != ' '))
		return -1;
	s++;
	if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
		return -1;
	if (*s == ':') {
		s++;
		if (digits(&s, 2, &sec))
			return -1;
		if (*s == '.' || *s == ',') {
			s++;
			if (*s < '0' || *s > '9')
				return -1;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (digits(&s, 2, &oh))
			return -1;
		if (*s == ':' ? (s++, digits(&s, 2, &om)) :
		    *s != '\0' && digits(&s, 2, &om))
			return -1;
	} else {
		return -1;
	}
	if (*s != '\0' || !real_time(y, mo, d, h, mi, sec) || oh > 23 || om > 59)
		return -1;
	t = timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

long long
timefmt_local_parse(const char *s)
{
	int y, mo, d, h, mi, sec = 0, n = 0;

	if (s == NULL || *s == '\0')
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    (s[n] != '\0' && s[n] != ':') || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59)
		return -1;
	if (s[n] == ':')
		sec = atoi(s + n + 1);
	/* As timegm would: a day past the month's end counts on. */
	return timefmt_days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + sec -
	    timefmt_offset();
}
