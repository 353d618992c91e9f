/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-verify.c — verification: the journal's chain, a replay of every entry
 * into memory compared with every table, every stored ballot read, every
 * signed result recomputed.
 */

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "kp-names.h"
#include "kp-store-private.h"

static const char *const derived_tables[] = { "meta", "elections", "ballots", "resolutions", "confirmations",
                                              "alternate_orders", "auth_failures", "stations", "station_batches",
                                              "station_duplicates", "scans" };

static void report_line (GString    *report,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* One line of the report (shown to the auditor by `verify` and in the
 * journal view): @format is translated by the caller; the newline is not
 * part of the message. */
static void
report_line (GString    *report,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (report, format, args);
  va_end (args);
  g_string_append_c (report, '\n');
}

static GPtrArray *
read_journal (KpDb       *db,
              const char *path,
              const char *sql,
              GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db->db, rc, path, N_ ("reading the journal"), error);
      return NULL;
    }
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
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (db->db, rc, path, N_ ("reading the journal"), error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * kp_store_get_journal:
 *
 * Returns: (transfer full) (element-type KpJournalEntry): every entry, in
 * order.
 */
GPtrArray *
kp_store_get_journal (KpStore *store,
                      GError **error)
{
  return read_journal (&store->db, store->path,
                       "SELECT seq, at, operator, action, content, prev, hash FROM journal ORDER BY seq",
                       error);
}

static gboolean
compare_table (sqlite3    *db,
               const char *table,
               GString    *report)
{
  gboolean same = TRUE;

  for (guint direction = 0; direction < 2; direction++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT * FROM %s.%s EXCEPT SELECT * FROM %s.%s)",
                                              direction ? "main" : "f", table,
                                              direction ? "f" : "main", table);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(GString) example_text = g_string_new (NULL);
      gint64 n = -1;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      if (n > 0)
        {
          g_autofree char *example_sql = g_strdup_printf ("SELECT * FROM %s.%s EXCEPT SELECT * FROM %s.%s LIMIT 1",
                                                          direction ? "main" : "f", table,
                                                          direction ? "f" : "main", table);
          g_autoptr(sqlite3_stmt) example = NULL;

          if (sqlite3_prepare_v2 (db, example_sql, -1, &example, NULL) == SQLITE_OK
              && sqlite3_step (example) == SQLITE_ROW)
            {
              GString *row = g_string_new (NULL);
              for (int col = 0; col < sqlite3_column_count (example); col++)
                {
                  const char *value = (const char *) sqlite3_column_text (example, col);
                  g_autofree char *shown = kp_text_shorten (value, 60);
                  g_string_append_printf (row, "%s%s=%s", col ? ", " : "", sqlite3_column_name (example, col), shown);
                }
              g_string_append_printf (example_text, "  %s: %s\n", direction ? _ ("journal says") : _ ("file has"),
                                      row->str);
              g_string_free (row, TRUE);
            }
        }
      if (n != 0)
        {
          same = FALSE;
          if (n < 0)
            report_line (report, _ ("table %s: cannot be compared (%s)"), table, sqlite3_errmsg (db));
          else if (direction == 0)
            report_line (report, _ ("table %s: %" PRId64 " rows in the file that the journal does not explain "
                                    "(added or changed outside KiemPhieu)"), table, n);
          else
            report_line (report, _ ("table %s: %" PRId64 " rows that the journal records are missing or changed "
                                    "in the file"), table, n);
          g_string_append (report, example_text->str);
        }
    }
  return same;
}

/* Every confirmation: the stored result is what the ballots give now, its
 * digest is right, and the signature verifies with the congress key. */
/* Results confirmed before the result JSON carried namesakes' dates of
 * birth (R-LIST-2, "born") were signed without them: the same ballots give
 * that earlier form. */
static gboolean
same_result_without_born (KpResult   *result,
                          const char *signed_json)
{
  g_autofree char *json = NULL;

  if (strstr (signed_json, "\"born\":") != NULL)
    return FALSE;
  for (guint i = 0; i < result->candidates->len; i++)
    g_clear_pointer (&((KpCandidateResult *) result->candidates->pdata[i])->born, g_free);
  json = kp_result_to_json (result);
  return g_str_equal (json, signed_json);
}

/* The journal head recorded with a confirmation (and printed on its
 * minutes) is the hash of the journal entry just before the confirmation's
 * own entry. */
