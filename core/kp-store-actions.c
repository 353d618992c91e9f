/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-actions.c — the journal's actions: the table that turns an entry into table
 * rows (recording and replaying alike), and the committee's settings
 * (entry mode, ballots issued and collected, pause) with their readers
 * beside their writers.
 */

#include <inttypes.h>

#include "kp-store-private.h"

static gboolean
apply_mode (KpDb                 *db,
            const char           *path,
            const KpJournalEntry *entry,
            JsonObject           *c,
            GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path, "UPDATE elections SET mode = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _kp_content_int (c, "mode"));
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("changing the entry mode"), error);
}

/* issued and collected: a count the committee makes by hand, per round
 * (R-RECON-1); the action's name is the column. */
static gboolean
apply_count (KpDb                 *db,
             const char           *path,
             const KpJournalEntry *entry,
             JsonObject           *c,
             GError              **error)
{
  gboolean issued = g_str_equal (entry->action, "issued");
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path,
                         issued ? "UPDATE elections SET issued = ?1 WHERE id = ?2 AND round = ?3"
                                : "UPDATE elections SET collected = ?1 WHERE id = ?2 AND round = ?3",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _kp_content_int (c, entry->action));
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "round"));
  return _kp_db_step_done (db, path, stmt, issued ? N_ ("saving ballots issued") : N_ ("saving ballots collected"), error);
}

static gboolean
apply_pause (KpDb                 *db,
             const char           *path,
             const KpJournalEntry *entry,
             JsonObject           *c,
             GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path, "UPDATE elections SET state = ?1 WHERE id = ?2 AND state IN ('open', 'paused')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, g_str_equal (entry->action, "pause") ? "paused" : "open", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("pausing an election"), error);
}

/* The file was upgraded to a newer format (kp_store_open): nothing in the
 * tables changes; verify reads the format from the entry. */
static gboolean
apply_upgrade (KpDb                 *db,
               const char           *path,
               const KpJournalEntry *entry,
               JsonObject           *c,
               GError              **error)
{
  return TRUE;
}

/* Every action, by the name the journal gives it: the one place an entry
 * becomes table rows (recording and replaying alike). */
static const struct
{
  const char *action;
  KpApplyFunc apply;
} actions[] = {
  { "create", _kp_store_apply_create },
  { "enter", _kp_store_apply_enter },
  { "void", _kp_store_apply_void },
  { "resolve", _kp_store_apply_resolve },
  { "mode", apply_mode },
  { "upgrade", apply_upgrade },
  { "issued", apply_count },
  { "alternates", _kp_store_apply_alternates },
  { "collected", apply_count },
  { "pause", apply_pause },
  { "resume", apply_pause },
  { "keys", _kp_store_apply_keys },
  { "confirm", _kp_store_apply_confirm },
  { "rehearsal", _kp_store_apply_rehearsal },
  { "edit-round", _kp_store_apply_edit_round },
  { "next-round", _kp_store_apply_next_round },
  { "release", _kp_store_apply_projector }, /* kp-store-projector.c */
  { "hide", _kp_store_apply_projector },
  { "unlock", _kp_store_apply_unlock }, /* kp-store-auth.c */
  { "unlocked", _kp_store_apply_unlocked },
  { "station", _kp_store_apply_station },           /* kp-store-stations.c: the head's side */
  { "enroll", _kp_store_apply_enroll },
  { "import", _kp_store_apply_import },
  { "station-open", _kp_store_apply_station_open }, /* kp-store-station-file.c: a station laptop */
  { "batch", _kp_store_apply_batch },
  { "adjudicate", _kp_store_apply_adjudicate }, /* kp-store-images.c */
};

gboolean
_kp_store_apply (KpDb                 *db,
                 const char           *path,
                 const KpJournalEntry *entry,
                 GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *c = _kp_json_parse_object (entry->content, &parser);

  if (c == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("journal entry %" PRId64
                              ": its content is not a JSON object"), entry->seq);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (entry->action, actions[i].action))
      return actions[i].apply (db, path, entry, c, error);
  return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("journal entry %" PRId64
                            ": unknown action \"%s\""), entry->seq, entry->action);
}

