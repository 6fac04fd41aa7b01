/*
 * test_cert_pdf.c - the certificate PDF as its reader meets it: the QR
 * code scans back to the verify URL (pdftoppm + zbarimg), the holder,
 * exam, serial, check code and dates are on the page and copy out as
 * text (pdftotext, with no complaint from poppler about the font), two
 * type families (Ming and Times) at 9 pt or more, the issuer's logo and
 * seal print, the Chinese really leaves ink (text extraction alone
 * succeeds even when glyphs print blank), the file stays within 20 KB
 * besides the images, and awkward input renders or is refused cleanly.
 * Needs poppler-utils and zbar-tools; skips without them.
 */
#include <stdlib.h>
#include <unistd.h>

#include "cert_pdf.h"
#include "certimg.h"
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
	d.verify_addr = "HTTPS://CERTS.EXAMPLE.ORG/verify";
	d.check_code = "7KQ2-M9XD";
	d.officer_zh = "陳志明";
	d.officer_title_zh = "理事長";
	d.officer_en = "Chen Chih-Ming";
	d.officer_title_en = "President";
	d.tz = "Asia/Taipei";
	d.areas = "能力領域 Competency areas: AIL.1 AI concepts \u00b7 AIL.2 Machine "
	    "learning and data \u00b7 AIL.3 Generative AI \u00b7 AIL.4 AI at work \u00b7 "
	    "AIL.5 Data governance \u00b7 AIL.6 Responsible AI \u00b7 AIL.7 Applications";
	d.areas_short = "能力領域 Competency areas: AIL.1 \u00b7 AIL.2 \u00b7 AIL.3 \u00b7 "
	    "AIL.4 \u00b7 AIL.5 \u00b7 AIL.6 \u00b7 AIL.7";
	return d;
}

/* The sample's logo and seal (certimg.h), made once. */
static unsigned char *logo_png, *seal_png;
static size_t logo_len, seal_len;

