/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-tally.c — the counting engine. */

#include <string.h>

#include "kp-rules.h"
#include "kp-tally.h"

#define N_PLANES 8
#define MAX_PENDING ((1u << N_PLANES) - 1)

struct _KpTally
{
  KpElection *election; /* Owned copy */
  KpBallotForm form;
  guint n;
  guint n_words;

  guint64 *planes; /* n_words × N_PLANES bit planes, word-major */
  guint pending;   /* ballots in the planes since the last flush */
  guint64 *totals; /* votes per candidate, without the pending planes */
  guint64 *scratch;

  gint64 issued;
  guint collected;
  guint valid;
  guint invalid[KP_INVALID_N_REASONS];
  GHashTable *other; /* text of other:<text> → GUINT_TO_POINTER (count) */
};

/**
 * kp_tally_new:
 * @election: a complete election (candidates, seats, base > 0)
 *
 * Returns: (transfer full): an empty tally. @election is copied.
 */
KpTally *
kp_tally_new (const KpElection *election)
{
  KpTally *tally;

  g_return_val_if_fail (election != NULL, NULL);
  g_return_val_if_fail (election->base > 0, NULL);
  g_return_val_if_fail (election->candidates->len >= election->seats, NULL);

  tally = g_new0 (KpTally, 1);
  tally->election = kp_election_copy (election);
  tally->form = kp_election_get_form (election);
  tally->n = election->candidates->len;
  tally->n_words = KP_BALLOT_WORDS (tally->n);
  tally->planes = g_new0 (guint64, (gsize) tally->n_words * N_PLANES);
  tally->totals = g_new0 (guint64, (gsize) tally->n_words * 64);
  tally->scratch = g_new0 (guint64, tally->n_words + 1);
  tally->issued = election->issued;
  tally->other = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return tally;
}

void
kp_tally_free (KpTally *tally)
{
  if (tally == NULL)
    return;
  kp_election_free (tally->election);
  g_free (tally->planes);
  g_free (tally->totals);
  g_free (tally->scratch);
  g_hash_table_unref (tally->other);
  g_free (tally);
}

guint
kp_tally_get_n_words (const KpTally *tally)
{
  return tally->n_words;
}

/**
 * kp_tally_set_issued:
 * @issued: ballots issued, or -1 when not known
 */
void
kp_tally_set_issued (KpTally *tally,
                     gint64   issued)
{
  tally->issued = issued;
}

static void
flush (KpTally *tally)
{
  for (guint w = 0; w < tally->n_words; w++)
    {
      guint64 *planes = tally->planes + (gsize) w * N_PLANES;

      for (guint p = 0; p < N_PLANES; p++)
        {
          guint64 bits = planes[p];

          while (bits)
            {
              guint bit = __builtin_ctzll (bits);
              tally->totals[w * 64 + bit] += G_GUINT64_CONSTANT (1) << p;
              bits &= bits - 1;
            }
          planes[p] = 0;
        }
    }
  tally->pending = 0;
}

/* R-COUNT-1: one valid ballot adds one vote to each name in @votes. Each
 * word is added into its planes with a rippling carry; the carry rarely goes
 * past the second plane. */
static inline void
accumulate (KpTally       *tally,
            const guint64 *votes)
{
  guint64 *planes = tally->planes;

  for (guint w = 0; w < tally->n_words; w++, planes += N_PLANES)
    {
      guint64 carry = votes[w];

      for (guint p = 0; carry != 0; p++)
        {
          guint64 next = planes[p] & carry;
          planes[p] ^= carry;
          carry = next;
        }
    }
  if (++tally->pending == MAX_PENDING)
    flush (tally);
}

static void
count_invalid (KpTally         *tally,
               KpInvalidReason  reason,
               const char      *text,
               int              delta)
{
  g_assert (reason != KP_INVALID_NONE);

  if (delta < 0)
    g_assert (tally->invalid[reason] > 0);
  tally->invalid[reason] += delta;

  if (reason == KP_INVALID_OTHER)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (tally->other, text));

      count += delta;
      if (count == 0)
        g_hash_table_remove (tally->other, text);
      else
        g_hash_table_insert (tally->other, g_strdup (text), GUINT_TO_POINTER (count));
    }
}

/**
 * kp_tally_add:
 * @ballot: a ballot of this election's form and size
 *
 * Judges the ballot (kp_ballot_judge: R-VALID-1, R-INVALID-*, R-YESNO-*) and
 * counts it: collected always; votes only when valid (R-COUNT-1).
 *
 * Returns: %KP_INVALID_NONE when the ballot was valid, else its reason.
 */
KpInvalidReason
kp_tally_add (KpTally        *tally,
              const KpBallot *ballot)
{
  KpInvalidReason reason;

  g_return_val_if_fail (tally != NULL, KP_INVALID_OTHER);
  g_return_val_if_fail (ballot != NULL, KP_INVALID_OTHER);
  g_return_val_if_fail (ballot->form == tally->form, KP_INVALID_OTHER);
  g_return_val_if_fail (ballot->n_candidates == tally->n, KP_INVALID_OTHER);

  reason = kp_ballot_judge (ballot, tally->election->seats);
  tally->collected++;
  if (reason != KP_INVALID_NONE)
    {
      count_invalid (tally, reason, ballot->flag_text, +1);
      return reason;
    }

  tally->valid++;
  kp_ballot_get_votes (ballot, tally->scratch);
  accumulate (tally, tally->scratch);
  return KP_INVALID_NONE;
}

/**
 * kp_tally_remove:
 * @ballot: a ballot earlier given to kp_tally_add(), unchanged
 *
 * Takes a voided ballot back out of the count.
 */
