/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-reconcile-view.c — the disagreements between passes. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kp-ballot-image.h"
#include "kp-ballot-reader.h"
#include "kp-journal-words.h"
#include "kp-reconcile-view.h"

struct _KpReconcileView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  char *election_id;
  char *operator;
  guint pending;
  guint current;  /* the serial whose settling Enter opened, or 0 */
  guint imaged;   /* the serial whose scanned image is shown, or 0 */

  /* Template widgets */
  GtkLabel *summary;
  AdwEntryRow *reason;
  AdwPasswordEntryRow *passphrase;
  GtkListBox *list;
  GtkWidget *image_pane;
  GtkLabel *image_title;
  KpBallotImage *image;
};

G_DEFINE_FINAL_TYPE (KpReconcileView, kp_reconcile_view, GTK_TYPE_WIDGET)

static gboolean fill (KpReconcileView *self, GError **error);

/**
 * kp_reconcile_view_settle:
 * @take: 'A', 'B' or 'C'
 * @reason: what the committee saw on the paper ballot
 * @passphrase: the head's passphrase (only the head settles)
 *
 * Records the committee's ruling on one serial (who: the operator field of
 * the window, the head of the committee in practice).
 */
gboolean
kp_reconcile_view_settle (KpReconcileView  *self,
                          guint             serial,
                          char              take,
                          const char       *reason,
                          const char       *passphrase,
                          GError          **error)
{
  if (!kp_store_resolve (self->store, self->election_id, 0, serial, take, NULL, reason, passphrase, self->operator,
                         error))
    return FALSE;
  return fill (self, error);
}

static void
take_clicked_cb (GtkButton       *button,
                 KpReconcileView *self)
{
  g_autoptr(GError) error = NULL;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason));
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "serial"));
  char take = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "take"));

  if (reason == NULL || *reason == '\0')
    {
      gtk_label_set_text (self->summary, _("Write the reason for the ruling first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason));
      return;
    }
  if (!kp_reconcile_view_settle (self, serial, take, reason, gtk_editable_get_text (GTK_EDITABLE (self->passphrase)),
                                 &error))
    gtk_label_set_text (self->summary, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
}

/* --- the paper says something else ------------------------------------------------ */

/* What is wrong with the struck numbers typed, in the committee's words
 * (the ballot reader has refused them; this only says why). */
static char *
struck_problem (const char *text,
                guint       n_candidates,
                const char *fallback)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; tokens[i]; i++)
    {
      guint64 no;

      if (*tokens[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (tokens[i], 10, 0, G_MAXUINT, &no, NULL))
        return g_strdup_printf (_("“%s” is not a number: type the numbers of the struck names, separated by spaces."),
                                tokens[i]);
      if (no < 1 || no > n_candidates)
        return g_strdup_printf (_("%s is not on the list (1–%u)."), tokens[i], n_candidates);
      if (!g_hash_table_add (seen, GUINT_TO_POINTER ((guint) no)))
        return g_strdup_printf (_("%s is typed twice."), tokens[i]);
    }
  return g_strdup (fallback);
}

static char *
marks_problem (const char *text,
               guint       n_candidates)
{
  glong n = g_utf8_strlen (text, -1);

  if (n != (glong) n_candidates)
    return g_strdup_printf (_("%ld marks for %u names: type one mark per name, in list order (Y, N, B or 0)."), n,
                            n_candidates);
  for (const char *c = text; *c; c = g_utf8_next_char (c))
    if (strchr ("YNB0ynb", *c) == NULL || (*c & 0x80))
      {
        g_autofree char *mark = g_utf8_substring (c, 0, 1);
        return g_strdup_printf (_("“%s” is not a mark: use Y (agree), N (disagree), B (both boxes) or 0 (neither)."),
                                mark);
      }
  return g_strdup (_("Type one mark per name, in list order (Y, N, B or 0)."));
}

/* The ballot the dialog describes, read by the ballot reader's parsers, or
 * %NULL with @problem set (in Vietnamese). */
static KpBallot *
paper_ballot (AdwMessageDialog  *dialog,
              char             **problem)
{
  KpElection *election = g_object_get_data (G_OBJECT (dialog), "election");
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "serial"));
  const char *text = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "value"));
  guint chosen = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog), "reason"));
  g_autofree char *other = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                                            "other"))));
  KpInvalidReason flag = chosen == 0 ? KP_INVALID_NONE : (KpInvalidReason) (KP_INVALID_NOT_ISSUED + chosen - 1);
  g_autoptr(KpBallot) ballot = NULL;
  g_autofree char *message = NULL;

  if (kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE)
    {
      ballot = kp_ballot_new_strike (serial, election->candidates->len);
      if (!kp_ballot_parse_struck (ballot, text, &message))
        {
          *problem = struck_problem (text, election->candidates->len, message);
          return NULL;
        }
    }
  else
    {
      g_autofree char *marks = NULL;

      if (!kp_ballot_parse_marks (text, election->candidates->len, &marks, &message))
        {
          *problem = marks_problem (text, election->candidates->len);
          return NULL;
        }
      ballot = kp_ballot_new_yesno (serial, marks);
    }
  if (flag == KP_INVALID_OTHER && *other == '\0')
    {
      *problem = g_strdup (_("Write the other reason the ballot is invalid."));
      return NULL;
    }
  kp_ballot_set_flag (ballot, flag, flag == KP_INVALID_OTHER ? other : NULL);
  return g_steal_pointer (&ballot);
}

