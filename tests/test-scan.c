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
#include <locale.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <sqlite3.h>

#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-store.h"
#include "kp-scan-assembly.h"
#include "kp-scan-gen.h"
#include "kp-scan-worker.h"
#include "kp-scan.h"
#include "test-util.h"

/* A passphrase that passes the strength rule (kp-passphrase.c). */
#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"

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

/* A ballot printed under one language is read under another: the code's
 * layout digest must not depend on the locale (vi_VN writes "12,5" for
 * 12.5; every sheet printed under LANG=C was refused under vi_VN). */
static void
test_layout_locale (void)
{
  g_autoptr(KpCongress) big = national ();
  g_autoptr(KpCongress) small = demo ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(KpBallotLayout) a4 = kp_documents_ballot_layout (big, election_of (big, "bch"), KP_PAPER_AUTO, &error);
  g_autoptr(KpBallotLayout) a5 = kp_documents_ballot_layout (small, election_of (small, "bch"), KP_PAPER_AUTO, &error);
  g_autoptr(KpBallotLayout) a4_vi = NULL;
  g_autoptr(KpBallotLayout) a5_vi = NULL;

  g_assert_no_error (error);
  if (setlocale (LC_NUMERIC, "vi_VN.UTF-8") == NULL)
    {
      g_test_skip ("the vi_VN.UTF-8 locale is not installed (./dev.sh makes it)");
      return;
    }
  a4_vi = kp_documents_ballot_layout (big, election_of (big, "bch"), KP_PAPER_AUTO, &error);
  a5_vi = kp_documents_ballot_layout (small, election_of (small, "bch"), KP_PAPER_AUTO, &error);
  setlocale (LC_NUMERIC, saved);
  g_assert_no_error (error);
  g_assert_cmpstr (a4_vi->digest, ==, a4->digest);
  g_assert_cmpstr (a5_vi->digest, ==, a5->digest);
  g_assert_cmpstr (a4_vi->codes[0], ==, a4->codes[0]);
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

/* The ballot tests/scan-attack.c attacks: 18 names for 15 seats (the
 * strike form), or 5 for 5 (agree/disagree), A5. */
static KpCongress *
attack_congress (guint n)
{
  static const char *names[] = { "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Văn Cường", "Phạm Thị Dung",
                                 "Hoàng Văn Em", "Vũ Đức Giang", "Đặng Thị Hà", "Bùi Văn Hùng",
                                 "Đỗ Thị Lan Anh", "Hồ Văn Khánh", "Ngô Thị Liên", "Dương Văn Minh",
                                 "Lý Thị Nga", "Mai Văn Phúc", "Trịnh Thị Quyên", "Đinh Văn Sơn",
                                 "Tạ Thị Thu", "Lương Văn Vinh" };
  g_autoptr(GString) def = g_string_new (NULL);

  g_string_append_printf (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"ĐẢNG BỘ XÃ A\","
                               "\"name\":\"ĐẠI HỘI ĐẢNG BỘ XÃ A\",\"kind\":\"members\",\"convened\":90},"
                               "\"elections\":[{\"id\":\"e\",\"title\":\"Bầu Ban Chấp hành\",\"body\":\"committee\","
                               "\"seats\":%u,\"candidates\":[", n == 18 ? 15 : n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"%s\"}", i ? "," : "", i + 1, names[i]);
  g_string_append (def, "]}]}");
  return load_congress (def->str);
}

/* Marks that real pens and careless scanners make, each once read with
 * confidence and wrongly (scan-attack found them; the seeds are its):
 * never a silent wrong count — right, or for a person. */
static void
test_read_adversarial (void)
{
  g_autoptr(KpCongress) strike = attack_congress (18);
  g_autoptr(KpCongress) boxes = attack_congress (5);
  static const struct
  {
    KpGenAttack attack;
    guint64 seed;
    guint n;
  } cases[] = {
    /* R-STRIKE-1: a light pencil stroke (grey 150–200) across the name,
     * which the pen's threshold missed: read kept. */
    { KP_GEN_ATTACK_PENCIL, 6001, 3 },
    /* The edge of a highlighter over the row above, along the top of this
     * row: read struck. */
    { KP_GEN_ATTACK_HIGHLIGHT, 7002, 1 },
    /* One stroke from the middle of one name to the middle of the next:
     * each row's half was explained by the other's, both read kept. */
    { KP_GEN_ATTACK_WANDER, 9002, 2 },
    /* A fold line across the sheet through a name: read struck. */
    { KP_GEN_ATTACK_FOLD, 12001, 3 },
    { KP_GEN_ATTACK_FOLD, 12010, 1 },
    /* A ring around a name drawn through the next name: read struck. */
    { KP_GEN_ATTACK_CIRCLE, 3008, 1 },
    /* A blot on a name, most of it hidden by the letters: read kept. */
    { KP_GEN_ATTACK_BLOT, 11004, 1 },
    /* A 1-pixel stroke across a third of "Đặng Thị Hà", hidden in the
     * letters but for pieces between them each under the speck size: read
     * kept. */
    { KP_GEN_ATTACK_SHORT, 4008, 1 },
    /* A 1-pixel stroke across a third of "Lý Thị Nga", hidden in the
     * letters but for 0.19 mm² between them (under LOOSE_KEPT): read kept.
     * It bridges three gaps between letters on one line (HIDDEN_GAPS). */
    { KP_GEN_ATTACK_SHORT, 4046, 1 },
    /* A blot of about 1.6 mm on a letter, hidden by it but 0.11 mm²: read
     * kept. */
    { KP_GEN_ATTACK_BLOT, 11008, 1 },
  }, yesno_cases[] = {
    /* R-YESNO-1: one X across the line between both boxes: read "both". */
    { KP_GEN_ATTACK_BETWEEN, 20001, 3 },
    /* An X scribbled out, a new X in the other box: read "both". */
    { KP_GEN_ATTACK_CORRECTED, 21003, 1 },
  };
  Counts c = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      KpGenOptions o = { 200, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE, cases[i].attack };
      g_test_message ("%s", kp_gen_attack_name (cases[i].attack));
      read_generated (strike, "e", KP_PAPER_A5, &o, cases[i].n, cases[i].seed, &c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (yesno_cases); i++)
    {
      KpGenOptions o = { 200, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE, yesno_cases[i].attack };
      g_test_message ("%s", kp_gen_attack_name (yesno_cases[i].attack));
      read_generated (boxes, "e", KP_PAPER_A5, &o, yesno_cases[i].n, yesno_cases[i].seed, &c);
    }
  g_assert_cmpuint (c.pages, ==, 19);
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

  /* 100 dpi: the code is too coarse to read; the message says what to do. */
  {
    KpGenOptions coarse = { 100, 0.3, FALSE, TRUE, FALSE, FALSE, FALSE };
    g_autoptr(KpGenBallot) low = kp_gen_ballot (gen, 3, &coarse);
    assert_refused (scanner, low->pages->pdata[0], KP_SCAN_ERROR_NO_CODE, "150 to 300 dpi");
  }
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


/* --- the command line ------------------------------------------------------------ */

typedef struct
{
  char *dir;
  GPtrArray *truths;   /* char *, per ballot written */
  GPtrArray *doubtful; /* GINT_TO_POINTER (ballot doubtful) */
} Folder;

static void
folder_clear (Folder *f)
{
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->truths, g_ptr_array_unref);
  g_clear_pointer (&f->doubtful, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Folder, folder_clear)

/* Generated scans of @election's ballots in @path's congress file, written
 * as NNNN.jpg in a new folder. */
static void
write_scans (Folder             *f,
             const char         *path,
             const char         *id,
             guint               n,
             guint64             seed,
             const KpGenOptions *options,
             gboolean            last_added_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpBallotLayout) layout = NULL;
  g_autoptr(KpGen) gen = NULL;

  g_assert_no_error (error);
  election = kp_store_get_election (store, id, 0, &error);
  g_assert_no_error (error);
  layout = kp_documents_ballot_layout (kp_store_get_congress (store), election, KP_PAPER_AUTO, &error);
  g_assert_no_error (error);
  gen = kp_gen_new (layout, &error);
  if (f->dir == NULL)
    {
      f->dir = temp_dir ();
      f->truths = g_ptr_array_new_with_free_func (g_free);
      f->doubtful = g_ptr_array_new ();
    }
  for (guint b = 0; b < n; b++)
    {
      KpGenOptions o = *options;
      g_autoptr(KpGenBallot) ballot = NULL;
      g_autofree char *name = g_strdup_printf ("%04u.jpg", f->truths->len + 1);
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      o.added_name = last_added_name && b + 1 == n;
      ballot = kp_gen_ballot (gen, seed + b, &o);
      g_assert_cmpuint (ballot->pages->len, ==, 1);
      g_assert_true (g_file_set_contents (file, g_bytes_get_data (ballot->pages->pdata[0], NULL),
                                          g_bytes_get_size (ballot->pages->pdata[0]), NULL));
      g_ptr_array_add (f->truths, g_strdup (ballot->truth));
      g_ptr_array_add (f->doubtful, GINT_TO_POINTER (ballot->doubtful));
    }
}

static void
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
}

