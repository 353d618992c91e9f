/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-stations-view.h — counting on several laptops (issue 14): on the
 * head's machine the stations, their batches and what is missing; on a
 * station laptop the station itself, with its key's fingerprint for the
 * head to compare.
 */
#pragma once

#include <adwaita.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_TYPE_STATIONS_VIEW (kp_stations_view_get_type ())
G_DECLARE_FINAL_TYPE (KpStationsView, kp_stations_view, KP, STATIONS_VIEW, GtkWidget)

KpStationsView *kp_stations_view_new         (void);
gboolean        kp_stations_view_show        (KpStationsView  *self,
                                              KpStore         *store,
                                              GError         **error);
guint           kp_stations_view_get_n_rows  (KpStationsView  *self);

G_END_DECLS
