/*
 * oom.c - `make oomtest`: the parsers, the learners CSV (libcsv), short
 * answers in NFKC (libunistring), the certificate PDF and a credential's
 * proof (signed and checked) under an allocator that fails. For each target and N = 1, 2, ... a child process
 * runs the target once with every allocation from the Nth on failing
 * (malloc, calloc and realloc return NULL), until a run makes fewer than
 * N allocations. Each child ends in one of four ways:
 *
 *   ok      the target succeeded (the failing allocation was never reached
 *           or was survived)
 *   clean   the target returned its error (-1, NULL) and the caller could
 *           go on: the contract for libraries (jansson, libxml2, libharu)
 *           and for our code above them
 *   stop    abort() on purpose: aicert's own allocation wrappers (the
 *           arena, buffers, strdup checks) stop the process on OOM by
 *           design (src/base/arena.c); a fail-stop, never wrong data
 *   wrong   the target said it succeeded but produced something else
 *           than with memory to spare (fewer questions, another PDF size)
 *   crash   any other signal, or an abort from the C library or an assert
 *           (double free, heap corruption): a bug
 *
 * The test fails if any run crashes or is wrong. The allocator is replaced by defining
 * malloc/calloc/realloc/free in this executable (glibc supports replacing
 * malloc by interposition), so libraries' allocations fail too. That is
 * why this is not built with AddressSanitizer, which owns malloc.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "bank_gift.h"
#include "bank_xml.h"
#include "cert_pdf.h"
#include "ob3.h"
#include "certimg.h"
#include "exam.h"
#include "grade.h"
#include "people.h"
#include "question.h"

/* ---- the failing allocator ---- */

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t m);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

static long oom_count;		/* allocations since armed */
static long oom_fail_at;	/* 0: never fail */
static long oom_result;		/* what a successful run produced (questions, bytes) */

static int
oom_fails(void)
{
	return oom_fail_at > 0 && ++oom_count >= oom_fail_at;
}

void *
malloc(size_t n)
{
	return oom_fails() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	return oom_fails() ? NULL : __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	return oom_fails() ? NULL : __libc_realloc(p, n);
}

void
free(void *p)
{
	__libc_free(p);
}

/* ---- the targets: 0 success, 1 clean failure ---- */

static const char gift_sample[] =
    "$CATEGORY: oom/one\n\n"
    "// [id:OOM-1] [tag:easy]\n"
    "::Choice::Which is *right*? {=yes #good ~no #bad ~maybe ####general}\n\n"
    "::TF::The sky is blue. {T#right#wrong}\n\n"
    "::Short::Name a colour. {=red =blue}\n\n"
    "::Num::Two plus two? {#4:0.5}\n\n"
    "::Match::Pair them. {=a -> 1 =b -> 2 =c -> 3}\n\n"
    "::Multi::Pick two. {~%50%one ~%50%two ~%-100%three}\n";

static const char xml_sample[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
    "<question type=\"category\"><category><text>$course$/oom</text></category></question>\n"
    "<question type=\"multichoice\"><name><text>Q1</text></name>"
    "<questiontext format=\"html\"><text><![CDATA[<p>Which <b>one</b>?</p>]]></text></questiontext>"
    "<single>true</single>"
    "<answer fraction=\"100\"><text>A</text><feedback><text>good</text></feedback></answer>"
    "<answer fraction=\"0\"><text>B</text></answer></question>\n"
    "<question type=\"truefalse\"><name><text>Q2</text></name>"
    "<questiontext><text>True?</text></questiontext>"
    "<answer fraction=\"100\"><text>true</text></answer>"
    "<answer fraction=\"0\"><text>false</text></answer></question>\n"
    "</quiz>\n";

static char *exam_json;
static size_t exam_len;

static int
run_gift(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	int rc;

	q_bank_init(&b, a, "oom.gift");
	rc = bank_gift_parse(&b, gift_sample, sizeof gift_sample - 1);
	oom_result = (long)b.n;
	arena_free(a);
	return rc == 0 ? 0 : 1;
}

static int
run_xml(void)
{
	struct arena *a = arena_new();
	struct q_bank b;
	int rc;

	q_bank_init(&b, a, "oom.xml");
	rc = bank_xml_parse(&b, xml_sample, sizeof xml_sample - 1);
	oom_result = (long)b.n;
	arena_free(a);
	return rc == 0 ? 0 : 1;
}

static int
run_exam(void)
{
	struct arena *a = arena_new();
	struct q_bank errs;
	struct exam e;
	int rc;

	q_bank_init(&errs, a, "exam.json");
	rc = exam_parse(a, exam_json, exam_len, &e, &errs);
	oom_result = rc == 0 ? (long)exam_item_count(&e) : -1;
	arena_free(a);
	return rc == 0 ? 0 : 1;
}

static int
run_json(void)
{
	json_error_t err;
	json_t *v = json_loadb(exam_json, exam_len, JSON_REJECT_DUPLICATES, &err);
	char *s;

	if (v == NULL)
		return 1;
	s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL)
		return 1;
	oom_result = (long)strlen(s);
	free(s);
	return 0;
}

