/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-tally.c — the counting engine against a plain recount, and the
 * properties any count must have (shuffling ballots, adding an invalid
 * ballot, voiding), up to a national-size election.
 */

#include <math.h>

#include "kp-tally.h"

static KpElection *
make_election (guint n,
               guint seats,
               guint base)
{
  KpElection *election = kp_election_new ("test", seats);

  election->title = g_strdup ("Bầu thử");
  election->convened = base;
  election->base = base;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Người Số %u", i + 1);
      g_ptr_array_add (election->candidates, kp_candidate_new (i + 1, name, NULL));
    }
  return election;
}

/* Random strike ballots: mostly valid, some over-voted, some with none
 * kept, some flagged. Names have different popularity so results differ. */
static GPtrArray *
make_strike_ballots (GRand *rand,
                     guint  n,
                     guint  seats,
                     guint  count)
{
  GPtrArray *ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);

  for (guint s = 1; s <= count; s++)
    {
      KpBallot *b = kp_ballot_new_strike (s, n);
      guint kind = g_rand_int_range (rand, 0, 100);
      guint keep = kind < 2 ? 0 : kind < 5 ? seats + 1 + g_rand_int_range (rand, 0, n - seats) : 1 + g_rand_int_range (rand, 0, seats);

      keep = MIN (keep, n);
      /* Strike names until `keep` remain, favouring high numbers. */
      for (guint kept = n; kept > keep;)
        {
          guint no = 1 + (guint) (n * sqrt (g_rand_double (rand)));
          no = MIN (no, n);
          if (!kp_ballot_is_struck (b, no))
            {
              kp_ballot_strike (b, no);
              kept--;
            }
        }
      if (kind == 99)
        kp_ballot_set_flag (b, KP_INVALID_ADDED_NAME, NULL);
      else if (kind == 98)
        kp_ballot_set_flag (b, KP_INVALID_OTHER, s % 2 ? "rách" : "nhòe mực");
      g_ptr_array_add (ballots, b);
    }
  return ballots;
}

/* The plain recount: what a committee with pencils does. */
static void
recount (const GPtrArray *ballots,
         guint            seats,
         guint           *votes,
         guint           *valid)
{
  *valid = 0;
  for (guint i = 0; i < ballots->len; i++)
    {
      const KpBallot *b = g_ptr_array_index (ballots, i);
      if (kp_ballot_judge (b, seats) != KP_INVALID_NONE)
        continue;
      (*valid)++;
      for (guint no = 1; no <= b->n_candidates; no++)
        if (b->form == KP_BALLOT_FORM_STRIKE ? !kp_ballot_is_struck (b, no) : b->marks[no - 1] == 'Y')
          votes[no - 1]++;
    }
}

static KpResult *
tally_all (const KpElection *election,
           const GPtrArray  *ballots)
{
  g_autoptr(KpTally) tally = kp_tally_new (election);

  for (guint i = 0; i < ballots->len; i++)
    kp_tally_add (tally, g_ptr_array_index (ballots, i));
  return kp_tally_get_result (tally);
}

static void
assert_matches_recount (const KpElection *election,
                        const GPtrArray  *ballots,
                        const KpResult   *result)
{
  g_autofree guint *votes = g_new0 (guint, election->candidates->len);
  guint valid;

  recount (ballots, election->seats, votes, &valid);
  g_assert_cmpuint (result->collected, ==, ballots->len);
  g_assert_cmpuint (result->valid, ==, valid);
  g_assert_cmpuint (result->valid + result->invalid, ==, result->collected);
  for (guint i = 0; i < election->candidates->len; i++)
    {
      const KpCandidateResult *cr = g_ptr_array_index (result->candidates, i);
      g_assert_cmpuint (cr->votes, ==, votes[i]);
      /* R-ELECT-1: nobody at or below half of the base is elected. */
      if (cr->status == KP_STATUS_ELECTED || cr->status == KP_STATUS_TIED
          || cr->status == KP_STATUS_NOT_ELECTED)
        g_assert_cmpuint (2 * (guint64) cr->votes, >, election->base);
      else
        g_assert_cmpuint (2 * (guint64) cr->votes, <=, election->base);
    }
  g_assert_cmpuint (result->elected->len, <=, election->seats);
  g_assert_cmpuint (result->seats_remaining, ==, election->seats - result->elected->len);
}

