/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-gen.c — generated scans of ballots, with their truth (see the
 * header). The blank ballot is rendered by pdftoppm (poppler's own
 * rasteriser, not the cairo one the recogniser uses for its reference), so
 * print differs a little between the two as it does on paper.
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

#include "kp-scan-gen.h"

#define PT_PER_MM (72 / 25.4)

struct _KpGen
{
  const KpBallotLayout *layout; /* Borrowed */
  GHashTable *blanks;           /* dpi → GPtrArray of PIX (32 bpp), one per page */
};

static void
free_pages (GPtrArray *pages)
{
  for (guint i = 0; i < pages->len; i++)
    {
      PIX *pix = pages->pdata[i];
      pixDestroy (&pix);
    }
  g_ptr_array_unref (pages);
}

KpGen *
kp_gen_new (const KpBallotLayout *layout,
            GError              **error)
{
  KpGen *gen = g_new0 (KpGen, 1);

  setMsgSeverity (L_SEVERITY_NONE);
  gen->layout = layout;
  gen->blanks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) free_pages);
  return gen;
}

void
kp_gen_free (KpGen *gen)
{
  if (gen == NULL)
    return;
  g_hash_table_unref (gen->blanks);
  g_free (gen);
}

/* The blank ballot, every page, rendered by pdftoppm at @dpi. */
static GPtrArray *
blank_pages (KpGen *gen,
             guint  dpi)
{
  GPtrArray *pages = g_hash_table_lookup (gen->blanks, GUINT_TO_POINTER (dpi));
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;

  if (pages != NULL)
    return pages;
  dir = g_dir_make_tmp ("kp-scan-gen-XXXXXX", NULL);
  g_assert_nonnull (dir);
  pdf = g_build_filename (dir, "blank.pdf", NULL);
  g_assert_true (g_file_set_contents (pdf, g_bytes_get_data (gen->layout->pdf, NULL),
                                      g_bytes_get_size (gen->layout->pdf), NULL));
  pages = g_ptr_array_new ();
  for (guint p = 0; p < gen->layout->pages; p++)
    {
      g_autofree char *first = g_strdup_printf ("%u", p + 1);
      g_autofree char *res = g_strdup_printf ("%u", dpi);
      g_autofree char *out = g_build_filename (dir, "page", NULL);
      g_autofree char *png = g_build_filename (dir, "page.png", NULL);
      const char *argv[] = { "pdftoppm", "-r", res, "-f", first, "-l", first, "-singlefile", "-png", pdf, out, NULL };
      int status = -1;
      PIX *pix, *cropped;
      BOX *box;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   &status, NULL));
      g_assert_cmpint (status, ==, 0);
      pix = pixRead (png);
      g_assert_nonnull (pix);
      /* The ballot's own sheet: an A5 ballot is the left half. */
      box = boxCreate (0, 0, (int) (gen->layout->width * dpi / 72 + 0.5), (int) (gen->layout->height * dpi / 72 + 0.5));
      cropped = pixClipRectangle (pix, box, NULL);
      boxDestroy (&box);
      pixDestroy (&pix);
      pix = pixConvertTo32 (cropped);
      pixDestroy (&cropped);
      g_ptr_array_add (pages, pix);
      g_unlink (png);
    }
  g_unlink (pdf);
  g_rmdir (dir);
  g_hash_table_insert (gen->blanks, GUINT_TO_POINTER (dpi), pages);
  return pages;
}

/* --- drawing --------------------------------------------------------------- */

typedef struct
{
  guint8 r, g, b;
} Ink;

/* The attack of the ballot being drawn (the generator draws one ballot at
 * a time). */
static KpGenAttack current_attack;

static Ink
pick_ink (GRand *rand)
{
  static const Ink inks[] = { { 25, 25, 30 }, { 40, 40, 45 }, { 30, 45, 160 }, { 45, 70, 190 } };
  /* Red and green pens, dark and light. */
  static const Ink colours[] = { { 200, 30, 40 }, { 230, 90, 90 }, { 30, 150, 60 }, { 90, 190, 100 } };

  if (current_attack == KP_GEN_ATTACK_COLOUR)
    return colours[g_rand_int_range (rand, 0, G_N_ELEMENTS (colours))];
  return inks[g_rand_int_range (rand, 0, G_N_ELEMENTS (inks))];
}

static void
draw_path (PIX   *pix,
           PTA   *pta,
           int    width,
           Ink    ink)
{
  pixRenderPolylineArb (pix, pta, width, ink.r, ink.g, ink.b, 0);
}

