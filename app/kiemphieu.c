/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kiemphieu — the desktop app: `kiemphieu [C.kiemphieu]`.
 */

#include <glib/gi18n.h>
#include <locale.h>

#include "kp-application.h"
#include "kp-i18n.h"
#include "kp-sandbox.h"
#include "kp-sane.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(KpApplication) application = NULL;

  g_autoptr(GError) error = NULL;

  /* No network, by construction: before anything else runs. */
  if (!kp_sandbox_no_network (&error))
    {
      g_printerr ("kiemphieu: %s\n", error->message);
      return 1;
    }
  /* Scanners: local backends only, set before any thread starts. */
  kp_sane_prepare ();
  setlocale (LC_ALL, "");
  /* KP_LOCALEDIR, else the build tree's po/ when run from it, else LOCALEDIR. */
  kp_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  application = kp_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
