/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-keys.c — the congress signing key: the head chooses its
 * passphrase or takes the one proposed (shown once, to be written down),
 * and the fingerprint is shown to be written down.
 */

#include <glib/gi18n.h>

#include "kp-crypto.h"
#include "kp-passphrase.h"
#include "kp-window-private.h"

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
  return kp_store_init_keys (self->store, passphrase, _kp_window_current_operator (self), fingerprint, error);
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
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  /* Passphrases that differ or are too short: said in the dialog, which
   * stays open with what was typed. */
  if (!kp_window_init_keys (self, gtk_editable_get_text (GTK_EDITABLE (passphrase)),
                            gtk_editable_get_text (GTK_EDITABLE (again)), &fingerprint, &error))
    {
      _kp_window_dialog_fail (dialog, passphrase, error->message);
      return;
    }
  _kp_window_dialog_done (dialog);
  shown = kp_fingerprint_display (fingerprint);
  body = g_strdup_printf (_("Fingerprint of the congress signing key:\n\n%s\n\nThe head writes it down and signs it: "
                            "an auditor checks the signed results against it. The passphrase cannot be recovered."),
                          shown);
  done = adw_message_dialog_new (GTK_WINDOW (self), _("Signing key created"), body);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (done), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (done), "close", _("_Close"));
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (done), "close");
  gtk_window_present (GTK_WINDOW (done));
}

/* "Propose a passphrase": eight random words, in both fields and shown
 * this once, for the head to write down. */
static void
propose_clicked_cb (GtkButton        *button,
                    AdwMessageDialog *dialog)
{
  GtkWidget *shown = g_object_get_data (G_OBJECT (dialog), "proposal");
  g_autoptr(GError) error = NULL;
  g_autofree char *proposal = kp_passphrase_propose (&error);

  if (proposal == NULL)
    {
      _kp_window_dialog_fail (dialog, NULL, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "passphrase")), proposal);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "again")), proposal);
  gtk_label_set_text (GTK_LABEL (shown), proposal);
  gtk_widget_set_visible (shown, TRUE);
  /* A refusal of what was typed before no longer applies. */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (dialog), "kp-error"), FALSE);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (dialog), "proposal-note"), TRUE);
}

void
_kp_window_keys_dialog (KpWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *box, *passphrase, *again, *propose, *proposal, *note;

  /* A station file, or the real file with rehearsal switched on: said at
   * once, before any passphrase is typed (kp_store_init_keys refuses too). */
  if (!kp_store_check_may_create_key (self->store, &error))
    {
      _kp_window_toast (self, error->message);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Create the congress signing key"),
                                   kp_store_is_rehearsal (self->store)
                                   ? _("THỬ NGHIỆM: this rehearsal copy gets a key of its own, for rehearsing station "
                                       "packages. It is not the congress's signing key and never signs a result; "
                                       "create that one in the real congress file, with another passphrase.")
                                   : _("Results are signed with the congress's own key before they are "
                                       "official. The head of the counting committee types its passphrase to "
                                       "confirm each result: six or more unrelated words, or the one "
                                       "KiemPhieu proposes. Whoever copies the file can try to guess it "
                                       "for as long as they like."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  passphrase = _kp_window_dialog_entry (gtk_password_entry_new ());
  again = _kp_window_dialog_entry (gtk_password_entry_new ());
  propose = gtk_button_new_with_mnemonic (_("_Propose a passphrase"));
  proposal = gtk_label_new (NULL);
  note = gtk_label_new (_("Only the head looks: write this passphrase down now, on paper kept by the head "
                          "alone. It is not shown again. Type it exactly, with the dashes; Telex or VNI "
                          "on or off makes no difference."));

  gtk_label_set_selectable (GTK_LABEL (proposal), TRUE);
  gtk_widget_add_css_class (proposal, "title-3");
  gtk_widget_set_visible (proposal, FALSE);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_set_visible (note, FALSE);
  gtk_widget_set_halign (propose, GTK_ALIGN_START);
  g_signal_connect (propose, "clicked", G_CALLBACK (propose_clicked_cb), dialog);
  gtk_box_append (GTK_BOX (box), propose);
  gtk_box_append (GTK_BOX (box), proposal);
  gtk_box_append (GTK_BOX (box), note);
  g_object_set_data (G_OBJECT (dialog), "propose", propose);
  g_object_set_data (G_OBJECT (dialog), "proposal", proposal);
  g_object_set_data (G_OBJECT (dialog), "proposal-note", note);

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
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "create");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_signal_connect (dialog, "response", G_CALLBACK (keys_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
