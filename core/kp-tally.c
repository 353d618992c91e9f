/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-tally.c — the counting engine. */

#include <string.h>

#include "kp-cpu-private.h"
#include "kp-rules.h"
#include "kp-tally.h"

/* Counting scheme. A valid ballot is a bit set of the names it votes for,
 * one 64-bit word per 64 names, handled four words (256 names) at a time
 * as a vector. Ballots are gathered in blocks of 16; each block is reduced
 * with a Harley–Seal carry-save adder tree (ones, twos, fours, eights kept
 * per bit) that emits one "sixteens" vector, added into eight bit planes (a
 * bit-sliced counter per name). Everything is flushed into plain totals
 * before the planes could overflow (255 blocks) and whenever a result is
 * asked for. No branch depends on the votes: a ballot costs a few vector
 * instructions per 256 names. */
typedef guint64 Vec __attribute__ ((vector_size (32)));
#define VEC_WORDS 4
#define VEC_ALIGN 32
#define BLOCK 16
#define N_PLANES 8
#define MAX_BLOCKS ((1u << N_PLANES) - 1)

enum { ONES, TWOS, FOURS, EIGHTS, N_PARTIALS };

struct _KpTally
{
  KpElection *election; /* Owned copy */
  KpBallotForm form;
  guint n;
  guint n_words;
  guint n_vecs;

  Vec *block;        /* BLOCK × n_vecs: votes of ballots not yet reduced */
  guint in_block;
  Vec *partials;     /* N_PARTIALS × n_vecs: ones, twos, fours, eights */
  Vec *planes;       /* N_PLANES × n_vecs: counters of sixteens */
  guint blocks;      /* blocks in the planes since the last flush */
  guint64 *totals;   /* votes per candidate, without what is above */
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
  tally->n_vecs = (tally->n_words + VEC_WORDS - 1) / VEC_WORDS;
  tally->block = g_aligned_alloc0 ((gsize) BLOCK * tally->n_vecs, sizeof (Vec), VEC_ALIGN);
  tally->partials = g_aligned_alloc0 ((gsize) N_PARTIALS * tally->n_vecs, sizeof (Vec), VEC_ALIGN);
  tally->planes = g_aligned_alloc0 ((gsize) N_PLANES * tally->n_vecs, sizeof (Vec), VEC_ALIGN);
  tally->totals = g_new0 (guint64, (gsize) tally->n_vecs * VEC_WORDS * 64);
  tally->scratch = g_new0 (guint64, (gsize) tally->n_vecs * VEC_WORDS);
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
  g_aligned_free (tally->block);
  g_aligned_free (tally->partials);
  g_aligned_free (tally->planes);
  g_free (tally->totals);
  g_free (tally->scratch);
  g_hash_table_unref (tally->other);
  g_free (tally);
}

static void
add_word (guint64 *totals,
          guint64  bits,
          guint64  weight)
{
  while (bits)
    {
      totals[__builtin_ctzll (bits)] += weight;
      bits &= bits - 1;
    }
}

static void
add_vecs (guint64   *totals,
          const Vec *vecs,
          guint      n_vecs,
          guint64    weight)
{
  const guint64 *words = (const guint64 *) vecs;

  for (guint w = 0; w < n_vecs * VEC_WORDS; w++)
    add_word (totals + (gsize) w * 64, words[w], weight);
}

/* Moves everything counted so far into the plain totals. */
static void
flush (KpTally *tally)
{
  guint n_vecs = tally->n_vecs;

  for (guint k = 0; k < tally->in_block; k++)
    add_vecs (tally->totals, tally->block + (gsize) k * n_vecs, n_vecs, 1);
  for (guint p = 0; p < N_PARTIALS; p++)
    add_vecs (tally->totals, tally->partials + (gsize) p * n_vecs, n_vecs,
              G_GUINT64_CONSTANT (1) << p);
  for (guint p = 0; p < N_PLANES; p++)
    add_vecs (tally->totals, tally->planes + (gsize) p * n_vecs, n_vecs, (guint64) BLOCK << p);
  memset (tally->partials, 0, (gsize) N_PARTIALS * n_vecs * sizeof (Vec));
  memset (tally->planes, 0, (gsize) N_PLANES * n_vecs * sizeof (Vec));
  tally->in_block = 0;
  tally->blocks = 0;
}

