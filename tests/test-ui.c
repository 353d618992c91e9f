/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-ui.c — the desktop app driven in-process under Xvfb: the entry
 * screen with key presses (keystroke count, live validity, void and
 * re-entry), double entry seen by reconciliation, the projector's hide and
 * release. With KP_SCREENSHOT_DIR set, it saves screenshots of each screen.
 */

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>
#include <locale.h>
#include <string.h>

#include "kp-adjudicate-view.h"
#include "kp-ballot-image.h"
#include "kp-application.h"
#include "kp-ballot-reader.h"
#include "kp-documents.h"
#include "kp-entry-lock.h"
#include "kp-journal.h"
#include "kp-journal-view.h"
#include "kp-journal-words.h"
#include "kp-names.h"
#include "kp-reconcile-view.h"
#include "kp-sandbox.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"
#include "kp-setup-view.h"
#include "kp-store-projector.h"
#include "kp-window.h"
#include "ui-util.h"

/* One application for the whole run: it is registered on the bus once. */
static KpApplication *application;

typedef struct
{
  KpWindow *window;
  char *path;
} Fixture;

static char *
demo_congress (void)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "daihoi.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);
  return path;
}

/* The demo congress with its "bch" list made as long as the national
 * ballot: 199 names (rules.md: 199 official members), 180 seats. */
static char *
national_congress (void)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  char *path = g_build_filename (dir, "quocgia.kiemphieu", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *data = NULL;
  JsonObject *election;
  JsonArray *candidates = json_array_new ();
  gsize length;

  g_assert_true (json_parser_load_from_file (parser, definition, &error));
  g_assert_no_error (error);
  election = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "elections"), 0);
  g_assert_cmpstr (json_object_get_string_member (election, "id"), ==, "bch");
  for (guint i = 1; i <= 199; i++)
    {
      JsonObject *candidate = json_object_new ();
      g_autofree char *name = g_strdup_printf ("Nguyễn Văn Số %03u", i);

      json_object_set_string_member (candidate, "name", name);
      json_array_add_object_element (candidates, candidate);
    }
  json_object_set_array_member (election, "candidates", candidates);
  json_object_set_int_member (election, "seats", 180);
  json_generator_set_root (generator, json_parser_get_root (parser));
  data = json_generator_to_data (generator, &length);
  store = kp_store_create (path, data, length, "quocgia.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);
  return path;
}

/* The newest message dialog over @window, or %NULL. */
static AdwMessageDialog *
find_dialog (KpWindow   *window,
             const char *heading)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (w))
          && g_str_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* Whether this run speaks English (the suite runs under C; the user
 * guide's screenshots are taken under vi_VN). */
static gboolean
in_english (void)
{
  return g_str_equal (C_ ("journal action", "Ballot entered"), "Ballot entered");
}

/* The dialog once it is shown and has placed its focus (keys pressed
 * before that go to no button; a loaded machine takes longer than 200 ms),
 * %NULL after 5 s. */
static AdwMessageDialog *
wait_for_dialog (KpWindow   *window,
                 const char *heading)
{
  for (guint i = 0; i < 250; i++)
    {
      AdwMessageDialog *dialog = find_dialog (window, heading);
      GtkWidget *focus = dialog ? gtk_window_get_focus (GTK_WINDOW (dialog)) : NULL;

      /* Focus is placed when the dialog is mapped; Tab follows the
       * buttons' places, which the first layout gives them. */
      if (focus != NULL && gtk_widget_get_width (focus) > 0)
        {
          spin (100);
          if (gtk_window_get_focus (GTK_WINDOW (dialog)) == focus)
            return dialog;
          continue;
        }
      spin (20);
    }
  return find_dialog (window, heading);
}

/* The first GtkEditable below @root (a GtkEntry, not a row's delegate). */
static GtkEditable *
find_entry (GtkWidget *root)
{
  if (GTK_IS_ENTRY (root))
    return GTK_EDITABLE (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Answers "Name of the person entering ballots" as the operator does, when
 * it is asked; returns what the dialog offered. */
static char *
answer_operator (KpWindow   *window,
                 const char *name)
{
  AdwMessageDialog *dialog = find_dialog (window, _("Name of the person entering ballots"));
  GtkEditable *entry;
  char *offered;

  if (dialog == NULL)
    return NULL;
  entry = find_entry (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (entry);
  offered = g_strdup (gtk_editable_get_text (entry));
  gtk_editable_set_text (entry, name);
  adw_message_dialog_response (dialog, "ok");
  /* What a click does after the response (a response alone leaves the
   * dialog up). */
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (100);
  return offered;
}

/* The button labelled @label below @root, or %NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

/* The election row titled @title below @root, or %NULL. */
static GtkWidget *
find_action_row (GtkWidget  *root,
                 const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_action_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* Every label under @widget, one a line. */
static void
labels_text (GtkWidget *widget,
             GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    labels_text (child, out);
}

/* Back to the elections, as the back button does. */
static void
show_congress (KpWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  spin (100);
}

/* @data: "national" for the 199-name list, %NULL for the demo. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  f->path = g_strcmp0 (data, "national") == 0 ? national_congress () : demo_congress ();
  g_assert_true (kp_window_open_file (f->window, f->path, &error));
  g_assert_no_error (error);
  spin (200);
  /* The operator's name, asked when the congress opens. */
  answer_operator (f->window, "Nguyễn Thị Lan");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_free (f->path);
}

/* Types a string of keys; returns how many keys were pressed. */
static guint
type (KpEntryView *view,
      const char  *keys)
{
  guint n = 0;

  for (const char *k = keys; *k; k++, n++)
    {
      guint keyval = *k == '\n' ? GDK_KEY_Return : *k == '\b' ? GDK_KEY_BackSpace : gdk_unicode_to_keyval (*k);
      g_assert_true (kp_entry_view_press (view, keyval, 0));
    }
  return n;
}

/* A ballot costs (struck names + 1) keystrokes; names light up and validity
 * shows before Enter; each ballot is durable before the next is shown. */
static void
test_entry_keystrokes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;
  g_autoptr(GHashTable) saved = NULL;
  KpBallot *ballot;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "entry");
  view = kp_window_get_entry_view (f->window);
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 1);
  screenshot (GTK_WIDGET (f->window), "entry-empty");

  /* dbct: 9 names, 7 seats. Strike 2, 5 and 9: three keys, then Enter. */
  type (view, "25");
  g_assert_true (kp_entry_view_is_struck (view, 2));
  g_assert_true (kp_entry_view_is_struck (view, 5));
  g_assert_false (kp_entry_view_is_struck (view, 9));
  /* Seven kept of seven seats: valid, shown before saving. */
  g_assert_nonnull (strstr (kp_entry_view_get_validity (view), "7"));
  type (view, "9");
  screenshot (GTK_WIDGET (f->window), "entry-typing");
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 3);
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);

  saved = kp_store_get_pass (kp_window_get_store (f->window), "dbct", 0, 'A', &error);
  g_assert_no_error (error);
  ballot = g_hash_table_lookup (saved, GUINT_TO_POINTER (1));
  g_assert_nonnull (ballot);
  g_assert_true (kp_ballot_is_struck (ballot, 2) && kp_ballot_is_struck (ballot, 5) && kp_ballot_is_struck (ballot, 9));
  g_assert_cmpuint (kp_ballot_count_kept (ballot), ==, 6);

  /* Live validity: one struck name only leaves 8 kept of 7 seats. */
  type (view, "4");
  g_assert_nonnull (strstr (kp_entry_view_get_validity (view), "8"));
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 1);
  /* Backspace takes the name back; Escape clears. */
  type (view, "\b");
  g_assert_false (kp_entry_view_is_struck (view, 4));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 0);
}

/* On 18 names, a number that begins a longer one needs a separator. */
static void
test_entry_separator (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "1");
  g_assert_false (kp_entry_view_is_struck (view, 1)); /* could be 10–18 */
  type (view, " 12 3");
  g_assert_true (kp_entry_view_is_struck (view, 1));
  g_assert_true (kp_entry_view_is_struck (view, 12));
  g_assert_true (kp_entry_view_is_struck (view, 3));
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 6);
  /* Keep mode: typing the kept names strikes all the others. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_k, GDK_CONTROL_MASK));
  type (view, "3");
  g_assert_false (kp_entry_view_is_struck (view, 3));
  g_assert_true (kp_entry_view_is_struck (view, 4));
  g_assert_nonnull (strstr (kp_entry_view_get_validity (view), "1"));
  screenshot (GTK_WIDGET (f->window), "entry-keep-mode");
}

static GtkWidget *
entry_child (KpEntryView *view,
             const char  *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KP_TYPE_ENTRY_VIEW, name));
}

/* Issue 11: keep mode (Ctrl+K) is for one ballot. It used to outlive the
 * ballot: Ctrl+K, Enter, then "37" Enter saved the next ballot inverted
 * (struck 1 2 4 5 6 8 9) and showed it valid. It ends when the ballot is
 * saved, cleared or voided, and shows a bar while it is on. */
static void
test_entry_keep_one_ballot (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) saved = NULL;
  KpEntryView *view;
  GtkWidget *bar;
  KpBallot *ballot;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);

  /* Ballot 1 in keep mode, nothing kept: every name struck. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_k, GDK_CONTROL_MASK));
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  /* Ballot 2: "37" are the struck names again. */
  type (view, "37");
  g_assert_true (kp_entry_view_is_struck (view, 3));
  g_assert_true (kp_entry_view_is_struck (view, 7));
  g_assert_false (kp_entry_view_is_struck (view, 1));
  type (view, "\n");

  saved = kp_store_get_pass (kp_window_get_store (f->window), "dbct", 0, 'A', &error);
  g_assert_no_error (error);
  ballot = g_hash_table_lookup (saved, GUINT_TO_POINTER (1));
  g_assert_cmpuint (kp_ballot_count_kept (ballot), ==, 0);
  ballot = g_hash_table_lookup (saved, GUINT_TO_POINTER (2));
  g_assert_true (kp_ballot_is_struck (ballot, 3) && kp_ballot_is_struck (ballot, 7));
  g_assert_cmpuint (kp_ballot_count_kept (ballot), ==, 7);

  /* Escape ends it too. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_k, GDK_CONTROL_MASK));
  type (view, "3");
  g_assert_false (kp_entry_view_is_struck (view, 3));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  type (view, "3");
  g_assert_true (kp_entry_view_is_struck (view, 3));
  g_assert_false (kp_entry_view_is_struck (view, 4));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  /* While it is on, a bar across the ballot says so. */
  bar = entry_child (view, "keep_bar");
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_k, GDK_CONTROL_MASK));
  g_assert_true (gtk_widget_get_visible (bar));
  screenshot (GTK_WIDGET (f->window), "entry-keep-bar");
  type (view, "12\n");
  g_assert_false (gtk_widget_get_visible (bar));
}

/* The number waiting for a space, Enter or another digit, or "". */
static const char *
pending (KpEntryView *view)
{
  GtkWidget *label = entry_child (view, "pending");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

/* A refused key: the ballot flashes and the status line says what was
 * refused; the flash goes after a moment. */
static void
assert_refused (KpEntryView *view,
                const char  *number)
{
  const char *status = gtk_label_get_text (GTK_LABEL (entry_child (view, "status")));

  g_assert_true (gtk_widget_has_css_class (entry_child (view, "box"), "kp-refused"));
  g_assert_nonnull (strstr (status, number));
  spin (500);
  g_assert_false (gtk_widget_has_css_class (entry_child (view, "box"), "kp-refused"));
}

/* Issue 11: numbers commit unambiguously. On 9 names every digit is a name
 * at once; 0 is refused. */
static void
test_entry_numbers_9 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  for (guint no = 1; no <= 9; no++)
    {
      char key[2] = { '0' + no, 0 };

      type (view, key);
      g_assert_true (kp_entry_view_is_struck (view, no));
      g_assert_cmpstr (pending (view), ==, "");
    }
  type (view, "0");
  assert_refused (view, "0");
  g_assert_cmpstr (pending (view), ==, "");
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 10);
}

/* On 18 names, "1" waits (it may begin 10–18) and shows that it waits; a
 * digit that would make a number past 18 is refused and the 1 still waits;
 * 3–9 and 10–18 are taken at once; Enter takes a waiting number, then saves. */
static void
test_entry_numbers_18 (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "1");
  g_assert_false (kp_entry_view_is_struck (view, 1));
  g_assert_cmpstr (pending (view), ==, "1_");
  type (view, "2");
  g_assert_true (kp_entry_view_is_struck (view, 12));
  g_assert_cmpstr (pending (view), ==, "");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  type (view, "1 2");
  g_assert_true (kp_entry_view_is_struck (view, 1));
  g_assert_true (kp_entry_view_is_struck (view, 2));
  g_assert_false (kp_entry_view_is_struck (view, 12));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  type (view, "19");
  assert_refused (view, "19");
  g_assert_cmpstr (pending (view), ==, "1_");
  g_assert_false (kp_entry_view_is_struck (view, 1));
  g_assert_false (kp_entry_view_is_struck (view, 9));
  type (view, " ");
  g_assert_true (kp_entry_view_is_struck (view, 1));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  type (view, "0");
  assert_refused (view, "0");
  g_assert_cmpstr (pending (view), ==, "");
  type (view, "10");
  g_assert_true (kp_entry_view_is_struck (view, 10));
  type (view, "3");
  g_assert_true (kp_entry_view_is_struck (view, 3));
  type (view, "18");
  g_assert_true (kp_entry_view_is_struck (view, 18));
  type (view, "1");
  g_assert_cmpstr (pending (view), ==, "1_");
  screenshot (GTK_WIDGET (f->window), "entry-pending");
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  ballot = kp_store_get_ballot (kp_window_get_store (f->window), "bch", 0, 'A', 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ballot);
  g_assert_true (kp_ballot_is_struck (ballot, 1) && kp_ballot_is_struck (ballot, 3)
                 && kp_ballot_is_struck (ballot, 10) && kp_ballot_is_struck (ballot, 18));
  g_assert_cmpuint (kp_ballot_count_kept (ballot), ==, 14);
}

/* On the national ballot's 199 names every number can be typed: "1" and
 * "19" wait, "199" and "20" are taken at once (200 is past the list, so
 * after "20" a 0 begins a new number: refused). */
static void
test_entry_numbers_199 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  for (guint no = 1; no <= 199; no++)
    {
      g_autofree char *keys = g_strdup_printf ("%u ", no);

      type (view, keys);
      g_assert_true (kp_entry_view_is_struck (view, no));
    }
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  type (view, "1");
  g_assert_cmpstr (pending (view), ==, "1_");
  type (view, "9");
  g_assert_cmpstr (pending (view), ==, "19_");
  type (view, "9");
  g_assert_cmpstr (pending (view), ==, "");
  g_assert_true (kp_entry_view_is_struck (view, 199));
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 3);
  type (view, "20");
  g_assert_true (kp_entry_view_is_struck (view, 20));
  type (view, "0");
  assert_refused (view, "0");
  type (view, "19 ");
  g_assert_true (kp_entry_view_is_struck (view, 19));
  type (view, "5");
  g_assert_cmpstr (pending (view), ==, "5_");
  type (view, "0");
  g_assert_true (kp_entry_view_is_struck (view, 50));
  type (view, "10");
  g_assert_cmpstr (pending (view), ==, "10_");
  type (view, "0");
  g_assert_true (kp_entry_view_is_struck (view, 100));
  type (view, "1\n");
  ballot = kp_store_get_ballot (kp_window_get_store (f->window), "bch", 0, 'A', 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ballot);
  g_assert_cmpuint (kp_ballot_count_kept (ballot), ==, 199 - 6);
  g_assert_true (kp_ballot_is_struck (ballot, 1) && kp_ballot_is_struck (ballot, 19)
                 && kp_ballot_is_struck (ballot, 20) && kp_ballot_is_struck (ballot, 50)
                 && kp_ballot_is_struck (ballot, 100) && kp_ballot_is_struck (ballot, 199));
}

/* After Enter the ballot saved is confirmed plainly, and the next one,
 * untouched, waits neutrally (not "INVALID" in red before a key). */
static void
test_entry_saved_and_waiting (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *waiting_1 = g_strdup_printf (_("Ballot %u — waiting for entry"), 1);
  g_autofree char *waiting_2 = g_strdup_printf (_("Ballot %u — waiting for entry"), 2);
  g_autofree char *valid = g_strdup_printf (_("Valid — %u of %u kept"), 6, 7);
  g_autofree char *saved_1 = g_strdup_printf (_("Ballot %u saved: %s"), 1, valid);
  g_autofree char *over = g_strdup_printf (_("INVALID — %s: %u kept, more than %u"),
                                                kp_invalid_reason_shown ("over-vote"), 8, 7);
  g_autofree char *saved_2 = g_strdup_printf (_("Ballot %u saved: %s"), 2, over);
  KpEntryView *view;
  GtkWidget *validity;
  const char *status;

  /* Under C the reason is in English (the minutes' Vietnamese under vi_VN). */
  if (in_english ())
    g_assert_cmpstr (over, ==, "INVALID — more names kept than seats: 8 kept, more than 7");

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  validity = entry_child (view, "validity");
  g_assert_cmpstr (kp_entry_view_get_validity (view), ==, waiting_1);
  g_assert_false (gtk_widget_has_css_class (validity, "error"));
  g_assert_false (gtk_widget_has_css_class (validity, "success"));

  type (view, "259\n");
  status = gtk_label_get_text (GTK_LABEL (entry_child (view, "status")));
  g_assert_cmpstr (status, ==, saved_1);
  g_assert_cmpstr (kp_entry_view_get_validity (view), ==, waiting_2);
  g_assert_false (gtk_widget_has_css_class (validity, "error"));
  g_assert_false (gtk_widget_has_css_class (validity, "success"));
  screenshot (GTK_WIDGET (f->window), "entry-saved");

  /* The first key shows what Enter would save. */
  type (view, "4");
  g_assert_cmpstr (kp_entry_view_get_validity (view), ==, over);
  g_assert_true (gtk_widget_has_css_class (validity, "error"));
  type (view, "\n");
  status = gtk_label_get_text (GTK_LABEL (entry_child (view, "status")));
  g_assert_cmpstr (status, ==, saved_2);
}

