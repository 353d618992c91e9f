/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-fixtures.c — table-driven rule tests. Each folder of tests/fixtures
 * holds a definition, ballots, the expected result (written by hand) and an
 * about.txt naming the rules it proves (R-BASE-1, R-TIE-1, …). The folder's
 * name starts with the main rule's ID.
 */

#include <json-glib/json-glib.h>

#include "kp-ballot-reader.h"
#include "kp-definition.h"
#include "kp-tally.h"

static void
test_fixture (gconstpointer data)
{
  const char *dir = data;
  g_autofree char *definition = g_build_filename (dir, "definition.json", NULL);
  g_autofree char *ballots_path = g_build_filename (dir, "ballots.csv", NULL);
  g_autofree char *expected_path = g_build_filename (dir, "expected.json", NULL);
  g_autofree char *issued_path = g_build_filename (dir, "issued", NULL);
  g_autofree char *issued_text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(KpTally) tally = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(JsonParser) got = json_parser_new ();
  g_autoptr(JsonParser) want = json_parser_new ();
  KpElection *election;

  congress = kp_definition_load_file (definition, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (congress->elections->len, ==, 1);
  election = g_ptr_array_index (congress->elections, 0);
  if (g_file_get_contents (issued_path, &issued_text, NULL, NULL))
    election->issued = g_ascii_strtoll (issued_text, NULL, 10);

  ballots = kp_ballots_read_file (ballots_path, election, &error);
  g_assert_no_error (error);

  tally = kp_tally_new (election);
  for (guint i = 0; i < ballots->len; i++)
    kp_tally_add (tally, g_ptr_array_index (ballots, i));
  result = kp_tally_get_result (tally);
  json = kp_result_to_json (result);

  json_parser_load_from_data (got, json, -1, &error);
  g_assert_no_error (error);
  json_parser_load_from_file (want, expected_path, &error);
  g_assert_no_error (error);
  if (!json_node_equal (json_parser_get_root (got), json_parser_get_root (want)))
    {
      g_autofree char *pretty = json_to_string (json_parser_get_root (want), FALSE);
      g_test_message ("got:  %s", json);
      g_test_message ("want: %s", pretty);
      g_test_fail ();
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  root = g_test_build_filename (G_TEST_DIST, "fixtures", NULL);
  dir = g_dir_open (root, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 8);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/fixtures/%s", (char *) names->pdata[i]);
      g_test_add_data_func_full (path, g_build_filename (root, names->pdata[i], NULL),
                                 test_fixture, g_free);
    }
  return g_test_run ();
}
