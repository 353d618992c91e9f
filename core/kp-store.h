/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store.h — the congress file: one sqlite3 database per congress, the
 * single source of truth (sqlite3 adapter).
 *
 * Every change is an action written to the hash-chained journal
 * (kp-journal.h) and applied to the tables in the same transaction; the
 * tables are a function of the journal, so kp_store_verify() can replay the
 * journal and compare. WAL, synchronous=FULL: an action is durable when its
 * function returns TRUE. A file that is not a congress file, is damaged or
 * comes from a newer version is refused and never modified. A file opened
 * read-only (on purpose, or on a read-only medium, or without permission)
 * is never written, nor anything beside it; every change is refused.
 */
#pragma once

#include <glib.h>

#include "kp-ballot.h"
#include "kp-checks.h"
#include "kp-election.h"
#include "kp-result.h"

G_BEGIN_DECLS

#define KP_STORE_ERROR (kp_store_error_quark ())

typedef enum
{
  KP_STORE_ERROR_IO,           /* cannot open, read or write */
  KP_STORE_ERROR_FULL,         /* the disk is full */
  KP_STORE_ERROR_READ_ONLY,    /* the location or the file is read-only */
  KP_STORE_ERROR_NOT_CONGRESS, /* not a congress file */
  KP_STORE_ERROR_CORRUPT,      /* damaged */
  KP_STORE_ERROR_NEWER,        /* written by a newer KiemPhieu */
  KP_STORE_ERROR_EXISTS,       /* create: the file is already there */
  KP_STORE_ERROR_INVALID,      /* the action is not allowed (duplicate serial, …) */
  KP_STORE_ERROR_TAMPERED,     /* verify: the journal or the tables were changed */
  KP_STORE_ERROR_LOCKED,       /* the round is confirmed */
  KP_STORE_ERROR_PASSPHRASE,   /* wrong passphrase */
  KP_STORE_ERROR_NETWORK,      /* the machine is on a network: no signing */
  KP_STORE_ERROR_PENDING,      /* read-only: changes wait in the -wal (or -journal) file beside it */
} KpStoreError;

#define KP_STORE_SCHEMA_VERSION 5

typedef enum
{
  KP_ENTRY_SINGLE = 1, /* one pass, A */
  KP_ENTRY_DOUBLE = 2, /* passes A and B, reconciled */
  KP_ENTRY_TRIPLE = 3, /* passes A, B and C, reconciled */
} KpEntryMode;

typedef enum
{
  KP_ELECTION_OPEN,
  KP_ELECTION_PAUSED,    /* R-PAUSE-1 */
  KP_ELECTION_CONFIRMED, /* the head confirmed the round: locked and signed */
  KP_ELECTION_CLOSED,    /* R-ROUND-1: a later round exists; no more ballots, voids or rulings */
} KpElectionState;

/* How a congress file is open: to work on, or read-only and why. */
typedef enum
{
  KP_STORE_WRITABLE,             /* open to work on */
  KP_STORE_READ_ONLY_ASKED,      /* opened read-only on purpose (--read-only, "Open read-only…") */
  KP_STORE_READ_ONLY_MEDIUM,     /* the disk or USB stick is mounted read-only */
  KP_STORE_READ_ONLY_PERMISSION, /* no permission to write the file or its folder */
} KpStoreAccess;

typedef enum
{
  KP_STORE_OPEN_DEFAULT = 0,        /* to work on; read-only by itself when it cannot be written */
  KP_STORE_OPEN_READ_ONLY = 1 << 0, /* read-only on purpose: nothing is written to the file or its folder */
} KpStoreOpenFlags;

typedef struct _KpStore KpStore;

typedef struct
{
  char *id;
  guint round;
  guint seats;
  guint n_candidates;
  KpEntryMode mode;
  KpElectionState state;
  gint64 issued;    /* ballots issued, -1 until recorded */
  gint64 collected; /* ballots collected, counted by hand; -1 until recorded */
  guint entered[3]; /* live ballots per pass A, B, C */
} KpRoundInfo;

/* One serial on which the passes disagree (or that a pass lacks). */
typedef struct
{
  guint serial;
  KpBallot *pass[3];   /* NULL when the pass lacks the serial */
  gboolean resolved;
  KpBallot *resolution; /* the committee's value; NULL with resolved = absent */
  char *reason;
  char *operator;
} KpDisagreement;

/* A page of a scanned ballot: which page of which scanner file. */
typedef struct
{
  const char *sha256;  /* of the whole file, lowercase hex */
  guint page;          /* 0-based page in the file */
  const char *type;    /* its MIME type */
  const char *name;    /* its name when it was scanned */
  GBytes *bytes;       /* the file, or NULL when already kept */
} KpScanPageRef;

/* A scanned ballot and what is left to decide on it. */
typedef struct
{
  char pass;
  guint serial;
  GArray *rows;        /* guint: the doubtful rows */
  gboolean unplaced;   /* ink outside the rows: the whole ballot (R-INVALID-4) */
  gboolean decided;
  char **pages;        /* "<sha256>:<page>" per page of the ballot */
  KpBallot *ballot;    /* as it stands: as read (doubtful rows kept or unmarked), or as decided */
} KpScanPending;

