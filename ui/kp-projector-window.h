/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-projector-window.h — the hall's view of a result, for the projector:
 * large type, full screen on a chosen monitor. Hidden until the head
 * releases the round (a journal action, read from the file); votes and
 * shares under "CHƯA CHÍNH THỨC", nobody shown as elected, until the round
 * is confirmed; then "CHÍNH THỨC" and the decision. Totals only, never a
 * single ballot. The names take one to three columns, or pages that turn.
 */
#pragma once

#include <adwaita.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_PROJECTOR_WINDOW (kp_projector_window_get_type ())
G_DECLARE_FINAL_TYPE (KpProjectorWindow, kp_projector_window, KP, PROJECTOR_WINDOW, AdwWindow)

KpProjectorWindow *kp_projector_window_new          (GtkApplication    *application);
gboolean           kp_projector_window_show_round   (KpProjectorWindow *self,
                                                     KpStore           *store,
                                                     const char        *election_id,
                                                     GError           **error);
gboolean           kp_projector_window_refresh      (KpProjectorWindow *self,
                                                     GError           **error);
gboolean           kp_projector_window_get_released (KpProjectorWindow *self);
guint              kp_projector_window_get_n_pages  (KpProjectorWindow *self);
void               kp_projector_window_show_page    (KpProjectorWindow *self,
                                                     guint              page);
char              *kp_projector_window_get_text     (KpProjectorWindow *self);
void               kp_projector_window_present_on   (KpProjectorWindow *self,
                                                     GdkMonitor        *monitor);

G_END_DECLS
