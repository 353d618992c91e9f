/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-journal-view.h — the entry journal (Nhật ký nhập phiếu), and its check. */
#pragma once

#include <gtk/gtk.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_JOURNAL_VIEW (kp_journal_view_get_type ())
G_DECLARE_FINAL_TYPE (KpJournalView, kp_journal_view, KP, JOURNAL_VIEW, GtkWidget)

KpJournalView *kp_journal_view_new        (void);
gboolean       kp_journal_view_show       (KpJournalView  *self,
                                           KpStore        *store,
                                           GError        **error);
guint          kp_journal_view_get_n_rows (KpJournalView  *self);
const char    *kp_journal_view_get_status (KpJournalView  *self);
gboolean       kp_journal_view_is_verified (KpJournalView *self);
gboolean       kp_journal_view_has_image  (KpJournalView  *self,
                                           guint           position);
GtkWindow     *kp_journal_view_open_image (KpJournalView  *self,
                                           guint           position);

G_END_DECLS
