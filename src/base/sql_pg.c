/*
 * sql_pg.c - SQLite statements in PostgreSQL's dialect; see sql_pg.h.
 * Depends on buf only: pure text, tested without a server.
 */
#include "sql_pg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/*
 * Statements no rewrite carries, by their whole SQLite text (as the C
 * literals join), each with its PostgreSQL text (still with SQLite's ?N
 * placeholders: the rewrite below numbers them). Why each differs:
 * json_each and json_type have other names and answers in PostgreSQL,
 * a json_extract compared with a number needs a cast, sum() of a
 * comparison needs an integer, INSERT OR REPLACE is an upsert, two-value
 * max() is GREATEST, printf is lpad, group_concat is string_agg.
 */
const char *const sql_pg_overrides[][2] = {
	{ "SELECT iv.category AS path, count(*) AS count, count(DISTINCT iv.item_id) AS "
	  "questions, group_concat(DISTINCT iv.lang) AS langs FROM bank_version_items bvi "
	  "JOIN item_versions iv ON iv.id = bvi.item_version_id WHERE bvi.bank_version_id = ? "
	  "GROUP BY iv.category ORDER BY iv.category",
	  "SELECT iv.category AS path, count(*) AS count, count(DISTINCT iv.item_id) AS "
	  "questions, string_agg(DISTINCT iv.lang, ',') AS langs FROM bank_version_items bvi "
	  "JOIN item_versions iv ON iv.id = bvi.item_version_id WHERE bvi.bank_version_id = ? "
	  "GROUP BY iv.category ORDER BY iv.category" },
	{ "INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at, "
	  "created_by) VALUES (?1, ?2, ?3, ?4, ?5, max(?6, coalesce((SELECT max(created_at) + 1 "
	  "FROM frameworks WHERE id = ?1), 0)), ?7)",
	  "INSERT INTO frameworks(id, version, title_en, title_zh, definition, created_at, "
	  "created_by) VALUES (?1, ?2, ?3, ?4, ?5, GREATEST(?6::bigint, coalesce((SELECT "
	  "max(created_at) + 1 FROM frameworks WHERE id = ?1), 0)), ?7)" },
	{ "SELECT json_extract(c.value, '$.code'), json_extract(c.value, '$.title.en'), "
	  "json_extract(c.value, '$.title.\"zh-TW\"'), json_extract(c.value, '$.framework'), "
	  "coalesce((SELECT f.title_en FROM frameworks f WHERE f.id = json_extract(c.value, "
	  "'$.framework') AND f.version = json_extract(c.value, '$.version')), "
	  "json_extract(c.value, '$.framework')) FROM attempts t, json_each(t.result, "
	  "'$.competencies') c WHERE t.id = ? AND json_type(c.value, '$.parent') IS NOT 'text' "
	  "ORDER BY c.key",
	  "SELECT c.value->>'code', c.value#>>'{title,en}', c.value#>>'{title,zh-TW}', "
	  "c.value->>'framework', coalesce((SELECT f.title_en FROM frameworks f WHERE f.id = "
	  "c.value->>'framework' AND f.version = c.value->>'version'), c.value->>'framework') "
	  "FROM attempts t, jsonb_array_elements(t.result::jsonb->'competencies') WITH "
	  "ORDINALITY AS c(value, key) WHERE t.id = ? AND jsonb_typeof(c.value->'parent') IS "
	  "DISTINCT FROM 'string' ORDER BY c.key" },
	{ "SELECT a.id, NULL FROM attempts a WHERE a.state != 'running' AND a.passed = 1 AND "
	  "json_type(a.exam_def, '$.certificate.valid_years') = 'integer' AND "
	  "json_extract(a.exam_def, '$.certificate.valid_years') > 0 AND NOT EXISTS (SELECT 1 "
	  "FROM certificates c WHERE c.attempt_id = a.id) AND NOT EXISTS (SELECT 1 FROM "
	  "programme_parts pp WHERE pp.exam_id = a.exam_id) ORDER BY a.id",
	  "SELECT a.id, NULL FROM attempts a WHERE a.state != 'running' AND a.passed = 1 AND "
	  "jsonb_typeof(a.exam_def::jsonb#>'{certificate,valid_years}') = 'number' AND "
	  "(a.exam_def::jsonb#>>'{certificate,valid_years}') ~ '^[0-9]+$' AND "
	  "(a.exam_def::jsonb#>>'{certificate,valid_years}')::numeric > 0 AND NOT EXISTS "
	  "(SELECT 1 FROM certificates c WHERE c.attempt_id = a.id) AND NOT EXISTS (SELECT 1 "
	  "FROM programme_parts pp WHERE pp.exam_id = a.exam_id) ORDER BY a.id" },
	{ "SELECT json_extract(c.value, '$.code'), json_extract(c.value, '$.title.en') FROM "
	  "attempts t, json_each(t.result, '$.competencies') c WHERE t.id = ? AND "
	  "json_type(c.value, '$.parent') IS NOT 'text' ORDER BY c.key",
	  "SELECT c.value->>'code', c.value#>>'{title,en}' FROM attempts t, "
	  "jsonb_array_elements(t.result::jsonb->'competencies') WITH ORDINALITY AS "
	  "c(value, key) WHERE t.id = ? AND jsonb_typeof(c.value->'parent') IS DISTINCT FROM "
	  "'string' ORDER BY c.key" },
	{ "INSERT OR REPLACE INTO issuer_images(kind, media_type, sha256, width, height, data, "
	  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	  "INSERT INTO issuer_images(kind, media_type, sha256, width, height, data, "
	  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET "
	  "media_type = excluded.media_type, sha256 = excluded.sha256, width = excluded.width, "
	  "height = excluded.height, data = excluded.data, updated_at = excluded.updated_at" },
	{ "INSERT OR REPLACE INTO issuer(id, legal_en, legal_zh, short_name, website, email, "
	  "phone, address, privacy, officer_en, officer_zh, officer_title_en, officer_title_zh, "
	  "updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	  "INSERT INTO issuer(id, legal_en, legal_zh, short_name, website, email, phone, "
	  "address, privacy, officer_en, officer_zh, officer_title_en, officer_title_zh, "
	  "updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
	  "UPDATE SET legal_en = excluded.legal_en, legal_zh = excluded.legal_zh, short_name = "
	  "excluded.short_name, website = excluded.website, email = excluded.email, phone = "
	  "excluded.phone, address = excluded.address, privacy = excluded.privacy, officer_en "
	  "= excluded.officer_en, officer_zh = excluded.officer_zh, officer_title_en = "
	  "excluded.officer_title_en, officer_title_zh = excluded.officer_title_zh, updated_at "
	  "= excluded.updated_at" },
	{ "WITH RECURSIVE cur(code, parent) AS MATERIALIZED ( SELECT code, parent FROM "
	  "competency_current),anc(code, up) AS (SELECT code, code FROM cur UNION SELECT "
	  "anc.code, cur.parent FROM anc JOIN cur ON cur.code = anc.up WHERE cur.parent IS NOT "
	  "NULL) SELECT DISTINCT ic.item_version_id, iv.item_id, an.up, "
	  "coalesce(json_extract(iv.data, '$.default_mark'), 1.0) FROM item_competencies ic "
	  "JOIN item_versions iv ON iv.id = ic.item_version_id JOIN anc an ON an.code = ic.code "
	  "ORDER BY 1",
	  "WITH RECURSIVE cur(code, parent) AS MATERIALIZED ( SELECT code, parent FROM "
	  "competency_current),anc(code, up) AS (SELECT code, code FROM cur UNION SELECT "
	  "anc.code, cur.parent FROM anc JOIN cur ON cur.code = anc.up WHERE cur.parent IS NOT "
	  "NULL) SELECT DISTINCT ic.item_version_id, iv.item_id, an.up, "
	  "coalesce((iv.data::jsonb->>'default_mark')::double precision, 1.0) FROM "
	  "item_competencies ic JOIN item_versions iv ON iv.id = ic.item_version_id JOIN anc an "
	  "ON an.code = ic.code ORDER BY 1" },
	{ "WITH RECURSIVE t(fw, ver, code, en, zh, parent, path) AS ( SELECT framework_id, "
	  "version, code, title_en, title_zh, parent, printf('%010d', position) FROM "
	  "competency_current WHERE parent IS NULL UNION ALL SELECT c.framework_id, c.version, "
	  "c.code, c.title_en, c.title_zh, c.parent, t.path || '/' || printf('%010d', "
	  "c.position) FROM competency_current c JOIN t ON c.framework_id = t.fw AND c.parent = "
	  "t.code) SELECT fw, ver, code, en, zh, parent FROM t ORDER BY fw, path",
	  "WITH RECURSIVE t(fw, ver, code, en, zh, parent, path) AS ( SELECT framework_id, "
	  "version, code, title_en, title_zh, parent, lpad(position::text, 10, '0') FROM "
	  "competency_current WHERE parent IS NULL UNION ALL SELECT c.framework_id, c.version, "
	  "c.code, c.title_en, c.title_zh, c.parent, t.path || '/' || lpad(c.position::text, "
	  "10, '0') FROM competency_current c JOIN t ON c.framework_id = t.fw AND c.parent = "
	  "t.code) SELECT fw, ver, code, en, zh, parent FROM t ORDER BY fw, path" },
	{ "SELECT framework_id, code, title_en, title_zh, parent FROM competency_current WHERE "
	  "framework_id IN (SELECT framework_id FROM competency_current  WHERE code IN (SELECT "
	  "value FROM json_each(?1))) ORDER BY framework_id, position, code",
	  "SELECT framework_id, code, title_en, title_zh, parent FROM competency_current WHERE "
	  "framework_id IN (SELECT framework_id FROM competency_current  WHERE code IN (SELECT "
	  "jsonb_array_elements_text(?1::jsonb))) ORDER BY framework_id, position, code" },
	{ "SELECT coalesce(json_extract(definition, '$.certificate.valid_years'), 0) FROM exams "
	  "WHERE id = ?",
	  "SELECT coalesce((definition::jsonb#>>'{certificate,valid_years}')::numeric, 0) FROM "
	  "exams WHERE id = ?" },
	{ "SELECT exam_id, count(*), sum(state != 'running'), sum(state != 'running' AND "
	  "passed) FROM attempts GROUP BY exam_id",
	  "SELECT exam_id, count(*), sum((state != 'running')::int), sum((state != 'running' "
	  "AND passed = 1)::int) FROM attempts GROUP BY exam_id" },
};
const size_t sql_pg_noverrides = sizeof sql_pg_overrides / sizeof *sql_pg_overrides;

static int
word_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Copies a quoted run starting at p (quote q, doubled to escape) into b;
 * returns what follows it. */
static const char *
quoted(struct buf *b, const char *p, char q)
{
	const char *s = p++;

	for (;;) {
		if (*p == '\0')
			break;
		if (*p++ == q) {
			if (*p != q)
				break;
			p++;
		}
	}
	buf_raw(b, s, (size_t)(p - s));
	return p;
}

/* A JSON path of SQLite ('$.a."b-c".d[2]') as PostgreSQL's text array
 * ('{a,b-c,d,2}'); 0, or -1 for a path this does not read. */
static int
json_path(struct buf *b, const char *s, size_t n)
{
	size_t i = 2;

	if (n < 2 || s[0] != '$' || s[1] != '.')
		return -1;
	buf_str(b, "'{");
	while (i < n) {
		size_t start = i;

		if (s[i] == '"') {
			start = ++i;
			while (i < n && s[i] != '"')
				i++;
			buf_raw(b, s + start, i - start);
			i++;
		} else {
			while (i < n && s[i] != '.' && s[i] != '[')
				i++;
			buf_raw(b, s + start, i - start);
		}
		while (i < n && s[i] == '[') {	/* an array's element: [N] */
			size_t d = ++i;

			while (i < n && isdigit((unsigned char)s[i]))
				i++;
			if (i == d || i >= n || s[i] != ']')
				return -1;
			buf_str(b, ",");
			buf_raw(b, s + d, i - d);
			i++;
		}
		if (i < n && s[i] == '.') {
			buf_str(b, ",");
			i++;
		}
	}
	buf_str(b, "}'");
	return 0;
}

/* The arguments of a call at p (just after its name, on its "("): up to
 * max of them as [start, end) pairs, quotes and parentheses respected.
 * Returns how many, and in *after what follows the ")"; -1 if p is not
 * a call this reads. */
static int
call_args(const char *p, const char *arg[][2], int max, const char **after)
{
	int n = 0, depth = 0;
	const char *start;

	if (*p != '(')
		return -1;
	start = ++p;
	for (; *p != '\0'; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			while (*++p != '\0' && *p != q)
				;
			if (*p == '\0')
				return -1;
		} else if (*p == '(') {
			depth++;
		} else if ((*p == ',' && depth == 0) || (*p == ')' && depth-- == 0)) {
			if (n == max)
				return -1;
			while (*start == ' ')
				start++;
			arg[n][0] = start;
			arg[n][1] = p;
			while (arg[n][1] > start && arg[n][1][-1] == ' ')
				arg[n][1]--;
			n++;
			start = p + 1;
			if (*p == ')') {
				*after = p + 1;
				return n;
			}
		}
	}
	return -1;
}

