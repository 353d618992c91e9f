/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window.c — the main window: its template and what it holds (the
 * congress file, the election shown), the congress's elections, switching
 * views, the projector and its screen, the air-gap, rehearsal and
 * read-only banners.
 * Its actions are in kp-window-actions.c, its dialogs each in a
 * kp-window-*.c of their own; kp-window-private.h is what they share.
 */

#include <glib/gi18n.h>
#include <stdlib.h>

#include "kp-sandbox.h"
#include "kp-store-stations.h"
#include "kp-window-private.h"

G_DEFINE_FINAL_TYPE (KpWindow, kp_window, ADW_TYPE_APPLICATION_WINDOW)

void
_kp_window_toast (KpWindow   *self,
                  const char *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

void
_kp_window_show_page (KpWindow   *self,
                      const char *name)
{
  gboolean inside = g_str_equal (name, "entry") || g_str_equal (name, "results") || g_str_equal (name, "reconcile")
                    || g_str_equal (name, "adjudicate") || g_str_equal (name, "scan")
                    || g_str_equal (name, "journal") || g_str_equal (name, "setup") || g_str_equal (name, "stations");

  /* Leaving the entry screen gives its pass back to the other windows. */
  if (!g_str_equal (name, "entry"))
    kp_entry_view_leave (self->entry_view);
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->back, inside);
  gtk_widget_set_visible (self->projector_button, inside && !g_str_equal (name, "setup"));
  gtk_widget_set_visible (self->release, self->projector != NULL && gtk_widget_get_visible (GTK_WIDGET (self->projector)));
}

static const char *
state_words (KpElectionState state)
{
  switch (state)
    {
    case KP_ELECTION_OPEN:
      return _("open");
    case KP_ELECTION_PAUSED:
      return _("paused");
    case KP_ELECTION_CONFIRMED:
      return _("confirmed");
    case KP_ELECTION_CLOSED:
      return _("closed: a later round exists");
    default:
      g_assert_not_reached ();
    }
}

static void entry_clicked_cb (GtkButton *button,
                              KpWindow  *self);
static void results_clicked_cb (GtkButton *button,
                                KpWindow  *self);
static void mode_clicked_cb (GtkButton *button,
                             KpWindow  *self);
static void scan_clicked_cb (GtkButton *button,
                             KpWindow  *self);

