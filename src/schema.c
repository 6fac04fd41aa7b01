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
};

const size_t schema_count = sizeof schema_migrations / sizeof *schema_migrations;
