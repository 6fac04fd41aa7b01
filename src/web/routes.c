/*
 * routes.c - the route table: every URL aicert answers, read top to bottom.
 *
 * Columns: method, path, handler, least role, flags, body rule. RT_CSRF on
 * every state-changing route a browser form can reach; RT_SLOW on routes
 * that hash passwords or render documents (they run on the worker pool);
 * a body rule (route.h) on every JSON route that takes a body, and on the
 * page form that saves answers.
 */
#include "handlers.h"

/* The bodies JSON routes take: each field a handler reads, nothing else,
 * and a size that fits what they can hold. */
#define FIELDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
static const struct route_body
    b_none = { 1024, FIELDS(NULL) },
    b_session = { 4096, FIELDS("login", "password", "code") },
    b_user = { 4096, FIELDS("role", "disabled", "password", "email") },
    b_start = { 1024, FIELDS("lang") },
    b_regrade = { 1024, FIELDS("apply") },
    b_sitting = { 256 * 1024, FIELDS("name", "opens_at", "closes_at", "members", "room",
	"proctors") },
    b_save = { 8192, NULL },	/* api_attempt_save reads it: it is the hot path */
    /* The no-script page form of ten answers (ui_attempt_save refuses a
     * field its page does not have): a short answer is at most 1000
     * characters, 9 KB of Chinese once urlencoded. */
    b_page = { 128 * 1024, NULL },
    b_flag = { 1024, FIELDS("flagged") },
    b_event = { 4096, FIELDS("kind", "detail") },
    b_retire = { 1024, FIELDS("retired") },
    b_accommodation = { 1024, FIELDS("time_multiplier") },
    b_revoke = { 4096, FIELDS("reason") },
    b_exam = { 512 * 1024, NULL },	/* exam_parse refuses unknown fields */
    /* exam day (api_attempt_time.c): a reason of 300 characters, a note
     * of 2000, each up to 4 bytes once JSON-escaped and more */
    b_time = { 4096, FIELDS("reason") },
    b_extend = { 4096, FIELDS("seconds", "reason") },
    b_incident = { 16384, FIELDS("note") },
    b_checkin = { 1024, FIELDS("login", "id_type", "id_last4", "confirmed", "seat") },
    b_proctor = { 4096, FIELDS("login", "name", "password") },
    /* two images of 512 KB as base64, and the texts (issuer.h) */
    b_issuer = { 1536 * 1024, FIELDS("legal_name_en", "legal_name_zh", "short_name",
	"website", "email", "phone", "address", "privacy", "officer_name_en",
	"officer_name_zh", "officer_title_en", "officer_title_zh", "logo", "seal") },
    /* a credential to check (api_credential_check refuses over 64 KB;
     * the page's form adds its multipart wrapping) */
    b_credential = { 64 * 1024, NULL },
    b_credential_page = { 66 * 1024, NULL },
    /* a correction: two names of 200 bytes and a reason of 300, each up
     * to 6 bytes a byte once JSON-escaped */
    b_name = { 8192, FIELDS("name", "name_alt", "reason") },
    b_code = { 1024, FIELDS("days") },
    b_consent = { 1024, FIELDS("version") },
    /* password reset: a login or an address; a new password (as
     * b_session's) */
    b_reset = { 1024, FIELDS("login", "email") },
    b_reset_set = { 4096, FIELDS("password") },
    b_erase = { 4096, FIELDS("password") },
    b_programme = { 64 * 1024, NULL },	/* programme_parse refuses unknown fields */
    b_framework = { 1024 * 1024, NULL };	/* framework_parse refuses unknown fields */
#undef FIELDS

