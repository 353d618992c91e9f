/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui-util.h — what the app's UI tests share: running the main loop for a
 * while, a screenshot of a widget into $KP_SCREENSHOT_DIR, and a key
 * pressed as GTK's key bindings take it.
 */
#pragma once

#include <gtk/gtk.h>

void     spin            (guint            ms);
void     screenshot      (GtkWidget       *widget,
                          const char      *name);
gboolean press_in_window (GtkWindow       *window,
                          guint            keyval,
                          GdkModifierType  modifiers);
