/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-images.c — scanned ballots in the congress file.
 *
 * A scanned ballot is entered like a typed one (an `enter` entry, the next
 * serial of its pass, saved at once); its entry carries a "scan" member:
 * the pages it was read from, each as the SHA-256 of the scanner's file and
 * the page in that file, the rows recognition left to a person, and whether
 * ink outside the rows makes the whole ballot doubtful (R-INVALID-4). The
 * files themselves are kept whole in the `images` table under their hash,
 * so they travel with the congress file (backups, the archive); verify
 * checks every one against the hash its entries name.
 *
 * Until a person decides (`adjudicate`, journalled with who and what), the
 * ballot holds what was read, doubtful rows kept (or no box marked), and
 * the round cannot be confirmed (R-RECON-1 check "scans-decided").
 */

#include <inttypes.h>
#include <string.h>

#include "kp-crypto.h"
#include "kp-scan.h"
#include "kp-store-private.h"

/* "<64 hex>:<page>" */
static gboolean
page_ref_is_valid (const char *ref)
{
  guint64 page;

  if (strlen (ref) < 66 || ref[64] != ':')
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (ref[i]) || g_ascii_isupper (ref[i]))
      return FALSE;
  return g_ascii_string_to_unsigned (ref + 65, 10, 0, 100000, &page, NULL);
}

/* Row numbers, ascending, one space between: "3 17". */
static gboolean
rows_are_canonical (const char *text,
                    guint       n_candidates)
{
  g_auto(GStrv) parts = NULL;
  guint64 previous = 0;

  if (*text == '\0')
    return TRUE;
  parts = g_strsplit (text, " ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 no;
      if (!g_ascii_string_to_unsigned (parts[i], 10, previous + 1, n_candidates ? n_candidates : G_MAXUINT, &no, NULL)
          || parts[i][0] == '0')
        return FALSE;
      previous = no;
    }
  return TRUE;
}

gboolean
_kp_store_apply_scan (KpDb                 *db,
                      const char           *path,
                      const KpJournalEntry *entry,
                      JsonObject           *c,
                      GError              **error)
{
  JsonNode *node = json_object_get_member (c, "scan");
  JsonObject *scan = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *pages_node = scan ? json_object_get_member (scan, "pages") : NULL;
  JsonArray *pages = pages_node && JSON_NODE_HOLDS_ARRAY (pages_node) ? json_node_get_array (pages_node) : NULL;
  const char *doubtful = scan ? json_object_get_string_member_with_default (scan, "doubtful", NULL) : NULL;
  JsonNode *unplaced = scan ? json_object_get_member (scan, "unplaced") : NULL;
  g_autoptr(GString) refs = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (pages == NULL || json_array_get_length (pages) == 0 || doubtful == NULL || !rows_are_canonical (doubtful, 0)
      || unplaced == NULL || json_node_get_value_type (unplaced) != G_TYPE_BOOLEAN)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("journal entry %" PRId64 ": a scanned ballot's pages cannot be read"), entry->seq);
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonNode *p = json_array_get_element (pages, i);
      const char *ref = JSON_NODE_HOLDS_VALUE (p) && json_node_get_value_type (p) == G_TYPE_STRING
                          ? json_node_get_string (p) : NULL;
      if (ref == NULL || !page_ref_is_valid (ref))
        return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                  _ ("journal entry %" PRId64 ": a scanned ballot's pages cannot be read"), entry->seq);
      g_string_append_printf (refs, "%s%s", i ? " " : "", ref);
    }

  stmt = _kp_db_prepare (db, path,
                         "INSERT INTO scans (election, round, pass, serial, seq, pages, doubtful, unplaced)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _kp_content_int (c, "serial"));
  sqlite3_bind_int64 (stmt, 5, entry->seq);
  sqlite3_bind_text (stmt, 6, refs->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, doubtful, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, json_node_get_boolean (unplaced));
  return _kp_db_step_done (db, path, stmt, N_ ("saving a scanned ballot"), error);
}

static gboolean
store_image (KpStore               *store,
             const KpScanPageRef   *page,
             GError               **error)
{
  g_autofree char *sha = NULL;
  sqlite3_stmt *stmt;

  if (page->bytes == NULL)
    {
      gint64 found = 0;
      stmt = _kp_db_prepare (&store->db, store->path, "SELECT count(*) FROM images WHERE sha256 = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, page->sha256, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (found == 0)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("image %s is not in the congress file"),
                                  page->sha256);
      return TRUE;
    }
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, page->bytes);
  if (!g_str_equal (sha, page->sha256))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s: the file changed while it was read"), page->name);
  stmt = _kp_db_prepare (&store->db, store->path,
                         "INSERT OR IGNORE INTO images (sha256, type, name, data) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, page->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, page->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 4, g_bytes_get_data (page->bytes, NULL), g_bytes_get_size (page->bytes), SQLITE_STATIC);
  return _kp_db_step_done (&store->db, store->path, stmt, N_ ("saving a scanned image"), error);
}

