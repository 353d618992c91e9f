/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-import — importing station batches at the head's machine (issue 14):
 * six batches of 1,586 ballots × 199 names (two elections × passes A, B, C,
 * one station each), generated here, then imported into a head file with
 * the stations enrolled. Target: under 1 s for the six.
 *
 *   build/bench/bench-import [--dir DIR] [CLI]
 *
 * With --dir the files are kept there (the packages, the station files,
 * the batches in DIR/usb, the head file before the import).
 * With CLI (kiemphieu-cli), the whole `kiemphieu-cli import` command is
 * timed too; and `journal --verify` of the head file afterwards.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-crypto.h"
#include "kp-store-stations.h"
#include "kp-store.h"

#define N_NAMES 199
#define N_BALLOTS 1586
#define HEAD "mật khẩu trưởng ban"
#define STATION "mật khẩu của trạm nhập"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static char *
definition (void)
{
  GString *def = g_string_new ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                               "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                               "\"kind\":\"delegates\",\"convened\":1587,\"present\":1586},\"elections\":[");
  const char *ids[] = { "bch", "bch2" };

  for (guint e = 0; e < 2; e++)
    {
      g_string_append_printf (def, "%s{\"id\":\"%s\",\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\","
                              "\"seats\":180,\"issued\":1586,\"candidates\":[", e ? "," : "", ids[e]);
      for (guint i = 0; i < N_NAMES; i++)
        g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
      g_string_append (def, "]}");
    }
  g_string_append (def, "]}");
  return g_string_free (def, FALSE);
}

static KpBallot *
make_ballot (GRand *rand,
             guint  serial)
{
  KpBallot *ballot = kp_ballot_new_strike (serial, N_NAMES);
  guint struck = 0, target = 19 + g_rand_int_range (rand, 0, 60);

  while (struck < target)
    {
      guint no = g_rand_int_range (rand, 1, N_NAMES + 1);
      if (!kp_ballot_is_struck (ballot, no))
        kp_ballot_strike (ballot, no), struck++;
    }
  return ballot;
}

