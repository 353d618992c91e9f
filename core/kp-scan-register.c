/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-register.c — where a scanned page is: its ink threshold, its
 * code (zbar), and the affine map from the layout's points to its pixels,
 * from the four corner marks and the printed tables' outer lines.
 *
 * Marks first: a mark cut by the image's edge, smudged or missing is left
 * out, and the tables' corners (found along their outer lines from the
 * first estimate) take its place: the table grid is the fallback when
 * marks are missing, and a check on them when they are not.
 */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <zbar.h>

#include "kp-qr.h"
#include "kp-scan-private.h"

#define MM_PER_PT (25.4 / 72)

/* --- pixels ----------------------------------------------------------------- */

guint8
_kp_scan_grey_at (PIX *pix,
         int  x,
         int  y)
{
  return GET_DATA_BYTE (pixGetData (pix) + (gsize) y * pixGetWpl (pix), x);
}

/* Otsu's threshold between paper and ink, from every fourth pixel; also
 * the share of dark pixels. */
int
_kp_scan_ink_threshold (PIX    *grey,
               double *dark_share,
               int    *paper)
{
  g_autoptr(NUMA) histogram = pixGetGrayHistogram (grey, 4);
  double total = 0, sum = 0, sum_b = 0, w_b = 0, best = -1;
  int threshold = 128, dark = 0;
  l_float32 v;

  for (int i = 0; i < 256; i++)
    {
      numaGetFValue (histogram, i, &v);
      total += v;
      sum += i * (double) v;
    }
  for (int t = 0; t < 256; t++)
    {
      double w_f, mean_b, mean_f, between;

      numaGetFValue (histogram, t, &v);
      w_b += v;
      if (w_b == 0)
        continue;
      w_f = total - w_b;
      if (w_f == 0)
        break;
      sum_b += t * (double) v;
      mean_b = sum_b / w_b;
      mean_f = (sum - sum_b) / w_f;
      between = w_b * w_f * (mean_b - mean_f) * (mean_b - mean_f);
      if (between > best)
        {
          best = between;
          threshold = t;
        }
    }
  /* A nearly white page has no second mode: keep the threshold where ink
   * would be. */
  threshold = CLAMP (threshold, 100, 190);
  for (int i = 0; i <= threshold; i++)
    {
      numaGetFValue (histogram, i, &v);
      dark += v;
    }
  *dark_share = total > 0 ? dark / total : 0;
  /* The paper: the level three quarters of the pixels are darker than. */
  {
    double seen = 0;
    *paper = 255;
    for (int i = 0; i < 256; i++)
      {
        numaGetFValue (histogram, i, &v);
        seen += v;
        if (seen >= 0.75 * total)
          {
            *paper = i;
            break;
          }
      }
  }
  return threshold;
}

/* --- the code ---------------------------------------------------------------- */


