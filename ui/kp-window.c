/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-window.c — the main window. */

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "kp-archive.h"
#include "kp-crypto.h"
#include "kp-documents.h"
#include "kp-journal-view.h"
#include "kp-reconcile-view.h"
#include "kp-reports.h"
#include "kp-sandbox.h"
#include "kp-setup-view.h"
#include "kp-window.h"

struct _KpWindow
{
  AdwApplicationWindow parent_instance;

  /* Owned */
  KpStore *store;
  char *election_id;         /* shown in the entry or results page */
  KpProjectorWindow *projector;
  GPtrArray *rows;           /* the election rows, borrowed from the group */

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *back;
  GtkWidget *release;
  GtkWidget *projector_button;
  GtkWidget *rehearsal_banner;
  GtkWidget *network_banner;
  guint network_watch;
  AdwToastOverlay *toasts;
  GtkStack *stack;
  GtkLabel *congress_title;
  GtkLabel *congress_details;
  AdwEntryRow *operator;
  AdwPreferencesGroup *elections;
  GtkWidget *rehearsal_group;
  KpEntryView *entry_view;
  KpResultsView *results_view;
  GtkWidget *reconcile_button;
  GtkWidget *next_round_button;
  GtkWidget *confirm_button;
  KpReconcileView *reconcile_view;
  KpJournalView *journal_view;
  KpSetupView *setup_view;
  GtkListBox *recent;
  char *projector_connector; /* the screen chosen for the projector */
};

G_DEFINE_FINAL_TYPE (KpWindow, kp_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (KpWindow   *self,
       const char *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
show_page (KpWindow   *self,
           const char *name)
{
  gboolean inside = g_str_equal (name, "entry") || g_str_equal (name, "results") || g_str_equal (name, "reconcile")
                    || g_str_equal (name, "journal") || g_str_equal (name, "setup");

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
    default:
      g_assert_not_reached ();
    }
}

static void entry_clicked_cb (GtkButton *button,
                              KpWindow  *self);
static void results_clicked_cb (GtkButton *button,
                                KpWindow  *self);

static gboolean
fill_elections (KpWindow  *self,
                GError   **error)
{
  g_autoptr(GPtrArray) rounds = kp_store_list_rounds (self->store, error);
  KpCongress *congress = kp_store_get_congress (self->store);

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
          g_autofree char *label = g_strdup_printf (_("Enter %c"), 'A' + p);
          GtkWidget *button = gtk_button_new_with_label (label);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (button, r->state == KP_ELECTION_OPEN);
          g_object_set_data_full (G_OBJECT (button), "election", g_strdup (r->id), g_free);
          g_object_set_data (G_OBJECT (button), "pass", GINT_TO_POINTER ('A' + p));
          g_signal_connect (button, "clicked", G_CALLBACK (entry_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
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

/**
 * kp_window_open_file:
 *
 * Opens a congress file and shows its elections.
 */
/* --- recent files ---------------------------------------------------------------- */

#define KP_RECENT_GROUP "kiemphieu"

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a;
  GtkRecentInfo *y = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (y), gtk_recent_info_get_modified (x));
}

/* Congress files opened before, newest first, that still exist; the demo
 * congresses (in the user data folder) are left out. */
GPtrArray *
kp_window_get_recent (KpWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();

  for (GList *l = items; l; l = l->next)
    if (gtk_recent_info_has_group (l->data, KP_RECENT_GROUP) && gtk_recent_info_is_local (l->data)
        && gtk_recent_info_exists (l->data))
      g_ptr_array_add (infos, l->data);
  g_ptr_array_sort (infos, newest_first);
  for (guint i = 0; i < infos->len && paths->len < 6; i++)
    {
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (infos->pdata[i]), NULL, NULL);
      if (path != NULL)
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return paths;
}

static void
recent_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     KpWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_open_file (self, g_object_get_data (G_OBJECT (row), "path"), &error))
    toast (self, error->message);
}

static void
fill_recent (KpWindow *self)
{
  g_autoptr(GPtrArray) paths = kp_window_get_recent (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent))) != NULL)
    gtk_list_box_remove (self->recent, child);
  for (guint i = 0; i < paths->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *base = g_path_get_basename (paths->pdata[i]);
      g_autofree char *dir = g_path_get_dirname (paths->pdata[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), base);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (paths->pdata[i]), g_free);
      gtk_list_box_append (self->recent, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent), paths->len > 0);
}

