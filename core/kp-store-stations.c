/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-stations.c — stations, the head's side (issue 14): the applies
 * of `station` and `enroll` (their commands are in
 * kp-store-stations-setup.c), and importing a station's signed batches
 * (`import`: one batch, one entry, one transaction). A serial that two
 * stations both enter is kept aside as a duplicate, never written over: a
 * disagreement for the head (kp-store-stations-list.c).
 *
 * Every check that decides whether a batch may be merged is in
 * _kp_store_apply_import (), so that verify's replay makes it again for
 * every import the journal holds; kp_store_import_batch () answers the
 * questions that need no journal entry first (already imported? a gap?).
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-definition.h"
#include "kp-durable.h"
#include "kp-json.h"
#include "kp-store-private.h"
#include "kp-store-stations.h"

#define ZEROS KP_JOURNAL_GENESIS

/* The batch kp_store_import_batch () has just read and checked, so that
 * the apply of its own `import` entry does not read it a second time (as
 * kp_store_enter () binds a ballot's values): taken only when the entry's
 * text is the same, byte for byte. Verify's replay reads every batch. */
static struct
{
  const char *text;
  gsize length;
  KpBatch *batch;
} pending;

/* A batch or package error becomes the congress file's: damaged or changed
 * is tampering (exit 3), anything else wrong input (exit 2). */
void
_kp_store_take_batch_error (GError **error,
                            GError  *local)
{
  if (local->domain == KP_BATCH_ERROR)
    g_set_error_literal (error, KP_STORE_ERROR,
                         local->code == KP_BATCH_ERROR_DAMAGED ? KP_STORE_ERROR_TAMPERED : KP_STORE_ERROR_INVALID,
                         local->message);
  else
    g_set_error_literal (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, local->message);
  g_error_free (local);
}

static char *
sha256_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

void
_kp_station_row_clear (KpStationRow *r)
{
  g_free (r->id);
  g_free (r->name);
  g_free (r->election);
  g_free (r->congress);
  g_free (r->package);
  g_free (r->fingerprint);
  memset (r, 0, sizeof *r);
}

/* Returns FALSE with @error on a failure; *@found says whether the station
 * exists. */
gboolean
_kp_store_read_station (KpDb          *db,
                        const char    *path,
                        const char    *id,
                        KpStationRow  *r,
                        gboolean      *found,
                        GError       **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "SELECT id, name, election, round, pass, coalesce(serial_from, 0),"
                                       " coalesce(serial_to, 0), congress, package, fingerprint,"
                                       " EXISTS (SELECT 1 FROM meta WHERE key = 'station_rehearsal:' || id)"
                                       " FROM stations WHERE id = ?1", error);
  int rc;

  *found = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      r->id = g_strdup (_kp_db_text (stmt, 0));
      r->name = g_strdup (_kp_db_text (stmt, 1));
      r->election = g_strdup (_kp_db_text (stmt, 2));
      r->round = sqlite3_column_int64 (stmt, 3);
      r->pass = _kp_db_text (stmt, 4)[0];
      r->from = sqlite3_column_int64 (stmt, 5);
      r->to = sqlite3_column_int64 (stmt, 6);
      r->congress = g_strdup (_kp_db_text (stmt, 7));
      r->package = g_strdup (_kp_db_text (stmt, 8));
      r->fingerprint = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 9));
      r->rehearsal = sqlite3_column_int64 (stmt, 10) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kp_store_sqlite_error (db->db, rc, path, N_ ("reading the stations"), error);
  return TRUE;
}

char *
_kp_store_definition_sha256 (KpDb       *db,
                             const char *path)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "SELECT value FROM meta WHERE key = 'definition'", NULL);
  char *sha = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sha = sha256_text (_kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  return sha;
}

/* The round's list digest (kp_round_list_sha256 ()), its state and mode;
 * NULL with @error when the round does not exist. */
