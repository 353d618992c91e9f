/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-actions.c — the window's actions (win.*): each one a page to
 * show, or the dialog of its own file to open.
 */

#include "kp-window-private.h"

static void
go_back (gpointer data)
{
  KpWindow *self = KP_WINDOW (data);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !_kp_window_fill_elections (self, &error))
    _kp_window_toast (self, error->message);
  _kp_window_show_page (self, self->store ? "congress" : "welcome");
}

/* Alt+Left, the back button. Leaving the scanning page while a stack is
 * read asks first (kp_scan_view_ask_stop). */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);

  if (g_strcmp0 (kp_window_get_page (self), "scan") == 0 && kp_scan_view_is_running (self->scan_view))
    kp_scan_view_ask_stop (self->scan_view, FALSE, go_back, self);
  else
    go_back (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kp_window_open_dialog (KP_WINDOW (widget), FALSE);
}

/* "Open read-only…": the inspection committee's way in (the archive's
 * file, a file on a read-only stick): nothing can be changed. */
static void
open_read_only_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _kp_window_open_dialog (KP_WINDOW (widget), TRUE);
}

static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kp_window_open_demo (KP_WINDOW (widget));
}

static void
projector_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _kp_window_show_projector (KP_WINDOW (widget));
}

static void
reconcile_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->election_id != NULL && !kp_window_show_reconcile (self, self->election_id, &error))
    _kp_window_toast (self, error->message);
}

static void
adjudicate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->election_id != NULL && !kp_window_show_adjudicate (self, self->election_id, &error))
    _kp_window_toast (self, error->message);
}

static void
journal_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (!kp_journal_view_show (self->journal_view, self->store, &error))
    _kp_window_toast (self, error->message);
  else
    _kp_window_show_page (self, "journal");
}

static void
next_round_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _kp_window_next_round_dialog (KP_WINDOW (widget));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _kp_window_confirm_dialog (KP_WINDOW (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *document = g_variant_get_string (parameter, NULL);

  if (self->store == NULL || (self->election_id == NULL && !g_str_equal (document, "journal")))
    return;
  if (!kp_window_print (self, document, NULL, &error))
    _kp_window_toast (self, error->message);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  _kp_window_new_dialog (KP_WINDOW (widget));
}

/* A new congress typed in (KpSetupView). */
static void
setup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);

  _kp_window_show_page (self, "setup");
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _kp_window_archive_dialog (KP_WINDOW (widget));
}

static void
rehearsal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _kp_window_rehearsal_dialog (KP_WINDOW (widget));
}

static void
stations_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (kp_window_get_store (self) != NULL && !kp_window_show_stations (self, &error))
    _kp_window_toast (self, error->message);
}

static void
import_batches_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _kp_window_import_dialog (KP_WINDOW (widget));
}

static void
enroll_station_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _kp_window_enroll_dialog (KP_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
write_batch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _kp_window_write_batch_dialog (KP_WINDOW (widget));
}

static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _kp_window_help (KP_WINDOW (widget));
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _kp_window_about (KP_WINDOW (widget));
}

void
_kp_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-read-only", NULL, open_read_only_action);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "win.projector", NULL, projector_action);
  gtk_widget_class_install_action (widget_class, "win.reconcile", NULL, reconcile_action);
  gtk_widget_class_install_action (widget_class, "win.adjudicate", NULL, adjudicate_action);
  gtk_widget_class_install_action (widget_class, "win.journal", NULL, journal_action);
  gtk_widget_class_install_action (widget_class, "win.next-round", NULL, next_round_action);
  gtk_widget_class_install_action (widget_class, "win.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "win.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.setup", NULL, setup_action);
  gtk_widget_class_install_action (widget_class, "win.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "win.rehearsal", NULL, rehearsal_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);
  gtk_widget_class_install_action (widget_class, "win.stations", NULL, stations_action);      /* kp-window-stations.c */
  gtk_widget_class_install_action (widget_class, "win.import-batches", NULL, import_batches_action);
  gtk_widget_class_install_action (widget_class, "win.enroll-station", "s", enroll_station_action);
  gtk_widget_class_install_action (widget_class, "win.write-batch", NULL, write_batch_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  /* GNOME's keys (issue 11); the shortcuts window (gtk/help-overlay.ui)
   * lists them. Ctrl+? is GtkApplication's, for win.show-help-overlay. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);
}
