/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-archive.c — the encrypted USB archive, on top of libzip (AES-256). */

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "kp-archive.h"
#include "kp-durable.h"
#include "kp-crypto.h"
#include "kp-reports.h"

G_DEFINE_QUARK (kp-archive-error-quark, kp_archive_error)

#define MANIFEST "manifest.sha256"
#define CONGRESS "congress.kiemphieu"

/* The seal: the zip's archive comment, last in the file, is
 * "KP1:<salt, 32 hex>:<HMAC-SHA256, 64 hex>" over every byte before it,
 * keyed by PBKDF2-SHA256 of the password. The entries' AES codes cover
 * their contents; the seal covers everything else (headers, times, the
 * directory), so no byte of the archive can change unnoticed. */
#define SEAL_PREFIX "KP1:"
#define SEAL_LENGTH (4 + 32 + 1 + 64)
#define SEAL_ITERATIONS 100000

static gboolean
seal_mac (const char   *password,
          const guint8 *salt,
          const guint8 *data,
          gsize         length,
          char          hex[65])
{
  guint8 key[32], mac[32];
  unsigned int mac_length = sizeof mac;

  if (PKCS5_PBKDF2_HMAC (password, strlen (password), salt, 16, SEAL_ITERATIONS, EVP_sha256 (), sizeof key, key) != 1
      || HMAC (EVP_sha256 (), key, sizeof key, data, length, mac, &mac_length) == NULL)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", mac[i]);
  return TRUE;
}

