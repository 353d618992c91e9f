/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-store — the congress file (issue #3 targets):
 *
 *   per-ballot durable commit latency, p50 and p99, national election
 *   (1,600 ballots × 200 names), target p99 < 10 ms;
 *   bulk import in one transaction, target ≥ 20,000 ballots/s;
 *   `results` on 1,600 × 200, target < 50 ms (in-process and whole command).
 *
 * Usage: bench-store [PATH-TO-kiemphieu-cli] [--dir DIR]
 * The congress files go to DIR (default: a new folder under /var/tmp, on
 * the real disk, so fsync costs what it costs).
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kp-store.h"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static char *
national_definition (guint n_names)
{
  GString *def = g_string_new ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                               "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                               "\"kind\":\"delegates\",\"convened\":1587,\"present\":1586},\"elections\":[{\"id\":\"bch\","
                               "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                               "\"issued\":1600,\"candidates\":[");
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  return g_string_free (def, FALSE);
}

static KpBallot *
make_ballot (GRand *rand,
             guint  serial,
             guint  n_names)
{
  KpBallot *ballot = kp_ballot_new_strike (serial, n_names);
  guint struck = 0;

  while (struck < 20 + (guint) g_rand_int_range (rand, 0, 30))
    {
      guint no = g_rand_int_range (rand, 1, n_names + 1);
      if (!kp_ballot_is_struck (ballot, no))
        {
          kp_ballot_strike (ballot, no);
          struck++;
        }
    }
  return ballot;
}

static KpStore *
create (const char *dir,
        const char *name,
        guint       n_names)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *def = national_definition (n_names);
  g_autoptr(GError) error = NULL;
  KpStore *store = kp_store_create (path, def, strlen (def), "national.json", "bench", &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

int
main (int    argc,
      char **argv)
{
  const char *cli = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1586);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStore) bulk = NULL;
  g_autofree double *latency = g_new (double, 1600);
  double t0, elapsed, best = 1e9;
  const guint n_bulk = 100000;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir = g_strdup (argv[++i]);
      else
        cli = argv[i];
    }
  if (dir == NULL)
    {
      dir = g_strdup ("/var/tmp/kp-bench-XXXXXX");
      if (g_mkdtemp (dir) == NULL)
        g_error ("cannot make a folder in /var/tmp");
    }

  /* Per-ballot durable commits. */
  store = create (dir, "national.kiemphieu", 200);
  for (guint s = 1; s <= 1600; s++)
    {
      g_autoptr(KpBallot) ballot = make_ballot (rand, s, 200);

      t0 = now ();
      if (!kp_store_enter (store, "bch", 0, 'A', "bench", ballot, &error))
        g_error ("%s", error->message);
      latency[s - 1] = now () - t0;
    }
  qsort (latency, 1600, sizeof (double), compare_doubles);
  printf ("per-ballot commit (WAL, synchronous=FULL), 1,600 ballots × 200 names: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          latency[799] * 1e3, latency[1583] * 1e3, latency[1599] * 1e3);

  /* results, in-process. */
  for (int r = 0; r < 10; r++)
    {
      g_autoptr(KpResult) result = NULL;
      g_autoptr(GPtrArray) checks = NULL;

      t0 = now ();
      result = kp_store_results (store, "bch", 0, &checks, &error);
      if (result == NULL)
        g_error ("%s", error->message);
      best = MIN (best, now () - t0);
    }
  printf ("results (in-process, with R-RECON-1 checks), 1,600 × 200: best %.1f ms\n", best * 1e3);

  if (cli != NULL)
    {
      g_autofree char *path = g_build_filename (dir, "national.kiemphieu", NULL);
      best = 1e9;
      for (int r = 0; r < 10; r++)
        {
          const char *args[] = { cli, "results", path, "--election", "bch", NULL };
          g_autoptr(GSubprocess) p = NULL;

          t0 = now ();
          p = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
          if (p == NULL || !g_subprocess_wait_check (p, NULL, &error))
            g_error ("%s", error->message);
          best = MIN (best, now () - t0);
        }
      printf ("kiemphieu-cli results (whole command: open, check, count), 1,600 × 200: best %.1f ms\n", best * 1e3);
    }

  /* Bulk import, one transaction. */
  bulk = create (dir, "bulk.kiemphieu", 200);
  {
    g_autoptr(GPtrArray) ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
    for (guint s = 1; s <= n_bulk; s++)
      g_ptr_array_add (ballots, make_ballot (rand, s, 200));
    t0 = now ();
    if (!kp_store_begin_bulk (bulk, &error))
      g_error ("%s", error->message);
    for (guint s = 0; s < n_bulk; s++)
      if (!kp_store_enter (bulk, "bch", 0, 'A', "bench", ballots->pdata[s], &error))
        g_error ("%s", error->message);
    if (!kp_store_commit_bulk (bulk, &error))
      g_error ("%s", error->message);
    elapsed = now () - t0;
  }
  printf ("bulk import, one transaction: %u ballots in %.2f s = %.0f ballots/s\n", n_bulk, elapsed,
          n_bulk / elapsed);

  /* The minutes of a national election: 1,600 ballots × 230 names. */
  {
    g_autoptr(KpStore) big = create (dir, "minutes.kiemphieu", 230);
    g_autofree char *path = g_build_filename (dir, "minutes.kiemphieu", NULL);
    g_autofree char *pdf = g_build_filename (dir, "bienban.pdf", NULL);

    kp_store_begin_bulk (big, NULL);
    for (guint s = 1; s <= 1600; s++)
      {
        g_autoptr(KpBallot) ballot = make_ballot (rand, s, 230);
        if (!kp_store_enter (big, "bch", 0, 'A', "bench", ballot, &error))
          g_error ("%s", error->message);
      }
    kp_store_commit_bulk (big, NULL);
    if (cli != NULL)
      {
        best = 1e9;
        for (int r = 0; r < 5; r++)
          {
            const char *args[] = { cli, "minutes", path, "--election", "bch", "-o", pdf, NULL };
            g_autoptr(GSubprocess) p = NULL;

            t0 = now ();
            p = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
            if (p == NULL || !g_subprocess_wait_check (p, NULL, &error))
              g_error ("%s", error->message);
            best = MIN (best, now () - t0);
          }
        printf ("kiemphieu-cli minutes (whole command), 1,600 ballots × 230 names: best %.0f ms\n", best * 1e3);
      }
    g_unlink (pdf);
  }

  kp_store_close (g_steal_pointer (&store));
  kp_store_close (g_steal_pointer (&bulk));
  {
    const char *names[] = { "national.kiemphieu", "bulk.kiemphieu", "minutes.kiemphieu" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *p = g_build_filename (dir, names[i], NULL);
        g_autofree char *wal = g_strconcat (p, "-wal", NULL);
        g_autofree char *shm = g_strconcat (p, "-shm", NULL);
        g_unlink (p);
        g_unlink (wal);
        g_unlink (shm);
      }
    g_rmdir (dir);
  }
  return 0;
}