/* The issuer's seal for run_pdf, made in main before any allocation
 * fails. */
static unsigned char *seal_png;
static size_t seal_len;

static int
run_pdf(void)
{
	struct cert_doc d;
	unsigned char *pdf = NULL;
	size_t len = 0;
	const char *err = NULL;

	memset(&d, 0, sizeof d);
	d.holder = "王小明";
	d.holder_alt = "Wang Hsiao-Ming";
	d.exam_en = "AI Application Planner (Associate)";
	d.exam_zh = "AI 應用規劃師（初級）";
	d.issuer_en = "Taiwan AI Skills Institute";
	d.issuer_zh = "台灣人工智慧技能學會";
	d.serial = "AIC-2026-000042";
	d.percent = 92.5;
	d.issued_at = 1767225600;
	d.expires_at = 1830297600;
	d.verify_url = "HTTPS://CERT.EXAMPLE.TW/V/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	d.verify_addr = "HTTPS://CERT.EXAMPLE.TW/verify";
	d.check_code = "7KQ2-M9XD";
	d.officer_zh = "陳志明";
	d.officer_title_zh = "理事長";
	d.officer_en = "Chen Chih-Ming";
	d.officer_title_en = "President";
	d.seal = (struct cert_image){ seal_png, seal_len, "image/png" };
	if (cert_pdf_render(&d, &pdf, &len, &err) != 0)
		return err != NULL && pdf == NULL ? 1 : 2;
	oom_result = (long)len;
	free(pdf);
	return 0;
}

/* libcsv grows its field buffer with realloc. */
static int
run_csv(void)
{
	static const char csv[] = "\xEF\xBB\xBFlogin,name,name_alt\r\n"
	    "wang,\"王小明\",\"Wang \"\"Hsiao\"\"\nMing\"\r\n"
	    "lee,  Lee Mei-Ling  ,\"A long alternative name that outgrows libcsv's first "
	    "128-byte buffer, and then some more words to make sure of it, twice over\"\n";
	struct arena *a = arena_new();
	struct q_bank errs;
	struct people_row *rows;
	size_t n;
	int rc;

	q_bank_init(&errs, a, "oom.csv");
	rc = people_csv_read(a, csv, &rows, &n, &errs);
	oom_result = rc == 0 ? (long)(n * 100 + (size_t)rows[n - 1].nf * 10 +
	    strlen(rows[n - 1].f[2]) % 10) : -1;
	arena_free(a);
	return rc == 0 ? 0 : 1;
}

/* Short answers in NFKC (libunistring's u8_normalize allocates for long
 * texts). */
static int
run_grade(void)
{
	static const char *const pairs[][2] = {
		{ "ＧＰＴ－４ 大型語言模型", "gpt-4  大型語言模型" },
		{ "Հայաստան*", "ՀԱՅԱՍՏԱՆԻ ՀԱՆՐԱՊԵՏՈՒԹՅՈՒՆ ԵՎ ՆՐԱ ՄԱՅՐԱՔԱՂԱՔԸ ԵՐԵՎԱՆՆ Է, "
		    "ﾊﾝｶｸ ｶﾀｶﾅ ＡＮＤ ＦＵＬＬ－ＷＩＤＴＨ ＬＥＴＴＥＲＳ ＡＮＤ ＤＩＧＩＴＳ １２３" },
		{ "e\xcc\x81" "cole", "ÉCOLE" },
	};
	long bits = 0;

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		bits = bits * 2 + grade_short_match(pairs[i][0], pairs[i][1], 0);
	oom_result = bits;
	return 0;
}

