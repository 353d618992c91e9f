/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan.h — scanned ballots: reading the files a scanner writes
 * (PNG, JPEG, TIFF with any number of pages, a PDF of scanned pages) and
 * recognising which names a voter struck (gạch tên, R-FORM-1, R-STRIKE-1)
 * or which box was marked (R-FORM-2), with every doubtful mark left to a
 * person (Leptonica, zbar, poppler-glib adapter).
 *
 * A page is registered to the geometry kp_documents_ballot_layout () gives
 * (the one the ballots were printed from) through its four corner marks;
 * its code says which election, round, page and layout it is. Each row is
 * then judged from the ink that print does not explain: struck, kept, or
 * doubtful. A sheet that cannot be a ballot of the round is refused with
 * the reason (KpScanError), never guessed at.
 */
#pragma once

#include <glib.h>

#include "kp-documents.h"
#include "kp-election.h"

G_BEGIN_DECLS

#define KP_SCAN_ERROR (kp_scan_error_quark ())

typedef enum
{
  KP_SCAN_ERROR_IO,             /* the file cannot be read */
  KP_SCAN_ERROR_FORMAT,         /* not PNG, JPEG, TIFF or PDF */
  KP_SCAN_ERROR_DAMAGED,        /* the image does not decode */
  KP_SCAN_ERROR_TOO_LARGE,      /* over the size limits (checked before decoding) */
  KP_SCAN_ERROR_NOT_SCAN,       /* a PDF page that is not a scanned image */
  KP_SCAN_ERROR_BLANK,          /* a blank sheet */
  KP_SCAN_ERROR_NO_CODE,        /* no ballot code: not a ballot of KiemPhieu's, or unreadable */
  KP_SCAN_ERROR_OTHER_ELECTION, /* the code names another election */
  KP_SCAN_ERROR_OTHER_ROUND,    /* the code names another round of this election */
  KP_SCAN_ERROR_OTHER_LAYOUT,   /* this election and round, but another list or layout */
  KP_SCAN_ERROR_TWO_SHEETS,     /* more than one ballot on one image */
  KP_SCAN_ERROR_MARKS,          /* the corner marks cannot be found: unreadable */
} KpScanError;

/* Limits checked from the file's header, before an image is decoded. */
#define KP_SCAN_MAX_FILE_BYTES (256u * 1024 * 1024)
#define KP_SCAN_MAX_SIDE 12000
#define KP_SCAN_MAX_PIXELS (100u * 1000 * 1000)

typedef enum
{
  KP_SCAN_KEPT,
  KP_SCAN_STRUCK,
  KP_SCAN_DOUBTFUL,
} KpScanDecision;

/* One candidate's row as read. */
typedef struct
{
  guint no;                /* ballot number, 1-based */
  KpScanDecision decision; /* strike form: the name; agree/disagree form: the boxes */
  char marks;              /* agree/disagree form: 'Y', 'N', 'B' (both), '0' (neither), '?' doubtful */
  float coverage;          /* strike form: share of the name's blank paper the stroke crosses, 0–1 */
  float stray;             /* ink that neither print nor the stroke explains, mm² */
} KpScanRow;

/* One page as read. */
typedef struct
{
  guint page;            /* 0-based */
  guint pages;           /* pages of the ballot */
  guint rotated;         /* 0, 90, 180 or 270: how far the image was turned to read it */
  KpPaper paper;         /* the layout the code names: A4 or A5 */
  gboolean unplaced;     /* ink outside every row: the whole ballot is doubtful (R-INVALID-4) */
  float unplaced_mm2;    /* how much */
  double to_image[6];    /* ballot points → pixels of the page as turned: x' = [0]x + [1]y + [2], y' = [3]x + [4]y + [5] */
  double dpi;            /* the scan's resolution, measured from the marks */
  GArray *rows;          /* KpScanRow, the rows of this page */
} KpScanPage;

typedef struct _KpScanSource KpScanSource;
typedef struct _KpScanImage KpScanImage;
typedef struct _KpScanner KpScanner;

GQuark        kp_scan_error_quark          (void);

KpScanSource *kp_scan_source_new_from_file (const char     *path,
                                            GError        **error);
KpScanSource *kp_scan_source_new_from_bytes (GBytes        *bytes,
                                            const char     *name,
                                            GError        **error);
KpScanSource *kp_scan_source_ref           (KpScanSource   *source);
void          kp_scan_source_free          (KpScanSource   *source);
guint         kp_scan_source_get_n_pages   (KpScanSource   *source);
const char   *kp_scan_source_get_name      (KpScanSource   *source);
const char   *kp_scan_source_get_sha256    (KpScanSource   *source);
const char   *kp_scan_source_get_mime_type (KpScanSource   *source);
GBytes       *kp_scan_source_get_bytes     (KpScanSource   *source);
KpScanImage  *kp_scan_source_read_page     (KpScanSource   *source,
                                            guint           page,
                                            GError        **error);

void          kp_scan_image_free           (KpScanImage    *image);
guint         kp_scan_image_get_width      (KpScanImage    *image);
guint         kp_scan_image_get_height     (KpScanImage    *image);
GBytes       *kp_scan_image_to_png         (KpScanImage    *image,
                                            guint           rotated,
                                            GError        **error);

KpScanner    *kp_scanner_new               (const KpCongress *congress,
                                            const KpElection *election,
                                            GError        **error);
void          kp_scanner_free              (KpScanner      *scanner);
KpScanPage   *kp_scanner_read              (KpScanner      *scanner,
                                            KpScanImage    *image,
                                            GError        **error);
const KpBallotLayout *kp_scanner_get_layout (KpScanner     *scanner,
                                            KpPaper         paper,
                                            GError        **error);
GBytes       *kp_scanner_highlight         (KpScanner      *scanner,
                                            KpScanImage    *image,
                                            const guint    *rows,
                                            guint           n_rows,
                                            guint           max_height,
                                            GBytes        **zoom,
                                            GError        **error);
void          kp_scan_page_free            (KpScanPage     *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanSource, kp_scan_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanImage, kp_scan_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanner, kp_scanner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanPage, kp_scan_page_free)

G_END_DECLS
