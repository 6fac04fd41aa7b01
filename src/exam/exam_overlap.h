/*
 * exam_overlap.h - the rule that keeps a certificate's keys secret: an
 * exam whose review shows keys or right/wrong per question ("with_keys",
 * "by_item") may not draw any question that an exam issuing certificates
 * can draw, itself included. Otherwise a practice exam taken often
 * enough hands out the certification's keys.
 *
 * "Can draw" is what assembly may pick: the latest version of the exam's
 * bank (of every bank when it names none), in each section's category and
 * below, auto-gradable, not retired, in any language of the exam; a
 * question is one across its languages (items.id).
 *
 * The rule is asked when an exam is saved (both ways: a revealing exam
 * against certificate exams, a certificate exam against revealing ones)
 * and when a bank import is committed. Messages come from the catalogs
 * (keys exam_overlap_*) and name the other exam, how many questions
 * overlap, a few of their keys and their category.
 *
 * Depends on the store (it owns its SQL), exam.h and bank_import.h.
 */
#ifndef AICERT_EXAM_OVERLAP_H
#define AICERT_EXAM_OVERLAP_H

#include "bank_import.h"
#include "exam.h"
#include "store.h"

/* 1 if e's review shows learners keys or right/wrong per question. */
int exam_overlap_reveals(const struct exam *e);

/* Checks e, about to be saved in place of any stored exam with its id,
 * against every other stored exam and against itself. Each overlap is an
 * error in errs (line 0, from errs' arena) in lang (NULL: en); a database
 * failure is one too. Returns 0 if e may be saved, else -1. */
int exam_overlap_check(struct store *s, const struct exam *e, const char *lang,
    struct q_bank *errs);

/* The same rule without messages, on d: for the write that saves e, so
 * that two saves racing cannot both pass. 0 if e may be saved, else -1. */
int exam_overlap_guard(struct db *d, const struct exam *e);

/* The overlaps a database from before this rule may already hold: for
 * every stored exam that shows keys, each certificate exam it shares
 * questions with (or itself, if it issues certificates) is an error in
 * errs "EXAM: message" in lang. Returns 0 if there is none, else -1 (also
 * when the database failed, with an error saying so). */
int exam_overlap_stored(struct store *s, const char *lang, struct q_bank *errs);

/* Inside bank_commit's write, once the new version of im's bank is in
 * place (im->bank_id, im->version set): refuses the overlaps this version
 * creates, that is questions of the bank that a revealing and a
 * certificate exam can now both draw and could not both draw from the
 * version before. Each is an error of the import (file of its first such
 * question, line 0) in im->lang, counted in im->nerrors. Returns 0 if the
 * import may be committed, else -1 (roll back). */
int exam_overlap_bank(struct db *d, struct bank_import *im);

/* Inside a competency framework's write, once its new version is in
 * place: what drawing by competency now lets through, that is for every
 * stored exam showing keys, each certificate exam it shares questions
 * with where either draws a section by competency (a new version may move
 * a code beneath another and so widen what a section draws). Each is an
 * error in errs "EXAM: message" in lang. Returns how many, or -1 if the
 * database failed. */
int exam_overlap_competencies(struct db *d, const char *lang, struct q_bank *errs);

#endif