/* Typed or chosen: read again, the problem shown, "settle" only when read. */
static void
paper_changed_cb (AdwMessageDialog *dialog)
{
  GtkLabel *problem_label = g_object_get_data (G_OBJECT (dialog), "problem");
  GtkWidget *other = g_object_get_data (G_OBJECT (dialog), "other");
  guint chosen = gtk_drop_down_get_selected (g_object_get_data (G_OBJECT (dialog), "reason"));
  g_autofree char *problem = NULL;
  g_autoptr(KpBallot) ballot = NULL;

  gtk_widget_set_visible (other, KP_INVALID_NOT_ISSUED + chosen - 1 == KP_INVALID_OTHER && chosen > 0);
  ballot = paper_ballot (dialog, &problem);
  if (ballot != NULL)
    {
      g_autofree char *described = kp_ballot_describe_shown (ballot);
      g_autofree char *text = g_strdup_printf (_("Read as: %s"), described);

      gtk_label_set_text (problem_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (problem_label), "error");
    }
  else
    {
      gtk_label_set_text (problem_label, problem);
      gtk_widget_add_css_class (GTK_WIDGET (problem_label), "error");
    }
  adw_message_dialog_set_response_enabled (dialog, "settle", ballot != NULL);
}

static void
paper_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KpReconcileView  *self)
{
  g_autofree char *problem = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "settle") || (ballot = paper_ballot (dialog, &problem)) == NULL)
    return;
  if (!kp_reconcile_view_settle_value (self, ballot, gtk_editable_get_text (GTK_EDITABLE (self->reason)),
                                       gtk_editable_get_text (GTK_EDITABLE (self->passphrase)), &error))
    gtk_label_set_text (self->summary, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
}

/**
 * kp_reconcile_view_settle_value:
 * @value: the ballot as the committee reads it on paper (its serial is the
 *   disagreement's)
 *
 * Records a ruling that takes neither pass but the paper ballot itself
 * (kp_store_resolve with 'V').
 */
gboolean
kp_reconcile_view_settle_value (KpReconcileView  *self,
                                const KpBallot   *value,
                                const char       *reason,
                                const char       *passphrase,
                                GError          **error)
{
  if (!kp_store_resolve (self->store, self->election_id, 0, value->serial, 'V', value, reason, passphrase,
                         self->operator, error))
    return FALSE;
  return fill (self, error);
}

