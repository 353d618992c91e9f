/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-results-view.c — the live tally of one round. */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kp-definition.h"
#include "kp-names.h"
#include "kp-results-view.h"

struct _KpResultsView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  char *election_id;
  char *operator;
  KpResult *result;

  /* Template widgets */
  GtkWidget *scroller;
  GtkLabel *title;
  GtkLabel *ballots;
  GtkGrid *table;
  GtkLabel *decision;
  AdwEntryRow *issued;
  AdwEntryRow *collected;
  GtkLabel *count_error;
  GtkListBox *checks;
};

G_DEFINE_FINAL_TYPE (KpResultsView, kp_results_view, GTK_TYPE_WIDGET)

static const char *
status_words (KpStatus status)
{
  switch (status)
    {
    case KP_STATUS_ELECTED:
      return _("Elected");
    case KP_STATUS_TIED:
      return _("Tied");
    case KP_STATUS_NOT_ELECTED:
      return _("Not elected (seats filled)");
    case KP_STATUS_BELOW_THRESHOLD:
      return _("Not elected (not over half)");
    default:
      g_assert_not_reached ();
    }
}

static void
cell (KpResultsView *self,
      const char    *text,
      int            column,
      int            row,
      gboolean       header,
      float          xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  if (column == 1)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (self->table, label, column, row, 1, 1);
}

static char *
names (const KpResult *result,
       const GArray   *nos)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < nos->len; i++)
    {
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, g_array_index (nos, guint, i) - 1);
      g_string_append_printf (out, "%s%s", i ? ", " : "", c->display_name);
    }
  return g_string_free (out, FALSE);
}

static void
set_count_text (AdwEntryRow *row,
                gint64       count)
{
  g_autofree char *text = count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* A number typed in "Ballots issued" or "Ballots collected" is recorded
 * (journalled with the operator's name) and the checks are redone. */
static void
count_apply_cb (AdwEntryRow   *row,
                KpResultsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  guint64 count;
  gboolean ok;

  if (!g_ascii_string_to_unsigned (stripped, 10, 0, KP_MAX_COUNT, &count, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a number of ballots: type a whole number from 0 to %u."),
                                                  text, KP_MAX_COUNT);
      gtk_label_set_text (self->count_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->count_error), TRUE);
      gtk_widget_error_bell (GTK_WIDGET (row));
      return;
    }
  if (row == self->issued)
    ok = kp_store_set_issued (self->store, self->election_id, 0, count, self->operator, &error);
  else
    ok = kp_store_set_collected (self->store, self->election_id, 0, count, self->operator, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->count_error), !ok);
  if (!ok)
    {
      gtk_label_set_text (self->count_error, error->message);
      return;
    }
  if (!kp_results_view_refresh (self, &error))
    {
      gtk_label_set_text (self->count_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->count_error), TRUE);
    }
}

/**
 * kp_results_view_refresh:
 *
 * Recomputes the result of the round from the congress file and shows it.
 */
