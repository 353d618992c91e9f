/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-rows.c — judging the rows of a scanned ballot page: struck,
 * kept or doubtful (R-STRIKE-1), or the agree/disagree boxes (R-FORM-2),
 * from the voter's ink kp-scan.c found in a table (formats.md, "Scanned
 * ballots", step 4).
 *
 * Strike form: the straight band that holds most of the voter's ink near
 * the row and crosses its name; along it, the share of the name's blank
 * paper the pen crossed (coverage); and the ink no stroke explains
 * (stray, faint, loose). Struck: coverage high, nothing stray, and a pen's
 * line through the letters that ends with its row (not a highlighter, an
 * underline, a fold). Kept: no ink of the voter's, not even faint, not
 * even in specks on the name. Anything else: doubtful.
 */

#include <math.h>
#include <string.h>

#include "kp-scan-private.h"

/* --- thresholds (measured: bench/bench-scan.c prints what they give) ----- */

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
/* Faint ink (FAINT_CONTRAST in kp-scan.c): a row with more than FAINT_KEPT
 * mm² of it that no stroke explains is not kept but doubtful. */
#define FAINT_KEPT 0.2
/* The voter's ink on the name (within LOOSE_MARGIN_PT of its letters),
 * specks included but single pixels, that no stroke explains: above
 * LOOSE_KEPT mm² a name with no stroke is not kept but doubtful (a thin
 * line hidden in the letters but for specks between them; a blot on a
 * letter: R-STRIKE-1). */
#define LOOSE_KEPT 0.2
#define LOOSE_MARGIN_PT 1.0
/* R-STRIKE-1: a thin line that the letters hide but for the gaps between
 * them (its loose ink under LOOSE_KEPT): a name with no stroke is not kept
 * but doubtful when one straight line through its loose ink, inside the
 * letters' body (HIDDEN_EDGE_PT in from its top and foot), bridges
 * HIDDEN_GAPS gaps between letters or more, each at least HIDDEN_GAP_PT
 * wide, with the scan's ink in every column and ink print does not explain
 * in one at least (bridged_gaps). */
#define HIDDEN_GAPS 3
#define HIDDEN_GAP_PT 1.4
#define HIDDEN_EDGE_PT 0.8
/* A stroke whose ink is thicker than this (mm, across the line, the median
 * along the name) is no pen's: a highlighter, a filled band. Doubtful. */
#define WIDE_MM 1.6
/* A stroke that goes on beyond its row on both sides, for LINE_REACH_PT
 * (kp-scan-private.h), in at least LINE_BEYOND of the columns, is a line
 * across the sheet (a fold, a scanner's streak), not a voter's: doubtful. */
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

