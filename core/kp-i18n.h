/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-i18n.h — where the translations are, and binding them.
 *
 * Every message a person sees is an English msgid marked with _() (core
 * files include <glib/gi18n-lib.h>, GETTEXT_PACKAGE "kiemphieu"), translated
 * through po/vi.po. The catalogue is looked for in the build tree first, so
 * that build/app/kiemphieu started from a checkout speaks Vietnamese without
 * being installed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *kp_i18n_locale_dir (const char *executable);
void      kp_i18n_init       (void);

G_END_DECLS
