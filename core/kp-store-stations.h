/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-stations.h — counting on several air-gapped laptops (issue 14,
 * docs/formats.md). On the head's machine: station packages, enrolling a
 * station's key by its fingerprint, importing its signed batches, the list
 * of stations. On a station laptop: the station file made from a package,
 * which enters only its share, and its batches written to a USB stick.
 */
#pragma once

#include "kp-store.h"

G_BEGIN_DECLS

/* What the head's machine asks of one station. */
typedef struct
{
  const char *id;       /* a–z A–Z 0–9 - _, at most 32 characters */
  const char *name;     /* "Tổ 1" */
  const char *election;
  guint round;          /* 0: the latest */
  char pass;            /* 'A', 'B' or 'C' */
  guint serial_from;    /* 0 and 0: the whole pass */
  guint serial_to;
} KpStationPlan;

/* One station, as the head file sees it or as a station file sees itself. */
typedef struct
{
  char *id;
  char *name;
  char *election;
  guint round;
  char pass;
  guint serial_from;            /* 0 and 0: the whole pass */
  guint serial_to;
  char *congress;               /* the congress identity its package names */
  char *fingerprint;            /* the station key's; NULL on the head until enrolled */
  char *congress_fingerprint;   /* station file: the key that signed its package */
  gboolean adopted;             /* head: the package came from another head file */
  gboolean rehearsal;           /* its package was made in a rehearsal (THỬ NGHIỆM) */
  guint batches;                /* head: imported; station: written */
  char *last_made_at;           /* when the last batch was made */
  char *last_imported_at;       /* head: when the last batch was imported */
  guint ballots;                /* live ballots: delivered (head) or entered (station) */
  guint voided;                 /* head: its ballots voided */
  guint duplicates;             /* head: its serials waiting for the head's ruling */
  guint missing_to;             /* head: a batch up to this number was presented beyond a gap; 0: none */
  guint not_in_batch;           /* station: entries not yet in a batch */
} KpStation;

/* A serial of a pass that two stations (or a station and this machine)
 * both entered: kept aside, never written over; the head settles it. */
typedef struct
{
  char pass;
  guint serial;
  char *station;       /* whose ballot was kept aside */
  KpBallot *ballot;
  char *live_station;  /* whose ballot is in the pass; NULL: entered on this machine */
  KpBallot *live;
  gboolean settled;    /* a ruling on the serial decides it */
} KpStationDuplicate;

typedef struct
{
  char *station;
  guint number;
  gboolean already;    /* imported before: nothing changed */
  guint entered;       /* ballots the batch brought */
  guint voided;
  guint duplicates;    /* of them, serials another station holds: kept aside */
} KpImportOutcome;

/* The head's machine. */
gboolean    kp_store_make_station_package (KpStore             *store,
                                           const KpStationPlan *plan,
                                           const char          *path,
                                           const char          *passphrase,
                                           const char          *operator,
                                           char               **warning,
                                           GError             **error);
gboolean    kp_store_adopt_station_package (KpStore            *store,
                                           const char          *data,
                                           gsize                length,
                                           const char          *name,
                                           const char          *key_sheet_fingerprint,
                                           const char          *passphrase,
                                           const char          *operator,
                                           gboolean            *already,
                                           GError             **error);
gboolean    kp_store_enroll_station      (KpStore             *store,
                                           const char          *station,
                                           const char          *fingerprint,
                                           const char          *passphrase,
                                           const char          *operator,
                                           gboolean            *already,
                                           GError             **error);
gboolean    kp_store_import_batch        (KpStore             *store,
                                           const char          *data,
                                           gsize                length,
                                           const char          *name,
                                           const char          *operator,
                                           KpImportOutcome     *outcome,
                                           GError             **error);
GPtrArray  *kp_store_list_stations       (KpStore             *store,
                                           GError             **error);
GPtrArray  *kp_store_list_duplicates     (KpStore             *store,
                                           const char          *election_id,
                                           guint                round,
                                           GError             **error);

/* A station laptop. */
KpStore    *kp_store_open_station        (const char          *package,
                                           gsize                length,
                                           const char          *package_name,
                                           const char          *path,
                                           const char          *key_sheet_fingerprint,
                                           const char          *passphrase,
                                           const char          *operator,
                                           GError             **error);
gboolean    kp_store_is_station          (KpStore             *store);
gboolean    kp_store_check_not_station   (KpStore             *store,
                                           GError             **error);
KpStation  *kp_store_get_station         (KpStore             *store,
                                           GError             **error);
gboolean    kp_store_write_batches       (KpStore             *store,
                                           const char          *dir,
                                           guint                number,
                                           const char          *passphrase,
                                           const char          *operator,
                                           GPtrArray          **written,
                                           GError             **error);

void        kp_station_free              (KpStation           *station);
void        kp_station_duplicate_free    (KpStationDuplicate  *duplicate);
void        kp_import_outcome_clear      (KpImportOutcome     *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpStation, kp_station_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpImportOutcome, kp_import_outcome_clear)

G_END_DECLS