static char *
file_digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static guint
journal_length (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autoptr(GPtrArray) journal = NULL;

  g_assert_no_error (error);
  journal = kp_store_get_journal (store, &error);
  g_assert_no_error (error);
  return journal->len;
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("\"%s\" is not in:\n%s", part, text);
}

/* Decides every pending ballot by its truth (a mark for a person: struck). */
static void
adjudicate_all (const char *congress,
                Folder     *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_no_error (error);
  }
  for (guint k = 0; k < pending->len; k++)
    {
      const KpScanPending *p = pending->pdata[k];
      const char *truth = f->truths->pdata[p->serial - 1];
      g_autoptr(GString) strike = g_string_new (NULL);
      g_autoptr(GString) keep = g_string_new (NULL);
      g_autofree char *serial = g_strdup_printf ("%u", p->serial);
      g_auto(Run) run = { 0 };
      const char *argv[20] = { cli (), "adjudicate", congress, "--election", "bch", "--pass", "A", "--serial", serial,
                               "--operator", "Lê Thị Ủy viên" };
      guint argc = 11;

      for (guint i = 0; i < p->rows->len; i++)
        {
          guint no = g_array_index (p->rows, guint, i);
          g_string_append_printf (truth[no - 1] == KP_GEN_KEPT ? keep : strike, "%u ", no);
        }
      argv[argc++] = "--strike";
      argv[argc++] = strike->str;
      argv[argc++] = "--keep";
      argv[argc++] = keep->str;
      if (p->unplaced)
        argv[argc++] = GPOINTER_TO_INT (f->doubtful->pdata[p->serial - 1]) ? "--invalid=added-name" : "--valid";
      run_argv (&run, NULL, argv);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
    }
}

/* The whole flow: a folder scanned into a pass — each ballot saved, each
 * refused sheet said why — the doubtful ones decided, the images checked
 * by verify, the round blocked from confirming until then. */