/**
 * kp_store_set_mode:
 *
 * @passphrase: (nullable): the head's, needed once the election holds any
 *   ballot (live or voided)
 *
 * The committee's choice of single, double or triple entry for an election
 * (all its rounds). Allowed only while no pass beyond the new mode holds
 * ballots. Once ballots exist, changing it changes how they are
 * reconciled: it is the head's decision, signed with the head's key.
 */
gboolean
kp_store_set_mode (KpStore    *store,
                   const char *election_id,
                   KpEntryMode mode,
                   const char *passphrase,
                   const char *operator,
                   GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(KpKey) head = NULL;
  sqlite3_stmt *stmt;
  gint64 beyond = 0, any = 0;

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (kp_store_latest_round (store, election_id, error) == 0 || !_kp_store_check_open (store, election_id, 0, error))
    return FALSE;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT count(*) FROM ballots WHERE election = ?1 AND voided_seq IS NULL"
                         " AND pass > ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, mode == KP_ENTRY_SINGLE ? "A" : mode == KP_ENTRY_DOUBLE ? "B" : "C", -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    beyond = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (beyond > 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: %" PRId64 " ballots are entered in passes that %s does not "
                                 "use; void them first"), election_id, beyond, kp_entry_mode_words (mode));

  stmt = _kp_db_prepare (&store->db, store->path, "SELECT count(*) FROM ballots WHERE election = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    any = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "mode", mode);
  if (any == 0)
    return _kp_store_simple_action (store, operator, "mode", content, error);
  if (passphrase == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE,
                              _ ("%s already holds ballots: changing its entry mode now changes how they are "
                                 "reconciled, and only the head may decide it — give the head's passphrase"),
                              election_id);
  if ((head = _kp_store_unlock_head (store, passphrase, "mode", N_ ("changing the entry mode once ballots are entered"),
                                     operator, error)) == NULL)
    return FALSE;
  return _kp_store_head_action (store, operator, "mode", content, head, error);
}

static gboolean
set_count (KpStore    *store,
           const char *election_id,
           guint       round,
           const char *action,
           guint       count,
           const char *operator,
           GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!_kp_store_check_unlocked (store, election_id, round, error))
    return FALSE;
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", round);
  _kp_json_int_member (content, action, count);
  return _kp_store_simple_action (store, operator, action, content, error);
}

gboolean
kp_store_set_issued (KpStore    *store,
                     const char *election_id,
                     guint       round,
                     guint       issued,
                     const char *operator,
                     GError    **error)
{
  return set_count (store, election_id, round, "issued", issued, operator, error);
}

/**
 * kp_store_set_collected:
 * @collected: the ballots taken out of the box, counted by hand before they
 *   are examined
 *
 * R-RECON-1: records số phiếu thu vào, the number the entered ballots and
 * valid + invalid are checked against.
 */
gboolean
kp_store_set_collected (KpStore    *store,
                        const char *election_id,
                        guint       round,
                        guint       collected,
                        const char *operator,
                        GError    **error)
{
  return set_count (store, election_id, round, "collected", collected, operator, error);
}

/**
 * kp_store_set_paused:
 *
 * R-PAUSE-1: pauses an election (no ballots can be entered) or resumes it,
 * with the reason in the journal.
 */
gboolean
kp_store_set_paused (KpStore    *store,
                     const char *election_id,
                     gboolean    paused,
                     const char *reason,
                     const char *operator,
                     GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (kp_store_latest_round (store, election_id, error) == 0)
    return FALSE;
  if (!_kp_store_check_unlocked (store, election_id, kp_store_latest_round (store, election_id, NULL), error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("give the reason (it goes into the journal)"));
  _kp_json_string_member (content, "election", election_id);
  _kp_json_string_member (content, "reason", reason);
  return _kp_store_simple_action (store, operator, paused ? "pause" : "resume", content, error);
}