typedef struct
{
  char *election;
  guint round;
  char *result;        /* the canonical result JSON that was signed */
  char *digest;        /* hex SHA-256 of @result */
  GBytes *signature;   /* Ed25519, 64 bytes */
  char *fingerprint;   /* of the public key */
  char *journal_head;  /* the journal's last hash before the confirmation */
  char *announced_at;  /* ISO 8601 */
  GHashTable *explanations; /* check → the committee's explanation */
  char *operator;
} KpConfirmation;

GQuark       kp_store_error_quark     (void);

KpStore     *kp_store_create          (const char      *path,
                                       const char      *definition,
                                       gsize            length,
                                       const char      *definition_name,
                                       const char      *operator,
                                       GError         **error);
KpStore     *kp_store_open_snapshot   (GBytes          *snapshot,
                                       const char      *name,
                                       GError         **error);
KpStore     *kp_store_open            (const char      *path,
                                       GError         **error);
KpStore     *kp_store_open_full       (const char      *path,
                                       KpStoreOpenFlags flags,
                                       GError         **error);
KpStoreAccess kp_store_get_access     (KpStore         *store);
gboolean     kp_store_is_read_only    (KpStore         *store);
const char  *kp_store_access_describe (KpStoreAccess    access);
char        *kp_store_read_only_reason (KpStore        *store);
gboolean     kp_store_check_writable  (KpStore         *store,
                                       GError         **error);
gboolean     kp_store_is_upgraded_in_memory (KpStore   *store);
void         kp_store_close           (KpStore         *store);
const char  *kp_store_get_path        (KpStore         *store);
KpCongress  *kp_store_get_congress    (KpStore         *store);

GPtrArray   *kp_store_list_rounds     (KpStore         *store,
                                       GError         **error);
guint        kp_store_latest_round    (KpStore         *store,
                                       const char      *election_id,
                                       GError         **error);
KpElection  *kp_store_get_election    (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       GError         **error);
KpRoundInfo *kp_store_get_round_info  (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       GError         **error);

gboolean     kp_store_set_mode        (KpStore         *store,
                                       const char      *election_id,
                                       KpEntryMode      mode,
                                       const char      *passphrase,
                                       const char      *operator,
                                       GError         **error);
gboolean     kp_store_set_issued      (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       guint            issued,
                                       const char      *operator,
                                       GError         **error);
gboolean     kp_store_set_collected   (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       guint            collected,
                                       const char      *operator,
                                       GError         **error);
gboolean     kp_store_order_alternates (KpStore        *store,
                                       const char      *election_id,
                                       guint            round,
                                       const GArray    *tied_order,
                                       const char      *reason,
                                       const char      *passphrase,
                                       const char      *operator,
                                       GError         **error);
GArray      *kp_store_get_alternate_order (KpStore      *store,
                                       const char      *election_id,
                                       guint            round,
                                       const KpResult  *result,
                                       char           **reason,
                                       GError         **error);
gboolean     kp_store_set_paused      (KpStore         *store,
                                       const char      *election_id,
                                       gboolean         paused,
                                       const char      *reason,
                                       const char      *operator,
                                       GError         **error);

gboolean     kp_store_set_rehearsal   (KpStore         *store,
                                       gboolean         on,
                                       const char      *operator,
                                       GError         **error);
gboolean     kp_store_is_rehearsal    (KpStore         *store);
gboolean     kp_store_check_not_rehearsal (KpStore      *store,
                                           GError      **error);
char        *kp_store_get_rehearsal_source (KpStore    *store);
KpStore     *kp_store_create_rehearsal (KpStore        *store,
                                       const char      *path,
                                       const char      *operator,
                                       GError         **error);

gboolean     kp_store_begin_bulk      (KpStore         *store,
                                       GError         **error);
gboolean     kp_store_commit_bulk     (KpStore         *store,
                                       GError         **error);
void         kp_store_rollback_bulk   (KpStore         *store);
gboolean     kp_store_enter           (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       const char      *operator,
                                       const KpBallot  *ballot,
                                       GError         **error);
KpBallot    *kp_store_get_ballot      (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       guint            serial,
                                       GError         **error);
GHashTable  *kp_store_get_pass        (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       GError         **error);
guint        kp_store_next_serial     (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       GError         **error);
gboolean     kp_store_void            (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       guint            serial,
                                       const char      *reason,
                                       const char      *operator,
                                       GError         **error);

gboolean     kp_store_enter_scanned   (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       const char      *operator,
                                       const KpBallot  *ballot,
                                       const KpScanPageRef *pages,
                                       guint            n_pages,
                                       const char      *doubtful,
                                       gboolean         unplaced,
                                       GError         **error);
guint        kp_store_find_scanned    (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       const char      *sha256,
                                       guint            page,
                                       char            *pass);
GPtrArray   *kp_store_scans_pending   (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       GError         **error);
KpScanPending *kp_store_get_scan      (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       guint            serial,
                                       GError         **error);
