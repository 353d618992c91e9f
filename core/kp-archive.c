/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-archive.c — the encrypted USB archive, on top of libzip (AES-256). */

#include <errno.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/file.h>
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

G_DEFINE_QUARK (kp-archive-error-quark, kp_archive_error)


/* HMAC-SHA256 over the first @length bytes of @fd, read in pieces: the
 * archive is never all in memory. */
gboolean
_kp_archive_seal_mac (const char   *password,
                      const guint8 *salt,
                      int           fd,
                      goffset       length,
                      char          hex[65])
{
  guint8 key[32], mac[32], buffer[65536];
  size_t mac_length = 0;
  EVP_MAC *hmac = EVP_MAC_fetch (NULL, "HMAC", NULL);
  EVP_MAC_CTX *ctx = hmac != NULL ? EVP_MAC_CTX_new (hmac) : NULL;
  OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string ("digest", (char *) "SHA256", 0), OSSL_PARAM_construct_end () };
  gboolean ok;

  ok = ctx != NULL
       && PKCS5_PBKDF2_HMAC (password, strlen (password), salt, 16, SEAL_ITERATIONS, EVP_sha256 (), sizeof key, key) == 1
       && EVP_MAC_init (ctx, key, sizeof key, params) == 1;
  for (goffset done = 0; ok && done < length;)
    {
      ssize_t n = pread (fd, buffer, MIN ((goffset) sizeof buffer, length - done), done);

      if (n < 0 && errno == EINTR)
        continue;
      ok = n > 0 && EVP_MAC_update (ctx, buffer, n) == 1;
      done += n;
    }
  ok = ok && EVP_MAC_final (ctx, mac, &mac_length, sizeof mac) == 1 && mac_length == sizeof mac;
  EVP_MAC_CTX_free (ctx);
  EVP_MAC_free (hmac);
  OPENSSL_cleanse (key, sizeof key);
  for (guint i = 0; ok && i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", mac[i]);
  return ok;
}

/* --- reading ------------------------------------------------------------------- */

static gboolean
safe_name (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || *name == '\0' || name[0] == '/' || strchr (name, '\\') || strlen (name) > 200)
    return FALSE;
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i]; i++)
    if (*parts[i] == '\0' || g_str_equal (parts[i], "..") || g_str_equal (parts[i], "."))
      return FALSE;
  return TRUE;
}

G_GNUC_PRINTF (3, 4)
static gboolean
damaged (GString    *report,
         GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (report)
    g_string_append_printf (report, "%s\n", message);
  g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED, _ ("verification FAILED: %s"), message);
  return FALSE;
}

/* Reads one entry whole. Returns NULL with @wrong_password set when the
 * password does not open it. */
