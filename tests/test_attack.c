/*
 * test_attack.c - the attacks of docs/security.md against a real server, each a
 * test that fails if its defence goes: an authorization matrix generated
 * from the route table (every route x anonymous, two learners, two
 * trainers, admin, and two proctors: one of the sitting tried, one of
 * another), CSRF on every state-changing route, session fixation
 * and cookie flags, XSS and SQL injection in every field a user controls,
 * path traversal and size limits, slowloris and a connection flood from
 * one address, brute force on access codes and verification, deadlines
 * and replayed saves and a double submit, forged certificates.
 *
 * One server (--timeout 2 --per-ip-limit 20 --max-body-mb 1) carries it
 * all; the groups that lock the address out (brute force) run last, and a
 * restart with an https base URL checks the Secure flag.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cert_code.h"
#include "handlers.h"
#include "keys.h"
#include "test.h"
#include "testsrv.h"
#include "websess.h"

static struct testsrv srv;

/* ---- who asks ---- */

enum who { ANON, LA, LB, T1, T2, ADMIN, P1, P2, NWHO, LX = NWHO /* not in the matrix */ };

static const char *const who_name[NWHO] = {
	"anonymous", "learner A", "learner B", "trainer T1", "trainer T2", "admin",
	"proctor P1 (of T1's e-api sitting)", "proctor P2 (of another sitting)"
};
static const char *const who_login[NWHO] = {
	NULL, "la", "lb", "t1", "t2", "admin", "p1", "p2"
};
static const char *const who_pass[NWHO] = {
	NULL, "learner-a-pw", "learner-b-pw", "trainer-1-pw", "trainer-2-pw", "admin-pass-123",
	"proctor-1-pw", "proctor-2-pw"
};
static const enum role who_role[NWHO] = {
	ROLE_NONE, ROLE_LEARNER, ROLE_LEARNER, ROLE_TRAINER, ROLE_TRAINER, ROLE_ADMIN,
	ROLE_PROCTOR, ROLE_PROCTOR
};
static char tok[NWHO + 1][64];
static char pre_cookie[80], pre_csrf[128];	/* an anonymous browser's pair */

/* ---- the ids the fixtures create ---- */

static char att_ui[64], att_api[64], serial_a[64], file_a[80], code_a[1024];
static char code_b[1024], media_hash[80], sitting_api[24];
/* Exam day: a running attempt of learner A that nothing submits, for the
 * pause, resume and extend routes, and the sitting of T1's it was started
 * in (P1 its proctor, not P2), for the room-wide pause and resume. */
static char att_time[64], sitting_time[24];
/* Password-reset links of learners lr, lr2, lr3, lr4 (reset_links): [0]
 * for the API's route, [1] the page's; [2] to use twice, [3] an hour old. */
static char reset_link[4][65];

#define XS(tag) tag "<script>alert(1)</script>"
#define XI(tag) tag "\"><img src=x onerror=alert(1)>"
#define SEEN_S(tag) tag "&lt;script&gt;alert(1)&lt;/script&gt;"
#define SEEN_I(tag) tag "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
#define SQL_1 "'; DROP TABLE users; --"
#define SQL_2 "\" OR 1=1 --"

static const char core_bank[] =
    "$CATEGORY: core/all\n\n"
    "// [id:k1]\n::K1::Question one{=right ~wrong}\n\n"
    "// [id:k2]\n::K2::Question two{=right ~wrong}\n\n"
    "// [id:k3]\n::K3::Question three{=right ~wrong}\n\n"
    "// [id:k9]\n::K9::[plain]Robert" SQL_1 " wrote this{=right ~wrong}\n\n"
    /* Certificate exams draw here: no exam that shows keys may (exam_overlap.h). */
    "$CATEGORY: core/cert\n\n"
    "// [id:kc1]\n::KC1::Certified one{=right ~wrong}\n\n"
    "// [id:kc2]\n::KC2::Certified two{=right ~wrong}\n";

/* Plain text shows escaped; [html] and Moodle's format are sanitized. */
static const char xss_bank[] =
    "$CATEGORY: xss/" XS("CT") "\n\n"
    "// [id:x1]\n::" XS("QT") "::[plain]" XS("QS") " and \"><img src\\=x onerror\\=alert(1)> QI"
    "{=" XS("QR") "#QF\"><img src\\=x onerror\\=alert(1)> ~QW\"><img src\\=x onerror\\=alert(1)>"
    "#" XS("QG") " ####" XS("GF") "}\n\n"
    "$CATEGORY: xss/b\n\n"
    "// [id:x2]\n::H::[html]<p>HS <script>alert(1)</script> \"><img src\\=x onerror\\=alert(1)></p>"
    "{=<b>right</b><script>alert(1)</script>#<img src\\=x onerror\\=alert(1)> "
    "~<img src\\=x onerror\\=alert(1)>wrong}\n\n"
    "// [id:x3]\n::M::MS <script>alert(1)</script> <img src\\=x onerror\\=alert(1)>"
    "{=right<script>alert(1)</script> ~wrong<img src\\=x onerror\\=alert(1)>}\n";

static const char media_bank[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
    "<question type=\"category\"><category><text>$course$/media</text></category></question>\n"
    "<question type=\"multichoice\"><name><text>Pic</text></name>\n"
    "<questiontext format=\"html\"><text><![CDATA[<p>Dot <img src=\"@@PLUGINFILE@@/dot.png\">"
    "</p>]]></text>\n<file name=\"dot.png\" path=\"/\" encoding=\"base64\">"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    "</file></questiontext>\n<single>true</single>\n"
    "<answer fraction=\"100\"><text>right</text></answer>\n"
    "<answer fraction=\"0\"><text>wrong</text></answer>\n</question>\n</quiz>\n";

/* An exam of T1's drawing 2 questions from core/all, or from core/cert
 * for a certificate exam. */
static char *
exam_def(const char *id, int duration, int grace, int cert, const char *review)
{
	static char buf[8][1024];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, 1024, "{\"id\":\"%s\",\"title\":{\"en\":\"Exam %s\",\"zh-TW\":\"考試 %s\"},"
	    "\"duration_s\":%d,\"grace_s\":%d,\"pass_percent\":50,\"languages\":[\"en\"],"
	    "\"review\":\"%s\",%s\"bank\":\"core\",\"sections\":[{\"category\":\"core/%s\",\"count\":2}]}",
	    id, id, id, duration, grace, review,
	    cert ? "\"certificate\":{\"valid_years\":2}," : "", cert ? "cert" : "all");
	return b;
}

/* ---- HTTP ---- */

/* One request as w (a Bearer token: no CSRF involved), in English. */
static int
as(enum who w, const char *method, const char *path, const char *ctype,
    const char *body, const char *extra, struct resp *r)
{
	char h[2048];
	int n = snprintf(h, sizeof h, "Accept-Language: en\r\n");

	if (w != ANON)
		n += snprintf(h + n, sizeof h - (size_t)n, "Authorization: Bearer %s\r\n", tok[w]);
	if (ctype != NULL)
		n += snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n", ctype);
	if (extra != NULL)
		snprintf(h + n, sizeof h - (size_t)n, "%s", extra);
	return http_req(srv.port, method, path, h, body, body ? strlen(body) : 0, r);
}

/* A JSON API request as w (testsrv_api with w's token). */
static json_t *
call(enum who w, const char *method, const char *path, const char *body, int *status)
{
	return testsrv_api(&srv, tok[w], method, path, body, status);
}

/* The whole Set-Cookie value for cookie name, into out; NULL if none. */
static const char *
set_cookie(const struct resp *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);

	for (const char *p = r->head; p != NULL && *p; ) {
		const char *eol = strstr(p, "\r\n");

		if (strncasecmp(p, "Set-Cookie: ", 12) == 0 && strncmp(p + 12, name, nl) == 0 &&
		    p[12 + nl] == '=') {
			size_t len = eol ? (size_t)(eol - p - 12) : strlen(p + 12);

			snprintf(out, n, "%.*s", (int)len, p + 12);
			return out;
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

/* The CSRF token the pages give the session behind token. */
static void
csrf_for_session(const char *token, char *out, size_t n)
{
	char h[256];
	struct resp r;

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", token);
	out[0] = '\0';
	if (http_req(srv.port, "GET", "/", h, NULL, 0, &r) == 0)
		web_csrf_of(r.body, out, n);
	resp_free(&r);
}

/* A fresh anonymous browser: its pre-session cookie and form token. */
static void
anonymous_browser(char *cookie, size_t cn, char *csrf, size_t tn)
{
	struct resp r;

	cookie[0] = csrf[0] = '\0';
	if (http_req(srv.port, "GET", "/signin", NULL, NULL, 0, &r) == 0) {
		resp_cookie(&r, "aicert_pre", cookie, cn);
		web_csrf_of(r.body, csrf, tn);
	}
	resp_free(&r);
}

/* ---- taking exams ---- */

/* Starts exam for w; the attempt view (caller frees). */
static json_t *
start(enum who w, const char *exam, int *status)
{
	char path[256];

	snprintf(path, sizeof path, "/api/v1/exams/%s/attempts", exam);
	return call(w, "POST", path, "{\"lang\":\"en\"}", status);
}

/* The id of the choice whose text contains word, or "c1". */
static const char *
choice_with(const json_t *item, const char *word)
{
	size_t k;
	json_t *c;

	json_array_foreach(json_object_get(item, "choices"), k, c)
		if (strstr(testsrv_jstr(c, "text"), word) != NULL)
			return testsrv_jstr(c, "id");
	return "c1";
}

/* Answers every item of att with the choice holding word. */
static void
answer_all(enum who w, const json_t *att, const char *word)
{
	size_t i;
	json_t *it;
	char path[256], body[160];
	int status;

	json_array_foreach(json_object_get(att, "items"), i, it) {
		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", testsrv_jstr(att, "id"),
		    testsrv_jstr(it, "id"));
		snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":1}",
		    choice_with(it, word));
		json_decref(call(w, "PUT", path, body, &status));
	}
}

static json_t *
submit(enum who w, const char *id, int *status)
{
	char path[320];

	snprintf(path, sizeof path, "/api/v1/attempts/%s/submit", id);
	return call(w, "POST", path, NULL, status);
}

/* The code in a verify URL. */
static void
code_from(const json_t *submitted, char *out, size_t n)
{
	const char *url = testsrv_jstr(json_object_get(submitted, "certificate"), "verify_url");
	const char *v = strstr(url, "/V/");

	snprintf(out, n, "%s", v ? v + 3 : "");
}

/* ---- setting the scene ---- */

/* Users, banks, exams of T1 and T2, A's attempts and certificate. */
/* Four reset links of lr's straight into the database (no mail server
 * here): each a random token whose SHA-256 alone is stored, as aicert
 * stores them; the last one an hour old. 0 or -1. */
static int
reset_links(void)
{
	static const char sql[] =
	    "INSERT INTO password_resets(token_hash, user_id, created_at, expires_at) "
	    "SELECT ?1, id, ?2, ?3 FROM users WHERE login = ?4";
	/* one account each: setting a password spends every link of it */
	static const char *const login[4] = { "lr", "lr2", "lr3", "lr4" };
	int rc = 0;
	long long now = (long long)time(NULL);

	for (int i = 0; i < 4 && rc == 0; i++) {
		unsigned char raw[32], h[32];

		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(reset_link[i], sizeof reset_link[i], raw, sizeof raw);
		crypto_hash_sha256(h, (const unsigned char *)reset_link[i], 64);
		rc = testsrv_db_run(&srv, NULL, 0, sql, "biit", h, sizeof h,
		    i == 3 ? now - 3601 : now, i == 3 ? now - 1 : now + 3600, login[i]) == 1 ?
		    0 : -1;
	}
	return rc;
}

