/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-journal-view.c — the entry journal, and its check. */

#include <glib/gi18n.h>

#include "kp-journal.h"
#include "kp-journal-view.h"

struct _KpJournalView
{
  GtkWidget parent_instance;

  /* Owned */
  GtkStringList *lines;
  char *status_text;
  gboolean verified;

  /* Template widgets */
  GtkLabel *status;
  GtkListView *list;
};

G_DEFINE_FINAL_TYPE (KpJournalView, kp_journal_view, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  GtkStringObject *line = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (line));
}

/**
 * kp_journal_view_show:
 *
 * Lists every entry and verifies the whole file (kp_store_verify): the
 * status line says whether the chain and the tables hold.
 */
gboolean
kp_journal_view_show (KpJournalView  *self,
                      KpStore        *store,
                      GError        **error)
{
  g_autoptr(GPtrArray) journal = kp_store_get_journal (store, error);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) verify_error = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  if (journal == NULL)
    return FALSE;
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (journal, i);
      g_ptr_array_add (strings, g_strdup_printf ("%5" G_GINT64_FORMAT "  %.19s  %-10s  %-22s  %.12s  %s", e->seq,
                                                 e->at, e->action, e->operator, e->hash,
                                                 g_str_equal (e->action, "create") ? "{…}" : e->content));
    }
  g_ptr_array_add (strings, NULL);
  g_clear_object (&self->lines);
  self->lines = gtk_string_list_new ((const char *const *) strings->pdata);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->lines)))));

  g_free (self->status_text);
  self->verified = kp_store_verify (store, report, &verify_error);
  if (self->verified)
    self->status_text = g_strdup_printf (_("%u entries; the chain, the tables and the signatures verify."), journal->len);
  else
    self->status_text = g_strdup_printf (_("VERIFICATION FAILED: %s\n%s"), verify_error->message, report->str);
  gtk_label_set_text (self->status, self->status_text);
  if (verify_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  return TRUE;
}

guint
kp_journal_view_get_n_rows (KpJournalView *self)
{
  return self->lines ? g_list_model_get_n_items (G_LIST_MODEL (self->lines)) : 0;
}

const char *
kp_journal_view_get_status (KpJournalView *self)
{
  return self->status_text;
}

gboolean
kp_journal_view_is_verified (KpJournalView *self)
{
  return self->verified;
}

static void
kp_journal_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KP_TYPE_JOURNAL_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_journal_view_parent_class)->dispose (object);
}

static void
kp_journal_view_finalize (GObject *object)
{
  KpJournalView *self = KP_JOURNAL_VIEW (object);

  g_clear_object (&self->lines);
  g_free (self->status_text);
  G_OBJECT_CLASS (kp_journal_view_parent_class)->finalize (object);
}

static void
kp_journal_view_class_init (KpJournalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_journal_view_dispose;
  object_class->finalize = kp_journal_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-journal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpJournalView, status);
  gtk_widget_class_bind_template_child (widget_class, KpJournalView, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_journal_view_init (KpJournalView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
}

KpJournalView *
kp_journal_view_new (void)
{
  return g_object_new (KP_TYPE_JOURNAL_VIEW, NULL);
}