/* A quoted literal argument's text, without its quotes; NULL if the
 * argument is not one. */
static int
literal(const char *const a[2], const char **s, size_t *n)
{
	size_t len = (size_t)(a[1] - a[0]);

	if (len < 2 || a[0][0] != '\'' || a[1][-1] != '\'' ||
	    memchr(a[0] + 1, '\'', len - 2) != NULL)
		return -1;
	*s = a[0] + 1;
	*n = len - 2;
	return 0;
}

static void translate(struct buf *b, const char *sql, size_t len, int *max, int *ignore);

/* json_extract(A, 'PATH') at p (just after the name): writes
 * ((A)::jsonb #>> '{...}'), the value as text, and returns what follows;
 * NULL if the call is not of that shape (then nothing is written). */
static const char *
json_extract(struct buf *b, const char *p, int *max)
{
	const char *arg[2][2], *after, *path;
	size_t n;
	struct buf out = BUF_INIT;
	int ignore = 0;

	if (call_args(p, arg, 2, &after) != 2 || literal(arg[1], &path, &n) < 0)
		return NULL;
	buf_str(&out, "((");
	translate(&out, arg[0][0], (size_t)(arg[0][1] - arg[0][0]), max, &ignore);
	buf_str(&out, ")::jsonb #>> ");
	if (json_path(&out, path, n) < 0) {
		buf_free(&out);
		return NULL;
	}
	buf_str(&out, ")");
	buf_raw(b, out.data, out.len);
	buf_free(&out);
	return after;
}