static GBytes *
read_entry (zip_t       *za,
            zip_uint64_t index,
            const char  *name,
            gboolean    *wrong_password,
            GString     *report,
            GError     **error)
{
  zip_stat_t st;
  zip_file_t *zf;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[65536];
  zip_int64_t n;

  *wrong_password = FALSE;
  if (zip_stat_index (za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    {
      damaged (report, error, _ ("%s: the archive's directory is damaged"), name);
      return NULL;
    }
  if (st.size > KP_ARCHIVE_MAX_ENTRY)
    {
      damaged (report, error, _ ("%s: claims %" PRIu64 " bytes, more than any congress file (a zip bomb?)"),
               name, (guint64) st.size);
      return NULL;
    }
  zf = zip_fopen_index (za, index, 0);
  if (zf == NULL)
    {
      int code = zip_error_code_zip (zip_get_error (za));
      if (code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD)
        {
          *wrong_password = TRUE;
          zip_error_clear (za);
          return NULL;
        }
      damaged (report, error, _ ("%s: cannot be opened (%s)"), name, zip_strerror (za));
      return NULL;
    }
  while ((n = zip_fread (zf, buffer, sizeof buffer)) > 0)
    {
      g_byte_array_append (bytes, buffer, n);
      if (bytes->len > st.size || bytes->len > KP_ARCHIVE_MAX_ENTRY)
        {
          zip_fclose (zf);
          damaged (report, error, _ ("%s: holds more than it claims (a zip bomb?)"), name);
          return NULL;
        }
    }
  if (n < 0)
    {
      damaged (report, error, _ ("%s: damaged (%s)"), name, zip_error_strerror (zip_file_get_error (zf)));
      zip_fclose (zf);
      return NULL;
    }
  if (zip_fclose (zf) != 0)
    {
      damaged (report, error, _ ("%s: its authentication code does not match: the archive was changed"), name);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* An archive being checked: every entry but the images read, the zip
 * left open to stream the images from. */
typedef struct
{
  zip_t *za;
  GHashTable *entries; /* name → GBytes */
  GHashTable *images;  /* anh/… name → its index + 1 */
  GHashTable *held;    /* sha256 → entry name: the images read and found to be their hash */
} Archive;

static void
archive_free (Archive *archive)
{
  if (archive == NULL)
    return;
  if (archive->za != NULL)
    zip_discard (archive->za);
  g_hash_table_unref (archive->entries);
  g_hash_table_unref (archive->images);
  g_hash_table_unref (archive->held);
  g_free (archive);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Archive, archive_free)

/* A scanner file's entry (docs/formats.md): read piece by piece, after the
 * congress file says what it must be. */
static gboolean
is_image_entry (const char *name)
{
  return g_str_has_prefix (name, "anh/");
}

/* Opens the zip and reads every entry but the images: names, sizes,
 * password. */
static Archive *
read_archive (const char  *path,
              const char  *password,
              GString     *report,
              GError     **error)
{
  g_autoptr(Archive) archive = g_new0 (Archive, 1);
  zip_t *za;
  int zerr = 0;
  zip_int64_t n;
  guint opened = 0, refused = 0;

  archive->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  archive->images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  archive->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: no such archive"), path);
      return NULL;
    }
  za = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (za == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, zerr);
      damaged (report, error, _ ("%s: not a readable archive (%s)"), path, zip_error_strerror (&ze));
      zip_error_fini (&ze);
      return NULL;
    }
  archive->za = za;
  zip_set_default_password (za, password);
  n = zip_get_num_entries (za, 0);
  if (n <= 0 || n > KP_ARCHIVE_MAX_ENTRIES)
    {
      damaged (report, error, _ ("%s: %" PRId64 " entries: not a KiemPhieu archive"), path, (gint64) n);
      return NULL;
    }
  /* A bomb of many entries each under the limit: refused by their total
   * before anything is inflated. The images are bounded each here, and
   * all together by what the congress file says of them (check_images). */
  {
    guint64 total = 0;
    for (zip_int64_t i = 0; i < n; i++)
      {
        zip_stat_t st;
        const char *name = zip_get_name (za, i, ZIP_FL_ENC_RAW);

        if (zip_stat_index (za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
          continue;
        if (name != NULL && is_image_entry (name))
          {
            if (st.size > KP_SCAN_MAX_FILE_BYTES)
              {
                g_autofree char *shown = g_utf8_make_valid (name, -1);
                damaged (report, error, _ ("%s: claims %" PRIu64 " bytes, more than any scanner file (a zip bomb?)"),
                         shown, (guint64) st.size);
                return NULL;
              }
          }
        else
          total += st.size;
      }
    if (total > KP_ARCHIVE_MAX_TOTAL)
      {
        damaged (report, error, _ ("%s: its entries would take %" PRIu64 " bytes, more than the 2 GiB any congress "
                                   "needs (a zip bomb?): not a KiemPhieu archive"), path, total);
        return NULL;
      }
  }
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *name = zip_get_name (za, i, ZIP_FL_ENC_RAW);
      gboolean wrong = FALSE;
      GBytes *bytes;

      if (!safe_name (name))
        {
          g_autofree char *shown = name ? g_utf8_make_valid (name, -1) : g_strdup ("(none)");
          damaged (report, error, _ ("entry \"%s\": a name that could write outside the folder; refused"), shown);
          return NULL;
        }
      if (g_hash_table_contains (archive->entries, name) || g_hash_table_contains (archive->images, name))
        {
          damaged (report, error, _ ("entry %s appears twice"), name);
          return NULL;
        }
      if (is_image_entry (name))
        {
          g_hash_table_insert (archive->images, g_strdup (name), GSIZE_TO_POINTER ((gsize) i + 1));
          continue;
        }
      bytes = read_entry (za, i, name, &wrong, report, error);
      if (bytes == NULL && !wrong)
        return NULL;
      if (wrong)
        {
          refused++;
          continue;
        }
      opened++;
      g_hash_table_insert (archive->entries, g_strdup (name), bytes);
    }

  if (refused > 0 && opened == 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD, _ ("%s: wrong password"), path);
      return NULL;
    }
  if (refused > 0)
    {
      damaged (report, error, _ ("%u entries do not open with the password that opens the others: the archive "
               "was changed"), refused);
      return NULL;
    }
  return g_steal_pointer (&archive);
}

static gboolean
check_entries (Archive     *archive,
               GString     *report,
               GError     **error)
{
  GHashTable *entries = archive->entries;
  GBytes *manifest = g_hash_table_lookup (entries, MANIFEST);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  if (manifest == NULL)
    return damaged (report, error, _ ("no %s: not a KiemPhieu archive"), MANIFEST);
  /* An empty entry has no data pointer at all. */
  text = g_bytes_get_size (manifest) > 0 ? g_strndup (g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest))
                                         : g_strdup ("");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      GBytes *bytes;
      g_autofree char *hex = NULL;
      const char *name;

      if (*lines[i] == '\0')
        continue;
      if (strlen (lines[i]) < 67 || lines[i][64] != ' ' || lines[i][65] != ' ')
        return damaged (report, error, _ ("%s line %u cannot be read"), MANIFEST, i + 1);
      name = lines[i] + 66;
      lines[i][64] = '\0';
      if (g_hash_table_contains (archive->images, name))
        {
          /* anh/<its SHA-256>.<ext>: the hash is checked as it is read. */
          if (strncmp (name + 4, lines[i], 64) != 0 || name[4 + 64] != '.')
            return damaged (report, error, _ ("%s: its SHA-256 is not the manifest's"), name);
          g_hash_table_add (listed, (gpointer) name);
          continue;
        }
      bytes = g_hash_table_lookup (entries, name);
      if (bytes == NULL)
        return damaged (report, error, _ ("%s is listed in the manifest but missing"), name);
      hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      if (!g_str_equal (hex, lines[i]))
        return damaged (report, error, _ ("%s: its SHA-256 is not the manifest's"), name);
      g_hash_table_add (listed, (gpointer) name);
    }
  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_str_equal (key, MANIFEST) && !g_hash_table_contains (listed, key))
      return damaged (report, error, _ ("%s is in the archive but not in the manifest"), (char *) key);
  g_hash_table_iter_init (&iter, archive->images);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      return damaged (report, error, _ ("%s is in the archive but not in the manifest"), (char *) key);
  if (g_hash_table_size (listed) == 0)
    return damaged (report, error, _ ("%s lists no entry: not a KiemPhieu archive"), MANIFEST);
  {
    guint n = g_hash_table_size (entries) + g_hash_table_size (archive->images);
    g_string_append_printf (report, g_dngettext (GETTEXT_PACKAGE, "archive: %u entry, it matches the manifest's SHA-256\n",
                                                 "archive: %u entries, each matches the manifest's SHA-256\n", n), n);
  }
  return TRUE;
}

