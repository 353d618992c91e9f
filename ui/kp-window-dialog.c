/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-dialog.c — what the window's dialogs share (issue 11, GNOME
 * conventions): Enter answers with the main button and Escape cancels; a
 * dialog whose work can fail (a wrong passphrase, a check left without its
 * explanation, a network) stays open with what was typed and says why
 * inside itself, in full, instead of in a toast that cuts it off.
 */

#include "kp-window-private.h"

/**
 * _kp_window_dialog_keys:
 * @main: the response Enter gives; never a destructive one
 *
 * Enter activates @main (from the dialog and from every entry made with
 * _kp_window_dialog_entry ()), Escape and the window's close give
 * "cancel".
 */
void
_kp_window_dialog_keys (AdwMessageDialog *dialog,
                        const char       *main)
{
  g_return_if_fail (adw_message_dialog_get_response_appearance (dialog, main) != ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, main);
  if (adw_message_dialog_has_response (dialog, "cancel"))
    adw_message_dialog_set_close_response (dialog, "cancel");
}

/**
 * _kp_window_dialog_entry:
 * @entry: a #GtkEntry or a #GtkPasswordEntry
 *
 * Returns: (transfer none): @entry, made to answer Enter with the dialog's
 * main button.
 */
GtkWidget *
_kp_window_dialog_entry (GtkWidget *entry)
{
  g_object_set (entry, "activates-default", TRUE, NULL);
  return entry;
}

/**
 * _kp_window_dialog_keep_open:
 * @box: the dialog's extra child, a vertical #GtkBox
 *
 * The dialog is only hidden when it answers, so that a failure can show it
 * again as it was (_kp_window_dialog_fail ()); its response handler calls
 * _kp_window_dialog_done () for every other answer. A label for the
 * reason goes at the end of @box, hidden until needed.
 */
void
_kp_window_dialog_keep_open (AdwMessageDialog *dialog,
                             GtkBox           *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (box, label);
  g_object_set_data (G_OBJECT (dialog), "kp-error", label);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), TRUE);
}

/**
 * _kp_window_dialog_fail:
 * @focus: (nullable): the field to correct
 *
 * Shows @dialog again, as it was typed, with @message in full in its
 * error label; @focus gets the focus, its text selected.
 */
void
_kp_window_dialog_fail (AdwMessageDialog *dialog,
                        GtkWidget        *focus,
                        const char       *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (dialog), "kp-error");

  g_return_if_fail (label != NULL);
  gtk_label_set_text (GTK_LABEL (label), message);
  gtk_widget_set_visible (label, TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  if (focus != NULL)
    {
      gtk_widget_grab_focus (focus);
      if (GTK_IS_EDITABLE (focus))
        gtk_editable_select_region (GTK_EDITABLE (focus), 0, -1);
    }
}

/**
 * _kp_window_dialog_done:
 *
 * Destroys a dialog kept open by _kp_window_dialog_keep_open ().
 */
void
_kp_window_dialog_done (AdwMessageDialog *dialog)
{
  /* GTK 4.8's GtkPasswordEntry hears its focus leave after it is gone
   * when the window goes with the focus in it: the focus leaves first. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/**
 * _kp_window_dialog_sticks:
 * @names: gets "name (folder)" for each
 *
 * The mounted USB sticks (and other mounts) that have a folder, for a
 * dialog's drop-down: the GMounts in the order of @names.
 *
 * Returns: (transfer full): GMounts, empty when none is mounted
 */
GPtrArray *
_kp_window_dialog_sticks (GtkStringList *names)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  g_autolist(GMount) mounts = g_volume_monitor_get_mounts (monitor);
  GPtrArray *sticks = g_ptr_array_new_with_free_func (g_object_unref);

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
      g_ptr_array_add (sticks, g_object_ref (l->data));
    }
  return sticks;
}