static void
remember (const char *path)
{
  g_autofree char *demo_dir = g_build_filename (g_get_user_data_dir (), "kiemphieu", NULL);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  const char *groups[] = { KP_RECENT_GROUP, NULL };
  GtkRecentData data = {
    .mime_type = (char *) "application/vnd.sqlite3",
    .app_name = (char *) "kiemphieu",
    .app_exec = (char *) "kiemphieu %f",
    .groups = (char **) groups,
  };

  if (uri == NULL || g_str_has_prefix (absolute, demo_dir))
    return;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

gboolean
kp_window_open_file (KpWindow    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(KpStore) store = kp_store_open (path, error);
  g_autofree char *details = NULL;
  g_autofree char *base = NULL;
  KpCongress *congress;

  if (store == NULL)
    return FALSE;
  g_clear_pointer (&self->store, kp_store_close);
  self->store = g_steal_pointer (&store);
  congress = kp_store_get_congress (self->store);

  gtk_label_set_text (self->congress_title, congress->name);
  details = g_strdup_printf ("%s%s%s", congress->organization, congress->term ? " · " : "",
                             congress->term ? congress->term : "");
  gtk_label_set_text (self->congress_details, details);
  base = g_path_get_basename (path);
  adw_window_title_set_subtitle (self->window_title, base);
  {
    /* A rehearsal says so in the title and in a banner of its own colour. */
    gboolean rehearsal = kp_store_is_rehearsal (self->store);
    const char *title = rehearsal ? _("REHEARSAL — KiemPhieu") : "KiemPhieu";

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_title (self->window_title, title);
    gtk_widget_set_visible (self->rehearsal_banner, rehearsal);
    gtk_widget_set_visible (self->rehearsal_group, !rehearsal);
  }
  if (!fill_elections (self, error))
    return FALSE;
  remember (path);
  show_page (self, "congress");
  return TRUE;
}

gboolean
kp_window_start_entry (KpWindow    *self,
                       const char  *election_id,
                       char         pass,
                       GError     **error)
{
  const char *operator = gtk_editable_get_text (GTK_EDITABLE (self->operator));

  if (operator == NULL || *operator == '\0')
    operator = g_get_real_name ();
  if (!kp_entry_view_set_round (self->entry_view, self->store, election_id, pass, operator, error))
    return FALSE;
  {
    /* @election_id may be self->election_id itself. */
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  show_page (self, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry_view));
  return TRUE;
}

static const char *
current_operator (KpWindow *self)
{
  const char *operator = gtk_editable_get_text (GTK_EDITABLE (self->operator));
  return operator && *operator ? operator : g_get_real_name ();
}

gboolean
kp_window_show_results (KpWindow    *self,
                        const char  *election_id,
                        GError     **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  KpResult *result;

  if (!kp_results_view_show (self->results_view, self->store, election_id, error)
      || (info = kp_store_get_round_info (self->store, election_id, 0, error)) == NULL)
    return FALSE;
  result = kp_results_view_get_result (self->results_view);
  gtk_widget_set_visible (self->reconcile_button, info->mode > KP_ENTRY_SINGLE);
  gtk_widget_set_visible (self->next_round_button, result->seats_remaining > 0 && result->collected > 0);
  gtk_widget_set_sensitive (self->confirm_button, info->state != KP_ELECTION_CONFIRMED && result->collected > 0);
  {
    /* @election_id may be self->election_id itself. */
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  show_page (self, "results");
  return TRUE;
}

static void
entry_clicked_cb (GtkButton *button,
                  KpWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_start_entry (self, g_object_get_data (G_OBJECT (button), "election"),
                              GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "pass")), &error))
    toast (self, error->message);
}

static void
results_clicked_cb (GtkButton *button,
                    KpWindow  *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_show_results (self, g_object_get_data (G_OBJECT (button), "election"), &error))
    toast (self, error->message);
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
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !fill_elections (self, &error))
    toast (self, error->message);
  show_page (self, self->store ? "congress" : "welcome");
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KpWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !kp_window_open_file (self, path, &error))
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open a congress file"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Congress files"));
  gtk_file_filter_add_pattern (filter, "*.kiemphieu");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The demo: a fresh congress file from the bundled demo definition, in the
 * user's data folder. */
static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  const char *demo_dir = g_getenv ("KP_DEMO_DIR") ? g_getenv ("KP_DEMO_DIR") : KP_DEMO_DIR;
  g_autofree char *definition = g_build_filename (demo_dir, "daihoi.json", NULL);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kiemphieu", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("demo-%s.kiemphieu", stamp);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_get_contents (definition, &data, &length, &error))
    {
      toast (self, error->message);
      return;
    }
  {
    g_autoptr(KpStore) store = kp_store_create (path, data, length, definition, g_get_real_name (), &error);
    if (store == NULL)
      {
        toast (self, error->message);
        return;
      }
  }
  if (!kp_window_open_file (self, path, &error))
    toast (self, error->message);
}

