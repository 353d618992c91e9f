/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-view.c — scanning ballots into a pass from the app (see the
 * header). The worker thread reads and recognises; everything that
 * touches the congress file happens here, on the main thread, as each
 * page's outcome arrives, so a ballot is saved the moment its last page is
 * read and stays saved when the operator stops.
 */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kp-entry-lock.h"
#include "kp-sane.h"
#include "kp-scan-view.h"

struct _KpScanView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  KpElection *election;
  char *operator;
  GtkStringList *passes;    /* "A", "B", "C" as the round's entry mode has them */
  KpEntryLock *lock;        /* the pass, while a scan runs */
  KpScanWorker *worker;
  KpScanAssembly *assembly;
  KpScanTotals totals;      /* of the last scan, kept when it is over */
  GString *refused;         /* the sheets to scan again */
  GError *failure;          /* the congress file refused to save */
  guint pages;              /* pages read */
  guint ignored;            /* files in the folders that are not scans */
  GError *scanner_failure;  /* the scanner's problem that ended the stack */
  GPtrArray *found;         /* Found: the scanners on a cable, as listed */
  GtkStringList *device_labels;
  GtkStringList *source_labels;
  GArray *source_kinds;     /* KpSaneSource of each entry of source_labels */
  gboolean finding;         /* the scanners are being listed (a thread) */
  gboolean opening;         /* the chosen scanner is being opened (a thread) */
  gboolean stop_asked;      /* stopped while the scanner was being opened */
  gboolean disposed;
  AdwMessageDialog *ask;    /* "stop and close?" while it is shown (the window's) */
  gboolean ask_closing;     /* … asked for closing the window, else leaving the page */
  KpScanViewThen ask_then;  /* … and what follows if the answer is stop */
  gpointer ask_then_data;
  KpScanViewThen then;      /* what the operator asked for once the stopped scan is over */
  gpointer then_data;

  /* Template widgets */
  GtkLabel *title;
  GtkLabel *help;
  GtkWidget *controls;
  GtkDropDown *pass;
  GtkCheckButton *skip_blank;
  GtkButton *files;
  GtkButton *folder;
  GtkWidget *scanner_row;
  GtkDropDown *device;
  GtkDropDown *source;
  GtkDropDown *resolution;
  GtkLabel *scanner_status;
  GtkWidget *find;
  GtkWidget *scan_device;
  GtkProgressBar *progress;
  GtkLabel *counts;
  GtkWidget *stop;
  GtkLabel *summary;
  GtkWidget *adjudicate;
  GtkListBox *outcomes;
};

G_DEFINE_FINAL_TYPE (KpScanView, kp_scan_view, GTK_TYPE_WIDGET)

static void
show_counts (KpScanView *self)
{
  g_autofree char *text = g_strdup_printf (_("%u ballots saved · %u for the committee to decide · %u sheets refused · "
                                             "%u skipped"),
                                           self->totals.saved, self->totals.doubtful, self->totals.refused,
                                           self->totals.skipped);
  gtk_label_set_text (self->counts, text);
}

static void update_ask (KpScanView *self);

/* One line of the list, the newest on top. */
static void
add_outcome (KpScanView *self,
             const char *where,
             const char *text,
             gboolean    refused)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_path_get_basename (where);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_tooltip_text (row, where);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (refused ? "dialog-warning-symbolic"
                                                                   : "object-select-symbolic"));
  if (refused)
    gtk_widget_add_css_class (row, "error");
  gtk_list_box_prepend (self->outcomes, row);
}

/* Each sheet, as kp-scan-assembly tells it. */
static void
event_cb (const KpScanEvent *event,
          gpointer           user_data)
{
  KpScanView *self = user_data;
  g_autofree char *text = NULL;

  switch (event->kind)
    {
    case KP_SCAN_EVENT_SAVED:
      {
        GString *s = g_string_new (NULL);

        g_string_printf (s, _("Ballot %u of pass %c saved: %s"), event->serial, event->pass, event->described);
        if (*event->doubtful)
          g_string_append_printf (s, _("; rows for the committee to decide: %s"), event->doubtful);
        if (event->unplaced)
          g_string_append (s, _("; ink outside the rows: the committee looks at the whole ballot"));
        text = g_string_free (s, FALSE);
        add_outcome (self, event->where, text, FALSE);
      }
      break;
    case KP_SCAN_EVENT_REFUSED:
      {
        g_autofree char *name = g_path_get_basename (event->where);

        text = g_strdup_printf (_("Refused: %s. Nothing was saved for this sheet: scan it again."), event->reason);
        add_outcome (self, event->where, text, TRUE);
        g_string_append_printf (self->refused, "%s%s", self->refused->len ? ", " : "", name);
      }
      break;
    case KP_SCAN_EVENT_DUPLICATE:
      text = g_strdup_printf (_("Already saved as ballot %u of pass %c; skipped"), event->serial, event->pass);
      add_outcome (self, event->where, text, FALSE);
      break;
    case KP_SCAN_EVENT_BLANK:
      add_outcome (self, event->where, _("Blank, skipped"), FALSE);
      break;
    default:
      g_assert_not_reached ();
    }
  self->totals = *kp_scan_assembly_get_totals (self->assembly);
  show_counts (self);
  update_ask (self);
}

