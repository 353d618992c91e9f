/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-store.c — the congress file (sqlite3 adapter). */

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "kp-ballot-reader.h"
#include "kp-crypto.h"
#include "kp-definition.h"
#include "kp-journal.h"
#include "kp-names.h"
#include "kp-sandbox.h"
#include "kp-store.h"
#include "kp-tally.h"

G_DEFINE_QUARK (kp-store-error-quark, kp_store_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* "KPKP": PRAGMA application_id of a congress file. */
#define KP_APPLICATION_ID 0x4B504B50

/* Forward migrations: migrations[v] takes a file from version v − 1 to v.
 * A new version appends one; a file's user_version says where it is. */
static const char *const migrations[] = {
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
};

static const char *const derived_tables[] = { "meta", "elections", "ballots", "resolutions", "confirmations" };

/* A connection with its prepared statements, reused across calls. */
typedef struct
{
  sqlite3 *db;
  GHashTable *stmts; /* SQL text (static) → sqlite3_stmt */
} Db;

struct _KpStore
{
  char *path;
  Db db;
  KpCongress *congress; /* Owned: parsed from the stored definition */
  gboolean in_bulk;
};

/* --- errors ------------------------------------------------------------ */

static gboolean
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *path,
                  const char  *doing,
                  GError     **error)
{
  const char *message = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int system_errno = db ? sqlite3_system_errno (db) : 0;

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
                   "%s: the disk is full, %s failed; nothing already saved is lost. Free some "
                   "space (or copy the congress file to a disk with room) and try again",
                   path, doing);
      break;
    case SQLITE_READONLY:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_READ_ONLY,
                   "%s: the file or its folder is read-only, %s failed; nothing already saved "
                   "is lost. Copy the congress file to a writable folder", path, doing);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   "%s: not a congress file (not a database at all)", path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT,
                   "%s: the congress file is damaged (%s); restore it from the archive", path,
                   message);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, "%s: cannot open (%s)", path,
                   message);
      break;
    case SQLITE_IOERR:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO,
                   "%s: the disk failed to read or write (%s) while %s; nothing already saved "
                   "is lost. Check the disk or USB stick",
                   path, message, doing);
      break;
    default:
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, "%s: %s failed: %s", path, doing,
                   message);
    }
  return FALSE;
}

G_GNUC_PRINTF (3, 4)
static gboolean
invalid (GError    **error,
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

/* --- statements ---------------------------------------------------------- */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
db_init (Db      *db,
         sqlite3 *handle)
{
  db->db = handle;
  db->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

static void
db_clear (Db *db)
{
  g_clear_pointer (&db->stmts, g_hash_table_unref);
  if (db->db)
    sqlite3_close (db->db);
  db->db = NULL;
}

/* Returns a reset statement for @sql (a string literal: it is the key). */
static sqlite3_stmt *
prepare (Db          *db,
         const char  *path,
         const char  *sql,
         GError     **error)
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
      set_sqlite_error (db->db, rc, path, "reading", error);
      return NULL;
    }
  g_hash_table_insert (db->stmts, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec (sqlite3     *db,
      const char  *path,
      const char  *sql,
      const char  *doing,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (db, rc, path, doing, error);
  return TRUE;
}

static gboolean
step_done (Db          *db,
           const char  *path,
           sqlite3_stmt *stmt,
           const char  *doing,
           GError     **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (db->db, rc, path, doing, error);
  return TRUE;
}

static gint64
pragma_int (sqlite3 *db,
            const char *sql,
            int     *rc)
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

static char *
pragma_text (sqlite3 *db,
             const char *sql,
             int     *rc)
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

static const char *
col_text (sqlite3_stmt *stmt,
          int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);
  return text ? text : "";
}

/* --- small JSON helpers ---------------------------------------------------- */

static JsonObject *
parse_object (const char  *text,
              JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

static void
append_key (GString    *out,
            const char *key)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  kp_json_append_string (out, key);
  g_string_append_c (out, ':');
}

static void
append_string_member (GString    *out,
                      const char *key,
                      const char *value)
{
  append_key (out, key);
  kp_json_append_string (out, value);
}

static void
append_int_member (GString    *out,
                   const char *key,
                   gint64      value)
{
  append_key (out, key);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* [{"name":"…","born":"…"|null}, …] in ballot order */
static char *
candidates_to_json (GPtrArray *candidates)
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
static GPtrArray *
candidates_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_candidate_free);
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text, -1, NULL)
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

/* --- applying actions ------------------------------------------------------ */

/* Every action changes the tables only through apply (), from its journal
 * content, so that replaying the journal rebuilds the same tables. */

