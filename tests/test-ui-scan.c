/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-ui-scan.c — scanning ballots from the desktop app (issue 15),
 * driven in-process under Xvfb, in Vietnamese and in English: a folder of
 * generated scans of the project's own ballots (kp-scan-gen.c), with a
 * blank sheet and a ballot of another election among them, scanned into
 * pass A through the scanning page while the main loop keeps iterating;
 * each ballot saved, each refused sheet listed with its reason, the
 * committee's ballot sent to adjudication, the store's ballots equal to
 * the truth. Stopping keeps what was saved and a second scan of the same
 * folder skips it; the entry lock keeps typing and scanning one pass
 * apart; a read-only file scans nothing. With KP_SCREENSHOT_DIR set, it
 * saves screenshots.
 */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "kp-application.h"
#include "kp-entry-lock.h"
#include "kp-scan-gen.h"
#include "kp-window.h"
#include "ui-util.h"

#define N_BALLOTS 6     /* of bch, the last with a name added in the margin */

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

/* The first shown button labelled @label below @root. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

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
  if (GTK_IS_PROGRESS_BAR (widget) && gtk_progress_bar_get_text (GTK_PROGRESS_BAR (widget)))
    g_string_append_printf (out, "%s\n", gtk_progress_bar_get_text (GTK_PROGRESS_BAR (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    labels_text (child, out);
}

static char *
page_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  labels_text (widget, out);
  return g_string_free (out, FALSE);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("\"%s\" is not in:\n%s", part, text);
}

/* --- the congress file and its scans ---------------------------------------- */

typedef struct
{
  char *dir;
  char *congress;
  char *scans;
  char *truth[N_BALLOTS];   /* KpGenTruth per row, of 0001.jpg … */
} Setup;

static void
setup_clear (Setup *s)
{
  g_free (s->dir);
  g_free (s->congress);
  g_free (s->scans);
  for (guint i = 0; i < N_BALLOTS; i++)
    g_free (s->truth[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Setup, setup_clear)

static void
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
}

/* The generator borrows @layout. */
static KpGen *
generator (KpStore         *store,
           const char      *id,
           KpBallotLayout **layout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, id, 0, &error);
  KpGen *gen;

  g_assert_no_error (error);
  *layout = kp_documents_ballot_layout (kp_store_get_congress (store), election, KP_PAPER_AUTO, &error);
  g_assert_no_error (error);
  gen = kp_gen_new (*layout, &error);
  g_assert_no_error (error);
  return gen;
}

/* The demo congress, and a folder as a scanner writes it: 0001–0006.jpg
 * ballots of bch (pen strokes, turned, speckled, JPEG 50; the sixth with
 * a name added in the margin), 0007.jpg a blank sheet, 0008.jpg a ballot
 * of dbct, and a text file that is not a scan. */
static void
set_up (Setup *s)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpBallotLayout) layout = NULL;
  g_autoptr(KpBallotLayout) other_layout = NULL;
  g_autoptr(KpGen) gen = NULL;
  g_autoptr(KpGen) other = NULL;
  g_autoptr(GBytes) blank = kp_gen_blank_sheet (150, 7);
  g_autoptr(KpGenBallot) stray = NULL;
  KpGenOptions o = { 150, 0.3, TRUE, TRUE, FALSE, FALSE, TRUE };
  gsize length;

  s->dir = g_dir_make_tmp ("kp-ui-scan-XXXXXX", NULL);
  s->congress = g_build_filename (s->dir, "daihoi.kiemphieu", NULL);
  s->scans = g_build_filename (s->dir, "may-quet", NULL);
  g_assert_cmpint (g_mkdir (s->scans, 0700), ==, 0);
  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (s->congress, data, length, "daihoi.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  gen = generator (store, "bch", &layout);
  other = generator (store, "dbct", &other_layout);
  for (guint b = 0; b < N_BALLOTS; b++)
    {
      g_autoptr(KpGenBallot) ballot = NULL;
      g_autofree char *name = g_strdup_printf ("%04u.jpg", b + 1);

      o.added_name = b + 1 == N_BALLOTS;
      ballot = kp_gen_ballot (gen, 1500 + b, &o);
      g_assert_cmpuint (ballot->pages->len, ==, 1);
      write_file (s->scans, name, ballot->pages->pdata[0]);
      s->truth[b] = g_strdup (ballot->truth);
    }
  o.added_name = FALSE;
  write_file (s->scans, "0007.jpg", blank);
  stray = kp_gen_ballot (other, 1600, &o);
  write_file (s->scans, "0008.jpg", stray->pages->pdata[0]);
  {
    g_autoptr(GBytes) note = g_bytes_new_static ("máy quét", 10);
    write_file (s->scans, "ghi-chu.txt", note);
  }
}

