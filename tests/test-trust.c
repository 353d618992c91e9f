/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-trust.c — signed results and the encrypted archive: the key is
 * sealed under the head's passphrase, confirmation needs it and locks the
 * round, a changed byte in a result, a signature, a congress file or an
 * archive is found, the archive opens with 7-Zip and restores, and a stick
 * that fills up leaves nothing that looks complete.
 */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>

#include "kp-archive.h"
#include "kp-crypto.h"
#include "kp-store.h"
#include "test-util.h"

#define PASSPHRASE "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define PASSWORD "tre-nguon-khoi-buom-sang-dieu-non-manh"
/* The test machines have a network; a counting laptop has none. */
#define TEST_NETWORK "máy kiểm thử tự động có mạng"

static char *
secret_file (const char *text)
{
  return write_temp ("secret.txt", text);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("\"%s\" does not say \"%s\"", text, needle);
}

/* A congress with bch entered and its key made. */
static char *
signed_congress (void)
{
  char *congress = new_congress ();
  g_autofree char *ballots = source_path ("data", "demo", "bch.csv", NULL);
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_auto(Run) enter = { 0 };
  g_auto(Run) collected = { 0 };
  g_auto(Run) keys = { 0 };

  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  /* R-RECON-1: the box held as many ballots as were entered. */
  run_cli (&collected, NULL, "collected", congress, "127", "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (collected.status, ==, 0);
  run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", pass, "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (keys.status, ==, 0);
  assert_contains (keys.out, "fingerprint (SHA-256): ");
  return congress;
}

static void
confirm (const char *congress,
         const char *election)
{
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "confirm", congress, "--election", election, "--passphrase-file", pass, "--operator",
           "Lê Văn Tùng", "--override-network", TEST_NETWORK, NULL);
  if (run.status != 0)
    g_error ("confirm: %s", run.err);
}

/* The key: sealed, shown, one per congress, never in clear. */
static void
test_keys (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_autofree char *weak = secret_file ("short");
  g_autofree char *data = NULL;
  g_auto(Run) show = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) fresh = { 0 };
  gsize length;

  run_cli (&show, NULL, "keys", congress, NULL);
  g_assert_cmpint (show.status, ==, 0);
  assert_contains (show.out, "-----BEGIN PUBLIC KEY-----");
  run_cli (&again, NULL, "keys", congress, "--init", "--passphrase-file", pass, NULL);
  g_assert_cmpint (again.status, ==, 2);
  assert_contains (again.err, "already has its signing key");
  {
    g_autofree char *other = new_congress ();
    g_autofree char *guessable = secret_file ("mật khẩu trưởng ban");
    g_auto(Run) easy = { 0 };

    run_cli (&fresh, NULL, "keys", other, "--init", "--passphrase-file", weak, NULL);
    g_assert_cmpint (fresh.status, ==, 2);
    assert_contains (fresh.err, "at least 8 characters");
    /* Long enough, but four common words: refused, saying how to make a
     * strong one. */
    run_cli (&easy, NULL, "keys", other, "--init", "--passphrase-file", guessable, NULL);
    g_assert_cmpint (easy.status, ==, 2);
    assert_contains (easy.err, "too easy to guess");
    assert_contains (easy.err, "six or more words");
  }
  /* Nothing in the file looks like a private key in clear. */
  g_assert_true (g_file_get_contents (congress, &data, &length, NULL));
  g_assert_null (g_strstr_len (data, length, "PRIVATE KEY"));
}

/* Sealing: the right passphrase opens, a wrong one is a clear error. */
static void
test_seal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_generate (&error);
  g_autofree char *sealed = kp_key_seal (key, PASSPHRASE, &error);
  g_autoptr(KpKey) opened = NULL;
  g_autoptr(KpKey) refused = NULL;
  g_autoptr(GBytes) sig = NULL;
  g_autofree char *pem = kp_key_public_pem (key);

  g_assert_no_error (error);
  /* The suite's cheap key (KP_TEST_KDF_LOG2N, tests/meson.build) records
   * its cost; test-crypto's /crypto/seal-unseal proves the standard one. */
  assert_contains (sealed, "\"kdf\":\"scrypt\",\"n\":1024,\"r\":8");
  g_assert_cmpuint (kp_key_sealed_log2_n (sealed), ==, 10);
  opened = kp_key_unseal (sealed, PASSPHRASE, &error);
  g_assert_no_error (error);
  sig = kp_key_sign (opened, "kết quả", strlen ("kết quả"), &error);
  g_assert_true (kp_signature_verify (pem, "kết quả", strlen ("kết quả"), g_bytes_get_data (sig, NULL), 64, &error));
  refused = kp_key_unseal (sealed, "mật khẩu sai", &error);
  g_assert_null (refused);
  g_assert_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE);
}

/* Confirm counts and signs inside the one write transaction that records
 * the confirmation: a ballot that another process saves while confirm is
 * under way is in the signed result, never left out of it (the signed
 * result is always the file's). */