static gboolean
apply_create (Db          *db,
              const char  *path,
              JsonObject  *content,
              GError     **error)
{
  const char *definition = json_object_get_string_member_with_default (content, "definition", NULL);
  g_autoptr(KpCongress) congress = NULL;
  sqlite3_stmt *stmt;

  if (definition == NULL)
    return invalid (error, KP_STORE_ERROR_TAMPERED, "create: no definition");
  congress = kp_definition_load_data (definition, strlen (definition), "definition", error);
  if (congress == NULL)
    return FALSE;

  stmt = prepare (db, path, "INSERT INTO meta (key, value) VALUES ('definition', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, definition, -1, SQLITE_TRANSIENT);
  if (!step_done (db, path, stmt, "saving the definition", error))
    return FALSE;

  for (guint i = 0; i < congress->elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (congress->elections, i);
      g_autofree char *candidates = candidates_to_json (e->candidates);

      stmt = prepare (db, path,
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
      if (!step_done (db, path, stmt, "saving an election", error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char *election;
  gint64 round;
  const char *pass;
  gint64 serial;
  const char *struck;
  const char *marks;
  const char *invalid;
} EnterValues;

static gboolean
apply_enter (Db                *db,
             const char        *path,
             gint64             seq,
             const char        *operator,
             const EnterValues *v,
             GError           **error)
{
  sqlite3_stmt *stmt = prepare (db, path,
                                "INSERT INTO ballots (election, round, pass, serial, struck, marks, invalid,"
                                " operator, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, v->election, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, v->round);
  sqlite3_bind_text (stmt, 3, v->pass, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, v->serial);
  sqlite3_bind_text (stmt, 5, v->struck, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, v->marks, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, v->invalid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, operator, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "serial %" G_GINT64_FORMAT " is already entered in pass %s of %s "
                    "(round %" G_GINT64_FORMAT "); to correct it, void it first",
                    v->serial, v->pass, v->election, v->round);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (db->db, rc, path, "saving a ballot", error);
  return TRUE;
}

static gboolean
apply (Db                   *db,
       const char           *path,
       const KpJournalEntry *entry,
       GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *c = parse_object (entry->content, &parser);
  const char *action = entry->action;
  sqlite3_stmt *stmt;

  if (c == NULL)
    return invalid (error, KP_STORE_ERROR_TAMPERED, "journal entry %" G_GINT64_FORMAT
                    ": its content is not a JSON object", entry->seq);

#define S(key) json_object_get_string_member_with_default (c, key, "")
#define I(key) json_object_get_int_member_with_default (c, key, 0)

  if (g_str_equal (action, "create"))
    return apply_create (db, path, c, error);

  if (g_str_equal (action, "enter"))
    {
      EnterValues v = { S ("election"), I ("round"), S ("pass"), I ("serial"), S ("struck"),
                        S ("marks"), S ("invalid") };
      return apply_enter (db, path, entry->seq, entry->operator, &v, error);
    }

  if (g_str_equal (action, "void"))
    {
      stmt = prepare (db, path,
                      "UPDATE ballots SET voided_seq = ?1 WHERE election = ?2 AND round = ?3"
                      " AND pass = ?4 AND serial = ?5 AND voided_seq IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry->seq);
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, I ("round"));
      sqlite3_bind_text (stmt, 4, S ("pass"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, I ("serial"));
      if (!step_done (db, path, stmt, "voiding a ballot", error))
        return FALSE;
      if (sqlite3_changes (db->db) != 1)
        return invalid (error, KP_STORE_ERROR_INVALID,
                        "there is no ballot %" G_GINT64_FORMAT " in pass %s of %s (round %"
                        G_GINT64_FORMAT ") to void", I ("serial"), S ("pass"), S ("election"),
                        I ("round"));
      /* A changed pass makes an earlier ruling on that serial stale. */
      stmt = prepare (db, path,
                      "UPDATE resolutions SET superseded_seq = ?1 WHERE election = ?2 AND round = ?3"
                      " AND serial = ?4 AND superseded_seq IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry->seq);
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, I ("round"));
      sqlite3_bind_int64 (stmt, 4, I ("serial"));
      return step_done (db, path, stmt, "voiding a ballot", error);
    }

  if (g_str_equal (action, "resolve"))
    {
      stmt = prepare (db, path,
                      "UPDATE resolutions SET superseded_seq = ?1 WHERE election = ?2 AND round = ?3"
                      " AND serial = ?4 AND superseded_seq IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry->seq);
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, I ("round"));
      sqlite3_bind_int64 (stmt, 4, I ("serial"));
      if (!step_done (db, path, stmt, "recording a ruling", error))
        return FALSE;
      stmt = prepare (db, path,
                      "INSERT INTO resolutions (election, round, serial, take, absent, struck, marks,"
                      " invalid, reason, operator, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                      " ?10, ?11)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, I ("round"));
      sqlite3_bind_int64 (stmt, 3, I ("serial"));
      sqlite3_bind_text (stmt, 4, S ("take"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, json_object_get_boolean_member_with_default (c, "absent", FALSE));
      sqlite3_bind_text (stmt, 6, S ("struck"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, S ("marks"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, S ("invalid"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, S ("reason"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 10, entry->operator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 11, entry->seq);
      return step_done (db, path, stmt, "recording a ruling", error);
    }

  if (g_str_equal (action, "mode"))
    {
      stmt = prepare (db, path, "UPDATE elections SET mode = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, I ("mode"));
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      return step_done (db, path, stmt, "changing the entry mode", error);
    }

  if (g_str_equal (action, "issued"))
    {
      stmt = prepare (db, path, "UPDATE elections SET issued = ?1 WHERE id = ?2 AND round = ?3", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, I ("issued"));
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, I ("round"));
      return step_done (db, path, stmt, "saving ballots issued", error);
    }

  if (g_str_equal (action, "pause") || g_str_equal (action, "resume"))
    {
      stmt = prepare (db, path, "UPDATE elections SET state = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, g_str_equal (action, "pause") ? "paused" : "open", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, S ("election"), -1, SQLITE_TRANSIENT);
      return step_done (db, path, stmt, "pausing an election", error);
    }

  if (g_str_equal (action, "keys"))
    {
      const char *keys[] = { "public_key", "sealed_key", "fingerprint" };
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          stmt = prepare (db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, keys[k], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, S (keys[k]), -1, SQLITE_TRANSIENT);
          if (!step_done (db, path, stmt, "saving the signing key", error))
            return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (action, "confirm"))
    {
      JsonNode *explanations = json_object_get_member (c, "explanations");
      g_autofree char *text = explanations ? json_to_string (explanations, FALSE) : g_strdup ("{}");

      stmt = prepare (db, path, "UPDATE elections SET state = 'confirmed' WHERE id = ?1 AND round = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, I ("round"));
      if (!step_done (db, path, stmt, "confirming", error))
        return FALSE;
      stmt = prepare (db, path,
                      "INSERT INTO confirmations (election, round, result, digest, signature, fingerprint,"
                      " journal_head, announced_at, explanations, operator, seq)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, I ("round"));
      sqlite3_bind_text (stmt, 3, S ("result"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, S ("digest"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, S ("signature"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, S ("fingerprint"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, S ("journal_head"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, S ("announced_at"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 10, entry->operator, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 11, entry->seq);
      return step_done (db, path, stmt, "confirming", error);
    }

  if (g_str_equal (action, "rehearsal"))
    {
      stmt = prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('rehearsal', ?1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, json_object_get_boolean_member_with_default (c, "on", FALSE) ? "1" : "0", -1,
                         SQLITE_STATIC);
      if (!step_done (db, path, stmt, "setting rehearsal mode", error))
        return FALSE;
      /* A rehearsal copy (kp_store_create_rehearsal) names its source. */
      if (!json_object_has_member (c, "copy_of"))
        return TRUE;
      stmt = prepare (db, path, "INSERT OR REPLACE INTO meta (key, value) VALUES ('rehearsal_copy_of', ?1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, S ("copy_of"), -1, SQLITE_TRANSIENT);
      return step_done (db, path, stmt, "setting rehearsal mode", error);
    }

  if (g_str_equal (action, "edit-round"))
    {
      JsonNode *candidates = json_object_get_member (c, "candidates");
      g_autofree char *text = candidates ? json_to_string (candidates, FALSE) : g_strdup ("[]");

      stmt = prepare (db, path, "UPDATE elections SET seats = ?3, candidates = ?4, n_candidates = ?5"
                      " WHERE id = ?1 AND round = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 5, candidates && JSON_NODE_HOLDS_ARRAY (candidates)
                                     ? json_array_get_length (json_node_get_array (candidates)) : 0);
      sqlite3_bind_text (stmt, 1, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, I ("round"));
      sqlite3_bind_int64 (stmt, 3, I ("seats"));
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      return step_done (db, path, stmt, "changing the round's list", error);
    }

  if (g_str_equal (action, "next-round"))
    {
      JsonNode *candidates = json_object_get_member (c, "candidates");
      g_autofree char *text = candidates ? json_to_string (candidates, FALSE) : g_strdup ("[]");

      stmt = prepare (db, path,
                      "INSERT INTO elections (id, round, seats, candidates, n_candidates, mode, state, issued)"
                      " SELECT ?1, ?2, ?3, ?4, ?5, mode, 'open', NULL FROM elections"
                      " WHERE id = ?1 AND round = ?2 - 1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 5, candidates && JSON_NODE_HOLDS_ARRAY (candidates)
                                     ? json_array_get_length (json_node_get_array (candidates)) : 0);
      sqlite3_bind_text (stmt, 1, S ("election"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, I ("round"));
      sqlite3_bind_int64 (stmt, 3, I ("seats"));
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      if (!step_done (db, path, stmt, "creating the next round", error))
        return FALSE;
      if (sqlite3_changes (db->db) != 1)
        return invalid (error, KP_STORE_ERROR_INVALID, "round %" G_GINT64_FORMAT " of %s has no "
                        "round before it", I ("round"), S ("election"));
      return TRUE;
    }

#undef S
#undef I

  return invalid (error, KP_STORE_ERROR_TAMPERED, "journal entry %" G_GINT64_FORMAT
                  ": unknown action \"%s\"", entry->seq, action);
}

/* --- journal and transactions -------------------------------------------- */

static gboolean
begin (KpStore  *store,
       GError  **error)
{
  if (store->in_bulk)
    return TRUE;
  return exec (store->db.db, store->path, "BEGIN IMMEDIATE", "starting to write", error);
}

static gboolean
finish (KpStore  *store,
        gboolean  ok,
        GError  **error)
{
  if (store->in_bulk)
    return ok;
  if (!ok)
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!exec (store->db.db, store->path, "COMMIT", "saving", error))
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Appends an entry to the journal and applies it; inside a transaction. */
static gboolean
record_full (KpStore           *store,
             const char        *operator,
             const char        *action,
             const char        *content,
             const EnterValues *enter,
             GError           **error)
{
  g_autoptr(KpJournalEntry) entry = kp_journal_entry_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (&store->db, store->path, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entry->seq = sqlite3_column_int64 (stmt, 0) + 1;
      entry->prev = g_strdup (col_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    {
      entry->seq = 1;
      entry->prev = g_strdup (KP_JOURNAL_GENESIS);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (store->db.db, rc, store->path, "reading the journal", error);

  entry->at = kp_journal_now ();
  entry->operator = g_strdup (operator);
  entry->action = g_strdup (action);
  entry->content = g_strdup (content);
  entry->hash = kp_journal_entry_compute_hash (entry);

  stmt = prepare (&store->db, store->path,
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
  if (!step_done (&store->db, store->path, stmt, "writing the journal", error))
    return FALSE;

  /* The hot path applies an entered ballot from its values instead of
   * parsing the content back; verify replays the JSON and compares, so the
   * two paths are checked against each other. */
  if (enter != NULL)
    return apply_enter (&store->db, store->path, entry->seq, entry->operator, enter, error);
  return apply (&store->db, store->path, entry, error);
}

static gboolean
record (KpStore     *store,
        const char  *operator,
        const char  *action,
        const char  *content,
        GError     **error)
{
  return record_full (store, operator, action, content, NULL, error);
}

static gboolean
check_operator (const char  *operator,
                GError     **error)
{
  if (operator == NULL || *operator == '\0' || !g_utf8_validate (operator, -1, NULL))
    return invalid (error, KP_STORE_ERROR_INVALID, "who is doing this? give the operator's name");
  for (const char *c = operator; *c; c++)
    if ((unsigned char) *c < 0x20)
      return invalid (error, KP_STORE_ERROR_INVALID, "the operator's name holds a control character");
  if (g_utf8_strlen (operator, -1) > KP_MAX_NAME_CHARS)
    return invalid (error, KP_STORE_ERROR_INVALID, "the operator's name is longer than %u characters",
                    KP_MAX_NAME_CHARS);
  return TRUE;
}

/* --- open and create ------------------------------------------------------ */

static gboolean
configure (sqlite3     *db,
           const char  *path,
           GError     **error)
{
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 10000);
  return exec (db, path, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
               "configuring", error);
}

static gboolean
load_congress (KpStore  *store,
               GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT value FROM meta WHERE key = 'definition'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return invalid (error, KP_STORE_ERROR_CORRUPT, "%s: the congress file holds no definition",
                      store->path);
    }
  store->congress = kp_definition_load_data (col_text (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                             "definition", &local_error);
  sqlite3_reset (stmt);
  if (store->congress == NULL)
    return invalid (error, KP_STORE_ERROR_CORRUPT, "%s: the stored definition is unreadable: %s",
                    store->path, local_error->message);
  return TRUE;
}

static void
remove_files (const char *path)
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
kp_store_create (const char  *path,
                 const char  *definition,
                 gsize        length,
                 const char  *definition_name,
                 const char  *operator,
                 GError     **error)
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

  if (!check_operator (operator, error))
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
                   "%s already exists; choose another name (a congress file is never overwritten)",
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
                     "%s: cannot create the congress file in %s: %s", path, dir, g_strerror (saved));
        return NULL;
      }
  }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, "creating the congress file", error);
      sqlite3_close (db);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        remove_files (path);
      return NULL;
    }

  store = g_new0 (KpStore, 1);
  store->path = g_strdup (path);
  db_init (&store->db, db);

  mode = pragma_text (db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (mode, "wal") != 0)
    {
      if (rc == SQLITE_OK)
        rc = SQLITE_READONLY;
      set_sqlite_error (db, rc, path, "creating the congress file", error);
      goto fail;
    }
  if (!configure (db, path, error)
      || !exec (db, path, "BEGIN IMMEDIATE", "creating the congress file", error))
    goto fail;
  for (guint v = 1; v <= KP_STORE_SCHEMA_VERSION; v++)
    if (!exec (db, path, migrations[v], "creating the congress file", error))
      goto fail;
  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                                KP_APPLICATION_ID, KP_STORE_SCHEMA_VERSION);
    if (!exec (db, path, pragmas, "creating the congress file", error))
      goto fail;
  }

  content = g_string_new ("{");
  append_string_member (content, "format", "kiemphieu/congress@1");
  append_string_member (content, "definition", text);
  g_string_append_c (content, '}');
  content_text = g_string_free (content, FALSE);
  if (!record (store, operator, "create", content_text, error)
      || !exec (db, path, "COMMIT", "creating the congress file", error)
      || !load_congress (store, error))
    goto fail;

  return g_steal_pointer (&store);

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_clear_pointer (&store, kp_store_close);
  remove_files (path);
  return NULL;
}

/**
 * kp_store_open:
 *
 * Opens a congress file. A file that is not a congress file, is damaged or
 * was written by a newer version is refused before anything is written.
 *
 * Returns: (transfer full): the congress file, or %NULL with @error set.
 */
KpStore *
kp_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autofree char *check = NULL;
  g_autofree char *mode = NULL;
  sqlite3 *db = NULL;
  gint64 app_id, version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, "%s: no such congress file", path);
      return NULL;
    }

  {
    /* The WAL files live next to the congress file: both must be writable. */
    g_autofree char *dir = g_path_get_dirname (path);
    if (g_access (path, W_OK) != 0 || g_access (dir, W_OK) != 0)
      {
        int saved = errno;
        g_set_error (error, KP_STORE_ERROR,
                     saved == EROFS || saved == EACCES || saved == EPERM ? KP_STORE_ERROR_READ_ONLY
                                                                          : KP_STORE_ERROR_IO,
                     "%s: the file or its folder cannot be written (%s); copy the congress file "
                     "to a writable folder to work on it", path, g_strerror (saved));
        return NULL;
      }
  }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, "opening", error);
      sqlite3_close (db);
      return NULL;
    }
  store = g_new0 (KpStore, 1);
  store->path = g_strdup (path);
  db_init (&store->db, db);
  sqlite3_extended_result_codes (db, 1);

  /* Read-only questions first: nothing is written to a foreign file. */
  app_id = pragma_int (db, "PRAGMA application_id", &rc);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, "opening", error);
      return NULL;
    }
  if (app_id != KP_APPLICATION_ID)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   "%s: not a KiemPhieu congress file (another kind of database)", path);
      return NULL;
    }
  version = pragma_int (db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, "opening", error);
      return NULL;
    }
  if (version > KP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NEWER,
                   "%s was written by a newer KiemPhieu (file version %" G_GINT64_FORMAT
                   ", this program reads up to %d); open it with that version",
                   path, version, KP_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   "%s: not a congress file (no schema)", path);
      return NULL;
    }
  mode = pragma_text (db, "PRAGMA journal_mode", &rc);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, "opening", error);
      return NULL;
    }
  check = pragma_text (db, "PRAGMA quick_check", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (check, "ok") != 0)
    {
      if (rc == SQLITE_OK)
        g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT,
                     "%s: the congress file is damaged (%s); restore it from the archive", path, check);
      else
        set_sqlite_error (db, rc, path, "checking", error);
      return NULL;
    }
  if (!configure (db, path, error))
    return NULL;

  /* Forward migrations, all or nothing. */
  if (version < KP_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", KP_STORE_SCHEMA_VERSION);

      if (!exec (db, path, "BEGIN IMMEDIATE", "upgrading the congress file", error))
        return NULL;
      for (gint64 v = version + 1; v <= KP_STORE_SCHEMA_VERSION; v++)
        if (!exec (db, path, migrations[v], "upgrading the congress file", error))
          {
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
            return NULL;
          }
      if (!exec (db, path, set_version, "upgrading the congress file", error)
          || !exec (db, path, "COMMIT", "upgrading the congress file", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }

  if (!load_congress (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

void
kp_store_close (KpStore *store)
{
  if (store == NULL)
    return;
  db_clear (&store->db);
  g_clear_pointer (&store->congress, kp_congress_free);
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
  return store->congress;
}

/* --- elections and rounds -------------------------------------------------- */

const char *
kp_entry_mode_to_string (KpEntryMode mode)
{
  switch (mode)
    {
    case KP_ENTRY_SINGLE:
      return "single";
    case KP_ENTRY_DOUBLE:
      return "double";
    case KP_ENTRY_TRIPLE:
      return "triple";
    default:
      g_assert_not_reached ();
    }
}

gboolean
kp_entry_mode_from_string (const char  *str,
                           KpEntryMode *mode)
{
  for (KpEntryMode m = KP_ENTRY_SINGLE; m <= KP_ENTRY_TRIPLE; m++)
    if (g_strcmp0 (str, kp_entry_mode_to_string (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }
  return FALSE;
}

void
kp_round_info_free (KpRoundInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info);
}

static KpRoundInfo *
round_info_from_row (KpStore      *store,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  KpRoundInfo *info = g_new0 (KpRoundInfo, 1);
  g_autoptr(GPtrArray) candidates = candidates_from_json (col_text (stmt, 3));
  sqlite3_stmt *count;

  if (candidates == NULL)
    candidates = g_ptr_array_new ();

  info->id = g_strdup (col_text (stmt, 0));
  info->round = sqlite3_column_int64 (stmt, 1);
  info->seats = sqlite3_column_int64 (stmt, 2);
  info->n_candidates = candidates->len;
  info->mode = sqlite3_column_int64 (stmt, 4);
  info->state = g_str_equal (col_text (stmt, 5), "paused")      ? KP_ELECTION_PAUSED
                : g_str_equal (col_text (stmt, 5), "confirmed") ? KP_ELECTION_CONFIRMED
                                                                 : KP_ELECTION_OPEN;
  info->issued = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 6);

  count = prepare (&store->db, store->path,
                   "SELECT pass, count(*) FROM ballots WHERE election = ?1 AND round = ?2"
                   " AND voided_seq IS NULL GROUP BY pass", error);
  if (count == NULL)
    {
      kp_round_info_free (info);
      return NULL;
    }
  sqlite3_bind_text (count, 1, info->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (count, 2, info->round);
  while (sqlite3_step (count) == SQLITE_ROW)
    {
      const char *pass = col_text (count, 0);
      if (pass[0] >= 'A' && pass[0] <= 'C')
        info->entered[pass[0] - 'A'] = sqlite3_column_int64 (count, 1);
    }
  sqlite3_reset (count);
  return info;
}

/**
 * kp_store_list_rounds:
 *
 * Returns: (transfer full) (element-type KpRoundInfo): every round of every
 * election, in definition order then round order.
 */
GPtrArray *
kp_store_list_rounds (KpStore  *store,
                      GError  **error)
{
  g_autoptr(GPtrArray) rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_round_info_free);

  for (guint i = 0; i < store->congress->elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (store->congress->elections, i);
      sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                    "SELECT id, round, seats, candidates, mode, state, issued"
                                    " FROM elections WHERE id = ?1 ORDER BY round", error);
      g_autoptr(GPtrArray) these = g_ptr_array_new ();

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          /* round_info_from_row uses another statement: collect first. */
          g_ptr_array_add (these, GINT_TO_POINTER ((int) sqlite3_column_int64 (stmt, 1)));
        }
      sqlite3_reset (stmt);
      for (guint j = 0; j < these->len; j++)
        {
          KpRoundInfo *info = kp_store_get_round_info (store, e->id, GPOINTER_TO_INT (these->pdata[j]), error);
          if (info == NULL)
            return NULL;
          g_ptr_array_add (rounds, info);
        }
    }
  return g_steal_pointer (&rounds);
}

/**
 * kp_store_get_round_info:
 * @round: a round, or 0 for the latest
 *
 * Returns: (transfer full): what a round is and holds, or %NULL with @error.
 */
KpRoundInfo *
kp_store_get_round_info (KpStore     *store,
                         const char  *election_id,
                         guint        round,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  KpRoundInfo *info;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = prepare (&store->db, store->path,
                  "SELECT id, round, seats, candidates, mode, state, issued FROM elections"
                  " WHERE id = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      invalid (error, KP_STORE_ERROR_INVALID, "election %s has no round %u", election_id, round);
      return NULL;
    }
  info = round_info_from_row (store, stmt, error);
  sqlite3_reset (stmt);
  return info;
}

/**
 * kp_store_latest_round:
 *
 * Returns: the latest round of the election, or 0 with @error set when
 * there is no such election.
 */
guint
kp_store_latest_round (KpStore     *store,
                       const char  *election_id,
                       GError     **error)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT max(round) FROM elections WHERE id = ?1", error);
  guint round = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    round = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (round == 0)
    {
      GString *ids = g_string_new (NULL);
      for (guint i = 0; i < store->congress->elections->len; i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "",
                                ((KpElection *) store->congress->elections->pdata[i])->id);
      invalid (error, KP_STORE_ERROR_INVALID, "%s: no election \"%s\" (there are: %s)",
               store->path, election_id, ids->str);
      g_string_free (ids, TRUE);
    }
  return round;
}

/**
 * kp_store_get_election:
 * @round: a round, or 0 for the latest
 *
 * Returns: (transfer full): the election as it stands in @round: its own
 * seats and list (R-ROUND-1), the congress's base and title.
 */
KpElection *
kp_store_get_election (KpStore     *store,
                       const char  *election_id,
                       guint        round,
                       GError     **error)
{
  const KpElection *defined = kp_congress_find_election (store->congress, election_id);
  g_autoptr(KpElection) election = NULL;
  sqlite3_stmt *stmt;

  if (defined == NULL || (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0))
    {
      if (defined == NULL)
        kp_store_latest_round (store, election_id, error);
      return NULL;
    }
  stmt = prepare (&store->db, store->path,
                  "SELECT seats, candidates, issued FROM elections WHERE id = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      invalid (error, KP_STORE_ERROR_INVALID, "election %s has no round %u", election_id, round);
      return NULL;
    }
  election = kp_election_copy (defined);
  election->round = round;
  {
    gint64 seats = sqlite3_column_int64 (stmt, 0);
    GPtrArray *candidates = candidates_from_json (col_text (stmt, 1));

    /* A damaged or hostile file: refuse, never assert. */
    if (candidates == NULL || seats < 1 || seats > KP_MAX_CANDIDATES || candidates->len < (guint) seats
        || candidates->len > KP_MAX_CANDIDATES)
      {
        sqlite3_reset (stmt);
        if (candidates)
          g_ptr_array_unref (candidates);
        invalid (error, KP_STORE_ERROR_CORRUPT, "%s: round %u of %s is damaged (its list or seats cannot be read)",
                 store->path, round, election_id);
        return NULL;
      }
    election->seats = seats;
    g_ptr_array_unref (election->candidates);
    election->candidates = candidates;
  }
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    election->issued = sqlite3_column_int64 (stmt, 2);
  else if (round != defined->round)
    election->issued = -1;
  sqlite3_reset (stmt);
  return g_steal_pointer (&election);
}

/* --- locks ---------------------------------------------------------------------- */

/* A confirmed round is locked: nothing that changes its count may happen.
 * @round 0 means: any round of the election. */
static gboolean
check_unlocked (KpStore     *store,
                const char  *election_id,
                guint        round,
                GError     **error)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
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
    return invalid (error, KP_STORE_ERROR_LOCKED, "round %" G_GINT64_FORMAT " of %s is confirmed: its "
                    "ballots, rulings and settings can no longer change", confirmed, election_id);
  return TRUE;
}

/* --- settings -------------------------------------------------------------- */

static gboolean
simple_action (KpStore     *store,
               const char  *operator,
               const char  *action,
               GString     *content,
               GError     **error)
{
  gboolean ok;

  g_string_append_c (content, '}');
  if (!check_operator (operator, error) || !begin (store, error))
    return FALSE;
  ok = record (store, operator, action, content->str, error);
  return finish (store, ok, error);
}

/**
 * kp_store_set_mode:
 *
 * The committee's choice of single, double or triple entry for an election
 * (all its rounds). Allowed only while no pass beyond the new mode holds
 * ballots.
 */
gboolean
kp_store_set_mode (KpStore     *store,
                   const char  *election_id,
                   KpEntryMode  mode,
                   const char  *operator,
                   GError     **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  sqlite3_stmt *stmt;
  gint64 beyond = 0;

  if (kp_store_latest_round (store, election_id, error) == 0 || !check_unlocked (store, election_id, 0, error))
    return FALSE;
  stmt = prepare (&store->db, store->path,
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
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "%s: %" G_GINT64_FORMAT " ballots are entered in passes that %s entry does not "
                    "use; void them first", election_id, beyond, kp_entry_mode_to_string (mode));

  append_string_member (content, "election", election_id);
  append_int_member (content, "mode", mode);
  return simple_action (store, operator, "mode", content, error);
}

gboolean
kp_store_set_issued (KpStore     *store,
                     const char  *election_id,
                     guint        round,
                     guint        issued,
                     const char  *operator,
                     GError     **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!check_unlocked (store, election_id, round, error))
    return FALSE;
  append_string_member (content, "election", election_id);
  append_int_member (content, "round", round);
  append_int_member (content, "issued", issued);
  return simple_action (store, operator, "issued", content, error);
}

/**
 * kp_store_set_paused:
 *
 * R-PAUSE-1: pauses an election (no ballots can be entered) or resumes it,
 * with the reason in the journal.
 */
gboolean
kp_store_set_paused (KpStore     *store,
                     const char  *election_id,
                     gboolean     paused,
                     const char  *reason,
                     const char  *operator,
                     GError     **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (kp_store_latest_round (store, election_id, error) == 0)
    return FALSE;
  if (!check_unlocked (store, election_id, kp_store_latest_round (store, election_id, NULL), error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    return invalid (error, KP_STORE_ERROR_INVALID, "give the reason (it goes into the journal)");
  append_string_member (content, "election", election_id);
  append_string_member (content, "reason", reason);
  return simple_action (store, operator, paused ? "pause" : "resume", content, error);
}

/* How many ballots, live or voided, the file holds; -1 with @error set. */
static gint64
count_all_ballots (KpStore  *store,
                   GError  **error)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path, "SELECT count(*) FROM ballots", error);
  gint64 n;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    set_sqlite_error (store->db.db, rc, store->path, "counting ballots", error);
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
kp_store_set_rehearsal (KpStore     *store,
                        gboolean     on,
                        const char  *operator,
                        GError     **error)
{
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *source = NULL;
  gint64 ballots;
  gboolean ok;

  if (!check_operator (operator, error))
    return FALSE;
  if ((source = kp_store_get_rehearsal_source (store)) != NULL)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "%s is a rehearsal copy of %s and stays one (THỬ NGHIỆM): nothing entered in it counts. "
                    "The real count is in %s", store->path, source, source);
  append_key (content, "on");
  g_string_append (content, on ? "true}" : "false}");
  if (!begin (store, error))
    return FALSE;
  /* Counted inside the write transaction: no ballot slips in between. */
  ballots = count_all_ballots (store, error);
  if (ballots > 0)
    invalid (error, KP_STORE_ERROR_INVALID,
             "%s holds %" G_GINT64_FORMAT " ballots (live or voided): rehearsal mode cannot be switched %s "
             "once ballots are entered, or test ballots would count as real ones (or real ones as a test). "
             "Rehearse in a separate copy instead (kiemphieu-cli rehearsal C --to COPY, or "
             "\"Rehearsal (separate copy)\" in the app)", store->path, ballots, on ? "on" : "off");
  ok = ballots == 0 && record (store, operator, "rehearsal", content->str, error);
  return finish (store, ok, error);
}

gboolean
kp_store_is_rehearsal (KpStore *store)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT value FROM meta WHERE key = 'rehearsal'", NULL);
  gboolean on = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    on = g_str_equal (col_text (stmt, 0), "1");
  sqlite3_reset (stmt);
  return on;
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
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT value FROM meta WHERE key = 'rehearsal_copy_of'", NULL);
  char *source = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    source = g_strdup (col_text (stmt, 0));
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
kp_store_create_rehearsal (KpStore     *store,
                           const char  *path,
                           const char  *operator,
                           GError     **error)
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

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   "%s already exists; choose another name for the rehearsal copy (a file is never overwritten)",
                   path);
      return NULL;
    }
  if ((journal = kp_store_get_journal (store, error)) == NULL)
    return NULL;
  first = journal->len ? journal->pdata[0] : NULL;
  created = first && g_str_equal (first->action, "create") ? parse_object (first->content, &parser) : NULL;
  definition = created ? json_object_get_string_member_with_default (created, "definition", NULL) : NULL;
  if (definition == NULL)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT,
                   "%s: the journal does not begin with the congress's definition; verify the file", store->path);
      return NULL;
    }
  last = journal->pdata[journal->len - 1];

  part = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
  copy = kp_store_create (part, definition, strlen (definition), store->path, operator, error);
  if (copy == NULL)
    return NULL;

  source = g_path_get_basename (store->path);
  append_key (content, "on");
  g_string_append (content, "true");
  append_string_member (content, "copy_of", source);
  append_string_member (content, "source_head", last->hash);
  g_string_append_c (content, '}');
  if (!begin (copy, error))
    goto fail;
  ok = record (copy, operator, "rehearsal", content->str, error);
  for (guint i = 1; ok && i < journal->len; i++)
    {
      const KpJournalEntry *e = journal->pdata[i];
      if (defines_rounds (e->action))
        ok = record (copy, operator, e->action, e->content, error);
    }
  if (!finish (copy, ok, error))
    goto fail;
  g_clear_pointer (&copy, kp_store_close);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS,
                   "%s already exists; choose another name for the rehearsal copy (a file is never overwritten)",
                   path);
      goto fail;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, "%s: cannot create the rehearsal copy: %s", path,
                   g_strerror (saved));
      goto fail;
    }
  return kp_store_open (path, error);