/* Carry-save adder: adds three bits per position into a sum and a carry. */
#define CSA(high, low, a, b, c)                  \
  do                                             \
    {                                            \
      Vec u_ = (a) ^ (b);                        \
      (high) = ((a) & (b)) | (u_ & (c));         \
      (low) = u_ ^ (c);                          \
    }                                            \
  while (0)

static inline __attribute__ ((always_inline)) void
reduce_block (KpTally *tally)
{
  guint n_vecs = tally->n_vecs;

  for (guint v = 0; v < n_vecs; v++)
    {
      const Vec *x = tally->block + v;
      Vec *partials = tally->partials + v;
      Vec *planes = tally->planes + v;
      Vec ones = partials[ONES * n_vecs], twos = partials[TWOS * n_vecs];
      Vec fours = partials[FOURS * n_vecs], eights = partials[EIGHTS * n_vecs];
      Vec twos_a, twos_b, fours_a, fours_b, eights_a, eights_b, carry;

#define X(k) x[(k) * n_vecs]
      CSA (twos_a, ones, ones, X (0), X (1));
      CSA (twos_b, ones, ones, X (2), X (3));
      CSA (fours_a, twos, twos, twos_a, twos_b);
      CSA (twos_a, ones, ones, X (4), X (5));
      CSA (twos_b, ones, ones, X (6), X (7));
      CSA (fours_b, twos, twos, twos_a, twos_b);
      CSA (eights_a, fours, fours, fours_a, fours_b);
      CSA (twos_a, ones, ones, X (8), X (9));
      CSA (twos_b, ones, ones, X (10), X (11));
      CSA (fours_a, twos, twos, twos_a, twos_b);
      CSA (twos_a, ones, ones, X (12), X (13));
      CSA (twos_b, ones, ones, X (14), X (15));
      CSA (fours_b, twos, twos, twos_a, twos_b);
      CSA (eights_b, fours, fours, fours_a, fours_b);
      CSA (carry, eights, eights, eights_a, eights_b);
#undef X

      partials[ONES * n_vecs] = ones;
      partials[TWOS * n_vecs] = twos;
      partials[FOURS * n_vecs] = fours;
      partials[EIGHTS * n_vecs] = eights;

      /* carry holds the sixteens: add them into the planes, all eight
       * planes every time (no branch on the data). */
      for (guint p = 0; p < N_PLANES; p++)
        {
          Vec plane = planes[p * n_vecs];
          planes[p * n_vecs] = plane ^ carry;
          carry &= plane;
        }
    }
  tally->in_block = 0;
  if (++tally->blocks == MAX_BLOCKS)
    flush (tally);
}

/* R-COUNT-1: one valid ballot adds one vote to each name in @votes
 * (n_words words; the vector padding past them stays zero). */