static void
test_confirm_race (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (900, 18);
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) verify = { 0 };
  const char *argv[] = { cli (), "confirm", congress, "--election", "bch", "--passphrase-file", pass,
                         "--operator", "Lê Văn Tùng", "--override-network", TEST_NETWORK,
                         "--explain", "collected-le-issued=Một phiếu phát thêm, có biên bản", NULL };

  /* Another process (this one) is saving ballot 900 and the box's new
   * count, in one transaction, while the head confirms. */
  store = kp_store_open (congress, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_begin_bulk (store, &error));
  for (guint no = 1; no <= 3; no++)
    kp_ballot_strike (ballot, no);
  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "Trần B", ballot, &error));
  g_assert_true (kp_store_set_collected (store, "bch", 0, 128, "Trần B", &error));
  g_assert_no_error (error);

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* Time for confirm to open the file, unseal the key and reach the point
   * where it counts (it then waits for the write lock). */
  g_usleep (3 * G_USEC_PER_SEC);
  g_assert_true (kp_store_commit_bulk (store, &error));
  g_assert_no_error (error);
  {
    g_autofree char *err = NULL;
    g_assert_true (g_subprocess_communicate_utf8 (child, NULL, NULL, NULL, &err, &error));
    if (g_subprocess_get_exit_status (child) != 0)
      g_error ("confirm: %s", err);
  }

  /* The signed result holds the 128 ballots, and verify agrees. */
  confirmation = kp_store_get_confirmation (store, "bch", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (confirmation);
  g_assert_nonnull (strstr (confirmation->result, "\"collected\":128"));
  run_cli (&verify, NULL, "verify", congress, NULL);
  if (verify.status != 0)
    g_error ("verify: %s%s", verify.out, verify.err);
}

/* R-ALT-1 (open): two elected alternates with equal votes. Confirm waits
 * for the committee's order, which takes the head's passphrase, is printed
 * on the minutes, and survives verify. */