/* Where a name's letters are on the blank page, in pixels. */
static void
text_extent (PIX          *blank,
             const KpRect *cell,
             double        g,
             int          *x0,
             int          *x1,
             int          *y0,
             int          *y1)
{
  int cx0 = (int) ((cell->x + 2) * g), cx1 = (int) ((cell->x + cell->w - 2) * g);
  int cy0 = (int) ((cell->y + 2) * g), cy1 = (int) ((cell->y + cell->h - 2) * g);

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = -1;
  for (int y = cy0; y < cy1; y++)
    for (int x = cx0; x < cx1; x++)
      {
        l_uint32 v;
        pixGetPixel (blank, x, y, &v);
        if (((v >> 16) & 0xff) < 128)
          {
            *x0 = MIN (*x0, x);
            *x1 = MAX (*x1, x);
            *y0 = MIN (*y0, y);
            *y1 = MAX (*y1, y);
          }
      }
}

/* A pen stroke from (xs, ys) to (xe, ye): a hand's small wobble, and a
 * wave when @wave > 0. */
static void
stroke (PIX   *pix,
        GRand *rand,
        double xs,
        double ys,
        double xe,
        double ye,
        double wave,
        double period,
        int    width,
        Ink    ink)
{
  PTA *pta = ptaCreate (0);
  double len = hypot (xe - xs, ye - ys), wobble = 0, phase = g_rand_double (rand) * 2 * G_PI;
  int steps = MAX (2, (int) (len / 3));

  for (int i = 0; i <= steps; i++)
    {
      double t = (double) i / steps;
      double x = xs + (xe - xs) * t, y = ys + (ye - ys) * t;
      wobble = CLAMP (wobble + g_rand_double_range (rand, -0.35, 0.35), -1.2, 1.2);
      y += wobble + (wave > 0 ? wave * sin (phase + 2 * G_PI * (x - xs) / period) : 0);
      ptaAddPt (pta, x, y);
    }
  draw_path (pix, pta, width, ink);
  ptaDestroy (&pta);
}

static void
ellipse (PIX   *pix,
         double cx,
         double cy,
         double rx,
         double ry,
         int    width,
         Ink    ink)
{
  PTA *pta = ptaCreate (0);

  for (int i = 0; i <= 72; i++)
    ptaAddPt (pta, cx + rx * cos (i * G_PI / 36), cy + ry * sin (i * G_PI / 36));
  draw_path (pix, pta, width, ink);
  ptaDestroy (&pta);
}

/* Handwriting-like loops, about @w × @h pixels. */
static void
scribble (PIX   *pix,
          GRand *rand,
          double x,
          double y,
          double w,
          double h,
          int    width,
          Ink    ink)
{
  PTA *pta = ptaCreate (0);
  double step = h / 6;

  for (double t = 0; t < w; t += step / 2)
    {
      double a = t / (h * 0.35);
      ptaAddPt (pta, x + t + h * 0.25 * sin (a * 3.1), y + h * 0.45 * cos (a * 2.3 + g_rand_double (rand) * 0.4));
    }
  draw_path (pix, pta, width, ink);
  ptaDestroy (&pta);
}

static int
thickness (GRand *rand,
           guint  dpi)
{
  /* 1–5 px; a pen's width in mm outside 150–300 dpi. */
  int px = g_rand_int_range (rand, 1, 6);
  if (dpi < 150 || dpi > 300)
    px = MAX (1, (int) (px * dpi / 200.0 + 0.5));
  return px;
}

