/*
 * test_core.c - unit tests of the foundation: arena, router (and that
 * docs/api.md documents every route of the table), templates (escaping),
 * catalogs, store (migrations, WAL, group commit), passwords, sessions and
 * CSRF, brute-force limits.
 */
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "arena.h"
#include "buf.h"
#include "handlers.h"
#include "i18n.h"
#include "password.h"
#include "ratelimit.h"
#include "route.h"
#include "schema.h"
#include "session.h"
#include "store.h"
#include "store_int.h"
#include "test.h"
#include "tmpl.h"

void
test_arena(void)
{
	struct arena *a = arena_new();
	char *big, *s;
	int *v = NULL;

	s = arena_printf(a, "%s-%d", "王小明", 42);
	CHECK_STR(s, "王小明-42", "arena_printf");
	big = arena_alloc(a, 100000);
	CHECK(big[0] == 0 && big[99999] == 0, "a big allocation is zeroed");
	for (int i = 0; i < 100; i++) {
		v = arena_grow(a, v, (size_t)i, (size_t)i + 1, sizeof *v);
		v[i] = i;
	}
	CHECK(v[0] == 0 && v[99] == 99, "arena_grow keeps earlier elements");
	{
		int *w = arena_grow(a, NULL, 0, 5, sizeof *w), *same;

		same = arena_grow(a, w, 5, 8, sizeof *w);
		CHECK(same == w, "growing within its room keeps the array in place");
		CHECK(arena_grow(a, w, 8, 9, sizeof *w) != w, "past its room it moves");
	}
	CHECK(arena_strdup(a, NULL) == NULL, "arena_strdup(NULL) is NULL");
	arena_free(a);
	arena_free(NULL);
}

static int h_a(struct req *r) { (void)r; return 1; }
static int h_b(struct req *r) { (void)r; return 2; }
static int h_c(struct req *r) { (void)r; return 3; }

/* 1 if c can continue a path: "GET /api/v1/audit" is not documented by
 * "GET /api/v1/audit.csv". */
static int
path_char(char c)
{
	return c != '\0' && (isalnum((unsigned char)c) || strchr("/._-{}*~%", c) != NULL);
}

/* docs/api.md names every route of the table as "METHOD /path", with the
 * table's own {param} names, so that a new route cannot go undocumented. */
static void
routes_documented(void)
{
	char *doc = test_read_file("docs/api.md", NULL);

	CHECK(doc != NULL, "docs/api.md can be read (run from the repository root)");
	for (size_t i = 0; doc != NULL && i < nroutes; i++) {
		char want[256];
		int n = snprintf(want, sizeof want, "%s %s", routes[i].method, routes[i].pattern);
		const char *at = doc;
		int found = 0;

		while (!found && (at = strstr(at, want)) != NULL) {
			found = (at == doc || !isalnum((unsigned char)at[-1])) && !path_char(at[n]);
			at++;
		}
		CHECK(found, "docs/api.md documents the route %s", want);
	}
	free(doc);
}

