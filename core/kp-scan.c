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
 * 5. Per row (strike form, R-STRIKE-1): the straight band that holds most
 *    of the voter's ink near the row and crosses its name; along it, the
 *    share of the name's blank paper the pen crossed (coverage); and the
 *    ink no stroke explains (stray). Struck: coverage high, nothing
 *    stray, and a pen's line through the letters that ends with its row
 *    (not a highlighter, an underline, a fold). Kept: no ink of the
 *    voter's, not even faint, not even in specks on the name. Anything
 *    else: doubtful.
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
/* A pen stroke lies within this distance of its straight line (its
 * thickness, a wavy hand). */
#define BAND_PT 2.4
/* Steepest stroke looked for, degrees either way. */
#define MAX_ANGLE 14
/* A stroke crossing at least this share of the name's blank paper strikes
 * it (R-STRIKE-1: across the whole name). */
#define STRUCK_COVERAGE 0.85
/* A stroke crossing this share is a stroke: its ink is no neighbour's. */
#define STROKE_COVERAGE 0.45
/* Ink in a row that no stroke explains, mm²: above STRAY_DOUBT a struck
 * name is doubtful (circled, written over); above STRAY_KEPT a name with
 * no stroke is not kept but doubtful. */
#define STRAY_DOUBT 0.8
#define STRAY_KEPT 0.25
/* Agree/disagree boxes: ink in mm². */
#define BOX_MARKED 2.0
#define BOX_EMPTY 0.3
/* Outside the rows, print explains ink within this distance. */
#define UNPLACED_TOLERANCE_PT 2.0
/* Ink outside every row (mm²) that makes the ballot doubtful. */
#define UNPLACED 2.0
/* Residue smaller than this (mm²) is dust or speckle. */
#define SPECK 0.12
/* The voter's ink: at least this much darker than the paper (grey levels). */
#define PEN_CONTRAST 60
/* Faint ink: at least this much darker than the paper (a light pencil,
 * grey 150–200, that the pen's threshold misses or breaks up). A row with
 * more than FAINT_KEPT mm² of it that no stroke explains is not kept but
 * doubtful. */
#define FAINT_CONTRAST 25
#define FAINT_KEPT 0.2
/* The voter's ink on the name (within LOOSE_MARGIN_PT of its letters),
 * specks included but single pixels, that no stroke explains: above
 * LOOSE_KEPT mm² a name with no stroke is not kept but doubtful (a thin
 * line hidden in the letters but for specks between them; a blot on a
 * letter: R-STRIKE-1). */
#define LOOSE_KEPT 0.2
#define LOOSE_MARGIN_PT 1.0
/* A stroke whose ink is thicker than this (mm, across the line, the median
 * along the name) is no pen's: a highlighter, a filled band. Doubtful. */
#define WIDE_MM 1.6
/* A stroke that goes on beyond its row on both sides, for this far (pt), in
 * at least LINE_BEYOND of the columns, is a line across the sheet (a fold,
 * a scanner's streak), not a voter's: doubtful. */
#define LINE_REACH_PT 8
#define LINE_BEYOND 0.5
/* R-STRIKE-1: a stroke through the name passes through its letters' body
 * (the rows of the name where the print is densest, within this many pt);
 * a line above or below the letters (underlined, overlined, the edge of a
 * neighbour's highlighter) is not a strike. */
#define BODY_PT 1.0
#define BODY_SHARE 0.4
/* Agree/disagree: ink in the box beyond this share of its area is a box
 * filled or scribbled out (a mark corrected); ink on both sides of the
 * line between the boxes, within this share of a box's width of it, is
 * one mark across both. Doubtful. */
#define BOX_FILLED 0.15
#define BOX_EDGE 0.15
/* A sheet with less dark area than this share is blank. */
#define BLANK_SHARE 0.002

#define MM_PER_PT (25.4 / 72)

