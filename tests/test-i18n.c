/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c — where the catalogue is found; core messages in both languages. */

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kp-i18n.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/locale-dir", test_locale_dir);
  return g_test_run ();
}