static KpWindow *
open_window (const char *path,
             gboolean    read_only)
{
  g_autoptr(GError) error = NULL;
  KpWindow *window = kp_window_new (GTK_APPLICATION (application));
  AdwMessageDialog *operator;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
  if (read_only)
    g_assert_true (kp_window_open_read_only (window, path, &error));
  else
    g_assert_true (kp_window_open_file (window, path, &error));
  g_assert_no_error (error);
  spin (200);
  if ((operator = find_dialog (window, _("Name of the person entering ballots"))) != NULL)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      find_editables (adw_message_dialog_get_extra_child (operator), entries);
      gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "Kỹ thuật viên Hà");
      adw_message_dialog_response (operator, "ok");
      gtk_window_destroy (GTK_WINDOW (operator));
      spin (100);
    }
  return window;
}

/* The scanning page of bch, reached as an operator does: the election's
 * "Scan…" button on the congress page. */
static KpScanView *
open_scan_page (KpWindow *window)
{
  GtkWidget *button = find_button (GTK_WIDGET (window), _("Scan…"));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* The first election of the demo is bch. */
  g_assert_cmpstr (g_object_get_data (G_OBJECT (button), "election"), ==, "bch");
  g_signal_emit_by_name (button, "clicked");
  spin (50);
  g_assert_cmpstr (kp_window_get_page (window), ==, "scan");
  /* Keyboard first: Enter opens the file chooser. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window))
                 == find_button (GTK_WIDGET (kp_window_get_scan_view (window)), _("Choose _files…")));
  return kp_window_get_scan_view (window);
}

typedef struct
{
  KpScanView *view;
  guint ticks;            /* main-loop timeouts run while the scan ran */
  guint first_page_tick;  /* the tick when the first page arrived */
  guint last_page_tick;   /* … and when the last one did */
  guint steps;            /* ticks at which more pages had arrived */
  guint pages;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *w = data;
  guint pages = kp_scan_view_get_pages (w->view);

  w->ticks++;
  if (pages > w->pages)
    {
      if (w->pages == 0)
        w->first_page_tick = w->ticks;
      w->last_page_tick = w->ticks;
      w->steps++;
      w->pages = pages;
    }
  return G_SOURCE_CONTINUE;
}

/* Spins until the scan is over, at most a minute. */
static void
wait_done (KpScanView *view,
           Watch      *w)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (kp_scan_view_is_running (view) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (kp_scan_view_is_running (view));
  if (w != NULL)
    tick_cb (w);
}

/* What recognition missed and the committee decides, from the truth: each
 * doubtful row, and the name added on the last ballot (R-INVALID-4). */
static void
adjudicate_by_truth (KpStore *store,
                     Setup   *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = kp_store_scans_pending (store, "bch", 0, &error);

  g_assert_no_error (error);
  for (guint k = 0; k < pending->len; k++)
    {
      const KpScanPending *p = pending->pdata[k];
      g_autoptr(KpBallot) decided = kp_ballot_copy (p->ballot);

      for (guint i = 0; i < p->rows->len; i++)
        {
          guint no = g_array_index (p->rows, guint, i);
          if (s->truth[p->serial - 1][no - 1] == KP_GEN_STRUCK)
            kp_ballot_strike (decided, no);
        }
      if (p->unplaced)
        kp_ballot_set_flag (decided, KP_INVALID_ADDED_NAME, NULL);
      g_assert_true (kp_store_adjudicate (store, "bch", 0, 'A', p->serial, NULL, decided, NULL, "Tổ kiểm phiếu",
                                          &error));
      g_assert_no_error (error);
    }
}

