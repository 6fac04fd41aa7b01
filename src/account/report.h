/*
 * report.h - a sitting's report for the certification body: who was
 * booked, who came (checked in with which document, or identity
 * confirmed; by whom, when), seats, each attempt's start and submit,
 * pauses with reasons and durations, extensions, outage credits,
 * incident notes, how many integrity events, and the result (score,
 * passed; never an item or its key). SQL over the store, three queries
 * however many seats; who may ask is owner_sitting_proctor's (owner.h).
 * ui_console_report.c renders it as a page, CSV and (report_pdf.h) PDF.
 */
#ifndef AICERT_REPORT_H
#define AICERT_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

/* The report of sitting (times Unix seconds, 0 none; durations seconds):
 * {"rows":[{"login","name","name_alt","seat","checked_in" (bool),
 *   "checked_in_at","checked_in_by" ("" unknown),"id_type" ("" when
 *   identity was confirmed),"id_last4","attempt" ("" none),"state"
 *   ("", "running","submitted","expired"),"started_at","finished_at",
 *   "events","graded" (bool),"score","max_score","percent","passed" (bool),
 *   "pauses":[{"at","resumed_at" (0: still paused),"reason","duration_s"}],
 *   "pause_s","extensions":[{"at","minutes","reason","by"}],"extend_s",
 *   "outage_s","notes":[{"at","note","by"}]}] by seat (the unseated last)
 *   then name,
 *  "totals":{"booked","checked_in","not_arrived","started","finished",
 *   "passed","pauses","extensions","notes","events"}} (a new reference). */
json_t *report_sitting(struct store *s, int64_t sitting);

#endif
