/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c — where the catalogue is found; core messages in both languages. */

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kp-crypto.h"
#include "kp-file.h"
#include "kp-i18n.h"
#include "kp-json.h"
#include "kp-store.h"

/* The build tree's po/ next to the executable wins over LOCALEDIR; a
 * program elsewhere gets LOCALEDIR; KP_LOCALEDIR wins over both. */
static void
test_locale_dir (void)
{
  g_autofree char *app = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "app", "kiemphieu", NULL);
  g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *po_canon = g_canonicalize_filename (po, NULL);
  g_autofree char *found = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *forced = NULL;

  g_unsetenv ("KP_LOCALEDIR");
  found = kp_i18n_locale_dir (app);
  g_assert_cmpstr (found, ==, po_canon);
  elsewhere = kp_i18n_locale_dir ("/nonexistent/bin/kiemphieu");
  g_assert_cmpstr (elsewhere, ==, LOCALEDIR);

  g_setenv ("KP_LOCALEDIR", "/some/where", TRUE);
  forced = kp_i18n_locale_dir (app);
  g_assert_cmpstr (forced, ==, "/some/where");
  g_unsetenv ("KP_LOCALEDIR");
}

/* The message of @error from each call, in the locale that is set now. */
static void
core_messages (char **nesting,
               char **signature,
               char **missing)
{
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpKey) key = kp_key_generate (NULL);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autofree char *deep = g_strnfill (KP_JSON_MAX_DEPTH + 1, '[');
  g_autoptr(GError) error = NULL;

  g_assert_false (kp_json_load (parser, deep, -1, &error));
  *nesting = g_strdup (error->message);
  g_clear_error (&error);
  g_assert_false (kp_signature_verify (pem, "x", 1, "short", 5, &error));
  *signature = g_strdup (error->message);
  g_clear_error (&error);
  g_assert_false (kp_file_get_contents ("/nonexistent/daihoi.json", &data, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  *missing = g_strdup (error->message);
}

/* Core messages (a file refused by kp-json, a signature refused by
 * kp-crypto, a file that is not there, an entry mode in words) are
 * Vietnamese under vi_VN.UTF-8, with their numbers in place, and English
 * under C.UTF-8. */
static void
test_core_messages (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *nesting = NULL, *signature = NULL, *missing = NULL;

  g_unsetenv ("LANGUAGE");
  kp_i18n_init ();
  if (setlocale (LC_ALL, "vi_VN.UTF-8") == NULL)
    {
      g_test_skip ("the vi_VN.UTF-8 locale is not installed");
      return;
    }
  core_messages (&nesting, &signature, &missing);
  g_assert_cmpstr (nesting, ==, "mảng hoặc đối tượng lồng nhau quá 64 cấp");
  g_assert_cmpstr (signature, ==, "chữ ký số dài 64 byte, chữ ký này dài 5 byte");
  g_assert_cmpstr (missing, ==, "/nonexistent/daihoi.json: không có tệp này");
  g_assert_cmpstr (kp_entry_mode_words (KP_ENTRY_DOUBLE), ==, "nhập hai lượt");
  g_clear_pointer (&nesting, g_free);
  g_clear_pointer (&signature, g_free);
  g_clear_pointer (&missing, g_free);

  setlocale (LC_ALL, "C.UTF-8");
  core_messages (&nesting, &signature, &missing);
  g_assert_cmpstr (nesting, ==, "arrays or objects nested more than 64 deep");
  g_assert_cmpstr (signature, ==, "a signature is 64 bytes, this one 5");
  g_assert_cmpstr (missing, ==, "/nonexistent/daihoi.json: no such file");
  g_assert_cmpstr (kp_entry_mode_words (KP_ENTRY_DOUBLE), ==, "double entry");
  setlocale (LC_ALL, saved);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/locale-dir", test_locale_dir);
  g_test_add_func ("/i18n/core-messages", test_core_messages);
  return g_test_run ();
}