static gboolean
check_signatures (GHashTable  *entries,
                  GString     *report,
                  GError     **error)
{
  GBytes *pem_bytes = g_hash_table_lookup (entries, "public-key.pem");
  g_autofree char *pem = pem_bytes ? g_strndup (g_bytes_get_data (pem_bytes, NULL), g_bytes_get_size (pem_bytes)) : NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0;

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *sig_name = NULL;
      GBytes *sig;
      g_autoptr(GError) local_error = NULL;

      if (!g_str_has_prefix (key, "results/") || !g_str_has_suffix (key, ".json"))
        continue;
      sig_name = g_strconcat (key, ".sig", NULL);
      sig = g_hash_table_lookup (entries, sig_name);
      if (sig == NULL || pem == NULL)
        return damaged (report, error, _ ("%s: its signature or the public key is missing"), (char *) key);
      if (!kp_signature_verify (pem, g_bytes_get_data (value, NULL), g_bytes_get_size (value),
                                g_bytes_get_data (sig, NULL), g_bytes_get_size (sig), &local_error))
        return damaged (report, error, "%s: %s", (char *) key, local_error->message);
      checked++;
    }
  g_string_append_printf (report, _ ("signed results: %u, each verified with public-key.pem\n"), checked);
  return TRUE;
}