/* Finds KiemPhieu codes in a rectangle of @grey; returns how many. */
static guint
find_codes (zbar_image_scanner_t *zbar,
            PIX       *grey,
            int        x0,
            int        y0,
            int        w,
            int        h,
            KpScanCode      *found)
{
  zbar_image_t *image;
  g_autofree guint8 *data = NULL;
  guint n = 0;

  x0 = CLAMP (x0, 0, (int) pixGetWidth (grey) - 1);
  y0 = CLAMP (y0, 0, (int) pixGetHeight (grey) - 1);
  w = MIN (w, (int) pixGetWidth (grey) - x0);
  h = MIN (h, (int) pixGetHeight (grey) - y0);
  if (w < 16 || h < 16)
    return 0;
  data = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    {
      const l_uint32 *line = pixGetData (grey) + (gsize) (y0 + y) * pixGetWpl (grey);
      for (int x = 0; x < w; x++)
        data[(gsize) y * w + x] = GET_DATA_BYTE (line, x0 + x);
    }
  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, w, h);
  zbar_image_set_data (image, data, (unsigned long) w * h, NULL);
  if (zbar_scan_image (zbar, image) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s; s = zbar_symbol_next (s))
      {
        const char *text = zbar_symbol_get_data (s);
        double sx = 0, sy = 0;
        guint points = zbar_symbol_get_loc_size (s);

        if (zbar_symbol_get_type (s) != ZBAR_QRCODE || text == NULL || !g_str_has_prefix (text, "KP1 "))
          continue;
        for (guint p = 0; p < points; p++)
          {
            sx += zbar_symbol_get_loc_x (s, p);
            sy += zbar_symbol_get_loc_y (s, p);
            if (n < 2 && p < 4)
              {
                found[n].lx[p] = x0 + zbar_symbol_get_loc_x (s, p);
                found[n].ly[p] = y0 + zbar_symbol_get_loc_y (s, p);
              }
          }
        if (n < 2)
          {
            g_strlcpy (found[n].text, text, sizeof found[n].text);
            found[n].x = x0 + (points ? sx / points : w / 2.0);
            found[n].y = y0 + (points ? sy / points : h / 2.0);
            found[n].corners = points == 4;
          }
        n++;
      }
  zbar_image_destroy (image);
  return n;
}

/* "KP1 bch 1 1/2 A4 3fa2c1d09b7e" */
gboolean
_kp_scan_parse_code (const char *text,
            char      **election,
            guint      *round,
            guint      *page,
            guint      *pages,
            KpPaper    *paper,
            char      **digest)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);
  guint64 r, p, n;
  char *slash;

  if (g_strv_length (parts) != 6 || !g_str_equal (parts[0], "KP1"))
    return FALSE;
  slash = strchr (parts[3], '/');
  if (slash == NULL)
    return FALSE;
  *slash = '\0';
  if (!g_ascii_string_to_unsigned (parts[2], 10, 1, 1000, &r, NULL)
      || !g_ascii_string_to_unsigned (parts[3], 10, 1, 1000, &p, NULL)
      || !g_ascii_string_to_unsigned (slash + 1, 10, 1, 1000, &n, NULL) || p > n)
    return FALSE;
  if (g_str_equal (parts[4], "A4"))
    *paper = KP_PAPER_A4;
  else if (g_str_equal (parts[4], "A5"))
    *paper = KP_PAPER_A5;
  else
    return FALSE;
  *election = g_strdup (parts[1]);
  *round = r;
  *page = p - 1;
  *pages = n;
  *digest = g_strdup (parts[5]);
  return TRUE;
}

/* --- registration ------------------------------------------------------------ */

