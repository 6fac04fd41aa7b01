/*
 * handlers.h - every page and API handler, for the route table (routes.c),
 * and the few edge helpers that two files of handlers share.
 *
 * One file per resource or page, named after its routes: api_<resource>.c
 * speak JSON under /api/v1/, ui_<page>.c render HTML (ui_console_<page>.c
 * under /console/). A handler parses the request, asks the domain's rule
 * (owner.h), calls a domain module (which owns the SQL) and renders; it
 * returns the HTTP status (http.h). Every helper declared here needs the
 * request itself: the work they lead to has plain-struct interfaces in
 * the domain modules.
 */
#ifndef AICERT_HANDLERS_H
#define AICERT_HANDLERS_H

#include "cert.h"
#include "http.h"
#include "i18n.h"

struct attempt;
struct exam;
struct bank_import;
struct q_bank;

/* ui_home.c */
int ui_home(struct req *r);
int ui_home_lang(struct req *r);

/* ui_static.c */
int ui_static(struct req *r);

/* ui_healthz.c */
int ui_healthz(struct req *r);

/* ui_auth.c */
int ui_auth_signin_form(struct req *r);
int ui_auth_signin(struct req *r);
int ui_auth_signout(struct req *r);
int ui_auth_register_form(struct req *r);
int ui_auth_register(struct req *r);

/* ui_account.c */
int ui_account(struct req *r);
/* Sets "revoked_notice" of a certificate's JSON (cert_list_user's or
 * api_attempt_cert's; anything else is left alone) when it is revoked:
 * the date, and the reason or the serial that replaced it, in r's
 * language. */
void ui_cert_revoked_notice(struct req *r, json_t *cert);

/* ui_media.c */
int ui_media(struct req *r);

/* ui_exam.c */
int ui_exam_start_page(struct req *r);
int ui_exam_start(struct req *r);
/* Where r's learner stands with exam e, for the start page and the API:
 * {"attempts_used","attempts_left"?,"retry_at"?,"retry_at_text"?,
 * "certificate"?:{"serial","pdf_url","verify_url","revoked_at",
 * "revoke_reason","superseded_by","revoked_notice"?},"sitting"?:{"name",
 * "opens_at","closes_at"}} (a new reference; times Unix seconds) and in
 * *why the reason a start is refused (err, an enum attempt_err, else the
 * standing's own), in r->lang with times in the server's zone, or NULL. */
json_t *ui_exam_standing(struct req *r, const struct exam *e, int err, const char **why);

/* ui_attempt.c */
int ui_attempt_page(struct req *r);
int ui_attempt_save(struct req *r);
int ui_attempt_finish(struct req *r);
int ui_attempt_submit(struct req *r);
int ui_attempt_result(struct req *r);

/* ui_verify.c */
int ui_verify(struct req *r);
int ui_verify_lookup(struct req *r);

/* ui_console.c: the dashboard, and what the console's pages share */
int ui_console(struct req *r);
/* Times in the issuer's zone (timefmt.h; Asia/Taipei unless serve was
 * told otherwise): text "YYYY-MM-DD HH:MM" (input: the datetime-local
 * form "YYYY-MM-DDTHH:MM"), "" for 0; from a. And back: Unix seconds, 0
 * for "", -1 if malformed. */
char *ui_console_time(struct arena *a, long long secs, int input);
long long ui_console_parse_time(const char *s);
/* The hint beside a form's times, in r's language from r's arena:
 * "Times are Taiwan time (UTC+8). Leave empty for no limit." */
char *ui_console_zone_hint(struct req *r);
/* "Certificate not issued: WHY" in r's language (from r's arena): what a
 * trainer sees of a recorded issuance failure (cert_issue_error); a WHY
 * that is a catalog key is worded in r's language too. */
char *ui_console_cert_error(struct req *r, const char *why);
/* The encodings a CSV or a bank may come in, for a form's select, in r's
 * language, chosen (may be NULL) selected: [{"value","label",
 * "selected"}]. A new reference. */
json_t *ui_console_encodings(struct req *r, const char *chosen);

/* ui_console_bank.c */
int ui_console_bank(struct req *r);
int ui_console_bank_retire(struct req *r);

/* ui_console_upload.c */
int ui_console_upload_form(struct req *r);
int ui_console_upload(struct req *r);

