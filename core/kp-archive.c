/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-archive.c — the encrypted USB archive, on top of libzip (AES-256). */

#include <errno.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
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

/* HMAC-SHA256 over the first @length bytes of @fd, read in pieces: the
 * archive is never all in memory. */
static gboolean
seal_mac (const char   *password,
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
      || !seal_mac (password, salt, fd, st.st_size - SEAL_LENGTH, mac))
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

/* Every entry in memory: the congress file (a consistent snapshot), the
 * documents, the signed results, the public key; sorted by name. */
static GPtrArray *
gather_entries (KpStore  *store,
                GError  **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autofree char *pem = kp_store_get_public_key (store);

  if (!add_entry (entries, CONGRESS, kp_store_snapshot (store, error))
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

  if ((entries = gather_entries (store, error)) == NULL)
    return FALSE;

  /* The manifest, last: `sha256sum -c manifest.sha256` after extracting. */
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
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (entries, i);
      gsize size;
      gconstpointer data = g_bytes_get_data (entry->bytes, &size);
      /* The bytes stay in @entries until zip_close () has written them. */
      zip_source_t *source = zip_source_buffer (za, data, size, 0);
      zip_int64_t index;

      if (source == NULL)
        {
          zip_failed (za, part, error);
          goto out;
        }
      index = zip_file_add (za, entry->name, source, ZIP_FL_ENC_UTF_8);
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
  g_clear_pointer (&entries, g_ptr_array_unref);
  if (!seal_archive (part, password, error))
    goto out;

  /* Durable before it gets its real name; then the name; then the folder
   * and the whole filesystem, before anyone is told the stick can go. */
  if (!sync_path (part, FALSE, error))
    goto out;
  if (g_rename (part, final) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO,
                   _ ("%s: the archive could not be given its name (%s); nothing on the stick is complete"), final,
                   g_strerror (errno));
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
  g_string_append_printf (report, g_dngettext (GETTEXT_PACKAGE, "archive: %u entry, it matches the manifest's SHA-256\n",
                                               "archive: %u entries, each matches the manifest's SHA-256\n",
                                               g_hash_table_size (entries)), g_hash_table_size (entries));
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
  ok = seal_mac (password, salt, fd, st.st_size - SEAL_LENGTH, mac) && memcmp (mac, seal + 37, 64) == 0;
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

/* Verifies the congress file in memory (kp_store_open_snapshot): no copy
 * of it in clear is made on a disk. */
static gboolean
check_congress (GBytes      *congress,
                const char  *fingerprint,
                GString     *report,
                GError     **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  store = kp_store_open_snapshot (congress, CONGRESS, &local_error);
  if (store == NULL)
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (!kp_store_verify (store, report, &local_error)
      || (fingerprint != NULL && !kp_store_check_fingerprint (store, fingerprint, &local_error)))
    return damaged (report, error, "%s: %s", CONGRESS, local_error->message);
  if (fingerprint != NULL)
    g_string_append_printf (report, _ ("signing key: the one on the key sheet (%s)\n"), fingerprint);
  return TRUE;
}

/* Every check of kp_archive_check_anchored (); the entries read, for
 * restore. */
static GHashTable *
check_archive (const char  *path,
               const char  *password,
               const char  *fingerprint,
               GString     *report,
               GError     **error)
{
  g_autoptr(GHashTable) entries = NULL;

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
  entries = read_archive (path, password, report, error);
  if (entries == NULL || !check_entries (entries, report, error) || !check_signatures (entries, report, error))
    return NULL;
  if (g_hash_table_lookup (entries, CONGRESS) == NULL)
    {
      damaged (report, error, _ ("no %s in the archive"), CONGRESS);
      return NULL;
    }
  if (!check_congress (g_hash_table_lookup (entries, CONGRESS), fingerprint, report, error))
    return NULL;
  return g_steal_pointer (&entries);
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
  g_autoptr(GHashTable) entries = NULL;

  /* Each check appends to the report (kp_store_verify too): without one,
   * they write to a scratch one. */
  if (report == NULL)
    report = scratch = g_string_new (NULL);
  entries = check_archive (path, password, fingerprint, report, error);
  return entries != NULL;
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
 * another key than @fingerprint is refused, nothing restored), then brings
 * its congress file back as DIR/<archive name>.kiemphieu, in WAL mode, and
 * verifies it there. The only file in clear it writes is that one, where
 * it was asked for.
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
  g_autoptr(GHashTable) entries = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *target = NULL;
  g_autoptr(KpStore) store = NULL;
  GBytes *congress;

  if ((entries = check_archive (path, password, fingerprint, report, error)) == NULL)
    return FALSE;
  congress = g_hash_table_lookup (entries, CONGRESS);
  if (g_str_has_suffix (base, ".zip"))
    base[strlen (base) - 4] = '\0';
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO, _ ("%s: cannot create the folder (%s)"), dir,
                   g_strerror (errno));
      return FALSE;
    }
  target = g_strdup_printf ("%s/%s.kiemphieu", dir, base);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID, _ ("%s already exists; it is not overwritten"), target);
      return FALSE;
    }
  if (!g_file_set_contents_full (target, g_bytes_get_data (congress, NULL), g_bytes_get_size (congress),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, error)
      || !kp_store_set_wal (target, error))
    return FALSE;
  store = kp_store_open (target, error);
  if (store == NULL || !kp_store_verify (store, report, error)
      || (fingerprint != NULL && !kp_store_check_fingerprint (store, fingerprint, error)))
    return FALSE;
  if (restored_path)
    *restored_path = g_steal_pointer (&target);
  return TRUE;
}
