/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-rules.c — threshold, ranking, ties and percentages. */

#include "kp-rules.h"

/**
 * kp_rules_passes_threshold:
 *
 * R-ELECT-1: "quá một nửa" — more than half of the base (R-BASE-1), decided
 * as votes × 2 > base in exact integers, never on a rounded percentage.
 * With base 10, 5 votes fail and 6 pass.
 */
gboolean
kp_rules_passes_threshold (guint64 votes,
                           guint64 base)
{
  return votes * 2 > base;
}

/**
 * kp_rules_passes:
 *
 * R-ELECT-1 for an election; for an opinion ballot (rules.md §1, Điều 14)
 * a nominee goes on the list only with more than 30 % of those present:
 * votes × 10 > present × 3, in exact integers.
 */
gboolean
kp_rules_passes (KpThreshold threshold,
                 guint64     votes,
                 guint64     base)
{
  switch (threshold)
    {
    case KP_THRESHOLD_MORE_THAN_HALF:
      return kp_rules_passes_threshold (votes, base);
    case KP_THRESHOLD_MORE_THAN_30_PERCENT:
      return votes * 10 > base * 3;
    default:
      g_assert_not_reached ();
    }
}

/**
 * kp_rules_percent_hundredths:
 *
 * R-PCT-1: the share is against the threshold base, not the valid ballots.
 * R-PCT-2: two decimals, rounded half-up at the third, from integers:
 * round (votes × 100 / base, 2) = ⌊(2 × votes × 10000 + base) / (2 × base)⌋.
 * 1 of 32 gives 313 (3,13 %).
 *
 * Returns: the percentage in hundredths of a per cent.
 */
guint64
kp_rules_percent_hundredths (guint64 votes,
                             guint64 base)
{
  g_return_val_if_fail (base > 0, 0);
  return (2 * votes * 10000 + base) / (2 * base);
}

/**
 * kp_rules_format_percent:
 * @decimal_mark: '.' for the result JSON, ',' for Vietnamese documents
 *
 * Returns: (transfer full): "52.38" or "52,38".
 */
char *
kp_rules_format_percent (guint64 hundredths,
                         char    decimal_mark)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT "%c%02u", hundredths / 100, decimal_mark,
                          (guint) (hundredths % 100));
}

typedef struct
{
  guint index;
  guint votes;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;

  /* Votes descending; equal votes keep ballot order (only for listing:
   * equal votes never decide between candidates, see R-TIE-1). */
  if (ra->votes != rb->votes)
    return ra->votes > rb->votes ? -1 : 1;
  return ra->index < rb->index ? -1 : (ra->index > rb->index);
}

/**
 * kp_rules_decide:
 * @votes: votes per candidate, in ballot order
 * @n: number of candidates
 * @status: (out caller-allocates): @n statuses
 * @elected: GArray of guint: receives the ballot numbers (1-based) of the
 *   elected, by votes descending, equal votes in ballot order
 * @tied: GArray of guint: receives the ballot numbers of the tied, in
 *   ballot order
 *
 * R-ELECT-1: only those over the threshold can be elected (@threshold:
 * more than half of the base; for opinion ballots more than 30 %).
 * R-RANK-1: among them, the highest votes win until the seats are filled.
 * R-TIE-1: when a group with equal votes would overfill the seats, none of
 * the group is elected; they are "tied" and the seats stay open for the
 * congress to decide. Nothing breaks a tie here: not age, not list order,
 * not chance. Those ranked below a tied group are outranked.
 * R-ALT-1: @elected keeps the vote order (alternates replace in that order).
 */
void
kp_rules_decide (const guint *votes,
                 guint        n,
                 guint        seats,
                 guint        base,
                 KpThreshold  threshold,
                 KpStatus    *status,
                 GArray      *elected,
                 GArray      *tied)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n, 1));
  guint n_over = 0;
  guint n_elected = 0;
  gboolean blocked = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (kp_rules_passes (threshold, votes[i], base))
        {
          ranked[n_over].index = i;
          ranked[n_over].votes = votes[i];
          n_over++;
          status[i] = KP_STATUS_NOT_ELECTED;
        }
      else
        status[i] = KP_STATUS_BELOW_THRESHOLD;
    }

  qsort (ranked, n_over, sizeof (Ranked), compare_ranked);

  for (guint i = 0; i < n_over;)
    {
      guint group_end = i + 1;

      while (group_end < n_over && ranked[group_end].votes == ranked[i].votes)
        group_end++;

      if (!blocked && n_elected + (group_end - i) <= seats)
        {
          for (guint j = i; j < group_end; j++)
            {
              guint no = ranked[j].index + 1;
              status[ranked[j].index] = KP_STATUS_ELECTED;
              g_array_append_val (elected, no);
            }
          n_elected += group_end - i;
        }
      else if (!blocked && n_elected < seats)
        {
          /* R-TIE-1: this group would overfill the remaining seats. */
          for (guint j = i; j < group_end; j++)
            status[ranked[j].index] = KP_STATUS_TIED;
          blocked = TRUE;
        }
      else
        blocked = TRUE; /* outranked: stays KP_STATUS_NOT_ELECTED */

      i = group_end;
    }

  for (guint i = 0; i < n; i++)
    if (status[i] == KP_STATUS_TIED)
      {
        guint no = i + 1;
        g_array_append_val (tied, no);
      }
}

const char *
kp_status_to_string (KpStatus status)
{
  switch (status)
    {
    case KP_STATUS_ELECTED:
      return "elected";
    case KP_STATUS_TIED:
      return "tied";
    case KP_STATUS_NOT_ELECTED:
      return "not-elected";
    case KP_STATUS_BELOW_THRESHOLD:
      return "below-threshold";
    default:
      g_assert_not_reached ();
    }
}