static void
release_toggled_cb (GtkToggleButton *button,
                    KpWindow        *self)
{
  if (self->projector != NULL)
    kp_projector_window_set_released (self->projector, gtk_toggle_button_get_active (button));
}

static void
projector_closed_cb (GtkWindow *window,
                     KpWindow  *self)
{
  gtk_widget_set_visible (self->release, FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->release), FALSE);
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
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->release), FALSE);
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

static void
projector_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
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
      toast (self, error->message);
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
  g_signal_connect (dialog, "response", G_CALLBACK (monitor_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- reconcile, journal, next round ------------------------------------------ */

gboolean
kp_window_show_reconcile (KpWindow    *self,
                          const char  *election_id,
                          GError     **error)
{
  if (!kp_reconcile_view_show (self->reconcile_view, self->store, election_id, current_operator (self), error))
    return FALSE;
  show_page (self, "reconcile");
  return TRUE;
}

static void
reconcile_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->election_id != NULL && !kp_window_show_reconcile (self, self->election_id, &error))
    toast (self, error->message);
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
    toast (self, error->message);
  else
    show_page (self, "journal");
}

/**
 * kp_window_next_round:
 * @drop: (array length=n_drop): ballot numbers the congress leaves off the
 *   proposed list
 * @added: (nullable): names nominated for the new round, one per line
 *   ("Họ và tên" or "Họ và tên; dd/mm/yyyy")
 * @round: (out): the round created
 *
 * R-ROUND-1: the next round for the seats that remain. The proposed list
 * is the not-yet-elected names; the congress decides whom to leave off and
 * whom to add (open for committees: the dialog puts it to the committee).
 */
gboolean
kp_window_next_round (KpWindow     *self,
                      const guint  *drop,
                      guint         n_drop,
                      const char   *added,
                      guint        *round,
                      GError      **error)
{
  g_auto(GStrv) lines = g_strsplit (added ? added : "", "\n", -1);
  g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *born = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!kp_setup_parse_person (lines[i], _("Names added"), i + 1, &name, &born, error))
        return FALSE;
      g_ptr_array_add (add, born ? g_strdup_printf ("%s;%s", name, born) : g_steal_pointer (&name));
    }
  g_ptr_array_add (add, NULL);
  if (!kp_store_next_round (self->store, self->election_id, drop, n_drop, (const char **) add->pdata, FALSE,
                            current_operator (self), round, error))
    return FALSE;
  return kp_window_show_results (self, self->election_id, error);
}

static void
next_round_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        KpWindow         *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GtkTextView *added = g_object_get_data (G_OBJECT (dialog), "added");
  g_autoptr(GArray) drop = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GtkTextIter start, end;
  guint round = 0;

  if (!g_str_equal (response, "create"))
    return;
  for (guint i = 0; i < checks->len; i++)
    if (!gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      {
        guint no = GPOINTER_TO_UINT (g_object_get_data (g_ptr_array_index (checks, i), "no"));
        g_array_append_val (drop, no);
      }
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (added), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (added), &start, &end, FALSE);
  if (!kp_window_next_round (self, (const guint *) (void *) drop->data, drop->len, text, &round, &error))
    {
      toast (self, error->message);
      return;
    }
  message = g_strdup_printf (_("Round %u created. Print its ballots, then enter them as before."), round);
  toast (self, message);
}