/* Whether the name chip @no is drawn with a line through it. */
static gboolean
chip_struck_through (KpEntryView *view,
                     guint        no)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (GTK_FLOW_BOX (entry_child (view, "names")), no - 1);
  PangoAttrList *attributes = gtk_label_get_attributes (GTK_LABEL (gtk_flow_box_child_get_child (child)));
  g_autoptr(PangoAttrIterator) iter = NULL;
  PangoAttrInt *strike;

  if (attributes == NULL)
    return FALSE;
  iter = pango_attr_list_get_iterator (attributes);
  strike = (PangoAttrInt *) pango_attr_iterator_get (iter, PANGO_ATTR_STRIKETHROUGH);
  return strike != NULL && strike->value;
}

/* Struck names have a line through them, in keep mode too. */
static void
test_entry_struck_through (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "2");
  g_assert_true (chip_struck_through (view, 2));
  g_assert_false (chip_struck_through (view, 1));
  type (view, "\b");
  g_assert_false (chip_struck_through (view, 2));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_k, GDK_CONTROL_MASK));
  type (view, "2");
  g_assert_false (chip_struck_through (view, 2));
  g_assert_true (chip_struck_through (view, 1));
  g_assert_true (chip_struck_through (view, 9));
}

/* The label of the button that has the focus in @window, or NULL. */
static const char *
focused_label (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return GTK_IS_BUTTON (focus) ? gtk_button_get_label (GTK_BUTTON (focus)) : NULL;
}

/* A flagged ballot, a void and the re-entry under the same serial. Ctrl+Z
 * asks first, naming the ballot and the pass; Escape and Enter keep the
 * ballot (Enter is on "keep"), only the destructive button voids. */
static void
test_entry_flag_void (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) saved = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autofree char *heading = g_strdup_printf (_("Void ballot %u?"), 2);
  g_autofree char *struck = kp_ballot_describe_values_shown ("3", NULL, NULL);
  g_autofree char *invalid = g_strdup_printf (_("INVALID — %s"), kp_invalid_reason_shown ("added-name"));
  g_autofree char *cleared = g_strdup_printf (_("Voiding also clears what you have typed for ballot %u."), 3);
  g_autofree char *body = NULL;
  g_autofree char *voided = g_strdup_printf (_("Ballot %u voided (kept in the journal); enter it again."), 2);
  AdwMessageDialog *dialog;
  KpEntryView *view;

  /* Under C the ballot in English ("gạch 3" under vi_VN). */
  if (in_english ())
    g_assert_cmpstr (struck, ==, "struck 3");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  /* Nothing saved yet: nothing to void, and no question. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_z, GDK_CONTROL_MASK));
  spin (100);
  {
    g_autofree char *none = g_strdup_printf (_("Void ballot %u?"), 0);
    g_assert_null (find_dialog (f->window, none));
  }
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (entry_child (view, "status"))), ==,
                   _("No ballot saved yet in this pass: nothing to void."));

  type (view, "12\n");
  /* Flag the next one invalid: added name. */
  type (view, "3");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_2, GDK_CONTROL_MASK));
  g_assert_nonnull (strstr (kp_entry_view_get_validity (view), "—"));
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);

  /* Ctrl+Z names ballot 2 of pass A and what it holds; Escape keeps it. */
  type (view, "5");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_z, GDK_CONTROL_MASK));
  dialog = wait_for_dialog (f->window, heading);
  g_assert_nonnull (dialog);
  body = g_strdup_printf (_("Ballot %u of pass %c as saved: %s (%s).\n\nIt is voided (the journal keeps it) and you "
                            "type it again from the paper ballot, under the same number."),
                          2, 'A', struck, invalid);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), body));
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (dialog), cleared));
  screenshot (GTK_WIDGET (dialog), "entry-void");
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  spin (400);
  g_assert_null (find_dialog (f->window, heading));
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);
  g_assert_true (kp_entry_view_is_struck (view, 5)); /* the ballot being typed is untouched */

  /* Enter is on the safe button: it keeps the ballot too. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_z, GDK_CONTROL_MASK));
  dialog = wait_for_dialog (f->window, heading);
  g_assert_nonnull (dialog);
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Return, 0));
  spin (400);
  g_assert_null (find_dialog (f->window, heading));
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);

  /* Tab to "Void ballot", Enter: voided; enter it again, the serial comes back. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_z, GDK_CONTROL_MASK));
  dialog = wait_for_dialog (f->window, heading);
  g_assert_cmpstr (focused_label (GTK_WINDOW (dialog)), ==, _("_Keep it"));
  /* Under load GTK 4.8 sometimes drops a synthetic Tab sent just after the
   * dialog is laid out (the focus stays on "Keep it", one run in ~30 under
   * a busy suite): Tab again, a few times at most; Enter only once the
   * focus is on "Void ballot". */
  for (guint tries = 0; tries < 4 && g_strcmp0 (focused_label (GTK_WINDOW (dialog)), _("_Void ballot")) != 0; tries++)
    {
      g_assert_cmpstr (focused_label (GTK_WINDOW (dialog)), ==, _("_Keep it"));
      g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Tab, 0));
      spin (100);
    }
  g_assert_cmpstr (focused_label (GTK_WINDOW (dialog)), ==, _("_Void ballot"));
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Return, 0));
  spin (400);
  g_assert_null (find_dialog (f->window, heading));
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (entry_child (view, "status"))), ==, voided);
  type (view, "34\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);

  saved = kp_store_get_pass (kp_window_get_store (f->window), "dbct", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (saved), ==, 2);
  g_assert_cmpint (((KpBallot *) g_hash_table_lookup (saved, GUINT_TO_POINTER (2)))->flag, ==, KP_INVALID_NONE);
  g_assert_true (kp_ballot_is_struck (g_hash_table_lookup (saved, GUINT_TO_POINTER (2)), 4));
  journal = kp_store_get_journal (kp_window_get_store (f->window), &error);
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[journal->len - 2])->action, ==, "void");
}

/* R-INVALID-5: Ctrl+4 flags a ballot invalid for a reason in the
 * committee's own words; it is saved with the ballot. */
static void
test_entry_other_reason (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) saved = NULL;
  KpEntryView *view;
  GtkWidget *reason;
  const KpBallot *ballot;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  reason = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KP_TYPE_ENTRY_VIEW, "reason"));
  g_assert_false (gtk_widget_get_visible (reason));
  type (view, "1");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_4, GDK_CONTROL_MASK));
  g_assert_true (gtk_widget_get_visible (reason));
  gtk_editable_set_text (GTK_EDITABLE (reason), "  Phiếu bị rách mất một phần ");
  g_signal_emit_by_name (reason, "activate");
  g_assert_false (gtk_widget_get_visible (reason));
  g_assert_nonnull (strstr (kp_entry_view_get_validity (view), "Phiếu bị rách mất một phần"));
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  /* The next ballot starts unflagged. */
  g_assert_null (strstr (kp_entry_view_get_validity (view), "rách"));

  saved = kp_store_get_pass (kp_window_get_store (f->window), "dbct", 0, 'A', &error);
  g_assert_no_error (error);
  ballot = g_hash_table_lookup (saved, GUINT_TO_POINTER (1));
  g_assert_cmpint (ballot->flag, ==, KP_INVALID_OTHER);
  g_assert_cmpstr (ballot->flag_text, ==, "Phiếu bị rách mất một phần");
}

/* Agree/disagree: one key per name, then Enter. */
static void
test_entry_yesno (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "y");
  g_assert_cmpuint (kp_entry_view_get_keystrokes (view), ==, 1);
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  type (view, "b\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);
  {
    g_autoptr(KpResult) result = kp_store_results (kp_window_get_store (f->window), "bithu", 0, NULL, &error);
    g_assert_cmpuint (result->valid, ==, 1);
    g_assert_cmpuint (result->invalid, ==, 1); /* R-YESNO-2 */
  }
}

/* Double entry: two passes typed differently; reconciliation sees it. */
static void
test_double_entry (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) d = NULL;
  KpEntryView *view;

  g_assert_true (kp_store_set_mode (kp_window_get_store (f->window), "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n345\n");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  d = kp_store_reconcile (kp_window_get_store (f->window), "dbct", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->len, ==, 1);
  g_assert_cmpuint (((KpDisagreement *) d->pdata[0])->serial, ==, 2);
  g_assert_true (kp_window_show_results (f->window, "dbct", &error));
  screenshot (GTK_WIDGET (f->window), "results-double-entry");
}

#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"

/* The "Release to the hall" switch of the header bar. */
static GtkToggleButton *
find_release_switch (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                                  _("Release to the hall")) == 0)
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkToggleButton *found = find_release_switch (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Presses "Release to the hall" and answers the head's dialog with
 * @passphrase. Returns whether a passphrase was asked at all. */
static gboolean
release_to_hall (KpWindow   *window,
                 const char *passphrase)
{
  GtkToggleButton *button = find_release_switch (GTK_WIDGET (window));
  AdwMessageDialog *dialog;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  gtk_toggle_button_set_active (button, TRUE);
  spin (100);
  dialog = find_dialog (window, _("Release the results to the hall?"));
  if (dialog == NULL)
    return FALSE;
  screenshot (GTK_WIDGET (dialog), "projector-release");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "passphrase"), passphrase);
  adw_message_dialog_response (dialog, "release");
  spin (100);
  return TRUE;
}

/* Whether @text (one label a line) has a line that is exactly @line. */
static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *framed_text = g_strdup_printf ("\n%s", text);
  g_autofree char *framed_line = g_strdup_printf ("\n%s\n", line);

  return strstr (framed_text, framed_line) != NULL;
}

static const char *
last_action (KpWindow *window)
{
  static char action[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = kp_store_get_journal (kp_window_get_store (window), &error);

  g_assert_no_error (error);
  g_strlcpy (action, ((KpJournalEntry *) journal->pdata[journal->len - 1])->action, sizeof action);
  return action;
}

/* The projector shows nothing until released, totals only, and says
 * CHƯA CHÍNH THỨC until confirmed, with nobody shown as elected
 * (product.md: results are unofficial until the head confirms). */
static void
test_projector (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *shown = NULL;
  KpProjectorWindow *projector;
  KpEntryView *view;

  g_assert_true (kp_store_init_keys (kp_window_get_store (f->window), HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n39\n45\n");
  g_assert_true (kp_window_show_results (f->window, "dbct", &error));
  {
    /* How the monitor chooser names a screen (Xvfb has one: no chooser). */
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    g_autofree char *name = kp_window_describe_monitor (monitor);
    g_autofree char *size = NULL;
    GdkRectangle geometry;

    gdk_monitor_get_geometry (monitor, &geometry);
    size = g_strdup_printf ("%d × %d", geometry.width, geometry.height);
    g_assert_true (g_str_has_suffix (name, size));
  }
  screenshot (GTK_WIDGET (f->window), "results");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.projector", NULL);
  spin (200);
  projector = kp_window_get_projector (f->window);
  g_assert_nonnull (projector);
  g_assert_false (kp_projector_window_get_released (projector));
  hidden = kp_projector_window_get_text (projector);
  g_assert_true (has_line (hidden, _("UNOFFICIAL")));
  g_assert_null (strstr (hidden, "Lê Thị Quyên"));
  screenshot (GTK_WIDGET (projector), "projector-hidden");

  g_assert_true (release_to_hall (f->window, HEAD));
  shown = kp_projector_window_get_text (projector);
  g_assert_nonnull (strstr (shown, "Lê Thị Quyên"));
  g_assert_true (has_line (shown, _("UNOFFICIAL")));
  /* Not confirmed: votes and shares, nobody elected or not elected. */
  g_assert_false (has_line (shown, _("Elected")));
  g_assert_false (has_line (shown, _("Not elected (not over half)")));
  g_assert_false (has_line (shown, _("Result")));
  g_assert_null (strstr (shown, "Trúng cử"));
  /* Totals, never a ballot: no serial, no struck list. */
  g_assert_null (strstr (shown, "struck"));
  screenshot (GTK_WIDGET (projector), "projector-released");

  /* A new ballot updates the hall's totals. */
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (view, "67\n");
  g_free (shown);
  shown = kp_projector_window_get_text (projector);
  g_assert_nonnull (strstr (shown, "4"));
  g_assert_false (has_line (shown, _("Elected")));

  /* Hiding needs no passphrase, and is journalled. */
  gtk_toggle_button_set_active (find_release_switch (GTK_WIDGET (f->window)), FALSE);
  spin (100);
  g_free (shown);
  shown = kp_projector_window_get_text (projector);
  g_assert_null (strstr (shown, "Lê Thị Quyên"));
  g_assert_cmpstr (last_action (f->window), ==, "hide");
}

/* Release is the head's decision: a wrong passphrase is refused and the
 * hall sees nothing; the right one is journalled, and a restart keeps it. */
static void
test_projector_passphrase (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KpProjectorWindow *projector;

  g_assert_true (kp_store_init_keys (kp_window_get_store (f->window), HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (kp_window_get_entry_view (f->window), "12\n39\n45\n");
  g_assert_true (kp_window_show_results (f->window, "dbct", &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.projector", NULL);
  spin (200);
  projector = kp_window_get_projector (f->window);

  g_assert_true (release_to_hall (f->window, "sai mật khẩu"));
  text = kp_projector_window_get_text (projector);
  g_assert_null (strstr (text, "Lê Thị Quyên"));
  g_assert_false (kp_projector_window_get_released (projector));
  g_assert_false (gtk_toggle_button_get_active (find_release_switch (GTK_WIDGET (f->window))));
  /* Nothing released; the attempt itself is in the journal (rate limit). */
  g_assert_cmpstr (last_action (f->window), ==, "unlock");

  g_assert_true (release_to_hall (f->window, HEAD));
  g_free (text);
  text = kp_projector_window_get_text (projector);
  g_assert_nonnull (strstr (text, "Lê Thị Quyên"));
  g_assert_true (kp_projector_window_get_released (projector));
  g_assert_true (gtk_toggle_button_get_active (find_release_switch (GTK_WIDGET (f->window))));
  g_assert_cmpstr (last_action (f->window), ==, "release");
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (kp_store_verify (kp_window_get_store (f->window), report, &error));
  }

  /* The file says so: the app opened again shows it without asking. */
  gtk_window_close (GTK_WINDOW (projector));
  spin (50);
  g_assert_true (kp_window_open_file (f->window, f->path, &error));
  g_assert_true (kp_window_show_results (f->window, "dbct", &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.projector", NULL);
  spin (200);
  g_free (text);
  text = kp_projector_window_get_text (kp_window_get_projector (f->window));
  g_assert_nonnull (strstr (text, "Lê Thị Quyên"));
}

/* A congress whose "bch" list has @n names (from the demo's, then made up,
 * with a pair of namesakes told apart by date of birth), @seats seats, and
 * a base of 4; four ballots are entered: candidates 2 and seats + 1 get
 * exactly half (50,00 %), the rest of the first @seats all four, so one
 * seat remains (R-ROUND-1). */
static char *
hall_congress (guint n,
               guint seats)
{
  static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Ngô",
                                        "Đặng", "Tôn Nữ", "Trịnh" };
  static const char *const given[] = { "Thị Hoàng Oanh", "Văn Hùng", "Đức Thành", "Thị Ngọc Ánh", "Minh Khôi",
                                       "Quang Trường", "Thị Thu Hương", "Xuân Phước", "Hữu Nghĩa", "Thị Lan" };
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("hoitruong-%u.kiemphieu", n);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *data = NULL;
  JsonObject *election;
  JsonArray *demo, *candidates = json_array_new ();
  gsize length;

  g_assert_true (json_parser_load_from_file (parser, definition, &error));
  election = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "elections"), 0);
  demo = json_object_get_array_member (election, "candidates");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *candidate = json_object_new ();

      if (i < json_array_get_length (demo))
        json_object_set_string_member (candidate, "name",
                                       json_object_get_string_member (json_array_get_object_element (demo, i), "name"));
      else
        {
          g_autofree char *made_up = g_strdup_printf ("%s %s", family[i % G_N_ELEMENTS (family)],
                                                      given[(i / G_N_ELEMENTS (family) + i) % G_N_ELEMENTS (given)]);
          json_object_set_string_member (candidate, "name", i == n - 1 ? "Tôn Nữ Thị Hoàng Oanh" : made_up);
        }
      if (i == 4 || i == n - 1)
        {
          json_object_set_string_member (candidate, "name", "Tôn Nữ Thị Hoàng Oanh");
          json_object_set_string_member (candidate, "born", i == 4 ? "1970-03-02" : "1975-11-20");
        }
      json_array_add_object_element (candidates, candidate);
    }
  json_object_set_array_member (election, "candidates", candidates);
  json_object_set_int_member (election, "seats", seats);
  json_object_set_int_member (election, "convened", 4);
  json_object_set_array_member (election, "exclusions", json_array_new ());
  json_generator_set_root (generator, json_parser_get_root (parser));
  data = json_generator_to_data (generator, &length);
  store = kp_store_create (path, data, length, "hoitruong.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);

  for (guint serial = 1; serial <= 4; serial++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (serial, n);

      if (serial <= 2)
        for (guint no = seats + 1; no <= n; no++)
          kp_ballot_strike (ballot, no);
      else
        {
          kp_ballot_strike (ballot, 2);
          for (guint no = seats + 2; no <= n; no++)
            kp_ballot_strike (ballot, no);
        }
      g_assert_true (kp_store_enter (store, "bch", 1, 'A', "Trần Văn Kỹ", ballot, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kp_store_set_issued (store, "bch", 1, 4, "Trần Văn Kỹ", &error));
  g_assert_true (kp_store_set_collected (store, "bch", 1, 4, "Trần Văn Kỹ", &error));
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The pages of names, when the projector has them (else %NULL). */
static GtkStack *
find_pages (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "page-0") != NULL)
    return GTK_STACK (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *found = find_pages (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every label the hall sees lies inside the @width × @height screen, whole:
 * not ellipsized, not narrower or shorter than its text needs. */
static void
assert_labels_whole (GtkWidget       *widget,
                     GtkWidget       *root,
                     int              width,
                     int              height)
{
  graphene_rect_t view;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  /* Inside a scroller (the projector has one without scrollbars), what
   * lies outside it is cut off too. */
  if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_compute_bounds (widget, root, &view))
    {
      g_assert_cmpfloat (view.origin.x, >=, -0.5);
      g_assert_cmpfloat (view.origin.y, >=, -0.5);
      width = MIN (width, (int) (view.origin.x + view.size.width + 0.5));
      height = MIN (height, (int) (view.origin.y + view.size.height + 0.5));
    }
  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);
      graphene_rect_t b;
      int need_width, need_height;

      g_assert_true (gtk_widget_compute_bounds (widget, root, &b));
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &need_width, NULL, NULL);
      /* Sizes with CSS border and padding, as measured (labels here have
       * no CSS margin). */
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, (int) b.size.width, &need_height, NULL, NULL, NULL);
      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE || b.origin.x < -0.5 || b.origin.y < -0.5
          || b.origin.x + b.size.width > width + 0.5 || b.origin.y + b.size.height > height + 0.5
          || (!gtk_label_get_wrap (label) && b.size.width < need_width - 0.5)
          || b.size.height < need_height - 0.5)
        g_error ("“%s” is cut off on a %d × %d projector: at %.0f,%.0f size %.0f × %.0f, needs %d × %d",
                 gtk_label_get_text (label), width, height, b.origin.x, b.origin.y, b.size.width, b.size.height,
                 need_width, need_height);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    assert_labels_whole (c, root, width, height);
}

/* Sizes the projector to @width × @height and checks every page: nothing
 * cut off, and every one of the @n names shown on some page. */
static void
assert_projector_fits (KpProjectorWindow *projector,
                       guint              n,
                       int                width,
                       int                height,
                       const char        *shot)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  GtkStack *pages;
  guint n_pages = 1;

  gtk_window_set_default_size (GTK_WINDOW (projector), width, height);
  spin (400);
  g_test_message ("projector %d × %d for %u names", gtk_widget_get_width (GTK_WIDGET (projector)),
                  gtk_widget_get_height (GTK_WIDGET (projector)), n);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (projector)), <=, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (projector)), <=, height);
  if ((pages = find_pages (GTK_WIDGET (projector))) != NULL)
    while (n_pages < 64)
      {
        g_autofree char *name = g_strdup_printf ("page-%u", n_pages);
        if (gtk_stack_get_child_by_name (pages, name) == NULL)
          break;
        n_pages++;
      }
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *text = NULL;

      if (pages != NULL)
        {
          g_autofree char *name = g_strdup_printf ("page-%u", p);
          gtk_stack_set_visible_child_full (pages, name, GTK_STACK_TRANSITION_TYPE_NONE);
          spin (100);
        }
      assert_labels_whole (GTK_WIDGET (projector), GTK_WIDGET (projector), width, height);
      text = kp_projector_window_get_text (projector);
      g_string_append (seen, text);
      if (shot != NULL && p < 2)
        {
          g_autofree char *file = g_strdup_printf ("%s-%dx%d-%u", shot, width, height, p + 1);
          screenshot (GTK_WIDGET (projector), file);
        }
    }
  for (guint no = 1; no <= n; no++)
    {
      g_autofree char *line = g_strdup_printf ("%u", no);
      g_assert_true (has_line (seen->str, line));
    }
}

