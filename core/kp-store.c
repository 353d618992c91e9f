/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store.c — the congress file (sqlite3 adapter): opening and creating it, the
 * connection and its statements, transactions, the journal entry that
 * every change is, and the backup copy.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "kp-definition.h"
#include "kp-json.h"
#include "kp-names.h"
#include <inttypes.h>

#include "kp-store-private.h"

G_DEFINE_QUARK (kp-store-error-quark, kp_store_error)


/* Forward migrations: _kp_store_migrations[v] takes a file from version v − 1 to v.
 * A new version appends one; a file's user_version says where it is. */
const char *const _kp_store_migrations[] = {
  [1] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE journal ("
    "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, operator TEXT NOT NULL,"
    "  action TEXT NOT NULL, content TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL) STRICT;"
    "CREATE TABLE elections ("
    "  id TEXT NOT NULL, round INTEGER NOT NULL, seats INTEGER NOT NULL,"
    "  candidates TEXT NOT NULL, n_candidates INTEGER NOT NULL, mode INTEGER NOT NULL, state TEXT NOT NULL,"
    "  issued INTEGER, PRIMARY KEY (id, round)) STRICT;"
    "CREATE TABLE ballots ("
    "  election TEXT NOT NULL, round INTEGER NOT NULL, pass TEXT NOT NULL,"
    "  serial INTEGER NOT NULL, struck TEXT NOT NULL, marks TEXT NOT NULL,"
    "  invalid TEXT NOT NULL, operator TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE,"
    "  voided_seq INTEGER) STRICT;"
    "CREATE UNIQUE INDEX ballots_live ON ballots (election, round, pass, serial)"
    "  WHERE voided_seq IS NULL;"
    "CREATE TABLE resolutions ("
    "  election TEXT NOT NULL, round INTEGER NOT NULL, serial INTEGER NOT NULL,"
    "  take TEXT NOT NULL, absent INTEGER NOT NULL, struck TEXT NOT NULL,"
    "  marks TEXT NOT NULL, invalid TEXT NOT NULL, reason TEXT NOT NULL,"
    "  operator TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE, superseded_seq INTEGER) STRICT;"
    "CREATE UNIQUE INDEX resolutions_live ON resolutions (election, round, serial)"
    "  WHERE superseded_seq IS NULL;"
    "CREATE TABLE auth_failures (at INTEGER NOT NULL) STRICT;"
    "CREATE TABLE confirmations ("
    "  election TEXT NOT NULL, round INTEGER NOT NULL, result TEXT NOT NULL, digest TEXT NOT NULL,"
    "  signature TEXT NOT NULL, fingerprint TEXT NOT NULL, journal_head TEXT NOT NULL,"
    "  announced_at TEXT NOT NULL, explanations TEXT NOT NULL, operator TEXT NOT NULL,"
    "  seq INTEGER NOT NULL UNIQUE, PRIMARY KEY (election, round)) STRICT;",
  /* R-RECON-1: the ballots collected, counted by hand from the box before
   * they are examined (NULL until the committee records it). */
  [2] = "ALTER TABLE elections ADD COLUMN collected INTEGER;"
        /* R-ALT-1: the committee's order of elected alternates with equal
         * votes: every elected ballot number, in replacement order. */
        "CREATE TABLE alternate_orders ("
        "  election TEXT NOT NULL, round INTEGER NOT NULL, elected TEXT NOT NULL, reason TEXT NOT NULL,"
        "  operator TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE, PRIMARY KEY (election, round)) STRICT;"
        /* R-ROUND-1: a round with a later round is closed (next-round now
         * closes it; older files get the same state here). */
        "UPDATE elections SET state = 'closed' WHERE state IN ('open', 'paused')"
        "  AND round < (SELECT max(round) FROM elections AS later WHERE later.id = elections.id);",
  /* Attempts with the head's passphrase are journal entries ("unlock",
   * "unlocked"); this table, like the others, is what the journal makes of
   * them: the attempts not followed by "unlocked". The old table held
   * times outside the journal, which nothing could check. */
  [3] = "DROP TABLE auth_failures;"
        "CREATE TABLE auth_failures (seq INTEGER PRIMARY KEY, wall INTEGER NOT NULL, boot TEXT NOT NULL,"
        "  uptime INTEGER NOT NULL) STRICT;",
  /* Stations (issue 14, kp-store-stations.c): an imported ballot names its
   * station, and one `import` entry makes many ballots, told apart by
   * their index in the batch (part); so ballots are rebuilt with
   * UNIQUE (seq, part) instead of UNIQUE (seq). */
  [4] = "CREATE TABLE ballots_v3 ("
        "  election TEXT NOT NULL, round INTEGER NOT NULL, pass TEXT NOT NULL,"
        "  serial INTEGER NOT NULL, struck TEXT NOT NULL, marks TEXT NOT NULL,"
        "  invalid TEXT NOT NULL, operator TEXT NOT NULL, seq INTEGER NOT NULL,"
        "  voided_seq INTEGER, station TEXT, part INTEGER NOT NULL DEFAULT 0, UNIQUE (seq, part)) STRICT;"
        "INSERT INTO ballots_v3 (election, round, pass, serial, struck, marks, invalid, operator, seq, voided_seq)"
        "  SELECT election, round, pass, serial, struck, marks, invalid, operator, seq, voided_seq FROM ballots;"
        "DROP TABLE ballots;"
        "ALTER TABLE ballots_v3 RENAME TO ballots;"
        "CREATE UNIQUE INDEX ballots_live ON ballots (election, round, pass, serial) WHERE voided_seq IS NULL;"
        "CREATE TABLE stations ("
        "  id TEXT PRIMARY KEY, name TEXT NOT NULL, election TEXT NOT NULL, round INTEGER NOT NULL,"
        "  pass TEXT NOT NULL, serial_from INTEGER, serial_to INTEGER, congress TEXT NOT NULL,"
        "  package TEXT NOT NULL, adopted INTEGER NOT NULL, fingerprint TEXT, seq INTEGER NOT NULL UNIQUE,"
        "  enrolled_seq INTEGER) STRICT;"
        "CREATE TABLE station_batches ("
        "  station TEXT NOT NULL, number INTEGER NOT NULL, sha256 TEXT NOT NULL, prev_batch TEXT NOT NULL,"
        "  first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, last_hash TEXT NOT NULL,"
        "  entered INTEGER NOT NULL, voided INTEGER NOT NULL, made_at TEXT NOT NULL,"
        "  seq INTEGER NOT NULL UNIQUE, PRIMARY KEY (station, number)) STRICT;"
        "CREATE TABLE station_duplicates ("
        "  election TEXT NOT NULL, round INTEGER NOT NULL, pass TEXT NOT NULL, serial INTEGER NOT NULL,"
        "  station TEXT NOT NULL, struck TEXT NOT NULL, marks TEXT NOT NULL, invalid TEXT NOT NULL,"
        "  operator TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, UNIQUE (seq, part)) STRICT;"
        /* Not from the journal (as auth_failures): the highest batch number
         * presented beyond a gap, and the batch files a station wrote whole. */
        "CREATE TABLE station_gaps (station TEXT PRIMARY KEY, seen INTEGER NOT NULL) STRICT;"
        "CREATE TABLE station_exports (number INTEGER PRIMARY KEY, path TEXT NOT NULL, at INTEGER NOT NULL) STRICT;",
  /* Scanned ballots (issue 15, kp-store-images.c): every file a scanner wrote, kept
   * whole under its SHA-256 (not from the journal: verify checks each
   * against the hash its ballots' entries name); and per scanned ballot,
   * its pages and what is left for a person to decide. */
  [5] = "CREATE TABLE images (sha256 TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,"
        "  data BLOB NOT NULL) STRICT;"
        "CREATE TABLE scans ("
        "  election TEXT NOT NULL, round INTEGER NOT NULL, pass TEXT NOT NULL, serial INTEGER NOT NULL,"
        "  seq INTEGER NOT NULL UNIQUE, pages TEXT NOT NULL, doubtful TEXT NOT NULL, unplaced INTEGER NOT NULL,"
        "  decided_seq INTEGER) STRICT;",
};

gboolean
_kp_store_sqlite_error (sqlite3    *db,
                        int         rc,
                        const char *path,
                        const char *doing,
                        GError    **error)
{
  const char *message = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int system_errno = db ? sqlite3_system_errno (db) : 0;

  /* What was being done is marked N_() by the caller, translated here. */
  doing = _(doing);

  /* What the operating system said decides more than sqlite's code. */
  if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR)
    {
      if (system_errno == EROFS || system_errno == EACCES || system_errno == EPERM)
        rc = SQLITE_READONLY;
      else if (system_errno == ENOSPC || system_errno == EDQUOT)
        rc = SQLITE_FULL;
    }

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_FULL,
                   _ ("%s: the disk is full, %s failed; nothing already saved is lost. Free some "
                   "space (or copy the congress file to a disk with room) and try again"),
                   path, doing);
      break;
    case SQLITE_READONLY:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_READ_ONLY,
                   _ ("%s: the file or its folder is read-only, %s failed; nothing already saved "
                   "is lost. Copy the congress file to a writable folder"), path, doing);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   _ ("%s: not a congress file (not a database at all)"), path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT,
                   _ ("%s: the congress file is damaged; restore it from the archive (what sqlite said: %s)"), path,
                   message);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, _ ("%s: cannot open (%s)"), path,
                   message);
      break;
    case SQLITE_IOERR:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO,
                   _ ("%s: the disk failed to read or write (%s) while %s; nothing already saved "
                   "is lost. Check the disk or USB stick"),
                   path, message, doing);
      break;
    default:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, _ ("%s: %s failed: %s"), path, doing,
                   message);
    }
  return FALSE;
}

