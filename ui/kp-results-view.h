/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-results-view.h — the live tally of one round for the committee: votes,
 * % of the base, status, ties and remaining seats in words, the R-RECON-1
 * checks. Shows what kp_store_results() computes; counts nothing itself.
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_RESULTS_VIEW (kp_results_view_get_type ())
G_DECLARE_FINAL_TYPE (KpResultsView, kp_results_view, KP, RESULTS_VIEW, GtkWidget)

KpResultsView *kp_results_view_new      (void);
gboolean       kp_results_view_show     (KpResultsView  *self,
                                         KpStore        *store,
                                         const char     *election_id,
                                         const char     *operator,
                                         GError        **error);
gboolean       kp_results_view_refresh  (KpResultsView  *self,
                                         GError        **error);
KpResult      *kp_results_view_get_result (KpResultsView *self);

G_END_DECLS