void
test_router(void)
{
	static const struct route t[] = {
		{ "GET", "/", h_a, ROLE_NONE, 0, NULL },
		{ "GET", "/api/v1/attempts/{id}", h_b, ROLE_LEARNER, 0, NULL },
		{ "PUT", "/api/v1/attempts/{id}/responses/{item}", h_c, ROLE_LEARNER, RT_CSRF, NULL },
		{ "POST", "/api/v1/attempts/{id}", h_c, ROLE_LEARNER, RT_CSRF, NULL },
		{ "GET", "/static/{*name}", h_a, ROLE_NONE, 0, NULL },
	};
	struct arena *a = arena_new();
	struct route_params p;
	const struct route *r;
	char allow[64];
	int status;

	r = route_find(t, 5, "GET", "/", a, &p, &status, allow, sizeof allow);
	CHECK(r == &t[0], "GET / finds the home route");
	r = route_find(t, 5, "HEAD", "/", a, &p, &status, allow, sizeof allow);
	CHECK(r == &t[0], "HEAD is answered by the GET route");
	r = route_find(t, 5, "PUT", "/api/v1/attempts/17/responses/q-3", a, &p,
	    &status, allow, sizeof allow);
	CHECK(r == &t[2], "a two-parameter path matches");
	CHECK_STR(route_param(&p, "id"), "17", "param id");
	CHECK_STR(route_param(&p, "item"), "q-3", "param item");
	CHECK(route_param(&p, "nope") == NULL, "unknown param is NULL");
	r = route_find(t, 5, "DELETE", "/api/v1/attempts/17", a, &p, &status,
	    allow, sizeof allow);
	CHECK(r == NULL && status == 405, "known path, other method: 405 (got %d)", status);
	CHECK_STR(allow, "GET, HEAD, POST", "Allow lists the path's methods");
	r = route_find(t, 5, "GET", "/api/v1/attempts", a, &p, &status, allow, sizeof allow);
	CHECK(r == NULL && status == 404, "a missing segment is 404");
	r = route_find(t, 5, "GET", "/api/v1/attempts/", a, &p, &status, allow, sizeof allow);
	CHECK(r == NULL && status == 404, "an empty capture is 404");
	r = route_find(t, 5, "GET", "/api/v1/attempts/1/x", a, &p, &status, allow, sizeof allow);
	CHECK(r == NULL && status == 404, "an extra segment is 404");
	r = route_find(t, 5, "GET", "/static/img/logo.svg", a, &p, &status, allow, sizeof allow);
	CHECK(r == &t[4], "a rest capture takes the rest of the path");
	CHECK_STR(route_param(&p, "name"), "img/logo.svg", "rest param");
	arena_free(a);
	routes_documented();
}

static void
render(struct buf *b, const char *src, const char *json)
{
	json_t *ctx = json_loads(json, 0, NULL);
	int line = 0;

	buf_reset(b);
	CHECK(tmpl_check(src, &line) == NULL, "template is well formed: %s", src);
	tmpl_render_text(b, src, ctx, "en");
	json_decref(ctx);
}

void
test_templates(void)
{
	struct buf b = BUF_INIT;
	int line = 0;

	render(&b, "<p>{{name}}</p>", "{\"name\":\"<script>alert(1)</script>\"}");
	CHECK_STR(b.data, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
	    "a value is HTML-escaped by default");
	render(&b, "<a title=\"{{t}}\">", "{\"t\":\"\\\" onmouseover='x' &\"}");
	CHECK_STR(b.data, "<a title=\"&quot; onmouseover=&#39;x&#39; &amp;\">",
	    "quotes are escaped inside attributes");
	render(&b, "{{{html}}}", "{\"html\":\"<b>ok</b>\"}");
	CHECK_STR(b.data, "<b>ok</b>", "triple braces are raw");
	render(&b, "{{#xs}}[{{.}}]{{/xs}}", "{\"xs\":[\"a\",\"<\",3]}");
	CHECK_STR(b.data, "[a][&lt;][3]", "sections iterate arrays, escaped");
	render(&b, "{{#u}}{{name}} {{lang}}{{/u}}{{^u}}anon{{/u}}",
	    "{\"u\":{\"name\":\"王小明\"},\"lang\":\"zh-TW\"}");
	CHECK_STR(b.data, "王小明 zh-TW", "object sections push context; outer names resolve");
	render(&b, "{{#u}}x{{/u}}{{^u}}anon{{/u}}", "{\"u\":null}");
	CHECK_STR(b.data, "anon", "inverted sections render for null");
	render(&b, "{{a.b.c}}|{{missing}}|{{n}}", "{\"a\":{\"b\":{\"c\":\"deep\"}},\"n\":7}");
	CHECK_STR(b.data, "deep||7", "dotted names, missing values and numbers");
	render(&b, "{{#xs.0}}[{{/xs.0}}{{#xs}}{{.}}{{/xs}}{{#xs.0}}]{{/xs.0}}{{^ys.0}}none{{/ys.0}}",
	    "{\"xs\":[1,2],\"ys\":[]}");
	CHECK_STR(b.data, "[12]none", "list.0 tells an empty list from a full one");
	render(&b, "{{#a}}{{#b}}{{x}}{{/b}}{{/a}}", "{\"a\":{\"b\":[{\"x\":1},{\"x\":2}]}}");
	CHECK_STR(b.data, "12", "nested sections");
	CHECK(tmpl_check("{{#a}}x", &line) != NULL && line == 1,
	    "an unclosed section is refused with its line");
	CHECK(tmpl_check("a\n{{/a}}", &line) != NULL && line == 2,
	    "a stray close is refused with its line");
	CHECK(tmpl_check("{{#a}}{{/b}}", &line) != NULL, "mismatched close is refused");
	CHECK(tmpl_check("{{name", &line) != NULL, "an unclosed tag is refused");
	buf_reset(&b);
	buf_url(&b, "/a b&c=d/王");
	CHECK_STR(b.data, "/a%20b%26c%3Dd/%E7%8E%8B", "URL encoding of a path");
	buf_free(&b);
}

