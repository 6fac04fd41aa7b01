/*
 * assemble.h - building one learner's form from an exam's blueprint.
 *
 * Pure C: the caller lists the candidates of each section (from the
 * store) and gets back which to show. Least-used items come first, ties
 * are broken at random, so a cohort spreads over the bank and no two
 * neighbours need see the same form. An item is never drawn twice, even
 * when sections overlap (a and a/b).
 */
#ifndef AICERT_ASSEMBLE_H
#define AICERT_ASSEMBLE_H

#include <stddef.h>
#include <stdint.h>

struct candidate {
	int64_t item_version_id;
	int64_t item_id;
	int difficulty;		/* 0 unknown, 1 easy, 2 medium, 3 hard */
	int uses;		/* times drawn before */
};

/* Uniform random integer in [0, upper); must be thread-safe. */
typedef uint32_t (*assemble_rand)(uint32_t upper);

/* Picks count candidates (mix[1..3]: how many of each difficulty, all 0 =
 * any) into out[0..count), skipping item ids already in taken[0..*ntaken)
 * and adding the picked ones to it (taken has room for every item of the
 * exam). cands is reordered. Returns 0, or -1 if there are not enough. */
int assemble_section(struct candidate *cands, size_t n, int count,
    const int mix[4], int64_t *taken, size_t *ntaken, struct candidate *out,
    assemble_rand rnd);

/* Fills perm[0..n) with a random permutation of 0..n-1 (Fisher-Yates). */
void assemble_shuffle(int *perm, size_t n, assemble_rand rnd);

#endif
