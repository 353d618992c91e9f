/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-private.h — what the scanning files share: a decoded page as
 * Leptonica holds it.
 */
#pragma once

#include <leptonica/allheaders.h>
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