static void
check (gboolean ok,
       GError  *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

int
main (int    argc,
      char **argv)
{
  const char *cli = NULL;
  g_autofree char *dir = NULL;
  gboolean keep = FALSE;
  g_autofree char *def = definition ();
  g_autofree char *head_path = NULL;
  g_autofree char *enrolled = NULL;
  g_autofree char *usb = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1586);
  g_autoptr(GPtrArray) ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  KpStore *head;
  double best = 1e9, best_cli = 1e9, verify = 0;
  gsize bytes = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir = g_strdup (argv[++i]), keep = TRUE;
      else
        cli = argv[i];
    }
  if (dir == NULL)
    {
      dir = g_strdup ("/var/tmp/kp-bench-XXXXXX");
      if (g_mkdtemp (dir) == NULL)
        g_error ("cannot make a folder in /var/tmp");
    }
  head_path = g_build_filename (dir, "head.kiemphieu", NULL);
  enrolled = g_build_filename (dir, "enrolled.kiemphieu", NULL);
  usb = g_build_filename (dir, "usb", NULL);
  g_mkdir (usb, 0700);
  for (guint s = 1; s <= N_BALLOTS; s++)
    g_ptr_array_add (ballots, make_ballot (rand, s));

  /* The head file, six stations opened and enrolled, each entering the
   * 1,586 ballots of its election and pass, written as one batch. */
  head = kp_store_create (head_path, def, strlen (def), "national.json", "bench", &error);
  check (head != NULL, error);
  check (kp_store_init_keys (head, HEAD, "bench", NULL, &error), error);
  for (guint i = 0; i < 6; i++)
    {
      const char *election = i < 3 ? "bch" : "bch2";
      char pass = 'A' + i % 3;
      g_autofree char *id = g_strdup_printf ("to-%u", i + 1);
      g_autofree char *package = g_strdup_printf ("%s/%s.kiemphieu-station", dir, id);
      g_autofree char *station_path = g_strdup_printf ("%s/%s.kiemphieu", dir, id);
      KpStationPlan plan = { id, id, election, 0, pass, 0, 0 };
      g_autoptr(KpStore) station = NULL;
      g_autoptr(KpStation) self = NULL;
      g_autoptr(GPtrArray) written = NULL;
      g_autofree char *data = NULL;
      gsize length;

      if (i % 3 == 0)
        check (kp_store_set_mode (head, election, KP_ENTRY_TRIPLE, NULL, "bench", &error), error);
      check (kp_store_make_station_package (head, &plan, package, HEAD, "bench", NULL, &error), error);
      check (kp_batch_read_file (package, &data, &length, &error), error);
      station = kp_store_open_station (data, length, package, station_path, NULL, STATION, "bench", &error);
      check (station != NULL, error);
      self = kp_store_get_station (station, &error);
      check (kp_store_enroll_station (head, id, self->fingerprint, HEAD, "bench", NULL, &error), error);
      check (kp_store_begin_bulk (station, &error), error);
      for (guint s = 0; s < N_BALLOTS; s++)
        check (kp_store_enter (station, election, 0, pass, "bench", ballots->pdata[s], &error), error);
      check (kp_store_commit_bulk (station, &error), error);
      check (kp_store_write_batches (station, usb, 0, STATION, "bench", &written, &error), error);
      g_ptr_array_add (batches, g_strdup (written->pdata[0]));
    }
  kp_store_close (head);
  /* A copy of the head file as it stands before any import, for each run. */
  {
    g_autoptr(GFile) from = g_file_new_for_path (head_path);
    g_autoptr(GFile) to = g_file_new_for_path (enrolled);
    check (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error), error);
  }

  /* In-process: read the six files and import them. */
  for (int r = 0; r < 5; r++)
    {
      g_autoptr(GFile) from = g_file_new_for_path (enrolled);
      g_autoptr(GFile) to = g_file_new_for_path (head_path);
      double t0;

      check (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error), error);
      head = kp_store_open (head_path, &error);
      check (head != NULL, error);
      bytes = 0;
      t0 = now ();
      for (guint i = 0; i < batches->len; i++)
        {
          g_autofree char *data = NULL;
          gsize length;
          g_auto(KpImportOutcome) outcome = { 0 };

          check (kp_batch_read_file (batches->pdata[i], &data, &length, &error), error);
          check (kp_store_import_batch (head, data, length, batches->pdata[i], "bench", &outcome, &error), error);
          if (outcome.entered != N_BALLOTS || outcome.already)
            g_error ("batch %u: %u ballots", i + 1, outcome.entered);
          bytes += length;
        }
      best = MIN (best, now () - t0);
      if (r == 0)
        {
          g_autoptr(GString) report = g_string_new (NULL);
          t0 = now ();
          check (kp_store_verify (head, report, &error), error);
          verify = now () - t0;
        }
      kp_store_close (head);
    }
  printf ("import, in-process: 6 batches of %u ballots × %u names (%.1f MB): best %.0f ms (target < 1000 ms)\n",
          N_BALLOTS, N_NAMES, bytes / 1e6, best * 1e3);
  printf ("journal --verify of the head file after the import (replays and re-checks the six batches): %.0f ms\n",
          verify * 1e3);

  if (cli != NULL)
    for (int r = 0; r < 3; r++)
      {
        g_autoptr(GFile) from = g_file_new_for_path (enrolled);
        g_autoptr(GFile) to = g_file_new_for_path (head_path);
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        g_autoptr(GSubprocess) p = NULL;
        double t0;

        check (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error), error);
        g_ptr_array_add (args, (char *) cli);
        g_ptr_array_add (args, (char *) "import");
        g_ptr_array_add (args, head_path);
        for (guint i = 0; i < batches->len; i++)
          g_ptr_array_add (args, batches->pdata[i]);
        g_ptr_array_add (args, NULL);
        t0 = now ();
        p = g_subprocess_newv ((const char *const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
        check (p != NULL && g_subprocess_wait_check (p, NULL, &error), error);
        best_cli = MIN (best_cli, now () - t0);
      }
  if (cli != NULL)
    printf ("kiemphieu-cli import (whole command) of the six batches: best %.0f ms\n", best_cli * 1e3);

  /* Clean up, unless the folder was given (to look at the files). */
  if (keep)
    return 0;
  {
    g_autoptr(GDir) d = g_dir_open (usb, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (usb, name, NULL);
        g_unlink (p);
      }
    g_rmdir (usb);
  }
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
  return 0;
}