/* A page read and recognised on the worker: its ballot put together, and
 * saved when complete. */
static void
outcome_cb (KpScanOutcome *outcome,
            gpointer       user_data)
{
  KpScanView *self = user_data;
  g_autoptr(KpScanOutcome) o = outcome;
  g_autofree char *text = NULL;

  if (self->failure != NULL)
    return;
  if (o->ended)
    {
      /* The scanner's problem (jam, cover open, unplugged): the stack ends
       * here, with what to do (kp-scan-worker.h). */
      g_clear_error (&self->scanner_failure);
      self->scanner_failure = g_steal_pointer (&o->error);
      add_outcome (self, o->where, self->scanner_failure->message, TRUE);
      return;
    }
  self->pages++;
  update_ask (self);
  if (o->source == NULL)
    kp_scan_assembly_refuse_file (self->assembly, o->where, o->error);
  else if (!kp_scan_assembly_add_page (self->assembly, o->source, o->index, g_steal_pointer (&o->page), o->error,
                                       &self->failure))
    {
      /* The congress file refused (a full disk): stop; what was saved
       * before stays saved. */
      kp_scan_worker_stop (self->worker);
      return;
    }
  if (o->total > 0)
    {
      guint n = o->source ? kp_scan_source_get_n_pages (o->source) : 1;

      text = g_strdup_printf (_("Page %u · file %u of %u"), self->pages, o->number, o->total);
      gtk_progress_bar_set_fraction (self->progress, (o->number - 1 + (double) (o->index + 1) / n) / o->total);
    }
  else
    {
      text = g_strdup_printf (_("Page %u"), self->pages);
      gtk_progress_bar_pulse (self->progress);
    }
  gtk_progress_bar_set_text (self->progress, text);
}

static void
set_running (KpScanView *self,
             gboolean    running)
{
  gtk_widget_set_sensitive (self->controls, !running);
  gtk_widget_set_visible (self->stop, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.stop", running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_sensitive (self->scan_device, !self->finding && self->found != NULL && self->found->len > 0);
  gtk_widget_set_sensitive (self->find, !self->finding);
  if (running)
    gtk_widget_grab_focus (self->stop);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->files));
}

static void
done_cb (gboolean stopped,
         gpointer user_data)
{
  KpScanView *self = user_data;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GPtrArray) pending = NULL;

  kp_scan_assembly_finish (self->assembly, stopped || self->scanner_failure != NULL);
  self->totals = *kp_scan_assembly_get_totals (self->assembly);
  g_clear_pointer (&self->assembly, kp_scan_assembly_free);
  g_clear_pointer (&self->worker, kp_scan_worker_free);
  /* The pass is free again for typing or another scan. */
  g_clear_pointer (&self->lock, kp_entry_lock_release);
  show_counts (self);
  set_running (self, FALSE);

  if (self->failure != NULL)
    g_string_append_printf (summary, _("Scanning stopped: the congress file could not save a ballot (%s). The %u "
                                       "ballots saved before it stay saved."),
                            self->failure->message, self->totals.saved);
  else if (self->scanner_failure != NULL)
    g_string_append_printf (summary, _("The scanner stopped: %s. The %u ballots saved before it stay saved; scan the "
                                       "rest of the stack when the scanner is ready (sheets already saved are "
                                       "skipped)."),
                            self->scanner_failure->message, self->totals.saved);
  else if (stopped)
    g_string_append_printf (summary, _("Stopped. The %u ballots saved so far stay saved; scan the rest of the stack "
                                       "when ready (sheets already saved are skipped)."),
                            self->totals.saved);
  else
    {
      gtk_progress_bar_set_fraction (self->progress, 1);
      g_string_append_printf (summary, _("Done: %u ballots saved."), self->totals.saved);
    }
  if (self->refused->len > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, _("Scan these sheets again: %s."), self->refused->str);
    }
  if (self->ignored > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, _("%u files in the folder are not scans (PNG, JPEG, TIFF or PDF) and were "
                                         "left alone."), self->ignored);
    }
  pending = kp_store_scans_pending (self->store, self->election->id, self->election->round, NULL);
  if (pending != NULL && pending->len > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, _("%u ballots wait for the committee's decision."), pending->len);
    }
  gtk_widget_set_visible (self->adjudicate, pending != NULL && pending->len > 0);
  gtk_label_set_text (self->summary, summary->str);
  if (pending != NULL && pending->len > 0)
    gtk_widget_grab_focus (self->adjudicate);
  update_ask (self);
  /* Stopped on "Stop and close" (or leave): every ballot read in full is
   * saved and the pass given back; now the window closes. Last: it may
   * take this page with it. */
  if (self->then != NULL)
    {
      KpScanViewThen then = g_steal_pointer (&self->then);
      then (self->then_data);
    }
}

