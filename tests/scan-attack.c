/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan-attack — reads adversarial generated scans (KpGenAttack in
 * tests/kp-scan-gen.c: ticks, crosses, circles, short strokes, light
 * pencil, highlighter, double strokes, strokes that wander into the next
 * row, scribbled-out strokes, blots, fold lines, 100 and 600 dpi, 5° and
 * 8° turns, a cut corner, red and green pens, photocopies; on the
 * agree/disagree form an X between both boxes and a scribbled-out X) and
 * counts, per case, rows read right, rows left to a person, and confident
 * misreads — a row read struck or kept (or a box marked) against the
 * truth, without doubt: a silent wrong count.
 *
 *   scan-attack [--ballots N] [--case NAME] [--seed S] [--save DIR] [--verbose]
 *
 * Bounded: N ballots per case (default 10) of an 18-name A5 strike ballot
 * and a 5-name agree/disagree ballot. Exit 1 when anything is misread.
 */

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"

static const char *names[] = { "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Văn Cường", "Phạm Thị Dung",
                               "Hoàng Văn Em", "Vũ Đức Giang", "Đặng Thị Hà", "Bùi Văn Hùng",
                               "Đỗ Thị Lan Anh", "Hồ Văn Khánh", "Ngô Thị Liên", "Dương Văn Minh",
                               "Lý Thị Nga", "Mai Văn Phúc", "Trịnh Thị Quyên", "Đinh Văn Sơn",
                               "Tạ Thị Thu", "Lương Văn Vinh" };

static KpCongress *
congress (guint seats,
          guint n)
{
  g_autoptr(GString) def = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  KpCongress *c;

  g_string_append_printf (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"ĐẢNG BỘ XÃ A\","
                               "\"name\":\"ĐẠI HỘI ĐẢNG BỘ XÃ A\",\"kind\":\"members\",\"convened\":90},"
                               "\"elections\":[{\"id\":\"e\",\"title\":\"Bầu Ban Chấp hành\",\"body\":\"committee\","
                               "\"seats\":%u,\"candidates\":[", seats);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"%s\"}", i ? "," : "", i + 1, names[i]);
  g_string_append (def, "]}]}");
  c = kp_definition_load_data (def->str, def->len, "attack.json", &error);
  g_assert_no_error (error);
  return c;
}

typedef struct
{
  guint ballots, rows, right, doubtful, misread, refused, marked, marked_right;
} Tally;

static gboolean verbose = FALSE;
static char *save_dir = NULL;

static void
run_case (KpScanner            *scanner,
          KpGen                *gen,
          const KpBallotLayout *layout,
          KpGenAttack           attack,
          guint                 dpi,
          guint                 n,
          guint64               seed0,
          Tally                *t)
{
  for (guint b = 0; b < n; b++)
    {
      KpGenOptions o = { dpi, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE, attack };
      g_autoptr(KpGenBallot) ballot = kp_gen_ballot (gen, seed0 + b, &o);

      t->ballots++;
      for (guint p = 0; p < ballot->pages->len && save_dir != NULL; p++)
        {
          g_autofree char *name = g_strdup_printf ("%s/%s-%" G_GUINT64_FORMAT "-%u.jpg", save_dir,
                                                   kp_gen_attack_name (attack), seed0 + b, p + 1);
          g_file_set_contents (name, g_bytes_get_data (ballot->pages->pdata[p], NULL),
                               g_bytes_get_size (ballot->pages->pdata[p]), NULL);
        }
      for (guint p = 0; p < ballot->pages->len; p++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (ballot->pages->pdata[p], "attack", &error);
          g_autoptr(KpScanImage) image = source ? kp_scan_source_read_page (source, 0, &error) : NULL;
          g_autoptr(KpScanPage) page = image ? kp_scanner_read (scanner, image, &error) : NULL;

          if (page == NULL)
            {
              if (verbose)
                fprintf (stderr, "  seed %" G_GUINT64_FORMAT ": refused: %s\n", seed0 + b, error->message);
              t->refused++;
              continue;
            }
          for (guint r = 0; r < page->rows->len; r++)
            {
              const KpScanRow *row = &g_array_index (page->rows, KpScanRow, r);
              char truth = ballot->truth[row->no - 1];
              gboolean wrong, right;

              if (layout->form == KP_BALLOT_FORM_YESNO)
                {
                  wrong = row->decision != KP_SCAN_DOUBTFUL && (truth == 'D' || row->marks != truth);
                  right = truth == 'D' ? row->decision == KP_SCAN_DOUBTFUL : row->decision != KP_SCAN_DOUBTFUL && !wrong;
                }
              else
                {
                  wrong = (truth == KP_GEN_KEPT && row->decision == KP_SCAN_STRUCK)
                          || (truth == KP_GEN_STRUCK && row->decision == KP_SCAN_KEPT)
                          || (truth == KP_GEN_DOUBT && row->decision != KP_SCAN_DOUBTFUL);
                  right = truth == KP_GEN_DOUBT ? row->decision == KP_SCAN_DOUBTFUL
                          : row->decision == (truth == KP_GEN_STRUCK ? KP_SCAN_STRUCK : KP_SCAN_KEPT);
                }
              t->rows++;
              t->right += right;
              t->doubtful += !right && !wrong;
              t->misread += wrong;
              /* The rows the attack drew on (for row attacks). */
              if (attack >= KP_GEN_ATTACK_TICK && attack <= KP_GEN_ATTACK_BLOT ? truth == 'D' || (truth == 'S' && (attack == KP_GEN_ATTACK_PENCIL || attack == KP_GEN_ATTACK_DOUBLE)) : attack >= KP_GEN_ATTACK_BETWEEN && truth == 'D')
                {
                  t->marked++;
                  t->marked_right += right;
                }
              if (wrong)
                fprintf (stderr, "  MISREAD %s seed %" G_GUINT64_FORMAT " row %u: truth %c, read %s%c (coverage %.2f, "
                         "stray %.2f mm²)\n", kp_gen_attack_name (attack), seed0 + b, row->no, truth,
                         row->decision == KP_SCAN_STRUCK ? "struck" : row->decision == KP_SCAN_KEPT ? "kept" : "doubtful",
                         layout->form == KP_BALLOT_FORM_YESNO ? row->marks : ' ', row->coverage, row->stray);
            }
        }
    }
}