G_GNUC_PRINTF (3, 4)
gboolean
_kp_store_invalid (GError     **error,
                   KpStoreError code,
                   const char  *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (KP_STORE_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
_kp_db_init (KpDb    *db,
             sqlite3 *handle)
{
  db->db = handle;
  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

void
_kp_db_clear (KpDb *db)
{
  g_clear_pointer (&db->stmts, g_hash_table_unref);
  if (db->db)
    sqlite3_close (db->db);
  db->db = NULL;
}

/* Returns a reset statement for @sql (a string literal: it is the key). */
sqlite3_stmt *
_kp_db_prepare (KpDb       *db,
                const char *path,
                const char *sql,
                GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db->db, rc, path, N_ ("reading"), error);
      return NULL;
    }
  g_hash_table_insert (db->stmts, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_kp_db_exec (sqlite3    *db,
             const char *path,
             const char *sql,
             const char *doing,
             GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _kp_store_sqlite_error (db, rc, path, doing, error);
  return TRUE;
}

gboolean
_kp_db_step_done (KpDb         *db,
                  const char   *path,
                  sqlite3_stmt *stmt,
                  const char   *doing,
                  GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _kp_store_sqlite_error (db->db, rc, path, doing, error);
  return TRUE;
}

gint64
_kp_store_pragma_int (sqlite3    *db,
                      const char *sql,
                      int        *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 value = -1;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return -1;
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      *rc = SQLITE_OK;
    }
  return value;
}

char *
_kp_store_pragma_text (sqlite3    *db,
                       const char *sql,
                       int        *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *value = NULL;

  *rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return NULL;
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *rc = SQLITE_OK;
    }
  return value;
}

const char *
_kp_db_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  return text ? text : "";
}