char *
_kp_store_round_list_sha256 (KpDb       *db,
                             const char *path,
                   const char *election,
                   gint64      round,
                   char      **state,
                   gint64     *mode,
                   GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "SELECT seats, candidates, state, mode FROM elections WHERE id = ?1 AND round = ?2",
                                       error);
  char *sha = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sha = kp_round_list_sha256 (sqlite3_column_int64 (stmt, 0), _kp_db_text (stmt, 1));
      if (state)
        *state = g_strdup (_kp_db_text (stmt, 2));
      if (mode)
        *mode = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (sha == NULL)
    _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("election %s has no round %" PRId64), election, round);
  return sha;
}

static gint64
nullable_int (JsonObject *c,
              const char *key)
{
  JsonNode *node = json_object_get_member (c, key);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? 0 : json_node_get_int (node);
}

static gboolean
in_range (const KpStationRow *r,
          gint64              serial)
{
  return r->to == 0 || (serial >= r->from && serial <= r->to);
}

static char *
range_words (gint64 from,
             gint64 to)
{
  if (to == 0)
    return g_strdup (_ ("every serial"));
  return g_strdup_printf (_ ("serials %" PRId64 "–%" PRId64), from, to);
}

/* --- the actions ------------------------------------------------------------ */

gboolean
_kp_store_apply_station (KpDb                 *db,
                         const char           *path,
                         const KpJournalEntry *entry,
                         JsonObject           *c,
                         GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "INSERT INTO stations (id, name, election, round, pass, serial_from, serial_to,"
                                       " congress, package, adopted, fingerprint, seq, enrolled_seq)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11, NULL)", error);
  gint64 from = nullable_int (c, "serial_from"), to = nullable_int (c, "serial_to");
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "station"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "name"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 5, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  if (to > 0)
    {
      sqlite3_bind_int64 (stmt, 6, from);
      sqlite3_bind_int64 (stmt, 7, to);
    }
  sqlite3_bind_text (stmt, 8, _kp_content_string (c, "congress"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, _kp_content_string (c, "package_sha256"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, json_object_get_boolean_member_with_default (c, "adopted", FALSE));
  sqlite3_bind_int64 (stmt, 11, entry->seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("there is already a station %s"),
                              _kp_content_string (c, "station"));
  if (rc != SQLITE_DONE)
    return _kp_store_sqlite_error (db->db, rc, path, N_ ("saving a station"), error);
  /* A station of a rehearsal package (`"rehearsal":true`): its batches
   * must say so too, and a real file never takes them. */
  if (!json_object_get_boolean_member_with_default (c, "rehearsal", FALSE))
    return TRUE;
  stmt = _kp_db_prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('station_rehearsal:' || ?1, '1')",
                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "station"), -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("saving a station"), error);
}

/* Whether the file is a rehearsal (a copy, a station of a rehearsal
 * package, or the old switch on): kp_store_is_rehearsal (), for the
 * applies too. */
gboolean
_kp_store_db_is_rehearsal (KpDb       *db,
                           const char *path)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "SELECT value FROM meta WHERE key = 'rehearsal'", NULL);
  gboolean on = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    on = g_str_equal (_kp_db_text (stmt, 0), "1");
  sqlite3_reset (stmt);
  return on;
}

/* Rehearsal ballots never reach the real count: a file that is not a
 * rehearsal takes no batch marked rehearsal, and a station's batches are
 * of its package's kind (marked when the package was; a station of an
 * older package, unmarked, as before). @r: the station, when @found. */