/**
 * kp_store_enter_scanned:
 * @pages: (array length=n_pages): the ballot's pages, in order; a page
 *   whose file is already stored may have %NULL bytes
 * @doubtful: the rows left to a person ("3 17"), or ""
 * @unplaced: ink outside the rows: the whole ballot is for a person
 *
 * Enters a ballot read from scanned images, the images with it, in one
 * durable transaction (like kp_store_enter ()).
 */
gboolean
kp_store_enter_scanned (KpStore             *store,
                        const char          *election_id,
                        guint                round,
                        char                 pass,
                        const char          *operator,
                        const KpBallot      *ballot,
                        const KpScanPageRef *pages,
                        guint                n_pages,
                        const char          *doubtful,
                        gboolean             unplaced,
                        GError             **error)
{
  g_autoptr(GString) scan = g_string_new ("{\"pages\":[");
  gboolean ok = TRUE;

  g_return_val_if_fail (n_pages > 0, FALSE);
  if (!rows_are_canonical (doubtful, ballot->n_candidates))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("doubtful rows \"%s\" are not row numbers"), doubtful);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *ref = g_strdup_printf ("%s:%u", pages[i].sha256, pages[i].page);
      if (!page_ref_is_valid (ref))
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s is not a SHA-256"), pages[i].sha256);
      if (i > 0)
        g_string_append_c (scan, ',');
      kp_json_append_string (scan, ref);
    }
  g_string_append (scan, "],");
  g_string_append (scan, "\"doubtful\":");
  kp_json_append_string (scan, doubtful);
  g_string_append_printf (scan, ",\"unplaced\":%s}", unplaced ? "true" : "false");

  /* A station's batch carries its ballots, not their images: scanned
   * ballots are entered, and decided, on the head's machine. */
  if (!kp_store_check_writable (store, error) || !_kp_store_station_allows (store, "scan", NULL, NULL, error))
    return FALSE;
  if (!_kp_store_check_operator (operator, error) || !_kp_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < n_pages && ok; i++)
    ok = store_image (store, &pages[i], error);
  ok = ok && _kp_store_enter_locked (store, election_id, round, pass, operator, ballot, scan->str, error);
  return _kp_store_finish (store, ok, error);
}

/**
 * kp_store_find_scanned:
 * @sha256: a scanner file's hash
 * @page: the page in it
 * @pass: (out): the pass of the ballot read from it
 *
 * Returns: the serial of the live ballot of the round already read from
 * this page, or 0.
 */
guint
kp_store_find_scanned (KpStore    *store,
                       const char *election_id,
                       guint       round,
                       const char *sha256,
                       guint       page,
                       char       *pass)
{
  g_autofree char *ref = g_strdup_printf ("%% %s:%u %%", sha256, page);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT s.pass, s.serial FROM scans AS s JOIN ballots AS b ON b.seq = s.seq"
                                       " WHERE s.election = ?1 AND s.round = ?2 AND b.voided_seq IS NULL"
                                       " AND ' ' || s.pages || ' ' LIKE ?3", NULL);
  guint serial = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  sqlite3_bind_text (stmt, 3, ref, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *pass = _kp_db_text (stmt, 0)[0];
      serial = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return serial;
}

void
kp_scan_pending_free (KpScanPending *p)
{
  if (p == NULL)
    return;
  g_clear_pointer (&p->rows, g_array_unref);
  g_strfreev (p->pages);
  g_clear_pointer (&p->ballot, kp_ballot_free);
  g_free (p);
}

