/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan.c — recognising a scanned ballot page.
 *
 * 1. Blank? (almost no dark pixel) → refused.
 * 2. The code (zbar, QR) where the top-right corner of the ballot is, or
 *    where it is when the sheet went in upside down (the page is then
 *    turned) → which election, round, page and layout; anything else is
 *    refused with the reason.
 * 3. The four corner marks (Leptonica connected components), an affine
 *    fit from the layout's points to the image's pixels (shift, rotation,
 *    scale, shear), checked against the marks it did not need and the
 *    code's place.
 * 4. The blank ballot rendered at about the scan's resolution (poppler);
 *    the scan sampled through the fit into the same pixels. Ink that print
 *    explains (within a small distance of printed ink) is set aside; what
 *    is left is the voter's.
 * 5. Per row (kp-scan-rows.c; strike form, R-STRIKE-1): the straight
 *    band that holds most of the voter's ink near the row and crosses its
 *    name; along it, the share of the name's blank paper the pen crossed
 *    (coverage); and the ink no stroke explains (stray). Struck: coverage
 *    high, nothing stray, and a pen's line through the letters that ends
 *    with its row (not a highlighter, an underline, a fold). Kept: no ink
 *    of the voter's, not even faint, not even in specks on the name.
 *    Anything else: doubtful.
 *    Agree/disagree form (R-FORM-2): ink in each box; both boxes, a box
 *    filled, or one mark across both: doubtful.
 * 6. Ink outside every row (a name added, a signature: R-INVALID-4) makes
 *    the whole ballot doubtful.
 *
 * The thresholds are measured on generated scans (tests/kp-scan-gen.c,
 * bench/bench-scan.c); see docs/formats.md.
 */

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <zbar.h>

#include "kp-scan-private.h"

/* --- thresholds (measured: bench/bench-scan.c prints what they give) ----- */

/* Printed ink explains scanned ink within this distance (registration,
 * toner spread, the scanner's blur). */
#define PRINT_TOLERANCE_PT 0.4
/* Outside the rows, print explains ink within this distance. */
#define UNPLACED_TOLERANCE_PT 2.0
/* Ink outside every row (mm²) that makes the ballot doubtful. */
#define UNPLACED 2.0
/* The voter's ink: at least this much darker than the paper (grey levels). */
#define PEN_CONTRAST 60
/* Faint ink: at least this much darker than the paper (a light pencil,
 * grey 150–200, that the pen's threshold misses or breaks up; rows:
 * FAINT_KEPT in kp-scan-rows.c). */
#define FAINT_CONTRAST 25
/* A sheet with less dark area than this share is blank. */
#define BLANK_SHARE 0.002

struct _KpScanner
{
  char *election;
  guint round;
  KpBallotLayout *layouts[2]; /* A4, A5 (NULL when the list does not fit A5) */
  GHashTable *references;     /* "paper page step" → Reference */
  zbar_image_scanner_t *zbar;
};

static void
reference_free (Reference *r)
{
  g_free (r->ink);
  g_free (r->near);
  g_free (r->around);
  g_free (r->text_x0);
  g_free (r->text_x1);
  g_free (r);
}

/**
 * kp_scanner_new:
 * @election: the round to scan (its list, its round number)
 *
 * Lays out the round's ballots (A4, and A5 when the list fits it) as
 * kp_documents_ballots () prints them.
 *
 * Returns: (transfer full): the scanner, or %NULL with @error set.
 */
KpScanner *
kp_scanner_new (const KpCongress *congress,
                const KpElection *election,
                GError          **error)
{
  g_autoptr(KpScanner) scanner = g_new0 (KpScanner, 1);
  g_autoptr(GError) a5_error = NULL;

  scanner->election = g_strdup (election->id);
  scanner->round = election->round;
  scanner->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) reference_free);
  scanner->layouts[0] = kp_documents_ballot_layout (congress, election, KP_PAPER_A4, error);
  if (scanner->layouts[0] == NULL)
    return NULL;
  scanner->layouts[1] = kp_documents_ballot_layout (congress, election, KP_PAPER_A5, &a5_error);
  scanner->zbar = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scanner->zbar, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  return g_steal_pointer (&scanner);
}