gboolean
_kp_window_fill_elections (KpWindow  *self,
                           GError   **error)
{
  g_autoptr(GPtrArray) rounds = kp_store_list_rounds (self->store, error);
  KpCongress *congress = kp_store_get_congress (self->store);
  g_autofree char *read_only = kp_store_read_only_reason (self->store);
  /* A station laptop shows its own share only: one pass, no results. */
  g_autoptr(KpStation) station = kp_store_get_station (self->store, NULL);

  if (rounds == NULL)
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->elections, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      const KpElection *e = kp_congress_find_election (congress, r->id);
      GtkWidget *row;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autoptr(GString) entered = g_string_new (NULL);
      GtkWidget *results;

      /* Only the latest round of an election takes ballots. */
      if (i + 1 < rounds->len && g_str_equal (((KpRoundInfo *) rounds->pdata[i + 1])->id, r->id))
        continue;
      if (station != NULL && (!g_str_equal (station->election, r->id) || station->round != r->round))
        continue;
      for (guint p = 0; p < r->mode; p++)
        g_string_append_printf (entered, "%s%c %u", p ? ", " : "", 'A' + p, r->entered[p]);
      title = r->round > 1 ? g_strdup_printf (_("%s (round %u)"), e->title, r->round) : g_strdup (e->title);
      subtitle = g_strdup_printf (_("%u seats · %u names · %s · entered %s · %s"), r->seats, r->n_candidates,
                                  kp_ballot_form_for (r->n_candidates, r->seats) == KP_BALLOT_FORM_STRIKE ? _("strike form")
                                                                                           : _("agree/disagree form"),
                                  entered->str, state_words (r->state));
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      for (guint p = 0; p < r->mode; p++)
        {
          g_autofree char *label = NULL;
          GtkWidget *button;

          if (station != NULL && station->pass != 'A' + (char) p)
            continue;
          label = g_strdup_printf (_("Enter %c"), 'A' + p);
          button = gtk_button_new_with_label (label);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (button, r->state == KP_ELECTION_OPEN && read_only == NULL);
          _kp_window_read_only_tooltip (button, read_only);
          g_object_set_data_full (G_OBJECT (button), "election", g_strdup (r->id), g_free);
          g_object_set_data (G_OBJECT (button), "pass", GINT_TO_POINTER ('A' + p));
          g_signal_connect (button, "clicked", G_CALLBACK (entry_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      {
        /* Scanned ballots go into a pass like typed ones (kp-scan-view.c). */
        GtkWidget *scan = gtk_button_new_with_label (_("Scan…"));

        gtk_widget_set_valign (scan, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (scan, _("Scan ballots into a pass from the files a scanner saved"));
        gtk_widget_set_sensitive (scan, r->state == KP_ELECTION_OPEN && read_only == NULL);
        _kp_window_read_only_tooltip (scan, read_only);
        g_object_set_data_full (G_OBJECT (scan), "election", g_strdup (r->id), g_free);
        g_signal_connect (scan, "clicked", G_CALLBACK (scan_clicked_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), scan);
      }
      /* The entry mode, in words; the committee changes it here (not a
       * station, whose file holds one pass). */
      if (station == NULL)
      {
        GtkWidget *mode = gtk_button_new_with_label (_kp_window_mode_words (r->mode));

        gtk_widget_set_valign (mode, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (mode, "flat");
        gtk_widget_set_tooltip_text (mode, _("Single, double or triple entry"));
        gtk_widget_set_sensitive (mode, r->state == KP_ELECTION_OPEN && read_only == NULL);
        _kp_window_read_only_tooltip (mode, read_only);
        g_object_set_data_full (G_OBJECT (mode), "election", g_strdup (r->id), g_free);
        g_signal_connect (mode, "clicked", G_CALLBACK (mode_clicked_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), mode);
      }
      if (station != NULL)
        {
          adw_preferences_group_add (self->elections, row);
          g_ptr_array_add (self->rows, row);
          continue;
        }
      results = gtk_button_new_with_label (_("Results"));
      gtk_widget_set_valign (results, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (results, "suggested-action");
      g_object_set_data_full (G_OBJECT (results), "election", g_strdup (r->id), g_free);
      g_signal_connect (results, "clicked", G_CALLBACK (results_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), results);
      adw_preferences_group_add (self->elections, row);
      g_ptr_array_add (self->rows, row);
    }
  return TRUE;
}

/* The window of this application that has @path open, other than @self. */
static KpWindow *
find_window_of (KpWindow   *self,
                const char *path)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *wanted = realpath (path, NULL);

  if (application == NULL || wanted == NULL)
    return NULL;
  for (GList *l = gtk_application_get_windows (application); l; l = l->next)
    {
      g_autofree char *open = NULL;

      if (!KP_IS_WINDOW (l->data) || l->data == self || KP_WINDOW (l->data)->store == NULL)
        continue;
      open = realpath (kp_store_get_path (KP_WINDOW (l->data)->store), NULL);
      if (g_strcmp0 (open, wanted) == 0)
        return l->data;
    }
  return NULL;
}

/* A widget that would change the file: while the file is read-only, its
 * tooltip says why it is insensitive (@reason); the widget's own tooltip
 * comes back when @reason is %NULL. */
void
_kp_window_read_only_tooltip (GtkWidget  *widget,
                              const char *reason)
{
  const char *own = g_object_get_data (G_OBJECT (widget), "kp-tooltip"); /* "" for none */

  if (reason != NULL && own == NULL)
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      g_object_set_data_full (G_OBJECT (widget), "kp-tooltip", g_strdup (tooltip ? tooltip : ""), g_free);
    }
  if (reason != NULL)
    gtk_widget_set_tooltip_text (widget, reason);
  else if (own != NULL)
    {
      gtk_widget_set_tooltip_text (widget, *own ? own : NULL);
      g_object_set_data (G_OBJECT (widget), "kp-tooltip", NULL);
    }
}

/* Read-only (kp_store_is_read_only: opened so, a read-only disk or stick,
 * no permission): a banner says so and why, and whatever would change the
 * file is insensitive, its tooltip saying why — entry and the entry mode
 * (the election rows), the box's counts and settling (their views),
 * confirming (and so the key), the next round, the hall's release,
 * rehearsal and archive. Viewing, verifying and printing stay. */
static void
sync_read_only (KpWindow *self)
{
  const char *actions[] = { "win.confirm", "win.next-round", "win.archive", "win.rehearsal" };
  GtkWidget *widgets[] = { self->confirm_button, self->next_round_button, self->archive_button,
                           self->rehearsal_button, self->release };
  g_autofree char *reason = kp_store_read_only_reason (self->store);

  if (reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("READ-ONLY — %s"), reason);
      gtk_label_set_text (GTK_LABEL (self->read_only_banner), text);
    }
  gtk_widget_set_visible (self->read_only_banner, reason != NULL);
  /* Nobody enters ballots in a file open read-only. */
  gtk_widget_set_visible (self->operator_group, reason == NULL);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], reason == NULL);
  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    {
      gtk_widget_set_sensitive (widgets[i], reason == NULL);
      _kp_window_read_only_tooltip (widgets[i], reason);
    }
}

