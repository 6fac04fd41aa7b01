/*
 * zip.c - the store-only ZIP writer; see zip.h. The layout is PKWARE's
 * APPNOTE: local header, data, ..., central directory, end record, every
 * number little-endian. CRC-32 is zlib's.
 */
#include "zip.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistr.h>
#include <zlib.h>

#define FLAG_UTF8 0x0800u	/* bit 11: the name is UTF-8 */
#define VERSION 20u		/* 2.0: what a stored entry needs */

static void
put16(struct buf *b, unsigned v)
{
	char c[2] = { (char)(v & 0xff), (char)((v >> 8) & 0xff) };

	buf_raw(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	char c[4] = { (char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff),
	    (char)((v >> 24) & 0xff) };

	buf_raw(b, c, 4);
}

int
zip_fits(uint64_t entries, uint64_t data_bytes, uint64_t name_bytes)
{
	uint64_t total = entries * (ZIP_LOCAL_FIXED + ZIP_CENTRAL_FIXED) + 2 * name_bytes +
	    data_bytes + ZIP_END_FIXED;

	return entries <= ZIP_MAX_ENTRIES && total <= 0xFFFFFFFFull;
}

/* MS-DOS time and date of t (UTC); 1980-01-01 for anything before. */
static void
dos_time(int64_t t, unsigned *tm_out, unsigned *date_out)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 315532800 || gmtime_r(&tt, &tm) == NULL) {
		*tm_out = 0;
		*date_out = (0u << 9) | (1u << 5) | 1u;
		return;
	}
	*tm_out = ((unsigned)tm.tm_hour << 11) | ((unsigned)tm.tm_min << 5) |
	    ((unsigned)tm.tm_sec / 2);
	*date_out = ((unsigned)(tm.tm_year - 80) << 9) | ((unsigned)(tm.tm_mon + 1) << 5) |
	    (unsigned)tm.tm_mday;
}

int
zip_add(struct zip *z, struct buf *out, const char *name, const void *data,
    size_t len, int64_t unix_time)
{
	size_t nlen = strlen(name);
	uint32_t crc = (uint32_t)crc32(0L, Z_NULL, 0);
	unsigned t, d;
	const unsigned char *p = data;
	size_t left = len;

	if (nlen > 0xFFFF || z->entries >= ZIP_MAX_ENTRIES ||
	    !zip_fits((uint64_t)z->entries + 1, z->offset + len, nlen) ||
	    z->offset + ZIP_LOCAL_FIXED + nlen + len > 0xFFFFFFFFull)
		return -1;
	while (left > 0) {	/* zlib takes a uInt at a time */
		uInt n = left > 0x40000000u ? 0x40000000u : (uInt)left;

		crc = (uint32_t)crc32(crc, p, n);
		p += n;
		left -= n;
	}
	dos_time(unix_time, &t, &d);
	/* the local header, then the data */
	put32(out, 0x04034b50u);
	put16(out, VERSION);
	put16(out, FLAG_UTF8);
	put16(out, 0);		/* stored */
	put16(out, t);
	put16(out, d);
	put32(out, crc);
	put32(out, (uint32_t)len);
	put32(out, (uint32_t)len);
	put16(out, (unsigned)nlen);
	put16(out, 0);		/* no extra field */
	buf_raw(out, name, nlen);
	buf_raw(out, data, len);
	/* its central directory entry, for the end */
	put32(&z->central, 0x02014b50u);
	put16(&z->central, (3u << 8) | VERSION);	/* made by: Unix */
	put16(&z->central, VERSION);
	put16(&z->central, FLAG_UTF8);
	put16(&z->central, 0);
	put16(&z->central, t);
	put16(&z->central, d);
	put32(&z->central, crc);
	put32(&z->central, (uint32_t)len);
	put32(&z->central, (uint32_t)len);
	put16(&z->central, (unsigned)nlen);
	put16(&z->central, 0);	/* extra */
	put16(&z->central, 0);	/* comment */
	put16(&z->central, 0);	/* disk */
	put16(&z->central, 0);	/* internal attributes */
	put32(&z->central, 0100644u << 16);	/* external: a regular file, rw-r--r-- */
	put32(&z->central, (uint32_t)z->offset);
	buf_raw(&z->central, name, nlen);
	z->offset += ZIP_LOCAL_FIXED + nlen + len;
	z->entries++;
	return 0;
}

void
zip_finish(struct zip *z, struct buf *out)
{
	buf_raw(out, z->central.data ? z->central.data : "", z->central.len);
	put32(out, 0x06054b50u);
	put16(out, 0);
	put16(out, 0);
	put16(out, z->entries);
	put16(out, z->entries);
	put32(out, (uint32_t)z->central.len);
	put32(out, (uint32_t)z->offset);
	put16(out, 0);		/* no comment */
	zip_free(z);
}

void
zip_free(struct zip *z)
{
	buf_free(&z->central);
	z->central = (struct buf)BUF_INIT;
}

/* Appends name's safe form to b. */
static void
safe_part(struct buf *b, const char *s)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);

	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtoucr(&uc, p, (size_t)(end - p));

		if (n < 0) {
			buf_str(b, "_");
			p++;
			continue;
		}
		if (uc < 0x20 || uc == 0x7f || (uc >= 0x80 && uc < 0xa0) ||
		    (uc < 0x80 && strchr("/\\:*?\"<>|", (int)uc) != NULL)) {
			buf_str(b, "_");
		} else if (uc == '.' && b->len > 0 && b->data[b->len - 1] == '.') {
			b->data[b->len - 1] = '_';
			buf_str(b, "_");
		} else {
			buf_raw(b, (const char *)p, (size_t)n);
		}
		p += n;
	}
}

char *
zip_safe_name(const char *prefix, const char *name, const char *ext, size_t max)
{
	struct buf b = BUF_INIT, tail = BUF_INIT;
	size_t keep;

	safe_part(&b, prefix ? prefix : "");
	if (name != NULL && *name != '\0') {
		buf_str(&b, "-");
		safe_part(&b, name);
	}
	safe_part(&tail, ext ? ext : "");
	if (b.len > 0 && b.data[b.len - 1] == '.' && tail.len > 0 && tail.data[0] == '.')
		b.data[b.len - 1] = '_';	/* "x." + ".pdf" would make ".." */
	keep = b.len;
	if (max > tail.len && keep > max - tail.len) {
		keep = max - tail.len;
		while (keep > 0 && ((unsigned char)b.data[keep] & 0xC0) == 0x80)
			keep--;		/* not inside a character */
	}
	b.len = keep;
	if (b.data != NULL)
		b.data[keep] = '\0';
	buf_raw(&b, tail.data ? tail.data : "", tail.len);
	buf_free(&tail);
	if (b.data == NULL)
		buf_str(&b, "");
	return buf_steal(&b, NULL);
}