static void
with_images(struct cert_doc *d)
{
	if (logo_png == NULL) {
		logo_png = certimg_logo(&logo_len);
		seal_png = certimg_seal(&seal_len);
	}
	d->logo = (struct cert_image){ logo_png, logo_len, "image/png" };
	d->seal = (struct cert_image){ seal_png, seal_len, "image/png" };
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

/* Runs cmd with its standard error in dir/err.txt; returns its standard
 * output (malloc'd, or NULL) and in *err what it wrote to standard
 * error (malloc'd, "" if nothing). */
static char *
run_err(const char *dir, const char *cmd, char **err)
{
	char full[1600], path[512];
	char *out;
	size_t n;

	snprintf(path, sizeof path, "%s/err.txt", dir);
	snprintf(full, sizeof full, "%s 2>%s", cmd, path);
	out = run(full);
	*err = test_read_file(path, &n);
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

/* How many pixels of the page rendered in colour at 50 dpi, within the
 * box x0..x1, y0..y1 (fractions of the width and height from the top
 * left), are near the colour r, g, b (within 60 a channel); -1 on
 * failure. */
static long
page_pixels(const char *dir, const char *name, double x0, double y0,
    double x1, double y1, int r, int g, int b)
{
	char cmd[1024], path[512], *ppm;
	size_t len;
	int w, h, max, off = 0;
	long n = 0;

	snprintf(cmd, sizeof cmd, "pdftoppm -q -r 50 -singlefile "
	    "%s/%s.pdf %s/%s-rgb", dir, name, dir, name);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s-rgb.ppm", dir, name);
	if ((ppm = test_read_file(path, &len)) == NULL)
		return -1;
	if (sscanf(ppm, "P6 %d %d %d%n", &w, &h, &max, &off) != 3 ||
	    (size_t)off + 1 + 3 * (size_t)w * (size_t)h > len) {
		free(ppm);
		return -1;
	}
	for (int y = (int)(y0 * h); y < (int)(y1 * h); y++)
		for (int x = (int)(x0 * w); x < (int)(x1 * w); x++) {
			const unsigned char *p = (unsigned char *)ppm + off +
			    1 + 3 * ((size_t)y * w + x);

			if (abs(p[0] - r) < 60 && abs(p[1] - g) < 60 &&
			    abs(p[2] - b) < 60)
				n++;
		}
	free(ppm);
	return n;
}

/* What pdffonts lists, as families: the subset tag ("ABCDEF+") and
 * anything after a comma or hyphen dropped ("Times-Bold" is Times).
 * Checks there are exactly two, the Ming subset and Times, and that
 * pdffonts has nothing to complain about. */
static void
check_fonts(const char *dir, const char *name)
{
	char cmd[1024], *out, *err = NULL, fam[8][64];
	int nfam = 0, ming = 0, times = 0, lines = 0;

	snprintf(cmd, sizeof cmd, "pdffonts %s/%s.pdf", dir, name);
	out = run_err(dir, cmd, &err);
	CHECK(out != NULL, "pdffonts reads the certificate");
	CHECK(err != NULL && *err == '\0', "pdffonts prints no warning or "
	    "error about the certificate: \"%s\"", err ? err : "(none)");
	for (char *l = out ? strchr(out, '\n') : NULL; l != NULL;
	    l = strchr(l + 1, '\n')) {
		char f[64] = "", *p;
		int seen = 0;

		if (sscanf(l + 1, "%63s", f) != 1 || f[0] == '-')
			continue;
		lines++;
		if ((p = strchr(f, '+')) != NULL)
			memmove(f, p + 1, strlen(p));
		f[strcspn(f, ",-")] = '\0';
		for (int i = 0; i < nfam; i++)
			seen |= strcmp(fam[i], f) == 0;
		if (!seen && nfam < 8)
			snprintf(fam[nfam++], sizeof fam[0], "%s", f);
		ming |= strncmp(f, "UMing", 5) == 0;
		times |= strcmp(f, "Times") == 0;
	}
	CHECK(lines > 1 && nfam == 2 && ming && times, "the certificate uses "
	    "two type families, the Ming subset and Times (%d families, "
	    "first %s)", nfam, nfam ? fam[0] : "none");
	free(out);
	free(err);
}

/* Every word pdftotext finds is at least 9 pt: its box (the font's
 * ascent to descent, 0.9 of the size in Times) at least 8 pt high. */
static void
check_sizes(const char *dir, const char *name)
{
	char cmd[1024], *out, *err = NULL, small[128] = "";
	double least = 1000;
	int words = 0;

	snprintf(cmd, sizeof cmd, "pdftotext -bbox %s/%s.pdf -", dir, name);
	out = run_err(dir, cmd, &err);
	for (char *p = out; p != NULL && (p = strstr(p, "<word ")) != NULL;
	    p++) {
		double x0, y0, x1, y1;

		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
		    "yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
			continue;
		words++;
		if (y1 - y0 < least) {
			char *t = strchr(p, '>');

			least = y1 - y0;
			snprintf(small, sizeof small, "%.*s", t ?
			    (int)strcspn(t + 1, "<") : 0, t ? t + 1 : "");
		}
	}
	CHECK(words > 30 && least >= 8.0, "every word on the certificate is "
	    "printed at 9 pt or more (smallest: \"%s\", %.1f pt high)", small,
	    least);
	free(out);
	free(err);
}

static void
check_main(const char *dir)
{
	struct cert_doc d = sample();
	char cmd[1024], *qr, *text, *err = NULL;
	size_t len, bare, n;
	unsigned char *again = NULL;
	const char *e;

	bare = render_to(dir, "bare", &d);
	with_images(&d);
	if ((len = render_to(dir, "main", &d)) == 0 || bare == 0)
		return;
	printf("cert_pdf: certificate for %s is %zu bytes, %zu with the "
	    "logo and seal (%zu + %zu bytes as PNG)\n", d.holder, bare, len,
	    logo_len, seal_len);
	CHECK(bare <= 20 * 1024, "a certificate with a Chinese name is at "
	    "most 20 KB (%zu bytes)", bare);
	CHECK(len <= 20 * 1024 + logo_len + seal_len, "with the issuer's "
	    "logo and seal it grows by at most their bytes (%zu bytes)", len);
	snprintf(cmd, sizeof cmd, "%s/main.pdf", dir);
	text = test_read_file(cmd, &n);
	CHECK(text != NULL && n > 5 && memcmp(text, "%PDF-", 5) == 0,
	    "the file starts with %%PDF-");
	/* The SHA-256 of the PDF is published: the same certificate must
	 * render to the same bytes. */
	CHECK(cert_pdf_render(&d, &again, &n, &e) == 0 && n == len &&
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

	snprintf(cmd, sizeof cmd, "pdftotext %s/main.pdf -", dir);
	text = run_err(dir, cmd, &err);
	CHECK(err != NULL && *err == '\0', "pdftotext reads the certificate "
	    "without a warning (e.g. about its ToUnicode map): \"%s\"",
	    err ? err : "(none)");
	free(err);
	CHECK(text != NULL && strstr(text, "王小明") != NULL,
	    "the page shows the holder 王小明, and it copies out as text");
	CHECK(text != NULL && strstr(text, "Wang Hsiao-Ming") != NULL,
	    "the page shows the holder's other name");
	CHECK(text != NULL && strstr(text, "合格證書") != NULL &&
	    strstr(text, "CERTIFICATE") != NULL,
	    "the title is 合格證書 / CERTIFICATE");
	CHECK(text != NULL && strstr(text, "AI 應用規劃師（初級）") != NULL &&
	    strstr(text, "AI Application Planner (Associate)") != NULL,
	    "the page shows the exam in both languages");
	CHECK(text != NULL && strstr(text, "AIC-2026-000042") != NULL,
	    "the page shows the serial");
	CHECK(text != NULL && strstr(text, "驗證 Verify: "
	    "HTTPS://CERTS.EXAMPLE.ORG/verify \u00b7 AIC-2026-000042 \u00b7 "
	    "7KQ2-M9XD") != NULL, "a line a person can type from: the "
	    "verification address, the serial and the check code");
	CHECK(text != NULL && strstr(text, "理事長 陳志明") != NULL &&
	    strstr(text, "Chen Chih-Ming, President") != NULL,
	    "the signature line names the officer and title in both "
	    "languages");
	CHECK(text != NULL && strstr(text, "中華民國115年11月30日") != NULL &&
	    strstr(text, "30 November 2026") != NULL,
	    "the issue date is 30 November 2026 in Taipei, in both calendars");
	CHECK(text != NULL && strstr(text, "92.5%") != NULL,
	    "the page shows the score");
	CHECK(text != NULL && strstr(text, "證書字號") != NULL &&
	    strstr(text, "發證日期") != NULL && strstr(text, "有效期限") != NULL
	    && strstr(text, "成績") != NULL, "the labels read 成績, 發證日期, "
	    "有效期限, 證書字號");
	free(text);
	check_fonts(dir, "main");
	check_sizes(dir, "main");
	/* the seal's red in the signature area, the logo's navy top left;
	 * none of either without them */
	CHECK(page_pixels(dir, "main", 0.60, 0.65, 0.80, 0.90, 0xc8, 0x1e,
	    0x1e) > 100, "the issuer's seal is stamped over the signature");
	CHECK(page_pixels(dir, "main", 0.03, 0.05, 0.20, 0.18, 0x1f, 0x3a,
	    0x5f) > 50, "the issuer's logo is at the top left");
	CHECK(page_pixels(dir, "bare", 0.60, 0.65, 0.80, 0.90, 0xc8, 0x1e,
	    0x1e) == 0 && page_pixels(dir, "bare", 0.03, 0.05, 0.20, 0.18,
	    0x1f, 0x3a, 0x5f) == 0, "no seal or logo when the issuer has none");
}

/* A JPEG logo prints too (the certificate's QR code cut out as a JPEG
 * by pdftoppm), and an image that is neither is refused with a
 * reason. */
static void
check_images(const char *dir)
{
	struct cert_doc d = sample();
	char cmd[1024], *jpg = NULL;
	size_t n = 0;
	unsigned char *pdf = NULL;
	const char *err = NULL;
	static const unsigned char gif[] = "GIF89a\x01\x00\x01\x00";

	snprintf(cmd, sizeof cmd, "pdftoppm -q -r 40 -x 372 -y 235 -W 73 "
	    "-H 73 -jpeg -singlefile %s/main.pdf %s/logo", dir, dir);
	if (system(cmd) == 0) {
		snprintf(cmd, sizeof cmd, "%s/logo.jpg", dir);
		jpg = test_read_file(cmd, &n);
	}
	CHECK(jpg != NULL, "pdftoppm makes a JPEG to use as a logo");
	if (jpg != NULL) {
		d.logo = (struct cert_image){ (unsigned char *)jpg, n,
		    "image/jpeg" };
		if (render_to(dir, "jpeg", &d) != 0)
			CHECK(page_pixels(dir, "jpeg", 0.03, 0.05, 0.20, 0.18,
			    0, 0, 0) > 100 && page_pixels(dir, "bare", 0.03,
			    0.05, 0.20, 0.18, 0, 0, 0) == 0,
			    "a JPEG logo prints");
	}
	d.logo = (struct cert_image){ gif, sizeof gif - 1, "image/png" };
	CHECK(cert_pdf_render(&d, &pdf, &n, &err) == -1 && pdf == NULL &&
	    err != NULL && strcmp(err, "cert_pdf_image_invalid") == 0,
	    "a logo that is not the PNG it claims is refused");
	CHECK(err != NULL && strcmp(i18n_get("zh-TW", err),
	    "證書：發證單位的標誌或印信不是 PNG 或 JPEG 圖檔。") == 0,
	    "and the reason reads in Chinese");
	d.logo = (struct cert_image){ gif, sizeof gif - 1, "image/gif" };
	CHECK(cert_pdf_render(&d, &pdf, &n, &err) == -1 && err != NULL,
	    "a GIF logo is refused");
	free(jpg);
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
	check_images(dir);
	check_ink(dir);
	check_odd_names(dir);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("cert_pdf: could not remove %s\n", dir);
}
