/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-open.c — opening a congress file: for writing, read-only (asked
 * for, or because the medium or the permissions say so: sqlite
 * `immutable=1`, no -wal or lock file), an older format upgraded on disk or
 * in memory only, and an archive's snapshot in memory
 * (kp_store_open_snapshot). Creating a file and recording into it stay in
 * kp-store.c.
 */

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "kp-store-private.h"

/* Whether the congress file can be written where it is: the file and its
 * folder (the WAL files live beside it). A read-only mount says so in
 * statvfs (ST_RDONLY), permissions in access(2). Any other failure is put
 * in @other_errno. */
static KpStoreAccess
access_here (const char *path,
             int        *other_errno)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs fs;
  int saved;

  *other_errno = 0;
  if ((statvfs (path, &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0)
      || (statvfs (dir, &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0))
    return KP_STORE_READ_ONLY_MEDIUM;
  if (g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0)
    return KP_STORE_WRITABLE;
  saved = errno;
  if (saved == EROFS)
    return KP_STORE_READ_ONLY_MEDIUM;
  if (saved == EACCES || saved == EPERM)
    return KP_STORE_READ_ONLY_PERMISSION;
  *other_errno = saved;
  return KP_STORE_WRITABLE;
}

/* Read-only, sqlite reads the database file alone (immutable: no locks,
 * no -wal or -shm, no recovery). Changes committed to a -wal file beside
 * it but not yet written into it would be left out, and a rollback
 * journal left by an interrupted change would not be played back: the
 * file would look older than it is, or half-written. Such a file is
 * refused, saying what to do. A file closed properly has neither. */
static gboolean
nothing_pending (const char *path,
                 GError    **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  GStatBuf st;

  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    {
      g_autofree char *name = g_path_get_basename (wal);
      return _kp_store_invalid (error, KP_STORE_ERROR_PENDING,
                                _ ("%s cannot be opened read-only: beside it is %s, which holds changes saved but "
                                   "not yet written into the congress file itself (the program that writes it is "
                                   "still open, or was stopped by a power cut or a crash). Read-only, they would be "
                                   "left out and the file would look older than it is. Close KiemPhieu on the "
                                   "machine that writes it and open the file again; or copy both files into a "
                                   "writable folder, open the copy normally once (KiemPhieu then writes the changes "
                                   "into it), and open that copy read-only"), path, name);
    }
  if (g_stat (journal, &st) == 0 && st.st_size > 0)
    {
      g_autofree char *name = g_path_get_basename (journal);
      return _kp_store_invalid (error, KP_STORE_ERROR_PENDING,
                                _ ("%s cannot be opened read-only: beside it is %s: a change to it was interrupted "
                                   "(a power cut or a crash) and the file may be half-written. Read-only, it cannot "
                                   "be set right. Copy both files into a writable folder, open the copy normally "
                                   "once (KiemPhieu then undoes the interrupted change), and open that copy "
                                   "read-only"), path, name);
    }
  return TRUE;
}

/* A file of an older format opened read-only: the forward migrations run
 * on a copy in memory, never on the file, and no "upgrade" entry is
 * journalled, so the journal shown and verified is the file's own. The copy
 * is one of sqlite's memdb databases with a name, so that verify can
 * attach it as it attaches a file (store->uri). */
static gboolean
upgrade_in_memory (KpStore *store,
                   gint64   version,
                   GError **error)
{
  static gint counter;
  sqlite3_int64 size = 0;
  unsigned char *image = sqlite3_serialize (store->db.db, "main", &size, 0);
  g_autofree char *name = NULL;
  sqlite3 *copy = NULL, *shared = NULL;
  sqlite3_backup *backup;
  int rc;

  if (image == NULL)
    return _kp_store_sqlite_error (store->db.db, SQLITE_NOMEM, store->path, N_ ("reading"), error);
  /* Page 1, bytes 18 and 19: 2 in a WAL file; a database in memory has no
   * WAL, and reads them as 1 (rollback journal). */
  if (size >= 100)
    image[18] = image[19] = 1;
  rc = sqlite3_open_v2 (":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_deserialize (copy, "main", image, size, size,
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  else
    sqlite3_free (image);
  name = g_strdup_printf ("file:/kiemphieu-read-only-%d-%d?vfs=memdb", (int) getpid (),
                          g_atomic_int_add (&counter, 1));
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (name, &shared, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI
                                         | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (shared, "main", copy, "main");
      rc = backup ? sqlite3_backup_step (backup, -1) : sqlite3_errcode (shared);
      sqlite3_backup_finish (backup);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_close (copy);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (shared, rc, store->path, N_ ("reading"), error);
      sqlite3_close (shared);
      return FALSE;
    }
  _kp_db_clear (&store->db);
  _kp_db_init (&store->db, shared);
  sqlite3_extended_result_codes (shared, 1);
  if (!_kp_db_exec (shared, store->path, "BEGIN", N_ ("reading"), error))
    return FALSE;
  for (gint64 v = version + 1; v <= KP_STORE_SCHEMA_VERSION; v++)
    if (!_kp_db_exec (shared, store->path, _kp_store_migrations[v], N_ ("reading"), error))
      {
        sqlite3_exec (shared, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  {
    g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", KP_STORE_SCHEMA_VERSION);
    if (!_kp_db_exec (shared, store->path, set_version, N_ ("reading"), error)
        || !_kp_db_exec (shared, store->path, "COMMIT", N_ ("reading"), error))
      return FALSE;
  }
  g_free (store->uri);
  store->uri = g_strconcat (name, "&mode=ro", NULL);
  store->in_memory = TRUE;
  return TRUE;
}

/* What kp_store_open_full () and kp_store_open_snapshot () check on the
 * open connection @db (owned from here on): a congress file, not newer,
 * intact; then the forward migrations (in memory only when @access is
 * read-only). */
static KpStore *
open_connection (sqlite3    *db,
                 const char *path,
                 const char *uri,
                 KpStoreAccess access,
                 GError    **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autofree char *check = NULL;
  g_autofree char *mode = NULL;
  gint64 app_id, version;
  int rc;

  store = g_new0 (KpStore, 1);
  store->path = g_strdup (path);
  store->uri = g_strdup (uri);
  store->access = access;
  _kp_db_init (&store->db, db);
  sqlite3_extended_result_codes (db, 1);

  /* Read-only questions first: nothing is written to a foreign file. */
  app_id = _kp_store_pragma_int (db, "PRAGMA application_id", &rc);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, rc, path, N_ ("opening"), error);
      return NULL;
    }
  if (app_id != KP_APPLICATION_ID)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   _ ("%s: not a congress file (a database of another program, not KiemPhieu's)"), path);
      return NULL;
    }
  version = _kp_store_pragma_int (db, "PRAGMA user_version", &rc);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, rc, path, N_ ("opening"), error);
      return NULL;
    }
  if (version > KP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NEWER,
                   _ ("%s was written by a newer KiemPhieu (file version %" PRId64
                   ", this program reads up to %d); open it with that version"),
                   path, version, KP_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                   _ ("%s: not a congress file (a database of KiemPhieu's without its tables)"), path);
      return NULL;
    }
  mode = _kp_store_pragma_text (db, "PRAGMA journal_mode", &rc);
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, rc, path, N_ ("opening"), error);
      return NULL;
    }
  check = _kp_store_pragma_text (db, "PRAGMA quick_check", &rc);
  if (rc != SQLITE_OK || g_strcmp0 (check, "ok") != 0)
    {
      if (rc == SQLITE_OK)
        {
          /* quick_check's lines ("Page 5: btreeInitPage() returns error code 11"),
           * only as a detail after the sentence. */
          g_autofree char *detail = g_strdup (check);
          g_strdelimit (detail, "\n", ' ');
          g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT, _ ("%s: the congress file is damaged; restore it from the archive (what sqlite said: %s)"), path,
                       detail);
        }
      else
        _kp_store_sqlite_error (db, rc, path, N_ ("checking"), error);
      return NULL;
    }
  if (access != KP_STORE_WRITABLE)
    {
      /* Read-only: an older format is upgraded in memory, never on disk. */
      if (version < KP_STORE_SCHEMA_VERSION && !upgrade_in_memory (store, version, error))
        return NULL;
      if (!_kp_store_load_congress (store, error))
        return NULL;
      return g_steal_pointer (&store);
    }

  if (!_kp_store_configure (db, path, error))
    return NULL;

  /* Forward migrations, all or nothing. */
  if (version < KP_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", KP_STORE_SCHEMA_VERSION);
      g_autofree char *upgrade = g_strdup_printf ("{\"format\":\"kiemphieu/congress@%d\",\"from\":%" PRId64 "}",
                                                  KP_STORE_SCHEMA_VERSION, version);

      if (!_kp_db_exec (db, path, "BEGIN IMMEDIATE", N_ ("upgrading the congress file"), error))
        return NULL;
      for (gint64 v = version + 1; v <= KP_STORE_SCHEMA_VERSION; v++)
        if (!_kp_db_exec (db, path, _kp_store_migrations[v], N_ ("upgrading the congress file"), error))
          {
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
            return NULL;
          }
      /* The journal says when the file took the new format: from there on,
       * what only the head decides is signed (kp-store-head.c). */
      if (!_kp_db_exec (db, path, set_version, N_ ("upgrading the congress file"), error)
          || !_kp_store_record (store, "KiemPhieu", "upgrade", upgrade, error)
          || !_kp_db_exec (db, path, "COMMIT", N_ ("upgrading the congress file"), error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }

  if (!_kp_store_load_congress (store, error))
    return NULL;
  return g_steal_pointer (&store);
}


/**
 * kp_store_open:
 *
 * kp_store_open_full() with %KP_STORE_OPEN_DEFAULT: to work on, or
 * read-only by itself when the file cannot be written where it is.
 */
KpStore *
kp_store_open (const char *path,
               GError    **error)
{
  return kp_store_open_full (path, KP_STORE_OPEN_DEFAULT, error);
}

/**
 * kp_store_open_full:
 * @flags: %KP_STORE_OPEN_READ_ONLY to open it read-only on purpose
 *
 * Opens a congress file. A file that is not a congress file, is damaged or
 * was written by a newer version is refused before anything is written.
 *
 * A file on a read-only disk or stick (statvfs), or that this user may not
 * write (the file or its folder), is opened read-only by itself, as is
 * any file with %KP_STORE_OPEN_READ_ONLY (kp_store_get_access () says
 * which). Read-only, nothing is ever written to the file or its folder:
 * sqlite opens it read-only and immutable (no -wal, -shm or lock), a file
 * of an older format is upgraded in memory only, and every change is
 * refused with %KP_STORE_ERROR_READ_ONLY. A file with changes waiting in a
 * -wal or -journal file beside it is refused read-only
 * (%KP_STORE_ERROR_PENDING): immutable, sqlite would leave them out.
 *
 * Returns: (transfer full): the congress file, or %NULL with @error set.
 */
KpStore *
kp_store_open_full (const char      *path,
                    KpStoreOpenFlags flags,
                    GError         **error)
{
  g_autofree char *uri = NULL;
  KpStoreAccess access, here;
  sqlite3 *db = NULL;
  int rc, other_errno;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO, _ ("%s: no such congress file"), path);
      return NULL;
    }
  {
    GStatBuf st;
    if (g_stat (path, &st) == 0 && st.st_size == 0)
      {
        g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_NOT_CONGRESS,
                     _ ("%s: not a congress file (the file is empty, 0 bytes); open the congress file itself, "
                        "or restore it from the archive"), path);
        return NULL;
      }
  }

  /* What the medium or the permissions say comes before what was asked:
   * it is the reason the user sees. */
  access = (flags & KP_STORE_OPEN_READ_ONLY) ? KP_STORE_READ_ONLY_ASKED : KP_STORE_WRITABLE;
  here = access_here (path, &other_errno);
  if (here != KP_STORE_WRITABLE)
    access = here;
  else if (other_errno != 0 && access == KP_STORE_WRITABLE)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_IO,
                   _ ("%s: the file or its folder cannot be written (%s); copy the congress file "
                   "to a writable folder to work on it"), path, g_strerror (other_errno));
      return NULL;
    }

  if (access == KP_STORE_WRITABLE)
    {
      uri = _kp_store_file_uri (path, "mode=ro");
      rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
    }
  else
    {
      if (!nothing_pending (path, error))
        return NULL;
      uri = _kp_store_file_uri (path, "mode=ro&immutable=1");
      rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE, NULL);
    }
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, rc, path, N_ ("opening"), error);
      sqlite3_close (db);
      return NULL;
    }
  return open_connection (db, path, uri, access, error);
}

