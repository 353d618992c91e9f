/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-stations-setup.c — stations, the head's side: making a station
 * package for a laptop (`station`, head-signed), taking over the packages
 * of a replaced head's machine (`station` with `adopted`), and enrolling a
 * station's key by the fingerprint the head reads on the station's own
 * screen (`enroll`, head-signed). Their applies are in kp-store-stations.c.
 */

#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-definition.h"
#include "kp-durable.h"
#include "kp-store-private.h"
#include "kp-store-stations.h"

static gboolean
check_name (const char *name,
            GError    **error)
{
  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > KP_MAX_NAME_CHARS)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("give the station a name people use (\"Tổ 1\"), at most %u characters"),
                              KP_MAX_NAME_CHARS);
  for (const char *p = name; *p; p++)
    if ((unsigned char) *p < 0x20)
      return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the station's name holds a control character"));
  return TRUE;
}

static gboolean
check_id (const char *id,
          GError    **error)
{
  if (!kp_station_id_is_valid (id))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("“%s” cannot be a station id: use at most %d letters a–z, digits, - or _ (\"to-1\")"),
                              id ? id : "", KP_STATION_ID_MAX);
  return TRUE;
}

/* Stations of the same pass whose serials meet @from–@to: a warning. */
static char *
overlap_warning (KpStore    *store,
                 const char *election,
                 guint       round,
                 char        pass,
                 guint       from,
                 guint       to)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT id FROM stations WHERE election = ?1 AND round = ?2 AND pass = ?3"
                                       " AND (serial_to IS NULL OR ?5 = 0 OR (serial_from <= ?5 AND serial_to >= ?4))"
                                       " ORDER BY seq", NULL);
  g_autoptr(GString) ids = g_string_new (NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  sqlite3_bind_text (stmt, 3, (char[]) { pass, '\0' }, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, from);
  sqlite3_bind_int64 (stmt, 5, to);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ids, "%s%s", ids->len ? ", " : "", _kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  if (ids->len == 0)
    return NULL;
  return g_strdup_printf (_ ("station(s) %s already enter some of these serials of pass %c: a serial that two "
                             "stations enter is a disagreement the head settles"), ids->str, pass);
}

/* Which congress file a package and its batches belong to: the hash of
 * the journal's first entry — or, in a rehearsal, of its first
 * `rehearsal` entry. A rehearsal copy starts with the real file's
 * `create` entry, so without this its stations' batches would pass for
 * the real file's (rehearsal ballots must never reach the real count). */
static char *
congress_identity (KpStore *store,
                   GError **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       kp_store_is_rehearsal (store)
                                       ? "SELECT hash FROM journal WHERE action = 'rehearsal' ORDER BY seq LIMIT 1"
                                       : "SELECT hash FROM journal WHERE seq = 1", error);
  char *hash = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup (_kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  if (hash == NULL)
    _kp_store_invalid (error, KP_STORE_ERROR_CORRUPT, _ ("%s: the journal is empty"), store->path);
  return hash;
}

/* The head's entries that made the election's rounds up to @round. */
static gboolean
round_entries (KpStore          *store,
               KpStationPackage *p,
               GError          **error)
{
  g_autoptr(GPtrArray) journal = kp_store_get_journal (store, error);

  if (journal == NULL)
    return FALSE;
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = journal->pdata[i];
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *c;
      KpJournalEntry *copy;

      if (!g_str_equal (e->action, "next-round") && !g_str_equal (e->action, "edit-round"))
        continue;
      c = _kp_json_parse_object (e->content, &parser);
      if (c == NULL || !g_str_equal (_kp_content_string (c, "election"), p->election)
          || _kp_content_int (c, "round") > (gint64) p->round)
        continue;
      copy = kp_journal_entry_new ();
      copy->action = g_strdup (e->action);
      copy->content = g_strdup (e->content);
      g_ptr_array_add (p->rounds, copy);
    }
  return TRUE;
}

static void
station_content (GString          *content,
                 const char       *id,
                 const char       *name,
                 const char       *election,
                 guint             round,
                 char              pass,
                 guint             from,
                 guint             to,
                 const char       *congress,
                 const char       *package_sha256,
                 gboolean          adopted,
                 gboolean          rehearsal)
{
  _kp_json_string_member (content, "station", id);
  _kp_json_string_member (content, "name", name);
  _kp_json_string_member (content, "election", election);
  _kp_json_int_member (content, "round", round);
  _kp_json_string_member (content, "pass", (char[]) { pass, '\0' });
  _kp_json_key (content, "serial_from");
  if (to > 0)
    g_string_append_printf (content, "%u", from);
  else
    g_string_append (content, "null");
  _kp_json_key (content, "serial_to");
  if (to > 0)
    g_string_append_printf (content, "%u", to);
  else
    g_string_append (content, "null");
  _kp_json_string_member (content, "congress", congress);
  _kp_json_string_member (content, "package_sha256", package_sha256);
  _kp_json_key (content, "adopted");
  g_string_append (content, adopted ? "true" : "false");
  if (rehearsal)
    {
      _kp_json_key (content, "rehearsal");
      g_string_append (content, "true");
    }
}