/* strftime('FORMAT', T, 'unixepoch') at p: to_char() of T seconds since
 * 1970 in UTC, the format's %Y %m %d %H %M %S as to_char's and the rest
 * quoted; NULL if not of that shape. */
static const char *
strftime_epoch(struct buf *b, const char *p, int *max)
{
	const char *arg[3][2], *after, *fmt, *mod;
	size_t n, nmod;
	struct buf out = BUF_INIT;
	int ignore = 0, ok = 1;

	if (call_args(p, arg, 3, &after) != 3 || literal(arg[0], &fmt, &n) < 0 ||
	    literal(arg[2], &mod, &nmod) < 0 || nmod != 9 || strncmp(mod, "unixepoch", 9) != 0)
		return NULL;
	buf_str(&out, "to_char(to_timestamp(");
	translate(&out, arg[1][0], (size_t)(arg[1][1] - arg[1][0]), max, &ignore);
	buf_str(&out, ") AT TIME ZONE 'UTC', '");
	for (size_t i = 0; i < n && ok; i++) {
		static const char *const to[][2] = { { "Y", "YYYY" }, { "m", "MM" },
		    { "d", "DD" }, { "H", "HH24" }, { "M", "MI" }, { "S", "SS" } };
		size_t k;

		if (fmt[i] != '%') {
			buf_printf(&out, isalpha((unsigned char)fmt[i]) ? "\"%c\"" : "%c", fmt[i]);
			continue;
		}
		i++;
		for (k = 0; k < sizeof to / sizeof *to; k++)
			if (i < n && fmt[i] == to[k][0][0]) {
				buf_str(&out, to[k][1]);
				break;
			}
		ok = k < sizeof to / sizeof *to;
	}
	buf_str(&out, "')");
	if (ok)
		buf_raw(b, out.data, out.len);
	buf_free(&out);
	return ok ? after : NULL;
}

