/*
 * cmd_migrate.c - `aicert migrate-store --from FILE --to URL [--with-key]
 * [--verify-only]`: copies a SQLite store into an empty PostgreSQL
 * database, then proves the copy by counting and hashing every table on
 * both sides.
 *
 * Both stores are opened with store_open, so the file is migrated to the
 * current schema and the database gets the same one. Tables are copied
 * in the order of mig_tables (parents before the rows that reference
 * them), every column by name, in batches of at most BATCH_ROWS rows or
 * BATCH_BYTES bytes, each batch one store_write (one transaction) on the
 * target: memory stays bounded however large the store. Rows are read in
 * primary-key order a page at a time (keyset pages), so neither engine
 * holds a whole table in memory either.
 *
 * The check hashes each table's rows in primary-key order with SHA-256,
 * every value as the store reads it (db_col_type, then the integer, the
 * real as %.17g, or the bytes), on both sides with the same code. Text
 * sorts the same in both: schema_pg.c insists on a C-locale database.
 *
 * The copy must run with no server writing to either store: a write made
 * meanwhile is either missing from the copy or makes the check fail.
 * Exit status: 0 copied and verified, 1 refused or failed (the target
 * not empty, a table the list does not know, a row refused, a table that
 * differs, the key), 2 a usage error.
 *
 * Depends on store.h (db_* calls and db_ids_follow), keys.c (where the
 * signing key lives) and libsodium (SHA-256).
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "keys.h"

#define BATCH_ROWS	1000
#define BATCH_BYTES	(16 << 20)	/* a batch of certificates with their PDFs */
#define FIRST_PAGE	16		/* rows a read asks for before it knows their size */

/*
 * Every table of the schema (schema.c), parents first: a row is copied
 * after the rows its foreign keys name. key is the table's primary key
 * (the copy's and the check's order). seed, for the tables a migration
 * fills (12: the issuer row, 16: the bundled notice), is what those rows
 * look like until someone edits them: a new database holding only such
 * rows still counts as empty, and they are replaced by the file's.
 * A table of either store missing here stops the copy: add it here, in
 * its place, when a migration creates one.
 */
static const struct mig_table {
	const char *name, *key, *seed;
} mig_tables[] = {
	{ "settings", "key", NULL },
	{ "users", "id", NULL },
	{ "sessions", "token_hash", NULL },
	{ "audit", "id", NULL },
	{ "banks", "id", NULL },
	{ "bank_versions", "id", NULL },
	{ "items", "id", NULL },
	{ "item_versions", "id", NULL },
	{ "bank_version_items", "bank_version_id, position", NULL },
	{ "files", "hash", NULL },
	{ "exams", "id", NULL },
	{ "attempts", "id", NULL },
	{ "attempt_items", "attempt_id, position", NULL },
	{ "responses", "attempt_id, position", NULL },
	{ "item_usage", "item_id", NULL },
	{ "integrity_events", "id", NULL },
	{ "signing_keys", "id", NULL },
	{ "certificates", "id", NULL },
	{ "cert_notices", "cert_id, kind", NULL },
	{ "verifications", "id", NULL },
	{ "sittings", "id", NULL },
	{ "sitting_members", "sitting_id, user_id", NULL },
	{ "sitting_proctors", "sitting_id, user_id", NULL },
	{ "access_codes", "code_hash", NULL },
	{ "attempt_incidents", "id", NULL },
	{ "issuer", "id", "id = 1 AND legal_en IS NULL AND legal_zh IS NULL AND "
	  "updated_at IS NULL" },
	{ "issuer_images", "kind", NULL },
	{ "name_requests", "id", NULL },
	{ "notice_versions", "version", "version = 1 AND text_en IS NULL AND "
	  "text_zh IS NULL" },
	{ "consents", "user_id, version", NULL },
	{ "mail_outbox", "id", NULL },
	{ "password_resets", "token_hash", NULL },
	{ "frameworks", "id, version", NULL },
	{ "competencies", "framework_id, version, code", NULL },
	{ "item_competencies", "item_version_id, code", NULL },
	{ "programmes", "id", NULL },
	{ "programme_parts", "programme_id, position", NULL },
};
#define NTABLES (sizeof mig_tables / sizeof *mig_tables)

