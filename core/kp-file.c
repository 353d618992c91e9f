/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-file.c — reading a whole file, the failure said in the user's words. */

#include <glib/gi18n-lib.h>

#include "kp-file.h"

/**
 * kp_file_get_contents:
 * @length: (out) (optional): the length of @contents
 *
 * g_file_get_contents() whose error keeps GLib's domain and code
 * (%G_FILE_ERROR_NOENT, …) and says what happened to @path in a
 * translated sentence; GLib's own message follows only where the sentence
 * cannot say it all.
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean
kp_file_get_contents (const char  *path,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_get_contents (path, contents, length, &local_error))
    return TRUE;
  if (local_error->domain != G_FILE_ERROR)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _ ("%s: the file cannot be read (%s)"), path,
                 local_error->message);
  else
    switch ((GFileError) local_error->code)
      {
      case G_FILE_ERROR_NOENT:
        g_set_error (error, G_FILE_ERROR, local_error->code, _ ("%s: no such file"), path);
        break;
      case G_FILE_ERROR_ACCES:
      case G_FILE_ERROR_PERM:
        g_set_error (error, G_FILE_ERROR, local_error->code, _ ("%s: no permission to read this file"), path);
        break;
      case G_FILE_ERROR_ISDIR:
        g_set_error (error, G_FILE_ERROR, local_error->code, _ ("%s: a folder, not a file"), path);
        break;
      case G_FILE_ERROR_NOTDIR:
      case G_FILE_ERROR_NAMETOOLONG:
      case G_FILE_ERROR_LOOP:
        g_set_error (error, G_FILE_ERROR, local_error->code, _ ("%s: no such file (the path is not right)"), path);
        break;
      case G_FILE_ERROR_NOMEM:
      case G_FILE_ERROR_FAILED:
      case G_FILE_ERROR_EXIST:
      case G_FILE_ERROR_NODEV:
      case G_FILE_ERROR_ROFS:
      case G_FILE_ERROR_TXTBSY:
      case G_FILE_ERROR_FAULT:
      case G_FILE_ERROR_NOSPC:
      case G_FILE_ERROR_MFILE:
      case G_FILE_ERROR_NFILE:
      case G_FILE_ERROR_BADF:
      case G_FILE_ERROR_INVAL:
      case G_FILE_ERROR_PIPE:
      case G_FILE_ERROR_AGAIN:
      case G_FILE_ERROR_INTR:
      case G_FILE_ERROR_IO:
      case G_FILE_ERROR_NXIO:
      case G_FILE_ERROR_NOSYS:
      default:
        g_set_error (error, G_FILE_ERROR, local_error->code, _ ("%s: the file cannot be read (%s)"), path,
                     local_error->message);
        break;
      }
  return FALSE;
}