static void
test_alternates_order (void)
{
  const char *definition_text =
    "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"ĐẢNG BỘ XÃ THẠCH BÌNH\","
    "\"name\":\"ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XX\",\"term\":\"2025 - 2030\",\"place\":\"Thạch Bình\","
    "\"date\":\"2025-05-20\",\"kind\":\"delegates\",\"convened\":6,\"present\":6,"
    "\"counting_committee\":[{\"name\":\"Lê Văn Tùng\",\"role\":\"head\"}]},"
    "\"elections\":[{\"id\":\"dbdk\",\"title\":\"Bầu đại biểu dự khuyết đi dự Đại hội cấp trên\","
    "\"body\":\"alternate_delegates\",\"seats\":2,\"round\":1,\"issued\":6,\"candidates\":["
    "{\"name\":\"Nguyễn Văn An\"},{\"name\":\"Trần Thị Bích\"},{\"name\":\"Lê Văn Cường\"},"
    "{\"name\":\"Phạm Thị Dung\"}]}]}";
  g_autofree char *definition = write_temp ("dbdk.json", definition_text);
  g_autofree char *ballots = write_temp ("dbdk.csv", "serial,struck,marks,invalid\n1,3 4,,\n2,3 4,,\n3,3 4,,\n"
                                                     "4,3 4,,\n5,3 4,,\n6,1 2,,\n");
  g_autofree char *dir = temp_dir ();
  g_autofree char *congress = g_build_filename (dir, "xa.kiemphieu", NULL);
  g_autofree char *pdf = g_build_filename (dir, "bienban.pdf", NULL);
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_auto(Run) step = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) wrong = { 0 };
  g_auto(Run) decided = { 0 };
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) confirmed = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) minutes = { 0 };
  const char *where;

  run_cli (&step, NULL, "new", congress, "--definition", definition, "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (step.status, ==, 0);
  run_clear (&step);
  run_cli (&step, NULL, "enter", congress, "--election", "dbdk", "--pass", "A", "--ballots", ballots, NULL);
  g_assert_cmpint (step.status, ==, 0);
  run_clear (&step);
  run_cli (&step, NULL, "collected", congress, "6", "--election", "dbdk", NULL);
  g_assert_cmpint (step.status, ==, 0);
  run_clear (&step);
  run_cli (&step, NULL, "keys", congress, "--init", "--passphrase-file", pass, NULL);
  g_assert_cmpint (step.status, ==, 0);

  /* Both have 5 votes: confirm waits for the committee. */
  run_cli (&refused, NULL, "confirm", congress, "--election", "dbdk", "--passphrase-file", pass,
           "--override-network", TEST_NETWORK, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  assert_contains (refused.err, "R-ALT-1");
  run_cli (&minutes, NULL, "minutes", congress, "--election", "dbdk", "-o", pdf, NULL);
  g_assert_cmpint (minutes.status, ==, 0);
  run_tool (&before, "pdftotext", pdf, "-", NULL);
  assert_contains (before.out, "chưa được Ban kiểm phiếu quyết định");

  /* Not every equal-vote alternate, or one that is not: refused. */
  run_cli (&wrong, NULL, "alternates", congress, "--election", "dbdk", "--order", "2 3", "--reason", "x",
           "--passphrase-file", pass, NULL);
  g_assert_cmpint (wrong.status, ==, 2);
  run_cli (&decided, NULL, "alternates", congress, "--election", "dbdk", "--order", "2,1", "--reason",
           "Ban kiểm phiếu thống nhất theo đề nghị của Đoàn Chủ tịch", "--passphrase-file", pass, NULL);
  g_assert_cmpint (decided.status, ==, 0);

  /* Printed: Trần Thị Bích (2) replaces first, then Nguyễn Văn An (1). */
  run_clear (&minutes);
  run_cli (&minutes, NULL, "minutes", congress, "--election", "dbdk", "-o", pdf, NULL);
  g_assert_cmpint (minutes.status, ==, 0);
  run_tool (&after, "pdftotext", pdf, "-", NULL);
  assert_contains (after.out, "do Ban kiểm phiếu quyết định");
  assert_contains (after.out, "theo đề nghị của Đoàn Chủ tịch");
  where = strstr (after.out, "đã trúng cử gồm");
  g_assert_nonnull (where);
  g_assert_nonnull (strstr (where, "Trần Thị Bích"));
  g_assert_true (strstr (where, "Trần Thị Bích") < strstr (where, "Nguyễn Văn An"));

  run_cli (&confirmed, NULL, "confirm", congress, "--election", "dbdk", "--passphrase-file", pass,
           "--override-network", TEST_NETWORK, NULL);
  if (confirmed.status != 0)
    g_error ("confirm: %s", confirmed.err);
  run_cli (&verify, NULL, "verify", congress, NULL);
  g_assert_cmpint (verify.status, ==, 0);
}

/* Confirmation: the passphrase, the R-RECON-1 gate, the lock. */
static void
test_confirm (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *wrong = secret_file ("không phải mật khẩu");
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_autofree char *dir = temp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "bienban.pdf", NULL);
  g_autofree char *csv = write_temp ("x.csv", "serial,struck,marks,invalid\n900,1 2 3,,\n");
  g_auto(Run) bad = { 0 };
  g_auto(Run) issued = { 0 };
  g_auto(Run) gate = { 0 };
  g_auto(Run) ok = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) void_run = { 0 };
  g_auto(Run) minutes = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) journal = { 0 };

  run_cli (&bad, NULL, "confirm", congress, "--election", "bch", "--passphrase-file", wrong, "--override-network",
           TEST_NETWORK, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  assert_contains (bad.err, "wrong passphrase");

  /* R-RECON-1: more collected than issued blocks until explained. */
  run_cli (&issued, NULL, "issued", congress, "120", "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (issued.status, ==, 0);
  run_cli (&gate, NULL, "confirm", congress, "--election", "bch", "--passphrase-file", pass, "--override-network",
           TEST_NETWORK, NULL);
  g_assert_cmpint (gate.status, ==, 2);
  assert_contains (gate.err, "collected-le-issued (failed: 127 ballots collected, 120 issued)");
  run_cli (&ok, NULL, "confirm", congress, "--election", "bch", "--passphrase-file", pass, "--operator",
           "Lê Văn Tùng", "--override-network", TEST_NETWORK, "--explain", "collected-le-issued=Phát thêm 7 phiếu thay phiếu hỏng, có biên bản riêng", NULL);
  g_assert_cmpint (ok.status, ==, 0);

  /* Locked. */
  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--ballots", csv, NULL);
  g_assert_cmpint (enter.status, ==, 2);
  assert_contains (enter.err, "is confirmed");
  run_cli (&void_run, NULL, "void", congress, "--election", "bch", "--pass", "A", "--serial", "3", "--reason", "x", NULL);
  g_assert_cmpint (void_run.status, ==, 2);
  assert_contains (void_run.err, "is confirmed");

  /* The official minutes: no CHƯA CHÍNH THỨC, the explanation, the time,
   * the signature. */
  run_cli (&minutes, NULL, "minutes", congress, "--election", "bch", "-o", pdf, NULL);
  g_assert_cmpint (minutes.status, ==, 0);
  run_tool (&text, "pdftotext", pdf, "-", NULL);
  g_assert_null (strstr (text.out, "CHƯA CHÍNH THỨC"));
  assert_contains (text.out, "Phát thêm 7 phiếu thay phiếu hỏng");
  assert_contains (text.out, "Chữ ký số Ed25519 của kết quả");
  assert_contains (text.out, "Dấu vân tay khóa ký số");
  g_assert_null (strstr (text.out, "công bố lúc …… giờ"));

  run_cli (&journal, NULL, "journal", congress, NULL);
  assert_contains (journal.out, "confirm");
  assert_contains (journal.out, "keys");
}

/* Export and verify, also with the stock openssl command; any changed byte
 * of the result or the signature is found. */
static void
test_export_verify (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *result = g_build_filename (dir, "result.json", NULL);
  g_autofree char *sig = g_build_filename (dir, "result.json.sig", NULL);
  g_autofree char *key = g_build_filename (dir, "public-key.pem", NULL);
  g_autofree char *pdf = g_build_filename (dir, "bienban.pdf", NULL);
  g_autofree char *data = NULL, *signature = NULL, *pem = NULL;
  g_autofree char *changed = g_build_filename (dir, "changed.json", NULL);
  gsize length, sig_length;
  g_auto(Run) unconfirmed = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) openssl = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) bad_openssl = { 0 };

  run_cli (&unconfirmed, NULL, "export", congress, "--election", "bch", "--dir", dir, NULL);
  g_assert_cmpint (unconfirmed.status, ==, 2);
  assert_contains (unconfirmed.err, "not confirmed");

  confirm (congress, "bch");
  run_cli (&export, NULL, "export", congress, "--election", "bch", "--dir", dir, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  run_cli (&verify, NULL, "verify", result, "--sig", sig, "--key", key, NULL);
  g_assert_cmpint (verify.status, ==, 0);
  assert_contains (verify.out, "signature OK");
  run_tool (&openssl, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", result,
            "-sigfile", sig, NULL);
  g_assert_cmpint (openssl.status, ==, 0);
  assert_contains (openssl.out, "Signature Verified Successfully");

  g_assert_true (g_file_get_contents (result, &data, &length, NULL));
  g_assert_true (g_file_get_contents (sig, &signature, &sig_length, NULL));
  g_assert_true (g_file_get_contents (key, &pem, NULL, NULL));
  g_assert_cmpuint (sig_length, ==, 64);
  g_assert_true (g_str_has_prefix (data, "{\"format\":\"kiemphieu/result@1\""));

  /* Every byte of the result, every byte of the signature. */
  for (gsize i = 0; i < length; i++)
    {
      g_autoptr(GError) error = NULL;
      data[i] ^= 0x01;
      g_assert_false (kp_signature_verify (pem, data, length, signature, sig_length, &error));
      data[i] ^= 0x01;
    }
  for (gsize i = 0; i < sig_length; i++)
    {
      g_autoptr(GError) error = NULL;
      signature[i] ^= 0x80;
      g_assert_false (kp_signature_verify (pem, data, length, signature, sig_length, &error));
      signature[i] ^= 0x80;
    }

  /* And from the command line: exit 3, for ours and for openssl. */
  data[length / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (changed, data, length, NULL));
  run_cli (&bad, NULL, "verify", changed, "--sig", sig, "--key", key, NULL);
  g_assert_cmpint (bad.status, ==, 3);
  assert_contains (bad.err, "verification FAILED");
  run_tool (&bad_openssl, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", changed,
            "-sigfile", sig, NULL);
  g_assert_cmpint (bad_openssl.status, !=, 0);
}

