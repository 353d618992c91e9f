/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-i18n.c — finding and binding the message catalogue. */

#include <glib/gi18n-lib.h>

#include "kp-i18n.h"

/* TRUE when @dir holds a compiled catalogue of ours for some language
 * (dir/LANG/LC_MESSAGES/kiemphieu.mo), as meson's build/po does. */
static gboolean
has_catalogue (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *mo = g_build_filename (dir, name, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

/**
 * kp_i18n_locale_dir:
 * @executable: (nullable): the running program's path; %NULL reads
 *   /proc/self/exe
 *
 * Where the catalogue is, first match wins:
 * 1. `KP_LOCALEDIR` from the environment (tests, dev.sh);
 * 2. the build tree: `../po` next to the executable's folder
 *    (build/app/kiemphieu → build/po), when it holds a compiled catalogue —
 *    a program run from a checkout uses its own translations, even when
 *    another version is installed;
 * 3. LOCALEDIR, where meson installs them.
 *
 * Returns: (transfer full): a folder to give bindtextdomain().
 */
char *
kp_i18n_locale_dir (const char *executable)
{
  const char *env = g_getenv ("KP_LOCALEDIR");
  g_autofree char *self = NULL;

  if (env != NULL && *env)
    return g_strdup (env);
  if (executable == NULL)
    executable = self = g_file_read_link ("/proc/self/exe", NULL);
  if (executable != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (executable);
      g_autofree char *po = g_build_filename (dir, "..", "po", NULL);

      if (has_catalogue (po))
        return g_canonicalize_filename (po, NULL);
    }
  return g_strdup (LOCALEDIR);
}

/**
 * kp_i18n_init:
 *
 * Binds the "kiemphieu" domain to kp_i18n_locale_dir() in UTF-8. Call once
 * from main, after setlocale(). Core messages use the domain explicitly
 * (g_dgettext), so this is all they need.
 */
void
kp_i18n_init (void)
{
  g_autofree char *dir = kp_i18n_locale_dir (NULL);

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
