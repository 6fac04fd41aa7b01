/*
 * cert_bulk.h - an exam's or a sitting's certificates at once, for who
 * manages them: every PDF in one ZIP, made as it is sent (one PDF in
 * memory at a time), and a CSV of serials, holders, dates, status and
 * verification links.
 *
 * A selection is an exam's certificates (exam not NULL) or those of the
 * attempts started in a sitting (sitting > 0). Who may ask is the
 * caller's question (owner.h). Depends on the store, cert.h and zip.h.
 */
#ifndef AICERT_CERT_BULK_H
#define AICERT_CERT_BULK_H

#include <stdint.h>

#include "buf.h"
#include "store.h"

/* The ZIP of the selection's certificates in force (neither revoked nor
 * superseded), each as SERIAL-holder.pdf (zip_safe_name), oldest first.
 * A PDF not rendered yet is rendered now (slow: call off the connection
 * threads); one that cannot be, and every revoked or superseded
 * certificate, is named in a README.txt inside the archive instead.
 * Returns the archive to stream with cert_zip_read and cert_zip_free, or
 * NULL with *err a catalog key: "bulk_too_large" (more than 65,535
 * entries or 4 GiB: ask for a sitting at a time), "internal_error". An
 * empty selection gives an archive with the README alone. */
struct cert_zip;
struct cert_zip *cert_zip_open(struct store *s, const char *exam, int64_t sitting,
    const char *base_url, const char **err);

/* The next up to max bytes of the archive into buf: how many, 0 at its
 * end, -1 if a PDF could not be read (the archive is then cut short).
 * Reads the store on the calling thread's connection. */
long cert_zip_read(void *z, char *buf, size_t max);

/* Frees z (NULL: nothing). */
void cert_zip_free(void *z);

/* How many entries z holds (PDFs and the README), for the audit trail. */
unsigned cert_zip_entries(const struct cert_zip *z);

/* Appends the CSV of every certificate of the selection (revoked and
 * superseded ones too, saying so) to out: UTF-8 with a BOM, CRLF, one
 * header row of English column names. */
void cert_bulk_csv(struct store *s, const char *exam, int64_t sitting,
    const char *base_url, struct buf *out);

/* 1 if sitting id exists, else 0. */
int cert_bulk_sitting_exists(struct store *s, int64_t sitting);

#endif