void
kp_scanner_free (KpScanner *scanner)
{
  if (scanner == NULL)
    return;
  g_free (scanner->election);
  kp_ballot_layout_free (scanner->layouts[0]);
  kp_ballot_layout_free (scanner->layouts[1]);
  g_clear_pointer (&scanner->references, g_hash_table_unref);
  if (scanner->zbar)
    zbar_image_scanner_destroy (scanner->zbar);
  g_free (scanner);
}

/**
 * kp_scanner_get_layout:
 *
 * Returns: (transfer none): the round's layout on @paper (A4 or A5), or
 * %NULL with @error set when the list does not fit that paper.
 */
const KpBallotLayout *
kp_scanner_get_layout (KpScanner *scanner,
                       KpPaper    paper,
                       GError   **error)
{
  const KpBallotLayout *layout = scanner->layouts[paper == KP_PAPER_A5];

  if (layout == NULL)
    g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_OTHER_LAYOUT,
                 _ ("the ballots of %s (round %u) are not printed on A5"), scanner->election, scanner->round);
  return layout;
}

void
kp_scan_page_free (KpScanPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->rows, g_array_unref);
  g_free (page);
}

/* --- the reference: the blank ballot rendered -------------------------------- */

static Reference *
get_reference (KpScanner            *scanner,
               const KpBallotLayout *layout,
               guint                 page,
               double                dpi,
               GError              **error)
{
  int step = MAX (2, (int) (dpi / 25 + 0.5));
  g_autofree char *key = g_strdup_printf ("%d %u %d", layout->paper, page, step);
  Reference *r = g_hash_table_lookup (scanner->references, key);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) ppage = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(PIX) near_src = NULL;
  g_autoptr(PIX) near = NULL;
  int radius, stride;
  const guint8 *data;

  if (r != NULL)
    return r;
  document = poppler_document_new_from_bytes (layout->pdf, NULL, &local_error);
  if (document == NULL || (ppage = poppler_document_get_page (document, page)) == NULL)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("the blank ballot cannot be rendered (%s)"),
                   local_error ? local_error->message : "?");
      return NULL;
    }
  r = g_new0 (Reference, 1);
  r->paper = layout->paper;
  r->page = page;
  r->step = step;
  r->scale = step * 25 / 72.0;
  r->w = (int) ceil (layout->width * r->scale);
  r->h = (int) ceil (layout->height * r->scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, r->w, r->h);
  cr = cairo_create (surface);
  /* Glyphs where the PDF puts them: hinted metrics would round each
   * advance to a pixel and walk the letters off the scan's. */
  {
    cairo_font_options_t *options = cairo_font_options_create ();
    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options (cr, options);
    cairo_font_options_destroy (options);
  }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, r->scale, r->scale);
  poppler_page_render (ppage, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  r->ink = g_malloc0 ((gsize) r->w * r->h);
  near_src = pixCreate (r->w, r->h, 1);
  for (int y = 0; y < r->h; y++)
    {
      const guint32 *line = (const guint32 *) (data + (gsize) y * stride);
      l_uint32 *bits = pixGetData (near_src) + (gsize) y * pixGetWpl (near_src);
      for (int x = 0; x < r->w; x++)
        {
          guint v = (line[x] >> 8) & 0xff; /* green: print is black */
          r->ink[(gsize) y * r->w + x] = v < 160;
          if (v < 235)
            SET_DATA_BIT (bits, x);
        }
    }
  cairo_surface_destroy (surface);
  radius = MAX (1, (int) (PRINT_TOLERANCE_PT * r->scale + 0.5));
  near = pixDilateBrick (NULL, near_src, 2 * radius + 1, 2 * radius + 1);
  r->near = g_malloc0 ((gsize) r->w * r->h);
  for (int y = 0; y < r->h; y++)
    {
      const l_uint32 *bits = pixGetData (near) + (gsize) y * pixGetWpl (near);
      for (int x = 0; x < r->w; x++)
        r->near[(gsize) y * r->w + x] = GET_DATA_BIT (bits, x);
    }
  /* Outside the rows only writing matters (a name added, a signature):
   * print explains more around it. */
  radius = MAX (1, (int) (UNPLACED_TOLERANCE_PT * r->scale + 0.5));
  {
    g_autoptr(PIX) around = pixDilateBrick (NULL, near_src, 2 * radius + 1, 2 * radius + 1);
    r->around = g_malloc0 ((gsize) r->w * r->h);
    for (int y = 0; y < r->h; y++)
      {
        const l_uint32 *bits = pixGetData (around) + (gsize) y * pixGetWpl (around);
        for (int x = 0; x < r->w; x++)
          r->around[(gsize) y * r->w + x] = GET_DATA_BIT (bits, x);
      }
  }

  /* Where each name's letters are. */
  r->text_x0 = g_new (int, layout->rows->len);
  r->text_x1 = g_new (int, layout->rows->len);
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      int x0 = (int) ((row->name.x + 2) * r->scale), x1 = (int) ((row->name.x + row->name.w - 2) * r->scale);
      int y0 = (int) ((row->name.y + 2) * r->scale), y1 = (int) ((row->name.y + row->name.h - 2) * r->scale);

      r->text_x0[i] = G_MAXINT;
      r->text_x1[i] = -1;
      if (row->page != page)
        continue;
      for (int y = MAX (0, y0); y < MIN (r->h, y1); y++)
        for (int x = MAX (0, x0); x < MIN (r->w, x1); x++)
          if (r->ink[(gsize) y * r->w + x])
            {
              r->text_x0[i] = MIN (r->text_x0[i], x);
              r->text_x1[i] = MAX (r->text_x1[i], x);
            }
    }
  g_hash_table_insert (scanner->references, g_steal_pointer (&key), r);
  return r;
}

