/*
 * schema.c - the migrations that build aicert's database; see schema.h.
 *
 * Times are Unix seconds in UTC. Secrets never live here: the signing key
 * is a 0600 file beside the database, passwords are Argon2id strings and
 * session tokens are stored as their SHA-256.
 */
#include "schema.h"

const char *const schema_migrations[] = {
	/* 1: settings, accounts, sessions, audit trail */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  name_alt TEXT,"
	"  role TEXT NOT NULL CHECK (role IN ('learner', 'trainer', 'admin')),"
	"  password TEXT NOT NULL,"
	"  time_multiplier REAL NOT NULL DEFAULT 1.0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE INDEX sessions_expiry ON sessions(expires_at);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  user_id INTEGER REFERENCES users(id),"
	"  action TEXT NOT NULL,"
	"  detail TEXT"
	");",

	/* 2: question banks, versioned; exams */
	"CREATE TABLE banks ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL,"
	"  created_by INTEGER REFERENCES users(id)"
	");"
	/* One import: the exact set of item versions it held. */
	"CREATE TABLE bank_versions ("
	"  id INTEGER PRIMARY KEY,"
	"  bank_id INTEGER NOT NULL REFERENCES banks(id),"
	"  version INTEGER NOT NULL,"
	"  imported_at INTEGER NOT NULL,"
	"  imported_by INTEGER REFERENCES users(id),"
	"  sources TEXT NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  added INTEGER NOT NULL,"
	"  changed INTEGER NOT NULL,"
	"  UNIQUE (bank_id, version)"
	");"
	/* A question's identity across versions and languages. */
	"CREATE TABLE items ("
	"  id INTEGER PRIMARY KEY,"
	"  bank_id INTEGER NOT NULL REFERENCES banks(id),"
	"  key TEXT NOT NULL,"
	"  UNIQUE (bank_id, key)"
	");"
	/* Immutable content of an item in one language; attempts point here. */
	"CREATE TABLE item_versions ("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES items(id),"
	"  lang TEXT NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  type TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  difficulty INTEGER NOT NULL,"
	"  data TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE (item_id, lang, hash)"
	");"
	"CREATE TABLE bank_version_items ("
	"  bank_version_id INTEGER NOT NULL REFERENCES bank_versions(id),"
	"  position INTEGER NOT NULL,"
	"  item_version_id INTEGER NOT NULL REFERENCES item_versions(id),"
	"  PRIMARY KEY (bank_version_id, position)"
	") WITHOUT ROWID;"
	"CREATE INDEX bank_version_items_iv ON bank_version_items(item_version_id);"
	/* Images embedded in questions, by content hash. */
	"CREATE TABLE files ("
	"  hash TEXT PRIMARY KEY,"
	"  mime TEXT NOT NULL,"
	"  data BLOB NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE exams ("
	"  id TEXT PRIMARY KEY,"
	"  definition TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  updated_by INTEGER REFERENCES users(id)"
	") WITHOUT ROWID;",

	/* 3: attempts, their forms, responses and integrity log */
	"CREATE TABLE attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  public_id TEXT NOT NULL UNIQUE,"
	"  exam_id TEXT NOT NULL REFERENCES exams(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  lang TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('running', 'submitted', 'expired')),"
	"  started_at INTEGER NOT NULL,"
	"  deadline INTEGER NOT NULL,"
	"  grace_s INTEGER NOT NULL,"
	"  exam_def TEXT NOT NULL,"
	"  finished_at INTEGER,"
	"  score REAL,"
	"  max_score REAL,"
	"  percent REAL,"
	"  passed INTEGER,"
	"  result TEXT"
	");"
	"CREATE UNIQUE INDEX attempts_one_running ON attempts(exam_id, user_id) "
	"  WHERE state = 'running';"
	"CREATE INDEX attempts_user ON attempts(user_id, exam_id);"
	"CREATE INDEX attempts_due ON attempts(deadline) WHERE state = 'running';"
	/* The form an attempt showed: exact item versions, order, layout. */
	"CREATE TABLE attempt_items ("
	"  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
	"  position INTEGER NOT NULL,"
	"  item_version_id INTEGER NOT NULL REFERENCES item_versions(id),"
	"  section INTEGER NOT NULL,"
	"  layout TEXT NOT NULL,"
	"  flagged INTEGER NOT NULL DEFAULT 0,"
	"  fraction REAL,"
	"  PRIMARY KEY (attempt_id, position)"
	") WITHOUT ROWID;"
	"CREATE INDEX attempt_items_iv ON attempt_items(item_version_id);"
	"CREATE TABLE responses ("
	"  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
	"  position INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  response TEXT NOT NULL,"
	"  saved_at INTEGER NOT NULL,"
	"  PRIMARY KEY (attempt_id, position)"
	") WITHOUT ROWID;"
	"CREATE TABLE item_usage ("
	"  item_id INTEGER PRIMARY KEY REFERENCES items(id),"
	"  uses INTEGER NOT NULL"
	");"
	"CREATE TABLE integrity_events ("
	"  id INTEGER PRIMARY KEY,"
	"  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  detail TEXT"
	");"
	"CREATE INDEX integrity_attempt ON integrity_events(attempt_id);",

	/* 4: certificates, the issuer's keys, verification log */
	"CREATE TABLE signing_keys ("
	"  id TEXT PRIMARY KEY,"
	"  public_pem TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  retired_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE TABLE certificates ("
	"  id INTEGER PRIMARY KEY,"
	"  serial TEXT NOT NULL UNIQUE,"
	"  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  exam_id TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  holder_alt TEXT,"
	"  exam_en TEXT NOT NULL,"
	"  exam_zh TEXT NOT NULL,"
	"  score_bp INTEGER NOT NULL,"
	"  issued_at INTEGER NOT NULL,"
	"  expires_at INTEGER,"
	"  key_id TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  pdf BLOB,"
	"  pdf_sha256 TEXT,"
	"  revoked_at INTEGER,"
	"  revoke_reason TEXT,"
	"  superseded_by TEXT"
	");"
	"CREATE INDEX certificates_attempt ON certificates(attempt_id);"
	"CREATE INDEX certificates_user ON certificates(user_id);"
	"CREATE TABLE verifications ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  serial TEXT,"
	"  status TEXT NOT NULL,"
	"  addr TEXT"
	");",

	/* 5: the console: owners, sittings, access codes, retired items,
	 * regrading, where audited actions came from */
	"ALTER TABLE exams ADD COLUMN owner_id INTEGER REFERENCES users(id);"
	"ALTER TABLE audit ADD COLUMN addr TEXT;"
	"ALTER TABLE items ADD COLUMN retired_at INTEGER;"
	"ALTER TABLE attempts ADD COLUMN sitting_id INTEGER;"
	"ALTER TABLE attempts ADD COLUMN regrade_note TEXT;"
	"ALTER TABLE attempt_items ADD COLUMN graded_version_id INTEGER;"
	"CREATE TABLE sittings ("
	"  id INTEGER PRIMARY KEY,"
	"  exam_id TEXT NOT NULL REFERENCES exams(id),"
	"  name TEXT NOT NULL,"
	"  opens_at INTEGER,"
	"  closes_at INTEGER,"
	"  created_by INTEGER REFERENCES users(id),"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE sitting_members ("
	"  sitting_id INTEGER NOT NULL REFERENCES sittings(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  PRIMARY KEY (sitting_id, user_id)"
	") WITHOUT ROWID;"
	/* One-time codes for test centres: high entropy, so a SHA-256 is
	 * enough and a room signs in without Argon2id. */
	"CREATE TABLE access_codes ("
	"  code_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  sitting_id INTEGER REFERENCES sittings(id),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  used_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX access_codes_user ON access_codes(user_id);",

	/* 6: the verification log counts repeats (same minute, serial,
	 * outcome and address) in one row instead of a row each */
	"ALTER TABLE verifications ADD COLUMN n INTEGER NOT NULL DEFAULT 1;",

	/* 7: who created a learner's account (owner.c: a trainer manages the
	 * learners it created); bank owners are banks.created_by */
	"ALTER TABLE users ADD COLUMN created_by INTEGER REFERENCES users(id);",

	/* 8: why a passed attempt has no certificate (or its PDF) yet: the
	 * last failure to issue or render it, NULL once both are done */
	"ALTER TABLE attempts ADD COLUMN cert_error TEXT;",

	/* 9: a test centre's rooms and seats: a sitting's room, a member's
	 * seat (numbered, one learner a seat), and the language an account
	 * reads (slips print in it; NULL: the reader's) */
	"ALTER TABLE sittings ADD COLUMN room TEXT;"
	"ALTER TABLE sitting_members ADD COLUMN seat INTEGER;"
	"CREATE UNIQUE INDEX sitting_members_seat ON sitting_members(sitting_id, seat) "
	"  WHERE seat IS NOT NULL;"
	"CREATE INDEX sittings_exam ON sittings(exam_id);"
	"ALTER TABLE users ADD COLUMN lang TEXT;",
	/* 10: time given back and incidents. paused_at is
	 * when a proctor paused the attempt (ms; NULL while it runs): the
	 * clock stops, saves answer 423, the sweeper leaves it alone;
	 * paused_sitting is the sitting whose room pause paused it (NULL:
	 * paused alone), so the room's resume leaves a candidate paused
	 * alone (taken ill) paused.
	 * attempt_incidents holds every pause, resume, extension, outage
	 * credit and note, with how far the deadline moved (ms) and who
	 * did it (NULL: the server itself, after an outage). */
	"ALTER TABLE attempts ADD COLUMN paused_at INTEGER;"
	"ALTER TABLE attempts ADD COLUMN paused_sitting INTEGER;"
	"CREATE TABLE attempt_incidents ("
	"  id INTEGER PRIMARY KEY,"
	"  attempt_id INTEGER NOT NULL REFERENCES attempts(id),"
	"  at INTEGER NOT NULL,"
	"  user_id INTEGER REFERENCES users(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('pause', 'resume', 'extend', 'outage', 'note')),"
	"  moved_ms INTEGER NOT NULL DEFAULT 0,"
	"  note TEXT"
	");"
	"CREATE INDEX attempt_incidents_attempt ON attempt_incidents(attempt_id);",
	/* 11: the proctor
	 * role (users is rebuilt for its CHECK: store.c migrates with foreign
	 * keys off, so nothing cascades), the proctors of each sitting, and
	 * each member's check-in: when, by whom, the ID document seen */
	"CREATE TABLE users_new ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  name_alt TEXT,"
	"  role TEXT NOT NULL CHECK (role IN ('learner', 'proctor', 'trainer', 'admin')),"
	"  password TEXT NOT NULL,"
	"  time_multiplier REAL NOT NULL DEFAULT 1.0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  created_by INTEGER REFERENCES users(id),"
	"  lang TEXT"
	");"
	"INSERT INTO users_new(id, login, name, name_alt, role, password, time_multiplier, "
	"  disabled, created_at, created_by, lang) SELECT id, login, name, name_alt, role, "
	"  password, time_multiplier, disabled, created_at, created_by, lang FROM users;"
	"DROP TABLE users;"
	"ALTER TABLE users_new RENAME TO users;"
	"CREATE TABLE sitting_proctors ("
	"  sitting_id INTEGER NOT NULL REFERENCES sittings(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  PRIMARY KEY (sitting_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX sitting_proctors_user ON sitting_proctors(user_id);"
	"ALTER TABLE sitting_members ADD COLUMN checked_in_at INTEGER;"
	"ALTER TABLE sitting_members ADD COLUMN checked_in_by INTEGER REFERENCES users(id);"
	"ALTER TABLE sitting_members ADD COLUMN id_type TEXT;"
	"ALTER TABLE sitting_members ADD COLUMN id_last4 TEXT;"
	"CREATE INDEX attempts_sitting ON attempts(sitting_id) WHERE sitting_id IS NOT NULL;",
	/* 12: the issuing organisation (issuer.c): one row of names,
	 * contact and signing officer, seeded from the issuer_en /
	 * issuer_zh settings it replaces; its logo and seal as checked
	 * PNG or JPEG bytes with their media type, size and SHA-256 */
	"CREATE TABLE issuer ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  legal_en TEXT,"
	"  legal_zh TEXT,"
	"  short_name TEXT,"
	"  website TEXT,"
	"  email TEXT,"
	"  phone TEXT,"
	"  address TEXT,"
	"  privacy TEXT,"
	"  officer_en TEXT,"
	"  officer_zh TEXT,"
	"  officer_title_en TEXT,"
	"  officer_title_zh TEXT,"
	"  updated_at INTEGER"
	");"
	"INSERT INTO issuer(id, legal_en, legal_zh) VALUES (1,"
	"  (SELECT value FROM settings WHERE key = 'issuer_en'),"
	"  (SELECT value FROM settings WHERE key = 'issuer_zh'));"
	"DELETE FROM settings WHERE key IN ('issuer_en', 'issuer_zh');"
	"CREATE TABLE issuer_images ("
	"  kind TEXT PRIMARY KEY CHECK (kind IN ('logo', 'seal')),"
	"  media_type TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),"
	"  sha256 TEXT NOT NULL,"
	"  width INTEGER NOT NULL,"
	"  height INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");",

	/* 13: how a verification found its certificate: "code" (a QR, a
	 * link, a pasted code), "serial+name" or "serial+check" (the lookup
	 * by what is printed) */
	"ALTER TABLE verifications ADD COLUMN via TEXT NOT NULL DEFAULT 'code';",

	/* 14: each certificate's bit in the published status list
	 * (/api/v1/status/1): assigned at issue, unique, never reused;
	 * existing certificates numbered in id order from 0 */
	"ALTER TABLE certificates ADD COLUMN status_index INTEGER;"
	"UPDATE certificates SET status_index = "
	"  (SELECT count(*) FROM certificates c WHERE c.id < certificates.id);"
	"CREATE UNIQUE INDEX certificates_status_index ON certificates(status_index);",

	/* 15: learners' requests to correct their names (names.c): the
	 * names as they should be and a note; one open (closed_at NULL) a
	 * learner at a time */
	"CREATE TABLE name_requests ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  name TEXT NOT NULL,"
	"  name_alt TEXT,"
	"  note TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  closed_at INTEGER,"
	"  closed_by INTEGER REFERENCES users(id)"
	");"
	"CREATE UNIQUE INDEX name_requests_open ON name_requests(user_id) "
	"  WHERE closed_at IS NULL;",

	/* 16: the personal-data notice (consent.c): each version the admin
	 * saves, its texts in both languages (NULL: the bundled default of
	 * the catalogs), and which version each account accepted and when.
	 * Version 1 is the bundled default, dated when the database took
	 * this migration; no account has accepted it yet. */
	"CREATE TABLE notice_versions ("
	"  version INTEGER PRIMARY KEY,"
	"  text_en TEXT,"
	"  text_zh TEXT,"
	"  created_at INTEGER NOT NULL"
	");"
	"INSERT INTO notice_versions(version, created_at) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER));"
	"CREATE TABLE consents ("
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  version INTEGER NOT NULL REFERENCES notice_versions(version),"
	"  accepted_at INTEGER NOT NULL,"
	"  PRIMARY KEY (user_id, version)"
	") WITHOUT ROWID;",

	/* 17: mail. An account's address (optional) and which notices it
	 * wants; the outbox the mail worker sends from (mail.c), each
	 * message rendered when queued; password-reset tokens, stored as
	 * their SHA-256, spent once */
	"ALTER TABLE users ADD COLUMN email TEXT;"
	"ALTER TABLE users ADD COLUMN notify_issued INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE users ADD COLUMN notify_revoked INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE users ADD COLUMN notify_expiry INTEGER NOT NULL DEFAULT 1;"
	"CREATE INDEX users_email ON users(email COLLATE NOCASE) WHERE email IS NOT NULL;"
	"CREATE TABLE mail_outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  \"to\" TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  html TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_at INTEGER NOT NULL,"
	"  sent_at INTEGER,"
	"  failed_at INTEGER,"
	"  last_error TEXT"
	");"
	"CREATE INDEX mail_outbox_due ON mail_outbox(next_at) "
	"  WHERE sent_at IS NULL AND failed_at IS NULL;"
	"CREATE TABLE password_resets ("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  used_at INTEGER"
	") WITHOUT ROWID;"
	"CREATE INDEX password_resets_user ON password_resets(user_id);"
	/* the notices each certificate's holder was sent (or not, by
	 * choice): 'issued', 'revoked', 'expiry90', 'expiry30'; the
	 * certificates issued and revoked before mail existed count as told */
	"CREATE TABLE cert_notices ("
	"  cert_id INTEGER NOT NULL REFERENCES certificates(id),"
	"  kind TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (cert_id, kind)"
	") WITHOUT ROWID;"
	"INSERT INTO cert_notices SELECT id, 'issued', strftime('%s', 'now') FROM certificates;"
	"INSERT INTO cert_notices SELECT id, 'revoked', strftime('%s', 'now') FROM certificates "
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX certificates_revoked ON certificates(revoked_at) "
	"  WHERE revoked_at IS NOT NULL;"
	"CREATE INDEX certificates_expiry ON certificates(expires_at) "
	"  WHERE expires_at IS NOT NULL;",

	/* 18: competencies (competency.c). Each version of a framework
	 * is kept whole, so a result keeps the titles it was earned under;
	 * parent is a code of the same framework version or NULL. An item
	 * version carries the codes its "comp:CODE" tags name (filled at
	 * import; here for the versions already stored); a code's children
	 * are the competencies naming it as parent in the same version */
	"CREATE TABLE frameworks ("
	"  id TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  title_zh TEXT NOT NULL,"
	"  definition TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  created_by INTEGER REFERENCES users(id),"
	"  PRIMARY KEY (id, version)"
	") WITHOUT ROWID;"
	"CREATE TABLE competencies ("
	"  framework_id TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  title_zh TEXT NOT NULL,"
	"  parent TEXT,"
	"  position INTEGER NOT NULL,"
	"  PRIMARY KEY (framework_id, version, code),"
	"  FOREIGN KEY (framework_id, version) REFERENCES frameworks(id, version)"
	") WITHOUT ROWID;"
	"CREATE INDEX competencies_code ON competencies(code);"
	/* each framework's newest version: what a code means today */
	"CREATE VIEW competency_current AS "
	"  SELECT c.* FROM competencies c JOIN frameworks f "
	"  ON f.id = c.framework_id AND f.version = c.version "
	"  WHERE NOT EXISTS (SELECT 1 FROM frameworks g WHERE g.id = f.id AND "
	"  (g.created_at > f.created_at OR (g.created_at = f.created_at AND g.version > f.version)));"
	"CREATE TABLE item_competencies ("
	"  item_version_id INTEGER NOT NULL REFERENCES item_versions(id),"
	"  code TEXT NOT NULL,"
	"  PRIMARY KEY (item_version_id, code)"
	") WITHOUT ROWID;"
	"CREATE INDEX item_competencies_code ON item_competencies(code);"
	"INSERT OR IGNORE INTO item_competencies "
	"  SELECT iv.id, substr(t.value, 6) FROM item_versions iv, "
	"  json_each(iv.data, '$.tags') t "
	"  WHERE lower(substr(t.value, 1, 5)) = 'comp:' AND length(t.value) BETWEEN 6 AND 69 "
	"  AND substr(t.value, 6) NOT GLOB '*[^A-Za-z0-9._-]*' "
	"  AND substr(t.value, 6, 1) GLOB '[A-Za-z0-9]';",

	/* 19: certification programmes (programme.c): several exams, one
	 * certificate. Each definition as saved, its parts indexed (a
	 * NULL pass_percent: the exam's own pass rule); a programme's
	 * certificate names it (and its exam_id is the part exam of the
	 * attempt that completed it) */
	"CREATE TABLE programmes ("
	"  id TEXT PRIMARY KEY,"
	"  definition TEXT NOT NULL,"
	"  owner_id INTEGER REFERENCES users(id),"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  updated_by INTEGER REFERENCES users(id)"
	") WITHOUT ROWID;"
	"CREATE TABLE programme_parts ("
	"  programme_id TEXT NOT NULL REFERENCES programmes(id),"
	"  position INTEGER NOT NULL,"
	"  exam_id TEXT NOT NULL,"
	"  pass_percent REAL,"
	"  PRIMARY KEY (programme_id, position)"
	") WITHOUT ROWID;"
	"CREATE INDEX programme_parts_exam ON programme_parts(exam_id);"
	"ALTER TABLE certificates ADD COLUMN programme_id TEXT;"
	"CREATE INDEX certificates_programme ON certificates(programme_id, user_id) "
	"  WHERE programme_id IS NOT NULL;",
};

const size_t schema_count = sizeof schema_migrations / sizeof *schema_migrations;