gboolean     kp_store_adjudicate      (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       char             pass,
                                       guint            serial,
                                       const char *const *shown,
                                       const KpBallot  *decided,
                                       const char      *reason,
                                       const char      *operator,
                                       GError         **error);
GBytes      *kp_store_get_image       (KpStore         *store,
                                       const char      *sha256,
                                       char           **type,
                                       char           **name,
                                       GError         **error);
void         kp_scan_pending_free     (KpScanPending   *pending);

GPtrArray   *kp_store_reconcile       (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       GPtrArray      **agreed,
                                       GError         **error);
gboolean     kp_store_resolve         (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       guint            serial,
                                       char             take,
                                       const KpBallot  *value,
                                       const char      *reason,
                                       const char      *passphrase,
                                       const char      *operator,
                                       GError         **error);

KpResult    *kp_store_results         (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       GPtrArray      **checks,
                                       GError         **error);

gboolean     kp_store_next_round      (KpStore         *store,
                                       const char      *election_id,
                                       const guint     *drop,
                                       guint            n_drop,
                                       const char     **add,
                                       gboolean         replace,
                                       const char      *operator,
                                       guint           *new_round,
                                       GError         **error);

GPtrArray   *kp_store_get_journal     (KpStore         *store,
                                       GError         **error);
gboolean     kp_store_check_fingerprint (KpStore       *store,
                                       const char      *expected,
                                       GError         **error);
gboolean     kp_store_verify          (KpStore         *store,
                                       GString         *report,
                                       GError         **error);

gboolean     kp_store_check_may_create_key (KpStore  *store,
                                            GError  **error);
gboolean     kp_store_init_keys       (KpStore         *store,
                                       const char      *passphrase,
                                       const char      *operator,
                                       char           **fingerprint,
                                       GError         **error);
char        *kp_store_get_public_key  (KpStore         *store);
char        *kp_store_get_fingerprint (KpStore         *store);
char        *kp_store_key_weakness    (KpStore         *store);
gboolean     kp_store_confirm         (KpStore         *store,
                                       const char      *election_id,
                                       guint            round,
                                       const char      *passphrase,
                                       GHashTable      *explanations,
                                       const char      *network_override,
                                       const char      *operator,
                                       GError         **error);
KpConfirmation *kp_store_get_confirmation (KpStore     *store,
                                       const char      *election_id,
                                       guint            round,
                                       GError         **error);
void         kp_confirmation_free     (KpConfirmation  *confirmation);

GBytes      *kp_store_snapshot        (KpStore         *store,
                                       GError         **error);
gboolean     kp_store_set_wal         (const char      *path,
                                       GError         **error);

/* The images in the archive (kp-store-images-archive.c, docs/formats.md): each
 * scanner file its own entry, the congress file without their bytes. */
typedef struct
{
  char *sha256;
  char *entry;   /* anh/<sha256>.<ext> */
  guint64 size;
} KpArchivedImage;

typedef struct _KpImageStream KpImageStream;
typedef struct _KpImageSink KpImageSink;
/* Puts back the bytes of @entry (@size of them) through kp_image_sink_write (). */
typedef gboolean (*KpImageFillFunc) (gpointer     user_data,
                                     const char  *entry,
                                     guint64      size,
                                     KpImageSink *sink,
                                     GError     **error);

void         kp_archived_image_free   (KpArchivedImage *image);
GBytes      *kp_store_snapshot_without_images (KpStore   *store,
                                       GPtrArray      **images,
                                       GError         **error);
GPtrArray   *kp_store_archived_images (KpStore         *store,
                                       GError         **error);
KpImageStream *kp_store_image_stream_open (KpStore     *store,
                                       const char      *sha256,
                                       GError         **error);
gssize       kp_image_stream_read     (KpImageStream   *stream,
                                       void            *buffer,
                                       gsize            size,
                                       GError         **error);
void         kp_image_stream_free     (KpImageStream   *stream);
gboolean     kp_image_sink_write      (KpImageSink     *sink,
                                       const void      *buffer,
                                       gsize            size,
                                       GError         **error);
gboolean     kp_store_fill_images     (const char      *path,
                                       KpImageFillFunc  fill,
                                       gpointer         user_data,
                                       GError         **error);
gboolean     kp_store_verify_archived (KpStore         *store,
                                       GHashTable      *held,
                                       GString         *report,
                                       GError         **error);

const char  *kp_entry_mode_to_string  (KpEntryMode      mode);
const char  *kp_entry_mode_words      (KpEntryMode      mode);
gboolean     kp_entry_mode_from_string (const char     *str,
                                       KpEntryMode     *mode);
void         kp_round_info_free       (KpRoundInfo     *info);
void         kp_disagreement_free     (KpDisagreement  *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpStore, kp_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpRoundInfo, kp_round_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpArchivedImage, kp_archived_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpImageStream, kp_image_stream_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpConfirmation, kp_confirmation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpScanPending, kp_scan_pending_free)

G_END_DECLS
