/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-ballot-reader.c — the ballots CSV: what a real file looks like (BOM,
 * CRLF, quotes, blank lines, columns in any order) and every malformed row,
 * refused with the file, the line and the field.
 */

#include <string.h>

#include "kp-ballot-reader.h"

static KpElection *
make_election (guint n,
               guint seats)
{
  KpElection *election = kp_election_new ("e", seats);

  election->convened = election->base = 10;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Người %u", i + 1);
      g_ptr_array_add (election->candidates, kp_candidate_new (i + 1, name, NULL));
    }
  return election;
}

static GPtrArray *
read_csv (const KpElection  *election,
          const char        *text,
          GError           **error)
{
  return kp_ballots_read_data (text, strlen (text), "b.csv", election, error);
}

static void
test_real_file (void)
{
  g_autoptr(KpElection) election = make_election (5, 3);
  const char *text = "\xEF\xBB\xBFserial,struck,marks,invalid\r\n"
                     "1,1 2,,\r\n"
                     "\r\n"
                     "2,\" 3  4 \",,\r\n"
                     "3,,,\"other:Phiếu rách, \"\"mất góc\"\"\"\r\n"
                     "4,5,,added-name";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ballots = read_csv (election, text, &error);
  KpBallot *b;

  g_assert_no_error (error);
  g_assert_cmpuint (ballots->len, ==, 4);
  b = ballots->pdata[0];
  g_assert_cmpuint (b->serial, ==, 1);
  g_assert_true (kp_ballot_is_struck (b, 1) && kp_ballot_is_struck (b, 2) && !kp_ballot_is_struck (b, 3));
  b = ballots->pdata[1];
  g_assert_true (kp_ballot_is_struck (b, 3) && kp_ballot_is_struck (b, 4));
  b = ballots->pdata[2];
  g_assert_cmpint (b->flag, ==, KP_INVALID_OTHER);
  g_assert_cmpstr (b->flag_text, ==, "Phiếu rách, \"mất góc\"");
  b = ballots->pdata[3];
  g_assert_cmpint (b->flag, ==, KP_INVALID_ADDED_NAME);
}

static void
test_column_order_and_yesno (void)
{
  g_autoptr(KpElection) election = make_election (3, 3);
  const char *text = "invalid,marks,serial\n"
                     ",YNB,7\n"
                     ",y0n,8\n"
                     "not-issued,,9\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ballots = read_csv (election, text, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ballots->len, ==, 3);
  g_assert_cmpstr (((KpBallot *) ballots->pdata[0])->marks, ==, "YNB");
  g_assert_cmpstr (((KpBallot *) ballots->pdata[1])->marks, ==, "Y0N");
  /* A flagged ballot may be entered without its marks. */
  g_assert_cmpstr (((KpBallot *) ballots->pdata[2])->marks, ==, "000");
  g_assert_cmpuint (((KpBallot *) ballots->pdata[2])->serial, ==, 9);
}