static void
paper_clicked_cb (GtkButton       *button,
                  KpReconcileView *self)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "serial"));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason));
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *reasons[KP_INVALID_OTHER - KP_INVALID_NOT_ISSUED + 3] = { NULL };
  GtkWidget *dialog, *box, *value, *choice, *other, *problem;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (reason == NULL || *reason == '\0')
    {
      gtk_label_set_text (self->summary, _("Write the reason for the ruling first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason));
      return;
    }
  if ((election = kp_store_get_election (self->store, self->election_id, 0, &error)) == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  heading = g_strdup (_("What does the paper ballot say?"));
  body = kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE
           ? g_strdup_printf (_("Ballot %u, read on the paper. Type the numbers of the names struck, separated by "
                                "spaces (nothing when no name is struck); the list has %u names."),
                              serial, election->candidates->len)
           : g_strdup_printf (_("Ballot %u, read on the paper. Type one mark per name, in list order: Y agree, "
                                "N disagree, B both boxes, 0 neither; the list has %u names."),
                              serial, election->candidates->len);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  value = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (value), kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE
                                                       ? _("e.g. 3 6")
                                                       : _("e.g. YYN"));
  gtk_box_append (GTK_BOX (box), value);
  reasons[0] = _("No invalid reason of the committee's (validity follows from the marks)");
  for (KpInvalidReason r = KP_INVALID_NOT_ISSUED; r < KP_INVALID_OTHER; r++)
    reasons[r - KP_INVALID_NOT_ISSUED + 1] = kp_invalid_reason_shown (kp_invalid_reason_to_string (r));
  reasons[KP_INVALID_OTHER - KP_INVALID_NOT_ISSUED + 1] = _("Invalid for another reason (write it)");
  choice = gtk_drop_down_new_from_strings (reasons);
  gtk_box_append (GTK_BOX (box), choice);
  other = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (other), _("The other reason, as the committee rules it"));
  gtk_widget_set_visible (other, FALSE);
  gtk_box_append (GTK_BOX (box), other);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data_full (G_OBJECT (dialog), "election", g_steal_pointer (&election), (GDestroyNotify) kp_election_free);
  g_object_set_data (G_OBJECT (dialog), "serial", GUINT_TO_POINTER (serial));
  g_object_set_data (G_OBJECT (dialog), "value", value);
  g_object_set_data (G_OBJECT (dialog), "reason", choice);
  g_object_set_data (G_OBJECT (dialog), "other", other);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "settle",
                                    _("_Settle with this reading"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "settle", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_swapped (value, "changed", G_CALLBACK (paper_changed_cb), dialog);
  g_signal_connect_swapped (other, "changed", G_CALLBACK (paper_changed_cb), dialog);
  g_signal_connect_swapped (choice, "notify::selected", G_CALLBACK (paper_changed_cb), dialog);
  paper_changed_cb (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (paper_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (value);
}

/* The ballot being settled names itself in the reason's title. */
static void
set_current (KpReconcileView *self,
             guint            serial)
{
  g_autofree char *title = NULL;

  self->current = serial;
  if (serial == 0)
    title = g_strdup (_("Reason for the ruling (what the paper ballot shows)"));
  else
    title = g_strdup_printf (_("Reason for the ruling on ballot %u (what the paper ballot shows)"), serial);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason), title);
}

/* The pending row of @serial, or %NULL. */
static GtkWidget *
pending_row (KpReconcileView *self,
             guint            serial)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row; row = gtk_widget_get_next_sibling (row))
    if (serial != 0 && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "serial")) == serial)
      return row;
  return NULL;
}

/* Enter (or a click) on a disagreement: its settling begins with the
 * reason; once written, the focus goes to the row's first button. */
static void
row_activated_cb (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  KpReconcileView *self)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "serial"));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason));

  if (serial == 0)
    return;
  set_current (self, serial);
  if (reason == NULL || *reason == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->reason));
  else
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "first"));
}

