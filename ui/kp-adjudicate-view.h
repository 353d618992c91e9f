/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-adjudicate-view.h — scanned ballots waiting for the committee: each
 * shown as its image with the doubtful rows framed, decided row by row
 * (kp_store_adjudicate), one ballot after another.
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_ADJUDICATE_VIEW (kp_adjudicate_view_get_type ())
G_DECLARE_FINAL_TYPE (KpAdjudicateView, kp_adjudicate_view, KP, ADJUDICATE_VIEW, GtkWidget)

KpAdjudicateView *kp_adjudicate_view_new         (void);
gboolean          kp_adjudicate_view_show        (KpAdjudicateView *self,
                                                  KpStore          *store,
                                                  const char       *election_id,
                                                  const char       *operator,
                                                  GError          **error);
guint             kp_adjudicate_view_get_pending (KpAdjudicateView *self);
const KpScanPending *kp_adjudicate_view_get_current (KpAdjudicateView *self);
gboolean          kp_adjudicate_view_decide      (KpAdjudicateView *self,
                                                  const KpBallot   *decided,
                                                  const char       *reason,
                                                  GError          **error);

G_END_DECLS