gboolean
_kp_store_check_batch_kind (KpDb               *db,
                            const char         *path,
                            const KpBatch      *b,
                            const char         *name,
                            const KpStationRow *r,
                            gboolean            found,
                            GError            **error)
{
  if (b->rehearsal && !_kp_store_db_is_rehearsal (db, path))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: this batch comes from station %s of a rehearsal copy (THỬ NGHIỆM): its ballots "
                                 "are test ballots and never enter the real count; nothing of it was merged"), name,
                              b->station);
  if (found && r->rehearsal && !b->rehearsal)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: station %s here was made in a rehearsal (THỬ NGHIỆM), but this batch is one of "
                                 "the real count: real ballots are not mixed with test ballots; nothing of it was "
                                 "merged"), name, r->id);
  if (found && !r->rehearsal && b->rehearsal)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: this batch comes from a rehearsal station (THỬ NGHIỆM), but station %s here is "
                                 "one of the real count; nothing of it was merged"), name, r->id);
  return TRUE;
}

gboolean
_kp_store_apply_enroll (KpDb                 *db,
                        const char           *path,
                        const KpJournalEntry *entry,
                        JsonObject           *c,
                        GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "UPDATE stations SET fingerprint = ?1, enrolled_seq = ?2 WHERE id = ?3"
                                       " AND fingerprint IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "fingerprint"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, entry->seq);
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "station"), -1, SQLITE_TRANSIENT);
  if (!_kp_db_step_done (db, path, stmt, N_ ("enrolling a station"), error))
    return FALSE;
  if (sqlite3_changes (db->db) != 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("station %s does not exist or is already enrolled"), _kp_content_string (c, "station"));
  return TRUE;
}

/* A station's `enter`: into its pass, or — when the serial is live there
 * already (another station's, or entered on this machine) — kept aside as
 * a duplicate, and an earlier ruling on the serial lapses. */