static gboolean
journal_head_holds (KpStore            *store,
                    const KpRoundInfo  *r,
                    GString            *report)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT c.journal_head, (SELECT hash FROM journal WHERE seq = c.seq - 1)"
                                       " FROM confirmations AS c WHERE c.election = ?1 AND c.round = ?2", NULL);
  gboolean holds = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, r->round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    holds = sqlite3_column_type (stmt, 1) != SQLITE_NULL
            && g_str_equal (_kp_db_text (stmt, 0), _kp_db_text (stmt, 1));
  sqlite3_reset (stmt);
  if (!holds)
    report_line (report, _ ("%s round %u: the journal head recorded at its confirmation (and printed on its "
                            "minutes) is not the journal's entry before the confirmation"), r->id, r->round);
  return holds;
}

static gboolean
verify_confirmations (KpStore *store,
                      GString *report)
{
  g_autofree char *pem = kp_store_get_public_key (store);
  g_autofree char *print = kp_store_get_fingerprint (store);
  g_autoptr(GPtrArray) rounds = kp_store_list_rounds (store, NULL);
  guint checked = 0;
  gboolean ok = TRUE;

  if (rounds == NULL)
    return FALSE;
  if (pem != NULL)
    {
      g_autofree char *computed = kp_public_key_fingerprint (pem, NULL);
      if (g_strcmp0 (computed, print) != 0)
        {
          report_line (report, "%s", _ ("signing key: the stored fingerprint does not match the public key"));
          ok = FALSE;
        }
    }
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      g_autoptr(KpConfirmation) c = NULL;
      g_autoptr(KpResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *digest = NULL;

      if (r->state != KP_ELECTION_CONFIRMED)
        continue;
      c = kp_store_get_confirmation (store, r->id, r->round, NULL);
      result = kp_store_results (store, r->id, r->round, NULL, &error);
      if (result == NULL)
        {
          report_line (report, _ ("%s round %u: its result cannot be recomputed: %s"), r->id, r->round,
                       error->message);
          ok = FALSE;
          continue;
        }
      if (c == NULL || pem == NULL)
        {
          report_line (report, _ ("%s round %u: confirmed, but its signed result is missing"), r->id, r->round);
          ok = FALSE;
          continue;
        }
      json = kp_result_to_json (result);
      digest = kp_result_digest_json (c->result);
      if (!g_str_equal (json, c->result) && !same_result_without_born (result, c->result))
        {
          report_line (report, _ ("%s round %u: the ballots no longer give the signed result"), r->id, r->round);
          ok = FALSE;
        }
      if (!g_str_equal (digest, c->digest))
        {
          report_line (report, _ ("%s round %u: the stored digest is not the result's"), r->id, r->round);
          ok = FALSE;
        }
      if (!kp_signature_verify (pem, c->result, strlen (c->result), g_bytes_get_data (c->signature, NULL),
                                g_bytes_get_size (c->signature), &error))
        {
          report_line (report, _ ("%s round %u: signature: %s"), r->id, r->round, error->message);
          ok = FALSE;
        }
      if (!journal_head_holds (store, r, report))
        ok = FALSE;
      checked++;
    }
  if (ok)
    report_line (report, _ ("signatures: %u confirmed results, each what the ballots give and signed by key %s"),
                 checked, print ? print : _ ("(none)"));
  return ok;
}