/* One name struck: returns its truth. */
static char
strike_row (PIX                *pix,
            GRand              *rand,
            const KpGenOptions *o,
            PIX                *blank,
            const KpBallotRow  *row,
            double              g,
            gboolean            extra_ink)
{
  int tx0, tx1, ty0, ty1, width = thickness (rand, o->dpi);
  double tw, fraction, length, xs, xe, yc, ys, ye, angle, wave = 0, period = 40;
  Ink ink = pick_ink (rand);
  char truth;

  text_extent (blank, &row->name, g, &tx0, &tx1, &ty0, &ty1);
  if (tx1 < tx0)
    return KP_GEN_KEPT;
  tw = tx1 - tx0;
  /* Clean: across the whole name; else 40–110 % of it, most across it. */
  if (o->clean || g_rand_double (rand) < 0.7)
    fraction = g_rand_double_range (rand, 1.0, 1.1);
  else
    fraction = g_rand_double_range (rand, 0.4, 1.0);
  length = fraction * tw;
  if (fraction >= 1)
    xs = tx0 - (length - tw) * g_rand_double (rand);
  else
    xs = tx0 + (tw - length) * g_rand_double (rand);
  xe = xs + length;
  truth = (MIN (xe, tx1) - MAX (xs, tx0)) / tw >= 0.8 ? KP_GEN_STRUCK : KP_GEN_DOUBT;

  /* Through the letters, a little above or below their middle. */
  yc = (ty0 + ty1) / 2.0 + g_rand_double_range (rand, -0.2, 0.2) * (ty1 - ty0);
  angle = g_rand_double_range (rand, -10, 10) * G_PI / 180;
  /* A slant that fits the row; steeper strokes are kept for long
   * rows, as a hand does. */
  {
    double room = row->row.h * g * 0.9;
    if (fabs (tan (angle)) * length > room)
      angle = copysign (atan (room / length), angle);
  }
  ys = yc - tan (angle) * length / 2;
  ye = yc + tan (angle) * length / 2;
  /* Some start in the row above or below. */
  if (!o->clean && g_rand_double (rand) < 0.12)
    {
      double dy = row->row.h * g * g_rand_double_range (rand, 0.45, 0.7) * (g_rand_boolean (rand) ? 1 : -1);
      ys = yc + dy;
      ye = yc - dy * 0.2;
    }
  if (g_rand_double (rand) < 0.3)
    {
      wave = g_rand_double_range (rand, 1, 3) * o->dpi / 200.0;
      period = g_rand_double_range (rand, 20, 60) * o->dpi / 200.0;
    }
  stroke (pix, rand, xs, ys, xe, ye, wave, period, width, ink);

  if (extra_ink)
    {
      double right = (row->name.x + row->name.w) * g;
      /* Struck, then circled (or written again beside it): for a person. */
      if (right - tx1 > 20 * PT_PER_MM * g && g_rand_boolean (rand))
        scribble (pix, rand, tx1 + 6 * g, (ty0 + ty1) / 2.0, MIN (right - tx1 - 10 * g, tw * 0.8), ty1 - ty0,
                  MAX (1, width - 1), ink);
      else
        ellipse (pix, (tx0 + tx1) / 2.0, (ty0 + ty1) / 2.0, tw / 2 + 5 * g, row->row.h * g * 0.42, MAX (1, width - 1),
                 ink);
      truth = KP_GEN_DOUBT;
    }
  return truth;
}

/* An X in a box. */
static void
cross (PIX          *pix,
       GRand        *rand,
       const KpRect *box,
       double        g)
{
  double cx = (box->x + box->w / 2) * g, cy = (box->y + box->h / 2) * g;
  double hx = box->w * g * g_rand_double_range (rand, 0.1, 0.3), hy = box->h * g * g_rand_double_range (rand, 0.25, 0.38);
  int width = g_rand_int_range (rand, 1, 5);
  Ink ink = pick_ink (rand);

  stroke (pix, rand, cx - hx, cy - hy, cx + hx, cy + hy, 0, 40, width, ink);
  stroke (pix, rand, cx - hx, cy + hy, cx + hx, cy - hy, 0, 40, width, ink);
}

static char
mark_row (PIX               *pix,
          GRand             *rand,
          const KpBallotRow *row,
          double             g)
{
  double r = g_rand_double (rand);

  if (r < 0.5)
    {
      cross (pix, rand, &row->agree, g);
      return 'Y';
    }
  if (r < 0.85)
    {
      cross (pix, rand, &row->disagree, g);
      return 'N';
    }
  if (r < 0.93)
    {
      cross (pix, rand, &row->agree, g);
      cross (pix, rand, &row->disagree, g);
      return 'B';
    }
  return '0';
}

/* --- adversarial marks (KpGenAttack) ------------------------------------- */

/* A filled, slightly ragged blot of radius @r around (cx, cy). */
static void
blot (PIX   *pix,
      GRand *rand,
      double cx,
      double cy,
      double r,
      Ink    ink)
{
  double wobble[16];

  for (guint k = 0; k < 16; k++)
    wobble[k] = g_rand_double_range (rand, 0.75, 1.15);
  for (int y = (int) (cy - 1.2 * r); y <= (int) (cy + 1.2 * r); y++)
    for (int x = (int) (cx - 1.2 * r); x <= (int) (cx + 1.2 * r); x++)
      {
        double a = atan2 (y - cy, x - cx) + G_PI;
        int k = ((int) (a / (2 * G_PI) * 16)) % 16;
        if (x >= 0 && y >= 0 && x < (int) pixGetWidth (pix) && y < (int) pixGetHeight (pix)
            && hypot (x - cx, y - cy) <= r * wobble[k])
          pixSetRGBPixel (pix, x, y, ink.r, ink.g, ink.b);
      }
}

/* A highlighter: a band of light colour, multiplied into the paper and
 * the print under it. */
