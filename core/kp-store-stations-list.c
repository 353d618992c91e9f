/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-stations-list.c — stations, what the head sees: the list of
 * stations with their batches and the gaps seen, the serials two stations
 * entered (kept aside, a disagreement until the head rules), and the
 * R-RECON-1 check that none waits.
 */

#include <inttypes.h>

#include "kp-store-private.h"
#include "kp-store-stations.h"

void
kp_station_free (KpStation *s)
{
  if (s == NULL)
    return;
  g_free (s->id);
  g_free (s->name);
  g_free (s->election);
  g_free (s->congress);
  g_free (s->fingerprint);
  g_free (s->congress_fingerprint);
  g_free (s->last_made_at);
  g_free (s->last_imported_at);
  g_free (s);
}

/**
 * kp_store_list_stations:
 *
 * Returns: (transfer full) (element-type KpStation): the stations of a
 * head file, in the order they were made; empty for a file without
 * stations; %NULL with @error on failure.
 */
GPtrArray *
kp_store_list_stations (KpStore *store,
                        GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_station_free);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT s.id, s.name, s.election, s.round, s.pass, coalesce(s.serial_from, 0),"
                                       " coalesce(s.serial_to, 0), s.congress, s.fingerprint, s.adopted,"
                                       " (SELECT count(*) FROM station_batches b WHERE b.station = s.id),"
                                       " (SELECT made_at FROM station_batches b WHERE b.station = s.id ORDER BY number DESC LIMIT 1),"
                                       " (SELECT j.at FROM station_batches b JOIN journal j ON j.seq = b.seq"
                                       "   WHERE b.station = s.id ORDER BY b.number DESC LIMIT 1),"
                                       " (SELECT count(*) FROM ballots WHERE station = s.id AND voided_seq IS NULL),"
                                       " (SELECT count(*) FROM ballots WHERE station = s.id AND voided_seq IS NOT NULL),"
                                       " (SELECT count(*) FROM station_duplicates d WHERE d.station = s.id)"
                                       " + (SELECT count(*) FROM ballots l WHERE l.station = s.id AND l.voided_seq IS NULL"
                                       "   AND EXISTS (SELECT 1 FROM station_duplicates d WHERE d.election = l.election"
                                       "   AND d.round = l.round AND d.pass = l.pass AND d.serial = l.serial)),"
                                       " coalesce((SELECT seen FROM station_gaps g WHERE g.station = s.id), 0),"
                                       " EXISTS (SELECT 1 FROM meta WHERE key = 'station_rehearsal:' || s.id)"
                                       " FROM stations s ORDER BY s.seq", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpStation *s = g_new0 (KpStation, 1);

      s->id = g_strdup (_kp_db_text (stmt, 0));
      s->name = g_strdup (_kp_db_text (stmt, 1));
      s->election = g_strdup (_kp_db_text (stmt, 2));
      s->round = sqlite3_column_int64 (stmt, 3);
      s->pass = _kp_db_text (stmt, 4)[0];
      s->serial_from = sqlite3_column_int64 (stmt, 5);
      s->serial_to = sqlite3_column_int64 (stmt, 6);
      s->congress = g_strdup (_kp_db_text (stmt, 7));
      s->fingerprint = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 8));
      s->adopted = sqlite3_column_int64 (stmt, 9);
      s->batches = sqlite3_column_int64 (stmt, 10);
      s->last_made_at = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 11));
      s->last_imported_at = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 12));
      s->ballots = sqlite3_column_int64 (stmt, 13);
      s->voided = sqlite3_column_int64 (stmt, 14);
      s->duplicates = sqlite3_column_int64 (stmt, 15);
      s->missing_to = sqlite3_column_int64 (stmt, 16) > s->batches ? sqlite3_column_int64 (stmt, 16) - 1 : 0;
      s->rehearsal = sqlite3_column_int64 (stmt, 17) != 0;
      g_ptr_array_add (list, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the stations"), error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
kp_station_duplicate_free (KpStationDuplicate *d)
{
  if (d == NULL)
    return;
  g_free (d->station);
  g_free (d->live_station);
  kp_ballot_free (d->ballot);
  kp_ballot_free (d->live);
  g_free (d);
}

/**
 * kp_store_list_duplicates:
 * @round: the round, or 0 for the latest
 *
 * Returns: (transfer full) (element-type KpStationDuplicate): every ballot
 * kept aside because its serial was live in its pass already, with the
 * live one beside it, by pass and serial; %NULL with @error.
 */
GPtrArray *
kp_store_list_duplicates (KpStore    *store,
                          const char *election_id,
                          guint       round,
                          GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (election == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_station_duplicate_free);
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT d.pass, d.serial, d.station, d.struck, d.marks, d.invalid, l.station, l.struck, l.marks,"
                         " l.invalid, EXISTS (SELECT 1 FROM resolutions r WHERE r.election = d.election"
                         " AND r.round = d.round AND r.serial = d.serial AND r.superseded_seq IS NULL)"
                         " FROM station_duplicates d LEFT JOIN ballots l ON l.election = d.election AND l.round = d.round"
                         " AND l.pass = d.pass AND l.serial = d.serial AND l.voided_seq IS NULL"
                         " WHERE d.election = ?1 AND d.round = ?2 ORDER BY d.pass, d.serial, d.seq, d.part", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, election->round);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpStationDuplicate *d = g_new0 (KpStationDuplicate, 1);
      g_autofree char *where = NULL;

      g_ptr_array_add (list, d);
      d->pass = _kp_db_text (stmt, 0)[0];
      d->serial = sqlite3_column_int64 (stmt, 1);
      d->station = g_strdup (_kp_db_text (stmt, 2));
      d->live_station = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 6));
      d->settled = sqlite3_column_int64 (stmt, 10);
      where = g_strdup_printf (_ ("pass %c"), d->pass);
      d->ballot = _kp_store_ballot_from_row (store->path, election, where, d->serial, _kp_db_text (stmt, 3),
                                             _kp_db_text (stmt, 4), _kp_db_text (stmt, 5), error);
      if (d->ballot == NULL
          || (sqlite3_column_type (stmt, 7) != SQLITE_NULL
              && (d->live = _kp_store_ballot_from_row (store->path, election, where, d->serial, _kp_db_text (stmt, 7),
                                                       _kp_db_text (stmt, 8), _kp_db_text (stmt, 9), error)) == NULL))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the stations"), error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The serials of a round that a station's ballot waits aside on: each is
 * a disagreement until the head rules on it (kp_store_reconcile ()). */
