/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-archive.c — the archive reader (zip, AES, manifest, signatures). */

#include <glib/gstdio.h>

#include "kp-archive.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static char *path;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("kp-fuzz-XXXXXX", NULL);
      path = g_build_filename (dir, "a.zip", NULL);
    }
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;
  if (!kp_archive_check (path, "mật khẩu lưu trữ", report, &error))
    g_assert_nonnull (error);
  return 0;
}