static GPtrArray *
load_scans (KpStore          *store,
            const KpElection *election,
            gboolean          pending_only,
            guint             only_serial,
            char              only_pass,
            GError          **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_scan_pending_free);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT s.pass, s.serial, s.pages, s.doubtful, s.unplaced, b.struck, b.marks,"
                                       " b.invalid, s.decided_seq FROM scans AS s JOIN ballots AS b ON b.seq = s.seq"
                                       " WHERE s.election = ?1 AND s.round = ?2 AND b.voided_seq IS NULL"
                                       " AND (?3 = 0 OR s.decided_seq IS NULL) AND (s.doubtful <> '' OR s.unplaced = 1"
                                       " OR ?3 = 0) AND (?4 = 0 OR (s.serial = ?4 AND s.pass = ?5))"
                                       " ORDER BY s.pass, s.serial", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, election->round);
  sqlite3_bind_int (stmt, 3, pending_only);
  sqlite3_bind_int64 (stmt, 4, only_serial);
  sqlite3_bind_text (stmt, 5, (char[]) { only_pass, '\0' }, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KpScanPending) p = g_new0 (KpScanPending, 1);
      g_autofree char *where = g_strdup_printf (_ ("pass %c"), _kp_db_text (stmt, 0)[0]);
      g_auto(GStrv) rows = g_strsplit (_kp_db_text (stmt, 3), " ", -1);

      p->pass = _kp_db_text (stmt, 0)[0];
      p->serial = sqlite3_column_int64 (stmt, 1);
      p->pages = g_strsplit (_kp_db_text (stmt, 2), " ", -1);
      p->unplaced = sqlite3_column_int (stmt, 4);
      p->decided = sqlite3_column_type (stmt, 8) != SQLITE_NULL;
      p->rows = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; rows[i] && *rows[i]; i++)
        {
          guint64 no;
          /* Each a row of the list: the callers name the row by its index. */
          if (!g_ascii_string_to_unsigned (rows[i], 10, 1, election->candidates->len, &no, NULL))
            {
              _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                 _ ("%s: scanned ballot %u of pass %c of %s names doubtful rows \"%s\" that are not "
                                    "rows of its list: the file was changed outside KiemPhieu (kiemphieu-cli verify)"),
                                 store->path, p->serial, p->pass, election->id, _kp_db_text (stmt, 3));
              sqlite3_reset (stmt);
              return NULL;
            }
          g_array_append_val (p->rows, (guint) { no });
        }
      p->ballot = _kp_store_ballot_from_row (store->path, election, where, p->serial, _kp_db_text (stmt, 5),
                                             _kp_db_text (stmt, 6), _kp_db_text (stmt, 7), error);
      if (p->ballot == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (out, g_steal_pointer (&p));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading scanned ballots"), error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * kp_store_scans_pending:
 * @round: the round, or 0 for the latest
 *
 * Returns: (transfer full) (element-type KpScanPending): the scanned
 * ballots of the round still waiting for a person's decision, by pass
 * and serial; %NULL with @error set on failure.
 */
GPtrArray *
kp_store_scans_pending (KpStore    *store,
                        const char *election_id,
                        guint       round,
                        GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);

  if (election == NULL)
    return NULL;
  return load_scans (store, election, TRUE, 0, 0, error);
}

/**
 * kp_store_get_scan:
 *
 * Returns: (transfer full) (nullable): the scanned ballot @serial of
 * @pass (decided or not), or %NULL without error when that ballot was not
 * scanned.
 */
