/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-view.h — scanning ballots into a pass from the app: the files
 * or folder a scanner saved are read and recognised on a worker thread
 * (kp-scan-worker.h) while the page shows the progress, each ballot saved
 * at once on the main thread (kp-scan-assembly.h), each refused sheet
 * listed with its reason to be scanned again. Or from a scanner on a
 * cable through SANE (kp-sane.h): the scanners listed and the chosen one
 * opened off the UI thread, its pages from kp_scan_producer_new_sane ();
 * a scanner's problem ends the stack with what to do. Closing the window
 * or leaving the page mid-scan asks first (kp_scan_view_ask_stop ()).
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-sane.h"
#include "kp-scan-assembly.h"
#include "kp-scan-worker.h"
#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_SCAN_VIEW (kp_scan_view_get_type ())
G_DECLARE_FINAL_TYPE (KpScanView, kp_scan_view, KP, SCAN_VIEW, GtkWidget)

/* What to do once a scan stopped on the operator's word is over
 * (kp_scan_view_ask_stop ()). */
typedef void (*KpScanViewThen) (gpointer user_data);

gboolean            kp_scan_view_show           (KpScanView        *self,
                                                 KpStore           *store,
                                                 const char        *election_id,
                                                 const char        *operator,
                                                 GError           **error);
gboolean            kp_scan_view_set_pass       (KpScanView        *self,
                                                 char               pass);
char                kp_scan_view_get_pass       (KpScanView        *self);
void                kp_scan_view_set_skip_blank (KpScanView        *self,
                                                 gboolean           skip);
gboolean            kp_scan_view_start          (KpScanView        *self,
                                                 const char *const *paths,
                                                 GError           **error);
gboolean            kp_scan_view_start_producer (KpScanView        *self,
                                                 KpScanProducer    *producer,
                                                 GError           **error);
void                kp_scan_view_find_scanners  (KpScanView        *self);
gboolean            kp_scan_view_is_finding     (KpScanView        *self);
gboolean            kp_scan_view_set_scanner    (KpScanView        *self,
                                                 const char        *name,
                                                 KpSaneSource       source,
                                                 guint              dpi);
gboolean            kp_scan_view_start_scanner  (KpScanView        *self,
                                                 GError           **error);
void                kp_scan_view_stop           (KpScanView        *self);
void                kp_scan_view_ask_stop       (KpScanView        *self,
                                                 gboolean           closing,
                                                 KpScanViewThen     then,
                                                 gpointer           user_data);
void                kp_scan_view_leave          (KpScanView        *self);
gboolean            kp_scan_view_is_running     (KpScanView        *self);
const KpScanTotals *kp_scan_view_get_totals     (KpScanView        *self);
guint               kp_scan_view_get_pages      (KpScanView        *self);

G_END_DECLS