/* "X = Y COLLATE NOCASE" (X and Y single tokens) in b becomes
 * "lower(X) = lower(Y)": PostgreSQL has no NOCASE, and the schema keeps
 * an index on lower() where SQLite kept one with the collation. */
static void
nocase(struct buf *b)
{
	static const char tag[] = " COLLATE NOCASE";
	char *at;

	while (b->data != NULL && (at = strstr(b->data, tag)) != NULL) {
		char *y = at, *eq, *x;
		struct buf o = BUF_INIT;

		while (y > b->data && y[-1] != ' ')
			y--;
		eq = y - 3;
		if (eq < b->data || strncmp(eq, " = ", 3) != 0)
			break;
		x = eq;
		while (x > b->data && x[-1] != ' ' && x[-1] != '(')
			x--;
		buf_raw(&o, b->data, (size_t)(x - b->data));
		buf_str(&o, "lower(");
		buf_raw(&o, x, (size_t)(eq - x));
		buf_str(&o, ") = lower(");
		buf_raw(&o, y, (size_t)(at - y));
		buf_str(&o, ")");
		buf_str(&o, at + sizeof tag - 1);
		buf_free(b);
		*b = o;
	}
}

/* Appends len bytes of sql to b in PostgreSQL's dialect; *max is the
 * highest parameter number met so far, *ignore set by INSERT OR IGNORE. */
