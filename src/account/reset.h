/*
 * reset.h - password reset by mail: a one-time link valid for an hour.
 *
 * A token is 32 random bytes (64 hex digits in the link /reset/TOKEN);
 * only its SHA-256 is stored (password_resets), so a copy of the
 * database opens no account. Setting the password spends the token and
 * every other token of the account, and ends every session of the
 * account. Asking never says whether an account exists: the caller
 * answers the same whatever reset_request found.
 */
#ifndef AICERT_RESET_H
#define AICERT_RESET_H

#include <stdint.h>

#include "arena.h"
#include "store.h"

#define RESET_TTL 3600		/* seconds a link stays valid */
#define RESET_TOKEN_HEX 64
/* Links sent per account, and asked for per requesting address, in an
 * hour: enough for a mail that went to spam, too few to flood a box. */
#define RESET_PER_ACCOUNT 3
#define RESET_PER_ADDR 30

/* Someone asked for a reset of login or of the accounts whose address is
 * email (either may be NULL; given both, the login when it names an
 * account, else the address) from address addr: each
 * enabled account found that has an address, and has not had
 * RESET_PER_ACCOUNT links in the last hour, gets one (mail kind
 * "reset", in the account's language, else lang; links under base_url).
 * Makes one commit whether or not anything was found (the HTTP side
 * also pads the answer to a fixed least time). Returns 0, or the seconds to wait when addr asked
 * too often (nothing done). */
int reset_request(struct store *s, const char *login, const char *email,
    const char *addr, const char *lang, const char *base_url);

/* Makes a token for account uid and queues mail of kind ("reset", or
 * "set_password" for an account that has none yet) with its link, to
 * the account's address. 0; 1 when the account has no address (nothing
 * queued); -1 on a failed write. */
int reset_issue(struct store *s, int64_t uid, const char *kind, const char *lang,
    const char *base_url);

/* The account a valid (known, unspent, unexpired) token opens, with its
 * login copied into a (login may be NULL), or 0. */
int64_t reset_lookup(struct store *s, struct arena *a, const char *token,
    char **login);

/* Sets the password of the account token opens and spends the token:
 * 0, or -1 with *err a message key: "reset_link_invalid" (unknown,
 * used or expired: the caller answers 410), a key of password_weakness,
 * "internal_error". Hashes (slow: call off the connection threads). */
int reset_complete(struct store *s, const char *token, const char *password,
    const char **err);

#endif
