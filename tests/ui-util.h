/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ui-util.h — what the app's UI tests share: running the main loop for a
 * while, and a screenshot of a widget into $KP_SCREENSHOT_DIR.
 */
#pragma once

#include <gtk/gtk.h>

void spin       (guint       ms);
void screenshot (GtkWidget  *widget,
                 const char *name);
