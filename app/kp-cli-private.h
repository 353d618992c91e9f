/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-private.h — what the kiemphieu-cli subcommands share: exit codes,
 * option parsing and errors (kiemphieu-cli.c), the options and helpers of the
 * commands on a congress file (kp-cli-congress.c), and one entry point per
 * command (kp-cli-congress.c, kp-cli-entry.c, kp-cli-reconcile.c,
 * kp-cli-documents.c, kp-cli-trust.c).
 */
#pragma once

#include <glib.h>

#include "kp-store.h"

G_BEGIN_DECLS

enum
{
  KP_EXIT_OK = 0,
  KP_EXIT_USAGE = 1,
  KP_EXIT_BAD_INPUT = 2,
  KP_EXIT_VERIFY_FAILED = 3,
};

int      _kp_cli_usage_error   (GOptionContext  *context,
                                const char      *message);
int      _kp_cli_fail          (const GError    *error);
gboolean _kp_cli_parse_options (GOptionContext  *context,
                                int             *argc,
                                char          ***argv,
                                int             *status);

/* Options most commands share. */
typedef struct
{
  char *election;
  int round;
  char *operator;
} KpCliCommon;

void        _kp_cli_common_clear        (KpCliCommon     *c);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KpCliCommon, _kp_cli_common_clear)

/* kp-cli-congress.c: what the commands on a congress file share. */
void        _kp_cli_add_common          (GOptionContext  *context,
                                         KpCliCommon     *c,
                                         gboolean         with_operator);
const char *_kp_cli_operator_or_default (KpCliCommon     *c);
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

G_END_DECLS