static void
next_round_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autofree char *body = NULL;
  GPtrArray *checks;
  GtkWidget *dialog, *box, *frame, *added, *label;

  if (self->election_id == NULL)
    return;
  if ((result = kp_store_results (self->store, self->election_id, 0, NULL, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (result->seats_remaining == 0)
    {
      toast (self, _("Every seat is filled."));
      return;
    }
  body = g_strdup_printf (_("%u seats remain (R-ROUND-1). The congress decides the list of the next round: untick the "
                            "names it leaves off, and add the names it nominates."),
                          result->seats_remaining);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Next round"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  checks = g_ptr_array_new ();
  for (guint i = 0; i < result->next_round_candidates->len; i++)
    {
      guint no = g_array_index (result->next_round_candidates, guint, i);
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, no - 1);
      GtkWidget *check = gtk_check_button_new_with_label (c->display_name); /* R-LIST-2: namesakes */

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "no", GUINT_TO_POINTER (no));
      gtk_box_append (GTK_BOX (box), check);
      g_ptr_array_add (checks, check);
    }
  label = gtk_label_new (_("Names added, one per line (full name; date of birth if needed):"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  added = gtk_text_view_new ();
  gtk_widget_set_size_request (added, -1, 70);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), added);
  gtk_box_append (GTK_BOX (box), frame);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "added", added);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create",
                                    _("Create the _round"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (next_round_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- rehearsal ------------------------------------------------------------------ */

/* The rehearsal copy's name next to @path: <name>-thu-nghiem.kiemphieu,
 * then -thu-nghiem-2, -3… when @free_only and the name is taken. */
static char *
rehearsal_path (const char *path,
                gboolean    free_only)
{
  g_autofree char *stem = g_str_has_suffix (path, ".kiemphieu") ? g_strndup (path, strlen (path) - strlen (".kiemphieu"))
                                                                 : g_strdup (path);

  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strconcat (stem, "-thu-nghiem.kiemphieu", NULL)
                                          : g_strdup_printf ("%s-thu-nghiem-%u.kiemphieu", stem, n);
      if (!free_only || !g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

/* Opens @path, which must be a rehearsal, in a new window. */
static KpWindow *
open_rehearsal_window (KpWindow    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(KpStore) store = kp_store_open (path, error);
  KpWindow *window;

  if (store == NULL)
    return NULL;
  if (!kp_store_is_rehearsal (store))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a rehearsal copy; it was not opened as one."), base);
      return NULL;
    }
  g_clear_pointer (&store, kp_store_close);
  window = kp_window_new (gtk_window_get_application (GTK_WINDOW (self)));
  gtk_editable_set_text (GTK_EDITABLE (window->operator), current_operator (self));
  if (!kp_window_open_file (window, path, error))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/**
 * kp_window_rehearse:
 * @path: (nullable): where the copy goes; %NULL for the first free name
 *   next to the congress file (daihoi-thu-nghiem.kiemphieu)
 *
 * Issue 11: a rehearsal is a separate copy of the congress file
 * (kp_store_create_rehearsal), opened in a new window; nothing entered
 * there reaches this window's file. An existing file is never overwritten.
 *
 * Returns: (transfer none): the rehearsal window, or %NULL with @error set.
 */
KpWindow *
kp_window_rehearse (KpWindow    *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *target = NULL;
  g_autoptr(KpStore) copy = NULL;

  g_return_val_if_fail (self->store != NULL, NULL);
  target = path ? g_strdup (path) : rehearsal_path (kp_store_get_path (self->store), TRUE);
  copy = kp_store_create_rehearsal (self->store, target, current_operator (self), error);
  if (copy == NULL)
    return NULL;
  g_clear_pointer (&copy, kp_store_close);
  return open_rehearsal_window (self, target, error);
}

static void
rehearsal_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KpWindow         *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "copy"))
    kp_window_rehearse (self, g_object_get_data (G_OBJECT (dialog), "path"), &error);
  else if (g_str_equal (response, "open"))
    open_rehearsal_window (self, g_object_get_data (G_OBJECT (dialog), "existing"), &error);
  if (error != NULL)
    toast (self, error->message);
}

/* "Rehearsal (separate copy)…": says what happens, then makes the copy (or
 * opens the one made before) in a new window. */
static void
rehearsal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autofree char *existing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  if (kp_store_is_rehearsal (self->store))
    {
      toast (self, _("This file is already a rehearsal: nothing entered in it counts."));
      return;
    }
  existing = rehearsal_path (kp_store_get_path (self->store), FALSE);
  path = rehearsal_path (kp_store_get_path (self->store), TRUE);
  base = g_path_get_basename (path);
  g_string_printf (body, _("A separate copy of this congress file is made next to it, %s, with the same elections "
                           "and lists and no ballots. It opens in a new window marked REHEARSAL, and every "
                           "document printed from it is marked REHEARSAL.\n\nNothing entered in the copy counts: "
                           "this file and its results stay exactly as they are."), base);
  if (!g_str_equal (existing, path))
    {
      g_autofree char *existing_base = g_path_get_basename (existing);
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("A rehearsal copy made before is there: %s. Open it, or make a new one."),
                              existing_base);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rehearse in a separate copy?"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (!g_str_equal (existing, path))
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open", _("_Open the earlier copy"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "copy", _("_Make the copy"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_steal_pointer (&path), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "existing", g_steal_pointer (&existing), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (rehearsal_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
kp_window_is_rehearsal_banner_shown (KpWindow *self)
{
  return gtk_widget_get_visible (self->rehearsal_banner);
}

/* --- confirm ------------------------------------------------------------------- */

typedef struct
{
  KpWindow *self;
  GtkWidget *passphrase;
  GtkWidget *override; /* nullable: only when the machine is connected */
  GPtrArray *explain;  /* GtkEntry, with "check" data */
} ConfirmDialog;

static void
confirm_dialog_free (gpointer  data,
                     GClosure *closure)
{
  ConfirmDialog *c = data;

  g_ptr_array_unref (c->explain);
  g_free (c);
}

/**
 * kp_window_confirm:
 * @explanations: (nullable): check → explanation
 *
 * The head's confirmation (kp_store_confirm): the round is signed and
 * locked, the projector drops "CHƯA CHÍNH THỨC".
 */
gboolean
kp_window_confirm (KpWindow    *self,
                   const char  *passphrase,
                   GHashTable  *explanations,
                   const char  *network_override,
                   GError     **error)
{
  if (!kp_store_confirm (self->store, self->election_id, 0, passphrase, explanations, network_override,
                         current_operator (self), error))
    return FALSE;
  if (self->projector != NULL)
    kp_projector_window_refresh (self->projector, NULL);
  return kp_window_show_results (self, self->election_id, error);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ConfirmDialog    *c)
{
  g_autoptr(GHashTable) explanations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "confirm"))
    return;
  for (guint i = 0; i < c->explain->len; i++)
    {
      GtkEditable *entry = g_ptr_array_index (c->explain, i);
      g_hash_table_insert (explanations, g_object_get_data (G_OBJECT (entry), "check"),
                           g_strdup (gtk_editable_get_text (entry)));
    }
  if (!kp_window_confirm (c->self, gtk_editable_get_text (GTK_EDITABLE (c->passphrase)), explanations,
                          c->override ? gtk_editable_get_text (GTK_EDITABLE (c->override)) : NULL, &error))
    toast (c->self, error->message);
  else
    toast (c->self, _("Confirmed and signed. The round is locked."));
}

