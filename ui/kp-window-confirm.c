/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-confirm.c — confirm and sign a result: the checks to explain,
 * the air-gap override, the head's passphrase.
 */

#include <glib/gi18n.h>

#include "kp-sandbox.h"
#include "kp-window-private.h"

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
                         _kp_window_current_operator (self), error))
    return FALSE;
  if (self->projector != NULL)
    kp_projector_window_refresh (self->projector, NULL);
  return kp_window_show_results (self, self->election_id, error);
}

/* A failed confirmation (a wrong passphrase, a check left without its
 * explanation, a network) leaves the dialog open with what was typed and
 * the whole reason in it; the passphrase is selected to be typed again. */
static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ConfirmDialog    *c)
{
  g_autoptr(GHashTable) explanations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "confirm"))
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  for (guint i = 0; i < c->explain->len; i++)
    {
      GtkEditable *entry = g_ptr_array_index (c->explain, i);
      g_hash_table_insert (explanations, g_object_get_data (G_OBJECT (entry), "check"),
                           g_strdup (gtk_editable_get_text (entry)));
    }
  if (!kp_window_confirm (c->self, gtk_editable_get_text (GTK_EDITABLE (c->passphrase)), explanations,
                          c->override ? gtk_editable_get_text (GTK_EDITABLE (c->override)) : NULL, &error))
    {
      _kp_window_dialog_fail (dialog, c->passphrase, error->message);
      return;
    }
  _kp_window_dialog_done (dialog);
  _kp_window_toast (c->self, _("Confirmed and signed. The round is locked."));
}

void
_kp_window_confirm_dialog (KpWindow *self)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  GtkWidget *dialog, *box;
  ConfirmDialog *c;

  if (self->election_id == NULL)
    return;
  /* A rehearsal is never confirmed or signed (kp_store_confirm refuses it
   * too): said at once, before the key or the passphrase is asked for. */
  if (!kp_store_check_not_rehearsal (self->store, &error))
    {
      _kp_window_toast (self, error->message);
      return;
    }
  fingerprint = kp_store_get_fingerprint (self->store);
  if (fingerprint == NULL)
    {
      _kp_window_keys_dialog (self);
      return;
    }
  if ((result = kp_store_results (self->store, self->election_id, 0, &checks, &error)) == NULL)
    {
      _kp_window_toast (self, error->message);
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
      text = g_strdup_printf (_("Explain: %s (%s)"), kp_check_title (check->check), check->text);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      entry = _kp_window_dialog_entry (gtk_entry_new ());
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
        c->override = _kp_window_dialog_entry (gtk_entry_new ());
        gtk_box_append (GTK_BOX (box), label);
        gtk_box_append (GTK_BOX (box), c->override);
      }
  }
  c->passphrase = _kp_window_dialog_entry (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (c->passphrase), TRUE);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Passphrase of the head of the counting committee")));
  gtk_box_append (GTK_BOX (box), c->passphrase);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "confirm",
                                    _("_Confirm and sign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "confirm");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_object_set_data (G_OBJECT (dialog), "passphrase", c->passphrase);
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), c, confirm_dialog_free,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}