static void
test_cli_scan (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 200, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE };
  g_autoptr(GBytes) blank = kp_gen_blank_sheet (200, 3);
  g_auto(Run) scan = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) tampered = { 0 };
  g_auto(Run) results = { 0 };
  g_autoptr(GError) error = NULL;

  write_scans (&f, congress, "bch", 5, 500, &o, TRUE);
  write_scans (&f, congress, "dbct", 1, 600, &o, FALSE);
  write_file (f.dir, "0007.jpg", blank);
  write_file (f.dir, "truth.json", g_bytes_new_static ("{}", 2));

  run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--from", f.dir, "--operator", "Kỹ thuật viên", NULL);
  /* Refused sheets make the exit 2; what was read is saved. */
  g_assert_cmpint (scan.status, ==, 2);
  assert_has (scan.out, "0005.jpg: ballot 5 of pass A saved");
  assert_has (scan.out, "5 ballots saved in pass A of bch");
  assert_has (scan.out, "1 file in the folder is not a scan");
  assert_has (scan.err, "0006.jpg: REFUSED: this is a ballot of election dbct");
  assert_has (scan.err, "0007.jpg: REFUSED: the sheet is blank");

  /* The same folder again: the same paper is not counted twice. */
  run_cli (&again, NULL, "scan", congress, "--election", "bch", "--from", f.dir, NULL);
  assert_has (again.out, "0001.jpg: already saved as ballot 1 of pass A; skipped");
  assert_has (again.out, "0 ballots saved");

  run_cli (&list, NULL, "adjudicate", congress, "--election", "bch", "--list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  /* The added name in the margin: the whole ballot is for the committee. */
  assert_has (list.out, "Ballot 5 of pass A");
  assert_has (list.out, "ink outside the rows");
  /* Valid and invalid at once: refused, not decided as one of them. */
  {
    g_auto(Run) both = { 0 };
    g_auto(Run) still = { 0 };
    run_cli (&both, NULL, "adjudicate", congress, "--election", "bch", "--pass", "A", "--serial", "5", "--valid",
             "--invalid", "added-name", "--operator", "Lê Thị Ủy viên", NULL);
    g_assert_cmpint (both.status, ==, 1);
    assert_has (both.err, "--valid and --invalid say opposite things");
    run_cli (&still, NULL, "adjudicate", congress, "--election", "bch", "--list", NULL);
    assert_has (still.out, "Ballot 5 of pass A");
  }

  /* R-ROUND-1 and R-RECON-1: no next round either, which would close this
   * one with its doubtful marks counted as read and never decided. */
  {
    g_auto(Run) next = { 0 };
    run_cli (&next, NULL, "next-round", congress, "--election", "bch", NULL);
    g_assert_cmpint (next.status, !=, 0);
    assert_has (next.err, "round 1 of bch has scanned ballots with marks the committee has not decided yet");
  }

  /* R-RECON-1: no confirming while anything is doubtful, explanation or not. */
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
    g_assert_no_error (error);
    g_assert_true (kp_store_init_keys (store, HEAD, "Trưởng ban", NULL, &error));
    g_hash_table_insert (explanations, (gpointer) "scans-decided", (gpointer) "giải thích");
    g_assert_false (kp_store_confirm (store, "bch", 0, HEAD, explanations, "kiểm thử", "Trưởng ban", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
    assert_has (error->message, "kiemphieu-cli adjudicate");
    /* The count with the form its number wants. */
    assert_has (error->message, g_str_has_prefix (error->message, "1 ") ? "1 scanned ballot has marks"
                                                                          : " scanned ballots have marks");
    g_clear_error (&error);
  }
  adjudicate_all (congress, &f);
  run_cli (&results, NULL, "results", congress, "--election", "bch", NULL);
  assert_has (results.out, "\"check\":\"scans-decided\",\"rule\":\"R-RECON-1\",\"status\":\"ok\"");
  /* The added name: invalid by the committee's decision (R-INVALID-4). */
  assert_has (results.out, "\"added-name\":1");

  run_cli (&verify, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  assert_has (verify.out, "images: 5 scanned files");

  /* An image changed in the file: verify names it. */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE images SET data = CAST(substr(data, 1, length(data) - 1) || x'00' AS BLOB)"
                                       " WHERE rowid = 2", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  run_cli (&tampered, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (tampered.status, ==, 3);
  assert_has (tampered.out, "its content is not the image the journal names");

  /* Nor is it shown to the committee as the ballot's image (the image
   * window, the adjudication page, --save-images all take it from here). */
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autofree char *changed = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GBytes) intact = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    g_autofree char *first = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT sha256 FROM images WHERE rowid = 2),"
                                             " (SELECT sha256 FROM images WHERE rowid = 1)", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    changed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    first = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    bytes = kp_store_get_image (store, changed, NULL, NULL, &error);
    g_assert_null (bytes);
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
    assert_has (error->message, "is not the image the ballot was read from");
    g_clear_error (&error);
    intact = kp_store_get_image (store, first, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (intact);
  }

  /* Nor is it confirmed and signed: the head's confirmation checks the
   * file first (a struck row painted over in an image is evidence gone). */
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(KpResult) result = NULL;
    g_assert_no_error (error);
    result = kp_store_results (store, "bch", 0, &checks, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < checks->len; i++)
      g_hash_table_insert (explanations, ((KpCheck *) checks->pdata[i])->check, (gpointer) "giải thích");
    g_assert_false (kp_store_confirm (store, "bch", 0, HEAD, explanations, "kiểm thử", "Trưởng ban", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
    assert_has (error->message, "its content is not the image the journal names");
    g_clear_error (&error);
  }

  /* A doubtful row that is not a row of the list (edited with sqlite3):
   * an error naming the ballot, not a read past the list's names. */
  {
    g_autoptr(KpStore) store = NULL;
    g_autoptr(GPtrArray) pending = NULL;
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE scans SET doubtful = '5000', decided_seq = NULL WHERE serial = 1",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    store = kp_store_open (congress, &error);
    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_null (pending);
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
    assert_has (error->message, "scanned ballot 1 of pass A of bch names doubtful rows \"5000\"");
    g_clear_error (&error);
  }
}

/* Appends a decision on @p to the journal as KiemPhieu writes one (the
 * chain's hash right), with the tables changed to match, as someone with
 * sqlite3 could: row @flip (0: none) struck or kept the other way. */
static void
forge_decision (const char          *congress,
                const KpScanPending *p,
                guint                flip)
{
  g_autoptr(KpBallot) decided = kp_ballot_copy (p->ballot);
  g_autoptr(KpJournalEntry) e = kp_journal_entry_new ();
  g_autofree char *struck = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (flip > 0 && kp_ballot_is_struck (decided, flip))
    decided->struck[(flip - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((flip - 1) % 64));
  else if (flip > 0)
    kp_ballot_strike (decided, flip);
  struck = kp_ballot_struck_to_string (decided);
  g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  e->seq = sqlite3_column_int64 (stmt, 0) + 1;
  e->prev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  e->at = kp_journal_now ();
  e->operator = g_strdup ("Lê Thị Ủy viên");
  e->action = g_strdup ("adjudicate");
  e->content = g_strdup_printf ("{\"election\":\"bch\",\"round\":1,\"pass\":\"%c\",\"serial\":%u,\"struck\":\"%s\","
                                "\"marks\":\"\",\"invalid\":\"\",\"reason\":\"\"}", p->pass, p->serial, struck);
  e->hash = kp_journal_entry_compute_hash (e);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO journal (seq, at, operator, action, content, prev, hash)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, e->seq);
  sqlite3_bind_text (stmt, 2, e->at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, e->operator, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, e->action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, e->content, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, e->prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, e->hash, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sql = g_strdup_printf ("UPDATE scans SET decided_seq = %" G_GINT64_FORMAT " WHERE pass = '%c' AND serial = %u;"
                         " UPDATE ballots SET struck = '%s' WHERE pass = '%c' AND serial = %u AND voided_seq IS NULL",
                         e->seq, p->pass, p->serial, struck, p->pass, p->serial);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* R-INVALID-5: a decision changes only the rows left to a person. Verify
 * replays each as kp_store_adjudicate () allows it, so a decision written
 * into the journal that changes a row read with confidence (or decides a
 * ballot with nothing to decide) is found, and the head cannot confirm. */
static void
test_forged_decision (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 200, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE };
  g_auto(Run) scan = { 0 };
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  const KpScanPending *honest = NULL, *forged = NULL;
  guint confident = 0;

  write_scans (&f, congress, "bch", 6, 500, &o, FALSE);
  run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--from", f.dir, "--operator", "Kỹ thuật viên", NULL);
  g_assert_cmpint (scan.status, ==, 0);
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (pending->len, >=, 2);
  honest = pending->pdata[0];
  forged = pending->pdata[1];
  g_assert_cmpuint (forged->rows->len, >, 0);
  for (guint no = 1; no <= forged->ballot->n_candidates && confident == 0; no++)
    {
      gboolean doubtful = FALSE;
      for (guint i = 0; i < forged->rows->len; i++)
        doubtful |= g_array_index (forged->rows, guint, i) == no;
      if (!doubtful)
        confident = no;
    }
  g_assert_cmpuint (confident, >, 0);

  /* Written this way, a decision on the doubtful rows alone verifies: the
   * forging is right, only what it decides is wrong. */
  forge_decision (congress, honest, honest->rows->len ? g_array_index (honest->rows, guint, 0) : 0);
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_no_error (error);
    g_assert_true (kp_store_verify (store, report, &error));
    g_assert_no_error (error);
  }
  forge_decision (congress, forged, confident);
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GString) report = g_string_new (NULL);
    g_autofree char *says = g_strdup_printf ("a decision on ballot %u of pass A of bch changes row %u, which was read "
                                             "with confidence", forged->serial, confident);
    g_assert_no_error (error);
    g_assert_false (kp_store_verify (store, report, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
    assert_has (report->str, says);
  }
}

/* A decision is bound to the ballot the committee looked at: the last
 * ballot voided and scanned again elsewhere takes its serial back, and a
 * decision taken on the old image is not recorded on the new ballot. */
static void
test_decision_bound (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *again = temp_dir ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 200, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE };
  g_auto(Run) scan = { 0 };
  g_auto(Run) rescan = { 0 };
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpScanPending) now = NULL;
  g_autoptr(KpBallot) decided = NULL;
  g_autoptr(GError) error = NULL;
  const KpScanPending *shown;

  write_scans (&f, congress, "bch", 2, 500, &o, FALSE);
  run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--from", f.dir, "--operator", "Kỹ thuật viên", NULL);
  g_assert_cmpint (scan.status, ==, 0);
  store = kp_store_open (congress, &error);
  g_assert_no_error (error);
  pending = kp_store_scans_pending (store, "bch", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, >, 0);
  shown = pending->pdata[pending->len - 1];
  g_assert_cmpuint (shown->serial, ==, 2);
  decided = kp_ballot_copy (shown->ballot);

  /* Meanwhile, at the scanner: ballot 2 voided, its sheet scanned again
   * (a new file, read the same). */
  g_assert_true (kp_store_void (store, "bch", 0, 'A', 2, "quét lại", "Kỹ thuật viên", &error));
  {
    g_autofree char *from = g_build_filename (f.dir, "0002.jpg", NULL);
    g_autofree char *to = g_build_filename (again, "0002.jpg", NULL);
    g_autofree char *data = NULL;
    gsize length;
    g_autoptr(GString) copy = NULL;
    g_assert_true (g_file_get_contents (from, &data, &length, NULL));
    copy = g_string_new_len (data, length);
    g_string_append_c (copy, '\n');
    g_assert_true (g_file_set_contents (to, copy->str, copy->len, NULL));
  }
  run_cli (&rescan, NULL, "scan", congress, "--election", "bch", "--from", again, "--operator", "Kỹ thuật viên", NULL);
  assert_has (rescan.out, "ballot 2 of pass A saved");
  now = kp_store_get_scan (store, "bch", 0, 'A', 2, &error);
  g_assert_no_error (error);
  g_assert_false (g_strv_equal ((const char *const *) now->pages, (const char *const *) shown->pages));

  g_assert_false (kp_store_adjudicate (store, "bch", 0, 'A', 2, (const char *const *) shown->pages, decided, NULL,
                                       "Lê Thị Ủy viên", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  assert_has (error->message, "ballot 2 of pass A of bch was voided and entered again since it was shown");
  g_clear_error (&error);
  g_clear_pointer (&now, kp_scan_pending_free);
  now = kp_store_get_scan (store, "bch", 0, 'A', 2, &error);
  g_assert_false (now->decided);
}

/* Bad input: a clear error, nothing saved, the congress file untouched. */
static void
test_cli_bad_input (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 150, 0.3, FALSE, TRUE, FALSE, FALSE, TRUE };
  g_autofree char *before = NULL;
  guint entries;
  g_autoptr(GBytes) huge = png_header (30000, 30000);
  g_autofree char *printed = NULL;
  g_autofree char *corrupt = NULL;
  const struct
  {
    const char *name;
    const char *says;
    const char *says_vi;  /* the same in the committee's words */
  } cases[] = {
    { "corrupt.jpg", "damaged", "ảnh bị hỏng" },
    { "huge.png", "30000 × 30000", "ảnh có 30000 × 30000 điểm ảnh, lớn hơn mọi ảnh phiếu quét" },
    { "ballots.pdf", "not a scanned image", "trang PDF này không phải ảnh quét" },
    { "0001.jpg", "ballot of election dbct", "đây là phiếu của cuộc bầu dbct (lần bầu 1), không phải của bch" },
    { "notes.txt", "not a PNG, JPEG, TIFF or PDF file", "không phải tệp PNG, JPEG, TIFF hay PDF" },
  };

  write_scans (&f, congress, "dbct", 1, 700, &o, FALSE);
  corrupt = g_build_filename (f.dir, "corrupt.jpg", NULL);
  {
    g_autofree char *whole = NULL;
    gsize length;
    g_autofree char *first = g_build_filename (f.dir, "0001.jpg", NULL);
    g_assert_true (g_file_get_contents (first, &whole, &length, NULL));
    g_assert_true (g_file_set_contents (corrupt, whole, length / 3, NULL));
  }
  write_file (f.dir, "huge.png", huge);
  {
    g_autoptr(GBytes) notes = g_bytes_new_static ("ghi chú", strlen ("ghi chú"));
    write_file (f.dir, "notes.txt", notes);
  }
  printed = g_build_filename (f.dir, "ballots.pdf", NULL);
  {
    g_auto(Run) print = { 0 };
    run_cli (&print, NULL, "ballots", congress, "--election", "bch", "-o", printed, NULL);
    g_assert_cmpint (print.status, ==, 0);
  }

  before = file_digest (congress);
  entries = journal_length (congress);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = g_build_filename (f.dir, cases[i].name, NULL);
      g_autofree char *after = NULL;
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, "scan", congress, "--election", "bch", "--from", file, NULL);
      g_assert_cmpint (run.status, ==, 2);
      assert_has (run.err, "REFUSED");
      assert_has (run.err, cases[i].says);
      assert_has (run.out, "0 ballots saved");
      after = file_digest (congress);
      g_assert_cmpstr (after, ==, before);

      /* In Vietnamese: the reason in plain words, no English left. */
      if (have_locale ("vi_VN.UTF-8"))
        {
          g_auto(Run) vi = { 0 };
          g_autofree char *after_vi = NULL;

          run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "scan", congress, "--election", "bch", "--from", file, NULL);
          g_assert_cmpint (vi.status, ==, 2);
          assert_has (vi.err, "KHÔNG NHẬN");
          assert_has (vi.err, "chưa lưu gì từ tờ này, hãy quét lại tờ này");
          assert_has (vi.err, cases[i].says_vi);
          g_assert_null (strstr (vi.err, "REFUSED"));
          if (strstr (cases[i].says_vi, cases[i].says) == NULL)
            g_assert_null (strstr (vi.err, cases[i].says));
          assert_has (vi.out, "đã lưu 0 phiếu");
          after_vi = file_digest (congress);
          g_assert_cmpstr (after_vi, ==, before);
        }
    }
  g_assert_cmpuint (journal_length (congress), ==, entries);
}

