/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-source.c — the files a scanner writes, page by page: PNG, JPEG,
 * TIFF (any number of pages, any compression Leptonica reads) through
 * Leptonica, and a PDF of scanned pages through poppler-glib. Sizes are
 * checked from the file's header before anything is decoded, so a
 * 30,000 × 30,000 image is refused without taking the memory it claims.
 */

#include <cairo.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "kp-scan-private.h"

G_DEFINE_QUARK (kp-scan-error-quark, kp_scan_error)

typedef enum
{
  FORMAT_PNG,
  FORMAT_JPEG,
  FORMAT_TIFF,
  FORMAT_PDF,
} Format;

struct _KpScanSource
{
  char *name;            /* for messages: the file's name */
  GBytes *bytes;         /* the whole file, as kept in the congress file */
  char *sha256;
  Format format;
  guint n_pages;
  PopplerDocument *pdf;  /* Owned, PDF only */
  gatomicrefcount refs;  /* held by the scanning worker and the ballot being put together */
};

/* A PDF page is rendered at this resolution. */
#define PDF_DPI 200.0
/* Larger than this, a page is not a ballot (A3 is 842 × 1191 pt). */
#define PDF_MAX_POINTS 1800.0

/* Leptonica reports its errors on stderr; they become GErrors here. */
static void
quiet_leptonica (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&once, 1);
    }
}

KpScanImage *
_kp_scan_image_new (PIX *pix)
{
  KpScanImage *image = g_new0 (KpScanImage, 1);
  image->grey = pix;
  return image;
}

void
kp_scan_image_free (KpScanImage *image)
{
  if (image == NULL)
    return;
  pixDestroy (&image->grey);
  g_free (image);
}

guint
kp_scan_image_get_width (KpScanImage *image)
{
  return pixGetWidth (image->grey);
}

guint
kp_scan_image_get_height (KpScanImage *image)
{
  return pixGetHeight (image->grey);
}

/**
 * kp_scan_image_to_png:
 * @rotated: 0, 90, 180 or 270 (clockwise), as kp_scanner_read () turned it
 *
 * The page as recognition saw it, for a person to look at.
 *
 * Returns: (transfer full): PNG bytes, or %NULL with @error set.
 */
GBytes *
kp_scan_image_to_png (KpScanImage *image,
                      guint        rotated,
                      GError     **error)
{
  g_autoptr(PIX) turned = pixRotateOrth (image->grey, (rotated / 90) % 4);
  l_uint8 *data = NULL;
  size_t size = 0;
  GBytes *bytes;

  if (turned == NULL || pixWriteMemPng (&data, &size, turned, 0) != 0)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("the page cannot be written as PNG"));
      return NULL;
    }
  bytes = g_bytes_new (data, size);
  lept_free (data);
  return bytes;
}

static gboolean
detect_format (const guint8 *data,
               gsize         size,
               Format       *format)
{
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    *format = FORMAT_PNG;
  else if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    *format = FORMAT_JPEG;
  else if (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    *format = FORMAT_TIFF;
  else if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    *format = FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_size (KpScanSource *source,
            guint         page,
            gint64        w,
            gint64        h,
            GError      **error)
{
  if (w <= 0 || h <= 0)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("%s, page %u: the image is damaged (no size)"),
                   source->name, page + 1);
      return FALSE;
    }
  if (w > KP_SCAN_MAX_SIDE || h > KP_SCAN_MAX_SIDE || w * h > KP_SCAN_MAX_PIXELS)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TOO_LARGE,
                   _ ("%s, page %u: the image is %" PRId64 " × %" PRId64 " pixels, larger than a "
                      "scanned ballot can be (at most %d pixels a side); scan at 150–300 dpi"),
                   source->name, page + 1, w, h, KP_SCAN_MAX_SIDE);
      return FALSE;
    }
  return TRUE;
}

static guint
tiff_pages (const guint8 *data,
            gsize         size)
{
  FILE *fp = fmemopen ((void *) data, size, "r");
  l_int32 n = 0;

  if (fp == NULL)
    return 0;
  if (tiffGetCount (fp, &n) != 0)
    n = 0;
  fclose (fp);
  return MAX (n, 0);
}

/**
 * kp_scan_source_new_from_bytes:
 * @name: the file's name, for messages
 *
 * Returns: (transfer full): the source, or %NULL with @error set when the
 * file is not an image or PDF, is too large, or is damaged at its start.
 */