fail:
  g_clear_pointer (&copy, kp_store_close);
  remove_files (part);
  return NULL;
}

/* --- ballots --------------------------------------------------------------- */

gboolean
kp_store_begin_bulk (KpStore  *store,
                     GError  **error)
{
  g_return_val_if_fail (!store->in_bulk, FALSE);
  if (!exec (store->db.db, store->path, "BEGIN IMMEDIATE", "starting to write", error))
    return FALSE;
  store->in_bulk = TRUE;
  return TRUE;
}

gboolean
kp_store_commit_bulk (KpStore  *store,
                      GError  **error)
{
  g_return_val_if_fail (store->in_bulk, FALSE);
  store->in_bulk = FALSE;
  if (!exec (store->db.db, store->path, "COMMIT", "saving", error))
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
kp_store_rollback_bulk (KpStore *store)
{
  if (!store->in_bulk)
    return;
  store->in_bulk = FALSE;
  sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
check_pass (KpStore          *store,
            const KpRoundInfo *info,
            char              pass,
            GError          **error)
{
  if (pass < 'A' || pass > 'C')
    return invalid (error, KP_STORE_ERROR_INVALID, "pass must be A, B or C");
  if (pass - 'A' >= (int) info->mode)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "%s is in %s-entry mode: pass %c is not used (the committee can choose "
                    "double or triple entry with `kiemphieu-cli mode`)",
                    info->id, kp_entry_mode_to_string (info->mode), pass);
  return TRUE;
}

/* What entering a ballot needs to know of a round, without counting its
 * ballots or reading its list: one indexed row. */
static KpRoundInfo *
get_round_meta (KpStore     *store,
                const char  *election_id,
                guint        round,
                GError     **error)
{
  sqlite3_stmt *stmt;
  KpRoundInfo *info;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = prepare (&store->db, store->path,
                  "SELECT seats, n_candidates, mode, state FROM elections WHERE id = ?1 AND round = ?2",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      invalid (error, KP_STORE_ERROR_INVALID, "election %s has no round %u", election_id, round);
      return NULL;
    }
  info = g_new0 (KpRoundInfo, 1);
  info->id = g_strdup (election_id);
  info->round = round;
  info->seats = sqlite3_column_int64 (stmt, 0);
  info->n_candidates = sqlite3_column_int64 (stmt, 1);
  info->mode = sqlite3_column_int64 (stmt, 2);
  info->state = g_str_equal (col_text (stmt, 3), "paused")      ? KP_ELECTION_PAUSED
                : g_str_equal (col_text (stmt, 3), "confirmed") ? KP_ELECTION_CONFIRMED
                                                                 : KP_ELECTION_OPEN;
  sqlite3_reset (stmt);
  return info;
}

/**
 * kp_store_enter:
 * @round: the round, or 0 for the latest
 * @pass: 'A', 'B' or 'C'
 * @ballot: a ballot of the round's form and size
 *
 * Enters one ballot in its own durable transaction (unless inside
 * kp_store_begin_bulk): when this returns %TRUE, the ballot is on disk.
 */
gboolean
kp_store_enter (KpStore         *store,
                const char      *election_id,
                guint            round,
                char             pass,
                const char      *operator,
                const KpBallot  *ballot,
                GError         **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *struck = NULL;
  g_autofree char *flag = NULL;
  gboolean ok;

  if (!check_operator (operator, error))
    return FALSE;
  if (!begin (store, error))
    return FALSE;

  info = get_round_meta (store, election_id, round, error);
  if (info == NULL || !check_pass (store, info, pass, error))
    return finish (store, FALSE, error);
  if (info->state == KP_ELECTION_PAUSED)
    {
      invalid (error, KP_STORE_ERROR_INVALID, "%s is paused; resume it before entering ballots",
               election_id);
      return finish (store, FALSE, error);
    }
  if (info->state == KP_ELECTION_CONFIRMED)
    {
      invalid (error, KP_STORE_ERROR_LOCKED, "round %u of %s is confirmed: its ballots can no longer change",
               info->round, election_id);
      return finish (store, FALSE, error);
    }
  if (ballot->n_candidates != info->n_candidates
      || ballot->form != (info->n_candidates > info->seats ? KP_BALLOT_FORM_STRIKE : KP_BALLOT_FORM_YESNO)
      || ballot->serial == 0)
    {
      invalid (error, KP_STORE_ERROR_INVALID, "the ballot does not fit round %u of %s", info->round,
               election_id);
      return finish (store, FALSE, error);
    }

  struck = kp_ballot_struck_to_string (ballot);
  flag = kp_ballot_flag_to_string (ballot);
  append_string_member (content, "election", election_id);
  append_int_member (content, "round", info->round);
  append_string_member (content, "pass", (char[]) { pass, '\0' });
  append_int_member (content, "serial", ballot->serial);
  append_string_member (content, "struck", struck);
  append_string_member (content, "marks", ballot->marks ? ballot->marks : "");
  append_string_member (content, "invalid", flag);
  g_string_append_c (content, '}');

  {
    char pass_text[2] = { pass, '\0' };
    EnterValues values = { election_id, info->round, pass_text, ballot->serial, struck,
                           ballot->marks ? ballot->marks : "", flag };
    ok = record_full (store, operator, "enter", content->str, &values, error);
  }
  return finish (store, ok, error);
}

static KpBallot *
ballot_from_row (const KpElection *election,
                 guint             serial,
                 const char       *struck,
                 const char       *marks,
                 const char       *flag_text)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  KpInvalidReason flag;
  KpBallot *ballot;

  if (kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE)
    {
      ballot = kp_ballot_new_strike (serial, election->candidates->len);
      if (!kp_ballot_parse_struck (ballot, struck, &message))
        g_warning ("ballot %u: %s", serial, message);
    }
  else if (strlen (marks) == election->candidates->len)
    ballot = kp_ballot_new_yesno (serial, marks);
  else
    {
      g_autofree char *none = g_strnfill (election->candidates->len, KP_MARK_NEITHER);
      ballot = kp_ballot_new_yesno (serial, none);
    }
  if (kp_invalid_flag_parse (flag_text, &flag, &text))
    kp_ballot_set_flag (ballot, flag, text);
  return ballot;
}