typedef struct
{
  KpPaper paper;
  guint page;
  int step;          /* resolution in steps of 25 dpi */
  double scale;      /* pixels per point */
  int w, h;
  guint8 *ink;       /* 1 where print is */
  guint8 *near;      /* 1 within PRINT_TOLERANCE_PT of print */
  guint8 *around;    /* 1 within UNPLACED_TOLERANCE_PT of print */
  int *text_x0;      /* per row of the layout: the name's ink, left and right */
  int *text_x1;
} Reference;

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

/* A region of the reference with the scan sampled into it. */
typedef struct
{
  int x0, y0, w, h;   /* in reference pixels */
  guint8 *scan;       /* 1 = ink in the scan */
  guint8 *voter;      /* 1 = ink that print does not explain, specks removed */
  guint8 *faint;      /* 1 = faint ink or darker in the scan */
  guint8 *faint_voter; /* 1 = faint ink that print does not explain, specks removed */
  guint8 *loose;      /* 1 = ink that print does not explain, specks kept */
} Region;

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
static void
remove_specks (guint8 *mask,
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

static int
int_compare (const int *a,
             const int *b)
{
  return (*a > *b) - (*a < *b);
}

static int
to_px (const Reference *ref,
       double           points)
{
  return (int) floor (points * ref->scale + 0.5);
}

static inline gboolean
region_has (const Region  *region,
            const guint8  *mask,
            int            x,
            int            y)
{
  x -= region->x0;
  y -= region->y0;
  return x >= 0 && y >= 0 && x < region->w && y < region->h && mask[(gsize) y * region->w + x];
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
  remove_specks (region->voter, region->w, region->h, speck_px);
}


/* --- rows -------------------------------------------------------------------- */

typedef struct
{
  gboolean found;
  double slope, at;  /* y = at + slope · (x − xc), reference pixels */
  double xc;
  double coverage;
  int support;
  int band;          /* half-width, pixels */
} Stroke;

/* The straight band of half-width @band that holds most of the voter's ink
 * in the row's window and crosses the row's name (its y at the name's
 * middle inside the row). */
static Stroke
find_stroke (const Region *region,
             int           x0,
             int           x1,
             int           wy0,
             int           wy1,
             int           ry0,
             int           ry1,
             double        xc,
             int           band)
{
  Stroke best = { 0 };
  int n = ry1 - ry0 + 1;
  g_autofree int *diff = g_new (int, MAX (n, 0) + 2);
  g_autofree int *pdiff = g_new (int, MAX (n, 0) + 2);
  int best_weight = 0;
  g_autoptr(GArray) pixels = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));

  best.xc = xc;
  best.band = band;
  if (n <= 0)
    return best;
  /* The voter's ink, column by column, top to bottom. */
  for (int x = MAX (x0, region->x0); x < MIN (x1, region->x0 + region->w); x++)
    {
      guint start = pixels->len;
      for (int y = MAX (wy0, region->y0); y < MIN (wy1, region->y0 + region->h); y++)
        if (region->voter[(gsize) (y - region->y0) * region->w + (x - region->x0)])
          {
            int p[2] = { x, y };
            g_array_append_val (pixels, p);
          }
      if (pixels->len > start)
        g_array_append_val (starts, start);
    }
  if (pixels->len == 0)
    return best;
  g_array_append_val (starts, pixels->len);

  /* Each line y = at + slope (x − xc), at inside the row, scores the
   * columns where it passes within @band of the voter's ink: a thick
   * stroke counts no more than a thin one, so a neighbour's heavy stroke
   * does not pull this row's line onto it. */
  for (int degrees = -MAX_ANGLE; degrees <= MAX_ANGLE; degrees++)
    {
      double slope = tan (degrees * G_PI / 180);
      int run = 0;

      int weight = 0;

      memset (diff, 0, sizeof (int) * (n + 1));
      memset (pdiff, 0, sizeof (int) * (n + 1));
      for (guint c = 0; c + 1 < starts->len; c++)
        {
          guint from = g_array_index (starts, guint, c), to = g_array_index (starts, guint, c + 1);
          int covered_to = -1;

          for (guint k = from; k < to; k++)
            {
              const int *p = &g_array_index (pixels, int, 2 * k);
              int bin = (int) floor (p[1] - slope * (p[0] - xc) + 0.5) - ry0;
              int lo = MAX (0, bin - band), hi = MIN (n - 1, bin + band);
              if (lo > hi)
                continue;
              pdiff[lo]++;
              pdiff[hi + 1]--;
              lo = MAX (lo, covered_to + 1);
              if (lo > hi)
                continue;
              diff[lo]++;
              diff[hi + 1]--;
              covered_to = hi;
            }
        }
      /* Most columns first; among those, most ink (the band centred on
       * a thick stroke rather than along one of its edges). */
      for (int b = 0; b < n; b++)
        {
          run += diff[b];
          weight += pdiff[b];
          if (run > best.support || (run == best.support && weight > best_weight))
            {
              best.support = run;
              best_weight = weight;
              best.slope = slope;
              best.at = b + ry0;
              best.found = TRUE;
            }
        }
    }
  return best;
}

