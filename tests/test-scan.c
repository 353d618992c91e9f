/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-scan.c — scanned ballots: the ballots' geometry is where the PDF
 * draws them, the code is the same on every ballot, recognition never
 * reads a row wrongly with confidence on generated scans (150, 200 and
 * 300 dpi; strike and agree/disagree forms; A4 over two pages and A5),
 * sends few rows to a person, and refuses every sheet it must refuse with
 * its reason.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"
#include "test-util.h"

static KpCongress *
load_congress (const char *json)
{
  g_autoptr(GError) error = NULL;
  KpCongress *congress = kp_definition_load_data (json, strlen (json), "test.json", &error);

  g_assert_no_error (error);
  return congress;
}

static KpCongress *
demo (void)
{
  g_autofree char *path = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return load_congress (text);
}

/* 199 names, as the national congress: two A4 pages. */
static KpCongress *
national (void)
{
  g_autoptr(GString) def = g_string_new (NULL);

  g_string_append (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                        "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                        "\"kind\":\"delegates\",\"convened\":1587},\"elections\":[{\"id\":\"bch\","
                        "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                        "\"candidates\":[");
  for (guint i = 0; i < 199; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  return load_congress (def->str);
}

/* Five names for five seats: the agree/disagree form (R-FORM-2). */
static KpCongress *
yesno (void)
{
  return load_congress ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"ĐẢNG BỘ XÃ A\","
                        "\"name\":\"ĐẠI HỘI ĐẢNG BỘ XÃ A\",\"kind\":\"members\",\"convened\":40},\"elections\":[{"
                        "\"id\":\"ubkt\",\"title\":\"Bầu Ủy ban Kiểm tra\",\"body\":\"committee\",\"seats\":5,"
                        "\"candidates\":[{\"no\":1,\"name\":\"Nguyễn Văn An\"},{\"no\":2,\"name\":\"Trần Thị Bích\"},"
                        "{\"no\":3,\"name\":\"Lê Văn Cường\"},{\"no\":4,\"name\":\"Phạm Thị Dung\"},"
                        "{\"no\":5,\"name\":\"Hoàng Văn Em\"}]}]}");
}

static const KpElection *
election_of (KpCongress *congress,
             const char *id)
{
  const KpElection *e = kp_congress_find_election (congress, id);
  g_assert_nonnull (e);
  return e;
}

/* --- the printed geometry -------------------------------------------------- */

typedef struct
{
  guint page;
  double x0, y0, x1, y1;
  char *word;
} Word;

static void
word_free (Word *w)
{
  g_free (w->word);
  g_free (w);
}

/* Every word pdftotext finds, with its box in points. */
static GPtrArray *
pdf_words (GBytes *pdf)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "b.pdf", NULL);
  g_autofree char *html = g_build_filename (dir, "b.html", NULL);
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  GPtrArray *words = g_ptr_array_new_with_free_func ((GDestroyNotify) word_free);
  guint page = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
  run_tool (&run, "pdftotext", "-bbox", path, html, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (html, &text, NULL, NULL));
  for (char *p = text; (p = strstr (p, "<")) != NULL; p++)
    {
      if (g_str_has_prefix (p, "<page "))
        page++;
      else if (g_str_has_prefix (p, "<word "))
        {
          Word *w = g_new0 (Word, 1);
          char *end = strchr (p, '>'), *close = strstr (p, "</word>");
          g_assert_cmpint (sscanf (p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &w->x0, &w->y0, &w->x1,
                                   &w->y1), ==, 4);
          w->page = page - 1;
          w->word = g_strndup (end + 1, close - end - 1);
          g_ptr_array_add (words, w);
        }
    }
  return words;
}

static gboolean
inside (const KpRect *r,
        const Word   *w)
{
  return w->x0 >= r->x && w->x1 <= r->x + r->w && w->y0 >= r->y && w->y1 <= r->y + r->h;
}

/* Every row's rectangle holds its number and its name where the PDF put
 * them; the code is in its square on every page. */