/* After confirmation: CHÍNH THỨC, who is elected, the reason a candidate at
 * exactly half is not (R-ELECT-1), the seat left for a further round
 * (R-ROUND-1); and at every size the names fit, in columns or pages. */
static void
projector_hall (guint n,
                guint seats)
{
  g_autofree char *path = hall_congress (n, seats);
  g_autofree char *text = NULL;
  g_autofree char *shot = g_strdup_printf ("projector-%u", n);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  KpProjectorWindow *projector;
  KpWindow *window;

  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  g_assert_true (kp_window_show_results (window, "bch", &error));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.projector", NULL);
  spin (200);
  projector = kp_window_get_projector (window);
  g_assert_true (release_to_hall (window, HEAD));

  text = kp_projector_window_get_text (projector);
  g_assert_true (has_line (text, _("UNOFFICIAL")));
  g_assert_false (has_line (text, _("Elected")));
  g_assert_true (has_line (text, "50,00%"));
  assert_projector_fits (projector, n, 1280, 720, shot);
  assert_projector_fits (projector, n, 1024, 768, shot);

  result = kp_store_results (kp_window_get_store (window), "bch", 0, &checks, &error);
  for (guint i = 0; i < checks->len; i++)
    if (!g_str_equal (((KpCheck *) checks->pdata[i])->status, "ok"))
      g_hash_table_insert (explanations, ((KpCheck *) checks->pdata[i])->check, (char *) "kiểm thử trình chiếu");
  g_assert_true (kp_window_confirm (window, HEAD, explanations, "máy kiểm thử có mạng", &error));
  g_assert_no_error (error);
  spin (100);
  g_free (text);
  gtk_window_set_default_size (GTK_WINDOW (projector), 1280, 720);
  spin (300);
  if (find_pages (GTK_WIDGET (projector)))
    gtk_stack_set_visible_child_full (find_pages (GTK_WIDGET (projector)), "page-0", GTK_STACK_TRANSITION_TYPE_NONE);
  spin (100);
  text = kp_projector_window_get_text (projector);
  g_assert_true (has_line (text, _("OFFICIAL")));
  g_assert_false (has_line (text, _("UNOFFICIAL")));
  g_assert_true (has_line (text, _("Elected")));
  /* Candidate 2 has exactly half: not elected, and the hall sees why. */
  g_assert_true (has_line (text, "50,00%"));
  g_assert_true (has_line (text, _("Not elected (not over half)")));
  {
    g_autofree char *remain = g_strdup_printf (ngettext ("%u seat remains; a further round %u is proposed.",
                                                       "%u seats remain; a further round %u is proposed.", 1), 1, 2);
    g_assert_nonnull (strstr (text, remain));
  }
  g_free (shot);
  shot = g_strdup_printf ("projector-%u-confirmed", n);
  assert_projector_fits (projector, n, 1280, 720, shot);
  assert_projector_fits (projector, n, 1024, 768, shot);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_projector_18 (void)
{
  projector_hall (18, 15);
}

static void
test_projector_60 (void)
{
  projector_hall (60, 50);
}

/* Double entry settled in the reconciliation view, with the reason. */
static void
test_reconcile_view (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) d = NULL;
  KpEntryView *view;

  g_assert_true (kp_store_set_mode (kp_window_get_store (f->window), "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n345\n");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  g_assert_true (kp_window_show_reconcile (f->window, "dbct", &error));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "reconcile");
  screenshot (GTK_WIDGET (f->window), "reconcile");
  {
    GtkStack *stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (view)));
    KpReconcileView *reconcile = KP_RECONCILE_VIEW (gtk_stack_get_child_by_name (stack, "reconcile"));

    g_assert_cmpuint (kp_reconcile_view_get_pending (reconcile), ==, 1);
    /* The ballots in the user's language (English under C), not the
     * printed journal's Vietnamese. */
    {
      g_autofree char *title = g_strdup_printf (_("Ballot %u"), 2);
      GtkWidget *row = find_action_row (GTK_WIDGET (reconcile), title);

      g_autofree char *a = kp_ballot_describe_values_shown ("3 4 5", NULL, NULL);
      g_autofree char *b = kp_ballot_describe_values_shown ("3 4 6", NULL, NULL);
      g_autofree char *sides = g_strdup_printf ("A: %s   |   B: %s", a, b);

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, sides);
      if (in_english ())
        g_assert_cmpstr (sides, ==, "A: struck 3 4 5   |   B: struck 3 4 6");
    }
    g_assert_true (kp_store_init_keys (kp_window_get_store (f->window), "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL,
                                       &error));
    g_assert_true (kp_reconcile_view_settle (reconcile, 2, 'B', "Phiếu giấy gạch tên 3, 4 và 6", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình",
                                             &error));
    g_assert_no_error (error);
    g_assert_cmpuint (kp_reconcile_view_get_pending (reconcile), ==, 0);
  }
  d = kp_store_reconcile (kp_window_get_store (f->window), "dbct", 0, NULL, &error);
  g_assert_cmpuint (d->len, ==, 1);
  g_assert_true (((KpDisagreement *) d->pdata[0])->resolved);
  g_assert_true (kp_ballot_is_struck (((KpDisagreement *) d->pdata[0])->resolution, 6));
}


/* The KpBallotImage below @root, or %NULL. */
static KpBallotImage *
find_ballot_image (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      KpBallotImage *found;

      if (KP_IS_BALLOT_IMAGE (child))
        return KP_BALLOT_IMAGE (child);
      if ((found = find_ballot_image (child)) != NULL)
        return found;
    }
  return NULL;
}

/* A scanned ballot with a doubtful row and ink outside its rows, decided
 * in the adjudication view: its image shown, the decision journalled. */
static void
test_adjudicate (Fixture       *f,
                 gconstpointer  data)
{
  KpStore *store = kp_window_get_store (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, "bch", 0, &error);
  g_autoptr(KpScanner) scanner = kp_scanner_new (kp_store_get_congress (store), election, &error);
  g_autoptr(KpGen) gen = kp_gen_new (kp_scanner_get_layout (scanner, KP_PAPER_A5, NULL), &error);
  KpGenOptions options = { 150, 0.3, TRUE, TRUE, FALSE, TRUE, TRUE };
  g_autoptr(KpGenBallot) scan = kp_gen_ballot (gen, 42, &options);
  g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (scan->pages->pdata[0], "0001.jpg", &error);
  g_autoptr(KpScanImage) image = kp_scan_source_read_page (source, 0, &error);
  g_autoptr(KpScanPage) page = kp_scanner_read (scanner, image, &error);
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (1, election->candidates->len);
  KpScanPageRef ref = { kp_scan_source_get_sha256 (source), 0, "image/jpeg", "0001.jpg",
                        kp_scan_source_get_bytes (source) };
  g_autoptr(KpBallot) decided = NULL;
  KpAdjudicateView *view;
  const KpScanPending *p;

  g_assert_no_error (error);
  /* Row 1 left to the committee whatever was read. */
  for (guint r = 1; r < page->rows->len; r++)
    if (g_array_index (page->rows, KpScanRow, r).decision == KP_SCAN_STRUCK)
      kp_ballot_strike (ballot, r + 1);
  g_assert_true (kp_store_enter_scanned (store, "bch", 0, 'A', "Kỹ thuật viên", ballot, &ref, 1, "1", TRUE, &error));
  g_assert_true (page->unplaced);

  g_assert_true (kp_window_show_adjudicate (f->window, "bch", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "adjudicate");
  view = KP_ADJUDICATE_VIEW (gtk_stack_get_child_by_name (
    GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (f->window)))), "adjudicate"));
  g_assert_cmpuint (kp_adjudicate_view_get_pending (view), ==, 1);
  {
    /* The image is read in a thread; the doubtful row framed and enlarged. */
    KpBallotImage *shown = find_ballot_image (GTK_WIDGET (view));
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    g_assert_nonnull (shown);
    while (kp_ballot_image_is_loading (shown) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (kp_ballot_image_is_loading (shown));
    g_assert_null (kp_ballot_image_get_problem (shown));
    g_assert_cmpuint (kp_ballot_image_get_n_pages (shown), ==, 1);
    g_assert_cmpuint (kp_ballot_image_get_n_zoomed (shown), ==, 1);
  }
  screenshot (GTK_WIDGET (f->window), "adjudicate");
  p = kp_adjudicate_view_get_current (view);
  g_assert_cmpuint (p->serial, ==, 1);
  g_assert_cmpuint (p->rows->len, ==, 1);
  decided = kp_ballot_copy (p->ballot);
  kp_ballot_strike (decided, 1);
  kp_ballot_set_flag (decided, KP_INVALID_ADDED_NAME, NULL);
  g_assert_true (kp_adjudicate_view_decide (view, decided, "tên viết thêm ở lề", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kp_adjudicate_view_get_pending (view), ==, 0);
  {
    g_autoptr(KpBallot) stored = kp_store_get_ballot (store, "bch", 0, 'A', 1, &error);
    g_assert_true (kp_ballot_is_struck (stored, 1));
    g_assert_cmpint (stored->flag, ==, KP_INVALID_ADDED_NAME);
  }
}

/* The AdwEntryRow titled @title below @root, or NULL. */
static AdwEntryRow *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *found;

      if (ADW_IS_ENTRY_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return ADW_ENTRY_ROW (child);
      if ((found = find_entry_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* Types @text into @row and presses Enter, as the committee member does. */
static void
type_count (AdwEntryRow *row,
            const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* What Return does in the entry (GtkText's "activate" key binding). */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (row)), "activate");
  spin (50);
}

static const char *
badge_status (GtkWidget *root)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w; w = gtk_widget_get_next_sibling (w))
    {
      const char *found;

      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "success"))
        return "ok";
      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error"))
        return "failed";
      if ((found = badge_status (w)) != NULL)
        return found;
    }
  return NULL;
}

/* The status of one R-RECON-1 check as the results view shows it (the
 * badge of the row whose title is the check's words), or NULL. */
static const char *
shown_check_status (GtkWidget  *root,
                    const char *words)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      g_autofree char *title = kp_text_capitalize (words);

      if (ADW_IS_ACTION_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        {
          return badge_status (child);
        }
      if ((found = shown_check_status (child, words)) != NULL)
        return found;
    }
  return NULL;
}

/* R-RECON-1: the committee types the ballots issued and the ballots
 * collected (counted from the box) in the results, and a missing ballot
 * shows as a failing check before anyone confirms; a wrong number is
 * refused and says so. */
static void
test_results_counts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  GtkWidget *results;
  AdwEntryRow *collected;
  AdwEntryRow *issued;

  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (kp_window_get_entry_view (f->window), "y\ny\nn\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  results = GTK_WIDGET (kp_window_get_results_view (f->window));
  collected = find_entry_row (results, _("Ballots collected (counted from the box before they are examined)"));
  issued = find_entry_row (results, _("Ballots issued"));
  g_assert_nonnull (collected);
  g_assert_nonnull (issued);

  /* 4 in the box, 3 entered: a ballot is missing. */
  type_count (collected, "4");
  info = kp_store_get_round_info (kp_window_get_store (f->window), "bithu", 0, &error);
  g_assert_cmpint (info->collected, ==, 4);
  g_assert_cmpstr (shown_check_status (results, kp_check_title ("entered-eq-collected")), ==, "failed");
  /* In English under C, each count with the form its number wants. */
  if (in_english ())
  {
    GtkWidget *row = find_action_row (results, "Ballots entered equal ballots collected");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                     "3 ballots entered, 4 collected (counted from the box)");
    row = find_action_row (results, "Ballots collected do not exceed ballots issued");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "4 ballots collected, 15 issued");
  }
  /* One seat (Bí thư) remains: "1 seat remains". */
  if (in_english ())
  {
    g_autoptr(GString) text = g_string_new (NULL);

    labels_text (results, text);
    g_assert_nonnull (strstr (text->str, "1 seat remains; proposed round 2 with: "));
  }

  /* Not a number: refused, nothing recorded. */
  type_count (collected, "ba");
  g_clear_pointer (&info, kp_round_info_free);
  info = kp_store_get_round_info (kp_window_get_store (f->window), "bithu", 0, &error);
  g_assert_cmpint (info->collected, ==, 4);

  type_count (collected, "3");
  type_count (issued, "15");
  g_clear_pointer (&info, kp_round_info_free);
  info = kp_store_get_round_info (kp_window_get_store (f->window), "bithu", 0, &error);
  g_assert_cmpint (info->collected, ==, 3);
  g_assert_cmpint (info->issued, ==, 15);
  g_assert_cmpstr (shown_check_status (results, kp_check_title ("entered-eq-collected")), ==, "ok");
  g_assert_cmpstr (shown_check_status (results, kp_check_title ("valid-plus-invalid")), ==, "ok");
  screenshot (results, "results-counts");
}

/* The text of a PDF (pdftotext). */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", path, "-", NULL };
  char *text = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (text);
  return text;
}

/* Every regular file under @dir, as a set of paths. */
static void
add_files (GHashTable *set,
           const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_free (path);
      else if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          add_files (set, path);
          g_free (path);
        }
      else
        g_hash_table_add (set, path);
    }
}

static GHashTable *
files_under (const char *dir)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  add_files (set, dir);
  return set;
}

/* A file made while a secret was being printed: neither a PDF nor the
 * secret in its bytes. */
