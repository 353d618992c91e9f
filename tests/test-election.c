/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-election.c — the election model (kp-election): the ballot form from
 * the numbers (R-FORM-3), the threshold base (R-BASE-1), the surplus of
 * committee lists (R-LIST-1, kp_election_check_surplus in kp-definition),
 * copies, look-ups and the names of bodies and congress kinds.
 */

#include <string.h>

#include "kp-definition.h"
#include "kp-election.h"

/* An election of @id with @seats seats and @n candidates, in ABC order. */
static KpElection *
election_new (const char *id,
              KpBody      body,
              guint       seats,
              guint       n)
{
  KpElection *election = kp_election_new (id, seats);

  election->body = body;
  for (guint i = 1; i <= n; i++)
    {
      /* Given names A001, A002 …: the list is in ABC order (R-LIST-2). */
      g_autofree char *name = g_strdup_printf ("Nguyễn Văn A%03u", i);
      g_ptr_array_add (election->candidates, kp_candidate_new (i, name, NULL));
    }
  return election;
}

/* A new election: round 1, issued unknown, no candidates, base 0 until
 * computed. */
static void
test_new (void)
{
  g_autoptr(KpElection) e = kp_election_new ("bch", 15);
  g_autoptr(KpCongress) c = kp_congress_new ();

  g_assert_cmpstr (e->id, ==, "bch");
  g_assert_cmpuint (e->seats, ==, 15);
  g_assert_cmpuint (e->round, ==, 1);
  g_assert_cmpint (e->issued, ==, -1);
  g_assert_cmpuint (e->base, ==, 0);
  g_assert_cmpuint (e->candidates->len, ==, 0);
  g_assert_cmpint (c->present, ==, -1);
  g_assert_cmpuint (c->elections->len, ==, 0);
}

/* R-FORM-3: names > seats → strike (R-FORM-1); names = seats → agree /
 * disagree (R-FORM-2). */
static void
test_form (void)
{
  const struct
  {
    guint seats, n;
    KpBallotForm form;
  } cases[] = {
    { 3, 5, KP_BALLOT_FORM_STRIKE },  { 3, 4, KP_BALLOT_FORM_STRIKE }, { 1, 2, KP_BALLOT_FORM_STRIKE },
    { 15, 18, KP_BALLOT_FORM_STRIKE }, { 3, 3, KP_BALLOT_FORM_YESNO },  { 1, 1, KP_BALLOT_FORM_YESNO },
    { 45, 45, KP_BALLOT_FORM_YESNO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KpElection) e = election_new ("x", KP_BODY_COMMITTEE, cases[i].seats, cases[i].n);
      g_assert_cmpint (kp_election_get_form (e), ==, cases[i].form);
    }
}

/* R-FORM-3: names < seats cannot be set up. The model asserts (the
 * definition reader refuses such a file first). */
static void
test_form_fewer_names (void)
{
  static const char definition[] =
    "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"X\",\"name\":\"Y\",\"kind\":\"members\","
    "\"convened\":10},\"elections\":[{\"id\":\"a\",\"title\":\"t\",\"body\":\"committee\",\"seats\":3,"
    "\"candidates\":[{\"name\":\"Lê Văn An\"},{\"name\":\"Lê Văn Bình\"}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(KpElection) e = election_new ("x", KP_BODY_COMMITTEE, 3, 2);
      kp_election_get_form (e);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*assertion failed*candidates->len >= election->seats*");

  congress = kp_definition_load_data (definition, strlen (definition), "d.json", &error);
  g_assert_null (congress);
  g_assert_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID);
}

static void
add_exclusion (KpElection *e,
               guint       count,
               const char *reason)
{
  g_ptr_array_add (e->exclusions, kp_exclusion_new (count, reason));
}

/* R-BASE-1: base = convened − Σ exclusions. */
static void
test_base (void)
{
  g_autoptr(KpElection) cell = election_new ("bt", KP_BODY_SECRETARY, 1, 2);
  g_autoptr(KpElection) district = election_new ("bch", KP_BODY_COMMITTEE, 45, 50);
  g_autoptr(KpElection) none = election_new ("n", KP_BODY_COMMITTEE, 3, 4);

  /* The Party Q&A example: a cell of 11 official members, 1 absent with a
   * reason: base 10. */
  cell->convened = 11;
  add_exclusion (cell, 1, "vắng mặt có lý do");
  g_assert_cmpuint (kp_election_compute_base (cell), ==, 10);

  district->convened = 250;
  add_exclusion (district, 2, "vắng mặt suốt thời gian đại hội, không có đại biểu dự khuyết thay thế");
  add_exclusion (district, 3, "bị đình chỉ sinh hoạt");
  add_exclusion (district, 0, "miễn sinh hoạt, vắng mặt");
  g_assert_cmpuint (kp_election_compute_base (district), ==, 245);

  none->convened = 9;
  g_assert_cmpuint (kp_election_compute_base (none), ==, 9);

  /* The model does not store the base by itself. */
  g_assert_cmpuint (cell->base, ==, 0);
}

