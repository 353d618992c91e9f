/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-qr.c — QR codes through libqrencode. */

#include <qrencode.h>
#include <string.h>

#include "kp-qr.h"

/**
 * kp_qr_encode:
 * @text: ASCII or UTF-8 text, encoded as 8-bit data, error correction M
 *
 * Returns: (transfer full) (nullable): the modules, or %NULL when the text
 * does not fit a QR code.
 */
KpQr *
kp_qr_encode (const char *text)
{
  QRcode *code = QRcode_encodeData (strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
  KpQr *qr;

  if (code == NULL)
    return NULL;
  qr = g_new0 (KpQr, 1);
  qr->width = code->width;
  qr->dark = g_new (guint8, (gsize) code->width * code->width);
  for (gsize i = 0; i < (gsize) code->width * code->width; i++)
    qr->dark[i] = code->data[i] & 1;
  QRcode_free (code);
  return qr;
}

void
kp_qr_free (KpQr *qr)
{
  if (qr == NULL)
    return;
  g_free (qr->dark);
  g_free (qr);
}
