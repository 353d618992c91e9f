/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-durable.h — files that must be whole on a USB stick before anyone is
 * told to pull it out: written as NAME.part, fsynced, renamed, then the
 * folder fsynced and its filesystem synced. The archive and the station
 * batches share it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int      kp_durable_sync  (const char  *path,
                           gboolean     whole_filesystem);
gboolean kp_durable_write (const char  *path,
                           const void  *data,
                           gsize        length,
                           GError     **error);

G_END_DECLS
