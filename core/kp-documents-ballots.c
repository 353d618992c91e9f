/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-documents-ballots.c — the ballots (R-FORM-1/2) as PDF, and their
 * geometry for the scanner.
 *
 * One function lays a ballot out and draws it (draw_page); printing calls
 * it for every copy, and kp_documents_ballot_layout () calls it once on a
 * scratch document to learn where every row, box, mark and code went. So
 * the geometry the scanner registers against is the one printed, with no
 * layout constant written twice.
 *
 * For scanning, every page carries four solid registration marks near the
 * corners of its sheet (the A5 half when two ballots share an A4 sheet)
 * and a QR code in the top right corner of the ballot saying which
 * election, round, page and layout it is: "KP1 bch 1 1/2 A4 3fa2c1d09b7e".
 * Nothing on it differs from one ballot of a round to another: a ballot
 * stays anonymous.
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kp-documents-private.h"
#include "kp-documents.h"
#include "kp-pdf.h"

G_DEFINE_QUARK (kp-documents-error-quark, kp_documents_error)

#define MARK KP_MM (4)         /* side of a registration mark */
#define MARK_INSET KP_MM (5)   /* from the edges of the ballot's sheet */
#define CODE KP_MM (16)        /* the code's side, its quiet zone included */
#define MAX_SIZE 13.0
#define MIN_SIZE 8.0
#define MAX_PAGES 12

/* How one election round's ballot is laid out. Coordinates are points from
 * the top-left corner of the ballot's own sheet (A4 portrait, or the A5
 * half of a landscape A4 sheet). */
typedef struct
{
  gboolean two_up;
  double sheet_w, sheet_h;
  KpRect box;        /* the printed area inside the margins */
  guint pages, columns, per_column;
  double size;       /* of the names */
  double list_top[2]; /* where the list starts: page 1, and the pages after it */
  char *digest;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->digest, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

static const KpPageSetup landscape = { KP_A4_HEIGHT, KP_A4_WIDTH, KP_MM (10), KP_MM (10), KP_MM (10), KP_MM (10) };
static const KpPageSetup portrait = { KP_A4_WIDTH, KP_A4_HEIGHT, KP_MM (12), KP_MM (12), KP_MM (15), KP_MM (15) };

static GStrv
cells (const char *first,
       ...)
{
  GPtrArray *out = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *c = first; c; c = va_arg (args, const char *))
    g_ptr_array_add (out, g_strdup (c));
  va_end (args);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static gboolean
is_yesno (const KpElection *election)
{
  return kp_election_get_form (election) == KP_BALLOT_FORM_YESNO;
}

/* The table's columns for @columns side by side in the box. */
static guint
table_columns (const KpElection *election,
               const Plan       *plan,
               KpPdfColumn      *out)
{
  double w = plan->box.w;

  if (is_yesno (election))
    {
      out[0] = (KpPdfColumn) { "STT", 34, KP_ALIGN_CENTER };
      out[1] = (KpPdfColumn) { "Họ và tên", w - 34 - 2 * 80, KP_ALIGN_LEFT };
      out[2] = (KpPdfColumn) { "Đồng ý", 80, KP_ALIGN_CENTER };
      out[3] = (KpPdfColumn) { "Không đồng ý", 80, KP_ALIGN_CENTER };
      return 4;
    }
  out[0] = (KpPdfColumn) { "STT", 30, KP_ALIGN_CENTER };
  out[1] = (KpPdfColumn) { "Họ và tên", w / plan->columns - 30 - (plan->columns > 1 ? 6 : 0), KP_ALIGN_LEFT };
  return 2;
}

/* The rows of one column of one page: names [first, last). */
static GPtrArray *
table_rows (const KpElection *election,
            GStrv             shown,
            guint             first,
            guint             last)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = first; i < MIN (last, election->candidates->len); i++)
    {
      const KpCandidate *c = g_ptr_array_index (election->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);

      if (is_yesno (election))
        g_ptr_array_add (rows, cells (no, shown[i], "", "", NULL));
      else
        g_ptr_array_add (rows, cells (no, shown[i], NULL));
    }
  return rows;
}

static char *
code_text (const KpElection *election,
           const Plan       *plan,
           guint             page)
{
  return g_strdup_printf ("KP1 %s %u %u/%u %s %s", election->id, election->round, page + 1, plan->pages,
                          plan->two_up ? "A5" : "A4", plan->digest);
}

/* The page's top: marks, code and header. Returns where the list starts.
 * @ox: the left edge of the ballot's sheet on the PDF page. */