/* ui_console_exam.c */
int ui_console_exam_new(struct req *r);
int ui_console_exam_edit(struct req *r);
int ui_console_exam_post(struct req *r);
int ui_console_exam(struct req *r);
int ui_console_exam_sitting(struct req *r);
int ui_console_exam_regrade(struct req *r);

/* ui_console_cert.c */
int ui_console_cert_revoke(struct req *r);
int ui_console_certs(struct req *r);
int ui_console_certs_csv(struct req *r);

/* ui_console_attempt.c */
int ui_console_attempt(struct req *r);

/* ui_console_sitting.c */
int ui_console_sitting(struct req *r);

/* ui_console_people.c */
int ui_console_people(struct req *r);
int ui_console_people_import(struct req *r);
int ui_console_people_slips(struct req *r);
int ui_console_people_accommodation(struct req *r);
int ui_console_people_unlock(struct req *r);

/* ui_console_audit.c */
int ui_console_audit(struct req *r);

/* ui_console_issuer.c */
int ui_console_issuer(struct req *r);
int ui_console_issuer_post(struct req *r);

/* ui_console_users.c */
int ui_console_users(struct req *r);
int ui_console_users_post(struct req *r);

/* api_issuer.c */
int api_issuer_get(struct req *r);
int api_issuer_put(struct req *r);
int ui_issuer_logo(struct req *r);
int ui_issuer_seal(struct req *r);
int ui_issuer_privacy(struct req *r);

/* api_session.c */
int api_session_create(struct req *r);
int api_session_delete(struct req *r);
int api_session_me(struct req *r);

/* api_bank.c */
int api_bank_list(struct req *r);
int api_bank_upload(struct req *r);
int api_bank_questions(struct req *r);
int api_bank_versions(struct req *r);
int api_bank_retire(struct req *r);
int api_bank_competencies(struct req *r);
/* 0 if r's user may change bank and read its keys (owner.h), else the
 * status already replied: 404 no such bank, 403 another trainer's. */
int api_bank_owned(struct req *r, const char *bank);
/* Shared with the console's upload page: reads r's upload (multipart
 * fields "file" (repeatable), "bank", "encoding"; or a raw body with
 * ?bank=&filename=&encoding=) into im and commits it as r's user
 * (bank_commit_as). 201 committed; 422 im holds the errors; else the
 * status, with *err a catalog key. Nothing replied. */
int api_bank_receive(struct req *r, struct bank_import *im, const char **err);

/* api_user.c */
int api_user_import(struct req *r);
int api_user_list(struct req *r);
int api_user_patch(struct req *r);
int api_user_accommodation(struct req *r);
int api_user_unlock(struct req *r);

/* api_audit.c */
int api_audit(struct req *r);
int api_audit_csv(struct req *r);

/* api_exam.c */
int api_exam_list(struct req *r);
int api_exam_save(struct req *r);
int api_exam_get(struct req *r);
/* 0 if the caller may manage {exam} (pages and API alike), else the
 * status already replied: 404 no such exam, 403 another trainer's. */
int api_exam_managed(struct req *r);
/* 1 if e can be served as saved; 0 with an error in errs when it
 * requires Safe Exam Browser and the server has no --base-url. */
int api_exam_seb_servable(struct req *r, const struct exam *e, struct q_bank *errs);

/* api_results.c */
int api_results(struct req *r);
int api_results_csv(struct req *r);
int api_results_item_stats(struct req *r);
int api_results_regrade(struct req *r);

/* api_sitting.c */
int api_sitting_list(struct req *r);
int api_sitting_create(struct req *r);

/* api_attempt.c */
int api_attempt_start(struct req *r);
int api_attempt_get(struct req *r);
int api_attempt_save(struct req *r);
int api_attempt_flag(struct req *r);
int api_attempt_event(struct req *r);
int api_attempt_submit(struct req *r);
int api_attempt_result(struct req *r);
int api_attempt_events(struct req *r);
/* Shared with the attempt pages (ui_attempt.c, ui_exam.c). Loads {id}
 * into t and checks the caller may see it (write: may change it: only
 * its learner); 0, or the status already replied (404, 403). */