/* Live ballots of one pass, by serial. */
static GHashTable *
load_pass (KpStore          *store,
           const KpElection *election,
           char              pass,
           GError          **error)
{
  GHashTable *ballots = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kp_ballot_free);
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT serial, struck, marks, invalid FROM ballots WHERE election = ?1"
                                " AND round = ?2 AND pass = ?3 AND voided_seq IS NULL", error);
  int rc;

  if (stmt == NULL)
    {
      g_hash_table_unref (ballots);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, election->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, election->round);
  sqlite3_bind_text (stmt, 3, (char[]) { pass, '\0' }, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint serial = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (ballots, GUINT_TO_POINTER (serial),
                           ballot_from_row (election, serial, col_text (stmt, 1), col_text (stmt, 2),
                                            col_text (stmt, 3)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (ballots);
      set_sqlite_error (store->db.db, rc, store->path, "reading ballots", error);
      return NULL;
    }
  return ballots;
}

/**
 * kp_store_get_ballot:
 *
 * Returns: (transfer full) (nullable): the live ballot @serial of @pass,
 * or %NULL (without error) when there is none.
 */
KpBallot *
kp_store_get_ballot (KpStore     *store,
                     const char  *election_id,
                     guint        round,
                     char         pass,
                     guint        serial,
                     GError     **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(GHashTable) ballots = NULL;

  if (election == NULL)
    return NULL;
  ballots = load_pass (store, election, pass, error);
  if (ballots == NULL)
    return NULL;
  {
    const KpBallot *ballot = g_hash_table_lookup (ballots, GUINT_TO_POINTER (serial));
    return ballot ? kp_ballot_copy (ballot) : NULL;
  }
}

/**
 * kp_store_get_pass:
 *
 * Returns: (transfer full) (element-type guint KpBallot): the live ballots
 * of one pass by serial (GUINT_TO_POINTER), or %NULL with @error set.
 */
GHashTable *
kp_store_get_pass (KpStore     *store,
                   const char  *election_id,
                   guint        round,
                   char         pass,
                   GError     **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);

  if (election == NULL)
    return NULL;
  return load_pass (store, election, pass, error);
}

