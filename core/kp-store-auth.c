/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-auth.c — roles: what only the head of the counting committee may do
 * takes the head's passphrase; every attempt is in the journal before the
 * passphrase is tried, and wrong ones are rate-limited across processes.
 */

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "kp-store-private.h"

#define AUTH_WINDOW_SECONDS 600
#define AUTH_MAX_FAILURES 5
#define AUTH_FAILURE_PAUSE_SECONDS 2

/* The clocks the rate limit reads: the date, which anyone who may set the
 * clock can move, and the kernel's time since boot (CLOCK_BOOTTIME), which
 * setting the date does not move, with the boot it belongs to. */
static void
real_now (KpAuthClock *now)
{
  g_autofree char *boot = NULL;
  struct timespec ts = { 0 };

  now->wall = g_get_real_time () / G_USEC_PER_SEC;
  clock_gettime (CLOCK_BOOTTIME, &ts);
  now->uptime = ts.tv_sec;
  now->boot[0] = '\0';
  if (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL))
    g_strlcpy (now->boot, g_strstrip (boot), sizeof now->boot);
}

static void
real_sleep (guint seconds)
{
  g_usleep ((gulong) seconds * G_USEC_PER_SEC);
}

static KpAuthNowFunc auth_now = real_now;
static KpAuthSleepFunc auth_sleep = real_sleep;

/* For the tests only (test-store's clock cases): a clock they move by
 * hand. %NULL puts the real one back. */
void
_kp_store_auth_set_clock (KpAuthNowFunc   now,
                          KpAuthSleepFunc sleep)
{
  auth_now = now ? now : real_now;
  auth_sleep = sleep ? sleep : real_sleep;
}

/* How long ago an attempt was made. In the same boot: by the boot-time
 * clock, whatever the date says now. From an earlier boot: at least this
 * boot's uptime has passed; the date may say more (and a date set ahead
 * across a reboot is believed: docs/security.md). */
static gint64
seconds_since (const KpAuthClock *now,
               gint64             wall,
               const char        *boot,
               gint64             uptime)
{
  if (now->boot[0] != '\0' && g_str_equal (boot, now->boot))
    return MAX (now->uptime - uptime, 0);
  return MAX (now->wall - wall, now->uptime);
}

/* Wrong passphrases are rate-limited across processes: after 5 within ten
 * minutes, the head must wait until the oldest of them is ten minutes old.
 * Inside the write transaction that records the next attempt, so that
 * attempts started at once are counted one after the other. An attempt
 * not (yet) followed by its "unlocked" entry counts as wrong. */
static gboolean
auth_allowed (KpStore           *store,
              const KpAuthClock *now,
              GError           **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT wall, boot, uptime FROM auth_failures ORDER BY seq DESC LIMIT ?1",
                                       error);
  gint64 recent = 0, oldest = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, AUTH_MAX_FAILURES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ago = seconds_since (now, sqlite3_column_int64 (stmt, 0), _kp_db_text (stmt, 1),
                                  sqlite3_column_int64 (stmt, 2));
      if (ago < AUTH_WINDOW_SECONDS)
        {
          recent++;
          oldest = MAX (oldest, ago);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the wrong passphrases"), error);
  if (recent >= AUTH_MAX_FAILURES)
    return _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE,
                              _ ("%" PRId64 " wrong passphrases in ten minutes: wait %" PRId64 " seconds before "
                                 "trying again"), recent, AUTH_WINDOW_SECONDS - oldest);
  return TRUE;
}

/* Records the attempt (journal action "unlock") before the passphrase is
 * tried: if it cannot be recorded, it is not tried. Returns its entry's
 * seq, or 0 with @error set. */
