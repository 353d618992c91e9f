/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-ui-stations.c — the stations in the desktop app (issue 14), driven
 * in-process under Xvfb: the head's stations page (a station to enroll,
 * the enroll dialog that stays open on a mistyped fingerprint, batches
 * imported from a folder through GIO, the counts that follow), and a
 * station file opened in the app: its one pass only, no results, its key's
 * fingerprint for the head to read, its batch written to a stick. With
 * KP_SCREENSHOT_DIR set, it saves screenshots.
 */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "kp-application.h"
#include "kp-ballot-reader.h"
#include "kp-batch.h"
#include "kp-crypto.h"
#include "kp-store-stations.h"
#include "kp-window.h"
#include "ui-util.h"

/* The demo's election "bch", as the committee reads it: by its name. */
#define BCH_TITLE "Bầu Ban Chấp hành Đảng bộ huyện khóa XXIV, nhiệm kỳ 2020 - 2025"

#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define STATION "mật khẩu của trạm nhập"

static KpApplication *application;

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

/* The editables below @root, in order (entries and password entries). */
static void
find_editables (GtkWidget *root,
                GPtrArray *out)
{
  if (GTK_IS_ENTRY (root) || GTK_IS_PASSWORD_ENTRY (root))
    {
      g_ptr_array_add (out, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    find_editables (child, out);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      /* What is shown: a hidden widget hides what is inside it. */
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
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

static char *
page_text (KpWindow *window)
{
  GString *out = g_string_new (NULL);

  labels_text (GTK_WIDGET (window), out);
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *dir;
  char *head;
  char *station;
  char *usb;
  char *fingerprint;
} Setup;

static void
setup_clear (Setup *s)
{
  g_free (s->dir);
  g_free (s->head);
  g_free (s->station);
  g_free (s->usb);
  g_free (s->fingerprint);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Setup, setup_clear)

/* A head file with stations to-1 (bch pass A, serials 1–64; opened, 20
 * ballots entered and written as batch 1) and to-2 (65–127, not opened). */
static void
set_up (Setup *s)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *csv = g_build_filename (srcdir, "data", "demo", "bch.csv", NULL);
  g_autofree char *package = NULL;
  g_autofree char *package2 = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) head = NULL;
  g_autoptr(KpStore) station = NULL;
  g_autoptr(KpStation) self = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(GPtrArray) written = NULL;
  KpStationPlan plan1 = { "to-1", "Tổ 1", "bch", 0, 'A', 1, 64 };
  KpStationPlan plan2 = { "to-2", "Tổ 2", "bch", 0, 'A', 65, 127 };
  gsize length;

  s->dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  s->head = g_build_filename (s->dir, "daihoi.kiemphieu", NULL);
  s->station = g_build_filename (s->dir, "tram-1.kiemphieu", NULL);
  s->usb = g_build_filename (s->dir, "usb", NULL);
  package = g_build_filename (s->dir, "to-1.kiemphieu-station", NULL);
  package2 = g_build_filename (s->dir, "to-2.kiemphieu-station", NULL);
  g_assert_cmpint (g_mkdir (s->usb, 0700), ==, 0);
  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  head = kp_store_create (s->head, data, length, "daihoi.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (head, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_make_station_package (head, &plan1, package, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_make_station_package (head, &plan2, package2, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&data, g_free);
  g_assert_true (kp_batch_read_file (package, &data, &length, &error));
  station = kp_store_open_station (data, length, package, s->station, NULL, STATION, "Trần Văn Trạm", &error);
  g_assert_no_error (error);
  self = kp_store_get_station (station, &error);
  s->fingerprint = kp_fingerprint_display (self->fingerprint);
  election = kp_store_get_election (station, "bch", 1, &error);
  ballots = kp_ballots_read_file (csv, election, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[i], &error));
  g_assert_true (kp_store_write_batches (station, s->usb, 0, STATION, "Trần Văn Trạm", &written, &error));
  g_assert_no_error (error);
}

static KpWindow *
open_window (const char *path)
{
  g_autoptr(GError) error = NULL;
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  AdwMessageDialog *operator;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kp_window_open_file (window, path, &error));
  g_assert_no_error (error);
  spin (200);
  /* The operator's name, asked when a congress opens. */
  if ((operator = find_dialog (window, _("Name of the person entering ballots"))) != NULL)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      find_editables (adw_message_dialog_get_extra_child (operator), entries);
      gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "Nguyễn Thị Lan");
      adw_message_dialog_response (operator, "ok");
      gtk_window_destroy (GTK_WINDOW (operator));
      spin (100);
    }
  return window;
}

