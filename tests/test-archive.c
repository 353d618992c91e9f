/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-archive.c — the encrypted USB archive (kp-archive): what it holds,
 * its manifest and its seal checked here with libzip and OpenSSL directly
 * (docs/formats.md, "The archive"), check and restore, a wrong password, a
 * changed byte anywhere, a file cut short, entry names that could write
 * outside the folder (test-hostile covers "../../" through the CLI and the
 * zip bomb), and 7-Zip opening it.
 *
 * One congress with a confirmed, signed round is archived once; each test
 * works on its own copy.
 */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "kp-archive.h"
#include "kp-crypto.h"
#include "kp-scan.h"

#define PASSWORD "tre-nguon-khoi-buom-sang-dieu-non-manh"
#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define SEAL_LENGTH 101

static const char definition[] =
  "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"CHI BỘ THÔN ĐÔNG\",\"name\":\"ĐẠI HỘI CHI BỘ\","
  "\"place\":\"Thạch Thành\",\"date\":\"2025-06-15\",\"kind\":\"members\",\"convened\":11,\"present\":10,"
  "\"exclusions\":[{\"count\":1,\"reason\":\"vắng mặt có lý do\"}],"
  "\"counting_committee\":[{\"name\":\"Lê Văn Tùng\",\"role\":\"head\"}]},"
  "\"elections\":[{\"id\":\"bt\",\"title\":\"Bầu Bí thư Chi bộ\",\"body\":\"secretary\",\"seats\":1,\"issued\":3,"
  "\"candidates\":[{\"name\":\"Lê Văn An\"},{\"name\":\"Trần Văn Bình\"}]}]}";

static char *root_dir;     /* every folder the tests make, removed at the end */
static char *archive_dir;  /* holds the one archive written */
static char *archive_path;

static char *
temp_dir (void)
{
  char *dir = g_build_filename (root_dir, "XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A congress, three ballots, the round confirmed and signed, archived. */
static void
write_archive (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "chibo.kiemphieu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_create (path, definition, strlen (definition), "d.json", "Lê Văn Tùng", &error);

  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  for (guint serial = 1; serial <= 3; serial++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (serial, 2);
      kp_ballot_strike (ballot, serial == 3 ? 1 : 2);
      g_assert_true (kp_store_enter (store, "bt", 0, 'A', "Phạm Thị Hoa", ballot, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kp_store_set_collected (store, "bt", 0, 3, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_confirm (store, "bt", 0, HEAD, NULL, "kiểm thử tự động", "Lê Văn Tùng", &error));
  g_assert_no_error (error);

  archive_dir = temp_dir ();
  g_assert_true (kp_archive_write (store, archive_dir, PASSWORD, &archive_path, &error));
  g_assert_no_error (error);
}

/* A copy of the archive that a test may change. */
static char *
copy_archive (char   **data,
              gsize   *length)
{
  g_autofree char *dir = temp_dir ();
  char *copy = g_build_filename (dir, "copy.zip", NULL);
  g_autofree char *bytes = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (archive_path, &bytes, &size, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, size, NULL));
  if (data)
    *data = g_steal_pointer (&bytes);
  if (length)
    *length = size;
  return copy;
}

static void
assert_damaged (const char *path,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  g_test_message ("%s", what);
  g_assert_false (kp_archive_check (path, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, "verification FAILED: "));
}

/* Named <congress>-YYYYMMDD-HHMMSS.zip, nothing left as .part. */
static void
test_write_name (void)
{
  g_autofree char *base = g_path_get_basename (archive_path);
  g_autofree char *dir = g_path_get_dirname (archive_path);
  g_autoptr(GDir) listing = g_dir_open (archive_dir, 0, NULL);
  guint files = 0;

  g_assert_cmpstr (dir, ==, archive_dir);
  g_assert_true (g_regex_match_simple ("^chibo-[0-9]{8}-[0-9]{6}\\.zip$", base, 0, 0));
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 1);
}

/* A password of fewer than 8 characters (characters, not bytes), one easy
 * to guess (ZIP AES costs a guesser 1,000 PBKDF2-SHA1 rounds: the password
 * must be as strong as a generated one), one with diacritics (7-Zip on
 * Windows would not open the archive), or a folder that is not there:
 * refused, nothing written. */
static void
test_write_refused (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "x.kiemphieu", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-stick", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_create (path, definition, strlen (definition), "d.json", "Lê Văn Tùng", &error);
  const char *weak[] = { "", "1234567", "mậtkhẩu" /* 7 characters, 11 bytes */, "12345678", "Xk9#pQ2!zR7$mW4&",
                         "mật khẩu lưu trữ của đại hội đảng bộ huyện Thạch Thành năm hai nghìn" };
  const char *says[] = { "at least 8", "at least 8", "at least 8", "too easy to guess", "too easy to guess",
                         "7-Zip on Windows" };
  g_autoptr(GDir) listing = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen ("mậtkhẩu"), >, 8);
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *written = NULL;
      g_assert_false (kp_archive_write (store, dir, weak[i], &written, &local_error));
      g_assert_error (local_error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID);
      g_assert_nonnull (strstr (local_error->message, says[i]));
      g_assert_null (written);
    }
  g_assert_false (kp_archive_write (store, missing, PASSWORD, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO);
  listing = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    g_assert_false (g_str_has_suffix (name, ".zip") || g_str_has_suffix (name, ".part"));
}

/* The entries, each AES-256; the manifest lists every other entry with its
 * SHA-256 (computed here from what libzip reads); the signed result
 * verifies with the public key in the archive. */
static void
test_contents (void)
{
  const char *want[] = { "congress.kiemphieu", "documents/bienban-bt-1.pdf", "documents/nhatky.pdf",
                         "documents/tonghop.pdf", "manifest.sha256", "public-key.pem", "results/bt-1.json",
                         "results/bt-1.json.sig" };
  g_autoptr(GHashTable) data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GString) manifest = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GBytes *json, *sig, *pem, *listed;
  g_autofree char *pem_text = NULL;
  int zerr = 0;
  zip_t *za = zip_open (archive_path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);

  g_assert_nonnull (za);
  g_assert_cmpint (zip_get_num_entries (za, 0), ==, G_N_ELEMENTS (want));
  g_assert_cmpint (zip_set_default_password (za, PASSWORD), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      zip_stat_t st;
      zip_file_t *zf;
      g_autofree char *buffer = NULL;

      g_assert_cmpint (zip_stat (za, want[i], 0, &st), ==, 0);
      g_assert_cmpuint (st.encryption_method, ==, ZIP_EM_AES_256);
      buffer = g_malloc (st.size + 1);
      zf = zip_fopen (za, want[i], 0);
      g_assert_nonnull (zf);
      g_assert_cmpint (zip_fread (zf, buffer, st.size), ==, (zip_int64_t) st.size);
      g_assert_cmpint (zip_fclose (zf), ==, 0);
      g_hash_table_insert (data, g_strdup (want[i]), g_bytes_new (buffer, st.size));
    }
  zip_discard (za);

  /* sha256sum lines, sorted by name, every entry but the manifest itself. */
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    if (!g_str_equal (want[i], "manifest.sha256"))
      {
        g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, g_hash_table_lookup (data, want[i]));
        g_string_append_printf (manifest, "%s  %s\n", hex, want[i]);
      }
  listed = g_hash_table_lookup (data, "manifest.sha256");
  g_assert_cmpmem (g_bytes_get_data (listed, NULL), g_bytes_get_size (listed), manifest->str, manifest->len);

  json = g_hash_table_lookup (data, "results/bt-1.json");
  sig = g_hash_table_lookup (data, "results/bt-1.json.sig");
  pem = g_hash_table_lookup (data, "public-key.pem");
  g_assert_cmpuint (g_bytes_get_size (sig), ==, KP_SIGNATURE_SIZE);
  pem_text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  g_assert_true (kp_signature_verify (pem_text, g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                                      g_bytes_get_data (sig, NULL), KP_SIGNATURE_SIZE, &error));
  g_assert_no_error (error);
  /* Two votes for An (ballots 1 and 2 strike Bình), base 11 − 1 = 10. */
  g_assert_true (g_str_has_prefix (g_bytes_get_data (json, NULL),
                                   "{\"format\":\"kiemphieu/result@1\",\"election\":\"bt\",\"round\":1,\"seats\":1,"
                                   "\"base\":10,\"ballots\":{\"issued\":3,\"collected\":3,\"valid\":3,\"invalid\":0,"));
  g_assert_cmpmem (g_bytes_get_data (g_hash_table_lookup (data, "congress.kiemphieu"), NULL), 16,
                   "SQLite format 3\0", 16);
}