/* The seal covers every byte that the entries' AES codes do not. Read in
 * pieces: a hostile archive of any size costs no memory before it. */
static gboolean
check_seal (const char  *path,
            const char  *password,
            GString     *report,
            GError     **error)
{
  char seal[SEAL_LENGTH];
  guint8 salt[16];
  char mac[65];
  struct stat st;
  gboolean read_ok, ok;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  read_ok = st.st_size >= SEAL_LENGTH && pread (fd, seal, SEAL_LENGTH, st.st_size - SEAL_LENGTH) == SEAL_LENGTH;
  if (!read_ok || memcmp (seal, SEAL_PREFIX, 4) != 0 || seal[36] != ':')
    {
      close (fd);
      return damaged (report, error, _ ("the archive has no KiemPhieu seal: changed, cut short, or not ours"));
    }
  for (guint i = 0; i < 16; i++)
    {
      int hi = g_ascii_xdigit_value (seal[4 + 2 * i]), lo = g_ascii_xdigit_value (seal[5 + 2 * i]);
      if (hi < 0 || lo < 0)
        {
          close (fd);
          return damaged (report, error, _ ("the archive's seal cannot be read: the archive was changed"));
        }
      salt[i] = (guint8) (hi * 16 + lo);
    }
  ok = _kp_archive_seal_mac (password, salt, fd, st.st_size - SEAL_LENGTH, mac) && memcmp (mac, seal + 37, 64) == 0;
  close (fd);
  if (!ok)
    return damaged (report, error, _ ("the archive's seal does not match: some byte of the archive was changed"));
  g_string_append (report, _ ("seal: every byte of the archive is as written\n"));
  return TRUE;
}

/* When the seal does not match: is it only the password? Each AES entry
 * carries a password check that libzip tests on opening, before anything
 * is inflated; the password is wrong when no entry takes it (one changed
 * byte can spoil one entry's check, not all). */
static gboolean
password_is_wrong (const char *path,
                   const char *password)
{
  int zerr = 0;
  zip_t *za = zip_open (path, ZIP_RDONLY, &zerr);
  zip_int64_t n;
  gboolean wrong;

  if (za == NULL)
    return FALSE;
  n = zip_get_num_entries (za, 0);
  wrong = n > 0 && n <= KP_ARCHIVE_MAX_ENTRIES;
  for (zip_int64_t i = 0; wrong && i < n; i++)
    {
      zip_file_t *file = zip_fopen_index_encrypted (za, i, 0, password);
      if (file != NULL)
        {
          zip_fclose (file);
          wrong = FALSE;
        }
      else
        wrong = zip_error_code_zip (zip_get_error (za)) == ZIP_ER_WRONGPASSWD;
    }
  zip_discard (za);
  return wrong;
}

/* Reads an image entry in pieces into @checksum when checking, into @sink
 * (which hashes what it writes) when restoring:
 * no more than it claims, its AES code checked at the end. */
