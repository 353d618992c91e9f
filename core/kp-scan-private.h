/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-private.h — what the scanning files share: a decoded page as
 * Leptonica holds it, the blank ballot rendered, the voter's ink found in a
 * table.
 */
#pragma once

#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>
#include <zbar.h>

#include "kp-scan.h"

G_BEGIN_DECLS

/* A page ready for recognition: 8 bits of grey, no colour map; coloured
 * ink (blue ballpoint, a red stamp) is as dark as its darkest channel. */
struct _KpScanImage
{
  PIX *grey;   /* Owned */
};

/* A ballot code as found on a page: its text and its centre in pixels. */
typedef struct
{
  char text[256];
  double x, y;          /* centre */
  gboolean corners;     /* the symbol's corners are known: */
  double lx[4], ly[4];  /* its top left, bottom left, bottom right, top right */
} KpScanCode;

KpScanImage *_kp_scan_image_new (PIX *pix);

/* kp-scan-register.c */
guint8   _kp_scan_grey_at        (PIX                  *pix,
                                  int                   x,
                                  int                   y);
int      _kp_scan_ink_threshold  (PIX                  *grey,
                                  double               *dark_share,
                                  int                  *paper);
guint    _kp_scan_look_for_code  (zbar_image_scanner_t *zbar,
                                  PIX                  *grey,
                                  KpScanCode           *found,
                                  guint                *rotated);
gboolean _kp_scan_parse_code     (const char           *text,
                                  char                **election,
                                  guint                *round,
                                  guint                *page,
                                  guint                *pages,
                                  KpPaper              *paper,
                                  char                **digest);
guint    _kp_scan_count_marks    (PIX                  *grey,
                                  int                   threshold,
                                  double                side);
void     _kp_scan_apply          (const double         *t,
                                  double                x,
                                  double                y,
                                  double               *ox,
                                  double               *oy);
double   _kp_scan_scale_estimate (PIX                  *grey,
                                  const KpBallotLayout *layout,
                                  const KpScanCode     *code);
gboolean _kp_scan_register       (PIX                  *grey,
                                  int                   threshold,
                                  const KpBallotLayout *layout,
                                  guint                 page,
                                  const KpScanCode     *code,
                                  double               *t,
                                  guint                *marks,
                                  GError              **error);

/* --- shared by kp-scan.c and kp-scan-rows.c ---------------------------------- */

/* Residue smaller than this (mm²) is dust or speckle. */
#define SPECK 0.12
/* A stroke that goes on beyond its row on both sides for this far (pt) is a
 * line across the sheet; the tables are sampled this far beyond their
 * sides to see it. */
#define LINE_REACH_PT 8

#define MM_PER_PT (25.4 / 72)

/* The blank ballot page rendered at about the scan's resolution. */
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

static inline int
to_px (const Reference *ref,
       double           points)
{
  return (int) floor (points * ref->scale + 0.5);
}

static inline gboolean
region_has (const Region *region,
            const guint8 *mask,
            int           x,
            int           y)
{
  x -= region->x0;
  y -= region->y0;
  return x >= 0 && y >= 0 && x < region->w && y < region->h && mask[(gsize) y * region->w + x];
}

/* kp-scan.c */
void _kp_scan_remove_specks (guint8 *mask,
                             int     w,
                             int     h,
                             int     min_area);

/* kp-scan-rows.c */
void _kp_scan_read_strike_table (const KpBallotLayout *layout,
                                 const Reference      *ref,
                                 const Region         *region,
                                 const KpBallotTable  *table,
                                 GArray               *out);
void _kp_scan_read_yesno_row    (const Reference      *ref,
                                 const Region         *region,
                                 const KpBallotRow    *row,
                                 GArray               *out);
void _kp_scan_debug_region      (const Reference      *ref,
                                 const Region         *region,
                                 const GArray         *rows,
                                 guint                 first_row);

static inline void
_kp_pix_free (PIX *pix)
{
  pixDestroy (&pix);
}

static inline void
_kp_numa_free (NUMA *numa)
{
  numaDestroy (&numa);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, _kp_pix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NUMA, _kp_numa_free)
/* poppler-glib 22.12 declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

G_END_DECLS
