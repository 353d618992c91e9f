/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-projector.h — what the hall may see: the head of the counting
 * committee releases a round's totals to the projector with the passphrase;
 * anyone at the table may hide them again. Both are journal actions
 * ("release", "hide"), so whether a round is shown is read from the file.
 */
#pragma once

#include "kp-store.h"

G_BEGIN_DECLS

gboolean kp_store_release_projector     (KpStore    *store,
                                         const char *election_id,
                                         guint       round,
                                         const char *passphrase,
                                         const char *operator,
                                         GError    **error);
gboolean kp_store_hide_projector        (KpStore    *store,
                                         const char *election_id,
                                         guint       round,
                                         const char *operator,
                                         GError    **error);
gboolean kp_store_is_projector_released (KpStore    *store,
                                         const char *election_id,
                                         guint       round,
                                         GError    **error);

G_END_DECLS
