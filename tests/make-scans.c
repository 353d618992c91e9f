/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * make-scans — writes generated scans of a congress file's ballots, with
 * the truth beside each (tests/kp-scan-gen.c): for trying `kiemphieu-cli
 * scan` and the app on realistic images without a scanner.
 *
 *   make-scans C.kiemphieu --election ID --to DIR [--count N] [--dpi D]
 *              [--paper A4|A5] [--clean] [--seed S]
 *
 * DIR gets NNNN-P.jpg (page P of ballot NNNN) and NNNN.json, the truth:
 * {"rows":"SKKD…"} — S struck, K kept, D a mark for a person; for the
 * agree/disagree form Y, N, B, 0 or D per row — and "doubtful" when a
 * name was added in the margin.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "kp-documents.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"
#include "kp-store.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *election_id = NULL;
  g_autofree char *to = NULL;
  g_autofree char *paper_text = NULL;
  int count = 10, dpi = 200;
  gint64 seed = 1;
  gboolean clean = FALSE;
  GOptionEntry entries[] = {
    { "election", 0, 0, G_OPTION_ARG_STRING, &election_id, "Election", "ID" },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "Folder to write", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Ballots (default 10)", "N" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution (default 200)", "D" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, "A4 or A5 (default: as printed by default)", "A4|A5" },
    { "clean", 0, 0, G_OPTION_ARG_NONE, &clean, "Only strokes across whole names", NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "First seed (default 1)", "S" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — generated scans of its ballots");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpBallotLayout) layout = NULL;
  g_autoptr(KpGen) gen = NULL;
  KpPaper paper = KP_PAPER_AUTO;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || election_id == NULL || to == NULL)
    {
      fprintf (stderr, "%s\n", error ? error->message : "give C.kiemphieu, --election and --to");
      return 1;
    }
  if (paper_text != NULL)
    paper = g_ascii_strcasecmp (paper_text, "A5") == 0 ? KP_PAPER_A5 : KP_PAPER_A4;
  store = kp_store_open (argv[1], &error);
  election = store ? kp_store_get_election (store, election_id, 0, &error) : NULL;
  layout = election ? kp_documents_ballot_layout (kp_store_get_congress (store), election, paper, &error) : NULL;
  gen = layout ? kp_gen_new (layout, &error) : NULL;
  if (gen == NULL || g_mkdir_with_parents (to, 0755) != 0)
    {
      fprintf (stderr, "make-scans: %s\n", error ? error->message : to);
      return 2;
    }
  for (int b = 0; b < count; b++)
    {
      KpGenOptions o = { dpi, 0.25, clean, TRUE, FALSE, FALSE, TRUE };
      g_autoptr(KpGenBallot) ballot = NULL;
      g_autofree char *truth_name = g_strdup_printf ("%04d.json", b + 1);
      g_autofree char *truth_path = g_build_filename (to, truth_name, NULL);
      g_autofree char *first = g_strdup_printf ("%04d-1.jpg", b + 1);
      g_autofree char *truth = NULL;

      if (!clean)
        o.added_name = b % 10 == 9;
      ballot = kp_gen_ballot (gen, (guint64) seed + b, &o);
      for (guint p = 0; p < ballot->pages->len; p++)
        {
          g_autofree char *name = g_strdup_printf ("%04d-%u.jpg", b + 1, p + 1);
          g_autofree char *path = g_build_filename (to, name, NULL);
          GBytes *bytes = ballot->pages->pdata[p];
          g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
        }
      truth = kp_gen_truth_json (ballot, layout, first);
      g_file_set_contents (truth_path, truth, -1, NULL);
    }
  printf ("%s: %d ballots of %s (%u pages each) at %d dpi\n", to, count, election_id, layout->pages, dpi);
  return 0;
}