static void
highlight (PIX   *pix,
           GRand *rand,
           double xs,
           double xe,
           double yc,
           double half,
           double slope)
{
  static const Ink colours[] = { { 250, 240, 90 }, { 250, 165, 205 }, { 170, 245, 150 }, { 150, 215, 250 } };
  Ink c = colours[g_rand_int_range (rand, 0, G_N_ELEMENTS (colours))];

  for (int x = (int) xs; x <= (int) xe; x++)
    {
      double y0 = yc + slope * (x - xs) - half;
      for (int y = (int) y0; y <= (int) (y0 + 2 * half); y++)
        {
          l_int32 r, g, b;
          if (x < 0 || y < 0 || x >= (int) pixGetWidth (pix) || y >= (int) pixGetHeight (pix))
            continue;
          pixGetRGBPixel (pix, x, y, &r, &g, &b);
          pixSetRGBPixel (pix, x, y, r * c.r / 255, g * c.g / 255, b * c.b / 255);
        }
    }
}

/* A zigzag back and forth over [x0, x1] × [y0, y1]: a mark scribbled out. */
static void
zigzag (PIX   *pix,
        GRand *rand,
        double x0,
        double x1,
        double y0,
        double y1,
        double step,
        int    width,
        Ink    ink)
{
  PTA *pta = ptaCreate (0);
  gboolean up = FALSE;

  for (double x = x0; x <= x1; x += step * g_rand_double_range (rand, 0.7, 1.3), up = !up)
    ptaAddPt (pta, x, up ? y0 + g_rand_double_range (rand, 0, 2) : y1 - g_rand_double_range (rand, 0, 2));
  draw_path (pix, pta, width, ink);
  ptaDestroy (&pta);
}

static gboolean
row_below (const KpBallotRow *row,
           const KpBallotRow *next)
{
  return next->page == row->page && fabs (next->row.x - row->row.x) < 1 && fabs (next->row.y - (row->row.y + row->row.h)) < 1;
}

/* One row of the strike form attacked: returns its truth; a mark that
 * runs into the next row sets that row's truth too. */
