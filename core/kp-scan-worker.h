/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-worker.h — a stack of scanned sheets recognised on a thread of
 * its own, so that the window that shows it stays responsive.
 *
 * A producer gives the stack one KpScanSource after another: the files and
 * folders a scanner's own software wrote (kp_scan_producer_new_files), or,
 * in the same way, a scanner through SANE giving one source per page
 * (kp_scan_producer_new_sane in kp-sane.h). The worker reads and recognises each
 * page of each source and hands every page's outcome, in order, to the
 * main context that started it, where kp-scan-assembly.h saves the
 * ballots. Nothing here touches the congress file.
 */
#pragma once

#include <gio/gio.h>

#include "kp-scan.h"

G_BEGIN_DECLS

typedef struct _KpScanProducer KpScanProducer;

/* A producer of sources. next () runs on the worker thread: the next
 * source; %NULL at the end of the stack (@error unset), or with @error set
 * and *@where naming a sheet that cannot be opened (the stack goes on).
 * total () is how many sources the stack has, 0 when not known
 * beforehand (a scanner's feeder). @cancellable is cancelled when the
 * operator stops: a producer that waits (for a sheet in a feeder) returns
 * %NULL then.
 *
 * errors_end_stack: when TRUE, an error from next () ends the stack
 * instead of naming one sheet: the producer cannot go on (a scanner's
 * jam, open cover, lost cable — kp_scan_producer_new_sane () in
 * kp-sane.h). The worker delivers that error as the last outcome, with
 * `ended` set, and calls next () no more; a caller driving a producer
 * itself (the CLI) stops in the same way. What was saved before stays
 * saved; the operator fixes the scanner and scans the rest. */
struct _KpScanProducer
{
  KpScanSource *(*next)  (KpScanProducer *self,
                          GCancellable   *cancellable,
                          char          **where,
                          GError        **error);
  guint         (*total) (KpScanProducer *self);
  void          (*free)  (KpScanProducer *self);
  gboolean      errors_end_stack;
};

KpScanProducer *kp_scan_producer_new_files (const char *const *paths,
                                            guint             *ignored,
                                            GError           **error);
void            kp_scan_producer_free      (KpScanProducer    *producer);

/* One page's outcome: @source is NULL for a file that could not be opened
 * (@where and @error say which and why); else @page, or @error if it could
 * not be read or recognised. @number counts the sources so far (1-based)
 * and @total is the producer's total (0: unknown). @ended: @source is NULL
 * and @error is the producer's stack-ending error (errors_end_stack): the
 * last outcome; no sheet is refused for it. */
typedef struct
{
  KpScanSource *source;
  char *where;
  guint index;
  KpScanPage *page;
  GError *error;
  guint number;
  guint total;
  gboolean ended;
} KpScanOutcome;

void kp_scan_outcome_free (KpScanOutcome *outcome);

typedef struct _KpScanWorker KpScanWorker;

/* @outcome is the callee's (kp_scan_outcome_free). */
typedef void (*KpScanOutcomeFunc) (KpScanOutcome *outcome,
                                   gpointer       user_data);
typedef void (*KpScanDoneFunc)    (gboolean       stopped,
                                   gpointer       user_data);

KpScanWorker *kp_scan_worker_start (KpScanProducer    *producer,
                                    KpScanner         *scanner,
                                    KpScanOutcomeFunc  outcome_func,
                                    KpScanDoneFunc     done_func,
                                    gpointer           user_data);
void          kp_scan_worker_stop  (KpScanWorker      *self);
void          kp_scan_worker_free  (KpScanWorker      *self);
void          kp_scan_worker_free_delivering (KpScanWorker *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanProducer, kp_scan_producer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanOutcome, kp_scan_outcome_free)

G_END_DECLS
