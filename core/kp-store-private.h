/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-private.h — what the files of the congress file share: the
 * connection and its statements, the transaction and journal helpers, and
 * each module's action reader (kp-store-actions.c holds the table).
 */
#pragma once

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "kp-batch.h"
#include "kp-crypto.h"
#include "kp-journal.h"
#include "kp-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Forward migrations: [v] takes a file from version v − 1 to v. */
extern const char *const _kp_store_migrations[];

/* A connection with its prepared statements, reused across calls. */
typedef struct
{
  sqlite3 *db;
  GHashTable *stmts; /* SQL text (static) → sqlite3_stmt */
} KpDb;

struct _KpStore
{
  char *path;
  KpDb db;
  KpCongress *congress; /* Owned: parsed from the stored definition */
  gboolean in_bulk;
  KpStoreAccess access;
  char *uri;            /* Owned: a read-only URI of the same database (verify attaches it): the file's, or a snapshot's memdb URI */
  gboolean in_memory;   /* a format-1 file opened read-only: upgraded in memory, not on disk */
  GHashTable *images_held; /* Not owned: while kp_store_verify_archived () runs, the images the archive holds
                            * beside this snapshot, each checked against its SHA-256 (sha256 → entry) */
};

typedef struct
{
  const char *election;
  gint64 round;
  const char *pass;
  gint64 serial;
  const char *struck;
  const char *marks;
  const char *invalid;
} KpEnterValues;

/* An action's reader: its journal content (@c) into table rows. */
typedef gboolean (*KpApplyFunc) (KpDb  *db,
                  const char           *path,
                  const KpJournalEntry *entry,
                  JsonObject           *c,
                  GError              **error);

static inline const char *
_kp_content_string (JsonObject *c,
                    const char *key)
{
  return json_object_get_string_member_with_default (c, key, "");
}

static inline gint64
_kp_content_int (JsonObject *c,
                 const char *key)
{
  return json_object_get_int_member_with_default (c, key, 0);
}

/* kp-store.c */
gboolean _kp_store_sqlite_error (sqlite3    *db,
                                 int         rc,
                                 const char *path,
                                 const char *doing,
                                 GError    **error);
G_GNUC_PRINTF (3, 4)
gboolean _kp_store_invalid (GError     **error,
                            KpStoreError code,
                            const char  *format,
                            ...);
void _kp_db_init (KpDb    *db,
                  sqlite3 *handle);
void _kp_db_clear (KpDb *db);
sqlite3_stmt *_kp_db_prepare (KpDb          *db,
                              const char  *path,
                              const char  *sql,
                              GError     **error);
gboolean _kp_db_exec (sqlite3    *db,
                      const char *path,
                      const char *sql,
                      const char *doing,
                      GError    **error);
gboolean _kp_db_step_done (KpDb         *db,
                           const char   *path,
                           sqlite3_stmt *stmt,
                           const char   *doing,
                           GError      **error);
const char *_kp_db_text (sqlite3_stmt *stmt,
                         int           col);
JsonObject *_kp_json_parse_object (const char  *text,
                                   JsonParser **parser_out);
void _kp_json_key (GString    *out,
                   const char *key);
void _kp_json_string_member (GString    *out,
                             const char *key,
                             const char *value);
void _kp_json_int_member (GString    *out,
                          const char *key,
                          gint64      value);
char *_kp_candidates_to_json (GPtrArray *candidates);
GPtrArray *_kp_candidates_from_json (const char *text);
gboolean _kp_store_begin (KpStore *store,
                          GError **error);
gboolean _kp_store_finish (KpStore *store,
                           gboolean ok,
                           GError **error);
gboolean _kp_store_record_full (KpStore             *store,
                                const char          *operator,
                                const char          *action,
                                const char          *content,
                                const KpEnterValues *enter,
                                KpKey               *head,
                                GError             **error);
gboolean _kp_store_record (KpStore    *store,
                           const char *operator,
                           const char *action,
                           const char *content,
                           GError    **error);
gboolean _kp_store_simple_action (KpStore    *store,
                                  const char *operator,
                                  const char *action,
                                  GString    *content,
                                  GError    **error);
gboolean _kp_store_check_operator (const char *operator,
                                   GError    **error);
gboolean _kp_store_check_unlocked (KpStore    *store,
                                   const char *election_id,
                                   guint       round,
                                   GError    **error);
gboolean _kp_store_apply_create (KpDb                 *db,
                                 const char           *path,
                                 const KpJournalEntry *entry,
                                 JsonObject           *content,
                                 GError              **error);
void _kp_store_remove_files (const char *path);

/* "KPKP": PRAGMA application_id of a congress file. */
#define KP_APPLICATION_ID 0x4B504B50

/* Shared by creating (kp-store.c) and opening (kp-store-open.c). */
void     _kp_store_set_rollback_journal (unsigned char *data,
                                         gsize          size);