/**
 * kp_scan_view_show:
 *
 * The scanning page for @election_id's current round. A scan that runs
 * goes on, and is shown.
 */
gboolean
kp_scan_view_show (KpScanView  *self,
                   KpStore     *store,
                   const char  *election_id,
                   const char  *operator,
                   GError     **error)
{
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autofree char *title = NULL;
  g_autofree char *help = NULL;
  GtkWidget *child;

  if (self->worker != NULL || self->opening)
    {
      if (self->store == store && g_str_equal (self->election->id, election_id))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Ballots of “%s” are being scanned: stop that scan first."),
                   self->election->title);
      return FALSE;
    }
  /* Read-only: nothing is scanned into the file. */
  if (!kp_store_check_writable (store, error))
    return FALSE;
  election = kp_store_get_election (store, election_id, 0, error);
  if (election == NULL)
    return FALSE;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return FALSE;

  self->store = store;
  g_clear_pointer (&self->election, kp_election_free);
  self->election = g_steal_pointer (&election);
  g_free (self->operator);
  self->operator = g_strdup (operator);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->passes));
    const char *const all[] = { "A", "B", "C" };

    gtk_string_list_splice (self->passes, 0, n, NULL);
    for (guint p = 0; p < info->mode && p < G_N_ELEMENTS (all); p++)
      gtk_string_list_append (self->passes, all[p]);
    gtk_drop_down_set_selected (self->pass, 0);
  }
  title = self->election->round > 1
            ? g_strdup_printf (_("Scan ballots — %s (round %u)"), self->election->title, self->election->round)
            : g_strdup_printf (_("Scan ballots — %s"), self->election->title);
  gtk_label_set_text (self->title, title);
  help = g_strdup_printf ("%s\n%s\n%s",
                          _("Choose the files or the folder the scanner saved (PNG, JPEG, TIFF or PDF). Each ballot is "
                            "saved into the pass as soon as it is read, as if typed; marks that recognition cannot "
                            "decide wait for the committee."),
                          _("Alt+F: files · Alt+O: a folder · Alt+P: the pass · Alt+B: skip blank pages · Esc: stop "
                            "after the sheet being read · Alt+←: back to the elections"),
                          _("Or scan straight from a scanner on a cable (USB): Alt+A: the scanner · Alt+E: paper from · "
                            "Alt+R: resolution · Alt+N: scan from the scanner · Alt+G: find scanners again"));
  gtk_label_set_text (self->help, help);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outcomes))) != NULL)
    gtk_list_box_remove (self->outcomes, child);
  memset (&self->totals, 0, sizeof self->totals);
  gtk_label_set_text (self->counts, "");
  gtk_label_set_text (self->summary, "");
  gtk_widget_set_visible (self->adjudicate, FALSE);
  set_running (self, FALSE);
  /* No scan yet on this page: no progress to show. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  if (self->found == NULL)
    kp_scan_view_find_scanners (self);
  return TRUE;
}

/* The pass the ballots go into: one the round's entry mode has. */
gboolean
kp_scan_view_set_pass (KpScanView *self,
                       char        pass)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->passes));

  if (pass < 'A' || (guint) (pass - 'A') >= n || self->worker != NULL)
    return FALSE;
  gtk_drop_down_set_selected (self->pass, pass - 'A');
  return TRUE;
}

/* Blank pages skipped (the backs of a two-sided scan), or refused. */
void
kp_scan_view_set_skip_blank (KpScanView *self,
                             gboolean    skip)
{
  gtk_check_button_set_active (self->skip_blank, skip);
}

char
kp_scan_view_get_pass (KpScanView *self)
{
  guint selected = gtk_drop_down_get_selected (self->pass);

  return selected == GTK_INVALID_LIST_POSITION ? 'A' : 'A' + (char) selected;
}

/**
 * kp_scan_view_start_producer:
 * @producer: (transfer full): the stack: files (kp_scan_producer_new_files)
 *   or, in the same way, a scanner
 *
 * Scans the stack into the chosen pass, holding the pass's entry lock
 * while it runs: typing the same pass elsewhere at once is refused, and
 * so is this while someone types it.
 */
