/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-file.h — reading a whole file (a definition, a ballots CSV, a
 * passphrase file, a signed result) with a message a person can read in
 * their language: GLib's own ("Failed to open file …") has no Vietnamese
 * in Debian 12.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kp_file_get_contents (const char  *path,
                               char       **contents,
                               gsize       *length,
                               GError     **error);

G_END_DECLS
