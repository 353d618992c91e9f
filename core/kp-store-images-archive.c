/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-images-archive.c — the scanned images of a congress file and
 * the archive (kp-archive.c, kp-archive-write.c): the snapshot that leaves
 * the images' bytes out, the list of images with their entry names, each
 * image read in pieces into its encrypted entry, and restore writing each
 * one back once, checked against its SHA-256 as it is written.
 * What the images are and how they are kept: kp-store-images.c.
 */

#include <inttypes.h>
#include <string.h>

#include "kp-crypto.h"
#include "kp-scan.h"
#include "kp-store-private.h"

/* --- the images in the archive (kp-archive.c) ----------------------------------- */

void
kp_archived_image_free (KpArchivedImage *image)
{
  if (image == NULL)
    return;
  g_free (image->sha256);
  g_free (image->entry);
  g_free (image);
}

/* The archive entry of an image: anh/<sha256>.<ext>, the extension from
 * its MIME type (kp-scan-source.c reads these four). */
#define ENTRY_SQL "'anh/' || sha256 || CASE type WHEN 'image/png' THEN '.png' WHEN 'image/jpeg' THEN '.jpg'" \
                  " WHEN 'image/tiff' THEN '.tif' WHEN 'application/pdf' THEN '.pdf' ELSE '.bin' END"

static gboolean
copy_failed (sqlite3     *copy,
             const char  *path,
             GError     **error)
{
  return _kp_store_sqlite_error (copy, sqlite3_errcode (copy), path, N_ ("copying the congress file"), error);
}

/* Rows of @sql (one text column per row) into a list. */
static GPtrArray *
column_list (sqlite3    *db,
             const char *sql)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return g_steal_pointer (&out);
}

/**
 * kp_store_snapshot_without_images:
 * @images: (out) (transfer full) (element-type KpArchivedImage): the
 *   images left out, by entry name
 *
 * kp_store_snapshot (), but every scanner file's bytes left out: the
 * images table keeps each file's hash, type and name with empty data, and
 * a table archive_images says which archive entry holds its bytes and how
 * many there are. Built row by row (a read transaction on the file, into
 * memory): the images are never read, so memory does not grow with them.
 * Without images, the same as kp_store_snapshot () (and @images empty).
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set.
 */
