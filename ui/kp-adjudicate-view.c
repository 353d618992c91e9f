/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-adjudicate-view.c — scanned ballots with marks for the committee. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kp-adjudicate-view.h"
#include "kp-ballot-image.h"
#include "kp-journal-words.h"
#include "kp-scan.h"

/* What the committee chose for one framed row; -1 while undecided. */
typedef struct
{
  guint no;   /* 0: the whole ballot (ink outside the rows) */
  int choice;
} Choice;

struct _KpAdjudicateView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  char *election_id;
  char *operator;
  KpElection *election;
  GPtrArray *pending;   /* KpScanPending */
  GArray *choices;      /* Choice, for the ballot shown */

  /* Template widgets */
  KpBallotImage *pictures;
  GtkLabel *summary;
  GtkLabel *ballot;
  GtkListBox *rows;
  AdwEntryRow *reason;
  GtkButton *save;
};

G_DEFINE_FINAL_TYPE (KpAdjudicateView, kp_adjudicate_view, GTK_TYPE_WIDGET)

static gboolean
is_strike (KpAdjudicateView *self)
{
  return kp_election_get_form (self->election) == KP_BALLOT_FORM_STRIKE;
}

static void
choice_toggled_cb (GtkToggleButton  *button,
                   KpAdjudicateView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (gtk_toggle_button_get_active (button) && index < self->choices->len)
    g_array_index (self->choices, Choice, index).choice = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button),
                                                                                               "choice"));
}

/* A row of linked toggle buttons, one of which the committee presses. */
static void
add_choice_row (KpAdjudicateView  *self,
                const char        *title,
                const char *const *labels)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkToggleButton *first = NULL;
  Choice choice = { 0, -1 };
  guint index = self->choices->len;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (int i = 0; labels[i]; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(labels[i]));
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
      g_object_set_data (G_OBJECT (button), "choice", GINT_TO_POINTER (i));
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  gtk_list_box_append (self->rows, row);
  g_array_append_val (self->choices, choice);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* Each page of the ballot, the doubtful rows framed in red and enlarged
 * (read in a thread: KpBallotImage). */
static void
show_pictures (KpAdjudicateView    *self,
               const KpScanPending *p)
{
  kp_ballot_image_show (self->pictures, self->store, self->election_id, 0, (const char *const *) p->pages,
                        (const guint *) p->rows->data, p->rows->len);
}

static void
show_current (KpAdjudicateView *self)
{
  static const char *const strike[] = { N_("Struck"), N_("Kept"), NULL };
  static const char *const yesno[] = { N_("Agree"), N_("Disagree"), N_("Both boxes"), N_("Neither"), NULL };
  static const char *const whole[] = { N_("Valid"), N_("Name added"), N_("Identifying mark"), NULL };
  g_auto(GStrv) shown = kp_election_get_display_names (self->election);
  g_autofree char *summary = NULL;
  const KpScanPending *p;

  clear_box (GTK_WIDGET (self->rows));
  g_array_set_size (self->choices, 0);
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scanned ballot waits for the committee's decision",
                                          "%u scanned ballots wait for the committee's decision", self->pending->len),
                             self->pending->len);
  gtk_label_set_text (self->summary, summary);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), self->pending->len > 0);
  if (self->pending->len == 0)
    {
      gtk_label_set_text (self->ballot, _("Nothing left to decide."));
      kp_ballot_image_clear (self->pictures);
      return;
    }
  p = self->pending->pdata[0];
  {
    g_autofree char *read = kp_ballot_describe_shown (p->ballot);
    g_autofree char *text = g_strdup_printf (_("Ballot %u of pass %c, read as: %s. Decide each row framed in red, "
                                               "looking at the image (and at the paper ballot)."), p->serial, p->pass,
                                             read);
    g_autofree char *with_ink = p->unplaced ? g_strdup_printf ("%s %s", text, _("There is ink outside the rows: decide "
                                                                            "whether the whole ballot is valid."))
                                            : NULL;
    gtk_label_set_text (self->ballot, with_ink ? with_ink : text);
  }
  for (guint i = 0; i < p->rows->len; i++)
    {
      guint no = g_array_index (p->rows, guint, i);
      g_autofree char *title = g_strdup_printf ("%u. %s", no, shown[no - 1]);
      add_choice_row (self, title, is_strike (self) ? strike : yesno);
      g_array_index (self->choices, Choice, self->choices->len - 1).no = no;
    }
  if (p->unplaced)
    {
      add_choice_row (self, _("Whole ballot"), whole);
      gtk_widget_set_tooltip_text (GTK_WIDGET (gtk_list_box_get_row_at_index (self->rows, self->choices->len - 1)),
                                   _("Ink outside the rows (a name added, a signature, a mark): is the ballot valid?"));
    }
  show_pictures (self, p);
}

static gboolean
reload (KpAdjudicateView *self,
        GError          **error)
{
  GPtrArray *pending = kp_store_scans_pending (self->store, self->election_id, 0, error);

  if (pending == NULL)
    return FALSE;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending = pending;
  show_current (self);
  return TRUE;
}

