/*
 * owner.h - who may manage what: the one ownership rule for exams, banks,
 * sittings and learners, asked by every route and page that reads or
 * changes them.
 *
 * The rule:
 *  - Admins manage everything.
 *  - An exam or a bank belongs to the trainer who created it (exams.owner_id,
 *    banks.created_by). Exams and banks without an owner (the bundled ones,
 *    those added from the command line) are the admins'.
 *  - A trainer manages their own exams: results, statistics, regrading,
 *    sittings, the certificates it issued, the attempts of it.
 *  - A trainer changes a bank (upload a new version, retire items) and reads
 *    its keys only when it is theirs. An exam of theirs may draw from their
 *    own banks and from the admins' (shared) banks, and must name its bank.
 *  - A sitting belongs to its exam: it is managed by who manages the exam.
 *  - A trainer manages a learner (access codes, accommodations, clearing
 *    sign-in throttles, booking into sittings) when the learner's account was
 *    created by that trainer or sits in a sitting of an exam the trainer
 *    manages. Staff accounts (trainers, admins) are managed by admins only.
 *  - An attempt is conducted (paused, resumed, extended, noted) by who
 *    manages its exam.
 *  - A sitting is proctored (its door list, check-in, its room) by who
 *    manages it and by the proctors assigned to it; a proctor sees nothing
 *    else: no other sitting, no exam's questions or results.
 *  - A certification programme (programme.h) is added by an admin, or by
 *    a trainer who manages every one of its part exams; it is then
 *    changed by its creator and admins. Anyone signed in may read it.
 *  - Competency frameworks are shared data: every trainer and admin reads
 *    them and adds frameworks or new versions (nothing is ever changed or
 *    removed); learners and proctors do not see them. The item counts a
 *    framework shows are of the banks the reader's exams may draw from.
 *  - The issuing organisation's profile (names, logo, seal, contact) is
 *    changed by admins only; anyone may read it.
 *
 * Reads only (a connection of the calling thread); a missing thing is never
 * managed by anyone.
 */
#ifndef AICERT_OWNER_H
#define AICERT_OWNER_H

#include <stdint.h>

#include "account.h"
#include "store.h"

/* 1 if u may manage exam id, 0 if not or no such exam. */
int owner_exam(struct store *s, const char *exam, const struct user *u);

/* 1 if u may change bank name (new versions, retiring) and read its keys,
 * 0 if not or no such bank. */
int owner_bank(struct store *s, const char *bank, const struct user *u);

/* 1 if an exam of u's may draw from bank name: u may change it, or it is a
 * bank without an owner (shared by the admins). 0 otherwise. */
int owner_bank_draw(struct store *s, const char *bank, const struct user *u);

/* 1 if a bank named name exists. */
int owner_bank_exists(struct store *s, const char *bank);

/* 1 if u may manage sitting id, and (exam not NULL) the sitting belongs to
 * exam; 0 otherwise. */
int owner_sitting(struct store *s, int64_t sitting, const char *exam,
    const struct user *u);

/* 1 if u may manage the learner account with this id (see the rule above);
 * 0 for staff accounts unless u is an admin, and for unknown ids. */
int owner_learner(struct store *s, int64_t learner, const struct user *u);

/* The same on connection d: for the writer, inside the transaction that
 * acts on the learner. */
int owner_learner_db(struct db *d, int64_t learner, const struct user *u);

/* 1 if u may conduct attempt id (its row id) on exam day: pause, resume,
 * extend it and file incident notes on it. Who manages its exam (trainer
 * owner, admins), and who may proctor the sitting it was started in
 * (owner_sitting_proctor); 0 for an attempt of no sitting otherwise. */
int owner_attempt_conduct(struct store *s, int64_t attempt, const struct user *u);

/* 1 if u may proctor sitting id: an admin, the trainer who owns its exam,
 * or a proctor (or any staff account) assigned to it; 0 otherwise and for
 * unknown sittings. Every proctor route asks this, and only this. */
int owner_sitting_proctor(struct store *s, int64_t sitting, const struct user *u);

/* 1 if u may change the issuer's profile (issuer.h): admins only. */
int owner_issuer(const struct user *u);

/* 1 if u may publish a new version of the personal-data notice
 * (consent.h): admins only. */
int owner_notice(const struct user *u);

/* 1 if u may read or act on the personal data of account id (its
 * export, its consent): the account itself only. Staff reach a
 * person's data through their own rules above, never as that person. */
int owner_self(const struct user *u, int64_t id);

/* 1 if u may erase the account with this id (erase.h): admins only, and
 * only an account that exists; a learner erases their own account
 * through the account page, with their password, not through this. */
int owner_erase(struct store *s, int64_t account, const struct user *u);

/* 1 if u may read the competency frameworks and add new ones or new
 * versions: trainers and admins. Into *viewer the account whose drawable
 * banks (owner_bank_draw) a framework's item counts cover, 0 for every
 * bank (an admin). */
int owner_frameworks(const struct user *u, int64_t *viewer);

#endif