static char
attack_row (PIX                  *pix,
            GRand                *rand,
            const KpGenOptions   *o,
            PIX                  *blank,
            const KpBallotLayout *layout,
            guint                 i,
            double                g,
            char                 *truth)
{
  const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);
  int tx0, tx1, ty0, ty1, width = thickness (rand, o->dpi);
  double tw, th, yc, rh = row->row.h * g;
  Ink ink = pick_ink (rand);

  text_extent (blank, &row->name, g, &tx0, &tx1, &ty0, &ty1);
  if (tx1 < tx0)
    return KP_GEN_KEPT;
  tw = tx1 - tx0;
  th = ty1 - ty0;
  yc = (ty0 + ty1) / 2.0;
  switch (o->attack)
    {
    case KP_GEN_ATTACK_TICK:
      {
        /* ✓ about the row's height, somewhere on the name. */
        double x = tx0 + tw * g_rand_double_range (rand, 0.1, 0.8), s = rh * g_rand_double_range (rand, 0.4, 0.8);
        PTA *pta = ptaCreate (0);
        ptaAddPt (pta, x, yc);
        ptaAddPt (pta, x + s * 0.35, yc + s * 0.45);
        ptaAddPt (pta, x + s * 1.2, yc - s * 0.6);
        draw_path (pix, pta, width, ink);
        ptaDestroy (&pta);
        return KP_GEN_DOUBT;
      }
    case KP_GEN_ATTACK_X:
      {
        double h = rh * g_rand_double_range (rand, 0.3, 0.45), m = tw * g_rand_double_range (rand, 0, 0.08);
        stroke (pix, rand, tx0 - m, yc - h, tx1 + m, yc + h, 0, 40, width, ink);
        stroke (pix, rand, tx0 - m, yc + h, tx1 + m, yc - h, 0, 40, width, ink);
        return KP_GEN_DOUBT;
      }
    case KP_GEN_ATTACK_CIRCLE:
      ellipse (pix, (tx0 + tx1) / 2.0 + g_rand_double_range (rand, -3, 3) * g, yc, tw / 2 + g_rand_double_range (rand, 2, 8) * g,
               rh * g_rand_double_range (rand, 0.4, 0.75), width, ink);
      return KP_GEN_DOUBT;
    case KP_GEN_ATTACK_SHORT:
      {
        double f = g_rand_double_range (rand, 0.2, 0.4), xs = tx0 + tw * (1 - f) * g_rand_double (rand);
        double slope = tan (g_rand_double_range (rand, -5, 5) * G_PI / 180);
        stroke (pix, rand, xs, yc - slope * f * tw / 2, xs + f * tw, yc + slope * f * tw / 2, 0, 40, width, ink);
        return KP_GEN_DOUBT;
      }
    case KP_GEN_ATTACK_NUMBER:
      {
        double x0 = row->number.x * g, x1 = (row->number.x + row->number.w) * g;
        stroke (pix, rand, x0 + 1 * g, yc, x1 - g_rand_double_range (rand, 0.5, 1.5) * g, yc + g_rand_double_range (rand, -2, 2),
                0, 40, width, ink);
        return KP_GEN_DOUBT;
      }
    case KP_GEN_ATTACK_PENCIL:
      {
        int v = g_rand_int_range (rand, 150, 201);
        Ink grey = { v, v, v };
        double over = tw * g_rand_double_range (rand, 0.02, 0.08);
        stroke (pix, rand, tx0 - over, yc + g_rand_double_range (rand, -0.15, 0.15) * th, tx1 + over,
                yc + g_rand_double_range (rand, -0.15, 0.15) * th, 0, 40, MIN (width, 3), grey);
        return KP_GEN_STRUCK;
      }
    case KP_GEN_ATTACK_HIGHLIGHT:
      highlight (pix, rand, tx0 - g_rand_double_range (rand, 0, 4) * g, tx1 + g_rand_double_range (rand, 0, 4) * g,
                 yc + g_rand_double_range (rand, -0.15, 0.15) * th, rh * g_rand_double_range (rand, 0.3, 0.55),
                 tan (g_rand_double_range (rand, -2, 2) * G_PI / 180));
      return KP_GEN_DOUBT;
    case KP_GEN_ATTACK_DOUBLE:
      {
        double d = th * g_rand_double_range (rand, 0.2, 0.35), over = tw * 0.04;
        stroke (pix, rand, tx0 - over, yc - d, tx1 + over, yc - d + g_rand_double_range (rand, -1, 1), 0, 40, width, ink);
        stroke (pix, rand, tx0 - over, yc + d, tx1 + over, yc + d + g_rand_double_range (rand, -1, 1), 0, 40, width, ink);
        return KP_GEN_STRUCK;
      }
    case KP_GEN_ATTACK_WANDER:
      if (i + 1 < layout->rows->len && row_below (row, &g_array_index (layout->rows, KpBallotRow, i + 1)))
        {
          const KpBallotRow *next = &g_array_index (layout->rows, KpBallotRow, i + 1);
          int nx0, nx1, ny0, ny1;
          text_extent (blank, &next->name, g, &nx0, &nx1, &ny0, &ny1);
          if (nx1 >= nx0)
            {
              gboolean down = g_rand_boolean (rand);
              double a = yc, b = (ny0 + ny1) / 2.0;
              stroke (pix, rand, MIN (tx0, nx0) - 2 * g, down ? a : b, MAX (tx1, nx1) + 2 * g, down ? b : a, 0, 40, width,
                      ink);
              truth[i + 1] = KP_GEN_DOUBT;
              return KP_GEN_DOUBT;
            }
        }
      return KP_GEN_KEPT;
    case KP_GEN_ATTACK_SCRIBBLE:
      stroke (pix, rand, tx0 - 2 * g, yc, tx1 + 2 * g, yc + g_rand_double_range (rand, -2, 2), 0, 40, width, ink);
      {
        double x0 = tx0 + tw * g_rand_double_range (rand, 0, 0.5), x1 = x0 + tw * g_rand_double_range (rand, 0.15, 0.5);
        zigzag (pix, rand, x0, MIN (x1, tx1), yc - rh * 0.35, yc + rh * 0.35, MAX (2, width) * 1.5, MAX (1, width), ink);
      }
      return KP_GEN_DOUBT;
    case KP_GEN_ATTACK_BLOT:
      blot (pix, rand, tx0 + tw * g_rand_double (rand), yc + g_rand_double_range (rand, -0.3, 0.3) * th,
            g_rand_double_range (rand, 0.8, 2) / 25.4 * o->dpi, ink);
      return KP_GEN_DOUBT;
    case KP_GEN_ATTACK_NONE:
    case KP_GEN_ATTACK_FOLD:
    case KP_GEN_ATTACK_ROTATE5:
    case KP_GEN_ATTACK_ROTATE8:
    case KP_GEN_ATTACK_CORNER:
    case KP_GEN_ATTACK_COLOUR:
    case KP_GEN_ATTACK_PHOTOCOPY:
    case KP_GEN_ATTACK_BETWEEN:
    case KP_GEN_ATTACK_CORRECTED:
    case KP_GEN_N_ATTACKS:
    default:
      g_assert_not_reached ();
    }
}

/* R-FORM-2 attacked: an X across the line between the boxes, or an X
 * scribbled out and a new one in the other box. */
