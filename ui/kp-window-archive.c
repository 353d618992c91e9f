/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-archive.c — archiving the congress to a USB stick: the stick,
 * the password (generated, or typed twice), then the encrypted archive
 * (kp_archive_write) and the archive sheet to print and seal.
 */

#include <glib/gi18n.h>

#include "kp-archive.h"
#include "kp-passphrase.h"
#include "kp-reports.h"
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

/**
 * kp_window_print_archive_sheet:
 * @password: the archive's password
 * @archive_path: the archive it opens
 * @export_to: (nullable): write the printed sheet to this PDF file instead
 *   of opening the print dialog (tests)
 *
 * Makes the archive sheet in memory (kp_reports_archive_sheet_pdf) and
 * prints it from there: no file holds the password, even while the print
 * dialog is open or if the app is killed then.
 */
gboolean
kp_window_print_archive_sheet (KpWindow    *self,
                               const char  *password,
                               const char  *archive_path,
                               const char  *export_to,
                               GError     **error)
{
  g_autoptr(GBytes) pdf = kp_reports_archive_sheet_pdf (self->store, password, archive_path, error);

  return pdf != NULL && _kp_window_print_pdf (self, _("Print the archive sheet"), pdf, export_to, error);
}

typedef struct
{
  KpWindow *self;
  GPtrArray *mounts; /* GMount, owned */
  GtkWidget *choice;
  GtkWidget *password;
  GtkWidget *again;
  char *generated;   /* the proposed password, owned */
} ArchiveDialog;

static void
archive_dialog_free (gpointer  data,
                     GClosure *closure)
{
  ArchiveDialog *a = data;

  g_ptr_array_unref (a->mounts);
  g_free (a->generated);
  g_free (a);
}

static void
written_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KpWindow         *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "print"))
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  /* The dialog stays, with the password, until it is closed. */
  gtk_window_present (GTK_WINDOW (dialog));
  if (!kp_window_print_archive_sheet (self, g_object_get_data (G_OBJECT (dialog), "password"),
                                      g_object_get_data (G_OBJECT (dialog), "archive"), NULL, &error))
    _kp_window_dialog_fail (dialog, NULL, error->message);
}

/* The archive is on the stick: its password is shown this once, with the
 * archive sheet to print and seal. */
static void
show_written (KpWindow   *self,
              const char *path,
              const char *password)
{
  g_autofree char *body = g_strdup_printf (_("%s is written and flushed: the stick can be removed safely.\n\n"
                                             "Archive password:\n\n%s\n\nPrint the archive sheet now, seal it in an "
                                             "envelope that the committee signs, and keep it apart from the stick. "
                                             "The password is not shown again."), path, password);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Archive written"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"), "print",
                                    _("_Print the archive sheet…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "print");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_object_set_data_full (G_OBJECT (dialog), "password", g_strdup (password), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "archive", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (written_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
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
      g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (a->password)));
      KpWindow *self = a->self;

      _kp_window_dialog_done (dialog);
      show_written (self, path, password);
    }
}

void
_kp_window_archive_dialog (KpWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box;
  ArchiveDialog *a;

  if (self->store == NULL)
    return;
  a = g_new0 (ArchiveDialog, 1);
  a->self = self;
  a->mounts = _kp_window_dialog_sticks (names);
  if (a->mounts->len == 0)
    {
      archive_dialog_free (a, NULL);
      _kp_window_toast (self, _("No USB stick is mounted: plug one in and try again."));
      return;
    }
  {
    g_autoptr(GError) error = NULL;
    if ((a->generated = kp_passphrase_propose (&error)) == NULL)
      {
        archive_dialog_free (a, NULL);
        _kp_window_toast (self, error->message);
        return;
      }
  }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Archive the congress to a USB stick"),
                                   _("One encrypted file (AES-256 zip; 7-Zip opens it with the password) with the "
                                     "congress file, the documents, the signed results and the journal."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  a->choice = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  a->password = _kp_window_dialog_entry (gtk_password_entry_new ());
  a->again = _kp_window_dialog_entry (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (a->password), TRUE);
  /* The generated password is filled in: anyone with the file can try
   * thousands of passwords a second, so a typed one must be as strong. */
  gtk_editable_set_text (GTK_EDITABLE (a->password), a->generated);
  gtk_editable_set_text (GTK_EDITABLE (a->again), a->generated);
  gtk_box_append (GTK_BOX (box), a->choice);
  {
    GtkWidget *label = gtk_label_new (_("Archive password: KiemPhieu has generated one (eight random words); it is "
                                        "shown with the archive sheet to print once the archive is written. A "
                                        "password of your own must be as strong, in letters without diacritics, "
                                        "typed twice."));
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_box_append (GTK_BOX (box), label);
  }
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