JsonObject *
_kp_json_parse_object (const char  *text,
                       JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!kp_json_load (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

void
_kp_json_key (GString    *out,
              const char *key)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  kp_json_append_string (out, key);
  g_string_append_c (out, ':');
}

void
_kp_json_string_member (GString    *out,
                        const char *key,
                        const char *value)
{
  _kp_json_key (out, key);
  kp_json_append_string (out, value);
}

void
_kp_json_int_member (GString    *out,
                     const char *key,
                     gint64      value)
{
  _kp_json_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* [{"name":"…","born":"…"|null}, …] in ballot order */
char *
_kp_candidates_to_json (GPtrArray *candidates)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < candidates->len; i++)
    {
      const KpCandidate *c = g_ptr_array_index (candidates, i);

      g_string_append (out, i ? ",{\"name\":" : "{\"name\":");
      kp_json_append_string (out, c->name);
      g_string_append (out, ",\"born\":");
      if (c->born)
        kp_json_append_string (out, c->born);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Returns NULL when the list is damaged (not what candidates_to_json
 * writes): a hostile or broken file must not crash the reader. */
GPtrArray *
_kp_candidates_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_candidate_free);
  JsonArray *array;

  /* An empty text loads with no root: refused like any other damage. */
  if (!kp_json_load (parser, text, -1, NULL) || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *name = o ? json_object_get_member (o, "name") : NULL;
      JsonNode *born = o ? json_object_get_member (o, "born") : NULL;

      if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING || json_node_get_string (name) == NULL
          || !g_utf8_validate (json_node_get_string (name), -1, NULL)
          || (born != NULL && !JSON_NODE_HOLDS_NULL (born)
              && (json_node_get_value_type (born) != G_TYPE_STRING || !kp_date_is_valid (json_node_get_string (born)))))
        return NULL;
      g_ptr_array_add (candidates, kp_candidate_new (i + 1, json_node_get_string (name),
                                                     born && !JSON_NODE_HOLDS_NULL (born) ? json_node_get_string (born)
                                                                                          : NULL));
    }
  return g_steal_pointer (&candidates);
}