gboolean
kp_scan_view_start_producer (KpScanView      *self,
                             KpScanProducer  *producer,
                             GError         **error)
{
  g_autoptr(KpScanProducer) owned = producer;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpScanner) scanner = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *holder = NULL;
  char pass = kp_scan_view_get_pass (self);
  GtkWidget *child;

  g_return_val_if_fail (self->election != NULL, FALSE);
  if (self->worker != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A scan is running: stop it first."));
      return FALSE;
    }
  if (!kp_store_check_writable (self->store, error))
    return FALSE;
  info = kp_store_get_round_info (self->store, self->election->id, self->election->round, error);
  if (info == NULL)
    return FALSE;
  if (info->state == KP_ELECTION_PAUSED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” is paused: resume it before entering ballots."),
                   self->election->title);
      return FALSE;
    }
  if (info->state != KP_ELECTION_OPEN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Round %u of “%s” is confirmed: its ballots can no longer change."), info->round,
                   self->election->title);
      return FALSE;
    }
  /* One entry session per pass (kp-entry-lock.h): serials pair the passes,
   * so a pass is scanned or typed, never both at once. */
  self->lock = kp_entry_lock_acquire (kp_store_get_path (self->store), self->election->id, self->election->round,
                                      pass, self->operator, &holder, &local);
  if (self->lock == NULL)
    {
      if (g_error_matches (local, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     _("Pass %c of “%s” is being entered by %s, in another window or on another program. A pass "
                       "is scanned or typed by one person at a time: scan into another pass, or wait until that "
                       "screen is closed."),
                     pass, self->election->title, holder ? holder : _("someone else"));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Scanning cannot start: %s"), local->message);
      return FALSE;
    }
  scanner = kp_scanner_new (kp_store_get_congress (self->store), self->election, error);
  if (scanner == NULL)
    {
      g_clear_pointer (&self->lock, kp_entry_lock_release);
      return FALSE;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outcomes))) != NULL)
    gtk_list_box_remove (self->outcomes, child);
  g_string_truncate (self->refused, 0);
  g_clear_error (&self->failure);
  g_clear_error (&self->scanner_failure);
  memset (&self->totals, 0, sizeof self->totals);
  self->pages = 0;
  gtk_label_set_text (self->summary, _("Reading the sheets… the window can be used meanwhile."));
  gtk_widget_set_visible (self->adjudicate, FALSE);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _("Starting…"));
  show_counts (self);
  self->assembly = kp_scan_assembly_new (self->store, self->election, pass, self->operator,
                                         gtk_check_button_get_active (self->skip_blank), event_cb, self);
  self->worker = kp_scan_worker_start (g_steal_pointer (&owned), g_steal_pointer (&scanner), outcome_cb, done_cb,
                                       self);
  set_running (self, TRUE);
  return TRUE;
}

/**
 * kp_scan_view_start:
 * @paths: files, and folders of files, as the scanner saved them
 *
 * Scans them into the chosen pass (kp_scan_view_start_producer ()).
 */
gboolean
kp_scan_view_start (KpScanView        *self,
                    const char *const *paths,
                    GError           **error)
{
  KpScanProducer *producer;

  g_return_val_if_fail (self->election != NULL, FALSE);
  if (self->worker != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A scan is running: stop it first."));
      return FALSE;
    }
  producer = kp_scan_producer_new_files (paths, &self->ignored, error);
  if (producer == NULL)
    return FALSE;
  return kp_scan_view_start_producer (self, producer, error);
}

/* --- from a scanner (kp-sane.h) ----------------------------------------------- */

typedef struct
{
  char *name;
  char *label;
  guint sources;  /* KpSaneSource bits; 0 when it could not be opened */
} Found;

static void
found_free (Found *f)
{
  g_free (f->name);
  g_free (f->label);
  g_free (f);
}

static const guint resolutions[] = { 150, 200, 300 };

/* The sources the chosen scanner offers: the feeder first (a stack). */
static void
fill_sources (KpScanView *self)
{
  static const KpSaneSource order[] = { KP_SANE_SOURCE_ADF, KP_SANE_SOURCE_DUPLEX, KP_SANE_SOURCE_FLATBED };
  guint selected = gtk_drop_down_get_selected (self->device);
  const Found *f = self->found != NULL && selected < self->found->len ? self->found->pdata[selected] : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->source_labels));

  gtk_string_list_splice (self->source_labels, 0, n, NULL);
  g_array_set_size (self->source_kinds, 0);
  for (guint i = 0; f != NULL && i < G_N_ELEMENTS (order); i++)
    if (f->sources & order[i])
      {
        gtk_string_list_append (self->source_labels,
                                order[i] == KP_SANE_SOURCE_FLATBED ? _("glass")
                                : order[i] == KP_SANE_SOURCE_ADF ? _("sheet feeder") : _("sheet feeder, both sides"));
        g_array_append_val (self->source_kinds, order[i]);
      }
  gtk_drop_down_set_selected (self->source, 0);
}