/* --- the voter's ink ---------------------------------------------------------- */
/* --- the voter's ink ---------------------------------------------------------- */

static void
region_clear (Region *region)
{
  g_clear_pointer (&region->scan, g_free);
  g_clear_pointer (&region->voter, g_free);
  g_clear_pointer (&region->faint, g_free);
  g_clear_pointer (&region->faint_voter, g_free);
  g_clear_pointer (&region->loose, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Region, region_clear)

/* Removes 8-connected groups smaller than @min_area pixels from @mask. */
void
_kp_scan_remove_specks (guint8 *mask,
                        int     w,
                        int     h,
                        int     min_area)
{
  g_autofree int *stack = g_new (int, (gsize) w * h);
  g_autofree int *members = g_new (int, (gsize) w * h);

  for (int start = 0; start < w * h; start++)
    {
      int top = 0, n = 0;

      if (mask[start] != 1)
        continue;
      mask[start] = 2;
      stack[top++] = start;
      while (top > 0)
        {
          int p = stack[--top], px = p % w, py = p / w;
          members[n++] = p;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int qx = px + dx, qy = py + dy, q;
                if (qx < 0 || qy < 0 || qx >= w || qy >= h)
                  continue;
                q = qy * w + qx;
                if (mask[q] == 1)
                  {
                    mask[q] = 2;
                    stack[top++] = q;
                  }
              }
        }
      for (int i = 0; i < n; i++)
        mask[members[i]] = n >= min_area ? 3 : 0;
    }
  for (int i = 0; i < w * h; i++)
    mask[i] = mask[i] == 3;
}