/* The seal: "KP1:<salt hex>:<HMAC-SHA256 hex>", the last 101 bytes, over
 * every byte before it, keyed by PBKDF2-SHA256 (100,000 rounds) of the
 * password and salt — recomputed here with OpenSSL. */
static void
test_seal (void)
{
  g_autofree char *data = NULL;
  gsize length;
  const char *seal;
  guint8 salt[16], key[32], mac[32];
  unsigned int mac_length = sizeof mac;
  g_autofree char *hex = NULL;
  GString *h = g_string_new (NULL);

  g_assert_true (g_file_get_contents (archive_path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  seal = data + length - SEAL_LENGTH;
  g_assert_true (g_regex_match_simple ("^KP1:[0-9a-f]{32}:[0-9a-f]{64}$", seal, 0, 0));
  /* The zip's comment length field, just before it, says 101. */
  g_assert_cmpint ((guint8) seal[-2], ==, SEAL_LENGTH);
  g_assert_cmpint ((guint8) seal[-1], ==, 0);
  for (guint i = 0; i < 16; i++)
    salt[i] = (guint8) (g_ascii_xdigit_value (seal[4 + 2 * i]) * 16 + g_ascii_xdigit_value (seal[5 + 2 * i]));
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (PASSWORD, strlen (PASSWORD), salt, sizeof salt, 100000, EVP_sha256 (),
                                      sizeof key, key), ==, 1);
  g_assert_nonnull (HMAC (EVP_sha256 (), key, sizeof key, (const guint8 *) data, length - SEAL_LENGTH, mac,
                          &mac_length));
  for (guint i = 0; i < mac_length; i++)
    g_string_append_printf (h, "%02x", mac[i]);
  hex = g_string_free (h, FALSE);
  g_assert_cmpmem (seal + 37, 64, hex, 64);
}

static void
test_check (void)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_archive_check (archive_path, PASSWORD, report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report->str, "seal: every byte of the archive is as written\n"));
  g_assert_nonnull (strstr (report->str, "archive: 8 entries, each matches the manifest's SHA-256\n"));
  g_assert_nonnull (strstr (report->str, "signed results: 1, each verified with public-key.pem\n"));
}

/* The report is optional: without one, the same answers, and nothing
 * logged (every step that succeeds would otherwise append to it). */
static void
test_check_without_report (void)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autofree char *path = copy_archive (&data, &length);
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_archive_check (archive_path, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kp_archive_check (archive_path, PASSWORD, NULL, NULL));

  g_assert_false (kp_archive_check (archive_path, "12345678", NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD);
  g_clear_error (&error);

  data[length / 2] ^= 0x10;
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_assert_false (kp_archive_check (path, PASSWORD, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
}

static void
test_wrong_password (void)
{
  const char *wrong[] = { "tre-nguon-khoi-buom-sang-dieu-non-manh ", "mat khau luu tru", "12345678" };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      g_autofree char *target = temp_dir ();
      g_autofree char *restored = NULL;

      g_assert_false (kp_archive_check (archive_path, wrong[i], report, &error));
      g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD);
      g_clear_error (&error);
      g_assert_false (kp_archive_restore (archive_path, wrong[i], target, &restored, &error));
      g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD);
      g_assert_null (restored);
    }
}

/* One flipped bit anywhere — local headers, encrypted data, central
 * directory, the seal — is found. */