/**
 * kp_store_access_describe:
 *
 * Returns: why a congress file is read-only, in words (translated), or
 * %NULL for %KP_STORE_WRITABLE.
 */
const char *
kp_store_access_describe (KpStoreAccess access)
{
  switch (access)
    {
    case KP_STORE_WRITABLE:
      return NULL;
    case KP_STORE_READ_ONLY_ASKED:
      return _ ("as chosen when it was opened");
    case KP_STORE_READ_ONLY_MEDIUM:
      return _ ("the disk or USB stick it is on is read-only");
    case KP_STORE_READ_ONLY_PERMISSION:
      return _ ("there is no permission to write the file or its folder");
    default:
      g_assert_not_reached ();
    }
}

KpStoreAccess
kp_store_get_access (KpStore *store)
{
  return store->access;
}

gboolean
kp_store_is_read_only (KpStore *store)
{
  return store->access != KP_STORE_WRITABLE;
}

/**
 * kp_store_is_upgraded_in_memory:
 *
 * Returns: %TRUE for a file of an older format opened read-only: it is
 * shown as this version reads it (upgraded in memory), the file itself
 * stays as it was.
 */
gboolean
kp_store_is_upgraded_in_memory (KpStore *store)
{
  return store->in_memory;
}

/**
 * kp_store_read_only_reason:
 *
 * Returns: (transfer full) (nullable): for a congress file open read-only,
 * one sentence saying so and why (translated, without the path: for a
 * window's banner and tooltips); %NULL when it is open to work on.
 */
char *
kp_store_read_only_reason (KpStore *store)
{
  if (store->access == KP_STORE_WRITABLE)
    return NULL;
  return g_strdup_printf (_ ("The congress file is open read-only: %s. It can be viewed, verified and printed; "
                             "nothing can be changed in it."), kp_store_access_describe (store->access));
}

/**
 * kp_store_check_writable:
 *
 * Every change starts here (in _kp_store_begin (), kp_store_begin_bulk (),
 * and before the head's passphrase is asked): a congress file open
 * read-only says so, naming the file and why, instead of sqlite's
 * "attempt to write a readonly database".
 *
 * Returns: %TRUE when the file is open to work on; else %FALSE with
 * %KP_STORE_ERROR_READ_ONLY.
 */