/* A scanned pass reconciles against a typed pass like two typed passes. */
static void
test_cli_double_entry (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 200, 0.3, TRUE, TRUE, FALSE, FALSE, TRUE };
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n");
  g_autofree char *csv_path = NULL;
  g_auto(Run) mode = { 0 };
  g_auto(Run) scan = { 0 };
  g_auto(Run) typed = { 0 };
  g_auto(Run) agree = { 0 };
  g_auto(Run) voided = { 0 };
  g_auto(Run) retyped = { 0 };
  g_auto(Run) differ = { 0 };

  run_cli (&mode, NULL, "mode", congress, "--election", "bch", "double", NULL);
  g_assert_cmpint (mode.status, ==, 0);
  write_scans (&f, congress, "bch", 3, 800, &o, FALSE);
  run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--pass", "A", "--from", f.dir, NULL);
  g_assert_cmpint (scan.status, ==, 0);
  adjudicate_all (congress, &f);
  for (guint b = 0; b < f.truths->len; b++)
    {
      const char *truth = f.truths->pdata[b];
      gboolean first = TRUE;
      g_string_append_printf (csv, "%u,", b + 1);
      for (guint i = 0; truth[i]; i++)
        if (truth[i] != KP_GEN_KEPT)
          {
            g_string_append_printf (csv, first ? "%u" : " %u", i + 1);
            first = FALSE;
          }
      g_string_append (csv, ",,\n");
    }
  csv_path = g_build_filename (f.dir, "typed.csv", NULL);
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  run_cli (&typed, NULL, "enter", congress, "--election", "bch", "--pass", "B", "--ballots", csv_path, NULL);
  g_assert_cmpint (typed.status, ==, 0);
  run_cli (&agree, NULL, "reconcile", congress, "--election", "bch", NULL);
  g_assert_cmpint (agree.status, ==, 0);
  assert_has (agree.out, "0 disagreements");

  /* The typist strikes one name more on ballot 2: one disagreement. */
  run_cli (&voided, NULL, "void", congress, "--election", "bch", "--pass", "B", "--serial", "2", "--reason", "gõ lại", NULL);
  g_assert_cmpint (voided.status, ==, 0);
  {
    const char *truth = f.truths->pdata[1];
    g_autoptr(GString) line = g_string_new ("serial,struck,marks,invalid\n2,");
    g_autofree char *path = g_build_filename (f.dir, "retyped.csv", NULL);
    gboolean first = TRUE;
    for (guint i = 0; truth[i]; i++)
      if (truth[i] != KP_GEN_KEPT || i == (truth[0] == KP_GEN_KEPT ? 0 : 1))
        {
          g_string_append_printf (line, first ? "%u" : " %u", i + 1);
          first = FALSE;
        }
    g_string_append (line, ",,\n");
    g_assert_true (g_file_set_contents (path, line->str, -1, NULL));
    run_cli (&retyped, NULL, "enter", congress, "--election", "bch", "--pass", "B", "--ballots", path, NULL);
    g_assert_cmpint (retyped.status, ==, 0);
  }
  run_cli (&differ, NULL, "reconcile", congress, "--election", "bch", NULL);
  assert_has (differ.out, "1 disagreement\n");
}

