/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-result.h — the result of one election round, and its canonical JSON
 * ("kiemphieu/result@1", docs/formats.md), the bytes that get signed.
 */
#pragma once

#include <glib.h>

#include "kp-rules.h"

G_BEGIN_DECLS

typedef struct
{
  char *reason; /* "over-vote", …, or "other:<text>" */
  guint count;
} KpReasonCount;

typedef struct
{
  guint no;
  char *name;
  char *born;         /* "YYYY-MM-DD" or %NULL, from the list (R-LIST-2) */
  char *display_name; /* how documents and screens show the name: with the
                       * date of birth for a namesake (R-LIST-2,
                       * kp_election_get_display_names()) */
  guint votes;
  guint64 percent; /* hundredths of a per cent of the base (R-PCT-1, R-PCT-2) */
  KpStatus status;
} KpCandidateResult;

typedef struct
{
  char *election;
  guint round;
  guint seats;
  guint base;
  gint64 issued; /* -1 when not known */
  guint collected;
  guint valid;
  guint invalid;
  GPtrArray *invalid_by_reason; /* KpReasonCount, owned, canonical order */
  GPtrArray *candidates;        /* KpCandidateResult, owned, ballot order */
  GArray *elected;              /* guint ballot numbers, votes descending */
  GArray *tied;                 /* guint ballot numbers, ballot order */
  guint seats_remaining;
  /* R-ROUND-1: proposal for the next round, when seats remain. */
  GArray *next_round_candidates; /* guint ballot numbers of this round */
} KpResult;

KpResult *kp_result_new     (void);
void      kp_result_free    (KpResult       *result);
char     *kp_result_to_json (const KpResult *result);
char     *kp_result_to_text (const KpResult *result);
char     *kp_result_digest  (const KpResult *result);
char     *kp_result_digest_json (const char *json);
GPtrArray *kp_result_equal_elected (const KpResult *result);

void      kp_json_append_string (GString    *out,
                                 const char *str);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpResult, kp_result_free)

G_END_DECLS