/* Along the stroke: the longest stretch the pen drew without lifting — from
 * the voter's ink at one end to the voter's ink at the other, the band
 * never empty of ink for more than MAX_HOLE columns (where the stroke
 * crosses a letter its ink hides in the letter's, which is ink too) — and
 * the share of the name's letters [tx0, tx1] it spans. */
#define MAX_HOLE 2

static gboolean
band_has (const Region *region,
          const guint8 *mask,
          const Stroke *stroke,
          int           x,
          int           band,
          int           y_min,
          int           y_max)
{
  double yc = stroke->at + stroke->slope * (x - stroke->xc);

  for (int y = MAX (y_min, (int) floor (yc - band)); y <= MIN (y_max, (int) ceil (yc + band)); y++)
    if (region_has (region, mask, x, y))
      return TRUE;
  return FALSE;
}

/* The voter's ink that starts or ends the stretch must be in the row
 * itself (@ry0–@ry1): a neighbour's stroke met by the band's extension
 * does not lengthen this row's. */
static double
stroke_coverage (const Region *region,
                 const Stroke *stroke,
                 int           x0,
                 int           x1,
                 int           ry0,
                 int           ry1,
                 int           tx0,
                 int           tx1)
{
  int band = stroke->band, first = -1, last = -1, hole = 0;
  double best = 0;

  for (int x = x0; x <= x1 + 1; x++)
    {
      gboolean end = x > x1;

      if (!end && band_has (region, region->voter, stroke, x, band, ry0, ry1))
        {
          if (first < 0)
            first = x;
          last = x;
          hole = 0;
          continue;
        }
      if (!end && band_has (region, region->scan, stroke, x, band, G_MININT, G_MAXINT))
        {
          hole = 0;
          continue;
        }
      /* No ink at all across the band: the pen was lifted, or never here. */
      if (!end && ++hole <= MAX_HOLE)
        continue;
      if (first >= 0)
        {
          int a = MAX (first, tx0), b = MIN (last, tx1);
          if (b > a)
            best = MAX (best, (double) (b - a) / MAX (1, tx1 - tx0));
        }
      first = last = -1;
    }
  return best;
}

static inline gboolean
in_band (const Stroke *stroke,
         int           x,
         int           y,
         int           band)
{
  return stroke->found && fabs (y - (stroke->at + stroke->slope * (x - stroke->xc))) <= band + 0.5;
}

/* Voter's ink inside [x0,x1)×[y0,y1) that none of @strokes explains. */
static int
stray_in (const Region *region,
          const guint8 *mask,
          int           x0,
              int           x1,
              int           y0,
              int           y1,
              const Stroke *const *strokes,
              guint         n_strokes,
              int           band)
{
  int n = 0;

  for (int y = MAX (y0, region->y0); y < MIN (y1, region->y0 + region->h); y++)
    for (int x = MAX (x0, region->x0); x < MIN (x1, region->x0 + region->w); x++)
      if (mask[(gsize) (y - region->y0) * region->w + (x - region->x0)])
        {
          gboolean explained = FALSE;
          for (guint s = 0; s < n_strokes && !explained; s++)
            explained = strokes[s] != NULL && in_band (strokes[s], x, y, band);
          n += !explained;
        }
  return n;
}

