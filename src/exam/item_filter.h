/*
 * item_filter.h - one page of an exam's item statistics: the items of
 * results_item_stats narrowed by competency (a code and its descendants),
 * section and flag, sorted by a figure, 50 to a page. The console's item
 * statistics page and GET /api/v1/exams/{exam}/item-stats share it.
 */
#ifndef AICERT_ITEM_FILTER_H
#define AICERT_ITEM_FILTER_H

#include <jansson.h>

#include "store.h"

#define ITEM_FILTER_PER_PAGE 50
#define ITEM_FILTER_PER_PAGE_MAX 500

enum item_sort {
	ITEM_SORT_ORDER,	/* as results_item_stats gives them */
	ITEM_SORT_FACILITY,	/* difficulty p */
	ITEM_SORT_DISCRIMINATION,
	ITEM_SORT_EFFICIENCY,
	ITEM_SORT_N,
	ITEM_SORT_FLAGS,	/* how many flags */
};

struct item_filter {
	const char *competency;	/* a code: items carrying it or a
				 * descendant's; NULL any */
	int section;		/* 1-based; 0 any */
	const char *flag;	/* a flag name (stats.h's, as the JSON names
				 * them), "any" (at least one), "none"; NULL
				 * any */
	enum item_sort sort;
	int desc;
	int page;		/* 1-based; 0: every matching item */
	int per_page;
};

/* The sort named name ("order", "facility", "discrimination",
 * "efficiency", "n", "flags") into *out: 0, or -1 when unknown. */
int item_filter_sort_of(const char *name, enum item_sort *out);

/* 1 when name is a flag item statistics raise, "any" or "none". */
int item_filter_flag_valid(const char *name);

/* Narrows stats (results_item_stats's, changed in place) to f: its
 * "items" become the matching ones, sorted (undefined figures last in
 * either direction, ties in the given order), on f->page; adds
 * "matched" (items after the filters), "page", "pages" and "per_page"
 * (0 and 1 page when f->page is 0). A page past the last is empty. */
void item_filter_apply(struct store *s, json_t *stats, const struct item_filter *f);

/* The competencies of the frameworks (newest versions) that name a code
 * of used (an object whose keys are codes), in framework order, each
 * with those beneath it after it: [{"code","title":{"en","zh-TW"},
 * "depth"}]. A new reference. */
json_t *item_filter_competencies(struct store *s, const json_t *used);

#endif
