/*
 * test_cert_pdf.c - the certificate PDF as its reader meets it: the QR
 * code scans back to the verify URL (pdftoppm + zbarimg), the holder,
 * serial and dates are on the page (pdftotext), the Chinese really leaves
 * ink (text extraction alone succeeds even when glyphs print blank), the
 * file stays small, and awkward input renders or is refused cleanly.
 * Needs poppler-utils and zbar-tools; skips without them.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cert_pdf.h"
#include "i18n.h"
#include "test.h"

/* 2026-11-30 01:30 in Taipei, still 29 November in UTC. */
#define ISSUED 1795973400LL
#define EXPIRES (ISSUED + 3LL * 365 * 86400)

static const char URL[] = "HTTPS://CERTS.EXAMPLE.ORG/V/"
    "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCBIJCEGRZEIVBGISS"
    "UKRLVMWDZLE3FY7BAAABAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4Q"
    "CBIJCEGRZEIVBGISSUKRLVMWDZLE3FY7BAAABAGBAFAYDQQCIKBMGA2DQPCAIREEYUCU"
    "LBOGAZDINRYHI6D4QCBIJCEGRZEIVBGISSUKRLVMWDZLE3FY7BAAABAGBAFAYDQQCIKB";

static struct cert_doc
sample(void)
{
	struct cert_doc d;

	memset(&d, 0, sizeof d);
	d.holder = "王小明";
	d.holder_alt = "Wang Hsiao-Ming";
	d.exam_en = "AI Application Planner (Associate)";
	d.exam_zh = "AI 應用規劃師（初級）";
	d.issuer_en = "Taiwan AI Skills Institute";
	d.issuer_zh = "台灣人工智慧技能學會";
	d.serial = "AIC-2026-000042";
	d.percent = 92.5;
	d.issued_at = ISSUED;
	d.expires_at = EXPIRES;
	d.verify_url = URL;
	d.tz = "Asia/Taipei";
	return d;
}

/* Runs cmd and returns its standard output, malloc'd (NULL on failure). */
static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t n = 0, cap = 0, got;

	if (p == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((out = realloc(out, cap + 1)) == NULL)
				abort();
		}
		got = fread(out + n, 1, cap - n, p);
		n += got;
	} while (got > 0);
	out[n] = '\0';
	if (pclose(p) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Renders d into dir/name.pdf; the size in bytes, or 0 on failure. */
static size_t
render_to(const char *dir, const char *name, const struct cert_doc *d)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	const char *err = NULL;
	char path[512];

	if (cert_pdf_render(d, &pdf, &len, &err) != 0) {
		CHECK(0, "certificate for %s renders: %s", d->holder, err);
		return 0;
	}
	snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
	if (test_write_file(path, pdf, len) != 0)
		len = 0;
	free(pdf);
	return len;
}

/* The page's text as pdftotext reads it (malloc'd, or NULL). */
static char *
page_text(const char *dir, const char *name)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "pdftotext -q %s/%s.pdf -", dir, name);
	return run(cmd);
}

/* Total ink on the page rendered in grey at 50 dpi: the sum of
 * (255 - pixel); -1 on failure. */
static double
page_ink(const char *dir, const char *name)
{
	char cmd[1024], path[512], *pgm;
	size_t len;
	int w, h, max, off = 0;
	double ink = 0;

	snprintf(cmd, sizeof cmd, "pdftoppm -q -r 50 -gray -singlefile "
	    "%s/%s.pdf %s/%s-ink", dir, name, dir, name);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s-ink.pgm", dir, name);
	if ((pgm = test_read_file(path, &len)) == NULL)
		return -1;
	if (sscanf(pgm, "P5 %d %d %d%n", &w, &h, &max, &off) != 3 ||
	    (size_t)off + 1 + (size_t)w * (size_t)h > len) {
		free(pgm);
		return -1;
	}
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		ink += 255 - ((unsigned char *)pgm)[off + 1 + i];
	free(pgm);
	return ink;
}

static void
check_main(const char *dir)
{
	struct cert_doc d = sample();
	char cmd[1024], *qr, *text;
	size_t len = render_to(dir, "main", &d), n;
	unsigned char *again = NULL;
	const char *err;

	if (len == 0)
		return;
	printf("cert_pdf: certificate for %s is %zu bytes\n", d.holder, len);
	CHECK(len <= 200 * 1024, "certificate is %zu bytes, over 200 KB", len);
	snprintf(cmd, sizeof cmd, "%s/main.pdf", dir);
	text = test_read_file(cmd, &n);
	CHECK(text != NULL && n > 5 && memcmp(text, "%PDF-", 5) == 0,
	    "the file starts with %%PDF-");
	/* The SHA-256 of the PDF is published: the same certificate must
	 * render to the same bytes. */
	CHECK(cert_pdf_render(&d, &again, &n, &err) == 0 && n == len &&
	    text != NULL && memcmp(again, text, n) == 0,
	    "rendering the same certificate twice gives the same bytes");
	free(again);
	free(text);

	snprintf(cmd, sizeof cmd, "pdftoppm -q -r 100 -png -singlefile "
	    "%s/main.pdf %s/main && zbarimg --raw -q %s/main.png 2>/dev/null",
	    dir, dir, dir);
	qr = run(cmd);
	if (qr != NULL)
		qr[strcspn(qr, "\r\n")] = '\0';
	CHECK_STR(qr, URL, "the QR code scanned at 100 dpi");
	free(qr);

	text = page_text(dir, "main");
	CHECK(text != NULL && strstr(text, "王小明") != NULL,
	    "the page shows the holder 王小明");
	CHECK(text != NULL && strstr(text, "Wang Hsiao-Ming") != NULL,
	    "the page shows the holder's other name");
	CHECK(text != NULL && strstr(text, "AIC-2026-000042") != NULL,
	    "the page shows the serial");
	CHECK(text != NULL && strstr(text, "中華民國115年11月30日") != NULL &&
	    strstr(text, "30 November 2026") != NULL,
	    "the issue date is 30 November 2026 in Taipei, in both calendars");
	CHECK(text != NULL && strstr(text, "92.5%") != NULL,
	    "the page shows the score");
	free(text);
}