/* The voter's ink in [x0,x1)×[y0,y1), specks included but for single
 * pixels (a letter's edge resampled), that none of @strokes explains. */
static int
loose_pixels (const Region        *region,
              int                  x0,
              int                  x1,
              int                  y0,
              int                  y1,
              const Stroke *const *strokes,
              guint                n_strokes,
              int                  band)
{
  int n = 0;

  for (int y = MAX (y0, region->y0); y < MIN (y1, region->y0 + region->h); y++)
    for (int x = MAX (x0, region->x0); x < MIN (x1, region->x0 + region->w); x++)
      if (region->loose[(gsize) (y - region->y0) * region->w + (x - region->x0)])
        {
          gboolean explained = FALSE, alone = TRUE;

          for (int dy = -1; dy <= 1 && alone; dy++)
            for (int dx = -1; dx <= 1 && alone; dx++)
              alone = (dx == 0 && dy == 0) || !region_has (region, region->loose, x + dx, y + dy);
          for (guint s = 0; s < n_strokes && !explained; s++)
            explained = strokes[s] != NULL && in_band (strokes[s], x, y, band);
          n += !explained && !alone;
        }
  return n;
}

static int
stray_pixels (const Region *region,
              int           x0,
              int           x1,
              int           y0,
              int           y1,
              const Stroke *const *strokes,
              guint         n_strokes,
              int           band)
{
  return stray_in (region, region->voter, x0, x1, y0, y1, strokes, n_strokes, band);
}

/* Faint ink in [x0,x1)×[y0,y1) that none of @strokes explains, specks
 * smaller than @speck_px removed (only here: most rows have none). */
static int
faint_stray (const Region        *region,
             int                  x0,
             int                  x1,
             int                  y0,
             int                  y1,
             const Stroke *const *strokes,
             guint                n_strokes,
             int                  band,
             int                  speck_px)
{
  Region window = { 0 };
  int n = 0;

  window.x0 = x0 = MAX (x0, region->x0);
  window.y0 = y0 = MAX (y0, region->y0);
  window.w = MIN (x1, region->x0 + region->w) - x0;
  window.h = MIN (y1, region->y0 + region->h) - y0;
  if (window.w <= 0 || window.h <= 0)
    return 0;
  window.voter = g_malloc0 ((gsize) window.w * window.h);
  for (int y = 0; y < window.h; y++)
    for (int x = 0; x < window.w; x++)
      n += window.voter[(gsize) y * window.w + x]
        = region->faint_voter[(gsize) (y + y0 - region->y0) * region->w + (x + x0 - region->x0)];
  if (n > 0)
    {
      remove_specks (window.voter, window.w, window.h, speck_px);
      n = stray_in (&window, window.voter, x0, x1, y0, y1, strokes, n_strokes, band);
    }
  g_free (window.voter);
  return n;
}

/* The stroke's thickness: along the name [tx0, tx1], where the line meets
 * the voter's ink, the height of that ink (up and down from the line,
 * across rows); the median, pixels. A pen draws a line a millimetre thick
 * at most; a highlighter several. */