/**
 * kp_store_make_station_package:
 * @plan: the station: its id, name, election round, pass and serials
 * @path: the package file to write (`*.kiemphieu-station`); it must not exist
 * @passphrase: the head's: the package is signed with the congress key
 * @warning: (out) (optional) (transfer full) (nullable): set when other
 *   stations already enter some of these serials of the pass
 *
 * Writes the station package (docs/formats.md) and journals the station
 * (`station`, head-signed). Needs the congress key, an open round, and an
 * entry mode that uses the pass.
 */
gboolean
kp_store_make_station_package (KpStore             *store,
                               const KpStationPlan *plan,
                               const char          *path,
                               const char          *passphrase,
                               const char          *operator,
                               char               **warning,
                               GError             **error)
{
  g_autoptr(KpStationPackage) p = kp_station_package_new ();
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpKey) head = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *definition = _kp_store_meta_value (store, "definition");
  g_autofree char *text = NULL;
  g_auto(KpStationRow) existing = { 0 };
  gboolean found;

  if (!_kp_store_check_operator (operator, error) || !_kp_store_refuse_on_station (store, error)
      || !check_id (plan->id, error) || !check_name (plan->name, error))
    return FALSE;
  if (plan->pass < 'A' || plan->pass > 'C')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("pass must be A, B or C"));
  if ((plan->serial_from == 0) != (plan->serial_to == 0) || plan->serial_from > plan->serial_to)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("serials %u–%u: give the first and the last serial, the first not above the last"),
                              plan->serial_from, plan->serial_to);
  if (!_kp_store_read_station (&store->db, store->path, plan->id, &existing, &found, error))
    return FALSE;
  if (found)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("there is already a station %s (%s); a new laptop is a new station: choose another id"),
                              plan->id, existing.name);
  if ((info = kp_store_get_round_info (store, plan->election, plan->round, error)) == NULL
      || !_kp_store_check_open (store, plan->election, info->round, error))
    return FALSE;
  if (plan->pass - 'A' >= (int) info->mode)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is in %s mode: pass %c is not used; choose double or triple entry first "
                                 "(kiemphieu-cli mode)"), plan->election, kp_entry_mode_words (info->mode),
                              plan->pass);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return _kp_store_invalid (error, KP_STORE_ERROR_EXISTS, _ ("%s already exists; choose another name (a file is "
                              "never overwritten)"), path);
  if ((head = _kp_store_unlock_head (store, passphrase, "station", N_ ("making a station package"), operator, error)) == NULL)
    return FALSE;

  if ((p->congress = congress_identity (store, error)) == NULL
      || (p->list_sha256 = _kp_store_round_list_sha256 (&store->db, store->path, plan->election, info->round, NULL, NULL,
                                              error)) == NULL)
    return FALSE;
  /* Made in a rehearsal: marked, so that the real file never takes it
   * (kp_store_adopt_station_package) nor its batches. */
  p->rehearsal = kp_store_is_rehearsal (store);
  p->definition = g_strdup (definition);
  p->station = g_strdup (plan->id);
  p->name = g_strdup (plan->name);
  p->election = g_strdup (plan->election);
  p->round = info->round;
  p->pass = plan->pass;
  p->serial_from = plan->serial_from;
  p->serial_to = plan->serial_to;
  p->made_at = kp_journal_now ();
  if (!round_entries (store, p, error) || (text = kp_station_package_seal (p, head, error)) == NULL)
    return FALSE;
  if (warning)
    *warning = overlap_warning (store, plan->election, info->round, plan->pass, plan->serial_from, plan->serial_to);

  /* The file first: if the journal then fails, the package can still be
   * taken over with station-adopt; then the station, head-signed. */
  {
    g_autoptr(GError) local_error = NULL;
    if (!kp_durable_write (path, text, strlen (text), &local_error))
      return _kp_store_invalid (error, KP_STORE_ERROR_IO, "%s", local_error->message);
  }
  station_content (content, p->station, p->name, p->election, p->round, p->pass, p->serial_from, p->serial_to,
                   p->congress, p->sha256, FALSE, p->rehearsal);
  if (!_kp_store_head_action (store, operator, "station", content, head, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

/**
 * kp_store_adopt_station_package:
 * @key_sheet_fingerprint: (nullable): the fingerprint on the key sheet of
 *   the head file that made the package
 * @already: (out) (optional): set when the station is there with this
 *   package already
 *
 * Takes over a station package made by another head file of the same
 * definition (a head's machine that was replaced): journals `station` with
 * `adopted`, head-signed, so that the station can be enrolled and its
 * batches imported here.
 */
gboolean
kp_store_adopt_station_package (KpStore    *store,
                                const char *data,
                                gsize       length,
                                const char *name,
                                const char *key_sheet_fingerprint,
                                const char *passphrase,
                                const char *operator,
                                gboolean   *already,
                                GError    **error)
{
  g_autoptr(KpStationPackage) p = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KpKey) head = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *definition = NULL;
  g_autofree char *list = NULL;
  g_auto(KpStationRow) existing = { 0 };
  gboolean found;

  if (already)
    *already = FALSE;
  if (!_kp_store_check_operator (operator, error) || !_kp_store_refuse_on_station (store, error))
    return FALSE;
  if ((p = kp_station_package_parse (data, length, name, &local_error)) == NULL)
    {
      _kp_store_take_batch_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Rehearsal ballots never reach the real count: a package made in a
   * rehearsal is never taken over by a real file, nor a real one by a
   * rehearsal (a package without the mark is a real one). */
  if (p->rehearsal && !kp_store_is_rehearsal (store))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: this package was made in a rehearsal copy (THỬ NGHIỆM): its station's ballots "
                                 "are test ballots and never enter the real count, so %s does not take it over"), name,
                              store->path);
  if (!p->rehearsal && kp_store_is_rehearsal (store))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: this package is one of the real count, and %s is a rehearsal (THỬ NGHIỆM): a "
                                 "rehearsal takes over only packages made in a rehearsal"), name, store->path);
  if (key_sheet_fingerprint != NULL && !kp_fingerprint_is_wellformed (key_sheet_fingerprint))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("“%s” is not a fingerprint: the key sheet shows 64 hexadecimal digits in groups "
                                 "of four; check what was typed"), key_sheet_fingerprint);
  if (key_sheet_fingerprint != NULL && !kp_fingerprint_equal (key_sheet_fingerprint, p->fingerprint))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("%s was NOT signed by the congress key on the key sheet: it did not come from that "
                                 "head's machine"), name);
  definition = _kp_store_definition_sha256 (&store->db, store->path);
  if (g_strcmp0 (definition, p->definition_sha256) != 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s was made for another definition of the congress than this file's"), name);
  if ((list = _kp_store_round_list_sha256 (&store->db, store->path, p->election, p->round, NULL, NULL, error)) == NULL)
    return FALSE;
  if (!g_str_equal (list, p->list_sha256))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s: the list of %s round %u here is not the one the package was made for"), name,
                              p->election, p->round);
  if (!_kp_store_read_station (&store->db, store->path, p->station, &existing, &found, error))
    return FALSE;
  if (found && g_str_equal (existing.package, p->sha256))
    {
      if (already)
        *already = TRUE;
      return TRUE;
    }
  if (found)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("there is already a station %s here, made from another package"), p->station);
  if ((head = _kp_store_unlock_head (store, passphrase, "station", N_ ("taking over a station package"), operator, error)) == NULL)
    return FALSE;
  station_content (content, p->station, p->name, p->election, p->round, p->pass, p->serial_from, p->serial_to,
                   p->congress, p->sha256, TRUE, p->rehearsal);
  return _kp_store_head_action (store, operator, "station", content, head, error);
}