static gboolean
stream_image (Archive     *archive,
              const char  *entry,
              KpSha256    *checksum,
              KpImageSink *sink,
              GString     *report,
              GError     **error)
{
  zip_uint64_t index = GPOINTER_TO_SIZE (g_hash_table_lookup (archive->images, entry)) - 1;
  g_autofree guint8 *buffer = g_malloc (65536);
  zip_stat_t st;
  zip_file_t *zf;
  zip_int64_t n;
  guint64 done = 0;

  if (zip_stat_index (archive->za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return damaged (report, error, _ ("%s: the archive's directory is damaged"), entry);
  zf = zip_fopen_index (archive->za, index, 0);
  if (zf == NULL)
    {
      int code = zip_error_code_zip (zip_get_error (archive->za));
      if (code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD)
        return damaged (report, error, _ ("%s does not open with the password that opens the others: the archive "
                                          "was changed"), entry);
      return damaged (report, error, _ ("%s: cannot be opened (%s)"), entry, zip_strerror (archive->za));
    }
  while ((n = zip_fread (zf, buffer, 65536)) > 0)
    {
      done += n;
      if (done > st.size)
        {
          zip_fclose (zf);
          return damaged (report, error, _ ("%s: holds more than it claims (a zip bomb?)"), entry);
        }
      if (checksum != NULL)
        kp_sha256_update (checksum, buffer, n);
      if (sink != NULL && !kp_image_sink_write (sink, buffer, n, error))
        {
          zip_fclose (zf);
          return FALSE;
        }
    }
  if (n < 0)
    {
      damaged (report, error, _ ("%s: damaged (%s)"), entry, zip_error_strerror (zip_file_get_error (zf)));
      zip_fclose (zf);
      return FALSE;
    }
  if (zip_fclose (zf) != 0)
    return damaged (report, error, _ ("%s: its authentication code does not match: the archive was changed"), entry);
  return TRUE;
}

/* The images beside the congress file: exactly those it lists (none
 * missing, none extra), each the size it says — so their total is bounded
 * by what the verified congress file declares before any is inflated —
 * then each read in pieces and found to be its SHA-256. A restore
 * (@hash_later) reads each only once, as it writes it into the file, and
 * checks its SHA-256 there (kp_store_fill_images ()): the restored file is
 * given its name only when all are. */
static gboolean
check_images (Archive     *archive,
              KpStore     *store,
              gboolean     hash_later,
              GString     *report,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) declared = kp_store_archived_images (store, &local_error);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  guint64 total = 0;

  if (declared == NULL)
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  for (guint i = 0; i < declared->len; i++)
    {
      const KpArchivedImage *image = g_ptr_array_index (declared, i);
      zip_stat_t st;
      gpointer index;

      g_hash_table_add (names, image->entry);
      if (!g_hash_table_lookup_extended (archive->images, image->entry, NULL, &index))
        return damaged (report, error, _ ("%s: the congress file keeps this image in the archive, but it is missing"),
                        image->entry);
      if (image->size > KP_SCAN_MAX_FILE_BYTES
          || zip_stat_index (archive->za, GPOINTER_TO_SIZE (index) - 1, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)
          || st.size != image->size)
        return damaged (report, error, _ ("%s: its size is not the one the congress file says"), image->entry);
      total += image->size;
    }
  g_hash_table_iter_init (&iter, archive->images);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (names, key))
      return damaged (report, error, _ ("%s: the congress file has no such image: it was added to the archive"),
                      (char *) key);
  for (guint i = 0; hash_later && i < declared->len; i++)
    {
      const KpArchivedImage *image = g_ptr_array_index (declared, i);
      g_hash_table_insert (archive->held, g_strdup (image->sha256), g_strdup (image->entry));
    }
  for (guint i = 0; !hash_later && i < declared->len; i++)
    {
      const KpArchivedImage *image = g_ptr_array_index (declared, i);
      g_autoptr(KpSha256) checksum = kp_sha256_new ();

      if (!stream_image (archive, image->entry, checksum, NULL, report, error))
        return FALSE;
      if (!g_str_equal (kp_sha256_hex (checksum), image->sha256))
        return damaged (report, error, _ ("%s: its SHA-256 is not the image's the congress file names: the image was "
                                          "changed"), image->entry);
      g_hash_table_insert (archive->held, g_strdup (image->sha256), g_strdup (image->entry));
    }
  if (declared->len > 0 && !hash_later)
    g_string_append_printf (report, _ ("scanned images: %u entries (%" PRIu64 " bytes), each the SHA-256 its name "
                                       "and the congress file give\n"), declared->len, total);
  return TRUE;
}

