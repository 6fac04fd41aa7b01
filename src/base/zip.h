/*
 * zip.h - a store-only ZIP writer that never holds the archive: each
 * entry's local header and data are appended to the caller's buffer as it
 * goes (CRC-32 computed beforehand, so no data descriptor), and the
 * central directory, a few dozen bytes per entry, at the end.
 *
 * Plain ZIP (no ZIP64): at most ZIP_MAX_ENTRIES entries and offsets
 * below 4 GiB; zip_add refuses an entry past either limit, so a caller
 * that checks the total first (zip_fits) never writes a broken archive.
 * Names are stored as given with the UTF-8 flag (bit 11) set; make them
 * safe with zip_safe_name.
 */
#ifndef AICERT_ZIP_H
#define AICERT_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define ZIP_MAX_ENTRIES 65535u

struct zip {
	struct buf central;	/* the central directory so far */
	uint64_t offset;	/* bytes written so far */
	unsigned entries;
};

#define ZIP_INIT { BUF_INIT, 0, 0 }

/* The bytes a local header, a central directory entry and the end
 * record take besides names and data: for sizing an archive first. */
#define ZIP_LOCAL_FIXED 30u
#define ZIP_CENTRAL_FIXED 46u
#define ZIP_END_FIXED 22u

/* 1 if an archive of entries entries holding data_bytes of data and
 * name_bytes of names (the sum of each name's length) can be written. */
int zip_fits(uint64_t entries, uint64_t data_bytes, uint64_t name_bytes);

/* Appends the local header and the data of an entry named name (UTF-8)
 * to out, dated unix_time (UTC, kept as MS-DOS date and time). 0, or -1
 * (nothing appended) when the archive would pass a limit or name is
 * longer than 65,535 bytes. */
int zip_add(struct zip *z, struct buf *out, const char *name, const void *data,
    size_t len, int64_t unix_time);

/* Appends the central directory and the end record to out, then frees
 * what z holds. */
void zip_finish(struct zip *z, struct buf *out);

/* Frees what z holds (for an archive given up). */
void zip_free(struct zip *z);

/* "PREFIX-NAME.EXT" as a file name every unzip accepts and none can
 * place outside its folder: no "/" "\" ":" "*" "?" "\"" "<" ">" "|",
 * no control character, no ".." (each of these becomes "_"), invalid
 * UTF-8 replaced, cut at a character boundary so the whole stays within
 * max bytes. A malloc'd string (caller frees). */
char *zip_safe_name(const char *prefix, const char *name, const char *ext, size_t max);

#endif