static double
draw_header (KpPdf            *pdf,
             const KpCongress *congress,
             const KpElection *election,
             const Plan       *plan,
             double            ox,
             guint             page,
             KpBallotLayout   *layout)
{
  double x = ox + plan->box.x, w = plan->box.w, y = plan->box.y, size;
  double stamp_w = MIN (KP_MM (38), w * 0.34), stamp_h = KP_MM (24);
  double text_x = x + stamp_w + 4, text_w = w - stamp_w - CODE - 8;
  g_autofree char *code = code_text (election, plan, page);
  const KpRect marks[4] = {
    { MARK_INSET, MARK_INSET, MARK, MARK },
    { plan->sheet_w - MARK_INSET - MARK, MARK_INSET, MARK, MARK },
    { MARK_INSET, plan->sheet_h - MARK_INSET - MARK, MARK, MARK },
    { plan->sheet_w - MARK_INSET - MARK, plan->sheet_h - MARK_INSET - MARK, MARK, MARK },
  };

  for (guint m = 0; m < 4; m++)
    kp_pdf_fill_rect (pdf, ox + marks[m].x, marks[m].y, marks[m].w, marks[m].h);
  kp_pdf_qr (pdf, x + w - CODE, y, CODE, code);
  if (layout != NULL && page == 0)
    {
      memcpy (layout->marks, marks, sizeof marks);
      layout->code = (KpRect) { x + w - CODE - ox, y, CODE, CODE };
    }

  if (page > 0)
    {
      g_autofree char *line = g_strdup_printf ("PHIẾU BẦU CỬ (tiếp theo, trang %u/%u)", page + 1, plan->pages);
      size = kp_pdf_fit_size (pdf, KP_FONT_BOLD, 12, 8, w - CODE - 8, line);
      kp_pdf_text (pdf, KP_FONT_BOLD, size, x, y + CODE / 2 + size / 2, KP_ALIGN_CENTER, w - CODE - 8, line);
      return y + CODE + 8;
    }

  /* R-FORM-1: the stamp goes in the upper-left corner. */
  kp_pdf_rect (pdf, x, y, stamp_w, stamp_h, 0.4, TRUE);
  if (layout != NULL)
    layout->stamp = (KpRect) { x - ox, y, stamp_w, stamp_h };
  size = kp_pdf_fit_size (pdf, KP_FONT_REGULAR, 11, 8, text_w, congress->organization);
  kp_pdf_text (pdf, KP_FONT_REGULAR, size, text_x, y + 12, KP_ALIGN_CENTER, text_w, congress->organization);
  size = kp_pdf_fit_size (pdf, KP_FONT_REGULAR, 11, 8, text_w, congress->name);
  kp_pdf_text (pdf, KP_FONT_REGULAR, size, text_x, y + 26, KP_ALIGN_CENTER, text_w, congress->name);
  size = kp_pdf_fit_size (pdf, KP_FONT_BOLD, 12, 8, text_w, "ĐẢNG CỘNG SẢN VIỆT NAM");
  kp_pdf_text (pdf, KP_FONT_BOLD, size, text_x, y + 44, KP_ALIGN_CENTER, text_w, "ĐẢNG CỘNG SẢN VIỆT NAM");
  y += stamp_h + 10;

  kp_pdf_text (pdf, KP_FONT_BOLD, 18, x, y + 18, KP_ALIGN_CENTER, w, "PHIẾU BẦU CỬ");
  y += 26;
  kp_pdf_set_y (pdf, y);
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 12, KP_ALIGN_CENTER, x, w, 0, election->title);
  y = kp_pdf_get_y (pdf);
  if (election->round > 1)
    {
      g_autofree char *round_words = _kp_documents_ordinal (election->round);
      g_autofree char *line = g_strdup_printf ("(Bầu lần thứ %s)", round_words);
      kp_pdf_text (pdf, KP_FONT_ITALIC, 12, x, y + 12, KP_ALIGN_CENTER, w, line);
      y += 16;
    }
  if (plan->pages > 1)
    {
      g_autofree char *line = g_strdup_printf ("(Phiếu gồm %u trang)", plan->pages);
      kp_pdf_text (pdf, KP_FONT_ITALIC, 11, x, y + 11, KP_ALIGN_CENTER, w, line);
      y += 15;
    }
  return y + 6;
}