KpScanSource *
kp_scan_source_new_from_bytes (GBytes     *bytes,
                               const char *name,
                               GError    **error)
{
  g_autoptr(KpScanSource) source = g_new0 (KpScanSource, 1);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_atomic_ref_count_init (&source->refs);
  quiet_leptonica ();
  source->name = g_strdup (name);
  source->bytes = g_bytes_ref (bytes);
  if (size > KP_SCAN_MAX_FILE_BYTES)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TOO_LARGE,
                   _ ("%s: the file is %" PRIu64 " MiB, more than %u MiB; have the scanner write smaller files "
                      "(fewer pages each)"), name, (guint64) size >> 20, KP_SCAN_MAX_FILE_BYTES >> 20);
      return NULL;
    }
  if (!detect_format (data, size, &source->format))
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_FORMAT,
                   _ ("%s: not a PNG, JPEG, TIFF or PDF file"), name);
      return NULL;
    }
  source->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  switch (source->format)
    {
    case FORMAT_PNG:
    case FORMAT_JPEG:
      source->n_pages = 1;
      break;
    case FORMAT_TIFF:
      source->n_pages = tiff_pages (data, size);
      if (source->n_pages == 0)
        {
          g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("%s: the TIFF file is damaged (no page can be read)"),
                       name);
          return NULL;
        }
      break;
    case FORMAT_PDF:
      {
        g_autoptr(GError) local_error = NULL;

        source->pdf = poppler_document_new_from_bytes (bytes, NULL, &local_error);
        if (source->pdf == NULL)
          {
            g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("%s: the PDF file cannot be read (%s)"), name,
                         local_error->message);
            return NULL;
          }
        source->n_pages = MAX (poppler_document_get_n_pages (source->pdf), 0);
        if (source->n_pages == 0)
          {
            g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("%s: the PDF file has no page"), name);
            return NULL;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&source);
}

/**
 * kp_scan_source_new_from_file:
 *
 * Returns: (transfer full): the source, or %NULL with @error set.
 */
KpScanSource *
kp_scan_source_new_from_file (const char *path,
                              GError    **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > KP_SCAN_MAX_FILE_BYTES)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TOO_LARGE,
                   _ ("%s: the file is %" PRIu64 " MiB, more than %u MiB; have the scanner write smaller files "
                      "(fewer pages each)"), path, (guint64) st.st_size >> 20, KP_SCAN_MAX_FILE_BYTES >> 20);
      return NULL;
    }
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_IO, _ ("%s: cannot read (%s)"), path, local_error->message);
      return NULL;
    }
  /* A copy: the file may change on disk while the source is held. */
  bytes = g_bytes_new (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  return kp_scan_source_new_from_bytes (bytes, path, error);
}

void
kp_scan_source_free (KpScanSource *source)
{
  if (source == NULL || !g_atomic_ref_count_dec (&source->refs))
    return;
  g_free (source->name);
  g_free (source->sha256);
  g_clear_pointer (&source->bytes, g_bytes_unref);
  g_clear_object (&source->pdf);
  g_free (source);
}

/**
 * kp_scan_source_ref:
 *
 * One more holder of @source (a page read on the scanning worker, kept
 * until its ballot is saved on the main thread); kp_scan_source_free ()
 * drops one. Its getters may be called from any thread.
 */
KpScanSource *
kp_scan_source_ref (KpScanSource *source)
{
  g_atomic_ref_count_inc (&source->refs);
  return source;
}

guint
kp_scan_source_get_n_pages (KpScanSource *source)
{
  return source->n_pages;
}

const char *
kp_scan_source_get_name (KpScanSource *source)
{
  return source->name;
}

const char *
kp_scan_source_get_sha256 (KpScanSource *source)
{
  return source->sha256;
}

/**
 * kp_scan_source_get_bytes:
 *
 * Returns: (transfer none): the whole file, as it is kept.
 */
GBytes *
kp_scan_source_get_bytes (KpScanSource *source)
{
  return source->bytes;
}

const char *
kp_scan_source_get_mime_type (KpScanSource *source)
{
  static const char *const types[] = { "image/png", "image/jpeg", "image/tiff", "application/pdf" };
  return types[source->format];
}

/* 8-bit grey, coloured ink as dark as its darkest channel. */
static PIX *
to_grey (PIX *pix)
{
  g_autoptr(PIX) plain = NULL;

  if (pixGetColormap (pix) != NULL)
    {
      plain = pixRemoveColormap (pix, REMOVE_CMAP_BASED_ON_SRC);
      if (plain == NULL)
        return NULL;
      pix = plain;
    }
  switch (pixGetDepth (pix))
    {
    case 8:
      return pixClone (pix);
    case 32:
      return pixConvertRGBToGrayMinMax (pix, L_CHOOSE_MIN);
    case 1:
      return pixConvert1To8 (NULL, pix, 255, 0);
    default:
      return pixConvertTo8 (pix, FALSE);
    }
}

/* A page is read at about 150–220 dpi: finer scans are halved (the JPEG
 * decoder does it while decoding). Ballots are A4 or A5 sheets, so the
 * width tells the resolution well enough here. */
static gboolean
too_fine (gint64 w,
          gint64 h)
{
  return MIN (w, h) > 2200;
}

static PIX *
halve (PIX *grey)
{
  return pixScaleAreaMap2 (grey);
}

