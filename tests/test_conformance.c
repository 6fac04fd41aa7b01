/*
 * test_conformance.c - every bank file under ../shared/conformance read
 * as `aicert import` reads it (bank_import: the format told by name and
 * content, the whole check), compared with Moodle's reading of it:
 *
 * - real-banks/EXPECT.tsv: the number of questions Moodle imports from
 *   each file, "none" where Moodle refuses it (so must aicert);
 * - a Moodle XML file: the types and number of its own <question type=..>
 *   elements and the fractions its answers state, read here apart with
 *   libxml2; a type aicert refuses by design (calculated, drag and drop,
 *   random...) must be refused by name at a line;
 * - moodle/: the counts Moodle's own tests expect of its fixtures, each
 *   named below by the test it comes from;
 * - a file nothing states an expectation for must import some questions
 *   or be refused with errors that name their line: never a crash, never
 *   0 questions read in silence.
 *
 * Not banks, skipped by name: ob3/ (Open Badges schemas), README*,
 * LICENSE, SOURCES.txt and EXPECT.tsv; and gift-peg/, whose NAME.gift and
 * NAME.json pairs test_gift.c (gift_peg) already compares question by
 * question. The group skips when ../shared is absent (test_conformance_dir).
 */
#include "test.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "bank_import.h"
#include "question.h"

/* What Moodle's own tests expect of its fixtures under moodle/. */
static const struct {
	const char *path;
	int count;		/* -1: Moodle refuses the file */
	const char *source;
} moodle_expect[] = {
	/* question/format/gift/tests/behat, importing this fixture:
	 * "Importing 9 questions from file" (giftformat_test.php checks
	 * the same questions one by one; test_gift.c does too). */
	{ "moodle/gift/questions.gift.txt", 9, "gift behat import" },
	/* the same behat scenario for it: "Importing 4 questions". */
	{ "moodle/gift/questions_in_category.gift.txt", 4, "gift behat import" },
	/* question/format/gift/examples.txt has no count in Moodle's tests;
	 * format.php reads its 43 blank-line separated questions. */
	{ "moodle/gift/examples.txt", 43, "gift format.php" },
	/* question/format/aiken/tests/aikenformat_test.php
	 * test_readquestions: errors on lines 3, 5, 7 and 18, so the import
	 * stops (qformat_default::importprocess refuses a file with
	 * errors). */
	{ "moodle/aiken/aiken_errors.txt", -1, "aikenformat_test.php" },
	/* question/format/aiken/tests/behat, "import some Aiken
	 * questions": "Importing 2 questions from file". */
	{ "moodle/aiken/questions.aiken.txt", 2, "aiken behat import" },
	/* question/format/xml/tests/qformat_xml_import_export_test.php
	 * test_import_nested_categories: Delta, Epsilon in it, Zeta in
	 * that, and the one question (Zeta Question) filed in Zeta. */
	{ "moodle/xml/nested_categories.xml", 1, "xml import/export test" },
};

/* Moodle types aicert refuses by name (docs/banks.md). */
static const char *const refused_types[] = {
	"calculated", "calculatedsimple", "calculatedmulti", "ddwtos",
	"ddimageortext", "ddmarker", "randomsamatch", "random", NULL
};

/* One <question> of a Moodle XML file, as the file states it. */
struct xq {
	char type[32];
	size_t nans;
	double frac[64];	/* percent / 100, of answers with text */
	int tf_true;		/* truefalse: 1 if "true" is the one at 100% */
};

static int
listed(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The trimmed text of the <text> child of n; "" if none. From a. */
static char *
child_text(struct arena *a, xmlNode *n)
{
	for (xmlNode *c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "text") == 0) {
			xmlChar *t = xmlNodeGetContent(c);
			char *s = arena_strdup(a, t ? (const char *)t : "");
			size_t k = strlen(s);

			xmlFree(t);
			while (k > 0 && strchr(" \t\r\n", s[k - 1]))
				s[--k] = '\0';
			return s + strspn(s, " \t\r\n");
		}
	return "";
}

/* The questions of a Moodle XML file, read apart from bank_xml.c: up to
 * max into out; -1 if libxml2 cannot read the file. */