/* Enter in the reason: on to the buttons of the ballot being settled. */
static void
reason_activated_cb (AdwEntryRow     *entry,
                     KpReconcileView *self)
{
  GtkWidget *row = pending_row (self, self->current);

  if (row != NULL && *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_widget_grab_focus (g_object_get_data (G_OBJECT (row), "first"));
}

/* --- the scanned ballot beside the disagreement ------------------------------------- */

/* The rows the passes read differently (on the strike form a name struck
 * in one and kept in another; on the agree/disagree form another mark). */
static GArray *
differing_rows (const KpDisagreement *x,
                guint                 mode)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  const KpBallot *first = NULL;

  for (guint p = 0; p < mode && first == NULL; p++)
    first = x->pass[p];
  if (first == NULL)
    return rows;
  for (guint no = 1; no <= first->n_candidates; no++)
    for (guint p = 0; p < mode; p++)
      {
        const KpBallot *b = x->pass[p];

        if (b == NULL || b->n_candidates != first->n_candidates)
          continue;
        if (first->form == KP_BALLOT_FORM_STRIKE ? kp_ballot_is_struck (b, no) != kp_ballot_is_struck (first, no)
                                                 : b->marks[no - 1] != first->marks[no - 1])
          {
            g_array_append_val (rows, no);
            break;
          }
      }
  return rows;
}

/* The row of a disagreement with a scanned pass: its image beside the
 * list, the rows where the passes disagree framed in red and enlarged. */
static void
show_row_image (KpReconcileView *self,
                GtkWidget       *row)
{
  const KpScanPending *scan = row ? g_object_get_data (G_OBJECT (row), "scan") : NULL;
  GArray *rows = row ? g_object_get_data (G_OBJECT (row), "rows") : NULL;
  g_autofree char *title = NULL;

  if (scan == NULL)
    return;
  if (self->imaged == scan->serial)
    return;
  self->imaged = scan->serial;
  if (rows->len > 0)
    title = g_strdup_printf (_("Ballot %u as scanned in pass %c: the rows the passes read differently are framed in "
                               "red."), scan->serial, scan->pass);
  else
    title = g_strdup_printf (_("Ballot %u as scanned in pass %c: the passes differ on its validity, not on a row."),
                             scan->serial, scan->pass);
  gtk_label_set_text (self->image_title, title);
  gtk_widget_set_visible (self->image_pane, TRUE);
  kp_ballot_image_show (self->image, self->store, self->election_id, 0, (const char *const *) scan->pages,
                        (const guint *) rows->data, rows->len);
}

static void
row_focus_cb (GtkEventControllerFocus *focus,
              KpReconcileView         *self)
{
  show_row_image (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)));
}

static void
open_image_clicked_cb (GtkButton       *button,
                       KpReconcileView *self)
{
  const KpScanPending *scan = g_object_get_data (G_OBJECT (button), "scan");
  g_autoptr(GError) error = NULL;

  if (kp_ballot_image_window_present (GTK_WIDGET (self), self->store, self->election_id, 0, scan->pass, scan->serial,
                                      &error) == NULL)
    gtk_label_set_text (self->summary, error->message);
}

/* The scanned pass of a disagreement, if any: the image goes with its row. */
static void
attach_scan (KpReconcileView      *self,
             GtkWidget            *row,
             const KpDisagreement *x,
             guint                 mode)
{
  for (guint p = 0; p < mode; p++)
    {
      KpScanPending *scan;
      GtkWidget *button;
      g_autofree char *tooltip = NULL;

      if (x->pass[p] == NULL
          || (scan = kp_store_get_scan (self->store, self->election_id, 0, 'A' + p, x->serial, NULL)) == NULL)
        continue;
      g_object_set_data_full (G_OBJECT (row), "scan", scan, (GDestroyNotify) kp_scan_pending_free);
      g_object_set_data_full (G_OBJECT (row), "rows", differing_rows (x, mode), (GDestroyNotify) g_array_unref);
      tooltip = g_strdup_printf (_("Open the scanned image of ballot %u (pass %c) in a window (Ctrl+I)"), x->serial,
                                 'A' + p);
      button = gtk_button_new_from_icon_name ("image-x-generic-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data (G_OBJECT (button), "scan", scan);
      g_signal_connect (button, "clicked", G_CALLBACK (open_image_clicked_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), button);
      {
        GtkEventController *focus = gtk_event_controller_focus_new ();
        g_signal_connect (focus, "enter", G_CALLBACK (row_focus_cb), self);
        gtk_widget_add_controller (row, focus);
      }
      return;
    }
}

/* Ctrl+I (action reconcile.open-image): the image shown beside the list,
 * in its own window. */
static void
open_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KpReconcileView *self = KP_RECONCILE_VIEW (widget);
  g_autoptr(GError) error = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row; row = gtk_widget_get_next_sibling (row))
    {
      const KpScanPending *scan = g_object_get_data (G_OBJECT (row), "scan");

      if (scan != NULL && scan->serial == self->imaged
          && kp_ballot_image_window_present (widget, self->store, self->election_id, 0, scan->pass, scan->serial,
                                             &error) == NULL)
        gtk_label_set_text (self->summary, error->message);
    }
}