/**
 * kp_store_next_serial:
 *
 * Returns: one more than the highest serial entered (voided or not) in the
 * pass, so a serial is never reused by accident; 0 with @error on failure.
 */
guint
kp_store_next_serial (KpStore     *store,
                      const char  *election_id,
                      guint        round,
                      char         pass,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  guint next = 1;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return 0;
  stmt = prepare (&store->db, store->path,
                  "SELECT coalesce(max(serial), 0) + 1 FROM ballots WHERE election = ?1"
                  " AND round = ?2 AND pass = ?3 AND voided_seq IS NULL", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  sqlite3_bind_text (stmt, 3, (char[]) { pass, '\0' }, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return next;
}

/**
 * kp_store_void:
 *
 * Voids a ballot: it stays in the history and no longer counts; the serial
 * can then be entered again. An earlier ruling on that serial lapses.
 */
gboolean
kp_store_void (KpStore     *store,
               const char  *election_id,
               guint        round,
               char         pass,
               guint        serial,
               const char  *reason,
               const char  *operator,
               GError     **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!check_unlocked (store, election_id, round, error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    return invalid (error, KP_STORE_ERROR_INVALID, "give the reason for voiding (it goes into the journal)");
  if (pass < 'A' || pass > 'C')
    return invalid (error, KP_STORE_ERROR_INVALID, "pass must be A, B or C");
  append_string_member (content, "election", election_id);
  append_int_member (content, "round", round);
  append_string_member (content, "pass", (char[]) { pass, '\0' });
  append_int_member (content, "serial", serial);
  append_string_member (content, "reason", reason);
  return simple_action (store, operator, "void", content, error);
}

/* --- reconciliation ---------------------------------------------------------- */

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
kp_store_reconcile (KpStore     *store,
                    const char  *election_id,
                    guint        round,
                    GPtrArray  **agreed,
                    GError     **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GPtrArray) counted = NULL;
  g_autoptr(GHashTable) serials = NULL;
  g_autoptr(GHashTable) resolutions = NULL;
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

      passes[p] = load_pass (store, election, 'A' + p, error);
      if (passes[p] == NULL)
        goto fail;
      g_hash_table_iter_init (&iter, passes[p]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (serials, key);
    }

  stmt = prepare (&store->db, store->path,
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
      if (!sqlite3_column_int64 (stmt, 1))
        r->resolution = ballot_from_row (election, r->serial, col_text (stmt, 2), col_text (stmt, 3),
                                         col_text (stmt, 4));
      r->reason = g_strdup (col_text (stmt, 5));
      r->operator = g_strdup (col_text (stmt, 6));
      g_hash_table_insert (resolutions, GUINT_TO_POINTER (r->serial), r);
      g_hash_table_add (serials, GUINT_TO_POINTER (r->serial));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (store->db.db, rc, store->path, "reading rulings", error);
      goto fail;
    }

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

static char *meta_value (KpStore    *store,
                         const char *key);

#define AUTH_WINDOW_SECONDS 600
#define AUTH_MAX_FAILURES 5

/* Wrong passphrases are rate-limited across processes: after 5 within ten
 * minutes, the head must wait until the oldest of them is ten minutes old.
 * Each failure also costs two seconds. */
static gboolean
auth_allowed (KpStore  *store,
              GError  **error)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path,
                                "SELECT count(*), min(at) FROM auth_failures WHERE at > ?1", error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, count = 0, oldest = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - AUTH_WINDOW_SECONDS);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      oldest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (count >= AUTH_MAX_FAILURES)
    return invalid (error, KP_STORE_ERROR_PASSPHRASE,
                    "%" G_GINT64_FORMAT " wrong passphrases in ten minutes: wait %" G_GINT64_FORMAT " seconds before "
                    "trying again", count, oldest + AUTH_WINDOW_SECONDS - now);
  return TRUE;
}

static void
auth_failed (KpStore *store)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path, "INSERT INTO auth_failures (at) VALUES (?1)", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  g_usleep (2 * G_USEC_PER_SEC);
}

/* Roles: what only the head of the counting committee may do (confirm,
 * settle disagreements, override the air-gap check) takes the head's
 * passphrase, the one that seals the signing key. */