static int
fixtures(void)
{
	char out[4096], path[64];
	json_t *j;
	int status;
	struct resp r;

	testsrv_cli(&srv, "learner-a-pw\n", out, sizeof out, "user", "add", "--login", "la",
	    "--name", "Learner A", "--role", "learner", NULL);
	testsrv_cli(&srv, "learner-b-pw\n", out, sizeof out, "user", "add", "--login", "lb",
	    "--name", "Learner B", "--role", "learner", NULL);
	testsrv_cli(&srv, "trainer-1-pw\n", out, sizeof out, "user", "add", "--login", "t1",
	    "--name", "Trainer One", "--role", "trainer", NULL);
	testsrv_cli(&srv, "trainer-2-pw\n", out, sizeof out, "user", "add", "--login", "t2",
	    "--name", "Trainer Two", "--role", "trainer", NULL);
	testsrv_cli(&srv, "proctor-1-pw\n", out, sizeof out, "user", "add", "--login", "p1",
	    "--name", "Proctor One", "--role", "proctor", NULL);
	testsrv_cli(&srv, "proctor-2-pw\n", out, sizeof out, "user", "add", "--login", "p2",
	    "--name", "Proctor Two", "--role", "proctor", NULL);
	/* the learners the matrix's admin erases */
	testsrv_cli(&srv, "erase-me-pw1\n", out, sizeof out, "user", "add", "--login", "ex1",
	    "--name", "Erase One", "--role", "learner", NULL);
	testsrv_cli(&srv, "erase-me-pw2\n", out, sizeof out, "user", "add", "--login", "ex2",
	    "--name", "Erase Two", "--role", "learner", NULL);
	CHECK(testsrv_cli(&srv, "learner-x-pw\n", out, sizeof out, "user", "add", "--login", "lx",
	    "--name", XS("UN"), "--name-alt", XI("UA"), "--role", "learner", NULL) == 0,
	    "a learner with a hostile name is added: %s", out);
	for (int i = 1; i <= 4; i++) {
		char login[8];

		snprintf(login, sizeof login, i == 1 ? "lr" : "lr%d", i);
		testsrv_cli(&srv, "learner-r-pw\n", out, sizeof out, "user", "add", "--login", login,
		    "--name", "Learner R", "--role", "learner", NULL);
	}
	CHECK(reset_links() == 0, "reset links are made for learner lr");
	if (testsrv_start(&srv, "--timeout", "2", "--per-ip-limit", "20", "--max-body-mb", "1",
	    NULL) != 0) {
		CHECK(0, "server starts");
		return -1;
	}
	for (int w = LA; w < NWHO; w++) {
		testsrv_signin(&srv, who_login[w], who_pass[w], tok[w], sizeof tok[w]);
		CHECK(tok[w][0] != '\0', "%s signs in", who_name[w]);
	}
	anonymous_browser(pre_cookie, sizeof pre_cookie, pre_csrf, sizeof pre_csrf);
	CHECK(pre_cookie[0] && pre_csrf[0], "an anonymous browser gets a pre-session and a token");

	CHECK(as(T1, "POST", "/api/v1/banks?bank=core&filename=core.gift", "text/plain", core_bank,
	    NULL, &r) == 0 && r.status == 201, "T1 uploads the core bank (%d %s)", r.status,
	    r.body ? r.body : "");
	resp_free(&r);
	CHECK(as(T1, "POST", "/api/v1/banks?bank=media&filename=media.xml", "application/xml",
	    media_bank, NULL, &r) == 0 && r.status == 201, "T1 uploads a bank with an image (%d %s)",
	    r.status, r.body ? r.body : "");
	resp_free(&r);
	testsrv_db_run(&srv, media_hash, sizeof media_hash, "SELECT hash FROM files LIMIT 1", "");
	CHECK(strlen(media_hash) == 64, "the image is stored under its hash");

	{
		static const char *const ids[] = { "e-ui", "e-api", "e-start", "e-cert", "e-tabs",
		    "e-part1", "e-part2" };

		for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
			int cert = i >= 3;	/* e-cert, e-tabs, and a programme's parts */

			j = call(T1, "POST", "/api/v1/exams", exam_def(ids[i], 3600, 30, cert,
			    cert ? "by_section" : "with_keys"), &status);
			CHECK(status == 201, "T1 creates exam %s (%d)", ids[i], status);
			json_decref(j);
		}
		j = call(T1, "POST", "/api/v1/exams", exam_def("quick", 2, 0, 0, "score"), &status);
		CHECK(status == 201, "T1 creates a 2 s exam with no grace (%d)", status);
		json_decref(j);
		CHECK(as(T2, "POST", "/api/v1/banks?bank=t2core&filename=core.gift", "text/plain",
		    core_bank, NULL, &r) == 0 && r.status == 201, "T2 uploads a bank of their own "
		    "(%d)", r.status);
		resp_free(&r);
		j = call(T2, "POST", "/api/v1/exams", "{\"id\":\"t2-exam\",\"title\":{\"en\":"
		    "\"T2\",\"zh-TW\":\"T2\"},\"duration_s\":600,\"pass_percent\":50,"
		    "\"languages\":[\"en\"],\"bank\":\"t2core\",\"sections\":[{\"category\":"
		    "\"core/all\",\"count\":2}]}", &status);
		CHECK(status == 201, "T2 creates an exam of their own (%d)", status);
		json_decref(j);
		/* An admin books learner A into a sitting of T1's exam: T1
		 * manages A from then on, T2 never (owner.h); lr too, whose
		 * password the console's new-password route changes. */
		j = call(ADMIN, "POST", "/api/v1/exams/e-start/sittings",
		    "{\"name\":\"Booked\",\"members\":[\"la\",\"lr\"],\"proctors\":[\"p2\"]}",
		    &status);
		CHECK(status == 201, "an admin books learner A into T1's sitting (%d)", status);
		json_decref(j);
		j = call(ADMIN, "POST", "/api/v1/exams/t2-exam/sittings",
		    "{\"name\":\"Booked\",\"members\":[\"lb\"]}", &status);
		CHECK(status == 201, "and learner B into T2's (%d)", status);
		json_decref(j);
		/* A sitting of e-api for its seat and door lists, its
		 * check-in and room: learner A in it, P1 its proctor. */
		j = call(T1, "POST", "/api/v1/exams/e-api/sittings",
		    "{\"name\":\"Lists\",\"room\":\"R1\",\"members\":[\"la\"],"
		    "\"proctors\":[\"p1\"]}", &status);
		snprintf(sitting_api, sizeof sitting_api, "%lld",
		    (long long)json_integer_value(json_object_get(j, "id")));
		CHECK(status == 201, "T1 makes a sitting of e-api (%d)", status);
		json_decref(j);
	}

	/* A's attempts: one for the pages, one for the API, a certificate. */
	j = start(LA, "e-ui", &status);
	snprintf(att_ui, sizeof att_ui, "%s", testsrv_jstr(j, "id"));
	json_decref(j);
	j = start(LA, "e-api", &status);
	snprintf(att_api, sizeof att_api, "%s", testsrv_jstr(j, "id"));
	json_decref(j);
	CHECK(att_ui[0] && att_api[0], "learner A has two running attempts");
	j = call(T1, "POST", "/api/v1/exams", exam_def("e-time", 3600, 30, 0, "with_keys"),
	    &status);
	json_decref(j);
	j = call(T1, "POST", "/api/v1/exams/e-time/sittings",
	    "{\"name\":\"Timed\",\"members\":[\"la\"],\"proctors\":[\"p1\"]}", &status);
	snprintf(sitting_time, sizeof sitting_time, "%lld",
	    (long long)json_integer_value(json_object_get(j, "id")));
	CHECK(status == 201, "T1 books A into a sitting of e-time, P1 its proctor (%d)", status);
	json_decref(j);
	j = start(LA, "e-time", &status);
	snprintf(att_time, sizeof att_time, "%s", testsrv_jstr(j, "id"));
	json_decref(j);
	CHECK(att_time[0] != '\0' && testsrv_db_int(&srv, "SELECT sitting_id FROM attempts "
	    "WHERE public_id = ?1", att_time) == atoll(sitting_time),
	    "learner A has a running attempt in P1's sitting for the proctor's routes");
	j = start(LA, "e-cert", &status);
	answer_all(LA, j, "right");
	snprintf(path, sizeof path, "%s", testsrv_jstr(j, "id"));
	json_decref(j);
	j = submit(LA, path, &status);
	snprintf(serial_a, sizeof serial_a, "%s",
	    testsrv_jstr(json_object_get(j, "certificate"), "serial"));
	snprintf(file_a, sizeof file_a, "%s.pdf", serial_a);
	code_from(j, code_a, sizeof code_a);
	CHECK(serial_a[0] && strlen(code_a) > 50, "learner A holds a certificate of T1's exam");
	json_decref(j);
	/* A learner of T1's for the new-code routes, which end the
	 * learner's password and sessions (learner A's must go on). */
	CHECK(as(T1, "POST", "/api/v1/users/import", "text/csv", "login,name\nlc,Learner C\n",
	    NULL, &r) == 0 && r.status == 201, "T1 imports learner C (%d)", r.status);
	resp_free(&r);
	/* A framework whose version 1 the framework routes read. */
	j = call(T1, "POST", "/api/v1/frameworks", "{\"id\":\"mx\",\"version\":\"1\","
	    "\"title\":{\"en\":\"Matrix\",\"zh-TW\":\"M\"},\"competencies\":[{\"code\":"
	    "\"MX.1\",\"title\":{\"en\":\"M\",\"zh-TW\":\"M\"}}]}", &status);
	CHECK(status == 201, "T1 adds the framework mx (%d)", status);
	json_decref(j);
	return 0;
}

/* ---- 1. the authorization matrix ---- */

enum kind {
	K_PUBLIC,	/* anyone */
	K_ROLE,		/* the route's least role is the only rule */
	K_OWNER,	/* learner A's attempt: A alone (nobody writes for a learner) */
	K_HOLDER,	/* A's attempt or certificate: A, and who manages T1's exam */
	K_MANAGER,	/* T1's exam: T1 and admins, not T2 */
	K_BANK,		/* T1's bank: T1 and admins, not T2 */
	K_LEARNER,	/* learner A, booked into T1's sitting: T1 and admins
			 * (learner B is T2's: the escalation tests) */
	K_PROCTOR,	/* T1's e-api sitting (or e-time's, and the attempt
			 * started in it): T1, admins and its proctor P1,
			 * never T2 nor P2 (another sitting's proctor) */
	K_CONFIRM,	/* erasing one's own account: every signed-in role
			 * reaches the handler, which refuses the matrix's
			 * confirmation (400); test_erase.c erases for real */
};

/* A 1 x 1 PNG, base64. */
#define TINY_PNG "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

