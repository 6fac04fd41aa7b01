/*
 * competency_int.h - what competency_store.c and competency_lint.c share:
 * one framework version's tree in memory, and its question counts.
 * Walking the tree here, not in a recursive SQL query, keeps a deep tree
 * (a chain of 2000 codes) as cheap as a shallow one.
 */
#ifndef AICERT_COMPETENCY_INT_H
#define AICERT_COMPETENCY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "store.h"

/* One framework version's competencies, in the file's order. */
struct comp_tree {
	size_t n;
	char **code, **parent;	/* parent NULL at the top */
	long *up;		/* the parent's index, or -1 */
	long *sorted;		/* the indices by code, for comp_tree_find */
	long long (*items)[2];	/* after comp_tree_count: [0] en, [1] zh-TW */
};

/* Loads version of framework fw into *t from a (counts zero). 0, or -1
 * when the version has no competencies or the store fails. */
int comp_tree_load(struct db *d, struct arena *a, const char *fw, const char *version,
    struct comp_tree *t);

/* The index of code in t, or -1. */
long comp_tree_find(const struct comp_tree *t, const char *code);

/* Fills t->items: per competency and language, the questions (items, not
 * retired) of the banks' latest versions tagged with its code or a code
 * beneath it, each counted once; only bank (NULL: every bank), and only
 * the banks viewer's exams may draw from (0: every bank). 0 or -1. */
int comp_tree_count(struct db *d, struct comp_tree *t, const char *fw, const char *version,
    const char *bank, int64_t viewer);

/* The current version of framework fw, from a; NULL if none. */
char *comp_current_version(struct db *d, struct arena *a, const char *fw);

#endif
