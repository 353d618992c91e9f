/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-reconcile-view.c — the disagreements between passes. */

#include <adwaita.h>
#include <glib/gi18n.h>

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

  /* Template widgets */
  GtkLabel *summary;
  AdwEntryRow *reason;
  AdwPasswordEntryRow *passphrase;
  GtkListBox *list;
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

static gboolean
fill (KpReconcileView  *self,
      GError          **error)
{
  g_autoptr(KpRoundInfo) info = kp_store_get_round_info (self->store, self->election_id, 0, error);
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) d = NULL;
  g_autofree char *summary = NULL;
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
          g_autofree char *text = x->pass[p] ? kp_ballot_describe (x->pass[p]) : g_strdup (_("missing"));
          g_string_append_printf (sides, "%s%c: %s", p ? "   |   " : "", 'A' + p, text);
        }
      if (x->resolved)
        {
          g_autofree char *ruling = x->resolution ? kp_ballot_describe (x->resolution) : g_strdup (_("no such ballot"));
          g_string_append_printf (sides, _("\nSettled by %s: %s — %s"), x->operator, ruling, x->reason);
        }
      else
        {
          self->pending++;
          for (guint p = 0; p < info->mode; p++)
            {
              g_autofree char *label = g_strdup_printf (_("Take %c"), 'A' + p);
              GtkWidget *button = gtk_button_new_with_label (label);

              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              g_object_set_data (G_OBJECT (button), "serial", GUINT_TO_POINTER (x->serial));
              g_object_set_data (G_OBJECT (button), "take", GINT_TO_POINTER ('A' + p));
              g_signal_connect (button, "clicked", G_CALLBACK (take_clicked_cb), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sides->str);
      gtk_list_box_append (self->list, row);
    }
  summary = g_strdup_printf (_("%u ballots agree or are settled; %u disagreements, %u to settle."), agreed->len,
                             d->len, self->pending);
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_reconcile_view_init (KpReconcileView *self)
{
  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_init_template (GTK_WIDGET (self));
}

KpReconcileView *
kp_reconcile_view_new (void)
{
  return g_object_new (KP_TYPE_RECONCILE_VIEW, NULL);
}