/* One page of one ballot; with @layout, records where its rows went. */
static void
draw_page (KpPdf            *pdf,
           const KpCongress *congress,
           const KpElection *election,
           GStrv             shown,
           const Plan       *plan,
           double            ox,
           guint             page,
           KpBallotLayout   *layout)
{
  KpPdfColumn cols[4];
  guint n_cols = table_columns (election, plan, cols);
  double y = draw_header (pdf, congress, election, plan, ox, page, layout);
  double cw = plan->box.w / plan->columns;
  guint pdf_page = kp_pdf_page_count (pdf);

  for (guint c = 0; c < plan->columns; c++)
    {
      guint chunk = page * plan->columns + c;
      g_autoptr(GPtrArray) rows = table_rows (election, shown, chunk * plan->per_column,
                                              (chunk + 1) * plan->per_column);
      g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (KpPdfRowBox));
      double tx = ox + plan->box.x + c * cw;

      if (rows->len == 0)
        continue;
      kp_pdf_set_y (pdf, y);
      kp_pdf_table_rows_at (pdf, tx, cols, n_cols, rows, plan->size, boxes);
      /* The plan measured every table with the same rows: none runs onto
       * another page. */
      g_assert (kp_pdf_page_count (pdf) == pdf_page);
      if (layout == NULL)
        continue;
      {
        KpBallotTable table = { page, { tx - ox, y, 0, kp_pdf_get_y (pdf) - y } };
        for (guint k = 0; k < n_cols; k++)
          table.rect.w += cols[k].width;
        g_array_append_val (layout->tables, table);
      }
      for (guint r = 0; r < boxes->len; r++)
        {
          const KpPdfRowBox *b = &g_array_index (boxes, KpPdfRowBox, r);
          KpBallotRow row = { 0 };
          double cx = tx - ox;

          row.no = chunk * plan->per_column + r + 1;
          row.page = page;
          row.row = (KpRect) { cx, b->y, 0, b->height };
          for (guint k = 0; k < n_cols; k++)
            {
              KpRect cell = { cx, b->y, cols[k].width, b->height };
              if (k == 0)
                row.number = cell;
              else if (k == 1)
                row.name = cell;
              else if (k == 2)
                row.agree = cell;
              else
                row.disagree = cell;
              cx += cols[k].width;
              row.row.w += cols[k].width;
            }
          g_array_append_val (layout->rows, row);
        }
    }
}

/* Does every column of every page fit below its header? */
static gboolean
fits (KpPdf            *pdf,
      const KpElection *election,
      GStrv             shown,
      const Plan       *plan)
{
  KpPdfColumn cols[4];
  guint n_cols = table_columns (election, plan, cols);
  double bottom = plan->box.y + plan->box.h;

  for (guint p = 0; p < plan->pages; p++)
    for (guint c = 0; c < plan->columns; c++)
      {
        guint chunk = p * plan->columns + c;
        g_autoptr(GPtrArray) rows = table_rows (election, shown, chunk * plan->per_column,
                                                (chunk + 1) * plan->per_column);

        if (rows->len > 0
            && plan->list_top[p > 0] + kp_pdf_table_height (pdf, cols, n_cols, rows, plan->size) > bottom)
          return FALSE;
      }
  return TRUE;
}

/* What identifies the layout: everything printed on it that the rows'
 * places follow from, and the layout's version. */
static char *
layout_digest (const KpCongress *congress,
               const KpElection *election,
               GStrv             shown,
               const Plan       *plan)
{
  g_autoptr(GString) text = g_string_new ("kiemphieu-ballot@1\n");
  g_autofree char *hex = NULL;
  char size[G_ASCII_DTOSTR_BUF_SIZE], top0[G_ASCII_DTOSTR_BUF_SIZE], top1[G_ASCII_DTOSTR_BUF_SIZE];

  /* The same in every locale: a ballot printed under one language is read
   * under another (vi_VN writes "12,5"). */
  g_ascii_formatd (size, sizeof size, "%.1f", plan->size);
  g_ascii_formatd (top0, sizeof top0, "%.1f", plan->list_top[0]);
  g_ascii_formatd (top1, sizeof top1, "%.1f", plan->list_top[1]);
  g_string_append_printf (text, "%s %u %u %u %s %s %s\n", plan->two_up ? "A5" : "A4", plan->pages,
                          plan->columns, plan->per_column, size, top0, top1);
  g_string_append_printf (text, "%s\n%s\n%s\n%s\n%u\n%d\n", congress->organization, congress->name, election->id,
                          election->title, election->round, is_yesno (election));
  for (guint i = 0; shown[i]; i++)
    g_string_append_printf (text, "%s\n", shown[i]);
  /* A rehearsal's ballots (THỬ NGHIỆM) are not the real congress's: their
   * code differs, and the real file refuses them as another layout. Real
   * ballots keep the digest they always had. */
  if (congress->rehearsal)
    g_string_append (text, "rehearsal\n");
  hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, text->len);
  return g_strndup (hex, 12);
}