/* One value as read: its db_col_type and a copy of what it holds. */
struct val {
	int type;
	int64_t i;
	double d;
	unsigned char *p;	/* text or blob bytes (malloc'd) */
	int n;
};

/* A table as both stores have it: the columns to read, key first. */
struct tab {
	const struct mig_table *t;
	int ncols, nkey;
	char *first, *after;	/* a page from the start, a page after ?1..?nkey */
	char *insert;
};

static void
val_read(struct stmt *st, int i, struct val *v)
{
	const void *p;

	memset(v, 0, sizeof *v);
	v->type = db_col_type(st, i);
	switch (v->type) {
	case DB_INTEGER:
		v->i = db_col_int64(st, i);
		break;
	case DB_FLOAT:
		v->d = db_col_double(st, i);
		break;
	case DB_TEXT:
	case DB_BLOB:
		/* the size first: on PostgreSQL it unescapes a blob again, which
		 * would free the bytes an earlier db_col_blob gave */
		v->n = db_col_bytes(st, i);
		p = v->type == DB_TEXT ? (const void *)db_col_text(st, i) : db_col_blob(st, i);
		if ((v->p = malloc((size_t)v->n + 1)) == NULL)
			abort();
		if (v->n > 0)
			memcpy(v->p, p, (size_t)v->n);
		v->p[v->n] = '\0';
		break;
	}
}

static void
val_bind(struct stmt *st, int i, const struct val *v)
{
	switch (v->type) {
	case DB_INTEGER:
		db_bind_int64(st, i, v->i);
		break;
	case DB_FLOAT:
		db_bind_double(st, i, v->d);
		break;
	case DB_TEXT:
		db_bind_textn(st, i, (const char *)v->p, v->n);
		break;
	case DB_BLOB:
		db_bind_blob(st, i, v->p, v->n);
		break;
	default:
		db_bind_null(st, i);
	}
}

static void
val_free(struct val *v)
{
	free(v->p);
	v->p = NULL;
}

/* Feeds v to the hash with its kind, so 1, 1.0 and '1' differ. Text and
 * blobs are both bytes: the column decides which PostgreSQL gives back
 * (bytea or text) where SQLite keeps whichever was bound, and the store
 * reads either as the same bytes. */
static void
val_hash(crypto_hash_sha256_state *h, const struct val *v)
{
	unsigned char head[9];
	char num[40];
	uint64_t len = 0;
	int n;

	switch (v->type) {
	case DB_INTEGER:
		head[0] = 'i';
		n = snprintf(num, sizeof num, "%lld", (long long)v->i);
		break;
	case DB_FLOAT:
		head[0] = 'f';
		n = snprintf(num, sizeof num, "%.17g", v->d);
		break;
	case DB_TEXT:
	case DB_BLOB:
		head[0] = 's';
		n = 0;
		len = (uint64_t)v->n;
		break;
	default:
		head[0] = 'n';
		n = 0;
	}
	if (n > 0)
		len = (uint64_t)n;
	for (int k = 0; k < 8; k++)
		head[1 + k] = (unsigned char)(len >> (56 - 8 * k));
	crypto_hash_sha256_update(h, head, sizeof head);
	if (n > 0)
		crypto_hash_sha256_update(h, (const unsigned char *)num, (size_t)n);
	else if (len > 0)
		crypto_hash_sha256_update(h, v->p, (size_t)len);
}

/* 1 if name is one of the key's columns (the key is "a, b, c"). */
static int
key_has(const char *key, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = key; *p; p += strspn(p, ", ")) {
		size_t w = strcspn(p, ", ");

		if (w == n && strncmp(p, name, n) == 0)
			return 1;
		p += w;
	}
	return 0;
}

static void
tab_free(struct tab *tb)
{
	free(tb->first);
	free(tb->after);
	free(tb->insert);
	memset(tb, 0, sizeof *tb);
}

