/*
 * test_competency_content.c - the bundled competency framework and the
 * codes the bundled questions carry: what a fresh install reports
 * results in. The framework file (questions/frameworks/ai-literacy.json,
 * read here with jansson alone) has the bank's seven areas in its
 * category order, each broken into competencies with titles in both
 * languages; every bundled question names at least one of them as
 * [tag:comp:CODE], the same codes in English and in zh-TW; every
 * competency has enough questions per language in ai-literacy to draw
 * and to score; and after `aicert init` the store has indexed each
 * question version's codes (item_competencies) and its GIFT export
 * gives them back; docs/competencies.md shows the framework as it is.
 * Runs from the repository root, as the runner does.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bank_gift.h"
#include "competency.h"
#include "question.h"
#include "test.h"
#include "testsrv.h"

#define FRAMEWORK "questions/frameworks/ai-literacy.json"
#define MAX_COMP 64
#define MIN_ITEMS 4	/* per competency and language in ai-literacy */

/* The bank's categories, in order: area AIL.n is the n-th. */
static const char *const areas[] = {
	"concepts", "ml-data", "generative-ai", "ai-at-work", "data-governance",
	"responsible-ai", "applications",
};
#define NAREAS (sizeof areas / sizeof *areas)

struct comp {
	char code[COMPETENCY_CODE_MAX + 1];
	char parent[COMPETENCY_CODE_MAX + 1];
	int leaf;
	int items[2];		/* ai-literacy questions naming it (an area: the
				 * questions beneath it, once each): en, zh-TW */
	int practice;		/* ai-practice questions naming it (en) */
	char row[1024];		/* its row in docs/competencies.md */
};

static struct comp comps[MAX_COMP];
static size_t ncomp;

static struct comp *
comp_find(const char *code)
{
	for (size_t i = 0; i < ncomp; i++)
		if (strcmp(comps[i].code, code) == 0)
			return &comps[i];
	return NULL;
}

/* 1 when s holds an ASCII punctuation mark (the zh-TW titles use the
 * full-width ones). */
static int
ascii_punct(const char *s)
{
	return strpbrk(s, ",.;:!?()[]\"'") != NULL;
}

/* A title object with both languages, non-empty; what for messages. */
static void
check_title(const json_t *t, const char *what)
{
	const char *en = json_string_value(json_object_get(t, "en"));
	const char *zh = json_string_value(json_object_get(t, "zh-TW"));

	CHECK(json_is_object(t) && json_object_size(t) == 2 && en && *en && zh && *zh,
	    "%s has a title in English and in zh-TW, nothing else", what);
	CHECK(zh == NULL || (!ascii_punct(zh) && !strstr(zh, "， ") && !strstr(zh, "、 ") &&
	    !strstr(zh, "： ") && !strstr(zh, "。 ")),
	    "%s: the zh-TW title uses full-width punctuation, no space after it: %s",
	    what, zh ? zh : "");
	CHECK(zh == NULL || strcmp(zh, en ? en : "") != 0,
	    "%s: the zh-TW title is translated: %s", what, zh ? zh : "");
}

