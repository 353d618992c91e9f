/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-ui-images.c — scanned ballots' images in the desktop app (issue 15),
 * driven in-process under Xvfb, in English and in Vietnamese: a scanned
 * pass A reconciled against a typed pass B with a deliberate disagreement
 * (R-RECON-1) shows the ballot's image beside the disagreement, the row
 * the passes read differently framed in red and enlarged; the ballot image
 * window opens from the reconciliation view and from the journal, every
 * page, zoomable; a typed ballot has no image and says so. With
 * KP_SCREENSHOT_DIR set, it saves screenshots.
 */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "kp-application.h"
#include "kp-ballot-image.h"
#include "kp-journal-view.h"
#include "kp-reconcile-view.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"
#include "kp-window.h"
#include "ui-util.h"

static KpApplication *application;

/* The toplevel window titled @title, or %NULL. */
static GtkWindow *
find_window (const char *title)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (w)) && g_strcmp0 (gtk_window_get_title (GTK_WINDOW (w)), title) == 0)
        return GTK_WINDOW (w);
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w))
          && g_str_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static GtkEditable *
find_entry (GtkWidget *root)
{
  if (GTK_IS_EDITABLE (root) && GTK_IS_ENTRY (root))
    return GTK_EDITABLE (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = find_entry (child);
      if (found)
        return found;
    }
  return NULL;
}

static void
answer_operator (const char *name)
{
  AdwMessageDialog *dialog = find_dialog (_("Name of the person entering ballots"));
  GtkEditable *entry;

  if (dialog == NULL)
    return;
  entry = find_entry (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, name);
  adw_message_dialog_response (dialog, "ok");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (100);
}

/* The first widget below @root with the CSS class @name (shown), or of
 * @type when @name is %NULL. */