/* A credential as aicert writes it (without its proof), signed then
 * checked with a fixed key: ob3.c, ob3_check.c and rdfc.c on jansson. */
static const char cred_sample[] =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://"
    "purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],\"id\":\"htt"
    "p://cert.example.tw/api/v1/certificates/AIC-2026-000001/credential"
    "\",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"i"
    "ssuer\":{\"id\":\"http://cert.example.tw/api/v1/issuer\",\"type\":"
    "[\"Profile\"],\"name\":\"aicert AI Skills Certification / aicert 人"
    "工智慧技能認證\"},\"validFrom\":\"2026-12-03T17:34:08Z\",\""
    "name\":\"AI Basics / 人工智慧基礎\",\"description\":\"Certif"
    "icate AIC-2026-000001 / 證書 AIC-2026-000001\",\"validUntil\":\""
    "2029-12-03T17:34:08Z\",\"credentialSubject\":{\"type\":[\"Achievem"
    "entSubject\"],\"identifier\":[{\"type\":\"IdentityObject\",\"hashe"
    "d\":false,\"identityHash\":\"王小明\",\"identityType\":\"name\""
    "},{\"type\":\"IdentityObject\",\"hashed\":false,\"identityHash\":\""
    "Wang Hsiao-Ming\",\"identityType\":\"name\"}],\"achievement\":{\"i"
    "d\":\"http://cert.example.tw/exams/obx\",\"type\":[\"Achievement\""
    "],\"name\":\"AI Basics / 人工智慧基礎\",\"description\":\"Pa"
    "ssed the exam \\\"AI Basics\\\" (人工智慧基礎) under the iss"
    "uer's rules; the score is its percentage of the available points. "
    "/ 通過「人工智慧基礎」測驗。\",\"criteria\":{\"narrat"
    "ive\":\"Pass the timed exam at or above its pass mark. / 於限時"
    "測驗中達到及格分數。\"},\"achievementType\":\"Certificat"
    "e\",\"resultDescription\":[{\"id\":\"http://cert.example.tw/exams/"
    "obx#score\",\"type\":[\"ResultDescription\"],\"name\":\"Score\",\""
    "resultType\":\"Percent\",\"valueMin\":\"0\",\"valueMax\":\"100\"}]"
    "},\"result\":[{\"type\":[\"Result\"],\"resultDescription\":\"http:"
    "//cert.example.tw/exams/obx#score\",\"value\":\"100\"}]},\"credent"
    "ialStatus\":{\"id\":\"http://cert.example.tw/api/v1/status/1#0\",\""
    "type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation"
    "\",\"statusListIndex\":\"0\",\"statusListCredential\":\"http://cer"
    "t.example.tw/api/v1/status/1\"}}";

static unsigned char cred_pk[32];

static int
cred_key(void *ctx, const char *id, unsigned char pk[32])
{
	(void)ctx;
	(void)id;
	memcpy(pk, cred_pk, 32);
	return 1;
}

static int
run_credential(void)
{
	static const unsigned char seed[32] = { 7 };
	unsigned char sk[64];
	json_t *doc = json_loads(cred_sample, 0, NULL);
	struct ob3_verdict v;
	const char *why = NULL;
	char *s;
	int rc = 1;

	crypto_sign_seed_keypair(cred_pk, sk, seed);
	if (doc == NULL)
		return 1;
	if (ob3_sign(doc, OB3_CREDENTIAL, sk, "http://cert.example.tw/api/v1/issuer#key-"
	    "0123456789abcdef", 1767225600, &why) == 0 &&
	    ob3_check(doc, cred_key, NULL, NULL, 1830000000, &v) == OB3_VALID &&
	    (s = json_dumps(doc, JSON_COMPACT)) != NULL) {
		oom_result = (long)strlen(s);
		free(s);
		rc = 0;
	}
	json_decref(doc);
	return rc;
}

static const struct target {
	const char *name;
	int (*fn)(void);
} targets[] = {
	{ "gift", run_gift },
	{ "xml", run_xml },
	{ "exam", run_exam },
	{ "json", run_json },
	{ "pdf", run_pdf },
	{ "csv", run_csv },
	{ "grade", run_grade },
	{ "credential", run_credential },
};

/* ---- the driver ---- */

enum outcome { OK, CLEAN, STOP, WRONG, CRASH, N_OUTCOMES };

/* Runs t in a child with allocation n failing (0: none). The outcome;
 * *reached says whether the child got as far as allocation n; *result is
 * what a successful run produced. */