void
test_i18n(void)
{
	CHECK_STR(i18n_choose(NULL, "zh-TW,zh;q=0.9,en;q=0.8"), "zh-TW",
	    "a Taiwanese browser gets zh-TW");
	CHECK_STR(i18n_choose(NULL, "en-US,en;q=0.9"), "en", "an English browser gets en");
	CHECK_STR(i18n_choose(NULL, "fr;q=1, zh-Hant;q=0.5, en;q=0.4"), "zh-TW",
	    "the best supported q-value wins");
	CHECK_STR(i18n_choose(NULL, "zh-CN"), "en",
	    "Simplified Chinese is not served Traditional (falls back to en)");
	CHECK_STR(i18n_choose("zh-TW", "en"), "zh-TW", "the cookie beats the header");
	CHECK_STR(i18n_choose("xx", "en"), "en", "an unknown cookie is ignored");
	CHECK_STR(i18n_choose(NULL, NULL), "en", "no preference: the default");
	if (i18n_load("templates/i18n") != 0) {
		CHECK(0, "catalogs load from templates/i18n");
		return;
	}
	CHECK_STR(i18n_get("zh-TW", "signin"), "登入", "zh-TW message");
	CHECK_STR(i18n_get("en", "signin"), "Sign in", "en message");
	CHECK_STR(i18n_get("zh-TW", "no_such_key"), "no_such_key", "a missing key shows itself");
	{
		struct arena *a = arena_new();
		const char *kv[] = { "login", "ann{line}", "line", "3", NULL };

		CHECK_STR(i18n_fill(a, "\"{login}\" also at line {line}; {other} {", kv),
		    "\"ann{line}\" also at line 3; {other} {",
		    "i18n_fill fills the named places only, and never inside a value");
		CHECK_STR(i18n_msg(a, "zh-TW", "form_field_unknown", "field", "x", NULL),
		    "表單送出了此頁沒有的欄位：「x」。未儲存任何資料；請重新整理頁面後再作答。",
		    "i18n_msg: the catalog's text in the language, its place filled");
		arena_free(a);
	}
	{
		json_t *en = json_load_file("templates/i18n/en.json", 0, NULL);
		json_t *zh = json_load_file("templates/i18n/zh-TW.json", 0, NULL);
		const char *k;
		json_t *v;
		int missing = 0;

		json_object_foreach(en, k, v)
			if (json_object_get(zh, k) == NULL) {
				printf("  zh-TW lacks %s\n", k);
				missing++;
			}
		json_object_foreach(zh, k, v)
			if (json_object_get(en, k) == NULL) {
				printf("  en lacks %s\n", k);
				missing++;
			}
		CHECK(missing == 0, "both catalogs have the same keys (%d differ)", missing);
		json_decref(en);
		json_decref(zh);
	}
	/* The catalogs stay loaded: later groups read domain messages. */
}

static char tmpdir[64];