GHashTable *
_kp_store_duplicate_serials (KpStore    *store,
                             const char *election_id,
                             guint       round,
                             GError    **error)
{
  GHashTable *serials = g_hash_table_new (NULL, NULL);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT DISTINCT serial FROM station_duplicates WHERE election = ?1 AND round = ?2",
                                       error);

  if (stmt == NULL)
    {
      g_hash_table_unref (serials);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (serials, GUINT_TO_POINTER ((guint) sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  return serials;
}

/* R-RECON-1 for a round that stations enter: no serial that two stations
 * entered waits for the head's ruling. NULL when no station enters it. */
KpCheck *
_kp_store_stations_check (KpStore    *store,
                          const char *election_id,
                          guint       round)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT (SELECT count(*) FROM stations WHERE election = ?1 AND round = ?2),"
                                       " (SELECT count(DISTINCT serial) FROM station_duplicates WHERE election = ?1"
                                       "  AND round = ?2),"
                                       " (SELECT count(DISTINCT d.serial) FROM station_duplicates d WHERE d.election = ?1"
                                       "  AND d.round = ?2 AND NOT EXISTS (SELECT 1 FROM resolutions r WHERE"
                                       "  r.election = d.election AND r.round = d.round AND r.serial = d.serial"
                                       "  AND r.superseded_seq IS NULL))", NULL);
  gint64 stations = 0, serials = 0, waiting = 0;
  KpCheck *c;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      stations = sqlite3_column_int64 (stmt, 0);
      serials = sqlite3_column_int64 (stmt, 1);
      waiting = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (stations == 0)
    return NULL;
  c = g_new0 (KpCheck, 1);
  c->check = g_strdup ("stations-agree");
  c->rule = g_strdup ("R-RECON-1");
  c->status = g_strdup (waiting == 0 ? "ok" : "failed");
  {
    GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

    kp_check_say (detail, text, stations, NN_ ("%" PRId64 " station; ", "%" PRId64 " stations; "), stations);
    kp_check_say (detail, text, serials,
                  NN_ ("%" PRId64 " serial entered by two stations, %" PRId64 " still to settle",
                       "%" PRId64 " serials entered by two stations, %" PRId64 " still to settle"), serials, waiting);
    c->detail = g_string_free (detail, FALSE);
    c->text = g_string_free (text, FALSE);
  }
  c->words = g_strdup_printf ("%" G_GINT64_FORMAT " trạm nhập phiếu; %" G_GINT64_FORMAT " số phiếu do hai trạm cùng "
                              "nhập, còn %" G_GINT64_FORMAT " chỗ chưa quyết định", stations, serials, waiting);
  return c;
}