static void
assert_no_secret (const char *path,
                  const char *secret)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return;
  if (length >= 4 && memcmp (data, "%PDF", 4) == 0)
    g_error ("%s: a PDF was written while the archive sheet was being printed", path);
  if (memmem (data, length, secret, strlen (secret)) != NULL)
    g_error ("%s holds the archive password", path);
}

/* Confirmation from the app: the passphrase, the lock, the projector's
 * banner gone; the journal view verifies; the minutes go to the print
 * dialog; the archive goes to a stick. */
static void
test_confirm_print_archive (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *usb = g_dir_make_tmp ("kp-usb-XXXXXX", NULL);
  g_autofree char *text = NULL;
  KpEntryView *view;
  KpProjectorWindow *projector;
  GtkWidget *journal;

  g_assert_true (kp_store_init_keys (kp_window_get_store (f->window), "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "y\ny\nn\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  type_count (find_entry_row (GTK_WIDGET (kp_window_get_results_view (f->window)),
                              _("Ballots collected (counted from the box before they are examined)")), "3");
  {
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (kp_window_get_store (f->window), "bithu", 0, &error);
    g_assert_cmpint (info->collected, ==, 3);
  }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.projector", NULL);
  spin (100);
  projector = kp_window_get_projector (f->window);
  g_assert_true (release_to_hall (f->window, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"));

  g_assert_false (kp_window_confirm (f->window, "sai mật khẩu", NULL, "máy kiểm thử có mạng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (kp_window_confirm (f->window, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", NULL, "máy kiểm thử có mạng", &error));
  g_assert_no_error (error);
  text = kp_projector_window_get_text (projector);
  g_assert_false (has_line (text, _("UNOFFICIAL")));
  g_assert_true (has_line (text, _("OFFICIAL")));
  g_assert_nonnull (strstr (text, "Lê Văn Bình"));

  /* Locked: the entry screen refuses. */
  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (view, "y\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 4); /* not saved: the round is locked */

  /* Printed from memory: each document drawn for the printer (here
   * exported to a PDF of the test's). */
  for (guint i = 0; i < 3; i++)
    {
      const char *documents[] = { "minutes", "ballots", "journal" };
      g_autofree char *name = g_strdup_printf ("%s.pdf", documents[i]);

      g_clear_pointer (&pdf, g_free);
      pdf = g_build_filename (usb, name, NULL);
      g_assert_true (kp_window_print (f->window, documents[i], pdf, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }
  {
    g_autofree char *minutes = g_build_filename (usb, "minutes.pdf", NULL);
    g_autofree char *printed = pdf_text (minutes);
    g_assert_nonnull (strstr (printed, "BIÊN BẢN KIỂM PHIẾU"));
  }
  spin (200);

  g_assert_true (kp_window_archive_to (f->window, usb, "tre-nguon-khoi-buom-sang-dieu-non-manh", &archive, &error));
  g_assert_true (g_str_has_suffix (archive, ".zip"));
  /* The archive sheet: printed from memory, with the password and the
   * archive's name on the page; no file that holds it is made on the way,
   * not even while the print dialog is open (TMPDIR is the run's own:
   * main ()), so killing the app then leaves nothing. */
  {
    g_autofree char *sheet = g_build_filename (usb, "sheet.pdf", NULL);
    g_autofree char *sheet_text = NULL;
    g_autofree char *name = g_path_get_basename (archive);
    g_autoptr(GHashTable) before = NULL;
    g_autoptr(GHashTable) after = NULL;
    GHashTableIter iter;
    gpointer path;
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWidget *print = NULL;

    g_assert_true (kp_window_print_archive_sheet (f->window, "tre-nguon-khoi-buom-sang-dieu-non-manh", archive, sheet,
                                                  &error));
    g_assert_no_error (error);
    sheet_text = pdf_text (sheet);
    g_assert_nonnull (strstr (sheet_text, "tre-nguon-khoi-buom-sang-dieu-non-manh"));
    g_assert_nonnull (strstr (sheet_text, name));

    before = files_under (g_get_tmp_dir ());
    g_assert_true (kp_window_print_archive_sheet (f->window, "tre-nguon-khoi-buom-sang-dieu-non-manh", archive, NULL,
                                                  &error));
    g_assert_no_error (error);
    spin (200);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
        if (GTK_IS_PRINT_UNIX_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
          print = GTK_WIDGET (w);
      }
    g_assert_nonnull (print);
    after = files_under (g_get_tmp_dir ());
    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, &path, NULL))
      if (!g_hash_table_contains (before, path))
        assert_no_secret (path, "tre-nguon-khoi-buom-sang-dieu-non-manh");
    gtk_dialog_response (GTK_DIALOG (print), GTK_RESPONSE_CANCEL);
    spin (100);
  }

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.journal", NULL);
  spin (100);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "journal");
  journal = gtk_stack_get_child_by_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (view))), "journal");
  g_assert_true (KP_IS_JOURNAL_VIEW (journal));
  g_assert_cmpuint (kp_journal_view_get_n_rows (KP_JOURNAL_VIEW (journal)), >=, 6);
  g_assert_true (kp_journal_view_is_verified (KP_JOURNAL_VIEW (journal)));
  screenshot (GTK_WIDGET (f->window), "journal");
}

static void
test_welcome (void)
{
  KpWindow *window;

  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
  spin (200);
  g_assert_cmpstr (kp_window_get_page (window), ==, "welcome");
  screenshot (GTK_WIDGET (window), "welcome");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_congress_page (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(GStrv) interfaces = kp_network_interfaces ();

  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
  /* The air-gap watch: a red banner exactly when a network is up. */
  g_assert_cmpint (kp_window_is_network_banner_shown (f->window), ==, interfaces[0] != NULL);
  screenshot (GTK_WIDGET (f->window), "congress");
}

/* R-LIST-2: two candidates named Nguyễn Văn Nam are told apart by their date
 * of birth on the entry screen's names, the results and the projector; a
 * name that is not shared is shown alone. */
static void
test_namesakes (void)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "tests", "fixtures", "r-list-2-namesakes", "definition.json",
                                                  NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "namesakes.kiemphieu", NULL);
  g_autofree char *data = NULL;
  g_autofree char *projected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) entry = g_string_new (NULL);
  g_autoptr(GString) results = g_string_new (NULL);
  KpProjectorWindow *projector;
  AdwMessageDialog *dialog;
  GPtrArray *checks;
  KpEntryView *view;
  KpWindow *window;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  {
    g_autoptr(KpStore) store = kp_store_create (path, data, length, "definition.json", "Nguyễn Văn Kỹ", &error);
    g_assert_no_error (error);
    g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  }
  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  g_assert_no_error (error);
  spin (200);
  g_free (answer_operator (window, "Nguyễn Thị Lan"));

  g_assert_true (kp_window_start_entry (window, "bch", 'A', &error));
  view = kp_window_get_entry_view (window);
  labels_text (GTK_WIDGET (view), entry);
  g_assert_nonnull (strstr (entry->str, "\n1. Nguyễn Văn Nam (sinh ngày 02/03/1970)\n"));
  g_assert_nonnull (strstr (entry->str, "\n2. Nguyễn Văn Nam (sinh ngày 20/11/1975)\n"));
  g_assert_nonnull (strstr (entry->str, "\n3. Trần Thị Bình\n"));
  g_assert_nonnull (strstr (entry->str, "\n4. Phạm Thị Thuỷ (sinh ngày 09/01/1980)\n"));
  g_assert_nonnull (strstr (entry->str, "\n5. Phạm Thị Thủy\n"));
  screenshot (GTK_WIDGET (window), "entry-namesakes");

  /* Six ballots keep the first Nam and Bình: they are elected; one seat
   * remains for the other Nam and the rest. */
  type (view, "2456\n2456\n2456\n2456\n2456\n2456\n");
  g_assert_true (kp_window_show_results (window, "bch", &error));
  spin (100);
  labels_text (GTK_WIDGET (window), results);
  g_assert_nonnull (strstr (results->str, "\nNguyễn Văn Nam (sinh ngày 02/03/1970)\n"));
  g_assert_nonnull (strstr (results->str, "\nNguyễn Văn Nam (sinh ngày 20/11/1975)\n"));
  g_assert_nonnull (strstr (results->str, "\nTrần Thị Bình\n"));
  screenshot (GTK_WIDGET (window), "results-namesakes");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.projector", NULL);
  spin (200);
  projector = kp_window_get_projector (window);
  g_assert_nonnull (projector);
  g_assert_true (release_to_hall (window, HEAD));
  spin (100);
  projected = kp_projector_window_get_text (projector);
  g_assert_nonnull (strstr (projected, "Nguyễn Văn Nam (sinh ngày 02/03/1970)"));
  g_assert_nonnull (strstr (projected, "Nguyễn Văn Nam (sinh ngày 20/11/1975)"));
  screenshot (GTK_WIDGET (projector), "projector-namesakes");

  /* The next round's proposed list. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-round", NULL);
  spin (100);
  dialog = find_dialog (window, _("Next round"));
  g_assert_nonnull (dialog);
  checks = g_object_get_data (G_OBJECT (dialog), "checks");
  g_assert_cmpuint (checks->len, ==, 4);
  g_assert_cmpstr (gtk_check_button_get_label (checks->pdata[0]), ==, "Nguyễn Văn Nam (sinh ngày 20/11/1975)");
  g_assert_cmpstr (gtk_check_button_get_label (checks->pdata[3]), ==, "Lê Văn Cường");
  adw_message_dialog_response (dialog, "cancel");
  spin (50);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Without a signing key, "Confirm" first has the head create it: the two
 * passphrases must agree; the fingerprint is shown; then confirming asks
 * for the passphrase. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  KpStore *store = kp_window_get_store (f->window);

  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  g_assert_null (kp_store_get_fingerprint (store));
  g_assert_false (kp_window_init_keys (f->window, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "mật khẩu khác", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (kp_window_init_keys (f->window, "ngắn", "ngắn", NULL, &error));
  g_clear_error (&error);
  g_assert_null (kp_store_get_fingerprint (store));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.confirm", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Create the congress signing key"));
  g_assert_nonnull (dialog);
  screenshot (GTK_WIDGET (dialog), "keys");
  /* A passphrase easy to guess: refused in the dialog, saying how to make
   * a strong one. */
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "passphrase"), "mật khẩu trưởng ban");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "again"), "mật khẩu trưởng ban");
  adw_message_dialog_response (dialog, "create");
  spin (100);
  g_assert_null (kp_store_get_fingerprint (store));
  g_assert_true (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "kp-error")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (g_object_get_data (G_OBJECT (dialog), "kp-error")),
                                   _("this passphrase is too easy to guess. A strong one is six or more words that "
                                     "have nothing to do with one another — not a saying, a line of verse, a slogan, "
                                     "a name or a date — or take the one KiemPhieu proposes")));
  /* "Propose a passphrase": shown once, in both fields; it is the one that
   * unseals the key. */
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "proposal")));
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (dialog), "propose"), "clicked");
  {
    g_autofree char *proposal = g_strdup (gtk_label_get_text (g_object_get_data (G_OBJECT (dialog), "proposal")));
    g_autofree char *fingerprint = NULL;

    g_assert_true (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "proposal")));
    g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "kp-error")));
    g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "passphrase")), ==, proposal);
    g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "again")), ==, proposal);
    g_assert_cmpuint (strlen (proposal), >=, 2 * 8 + 7);
    screenshot (GTK_WIDGET (dialog), "keys-proposed");
    adw_message_dialog_response (dialog, "create");
    spin (100);
    fingerprint = kp_store_get_fingerprint (store);
    g_assert_nonnull (fingerprint);
    g_assert_true (kp_store_release_projector (store, "bithu", 0, proposal, "Lê Văn Tùng", &error));
    g_assert_no_error (error);
  }
  dialog = find_dialog (f->window, _("Signing key created"));
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.confirm", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Confirm and sign the result?"));
  g_assert_nonnull (dialog);
  screenshot (GTK_WIDGET (dialog), "confirm");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* R-ROUND-1 from the app: when seats remain, the committee edits the
 * proposed list (leaves names off, adds nominees) and creates the round. */
static void
test_next_round (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = NULL;
  AdwMessageDialog *dialog;
  GPtrArray *checks;
  KpEntryView *view;
  guint n_proposed;

  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "n\nn\ny\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  /* Round 1 is on the hall's screen. */
  g_assert_true (kp_store_init_keys (kp_window_get_store (f->window), HEAD, "Lê Văn Tùng", NULL, &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.projector", NULL);
  spin (200);
  g_assert_true (release_to_hall (f->window, HEAD));
  g_assert_true (kp_projector_window_get_released (kp_window_get_projector (f->window)));

  /* A wrong date of birth is refused with its line; nothing is created. */
  g_assert_false (kp_window_next_round (f->window, NULL, 0, "Phạm Văn Mới; 31/02/1965", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-round", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Next round"));
  g_assert_nonnull (dialog);
  checks = g_object_get_data (G_OBJECT (dialog), "checks");
  n_proposed = checks->len;
  g_assert_cmpuint (n_proposed, >=, 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_object_get_data (G_OBJECT (dialog), "added")),
                            "Phạm Văn Mới; 01/02/1965\n", -1);
  screenshot (GTK_WIDGET (dialog), "next-round");
  adw_message_dialog_response (dialog, "create");
  spin (100);

  election = kp_store_get_election (kp_window_get_store (f->window), "bithu", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (election->candidates->len, ==, n_proposed + 1);
  g_assert_cmpstr (kp_election_get_candidate (election, n_proposed + 1)->name, ==, "Phạm Văn Mới");
  g_assert_cmpstr (kp_election_get_candidate (election, n_proposed + 1)->born, ==, "1965-02-01");
  /* Round 2 waits for the head: hidden, and the switch says so. */
  g_assert_false (kp_projector_window_get_released (kp_window_get_projector (f->window)));
  g_assert_false (gtk_toggle_button_get_active (find_release_switch (GTK_WIDGET (f->window))));
  {
    g_autofree char *text = kp_projector_window_get_text (kp_window_get_projector (f->window));
    g_assert_true (has_line (text, _("Counting in progress")));
  }
}

/* Files opened before are on the welcome page, newest first; a click
 * opens one again. */
static void
test_recent (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GError) error = NULL;
  KpWindow *window;
  GtkListBox *list;
  GtkListBoxRow *row;
  g_autofree char *canonical = g_canonicalize_filename (f->path, NULL);

  /* The recent list is saved and read back on idle: wait for it (longer
   * under the sanitizers on a busy machine), at most thirty seconds. */
  for (guint i = 0; i < 600; i++)
    {
      spin (50);
      g_clear_pointer (&recent, g_ptr_array_unref);
      recent = kp_window_get_recent (f->window);
      if (recent->len >= 1)
        break;
    }
  g_assert_cmpuint (recent->len, >=, 1);
  g_assert_cmpstr (recent->pdata[0], ==, canonical);

  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  spin (200);
  g_assert_cmpstr (kp_window_get_page (window), ==, "welcome");
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), KP_TYPE_WINDOW, "recent"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  screenshot (GTK_WIDGET (window), "welcome-recent");
  /* Still open in the fixture's window: that window is shown instead. */
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpstr (kp_window_get_page (window), ==, "welcome");
  g_assert_null (kp_window_get_store (window));
  {
    /* Once that window has another congress, the recent file opens here. */
    g_autofree char *other = demo_congress ();
    g_assert_true (kp_window_open_file (f->window, other, &error));
  }
  spin (300);
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "path"), canonical) == 0)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_cmpstr (kp_window_get_page (window), ==, "congress");
  g_assert_cmpstr (kp_store_get_path (kp_window_get_store (window)), ==, canonical);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static GtkWidget *
setup_child (KpSetupView *view,
             const char  *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KP_TYPE_SETUP_VIEW, name));
}