/* Verifies the congress file in memory (kp_store_open_snapshot): no copy
 * of it in clear is made on a disk; and the images beside it. */
static gboolean
check_congress (Archive     *archive,
                const char  *fingerprint,
                gboolean     hash_later,
                GString     *report,
                GError     **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *congress = g_hash_table_lookup (archive->entries, CONGRESS);

  store = kp_store_open_snapshot (congress, CONGRESS, &local_error);
  if (store == NULL)
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (!check_images (archive, store, hash_later, report, error))
    return FALSE;
  if (!(g_hash_table_size (archive->held) > 0 ? kp_store_verify_archived (store, archive->held, report, &local_error)
                                               : kp_store_verify (store, report, &local_error))
      || (fingerprint != NULL && !kp_store_check_fingerprint (store, fingerprint, &local_error)))
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (fingerprint != NULL)
    g_string_append_printf (report, _ ("signing key: the one on the key sheet (%s)\n"), fingerprint);
  return TRUE;
}

/* Every check of kp_archive_check_anchored (); the archive read, for
 * restore, which hashes the images as it writes them (@hash_later). */
static Archive *
check_archive (const char  *path,
               const char  *password,
               const char  *fingerprint,
               gboolean     hash_later,
               GString     *report,
               GError     **error)
{
  g_autoptr(Archive) archive = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: no such archive"), path);
      return NULL;
    }
  /* The seal first: nothing is inflated from an archive that is not ours
   * as written. */
  if (!check_seal (path, password, report, error))
    {
      if (password_is_wrong (path, password))
        {
          g_clear_error (error);
          g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD, _ ("%s: wrong password"), path);
        }
      return NULL;
    }
  archive = read_archive (path, password, report, error);
  if (archive == NULL || !check_entries (archive, report, error)
      || !check_signatures (archive->entries, report, error))
    return NULL;
  if (g_hash_table_lookup (archive->entries, CONGRESS) == NULL)
    {
      damaged (report, error, _ ("no %s in the archive"), CONGRESS);
      return NULL;
    }
  if (!check_congress (archive, fingerprint, hash_later, report, error))
    return NULL;
  return g_steal_pointer (&archive);
}

/**
 * kp_archive_check:
 * @report: (nullable): receives what was checked, a line per check, or %NULL
 *
 * Opens an archive with @password and verifies everything: the zip's own
 * authentication codes, every entry against the manifest, every signed
 * result against the public key, the congress file's journal, tables and
 * signatures. All in memory: nothing of the archive is written out.
 *
 * Returns: %TRUE when all holds; else %FALSE with %KP_ARCHIVE_ERROR_PASSWORD,
 * %KP_ARCHIVE_ERROR_DAMAGED or %KP_ARCHIVE_ERROR_IO.
 */
gboolean
kp_archive_check (const char  *path,
                  const char  *password,
                  GString     *report,
                  GError     **error)
{
  return kp_archive_check_anchored (path, password, NULL, report, error);
}

/**
 * kp_archive_check_anchored:
 * @fingerprint: (nullable): the signing key's fingerprint from the key
 *   sheet signed on paper (kp_store_check_fingerprint ())
 *
 * kp_archive_check (), and the congress signing key must be @fingerprint:
 * an archive of a file rewritten and signed again with another key fails.
 */
