/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-stations.c — counting on several laptops (issue 14): the
 * stations page, importing batches from a mounted USB stick (GIO), enrolling
 * a station's key by the fingerprint on its screen, and — on a station
 * laptop — writing its batch to a stick.
 */

#include <glib/gi18n.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-store-stations.h"
#include "kp-window-private.h"

/**
 * kp_window_show_stations:
 *
 * Shows the stations page: the stations of a head file, or the station a
 * station file is.
 */
gboolean
kp_window_show_stations (KpWindow *self,
                         GError  **error)
{
  if (self->store == NULL || !kp_stations_view_show (self->stations_view, self->store, error))
    return FALSE;
  _kp_window_show_page (self, "stations");
  return TRUE;
}

static void
refresh (KpWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_stations_view_show (self->stations_view, self->store, &error)
      || !_kp_window_fill_elections (self, &error))
    _kp_window_toast (self, error->message);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *x = g_file_get_basename (*(GFile *const *) a);
  g_autofree char *y = g_file_get_basename (*(GFile *const *) b);

  return g_strcmp0 (x, y);
}

/**
 * kp_window_import_batches:
 * @files: (element-type GFile): batch files, read through GIO (a mounted
 *   USB stick)
 * @summary: (out) (transfer full): one line per file: what was merged, or
 *   why it was refused
 *
 * Imports each batch in its own transaction, in the order of their names
 * (a station's batches by number), then refreshes the stations page and
 * the elections.
 *
 * Returns: %TRUE when every batch was merged or was there already.
 */
gboolean
kp_window_import_batches (KpWindow   *self,
                          GListModel *files,
                          char      **summary)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) lines = g_string_new (NULL);
  gboolean all = TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (sorted, g_list_model_get_item (files, i));
  g_ptr_array_sort (sorted, compare_names);
  for (guint i = 0; i < sorted->len; i++)
    {
      GFile *file = sorted->pdata[i];
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(KpImportOutcome) outcome = { 0 };
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                     NULL, &error);
      gsize length;

      if (info != NULL && g_file_info_get_size (info) > KP_BATCH_MAX_BYTES)
        g_set_error (&error, KP_BATCH_ERROR, KP_BATCH_ERROR_INVALID,
                     _("%s: not a station package or batch (not a file of at most %u MiB)"), name,
                     KP_BATCH_MAX_BYTES / (1024 * 1024));
      if (error != NULL || !g_file_load_contents (file, NULL, &data, &length, NULL, &error)
          || !kp_store_import_batch (self->store, data, length, name, _kp_window_current_operator (self), &outcome,
                                     &error))
        {
          g_string_append_printf (lines, "%s\n", error->message);
          all = FALSE;
          continue;
        }
      if (outcome.already)
        g_string_append_printf (lines, _("%s batch %u: already imported, nothing changed\n"), outcome.station,
                                outcome.number);
      else
        {
          g_string_append_printf (lines, ngettext ("%s batch %u: %u ballot", "%s batch %u: %u ballots", outcome.entered),
                                  outcome.station, outcome.number, outcome.entered);
          g_string_append_printf (lines, ngettext (", %u void merged", ", %u voids merged", outcome.voided),
                                  outcome.voided);
          if (outcome.duplicates > 0)
            g_string_append_printf (lines, ngettext ("; %u serial another station entered too, kept aside for the head "
                                                     "to settle",
                                                     "; %u serials another station entered too, kept aside for the head "
                                                     "to settle", outcome.duplicates), outcome.duplicates);
          g_string_append_c (lines, '\n');
        }
    }
  refresh (self);
  if (lines->len > 0)
    g_string_truncate (lines, lines->len - 1);
  *summary = g_string_free (g_steal_pointer (&lines), FALSE);
  return all;
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    KpWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autofree char *summary = NULL;
      gboolean all = kp_window_import_batches (self, files, &summary);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  all ? _("Batches imported") : _("Some batches were refused"),
                                                  summary);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"), NULL);
      _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "ok");
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_object_unref (chooser);
}

/* The root of the first mounted USB stick (or other mount), or NULL. */
static GFile *
first_mount (void)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autolist(GMount) mounts = g_volume_monitor_get_mounts (monitor);

  for (GList *l = mounts; l; l = l->next)
    {
      g_autoptr(GFile) root = g_mount_get_root (l->data);
      if (g_file_is_native (root))
        return g_steal_pointer (&root);
    }
  return NULL;
}

void
_kp_window_import_dialog (KpWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) stick = first_mount ();

  if (self->store == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import station batches"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Station batches"));
  gtk_file_filter_add_pattern (filter, "*.kiemphieu-batch");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (stick != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), stick, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- enrolling a station ------------------------------------------------------ */

/**
 * kp_window_enroll_station:
 * @fingerprint: as the head read it on the station's own screen
 * @passphrase: the head's
 */
gboolean
kp_window_enroll_station (KpWindow    *self,
                          const char  *station,
                          const char  *fingerprint,
                          const char  *passphrase,
                          GError     **error)
{
  if (!kp_store_enroll_station (self->store, station, fingerprint, passphrase, _kp_window_current_operator (self),
                                NULL, error))
    return FALSE;
  refresh (self);
  return TRUE;
}