static int
stroke_thickness (const Region *region,
                  const Stroke *stroke,
                  int           tx0,
                  int           tx1)
{
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));

  for (int x = MAX (tx0, region->x0); x <= MIN (tx1, region->x0 + region->w - 1); x++)
    {
      int yc = (int) floor (stroke->at + stroke->slope * (x - stroke->xc) + 0.5), hit = G_MININT;

      for (int d = 0; d <= stroke->band && hit == G_MININT; d++)
        if (region_has (region, region->voter, x, yc - d))
          hit = yc - d;
        else if (region_has (region, region->voter, x, yc + d))
          hit = yc + d;
      if (hit != G_MININT)
        {
          int top = hit, bottom = hit, h;
          while (region_has (region, region->voter, x, top - 1))
            top--;
          while (region_has (region, region->voter, x, bottom + 1))
            bottom++;
          h = bottom - top + 1;
          g_array_append_val (heights, h);
        }
    }
  if (heights->len == 0)
    return 0;
  g_array_sort (heights, (GCompareFunc) int_compare);
  return g_array_index (heights, int, heights->len / 2);
}

/* The body of a name's letters: the pixel rows of [x0, x1) × [y0, y1)
 * where print has at least BODY_SHARE of its most inked row's pixels. */
static void
letters_body (const Reference *ref,
              int              x0,
              int              x1,
              int              y0,
              int              y1,
              int             *top,
              int             *bottom)
{
  g_autofree int *count = g_new0 (int, MAX (1, y1 - y0));
  int most = 0;

  *top = y0;
  *bottom = y1 - 1;
  x0 = MAX (0, x0);
  x1 = MIN (ref->w, x1);
  y0 = MAX (0, y0);
  y1 = MIN (ref->h, y1);
  for (int y = y0; y < y1; y++)
    {
      for (int x = x0; x < x1; x++)
        count[y - y0] += ref->ink[(gsize) y * ref->w + x];
      most = MAX (most, count[y - y0]);
    }
  if (most == 0)
    return;
  for (int y = y0; y < y1; y++)
    if (count[y - y0] >= most * BODY_SHARE)
      *bottom = y;
  for (int y = y0; y < y1; y++)
    if (count[y - y0] >= most * BODY_SHARE)
      {
        *top = y;
        break;
      }
}

/* The share of columns [xa, xb] where the stroke's line, carried on
 * beyond its row, meets the voter's ink. */
static double
line_beyond (const Region *region,
             const Stroke *stroke,
             int           xa,
             int           xb)
{
  int n = 0, hits = 0;

  for (int x = xa; x <= xb; x++)
    {
      if (x < region->x0 || x >= region->x0 + region->w)
        continue;
      n++;
      hits += band_has (region, region->voter, stroke, x, stroke->band, G_MININT, G_MAXINT);
    }
  return n > 0 ? (double) hits / n : 0;
}

/* Columns where one pixel of the voter's ink lies in both strokes' bands. */
static int
shared_columns (const Region *region,
                const Stroke *a,
                const Stroke *b,
                int           x0,
                int           x1,
                int           band)
{
  int n = 0;

  for (int x = MAX (x0, region->x0); x < MIN (x1, region->x0 + region->w); x++)
    {
      double ya = a->at + a->slope * (x - a->xc), yb = b->at + b->slope * (x - b->xc);
      int lo = (int) floor (MAX (ya, yb) - band - 0.5), hi = (int) ceil (MIN (ya, yb) + band + 0.5);

      for (int y = lo; y <= hi; y++)
        if (in_band (a, x, y, band) && in_band (b, x, y, band) && region_has (region, region->voter, x, y))
          {
            n++;
            break;
          }
    }
  return n;
}