/*
 * Fills tb for t from the columns the source has, key columns first, and
 * checks that the target has the same ones. 0, or -1 after a message.
 */
static int
tab_init(struct tab *tb, const struct mig_table *t, struct db *src, struct db *dst)
{
	struct buf sql = BUF_INIT, list = BUF_INIT, keyl = BUF_INIT, marks = BUF_INIT;
	struct stmt *st;
	int nsrc = 0, ndst = 0, rc = -1;

	memset(tb, 0, sizeof *tb);
	tb->t = t;
	buf_printf(&sql, "SELECT * FROM \"%s\" LIMIT 0", t->name);
	for (int side = 0; side < 2; side++) {
		if ((st = db_prepare(side ? dst : src, sql.data)) == NULL ||
		    db_step(st) != DB_DONE) {
			fprintf(stderr, "aicert: cannot read the columns of %s\n", t->name);
			db_finalize(st);
			goto done;
		}
		if (side == 1) {
			ndst = db_col_count(st);
			db_finalize(st);
			break;
		}
		nsrc = db_col_count(st);
		/* key columns in the key's order, then the others */
		for (const char *p = t->key; *p; p += strspn(p, ", ")) {
			size_t w = strcspn(p, ", ");

			buf_printf(&list, "%s\"%.*s\"", list.len ? ", " : "", (int)w, p);
			buf_printf(&keyl, "%s\"%.*s\"", keyl.len ? ", " : "", (int)w, p);
			buf_printf(&marks, "%s?%d", marks.len ? ", " : "", ++tb->nkey);
			p += w;
		}
		for (int i = 0; i < nsrc; i++)
			if (!key_has(t->key, db_col_name(st, i)))
				buf_printf(&list, ", \"%s\"", db_col_name(st, i));
		for (int i = 0; i < nsrc; i++)
			if (!db_has_column(dst, t->name, db_col_name(st, i))) {
				fprintf(stderr, "aicert: the target's %s has no column %s\n",
				    t->name, db_col_name(st, i));
				db_finalize(st);
				goto done;
			}
		db_finalize(st);
	}
	if (ndst != nsrc) {
		fprintf(stderr, "aicert: %s has %d columns in the file but %d in the "
		    "target\n", t->name, nsrc, ndst);
		goto done;
	}
	tb->ncols = nsrc;
	if (asprintf(&tb->first, "SELECT %s FROM \"%s\" ORDER BY %s LIMIT ?1",
	    list.data, t->name, keyl.data) < 0 ||
	    asprintf(&tb->after, "SELECT %s FROM \"%s\" WHERE (%s) > (%s) ORDER BY %s "
	    "LIMIT ?%d", list.data, t->name, keyl.data, marks.data, keyl.data,
	    tb->nkey + 1) < 0)
		abort();
	buf_reset(&marks);
	for (int i = 1; i <= nsrc; i++)
		buf_printf(&marks, "%s?%d", i > 1 ? ", " : "", i);
	if (asprintf(&tb->insert, "INSERT INTO \"%s\" (%s) VALUES (%s)", t->name,
	    list.data, marks.data) < 0)
		abort();
	rc = 0;
done:
	buf_free(&sql);
	buf_free(&list);
	buf_free(&keyl);
	buf_free(&marks);
	if (rc != 0)
		tab_free(tb);
	return rc;
}

/* What tab_scan hands over for each row: its values, key first. */
typedef int (*row_fn)(const struct tab *tb, struct val *row, void *ctx);

/*
 * Reads every row of tb on d in key order, a page at a time, and hands
 * each to fn (which takes the values' bytes, or leaves them to be freed).
 * PostgreSQL's client holds a whole answer in memory, so a page starts
 * small and doubles up to BATCH_ROWS rows while its rows are small, and
 * shrinks after one past BATCH_BYTES. 0, or -1 (fn's or the database's
 * error, logged).
 */