static const struct fixture {
	const char *method, *pattern;
	enum kind kind;
	const char *query;		/* appended to the path */
	const char *ctype, *body;	/* "{n}" in body: a fresh number */
	int fresh;			/* ends the session: use a throwaway one */
} fixtures_tab[] = {
#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"
	{ "GET", "/", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/healthz", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/lang/{code}", K_PUBLIC, "?next=/", NULL, NULL, 0 },
	{ "GET", "/static/{*name}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/media/{hash}", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/signin", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/signin", K_PUBLIC, NULL, FORM, "login=la&password=learner-a-pw", 0 },
	{ "POST", "/signout", K_ROLE, NULL, FORM, "", 1 },
	{ "GET", "/register", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/register", K_PUBLIC, NULL, FORM,
	    "login=reg{n}&name=Reg&email=reg{n}%40example.com&password=abcdefgh1"
	    "&password2=abcdefgh1&agree=1", 0 },
	{ "GET", "/me", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/exams/{exam}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/exams/{exam}/start", K_ROLE, NULL, FORM, "lang=en", 0 },
	{ "GET", "/attempts/{id}", K_OWNER, NULL, NULL, NULL, 0 },
	{ "POST", "/attempts/{id}/save", K_OWNER, NULL, FORM, "page=1&go=stay", 0 },
	{ "GET", "/attempts/{id}/finish", K_OWNER, NULL, NULL, NULL, 0 },
	{ "POST", "/attempts/{id}/submit", K_OWNER, NULL, FORM, "", 0 },
	{ "GET", "/attempts/{id}/result", K_HOLDER, NULL, NULL, NULL, 0 },
	{ "GET", "/console", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/banks/upload", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/banks/upload", K_BANK, NULL, "multipart/form-data; boundary=XyZ",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"bank\"\r\n\r\nmx\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mx.gift\"\r\n"
	    "Content-Type: text/plain\r\n\r\n// [id:m1]\n::M::Matrix {n}{=right ~wrong}\n\r\n"
	    "--XyZ--\r\n", 0 },
	{ "GET", "/console/banks/{bank}", K_BANK, NULL, NULL, NULL, 0 },
	{ "POST", "/console/banks/{bank}/retire", K_BANK, NULL, FORM, "key=k1&retire=0", 0 },
	{ "GET", "/console/exams/new", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/exams/new", K_ROLE, NULL, FORM, "more=1", 0 },
	{ "GET", "/console/exams/{exam}", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/console/exams/{exam}/edit", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "POST", "/console/exams/{exam}/edit", K_MANAGER, NULL, FORM, "more=1", 0 },
	{ "POST", "/console/exams/{exam}/sittings", K_MANAGER, NULL, FORM,
	    "name=Sitting+{n}&opens=2001-01-01T00%3A00&closes=2099-01-01T00%3A00&members=", 0 },
	{ "GET", "/console/exams/{exam}/sittings/{sitting}", K_MANAGER, "?list=door", NULL, NULL, 0 },
	{ "POST", "/console/exams/{exam}/regrade", K_MANAGER, NULL, FORM, "", 0 },
	{ "POST", "/console/certificates/{serial}/revoke", K_MANAGER, NULL, FORM,
	    "reason=matrix&exam=e-cert", 0 },
	{ "GET", "/console/attempts/{id}", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "POST", "/console/attempts/{id}/time", K_MANAGER, NULL, FORM,
	    "do=note&note=matrix+{n}", 0 },
	{ "GET", "/console/people", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/people", K_ROLE, NULL, FORM,
	    "csv=login%2Cname%0Acon{n}%2CConsole+{n}%0A&codes_days=1", 0 },
	{ "GET", "/console/people/slips/{import}", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/people/accommodation", K_LEARNER, NULL, FORM, "login=la&multiplier=1", 0 },
	{ "POST", "/console/people/unlock", K_LEARNER, NULL, FORM, "login=la", 0 },
	{ "GET", "/console/audit", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/users", K_ROLE, "?q=l", NULL, NULL, 0 },
	{ "POST", "/console/users/{login}", K_ROLE, NULL, FORM, "role=learner&disabled=0", 0 },
	{ "GET", "/v/{code}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/V/{code}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/.well-known/aicert-keys.json", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/session", K_PUBLIC, NULL, JSON,
	    "{\"login\":\"la\",\"password\":\"learner-a-pw\"}", 0 },
	{ "DELETE", "/api/v1/session", K_ROLE, NULL, NULL, NULL, 1 },
	{ "GET", "/api/v1/me", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/banks", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/banks", K_BANK, "?bank=mx&filename=mx.gift", "text/plain",
	    "// [id:m1]\n::M::Matrix {n}{=right ~wrong}\n", 0 },
	{ "GET", "/api/v1/banks/{bank}/questions", K_BANK, "?q=one", NULL, NULL, 0 },
	{ "GET", "/api/v1/banks/{bank}/versions", K_BANK, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/banks/{bank}/items/{key}/retire", K_BANK, NULL, JSON,
	    "{\"retired\":false}", 0 },
	{ "POST", "/api/v1/users/import", K_ROLE, "?codes_days=1", "text/csv",
	    "login,name\nimp{n},Imported {n}\n", 0 },
	{ "GET", "/api/v1/users", K_ROLE, "?q=l&page=1", NULL, NULL, 0 },
	{ "PATCH", "/api/v1/users/{login}", K_ROLE, NULL, JSON,
	    "{\"role\":\"learner\",\"disabled\":false}", 0 },
	{ "GET", "/api/v1/audit", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/audit.csv", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/exams", K_MANAGER, NULL, JSON, NULL /* e-api's definition */, 0 },
	{ "POST", "/api/v1/exams/{exam}/attempts", K_ROLE, NULL, JSON, "{\"lang\":\"en\"}", 0 },
	{ "GET", "/api/v1/exams/{exam}", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/results", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/results.csv", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/item-stats", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/exams/{exam}/regrade", K_MANAGER, NULL, JSON, "{}", 0 },
	{ "GET", "/api/v1/exams/{exam}/sittings", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/exams/{exam}/sittings", K_MANAGER, NULL, JSON,
	    "{\"name\":\"Sitting {n}\",\"opens_at\":1000000000,\"closes_at\":4102444800}", 0 },
	{ "GET", "/api/v1/attempts/{id}", K_HOLDER, NULL, NULL, NULL, 0 },
	{ "PUT", "/api/v1/attempts/{id}/responses/{item}", K_OWNER, NULL, JSON,
	    "{\"response\":{},\"seq\":{n}}", 0 },
	{ "PUT", "/api/v1/attempts/{id}/flags/{item}", K_OWNER, NULL, JSON,
	    "{\"flagged\":true}", 0 },
	{ "POST", "/api/v1/attempts/{id}/events", K_OWNER, NULL, JSON,
	    "{\"kind\":\"blur\",\"detail\":\"matrix\"}", 0 },
	{ "POST", "/api/v1/attempts/{id}/submit", K_OWNER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/attempts/{id}/result", K_HOLDER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/attempts/{id}/events", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "PUT", "/api/v1/users/{login}/accommodations", K_LEARNER, NULL, JSON,
	    "{\"time_multiplier\":1}", 0 },
	{ "POST", "/api/v1/users/{login}/unlock", K_LEARNER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/certificates", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/certificates/{file}", K_HOLDER, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/certificates/{serial}/revoke", K_MANAGER, NULL, JSON,
	    "{\"reason\":\"matrix\"}", 0 },
	{ "POST", "/api/v1/certificates/{serial}/reissue", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/status-list", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/verify/{code}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/attempts/{id}/pause", K_PROCTOR, NULL, JSON,
	    "{\"reason\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/attempts/{id}/resume", K_PROCTOR, NULL, JSON,
	    "{\"reason\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/attempts/{id}/extend", K_PROCTOR, NULL, JSON,
	    "{\"seconds\":1,\"reason\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/attempts/{id}/incidents", K_PROCTOR, NULL, JSON,
	    "{\"note\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/sittings/{id}/pause", K_PROCTOR, NULL, JSON,
	    "{\"reason\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/sittings/{id}/resume", K_PROCTOR, NULL, JSON,
	    "{\"reason\":\"matrix {n}\"}", 0 },
	{ "GET", "/exams/{exam}/seb", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/console/exams/{exam}/seb", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/console/sittings", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/sittings/{sitting}/checkin", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "POST", "/console/sittings/{sitting}/checkin", K_PROCTOR, NULL, FORM,
	    "login=la&id_type=passport&id_last4=1234", 0 },
	{ "GET", "/console/sittings/{sitting}/room", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "POST", "/console/sittings/{sitting}/room", K_PROCTOR, NULL, FORM,
	    "do=resume_all&reason=matrix+{n}", 0 },
	{ "GET", "/api/v1/sittings/{sitting}/room", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/sittings/{sitting}/checkin", K_PROCTOR, NULL, JSON,
	    "{\"login\":\"la\",\"confirmed\":true}", 0 },
	{ "DELETE", "/api/v1/sittings/{sitting}/checkin/{login}", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/sittings/{sitting}/proctors", K_MANAGER, NULL, JSON,
	    "{\"login\":\"p1\"}", 0 },
	{ "GET", "/console/sittings/{sitting}/report", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "GET", "/console/sittings/{sitting}/report.csv", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "GET", "/console/sittings/{sitting}/report.pdf", K_PROCTOR, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/certificates.zip", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/certificates.csv", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/sittings/{sitting}/certificates.zip", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/sittings/{sitting}/certificates.csv", K_MANAGER, NULL, NULL, NULL, 0 },
	/* the issuer: the admin's PUT (before the GETs in the table) sets the
	 * logo, seal and privacy text the public routes then serve */
	{ "GET", "/api/v1/issuer", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "PUT", "/api/v1/issuer", K_ROLE, NULL, JSON,
	    "{\"short_name\":\"matrix {n}\",\"privacy\":\"matrix notice {n}\","
	    "\"logo\":{\"media_type\":\"image/png\",\"data\":\"" TINY_PNG "\"},"
	    "\"seal\":{\"media_type\":\"image/png\",\"data\":\"" TINY_PNG "\"}}", 0 },
	{ "GET", "/issuer/logo", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/issuer/seal", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/issuer/privacy", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/console/issuer", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/issuer", K_ROLE, NULL, FORM, "short_name=matrix+{n}", 0 },
	/* revoked certificates: each trainer lists their own exams' (the
	 * revoke group checks T2 sees none of T1's); naming an exam is
	 * managing it */
	{ "GET", "/console/certificates", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/certificates.csv", K_MANAGER, "?exam=e-cert", NULL, NULL, 0 },
	/* lookup from a paper copy: {serial} and {check} are learner A's */
	{ "GET", "/verify", K_PUBLIC, "?serial={serial}&check={check}", NULL, NULL, 0 },
	{ "GET", "/api/v1/lookup", K_PUBLIC, "?serial={serial}&check={check}", NULL, NULL, 0 },
	{ "GET", "/api/v1/certificates/{serial}/credential", K_HOLDER, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/status/1", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/credentials/verify", K_PUBLIC, NULL, JSON, "{}", 0 },
	{ "GET", "/verify/credential", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/verify/credential", K_PUBLIC, NULL, FORM, "credential=%7B%7D", 0 },
	/* access-code learners and names: a correction to the names learner A
	 * has (nothing re-issued: A's certificate stays valid); new codes for
	 * learner C, T1's (they end C's password and sessions) */
	{ "GET", "/welcome", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/welcome", K_ROLE, NULL, FORM, "password=x&password2=y", 0 },
	{ "POST", "/me/name", K_ROLE, NULL, FORM, "name=Matrix+{n}&note=matrix", 0 },
	{ "POST", "/console/people/name", K_LEARNER, NULL, FORM,
	    "login=la&name=Learner+A&reason=matrix+{n}", 0 },
	{ "POST", "/console/people/code", K_LEARNER, NULL, FORM, "login=lc&codes_days=1", 0 },
	{ "POST", "/api/v1/users/{login}/name", K_LEARNER, NULL, JSON,
	    "{\"name\":\"Learner A\",\"reason\":\"matrix {n}\"}", 0 },
	{ "POST", "/api/v1/users/{login}/code", K_LEARNER, NULL, JSON, "{\"days\":1}", 0 },
	{ "GET", "/api/v1/name-requests", K_ROLE, NULL, NULL, NULL, 0 },
	/* personal data: the notice is public; consent and the export are
	 * the caller's own (no path names another account); the admin
	 * alone publishes a new version */
	{ "GET", "/privacy", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "GET", "/consent", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/consent", K_ROLE, NULL, FORM, "version=1&agree=1", 0 },
	{ "GET", "/api/v1/me/consent", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/me/consent", K_ROLE, NULL, JSON, "{\"version\":1}", 0 },
	{ "GET", "/api/v1/me/export", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/notice", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/notice", K_ROLE, NULL, FORM,
	    "text_en=Notice+{n}&text_zh=%E5%91%8A%E7%9F%A5{n}", 0 },
	/* mail: a reset asked for anyone answers the same; {token} is a
	 * link made for each route (reset_links) */
	{ "POST", "/api/v1/password-reset", K_PUBLIC, NULL, JSON, "{\"login\":\"nobody{n}\"}", 0 },
	{ "POST", "/api/v1/password-reset/{token}", K_PUBLIC, NULL, JSON,
	    "{\"password\":\"Matrix-pass-{n}\"}", 0 },
	{ "GET", "/reset", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/reset", K_PUBLIC, NULL, FORM, "who=nobody{n}", 0 },
	{ "GET", "/reset/{token}", K_PUBLIC, NULL, NULL, NULL, 0 },
	{ "POST", "/reset/{token}", K_PUBLIC, NULL, FORM,
	    "password=Matrix-pass-{n}&password2=Matrix-pass-{n}", 0 },
	{ "GET", "/api/v1/outbox", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/outbox/retry", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/console/outbox", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/outbox/retry", K_ROLE, NULL, FORM, "", 0 },
	{ "POST", "/me/mail", K_ROLE, NULL, FORM, "notify_issued=1&notify_revoked=1", 0 },
	{ "POST", "/console/people/password", K_LEARNER, NULL, FORM, "login=lr", 0 },
	{ "GET", "/console/people/password/{import}", K_ROLE, NULL, NULL, NULL, 0 },
	/* erasure: one's own needs a confirmation the matrix never gives;
	 * an admin's erases the throwaway learners ex1 and ex2 ({login}) */
	{ "GET", "/me/erase", K_ROLE, "?step=confirm", NULL, NULL, 0 },
	{ "POST", "/me/erase", K_CONFIRM, NULL, FORM, "login=nobody&password=x", 0 },
	{ "POST", "/console/users/{login}/erase", K_ROLE, NULL, FORM, "confirm=ex2", 0 },
	{ "POST", "/api/v1/me/erase", K_CONFIRM, NULL, JSON, "{\"password\":1}", 0 },
	{ "POST", "/api/v1/users/{login}/erase", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/api/v1/banks/{bank}/competencies", K_BANK, NULL, NULL, NULL, 0 },
	/* a graded attempt's score report: A's, and who manages T1's exam */
	{ "GET", "/attempts/{id}/report.pdf", K_HOLDER, NULL, NULL, NULL, 0 },
	/* the cohort by competency and item statistics a page at a time */
	{ "GET", "/console/exams/{exam}/cohort", K_MANAGER, "?by=month", NULL, NULL, 0 },
	{ "GET", "/console/exams/{exam}/cohort.csv", K_MANAGER, NULL, NULL, NULL, 0 },
	{ "GET", "/console/exams/{exam}/items", K_MANAGER, "?sort=facility&page=1", NULL, NULL, 0 },
	{ "GET", "/api/v1/exams/{exam}/cohort", K_MANAGER, "?by=sitting", NULL, NULL, 0 },
	/* programmes: T1's of two of T1's exams (T2 manages neither) */
	{ "GET", "/api/v1/programmes", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/programmes", K_MANAGER, NULL, JSON,
	    "{\"id\":\"p-t1\",\"title\":{\"en\":\"P {n}\",\"zh-TW\":\"學程 {n}\"},"
	    "\"parts\":[{\"exam\":\"e-part1\"},{\"exam\":\"e-part2\"}],\"within_days\":30,"
	    "\"certificate\":{\"valid_years\":1}}", 0 },
	{ "GET", "/api/v1/programmes/{programme}", K_ROLE, NULL, NULL, NULL, 0 },
	{ "GET", "/programmes/{programme}", K_ROLE, NULL, NULL, NULL, 0 },
	/* competency frameworks: shared by trainers and admins, each post a
	 * new version of "mx" ({id}), which the GET then reads */
	{ "GET", "/api/v1/frameworks", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/api/v1/frameworks", K_ROLE, NULL, JSON,
	    "{\"id\":\"mx\",\"version\":\"{n}\",\"title\":{\"en\":\"Matrix\",\"zh-TW\":\"M\"},"
	    "\"competencies\":[{\"code\":\"MX.1\",\"title\":{\"en\":\"M\",\"zh-TW\":\"M\"}}]}", 0 },
	{ "GET", "/api/v1/frameworks/{id}", K_ROLE, "?version=1", NULL, NULL, 0 },
	/* its public page: what a credential's alignment code means */
	{ "GET", "/frameworks/{id}", K_PUBLIC, "?version=1", NULL, NULL, 0 },
	{ "GET", "/console/frameworks", K_ROLE, NULL, NULL, NULL, 0 },
	{ "POST", "/console/frameworks", K_ROLE, NULL, FORM,
	    "json=%7B%22id%22%3A%22mx%22%2C%22version%22%3A%22c{n}%22%2C%22title%22%3A%7B%22en%22"
	    "%3A%22M%22%2C%22zh-TW%22%3A%22M%22%7D%2C%22competencies%22%3A%5B%7B%22code%22%3A"
	    "%22MX.1%22%2C%22title%22%3A%7B%22en%22%3A%22M%22%2C%22zh-TW%22%3A%22M%22%7D%7D%5D%7D", 0 },
#undef FORM
#undef JSON
};

static const struct fixture *
fixture_for(const struct route *rt)
{
	for (size_t i = 0; i < sizeof fixtures_tab / sizeof *fixtures_tab; i++)
		if (strcmp(fixtures_tab[i].method, rt->method) == 0 &&
		    strcmp(fixtures_tab[i].pattern, rt->pattern) == 0)
			return &fixtures_tab[i];
	return NULL;
}

/* The real value for param name (n bytes) of pattern; NULL if unknown. */
static const char *
param_value(const char *pattern, const char *name, size_t n)
{
#define IS(s) (n == strlen(s) && strncmp(name, s, n) == 0)
	if (IS("exam"))
		return strstr(pattern, "/start") || strstr(pattern, "{exam}/attempts") ?
		    "e-start" : "e-api";
	if (IS("id") && strncmp(pattern, "/api/v1/sittings/", 17) == 0)
		return sitting_time;
	if (IS("id") && (strncmp(pattern, "/api/v1/frameworks/", 19) == 0 ||
	    strncmp(pattern, "/frameworks/", 12) == 0))
		return "mx";
	if (IS("id") && (strstr(pattern, "/pause") || strstr(pattern, "/resume") ||
	    strstr(pattern, "/extend") || strstr(pattern, "/incidents")))
		return att_time;
	if (IS("id"))
		return strncmp(pattern, "/api/", 5) == 0 ? att_api : att_ui;
	if (IS("code"))
		return strncmp(pattern, "/lang/", 6) == 0 ? "en" : code_a;
	if (IS("item"))
		return "i1";
	if (IS("serial"))
		return serial_a;
	if (IS("file"))
		return file_a;
	if (IS("bank"))
		return "core";
	if (IS("key"))
		return "k1";
	if (IS("login") && strstr(pattern, "/erase") != NULL)
		return strncmp(pattern, "/console/", 9) == 0 ? "ex2" : "ex1";
	if (IS("login"))
		return strstr(pattern, "/code") ? "lc" : "la";
	if (IS("hash"))
		return media_hash;
	if (IS("sitting"))
		return sitting_api;
	if (IS("import"))
		return "AAAAAAAAAAAAAAAAAAAAAA";
	if (IS("*name"))
		return "app.css";
	if (IS("programme"))
		return "p-t1";
	if (IS("token"))
		return strncmp(pattern, "/api/", 5) == 0 ? reset_link[0] : reset_link[1];
	return NULL;
#undef IS
}

/* The path of rt with its params filled in; -1 if one is unknown. */
static int
route_path(const struct route *rt, char *out, size_t n)
{
	size_t o = 0;

	for (const char *p = rt->pattern; *p && o < n - 1; ) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			const char *v = end ? param_value(rt->pattern, p + 1, (size_t)(end - p - 1)) : NULL;

			if (v == NULL)
				return -1;
			o += (size_t)snprintf(out + o, n - o, "%s", v);
			p = end + 1;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < n ? o : n - 1] = '\0';
	return 0;
}

/* body with "{n}" replaced by a number never used before; into out. */
static const char *
body_for(const struct fixture *f, char *out, size_t n)
{
	static int counter = 100;
	const char *b = f->body, *p;
	size_t o = 0;

	if (f->body == NULL && strcmp(f->pattern, "/api/v1/exams") == 0)
		b = exam_def("e-api", 3600, 30, 0, "with_keys");
	if (b == NULL)
		return NULL;
	counter++;
	while ((p = strstr(b, "{n}")) != NULL && o < n) {
		o += (size_t)snprintf(out + o, n - o, "%.*s%d", (int)(p - b), b, counter);
		b = p + 3;
	}
	if (o < n)
		snprintf(out + o, n - o, "%s", b);
	return out;
}

/* A fixture's query into out (n bytes), "{serial}" and "{check}" as
 * learner A's certificate's serial and printed check code. */
static void
query_for(const char *q, char *out, size_t n)
{
	char check[CERT_CHECK_LEN + 1] = "";
	size_t o = 0;

	cert_check_code(code_a, check);
	while (*q && o + 1 < n) {
		const char *v = strncmp(q, "{serial}", 8) == 0 ? serial_a :
		    strncmp(q, "{check}", 7) == 0 ? check : NULL;

		if (v != NULL) {
			o += (size_t)snprintf(out + o, n - o, "%s", v);
			q += v == serial_a ? 8 : 7;
		} else {
			out[o++] = *q++;
		}
	}
	out[o < n ? o : n - 1] = '\0';
}

enum verdict { ALLOW, DENY_AUTH, DENY, REFUSED };

static enum verdict
expect(const struct route *rt, enum kind k, enum who w)
{
	if (rt->role == ROLE_NONE)
		return ALLOW;
	if (w == ANON)
		return DENY_AUTH;
	if (who_role[w] < rt->role)
		return DENY;
	switch (k) {
	case K_OWNER:
		return w == LA ? ALLOW : DENY;
	case K_HOLDER:
		return w == LA || w == T1 || w == ADMIN ? ALLOW : DENY;
	case K_MANAGER:
	case K_BANK:
	case K_LEARNER:
		return w == T1 || w == ADMIN ? ALLOW : DENY;
	case K_PROCTOR:
		return w == T1 || w == ADMIN || w == P1 ? ALLOW : DENY;
	case K_CONFIRM:
		return REFUSED;
	default:
		return ALLOW;
	}
}

/* ---- password reset: enumeration, reuse, expiry, CSRF ---- */

static void
reset_attacks(void)
{
	char path[200], h[300], a1[512] = "", a2[512] = "";
	struct resp r;
	json_t *j;
	double t0, t1, t2;
	int st, st2;

	/* Whether the account exists (la, with an address given by the
	 * admin) or not, the same status and the same bytes. */
	json_decref(testsrv_api(&srv, tok[ADMIN], "PATCH", "/api/v1/users/la",
	    "{\"email\":\"la@example.com\"}", &st));
	CHECK(st == 200, "the admin gives learner A an address (%d)", st);
	t0 = test_now();
	j = testsrv_api(&srv, NULL, "POST", "/api/v1/password-reset", "{\"login\":\"la\"}", &st);
	t1 = test_now() - t0;
	if (j) {
		char *d = json_dumps(j, JSON_SORT_KEYS);
		snprintf(a1, sizeof a1, "%s", d);
		free(d);
		json_decref(j);
	}
	t0 = test_now();
	j = testsrv_api(&srv, NULL, "POST", "/api/v1/password-reset",
	    "{\"login\":\"no-such-login\"}", &st2);
	t2 = test_now() - t0;
	if (j) {
		char *d = json_dumps(j, JSON_SORT_KEYS);
		snprintf(a2, sizeof a2, "%s", d);
		free(d);
		json_decref(j);
	}
	CHECK(st == 202 && st2 == 202 && *a1 && strcmp(a1, a2) == 0,
	    "a reset of an account and of nobody answer alike: %d %s / %d %s", st, a1, st2, a2);
	CHECK(t1 >= 0.14 && t2 >= 0.14, "both take the same least time (%.3f s, %.3f s)", t1, t2);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM mail_outbox WHERE \"to\" = "
	    "'la@example.com' AND kind = 'reset'", NULL) == 1,
	    "the account's reset is queued for its own address only");
	/* A link works once. */
	snprintf(path, sizeof path, "/api/v1/password-reset/%s", reset_link[2]);
	json_decref(testsrv_api(&srv, NULL, "POST", path, "{\"password\":\"Reset-once-pw-1\"}",
	    &st));
	json_decref(testsrv_api(&srv, NULL, "POST", path, "{\"password\":\"Reset-twice-pw-2\"}",
	    &st2));
	CHECK(st == 410 || st == 200, "the link is taken (%d)", st);
	CHECK(st2 == 410, "a used link is refused (%d)", st2);
	/* An hour-old link opens nothing. */
	snprintf(path, sizeof path, "/api/v1/password-reset/%s", reset_link[3]);
	json_decref(testsrv_api(&srv, NULL, "POST", path, "{\"password\":\"Reset-late-pw-3\"}",
	    &st));
	CHECK(st == 410, "an expired link is refused (%d)", st);
	snprintf(path, sizeof path, "/reset/%s", reset_link[3]);
	CHECK(http_req(srv.port, "GET", path, NULL, NULL, 0, &r) == 0 && r.status == 410,
	    "an expired link's page says so (%d)", r.status);
	resp_free(&r);
	/* Guessed or malformed tokens, and the form without its CSRF token. */
	CHECK(http_req(srv.port, "GET", "/reset/0000000000000000000000000000000000000000000000"
	    "000000000000000000", NULL, NULL, 0, &r) == 0 && r.status == 410,
	    "a guessed link is refused (%d)", r.status);
	resp_free(&r);
	CHECK(http_req(srv.port, "GET", "/reset/..%2F..%2Fetc", NULL, NULL, 0, &r) == 0 &&
	    (r.status == 410 || r.status == 404), "a malformed link is refused (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_pre=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", pre_cookie);
	snprintf(path, sizeof path, "/reset/%s", reset_link[1]);
	CHECK(http_req(srv.port, "POST", path, h, "password=Csrf-less-pw-4&password2=Csrf-less-pw-4",
	    49, &r) == 0 && r.status == 403, "the reset form without its CSRF token is refused (%d)",
	    r.status);
	resp_free(&r);
	CHECK(testsrv_signin(&srv, "lr2", "Csrf-less-pw-4", path, sizeof path) != 200,
	    "and set nothing");
}

static void
matrix(void)
{
	size_t exercised = 0, cells = 0;

	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		const struct fixture *f = fixture_for(rt);
		char path[1400], body[2048], loc[512];
		int ok_any = 0;

		if (f == NULL) {
			CHECK(0, "route %s %s has no fixture in tests/test_attack.c: add one so "
			    "every role is tried on it", rt->method, rt->pattern);
			continue;
		}
		if (route_path(rt, path, sizeof path - 64) != 0) {
			CHECK(0, "route %s %s: a param has no fixture value", rt->method, rt->pattern);
			continue;
		}
		CHECK((f->kind == K_PUBLIC) == (rt->role == ROLE_NONE),
		    "%s %s: the fixture's kind agrees with the table's role", rt->method,
		    rt->pattern);
		if (f->query != NULL)
			query_for(f->query, path + strlen(path), 64);
		for (int w = ANON; w < NWHO; w++) {
			enum verdict v = expect(rt, f->kind, (enum who)w);
			const char *b = body_for(f, body, sizeof body);
			char h[512], fresh[64];
			struct resp r;
			int api = strncmp(path, "/api/", 5) == 0, st;

			h[0] = '\0';
			if (w == ANON)
				snprintf(h, sizeof h, "Cookie: aicert_pre=%s\r\nX-CSRF-Token: %s\r\n",
				    pre_cookie, pre_csrf);
			else if (f->fresh) {
				testsrv_signin(&srv, who_login[w], who_pass[w], fresh, sizeof fresh);
				snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", fresh);
			} else {
				snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok[w]);
			}
			if (f->ctype != NULL)
				snprintf(h + strlen(h), sizeof h - strlen(h), "Content-Type: %s\r\n",
				    f->ctype);
			if (http_req(srv.port, rt->method, path, h, b, b ? strlen(b) : 0, &r) != 0)
				r.status = 0;
			st = r.status;
			if (!resp_header(&r, "Location", loc, sizeof loc))
				loc[0] = '\0';
			cells++;
			CHECK(st >= 200 && st < 500, "%s %s as %s: an answer, never 5xx (got %d)",
			    rt->method, path, who_name[w], st);
			switch (v) {
			case DENY_AUTH:
				if (api)
					CHECK(st == 401, "%s %s anonymous: 401 (got %d)", rt->method, path, st);
				else
					CHECK(st == 303 && strncmp(loc, "/signin", 7) == 0,
					    "%s %s anonymous: 303 to /signin (got %d %s)", rt->method,
					    path, st, loc);
				break;
			case DENY:
				CHECK(st == 403, "%s %s as %s: 403 (got %d)", rt->method, path,
				    who_name[w], st);
				break;
			case ALLOW:
				CHECK(st >= 200 && st != 401 && st != 403 &&
				    strncmp(loc, "/signin", 7) != 0,
				    "%s %s as %s: allowed (got %d %s)", rt->method, path,
				    who_name[w], st, loc);
				ok_any |= st >= 200 && st < 400;
				break;
			case REFUSED:
				CHECK(st == 400, "%s %s as %s: reaches the handler, which refuses "
				    "the confirmation (got %d)", rt->method, path, who_name[w], st);
				ok_any |= st == 400;
				break;
			}
			resp_free(&r);
		}
		CHECK(ok_any, "%s %s: the fixture works for someone allowed", rt->method, path);
		exercised++;
	}
	CHECK(exercised == nroutes && nroutes > 40, "every one of the %zu routes was tried "
	    "(%zu, %zu requests)", nroutes, exercised, cells);
	for (size_t i = 0; i < sizeof fixtures_tab / sizeof *fixtures_tab; i++) {
		int found = 0;

		for (size_t k = 0; k < nroutes; k++)
			found |= strcmp(fixtures_tab[i].method, routes[k].method) == 0 &&
			    strcmp(fixtures_tab[i].pattern, routes[k].pattern) == 0;
		CHECK(found, "fixture %s %s names a route of the table", fixtures_tab[i].method,
		    fixtures_tab[i].pattern);
	}
	printf("attack: matrix of %zu routes x %d roles = %zu requests\n", nroutes, NWHO, cells);
	{
		struct resp r;

		CHECK(as(T1, "GET", "/api/v1/exams/t2-exam", NULL, NULL, NULL, &r) == 0 &&
		    r.status == 403, "T1 cannot read T2's exam either (%d)", r.status);
		resp_free(&r);
	}
}

/* ---- 1a. bodies: every JSON route refuses fields it does not read and
 * bodies larger than its rule, before its handler runs ---- */

static void
body_rules(void)
{
	static const char *const not_json[] = { "/api/v1/banks", "/api/v1/users/import", NULL };
	size_t tried = 0;

	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		const struct fixture *f = fixture_for(rt);
		char path[1400], h[256];
		enum who w = ANON;
		struct resp r;
		int writes = strcmp(rt->method, "GET") != 0, listed = 0;

		for (const char *const *p = not_json; *p; p++)
			listed |= strcmp(rt->pattern, *p) == 0;
		if (strncmp(rt->pattern, "/api/", 5) == 0 && writes && !listed)
			CHECK(rt->body != NULL, "%s %s takes a JSON body: its row has a body rule",
			    rt->method, rt->pattern);
		if (rt->body == NULL || f == NULL || route_path(rt, path, sizeof path - 64) != 0)
			continue;
		if (rt->role == ROLE_NONE)
			w = ANON;
		else {
			static const enum who pick[] = { LA, T1, ADMIN };

			for (size_t k = 0; k < 3 && w == ANON; k++)
				if (expect(rt, f->kind, pick[k]) == ALLOW ||
				    expect(rt, f->kind, pick[k]) == REFUSED)
					w = pick[k];
		}
		h[0] = '\0';
		if (w != ANON)
			snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok[w]);
		strcat(h, "Content-Type: application/json\r\nAccept-Language: en\r\n");
		{
			size_t n = rt->body->max + 1;
			char *big = malloc(n + 1);

			memset(big, 'x', n);
			memcpy(big, "{\"a\":\"", 6);
			memcpy(big + n - 2, "\"}", 2);
			big[n] = '\0';
			CHECK(http_req(srv.port, rt->method, path, h, big, n, &r) == 0 &&
			    r.status == 413, "%s %s: a body of %zu bytes, one past its rule: 413 (got "
			    "%d)", rt->method, path, n, r.status);
			resp_free(&r);
			free(big);
		}
		if (rt->body->fields != NULL) {
			static const char extra[] = "{\"zz_unknown\":1}";

			CHECK(http_req(srv.port, rt->method, path, h, extra, strlen(extra), &r) == 0 &&
			    r.status == 400 && r.body && strstr(r.body, "\"field\":\"zz_unknown\""),
			    "%s %s: a field it does not read: 400 naming it (got %d %s)", rt->method,
			    path, r.status, r.body ? r.body : "");
			resp_free(&r);
		}
		tried++;
	}
	CHECK(tried >= 15, "body rules tried on %zu JSON routes", tried);
	printf("attack: oversized and extra-field bodies on %zu routes\n", tried);
}

/* ---- 1b. escalation through routes that write users, and trainers kept
 * apart (owner.h) ---- */

/* Imports csv as w; the status, and the access code of the first row (or
 * "") into code. */
static int
import_as(enum who w, const char *query, const char *csv, char *code, size_t n)
{
	char path[256];
	struct resp r;
	json_t *j = NULL;
	int st;

	snprintf(path, sizeof path, "/api/v1/users/import%s", query);
	code[0] = '\0';
	if (as(w, "POST", path, "text/csv", csv, NULL, &r) != 0)
		return 0;
	st = r.status;
	if ((j = json_loadb(r.body, r.body_len, 0, NULL)) != NULL)
		snprintf(code, n, "%s", testsrv_jstr(json_array_get(json_object_get(j, "learners"), 0),
		    "code"));
	json_decref(j);
	resp_free(&r);
	return st;
}

/* Signs in with an access code: the session's role into role ("" if
 * refused); returns the sign-in's status (0 if the request failed). */
static int
code_role(const char *code, char *role, size_t n)
{
	char body[128], t[80];
	int st, status;
	json_t *j;

	role[0] = '\0';
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	if ((st = testsrv_session(&srv, body, t, sizeof t)) == 200) {
		j = testsrv_api(&srv, t, "GET", "/api/v1/me", NULL, &status);
		snprintf(role, n, "%s", testsrv_jstr(j, "role"));
		json_decref(j);
	}
	return st;
}

static void
escalation(void)
{
	static const char *const staff[] = { "admin", "t1", "t2", "ADMIN" };
	char code[64], old[64], role[32], csv[256], out[4096];
	struct resp r;
	json_t *j;
	int st;

	/* No import hands out a way into a staff account, not even an admin's
	 * import, on the API or the console's form. */
	for (size_t i = 0; i < sizeof staff / sizeof *staff; i++) {
		snprintf(csv, sizeof csv, "login,name\n%s,Someone\n", staff[i]);
		for (enum who w = T1; w <= ADMIN; w++) {
			st = import_as(w, "?codes_days=1", csv, code, sizeof code);
			CHECK(st == 422 && code[0] == '\0', "%s importing a line for %s: 422 and no "
			    "code (got %d%s)", who_name[w], staff[i], st, code[0] ? ", a code" : "");
		}
	}
	{
		char h[512], c[128], body[256];

		csrf_for_session(tok[T1], c, sizeof c);
		snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\nX-CSRF-Token: %s\r\n"
		    "Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: en\r\n",
		    tok[T1], c);
		snprintf(body, sizeof body, "csv=login%%2Cname%%0Aadmin%%2CX%%0A&codes_days=1");
		CHECK(http_req(srv.port, "POST", "/console/people", h, body, strlen(body), &r) == 0 &&
		    r.status == 422 && strstr(r.body, "admin: a trainer&#39;s or administrator&#39;s") &&
		    !strstr(r.body, "console_slips"),
		    "the console's import form refuses the admin's account too (%d)", r.status);
		resp_free(&r);
	}
	testsrv_signin(&srv, "admin", "admin-pass-123", out, sizeof out);
	CHECK(out[0] != '\0', "the admin's password still works after the refused imports");
	{
		/* A code a database from before the rule may hold for the admin
		 * (or a learner with a password) opens nothing. */
		static const char *const whom[] = { "admin", "la" };

		for (size_t i = 0; i < 2; i++) {
			unsigned char h[32];
			char c[17], sql[256];
			int rc = -1;

			snprintf(c, sizeof c, "OLDCODE%sXXXXXXXX", i ? "L" : "A");
			crypto_hash_sha256(h, (const unsigned char *)c, 16);
			snprintf(sql, sizeof sql, "INSERT INTO access_codes(code_hash, user_id, "
			    "created_at, expires_at) SELECT ?, id, 0, 4102444800 FROM users WHERE "
			    "login = '%s'", whom[i]);
			rc = testsrv_db_run(&srv, NULL, 0, sql, "b", h, sizeof h) >= 0 ? 0 : -1;
			st = code_role(c, role, sizeof role);
			CHECK(rc == 0 && st == 401 && role[0] == '\0',
			    "an old code for %s signs in as nobody: 401 (%d %s)", whom[i], st, role);
		}
	}

	/* A learner T1 creates gets a code; naming it again revokes the old. */
	st = import_as(T1, "?codes_days=1", "login,name\nesc-new,New One\n", old, sizeof old);
	CHECK(st == 201 && old[0], "T1 imports a new learner with a code (%d)", st);
	st = import_as(T1, "?codes_days=1", "login,name\nesc-new,New One\n", code, sizeof code);
	CHECK(st == 201 && code[0] && strcmp(code, old) != 0, "importing it again gives a new "
	    "code (%d)", st);
	st = code_role(old, role, sizeof role);
	CHECK(st == 401 && role[0] == '\0', "the older code no longer signs in: 401 (%d %s)", st,
	    role);
	code_role(code, role, sizeof role);
	CHECK(strcmp(role, "learner") == 0, "the new code signs in as a learner (%s)", role);

	/* Another trainer's learner, and a learner with a password. */
	st = import_as(T2, "?codes_days=1", "login,name\nesc-new,New One\n", code, sizeof code);
	CHECK(st == 422 && code[0] == '\0', "T2 cannot import T1's learner (%d)", st);
	st = import_as(T1, "?codes_days=1", "login,name\nla,Learner A\n", code, sizeof code);
	CHECK(st == 201 && code[0] == '\0', "T1 may book its learner A, who has a password, but "
	    "gets no code for them (%d%s)", st, code[0] ? ", a code" : "");
	st = import_as(T1, "?codes_days=1", "login,name\nlb,Learner B\n", code, sizeof code);
	CHECK(st == 422 && code[0] == '\0', "T1 cannot import T2's learner B (%d)", st);
	st = import_as(T2, "?codes_days=1", "login,name\nlx,X\n", code, sizeof code);
	CHECK(st == 422 && code[0] == '\0', "nor T2 a learner nobody booked (%d)", st);

	/* Sittings are their exam's. */
	j = call(T1, "GET", "/api/v1/exams/e-start/sittings", NULL, &st);
	snprintf(csv, sizeof csv, "?codes_days=1&sitting=%lld",
	    (long long)json_integer_value(json_object_get(json_array_get(j, 0), "id")));
	json_decref(j);
	st = import_as(T2, csv, "login,name\nesc-t2,Two's\n", code, sizeof code);
	CHECK(st == 403 && code[0] == '\0', "T2 cannot import into T1's sitting (%d)", st);
	j = call(T2, "POST", "/api/v1/exams/t2-exam/sittings", "{\"name\":\"Grab\",\"members\":"
	    "[\"la\"]}", &st);
	CHECK(st == 422, "T2 cannot book T1's learner into their own sitting (%d)", st);
	json_decref(j);
	j = call(T2, "PUT", "/api/v1/users/la/accommodations", "{\"time_multiplier\":4}", &st);
	CHECK(st == 403, "T2 cannot give T1's learner 4x time (%d)", st);
	json_decref(j);
	j = call(T1, "PUT", "/api/v1/users/lb/accommodations", "{\"time_multiplier\":4}", &st);
	CHECK(st == 403, "nor T1 T2's learner (%d)", st);
	json_decref(j);
	j = call(T2, "PUT", "/api/v1/users/lb/accommodations", "{\"time_multiplier\":1}", &st);
	CHECK(st == 200, "T2 manages their own learner's time (%d)", st);
	json_decref(j);
	j = call(T1, "PUT", "/api/v1/users/t2/accommodations", "{\"time_multiplier\":2}", &st);
	CHECK(st == 403, "a trainer cannot change another trainer's account (%d)", st);
	json_decref(j);

	/* A learner locked out by wrong passwords from one address: only who
	 * manages them clears it. */
	{
		static const char wrong[] = "{\"login\":\"la\",\"password\":\"not-it-at-all\"}";
		static const char right[] = "{\"login\":\"la\",\"password\":\"learner-a-pw\"}";
		static const char jh[] = "Content-Type: application/json\r\n";

		for (int i = 0; i < 12; i++) {
			if (http_req_from("127.0.0.7", srv.port, "POST", "/api/v1/session", jh, wrong,
			    strlen(wrong), &r) == 0)
				resp_free(&r);
		}
		CHECK(http_req_from("127.0.0.7", srv.port, "POST", "/api/v1/session", jh, right,
		    strlen(right), &r) == 0 && r.status == 429,
		    "after 12 wrong passwords from one address, the right one waits there (%d)",
		    r.status);
		resp_free(&r);
		j = call(T2, "POST", "/api/v1/users/la/unlock", NULL, &st);
		CHECK(st == 403, "T2 cannot clear T1's learner's lock (%d)", st);
		json_decref(j);
		j = call(T1, "POST", "/api/v1/users/la/unlock", NULL, &st);
		CHECK(st == 200, "T1 clears it (%d)", st);
		json_decref(j);
		CHECK(http_req_from("127.0.0.7", srv.port, "POST", "/api/v1/session", jh, right,
		    strlen(right), &r) == 0 && r.status == 200,
		    "then the learner signs in from there (%d)", r.status);
		resp_free(&r);
	}

	/* Banks: the keys, the items and new versions are the owner's. */
	CHECK(as(T2, "GET", "/api/v1/banks/core/questions", NULL, NULL, NULL, &r) == 0 &&
	    r.status == 403 && !strstr(r.body, "right"), "T2 reads no key of T1's bank (%d)",
	    r.status);
	resp_free(&r);
	CHECK(as(T2, "GET", "/api/v1/banks", NULL, NULL, NULL, &r) == 0 && r.status == 200 &&
	    !strstr(r.body, "\"core\"") && strstr(r.body, "\"t2core\""),
	    "T2's bank list shows T2's banks, not T1's");
	resp_free(&r);
	CHECK(as(T2, "POST", "/api/v1/banks?bank=core&filename=core.gift", "text/plain",
	    "// [id:k1]\n::K1::Question one{=wrong ~right}\n", NULL, &r) == 0 && r.status == 403,
	    "T2 cannot upload altered keys into T1's bank (%d)", r.status);
	resp_free(&r);
	CHECK(as(T2, "POST", "/api/v1/banks/core/items/k1/retire", "application/json", "{}", NULL, &r) == 0 &&
	    r.status == 403, "T2 cannot retire what T1's exams draw (%d)", r.status);
	resp_free(&r);
	j = call(T2, "POST", "/api/v1/exams", "{\"id\":\"t2-steal\",\"title\":{\"en\":\"S\","
	    "\"zh-TW\":\"S\"},\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
	    "\"review\":\"with_keys\",\"bank\":\"core\",\"sections\":[{\"category\":\"core/all\","
	    "\"count\":2}]}", &st);
	{
		char *d = j ? json_dumps(j, 0) : NULL;

		CHECK(st == 422 && d && strstr(d, "another trainer's:") && strstr(d, "core"),
		    "T2 cannot build an exam on T1's bank, and is told why (%d %s)", st, d ? d : "");
		free(d);
	}
	json_decref(j);
	j = call(T2, "POST", "/api/v1/exams", "{\"id\":\"t2-any\",\"title\":{\"en\":\"S\","
	    "\"zh-TW\":\"S\"},\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],"
	    "\"review\":\"with_keys\",\"sections\":[{\"category\":\"core/all\",\"count\":2}]}", &st);
	CHECK(st == 422, "a trainer's exam must name its bank: no drawing from every bank (%d)", st);
	json_decref(j);

	/* One name rule (utf8_text_ok) for every way a name comes in, the
	 * certificate's: a C1 control character (U+0085) is refused at the
	 * door rather than silently blocking a certificate later. */
	st = import_as(T1, "", "login,name\nc1name,Wang\xc2\x85Ming\n", code, sizeof code);
	CHECK(st == 422, "an import with a C1 control character in a name: 422 (%d)", st);
	CHECK(testsrv_cli(&srv, "c1-password-9\n", out, sizeof out, "user", "add", "--login",
	    "c1cli", "--name", "Wang\xc2\x85Ming", "--role", "learner", NULL) != 0,
	    "aicert user add refuses it too: %s", out);
	{
		char h[512], body[256];

		snprintf(h, sizeof h, "Cookie: aicert_pre=%s\r\nX-CSRF-Token: %s\r\n"
		    "Content-Type: application/x-www-form-urlencoded\r\n", pre_cookie, pre_csrf);
		snprintf(body, sizeof body, "login=c1reg&name=Wang%%C2%%85Ming&password=c1-Reg-pass-77"
		    "&password2=c1-Reg-pass-77&email=c1%%40example.com&agree=1");
		CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
		    r.status == 422 && !resp_cookie(&r, "aicert_session", old, sizeof old),
		    "registration refuses it: 422 (%d)", r.status);
		resp_free(&r);
	}

	/* An exam added from the command line has no owner: the admins'. */
	{
		static const char def[] = "{\"id\":\"cli-exam\",\"title\":{\"en\":\"C\",\"zh-TW\":\"C\"},"
		    "\"duration_s\":600,\"pass_percent\":50,\"languages\":[\"en\"],\"bank\":\"core\","
		    "\"sections\":[{\"category\":\"core/all\",\"count\":2}]}";
		const char *file = testsrv_file(&srv, "cli-exam.json", def, strlen(def));

		CHECK(testsrv_cli(&srv, NULL, out, sizeof out, "exam", "add", file, NULL) == 0,
		    "an exam is added from the command line: %s", out);
		for (enum who w = T1; w <= ADMIN; w++) {
			j = call(w, "GET", "/api/v1/exams/cli-exam/results", NULL, &st);
			CHECK(st == (w == ADMIN ? 200 : 403), "%s and the command line's exam: %d",
			    who_name[w], st);
			json_decref(j);
		}
	}
}

/* ---- 2. CSRF, session fixation, cookie flags ---- */

static void
csrf(void)
{
	char other_csrf[128], other_pre[80], other_pre_csrf[128];
	size_t tried = 0, want = 0;

	csrf_for_session(tok[T2], other_csrf, sizeof other_csrf);
	anonymous_browser(other_pre, sizeof other_pre, other_pre_csrf, sizeof other_pre_csrf);
	CHECK(other_csrf[0] && other_pre_csrf[0] && strcmp(other_pre_csrf, pre_csrf) != 0,
	    "another session and another browser have their own tokens");
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		const struct fixture *f = fixture_for(rt);
		char path[1400], body[2048], h[640], own[128], session[80];
		enum who w = ANON;
		struct resp r;

		if (!(rt->flags & RT_CSRF) || f == NULL || route_path(rt, path, sizeof path - 64) != 0)
			continue;
		if (f->query != NULL)
			query_for(f->query, path + strlen(path), 64);
		if (rt->role != ROLE_NONE) {
			static const enum who pick[] = { LA, T1, ADMIN };

			for (size_t k = 0; k < 3 && w == ANON; k++)
				if (expect(rt, f->kind, pick[k]) == ALLOW ||
				    expect(rt, f->kind, pick[k]) == REFUSED)
					w = pick[k];
		}
		if (w == ANON) {
			snprintf(session, sizeof session, "%s", pre_cookie);
			snprintf(own, sizeof own, "%s", pre_csrf);
		} else {
			if (f->fresh)
				testsrv_signin(&srv, who_login[w], who_pass[w], session, sizeof session);
			else
				snprintf(session, sizeof session, "%s", tok[w]);
			csrf_for_session(session, own, sizeof own);
		}
		/* 0: no token; 1: another session's token in the header; 2: in
		 * the form field; 3: its own token, so the check passes. */
		for (int how = 0; how < 4; how++) {
			const char *b = body_for(f, body, sizeof body);
			const char *other = w == ANON ? other_pre_csrf : other_csrf;
			char form[2300];
			int n;

			if (how == 2) {
				if (f->ctype == NULL || strstr(f->ctype, "urlencoded") == NULL)
					continue;
				snprintf(form, sizeof form, "csrf=%s&%s", other, b ? b : "");
				b = form;
			}
			n = snprintf(h, sizeof h, "Cookie: %s=%s\r\n",
			    w == ANON ? "aicert_pre" : "aicert_session", session);
			if (f->ctype != NULL)
				n += snprintf(h + n, sizeof h - (size_t)n, "Content-Type: %s\r\n", f->ctype);
			if (how == 1 || how == 3)
				snprintf(h + n, sizeof h - (size_t)n, "X-CSRF-Token: %s\r\n",
				    how == 1 ? other : own);
			if (http_req(srv.port, rt->method, path, h, b, b ? strlen(b) : 0, &r) != 0)
				r.status = 0;
			if (how < 3)
				CHECK(r.status == 403 && r.body && strstr(r.body, "form has expired"),
				    "%s %s by cookie %s: 403 CSRF (got %d)", rt->method, path,
				    how == 0 ? "without a token" : how == 1 ?
				    "with another session's header token" :
				    "with another session's form token", r.status);
			else
				CHECK(r.status != 403 && r.status != 0 && r.status < 500,
				    "%s %s by cookie with its own token passes the check (got %d)",
				    rt->method, path, r.status);
			resp_free(&r);
		}
		tried++;
	}
	for (size_t i = 0; i < nroutes; i++)
		want += (routes[i].flags & RT_CSRF) != 0;
	CHECK(tried == want && want >= 20, "CSRF tried on every state-changing route (%zu of %zu)",
	    tried, want);
	printf("attack: CSRF on %zu routes\n", tried);
}

static void
fixation_and_cookies(void)
{
	static const char planted[] = "PLANTEDplantedPLANTEDplantedPLANTEDplanted1";
	char h[512], body[256], csrf_tok[128], pre[80], got[128], line[512];
	struct resp r;

	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", planted);
	CHECK(http_req(srv.port, "GET", "/api/v1/me", h, NULL, 0, &r) == 0 && r.status == 401,
	    "a made-up session cookie is nobody (%d)", r.status);
	resp_free(&r);
	CHECK(http_req(srv.port, "GET", "/signin", h, NULL, 0, &r) == 0 && r.status == 200 &&
	    resp_cookie(&r, "aicert_pre", pre, sizeof pre) &&
	    web_csrf_of(r.body, csrf_tok, sizeof csrf_tok),
	    "the sign-in form with a planted cookie");
	CHECK(set_cookie(&r, "aicert_pre", line, sizeof line) && strstr(line, "HttpOnly") &&
	    strstr(line, "SameSite=Lax") && strstr(line, "Path=/") && !strstr(line, "Secure"),
	    "the pre-session cookie is HttpOnly, SameSite=Lax, Path=/ (not Secure on http): %s", line);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s; aicert_pre=%s\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n", planted, pre);
	snprintf(body, sizeof body, "csrf=%s&login=la&password=learner-a-pw&next=%%2F", csrf_tok);
	CHECK(http_req(srv.port, "POST", "/signin", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", got, sizeof got) &&
	    strcmp(got, planted) != 0 && strcmp(got, pre) != 0 && strlen(got) == 43,
	    "signing in issues a new session, neither the planted one nor the pre-session (%d)",
	    r.status);
	CHECK(set_cookie(&r, "aicert_session", line, sizeof line) && strstr(line, "HttpOnly") &&
	    strstr(line, "SameSite=Lax") && strstr(line, "Path=/") && !strstr(line, "Secure"),
	    "the session cookie is HttpOnly, SameSite=Lax, Path=/: %s", line);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", planted);
	CHECK(http_req(srv.port, "GET", "/api/v1/me", h, NULL, 0, &r) == 0 && r.status == 401,
	    "the planted cookie is still nobody after the victim signs in (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", pre);
	CHECK(http_req(srv.port, "GET", "/api/v1/me", h, NULL, 0, &r) == 0 && r.status == 401,
	    "the pre-session value is no session (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Cookie: aicert_session=%s\r\n", got);
	CHECK(http_req(srv.port, "GET", "/api/v1/me", h, NULL, 0, &r) == 0 && r.status == 200,
	    "the new session is the victim's (%d)", r.status);
	resp_free(&r);
}

/* ---- 3. XSS ---- */

/* No raw payload on page; each of want (NULL-ended) shows escaped. */
static void
clean_page(const char *what, const struct resp *r, const char *const *want)
{
	const char *b = r->body ? r->body : "";

	CHECK(r->status >= 200 && r->status < 300, "%s: shown (%d)", what, r->status);
	const char *raw = strstr(b, "<script>alert(1)") ? strstr(b, "<script>alert(1)") :
	    strstr(b, "<img src=x onerror");

	/* An onerror= inside a tag, however it got there. */
	for (const char *o = b; raw == NULL && (o = strstr(o, "onerror=")) != NULL; o++) {
		const char *q = o;

		int quotes = 0;

		while (q > b && *q != '<' && *q != '>')
			quotes += *q-- == '"';
		if (*q == '<' && quotes % 2 == 0)	/* an attribute, not inside a value */
			raw = q;
	}

	CHECK(r->status >= 200 && r->status < 300 && raw == NULL,
	    "%s: no hostile markup reaches the page (%.60s)", what,
	    raw ? (raw - b > 20 ? raw - 20 : b) : "");
	for (; want != NULL && *want != NULL; want++)
		CHECK(strstr(b, *want) != NULL, "%s: shows %s as text", what, *want);
}

static void
page_as(const char *token, const char *path, const char *what, const char *const *want)
{
	char h[256];
	struct resp r;

	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n", token);
	if (http_req(srv.port, "GET", path, h, NULL, 0, &r) != 0)
		r.status = 0;
	clean_page(what, &r, want);
	resp_free(&r);
}

static void
xss(void)
{
	char *lx = tok[LX], reg[64], csvx[64], path[1200], h[512], body[1024], id[64], code[1024];
	char serial[64];
	json_t *j, *att;
	int status;
	struct resp r;

	testsrv_signin(&srv, "lx", "learner-x-pw", lx, sizeof tok[LX]);
	CHECK(as(T1, "POST", "/api/v1/banks?bank=xss&filename=xss.gift", "text/plain", xss_bank,
	    NULL, &r) == 0 && r.status == 201, "a bank full of payloads imports (%d %s)", r.status,
	    r.body ? r.body : "");
	resp_free(&r);
	j = call(T1, "POST", "/api/v1/exams", "{\"id\":\"e-xss\",\"title\":{\"en\":\"" "ET<script>"
	    "alert(1)</script>\",\"zh-TW\":\"EZ\\\"><img src=x onerror=alert(1)>\"},"
	    "\"description\":{\"en\":\"ED\\\"><img src=x onerror=alert(1)>\",\"zh-TW\":"
	    "\"EY<script>alert(1)</script>\"},\"duration_s\":600,\"pass_percent\":1,"
	    "\"languages\":[\"en\"],\"review\":\"with_keys\",\"shuffle_items\":false,"
	    "\"bank\":\"xss\",\"sections\":["
	    "{\"category\":\"xss/CT<script>alert(1)</script>\",\"count\":1},"
	    "{\"category\":\"xss/b\",\"count\":2,\"title\":{\"en\":\"ST\\\"><img src=x "
	    "onerror=alert(1)>\",\"zh-TW\":\"SZ<script>alert(1)</script>\"}}]}", &status);
	{
		char *dump = j ? json_dumps(j, JSON_COMPACT) : NULL;

		CHECK(status == 201, "an exam with hostile titles is saved (%d %s)", status,
		    dump ? dump : "");
		free(dump);
	}
	json_decref(j);
	/* Its certificate, with the same titles: an exam that shows keys issues none. */
	j = call(T1, "POST", "/api/v1/exams", "{\"id\":\"e-xss-cert\",\"title\":{\"en\":\""
	    "ET<script>alert(1)</script>\",\"zh-TW\":\"EZ\\\"><img src=x onerror=alert(1)>\"},"
	    "\"description\":{\"en\":\"ED\\\"><img src=x onerror=alert(1)>\",\"zh-TW\":"
	    "\"EY<script>alert(1)</script>\"},\"duration_s\":600,\"pass_percent\":1,"
	    "\"languages\":[\"en\"],\"review\":\"score\",\"certificate\":{\"valid_years\":1},"
	    "\"bank\":\"core\",\"sections\":[{\"category\":\"core/cert\",\"count\":1}]}", &status);
	CHECK(status == 201, "a certificate exam with the same hostile titles is saved (%d)", status);
	json_decref(j);
	j = call(T1, "POST", "/api/v1/exams/e-xss/sittings", "{\"name\":\"SN<script>alert(1)"
	    "</script>\",\"opens_at\":1000000000,\"closes_at\":4102444800}", &status);
	CHECK(status == 201, "a sitting with a hostile name (%d)", status);
	json_decref(j);

	{
		static const char *const home[] = { SEEN_S("UN"), SEEN_I("UA"), SEEN_S("ET"),
			SEEN_I("ED"), NULL };
		static const char *const home_zh[] = { SEEN_I("EZ"), SEEN_S("EY"), NULL };
		static const char *const start_en[] = { SEEN_S("ET"), SEEN_I("ED"), NULL };

		page_as(lx, "/", "home page", home);
		page_as(lx, "/?lang=zh-TW", "home page in zh-TW", home_zh);
		page_as(lx, "/exams/e-xss", "exam start page", start_en);
		page_as(lx, "/exams/e-xss?lang=zh-TW", "exam start page in zh-TW", home_zh);
	}
	{
		att = start(LX, "e-xss", &status);
		snprintf(id, sizeof id, "%s", testsrv_jstr(att, "id"));
		CHECK(status == 201 && json_array_size(json_object_get(att, "items")) == 3,
		    "lx starts the hostile exam (%d)", status);
		{
			static const char *const exam_page[] = { SEEN_S("ET"), SEEN_S("QS"),
				SEEN_I(" and "), SEEN_S("QR"), SEEN_I("QW"), NULL };

			snprintf(path, sizeof path, "/attempts/%s", id);
			page_as(lx, path, "exam page", exam_page);
			snprintf(path, sizeof path, "/attempts/%s?page=2", id);
			page_as(lx, path, "exam page 2", NULL);
			snprintf(path, sizeof path, "/attempts/%s?page=3", id);
			page_as(lx, path, "exam page 3", NULL);
		}
		answer_all(LX, att, "right");
		json_decref(att);
		j = submit(LX, id, &status);
		CHECK(status == 200, "lx submits the hostile exam (%d)", status);
		json_decref(j);
		att = start(LX, "e-xss-cert", &status);
		answer_all(LX, att, "right");
		j = submit(LX, testsrv_jstr(att, "id"), &status);
		json_decref(att);
		code_from(j, code, sizeof code);
		snprintf(serial, sizeof serial, "%s",
		    testsrv_jstr(json_object_get(j, "certificate"), "serial"));
		CHECK(status == 200 && code[0], "lx passes and holds a certificate (%d)", status);
		json_decref(j);
	}
	{
		static const char *const result[] = { SEEN_S("ET"), SEEN_I("ST"), SEEN_S("CT"),
			SEEN_S("QS"), SEEN_S("QR"), SEEN_S("GF"), NULL };
		static const char *const me[] = { SEEN_S("UN"), SEEN_S("ET"), NULL };
		static const char *const verify[] = { SEEN_S("UN"), SEEN_I("UA"), SEEN_S("ET"), NULL };

		snprintf(path, sizeof path, "/attempts/%s/result", id);
		page_as(lx, path, "result page", result);
		page_as(tok[T1], path, "result page as the exam's trainer", result);
		page_as(lx, "/me", "account page", me);
		snprintf(path, sizeof path, "/V/%s", code);
		page_as(lx, path, "verify page", verify);
	}
	snprintf(path, sizeof path, "/api/v1/certificates/%s/revoke", serial);
	j = call(T1, "POST", path, "{\"reason\":\"RR<script>alert(1)</script> RI\\\"><img src=x "
	    "onerror=alert(1)>\"}", &status);
	CHECK(status == 200, "the certificate is revoked with a hostile reason (%d)", status);
	json_decref(j);
	{
		static const char *const revoked[] = { SEEN_S("RR"), SEEN_I(" RI"), NULL };

		snprintf(path, sizeof path, "/V/%s", code);
		page_as(lx, path, "verify page of a revoked certificate", revoked);
	}

	/* registration and CSV import */
	snprintf(h, sizeof h, "Cookie: aicert_pre=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", pre_cookie);
	snprintf(body, sizeof body, "csrf=%s&login=regx&name=RN%%3Cscript%%3Ealert(1)%%3C%%2Fscript"
	    "%%3E&name_alt=RA%%22%%3E%%3Cimg+src%%3Dx+onerror%%3Dalert(1)%%3E&password=abcdefgh1"
	    "&password2=abcdefgh1&email=x%%40example.com&agree=1", pre_csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", reg, sizeof reg),
	    "a learner registers with a hostile name (%d)", r.status);
	resp_free(&r);
	{
		static const char *const home[] = { SEEN_S("RN"), SEEN_I("RA"), NULL };
		static const char *const me[] = { SEEN_S("RN"), NULL };

		page_as(reg, "/", "home page after registration", home);
		page_as(reg, "/me", "account page after registration", me);
	}
	{
		static const char csv[] = "login,name,name_alt\n"
		    "csvx,\"CN\"\"><img src=x onerror=alert(1)>\",CA<script>alert(1)</script>\n";

		j = NULL;
		if (as(T1, "POST", "/api/v1/users/import?codes_days=1", "text/csv", csv, NULL,
		    &r) == 0)
			j = json_loadb(r.body, r.body_len, 0, NULL);
		CHECK(r.status == 201, "a CSV with hostile names imports (%d %s)", r.status,
		    r.body ? r.body : "");
		snprintf(body, sizeof body, "{\"code\":\"%s\"}",
		    testsrv_jstr(json_array_get(json_object_get(j, "learners"), 0), "code"));
		json_decref(j);
		resp_free(&r);
		csvx[0] = '\0';
		if (http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
		    body, strlen(body), &r) == 0 && r.status == 200) {
			j = json_loadb(r.body, r.body_len, 0, NULL);
			snprintf(csvx, sizeof csvx, "%s", testsrv_jstr(j, "token"));
			json_decref(j);
		}
		resp_free(&r);
		CHECK(csvx[0] != '\0', "the imported learner signs in with the access code");
	}
	{
		static const char *const home[] = { SEEN_I("CN"), SEEN_S("CA"), NULL };

		page_as(csvx, "/", "home page of a CSV-imported learner", home);
		page_as(csvx, "/me", "account page of a CSV-imported learner", home);
	}

	/* Trainer and admin pages, whichever exist now. */
	{
		size_t pages = 0;

		for (size_t i = 0; i < nroutes; i++) {
			const struct route *rt = &routes[i];
			char p[512];
			size_t o = 0;
			int ok = 1;

			if (strcmp(rt->method, "GET") != 0 || strncmp(rt->pattern, "/console", 8) != 0)
				continue;
			/* a CSV download (an attachment, text/csv) holds names as
			 * they are: not a page */
			if (strstr(rt->pattern, ".csv") != NULL)
				continue;
			for (const char *c = rt->pattern; *c && o < sizeof p - 80; ) {
				if (*c == '{') {
					const char *end = strchr(c, '}');
					const char *v = NULL;

					if (end && strncmp(c, "{exam}", 6) == 0)
						v = "e-xss";
					else if (end && strncmp(c, "{id}", 4) == 0)
						v = id;
					else if (end && strncmp(c, "{bank}", 6) == 0)
						v = "xss";
					else if (end && strncmp(c, "{login}", 7) == 0)
						v = "lx";
					else if (end && strncmp(c, "{serial}", 8) == 0)
						v = serial;
					if (v == NULL) {
						ok = 0;
						break;
					}
					o += (size_t)snprintf(p + o, sizeof p - o, "%s", v);
					c = end + 1;
				} else {
					p[o++] = *c++;
				}
			}
			p[o] = '\0';
			if (!ok)
				continue;
			if (rt->role <= ROLE_TRAINER) {
				static const char *const bank[] = { SEEN_S("QS"), SEEN_S("QR"),
					SEEN_I("QF"), SEEN_I("QW"), SEEN_S("QG"), NULL };

				snprintf(path, sizeof path, "console page %s as T1", p);
				page_as(tok[T1], p, path, strstr(p, "/banks/xss") ? bank : NULL);
			}
			snprintf(path, sizeof path, "console page %s as admin", p);
			{
				static const char *const users[] = { SEEN_S("UN"), SEEN_I("UA"),
					NULL };

				page_as(tok[ADMIN], p, path, strcmp(p, "/console/users") == 0 ?
				    users : NULL);
			}
			pages++;
		}
		printf("attack: XSS checked on %zu console pages\n", pages);
	}
	/* The issuer's fields, shown on every page (header and footer), on
	 * its privacy page and in the admin's form. */
	j = call(ADMIN, "PUT", "/api/v1/issuer", "{\"legal_name_en\":\"IN<script>alert(1)"
	    "</script>\",\"legal_name_zh\":\"IZ\\\"><img src=x onerror=alert(1)>\","
	    "\"short_name\":\"IS<script>alert(1)</script>\",\"address\":\"IA\\\"><img src=x "
	    "onerror=alert(1)>\",\"privacy\":\"IP<script>alert(1)</script>\","
	    "\"officer_name_en\":\"IO\\\"><img src=x onerror=alert(1)>\"}", &status);
	CHECK(status == 200, "the admin gives the issuer hostile names (%d)", status);
	json_decref(j);
	{
		static const char *const home[] = { SEEN_S("IN"), SEEN_I("IZ"), SEEN_S("IS"),
			SEEN_I("IA"), NULL };
		static const char *const privacy[] = { SEEN_S("IP"), NULL };
		static const char *const form[] = { SEEN_S("IN"), SEEN_I("IZ"), SEEN_I("IO"),
			SEEN_S("IP"), NULL };

		page_as(tok[LA], "/", "home page with a hostile issuer", home);
		page_as(tok[LA], "/issuer/privacy", "the issuer's privacy page", privacy);
		page_as(tok[ADMIN], "/console/issuer", "the issuer's form", form);
	}
	j = call(ADMIN, "PUT", "/api/v1/issuer", "{\"legal_name_en\":\"Attack Institute\","
	    "\"legal_name_zh\":\"攻擊測試學會\",\"short_name\":\"\",\"address\":\"\","
	    "\"privacy\":\"\",\"officer_name_en\":\"\"}", &status);
	CHECK(status == 200, "the issuer's names are plain again (%d)", status);
	json_decref(j);
}

/* ---- 4. SQL injection ---- */

static void
sql_injection(void)
{
	char h[512], body[1024], tk[64];
	json_t *j;
	int status;
	struct resp r;

	j = call(ANON, "POST", "/api/v1/session", "{\"login\":\"' OR 1=1 --\",\"password\":"
	    "\"' OR 1=1 --\"}", &status);
	CHECK(status == 401, "an injected login signs nobody in (%d)", status);
	json_decref(j);
	j = call(ANON, "POST", "/api/v1/session", "{\"login\":\"admin'--\",\"password\":\"x\"}",
	    &status);
	CHECK(status == 401, "admin'-- is not admin (%d)", status);
	json_decref(j);

	snprintf(h, sizeof h, "Cookie: aicert_pre=%s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", pre_cookie);
	snprintf(body, sizeof body, "csrf=%s&login=%%27%%3B+DROP+TABLE+users%%3B+--&name=x"
	    "&password=abcdefgh1&password2=abcdefgh1&email=x%%40example.com&agree=1", pre_csrf);
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 422, "an injected login is refused as a login (%d)", r.status);
	resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&login=sqlname&name=%%27%%3B+DROP+TABLE+users%%3B+--"
	    "&name_alt=%%22+OR+1%%3D1+--&password=abcdefgh1&password2=abcdefgh1"
	    "&email=x%%40example.com&agree=1", pre_csrf);
	tk[0] = '\0';
	CHECK(http_req(srv.port, "POST", "/register", h, body, strlen(body), &r) == 0 &&
	    r.status == 303 && resp_cookie(&r, "aicert_session", tk, sizeof tk),
	    "a learner named like an injection registers (%d)", r.status);
	resp_free(&r);
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tk);
	CHECK(http_req(srv.port, "GET", "/api/v1/me", h, NULL, 0, &r) == 0 && r.status == 200 &&
	    (j = json_loadb(r.body, r.body_len, 0, NULL)) != NULL &&
	    strcmp(testsrv_jstr(j, "name"), SQL_1) == 0 &&
	    strcmp(testsrv_jstr(j, "name_alt"), SQL_2) == 0,
	    "the names are stored literally");
	json_decref(j);
	resp_free(&r);
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\nAccept-Language: en\r\n", tk);
	CHECK(http_req(srv.port, "GET", "/", h, NULL, 0, &r) == 0 &&
	    strstr(r.body, "&#39;; DROP TABLE users; --") && strstr(r.body, "&quot; OR 1=1 --"),
	    "and shown literally");
	resp_free(&r);

	j = call(T1, "POST", "/api/v1/exams", "{\"id\":\"e-sql\",\"title\":{\"en\":\"'; DROP TABLE "
	    "users; --\",\"zh-TW\":\"\\\" OR 1=1 --\"},\"duration_s\":600,\"pass_percent\":50,"
	    "\"languages\":[\"en\"],\"bank\":\"core\",\"sections\":[{\"category\":\"core/all\","
	    "\"count\":1}]}", &status);
	CHECK(status == 201, "an exam titled like an injection is saved (%d)", status);
	json_decref(j);
	j = call(T1, "GET", "/api/v1/exams/e-sql", NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(json_object_get(j, "title"), "en"), SQL_1) == 0 &&
	    strcmp(testsrv_jstr(json_object_get(j, "title"), "zh-TW"), SQL_2) == 0,
	    "its titles come back literally");
	json_decref(j);

	j = call(T1, "GET", "/api/v1/banks/core/questions?q=%27%3B%20DROP%20TABLE%20users%3B%20--",
	    NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(j, "questions")) == 1,
	    "searching for the injection finds the one question holding it (%d, %zu)", status,
	    json_array_size(json_object_get(j, "questions")));
	json_decref(j);
	j = call(T1, "GET", "/api/v1/banks/core/questions?q=%22%20OR%201%3D1%20--", NULL, &status);
	CHECK(status == 200 && json_array_size(json_object_get(j, "questions")) == 0,
	    "\" OR 1=1 -- finds nothing rather than everything (%d, %zu)", status,
	    json_array_size(json_object_get(j, "questions")));
	json_decref(j);
	j = call(T1, "GET", "/api/v1/banks/core%27%20OR%20%271%27%3D%271/questions", NULL, &status);
	CHECK(status == 404, "an injected bank name is no bank (%d)", status);
	json_decref(j);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM users WHERE login IN "
	    "('la','lb','t1','t2','admin','lx','sqlname')", NULL) == 7, "the users table is intact");
}