/* R-STRIKE-1: the rows of one printed table, top to bottom. */
static void
read_strike_table (const KpBallotLayout *layout,
                   const Reference      *ref,
                   const Region         *region,
                   const KpBallotTable  *table,
                   GArray               *out)
{
  int band = MAX (2, to_px (ref, BAND_PT));
  int speck = MAX (2, (int) (SPECK / (MM_PER_PT * MM_PER_PT) * ref->scale * ref->scale));
  double px2mm = MM_PER_PT * MM_PER_PT / (ref->scale * ref->scale);
  g_autoptr(GArray) index = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree Stroke *strokes = NULL;
  g_autofree gboolean *accepted = NULL;
  g_autofree gboolean *ambiguous = NULL;

  for (guint i = 0; i < layout->rows->len; i++)
    {
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      if (row->page == table->page && row->row.x >= table->rect.x - 1 && row->row.x <= table->rect.x + 1)
        g_array_append_val (index, i);
    }
  strokes = g_new0 (Stroke, index->len);
  accepted = g_new0 (gboolean, index->len);
  ambiguous = g_new0 (gboolean, index->len);

  /* 1. Each row's best stroke and how much of its name it crosses. */
  for (guint k = 0; k < index->len; k++)
    {
      guint i = g_array_index (index, guint, k);
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      int x0 = to_px (ref, row->row.x), x1 = to_px (ref, row->row.x + row->row.w);
      int ry0 = to_px (ref, row->row.y), ry1 = to_px (ref, row->row.y + row->row.h);
      int tx0 = ref->text_x0[i], tx1 = ref->text_x1[i];
      double xc = tx1 >= tx0 ? (tx0 + tx1) / 2.0 : (x0 + x1) / 2.0;

      /* The row and a quarter of each neighbour: a stroke that starts in
       * the next row counts by its part in this one. */
      strokes[k] = find_stroke (region, x0, x1, ry0 + 1, ry1 - 1, ry0 + 2, ry1 - 2, xc, band);
      if (strokes[k].found && tx1 > tx0)
        strokes[k].coverage = stroke_coverage (region, &strokes[k], x0, x1, ry0, ry1, tx0, tx1);
      accepted[k] = strokes[k].coverage >= STROKE_COVERAGE;
    }

  /* One stroke seen by two rows — a line that starts in one row and ends in
   * the next, so that each row finds it — is neither row's for sure: both
   * are for the committee. Two strokes of two rows share little ink. */
  for (guint k = 0; k + 1 < index->len; k++)
    if (accepted[k] && accepted[k + 1])
      {
        const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, g_array_index (index, guint, k));
        int x0 = to_px (ref, row->row.x), x1 = to_px (ref, row->row.x + row->row.w);
        int shared = shared_columns (region, &strokes[k], &strokes[k + 1], x0, x1, band);

        if (shared * 4 >= MIN (strokes[k].support, strokes[k + 1].support))
          ambiguous[k] = ambiguous[k + 1] = TRUE;
      }

  /* 2. Each row: its stroke, and the ink no stroke of it or of its
   *    neighbours explains. */
  for (guint k = 0; k < index->len; k++)
    {
      guint i = g_array_index (index, guint, k);
      const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
      int x0 = to_px (ref, row->row.x) + 1, x1 = to_px (ref, row->row.x + row->row.w) - 1;
      int y0 = to_px (ref, row->row.y) + 1, y1 = to_px (ref, row->row.y + row->row.h) - 1;
      const Stroke *mine = accepted[k] ? &strokes[k] : NULL;
      /* A neighbour's stroke explains ink here only when it strikes its
       * own name: a line that crosses half of each of two names (begun in
       * one, ended in the next) explains neither. */
#define STRIKES(j) (accepted[j] && strokes[j].coverage >= STRUCK_COVERAGE ? &strokes[j] : NULL)
      const Stroke *near[5] = {
        mine,
        k > 0 ? STRIKES (k - 1) : NULL,
        k + 1 < index->len ? STRIKES (k + 1) : NULL,
        k > 1 ? STRIKES (k - 2) : NULL,
        k + 2 < index->len ? STRIKES (k + 2) : NULL,
      };
#undef STRIKES
      KpScanRow result = { row->no, KP_SCAN_DOUBTFUL, 0, 0, 0 };
      int stray = stray_pixels (region, x0, x1, y0, y1, near, G_N_ELEMENTS (near), band);

      result.coverage = strokes[k].coverage;
      if (g_getenv ("KP_SCAN_DEBUG"))
        g_printerr ("row %u: stroke %d at %.0f slope %.3f support %d coverage %.3f stray %d px (rows %d–%d)\n", row->no,
                    strokes[k].found, strokes[k].at - region->y0, strokes[k].slope, strokes[k].support,
                    strokes[k].coverage, stray, y0 - region->y0, y1 - region->y0);
      result.stray = stray * px2mm;
      if (ambiguous[k])
        result.decision = KP_SCAN_DOUBTFUL;
      else if (mine != NULL && strokes[k].coverage >= STRUCK_COVERAGE && result.stray <= STRAY_DOUBT)
        {
          int reach = to_px (ref, LINE_REACH_PT);
          double left = line_beyond (region, mine, x0 - reach, x0 - 2);
          double right = line_beyond (region, mine, x1 + 2, x1 + reach);
          int thick = stroke_thickness (region, mine, ref->text_x0[i], ref->text_x1[i]);
          int top, bottom, tol = to_px (ref, BODY_PT);
          double at = mine->at + mine->slope * ((ref->text_x0[i] + ref->text_x1[i]) / 2.0 - mine->xc);
          gboolean through;

          /* The letters' body, inside the row's lines. */
          letters_body (ref, ref->text_x0[i], ref->text_x1[i] + 1, y0 + 2, y1 - 2, &top, &bottom);
          through = at >= top - tol && at <= bottom + tol;

          if (g_getenv ("KP_SCAN_DEBUG"))
            g_printerr ("row %u: thickness %d px, line beyond %.2f %.2f, line at %.0f, letters %d–%d\n", row->no, thick,
                        left, right, at - region->y0, top - region->y0, bottom - region->y0);
          /* A band of ink, not a pen's line; a line across the sheet. */
          if (through && thick * MM_PER_PT / ref->scale <= WIDE_MM && (left < LINE_BEYOND || right < LINE_BEYOND))
            result.decision = KP_SCAN_STRUCK;
        }
      else if (mine == NULL && result.stray <= STRAY_KEPT)
        {
          /* R-STRIKE-1: a light pencil stroke the pen's threshold missed. */
          int faint = faint_stray (region, x0, x1, y0, y1, near, G_N_ELEMENTS (near), band, 2 * speck);
          /* R-STRIKE-1: ink of the voter's in pieces each under the speck
           * size — a thin line that hides in the letters but between them,
           * a blot that fills the letters' holes but a few pixels. */
          int tol = to_px (ref, LOOSE_MARGIN_PT);
          int loose = loose_pixels (region, ref->text_x0[i] - tol, ref->text_x1[i] + tol + 1, y0, y1, near,
                                    G_N_ELEMENTS (near), band);

          if (g_getenv ("KP_SCAN_DEBUG"))
            g_printerr ("row %u: faint %.2f mm², loose %.2f mm²\n", row->no, faint * px2mm, loose * px2mm);
          if (faint * px2mm <= FAINT_KEPT && loose * px2mm <= LOOSE_KEPT)
            result.decision = KP_SCAN_KEPT;
        }
      g_array_append_val (out, result);
    }
}