gboolean
kp_results_view_refresh (KpResultsView  *self,
                         GError        **error)
{
  g_autoptr(KpRoundInfo) info = kp_store_get_round_info (self->store, self->election_id, 0, error);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GString) decision = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *ballots = NULL;
  KpResult *result;
  GtkWidget *child;

  if (info == NULL || (election = kp_store_get_election (self->store, self->election_id, info->round, error)) == NULL
      || (result = kp_store_results (self->store, self->election_id, info->round, &checks, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->result, kp_result_free);
  self->result = result;

  title = g_strdup_printf (_("%s — round %u%s"), election->title, info->round,
                           kp_store_is_rehearsal (self->store) ? _(" (rehearsal: does not count)")
                           : info->state == KP_ELECTION_CONFIRMED ? _(" (confirmed)") : _(" (unofficial)"));
  gtk_label_set_text (self->title, title);
  ballots = g_strdup_printf (_("Seats %u · base %u · collected %u · valid %u · invalid %u"), result->seats,
                             result->base, result->collected, result->valid, result->invalid);
  gtk_label_set_text (self->ballots, ballots);

  /* The committee's hand counts (R-RECON-1), until the round is confirmed. */
  set_count_text (self->issued, info->issued);
  set_count_text (self->collected, info->collected);
  {
    /* The box's counts are recorded in the file: not while it is open
     * read-only (the tooltip says why). */
    g_autofree char *read_only = kp_store_read_only_reason (self->store);

    gtk_widget_set_sensitive (GTK_WIDGET (self->issued), info->state != KP_ELECTION_CONFIRMED && read_only == NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->collected), info->state != KP_ELECTION_CONFIRMED && read_only == NULL);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->issued), read_only);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->collected), read_only);
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  cell (self, _("No."), 0, 0, TRUE, 1);
  cell (self, _("Name"), 1, 0, TRUE, 0);
  cell (self, _("Votes"), 2, 0, TRUE, 1);
  cell (self, _("Share of the base"), 3, 0, TRUE, 1);
  cell (self, _("Result"), 4, 0, TRUE, 0);
  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);
      g_autofree char *votes = g_strdup_printf ("%u", c->votes);
      g_autofree char *pct = kp_rules_format_percent (c->percent, ',');

      cell (self, no, 0, i + 1, FALSE, 1);
      cell (self, c->display_name, 1, i + 1, FALSE, 0); /* R-LIST-2: namesakes */
      cell (self, votes, 2, i + 1, FALSE, 1);
      cell (self, pct, 3, i + 1, FALSE, 1);
      cell (self, status_words (c->status), 4, i + 1, FALSE, 0);
    }

  if (result->tied->len)
    {
      g_autofree char *tied = names (result, result->tied);
      g_string_append_printf (decision, _("Tied at the last seats, none of them elected: %s. "), tied);
    }
  if (result->seats_remaining)
    {
      g_autofree char *proposed = names (result, result->next_round_candidates);
      g_string_append_printf (decision, ngettext ("%u seat remains; proposed round %u with: %s.",
                                                  "%u seats remain; proposed round %u with: %s.",
                                                  result->seats_remaining),
                              result->seats_remaining, result->round + 1, proposed);
    }
  else
    g_string_append (decision, _("Every seat is filled."));
  gtk_label_set_text (self->decision, decision->str);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks))) != NULL)
    gtk_list_box_remove (self->checks, child);
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *badge = gtk_label_new (g_str_equal (c->status, "ok") ? _("ok")
                                        : g_str_equal (c->status, "failed") ? _("FAILED") : _("unknown"));

      g_autofree char *words = kp_text_capitalize (kp_check_title (c->check));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), words);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->text);
      gtk_widget_add_css_class (badge, g_str_equal (c->status, "ok") ? "success" : "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_append (self->checks, row);
    }
  return TRUE;
}

gboolean
kp_results_view_show (KpResultsView  *self,
                      KpStore        *store,
                      const char     *election_id,
                      const char     *operator,
                      GError        **error)
{
  self->store = store;
  g_free (self->operator);
  self->operator = g_strdup (operator);
  gtk_widget_set_visible (GTK_WIDGET (self->count_error), FALSE);
  {
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  return kp_results_view_refresh (self, error);
}

/**
 * kp_results_view_get_result:
 *
 * Returns: (transfer none) (nullable): the result shown.
 */
KpResult *
kp_results_view_get_result (KpResultsView *self)
{
  return self->result;
}

static void
kp_results_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KP_TYPE_RESULTS_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_results_view_parent_class)->dispose (object);
}

static void
kp_results_view_finalize (GObject *object)
{
  KpResultsView *self = KP_RESULTS_VIEW (object);

  g_free (self->election_id);
  g_free (self->operator);
  g_clear_pointer (&self->result, kp_result_free);
  G_OBJECT_CLASS (kp_results_view_parent_class)->finalize (object);
}

static void
kp_results_view_class_init (KpResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_results_view_dispose;
  object_class->finalize = kp_results_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, title);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, ballots);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, table);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, decision);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, issued);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, collected);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, count_error);
  gtk_widget_class_bind_template_child (widget_class, KpResultsView, checks);
  gtk_widget_class_bind_template_callback (widget_class, count_apply_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_results_view_init (KpResultsView *self)
{
  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_init_template (GTK_WIDGET (self));
}

KpResultsView *
kp_results_view_new (void)
{
  return g_object_new (KP_TYPE_RESULTS_VIEW, NULL);
}
