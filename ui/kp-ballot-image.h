/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-ballot-image.h — a scanned ballot's image as kept in the congress
 * file: every page turned upright, chosen rows framed in red and shown
 * again zoomed (kp_scanner_highlight). Decoding runs outside the UI thread
 * (a page of 200 dpi takes a recognition pass, well over a frame); the
 * widget says "loading" meanwhile. Used by the adjudication view, the
 * reconciliation view and the ballot image window (any ballot in the app
 * opens its image: kp_ballot_image_window_present).
 */
#pragma once

#include <gtk/gtk.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_BALLOT_IMAGE (kp_ballot_image_get_type ())
G_DECLARE_FINAL_TYPE (KpBallotImage, kp_ballot_image, KP, BALLOT_IMAGE, GtkWidget)

KpBallotImage *kp_ballot_image_new          (void);
void           kp_ballot_image_show         (KpBallotImage      *self,
                                             KpStore            *store,
                                             const char         *election_id,
                                             guint               round,
                                             const char *const  *pages,
                                             const guint        *rows,
                                             guint               n_rows);
void           kp_ballot_image_clear        (KpBallotImage      *self);
void           kp_ballot_image_set_page_height (KpBallotImage   *self,
                                             int                 height);
int            kp_ballot_image_get_page_height (KpBallotImage   *self);
gboolean       kp_ballot_image_is_loading   (KpBallotImage      *self);
guint          kp_ballot_image_get_n_pages  (KpBallotImage      *self);
guint          kp_ballot_image_get_n_zoomed (KpBallotImage      *self);
const char    *kp_ballot_image_get_problem  (KpBallotImage      *self);

GtkWindow     *kp_ballot_image_window_present (GtkWidget        *parent,
                                             KpStore            *store,
                                             const char         *election_id,
                                             guint               round,
                                             char                pass,
                                             guint               serial,
                                             GError            **error);
GtkWindow     *kp_ballot_image_window_present_pages (GtkWidget  *parent,
                                             KpStore            *store,
                                             const char         *election_id,
                                             guint               round,
                                             char                pass,
                                             guint               serial,
                                             const char *const  *pages);

G_END_DECLS