/* Ballot k of pass A is 000k.jpg, exactly as the pen struck it. */
static void
assert_truth (KpStore *store,
              Setup   *s)
{
  g_autoptr(GError) error = NULL;

  for (guint b = 0; b < N_BALLOTS; b++)
    {
      g_autoptr(KpBallot) ballot = kp_store_get_ballot (store, "bch", 0, 'A', b + 1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (ballot);
      for (guint no = 1; no <= strlen (s->truth[b]); no++)
        g_assert_cmpint (kp_ballot_is_struck (ballot, no), ==, s->truth[b][no - 1] == KP_GEN_STRUCK);
      g_assert_cmpint (ballot->flag, ==, b + 1 == N_BALLOTS ? KP_INVALID_ADDED_NAME : KP_INVALID_NONE);
    }
  g_assert_null (kp_store_get_ballot (store, "bch", 0, 'A', N_BALLOTS + 1, NULL));
}

/* The whole stack from the app, in the current language. */
static void
scan_stack (const char *shot)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *mid = g_strconcat (shot, "-mid", NULL);
  const char *paths[] = { NULL, NULL };
  KpWindow *window;
  KpScanView *view;
  const KpScanTotals *totals;
  Watch w = { 0 };
  guint tick;
  GtkWidget *decide;

  set_up (&s);
  window = open_window (s.congress, FALSE);
  view = open_scan_page (window);
  w.view = view;
  g_assert_cmpint (kp_scan_view_get_pass (view), ==, 'A');
  g_assert_false (kp_scan_view_set_pass (view, 'B')); /* single entry: pass A only */

  paths[0] = s.scans;
  tick = g_timeout_add (5, tick_cb, &w);
  g_assert_true (kp_scan_view_start (view, paths, &error));
  g_assert_no_error (error);
  /* Recognition runs on the worker: start returns at once. */
  g_assert_true (kp_scan_view_is_running (view));
  g_assert_cmpuint (kp_scan_view_get_pages (view), ==, 0);
  g_assert_nonnull (find_button (GTK_WIDGET (window), _("_Stop")));
  /* Typing the pass being scanned is refused, with the reason. */
  g_assert_false (kp_window_start_entry (window, "bch", 'A', &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpstr (kp_window_get_page (window), ==, "scan");
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (kp_scan_view_get_pages (view) < 3 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
    screenshot (GTK_WIDGET (window), mid);
  }
  wait_done (view, &w);
  g_source_remove (tick);

  /* The window kept iterating between the first page and the last. */
  g_assert_cmpuint (w.pages, ==, N_BALLOTS + 2);
  g_assert_cmpuint (w.last_page_tick - w.first_page_tick, >=, 3);
  g_assert_cmpuint (w.steps, >=, 3);

  totals = kp_scan_view_get_totals (view);
  g_assert_cmpuint (totals->saved, ==, N_BALLOTS);
  g_assert_cmpuint (totals->refused, ==, 2);
  g_assert_cmpuint (totals->doubtful, >=, 1);
  text = page_text (GTK_WIDGET (view));
  blank = g_strdup_printf (_("Refused: %s. Nothing was saved for this sheet: scan it again."),
                           g_dgettext (GETTEXT_PACKAGE, "the sheet is blank"));
  assert_has (text, blank);
  assert_has (text, "0008.jpg");
  assert_has (text, "dbct");
  assert_has (text, "0007.jpg");
  {
    g_autofree char *again = g_strdup_printf (_("Scan these sheets again: %s."), "0007.jpg, 0008.jpg");
    g_autofree char *saved = g_strdup_printf (_("Ballot %u of pass %c saved: %s"), 1, 'A', "");
    assert_has (text, again);
    assert_has (text, saved);
  }
  {
    g_autofree char *ignored = g_strdup_printf (_("%u files in the folder are not scans (PNG, JPEG, TIFF or PDF) and "
                                                  "were left alone."), 1);
    assert_has (text, ignored);
  }
  if (g_str_has_suffix (shot, "-vi"))
    {
      /* Vietnamese indeed, not the msgids: the reason and what to do. */
      assert_has (text, "tờ giấy trắng, không có phiếu");
      assert_has (text, "quét lại");
    }
  screenshot (GTK_WIDGET (window), shot);

  /* The committee's ballots: a button to the adjudication page. */
  decide = find_button (GTK_WIDGET (view), _("_Decide scanned ballots"));
  g_assert_nonnull (decide);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == decide);
  gtk_widget_activate (decide); /* Enter on the focused button: pressed for 250 ms, then clicked */
  spin (400);
  g_assert_cmpstr (kp_window_get_page (window), ==, "adjudicate");

  adjudicate_by_truth (kp_window_get_store (window), &s);
  assert_truth (kp_window_get_store (window), &s);
  /* The pass is free again for typing. */
  g_assert_true (kp_window_start_entry (window, "bch", 'A', &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
with_locale (const char *locale,
             void      (*func) (const char *),
             const char *arg)
{
  g_autofree char *old = g_strdup (setlocale (LC_MESSAGES, NULL));

  if (setlocale (LC_MESSAGES, locale) == NULL)
    {
      g_test_skip ("locale not installed");
      return;
    }
  textdomain (GETTEXT_PACKAGE);
  func (arg);
  setlocale (LC_MESSAGES, old);
  textdomain (GETTEXT_PACKAGE);
}

static void
test_scan_vi (void)
{
  with_locale ("vi_VN.UTF-8", scan_stack, "app-scan-vi");
}

static void
test_scan_en (void)
{
  with_locale ("C.UTF-8", scan_stack, "app-scan-en");
}

/* A new congress file where the old one was, the same scans. */
static void
set_up_again (Setup *s)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  g_autofree char *definition = g_build_filename (srcdir, "data", "demo", "daihoi.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (s->congress, data, length, "daihoi.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
}

static void
window_reopen (KpWindow   *window,
               Setup      *s,
               KpScanView *view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpEntryLock) lock = NULL;
  g_autofree char *holder = NULL;
  const char *paths[] = { s->scans, NULL };

  g_assert_true (kp_window_open_file (window, s->congress, &error));
  g_assert_no_error (error);
  view = open_scan_page (window);
  g_assert_true (kp_scan_view_start (view, paths, &error));
  g_assert_no_error (error);
  g_assert_true (kp_window_open_file (window, s->congress, &error));
  g_assert_no_error (error);
  g_assert_false (kp_scan_view_is_running (view));
  lock = kp_entry_lock_acquire (s->congress, "bch", 1, 'A', "Trần Văn Nhập", &holder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  spin (200);
}

/* The folder's sheets, held back at a gate: the worker reads the sheets
 * before it, then waits there (as a feeder waits for paper) until the gate
 * moves or the scan is stopped. So the test knows exactly how many pages
 * were read, and that their outcomes wait, not yet delivered, for the main
 * loop. */
typedef struct
{
  KpScanProducer parent;
  KpScanProducer *files;
  GMutex lock;
  GCond moved;
  guint gate;      /* sheets given before the worker waits */
  guint given;
  gboolean waiting;
} Gated;

static KpScanSource *
gated_next (KpScanProducer *producer,
            GCancellable   *cancellable,
            char          **where,
            GError        **error)
{
  Gated *self = (Gated *) producer;

  g_mutex_lock (&self->lock);
  while (self->given >= self->gate && !g_cancellable_is_cancelled (cancellable))
    {
      self->waiting = TRUE;
      g_cond_wait_until (&self->moved, &self->lock, g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND);
    }
  self->waiting = FALSE;
  if (self->given >= self->gate)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  self->given++;
  g_mutex_unlock (&self->lock);
  return self->files->next (self->files, cancellable, where, error);
}

static guint
gated_total (KpScanProducer *producer)
{
  return ((Gated *) producer)->files->total (((Gated *) producer)->files);
}

static void
gated_free (KpScanProducer *producer)
{
  Gated *self = (Gated *) producer;

  kp_scan_producer_free (self->files);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->moved);
  g_free (self);
}

static Gated *
gated_new (const char *folder,
           guint       gate)
{
  const char *paths[] = { folder, NULL };
  g_autoptr(GError) error = NULL;
  Gated *self = g_new0 (Gated, 1);
  guint ignored;

  self->files = kp_scan_producer_new_files (paths, &ignored, &error);
  g_assert_no_error (error);
  self->parent.next = gated_next;
  self->parent.total = gated_total;
  self->parent.free = gated_free;
  g_mutex_init (&self->lock);
  g_cond_init (&self->moved);
  self->gate = gate;
  return self;
}

/* Waits, without running the main loop, until the worker has read every
 * sheet before the gate and waits at it: their outcomes are queued, none
 * delivered yet. */
static void
gated_wait (Gated *self)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean waiting = FALSE;

  while (!waiting && g_get_monotonic_time () < end)
    {
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
      g_mutex_lock (&self->lock);
      waiting = self->waiting && self->given == self->gate;
      g_mutex_unlock (&self->lock);
    }
  g_assert_true (waiting);
}

static void
gated_move (Gated *self,
            guint  gate)
{
  g_mutex_lock (&self->lock);
  self->gate = gate;
  g_cond_broadcast (&self->moved);
  g_mutex_unlock (&self->lock);
}

/* Stopped after the first ballot: what was saved stays saved, nothing
 * else is; scanning the same folder again skips the saved sheets and
 * saves the rest. */
static void
test_stop (void)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *stopped = NULL;
  const char *paths[] = { NULL, NULL };
  KpWindow *window;
  KpScanView *view;
  KpStore *store;
  Gated *gated;
  guint saved;

  set_up (&s);
  window = open_window (s.congress, FALSE);
  store = kp_window_get_store (window);
  view = open_scan_page (window);
  paths[0] = s.scans;
  /* One sheet at a time: the worker cannot read the stack ahead of the
   * window on a busy machine. */
  gated = gated_new (s.scans, 1);
  g_assert_true (kp_scan_view_start_producer (view, &gated->parent, &error));
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (kp_scan_view_get_totals (view)->saved < 1 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  /* Esc stops, as the Stop button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "scan.stop", NULL));
  wait_done (view, NULL);
  saved = kp_scan_view_get_totals (view)->saved;
  g_assert_cmpuint (saved, ==, 1);
  g_assert_cmpuint (kp_store_next_serial (store, "bch", 0, 'A', &error), ==, saved + 1);
  text = page_text (GTK_WIDGET (view));
  stopped = g_strdup_printf (_("Stopped. The %u ballots saved so far stay saved; scan the rest of the stack when "
                               "ready (sheets already saved are skipped)."), saved);
  assert_has (text, stopped);

  /* Again, the blank backs skipped this time. */
  kp_scan_view_set_skip_blank (view, TRUE);
  g_assert_true (kp_scan_view_start (view, paths, &error));
  wait_done (view, NULL);
  g_assert_cmpuint (kp_scan_view_get_totals (view)->skipped, ==, saved + 1);
  g_assert_cmpuint (kp_scan_view_get_totals (view)->saved, ==, N_BALLOTS - saved);
  g_assert_cmpuint (kp_scan_view_get_totals (view)->refused, ==, 1);
  g_clear_pointer (&text, g_free);
  text = page_text (GTK_WIDGET (view));
  assert_has (text, _("Blank, skipped"));
  adjudicate_by_truth (store, &s);
  assert_truth (store, &s);

  /* The file opened again in the window mid-scan: the scan stops at once,
   * the pass is given back, nothing is written through the closed file. */
  g_assert_cmpint (g_remove (s.congress), ==, 0);
  set_up_again (&s);
  window_reopen (window, &s, view);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Someone typing pass A: the scan of pass A is refused and says so; a
 * read-only file offers no scanning at all. */
static void
test_lock_and_read_only (void)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpEntryLock) typing = NULL;
  g_autofree char *holder = NULL;
  const char *paths[] = { NULL, NULL };
  KpWindow *window;
  KpScanView *view;
  GtkWidget *button;

  set_up (&s);
  window = open_window (s.congress, FALSE);
  view = open_scan_page (window);
  typing = kp_entry_lock_acquire (s.congress, "bch", 1, 'A', "Trần Văn Nhập", &holder, &error);
  g_assert_no_error (error);
  paths[0] = s.scans;
  g_assert_false (kp_scan_view_start (view, paths, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Trần Văn Nhập"));
  g_assert_false (kp_scan_view_is_running (view));
  g_assert_cmpuint (kp_store_next_serial (kp_window_get_store (window), "bch", 0, 'A', NULL), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_clear_error (&error);

  window = open_window (s.congress, TRUE);
  button = find_button (GTK_WIDGET (window), _("Scan…"));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_false (kp_window_show_scan (window, "bch", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (kp_window_get_page (window), !=, "scan");
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* --- closing the window or leaving the page mid-scan ------------------------ */


/* The question, with its "stop" button labelled @stop. */
static AdwMessageDialog *
asked (KpWindow   *window,
       const char *stop)
{
  AdwMessageDialog *dialog = find_dialog (window, _("Ballots are being scanned"));

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "stop"), ==, stop);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  return dialog;
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  /* As its button does: the response, then the dialog goes. */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Pass A of bch holds @n ballots, and nobody holds it any more. */
static void
assert_saved_and_free (Setup *s,
                       guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (s->congress, &error);
  g_autoptr(KpEntryLock) lock = NULL;
  g_autofree char *holder = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (kp_store_next_serial (store, "bch", 0, 'A', &error), ==, n + 1);
  g_assert_no_error (error);
  for (guint b = 0; b < n; b++)
    {
      g_autoptr(KpBallot) ballot = kp_store_get_ballot (store, "bch", 0, 'A', b + 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ballot);
    }
  lock = kp_entry_lock_acquire (s->congress, "bch", 1, 'A', "Trần Văn Nhập", &holder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
}

/* The scanning page of bch, the folder scanned through a gate after its
 * third sheet; returns when the worker waits there. */
static Gated *
start_gated (Setup       *s,
             KpWindow   **window,
             KpScanView **view)
{
  g_autoptr(GError) error = NULL;
  Gated *gated;

  set_up (s);
  *window = open_window (s->congress, FALSE);
  *view = open_scan_page (*window);
  gated = gated_new (s->scans, 3);
  g_assert_true (kp_scan_view_start_producer (*view, &gated->parent, &error));
  g_assert_no_error (error);
  gated_wait (gated);
  return gated;
}

/* Escape on the question: it goes, the page stays and the scan runs on. */
static void
escape_keeps (KpWindow         *window,
              AdwMessageDialog *dialog)
{
  g_assert_true (press_in_window (GTK_WINDOW (dialog), GDK_KEY_Escape, 0));
  spin (100);
  g_assert_null (find_dialog (window, _("Ballots are being scanned")));
  g_assert_cmpstr (kp_window_get_page (window), ==, "scan");
  g_assert_true (kp_scan_view_is_running (kp_window_get_scan_view (window)));
}

/* Closing the window mid-scan (Ctrl+Q, the close button) asks first;
 * Escape keeps scanning. "Stop and close" stops after the sheet being
 * read: the pages already read but not yet delivered are saved (every
 * ballot read in full), the pass is given back, then the window closes. */
static void
test_close_mid_scan (void)
{
  g_auto(Setup) s = { 0 };
  KpWindow *window;
  KpScanView *view;
  AdwMessageDialog *dialog;
  Gated *gated = start_gated (&s, &window, &view);

  g_assert_cmpuint (kp_scan_view_get_pages (view), ==, 0);

  /* Ctrl+Q asks; the window stays. */
  g_assert_true (press_in_window (GTK_WINDOW (window), GDK_KEY_q, GDK_CONTROL_MASK));
  dialog = asked (window, _("_Stop and close"));
  /* Meanwhile the pages read are delivered and saved, and counted. */
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (kp_scan_view_get_totals (view)->saved < 3 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  {
    g_autofree char *read = g_strdup_printf (ngettext ("%u page read so far;", "%u pages read so far;", 3), 3);
    if (strstr (adw_message_dialog_get_body (dialog), read) == NULL)
      g_error ("\"%s\" is not in \"%s\"", read, adw_message_dialog_get_body (dialog));
  }
  screenshot (GTK_WIDGET (dialog), "app-scan-close");
  /* Escape keeps scanning. */
  escape_keeps (window, dialog);
  g_assert_cmpuint (kp_scan_view_get_totals (view)->saved, ==, 3);
  /* The page while the stack is read (the worker waits at the gate). */
  screenshot (GTK_WIDGET (window), "app-scan-progress");

  /* Two sheets more, read but not delivered, when the close button is
   * pressed and "Stop and close" answered at once. Alt+Left asked first:
   * the close, asked next, is what the question then answers. */
  gated_move (gated, 5);
  gated_wait (gated);
  g_assert_true (press_in_window (GTK_WINDOW (window), GDK_KEY_Left, GDK_ALT_MASK));
  dialog = asked (window, _("Stop and _leave"));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  g_assert_true (asked (window, _("_Stop and close")) == dialog);
  answer (dialog, "stop");
  {
    gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (window != NULL && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_null (window);
  assert_saved_and_free (&s, 5);
}

/* Leaving the page mid-scan (Alt+Left, the back button) asks too; Escape
 * stays and scanning goes on; "Stop and leave" saves what was read, gives
 * the pass back and shows the elections. */
static void
test_leave_mid_scan (void)
{
  g_auto(Setup) s = { 0 };
  KpWindow *window;
  KpScanView *view;

  start_gated (&s, &window, &view);
  g_assert_true (press_in_window (GTK_WINDOW (window), GDK_KEY_Left, GDK_ALT_MASK));
  escape_keeps (window, asked (window, _("Stop and _leave")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  answer (asked (window, _("Stop and _leave")), "stop");
  wait_done (view, NULL);
  spin (50);
  g_assert_cmpstr (kp_window_get_page (window), ==, "congress");
  g_assert_cmpuint (kp_scan_view_get_totals (view)->saved, ==, 3);
  assert_saved_and_free (&s, 3);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* Ending a scan at once, without a question (the congress file opened
 * again in the window, the window destroyed by the program): the pages
 * the worker read but had not delivered are saved still, and the pass is
 * given back. */
static void
test_end_mid_scan (void)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  KpWindow *window;
  KpScanView *view;
  Gated *gated;

  start_gated (&s, &window, &view);
  g_assert_cmpuint (kp_scan_view_get_pages (view), ==, 0);
  g_assert_true (kp_window_open_file (window, s.congress, &error));
  g_assert_no_error (error);
  g_assert_false (kp_scan_view_is_running (view));
  assert_saved_and_free (&s, 3);

  /* Again, to the fifth sheet (the first three are skipped as saved),
   * and the window destroyed. */
  view = open_scan_page (window);
  gated = gated_new (s.scans, 5);
  g_assert_true (kp_scan_view_start_producer (view, &gated->parent, &error));
  g_assert_no_error (error);
  gated_wait (gated);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  assert_saved_and_free (&s, 5);
}

/* --- from a scanner (SANE's test and pnm backends, tests/sane) ------------- */

/* A label's text as shown: without its mnemonic's underscore. */
static char *
shown (const char *label)
{
  g_autoptr(GString) s = g_string_new (label);

  g_string_replace (s, "_", "", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static KpScanView *
scanner_page (KpWindow *window)
{
  KpScanView *view = open_scan_page (window);
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* The scanners are listed off the UI thread. */
  while (kp_scan_view_is_finding (view) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (kp_scan_view_is_finding (view));
  return view;
}

/* The test backend's feeder: ten sheets of solid black, each refused with
 * its reason and nothing saved; the page lists them and is ready for the
 * next scan. The glass is offered beside the feeder; the pnm backend has
 * no feeder, so none is offered for it. A jam (the pnm backend) ends the
 * stack with what to do; what was saved stays saved. */
static void
scanner_stack (const char *unused)
{
  g_auto(Setup) s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pgm = NULL;
  KpWindow *window;
  KpScanView *view;
  GtkWidget *button;
  const KpScanTotals *totals;

  set_up (&s);
  window = open_window (s.congress, FALSE);
  view = scanner_page (window);
  text = page_text (GTK_WIDGET (view));
  g_assert_null (strstr (text, _("No scanner found: plug the scanner in (USB), switch it on, wait a few seconds and "
                                 "press Find scanners again. Network scanners are never used (no network).")));
  {
    g_autofree char *paper = shown (_("Pap_er from"));
    assert_has (text, paper);
  }
  g_assert_false (kp_scan_view_set_scanner (view, "pnm:0", KP_SANE_SOURCE_ADF, 200));
  g_assert_false (kp_scan_view_set_scanner (view, "nonexistent:0", KP_SANE_SOURCE_FLATBED, 200));
  g_assert_true (kp_scan_view_set_scanner (view, "test:0", KP_SANE_SOURCE_FLATBED, 200));
  g_assert_true (kp_scan_view_set_scanner (view, "test:0", KP_SANE_SOURCE_ADF, 150));

  /* The button, as the operator presses it. */
  button = find_button (GTK_WIDGET (view), _("Scan from the scan_ner"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (kp_scan_view_is_running (view));
  wait_done (view, NULL);
  totals = kp_scan_view_get_totals (view);
  g_assert_cmpuint (totals->refused, ==, 10);
  g_assert_cmpuint (totals->saved, ==, 0);
  g_assert_cmpuint (kp_scan_view_get_pages (view), ==, 10);
  g_clear_pointer (&text, g_free);
  text = page_text (GTK_WIDGET (view));
  {
    g_autofree char *tenth = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "scanner %s, sheet %u"),
                                              "Noname frontend-tester", 10);
    g_autoptr(GString) sheets = g_string_new (NULL);
    g_autofree char *again = NULL;
    g_autofree char *done = g_strdup_printf (_("Done: %u ballots saved."), 0);

    for (guint i = 1; i <= 10; i++)
      {
        g_autofree char *sheet = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "scanner %s, sheet %u"),
                                                  "Noname frontend-tester", i);
        g_string_append_printf (sheets, "%s%s", i > 1 ? ", " : "", sheet);
      }
    again = g_strdup_printf (_("Scan these sheets again: %s."), sheets->str);
    assert_has (text, tenth);
    assert_has (text, again);
    assert_has (text, done);
  }
  g_assert_cmpstr (kp_window_get_page (window), ==, "scan");
  g_assert_true (gtk_widget_get_sensitive (button));
  screenshot (GTK_WIDGET (window), "app-scan-scanner");
  /* The test backend keeps its settings for the next opening. */
  g_assert_true (kp_scan_view_set_scanner (view, "test:0", KP_SANE_SOURCE_FLATBED, 200));

  /* A jam: the scanner's message and what to do; the page survives. */
  {
    g_autoptr(KpSaneDevice) d = kp_sane_device_open ("pnm:0", &error);
    g_autofree char *dir = g_dir_make_tmp ("kp-ui-sane-XXXXXX", NULL);
    g_autofree char *jammed = NULL;
    g_autofree char *stopped = NULL;
    PIX *pix = pixCreate (160, 120, 8);

    g_assert_no_error (error);
    pgm = g_build_filename (dir, "small.pgm", NULL);
    pixSetAllArbitrary (pix, 200);
    g_assert_cmpint (pixWrite (pgm, pix, IFF_PNM), ==, 0);
    pixDestroy (&pix);
    g_assert_true (kp_sane_device_set_option (d, "filename", pgm, &error));
    g_assert_true (kp_sane_device_set_option (d, "status-jammed", "yes", &error));
    g_assert_no_error (error);
    g_assert_true (kp_scan_view_start_producer (view, kp_scan_producer_new_sane (g_steal_pointer (&d), 0), &error));
    g_assert_no_error (error);
    wait_done (view, NULL);
    g_clear_pointer (&text, g_free);
    text = page_text (GTK_WIDGET (view));
    jammed = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Paper is jammed in the scanner %s: open it, take the "
                                          "sheet out gently so it does not tear, put it back on top of the stack "
                                          "and scan again (nothing was saved for that sheet)"),
                              "Noname PNM file reader");
    stopped = g_strdup_printf (_("The scanner stopped: %s. The %u ballots saved before it stay saved; scan the rest "
                                 "of the stack when the scanner is ready (sheets already saved are skipped)."),
                               jammed, 0);
    assert_has (text, stopped);
    g_assert_cmpuint (kp_scan_view_get_totals (view)->refused, ==, 0);
    g_assert_true (gtk_widget_get_sensitive (button));
    g_unlink (pgm);
    g_rmdir (dir);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static void
test_scanner (void)
{
  with_locale ("vi_VN.UTF-8", scanner_stack, NULL);
}

/* No scanner at all (a SANE folder with no backend): the page says so in
 * the operator's words, and what to do; nothing to press. Run in a child
 * process: SANE reads its folder once per process. */
static void
test_no_scanner (void)
{
  if (g_test_subprocess ())
    {
      g_auto(Setup) s = { 0 };
      g_autofree char *none = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "sane-none", NULL);
      g_autofree char *text = NULL;
      KpWindow *window;
      KpScanView *view;
      GtkWidget *button;

      g_setenv ("KP_SANE_CONFIG_DIR", none, TRUE);
      set_up (&s);
      window = open_window (s.congress, FALSE);
      view = scanner_page (window);
      text = page_text (GTK_WIDGET (view));
      assert_has (text, _("No scanner found: plug the scanner in (USB), switch it on, wait a few seconds and press "
                          "Find scanners again. Network scanners are never used (no network)."));
      button = find_button (GTK_WIDGET (view), _("Scan from the scan_ner"));
      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_sensitive (button));
      /* Nothing to choose: no source, no resolution shown. */
      {
        g_autofree char *paper = shown (_("Pap_er from"));
        g_autofree char *resolution = shown (_("_Resolution"));
        g_assert_null (strstr (text, paper));
        g_assert_null (strstr (text, resolution));
      }
      g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (view), _("Find scanners a_gain"))));
      screenshot (GTK_WIDGET (window), "app-scan-no-scanner");
      gtk_window_destroy (GTK_WINDOW (window));
      spin (50);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* SANE's virtual scanners only (test, pnm): never this machine's. */
  if (!g_test_subprocess ())
    {
      g_autofree char *sane = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "sane", NULL);
      g_setenv ("KP_SANE_CONFIG_DIR", sane, TRUE);
    }
  bindtextdomain (GETTEXT_PACKAGE, KP_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* The core's messages go through g_dgettext (), which decides once per
   * process whether to translate, from the locale of its first call: make
   * that one Vietnamese, as when the app starts under LANG=vi_VN, so that
   * the reasons made on the worker thread are Vietnamese in /ui/scan/vi. */
  if (setlocale (LC_MESSAGES, "vi_VN.UTF-8") != NULL)
    {
      g_dgettext (GETTEXT_PACKAGE, "the sheet is blank");
      setlocale (LC_MESSAGES, "");
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
  g_test_add_func ("/ui/scan/vi", test_scan_vi);
  g_test_add_func ("/ui/scan/en", test_scan_en);
  g_test_add_func ("/ui/scan/stop", test_stop);
  g_test_add_func ("/ui/scan/lock-and-read-only", test_lock_and_read_only);
  g_test_add_func ("/ui/scan/close-mid-scan", test_close_mid_scan);
  g_test_add_func ("/ui/scan/leave-mid-scan", test_leave_mid_scan);
  g_test_add_func ("/ui/scan/end-mid-scan", test_end_mid_scan);
  g_test_add_func ("/ui/scan/scanner", test_scanner);
  g_test_add_func ("/ui/scan/no-scanner", test_no_scanner);
  return g_test_run ();
}