void
kp_tally_remove (KpTally        *tally,
                 const KpBallot *ballot)
{
  KpInvalidReason reason;

  g_return_if_fail (tally != NULL);
  g_return_if_fail (ballot != NULL);
  g_return_if_fail (ballot->form == tally->form && ballot->n_candidates == tally->n);
  g_return_if_fail (tally->collected > 0);

  reason = kp_ballot_judge (ballot, tally->election->seats);
  tally->collected--;
  if (reason != KP_INVALID_NONE)
    {
      count_invalid (tally, reason, ballot->flag_text, -1);
      return;
    }

  g_assert (tally->valid > 0);
  tally->valid--;
  flush (tally);
  kp_ballot_get_votes (ballot, tally->scratch);
  for (guint i = 0; i < tally->n; i++)
    if ((tally->scratch[i / 64] >> (i % 64)) & 1)
      {
        g_assert (tally->totals[i] > 0);
        tally->totals[i]--;
      }
}

/**
 * kp_tally_add_kept:
 * @kept: kp_tally_get_n_words() words, bit no−1 set for each name kept
 *
 * The packed path for an unflagged strike-form ballot (bulk loads and the
 * benchmark): R-INVALID-3 none kept, R-INVALID-2 more than seats kept,
 * otherwise R-VALID-1 and the kept names get a vote. Bits past the last
 * candidate must be clear.
 *
 * Returns: %KP_INVALID_NONE when the ballot was valid, else its reason.
 */
KpInvalidReason
kp_tally_add_kept (KpTally       *tally,
                   const guint64 *kept)
{
  guint n_kept = 0;

  g_return_val_if_fail (tally->form == KP_BALLOT_FORM_STRIKE, KP_INVALID_OTHER);

  for (guint w = 0; w < tally->n_words; w++)
    n_kept += __builtin_popcountll (kept[w]);

  tally->collected++;
  if (G_UNLIKELY (n_kept == 0))
    {
      tally->invalid[KP_INVALID_NONE_KEPT]++;
      return KP_INVALID_NONE_KEPT;
    }
  if (G_UNLIKELY (n_kept > tally->election->seats))
    {
      tally->invalid[KP_INVALID_OVER_VOTE]++;
      return KP_INVALID_OVER_VOTE;
    }
  tally->valid++;
  accumulate (tally, kept);
  return KP_INVALID_NONE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * kp_tally_get_result:
 *
 * Applies R-ELECT-1, R-RANK-1, R-TIE-1, R-PCT-1/2 and R-ROUND-1 to the
 * ballots counted so far. The tally stays usable.
 *
 * Returns: (transfer full): the result.
 */
KpResult *
kp_tally_get_result (KpTally *tally)
{
  const KpElection *election = tally->election;
  g_autoptr(KpResult) result = kp_result_new ();
  g_autofree guint *votes = g_new0 (guint, MAX (tally->n, 1));
  g_autofree KpStatus *status = g_new0 (KpStatus, MAX (tally->n, 1));
  g_autofree const char **others = NULL;
  guint n_others;

  flush (tally);

  result->election = g_strdup (election->id);
  result->round = election->round;
  result->seats = election->seats;
  result->base = election->base;
  result->issued = tally->issued;
  result->collected = tally->collected;
  result->valid = tally->valid;
  result->invalid = tally->collected - tally->valid;

  /* R-INVALID-5: invalid ballots by reason, in a fixed order: computed
   * reasons, flagged reasons, then the committee's own texts by byte order. */
  for (guint r = KP_INVALID_OVER_VOTE; r < KP_INVALID_OTHER; r++)
    if (tally->invalid[r] > 0)
      {
        KpReasonCount *rc = g_new0 (KpReasonCount, 1);
        rc->reason = g_strdup (kp_invalid_reason_to_string (r));
        rc->count = tally->invalid[r];
        g_ptr_array_add (result->invalid_by_reason, rc);
      }
  others = (const char **) g_hash_table_get_keys_as_array (tally->other, &n_others);
  qsort (others, n_others, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_others; i++)
    {
      KpReasonCount *rc = g_new0 (KpReasonCount, 1);
      rc->reason = g_strconcat ("other:", others[i], NULL);
      rc->count = GPOINTER_TO_UINT (g_hash_table_lookup (tally->other, others[i]));
      g_ptr_array_add (result->invalid_by_reason, rc);
    }

  for (guint i = 0; i < tally->n; i++)
    {
      g_assert (tally->totals[i] <= G_MAXUINT);
      votes[i] = (guint) tally->totals[i];
    }

  kp_rules_decide (votes, tally->n, election->seats, election->base, status, result->elected,
                   result->tied);

  for (guint i = 0; i < tally->n; i++)
    {
      const KpCandidate *candidate = g_ptr_array_index (election->candidates, i);
      KpCandidateResult *cr = g_new0 (KpCandidateResult, 1);

      cr->no = candidate->no;
      cr->name = g_strdup (candidate->name);
      cr->votes = votes[i];
      cr->percent = kp_rules_percent_hundredths (votes[i], election->base);
      cr->status = status[i];
      g_ptr_array_add (result->candidates, cr);

      /* R-ROUND-1: the default list of the next round is everyone not yet
       * elected; the congress may keep, drop or add names. */
      if (status[i] != KP_STATUS_ELECTED)
        g_array_append_val (result->next_round_candidates, candidate->no);
    }

  result->seats_remaining = election->seats - result->elected->len;
  if (result->seats_remaining == 0)
    g_array_set_size (result->next_round_candidates, 0);

  return g_steal_pointer (&result);
}
