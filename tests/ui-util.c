/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui-util.c — what the app's UI tests share (ui-util.h).
 */

#include "ui-util.h"

/* Runs the main loop for @ms milliseconds. */
void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Saves @widget as $KP_SCREENSHOT_DIR/@name.png when that is set (the
 * user guide's pictures). */
void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("KP_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = 0, height = 0;

  if (dir == NULL)
    return;
  spin (300);
  /* A page that changes with every sheet (scanning) gives a picture once a
   * frame's layout is done. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      spin (10);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_printerr ("no picture of %s\n", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("%s not saved\n", path);
}