static gboolean
import_enter (KpDb                 *db,
              const char           *path,
              const KpJournalEntry *entry,
              const char           *station,
              const KpJournalEntry *e,
              JsonObject           *b,
              guint                 part,
              gboolean             *duplicate,
              GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "INSERT INTO ballots (election, round, pass, serial, struck, marks, invalid,"
                                       " operator, seq, station, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                                       " ?10, ?11) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  for (int pass = 0; pass < 2; pass++)
    {
      sqlite3_bind_text (stmt, 1, _kp_content_string (b, "election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, _kp_content_int (b, "round"));
      sqlite3_bind_text (stmt, 3, _kp_content_string (b, "pass"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, _kp_content_int (b, "serial"));
      sqlite3_bind_text (stmt, 5, _kp_content_string (b, "struck"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, _kp_content_string (b, "marks"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, _kp_content_string (b, "invalid"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, e->operator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 9, entry->seq);
      sqlite3_bind_text (stmt, 10, station, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 11, part);
      if (!_kp_db_step_done (db, path, stmt, N_ ("saving a ballot"), error))
        return FALSE;
      if (sqlite3_changes (db->db) == 1)
        return TRUE;
      if (pass == 1)
        return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("journal entry %" PRId64 ": ballot %u of the "
                                  "batch is there twice"), entry->seq, part);
      /* The serial is live in the pass: keep this one aside. */
      *duplicate = TRUE;
      if (!_kp_store_supersede_ruling (db, path, entry, b, error))
        return FALSE;
      stmt = _kp_db_prepare (db, path,
                             "INSERT INTO station_duplicates (election, round, pass, serial, struck, marks, invalid,"
                             " operator, seq, station, part) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                             error);
      if (stmt == NULL)
        return FALSE;
    }
  return TRUE;
}

/* A station's `void` of its own ballot: in the pass, or kept aside. When
 * its ballot leaves the pass and another station's waits aside, that one
 * takes its place (still a disagreement until the head settles it). A
 * ballot the head's machine voided already needs nothing. */
static gboolean
import_void (KpDb                 *db,
             const char           *path,
             const KpJournalEntry *entry,
             const char           *station,
             JsonObject           *b,
             GError              **error)
{
  const char *election = _kp_content_string (b, "election"), *pass = _kp_content_string (b, "pass");
  gint64 round = _kp_content_int (b, "round"), serial = _kp_content_int (b, "serial");
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "UPDATE ballots SET voided_seq = ?1 WHERE election = ?2 AND round = ?3"
                                       " AND pass = ?4 AND serial = ?5 AND voided_seq IS NULL AND station = ?6", error);
  gboolean was_live;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_text (stmt, 2, election, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, round);
  sqlite3_bind_text (stmt, 4, pass, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, serial);
  sqlite3_bind_text (stmt, 6, station, -1, SQLITE_TRANSIENT);
  if (!_kp_db_step_done (db, path, stmt, N_ ("voiding a ballot"), error))
    return FALSE;
  was_live = sqlite3_changes (db->db) == 1;

  if (was_live)
    {
      /* The earliest ballot kept aside on this serial takes its place. */
      stmt = _kp_db_prepare (db, path,
                             "INSERT INTO ballots (election, round, pass, serial, struck, marks, invalid, operator, seq,"
                             " station, part) SELECT election, round, pass, serial, struck, marks, invalid, operator,"
                             " seq, station, part FROM station_duplicates WHERE election = ?1 AND round = ?2"
                             " AND pass = ?3 AND serial = ?4 ORDER BY seq, part LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, election, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, round);
      sqlite3_bind_text (stmt, 3, pass, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, serial);
      if (!_kp_db_step_done (db, path, stmt, N_ ("voiding a ballot"), error))
        return FALSE;
      stmt = _kp_db_prepare (db, path,
                             "DELETE FROM station_duplicates WHERE (seq, part) IN (SELECT seq, part FROM ballots"
                             " WHERE election = ?1 AND round = ?2 AND pass = ?3 AND serial = ?4 AND voided_seq IS NULL)",
                             error);
    }
  else
    stmt = _kp_db_prepare (db, path,
                           "DELETE FROM station_duplicates WHERE election = ?1 AND round = ?2 AND pass = ?3"
                           " AND serial = ?4 AND station = ?5", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  sqlite3_bind_text (stmt, 3, pass, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, serial);
  if (!was_live)
    sqlite3_bind_text (stmt, 5, station, -1, SQLITE_TRANSIENT);
  if (!_kp_db_step_done (db, path, stmt, N_ ("voiding a ballot"), error))
    return FALSE;
  if (!was_live && sqlite3_changes (db->db) == 0)
    return TRUE;
  /* The pass changed on this serial: an earlier ruling on it lapses. */
  return _kp_store_supersede_ruling (db, path, entry, b, error);
}

/* The station's last batch imported: number (0 for none), its SHA-256,
 * its last journal entry's seq and hash. */
static gboolean
last_batch (KpDb       *db,
            const char *path,
            const char *station,
            gint64     *number,
            char      **sha256,
            gint64     *last_seq,
            char      **last_hash,
            GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "SELECT number, sha256, last_seq, last_hash FROM station_batches"
                                       " WHERE station = ?1 ORDER BY number DESC LIMIT 1", error);
  int rc;

  *number = 0;
  *sha256 = g_strdup (ZEROS);
  *last_seq = 0;
  *last_hash = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, station, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *number = sqlite3_column_int64 (stmt, 0);
      g_free (*sha256);
      *sha256 = g_strdup (_kp_db_text (stmt, 1));
      *last_seq = sqlite3_column_int64 (stmt, 2);
      *last_hash = g_strdup (_kp_db_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kp_store_sqlite_error (db->db, rc, path, N_ ("reading the stations"), error);
  return TRUE;
}

/* The round as entry needs it: its id, round, seats and list. */
static KpElection *
round_election (KpDb       *db,
                const char *path,
                const char *id,
                gint64      round,
                GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "SELECT seats, candidates FROM elections WHERE id = ?1 AND round = ?2",
                                       error);
  g_autoptr(KpElection) election = NULL;
  GPtrArray *candidates = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW && (candidates = _kp_candidates_from_json (_kp_db_text (stmt, 1))) != NULL)
    {
      election = kp_election_new (id, sqlite3_column_int64 (stmt, 0));
      election->round = round;
      g_ptr_array_unref (election->candidates);
      election->candidates = candidates;
    }
  sqlite3_reset (stmt);
  if (election == NULL)
    _kp_store_invalid (error, KP_STORE_ERROR_CORRUPT, _ ("%s: the list of %s round %" PRId64 " cannot be read"), path,
                       id, round);
  return g_steal_pointer (&election);
}

/* The station, its enrollment, the congress, the definition, the round's
 * list, state and mode: whether @b may be merged here at all. */
static gboolean
batch_belongs (KpDb               *db,
               const char         *path,
               const KpBatch      *b,
               const KpStationRow *r,
               gboolean            found,
               GError            **error)
{
  g_autofree char *definition = NULL;
  g_autofree char *list = NULL;
  g_autofree char *state = NULL;
  gint64 mode = 1;

  if (!found)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("batch %u comes from station %s, which this congress file does not know: make its "
                                 "package here first (kiemphieu-cli station-package), or take over the package "
                                 "made on another head's machine (station-adopt)"), b->number, b->station);
  if (!g_str_equal (b->congress, r->congress))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("batch %u of station %s belongs to another congress file than the one its "
                                 "package was made for"), b->number, b->station);
  definition = _kp_store_definition_sha256 (db, path);
  if (g_strcmp0 (definition, b->definition_sha256) != 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("batch %u of station %s was entered with another definition of the congress than "
                                 "this file's"), b->number, b->station);
  if (r->fingerprint == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("station %s (%s) is not enrolled yet: read the key fingerprint on the station's own "
                                 "screen and enroll it (kiemphieu-cli enroll … --station %s --fingerprint …), then "
                                 "import again"), r->id, r->name, r->id);
  if (!g_str_equal (r->fingerprint, b->fingerprint))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("batch %u is NOT signed by the key enrolled for station %s: it was made on another "
                                 "laptop or changed; nothing of it was merged"), b->number, r->id);
  if (!g_str_equal (b->election, r->election) || b->round != r->round || b->pass != r->pass)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("batch %u of station %s is for %s round %u pass %c, but the station was made for %s "
                                 "round %" PRId64 " pass %c"), b->number, r->id, b->election, b->round, b->pass,
                              r->election, r->round, r->pass);
  if ((list = _kp_store_round_list_sha256 (db, path, r->election, r->round, &state, &mode, error)) == NULL)
    return FALSE;
  if (!g_str_equal (list, b->list_sha256))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("the list of %s round %" PRId64 " changed after station %s's package was made: its "
                                 "ballot numbers may mean other names. Make a new package for a new station"),
                              r->election, r->round, r->id);
  if (g_str_equal (state, "confirmed") || g_str_equal (state, "closed"))
    return _kp_store_invalid (error, KP_STORE_ERROR_LOCKED,
                              _ ("round %" PRId64 " of %s is %s: batch %u of station %s can no longer be merged"),
                              r->round, r->election, g_str_equal (state, "confirmed") ? _ ("confirmed") : _ ("closed"),
                              b->number, r->id);
  if (g_str_equal (state, "paused"))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s is paused; resume it before importing"),
                              r->election);
  if (r->pass - 'A' >= mode)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is in %s mode: pass %c is not used; choose the entry mode first"),
                              r->election, kp_entry_mode_words (mode), r->pass);
  return TRUE;
}