static int
int_compare (const int *a,
             const int *b)
{
  return (*a > *b) - (*a < *b);
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

/* The pixels of @mask inside [x0,x1)×[y0,y1) that none of @strokes
 * explains; with @skip_single, but for single pixels (no neighbour in
 * @mask: a letter's edge resampled). */
static int
unexplained (const Region        *region,
             const guint8        *mask,
             int                  x0,
             int                  x1,
             int                  y0,
             int                  y1,
             const Stroke *const *strokes,
             guint                n_strokes,
             int                  band,
             gboolean             skip_single,
             GArray              *found)
{
  int n = 0;

  for (int y = MAX (y0, region->y0); y < MIN (y1, region->y0 + region->h); y++)
    for (int x = MAX (x0, region->x0); x < MIN (x1, region->x0 + region->w); x++)
      if (mask[(gsize) (y - region->y0) * region->w + (x - region->x0)])
        {
          gboolean explained = FALSE, alone = skip_single;

          for (int dy = -1; dy <= 1 && alone; dy++)
            for (int dx = -1; dx <= 1 && alone; dx++)
              alone = (dx == 0 && dy == 0) || !region_has (region, mask, x + dx, y + dy);
          for (guint s = 0; s < n_strokes && !explained; s++)
            explained = strokes[s] != NULL && in_band (strokes[s], x, y, band);
          if (!explained && !alone)
            {
              int p[2] = { x, y };
              n++;
              if (found != NULL)
                g_array_append_val (found, p);
            }
        }
  return n;
}

/* R-STRIKE-1: a thin line hidden in the letters shows only where it
 * crosses the paper between them. Along a straight line (±1 pixel) through
 * one of @pixels (the voter's loose ink on the name) at up to MAX_ANGLE°,
 * a gap between letters — columns [x0, x1) where print has no ink on the
 * line, at least @min_gap wide, print on both sides — is bridged when the
 * scan has ink on the line in every one of its columns and ink print does
 * not explain in one at least: print blurred by the scanner fills a pixel
 * or so of a gap, seldom all of it and then within the print's tolerance.
 * Returns the most gaps one line bridges. */
static int
bridged_gaps (const Region    *region,
              const Reference *ref,
              const GArray    *pixels,
              int              x0,
              int              x1,
              int              top,
              int              bottom,
              double           xc,
              int              min_gap)
{
  int n_angles = 2 * MAX_ANGLE + 1, best = 0, lo = G_MAXINT, hi = G_MININT;
  g_autofree guint8 *seen = NULL;

  if (pixels->len == 0)
    return 0;
  for (guint k = 0; k < pixels->len; k++)
    {
      lo = MIN (lo, g_array_index (pixels, int, 2 * k + 1));
      hi = MAX (hi, g_array_index (pixels, int, 2 * k + 1));
    }
  /* Offsets of lines through the pixels lie within this range. */
  lo -= (int) ceil (tan (MAX_ANGLE * G_PI / 180) * (x1 - x0)) + 1;
  hi += (int) ceil (tan (MAX_ANGLE * G_PI / 180) * (x1 - x0)) + 1;
  seen = g_malloc0 ((gsize) n_angles * (hi - lo + 1));
  for (int degrees = -MAX_ANGLE; degrees <= MAX_ANGLE; degrees++)
    {
      double slope = tan (degrees * G_PI / 180);

      for (guint k = 0; k < pixels->len; k++)
        {
          const int *p = &g_array_index (pixels, int, 2 * k);
          int at = (int) floor (p[1] - slope * (p[0] - xc) + 0.5), bridged = 0, gap = 0;
          gboolean filled = TRUE, after_print = FALSE, voters = FALSE;
          gsize s = (gsize) (degrees + MAX_ANGLE) * (hi - lo + 1) + (at - lo);

          if (at < lo || at > hi || seen[s])
            continue;
          seen[s] = 1;
          for (int x = x0; x < x1; x++)
            {
              int yc = (int) floor (at + slope * (x - xc) + 0.5);
              gboolean printed = FALSE, inked = FALSE, loose = FALSE;

              /* Only through the letters' body: where a line can hide. */
              if (yc - 1 < top || yc + 1 > bottom)
                {
                  after_print = voters = FALSE;
                  gap = 0;
                  filled = TRUE;
                  continue;
                }
              for (int y = yc - 1; y <= yc + 1; y++)
                if (x >= 0 && y >= 0 && x < ref->w && y < ref->h)
                  {
                    printed |= ref->ink[(gsize) y * ref->w + x];
                    inked |= region_has (region, region->scan, x, y);
                    loose |= region_has (region, region->loose, x, y);
                  }
              if (!printed)
                {
                  gap++;
                  filled &= inked;
                  voters |= loose;
                  continue;
                }
              if (after_print && gap >= min_gap && filled && voters)
                bridged++;
              after_print = TRUE;
              voters = FALSE;
              gap = 0;
              filled = TRUE;
            }
          best = MAX (best, bridged);
        }
    }
  return best;
}

/* The voter's ink in [x0,x1)×[y0,y1), specks removed, that none of
 * @strokes explains. */
static int
stray_pixels (const Region        *region,
              int                  x0,
              int                  x1,
              int                  y0,
              int                  y1,
              const Stroke *const *strokes,
              guint                n_strokes,
              int                  band)
{
  return unexplained (region, region->voter, x0, x1, y0, y1, strokes, n_strokes, band, FALSE, NULL);
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
      _kp_scan_remove_specks (window.voter, window.w, window.h, speck_px);
      n = unexplained (&window, window.voter, x0, x1, y0, y1, strokes, n_strokes, band, FALSE, NULL);
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
void
_kp_scan_read_strike_table (const KpBallotLayout *layout,
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
          g_autoptr(GArray) pixels = g_array_new (FALSE, FALSE, sizeof (int) * 2);
          int loose = unexplained (region, region->loose, ref->text_x0[i] - tol, ref->text_x1[i] + tol + 1, y0, y1,
                                   near, G_N_ELEMENTS (near), band, TRUE, pixels);
          int bridged = 0;

          if (faint * px2mm <= FAINT_KEPT && loose * px2mm <= LOOSE_KEPT)
            {
              int top, bottom, edge = MAX (2, to_px (ref, HIDDEN_EDGE_PT));

              /* The body of the letters but along their feet and tops,
               * where serifs printed a little wider bridge narrow gaps. */
              letters_body (ref, ref->text_x0[i], ref->text_x1[i] + 1, y0 + 2, y1 - 2, &top, &bottom);
              bridged = bridged_gaps (region, ref, pixels, ref->text_x0[i] - tol, ref->text_x1[i] + tol + 1, top + edge,
                                      bottom - edge, (ref->text_x0[i] + ref->text_x1[i]) / 2.0,
                                      MAX (3, to_px (ref, HIDDEN_GAP_PT)));
            }
          if (g_getenv ("KP_SCAN_DEBUG"))
            g_printerr ("row %u: faint %.2f mm², loose %.2f mm², gaps bridged %d\n", row->no, faint * px2mm,
                        loose * px2mm, bridged);
          if (faint * px2mm <= FAINT_KEPT && loose * px2mm <= LOOSE_KEPT && bridged < HIDDEN_GAPS)
            result.decision = KP_SCAN_KEPT;
        }
      g_array_append_val (out, result);
    }
}

/* KP_SCAN_DEBUG=DIR: each table as read, for a person tuning this file:
 * print grey, the scan's ink black, the voter's ink red, strokes green. */
void
_kp_scan_debug_region (const Reference *ref,
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
void
_kp_scan_read_yesno_row (const Reference *ref,
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
