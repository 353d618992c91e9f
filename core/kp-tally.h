/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-tally.h — the counting engine for one election round.
 *
 * Ballots go in one at a time (kp_tally_add) or packed, many at once
 * (kp_tally_add_kept_many), and the result can be asked for at any moment
 * (kp_tally_get_result). A voided ballot is simply not counted again: the
 * congress file recounts a round from its live ballots, which takes about
 * 11 ms for a national election (bench-store). Pure: no I/O.
 *
 * Votes are counted with carry-save adders on bit sets (see kp-tally.c), so
 * counting costs a few instructions per 64 names and does not branch on the
 * votes.
 */
#pragma once

#include <glib.h>

#include "kp-ballot.h"
#include "kp-election.h"
#include "kp-result.h"

G_BEGIN_DECLS

typedef struct _KpTally KpTally;

KpTally         *kp_tally_new          (const KpElection *election);
void             kp_tally_free         (KpTally          *tally);
KpInvalidReason  kp_tally_add          (KpTally          *tally,
                                        const KpBallot   *ballot);
guint            kp_tally_add_kept_many (KpTally         *tally,
                                        const guint64    *kept,
                                        gsize             count);
KpResult        *kp_tally_get_result   (KpTally          *tally);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpTally, kp_tally_free)

G_END_DECLS
