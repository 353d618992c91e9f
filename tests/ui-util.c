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

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers)
           || trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval,
                               modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger) && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
         && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* Activates the first shortcut of @widget's controllers in @phase that
 * @keyval and @modifiers trigger. */
static gboolean
press_on (GtkWidget       *widget,
          GtkPropagationPhase phase,
          guint            keyval,
          GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller)
          || (gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE) != (phase == GTK_PHASE_CAPTURE))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers)
              && gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

/* Presses a key in @window as GTK dispatches it to key bindings: the
 * capture phase from the window down to the focus widget, then the bubble
 * phase from the focus widget up (Return on a focused button, Tab and
 * Escape on a message dialog). GTK 4 cannot make key events. */
gboolean
press_in_window (GtkWindow       *window,
                 guint            keyval,
                 GdkModifierType  modifiers)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  for (GtkWidget *widget = focus ? focus : GTK_WIDGET (window); widget != NULL; widget = gtk_widget_get_parent (widget))
    g_ptr_array_add (chain, widget);
  for (guint i = chain->len; i > 0; i--)
    if (press_on (chain->pdata[i - 1], GTK_PHASE_CAPTURE, keyval, modifiers))
      return TRUE;
  for (guint i = 0; i < chain->len; i++)
    if (press_on (chain->pdata[i], GTK_PHASE_BUBBLE, keyval, modifiers))
      return TRUE;
  return FALSE;
}