static void
sample_region (PIX             *grey,
               int              threshold,
               int              faint,
               const double    *to_image,
               const Reference *ref,
               int              x0,
               int              y0,
               int              x1,
               int              y1,
               Region          *region)
{
  int iw = pixGetWidth (grey), ih = pixGetHeight (grey);
  const l_uint32 *data = pixGetData (grey);
  int wpl = pixGetWpl (grey);
  double s = 1 / ref->scale;

  region->x0 = x0 = MAX (0, x0);
  region->y0 = y0 = MAX (0, y0);
  x1 = MIN (ref->w, x1);
  y1 = MIN (ref->h, y1);
  region->w = MAX (0, x1 - x0);
  region->h = MAX (0, y1 - y0);
  region->scan = g_malloc0 ((gsize) region->w * region->h + 1);
  region->voter = g_malloc0 ((gsize) region->w * region->h + 1);
  region->faint = g_malloc0 ((gsize) region->w * region->h + 1);
  region->faint_voter = g_malloc0 ((gsize) region->w * region->h + 1);
  for (int y = 0; y < region->h; y++)
    {
      double px = (x0 + 0.5) * s, py = (y0 + y + 0.5) * s;
      double ix = to_image[0] * px + to_image[1] * py + to_image[2];
      double iy = to_image[3] * px + to_image[4] * py + to_image[5];
      double dx = to_image[0] * s, dy = to_image[3] * s;
      guint8 *scan = region->scan + (gsize) y * region->w;
      guint8 *light = region->faint + (gsize) y * region->w;

      for (int x = 0; x < region->w; x++, ix += dx, iy += dy)
        {
          int sx = (int) ix, sy = (int) iy, v;
          if (sx < 0 || sy < 0 || sx >= iw || sy >= ih)
            continue;
          v = GET_DATA_BYTE (data + (gsize) sy * wpl, sx);
          scan[x] = v <= threshold;
          light[x] = v <= faint;
        }
    }
}

/* Printing and scanning move letters by a pixel or so against the rendered
 * blank (another rasteriser, the paper, the scanner's optics), more than
 * the tolerance allows where letters are close. Each row's print is
 * matched to the scan within ±SHIFT pixels; the voter's ink of the row is
 * the scan's ink that the shifted print does not explain. */
#define SHIFT 2

static void
row_shift (const Region    *region,
           const Reference *ref,
           int              x0,
           int              x1,
           int              y0,
           int              y1,
           int             *best_dx,
           int             *best_dy)
{
  g_autoptr(GArray) ink = g_array_new (FALSE, FALSE, sizeof (gsize));
  int best = -1;

  /* The letters only (the row's lines stay where the map puts them), far
   * enough inside the region for every shift. */
  x0 = MAX (x0, region->x0 + SHIFT);
  y0 = MAX (y0, region->y0 + SHIFT);
  x1 = MIN (x1, region->x0 + region->w - SHIFT);
  y1 = MIN (y1, region->y0 + region->h - SHIFT);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (ref->ink[(gsize) y * ref->w + x])
        {
          gsize i = (gsize) (y - region->y0) * region->w + (x - region->x0);
          g_array_append_val (ink, i);
        }
  *best_dx = *best_dy = 0;
  for (int dy = -SHIFT; dy <= SHIFT; dy++)
    for (int dx = -SHIFT; dx <= SHIFT; dx++)
      {
        gssize offset = (gssize) dy * region->w + dx;
        const gsize *index = (const gsize *) ink->data;
        int hits = 0;

        for (guint i = 0; i < ink->len; i++)
          hits += region->scan[index[i] + offset];
        /* The unshifted print wins ties. */
        if (hits > best || (hits == best && dx == 0 && dy == 0))
          {
            best = hits;
            *best_dx = dx;
            *best_dy = dy;
          }
      }
}

/* The voter's ink in rows [y0, y1) of the region: the scan's ink that
 * print explains neither where the map puts it nor shifted by dx, dy. */
static void
mark_voter (Region          *region,
            const Reference *ref,
            int              y0,
            int              y1,
            int              dx,
            int              dy)
{
  for (int y = MAX (y0, region->y0); y < MIN (y1, region->y0 + region->h); y++)
    for (int x = region->x0; x < region->x0 + region->w; x++)
      {
        gsize i = (gsize) (y - region->y0) * region->w + (x - region->x0);
        int rx = x - dx, ry = y - dy;
        gboolean near = ref->near[(gsize) y * ref->w + x]
                        || (rx >= 0 && ry >= 0 && rx < ref->w && ry < ref->h && ref->near[(gsize) ry * ref->w + rx]);

        region->voter[i] = region->scan[i] && !near;
        region->faint_voter[i] = region->faint[i] && !near;
      }
}

