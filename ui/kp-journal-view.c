/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-journal-view.c — the entry journal, and its check. */

#include <glib/gi18n.h>
#include <string.h>

#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-journal-view.h"
#include "kp-names.h"

struct _KpJournalView
{
  GtkWidget parent_instance;

  /* Owned */
  GtkStringList *lines;   /* what each entry did, in words */
  GPtrArray *details;     /* char *: its hash and JSON, same order */
  char *status_text;
  gboolean verified;

  /* Template widgets */
  GtkLabel *status;
  GtkListView *list;
};

G_DEFINE_FINAL_TYPE (KpJournalView, kp_journal_view, GTK_TYPE_WIDGET)

/* The JSON of a "create" entry is the whole definition: its start is enough
 * here (the file keeps it all; kiemphieu-cli prints it). */
#define DETAILS_MAX 600

/* One entry: a line of what was done in words; the hash and the JSON
 * behind "Details". */
static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *expander = gtk_expander_new (_("Details"));
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (details), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "monospace");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_expander_set_child (GTK_EXPANDER (expander), details);
  gtk_widget_add_css_class (expander, "caption");
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), expander);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         KpJournalView            *self)
{
  GtkStringObject *line = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *text = gtk_widget_get_first_child (box);
  GtkWidget *expander = gtk_widget_get_next_sibling (text);
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_markup (GTK_LABEL (text), gtk_string_object_get_string (line));
  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
  gtk_label_set_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (expander))),
                      position < self->details->len ? g_ptr_array_index (self->details, position) : "");
}

/**
 * kp_journal_view_show:
 *
 * Lists every entry and verifies the whole file (kp_store_verify): the
 * status line says whether the chain and the tables hold. Each entry says
 * what was done in the journal PDF's words, the elections by their names
 * (kp_documents_describe_entry_in);
 * its hash and JSON are behind "Details".
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
  g_ptr_array_set_size (self->details, 0);
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (journal, i);
      g_autofree char *at = g_strndup (e->at, 19);
      g_autofree char *what = kp_documents_describe_entry_in (kp_store_get_congress (store), e);
      g_autofree char *content = kp_text_shorten (e->content, DETAILS_MAX); /* never past its end */

      if (strlen (at) == 19)
        at[10] = ' ';
      /* "12  2026-11-30 08:15:02  Nguyễn Thị Lan  Nhập phiếu  bch, lần 1, …" */
      g_ptr_array_add (strings, g_markup_printf_escaped ("<span font_features=\"tnum\">%" G_GINT64_FORMAT "</span>   "
                                                         "<span font_features=\"tnum\">%s</span>   %s   "
                                                         "<b>%s</b>   %s",
                                                         e->seq, at, e->operator,
                                                         kp_documents_action_words (e->action), what));
      g_ptr_array_add (self->details, g_strdup_printf (_("Hash: %s\nContent as recorded: %s%s"), e->hash, content,
                                                       g_utf8_strlen (e->content, -1) > DETAILS_MAX ? "…" : ""));
    }
  g_ptr_array_add (strings, NULL);
  g_clear_object (&self->lines);
  self->lines = gtk_string_list_new ((const char *const *) strings->pdata);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->lines)))));

  g_free (self->status_text);
  self->verified = kp_store_verify (store, report, &verify_error);
  if (self->verified)
    self->status_text = g_strdup_printf (ngettext ("%u entry; the chain, the tables and the signatures verify.",
                                                   "%u entries; the chain, the tables and the signatures verify.",
                                                   journal->len), journal->len);
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
  g_clear_pointer (&self->details, g_ptr_array_unref);
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
  self->details = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
}

KpJournalView *
kp_journal_view_new (void)
{
  return g_object_new (KP_TYPE_JOURNAL_VIEW, NULL);
}