static KpKey *
unlock_head (KpStore     *store,
             const char  *passphrase,
             const char  *what,
             GError     **error)
{
  g_autofree char *sealed = meta_value (store, "sealed_key");
  g_autoptr(GError) local_error = NULL;
  KpKey *key;

  if (sealed == NULL)
    {
      invalid (error, KP_STORE_ERROR_INVALID,
               "%s needs the head's passphrase, and %s has no signing key yet: the head creates it first with "
               "`kiemphieu-cli keys --init`", what, store->path);
      return NULL;
    }
  if (!auth_allowed (store, error))
    return NULL;
  key = kp_key_unseal (sealed, passphrase ? passphrase : "", &local_error);
  if (key == NULL)
    {
      if (g_error_matches (local_error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE))
        {
          auth_failed (store);
          invalid (error, KP_STORE_ERROR_PASSPHRASE, "wrong passphrase: %s is refused", what);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return key;
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
kp_store_resolve (KpStore         *store,
                  const char      *election_id,
                  guint            round,
                  guint            serial,
                  char             take,
                  const KpBallot  *value,
                  const char      *reason,
                  const char      *passphrase,
                  const char      *operator,
                  GError         **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(KpBallot) chosen = NULL;
  g_autoptr(KpKey) head = NULL;
  g_autofree char *struck = NULL;
  g_autofree char *flag = NULL;
  gboolean known = FALSE;

  if (election == NULL)
    return FALSE;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return FALSE;
  if (!check_unlocked (store, election_id, election->round, error))
    return FALSE;
  if (info->mode == KP_ENTRY_SINGLE)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "%s is in single-entry mode: there is nothing to reconcile (void and re-enter "
                    "to correct a ballot)", election_id);
  if (reason == NULL || *reason == '\0')
    return invalid (error, KP_STORE_ERROR_INVALID, "give the reason for the ruling (it is recorded)");
  if ((head = unlock_head (store, passphrase, "settling a disagreement", error)) == NULL)
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
    return invalid (error, KP_STORE_ERROR_INVALID, "no pass of %s holds ballot %u", election_id, serial);

  if (take == 'V')
    {
      if (value == NULL)
        return invalid (error, KP_STORE_ERROR_INVALID, "give the committee's reading of the ballot");
      if (value->n_candidates != election->candidates->len
          || value->form != kp_election_get_form (election))
        return invalid (error, KP_STORE_ERROR_INVALID, "the ruling does not fit the ballot of %s", election_id);
      chosen = kp_ballot_copy (value);
      chosen->serial = serial;
    }
  else if (take < 'A' || take >= 'A' + (char) info->mode)
    return invalid (error, KP_STORE_ERROR_INVALID, "take A, B%s or a value", info->mode == KP_ENTRY_TRIPLE ? ", C" : "");

  append_string_member (content, "election", election_id);
  append_int_member (content, "round", election->round);
  append_int_member (content, "serial", serial);
  append_string_member (content, "take", (char[]) { take, '\0' });
  append_key (content, "absent");
  g_string_append (content, chosen ? "false" : "true");
  struck = chosen ? kp_ballot_struck_to_string (chosen) : g_strdup ("");
  flag = chosen ? kp_ballot_flag_to_string (chosen) : g_strdup ("");
  append_string_member (content, "struck", struck);
  append_string_member (content, "marks", chosen && chosen->marks ? chosen->marks : "");
  append_string_member (content, "invalid", flag);
  append_string_member (content, "reason", reason);
  return simple_action (store, operator, "resolve", content, error);
}

/* --- results ----------------------------------------------------------------- */

void
kp_check_free (KpCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->check);
  g_free (check->rule);
  g_free (check->status);
  g_free (check->detail);
  g_free (check->words);
  g_free (check);
}

/* @detail (English, for the checks JSON) and @words (Vietnamese, for the
 * minutes and the app) are taken. */
static void
add_check (GPtrArray  *checks,
           const char *check,
           const char *status,
           char       *detail,
           char       *words)
{
  KpCheck *c = g_new0 (KpCheck, 1);

  c->detail = detail;
  c->words = words;
  c->check = g_strdup (check);
  c->rule = g_strdup ("R-RECON-1");
  c->status = g_strdup (status);
  g_ptr_array_add (checks, c);
}

/**
 * kp_store_results:
 * @round: the round, or 0 for the latest
 * @checks: (out) (optional) (transfer full) (element-type KpCheck): the
 *   R-RECON-1 checks with their status
 *
 * Counts the ballots that count (kp_store_reconcile) with the same engine
 * as `tally`.
 *
 * Returns: (transfer full): the result, or %NULL with @error set.
 */
KpResult *
kp_store_results (KpStore     *store,
                  const char  *election_id,
                  guint        round,
                  GPtrArray  **checks,
                  GError     **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GPtrArray) counted = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KpTally) tally = NULL;
  g_autoptr(KpResult) result = NULL;
  guint pending = 0, over_seats = 0;

  if (election == NULL)
    return NULL;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return NULL;
  disagreements = kp_store_reconcile (store, election_id, election->round, &counted, error);
  if (disagreements == NULL)
    return NULL;

  tally = kp_tally_new (election);
  for (guint i = 0; i < counted->len; i++)
    {
      const KpBallot *b = g_ptr_array_index (counted, i);
      if (kp_tally_add (tally, b) == KP_INVALID_NONE && b->form == KP_BALLOT_FORM_STRIKE
          && kp_ballot_count_kept (b) > election->seats)
        over_seats++;
    }
  result = kp_tally_get_result (tally);

  if (checks == NULL)
    return g_steal_pointer (&result);

  /* R-RECON-1: the numbers must add up before results are confirmed. */
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_check_free);
  if (result->issued < 0)
    add_check (list, "collected-le-issued", "unknown",
               g_strdup_printf ("%u ballots collected; ballots issued not recorded yet", result->collected),
               g_strdup_printf ("thu vào %u phiếu; chưa ghi số phiếu phát ra", result->collected));
  else
    add_check (list, "collected-le-issued", result->collected <= result->issued ? "ok" : "failed",
               g_strdup_printf ("%u ballots collected, %" G_GINT64_FORMAT " issued", result->collected, result->issued),
               g_strdup_printf ("thu vào %u phiếu, phát ra %" G_GINT64_FORMAT " phiếu", result->collected,
                                result->issued));
  add_check (list, "valid-plus-invalid", result->valid + result->invalid == result->collected ? "ok" : "failed",
             g_strdup_printf ("%u valid + %u invalid = %u collected", result->valid, result->invalid,
                              result->collected),
             g_strdup_printf ("%u hợp lệ + %u không hợp lệ = %u thu vào", result->valid, result->invalid,
                              result->collected));
  if (info->mode != KP_ENTRY_SINGLE)
    {
      for (guint i = 0; i < disagreements->len; i++)
        pending += !((KpDisagreement *) disagreements->pdata[i])->resolved;
      add_check (list, "passes-agree", pending == 0 ? "ok" : "failed",
                 g_strdup_printf ("%s entry: %u ballots counted; %u disagreements, %u still to resolve",
                                  kp_entry_mode_to_string (info->mode), counted->len, disagreements->len, pending),
                 g_strdup_printf ("nhập %s lượt: tính %u phiếu; %u chỗ khác nhau, còn %u chỗ chưa quyết định",
                                  info->mode == KP_ENTRY_TRIPLE ? "ba" : "hai", counted->len, disagreements->len,
                                  pending));
    }
  else
    add_check (list, "passes-agree", "ok",
               g_strdup_printf ("single entry: %u ballots entered = collected", counted->len),
               g_strdup_printf ("nhập một lượt: %u phiếu đã nhập = số thu vào", counted->len));
  add_check (list, "kept-le-seats", over_seats == 0 ? "ok" : "failed",
             g_strdup_printf ("every valid ballot keeps at most %u names", election->seats),
             g_strdup_printf ("mỗi phiếu hợp lệ giữ không quá %u người", election->seats));
  if (store->congress->present < 0)
    add_check (list, "present-le-convened", "unknown", g_strdup ("the number present is not recorded"),
               g_strdup ("chưa ghi số có mặt"));
  else
    add_check (list, "present-le-convened",
               store->congress->present <= (gint64) store->congress->convened ? "ok" : "failed",
               g_strdup_printf ("%" G_GINT64_FORMAT " present, %u convened", store->congress->present,
                                store->congress->convened),
               g_strdup_printf ("%" G_GINT64_FORMAT " có mặt, %u được triệu tập", store->congress->present,
                                store->congress->convened));
  *checks = g_steal_pointer (&list);
  return g_steal_pointer (&result);
}

/**
 * kp_check_words:
 * @check: a check name ("collected-le-issued", …)
 *
 * Returns: (transfer none): what the check says, in Vietnamese.
 */
const char *
kp_check_words (const char *check)
{
  static const struct
  {
    const char *check;
    const char *words;
  } table[] = {
    { "collected-le-issued", "số phiếu thu vào không vượt số phiếu phát ra" },
    { "valid-plus-invalid", "số phiếu hợp lệ cộng số phiếu không hợp lệ bằng số phiếu thu vào" },
    { "passes-agree", "các lượt nhập phiếu khớp nhau, số phiếu đã nhập bằng số phiếu thu vào" },
    { "kept-le-seats", "mỗi phiếu hợp lệ không bầu quá số lượng cần bầu" },
    { "present-le-convened", "số có mặt không vượt số được triệu tập" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (check, table[i].check))
      return table[i].words;
  return check;
}

/**
 * kp_checks_to_json:
 *
 * Returns: (transfer full): {"format":"kiemphieu/checks@1","election":…,
 * "round":…,"mode":…,"checks":[{"check":…,"rule":…,"status":…,"detail":…}]}
 */
char *
kp_checks_to_json (const char  *election_id,
                   guint        round,
                   KpEntryMode  mode,
                   GPtrArray   *checks)
{
  GString *out = g_string_new ("{");

  append_string_member (out, "format", "kiemphieu/checks@1");
  append_string_member (out, "election", election_id);
  append_int_member (out, "round", round);
  append_string_member (out, "mode", kp_entry_mode_to_string (mode));
  g_string_append (out, ",\"checks\":[");
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      GString *item = g_string_new ("{");

      append_string_member (item, "check", c->check);
      append_string_member (item, "rule", c->rule);
      append_string_member (item, "status", c->status);
      append_string_member (item, "detail", c->detail);
      g_string_append_c (item, '}');
      g_string_append_printf (out, "%s%s", i ? "," : "", item->str);
      g_string_free (item, TRUE);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* --- rounds ------------------------------------------------------------------- */

/**
 * kp_store_next_round:
 * @drop: (array length=n_drop): ballot numbers (of the last round) to leave
 *   off the proposed list
 * @add: (nullable) (array zero-terminated=1): names to add, "Name" or
 *   "Name;YYYY-MM-DD"
 * @replace: redo the latest round's list instead (allowed while it holds no
 *   ballot): the proposal is made again from the round before it
 * @new_round: (out): the round created
 *
 * R-ROUND-1: creates the next round for the seats that remain, with the
 * not-yet-elected names as the default list; the congress may drop or add
 * names, and change the list until the first ballot of the round is entered.
 */
gboolean
kp_store_next_round (KpStore      *store,
                     const char   *election_id,
                     const guint  *drop,
                     guint         n_drop,
                     const char  **add,
                     gboolean      replace,
                     const char   *operator,
                     guint        *new_round,
                     GError      **error)
{
  g_autoptr(KpElection) last = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *list = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  guint latest = kp_store_latest_round (store, election_id, error);

  if (latest == 0)
    return FALSE;
  if (replace)
    {
      g_autoptr(KpRoundInfo) current = kp_store_get_round_info (store, election_id, latest, error);
      sqlite3_stmt *stmt;
      gint64 any = 0;

      if (current == NULL)
        return FALSE;
      if (latest < 2)
        return invalid (error, KP_STORE_ERROR_INVALID, "%s has only round 1, whose list is the "
                        "approved definition", election_id);
      stmt = prepare (&store->db, store->path,
                      "SELECT count(*) FROM ballots WHERE election = ?1 AND round = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, latest);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        any = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (any > 0)
        return invalid (error, KP_STORE_ERROR_INVALID, "round %u of %s already has ballots; its "
                        "list can no longer change", latest, election_id);
      latest--;
    }
  last = kp_store_get_election (store, election_id, latest, error);
  if (last == NULL)
    return FALSE;
  info = kp_store_get_round_info (store, election_id, last->round, error);
  if (info == NULL)
    return FALSE;
  if (info->entered[0] == 0)
    return invalid (error, KP_STORE_ERROR_INVALID, "round %u of %s has no ballots yet",
                    last->round, election_id);
  result = kp_store_results (store, election_id, last->round, &checks, error);
  if (result == NULL)
    return FALSE;
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      if (g_str_equal (c->check, "passes-agree") && g_str_equal (c->status, "failed"))
        return invalid (error, KP_STORE_ERROR_INVALID,
                        "round %u of %s is not reconciled (%s); settle it first", last->round,
                        election_id, c->detail);
    }
  if (result->seats_remaining == 0)
    return invalid (error, KP_STORE_ERROR_INVALID, "round %u of %s filled every seat; no next round",
                    last->round, election_id);

  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_candidate_free);
  for (guint i = 0; i < result->next_round_candidates->len; i++)
    {
      guint no = g_array_index (result->next_round_candidates, guint, i);
      const KpCandidate *c = kp_election_get_candidate (last, no);
      gboolean dropped = FALSE;

      for (guint d = 0; d < n_drop; d++)
        dropped |= drop[d] == no;
      if (!dropped)
        g_ptr_array_add (candidates, kp_candidate_new (candidates->len + 1, c->name, c->born));
    }
  for (guint d = 0; d < n_drop; d++)
    {
      gboolean proposed = FALSE;
      for (guint i = 0; i < result->next_round_candidates->len; i++)
        proposed |= g_array_index (result->next_round_candidates, guint, i) == drop[d];
      if (!proposed)
        return invalid (error, KP_STORE_ERROR_INVALID, "--drop %u: not on the proposed list", drop[d]);
    }
  for (guint i = 0; add && add[i]; i++)
    {
      g_autofree char *text = kp_text_nfc (add[i]);
      g_autofree char *born = NULL;
      char *semicolon;

      if (text == NULL)
        return invalid (error, KP_STORE_ERROR_INVALID, "--add: not valid UTF-8");
      if ((semicolon = strchr (text, ';')) != NULL)
        {
          *semicolon = '\0';
          born = g_strstrip (g_strdup (semicolon + 1));
          if (!kp_date_is_valid (born))
            return invalid (error, KP_STORE_ERROR_INVALID, "--add %s: \"%s\" is not a date written YYYY-MM-DD",
                            text, born);
        }
      g_strstrip (text);
      if (*text == '\0' || g_utf8_strlen (text, -1) > KP_MAX_NAME_CHARS)
        return invalid (error, KP_STORE_ERROR_INVALID, "--add: a name of 1 to %u characters", KP_MAX_NAME_CHARS);
      for (const char *c = text; *c; c++)
        if ((unsigned char) *c < 0x20)
          return invalid (error, KP_STORE_ERROR_INVALID, "--add: a name holds a control character");
      g_ptr_array_add (candidates, kp_candidate_new (candidates->len + 1, text, born));
    }
  if (candidates->len < result->seats_remaining)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "R-FORM-3: %u names for %u seats; a round needs at least as many names as seats",
                    candidates->len, result->seats_remaining);

  list = candidates_to_json (candidates);
  append_string_member (content, "election", election_id);
  append_int_member (content, "round", last->round + 1);
  append_int_member (content, "seats", result->seats_remaining);
  append_key (content, "candidates");
  g_string_append (content, list);
  if (!simple_action (store, operator, replace ? "edit-round" : "next-round", content, error))
    return FALSE;
  if (new_round)
    *new_round = last->round + 1;
  return TRUE;
}