gboolean
kp_store_check_writable (KpStore *store,
                          GError **error)
{
  if (store->access == KP_STORE_WRITABLE)
    return TRUE;
  return _kp_store_invalid (error, KP_STORE_ERROR_READ_ONLY,
                            _ ("The congress file is open read-only (%s: %s): nothing can be changed in it. To "
                               "change it, open it normally where it can be written (copy it to a writable folder "
                               "if need be)"), store->path, kp_store_access_describe (store->access));
}

gboolean
_kp_store_begin (KpStore *store,
                 GError **error)
{
  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (store->in_bulk)
    return TRUE;
  return _kp_db_exec (store->db.db, store->path, "BEGIN IMMEDIATE", N_ ("starting to write"), error);
}

gboolean
_kp_store_finish (KpStore *store,
                  gboolean ok,
                  GError **error)
{
  if (store->in_bulk)
    return ok;
  if (!ok)
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!_kp_db_exec (store->db.db, store->path, "COMMIT", N_ ("saving"), error))
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Appends an entry to the journal and applies it; inside a transaction. */
gboolean
_kp_store_record_full (KpStore             *store,
                       const char          *operator,
                       const char          *action,
                       const char          *content,
                       const KpEnterValues *enter,
                       KpKey               *head,
                       GError             **error)
{
  g_autoptr(KpJournalEntry) entry = kp_journal_entry_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _kp_db_prepare (&store->db, store->path, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entry->seq = sqlite3_column_int64 (stmt, 0) + 1;
      entry->prev = g_strdup (_kp_db_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    {
      entry->seq = 1;
      entry->prev = g_strdup (KP_JOURNAL_GENESIS);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the journal"), error);

  /* A station file enters only its own share (kp-store-station-file.c). */
  if (!_kp_store_station_allows (store, action, content, enter, error))
    return FALSE;

  entry->at = kp_journal_now ();
  entry->operator = g_strdup (operator);
  entry->action = g_strdup (action);
  /* What only the head decides carries the head's signature over the
   * entry before it, the action and the content (kp-store-head.c). */
  entry->content = head != NULL ? _kp_store_head_sign (head, entry->prev, action, content, error) : g_strdup (content);
  if (entry->content == NULL)
    return FALSE;
  entry->hash = kp_journal_entry_compute_hash (entry);

  stmt = _kp_db_prepare (&store->db, store->path,
                         "INSERT INTO journal (seq, at, operator, action, content, prev, hash)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_text (stmt, 2, entry->at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->operator, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->content, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, entry->hash, -1, SQLITE_STATIC);
  if (!_kp_db_step_done (&store->db, store->path, stmt, N_ ("writing the journal"), error))
    return FALSE;

  /* The hot path applies an entered ballot from its values instead of
   * parsing the content back; verify replays the JSON and compares, so the
   * two paths are checked against each other. */
  if (enter != NULL)
    return _kp_store_apply_enter_values (&store->db, store->path, entry->seq, entry->operator, enter, error);
  return _kp_store_apply (&store->db, store->path, entry, error);
}

gboolean
_kp_store_record (KpStore    *store,
                  const char *operator,
                  const char *action,
                  const char *content,
                  GError    **error)
{
  return _kp_store_record_full (store, operator, action, content, NULL, NULL, error);
}

/* A decision only the head may take, signed with the head's key. */
gboolean
_kp_store_record_signed (KpStore    *store,
                         const char *operator,
                         const char *action,
                         const char *content,
                         KpKey      *head,
                         GError    **error)
{
  return _kp_store_record_full (store, operator, action, content, NULL, head, error);
}

gboolean
_kp_store_simple_action (KpStore    *store,
                         const char *operator,
                         const char *action,
                         GString    *content,
                         GError    **error)
{
  gboolean ok;

  g_string_append_c (content, '}');
  if (!_kp_store_check_operator (operator, error) || !_kp_store_begin (store, error))
    return FALSE;
  ok = _kp_store_record (store, operator, action, content->str, error);
  return _kp_store_finish (store, ok, error);
}

/* _kp_store_simple_action () for what only the head decides: the entry
 * carries the head's signature (@head, unsealed with the passphrase). */
gboolean
_kp_store_head_action (KpStore    *store,
                       const char *operator,
                       const char *action,
                       GString    *content,
                       KpKey      *head,
                       GError    **error)
{
  gboolean ok;

  g_string_append_c (content, '}');
  if (!_kp_store_check_operator (operator, error) || !_kp_store_begin (store, error))
    return FALSE;
  ok = _kp_store_record_signed (store, operator, action, content->str, head, error);
  return _kp_store_finish (store, ok, error);
}

gboolean
_kp_store_check_operator (const char *operator,
                          GError    **error)
{
  if (operator == NULL || *operator == '\0' || !g_utf8_validate (operator, -1, NULL))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("who is doing this? give the operator's name"));
  for (const char *c = operator; *c; c++)
    if ((unsigned char) *c < 0x20)
      return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the operator's name holds a control character"));
  if (g_utf8_strlen (operator, -1) > KP_MAX_NAME_CHARS)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the operator's name is longer than %u characters"),
                              KP_MAX_NAME_CHARS);
  return TRUE;
}

/* A confirmed round is locked: nothing that changes its count may happen.
 * @round 0 means: any round of the election. */
gboolean
_kp_store_check_unlocked (KpStore    *store,
                          const char *election_id,
                          guint       round,
                          GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT min(round) FROM elections WHERE id = ?1 AND state = 'confirmed'"
                                       " AND (?2 = 0 OR round = ?2)", error);
  gint64 confirmed = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    confirmed = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (confirmed > 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_LOCKED, _ ("round %" PRId64 " of %s is confirmed: its "
                              "ballots, rulings and settings can no longer change"), confirmed, election_id);
  return TRUE;
}

/* The state column of a round. */
KpElectionState
_kp_store_state_from_text (const char *text)
{
  if (g_str_equal (text, "paused"))
    return KP_ELECTION_PAUSED;
  if (g_str_equal (text, "confirmed"))
    return KP_ELECTION_CONFIRMED;
  if (g_str_equal (text, "closed"))
    return KP_ELECTION_CLOSED;
  return KP_ELECTION_OPEN;
}

/* What changes a round's ballots (a void, a ruling, the entry mode) needs
 * it open: not confirmed, and not closed by a later round (R-ROUND-1).
 * @round 0: every round of the election. */
gboolean
_kp_store_check_open (KpStore    *store,
                      const char *election_id,
                      guint       round,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 closed = 0;

  if (!_kp_store_check_unlocked (store, election_id, round, error))
    return FALSE;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT max(round) FROM elections WHERE id = ?1 AND state = 'closed'"
                         " AND (?2 = 0 OR round = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    closed = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (closed > 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_LOCKED,
                              _ ("round %" PRId64 " of %s is closed: round %" PRId64 " has been "
                                 "created, and those elected in round %" PRId64 " stay elected (its ballots "
                                 "can no longer change)"), closed, election_id, closed + 1, closed);
  return TRUE;
}

