/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-private.h — what the files of the main window share: the
 * window's struct, the helpers of kp-window.c, the action table
 * (kp-window-actions.c) and the dialog each kp-window-*.c opens.
 */
#pragma once

#include "kp-journal-view.h"
#include "kp-adjudicate-view.h"
#include "kp-reconcile-view.h"
#include "kp-scan-view.h"
#include "kp-setup-view.h"
#include "kp-stations-view.h"
#include "kp-window.h"

G_BEGIN_DECLS

struct _KpWindow
{
  AdwApplicationWindow parent_instance;

  /* Owned */
  KpStore *store;
  char *election_id;         /* shown in the entry or results page */
  KpProjectorWindow *projector;
  GPtrArray *rows;           /* the election rows, borrowed from the group */

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *back;
  GtkWidget *release;
  GtkWidget *projector_button;
  GtkWidget *rehearsal_banner;
  GtkWidget *read_only_banner;
  GtkWidget *network_banner;
  guint network_watch;
  AdwToastOverlay *toasts;
  GtkStack *stack;
  GtkLabel *congress_title;
  GtkLabel *congress_details;
  AdwEntryRow *operator;
  GtkWidget *operator_group;
  AdwPreferencesGroup *elections;
  GtkWidget *rehearsal_group;
  GtkWidget *rehearsal_button;
  GtkWidget *archive_button;
  KpEntryView *entry_view;
  KpResultsView *results_view;
  GtkWidget *reconcile_button;
  GtkWidget *adjudicate_button;
  GtkWidget *next_round_button;
  GtkWidget *confirm_button;
  KpReconcileView *reconcile_view;
  KpAdjudicateView *adjudicate_view;
  KpScanView *scan_view;
  KpJournalView *journal_view;
  KpSetupView *setup_view;
  KpStationsView *stations_view;
  GtkListBox *recent;
  char *projector_connector; /* the screen chosen for the projector */
  char *pending_election;    /* entry waiting for the operator's name */
  char pending_pass;
};

/* kp-window.c */
void         _kp_window_toast                (KpWindow       *self,
                                              const char     *text);
void         _kp_window_show_page            (KpWindow       *self,
                                              const char     *name);
gboolean     _kp_window_fill_elections       (KpWindow       *self,
                                              GError        **error);
const char  *_kp_window_current_operator     (KpWindow       *self);
void         _kp_window_read_only_tooltip    (GtkWidget      *widget,
                                              const char     *reason);
void         _kp_window_show_projector       (KpWindow       *self);

/* kp-window-operator.c, kp-window-mode.c */
void         _kp_window_ask_operator         (KpWindow       *self);
void         _kp_window_operator_changed_cb  (GtkEditable    *row,
                                              KpWindow       *self);
void         _kp_window_mode_dialog          (KpWindow       *self,
                                              const char     *election_id);
const char  *_kp_window_mode_words           (KpEntryMode     mode);

/* kp-window-dialog.c */
void         _kp_window_dialog_keys          (AdwMessageDialog *dialog,
                                              const char       *main);
GtkWidget   *_kp_window_dialog_entry         (GtkWidget        *entry);
void         _kp_window_dialog_keep_open     (AdwMessageDialog *dialog,
                                              GtkBox           *box);
void         _kp_window_dialog_fail          (AdwMessageDialog *dialog,
                                              GtkWidget        *focus,
                                              const char       *message);
void         _kp_window_dialog_done          (AdwMessageDialog *dialog);
GPtrArray   *_kp_window_dialog_sticks        (GtkStringList    *names);

/* kp-window-help.c */
void         _kp_window_help                 (KpWindow         *self);
void         _kp_window_about                (KpWindow         *self);

/* kp-window-actions.c */
void         _kp_window_class_actions_init   (GtkWidgetClass *widget_class);

/* kp-window-open.c */
void         _kp_window_remember             (const char     *path);
void         _kp_window_fill_recent          (KpWindow       *self);
void         _kp_window_recent_activated_cb  (GtkListBox     *list,
                                              GtkListBoxRow  *row,
                                              KpWindow       *self);
void         _kp_window_setup_create_cb      (KpSetupView    *view,
                                              KpWindow       *self);
void         _kp_window_open_dialog          (KpWindow       *self,
                                              gboolean        read_only);
void         _kp_window_open_demo            (KpWindow       *self);
void         _kp_window_new_dialog           (KpWindow       *self);

/* kp-window-keys.c, kp-window-confirm.c, kp-window-next-round.c,
 * kp-window-archive.c, kp-window-rehearsal.c; kp-window-print.c prints a
 * PDF for them) */
void         _kp_window_keys_dialog          (KpWindow       *self);
void         _kp_window_confirm_dialog       (KpWindow       *self);
void         _kp_window_next_round_dialog    (KpWindow       *self);
void         _kp_window_archive_dialog       (KpWindow       *self);
gboolean     _kp_window_print_pdf            (KpWindow       *self,
                                              const char     *title,
                                              GBytes         *pdf,
                                              const char     *export_to,
                                              GError        **error);
void         _kp_window_rehearsal_dialog     (KpWindow       *self);

/* kp-window-stations.c */
void         _kp_window_import_dialog        (KpWindow       *self);
void         _kp_window_enroll_dialog        (KpWindow       *self,
                                              const char     *station);
void         _kp_window_write_batch_dialog   (KpWindow       *self);

/* kp-window-projector.c */
void         _kp_window_sync_release         (KpWindow       *self);
void         _kp_window_release_toggled      (KpWindow       *self);

G_END_DECLS