GBytes *
kp_store_snapshot_without_images (KpStore    *store,
                                  GPtrArray **images,
                                  GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_archived_image_free);
  g_autoptr(GPtrArray) schema = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *copy = NULL;
  sqlite3_int64 size = 0;
  gint64 app_id = 0, version = 0;
  unsigned char *data;
  char *sql;
  int rc;

  {
    gint64 n = 0;
    sqlite3_stmt *count = _kp_db_prepare (&store->db, store->path, "SELECT count(*) FROM images", error);
    if (count == NULL)
      return NULL;
    if (sqlite3_step (count) == SQLITE_ROW)
      n = sqlite3_column_int64 (count, 0);
    sqlite3_reset (count);
    if (n == 0)
      {
        *images = g_steal_pointer (&list);
        return kp_store_snapshot (store, error);
      }
  }

  rc = sqlite3_open_v2 (":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE, NULL);
  sql = sqlite3_mprintf ("ATTACH DATABASE %Q AS src", store->uri);
  if (rc != SQLITE_OK || sqlite3_exec (copy, sql, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (copy, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_free (sql);
      copy_failed (copy, store->path, error);
      sqlite3_close (copy);
      return NULL;
    }
  sqlite3_free (sql);
  /* The schema as KiemPhieu made it (tables, then indexes: creation order),
   * every row but the images' bytes. */
  schema = column_list (copy, "SELECT sql FROM src.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
                              " ORDER BY type = 'index', rowid");
  tables = column_list (copy, "SELECT name FROM src.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                              " AND name <> 'images'");
  if (schema == NULL || tables == NULL)
    goto fail;
  for (guint i = 0; i < schema->len; i++)
    if (sqlite3_exec (copy, schema->pdata[i], NULL, NULL, NULL) != SQLITE_OK)
      goto fail;
  for (guint i = 0; i < tables->len; i++)
    {
      char *insert = sqlite3_mprintf ("INSERT INTO main.\"%w\" SELECT * FROM src.\"%w\"", (char *) tables->pdata[i],
                                      (char *) tables->pdata[i]);
      rc = sqlite3_exec (copy, insert, NULL, NULL, NULL);
      sqlite3_free (insert);
      if (rc != SQLITE_OK)
        goto fail;
    }
  if (sqlite3_exec (copy,
                    "INSERT INTO main.images (sha256, type, name, data) SELECT sha256, type, name, X'' FROM src.images;"
                    "CREATE TABLE main.archive_images (sha256 TEXT PRIMARY KEY, entry TEXT NOT NULL UNIQUE,"
                    "  size INTEGER NOT NULL) STRICT;"
                    "INSERT INTO main.archive_images SELECT sha256, " ENTRY_SQL ", length(data) FROM src.images;",
                    NULL, NULL, NULL) != SQLITE_OK)
    goto fail;
  if (sqlite3_prepare_v2 (copy, "PRAGMA src.application_id", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    goto fail;
  app_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_prepare_v2 (copy, "PRAGMA src.user_version", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    goto fail;
  version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sql = sqlite3_mprintf ("PRAGMA main.application_id = %lld; PRAGMA main.user_version = %lld;", (long long) app_id,
                         (long long) version);
  rc = sqlite3_exec (copy, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    goto fail;
  if (sqlite3_prepare_v2 (copy, "SELECT sha256, entry, size FROM main.archive_images ORDER BY entry", -1, &stmt,
                          NULL) != SQLITE_OK)
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KpArchivedImage *image = g_new0 (KpArchivedImage, 1);
      image->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      image->entry = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      image->size = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (list, image);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (sqlite3_exec (copy, "COMMIT; DETACH DATABASE src;", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;

  data = sqlite3_serialize (copy, "main", &size, 0);
  sqlite3_close (copy);
  if (data == NULL)
    {
      _kp_store_sqlite_error (NULL, SQLITE_NOMEM, store->path, N_ ("copying the congress file"), error);
      return NULL;
    }
  if (size >= 100)
    data[18] = data[19] = 1; /* rollback journal, as kp_store_snapshot () */
  *images = g_steal_pointer (&list);
  return g_bytes_new_with_free_func (data, size, sqlite3_free, data);

fail:
  copy_failed (copy, store->path, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (copy);
  return NULL;
}

/**
 * kp_store_archived_images:
 *
 * Returns: (transfer full) (element-type KpArchivedImage): the images a
 * congress file out of an archive says the archive holds beside it (those
 * whose bytes it lacks), by entry name; empty for a whole congress file;
 * %NULL with @error set.
 */
GPtrArray *
kp_store_archived_images (KpStore *store,
                          GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_archived_image_free);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                       " AND name = 'archive_images'", error);
  gboolean archived = FALSE;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    archived = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_reset (stmt);
  if (!archived)
    return g_steal_pointer (&list);
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT a.sha256, a.entry, a.size FROM archive_images AS a JOIN images AS i"
                         " ON i.sha256 = a.sha256 AND length (i.data) = 0 ORDER BY a.entry", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KpArchivedImage *image = g_new0 (KpArchivedImage, 1);
      image->sha256 = g_strdup (_kp_db_text (stmt, 0));
      image->entry = g_strdup (_kp_db_text (stmt, 1));
      image->size = MAX (sqlite3_column_int64 (stmt, 2), 0);
      g_ptr_array_add (list, image);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading the scanned images"), error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * kp_store_verify_archived:
 * @held: the images the archive holds, each hashed as it was read and
 *   found to be its name's SHA-256 (sha256 → entry name)
 *
 * kp_store_verify () of a congress file out of an archive, whose images
 * are the archive's entries (kp_store_snapshot_without_images ()).
 */
gboolean
kp_store_verify_archived (KpStore    *store,
                          GHashTable *held,
                          GString    *report,
                          GError    **error)
{
  gboolean ok;

  store->images_held = held;
  ok = kp_store_verify (store, report, error);
  store->images_held = NULL;
  return ok;
}

struct _KpImageStream
{
  sqlite3_blob *blob;
  int size;
  int offset;
  char *sha256;
  char *path;
};

/**
 * kp_store_image_stream_open:
 *
 * Opens a kept scanner file to read it in pieces (sqlite's incremental
 * blob I/O), never whole in memory.
 *
 * Returns: (transfer full): the stream, or %NULL with @error set.
 */
KpImageStream *
kp_store_image_stream_open (KpStore    *store,
                            const char *sha256,
                            GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path, "SELECT rowid FROM images WHERE sha256 = ?1", error);
  sqlite3_blob *blob = NULL;
  KpImageStream *stream;
  gint64 rowid = -1;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rowid < 0)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("image %s is not in the congress file"), sha256);
      return NULL;
    }
  if (sqlite3_blob_open (store->db.db, "main", "images", "data", rowid, 0, &blob) != SQLITE_OK)
    {
      _kp_store_sqlite_error (store->db.db, sqlite3_errcode (store->db.db), store->path,
                              N_ ("reading the scanned images"), error);
      sqlite3_blob_close (blob);
      return NULL;
    }
  stream = g_new0 (KpImageStream, 1);
  stream->blob = blob;
  stream->size = sqlite3_blob_bytes (blob);
  stream->sha256 = g_strdup (sha256);
  stream->path = g_strdup (store->path);
  return stream;
}

/* Returns: the bytes read, 0 at the end, -1 with @error set. */
gssize
kp_image_stream_read (KpImageStream *stream,
                      void          *buffer,
                      gsize          size,
                      GError       **error)
{
  int n = (int) MIN (size, (gsize) (stream->size - stream->offset));
  int rc;

  if (n <= 0)
    return 0;
  rc = sqlite3_blob_read (stream->blob, buffer, n, stream->offset);
  if (rc != SQLITE_OK)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_IO, _ ("%s: image %s cannot be read (%s)"), stream->path,
                         stream->sha256, sqlite3_errstr (rc));
      return -1;
    }
  stream->offset += n;
  return n;
}

void
kp_image_stream_free (KpImageStream *stream)
{
  if (stream == NULL)
    return;
  sqlite3_blob_close (stream->blob);
  g_free (stream->sha256);
  g_free (stream->path);
  g_free (stream);
}

struct _KpImageSink
{
  sqlite3_blob *blob;
  const char *entry;
  guint64 size;
  guint64 offset;
  KpSha256 *checksum;
};

/* Writes the next piece of the image being put back; more than it should
 * hold is refused. */
gboolean
kp_image_sink_write (KpImageSink *sink,
                     const void  *buffer,
                     gsize        size,
                     GError     **error)
{
  int rc;

  if (size > sink->size - sink->offset)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("%s: holds more than the congress file says"),
                              sink->entry);
  rc = sqlite3_blob_write (sink->blob, buffer, (int) size, (int) sink->offset);
  if (rc != SQLITE_OK)
    return _kp_store_invalid (error, KP_STORE_ERROR_IO, _ ("%s cannot be written (%s)"), sink->entry,
                              sqlite3_errstr (rc));
  kp_sha256_update (sink->checksum, buffer, size);
  sink->offset += size;
  return TRUE;
}

/* The most of one image that restoring holds in sqlite's page cache, and
 * the cache's room besides (sqlite's default, 2 MiB). */
#define RESTORE_CACHE_BYTES (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define RESTORE_CACHE_SPARE (G_GUINT64_CONSTANT (2) * 1024 * 1024)

/**
 * kp_store_fill_images:
 * @path: a congress file out of an archive (kp_store_snapshot_without_images ()),
 *   not open elsewhere
 * @fill: writes each image's bytes, read from the archive
 *
 * Puts every image back into the file, each read in pieces and its SHA-256
 * checked, and drops the archive_images list: the file is whole again. All
 * or nothing (one transaction).
 */
gboolean
kp_store_fill_images (const char      *path,
                      KpImageFillFunc  fill,
                      gpointer         user_data,
                      GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_archived_image_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL) != SQLITE_OK
      || sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT a.sha256, a.entry, a.size FROM archive_images AS a JOIN images AS i"
                                 " ON i.sha256 = a.sha256 AND length (i.data) = 0 ORDER BY a.entry", -1, &stmt,
                             NULL) != SQLITE_OK)
    {
      _kp_store_sqlite_error (db, sqlite3_errcode (db), path, N_ ("restoring the scanned images"), error);
      sqlite3_close (db);
      return FALSE;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KpArchivedImage *image = g_new0 (KpArchivedImage, 1);
      image->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      image->entry = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      image->size = MAX (sqlite3_column_int64 (stmt, 2), 0);
      g_ptr_array_add (list, image);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < list->len; i++)
    {
      const KpArchivedImage *image = list->pdata[i];
      KpImageSink sink = { .entry = image->entry, .size = image->size };
      gint64 rowid = -1;
      gboolean filled;
      char *sql;
      int rc;

      if (image->size > KP_SCAN_MAX_FILE_BYTES)
        {
          _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("%s: larger than any scanner file"), image->entry);
          goto out;
        }
      /* zeroblob () makes the image's pages, zeros, in sqlite's page
       * cache; the entry's bytes then overwrite them there. With a cache
       * smaller than the image, the zeros went to the disk first and every
       * page was written twice: the cache holds the image being written
       * (up to RESTORE_CACHE_BYTES; the pages of those before it go out to
       * the file, written once). */
      sql = sqlite3_mprintf ("PRAGMA cache_size = -%" G_GUINT64_FORMAT,
                             (MIN (image->size, RESTORE_CACHE_BYTES) + RESTORE_CACHE_SPARE) / 1024);
      rc = sql != NULL ? sqlite3_exec (db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
      sqlite3_free (sql);
      if (rc != SQLITE_OK)
        goto sqlite_failed;
      if (sqlite3_prepare_v2 (db, "UPDATE images SET data = zeroblob (?2) WHERE sha256 = ?1 RETURNING rowid", -1,
                              &stmt, NULL) != SQLITE_OK)
        goto sqlite_failed;
      sqlite3_bind_text (stmt, 1, image->sha256, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, image->size);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        rowid = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_step (stmt) != SQLITE_DONE || rowid < 0)
        goto sqlite_failed;
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (sqlite3_blob_open (db, "main", "images", "data", rowid, 1, &sink.blob) != SQLITE_OK)
        goto sqlite_failed;
      sink.checksum = kp_sha256_new ();
      filled = fill (user_data, image->entry, image->size, &sink, error);
      sqlite3_blob_close (sink.blob);
      if (filled && (sink.offset != image->size
                     || !g_str_equal (kp_sha256_hex (sink.checksum), image->sha256)))
        {
          _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("%s: its SHA-256 is not the image's the congress file "
                                                                "names"), image->entry);
          filled = FALSE;
        }
      kp_sha256_free (sink.checksum);
      if (!filled)
        goto out;
    }
  if (sqlite3_exec (db, "DROP TABLE archive_images; COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto sqlite_failed;
  ok = TRUE;
  goto out;

sqlite_failed:
  _kp_store_sqlite_error (db, sqlite3_errcode (db), path, N_ ("restoring the scanned images"), error);
out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok;
}