/**
 * kp_store_enroll_station:
 * @fingerprint: the station key's fingerprint as the head read it on the
 *   station's own screen (any case; spaces, colons or dashes allowed)
 * @passphrase: the head's
 * @already: (out) (optional): set when the station was enrolled with this
 *   fingerprint already (nothing changes)
 *
 * Enrolls a station's key: from now on its batches are imported when they
 * are signed by that key. A station is enrolled once: another key is
 * refused (a replaced laptop is a new station).
 */
gboolean
kp_store_enroll_station (KpStore    *store,
                         const char *station,
                         const char *fingerprint,
                         const char *passphrase,
                         const char *operator,
                         gboolean   *already,
                         GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(KpKey) head = NULL;
  g_auto(KpStationRow) r = { 0 };
  gboolean found;

  if (already)
    *already = FALSE;
  if (!_kp_store_check_operator (operator, error) || !_kp_store_refuse_on_station (store, error))
    return FALSE;
  if (!kp_fingerprint_is_wellformed (fingerprint))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("“%s” is not a fingerprint: the station shows 64 hexadecimal digits in groups of "
                                 "four; check what was typed"), fingerprint ? fingerprint : "");
  for (const char *c = fingerprint; *c; c++)
    if (g_ascii_isxdigit (*c))
      g_string_append_c (digits, g_ascii_tolower (*c));
  if (!_kp_store_read_station (&store->db, store->path, station, &r, &found, error))
    return FALSE;
  if (!found)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("there is no station %s: make its package first (kiemphieu-cli station-package)"),
                              station);
  if (r.rehearsal && !kp_store_is_rehearsal (store))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("station %s was made in a rehearsal (THỬ NGHIỆM): its ballots are test ballots and "
                                 "never enter the real count; it is not enrolled in %s"), station, store->path);
  if (r.fingerprint != NULL && g_str_equal (r.fingerprint, digits->str))
    {
      if (already)
        *already = TRUE;
      return TRUE;
    }
  if (r.fingerprint != NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("station %s is enrolled with another key already; a laptop that replaces it is a new "
                                 "station with its own package"), station);
  if ((head = _kp_store_unlock_head (store, passphrase, "enroll", N_ ("enrolling a station"), operator, error)) == NULL)
    return FALSE;
  _kp_json_string_member (content, "station", station);
  _kp_json_string_member (content, "fingerprint", digits->str);
  return _kp_store_head_action (store, operator, "enroll", content, head, error);
}