/* A congress file of format 4 (stations, before scanned ballots) takes
 * format 5 when opened, and scans. */
static void
test_upgrade (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Folder) f = { 0 };
  KpGenOptions o = { 150, 0.3, TRUE, TRUE, FALSE, FALSE, TRUE };
  g_auto(Run) scan = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) journal = { 0 };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE images; DROP TABLE scans; PRAGMA user_version = 4", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  write_scans (&f, congress, "bch", 1, 900, &o, FALSE);
  run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--from", f.dir, NULL);
  g_assert_cmpint (scan.status, ==, 0);
  run_cli (&verify, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  run_cli (&journal, NULL, "journal", congress, NULL);
  assert_has (journal.out, "{\"format\":\"kiemphieu/congress@5\",\"from\":4}");
}

/* What `ballots` prints, as it is printed: two A5 ballots of a rehearsal
 * copy on one sheet (THỬ NGHIỆM in the margins, over two of the marks),
 * rendered by pdftoppm, cut in two, and scanned: both read, nothing struck. */
static void
test_cli_printed (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *copy = g_build_filename (dir, "thu.kiemphieu", NULL);
  g_autofree char *pdf = g_build_filename (dir, "phieu.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "sheet", NULL);
  g_autofree char *png = g_build_filename (dir, "sheet-1.png", NULL);
  g_autofree char *scans = g_build_filename (dir, "scans", NULL);
  g_auto(Run) rehearsal = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) print = { 0 };
  g_auto(Run) render = { 0 };
  g_auto(Run) scan = { 0 };
  PIX *sheet;

  run_cli (&rehearsal, NULL, "rehearsal", congress, "--to", copy, NULL);
  g_assert_cmpint (rehearsal.status, ==, 0);
  run_cli (&print, NULL, "ballots", copy, "--election", "bch", "--copies", "2", "-o", pdf, NULL);
  g_assert_cmpint (print.status, ==, 0);
  run_tool (&render, "pdftoppm", "-r", "150", "-png", pdf, prefix, NULL);
  g_assert_cmpint (render.status, ==, 0);
  g_assert_cmpint (g_mkdir (scans, 0700), ==, 0);
  sheet = pixRead (png);
  g_assert_nonnull (sheet);
  for (int half = 0; half < 2; half++)
    {
      int w = pixGetWidth (sheet) / 2;
      BOX *box = boxCreate (half * w, 0, w, pixGetHeight (sheet));
      PIX *piece = pixClipRectangle (sheet, box, NULL);
      g_autofree char *name = g_strdup_printf ("%s/%d.png", scans, half + 1);

      g_assert_cmpint (pixWrite (name, piece, IFF_PNG), ==, 0);
      pixDestroy (&piece);
      boxDestroy (&box);
    }
  pixDestroy (&sheet);
  if (have_locale ("vi_VN.UTF-8"))
    {
      g_auto(Run) wrong = { 0 };
      g_auto(Run) vi = { 0 };

      /* The entry mode in words, not the JSON's code ("single"). */
      run_cli_locale (&wrong, "vi_VN.UTF-8", NULL, "scan", copy, "--election", "bch", "--pass", "B", "--from", scans,
                      NULL);
      g_assert_cmpint (wrong.status, ==, 2);
      assert_has (wrong.err, "đang ở chế độ nhập một lượt");
      g_assert_null (strstr (wrong.err, "single"));
      /* Printed under LANG=C, read under vi_VN: the same ballots. */
      run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "scan", copy, "--election", "bch", "--from", scans, NULL);
      g_assert_cmpstr (vi.err, ==, "");
      g_assert_cmpint (vi.status, ==, 0);
      assert_has (vi.out, "1.png: đã lưu phiếu số 1, lượt A");
      g_assert_cmpint (g_unlink (copy), ==, 0);
      run_cli (&again, NULL, "rehearsal", congress, "--to", copy, NULL);
      g_assert_cmpint (again.status, ==, 0);
    }
  run_cli (&scan, NULL, "scan", copy, "--election", "bch", "--from", scans, NULL);
  g_assert_cmpstr (scan.err, ==, "");
  g_assert_cmpint (scan.status, ==, 0);
  assert_has (scan.out, "1.png: ballot 1 of pass A saved: không gạch tên nào");
  assert_has (scan.out, "2.png: ballot 2 of pass A saved: không gạch tên nào");
  assert_has (scan.out, "0 with marks for the committee to decide");

  /* Test ballots printed in the rehearsal (THỬ NGHIỆM on paper, which a
   * feeder does not read) slipped into the real stack: refused, nothing
   * saved in the real file. */
  {
    g_auto(Run) real = { 0 };
    g_autofree char *before = file_digest (congress);
    g_autofree char *after = NULL;

    run_cli (&real, NULL, "scan", congress, "--election", "bch", "--from", scans, NULL);
    g_assert_cmpint (real.status, ==, 2);
    assert_has (real.err, "1.png: REFUSED: this ballot of bch (round 1) was printed from another list or layout");
    assert_has (real.err, "2.png: REFUSED");
    assert_has (real.out, "0 ballots saved");
    after = file_digest (congress);
    g_assert_cmpstr (after, ==, before);
  }
}