/* Exclusions that reach the convened count: 0, which the definition reader
 * refuses; sums past G_MAXUINT do not wrap round into a small base. */
static void
test_base_zero (void)
{
  g_autoptr(KpElection) equal = election_new ("a", KP_BODY_COMMITTEE, 3, 4);
  g_autoptr(KpElection) more = election_new ("b", KP_BODY_COMMITTEE, 3, 4);
  g_autoptr(KpElection) wrap = election_new ("c", KP_BODY_COMMITTEE, 3, 4);
  g_autoptr(KpElection) empty = election_new ("d", KP_BODY_COMMITTEE, 3, 4);

  equal->convened = 10;
  add_exclusion (equal, 4, "a");
  add_exclusion (equal, 6, "b");
  g_assert_cmpuint (kp_election_compute_base (equal), ==, 0);

  more->convened = 10;
  add_exclusion (more, 11, "a");
  g_assert_cmpuint (kp_election_compute_base (more), ==, 0);

  /* G_MAXUINT + 2 would be 1 in 32 bits, giving base 9. */
  wrap->convened = 10;
  add_exclusion (wrap, G_MAXUINT, "a");
  add_exclusion (wrap, 2, "b");
  g_assert_cmpuint (kp_election_compute_base (wrap), ==, 0);

  g_assert_cmpuint (kp_election_compute_base (empty), ==, 0);
}

/* R-LIST-1 for committee lists: more names than seats; surplus at most 1
 * for bodies of 3–5; at most 30 % of the seats above 5 (worked out by hand:
 * 6 seats → 1.8 → 1; 10 → 3; 15 → 4.5 → 4; 45 → 13.5 → 13; 199 → 59.7 → 59). */
static void
test_surplus (void)
{
  const struct
  {
    guint seats, n;
    KpSurplusCheck check;
    guint limit;
  } cases[] = {
    { 3, 3, KP_SURPLUS_NONE, 1 },       { 3, 4, KP_SURPLUS_OK, 1 },         { 3, 5, KP_SURPLUS_SMALL_BODY, 1 },
    { 4, 6, KP_SURPLUS_SMALL_BODY, 1 }, { 5, 6, KP_SURPLUS_OK, 1 },         { 5, 7, KP_SURPLUS_SMALL_BODY, 1 },
    { 5, 5, KP_SURPLUS_NONE, 1 },       { 6, 7, KP_SURPLUS_OK, 1 },         { 6, 8, KP_SURPLUS_OVER_30, 1 },
    { 10, 13, KP_SURPLUS_OK, 3 },       { 10, 14, KP_SURPLUS_OVER_30, 3 },  { 15, 19, KP_SURPLUS_OK, 4 },
    { 15, 20, KP_SURPLUS_OVER_30, 4 },  { 45, 58, KP_SURPLUS_OK, 13 },      { 45, 59, KP_SURPLUS_OVER_30, 13 },
    { 45, 45, KP_SURPLUS_NONE, 13 },    { 199, 259, KP_SURPLUS_OVER_30, 59 }, { 199, 258, KP_SURPLUS_OK, 59 },
  };
  const KpBody committees[] = { KP_BODY_COMMITTEE, KP_BODY_STANDING_COMMITTEE, KP_BODY_INSPECTION_COMMITTEE };

  for (guint b = 0; b < G_N_ELEMENTS (committees); b++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(KpElection) e = election_new ("x", committees[b], cases[i].seats, cases[i].n);
        guint limit = 12345;

        g_test_message ("%s: %u names for %u seats", kp_body_to_string (committees[b]), cases[i].n, cases[i].seats);
        g_assert_cmpint (kp_election_check_surplus (e, &limit), ==, cases[i].check);
        g_assert_cmpuint (limit, ==, cases[i].limit);
        g_assert_cmpint (kp_election_check_surplus (e, NULL), ==, cases[i].check);
      }
}

/* R-LIST-1 is about committee lists: delegates, secretaries, opinion
 * ballots… are never warned about, surplus or not. */
