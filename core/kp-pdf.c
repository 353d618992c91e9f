/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-pdf.c — PDF pages with Vietnamese text, on top of libharu. */

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kp-pdf.h"
#include "kp-qr.h"

G_DEFINE_QUARK (kp-pdf-error-quark, kp_pdf_error)

#define FONT_FAMILY "Liberation Serif"
#define LEADING 1.25

struct _KpPdf
{
  HPDF_Doc doc;
  HPDF_Font fonts[KP_N_FONT_STYLES];
  KpPageSetup setup;
  GPtrArray *pages; /* HPDF_Page, borrowed from doc */
  HPDF_Page page;
  double y;         /* cursor, points from the top */
  char *watermark;
  gboolean page_numbers;
  HPDF_STATUS error_no;
  HPDF_STATUS detail_no;
};

static void
error_cb (HPDF_STATUS  error_no,
          HPDF_STATUS  detail_no,
          void        *user_data)
{
  KpPdf *pdf = user_data;

  if (pdf->error_no == 0)
    {
      pdf->error_no = error_no;
      pdf->detail_no = detail_no;
    }
}

/* libharu copies its encoding CMap into /ToUnicode, which PDF readers
 * reject. Codes are Unicode code points (UTF-8 encoder, Identity-H), so the
 * right map is the identity for the ranges a Vietnamese document uses,
 * written as bfchar pairs, at most 100 a block (tech-notes.md). */