/* --- the signing key ------------------------------------------------------------ */

/**
 * kp_window_init_keys:
 * @again: the passphrase typed a second time
 * @fingerprint: (out) (optional): the key's fingerprint, for display
 *
 * The head creates the congress's signing key (kp_store_init_keys); the
 * private key is stored only sealed under the passphrase.
 */
gboolean
kp_window_init_keys (KpWindow    *self,
                     const char  *passphrase,
                     const char  *again,
                     char       **fingerprint,
                     GError     **error)
{
  if (!g_str_equal (passphrase, again))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The two passphrases differ; type them again."));
      return FALSE;
    }
  if (g_utf8_strlen (passphrase, -1) < KP_KEY_MIN_PASSPHRASE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The passphrase needs at least %d characters."),
                   KP_KEY_MIN_PASSPHRASE);
      return FALSE;
    }
  return kp_store_init_keys (self->store, passphrase, current_operator (self), fingerprint, error);
}

static void
keys_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  KpWindow         *self)
{
  GtkWidget *passphrase = g_object_get_data (G_OBJECT (dialog), "passphrase");
  GtkWidget *again = g_object_get_data (G_OBJECT (dialog), "again");
  g_autofree char *fingerprint = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *done;

  if (!g_str_equal (response, "create"))
    return;
  if (!kp_window_init_keys (self, gtk_editable_get_text (GTK_EDITABLE (passphrase)),
                            gtk_editable_get_text (GTK_EDITABLE (again)), &fingerprint, &error))
    {
      toast (self, error->message);
      return;
    }
  shown = kp_fingerprint_display (fingerprint);
  body = g_strdup_printf (_("Fingerprint of the congress signing key:\n\n%s\n\nThe head writes it down and signs it: "
                            "an auditor checks the signed results against it. The passphrase cannot be recovered."),
                          shown);
  done = adw_message_dialog_new (GTK_WINDOW (self), _("Signing key created"), body);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (done), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (done), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (done));
}

