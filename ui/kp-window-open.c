/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-open.c — opening a congress file (the file chooser, the demo,
 * the recent files of the welcome page) and creating one, from a
 * definition file or from the setup view.
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

/* --- recent files ------------------------------------------------------------------ */

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

void
_kp_window_recent_activated_cb (GtkListBox    *list,
                                GtkListBoxRow *row,
                                KpWindow      *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_window_open_file (self, g_object_get_data (G_OBJECT (row), "path"), &error))
    _kp_window_toast (self, error->message);
}

void
_kp_window_fill_recent (KpWindow *self)
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

void
_kp_window_remember (const char *path)
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

/* --- open -------------------------------------------------------------------------- */

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
      gboolean read_only = g_object_get_data (G_OBJECT (dialog), "kp-read-only") != NULL;

      if (path != NULL
          && !(read_only ? kp_window_open_read_only (self, path, &error) : kp_window_open_file (self, path, &error)))
        _kp_window_toast (self, error->message);
    }
  g_object_unref (dialog);
}

/* @read_only: "Open read-only…" (kp_window_open_read_only). */
void
_kp_window_open_dialog (KpWindow *self,
                        gboolean  read_only)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (read_only ? _("Open a congress file read-only")
                                                                        : _("Open a congress file"),
                                                              GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              read_only ? _("_Open Read-Only") : _("_Open"),
                                                              _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (read_only)
    g_object_set_data (G_OBJECT (dialog), "kp-read-only", GINT_TO_POINTER (TRUE));

  gtk_file_filter_set_name (filter, _("Congress files"));
  gtk_file_filter_add_pattern (filter, "*.kiemphieu");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The demo: a fresh congress file from the bundled demo definition, in the
 * user's data folder. */
void
_kp_window_open_demo (KpWindow *self)
{
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
      _kp_window_toast (self, error->message);
      return;
    }
  {
    g_autoptr(KpStore) store = kp_store_create (path, data, length, definition, _kp_window_current_operator (self), &error);
    if (store == NULL)
      {
        _kp_window_toast (self, error->message);
        return;
      }
  }
  if (!kp_window_open_file (self, path, &error))
    _kp_window_toast (self, error->message);
}

/* --- new congress ------------------------------------------------------------------ */

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
    g_autoptr(KpStore) store = kp_store_create (path, definition, length, definition_name,
                                                _kp_window_current_operator (self), error);
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
        _kp_window_toast (self, error->message);
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

void
_kp_window_setup_create_cb (KpSetupView *view,
                            KpWindow    *self)
{
  ask_where_to_create (self, NULL);
}

/* A new congress file from an election definition (JSON, formats.md). */
void
_kp_window_new_dialog (KpWindow *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose the election definition"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Election definitions (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (definition_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