/* --- putting pages together (kp-scan-assembly) ------------------------------ */

/* A page as recognition gives it: @n rows from @first, kept but @struck
 * (struck) and @doubtful. */
static KpScanPage *
fake_page (guint page,
           guint pages,
           guint first,
           guint n,
           guint struck,
           guint doubtful)
{
  KpScanPage *p = g_new0 (KpScanPage, 1);

  p->page = page;
  p->pages = pages;
  p->rows = g_array_new (FALSE, TRUE, sizeof (KpScanRow));
  for (guint no = first; no < first + n; no++)
    {
      KpScanRow row = { no, no == struck ? KP_SCAN_STRUCK : no == doubtful ? KP_SCAN_DOUBTFUL : KP_SCAN_KEPT, 0 };
      g_array_append_val (p->rows, row);
    }
  return p;
}

/* A sheet's file: any image will do, each one its own SHA-256. */
static KpScanSource *
fake_source (guint seed)
{
  g_autoptr(GBytes) bytes = kp_gen_blank_sheet (50, seed);
  g_autofree char *name = g_strdup_printf ("%04u.png", seed);
  g_autoptr(GError) error = NULL;
  KpScanSource *source = kp_scan_source_new_from_bytes (bytes, name, &error);

  g_assert_no_error (error);
  return source;
}

