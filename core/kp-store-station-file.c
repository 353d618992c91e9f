/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-station-file.c — stations, the laptop's side (issue 14): the
 * station file made from a package (`station-open`: the station key made
 * here and sealed under the station operator's passphrase), which records
 * nothing but the ballots and voids of its own pass and serials, and its
 * batches: journalled first (`batch`), then written to the stick; the
 * bytes are a function of the journal, so a batch can be written again.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-durable.h"
#include "kp-store-private.h"
#include "kp-store-stations.h"

/* The station's assignment, as meta 'station' holds it. */
typedef struct
{
  char *id;
  char *name;
  char *election;
  gint64 round;
  char pass;
  gint64 from;
  gint64 to;
  char *congress;
  char *definition_sha256;
  char *list_sha256;
  char *congress_fingerprint;
  gint64 open_seq;
  gboolean rehearsal;
} Share;

static void
share_clear (Share *s)
{
  g_free (s->id);
  g_free (s->name);
  g_free (s->election);
  g_free (s->congress);
  g_free (s->definition_sha256);
  g_free (s->list_sha256);
  g_free (s->congress_fingerprint);
  memset (s, 0, sizeof *s);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Share, share_clear)

/* FALSE when @store is not a station file. */
static gboolean
read_share (KpStore *store,
            Share   *s)
{
  g_autofree char *text = _kp_store_meta_value (store, "station");
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *o;

  if (text == NULL || (o = _kp_json_parse_object (text, &parser)) == NULL)
    return FALSE;
  s->id = g_strdup (_kp_content_string (o, "station"));
  s->name = g_strdup (_kp_content_string (o, "name"));
  s->election = g_strdup (_kp_content_string (o, "election"));
  s->round = _kp_content_int (o, "round");
  s->pass = _kp_content_string (o, "pass")[0];
  s->from = _kp_content_int (o, "serial_from");
  s->to = _kp_content_int (o, "serial_to");
  s->congress = g_strdup (_kp_content_string (o, "congress"));
  s->definition_sha256 = g_strdup (_kp_content_string (o, "definition_sha256"));
  s->list_sha256 = g_strdup (_kp_content_string (o, "list_sha256"));
  s->congress_fingerprint = g_strdup (_kp_content_string (o, "congress_fingerprint"));
  s->open_seq = _kp_content_int (o, "open_seq");
  s->rehearsal = json_object_get_boolean_member_with_default (o, "rehearsal", FALSE);
  return TRUE;
}

static char *
share_words (const Share *s)
{
  if (s->to == 0)
    return g_strdup_printf (_ ("%s round %" PRId64 ", pass %c, every serial"), s->election, s->round, s->pass);
  return g_strdup_printf (_ ("%s round %" PRId64 ", pass %c, serials %" PRId64 "–%" PRId64), s->election, s->round,
                          s->pass, s->from, s->to);
}

/* --- the actions ------------------------------------------------------------ */

static gboolean
insert_meta (KpDb       *db,
             const char *path,
             const char *key,
             const char *value,
             GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("opening the station"), error);
}