/* ---- 5. traversal and limits ---- */

static void
traversal_and_limits(void)
{
	static const char *const paths[] = {
		"/static/../src/main.c", "/static/%2e%2e/src/main.c",
		"/static/..%2f..%2fetc%2fpasswd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/static/..%5c..%5csrc%5cmain.c", "/static//etc/passwd",
		"/static/app.css/../../src/main.c", "/static/%252e%252e/src/main.c",
		"/static/../../../../etc/passwd", "/static/.%2e/Makefile",
	};
	struct resp r;
	char *big;

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		if (http_req(srv.port, "GET", paths[i], NULL, NULL, 0, &r) != 0)
			r.status = 0;
		CHECK(r.status == 404 && r.body != NULL && strstr(r.body, "root:") == NULL &&
		    strstr(r.body, "#include") == NULL && strstr(r.body, "CFLAGS") == NULL,
		    "GET %s: 404 and no file content (got %d)", paths[i], r.status);
		resp_free(&r);
	}
	CHECK(as(LA, "GET", "/media/..%2f..%2fetc%2fpasswd", NULL, NULL, NULL, &r) == 0 &&
	    r.status == 404, "no traversal through /media/ either (%d)", r.status);
	resp_free(&r);

	big = malloc(1536 * 1024 + 1);
	memset(big, 'a', 1536 * 1024);
	big[1536 * 1024] = '\0';
	CHECK(as(T1, "POST", "/api/v1/banks?bank=big&filename=big.gift", "text/plain", big, NULL,
	    &r) == 0 && r.status == 413, "a 1.5 MB bank upload over --max-body-mb 1: 413 (%d)",
	    r.status);
	resp_free(&r);
	CHECK(as(T1, "POST", "/api/v1/banks?bank=big&filename=big.gift", "text/plain", NULL,
	    "Content-Length: 2147483648\r\n", &r) == 0 && r.status == 413,
	    "a declared 2 GB upload: 413 before it is sent (%d)", r.status);
	resp_free(&r);
	{
		char path[256];

		snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i1", att_api);
		CHECK(as(LA, "PUT", path, "application/json", big, NULL, &r) == 0 &&
		    r.status == 413, "a 1.5 MB answer: 413 (%d)", r.status);
		resp_free(&r);
	}
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM banks WHERE name = 'big'", NULL) == 0,
	    "nothing of the refused upload was stored");
	{
		char *hdr = malloc(110 * 1024);

		snprintf(hdr, 110 * 1024, "X-Big: %.*s\r\n", 100 * 1024, big);
		CHECK(http_req(srv.port, "GET", "/", hdr, NULL, 0, &r) == 0 && r.status == 431,
		    "a 100 KB header is refused: 431 (got %d)", r.status);
		resp_free(&r);
		snprintf(hdr, 110 * 1024, "/static/%.*s", 100 * 1024, big);
		CHECK(http_req(srv.port, "GET", hdr, NULL, NULL, 0, &r) == 0 && r.status == 414,
		    "a 100 KB URL is refused: 414 (got %d)", r.status);
		resp_free(&r);
		free(hdr);
	}
	free(big);
	CHECK(http_req(srv.port, "GET", "/", NULL, NULL, 0, &r) == 0 && r.status == 200,
	    "the server still answers after the oversized requests");
	resp_free(&r);
}

