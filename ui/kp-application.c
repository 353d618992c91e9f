/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-application.c — the KiemPhieu desktop application. */

#include <glib/gi18n.h>

#include "kp-application.h"
#include "kp-window.h"

struct _KpApplication
{
  AdwApplication parent_instance;

  gboolean read_only; /* `kiemphieu --read-only FILE` */
};

G_DEFINE_FINAL_TYPE (KpApplication, kp_application, ADW_TYPE_APPLICATION)

static void
kp_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (kp_window_new (GTK_APPLICATION (application)));
  gtk_window_present (window);
}

static void
kp_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  g_autofree char *path = g_file_get_path (files[0]);
  g_autoptr(GError) error = NULL;
  gboolean read_only = KP_APPLICATION (application)->read_only;

  gtk_window_present (GTK_WINDOW (window));
  if (path == NULL
      || !(read_only ? kp_window_open_read_only (window, path, &error) : kp_window_open_file (window, path, &error)))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), _("The congress file cannot be opened"),
                                                  error ? error->message : path);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

/* --read-only: the file given is opened read-only (the inspection
 * committee's copy); it goes on to open () like any file. */
static int
kp_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "read-only"))
    KP_APPLICATION (application)->read_only = TRUE;
  return -1;
}

/* Ctrl+Q: each window closed as its close button does, so a window
 * scanning a stack asks first and stays until the operator answers. */
static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    if (KP_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));
}

static void
kp_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GSimpleAction) quit = g_simple_action_new ("quit", NULL);
  const char *const quit_keys[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (kp_application_parent_class)->startup (application);
  g_signal_connect (quit, "activate", G_CALLBACK (quit_activated), application);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (quit));
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_keys);
  gtk_css_provider_load_from_resource (css, "/vn/kiemphieu/KiemPhieu/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
kp_application_class_init (KpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = kp_application_activate;
  app_class->open = kp_application_open;
  app_class->startup = kp_application_startup;
  app_class->handle_local_options = kp_application_handle_local_options;
}

static void
kp_application_init (KpApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "read-only", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Open the congress file read-only: view, verify and print; nothing is written "
                                   "to it or its folder"), NULL);
}

/**
 * kp_application_is_read_only:
 *
 * Returns: whether `--read-only` was given: the files given open read-only.
 */
gboolean
kp_application_is_read_only (KpApplication *self)
{
  return self->read_only;
}

KpApplication *
kp_application_new (void)
{
  return g_object_new (KP_TYPE_APPLICATION, "application-id", "vn.kiemphieu.KiemPhieu", "flags",
                       G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE, NULL);
}