static void
keys_dialog (KpWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Create the congress signing key"),
                                              _("Results are signed with the congress's own key before they are "
                                                "official. The head of the counting committee chooses its passphrase "
                                                "(at least 8 characters) and types it to confirm each result."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *passphrase = gtk_password_entry_new ();
  GtkWidget *again = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (passphrase), TRUE);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Passphrase of the head of the counting committee")));
  gtk_box_append (GTK_BOX (box), passphrase);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("The same passphrase again")));
  gtk_box_append (GTK_BOX (box), again);
  g_object_set_data (G_OBJECT (dialog), "passphrase", passphrase);
  g_object_set_data (G_OBJECT (dialog), "again", again);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create",
                                    _("Create the _key"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (keys_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  GtkWidget *dialog, *box;
  ConfirmDialog *c;

  if (self->election_id == NULL)
    return;
  fingerprint = kp_store_get_fingerprint (self->store);
  if (fingerprint == NULL)
    {
      keys_dialog (self);
      return;
    }
  if ((result = kp_store_results (self->store, self->election_id, 0, &checks, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Confirm and sign the result?"),
                                   _("The head of the counting committee types the passphrase. The round is then "
                                     "locked: no ballot can be entered, voided or settled any more."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  c = g_new0 (ConfirmDialog, 1);
  c->self = self;
  c->explain = g_ptr_array_new ();
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *label, *entry;
      g_autofree char *text = NULL;

      if (g_str_equal (check->status, "ok"))
        continue;
      text = g_strdup_printf (_("Explain: %s (%s)"), kp_check_words (check->check), check->words);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      entry = gtk_entry_new ();
      g_object_set_data_full (G_OBJECT (entry), "check", g_strdup (check->check), g_free);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), entry);
      g_ptr_array_add (c->explain, entry);
    }
  {
    g_auto(GStrv) interfaces = kp_network_interfaces ();
    if (interfaces[0] != NULL)
      {
        g_autofree char *joined = g_strjoinv (", ", interfaces);
        g_autofree char *text = g_strdup_printf (_("This machine is connected to a network (%s). Disconnect it, or "
                                                   "the head gives the reason to sign anyway (recorded):"), joined);
        GtkWidget *label = gtk_label_new (text);

        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_add_css_class (label, "error");
        c->override = gtk_entry_new ();
        gtk_box_append (GTK_BOX (box), label);
        gtk_box_append (GTK_BOX (box), c->override);
      }
  }
  c->passphrase = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (c->passphrase), TRUE);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Passphrase of the head of the counting committee")));
  gtk_box_append (GTK_BOX (box), c->passphrase);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "confirm",
                                    _("_Confirm and sign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), c, confirm_dialog_free,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- print ---------------------------------------------------------------------- */

static void
print_done_cb (GtkPrintJob  *job,
               KpWindow     *self,
               const GError *error)
{
  if (error != NULL)
    toast (self, error->message);
  else
    toast (self, _("Sent to the printer."));
}

static void
print_response_cb (GtkDialog *dialog,
                   int        response,
                   KpWindow  *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");

  if (response == GTK_RESPONSE_OK)
    {
      GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog));
      GtkPrintSettings *settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));
      GtkPageSetup *setup = gtk_print_unix_dialog_get_page_setup (GTK_PRINT_UNIX_DIALOG (dialog));
      g_autoptr(GtkPrintJob) job = gtk_print_job_new (_("Minutes"), printer, settings, setup);
      g_autoptr(GError) error = NULL;

      if (!gtk_print_job_set_source_file (job, path, &error))
        toast (self, error->message);
      else
        gtk_print_job_send (job, (GtkPrintJobCompleteFunc) print_done_cb, g_object_ref (self), g_object_unref);
      g_object_unref (settings);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/**
 * kp_window_print:
 * @document: "minutes" or "ballots" (of the round shown), or "journal"
 * @path: (out) (optional) (transfer full): the PDF made for printing
 *
 * Makes the document (kp-reports, kp-documents) and opens the GTK print
 * dialog on it (a printer, or "Print to File").
 */
gboolean
kp_window_print (KpWindow    *self,
                 const char  *document,
                 char       **path,
                 GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("kiemphieu-print-XXXXXX", error);
  g_autofree char *name = NULL;
  g_autofree char *pdf = NULL;
  const char *title;
  GtkWidget *dialog;

  if (dir == NULL)
    return FALSE;
  name = g_strdup_printf ("%s-%s.pdf", document, self->election_id ? self->election_id : "");
  pdf = g_build_filename (dir, name, NULL);
  if (g_str_equal (document, "minutes"))
    {
      title = _("Print the minutes");
      if (!kp_reports_minutes (self->store, self->election_id, 0, pdf, error))
        return FALSE;
    }
  else if (g_str_equal (document, "ballots"))
    {
      g_autoptr(KpElection) election = kp_store_get_election (self->store, self->election_id, 0, error);
      KpCongress *congress = kp_store_get_congress (self->store);
      gint64 copies;

      if (election == NULL)
        return FALSE;
      /* As many ballots as may be issued: recorded, else those present. */
      copies = election->issued > 0 ? election->issued : congress->present > 0 ? congress->present : congress->convened;
      title = _("Print the ballots");
      if (!kp_documents_ballots (congress, election, (guint) copies, KP_PAPER_AUTO,
                                 kp_store_is_rehearsal (self->store) ? "THỬ NGHIỆM" : NULL, pdf, error))
        return FALSE;
    }
  else
    {
      title = _("Print the journal");
      if (!kp_reports_journal (self->store, pdf, NULL, error))
        return FALSE;
    }
  dialog = gtk_print_unix_dialog_new (title, GTK_WINDOW (self));
  gtk_print_unix_dialog_set_manual_capabilities (GTK_PRINT_UNIX_DIALOG (dialog),
                                                 GTK_PRINT_CAPABILITY_COPIES | GTK_PRINT_CAPABILITY_GENERATE_PDF);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (pdf), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (print_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  if (path)
    *path = g_steal_pointer (&pdf);
  return TRUE;
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
    toast (self, error->message);
}

/* The congress file's path for what the save dialog chose: the
 * .kiemphieu ending added when it was left off. */
static char *
congress_path (GFile *target)
{
  g_autofree char *path = g_file_get_path (target);

  if (path == NULL || g_str_has_suffix (path, ".kiemphieu"))
    return g_steal_pointer (&path);
  return g_strconcat (path, ".kiemphieu", NULL);
}

/* Creates the congress file from a definition (formats.md) and opens it. */
static gboolean
create_and_open (KpWindow    *self,
                 const char  *path,
                 const char  *definition,
                 gsize        length,
                 const char  *definition_name,
                 GError     **error)
{
  {
    g_autoptr(KpStore) store = kp_store_create (path, definition, length, definition_name, current_operator (self),
                                                error);
    if (store == NULL)
      return FALSE;
  }
  return kp_window_open_file (self, path, error);
}

/**
 * kp_window_create_from_setup:
 * @path: where the congress file goes
 *
 * Creates the congress file from the typed-in definition and opens it.
 * Creating approves the lists in the order the setup view showed.
 */
gboolean
kp_window_create_from_setup (KpWindow    *self,
                             const char  *path,
                             GError     **error)
{
  g_autofree char *definition = kp_setup_view_build (self->setup_view, error);

  if (definition == NULL || !create_and_open (self, path, definition, strlen (definition),
                                              _("typed-in definition"), error))
    return FALSE;
  kp_setup_view_reset (self->setup_view);
  return TRUE;
}

/* Where the new congress file goes; "definition" on the dialog is the JSON
 * file, or absent for the congress typed in the setup view. */
static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  KpWindow        *self)
{
  GFile *definition = g_object_get_data (G_OBJECT (dialog), "definition");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = congress_path (target);
      g_autofree char *definition_path = definition ? g_file_get_path (definition) : NULL;
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (path != NULL && definition == NULL)
        kp_window_create_from_setup (self, path, &error);
      else if (path != NULL && g_file_get_contents (definition_path, &data, &length, &error))
        create_and_open (self, path, data, length, definition_path, &error);
      if (error != NULL)
        toast (self, error->message);
    }
  g_object_unref (dialog);
}