static char
attack_yesno (PIX               *pix,
              GRand             *rand,
              const KpBallotRow *row,
              double             g)
{
  Ink ink = pick_ink (rand);
  int width = g_rand_int_range (rand, 1, 5);

  if (current_attack == KP_GEN_ATTACK_BETWEEN)
    {
      double cx = (row->agree.x + row->agree.w) * g + g_rand_double_range (rand, -1.5, 1.5) * g;
      double cy = (row->agree.y + row->agree.h / 2) * g;
      double hx = row->agree.w * g * g_rand_double_range (rand, 0.15, 0.35), hy = row->agree.h * g * 0.3;
      stroke (pix, rand, cx - hx, cy - hy, cx + hx, cy + hy, 0, 40, width, ink);
      stroke (pix, rand, cx - hx, cy + hy, cx + hx, cy - hy, 0, 40, width, ink);
    }
  else
    {
      gboolean first = g_rand_boolean (rand);
      const KpRect *old = first ? &row->agree : &row->disagree, *now = first ? &row->disagree : &row->agree;
      cross (pix, rand, old, g);
      zigzag (pix, rand, (old->x + old->w * 0.2) * g, (old->x + old->w * 0.8) * g, (old->y + old->h * 0.2) * g,
              (old->y + old->h * 0.8) * g, MAX (3, width * 2), width, ink);
      cross (pix, rand, now, g);
    }
  return KP_GEN_DOUBT;
}

/* A fold across the whole sheet: a thin grey crease and its shadow. */
static void
fold (PIX   *pix,
      GRand *rand,
      const KpBallotLayout *layout,
      double g)
{
  int w = pixGetWidth (pix);
  double y = (layout->box.y + layout->box.h * g_rand_double_range (rand, 0.15, 0.9)) * g;
  double slope = tan (g_rand_double_range (rand, -0.4, 0.4) * G_PI / 180);
  int v = g_rand_int_range (rand, 110, 190), width = g_rand_int_range (rand, 1, 3);

  pixRenderLineArb (pix, 0, (int) y, w - 1, (int) (y + slope * w), width, v, v, v);
  pixRenderLineArb (pix, 0, (int) y + width, w - 1, (int) (y + slope * w) + width, 1, MIN (255, v + 50), MIN (255, v + 50),
                    MIN (255, v + 50));
}

/* A photocopy: the paper grey, the print a little heavier, toner dust. */
static void
photocopy (PIX   *pix,
           GRand *rand)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  int paper = g_rand_int_range (rand, 185, 215);
  l_uint32 *data = pixGetData (pix);
  int wpl = pixGetWpl (pix);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 *p = data + (gsize) y * wpl + x;
        l_int32 r, gg, b;
        int n = g_rand_int_range (rand, -10, 11);
        extractRGBValues (*p, &r, &gg, &b);
        r = CLAMP (15 + r * (paper - 15) / 255 + n, 0, 255);
        gg = CLAMP (15 + gg * (paper - 15) / 255 + n, 0, 255);
        b = CLAMP (15 + b * (paper - 15) / 255 + n, 0, 255);
        composeRGBPixel (r, gg, b, p);
      }
  for (int i = 0; i < w * h / 4000; i++)
    {
      int x = g_rand_int_range (rand, 0, w - 2), y = g_rand_int_range (rand, 0, h - 2), v = g_rand_int_range (rand, 60, 150);
      pixSetRGBPixel (pix, x, y, v, v, v);
    }
}

/* A corner cut off (or folded under) with its registration mark. */
static void
cut_corner (PIX     *pix,
            GRand   *rand,
            guint    dpi)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix), s = (int) (g_rand_double_range (rand, 11, 14) * dpi / 25.4);
  int corner = g_rand_int_range (rand, 0, 4);
  int x0 = corner & 1 ? w - s : 0, y0 = corner & 2 ? h - s : 0;

  for (int y = y0; y < y0 + s; y++)
    for (int x = x0; x < x0 + s; x++)
      pixSetRGBPixel (pix, x, y, 255, 255, 255);
}

/* Turned ±3° (or @turn degrees either way when not 0), scaled ±2 %,
 * shifted up to 3 mm, speckled. */
