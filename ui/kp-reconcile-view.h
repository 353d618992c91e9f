/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-reconcile-view.h — double and triple entry: the disagreements between
 * the passes, side by side, for the committee to settle (kp_store_resolve).
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-ballot-image.h"
#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_RECONCILE_VIEW (kp_reconcile_view_get_type ())
G_DECLARE_FINAL_TYPE (KpReconcileView, kp_reconcile_view, KP, RECONCILE_VIEW, GtkWidget)

KpReconcileView *kp_reconcile_view_new     (void);
gboolean         kp_reconcile_view_show    (KpReconcileView  *self,
                                            KpStore          *store,
                                            const char       *election_id,
                                            const char       *operator,
                                            GError          **error);
guint            kp_reconcile_view_get_pending (KpReconcileView *self);
gboolean         kp_reconcile_view_settle  (KpReconcileView  *self,
                                            guint             serial,
                                            char              take,
                                            const char       *reason,
                                            const char       *passphrase,
                                            GError          **error);
gboolean         kp_reconcile_view_settle_value (KpReconcileView *self,
                                                 const KpBallot  *value,
                                                 const char      *reason,
                                                 const char      *passphrase,
                                                 GError         **error);
gboolean         kp_reconcile_view_show_image (KpReconcileView *self,
                                               guint            serial);
KpBallotImage   *kp_reconcile_view_get_image (KpReconcileView *self);
guint            kp_reconcile_view_get_image_serial (KpReconcileView *self);

G_END_DECLS
