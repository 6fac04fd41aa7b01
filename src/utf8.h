/*
 * utf8.h - strict UTF-8 validation, and what counts as printable text.
 */
#ifndef AICERT_UTF8_H
#define AICERT_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF) without NUL bytes; else 0. */
int utf8_valid(const char *s, size_t n);

/* 1 if s[0..n) is text a person's name or a certificate may carry: valid
 * UTF-8 without control characters (C0, DEL, C1 U+0080..U+009F). The one
 * rule behind account names (registration, import, the command line) and
 * the certificate format, so that a name accepted at sign-up can always be
 * printed and signed. */
int utf8_text_ok(const char *s, size_t n);

#endif