/* Reads the framework into comps; checks its shape. */
static void
framework(void)
{
	json_error_t jerr;
	json_t *f = json_load_file(FRAMEWORK, 0, &jerr), *list, *c;
	size_t i, area = 0, sub = 0;

	CHECK(f != NULL, "%s is JSON: %s (line %d)", FRAMEWORK, jerr.text, jerr.line);
	if (f == NULL)
		return;
	CHECK_STR(testsrv_jstr(f, "id"), "ai-literacy", "the bundled framework's id");
	CHECK(*testsrv_jstr(f, "version") != '\0', "the framework has a version");
	check_title(json_object_get(f, "title"), "the framework");
	CHECK(json_object_size(f) == 4, "the framework has id, title, version and "
	    "competencies, no other field (%zu fields)", json_object_size(f));
	list = json_object_get(f, "competencies");
	CHECK(json_is_array(list) && json_array_size(list) <= MAX_COMP,
	    "the framework lists its competencies");
	json_array_foreach(list, i, c) {
		const char *code = testsrv_jstr(c, "code");
		const char *parent = testsrv_jstr(c, "parent");
		char want[32], what[96];
		struct comp *p;

		snprintf(what, sizeof what, "competency %s", code);
		CHECK(competency_code_valid(code), "%s: a valid code", what);
		CHECK(comp_find(code) == NULL, "%s is listed once", what);
		check_title(json_object_get(c, "title"), what);
		if (*parent == '\0') {
			/* an area: AIL.1 .. AIL.7, in the bank's order */
			snprintf(want, sizeof want, "AIL.%zu", ++area);
			sub = 0;
			CHECK_STR(code, want, "the next area");
			CHECK(json_object_size(c) == 2, "area %s has a code and a title only",
			    code);
		} else {
			snprintf(want, sizeof want, "AIL.%zu.%zu", area, ++sub);
			CHECK_STR(code, want, "the next competency of its area");
			snprintf(want, sizeof want, "AIL.%zu", area);
			CHECK_STR(parent, want, "its parent, the area before it");
			p = comp_find(parent);
			if (p != NULL)
				p->leaf = 0;
			CHECK(json_object_size(c) == 3, "%s has a code, a parent and a "
			    "title only", what);
		}
		if (ncomp < MAX_COMP && strlen(code) <= COMPETENCY_CODE_MAX &&
		    strlen(parent) <= COMPETENCY_CODE_MAX) {
			snprintf(comps[ncomp].code, sizeof comps[ncomp].code, "%s", code);
			snprintf(comps[ncomp].parent, sizeof comps[ncomp].parent, "%s", parent);
			snprintf(comps[ncomp].row, sizeof comps[ncomp].row,
			    *parent ? "| %s | %s | %s | " : "| **%s** | **%s** | **%s** | ",
			    code, testsrv_jstr(json_object_get(c, "title"), "en"),
			    testsrv_jstr(json_object_get(c, "title"), "zh-TW"));
			comps[ncomp++].leaf = 1;
		}
	}
	CHECK(area == NAREAS, "the framework has the bank's %zu areas (%zu)", NAREAS, area);
	CHECK(ncomp - area >= 21 && ncomp - area <= 4 * NAREAS,
	    "each area is broken into 3-4 competencies (%zu in all)", ncomp - area);
	for (i = 0; i < ncomp; i++)
		CHECK(*comps[i].parent != '\0' || !comps[i].leaf,
		    "area %s has competencies beneath it", comps[i].code);
	json_decref(f);
}

/* The questions of questions/BANK.LANG.gift, parsed into b (from a). */
static int
parse(struct q_bank *b, struct arena *a, const char *bank, const char *lang)
{
	char path[128];
	size_t len;
	char *data;
	int rc;

	snprintf(path, sizeof path, "questions/%s.%s.gift", bank, lang);
	q_bank_init(b, a, path);
	if ((data = test_read_file(path, &len)) == NULL) {
		CHECK(0, "%s can be read", path);
		return -1;
	}
	rc = bank_gift_parse(b, data, len);
	free(data);
	CHECK(rc == 0 && b->n > 0, "%s parses without errors (%zu questions)", path, b->n);
	return rc;
}

/* The comp: codes of q, sorted and joined with spaces, into out. */
static void
codes_of(const struct question *q, char *out, size_t outlen)
{
	const char *c[16];
	size_t n = 0, used = 0;

	for (size_t i = 0; i < q->ntags && n < 16; i++)
		if ((c[n] = competency_of_tag(q->tags[i])) != NULL)
			n++;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(c[j - 1], c[j]) > 0; j--) {
			const char *t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%s", i ? " " : "", c[i]);
}

/* The area code a question's category names ("ai-literacy/ml-data" ->
 * "AIL.2"), into out; "" if none. */
static void
area_of(const struct question *q, char *out, size_t outlen)
{
	const char *slash = q->category ? strchr(q->category, '/') : NULL;

	out[0] = '\0';
	for (size_t i = 0; slash != NULL && i < NAREAS; i++)
		if (strcmp(slash + 1, areas[i]) == 0)
			snprintf(out, outlen, "AIL.%zu", i + 1);
}

