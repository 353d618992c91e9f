/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-tally — how fast the engine counts (issue #2 targets):
 *
 *   (a) engine-only tally time per ballot (packed path and KpBallot path),
 *       target < 100 ns per ballot at 200 names;
 *   (b) that time as a ratio to a plain sequential read of the same packed
 *       ballot data (the memory-bandwidth limit), target within 3×;
 *   (c) the whole `kiemphieu-cli tally` on a national election (1,600 ballots
 *       × 200 names), target < 50 ms.
 *
 * Usage: bench-tally [PATH-TO-kiemphieu-cli] [--quick]
 * Elections are generated here with a fixed seed; nothing is read from disk
 * but (c)'s own files, written to a temporary folder.
 */

#include <glib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kp-tally.h"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static guint64 rng_state = 0x9E3779B97F4A7C15ull;

static guint64
rng (void)
{
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

static KpElection *
make_election (guint n,
               guint seats,
               guint base)
{
  KpElection *election = kp_election_new ("bench", seats);

  election->convened = election->base = base;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Ứng Cử Viên %u", i + 1);
      g_ptr_array_add (election->candidates, kp_candidate_new (i + 1, name, NULL));
    }
  return election;
}

/* Packed kept-sets: each name kept with probability 3/4, then trimmed to
 * the seats so most ballots are valid; about 1 in 64 is over-voted. */
static guint64 *
make_packed (guint n,
             guint seats,
             guint count)
{
  guint words = KP_BALLOT_WORDS (n);
  guint64 *data = g_new (guint64, (gsize) words * count);
  guint64 last_mask = n % 64 ? (G_GUINT64_CONSTANT (1) << (n % 64)) - 1 : ~G_GUINT64_CONSTANT (0);

  for (guint b = 0; b < count; b++)
    {
      guint64 *v = data + (gsize) b * words;
      guint kept = 0;

      for (guint w = 0; w < words; w++)
        {
          v[w] = rng () | rng ();
          if (w == words - 1)
            v[w] &= last_mask;
          kept += __builtin_popcountll (v[w]);
        }
      if ((rng () & 63) != 0)
        for (guint w = 0; w < words && kept > seats; w++)
          while (v[w] && kept > seats)
            {
              v[w] &= v[w] - 1;
              kept--;
            }
    }
  return data;
}

static double
read_all (const guint64 *data,
          gsize          n_words)
{
  volatile guint64 sink;
  guint64 acc = 0;
  double t0 = now ();

  for (gsize i = 0; i < n_words; i++)
    acc ^= data[i];
  sink = acc;
  (void) sink;
  return now () - t0;
}

static double
best_of (int      runs,
         double (*fn) (gpointer),
         gpointer data)
{
  double best = 1e9;
  for (int i = 0; i < runs; i++)
    best = MIN (best, fn (data));
  return best;
}

typedef struct
{
  KpElection *election;
  guint64 *packed;
  guint count;
  GPtrArray *ballots;
} Case;

static double
run_packed (gpointer data)
{
  Case *c = data;
  g_autoptr(KpTally) tally = kp_tally_new (c->election);
  double t0 = now ();

  kp_tally_add_kept_many (tally, c->packed, c->count);
  kp_result_free (kp_tally_get_result (tally));
  return now () - t0;
}

static double
run_ballots (gpointer data)
{
  Case *c = data;
  g_autoptr(KpTally) tally = kp_tally_new (c->election);
  double t0 = now ();

  for (guint b = 0; b < c->ballots->len; b++)
    kp_tally_add (tally, c->ballots->pdata[b]);
  kp_result_free (kp_tally_get_result (tally));
  return now () - t0;
}

static double
run_read (gpointer data)
{
  Case *c = data;
  return read_all (c->packed, (gsize) KP_BALLOT_WORDS (c->election->candidates->len) * c->count);
}

static void
bench_engine (guint n,
              guint count,
              gboolean with_ballots)
{
  Case c = { 0 };
  guint seats = n * 9 / 10;
  double packed, read, by_ballot = 0;

  c.election = make_election (n, seats, count);
  c.count = count;
  c.packed = make_packed (n, seats, count);

  if (with_ballots)
    {
      guint words = KP_BALLOT_WORDS (n);
      c.ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
      for (guint b = 0; b < count; b++)
        {
          KpBallot *ballot = kp_ballot_new_strike (b + 1, n);
          for (guint w = 0; w < words; w++)
            ballot->struck[w] = ~c.packed[(gsize) b * words + w];
          if (n % 64)
            ballot->struck[words - 1] &= (G_GUINT64_CONSTANT (1) << (n % 64)) - 1;
          g_ptr_array_add (c.ballots, ballot);
        }
      by_ballot = best_of (3, run_ballots, &c);
    }

  packed = best_of (5, run_packed, &c);
  read = best_of (5, run_read, &c);

  printf ("(a) %8u ballots × %3u names: packed %6.1f ns/ballot", count, n, packed / count * 1e9);
  if (with_ballots)
    printf (", KpBallot %6.1f ns/ballot", by_ballot / count * 1e9);
  printf ("\n(b) %8u ballots × %3u names: read %6.1f ns/ballot (%5.1f GB/s); tally/read = %.2f×\n",
          count, n, read / count * 1e9,
          (double) KP_BALLOT_WORDS (n) * 8 * count / read / 1e9, packed / read);

  if (c.ballots)
    g_ptr_array_unref (c.ballots);
  g_free (c.packed);
  kp_election_free (c.election);
}

/* (c): write a national election and time the whole command. */
static void
bench_cli (const char *cli,
           int         runs)
{
  const guint n = 200, seats = 180, count = 1600;
  g_autofree char *dir = g_dir_make_tmp ("kp-bench-XXXXXX", NULL);
  g_autofree char *def_path = g_build_filename (dir, "national.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "national.csv", NULL);
  g_autoptr(GString) def = g_string_new (NULL);
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n");
  g_autofree guint64 *packed = make_packed (n, seats, count);
  double best = 1e9, total = 0;

  g_string_append (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                        "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                        "\"kind\":\"delegates\",\"convened\":1587},\"elections\":[{\"id\":\"bch\","
                        "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                        "\"candidates\":[");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");

  for (guint b = 0; b < count; b++)
    {
      gboolean first = TRUE;
      g_string_append_printf (csv, "%u,", b + 1);
      for (guint i = 0; i < n; i++)
        if (!((packed[(gsize) b * 4 + i / 64] >> (i % 64)) & 1))
          {
            g_string_append_printf (csv, first ? "%u" : " %u", i + 1);
            first = FALSE;
          }
      g_string_append (csv, ",,\n");
    }
  g_file_set_contents (def_path, def->str, def->len, NULL);
  g_file_set_contents (csv_path, csv->str, csv->len, NULL);

  for (int r = 0; r < runs; r++)
    {
      const char *argv[] = { cli, "tally", "--definition", def_path, "--ballots", csv_path, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) p = NULL;
      double t0 = now (), t;

      p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
      if (p == NULL || !g_subprocess_wait_check (p, NULL, &error))
        g_error ("%s: %s", cli, error->message);
      t = now () - t0;
      best = MIN (best, t);
      total += t;
    }
  printf ("(c) kiemphieu-cli tally, 1,600 ballots × 200 names (CSV %.0f KiB): best %.1f ms, mean %.1f ms over %d runs\n",
          csv->len / 1024.0, best * 1e3, total / runs * 1e3, runs);

  g_unlink (def_path);
  g_unlink (csv_path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  const char *cli = NULL;
  gboolean quick = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--quick") == 0)
        quick = TRUE;
      else
        cli = argv[i];
    }

  bench_engine (200, 1600, TRUE);
  bench_engine (200, quick ? 100000 : 1000000, TRUE);
  bench_engine (500, quick ? 100000 : 1000000, FALSE);
  if (cli != NULL)
    bench_cli (cli, quick ? 5 : 30);
  return 0;
}