static long
xml_questions(struct arena *a, const char *data, size_t len, struct xq *out,
    size_t max)
{
	xmlDoc *doc = xmlReadMemory(data, (int)len, "conformance.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNode *root;
	long n = 0;

	if (doc == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	for (xmlNode *q = root ? root->children : NULL; q != NULL; q = q->next) {
		xmlChar *type;
		struct xq *x;

		if (q->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)q->name, "question") != 0)
			continue;
		type = xmlGetProp(q, (const xmlChar *)"type");
		if (type == NULL || strcmp((const char *)type, "category") == 0 ||
		    (size_t)n >= max) {
			xmlFree(type);
			continue;
		}
		x = &out[n++];
		memset(x, 0, sizeof *x);
		/* Moodle writes "matching" and reads its own "match" too. */
		snprintf(x->type, sizeof x->type, "%s",
		    strcmp((const char *)type, "match") == 0 ? "matching" :
		    (const char *)type);
		xmlFree(type);
		for (xmlNode *c = q->children; c != NULL; c = c->next) {
			xmlChar *f;
			double v;
			const char *t;

			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "answer") != 0)
				continue;
			t = child_text(a, c);
			f = xmlGetProp(c, (const xmlChar *)"fraction");
			v = f ? strtod((const char *)f, NULL) / 100 : 0;
			xmlFree(f);
			if (strcmp(x->type, "truefalse") == 0 &&
			    strcmp(t, "true") == 0)
				x->tf_true = fabs(v - 1) < 1e-9;
			if (*t == '\0' || x->nans >= 64)
				continue;	/* Moodle skips blank answers */
			x->frac[x->nans++] = v;
		}
	}
	xmlFreeDoc(doc);
	return n;
}

/* The count EXPECT.tsv gives for name: -1 "none", -2 not listed. */
static int
expect_count(const char *tsv, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = tsv; p != NULL && *p; ) {
		const char *eol = strchr(p, '\n');

		if (strncmp(p, name, n) == 0 && p[n] == '\t')
			return strncmp(p + n + 1, "none", 4) == 0 ? -1 :
			    atoi(p + n + 1);
		p = eol ? eol + 1 : NULL;
	}
	return -2;
}

/* Compares aicert's reading of an XML file (b) with the file's own. */
static void
compare_xml(const char *rel, const struct q_bank *b, const struct xq *x,
    size_t nx)
{
	CHECK(b->n == nx, "%s: %zu questions read, the file has %zu", rel,
	    b->n, nx);
	for (size_t i = 0; i < b->n && i < nx; i++) {
		const struct question *q = &b->q[i];
		int same = 1;

		CHECK(strcmp(q_type_name(q->type), x[i].type) == 0,
		    "%s: question %zu is %s, the file says %s", rel, i + 1,
		    q_type_name(q->type), x[i].type);
		if (q->type == Q_TRUEFALSE) {
			for (size_t k = 0; k < q->nanswers; k++)
				if (strcmp(q->answers[k].text, "true") == 0)
					same = (q->answers[k].fraction == 1) == x[i].tf_true;
		} else if (q->type == Q_MULTICHOICE || q->type == Q_SHORTANSWER ||
		    q->type == Q_NUMERICAL) {
			same = q->nanswers == x[i].nans;
			for (size_t k = 0; same && k < q->nanswers; k++)
				same = fabs(q->answers[k].fraction - x[i].frac[k]) < 1e-9;
		}
		CHECK(same, "%s: question %zu (%s): the answers' fractions differ "
		    "from the file's", rel, i + 1, x[i].type);
	}
}

/* Reads one bank file as `aicert import` does and compares. want is the
 * count Moodle reads (-1 refused, -2 nothing stated). */