const struct route routes[] = {
	/* pages */
	{ "GET",    "/",                    ui_home,            ROLE_NONE,    0, NULL },
	{ "GET",    "/lang/{code}",         ui_home_lang,       ROLE_NONE,    0, NULL },
	{ "GET",    "/static/{*name}",      ui_static,          ROLE_NONE,    0, NULL },
	{ "GET",    "/healthz",             ui_healthz,         ROLE_NONE,    0, NULL },
	{ "GET",    "/media/{hash}",        ui_media,           ROLE_LEARNER, 0, NULL },
	{ "GET",    "/signin",              ui_auth_signin_form, ROLE_NONE,    0, NULL },
	{ "POST",   "/signin",              ui_auth_signin,     ROLE_NONE,    RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/signout",             ui_auth_signout,    ROLE_LEARNER, RT_CSRF, NULL },
	{ "GET",    "/register",            ui_auth_register_form, ROLE_NONE,    0, NULL },
	{ "POST",   "/register",            ui_auth_register,   ROLE_NONE,    RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/me",                  ui_account,         ROLE_LEARNER, 0, NULL },
	{ "GET",    "/exams/{exam}",        ui_exam_start_page, ROLE_NONE,    0, NULL },
	{ "POST",   "/exams/{exam}/start",  ui_exam_start,      ROLE_LEARNER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/exams/{exam}/seb",    ui_seb_file,        ROLE_NONE,    0, NULL },
	{ "GET",    "/attempts/{id}",       ui_attempt_page,    ROLE_LEARNER, 0, NULL },
	{ "POST",   "/attempts/{id}/save",  ui_attempt_save,    ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_page },
	{ "GET",    "/attempts/{id}/finish", ui_attempt_finish, ROLE_LEARNER, 0, NULL },
	{ "POST",   "/attempts/{id}/submit", ui_attempt_submit, ROLE_LEARNER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/attempts/{id}/result", ui_attempt_result, ROLE_LEARNER, 0, NULL },

	/* the trainer's console (literal paths before their {param} siblings) */
	{ "GET",    "/console",             ui_console,         ROLE_TRAINER, 0, NULL },
	{ "GET",    "/console/banks/upload", ui_console_upload_form, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/banks/upload", ui_console_upload, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/banks/{bank}", ui_console_bank,   ROLE_TRAINER, RT_SLOW, NULL },
	{ "POST",   "/console/banks/{bank}/retire", ui_console_bank_retire, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/exams/new",   ui_console_exam_new, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/exams/new",   ui_console_exam_post, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}", ui_console_exam,   ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}/edit", ui_console_exam_edit, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/exams/{exam}/edit", ui_console_exam_post, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/console/exams/{exam}/sittings", ui_console_exam_sitting, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}/sittings/{sitting}", ui_console_sitting, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/exams/{exam}/regrade", ui_console_exam_regrade, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}/seb", ui_console_exam_seb, ROLE_TRAINER, 0, NULL },
	{ "GET",    "/console/certificates", ui_console_certs, ROLE_TRAINER, 0, NULL },
	{ "GET",    "/console/certificates.csv", ui_console_certs_csv, ROLE_TRAINER, RT_SLOW, NULL },
	{ "POST",   "/console/certificates/{serial}/revoke", ui_console_cert_revoke, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/attempts/{id}", ui_console_attempt, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/attempts/{id}/time", ui_console_attempt_time, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/people",      ui_console_people,  ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/people",      ui_console_people_import, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/people/slips/{import}", ui_console_people_slips, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/console/people/accommodation", ui_console_people_accommodation, ROLE_TRAINER, RT_CSRF, NULL },
	{ "POST",   "/console/people/unlock", ui_console_people_unlock, ROLE_TRAINER, RT_CSRF, NULL },
	{ "GET",    "/console/audit",       ui_console_audit,   ROLE_ADMIN,   0, NULL },
	{ "GET",    "/console/users",       ui_console_users,   ROLE_ADMIN,   0, NULL },
	{ "POST",   "/console/users/{login}", ui_console_users_post, ROLE_ADMIN, RT_CSRF | RT_SLOW, NULL },
	/* a sitting's proctors: owner_sitting_proctor in each handler */
	{ "GET",    "/console/sittings",    ui_console_proctor_list, ROLE_PROCTOR, 0, NULL },
	{ "GET",    "/console/sittings/{sitting}/checkin", ui_console_proctor_door, ROLE_PROCTOR, 0, NULL },
	{ "POST",   "/console/sittings/{sitting}/checkin", ui_console_proctor_checkin, ROLE_PROCTOR, RT_CSRF, NULL },
	{ "GET",    "/console/sittings/{sitting}/room", ui_console_proctor_room, ROLE_PROCTOR, 0, NULL },
	{ "POST",   "/console/sittings/{sitting}/room", ui_console_proctor_room_act, ROLE_PROCTOR, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/sittings/{sitting}/report", ui_console_report, ROLE_PROCTOR, 0, NULL },
	{ "GET",    "/console/sittings/{sitting}/report.csv", ui_console_report_csv, ROLE_PROCTOR, 0, NULL },
	{ "GET",    "/console/sittings/{sitting}/report.pdf", ui_console_report_pdf, ROLE_PROCTOR, RT_SLOW, NULL },

	{ "GET",    "/v/{code}",            ui_verify,          ROLE_NONE,    0, NULL },
	{ "GET",    "/V/{code}",            ui_verify,          ROLE_NONE,    0, NULL },
	{ "GET",    "/.well-known/aicert-keys.json", api_cert_keys, ROLE_NONE,    0, NULL },
	{ "GET",    "/verify",              ui_verify_lookup,   ROLE_NONE,    0, NULL },

	/* JSON API */
	{ "POST",   "/api/v1/session",      api_session_create, ROLE_NONE,    RT_SLOW, &b_session },
	{ "DELETE", "/api/v1/session",      api_session_delete, ROLE_LEARNER, RT_CSRF, &b_none },
	{ "GET",    "/api/v1/me",           api_session_me,     ROLE_LEARNER, 0, NULL },
	{ "GET",    "/api/v1/banks",        api_bank_list,      ROLE_TRAINER, 0, NULL },
	{ "POST",   "/api/v1/banks",        api_bank_upload,    ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/api/v1/banks/{bank}/questions", api_bank_questions, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/banks/{bank}/versions", api_bank_versions, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/api/v1/banks/{bank}/items/{key}/retire", api_bank_retire, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_retire },
	{ "POST",   "/api/v1/users/import", api_user_import,    ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/api/v1/users",        api_user_list,      ROLE_ADMIN,   0, NULL },
	{ "PATCH",  "/api/v1/users/{login}", api_user_patch,    ROLE_ADMIN,   RT_CSRF | RT_SLOW, &b_user },
	{ "GET",    "/api/v1/audit",        api_audit,          ROLE_ADMIN,   0, NULL },
	{ "GET",    "/api/v1/audit.csv",    api_audit_csv,      ROLE_ADMIN,   RT_SLOW, NULL },
	{ "GET",    "/api/v1/exams",        api_exam_list,      ROLE_LEARNER, 0, NULL },
	{ "POST",   "/api/v1/exams",        api_exam_save,      ROLE_TRAINER, RT_CSRF, &b_exam },
	{ "POST",   "/api/v1/exams/{exam}/attempts", api_attempt_start, ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_start },
	{ "GET",    "/api/v1/exams/{exam}",          api_exam_get,      ROLE_TRAINER, 0, NULL },
	{ "GET",    "/api/v1/exams/{exam}/results",  api_results,       ROLE_TRAINER, 0, NULL },
	{ "GET",    "/api/v1/exams/{exam}/results.csv", api_results_csv, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/exams/{exam}/item-stats", api_results_item_stats, ROLE_TRAINER, RT_SLOW, NULL },
	{ "POST",   "/api/v1/exams/{exam}/regrade",  api_results_regrade, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_regrade },
	{ "GET",    "/api/v1/exams/{exam}/sittings", api_sitting_list,  ROLE_TRAINER, 0, NULL },
	{ "POST",   "/api/v1/exams/{exam}/sittings", api_sitting_create, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_sitting },
	{ "GET",    "/api/v1/attempts/{id}",         api_attempt_get,   ROLE_LEARNER, 0, NULL },
	{ "PUT",    "/api/v1/attempts/{id}/responses/{item}", api_attempt_save, ROLE_LEARNER, RT_CSRF, &b_save },
	{ "PUT",    "/api/v1/attempts/{id}/flags/{item}", api_attempt_flag, ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_flag },
	{ "POST",   "/api/v1/attempts/{id}/events",  api_attempt_event, ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_event },
	{ "POST",   "/api/v1/attempts/{id}/submit",  api_attempt_submit, ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_none },
	{ "GET",    "/api/v1/attempts/{id}/result",  api_attempt_result, ROLE_LEARNER, 0, NULL },
	{ "GET",    "/api/v1/attempts/{id}/events",  api_attempt_events, ROLE_TRAINER, 0, NULL },
	{ "PUT",    "/api/v1/users/{login}/accommodations", api_user_accommodation, ROLE_TRAINER, RT_CSRF, &b_accommodation },
	{ "POST",   "/api/v1/users/{login}/unlock", api_user_unlock, ROLE_TRAINER, RT_CSRF, &b_none },
	{ "GET",    "/api/v1/certificates", api_cert_list,      ROLE_LEARNER, 0, NULL },
	{ "GET",    "/api/v1/certificates/{file}", api_cert_pdf, ROLE_LEARNER, RT_SLOW, NULL },
	{ "POST",   "/api/v1/certificates/{serial}/revoke", api_cert_revoke, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_revoke },
	{ "POST",   "/api/v1/certificates/{serial}/reissue", api_cert_reissue, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_none },
	{ "GET",    "/api/v1/status-list",  api_cert_status_list, ROLE_NONE,    0, NULL },
	{ "GET",    "/api/v1/verify/{code}", api_cert_verify,   ROLE_NONE,    0, NULL },
	{ "POST",   "/api/v1/attempts/{id}/pause",   api_attempt_pause,  ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_time },
	{ "POST",   "/api/v1/attempts/{id}/resume",  api_attempt_resume, ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_time },
	{ "POST",   "/api/v1/attempts/{id}/extend",  api_attempt_extend, ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_extend },
	{ "POST",   "/api/v1/attempts/{id}/incidents", api_attempt_incident, ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_incident },
	{ "POST",   "/api/v1/sittings/{id}/pause",   api_sitting_pause,  ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_time },
	{ "POST",   "/api/v1/sittings/{id}/resume",  api_sitting_resume, ROLE_PROCTOR, RT_CSRF | RT_SLOW, &b_time },
	{ "GET",    "/api/v1/sittings/{sitting}/room", api_proctor_room, ROLE_PROCTOR, 0, NULL },
	{ "POST",   "/api/v1/sittings/{sitting}/checkin", api_proctor_checkin, ROLE_PROCTOR, RT_CSRF, &b_checkin },
	{ "DELETE", "/api/v1/sittings/{sitting}/checkin/{login}", api_proctor_checkin_undo, ROLE_PROCTOR, RT_CSRF, &b_none },
	{ "POST",   "/api/v1/sittings/{sitting}/proctors", api_proctor_add, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_proctor },
	{ "GET",    "/api/v1/exams/{exam}/certificates.zip", api_cert_bulk_zip, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/exams/{exam}/certificates.csv", api_cert_bulk_csv, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/sittings/{sitting}/certificates.zip", api_cert_bulk_zip, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/sittings/{sitting}/certificates.csv", api_cert_bulk_csv, ROLE_TRAINER, RT_SLOW, NULL },

	/* the issuing organisation: its public profile and images, an
	 * admin's page and API to change them */
	{ "GET",    "/api/v1/issuer",       api_issuer_get,     ROLE_NONE,    0, NULL },
	{ "PUT",    "/api/v1/issuer",       api_issuer_put,     ROLE_ADMIN,   RT_CSRF | RT_SLOW, &b_issuer },
	{ "GET",    "/issuer/logo",         ui_issuer_logo,     ROLE_NONE,    0, NULL },
	{ "GET",    "/issuer/seal",         ui_issuer_seal,     ROLE_NONE,    0, NULL },
	{ "GET",    "/issuer/privacy",      ui_issuer_privacy,  ROLE_NONE,    0, NULL },
	{ "GET",    "/console/issuer",      ui_console_issuer,  ROLE_ADMIN,   0, NULL },
	{ "POST",   "/console/issuer",      ui_console_issuer_post, ROLE_ADMIN, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/api/v1/lookup",       api_cert_lookup,    ROLE_NONE,    0, NULL },
	/* Open Badges 3.0: a certificate's credential, the status list it
	 * points to, checking one (public, no CSRF: it changes nothing) */
	{ "GET",    "/api/v1/certificates/{serial}/credential", api_cert_credential, ROLE_LEARNER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/status/1",     api_status_list_credential, ROLE_NONE, 0, NULL },
	{ "POST",   "/api/v1/credentials/verify", api_credential_verify, ROLE_NONE, RT_SLOW, &b_credential },
	{ "GET",    "/verify/credential",   ui_verify_credential_form, ROLE_NONE, 0, NULL },
	{ "POST",   "/verify/credential",   ui_verify_credential, ROLE_NONE, RT_SLOW, &b_credential_page },
	/* access-code learners and names (owner_learner in each handler's
	 * work: names.c, people_new_code) */
	{ "GET",    "/welcome",             ui_welcome,         ROLE_LEARNER, 0, NULL },
	{ "POST",   "/welcome",             ui_welcome_post,    ROLE_LEARNER, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/me/name",             ui_account_name_request, ROLE_LEARNER, RT_CSRF, NULL },
	{ "POST",   "/console/people/name", ui_console_people_name, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/console/people/code", ui_console_people_code, ROLE_TRAINER, RT_CSRF, NULL },
	{ "POST",   "/api/v1/users/{login}/name", api_user_name, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_name },
	{ "POST",   "/api/v1/users/{login}/code", api_user_code, ROLE_TRAINER, RT_CSRF, &b_code },
	{ "GET",    "/api/v1/name-requests", api_name_requests, ROLE_TRAINER, 0, NULL },
	/* personal data: the notice (public), accepting it (the gate sends
	 * a signed-in page here until the current version is accepted), the
	 * admin's versions of it, and one's own data as a file */
	{ "GET",    "/privacy",             ui_privacy,         ROLE_NONE,    0, NULL },
	{ "GET",    "/consent",             ui_consent_form,    ROLE_LEARNER, 0, NULL },
	{ "POST",   "/consent",             ui_consent_post,    ROLE_LEARNER, RT_CSRF, NULL },
	{ "GET",    "/api/v1/me/consent",   api_me_consent_get, ROLE_LEARNER, 0, NULL },
	{ "POST",   "/api/v1/me/consent",   api_me_consent_post, ROLE_LEARNER, RT_CSRF, &b_consent },
	{ "GET",    "/api/v1/me/export",    api_me_export,      ROLE_LEARNER, RT_SLOW, NULL },
	{ "GET",    "/console/notice",      ui_console_notice,  ROLE_ADMIN,   0, NULL },
	{ "POST",   "/console/notice",      ui_console_notice_post, ROLE_ADMIN, RT_CSRF, NULL },

	/* mail: password reset by a mailed one-time link (anyone: the
	 * answer is the same for every account), the outbox */
	{ "POST",   "/api/v1/password-reset", api_reset_request, ROLE_NONE,  RT_SLOW, &b_reset },
	{ "POST",   "/api/v1/password-reset/{token}", api_reset_set, ROLE_NONE, RT_SLOW, &b_reset_set },
	{ "GET",    "/reset",               ui_reset_form,      ROLE_NONE,    0, NULL },
	{ "POST",   "/reset",               ui_reset_post,      ROLE_NONE,    RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/reset/{token}",       ui_reset_token_form, ROLE_NONE,   0, NULL },
	{ "POST",   "/reset/{token}",       ui_reset_token_post, ROLE_NONE,   RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/api/v1/outbox",       api_outbox,         ROLE_ADMIN,   0, NULL },
	{ "POST",   "/api/v1/outbox/retry", api_outbox_retry,   ROLE_ADMIN,   RT_CSRF, &b_none },
	{ "GET",    "/console/outbox",      ui_console_outbox,  ROLE_ADMIN,   0, NULL },
	{ "POST",   "/console/outbox/retry", ui_console_outbox_retry, ROLE_ADMIN, RT_CSRF, NULL },
	{ "POST",   "/me/mail",             ui_account_mail_post, ROLE_LEARNER, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/console/people/password", ui_console_password_post, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
	{ "GET",    "/console/people/password/{import}", ui_console_password_slip, ROLE_TRAINER, 0, NULL },
	/* erasing an account: one's own (with the password), or an admin's
	 * of a learner (owner_erase) */
	{ "GET",    "/me/erase",            ui_erase_form,      ROLE_LEARNER, 0, NULL },
	{ "POST",   "/me/erase",            ui_erase,           ROLE_LEARNER, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/console/users/{login}/erase", ui_console_users_erase, ROLE_ADMIN, RT_CSRF | RT_SLOW, NULL },
	{ "POST",   "/api/v1/me/erase",     api_me_erase,       ROLE_LEARNER, RT_CSRF | RT_SLOW, &b_erase },
	{ "POST",   "/api/v1/users/{login}/erase", api_user_erase, ROLE_ADMIN, RT_CSRF | RT_SLOW, &b_none },
	/* drawing by competency: a bank's competencies and their questions
	 * per language and difficulty (the exam editor shows the same) */
	{ "GET",    "/api/v1/banks/{bank}/competencies", api_bank_competencies, ROLE_TRAINER, 0, NULL },
	/* an attempt's score report: its learner, its exam's trainers
	 * (api_attempt_get_checked in the handler) */
	{ "GET",    "/attempts/{id}/report.pdf", ui_score_report_pdf, ROLE_LEARNER, RT_SLOW, NULL },
	/* an exam's cohort by competency, and its item statistics a page at
	 * a time (the exam's trainers, admins) */
	{ "GET",    "/console/exams/{exam}/cohort", ui_console_cohort, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}/cohort.csv", ui_console_cohort_csv, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/console/exams/{exam}/items", ui_console_items, ROLE_TRAINER, RT_SLOW, NULL },
	{ "GET",    "/api/v1/exams/{exam}/cohort",   api_cohort,        ROLE_TRAINER, RT_SLOW, NULL },
	/* certification programmes: several exams, one certificate
	 * (programme.h: a trainer adds one only of exams they manage) */
	{ "GET",    "/api/v1/programmes",   api_programme_list, ROLE_LEARNER, 0, NULL },
	{ "POST",   "/api/v1/programmes",   api_programme_save, ROLE_TRAINER, RT_CSRF, &b_programme },
	{ "GET",    "/api/v1/programmes/{programme}", api_programme_get, ROLE_LEARNER, 0, NULL },
	{ "GET",    "/programmes/{programme}", ui_programme_page,  ROLE_LEARNER, 0, NULL },
	/* competency frameworks: shared data of trainers and admins
	 * (owner_frameworks) */
	{ "GET",    "/api/v1/frameworks",   api_framework_list, ROLE_TRAINER, 0, NULL },
	{ "POST",   "/api/v1/frameworks",   api_framework_post, ROLE_TRAINER, RT_CSRF | RT_SLOW, &b_framework },
	{ "GET",    "/api/v1/frameworks/{id}", api_framework_get, ROLE_TRAINER, 0, NULL },
	{ "GET",    "/console/frameworks",  ui_console_frameworks, ROLE_TRAINER, 0, NULL },
	/* what a credential's alignment or a report's code means: public */
	{ "GET",    "/frameworks/{id}",     ui_framework_page,  ROLE_NONE,    0, NULL },
	{ "POST",   "/console/frameworks",  ui_console_frameworks_post, ROLE_TRAINER, RT_CSRF | RT_SLOW, NULL },
};

const size_t nroutes = sizeof routes / sizeof *routes;