/* The public key the congress had at this point of the replay. */
static char *
replay_public_key (KpDb       *replay,
                   const char *path)
{
  sqlite3_stmt *stmt = _kp_db_prepare (replay, path, "SELECT value FROM meta WHERE key = 'public_key'", NULL);
  char *pem = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pem = g_strdup (_kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  return pem;
}

/* Only the head decides a ruling, the order of alternates, and the entry
 * mode of an election that already holds ballots (counted in the replay
 * as it stands before @e). */
static gboolean
needs_head (KpDb                 *replay,
            const char           *path,
            const KpJournalEntry *e)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *c;
  sqlite3_stmt *stmt;
  gint64 any = 0;

  if (g_str_equal (e->action, "resolve") || g_str_equal (e->action, "alternates")
      || g_str_equal (e->action, "release") || g_str_equal (e->action, "unlocked")
      || g_str_equal (e->action, "station") || g_str_equal (e->action, "enroll"))
    return TRUE;
  if (!g_str_equal (e->action, "mode") || (c = _kp_json_parse_object (e->content, &parser)) == NULL)
    return FALSE;
  stmt = _kp_db_prepare (replay, path, "SELECT count(*) FROM ballots WHERE election = ?1", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    any = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return any > 0;
}

/* The format a "create" or "upgrade" entry names ("kiemphieu/congress@N"),
 * or 0. */
static gint64
congress_format (const char *content)
{
  const char *at = strstr (content, "\"kiemphieu/congress@");

  return at != NULL ? g_ascii_strtoll (at + strlen ("\"kiemphieu/congress@"), NULL, 10) : 0;
}

/* The file holds only what KiemPhieu makes: a trigger could change rows
 * behind the journal's back (or delete the record of wrong passphrases),
 * a view or another table could hide or stage data. The replay database,
 * built by the same migrations, is the reference. */
static gboolean
same_schema (sqlite3 *memory,
             gboolean archived,
             GString *report)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean same = TRUE;

  if (sqlite3_prepare_v2 (memory,
                          "SELECT type, name FROM f.sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
                          " AND NOT (?1 AND type = 'table' AND name = 'archive_images')"
                          " EXCEPT SELECT type, name FROM main.sqlite_schema", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_string_append_printf (report, _ ("the file's schema cannot be read (%s)\n"), sqlite3_errmsg (memory));
      return FALSE;
    }
  /* The list of the images an archive holds beside its congress file
   * (kp-store-images.c): only there, and only when the archive checked them. */
  sqlite3_bind_int (stmt, 1, archived);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *name = kp_text_shorten ((const char *) sqlite3_column_text (stmt, 1), 60);
      g_string_append_printf (report, _ ("the file holds a %s \"%s\" that KiemPhieu does not make: it was "
                                         "added outside KiemPhieu\n"), (const char *) sqlite3_column_text (stmt, 0),
                              name);
      same = FALSE;
    }
  return same;
}

/**
 * kp_store_verify:
 * @report: receives one line per finding, and a summary
 *
 * Recomputes the journal's hash chain, replays every entry into an empty
 * database and compares the result with the file's tables, so that a row
 * edited, added or removed with the sqlite3 shell is found.
 *
 * Returns: %TRUE when everything matches; %FALSE with @error set
 * (%KP_STORE_ERROR_TAMPERED, or the I/O error).
 */
