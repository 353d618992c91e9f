/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-fonts.h — finds the document fonts through fontconfig (adapter).
 *
 * Party documents are set in Times New Roman (36-HD/VPTW); Liberation Serif
 * (fonts-liberation2) has the same metrics. A font that is not installed is
 * an error, never a silent fallback to another family.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KP_FONTS_ERROR (kp_fonts_error_quark ())

typedef enum
{
  KP_FONTS_ERROR_MISSING,
} KpFontsError;

typedef enum
{
  KP_FONT_REGULAR,
  KP_FONT_BOLD,
  KP_FONT_ITALIC,
  KP_FONT_BOLD_ITALIC,
  KP_N_FONT_STYLES,
} KpFontStyle;

GQuark  kp_fonts_error_quark (void);
char   *kp_fonts_find        (const char   *family,
                              KpFontStyle   style,
                              GError      **error);

G_END_DECLS