static void
test_head (void)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *heading = NULL;
  KpWindow *window;
  AdwMessageDialog *dialog;

  set_up (&s);
  window = open_window (s.head);
  text = page_text (window);
  g_assert_nonnull (find_button (GTK_WIDGET (window), _("Stations")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stations", NULL);
  spin (100);
  g_assert_cmpstr (kp_window_get_page (window), ==, "stations");
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  g_assert_nonnull (strstr (text, "Tổ 1 (to-1)"));
  {
    g_autofree char *share = g_strdup_printf (_("%s, round %u, pass %c, serials %u–%u"), BCH_TITLE, 1, 'A', 1,
                                                 64);
    g_autofree char *line = g_strdup_printf (_("%s · no batch imported yet"), share);
    g_assert_nonnull (strstr (text, line));
  }
  g_assert_nonnull (find_button (GTK_WIDGET (window), _("Import batches from a USB stick…")));
  g_assert_nonnull (find_button (GTK_WIDGET (window), _("Enroll its key…")));

  /* A batch of a station not enrolled yet is refused, and said so. */
  batch = g_build_filename (s.usb, "to-1-0001.kiemphieu-batch", NULL);
  {
    g_autoptr(GFile) file = g_file_new_for_path (batch);
    g_list_store_append (files, file);
  }
  g_assert_false (kp_window_import_batches (window, G_LIST_MODEL (files), &summary));
  {
    g_autofree char *refused = g_strdup_printf (_("station %s (%s) is not enrolled yet: read the key fingerprint on the "
                                                  "station's own screen and enroll it (kiemphieu-cli enroll … --station "
                                                  "%s --fingerprint …), then import again"), "to-1", "Tổ 1", "to-1");
    g_assert_cmpstr (summary, ==, refused);
  }
  g_clear_pointer (&summary, g_free);

  /* The enroll dialog stays open on a mistyped fingerprint, saying why. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.enroll-station", "s", "to-1");
  spin (100);
  heading = g_strdup_printf (_("Enroll the key of station %s"), "to-1");
  dialog = find_dialog (window, heading);
  g_assert_nonnull (dialog);
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    find_editables (adw_message_dialog_get_extra_child (dialog), entries);
    g_assert_cmpuint (entries->len, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "12 34");
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), HEAD);
    screenshot (GTK_WIDGET (dialog), "stations-enroll");
    adw_message_dialog_response (dialog, "enroll");
    spin (100);
    g_clear_pointer (&text, g_free);
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *mistyped = g_strdup_printf (_("“%s” is not a fingerprint: the station shows 64 hexadecimal "
                                                     "digits in groups of four; check what was typed"), "12 34");

      labels_text (GTK_WIDGET (dialog), out);
      g_assert_nonnull (strstr (out->str, mistyped));
    }
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), s.fingerprint);
    adw_message_dialog_response (dialog, "enroll");
    spin (200);
  }
  g_assert_null (find_dialog (window, heading));

  /* Now the batch is merged; again, nothing changes. */
  g_assert_true (kp_window_import_batches (window, G_LIST_MODEL (files), &summary));
  {
    g_autofree char *merged = g_strdup_printf (_("%s batch %u: %u ballots, %u voids merged"), "to-1", 1, 20, 0);
    g_assert_cmpstr (summary, ==, merged);
  }
  g_clear_pointer (&summary, g_free);
  g_assert_true (kp_window_import_batches (window, G_LIST_MODEL (files), &summary));
  {
    g_autofree char *already = g_strdup_printf (_("%s batch %u: already imported, nothing changed\n"), "to-1", 1);
    already[strlen (already) - 1] = '\0';
    g_assert_cmpstr (summary, ==, already);
  }
  spin (100);
  text = page_text (window);
  {
    g_autofree char *share = g_strdup_printf (_("%s, round %u, pass %c, serials %u–%u"), BCH_TITLE, 1, 'A', 1,
                                                 64);
    g_autofree char *none = g_strdup_printf (_("%s · no batch imported yet"), share);
    g_autoptr(GPtrArray) stations = kp_store_list_stations (kp_window_get_store (window), &error);

    g_assert_nonnull (strstr (text, share));
    g_assert_null (strstr (text, none));
    g_assert_cmpuint (((KpStation *) stations->pdata[0])->ballots, ==, 20);
  }
  screenshot (GTK_WIDGET (window), "stations-head");

  /* The elections page counts them in pass A. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  spin (100);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  g_assert_nonnull (strstr (text, "A 20"));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_station (void)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *usb2 = NULL;
  KpWindow *window;

  set_up (&s);
  window = open_window (s.station);
  text = page_text (window);
  /* Its one election, its one pass; no mode, no results, no rehearsal. */
  {
    g_autofree char *line = g_strdup_printf (_("%s\nStation %s (%s): enters only pass %c of %s"), "", "Tổ 1", "to-1",
                                             'A', BCH_TITLE);
    g_assert_nonnull (strstr (text, line + 1));
  }
  {
    g_autofree char *a = g_strdup_printf (_("Enter %c"), 'A'), *b = g_strdup_printf (_("Enter %c"), 'B');
    g_assert_nonnull (find_button (GTK_WIDGET (window), a));
    g_assert_null (find_button (GTK_WIDGET (window), b));
  }
  g_assert_null (find_button (GTK_WIDGET (window), _("Results")));
  g_assert_null (strstr (text, "Bầu đại biểu chính thức"));
  g_assert_null (strstr (text, "Bầu Bí thư"));
  g_assert_null (find_button (GTK_WIDGET (window), _("Rehearsal (separate copy)…")));
  screenshot (GTK_WIDGET (window), "stations-station-elections");

  /* Entry goes on where the station left off, and saves in its share. */
  g_assert_true (kp_window_start_entry (window, "bch", 'A', &error));
  g_assert_no_error (error);
  spin (100);
  g_assert_cmpuint (kp_entry_view_get_serial (kp_window_get_entry_view (window)), ==, 21);
  for (const char *k = "4 5\n"; *k; k++)
    g_assert_true (kp_entry_view_press (kp_window_get_entry_view (window),
                                        *k == '\n' ? GDK_KEY_Return : gdk_unicode_to_keyval (*k), 0));
  spin (100);
  g_assert_cmpuint (kp_entry_view_get_serial (kp_window_get_entry_view (window)), ==, 22);
  screenshot (GTK_WIDGET (window), "stations-station-entry");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  spin (100);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stations", NULL);
  spin (100);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  {
    g_autofree char *heading = g_strdup_printf (_("Station %s (%s)"), "Tổ 1", "to-1");
    g_assert_nonnull (strstr (text, heading));
  }
  g_assert_nonnull (strstr (text, s.fingerprint));
  {
    g_autofree char *ballots = g_strdup_printf (ngettext ("%u ballot entered", "%u ballots entered", 21), 21);
    g_autofree char *batches = g_strdup_printf (ngettext ("%u batch written", "%u batches written", 1), 1);
    g_autofree char *pending = g_strdup_printf (ngettext ("%u entry not yet in a batch", "%u entries not yet in a batch",
                                                          1), 1);
    g_autofree char *counts = g_strdup_printf ("%s; %s; %s", ballots, batches, pending);

    g_assert_nonnull (strstr (text, counts));
    /* One of each is said in the singular ("1 batches" was printed). */
    if (g_str_equal (ballots, "21 ballots entered"))
      g_assert_nonnull (strstr (text, "21 ballots entered; 1 batch written; 1 entry not yet in a batch"));
  }
  g_assert_nonnull (find_button (GTK_WIDGET (window), _("Write a batch to a USB stick…")));
  g_assert_null (find_button (GTK_WIDGET (window), _("Import batches from a USB stick…")));
  screenshot (GTK_WIDGET (window), "stations-station");

  /* Nothing new; then a wrong passphrase; then batch 1 on another stick. */
  usb2 = g_build_filename (s.dir, "usb2", NULL);
  g_assert_cmpint (g_mkdir (usb2, 0700), ==, 0);
  g_assert_false (kp_window_write_batches (window, usb2, "sai mật khẩu", &summary, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (kp_window_write_batches (window, usb2, STATION, &summary, &error));
  {
    g_autofree char *done = g_strdup_printf (_("%s written and flushed: the stick can be removed safely."),
                                             "to-1-0002.kiemphieu-batch");
    g_assert_cmpstr (summary, ==, done);
  }
  g_clear_pointer (&summary, g_free);
  g_assert_true (kp_window_write_batches (window, usb2, STATION, &summary, &error));
  g_assert_cmpstr (summary, ==, _("Nothing new since the last batch: no batch written."));
  spin (100);
  g_clear_pointer (&text, g_free);
  text = page_text (window);
  {
    g_autofree char *ballots = g_strdup_printf (ngettext ("%u ballot entered", "%u ballots entered", 21), 21);
    g_autofree char *batches = g_strdup_printf (ngettext ("%u batch written", "%u batches written", 2), 2);
    g_autofree char *pending = g_strdup_printf (ngettext ("%u entry not yet in a batch",
                                                          "%u entries not yet in a batch", 0), 0);
    g_autofree char *counts = g_strdup_printf ("%s; %s; %s", ballots, batches, pending);
    g_assert_nonnull (strstr (text, counts));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* A station laptop set up from a package made in a rehearsal copy says
 * it is a rehearsal: the window's rehearsal banner, and the stations
 * page's heading. */
static void
test_rehearsal_station (void)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("kp-ui-XXXXXX", NULL);
  g_autofree char *real_path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "daihoi-thu-nghiem.kiemphieu", NULL);
  g_autofree char *package = g_build_filename (dir, "to-1.kiemphieu-station", NULL);
  g_autofree char *station_path = g_build_filename (dir, "tram-1.kiemphieu", NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) real = NULL;
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(KpStore) station = NULL;
  KpStationPlan plan = { "to-1", "Tổ 1", "bch", 0, 'A', 1, 64 };
  KpWindow *window;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  real = kp_store_create (real_path, data, length, "daihoi.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  copy = kp_store_create_rehearsal (real, copy_path, "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (copy, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_make_station_package (copy, &plan, package, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&data, g_free);
  g_assert_true (kp_batch_read_file (package, &data, &length, &error));
  station = kp_store_open_station (data, length, package, station_path, NULL, STATION, "Trần Văn Trạm", &error);
  g_assert_no_error (error);
  g_clear_pointer (&station, kp_store_close);

  window = open_window (station_path);
  g_assert_true (kp_window_is_rehearsal_banner_shown (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stations", NULL);
  spin (100);
  text = page_text (window);
  heading = g_strdup_printf (_("Rehearsal station %s (%s) — THỬ NGHIỆM"), "Tổ 1", "to-1");
  g_assert_nonnull (strstr (text, heading));
  screenshot (GTK_WIDGET (window), "stations-rehearsal-station");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KP_LOCALEDIR"))
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KP_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
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
  g_test_add_func ("/ui/stations/head", test_head);
  g_test_add_func ("/ui/stations/station", test_station);
  g_test_add_func ("/ui/stations/rehearsal-station", test_rehearsal_station);
  return g_test_run ();
}