static PIX *
distort (PIX    *pix,
         GRand  *rand,
         guint   dpi,
         double  turn)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  double angle = (turn != 0 ? (g_rand_boolean (rand) ? turn : -turn) : g_rand_double_range (rand, -3, 3)) * G_PI / 180, scale = g_rand_double_range (rand, 0.98, 1.02);
  int dx = (int) (g_rand_double_range (rand, -3, 3) * dpi / 25.4), dy = (int) (g_rand_double_range (rand, -3, 3) * dpi / 25.4);
  PIX *turned = pixRotate (pix, angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  PIX *scaled = pixScale (turned, scale, scale);
  PIX *out = pixCreate (w, h, 32);
  int specks = w * h / 12000;

  pixSetAll (out);
  pixRasterop (out, dx + (w - (int) pixGetWidth (scaled)) / 2, dy + (h - (int) pixGetHeight (scaled)) / 2,
               pixGetWidth (scaled), pixGetHeight (scaled), PIX_SRC, scaled, 0, 0);
  pixDestroy (&turned);
  pixDestroy (&scaled);
  for (int i = 0; i < specks; i++)
    {
      int x = g_rand_int_range (rand, 0, w - 2), y = g_rand_int_range (rand, 0, h - 2);
      int size = g_rand_int_range (rand, 1, 3), v = g_rand_int_range (rand, 40, 140);
      for (int yy = 0; yy < size; yy++)
        for (int xx = 0; xx < size; xx++)
          pixSetRGBPixel (out, x + xx, y + yy, v, v, v);
    }
  return out;
}

static GBytes *
encode (PIX     *pix,
        gboolean jpeg)
{
  l_uint8 *data = NULL;
  size_t size = 0;
  GBytes *bytes;

  if (jpeg)
    g_assert_cmpint (pixWriteMemJpeg (&data, &size, pix, 50, 0), ==, 0);
  else
    g_assert_cmpint (pixWriteMemPng (&data, &size, pix, 0), ==, 0);
  bytes = g_bytes_new (data, size);
  lept_free (data);
  return bytes;
}

/* A free place for a name written by hand: below the list on the last
 * page, or beside the header. */
static void
added_name (PIX                  *pix,
            GRand                *rand,
            const KpBallotLayout *layout,
            guint                 page,
            double                g)
{
  double bottom = 0, free_y, x;
  Ink ink = pick_ink (rand);

  for (guint t = 0; t < layout->tables->len; t++)
    {
      const KpBallotTable *table = &g_array_index (layout->tables, KpBallotTable, t);
      if (table->page == page)
        bottom = MAX (bottom, table->rect.y + table->rect.h);
    }
  free_y = layout->box.y + layout->box.h - bottom;
  if (free_y > 16 * PT_PER_MM)
    {
      x = layout->box.x + 20 * PT_PER_MM;
      scribble (pix, rand, x * g, (bottom + 9 * PT_PER_MM) * g, 45 * PT_PER_MM * g, 5 * PT_PER_MM * g, 2, ink);
    }
  else
    {
      x = layout->stamp.x + layout->stamp.w + 6 * PT_PER_MM;
      scribble (pix, rand, x * g, (layout->stamp.y + layout->stamp.h - 3 * PT_PER_MM) * g, 30 * PT_PER_MM * g,
                4 * PT_PER_MM * g, 2, ink);
    }
}

/**
 * kp_gen_ballot:
 * @seed: the same seed gives the same ballot
 *
 * Returns: (transfer full): one ballot, every page encoded, with its truth.
 */