/* verify on a congress file: a changed ballot or stored result of a
 * confirmed round is found. */
static void
test_verify_congress (void)
{
  const char *edits[] = {
    "UPDATE confirmations SET result = replace(result, '\"votes\":112', '\"votes\":120')",
    "UPDATE confirmations SET signature = 'AAAA' || substr(signature, 5)",
    "UPDATE ballots SET struck = '1 2 3' WHERE serial = 9",
    "UPDATE meta SET value = replace(value, 'A', 'B') WHERE key = 'public_key'",
    "UPDATE ballots SET invalid = 'bogus' WHERE serial = 9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *congress = signed_congress ();
      g_auto(Run) good = { 0 };
      g_auto(Run) bad = { 0 };
      sqlite3 *db;

      confirm (congress, "bch");
      run_cli (&good, NULL, "verify", congress, NULL);
      g_assert_cmpint (good.status, ==, 0);
      assert_contains (good.out, "signatures: 1 confirmed results");

      g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, edits[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      run_cli (&bad, NULL, "verify", congress, NULL);
      g_assert_cmpint (bad.status, ==, 3);
      g_assert_true (g_utf8_validate (bad.out, -1, NULL));
      /* A row that cannot be read: results stop too, saying where. */
      if (strstr (edits[i], "bogus"))
        {
          g_auto(Run) results = { 0 };
          run_cli (&results, NULL, "results", congress, "--election", "bch", NULL);
          g_assert_cmpint (results.status, ==, 3);
          assert_contains (results.err, "ballot 9 of pass A of bch (round 1) is damaged");
          assert_contains (bad.out, "its invalid \"bogus\" cannot be read");
        }
    }
}

static char *
make_archive (const char *congress,
              const char *dir)
{
  g_autofree char *password = secret_file (PASSWORD);
  g_auto(Run) run = { 0 };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  run_cli (&run, NULL, "archive", congress, "--to", dir, "--password-file", password, NULL);
  if (run.status != 0)
    g_error ("archive: %s", run.err);
  assert_contains (run.out, "the stick can be removed safely");
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".zip"))
      return g_build_filename (dir, name, NULL);
  g_assert_not_reached ();
}

static void
empty_folder (const char *path)
{
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          empty_folder (child);
          g_rmdir (child);
        }
      else
        g_unlink (child);
    }
}

/* The fingerprint of the congress key, as `keys C` prints it. */
static char *
key_fingerprint (const char *congress)
{
  g_auto(Run) run = { 0 };
  const char *line;

  run_cli (&run, NULL, "keys", congress, NULL);
  g_assert_cmpint (run.status, ==, 0);
  line = strstr (run.out, "fingerprint (SHA-256): ");
  g_assert_nonnull (line);
  return g_strchomp (g_strdup (line + strlen ("fingerprint (SHA-256): ")));
}

/* Verification anchored outside the file: a file signed by another key
 * (an insider who rewrote everything and made a new key) verifies on its
 * own, but not against the fingerprint on the key sheet the committee
 * signed; without one, verify says loudly what it did not prove. */
