/*
 * report_pdf.h - a sitting's report as an A4-landscape PDF for the
 * certification body: a header on every page (the title, exam, sitting,
 * room, window, time zone), a table of one row a learner whose cells
 * hold lines, broken across pages with its column heads repeated, then
 * the totals. Every word drawn in AR PL UMing TW subset to the
 * characters used (cert_pdf_font.c's face and HarfBuzz subset, as the
 * certificates do), so names in any script of the face print and copy.
 * Pure rendering: no SQL, no HTTP; the caller words every cell.
 */
#ifndef AICERT_REPORT_PDF_H
#define AICERT_REPORT_PDF_H

#include <stddef.h>

#define REPORT_PDF_COLS 8

/* The report as text (UTF-8; each cell's lines split at '\n'). */
struct report_pdf_doc {
	const char *title;		/* "Sitting report" */
	const char *header[6];		/* header lines under the title (NULL ends) */
	const char *heads[REPORT_PDF_COLS];	/* column heads */
	const char *const *cells;	/* nrows x REPORT_PDF_COLS */
	size_t nrows;
	const char *totals;		/* lines after the table */
	const char *page_word;		/* "Page": printed before "2 / 5" */
};

/* Renders d into *pdf (malloc'd, *len bytes; the caller frees). Safe on
 * several threads at once. 0, or -1 with *err a catalog key. */
int report_pdf_render(const struct report_pdf_doc *d, unsigned char **pdf, size_t *len,
    const char **err);

/*
 * A learner's score report (成績單) on one A4-portrait page, both
 * languages: the issuer's name and logo, the heading lines (learner,
 * exam, date, total), then parts of rows, each row a label, a bar of
 * percent and its words; rows shrink to fit the page. The same face and
 * subsetting as above. Pure rendering: the caller words every line.
 */
struct score_pdf_row {
	const char *label;	/* "AIL.1 人工智慧概念 Concepts of AI" */
	const char *value;	/* "67% 達到標準 Meets the standard" */
	double percent;		/* the bar, 0..100; < 0: no bar */
	int indent;		/* 0 for an area, 1.. beneath it */
};

struct score_pdf_part {
	const char *heading;	/* "各主題成績 By topic" */
	const struct score_pdf_row *rows;
	size_t nrows;
};

struct score_pdf_doc {
	const char *title;		/* "成績單 Score report" */
	const char *issuer;		/* the issuer's names, one line */
	const char *issuer_contact;	/* optional line under it */
	const unsigned char *logo;	/* optional PNG or JPEG, checked */
	size_t logo_len;
	const char *logo_type;		/* "image/png", "image/jpeg" */
	const char *lines[6];		/* heading lines (NULL ends) */
	const char *verdict;		/* "通過 Passed", drawn large */
	int passed;
	struct score_pdf_part parts[2];
	const char *foot;		/* optional small print at the foot */
};

/* Renders d into *pdf as report_pdf_render does. 0, or -1 with *err a
 * catalog key. */
int score_pdf_render(const struct score_pdf_doc *d, unsigned char **pdf, size_t *len,
    const char **err);

#endif
