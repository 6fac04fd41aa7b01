/*
 * handlers.h - every page and API handler, for the route table (routes.c).
 * One file per page or API family: ui_*.c render HTML, api_*.c speak JSON.
 */
#ifndef AICERT_HANDLERS_H
#define AICERT_HANDLERS_H

#include "http.h"
#include "i18n.h"

/* ui_home.c */
int ui_home(struct req *r);
int ui_lang(struct req *r);
int ui_static(struct req *r);

/* ui_auth.c */
int ui_signin_form(struct req *r);
int ui_signin(struct req *r);
int ui_signout(struct req *r);
int ui_register_form(struct req *r);
int ui_register(struct req *r);

/* api_session.c */
int api_session_create(struct req *r);
int api_session_delete(struct req *r);
int api_me(struct req *r);

/* api_bank.c */
int api_bank_upload(struct req *r);
int api_bank_list(struct req *r);
int ui_media(struct req *r);

/* api_exam.c */
int api_exam_list(struct req *r);
int api_exam_save(struct req *r);

/* api_attempt.c */
struct attempt;
int api_attempt_start(struct req *r);
int api_attempt_get(struct req *r);
int api_attempt_save(struct req *r);
int api_attempt_flag(struct req *r);
int api_attempt_event(struct req *r);
int api_attempt_submit(struct req *r);
int api_attempt_result(struct req *r);
/* Shared with the exam pages: loads {id}, checks ownership; 0 or the
 * status replied. */
int api_attempt_get_checked(struct req *r, struct attempt *t, int write);
void api_attempt_localise(struct req *r, json_t *view);
void api_attempt_review(struct req *r, const struct attempt *t, json_t *res);
json_t *api_attempt_cert(struct req *r, const struct attempt *t);
int api_attempt_refused(struct req *r, int err, long wait_s);

/* ui_exam.c */
int ui_exam_start_page(struct req *r);
int ui_exam_start(struct req *r);
int ui_attempt_page(struct req *r);
int ui_attempt_save(struct req *r);
int ui_attempt_finish(struct req *r);
int ui_attempt_submit(struct req *r);
int ui_attempt_result(struct req *r);

/* api_user.c */
int api_user_accommodation(struct req *r);
int api_attempt_events(struct req *r);

/* api_cert.c */
int api_cert_list(struct req *r);
int api_cert_pdf(struct req *r);
int api_cert_revoke(struct req *r);
int api_cert_reissue(struct req *r);
int api_status_list(struct req *r);
int api_keys(struct req *r);
int api_verify(struct req *r);
int ui_verify(struct req *r);

/* ui_account.c */
int ui_account(struct req *r);

/* api_console.c */
int api_exam_get(struct req *r);
int api_results(struct req *r);
int api_results_csv(struct req *r);
int api_item_stats(struct req *r);
int api_regrade(struct req *r);
int api_sittings(struct req *r);
int api_sitting_create(struct req *r);
int api_users_import(struct req *r);
int api_bank_questions(struct req *r);
int api_item_retire(struct req *r);
int api_audit(struct req *r);
int api_audit_csv(struct req *r);

/* routes.c */
extern const struct route routes[];
extern const size_t nroutes;

#endif