static gboolean verify_confirmations (KpStore *store,
                                      GString *report);

/* --- journal --------------------------------------------------------------------- */

static GPtrArray *
read_journal (Db          *db,
              const char  *path,
              const char  *sql,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db->db, rc, path, "reading the journal", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpJournalEntry *e = kp_journal_entry_new ();
      e->seq = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (col_text (stmt, 1));
      e->operator = g_strdup (col_text (stmt, 2));
      e->action = g_strdup (col_text (stmt, 3));
      e->content = g_strdup (col_text (stmt, 4));
      e->prev = g_strdup (col_text (stmt, 5));
      e->hash = g_strdup (col_text (stmt, 6));
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (db->db, rc, path, "reading the journal", error);
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
kp_store_get_journal (KpStore  *store,
                      GError  **error)
{
  return read_journal (&store->db, store->path,
                       "SELECT seq, at, operator, action, content, prev, hash FROM journal ORDER BY seq",
                       error);
}

static gboolean
compare_table (sqlite3     *db,
               const char  *table,
               GString     *report)
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
                  g_autofree char *shown = value && g_utf8_strlen (value, -1) > 60
                                             ? g_strdup_printf ("%.60s…", value) : g_strdup (value ? value : "NULL");
                  g_string_append_printf (row, "%s%s=%s", col ? ", " : "", sqlite3_column_name (example, col), shown);
                }
              g_string_append_printf (example_text, "  %s: %s\n", direction ? "journal says" : "file has", row->str);
              g_string_free (row, TRUE);
            }
        }
      if (n != 0)
        {
          same = FALSE;
          if (n < 0)
            g_string_append_printf (report, "table %s: cannot be compared (%s)\n", table, sqlite3_errmsg (db));
          else if (direction == 0)
            g_string_append_printf (report, "table %s: %" G_GINT64_FORMAT " rows in the file that the "
                                    "journal does not explain (added or changed outside KiemPhieu)\n",
                                    table, n);
          else
            g_string_append_printf (report, "table %s: %" G_GINT64_FORMAT " rows that the journal "
                                    "records are missing or changed in the file\n", table, n);
          g_string_append (report, example_text->str);
        }
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
kp_store_verify (KpStore  *store,
                 GString  *report,
                 GError  **error)
{
  g_autoptr(GPtrArray) entries = kp_store_get_journal (store, error);
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *attach = NULL;
  const char *prev = KP_JOURNAL_GENESIS;
  gboolean ok = TRUE;
  sqlite3 *memory = NULL;
  Db replay;
  guint replayed = 0;

  if (entries == NULL)
    return FALSE;

  /* 1. The chain. */
  for (guint i = 0; i < entries->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *hash = kp_journal_entry_compute_hash (e);

      if (e->seq != (gint64) i + 1)
        {
          g_string_append_printf (report, "entry %" G_GINT64_FORMAT ": expected entry %u here — entries are missing\n",
                                  e->seq, i + 1);
          ok = FALSE;
          break;
        }
      if (!g_str_equal (e->prev, prev))
        {
          g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s, %s): does not follow the entry "
                                  "before it — the journal was changed\n", e->seq, e->action, e->at);
          ok = FALSE;
          break;
        }
      if (!g_str_equal (e->hash, hash))
        {
          g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s, %s): its hash does not match its "
                                  "content — the entry was changed after it was written\n",
                                  e->seq, e->action, e->at);
          ok = FALSE;
          break;
        }
      prev = e->hash;
    }
  if (ok)
    g_string_append_printf (report, "journal: %u entries, chain intact, head %s\n", entries->len, prev);

  /* 2. Replay into memory and compare with the file. */
  if (sqlite3_open_v2 (":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      set_sqlite_error (memory, SQLITE_NOMEM, store->path, "verifying", error);
      sqlite3_close (memory);
      return FALSE;
    }
  db_init (&replay, memory);
  if (!exec (memory, store->path, migrations[1], "verifying", error))
    {
      db_clear (&replay);
      return FALSE;
    }
  for (guint v = 2; v <= KP_STORE_SCHEMA_VERSION; v++)
    exec (memory, store->path, migrations[v], "verifying", NULL);

  exec (memory, store->path, "BEGIN", "verifying", NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(GError) replay_error = NULL;

      if (!apply (&replay, store->path, e, &replay_error))
        {
          g_string_append_printf (report, "entry %" G_GINT64_FORMAT " (%s): cannot be replayed: %s\n",
                                  e->seq, e->action, replay_error->message);
          ok = FALSE;
          break;
        }
      replayed++;
    }
  exec (memory, store->path, "COMMIT", "verifying", NULL);

  escaped = g_uri_escape_string (store->path, "/", FALSE);
  uri = g_strdup_printf ("file:%s%s?mode=ro", g_path_is_absolute (store->path) ? "" : "./", escaped);
  attach = sqlite3_mprintf ("ATTACH DATABASE %Q AS f", uri);
  if (!exec (memory, store->path, attach, "verifying", error))
    {
      sqlite3_free (attach);
      attach = NULL;
      db_clear (&replay);
      return FALSE;
    }
  sqlite3_free (g_steal_pointer (&attach));

  for (guint t = 0; t < G_N_ELEMENTS (derived_tables); t++)
    {
      if (!compare_table (memory, derived_tables[t], report))
        ok = FALSE;
    }
  db_clear (&replay);

  if (ok)
    g_string_append_printf (report, "tables: the %u journal entries rebuild every ballot, ruling and "
                            "round exactly; results recomputed from the journal are the file's\n",
                            replayed);
  if (!verify_confirmations (store, report))
    ok = FALSE;
  if (!ok)
    return invalid (error, KP_STORE_ERROR_TAMPERED,
                    "%s: verification FAILED: the congress file was changed outside KiemPhieu",
                    store->path);
  return TRUE;
}

/* --- keys and confirmation ------------------------------------------------------ */