typedef struct
{
  const char *name;
  guint n;
  guint seats;
  const char *text;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  { "duplicate-serial", 5, 3, "serial,struck,marks,invalid\n1,1 2,,\n2,1,,\n1,3 4,,\n",
    "b.csv:4: serial: 1 is already used on line 2" },
  { "serial-zero", 5, 3, "serial,struck,marks,invalid\n0,1 2,,\n",
    "b.csv:2: serial: \"0\" is not a whole number from 1 to 2000000000" },
  { "serial-negative", 5, 3, "serial,struck,marks,invalid\n-3,1 2,,\n",
    "b.csv:2: serial: \"-3\" is not a whole number from 1 to 2000000000" },
  { "serial-huge", 5, 3, "serial,struck,marks,invalid\n99999999999999999999999,1 2,,\n",
    "b.csv:2: serial: \"99999999999999999999999\" is not a whole number from 1 to 2000000000" },
  { "struck-off-list", 5, 3, "serial,struck,marks,invalid\n1,1 2,,\n2,1 6,,\n",
    "b.csv:3: struck: 6 is not on the list (1–5)" },
  { "struck-zero", 5, 3, "serial,struck,marks,invalid\n1,0 2,,\n",
    "b.csv:2: struck: 0 is not on the list (1–5)" },
  { "struck-twice", 5, 3, "serial,struck,marks,invalid\n1,2 2,,\n",
    "b.csv:2: struck: 2 is struck twice" },
  { "struck-not-number", 5, 3, "serial,struck,marks,invalid\n1,2;3,,\n",
    "b.csv:2: struck: \"2;3\" is not a ballot number" },
  { "marks-on-strike-form", 5, 3, "serial,struck,marks,invalid\n1,,YYYNN,\n",
    "b.csv:2: marks: this election has a strike-form ballot; put struck numbers in \"struck\"" },
  { "struck-on-yesno-form", 3, 3, "serial,struck,marks,invalid\n1,2,,\n",
    "b.csv:2: struck: this election has an agree/disagree ballot (no surplus); put one mark per name in \"marks\"" },
  { "marks-wrong-length", 3, 3, "serial,struck,marks,invalid\n1,,YY,\n",
    "b.csv:2: marks: 2 marks for 3 names: give one of Y, N, B, 0 for every name" },
  { "marks-wrong-letter", 3, 3, "serial,struck,marks,invalid\n1,,YXN,\n",
    "b.csv:2: marks: mark 2 is \"X\"; use Y (đồng ý), N (không đồng ý), B (both boxes) or 0 (neither)" },
  { "marks-missing", 3, 3, "serial,struck,marks,invalid\n1,,,\n",
    "b.csv:2: marks: 0 marks for 3 names: give one of Y, N, B, 0 for every name" },
  { "computed-reason-typed", 5, 3, "serial,struck,marks,invalid\n1,,,over-vote\n",
    "b.csv:2: invalid: \"over-vote\" follows from the marks and is computed, never typed; leave the field empty and enter the marks" },
  { "unknown-reason", 5, 3, "serial,struck,marks,invalid\n1,1 2,,torn\n",
    "b.csv:2: invalid: \"torn\" is not a reason; use not-issued, added-name, identifying-mark or other:<text>" },
  { "too-many-fields", 5, 3, "serial,struck,marks,invalid\n1,1 2,,,\n",
    "b.csv:2: 5 fields, but the header has 4: a comma too many?" },
  { "too-few-fields", 5, 3, "serial,struck,marks,invalid\n1,1 2\n",
    "b.csv:2: marks, invalid: missing (the row has 2 fields, the header 4)" },
  { "no-serial-column", 5, 3, "number,struck\n1,1 2\n",
    "b.csv:1: header: no \"serial\" column (expected serial,struck,marks,invalid)" },
  { "no-struck-column", 5, 3, "serial,marks\n1,YY\n",
    "b.csv:1: header: no \"struck\" column, which a strike-form ballot needs" },
  { "empty-file", 5, 3, "",
    "b.csv:1: the file is empty; expected the header serial,struck,marks,invalid" },
  { "unclosed-quote", 5, 3, "serial,struck,marks,invalid\n1,\"1 2,,\n2,3,,\n",
    "b.csv:2: a quoted field is not closed before the end of the file" },
  { "stray-quote", 5, 3, "serial,struck,marks,invalid\n1,1 \"2\",,\n",
    "b.csv:2: error parsing data while strict checking enabled (a stray or unclosed quote?)" },
  { "bad-utf8", 5, 3, "serial,struck,marks,invalid\n1,1 2,,\n2,1,,other:r\xe1\xch\n",
    "b.csv:3: field 4 is not valid UTF-8; save the file as UTF-8" },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(KpElection) election = make_election (c->n, c->seats);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ballots = read_csv (election, c->text, &error);

  g_assert_null (ballots);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, c->message);
}

/* A million columns is refused early, not read into memory. */
static void
test_million_columns (void)
{
  g_autoptr(KpElection) election = make_election (5, 3);
  GString *text = g_string_new ("serial,struck,marks,invalid\n1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ballots = NULL;

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (text, ',');
  g_string_append_c (text, '\n');
  ballots = kp_ballots_read_data (text->str, text->len, "b.csv", election, &error);
  g_string_free (text, TRUE);
  g_assert_null (ballots);
  g_assert_cmpstr (error->message, ==, "b.csv:2: more than 64 fields in one row");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ballot-reader/real-file", test_real_file);
  g_test_add_func ("/ballot-reader/R-FORM-2/columns-and-marks", test_column_order_and_yesno);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ballot-reader/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/ballot-reader/bad/million-columns", test_million_columns);
  return g_test_run ();
}