static void
attach_to_unicode (KpPdf     *pdf,
                   HPDF_Font  font)
{
  static const guint ranges[][2] = {
    { 0x0020, 0x024F }, { 0x0300, 0x036F }, { 0x1E00, 0x1EFF },
    { 0x2000, 0x206F }, { 0x20A0, 0x20CF }, { 0x2100, 0x215F },
  };
  g_autoptr(GString) cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n"
                                          "12 dict begin\nbegincmap\n"
                                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                          "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                          "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  g_autoptr(GArray) codes = g_array_new (FALSE, FALSE, sizeof (guint));
  HPDF_Dict stream;

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (guint c = ranges[r][0]; c <= ranges[r][1]; c++)
      g_array_append_val (codes, c);
  for (guint i = 0; i < codes->len; i += 100)
    {
      guint n = MIN (100, codes->len - i);
      g_string_append_printf (cmap, "%u beginbfchar\n", n);
      for (guint j = 0; j < n; j++)
        {
          guint c = g_array_index (codes, guint, i + j);
          g_string_append_printf (cmap, "<%04X> <%04X>\n", c, c);
        }
      g_string_append (cmap, "endbfchar\n");
    }
  g_string_append (cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

  stream = HPDF_DictStream_New (pdf->doc->mmgr, pdf->doc->xref);
  if (stream == NULL)
    return;
  stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Stream_WriteStr (stream->stream, cmap->str);
  HPDF_Dict_Add (font, "ToUnicode", stream);
}

static gboolean
check (KpPdf   *pdf,
       GError **error)
{
  if (pdf->error_no == 0)
    return TRUE;
  g_set_error (error, KP_PDF_ERROR, KP_PDF_ERROR_LIBHARU, _ ("libharu error 0x%04X (detail %u)"),
               (guint) pdf->error_no, (guint) pdf->detail_no);
  return FALSE;
}

/**
 * kp_pdf_new:
 *
 * Returns: (transfer full): an empty document with the four Liberation Serif
 * faces embedded, or %NULL with @error set (a missing font is an error).
 */
KpPdf *
kp_pdf_new (const KpPageSetup  *setup,
            GError            **error)
{
  g_autoptr(KpPdf) pdf = g_new0 (KpPdf, 1);

  pdf->setup = *setup;
  pdf->pages = g_ptr_array_new ();
  pdf->doc = HPDF_New (error_cb, pdf);
  if (pdf->doc == NULL)
    {
      g_set_error (error, KP_PDF_ERROR, KP_PDF_ERROR_LIBHARU, _ ("libharu cannot start"));
      return NULL;
    }
  HPDF_SetCompressionMode (pdf->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (pdf->doc);

  for (KpFontStyle s = 0; s < KP_N_FONT_STYLES; s++)
    {
      g_autofree char *file = kp_fonts_find (FONT_FAMILY, s, error);
      const char *name;

      if (file == NULL)
        return NULL;
      name = HPDF_LoadTTFontFromFile (pdf->doc, file, HPDF_TRUE);
      if (name == NULL)
        {
          g_set_error (error, KP_PDF_ERROR, KP_PDF_ERROR_FONT, _ ("%s: libharu cannot load this font"), file);
          return NULL;
        }
      pdf->fonts[s] = HPDF_GetFont (pdf->doc, name, "UTF-8");
      if (pdf->fonts[s] == NULL)
        {
          g_set_error (error, KP_PDF_ERROR, KP_PDF_ERROR_FONT, _ ("%s: no UTF-8 encoding for this font"), file);
          return NULL;
        }
      attach_to_unicode (pdf, pdf->fonts[s]);
    }
  if (!check (pdf, error))
    return NULL;
  return g_steal_pointer (&pdf);
}

void
kp_pdf_free (KpPdf *pdf)
{
  if (pdf == NULL)
    return;
  if (pdf->doc)
    HPDF_Free (pdf->doc);
  g_ptr_array_unref (pdf->pages);
  g_free (pdf->watermark);
  g_free (pdf);
}

/**
 * kp_pdf_set_watermark:
 * @text: (nullable): e.g. "CHƯA CHÍNH THỨC", drawn across every page
 *   created afterwards
 */
void
kp_pdf_set_watermark (KpPdf      *pdf,
                      const char *text)
{
  g_free (pdf->watermark);
  pdf->watermark = g_strdup (text);
}

/**
 * kp_pdf_set_page_numbers:
 *
 * "Trang 2/3" centred at the top of every page but the first (36-HD/VPTW).
 */
void
kp_pdf_set_page_numbers (KpPdf    *pdf,
                         gboolean  from_page_two)
{
  pdf->page_numbers = from_page_two;
}

void
kp_pdf_set_title (KpPdf      *pdf,
                  const char *title)
{
  HPDF_SetInfoAttr (pdf->doc, HPDF_INFO_TITLE, title);
  HPDF_SetInfoAttr (pdf->doc, HPDF_INFO_CREATOR, "KiemPhieu");
}

static double
page_y (KpPdf  *pdf,
        double  y)
{
  return pdf->setup.height - y;
}

/* The status of a document ("CHƯA CHÍNH THỨC", "THỬ NGHIỆM") in a ruled box
 * in the top and bottom margins of every page: always visible, and it keeps
 * the body text extractable in reading order (a diagonal watermark would be
 * read into the middle of the text). */
static void
draw_watermark (KpPdf *pdf)
{
  const double size = 12, pad = 4;
  double width = kp_pdf_text_width (pdf, KP_FONT_BOLD, size, pdf->watermark) + 2 * pad;
  double x = pdf->setup.width - pdf->setup.right - width;
  double top = MAX (4, pdf->setup.top / 2 - size);
  double bottom = pdf->setup.height - pdf->setup.bottom / 2 - size / 2 - pad;

  for (guint i = 0; i < 2; i++)
    {
      double y = i == 0 ? top : bottom;
      double bx = i == 0 ? x : (pdf->setup.width - width) / 2;

      HPDF_Page_SetRGBStroke (pdf->page, 0.6, 0, 0);
      HPDF_Page_SetRGBFill (pdf->page, 0.6, 0, 0);
      HPDF_Page_SetLineWidth (pdf->page, 1);
      HPDF_Page_Rectangle (pdf->page, bx, page_y (pdf, y + size + 2 * pad), width, size + 2 * pad);
      HPDF_Page_Stroke (pdf->page);
      HPDF_Page_BeginText (pdf->page);
      HPDF_Page_SetFontAndSize (pdf->page, pdf->fonts[KP_FONT_BOLD], size);
      HPDF_Page_TextOut (pdf->page, bx + pad, page_y (pdf, y + pad + size * 0.85), pdf->watermark);
      HPDF_Page_EndText (pdf->page);
      HPDF_Page_SetRGBStroke (pdf->page, 0, 0, 0);
      HPDF_Page_SetRGBFill (pdf->page, 0, 0, 0);
    }
}

void
kp_pdf_new_page (KpPdf *pdf)
{
  pdf->page = HPDF_AddPage (pdf->doc);
  HPDF_Page_SetWidth (pdf->page, pdf->setup.width);
  HPDF_Page_SetHeight (pdf->page, pdf->setup.height);
  g_ptr_array_add (pdf->pages, pdf->page);
  pdf->y = pdf->setup.top;
  if (pdf->watermark)
    draw_watermark (pdf);
}

double
kp_pdf_get_y (KpPdf *pdf)
{
  return pdf->y;
}

void
kp_pdf_set_y (KpPdf  *pdf,
              double  y)
{
  pdf->y = y;
}

guint
kp_pdf_page_count (KpPdf *pdf)
{
  return pdf->pages->len;
}

double
kp_pdf_left (KpPdf *pdf)
{
  return pdf->setup.left;
}

double
kp_pdf_content_width (KpPdf *pdf)
{
  return pdf->setup.width - pdf->setup.left - pdf->setup.right;
}

double
kp_pdf_bottom_limit (KpPdf *pdf)
{
  return pdf->setup.height - pdf->setup.bottom;
}

void
kp_pdf_space (KpPdf  *pdf,
              double  points)
{
  pdf->y += points;
}

/**
 * kp_pdf_ensure:
 *
 * Starts a new page unless @height points fit below the cursor.
 *
 * Returns: %TRUE when a new page was started.
 */
gboolean
kp_pdf_ensure (KpPdf  *pdf,
               double  height)
{
  if (pdf->page != NULL && pdf->y + height <= kp_pdf_bottom_limit (pdf))
    return FALSE;
  kp_pdf_new_page (pdf);
  return TRUE;
}

double
kp_pdf_text_width (KpPdf       *pdf,
                   KpFontStyle  style,
                   double       size,
                   const char  *text)
{
  HPDF_TextWidth tw = HPDF_Font_TextWidth (pdf->fonts[style], (const HPDF_BYTE *) text, strlen (text));
  return tw.width * size / 1000.0;
}

/**
 * kp_pdf_fit_size:
 *
 * Returns: @size, or the largest size down to @min_size at which @text fits
 * in @width (then @min_size, and the caller wraps).
 */
double
kp_pdf_fit_size (KpPdf       *pdf,
                 KpFontStyle  style,
                 double       size,
                 double       min_size,
                 double       width,
                 const char  *text)
{
  double w = kp_pdf_text_width (pdf, style, size, text);

  if (w <= width)
    return size;
  return MAX (min_size, floor (size * width / w * 10) / 10);
}

static void
add_broken_word (KpPdf       *pdf,
                 KpFontStyle  style,
                 double       size,
                 double       width,
                 const char  *word,
                 GPtrArray   *lines,
                 GString     *line)
{
  /* A single word wider than the line: break it between characters. */
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *attempt = g_strdup_printf ("%s%.*s", line->str, (int) (g_utf8_next_char (p) - p), p);
      if (line->len > 0 && kp_pdf_text_width (pdf, style, size, attempt) > width)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
        }
      g_string_append_len (line, p, g_utf8_next_char (p) - p);
    }
}