/* Bytes 18 and 19 of a database file say how it is written: 1, a rollback
 * journal; 2, WAL (sqlite's file format). A snapshot is a file of its own,
 * read without -wal and -shm files. */
void
_kp_store_set_rollback_journal (unsigned char *data,
                                gsize          size)
{
  if (size >= 100)
    data[18] = data[19] = 1;
}

/**
 * kp_store_open_snapshot:
 * @snapshot: a congress file's bytes (kp_store_snapshot (), or the
 *   congress.kiemphieu of an archive)
 * @name: what messages call it
 *
 * Opens a congress file held in memory, to verify it, with the checks of
 * kp_store_open (): nothing of it is written to disk, so a process killed
 * meanwhile leaves no copy in clear. It lives in an sqlite memdb database
 * that kp_store_verify () attaches by its URI.
 *
 * Returns: (transfer full): the congress file, or %NULL with @error set.
 */
KpStore *
kp_store_open_snapshot (GBytes     *snapshot,
                        const char *name,
                        GError    **error)
{
  static gint counter;
  g_autofree char *uri = g_strdup_printf ("file:/kp-snapshot-%d?vfs=memdb", g_atomic_int_add (&counter, 1));
  gsize size = g_bytes_get_size (snapshot);
  unsigned char *data = sqlite3_malloc64 (MAX (size, 1));
  sqlite3 *image = NULL, *db = NULL;
  sqlite3_backup *backup;
  int rc;

  if (data == NULL)
    {
      _kp_store_sqlite_error (NULL, SQLITE_NOMEM, name, N_ ("opening"), error);
      return NULL;
    }
  if (size > 0)
    memcpy (data, g_bytes_get_data (snapshot, NULL), size);
  _kp_store_set_rollback_journal (data, size);
  /* The bytes as a database of their own (sqlite frees them), copied into
   * a memdb database that another connection can attach by name. */
  rc = sqlite3_open_v2 (":memory:", &image, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_deserialize (image, "main", data, size, size,
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  else
    sqlite3_free (data);
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI
                          | SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (db, "main", image, "main");
      rc = backup == NULL ? sqlite3_errcode (db) : sqlite3_backup_step (backup, -1);
      if (backup != NULL)
        sqlite3_backup_finish (backup);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      _kp_store_sqlite_error (db ? db : image, rc, name, N_ ("opening"), error);
      sqlite3_close (image);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_close (image);
  return open_connection (db, name, uri, KP_STORE_WRITABLE, error);
}