gboolean
_kp_store_apply_station_open (KpDb                 *db,
                              const char           *path,
                              const KpJournalEntry *entry,
                              JsonObject           *c,
                              GError              **error)
{
  const char *text = _kp_content_string (c, "package");
  const char *public_key = _kp_content_string (c, "public_key");
  g_autoptr(KpStationPackage) p = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) share = g_string_new ("{");
  g_autofree char *print = kp_public_key_fingerprint (public_key, NULL);
  g_autofree char *definition = _kp_store_definition_sha256 (db, path);
  g_autofree char *list = NULL;
  sqlite3_stmt *stmt;

  if ((p = kp_station_package_parse (text, strlen (text), path, &local_error)) == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, "%s", local_error->message);
  if (print == NULL || !g_str_equal (print, _kp_content_string (c, "fingerprint")))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("the station key's fingerprint is not its key's"));
  if (g_strcmp0 (definition, p->definition_sha256) != 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("the station file's definition is not its package's"));
  if ((list = _kp_store_round_list_sha256 (db, path, p->election, p->round, NULL, NULL, error)) == NULL)
    return FALSE;
  if (!g_str_equal (list, p->list_sha256))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("the list of %s round %u is not the one the package was made for"), p->election,
                              p->round);

  _kp_json_string_member (share, "station", p->station);
  _kp_json_string_member (share, "name", p->name);
  _kp_json_string_member (share, "election", p->election);
  _kp_json_int_member (share, "round", p->round);
  _kp_json_string_member (share, "pass", (char[]) { p->pass, '\0' });
  _kp_json_int_member (share, "serial_from", p->serial_from);
  _kp_json_int_member (share, "serial_to", p->serial_to);
  _kp_json_string_member (share, "congress", p->congress);
  _kp_json_string_member (share, "definition_sha256", p->definition_sha256);
  _kp_json_string_member (share, "list_sha256", p->list_sha256);
  _kp_json_string_member (share, "congress_fingerprint", p->fingerprint);
  _kp_json_int_member (share, "open_seq", entry->seq);
  if (p->rehearsal)
    {
      _kp_json_key (share, "rehearsal");
      g_string_append (share, "true");
    }
  g_string_append_c (share, '}');
  if (!insert_meta (db, path, "station", share->str, error)
      || !insert_meta (db, path, "station_public_key", public_key, error)
      || !insert_meta (db, path, "station_sealed_key", _kp_content_string (c, "sealed_key"), error)
      || !insert_meta (db, path, "station_fingerprint", print, error))
    return FALSE;
  /* A station of a rehearsal package is a rehearsal itself: THỬ NGHIỆM on
   * its screen and papers, and its batches say so. */
  if (p->rehearsal)
    {
      stmt = _kp_db_prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('rehearsal', '1')", error);
      if (stmt == NULL || !_kp_db_step_done (db, path, stmt, N_ ("opening the station"), error))
        return FALSE;
    }

  /* The entry mode covers the station's pass. */
  stmt = _kp_db_prepare (db, path, "UPDATE elections SET mode = max(mode, ?1) WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->pass - 'A' + 1);
  sqlite3_bind_text (stmt, 2, p->election, -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("opening the station"), error);
}

gboolean
_kp_store_apply_batch (KpDb                 *db,
                       const char           *path,
                       const KpJournalEntry *entry,
                       JsonObject           *c,
                       GError              **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "INSERT INTO station_batches (station, number, sha256, prev_batch, first_seq,"
                                       " last_seq, last_hash, entered, voided, made_at, seq) VALUES (?1, ?2, ?3, ?4,"
                                       " ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "station"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "number"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "sha256"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "prev_batch"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _kp_content_int (c, "first_seq"));
  sqlite3_bind_int64 (stmt, 6, _kp_content_int (c, "last_seq"));
  sqlite3_bind_text (stmt, 7, _kp_content_string (c, "last_hash"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, _kp_content_int (c, "entered"));
  sqlite3_bind_int64 (stmt, 9, _kp_content_int (c, "voided"));
  sqlite3_bind_text (stmt, 10, _kp_content_string (c, "made_at"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, entry->seq);
  return _kp_db_step_done (db, path, stmt, N_ ("saving a batch"), error);
}

/* --- what a station file may record ------------------------------------------------ */

/* Called for every action recorded (_kp_store_record_full ()): a station
 * file records only ballots and voids of its own share, and its batches. */
gboolean
_kp_store_station_allows (KpStore             *store,
                          const char          *action,
                          const char          *content,
                          const KpEnterValues *enter,
                          GError             **error)
{
  g_auto(Share) s = { 0 };
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *share = NULL;
  const char *election, *pass;
  gint64 round, serial;

  if (!read_share (store, &s) || g_str_equal (action, "batch"))
    return TRUE;
  share = share_words (&s);
  if (!g_str_equal (action, "enter") && !g_str_equal (action, "void"))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is the station file of %s (station %s): it only enters and voids the ballots of "
                                 "its share (%s); this is done on the head's machine"), store->path, s.name, s.id,
                              share);
  if (enter != NULL)
    election = enter->election, round = enter->round, pass = enter->pass, serial = enter->serial;
  else
    {
      JsonObject *c = _kp_json_parse_object (content, &parser);
      if (c == NULL)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, "%s", _ ("the entry is not JSON"));
      election = _kp_content_string (c, "election");
      round = _kp_content_int (c, "round");
      pass = _kp_content_string (c, "pass");
      serial = _kp_content_int (c, "serial");
    }
  if (!g_str_equal (election, s.election) || round != s.round || pass[0] != s.pass || pass[1] != '\0'
      || (s.to > 0 && (serial < s.from || serial > s.to)))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is the station file of %s (station %s): it enters only %s; ballot %" PRId64 " of "
                                 "%s round %" PRId64 ", pass %s is not its to enter"), store->path, s.name, s.id, share,
                              serial, election, round, pass);
  return TRUE;
}