static void
test_surplus_other_bodies (void)
{
  const KpBody others[] = { KP_BODY_SECRETARY, KP_BODY_DEPUTY_SECRETARY, KP_BODY_INSPECTION_CHAIR,
                            KP_BODY_DELEGATES, KP_BODY_ALTERNATE_DELEGATES, KP_BODY_OPINION, KP_BODY_OTHER };

  for (guint b = 0; b < G_N_ELEMENTS (others); b++)
    {
      g_autoptr(KpElection) same = election_new ("x", others[b], 4, 4);
      g_autoptr(KpElection) big = election_new ("y", others[b], 10, 20);
      g_autoptr(GPtrArray) warnings = kp_election_check_list (big);

      g_assert_cmpint (kp_election_check_surplus (same, NULL), ==, KP_SURPLUS_OK);
      g_assert_cmpint (kp_election_check_surplus (big, NULL), ==, KP_SURPLUS_OK);
      g_assert_cmpuint (warnings->len, ==, 0);
    }
}

/* The warnings' exact words (R-LIST-1, R-LIST-2): the list is kept. */
static void
test_check_list (void)
{
  g_autoptr(KpElection) none = election_new ("ubkt", KP_BODY_INSPECTION_COMMITTEE, 5, 5);
  g_autoptr(KpElection) small = election_new ("btv", KP_BODY_STANDING_COMMITTEE, 3, 5);
  g_autoptr(KpElection) over = election_new ("bch", KP_BODY_COMMITTEE, 10, 14);
  g_autoptr(KpElection) fine = election_new ("ok", KP_BODY_COMMITTEE, 10, 13);
  g_autoptr(KpElection) order = election_new ("bt", KP_BODY_SECRETARY, 1, 0);
  g_autoptr(GPtrArray) w_none = kp_election_check_list (none);
  g_autoptr(GPtrArray) w_small = kp_election_check_list (small);
  g_autoptr(GPtrArray) w_over = kp_election_check_list (over);
  g_autoptr(GPtrArray) w_fine = kp_election_check_list (fine);
  g_autoptr(GPtrArray) w_order = NULL;

  g_assert_cmpuint (w_none->len, ==, 1);
  g_assert_cmpstr (w_none->pdata[0], ==, "ubkt: R-LIST-1: the list has no surplus (5 names for 5 seats); a committee "
                                         "list should have more names than seats");
  g_assert_cmpuint (w_small->len, ==, 1);
  g_assert_cmpstr (w_small->pdata[0], ==, "btv: R-LIST-1: surplus 2 for a body of 3; bodies of 3–5 members take at "
                                          "most 1 extra name");
  g_assert_cmpuint (w_over->len, ==, 1);
  g_assert_cmpstr (w_over->pdata[0], ==, "bch: R-LIST-1: surplus 4 is more than 30% of the 10 seats (at most 3)");
  g_assert_cmpuint (w_fine->len, ==, 0);

  /* R-LIST-2: Bình before An (given names) is not ABC order. */
  g_ptr_array_add (order->candidates, kp_candidate_new (1, "Lê Văn Bình", NULL));
  g_ptr_array_add (order->candidates, kp_candidate_new (2, "Trần Thị An", NULL));
  w_order = kp_election_check_list (order);
  g_assert_cmpuint (w_order->len, ==, 1);
  g_assert_cmpstr (w_order->pdata[0], ==, "bt: R-LIST-2: the list is not in ABC order by given name: 1. Lê Văn Bình "
                                          "comes before 2. Trần Thị An; the approved order is kept");
  g_assert_cmpstr (kp_election_get_candidate (order, 1)->name, ==, "Lê Văn Bình");
}