static gboolean
open_file (KpWindow         *self,
           const char       *path,
           KpStoreOpenFlags  flags,
           GError          **error)
{
  g_autoptr(KpStore) store = NULL;
  g_autofree char *details = NULL;
  g_autofree char *base = NULL;
  KpCongress *congress;
  KpWindow *other = find_window_of (self, path);

  /* One window per congress file in an app: the one that has it is shown
   * (two windows of one file would race for the same passes). */
  if (other != NULL)
    {
      gtk_window_present (GTK_WINDOW (other));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("This congress file is already open in another window; that window is shown."));
      return FALSE;
    }
  store = kp_store_open_full (path, flags, error);
  if (store == NULL)
    return FALSE;
  kp_entry_view_leave (self->entry_view);
  kp_scan_view_leave (self->scan_view);
  g_clear_pointer (&self->store, kp_store_close);
  self->store = g_steal_pointer (&store);
  congress = kp_store_get_congress (self->store);

  gtk_label_set_text (self->congress_title, congress->name);
  details = g_strdup_printf ("%s%s%s", congress->organization, congress->term ? " · " : "",
                             congress->term ? congress->term : "");
  gtk_label_set_text (self->congress_details, details);
  base = g_path_get_basename (path);
  if (kp_store_is_read_only (self->store))
    {
      /* The file's name says it too: "daihoi.kiemphieu — read-only". */
      g_autofree char *subtitle = g_strdup_printf (_("%s — read-only"), base);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, base);
  {
    /* A rehearsal says so in the title and in a banner of its own colour. */
    gboolean rehearsal = kp_store_is_rehearsal (self->store);
    const char *title = rehearsal ? _("REHEARSAL — KiemPhieu") : _("KiemPhieu");

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_title (self->window_title, title);
    gtk_widget_set_visible (self->rehearsal_banner, rehearsal);
    gtk_widget_set_visible (self->rehearsal_group, !rehearsal && !kp_store_is_station (self->store));
  }
  {
    /* A station laptop says whose station it is (kp-window-stations.c). */
    g_autoptr(KpStation) station = kp_store_get_station (self->store, NULL);

    if (station != NULL)
      {
        KpElection *e = kp_congress_find_election (congress, station->election);
        g_autofree char *text = g_strdup_printf (_("%s\nStation %s (%s): enters only pass %c of %s"), details,
                                                 station->name, station->id, station->pass,
                                                 e != NULL ? e->title : station->election);
        gtk_label_set_text (self->congress_details, text);
      }
  }
  sync_read_only (self);
  if (!_kp_window_fill_elections (self, error))
    return FALSE;
  _kp_window_remember (path);
  _kp_window_show_page (self, "congress");
  /* Who enters, asked once when the window opens its congress (nobody
   * enters in a file open read-only). */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->operator)) == '\0' && !kp_store_is_read_only (self->store))
    _kp_window_ask_operator (self);
  return TRUE;
}