static int
tab_scan(struct db *d, const struct tab *tb, row_fn fn, void *ctx)
{
	struct stmt *first = db_prepare(d, tb->first), *after = db_prepare(d, tb->after);
	struct val *key = calloc((size_t)tb->nkey, sizeof *key);
	struct val *row = calloc((size_t)tb->ncols, sizeof *row);
	int page = FIRST_PAGE, have_key = 0, rc = -1;

	if (first == NULL || after == NULL || key == NULL || row == NULL)
		goto done;
	for (;;) {
		struct stmt *st = have_key ? after : first;
		size_t bytes = 0;
		int n = 0, step;

		for (int k = 0; have_key && k < tb->nkey; k++)
			val_bind(st, k + 1, &key[k]);
		db_bind_int(st, have_key ? tb->nkey + 1 : 1, page);
		while ((step = db_step(st)) == DB_ROW) {
			for (int c = 0; c < tb->ncols; c++) {
				val_read(st, c, &row[c]);
				bytes += (size_t)row[c].n;
			}
			for (int k = 0; k < tb->nkey; k++) {
				val_free(&key[k]);
				key[k] = row[k];
				if (row[k].p != NULL) {
					if ((key[k].p = malloc((size_t)row[k].n + 1)) == NULL)
						abort();
					memcpy(key[k].p, row[k].p, (size_t)row[k].n + 1);
				}
			}
			have_key = 1;
			n++;
			if (fn(tb, row, ctx) != 0) {
				db_end(st);
				goto done;
			}
			for (int c = 0; c < tb->ncols; c++)
				val_free(&row[c]);
		}
		db_end(st);
		if (step != DB_DONE) {
			fprintf(stderr, "aicert: cannot read %s\n", tb->t->name);
			goto done;
		}
		if (n < page)
			break;
		if (bytes > BATCH_BYTES)
			page = (int)((double)page * BATCH_BYTES / (double)bytes) + 1;
		else if (bytes < BATCH_BYTES / 4 && page < BATCH_ROWS)
			page = page * 2 < BATCH_ROWS ? page * 2 : BATCH_ROWS;
	}
	rc = 0;
done:
	for (int k = 0; key != NULL && k < tb->nkey; k++)
		val_free(&key[k]);
	for (int c = 0; row != NULL && c < tb->ncols; c++)
		val_free(&row[c]);
	free(key);
	free(row);
	db_finalize(first);
	db_finalize(after);
	return rc;
}

/* Rows on their way to the target: one store_write. */
struct batch {
	const struct tab *tb;
	struct store *dst;
	struct val *v;		/* nrows * ncols values */
	int nrows, cap;
	size_t bytes;
	char *clear;		/* the seeded rows to delete first, or NULL */
	int last;		/* the table's last batch: its ids move on */
	long long copied;
};

/* The write: the batch's rows inserted in one transaction. */
static int
batch_write(struct db *d, void *ctx)
{
	struct batch *b = ctx;
	const struct tab *tb = b->tb;
	struct stmt *st;
	int rc = 0;

	if (b->clear != NULL) {
		st = db_prepare(d, b->clear);
		rc = db_done(st);
		db_finalize(st);
		if (rc != 0)
			return -1;
	}
	if ((st = db_prepare(d, tb->insert)) == NULL)
		return -1;
	for (int r = 0; r < b->nrows && rc == 0; r++) {
		for (int c = 0; c < tb->ncols; c++)
			val_bind(st, c + 1, &b->v[r * tb->ncols + c]);
		if (db_step(st) != DB_DONE) {
			fprintf(stderr, "aicert: %s: the target refused a row (row %lld of "
			    "the table)\n", tb->t->name, b->copied + r + 1);
			rc = -1;
		}
		db_end(st);
	}
	db_finalize(st);
	if (rc == 0 && b->last && db_ids_follow(d, tb->t->name) != 0)
		rc = -1;
	return rc;
}

/* Writes the batch and empties it. 0 or -1. */
static int
batch_flush(struct batch *b)
{
	int rc = store_write(b->dst, batch_write, b);

	for (int i = 0; i < b->nrows * b->tb->ncols; i++)
		val_free(&b->v[i]);
	if (rc == 0) {
		b->copied += b->nrows;
		free(b->clear);
		b->clear = NULL;
		if (b->copied > 0 && b->copied % (10 * BATCH_ROWS) == 0)
			printf("  %-22s %10lld rows so far\n", b->tb->t->name, b->copied);
	}
	b->nrows = 0;
	b->bytes = 0;
	return rc;
}

