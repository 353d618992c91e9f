/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-trust.c — the kiemphieu-cli subcommands of trust: the signing key
 * (keys), confirm, export, verify, and the encrypted archive (archive,
 * archive-check, restore).
 */

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kp-archive.h"
#include "kp-cli-private.h"
#include "kp-passphrase.h"
#include "kp-reports.h"
#include "kp-crypto.h"
#include "kp-store.h"

/* A weak signing key (kp_store_key_weakness ()), said on stderr. */
static void
warn_weak_key (KpStore *store)
{
  g_autofree char *weakness = kp_store_key_weakness (store);

  if (weakness != NULL)
    g_printerr ("kiemphieu-cli: %s\n", weakness);
}

/* --- keys, confirm, export, verify ------------------------------------------------ */

int
_kp_cli_keys (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — the congress signing key"));
  g_auto(KpCliCommon) c = { 0 };
  gboolean init = FALSE;
  gboolean propose = FALSE;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *sheet = NULL;
  GOptionEntry entries[] = {
    { "init", 0, 0, G_OPTION_ARG_NONE, &init, N_("Create the key (the head chooses the passphrase)"), NULL },
    { "propose", 0, 0, G_OPTION_ARG_NONE, &propose,
      N_ ("With --init: KiemPhieu proposes the passphrase (eight random words, printed once)"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_FILENAME, &sheet,
      N_("Write the key sheet (PDF) for the committee to sign: the fingerprint on paper"), N_("FILE.pdf") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("Read the passphrase from this file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *shown = NULL;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;

  if (!init)
    {
      g_autofree char *pem = kp_store_get_public_key (store);
      if (pem == NULL)
        {
          g_printerr (_("kiemphieu-cli: %s has no signing key yet (keys --init)\n"), argv[1]);
          return KP_EXIT_BAD_INPUT;
        }
      fingerprint = kp_store_get_fingerprint (store);
      shown = kp_fingerprint_display (fingerprint);
      printf (_("%sfingerprint (SHA-256): %s\n"), pem, shown);
      warn_weak_key (store);
      if (sheet != NULL && !kp_reports_key_sheet (store, sheet, &error))
        return _kp_cli_fail (error);
      if (sheet != NULL)
        printf (_("%s: key sheet written; print it, and the counting committee signs it\n"), sheet);
      return KP_EXIT_OK;
    }
  if (propose && passphrase_file != NULL)
    return _kp_cli_usage_error (context, _ ("give either --propose or --passphrase-file"));
  /* Said before any passphrase is asked for or proposed. */
  if (!kp_store_check_may_create_key (store, &error))
    return _kp_cli_fail (error);
  if (propose)
    passphrase = kp_passphrase_propose (&error);
  else
    passphrase = _kp_cli_read_secret (passphrase_file, _("passphrase of the counting committee's head"), TRUE, &error);
  if (passphrase == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_init_keys (store, passphrase, _kp_cli_operator_or_default (&c), &fingerprint, &error))
    return _kp_cli_fail (error);
  shown = kp_fingerprint_display (fingerprint);
  printf (_("signing key created (Ed25519); the private key is stored only encrypted under the passphrase\n"
            "fingerprint (SHA-256): %s\n"), shown);
  /* A rehearsal copy's key is its own (kp_store_init_keys): said at once. */
  if (kp_store_is_rehearsal (store))
    printf (_("THỬ NGHIỆM: this is the rehearsal copy's own key, for rehearsing station packages. It is not the "
              "congress's signing key and never signs a result; create that one in the real congress file, with a "
              "passphrase other than this one\n"));
  if (propose)
    printf (_ ("\nThe head's passphrase, shown this once: the head writes it down now, keeps it alone, and types "
               "it exactly as shown, dashes included:\n\n    %s\n\n"), passphrase);
  warn_weak_key (store);
  if (sheet != NULL && !kp_reports_key_sheet (store, sheet, &error))
    return _kp_cli_fail (error);
  if (sheet != NULL)
    printf (_("%s: key sheet written; print it, and the counting committee signs it\n"), sheet);
  else
    printf (_("print the key sheet now (keys %s --sheet FILE.pdf): the committee signs it, and every later "
              "verification compares the fingerprint with it\n"), argv[1]);
  return KP_EXIT_OK;
}

int
_kp_cli_confirm (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — confirm, lock and sign a result"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *passphrase_file = NULL;
  g_autofree char *network_override = NULL;
  g_auto(GStrv) explain = NULL;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("Read the head's passphrase from this file"), N_("FILE") },
    { "override-network", 0, 0, G_OPTION_ARG_STRING, &network_override, N_("The head's reason to sign on a machine with an active network interface (recorded)"), N_("REASON") },
    { "explain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &explain, N_("The committee's explanation for a check that does not pass; repeat"), N_("CHECK=TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GHashTable) explanations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autofree char *passphrase = NULL;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  for (guint i = 0; explain && explain[i]; i++)
    {
      char *eq = strchr (explain[i], '=');
      if (eq == NULL || eq == explain[i] || eq[1] == '\0')
        return _kp_cli_usage_error (context, _("--explain CHECK=TEXT"));
      g_hash_table_insert (explanations, g_strndup (explain[i], eq - explain[i]), g_strdup (eq + 1));
    }
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_check_not_rehearsal (store, &error))
    return _kp_cli_fail (error);
  if ((passphrase = _kp_cli_read_secret (passphrase_file, _("passphrase of the counting committee's head"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_confirm (store, c.election, c.round, passphrase, explanations, network_override,
                         _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  confirmation = kp_store_get_confirmation (store, c.election, c.round, &error);
  printf (_("%s round %u confirmed and signed; result SHA-256 %s\n"), c.election, confirmation->round,
          confirmation->digest);
  return KP_EXIT_OK;
}

int
_kp_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — export a signed result"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("Folder to write into (created if needed)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *result_path = NULL, *sig_path = NULL, *key_path = NULL, *pdf_path = NULL;
  const char *minutes_argv[] = { "minutes", NULL, "--election", NULL, "--round", NULL, "-o", NULL, NULL };
  g_autofree char *round_text = NULL;
  int status;

  _kp_cli_add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (dir == NULL)
    return _kp_cli_usage_error (context, _("give the folder with --dir DIR"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  confirmation = kp_store_get_confirmation (store, c.election, c.round, &error);
  if (error != NULL)
    return _kp_cli_fail (error);
  if (confirmation == NULL)
    {
      g_printerr (_("kiemphieu-cli: %s is not confirmed: there is no signed result to export (confirm it first)\n"),
                  c.election);
      return KP_EXIT_BAD_INPUT;
    }
  pem = kp_store_get_public_key (store);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr (_("kiemphieu-cli: %s: cannot create the folder: %s\n"), dir, g_strerror (errno));
      return KP_EXIT_BAD_INPUT;
    }
  result_path = g_build_filename (dir, "result.json", NULL);
  sig_path = g_build_filename (dir, "result.json.sig", NULL);
  key_path = g_build_filename (dir, "public-key.pem", NULL);
  pdf_path = g_build_filename (dir, "bienban.pdf", NULL);
  if (!g_file_set_contents_full (result_path, confirmation->result, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &error)
      || !g_file_set_contents_full (sig_path, g_bytes_get_data (confirmation->signature, NULL),
                                    g_bytes_get_size (confirmation->signature),
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &error)
      || !g_file_set_contents_full (key_path, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0644, &error))
    return _kp_cli_fail (error);
  g_clear_pointer (&store, kp_store_close);

  round_text = g_strdup_printf ("%u", confirmation->round);
  minutes_argv[1] = argv[1];
  minutes_argv[3] = c.election;
  minutes_argv[5] = round_text;
  minutes_argv[7] = pdf_path;
  status = _kp_cli_minutes (8, (char **) minutes_argv);
  if (status != KP_EXIT_OK)
    return status;
  printf (_("%s: result.json, result.json.sig, public-key.pem, bienban.pdf\n"
            "check with: kiemphieu-cli verify %s --sig %s --key %s\n"
            "or:         openssl pkeyutl -verify -pubin -inkey %s -rawin -in %s -sigfile %s\n"),
          dir, result_path, sig_path, key_path, key_path, result_path, sig_path);
  return KP_EXIT_OK;
}

/* --fingerprint as typed from the key sheet: a slip is said to be one,
 * never taken for another key. */
static gboolean
fingerprint_typed_right (const char *expected)
{
  if (expected == NULL || kp_fingerprint_is_wellformed (expected))
    return TRUE;
  g_printerr (_("kiemphieu-cli: --fingerprint: \"%s\" is not a fingerprint: the key sheet shows 64 hexadecimal "
                "digits in groups of four; check what was typed\n"), expected);
  return FALSE;
}

/* Verification proves a file consistent; only the key sheet signed on paper
 * proves whose key signed it. Said loudly when no fingerprint was given. */
void
_kp_cli_anchor_note (const char *expected,
                     const char *fingerprint)
{
  g_autofree char *shown = fingerprint ? kp_fingerprint_display (fingerprint) : NULL;

  if (expected != NULL)
    {
      printf ("%s\n", _("signing key: the one on the key sheet"));
      return;
    }
  if (shown != NULL)
    g_printerr (_("kiemphieu-cli: WARNING: no --fingerprint given: this shows the file is consistent, NOT that the "
                  "counting committee's key signed it. Compare the key %s with the key sheet signed on paper, or run "
                  "again with --fingerprint.\n"), shown);
  else
    g_printerr ("%s\n", _("kiemphieu-cli: WARNING: no --fingerprint given: this shows the file is consistent, NOT that "
                          "the counting committee's key signed it. Compare the signing key with the key sheet signed "
                          "on paper, or run again with --fingerprint."));
}

int
_kp_cli_verify (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("result.json --sig S --key K | C.kiemphieu — verify"));
  g_autofree char *sig = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  GOptionEntry entries[] = {
    { "sig", 0, 0, G_OPTION_ARG_FILENAME, &sig, N_("The signature (result.json.sig)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("The committee's public key (public-key.pem)"), N_("FILE") },
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &expected,
      N_("The signing key's fingerprint from the key sheet signed on paper"), N_("HEX") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _kp_cli_usage_error (context, _("give one file"));

  if (!fingerprint_typed_right (expected))
    return KP_EXIT_BAD_INPUT;
  if (sig != NULL || key != NULL)
    {
      g_autofree char *data = NULL, *signature = NULL, *pem = NULL, *fingerprint = NULL, *shown = NULL;
      gsize length, signature_length;

      if (sig == NULL || key == NULL)
        return _kp_cli_usage_error (context, _("give both --sig and --key"));
      if (!kp_file_get_contents (argv[1], &data, &length, &error)
          || !kp_file_get_contents (sig, &signature, &signature_length, &error)
          || !kp_file_get_contents (key, &pem, NULL, &error))
        return _kp_cli_fail (error);
      if ((fingerprint = kp_public_key_fingerprint (pem, &error)) == NULL)
        return _kp_cli_fail (error);
      if (!kp_signature_verify (pem, data, length, signature, signature_length, &error))
        {
          g_printerr (_("kiemphieu-cli: %s: verification FAILED: %s\n"), argv[1], error->message);
          return KP_EXIT_VERIFY_FAILED;
        }
      shown = kp_fingerprint_display (fingerprint);
      if (expected != NULL && !kp_fingerprint_equal (expected, fingerprint))
        {
          g_printerr (_("kiemphieu-cli: %s: verification FAILED: signed by the key %s, which is NOT the one on the "
                        "key sheet (%s)\n"), argv[1], shown, expected);
          return KP_EXIT_VERIFY_FAILED;
        }
      printf (_("%s: signature OK, signed by the key with fingerprint %s\n"), argv[1], shown);
      _kp_cli_anchor_note (expected, fingerprint);
      return KP_EXIT_OK;
    }

  {
    g_autoptr(KpStore) store = _kp_cli_open_path (argv[1], &error);
    g_autoptr(GString) report = g_string_new (NULL);

    if (store == NULL)
      return _kp_cli_fail (error);
    if (!kp_store_verify (store, report, &error)
        || (expected != NULL && !kp_store_check_fingerprint (store, expected, &error)))
      {
        fputs (report->str, stdout);
        return _kp_cli_fail (error);
      }
    fputs (report->str, stdout);
    printf ("%s\n", _("verified"));
    {
      g_autofree char *print = kp_store_get_fingerprint (store);
      if (print != NULL)
        _kp_cli_anchor_note (expected, print);
    }
    return KP_EXIT_OK;
  }
}

/* --- archive ---------------------------------------------------------------------- */

int
_kp_cli_archive (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — write the encrypted archive (USB stick)"));
  g_autofree char *to = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *sheet = NULL;
  gboolean generate = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The folder to write into (the stick)"), N_("DIR") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the archive password from this file"), N_("FILE") },
    { "generate-password", 0, 0, G_OPTION_ARG_NONE, &generate,
      N_ ("KiemPhieu generates the password (eight random words, about 84 bits)"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_FILENAME, &sheet,
      N_ ("Write the archive sheet (PDF) with the password, to print and seal in an envelope"), "FILE.pdf" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (to == NULL)
    return _kp_cli_usage_error (context, _("give the folder with --to DIR"));
  if (generate && password_file != NULL)
    return _kp_cli_usage_error (context, _ ("give either --generate-password or --password-file"));
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if (generate)
    password = kp_passphrase_propose (&error);
  else
    password = _kp_cli_read_secret (password_file, _("archive password"), TRUE, &error);
  /* A weak or non-ASCII password is refused before anything is written. */
  if (password == NULL || !kp_archive_password_check (password, &error))
    return _kp_cli_fail (error);
  if (!kp_archive_write (store, to, password, &path, &error))
    return _kp_cli_fail (error);
  printf (_("%s: written and flushed; the stick can be removed safely.\n"
            "Open it with 7-Zip (7zz x %s) and the password; check it with: kiemphieu-cli archive-check %s\n"),
          path, path, path);
  if (sheet != NULL && !kp_reports_archive_sheet (store, password, path, sheet, &error))
    {
      g_printerr (_ ("kiemphieu-cli: %s is written, but its archive sheet is not (%s): write the password down "
                     "now, exactly: %s\n"), path, error->message, password);
      return KP_EXIT_BAD_INPUT;
    }
  if (sheet != NULL)
    printf (_ ("%s: the archive sheet, with the password: print it, seal it in an envelope that the committee signs, "
               "keep it apart from the stick, and delete this file\n"), sheet);
  else if (generate)
    printf (_ ("\nThe archive password, shown this once (write it down exactly, dashes included, and seal it in an "
               "envelope apart from the stick; --sheet FILE.pdf prints it on an archive sheet):\n\n    %s\n\n"),
            password);
  return KP_EXIT_OK;
}

int
_kp_cli_archive_check (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE.zip — open and verify an archive"));
  g_autofree char *password_file = NULL;
  g_autofree char *expected = NULL;
  GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the archive password from this file"), N_("FILE") },
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &expected,
      N_("The signing key's fingerprint from the key sheet signed on paper"), N_("HEX") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *password = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _kp_cli_usage_error (context, _("give one archive"));
  if (!fingerprint_typed_right (expected))
    return KP_EXIT_BAD_INPUT;
  if ((password = _kp_cli_read_secret (password_file, _("archive password"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_archive_check_anchored (argv[1], password, expected, report, &error))
    {
      fputs (report->str, stdout);
      return _kp_cli_fail (error);
    }
  fputs (report->str, stdout);
  printf (_("%s: verified\n"), argv[1]);
  if (expected == NULL)
    _kp_cli_anchor_note (NULL, NULL);
  return KP_EXIT_OK;
}

int
_kp_cli_restore (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE.zip — bring a congress back from an archive"));
  g_autofree char *to = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *expected = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The folder to restore into"), N_("DIR") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("Read the archive password from this file"), N_("FILE") },
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &expected,
      N_("The signing key's fingerprint from the key sheet signed on paper"), N_("HEX") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || to == NULL)
    return _kp_cli_usage_error (context, _("give one archive and --to DIR"));
  if (!fingerprint_typed_right (expected))
    return KP_EXIT_BAD_INPUT;
  if ((password = _kp_cli_read_secret (password_file, _("archive password"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  /* An archive signed by another key than the key sheet's is refused
   * before anything is restored (exit 3). */
  if (!kp_archive_restore_anchored (argv[1], password, expected, to, &path, &error))
    return _kp_cli_fail (error);
  printf (_("%s: restored and verified\n"), path);
  {
    g_autoptr(KpStore) store = kp_store_open (path, NULL);
    g_autofree char *print = store != NULL ? kp_store_get_fingerprint (store) : NULL;
    _kp_cli_anchor_note (expected, print);
  }
  return KP_EXIT_OK;
}