static gint64
record_attempt (KpStore    *store,
                const char *action,
                const char *operator,
                GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  sqlite3_stmt *stmt;
  KpAuthClock now = { 0 };
  gint64 seq = 0;

  auth_now (&now);
  if (!_kp_db_exec (store->db.db, store->path, "BEGIN IMMEDIATE",
                    N_ ("recording the attempt with the head's passphrase"), error))
    return 0;
  if (!auth_allowed (store, &now, error))
    goto fail;
  _kp_json_string_member (content, "for", action);
  _kp_json_int_member (content, "wall", now.wall);
  _kp_json_string_member (content, "boot", now.boot);
  _kp_json_int_member (content, "uptime", now.uptime);
  g_string_append_c (content, '}');
  if (!_kp_store_record (store, operator, "unlock", content->str, error))
    goto fail;
  stmt = _kp_db_prepare (&store->db, store->path, "SELECT max(seq) FROM journal", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (!_kp_db_exec (store->db.db, store->path, "COMMIT", N_ ("recording the attempt with the head's passphrase"),
                    error))
    goto fail;
  return seq;

fail:
  sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
  return 0;
}

/* Roles: what only the head of the counting committee may do (confirm,
 * settle disagreements, order alternates, change the entry mode once
 * ballots exist, release results to the hall) takes the head's
 * passphrase, the one that seals the signing key.
 *
 * @action is the journal action the head is about to take ("confirm"),
 * recorded with the attempt; @what says it for people ("confirming"),
 * marked N_() by the caller and translated here. Call it outside any
 * transaction: the attempt is committed before the passphrase is tried,
 * and a right passphrase is recorded (journal action "unlocked", signed
 * with the key it unsealed) before the key is returned. */
KpKey *
_kp_store_unlock_head (KpStore    *store,
                       const char *passphrase,
                       const char *action,
                       const char *what,
                       const char *operator,
                       GError    **error)
{
  g_autofree char *sealed = _kp_store_meta_value (store, "sealed_key");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(KpKey) key = NULL;
  gint64 attempt;

  g_return_val_if_fail (!store->in_bulk, NULL);
  if (sealed == NULL)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                         _ ("%s needs the head's passphrase, and %s has no signing key yet: the head creates it first "
                            "with `kiemphieu-cli keys --init`"), _ (what), store->path);
      return NULL;
    }
  if (!_kp_store_check_operator (operator, error))
    return NULL;
  if ((attempt = record_attempt (store, action, operator, &local_error)) == 0)
    {
      if (g_error_matches (local_error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _ ("The head's passphrase is not tried, because the attempt cannot be recorded "
                                       "(every attempt is, before it is tried): "));
      return NULL;
    }
  key = kp_key_unseal (sealed, passphrase ? passphrase : "", &local_error);
  if (key == NULL)
    {
      if (g_error_matches (local_error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE))
        {
          auth_sleep (AUTH_FAILURE_PAUSE_SECONDS);
          _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE, _ ("wrong passphrase: %s is refused"), _ (what));
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  _kp_json_int_member (content, "attempt", attempt);
  if (!_kp_store_head_action (store, operator, "unlocked", content, key, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* "unlock": an attempt with the head's passphrase, counted as wrong until
 * its "unlocked" entry follows. */
gboolean
_kp_store_apply_unlock (KpDb                 *db,
                        const char           *path,
                        const KpJournalEntry *entry,
                        JsonObject           *c,
                        GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "INSERT INTO auth_failures (seq, wall, boot, uptime)"
                                                 " VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "wall"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "boot"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _kp_content_int (c, "uptime"));
  return _kp_db_step_done (db, path, stmt, N_ ("recording the attempt with the head's passphrase"), error);
}

/* "unlocked": the attempt of entry "attempt" had the right passphrase
 * (the entry is signed with the key it unsealed; verify checks it). */
gboolean
_kp_store_apply_unlocked (KpDb                 *db,
                          const char           *path,
                          const KpJournalEntry *entry,
                          JsonObject           *c,
                          GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "DELETE FROM auth_failures WHERE seq = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _kp_content_int (c, "attempt"));
  if (!_kp_db_step_done (db, path, stmt, N_ ("recording the head's passphrase"), error))
    return FALSE;
  if (sqlite3_changes (db->db) != 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("journal entry %" PRId64 ": says the passphrase of entry %" PRId64 " was right, but "
                                 "that entry is no attempt waiting for its answer"),
                              entry->seq, _kp_content_int (c, "attempt"));
  return TRUE;
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