/* Every action changes the tables only through apply (), from its journal
 * content, so that replaying the journal rebuilds the same tables. */

gboolean
_kp_store_apply_create (KpDb                 *db,
                        const char           *path,
                        const KpJournalEntry *entry,
                        JsonObject           *content,
                        GError              **error)
{
  const char *definition = json_object_get_string_member_with_default (content, "definition", NULL);
  g_autoptr(KpCongress) congress = NULL;
  sqlite3_stmt *stmt;

  if (definition == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("create: no definition"));
  congress = kp_definition_load_data (definition, strlen (definition), "definition", error);
  if (congress == NULL)
    return FALSE;

  stmt = _kp_db_prepare (db, path, "INSERT INTO meta (key, value) VALUES ('definition', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, definition, -1, SQLITE_TRANSIENT);
  if (!_kp_db_step_done (db, path, stmt, N_ ("saving the definition"), error))
    return FALSE;

  for (guint i = 0; i < congress->elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (congress->elections, i);
      g_autofree char *candidates = _kp_candidates_to_json (e->candidates);

      stmt = _kp_db_prepare (db, path,
                             "INSERT INTO elections (id, round, seats, candidates, n_candidates, mode, state, issued)"
                             " VALUES (?1, ?2, ?3, ?4, ?6, 1, 'open', ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, e->round);
      sqlite3_bind_int64 (stmt, 3, e->seats);
      sqlite3_bind_text (stmt, 4, candidates, -1, SQLITE_TRANSIENT);
      if (e->issued >= 0)
        sqlite3_bind_int64 (stmt, 5, e->issued);
      sqlite3_bind_int64 (stmt, 6, e->candidates->len);
      if (!_kp_db_step_done (db, path, stmt, N_ ("saving an election"), error))
        return FALSE;
    }
  return TRUE;
}

/* A file: URI of @path for sqlite (a path may hold ? # or %). */
char *
_kp_store_file_uri (const char *path,
                    const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strdup_printf ("file:%s%s?%s", g_path_is_absolute (path) ? "" : "./", escaped, query);
}

gboolean
_kp_store_configure (sqlite3    *db,
                     const char *path,
                     GError    **error)
{
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 10000);
  return _kp_db_exec (db, path, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                      N_ ("configuring"), error);
}

gboolean
_kp_store_load_congress (KpStore *store,
                         GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT value FROM meta WHERE key = 'definition'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return _kp_store_invalid (error, KP_STORE_ERROR_CORRUPT, _ ("%s: the congress file holds no definition"),
                                store->path);
    }
  store->congress = kp_definition_load_data (_kp_db_text (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                             "definition", &local_error);
  sqlite3_reset (stmt);
  if (store->congress == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_CORRUPT, _ ("%s: the stored definition is unreadable: %s"),
                              store->path, local_error->message);
  return TRUE;
}

void
_kp_store_remove_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/**
 * kp_store_create:
 * @definition: the election definition (JSON text)
 * @definition_name: its file name, for error messages
 * @operator: who creates the congress file
 *
 * Creates a congress file that did not exist. On failure nothing is left.
 *
 * Returns: (transfer full): the open congress file, or %NULL with @error set.
 */
KpStore *
kp_store_create (const char *path,
                 const char *definition,
                 gsize       length,
                 const char *definition_name,
                 const char *operator,
                 GError    **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpCongress) congress = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mode = NULL;
  GString *content;
  g_autofree char *content_text = NULL;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!_kp_store_check_operator (operator, error))
    return NULL;
  if (length >= 3 && memcmp (definition, "\xEF\xBB\xBF", 3) == 0)
    definition += 3, length -= 3;
  congress = kp_definition_load_data (definition, length, definition_name, error);
  if (congress == NULL)
    return NULL;
  text = g_utf8_normalize (definition, length, G_NORMALIZE_DEFAULT_COMPOSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   _ ("%s already exists; choose another name (a congress file is never overwritten)"),
                   path);
      return NULL;
    }

  {
    g_autofree char *dir = g_path_get_dirname (path);
    if (g_access (dir, W_OK) != 0)
      {
        int saved = errno;
        g_set_error (error, KP_STORE_ERROR,
                     saved == EROFS || saved == EACCES || saved == EPERM ? KP_STORE_ERROR_READ_ONLY
                                                                          : KP_STORE_ERROR_IO,
                     _ ("%s: cannot create the congress file in %s: %s"), path, dir, g_strerror (saved));
        return NULL;
      }
  }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, rc, path, N_ ("creating the congress file"), error);
      sqlite3_close (db);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        _kp_store_remove_files (path);
      return NULL;
    }

  store = g_new0 (KpStore, 1);
  store->path = g_strdup (path);
  store->uri = _kp_store_file_uri (path, "mode=ro");
  _kp_db_init (&store->db, db);

  mode = _kp_store_pragma_text (db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (mode, "wal") != 0)
    {
      if (rc == SQLITE_OK)
        rc = SQLITE_READONLY;
      _kp_store_sqlite_error (db, rc, path, N_ ("creating the congress file"), error);
      goto fail;
    }
  if (!_kp_store_configure (db, path, error)
      || !_kp_db_exec (db, path, "BEGIN IMMEDIATE", N_ ("creating the congress file"), error))
    goto fail;
  for (guint v = 1; v <= KP_STORE_SCHEMA_VERSION; v++)
    if (!_kp_db_exec (db, path, _kp_store_migrations[v], N_ ("creating the congress file"), error))
      goto fail;
  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                                KP_APPLICATION_ID, KP_STORE_SCHEMA_VERSION);
    if (!_kp_db_exec (db, path, pragmas, N_ ("creating the congress file"), error))
      goto fail;
  }

  content = g_string_new ("{");
  /* @2: what only the head decides is signed (kp-store-head.c); @3:
   * attempts with the head's passphrase are journalled (kp-store-auth.c);
   * @4: stations (kp-store-stations.c); @5: scanned ballots and their
   * images (kp-store-images.c). */
  _kp_json_string_member (content, "format", "kiemphieu/congress@5");
  _kp_json_string_member (content, "definition", text);
  g_string_append_c (content, '}');
  content_text = g_string_free (content, FALSE);
  if (!_kp_store_record (store, operator, "create", content_text, error)
      || !_kp_db_exec (db, path, "COMMIT", N_ ("creating the congress file"), error)
      || !_kp_store_load_congress (store, error))
    goto fail;

  return g_steal_pointer (&store);

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&store, kp_store_close);
  _kp_store_remove_files (path);
  return NULL;
}