gboolean
_kp_store_apply_import (KpDb                 *db,
                        const char           *path,
                        const KpJournalEntry *entry,
                        JsonObject           *c,
                        GError              **error)
{
  const char *text = _kp_content_string (c, "batch");
  gsize length = strlen (text);
  g_autoptr(KpBatch) owned = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(KpElection) election = NULL;
  g_auto(KpStationRow) r = { 0 };
  g_autofree char *prev_sha = NULL;
  g_autofree char *last_hash = NULL;
  g_autofree char *where = NULL;
  const KpBatch *b;
  gint64 last_number, last_seq;
  guint entered = 0, voided = 0;
  gboolean found;
  sqlite3_stmt *stmt;

  if (pending.batch != NULL && pending.length == length && memcmp (pending.text, text, length) == 0)
    b = pending.batch;
  else if ((b = owned = kp_batch_parse (text, length, _kp_content_string (c, "station"), &local_error)) == NULL)
    {
      _kp_store_take_batch_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!g_str_equal (b->sha256, _kp_content_string (c, "sha256")) || !g_str_equal (b->station, _kp_content_string (c, "station"))
      || b->number != _kp_content_int (c, "number") || b->journal->len == 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("journal entry %" PRId64 ": the import does not "
                              "describe the batch it holds"), entry->seq);
  if (!_kp_store_read_station (db, path, b->station, &r, &found, error)
      || !_kp_store_check_batch_kind (db, path, b, b->station, &r, found, error)
      || !batch_belongs (db, path, b, &r, found, error))
    return FALSE;

  /* The chain: the next number, the previous file's SHA-256, the station's
   * journal going on from where the previous batch ended. */
  if (!last_batch (db, path, r.id, &last_number, &prev_sha, &last_seq, &last_hash, error))
    return FALSE;
  if (b->number != last_number + 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("batch %u of station %s: batch %" PRId64 " comes first (batches %" PRId64 "–%u are "
                                 "missing); import them first, or write them again at the station (kiemphieu-cli "
                                 "batch … --number N)"), b->number, r.id, last_number + 1, last_number + 1,
                              b->number - 1);
  {
    const KpJournalEntry *first = b->journal->pdata[0];

    if (!g_str_equal (b->prev_batch, prev_sha)
        || (last_hash != NULL && (first->seq != last_seq + 1 || !g_str_equal (first->prev, last_hash))))
      return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                _ ("batch %u of station %s does not follow batch %" PRId64 " that was imported: the "
                                   "batches were changed or swapped; nothing of it was merged"), b->number, r.id,
                                last_number);
  }

  if ((election = round_election (db, path, r.election, r.round, error)) == NULL)
    return FALSE;
  where = g_strdup_printf (_ ("batch %u of station %s"), b->number, r.id);
  for (guint i = 0; i < b->journal->len; i++)
    {
      const KpJournalEntry *e = b->journal->pdata[i];
      gboolean is_enter = g_str_equal (e->action, "enter"), duplicate = FALSE;
      JsonNode *root;
      JsonObject *o;

      /* One parser for every entry: a batch holds thousands. */
      if (!kp_json_load (parser, e->content, -1, NULL) || (root = json_parser_get_root (parser)) == NULL
          || !JSON_NODE_HOLDS_OBJECT (root))
        return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("batch %u of station %s: entry %" PRId64 " is "
                                  "not JSON"), b->number, r.id, e->seq);
      o = json_node_get_object (root);
      if (g_str_equal (e->action, "batch"))
        {
          /* The station's record of the previous batch: that file. */
          if (_kp_content_int (o, "number") != last_number || !g_str_equal (_kp_content_string (o, "sha256"), prev_sha))
            return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                      _ ("batch %u of station %s records another batch %" PRId64 " than the one "
                                         "imported"), b->number, r.id, _kp_content_int (o, "number"));
          continue;
        }
      if (!is_enter && !g_str_equal (e->action, "void"))
        return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                  _ ("batch %u of station %s holds a \"%s\" entry: a station sends only ballots "
                                     "and voids"), b->number, r.id, e->action);
      if (!g_str_equal (_kp_content_string (o, "election"), r.election) || _kp_content_int (o, "round") != r.round
          || _kp_content_string (o, "pass")[0] != r.pass || _kp_content_string (o, "pass")[1] != '\0'
          || !in_range (&r, _kp_content_int (o, "serial")) || _kp_content_int (o, "serial") < 1)
        {
          g_autofree char *range = range_words (r.from, r.to);
          return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                    _ ("batch %u of station %s: entry %" PRId64 " is outside the station's share "
                                       "(%s round %" PRId64 ", pass %c, %s)"), b->number, r.id, e->seq, r.election,
                                    r.round, r.pass, range);
        }
      /* Every ballot reads exactly as the round's ballots must. */
      if (is_enter)
        {
          g_autoptr(KpBallot) ballot = _kp_store_ballot_from_row (path, election, where, _kp_content_int (o, "serial"),
                                                                  _kp_content_string (o, "struck"),
                                                                  _kp_content_string (o, "marks"),
                                                                  _kp_content_string (o, "invalid"), error);
          if (ballot == NULL)
            return FALSE;
        }
      if (is_enter ? !import_enter (db, path, entry, r.id, e, o, i + 1, &duplicate, error)
                   : !import_void (db, path, entry, r.id, o, error))
        return FALSE;
      entered += is_enter;
      voided += !is_enter;
    }

  stmt = _kp_db_prepare (db, path,
                         "INSERT INTO station_batches (station, number, sha256, prev_batch, first_seq, last_seq,"
                         " last_hash, entered, voided, made_at, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                         " ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r.id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, b->number);
  sqlite3_bind_text (stmt, 3, b->sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, b->prev_batch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, ((KpJournalEntry *) b->journal->pdata[0])->seq);
  sqlite3_bind_int64 (stmt, 6, ((KpJournalEntry *) b->journal->pdata[b->journal->len - 1])->seq);
  sqlite3_bind_text (stmt, 7, ((KpJournalEntry *) b->journal->pdata[b->journal->len - 1])->hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, entered);
  sqlite3_bind_int64 (stmt, 9, voided);
  sqlite3_bind_text (stmt, 10, b->made_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, entry->seq);
  return _kp_db_step_done (db, path, stmt, N_ ("saving a batch"), error);
}