/**
 * kp_reconcile_view_show_image:
 * @serial: a disagreement's ballot
 *
 * Shows the scanned image of @serial's disagreement beside the list (what
 * focusing its row does). Returns: %FALSE when no pass of it was scanned.
 */
gboolean
kp_reconcile_view_show_image (KpReconcileView *self,
                              guint            serial)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row; row = gtk_widget_get_next_sibling (row))
    {
      const KpScanPending *scan = g_object_get_data (G_OBJECT (row), "scan");

      if (scan != NULL && scan->serial == serial)
        {
          show_row_image (self, row);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * kp_reconcile_view_get_image:
 *
 * Returns: (transfer none): the image beside the list (hidden while no
 * disagreement has a scanned pass).
 */
KpBallotImage *
kp_reconcile_view_get_image (KpReconcileView *self)
{
  return self->image;
}

/* The serial whose image is shown, or 0. */
guint
kp_reconcile_view_get_image_serial (KpReconcileView *self)
{
  return gtk_widget_get_visible (self->image_pane) ? self->imaged : 0;
}

static gboolean
fill (KpReconcileView  *self,
      GError          **error)
{
  g_autoptr(KpRoundInfo) info = kp_store_get_round_info (self->store, self->election_id, 0, error);
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) d = NULL;
  g_autofree char *summary = NULL;
  /* Read-only: the disagreements and rulings are shown; settling is not
   * possible (the buttons say why). */
  g_autofree char *read_only = kp_store_read_only_reason (self->store);
  GtkWidget *child;

  if (info == NULL || (d = kp_store_reconcile (self->store, self->election_id, 0, &agreed, error)) == NULL)
    return FALSE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  self->pending = 0;
  for (guint i = 0; i < d->len; i++)
    {
      const KpDisagreement *x = g_ptr_array_index (d, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Ballot %u"), x->serial);
      g_autoptr(GString) sides = g_string_new (NULL);

      for (guint p = 0; p < info->mode; p++)
        {
          g_autofree char *text = x->pass[p] ? kp_ballot_describe_shown (x->pass[p]) : g_strdup (_("missing"));
          g_string_append_printf (sides, "%s%c: %s", p ? "   |   " : "", 'A' + p, text);
        }
      if (x->resolved)
        {
          g_autofree char *ruling = x->resolution ? kp_ballot_describe_shown (x->resolution)
                                                  : g_strdup (_("no such ballot"));
          g_string_append_printf (sides, _("\nSettled by %s: %s — %s"), x->operator, ruling, x->reason);
        }
      else
        {
          self->pending++;
          /* Enter on the row opens its settling (row_activated_cb). */
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), read_only == NULL);
          g_object_set_data (G_OBJECT (row), "serial", GUINT_TO_POINTER (x->serial));
          for (guint p = 0; p < info->mode; p++)
            {
              g_autofree char *label = g_strdup_printf (_("Take %c"), 'A' + p);
              GtkWidget *button = gtk_button_new_with_label (label);

              if (p == 0)
                g_object_set_data (G_OBJECT (row), "first", button);

              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              gtk_widget_set_sensitive (button, read_only == NULL);
              gtk_widget_set_tooltip_text (button, read_only);
              g_object_set_data (G_OBJECT (button), "serial", GUINT_TO_POINTER (x->serial));
              g_object_set_data (G_OBJECT (button), "take", GINT_TO_POINTER ('A' + p));
              g_signal_connect (button, "clicked", G_CALLBACK (take_clicked_cb), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
          {
            /* Neither pass: the committee types what the paper says. */
            GtkWidget *button = gtk_button_new_with_label (_("The paper says…"));

            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_widget_set_sensitive (button, read_only == NULL);
            gtk_widget_set_tooltip_text (button, read_only);
            g_object_set_data (G_OBJECT (button), "serial", GUINT_TO_POINTER (x->serial));
            g_signal_connect (button, "clicked", G_CALLBACK (paper_clicked_cb), self);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          }
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sides->str);
      attach_scan (self, row, x, info->mode);
      gtk_list_box_append (self->list, row);
    }
  /* The first disagreement with a scanned pass, still to settle if any,
   * shows its image until another row takes the focus. */
  self->imaged = 0;
  kp_ballot_image_clear (self->image);
  gtk_widget_set_visible (self->image_pane, FALSE);
  {
    GtkWidget *first = NULL;

    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row; row = gtk_widget_get_next_sibling (row))
      if (g_object_get_data (G_OBJECT (row), "scan") != NULL
          && (first == NULL || (g_object_get_data (G_OBJECT (row), "serial") && !g_object_get_data (G_OBJECT (first), "serial"))))
        first = row;
    show_row_image (self, first);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason), read_only == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase), read_only == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reason), read_only);
  set_current (self, 0);
  {
    g_autofree char *agree = g_strdup_printf (ngettext ("%u ballot agrees or is settled",
                                                        "%u ballots agree or are settled", agreed->len), agreed->len);
    g_autofree char *differ = g_strdup_printf (ngettext ("%u disagreement", "%u disagreements", d->len), d->len);

    summary = g_strdup_printf (_("%s; %s, %u to settle."), agree, differ, self->pending);
  }
  gtk_label_set_text (self->summary, summary);
  return TRUE;
}