/**
 * kp_pdf_wrap:
 *
 * Breaks @text into lines no wider than @width at spaces (and inside a word
 * only when the word alone is too wide). "\n" forces a break.
 *
 * Returns: (transfer full) (element-type utf8): the lines, at least one.
 */
GPtrArray *
kp_pdf_wrap (KpPdf       *pdf,
             KpFontStyle  style,
             double       size,
             double       width,
             const char  *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint p = 0; paragraphs[p]; p++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[p], " ", -1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint w = 0; words[w]; w++)
        {
          g_autofree char *attempt = NULL;

          if (*words[w] == '\0')
            continue;
          attempt = line->len ? g_strdup_printf ("%s %s", line->str, words[w]) : g_strdup (words[w]);
          if (kp_pdf_text_width (pdf, style, size, attempt) <= width)
            {
              g_string_assign (line, attempt);
              continue;
            }
          if (line->len > 0)
            {
              g_ptr_array_add (lines, g_strdup (line->str));
              g_string_truncate (line, 0);
            }
          if (kp_pdf_text_width (pdf, style, size, words[w]) <= width)
            g_string_assign (line, words[w]);
          else
            add_broken_word (pdf, style, size, width, words[w], lines, line);
        }
      g_ptr_array_add (lines, g_strdup (line->str));
    }
  return lines;
}

/**
 * kp_pdf_text:
 * @baseline: points from the top of the page
 * @width: the box @align applies to (ignored for %KP_ALIGN_LEFT)
 *
 * Draws one line of text on the current page, without moving the cursor.
 */
