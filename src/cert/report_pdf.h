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

#endif