/* tab_scan's callback for the copy: takes the row's values. */
static int
batch_add(const struct tab *tb, struct val *row, void *ctx)
{
	struct batch *b = ctx;

	if (b->nrows == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		if ((b->v = realloc(b->v, (size_t)b->cap * (size_t)tb->ncols *
		    sizeof *b->v)) == NULL)
			abort();
	}
	for (int c = 0; c < tb->ncols; c++) {
		b->v[b->nrows * tb->ncols + c] = row[c];
		b->bytes += (size_t)row[c].n;
		row[c].p = NULL;	/* the batch owns the bytes now */
	}
	b->nrows++;
	if (b->nrows >= BATCH_ROWS || b->bytes >= BATCH_BYTES)
		return batch_flush(b);
	return 0;
}

/* Copies one table; prints its count. 0 or -1 after a message. */
static int
copy_table(const struct tab *tb, struct store *src, struct store *dst)
{
	struct batch b;
	int rc;

	memset(&b, 0, sizeof b);
	b.tb = tb;
	b.dst = dst;
	if (tb->t->seed != NULL && asprintf(&b.clear, "DELETE FROM \"%s\" WHERE %s",
	    tb->t->name, tb->t->seed) < 0)
		abort();
	rc = tab_scan(store_db(src), tb, batch_add, &b);
	b.last = 1;
	if (rc == 0)
		rc = batch_flush(&b);	/* the rest, the seed's removal, the ids */
	else
		for (int i = 0; i < b.nrows * tb->ncols; i++)
			val_free(&b.v[i]);
	if (rc == 0)
		printf("  %-22s %10lld rows copied\n", tb->t->name, b.copied);
	else
		fprintf(stderr, "aicert: copying %s failed after %lld rows\n",
		    tb->t->name, b.copied);
	free(b.v);
	free(b.clear);
	return rc;
}

/* What the check computes of one table on one side. */
struct sum {
	crypto_hash_sha256_state h;
	long long rows;
};

static int
sum_add(const struct tab *tb, struct val *row, void *ctx)
{
	struct sum *s = ctx;

	for (int c = 0; c < tb->ncols; c++)
		val_hash(&s->h, &row[c]);
	s->rows++;
	return 0;
}

/* tb's row count and hash on d, the hash in hex (65 bytes). 0, or -1
 * when it cannot be read or the pages missed rows: a key in mig_tables
 * that is not the table's primary key would skip rows on both sides
 * alike, and a plain count does not page. */
static int
tab_sum(struct db *d, const struct tab *tb, long long *rows, char hex[65])
{
	struct sum s;
	unsigned char out[crypto_hash_sha256_BYTES];
	struct stmt *st;
	char *sql;
	long long all;

	crypto_hash_sha256_init(&s.h);
	s.rows = 0;
	if (tab_scan(d, tb, sum_add, &s) != 0)
		return -1;
	if (asprintf(&sql, "SELECT count(*) FROM \"%s\"", tb->t->name) < 0)
		abort();
	st = db_prepare(d, sql);
	all = db_one_int(st, -1);
	db_finalize(st);
	free(sql);
	if (all != s.rows) {
		fprintf(stderr, "aicert: %s: %lld rows, but %lld read in key order (is "
		    "\"%s\" its primary key?)\n", tb->t->name, all, s.rows, tb->t->key);
		return -1;
	}
	crypto_hash_sha256_final(&s.h, out);
	sodium_bin2hex(hex, 65, out, sizeof out);
	*rows = s.rows;
	return 0;
}

/* Checks that the two stores hold the same tables and that mig_tables
 * knows each. 0, or -1 after naming the table that is not. */