static char *
meta_value (KpStore    *store,
            const char *key)
{
  sqlite3_stmt *stmt = prepare (&store->db, store->path, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (col_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

/**
 * kp_store_get_public_key:
 *
 * Returns: (transfer full) (nullable): the congress's public key (PEM), or
 * %NULL before `keys --init`.
 */
char *
kp_store_get_public_key (KpStore *store)
{
  return meta_value (store, "public_key");
}

char *
kp_store_get_fingerprint (KpStore *store)
{
  return meta_value (store, "fingerprint");
}

/**
 * kp_store_init_keys:
 * @passphrase: the head's passphrase (at least 8 characters)
 * @fingerprint: (out) (optional) (transfer full): the public key's fingerprint
 *
 * Creates the congress signing key (Ed25519). The private key is stored
 * sealed under @passphrase (kp_key_seal); the public key and its
 * fingerprint in clear. Both are in the journal. Refused when a key exists.
 */
gboolean
kp_store_init_keys (KpStore     *store,
                    const char  *passphrase,
                    const char  *operator,
                    char       **fingerprint,
                    GError     **error)
{
  g_autofree char *existing = kp_store_get_public_key (store);
  g_autoptr(KpKey) key = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *print = NULL;
  g_autoptr(GString) content = g_string_new ("{");

  if (existing != NULL)
    return invalid (error, KP_STORE_ERROR_INVALID, "%s already has its signing key; a congress has one key",
                    store->path);
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < 8)
    return invalid (error, KP_STORE_ERROR_INVALID, "the passphrase needs at least 8 characters");
  if ((key = kp_key_generate (error)) == NULL || (sealed = kp_key_seal (key, passphrase, error)) == NULL)
    return FALSE;
  pem = kp_key_public_pem (key);
  if ((print = kp_public_key_fingerprint (pem, error)) == NULL)
    return FALSE;

  append_string_member (content, "public_key", pem);
  append_string_member (content, "sealed_key", sealed);
  append_string_member (content, "fingerprint", print);
  if (!simple_action (store, operator, "keys", content, error))
    return FALSE;
  if (fingerprint)
    *fingerprint = g_steal_pointer (&print);
  return TRUE;
}

void
kp_confirmation_free (KpConfirmation *c)
{
  if (c == NULL)
    return;
  g_free (c->election);
  g_free (c->result);
  g_free (c->digest);
  g_clear_pointer (&c->signature, g_bytes_unref);
  g_free (c->fingerprint);
  g_free (c->journal_head);
  g_free (c->announced_at);
  g_clear_pointer (&c->explanations, g_hash_table_unref);
  g_free (c->operator);
  g_free (c);
}

/**
 * kp_store_get_confirmation:
 *
 * Returns: (transfer full) (nullable): the confirmation of a round, or
 * %NULL (without error) when it is not confirmed.
 */
KpConfirmation *
kp_store_get_confirmation (KpStore     *store,
                           const char  *election_id,
                           guint        round,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  KpConfirmation *c = NULL;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = prepare (&store->db, store->path,
                  "SELECT result, digest, signature, fingerprint, journal_head, announced_at, explanations, operator"
                  " FROM confirmations WHERE election = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length = 0;
      guint8 *signature;

      c = g_new0 (KpConfirmation, 1);
      c->election = g_strdup (election_id);
      c->round = round;
      c->result = g_strdup (col_text (stmt, 0));
      c->digest = g_strdup (col_text (stmt, 1));
      signature = g_base64_decode (col_text (stmt, 2), &length);
      c->signature = g_bytes_new_take (signature, length);
      c->fingerprint = g_strdup (col_text (stmt, 3));
      c->journal_head = g_strdup (col_text (stmt, 4));
      c->announced_at = g_strdup (col_text (stmt, 5));
      c->operator = g_strdup (col_text (stmt, 7));
      c->explanations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (json_parser_load_from_data (parser, col_text (stmt, 6), -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));
          g_autoptr(GList) members = json_object_get_members (o);
          for (GList *l = members; l; l = l->next)
            g_hash_table_insert (c->explanations, g_strdup (l->data),
                                 g_strdup (json_object_get_string_member_with_default (o, l->data, "")));
        }
    }
  sqlite3_reset (stmt);
  return c;
}

static int
compare_cstrings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * kp_store_confirm:
 * @passphrase: the head's passphrase, which unseals the signing key
 * @explanations: (nullable) (element-type utf8 utf8): check name → the
 *   committee's explanation; needed for every R-RECON-1 check that is not ok
 * @network_override: (nullable): the head's reason for signing although the
 *   machine has an active network interface; recorded with the confirmation
 *
 * Confirms a round: the result is computed, its canonical JSON signed with
 * the congress key, and the result, signature, key fingerprint, journal
 * head, time and explanations are stored and journalled; the round is then
 * locked. A wrong passphrase costs two seconds (rate limit).
 */
gboolean
kp_store_confirm (KpStore     *store,
                  const char  *election_id,
                  guint        round,
                  const char  *passphrase,
                  GHashTable  *explanations,
                  const char  *network_override,
                  const char  *operator,
                  GError     **error)
{
  g_auto(GStrv) interfaces = kp_network_interfaces ();
  g_autofree char *connected = g_strjoinv (", ", interfaces);
  g_autofree char *sealed = meta_value (store, "sealed_key");
  g_autofree char *fingerprint = meta_value (store, "fingerprint");
  g_autoptr(KpKey) key = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(GString) explained = g_string_new ("{");
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *json = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *signature64 = NULL;
  g_autofree char *head = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  if (!check_operator (operator, error))
    return FALSE;
  if (sealed == NULL)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "%s has no signing key yet: the head creates it first with `kiemphieu-cli keys --init`",
                    store->path);
  /* The air gap: no signing on a connected machine, unless the head
   * overrides with a reason that goes into the journal. */
  if (interfaces[0] != NULL && (network_override == NULL || *network_override == '\0'))
    return invalid (error, KP_STORE_ERROR_NETWORK,
                    "this machine is connected to a network (%s): disconnect every cable and Wi-Fi before "
                    "confirming, or the head overrides with a recorded reason", connected);
  if ((info = kp_store_get_round_info (store, election_id, round, error)) == NULL)
    return FALSE;
  round = info->round;
  if (info->state == KP_ELECTION_CONFIRMED)
    return invalid (error, KP_STORE_ERROR_LOCKED, "round %u of %s is already confirmed", round, election_id);
  if ((result = kp_store_results (store, election_id, round, &checks, error)) == NULL)
    return FALSE;
  if (result->collected == 0)
    return invalid (error, KP_STORE_ERROR_INVALID, "round %u of %s has no ballots to confirm", round, election_id);

  /* R-RECON-1: a mismatch blocks confirmation until the committee records
   * an explanation. */
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      const char *text = explanations ? g_hash_table_lookup (explanations, c->check) : NULL;

      if (g_str_equal (c->status, "ok"))
        continue;
      if (text == NULL || *text == '\0')
        g_string_append_printf (missing, "%s%s (%s: %s)", missing->len ? "; " : "", c->check, c->status, c->detail);
    }
  if (missing->len > 0)
    return invalid (error, KP_STORE_ERROR_INVALID,
                    "R-RECON-1: these checks do not pass and need the committee's explanation before "
                    "confirming (--explain CHECK=TEXT): %s", missing->str);
  if (explanations != NULL)
    {
      g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (explanations, NULL);
      guint n = g_hash_table_size (explanations);

      qsort (names, n, sizeof (char *), compare_cstrings);
      for (guint i = 0; i < n; i++)
        {
          if (explained->len > 1)
            g_string_append_c (explained, ',');
          kp_json_append_string (explained, names[i]);
          g_string_append_c (explained, ':');
          kp_json_append_string (explained, g_hash_table_lookup (explanations, names[i]));
        }
    }
  g_string_append_c (explained, '}');

  key = unlock_head (store, passphrase, "confirming", error);
  if (key == NULL)
    return FALSE;

  json = kp_result_to_json (result);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
  if ((signature = kp_key_sign (key, json, strlen (json), error)) == NULL)
    return FALSE;
  signature64 = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  if (!begin (store, error))
    return FALSE;
  {
    sqlite3_stmt *stmt = prepare (&store->db, store->path, "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1", error);
    if (stmt == NULL)
      return finish (store, FALSE, error);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      head = g_strdup (col_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  now = kp_journal_now ();
  append_string_member (content, "election", election_id);
  append_int_member (content, "round", round);
  append_string_member (content, "result", json);
  append_string_member (content, "digest", digest);
  append_string_member (content, "signature", signature64);
  append_string_member (content, "fingerprint", fingerprint);
  append_string_member (content, "journal_head", head ? head : KP_JOURNAL_GENESIS);
  append_string_member (content, "announced_at", now);
  append_key (content, "explanations");
  g_string_append (content, explained->str);
  if (interfaces[0] != NULL)
    {
      g_autoptr(GString) network = g_string_new ("{");
      append_string_member (network, "interfaces", connected);
      append_string_member (network, "override", network_override);
      g_string_append_c (network, '}');
      append_key (content, "network");
      g_string_append (content, network->str);
    }
  g_string_append_c (content, '}');
  ok = record (store, operator, "confirm", content->str, error);
  return finish (store, ok, error);
}

/* Every confirmation: the stored result is what the ballots give now, its
 * digest is right, and the signature verifies with the congress key. */
static gboolean
verify_confirmations (KpStore  *store,
                      GString  *report)
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
          g_string_append (report, "signing key: the stored fingerprint does not match the public key\n");
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
      result = kp_store_results (store, r->id, r->round, NULL, NULL);
      if (c == NULL || result == NULL || pem == NULL)
        {
          g_string_append_printf (report, "%s round %u: confirmed, but its signed result is missing\n", r->id, r->round);
          ok = FALSE;
          continue;
        }
      json = kp_result_to_json (result);
      digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, c->result, -1);
      if (!g_str_equal (json, c->result))
        {
          g_string_append_printf (report, "%s round %u: the ballots no longer give the signed result\n", r->id, r->round);
          ok = FALSE;
        }
      if (!g_str_equal (digest, c->digest))
        {
          g_string_append_printf (report, "%s round %u: the stored digest is not the result's\n", r->id, r->round);
          ok = FALSE;
        }
      if (!kp_signature_verify (pem, c->result, strlen (c->result), g_bytes_get_data (c->signature, NULL),
                                g_bytes_get_size (c->signature), &error))
        {
          g_string_append_printf (report, "%s round %u: signature: %s\n", r->id, r->round, error->message);
          ok = FALSE;
        }
      checked++;
    }
  if (ok)
    g_string_append_printf (report, "signatures: %u confirmed results, each what the ballots give and "
                            "signed by key %s\n", checked, print ? print : "(none)");
  return ok;
}

/* --- backup ------------------------------------------------------------------------ */

/**
 * kp_store_backup:
 * @path: a file that does not exist yet
 *
 * Writes a consistent snapshot of the congress file (sqlite's online backup
 * API), as one self-contained file (rollback journal, not WAL).
 */
gboolean
kp_store_backup (KpStore     *store,
                 const char  *path,
                 GError     **error)
{
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return invalid (error, KP_STORE_ERROR_EXISTS, "%s already exists", path);
  rc = sqlite3_open_v2 (path, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (copy, rc, path, "copying the congress file", error);
      sqlite3_close (copy);
      return FALSE;
    }
  backup = sqlite3_backup_init (copy, "main", store->db.db, "main");
  if (backup == NULL)
    {
      set_sqlite_error (copy, sqlite3_errcode (copy), path, "copying the congress file", error);
      sqlite3_close (copy);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (copy, rc, path, "copying the congress file", error);
      sqlite3_close (copy);
      return FALSE;
    }
  if (!exec (copy, path, "PRAGMA journal_mode = DELETE", "copying the congress file", error))
    {
      sqlite3_close (copy);
      return FALSE;
    }
  sqlite3_close (copy);
  return TRUE;
}

/**
 * kp_store_set_wal:
 *
 * Puts a restored congress file back in WAL mode, as kp_store_create()
 * makes them.
 */
gboolean
kp_store_set_wal (const char  *path,
                  GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *mode = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);

  if (rc == SQLITE_OK)
    mode = pragma_text (db, "PRAGMA journal_mode = WAL", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (mode, "wal") != 0)
    {
      set_sqlite_error (db, rc == SQLITE_OK ? SQLITE_READONLY : rc, path, "restoring", error);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);
  return TRUE;
}
