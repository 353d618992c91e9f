/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-leaks.c — the documents free what they make. Run under
 * LeakSanitizer (an ASan build: tests/meson.build registers it only there,
 * with detect_leaks=1 and tests/lsan.supp for the caches GLib and
 * fontconfig keep for the life of the process); a leak fails the run at
 * exit. In another build it only makes the documents.
 */

#include <glib/gstdio.h>

#include "kp-ballot-reader.h"
#include "kp-reports.h"
#include "kp-store.h"

static char *
demo_path (const char *name)
{
  return g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", name, NULL);
}

/* The demo congress with every demo ballot entered in pass A. */
static KpStore *
demo_with_ballots (const char *path)
{
  g_autofree char *definition = demo_path ("daihoi.json");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "bch", "bithu", "dbct" };
  gsize length;
  KpStore *store;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "daihoi.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.csv", ids[i]);
      g_autofree char *csv = demo_path (name);
      g_autoptr(KpElection) election = kp_store_get_election (store, ids[i], 0, &error);
      g_autoptr(GPtrArray) ballots = kp_ballots_read_file (csv, election, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < ballots->len; j++)
        g_assert_true (kp_store_enter (store, ids[i], 0, 'A', "Trần A", ballots->pdata[j], &error));
    }
  return store;
}

/* kp_documents_minutes spelled numbers out (kp_vi_number_words) and never
 * freed the words: seats, the elected, equal votes, seats remaining. */
static void
test_minutes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-leaks-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autoptr(KpStore) store = demo_with_ballots (path);
  const char *ids[] = { "bch", "bithu", "dbct" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = kp_reports_minutes_pdf (store, ids[i], 0, &error);

      g_assert_no_error (error);
      g_assert_nonnull (pdf);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) summary = kp_reports_summary_pdf (store, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (summary);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/leaks/minutes", test_minutes);
  return g_test_run ();
}
