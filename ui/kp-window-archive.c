/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-archive.c — archiving the congress to a USB stick: the stick,
 * the password twice, then the encrypted archive (kp_archive_write).
 */

#include <glib/gi18n.h>

#include "kp-archive.h"
#include "kp-window-private.h"

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
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  /* A failure is said in the dialog, which stays open with what was typed. */
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (a->password)), gtk_editable_get_text (GTK_EDITABLE (a->again))))
    {
      _kp_window_dialog_fail (dialog, a->password, _("The two passwords differ; type them again."));
      return;
    }
  index = gtk_drop_down_get_selected (GTK_DROP_DOWN (a->choice));
  root = g_mount_get_root (g_ptr_array_index (a->mounts, index));
  dir = g_file_get_path (root);
  if (!kp_window_archive_to (a->self, dir, gtk_editable_get_text (GTK_EDITABLE (a->password)), &path, &error))
    _kp_window_dialog_fail (dialog, a->password, error->message);
  else
    {
      _kp_window_dialog_done (dialog);
      g_autofree char *text = g_strdup_printf (_("%s is written and flushed: the stick can be removed safely."), path);
      _kp_window_toast (a->self, text);
    }
}

void
_kp_window_archive_dialog (KpWindow *self)
{
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
      _kp_window_toast (self, _("No USB stick is mounted: plug one in and try again."));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Archive the congress to a USB stick"),
                                   _("One encrypted file (AES-256 zip; 7-Zip opens it with the password) with the "
                                     "congress file, the documents, the signed results and the journal."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  a->choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  a->password = _kp_window_dialog_entry (gtk_password_entry_new ());
  a->again = _kp_window_dialog_entry (gtk_password_entry_new ());
  gtk_box_append (GTK_BOX (box), a->choice);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Archive password (at least 8 characters), twice")));
  gtk_box_append (GTK_BOX (box), a->password);
  gtk_box_append (GTK_BOX (box), a->again);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "archive", _("_Archive"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "archive");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_signal_connect_data (dialog, "response", G_CALLBACK (archive_response_cb), a, archive_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
