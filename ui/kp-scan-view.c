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

  /* Template widgets */
  GtkLabel *title;
  GtkLabel *help;
  GtkWidget *controls;
  GtkDropDown *pass;
  GtkCheckButton *skip_blank;
  GtkButton *files;
  GtkButton *folder;
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
  self->pages++;
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

  kp_scan_assembly_finish (self->assembly, stopped);
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

  if (self->worker != NULL)
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
  help = g_strdup_printf ("%s\n%s",
                          _("Choose the files or the folder the scanner saved (PNG, JPEG, TIFF or PDF). Each ballot is "
                            "saved into the pass as soon as it is read, as if typed; marks that recognition cannot "
                            "decide wait for the committee."),
                          _("Alt+F: files · Alt+O: a folder · Alt+P: the pass · Alt+B: skip blank pages · Esc: stop "
                            "after the sheet being read · Alt+←: back to the elections"));
  gtk_label_set_text (self->help, help);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->outcomes))) != NULL)
    gtk_list_box_remove (self->outcomes, child);
  memset (&self->totals, 0, sizeof self->totals);
  gtk_label_set_text (self->counts, "");
  gtk_label_set_text (self->summary, "");
  gtk_widget_set_visible (self->adjudicate, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  set_running (self, FALSE);
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

/* Stop after the sheet being read; what was saved stays saved. */
void
kp_scan_view_stop (KpScanView *self)
{
  if (self->worker == NULL)
    return;
  kp_scan_worker_stop (self->worker);
  gtk_label_set_text (self->summary, _("Stopping after the sheet being read…"));
}

/**
 * kp_scan_view_leave:
 *
 * The congress file is about to be closed: a running scan stops now (the
 * page being read is dropped; every ballot saved so far stays saved) and
 * the pass is given back.
 */
void
kp_scan_view_leave (KpScanView *self)
{
  g_return_if_fail (KP_IS_SCAN_VIEW (self));
  g_clear_pointer (&self->worker, kp_scan_worker_free);
  g_clear_pointer (&self->assembly, kp_scan_assembly_free);
  g_clear_pointer (&self->lock, kp_entry_lock_release);
  self->store = NULL;
  set_running (self, FALSE);
}

gboolean
kp_scan_view_is_running (KpScanView *self)
{
  return self->worker != NULL;
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

  /* Closing the window stops the worker after its page; the ballots it
   * saved are in the file already. */
  g_clear_pointer (&self->worker, kp_scan_worker_free);
  g_clear_pointer (&self->assembly, kp_scan_assembly_free);
  g_clear_pointer (&self->lock, kp_entry_lock_release);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.stop", FALSE);
}