static void
test_anchored_verify (void)
{
  g_autofree char *real = signed_congress ();
  g_autofree char *forged = signed_congress ();
  g_autofree char *real_print = key_fingerprint (real);
  g_autofree char *forged_print = key_fingerprint (forged);
  g_autofree char *typed = g_ascii_strup (real_print, -1);
  g_autofree char *dir = temp_dir ();
  g_autofree char *sheet = g_build_filename (dir, "khoa.pdf", NULL);
  g_autofree char *export_dir = g_build_filename (dir, "ketqua", NULL);
  g_autofree char *result = g_build_filename (export_dir, "result.json", NULL);
  g_autofree char *sig = g_build_filename (export_dir, "result.json.sig", NULL);
  g_autofree char *key = g_build_filename (export_dir, "public-key.pem", NULL);
  g_autofree char *usb = temp_dir ();
  g_autofree char *archive = NULL;
  g_autofree char *password = secret_file (PASSWORD);
  g_auto(Run) plain = { 0 };
  g_auto(Run) anchored = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) keys = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) exported = { 0 };
  g_auto(Run) result_refused = { 0 };
  g_auto(Run) archive_ok = { 0 };
  g_auto(Run) archive_refused = { 0 };

  confirm (forged, "bch");
  g_assert_cmpstr (real_print, !=, forged_print);

  run_cli (&plain, NULL, "verify", forged, NULL);
  g_assert_cmpint (plain.status, ==, 0);
  assert_contains (plain.err, "WARNING: no --fingerprint given");
  /* As typed from the paper: upper case, in groups. */
  run_cli (&anchored, NULL, "verify", real, "--fingerprint", typed, NULL);
  g_assert_cmpint (anchored.status, ==, 0);
  assert_contains (anchored.out, "signing key: the one on the key sheet");
  g_assert_null (strstr (anchored.err, "WARNING"));
  run_cli (&refused, NULL, "verify", forged, "--fingerprint", real_print, NULL);
  g_assert_cmpint (refused.status, ==, 3);
  assert_contains (refused.err, "NOT the one on the key sheet");
  /* A typing slip is said to be one, not taken for another key. */
  {
    g_auto(Run) slip = { 0 };
    g_autofree char *short_print = g_strndup (real_print, 30);
    run_cli (&slip, NULL, "verify", real, "--fingerprint", short_print, NULL);
    g_assert_cmpint (slip.status, ==, 2);
    assert_contains (slip.err, "is not a fingerprint");
  }

  /* The exported result and the archive, likewise. */
  run_cli (&exported, NULL, "export", forged, "--election", "bch", "--dir", export_dir, NULL);
  g_assert_cmpint (exported.status, ==, 0);
  run_cli (&result_refused, NULL, "verify", result, "--sig", sig, "--key", key, "--fingerprint", real_print, NULL);
  g_assert_cmpint (result_refused.status, ==, 3);
  archive = make_archive (forged, usb);
  run_cli (&archive_ok, NULL, "archive-check", archive, "--password-file", password, "--fingerprint", forged_print,
           NULL);
  g_assert_cmpint (archive_ok.status, ==, 0);
  run_cli (&archive_refused, NULL, "archive-check", archive, "--password-file", password, "--fingerprint",
           real_print, NULL);
  g_assert_cmpint (archive_refused.status, ==, 3);
  /* restore: an archive signed by another key is refused, nothing is
   * restored; a slip is a slip; without a fingerprint, a loud warning. */
  {
    g_autofree char *target = temp_dir ();
    g_auto(Run) restore_refused = { 0 };
    g_auto(Run) restore_slip = { 0 };
    g_auto(Run) restore_ok = { 0 };
    g_auto(Run) restore_plain = { 0 };
    g_autoptr(GDir) listing = NULL;
    g_autofree char *short_print = g_strndup (real_print, 30);

    run_cli (&restore_refused, NULL, "restore", archive, "--to", target, "--password-file", password,
             "--fingerprint", real_print, NULL);
    g_assert_cmpint (restore_refused.status, ==, 3);
    assert_contains (restore_refused.err, "NOT the one on the key sheet");
    listing = g_dir_open (target, 0, NULL);
    g_assert_null (g_dir_read_name (listing));
    run_cli (&restore_slip, NULL, "restore", archive, "--to", target, "--password-file", password,
             "--fingerprint", short_print, NULL);
    g_assert_cmpint (restore_slip.status, ==, 2);
    assert_contains (restore_slip.err, "is not a fingerprint");
    run_cli (&restore_ok, NULL, "restore", archive, "--to", target, "--password-file", password,
             "--fingerprint", forged_print, NULL);
    g_assert_cmpint (restore_ok.status, ==, 0);
    assert_contains (restore_ok.out, "restored and verified");
    assert_contains (restore_ok.out, "signing key: the one on the key sheet");
    g_assert_null (strstr (restore_ok.err, "WARNING"));
    empty_folder (target);
    run_cli (&restore_plain, NULL, "restore", archive, "--to", target, "--password-file", password, NULL);
    g_assert_cmpint (restore_plain.status, ==, 0);
    assert_contains (restore_plain.err, "WARNING: no --fingerprint given");
    /* The warning names the key to compare with the sheet. */
    assert_contains (restore_plain.err, forged_print);
  }

  /* The key sheet carries the fingerprint on paper. */
  run_cli (&keys, NULL, "keys", real, "--sheet", sheet, NULL);
  g_assert_cmpint (keys.status, ==, 0);
  run_tool (&text, "pdftotext", sheet, "-", NULL);
  assert_contains (text.out, "PHIẾU XÁC NHẬN KHÓA KÝ SỐ");
  {
    /* `keys` prints it in groups of four, as the sheet does. */
    g_autofree char *first = g_strndup (real_print, 39);
    assert_contains (text.out, first);
  }
}

/* The archive: opens with 7-Zip, checks, restores; a wrong password is a
 * clear error. */