/* ---- 6. slowloris and many connections ---- */

static int
tcp_connect(void)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)srv.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 if the server closes fd within ms milliseconds (data is drained). */
static int
closed_within(int fd, int ms)
{
	double until = test_now() + ms / 1000.0;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int left = (int)((until - test_now()) * 1000);
		char c[512];

		if (left < 0)
			left = 0;
		if (poll(&p, 1, left) <= 0)
			return 0;
		if (read(fd, c, sizeof c) <= 0)
			return 1;
	}
}

/* 1 if the server accepts a connection and then closes it without a
 * byte of answer to a request on it (within 2 s); 0 if it cannot be
 * reached, answers, or keeps the connection open. */
static int
turned_away(void)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	struct pollfd p = { tcp_connect(), POLLIN, 0 };
	int closed = 0;
	char c;

	if (p.fd < 0)
		return 0;
	if (send(p.fd, req, sizeof req - 1, MSG_NOSIGNAL) < 0 || poll(&p, 1, 2000) > 0)
		closed = read(p.fd, &c, 1) <= 0;	/* 0: closed; -1: reset */
	close(p.fd);
	return closed;
}

static void
slowloris(void)
{
	int fds[4];
	double t0;
	struct resp r;
	int closed = 0;

	/* A request line that never ends, a byte now and none for longer
	 * than the 2 s timeout. */
	for (int i = 0; i < 4; i++) {
		fds[i] = tcp_connect();
		if (fds[i] >= 0 && write(fds[i], "GET / HTTP/1.1\r\nHo", i + 1) < 0)
			perror("write");
	}
	t0 = test_now();
	CHECK(http_req(srv.port, "GET", "/", NULL, NULL, 0, &r) == 0 && r.status == 200,
	    "while slow connections hang, a normal request is served");
	resp_free(&r);
	for (int i = 0; i < 4; i++) {
		closed += fds[i] >= 0 && closed_within(fds[i], 4500);
		if (fds[i] >= 0)
			close(fds[i]);
	}
	CHECK(closed == 4 && test_now() - t0 < 4.5 && test_now() - t0 > 1.0,
	    "the server drops connections idle past --timeout 2 (%d of 4 in %.1f s)", closed,
	    test_now() - t0);
}