/**
 * kp_window_open_file:
 *
 * Opens a congress file and shows its elections: to work on, or read-only
 * by itself when it cannot be written where it is (a read-only stick, no
 * permission), with the read-only banner.
 */
gboolean
kp_window_open_file (KpWindow    *self,
                     const char  *path,
                     GError     **error)
{
  return open_file (self, path, KP_STORE_OPEN_DEFAULT, error);
}

/**
 * kp_window_open_read_only:
 *
 * Opens a congress file read-only ("Open read-only…", `kiemphieu
 * --read-only`): everything is shown, verified and printed, nothing is
 * written to the file or its folder; the banner says so.
 */
gboolean
kp_window_open_read_only (KpWindow    *self,
                          const char  *path,
                          GError     **error)
{
  return open_file (self, path, KP_STORE_OPEN_READ_ONLY, error);
}

gboolean
kp_window_start_entry (KpWindow    *self,
                       const char  *election_id,
                       char         pass,
                       GError     **error)
{
  const char *operator = gtk_editable_get_text (GTK_EDITABLE (self->operator));

  /* Read-only: no entry screen, no entry lock beside the file. */
  if (!kp_store_check_writable (self->store, error))
    return FALSE;
  if (operator == NULL || *operator == '\0')
    {
      /* The name first; the entry screen opens when it is given. */
      char *id = g_strdup (election_id);
      g_free (self->pending_election);
      self->pending_election = id;
      self->pending_pass = pass;
      _kp_window_ask_operator (self);
      return TRUE;
    }
  if (!kp_entry_view_set_round (self->entry_view, self->store, election_id, pass, operator, error))
    return FALSE;
  {
    /* @election_id may be self->election_id itself. */
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  _kp_window_show_page (self, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry_view));
  return TRUE;
}

/* The name the journal records: the one given for this window; never the
 * OS login. Before any is given, the committee as a whole. */
const char *
_kp_window_current_operator (KpWindow *self)
{
  const char *operator = gtk_editable_get_text (GTK_EDITABLE (self->operator));
  return operator && *operator ? operator : _("counting committee");
}

gboolean
kp_window_show_results (KpWindow    *self,
                        const char  *election_id,
                        GError     **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  KpResult *result;

  if (!kp_results_view_show (self->results_view, self->store, election_id,
                             _kp_window_current_operator (self), error)
      || (info = kp_store_get_round_info (self->store, election_id, 0, error)) == NULL)
    return FALSE;
  result = kp_results_view_get_result (self->results_view);
  gtk_widget_set_visible (self->reconcile_button, info->mode > KP_ENTRY_SINGLE);
  {
    /* Scanned ballots with marks for the committee. */
    g_autoptr(GPtrArray) pending = kp_store_scans_pending (self->store, election_id, 0, NULL);
    gtk_widget_set_visible (self->adjudicate_button, pending != NULL && pending->len > 0);
  }
  gtk_widget_set_visible (self->next_round_button, result->seats_remaining > 0 && result->collected > 0);
  gtk_widget_set_sensitive (self->confirm_button, info->state != KP_ELECTION_CONFIRMED && result->collected > 0
                                                    && !kp_store_is_read_only (self->store));
  {
    /* @election_id may be self->election_id itself. */
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  _kp_window_show_page (self, "results");
  return TRUE;
}

static void
entry_clicked_cb (GtkButton *button,
                  KpWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_start_entry (self, g_object_get_data (G_OBJECT (button), "election"),
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "pass")), &error))
    _kp_window_toast (self, error->message);
}