/* R-COUNT-1 against a plain recount, over many shapes: more than 64 names
 * (several words), more than 255 ballots (the planes flush). */
static void
test_against_recount (void)
{
  const guint shapes[][3] = { { 3, 2, 10 }, { 18, 15, 127 }, { 64, 50, 300 }, { 65, 45, 700 },
                              { 130, 100, 1000 }, { 230, 199, 600 } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20200615);

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr(KpElection) election = make_election (shapes[s][0], shapes[s][1], shapes[s][2]);
      g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, shapes[s][0], shapes[s][1], shapes[s][2]);
      g_autoptr(KpResult) result = tally_all (election, ballots);

      assert_matches_recount (election, ballots, result);
    }
}

/* Property: the order ballots are entered in never changes a result. */
static void
test_shuffle (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(KpElection) election = make_election (40, 30, 400);
  g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, 40, 30, 400);
  g_autoptr(KpResult) first = tally_all (election, ballots);
  g_autofree char *want = kp_result_to_json (first);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(KpResult) result = NULL;
      g_autofree char *got = NULL;

      for (guint i = ballots->len - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          gpointer t = ballots->pdata[i];
          ballots->pdata[i] = ballots->pdata[j];
          ballots->pdata[j] = t;
        }
      result = tally_all (election, ballots);
      got = kp_result_to_json (result);
      g_assert_cmpstr (got, ==, want);
    }
}

/* Property: adding an invalid ballot never changes votes. */
static void
test_invalid_changes_no_votes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autoptr(KpElection) election = make_election (20, 15, 200);
  g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, 20, 15, 200);
  g_autoptr(KpResult) before = tally_all (election, ballots);
  KpBallot *extra[4];

  extra[0] = kp_ballot_new_strike (1001, 20); /* nothing struck: over-vote */
  extra[1] = kp_ballot_new_strike (1002, 20); /* everything struck: none kept */
  for (guint no = 1; no <= 20; no++)
    kp_ballot_strike (extra[1], no);
  extra[2] = kp_ballot_new_strike (1003, 20); /* a valid-looking ballot flagged */
  for (guint no = 1; no <= 10; no++)
    kp_ballot_strike (extra[2], no);
  kp_ballot_set_flag (extra[2], KP_INVALID_NOT_ISSUED, NULL);
  extra[3] = kp_ballot_copy (extra[2]);
  extra[3]->serial = 1004;
  kp_ballot_set_flag (extra[3], KP_INVALID_IDENTIFYING_MARK, NULL);

  for (guint e = 0; e < G_N_ELEMENTS (extra); e++)
    {
      g_autoptr(KpResult) after = NULL;

      g_ptr_array_add (ballots, extra[e]);
      after = tally_all (election, ballots);
      g_assert_cmpuint (after->valid, ==, before->valid);
      g_assert_cmpuint (after->invalid, ==, before->invalid + e + 1);
      for (guint i = 0; i < 20; i++)
        g_assert_cmpuint (((KpCandidateResult *) after->candidates->pdata[i])->votes, ==,
                          ((KpCandidateResult *) before->candidates->pdata[i])->votes);
      g_assert_cmpuint (after->elected->len, ==, before->elected->len);
    }
}

/* A result can be asked for in the middle of counting (the live view), and
 * counting goes on correctly after it. */
static void
test_live_result (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  g_autoptr(KpElection) election = make_election (30, 20, 500);
  g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, 30, 20, 500);
  g_autoptr(KpTally) tally = kp_tally_new (election);
  g_autoptr(KpResult) final = NULL;

  for (guint i = 0; i < ballots->len; i++)
    {
      kp_tally_add (tally, ballots->pdata[i]);
      if (i % 97 == 0)
        kp_result_free (kp_tally_get_result (tally));
    }
  final = kp_tally_get_result (tally);
  assert_matches_recount (election, ballots, final);
}