static void
collect_event (const KpScanEvent *event,
               gpointer           user_data)
{
  GString *out = user_data;

  switch (event->kind)
    {
    case KP_SCAN_EVENT_SAVED:
      g_string_append_printf (out, "%s saved %c%u: %s [%s]\n", event->where, event->pass, event->serial,
                              event->described, event->doubtful);
      break;
    case KP_SCAN_EVENT_REFUSED:
      g_string_append_printf (out, "%s refused: %s\n", event->where, event->reason);
      break;
    case KP_SCAN_EVENT_DUPLICATE:
      g_string_append_printf (out, "%s duplicate of %c%u\n", event->where, event->pass, event->serial);
      break;
    case KP_SCAN_EVENT_BLANK:
      g_string_append_printf (out, "%s blank\n", event->where);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
feed (KpScanAssembly *assembly,
      KpScanSource   *source,
      KpScanPage     *page,
      const GError   *page_error)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_scan_assembly_add_page (assembly, source, 0, page, page_error, &error));
  g_assert_no_error (error);
}

/* Two-page ballots put together in order and saved whole; a page out of
 * its place, a ballot left incomplete, a refused sheet in the middle of a
 * ballot, a stop before its last page: each refused at the right sheet
 * with its reason, nothing saved for it; the same paper twice skipped; a
 * blank back skipped only when asked. */
static void
test_assembly (void)
{
  g_autofree char *path = new_congress ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autoptr(KpElection) election = kp_store_get_election (store, "bch", 0, &error);
  g_autoptr(GString) events = g_string_new (NULL);
  g_autoptr(GError) blank = g_error_new_literal (KP_SCAN_ERROR, KP_SCAN_ERROR_BLANK, "the sheet is blank");
  g_autoptr(KpScanAssembly) assembly = NULL;
  g_autoptr(KpScanAssembly) duplex = NULL;
  g_autoptr(KpScanPending) pending = NULL;
  g_autoptr(KpBallot) first = NULL;
  KpScanSource *s[10];
  const KpScanTotals *totals;

  g_assert_no_error (error);
  g_assert_cmpuint (election->candidates->len, ==, 18);
  for (guint i = 1; i < G_N_ELEMENTS (s); i++)
    s[i] = fake_source (i);
  assembly = kp_scan_assembly_new (store, election, 'A', "Kỹ thuật viên", FALSE, collect_event, events);

  feed (assembly, s[1], fake_page (0, 2, 1, 9, 2, 0), NULL);
  g_assert_true (kp_scan_assembly_is_holding (assembly));
  g_assert_cmpstr (events->str, ==, "");
  feed (assembly, s[2], fake_page (1, 2, 10, 9, 0, 14), NULL);
  g_assert_false (kp_scan_assembly_is_holding (assembly));
  feed (assembly, s[3], fake_page (1, 2, 10, 9, 0, 0), NULL);
  feed (assembly, s[4], fake_page (0, 2, 1, 9, 0, 0), NULL);
  feed (assembly, s[5], fake_page (0, 2, 1, 9, 0, 0), NULL);
  feed (assembly, s[6], NULL, blank);
  feed (assembly, s[1], NULL, blank);
  feed (assembly, s[7], fake_page (0, 2, 1, 9, 0, 0), NULL);
  kp_scan_assembly_finish (assembly, TRUE);
  g_assert_cmpstr (events->str, ==,
                   "0001.png saved A1: gạch 2 [14]\n"
                   "0003.png refused: page 2 of 2 of a ballot, without the pages before it\n"
                   "0004.png refused: the ballot's pages are incomplete\n"
                   "0005.png refused: the ballot's next page was refused\n"
                   "0006.png refused: the sheet is blank\n"
                   "0001.png duplicate of A1\n"
                   "0007.png refused: scanning was stopped before the ballot's last pages\n");
  totals = kp_scan_assembly_get_totals (assembly);
  g_assert_cmpuint (totals->saved, ==, 1);
  g_assert_cmpuint (totals->doubtful, ==, 1);
  g_assert_cmpuint (totals->refused, ==, 5);
  g_assert_cmpuint (totals->skipped, ==, 1);

  /* Saved whole: both pages' rows, the doubtful one for the committee. */
  first = kp_store_get_ballot (store, "bch", 0, 'A', 1, &error);
  g_assert_no_error (error);
  g_assert_true (kp_ballot_is_struck (first, 2));
  g_assert_false (kp_ballot_is_struck (first, 14));
  pending = kp_store_get_scan (store, "bch", 0, 'A', 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->rows->len, ==, 1);
  g_assert_cmpuint (g_array_index (pending->rows, guint, 0), ==, 14);
  g_assert_null (kp_store_get_ballot (store, "bch", 0, 'A', 2, NULL));

  /* A duplex scan: the blank back between a ballot's pages is skipped. */
  g_string_truncate (events, 0);
  duplex = kp_scan_assembly_new (store, election, 'A', "Kỹ thuật viên", TRUE, collect_event, events);
  feed (duplex, s[8], fake_page (0, 2, 1, 9, 5, 0), NULL);
  feed (duplex, s[6], NULL, blank);
  feed (duplex, s[9], fake_page (1, 2, 10, 9, 18, 0), NULL);
  kp_scan_assembly_finish (duplex, FALSE);
  g_assert_cmpstr (events->str, ==, "0006.png blank\n0008.png saved A2: gạch 5 18 []\n");
  for (guint i = 1; i < G_N_ELEMENTS (s); i++)
    kp_scan_source_free (s[i]);
}