static GtkWidget *
find_widget (GtkWidget  *root,
             const char *name,
             GType       type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (name ? gtk_widget_has_css_class (child, name) : G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget (child, name, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The button whose tooltip is @tooltip below @root, or %NULL. */
static GtkWidget *
find_tooltip (GtkWidget  *root,
              const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_tooltip (child, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static void
labels_text (GtkWidget *widget,
             GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    labels_text (child, out);
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  g_autoptr(GString) all = g_string_new (NULL);

  labels_text (root, all);
  if (strstr (all->str, text) == NULL)
    g_error ("\"%s\" is not shown in:\n%s", text, all->str);
}

/* Spins until @image has read its pages (in its thread); at most 20 s. */
static void
wait_loaded (KpBallotImage *image)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kp_ballot_image_is_loading (image) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kp_ballot_image_is_loading (image));
  spin (100);
}

/* Pixels of the framing red (220, 0, 0) in @texture. */
static guint
red_pixels (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint n = 0;

  gdk_texture_download (texture, data, (gsize) w * 4);
  /* GDK_MEMORY_DEFAULT: B, G, R, A in memory on little-endian. */
  for (gsize i = 0; i < (gsize) w * h; i++)
    if (data[i * 4 + 2] > 180 && data[i * 4 + 1] < 60 && data[i * 4] < 60)
      n++;
  return n;
}

/* Pass A of bch scanned (ballot 1, 200 dpi, its rows read as printed) and
 * typed (ballot 2); pass B typed, each ballot with one row read otherwise
 * (ballot 1: row @row). */
static void
enter_passes (KpStore *store,
              guint   *row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, "bch", 0, &error);
  g_autoptr(KpScanner) scanner = kp_scanner_new (kp_store_get_congress (store), election, &error);
  g_autoptr(KpGen) gen = kp_gen_new (kp_scanner_get_layout (scanner, KP_PAPER_A5, NULL), &error);
  KpGenOptions options = { 200, 0.3, TRUE, TRUE, FALSE, FALSE, TRUE };
  g_autoptr(KpGenBallot) scan = kp_gen_ballot (gen, 7, &options);
  g_autoptr(KpScanSource) source = kp_scan_source_new_from_bytes (scan->pages->pdata[0], "0001.jpg", &error);
  KpScanPageRef ref = { kp_scan_source_get_sha256 (source), 0, "image/jpeg", "0001.jpg",
                        kp_scan_source_get_bytes (source) };
  guint n = election->candidates->len;
  g_autoptr(KpBallot) a1 = kp_ballot_new_strike (1, n);
  g_autoptr(KpBallot) b1 = kp_ballot_new_strike (1, n);
  g_autoptr(KpBallot) a2 = kp_ballot_new_strike (2, n);
  g_autoptr(KpBallot) b2 = kp_ballot_new_strike (2, n);

  g_assert_no_error (error);
  g_assert_true (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  *row = 0;
  for (guint i = 0; i < n; i++)
    {
      if (scan->truth[i] == KP_GEN_STRUCK)
        {
          kp_ballot_strike (a1, i + 1);
          kp_ballot_strike (b1, i + 1);
        }
      else if (*row == 0)
        *row = i + 1;
    }
  g_assert_cmpuint (*row, >, 0);
  /* The typist strikes one name the voter kept. */
  kp_ballot_strike (b1, *row);
  g_assert_true (kp_store_enter_scanned (store, "bch", 0, 'A', "Kỹ thuật viên", a1, &ref, 1, "", FALSE, &error));
  g_assert_no_error (error);
  kp_ballot_strike (a2, 2);
  kp_ballot_strike (b2, 3);
  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "Nguyễn Thị Lan", a2, &error));
  g_assert_true (kp_store_enter (store, "bch", 0, 'B', "Nguyễn Thị Lan", b1, &error));
  g_assert_true (kp_store_enter (store, "bch", 0, 'B', "Nguyễn Thị Lan", b2, &error));
  g_assert_no_error (error);
}

static char *
demo_congress (void)
{
  g_autofree char *definition = g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-images-XXXXXX", NULL);
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

/* Whether @picture is allocated @width wide (within two pixels) and as
 * high as its texture is at that width: drawn whole, neither letterboxed
 * in a shorter box nor cut by a narrower one. */
static gboolean
fills (GtkWidget *picture,
       int        width)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  double ratio = gdk_paintable_get_intrinsic_aspect_ratio (paintable);
  int w = gtk_widget_get_width (picture), h = gtk_widget_get_height (picture);

  return width > 0 && w >= width - 2 && w <= width && ratio > 0 && ABS (h - (int) (w / ratio)) <= 2;
}

/* The page and the band of framed rows are as wide as the pane's image,
 * each whole, the band not scrolled sideways. Waits for the layout after
 * a resize (at most 10 s): a busy machine only makes it slower. */
static void
assert_fits_pane (KpBallotImage *image)
{
  GtkWidget *page = find_widget (GTK_WIDGET (image), "kp-ballot-page", 0);
  GtkWidget *zoom = find_widget (GTK_WIDGET (image), "kp-ballot-zoom", 0);
  GtkWidget *band = GTK_IS_PICTURE (zoom) ? zoom : find_widget (zoom, NULL, GTK_TYPE_PICTURE);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int width = 0;

  g_assert_nonnull (page);
  g_assert_nonnull (band);
  while (g_get_monotonic_time () < end)
    {
      width = gtk_widget_get_width (GTK_WIDGET (image));
      if (fills (page, width) && fills (band, width))
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpint (width, >=, 300);
  if (!fills (page, width) || !fills (band, width))
    g_error ("the pane's image is %d px wide; the page is %d × %d, the enlarged rows %d × %d", width,
             gtk_widget_get_width (page), gtk_widget_get_height (page), gtk_widget_get_width (band),
             gtk_widget_get_height (band));
}

/* @data: the locale ("C" or "vi_VN.UTF-8"); screenshots are named for it. */
static void
test_images (gconstpointer data)
{
  const char *locale = data;
  gboolean vi = g_str_has_prefix (locale, "vi");
  g_autofree char *old = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  KpWindow *window;
  KpStore *store;
  KpReconcileView *view;
  KpBallotImage *image;
  GtkWindow *shown;
  GtkWidget *zoom;
  guint row;

  if (setlocale (LC_MESSAGES, locale) == NULL)
    {
      g_test_skip ("no such locale");
      return;
    }
  textdomain (GETTEXT_PACKAGE);
  if (vi)
    g_assert_cmpstr (_("Show the scanned image"), !=, "Show the scanned image");
  else
    g_assert_cmpstr (_("Show the scanned image"), ==, "Show the scanned image");

  path = demo_congress ();
  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  g_assert_no_error (error);
  spin (200);
  answer_operator ("Nguyễn Thị Lan");
  store = kp_window_get_store (window);
  enter_passes (store, &row);

  /* R-RECON-1: the scanned pass reconciles against the typed one like two
   * typed passes; the first disagreement with a scan shows its image. */
  g_assert_true (kp_window_show_reconcile (window, "bch", &error));
  g_assert_no_error (error);
  view = KP_RECONCILE_VIEW (gtk_stack_get_child_by_name (
    GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (window)))), "reconcile"));
  g_assert_cmpuint (kp_reconcile_view_get_pending (view), ==, 2);
  g_assert_cmpuint (kp_reconcile_view_get_image_serial (view), ==, 1);
  image = kp_reconcile_view_get_image (view);
  wait_loaded (image);
  g_assert_null (kp_ballot_image_get_problem (image));
  g_assert_cmpuint (kp_ballot_image_get_n_pages (image), ==, 1);
  /* The row the passes read differently: framed, and enlarged. */
  g_assert_cmpuint (kp_ballot_image_get_n_zoomed (image), ==, 1);
  zoom = find_widget (GTK_WIDGET (image), "kp-ballot-zoom", 0);
  g_assert_nonnull (zoom);
  {
    GtkWidget *picture = GTK_IS_PICTURE (zoom) ? zoom : find_widget (zoom, NULL, GTK_TYPE_PICTURE);
    GdkTexture *texture = GDK_TEXTURE (gtk_picture_get_paintable (GTK_PICTURE (picture)));
    GtkWidget *page = find_widget (GTK_WIDGET (image), "kp-ballot-page", 0);
    GdkTexture *whole = GDK_TEXTURE (gtk_picture_get_paintable (GTK_PICTURE (page)));

    /* A band of the page around the row, at the scan's resolution (larger
     * than the row on the page shown), with the red frame in it. */
    g_assert_cmpint (gdk_texture_get_height (texture), <, gdk_texture_get_height (whole) / 5);
    g_assert_cmpint (gdk_texture_get_width (texture), >, gtk_widget_get_width (page) / 2);
    g_assert_cmpuint (red_pixels (texture), >, 500);
    g_assert_cmpuint (red_pixels (whole), >, 200);
  }
  {
    g_autofree char *title = g_strdup_printf (_("Ballot %u as scanned in pass %c: the rows the passes read differently "
                                                "are framed in red."), 1, 'A');
    assert_shows (GTK_WIDGET (view), title);
    if (vi)
      g_assert_null (strstr (title, "scanned"));
  }
  screenshot (GTK_WIDGET (window), vi ? "reconcile-image" : "reconcile-image-en");
  /* The image beside the list fits a 1024×600 screen: the page and the
   * enlarged rows as wide as the pane, nothing scrolled sideways. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  spin (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  assert_fits_pane (image);
  screenshot (GTK_WIDGET (window), vi ? "reconcile-image-1024" : "reconcile-image-1024-en");
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1200);
  spin (300);
  assert_fits_pane (image);
  screenshot (GTK_WIDGET (window), vi ? "reconcile-image-1920" : "reconcile-image-1920-en");
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  spin (100);
  /* Ballot 2 was typed twice: no image to show. */
  g_assert_false (kp_reconcile_view_show_image (view, 2));
  g_assert_cmpuint (kp_reconcile_view_get_image_serial (view), ==, 1);

  /* The image button of the row opens the ballot image window. */
  {
    g_autofree char *tooltip = g_strdup_printf (_("Open the scanned image of ballot %u (pass %c) in a window (Ctrl+I)"),
                                                1, 'A');
    g_autofree char *title = g_strdup_printf (_("Ballot %u of pass %c — scanned image"), 1, 'A');
    GtkWidget *button = find_tooltip (GTK_WIDGET (view), tooltip);
    KpBallotImage *big;
    int height;

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    spin (100);
    shown = find_window (title);
    g_assert_nonnull (shown);
    big = g_object_get_data (G_OBJECT (shown), "image");
    wait_loaded (big);
    g_assert_null (kp_ballot_image_get_problem (big));
    g_assert_cmpuint (kp_ballot_image_get_n_pages (big), ==, 1);
    /* The plain image: nothing framed. */
    g_assert_cmpuint (kp_ballot_image_get_n_zoomed (big), ==, 0);
    height = kp_ballot_image_get_page_height (big);
    g_signal_emit_by_name (find_tooltip (GTK_WIDGET (shown), _("Zoom in (Ctrl++)")), "clicked");
    g_assert_cmpint (kp_ballot_image_get_page_height (big), >, height);
    g_signal_emit_by_name (find_tooltip (GTK_WIDGET (shown), _("Usual size (Ctrl+0)")), "clicked");
    g_assert_cmpint (kp_ballot_image_get_page_height (big), ==, height);
    screenshot (GTK_WIDGET (shown), vi ? "ballot-image" : "ballot-image-en");
    gtk_window_destroy (shown);
    spin (50);
    g_assert_null (find_window (title));

    /* Ctrl+I from the view does the same for the image beside the list. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "reconcile.open-image", NULL));
    spin (100);
    shown = find_window (title);
    g_assert_nonnull (shown);
    gtk_window_destroy (shown);
  }

  /* A typed ballot has no image, and says so. */
  g_assert_null (kp_ballot_image_window_present (GTK_WIDGET (window), store, "bch", 0, 'B', 1, &error));
  {
    g_autofree char *says = g_strdup_printf (_("Ballot %u of pass %c was typed, not scanned: it has no image."), 1, 'B');
    g_assert_cmpstr (error->message, ==, says);
    g_clear_error (&error);
  }

  /* The journal: the scanned ballot's entry opens its image; typed ones
   * have none. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.journal", NULL));
  spin (100);
  {
    KpJournalView *journal = KP_JOURNAL_VIEW (gtk_stack_get_child_by_name (
      GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (window)))), "journal"));
    guint with_image = 0, at = 0;

    for (guint i = 0; i < kp_journal_view_get_n_rows (journal); i++)
      if (kp_journal_view_has_image (journal, i))
        {
          with_image++;
          at = i;
        }
    g_assert_cmpuint (with_image, ==, 1);
    g_assert_null (kp_journal_view_open_image (journal, at + 1));
    /* Enter on the entry opens it. */
    g_signal_emit_by_name (find_widget (GTK_WIDGET (journal), NULL, GTK_TYPE_LIST_VIEW), "activate", at);
    spin (100);
    {
      g_autofree char *title = g_strdup_printf (_("Ballot %u of pass %c — scanned image"), 1, 'A');
      shown = find_window (title);
    }
    g_assert_nonnull (shown);
    wait_loaded (g_object_get_data (G_OBJECT (shown), "image"));
    g_assert_cmpuint (kp_ballot_image_get_n_pages (g_object_get_data (G_OBJECT (shown), "image")), ==, 1);
    gtk_window_destroy (shown);
    assert_shows (GTK_WIDGET (journal), _("Show the scanned image"));
    screenshot (GTK_WIDGET (window), vi ? "journal-image" : "journal-image-en");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  setlocale (LC_MESSAGES, old);
  textdomain (GETTEXT_PACKAGE);
}