static void
check_layout (const KpBallotLayout *layout,
              const KpElection     *election)
{
  g_autoptr(GPtrArray) words = pdf_words (layout->pdf);
  g_auto(GStrv) shown = kp_election_get_display_names (election);

  g_assert_cmpuint (layout->rows->len, ==, election->candidates->len);
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      g_autofree char *no = g_strdup_printf ("%u", row->no);
      g_auto(GStrv) name = g_strsplit (shown[i], " ", -1);
      gboolean number_seen = FALSE;
      guint name_seen = 0;

      g_assert_cmpuint (row->no, ==, i + 1);
      for (guint k = 0; k < words->len; k++)
        {
          const Word *w = words->pdata[k];
          if (w->page != row->page || !inside (&row->row, w))
            continue;
          if (inside (&row->number, w))
            {
              g_assert_cmpstr (w->word, ==, no);
              number_seen = TRUE;
            }
          else
            {
              g_assert_true (inside (&row->name, w));
              g_assert_true (g_strv_contains ((const char *const *) name, w->word));
              name_seen++;
            }
        }
      g_assert_true (number_seen);
      g_assert_cmpuint (name_seen, ==, g_strv_length (name));
    }
  g_assert_cmpuint (g_strv_length (layout->codes), ==, layout->pages);
}

static void
test_layout (void)
{
  g_autoptr(KpCongress) big = national ();
  g_autoptr(KpCongress) small = demo ();
  g_autoptr(KpCongress) marks = yesno ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallotLayout) a4 = kp_documents_ballot_layout (big, election_of (big, "bch"), KP_PAPER_AUTO, &error);
  g_autoptr(KpBallotLayout) a5 = kp_documents_ballot_layout (small, election_of (small, "bch"), KP_PAPER_AUTO, &error);
  g_autoptr(KpBallotLayout) boxes = kp_documents_ballot_layout (marks, election_of (marks, "ubkt"), KP_PAPER_A4, &error);

  g_assert_no_error (error);
  /* R-FORM-1: 199 names do not fit one page: two, each page says so. */
  g_assert_cmpuint (a4->pages, ==, 2);
  g_assert_cmpint (a4->paper, ==, KP_PAPER_A4);
  check_layout (a4, election_of (big, "bch"));
  g_assert_cmpint (a5->paper, ==, KP_PAPER_A5);
  g_assert_cmpuint (a5->pages, ==, 1);
  check_layout (a5, election_of (small, "bch"));
  /* R-FORM-2: the boxes sit right of the name, in the row. */
  check_layout (boxes, election_of (marks, "ubkt"));
  for (guint i = 0; i < boxes->rows->len; i++)
    {
      const KpBallotRow *row = &g_array_index (boxes->rows, KpBallotRow, i);
      g_assert_cmpfloat (row->agree.x, >=, row->name.x + row->name.w - 0.01);
      g_assert_cmpfloat (row->disagree.x, >=, row->agree.x + row->agree.w - 0.01);
      g_assert_cmpfloat (row->agree.h, ==, row->row.h);
    }
  g_assert_true (g_str_has_prefix (a4->codes[1], "KP1 bch 1 2/2 A4 "));
  g_assert_true (g_str_has_suffix (a4->codes[1], a4->digest));
}

/* Anonymity: every ballot of a round is the same picture (no serial, no
 * mark that tells one from another). */