KpScanPending *
kp_store_get_scan (KpStore    *store,
                   const char *election_id,
                   guint       round,
                   char        pass,
                   guint       serial,
                   GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(GPtrArray) found = NULL;

  if (election == NULL || serial == 0)
    return NULL;
  found = load_scans (store, election, FALSE, serial, pass, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_ptr_array_steal_index (found, 0);
}

guint
_kp_store_scans_undecided (KpStore    *store,
                           const char *election_id,
                           guint       round,
                           GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT count(*), (SELECT count(*) FROM scans WHERE election = ?1 AND round = ?2)"
                                       " FROM scans AS s JOIN ballots AS b ON b.seq = s.seq"
                                       " WHERE s.election = ?1 AND s.round = ?2 AND b.voided_seq IS NULL"
                                       " AND s.decided_seq IS NULL AND (s.doubtful <> '' OR s.unplaced = 1)", error);
  guint n = 0;

  if (stmt == NULL)
    return G_MAXUINT;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 1) == 0 ? G_MAXUINT - 1 : (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The rows @before and @after differ in ("3 17" lists, or marks strings
 * of one character a row), as numbers in a set of strings. */
static GHashTable *
changed_rows (const char *struck_before,
              const char *struck_after,
              const char *marks_before,
              const char *marks_after)
{
  GHashTable *changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (*marks_before != '\0' || *marks_after != '\0')
    {
      size_t n = MAX (strlen (marks_before), strlen (marks_after));
      for (size_t i = 0; i < n; i++)
        if (i >= strlen (marks_before) || i >= strlen (marks_after) || marks_before[i] != marks_after[i])
          g_hash_table_add (changed, g_strdup_printf ("%zu", i + 1));
    }
  {
    g_auto(GStrv) a = g_strsplit (struck_before, " ", -1);
    g_auto(GStrv) b = g_strsplit (struck_after, " ", -1);
    for (guint i = 0; a[i]; i++)
      if (*a[i] && !g_strv_contains ((const char *const *) b, a[i]))
        g_hash_table_add (changed, g_strdup (a[i]));
    for (guint i = 0; b[i]; i++)
      if (*b[i] && !g_strv_contains ((const char *const *) a, b[i]))
        g_hash_table_add (changed, g_strdup (b[i]));
  }
  return changed;
}

/* Replayed as recorded: only a ballot waiting for a decision, and only
 * its doubtful rows, as kp_store_adjudicate () allows. An entry that
 * changes a row read with confidence was not written by KiemPhieu. */
static gboolean
adjudication_allowed (KpDb       *db,
                      const char *path,
                      gint64      seq,
                      JsonObject *c,
                      GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "SELECT s.doubtful, s.unplaced, b.struck, b.marks FROM scans AS s JOIN ballots"
                                       " AS b ON b.seq = s.seq WHERE s.election = ?1 AND s.round = ?2 AND s.pass = ?3"
                                       " AND s.serial = ?4 AND b.voided_seq IS NULL AND s.decided_seq IS NULL", error);
  g_auto(GStrv) doubtful = NULL;
  g_autoptr(GHashTable) changed = NULL;
  gboolean unplaced = FALSE, found = FALSE;
  GHashTableIter iter;
  gpointer row;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, _kp_content_int (c, "serial"));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      doubtful = g_strsplit (_kp_db_text (stmt, 0), " ", -1);
      unplaced = sqlite3_column_int (stmt, 1);
      changed = changed_rows (_kp_db_text (stmt, 2), _kp_content_string (c, "struck"), _kp_db_text (stmt, 3),
                              _kp_content_string (c, "marks"));
    }
  sqlite3_reset (stmt);
  /* Not found: the UPDATE below says the ballot is not waiting. */
  if (!found)
    return TRUE;
  if (*doubtful[0] == '\0' && !unplaced)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                              _ ("journal entry %" PRId64 ": ballot %" PRId64 " of pass %s of %s has nothing left to "
                                 "decide, yet a decision changes it"), seq, _kp_content_int (c, "serial"),
                              _kp_content_string (c, "pass"), _kp_content_string (c, "election"));
  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (!g_strv_contains ((const char *const *) doubtful, row))
      return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                                _ ("journal entry %" PRId64 ": a decision on ballot %" PRId64 " of pass %s of %s "
                                   "changes row %s, which was read with confidence"), seq,
                                _kp_content_int (c, "serial"), _kp_content_string (c, "pass"),
                                _kp_content_string (c, "election"), (const char *) row);
  return TRUE;
}