int api_attempt_get_checked(struct req *r, struct attempt *t, int write);
/* Puts r's language's true/false labels into a learner view, in place. */
void api_attempt_localise(struct req *r, json_t *view);
/* Adds the per-item review to a result (res, from attempt_result) when
 * its review policy shows items. */
void api_attempt_review(struct req *r, const struct attempt *t, json_t *res);
/* {"serial","verify_url","pdf_url","credential_url"} of t's certificate, or null. A new
 * reference. */
json_t *api_attempt_cert(struct req *r, const struct attempt *t);
/* Replies why attempt_start refused (err an enum attempt_err; wait_s for
 * ATTEMPT_WAIT, sent as Retry-After); returns the status. */
int api_attempt_refused(struct req *r, int err, long wait_s);

/* ui_console_attempt.c: the console attempt page's exam-day forms */
int ui_console_attempt_time(struct req *r);

/* api_attempt_time.c */
int api_attempt_pause(struct req *r);
int api_attempt_resume(struct req *r);
int api_attempt_extend(struct req *r);
int api_attempt_incident(struct req *r);
int api_sitting_pause(struct req *r);
int api_sitting_resume(struct req *r);
/* Shared with the console's attempt page: op (an enum attempt_time_op)
 * on attempt id (public) as r's user, for why (the reason, or the note of
 * ATIME_NOTE: checked here) and seconds (ATIME_EXTEND only). 200, or the
 * status with *err a catalog key. Nothing replied. */
int api_attempt_time_as(struct req *r, const char *id, int op,
    long long seconds, const char *why, const char **err);
/* The same for every attempt of sitting (ATIME_PAUSE or ATIME_RESUME,
 * attempt_sitting_act), as its proctor: 200 with *n how many changed, or
 * the status with *err a catalog key. Shared with the room page. */
int api_sitting_time_as(struct req *r, long long sitting, int op, const char *why,
    int *n, const char **err);

/* api_cert.c */
int api_cert_list(struct req *r);
int api_cert_pdf(struct req *r);
int api_cert_revoke(struct req *r);
int api_cert_reissue(struct req *r);
int api_cert_status_list(struct req *r);
int api_cert_keys(struct req *r);
int api_cert_verify(struct req *r);
int api_cert_lookup(struct req *r);
/* Shared with the console's revoke form: revokes serial with reason (1
 * to 200 bytes, one line) when r's user manages its exam (owner.h). 200
 * (*already 1 when it was revoked before), else the status with *err a
 * catalog key. Nothing replied. */
int api_cert_revoke_as(struct req *r, const char *serial, const char *reason,
    const char **err, int *already);
/* Shared with the verification page: checks {code} (counted against
 * the address's rate limit when limited is not NULL: then NULL and
 * *limited 1 when over it, Retry-After set), logs the verification and
 * gives what the page and the JSON show, *st its status. A new
 * reference. */
json_t *api_cert_check(struct req *r, enum cert_status *st, int *limited);
/* The same for code (looked up as via says, enum cert_via: the log). */
json_t *api_cert_check_code(struct req *r, const char *code, int via, enum cert_status *st,
    int *limited);
/* Shared with the lookup page: 1 (Retry-After set) if r's address has
 * used up its verifications for the minute, counting this one. */
int api_cert_rate_limited(struct req *r);
/* Shared with the lookup page: the first query parameter of r not in
 * names (NULL-terminated; "lang" is always known), or NULL. */
const char *api_cert_query_unknown(struct req *r, const char *const *names);

/* api_proctor.c: a sitting's door and room, for its proctors */
int api_proctor_room(struct req *r);
int api_proctor_checkin(struct req *r);
int api_proctor_checkin_undo(struct req *r);
int api_proctor_add(struct req *r);
/* The sitting {sitting} of r when r's user may proctor it
 * (owner_sitting_proctor), else 0 (unknown, malformed or not theirs). */
int64_t api_proctor_sitting(struct req *r);

/* ui_console_proctor.c: the proctor's pages */
int ui_console_proctor_list(struct req *r);
int ui_console_proctor_door(struct req *r);
int ui_console_proctor_checkin(struct req *r);
int ui_console_proctor_room(struct req *r);
int ui_console_proctor_room_act(struct req *r);
int ui_console_report(struct req *r);
int ui_console_report_csv(struct req *r);
int ui_console_report_pdf(struct req *r);

/* routes.c */
extern const struct route routes[];
extern const size_t nroutes;