static void
scan_clicked_cb (GtkButton *button,
                 KpWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_show_scan (self, g_object_get_data (G_OBJECT (button), "election"), &error))
    _kp_window_toast (self, error->message);
}

static void
mode_clicked_cb (GtkButton *button,
                 KpWindow  *self)
{
  _kp_window_mode_dialog (self, g_object_get_data (G_OBJECT (button), "election"));
}

static void
results_clicked_cb (GtkButton *button,
                    KpWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_show_results (self, g_object_get_data (G_OBJECT (button), "election"), &error))
    _kp_window_toast (self, error->message);
}

/* A ballot is on disk: the live views follow. */
static void
ballot_saved_cb (KpEntryView *view,
                 guint        serial,
                 KpWindow    *self)
{
  if (self->projector != NULL)
    kp_projector_window_refresh (self->projector, NULL);
}

static void
release_toggled_cb (GtkToggleButton *button,
                    KpWindow        *self)
{
  _kp_window_release_toggled (self);
}

static void
projector_closed_cb (GtkWindow *window,
                     KpWindow  *self)
{
  /* Closing the window is not hiding: the round stays released. */
  gtk_widget_set_visible (self->release, FALSE);
}

/**
 * kp_window_describe_monitor:
 *
 * Returns: (transfer full): how the monitor chooser names a screen:
 * connector, maker and model, size in pixels.
 */
char *
kp_window_describe_monitor (GdkMonitor *monitor)
{
  GdkRectangle geometry;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *parts[] = { gdk_monitor_get_connector (monitor), gdk_monitor_get_manufacturer (monitor),
                          gdk_monitor_get_model (monitor) };

  gdk_monitor_get_geometry (monitor, &geometry);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len ? " " : "", parts[i]);
  g_string_append_printf (text, "%s%d × %d", text->len ? " — " : "", geometry.width, geometry.height);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
present_projector (KpWindow   *self,
                   GdkMonitor *monitor)
{
  _kp_window_sync_release (self);
  kp_projector_window_present_on (self->projector, monitor);
  gtk_widget_set_visible (self->release, TRUE);
}

static void
monitor_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KpWindow         *self)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GdkMonitor) monitor = NULL;

  if (!g_str_equal (response, "show"))
    return;
  monitor = g_list_model_get_item (monitors, gtk_drop_down_get_selected (choice));
  if (monitor == NULL)
    return;
  g_free (self->projector_connector);
  self->projector_connector = g_strdup (gdk_monitor_get_connector (monitor));
  present_projector (self, monitor);
}