gboolean
kp_store_verify (KpStore *store,
                 GString *report,
                 GError **error)
{
  g_autoptr(GPtrArray) entries = kp_store_get_journal (store, error);
  g_autofree char *attach = NULL;
  const char *prev = KP_JOURNAL_GENESIS;
  gboolean ok = TRUE;
  sqlite3 *memory = NULL;
  KpDb replay;
  guint replayed = 0;
  gboolean head_signed = FALSE;

  if (entries == NULL)
    return FALSE;

  /* 1. The chain. */
  for (guint i = 0; i < entries->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *hash = kp_journal_entry_compute_hash (e);

      if (e->seq != (gint64) i + 1)
        {
          report_line (report, _ ("entry %" PRId64 ": expected entry %u here — entries are missing"), e->seq, i + 1);
          ok = FALSE;
          break;
        }
      if (!g_str_equal (e->prev, prev))
        {
          report_line (report, _ ("entry %" PRId64 " (%s, %s): does not follow the entry before it — the journal "
                                  "was changed"), e->seq, e->action, e->at);
          ok = FALSE;
          break;
        }
      if (!g_str_equal (e->hash, hash))
        {
          report_line (report, _ ("entry %" PRId64 " (%s, %s): its hash does not match its content — the entry "
                                  "was changed after it was written"), e->seq, e->action, e->at);
          ok = FALSE;
          break;
        }
      prev = e->hash;
    }
  if (ok)
    report_line (report, _ ("journal: %u entries, chain intact, head %s"), entries->len, prev);

  /* 2. Replay into memory and compare with the file. */
  if (sqlite3_open_v2 (":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      _kp_store_sqlite_error (memory, SQLITE_NOMEM, store->path, N_ ("verifying"), error);
      sqlite3_close (memory);
      return FALSE;
    }
  _kp_db_init (&replay, memory);
  if (!_kp_db_exec (memory, store->path, _kp_store_migrations[1], N_ ("verifying"), error))
    {
      _kp_db_clear (&replay);
      return FALSE;
    }
  for (guint v = 2; v <= KP_STORE_SCHEMA_VERSION; v++)
    _kp_db_exec (memory, store->path, _kp_store_migrations[v], N_ ("verifying"), NULL);

  _kp_db_exec (memory, store->path, "BEGIN", N_ ("verifying"), NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GError) replay_error = NULL;
      g_autoptr(GError) head_error = NULL;

      /* From format 2 on (a new file, or an old one upgraded), what only
       * the head decides carries the head's signature. */
      if (g_str_equal (e->action, "create") || g_str_equal (e->action, "upgrade"))
        head_signed = congress_format (e->content) >= 2;
      if (head_signed && needs_head (&replay, store->path, e))
        {
          g_autofree char *pem = replay_public_key (&replay, store->path);
          if (!_kp_store_head_signature_holds (pem, e, &head_error))
            {
              report_line (report, _ ("entry %" PRId64 " (%s): %s"), e->seq, e->action, head_error->message);
              ok = FALSE;
            }
        }
      if (!_kp_store_apply (&replay, store->path, e, &replay_error))
        {
          report_line (report, _ ("entry %" PRId64 " (%s): cannot be replayed: %s"), e->seq, e->action,
                       replay_error->message);
          ok = FALSE;
          break;
        }
      replayed++;
    }
  _kp_db_exec (memory, store->path, "COMMIT", N_ ("verifying"), NULL);

  /* The file read-only, as the store reads it: immutable on a read-only
   * medium (no -wal or -shm made beside it), or the copy in memory of a
   * format-1 file opened read-only (kp_store_open_full). */
  attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS f", store->uri);
  if (!_kp_db_exec (memory, store->path, attach, N_ ("verifying"), error))
    {
      sqlite3_free (attach);
      attach = NULL;
      _kp_db_clear (&replay);
      return FALSE;
    }
  sqlite3_free (g_steal_pointer (&attach));

  for (guint t = 0; t < G_N_ELEMENTS (derived_tables); t++)
    {
      if (!compare_table (memory, derived_tables[t], report))
        ok = FALSE;
    }
  if (!same_schema (memory, store->images_held != NULL, report))
    ok = FALSE;
  _kp_db_clear (&replay);

  if (ok)
    report_line (report, _ ("tables: the %u journal entries rebuild every ballot, ruling and round exactly; "
                            "results recomputed from the journal are the file's"), replayed);

  /* 3. Every ballot and ruling that counts reads exactly (ballot_from_row). */
  {
    g_autoptr(GPtrArray) rounds = kp_store_list_rounds (store, error);

    if (rounds == NULL)
      return FALSE;
    for (guint i = 0; i < rounds->len; i++)
      {
        const KpRoundInfo *r = g_ptr_array_index (rounds, i);
        g_autoptr(GError) read_error = NULL;
        g_autoptr(GPtrArray) disagreements = kp_store_reconcile (store, r->id, r->round, NULL, &read_error);

        if (disagreements == NULL)
          {
            g_string_append_printf (report, "%s\n", read_error->message);
            ok = FALSE;
          }
      }
  }
  if (!verify_confirmations (store, report))
    ok = FALSE;
  /* Every scanned image is the one its ballot's entry names. */
  if (!_kp_store_verify_images (store, report))
    ok = FALSE;
  {
    /* Not a change to the file: said, not failed. */
    g_autofree char *weakness = kp_store_key_weakness (store);
    if (weakness != NULL)
      report_line (report, "%s", weakness);
  }
  if (!ok)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("%s: verification FAILED: the congress file was changed outside KiemPhieu"),
                              store->path);
  return TRUE;
}

/**
 * kp_store_check_fingerprint:
 * @expected: the fingerprint printed on the key sheet that the committee
 *   signed when the key was made, as typed from the paper
 *
 * Anchors verification outside the file: a file rewritten consistently
 * and signed again with a new key passes kp_store_verify (), but its key is
 * not the one on the paper. Call after kp_store_verify (), which checks
 * that the stored fingerprint is the stored public key's.
 *
 * Returns: %TRUE when the congress signing key is @expected; else %FALSE
 * with %KP_STORE_ERROR_TAMPERED.
 */
gboolean
kp_store_check_fingerprint (KpStore     *store,
                            const char  *expected,
                            GError     **error)
{
  g_autofree char *print = kp_store_get_fingerprint (store);
  g_autofree char *shown = print ? kp_fingerprint_display (print) : NULL;

  if (!kp_fingerprint_is_wellformed (expected))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("“%s” is not a fingerprint: the key sheet shows 64 hexadecimal digits in groups "
                                 "of four; check what was typed"), expected);
  if (print == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("%s has no signing key, but the key sheet names one (%s)"), store->path, expected);
  if (!kp_fingerprint_equal (expected, print))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("%s: the signing key is NOT the one on the key sheet: the sheet says %s, the file's "
                              "key is %s — the file was signed again by someone else"), store->path, expected, shown);
  return TRUE;
}
