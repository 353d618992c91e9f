/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-scan — recognising scanned ballots (issue 15 targets):
 *
 *   (a) ballots per second on one core at 200 dpi for the national ballot
 *       (199 names on two pages, as bench-tally makes it), decoding the
 *       JPEG included; target ≥ 5;
 *   (b) the share of rows sent to a person, on clean pen strokes (every
 *       stroke across the whole name) and on the mixed set (partial
 *       strokes, strokes from the neighbouring row, circled names, names
 *       added in the margin); target ≤ 1 % on clean strokes;
 *   (c) confident misreads — a row read struck or kept, or a ballot read
 *       as clean, against the truth; target 0.
 *
 * Usage: bench-scan [--ballots N] [--dpi D] [--features FILE]
 * Default 500 ballots (250 clean, 250 mixed). Scans are generated
 * (tests/kp-scan-gen.c, fixed seeds); generating is not timed.
 * --features writes every row's measures with its truth (to measure the
 * thresholds in core/kp-scan.c and core/kp-scan-rows.c).
 */

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static KpCongress *
national (void)
{
  g_autoptr(GString) def = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  KpCongress *congress;

  g_string_append (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                        "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                        "\"kind\":\"delegates\",\"convened\":1587},\"elections\":[{\"id\":\"bch\","
                        "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                        "\"candidates\":[");
  for (guint i = 0; i < 199; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  congress = kp_definition_load_data (def->str, def->len, "national.json", &error);
  g_assert_no_error (error);
  return congress;
}

typedef struct
{
  guint ballots, rows, doubtful_rows, misreads, ballot_misreads, refused;
  guint doubt_truth, doubt_caught;
  double seconds;
} Tally;

static guint64 only = 0;
static char *save_dir = NULL;

static void
run_set (KpScanner            *scanner,
         KpGen                *gen,
         const KpBallotLayout *layout,
         guint                 count,
         guint64               seed0,
         guint                 dpi,
         gboolean              clean,
         FILE                 *features,
         Tally                *t)
{
  for (guint b = 0; b < count; b++)
    {
      KpGenOptions o = { dpi, 0.12, clean, TRUE, FALSE, FALSE, TRUE };
      g_autoptr(KpGenBallot) ballot = NULL;
      gboolean flagged = FALSE;
      double t0;

      if (only != 0 && seed0 + b != only)
        continue;
      if (!clean)
        {
          o.added_name = b % 10 == 3;
          o.upside_down = b % 10 == 7;
        }
      ballot = kp_gen_ballot (gen, seed0 + b, &o);
      if (save_dir != NULL)
        for (guint p = 0; p < ballot->pages->len; p++)
          {
            g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT "-%u.jpg", seed0 + b, p + 1);
            g_autofree char *path = g_build_filename (save_dir, name, NULL);
            g_autofree char *truth_name = g_strdup_printf ("%" G_GUINT64_FORMAT ".json", seed0 + b);
            g_autofree char *truth_path = g_build_filename (save_dir, truth_name, NULL);
            g_autofree char *truth = kp_gen_truth_json (ballot, layout, name);
            GBytes *bytes = ballot->pages->pdata[p];

            g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
            g_file_set_contents (truth_path, truth, -1, NULL);
          }
      t0 = now ();
      for (guint p = 0; p < ballot->pages->len; p++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (ballot->pages->pdata[p], "bench", &error);
          g_autoptr(KpScanImage) image = source ? kp_scan_source_read_page (source, 0, &error) : NULL;
          g_autoptr(KpScanPage) page = image ? kp_scanner_read (scanner, image, &error) : NULL;

          if (page == NULL)
            {
              fprintf (stderr, "ballot %" G_GUINT64_FORMAT " page %u refused: %s\n", seed0 + b, p + 1, error->message);
              t->refused++;
              continue;
            }
          flagged |= page->unplaced;
          for (guint r = 0; r < page->rows->len; r++)
            {
              const KpScanRow *row = &g_array_index (page->rows, KpScanRow, r);
              char truth = ballot->truth[row->no - 1];
              gboolean wrong;

              t->rows++;
              t->doubtful_rows += row->decision == KP_SCAN_DOUBTFUL;
              if (layout->form == KP_BALLOT_FORM_YESNO)
                wrong = row->decision != KP_SCAN_DOUBTFUL && (truth == 'D' || row->marks != truth);
              else
                wrong = (truth == KP_GEN_KEPT && row->decision == KP_SCAN_STRUCK)
                        || (truth == KP_GEN_STRUCK && row->decision == KP_SCAN_KEPT)
                        || (truth == KP_GEN_DOUBT && row->decision != KP_SCAN_DOUBTFUL);
              t->doubt_truth += truth == KP_GEN_DOUBT;
              t->doubt_caught += truth == KP_GEN_DOUBT && row->decision == KP_SCAN_DOUBTFUL;
              if (wrong)
                {
                  t->misreads++;
                  fprintf (stderr, "MISREAD ballot %u (seed %" G_GUINT64_FORMAT ") row %u: truth %c, read %d "
                           "(coverage %.2f, stray %.2f mm²)\n", b, seed0 + b, row->no, truth, row->decision,
                           row->coverage, row->stray);
                }
              if (features)
                fprintf (features, "%s\t%c\t%d\t%.3f\t%.3f\t%" G_GUINT64_FORMAT "\t%u\n", clean ? "clean" : "mixed",
                         truth, row->decision, row->coverage, row->stray, seed0 + b, row->no);
            }
          if (features)
            fprintf (features, "%s\tballot%c\t%d\t%.3f\t0\t%" G_GUINT64_FORMAT "\t%u\n", clean ? "clean" : "mixed",
                     ballot->doubtful ? 'D' : 'K', page->unplaced, page->unplaced_mm2, seed0 + b, p + 1);
        }
      t->seconds += now () - t0;
      t->ballots++;
      if (ballot->doubtful && !flagged)
        {
          t->ballot_misreads++;
          fprintf (stderr, "MISREAD ballot %" G_GUINT64_FORMAT ": a name added in the margin was not seen\n", seed0 + b);
        }
      if (!ballot->doubtful && flagged && !clean)
        fprintf (stderr, "note: ballot %" G_GUINT64_FORMAT " flagged doubtful without added ink\n", seed0 + b);
    }
}