/* A deep copy: equal values, nothing shared. */
static void
test_copy (void)
{
  g_autoptr(KpElection) e = election_new ("bch", KP_BODY_DELEGATES, 2, 3);
  g_autoptr(KpElection) copy = NULL;

  e->title = g_strdup ("Bầu đại biểu dự Đại hội cấp trên");
  e->round = 2;
  e->issued = 127;
  e->convened = 130;
  e->base = 128;
  e->threshold = KP_THRESHOLD_MORE_THAN_30_PERCENT;
  add_exclusion (e, 2, "vắng");
  ((KpCandidate *) e->candidates->pdata[1])->born = g_strdup ("1971-03-02");
  copy = kp_election_copy (e);

  g_assert_true (copy != e);
  g_assert_cmpstr (copy->id, ==, "bch");
  g_assert_cmpstr (copy->title, ==, "Bầu đại biểu dự Đại hội cấp trên");
  g_assert_cmpint (copy->body, ==, KP_BODY_DELEGATES);
  g_assert_cmpuint (copy->seats, ==, 2);
  g_assert_cmpuint (copy->round, ==, 2);
  g_assert_cmpint (copy->issued, ==, 127);
  g_assert_cmpuint (copy->convened, ==, 130);
  g_assert_cmpuint (copy->base, ==, 128);
  g_assert_cmpint (copy->threshold, ==, KP_THRESHOLD_MORE_THAN_30_PERCENT);
  g_assert_cmpuint (copy->exclusions->len, ==, 1);
  g_assert_cmpuint (((KpExclusion *) copy->exclusions->pdata[0])->count, ==, 2);
  g_assert_cmpstr (((KpExclusion *) copy->exclusions->pdata[0])->reason, ==, "vắng");
  g_assert_cmpuint (copy->candidates->len, ==, 3);
  g_assert_cmpstr (kp_election_get_candidate (copy, 2)->born, ==, "1971-03-02");
  g_assert_null (kp_election_get_candidate (copy, 1)->born);

  /* Changing the original leaves the copy alone. */
  g_free (((KpCandidate *) e->candidates->pdata[0])->name);
  ((KpCandidate *) e->candidates->pdata[0])->name = g_strdup ("Đổi tên");
  g_ptr_array_set_size (e->exclusions, 0);
  g_assert_cmpstr (kp_election_get_candidate (copy, 1)->name, ==, "Nguyễn Văn A001");
  g_assert_cmpuint (copy->exclusions->len, ==, 1);
  g_assert_true (copy->candidates->pdata[0] != e->candidates->pdata[0]);
}

static void
test_lookups (void)
{
  g_autoptr(KpCongress) congress = kp_congress_new ();
  KpElection *bch = election_new ("bch", KP_BODY_COMMITTEE, 3, 4);

  g_ptr_array_add (congress->elections, bch);
  g_ptr_array_add (congress->elections, election_new ("dbct", KP_BODY_DELEGATES, 2, 3));
  g_assert_true (kp_congress_find_election (congress, "bch") == bch);
  g_assert_cmpstr (kp_congress_find_election (congress, "dbct")->id, ==, "dbct");
  g_assert_null (kp_congress_find_election (congress, "BCH"));
  g_assert_null (kp_congress_find_election (congress, ""));

  g_assert_null (kp_election_get_candidate (bch, 0));
  g_assert_null (kp_election_get_candidate (bch, 5));
  g_assert_cmpuint (kp_election_get_candidate (bch, 1)->no, ==, 1);
  g_assert_cmpuint (kp_election_get_candidate (bch, 4)->no, ==, 4);
}

/* The names in definitions (docs/formats.md) both ways. */
static void
test_names (void)
{
  const char *bodies[] = { "committee", "standing_committee", "secretary", "deputy_secretary",
                           "inspection_committee", "inspection_chair", "delegates", "alternate_delegates",
                           "opinion", "other" };
  const char *kinds[] = { "delegates", "members", "meeting" };
  KpBody body;
  KpCongressKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_assert_true (kp_body_from_string (bodies[i], &body));
      g_assert_cmpstr (kp_body_to_string (body), ==, bodies[i]);
    }
  g_assert_true (kp_body_from_string ("alternate_delegates", &body));
  g_assert_cmpint (body, ==, KP_BODY_ALTERNATE_DELEGATES);
  g_assert_false (kp_body_from_string ("Committee", &body));
  g_assert_false (kp_body_from_string ("standing-committee", &body));
  g_assert_false (kp_body_from_string ("", &body));
  g_assert_false (kp_body_from_string (NULL, &body));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (kp_congress_kind_from_string (kinds[i], &kind));
      g_assert_cmpstr (kp_congress_kind_to_string (kind), ==, kinds[i]);
    }
  g_assert_true (kp_congress_kind_from_string ("meeting", &kind));
  g_assert_cmpint (kind, ==, KP_CONGRESS_KIND_MEETING);
  g_assert_false (kp_congress_kind_from_string ("cell", &kind));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/election/new", test_new);
  g_test_add_func ("/election/R-FORM-3/form", test_form);
  g_test_add_func ("/election/R-FORM-3/fewer-names", test_form_fewer_names);
  g_test_add_func ("/election/R-BASE-1/base", test_base);
  g_test_add_func ("/election/R-BASE-1/zero", test_base_zero);
  g_test_add_func ("/election/R-LIST-1/surplus", test_surplus);
  g_test_add_func ("/election/R-LIST-1/other-bodies", test_surplus_other_bodies);
  g_test_add_func ("/election/R-LIST-1+R-LIST-2/check-list", test_check_list);
  g_test_add_func ("/election/copy", test_copy);
  g_test_add_func ("/election/lookups", test_lookups);
  g_test_add_func ("/election/names", test_names);
  return g_test_run ();
}