/* R-FORM-1/2: the largest size from 13 down to 8 pt, one to three columns
 * (strike form), on the fewest pages that hold the list; names never
 * overflow their cell. A list too long for an A5 half is printed on A4
 * when the paper was left to choose (@paper AUTO). */
static gboolean
make_plan (const KpCongress *congress,
           const KpElection *election,
           KpPaper           paper,
           GStrv             shown,
           Plan             *plan,
           GError          **error)
{
  gboolean yesno = is_yesno (election);
  gboolean two_up = paper == KP_PAPER_A5
                    || (paper == KP_PAPER_AUTO && election->candidates->len <= (yesno ? 14 : 20));
  g_autoptr(KpPdf) pdf = kp_pdf_new (two_up ? &landscape : &portrait, error);

  if (pdf == NULL)
    return FALSE;
  memset (plan, 0, sizeof *plan);
  plan->two_up = two_up;
  if (two_up)
    {
      plan->sheet_w = KP_A4_HEIGHT / 2;
      plan->sheet_h = KP_A4_WIDTH;
      plan->box = (KpRect) { KP_MM (10), KP_MM (10), KP_A4_HEIGHT / 2 - KP_MM (20), KP_A4_WIDTH - KP_MM (20) };
    }
  else
    {
      plan->sheet_w = KP_A4_WIDTH;
      plan->sheet_h = KP_A4_HEIGHT;
      plan->box = (KpRect) { KP_MM (15), KP_MM (12), KP_A4_WIDTH - KP_MM (30), KP_A4_HEIGHT - KP_MM (24) };
    }
  plan->columns = 1;
  plan->digest = g_strdup ("000000000000");

  for (plan->pages = 1; plan->pages <= MAX_PAGES; plan->pages++)
    {
      /* Where the list starts, measured by drawing the headers. */
      kp_pdf_new_page (pdf);
      plan->list_top[0] = draw_header (pdf, congress, election, plan, 0, 0, NULL);
      plan->list_top[1] = draw_header (pdf, congress, election, plan, 0, 1, NULL);

      for (plan->size = MAX_SIZE; plan->size >= MIN_SIZE; plan->size -= 0.5)
        for (plan->columns = 1; plan->columns <= (yesno ? 1 : 3); plan->columns++)
          {
            if (plan->columns > 1 && plan->box.w / plan->columns <= 150)
              break;
            plan->per_column = (election->candidates->len + plan->pages * plan->columns - 1)
                               / (plan->pages * plan->columns);
            /* Every page holds a name. */
            if ((plan->pages - 1) * plan->columns * plan->per_column >= election->candidates->len)
              continue;
            if (fits (pdf, election, shown, plan))
              goto found;
          }
      if (two_up && paper == KP_PAPER_AUTO)
        return make_plan (congress, election, KP_PAPER_A4, shown, plan, error);
      if (two_up)
        {
          g_set_error (error, KP_DOCUMENTS_ERROR, KP_DOCUMENTS_ERROR_TOO_LONG,
                       _ ("the list of %s (%u names) does not fit an A5 ballot; print it on A4"), election->id,
                       election->candidates->len);
          return FALSE;
        }
    }
  g_set_error (error, KP_DOCUMENTS_ERROR, KP_DOCUMENTS_ERROR_TOO_LONG,
               _ ("the list of %s (%u names) does not fit a ballot of %u pages"), election->id,
               election->candidates->len, MAX_PAGES);
  return FALSE;

found:
  g_free (plan->digest);
  plan->digest = layout_digest (congress, election, shown, plan);
  return TRUE;
}

static void
cut_marks (KpPdf  *pdf,
           double  x,
           double  top,
           double  bottom)
{
  kp_pdf_line (pdf, x, top, x, bottom, 0.3, TRUE);
  kp_pdf_line (pdf, x, 2, x, KP_MM (6), 0.6, FALSE);
}

/**
 * kp_documents_ballots_pdf:
 * @copies: ballots to print
 * @paper: %KP_PAPER_A5 prints two ballots per A4 sheet (cut along the
 *   marks); %KP_PAPER_AUTO chooses A5 when the list fits it
 *
 * R-FORM-1/2: the ballots of one election round. A list too long for one
 * page is printed on several (each page says which); every page carries
 * the registration marks and the round's code (identical on every ballot).
 *
 * Returns: (transfer full): the PDF, in memory, or %NULL with @error set.
 */
