/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rules.c — threshold, percentages, ranking and ties (kp-rules). */

#include "kp-rules.h"

/* R-ELECT-1, R-BASE-1 worked example: base 10, 5 votes fail, 6 pass. */
static void
test_threshold (void)
{
  g_assert_false (kp_rules_passes_threshold (5, 10));
  g_assert_true (kp_rules_passes_threshold (6, 10));
  g_assert_true (kp_rules_passes_threshold (6, 11));
  g_assert_false (kp_rules_passes_threshold (5, 11));
  g_assert_false (kp_rules_passes_threshold (0, 1));
  g_assert_true (kp_rules_passes_threshold (1, 1));
  /* Exact integers: no rounding can make 50 % pass. */
  g_assert_false (kp_rules_passes_threshold (800, 1600));
  g_assert_true (kp_rules_passes_threshold (801, 1600));
  g_assert_true (kp_rules_passes_threshold (G_MAXUINT, G_MAXUINT));
}

/* Opinion ballots (rules.md §1, Điều 14): more than 30 % of those present. */
static void
test_opinion_threshold (void)
{
  g_assert_false (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 30, 100));
  g_assert_true (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 31, 100));
  g_assert_false (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 3, 10));
  g_assert_true (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 4, 10));
  g_assert_true (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 76, 250)); /* 30.4 % */
  g_assert_false (kp_rules_passes (KP_THRESHOLD_MORE_THAN_30_PERCENT, 75, 250)); /* 30 % exactly */
  g_assert_true (kp_rules_passes (KP_THRESHOLD_MORE_THAN_HALF, 6, 10));
  g_assert_false (kp_rules_passes (KP_THRESHOLD_MORE_THAN_HALF, 5, 10));
}

/* R-PCT-1, R-PCT-2: hundredths, half-up at the third decimal. */
static void
test_percent (void)
{
  g_assert_cmpuint (kp_rules_percent_hundredths (1, 32), ==, 313);       /* 3.125 */
  g_assert_cmpuint (kp_rules_percent_hundredths (11283, 50000), ==, 2257); /* 22.566 */
  g_assert_cmpuint (kp_rules_percent_hundredths (1, 800), ==, 13);        /* 0.125 */
  g_assert_cmpuint (kp_rules_percent_hundredths (1, 3), ==, 3333);        /* 33.333… */
  g_assert_cmpuint (kp_rules_percent_hundredths (2, 3), ==, 6667);        /* 66.666… */
  g_assert_cmpuint (kp_rules_percent_hundredths (0, 7), ==, 0);
  g_assert_cmpuint (kp_rules_percent_hundredths (7, 7), ==, 10000);
  g_assert_cmpuint (kp_rules_percent_hundredths (1, 20000), ==, 1);       /* 0.005 → 0.01 */
  g_assert_cmpuint (kp_rules_percent_hundredths (1, 20001), ==, 0);       /* 0.00499… → 0.00 */
}

static void
test_format_percent (void)
{
  g_autofree char *a = kp_rules_format_percent (5238, ',');
  g_autofree char *b = kp_rules_format_percent (5, ',');
  g_autofree char *c = kp_rules_format_percent (10000, '.');
  g_autofree char *d = kp_rules_format_percent (313, '.');

  g_assert_cmpstr (a, ==, "52,38");
  g_assert_cmpstr (b, ==, "0,05");
  g_assert_cmpstr (c, ==, "100.00");
  g_assert_cmpstr (d, ==, "3.13");
}

typedef struct
{
  const char *name;
  guint seats;
  guint base;
  guint n;
  guint votes[8];
  const char *status; /* one letter a candidate: E elected, T tied, N not-elected, B below */
  guint elected[8];   /* ballot numbers, 0-terminated */
  guint tied[8];
} DecideCase;

static const DecideCase decide_cases[] = {
  /* R-RANK-1: the highest win until the seats are filled. */
  { "fill", 2, 10, 4, { 9, 6, 8, 7 }, "ENEN", { 1, 3 }, { 0 } },
  /* R-ELECT-1: nobody over the threshold. */
  { "none-over", 2, 10, 3, { 5, 5, 4 }, "BBB", { 0 }, { 0 } },
  /* R-TIE-1: a tie at the last seat elects none of the tied. */
  { "tie-last", 2, 10, 4, { 9, 7, 7, 3 }, "ETTB", { 1 }, { 2, 3 } },
  /* R-TIE-1: a tie that fits the seats elects all of them. */
  { "tie-fits", 3, 10, 4, { 9, 7, 7, 3 }, "EEEB", { 1, 2, 3 }, { 0 } },
  /* R-TIE-1: the whole field tied for fewer seats. */
  { "tie-all", 1, 10, 3, { 8, 8, 8 }, "TTT", { 0 }, { 1, 2, 3 } },
  /* R-TIE-1 + R-RANK-1: below a tie, the rest is outranked. */
  { "tie-outranks", 2, 10, 5, { 9, 8, 8, 7, 2 }, "ETTNB", { 1 }, { 2, 3 } },
  /* Ties among the outranked are no tie. */
  { "tie-below-full", 1, 10, 3, { 9, 8, 8 }, "ENN", { 1 }, { 0 } },
  /* R-ALT-1: elected listed by votes, equal votes in ballot order. */
  { "vote-order", 3, 10, 4, { 6, 9, 9, 7 }, "NEEE", { 2, 3, 4 }, { 0 } },
  /* A tie below the threshold is not R-TIE-1. */
  { "tie-below-threshold", 1, 10, 3, { 8, 5, 5 }, "EBB", { 1 }, { 0 } },
};

static void
test_decide (gconstpointer data)
{
  const DecideCase *c = data;
  g_autoptr(GArray) elected = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) tied = g_array_new (FALSE, FALSE, sizeof (guint));
  KpStatus status[8];
  guint i;

  kp_rules_decide (c->votes, c->n, c->seats, c->base, KP_THRESHOLD_MORE_THAN_HALF, status, elected,
                   tied);

  for (i = 0; i < c->n; i++)
    {
      KpStatus want = c->status[i] == 'E' ? KP_STATUS_ELECTED
                      : c->status[i] == 'T' ? KP_STATUS_TIED
                      : c->status[i] == 'N' ? KP_STATUS_NOT_ELECTED
                                            : KP_STATUS_BELOW_THRESHOLD;
      g_assert_cmpstr (kp_status_to_string (status[i]), ==, kp_status_to_string (want));
    }
  for (i = 0; c->elected[i]; i++)
    g_assert_cmpuint (g_array_index (elected, guint, i), ==, c->elected[i]);
  g_assert_cmpuint (elected->len, ==, i);
  for (i = 0; c->tied[i]; i++)
    g_assert_cmpuint (g_array_index (tied, guint, i), ==, c->tied[i]);
  g_assert_cmpuint (tied->len, ==, i);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/R-ELECT-1/threshold", test_threshold);
  g_test_add_func ("/rules/opinion/30-percent", test_opinion_threshold);
  g_test_add_func ("/rules/R-PCT-2/half-up", test_percent);
  g_test_add_func ("/rules/R-PCT-2/decimal-comma", test_format_percent);
  for (guint i = 0; i < G_N_ELEMENTS (decide_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/R-RANK-1+R-TIE-1/%s", decide_cases[i].name);
      g_test_add_data_func (path, &decide_cases[i], test_decide);
    }
  return g_test_run ();
}