/* The first serial a station's entry screen proposes: the first of its
 * range. */
guint
_kp_store_station_first_serial (KpStore    *store,
                                const char *election_id,
                                guint       round,
                                char        pass)
{
  g_auto(Share) s = { 0 };

  if (!read_share (store, &s) || s.to == 0 || !g_str_equal (s.election, election_id) || s.round != round
      || s.pass != pass)
    return 1;
  return s.from;
}

/* What the head's machine does (results, stations, imports) is refused on
 * a station file, saying what it is. */
gboolean
_kp_store_refuse_on_station (KpStore *store,
                             GError **error)
{
  g_auto(Share) s = { 0 };
  g_autofree char *share = NULL;

  if (!read_share (store, &s))
    return TRUE;
  share = share_words (&s);
  return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                            _ ("%s is the station file of %s (station %s): it holds only %s. Results, reconciliation "
                               "and stations are done on the head's machine, once this station's batches are "
                               "imported"), store->path, s.name, s.id, share);
}

/**
 * kp_store_check_not_station:
 *
 * Returns: %TRUE for any file but a station file; for a station file,
 * %FALSE with @error saying what it holds and that results,
 * reconciliation and stations are the head's machine's.
 */
gboolean
kp_store_check_not_station (KpStore *store,
                            GError **error)
{
  return _kp_store_refuse_on_station (store, error);
}

gboolean
kp_store_is_station (KpStore *store)
{
  g_auto(Share) s = { 0 };

  return read_share (store, &s);
}

/* --- opening a package ------------------------------------------------------------ */

/**
 * kp_store_open_station:
 * @package: the station package's bytes (`*.kiemphieu-station`)
 * @path: the station file to create; it must not exist
 * @key_sheet_fingerprint: (nullable): the fingerprint on the head's key
 *   sheet; the package must be signed by that key
 * @passphrase: the station operator's new passphrase (at least 8
 *   characters): it seals the station key, made here
 *
 * Creates the station file: the package's definition and rounds, then
 * `station-open` with the station's key. Built under a temporary name and
 * renamed when whole. kp_store_get_station () gives the key's fingerprint
 * for the head to enroll.
 *
 * Returns: (transfer full): the station file, or %NULL with @error
 * (%KP_STORE_ERROR_TAMPERED: the package is damaged or signed by another
 * key than the key sheet's).
 */