static void
test_archive (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *usb = temp_dir ();
  g_autofree char *restore_dir = temp_dir ();
  g_autofree char *extract = temp_dir ();
  g_autofree char *archive = NULL;
  g_autofree char *password = secret_file (PASSWORD);
  g_autofree char *wrong = secret_file ("mật khẩu khác hẳn");
  g_autofree char *p_option = g_strdup_printf ("-p%s", PASSWORD);
  g_autofree char *o_option = g_strdup_printf ("-o%s", extract);
  g_autofree char *manifest = g_build_filename (extract, "manifest.sha256", NULL);
  g_auto(Run) check = { 0 };
  g_auto(Run) bad_password = { 0 };
  g_auto(Run) seven = { 0 };
  g_auto(Run) seven_wrong = { 0 };
  g_auto(Run) seven_x = { 0 };
  g_auto(Run) sums = { 0 };
  g_auto(Run) restore = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(GStrv) words = NULL;

  confirm (congress, "bch");
  archive = make_archive (congress, usb);

  run_cli (&check, NULL, "archive-check", archive, "--password-file", password, NULL);
  g_assert_cmpint (check.status, ==, 0);
  assert_contains (check.out, "signed results: 1, each verified");
  assert_contains (check.out, "verified");

  run_cli (&bad_password, NULL, "archive-check", archive, "--password-file", wrong, NULL);
  g_assert_cmpint (bad_password.status, ==, 2);
  assert_contains (bad_password.err, "wrong password");

  /* The stock tool of docs/huong-dan.md. */
  run_tool (&seven, "7zz", "t", p_option, archive, NULL);
  g_assert_cmpint (seven.status, ==, 0);
  assert_contains (seven.out, "Everything is Ok");
  run_tool (&seven_wrong, "7zz", "t", "-pwrong-password", archive, NULL);
  g_assert_cmpint (seven_wrong.status, !=, 0);
  run_tool (&seven_x, "7zz", "x", p_option, o_option, archive, NULL);
  g_assert_cmpint (seven_x.status, ==, 0);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_EXISTS));
  {
    const char *argv[] = { "sha256sum", "-c", "manifest.sha256", NULL };
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_autoptr(GSubprocess) p = NULL;
    g_autofree char *out = NULL;

    g_subprocess_launcher_set_cwd (launcher, extract);
    p = g_subprocess_launcher_spawnv (launcher, argv, NULL);
    g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, NULL);
    g_subprocess_wait (p, NULL, NULL);
    g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
    assert_contains (out, "congress.kiemphieu: OK");
  }

  run_cli (&restore, NULL, "restore", archive, "--to", restore_dir, "--password-file", password, NULL);
  g_assert_cmpint (restore.status, ==, 0);
  words = g_strsplit (restore.out, ":", 2);
  run_cli (&verify, NULL, "verify", words[0], NULL);
  g_assert_cmpint (verify.status, ==, 0);
  run_cli (&again, NULL, "restore", archive, "--to", restore_dir, "--password-file", password, NULL);
  g_assert_cmpint (again.status, ==, 2);
  assert_contains (again.err, "already exists");
}

/* A flipped byte anywhere in the archive is found: never a success, never
 * mistaken for a wrong password. */
static void
test_archive_flipped (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *usb = temp_dir ();
  g_autofree char *archive = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *data = NULL;
  gsize length;
  guint positions = 0;

  confirm (congress, "bch");
  archive = make_archive (congress, usb);
  copy = g_strconcat (archive, ".copy.zip", NULL);
  g_assert_true (g_file_get_contents (archive, &data, &length, NULL));

  {
    g_autoptr(GArray) where = g_array_new (FALSE, FALSE, sizeof (gsize));
    guint headers = 0;

    /* Spread over the whole file, denser at both ends (headers, the
     * central directory, the seal)... */
    for (gsize pos = 0; pos < length; pos += (pos < 200 || pos > length - 600) ? 29 : length / 120)
      g_array_append_val (where, pos);
    /* ...and every byte of the first local headers: times, flags and
     * sizes that no AES code covers. */
    for (gsize pos = 0; pos + 4 < length && headers < 2; pos++)
      if (memcmp (data + pos, "PK\x03\x04", 4) == 0)
        {
          for (gsize k = pos; k < pos + 30; k++)
            g_array_append_val (where, k);
          headers++;
        }

    for (guint w = 0; w < where->len; w++)
      {
        gsize pos = g_array_index (where, gsize, w);
        g_autoptr(GError) error = NULL;
        g_autoptr(GString) report = g_string_new (NULL);

        data[pos] ^= 0x10;
        g_assert_true (g_file_set_contents (copy, data, length, NULL));
        data[pos] ^= 0x10;
        if (kp_archive_check (copy, PASSWORD, report, &error))
          g_error ("a flipped byte at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " went unnoticed", pos, length);
        if (!g_error_matches (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED))
          g_error ("flipped byte at %" G_GSIZE_FORMAT ": %s", pos, error->message);
        positions++;
      }
  }
  g_test_message ("%u positions flipped, each detected", positions);
  g_assert_cmpuint (positions, >, 150);
}

/* Plaintext found under PATH (a folder): a leftover kp-archive-* or
 * kp-check-* folder, or a file holding a congress file (sqlite's header)
 * or a document (a PDF). Each is added to FOUND. */
static void
find_plaintext (const char *path,
                GString    *found)
{
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      if (g_str_has_prefix (name, "kp-archive-") || g_str_has_prefix (name, "kp-check-"))
        g_string_append_printf (found, "%s (a staging folder)\n", child);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        find_plaintext (child, found);
      else if (g_file_get_contents (child, &data, &length, NULL))
        {
          if (memmem (data, length, "SQLite format 3", 16) != NULL)
            g_string_append_printf (found, "%s (a congress file in clear)\n", child);
          if (memmem (data, length, "%PDF-", 5) != NULL)
            g_string_append_printf (found, "%s (a document in clear)\n", child);
        }
    }
}