gboolean
kp_archive_check_anchored (const char  *path,
                           const char  *password,
                           const char  *fingerprint,
                           GString     *report,
                           GError     **error)
{
  g_autoptr(GString) scratch = NULL;
  g_autoptr(Archive) archive = NULL;

  /* Each check appends to the report (kp_store_verify too): without one,
   * they write to a scratch one. */
  if (report == NULL)
    report = scratch = g_string_new (NULL);
  archive = check_archive (path, password, fingerprint, FALSE, report, error);
  return archive != NULL;
}

/* kp_store_fill_images (): one image entry, streamed into the file; the
 * sink checks its SHA-256. */
static gboolean
fill_image (gpointer     user_data,
            const char  *entry,
            guint64      size,
            KpImageSink *sink,
            GError     **error)
{
  Archive *archive = user_data;

  if (!g_hash_table_contains (archive->images, entry))
    return damaged (NULL, error, _ ("%s: the congress file keeps this image in the archive, but it is missing"), entry);
  return stream_image (archive, entry, NULL, sink, NULL, error);
}

/* The .part a restore writes into, held under an exclusive lock (flock)
 * for as long as the restore runs; the kernel lets go of it when the
 * process ends, however it ends. So a .part nobody holds is what a restore
 * killed midway left (power lost, the process killed, the stick pulled):
 * it is emptied and written again, with the rollback journal sqlite may
 * have left beside it. A .part another restore holds is not touched.
 * Returns its descriptor, or -1. */
static int
claim_part (const char  *part,
            GError     **error)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      struct stat held, named;
      int saved;
      int fd = open (part, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

      if (fd < 0)
        {
          saved = errno;
          g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot be written (%s)"), part,
                       g_strerror (saved));
          return -1;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          saved = errno;
          close (fd);
          if (saved == EWOULDBLOCK)
            g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
                         _ ("%s: another restore is writing this file now; wait until it ends, or restore into "
                            "another folder"), part);
          else
            g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot be written (%s)"), part,
                         g_strerror (saved));
          return -1;
        }
      /* The restore that held it may have just given it its real name or
       * removed it: the lock counts only on the file still named .part. */
      if (fstat (fd, &held) == 0 && lstat (part, &named) == 0 && held.st_dev == named.st_dev
          && held.st_ino == named.st_ino)
        {
          g_autofree char *journal = g_strconcat (part, "-journal", NULL);
          g_autofree char *wal = g_strconcat (part, "-wal", NULL);
          g_autofree char *shm = g_strconcat (part, "-shm", NULL);

          g_unlink (journal);
          g_unlink (wal);
          g_unlink (shm);
          if (ftruncate (fd, 0) == 0)
            return fd;
          saved = errno;
          g_unlink (part);
          close (fd);
          g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot be written (%s)"), part,
                       g_strerror (saved));
          return -1;
        }
      close (fd);
    }
  g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
               _ ("%s: another restore is writing this file now; wait until it ends, or restore into "
                  "another folder"), part);
  return -1;
}

/* Removes the .part (and what sqlite keeps beside it), then lets go of
 * its lock. */
static void
drop_part (const char *part,
           int         fd)
{
  static const char *const sides[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *side = g_strconcat (part, sides[i], NULL);
      g_unlink (side);
    }
  g_unlink (part);
  close (fd);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n, size -= n;
    }
  return TRUE;
}

/* The restored file on the disk before it gets its name. */
static gboolean
sync_part (const char  *part,
           GError     **error)
{
  int saved = kp_durable_sync (part, FALSE);

  if (saved != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: could not be flushed to the disk (%s); "
                                                                    "restore again"), part, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* @part becomes @target, never over a file of that name (one restored
 * meanwhile by someone else): renameat2's RENAME_NOREPLACE, or where the
 * filesystem has no such thing, a last look before rename. */
static gboolean
rename_no_replace (const char  *part,
                   const char  *target,
                   GError     **error)
{
  int rc = renameat2 (AT_FDCWD, part, AT_FDCWD, target, RENAME_NOREPLACE);

  if (rc != 0 && (errno == EINVAL || errno == ENOSYS))
    {
      if (g_file_test (target, G_FILE_TEST_EXISTS))
        errno = EEXIST;
      else
        rc = g_rename (part, target);
    }
  if (rc == 0)
    return TRUE;
  if (errno == EEXIST)
    g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("%s already exists; it is not overwritten"),
                 target);
  else
    g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, "%s: %s", target, g_strerror (errno));
  return FALSE;
}

