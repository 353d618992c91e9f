/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-pdf.h — PDF pages with Vietnamese text (libharu adapter).
 *
 * libharu 2.3 with its UTF-8 encoder and embedded TrueType fonts (CID,
 * Identity-H); the ToUnicode map libharu writes is replaced by a correct one
 * so the text extracts exactly. A cursor flows text down the page and onto
 * new pages; tables repeat their header on each page. Coordinates here are
 * in points from the top-left corner of the page.
 */
#pragma once

#include <glib.h>

#include "kp-fonts.h"

G_BEGIN_DECLS

#define KP_PDF_ERROR (kp_pdf_error_quark ())

typedef enum
{
  KP_PDF_ERROR_FONT,
  KP_PDF_ERROR_LIBHARU,
  KP_PDF_ERROR_WRITE,
} KpPdfError;

#define KP_MM(x) ((x) * 72.0 / 25.4)
#define KP_A4_WIDTH KP_MM (210.0)
#define KP_A4_HEIGHT KP_MM (297.0)

typedef enum
{
  KP_ALIGN_LEFT,
  KP_ALIGN_CENTER,
  KP_ALIGN_RIGHT,
  KP_ALIGN_JUSTIFY,
} KpAlign;

typedef struct
{
  double width, height;             /* page, points */
  double top, bottom, left, right;  /* margins, points */
} KpPageSetup;

typedef struct
{
  const char *title;
  double width; /* points */
  KpAlign align;
} KpPdfColumn;

/* Where a table row was drawn: its page (0-based, in the document) and
 * its top and height in points. */
typedef struct
{
  guint page;
  double y, height;
} KpPdfRowBox;

typedef struct _KpPdf KpPdf;

GQuark     kp_pdf_error_quark      (void);
KpPdf     *kp_pdf_new              (const KpPageSetup *setup,
                                    GError           **error);
void       kp_pdf_free             (KpPdf             *pdf);
void       kp_pdf_set_watermark    (KpPdf             *pdf,
                                    const char        *text);
void       kp_pdf_set_page_numbers (KpPdf             *pdf,
                                    gboolean           from_page_two);
void       kp_pdf_set_title        (KpPdf             *pdf,
                                    const char        *title);

void       kp_pdf_new_page         (KpPdf             *pdf);
double     kp_pdf_get_y            (KpPdf             *pdf);
void       kp_pdf_set_y            (KpPdf             *pdf,
                                    double             y);
void       kp_pdf_space            (KpPdf             *pdf,
                                    double             points);
gboolean   kp_pdf_ensure           (KpPdf             *pdf,
                                    double             height);
double     kp_pdf_left             (KpPdf             *pdf);
double     kp_pdf_content_width    (KpPdf             *pdf);
double     kp_pdf_bottom_limit     (KpPdf             *pdf);

double     kp_pdf_text_width       (KpPdf             *pdf,
                                    KpFontStyle        style,
                                    double             size,
                                    const char        *text);
double     kp_pdf_fit_size         (KpPdf             *pdf,
                                    KpFontStyle        style,
                                    double             size,
                                    double             min_size,
                                    double             width,
                                    const char        *text);
GPtrArray *kp_pdf_wrap             (KpPdf             *pdf,
                                    KpFontStyle        style,
                                    double             size,
                                    double             width,
                                    const char        *text);
void       kp_pdf_text             (KpPdf             *pdf,
                                    KpFontStyle        style,
                                    double             size,
                                    double             x,
                                    double             baseline,
                                    KpAlign            align,
                                    double             width,
                                    const char        *text);
void       kp_pdf_paragraph        (KpPdf             *pdf,
                                    KpFontStyle        style,
                                    double             size,
                                    KpAlign            align,
                                    double             x,
                                    double             width,
                                    double             first_indent,
                                    const char        *text);
void       kp_pdf_line             (KpPdf             *pdf,
                                    double             x1,
                                    double             y1,
                                    double             x2,
                                    double             y2,
                                    double             line_width,
                                    gboolean           dashed);
void       kp_pdf_rect             (KpPdf             *pdf,
                                    double             x,
                                    double             y,
                                    double             w,
                                    double             h,
                                    double             line_width,
                                    gboolean           dashed);
void       kp_pdf_fill_rect        (KpPdf             *pdf,
                                    double             x,
                                    double             y,
                                    double             w,
                                    double             h);
gboolean   kp_pdf_qr               (KpPdf             *pdf,
                                    double             x,
                                    double             y,
                                    double             size,
                                    const char        *text);
void       kp_pdf_table            (KpPdf             *pdf,
                                    const KpPdfColumn *columns,
                                    guint              n_columns,
                                    GPtrArray         *rows,
                                    double             size);
void       kp_pdf_table_at         (KpPdf             *pdf,
                                    double             x,
                                    const KpPdfColumn *columns,
                                    guint              n_columns,
                                    GPtrArray         *rows,
                                    double             size);
void       kp_pdf_table_rows_at    (KpPdf             *pdf,
                                    double             x,
                                    const KpPdfColumn *columns,
                                    guint              n_columns,
                                    GPtrArray         *rows,
                                    double             size,
                                    GArray            *row_boxes);
double     kp_pdf_table_height     (KpPdf             *pdf,
                                    const KpPdfColumn *columns,
                                    guint              n_columns,
                                    GPtrArray         *rows,
                                    double             size);
guint      kp_pdf_page_count       (KpPdf             *pdf);
GBytes    *kp_pdf_render           (KpPdf             *pdf,
                                    GError           **error);
gboolean   kp_pdf_write_file       (GBytes            *pdf,
                                    const char        *path,
                                    GError           **error);
gboolean   kp_pdf_save             (KpPdf             *pdf,
                                    const char        *path,
                                    GError           **error);

char      *kp_vi_number_words      (guint              n);
char      *kp_vi_date              (const char        *place,
                                    const char        *iso_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpPdf, kp_pdf_free)

G_END_DECLS