/* The voter's ink of a table: each row with its own shift, the rest of
 * the region (the header row, above and below) unshifted. */
static void
find_voter_ink (Region               *region,
                const Reference      *ref,
                const KpBallotLayout *layout,
                const KpBallotTable  *table,
                int                   speck_px)
{
  mark_voter (region, ref, region->y0, region->y0 + region->h, 0, 0);
  for (guint i = 0; i < layout->rows->len; i++)
    {
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      int y0 = to_px (ref, row->row.y), y1 = to_px (ref, row->row.y + row->row.h);
      int dx, dy;

      if (row->page != table->page || row->row.x < table->rect.x - 1 || row->row.x > table->rect.x + 1)
        continue;
      row_shift (region, ref, to_px (ref, row->name.x) + 3, to_px (ref, row->name.x + row->name.w) - 3, y0 + 3, y1 - 3,
                 &dx, &dy);
      mark_voter (region, ref, y0, y1, dx, dy);
    }
  region->loose = g_memdup2 (region->voter, (gsize) region->w * region->h + 1);
  _kp_scan_remove_specks (region->voter, region->w, region->h, speck_px);
}
static gboolean
rect_contains (const KpRect *r,
               double        margin,
               double        x,
               double        y)
{
  return x >= r->x - margin && x < r->x + r->w + margin && y >= r->y - margin && y < r->y + r->h + margin;
}

/* R-INVALID-4: ink in the ballot's printed area outside every table (and
 * outside the stamp's box, the code and the marks), every other pixel. */
static double
unplaced_ink (PIX                  *grey,
              int                   threshold,
              const double         *to_image,
              const KpBallotLayout *layout,
              const Reference      *ref,
              guint                 page)
{
  int x0 = to_px (ref, layout->box.x), x1 = to_px (ref, layout->box.x + layout->box.w);
  int y0 = to_px (ref, layout->box.y), y1 = to_px (ref, layout->box.y + layout->box.h);
  int w = (x1 - x0 + 1) / 2, h = (y1 - y0 + 1) / 2;
  g_autofree guint8 *mask = g_malloc0 ((gsize) w * h + 1);
  double margin = 3 / MM_PER_PT, s = 1 / ref->scale;
  int iw = pixGetWidth (grey), ih = pixGetHeight (grey), count = 0;
  int speck = MAX (2, (int) (SPECK / (MM_PER_PT * MM_PER_PT) * ref->scale * ref->scale / 4));

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        int rx = x0 + 2 * i, ry = y0 + 2 * j, sx, sy;
        double px = (rx + 0.5) * s, py = (ry + 0.5) * s, ix, iy;
        gboolean skip = rect_contains (&layout->stamp, 4 / MM_PER_PT, px, py)
                        || rect_contains (&layout->code, 1 / MM_PER_PT, px, py);

        if (rx >= ref->w || ry >= ref->h || ref->around[(gsize) ry * ref->w + rx])
          continue;
        for (guint t = 0; t < layout->tables->len && !skip; t++)
          {
            const KpBallotTable *table = &g_array_index (layout->tables, KpBallotTable, t);
            skip = table->page == page && rect_contains (&table->rect, margin, px, py);
          }
        if (skip)
          continue;
        _kp_scan_apply (to_image, px, py, &ix, &iy);
        sx = (int) ix;
        sy = (int) iy;
        if (sx >= 0 && sy >= 0 && sx < iw && sy < ih && _kp_scan_grey_at (grey, sx, sy) <= threshold)
          mask[(gsize) j * w + i] = 1;
      }
  _kp_scan_remove_specks (mask, w, h, speck);
  for (gsize i = 0; i < (gsize) w * h; i++)
    count += mask[i];
  if (g_getenv ("KP_SCAN_DEBUG") && count > 0)
    for (int j = 0; j < h; j++)
      for (int i = 0; i < w; i++)
        if (mask[(gsize) j * w + i])
          g_printerr ("unplaced ink at %.1f, %.1f mm\n", (x0 + 2 * i) / ref->scale * MM_PER_PT,
                      (y0 + 2 * j) / ref->scale * MM_PER_PT);
  return count * 4 * MM_PER_PT * MM_PER_PT / (ref->scale * ref->scale);
}

