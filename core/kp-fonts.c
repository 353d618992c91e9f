/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-fonts.c — document fonts through fontconfig. */

#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>

#include "kp-fonts.h"

G_DEFINE_QUARK (kp-fonts-error-quark, kp_fonts_error)

static const char *const style_names[] = {
  [KP_FONT_REGULAR] = "Regular",
  [KP_FONT_BOLD] = "Bold",
  [KP_FONT_ITALIC] = "Italic",
  [KP_FONT_BOLD_ITALIC] = "Bold Italic",
};

/**
 * kp_fonts_find:
 * @family: e.g. "Liberation Serif"
 *
 * Returns: (transfer full): the path of the TrueType file of @family in
 * @style, or %NULL with @error set when that family is not installed.
 */
char *
kp_fonts_find (const char   *family,
               KpFontStyle   style,
               GError      **error)
{
  FcPattern *pattern;
  FcPattern *match;
  FcResult result;
  FcChar8 *file = NULL;
  FcChar8 *found_family = NULL;
  FcChar8 *found_style = NULL;
  char *path = NULL;

  g_return_val_if_fail (style < KP_N_FONT_STYLES, NULL);

  if (!FcInit ())
    {
      g_set_error (error, KP_FONTS_ERROR, KP_FONTS_ERROR_MISSING, _ ("fontconfig cannot start"));
      return NULL;
    }
  pattern = FcPatternCreate ();
  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) family);
  FcPatternAddString (pattern, FC_STYLE, (const FcChar8 *) style_names[style]);
  FcPatternAddString (pattern, FC_FONTFORMAT, (const FcChar8 *) "TrueType");
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);

  if (match != NULL
      && FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch
      && FcPatternGetString (match, FC_FAMILY, 0, &found_family) == FcResultMatch
      && FcPatternGetString (match, FC_STYLE, 0, &found_style) == FcResultMatch
      && g_ascii_strcasecmp ((const char *) found_family, family) == 0
      && g_ascii_strcasecmp ((const char *) found_style, style_names[style]) == 0
      && g_str_has_suffix ((const char *) file, ".ttf"))
    path = g_strdup ((const char *) file);
  else
    g_set_error (error, KP_FONTS_ERROR, KP_FONTS_ERROR_MISSING,
                 _ ("the font \"%s %s\" is not installed (Debian: apt install fonts-liberation2); "
                 "no document is made without it"), family, style_names[style]);

  if (match)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return path;
}