static void
setup_text (KpSetupView *view,
            const char  *name,
            const char  *text)
{
  GtkWidget *widget = setup_child (view, name);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static char *
setup_candidates (KpSetupView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (setup_child (view, "candidates")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A congress typed in: the ballot order the reader proposes (R-LIST-2) is
 * shown before approval, with the R-LIST-1 surplus warning; an approved
 * order is kept; a list is imported from CSV; the file created holds what
 * was typed. */
static void
test_setup (void)
{
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  KpSetupView *view;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kp-setup-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "xa.kiemphieu", NULL);
  g_autofree char *csv = g_build_filename (dir, "ds.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "sai.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *definition = NULL;
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(KpStore) store = NULL;
  KpCongress *congress;
  const KpElection *e;
  const char *preview;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.setup", NULL);
  g_assert_cmpstr (kp_window_get_page (window), ==, "setup");
  view = KP_SETUP_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), KP_TYPE_WINDOW, "setup_view"));

  /* Nothing typed: nothing to create, and the message says what is missing. */
  g_assert_false (gtk_widget_get_sensitive (setup_child (view, "create_button")));
  g_assert_null (kp_setup_view_build (view, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  setup_text (view, "superior", "ĐẢNG BỘ HUYỆN THẠCH THÀNH");
  setup_text (view, "organization", "ĐẢNG BỘ XÃ THÀNH AN");
  setup_text (view, "congress_name", "ĐẠI HỘI LẦN THỨ XXV");
  setup_text (view, "term", "2025 - 2030");
  setup_text (view, "date", "15/6/2025");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (view, "convened")), 50);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (view, "present")), 47);
  setup_text (view, "exclusions", "2; Đảng viên đi làm ăn xa, được miễn sinh hoạt\n");
  setup_text (view, "head", "Lê Văn Tùng");
  setup_text (view, "members", "Phạm Thị Hoa, Nguyễn Đức Thành");

  /* The committee list, typed out of order; the reader proposes ABC order
   * of the given name (R-LIST-2), and 7 names for 5 seats is a surplus of 2
   * where bodies of 3–5 take 1 (R-LIST-1). */
  setup_text (view, "title", "Bầu Ban Chấp hành Đảng bộ xã khóa XXV");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (view, "seats")), 5);
  setup_text (view, "candidates", "Trần Văn Bình\n1. Nguyễn Thị An\nLê Văn Cường; 02/03/1970\n\nĐỗ Thị Dung\n"
                                  "Phạm Văn Em\nVũ Văn Giang\nHoàng Thị Hà\n");
  preview = kp_setup_view_get_preview (view);
  g_assert_nonnull (strstr (preview, "  1. Nguyễn Thị An\n  2. Trần Văn Bình\n  3. Lê Văn Cường (02/03/1970)\n"
                                     "  4. Đỗ Thị Dung\n  5. Phạm Văn Em\n  6. Vũ Văn Giang\n  7. Hoàng Thị Hà"));
  {
    g_autofree char *surplus = g_strdup_printf (_("⚠ %u extra names for a body of %u; bodies of 3–5 members take at "
                                                  "most 1 extra name."), 2, 5);
    g_assert_nonnull (strstr (preview, surplus));
  }
  g_assert_true (gtk_widget_get_sensitive (setup_child (view, "add_button")));
  screenshot (GTK_WIDGET (window), "setup");
  {
    GtkScrolledWindow *scroll = GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (view)));
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (scroll);

    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
    screenshot (GTK_WIDGET (window), "setup-list");
  }

  /* Two of the same name without dates of birth: told to tell them apart. */
  setup_text (view, "candidates", "Nguyễn Văn An\nTrần Văn Bình\nNguyễn Văn An\nLê Cường\nĐỗ Dung\nPhạm Em\n");
  g_assert_nonnull (strstr (kp_setup_view_get_preview (view), "⚠"));
  setup_text (view, "candidates", "Nguyễn Văn An; 1/1/1960\nTrần Văn Bình\nNguyễn Văn An; 2/2/1970\nLê Cường\n"
                                  "Đỗ Dung\nPhạm Em\n");
  g_assert_null (strstr (kp_setup_view_get_preview (view), "⚠"));
  /* R-LIST-2: "Thuỷ" and "Thủy" are one name, spelt two ways. */
  setup_text (view, "candidates", "Phạm Thị Thuỷ\nTrần Văn Bình\nPhạm Thị Thủy\nLê Cường\nĐỗ Dung\nPhạm Em\n");
  g_assert_nonnull (strstr (kp_setup_view_get_preview (view), "⚠"));

  /* A wrong date of birth is named with its line; nothing can be added. */
  setup_text (view, "candidates", "Nguyễn Văn An\nTrần Văn Bình; 31/02/1970\n");
  g_assert_nonnull (strstr (kp_setup_view_get_preview (view), "31/02/1970"));
  g_assert_false (gtk_widget_get_sensitive (setup_child (view, "add_button")));
  g_assert_false (kp_setup_view_add_election (view, &error));
  g_clear_error (&error);

  setup_text (view, "candidates", "Trần Văn Bình\n1. Nguyễn Thị An\nLê Văn Cường; 02/03/1970\nĐỗ Thị Dung\n"
                                  "Phạm Văn Em\nVũ Văn Giang\nHoàng Thị Hà\n");
  g_assert_true (kp_setup_view_add_election (view, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kp_setup_view_get_n_elections (view), ==, 1);
  text = setup_candidates (view);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* An imported list: a numbers column and a header are skipped; a bad
   * line is named and leaves the list as it was. */
  g_assert_true (g_file_set_contents (csv, "STT,Họ và tên,Ngày sinh\n1,Trần Thị Bé,\n2,\"Lê Văn Á\",15/06/1970\n"
                                           "3,Phan Văn Cả,\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "Nguyễn Văn Một,ba mươi\n", -1, NULL));
  g_assert_true (kp_setup_view_import (view, csv_file, &error));
  g_assert_no_error (error);
  g_assert_false (kp_setup_view_import (view, bad_file, &error));
  g_assert_nonnull (strstr (error->message, "line 1") ? error->message : strstr (error->message, "dòng 1"));
  g_clear_error (&error);
  text = setup_candidates (view);
  g_assert_cmpstr (text, ==, "Trần Thị Bé\nLê Văn Á; 15/06/1970\nPhan Văn Cả\n");

  /* The congress approved this list in the order imported: kept. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (setup_child (view, "body")), 6); /* delegates */
  setup_text (view, "title", "Bầu đại biểu dự Đại hội Đảng bộ huyện");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (view, "seats")), 2);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (setup_child (view, "keep_order")), TRUE);
  g_assert_nonnull (strstr (kp_setup_view_get_preview (view), "  1. Trần Thị Bé\n  2. Lê Văn Á (15/06/1970)\n  3. Phan Văn Cả"));
  g_assert_true (kp_setup_view_add_election (view, &error));
  g_assert_no_error (error);

  definition = kp_setup_view_build (view, &error);
  g_assert_no_error (error);
  g_assert_nonnull (definition);
  g_assert_true (gtk_widget_get_sensitive (setup_child (view, "create_button")));
  g_assert_true (kp_window_create_from_setup (window, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kp_window_get_page (window), ==, "congress");

  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  congress = kp_store_get_congress (store);
  g_assert_cmpstr (congress->organization, ==, "ĐẢNG BỘ XÃ THÀNH AN");
  g_assert_cmpstr (congress->date, ==, "2025-06-15");
  g_assert_cmpuint (congress->committee->len, ==, 3);
  g_assert_cmpint (((KpCommitteeMember *) g_ptr_array_index (congress->committee, 0))->role, ==, KP_ROLE_HEAD);
  g_assert_cmpuint (congress->elections->len, ==, 2);
  e = g_ptr_array_index (congress->elections, 0);
  g_assert_cmpuint (e->base, ==, 48); /* R-BASE-1: 50 convened − 2 excluded */
  g_assert_cmpuint (e->seats, ==, 5);
  g_assert_cmpstr (kp_election_get_candidate (e, 1)->name, ==, "Nguyễn Thị An");
  g_assert_cmpstr (kp_election_get_candidate (e, 3)->born, ==, "1970-03-02");
  e = g_ptr_array_index (congress->elections, 1);
  g_assert_cmpint (e->body, ==, KP_BODY_DELEGATES);
  g_assert_cmpstr (kp_election_get_candidate (e, 1)->name, ==, "Trần Thị Bé");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* The rehearsal window over @real: another KpWindow of the application. */
static KpWindow *
find_other_window (KpWindow *real)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);

      if (KP_IS_WINDOW (w) && KP_WINDOW (w) != real && gtk_widget_get_visible (GTK_WIDGET (w)))
        return KP_WINDOW (w);
    }
  return NULL;
}

/* Issue 11: "Rehearsal (separate copy)…" asks first, then makes a copy next
 * to the congress file and opens it in a window of its own, marked
 * THỬ NGHIỆM; ballots entered there leave the real file untouched. */
static void
test_rehearsal_copy (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *copy = g_build_filename (dir, "daihoi-thu-nghiem.kiemphieu", NULL);
  g_autoptr(KpResult) result = NULL;
  AdwMessageDialog *dialog;
  KpWindow *rehearsal;
  KpStore *store;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.rehearsal", NULL));
  spin (100);
  dialog = find_dialog (f->window, _("Rehearse in a separate copy?"));
  g_assert_nonnull (dialog);
  /* Nothing is made before the answer. */
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  screenshot (GTK_WIDGET (dialog), "rehearsal-confirm");
  adw_message_dialog_response (dialog, "copy");
  spin (300);

  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  rehearsal = find_other_window (f->window);
  g_assert_nonnull (rehearsal);
  store = kp_window_get_store (rehearsal);
  g_assert_nonnull (store);
  g_assert_cmpstr (kp_store_get_path (store), ==, copy);
  g_assert_true (kp_store_is_rehearsal (store));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (rehearsal)), ==, _("REHEARSAL — KiemPhieu"));
  g_assert_true (kp_window_is_rehearsal_banner_shown (rehearsal));
  g_assert_false (kp_store_is_rehearsal (kp_window_get_store (f->window)));
  g_assert_false (kp_window_is_rehearsal_banner_shown (f->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, _("KiemPhieu"));
  screenshot (GTK_WIDGET (rehearsal), "rehearsal-congress");

  /* Two test ballots in the copy, typed as an operator does. */
  g_assert_true (kp_window_start_entry (rehearsal, "bithu", 'A', &error));
  type (kp_window_get_entry_view (rehearsal), "y\nn\n");
  g_assert_true (kp_window_show_results (rehearsal, "bithu", &error));
  screenshot (GTK_WIDGET (rehearsal), "rehearsal-window");
  result = kp_store_results (store, "bithu", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 2);
  g_clear_pointer (&result, kp_result_free);

  /* The real file: no ballot, and its results say so. */
  result = kp_store_results (kp_window_get_store (f->window), "bithu", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 0);
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  g_assert_cmpuint (kp_results_view_get_result (kp_window_get_results_view (f->window))->collected, ==, 0);

  gtk_window_destroy (GTK_WINDOW (rehearsal));
  spin (50);

  /* Asked again: the earlier copy is never overwritten; it can be opened,
   * or a new one is made beside it. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.rehearsal", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Rehearse in a separate copy?"));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "open");
  spin (300);
  rehearsal = find_other_window (f->window);
  g_assert_nonnull (rehearsal);
  g_assert_cmpstr (kp_store_get_path (kp_window_get_store (rehearsal)), ==, copy);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (kp_window_get_store (rehearsal), "bithu", 0, NULL, &error);
  g_assert_cmpuint (result->collected, ==, 2);
  gtk_window_destroy (GTK_WINDOW (rehearsal));
  spin (50);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.rehearsal", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Rehearse in a separate copy?"));
  adw_message_dialog_response (dialog, "copy");
  spin (300);
  rehearsal = find_other_window (f->window);
  g_assert_nonnull (rehearsal);
  g_assert_true (g_str_has_suffix (kp_store_get_path (kp_window_get_store (rehearsal)), "daihoi-thu-nghiem-2.kiemphieu"));
  gtk_window_destroy (GTK_WINDOW (rehearsal));
  spin (50);

  /* A name that is taken is refused, never overwritten. */
  g_assert_null (kp_window_rehearse (f->window, copy, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS);
}

/* Issue 11: the operator's name is asked when a congress opens (never the
 * OS login), offered again from this session, and the journal records it. */
static void
test_operator (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = demo_congress ();
  g_autofree char *offered = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  KpWindow *second;
  const KpJournalEntry *last;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  spin (200);
  g_assert_nonnull (find_dialog (window, _("Name of the person entering ballots")));
  screenshot (GTK_WIDGET (find_dialog (window, _("Name of the person entering ballots"))), "operator");
  offered = answer_operator (window, "Phạm Thị Hồng");
  g_assert_nonnull (offered);
  g_assert_cmpstr (offered, !=, g_get_real_name ());
  g_assert_cmpstr (offered, !=, g_get_user_name ());

  g_assert_true (kp_window_start_entry (window, "bithu", 'A', &error));
  type (kp_window_get_entry_view (window), "y\n");
  journal = kp_store_get_journal (kp_window_get_store (window), &error);
  last = g_ptr_array_index (journal, journal->len - 1);
  g_assert_cmpstr (last->action, ==, "enter");
  g_assert_cmpstr (last->operator, ==, "Phạm Thị Hồng");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);

  /* Another window in the same session: asked again, offered the last name. */
  second = kp_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (second));
  g_assert_true (kp_window_open_file (second, path, &error));
  spin (200);
  g_clear_pointer (&offered, g_free);
  offered = answer_operator (second, "Phạm Thị Hồng");
  g_assert_cmpstr (offered, ==, "Phạm Thị Hồng");
  gtk_window_destroy (GTK_WINDOW (second));
  spin (50);
}

/* Issue 11: single, double or triple entry chosen in the app, on the
 * election's row; refused, with the reason shown, while a pass beyond the
 * new mode holds ballots. */
static void
test_entry_mode (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  KpStore *store = kp_window_get_store (f->window);
  KpElection *e = kp_congress_find_election (kp_store_get_congress (store), "dbct");
  GtkWidget *row = find_action_row (GTK_WIDGET (f->window), e->title);
  AdwMessageDialog *dialog;
  GtkWidget *button;
  g_autofree char *enter_b = g_strdup_printf (_("Enter %c"), 'B');

  g_assert_nonnull (row);
  g_assert_null (find_button (row, enter_b));
  button = find_button (row, _("Single entry"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin (100);
  dialog = find_dialog (f->window, _("How are the ballots of this election entered?"));
  g_assert_nonnull (dialog);
  g_assert_true (GTK_IS_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "choice")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "choice")), 1);
  screenshot (GTK_WIDGET (dialog), "entry-mode");
  adw_message_dialog_response (dialog, "change");
  spin (100);
  info = kp_store_get_round_info (store, "dbct", 0, &error);
  g_assert_cmpint (info->mode, ==, KP_ENTRY_DOUBLE);
  row = find_action_row (GTK_WIDGET (f->window), e->title);
  g_assert_nonnull (find_button (row, enter_b));
  {
    g_autoptr(GPtrArray) journal = kp_store_get_journal (store, &error);
    const KpJournalEntry *last = g_ptr_array_index (journal, journal->len - 1);
    g_assert_cmpstr (last->action, ==, "mode");
    g_assert_cmpstr (last->operator, ==, "Nguyễn Thị Lan");
  }

  /* A ballot in pass B: back to single entry is refused, and says why. */
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (kp_window_get_entry_view (f->window), "12\n");
  show_congress (f->window);
  row = find_action_row (GTK_WIDGET (f->window), e->title);
  button = find_button (row, _("Double entry"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin (100);
  dialog = find_dialog (f->window, _("How are the ballots of this election entered?"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (dialog), "choice")), 0);
  adw_message_dialog_response (dialog, "change");
  spin (100);
  dialog = find_dialog (f->window, _("The entry mode was not changed"));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "B"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1"));
  screenshot (GTK_WIDGET (dialog), "entry-mode-refused");
  adw_message_dialog_response (dialog, "close");
  spin (50);
  g_clear_pointer (&info, kp_round_info_free);
  info = kp_store_get_round_info (store, "dbct", 0, &error);
  g_assert_cmpint (info->mode, ==, KP_ENTRY_DOUBLE);
}

/* Opens the "paper says…" dialog of the disagreement on @serial. */
static AdwMessageDialog *
open_paper_dialog (KpWindow *window,
                   GtkWidget *reconcile,
                   guint      serial)
{
  g_autofree char *title = g_strdup_printf (_("Ballot %u"), serial);
  GtkWidget *row = find_action_row (reconcile, title);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = find_button (row, _("The paper says…"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  spin (100);
  return find_dialog (window, _("What does the paper ballot say?"));
}

/* Issue 11: a disagreement settled with what the paper ballot says when it
 * is neither pass: typed, checked by the ballot reader, errors shown. */
static void
test_reconcile_paper (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) d = NULL;
  KpStore *store = kp_window_get_store (f->window);
  KpEntryView *view = kp_window_get_entry_view (f->window);
  GtkWidget *reconcile;
  AdwMessageDialog *dialog;
  GtkEditable *value;
  const KpDisagreement *x;

  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_set_mode (store, "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_store_set_mode (store, "bithu", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (view, "12\n345\n");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  g_assert_true (kp_window_show_reconcile (f->window, "dbct", &error));
  reconcile = gtk_stack_get_child_by_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (view))), "reconcile");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (reconcile, _("Reason for the ruling (what the paper ballot shows)"))),
                         "Phiếu giấy gạch tên 3 và 6");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (reconcile, _("Passphrase of the head of the counting committee"))),
                         "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");

  dialog = open_paper_dialog (f->window, reconcile, 2);
  g_assert_nonnull (dialog);
  value = find_entry (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (value);
  /* 12 is not on a list of 9: said, and the ruling cannot be recorded. */
  gtk_editable_set_text (value, "3 12");
  spin (50);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "settle"));
  {
    g_autoptr(GString) text = g_string_new (NULL);
    labels_text (GTK_WIDGET (dialog), text);
    g_assert_nonnull (strstr (text->str, "12"));
  }
  screenshot (GTK_WIDGET (dialog), "reconcile-paper-error");
  gtk_editable_set_text (value, "3 3");
  spin (50);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "settle"));
  gtk_editable_set_text (value, "3 6");
  spin (50);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "settle"));
  screenshot (GTK_WIDGET (dialog), "reconcile-paper");
  adw_message_dialog_response (dialog, "settle");
  spin (100);
  d = kp_store_reconcile (store, "dbct", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->len, ==, 1);
  x = g_ptr_array_index (d, 0);
  g_assert_true (x->resolved);
  g_assert_true (kp_ballot_is_struck (x->resolution, 3));
  g_assert_true (kp_ballot_is_struck (x->resolution, 6));
  g_assert_false (kp_ballot_is_struck (x->resolution, 4));
  g_assert_cmpstr (x->reason, ==, "Phiếu giấy gạch tên 3 và 6");
  g_assert_cmpstr (x->operator, ==, "Nguyễn Thị Lan");
  g_clear_pointer (&d, g_ptr_array_unref);

  /* Agree/disagree: the marks, and an invalid reason of the committee's. */
  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (view, "y\n");
  g_assert_true (kp_window_start_entry (f->window, "bithu", 'B', &error));
  type (view, "n\n");
  g_assert_true (kp_window_show_reconcile (f->window, "bithu", &error));
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (reconcile, _("Reason for the ruling (what the paper ballot shows)"))),
                         "Phiếu giấy bị xé đôi");
  gtk_editable_set_text (GTK_EDITABLE (find_entry_row (reconcile, _("Passphrase of the head of the counting committee"))),
                         "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  dialog = open_paper_dialog (f->window, reconcile, 1);
  g_assert_nonnull (dialog);
  value = find_entry (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (value, "x");
  spin (50);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "settle"));
  gtk_editable_set_text (value, "yy");
  spin (50);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "settle"));
  gtk_editable_set_text (value, "y");
  {
    GtkDropDown *reason = g_object_get_data (G_OBJECT (dialog), "reason");
    GtkEditable *other = g_object_get_data (G_OBJECT (dialog), "other");

    g_assert_nonnull (reason);
    gtk_drop_down_set_selected (reason, KP_INVALID_OTHER - KP_INVALID_NOT_ISSUED + 1);
    spin (50);
    /* "Other" needs its words. */
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "settle"));
    gtk_editable_set_text (other, "Phiếu bị xé đôi");
    spin (50);
  }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "settle"));
  adw_message_dialog_response (dialog, "settle");
  spin (100);
  d = kp_store_reconcile (store, "bithu", 0, NULL, &error);
  x = g_ptr_array_index (d, 0);
  g_assert_true (x->resolved);
  g_assert_cmpstr (x->resolution->marks, ==, "Y");
  g_assert_cmpint (x->resolution->flag, ==, KP_INVALID_OTHER);
  g_assert_cmpstr (x->resolution->flag_text, ==, "Phiếu bị xé đôi");
}