KpGenBallot *
kp_gen_ballot (KpGen              *gen,
               guint64             seed,
               const KpGenOptions *o)
{
  const KpBallotLayout *layout = gen->layout;
  GPtrArray *blanks = blank_pages (gen, o->dpi);
  g_autoptr(GRand) rand = g_rand_new_with_seed_array ((const guint32 *) &seed, 2);
  KpGenBallot *ballot = g_new0 (KpGenBallot, 1);
  double g = o->dpi / 72.0;
  guint extra_row = G_MAXUINT;
  KpGenAttack a = o->attack;
  gboolean row_attack = a >= KP_GEN_ATTACK_TICK && a <= KP_GEN_ATTACK_BLOT;

  current_attack = a;

  ballot->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  ballot->truth = g_malloc0 (layout->rows->len + 1);
  ballot->doubtful = o->added_name;
  /* Now and then a name struck, then circled or written again. */
  if (!o->clean && layout->form == KP_BALLOT_FORM_STRIKE && g_rand_double (rand) < 0.15)
    extra_row = g_rand_int_range (rand, 0, layout->rows->len);

  for (guint p = 0; p < layout->pages; p++)
    {
      PIX *blank = blanks->pdata[p];
      PIX *pix = pixCopy (NULL, blank);

      for (guint i = 0; i < layout->rows->len; i++)
        {
          const KpBallotRow *row = &g_array_index (layout->rows, KpBallotRow, i);

          if (row->page != p || ballot->truth[i] != 0)
            continue;
          if (layout->form == KP_BALLOT_FORM_YESNO && a >= KP_GEN_ATTACK_BETWEEN && g_rand_double (rand) < 0.4)
            ballot->truth[i] = attack_yesno (pix, rand, row, g);
          else if (layout->form == KP_BALLOT_FORM_YESNO)
            ballot->truth[i] = mark_row (pix, rand, row, g);
          else if (row_attack && g_rand_double (rand) < 0.3)
            ballot->truth[i] = attack_row (pix, rand, o, blank, layout, i, g, ballot->truth);
          else if (i == extra_row || g_rand_double (rand) < o->strike_share)
            ballot->truth[i] = strike_row (pix, rand, o, blank, row, g, i == extra_row);
          else
            ballot->truth[i] = KP_GEN_KEPT;
          ballot->partial += ballot->truth[i] == KP_GEN_DOUBT && i != extra_row;
        }
      if (o->added_name && p == layout->pages - 1)
        added_name (pix, rand, layout, p, g);
      if (a == KP_GEN_ATTACK_FOLD)
        fold (pix, rand, layout, g);
      if (a == KP_GEN_ATTACK_PHOTOCOPY)
        photocopy (pix, rand);
      if (o->distort || a == KP_GEN_ATTACK_ROTATE5 || a == KP_GEN_ATTACK_ROTATE8)
        {
          PIX *d = distort (pix, rand, o->dpi, a == KP_GEN_ATTACK_ROTATE5 ? 5 : a == KP_GEN_ATTACK_ROTATE8 ? 8 : 0);
          pixDestroy (&pix);
          pix = d;
        }
      if (a == KP_GEN_ATTACK_CORNER)
        cut_corner (pix, rand, o->dpi);
      if (o->upside_down)
        {
          PIX *r = pixRotate180 (NULL, pix);
          pixDestroy (&pix);
          pix = r;
        }
      g_ptr_array_add (ballot->pages, encode (pix, o->jpeg));
      pixDestroy (&pix);
    }
  return ballot;
}

/**
 * kp_gen_blank_sheet:
 *
 * A white A4 sheet as a scanner sees it: a few specks.
 */
GBytes *
kp_gen_blank_sheet (guint   dpi,
                    guint64 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed_array ((const guint32 *) &seed, 2);
  PIX *pix = pixCreate ((int) (210 / 25.4 * dpi), (int) (297 / 25.4 * dpi), 32);
  GBytes *bytes;

  pixSetAll (pix);
  for (int i = 0; i < 300; i++)
    pixSetRGBPixel (pix, g_rand_int_range (rand, 0, pixGetWidth (pix)), g_rand_int_range (rand, 0, pixGetHeight (pix)),
                    90, 90, 90);
  bytes = encode (pix, TRUE);
  pixDestroy (&pix);
  return bytes;
}

/**
 * kp_gen_two_up:
 *
 * Two blank ballots side by side on one image (an A5 sheet not cut in
 * two, or two sheets fed at once).
 */
GBytes *
kp_gen_two_up (KpGen *gen,
               guint  dpi)
{
  PIX *blank = g_ptr_array_index (blank_pages (gen, dpi), 0);
  int w = pixGetWidth (blank), h = pixGetHeight (blank);
  PIX *pix = pixCreate (2 * w, h, 32);
  GBytes *bytes;

  pixSetAll (pix);
  pixRasterop (pix, 0, 0, w, h, PIX_SRC, blank, 0, 0);
  pixRasterop (pix, w, 0, w, h, PIX_SRC, blank, 0, 0);
  bytes = encode (pix, FALSE);
  pixDestroy (&pix);
  return bytes;
}

/* {"file":…,"election":…,"round":…,"rows":"SKKD…","doubtful":false} */
char *
kp_gen_truth_json (const KpGenBallot    *ballot,
                   const KpBallotLayout *layout,
                   const char           *file)
{
  return g_strdup_printf ("{\"file\":\"%s\",\"election\":\"%s\",\"round\":%u,\"pages\":%u,\"rows\":\"%s\","
                          "\"doubtful\":%s}\n", file, layout->election, layout->round, layout->pages, ballot->truth,
                          ballot->doubtful ? "true" : "false");
}

void
kp_gen_ballot_free (KpGenBallot *ballot)
{
  if (ballot == NULL)
    return;
  g_ptr_array_unref (ballot->pages);
  g_free (ballot->truth);
  g_free (ballot);
}

const char *
kp_gen_attack_name (KpGenAttack attack)
{
  static const char *names[] = { "none", "tick", "x", "circle", "short", "number", "pencil", "highlight", "double",
                                 "wander", "scribble", "blot", "fold", "rotate5", "rotate8", "corner", "colour",
                                 "photocopy", "between", "corrected" };
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == KP_GEN_N_ATTACKS);
  return attack < KP_GEN_N_ATTACKS ? names[attack] : "?";
}
