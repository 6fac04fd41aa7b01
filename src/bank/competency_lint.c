/*
 * competency_lint.c - what the store knows about an import's competency
 * tags: codes no framework has, and competencies of the frameworks an
 * import uses that have too few questions to draw from. Warnings only,
 * never a refusal; see competency.h. Reads on the calling thread's
 * connection.
 */
#include "competency.h"

#include <sqlite3.h>
#include <string.h>

#include "bank_import.h"

/* Each competency of framework fw (current version, in its order) with
 * the items of bank's latest version in lang carrying it or a code
 * beneath it, not retired. */
static const char few_sql[] =
    "WITH RECURSIVE tree(top, code) AS ("
    "  SELECT code, code FROM competency_current WHERE framework_id = ?1 "
    "  UNION SELECT t.top, c.code FROM tree t JOIN competency_current c "
    "  ON c.framework_id = ?1 AND c.parent = t.code), "
    "cur(id, item_id) AS ("
    "  SELECT iv.id, iv.item_id FROM bank_version_items bvi "
    "  JOIN bank_versions bv ON bv.id = bvi.bank_version_id "
    "  JOIN banks b ON b.id = bv.bank_id "
    "  JOIN item_versions iv ON iv.id = bvi.item_version_id "
    "  WHERE b.name = ?2 AND iv.lang = ?3 "
    "  AND bv.version = (SELECT max(version) FROM bank_versions WHERE bank_id = b.id) "
    "  AND (SELECT retired_at FROM items WHERE id = iv.item_id) IS NULL) "
    "SELECT cc.code, (SELECT count(DISTINCT cur.item_id) FROM tree t "
    "  JOIN item_competencies ic ON ic.code = t.code "
    "  JOIN cur ON cur.id = ic.item_version_id WHERE t.top = cc.code) "
    "FROM competency_current cc WHERE cc.framework_id = ?1 ORDER BY cc.position";

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
	for (size_t i = 0; i < nfw; i++)
		for (size_t l = 0; l < nlang; l++) {
			sqlite3_stmt *st = db_stmt_text(d, few_sql, fws[i]);

			if (st == NULL)
				return;
			sqlite3_bind_text(st, 2, im->bank, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, langs[l], -1, SQLITE_STATIC);
			while (db_row(st)) {
				long long have = sqlite3_column_int64(st, 1);

				if (have >= COMPETENCY_FEW)
					continue;
				q_bank_msg(&im->files[0].warn, 0, "lint_comp_few", "code",
				    (const char *)sqlite3_column_text(st, 0), "have",
				    arena_printf(im->arena, "%lld", have), "lang", langs[l],
				    "need", arena_printf(im->arena, "%d", COMPETENCY_FEW), NULL);
				im->nwarnings++;
			}
			db_end(st);
		}
}
