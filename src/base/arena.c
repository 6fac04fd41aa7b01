/*
 * arena.c - bump allocator in chained blocks; see arena.h.
 */
#include "arena.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;
};

/*
 * One standard block kept per thread between arenas: every request
 * makes an arena and frees it, and a fresh 8 KB malloc each time made
 * glibc sweep its fast bins (malloc_consolidate) on every request.
 * Freed at thread exit.
 */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void
spare_init(void)
{
	pthread_key_create(&spare_key, free);
}

/* This thread's spare block, taken; NULL if it has none. */
static struct block *
spare_take(void)
{
	struct block *b;

	pthread_once(&spare_once, spare_init);
	if ((b = pthread_getspecific(spare_key)) != NULL)
		pthread_setspecific(spare_key, NULL);
	return b;
}

/* Keeps b as this thread's spare if it is standard and there is none;
 * else frees it. */
static void
spare_give(struct block *b)
{
	pthread_once(&spare_once, spare_init);
	if (b->size == ARENA_BLOCK && pthread_getspecific(spare_key) == NULL &&
	    pthread_setspecific(spare_key, b) == 0)
		return;
	free(b);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fputs("aicert: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);

	a->head = NULL;
	return a;
}

void
arena_free(struct arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		spare_give(b);
	}
	free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need == 0)
		need = ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		if (size != ARENA_BLOCK || (b = spare_take()) == NULL)
			b = xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		/* A big one-off block goes behind the head so the head's free
		 * space stays usable for the small allocations that follow. */
		if (need > ARENA_BLOCK && a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

/* The room an array of n elements grown by arena_grow has: 0, then 4,
 * then the next power of two. */
static size_t
room(size_t n)
{
	size_t c = 4;

	if (n == 0)
		return 0;
	while (c < n)
		c *= 2;
	return c;
}

void *
arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t sz)
{
	void *p;

	/* Growing one element at a time must stay linear: the array already
	 * has room for up to room(old_n) elements. */
	if (old != NULL && new_n <= room(old_n))
		return old;
	p = arena_alloc(a, room(new_n) * sz);
	if (old != NULL && old_n > 0)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * sz);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