/* --- a page ------------------------------------------------------------------ */
/**
 * kp_scanner_read:
 * @image: one page, as kp_scan_source_read_page () decoded it
 *
 * Recognises one page of a ballot of the scanner's round.
 *
 * Returns: (transfer full): the page as read, or %NULL with @error set
 * (%KP_SCAN_ERROR): a sheet that is refused, with the reason.
 */
KpScanPage *
kp_scanner_read (KpScanner   *scanner,
                 KpScanImage *image,
                 GError     **error)
{
  g_autoptr(PIX) turned = NULL;
  g_autoptr(KpScanPage) result = NULL;
  KpScanCode codes[2] = { { { 0 } } };
  g_autofree char *election = NULL;
  g_autofree char *digest = NULL;
  guint round = 0, page = 0, pages = 0, n_codes, rotated = 0, marks = 0;
  KpPaper paper = KP_PAPER_A4;
  const KpBallotLayout *layout;
  Reference *ref;
  PIX *grey = image->grey;
  double dark = 0, s0, dpi;
  int threshold, paper_level, pen, faint;

  threshold = _kp_scan_ink_threshold (grey, &dark, &paper_level);
  /* A thin or light pen stroke is lighter than print: the voter's ink is
   * anything clearly darker than the paper. */
  pen = MAX (threshold, paper_level - PEN_CONTRAST);
  faint = MAX (pen, paper_level - FAINT_CONTRAST);
  if (dark < BLANK_SHARE)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_BLANK, _ ("the sheet is blank"));
      return NULL;
    }

  n_codes = _kp_scan_look_for_code (scanner->zbar, grey, codes, &rotated);
  if (n_codes == 0)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_NO_CODE,
                   _ ("no ballot code found: not a ballot printed by KiemPhieu, the code is smudged or cut off, "
                      "or the scan is too coarse (scan at 150 to 300 dpi)"));
      return NULL;
    }
  if (n_codes > 1)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TWO_SHEETS, _ ("two ballots on one image (two sheets at once, "
                                                                      "or a sheet not cut in two)"));
      return NULL;
    }
  if (!_kp_scan_parse_code (codes[0].text, &election, &round, &page, &pages, &paper, &digest))
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_NO_CODE, _ ("the ballot code \"%s\" cannot be read"),
                   codes[0].text);
      return NULL;
    }
  if (!g_str_equal (election, scanner->election))
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_OTHER_ELECTION,
                   _ ("this is a ballot of election %s (round %u), not of %s"), election, round, scanner->election);
      return NULL;
    }
  if (round != scanner->round)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_OTHER_ROUND,
                   _ ("this is a ballot of round %u of %s, not of round %u"), round, election, scanner->round);
      return NULL;
    }
  layout = scanner->layouts[paper == KP_PAPER_A5];
  if (layout == NULL || !g_str_equal (digest, layout->digest) || pages != layout->pages)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_OTHER_LAYOUT,
                   _ ("this ballot of %s (round %u) was printed from another list or layout than the congress "
                      "file's (code %s); check that it is this congress's ballot"), election, round, digest);
      return NULL;
    }

  if (rotated != 0)
    {
      /* The code's place on the page as turned. */
      double w = pixGetWidth (grey) - 1, h = pixGetHeight (grey) - 1;
      for (guint k = 0; k < 5; k++)
        {
          double *x = k < 4 ? &codes[0].lx[k] : &codes[0].x, *y = k < 4 ? &codes[0].ly[k] : &codes[0].y, ox = *x;
          if (rotated == 180)
            *x = w - ox, *y = h - *y;
          else if (rotated == 90)
            *x = h - *y, *y = ox;
          else
            *x = *y, *y = w - ox;
        }
      turned = pixRotateOrth (grey, rotated / 90);
      grey = turned;
    }

  /* Two ballots on one image: more marks than one ballot has. */
  s0 = _kp_scan_scale_estimate (grey, layout, &codes[0]);
  if (_kp_scan_count_marks (grey, threshold, layout->marks[0].w * s0) > 5)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TWO_SHEETS, _ ("two ballots on one image (two sheets at once, "
                                                                      "or a sheet not cut in two)"));
      return NULL;
    }

  result = g_new0 (KpScanPage, 1);
  result->page = page;
  result->pages = pages;
  result->rotated = rotated;
  result->paper = paper;
  if (!_kp_scan_register (grey, threshold, layout, page, &codes[0], result->to_image, &marks, error))
    return NULL;
  dpi = result->dpi = (hypot (result->to_image[0], result->to_image[3]) + hypot (result->to_image[1], result->to_image[4]))
                      / 2 * 72;

  ref = get_reference (scanner, layout, page, dpi, error);
  if (ref == NULL)
    return NULL;

  result->rows = g_array_new (FALSE, TRUE, sizeof (KpScanRow));
  {
    int speck = MAX (2, (int) (SPECK / (MM_PER_PT * MM_PER_PT) * ref->scale * ref->scale));

    for (guint t = 0; t < layout->tables->len; t++)
      {
        const KpBallotTable *table = &g_array_index (layout->tables, KpBallotTable, t);
        g_auto(Region) region = { 0 };
        double extra = 14;

        if (table->page != page)
          continue;
        /* Beyond the table on either side: where a line across the
         * sheet goes on. */
        sample_region (grey, pen, faint, result->to_image, ref, to_px (ref, table->rect.x - 2 - LINE_REACH_PT),
                       to_px (ref, table->rect.y - extra),
                       to_px (ref, table->rect.x + table->rect.w + 2 + LINE_REACH_PT),
                       to_px (ref, table->rect.y + table->rect.h + extra), &region);
        find_voter_ink (&region, ref, layout, table, speck);
        if (layout->form == KP_BALLOT_FORM_YESNO)
          {
            for (guint i = 0; i < layout->rows->len; i++)
              {
                const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
                if (row->page == page)
                  _kp_scan_read_yesno_row (ref, &region, row, result->rows);
              }
          }
        else
          {
            guint first = result->rows->len;
            _kp_scan_read_strike_table (layout, ref, &region, table, result->rows);
            _kp_scan_debug_region (ref, &region, result->rows, first);
          }
      }
  }
  result->unplaced_mm2 = unplaced_ink (grey, pen, result->to_image, layout, ref, page);
  result->unplaced = result->unplaced_mm2 > UNPLACED;
  return g_steal_pointer (&result);
}

