/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-durable.c — a file whole on the stick before the stick may go: .part,
 * fsync, rename, the folder fsynced and the filesystem synced (syncfs).
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "kp-durable.h"

/**
 * kp_durable_sync:
 * @path: a file or a folder
 * @whole_filesystem: also sync the filesystem that holds it (syncfs), as
 *   before telling someone a USB stick can be removed
 *
 * Returns: 0, or the errno of what failed.
 */
int
kp_durable_sync (const char *path,
                 gboolean    whole_filesystem)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int saved = 0;

  if (fd < 0)
    return errno;
  if (fsync (fd) != 0 || (whole_filesystem && syncfs (fd) != 0))
    saved = errno;
  close (fd);
  return saved;
}

/**
 * kp_durable_write:
 * @path: the file to write (replaced if it exists)
 *
 * Writes @data to `@path.part`, fsyncs it, renames it to @path, then
 * fsyncs the folder and syncs its filesystem. On failure the `.part` is
 * removed and @path is as it was.
 *
 * Returns: %TRUE only when the file is whole and on the device.
 */
gboolean
kp_durable_write (const char  *path,
                  const void  *data,
                  gsize        length,
                  GError     **error)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  const guint8 *p = data;
  gsize left = length;
  int fd, saved = 0;

  g_unlink (part);
  fd = open (part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    saved = errno;
  while (fd >= 0 && saved == 0 && left > 0)
    {
      ssize_t n = write (fd, p, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        saved = n < 0 ? errno : EIO;
      else
        p += n, left -= n;
    }
  if (fd >= 0 && saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && g_rename (part, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (part);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("%s: could not be written (%s); nothing on the stick is complete. Check the stick (room, "
                      "write protection) and write it again"), path, g_strerror (saved));
      return FALSE;
    }
  if ((saved = kp_durable_sync (dir, TRUE)) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("%s: could not be flushed to the stick (%s); do not remove the stick, write it again"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