/* Runs ARGV with TMPDIR set to TMP and kills it (SIGKILL) after DELAY µs,
 * or lets it finish when DELAY is negative. Returns TRUE when it was
 * killed before it finished. */
static gboolean
run_killed (const char *const *argv,
            const char        *tmp,
            gint64             delay)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmp, TRUE);
  p = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  if (delay >= 0)
    {
      g_usleep (delay);
      g_subprocess_force_exit (p);
    }
  g_subprocess_wait (p, NULL, &error);
  g_assert_no_error (error);
  if (delay < 0)
    g_assert_true (g_subprocess_get_successful (p));
  return !g_subprocess_get_if_exited (p);
}

/* #12, item 8: `archive` killed (kill -9) at random moments leaves no
 * plaintext behind, in TMPDIR or on the stick: the congress file and the
 * documents go from memory into the encrypted entries. `archive-check`
 * likewise: it verifies the congress file in memory. */
static void
test_archive_killed (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *usb = temp_dir ();
  g_autofree char *tmp = temp_dir ();
  g_autofree char *password = secret_file (PASSWORD);
  g_autofree char *archive = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GString) found = g_string_new (NULL);
  const char *write[] = { cli (), "archive", congress, "--to", usb, "--password-file", password, NULL };
  gint64 t0, whole;
  guint kills = 0, killed_checks = 0;

  confirm (congress, "bch");
  /* How long a whole run takes here, at best: the kills fall within it. */
  whole = G_MAXINT64;
  for (guint i = 0; i < 2; i++)
    {
      empty_folder (usb);
      t0 = g_get_monotonic_time ();
      run_killed (write, tmp, -1);
      whole = MIN (whole, g_get_monotonic_time () - t0);
    }

  for (guint round = 0; round < 40; round++)
    {
      empty_folder (usb);
      kills += run_killed (write, tmp, g_rand_int_range (rand, 2000, (gint32) MAX (whole * 6 / 5, 4000)));
      find_plaintext (tmp, found);
      find_plaintext (usb, found);
      if (found->len > 0)
        g_error ("archive killed (round %u) left plaintext behind:\n%s", round, found->str);
    }
  g_test_message ("archive: %u of 40 runs killed before they finished, nothing in clear left", kills);
  /* At random moments within a run's time: on a loaded machine some runs
   * finish first; enough are killed to cover the whole run. */
  g_assert_cmpuint (kills, >=, 12);

  /* archive-check, killed likewise. */
  empty_folder (usb);
  archive = make_archive (congress, usb);
  {
    const char *check[] = { cli (), "archive-check", archive, "--password-file", password, NULL };

    whole = G_MAXINT64;
    for (guint i = 0; i < 2; i++)
      {
        t0 = g_get_monotonic_time ();
        run_killed (check, tmp, -1);
        whole = MIN (whole, g_get_monotonic_time () - t0);
      }
    for (guint round = 0; round < 20; round++)
      {
        killed_checks += run_killed (check, tmp, g_rand_int_range (rand, 2000, (gint32) MAX (whole * 6 / 5, 4000)));
        find_plaintext (tmp, found);
        if (found->len > 0)
          g_error ("archive-check killed (round %u) left plaintext behind:\n%s", round, found->str);
      }
  }
  g_test_message ("archive-check: %u of 20 runs killed, nothing in clear left", killed_checks);
  g_assert_cmpuint (killed_checks, >=, 5);
}

/* A stick that fills up (or is pulled out) mid-write: a clear error and no
 * file that looks like a complete archive. */