static GBytes *
pix_to_png (PIX     *pix,
            GError **error)
{
  l_uint8 *data = NULL;
  size_t size = 0;
  GBytes *bytes;

  if (pix == NULL || pixWriteMemPng (&data, &size, pix, 0) != 0)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("the page cannot be written as PNG"));
      return NULL;
    }
  bytes = g_bytes_new (data, size);
  lept_free (data);
  return bytes;
}

/**
 * kp_scanner_highlight:
 * @rows: (array length=n_rows): the ballot numbers of the rows to frame
 * @max_height: the picture's height at most, pixels
 * @zoom: (out) (optional): the framed rows of this page at the scan's own
 *   resolution, with half a row of paper above and below and the table's
 *   width; %NULL when none of @rows is on this page
 *
 * The page as recognition read it (turned upright), with each of @rows on
 * it framed in red: what a person deciding a doubtful mark, or settling a
 * disagreement between passes, looks at.
 *
 * Returns: (transfer full): PNG bytes, or %NULL with @error set.
 */
GBytes *
kp_scanner_highlight (KpScanner   *scanner,
                      KpScanImage *image,
                      const guint *rows,
                      guint        n_rows,
                      guint        max_height,
                      GBytes     **zoom,
                      GError     **error)
{
  g_autoptr(KpScanPage) page = kp_scanner_read (scanner, image, error);
  g_autoptr(PIX) turned = NULL;
  g_autoptr(PIX) colour = NULL;
  g_autoptr(PIX) small = NULL;
  const KpBallotLayout *layout;
  double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE, left = G_MAXDOUBLE, right = -G_MAXDOUBLE, row_h = 0;
  GBytes *bytes;

  if (zoom)
    *zoom = NULL;
  if (page == NULL)
    return NULL;
  layout = scanner->layouts[page->paper == KP_PAPER_A5];
  turned = pixRotateOrth (image->grey, page->rotated / 90);
  colour = pixConvertTo32 (turned);
  for (guint i = 0; i < n_rows; i++)
    {
      const KpBallotRow *row;
      double x[4], y[4];
      BOX *box;

      if (rows[i] == 0 || rows[i] > layout->rows->len)
        continue;
      row = &g_array_index (layout->rows, KpBallotRow, rows[i] - 1);
      if (row->page != page->page)
        continue;
      for (guint c = 0; c < 4; c++)
        _kp_scan_apply (page->to_image, row->row.x + (c & 1 ? row->row.w : 0), row->row.y + (c & 2 ? row->row.h : 0),
                        &x[c], &y[c]);
      box = boxCreate ((int) MIN (MIN (x[0], x[1]), MIN (x[2], x[3])) - 2,
                       (int) MIN (MIN (y[0], y[1]), MIN (y[2], y[3])) - 2,
                       (int) (MAX (MAX (x[0], x[1]), MAX (x[2], x[3])) - MIN (MIN (x[0], x[1]), MIN (x[2], x[3]))) + 4,
                       (int) (MAX (MAX (y[0], y[1]), MAX (y[2], y[3])) - MIN (MIN (y[0], y[1]), MIN (y[2], y[3]))) + 4);
      pixRenderBoxArb (colour, box, 3, 220, 0, 0);
      boxDestroy (&box);
      top = MIN (top, MIN (MIN (y[0], y[1]), MIN (y[2], y[3])));
      bottom = MAX (bottom, MAX (MAX (y[0], y[1]), MAX (y[2], y[3])));
      left = MIN (left, MIN (MIN (x[0], x[1]), MIN (x[2], x[3])));
      right = MAX (right, MAX (MAX (x[0], x[1]), MAX (x[2], x[3])));
      row_h = MAX (row_h, fabs (y[2] - y[0]));
    }
  if (zoom && bottom > top)
    {
      int w = pixGetWidth (colour), h = pixGetHeight (colour);
      int x0 = CLAMP ((int) (left - row_h), 0, w - 1), x1 = CLAMP ((int) (right + row_h), 0, w);
      int y0 = CLAMP ((int) (top - row_h / 2 - 4), 0, h - 1), y1 = CLAMP ((int) (bottom + row_h / 2 + 4), 0, h);
      BOX *band = boxCreate (x0, y0, MAX (x1 - x0, 1), MAX (y1 - y0, 1));
      g_autoptr(PIX) clipped = pixClipRectangle (colour, band, NULL);

      boxDestroy (&band);
      if ((*zoom = pix_to_png (clipped, error)) == NULL)
        return NULL;
    }
  if (max_height > 0 && pixGetHeight (colour) > max_height)
    {
      double f = (double) max_height / pixGetHeight (colour);
      small = pixScale (colour, f, f);
    }
  bytes = pix_to_png (small ? small : colour, error);
  if (bytes == NULL && zoom)
    g_clear_pointer (zoom, g_bytes_unref);
  return bytes;
}