/* On a thread: SANE lists the scanners (it can take seconds: the USB
 * buses), and each is opened once to learn its sources. */
static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) devices = kp_sane_list_devices (&error);
  GPtrArray *found;

  if (devices == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  for (guint i = 0; i < devices->len; i++)
    {
      const KpSaneDeviceInfo *info = devices->pdata[i];
      g_autoptr(KpSaneDevice) device = kp_sane_device_open (info->name, NULL);
      Found *f = g_new0 (Found, 1);

      f->name = g_strdup (info->name);
      f->label = g_strdup_printf ("%s %s (%s)", info->vendor, info->model, kp_sane_type_label (info->type));
      f->sources = device != NULL ? kp_sane_device_get_sources (device) : 0;
      g_ptr_array_add (found, f);
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
find_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KpScanView *self = KP_SCAN_VIEW (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *found = g_task_propagate_pointer (G_TASK (result), &error);
  guint n;

  self->finding = FALSE;
  if (self->disposed)
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->found = found;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->device_labels));
  gtk_string_list_splice (self->device_labels, 0, n, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    gtk_string_list_append (self->device_labels, ((Found *) found->pdata[i])->label);
  gtk_drop_down_set_selected (self->device, 0);
  fill_sources (self);
  if (found == NULL)
    gtk_label_set_text (self->scanner_status, error->message);
  else if (found->len == 0)
    gtk_label_set_text (self->scanner_status,
                        _("No scanner found: plug the scanner in (USB), switch it on, wait a few seconds and press "
                          "Find scanners again. Network scanners are never used (no network)."));
  else
    gtk_label_set_text (self->scanner_status, "");
  /* No scanner: only what to do, and the button to look again. */
  gtk_widget_set_visible (self->scanner_row, found != NULL && found->len > 0);
  gtk_widget_set_sensitive (self->scan_device, found != NULL && found->len > 0);
  gtk_widget_set_sensitive (self->find, TRUE);
}

/**
 * kp_scan_view_find_scanners:
 *
 * Lists the scanners on a cable again, off the UI thread (SANE can take
 * seconds); kp_scan_view_is_finding () is TRUE meanwhile.
 */
void
kp_scan_view_find_scanners (KpScanView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->finding)
    return;
  self->finding = TRUE;
  gtk_label_set_text (self->scanner_status, _("Looking for scanners…"));
  gtk_widget_set_sensitive (self->scan_device, FALSE);
  gtk_widget_set_sensitive (self->find, FALSE);
  task = g_task_new (self, NULL, find_done, NULL);
  g_task_run_in_thread (task, find_thread);
}

gboolean
kp_scan_view_is_finding (KpScanView *self)
{
  return self->finding;
}

/**
 * kp_scan_view_set_scanner:
 * @name: a scanner listed (kp_sane_list_devices)
 * @source: one it offers
 * @dpi: 150, 200 or 300
 *
 * Chooses them on the page, as the operator does. Returns: FALSE when
 * the scanner is not listed, or does not offer @source.
 */
gboolean
kp_scan_view_set_scanner (KpScanView   *self,
                          const char   *name,
                          KpSaneSource  source,
                          guint         dpi)
{
  for (guint i = 0; self->found != NULL && i < self->found->len; i++)
    if (g_str_equal (((Found *) self->found->pdata[i])->name, name))
      {
        gtk_drop_down_set_selected (self->device, i);
        for (guint k = 0; k < self->source_kinds->len; k++)
          if (g_array_index (self->source_kinds, KpSaneSource, k) == source)
            {
              gtk_drop_down_set_selected (self->source, k);
              for (guint r = 0; r < G_N_ELEMENTS (resolutions); r++)
                if (resolutions[r] == dpi)
                  {
                    gtk_drop_down_set_selected (self->resolution, r);
                    return TRUE;
                  }
              return FALSE;
            }
        return FALSE;
      }
  return FALSE;
}

typedef struct
{
  char *name;
  KpSaneSource source;
  guint dpi;
} Opening;

static void
opening_free (Opening *o)
{
  g_free (o->name);
  g_free (o);
}

/* On a thread: the scanner opened and set (a USB scanner can take
 * seconds). */
static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Opening *o = task_data;
  GError *error = NULL;
  g_autoptr(KpSaneDevice) device = kp_sane_device_open (o->name, &error);

  if (device == NULL || (o->source != 0 && !kp_sane_device_set_source (device, o->source, &error))
      || !kp_sane_device_set_resolution (device, o->dpi, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&device), (GDestroyNotify) kp_sane_device_close);
}