void
kp_pdf_text (KpPdf       *pdf,
             KpFontStyle  style,
             double       size,
             double       x,
             double       baseline,
             KpAlign      align,
             double       width,
             const char  *text)
{
  double w;

  if (*text == '\0')
    return;
  if (pdf->page == NULL)
    kp_pdf_new_page (pdf);
  w = kp_pdf_text_width (pdf, style, size, text);
  if (align == KP_ALIGN_CENTER)
    x += (width - w) / 2;
  else if (align == KP_ALIGN_RIGHT)
    x += width - w;
  HPDF_Page_BeginText (pdf->page);
  HPDF_Page_SetFontAndSize (pdf->page, pdf->fonts[style], size);
  HPDF_Page_TextOut (pdf->page, x, page_y (pdf, baseline), text);
  HPDF_Page_EndText (pdf->page);
}

static void
justified_line (KpPdf       *pdf,
                KpFontStyle  style,
                double       size,
                double       x,
                double       baseline,
                double       width,
                const char  *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint n = g_strv_length (words);
  double total = 0, gap;

  if (n < 2)
    {
      kp_pdf_text (pdf, style, size, x, baseline, KP_ALIGN_LEFT, width, line);
      return;
    }
  for (guint i = 0; i < n; i++)
    total += kp_pdf_text_width (pdf, style, size, words[i]);
  gap = (width - total) / (n - 1);
  for (guint i = 0; i < n; i++)
    {
      kp_pdf_text (pdf, style, size, x, baseline, KP_ALIGN_LEFT, 0, words[i]);
      x += kp_pdf_text_width (pdf, style, size, words[i]) + gap;
    }
}

/**
 * kp_pdf_paragraph:
 * @first_indent: extra indent of the first line
 *
 * Flows @text from the cursor, onto new pages as needed, and moves the
 * cursor below it.
 */
void
kp_pdf_paragraph (KpPdf       *pdf,
                  KpFontStyle  style,
                  double       size,
                  KpAlign      align,
                  double       x,
                  double       width,
                  double       first_indent,
                  const char  *text)
{
  g_autoptr(GPtrArray) lines = NULL;
  double leading = size * LEADING;

  /* Wrap the first line narrower by the indent: wrap everything at the
   * narrower width only for the first line's sake would waste space, so
   * wrap the first line alone, then the rest. */
  if (first_indent > 0)
    {
      g_autoptr(GPtrArray) first = kp_pdf_wrap (pdf, style, size, width - first_indent, text);
      const char *rest = text;
      guint used = 0;

      /* Find where the first line ends in @text. */
      if (first->len > 1)
        {
          const char *line0 = g_ptr_array_index (first, 0);
          used = strlen (line0);
          rest = text + used;
          while (*rest == ' ')
            rest++;
        }
      else
        rest = "";
      lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (lines, g_strdup (g_ptr_array_index (first, 0)));
      if (*rest)
        {
          g_autoptr(GPtrArray) more = kp_pdf_wrap (pdf, style, size, width, rest);
          for (guint i = 0; i < more->len; i++)
            g_ptr_array_add (lines, g_strdup (g_ptr_array_index (more, i)));
        }
    }
  else
    lines = kp_pdf_wrap (pdf, style, size, width, text);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      double lx = x + (i == 0 ? first_indent : 0);
      double lw = width - (i == 0 ? first_indent : 0);
      double baseline;

      kp_pdf_ensure (pdf, leading);
      baseline = pdf->y + size * 0.92;
      if (align == KP_ALIGN_JUSTIFY && i + 1 < lines->len && strchr (line, ' '))
        justified_line (pdf, style, size, lx, baseline, lw, line);
      else
        kp_pdf_text (pdf, style, size, lx, baseline, align == KP_ALIGN_JUSTIFY ? KP_ALIGN_LEFT : align,
                     lw, line);
      pdf->y += leading;
    }
}

void
kp_pdf_line (KpPdf    *pdf,
             double    x1,
             double    y1,
             double    x2,
             double    y2,
             double    line_width,
             gboolean  dashed)
{
  static const HPDF_UINT16 dash[] = { 3, 2 };

  if (pdf->page == NULL)
    kp_pdf_new_page (pdf);
  HPDF_Page_SetLineWidth (pdf->page, line_width);
  HPDF_Page_SetDash (pdf->page, dashed ? dash : NULL, dashed ? 2 : 0, 0);
  HPDF_Page_MoveTo (pdf->page, x1, page_y (pdf, y1));
  HPDF_Page_LineTo (pdf->page, x2, page_y (pdf, y2));
  HPDF_Page_Stroke (pdf->page);
  HPDF_Page_SetDash (pdf->page, NULL, 0, 0);
}

