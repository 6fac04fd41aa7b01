/*
 * assemble.c - least-used-first random draws; see assemble.h.
 */
#include "assemble.h"

#include <stdlib.h>

void
assemble_shuffle(int *perm, size_t n, assemble_rand rnd)
{
	for (size_t i = 0; i < n; i++)
		perm[i] = (int)i;
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd((uint32_t)i);
		int t = perm[i - 1];

		perm[i - 1] = perm[j];
		perm[j] = t;
	}
}

struct keyed {
	struct candidate c;
	uint32_t key;		/* random: breaks ties in uses */
};

static int
by_uses(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;

	if (a->c.uses != b->c.uses)
		return (a->c.uses > b->c.uses) - (a->c.uses < b->c.uses);
	return (a->key > b->key) - (a->key < b->key);
}

static int
is_taken(const int64_t *taken, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (taken[i] == id)
			return 1;
	return 0;
}

/* Puts cands in drawing order: fewest uses first, ties in random order. */
static void
order(struct candidate *cands, size_t n, assemble_rand rnd)
{
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);

	if (k == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		k[i].c = cands[i];
		k[i].key = rnd(UINT32_MAX);
	}
	qsort(k, n, sizeof *k, by_uses);
	for (size_t i = 0; i < n; i++)
		cands[i] = k[i].c;
	free(k);
}

int
assemble_section(struct candidate *cands, size_t n, int count,
    const int mix[4], int64_t *taken, size_t *ntaken, struct candidate *out,
    assemble_rand rnd)
{
	int want[4] = { 0, 0, 0, 0 }, got = 0;
	int any = mix == NULL || (mix[1] == 0 && mix[2] == 0 && mix[3] == 0);

	if (!any)
		for (int d = 1; d <= 3; d++)
			want[d] = mix[d];
	order(cands, n, rnd);
	for (size_t i = 0; i < n && got < count; i++) {
		const struct candidate *c = &cands[i];

		if (is_taken(taken, *ntaken, c->item_id))
			continue;
		if (!any) {
			if (c->difficulty < 1 || c->difficulty > 3 || want[c->difficulty] == 0)
				continue;
			want[c->difficulty]--;
		}
		out[got++] = *c;
		taken[(*ntaken)++] = c->item_id;
	}
	return got == count ? 0 : -1;
}