static void
open_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  KpScanView *self = KP_SCAN_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpSaneDevice) device = g_task_propagate_pointer (G_TASK (result), &error);
  Opening *o = g_task_get_task_data (G_TASK (result));

  self->opening = FALSE;
  /* The window closed, or another file opened meanwhile. */
  if (self->disposed || self->store == NULL)
    return;
  gtk_widget_set_sensitive (self->controls, TRUE);
  if (self->stop_asked)
    {
      /* Stopped before the first sheet: nothing was read. */
      self->stop_asked = FALSE;
      gtk_label_set_text (self->summary, _("Stopped before the first sheet: nothing was scanned."));
      update_ask (self);
      if (self->then != NULL)
        {
          KpScanViewThen then = g_steal_pointer (&self->then);
          then (self->then_data);
        }
      return;
    }
  if (device == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  self->ignored = 0;
  /* The glass holds one sheet: one page per press of the button. */
  if (!kp_scan_view_start_producer (self,
                                    kp_scan_producer_new_sane (g_steal_pointer (&device),
                                                               o->source == KP_SANE_SOURCE_FLATBED ? 1 : 0),
                                    &error))
    gtk_label_set_text (self->summary, error->message);
  else
    gtk_label_set_text (self->summary, _("Scanning… the window can be used meanwhile."));
}

/**
 * kp_scan_view_start_scanner:
 *
 * Scans from the scanner chosen on the page, with its source and
 * resolution: the scanner is opened off the UI thread, then the worker
 * runs the SANE producer (kp_scan_producer_new_sane): the feeder until it
 * is empty, the glass one sheet. kp_scan_view_is_running () is TRUE from
 * now on.
 */
gboolean
kp_scan_view_start_scanner (KpScanView *self,
                            GError    **error)
{
  guint selected = gtk_drop_down_get_selected (self->device);
  guint source = gtk_drop_down_get_selected (self->source);
  guint dpi = gtk_drop_down_get_selected (self->resolution);
  g_autoptr(GTask) task = NULL;
  Opening *o;

  g_return_val_if_fail (self->election != NULL, FALSE);
  if (self->worker != NULL || self->opening)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("A scan is running: stop it first."));
      return FALSE;
    }
  if (self->found == NULL || selected >= self->found->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No scanner found: plug the scanner in (USB), switch it on, wait a few seconds and press "
                     "Find scanners again. Network scanners are never used (no network)."));
      return FALSE;
    }
  o = g_new0 (Opening, 1);
  o->name = g_strdup (((Found *) self->found->pdata[selected])->name);
  o->source = source < self->source_kinds->len ? g_array_index (self->source_kinds, KpSaneSource, source) : 0;
  o->dpi = resolutions[dpi < G_N_ELEMENTS (resolutions) ? dpi : 1];
  self->opening = TRUE;
  self->stop_asked = FALSE;
  gtk_widget_set_sensitive (self->controls, FALSE);
  gtk_label_set_text (self->summary, _("Connecting to the scanner…"));
  task = g_task_new (self, NULL, open_done, NULL);
  g_task_set_task_data (task, o, (GDestroyNotify) opening_free);
  g_task_run_in_thread (task, open_thread);
  return TRUE;
}

static void
scan_device_clicked_cb (KpScanView *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_scan_view_start_scanner (self, &error))
    gtk_label_set_text (self->summary, error->message);
}

/* Stop after the sheet being read; what was saved stays saved. */
void
kp_scan_view_stop (KpScanView *self)
{
  if (self->opening)
    {
      self->stop_asked = TRUE;
      gtk_label_set_text (self->summary, _("Stopping after the sheet being read…"));
      return;
    }
  if (self->worker == NULL)
    return;
  kp_scan_worker_stop (self->worker);
  gtk_label_set_text (self->summary, _("Stopping after the sheet being read…"));
}