int
main (int    argc,
      char **argv)
{
  int ballots = 10;
  gint64 seed = 1;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "ballots", 0, 0, G_OPTION_ARG_INT, &ballots, "Ballots per case (default 10)", "N" },
    { "case", 0, 0, G_OPTION_ARG_STRING, &only, "Only this case", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "First seed (default 1)", "S" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_dir, "Also write the scans here", "DIR" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Say why sheets are refused", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— adversarial scans, counted");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) strike = congress (15, 18);
  g_autoptr(KpCongress) yesno = congress (5, 5);
  g_autoptr(KpScanner) strike_scanner = NULL;
  g_autoptr(KpScanner) yesno_scanner = NULL;
  g_autoptr(KpGen) strike_gen = NULL;
  g_autoptr(KpGen) yesno_gen = NULL;
  const KpBallotLayout *strike_layout, *yesno_layout;
  guint misreads = 0;
  struct { const char *name; KpGenAttack attack; guint dpi; } cases[] = {
    { "plain", KP_GEN_ATTACK_NONE, 200 },
    { "tick", KP_GEN_ATTACK_TICK, 200 },
    { "x", KP_GEN_ATTACK_X, 200 },
    { "circle", KP_GEN_ATTACK_CIRCLE, 200 },
    { "short", KP_GEN_ATTACK_SHORT, 200 },
    { "number", KP_GEN_ATTACK_NUMBER, 200 },
    { "pencil", KP_GEN_ATTACK_PENCIL, 200 },
    { "highlight", KP_GEN_ATTACK_HIGHLIGHT, 200 },
    { "double", KP_GEN_ATTACK_DOUBLE, 200 },
    { "wander", KP_GEN_ATTACK_WANDER, 200 },
    { "scribble", KP_GEN_ATTACK_SCRIBBLE, 200 },
    { "blot", KP_GEN_ATTACK_BLOT, 200 },
    { "fold", KP_GEN_ATTACK_FOLD, 200 },
    { "dpi100", KP_GEN_ATTACK_NONE, 100 },
    { "dpi600", KP_GEN_ATTACK_NONE, 600 },
    { "rotate5", KP_GEN_ATTACK_ROTATE5, 200 },
    { "rotate8", KP_GEN_ATTACK_ROTATE8, 200 },
    { "corner", KP_GEN_ATTACK_CORNER, 200 },
    { "colour", KP_GEN_ATTACK_COLOUR, 200 },
    { "photocopy", KP_GEN_ATTACK_PHOTOCOPY, 200 },
    { "between", KP_GEN_ATTACK_BETWEEN, 200 },
    { "corrected", KP_GEN_ATTACK_CORRECTED, 200 },
    { "yesno-fold", KP_GEN_ATTACK_FOLD, 200 },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  strike_scanner = kp_scanner_new (strike, g_ptr_array_index (strike->elections, 0), &error);
  g_assert_no_error (error);
  yesno_scanner = kp_scanner_new (yesno, g_ptr_array_index (yesno->elections, 0), &error);
  g_assert_no_error (error);
  strike_layout = kp_scanner_get_layout (strike_scanner, KP_PAPER_A5, &error);
  g_assert_no_error (error);
  yesno_layout = kp_scanner_get_layout (yesno_scanner, KP_PAPER_A5, &error);
  g_assert_no_error (error);
  strike_gen = kp_gen_new (strike_layout, &error);
  yesno_gen = kp_gen_new (yesno_layout, &error);

  printf ("%-10s %7s %6s %6s %8s %8s %7s %s\n", "case", "ballots", "rows", "right", "doubtful", "MISREAD", "refused",
          "attacked rows right");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gboolean yn = cases[c].attack >= KP_GEN_ATTACK_BETWEEN || g_str_has_prefix (cases[c].name, "yesno");
      Tally t = { 0 };

      if (only != NULL && !g_str_equal (only, cases[c].name))
        continue;
      run_case (yn ? yesno_scanner : strike_scanner, yn ? yesno_gen : strike_gen, yn ? yesno_layout : strike_layout,
                cases[c].attack, cases[c].dpi, (guint) ballots, (guint64) seed + 1000 * c, &t);
      printf ("%-10s %7u %6u %6u %8u %8u %7u %u/%u\n", cases[c].name, t.ballots, t.rows, t.right, t.doubtful, t.misread,
              t.refused, t.marked_right, t.marked);
      fflush (stdout);
      misreads += t.misread;
    }
  return misreads > 0 ? 1 : 0;
}