static void
check_file(const char *dir, const char *rel, int want, const char *source)
{
	struct arena *a = arena_new();
	struct bank_import im;
	struct xq *x = NULL;
	long nx = -2;
	char path[2048];
	size_t len = 0;
	char *data;
	int ok, xml = strlen(rel) > 4 && strcmp(rel + strlen(rel) - 4, ".xml") == 0;
	const char *unknown = NULL, *refused = NULL;
	const struct q_bank *b;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if ((data = test_read_file(path, &len)) == NULL) {
		CHECK(0, "cannot read %s", path);
		arena_free(a);
		return;
	}
	if (xml) {
		x = calloc(512, sizeof *x);
		nx = x ? xml_questions(a, data, len, x, 512) : -1;
		for (long i = 0; i < nx; i++) {
			if (listed(refused_types, x[i].type))
				refused = x[i].type;
			else if (q_type_parse(x[i].type) < 0)
				unknown = x[i].type;
		}
	}
	if (nx >= 0 && want == -2 && refused == NULL && unknown == NULL) {
		want = (int)nx;	/* Moodle reads every question it has */
		source = "its own <question> elements";
	}
	bank_import_init(&im, a, "conformance");
	bank_import_read(&im, rel, data, len, NULL);
	ok = bank_import_check(&im) == 0;
	b = &im.files[0].qb;
	if (unknown != NULL) {
		SKIP("%s: Moodle type \"%s\" is not one this build reads (it is "
		    "being added apart); its check runs once it is", rel, unknown);
	} else if (refused != NULL) {
		CHECK(!ok && b->nerr > 0 && b->err[0].line > 0 &&
		    strstr(b->err[0].message, refused) != NULL,
		    "%s: type %s refused by name at a line: %s", rel, refused,
		    b->nerr ? b->err[0].message : "no error");
	} else if (want == -1) {
		CHECK(!ok, "%s: Moodle refuses it (%s), and so must aicert", rel,
		    source);
	} else if (want >= 0) {
		CHECK(ok && b->n == (size_t)want, "%s: Moodle reads %d questions "
		    "(%s), aicert %s %zu%s%s", rel, want, source,
		    ok ? "read" : "refused the file after", b->n,
		    b->nerr ? ": " : "", b->nerr ? b->err[0].message : "");
	} else {
		int lines = 1;

		for (size_t i = 0; i < b->nerr; i++)
			lines &= b->err[i].line > 0;
		CHECK((ok && b->n > 0) || (!ok && b->nerr > 0 && lines),
		    "%s (no stated count): imports questions, or is refused with "
		    "errors naming their lines (%zu read, %zu errors)", rel, b->n,
		    b->nerr);
	}
	if (ok)
		CHECK(b->n > 0, "%s: imported, so it has questions", rel);
	if (ok && unknown == NULL && nx >= 0)
		compare_xml(rel, b, x, (size_t)nx);
	if (ok && strcmp(rel, "moodle/xml/nested_categories.xml") == 0 &&
	    b->n == 1)
		CHECK(b->q[0].type == Q_TRUEFALSE && b->q[0].category != NULL &&
		    strcmp(b->q[0].category, "Delta/Epsilon/Zeta") == 0,
		    "nested_categories.xml: the question is filed in "
		    "Delta/Epsilon/Zeta (%s)", b->q[0].category);
	free(x);
	free(data);
	arena_free(a);
}

/* 1 if rel is no bank, so not read: said by name. */
static int
not_a_bank(const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;

	return strncmp(rel, "ob3/", 4) == 0 ||		/* Open Badges schemas */
	    strncmp(rel, "gift-peg/", 9) == 0 ||	/* test_gift.c gift_peg */
	    strncmp(base, "README", 6) == 0 || strcmp(base, "LICENSE") == 0 ||
	    strcmp(base, "SOURCES.txt") == 0 || strcmp(base, "EXPECT.tsv") == 0;
}

/* Every file under dir/sub, depth first, in name order. */
static void
walk(const char *dir, const char *sub, const char *tsv, size_t *files)
{
	char path[2048], rel[1024];
	struct dirent **names;
	int n;

	snprintf(path, sizeof path, "%s%s%s", dir, *sub ? "/" : "", sub);
	if ((n = scandir(path, &names, NULL, alphasort)) < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct stat st;

		snprintf(rel, sizeof rel, "%s%s%s", sub, *sub ? "/" : "", name);
		snprintf(path, sizeof path, "%s/%s", dir, rel);
		if (name[0] == '.' || stat(path, &st) != 0 || not_a_bank(rel)) {
			free(names[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk(dir, rel, tsv, files);
		} else {
			int want = -2;
			const char *source = NULL;

			for (size_t k = 0; k < sizeof moodle_expect /
			    sizeof *moodle_expect; k++)
				if (strcmp(moodle_expect[k].path, rel) == 0) {
					want = moodle_expect[k].count;
					source = moodle_expect[k].source;
				}
			if (strncmp(rel, "real-banks/", 11) == 0) {
				want = expect_count(tsv, rel + 11);
				source = "EXPECT.tsv";
			}
			check_file(dir, rel, want, source);
			(*files)++;
		}
		free(names[i]);
	}
	free(names);
}

void
test_moodle_conformance(void)
{
	const char *dir = test_conformance_dir("conformance: every bank file");
	char path[1024];
	char *tsv;
	size_t files = 0;

	if (dir == NULL)
		return;
	snprintf(path, sizeof path, "%s/real-banks/EXPECT.tsv", dir);
	tsv = test_read_file(path, NULL);
	CHECK(tsv != NULL, "real-banks/EXPECT.tsv is there to compare with");
	walk(dir, "", tsv ? tsv : "", &files);
	CHECK(files >= 50, "every bank file was read (%zu)", files);
	free(tsv);
}
