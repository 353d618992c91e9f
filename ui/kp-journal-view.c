/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-journal-view.c — the entry journal, and its check. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kp-ballot-image.h"

#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-journal-view.h"
#include "kp-journal-words.h"
#include "kp-names.h"

/* A ballot read from scans, as its journal entry names it. */
typedef struct
{
  char *election;
  guint round;
  char pass;
  guint serial;
  char **pages;  /* "<sha256>:<page>" */
} Scanned;

static void
scanned_free (Scanned *scanned)
{
  if (scanned == NULL)
    return;
  g_free (scanned->election);
  g_strfreev (scanned->pages);
  g_free (scanned);
}

struct _KpJournalView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  GPtrArray *scanned;     /* Scanned, or NULL: the entry is not a scanned ballot; same order */
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
static void open_image_clicked_cb (GtkButton *button, KpJournalView *self);

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          KpJournalView            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
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
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "image-x-generic-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Show the scanned image"));
  gtk_button_set_child (GTK_BUTTON (image), content);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_widget_add_css_class (image, "flat");
  gtk_widget_add_css_class (image, "caption");
  gtk_widget_add_css_class (image, "kp-journal-image");
  gtk_widget_set_tooltip_text (image, _("The ballot as the scanner saw it, kept in the congress file (Enter on the "
                                        "entry opens it too)"));
  g_signal_connect (image, "clicked", G_CALLBACK (open_image_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), text);
  /* "Details" and, for a scanned ballot, its image on the same line. */
  gtk_widget_set_valign (expander, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (line), expander);
  gtk_box_append (GTK_BOX (line), image);
  gtk_box_append (GTK_BOX (box), line);
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
  GtkWidget *expander = gtk_widget_get_first_child (gtk_widget_get_next_sibling (text));
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_markup (GTK_LABEL (text), gtk_string_object_get_string (line));
  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
  gtk_label_set_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (expander))),
                      position < self->details->len ? g_ptr_array_index (self->details, position) : "");
  {
    GtkWidget *image = gtk_widget_get_next_sibling (expander);

    /* A typed ballot has no image: no button. */
    gtk_widget_set_visible (image, position < self->scanned->len && self->scanned->pdata[position] != NULL);
    g_object_set_data (G_OBJECT (image), "position", GUINT_TO_POINTER (position));
  }
}

/**
 * kp_journal_view_open_image:
 * @position: an entry's position in the list
 *
 * Opens the scanned image of the ballot the entry saved (each page, in a
 * window). Returns: the window, or %NULL when the entry is not a scanned
 * ballot (a typed ballot has no image).
 */
GtkWindow *
kp_journal_view_open_image (KpJournalView *self,
                            guint          position)
{
  const Scanned *s = position < self->scanned->len ? self->scanned->pdata[position] : NULL;

  if (s == NULL || self->store == NULL)
    return NULL;
  return kp_ballot_image_window_present_pages (GTK_WIDGET (self), self->store, s->election, s->round, s->pass,
                                               s->serial, (const char *const *) s->pages);
}

/* Whether the entry at @position is a scanned ballot with an image. */
gboolean
kp_journal_view_has_image (KpJournalView *self,
                           guint          position)
{
  return position < self->scanned->len && self->scanned->pdata[position] != NULL;
}

static void
open_image_clicked_cb (GtkButton     *button,
                       KpJournalView *self)
{
  kp_journal_view_open_image (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position")));
}

/* Enter on an entry of a scanned ballot opens its image. */
static void
activate_cb (GtkListView   *list,
             guint          position,
             KpJournalView *self)
{
  kp_journal_view_open_image (self, position);
}

/* The ballot an "enter" entry saved from scans, or %NULL. */
static Scanned *
scanned_of (const KpJournalEntry *e)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *c, *scan;
  JsonArray *pages;
  Scanned *s;

  if (g_strcmp0 (e->action, "enter") != 0 || strstr (e->content, "\"scan\"") == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, e->content, -1, NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  c = json_node_get_object (json_parser_get_root (parser));
  scan = json_object_has_member (c, "scan") ? json_object_get_object_member (c, "scan") : NULL;
  pages = scan && json_object_has_member (scan, "pages") ? json_object_get_array_member (scan, "pages") : NULL;
  if (pages == NULL || json_array_get_length (pages) == 0 || !json_object_has_member (c, "election")
      || !json_object_has_member (c, "round") || !json_object_has_member (c, "pass")
      || !json_object_has_member (c, "serial"))
    return NULL;
  s = g_new0 (Scanned, 1);
  s->election = g_strdup (json_object_get_string_member (c, "election"));
  s->round = (guint) json_object_get_int_member (c, "round");
  s->pass = *json_object_get_string_member (c, "pass");
  s->serial = (guint) json_object_get_int_member (c, "serial");
  s->pages = g_new0 (char *, json_array_get_length (pages) + 1);
  for (guint i = 0; i < json_array_get_length (pages); i++)
    s->pages[i] = g_strdup (json_array_get_string_element (pages, i));
  return s;
}

/**
 * kp_journal_view_show:
 *
 * Lists every entry and verifies the whole file (kp_store_verify): the
 * status line says whether the chain and the tables hold. Each entry says
 * what was done in the user's language — under a Vietnamese locale the
 * journal PDF's words — the elections by their names
 * (kp_journal_describe_entry_shown); its hash and JSON are behind "Details".
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
  g_ptr_array_set_size (self->scanned, 0);
  self->store = store;
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (journal, i);
      g_autofree char *at = g_strndup (e->at, 19);
      /* In the user's language; the printed journal stays Vietnamese. */
      g_autofree char *what = kp_journal_describe_entry_shown (kp_store_get_congress (store), e);
      g_autofree char *content = kp_text_shorten (e->content, DETAILS_MAX); /* never past its end */

      if (strlen (at) == 19)
        at[10] = ' ';
      /* "12  2026-11-30 08:15:02  Nguyễn Thị Lan  Nhập phiếu  bch, lần 1, …" */
      g_ptr_array_add (strings, g_markup_printf_escaped ("<span font_features=\"tnum\">%" G_GINT64_FORMAT "</span>   "
                                                         "<span font_features=\"tnum\">%s</span>   %s   "
                                                         "<b>%s</b>   %s",
                                                         e->seq, at, e->operator,
                                                         kp_journal_action_shown (e->action), what));
      g_ptr_array_add (self->scanned, scanned_of (e));
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
  g_clear_pointer (&self->scanned, g_ptr_array_unref);
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
  self->scanned = g_ptr_array_new_with_free_func ((GDestroyNotify) scanned_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (self->list, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
}

KpJournalView *
kp_journal_view_new (void)
{
  return g_object_new (KP_TYPE_JOURNAL_VIEW, NULL);
}