/* Every question of bank tagged, with codes of the framework, its first
 * code in its category's area, the same codes in both languages; counts
 * the ai-literacy ones per competency. The expected index rows (id, lang,
 * code) are appended to rows. */
static void
bank_codes(const char *bank, json_t *rows)
{
	static const char *const langs[2] = { "en", "zh-TW" };
	struct arena *a = arena_new();
	struct q_bank b[2];
	int counted = strcmp(bank, "ai-literacy") == 0;

	if (parse(&b[0], a, bank, "en") != 0 || parse(&b[1], a, bank, "zh-TW") != 0) {
		arena_free(a);
		return;
	}
	CHECK(b[0].n == b[1].n, "%s: as many questions in zh-TW as in English (%zu, %zu)",
	    bank, b[1].n, b[0].n);
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < b[l].n; i++) {
			const struct question *q = &b[l].q[i], *other = NULL;
			char codes[256], theirs[256], area[16];
			const char *id = q->id ? q->id : "(no id)";
			size_t ncodes = 0;
			struct comp *seen[16];
			size_t nseen = 0;

			codes_of(q, codes, sizeof codes);
			area_of(q, area, sizeof area);
			CHECK(*codes != '\0', "%s.%s %s names at least one competency "
			    "([tag:comp:CODE])", bank, langs[l], id);
			for (size_t t = 0; t < q->ntags; t++) {
				const char *code = competency_of_tag(q->tags[t]);
				struct comp *c = code ? comp_find(code) : NULL, *up;

				if (code == NULL)
					continue;
				CHECK(c != NULL && c->leaf, "%s.%s %s: %s is a competency "
				    "of the framework, below an area", bank, langs[l], id, code);
				CHECK(ncodes > 0 || (c != NULL && strcmp(c->parent, area) == 0),
				    "%s.%s %s: its first code %s is in its category's area %s",
				    bank, langs[l], id, code, area);
				if (c != NULL && counted)
					c->items[l]++;
				else if (c != NULL && l == 0)
					c->practice++;
				if (c != NULL && q->id != NULL)
					json_array_append_new(rows, json_pack("[sss]", q->id,
					    langs[l], code));
				/* its area, once per question */
				if (c != NULL && (up = comp_find(c->parent)) != NULL) {
					size_t k = 0;

					while (k < nseen && seen[k] != up)
						k++;
					if (k == nseen && nseen < 16) {
						seen[nseen++] = up;
						if (counted)
							up->items[l]++;
						else if (l == 0)
							up->practice++;
					}
				}
				ncodes++;
			}
			for (size_t j = 0; q->id != NULL && j < b[!l].n && other == NULL; j++)
				if (b[!l].q[j].id != NULL && strcmp(b[!l].q[j].id, q->id) == 0)
					other = &b[!l].q[j];
			CHECK(q->id != NULL && other != NULL, "%s.%s %s is in the %s file too",
			    bank, langs[l], id, langs[!l]);
			if (other == NULL || l == 1)
				continue;
			codes_of(other, theirs, sizeof theirs);
			CHECK(strcmp(codes, theirs) == 0, "%s %s carries the same codes in "
			    "English and zh-TW (%s; %s)", bank, id, codes, theirs);
		}
	arena_free(a);
}

/* docs/competencies.md lists every competency of the bundled framework
 * with its titles and its questions per language, as they are. */
static void
documented(void)
{
	char *doc = test_read_file("docs/competencies.md", NULL);

	CHECK(doc != NULL, "docs/competencies.md can be read");
	for (size_t i = 0; doc != NULL && i < ncomp; i++) {
		char want[1100];

		snprintf(want, sizeof want, "%s%d | %d |\n", comps[i].row, comps[i].items[0],
		    comps[i].practice);
		CHECK(strstr(doc, want) != NULL, "docs/competencies.md shows %s as it is: %s",
		    comps[i].code, want);
	}
	free(doc);
}

/* `aicert export bank ai-literacy` in GIFT, per language, gives back
 * every code the files name: a trainer's copy keeps the codes. */