/* Issue 11: the same congress file twice. In one app, opening it again
 * shows the window that has it; a pass being entered elsewhere (another
 * window or process) is refused with the holder's name; a serial taken
 * meanwhile by another writer is not a dead end. */
static void
test_same_file (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) other = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GHashTable) pass = NULL;
  KpEntryLock *lock;
  KpEntryView *view = kp_window_get_entry_view (f->window);
  KpWindow *second = kp_window_new (GTK_APPLICATION (application));

  /* Opening it in a second window: the first one is shown instead. */
  gtk_window_present (GTK_WINDOW (second));
  g_assert_false (kp_window_open_file (second, f->path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (kp_window_get_store (second));
  g_clear_error (&error);
  gtk_window_destroy (GTK_WINDOW (second));
  spin (50);

  /* Another process enters pass A of dbct: this window may not. */
  lock = kp_entry_lock_acquire (f->path, "dbct", 1, 'A', "Trần Thị Hoa", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kp_window_start_entry (f->window, "dbct", 'A', &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Trần Thị Hoa"));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
  g_clear_error (&error);
  kp_entry_lock_release (lock);

  /* This window enters pass A: another session is refused, naming it. */
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  {
    g_autofree char *holder = NULL;
    g_assert_null (kp_entry_lock_acquire (f->path, "dbct", 1, 'A', "Trần Thị Hoa", &holder, &error));
    g_assert_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD);
    g_assert_cmpstr (holder, ==, "Nguyễn Thị Lan");
    g_clear_error (&error);
  }

  /* A writer that takes no lock (an older program) saves serial 1 while
   * the screen shows serial 1: the typed ballot is kept as serial 2. */
  other = kp_store_open (f->path, &error);
  g_assert_no_error (error);
  ballot = kp_ballot_new_strike (1, 9);
  kp_ballot_strike (ballot, 9);
  g_assert_true (kp_store_enter (other, "dbct", 0, 'A', "Trần Thị Hoa", ballot, &error));
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 1);
  type (view, "12\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);
  g_assert_true (kp_entry_view_is_struck (view, 1));
  screenshot (GTK_WIDGET (f->window), "entry-serial-taken");
  type (view, "\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 3);
  pass = kp_store_get_pass (other, "dbct", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (pass), ==, 2);
  g_assert_true (kp_ballot_is_struck (g_hash_table_lookup (pass, GUINT_TO_POINTER (1)), 9));
  g_assert_true (kp_ballot_is_struck (g_hash_table_lookup (pass, GUINT_TO_POINTER (2)), 2));

  /* Leaving the entry screen gives the pass back. */
  show_congress (f->window);
  lock = kp_entry_lock_acquire (f->path, "dbct", 1, 'A', "Trần Thị Hoa", NULL, &error);
  g_assert_no_error (error);
  kp_entry_lock_release (lock);
}

/* --- issue 11: GNOME conventions -------------------------------------------------- */

/* Fills every plain entry under @widget that is still empty (the
 * explanations of the checks, the network reason). */
static void
fill_entries (GtkWidget  *widget,
              const char *text)
{
  if (GTK_IS_ENTRY (widget) && *gtk_editable_get_text (GTK_EDITABLE (widget)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    fill_entries (child, text);
}

/* The visible label in the "error" style under @widget, or NULL. */
static GtkLabel *
shown_error (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) && gtk_widget_has_css_class (widget, "error"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = shown_error (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Types @text into a dialog's (password) entry and presses Enter in it. */
static void
type_and_enter (AdwMessageDialog *dialog,
                GtkWidget        *entry,
                const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_widget_grab_focus (entry);
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Return, 0));
  spin (600);
}

/* Enter answers each dialog with its main button, Escape cancels; a
 * confirmation that fails keeps the dialog, what was typed and the whole
 * reason in it. */
static void
test_dialog_keys (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  KpStore *store = kp_window_get_store (f->window);
  AdwMessageDialog *dialog;
  GtkWidget *passphrase;

  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (kp_window_get_entry_view (f->window), "y\ny\nn\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  type_count (find_entry_row (GTK_WIDGET (kp_window_get_results_view (f->window)),
                              _("Ballots collected (counted from the box before they are examined)")), "3");

  /* Keys: Escape cancels, nothing created. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.confirm", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Create the congress signing key"));
  g_assert_nonnull (dialog);
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  spin (200);
  g_assert_null (find_dialog (f->window, _("Create the congress signing key")));
  g_assert_null (kp_store_get_fingerprint (store));

  /* Passphrases that differ: said in the dialog, which stays with them. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.confirm", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Create the congress signing key"));
  passphrase = g_object_get_data (G_OBJECT (dialog), "passphrase");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "again"), "mật khẩu khác");
  type_and_enter (dialog, passphrase, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_assert_true (find_dialog (f->window, _("Create the congress signing key")) == dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  labels_text (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, _("The two passphrases differ; type them again.")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (passphrase)), ==, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_assert_null (kp_store_get_fingerprint (store));

  /* Enter in the second field creates the key. */
  type_and_enter (dialog, g_object_get_data (G_OBJECT (dialog), "again"), "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_assert_null (find_dialog (f->window, _("Create the congress signing key")));
  {
    g_autofree char *fingerprint = kp_store_get_fingerprint (store);
    g_assert_nonnull (fingerprint);
  }
  dialog = find_dialog (f->window, _("Signing key created"));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Confirm: a wrong passphrase keeps the dialog, the explanations typed,
   * and the whole reason, the one kp_store_confirm gives. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.confirm", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Confirm and sign the result?"));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  fill_entries (GTK_WIDGET (dialog), "máy kiểm thử");
  passphrase = g_object_get_data (G_OBJECT (dialog), "passphrase");
  g_assert_nonnull (passphrase);
  type_and_enter (dialog, passphrase, "sai mật khẩu");
  g_assert_true (find_dialog (f->window, _("Confirm and sign the result?")) == dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  {
    GtkLabel *reason = shown_error (GTK_WIDGET (dialog));
    g_assert_nonnull (reason);
    g_assert_cmpuint (strlen (gtk_label_get_text (reason)), >, 0);
    g_assert_true (gtk_label_get_wrap (reason)); /* the whole reason, never cut off */
    g_assert_cmpint (gtk_label_get_ellipsize (reason), ==, PANGO_ELLIPSIZE_NONE);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (passphrase)), ==, "sai mật khẩu");
  screenshot (GTK_WIDGET (dialog), "confirm-failed");
  {
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (store, "bithu", 0, &error);
    g_assert_cmpint (info->state, ==, KP_ELECTION_OPEN);
  }

  /* The right one, Enter: confirmed, the dialog gone. */
  type_and_enter (dialog, passphrase, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_assert_null (find_dialog (f->window, _("Confirm and sign the result?")));
  {
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (store, "bithu", 0, &error);
    g_assert_cmpint (info->state, ==, KP_ELECTION_CONFIRMED);
  }
}

/* Next round: Enter creates it; Escape cancels. */
static void
test_dialog_keys_next_round (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (kp_window_get_entry_view (f->window), "n\nn\ny\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-round", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Next round"));
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  spin (200);
  g_assert_null (find_dialog (f->window, _("Next round")));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-round", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Next round"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "create");
  gtk_widget_grab_focus (GTK_WIDGET (g_ptr_array_index ((GPtrArray *) g_object_get_data (G_OBJECT (dialog), "checks"),
                                                        0)));
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Return, 0));
  spin (600);
  rounds = kp_store_list_rounds (kp_window_get_store (f->window), &error);
  g_assert_cmpuint (((KpRoundInfo *) rounds->pdata[rounds->len - 1])->round, ==, 2);
}

/* Escape on an empty ballot and Alt+Left leave the entry screen; a ballot
 * half typed is never lost silently: Escape clears it first (and says
 * so), Alt+Left asks, and staying is the answer Enter and Escape give. */
static void
test_entry_leave (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = g_strdup_printf (_("Ballot %u is not saved"), 2);
  AdwMessageDialog *dialog;
  KpEntryView *view;

  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");

  /* Typed, then Escape: cleared, still here; Escape again: back. */
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (view, "3");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "entry");
  g_assert_false (kp_entry_view_is_struck (view, 3));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");

  /* Typed, then Alt+Left: asked; Escape and Enter stay with the ballot. */
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (view, "3");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Left, GDK_ALT_MASK));
  dialog = wait_for_dialog (f->window, heading);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "entry");
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  spin (300);
  g_assert_null (find_dialog (f->window, heading));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "entry");
  g_assert_true (kp_entry_view_is_struck (view, 3));
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Left, GDK_ALT_MASK));
  dialog = wait_for_dialog (f->window, heading);
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Return, 0));
  spin (400);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "entry");
  g_assert_true (kp_entry_view_is_struck (view, 3));
  /* "Leave without saving": back, and nothing saved. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Left, GDK_ALT_MASK));
  dialog = wait_for_dialog (f->window, heading);
  adw_message_dialog_response (dialog, "leave");
  spin (200);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 2);

  /* Nothing typed: Alt+Left leaves at once. From the results, Alt+Left is
   * the window's key. */
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Left, GDK_ALT_MASK));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
  g_assert_true (kp_window_show_results (f->window, "dbct", &error));
  g_assert_true (press_in_window (GTK_WINDOW (f->window), GDK_KEY_Left, GDK_ALT_MASK));
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
}

static void
collect_accelerators (GtkWidget *widget,
                      GString   *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_object_get (widget, "accelerator", &accelerator, NULL);
      g_string_append_printf (out, "|%s|", accelerator ? accelerator : "");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, out);
}

/* Ctrl+? shows the shortcuts window: every key of the entry screen and
 * the window's keys. */
static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  const char *keys[] = { "0...9", "space comma", "Return KP_Enter", "BackSpace", "Escape", "<ctrl>k", "y", "n", "b",
                         "0", "<ctrl>1", "<ctrl>2", "<ctrl>3", "<ctrl>4", "<ctrl>0", "<ctrl>z", "<alt>Left",
                         "<ctrl>o", "F1", "<ctrl>question", "<ctrl>i", "<ctrl>plus <ctrl>minus <ctrl>0" };
  g_autoptr(GString) listed = g_string_new (NULL);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                 "win.show-help-overlay");
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));

  g_assert_nonnull (overlay);
  g_assert_true (g_strv_contains ((const char *const *) accels, "<Control>question"));
  g_assert_true (press_in_window (GTK_WINDOW (f->window), GDK_KEY_question, GDK_CONTROL_MASK));
  spin (200);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  collect_accelerators (GTK_WIDGET (overlay), listed);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *key = g_strdup_printf ("|%s|", keys[i]);
      if (strstr (listed->str, key) == NULL)
        g_error ("%s is not in the shortcuts window: %s", keys[i], listed->str);
    }
  screenshot (GTK_WIDGET (overlay), "shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));
}

static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The main menu: the user guide (found, a real file), the shortcuts, About
 * (name, meson's version, GPL-3.0-or-later). */
static void
test_main_menu (Fixture       *f,
                gconstpointer  data)
{
  const char *actions[] = { "win.help", "win.show-help-overlay", "win.about" };
  g_autoptr(GError) error = NULL;
  g_autofree char *guide = NULL;
  g_autofree char *empty = g_dir_make_tmp ("kp-doc-XXXXXX", NULL);
  GtkWidget *button = find_primary_menu_button (GTK_WIDGET (f->window));
  GMenuModel *menu;
  AdwAboutWindow *about = NULL;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1); /* one section */
  menu = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *action = NULL;
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, actions[i]);
    }
  g_object_unref (menu);

  /* The guide: the source's docs/ when run from the build tree, or where
   * KP_DOC_DIR says; a folder without it is an error naming it. */
  g_unsetenv ("KP_DOC_DIR");
  guide = kp_window_find_guide (&error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (guide, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_suffix (guide, "huong-dan.md"));
  g_clear_pointer (&guide, g_free);
  {
    g_autofree char *docs = g_build_filename (g_getenv ("KP_SRCDIR"), "docs", NULL);
    g_autofree char *expected = g_build_filename (docs, "huong-dan.md", NULL);
    g_setenv ("KP_DOC_DIR", docs, TRUE);
    guide = kp_window_find_guide (&error);
    g_assert_cmpstr (guide, ==, expected);
    g_clear_pointer (&guide, g_free);
  }
  g_setenv ("KP_DOC_DIR", empty, TRUE);
  g_assert_null (kp_window_find_guide (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, empty));
  g_unsetenv ("KP_DOC_DIR");
  g_rmdir (empty);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.about", NULL);
  spin (200);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    g_object_ref (toplevels);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
        if (ADW_IS_ABOUT_WINDOW (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (f->window))
          about = ADW_ABOUT_WINDOW (w);
      }
  }
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, _("KiemPhieu"));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, KP_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_comments (about), !=, "");
  gtk_window_destroy (GTK_WINDOW (about));
}

/* The name users see is KiểmPhiếu in Vietnamese: the window, the welcome
 * page, About, the desktop file and the metainfo. The executable and the
 * ids stay kiemphieu. */
static void
test_app_name (void)
{
  g_autofree char *old = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autofree char *desktop = NULL;
  g_autofree char *metainfo = NULL;
  g_autofree char *desktop_path = g_build_filename (KP_BUILD_DATADIR, "vn.kiemphieu.KiemPhieu.desktop", NULL);
  g_autofree char *metainfo_path = g_build_filename (KP_BUILD_DATADIR, "vn.kiemphieu.KiemPhieu.metainfo.xml", NULL);
  KpWindow *window;

  if (setlocale (LC_MESSAGES, "vi_VN.UTF-8") == NULL)
    {
      g_test_skip ("no vi_VN.UTF-8 locale");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, KP_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "KiểmPhiếu");
  g_assert_cmpstr (_("KiemPhieu"), ==, "KiểmPhiếu");
  g_assert_cmpstr (_("REHEARSAL — KiemPhieu"), ==, "THỬ NGHIỆM — KiểmPhiếu");
  g_assert_cmpstr (_("_About KiemPhieu"), !=, "_About KiemPhieu");
  screenshot (GTK_WIDGET (window), "welcome-vi");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  setlocale (LC_MESSAGES, old);
  textdomain (GETTEXT_PACKAGE);

  g_assert_true (g_file_get_contents (desktop_path, &desktop, NULL, NULL));
  g_assert_nonnull (strstr (desktop, "\nName=KiemPhieu\n"));
  g_assert_nonnull (strstr (desktop, "\nName[vi]=KiểmPhiếu\n"));
  g_assert_nonnull (strstr (desktop, "\nExec=kiemphieu %f\n"));
  g_assert_true (g_file_get_contents (metainfo_path, &metainfo, NULL, NULL));
  g_assert_nonnull (strstr (metainfo, "<name xml:lang=\"vi\">KiểmPhiếu</name>"));
  g_assert_nonnull (strstr (metainfo, "<id>vn.kiemphieu.KiemPhieu</id>"));
}

/* --- issue 11: everything on screen --------------------------------------------- */

/* Resizes @window as a person would and lets it lay out again. */
static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  spin (400);
  /* Less a frame the size of the window's decorations, at most. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, width - 40);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, height);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), >=, height - 40);
}

/* Why @widget is not shown whole, or %NULL when it is: it lies inside each
 * of its ancestors up to the window (a scrolled window's page is its
 * visible part), and a label is neither ellipsized nor squeezed. */