/* The demo congress with "bch" as long as the national ballot: 199 names,
 * two pages on A4. */
static char *
national_congress (void)
{
  g_autofree char *definition = g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-images-XXXXXX", NULL);
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

/* A ballot of two pages (the national ballot, each page a file of the
 * scanner's): the window shows both, page by page; in reconciliation only
 * the page holding the row the passes read differently has it framed. */
static void
test_pages (void)
{
  g_autofree char *path = national_congress ();
  g_autoptr(GError) error = NULL;
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  KpStore *store;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpScanner) scanner = NULL;
  g_autoptr(KpGen) gen = NULL;
  g_autoptr(KpGenBallot) scan = NULL;
  g_autoptr(KpBallot) a1 = NULL;
  g_autoptr(KpBallot) b1 = NULL;
  KpGenOptions options = { 200, 0.3, TRUE, TRUE, FALSE, FALSE, FALSE };
  KpScanSource *sources[2];
  KpScanPageRef refs[2];
  const KpBallotLayout *layout;
  KpReconcileView *view;
  KpBallotImage *image;
  GtkWindow *shown;
  guint row = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  spin (200);
  answer_operator ("Nguyễn Thị Lan");
  store = kp_window_get_store (window);
  election = kp_store_get_election (store, "bch", 0, &error);
  scanner = kp_scanner_new (kp_store_get_congress (store), election, &error);
  layout = kp_scanner_get_layout (scanner, KP_PAPER_A4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layout->pages, ==, 2);
  gen = kp_gen_new (layout, &error);
  scan = kp_gen_ballot (gen, 11, &options);
  g_assert_cmpuint (scan->pages->len, ==, 2);
  a1 = kp_ballot_new_strike (1, 199);
  b1 = kp_ballot_new_strike (1, 199);
  for (guint i = 0; i < 199; i++)
    if (scan->truth[i] == KP_GEN_STRUCK)
      {
        kp_ballot_strike (a1, i + 1);
        kp_ballot_strike (b1, i + 1);
      }
    else if (g_array_index (layout->rows, KpBallotRow, i).page == 1)
      row = i + 1;
  g_assert_cmpuint (row, >, 0);
  kp_ballot_strike (b1, row);
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.jpg", p + 1);

      sources[p] = kp_scan_source_new_from_bytes (scan->pages->pdata[p], name, &error);
      g_assert_no_error (error);
      refs[p] = (KpScanPageRef) { kp_scan_source_get_sha256 (sources[p]), 0, "image/jpeg",
                                  kp_scan_source_get_name (sources[p]), kp_scan_source_get_bytes (sources[p]) };
    }
  g_assert_true (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));
  g_assert_true (kp_store_enter_scanned (store, "bch", 0, 'A', "Kỹ thuật viên", a1, refs, 2, "", FALSE, &error));
  g_assert_true (kp_store_enter (store, "bch", 0, 'B', "Nguyễn Thị Lan", b1, &error));
  g_assert_no_error (error);
  for (guint p = 0; p < 2; p++)
    kp_scan_source_free (sources[p]);

  g_assert_true (kp_window_show_reconcile (window, "bch", &error));
  view = KP_RECONCILE_VIEW (gtk_stack_get_child_by_name (
    GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (kp_window_get_entry_view (window)))), "reconcile"));
  g_assert_cmpuint (kp_reconcile_view_get_image_serial (view), ==, 1);
  image = kp_reconcile_view_get_image (view);
  wait_loaded (image);
  g_assert_null (kp_ballot_image_get_problem (image));
  g_assert_cmpuint (kp_ballot_image_get_n_pages (image), ==, 2);
  g_assert_cmpuint (kp_ballot_image_get_n_zoomed (image), ==, 1);
  {
    g_autofree char *second = g_strdup_printf (_("Page %u of %u"), 2, 2);
    assert_shows (GTK_WIDGET (image), second);
  }

  shown = kp_ballot_image_window_present (GTK_WIDGET (window), store, "bch", 0, 'A', 1, &error);
  g_assert_no_error (error);
  wait_loaded (g_object_get_data (G_OBJECT (shown), "image"));
  g_assert_cmpuint (kp_ballot_image_get_n_pages (g_object_get_data (G_OBJECT (shown), "image")), ==, 2);
  {
    g_autofree char *first = g_strdup_printf (_("Page %u of %u"), 1, 2);
    g_autofree char *second = g_strdup_printf (_("Page %u of %u"), 2, 2);
    assert_shows (GTK_WIDGET (shown), first);
    assert_shows (GTK_WIDGET (shown), second);
  }
  gtk_window_destroy (shown);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

int
main (int    argc,
      char **argv)
{
  {
    g_autofree char *data_home = g_dir_make_tmp ("kp-ui-data-XXXXXX", NULL);
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  bindtextdomain (GETTEXT_PACKAGE, KP_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  application = kp_application_new ();
  g_application_register (G_APPLICATION (application), NULL, NULL);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/vn/kiemphieu/KiemPhieu/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_test_add_data_func ("/ui/images/en", "C.UTF-8", test_images);
  g_test_add_data_func ("/ui/images/vi", "vi_VN.UTF-8", test_images);
  g_test_add_func ("/ui/images/pages", test_pages);
  return g_test_run ();
}