KpStore *
kp_store_open_station (const char *package,
                       gsize       length,
                       const char *package_name,
                       const char *path,
                       const char *key_sheet_fingerprint,
                       const char *passphrase,
                       const char *operator,
                       GError    **error)
{
  g_autoptr(KpStationPackage) p = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(KpKey) key = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *part = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *print = NULL;
  gboolean ok = TRUE;

  if (!_kp_store_check_operator (operator, error))
    return NULL;
  if ((p = kp_station_package_parse (package, length, package_name, &local_error)) == NULL)
    {
      g_set_error_literal (error, KP_STORE_ERROR,
                           g_error_matches (local_error, KP_BATCH_ERROR, KP_BATCH_ERROR_DAMAGED)
                             ? KP_STORE_ERROR_TAMPERED : KP_STORE_ERROR_INVALID, local_error->message);
      return NULL;
    }
  if (key_sheet_fingerprint != NULL && !kp_fingerprint_is_wellformed (key_sheet_fingerprint))
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                         _ ("“%s” is not a fingerprint: the key sheet shows 64 hexadecimal digits in groups of four; "
                            "check what was typed"), key_sheet_fingerprint);
      return NULL;
    }
  if (key_sheet_fingerprint != NULL && !kp_fingerprint_equal (key_sheet_fingerprint, p->fingerprint))
    {
      _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                         _ ("%s was NOT signed by the congress key on the head's key sheet: do not use it; ask the "
                            "head for the package"), package_name);
      return NULL;
    }
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < KP_KEY_MIN_PASSPHRASE)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the passphrase needs at least %d characters"),
                         KP_KEY_MIN_PASSPHRASE);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   _ ("%s already exists; choose another name (a congress file is never overwritten)"), path);
      return NULL;
    }
  if ((key = kp_key_generate (error)) == NULL || (sealed = kp_key_seal (key, passphrase, error)) == NULL)
    return NULL;
  pem = kp_key_public_pem (key);
  if ((print = kp_public_key_fingerprint (pem, error)) == NULL)
    return NULL;

  part = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
  copy = kp_store_create (part, p->definition, strlen (p->definition), package_name, operator, error);
  if (copy == NULL)
    return NULL;
  text = g_strndup (package, length);
  _kp_json_string_member (content, "package", text);
  _kp_json_string_member (content, "public_key", pem);
  _kp_json_string_member (content, "sealed_key", sealed);
  _kp_json_string_member (content, "fingerprint", print);
  g_string_append_c (content, '}');
  if (!_kp_store_begin (copy, error))
    goto fail;
  for (guint i = 0; ok && i < p->rounds->len; i++)
    {
      const KpJournalEntry *e = p->rounds->pdata[i];
      ok = _kp_store_record (copy, operator, e->action, e->content, error);
    }
  ok = ok && _kp_store_record (copy, operator, "station-open", content->str, error);
  if (!_kp_store_finish (copy, ok, error))
    goto fail;
  g_clear_pointer (&copy, kp_store_close);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   _ ("%s already exists; choose another name (a congress file is never overwritten)"), path);
      goto fail;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, _ ("%s: cannot create the station file: %s"), path,
                   g_strerror (saved));
      goto fail;
    }
  return kp_store_open (path, error);

fail:
  g_clear_pointer (&copy, kp_store_close);
  _kp_store_remove_files (part);
  return NULL;
}

/**
 * kp_store_get_station:
 *
 * Returns: (transfer full) (nullable): the station a station file is, with
 * its key's fingerprint and its batches; %NULL without @error for any
 * other file.
 */
KpStation *
kp_store_get_station (KpStore *store,
                      GError **error)
{
  g_auto(Share) s = { 0 };
  g_autoptr(KpStation) station = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!read_share (store, &s))
    return NULL;
  station = g_new0 (KpStation, 1);
  station->id = g_strdup (s.id);
  station->name = g_strdup (s.name);
  station->election = g_strdup (s.election);
  station->round = s.round;
  station->pass = s.pass;
  station->serial_from = s.from;
  station->serial_to = s.to;
  station->congress = g_strdup (s.congress);
  station->congress_fingerprint = g_strdup (s.congress_fingerprint);
  station->rehearsal = s.rehearsal;
  station->fingerprint = _kp_store_meta_value (store, "station_fingerprint");
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT (SELECT count(*) FROM station_batches),"
                         " (SELECT made_at FROM station_batches ORDER BY number DESC LIMIT 1),"
                         " (SELECT count(*) FROM ballots WHERE voided_seq IS NULL),"
                         " (SELECT count(*) FROM journal WHERE action IN ('enter', 'void') AND seq > coalesce("
                         "   (SELECT max(last_seq) FROM station_batches), ?1))", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, s.open_seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      station->batches = sqlite3_column_int64 (stmt, 0);
      station->last_made_at = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NULL : g_strdup (_kp_db_text (stmt, 1));
      station->ballots = sqlite3_column_int64 (stmt, 2);
      station->not_in_batch = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the station"), error);
      return NULL;
    }
  return g_steal_pointer (&station);
}

/* --- batches ---------------------------------------------------------------------- */