gboolean
_kp_store_apply_adjudicate (KpDb                 *db,
                            const char           *path,
                            const KpJournalEntry *entry,
                            JsonObject           *c,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  if (!adjudication_allowed (db, path, entry->seq, c, error))
    return FALSE;
  stmt = _kp_db_prepare (db, path,
                         "UPDATE scans SET decided_seq = ?1 WHERE election = ?2 AND round = ?3 AND pass = ?4"
                         " AND serial = ?5 AND decided_seq IS NULL AND seq = (SELECT seq FROM ballots WHERE"
                         " election = ?2 AND round = ?3 AND pass = ?4 AND serial = ?5 AND voided_seq IS NULL)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _kp_content_int (c, "serial"));
  if (!_kp_db_step_done (db, path, stmt, N_ ("recording a decision on a scanned ballot"), error))
    return FALSE;
  if (sqlite3_changes (db->db) != 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("ballot %" PRId64 " of pass %s of %s (round %" PRId64 ") is not a scanned ballot "
                                 "waiting for a decision"), _kp_content_int (c, "serial"),
                              _kp_content_string (c, "pass"), _kp_content_string (c, "election"),
                              _kp_content_int (c, "round"));

  stmt = _kp_db_prepare (db, path,
                         "UPDATE ballots SET struck = ?1, marks = ?2, invalid = ?3 WHERE election = ?4 AND round = ?5"
                         " AND pass = ?6 AND serial = ?7 AND voided_seq IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "struck"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "marks"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "invalid"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 6, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, _kp_content_int (c, "serial"));
  if (!_kp_db_step_done (db, path, stmt, N_ ("recording a decision on a scanned ballot"), error))
    return FALSE;
  /* A changed pass makes an earlier ruling on that serial stale. */
  return _kp_store_supersede_ruling (db, path, entry, c, error);
}

/**
 * kp_store_adjudicate:
 * @shown: (nullable) (array zero-terminated=1): the pages of the ballot
 *   the committee looked at (KpScanPending's), or %NULL
 * @decided: the ballot as the committee decides it: the rows recognition
 *   was sure of unchanged, each doubtful row decided, and a flag when the
 *   committee finds the ballot invalid (R-INVALID-4/5)
 * @reason: (nullable): what the committee said, for the journal
 *
 * R-INVALID-5: the counting committee rules on a doubtful scanned ballot;
 * the decision and who recorded it go into the journal.
 */
gboolean
kp_store_adjudicate (KpStore        *store,
                     const char     *election_id,
                     guint           round,
                     char            pass,
                     guint           serial,
                     const char *const *shown,
                     const KpBallot *decided,
                     const char     *reason,
                     const char     *operator,
                     GError        **error)
{
  g_autoptr(KpScanPending) scan = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *struck = NULL;
  g_autofree char *flag = NULL;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!_kp_store_check_open (store, election_id, round, error))
    return FALSE;
  scan = kp_store_get_scan (store, election_id, round, pass, serial, error);
  if (scan == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                _ ("ballot %u of pass %c of %s (round %u) was not scanned"), serial, pass, election_id,
                                round);
    }
  /* The decision is the one taken looking at these images: a serial voided
   * and scanned again meanwhile (elsewhere) is another ballot, with other
   * doubtful rows. */
  if (shown != NULL && !g_strv_equal (shown, (const char *const *) scan->pages))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("ballot %u of pass %c of %s was voided and entered again since it was shown: nothing "
                                 "was decided; look at the new ballot and decide again"), serial, pass, election_id);
  if (scan->decided || (scan->rows->len == 0 && !scan->unplaced))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("ballot %u of pass %c of %s (round %u) has nothing left to decide"), serial, pass,
                              election_id, round);
  if (decided->form != scan->ballot->form || decided->n_candidates != scan->ballot->n_candidates)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the ballot does not fit round %u of %s"), round,
                              election_id);
  /* Only the doubtful rows are the committee's to decide here; a row read
   * with confidence is corrected by voiding the ballot and entering it
   * again. */
  for (guint no = 1; no <= decided->n_candidates; no++)
    {
      gboolean doubtful = FALSE;
      for (guint i = 0; i < scan->rows->len && !doubtful; i++)
        doubtful = g_array_index (scan->rows, guint, i) == no;
      if (doubtful)
        continue;
      if (decided->form == KP_BALLOT_FORM_STRIKE ? kp_ballot_is_struck (decided, no) != kp_ballot_is_struck (scan->ballot, no)
                                                 : decided->marks[no - 1] != scan->ballot->marks[no - 1])
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                  _ ("row %u of ballot %u was read with confidence; only the doubtful rows are decided "
                                     "here (to correct another row, void the ballot and enter it again)"), no, serial);
    }

  struck = kp_ballot_struck_to_string (decided);
  flag = kp_ballot_flag_to_string (decided);
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", round);
  _kp_json_string_member (content, "pass", (char[]) { pass, '\0' });
  _kp_json_int_member (content, "serial", serial);
  _kp_json_string_member (content, "struck", struck);
  _kp_json_string_member (content, "marks", decided->marks ? decided->marks : "");
  _kp_json_string_member (content, "invalid", flag);
  _kp_json_string_member (content, "reason", reason ? reason : "");
  return _kp_store_simple_action (store, operator, "adjudicate", content, error);
}

/**
 * kp_store_get_image:
 * @type: (out) (optional): its MIME type
 * @name: (out) (optional): the file's name when it was scanned
 *
 * Returns: (transfer full): a scanner's file as it was kept, or %NULL with
 * @error set.
 */