void
_kp_window_show_projector (KpWindow *self)
{
  g_autoptr(GError) error = NULL;
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  guint n = g_list_model_get_n_items (monitors);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint chosen = n ? n - 1 : 0;
  GtkWidget *dialog, *choice;

  if (self->store == NULL || self->election_id == NULL)
    return;
  if (self->projector == NULL)
    {
      self->projector = kp_projector_window_new (gtk_window_get_application (GTK_WINDOW (self)));
      gtk_window_set_hide_on_close (GTK_WINDOW (self->projector), TRUE);
      g_signal_connect (self->projector, "close-request", G_CALLBACK (projector_closed_cb), self);
    }
  if (!kp_projector_window_show_round (self->projector, self->store, self->election_id, &error))
    {
      _kp_window_toast (self, error->message);
      return;
    }
  if (n < 2)
    {
      /* One screen: the projector view opens as a window of its own. */
      present_projector (self, NULL);
      return;
    }

  /* Several screens: the committee says which one the hall sees (the one
   * chosen last time first, else the last one connected). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      g_autofree char *name = kp_window_describe_monitor (monitor);

      gtk_string_list_append (names, name);
      if (self->projector_connector != NULL
          && g_strcmp0 (gdk_monitor_get_connector (monitor), self->projector_connector) == 0)
        chosen = i;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Which screen does the hall see?"),
                                   _("The projector view opens full screen there. It shows nothing until the head "
                                     "releases it."));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), chosen);
  g_object_set_data (G_OBJECT (dialog), "choice", choice);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "show",
                                    _("_Show there"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "show", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "show");
  g_signal_connect (dialog, "response", G_CALLBACK (monitor_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
kp_window_show_reconcile (KpWindow    *self,
                          const char  *election_id,
                          GError     **error)
{
  if (!kp_reconcile_view_show (self->reconcile_view, self->store, election_id, _kp_window_current_operator (self),
                               error))
    return FALSE;
  _kp_window_show_page (self, "reconcile");
  return TRUE;
}

gboolean
kp_window_show_adjudicate (KpWindow    *self,
                           const char  *election_id,
                           GError     **error)
{
  if (!kp_adjudicate_view_show (self->adjudicate_view, self->store, election_id, _kp_window_current_operator (self),
                                error))
    return FALSE;
  _kp_window_show_page (self, "adjudicate");
  return TRUE;
}

/**
 * kp_window_show_scan:
 *
 * The page that scans ballots of @election_id into a pass (not in a
 * read-only file).
 */
gboolean
kp_window_show_scan (KpWindow    *self,
                     const char  *election_id,
                     GError     **error)
{
  if (!kp_scan_view_show (self->scan_view, self->store, election_id, _kp_window_current_operator (self), error))
    return FALSE;
  {
    /* @election_id may be self->election_id itself. */
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  _kp_window_show_page (self, "scan");
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_view));
  return TRUE;
}

KpScanView *
kp_window_get_scan_view (KpWindow *self)
{
  return self->scan_view;
}

KpStore *
kp_window_get_store (KpWindow *self)
{
  return self->store;
}

KpEntryView *
kp_window_get_entry_view (KpWindow *self)
{
  return self->entry_view;
}

KpResultsView *
kp_window_get_results_view (KpWindow *self)
{
  return self->results_view;
}

KpProjectorWindow *
kp_window_get_projector (KpWindow *self)
{
  return self->projector;
}

const char *
kp_window_get_page (KpWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The air-gap watch: a red banner while any network interface is up. */
static gboolean
network_check_cb (gpointer data)
{
  KpWindow *self = data;
  g_auto(GStrv) interfaces = kp_network_interfaces ();

  if (interfaces[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", interfaces);
      g_autofree char *text = g_strdup_printf (_("CONNECTED TO A NETWORK (%s): disconnect every cable and Wi-Fi. "
                                                 "Results cannot be confirmed while connected."), joined);
      gtk_label_set_text (GTK_LABEL (self->network_banner), text);
    }
  gtk_widget_set_visible (self->network_banner, interfaces[0] != NULL);
  return G_SOURCE_CONTINUE;
}

gboolean
kp_window_is_network_banner_shown (KpWindow *self)
{
  return gtk_widget_get_visible (self->network_banner);
}

gboolean
kp_window_is_rehearsal_banner_shown (KpWindow *self)
{
  return gtk_widget_get_visible (self->rehearsal_banner);
}

gboolean
kp_window_is_read_only_banner_shown (KpWindow *self)
{
  return gtk_widget_get_visible (self->read_only_banner);
}

const char *
kp_window_get_read_only_banner_text (KpWindow *self)
{
  return gtk_label_get_text (GTK_LABEL (self->read_only_banner));
}

static void
kp_window_dispose (GObject *object)
{
  KpWindow *self = KP_WINDOW (object);

  g_clear_handle_id (&self->network_watch, g_source_remove);
  if (self->projector != NULL)
    gtk_window_destroy (GTK_WINDOW (self->projector));
  self->projector = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), KP_TYPE_WINDOW);
  G_OBJECT_CLASS (kp_window_parent_class)->dispose (object);
}