/* Writes the seal over the placeholder comment of a closed archive. */
static gboolean
seal_archive (const char  *path,
              const char  *password,
              GError     **error)
{
  g_autofree char *data = NULL;
  guint8 salt[16];
  char mac[65], seal[SEAL_LENGTH + 1];
  gsize length;
  int fd;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;
  if (length < SEAL_LENGTH || RAND_bytes (salt, sizeof salt) != 1
      || !seal_mac (password, salt, (const guint8 *) data, length - SEAL_LENGTH, mac))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot seal the archive"), path);
      return FALSE;
    }
  for (guint i = 0; i < 16; i++)
    g_snprintf (seal + 4 + 2 * i, 3, "%02x", salt[i]);
  memcpy (seal, SEAL_PREFIX, 4);
  seal[36] = ':';
  memcpy (seal + 37, mac, 64);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || pwrite (fd, seal, SEAL_LENGTH, length - SEAL_LENGTH) != SEAL_LENGTH)
    {
      int saved = errno;
      if (fd >= 0)
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

static gboolean
stage_file (const char  *staging,
            const char  *name,
            GPtrArray   *names,
            GError     **error)
{
  g_autofree char *path = g_build_filename (staging, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  g_ptr_array_add (names, g_strdup (name));
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
write_staged (const char  *staging,
              const char  *name,
              const void  *data,
              gsize        length,
              GPtrArray   *names,
              GError     **error)
{
  g_autofree char *path = g_build_filename (staging, name, NULL);

  return stage_file (staging, name, names, error) && g_file_set_contents (path, data, length, error);
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

static gboolean
sync_path (const char  *path,
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

/**
 * kp_archive_write:
 * @dir: the folder to write into (the USB stick)
 * @password: at least 8 characters
 * @archive_path: (out) (transfer full): the archive written
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
  g_autofree char *staging = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *base = g_path_get_basename (kp_store_get_path (store));
  g_autofree char *final = NULL;
  g_autofree char *part = NULL;
  g_autofree char *pem = kp_store_get_public_key (store);
  zip_t *za = NULL;
  int zerr = 0;
  gboolean ok = FALSE;

  if (password == NULL || g_utf8_strlen (password, -1) < KP_ARCHIVE_MIN_PASSWORD)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("the archive password needs at least %d characters"),
                   KP_ARCHIVE_MIN_PASSWORD);
      return FALSE;
    }
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

  staging = g_dir_make_tmp ("kp-archive-XXXXXX", error);
  if (staging == NULL)
    return FALSE;

  /* The congress file, a consistent snapshot. */
  {
    g_autofree char *path = g_build_filename (staging, CONGRESS, NULL);
    if (!stage_file (staging, CONGRESS, names, error) || !kp_store_backup (store, path, error))
      goto out;
  }
  /* Documents and signed results. */
  if ((rounds = kp_store_list_rounds (store, error)) == NULL)
    goto out;
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (r->entered[0] == 0)
        continue;
      name = g_strdup_printf ("documents/bienban-%s-%u.pdf", r->id, r->round);
      path = g_build_filename (staging, name, NULL);
      if (!stage_file (staging, name, names, error) || !kp_reports_minutes (store, r->id, r->round, path, error))
        goto out;
      if (r->state == KP_ELECTION_CONFIRMED)
        {
          g_autoptr(KpConfirmation) c = kp_store_get_confirmation (store, r->id, r->round, error);
          g_autofree char *json = g_strdup_printf ("results/%s-%u.json", r->id, r->round);
          g_autofree char *sig = g_strdup_printf ("results/%s-%u.json.sig", r->id, r->round);

          if (c == NULL
              || !write_staged (staging, json, c->result, strlen (c->result), names, error)
              || !write_staged (staging, sig, g_bytes_get_data (c->signature, NULL), g_bytes_get_size (c->signature),
                                names, error))
            goto out;
        }
    }
  {
    g_autofree char *journal = g_build_filename (staging, "documents", "nhatky.pdf", NULL);
    g_autofree char *summary = g_build_filename (staging, "documents", "tonghop.pdf", NULL);
    if (!stage_file (staging, "documents/nhatky.pdf", names, error)
        || !kp_reports_journal (store, journal, NULL, error)
        || !stage_file (staging, "documents/tonghop.pdf", names, error)
        || !kp_reports_summary (store, summary, NULL, error))
      goto out;
  }
  if (pem != NULL && !write_staged (staging, "public-key.pem", pem, strlen (pem), names, error))
    goto out;

  /* The manifest: `sha256sum -c manifest.sha256` after extracting. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (staging, names->pdata[i], NULL);
      g_autofree char *data = NULL;
      g_autofree char *hex = NULL;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, error))
        goto out;
      hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
      g_string_append_printf (manifest, "%s  %s\n", hex, (char *) names->pdata[i]);
    }
  if (!write_staged (staging, MANIFEST, manifest->str, manifest->len, names, error))
    goto out;

  /* The zip, every entry AES-256, with room for the seal. */
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
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (staging, names->pdata[i], NULL);
      zip_source_t *source = zip_source_file (za, path, 0, -1);
      zip_int64_t index;

      if (source == NULL)
        {
          zip_failed (za, part, error);
          goto out;
        }
      index = zip_file_add (za, names->pdata[i], source, ZIP_FL_ENC_UTF_8);
      if (index < 0)
        {
          zip_source_free (source);
          zip_failed (za, part, error);
          goto out;
        }
      if (zip_file_set_encryption (za, index, ZIP_EM_AES_256, password) < 0)
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
      zip_failed (za, part, error);
      goto out;
    }
  za = NULL;
  if (!seal_archive (part, password, error))
    goto out;

  /* Durable before it gets its real name; then the name; then the folder
   * and the whole filesystem, before anyone is told the stick can go. */
  if (!sync_path (part, FALSE, error))
    goto out;
  if (g_rename (part, final) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, "%s: %s", final, g_strerror (errno));
      goto out;
    }
  if (!sync_path (dir, TRUE, error))
    goto out;

  if (archive_path)
    *archive_path = g_steal_pointer (&final);
  ok = TRUE;

out:
  if (za != NULL)
    zip_discard (za);
  if (!ok)
    g_unlink (part);
  remove_tree (staging);
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

/* Opens and reads every entry: names, sizes, password, manifest. */
static GHashTable *
read_archive (const char  *path,
              const char  *password,
              GString     *report,
              GError     **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  zip_t *za;
  int zerr = 0;
  zip_int64_t n;
  guint opened = 0, refused = 0;

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
  zip_set_default_password (za, password);
  n = zip_get_num_entries (za, 0);
  if (n <= 0 || n > 10000)
    {
      zip_discard (za);
      damaged (report, error, _ ("%s: %" PRId64 " entries: not a KiemPhieu archive"), path, (gint64) n);
      return NULL;
    }
  /* A bomb of many entries each under the limit: refused by their total
   * before anything is inflated. */
  {
    guint64 total = 0;
    for (zip_int64_t i = 0; i < n; i++)
      {
        zip_stat_t st;
        if (zip_stat_index (za, i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
          total += st.size;
      }
    if (total > KP_ARCHIVE_MAX_TOTAL)
      {
        zip_discard (za);
        damaged (report, error, _ ("%s: its entries would take %" PRIu64 " bytes: not a KiemPhieu archive"), path,
                 total);
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
          zip_discard (za);
          return NULL;
        }
      if (g_hash_table_contains (entries, name))
        {
          damaged (report, error, _ ("entry %s appears twice"), name);
          zip_discard (za);
          return NULL;
        }
      bytes = read_entry (za, i, name, &wrong, report, error);
      if (bytes == NULL && !wrong)
        {
          zip_discard (za);
          return NULL;
        }
      if (wrong)
        {
          refused++;
          continue;
        }
      opened++;
      g_hash_table_insert (entries, g_strdup (name), bytes);
    }
  zip_discard (za);

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
  return g_steal_pointer (&entries);
}

static gboolean
check_entries (GHashTable  *entries,
               GString     *report,
               GError     **error)
{
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
  if (g_hash_table_size (listed) == 0)
    return damaged (report, error, _ ("%s lists no entry: not a KiemPhieu archive"), MANIFEST);
  g_string_append_printf (report, _ ("archive: %u entries, each matches the manifest's SHA-256\n"),
                          g_hash_table_size (entries));
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

/* The seal covers every byte that the entries' AES codes do not. */
static gboolean
check_seal (const char  *path,
            const char  *password,
            GString     *report,
            GError     **error)
{
  g_autofree char *data = NULL;
  const char *seal;
  guint8 salt[16];
  char mac[65];
  gsize length;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;
  seal = data + length - SEAL_LENGTH;
  if (length < SEAL_LENGTH || memcmp (seal, SEAL_PREFIX, 4) != 0 || seal[36] != ':')
    return damaged (report, error, _ ("the archive has no KiemPhieu seal: changed, cut short, or not ours"));
  for (guint i = 0; i < 16; i++)
    {
      int hi = g_ascii_xdigit_value (seal[4 + 2 * i]), lo = g_ascii_xdigit_value (seal[5 + 2 * i]);
      if (hi < 0 || lo < 0)
        return damaged (report, error, _ ("the archive's seal cannot be read: the archive was changed"));
      salt[i] = (guint8) (hi * 16 + lo);
    }
  if (!seal_mac (password, salt, (const guint8 *) data, length - SEAL_LENGTH, mac)
      || memcmp (mac, seal + 37, 64) != 0)
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
  wrong = n > 0 && n <= 10000;
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

/* Writes the congress file out and verifies it. */
static gboolean
check_congress (GBytes      *congress,
                const char  *target,
                const char  *fingerprint,
                GString     *report,
                GError     **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (target, g_bytes_get_data (congress, NULL), g_bytes_get_size (congress),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error))
    return FALSE;
  store = kp_store_open (target, &local_error);
  if (store == NULL)
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (!kp_store_verify (store, report, &local_error)
      || (fingerprint != NULL && !kp_store_check_fingerprint (store, fingerprint, &local_error)))
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (fingerprint != NULL)
    g_string_append_printf (report, "signing key: the one on the key sheet (%s)\n", fingerprint);
  return TRUE;
}

/**
 * kp_archive_check:
 * @report: (nullable): receives what was checked, a line per check, or %NULL
 *
 * Opens an archive with @password and verifies everything: the zip's own
 * authentication codes, every entry against the manifest, every signed
 * result against the public key, the congress file's journal, tables and
 * signatures.
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
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  gboolean ok;

  /* Each check appends to the report (kp_store_verify too): without one,
   * they write to a scratch one. */
  if (report == NULL)
    report = scratch = g_string_new (NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: no such archive"), path);
      return FALSE;
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
      return FALSE;
    }
  entries = read_archive (path, password, report, error);
  if (entries == NULL || !check_entries (entries, report, error) || !check_signatures (entries, report, error))
    return FALSE;
  if (g_hash_table_lookup (entries, CONGRESS) == NULL)
    return damaged (report, error, _ ("no %s in the archive"), CONGRESS);
  if ((dir = g_dir_make_tmp ("kp-check-XXXXXX", error)) == NULL)
    return FALSE;
  target = g_build_filename (dir, CONGRESS, NULL);
  ok = check_congress (g_hash_table_lookup (entries, CONGRESS), target, fingerprint, report, error);
  remove_tree (dir);
  return ok;
}

/**
 * kp_archive_restore:
 * @dir: where to put the congress file
 * @restored_path: (out) (transfer full): the congress file restored
 *
 * Verifies the archive (kp_archive_check), then brings its congress file
 * back as DIR/<archive name>.kiemphieu, in WAL mode, and verifies it there.
 */
gboolean
kp_archive_restore (const char  *path,
                    const char  *password,
                    const char  *dir,
                    char       **restored_path,
                    GError     **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *target = NULL;
  g_autoptr(KpStore) store = NULL;

  if (!kp_archive_check (path, password, report, error))
    return FALSE;
  entries = read_archive (path, password, NULL, error);
  if (entries == NULL)
    return FALSE;
  if (g_str_has_suffix (base, ".zip"))
    base[strlen (base) - 4] = '\0';
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  target = g_strdup_printf ("%s/%s.kiemphieu", dir, base);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("%s already exists; it is not overwritten"), target);
      return FALSE;
    }
  if (!g_file_set_contents_full (target, g_bytes_get_data (g_hash_table_lookup (entries, CONGRESS), NULL),
                                 g_bytes_get_size (g_hash_table_lookup (entries, CONGRESS)),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, error)
      || !kp_store_set_wal (target, error))
    return FALSE;
  store = kp_store_open (target, error);
  if (store == NULL || !kp_store_verify (store, report, error))
    return FALSE;
  if (restored_path)
    *restored_path = g_steal_pointer (&target);
  return TRUE;
}
