/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-setup-view.h — a congress typed in: details, committee, elections and
 * their candidate lists, with the ballot order shown before approval. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KP_TYPE_SETUP_VIEW (kp_setup_view_get_type ())
G_DECLARE_FINAL_TYPE (KpSetupView, kp_setup_view, KP, SETUP_VIEW, GtkWidget)

KpSetupView *kp_setup_view_new          (void);
void         kp_setup_view_reset        (KpSetupView  *self);
gboolean     kp_setup_view_add_election (KpSetupView  *self,
                                         GError      **error);
gboolean     kp_setup_view_import       (KpSetupView  *self,
                                         GFile        *file,
                                         GError      **error);
char        *kp_setup_view_build        (KpSetupView  *self,
                                         GError      **error);
const char  *kp_setup_view_get_preview  (KpSetupView  *self);
guint        kp_setup_view_get_n_elections (KpSetupView *self);

gboolean     kp_setup_parse_person      (const char   *line,
                                         const char   *where,
                                         guint         line_no,
                                         char        **name,
                                         char        **born,
                                         GError      **error);

G_END_DECLS