/**
 * kp_adjudicate_view_show:
 *
 * Shows the latest round's scanned ballots that wait for a decision.
 */
gboolean
kp_adjudicate_view_show (KpAdjudicateView *self,
                         KpStore          *store,
                         const char       *election_id,
                         const char       *operator,
                         GError          **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, 0, error);

  if (election == NULL)
    return FALSE;
  self->store = store;
  g_free (self->election_id);
  self->election_id = g_strdup (election_id);
  g_free (self->operator);
  self->operator = g_strdup (operator);
  g_clear_pointer (&self->election, kp_election_free);
  self->election = g_steal_pointer (&election);
  return reload (self, error);
}

guint
kp_adjudicate_view_get_pending (KpAdjudicateView *self)
{
  return self->pending ? self->pending->len : 0;
}

/**
 * kp_adjudicate_view_get_current:
 *
 * Returns: (transfer none) (nullable): the ballot shown.
 */
const KpScanPending *
kp_adjudicate_view_get_current (KpAdjudicateView *self)
{
  return self->pending && self->pending->len ? self->pending->pdata[0] : NULL;
}

/**
 * kp_adjudicate_view_decide:
 * @decided: the ballot shown, as the committee decides it
 *
 * Records the decision (kp_store_adjudicate) and shows the next ballot.
 */
gboolean
kp_adjudicate_view_decide (KpAdjudicateView *self,
                           const KpBallot   *decided,
                           const char       *reason,
                           GError          **error)
{
  const KpScanPending *p = kp_adjudicate_view_get_current (self);

  g_return_val_if_fail (p != NULL, FALSE);
  if (!kp_store_adjudicate (self->store, self->election_id, 0, p->pass, p->serial,
                            (const char *const *) p->pages, decided, reason, self->operator,
                            error))
    {
      /* Voided and scanned again meanwhile: the new ballot is shown, its
       * own rows to decide. */
      g_autoptr(KpScanPending) now = kp_store_get_scan (self->store, self->election_id, 0, p->pass, p->serial, NULL);
      if (now == NULL || !g_strv_equal ((const char *const *) now->pages, (const char *const *) p->pages))
        reload (self, NULL);
      return FALSE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->reason), "");
  return reload (self, error);
}

static void
save_clicked_cb (GtkButton        *button,
                 KpAdjudicateView *self)
{
  static const char marks[] = { KP_MARK_YES, KP_MARK_NO, KP_MARK_BOTH, KP_MARK_NEITHER };
  const KpScanPending *p = kp_adjudicate_view_get_current (self);
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GError) error = NULL;

  if (p == NULL)
    return;
  ballot = kp_ballot_copy (p->ballot);
  for (guint i = 0; i < self->choices->len; i++)
    {
      const Choice *c = &g_array_index (self->choices, Choice, i);

      if (c->choice < 0)
        {
          gtk_label_set_text (self->summary, _("Decide every row framed in red first."));
          return;
        }
      if (c->no == 0)
        {
          if (c->choice > 0)
            kp_ballot_set_flag (ballot, c->choice == 1 ? KP_INVALID_ADDED_NAME : KP_INVALID_IDENTIFYING_MARK, NULL);
        }
      else if (is_strike (self))
        {
          if (c->choice == 0)
            kp_ballot_strike (ballot, c->no);
          else
            ballot->struck[(c->no - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((c->no - 1) % 64));
        }
      else
        ballot->marks[c->no - 1] = marks[c->choice];
    }
  if (!kp_adjudicate_view_decide (self, ballot, gtk_editable_get_text (GTK_EDITABLE (self->reason)), &error))
    gtk_label_set_text (self->summary, error->message);
}

static void
kp_adjudicate_view_dispose (GObject *object)
{
  KpAdjudicateView *self = KP_ADJUDICATE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KP_TYPE_ADJUDICATE_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_adjudicate_view_parent_class)->dispose (object);
}

static void
kp_adjudicate_view_finalize (GObject *object)
{
  KpAdjudicateView *self = KP_ADJUDICATE_VIEW (object);

  g_free (self->election_id);
  g_free (self->operator);
  g_clear_pointer (&self->election, kp_election_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_array_unref);
  G_OBJECT_CLASS (kp_adjudicate_view_parent_class)->finalize (object);
}

static void
kp_adjudicate_view_class_init (KpAdjudicateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_adjudicate_view_dispose;
  object_class->finalize = kp_adjudicate_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-adjudicate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, pictures);
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, summary);
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, ballot);
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, rows);
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, reason);
  gtk_widget_class_bind_template_child (widget_class, KpAdjudicateView, save);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_adjudicate_view_init (KpAdjudicateView *self)
{
  g_type_ensure (KP_TYPE_BALLOT_IMAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  self->pending = g_ptr_array_new ();
  g_signal_connect (self->save, "clicked", G_CALLBACK (save_clicked_cb), self);
}

KpAdjudicateView *
kp_adjudicate_view_new (void)
{
  return g_object_new (KP_TYPE_ADJUDICATE_VIEW, NULL);
}