static const char *
temp_db(const char *name)
{
	static char path[128];

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/aicert-test-XXXXXX");
		if (mkdtemp(tmpdir) == NULL)
			abort();
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static int
pragma_int(struct store *s, const char *sql)
{
	struct stmt *st;
	int v = -1;

	if ((st = db_prepare(store_db(s), sql)) != NULL && db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

static const char *
pragma_text(struct store *s, const char *sql, char *out, size_t n)
{
	struct stmt *st;

	out[0] = '\0';
	if ((st = db_prepare(store_db(s), sql)) != NULL && db_step(st) == DB_ROW)
		snprintf(out, n, "%s", db_col_text(st, 0));
	db_finalize(st);
	return out;
}

static int
write_row(struct db *d, void *ctx)
{
	static const char sql[] = "INSERT INTO settings(key, value) VALUES (?, 'x')";
	struct stmt *st = db_stmt(d, sql);
	int keep = *(int *)ctx % 2 == 1;
	char key[32];

	snprintf(key, sizeof key, "k%d", *(int *)ctx);
	db_bind_text(st, 1, key);
	db_step(st);
	db_end(st);
	return keep ? 0 : -1;	/* even writers roll back their own row */
}

struct writer_arg {
	struct store *s;
	int base;
};

static void *
writer_thread(void *p)
{
	struct writer_arg *w = p;

	for (int i = 0; i < 25; i++) {
		int n = w->base + i;

		store_write(w->s, write_row, &n);
	}
	return NULL;
}

/* The statement helpers of store.h on a store holding the setting
 * greeting = 你好. */
static void
store_helpers(struct store *s)
{
	static const char by_key[] = "SELECT value FROM settings WHERE key = ?";
	static const char one_null[] = "SELECT NULL";
	static const char no_row[] = "SELECT 1 WHERE 0";
	static const char typed[] = "SELECT 1 AS i, 1.5 AS r, NULL AS n, 'x' AS t";
	struct db *d = store_db(s);
	struct arena *a = arena_new();
	struct stmt *st;
	json_t *rows;
	char *text;

	rows = db_json_rows(NULL);
	CHECK(db_done(NULL) == -1 && !db_exists(NULL) && db_one_int(NULL, 7) == 7 &&
	    db_one_text(a, NULL) == NULL && !db_row(NULL) && json_array_size(rows) == 0,
	    "a statement that failed to prepare reads as a failure or no row");
	json_decref(rows);
	db_end(NULL);
	CHECK_STR(db_one_text(a, db_stmt_text(d, by_key, "greeting")), "你好",
	    "db_one_text reads the first row's text by a text key");
	st = db_stmt_text(d, by_key, "nothing");
	CHECK(!db_exists(st) && !sqlite3_stmt_busy(st->lite), "db_exists: no row, and reset");
	CHECK(db_one_int(db_stmt(d, one_null), -2) == -2 &&
	    db_one_int(db_stmt(d, no_row), -3) == -3,
	    "db_one_int gives none for a NULL and for no row");
	text = db_one_text(a, db_stmt(d, one_null));
	CHECK(text == NULL, "db_one_text gives NULL for a NULL");
	CHECK(db_done(db_stmt(d, no_row)) == 0 && db_done(db_stmt(d, typed)) == -1,
	    "db_done: 0 when the statement ends, -1 when it gives a row");
	st = db_stmt(d, typed);
	CHECK(db_row(st) && sqlite3_stmt_busy(st->lite) && !db_row(st), "db_row steps row by row");
	db_end(st);
	CHECK(!sqlite3_stmt_busy(st->lite), "db_end resets");
	rows = db_json_rows(db_stmt(d, typed));
	text = json_dumps(rows, JSON_COMPACT);
	CHECK_STR(text, "[{\"i\":1,\"r\":1.5,\"n\":null,\"t\":\"x\"}]",
	    "db_json_rows: members named and typed as the columns");
	free(text);
	json_decref(rows);

	/* A connection keeps every statement the code holds, however many:
	 * the server once aborted at the 129th ("statement cache full"). */
	{
		enum { MANY = 1000 };
		char **sql = calloc(MANY, sizeof *sql);
		struct stmt **first = calloc(MANY, sizeof *first);
		int ok = 1, same = 1;

		for (int i = 0; i < MANY; i++) {
			sql[i] = arena_printf(a, "SELECT %d", i);
			first[i] = db_stmt(d, sql[i]);
			ok &= first[i] != NULL && db_one_int(first[i], -1) == i;
		}
		for (int i = 0; i < MANY; i++)
			same &= db_stmt(d, sql[i]) == first[i] && db_one_int(first[i], -1) == i;
		CHECK(ok, "1000 statements on one connection each prepare and read right");
		CHECK(same, "and each is kept: the same statement again, after the table grew");
		free(sql);
		free(first);
	}
	arena_free(a);
}

void
test_store(void)
{
	const char *path = temp_db("store.db");
	struct store *s;
	char *err = NULL, text[64];
	pthread_t th[8];
	struct writer_arg wa[8];
	uint64_t writes, commits;

	s = store_open(path, &err);
	CHECK(s != NULL, "a new database opens: %s", err ? err : "");
	if (s == NULL)
		return;
	CHECK(pragma_int(s, "PRAGMA user_version") == (int)schema_count,
	    "migrations bring user_version to %zu", schema_count);
	CHECK_STR(pragma_text(s, "PRAGMA journal_mode", text, sizeof text), "wal",
	    "the database is in WAL mode");
	CHECK(pragma_int(s, "PRAGMA foreign_keys") == 1, "foreign keys are on");
	CHECK(pragma_int(s, "PRAGMA synchronous") == 2, "synchronous is FULL");
	for (int i = 0; i < 8; i++) {
		wa[i].s = s;
		wa[i].base = i * 100;
		pthread_create(&th[i], NULL, writer_thread, &wa[i]);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	CHECK(pragma_int(s, "SELECT count(*) FROM settings WHERE key LIKE 'k%'") == 8 * 12,
	    "every kept write of 8 concurrent writers is committed, every failed one undone");
	store_stats(s, &writes, &commits);
	CHECK(writes == 200 && commits >= 1 && commits <= writes,
	    "200 writes in %llu commits", (unsigned long long)commits);
	CHECK(store_set_setting(s, "greeting", "你好") == 0, "a setting is written");
	store_helpers(s);
	store_close(s);
	s = store_open(path, &err);
	CHECK(s != NULL, "the database reopens without migrating twice");
	if (s != NULL) {
		char *v = store_setting(s, "greeting");

		CHECK_STR(v, "你好", "a committed setting survives a reopen");
		free(v);
		CHECK_STR(pragma_text(s, "PRAGMA integrity_check", text, sizeof text),
		    "ok", "integrity_check after reopen");
		sqlite3_exec(db_handle(store_db(s)), "PRAGMA user_version=999", NULL, NULL, NULL);
		store_close(s);
	}
	s = store_open(path, &err);
	CHECK(s == NULL && err != NULL && strstr(err, "newer") != NULL,
	    "a database from a newer aicert is refused with a clear message");
	free(err);
	store_close(s);
}

void
test_passwords(void)
{
	char hash[128];

	CHECK(password_hash(hash, "correct horse") == 0, "a password hashes");
	CHECK(strncmp(hash, "$argon2id$v=19$m=19456,t=2,p=1$", 31) == 0,
	    "hash is Argon2id with m=19 MiB, t=2: %.40s", hash);
	CHECK(password_check(hash, "correct horse"), "the right password matches");
	CHECK(!password_check(hash, "correct horsE"), "a wrong password does not");
	CHECK(!password_check("garbage", "x"), "a malformed hash matches nothing");
	CHECK(password_weakness("short", NULL, NULL, NULL) != NULL,
	    "a 5-character password is refused");
	CHECK(password_weakness("long enough", NULL, NULL, NULL) == NULL,
	    "an 11-character password is fine");
}

void
test_sessions(void)
{
	const char *path = temp_db("sessions.db");
	struct store *s;
	char *err = NULL, token[SESSION_TOKEN_LEN + 1], other[SESSION_TOKEN_LEN + 1];
	char csrf[CSRF_LEN + 1];
	struct arena *a = arena_new();
	struct user u;
	const char *why = NULL;
	int64_t id = 0;
	time_t exp;

	s = store_open(path, &err);
	if (s == NULL) {
		CHECK(0, "open: %s", err);
		free(err);
		arena_free(a);
		return;
	}
	CHECK(csrf_init(s) == 0, "the CSRF secret is created");
	CHECK(account_create(s, "wang", "王小明", "Wang Hsiao-Ming", ROLE_LEARNER,
	    "password123", &id, &why) == 0, "an account with a Chinese name is created");
	CHECK(account_create(s, "WANG", "x", NULL, ROLE_LEARNER, "password123", &id,
	    &why) != 0 && strcmp(why, "login_taken") == 0,
	    "logins are unique regardless of case");
	CHECK(account_create(s, "bad login", "x", NULL, ROLE_LEARNER, "password123",
	    &id, &why) != 0 && strcmp(why, "login_invalid") == 0, "spaces in a login are refused");
	CHECK(account_create(s, "ctl", "a\x01", NULL, ROLE_LEARNER, "password123",
	    &id, &why) != 0 && strcmp(why, "name_invalid") == 0, "control characters in a name are refused");
	CHECK(account_find(s, a, "wang", &u, NULL) == 1 && u.role == ROLE_LEARNER,
	    "the account is found by login");
	CHECK(session_create(s, u.id, token, &exp) == 0 && strlen(token) == 43,
	    "a session token is 43 URL-safe characters");
	memset(&u, 0, sizeof u);
	CHECK(session_lookup(s, a, token, &u) == 1, "the token finds its session");
	CHECK_STR(u.name, "王小明", "the session's user name");
	CHECK_STR(u.name_alt, "Wang Hsiao-Ming", "the session's alternative name");
	session_random_token(other);
	CHECK(session_lookup(s, a, other, &u) == 0, "a random token finds nothing");
	{
		struct stmt *st;
		int rows = -1;

		st = db_prepare(store_db(s), "SELECT count(*) FROM sessions WHERE token_hash = ?");
		db_bind_text(st, 1, token);
		if (db_step(st) == DB_ROW)
			rows = db_col_int(st, 0);
		db_finalize(st);
		CHECK(rows == 0, "the raw token is not what the database stores");
	}
	csrf_token(token, csrf);
	CHECK(csrf_check(token, csrf), "a CSRF token checks against its session");
	CHECK(!csrf_check(other, csrf), "a CSRF token does not fit another session");
	csrf[0] = csrf[0] == 'A' ? 'B' : 'A';
	CHECK(!csrf_check(token, csrf), "an altered CSRF token fails");
	CHECK(!csrf_check(token, NULL), "a missing CSRF token fails");
	CHECK(session_delete(s, token) == 0 && session_lookup(s, a, token, &u) == 0,
	    "a deleted session no longer signs in");
	store_close(s);
	arena_free(a);
}

void
test_ratelimit(void)
{
	time_t t = 1000000;
	int i, wait = 0;

	ratelimit_reset();
	for (i = 0; i < RL_ACCOUNT_FREE - 1; i++)
		ratelimit_fail("alice", "10.0.0.1", t);
	CHECK(ratelimit_check("alice", "10.0.0.1", t) == 0,
	    "%d failures do not lock an account yet", RL_ACCOUNT_FREE - 1);
	ratelimit_fail("alice", "10.0.0.1", t);
	wait = ratelimit_check("Alice", "10.0.0.1", t);
	CHECK(wait == 30, "the %dth failure locks the account from that address for "
	    "30 s (got %d), in any case", RL_ACCOUNT_FREE, wait);
	CHECK(ratelimit_check("alice", "10.0.0.9", t) == 0,
	    "the same account from an address that has not been failing is not locked");
	CHECK(ratelimit_check("bob", "10.0.0.1", t) == 0,
	    "other accounts behind the same address are not affected");
	ratelimit_fail("alice", "10.0.0.1", t + 31);
	CHECK(ratelimit_check("alice", "10.0.0.1", t + 31) == 60, "the lock doubles");
	ratelimit_success("alice", "10.0.0.1");
	CHECK(ratelimit_check("alice", "10.0.0.1", t + 31) == 0,
	    "a success clears the account's failures from that address");
	for (i = 0; i < RL_ADDR_MAX; i++) {
		char login[32];

		snprintf(login, sizeof login, "user%d", i);
		ratelimit_fail(login, "10.9.9.9", t);
	}
	CHECK(ratelimit_check("newcomer", "10.9.9.9", t) > 0,
	    "password spraying from one address is limited after %d failures", RL_ADDR_MAX);
	CHECK(ratelimit_check("newcomer", "10.9.9.8", t) == 0,
	    "another address is not");
	ratelimit_reset();
}