typedef struct
{
  KpWindow *self;
  char *station;
  GtkWidget *fingerprint;
  GtkWidget *passphrase;
} EnrollDialog;

static void
enroll_dialog_free (gpointer  data,
                    GClosure *closure)
{
  EnrollDialog *e = data;

  g_free (e->station);
  g_free (e);
}

static void
enroll_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    EnrollDialog     *e)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "enroll"))
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  if (!kp_window_enroll_station (e->self, e->station, gtk_editable_get_text (GTK_EDITABLE (e->fingerprint)),
                                 gtk_editable_get_text (GTK_EDITABLE (e->passphrase)), &error))
    {
      _kp_window_dialog_fail (dialog, g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE)
                                        ? e->passphrase : e->fingerprint, error->message);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Station %s is enrolled: its batches can be imported."), e->station);
    _kp_window_dialog_done (dialog);
    _kp_window_toast (e->self, text);
  }
}

void
_kp_window_enroll_dialog (KpWindow   *self,
                          const char *station)
{
  g_autofree char *heading = g_strdup_printf (_("Enroll the key of station %s"), station);
  GtkWidget *dialog, *box;
  EnrollDialog *e;

  if (self->store == NULL)
    return;
  e = g_new0 (EnrollDialog, 1);
  e->self = self;
  e->station = g_strdup (station);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("On the station's own screen (its Stations page), read the key fingerprint and "
                                     "type it here, group by group: 64 digits and letters a–f. Only the head may "
                                     "enroll a station."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  e->fingerprint = _kp_window_dialog_entry (gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (e->fingerprint), "3f2a 9c01 …");
  gtk_widget_add_css_class (e->fingerprint, "monospace");
  e->passphrase = _kp_window_dialog_entry (gtk_password_entry_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Key fingerprint shown on the station")));
  gtk_box_append (GTK_BOX (box), e->fingerprint);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("The head's passphrase")));
  gtk_box_append (GTK_BOX (box), e->passphrase);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "enroll", _("_Enroll"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "enroll", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "enroll");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_signal_connect_data (dialog, "response", G_CALLBACK (enroll_response_cb), e, enroll_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- a station laptop: its batch to a stick ------------------------------------------ */

/**
 * kp_window_write_batches:
 * @dir: the stick's folder
 * @passphrase: the station operator's
 * @summary: (out) (transfer full): what was written
 *
 * Writes the station's new batch (and any batch made that never reached a
 * stick whole); TRUE only when every file is flushed and the stick can go.
 */
gboolean
kp_window_write_batches (KpWindow    *self,
                         const char  *dir,
                         const char  *passphrase,
                         char       **summary,
                         GError     **error)
{
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);

  if (!kp_store_write_batches (self->store, dir, 0, passphrase, _kp_window_current_operator (self), &written, error))
    return FALSE;
  for (guint i = 0; i < written->len; i++)
    {
      g_autofree char *name = g_path_get_basename (written->pdata[i]);
      g_string_append_printf (lines, "%s%s", i ? ", " : "", name);
    }
  if (written->len == 0)
    *summary = g_strdup (_("Nothing new since the last batch: no batch written."));
  else
    *summary = g_strdup_printf (_("%s written and flushed: the stick can be removed safely."), lines->str);
  refresh (self);
  return TRUE;
}

typedef struct
{
  KpWindow *self;
  GPtrArray *mounts; /* GMount, owned */
  GtkWidget *choice;
  GtkWidget *passphrase;
} WriteDialog;

static void
write_dialog_free (gpointer  data,
                   GClosure *closure)
{
  WriteDialog *w = data;

  g_ptr_array_unref (w->mounts);
  g_free (w);
}

static void
write_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WriteDialog      *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *summary = NULL;

  if (!g_str_equal (response, "write"))
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  root = g_mount_get_root (g_ptr_array_index (w->mounts, gtk_drop_down_get_selected (GTK_DROP_DOWN (w->choice))));
  dir = g_file_get_path (root);
  if (!kp_window_write_batches (w->self, dir, gtk_editable_get_text (GTK_EDITABLE (w->passphrase)), &summary, &error))
    {
      _kp_window_dialog_fail (dialog, w->passphrase, error->message);
      return;
    }
  _kp_window_dialog_done (dialog);
  _kp_window_toast (w->self, summary);
}

void
_kp_window_write_batch_dialog (KpWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box;
  WriteDialog *w;

  if (self->store == NULL)
    return;
  w = g_new0 (WriteDialog, 1);
  w->self = self;
  w->mounts = _kp_window_dialog_sticks (names);
  if (w->mounts->len == 0)
    {
      write_dialog_free (w, NULL);
      _kp_window_toast (self, _("No USB stick is mounted: plug one in and try again."));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Write a batch to a USB stick"),
                                   _("The ballots entered here since the last batch, signed with this station's key, "
                                     "for the head's machine to import."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  w->choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  w->passphrase = _kp_window_dialog_entry (gtk_password_entry_new ());
  gtk_box_append (GTK_BOX (box), w->choice);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("The station operator's passphrase")));
  gtk_box_append (GTK_BOX (box), w->passphrase);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "write", _("_Write"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "write", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "write");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_signal_connect_data (dialog, "response", G_CALLBACK (write_response_cb), w, write_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