static void
exported(const struct testsrv *srv, const json_t *rows)
{
	static const char *const langs[2] = { "en", "zh-TW" };
	size_t outlen = 4 << 20;
	char *out = malloc(outlen);

	for (int l = 0; out != NULL && l < 2; l++) {
		size_t want = 0, got = 0, i;
		const char *p;
		json_t *row;
		int rc;

		json_array_foreach(rows, i, row)
			if (strncmp(json_string_value(json_array_get(row, 0)), "AIL-", 4) == 0 &&
			    strcmp(json_string_value(json_array_get(row, 1)), langs[l]) == 0)
				want++;
		rc = testsrv_cli(srv, NULL, out, outlen, "export", "bank", "ai-literacy",
		    "--format", "gift", "--lang", langs[l], NULL);
		for (p = out; (p = strstr(p, "[tag:comp:AIL.")) != NULL; p++)
			got++;
		CHECK(rc == 0 && got == want && strstr(out, "[id:AIL-APP-023]") &&
		    strstr(out, "[tag:comp:AIL.7.1] [tag:comp:AIL.7.2] [tag:comp:AIL.7.4]"),
		    "the %s GIFT export of ai-literacy keeps every comp: tag (%zu of %zu)",
		    langs[l], got, want);
	}
	free(out);
}

/* After `aicert init`, the store holds each bundled question version's
 * codes: exactly the rows the files name. */
static void
indexed(const json_t *rows)
{
	struct testsrv srv;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char out[8192];
	size_t i, found = 0;
	long long total;
	json_t *row;
	int rc;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	rc = testsrv_cli(&srv, NULL, out, sizeof out, "init", NULL);
	CHECK(rc == 0 && strstr(out, "loaded bundled bank ai-literacy"),
	    "aicert init loads the bundled banks (%d): %s", rc, out);
	if (rc != 0)
		return;
	if (sqlite3_open_v2(srv.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM item_competencies ic "
	    "JOIN item_versions iv ON iv.id = ic.item_version_id "
	    "JOIN items i ON i.id = iv.item_id JOIN banks b ON b.id = i.bank_id "
	    "WHERE b.name IN ('ai-literacy', 'ai-practice') AND i.key = ?1 "
	    "AND iv.lang = ?2 AND ic.code = ?3", -1, &st, NULL) != SQLITE_OK) {
		CHECK(0, "read the store: %s", db ? sqlite3_errmsg(db) : "no database");
		sqlite3_close(db);
		return;
	}
	json_array_foreach(rows, i, row) {
		const char *id = json_string_value(json_array_get(row, 0));
		const char *lang = json_string_value(json_array_get(row, 1));
		const char *code = json_string_value(json_array_get(row, 2));
		int one;

		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
		one = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
		sqlite3_reset(st);
		if (one)
			found++;
		else
			CHECK(0, "after init, %s (%s) is indexed under %s", id, lang, code);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	CHECK(found == json_array_size(rows) && found > 400,
	    "after init, every code of every bundled question is indexed (%zu of %zu)",
	    found, json_array_size(rows));
	total = testsrv_db_int(&srv, "SELECT count(*) FROM item_competencies", NULL);
	CHECK(total == (long long)json_array_size(rows),
	    "and nothing else is (%lld rows)", total);
	total = testsrv_db_int(&srv, "SELECT count(*) FROM item_versions iv WHERE NOT "
	    "EXISTS (SELECT 1 FROM item_competencies ic WHERE ic.item_version_id = iv.id)",
	    NULL);
	CHECK(total == 0, "no bundled question version is left without a competency "
	    "(%lld)", total);
	exported(&srv, rows);
}

void
test_competency_content(void)
{
	json_t *rows = json_array();

	framework();
	bank_codes("ai-literacy", rows);
	bank_codes("ai-practice", rows);
	for (size_t i = 0; i < ncomp; i++) {
		if (!comps[i].leaf)
			continue;
		CHECK(comps[i].items[0] >= MIN_ITEMS && comps[i].items[1] >= MIN_ITEMS,
		    "%s has at least %d ai-literacy questions in each language, to draw "
		    "and to score (en %d, zh-TW %d)", comps[i].code, MIN_ITEMS,
		    comps[i].items[0], comps[i].items[1]);
	}
	documented();
	indexed(rows);
	json_decref(rows);
}
