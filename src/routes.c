/*
 * routes.c - the route table: every URL aicert answers, read top to bottom.
 *
 * Columns: method, path, handler, least role, flags. RT_CSRF on every
 * state-changing route a browser form can reach; RT_SLOW on routes that
 * hash passwords or render documents (they run on the worker pool).
 */
#include "handlers.h"

const struct route routes[] = {
	/* pages */
	{ "GET",    "/",                    ui_home,            ROLE_NONE,    0 },
	{ "GET",    "/lang/{code}",         ui_lang,            ROLE_NONE,    0 },
	{ "GET",    "/static/{*name}",      ui_static,          ROLE_NONE,    0 },
	{ "GET",    "/healthz",             ui_healthz,         ROLE_NONE,    0 },
	{ "GET",    "/media/{hash}",        ui_media,           ROLE_LEARNER, 0 },
	{ "GET",    "/signin",              ui_signin_form,     ROLE_NONE,    0 },
	{ "POST",   "/signin",              ui_signin,          ROLE_NONE,    RT_CSRF | RT_SLOW },
	{ "POST",   "/signout",             ui_signout,         ROLE_LEARNER, RT_CSRF },
	{ "GET",    "/register",            ui_register_form,   ROLE_NONE,    0 },
	{ "POST",   "/register",            ui_register,        ROLE_NONE,    RT_CSRF | RT_SLOW },
	{ "GET",    "/me",                  ui_account,         ROLE_LEARNER, 0 },
	{ "GET",    "/exams/{exam}",        ui_exam_start_page, ROLE_NONE,    0 },
	{ "POST",   "/exams/{exam}/start",  ui_exam_start,      ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "GET",    "/attempts/{id}",       ui_attempt_page,    ROLE_LEARNER, 0 },
	{ "POST",   "/attempts/{id}/save",  ui_attempt_save,    ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "GET",    "/attempts/{id}/finish", ui_attempt_finish, ROLE_LEARNER, 0 },
	{ "POST",   "/attempts/{id}/submit", ui_attempt_submit, ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "GET",    "/attempts/{id}/result", ui_attempt_result, ROLE_LEARNER, 0 },

	/* the trainer's console (literal paths before their {param} siblings) */
	{ "GET",    "/console",             ui_console,         ROLE_TRAINER, 0 },
	{ "GET",    "/console/banks/upload", ui_console_upload_form, ROLE_TRAINER, 0 },
	{ "POST",   "/console/banks/upload", ui_console_upload, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/console/banks/{bank}", ui_console_bank,   ROLE_TRAINER, RT_SLOW },
	{ "POST",   "/console/banks/{bank}/retire", ui_console_item_retire, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/console/exams/new",   ui_console_exam_new, ROLE_TRAINER, 0 },
	{ "POST",   "/console/exams/new",   ui_console_exam_post, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/console/exams/{exam}", ui_console_exam,   ROLE_TRAINER, RT_SLOW },
	{ "GET",    "/console/exams/{exam}/edit", ui_console_exam_edit, ROLE_TRAINER, 0 },
	{ "POST",   "/console/exams/{exam}/edit", ui_console_exam_post, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/console/exams/{exam}/sittings", ui_console_sitting, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/console/exams/{exam}/regrade", ui_console_regrade, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/console/certificates/{serial}/revoke", ui_console_revoke, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/console/attempts/{id}", ui_console_attempt, ROLE_TRAINER, 0 },
	{ "GET",    "/console/people",      ui_console_people,  ROLE_TRAINER, 0 },
	{ "POST",   "/console/people",      ui_console_people_import, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/console/people/accommodation", ui_console_accommodation, ROLE_TRAINER, RT_CSRF },
	{ "GET",    "/console/audit",       ui_console_audit,   ROLE_ADMIN,   0 },
	{ "GET",    "/console/users",       ui_console_users,   ROLE_ADMIN,   0 },
	{ "POST",   "/console/users/{login}", ui_console_user_post, ROLE_ADMIN, RT_CSRF | RT_SLOW },

	{ "GET",    "/v/{code}",            ui_verify,          ROLE_NONE,    0 },
	{ "GET",    "/V/{code}",            ui_verify,          ROLE_NONE,    0 },
	{ "GET",    "/.well-known/aicert-keys.json", api_keys,  ROLE_NONE,    0 },

	/* JSON API */
	{ "POST",   "/api/v1/session",      api_session_create, ROLE_NONE,    RT_SLOW },
	{ "DELETE", "/api/v1/session",      api_session_delete, ROLE_LEARNER, RT_CSRF },
	{ "GET",    "/api/v1/me",           api_me,             ROLE_LEARNER, 0 },
	{ "GET",    "/api/v1/banks",        api_bank_list,      ROLE_TRAINER, 0 },
	{ "POST",   "/api/v1/banks",        api_bank_upload,    ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/banks/{bank}/questions", api_bank_questions, ROLE_TRAINER, RT_SLOW },
	{ "GET",    "/api/v1/banks/{bank}/versions", api_bank_versions, ROLE_TRAINER, 0 },
	{ "POST",   "/api/v1/banks/{bank}/items/{key}/retire", api_item_retire, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/api/v1/users/import", api_users_import,   ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/users",        api_users,          ROLE_ADMIN,   0 },
	{ "PATCH",  "/api/v1/users/{login}", api_user_patch,    ROLE_ADMIN,   RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/audit",        api_audit,          ROLE_ADMIN,   0 },
	{ "GET",    "/api/v1/audit.csv",    api_audit_csv,      ROLE_ADMIN,   RT_SLOW },
	{ "GET",    "/api/v1/exams",        api_exam_list,      ROLE_LEARNER, 0 },
	{ "POST",   "/api/v1/exams",        api_exam_save,      ROLE_TRAINER, RT_CSRF },
	{ "POST",   "/api/v1/exams/{exam}/attempts", api_attempt_start, ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/exams/{exam}",          api_exam_get,      ROLE_TRAINER, 0 },
	{ "GET",    "/api/v1/exams/{exam}/results",  api_results,       ROLE_TRAINER, 0 },
	{ "GET",    "/api/v1/exams/{exam}/results.csv", api_results_csv, ROLE_TRAINER, RT_SLOW },
	{ "GET",    "/api/v1/exams/{exam}/item-stats", api_item_stats,  ROLE_TRAINER, RT_SLOW },
	{ "POST",   "/api/v1/exams/{exam}/regrade",  api_regrade,       ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/exams/{exam}/sittings", api_sittings,      ROLE_TRAINER, 0 },
	{ "POST",   "/api/v1/exams/{exam}/sittings", api_sitting_create, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/attempts/{id}",         api_attempt_get,   ROLE_LEARNER, 0 },
	{ "PUT",    "/api/v1/attempts/{id}/responses/{item}", api_attempt_save, ROLE_LEARNER, RT_CSRF },
	{ "PUT",    "/api/v1/attempts/{id}/flags/{item}", api_attempt_flag, ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "POST",   "/api/v1/attempts/{id}/events",  api_attempt_event, ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "POST",   "/api/v1/attempts/{id}/submit",  api_attempt_submit, ROLE_LEARNER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/attempts/{id}/result",  api_attempt_result, ROLE_LEARNER, 0 },
	{ "GET",    "/api/v1/attempts/{id}/events",  api_attempt_events, ROLE_TRAINER, 0 },
	{ "PUT",    "/api/v1/users/{login}/accommodations", api_user_accommodation, ROLE_TRAINER, RT_CSRF },
	{ "GET",    "/api/v1/certificates", api_cert_list,      ROLE_LEARNER, 0 },
	{ "GET",    "/api/v1/certificates/{file}", api_cert_pdf, ROLE_LEARNER, RT_SLOW },
	{ "POST",   "/api/v1/certificates/{serial}/revoke", api_cert_revoke, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "POST",   "/api/v1/certificates/{serial}/reissue", api_cert_reissue, ROLE_TRAINER, RT_CSRF | RT_SLOW },
	{ "GET",    "/api/v1/status-list",  api_status_list,    ROLE_NONE,    0 },
	{ "GET",    "/api/v1/verify/{code}", api_verify,        ROLE_NONE,    0 },
};

const size_t nroutes = sizeof routes / sizeof *routes;