static void
flood(void)
{
	int fds[40], refused = 0, open = 0;
	struct resp r;

	for (int i = 0; i < 40; i++)
		fds[i] = tcp_connect();
	usleep(300 * 1000);
	for (int i = 0; i < 40; i++) {
		if (fds[i] < 0 || closed_within(fds[i], 0)) {
			refused++;
			if (fds[i] >= 0)
				close(fds[i]);
			fds[i] = -1;
		} else {
			open++;
		}
	}
	CHECK(refused >= 20 && open <= 20 && open > 0,
	    "40 connections from one address with --per-ip-limit 20: %d refused, %d held",
	    refused, open);
	/* A held connection the server had not yet accepted when counted
	 * (slow under the sanitizers) leaves a slot: fill the address up to
	 * its 20 before asking for one more. */
	for (int tries = 0; open < 20 && tries < 40; tries++) {
		int fd = tcp_connect();

		usleep(50 * 1000);
		if (fd < 0 || closed_within(fd, 0)) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		for (int i = 0; i < 40; i++)
			if (fds[i] < 0) {
				fds[i] = fd;
				break;
			}
		open++;
	}
	CHECK(turned_away(), "while the address holds its 20, one more connection is closed "
	    "unanswered");
	for (int i = 0; i < 40; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	usleep(300 * 1000);
	CHECK(http_req(srv.port, "GET", "/", NULL, NULL, 0, &r) == 0 && r.status == 200,
	    "once they are closed, the address is served again (%d)", r.status);
	resp_free(&r);
}

/* ---- 8. timing ---- */

struct tab {
	pthread_barrier_t *go;
	const char *id;
	int status;
	double score;
};

static void *
tab_submit(void *arg)
{
	struct tab *t = arg;
	json_t *j;

	pthread_barrier_wait(t->go);
	j = submit(LB, t->id, &t->status);
	t->score = json_number_value(json_object_get(j, "score"));
	json_decref(j);
	return NULL;
}

/* Starts the 2 s exam; the deadline is checked later by late_saves(). */
static void
quick_start(char *id, size_t n, double *started)
{
	int status;
	json_t *j;
	struct resp r;
	char path[256];

	if (as(LA, "POST", "/api/v1/exams/quick/attempts", "application/json", "{\"lang\":\"en\"}",
	    "Date: Fri, 01 Jan 2100 00:00:00 GMT\r\nX-Client-Time: 4102444800\r\n", &r) == 0 &&
	    (j = json_loadb(r.body, r.body_len, 0, NULL)) != NULL) {
		snprintf(id, n, "%s", testsrv_jstr(j, "id"));
		CHECK(r.status == 201 && json_integer_value(json_object_get(j, "remaining_s")) <= 2,
		    "a client claiming it is 2100 still gets the server's 2 s (%lld)",
		    (long long)json_integer_value(json_object_get(j, "remaining_s")));
		json_decref(j);
	}
	resp_free(&r);
	*started = test_now();
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i1", id);
	j = call(LA, "PUT", path, "{\"response\":{\"choice\":\"c1\"},\"seq\":1}", &status);
	CHECK(status == 200, "the 2 s exam takes a save at once (%d)", status);
	json_decref(j);
}

static void
late_saves(const char *id, double started)
{
	char path[256];
	struct resp r;
	json_t *j;
	int status;

	if (test_now() - started < 2.5)
		usleep((useconds_t)((2.5 - (test_now() - started)) * 1e6));
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/i1", id);
	j = call(LA, "PUT", path, "{\"response\":{\"choice\":\"c2\"},\"seq\":2}", &status);
	CHECK(status == 409, "a save after the deadline (grace 0): 409 (%d)", status);
	json_decref(j);
	CHECK(as(LA, "PUT", path, "application/json", "{\"response\":{\"choice\":\"c2\"},\"seq\":3}",
	    "Date: Sat, 01 Jan 2000 00:00:00 GMT\r\nX-Client-Time: 946684800\r\n", &r) == 0 &&
	    r.status == 409,
	    "a client that says it is still 2000 is refused all the same (%d)", r.status);
	resp_free(&r);
	/* Clock fields in the body are not read: a body holds only what a
	 * save takes, so they are refused before the clock is. */
	CHECK(as(LA, "PUT", path, "application/json", "{\"response\":{\"choice\":\"c2\"},\"seq\":4,"
	    "\"client_time\":\"2000-01-01T00:00:00Z\",\"now\":946684800000,\"started_at\":"
	    "\"2100-01-01T00:00:00Z\"}", "Date: Sat, 01 Jan 2000 00:00:00 GMT\r\n"
	    "X-Client-Time: 946684800\r\n", &r) == 0 && r.status == 400,
	    "a body claiming a clock is refused too: 400 (%d)", r.status);
	resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(LA, "GET", path, NULL, &status);
	CHECK(status == 200 && strcmp(testsrv_jstr(json_object_get(json_object_get(j,
	    "responses"), "i1"), "choice"), "c1") == 0, "only the in-time answer is stored");
	json_decref(j);
}

static void
replay_and_tabs(void)
{
	json_t *att, *j, *it;
	char id[64], path[256], body[256], right[16], wrong[16];
	int status;
	pthread_t th[2];
	pthread_barrier_t go;
	struct tab tabs[2];

	att = start(LB, "e-tabs", &status);
	snprintf(id, sizeof id, "%s", testsrv_jstr(att, "id"));
	it = json_array_get(json_object_get(att, "items"), 0);
	snprintf(right, sizeof right, "%s", choice_with(it, "right"));
	snprintf(wrong, sizeof wrong, "%s", choice_with(it, "wrong"));
	answer_all(LB, att, "right");	/* seq 1 everywhere */
	snprintf(path, sizeof path, "/api/v1/attempts/%s/responses/%s", id, testsrv_jstr(it, "id"));
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":5}", right);
	j = call(LB, "PUT", path, body, &status);
	CHECK(status == 200 && json_is_true(json_object_get(j, "saved")), "save seq 5");
	json_decref(j);
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":3}", wrong);
	j = call(LB, "PUT", path, body, &status);
	CHECK(status == 200 && json_is_false(json_object_get(j, "saved")) &&
	    json_integer_value(json_object_get(j, "seq")) == 5,
	    "seq 3 arriving after seq 5 is stale and stored nothing");
	json_decref(j);
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":5}", wrong);
	j = call(LB, "PUT", path, body, &status);
	CHECK(status == 200 && json_is_false(json_object_get(j, "saved")),
	    "the same seq replayed with another answer is stale");
	json_decref(j);
	snprintf(body, sizeof body, "{\"response\":{\"choice\":\"%s\"},\"seq\":5}", right);
	j = call(LB, "PUT", path, body, &status);
	CHECK(status == 200 && json_is_true(json_object_get(j, "saved")) &&
	    json_integer_value(json_object_get(j, "seq")) == 5,
	    "the same seq with the same answer again (a retry) is saved, once");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/attempts/%s", id);
	j = call(LB, "GET", path, NULL, &status);
	CHECK(strcmp(testsrv_jstr(json_object_get(json_object_get(j, "responses"),
	    testsrv_jstr(it, "id")), "choice"), right) == 0 &&
	    json_integer_value(json_object_get(json_object_get(j, "seqs"),
	    testsrv_jstr(it, "id"))) == 5,
	    "the seq 5 answer stands");
	json_decref(j);
	json_decref(att);

	/* Two tabs submit at the same instant. */
	pthread_barrier_init(&go, NULL, 2);
	for (int i = 0; i < 2; i++) {
		tabs[i].go = &go;
		tabs[i].id = id;
		pthread_create(&th[i], NULL, tab_submit, &tabs[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	CHECK(tabs[0].status == 200 && tabs[1].status == 200 && tabs[0].score == tabs[1].score &&
	    tabs[0].score > 0, "two tabs submitting at once both get 200 and the same score "
	    "(%d %d, %g %g)", tabs[0].status, tabs[1].status, tabs[0].score, tabs[1].score);
	CHECK(testsrv_db_int(&srv, "SELECT count(*) FROM certificates WHERE attempt_id = "
	    "(SELECT id FROM attempts WHERE public_id = ?)", id) == 1,
	    "the attempt is graded once: one certificate");
	j = submit(LB, id, &status);
	code_from(j, code_b, sizeof code_b);
	CHECK(status == 200 && strlen(code_b) > 50, "a third submit returns the same certificate");
	json_decref(j);
}

/* ---- 9. certificates ---- */

static const char *
verify_status(const char *code, char *out, size_t n)
{
	char path[1200];
	int status;
	json_t *j;

	snprintf(path, sizeof path, "/api/v1/verify/%s", code);
	j = call(ANON, "GET", path, NULL, &status);
	snprintf(out, n, "%d %s", status, testsrv_jstr(j, "status"));
	json_decref(j);
	return out;
}

static void
certificates(void)
{
	char got[64], bad[1100], path[256];
	size_t len = strlen(code_b), wrong = 0, tried = 0;
	struct cert_claims cl;
	struct signing_key real, stranger;
	char *c;

	CHECK(strcmp(verify_status(code_b, got, sizeof got), "200 valid") == 0,
	    "the genuine code verifies (%s)", got);
	/* 50 positions spread over the code, each changed to another letter */
	for (size_t k = 0; k < 50 && len > 0; k++) {
		size_t i = k * (len - 1) / 49;

		snprintf(bad, sizeof bad, "%s", code_b);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		tried++;
		if (strcmp(verify_status(bad, got, sizeof got), "200 invalid") != 0) {
			wrong++;
			CHECK(0, "code changed at %zu of %zu: %s", i, len, got);
		}
	}
	CHECK(wrong == 0 && tried == 50, "50 tampered codes are all invalid (%zu wrong)", wrong);
	{
		static const size_t cuts[] = { 1, 2, 13, 0 };

		for (size_t k = 0; k < 4; k++) {
			size_t keep = cuts[k] ? len - cuts[k] : len / 2;

			snprintf(bad, sizeof bad, "%.*s", (int)keep, code_b);
			CHECK(strcmp(verify_status(bad, got, sizeof got), "200 invalid") == 0,
			    "a code cut to %zu of %zu characters is invalid (%s)", keep, len, got);
		}
		snprintf(bad, sizeof bad, "%sAA", code_b);
		CHECK(strcmp(verify_status(bad, got, sizeof got), "200 invalid") == 0,
		    "a code with characters added is invalid (%s)", got);
	}
	CHECK(cert_code_parse(code_b, &cl, NULL) == 0, "the genuine code parses");
	snprintf(path, sizeof path, "%s/stranger.key", srv.dir);
	if (keys_create(path, &stranger) == 0) {
		c = cert_code_make(&cl, stranger.sk);	/* our key id, their signature */
		CHECK(c && strcmp(verify_status(c, got, sizeof got), "200 invalid") == 0,
		    "the same claims re-signed with another key are invalid (%s)", got);
		free(c);
		sodium_hex2bin(cl.key_id, 8, stranger.id, 16, NULL, NULL, NULL);
		c = cert_code_make(&cl, stranger.sk);	/* a self-consistent forgery */
		CHECK(c && strcmp(verify_status(c, got, sizeof got), "200 invalid") == 0,
		    "a forgery naming its own key is invalid (%s)", got);
		free(c);
		cert_code_parse(code_b, &cl, NULL);
		cl.score_bp = 10000;
		c = cert_code_make(&cl, stranger.sk);
		CHECK(c && strcmp(verify_status(c, got, sizeof got), "200 invalid") == 0,
		    "a raised score re-signed with another key is invalid (%s)", got);
		free(c);
	} else {
		CHECK(0, "a stranger's key is made");
	}
	snprintf(path, sizeof path, "%s/aicert.key", srv.dir);
	if (keys_load(path, &real) == 0) {
		cert_code_parse(code_b, &cl, NULL);
		snprintf(cl.serial, sizeof cl.serial, "AIC-2020-999998");
		cl.issued_day = 18000;
		cl.expires_day = 18365;
		c = cert_code_make(&cl, real.sk);
		CHECK(c && strcmp(verify_status(c, got, sizeof got), "200 expired") == 0,
		    "a certificate past its last day is expired (%s)", got);
		free(c);
	} else {
		CHECK(0, "the signing key reads");
	}
}

/* ---- 7. brute force ---- */

static void
verify_flood(void)
{
	char path[1200], ra[32];
	struct resp r;
	int first429 = 0, n;

	snprintf(path, sizeof path, "/api/v1/verify/%s", code_b);
	for (n = 1; n <= 130 && first429 == 0; n++) {
		if (http_req(srv.port, "GET", path, NULL, NULL, 0, &r) != 0)
			break;
		if (r.status == 429) {
			first429 = n;
			CHECK(resp_header(&r, "Retry-After", ra, sizeof ra) && atoi(ra) > 0 &&
			    atoi(ra) <= 60, "the verification 429 says when to retry (%s)", ra);
		}
		resp_free(&r);
	}
	CHECK(first429 > 0, "more than 120 verifications a minute from one address end in 429");
	snprintf(path, sizeof path, "/V/%s", code_b);
	CHECK(http_req(srv.port, "GET", path, NULL, NULL, 0, &r) == 0 && r.status == 429,
	    "the verify page shares the limit (%d)", r.status);
	resp_free(&r);
}

static void
code_flood(void)
{
	char out[64], body[128], code[64];
	json_t *j;
	int status, first429 = 0, n;
	struct resp r;

	/* A test centre: a few mistyped codes lock nobody out. */
	if (as(T1, "POST", "/api/v1/users/import?codes_days=1", "text/csv",
	    "login,name\ncodeok,Code OK\n", NULL, &r) == 0 &&
	    (j = json_loadb(r.body, r.body_len, 0, NULL)) != NULL) {
		snprintf(code, sizeof code, "%s", testsrv_jstr(json_array_get(json_object_get(j, "learners"),
		    0), "code"));
		json_decref(j);
	} else {
		code[0] = '\0';
	}
	resp_free(&r);
	for (n = 0; n < 15; n++)
		json_decref(call(ANON, "POST", "/api/v1/session",
		    "{\"code\":\"ZZZZZZZZZZZZZZZZ\"}", &status));
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	j = call(ANON, "POST", "/api/v1/session", body, &status);
	CHECK(status == 200, "after 15 mistyped codes in the room, a right code still signs in "
	    "(%d)", status);
	json_decref(j);
	for (n = 16; n <= 320 && first429 == 0; n++) {
		snprintf(body, sizeof body, "{\"code\":\"WRONG%011d\"}", n);
		if (as(ANON, "POST", "/api/v1/session", "application/json", body, NULL, &r) != 0)
			break;
		if (r.status == 429) {
			first429 = n;
			CHECK(resp_header(&r, "Retry-After", out, sizeof out) && atoi(out) > 0,
			    "the access-code 429 carries Retry-After");
		} else {
			CHECK(r.status == 401, "wrong code %d: 401 (%d)", n, r.status);
		}
		resp_free(&r);
	}
	CHECK(first429 >= 250 && first429 <= 310,
	    "about 300 wrong access codes from one address end in 429 (at %d)", first429);
}

/* ---- the https deployment ---- */

static void
secure_cookies(void)
{
	char line[512], body[128];
	struct resp r;

	testsrv_stop(&srv, SIGTERM, NULL);
	if (testsrv_start(&srv, "--base-url", "https://cert.example.tw", NULL) != 0) {
		CHECK(0, "the server restarts behind https");
		return;
	}
	CHECK(http_req(srv.port, "GET", "/signin", NULL, NULL, 0, &r) == 0 &&
	    set_cookie(&r, "aicert_pre", line, sizeof line) && strstr(line, "Secure") &&
	    strstr(line, "HttpOnly") && strstr(line, "SameSite=Lax") && strstr(line, "Path=/"),
	    "behind https the pre-session cookie is Secure too: %s", line);
	CHECK(resp_header(&r, "Strict-Transport-Security", body, sizeof body) != NULL,
	    "and pages carry Strict-Transport-Security");
	resp_free(&r);
	snprintf(body, sizeof body, "{\"login\":\"la\",\"password\":\"learner-a-pw\"}");
	CHECK(http_req(srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
	    body, strlen(body), &r) == 0 && r.status == 200 &&
	    set_cookie(&r, "aicert_session", line, sizeof line) && strstr(line, "Secure") &&
	    strstr(line, "HttpOnly") && strstr(line, "SameSite=Lax") && strstr(line, "Path=/"),
	    "behind https the session cookie is Secure, HttpOnly, SameSite=Lax, Path=/: %s", line);
	resp_free(&r);
}

void
test_attack(void)
{
	char quick[64] = "";
	double quick_at = 0, t0 = test_now(), t;

	testsrv_init(&srv);
	setenv("AICERT_ADMIN_PASSWORD", "admin-pass-123", 1);
	if (fixtures() != 0)
		return;
	quick_start(quick, sizeof quick, &quick_at);
	replay_and_tabs();
	t = test_now();
	slowloris();				/* the 2 s exam runs out meanwhile */
	late_saves(quick, quick_at);
	flood();
	printf("attack: fixtures, timing, slowloris, flood %.1f s\n", test_now() - t0);
	t = test_now();
	certificates();
	matrix();
	body_rules();
	escalation();
	printf("attack: certificates and matrix %.1f s\n", test_now() - t);
	t = test_now();
	csrf();
	reset_attacks();
	fixation_and_cookies();
	xss();
	sql_injection();
	traversal_and_limits();
	printf("attack: CSRF, XSS, SQL, limits %.1f s\n", test_now() - t);
	t = test_now();
	verify_flood();
	code_flood();
	printf("attack: brute force %.1f s\n", test_now() - t);
	secure_cookies();
	testsrv_stop(&srv, SIGTERM, NULL);
	printf("attack: %.1f s in all\n", test_now() - t0);
}
