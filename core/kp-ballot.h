/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-ballot.h — one paper ballot as entered, and its validity.
 *
 * A strike-form ballot holds the set of struck names (R-FORM-1); an
 * agree/disagree ballot holds one mark per name (R-FORM-2). The committee may
 * flag a ballot invalid by eye with a reason (R-INVALID-1, -4, -5); the
 * reasons that follow from the marks are computed here (R-INVALID-2, -3,
 * R-YESNO-2) and are never typed. Pure code, no I/O.
 */
#pragma once

#include <glib.h>

#include "kp-election.h"

G_BEGIN_DECLS

typedef enum
{
  KP_INVALID_NONE = 0,
  /* Computed from the marks. */
  KP_INVALID_OVER_VOTE,       /* R-INVALID-2: more names kept than seats */
  KP_INVALID_NONE_KEPT,       /* R-INVALID-3: every name struck */
  KP_INVALID_YESNO_SINGLE,    /* R-YESNO-2: single name, both boxes or neither */
  /* Flagged by the counting committee, by eye. */
  KP_INVALID_NOT_ISSUED,      /* R-INVALID-1 */
  KP_INVALID_ADDED_NAME,      /* R-INVALID-4 */
  KP_INVALID_IDENTIFYING_MARK, /* R-INVALID-4 */
  KP_INVALID_OTHER,           /* R-INVALID-5: with the committee's text */
  KP_INVALID_N_REASONS,
} KpInvalidReason;

typedef enum
{
  KP_MARK_YES = 'Y',     /* Đồng ý alone */
  KP_MARK_NO = 'N',      /* Không đồng ý alone */
  KP_MARK_BOTH = 'B',    /* both boxes */
  KP_MARK_NEITHER = '0', /* no box */
} KpMark;

typedef struct
{
  guint serial;
  KpBallotForm form;
  guint n_candidates;
  guint64 *struck; /* strike form: bit no−1 set when name no is struck */
  char *marks;     /* agree/disagree form: one KpMark per name, NUL-terminated */
  KpInvalidReason flag; /* KP_INVALID_NONE or a flagged reason */
  char *flag_text;      /* the text of KP_INVALID_OTHER, else %NULL */
} KpBallot;

#define KP_BALLOT_WORDS(n) (((n) + 63) / 64)

KpBallot        *kp_ballot_new_strike        (guint            serial,
                                              guint            n_candidates);
KpBallot        *kp_ballot_new_yesno         (guint            serial,
                                              const char      *marks);
void             kp_ballot_free              (KpBallot        *ballot);
KpBallot        *kp_ballot_copy              (const KpBallot  *ballot);
void             kp_ballot_strike            (KpBallot        *ballot,
                                              guint            no);
gboolean         kp_ballot_is_struck         (const KpBallot  *ballot,
                                              guint            no);
guint            kp_ballot_count_kept        (const KpBallot  *ballot);
void             kp_ballot_set_flag          (KpBallot        *ballot,
                                              KpInvalidReason  reason,
                                              const char      *text);
KpInvalidReason  kp_ballot_judge             (const KpBallot  *ballot,
                                              guint            seats);
void             kp_ballot_get_votes         (const KpBallot  *ballot,
                                              guint64         *words);
gboolean         kp_ballot_equal             (const KpBallot  *a,
                                              const KpBallot  *b);

char            *kp_ballot_struck_to_string  (const KpBallot  *ballot);
char            *kp_ballot_flag_to_string    (const KpBallot  *ballot);
char            *kp_ballot_describe          (const KpBallot  *ballot);
char            *kp_ballot_describe_values   (const char      *struck,
                                              const char      *marks,
                                              const char      *flag);

gboolean         kp_invalid_reason_is_flag   (KpInvalidReason  reason);
const char      *kp_invalid_reason_words     (const char      *reason);
const char      *kp_invalid_reason_to_string (KpInvalidReason  reason);
gboolean         kp_invalid_flag_parse       (const char      *str,
                                              KpInvalidReason *reason,
                                              char           **text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpBallot, kp_ballot_free)

G_END_DECLS