static char *
not_shown_whole (GtkWidget *widget)
{
  const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : G_OBJECT_TYPE_NAME (widget);

  if (!gtk_widget_get_mapped (widget))
    return g_strdup_printf ("“%s” is not mapped", text);
  for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL; a = gtk_widget_get_parent (a))
    {
      graphene_rect_t b, ab;

      g_assert_true (gtk_widget_compute_bounds (widget, a, &b));
      g_assert_true (gtk_widget_compute_bounds (a, a, &ab));
      if (b.origin.x < ab.origin.x - 0.5 || b.origin.y < ab.origin.y - 0.5
          || b.origin.x + b.size.width > ab.origin.x + ab.size.width + 0.5
          || b.origin.y + b.size.height > ab.origin.y + ab.size.height + 0.5)
        return g_strdup_printf ("“%s” (%.0f,%.0f %.0f×%.0f) lies outside its %s (%.0f,%.0f %.0f×%.0f)", text,
                                b.origin.x, b.origin.y, b.size.width, b.size.height, G_OBJECT_TYPE_NAME (a),
                                ab.origin.x, ab.origin.y, ab.size.width, ab.size.height);
    }
  if (GTK_IS_LABEL (widget))
    {
      graphene_rect_t b;
      int min_w, nat_w, min_h;
      int width, height;

      /* The border box against what the label asks for, less its margins. */
      g_assert_true (gtk_widget_compute_bounds (widget, widget, &b));
      width = (int) (b.size.width + 0.5);
      height = (int) (b.size.height + 0.5);
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        return g_strdup_printf ("“%s” is ellipsized", text);
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
      nat_w -= gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
      if (!gtk_label_get_wrap (GTK_LABEL (widget)) && width < nat_w)
        return g_strdup_printf ("“%s” is %d wide, needs %d", text, width, nat_w);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL,
                          width + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget), &min_h,
                          NULL, NULL, NULL);
      min_h -= gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget);
      if (height < min_h)
        return g_strdup_printf ("“%s” is %d high, needs %d", text, height, min_h);
    }
  return NULL;
}

static void
assert_shown_whole (GtkWidget *widget)
{
  g_autofree char *why = not_shown_whole (widget);

  if (why != NULL)
    g_error ("not shown whole: %s", why);
}

/* The name chips of the entry screen, in list order. */
static GPtrArray *
entry_chips (KpEntryView *view)
{
  GPtrArray *chips = g_ptr_array_new ();
  GtkWidget *names = entry_child (view, "names");

  for (GtkWidget *c = gtk_widget_get_first_child (names); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_FLOW_BOX_CHILD (c))
      g_ptr_array_add (chips, gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c)));
  return chips;
}

/* The labels outside the names that say where the ballot stands: never
 * in a scrolled window, always on screen. */
static void
assert_ballot_state_shown (KpEntryView *view)
{
  const char *names[] = { "title", "serial_label", "typed", "validity", "status" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *label = entry_child (view, names[i]);

      g_assert_null (gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW));
      if (*gtk_label_get_text (GTK_LABEL (label)))
        assert_shown_whole (label);
    }
}

/* Nine ballots saved, so that the list of recent ballots is full. */
static void
fill_recent (KpEntryView *view)
{
  for (guint i = 0; i < 9; i++)
    type (view, "1\n");
  g_assert_cmpuint (kp_entry_view_get_serial (view), ==, 10);
}

/* Issue 11: at 1100×760 the 18 names of the demo's committee list are all
 * on screen at once, a full list of recent ballots below them or not; at
 * 1024×600 too, the recent ballots scrolling in a box of their own. */
static void
test_entry_layout_18 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chips = NULL;
  KpEntryView *view;
  const int sizes[][2] = { { 1100, 760 }, { 1024, 600 }, { 1920, 1080 } };
  GtkWidget *recent;

  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  fill_recent (view);
  type (view, "3 7");
  chips = entry_chips (view);
  g_assert_cmpuint (chips->len, ==, 18);
  recent = entry_child (view, "recent");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autofree char *name = g_strdup_printf ("entry-18-%d", sizes[s][0]);

      resize (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
      screenshot (GTK_WIDGET (f->window), name);
      for (guint i = 0; i < chips->len; i++)
        assert_shown_whole (chips->pdata[i]);
      assert_ballot_state_shown (view);
      /* The recent ballots scroll, in a box apart from the names. */
      g_assert_nonnull (gtk_widget_get_ancestor (recent, GTK_TYPE_SCROLLED_WINDOW));
      g_assert_true (gtk_widget_get_ancestor (recent, GTK_TYPE_SCROLLED_WINDOW)
                     != gtk_widget_get_ancestor (chips->pdata[0], GTK_TYPE_SCROLLED_WINDOW));
      g_assert_cmpint (gtk_widget_get_height (gtk_widget_get_ancestor (recent, GTK_TYPE_SCROLLED_WINDOW)), >, 0);
    }
}

/* Issue 11: the national ballot's 199 names at 1024×600 — every name is
 * reached by scrolling the names, shown whole; the numbers typed and the
 * validity stay on screen wherever the names are scrolled to. */
static void
test_entry_layout_199 (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chips = NULL;
  KpEntryView *view;
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  guint scrolled = 0;

  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  fill_recent (view);
  type (view, "12 150 199");
  chips = entry_chips (view);
  g_assert_cmpuint (chips->len, ==, 199);
  resize (GTK_WINDOW (f->window), 1024, 600);
  scroller = gtk_widget_get_ancestor (chips->pdata[0], GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  /* A good part of the window shows names. */
  g_assert_cmpint (gtk_widget_get_height (scroller), >=, 150);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  for (guint i = 0; i < chips->len; i++)
    {
      char *why = not_shown_whole (chips->pdata[i]);

      if (why != NULL)
        {
          graphene_rect_t b;

          g_free (why);
          /* Scrolled to: this name at the top of the names' page. */
          g_assert_true (gtk_widget_compute_bounds (chips->pdata[i], entry_child (view, "names"), &b));
          gtk_adjustment_set_value (adjustment, b.origin.y);
          spin (60);
          scrolled++;
          assert_shown_whole (chips->pdata[i]);
        }
      if (i % 40 == 0 || i == chips->len - 1)
        assert_ballot_state_shown (view);
    }
  g_assert_cmpuint (scrolled, >, 0);
  screenshot (GTK_WIDGET (f->window), "entry-199-end");
}

/* The text of the labels on screen under @widget, one a line (a closed
 * expander's content is not on screen). */
static void
mapped_text (GtkWidget *widget,
             GString   *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    mapped_text (child, out);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* Issue 11: the journal viewer says what each entry did in words, the
 * JSON behind "Details": in the user's language — English under C, and
 * under vi_VN the very words of the journal PDF
 * (kp_documents_describe_entry), which is Vietnamese in every locale. */
static void
test_journal_words (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *described = NULL;
  const KpJournalEntry *enter;
  GtkWidget *view, *expander;

  if (!in_english ())
    {
      g_test_skip ("the English words are checked in a run under C (the suite's)");
      return;
    }
  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  type (kp_window_get_entry_view (f->window), "2 5\n");
  journal = kp_store_get_journal (kp_window_get_store (f->window), &error);
  enter = journal->pdata[journal->len - 1];
  g_assert_cmpstr (enter->action, ==, "enter");
  described = kp_documents_describe_entry_in (kp_store_get_congress (kp_window_get_store (f->window)), enter);
  /* The election by its name, not its id. */
  g_assert_true (g_str_has_prefix (described, "Bầu Ban Chấp hành Đảng bộ huyện khóa XXIV, nhiệm kỳ 2020 - 2025, lần 1"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.journal", NULL);
  spin (300);
  g_assert_cmpstr (kp_window_get_page (f->window), ==, "journal");
  view = gtk_stack_get_child_by_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (f->window)))),
                                      "journal");
  mapped_text (view, text);
  g_assert_null (strstr (text->str, "{\""));
  g_assert_nonnull (strstr (text->str, "Ballot entered"));
  g_assert_nonnull (strstr (text->str, "Bầu Ban Chấp hành Đảng bộ huyện khóa XXIV, nhiệm kỳ 2020 - 2025, round 1, "
                                       "pass A, ballot 1: struck 2 5"));
  g_assert_null (strstr (text->str, kp_documents_action_words ("enter")));
  g_assert_null (strstr (text->str, "gạch"));
  g_assert_null (strstr (text->str, "lượt"));
  /* The JSON itself, one click away. */
  expander = find_type (view, GTK_TYPE_EXPANDER);
  g_assert_nonnull (expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  spin (100);
  mapped_text (view, details);
  g_assert_nonnull (strstr (details->str, "{\""));
  screenshot (GTK_WIDGET (f->window), "journal-words");
}

/* Under vi_VN the journal viewer says the very words of the printed
 * journal. Run in a process of its own started under vi_VN.UTF-8: GLib
 * decides once per process whether a library's messages are translated
 * (g_dgettext ()), and this one decided under C. */
static void
test_journal_words_vi (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *described = NULL;
  GtkWidget *view;

  if (!g_test_subprocess ())
    {
      g_autofree char *old = g_strdup (g_getenv ("LC_ALL"));

      if (setlocale (LC_MESSAGES, "vi_VN.UTF-8") == NULL)
        {
          g_test_skip ("no vi_VN.UTF-8 locale");
          return;
        }
      setlocale (LC_MESSAGES, "");
      g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (old != NULL)
        g_setenv ("LC_ALL", old, TRUE);
      else
        g_unsetenv ("LC_ALL");
      g_test_trap_assert_passed ();
      return;
    }
  /* The catalogue of the build tree, as test_app_name () binds it. */
  bindtextdomain (GETTEXT_PACKAGE, KP_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  type (kp_window_get_entry_view (f->window), "2 5\n");
  journal = kp_store_get_journal (kp_window_get_store (f->window), &error);
  described = kp_documents_describe_entry_in (kp_store_get_congress (kp_window_get_store (f->window)),
                                              journal->pdata[journal->len - 1]);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.journal", NULL);
  spin (300);
  view = gtk_stack_get_child_by_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (f->window)))),
                                      "journal");
  mapped_text (view, text);
  g_assert_nonnull (strstr (text->str, kp_documents_action_words ("enter")));
  g_assert_nonnull (strstr (text->str, kp_documents_action_words ("create")));
  g_assert_nonnull (strstr (text->str, described));
  g_assert_nonnull (strstr (text->str, ", lần 1, lượt A, phiếu 1: gạch 2 5"));
  g_assert_null (strstr (text->str, "Ballot entered"));
  screenshot (GTK_WIDGET (f->window), "journal-words-vi");
}

/* The first label on screen under @root whose text carries a rule code
 * (R-RECON-1, R-BASE-1, …), or %NULL. */
static char *
find_rule_code (GtkWidget *root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GRegex) code = g_regex_new ("R-[A-Z]+-[0-9]", 0, 0, NULL);
  g_auto(GStrv) lines = NULL;

  mapped_text (root, text);
  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_regex_match (code, lines[i], 0, NULL))
      return g_strdup (lines[i]);
  return NULL;
}

static void
assert_no_rule_code (GtkWidget  *root,
                     const char *screen)
{
  g_autofree char *line = find_rule_code (root);

  if (line != NULL)
    g_error ("%s shows a rule code: %s", screen, line);
}

/* Issue 11: rule codes are for the developers (and tooltips): no label on
 * the congress page, entry, results, reconcile, journal, setup or
 * next-round screens shows one. */
static void
test_no_rule_codes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KpEntryView *view;
  AdwMessageDialog *dialog;

  assert_no_rule_code (GTK_WIDGET (f->window), "the congress page");
  g_assert_true (kp_store_set_mode (kp_window_get_store (f->window), "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n345\n2");
  assert_no_rule_code (GTK_WIDGET (f->window), "the entry screen");
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  g_assert_true (kp_window_show_reconcile (f->window, "dbct", &error));
  spin (100);
  assert_no_rule_code (GTK_WIDGET (f->window), "the reconcile screen");
  g_assert_true (kp_window_start_entry (f->window, "bithu", 'A', &error));
  type (view, "n\nn\ny\n");
  g_assert_true (kp_window_show_results (f->window, "bithu", &error));
  spin (100);
  assert_no_rule_code (GTK_WIDGET (f->window), "the results");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.next-round", NULL);
  spin (100);
  dialog = find_dialog (f->window, _("Next round"));
  g_assert_nonnull (dialog);
  assert_no_rule_code (GTK_WIDGET (dialog), "the next round");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (100);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.journal", NULL);
  spin (200);
  assert_no_rule_code (GTK_WIDGET (f->window), "the journal");
  {
    KpWindow *window = kp_window_new (GTK_APPLICATION (application));
    KpSetupView *setup;

    gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
    gtk_window_present (GTK_WINDOW (window));
    spin (100);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.setup", NULL);
    setup = KP_SETUP_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), KP_TYPE_WINDOW, "setup_view"));
    setup_text (setup, "superior", "ĐẢNG BỘ HUYỆN THẠCH THÀNH");
    setup_text (setup, "organization", "ĐẢNG BỘ XÃ THÀNH AN");
    setup_text (setup, "congress_name", "ĐẠI HỘI LẦN THỨ XXV");
    setup_text (setup, "term", "2025 - 2030");
    setup_text (setup, "date", "15/6/2025");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (setup, "convened")), 50);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (setup, "present")), 47);
    setup_text (setup, "exclusions", "2; Đảng viên đi làm ăn xa, được miễn sinh hoạt\n");
    setup_text (setup, "head", "Lê Văn Tùng");
    setup_text (setup, "members", "Phạm Thị Hoa, Nguyễn Đức Thành");
    setup_text (setup, "title", "Bầu Ban Chấp hành Đảng bộ xã khóa XXV");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (setup_child (setup, "seats")), 5);
    setup_text (setup, "candidates", "Trần Văn Bình\nNguyễn Thị An\nLê Văn Cường\nĐỗ Thị Dung\nPhạm Văn Em\n"
                                     "Vũ Văn Giang\nHoàng Thị Hà\n");
    spin (100);
    g_assert_nonnull (strstr (kp_setup_view_get_preview (setup), "⚠"));
    assert_no_rule_code (GTK_WIDGET (window), "the setup screen");
    gtk_window_destroy (GTK_WINDOW (window));
    spin (50);
  }
}

/* The widget with the keyboard focus in @widget's window, or %NULL. */
static GtkWidget *
focus_of (GtkWidget *widget)
{
  spin (100);
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

/* Issue 11: Enter on a disagreement opens its settling: the reason is
 * asked first (its entry takes the focus and names the ballot); Enter there
 * goes on to that ballot's first button; with a reason written, Enter on
 * the row goes straight to its buttons. */
static void
test_reconcile_activate (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *take_a = g_strdup_printf (_("Take %c"), 'A');
  KpEntryView *view;
  KpReconcileView *reconcile;
  GtkListBox *list;
  GtkListBoxRow *row;
  GtkWidget *reason, *focus;

  g_assert_true (kp_store_set_mode (kp_window_get_store (f->window), "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  view = kp_window_get_entry_view (f->window);
  type (view, "12\n345\n");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  g_assert_true (kp_window_show_reconcile (f->window, "dbct", &error));
  reconcile = KP_RECONCILE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window), KP_TYPE_WINDOW, "reconcile_view"));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (reconcile), KP_TYPE_RECONCILE_VIEW, "list"));
  reason = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (reconcile), KP_TYPE_RECONCILE_VIEW, "reason"));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (row));

  /* Enter on the row (what GtkListBox's key binding does). */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_activate (GTK_WIDGET (row));
  focus = focus_of (GTK_WIDGET (row));
  g_assert_nonnull (focus);
  g_assert_true (focus == reason || gtk_widget_is_ancestor (focus, reason));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (reason)), "2"));
  screenshot (GTK_WIDGET (f->window), "reconcile-activated");

  /* The reason, Enter: on to the first button of that ballot. */
  gtk_editable_set_text (GTK_EDITABLE (reason), "Phiếu giấy gạch tên 3, 4 và 6");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (reason)), "activate");
  focus = focus_of (GTK_WIDGET (row));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, take_a);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));

  /* A reason already written: Enter on the row goes to the buttons. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  gtk_widget_activate (GTK_WIDGET (row));
  focus = focus_of (GTK_WIDGET (row));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (row)));
  g_assert_cmpuint (kp_reconcile_view_get_pending (reconcile), ==, 1);
}

/* The guide's pictures (docs/images/app-<screen>-<width>[-dark].png, with
 * KP_SCREENSHOT_DIR): welcome, congress page, entry (18 names), results,
 * reconcile and journal, at 1024×600 and 1920×1080; each screen is shown
 * at both sizes, the entry screen's names whole. */
