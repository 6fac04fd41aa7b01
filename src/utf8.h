/*
 * utf8.h - strict UTF-8 validation.
 */
#ifndef AICERT_UTF8_H
#define AICERT_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values
 * above U+10FFFF) without NUL bytes; else 0. */
int utf8_valid(const char *s, size_t n);

#endif