/* A dense name must leave more ink than a one-stroke one: glyphs that
 * print blank (the libharu pitfall) would leave the same. */
static void
check_ink(const char *dir)
{
	struct cert_doc d = sample();
	double light, dark;

	d.holder = "一";
	light = render_to(dir, "light", &d) ? page_ink(dir, "light") : -1;
	d.holder = "鬱鬱鬱";
	dark = render_to(dir, "dark", &d) ? page_ink(dir, "dark") : -1;
	CHECK(light > 0 && dark > light * 1.02,
	    "Chinese glyphs print ink (page ink %.0f for 一, %.0f for 鬱鬱鬱)",
	    light, dark);
}

static void
check_odd_names(const char *dir)
{
	struct cert_doc d = sample();
	char *text;

	/* rare characters, no other-script name, default zone, no expiry */
	d.holder = "林堃喆";
	d.holder_alt = "";
	d.tz = NULL;
	d.expires_at = 0;
	if (render_to(dir, "rare", &d) == 0)
		return;
	text = page_text(dir, "rare");
	CHECK(text != NULL && strstr(text, "林堃喆") != NULL,
	    "the page shows the rare-character name 林堃喆");
	CHECK(text != NULL && strstr(text, "永久有效") != NULL &&
	    strstr(text, "Does not expire") != NULL,
	    "a certificate without expiry says so in both languages");
	CHECK(text != NULL && strstr(text, "中華民國115年11月30日") != NULL,
	    "no time zone means Asia/Taipei");
	free(text);

	/* beyond U+FFFF libharu 2.3.0 cannot draw, and UMing lacks U+0180
	 * (two bytes in UTF-8): the geta mark (three) stands in */
	d.holder = "陳𠮷\u0180\u0180";
	d.holder_alt = "José Müller";	/* WinAnsi: set in Times */
	if (render_to(dir, "geta", &d) == 0)
		return;
	text = page_text(dir, "geta");
	CHECK(text != NULL && strstr(text, "陳〓〓〓") != NULL,
	    "a character the font cannot draw prints as 〓");
	CHECK(text != NULL && strstr(text, "José Müller") != NULL,
	    "a Latin-1 name prints with its accents");
	free(text);
}

static void
check_refusals(void)
{
	struct cert_doc d = sample();
	unsigned char *pdf = NULL;
	size_t len = 0;
	const char *err = NULL;

	d.holder = "\xe7\x8e";		/* cut in the middle of 王 */
	CHECK(cert_pdf_render(&d, &pdf, &len, &err) == -1 && pdf == NULL &&
	    err != NULL, "a name that is not UTF-8 is refused");
	CHECK(err != NULL && strcmp(i18n_get("en", err), "certificate: text is not valid UTF-8")
	    == 0 && strcmp(i18n_get("zh-TW", err), "證書：文字不是有效的 UTF-8。") == 0,
	    "and says why in a catalog message, English or Chinese (%s)", err ? err : "");
	d = sample();
	d.percent = 100.5;
	CHECK(cert_pdf_render(&d, &pdf, &len, &err) == -1 && err != NULL,
	    "a score over 100 is refused");
	d = sample();
	d.serial = NULL;
	CHECK(cert_pdf_render(&d, &pdf, &len, &err) == -1 && err != NULL,
	    "a certificate without a serial is refused");
}

void
test_cert_pdf(void)
{
	char dir[] = "/tmp/aicert-cert-XXXXXX", cmd[600];
	const char *err = NULL;

	CHECK(cert_pdf_init(NULL, &err) == 0, "the Chinese font loads: %s",
	    err ? err : "");
	CHECK(cert_pdf_init("/nonexistent", &err) == 0,
	    "a second init is a no-op");
	check_refusals();
	if (system("{ command -v pdftoppm && command -v pdftotext && "
	    "command -v zbarimg; } >/dev/null 2>&1") != 0) {
		SKIP("cert_pdf: pdftoppm, pdftotext or zbarimg missing "
		    "(poppler-utils, zbar-tools)");
		return;
	}
	if (mkdtemp(dir) == NULL) {
		CHECK(0, "a temporary directory");
		return;
	}
	check_main(dir);
	check_ink(dir);
	check_odd_names(dir);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("cert_pdf: could not remove %s\n", dir);
}