static void
kp_window_finalize (GObject *object)
{
  KpWindow *self = KP_WINDOW (object);

  g_clear_pointer (&self->store, kp_store_close);
  g_free (self->election_id);
  g_free (self->projector_connector);
  g_free (self->pending_election);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (kp_window_parent_class)->finalize (object);
}

static gboolean
close_later_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* The scan stopped on "Stop and close" is over: every ballot read in full
 * is saved and the pass given back; the window closes (from the main
 * loop, not from inside the scan's last callback or the dialog's). */
static void
close_after_scan (gpointer data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, close_later_cb, g_object_ref (data), g_object_unref);
}

/* Closing the window (its close button, Ctrl+Q) while a stack is being
 * scanned asks first: pages read but not yet saved are never dropped
 * silently (kp_scan_view_ask_stop). */
static gboolean
kp_window_close_request (GtkWindow *window)
{
  KpWindow *self = KP_WINDOW (window);

  if (kp_scan_view_is_running (self->scan_view))
    {
      kp_scan_view_ask_stop (self->scan_view, TRUE, close_after_scan, self);
      return TRUE;
    }
  if (GTK_WINDOW_CLASS (kp_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (kp_window_parent_class)->close_request (window);
  return FALSE;
}

static void
kp_window_class_init (KpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_window_dispose;
  object_class->finalize = kp_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = kp_window_close_request;

  g_type_ensure (KP_TYPE_ENTRY_VIEW);
  g_type_ensure (KP_TYPE_RESULTS_VIEW);
  g_type_ensure (KP_TYPE_RECONCILE_VIEW);
  g_type_ensure (KP_TYPE_ADJUDICATE_VIEW);
  g_type_ensure (KP_TYPE_SCAN_VIEW);
  g_type_ensure (KP_TYPE_JOURNAL_VIEW);
  g_type_ensure (KP_TYPE_SETUP_VIEW);
  g_type_ensure (KP_TYPE_STATIONS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, back);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, release);
  gtk_widget_class_bind_template_child_full (widget_class, "projector", FALSE,
                                             G_STRUCT_OFFSET (KpWindow, projector_button));
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, network_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_details);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, operator);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, operator_group);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, elections);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, entry_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_group);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, archive_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, reconcile_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, adjudicate_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, next_round_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, reconcile_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, adjudicate_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, scan_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, journal_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, setup_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, stations_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, recent);

  _kp_window_class_actions_init (widget_class);
}

static void
kp_window_init (KpWindow *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->operator, "changed", G_CALLBACK (_kp_window_operator_changed_cb), self);
  g_signal_connect (self->entry_view, "ballot-saved", G_CALLBACK (ballot_saved_cb), self);
  g_signal_connect (self->setup_view, "create", G_CALLBACK (_kp_window_setup_create_cb), self);
  g_signal_connect (self->recent, "row-activated", G_CALLBACK (_kp_window_recent_activated_cb), self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (_kp_window_fill_recent), self,
                           G_CONNECT_SWAPPED);
  _kp_window_fill_recent (self);
  g_signal_connect (self->release, "toggled", G_CALLBACK (release_toggled_cb), self);
  network_check_cb (self);
  self->network_watch = g_timeout_add_seconds (3, network_check_cb, self);
}

KpWindow *
kp_window_new (GtkApplication *application)
{
  return g_object_new (KP_TYPE_WINDOW, "application", application, NULL);
}
