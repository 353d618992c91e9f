/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-auth.c — roles: what only the head of the counting committee may do
 * takes the head's passphrase; wrong ones are rate-limited across
 * processes.
 */

#include <inttypes.h>

#include "kp-store-private.h"

#define AUTH_WINDOW_SECONDS 600
#define AUTH_MAX_FAILURES 5

/* Wrong passphrases are rate-limited across processes: after 5 within ten
 * minutes, the head must wait until the oldest of them is ten minutes old.
 * Each failure also costs two seconds. */
static gboolean
auth_allowed (KpStore *store,
              GError **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT count(*), min(at) FROM auth_failures WHERE at > ?1", error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, count = 0, oldest = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - AUTH_WINDOW_SECONDS);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      oldest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (count >= AUTH_MAX_FAILURES)
    return _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE,
                              _ ("%" PRId64 " wrong passphrases in ten minutes: wait %" PRId64 " seconds before "
                              "trying again"), count, oldest + AUTH_WINDOW_SECONDS - now);
  return TRUE;
}

static void
auth_failed (KpStore *store)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path, "INSERT INTO auth_failures (at) VALUES (?1)", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  g_usleep (2 * G_USEC_PER_SEC);
}

/* Roles: what only the head of the counting committee may do (confirm,
 * settle disagreements, override the air-gap check) takes the head's
 * passphrase, the one that seals the signing key. @what is what the head
 * is doing ("confirming"), marked N_() by the caller and translated here. */
KpKey *
_kp_store_unlock_head (KpStore    *store,
                       const char *passphrase,
                       const char *what,
                       GError    **error)
{
  g_autofree char *sealed = _kp_store_meta_value (store, "sealed_key");
  g_autoptr(GError) local_error = NULL;
  KpKey *key;

  if (sealed == NULL)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                         _ ("%s needs the head's passphrase, and %s has no signing key yet: the head creates it first "
                            "with `kiemphieu-cli keys --init`"), _ (what), store->path);
      return NULL;
    }
  if (!auth_allowed (store, error))
    return NULL;
  key = kp_key_unseal (sealed, passphrase ? passphrase : "", &local_error);
  if (key == NULL)
    {
      if (g_error_matches (local_error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE))
        {
          auth_failed (store);
          _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE, _ ("wrong passphrase: %s is refused"), _ (what));
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return key;
}

char *
_kp_store_meta_value (KpStore    *store,
                      const char *key)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (_kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}