/* The question's words, with the count so far (it grows while asked). */
static void
update_ask (KpScanView *self)
{
  g_autofree char *read = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *body = NULL;

  if (self->ask == NULL)
    return;
  if (!kp_scan_view_is_running (self))
    {
      /* The stack ended while the question was shown: nothing to stop. */
      body = g_strdup_printf (ngettext ("Scanning is over: %u ballot saved. Nothing was lost.",
                                        "Scanning is over: %u ballots saved. Nothing was lost.", self->totals.saved),
                              self->totals.saved);
      adw_message_dialog_set_body (self->ask, body);
      return;
    }
  read = g_strdup_printf (ngettext ("%u page read so far;", "%u pages read so far;", self->pages), self->pages);
  saved = g_strdup_printf (ngettext ("%u ballot saved.", "%u ballots saved.", self->totals.saved),
                           self->totals.saved);
  body = g_strdup_printf ("%s %s %s", read, saved,
                          self->ask_closing
                            ? _("If you stop, scanning ends after the sheet being read and every ballot read in full "
                                "is saved; then the window closes. A ballot not read in full is not saved: scan it "
                                "again later (sheets already saved are skipped).")
                            : _("If you stop, scanning ends after the sheet being read and every ballot read in full "
                                "is saved; then the elections are shown. A ballot not read in full is not saved: scan "
                                "it again later (sheets already saved are skipped)."));
  adw_message_dialog_set_body (self->ask, body);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 KpScanView       *self)
{
  KpScanViewThen then = self->ask_then;
  gpointer data = self->ask_then_data;

  self->ask = NULL;
  self->ask_then = NULL;
  if (!g_str_equal (response, "stop"))
    {
      /* Keep scanning: nothing changes. */
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return;
    }
  if (!kp_scan_view_is_running (self))
    {
      then (data);
      return;
    }
  self->then = then;
  self->then_data = data;
  kp_scan_view_stop (self);
}

/**
 * kp_scan_view_ask_stop:
 * @closing: the window is being closed, else the page left
 * @then: called once the scan is over, if the operator stops it
 *
 * The operator closes the window or leaves the page while a stack is
 * being scanned: asks first, naming how far it is. "Keep scanning" (the
 * default, Enter and Escape) changes nothing; "Stop and close" stops after
 * the sheet being read, every page already read is delivered and every
 * ballot read in full saved (as with Stop), the pass given back, and only
 * then @then runs. Without a scan running, @then runs at once; while one
 * is already stopping on the operator's word, @then replaces what was to
 * follow, without asking again.
 */
void
kp_scan_view_ask_stop (KpScanView     *self,
                       gboolean        closing,
                       KpScanViewThen  then,
                       gpointer        user_data)
{
  GtkWidget *dialog;

  g_return_if_fail (KP_IS_SCAN_VIEW (self));
  if (!kp_scan_view_is_running (self))
    {
      then (user_data);
      return;
    }
  if (self->then != NULL)
    {
      self->then = then;
      self->then_data = user_data;
      return;
    }
  if (self->ask != NULL)
    {
      /* Asked again meanwhile (the window closed while leaving the page
       * was asked): the newest request is the one answered. */
      self->ask_closing = closing;
      self->ask_then = then;
      self->ask_then_data = user_data;
      adw_message_dialog_set_response_label (self->ask, "stop", closing ? _("_Stop and close") : _("Stop and _leave"));
      update_ask (self);
      gtk_window_present (GTK_WINDOW (self->ask));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Ballots are being scanned"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep scanning"), "stop",
                                    closing ? _("_Stop and close") : _("Stop and _leave"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_response_cb), self, 0);
  self->ask = ADW_MESSAGE_DIALOG (dialog);
  self->ask_closing = closing;
  self->ask_then = then;
  self->ask_then_data = user_data;
  update_ask (self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The question and what was to follow, dropped (the file closes, the
 * window goes). */
static void
forget_ask (KpScanView *self)
{
  self->then = NULL;
  self->ask_then = NULL;
  if (self->ask != NULL)
    {
      GtkWindow *ask = GTK_WINDOW (g_steal_pointer (&self->ask));
      gtk_window_destroy (ask);
    }
}

/* A running scan ended at once, without the main loop: the worker stops
 * after the page being read, every page it read is delivered here and
 * each ballot read in full saved, one still missing pages refused (as
 * with Stop); the pass is given back. */
static void
end_now (KpScanView *self)
{
  if (self->worker != NULL)
    {
      /* outcome_cb may still stop it (the file refused to save). */
      kp_scan_worker_free_delivering (self->worker);
      self->worker = NULL;
    }
  if (self->assembly != NULL)
    kp_scan_assembly_finish (self->assembly, TRUE);
  g_clear_pointer (&self->assembly, kp_scan_assembly_free);
  g_clear_pointer (&self->lock, kp_entry_lock_release);
}

/**
 * kp_scan_view_leave:
 *
 * The congress file is about to be closed: a running scan stops now, what
 * it read is saved first (every ballot read in full; end_now ()), and the
 * pass is given back.
 */
void
kp_scan_view_leave (KpScanView *self)
{
  g_return_if_fail (KP_IS_SCAN_VIEW (self));
  forget_ask (self);
  end_now (self);
  self->store = NULL;
  set_running (self, FALSE);
}

gboolean
kp_scan_view_is_running (KpScanView *self)
{
  return self->worker != NULL || self->opening;
}

const KpScanTotals *
kp_scan_view_get_totals (KpScanView *self)
{
  return &self->totals;
}

guint
kp_scan_view_get_pages (KpScanView *self)
{
  return self->pages;
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     KpScanView      *self)
{
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      if (paths->len > 1 && !kp_scan_view_start (self, (const char *const *) paths->pdata, &error))
        gtk_label_set_text (self->summary, error->message);
    }
  g_object_unref (dialog);
}