/* The station's journal entries @first … @last. */
static gboolean
read_segment (KpStore *store,
              gint64   first,
              gint64   last,
              KpBatch *b,
              GError **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT seq, at, operator, action, content, prev, hash FROM journal"
                                       " WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpJournalEntry *e = kp_journal_entry_new ();
      e->seq = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (_kp_db_text (stmt, 1));
      e->operator = g_strdup (_kp_db_text (stmt, 2));
      e->action = g_strdup (_kp_db_text (stmt, 3));
      e->content = g_strdup (_kp_db_text (stmt, 4));
      e->prev = g_strdup (_kp_db_text (stmt, 5));
      e->hash = g_strdup (_kp_db_text (stmt, 6));
      g_ptr_array_add (b->journal, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the journal"), error);
  return TRUE;
}

static KpBatch *
batch_skeleton (const Share *s,
                guint        number,
                const char  *prev_batch,
                const char  *made_at)
{
  KpBatch *b = kp_batch_new ();

  b->congress = g_strdup (s->congress);
  b->rehearsal = s->rehearsal;
  b->definition_sha256 = g_strdup (s->definition_sha256);
  b->list_sha256 = g_strdup (s->list_sha256);
  b->station = g_strdup (s->id);
  b->election = g_strdup (s->election);
  b->round = s->round;
  b->pass = s->pass;
  b->number = number;
  b->prev_batch = g_strdup (prev_batch);
  b->made_at = g_strdup (made_at);
  return b;
}

/* Batch @number's bytes again, from the journal: the same as when it was
 * made, or an error. */
static char *
batch_text (KpStore     *store,
            const Share *s,
            KpKey       *key,
            guint        number,
            GError     **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT first_seq, last_seq, made_at, prev_batch, sha256 FROM station_batches"
                                       " WHERE number = ?1", error);
  g_autoptr(KpBatch) b = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *text = NULL;
  gint64 first = 0, last = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      first = sqlite3_column_int64 (stmt, 0);
      last = sqlite3_column_int64 (stmt, 1);
      b = batch_skeleton (s, number, _kp_db_text (stmt, 3), _kp_db_text (stmt, 2));
      recorded = g_strdup (_kp_db_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (b == NULL)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("station %s has made no batch %u yet"), s->id, number);
      return NULL;
    }
  if (!read_segment (store, first, last, b, error) || (text = kp_batch_seal (b, key, error)) == NULL)
    return NULL;
  if (!g_str_equal (b->sha256, recorded))
    {
      _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                         _ ("%s: batch %u can no longer be written as it was made: the station file was changed "
                            "outside KiemPhieu (verify it)"), store->path, number);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* Makes the next batch from the entries since the last one, journalled
 * (`batch`); FALSE with no error when there is nothing new. */
static gboolean
make_batch (KpStore     *store,
            const Share *s,
            KpKey       *key,
            const char  *operator,
            GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(KpBatch) b = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *text = NULL;
  g_autofree char *prev = g_strdup (KP_JOURNAL_GENESIS);
  g_autofree char *made_at = kp_journal_now ();
  gint64 number = 0, first = s->open_seq + 1;
  guint entered = 0, voided = 0;
  const KpJournalEntry *last;
  gboolean ok;

  if (!_kp_store_begin (store, error))
    return FALSE;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT number, sha256, last_seq FROM station_batches ORDER BY number DESC LIMIT 1", error);
  if (stmt == NULL)
    return _kp_store_finish (store, FALSE, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      number = sqlite3_column_int64 (stmt, 0);
      g_free (prev);
      prev = g_strdup (_kp_db_text (stmt, 1));
      first = sqlite3_column_int64 (stmt, 2) + 1;
    }
  sqlite3_reset (stmt);
  b = batch_skeleton (s, number + 1, prev, made_at);
  if (!read_segment (store, first, G_MAXINT64, b, error))
    return _kp_store_finish (store, FALSE, error);
  for (guint i = 0; i < b->journal->len; i++)
    {
      const char *action = ((KpJournalEntry *) b->journal->pdata[i])->action;
      entered += g_str_equal (action, "enter");
      voided += g_str_equal (action, "void");
    }
  if (entered + voided == 0)
    {
      _kp_store_finish (store, FALSE, NULL);
      return FALSE;
    }
  if ((text = kp_batch_seal (b, key, error)) == NULL)
    return _kp_store_finish (store, FALSE, error);
  last = b->journal->pdata[b->journal->len - 1];
  _kp_json_string_member (content, "station", s->id);
  _kp_json_int_member (content, "number", b->number);
  _kp_json_int_member (content, "first_seq", first);
  _kp_json_int_member (content, "last_seq", last->seq);
  _kp_json_string_member (content, "last_hash", last->hash);
  _kp_json_int_member (content, "entered", entered);
  _kp_json_int_member (content, "voided", voided);
  _kp_json_string_member (content, "made_at", made_at);
  _kp_json_string_member (content, "prev_batch", prev);
  _kp_json_string_member (content, "sha256", b->sha256);
  g_string_append_c (content, '}');
  ok = _kp_store_record (store, operator, "batch", content->str, error);
  return _kp_store_finish (store, ok, error);
}