GBytes *
kp_store_get_image (KpStore    *store,
                    const char *sha256,
                    char      **type,
                    char      **name,
                    GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT type, name, data FROM images WHERE sha256 = ?1", error);
  GBytes *bytes = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      bytes = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      if (type)
        *type = g_strdup (_kp_db_text (stmt, 0));
      if (name)
        *name = g_strdup (_kp_db_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (bytes == NULL)
    _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("image %s is not in the congress file"), sha256);
  else
    {
      /* The committee decides looking at this image: an image changed
       * outside KiemPhieu (a struck row painted over) is never shown as
       * the ballot's. Hashing a page costs about a millisecond. */
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      if (!g_str_equal (sha, sha256))
        {
          g_clear_pointer (&bytes, g_bytes_unref);
          if (type)
            g_clear_pointer (type, g_free);
          if (name)
            g_clear_pointer (name, g_free);
          _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                             _ ("image %.12s… in the congress file is not the image the ballot was read from: it was "
                                "changed outside KiemPhieu, and is not shown (kiemphieu-cli verify)"), sha256);
        }
    }
  return bytes;
}

/* Every image is the one the journal names (its SHA-256 recomputed), every
 * page a ballot was read from is there, and no image is there that no
 * ballot names. */
gboolean
_kp_store_verify_images (KpStore *store,
                         GString *report)
{
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  guint checked = 0;
  gboolean ok = TRUE, archived = FALSE;
  int rc;

  stmt = _kp_db_prepare (&store->db, store->path, "SELECT pages FROM scans", NULL);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_auto(GStrv) refs = g_strsplit (_kp_db_text (stmt, 0), " ", -1);
      for (guint i = 0; refs[i]; i++)
        if (strlen (refs[i]) > 64)
          g_hash_table_add (named, g_strndup (refs[i], 64));
    }
  sqlite3_reset (stmt);

  /* A congress file out of an archive keeps only the list of its images
   * (kp_store_snapshot_without_images ()): their bytes are entries of the
   * archive, checked there (kp_store_verify_archived ()). */
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'archive_images'", NULL);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    archived = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_reset (stmt);
  stmt = archived ? _kp_db_prepare (&store->db, store->path,
                                    "SELECT i.sha256, i.data, a.entry, a.size FROM images AS i"
                                    " LEFT JOIN archive_images AS a ON a.sha256 = i.sha256", NULL)
                  : _kp_db_prepare (&store->db, store->path, "SELECT sha256, data, NULL, NULL FROM images", NULL);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = _kp_db_text (stmt, 0);
      const char *entry = sqlite3_column_type (stmt, 2) == SQLITE_TEXT ? _kp_db_text (stmt, 2) : NULL;
      g_autoptr(KpSha256) checksum = kp_sha256_new ();

      kp_sha256_update (checksum, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      if (entry != NULL && sqlite3_column_bytes (stmt, 1) == 0)
        {
          /* Its bytes are the archive's entry, hashed as the archive was
           * read (archive-check), or as it is written back into the file
           * (restore, kp_store_fill_images ()). */
          if (store->images_held == NULL)
            {
              g_string_append_printf (report, _ ("image %s: kept in the archive beside this congress file (%s), "
                                                 "not in it: check or restore the archive\n"), sha, entry);
              g_hash_table_remove (named, sha);
              ok = FALSE;
            }
          else if (!g_str_equal (g_hash_table_lookup (store->images_held, sha) ?: "", entry))
            {
              g_string_append_printf (report, _ ("image %s: the archive does not hold %s\n"), sha, entry);
              g_hash_table_remove (named, sha);
              ok = FALSE;
            }
          else if (!g_hash_table_remove (named, sha))
            {
              g_string_append_printf (report, _ ("image %s: no scanned ballot names it (added outside KiemPhieu)\n"),
                                      sha);
              ok = FALSE;
            }
        }
      else if (!g_str_equal (sha, kp_sha256_hex (checksum)))
        {
          g_string_append_printf (report, _ ("image %s: its content is not the image the journal names (changed "
                                             "outside KiemPhieu)\n"), sha);
          g_hash_table_remove (named, sha);
          ok = FALSE;
        }
      else if (!g_hash_table_remove (named, sha))
        {
          g_string_append_printf (report, _ ("image %s: no scanned ballot names it (added outside KiemPhieu)\n"), sha);
          ok = FALSE;
        }
      checked++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_append_printf (report, _ ("the scanned images cannot be read (%s)\n"), sqlite3_errmsg (store->db.db));
      return FALSE;
    }
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, named);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_string_append_printf (report, _ ("image %s: a scanned ballot was read from it, but it is missing\n"),
                                (const char *) key);
        ok = FALSE;
      }
  }
  if (ok && checked > 0)
    g_string_append_printf (report, _ ("images: %u scanned files, each the one its ballots' journal entries name\n"),
                            checked);
  return ok;
}
