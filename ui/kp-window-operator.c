/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-operator.c — who enters: the operator's name, asked once when a
 * window opens its congress (or before the first entry), offered again from
 * the last name given in this session, never taken from the OS login. Every
 * kp_store_* call of the window records it in the journal.
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

/* The last name given in this session (this process), for the next ask. */
static char *last_operator;

void
_kp_window_operator_changed_cb (GtkEditable *row,
                                KpWindow    *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (row)));

  if (*name != '\0')
    {
      g_free (last_operator);
      last_operator = g_steal_pointer (&name);
    }
}

static void
name_changed_cb (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", *name != '\0');
}

static void
operator_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      KpWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "name");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *election = g_steal_pointer (&self->pending_election);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "ok") || *name == '\0')
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->operator), name);
  if (election != NULL && self->store != NULL
      && !kp_window_start_entry (self, election, self->pending_pass, &error))
    _kp_window_toast (self, error->message);
}

/**
 * _kp_window_ask_operator:
 *
 * Asks "Họ tên người nhập phiếu" over the window; the answer becomes the
 * window's operator (the name field of the congress page), and an entry
 * waiting for it (self->pending_election) starts.
 */
void
_kp_window_ask_operator (KpWindow *self)
{
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Name of the person entering ballots"),
                                   _("Type your full name. The journal records it with every ballot you enter and "
                                     "every change you make in this window. It can be changed on the congress "
                                     "page."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Full name"));
  if (last_operator != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), last_operator);
  g_object_set_data (G_OBJECT (dialog), "name", entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "later", _("_Later"), "ok", _("_Continue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (operator_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