static gboolean
write_batch (KpStore     *store,
             const Share *s,
             KpKey       *key,
             const char  *dir,
             guint        number,
             GPtrArray   *written,
             GError     **error)
{
  g_autofree char *text = batch_text (store, s, key, number, error);
  g_autofree char *name = kp_batch_file_name (s->id, number);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  if (text == NULL)
    return FALSE;
  if (!kp_durable_write (path, text, strlen (text), &local_error))
    return _kp_store_invalid (error, KP_STORE_ERROR_IO, "%s", local_error->message);
  /* Remembered outside the journal: this batch reached a stick whole. */
  stmt = _kp_db_prepare (&store->db, store->path,
                         "INSERT OR REPLACE INTO station_exports (number, path, at) VALUES (?1, ?2, ?3)", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, number);
      sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  g_ptr_array_add (written, g_steal_pointer (&path));
  return TRUE;
}

/**
 * kp_store_write_batches:
 * @dir: the folder to write into (the USB stick)
 * @number: 0 for the usual: a new batch of what was entered since the
 *   last one (if anything was), and every batch made that never reached a
 *   stick whole (after a crash); or the number of a batch to write again
 * @passphrase: the station operator's, which unseals the station key
 * @written: (out) (optional) (transfer full) (element-type filename): the
 *   files written, each whole and synced; empty when there was nothing new
 *
 * Returns: %TRUE when every file is on the stick and the stick synced.
 */
gboolean
kp_store_write_batches (KpStore    *store,
                        const char *dir,
                        guint       number,
                        const char *passphrase,
                        const char *operator,
                        GPtrArray **written,
                        GError    **error)
{
  g_auto(Share) s = { 0 };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *sealed = _kp_store_meta_value (store, "station_sealed_key");
  g_autoptr(KpKey) key = NULL;
  sqlite3_stmt *stmt;

  if (!_kp_store_check_operator (operator, error))
    return FALSE;
  if (!read_share (store, &s) || sealed == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is not a station file: batches are written on a station laptop, from the file "
                                 "its package made (kiemphieu-cli station-open)"), store->path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return _kp_store_invalid (error, KP_STORE_ERROR_IO, _ ("%s: no such folder (is the USB stick mounted?)"), dir);
  if ((key = kp_key_unseal (sealed, passphrase ? passphrase : "", &local_error)) == NULL)
    {
      if (g_error_matches (local_error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE))
        {
          g_usleep (2 * G_USEC_PER_SEC);
          return _kp_store_invalid (error, KP_STORE_ERROR_PASSPHRASE,
                                    _ ("wrong passphrase: the station's batches are signed with the station "
                                       "operator's passphrase, given when the package was opened"));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (number > 0)
    g_array_append_val (pending, number);
  else
    {
      if (!make_batch (store, &s, key, operator, &local_error) && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Every batch made that never reached a stick whole. */
      stmt = _kp_db_prepare (&store->db, store->path,
                             "SELECT number FROM station_batches WHERE number NOT IN (SELECT number FROM station_exports)"
                             " ORDER BY number", error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          guint n = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (pending, n);
        }
      sqlite3_reset (stmt);
    }
  for (guint i = 0; i < pending->len; i++)
    if (!write_batch (store, &s, key, dir, g_array_index (pending, guint, i), files, error))
      return FALSE;
  if (written)
    *written = g_steal_pointer (&files);
  return TRUE;
}
