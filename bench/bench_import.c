/*
 * bench_import.c - importing a 20,000-question GIFT bank (goal: < 2 s).
 *
 * Generates a bank of every auto-graded type, then times reading
 * (decode, parse, lint, checks) and committing it into a fresh database.
 * Beside it, the machine's own floor for the same work: reading the file
 * and writing the same number of rows of the same size into SQLite in one
 * transaction, with nothing parsed. Prints the ratio of each.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "bank_import.h"
#include "bank_store.h"
#include "buf.h"
#include "store.h"

#define N 20000


static void
generate(struct buf *b)
{
	for (int i = 0; i < N; i++) {
		if (i % 500 == 0)
			buf_printf(b, "$CATEGORY: bench/topic-%d\n\n", i / 500);
		buf_printf(b, "// [id:bench-%05d] [tag:%s]\n", i,
		    i % 3 == 0 ? "easy" : i % 3 == 1 ? "medium" : "hard");
		switch (i % 6) {
		case 0: case 1: case 2:
			buf_printf(b, "::Item %d::A clerk pastes customer data number %d "
			    "into a public chatbot. What should happen first?{\n"
			    "\t=Remove the personal data#Right: the law applies.\n"
			    "\t~Paste it as it is#No: that discloses it.\n"
			    "\t~Ask the chatbot#No: it cannot decide that.\n"
			    "\t~Email it instead#No: same problem.\n"
			    "####Personal data needs a lawful basis.}\n\n", i, i);
			break;
		case 3:
			buf_printf(b, "::TF %d::A model's output %d can be wrong even when "
			    "fluent.{TRUE#Think again.#Yes.####Fluency is not truth.}\n\n", i, i);
			break;
		case 4:
			buf_printf(b, "::Num %d::How many options does item %d offer?"
			    "{#4:0 =%%50%%3:0}\n\n", i, i);
			break;
		default:
			buf_printf(b, "::Match %d::Match the terms of set %d.{\n"
			    "\t=Training -> learning from data\n"
			    "\t=Inference -> using the model\n"
			    "\t=Overfitting -> memorising noise\n}\n\n", i, i);
		}
	}
}

int
main(void)
{
	struct buf b = BUF_INIT;
	struct arena *a = arena_new();
	struct bank_import im;
	char dir[] = "/tmp/aicert-bench-XXXXXX", path[128], *err = NULL;
	struct store *s;
	double t0, t_read, t_commit, t_floor;
	sqlite3 *db;
	sqlite3_stmt *st;

	generate(&b);
	if (mkdtemp(dir) == NULL)
		return 1;
	t0 = bench_now();
	bank_import_init(&im, a, "bench");
	bank_import_read(&im, "bench.en.gift", b.data, b.len, NULL);
	if (bank_import_check(&im) != 0) {
		fprintf(stderr, "bench bank has errors: %s\n",
		    im.files[0].qb.nerr ? im.files[0].qb.err[0].message : "?");
		return 1;
	}
	t_read = bench_now() - t0;
	snprintf(path, sizeof path, "%s/bench.db", dir);
	if ((s = store_open(path, &err)) == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t0 = bench_now();
	if (bank_commit(s, &im, 0) != 0) {
		fputs("commit failed\n", stderr);
		return 1;
	}
	t_commit = bench_now() - t0;
	store_close(s);

	/* The floor: the same rows, unparsed, in one transaction. */
	snprintf(path, sizeof path, "%s/floor.db", dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "CREATE TABLE t(k TEXT UNIQUE, v TEXT)", NULL, NULL, NULL);
	t0 = bench_now();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?)", -1, &st, NULL);
	for (int i = 0; i < N; i++) {
		char k[32];

		snprintf(k, sizeof k, "bench-%05d", i);
		sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, b.data + (size_t)i * (b.len / N), (int)(b.len / N),
		    SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t_floor = bench_now() - t0;
	sqlite3_close(db);

	printf("import of %d questions (%.1f MB GIFT): read+check %.3f s, commit %.3f s, "
	    "total %.3f s = %.2f of the 2 s goal (%s)\n", N, (double)b.len / 1e6, t_read,
	    t_commit, t_read + t_commit, (t_read + t_commit) / 2.0,
	    t_read + t_commit < 2.0 ? "met" : "NOT met");
	printf("machine floor (same rows unparsed, one SQLite transaction): %.3f s; "
	    "import costs %.1fx the floor\n", t_floor, (t_read + t_commit) / t_floor);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	if (system(path) != 0)
		perror("rm");
	buf_free(&b);
	arena_free(a);
	return 0;
}
