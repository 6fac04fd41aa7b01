/*
 * encoding.h - turns an uploaded bank file into strict UTF-8.
 *
 * Every bank parser reads UTF-8 only; this is the one place that decides
 * whether a file is UTF-8 and, when the importer names another encoding
 * (Big5, CP950, GB18030, CP1252, UTF-16, ...), converts it with iconv.
 */
#ifndef AICERT_ENCODING_H
#define AICERT_ENCODING_H

#include <stddef.h>

#include "arena.h"
#include "question.h"

/*
 * Reads len bytes of data as from_encoding and returns them as UTF-8.
 *
 * from_encoding NULL (or "utf-8"): data must already be strict UTF-8 -- no
 * overlong forms, no surrogates, nothing above U+10FFFF, no NUL byte. A
 * leading UTF-8 byte order mark is dropped.
 * Any other name is handed to iconv (aliases such as "cp950", "big5-hkscs",
 * "latin1", "utf16" are mapped to glibc's names); the result is checked as
 * above, and a leading U+FEFF is dropped.
 *
 * On success *out is a NUL-terminated copy owned by a, *outlen its length
 * without the NUL, and 0 is returned. On failure one error is recorded in
 * errs -- with the line of the first bad byte, its column (counted in
 * characters), what is wrong and how to fix it -- *out is NULL and -1 is
 * returned. file names the input in messages (may be NULL).
 */
int enc_to_utf8(struct arena *a, const char *file, const char *data,
    size_t len, const char *from_encoding, char **out, size_t *outlen,
    struct q_bank *errs);

/*
 * Warns (in warn, with the line) when text, read from from_encoding by
 * enc_to_utf8, does not look like text of that kind: for Big5, CP950,
 * GB18030, GBK, Shift_JIS, EUC-KR..., Chinese, Japanese or Korean
 * characters stuck to single Latin letters ("燙e puede") or other scripts;
 * for CP1252 and Latin-1, symbols and control characters where letters
 * belong. Fewer than three quarters of the non-ASCII characters fitting
 * is implausible. Other encodings are not judged. Whatever the encoding
 * (UTF-8 too), text that looks encoded twice ("cafÃ©": UTF-8 read as
 * Latin-1 and saved again) is a warning.
 */
void enc_check_reading(struct arena *a, const char *from_encoding,
    const char *text, size_t len, struct q_bank *warn);

#endif
