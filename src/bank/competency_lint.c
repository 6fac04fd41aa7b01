/*
 * competency_lint.c - what the store knows about an import's competency
 * tags: codes no framework has, and competencies of the frameworks an
 * import uses that have too few questions to draw from. Warnings only,
 * never a refusal; see competency.h. Reads on the calling thread's
 * connection.
 */
#include "competency.h"

#include <string.h>

#include "bank_import.h"
#include "competency_int.h"

/* Adds s to the list (*n entries, from a) unless it is there. */
static const char **
add_once(struct arena *a, const char **list, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i], s) == 0)
			return list;
	list = arena_grow(a, list, *n, *n + 1, sizeof *list);
	list[(*n)++] = s;
	return list;
}

void
competency_lint(struct store *s, struct bank_import *im, int committed)
{
	static const char fw_sql[] = "SELECT framework_id FROM competency_current WHERE code = ?1";
	struct db *d = store_db(s);
	const char **fws = NULL, **langs = NULL;
	size_t nfw = 0, nlang = 0;

	for (size_t i = 0; i < im->nfiles; i++) {
		struct bank_file *f = &im->files[i];

		for (size_t j = 0; j < f->qb.n; j++) {
			const struct question *q = &f->qb.q[j];

			if (q->lang != NULL)
				langs = add_once(im->arena, langs, &nlang, q->lang);
			for (size_t k = 0; k < q->ntags; k++) {
				const char *code = competency_of_tag(q->tags[k]);
				char *fw;

				if (code == NULL)
					continue;	/* bank_lint's, when it is a comp: tag */
				fw = db_one_text(im->arena, db_stmt_text(d, fw_sql, code));
				if (fw != NULL) {
					fws = add_once(im->arena, fws, &nfw, fw);
					continue;
				}
				q_bank_msg(&f->warn, q->line, "lint_comp_unknown", "code", code, NULL);
				im->nwarnings++;
			}
		}
	}
	if (!committed || im->bank == NULL || im->nfiles == 0)
		return;
	for (size_t i = 0; i < nfw; i++) {
		char *v = comp_current_version(d, im->arena, fws[i]);
		struct comp_tree t;

		if (v == NULL || comp_tree_load(d, im->arena, fws[i], v, &t) != 0 ||
		    comp_tree_count(d, &t, fws[i], v, im->bank, 0) != 0)
			continue;
		for (size_t l = 0; l < nlang; l++) {
			int zh = strcmp(langs[l], "zh-TW") == 0;

			if (!zh && strcmp(langs[l], "en") != 0)
				continue;	/* counted only in the two languages */
			for (size_t k = 0; k < t.n; k++) {
				if (t.items[k][zh] >= COMPETENCY_FEW)
					continue;
				q_bank_msg(&im->files[0].warn, 0, "lint_comp_few", "code", t.code[k],
				    "have", arena_printf(im->arena, "%lld", t.items[k][zh]), "lang",
				    langs[l], "need", arena_printf(im->arena, "%d", COMPETENCY_FEW), NULL);
				im->nwarnings++;
			}
		}
	}
}