/* --- the worker (kp-scan-worker) -------------------------------------------- */

typedef struct
{
  GThread *main;
  GString *log;
  gboolean done;
  gboolean stopped;
  gboolean elsewhere;   /* a callback ran on another thread */
} Worked;

static void
worked_outcome (KpScanOutcome *outcome,
                gpointer       user_data)
{
  Worked *w = user_data;
  g_autoptr(KpScanOutcome) o = outcome;
  g_autofree char *name = g_path_get_basename (o->source ? kp_scan_source_get_name (o->source) : o->where);

  w->elsewhere |= g_thread_self () != w->main;
  g_string_append_printf (w->log, "%u/%u %s p%u %s\n", o->number, o->total, name, o->index,
                          o->page ? "read" : o->error->domain == KP_SCAN_ERROR && o->error->code == KP_SCAN_ERROR_BLANK
                                                ? "blank" : "refused");
}

static void
worked_done (gboolean stopped,
             gpointer user_data)
{
  Worked *w = user_data;

  w->elsewhere |= g_thread_self () != w->main;
  g_assert_false (w->done);
  w->done = TRUE;
  w->stopped = stopped;
}

/* Files and folders are read and recognised on the worker thread; every
 * outcome reaches the thread that started it, in the stack's order, even
 * when that thread was busy elsewhere while the worker ran (it is never
 * run on the worker itself); a file that is not a scan is an outcome too. */
static void
test_worker (void)
{
  g_autoptr(KpCongress) congress = demo ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *sub = g_build_filename (dir, "b", NULL);
  g_autofree char *single = g_build_filename (dir, "a.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(KpGen) gen = NULL;
  g_autoptr(KpGenBallot) ballot = NULL;
  g_autoptr(GBytes) blank = kp_gen_blank_sheet (100, 1);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a JPEG", 10);
  KpGenOptions o = { 150, 0.3, TRUE, FALSE, FALSE, FALSE, FALSE };
  KpScanner *scanner = kp_scanner_new (congress, election_of (congress, "bch"), &error);
  KpScanProducer *producer;
  KpScanWorker *worker;
  Worked w = { g_thread_self (), log };
  guint ignored = 0;
  const char *paths[] = { single, sub, NULL };

  g_assert_no_error (error);
  gen = kp_gen_new (kp_scanner_get_layout (scanner, KP_PAPER_A5, NULL), &error);
  ballot = kp_gen_ballot (gen, 77, &o);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_file (dir, "a.png", ballot->pages->pdata[0]);
  write_file (sub, "2.png", blank);
  write_file (sub, "10.png", ballot->pages->pdata[0]);
  write_file (sub, "3.jpg", text);
  write_file (sub, "notes.txt", text);

  /* A path that is not there is an error before anything runs. */
  g_assert_null (kp_scan_producer_new_files ((const char *const[]) { "/nonexistent/scans", NULL }, &ignored, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  producer = kp_scan_producer_new_files (paths, &ignored, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ignored, ==, 1);
  worker = kp_scan_worker_start (producer, scanner, worked_outcome, worked_done, &w);
  /* Busy elsewhere, the context free: the worker goes on alone. */
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpstr (log->str, ==, "");
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  kp_scan_worker_free (worker);
  g_assert_false (w.elsewhere);
  g_assert_false (w.stopped);
  /* A folder in its names' order, as a scanner numbers them. */
  g_assert_cmpstr (log->str, ==,
                   "1/4 a.png p0 read\n"
                   "2/4 2.png p0 blank\n"
                   "3/4 3.jpg p0 refused\n"
                   "4/4 10.png p0 read\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scan/layout", test_layout);
  g_test_add_func ("/scan/layout/locale", test_layout_locale);
  g_test_add_func ("/scan/identical", test_identical);
  g_test_add_func ("/scan/read/national", test_read_national);
  g_test_add_func ("/scan/read/resolutions", test_read_resolutions);
  g_test_add_func ("/scan/read/yesno", test_read_yesno);
  g_test_add_func ("/scan/read/adversarial", test_read_adversarial);
  g_test_add_func ("/scan/refusals", test_refusals);
  g_test_add_func ("/scan/turned", test_turned_and_pdf);
  g_test_add_func ("/scan/assembly", test_assembly);
  g_test_add_func ("/scan/worker", test_worker);
  g_test_add_func ("/scan/cli/scan", test_cli_scan);
  g_test_add_func ("/scan/forged-decision", test_forged_decision);
  g_test_add_func ("/scan/decision-bound", test_decision_bound);
  g_test_add_func ("/scan/cli/bad-input", test_cli_bad_input);
  g_test_add_func ("/scan/cli/double-entry", test_cli_double_entry);
  g_test_add_func ("/scan/cli/upgrade", test_upgrade);
  g_test_add_func ("/scan/cli/printed", test_cli_printed);
  return g_test_run ();
}
