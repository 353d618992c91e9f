/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-rehearsal.c — the rehearsal: a separate copy of the congress
 * file (kp_store_create_rehearsal), opened in a window of its own.
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

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
  gtk_editable_set_text (GTK_EDITABLE (window->operator), _kp_window_current_operator (self));
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
  copy = kp_store_create_rehearsal (self->store, target, _kp_window_current_operator (self), error);
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
    _kp_window_toast (self, error->message);
}

/* "Rehearsal (separate copy)…": says what happens, then makes the copy (or
 * opens the one made before) in a new window. */
void
_kp_window_rehearsal_dialog (KpWindow *self)
{
  g_autofree char *existing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  if (kp_store_is_rehearsal (self->store))
    {
      _kp_window_toast (self, _("This file is already a rehearsal: nothing entered in it counts."));
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
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "copy");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_steal_pointer (&path), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "existing", g_steal_pointer (&existing), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (rehearsal_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
