/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-private.h — what the kiemphieu-cli subcommands share: exit codes,
 * option parsing and errors (kiemphieu-cli.c), the options and helpers of the
 * commands on a congress file (kp-cli-congress.c), and one entry point per
 * command (kp-cli-congress.c, kp-cli-entry.c, kp-cli-reconcile.c,
 * kp-cli-documents.c, kp-cli-trust.c, kp-cli-stations.c).
 */
#pragma once

#include <glib.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "kp-file.h"
#include "kp-store.h"

G_BEGIN_DECLS

enum
{
  KP_EXIT_OK = 0,
  KP_EXIT_USAGE = 1,
  KP_EXIT_BAD_INPUT = 2,
  KP_EXIT_VERIFY_FAILED = 3,
};

/* --read-only (kiemphieu-cli.c): given before the command or to a command
 * on a congress file; _kp_cli_offer_read_only says the command takes it,
 * _kp_cli_changes_congress that it changes the file. */
extern gboolean _kp_cli_read_only;
extern gboolean _kp_cli_offer_read_only;
extern gboolean _kp_cli_changes_congress;

int      _kp_cli_usage_error   (GOptionContext  *context,
                                const char      *message);
int      _kp_cli_fail          (const GError    *error);
gboolean _kp_cli_parse_options (GOptionContext  *context,
                                int             *argc,
                                char          ***argv,
                                int             *status);
gboolean _kp_cli_parse_number  (GOptionContext  *context,
                                const char      *option,
                                const char      *text,
                                guint            min,
                                guint            max,
                                int             *value,
                                int             *status);

/* Options most commands share. */
typedef struct
{
  char *election;
  char *round_text; /* --round as typed; read into round by _kp_cli_open_store */
  int round;        /* 0: the latest */
  char *operator;
} KpCliCommon;

void        _kp_cli_common_clear        (KpCliCommon     *c);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpCliCommon, _kp_cli_common_clear)

/* kp-cli-congress.c: what the commands on a congress file share. */
void        _kp_cli_add_common          (GOptionContext  *context,
                                         KpCliCommon     *c,
                                         gboolean         with_operator);
const char *_kp_cli_operator_or_default (KpCliCommon     *c);
const char *_kp_cli_form_words          (KpBallotForm     form);
char       *_kp_cli_names_words         (guint            n);
char       *_kp_cli_seats_words         (guint            n);
KpStore    *_kp_cli_open_path           (const char      *path,
                                         GError         **error);
KpStore    *_kp_cli_open_store          (GOptionContext  *context,
                                         int              argc,
                                         char           **argv,
                                         KpCliCommon     *c,
                                         gboolean         needs_election,
                                         int             *status);
gboolean    _kp_cli_parse_pass          (const char      *text,
                                         char            *pass);
char       *_kp_cli_read_secret         (const char      *file,
                                         const char      *prompt,
                                         gboolean         twice,
                                         GError         **error);

/* kp-cli-congress.c */
int      _kp_cli_new           (int argc, char **argv);
int      _kp_cli_show          (int argc, char **argv);

/* kp-cli-entry.c */
int      _kp_cli_enter         (int argc, char **argv);
int      _kp_cli_void          (int argc, char **argv);
int      _kp_cli_mode          (int argc, char **argv);
int      _kp_cli_issued        (int argc, char **argv);
int      _kp_cli_collected     (int argc, char **argv);
int      _kp_cli_pause         (int argc, char **argv);
int      _kp_cli_resume        (int argc, char **argv);
int      _kp_cli_rehearsal     (int argc, char **argv);

/* kp-cli-scan.c */
int      _kp_cli_scan          (int argc, char **argv);
int      _kp_cli_scanners      (int argc, char **argv);
int      _kp_cli_adjudicate    (int argc, char **argv);

/* kp-cli-reconcile.c */
int      _kp_cli_reconcile     (int argc, char **argv);
int      _kp_cli_resolve       (int argc, char **argv);
int      _kp_cli_alternates    (int argc, char **argv);
int      _kp_cli_results       (int argc, char **argv);
int      _kp_cli_next_round    (int argc, char **argv);

/* kp-cli-documents.c */
int      _kp_cli_journal       (int argc, char **argv);
int      _kp_cli_minutes       (int argc, char **argv);
int      _kp_cli_ballots       (int argc, char **argv);
int      _kp_cli_summary       (int argc, char **argv);

/* kp-cli-trust.c */
int      _kp_cli_keys          (int argc, char **argv);
int      _kp_cli_confirm       (int argc, char **argv);
int      _kp_cli_export        (int argc, char **argv);
void     _kp_cli_anchor_note    (const char *expected,
                                 const char *fingerprint);
int      _kp_cli_verify        (int argc, char **argv);
int      _kp_cli_archive       (int argc, char **argv);
int      _kp_cli_archive_check (int argc, char **argv);
int      _kp_cli_restore       (int argc, char **argv);

/* kp-cli-stations.c */
int      _kp_cli_station_package (int argc, char **argv);
int      _kp_cli_station_adopt (int argc, char **argv);
int      _kp_cli_enroll        (int argc, char **argv);
int      _kp_cli_import        (int argc, char **argv);
int      _kp_cli_stations      (int argc, char **argv);
int      _kp_cli_station_open  (int argc, char **argv);
int      _kp_cli_batch         (int argc, char **argv);
void     _kp_cli_print_duplicates (KpStore    *store,
                                   const char *path,
                                   const char *election,
                                   guint       round);

G_END_DECLS
