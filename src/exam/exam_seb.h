/*
 * exam_seb.h - exams that must be taken in Safe Exam Browser (SEB).
 *
 * An exam whose definition lists SEB keys ("seb": {"config_keys",
 * "browser_exam_keys"}, exam.h) is taken only in SEB: every request of
 * its learner carries X-SafeExamBrowser-ConfigKeyHash (SHA-256 of the
 * absolute request URL followed by the Config Key, in hex) and/or
 * X-SafeExamBrowser-RequestHash (the same with the Browser Exam Key), as
 * safeexambrowser.org/developer/seb-config-key.html describes. This
 * module checks those headers, keeps each exam's keys in memory for the
 * save path, and writes the .seb file (a plist) that opens an exam in
 * SEB. Pure C on libsodium and the exam store; no HTTP.
 */
#ifndef AICERT_EXAM_SEB_H
#define AICERT_EXAM_SEB_H

#include "arena.h"
#include "exam.h"
#include "store.h"

/* The keys one exam requires (copies: no pointer into an arena). */
struct exam_seb {
	size_t nconfig, nexam;		/* both 0: SEB not required */
	char config[EXAM_SEB_KEYS][65];	/* Config Keys, lowercase hex */
	char exam[EXAM_SEB_KEYS][65];	/* Browser Exam Keys */
};

enum exam_seb_verdict {
	SEB_OK = 0,		/* not required, or every kind of key listed matched */
	SEB_MISSING,		/* a header the exam needs is absent */
	SEB_WRONG,		/* a header does not match this URL and any key */
};

/* The keys of e into *k (zeroed first). 1 if e requires SEB, else 0. */
int exam_seb_of(const struct exam *e, struct exam_seb *k);

/* The keys of exam exam_id (a cache: read from the store, kept until
 * exam_seb_forget or for 10 s, so that a change made by another process
 * is seen). 1 with *k filled if it requires SEB, 0 if not, -1 if it
 * cannot be read (no such exam, or the store failed). Any thread. */
int exam_seb_policy(struct store *s, const char *exam_id, struct exam_seb *k);

/* Drops what the cache holds of exam_id: its definition was saved. */
void exam_seb_forget(const char *exam_id);

/* Checks a request for absolute URL url (no fragment) carrying the
 * headers config_hash (X-SafeExamBrowser-ConfigKeyHash) and request_hash
 * (X-SafeExamBrowser-RequestHash), NULL when absent, against k: each kind
 * of key k lists must be matched by its header (hex, either case). */
enum exam_seb_verdict exam_seb_check(const struct exam_seb *k, const char *url,
    const char *config_hash, const char *request_hash);

/* hex (65 bytes) = lowercase hex SHA-256 of url followed by key, the
 * value SEB sends for url. */
void exam_seb_hash(const char *url, const char *key, char hex[65]);

/* The .seb configuration that opens start_url in SEB and quits at
 * quit_url (both absolute), as a plist XML document from a: SEB sends
 * its keys in headers (sendBrowserExamKey), loads only pages of the
 * server whose origin is allow (e.g. "cert.example.tw", "host:port"), no
 * printing, downloads, spell check or other applications; it starts an
 * exam and changes no client setting (sebConfigPurpose 0), so a learner
 * needs no administrator rights. */
char *exam_seb_plist(struct arena *a, const char *start_url, const char *quit_url,
    const char *allow);

/* The Config Key of that same configuration (lowercase hex, 65 bytes):
 * SHA-256 of its settings as SEB-JSON (keys sorted case-insensitively,
 * no whitespace, no escaping), as SEB computes it on opening the file. */
void exam_seb_config_key(const char *start_url, const char *quit_url,
    const char *allow, char hex[65]);

#endif