static void
translate(struct buf *b, const char *sql, size_t len, int *max, int *ignore)
{
	const char *p = sql, *end = sql + len;

	while (p < end) {
		if (*p == '\'' || *p == '"') {
			const char *q = quoted(b, p, *p);

			p = q < end ? q : end;
		} else if (*p == '?') {
			int n = 0;

			p++;
			if (p < end && isdigit((unsigned char)*p)) {
				while (p < end && isdigit((unsigned char)*p))
					n = n * 10 + (*p++ - '0');
			} else {
				n = *max + 1;
			}
			if (n > *max)
				*max = n;
			buf_printf(b, "$%d", n);
		} else if (word_char((unsigned char)*p) &&
		    (p == sql || !word_char((unsigned char)p[-1]))) {
			const char *w = p, *next;
			size_t n;

			while (p < end && word_char((unsigned char)*p))
				p++;
			n = (size_t)(p - w);
			if (n == 6 && strncmp(w, "INSERT", 6) == 0 &&
			    strncmp(p, " OR IGNORE", 10) == 0) {
				buf_str(b, "INSERT");
				p += 10;
				*ignore = 1;
			} else if (n == 4 && strncmp(w, "LIKE", 4) == 0) {
				buf_str(b, "ILIKE");
			} else if (n == 5 && strncmp(w, "instr", 5) == 0 && *p == '(') {
				buf_str(b, "strpos");
			} else if (n == 12 && strncmp(w, "json_extract", 12) == 0 &&
			    (next = json_extract(b, p, max)) != NULL) {
				p = next;
			} else if (n == 8 && strncmp(w, "strftime", 8) == 0 &&
			    (next = strftime_epoch(b, p, max)) != NULL) {
				p = next;
			} else {
				buf_raw(b, w, n);
			}
		} else {
			buf_raw(b, p++, 1);
		}
	}
}

char *
sql_pg(const char *sql, int *nparams)
{
	struct buf b = BUF_INIT;
	int max = 0, ignore = 0;

	for (size_t i = 0; i < sql_pg_noverrides; i++)
		if (strcmp(sql, sql_pg_overrides[i][0]) == 0) {
			sql = sql_pg_overrides[i][1];
			break;
		}
	translate(&b, sql, strlen(sql), &max, &ignore);
	if (ignore)
		buf_str(&b, " ON CONFLICT DO NOTHING");
	nocase(&b);
	*nparams = max;
	if (b.data == NULL)
		buf_str(&b, "");
	return b.data;
}