gboolean
kp_reconcile_view_show (KpReconcileView  *self,
                        KpStore          *store,
                        const char       *election_id,
                        const char       *operator,
                        GError          **error)
{
  self->store = store;
  {
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  g_free (self->operator);
  self->operator = g_strdup (operator);
  return fill (self, error);
}

guint
kp_reconcile_view_get_pending (KpReconcileView *self)
{
  return self->pending;
}

static void
kp_reconcile_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KP_TYPE_RECONCILE_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_reconcile_view_parent_class)->dispose (object);
}

static void
kp_reconcile_view_finalize (GObject *object)
{
  KpReconcileView *self = KP_RECONCILE_VIEW (object);

  g_free (self->election_id);
  g_free (self->operator);
  G_OBJECT_CLASS (kp_reconcile_view_parent_class)->finalize (object);
}

static void
kp_reconcile_view_class_init (KpReconcileViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_reconcile_view_dispose;
  object_class->finalize = kp_reconcile_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-reconcile-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, summary);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, reason);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, passphrase);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, list);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, image_pane);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, image_title);
  gtk_widget_class_bind_template_child (widget_class, KpReconcileView, image);
  gtk_widget_class_install_action (widget_class, "reconcile.open-image", NULL, open_image_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "reconcile.open-image", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_reconcile_view_init (KpReconcileView *self)
{
  g_type_ensure (ADW_TYPE_CLAMP);
  g_type_ensure (KP_TYPE_BALLOT_IMAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The page as wide as the pane beside the list. */
  kp_ballot_image_set_page_height (self->image, 0);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect (self->reason, "entry-activated", G_CALLBACK (reason_activated_cb), self);
}

KpReconcileView *
kp_reconcile_view_new (void)
{
  return g_object_new (KP_TYPE_RECONCILE_VIEW, NULL);
}
