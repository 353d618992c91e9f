/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-archive-private.h — what writing (kp-archive-write.c) and checking
 * (kp-archive.c) the archive share: its entries' names and its seal. */
#pragma once

#include "kp-archive.h"

G_BEGIN_DECLS

#define MANIFEST "manifest.sha256"
#define CONGRESS "congress.kiemphieu"

/* The seal: the zip's archive comment, last in the file, is
 * "KP1:<salt, 32 hex>:<HMAC-SHA256, 64 hex>" over every byte before it,
 * keyed by PBKDF2-SHA256 of the password. The entries' AES codes cover
 * their contents; the seal covers everything else (headers, times, the
 * directory), so no byte of the archive can change unnoticed. */
#define SEAL_PREFIX "KP1:"
#define SEAL_LENGTH (4 + 32 + 1 + 64)
#define SEAL_ITERATIONS 100000

gboolean _kp_archive_seal_mac (const char   *password,
                               const guint8 *salt,
                               int           fd,
                               goffset       length,
                               char          hex[65]);
/* kp_durable_sync () with the archive's message. */
gboolean _kp_archive_sync_path (const char  *path,
                                gboolean     whole_filesystem,
                                GError     **error);

G_END_DECLS
