/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-worker.c — the stack recognised on a thread of its own (see the
 * header), and the producer of files and folders.
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kp-scan-worker.h"

/* --- files and folders ------------------------------------------------------ */

typedef struct
{
  KpScanProducer parent;
  GPtrArray *paths;   /* the files, in the order of the stack */
  guint next;
} FileProducer;

static gboolean
is_scan_file (const char *name)
{
  static const char *const suffixes[] = { ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (name[0] == '.')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (*(const char **) a, -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (*(const char **) b, -1);
  return strcmp (ka, kb);
}

/* A folder's scans in the order a scanner numbers them, or one file. */
static gboolean
list_inputs (const char *from,
             GPtrArray  *files,
             guint      *ignored,
             GError    **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (from, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _ ("%s: no such file or folder"), from);
          return FALSE;
        }
      g_ptr_array_add (files, g_strdup (from));
      return TRUE;
    }
  dir = g_dir_open (from, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (from, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (is_scan_file (name))
        g_ptr_array_add (found, g_steal_pointer (&path));
      else
        (*ignored)++;
    }
  g_ptr_array_sort (found, compare_names);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (files, g_steal_pointer (&found->pdata[i]));
  return TRUE;
}

static KpScanSource *
file_next (KpScanProducer *producer,
           GCancellable   *cancellable,
           char          **where,
           GError        **error)
{
  FileProducer *self = (FileProducer *) producer;
  const char *path;

  if (self->next >= self->paths->len)
    return NULL;
  path = self->paths->pdata[self->next++];
  *where = g_strdup (path);
  return kp_scan_source_new_from_file (path, error);
}

static guint
file_total (KpScanProducer *producer)
{
  return ((FileProducer *) producer)->paths->len;
}

static void
file_free (KpScanProducer *producer)
{
  FileProducer *self = (FileProducer *) producer;

  g_ptr_array_unref (self->paths);
  g_free (self);
}

/**
 * kp_scan_producer_new_files:
 * @paths: files, and folders of files, in the order of the stack
 * @ignored: (out): files in the folders that are not scans, left alone
 *
 * The sheets a scanner's own software wrote: each file one source (a TIFF
 * or PDF may hold many pages); a folder's scans in their names' order.
 *
 * Returns: (transfer full): the producer, or %NULL with @error set if a
 *   path does not exist or a folder cannot be read.
 */
KpScanProducer *
kp_scan_producer_new_files (const char *const *paths,
                            guint             *ignored,
                            GError           **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  FileProducer *self;

  *ignored = 0;
  for (guint i = 0; paths[i]; i++)
    if (!list_inputs (paths[i], files, ignored, error))
      return NULL;
  self = g_new0 (FileProducer, 1);
  self->parent.next = file_next;
  self->parent.total = file_total;
  self->parent.free = file_free;
  self->paths = g_steal_pointer (&files);
  return &self->parent;
}

void
kp_scan_producer_free (KpScanProducer *producer)
{
  if (producer != NULL)
    producer->free (producer);
}

void
kp_scan_outcome_free (KpScanOutcome *outcome)
{
  if (outcome == NULL)
    return;
  kp_scan_source_free (outcome->source);
  g_free (outcome->where);
  kp_scan_page_free (outcome->page);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* --- the worker ------------------------------------------------------------- */

struct _KpScanWorker
{
  gatomicrefcount refs;      /* the caller, the thread, each pending delivery */
  KpScanProducer *producer;  /* the thread's while it runs */
  KpScanner *scanner;        /* the thread's while it runs */
  GCancellable *cancellable;
  GMainContext *context;     /* where the callbacks run */
  GThread *thread;
  GAsyncQueue *outcomes;     /* KpScanOutcome, or &end_marker */
  gboolean scheduled;        /* an idle source delivers them (under the queue's lock) */
  /* Main context only. NULL once the caller has let go. */
  KpScanOutcomeFunc outcome_func;
  KpScanDoneFunc done_func;
  gpointer user_data;
};

/* The end of the stack, in the queue. */
static KpScanOutcome end_marker;

static KpScanWorker *
worker_ref (KpScanWorker *self)
{
  g_atomic_ref_count_inc (&self->refs);
  return self;
}

static void
worker_unref (KpScanWorker *self)
{
  if (!g_atomic_ref_count_dec (&self->refs))
    return;
  kp_scan_producer_free (self->producer);
  g_clear_pointer (&self->scanner, kp_scanner_free);
  g_object_unref (self->cancellable);
  g_main_context_unref (self->context);
  {
    KpScanOutcome *left;
    while ((left = g_async_queue_try_pop (self->outcomes)) != NULL)
      if (left != &end_marker)
        kp_scan_outcome_free (left);
  }
  g_async_queue_unref (self->outcomes);
  g_free (self);
}

/* On the main context: the next outcome, one per main-loop iteration at
 * idle priority, so that the window draws and takes keys between two
 * ballots even when the worker is ahead. */
static gboolean
deliver (gpointer data)
{
  KpScanWorker *self = data;
  KpScanOutcome *outcome;

  g_async_queue_lock (self->outcomes);
  outcome = g_async_queue_try_pop_unlocked (self->outcomes);
  if (outcome == NULL)
    self->scheduled = FALSE;
  g_async_queue_unlock (self->outcomes);
  if (outcome == NULL)
    return G_SOURCE_REMOVE;
  if (outcome == &end_marker)
    {
      KpScanDoneFunc done = self->done_func;

      g_clear_pointer (&self->thread, g_thread_join);
      self->outcome_func = NULL;
      self->done_func = NULL;
      if (done != NULL)
        done (g_cancellable_is_cancelled (self->cancellable), self->user_data);
      return G_SOURCE_REMOVE;
    }
  if (self->outcome_func != NULL)
    self->outcome_func (outcome, self->user_data);
  else
    kp_scan_outcome_free (outcome);
  return G_SOURCE_CONTINUE;
}

static void
push (KpScanWorker  *self,
      KpScanOutcome *outcome)
{
  g_async_queue_lock (self->outcomes);
  g_async_queue_push_unlocked (self->outcomes, outcome);
  if (!self->scheduled)
    {
      /* Always dispatched by the thread that iterates the context (never
       * g_main_context_invoke (), which runs the callback right here when
       * no thread holds the context at that moment). */
      g_autoptr(GSource) idle = g_idle_source_new ();

      self->scheduled = TRUE;
      g_source_set_priority (idle, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (idle, deliver, worker_ref (self), (GDestroyNotify) worker_unref);
      g_source_attach (idle, self->context);
    }
  g_async_queue_unlock (self->outcomes);
}

static gpointer
run (gpointer data)
{
  KpScanWorker *self = data;
  guint number = 0;

  /* Stopping takes effect between pages: the page being read is finished
   * and delivered, so that what it gives is saved. */
  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      g_autofree char *where = NULL;
      g_autoptr(GError) error = NULL;
      KpScanSource *source = self->producer->next (self->producer, self->cancellable, &where, &error);
      guint total = self->producer->total (self->producer);

      if (source == NULL && error == NULL)
        break;
      number++;
      if (source == NULL)
        {
          KpScanOutcome *outcome = g_new0 (KpScanOutcome, 1);
          gboolean ended = self->producer->errors_end_stack;

          outcome->where = g_steal_pointer (&where);
          outcome->error = g_steal_pointer (&error);
          outcome->number = number;
          outcome->total = total;
          outcome->ended = ended;
          push (self, outcome);
          /* A scanner's problem: the stack stops here (kp-scan-worker.h). */
          if (ended)
            break;
          continue;
        }
      for (guint p = 0; p < kp_scan_source_get_n_pages (source) && !g_cancellable_is_cancelled (self->cancellable);
           p++)
        {
          KpScanOutcome *outcome = g_new0 (KpScanOutcome, 1);
          g_autoptr(KpScanImage) image = kp_scan_source_read_page (source, p, &outcome->error);

          outcome->source = kp_scan_source_ref (source);
          outcome->index = p;
          outcome->number = number;
          outcome->total = total;
          if (image != NULL)
            outcome->page = kp_scanner_read (self->scanner, image, &outcome->error);
          push (self, outcome);
        }
      kp_scan_source_free (source);
    }
  push (self, &end_marker);
  worker_unref (self);
  return NULL;
}

/**
 * kp_scan_worker_start:
 * @producer: (transfer full): the stack
 * @scanner: (transfer full): recognition for the election of the stack;
 *   used by the worker thread alone from now on
 * @outcome_func: called for each page, in order, on the thread-default
 *   main context of the caller
 * @done_func: called there once at the end, after the last outcome
 *
 * Returns: (transfer full): the worker; kp_scan_worker_free () it, at the
 *   end or before (which stops it).
 */
KpScanWorker *
kp_scan_worker_start (KpScanProducer    *producer,
                      KpScanner         *scanner,
                      KpScanOutcomeFunc  outcome_func,
                      KpScanDoneFunc     done_func,
                      gpointer           user_data)
{
  KpScanWorker *self = g_new0 (KpScanWorker, 1);

  g_atomic_ref_count_init (&self->refs);
  self->producer = producer;
  self->scanner = scanner;
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->outcomes = g_async_queue_new ();
  self->outcome_func = outcome_func;
  self->done_func = done_func;
  self->user_data = user_data;
  self->thread = g_thread_new ("kp-scan", run, worker_ref (self));
  return self;
}

/* Stop after the page being read; its outcome and the end still come. */
void
kp_scan_worker_stop (KpScanWorker *self)
{
  g_cancellable_cancel (self->cancellable);
}

/**
 * kp_scan_worker_free_delivering:
 *
 * Stops the worker after the page being read, waits for its thread, and
 * hands every outcome it read but had not delivered yet to the outcome
 * function, here and now, in order (so that the ballots they complete are
 * saved); the done function is not called. Then frees it, as
 * kp_scan_worker_free () does. For a caller that must end a scan at once
 * (the congress file is about to close) without losing what was read.
 */
void
kp_scan_worker_free_delivering (KpScanWorker *self)
{
  KpScanOutcome *outcome;

  if (self == NULL)
    return;
  self->done_func = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->thread, g_thread_join);
  /* The thread is over: nothing more comes into the queue. An idle
   * delivery still scheduled finds it empty. */
  while ((outcome = g_async_queue_try_pop (self->outcomes)) != NULL)
    if (outcome != &end_marker)
      {
        if (self->outcome_func != NULL)
          self->outcome_func (outcome, self->user_data);
        else
          kp_scan_outcome_free (outcome);
      }
  kp_scan_worker_free (self);
}

/* Stops the worker and waits for its thread; no callback is called after
 * this. */
void
kp_scan_worker_free (KpScanWorker *self)
{
  if (self == NULL)
    return;
  self->outcome_func = NULL;
  self->done_func = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->thread, g_thread_join);
  worker_unref (self);
}
