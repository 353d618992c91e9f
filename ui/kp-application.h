/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-application.h — the KiemPhieu desktop application. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KP_TYPE_APPLICATION (kp_application_get_type ())
G_DECLARE_FINAL_TYPE (KpApplication, kp_application, KP, APPLICATION, AdwApplication)

KpApplication *kp_application_new         (void);
gboolean       kp_application_is_read_only (KpApplication *self);

G_END_DECLS
