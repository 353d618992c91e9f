/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-entry-view.h — the ballot entry screen: the hot path.
 *
 * The operator types the numbers of the struck names (or, with Ctrl+K, of
 * the kept names, for that ballot only) and presses Enter. A number that no other number on the
 * list begins with is taken at once; a separator is needed only after a
 * number that begins a longer one. So a ballot costs its struck names' digits
 * plus Enter: (struck names + 1) keystrokes on a list of up to 9 names. The
 * names light up while typing, validity is shown before the ballot is saved,
 * and each ballot is durable (kp_store_enter) before the next is shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_ENTRY_VIEW (kp_entry_view_get_type ())
G_DECLARE_FINAL_TYPE (KpEntryView, kp_entry_view, KP, ENTRY_VIEW, GtkWidget)

KpEntryView *kp_entry_view_new            (void);
gboolean     kp_entry_view_set_round      (KpEntryView     *self,
                                           KpStore         *store,
                                           const char      *election_id,
                                           char             pass,
                                           const char      *operator,
                                           GError         **error);
void         kp_entry_view_leave          (KpEntryView     *self);
gboolean     kp_entry_view_press          (KpEntryView     *self,
                                           guint            keyval,
                                           GdkModifierType  state);
guint        kp_entry_view_get_keystrokes (KpEntryView     *self);
guint        kp_entry_view_get_serial     (KpEntryView     *self);
const char  *kp_entry_view_get_validity   (KpEntryView     *self);
gboolean     kp_entry_view_is_struck      (KpEntryView     *self,
                                           guint            no);

G_END_DECLS