/* ui_seb.c */
int ui_seb_file(struct req *r);
int ui_console_exam_seb(struct req *r);
/* The Safe Exam Browser gate of an exam request of a learner for exam:
 * 0 when the exam does not require SEB or the request carries the right
 * key hashes for its URL; else the status already replied (403 with the
 * page or JSON that says how to open the exam in SEB; 503 when the server
 * has no --base-url) and nothing may be read or written. */
int ui_seb_gate(struct req *r, const char *exam);
/* The address that quits Safe Exam Browser (the .seb file's quitURL) when
 * r comes from SEB (it carries SEB's headers) for an exam requiring it;
 * else NULL. */
const char *ui_seb_quit_url(struct req *r, const char *exam);
/* The Config Key of the exam's .seb file (lowercase hex from r's arena). */
const char *ui_seb_config_key(struct req *r, const char *exam);

/* api_cert_bulk.c: an exam's or a sitting's certificates at once */
int api_cert_bulk_zip(struct req *r);
int api_cert_bulk_csv(struct req *r);

/* ui_cert_share.c: "Add to LinkedIn profile" and the share link of a
 * certificate card (a JSON object with "serial") on the holder's pages:
 * adds "linkedin_url" and "share_url" when the certificate is valid (not
 * revoked, superseded or expired), else nothing. */
void ui_cert_share(struct req *r, json_t *card);

/* api_credential.c */
int api_cert_credential(struct req *r);
int api_status_list_credential(struct req *r);
int api_credential_verify(struct req *r);
/* The largest credential checked (bytes). */
#define API_CREDENTIAL_MAX (64 * 1024)
/* Shared with the credential page: checks the credential text[0..len)
 * (counted against the address's verification rate limit: NULL and
 * *limited 1 when over it, Retry-After set), logs it and gives the
 * verdict GET /api/v1/verify/{code} gives, *st its status. A new
 * reference. */
json_t *api_credential_check(struct req *r, const char *text, size_t len,
    enum cert_status *st, int *limited);

/* ui_verify_credential.c */
int ui_verify_credential_form(struct req *r);
int ui_verify_credential(struct req *r);

/* ui_verify.c: the day of secs in the issuer's zone, as the verification
 * pages write it: "2026-05-01", in zh-TW "中華民國115年5月1日（2026-05-01）"
 * (from a). */
char *ui_day_text(struct arena *a, const char *lang, long long secs);

/* ui_names.c: /welcome after an access-code sign-in (set a password,
 * or skip), a learner's name-correction request from /me, the console's
 * corrections and new access codes */
int ui_welcome(struct req *r);
int ui_welcome_post(struct req *r);
int ui_account_name_request(struct req *r);
int ui_console_people_name(struct req *r);
int ui_console_people_code(struct req *r);
/* The /me page and the console's people page with status and the fields
 * of extra (a reference taken; may be NULL) added to their ctx. */
int ui_account_status(struct req *r, int status, json_t *extra);
int ui_console_people_status(struct req *r, int status, json_t *extra);
/* Adds "names_requests" (the open requests the caller may correct) to a
 * console people page's ctx. */
void ui_console_names_ctx(struct req *r, json_t *ctx);
/* Adds the caller's names and open request to the /me page's ctx. */
void ui_account_names_ctx(struct req *r, json_t *ctx);

/* api_names.c */
int api_user_name(struct req *r);
int api_user_code(struct req *r);
int api_name_requests(struct req *r);

/* ui_consent.c: the personal-data notice, public (/privacy), and the
 * gate that asks a signed-in person to accept its current version */
int ui_privacy(struct req *r);
int ui_consent_form(struct req *r);
int ui_consent_post(struct req *r);
/* The app's gate (app.h): a page request (not /api/, not Bearer) of a
 * signed-in learner that has not accepted the current notice is sent to
 * /consent?next=PATH (303), except the pages one needs to read it or
 * leave (the notice, sign-in and out, static files, verification).
 * 0 to go on, else the status of the reply made. */
int ui_consent_gate(struct req *r);
/* The current notice as pages show it: {"version","date","text"} in r's
 * language (the bundled default with the issuer's name filled in), or
 * NULL if the store cannot be read. A new reference. */
json_t *ui_consent_notice(struct req *r);