static PIX *
read_pdf_page (KpScanSource *source,
               guint         index,
               GError      **error)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (source->pdf, index);
  g_autofree char *text = NULL;
  GList *mapping;
  double w = 0, h = 0, covered = 0;
  cairo_surface_t *surface;
  cairo_t *cr;
  int pw, ph, stride;
  PIX *pix;

  if (page == NULL)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED, _ ("%s, page %u: the page cannot be read"),
                   source->name, index + 1);
      return NULL;
    }
  poppler_page_get_size (page, &w, &h);
  if (w <= 0 || h <= 0 || w > PDF_MAX_POINTS || h > PDF_MAX_POINTS)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_TOO_LARGE,
                   _ ("%s, page %u: the page is %.0f × %.0f mm, not the size of a ballot"), source->name, index + 1,
                   w / 72 * 25.4, h / 72 * 25.4);
      return NULL;
    }
  /* A scan is a picture of the page: no text, and images that cover it. */
  text = poppler_page_get_text (page);
  if (text != NULL)
    g_strstrip (text);
  mapping = poppler_page_get_image_mapping (page);
  for (GList *l = mapping; l; l = l->next)
    {
      PopplerImageMapping *m = l->data;
      covered += fabs ((m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1));
    }
  poppler_page_free_image_mapping (mapping);
  if ((text != NULL && *text != '\0') || covered < 0.8 * w * h)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_NOT_SCAN,
                   _ ("%s, page %u: this PDF page is not a scanned image (it holds text or drawing, as a document "
                      "printed from a computer does); give the scanner's file"), source->name, index + 1);
      return NULL;
    }

  pw = (int) (w * PDF_DPI / 72 + 0.5);
  ph = (int) (h * PDF_DPI / 72 + 0.5);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PDF_DPI / 72, PDF_DPI / 72);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  pix = pixCreate (pw, ph, 8);
  stride = cairo_image_surface_get_stride (surface);
  {
    const guint8 *data = cairo_image_surface_get_data (surface);
    for (int y = 0; y < ph; y++)
      {
        const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
        l_uint32 *line = pixGetData (pix) + (gsize) y * pixGetWpl (pix);
        for (int x = 0; x < pw; x++)
          {
            guint32 v = src[x];
            guint8 r = v >> 16, g = v >> 8, b = v;
            SET_DATA_BYTE (line, x, MIN (r, MIN (g, b)));
          }
      }
  }
  cairo_surface_destroy (surface);
  return pix;
}

/**
 * kp_scan_source_read_page:
 * @page: 0-based
 *
 * Decodes one page for recognition (8-bit grey, about 150–220 dpi).
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 * (%KP_SCAN_ERROR_TOO_LARGE before decoding, %KP_SCAN_ERROR_DAMAGED,
 * %KP_SCAN_ERROR_NOT_SCAN).
 */
KpScanImage *
kp_scan_source_read_page (KpScanSource *source,
                          guint         page,
                          GError      **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (source->bytes, &size);
  l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0, res = 0, format = 0, ycck = 0, cmyk = 0;
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) grey = NULL;

  g_return_val_if_fail (page < source->n_pages, NULL);

  switch (source->format)
    {
    case FORMAT_PNG:
      /* The IHDR chunk, first in every PNG: width and height, big-endian. */
      if (size >= 24 && memcmp (data + 12, "IHDR", 4) == 0)
        {
          guint32 be[2];
          memcpy (be, data + 16, sizeof be);
          w = (gint32) MIN (GUINT32_FROM_BE (be[0]), (guint32) G_MAXINT32);
          h = (gint32) MIN (GUINT32_FROM_BE (be[1]), (guint32) G_MAXINT32);
        }
      if (!check_size (source, page, w, h, error))
        return NULL;
      pix = pixReadMemPng (data, size);
      break;
    case FORMAT_JPEG:
      if (readHeaderMemJpeg (data, size, &w, &h, &spp, &ycck, &cmyk) != 0)
        w = h = 0;
      if (!check_size (source, page, w, h, error))
        return NULL;
      pix = pixReadMemJpeg (data, size, 0, too_fine (w, h) ? 2 : 1, NULL, 0);
      break;
    case FORMAT_TIFF:
      if (readHeaderMemTiff (data, size, page, &w, &h, &bps, &spp, &res, &cmap, &format) != 0)
        w = h = 0;
      if (!check_size (source, page, w, h, error))
        return NULL;
      pix = pixReadMemTiff (data, size, page);
      break;
    case FORMAT_PDF:
      pix = read_pdf_page (source, page, error);
      if (pix == NULL)
        return NULL;
      break;
    default:
      g_assert_not_reached ();
    }
  if (pix == NULL || (grey = to_grey (pix)) == NULL)
    {
      g_set_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_DAMAGED,
                   _ ("%s, page %u: the image is damaged and cannot be decoded"), source->name, page + 1);
      return NULL;
    }
  if (too_fine (pixGetWidth (grey), pixGetHeight (grey)))
    {
      PIX *half = halve (grey);
      pixDestroy (&grey);
      grey = half;
    }
  return _kp_scan_image_new (g_steal_pointer (&grey));
}
