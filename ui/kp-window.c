/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-window.c — the main window. */

#include <glib/gi18n.h>

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
  AdwToastOverlay *toasts;
  GtkStack *stack;
  GtkLabel *congress_title;
  GtkLabel *congress_details;
  AdwEntryRow *operator;
  AdwPreferencesGroup *elections;
  KpEntryView *entry_view;
  KpResultsView *results_view;
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
  gboolean inside = g_str_equal (name, "entry") || g_str_equal (name, "results");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->back, inside);
  gtk_widget_set_visible (self->projector_button, inside);
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
                                  r->n_candidates > r->seats ? _("strike form") : _("agree/disagree form"),
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
  gtk_widget_set_visible (self->rehearsal_banner, kp_store_is_rehearsal (self->store));
  if (!fill_elections (self, error))
    return FALSE;
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
  g_free (self->election_id);
  self->election_id = g_strdup (election_id);
  show_page (self, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry_view));
  return TRUE;
}

gboolean
kp_window_show_results (KpWindow    *self,
                        const char  *election_id,
                        GError     **error)
{
  if (!kp_results_view_show (self->results_view, self->store, election_id, error))
    return FALSE;
  g_free (self->election_id);
  self->election_id = g_strdup (election_id);
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

static void
projector_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KpWindow *self = KP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

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
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->release), FALSE);
  kp_projector_window_present_on (self->projector, NULL);
  gtk_widget_set_visible (self->release, TRUE);
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

static void
kp_window_dispose (GObject *object)
{
  KpWindow *self = KP_WINDOW (object);

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
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, back);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, release);
  gtk_widget_class_bind_template_child_full (widget_class, "projector", FALSE,
                                             G_STRUCT_OFFSET (KpWindow, projector_button));
  gtk_widget_class_bind_template_child (widget_class, KpWindow, rehearsal_banner);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_title);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, congress_details);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, operator);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, elections);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, entry_view);
  gtk_widget_class_bind_template_child (widget_class, KpWindow, results_view);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_action);
  gtk_widget_class_install_action (widget_class, "win.projector", NULL, projector_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
kp_window_init (KpWindow *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->operator), g_get_real_name ());
  g_signal_connect (self->entry_view, "ballot-saved", G_CALLBACK (ballot_saved_cb), self);
  g_signal_connect (self->release, "toggled", G_CALLBACK (release_toggled_cb), self);
}

KpWindow *
kp_window_new (GtkApplication *application)
{
  return g_object_new (KP_TYPE_WINDOW, "application", application, NULL);
}