static void
test_identical (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "phieu.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "p", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  gsize n1, n2;
  g_auto(Run) run = { 0 };
  g_auto(Run) render = { 0 };
  g_autofree char *p1 = g_build_filename (dir, "p-1.png", NULL);
  g_autofree char *p2 = g_build_filename (dir, "p-2.png", NULL);

  run_cli (&run, NULL, "ballots", congress, "--election", "dbct", "--paper", "A4", "--copies", "2", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_tool (&render, "pdftoppm", "-r", "50", "-png", pdf, prefix, NULL);
  g_assert_cmpint (render.status, ==, 0);
  g_assert_true (g_file_get_contents (p1, &one, &n1, NULL));
  g_assert_true (g_file_get_contents (p2, &two, &n2, NULL));
  g_assert_cmpmem (one, n1, two, n2);
}

/* --- recognition --------------------------------------------------------------- */

typedef struct
{
  guint rows, doubtful, pages;
} Counts;

/* Generates @n ballots and reads them: no row read wrongly with
 * confidence, every mark meant for a person doubtful, every added name
 * seen. */
static void
read_generated (KpCongress         *congress,
                const char         *id,
                KpPaper             paper,
                const KpGenOptions *options,
                guint               n,
                guint64             seed,
                Counts             *counts)
{
  const KpElection *election = election_of (congress, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpScanner) scanner = kp_scanner_new (congress, election, &error);
  const KpBallotLayout *layout;
  g_autoptr(KpGen) gen = NULL;

  g_assert_no_error (error);
  layout = kp_scanner_get_layout (scanner, paper, &error);
  g_assert_no_error (error);
  gen = kp_gen_new (layout, &error);
  g_assert_no_error (error);

  for (guint b = 0; b < n; b++)
    {
      g_autoptr(KpGenBallot) ballot = kp_gen_ballot (gen, seed + b, options);
      gboolean flagged = FALSE;

      for (guint p = 0; p < ballot->pages->len; p++)
        {
          g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (ballot->pages->pdata[p], "scan", &error);
          g_autoptr(KpScanImage) image = NULL;
          g_autoptr(KpScanPage) page = NULL;

          g_assert_no_error (error);
          image = kp_scan_source_read_page (source, 0, &error);
          g_assert_no_error (error);
          page = kp_scanner_read (scanner, image, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (page->page, ==, p);
          g_assert_cmpuint (page->rotated, ==, options->upside_down ? 180 : 0);
          flagged |= page->unplaced;
          counts->pages++;
          for (guint r = 0; r < page->rows->len; r++)
            {
              const KpScanRow *row = &g_array_index (page->rows, KpScanRow, r);
              char truth = ballot->truth[row->no - 1];

              counts->rows++;
              counts->doubtful += row->decision == KP_SCAN_DOUBTFUL;
              if (row->decision == KP_SCAN_DOUBTFUL)
                continue;
              /* R-STRIKE-1: never a confident wrong reading. */
              if (layout->form == KP_BALLOT_FORM_YESNO)
                g_assert_cmpint (row->marks, ==, truth);
              else
                g_assert_cmpint (row->decision == KP_SCAN_STRUCK ? KP_GEN_STRUCK : KP_GEN_KEPT, ==, truth);
            }
        }
      /* R-INVALID-4: a name added is for the committee to judge. */
      if (ballot->doubtful)
        g_assert_true (flagged);
    }
}

static void
test_read_national (void)
{
  g_autoptr(KpCongress) congress = national ();
  KpGenOptions clean = { 200, 0.12, TRUE, TRUE, FALSE, FALSE, TRUE };
  KpGenOptions mixed = { 200, 0.12, FALSE, TRUE, TRUE, TRUE, TRUE };
  Counts c = { 0 }, m = { 0 };

  read_generated (congress, "bch", KP_PAPER_A4, &clean, 3, 100, &c);
  read_generated (congress, "bch", KP_PAPER_A4, &mixed, 2, 200, &m);
  g_assert_cmpuint (c.pages, ==, 6);
  /* Clean strokes: few rows for a person (bench-scan measures the share). */
  g_assert_cmpuint (c.doubtful * 50, <=, c.rows);
}

static void
test_read_resolutions (void)
{
  g_autoptr(KpCongress) congress = demo ();
  Counts c = { 0 };

  for (guint dpi = 150; dpi <= 300; dpi += 50)
    {
      KpGenOptions o = { dpi, 0.3, FALSE, dpi != 250, FALSE, FALSE, TRUE };
      if (dpi == 250)
        continue;
      read_generated (congress, "bch", KP_PAPER_A5, &o, 6, dpi * 10, &c);
    }
  g_assert_cmpuint (c.pages, ==, 18);
  g_assert_cmpuint (c.doubtful * 5, <=, c.rows);
}

static void
test_read_yesno (void)
{
  g_autoptr(KpCongress) congress = yesno ();
  g_autoptr(KpCongress) single = demo ();
  KpGenOptions o = { 200, 0, FALSE, TRUE, FALSE, FALSE, TRUE };
  Counts c = { 0 };

  read_generated (congress, "ubkt", KP_PAPER_A4, &o, 8, 300, &c);
  read_generated (single, "bithu", KP_PAPER_A5, &o, 6, 400, &c);
  g_assert_cmpuint (c.doubtful * 10, <=, c.rows);
}

/* --- refusals --------------------------------------------------------------- */

static void
assert_refused (KpScanner  *scanner,
                GBytes     *bytes,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (bytes, "scan.png", &error);
  g_autoptr(KpScanImage) image = NULL;
  g_autoptr(KpScanPage) page = NULL;

  if (source != NULL)
    image = kp_scan_source_read_page (source, 0, &error);
  if (image != NULL)
    page = kp_scanner_read (scanner, image, &error);
  if (page != NULL)
    g_error ("a sheet that should be refused (%s) was read", words);
  g_assert_error (error, KP_SCAN_ERROR, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("\"%s\" does not say \"%s\"", error->message, words);
}

/* A PNG whose header claims @w × @h pixels, and nothing behind it. */
static GBytes *
png_header (guint32 w,
            guint32 h)
{
  guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                   w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h, 8, 0, 0, 0, 0, 0, 0, 0, 0 };
  guint32 crc = 0xffffffff;

  for (guint i = 12; i < 29; i++)
    {
      crc ^= png[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  crc ^= 0xffffffff;
  png[29] = crc >> 24;
  png[30] = crc >> 16;
  png[31] = crc >> 8;
  png[32] = crc;
  return g_bytes_new (png, sizeof png);
}

static void
test_refusals (void)
{
  g_autoptr(KpCongress) congress = demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpScanner) scanner = kp_scanner_new (congress, election_of (congress, "bch"), &error);
  g_autoptr(KpScanner) other = kp_scanner_new (congress, election_of (congress, "dbct"), &error);
  g_autoptr(KpGen) gen = NULL;
  g_autoptr(KpGen) gen_other = NULL;
  g_autoptr(KpGenBallot) ballot = NULL;
  g_autoptr(KpGenBallot) other_ballot = NULL;
  g_autoptr(GBytes) blank = kp_gen_blank_sheet (150, 7);
  g_autoptr(GBytes) two = NULL;
  g_autoptr(GBytes) huge = png_header (30000, 30000);
  g_autoptr(GBytes) corrupt = NULL;
  g_autoptr(GBytes) text = g_bytes_new_static ("serial,struck\n1,2\n", 17);
  g_autoptr(GBytes) pdf = NULL;
  KpGenOptions o = { 150, 0.3, FALSE, TRUE, FALSE, FALSE, FALSE };
  KpElection *round2;

  g_assert_no_error (error);
  gen = kp_gen_new (kp_scanner_get_layout (scanner, KP_PAPER_A5, NULL), &error);
  gen_other = kp_gen_new (kp_scanner_get_layout (other, KP_PAPER_A5, NULL), &error);
  ballot = kp_gen_ballot (gen, 1, &o);
  other_ballot = kp_gen_ballot (gen_other, 2, &o);

  assert_refused (scanner, blank, KP_SCAN_ERROR_BLANK, "blank");
  assert_refused (scanner, other_ballot->pages->pdata[0], KP_SCAN_ERROR_OTHER_ELECTION, "dbct");
  two = kp_gen_two_up (gen, 150);
  assert_refused (scanner, two, KP_SCAN_ERROR_TWO_SHEETS, NULL);
  /* Refused from the header: nothing of 900 million pixels is decoded. */
  assert_refused (scanner, huge, KP_SCAN_ERROR_TOO_LARGE, "30000 × 30000");
  assert_refused (scanner, text, KP_SCAN_ERROR_FORMAT, NULL);
  /* A JPEG cut short. */
  corrupt = g_bytes_new_from_bytes (ballot->pages->pdata[0], 0, 600);
  assert_refused (scanner, corrupt, KP_SCAN_ERROR_DAMAGED, NULL);
  /* The printed ballots themselves are a PDF of text, not a scan. */
  pdf = g_bytes_ref (kp_scanner_get_layout (scanner, KP_PAPER_A5, NULL)->pdf);
  assert_refused (scanner, pdf, KP_SCAN_ERROR_NOT_SCAN, "not a scanned image");

  /* A ballot of round 1 offered to round 2 (R-ROUND-1: its own ballots). */
  round2 = kp_election_copy (election_of (congress, "bch"));
  round2->round = 2;
  {
    g_autoptr(KpScanner) second = kp_scanner_new (congress, round2, &error);
    g_assert_no_error (error);
    assert_refused (second, ballot->pages->pdata[0], KP_SCAN_ERROR_OTHER_ROUND, "round 1");
  }
  kp_election_free (round2);
}

/* An upside-down sheet is turned and read; a scanner's PDF of it too. */
static void
test_turned_and_pdf (void)
{
  g_autoptr(KpCongress) congress = demo ();
  KpGenOptions o = { 200, 0.3, FALSE, TRUE, TRUE, FALSE, TRUE };
  Counts c = { 0 };

  read_generated (congress, "bch", KP_PAPER_A5, &o, 2, 77, &c);
  g_assert_cmpuint (c.pages, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scan/layout", test_layout);
  g_test_add_func ("/scan/identical", test_identical);
  g_test_add_func ("/scan/read/national", test_read_national);
  g_test_add_func ("/scan/read/resolutions", test_read_resolutions);
  g_test_add_func ("/scan/read/yesno", test_read_yesno);
  g_test_add_func ("/scan/refusals", test_refusals);
  g_test_add_func ("/scan/turned", test_turned_and_pdf);
  return g_test_run ();
}