static void
note_gap (KpStore    *store,
          const char *station,
          guint       number)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "INSERT INTO station_gaps (station, seen) VALUES (?1, ?2) ON CONFLICT (station)"
                                       " DO UPDATE SET seen = max(seen, excluded.seen)", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, station, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
}

void
kp_import_outcome_clear (KpImportOutcome *outcome)
{
  g_clear_pointer (&outcome->station, g_free);
}

/**
 * kp_store_import_batch:
 * @data: the batch file's bytes
 * @name: its file name, for messages
 * @outcome: (out caller-allocates) (optional): what was merged
 *
 * Imports one station batch (docs/formats.md): checks its signature
 * against the enrolled station key, the congress, the definition, the
 * round's list and the chain of that station's batches, then merges its
 * ballots and voids into their pass in one transaction, journalled as one
 * `import` entry. The same batch again changes nothing (@outcome's
 * `already`). A batch after a gap is refused, and the gap remembered for
 * kp_store_list_stations ().
 *
 * Returns: %TRUE when the batch is merged (or was already); %FALSE with
 * @error: %KP_STORE_ERROR_TAMPERED for a batch changed, cut short, signed
 * by another key or out of its chain; %KP_STORE_ERROR_INVALID (and others)
 * for wrong input. Nothing of the batch is merged then.
 */