/* KP_SCAN_DEBUG=DIR: each table as read, for a person tuning this file:
 * print grey, the scan's ink black, the voter's ink red, strokes green. */
static void
debug_region (const Reference *ref,
              const Region    *region,
              const GArray    *rows,
              guint            first_row)
{
  const char *dir = g_getenv ("KP_SCAN_DEBUG");
  static guint counter = 0;
  g_autofree char *path = NULL;
  PIX *pix;

  if (dir == NULL)
    return;
  pix = pixCreate (region->w, region->h, 32);
  pixSetAll (pix);
  for (int y = 0; y < region->h; y++)
    for (int x = 0; x < region->w; x++)
      {
        gsize i = (gsize) y * region->w + x;
        gsize r = (gsize) (region->y0 + y) * ref->w + region->x0 + x;
        if (region->voter[i])
          pixSetRGBPixel (pix, x, y, 230, 0, 0);
        else if (region->scan[i])
          pixSetRGBPixel (pix, x, y, 0, 0, 0);
        else if (ref->near[r])
          pixSetRGBPixel (pix, x, y, 200, 200, 200);
      }
  path = g_strdup_printf ("%s/region-%04u-row%u.png", dir, counter++, first_row);
  pixWrite (path, pix, IFF_PNG);
  pixDestroy (&pix);
}