static void
ask_where_to_create (KpWindow *self,
                     GFile    *definition)
{
  GtkFileChooserNative *save = gtk_file_chooser_native_new (_("Save the new congress file"), GTK_WINDOW (self),
                                                            GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"),
                                                            _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (save), "daihoi.kiemphieu");
  if (definition != NULL)
    g_object_set_data_full (G_OBJECT (save), "definition", definition, g_object_unref);
  g_signal_connect (save, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (save));
}

static void
definition_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        KpWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    ask_where_to_create (self, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)));
  g_object_unref (dialog);
}

static void
setup_create_cb (KpSetupView *view,
                 KpWindow    *self)
{
  ask_where_to_create (self, NULL);
}

/* A new congress typed in (KpSetupView). */
static void
setup_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);

  show_page (self, "setup");
}

/* A new congress file from an election definition (JSON, formats.md). */
static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose the election definition"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Election definitions (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (definition_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- archive -------------------------------------------------------------------- */

/**
 * kp_window_archive_to:
 * @dir: the stick's folder
 *
 * Writes the archive (kp_archive_write); TRUE only when it is flushed and
 * the stick can be removed.
 */
gboolean
kp_window_archive_to (KpWindow    *self,
                      const char  *dir,
                      const char  *password,
                      char       **path,
                      GError     **error)
{
  return kp_archive_write (self->store, dir, password, path, error);
}

typedef struct
{
  KpWindow *self;
  GPtrArray *mounts; /* GMount, owned */
  GtkWidget *choice;
  GtkWidget *password;
  GtkWidget *again;
} ArchiveDialog;