gint64   _kp_store_pragma_int     (sqlite3    *db,
                                   const char *sql,
                                   int        *rc);
char    *_kp_store_pragma_text    (sqlite3    *db,
                                   const char *sql,
                                   int        *rc);
char    *_kp_store_file_uri       (const char *path,
                                   const char *query);
gboolean _kp_store_configure      (sqlite3    *db,
                                   const char *path,
                                   GError    **error);
gboolean _kp_store_load_congress  (KpStore    *store,
                                   GError    **error);
KpElectionState _kp_store_state_from_text (const char *text);
gboolean _kp_store_check_open (KpStore    *store,
                               const char *election_id,
                               guint       round,
                               GError    **error);
gboolean _kp_store_head_action (KpStore    *store,
                                const char *operator,
                                const char *action,
                                GString    *content,
                                KpKey      *head,
                                GError    **error);
gboolean _kp_store_record_signed (KpStore    *store,
                                  const char *operator,
                                  const char *action,
                                  const char *content,
                                  KpKey      *head,
                                  GError    **error);
/* kp-store-head.c */
char *_kp_store_head_sign (KpKey       *head,
                           const char  *prev,
                           const char  *action,
                           const char  *content,
                           GError     **error);
gboolean _kp_store_head_signature_holds (const char            *public_pem,
                                         const KpJournalEntry  *entry,
                                         GError               **error);
/* kp-store-actions.c */
gboolean _kp_store_apply (KpDb                 *db,
                          const char           *path,
                          const KpJournalEntry *entry,
                          GError              **error);
/* kp-store-rehearsal.c */
gboolean _kp_store_apply_rehearsal (KpDb                 *db,
                                    const char           *path,
                                    const KpJournalEntry *entry,
                                    JsonObject           *c,
                                    GError              **error);
/* kp-store-ballots.c */
gboolean _kp_store_apply_enter_values (KpDb                *db,
                                       const char          *path,
                                       gint64               seq,
                                       const char          *operator,
                                       const KpEnterValues *v,
                                       GError             **error);
gboolean _kp_store_apply_enter (KpDb                 *db,
                                const char           *path,
                                const KpJournalEntry *entry,
                                JsonObject           *c,
                                GError              **error);
gboolean _kp_store_apply_void (KpDb                 *db,
                               const char           *path,
                               const KpJournalEntry *entry,
                               JsonObject           *c,
                               GError              **error);
gboolean _kp_store_enter_locked (KpStore        *store,
                                 const char     *election_id,
                                 guint           round,
                                 char            pass,
                                 const char     *operator,
                                 const KpBallot *ballot,
                                 const char     *scan,
                                 GError        **error);
KpBallot *_kp_store_ballot_from_row (const char       *path,
                                     const KpElection *election,
                                     const char       *where,
                                     guint             serial,
                                     const char       *struck,
                                     const char       *marks,
                                     const char       *flag_text,
                                     GError          **error);
GHashTable *_kp_store_load_pass (KpStore          *store,
                                 const KpElection *election,
                                 char              pass,
                                 GError          **error);
/* kp-store-reconcile.c */
gboolean _kp_store_supersede_ruling (KpDb                 *db,
                                     const char           *path,
                                     const KpJournalEntry *entry,
                                     JsonObject           *c,
                                     GError              **error);
gboolean _kp_store_apply_resolve (KpDb                 *db,
                                  const char           *path,
                                  const KpJournalEntry *entry,
                                  JsonObject           *c,
                                  GError              **error);
/* kp-store-auth.c */
KpKey *_kp_store_unlock_head (KpStore     *store,
                              const char  *passphrase,
                              const char  *action,
                              const char  *what,
                              const char  *operator,
                              GError     **error);
gboolean _kp_store_apply_unlock (KpDb                 *db,
                                 const char           *path,
                                 const KpJournalEntry *entry,
                                 JsonObject           *c,
                                 GError              **error);
gboolean _kp_store_apply_unlocked (KpDb                 *db,
                                   const char           *path,
                                   const KpJournalEntry *entry,
                                   JsonObject           *c,
                                   GError              **error);
/* The rate limit's clocks (kp-store-auth.c), replaceable by the tests. */
typedef struct
{
  gint64 wall;   /* the date, seconds since 1970 */
  char boot[40]; /* /proc/sys/kernel/random/boot_id, or "" */
  gint64 uptime; /* CLOCK_BOOTTIME, seconds */
} KpAuthClock;
typedef void (*KpAuthNowFunc) (KpAuthClock *now);
typedef void (*KpAuthSleepFunc) (guint seconds);
void _kp_store_auth_set_clock (KpAuthNowFunc   now,
                               KpAuthSleepFunc sleep);
char *_kp_store_meta_value (KpStore    *store,
                            const char *key);
