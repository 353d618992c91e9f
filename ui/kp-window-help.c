/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-help.c — the main menu's help (issue 11, GNOME conventions):
 * the user guide (docs/huong-dan.md, opened in the desktop's viewer) and
 * the About window. The shortcuts window is gtk/help-overlay.ui in the
 * GResource, which GtkApplication gives every window as
 * win.show-help-overlay (Ctrl+?).
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

#define GUIDE_NAME "huong-dan.md"

/**
 * kp_window_find_guide:
 *
 * Where the user guide is: in $KP_DOC_DIR when it is set (dev.sh run sets
 * it to the source's docs/), else where it is installed
 * (datadir/doc/kiemphieu), else, for a build run from its tree, in the
 * source's docs/.
 *
 * Returns: (transfer full): the guide's path, a file that exists, or
 * %NULL with @error set.
 */
char *
kp_window_find_guide (GError **error)
{
  const char *env = g_getenv ("KP_DOC_DIR");
  const char *dirs[] = { env, env ? NULL : KP_DOC_DIR, env ? NULL : KP_SOURCE_DOC_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = dirs[i] ? g_build_filename (dirs[i], GUIDE_NAME, NULL) : NULL;

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The user guide (%s) is not in %s: install KiemPhieu again, or read docs/%s in its source."),
               GUIDE_NAME, env ? env : KP_DOC_DIR, GUIDE_NAME);
  return NULL;
}

/* "User guide" (F1): the guide in the desktop's viewer for it. */
void
_kp_window_help (KpWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kp_window_find_guide (&error);
  g_autofree char *uri = NULL;

  if (path == NULL)
    {
      _kp_window_toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, &error);
  if (uri == NULL)
    {
      _kp_window_toast (self, error->message);
      return;
    }
  /* GtkFileLauncher is GTK 4.10; gtk_show_uri asks the desktop (a portal or
   * the default application for Markdown) to open the file. */
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* "About": name, version (meson's), licence, what it is for. */
void
_kp_window_about (KpWindow *self)
{
  const char *developers[] = { _("The KiemPhieu developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", self,
                "modal", TRUE,
                "application-name", _("KiemPhieu"),
                "application-icon", "vn.kiemphieu.KiemPhieu",
                "version", KP_VERSION,
                "comments", _("Counts the ballots of Party congresses on computers without a network: the "
                              "committee enters every paper ballot, the rules are applied exactly, the results "
                              "are signed, printed as the counting minutes and archived."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "developer-name", _("The KiemPhieu developers"),
                "developers", developers,
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}