/* api_me.c: the caller's own consent and data */
int api_me_consent_get(struct req *r);
int api_me_consent_post(struct req *r);
int api_me_export(struct req *r);

/* ui_console_notice.c: the admin edits the notice (each save a version) */
int ui_console_notice(struct req *r);
int ui_console_notice_post(struct req *r);

/* api_reset.c */
int api_reset_request(struct req *r);
int api_reset_set(struct req *r);
int ui_reset_form(struct req *r);
int ui_reset_post(struct req *r);
int ui_reset_token_form(struct req *r);
int ui_reset_token_post(struct req *r);

/* ui_account_mail.c: the account page's address and notices */
/* Adds "mail" to the account page's ctx: {"email", "notify_issued",
 * "notify_revoked", "notify_expiry", "no_mail", "saved", "error"}. */
void ui_account_mail(struct req *r, json_t *ctx);
int ui_account_mail_post(struct req *r);

/* ui_console_password.c */
int ui_console_password_post(struct req *r);
int ui_console_password_slip(struct req *r);

/* ui_console_outbox.c */
int api_outbox(struct req *r);
int api_outbox_retry(struct req *r);
int ui_console_outbox(struct req *r);
int ui_console_outbox_retry(struct req *r);

/* api_erase.c and ui_erase.c: erasing an account (erase.h) */
int api_me_erase(struct req *r);
int api_user_erase(struct req *r);
int ui_erase_form(struct req *r);
int ui_erase(struct req *r);
int ui_console_users_erase(struct req *r);
/* The status of an erasure's error key (409 staff, 403 wrong password). */
int api_erase_status(const char *err);
/* 0 if the signed-in learner's password is password, else -1 with *err
 * "erase_password_wrong" (or "erase_staff" for a staff account). */
int api_erase_self_check(struct req *r, const char *password, const char **err);

/* ui_score_report.c: an attempt's score report (成績單) as a PDF */
int ui_score_report_pdf(struct req *r);
/* api_results.c: the item statistics' query options (item_filter.h) */
struct item_filter;
/* r's query options into *f (the defaults for those not given); NULL
 * when every one is understood, else the first that is not, *unknown 1
 * when its name is unknown (0: a value it does not take); ignored (may
 * be NULL) gets the names of all such, for a page that ignores them. */
const char *api_item_filter(struct req *r, struct item_filter *f, int *unknown,
    json_t *ignored);

/* api_cohort.c and ui_console_cohort.c: the cohort by competency */
int api_cohort(struct req *r);
int ui_console_cohort(struct req *r);
int ui_console_cohort_csv(struct req *r);
int ui_console_items(struct req *r);
/* The cohort of r's {exam} (cohort.h) as its query options ask: by=
 * sitting|month, sort=code|COLUMN, dir=asc|desc. NULL when one is not
 * understood: its name in *bad, *unknown 1 when the name is unknown;
 * with ignored (a page), such options are listed there and left out
 * instead. A new reference. */
json_t *api_cohort_query(struct req *r, const char **bad, int *unknown, json_t *ignored);
/* api_programme.c and ui_programme.c: certification programmes
 * (programme.h) */
int api_programme_list(struct req *r);
int api_programme_get(struct req *r);
int api_programme_save(struct req *r);
int ui_programme_page(struct req *r);
/* The programmes exam is a part of, with learner's progress as lines
 * ({"id","title","summary","lines":[{"text","exam","passed"}]}), when
 * learner is the one signed in; else []. */
json_t *ui_programme_progress(struct req *r, const char *exam, int64_t learner);
/* api_framework.c and ui_console_framework.c: competency frameworks */
struct framework;
/* Parses json (len bytes) into *f and stores it as the caller's (errors
 * in r->lang into *errs, which this starts): 201 added, 200 unchanged,
 * 400 errors, 403 not a trainer or admin, 500 the store failed. */
int api_framework_add(struct req *r, const char *json, size_t len, struct framework *f,
    struct q_bank *errs);
int api_framework_post(struct req *r);
int api_framework_list(struct req *r);
int api_framework_get(struct req *r);
int ui_console_frameworks(struct req *r);
int ui_console_frameworks_post(struct req *r);
/* ui_framework.c: a framework's public page, codes and titles */
int ui_framework_page(struct req *r);

#endif