/* Least squares affine fit: points (layout, pt) → pixels. */
static gboolean
fit_affine (const double *px,
            const double *py,
            const double *ix,
            const double *iy,
            guint         n,
            double       *t)
{
  double a[3][3] = { { 0 } }, bx[3] = { 0 }, by[3] = { 0 }, det;
  double inv[3][3];

  for (guint i = 0; i < n; i++)
    {
      double v[3] = { px[i], py[i], 1 };
      for (int r = 0; r < 3; r++)
        {
          for (int c = 0; c < 3; c++)
            a[r][c] += v[r] * v[c];
          bx[r] += v[r] * ix[i];
          by[r] += v[r] * iy[i];
        }
    }
  det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  if (fabs (det) < 1e-9)
    return FALSE;
  inv[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det;
  inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
  inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
  inv[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det;
  inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
  inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
  inv[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det;
  inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
  inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
  for (int r = 0; r < 3; r++)
    {
      t[r] = inv[r][0] * bx[0] + inv[r][1] * bx[1] + inv[r][2] * bx[2];
      t[3 + r] = inv[r][0] * by[0] + inv[r][1] * by[1] + inv[r][2] * by[2];
    }
  return TRUE;
}

void
_kp_scan_apply (const double *t,
       double        x,
       double        y,
       double       *ox,
       double       *oy)
{
  *ox = t[0] * x + t[1] * y + t[2];
  *oy = t[3] * x + t[4] * y + t[5];
}

/* The solid square nearest (@ex, @ey) in a window of @radius pixels:
 * about @side pixels a side, nearly filled. */
static gboolean
find_mark (PIX    *grey,
           int     threshold,
           double  ex,
           double  ey,
           double  side,
           double  radius,
           double *mx,
           double *my)
{
  int x0 = MAX (0, (int) (ex - radius)), y0 = MAX (0, (int) (ey - radius));
  int x1 = MIN ((int) pixGetWidth (grey), (int) (ex + radius)), y1 = MIN ((int) pixGetHeight (grey), (int) (ey + radius));
  BOX *box;
  g_autoptr(PIX) crop = NULL;
  g_autoptr(PIX) binary = NULL;
  PIXA *pixa = NULL;
  BOXA *boxa;
  double best = G_MAXDOUBLE;

  if (x1 - x0 < side || y1 - y0 < side)
    return FALSE;
  box = boxCreate (x0, y0, x1 - x0, y1 - y0);
  crop = pixClipRectangle (grey, box, NULL);
  boxDestroy (&box);
  if (crop == NULL)
    return FALSE;
  binary = pixThresholdToBinary (crop, threshold + 1);
  boxa = pixConnComp (binary, &pixa, 8);
  for (int i = 0; boxa && i < pixaGetCount (pixa); i++)
    {
      l_int32 bx, by, bw, bh, count = 0;
      l_float32 cx, cy;
      PIX *component;
      double d;

      pixaGetBoxGeometry (pixa, i, &bx, &by, &bw, &bh);
      /* A square turned by a few degrees: its box is up to 1.1 × wider. A
       * mark cut by the image's edge would put its centre in the wrong
       * place: it is not used. */
      if (bw < 0.75 * side || bw > 1.3 * side || bh < 0.75 * side || bh > 1.3 * side)
        continue;
      if (x0 + bx <= 0 || y0 + by <= 0 || x0 + bx + bw >= (int) pixGetWidth (grey)
          || y0 + by + bh >= (int) pixGetHeight (grey))
        continue;
      component = pixaGetPix (pixa, i, L_CLONE);
      pixCountPixels (component, &count, NULL);
      if (count < 0.75 * bw * bh || count < 0.6 * side * side)
        {
          pixDestroy (&component);
          continue;
        }
      pixCentroid (component, NULL, NULL, &cx, &cy);
      pixDestroy (&component);
      d = hypot (x0 + bx + cx - ex, y0 + by + cy - ey);
      if (d < best)
        {
          best = d;
          *mx = x0 + bx + cx;
          *my = y0 + by + cy;
        }
    }
  boxaDestroy (&boxa);
  pixaDestroy (&pixa);
  return best < G_MAXDOUBLE;
}

/* How many solid squares of a mark's size the whole image holds (two
 * ballots on one image hold eight). */
guint
_kp_scan_count_marks (PIX    *grey,
             int     threshold,
             double  side)
{
  g_autoptr(PIX) binary = pixThresholdToBinary (grey, threshold + 1);
  g_autoptr(PIX) small = pixReduceRankBinaryCascade (binary, 4, 4, 0, 0);
  PIXA *pixa = NULL;
  BOXA *boxa = pixConnComp (small, &pixa, 8);
  guint n = 0;

  side /= 4;
  for (int i = 0; boxa && i < pixaGetCount (pixa); i++)
    {
      l_int32 bx, by, bw, bh, count = 0;
      PIX *component;

      pixaGetBoxGeometry (pixa, i, &bx, &by, &bw, &bh);
      if (bw < 0.65 * side || bw > 1.5 * side || bh < 0.65 * side || bh > 1.5 * side)
        continue;
      component = pixaGetPix (pixa, i, L_CLONE);
      pixCountPixels (component, &count, NULL);
      pixDestroy (&component);
      if (count >= 0.7 * bw * bh)
        n++;
    }
  boxaDestroy (&boxa);
  pixaDestroy (&pixa);
  return n;
}


/* Where the code sits on an upright page, as shares of its width and
 * height, with room for a shifted or turned sheet. */
static const double code_area[4] = { 0.62, 0.0, 0.38, 0.22 };

guint
_kp_scan_look_for_code (zbar_image_scanner_t *zbar,
               PIX       *grey,
               KpScanCode      *found,
               guint     *rotated)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  guint n;

  /* Upright: top right. */
  n = find_codes (zbar, grey, (int) (code_area[0] * w), (int) (code_area[1] * h), (int) (code_area[2] * w),
                  (int) (code_area[3] * h), found);
  if (n > 0)
    {
      *rotated = 0;
      return n;
    }
  /* Upside down: bottom left. */
  n = find_codes (zbar, grey, 0, (int) ((1 - code_area[1] - code_area[3]) * h), (int) (code_area[2] * w),
                  (int) (code_area[3] * h), found);
  if (n > 0)
    {
      *rotated = 180;
      return n;
    }
  /* Anywhere (a sheet turned a quarter, or far out of place). */
  n = find_codes (zbar, grey, 0, 0, w, h, found);
  if (n > 0)
    {
      double fx = found[0].x / w, fy = found[0].y / h;
      /* The code is in the top right corner of an upright ballot. */
      if (fx > 0.5 && fy < 0.5)
        *rotated = 0;
      else if (fx < 0.5 && fy > 0.5)
        *rotated = 180;
      else if (fx < 0.5 && fy < 0.5)
        *rotated = 90;
      else
        *rotated = 270;
    }
  return n;
}

/* --- the map from the layout to the image ------------------------------------ */

/* The code's symbol side in points (its square less the quiet zone). */
static double
symbol_points (const KpBallotLayout *layout,
               const KpScanCode     *code)
{
  g_autoptr(KpQr) qr = kp_qr_encode (code->text);
  return qr ? layout->code.w * qr->width / (qr->width + 8) : 0;
}

/* The symbol's side in pixels and its turn (radians, within ±45°), from
 * its four corners in whatever order zbar gives them: put in order around
 * their centre, the square's area gives the side, and the edge nearest
 * the horizontal the turn. */
static void
symbol_geometry (const KpScanCode *code,
                 double           *side,
                 double           *angle)
{
  double cx = 0, cy = 0, a[4], area = 0, best = G_MAXDOUBLE;
  guint order[4] = { 0, 1, 2, 3 };

  for (guint i = 0; i < 4; i++)
    {
      cx += code->lx[i] / 4;
      cy += code->ly[i] / 4;
    }
  for (guint i = 0; i < 4; i++)
    a[i] = atan2 (code->ly[i] - cy, code->lx[i] - cx);
  for (guint i = 1; i < 4; i++)
    for (guint j = i; j > 0 && a[order[j - 1]] > a[order[j]]; j--)
      {
        guint k = order[j];
        order[j] = order[j - 1];
        order[j - 1] = k;
      }
  *angle = 0;
  for (guint i = 0; i < 4; i++)
    {
      guint p = order[i], q = order[(i + 1) % 4];
      double dx = code->lx[q] - code->lx[p], dy = code->ly[q] - code->ly[p], t;

      area += code->lx[p] * code->ly[q] - code->lx[q] * code->ly[p];
      /* The edge's direction, folded into ±45°. */
      t = atan2 (dy, dx);
      while (t > G_PI / 4)
        t -= G_PI / 2;
      while (t <= -G_PI / 4)
        t += G_PI / 2;
      if (fabs (t) < best)
        {
          best = fabs (t);
          *angle = t;
        }
    }
  *side = sqrt (fabs (area) / 2);
}

/**
 * _kp_scan_scale_estimate:
 *
 * Pixels per point, from the code's size when zbar gave its corners, else
 * from the image's width (the sheet filling it).
 */
double
_kp_scan_scale_estimate (PIX                  *grey,
                         const KpBallotLayout *layout,
                         const KpScanCode     *code)
{
  double symbol = symbol_points (layout, code);

  if (code->corners && symbol > 0)
    {
      double side, angle;
      symbol_geometry (code, &side, &angle);
      return side / symbol;
    }
  return pixGetWidth (grey) / layout->width;
}

/* Rotation, scale and shift from two points. */
static void
fit_similarity (double  px1,
                double  py1,
                double  px2,
                double  py2,
                double  ix1,
                double  iy1,
                double  ix2,
                double  iy2,
                double *t)
{
  double dx = px2 - px1, dy = py2 - py1, ex = ix2 - ix1, ey = iy2 - iy1, n = dx * dx + dy * dy;
  double a = (ex * dx + ey * dy) / n, b = (ey * dx - ex * dy) / n;

  t[0] = a;
  t[1] = -b;
  t[2] = ix1 - a * px1 + b * py1;
  t[3] = b;
  t[4] = a;
  t[5] = iy1 - b * px1 - a * py1;
}

/* Where a printed line really is, across it from where @t puts it: the
 * darkest stripe along [from, from + len·along] within ±@reach points,
 * the nearest one when several are dark. Returns FALSE when no line is
 * there. */
static gboolean
find_line (PIX          *grey,
           int           threshold,
           const double *t,
           double        fx,
           double        fy,
           double        ax,
           double        ay,
           double        len,
           double        reach,
           double       *offset)
{
  const double step = 0.25;
  int n = (int) (2 * reach / step) + 1, iw = pixGetWidth (grey), ih = pixGetHeight (grey);
  g_autofree double *dark = g_new0 (double, n);
  double nx = -ay, ny = ax, best = 0, sum = 0, weight = 0;
  int peak = -1, lo, hi;

  for (int k = 0; k < n; k++)
    {
      double o = -reach + k * step;
      int hits = 0, total = 0;

      for (double a = 0; a <= len; a += 0.5)
        {
          double x, y;
          _kp_scan_apply (t, fx + ax * a + nx * o, fy + ay * a + ny * o, &x, &y);
          if (x < 0 || y < 0 || x >= iw || y >= ih)
            continue;
          total++;
          hits += _kp_scan_grey_at (grey, (int) x, (int) y) <= threshold;
        }
      dark[k] = total > 0 ? (double) hits / total : 0;
      best = MAX (best, dark[k]);
    }
  if (best < 0.6)
    return FALSE;
  /* The dark stripe nearest the expected place. */
  for (int d = 0; d <= n / 2 && peak < 0; d++)
    {
      if (dark[n / 2 - d] >= 0.75 * best)
        peak = n / 2 - d;
      else if (n / 2 + d < n && dark[n / 2 + d] >= 0.75 * best)
        peak = n / 2 + d;
    }
  if (peak < 0)
    return FALSE;
  for (lo = peak; lo > 0 && dark[lo - 1] >= 0.3 * best; lo--)
    ;
  for (hi = peak; hi + 1 < n && dark[hi + 1] >= 0.3 * best; hi++)
    ;
  for (int k = lo; k <= hi; k++)
    {
      sum += dark[k] * (-reach + k * step);
      weight += dark[k];
    }
  *offset = sum / weight;
  return TRUE;
}

#define MAX_POINTS 64

typedef struct
{
  double px[MAX_POINTS], py[MAX_POINTS], ix[MAX_POINTS], iy[MAX_POINTS];
  guint n;
} Points;

static void
add_point (Points *p,
           double  px,
           double  py,
           double  ix,
           double  iy)
{
  if (p->n >= MAX_POINTS)
    return;
  p->px[p->n] = px;
  p->py[p->n] = py;
  p->ix[p->n] = ix;
  p->iy[p->n] = iy;
  p->n++;
}

/* The printed tables' outer corners, each where its two outer lines meet. */
static void
table_corners (PIX                  *grey,
               int                   threshold,
               const double         *t,
               const KpBallotLayout *layout,
               guint                 page,
               double                near_x,
               double                near_y,
               double                within,
               Points               *points)
{
  const double in = 3 / MM_PER_PT, len = 10 / MM_PER_PT, reach = 3 / MM_PER_PT;

  for (guint k = 0; k < layout->tables->len; k++)
    {
      const KpBallotTable *table = &g_array_index (layout->tables, KpBallotTable, k);
      const KpRect *r = &table->rect;

      if (table->page != page)
        continue;
      for (guint c = 0; c < 4; c++)
        {
          gboolean right = c & 1, bottom = c & 2;
          double cx = r->x + (right ? r->w : 0), cy = r->y + (bottom ? r->h : 0);
          double dx = 0, dy = 0, x, y;
          /* The horizontal line, measured inwards from the corner; then the
           * vertical one (a short table: along less of it). */
          double hlen = MIN (len, r->w / 2 - in), vlen = MIN (len, r->h / 2 - in);
          double hx = right ? cx - in - hlen : cx + in, vy = bottom ? cy - in - vlen : cy + in;

          if (MIN (hlen, vlen) < 3 / MM_PER_PT || hypot (cx - near_x, cy - near_y) > within)
            continue;
          if (!find_line (grey, threshold, t, hx, cy, 1, 0, hlen, reach, &dy)
              || !find_line (grey, threshold, t, cx, vy, 0, 1, vlen, reach, &dx))
            continue;
          /* find_line's offset is along (−ay, ax): for a vertical line that
           * is −x. */
          dx = -dx;
          _kp_scan_apply (t, cx + dx, cy + dy, &x, &y);
          add_point (points, cx, cy, x, y);
        }
    }
}

/* Least squares turn, scale and shift. */
static gboolean
fit_map (const Points *p,
         gboolean      affine,
         double       *t)
{
  double mx = 0, my = 0, nx = 0, ny = 0, num_a = 0, num_b = 0, den = 0;

  if (affine)
    return fit_affine (p->px, p->py, p->ix, p->iy, p->n, t);
  if (p->n < 2)
    return FALSE;
  for (guint i = 0; i < p->n; i++)
    {
      mx += p->px[i] / p->n;
      my += p->py[i] / p->n;
      nx += p->ix[i] / p->n;
      ny += p->iy[i] / p->n;
    }
  for (guint i = 0; i < p->n; i++)
    {
      double x = p->px[i] - mx, y = p->py[i] - my, u = p->ix[i] - nx, v = p->iy[i] - ny;
      num_a += x * u + y * v;
      num_b += x * v - y * u;
      den += x * x + y * y;
    }
  if (den <= 0)
    return FALSE;
  t[0] = t[4] = num_a / den;
  t[3] = num_b / den;
  t[1] = -t[3];
  t[2] = nx - t[0] * mx - t[1] * my;
  t[5] = ny - t[3] * mx - t[4] * my;
  return TRUE;
}

/* The largest distance between where @t puts a point and where it is. */
static double
worst_residual (const double *t,
                const Points *p,
                guint        *worst_index)
{
  double worst = 0;

  for (guint i = 0; i < p->n; i++)
    {
      double x, y, d;
      _kp_scan_apply (t, p->px[i], p->py[i], &x, &y);
      d = hypot (x - p->ix[i], y - p->iy[i]);
      if (d >= worst)
        {
          worst = d;
          *worst_index = i;
        }
    }
  return worst;
}

static void
drop_point (Points *p,
            guint   i)
{
  p->n--;
  p->px[i] = p->px[p->n];
  p->py[i] = p->py[p->n];
  p->ix[i] = p->ix[p->n];
  p->iy[i] = p->iy[p->n];
}

/* The code alone: its centre, its turn and its size. */
static void
code_similarity (const KpBallotLayout *layout,
                 const KpScanCode     *code,
                 double                symbol,
                 double               *t)
{
  double code_x = layout->code.x + layout->code.w / 2, code_y = layout->code.y + layout->code.h / 2;
  double side, angle, ex, ey;

  symbol_geometry (code, &side, &angle);
  ex = side * cos (angle);
  ey = side * sin (angle);
  fit_similarity (code_x - symbol / 2, code_y, code_x + symbol / 2, code_y, code->x - ex / 2, code->y - ey / 2,
                  code->x + ex / 2, code->y + ey / 2, t);
}

/**
 * _kp_scan_register:
 * @code: the code as found (its centre, in @grey's pixels)
 * @t: (out): layout points → @grey's pixels
 * @marks: (out): how many corner marks were used
 *
 * Returns: %FALSE with @error set (%KP_SCAN_ERROR_MARKS) when the page
 * cannot be placed.
 */
gboolean
_kp_scan_register (PIX                  *grey,
                   int                   threshold,
                   const KpBallotLayout *layout,
                   guint                 page,
                   const KpScanCode     *code,
                   double               *t,
                   guint                *marks,
                   GError              **error)
{
  double symbol = symbol_points (layout, code);
  double s0 = _kp_scan_scale_estimate (grey, layout, code), mm;
  Points points = { { 0 } }, corners = { { 0 } }, marks_found = { { 0 } };
  double code_x = layout->code.x + layout->code.w / 2, code_y = layout->code.y + layout->code.h / 2;
  guint worst = 0;
  gboolean affine;

  /* 1. The marks, where the code puts them, or where the sheet's size puts
   *    them (the image filling the sheet), within 20 mm: whichever finds
   *    more. */
  for (guint guess = 0; guess < 2; guess++)
    {
      Points found = { { 0 } };
      double g[6] = { s0, 0, 0, 0, s0, 0 }, scale;

      if (guess == 0 && !(code->corners && symbol > 0))
        continue;
      if (guess == 0)
        code_similarity (layout, code, symbol, g);
      else
        g[0] = g[4] = pixGetWidth (grey) / layout->width;
      scale = hypot (g[0], g[3]);
      for (guint m = 0; m < 4; m++)
        {
          const KpRect *mark = &layout->marks[m];
          double cx = mark->x + mark->w / 2, cy = mark->y + mark->h / 2, x = 0, y = 0, ex, ey;

          _kp_scan_apply (g, cx, cy, &ex, &ey);
          if (find_mark (grey, threshold, ex, ey, mark->w * scale, 20 / MM_PER_PT * scale, &x, &y))
            add_point (&found, cx, cy, x, y);
        }
      if (found.n > points.n || (guess == 0 && found.n == points.n))
        {
          points = found;
          s0 = scale;
          memcpy (t, g, sizeof g);
        }
      if (points.n == 4)
        break;
    }
  *marks = points.n;

  /* 2. A first map: three or four marks, or two. */
  if (points.n >= 3)
    {
      if (!fit_affine (points.px, points.py, points.ix, points.iy, points.n, t))
        points.n = 0;
      /* Four marks: one that does not agree with the other three is out
       * (a blot taken for a mark). */
      else if (points.n == 4 && worst_residual (t, &points, &worst) > 1 / MM_PER_PT * s0)
        {
          drop_point (&points, worst);
          fit_affine (points.px, points.py, points.ix, points.iy, points.n, t);
        }
    }
  else if (points.n == 2)
    fit_similarity (points.px[0], points.py[0], points.px[1], points.py[1], points.ix[0], points.iy[0], points.ix[1],
                    points.iy[1], t);
  else if (points.n == 1 && hypot (points.px[0] - code_x, points.py[0] - code_y) > 60 / MM_PER_PT)
    fit_similarity (points.px[0], points.py[0], code_x, code_y, points.ix[0], points.iy[0], code->x, code->y, t);
  /* Else the guess itself: the code's place and size, or the sheet's. */

  /* A weak first map (fewer than three marks): the tables' corners near
   * the code first, which it places well, then the rest from there. */
  if (points.n < 3)
    {
      Points near = points;

      add_point (&near, code_x, code_y, code->x, code->y);
      table_corners (grey, threshold, t, layout, page, code_x, code_y, 90 / MM_PER_PT, &near);
      if (near.n >= 3)
        fit_affine (near.px, near.py, near.ix, near.iy, near.n, t);
    }

  /* 3. The tables' corners from there, and the map from everything: an
   *    affine map when three marks or more span the sheet; else the
   *    tables' corners, which may lie along a few lines, fix only a
   *    turn, one scale and a shift (what a scanner does to a sheet). */
  marks_found = points;
  table_corners (grey, threshold, t, layout, page, 0, 0, G_MAXDOUBLE, &corners);
  for (guint i = 0; i < corners.n; i++)
    add_point (&points, corners.px[i], corners.py[i], corners.ix[i], corners.iy[i]);
  affine = *marks >= 3;
  if (points.n < 3 || !fit_map (&points, affine, t))
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_MARKS,
                   _ ("the corner marks cannot be found (%u of 4): the sheet is folded, cut or scanned crooked"),
                   *marks);
      return FALSE;
    }
  /* Corners a first map missed (far from the marks and the code) are
   * looked for again from the better one, while that finds more. */
  for (guint pass = 0; pass < 2 && corners.n < 4 * layout->tables->len; pass++)
    {
      Points again = { { 0 } };
      guint before = corners.n;

      table_corners (grey, threshold, t, layout, page, 0, 0, G_MAXDOUBLE, &again);
      if (again.n <= before)
        break;
      corners = again;
      points.n = 0;
      for (guint i = 0; i < marks_found.n; i++)
        add_point (&points, marks_found.px[i], marks_found.py[i], marks_found.ix[i], marks_found.iy[i]);
      for (guint i = 0; i < corners.n; i++)
        add_point (&points, corners.px[i], corners.py[i], corners.ix[i], corners.iy[i]);
      fit_map (&points, affine, t);
    }

  /* A point that disagrees with the rest by more than 0.5 mm is left out,
   * while enough remain. */
  mm = hypot (t[0], t[3]) / MM_PER_PT;
  while (points.n > 4 && worst_residual (t, &points, &worst) > 0.5 * mm)
    {
      drop_point (&points, worst);
      fit_map (&points, affine, t);
    }

  /* 4. What a ballot's sheet can be: evenly scaled, barely sheared,
   *    everything within 0.5 mm, the code where the layout puts it. */
  {
    double sx = hypot (t[0], t[3]), sy = hypot (t[1], t[4]);
    double skew = fabs (t[0] * t[1] + t[3] * t[4]) / (sx * sy), x, y;

    _kp_scan_apply (t, code_x, code_y, &x, &y);
    if (g_getenv ("KP_SCAN_DEBUG"))
      g_printerr ("register: %u marks, %u points, worst %.1f px (0.5 mm = %.1f px), scale %.3f/%.3f, skew %.3f, "
                  "code off by %.1f px\n", *marks, points.n, worst_residual (t, &points, &worst), 0.5 * mm, sx, sy,
                  skew, hypot (x - code->x, y - code->y));
    if (worst_residual (t, &points, &worst) > 0.5 * mm || fabs (sx / sy - 1) > 0.05 || skew > 0.05
        || hypot (x - code->x, y - code->y) > 4 * mm)
      {
        g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_MARKS,
                     _ ("the corner marks and the printed table do not fit the ballot: the sheet is folded, cut or "
                        "scanned crooked"));
        return FALSE;
      }
  }
  return TRUE;
}