static void
report (const char  *name,
        const Tally *t)
{
  printf ("%-6s %4u ballots: %.2f ballots/s on one core (%.1f ms each); rows to a person %u of %u (%.2f %%); "
          "confident misreads %u rows, %u ballots; refused %u pages",
          name, t->ballots, t->ballots / t->seconds, t->seconds / t->ballots * 1000, t->doubtful_rows, t->rows,
          100.0 * t->doubtful_rows / MAX (1, t->rows), t->misreads, t->ballot_misreads, t->refused);
  if (t->doubt_truth)
    printf ("; marks for a person (partial, circled) %u, all doubtful: %s", t->doubt_truth,
            t->doubt_caught == t->doubt_truth ? "yes" : "NO");
  printf ("\n");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(KpCongress) congress = national ();
  const KpElection *election = g_ptr_array_index (congress->elections, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpScanner) scanner = NULL;
  g_autoptr(KpGen) gen = NULL;
  const KpBallotLayout *layout;
  int ballots = 500, dpi = 200;
  g_autofree char *features_path = NULL;
  FILE *features = NULL;
  GOptionEntry entries[] = {
    { "ballots", 0, 0, G_OPTION_ARG_INT, &ballots, "Ballots (half clean, half mixed)", "N" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution of the scans", "D" },
    { "features", 0, 0, G_OPTION_ARG_FILENAME, &features_path, "Write every row's measures here", "FILE" },
    { "only", 0, 0, G_OPTION_ARG_INT64, &only, "Only the ballot of this seed", "SEED" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_dir, "Also write the scans and their truth here", "DIR" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— recognising scanned ballots");
  Tally clean = { 0 }, mixed = { 0 };
  double t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (features_path)
    features = fopen (features_path, "w");

  t0 = now ();
  scanner = kp_scanner_new (congress, election, &error);
  g_assert_no_error (error);
  layout = kp_scanner_get_layout (scanner, KP_PAPER_A4, &error);
  g_assert_no_error (error);
  printf ("national ballot: %u names on %u pages at %d dpi; layouts made in %.0f ms\n", layout->rows->len,
          layout->pages, dpi, (now () - t0) * 1000);
  gen = kp_gen_new (layout, &error);
  g_assert_no_error (error);

  /* The reference rendering is made once per resolution: not counted. */
  run_set (scanner, gen, layout, 1, 999, dpi, TRUE, NULL, &(Tally) { 0 });

  run_set (scanner, gen, layout, (guint) (ballots + 1) / 2, 1000, dpi, TRUE, features, &clean);
  run_set (scanner, gen, layout, (guint) ballots / 2, 500000, dpi, FALSE, features, &mixed);
  report ("clean", &clean);
  report ("mixed", &mixed);
  if (features)
    fclose (features);
  return clean.misreads + mixed.misreads + clean.ballot_misreads + mixed.ballot_misreads > 0 ? 1 : 0;
}
