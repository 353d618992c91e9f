/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-assembly.h — scanned pages made into ballots of a pass, one page
 * outcome at a time, on the thread that owns the congress file.
 *
 * Recognition (kp_scan_source_read_page, kp_scanner_read) touches no
 * congress file and may run on a worker thread (kp-scan-worker.h); what it
 * gave for each page is fed here in the order of the stack: a page already
 * saved is skipped (the same image twice is the same paper twice, by its
 * SHA-256 and page), the pages of one ballot are put together in order and
 * the ballot saved at once as the pass's next serial
 * (kp_store_enter_scanned), a sheet that is not a ballot page in its place
 * is refused with its reason (nothing saved for it: it is scanned again),
 * a blank sheet is skipped or refused. Each of these is told to the caller
 * as a KpScanEvent, the CLI printing it and the app listing it.
 */
#pragma once

#include <glib.h>

#include "kp-election.h"
#include "kp-scan.h"
#include "kp-store.h"

G_BEGIN_DECLS

typedef enum
{
  KP_SCAN_EVENT_SAVED,     /* a ballot saved: serial, pass, described, doubtful, unplaced */
  KP_SCAN_EVENT_REFUSED,   /* a sheet refused: reason; nothing saved for it */
  KP_SCAN_EVENT_DUPLICATE, /* a page already saved: serial, pass */
  KP_SCAN_EVENT_BLANK,     /* a blank sheet skipped */
} KpScanEventKind;

typedef struct
{
  KpScanEventKind kind;
  const char *where;      /* the sheet: its file, and page of the file */
  const char *reason;     /* REFUSED: why, for the operator */
  guint serial;           /* SAVED, DUPLICATE */
  char pass;              /* SAVED, DUPLICATE */
  const char *described;  /* SAVED: the ballot as read (kp_ballot_describe) */
  const char *doubtful;   /* SAVED: the rows left to the committee, "3 17"; "" none */
  gboolean unplaced;      /* SAVED: ink outside the rows, the whole ballot to the committee */
} KpScanEvent;

typedef void (*KpScanEventFunc) (const KpScanEvent *event,
                                 gpointer           user_data);

typedef struct
{
  guint saved;     /* ballots saved */
  guint doubtful;  /* of them, with something for the committee to decide */
  guint refused;   /* sheets refused */
  guint skipped;   /* pages already saved, blank pages skipped */
} KpScanTotals;

typedef struct _KpScanAssembly KpScanAssembly;

KpScanAssembly *kp_scan_assembly_new          (KpStore           *store,
                                               const KpElection  *election,
                                               char               pass,
                                               const char        *operator,
                                               gboolean           skip_blank,
                                               KpScanEventFunc    func,
                                               gpointer           user_data);
void            kp_scan_assembly_free         (KpScanAssembly    *self);
char           *kp_scan_assembly_where        (KpScanSource      *source,
                                               guint              index);
gboolean        kp_scan_assembly_skip_saved   (KpScanAssembly    *self,
                                               KpScanSource      *source,
                                               guint              index);
gboolean        kp_scan_assembly_add_page     (KpScanAssembly    *self,
                                               KpScanSource      *source,
                                               guint              index,
                                               KpScanPage        *page,
                                               const GError      *page_error,
                                               GError           **error);
void            kp_scan_assembly_refuse_file  (KpScanAssembly    *self,
                                               const char        *where,
                                               const GError      *file_error);
void            kp_scan_assembly_finish       (KpScanAssembly    *self,
                                               gboolean           stopped);
gboolean        kp_scan_assembly_is_holding   (KpScanAssembly    *self);
const KpScanTotals *kp_scan_assembly_get_totals (KpScanAssembly  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanAssembly, kp_scan_assembly_free)

G_END_DECLS
