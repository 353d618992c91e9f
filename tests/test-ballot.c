/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ballot.c — validity of one ballot (kp-ballot). */

#include "kp-ballot.h"

static KpBallot *
strike (guint        n,
        const guint *struck)
{
  KpBallot *ballot = kp_ballot_new_strike (1, n);

  for (; *struck; struck++)
    kp_ballot_strike (ballot, *struck);
  return ballot;
}

/* R-VALID-1: 1 ≤ kept ≤ seats. R-INVALID-2: kept > seats. R-INVALID-3: none. */
static void
test_strike_validity (void)
{
  const guint none[] = { 0 };
  const guint one[] = { 1, 0 };
  const guint two[] = { 1, 2, 0 };
  const guint three[] = { 1, 2, 3, 0 };
  const guint all[] = { 1, 2, 3, 4, 0 };
  g_autoptr(KpBallot) b0 = strike (4, none);
  g_autoptr(KpBallot) b1 = strike (4, one);
  g_autoptr(KpBallot) b2 = strike (4, two);
  g_autoptr(KpBallot) b3 = strike (4, three);
  g_autoptr(KpBallot) b4 = strike (4, all);

  /* 4 names, 2 seats */
  g_assert_cmpint (kp_ballot_judge (b0, 2), ==, KP_INVALID_OVER_VOTE);
  g_assert_cmpint (kp_ballot_judge (b1, 2), ==, KP_INVALID_OVER_VOTE);
  g_assert_cmpint (kp_ballot_judge (b2, 2), ==, KP_INVALID_NONE);
  g_assert_cmpint (kp_ballot_judge (b3, 2), ==, KP_INVALID_NONE); /* fewer than seats is valid */
  g_assert_cmpint (kp_ballot_judge (b4, 2), ==, KP_INVALID_NONE_KEPT);
  g_assert_cmpuint (kp_ballot_count_kept (b3), ==, 1);
}

/* R-INVALID-5: the committee's ruling comes first. */
static void
test_flag_first (void)
{
  const guint none[] = { 0 };
  g_autoptr(KpBallot) b = strike (4, none);

  kp_ballot_set_flag (b, KP_INVALID_ADDED_NAME, NULL);
  g_assert_cmpint (kp_ballot_judge (b, 2), ==, KP_INVALID_ADDED_NAME);
  kp_ballot_set_flag (b, KP_INVALID_OTHER, "rách");
  g_assert_cmpint (kp_ballot_judge (b, 2), ==, KP_INVALID_OTHER);
  g_assert_cmpstr (b->flag_text, ==, "rách");
  kp_ballot_set_flag (b, KP_INVALID_NONE, NULL);
  g_assert_cmpint (kp_ballot_judge (b, 2), ==, KP_INVALID_OVER_VOTE);
  g_assert_null (b->flag_text);
}

/* R-YESNO-1: multi-name, any row: valid. R-YESNO-2: single name, one box. */
static void
test_yesno_validity (void)
{
  g_autoptr(KpBallot) multi = kp_ballot_new_yesno (1, "YB0N");
  g_autoptr(KpBallot) all_no = kp_ballot_new_yesno (2, "NNNN");
  g_autoptr(KpBallot) y = kp_ballot_new_yesno (3, "Y");
  g_autoptr(KpBallot) n = kp_ballot_new_yesno (4, "N");
  g_autoptr(KpBallot) b = kp_ballot_new_yesno (5, "B");
  g_autoptr(KpBallot) z = kp_ballot_new_yesno (6, "0");
  guint64 votes[1];

  g_assert_cmpint (kp_ballot_judge (multi, 4), ==, KP_INVALID_NONE);
  g_assert_cmpint (kp_ballot_judge (all_no, 4), ==, KP_INVALID_NONE);
  g_assert_cmpint (kp_ballot_judge (y, 1), ==, KP_INVALID_NONE);
  g_assert_cmpint (kp_ballot_judge (n, 1), ==, KP_INVALID_NONE);
  g_assert_cmpint (kp_ballot_judge (b, 1), ==, KP_INVALID_YESNO_SINGLE);
  g_assert_cmpint (kp_ballot_judge (z, 1), ==, KP_INVALID_YESNO_SINGLE);

  /* R-COUNT-1: only Đồng ý alone is a vote. */
  kp_ballot_get_votes (multi, votes);
  g_assert_cmpuint (votes[0], ==, 1);
}

/* R-COUNT-1: the votes of a strike ballot are the names kept, and no bit
 * past the last name is ever set. */
static void
test_strike_votes (void)
{
  g_autoptr(KpBallot) b = kp_ballot_new_strike (1, 70);
  guint64 votes[2];

  kp_ballot_strike (b, 1);
  kp_ballot_strike (b, 65);
  kp_ballot_get_votes (b, votes);
  g_assert_cmpuint (votes[0], ==, ~G_GUINT64_CONSTANT (1));
  g_assert_cmpuint (votes[1], ==, 0x3e); /* names 66..70 */
  g_assert_cmpuint (kp_ballot_count_kept (b), ==, 68);
}

static void
test_flag_parse (void)
{
  KpInvalidReason reason;
  char *text;

  g_assert_true (kp_invalid_flag_parse ("", &reason, &text));
  g_assert_cmpint (reason, ==, KP_INVALID_NONE);
  g_assert_true (kp_invalid_flag_parse ("not-issued", &reason, &text));
  g_assert_cmpint (reason, ==, KP_INVALID_NOT_ISSUED);
  g_assert_true (kp_invalid_flag_parse ("other: Phiếu rách ", &reason, &text));
  g_assert_cmpint (reason, ==, KP_INVALID_OTHER);
  g_assert_cmpstr (text, ==, "Phiếu rách");
  g_free (text);
  g_assert_false (kp_invalid_flag_parse ("other:", &reason, &text));
  g_assert_false (kp_invalid_flag_parse ("over-vote", &reason, &text));
  g_assert_false (kp_invalid_flag_parse ("none-kept", &reason, &text));
  g_assert_false (kp_invalid_flag_parse ("Not-Issued", &reason, &text));
}

/* R-INVALID-5: the committee's own reason is text on one line: a line
 * break or a control character is refused, as in the definition. */
static void
test_other_reason_text (void)
{
  KpInvalidReason reason;
  g_autofree char *text = NULL;

  g_assert_true (kp_invalid_flag_parse ("other: rách góc phiếu ", &reason, &text));
  g_assert_cmpint (reason, ==, KP_INVALID_OTHER);
  g_assert_cmpstr (text, ==, "rách góc phiếu");
  g_clear_pointer (&text, g_free);
  g_assert_false (kp_invalid_flag_parse ("other:a\nb", &reason, &text));
  g_assert_false (kp_invalid_flag_parse ("other:a\tb", &reason, &text));
  g_assert_false (kp_invalid_flag_parse ("other:a\x1b[31mb", &reason, &text));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ballot/R-VALID-1+R-INVALID-2+R-INVALID-3/strike", test_strike_validity);
  g_test_add_func ("/ballot/R-INVALID-5/flag-first", test_flag_first);
  g_test_add_func ("/ballot/R-YESNO-1+R-YESNO-2/yesno", test_yesno_validity);
  g_test_add_func ("/ballot/R-COUNT-1/strike-votes", test_strike_votes);
  g_test_add_func ("/ballot/R-INVALID-4/flag-parse", test_flag_parse);
  g_test_add_func ("/ballot/R-INVALID-5/other-text", test_other_reason_text);
  return g_test_run ();
}
