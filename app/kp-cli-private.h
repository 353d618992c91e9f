/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-cli-private.h — what the kiemphieu-cli subcommands share. */
#pragma once

#include <glib.h>

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

int      _kp_cli_new           (int argc, char **argv);
int      _kp_cli_show          (int argc, char **argv);
int      _kp_cli_enter         (int argc, char **argv);
int      _kp_cli_void          (int argc, char **argv);
int      _kp_cli_mode          (int argc, char **argv);
int      _kp_cli_issued        (int argc, char **argv);
int      _kp_cli_collected     (int argc, char **argv);
int      _kp_cli_alternates    (int argc, char **argv);
int      _kp_cli_pause         (int argc, char **argv);
int      _kp_cli_resume        (int argc, char **argv);
int      _kp_cli_reconcile     (int argc, char **argv);
int      _kp_cli_resolve       (int argc, char **argv);
int      _kp_cli_results       (int argc, char **argv);
int      _kp_cli_next_round    (int argc, char **argv);
int      _kp_cli_journal       (int argc, char **argv);
int      _kp_cli_minutes       (int argc, char **argv);
int      _kp_cli_ballots       (int argc, char **argv);
int      _kp_cli_summary       (int argc, char **argv);
int      _kp_cli_rehearsal     (int argc, char **argv);
int      _kp_cli_keys          (int argc, char **argv);
int      _kp_cli_confirm       (int argc, char **argv);
int      _kp_cli_export        (int argc, char **argv);
int      _kp_cli_verify        (int argc, char **argv);
int      _kp_cli_archive       (int argc, char **argv);
int      _kp_cli_archive_check (int argc, char **argv);
int      _kp_cli_restore       (int argc, char **argv);

G_END_DECLS