static void
test_guide_screens (Fixture       *f,
                    gconstpointer  data)
{
  const int sizes[][2] = { { 1024, 600 }, { 1920, 1080 } };
  const char *dark = g_getenv ("KP_SCREENSHOT_DARK") ? "-dark" : "";
  g_autoptr(GError) error = NULL;
  KpEntryView *view = kp_window_get_entry_view (f->window);
  GtkWidget *results;

  /* Five ballots of the committee list, a sixth being typed. */
  g_assert_true (kp_window_start_entry (f->window, "bch", 'A', &error));
  type (view, "1 4 9\n2 5 17\n3 6 18\n4 7 11\n7 8 9 13\n3 7 12");
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GPtrArray) chips = entry_chips (view);
      char name[64];

      resize (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
      g_assert_cmpuint (chips->len, ==, 18);
      for (guint i = 0; i < chips->len; i++)
        assert_shown_whole (chips->pdata[i]);
      assert_ballot_state_shown (view);
      g_snprintf (name, sizeof name, "app-entry-%d%s", sizes[s][0], dark);
      screenshot (GTK_WIDGET (f->window), name);
    }
  g_assert_true (kp_entry_view_press (view, GDK_KEY_Escape, 0));

  /* Two passes of the delegates' list with one disagreement, the counts
   * from the box. */
  g_assert_true (kp_store_set_mode (kp_window_get_store (f->window), "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'A', &error));
  type (view, "12\n345\n");
  g_assert_true (kp_window_start_entry (f->window, "dbct", 'B', &error));
  type (view, "12\n346\n");
  g_assert_true (kp_window_show_results (f->window, "bch", &error));
  results = GTK_WIDGET (kp_window_get_results_view (f->window));
  type_count (find_entry_row (results, _("Ballots issued")), "5");
  type_count (find_entry_row (results, _("Ballots collected (counted from the box before they are examined)")), "5");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s][0];
      KpWindow *welcome = kp_window_new (GTK_APPLICATION (application));
      char name[64];

      gtk_window_set_default_size (GTK_WINDOW (welcome), sizes[s][0], sizes[s][1]);
      gtk_window_present (GTK_WINDOW (welcome));
      spin (300);
      g_assert_cmpstr (kp_window_get_page (welcome), ==, "welcome");
      g_snprintf (name, sizeof name, "app-welcome-%d%s", w, dark);
      screenshot (GTK_WIDGET (welcome), name);
      gtk_window_destroy (GTK_WINDOW (welcome));
      spin (50);

      resize (GTK_WINDOW (f->window), sizes[s][0], sizes[s][1]);
      show_congress (f->window);
      g_assert_cmpstr (kp_window_get_page (f->window), ==, "congress");
      g_snprintf (name, sizeof name, "app-congress-%d%s", w, dark);
      screenshot (GTK_WIDGET (f->window), name);

      g_assert_true (kp_window_show_results (f->window, "bch", &error));
      g_assert_cmpstr (kp_window_get_page (f->window), ==, "results");
      g_snprintf (name, sizeof name, "app-results-%d%s", w, dark);
      screenshot (GTK_WIDGET (f->window), name);

      g_assert_true (kp_window_show_reconcile (f->window, "dbct", &error));
      g_assert_cmpstr (kp_window_get_page (f->window), ==, "reconcile");
      g_snprintf (name, sizeof name, "app-reconcile-%d%s", w, dark);
      screenshot (GTK_WIDGET (f->window), name);

      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.journal", NULL);
      spin (200);
      g_assert_cmpstr (kp_window_get_page (f->window), ==, "journal");
      g_snprintf (name, sizeof name, "app-journal-%d%s", w, dark);
      screenshot (GTK_WIDGET (f->window), name);
    }
}

/* Every file of @dir with its size, modification time and content hash,
 * and the folder's own time: what a write beside the file would change. */
static char *
folder_state (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  GStatBuf st;
  const char *name;

  g_assert_nonnull (d);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_string_append_printf (out, ". %ld.%09ld\n", (long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      gsize length;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
      g_string_append_printf (out, "%s %ld.%09ld %s\n", (const char *) names->pdata[i], (long) st.st_mtim.tv_sec,
                              st.st_mtim.tv_nsec, sum);
    }
  return g_string_free (out, FALSE);
}

/* The demo congress as the inspection committee gets it: bch entered, dbct
 * in double entry with one disagreement not settled. Closed. */
static char *
audited_congress (void)
{
  char *path = demo_congress ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autofree char *csv = g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", "bch.csv", NULL);
  g_autoptr(KpElection) bch = kp_store_get_election (store, "bch", 0, &error);
  g_autoptr(GPtrArray) ballots = kp_ballots_read_file (csv, bch, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ballots->len; i++)
    g_assert_true (kp_store_enter (store, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[i], &error));
  g_assert_true (kp_store_set_collected (store, "bch", 0, ballots->len, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_set_mode (store, "dbct", KP_ENTRY_DOUBLE, NULL, "Lê Văn Tùng", &error));
  for (char pass = 'A'; pass <= 'B'; pass++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (1, 9);
      kp_ballot_strike (ballot, pass == 'A' ? 1 : 2);
      g_assert_true (kp_store_enter (store, "dbct", 0, pass, "Trần Văn Nhập", ballot, &error));
    }
  g_assert_no_error (error);
  return path;
}

/* Opened read-only ("Open read-only…"): the "Chỉ xem" banner says so and
 * why; no operator is asked for; whatever would change the file is
 * insensitive and says why (entry, the entry mode, the box's counts,
 * settling, confirming, the next round, the hall's release, rehearsal,
 * archive); the results, the reconciliation, the journal (verified) and
 * printing work; nothing is written beside the file — no -wal, -shm or
 * entry lock. */
static void
test_read_only (void)
{
  g_autofree char *path = audited_congress ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *before = folder_state (dir);
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  GtkWidget *button;
  AdwEntryRow *collected;
  GtkWidget *journal;
  const char *insensitive[] = { N_("Archive to USB…"), N_("Rehearsal (separate copy)…") };

  g_autofree char *prefix = g_strdup_printf (_("READ-ONLY — %s"), "");
  g_autofree char *enter_a = g_strdup_printf (_("Enter %c"), 'A');
  g_autofree char *take_a = g_strdup_printf (_("Take %c"), 'A');

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  /* "Open read-only…" next to "Open a congress file…". */
  button = find_button (GTK_WIDGET (window), _("Open read-only…"));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.open-read-only");
  g_assert_true (kp_window_open_read_only (window, path, &error));
  g_assert_no_error (error);
  spin (200);
  g_assert_true (kp_store_is_read_only (kp_window_get_store (window)));
  reason = kp_store_read_only_reason (kp_window_get_store (window));

  /* The banner, plainly; nobody is asked for a name. */
  g_assert_true (kp_window_is_read_only_banner_shown (window));
  g_assert_nonnull (strstr (kp_window_get_read_only_banner_text (window), reason));
  g_assert_true (g_str_has_prefix (kp_window_get_read_only_banner_text (window), prefix));
  g_assert_null (find_dialog (window, _("Name of the person entering ballots")));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (
    GTK_WIDGET (find_entry_row (GTK_WIDGET (window), _("Name of the person entering ballots"))),
    ADW_TYPE_PREFERENCES_GROUP)));
  g_assert_false (kp_window_is_rehearsal_banner_shown (window));
  screenshot (GTK_WIDGET (window), "read-only");

  /* Entry: insensitive, saying why; asked anyway, refused without a lock. */
  button = find_button (GTK_WIDGET (window), enter_a);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
  for (guint i = 0; i < G_N_ELEMENTS (insensitive); i++)
    {
      button = find_button (GTK_WIDGET (window), _(insensitive[i]));
      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_sensitive (button));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
    }
  g_assert_false (kp_window_start_entry (window, "bch", 'A', &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpstr (kp_window_get_page (window), ==, "congress");
  /* The disabled actions do nothing (no dialog). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.archive", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rehearsal", NULL);
  spin (100);
  g_assert_null (find_dialog (window, _("Rehearse in a separate copy?")));

  /* The results show; the box's counts and confirming are insensitive. */
  g_assert_true (kp_window_show_results (window, "bch", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kp_results_view_get_result (kp_window_get_results_view (window))->collected, ==, 127);
  collected = find_entry_row (GTK_WIDGET (kp_window_get_results_view (window)),
                              _("Ballots collected (counted from the box before they are examined)"));
  g_assert_nonnull (collected);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (collected)));
  button = find_button (GTK_WIDGET (window), _("Confirm and sign…"));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
  screenshot (GTK_WIDGET (window), "read-only-results");

  /* The projector shows; releasing to the hall (a journal entry) cannot. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.projector", NULL);
  spin (100);
  g_assert_nonnull (kp_window_get_projector (window));
  {
    GtkToggleButton *release = find_release_switch (GTK_WIDGET (window));
    g_assert_nonnull (release);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (release)));
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (release)));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (release)), ==, reason);
  }

  /* Printing makes the PDF in memory, nothing beside the file. */
  {
    g_autofree char *out = g_dir_make_tmp ("kp-print-XXXXXX", NULL);

    pdf = g_build_filename (out, "minutes.pdf", NULL);
    g_assert_true (kp_window_print (window, "minutes", pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
  spin (200);

  /* The disagreement shows; settling it does not. */
  g_assert_true (kp_window_show_reconcile (window, "dbct", &error));
  g_assert_no_error (error);
  button = find_button (GTK_WIDGET (window), take_a);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);

  /* The journal, verified. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.journal", NULL);
  spin (100);
  journal = gtk_stack_get_child_by_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (window)))),
                                         "journal");
  g_assert_true (kp_journal_view_is_verified (KP_JOURNAL_VIEW (journal)));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
}

/* A file that cannot be written is opened read-only by itself, with the
 * banner; the same window then opens a writable file, and everything is
 * sensitive again, the banner gone. */
static void
test_read_only_then_writable (void)
{
  g_autofree char *path = audited_congress ();
  g_autofree char *other = demo_congress ();
  g_autoptr(GError) error = NULL;
  g_autofree char *enter_a = g_strdup_printf (_("Enter %c"), 'A');
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  GtkWidget *button;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_read_only (window, path, &error));
  spin (100);
  g_assert_true (kp_window_is_read_only_banner_shown (window));
  g_assert_true (kp_window_open_file (window, other, &error));
  g_assert_no_error (error);
  spin (100);
  answer_operator (window, "Nguyễn Thị Lan");
  g_assert_false (kp_window_is_read_only_banner_shown (window));
  button = find_button (GTK_WIDGET (window), _("Archive to USB…"));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_null (gtk_widget_get_tooltip_text (button));
  button = find_button (GTK_WIDGET (window), enter_a);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (kp_window_start_entry (window, "bch", 'A', &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

typedef struct
{
  GApplication *app;
  gboolean banner;
  gboolean read_only;
} ReadOnlyRun;

static gboolean
read_only_run_cb (gpointer data)
{
  ReadOnlyRun *run = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (run->app));

  if (windows != NULL && KP_IS_WINDOW (windows->data) && kp_window_get_store (windows->data) != NULL)
    {
      run->banner = kp_window_is_read_only_banner_shown (windows->data);
      run->read_only = kp_store_get_access (kp_window_get_store (windows->data)) == KP_STORE_READ_ONLY_ASKED;
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l;
       l = gtk_application_get_windows (GTK_APPLICATION (run->app)))
    gtk_window_destroy (l->data);
  return G_SOURCE_REMOVE;
}

/* `kiemphieu --read-only FILE`: the file given opens read-only. */
static void
test_read_only_option (void)
{
  g_autofree char *path = audited_congress ();
  g_autoptr(KpApplication) app = kp_application_new ();
  char *argv[] = { (char *) "kiemphieu", (char *) "--read-only", path, NULL };
  ReadOnlyRun run = { G_APPLICATION (app), FALSE, FALSE };

  /* A second application in this process: its own id on the bus. */
  g_application_set_application_id (G_APPLICATION (app), "vn.kiemphieu.KiemPhieu.ReadOnlyTest");
  g_timeout_add (1500, read_only_run_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (kp_application_is_read_only (app));
  g_assert_true (run.read_only);
  g_assert_true (run.banner);
}

int
main (int    argc,
      char **argv)
{
  {
    /* The run's own temporary folder (before anything asks GLib for it):
     * printing a secret is checked to leave nothing in it. */
    g_autofree char *tmp = g_build_filename (g_getenv ("TMPDIR") ? g_getenv ("TMPDIR") : "/tmp",
                                             "kp-ui-run-XXXXXX", NULL);
    g_assert_nonnull (g_mkdtemp (tmp));
    g_setenv ("TMPDIR", tmp, TRUE);
  }
  {
    /* The recent files and the demo congresses go to a folder of the run's,
     * not to the user's. */
    g_autofree char *data_home = g_dir_make_tmp ("kp-ui-data-XXXXXX", NULL);
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KP_LOCALEDIR"))
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KP_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  if (!gtk_init_check ())
    {
      /* TAP: a skipped plan. dev.sh and CI run under xvfb-run. */
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  if (g_getenv ("KP_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  application = kp_application_new ();
  g_application_register (G_APPLICATION (application), NULL, NULL);
  {
    /* What the application's startup does: the style sheet. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/vn/kiemphieu/KiemPhieu/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/welcome", test_welcome);
  g_test_add_func ("/ui/setup/R-LIST-1/R-LIST-2", test_setup);
  g_test_add ("/ui/congress", Fixture, NULL, fixture_set_up, test_congress_page, fixture_tear_down);
  g_test_add ("/ui/entry/keystrokes", Fixture, NULL, fixture_set_up, test_entry_keystrokes, fixture_tear_down);
  g_test_add ("/ui/entry/separator-and-keep-mode", Fixture, NULL, fixture_set_up, test_entry_separator, fixture_tear_down);
  g_test_add ("/ui/entry/keep-mode-one-ballot", Fixture, NULL, fixture_set_up, test_entry_keep_one_ballot,
              fixture_tear_down);
  g_test_add ("/ui/entry/numbers-9", Fixture, NULL, fixture_set_up, test_entry_numbers_9, fixture_tear_down);
  g_test_add ("/ui/entry/numbers-18", Fixture, NULL, fixture_set_up, test_entry_numbers_18, fixture_tear_down);
  g_test_add ("/ui/entry/numbers-199", Fixture, "national", fixture_set_up, test_entry_numbers_199,
              fixture_tear_down);
  g_test_add ("/ui/entry/saved-and-waiting", Fixture, NULL, fixture_set_up, test_entry_saved_and_waiting,
              fixture_tear_down);
  g_test_add ("/ui/entry/struck-through", Fixture, NULL, fixture_set_up, test_entry_struck_through, fixture_tear_down);
  g_test_add ("/ui/entry/flag-void-reenter", Fixture, NULL, fixture_set_up, test_entry_flag_void, fixture_tear_down);
  g_test_add ("/ui/entry/R-INVALID-5", Fixture, NULL, fixture_set_up, test_entry_other_reason, fixture_tear_down);
  g_test_add ("/ui/entry/R-YESNO-2", Fixture, NULL, fixture_set_up, test_entry_yesno, fixture_tear_down);
  g_test_add ("/ui/double-entry", Fixture, NULL, fixture_set_up, test_double_entry, fixture_tear_down);
  g_test_add ("/ui/projector", Fixture, NULL, fixture_set_up, test_projector, fixture_tear_down);
  g_test_add ("/ui/projector/passphrase", Fixture, NULL, fixture_set_up, test_projector_passphrase, fixture_tear_down);
  g_test_add_func ("/ui/projector/R-ELECT-1/18-names", test_projector_18);
  g_test_add_func ("/ui/projector/R-ELECT-1/60-names", test_projector_60);
  g_test_add_func ("/ui/R-LIST-2/namesakes", test_namesakes);
  g_test_add ("/ui/reconcile", Fixture, NULL, fixture_set_up, test_reconcile_view, fixture_tear_down);
  g_test_add ("/ui/adjudicate/R-INVALID-5", Fixture, NULL, fixture_set_up, test_adjudicate, fixture_tear_down);
  g_test_add ("/ui/next-round/R-ROUND-1", Fixture, NULL, fixture_set_up, test_next_round, fixture_tear_down);
  g_test_add ("/ui/recent", Fixture, NULL, fixture_set_up, test_recent, fixture_tear_down);
  g_test_add ("/ui/rehearsal-copy", Fixture, NULL, fixture_set_up, test_rehearsal_copy, fixture_tear_down);
  g_test_add ("/ui/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/ui/results/R-RECON-1/counts", Fixture, NULL, fixture_set_up, test_results_counts, fixture_tear_down);
  g_test_add ("/ui/confirm-print-archive", Fixture, NULL, fixture_set_up, test_confirm_print_archive, fixture_tear_down);
  g_test_add_func ("/ui/operator", test_operator);
  g_test_add ("/ui/entry-mode", Fixture, NULL, fixture_set_up, test_entry_mode, fixture_tear_down);
  g_test_add ("/ui/reconcile/paper/R-INVALID-5", Fixture, NULL, fixture_set_up, test_reconcile_paper,
              fixture_tear_down);
  g_test_add ("/ui/same-file", Fixture, NULL, fixture_set_up, test_same_file, fixture_tear_down);

  g_test_add ("/ui/gnome/dialog-keys", Fixture, NULL, fixture_set_up, test_dialog_keys, fixture_tear_down);
  g_test_add ("/ui/gnome/dialog-keys-next-round", Fixture, NULL, fixture_set_up, test_dialog_keys_next_round,
              fixture_tear_down);
  g_test_add ("/ui/gnome/entry-leave", Fixture, NULL, fixture_set_up, test_entry_leave, fixture_tear_down);
  g_test_add ("/ui/gnome/shortcuts-window", Fixture, NULL, fixture_set_up, test_shortcuts_window, fixture_tear_down);
  g_test_add ("/ui/gnome/main-menu", Fixture, NULL, fixture_set_up, test_main_menu, fixture_tear_down);
  g_test_add_func ("/ui/gnome/app-name", test_app_name);
  g_test_add ("/ui/entry/layout-18", Fixture, NULL, fixture_set_up, test_entry_layout_18, fixture_tear_down);
  g_test_add ("/ui/entry/layout-199", Fixture, "national", fixture_set_up, test_entry_layout_199, fixture_tear_down);
  g_test_add ("/ui/journal/words", Fixture, NULL, fixture_set_up, test_journal_words, fixture_tear_down);
  g_test_add ("/ui/journal/words-vi", Fixture, NULL, fixture_set_up, test_journal_words_vi, fixture_tear_down);
  g_test_add ("/ui/no-rule-codes", Fixture, NULL, fixture_set_up, test_no_rule_codes, fixture_tear_down);
  g_test_add ("/ui/reconcile/enter-opens", Fixture, NULL, fixture_set_up, test_reconcile_activate, fixture_tear_down);
  g_test_add ("/ui/guide-screens", Fixture, NULL, fixture_set_up, test_guide_screens, fixture_tear_down);
  g_test_add_func ("/ui/read-only", test_read_only);
  g_test_add_func ("/ui/read-only/then-writable", test_read_only_then_writable);
  g_test_add_func ("/ui/read-only/option", test_read_only_option);
  return g_test_run ();
}