void
kp_pdf_rect (KpPdf    *pdf,
             double    x,
             double    y,
             double    w,
             double    h,
             double    line_width,
             gboolean  dashed)
{
  static const HPDF_UINT16 dash[] = { 3, 2 };

  if (pdf->page == NULL)
    kp_pdf_new_page (pdf);
  HPDF_Page_SetLineWidth (pdf->page, line_width);
  HPDF_Page_SetDash (pdf->page, dashed ? dash : NULL, dashed ? 2 : 0, 0);
  HPDF_Page_Rectangle (pdf->page, x, page_y (pdf, y + h), w, h);
  HPDF_Page_Stroke (pdf->page);
  HPDF_Page_SetDash (pdf->page, NULL, 0, 0);
}

/**
 * kp_pdf_fill_rect:
 *
 * A solid black rectangle (the registration marks of a ballot).
 */
void
kp_pdf_fill_rect (KpPdf  *pdf,
                  double  x,
                  double  y,
                  double  w,
                  double  h)
{
  if (pdf->page == NULL)
    kp_pdf_new_page (pdf);
  HPDF_Page_SetRGBFill (pdf->page, 0, 0, 0);
  HPDF_Page_Rectangle (pdf->page, x, page_y (pdf, y + h), w, h);
  HPDF_Page_Fill (pdf->page);
}

/**
 * kp_pdf_qr:
 * @x: left edge
 * @y: top edge, points from the top of the page
 * @size: side of the code, quiet zone included
 *
 * Returns: %FALSE when @text does not fit a QR code.
 */
gboolean
kp_pdf_qr (KpPdf      *pdf,
           double      x,
           double      y,
           double      size,
           const char *text)
{
  g_autoptr(KpQr) qr = kp_qr_encode (text);
  double module;

  if (qr == NULL)
    return FALSE;
  module = size / (qr->width + 8);
  HPDF_Page_SetRGBFill (pdf->page, 0, 0, 0);
  for (guint r = 0; r < qr->width; r++)
    for (guint c = 0; c < qr->width; c++)
      if (qr->dark[r * qr->width + c])
        HPDF_Page_Rectangle (pdf->page, x + (c + 4) * module, page_y (pdf, y + (r + 5) * module), module, module);
  HPDF_Page_Fill (pdf->page);
  return TRUE;
}

static double
draw_row (KpPdf             *pdf,
          double             left,
          const KpPdfColumn *columns,
          guint              n_columns,
          const char *const *cells,
          KpFontStyle        style,
          double             size,
          gboolean           header,
          gboolean           dry_run)
{
  const double pad = 3;
  double leading = size * 1.2, height = 0, x = left;
  g_autoptr(GPtrArray) wrapped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree double *sizes = g_new (double, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      const char *text = cells[c] ? cells[c] : "";
      double inner = columns[c].width - 2 * pad;
      /* Names never overflow: shrink a little, then wrap. */
      sizes[c] = kp_pdf_fit_size (pdf, style, size, size * 0.85, inner, text);
      g_ptr_array_add (wrapped, kp_pdf_wrap (pdf, style, sizes[c], inner, text));
      height = MAX (height, ((GPtrArray *) wrapped->pdata[c])->len * leading);
    }
  height += 2 * pad;
  if (dry_run)
    return height;

  for (guint c = 0; c < n_columns; c++)
    {
      GPtrArray *lines = wrapped->pdata[c];
      double top = pdf->y + pad + (height - 2 * pad - lines->len * leading) / (header ? 2 : 2);

      kp_pdf_rect (pdf, x, pdf->y, columns[c].width, height, 0.6, FALSE);
      for (guint l = 0; l < lines->len; l++)
        kp_pdf_text (pdf, style, sizes[c], x + pad, top + l * leading + sizes[c] * 0.92,
                     header ? KP_ALIGN_CENTER : columns[c].align, columns[c].width - 2 * pad,
                     g_ptr_array_index (lines, l));
      x += columns[c].width;
    }
  pdf->y += height;
  return height;
}