/* R-FORM-2: the agree and disagree boxes. */
static void
read_yesno_row (const Reference *ref,
                const Region    *region,
                const KpBallotRow *row,
                GArray          *out)
{
  double px2mm = MM_PER_PT * MM_PER_PT / (ref->scale * ref->scale);
  const KpRect *boxes[2] = { &row->agree, &row->disagree };
  double ink[2], edge_ink[2];
  KpScanRow result = { row->no, KP_SCAN_DOUBTFUL, '?', 0, 0 };
  int inset = 1;
  gboolean doubtful = FALSE, marked[2];

  for (guint b = 0; b < 2; b++)
    {
      int x0 = to_px (ref, boxes[b]->x) + inset, x1 = to_px (ref, boxes[b]->x + boxes[b]->w) - inset;
      int y0 = to_px (ref, boxes[b]->y) + inset, y1 = to_px (ref, boxes[b]->y + boxes[b]->h) - inset;
      /* The strip of this box along the line between the two boxes. */
      int edge = MAX (2, to_px (ref, boxes[b]->w * BOX_EDGE));
      int ex0 = b == 0 ? x1 - edge : x0, ex1 = b == 0 ? x1 : x0 + edge;
      double area = (double) MAX (1, x1 - x0) * MAX (1, y1 - y0) * px2mm;

      ink[b] = stray_pixels (region, x0, x1, y0, y1, NULL, 0, 0) * px2mm;
      edge_ink[b] = stray_pixels (region, ex0, ex1, y0, y1, NULL, 0, 0) * px2mm;
      marked[b] = ink[b] >= BOX_MARKED;
      if (ink[b] > BOX_EMPTY && !marked[b])
        doubtful = TRUE;
      /* Filled or scribbled out: a mark corrected, for a person. */
      if (ink[b] > BOX_FILLED * area)
        doubtful = TRUE;
      if (g_getenv ("KP_SCAN_DEBUG"))
        g_printerr ("row %u box %u: ink %.2f mm² of %.1f, by the other box %.2f mm²\n", row->no, b, ink[b], area,
                    edge_ink[b]);
    }
  /* One mark across the line between the boxes: which box it means is a
   * person's call, not "both". */
  if (edge_ink[0] > BOX_EMPTY && edge_ink[1] > BOX_EMPTY)
    doubtful = TRUE;
  /* Ink on the name or its number: not a mark the form asks for. */
  {
    int x0 = to_px (ref, row->number.x) + 1, x1 = to_px (ref, row->name.x + row->name.w) - 1;
    int y0 = to_px (ref, row->row.y) + 1, y1 = to_px (ref, row->row.y + row->row.h) - 1;
    result.stray = stray_pixels (region, x0, x1, y0, y1, NULL, 0, 0) * px2mm;
    if (result.stray > STRAY_DOUBT)
      doubtful = TRUE;
  }
  /* Both boxes marked: as often a mark corrected (one X scribbled over,
   * a new one beside it) as two X's; R-YESNO-1/2 count it as neither,
   * so a person confirms which it is. */
  if (marked[0] && marked[1])
    doubtful = TRUE;
  result.coverage = MAX (ink[0], ink[1]);
  if (!doubtful)
    {
      result.decision = marked[0] || marked[1] ? KP_SCAN_STRUCK : KP_SCAN_KEPT;
      result.marks = marked[0] && marked[1] ? 'B' : marked[0] ? 'Y' : marked[1] ? 'N' : '0';
    }
  g_array_append_val (out, result);
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
  remove_specks (mask, w, h, speck);
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
                  read_yesno_row (ref, &region, row, result->rows);
              }
          }
        else
          {
            guint first = result->rows->len;
            read_strike_table (layout, ref, &region, table, result->rows);
            debug_region (ref, &region, result->rows, first);
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
