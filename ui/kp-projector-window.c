/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-projector-window.c — the hall's view of a result. */

#include <glib/gi18n.h>

#include "kp-projector-window.h"

struct _KpProjectorWindow
{
  AdwWindow parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  char *election_id;
  gboolean released;

  /* Template widgets */
  GtkLabel *congress;
  GtkLabel *title;
  GtkLabel *banner;
  GtkStack *stack;
  GtkLabel *waiting;
  GtkGrid *table;
  GtkLabel *summary;
};

G_DEFINE_FINAL_TYPE (KpProjectorWindow, kp_projector_window, ADW_TYPE_WINDOW)

static void
cell (GtkGrid    *table,
      const char *text,
      int         column,
      int         row,
      gboolean    elected)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 1 ? 0 : 1);
  gtk_widget_add_css_class (label, "kp-projector-row");
  if (elected)
    gtk_widget_add_css_class (label, "kp-projector-elected");
  gtk_grid_attach (table, label, column, row, 1, 1);
}

/**
 * kp_projector_window_refresh:
 *
 * Shows the current totals of the round, or only "counting in progress"
 * while it is not released.
 */
gboolean
kp_projector_window_refresh (KpProjectorWindow  *self,
                             GError            **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autofree char *summary = NULL;
  KpCongress *congress;
  GtkWidget *child;

  if (self->store == NULL)
    return TRUE;
  if ((info = kp_store_get_round_info (self->store, self->election_id, 0, error)) == NULL
      || (election = kp_store_get_election (self->store, self->election_id, info->round, error)) == NULL)
    return FALSE;
  congress = kp_store_get_congress (self->store);
  gtk_label_set_text (self->congress, congress->name);
  gtk_label_set_text (self->title, election->title);
  /* A rehearsal copy says so on the hall's screen too, even when confirmed. */
  gtk_label_set_text (self->banner, kp_store_is_rehearsal (self->store) ? "THỬ NGHIỆM" : "CHƯA CHÍNH THỨC");
  gtk_widget_set_visible (GTK_WIDGET (self->banner),
                          kp_store_is_rehearsal (self->store) || info->state != KP_ELECTION_CONFIRMED);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  if (!self->released)
    {
      gtk_stack_set_visible_child_name (self->stack, "hidden");
      gtk_label_set_text (self->summary, "");
      return TRUE;
    }

  if ((result = kp_store_results (self->store, self->election_id, info->round, NULL, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);
      g_autofree char *votes = g_strdup_printf ("%u", c->votes);
      g_autofree char *pct = kp_rules_format_percent (c->percent, ',');
      g_autofree char *pct_sign = g_strdup_printf ("%s%%", pct);
      gboolean elected = c->status == KP_STATUS_ELECTED;

      cell (self->table, no, 0, i, elected);
      cell (self->table, c->display_name, 1, i, elected); /* R-LIST-2: namesakes */
      cell (self->table, votes, 2, i, elected);
      cell (self->table, pct_sign, 3, i, elected);
      cell (self->table, elected ? _("Elected") : c->status == KP_STATUS_TIED ? _("Tied") : "", 4, i, elected);
    }
  summary = g_strdup_printf (_("Ballots collected %u · valid %u · invalid %u · elected %u of %u"), result->collected,
                             result->valid, result->invalid, result->elected->len, result->seats);
  gtk_label_set_text (self->summary, summary);
  gtk_stack_set_visible_child_name (self->stack, "results");
  return TRUE;
}

gboolean
kp_projector_window_show_round (KpProjectorWindow  *self,
                                KpStore            *store,
                                const char         *election_id,
                                GError            **error)
{
  self->store = store;
  {
    char *id = g_strdup (election_id);
    g_free (self->election_id);
    self->election_id = id;
  }
  self->released = FALSE;
  return kp_projector_window_refresh (self, error);
}

/**
 * kp_projector_window_set_released:
 *
 * The head's switch: the hall sees the totals only once released.
 */
void
kp_projector_window_set_released (KpProjectorWindow *self,
                                  gboolean           released)
{
  self->released = released;
  kp_projector_window_refresh (self, NULL);
}

gboolean
kp_projector_window_get_released (KpProjectorWindow *self)
{
  return self->released;
}

static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

/**
 * kp_projector_window_get_text:
 *
 * Returns: (transfer full): every text the hall can see now, one a line.
 */
char *
kp_projector_window_get_text (KpProjectorWindow *self)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (self), out);
  return g_string_free (out, FALSE);
}

/**
 * kp_projector_window_present_on:
 * @monitor: (nullable): the projector; %NULL for the last monitor
 */
void
kp_projector_window_present_on (KpProjectorWindow *self,
                                GdkMonitor        *monitor)
{
  if (monitor == NULL)
    {
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
      guint n = g_list_model_get_n_items (monitors);
      if (n > 1)
        monitor = g_list_model_get_item (monitors, n - 1), g_object_unref (monitor);
    }
  gtk_window_present (GTK_WINDOW (self));
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
}

static void
kp_projector_window_finalize (GObject *object)
{
  KpProjectorWindow *self = KP_PROJECTOR_WINDOW (object);

  g_free (self->election_id);
  G_OBJECT_CLASS (kp_projector_window_parent_class)->finalize (object);
}

static void
kp_projector_window_class_init (KpProjectorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kp_projector_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-projector-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, congress);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, title);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, waiting);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, table);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, summary);
}

static void
kp_projector_window_init (KpProjectorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KpProjectorWindow *
kp_projector_window_new (GtkApplication *application)
{
  return g_object_new (KP_TYPE_PROJECTOR_WINDOW, "application", application, NULL);
}
