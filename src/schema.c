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
};

const size_t schema_count = sizeof schema_migrations / sizeof *schema_migrations;