static void
test_flipped_byte (void)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autofree char *path = copy_archive (&data, &length);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize fixed[] = { 0, 4, 30, 40, length / 2, length - SEAL_LENGTH - 22, length - SEAL_LENGTH - 5,
                    length - SEAL_LENGTH - 1, length - SEAL_LENGTH, length - SEAL_LENGTH + 10, length - 1 };

  g_array_append_vals (positions, fixed, G_N_ELEMENTS (fixed));
  for (gsize p = 97; p < length; p += length / 12)
    g_array_append_val (positions, p);
  for (guint i = 0; i < positions->len; i++)
    {
      gsize at = g_array_index (positions, gsize, i);
      g_autofree char *what = g_strdup_printf ("bit 0x10 of byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, at, length);

      data[at] ^= 0x10;
      g_assert_true (g_file_set_contents (path, data, length, NULL));
      assert_damaged (path, what);
      data[at] ^= 0x10;
    }
  /* Put back, it checks again: the failures were the changes. */
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (kp_archive_check (path, PASSWORD, report, NULL));
  }
}

/* Cut short (a stick pulled out), or with bytes added after the seal. */
static void
test_truncated (void)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autofree char *path = copy_archive (&data, &length);
  const gsize cuts[] = { length - 1, length - SEAL_LENGTH, length - SEAL_LENGTH - 1, length / 2, 200, 22, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *what = g_strdup_printf ("the first %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", cuts[i],
                                               length);
      g_assert_true (g_file_set_contents (path, data, cuts[i], NULL));
      assert_damaged (path, what);
    }
  {
    g_autofree char *longer = g_malloc (length + 1);
    memcpy (longer, data, length);
    longer[length] = '\n';
    g_assert_true (g_file_set_contents (path, longer, length + 1, NULL));
    assert_damaged (path, "one byte appended");
  }
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_damaged (path, "an empty file");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (archive_dir, "none.zip", NULL);
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_false (kp_archive_check (missing, PASSWORD, report, &error));
    g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO);
  }
}

/* Restore: DIR/<archive name>.kiemphieu, a congress file that verifies and
 * holds the confirmed round; never over an existing file. */
