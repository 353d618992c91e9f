/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-projector.c — releasing a round's totals to the hall's projector
 * (the head's decision, with the passphrase) and hiding them again, as
 * journal actions "release" and "hide" with content
 * {"election":ID,"round":N}.
 *
 * No table holds the state: the last "release" or "hide" entry of the round
 * in the journal is the answer, so it survives a restart and is covered by
 * the journal's hash chain. Replaying checks that the round exists.
 */

#include <inttypes.h>

#include "kp-store-private.h"
#include "kp-store-projector.h"

/* The reader of "release" and "hide" (kp-store-actions.c's table): the
 * round must exist when the entry is applied; no row changes. */
gboolean
_kp_store_apply_projector (KpDb                 *db,
                           const char           *path,
                           const KpJournalEntry *entry,
                           JsonObject           *c,
                           GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = _kp_db_prepare (db, path, "SELECT 1 FROM elections WHERE id = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("journal entry %" PRId64 ": %s of round %" PRId64 " of %s, which does not exist"),
                              entry->seq, entry->action, _kp_content_int (c, "round"), _kp_content_string (c, "election"));
  return TRUE;
}

/**
 * kp_store_is_projector_released:
 * @round: the round, or 0 for the latest
 *
 * Returns: whether the hall may see the round's totals now: %TRUE when its
 * last "release" or "hide" entry is a release. %FALSE with @error set when
 * there is no such round.
 */
gboolean
kp_store_is_projector_released (KpStore    *store,
                                const char *election_id,
                                guint       round,
                                GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean released = FALSE;

  g_return_val_if_fail (store != NULL && election_id != NULL, FALSE);
  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT action FROM journal WHERE action IN ('release', 'hide')"
                         " AND json_extract (content, '$.election') = ?1 AND json_extract (content, '$.round') = ?2"
                         " ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    released = g_str_equal (_kp_db_text (stmt, 0), "release");
  sqlite3_reset (stmt);
  return released;
}

/* @head: the head's key for a release (signed, kp-store-head.c); %NULL
 * for a hide, which anyone may do. */
static gboolean
record (KpStore    *store,
        const char *election_id,
        guint       round,
        const char *action,
        KpKey      *head,
        const char *operator,
        GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", round);
  if (head != NULL)
    return _kp_store_head_action (store, operator, action, content, head, error);
  return _kp_store_simple_action (store, operator, action, content, error);
}

/**
 * kp_store_release_projector:
 * @round: the round, or 0 for the latest
 * @passphrase: the head's passphrase (the one that seals the signing key)
 *
 * The head releases the round's totals to the hall (product.md: "hidden
 * until released"). Refused, with nothing recorded, without the signing key
 * or with a wrong passphrase (KP_STORE_ERROR_PASSPHRASE; wrong passphrases
 * are rate-limited as for confirming). A round already released stays so,
 * with no new entry.
 *
 * Returns: %TRUE when the round is released, or %FALSE with @error set.
 */
gboolean
kp_store_release_projector (KpStore    *store,
                            const char *election_id,
                            guint       round,
                            const char *passphrase,
                            const char *operator,
                            GError    **error)
{
  g_autoptr(KpKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store != NULL && election_id != NULL, FALSE);
  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (kp_store_is_projector_released (store, election_id, round, &local_error))
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!_kp_store_check_operator (operator, error))
    return FALSE;
  if ((key = _kp_store_unlock_head (store, passphrase, "release", N_ ("releasing the results to the hall"), operator,
                                    error)) == NULL)
    return FALSE;
  return record (store, election_id, round, "release", key, operator, error);
}

/**
 * kp_store_hide_projector:
 * @round: the round, or 0 for the latest
 *
 * Takes the round's totals off the hall's screen. Anyone at the table may
 * do it (hiding shows nothing), and it is journalled, so the journal says
 * when the hall saw what. A round that is not released stays hidden, with
 * no new entry.
 *
 * Returns: %TRUE when the round is hidden, or %FALSE with @error set.
 */
gboolean
kp_store_hide_projector (KpStore    *store,
                         const char *election_id,
                         guint       round,
                         const char *operator,
                         GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (store != NULL && election_id != NULL, FALSE);
  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!kp_store_is_projector_released (store, election_id, round, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return record (store, election_id, round, "hide", NULL, operator, error);
}