static void
choose (KpScanView *self,
        gboolean    folder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (folder ? _("Choose the folder of scans")
                                                                     : _("Choose the scanned files"),
                                                              GTK_WINDOW (root),
                                                              folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                                     : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              _("_Scan"), _("_Cancel"));

  if (!folder)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Scans (PNG, JPEG, TIFF, PDF)"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      gtk_file_filter_add_mime_type (filter, "image/jpeg");
      gtk_file_filter_add_mime_type (filter, "image/tiff");
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
files_clicked_cb (KpScanView *self)
{
  choose (self, FALSE);
}

static void
folder_clicked_cb (KpScanView *self)
{
  choose (self, TRUE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kp_scan_view_stop (KP_SCAN_VIEW (widget));
}

/* Keyboard first: the page opens on Choose files (on Stop while a scan
 * runs). */
static gboolean
kp_scan_view_grab_focus (GtkWidget *widget)
{
  KpScanView *self = KP_SCAN_VIEW (widget);

  return gtk_widget_grab_focus (self->worker ? self->stop : GTK_WIDGET (self->files));
}

static void
kp_scan_view_dispose (GObject *object)
{
  KpScanView *self = KP_SCAN_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  forget_ask (self);
  /* The window destroyed without its close-request (which asks first:
   * kp_scan_view_ask_stop): the worker stops after its page, and what it
   * read is saved still (the congress file closes after this). */
  end_now (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KP_TYPE_SCAN_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (kp_scan_view_parent_class)->dispose (object);
}

static void
kp_scan_view_finalize (GObject *object)
{
  KpScanView *self = KP_SCAN_VIEW (object);

  g_clear_pointer (&self->election, kp_election_free);
  g_free (self->operator);
  g_clear_object (&self->passes);
  g_string_free (self->refused, TRUE);
  g_clear_error (&self->failure);
  g_clear_error (&self->scanner_failure);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_object (&self->device_labels);
  g_clear_object (&self->source_labels);
  g_array_unref (self->source_kinds);
  G_OBJECT_CLASS (kp_scan_view_parent_class)->finalize (object);
}

static void
kp_scan_view_class_init (KpScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_scan_view_dispose;
  object_class->finalize = kp_scan_view_finalize;
  widget_class->grab_focus = kp_scan_view_grab_focus;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-scan-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpScanView, title);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, help);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, controls);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, pass);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, skip_blank);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, files);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, folder);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, scanner_row);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, device);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, source);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, resolution);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, scanner_status);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, find);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, scan_device);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, progress);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, counts);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, stop);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, summary);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, adjudicate);
  gtk_widget_class_bind_template_child (widget_class, KpScanView, outcomes);
  /* Esc stops while a scan runs; else it is the window's. */
  gtk_widget_class_install_action (widget_class, "scan.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scan.stop", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_scan_view_init (KpScanView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->refused = g_string_new (NULL);
  self->passes = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->pass, G_LIST_MODEL (self->passes));
  g_signal_connect_swapped (self->files, "clicked", G_CALLBACK (files_clicked_cb), self);
  g_signal_connect_swapped (self->folder, "clicked", G_CALLBACK (folder_clicked_cb), self);
  self->device_labels = gtk_string_list_new (NULL);
  self->source_labels = gtk_string_list_new (NULL);
  self->source_kinds = g_array_new (FALSE, FALSE, sizeof (KpSaneSource));
  gtk_drop_down_set_model (self->device, G_LIST_MODEL (self->device_labels));
  gtk_drop_down_set_model (self->source, G_LIST_MODEL (self->source_labels));
  {
    g_autoptr(GtkStringList) dpis = gtk_string_list_new (NULL);

    for (guint r = 0; r < G_N_ELEMENTS (resolutions); r++)
      {
        g_autofree char *text = g_strdup_printf (_("%u dpi"), resolutions[r]);
        gtk_string_list_append (dpis, text);
      }
    gtk_drop_down_set_model (self->resolution, G_LIST_MODEL (dpis));
    gtk_drop_down_set_selected (self->resolution, 1);  /* 200 dpi */
  }
  g_signal_connect_swapped (self->device, "notify::selected", G_CALLBACK (fill_sources), self);
  g_signal_connect_swapped (self->find, "clicked", G_CALLBACK (kp_scan_view_find_scanners), self);
  g_signal_connect_swapped (self->scan_device, "clicked", G_CALLBACK (scan_device_clicked_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.stop", FALSE);
}