gboolean
kp_store_import_batch (KpStore         *store,
                       const char      *data,
                       gsize            length,
                       const char      *name,
                       const char      *operator,
                       KpImportOutcome *outcome,
                       GError         **error)
{
  g_autoptr(KpBatch) b = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  gboolean ok, gap = FALSE;
  int rc;

  if (outcome)
    memset (outcome, 0, sizeof *outcome);
  if (!_kp_store_check_operator (operator, error) || !_kp_store_refuse_on_station (store, error))
    return FALSE;
  if ((b = kp_batch_parse (data, length, name, &local_error)) == NULL)
    {
      _kp_store_take_batch_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* A batch of a rehearsal is refused first, with what it is, before
   * its number is compared with the real station's of the same id. */
  {
    g_auto(KpStationRow) r = { 0 };
    gboolean found;

    if (!_kp_store_read_station (&store->db, store->path, b->station, &r, &found, error)
        || !_kp_store_check_batch_kind (&store->db, store->path, b, name, &r, found, error))
      return FALSE;
  }
  if (outcome)
    {
      outcome->station = g_strdup (b->station);
      outcome->number = b->number;
      for (guint i = 0; i < b->journal->len; i++)
        {
          const char *action = ((KpJournalEntry *) b->journal->pdata[i])->action;
          outcome->entered += g_str_equal (action, "enter");
          outcome->voided += g_str_equal (action, "void");
        }
    }

  if (!_kp_store_begin (store, error))
    return FALSE;
  /* Already imported, another batch under its number, or a gap: decided
   * inside the write transaction, so two imports cannot both merge it. */
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT (SELECT sha256 FROM station_batches WHERE station = ?1 AND number = ?2),"
                         " (SELECT coalesce(max(number), 0) FROM station_batches WHERE station = ?1),"
                         " EXISTS (SELECT 1 FROM stations WHERE id = ?1)", error);
  if (stmt == NULL)
    return _kp_store_finish (store, FALSE, error);
  sqlite3_bind_text (stmt, 1, b->station, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, b->number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      gboolean same = g_str_equal (_kp_db_text (stmt, 0), b->sha256);
      sqlite3_reset (stmt);
      if (same)
        {
          if (outcome)
            outcome->already = TRUE;
          return _kp_store_finish (store, TRUE, error);
        }
      _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                         _ ("%s: another batch %u of station %s was imported already (SHA-256 differs): one of the "
                            "two was changed or made again from a changed station file; nothing of it was merged"),
                         name, b->number, b->station);
      return _kp_store_finish (store, FALSE, error);
    }
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 2) && (gint64) b->number > sqlite3_column_int64 (stmt, 1) + 1)
    gap = TRUE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the stations"), error);
      return _kp_store_finish (store, FALSE, error);
    }
  if (gap)
    {
      /* Remembered, so that `stations` names the batches missing. */
      note_gap (store, b->station, b->number);
      ok = _kp_store_finish (store, TRUE, error);
      if (ok)
        _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s: batches of station %s before %u are missing: import "
                           "them first (or write them again at the station: kiemphieu-cli batch … --number N)"),
                           name, b->station, b->number);
      return FALSE;
    }

  text = g_strndup (data, length);
  _kp_json_string_member (content, "station", b->station);
  _kp_json_int_member (content, "number", b->number);
  _kp_json_string_member (content, "sha256", b->sha256);
  _kp_json_string_member (content, "batch", text);
  g_string_append_c (content, '}');
  /* Whether it may be merged is the import's own apply (for replay too),
   * which takes the batch just read instead of reading it again. */
  pending.text = text;
  pending.length = length;
  pending.batch = b;
  ok = _kp_store_record (store, operator, "import", content->str, error);
  memset (&pending, 0, sizeof pending);
  if (ok && outcome)
    {
      stmt = _kp_db_prepare (&store->db, store->path,
                             "SELECT count(*) FROM station_duplicates WHERE station = ?1 AND seq = (SELECT max(seq) FROM journal)",
                             error);
      if ((ok = stmt != NULL))
        {
          sqlite3_bind_text (stmt, 1, b->station, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            outcome->duplicates = sqlite3_column_int64 (stmt, 0);
          sqlite3_reset (stmt);
        }
    }
  return _kp_store_finish (store, ok, error);
}