static void
test_restore (void)
{
  g_autofree char *target = temp_dir ();
  g_autofree char *restored = NULL;
  g_autofree char *again = NULL;
  g_autofree char *base = g_path_get_basename (archive_path);
  g_autofree char *want = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  base[strlen (base) - 4] = '\0';
  want = g_strdup_printf ("%s/%s.kiemphieu", target, base);
  g_assert_true (kp_archive_restore (archive_path, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (restored, ==, want);
  store = kp_store_open (restored, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_verify (store, report, &error));
  g_assert_no_error (error);
  info = kp_store_get_round_info (store, "bt", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, KP_ELECTION_CONFIRMED);
  g_assert_cmpuint (info->entered[0], ==, 3);

  g_assert_false (kp_archive_restore (archive_path, PASSWORD, target, &again, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID);
  g_assert_null (again);
}

/* A damaged archive is not restored: nothing is written. */
static void
test_restore_damaged (void)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autofree char *path = copy_archive (&data, &length);
  g_autofree char *target = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  data[length / 3] ^= 0x01;
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_assert_false (kp_archive_restore (path, PASSWORD, target, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  listing = g_dir_open (target, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
}

/* Seals a zip made by a test (its comment a placeholder of SEAL_LENGTH
 * bytes) as KiemPhieu does: "KP1:salt:HMAC" over every byte before the
 * seal, keyed by PBKDF2 of PASSWORD (docs/formats.md). */
static void
seal_zip (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GString) seal = g_string_new ("KP1:");
  guint8 salt[16], key[32], mac[32];
  unsigned int mac_length = sizeof mac;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (guint i = 0; i < sizeof salt; i++)
    {
      salt[i] = (guint8) (i * 7 + 1);
      g_string_append_printf (seal, "%02x", salt[i]);
    }
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (PASSWORD, strlen (PASSWORD), salt, sizeof salt, 100000, EVP_sha256 (),
                                      sizeof key, key), ==, 1);
  g_assert_nonnull (HMAC (EVP_sha256 (), key, sizeof key, (const guint8 *) data, length - SEAL_LENGTH, mac,
                          &mac_length));
  g_string_append_c (seal, ':');
  for (guint i = 0; i < mac_length; i++)
    g_string_append_printf (seal, "%02x", mac[i]);
  g_assert_cmpuint (seal->len, ==, SEAL_LENGTH);
  memcpy (data + length - SEAL_LENGTH, seal->str, SEAL_LENGTH);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
}

/* Entry names that could write outside the folder: absolute, "..", ".",
 * empty components, backslashes. Refused at the name, nothing written. */
static void
test_unsafe_names (void)
{
  const char *names[] = { "/tmp/kp-evil.txt", "documents/../../kp-evil.txt", "./manifest.sha256",
                          "documents//nhatky.pdf", "documents\\..\\..\\kp-evil.txt", "..", "results/.",
                          "documents/" };
  static const char text[] = "không có gì\n";
  g_autofree char *placeholder = g_strnfill (SEAL_LENGTH, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = temp_dir ();
      g_autofree char *path = g_build_filename (dir, "names.zip", NULL);
      g_autofree char *target = g_build_filename (dir, "restored", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      int zerr = 0;
      zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);
      zip_int64_t index;

      g_assert_nonnull (za);
      index = zip_file_add (za, "manifest.sha256", zip_source_buffer (za, text, sizeof text - 1, 0), 0);
      g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
      index = zip_file_add (za, names[i], zip_source_buffer (za, text, sizeof text - 1, 0), ZIP_FL_ENC_UTF_8);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
      g_assert_cmpint (zip_set_archive_comment (za, placeholder, SEAL_LENGTH), ==, 0);
      g_assert_cmpint (zip_close (za), ==, 0);
      seal_zip (path);

      g_test_message ("entry name %s", names[i]);
      g_assert_false (kp_archive_check (path, PASSWORD, report, &error));
      g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
      g_assert_nonnull (strstr (error->message, "a name that could write outside the folder; refused"));
      g_clear_error (&error);
      g_assert_false (kp_archive_restore (path, PASSWORD, target, NULL, &error));
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    }
}

/* A sealed archive whose manifest is empty (a valid seal, made here with
 * the documented algorithm): refused as damaged, never a crash. */
static void
test_empty_manifest (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.zip", NULL);
  g_autofree char *target = g_build_filename (dir, "restored", NULL);
  g_autofree char *placeholder = g_strnfill (SEAL_LENGTH, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  int zerr = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);
  zip_int64_t index;

  g_assert_nonnull (za);
  index = zip_file_add (za, "manifest.sha256", zip_source_buffer (za, "", 0, 0), 0);
  g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
  g_assert_cmpint (zip_set_archive_comment (za, placeholder, SEAL_LENGTH), ==, 0);
  g_assert_cmpint (zip_close (za), ==, 0);

  seal_zip (path);

  g_assert_false (kp_archive_check (path, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "lists no entry"));
  g_clear_error (&error);
  g_assert_false (kp_archive_restore (path, PASSWORD, target, NULL, &error));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

/* Sets the uncompressed size of every entry, in its local header and in
 * the central directory alike (docs: APPNOTE 4.3.7 and 4.3.12). */
static void
claim_sizes (char   *data,
             gsize   length,
             guint32 size)
{
  guint8 le[4] = { size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >> 24 };
  guint local = 0, central = 0;

  for (gsize pos = 0; pos + 46 < length; pos++)
    {
      if (memcmp (data + pos, "PK\x03\x04", 4) == 0)
        {
          memcpy (data + pos + 22, le, 4);
          local++;
        }
      else if (memcmp (data + pos, "PK\x01\x02", 4) == 0)
        {
          memcpy (data + pos + 24, le, 4);
          central++;
        }
    }
  g_assert_cmpuint (local, ==, central);
  g_assert_cmpuint (local, >, 0);
}

/* A sealed archive of N_ENTRIES stored entries of a few bytes each, whose
 * headers claim KP_ARCHIVE_MAX_ENTRY (1 GiB) each. */
static char *
claiming_archive (const char *dir,
                  guint       n_entries)
{
  static const char text[] = "không có gì\n";
  const char *names[] = { "manifest.sha256", "documents/a.pdf", "documents/b.pdf" };
  g_autofree char *placeholder = g_strnfill (SEAL_LENGTH, 'x');
  g_autofree char *data = NULL;
  g_autofree char *name = g_strdup_printf ("claims-%u.zip", n_entries);
  char *path = g_build_filename (dir, name, NULL);
  int zerr = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);
  gsize length;

  g_assert_nonnull (za);
  g_assert_cmpuint (n_entries, <=, G_N_ELEMENTS (names));
  for (guint i = 0; i < n_entries; i++)
    {
      zip_int64_t index = zip_file_add (za, names[i], zip_source_buffer (za, text, sizeof text - 1, 0), 0);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (zip_set_file_compression (za, index, ZIP_CM_STORE, 0), ==, 0);
      g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
    }
  g_assert_cmpint (zip_set_archive_comment (za, placeholder, SEAL_LENGTH), ==, 0);
  g_assert_cmpint (zip_close (za), ==, 0);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  claim_sizes (data, length, KP_ARCHIVE_MAX_ENTRY);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  seal_zip (path);
  return path;
}

/* A bomb of entries each within the bound for one entry (1 GiB) that
 * together claim more than KP_ARCHIVE_MAX_TOTAL (2 GiB), in an archive
 * whose seal holds: refused by their total before any entry is inflated
 * (were one inflated, its few real bytes would be refused for another
 * reason, as two such entries are). The sizes are written into the
 * headers: nothing of 2 GiB is made, nor read. */
static void
test_total_bound (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *three = claiming_archive (dir, 3);
  g_autofree char *two = claiming_archive (dir, 2);
  g_autofree char *target = g_build_filename (dir, "restored", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  /* 3 GiB in all. */
  g_assert_false (kp_archive_check (three, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "its entries would take 3221225472 bytes"));
  g_assert_nonnull (strstr (error->message, "more than the 2 GiB"));
  g_assert_nonnull (strstr (report->str, "seal: every byte of the archive is as written"));
  g_clear_error (&error);
  g_assert_false (kp_archive_restore (three, PASSWORD, target, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* 2 GiB in all, within the bound: read, and refused for what they hold. */
  g_assert_false (kp_archive_check (two, PASSWORD, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "its entries would take"));
}

/* docs/formats.md: 7-Zip opens it with the password ("Everything is Ok")
 * and not without it. */
static void
test_7zip (void)
{
  g_autofree char *sevenzip = g_find_program_in_path ("7zz");
  g_autofree char *good = g_strconcat ("-p", PASSWORD, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (sevenzip == NULL)
    {
      g_test_skip ("no 7zz (Debian package 7zip)");
      return;
    }
  {
    const char *argv[] = { sevenzip, "t", good, archive_path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "Everything is Ok"));
    g_assert_nonnull (strstr (out, "Files: 8"));
  }
  g_clear_pointer (&out, g_free);
  {
    const char *argv[] = { sevenzip, "t", "-pwrong password", archive_path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                 &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_null (strstr (out, "Everything is Ok"));
  }
}

/* --- scanned images (issue 15): each its own entry ------------------------------ */

#define N_SCANNED 3
#define IMAGE_BYTES 150000

static char *scanned_path;        /* the congress file with scanned ballots */
static char *scanned_archive;     /* its archive */
static char *scanned_sha[2 * N_SCANNED];
static GBytes *scanned_bytes[2 * N_SCANNED];

/* Bytes that look like a scanner's file to nobody but the store (which
 * keeps them by their hash): random, so nothing compresses them. */
static GBytes *
fake_image (guint size)
{
  guint8 *data = g_malloc (size);

  for (guint i = 0; i < size; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (data + i, &r, MIN (4, size - i));
    }
  return g_bytes_new_take (data, size);
}

/* Three ballots scanned on two pages each (an image per page), one typed,
 * archived. */
static void
write_scanned_archive (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *out = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;

  scanned_path = g_build_filename (dir, "quocgia.kiemphieu", NULL);
  store = kp_store_create (scanned_path, definition, strlen (definition), "d.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  for (guint serial = 1; serial <= N_SCANNED; serial++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (serial, 2);
      KpScanPageRef pages[2];

      kp_ballot_strike (ballot, 2);
      for (guint p = 0; p < 2; p++)
        {
          guint k = 2 * (serial - 1) + p;
          scanned_bytes[k] = fake_image (IMAGE_BYTES + k);
          scanned_sha[k] = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, scanned_bytes[k]);
          pages[p] = (KpScanPageRef) { scanned_sha[k], 0, p == 0 ? "image/png" : "image/jpeg", "scan.png",
                                       scanned_bytes[k] };
        }
      g_assert_true (kp_store_enter_scanned (store, "bt", 0, 'A', "Phạm Thị Hoa", ballot, pages, 2, "", FALSE,
                                             &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(KpBallot) ballot = kp_ballot_new_strike (N_SCANNED + 1, 2);
    g_assert_true (kp_store_enter (store, "bt", 0, 'A', "Phạm Thị Hoa", ballot, &error));
  }
  g_assert_true (kp_archive_write (store, out, PASSWORD, &scanned_archive, &error));
  g_assert_no_error (error);
}

static const char *
image_entry (guint k)
{
  static char name[80];

  g_snprintf (name, sizeof name, "anh/%s.%s", scanned_sha[k], k % 2 == 0 ? "png" : "jpg");
  return name;
}

/* Each image is an entry anh/<sha256>.<ext>, AES-256, stored, its bytes the
 * scanner's; the manifest lists it; the congress file in the archive keeps
 * none of their bytes. Checked, restored whole, verified. */
static void
test_images_roundtrip (void)
{
  g_autofree char *target = temp_dir ();
  g_autofree char *restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(KpStore) store = NULL;
  g_autofree char *manifest = NULL;
  int zerr = 0;
  zip_t *za = zip_open (scanned_archive, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  zip_stat_t st;

  g_assert_nonnull (za);
  zip_set_default_password (za, PASSWORD);
  for (guint k = 0; k < 2 * N_SCANNED; k++)
    {
      zip_file_t *zf;
      g_autofree char *buffer = NULL;

      g_assert_cmpint (zip_stat (za, image_entry (k), 0, &st), ==, 0);
      g_assert_cmpuint (st.encryption_method, ==, ZIP_EM_AES_256);
      g_assert_cmpuint (st.comp_method, ==, ZIP_CM_STORE);
      g_assert_cmpuint (st.size, ==, g_bytes_get_size (scanned_bytes[k]));
      buffer = g_malloc (st.size);
      zf = zip_fopen (za, image_entry (k), 0);
      g_assert_nonnull (zf);
      g_assert_cmpint (zip_fread (zf, buffer, st.size), ==, (zip_int64_t) st.size);
      g_assert_cmpint (zip_fclose (zf), ==, 0);
      g_assert_cmpmem (buffer, st.size, g_bytes_get_data (scanned_bytes[k], NULL), st.size);
    }
  /* The congress file without the images' bytes: smaller than they are. */
  g_assert_cmpint (zip_stat (za, "congress.kiemphieu", 0, &st), ==, 0);
  g_assert_cmpuint (st.size, <, N_SCANNED * IMAGE_BYTES);
  {
    zip_file_t *zf;
    g_assert_cmpint (zip_stat (za, "manifest.sha256", 0, &st), ==, 0);
    manifest = g_malloc0 (st.size + 1);
    zf = zip_fopen (za, "manifest.sha256", 0);
    g_assert_cmpint (zip_fread (zf, manifest, st.size), ==, (zip_int64_t) st.size);
    zip_fclose (zf);
  }
  zip_discard (za);
  for (guint k = 0; k < 2 * N_SCANNED; k++)
    {
      g_autofree char *line = g_strdup_printf ("%s  %s\n", scanned_sha[k], image_entry (k));
      g_assert_nonnull (strstr (manifest, line));
    }

  g_assert_true (kp_archive_check (scanned_archive, PASSWORD, report, &error));
  g_assert_no_error (error);
  g_test_message ("%s", report->str);
  g_assert_nonnull (strstr (report->str, "scanned images: 6 entries"));
  g_assert_nonnull (strstr (report->str, "images: 6 scanned files, each the one its ballots' journal entries name"));

  g_assert_true (kp_archive_restore (scanned_archive, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  store = kp_store_open (restored, &error);
  g_assert_no_error (error);
  g_string_truncate (report, 0);
  g_assert_true (kp_store_verify (store, report, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 2 * N_SCANNED; k++)
    {
      g_autoptr(GBytes) back = kp_store_get_image (store, scanned_sha[k], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, scanned_bytes[k]));
    }
  /* Nothing of the archive's list left: the file is whole again. */
  {
    g_autoptr(GPtrArray) outside = kp_store_archived_images (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (outside->len, ==, 0);
  }
}

/* The congress file taken out of the archive by hand is not whole: verify
 * says where its images are, and fails. */
static void
test_images_snapshot_alone (void)
{
  int zerr = 0;
  zip_t *za = zip_open (scanned_archive, ZIP_RDONLY, &zerr);
  zip_stat_t st;
  zip_file_t *zf;
  g_autofree char *buffer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  zip_set_default_password (za, PASSWORD);
  g_assert_cmpint (zip_stat (za, "congress.kiemphieu", 0, &st), ==, 0);
  buffer = g_malloc (st.size);
  zf = zip_fopen (za, "congress.kiemphieu", 0);
  g_assert_cmpint (zip_fread (zf, buffer, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (zf);
  zip_discard (za);
  bytes = g_bytes_new (buffer, st.size);
  store = kp_store_open_snapshot (bytes, "congress.kiemphieu", &error);
  g_assert_no_error (error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  g_test_message ("%s", report->str);
  g_assert_nonnull (strstr (report->str, "kept in the archive beside this congress file (anh/"));
}

/* Reads the manifest of @za (opened with the password). */
static char *
read_manifest (zip_t *za)
{
  zip_stat_t st;
  zip_file_t *zf;
  char *text;

  g_assert_cmpint (zip_stat (za, "manifest.sha256", 0, &st), ==, 0);
  text = g_malloc0 (st.size + 1);
  zf = zip_fopen (za, "manifest.sha256", 0);
  g_assert_nonnull (zf);
  g_assert_cmpint (zip_fread (zf, text, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (zf);
  return text;
}

static void
put_entry (zip_t      *za,
           const char *name,
           const void *data,
           gsize       size)
{
  void *copy = g_memdup2 (data, size);
  zip_source_t *source = zip_source_buffer (za, copy, size, 1);
  zip_int64_t index = zip_name_locate (za, name, 0);

  if (index >= 0)
    g_assert_cmpint (zip_file_replace (za, index, source, 0), ==, 0);
  else
    index = zip_file_add (za, name, source, 0);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
}

/* A copy of the scanned archive changed by someone who knows the password
 * (sealed again): @what is "tamper", "remove" or "add"; the manifest
 * rewritten to match when @manifest_too. */
static char *
changed_archive (const char *what,
                 gboolean    manifest_too)
{
  g_autofree char *dir = temp_dir ();
  char *copy = g_build_filename (dir, "changed.zip", NULL);
  g_autofree char *data = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GString) rewritten = g_string_new (NULL);
  g_autoptr(GBytes) other = fake_image (IMAGE_BYTES);
  g_autofree char *other_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, other);
  g_autofree char *other_entry = g_strdup_printf ("anh/%s.png", other_sha);
  gsize length;
  int zerr = 0;
  zip_t *za;

  g_assert_true (g_file_get_contents (scanned_archive, &data, &length, NULL));
  g_assert_true (g_file_set_contents (copy, data, length, NULL));
  za = zip_open (copy, 0, &zerr);
  g_assert_nonnull (za);
  zip_set_default_password (za, PASSWORD);
  manifest = read_manifest (za);
  g_string_assign (rewritten, manifest);
  if (g_str_equal (what, "tamper"))
    {
      /* Same size, other bytes. */
      g_autoptr(GBytes) changed = fake_image (g_bytes_get_size (scanned_bytes[2]));
      put_entry (za, image_entry (2), g_bytes_get_data (changed, NULL), g_bytes_get_size (changed));
    }
  else if (g_str_equal (what, "remove"))
    {
      g_autofree char *line = g_strdup_printf ("%s  %s\n", scanned_sha[3], image_entry (3));
      g_assert_cmpint (zip_delete (za, zip_name_locate (za, image_entry (3), 0)), ==, 0);
      if (manifest_too)
        g_string_replace (rewritten, line, "", 1);
    }
  else
    {
      put_entry (za, other_entry, g_bytes_get_data (other, NULL), g_bytes_get_size (other));
      if (manifest_too)
        g_string_append_printf (rewritten, "%s  %s\n", other_sha, other_entry);
    }
  if (manifest_too)
    put_entry (za, "manifest.sha256", rewritten->str, rewritten->len);
  g_assert_cmpint (zip_close (za), ==, 0);
  seal_zip (copy);
  return copy;
}

static void
assert_refused (const char *path,
                const char *message)
{
  g_autofree char *target = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GDir) left = NULL;

  g_assert_false (kp_archive_check (path, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
  g_assert_nonnull (strstr (report->str, "seal: every byte of the archive is as written"));
  g_clear_error (&error);
  g_assert_false (kp_archive_restore (path, PASSWORD, target, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  left = g_dir_open (target, 0, NULL);
  g_assert_null (g_dir_read_name (left));
}

/* An image entry changed, missing or added is refused, the entry named. */
static void
test_images_changed (void)
{
  g_autofree char *tampered = changed_archive ("tamper", FALSE);
  g_autofree char *removed = changed_archive ("remove", FALSE);
  g_autofree char *removed_listed = changed_archive ("remove", TRUE);
  g_autofree char *added = changed_archive ("add", FALSE);
  g_autofree char *added_listed = changed_archive ("add", TRUE);
  g_autofree char *want = NULL;

  want = g_strdup_printf ("%s: its SHA-256 is not the image's the congress file names", image_entry (2));
  assert_refused (tampered, want);
  g_free (want);
  want = g_strdup_printf ("%s is listed in the manifest but missing", image_entry (3));
  assert_refused (removed, want);
  g_free (want);
  want = g_strdup_printf ("%s: the congress file keeps this image in the archive, but it is missing", image_entry (3));
  assert_refused (removed_listed, want);
  assert_refused (added, "is in the archive but not in the manifest");
  assert_refused (added_listed, "the congress file has no such image: it was added to the archive");
}

/* An archive as it was before images had entries of their own: the whole
 * congress file, images inside, as its one congress entry. Still checked
 * and restored. */
static void
test_images_old_archive (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "old.zip", NULL);
  g_autofree char *target = temp_dir ();
  g_autofree char *restored = NULL;
  g_autofree char *placeholder = g_strnfill (SEAL_LENGTH, 'x');
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(KpStore) store = kp_store_open (scanned_path, &error);
  g_autoptr(KpStore) back = NULL;
  int zerr = 0;
  zip_t *za;

  g_assert_no_error (error);
  whole = kp_store_snapshot (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (whole), >, 2 * N_SCANNED * IMAGE_BYTES);
  hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, whole);
  manifest = g_strdup_printf ("%s  congress.kiemphieu\n", hex);
  za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);
  put_entry (za, "congress.kiemphieu", g_bytes_get_data (whole, NULL), g_bytes_get_size (whole));
  put_entry (za, "manifest.sha256", manifest, strlen (manifest));
  g_assert_cmpint (zip_set_archive_comment (za, placeholder, SEAL_LENGTH), ==, 0);
  g_assert_cmpint (zip_close (za), ==, 0);
  seal_zip (path);

  g_assert_true (kp_archive_check (path, PASSWORD, report, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (report->str, "scanned images:"));
  g_assert_nonnull (strstr (report->str, "images: 6 scanned files"));
  g_assert_true (kp_archive_restore (path, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  back = kp_store_open (restored, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 2 * N_SCANNED; k++)
    {
      g_autoptr(GBytes) image = kp_store_get_image (back, scanned_sha[k], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (image, scanned_bytes[k]));
    }
}

/* An image changed in the congress file (the sqlite3 shell) is not
 * archived: the archive stops, names it, and leaves nothing on the stick. */
static void
test_images_changed_before (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *copy = g_build_filename (dir, "doi.kiemphieu", NULL);
  g_autofree char *usb = temp_dir ();
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GDir) left = NULL;
  sqlite3 *db = NULL;

  {
    g_autoptr(KpStore) original = kp_store_open (scanned_path, &error);
    g_autoptr(GBytes) whole = kp_store_snapshot (original, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (copy, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole), NULL));
  }
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE images SET data = zeroblob (length (data)) WHERE sha256 = '%s'", scanned_sha[4]);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = kp_store_open (copy, &error);
  g_assert_no_error (error);
  g_assert_false (kp_archive_write (store, usb, PASSWORD, NULL, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, scanned_sha[4]));
  left = g_dir_open (usb, 0, NULL);
  g_assert_null (g_dir_read_name (left));
}

/* An image entry that claims more than any scanner file (256 MiB) is
 * refused before anything is inflated, in a sealed archive; the images'
 * claims do not count against the 2 GiB of the other entries. */
static void
test_images_entry_bound (void)
{
  static const char text[] = "không có gì\n";
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "big-image.zip", NULL);
  g_autofree char *placeholder = g_strnfill (SEAL_LENGTH, 'x');
  g_autofree char *entry = g_strdup_printf ("anh/%s.png", scanned_sha[0]);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  const char *names[] = { "manifest.sha256", entry };
  gsize length;
  int zerr = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &zerr);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      zip_int64_t index = zip_file_add (za, names[i], zip_source_buffer (za, text, sizeof text - 1, 0), 0);
      g_assert_cmpint (zip_set_file_compression (za, index, ZIP_CM_STORE, 0), ==, 0);
      g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
    }
  g_assert_cmpint (zip_set_archive_comment (za, placeholder, SEAL_LENGTH), ==, 0);
  g_assert_cmpint (zip_close (za), ==, 0);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  claim_sizes (data, length, KP_SCAN_MAX_FILE_BYTES + 1);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  seal_zip (path);

  g_assert_false (kp_archive_check (path, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, entry));
  g_assert_nonnull (strstr (error->message, "claims 268435457 bytes, more than any scanner file"));
}

/* docs/formats.md: 7-Zip lists every image entry and tests them with the
 * password; the auditor's sha256sum of each is its name. */
static void
test_images_7zip (void)
{
  g_autofree char *sevenzip = g_find_program_in_path ("7zz");
  g_autofree char *good = g_strconcat ("-p", PASSWORD, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (sevenzip == NULL)
    {
      g_test_skip ("no 7zz (Debian package 7zip)");
      return;
    }
  {
    const char *argv[] = { sevenzip, "l", good, scanned_archive, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                 &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    for (guint k = 0; k < 2 * N_SCANNED; k++)
      g_assert_nonnull (strstr (out, image_entry (k)));
  }
  g_clear_pointer (&out, g_free);
  {
    const char *argv[] = { sevenzip, "t", good, scanned_archive, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                 &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "Everything is Ok"));
  }
}

/* Where a restore of the scanned archive into @dir writes: the file and
 * its .part. */
static char *
restored_name (const char *dir,
               const char *suffix)
{
  g_autofree char *base = g_path_get_basename (scanned_archive);

  base[strlen (base) - strlen (".zip")] = '\0';
  return g_strdup_printf ("%s/%s.kiemphieu%s", dir, base, suffix);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
assert_images_back (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (kp_store_verify (store, report, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < 2 * N_SCANNED; k++)
    {
      g_autoptr(GBytes) back = kp_store_get_image (store, scanned_sha[k], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (back, scanned_bytes[k]));
    }
}

/* A restore killed midway (here by the file size limit, SIGXFSZ, while it
 * writes the images) leaves its .part, and sqlite's rollback journal
 * beside it; the next restore into that folder replaces them and
 * succeeds. */
static void
test_restore_killed (void)
{
  g_autofree char *target = temp_dir ();
  g_autofree char *part = restored_name (target, ".part");
  g_autofree char *journal = restored_name (target, ".part-journal");
  g_autofree char *restored = NULL;
  g_autofree char *want = restored_name (target, "");
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int status = 0;
  pid_t pid;

  g_assert_cmpint (g_stat (scanned_archive, &st), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* Half the archive: the congress file written, some of the images. */
      struct rlimit size = { st.st_size / 2, st.st_size / 2 }, core = { 0, 0 };

      setrlimit (RLIMIT_CORE, &core);
      setrlimit (RLIMIT_FSIZE, &size);
      kp_archive_restore (scanned_archive, PASSWORD, target, NULL, NULL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGXFSZ);
  g_assert_true (g_file_test (part, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (want, G_FILE_TEST_EXISTS));

  g_assert_true (kp_archive_restore (scanned_archive, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (restored, ==, want);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (target), ==, 1);
  assert_images_back (restored);
}

/* A .part that another restore is writing (it holds the lock) is not
 * touched: refused, saying so; once that restore has ended, the .part is
 * replaced. */
static void
test_restore_busy (void)
{
  g_autofree char *target = temp_dir ();
  g_autofree char *part = restored_name (target, ".part");
  g_autofree char *want = restored_name (target, "");
  g_autofree char *restored = NULL;
  g_autofree char *left = NULL;
  g_autoptr(GError) error = NULL;
  const char other[] = "the other restore's bytes";
  int fd = open (part, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, other, strlen (other)), ==, (ssize_t) strlen (other));
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_false (kp_archive_restore (scanned_archive, PASSWORD, target, &restored, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "another restore is writing this file now"));
  g_assert_nonnull (strstr (error->message, part));
  g_assert_null (restored);
  g_assert_true (g_file_get_contents (part, &left, NULL, NULL));
  g_assert_cmpstr (left, ==, other);
  g_assert_false (g_file_test (want, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  close (fd);
  g_assert_true (kp_archive_restore (scanned_archive, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  assert_images_back (restored);
}

/* A full disk while the images are written back: a clear error, and
 * nothing left in the folder (neither the .part nor its journal). A wrong
 * password and a changed image leave nothing either (assert_refused). */
static void
test_restore_disk_full (void)
{
  g_autofree char *target = temp_dir ();
  g_autofree char *restored = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (scanned_archive, &st), ==, 0);
  /* No room for the congress file (8 kB), then room for it and a few of
   * the images. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *options = g_strdup_printf ("size=%" G_GINT64_FORMAT, i == 0 ? 8192 : (gint64) st.st_size / 2);

      if (mount ("tmpfs", target, "tmpfs", 0, options) != 0)
        {
          g_test_skip ("cannot mount a small tmpfs here (needs root)");
          return;
        }
      g_assert_false (kp_archive_restore (scanned_archive, PASSWORD, target, &restored, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (i == 0)
        g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_IO);
      else
        g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_FULL);
      g_assert_nonnull (strstr (error->message, ".kiemphieu.part"));
      g_assert_null (restored);
      g_assert_cmpuint (count_files (target), ==, 0);
      g_clear_error (&error);
      if (i == 0)
        g_assert_cmpint (umount (target), ==, 0);
    }

  g_assert_false (kp_archive_restore (scanned_archive, "not the password at all", target, &restored, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_PASSWORD);
  g_assert_cmpuint (count_files (target), ==, 0);
  g_assert_cmpint (umount (target), ==, 0);
}

/* What this process has written so far, in bytes (wchar: every write,
 * pwrite… to any file). */
static guint64
bytes_written (void)
{
  g_autofree char *io = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/io", &io, NULL, NULL));
  line = strstr (io, "wchar: ");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("wchar: "), NULL, 10);
}

/* Restoring writes each image into the file once: images larger than
 * sqlite's default page cache (2 MiB) were written as zeros first, then
 * again with their bytes. */
static void
test_restore_writes_once (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *out = temp_dir ();
  g_autofree char *target = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "anhlon.kiemphieu", NULL);
  g_autofree char *archive = NULL;
  g_autofree char *restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_create (path, definition, strlen (definition), "d.json", "Lê Văn Tùng", &error);
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (1, 2);
  g_autoptr(GBytes) first = fake_image (5000000);
  g_autoptr(GBytes) second = fake_image (6000000);
  g_autofree char *first_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, first);
  g_autofree char *second_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, second);
  GBytes *images[2] = { first, second };
  const char *sha[2] = { first_sha, second_sha };
  KpScanPageRef pages[2] = { { first_sha, 0, "image/png", "a.png", first },
                             { second_sha, 0, "image/png", "b.png", second } };
  guint64 before;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_enter_scanned (store, "bt", 0, 'A', "Phạm Thị Hoa", ballot, pages, 2, "", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (kp_archive_write (store, out, PASSWORD, &archive, &error));
  g_assert_no_error (error);

  before = bytes_written ();
  g_assert_true (kp_archive_restore (archive, PASSWORD, target, &restored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (restored, &st), ==, 0);
  g_test_message ("restored %" G_GINT64_FORMAT " bytes, %" G_GUINT64_FORMAT " written", (gint64) st.st_size,
                  bytes_written () - before);
  g_assert_cmpuint (bytes_written () - before, <, st.st_size + st.st_size / 4);
  {
    g_autoptr(KpStore) back = kp_store_open (restored, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GBytes) bytes = kp_store_get_image (back, sha[i], NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (bytes, images[i]));
      }
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  root_dir = g_dir_make_tmp ("kp-archive-test-XXXXXX", NULL);
  g_assert_nonnull (root_dir);
  write_archive ();
  write_scanned_archive ();
  g_test_add_func ("/archive/images/roundtrip", test_images_roundtrip);
  g_test_add_func ("/archive/images/snapshot-alone", test_images_snapshot_alone);
  g_test_add_func ("/archive/images/changed", test_images_changed);
  g_test_add_func ("/archive/images/old-archive", test_images_old_archive);
  g_test_add_func ("/archive/images/7zip", test_images_7zip);
  g_test_add_func ("/archive/images/entry-bound", test_images_entry_bound);
  g_test_add_func ("/archive/images/changed-before", test_images_changed_before);
  g_test_add_func ("/archive/empty-manifest", test_empty_manifest);
  g_test_add_func ("/archive/total-bound", test_total_bound);
  g_test_add_func ("/archive/write/name", test_write_name);
  g_test_add_func ("/archive/write/refused", test_write_refused);
  g_test_add_func ("/archive/contents", test_contents);
  g_test_add_func ("/archive/seal", test_seal);
  g_test_add_func ("/archive/check", test_check);
  g_test_add_func ("/archive/check-without-report", test_check_without_report);
  g_test_add_func ("/archive/wrong-password", test_wrong_password);
  g_test_add_func ("/archive/flipped-byte", test_flipped_byte);
  g_test_add_func ("/archive/truncated", test_truncated);
  g_test_add_func ("/archive/restore", test_restore);
  g_test_add_func ("/archive/restore-damaged", test_restore_damaged);
  g_test_add_func ("/archive/restore-killed", test_restore_killed);
  g_test_add_func ("/archive/restore-busy", test_restore_busy);
  g_test_add_func ("/archive/restore-disk-full", test_restore_disk_full);
  g_test_add_func ("/archive/restore-writes-once", test_restore_writes_once);
  g_test_add_func ("/archive/unsafe-names", test_unsafe_names);
  g_test_add_func ("/archive/7zip", test_7zip);
  status = g_test_run ();
  remove_tree (root_dir);
  return status;
}