static int
check_tables(struct db *src, struct db *dst)
{
	json_t *lists[2] = { db_tables(src), db_tables(dst) }, *v;
	int rc = 0;
	size_t i;

	for (int side = 0; side < 2; side++)
		json_array_foreach(lists[side], i, v) {
			size_t k;

			for (k = 0; k < NTABLES; k++)
				if (strcmp(mig_tables[k].name, json_string_value(v)) == 0)
					break;
			if (k == NTABLES) {
				fprintf(stderr, "aicert: the %s has a table migrate-store does "
				    "not know: %s (add it to mig_tables in cmd_migrate.c)\n",
				    side ? "target" : "file", json_string_value(v));
				rc = -1;
			}
		}
	for (size_t k = 0; k < NTABLES; k++)
		for (int side = 0; side < 2; side++) {
			int found = 0;

			json_array_foreach(lists[side], i, v)
				found |= strcmp(mig_tables[k].name, json_string_value(v)) == 0;
			if (!found) {
				fprintf(stderr, "aicert: the %s has no table %s\n",
				    side ? "target" : "file", mig_tables[k].name);
				rc = -1;
			}
		}
	json_decref(lists[0]);
	json_decref(lists[1]);
	return rc;
}

/* 0 when no table of the target holds a row (besides the rows its own
 * migrations seeded), else -1 after naming the first that does. */
static int
check_empty(struct db *dst, const char *url)
{
	char *sql = NULL;
	long long n;

	for (size_t k = 0; k < NTABLES; k++) {
		const struct mig_table *t = &mig_tables[k];
		struct stmt *st;

		if (asprintf(&sql, "SELECT count(*) FROM \"%s\"%s%s%s", t->name,
		    t->seed ? " WHERE NOT (" : "", t->seed ? t->seed : "",
		    t->seed ? ")" : "") < 0)
			abort();
		st = db_prepare(dst, sql);
		n = db_one_int(st, -1);
		db_finalize(st);
		free(sql);
		if (n != 0) {
			fprintf(stderr, "aicert: %s is not empty (%s: %lld rows): "
			    "migrate-store copies into a new, empty database only\n", url,
			    t->name, n);
			return -1;
		}
	}
	return 0;
}

/* Copies the signing key from to to (mode 0600), never over an existing
 * file; the same key already there is fine. 0 or -1 after a message. */