GBytes *
kp_documents_ballots_pdf (const KpCongress  *congress,
                          const KpElection  *election,
                          guint              copies,
                          KpPaper            paper,
                          const char        *watermark,
                          GError           **error)
{
  g_auto(Plan) plan = { 0 };
  g_auto(GStrv) shown = kp_election_get_display_names (election); /* R-LIST-2: namesakes */
  g_autoptr(KpPdf) pdf = NULL;
  g_autofree char *title = g_strdup_printf ("Phiếu bầu — %s", election->title);

  g_return_val_if_fail (copies > 0, NULL);

  if (!make_plan (congress, election, paper, shown, &plan, error))
    return NULL;
  pdf = kp_pdf_new (plan.two_up ? &landscape : &portrait, error);
  if (pdf == NULL)
    return NULL;
  kp_pdf_set_title (pdf, title);
  kp_pdf_set_watermark (pdf, watermark);

  for (guint copy = 0; copy < copies;)
    {
      if (plan.two_up)
        {
          double half = KP_A4_HEIGHT / 2;

          kp_pdf_new_page (pdf);
          for (guint side = 0; side < 2 && copy < copies; side++, copy++)
            draw_page (pdf, congress, election, shown, &plan, side * half, 0, NULL);
          cut_marks (pdf, half, KP_MM (8), KP_A4_WIDTH - KP_MM (8));
        }
      else
        {
          for (guint page = 0; page < plan.pages; page++)
            {
              kp_pdf_new_page (pdf);
              draw_page (pdf, congress, election, shown, &plan, 0, page, NULL);
            }
          copy++;
        }
    }
  return kp_pdf_render (pdf, error);
}

/**
 * kp_documents_ballots:
 *
 * kp_documents_ballots_pdf (), written to @path.
 */
gboolean
kp_documents_ballots (const KpCongress  *congress,
                      const KpElection  *election,
                      guint              copies,
                      KpPaper            paper,
                      const char        *watermark,
                      const char        *path,
                      GError           **error)
{
  g_autoptr(GBytes) pdf = kp_documents_ballots_pdf (congress, election, copies, paper, watermark, error);

  return pdf != NULL && kp_pdf_write_file (pdf, path, error);
}

/**
 * kp_documents_ballot_layout:
 * @paper: as for kp_documents_ballots ()
 *
 * Where everything is on the ballots kp_documents_ballots () prints for
 * this round and paper, from the same code that draws them: every row, the
 * agree/disagree boxes, the registration marks, the code; and one blank
 * ballot as PDF (the scanner's reference for the ink that print explains).
 *
 * Returns: (transfer full): the layout, or %NULL with @error set.
 */
KpBallotLayout *
kp_documents_ballot_layout (const KpCongress  *congress,
                            const KpElection  *election,
                            KpPaper            paper,
                            GError           **error)
{
  g_auto(Plan) plan = { 0 };
  g_auto(GStrv) shown = kp_election_get_display_names (election);
  g_autoptr(KpBallotLayout) layout = g_new0 (KpBallotLayout, 1);
  g_autoptr(KpPdf) pdf = NULL;

  if (!make_plan (congress, election, paper, shown, &plan, error))
    return NULL;
  pdf = kp_pdf_new (plan.two_up ? &landscape : &portrait, error);
  if (pdf == NULL)
    return NULL;

  layout->paper = plan.two_up ? KP_PAPER_A5 : KP_PAPER_A4;
  layout->form = kp_election_get_form (election);
  layout->width = plan.sheet_w;
  layout->height = plan.sheet_h;
  layout->pages = plan.pages;
  layout->box = plan.box;
  layout->election = g_strdup (election->id);
  layout->round = election->round;
  layout->digest = g_strdup (plan.digest);
  layout->codes = g_new0 (char *, plan.pages + 1);
  layout->rows = g_array_new (FALSE, TRUE, sizeof (KpBallotRow));
  layout->tables = g_array_new (FALSE, TRUE, sizeof (KpBallotTable));
  for (guint page = 0; page < plan.pages; page++)
    {
      layout->codes[page] = code_text (election, &plan, page);
      kp_pdf_new_page (pdf);
      draw_page (pdf, congress, election, shown, &plan, 0, page, layout);
    }
  g_assert (layout->rows->len == election->candidates->len);
  layout->pdf = kp_pdf_render (pdf, error);
  if (layout->pdf == NULL)
    return NULL;
  return g_steal_pointer (&layout);
}

void
kp_ballot_layout_free (KpBallotLayout *layout)
{
  if (layout == NULL)
    return;
  g_strfreev (layout->codes);
  g_free (layout->election);
  g_free (layout->digest);
  g_clear_pointer (&layout->rows, g_array_unref);
  g_clear_pointer (&layout->tables, g_array_unref);
  g_clear_pointer (&layout->pdf, g_bytes_unref);
  g_free (layout);
}
