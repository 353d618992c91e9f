/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-reconcile.c — double and triple entry: the passes compared ballot by
 * ballot, and the committee's rulings on disagreements.
 */

#include <stdlib.h>

#include "kp-store-private.h"

/* An earlier ruling on the entry's serial lapses: a new ruling replaces it,
 * a void of that serial in any pass makes it stale. */
gboolean
_kp_store_supersede_ruling (KpDb                 *db,
                            const char           *path,
                            const KpJournalEntry *entry,
                            JsonObject           *c,
                            GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "UPDATE resolutions SET superseded_seq = ?1 WHERE election = ?2 AND round = ?3"
                                       " AND serial = ?4 AND superseded_seq IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "round"));
  sqlite3_bind_int64 (stmt, 4, _kp_content_int (c, "serial"));
  return _kp_db_step_done (db, path, stmt, N_ ("recording a ruling"), error);
}

gboolean
_kp_store_apply_resolve (KpDb                 *db,
                         const char           *path,
                         const KpJournalEntry *entry,
                         JsonObject           *c,
                         GError              **error)
{
  sqlite3_stmt *stmt;

  if (!_kp_store_supersede_ruling (db, path, entry, c, error))
    return FALSE;
  stmt = _kp_db_prepare (db, path,
                         "INSERT INTO resolutions (election, round, serial, take, absent, struck, marks,"
                         " invalid, reason, operator, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                         " ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "serial"));
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "take"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, json_object_get_boolean_member_with_default (c, "absent", FALSE));
  sqlite3_bind_text (stmt, 6, _kp_content_string (c, "struck"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, _kp_content_string (c, "marks"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, _kp_content_string (c, "invalid"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, _kp_content_string (c, "reason"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, entry->operator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, entry->seq);
  return _kp_db_step_done (db, path, stmt, N_ ("recording a ruling"), error);
}

void
kp_disagreement_free (KpDisagreement *d)
{
  if (d == NULL)
    return;
  for (guint p = 0; p < 3; p++)
    kp_ballot_free (d->pass[p]);
  kp_ballot_free (d->resolution);
  g_free (d->reason);
  g_free (d->operator);
  g_free (d);
}

static int
compare_serials (gconstpointer a,
                 gconstpointer b)
{
  guint sa = GPOINTER_TO_UINT (*(gconstpointer *) a);
  guint sb = GPOINTER_TO_UINT (*(gconstpointer *) b);
  return sa < sb ? -1 : sa > sb;
}

static int
compare_ballots (gconstpointer a,
                 gconstpointer b)
{
  const KpBallot *ba = *(const KpBallot *const *) a;
  const KpBallot *bb = *(const KpBallot *const *) b;
  return ba->serial < bb->serial ? -1 : ba->serial > bb->serial;
}

/**
 * kp_store_reconcile:
 * @round: the round, or 0 for the latest
 * @agreed: (out) (optional) (transfer full) (element-type KpBallot): the
 *   ballots that count: in single entry, pass A; else those on which every
 *   pass agrees, and the committee's rulings
 *
 * Compares the passes ballot by ballot.
 *
 * Returns: (transfer full) (element-type KpDisagreement): every serial
 * the passes disagree on (a serial missing in a pass, different marks,
 * different invalid flag), resolved or not, by serial; %NULL on error.
 */
GPtrArray *
kp_store_reconcile (KpStore    *store,
                    const char *election_id,
                    guint       round,
                    GPtrArray **agreed,
                    GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GPtrArray) counted = NULL;
  g_autoptr(GHashTable) serials = NULL;
  g_autoptr(GHashTable) resolutions = NULL;
  g_autoptr(GHashTable) duplicates = NULL;
  GHashTable *passes[3] = { NULL, NULL, NULL };
  g_autofree gpointer *keys = NULL;
  guint n_keys;
  sqlite3_stmt *stmt;
  int rc;

  if (election == NULL)
    return NULL;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return NULL;

  disagreements = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_disagreement_free);
  counted = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
  serials = g_hash_table_new (NULL, NULL);
  resolutions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kp_disagreement_free);

  for (guint p = 0; p < info->mode; p++)
    {
      GHashTableIter iter;
      gpointer key;

      passes[p] = _kp_store_load_pass (store, election, 'A' + p, error);
      if (passes[p] == NULL)
        goto fail;
      g_hash_table_iter_init (&iter, passes[p]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (serials, key);
    }

  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT serial, absent, struck, marks, invalid, reason, operator FROM resolutions"
                         " WHERE election = ?1 AND round = ?2 AND superseded_seq IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, election->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, election->round);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpDisagreement *r = g_new0 (KpDisagreement, 1);
      r->serial = sqlite3_column_int64 (stmt, 0);
      r->resolved = TRUE;
      g_hash_table_insert (resolutions, GUINT_TO_POINTER (r->serial), r);
      if (!sqlite3_column_int64 (stmt, 1)
          && (r->resolution = _kp_store_ballot_from_row (store->path, election, _ ("the committee's ruling"), r->serial,
                                                         _kp_db_text (stmt, 2), _kp_db_text (stmt, 3), _kp_db_text (stmt, 4),
                                               error)) == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      r->reason = g_strdup (_kp_db_text (stmt, 5));
      r->operator = g_strdup (_kp_db_text (stmt, 6));
      g_hash_table_add (serials, GUINT_TO_POINTER (r->serial));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading rulings"), error);
      goto fail;
    }

  /* A serial two stations entered is a disagreement until the head rules
   * (kp-store-stations.c). */
  if ((duplicates = _kp_store_duplicate_serials (store, election->id, election->round, error)) == NULL)
    goto fail;

  keys = g_hash_table_get_keys_as_array (serials, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_serials);

  for (guint k = 0; k < n_keys; k++)
    {
      KpBallot *first = g_hash_table_lookup (passes[0], keys[k]);
      KpDisagreement *ruling = g_hash_table_lookup (resolutions, keys[k]);
      gboolean agree = first != NULL;

      for (guint p = 1; p < info->mode && agree; p++)
        {
          KpBallot *other = g_hash_table_lookup (passes[p], keys[k]);
          agree = other != NULL && kp_ballot_equal (first, other);
        }
      if (g_hash_table_contains (duplicates, keys[k]))
        agree = FALSE;

      if (agree && ruling == NULL)
        {
          g_ptr_array_add (counted, kp_ballot_copy (first));
          continue;
        }

      {
        KpDisagreement *d = g_new0 (KpDisagreement, 1);

        d->serial = GPOINTER_TO_UINT (keys[k]);
        for (guint p = 0; p < info->mode; p++)
          {
            KpBallot *b = g_hash_table_lookup (passes[p], keys[k]);
            d->pass[p] = b ? kp_ballot_copy (b) : NULL;
          }
        if (ruling != NULL)
          {
            d->resolved = TRUE;
            d->resolution = ruling->resolution ? kp_ballot_copy (ruling->resolution) : NULL;
            d->reason = g_strdup (ruling->reason);
            d->operator = g_strdup (ruling->operator);
            if (d->resolution)
              g_ptr_array_add (counted, kp_ballot_copy (d->resolution));
          }
        /* A ruling on a serial the passes agree on still decides it, but
         * it is not a disagreement to list. */
        if (agree)
          kp_disagreement_free (d);
        else
          g_ptr_array_add (disagreements, d);
      }
    }

  g_ptr_array_sort (counted, compare_ballots);
  for (guint p = 0; p < 3; p++)
    g_clear_pointer (&passes[p], g_hash_table_unref);
  if (agreed)
    *agreed = g_steal_pointer (&counted);
  return g_steal_pointer (&disagreements);

fail:
  for (guint p = 0; p < 3; p++)
    g_clear_pointer (&passes[p], g_hash_table_unref);
  return NULL;
}

/**
 * kp_store_resolve:
 * @take: 'A', 'B' or 'C' to take that pass's ballot (a pass that lacks the
 *   serial means: there is no such ballot), or 'V' to take @value
 * @value: (nullable): the committee's own reading, with @take 'V'
 * @passphrase: the head's passphrase (only the head settles)
 *
 * Records the committee's ruling on one serial, with who and why.
 */
gboolean
kp_store_resolve (KpStore        *store,
                  const char     *election_id,
                  guint           round,
                  guint           serial,
                  char            take,
                  const KpBallot *value,
                  const char     *reason,
                  const char     *passphrase,
                  const char     *operator,
                  GError        **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(KpBallot) chosen = NULL;
  g_autoptr(KpKey) head = NULL;
  g_autofree char *struck = NULL;
  g_autofree char *flag = NULL;
  gboolean known = FALSE;

  if (election == NULL || !kp_store_check_writable (store, error))
    return FALSE;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return FALSE;
  if (!_kp_store_check_open (store, election_id, election->round, error))
    return FALSE;
  /* Single entry has nothing to reconcile, but for a serial two stations
   * entered (kp-store-stations.c). */
  if (info->mode == KP_ENTRY_SINGLE)
    {
      g_autoptr(GHashTable) duplicates = _kp_store_duplicate_serials (store, election_id, election->round, error);
      if (duplicates == NULL)
        return FALSE;
      if (!g_hash_table_contains (duplicates, GUINT_TO_POINTER (serial)))
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                  _ ("%s is in single-entry mode: there is nothing to reconcile (void and re-enter "
                                  "to correct a ballot)"), election_id);
    }
  if (reason == NULL || *reason == '\0')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("give the reason for the ruling (it is recorded)"));
  if ((head = _kp_store_unlock_head (store, passphrase, "resolve", N_ ("settling a disagreement"), operator, error)) == NULL)
    return FALSE;

  for (guint p = 0; p < info->mode; p++)
    {
      g_autoptr(KpBallot) b = kp_store_get_ballot (store, election_id, election->round, 'A' + p, serial, error);
      if (b != NULL)
        known = TRUE;
      if (take == 'A' + (char) p)
        chosen = g_steal_pointer (&b);
    }
  if (!known)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("no pass of %s holds ballot %u"), election_id, serial);

  if (take == 'V')
    {
      if (value == NULL)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("give the committee's reading of the ballot"));
      if (value->n_candidates != election->candidates->len
          || value->form != kp_election_get_form (election))
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the ruling does not fit the ballot of %s"), election_id);
      chosen = kp_ballot_copy (value);
      chosen->serial = serial;
    }
  else if (take < 'A' || take >= 'A' + (char) info->mode)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("take A, B%s or a value"), info->mode == KP_ENTRY_TRIPLE ? ", C" : "");

  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", election->round);
  _kp_json_int_member (content, "serial", serial);
  _kp_json_string_member (content, "take", (char[]) { take, '\0' });
  _kp_json_key (content, "absent");
  g_string_append (content, chosen ? "false" : "true");
  struck = chosen ? kp_ballot_struck_to_string (chosen) : g_strdup ("");
  flag = chosen ? kp_ballot_flag_to_string (chosen) : g_strdup ("");
  _kp_json_string_member (content, "struck", struck);
  _kp_json_string_member (content, "marks", chosen && chosen->marks ? chosen->marks : "");
  _kp_json_string_member (content, "invalid", flag);
  _kp_json_string_member (content, "reason", reason);
  return _kp_store_head_action (store, operator, "resolve", content, head, error);
}
