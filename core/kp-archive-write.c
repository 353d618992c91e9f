/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-archive-write.c — writing the encrypted USB archive (libzip, AES-256):
 * every entry from memory but the scanned images, which are streamed from
 * the congress file; written as .part, sealed, flushed, renamed.
 * Checking and restoring are in kp-archive.c. */

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "kp-archive-private.h"
#include "kp-durable.h"
#include "kp-crypto.h"
#include "kp-reports.h"
#include "kp-scan.h"

/* Writes the seal over the placeholder comment of a closed archive. */
static gboolean
seal_archive (const char  *path,
              const char  *password,
              GError     **error)
{
  guint8 salt[16];
  char mac[65], seal[SEAL_LENGTH + 1];
  struct stat st;
  int fd = open (path, O_RDWR | O_CLOEXEC);

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
                   _ ("%s: the archive could not be written (%s); nothing on the stick is complete"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (st.st_size < SEAL_LENGTH || RAND_bytes (salt, sizeof salt) != 1
      || !_kp_archive_seal_mac (password, salt, fd, st.st_size - SEAL_LENGTH, mac))
    {
      close (fd);
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot seal the archive"), path);
      return FALSE;
    }
  for (guint i = 0; i < 16; i++)
    g_snprintf (seal + 4 + 2 * i, 3, "%02x", salt[i]);
  memcpy (seal, SEAL_PREFIX, 4);
  seal[36] = ':';
  memcpy (seal + 37, mac, 64);
  if (pwrite (fd, seal, SEAL_LENGTH, st.st_size - SEAL_LENGTH) != SEAL_LENGTH)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
                   _ ("%s: the archive could not be written (%s); nothing on the stick is complete"), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* --- writing ------------------------------------------------------------------- */

/* One entry, in memory until the zip is written: nothing of the archive
 * is ever in clear on a disk (#12: a process killed meanwhile leaves no
 * plaintext behind). */
typedef struct
{
  char *name;
  GBytes *bytes;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_bytes_unref (entry->bytes);
  g_free (entry);
}

/* Takes @bytes; %FALSE when they are %NULL (the error is set). */
static gboolean
add_entry (GPtrArray  *entries,
           const char *name,
           GBytes     *bytes)
{
  Entry *entry;

  if (bytes == NULL)
    return FALSE;
  entry = g_new (Entry, 1);
  entry->name = g_strdup (name);
  entry->bytes = bytes;
  g_ptr_array_add (entries, entry);
  return TRUE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp ((*(Entry *const *) a)->name, (*(Entry *const *) b)->name);
}

static gboolean
zip_failed (zip_t       *za,
            const char  *path,
            GError     **error)
{
  zip_error_t *ze = zip_get_error (za);
  int sys = zip_error_code_system (ze);

  g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
               _ ("%s: the archive could not be written (%s)%s; nothing on the stick is complete. Check the stick "
               "(room, write protection) and archive again"), path, zip_error_strerror (ze),
               sys == ENOSPC ? _ (": the stick is full") : "");
  return FALSE;
}

gboolean
_kp_archive_sync_path (const char  *path,
                       gboolean     whole_filesystem,
                       GError     **error)
{
  int saved = kp_durable_sync (path, whole_filesystem); /* shared with the station batches */

  if (saved != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
                   _ ("%s: could not be flushed to the stick (%s); do not remove the stick, archive again"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A scanner file's entry: read from the congress file in pieces while
 * zip_close () writes it (sqlite's blob I/O), its SHA-256 checked as it
 * goes; never whole in memory, never in clear on a disk. */
typedef struct
{
  KpStore *store;
  GError *error; /* the first failure, for the message */
} ImageWriting;

typedef struct
{
  ImageWriting *writing;
  const KpArchivedImage *image;
  KpImageStream *stream;
  GChecksum *checksum;
  guint64 done;
  zip_error_t error;
} ImageSource;

static zip_int64_t
image_source (void            *user_data,
              void            *data,
              zip_uint64_t     length,
              zip_source_cmd_t command)
{
  ImageSource *src = user_data;
  GError **error = src->writing->error == NULL ? &src->writing->error : NULL;

  switch ((int) command)
    {
    case ZIP_SOURCE_OPEN:
      g_clear_pointer (&src->stream, kp_image_stream_free);
      g_clear_pointer (&src->checksum, g_checksum_free);
      src->stream = kp_store_image_stream_open (src->writing->store, src->image->sha256, error);
      if (src->stream == NULL)
        {
          zip_error_set (&src->error, ZIP_ER_READ, EIO);
          return -1;
        }
      src->checksum = g_checksum_new (G_CHECKSUM_SHA256);
      src->done = 0;
      return 0;
    case ZIP_SOURCE_READ:
      {
        gssize n = kp_image_stream_read (src->stream, data, MIN (length, 1024 * 1024), error);
        if (n < 0)
          {
            zip_error_set (&src->error, ZIP_ER_READ, EIO);
            return -1;
          }
        g_checksum_update (src->checksum, data, n);
        src->done += n;
        if (n == 0 && (src->done != src->image->size
                       || !g_str_equal (g_checksum_get_string (src->checksum), src->image->sha256)))
          {
            g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
                         _ ("image %s in the congress file is not the one its ballots' journal entries name: "
                            "check the congress file (Journal, Verify) before archiving"), src->image->sha256);
            zip_error_set (&src->error, ZIP_ER_INCONS, 0);
            return -1;
          }
        return n;
      }
    case ZIP_SOURCE_CLOSE:
      g_clear_pointer (&src->stream, kp_image_stream_free);
      return 0;
    case ZIP_SOURCE_STAT:
      {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS (zip_stat_t, data, length, &src->error);
        if (st == NULL)
          return -1;
        zip_stat_init (st);
        st->size = src->image->size;
        st->mtime = time (NULL);
        st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
        return sizeof *st;
      }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data (&src->error, data, length);
    case ZIP_SOURCE_FREE:
      kp_image_stream_free (src->stream);
      if (src->checksum)
        g_checksum_free (src->checksum);
      zip_error_fini (&src->error);
      g_free (src);
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return ZIP_SOURCE_SUPPORTS_READABLE;
    default:
      zip_error_set (&src->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    }
}

/* Adds one entry, AES-256; @source is taken. Stored (not deflated) when
 * @store: scanner files are compressed already. */
static gboolean
add_zip_entry (zip_t        *za,
               const char   *name,
               zip_source_t *source,
               gboolean      store,
               const char   *password)
{
  zip_int64_t index;

  if (source == NULL)
    return FALSE;
  index = zip_file_add (za, name, source, ZIP_FL_ENC_UTF_8);
  if (index < 0)
    {
      zip_source_free (source);
      return FALSE;
    }
  return (!store || zip_set_file_compression (za, index, ZIP_CM_STORE, 0) == 0)
         && zip_file_set_encryption (za, index, ZIP_EM_AES_256, password) == 0;
}

/* Every entry but the images in memory: the congress file (a consistent
 * snapshot, without the images' bytes), the documents, the signed results,
 * the public key; sorted by name. @images: the scanner files, each an
 * entry of its own read from the congress file as the zip is written. */
static GPtrArray *
gather_entries (KpStore    *store,
                GPtrArray **images,
                GError    **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autofree char *pem = kp_store_get_public_key (store);

  if (!add_entry (entries, CONGRESS, kp_store_snapshot_without_images (store, images, error))
      || (rounds = kp_store_list_rounds (store, error)) == NULL)
    return NULL;
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      g_autofree char *name = NULL;

      if (r->entered[0] == 0)
        continue;
      name = g_strdup_printf ("documents/bienban-%s-%u.pdf", r->id, r->round);
      if (!add_entry (entries, name, kp_reports_minutes_pdf (store, r->id, r->round, error)))
        return NULL;
      if (r->state == KP_ELECTION_CONFIRMED)
        {
          g_autoptr(KpConfirmation) c = kp_store_get_confirmation (store, r->id, r->round, error);
          g_autofree char *json = g_strdup_printf ("results/%s-%u.json", r->id, r->round);
          g_autofree char *sig = g_strdup_printf ("results/%s-%u.json.sig", r->id, r->round);

          if (c == NULL)
            return NULL;
          add_entry (entries, json, g_bytes_new (c->result, strlen (c->result)));
          add_entry (entries, sig, g_bytes_ref (c->signature));
        }
    }
  if (!add_entry (entries, "documents/nhatky.pdf", kp_reports_journal_pdf (store, NULL, error))
      || !add_entry (entries, "documents/tonghop.pdf", kp_reports_summary_pdf (store, NULL, error)))
    return NULL;
  if (pem != NULL)
    add_entry (entries, "public-key.pem", g_bytes_new (pem, strlen (pem)));
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}

/**
 * kp_archive_write:
 * @dir: the folder to write into (the USB stick)
 * @password: plain ASCII and hard to guess (kp_archive_password_check ())
 * @archive_path: (out) (transfer full): the archive written
 *
 * Builds every entry in memory and writes them encrypted: no file in clear
 * is made anywhere, so a process killed at any moment leaves only an
 * encrypted, incomplete NAME.zip.part on the stick.
 *
 * Returns: %TRUE only when the archive is complete on the stick and flushed;
 * then it is safe to remove the stick.
 */
gboolean
kp_archive_write (KpStore     *store,
                  const char  *dir,
                  const char  *password,
                  char       **archive_path,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) images = NULL;
  ImageWriting writing = { store, NULL };
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *base = g_path_get_basename (kp_store_get_path (store));
  g_autofree char *final = NULL;
  g_autofree char *part = NULL;
  zip_t *za = NULL;
  int zerr = 0;
  gboolean ok = FALSE;

  if (!kp_archive_password_check (password, error))
    return FALSE;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: no such folder (is the stick mounted?)"), dir);
      return FALSE;
    }
  if (g_str_has_suffix (base, ".kiemphieu"))
    base[strlen (base) - strlen (".kiemphieu")] = '\0';
  final = g_strdup_printf ("%s/%s-%s.zip", dir, base, stamp);
  part = g_strconcat (final, ".part", NULL);
  if (g_file_test (final, G_FILE_TEST_EXISTS) || g_file_test (part, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("%s already exists; wait a second and archive again"),
                   final);
      return FALSE;
    }

  if ((entries = gather_entries (store, &images, error)) == NULL)
    return FALSE;

  /* The manifest, last: `sha256sum -c manifest.sha256` after extracting.
   * An image's hash is its name's (checked as it is written). */
  for (guint i = 0; i < images->len; i++)
    {
      const KpArchivedImage *image = g_ptr_array_index (images, i);
      g_string_append_printf (manifest, "%s  %s\n", image->sha256, image->entry);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, entry->bytes);

      g_string_append_printf (manifest, "%s  %s\n", hex, entry->name);
    }
  add_entry (entries, MANIFEST, g_bytes_new (manifest->str, manifest->len));

  /* The zip, every entry AES-256 from memory, with room for the seal. */
  za = zip_open (part, ZIP_CREATE | ZIP_EXCL, &zerr);
  if (za == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, zerr);
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot create the archive (%s)"), part,
                   zip_error_strerror (&ze));
      zip_error_fini (&ze);
      goto out;
    }
  for (guint i = 0; i < images->len; i++)
    {
      ImageSource *src = g_new0 (ImageSource, 1);
      zip_source_t *source;

      const KpArchivedImage *image = g_ptr_array_index (images, i);

      src->writing = &writing;
      src->image = image;
      zip_error_init (&src->error);
      source = zip_source_function (za, image_source, src);
      if (source == NULL)
        g_free (src);
      if (!add_zip_entry (za, image->entry, source, TRUE, password))
        {
          zip_failed (za, part, error);
          goto out;
        }
    }
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (entry->bytes, &size);

      /* The bytes stay in @entries until zip_close () has written them. */
      if (!add_zip_entry (za, entry->name, zip_source_buffer (za, data, size, 0), FALSE, password))
        {
          zip_failed (za, part, error);
          goto out;
        }
    }
  {
    char placeholder[SEAL_LENGTH];
    memset (placeholder, '0', sizeof placeholder);
    if (zip_set_archive_comment (za, placeholder, sizeof placeholder) < 0)
      {
        zip_failed (za, part, error);
        goto out;
      }
  }
  if (zip_close (za) < 0)
    {
      if (writing.error != NULL)
        g_propagate_error (error, g_steal_pointer (&writing.error));
      else
        zip_failed (za, part, error);
      goto out;
    }
  za = NULL;
  g_clear_pointer (&entries, g_ptr_array_unref);
  if (!seal_archive (part, password, error))
    goto out;

  /* Durable before it gets its real name; then the name; then the folder
   * and the whole filesystem, before anyone is told the stick can go. */
  if (!_kp_archive_sync_path (part, FALSE, error))
    goto out;
  if (g_rename (part, final) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
                   _ ("%s: the archive could not be given its name (%s); nothing on the stick is complete"), final,
                   g_strerror (errno));
      goto out;
    }
  if (!_kp_archive_sync_path (dir, TRUE, error))
    goto out;

  if (archive_path)
    *archive_path = g_steal_pointer (&final);
  ok = TRUE;

out:
  if (za != NULL)
    zip_discard (za);
  g_clear_error (&writing.error);
  if (!ok)
    g_unlink (part);
  return ok;
}
