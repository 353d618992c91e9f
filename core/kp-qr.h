/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-qr.h — QR codes (libqrencode adapter). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint width;    /* modules per side */
  guint8 *dark;   /* width × width, row-major, 1 = dark */
} KpQr;

KpQr *kp_qr_encode (const char *text);
void  kp_qr_free   (KpQr       *qr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpQr, kp_qr_free)

G_END_DECLS
