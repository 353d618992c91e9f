/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-mode.c — single, double or triple entry for one election,
 * chosen on its row of the congress page (kp_store_set_mode); what each
 * means is said in the dialog, and a pass that would be dropped while it
 * holds ballots is refused with the reason shown.
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

const char *
_kp_window_mode_words (KpEntryMode mode)
{
  switch (mode)
    {
    case KP_ENTRY_SINGLE:
      return _("Single entry");
    case KP_ENTRY_DOUBLE:
      return _("Double entry");
    case KP_ENTRY_TRIPLE:
      return _("Triple entry");
    default:
      g_assert_not_reached ();
    }
}

static void
refuse (KpWindow   *self,
        const char *why)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The entry mode was not changed"), why);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mode_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  KpWindow         *self)
{
  const char *election_id = g_object_get_data (G_OBJECT (dialog), "election");
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  GtkEditable *passphrase = g_object_get_data (G_OBJECT (dialog), "passphrase");
  KpEntryMode mode = (KpEntryMode) (gtk_drop_down_get_selected (choice) + 1);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "change") || self->store == NULL)
    return;
  if ((info = kp_store_get_round_info (self->store, election_id, 0, &error)) == NULL)
    {
      refuse (self, error->message);
      return;
    }
  if (mode == info->mode)
    return;
  /* A pass the new mode drops must be empty: said in the committee's words
   * before the store refuses it in its own. */
  for (guint p = mode; p < 3; p++)
    if (info->entered[p] > 0)
      {
        g_autofree char *why = g_strdup_printf (
          _("Pass %c already holds ballots (%u). %s leaves it out, so they would no longer count. Void them "
            "first on the entry screen of pass %c (Ctrl+Z), then choose again."),
          'A' + p, info->entered[p], _kp_window_mode_words (mode), 'A' + p);
        refuse (self, why);
        return;
      }
  /* Once ballots exist, the change is the head's decision, signed with the
   * head's key (kp_store_set_mode). */
  if (!kp_store_set_mode (self->store, election_id, mode,
                          gtk_widget_get_visible (GTK_WIDGET (passphrase)) ? gtk_editable_get_text (passphrase) : NULL,
                          _kp_window_current_operator (self), &error))
    {
      refuse (self, error->message);
      return;
    }
  if (!_kp_window_fill_elections (self, &error))
    {
      _kp_window_toast (self, error->message);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("%s from now on (recorded in the journal)."),
                                             _kp_window_mode_words (mode));
    _kp_window_toast (self, text);
  }
}

/**
 * _kp_window_mode_dialog:
 *
 * Asks how the ballots of @election_id are entered, saying what each way
 * means; "change" records it (journalled with the window's operator).
 */
void
_kp_window_mode_dialog (KpWindow   *self,
                        const char *election_id)
{
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *words[] = { _kp_window_mode_words (KP_ENTRY_SINGLE), _kp_window_mode_words (KP_ENTRY_DOUBLE),
                          _kp_window_mode_words (KP_ENTRY_TRIPLE), NULL };
  GtkWidget *dialog, *choice, *box, *passphrase;

  if (self->store == NULL)
    return;
  if ((info = kp_store_get_round_info (self->store, election_id, 0, &error)) == NULL)
    {
      _kp_window_toast (self, error->message);
      return;
    }
  dialog = adw_message_dialog_new (
    GTK_WINDOW (self), _("How are the ballots of this election entered?"),
    _("Single entry: one person types every ballot once (pass A). Fastest, but a typing mistake goes into the "
      "count unseen.\n\n"
      "Double entry: two people type the same ballots separately (passes A and B). The app compares them ballot "
      "by ballot; the committee settles every difference against the paper before the result can be "
      "confirmed.\n\n"
      "Triple entry: three passes (A, B and C), compared the same way.\n\n"
      "Choose before entering: a pass that already holds ballots cannot be left out."));
  choice = gtk_drop_down_new_from_strings (words);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), info->mode - 1);
  passphrase = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (passphrase), TRUE);
  g_object_set (passphrase, "placeholder-text", _("The head's passphrase (the election already holds ballots)"), NULL);
  gtk_widget_set_visible (passphrase, info->entered[0] + info->entered[1] + info->entered[2] > 0);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), choice);
  gtk_box_append (GTK_BOX (box), passphrase);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "choice", choice);
  g_object_set_data (G_OBJECT (dialog), "passphrase", passphrase);
  g_object_set_data_full (G_OBJECT (dialog), "election", g_strdup (election_id), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "change", _("_Change"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (mode_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