static void
test_archive_full_stick (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *usb = temp_dir ();
  g_autofree char *password = secret_file (PASSWORD);
  g_auto(Run) run = { 0 };
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (mount ("tmpfs", usb, "tmpfs", 0, "size=64k") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }
  run_cli (&run, NULL, "archive", congress, "--to", usb, "--password-file", password, NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_contains (run.err, "nothing on the stick is complete");
  listing = g_dir_open (usb, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_error ("%s was left on the stick", name);
  g_clear_pointer (&listing, g_dir_close);
  g_assert_cmpint (umount (usb), ==, 0);
}

/* A proposal as printed: eight words of a–z joined by dashes. */
static char *
find_proposal (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\b[a-z]{2,6}(-[a-z]{2,6}){7}\\b", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    g_error ("no proposal in: %s", text);
  return g_match_info_fetch (match, 0);
}

static char *
sealed_key_of (const char *congress)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *sealed = NULL;

  g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'sealed_key'", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sealed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return sealed;
}

/* keys --init --propose: the passphrase is printed once and is the one
 * that confirms. The suite's cheap key is said to be weaker than the
 * standard; a key made without KP_TEST_KDF_LOG2N has the standard cost
 * (scrypt N = 2^19) and no warning. */
static void
test_keys_propose (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *strong = new_congress ();
  g_autofree char *ballots = source_path ("data", "demo", "bch.csv", NULL);
  g_autofree char *proposal = NULL;
  g_autofree char *pass = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *test_cost = g_strdup (g_getenv ("KP_TEST_KDF_LOG2N"));
  g_auto(Run) keys = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) collected = { 0 };
  g_auto(Run) confirmed = { 0 };
  g_auto(Run) strong_keys = { 0 };
  g_auto(Run) strong_show = { 0 };

  run_cli (&keys, NULL, "keys", congress, "--init", "--propose", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (keys.status, ==, 0);
  assert_contains (keys.out, "shown this once");
  proposal = find_proposal (keys.out);
  run_cli (&both, NULL, "keys", congress, "--init", "--propose", "--passphrase-file", ballots, NULL);
  g_assert_cmpint (both.status, ==, 1);
  run_cli (&show, NULL, "keys", congress, NULL);
  g_assert_cmpint (show.status, ==, 0);
  assert_contains (show.err, "sealed more cheaply than the standard (scrypt N = 2^10, the standard is 2^19)");

  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&collected, NULL, "collected", congress, "127", "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (collected.status, ==, 0);
  pass = secret_file (proposal);
  run_cli (&confirmed, NULL, "confirm", congress, "--election", "bch", "--passphrase-file", pass, "--operator",
           "Lê Văn Tùng", "--override-network", TEST_NETWORK, NULL);
  if (confirmed.status != 0)
    g_error ("confirm with the proposed passphrase: %s", confirmed.err);

  g_unsetenv ("KP_TEST_KDF_LOG2N");
  run_cli (&strong_keys, NULL, "keys", strong, "--init", "--propose", "--operator", "Lê Văn Tùng", NULL);
  if (test_cost != NULL)
    g_setenv ("KP_TEST_KDF_LOG2N", test_cost, TRUE);
  g_assert_cmpint (strong_keys.status, ==, 0);
  run_cli (&strong_show, NULL, "keys", strong, NULL);
  g_assert_cmpint (strong_show.status, ==, 0);
  g_assert_null (strstr (strong_show.err, "WARNING"));
  sealed = sealed_key_of (strong);
  assert_contains (sealed, "\"kdf\":\"scrypt\",\"n\":524288,\"r\":8,\"p\":1");
}

/* archive --generate-password --sheet: the password is on the archive
 * sheet (and not on the screen), 7-Zip opens the archive with it, and
 * archive-check too. A weak or non-ASCII --password-file is refused with
 * nothing written. */
static void
test_archive_generated (void)
{
  g_autofree char *congress = signed_congress ();
  g_autofree char *usb = temp_dir ();
  g_autofree char *elsewhere = temp_dir ();
  g_autofree char *sheet = g_build_filename (elsewhere, "phieu-mat-khau.pdf", NULL);
  g_autofree char *weak = secret_file ("mật khẩu lưu trữ");
  g_autofree char *password = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *p_option = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *archive_name = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  g_auto(Run) refused = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) seven = { 0 };
  g_auto(Run) check = { 0 };

  confirm (congress, "bch");
  run_cli (&refused, NULL, "archive", congress, "--to", usb, "--password-file", weak, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  assert_contains (refused.err, "7-Zip on Windows");
  run_cli (&both, NULL, "archive", congress, "--to", usb, "--password-file", weak, "--generate-password", NULL);
  g_assert_cmpint (both.status, ==, 1);
  listing = g_dir_open (usb, 0, NULL);
  g_assert_null (g_dir_read_name (listing));
  g_clear_pointer (&listing, g_dir_close);

  run_cli (&run, NULL, "archive", congress, "--to", usb, "--generate-password", "--sheet", sheet, NULL);
  if (run.status != 0)
    g_error ("archive: %s", run.err);
  assert_contains (run.out, "the archive sheet, with the password");
  listing = g_dir_open (usb, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".zip"))
      archive_name = g_strdup (name);
  g_assert_nonnull (archive_name);
  archive = g_build_filename (usb, archive_name, NULL);

  run_tool (&text, "pdftotext", sheet, "-", NULL);
  g_assert_cmpint (text.status, ==, 0);
  assert_contains (text.out, "PHIẾU MẬT KHẨU TỆP LƯU TRỮ");
  assert_contains (text.out, archive_name);
  password = find_proposal (text.out);
  /* On paper only, not on the screen. */
  g_assert_null (strstr (run.out, password));

  p_option = g_strdup_printf ("-p%s", password);
  run_tool (&seven, "7zz", "t", p_option, archive, NULL);
  g_assert_cmpint (seven.status, ==, 0);
  assert_contains (seven.out, "Everything is Ok");
  password_file = secret_file (password);
  run_cli (&check, NULL, "archive-check", archive, "--password-file", password_file, NULL);
  g_assert_cmpint (check.status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust/keys", test_keys);
  g_test_add_func ("/trust/keys-propose", test_keys_propose);
  g_test_add_func ("/trust/seal", test_seal);
  g_test_add_func ("/trust/R-RECON-1/confirm", test_confirm);
  g_test_add_func ("/trust/confirm-race", test_confirm_race);
  g_test_add_func ("/trust/anchored-verify", test_anchored_verify);
  g_test_add_func ("/trust/R-ALT-1/order", test_alternates_order);
  g_test_add_func ("/trust/export-verify", test_export_verify);
  g_test_add_func ("/trust/verify-congress", test_verify_congress);
  g_test_add_func ("/trust/archive", test_archive);
  g_test_add_func ("/trust/archive-generated", test_archive_generated);
  g_test_add_func ("/trust/archive-flipped", test_archive_flipped);
  g_test_add_func ("/trust/archive-full-stick", test_archive_full_stick);
  g_test_add_func ("/trust/archive-killed", test_archive_killed);
  return g_test_run ();
}
