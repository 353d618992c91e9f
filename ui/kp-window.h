/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window.h — the main window: open a congress file, see its elections,
 * enter ballots per pass, follow the results, drive the projector.
 */
#pragma once

#include <adwaita.h>

#include "kp-entry-view.h"
#include "kp-scan-view.h"
#include "kp-projector-window.h"
#include "kp-results-view.h"
#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_WINDOW (kp_window_get_type ())
G_DECLARE_FINAL_TYPE (KpWindow, kp_window, KP, WINDOW, AdwApplicationWindow)

KpWindow          *kp_window_new            (GtkApplication *application);
char              *kp_window_find_guide     (GError        **error);
gboolean           kp_window_open_file      (KpWindow       *self,
                                             const char     *path,
                                             GError        **error);
gboolean           kp_window_open_read_only (KpWindow       *self,
                                             const char     *path,
                                             GError        **error);
gboolean           kp_window_is_read_only_banner_shown (KpWindow *self);
const char        *kp_window_get_read_only_banner_text (KpWindow *self);
gboolean           kp_window_start_entry    (KpWindow       *self,
                                             const char     *election_id,
                                             char            pass,
                                             GError        **error);
gboolean           kp_window_show_results   (KpWindow       *self,
                                             const char     *election_id,
                                             GError        **error);
gboolean           kp_window_show_reconcile (KpWindow       *self,
                                             const char     *election_id,
                                             GError        **error);
gboolean           kp_window_show_adjudicate (KpWindow      *self,
                                              const char    *election_id,
                                              GError       **error);
gboolean           kp_window_show_scan      (KpWindow       *self,
                                             const char     *election_id,
                                             GError        **error);
KpScanView        *kp_window_get_scan_view  (KpWindow       *self);
gboolean           kp_window_confirm        (KpWindow       *self,
                                             const char     *passphrase,
                                             GHashTable     *explanations,
                                             const char     *network_override,
                                             GError        **error);
gboolean           kp_window_release_projector (KpWindow    *self,
                                                const char  *passphrase,
                                                GError     **error);
gboolean           kp_window_hide_projector (KpWindow       *self,
                                             GError        **error);
gboolean           kp_window_is_network_banner_shown (KpWindow *self);
gboolean           kp_window_is_rehearsal_banner_shown (KpWindow *self);
KpWindow          *kp_window_rehearse       (KpWindow       *self,
                                             const char     *path,
                                             GError        **error);
gboolean           kp_window_print          (KpWindow       *self,
                                             const char     *document,
                                             const char     *export_to,
                                             GError        **error);
gboolean           kp_window_archive_to     (KpWindow       *self,
                                             const char     *dir,
                                             const char     *password,
                                             char          **path,
                                             GError        **error);
gboolean           kp_window_print_archive_sheet (KpWindow  *self,
                                             const char     *password,
                                             const char     *archive_path,
                                             const char     *export_to,
                                             GError        **error);
gboolean           kp_window_next_round     (KpWindow       *self,
                                             const guint    *drop,
                                             guint           n_drop,
                                             const char     *added,
                                             guint          *round,
                                             GError        **error);
gboolean           kp_window_init_keys      (KpWindow       *self,
                                             const char     *passphrase,
                                             const char     *again,
                                             char          **fingerprint,
                                             GError        **error);
gboolean           kp_window_create_from_setup (KpWindow    *self,
                                                const char  *path,
                                                GError     **error);
gboolean           kp_window_show_stations  (KpWindow       *self,
                                             GError        **error);
gboolean           kp_window_import_batches (KpWindow       *self,
                                             GListModel     *files,
                                             char          **summary);
gboolean           kp_window_enroll_station (KpWindow       *self,
                                             const char     *station,
                                             const char     *fingerprint,
                                             const char     *passphrase,
                                             GError        **error);
gboolean           kp_window_write_batches  (KpWindow       *self,
                                             const char     *dir,
                                             const char     *passphrase,
                                             char          **summary,
                                             GError        **error);
KpStore           *kp_window_get_store      (KpWindow       *self);
GPtrArray         *kp_window_get_recent     (KpWindow       *self);
char              *kp_window_describe_monitor (GdkMonitor   *monitor);
KpEntryView       *kp_window_get_entry_view (KpWindow       *self);
KpResultsView     *kp_window_get_results_view (KpWindow     *self);
KpProjectorWindow *kp_window_get_projector  (KpWindow       *self);
const char        *kp_window_get_page       (KpWindow       *self);

G_END_DECLS
