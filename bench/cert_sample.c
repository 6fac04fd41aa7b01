/*
 * cert_sample.c - renders the sample certificate that docs/certificates.md
 * shows (make cert-sample turns it into docs/img/certificate.png): the
 * test's sample holder, a logo, a seal and a signing officer. Writes the
 * PDF to the path given and prints its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_pdf.h"
#include "certimg.h"

int
main(int argc, char **argv)
{
	struct cert_doc d;
	unsigned char *pdf, *logo, *seal;
	size_t len, logo_len, seal_len;
	const char *err;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: cert_sample OUT.pdf\n");
		return 2;
	}
	logo = certimg_logo(&logo_len);
	seal = certimg_seal(&seal_len);
	memset(&d, 0, sizeof d);
	d.holder = "王小明";
	d.holder_alt = "Wang Hsiao-Ming";
	d.exam_en = "AI Application Planner (Associate)";
	d.exam_zh = "AI 應用規劃師（初級）";
	d.issuer_en = "Taiwan AI Skills Institute";
	d.issuer_zh = "台灣人工智慧技能學會";
	d.issuer_short = "TAISI";
	d.issuer_contact = "No. 1, Sec. 4, Roosevelt Rd., Taipei \u00b7 "
	    "+886 2 1234 5678 \u00b7 certs@example.org";
	d.logo = (struct cert_image){ logo, logo_len, "image/png" };
	d.seal = (struct cert_image){ seal, seal_len, "image/png" };
	d.officer_zh = "陳志明";
	d.officer_title_zh = "理事長";
	d.officer_en = "Chen Chih-Ming";
	d.officer_title_en = "President";
	d.serial = "AIC-2026-000042";
	d.percent = 92.5;
	d.issued_at = 1795973400LL;
	d.expires_at = d.issued_at + 3LL * 365 * 86400;
	d.verify_url = "HTTPS://CERTS.EXAMPLE.ORG/V/AEBAGBAFAYDQQCIKBMGA2DQP"
	    "CAIREEYUCULBOGAZDINRYHI6D4QCBIJCEGRZEIVBGISSUKRLVMWDZLE3FY7BAAAB"
	    "AGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCBIJCEGRZEIVBGIS"
	    "SUKRLVMWDZLE3FY7BAAABAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYH"
	    "I6D4QCBIJCEGRZEIVBGISSUKRLVMWDZLE3FY7BAAABAGBAFAYDQQCIKB";
	d.verify_addr = "HTTPS://CERTS.EXAMPLE.ORG/verify";
	d.check_code = "7KQ2-M9XD";
	d.tz = "Asia/Taipei";
	d.areas = "能力領域 Competency areas: AIL.1 AI concepts \u00b7 AIL.2 Machine "
	    "learning and data \u00b7 AIL.3 Generative AI \u00b7 AIL.4 AI at work \u00b7 "
	    "AIL.5 Data governance \u00b7 AIL.6 Responsible AI \u00b7 AIL.7 Applications";
	d.areas_short = "能力領域 Competency areas: AIL.1 \u00b7 AIL.2 \u00b7 AIL.3 \u00b7 "
	    "AIL.4 \u00b7 AIL.5 \u00b7 AIL.6 \u00b7 AIL.7";
	if (cert_pdf_render(&d, &pdf, &len, &err) != 0) {
		fprintf(stderr, "cert_sample: %s\n", err);
		return 1;
	}
	if ((f = fopen(argv[1], "wb")) == NULL ||
	    fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("%s: %zu bytes (logo %zu, seal %zu bytes as PNG)\n", argv[1],
	    len, logo_len, seal_len);
	free(pdf);
	free(logo);
	free(seal);
	cert_pdf_free_fonts();
	return 0;
}