/* kp-store-rounds.c */
gboolean _kp_store_apply_edit_round (KpDb                 *db,
                                     const char           *path,
                                     const KpJournalEntry *entry,
                                     JsonObject           *c,
                                     GError              **error);
gboolean _kp_store_apply_next_round (KpDb                 *db,
                                     const char           *path,
                                     const KpJournalEntry *entry,
                                     JsonObject           *c,
                                     GError              **error);
/* kp-store-alternates.c */
gboolean _kp_store_apply_alternates (KpDb                 *db,
                                     const char           *path,
                                     const KpJournalEntry *entry,
                                     JsonObject           *c,
                                     GError              **error);
/* kp-store-confirm.c */
gboolean _kp_store_apply_keys (KpDb                 *db,
                               const char           *path,
                               const KpJournalEntry *entry,
                               JsonObject           *c,
                               GError              **error);
gboolean _kp_store_apply_confirm (KpDb                 *db,
                                  const char           *path,
                                  const KpJournalEntry *entry,
                                  JsonObject           *c,
                                  GError              **error);
/* kp-store-images.c */
gboolean _kp_store_apply_scan (KpDb                 *db,
                               const char           *path,
                               const KpJournalEntry *entry,
                               JsonObject           *c,
                               GError              **error);
gboolean _kp_store_apply_adjudicate (KpDb                 *db,
                                     const char           *path,
                                     const KpJournalEntry *entry,
                                     JsonObject           *c,
                                     GError              **error);
guint _kp_store_scans_undecided (KpStore    *store,
                                 const char *election_id,
                                 guint       round,
                                 GError    **error);
gboolean _kp_store_verify_images (KpStore *store,
                                  GString *report);
/* kp-store-projector.c */
gboolean _kp_store_apply_projector (KpDb                 *db,
                                    const char           *path,
                                    const KpJournalEntry *entry,
                                    JsonObject           *c,
                                    GError              **error);
/* kp-store-stations.c: the head's side of stations (issue 14); one row
 * of `stations` */
typedef struct
{
  char *id;
  char *name;
  char *election;
  gint64 round;
  char pass;
  gint64 from;
  gint64 to;
  char *congress;
  char *package;
  char *fingerprint;
  gboolean rehearsal;   /* its package was made in a rehearsal */
} KpStationRow;

void _kp_station_row_clear (KpStationRow *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpStationRow, _kp_station_row_clear)
gboolean _kp_store_read_station (KpDb          *db,
                                 const char    *path,
                                 const char    *id,
                                 KpStationRow  *r,
                                 gboolean      *found,
                                 GError       **error);
void _kp_store_take_batch_error (GError **error,
                                 GError  *local);
gboolean _kp_store_apply_station (KpDb                 *db,
                                  const char           *path,
                                  const KpJournalEntry *entry,
                                  JsonObject           *c,
                                  GError              **error);
gboolean _kp_store_apply_enroll (KpDb                 *db,
                                 const char           *path,
                                 const KpJournalEntry *entry,
                                 JsonObject           *c,
                                 GError              **error);
gboolean _kp_store_db_is_rehearsal (KpDb       *db,
                                    const char *path);
gboolean _kp_store_check_batch_kind (KpDb               *db,
                                     const char         *path,
                                     const KpBatch      *b,
                                     const char         *name,
                                     const KpStationRow *r,
                                     gboolean            found,
                                     GError            **error);
gboolean _kp_store_apply_import (KpDb                 *db,
                                 const char           *path,
                                 const KpJournalEntry *entry,
                                 JsonObject           *c,
                                 GError              **error);
char *_kp_store_definition_sha256 (KpDb       *db,
                                   const char *path);
char *_kp_store_round_list_sha256 (KpDb       *db,
                                   const char *path,
                                   const char *election,
                                   gint64      round,
                                   char      **state,
                                   gint64     *mode,
                                   GError    **error);
GHashTable *_kp_store_duplicate_serials (KpStore    *store,
                                         const char *election_id,
                                         guint       round,
                                         GError    **error);
KpCheck *_kp_store_stations_check (KpStore    *store,
                                   const char *election_id,
                                   guint       round);
/* kp-store-station-file.c: a station laptop's file */
gboolean _kp_store_apply_station_open (KpDb                 *db,
                                       const char           *path,
                                       const KpJournalEntry *entry,
                                       JsonObject           *c,
                                       GError              **error);
gboolean _kp_store_apply_batch (KpDb                 *db,
                                const char           *path,
                                const KpJournalEntry *entry,
                                JsonObject           *c,
                                GError              **error);
gboolean _kp_store_station_allows (KpStore             *store,
                                   const char          *action,
                                   const char          *content,
                                   const KpEnterValues *enter,
                                   GError             **error);
guint _kp_store_station_first_serial (KpStore    *store,
                                      const char *election_id,
                                      guint       round,
                                      char        pass);
gboolean _kp_store_refuse_on_station (KpStore    *store,
                                      GError    **error);

G_END_DECLS
