/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-next-round.c — the next round for the seats that remain
 * (R-ROUND-1): the congress settles its list.
 */

#include <glib/gi18n.h>

#include "kp-window-private.h"

/**
 * kp_window_next_round:
 * @drop: (array length=n_drop): ballot numbers the congress leaves off the
 *   proposed list
 * @added: (nullable): names nominated for the new round, one per line
 *   ("Họ và tên" or "Họ và tên; dd/mm/yyyy")
 * @round: (out): the round created
 *
 * R-ROUND-1: the next round for the seats that remain. The proposed list
 * is the not-yet-elected names; the congress decides whom to leave off and
 * whom to add (open for committees: the dialog puts it to the committee).
 */
gboolean
kp_window_next_round (KpWindow     *self,
                      const guint  *drop,
                      guint         n_drop,
                      const char   *added,
                      guint        *round,
                      GError      **error)
{
  g_auto(GStrv) lines = g_strsplit (added ? added : "", "\n", -1);
  g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *born = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!kp_setup_parse_person (lines[i], _("Names added"), i + 1, &name, &born, error))
        return FALSE;
      g_ptr_array_add (add, born ? g_strdup_printf ("%s;%s", name, born) : g_steal_pointer (&name));
    }
  g_ptr_array_add (add, NULL);
  if (!kp_store_next_round (self->store, self->election_id, drop, n_drop, (const char **) add->pdata, FALSE,
                            _kp_window_current_operator (self), round, error))
    return FALSE;
  /* The new round is hidden from the hall until the head releases it. */
  if (self->projector != NULL)
    kp_projector_window_refresh (self->projector, NULL);
  _kp_window_sync_release (self);
  return kp_window_show_results (self, self->election_id, error);
}

static void
next_round_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        KpWindow         *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  GtkTextView *added = g_object_get_data (G_OBJECT (dialog), "added");
  g_autoptr(GArray) drop = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GtkTextIter start, end;
  guint round = 0;

  if (!g_str_equal (response, "create"))
    {
      _kp_window_dialog_done (dialog);
      return;
    }
  for (guint i = 0; i < checks->len; i++)
    if (!gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      {
        guint no = GPOINTER_TO_UINT (g_object_get_data (g_ptr_array_index (checks, i), "no"));
        g_array_append_val (drop, no);
      }
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (added), &start, &end);
  text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (added), &start, &end, FALSE);
  if (!kp_window_next_round (self, (const guint *) (void *) drop->data, drop->len, text, &round, &error))
    {
      /* A name added that cannot be read: said in the dialog, kept open. */
      _kp_window_dialog_fail (dialog, GTK_WIDGET (added), error->message);
      return;
    }
  _kp_window_dialog_done (dialog);
  message = g_strdup_printf (_("Round %u created. Print its ballots, then enter them as before."), round);
  _kp_window_toast (self, message);
}

void
_kp_window_next_round_dialog (KpWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autofree char *body = NULL;
  GPtrArray *checks;
  GtkWidget *dialog, *box, *frame, *added, *label;

  if (self->election_id == NULL)
    return;
  if ((result = kp_store_results (self->store, self->election_id, 0, NULL, &error)) == NULL)
    {
      _kp_window_toast (self, error->message);
      return;
    }
  if (result->seats_remaining == 0)
    {
      _kp_window_toast (self, _("Every seat is filled."));
      return;
    }
  body = g_strdup_printf (_("%u seats remain. The congress decides the list of the next round: untick the "
                            "names it leaves off, and add the names it nominates."),
                          result->seats_remaining);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Next round"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  checks = g_ptr_array_new ();
  for (guint i = 0; i < result->next_round_candidates->len; i++)
    {
      guint no = g_array_index (result->next_round_candidates, guint, i);
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, no - 1);
      GtkWidget *check = gtk_check_button_new_with_label (c->display_name); /* R-LIST-2: namesakes */

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      {
        /* Space ticks a name; Enter creates the round, as in every dialog
         * (before the check button's own Enter, which would tick it). */
        GtkEventController *keys = gtk_shortcut_controller_new ();

        gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
        gtk_shortcut_controller_add_shortcut (
          GTK_SHORTCUT_CONTROLLER (keys),
          gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0)),
                            gtk_named_action_new ("default.activate")));
        gtk_widget_add_controller (check, keys);
      }
      g_object_set_data (G_OBJECT (check), "no", GUINT_TO_POINTER (no));
      gtk_box_append (GTK_BOX (box), check);
      g_ptr_array_add (checks, check);
    }
  label = gtk_label_new (_("Names added, one per line (full name; date of birth if needed):"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  added = gtk_text_view_new ();
  gtk_widget_set_size_request (added, -1, 70);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), added);
  gtk_box_append (GTK_BOX (box), frame);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "added", added);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "create",
                                    _("Create the _round"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  _kp_window_dialog_keys (ADW_MESSAGE_DIALOG (dialog), "create");
  _kp_window_dialog_keep_open (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box));
  g_signal_connect (dialog, "response", G_CALLBACK (next_round_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}
