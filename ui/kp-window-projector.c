/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-projector.c — the "Release to the hall" switch: releasing the
 * round to the projector is the head's decision, taken with the passphrase
 * and journalled (kp_store_release_projector); hiding it again needs no
 * passphrase. The switch shows what the file says.
 */

#include <glib/gi18n.h>

#include "kp-store-projector.h"
#include "kp-window-private.h"

/* The switch follows the file, without acting on it. */
void
_kp_window_sync_release (KpWindow *self)
{
  gboolean released = self->projector != NULL && kp_projector_window_get_released (self->projector);

  g_object_set_data (G_OBJECT (self->release), "kp-syncing", GINT_TO_POINTER (TRUE));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->release), released);
  g_object_set_data (G_OBJECT (self->release), "kp-syncing", NULL);
}

static gboolean
after_change (KpWindow  *self,
              gboolean   ok,
              GError   **error)
{
  if (self->projector != NULL && !kp_projector_window_refresh (self->projector, ok ? error : NULL))
    ok = FALSE;
  _kp_window_sync_release (self);
  return ok;
}

/**
 * kp_window_release_projector:
 * @passphrase: the head's passphrase
 *
 * Shows the latest round of the election on screen to the hall. Refused,
 * and nothing shown, with a wrong passphrase.
 */
gboolean
kp_window_release_projector (KpWindow    *self,
                             const char  *passphrase,
                             GError     **error)
{
  g_return_val_if_fail (self->store != NULL && self->election_id != NULL, FALSE);
  return after_change (self, kp_store_release_projector (self->store, self->election_id, 0, passphrase,
                                                         _kp_window_current_operator (self), error), error);
}

/**
 * kp_window_hide_projector:
 *
 * Takes the totals off the hall's screen (no passphrase; journalled).
 */
gboolean
kp_window_hide_projector (KpWindow  *self,
                          GError   **error)
{
  g_return_val_if_fail (self->store != NULL && self->election_id != NULL, FALSE);
  return after_change (self, kp_store_hide_projector (self->store, self->election_id, 0,
                                                      _kp_window_current_operator (self), error), error);
}

static void
release_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     KpWindow         *self)
{
  GtkEditable *passphrase = g_object_get_data (G_OBJECT (dialog), "passphrase");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "release"))
    return;
  if (kp_window_release_projector (self, gtk_editable_get_text (passphrase), &error))
    _kp_window_toast (self, _("Released: the hall sees the totals."));
  else if (g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE))
    _kp_window_toast (self, _("Wrong passphrase: nothing is shown to the hall."));
  else
    _kp_window_toast (self, error->message);
}

static void
release_dialog (KpWindow *self)
{
  g_autofree char *fingerprint = kp_store_get_fingerprint (self->store);
  GtkWidget *dialog, *box, *entry;

  if (fingerprint == NULL)
    {
      /* The passphrase is the one that seals the signing key. */
      _kp_window_keys_dialog (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Release the results to the hall?"),
                                   _("The hall will see the votes of every candidate, marked UNOFFICIAL until the "
                                     "result is confirmed. The head of the counting committee types the passphrase; "
                                     "this is written in the journal."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  /* A plain entry: GTK 4.8's GtkPasswordEntry warns when a dialog that
   * closes on its response is destroyed while it has the focus. */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Passphrase of the head of the counting committee")));
  gtk_box_append (GTK_BOX (box), entry);
  g_object_set_data (G_OBJECT (dialog), "passphrase", entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "release",
                                    _("_Release"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "release", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (release_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The switch pressed: on asks the head (the switch stays off until the
 * passphrase is accepted); off hides at once. */
void
_kp_window_release_toggled (KpWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (self->release), "kp-syncing") != NULL || self->store == NULL
      || self->election_id == NULL)
    return;
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->release)))
    {
      _kp_window_sync_release (self);
      release_dialog (self);
    }
  else if (!kp_window_hide_projector (self, &error))
    _kp_window_toast (self, error->message);
}
