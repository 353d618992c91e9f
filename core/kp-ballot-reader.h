/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-ballot-reader.h — reads the ballots CSV of one election
 * (serial,struck,marks,invalid; docs/formats.md) into KpBallots.
 *
 * Every malformed row is refused with the file, the line and the field:
 * a serial that is not a positive whole number or is used twice, a struck
 * number not on the list or struck twice, marks of the wrong length or
 * letter, a computed invalid reason typed by hand, a missing column.
 */
#pragma once

#include <glib.h>

#include "kp-ballot.h"
#include "kp-election.h"

G_BEGIN_DECLS

#define KP_BALLOT_READER_ERROR (kp_ballot_reader_error_quark ())

typedef enum
{
  KP_BALLOT_READER_ERROR_IO,
  KP_BALLOT_READER_ERROR_INVALID,
} KpBallotReaderError;

#define KP_MAX_SERIAL 2000000000u

/**
 * KpBallotFunc:
 * @line: the line the ballot is on
 * @ballot: (transfer none): the ballot, checked against the election
 *
 * Returns: %FALSE with @error set to stop reading.
 */
typedef gboolean (*KpBallotFunc) (guint            line,
                                  const KpBallot  *ballot,
                                  gpointer         user_data,
                                  GError         **error);

GQuark     kp_ballot_reader_error_quark (void);
gboolean   kp_ballots_foreach           (const char        *data,
                                         gsize              length,
                                         const char        *filename,
                                         const KpElection  *election,
                                         KpBallotFunc       func,
                                         gpointer           user_data,
                                         GError           **error);
GPtrArray *kp_ballots_read_data         (const char        *data,
                                         gsize              length,
                                         const char        *filename,
                                         const KpElection  *election,
                                         GError           **error);
GPtrArray *kp_ballots_read_file         (const char        *path,
                                         const KpElection  *election,
                                         GError           **error);
gboolean   kp_ballot_parse_struck       (KpBallot          *ballot,
                                         const char        *text,
                                         char             **message);
gboolean   kp_ballot_parse_marks        (const char        *text,
                                         guint              n_candidates,
                                         char             **marks,
                                         char             **message);

G_END_DECLS
