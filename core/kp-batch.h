/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-batch.h — the files that travel between the head's machine and the
 * station laptops on USB sticks (docs/formats.md, issue 14): the station
 * package (made and signed at the head's machine) and the batch (ballots
 * of one station since its last batch, signed by the station key).
 *
 * Both are a signed envelope: one JSON line and a line `ed25519 BASE64`,
 * the signature of the first line with its line feed, checkable with
 * `openssl pkeyutl -verify -rawin`. This module writes and reads them
 * (json-glib, kp-crypto); what they mean to a congress file is
 * kp-store-stations.c's.
 */
#pragma once

#include <glib.h>

#include "kp-crypto.h"

G_BEGIN_DECLS

#define KP_BATCH_ERROR (kp_batch_error_quark ())

typedef enum
{
  KP_BATCH_ERROR_INVALID, /* not a station package or batch at all: wrong input */
  KP_BATCH_ERROR_DAMAGED, /* cut short, changed, or not signed by the key it names */
} KpBatchError;

/* The largest package or batch read (a national round is about 1 MiB). */
#define KP_BATCH_MAX_BYTES (64u * 1024u * 1024u)
#define KP_STATION_ID_MAX 32

typedef struct
{
  char *congress;          /* hex: hash of the head file's journal entry 1 */
  gboolean rehearsal;      /* made in a rehearsal: `"rehearsal":true` (absent: a real one) */
  char *definition;        /* the definition text the head file stores */
  char *definition_sha256;
  GPtrArray *rounds;       /* (element-type KpJournalEntry): action and content only */
  char *list_sha256;       /* kp_round_list_sha256 () of the round */
  char *station;
  char *name;
  char *election;
  guint round;
  char pass;               /* 'A', 'B' or 'C' */
  guint serial_from;       /* 0 and 0: the whole pass */
  guint serial_to;
  char *made_at;
  char *public_key;        /* the congress key (PEM) */
  char *fingerprint;
  char *sha256;            /* of the whole file; set by parse and seal */
} KpStationPackage;

typedef struct
{
  char *congress;
  gboolean rehearsal;      /* from a station of a rehearsal package */
  char *definition_sha256;
  char *list_sha256;
  char *station;
  char *election;
  guint round;
  char pass;
  guint number;            /* 1, 2, … per station */
  char *prev_batch;        /* SHA-256 of batch number − 1's file; zeros for 1 */
  char *made_at;
  char *public_key;        /* the station key (PEM) */
  char *fingerprint;
  GPtrArray *journal;      /* (element-type KpJournalEntry): the station's entries */
  char *sha256;            /* of the whole file; set by parse and seal */
} KpBatch;

GQuark            kp_batch_error_quark        (void);

gboolean          kp_station_id_is_valid      (const char              *id);
char             *kp_round_list_sha256        (guint                    seats,
                                               const char              *candidates_json);
char             *kp_batch_file_name          (const char              *station,
                                               guint                    number);
gboolean          kp_batch_read_file          (const char              *path,
                                               char                   **data,
                                               gsize                   *length,
                                               GError                 **error);

KpStationPackage *kp_station_package_new      (void);
void              kp_station_package_free     (KpStationPackage        *package);
char             *kp_station_package_seal     (KpStationPackage        *package,
                                               KpKey                   *congress_key,
                                               GError                 **error);
KpStationPackage *kp_station_package_parse    (const char              *data,
                                               gsize                    length,
                                               const char              *name,
                                               GError                 **error);

KpBatch          *kp_batch_new                (void);
void              kp_batch_free               (KpBatch                 *batch);
char             *kp_batch_seal               (KpBatch                 *batch,
                                               KpKey                   *station_key,
                                               GError                 **error);
KpBatch          *kp_batch_parse              (const char              *data,
                                               gsize                    length,
                                               const char              *name,
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpStationPackage, kp_station_package_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpBatch, kp_batch_free)

G_END_DECLS