/* The restored file, still .part: the images put back (each streamed from
 * its entry once and found to be its SHA-256), WAL mode, verified; an image
 * not its hash fails as "changed", like archive-check. */
static gboolean
fill_part (Archive     *archive,
           const char  *part,
           const char  *fingerprint,
           GString     *report,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KpStore) store = NULL;

  if (g_hash_table_size (archive->held) > 0 && !kp_store_fill_images (part, fill_image, archive, &local_error))
    {
      if (g_error_matches (local_error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED))
        return damaged (report, error, "%s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!kp_store_set_wal (part, error))
    return FALSE;
  store = kp_store_open (part, error);
  return store != NULL && kp_store_verify (store, report, error)
         && (fingerprint == NULL || kp_store_check_fingerprint (store, fingerprint, error));
}

/**
 * kp_archive_restore:
 * @dir: where to put the congress file
 * @restored_path: (out) (transfer full): the congress file restored
 *
 * kp_archive_restore_anchored () without a fingerprint.
 */
gboolean
kp_archive_restore (const char  *path,
                    const char  *password,
                    const char  *dir,
                    char       **restored_path,
                    GError     **error)
{
  return kp_archive_restore_anchored (path, password, NULL, dir, restored_path, error);
}

/**
 * kp_archive_restore_anchored:
 * @fingerprint: (nullable): the signing key's fingerprint from the key
 *   sheet signed on paper
 * @dir: where to put the congress file
 * @restored_path: (out) (transfer full): the congress file restored
 *
 * Verifies the archive (kp_archive_check_anchored (): an archive signed by
 * another key than @fingerprint is refused, nothing restored; the images'
 * hashes are checked as they are written), then brings its congress file
 * back as DIR/<archive name>.kiemphieu.part, in WAL mode, verifies it there
 * and renames it DIR/<archive name>.kiemphieu, never over a file of that
 * name. The only file in clear it writes is that one, where it was asked
 * for; any failure removes it. A .part left by a restore killed midway is
 * replaced; one another restore is writing is refused (claim_part ()).
 */
gboolean
kp_archive_restore_anchored (const char  *path,
                             const char  *password,
                             const char  *fingerprint,
                             const char  *dir,
                             char       **restored_path,
                             GError     **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(Archive) archive = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *target = NULL;
  g_autofree char *part = NULL;
  GBytes *congress;
  int fd;

  if ((archive = check_archive (path, password, fingerprint, TRUE, report, error)) == NULL)
    return FALSE;
  congress = g_hash_table_lookup (archive->entries, CONGRESS);
  if (g_str_has_suffix (base, ".zip"))
    base[strlen (base) - 4] = '\0';
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot create the folder (%s)"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  target = g_strdup_printf ("%s/%s.kiemphieu", dir, base);
  part = g_strconcat (target, ".part", NULL);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("%s already exists; it is not overwritten"), target);
      return FALSE;
    }
  if ((fd = claim_part (part, error)) < 0)
    return FALSE;
  /* Written, filled, verified as .part; then the name, never over a file
   * that has it. Any failure removes the .part. */
  if (!write_all (fd, g_bytes_get_data (congress, NULL), g_bytes_get_size (congress)))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot be written (%s)"), part,
                   g_strerror (errno));
      drop_part (part, fd);
      return FALSE;
    }
  if (!fill_part (archive, part, fingerprint, report, error) || !sync_part (part, error)
      || !rename_no_replace (part, target, error))
    {
      drop_part (part, fd);
      return FALSE;
    }
  close (fd);
  if (restored_path)
    *restored_path = g_steal_pointer (&target);
  return TRUE;
}