static enum outcome
run_child(const struct target *t, long n, int *reached, long *result, char *why,
    size_t whylen)
{
	struct { char flag; long result; } msg = { 0, -1 };
	char errf[] = "/tmp/aicert-oom-XXXXXX", text[512] = "";
	int fd = mkstemp(errf), status = 0, pipefd[2];
	pid_t pid;
	ssize_t got;

	if (fd < 0 || pipe(pipefd) != 0)
		exit(2);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int rc;

		close(pipefd[0]);
		dup2(fd, STDERR_FILENO);
		oom_count = 0;
		oom_fail_at = n;
		rc = t->fn();
		msg.flag = oom_fail_at > 0 && oom_count >= oom_fail_at;
		msg.result = oom_result;
		oom_fail_at = 0;
		if (write(pipefd[1], &msg, sizeof msg) != sizeof msg)
			_exit(3);
		_exit(rc);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &msg, sizeof msg) != sizeof msg)
		msg.flag = 1;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	lseek(fd, 0, SEEK_SET);
	got = read(fd, text, sizeof text - 1);
	text[got > 0 ? got : 0] = '\0';
	close(fd);
	unlink(errf);
	*reached = msg.flag || !WIFEXITED(status);
	*result = msg.result;
	snprintf(why, whylen, "%s", text);
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 0 ? OK : WEXITSTATUS(status) == 1 ? CLEAN : CRASH;
	if (WTERMSIG(status) == SIGABRT && strstr(text, "free()") == NULL &&
	    strstr(text, "corrupt") == NULL && strstr(text, "Assertion") == NULL &&
	    strstr(text, "malloc()") == NULL)
		return STOP;
	snprintf(why, whylen, "signal %d: %s", WTERMSIG(status), text);
	return CRASH;
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { "ok", "clean", "stop", "wrong", "crash" };
	const char *ferr = NULL;
	int passed = 0, failed = 0;
	FILE *f;

	/* Loaded once, before any allocation fails, as the server does. */
	if ((f = fopen("questions/exams/certification.json", "rb")) == NULL) {
		fputs("oomtest: run from the repository root\n", stderr);
		return 2;
	}
	exam_json = __libc_malloc(65536);
	exam_len = fread(exam_json, 1, 65535, f);
	fclose(f);
	seal_png = certimg_seal(&seal_len);
	if (cert_pdf_init(NULL, &ferr) != 0)
		printf("oomtest: no Chinese font (%s): the pdf target only tests "
		    "the failure path\n", ferr);
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		const struct target *t = &targets[i];
		long count[N_OUTCOMES] = { 0 }, n, first_stop = 0, want, got;
		char why[600], stop_why[600] = "";
		int reached = 1, base;

		if (argc > 1 && strcmp(argv[1], t->name) != 0)
			continue;
		if (argc > 2) {	/* one run in this process, for a debugger */
			oom_fail_at = atol(argv[2]);
			printf("%s with allocation %s failing: %d\n", t->name, argv[2], t->fn());
			return 0;
		}
		base = run_child(t, 0, &reached, &want, why, sizeof why);
		if (base != OK) {
			printf("%-5s FAILED: does not succeed with memory to spare: %s\n",
			    t->name, why);
			failed++;
			continue;
		}
		for (n = 1; n < 200000; n++) {
			enum outcome o = run_child(t, n, &reached, &got, why, sizeof why);

			if (!reached)
				break;
			if (o == OK && got != want) {
				o = WRONG;
				printf("%-5s allocation %ld failing: WRONG: made %ld, not %ld\n",
				    t->name, n, got, want);
			}
			count[o]++;
			if (o == STOP && first_stop == 0) {
				first_stop = n;
				snprintf(stop_why, sizeof stop_why, "%s", why);
			}
			if (o == CRASH)
				printf("%-5s allocation %ld failing: CRASH: %s\n", t->name, n, why);
		}
		printf("%-5s %ld allocations; failing each from the Nth on:", t->name, n - 1);
		for (int k = 0; k < N_OUTCOMES; k++)
			printf(" %ld %s", count[k], names[k]);
		putchar('\n');
		if (first_stop)
			printf("      first stop at allocation %ld: %s", first_stop,
			    stop_why[0] ? stop_why : "abort() (no message)\n");
		if (count[CRASH] == 0 && count[WRONG] == 0)
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
