/*
 * test_sql_pg.c - the SQLite statements as the PostgreSQL driver rewrites
 * them (sql_pg.c): placeholders, the words PostgreSQL lacks, and that
 * every override of sql_pg.c still is, word for word, a statement the
 * code runs, so a changed query cannot fall back to a rewrite that does
 * not carry it. No server needed: the tests that run statements on
 * PostgreSQL are make test-pg's.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sql_pg.h"
#include "test.h"

static void
same(const char *sqlite, const char *want, int nparams, const char *what)
{
	int n = -1;
	char *got = sql_pg(sqlite, &n);

	CHECK(got != NULL && strcmp(got, want) == 0 && n == nparams,
	    "%s: %s gives %s (%d parameters), not %s (%d)", what, sqlite,
	    got ? got : "(null)", n, want, nparams);
	free(got);
}

/* Appends to all every run of adjacent string literals in path's C text,
 * joined as the compiler joins them, one per line, escapes undone for
 * \" and \\ (the statements use no others). */
static void
literals(const char *path, struct buf *all)
{
	FILE *f = fopen(path, "r");
	struct buf src = BUF_INIT;
	char chunk[4096];
	size_t n;
	const char *p;

	if (f == NULL)
		return;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_raw(&src, chunk, n);
	fclose(f);
	for (p = src.data; p != NULL && *p != '\0';) {
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
		} else if (*p == '\'') {
			p += p[1] == '\\' ? 4 : 3;
		} else if (*p == '"') {
			/* a run: "..." whitespace "..." ... */
			for (;;) {
				for (p++; *p != '\0' && *p != '"'; p++) {
					if (*p == '\\' && p[1] != '\0')
						p++;
					buf_raw(all, p, 1);
				}
				if (*p == '"')
					p++;
				{
					const char *q = p;

					while (*q == ' ' || *q == '\t' || *q == '\n')
						q++;
					if (*q != '"')
						break;
					p = q;
				}
			}
			buf_str(all, "\n");
		} else {
			p++;
		}
	}
	buf_free(&src);
}

static void
scan(const char *dir, struct buf *all)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[512];
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (n > 2 && strcmp(e->d_name + n - 2, ".c") == 0)
			literals(path, all);
		else if (strchr(e->d_name, '.') == NULL)
			scan(path, all);
	}
	closedir(d);
}

void
test_sql_pg(void)
{
	struct buf all = BUF_INIT;

	same("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2", 2,
	    "bare placeholders are numbered in order");
	same("SELECT ?2, ?1, ?", "SELECT $2, $1, $3", 3,
	    "a bare placeholder after ?2 is the third, as in SQLite");
	same("SELECT '?' || \"a?\" FROM t WHERE x = ?1", "SELECT '?' || \"a?\" FROM t WHERE x = $1", 1,
	    "a ? inside a string or a quoted name is left alone");
	same("SELECT 'it''s', ? FROM t", "SELECT 'it''s', $1 FROM t", 1,
	    "a doubled quote stays inside its string");
	same("INSERT OR IGNORE INTO t(a) VALUES (?)",
	    "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING", 1,
	    "INSERT OR IGNORE is an insert that does nothing on a conflict");
	same("SELECT id FROM users WHERE login NOT LIKE 'erased-%'",
	    "SELECT id FROM users WHERE login NOT ILIKE 'erased-%'", 0,
	    "LIKE ignores ASCII case in SQLite: ILIKE");
	same("SELECT instr(addr, '/') FROM t", "SELECT strpos(addr, '/') FROM t", 0,
	    "instr is strpos");
	same("SELECT json_extract(e.definition, '$.title.\"zh-TW\"') FROM e",
	    "SELECT ((e.definition)::jsonb #>> '{title,zh-TW}') FROM e", 0,
	    "json_extract with a quoted key is a path as text");
	same("SELECT json_extract(e.definition, '$.sections[0].competency') FROM e",
	    "SELECT ((e.definition)::jsonb #>> '{sections,0,competency}') FROM e", 0,
	    "json_extract of an array's element");
	same("SELECT json_extract(d, '$.a[x]') FROM e", "SELECT json_extract(d, '$.a[x]') FROM e", 0,
	    "a path this does not read is left as it is (and fails on PostgreSQL, loudly)");
	same("SELECT json_extract(definition, '$.title.en') FROM exams WHERE id = ?",
	    "SELECT ((definition)::jsonb #>> '{title,en}') FROM exams WHERE id = $1", 1,
	    "json_extract of a plain path");
	same("SELECT strftime('%Y-%m', a.at / 1000 + ?2, 'unixepoch') FROM a WHERE b = ?1",
	    "SELECT to_char(to_timestamp(a.at / 1000 + $2) AT TIME ZONE 'UTC', 'YYYY-MM') "
	    "FROM a WHERE b = $1", 2,
	    "strftime over seconds since 1970 is to_char in UTC, its parameter kept");
	same("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch')",
	    "SELECT to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	    0, "an ISO time's letters are quoted for to_char");
	same("DELETE FROM \"mail_outbox\" WHERE \"to\" = ?2 COLLATE NOCASE",
	    "DELETE FROM \"mail_outbox\" WHERE lower(\"to\") = lower($2)", 2,
	    "COLLATE NOCASE on a comparison compares lower(); ?2 makes two parameters");
	same("SELECT id FROM users WHERE email = ? COLLATE NOCASE AND disabled = 0",
	    "SELECT id FROM users WHERE lower(email) = lower($1) AND disabled = 0", 1,
	    "NOCASE in the middle of a WHERE");

	/* Every override still is a statement of the code. */
	scan("src", &all);
	if (all.len == 0) {
		SKIP("sql_pg: src/ is not here (run from the checkout)");
	} else {
		for (size_t i = 0; i < sql_pg_noverrides; i++) {
			const char *o = sql_pg_overrides[i][0];
			size_t n = strlen(o);
			int seen = 0;

			/* once in sql_pg.c's table, once (or more) where it runs */
			for (const char *at = strstr(all.data, o); at != NULL;
			    at = strstr(at + 1, o))
				seen += (at == all.data || at[-1] == '\n') && at[n] == '\n';
			CHECK(seen >= 2, "override %zu is a statement the code runs "
			    "(seen %d times): %.80s...", i, seen, o);
		}
	}
	buf_free(&all);
}