/**
 * kp_pdf_table_height:
 *
 * The height kp_pdf_table_at () takes for @rows on one page: the header
 * and every row, wrapped as they would be drawn.
 */
double
kp_pdf_table_height (KpPdf             *pdf,
                     const KpPdfColumn *columns,
                     guint              n_columns,
                     GPtrArray         *rows,
                     double             size)
{
  g_autofree const char **titles = g_new0 (const char *, n_columns + 1);
  double height;

  for (guint c = 0; c < n_columns; c++)
    titles[c] = columns[c].title;
  height = draw_row (pdf, 0, columns, n_columns, titles, KP_FONT_BOLD, size, TRUE, TRUE);
  for (guint r = 0; r < rows->len; r++)
    height += draw_row (pdf, 0, columns, n_columns, rows->pdata[r], KP_FONT_REGULAR, size, FALSE, TRUE);
  return height;
}

/**
 * kp_pdf_table_rows_at:
 * @row_boxes: (nullable) (element-type KpPdfRowBox): receives where each
 *   row of @rows was drawn (page and vertical extent)
 *
 * kp_pdf_table_at (), saying where every row went: the ballots' geometry
 * comes from the code that draws them.
 */
void
kp_pdf_table_rows_at (KpPdf             *pdf,
                      double             x,
                      const KpPdfColumn *columns,
                      guint              n_columns,
                      GPtrArray         *rows,
                      double             size,
                      GArray            *row_boxes)
{
  g_autofree const char **titles = g_new0 (const char *, n_columns + 1);
  double header_height;

  for (guint c = 0; c < n_columns; c++)
    titles[c] = columns[c].title;
  header_height = draw_row (pdf, x, columns, n_columns, titles, KP_FONT_BOLD, size, TRUE, TRUE);

  /* Keep the header with at least one row. */
  if (rows->len > 0)
    kp_pdf_ensure (pdf, header_height + draw_row (pdf, x, columns, n_columns, rows->pdata[0],
                                                  KP_FONT_REGULAR, size, FALSE, TRUE));
  else
    kp_pdf_ensure (pdf, header_height);
  draw_row (pdf, x, columns, n_columns, titles, KP_FONT_BOLD, size, TRUE, FALSE);

  for (guint r = 0; r < rows->len; r++)
    {
      double h = draw_row (pdf, x, columns, n_columns, rows->pdata[r], KP_FONT_REGULAR, size, FALSE, TRUE);

      if (kp_pdf_ensure (pdf, h))
        draw_row (pdf, x, columns, n_columns, titles, KP_FONT_BOLD, size, TRUE, FALSE);
      if (row_boxes != NULL)
        {
          KpPdfRowBox box = { pdf->pages->len - 1, pdf->y, h };
          g_array_append_val (row_boxes, box);
        }
      draw_row (pdf, x, columns, n_columns, rows->pdata[r], KP_FONT_REGULAR, size, FALSE, FALSE);
    }
}

/**
 * kp_pdf_table_at:
 * @x: the table's left edge
 * @rows: (element-type GStrv): the cells of each row
 *
 * Draws a ruled table from the cursor; the header row is repeated at the
 * top of every page the table runs onto. Cells wrap; text is shrunk a
 * little before it wraps, and never overflows its cell.
 */
void
kp_pdf_table_at (KpPdf             *pdf,
                 double             x,
                 const KpPdfColumn *columns,
                 guint              n_columns,
                 GPtrArray         *rows,
                 double             size)
{
  kp_pdf_table_rows_at (pdf, x, columns, n_columns, rows, size, NULL);
}

/**
 * kp_pdf_table:
 *
 * kp_pdf_table_at() at the left margin.
 */
void
kp_pdf_table (KpPdf             *pdf,
              const KpPdfColumn *columns,
              guint              n_columns,
              GPtrArray         *rows,
              double             size)
{
  kp_pdf_table_at (pdf, kp_pdf_left (pdf), columns, n_columns, rows, size);
}

/**
 * kp_pdf_render:
 *
 * Numbers the pages if asked, then lays the document out in memory.
 *
 * Returns: (transfer full): the PDF's bytes, or %NULL with @error set.
 */