static void
archive_dialog_free (gpointer  data,
                     GClosure *closure)
{
  ArchiveDialog *a = data;

  g_ptr_array_unref (a->mounts);
  g_free (a);
}

static void
archive_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ArchiveDialog    *a)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *dir = NULL;
  guint index;

  if (!g_str_equal (response, "archive"))
    return;
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (a->password)), gtk_editable_get_text (GTK_EDITABLE (a->again))))
    {
      toast (a->self, _("The two passwords differ; archive again."));
      return;
    }
  index = gtk_drop_down_get_selected (GTK_DROP_DOWN (a->choice));
  root = g_mount_get_root (g_ptr_array_index (a->mounts, index));
  dir = g_file_get_path (root);
  if (!kp_window_archive_to (a->self, dir, gtk_editable_get_text (GTK_EDITABLE (a->password)), &path, &error))
    toast (a->self, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s is written and flushed: the stick can be removed safely."), path);
      toast (a->self, text);
    }
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autolist(GMount) mounts = g_volume_monitor_get_mounts (monitor);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box;
  ArchiveDialog *a;

  if (self->store == NULL)
    return;
  a = g_new0 (ArchiveDialog, 1);
  a->self = self;
  a->mounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (GList *l = mounts; l; l = l->next)
    {
      g_autoptr(GFile) root = g_mount_get_root (l->data);
      g_autofree char *path = g_file_get_path (root);
      g_autofree char *name = g_mount_get_name (l->data);
      g_autofree char *label = NULL;

      if (path == NULL)
        continue;
      label = g_strdup_printf ("%s (%s)", name, path);
      gtk_string_list_append (names, label);
      g_ptr_array_add (a->mounts, g_object_ref (l->data));
    }
  if (a->mounts->len == 0)
    {
      archive_dialog_free (a, NULL);
      toast (self, _("No USB stick is mounted: plug one in and try again."));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Archive the congress to a USB stick"),
                                   _("One encrypted file (AES-256 zip; 7-Zip opens it with the password) with the "
                                     "congress file, the documents, the signed results and the journal."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  a->choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  a->password = gtk_password_entry_new ();
  a->again = gtk_password_entry_new ();
  gtk_box_append (GTK_BOX (box), a->choice);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Archive password (at least 8 characters), twice")));
  gtk_box_append (GTK_BOX (box), a->password);
  gtk_box_append (GTK_BOX (box), a->again);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "archive", _("_Archive"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (archive_response_cb), a, archive_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (kp_window_parent_class)->finalize (object);
}

static void
kp_window_class_init (KpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_window_dispose;
  object_class->finalize = kp_window_finalize;

  g_type_ensure (KP_TYPE_ENTRY_VIEW);
  g_type_ensure (KP_TYPE_RESULTS_VIEW);
  g_type_ensure (KP_TYPE_RECONCILE_VIEW);
  g_type_ensure (KP_TYPE_JOURNAL_VIEW);
  g_type_ensure (KP_TYPE_SETUP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, back);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, release);
  gtk_widget_class_bind_template_child_full (widget_class, "projector", FALSE,
                                             G_STRUCT_OFFSET (KpWindow, projector_button));
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, network_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_details);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, operator);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, elections);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, entry_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_group);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, reconcile_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, next_round_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, reconcile_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, journal_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, setup_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, recent);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "win.projector", NULL, projector_action);
  gtk_widget_class_install_action (widget_class, "win.reconcile", NULL, reconcile_action);
  gtk_widget_class_install_action (widget_class, "win.journal", NULL, journal_action);
  gtk_widget_class_install_action (widget_class, "win.next-round", NULL, next_round_action);
  gtk_widget_class_install_action (widget_class, "win.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "win.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.setup", NULL, setup_action);
  gtk_widget_class_install_action (widget_class, "win.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "win.rehearsal", NULL, rehearsal_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
kp_window_init (KpWindow *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->operator), g_get_real_name ());
  g_signal_connect (self->entry_view, "ballot-saved", G_CALLBACK (ballot_saved_cb), self);
  g_signal_connect (self->setup_view, "create", G_CALLBACK (setup_create_cb), self);
  g_signal_connect (self->recent, "row-activated", G_CALLBACK (recent_activated_cb), self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (fill_recent), self,
                           G_CONNECT_SWAPPED);
  fill_recent (self);
  g_signal_connect (self->release, "toggled", G_CALLBACK (release_toggled_cb), self);
  network_check_cb (self);
  self->network_watch = g_timeout_add_seconds (3, network_check_cb, self);
}

KpWindow *
kp_window_new (GtkApplication *application)
{
  return g_object_new (KP_TYPE_WINDOW, "application", application, NULL);
}
