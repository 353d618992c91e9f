/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-rehearsal.c — rehearsal (a test deck before the vote): a
 * separate copy of the congress file, marked THỬ NGHIỆM for good, so that
 * test ballots never mix with the real count.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include <inttypes.h>

#include "kp-store-private.h"

gboolean
_kp_store_apply_rehearsal (KpDb                 *db,
                           const char           *path,
                           const KpJournalEntry *entry,
                           JsonObject           *c,
                           GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('rehearsal', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_object_get_boolean_member_with_default (c, "on", FALSE) ? "1" : "0", -1,
                     SQLITE_STATIC);
  if (!_kp_db_step_done (db, path, stmt, N_ ("setting rehearsal mode"), error))
    return FALSE;
  /* A rehearsal copy (kp_store_create_rehearsal) names its source. */
  if (!json_object_has_member (c, "copy_of"))
    return TRUE;
  stmt = _kp_db_prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('rehearsal_copy_of', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "copy_of"), -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("setting rehearsal mode"), error);
}

/* How many ballots, live or voided, the file holds; -1 with @error set. */
static gint64
count_all_ballots (KpStore *store,
                   GError **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path, "SELECT count(*) FROM ballots", error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("counting ballots"), error);
  return n;
}

/**
 * kp_store_set_rehearsal:
 *
 * Rehearsal mode (a test deck before the vote): every document is marked
 * THỬ NGHIỆM. Recorded in the journal.
 *
 * Rehearsal ballots must never mix with the real count (issue 11), so the
 * switch is refused once the file holds any ballot, live or voided, and on
 * a rehearsal copy (kp_store_create_rehearsal), which stays one. A
 * rehearsal is made with kp_store_create_rehearsal; the switch remains for
 * files that used it.
 */
gboolean
kp_store_set_rehearsal (KpStore    *store,
                        gboolean    on,
                        const char *operator,
                        GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *source = NULL;
  gint64 ballots;
  gboolean ok;

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (!_kp_store_check_operator (operator, error))
    return FALSE;
  if ((source = kp_store_get_rehearsal_source (store)) != NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                    _ ("%s is a rehearsal copy of %s and stays one (THỬ NGHIỆM): nothing entered in it counts. "
                    "The real count is in %s"), store->path, source, source);
  _kp_json_key (content, "on");
  g_string_append (content, on ? "true}" : "false}");
  if (!_kp_store_begin (store, error))
    return FALSE;
  /* Counted inside the write transaction: no ballot slips in between. */
  ballots = count_all_ballots (store, error);
  if (ballots > 0)
    _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
             _ ("%s holds %" PRId64 " ballots (live or voided): rehearsal mode cannot be switched %s "
             "once ballots are entered, or test ballots would count as real ones (or real ones as a test). "
             "Rehearse in a separate copy instead (kiemphieu-cli rehearsal C --to COPY, or "
             "\"Rehearsal (separate copy)\" in the app)"), store->path, ballots, on ? _ ("on") : _ ("off"));
  ok = ballots == 0 && _kp_store_record (store, operator, "rehearsal", content->str, error);
  return _kp_store_finish (store, ok, error);
}

gboolean
kp_store_is_rehearsal (KpStore *store)
{
  return _kp_store_db_is_rehearsal (&store->db, store->path);
}

/**
 * kp_store_get_rehearsal_source:
 *
 * Returns: (transfer full) (nullable): for a rehearsal copy, the file name
 * of the congress file it was copied from; %NULL for any other file.
 */
char *
kp_store_get_rehearsal_source (KpStore *store)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                "SELECT value FROM meta WHERE key = 'rehearsal_copy_of'", NULL);
  char *source = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    source = g_strdup (_kp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  return source;
}

/* The actions that make the elections and rounds as they stand: copied
 * into a rehearsal; ballots, counts of issued ballots, pauses, keys and
 * confirmations are not. */
static gboolean
defines_rounds (const char *action)
{
  return g_str_equal (action, "mode") || g_str_equal (action, "edit-round") || g_str_equal (action, "next-round");
}

/**
 * kp_store_create_rehearsal:
 * @store: the real congress file
 * @path: the rehearsal copy to create; it must not exist
 * @operator: who makes the copy
 *
 * Creates a rehearsal copy of @store at @path: the same definition, the same
 * elections, rounds, lists and entry modes as they stand (the journal
 * actions that made them, copied), marked rehearsal from its second journal
 * entry (`rehearsal` with `copy_of` and `source_head`), without ballots,
 * signing key or confirmations. The copy stays a rehearsal
 * (kp_store_set_rehearsal refuses it); @store is not changed.
 *
 * The copy is built under a temporary name and renamed when complete: a
 * file at @path is always a whole rehearsal copy. On failure nothing is left.
 *
 * Returns: (transfer full): the open rehearsal copy, or %NULL with @error set.
 */
KpStore *
kp_store_create_rehearsal (KpStore    *store,
                           const char *path,
                           const char *operator,
                           GError    **error)
{
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *part = NULL;
  g_autofree char *source = NULL;
  const KpJournalEntry *first, *last;
  const char *definition;
  JsonObject *created;
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL && path != NULL, NULL);
  if (!kp_store_check_writable (store, error))
    return NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   _ ("%s already exists; choose another name for the rehearsal copy (a file is never overwritten)"),
                   path);
      return NULL;
    }
  if ((journal = kp_store_get_journal (store, error)) == NULL)
    return NULL;
  first = journal->len ? journal->pdata[0] : NULL;
  created = first && g_str_equal (first->action, "create") ? _kp_json_parse_object (first->content, &parser) : NULL;
  definition = created ? json_object_get_string_member_with_default (created, "definition", NULL) : NULL;
  if (definition == NULL)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT,
                   _ ("%s: the journal does not begin with the congress's definition; verify the file"), store->path);
      return NULL;
    }
  last = journal->pdata[journal->len - 1];

  part = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
  copy = kp_store_create (part, definition, strlen (definition), store->path, operator, error);
  if (copy == NULL)
    return NULL;

  source = g_path_get_basename (store->path);
  _kp_json_key (content, "on");
  g_string_append (content, "true");
  _kp_json_string_member (content, "copy_of", source);
  _kp_json_string_member (content, "source_head", last->hash);
  g_string_append_c (content, '}');
  if (!_kp_store_begin (copy, error))
    goto fail;
  ok = _kp_store_record (copy, operator, "rehearsal", content->str, error);
  for (guint i = 1; ok && i < journal->len; i++)
    {
      const KpJournalEntry *e = journal->pdata[i];
      if (defines_rounds (e->action))
        ok = _kp_store_record (copy, operator, e->action, e->content, error);
    }
  if (!_kp_store_finish (copy, ok, error))
    goto fail;
  g_clear_pointer (&copy, kp_store_close);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   _ ("%s already exists; choose another name for the rehearsal copy (a file is never overwritten)"),
                   path);
      goto fail;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, _ ("%s: cannot create the rehearsal copy: %s"), path,
                   g_strerror (saved));
      goto fail;
    }
  return kp_store_open (path, error);

fail:
  g_clear_pointer (&copy, kp_store_close);
  _kp_store_remove_files (part);
  return NULL;
}