/* The packed path judges and counts like the ballot path. */
static void
test_packed (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  g_autoptr(KpElection) election = make_election (200, 180, 1600);
  g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, 200, 180, 1600);
  g_autoptr(KpTally) by_ballot = kp_tally_new (election);
  g_autoptr(KpTally) packed = kp_tally_new (election);
  g_autoptr(KpResult) a = NULL;
  g_autoptr(KpResult) b = NULL;
  g_autofree char *ja = NULL;
  g_autofree char *jb = NULL;
  guint64 words[4];

  for (guint i = 0; i < ballots->len; i++)
    {
      KpBallot *ballot = ballots->pdata[i];
      kp_ballot_set_flag (ballot, KP_INVALID_NONE, NULL);
      kp_ballot_get_votes (ballot, words);
      /* One ballot at a time through the packed path: valid exactly when
       * the judge says so. */
      g_assert_cmpuint (kp_tally_add (by_ballot, ballot) == KP_INVALID_NONE, ==,
                        kp_tally_add_kept_many (packed, words, 1));
    }
  a = kp_tally_get_result (by_ballot);
  b = kp_tally_get_result (packed);
  ja = kp_result_to_json (a);
  jb = kp_result_to_json (b);
  g_assert_cmpstr (ja, ==, jb);
}

/* The bulk path counts like the one-at-a-time path, for a ballot of exactly
 * one vector (200 names), of part of one (130) and of two (500). */
static void
test_packed_many (void)
{
  const guint sizes[] = { 200, 130, 500, 64, 3 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s], seats = MAX (1, n * 9 / 10), words = KP_BALLOT_WORDS (n);
      g_autoptr(KpElection) election = make_election (n, seats, 1000);
      g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, n, seats, 1000);
      g_autofree guint64 *packed = g_new0 (guint64, (gsize) words * ballots->len);
      g_autoptr(KpTally) bulk = kp_tally_new (election);
      g_autoptr(KpResult) result = NULL;
      guint valid;

      for (guint i = 0; i < ballots->len; i++)
        {
          kp_ballot_set_flag (ballots->pdata[i], KP_INVALID_NONE, NULL);
          kp_ballot_get_votes (ballots->pdata[i], packed + (gsize) i * words);
        }
      /* In two calls, so the second starts in the middle of a block. */
      valid = kp_tally_add_kept_many (bulk, packed, 333);
      valid += kp_tally_add_kept_many (bulk, packed + (gsize) 333 * words, ballots->len - 333);
      result = kp_tally_get_result (bulk);
      g_assert_cmpuint (valid, ==, result->valid);
      assert_matches_recount (election, ballots, result);
    }
}

/* National size (rules.md §7): 1,600 ballots × 200 names, both forms. */
static void
test_national (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1587);
  g_autoptr(KpElection) strike = make_election (200, 180, 1587);
  g_autoptr(KpElection) yesno = make_election (200, 200, 1587);
  g_autoptr(GPtrArray) ballots = make_strike_ballots (rand, 200, 180, 1600);
  g_autoptr(GPtrArray) yesno_ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
  g_autoptr(KpResult) result = tally_all (strike, ballots);
  g_autoptr(KpResult) yesno_result = NULL;
  char marks[201];

  assert_matches_recount (strike, ballots, result);
  g_assert_cmpuint (result->valid, >, 1400);

  for (guint s = 1; s <= 1600; s++)
    {
      for (guint i = 0; i < 200; i++)
        marks[i] = "YYYYYYYNB0"[g_rand_int_range (rand, 0, 10)];
      marks[200] = '\0';
      g_ptr_array_add (yesno_ballots, kp_ballot_new_yesno (s, marks));
    }
  yesno_result = tally_all (yesno, yesno_ballots);
  assert_matches_recount (yesno, yesno_ballots, yesno_result);
  g_assert_cmpuint (yesno_result->valid, ==, 1600); /* R-YESNO-1 */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tally/R-COUNT-1/against-recount", test_against_recount);
  g_test_add_func ("/tally/property/shuffle", test_shuffle);
  g_test_add_func ("/tally/property/invalid-changes-no-votes", test_invalid_changes_no_votes);
  g_test_add_func ("/tally/live-result", test_live_result);
  g_test_add_func ("/tally/R-VALID-1/packed", test_packed);
  g_test_add_func ("/tally/R-VALID-1/packed-many", test_packed_many);
  g_test_add_func ("/tally/national", test_national);
  return g_test_run ();
}
