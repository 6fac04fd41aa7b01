/*
 * arena.h - per-request (or per-parse) bump allocator.
 *
 * Everything allocated from an arena is freed at once by arena_free().
 * Allocation failure aborts the process: an out-of-memory server cannot
 * answer anyone anyway, and callers stay free of error paths for it.
 */
#ifndef AICERT_ARENA_H
#define AICERT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new empty arena. Free with arena_free(). */
struct arena *arena_new(void);

/* Frees every block of the arena; arena_free(NULL) is a no-op. */
void arena_free(struct arena *a);

/* Zeroed memory of n bytes, aligned for any type; owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);

/* Grows an arena array of old_n elements of size sz (old NULL or made by
 * arena_grow) to room for new_n: returns old itself while it has room,
 * else a copy with room for the next power of two (at least 4). So growing
 * by one element at a time costs linear time and memory. Memory past
 * old_n that the caller never wrote is zero. */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t sz);

/* NUL-terminated copies owned by the arena. arena_strdup(a, NULL) is NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