static int
copy_key(const char *from, const char *to)
{
	size_t n = 0, m = 0;
	char *key = cli_read_file(from, &n), *there, *slash;
	int fd, rc = -1;

	if (key == NULL) {
		fprintf(stderr, "aicert: cannot read the signing key %s: %s\n", from,
		    strerror(errno));
		return -1;
	}
	if ((there = cli_read_file(to, &m)) != NULL) {
		if (m == n && memcmp(there, key, n) == 0) {
			printf("aicert: the signing key is already at %s\n", to);
			rc = 0;
		} else
			fprintf(stderr, "aicert: %s exists and holds another key: not "
			    "replaced\n", to);
		goto done;
	}
	/* var/aicert.key: its folder may not exist yet beside a database
	 * that is not a file */
	if ((slash = strrchr(to, '/')) != NULL && slash != to) {
		char *dir = strndup(to, (size_t)(slash - to));

		if (dir == NULL || (mkdir(dir, 0750) != 0 && errno != EEXIST))
			fprintf(stderr, "aicert: cannot create %s: %s\n", dir ? dir : to,
			    strerror(errno));
		free(dir);
	}
	if ((fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		fprintf(stderr, "aicert: cannot create %s: %s\n", to, strerror(errno));
		goto done;
	}
	rc = write(fd, key, n) == (ssize_t)n && fchmod(fd, 0600) == 0 &&
	    fsync(fd) == 0 ? 0 : -1;
	if (close(fd) != 0 || rc != 0) {
		fprintf(stderr, "aicert: cannot write %s\n", to);
		unlink(to);
		rc = -1;
		goto done;
	}
	printf("aicert: copied the signing key %s to %s (mode 0600)\n", from, to);
done:
	sodium_memzero(key, n);
	free(key);
	if (there != NULL)
		sodium_memzero(there, m);
	free(there);
	return rc;
}

/* Counts and hashes every table on both sides and prints them. 0 when
 * all are the same, else -1 after naming those that differ. */
static int
verify(const struct tab *tabs, struct store *src, struct store *dst)
{
	long long total = 0;
	int bad = 0;

	printf("%-24s %10s %10s  %-16s\n", "table", "file", "target", "sha-256");
	for (size_t k = 0; k < NTABLES; k++) {
		long long rs = 0, rd = 0;
		char hs[65], hd[65];
		int same;

		if (tab_sum(store_db(src), &tabs[k], &rs, hs) != 0 ||
		    tab_sum(store_db(dst), &tabs[k], &rd, hd) != 0)
			return -1;
		same = rs == rd && strcmp(hs, hd) == 0;
		printf("%-24s %10lld %10lld  %.16s%s%.16s\n", tabs[k].t->name, rs, rd, hs,
		    same ? "" : " != ", same ? "" : hd);
		if (!same) {
			fprintf(stderr, "aicert: %s differs: %lld rows in the file, %lld in "
			    "the target%s\n", tabs[k].t->name, rs, rd,
			    rs == rd ? ", not the same values" : "");
			bad++;
		}
		total += rs;
	}
	if (bad)
		return -1;
	printf("verified: %zu tables, %lld rows, the same in both\n", NTABLES, total);
	return 0;
}

int
cmd_migrate(struct cli *c)
{
	const char *from = cli_opt(c, "--from"), *to = cli_opt(c, "--to");
	int verify_only = cli_flag(c, "--verify-only");
	struct store *src = NULL, *dst = NULL;
	struct tab tabs[NTABLES];
	char *err = NULL, *key_from = NULL, *key_to = NULL;
	struct stat st;
	size_t ntabs = 0;
	int rc = 1;

	if (from == NULL || to == NULL || cli_pos(c, 0) != NULL)
		return cli_usage(c);
	if (strncmp(from, "sqlite:", 7) == 0)	/* as --db takes it */
		from += 7;
	if (store_is_pg(from) || !store_is_pg(to)) {
		fprintf(stderr, "aicert: migrate-store copies a SQLite file (--from) into "
		    "a PostgreSQL database (--to postgresql://...)\n");
		return cli_usage(c);
	}
	if (stat(from, &st) != 0) {
		fprintf(stderr, "aicert: no database at %s\n", from);
		return 1;
	}
	if ((src = store_open(from, &err)) == NULL ||
	    (dst = store_open(to, &err)) == NULL) {
		fprintf(stderr, "aicert: %s\n", err);
		goto done;
	}
	if (check_tables(store_db(src), store_db(dst)) != 0)
		goto done;
	for (ntabs = 0; ntabs < NTABLES; ntabs++)
		if (tab_init(&tabs[ntabs], &mig_tables[ntabs], store_db(src),
		    store_db(dst)) != 0)
			goto done;
	if (!verify_only) {
		if (check_empty(store_db(dst), to) != 0)
			goto done;
		printf("aicert: copying %s into %s\n", from, to);
		for (size_t k = 0; k < NTABLES; k++)
			if (copy_table(&tabs[k], src, dst) != 0) {
				fprintf(stderr, "aicert: the target now holds part of the "
				    "copy: drop the database and create it again before "
				    "another try\n");
				goto done;
			}
	}
	if (verify(tabs, src, dst) != 0)
		goto done;
	key_from = keys_path(from);
	key_to = keys_path(to);
	if (cli_flag(c, "--with-key")) {
		if (copy_key(key_from, key_to) != 0)
			goto done;
	} else if (!verify_only)
		printf("aicert: the signing key stays at %s: give every node a copy "
		    "(mode 0600) at $AICERT_KEY, else var/aicert.key of its working "
		    "folder (here: %s), or run again with --with-key\n", key_from, key_to);
	rc = 0;
done:
	for (size_t k = 0; k < ntabs; k++)
		tab_free(&tabs[k]);
	free(err);
	free(key_from);
	free(key_to);
	store_close(dst);
	store_close(src);
	return rc;
}