void
kp_store_close (KpStore *store)
{
  if (store == NULL)
    return;
  _kp_db_clear (&store->db);
  g_clear_pointer (&store->congress, kp_congress_free);
  g_free (store->uri);
  g_free (store->path);
  g_free (store);
}

const char *
kp_store_get_path (KpStore *store)
{
  return store->path;
}

/**
 * kp_store_get_congress:
 *
 * Returns: (transfer none): the congress as defined (round 1 of each election).
 */
KpCongress *
kp_store_get_congress (KpStore *store)
{
  /* Asked each time: the old switch may have been turned since opening. */
  store->congress->rehearsal = kp_store_is_rehearsal (store);
  return store->congress;
}

/**
 * kp_store_snapshot:
 *
 * A consistent snapshot of the congress file, in memory (sqlite's online
 * backup API into an in-memory database, then its bytes): a self-contained
 * database file in rollback-journal mode (not WAL). The archive's
 * congress.kiemphieu, never a file in clear on disk.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set.
 */
GBytes *
kp_store_snapshot (KpStore *store,
                   GError **error)
{
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  sqlite3_int64 size = 0;
  unsigned char *data;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (copy, rc, store->path, N_ ("copying the congress file"), error);
      sqlite3_close (copy);
      return NULL;
    }
  backup = sqlite3_backup_init (copy, "main", store->db.db, "main");
  if (backup == NULL)
    {
      _kp_store_sqlite_error (copy, sqlite3_errcode (copy), store->path, N_ ("copying the congress file"), error);
      sqlite3_close (copy);
      return NULL;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (copy, rc, store->path, N_ ("copying the congress file"), error);
      sqlite3_close (copy);
      return NULL;
    }
  data = sqlite3_serialize (copy, "main", &size, 0);
  sqlite3_close (copy);
  if (data == NULL)
    {
      _kp_store_sqlite_error (NULL, SQLITE_NOMEM, store->path, N_ ("copying the congress file"), error);
      return NULL;
    }
  _kp_store_set_rollback_journal (data, size);
  return g_bytes_new_with_free_func (data, size, sqlite3_free, data);
}

/**
 * kp_store_set_wal:
 *
 * Puts a restored congress file back in WAL mode, as kp_store_create()
 * makes them.
 */
gboolean
kp_store_set_wal (const char *path,
                  GError    **error)
{
  sqlite3 *db = NULL;
  g_autofree char *mode = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);

  if (rc == SQLITE_OK)
    mode = _kp_store_pragma_text (db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (mode, "wal") != 0)
    {
      _kp_store_sqlite_error (db, rc == SQLITE_OK ? SQLITE_READONLY : rc, path, N_ ("restoring"), error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);
  return TRUE;
}