GBytes *
kp_pdf_render (KpPdf   *pdf,
               GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[65536];

  if (pdf->page_numbers)
    for (guint i = 1; i < pdf->pages->len; i++)
      {
        g_autofree char *label = g_strdup_printf ("Trang %u/%u", i + 1, pdf->pages->len);
        pdf->page = pdf->pages->pdata[i];
        kp_pdf_text (pdf, KP_FONT_REGULAR, 12, 0, pdf->setup.top / 2, KP_ALIGN_CENTER, pdf->setup.width, label);
      }

  if (HPDF_SaveToStream (pdf->doc) != HPDF_OK || !check (pdf, error))
    {
      check (pdf, error);
      return NULL;
    }
  for (;;)
    {
      HPDF_UINT32 size = sizeof buffer;
      HPDF_STATUS status = HPDF_ReadFromStream (pdf->doc, buffer, &size);

      g_byte_array_append (bytes, buffer, size);
      if (status == HPDF_STREAM_EOF)
        break;
      if (status != HPDF_OK)
        {
          g_set_error (error, KP_PDF_ERROR, KP_PDF_ERROR_LIBHARU, _ ("libharu cannot write the document"));
          return NULL;
        }
    }
  pdf->error_no = 0;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/**
 * kp_pdf_write_file:
 *
 * Writes a rendered document atomically and durably (a temporary file,
 * fsync, rename): a reader never sees half a PDF.
 */
gboolean
kp_pdf_write_file (GBytes      *pdf,
                   const char  *path,
                   GError     **error)
{
  return g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, error);
}

/**
 * kp_pdf_save:
 *
 * kp_pdf_render (), then kp_pdf_write_file () to @path.
 */
gboolean
kp_pdf_save (KpPdf       *pdf,
             const char  *path,
             GError     **error)
{
  g_autoptr(GBytes) bytes = kp_pdf_render (pdf, error);

  return bytes != NULL && kp_pdf_write_file (bytes, path, error);
}

/* --- Vietnamese words -------------------------------------------------------- */

static const char *const digits[] = { "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín" };

static void
append_below_thousand (GString *out,
                       guint    n,
                       gboolean full)
{
  guint hundreds = n / 100, tens = n / 10 % 10, units = n % 10;

  if (hundreds > 0 || full)
    {
      g_string_append_printf (out, "%s%s trăm", out->len ? " " : "", digits[hundreds]);
      if (tens == 0 && units > 0)
        g_string_append (out, " linh");
    }
  if (tens == 1)
    g_string_append_printf (out, "%smười", out->len ? " " : "");
  else if (tens > 1)
    g_string_append_printf (out, "%s%s mươi", out->len ? " " : "", digits[tens]);
  if (units > 0)
    {
      const char *word = digits[units];
      if (units == 1 && tens > 1)
        word = "mốt";
      else if (units == 5 && tens > 0)
        word = "lăm";
      else if (units == 4 && tens > 1)
        word = "tư";
      g_string_append_printf (out, "%s%s", out->len ? " " : "", word);
    }
}

/**
 * kp_vi_number_words:
 *
 * Returns: (transfer full): @n in Vietnamese words, "hai mươi mốt" for 21,
 * "một trăm linh năm" for 105; up to 999,999.
 */
char *
kp_vi_number_words (guint n)
{
  GString *out = g_string_new (NULL);

  if (n == 0)
    return g_string_free (g_string_append (out, "không"), FALSE);
  if (n >= 1000)
    {
      append_below_thousand (out, n / 1000 % 1000, FALSE);
      g_string_append (out, " nghìn");
      if (n % 1000 > 0)
        append_below_thousand (out, n % 1000, n % 1000 < 100);
    }
  else
    append_below_thousand (out, n, FALSE);
  return g_string_free (out, FALSE);
}

/**
 * kp_vi_date:
 * @place: (nullable): the place
 * @iso_date: (nullable): "YYYY-MM-DD"
 *
 * Returns: (transfer full): "Thạch Thành, ngày 15 tháng 6 năm 2020", with a
 * leading zero for days below 10 and for January and February (36-HD/VPTW);
 * dots to fill by hand for what is not known.
 */
char *
kp_vi_date (const char *place,
            const char *iso_date)
{
  int y, m, d;

  if (iso_date && sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) == 3)
    return g_strdup_printf ("%s, ngày %s%d tháng %s%d năm %d", place ? place : "……………", d < 10 ? "0" : "", d,
                            m <= 2 ? "0" : "", m, y);
  return g_strdup_printf ("%s, ngày …… tháng …… năm ……", place ? place : "……………");
}