static inline __attribute__ ((always_inline)) void
accumulate (KpTally       *tally,
            const guint64 *votes)
{
  guint64 *slot = (guint64 *) (tally->block + (gsize) tally->in_block * tally->n_vecs);

  for (guint w = 0; w < tally->n_words; w++)
    slot[w] = votes[w];
  if (++tally->in_block == BLOCK)
    reduce_block (tally);
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
_KP_VEC_CLONES
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

/* kp_tally_add_kept_many () for ballots of exactly @nv vectors; @nv is a
 * constant at each call, so the loops unroll. */
static inline __attribute__ ((always_inline)) guint
add_kept_vectors (KpTally       *tally,
                  const guint64 *kept,
                  gsize          count,
                  const guint    nv)
{
  const guint seats = tally->election->seats;
  guint in_block = tally->in_block;
  guint valid = 0;

  for (gsize b = 0; b < count; b++, kept += nv * VEC_WORDS)
    {
      Vec v[2];
      guint n_kept = 0;

      memcpy (v, kept, nv * sizeof (Vec));
      for (guint k = 0; k < nv; k++)
        n_kept += __builtin_popcountll (v[k][0]) + __builtin_popcountll (v[k][1])
                  + __builtin_popcountll (v[k][2]) + __builtin_popcountll (v[k][3]);
      if (G_UNLIKELY (n_kept == 0 || n_kept > seats))
        {
          tally->invalid[n_kept == 0 ? KP_INVALID_NONE_KEPT : KP_INVALID_OVER_VOTE]++;
          continue;
        }
      valid++;
      for (guint k = 0; k < nv; k++)
        tally->block[(gsize) in_block * nv + k] = v[k];
      if (++in_block == BLOCK)
        {
          reduce_block (tally);
          in_block = 0;
        }
    }
  tally->in_block = in_block;
  tally->collected += count;
  tally->valid += valid;
  return valid;
}

/**
 * kp_tally_add_kept_many:
 * @kept: @count ballots of KP_BALLOT_WORDS (names) words each, one after
 *   the other
 *
 * The packed path for unflagged strike-form ballots: R-INVALID-3 none
 * kept, R-INVALID-2 more than seats kept, otherwise R-VALID-1 and the kept
 * names get a vote (R-COUNT-1); bits past the last candidate must be clear.
 * For many ballots at once (bulk import, re-running a
 * journal, the benchmark).
 *
 * Returns: how many of them were valid.
 */
_KP_VEC_CLONES
guint
kp_tally_add_kept_many (KpTally       *tally,
                        const guint64 *kept,
                        gsize          count)
{
  const guint n_words = tally->n_words;
  const guint n_vecs = tally->n_vecs;
  const guint seats = tally->election->seats;
  const gsize total = count;
  guint in_block = tally->in_block;
  guint valid = 0;

  g_return_val_if_fail (tally->form == KP_BALLOT_FORM_STRIKE, 0);

  /* A ballot of exactly one or two vectors (193–256 names: the national
   * lists; 449–512): vector loads and stores, no word loop. */
  if (n_words == VEC_WORDS)
    return add_kept_vectors (tally, kept, count, 1);
  if (n_words == 2 * VEC_WORDS)
    return add_kept_vectors (tally, kept, count, 2);

  /* Any size: the loop of add_kept() with the fields held in registers. */
  for (gsize b = 0; b < count; b++, kept += n_words)
    {
      guint n_kept = 0;
      guint64 *slot;

      for (guint w = 0; w < n_words; w++)
        n_kept += __builtin_popcountll (kept[w]);
      if (G_UNLIKELY (n_kept == 0 || n_kept > seats))
        {
          tally->invalid[n_kept == 0 ? KP_INVALID_NONE_KEPT : KP_INVALID_OVER_VOTE]++;
          continue;
        }
      valid++;
      slot = (guint64 *) (tally->block + (gsize) in_block * n_vecs);
      for (guint w = 0; w < n_words; w++)
        slot[w] = kept[w];
      if (++in_block == BLOCK)
        {
          reduce_block (tally);
          in_block = 0;
        }
    }

  tally->in_block = in_block;
  tally->collected += total;
  tally->valid += valid;
  return valid;
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
  g_auto(GStrv) display_names = kp_election_get_display_names (election);
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

  kp_rules_decide (votes, tally->n, election->seats, election->base,
                   election->threshold, status, result->elected,
                   result->tied);

  for (guint i = 0; i < tally->n; i++)
    {
      const KpCandidate *candidate = g_ptr_array_index (election->candidates, i);
      KpCandidateResult *cr = g_new0 (KpCandidateResult, 1);

      cr->no = candidate->no;
      cr->name = g_strdup (candidate->name);
      cr->born = g_strdup (candidate->born);
      cr->display_name = g_steal_pointer (&display_names[i]); /* R-LIST-2 */
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
