/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-definition.c — the definition reader: a good definition loads; every
 * malformed one is refused with the file, the line and the field.
 */

#include <string.h>

#include "kp-definition.h"

#define HEAD \
  "{\n" \
  "  \"format\": \"kiemphieu/election@1\",\n" \
  "  \"congress\": {\n" \
  "    \"organization\": \"ĐẢNG BỘ XÃ THÀNH VÂN\",\n" \
  "    \"name\": \"ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XX\",\n" \
  "    \"kind\": \"delegates\",\n" \
  "    \"convened\": 100,\n" \
  "    \"exclusions\": [ { \"count\": 2, \"reason\": \"vắng\" } ]\n" \
  "  },\n" \
  "  \"elections\": [\n"
/* HEAD is 10 lines; an election starts on line 11. */
#define TAIL "  ]\n}\n"

static KpCongress *
load (const char  *text,
      GError     **error)
{
  return kp_definition_load_data (text, strlen (text), "d.json", error);
}

static void
test_good (void)
{
  const char *text = HEAD
    "    { \"id\": \"bch\", \"title\": \"Bầu BCH\", \"body\": \"committee\", \"seats\": 2,\n"
    "      \"candidates\": [ { \"name\": \"Trần Văn Bình\" }, { \"name\": \"Lê Thị An\", \"born\": \"1970-01-01\" },\n"
    "                      { \"name\": \"Nguyễn Văn Cường\" } ] },\n"
    "    { \"id\": \"bt\", \"title\": \"Bầu Bí thư\", \"body\": \"secretary\", \"seats\": 1, \"issued\": 9,\n"
    "      \"convened\": 9, \"exclusions\": [],\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"Trần Văn Bình\" } ] }\n" TAIL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = load (text, &error);
  KpElection *bch, *bt;

  g_assert_no_error (error);
  bch = kp_congress_find_election (congress, "bch");
  bt = kp_congress_find_election (congress, "bt");
  /* R-BASE-1: 100 − 2. */
  g_assert_cmpuint (bch->base, ==, 98);
  g_assert_cmpint (bch->issued, ==, -1);
  /* R-LIST-2: no "no" given, so put in ABC order and numbered. */
  g_assert_cmpstr (kp_election_get_candidate (bch, 1)->name, ==, "Lê Thị An");
  g_assert_cmpstr (kp_election_get_candidate (bch, 2)->name, ==, "Trần Văn Bình");
  g_assert_cmpstr (kp_election_get_candidate (bch, 3)->name, ==, "Nguyễn Văn Cường");
  g_assert_cmpstr (kp_election_get_candidate (bch, 1)->born, ==, "1970-01-01");
  /* R-FORM-3 */
  g_assert_cmpint (kp_election_get_form (bch), ==, KP_BALLOT_FORM_STRIKE);
  g_assert_cmpint (kp_election_get_form (bt), ==, KP_BALLOT_FORM_YESNO);
  /* The election's own base (a committee meeting). */
  g_assert_cmpuint (bt->base, ==, 9);
  g_assert_cmpint (bt->issued, ==, 9);
}

/* An approved order is kept as given, even when not ABC (R-LIST-2), with a
 * warning; surplus warnings follow R-LIST-1. */
static void
test_approved_order_and_warnings (void)
{
  const char *text = HEAD
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 3,\n"
    "      \"candidates\": [ { \"no\": 2, \"name\": \"Lê Thị An\" }, { \"no\": 1, \"name\": \"Trần Văn Bình\" },\n"
    "                      { \"no\": 3, \"name\": \"Ngô Văn Cường\" }, { \"no\": 4, \"name\": \"Hà Văn Dũng\" },\n"
    "                      { \"no\": 5, \"name\": \"Võ Thị Em\" } ] },\n"
    "    { \"id\": \"ubkt\", \"title\": \"t\", \"body\": \"inspection_committee\", \"seats\": 2,\n"
    "      \"candidates\": [ { \"name\": \"A B\" }, { \"name\": \"C D\" } ] },\n"
    "    { \"id\": \"big\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 10,\n"
    "      \"candidates\": [ {\"name\":\"A A\"},{\"name\":\"A B\"},{\"name\":\"A C\"},{\"name\":\"A D\"},{\"name\":\"A E\"},{\"name\":\"A G\"},\n"
    "        {\"name\":\"A H\"},{\"name\":\"A I\"},{\"name\":\"A K\"},{\"name\":\"A L\"},{\"name\":\"A M\"},{\"name\":\"A N\"},\n"
    "        {\"name\":\"A O\"},{\"name\":\"A P\"} ] }\n" TAIL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = load (text, &error);
  g_autoptr(GPtrArray) warnings = NULL;
  KpElection *bch;

  g_assert_no_error (error);
  bch = kp_congress_find_election (congress, "bch");
  g_assert_cmpstr (kp_election_get_candidate (bch, 1)->name, ==, "Trần Văn Bình");
  g_assert_cmpstr (kp_election_get_candidate (bch, 2)->name, ==, "Lê Thị An");

  warnings = kp_definition_check (congress);
  g_assert_cmpuint (warnings->len, ==, 4);
  g_assert_nonnull (strstr (warnings->pdata[0], "bch: R-LIST-1: surplus 2 for a body of 3"));
  g_assert_nonnull (strstr (warnings->pdata[1], "bch: R-LIST-2"));
  g_assert_nonnull (strstr (warnings->pdata[1], "1. Trần Văn Bình comes before 2. Lê Thị An"));
  g_assert_nonnull (strstr (warnings->pdata[2], "ubkt: R-LIST-1: the list has no surplus"));
  g_assert_nonnull (strstr (warnings->pdata[3], "big: R-LIST-1: surplus 4 is more than 30% of the 10 seats"));
}

typedef struct
{
  const char *name;
  const char *election; /* one election, placed on lines 11.. */
  const char *message;  /* the whole error message */
} BadCase;

static const BadCase bad_cases[] = {
  { "zero-width-space-in-name",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"Nguyễn\\u200bVăn An\" }, { \"name\": \"B\" } ] }\n",
    "d.json:12: elections[0].candidates[0].name: contains an invisible character (U+200B) that can disguise "
    "the text" },
  { "right-to-left-override-in-name",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"\\u202eAn\" }, { \"name\": \"B\" } ] }\n",
    "d.json:12: elections[0].candidates[0].name: contains an invisible character (U+202E) that can disguise "
    "the text" },
  { "seats-more-than-names",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\",\n"
    "      \"seats\": 3,\n"
    "      \"candidates\": [ { \"name\": \"A\" }, { \"name\": \"B\" } ] }\n",
    "d.json:12: elections[0]: 3 seats but only 2 names on the list: an election needs at least "
    "as many names as seats" },
  { "mixed-no",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"A\" },\n"
    "                      { \"name\": \"B\" } ] }\n",
    "d.json:13: elections[0].candidates[1]: some names have \"no\" and some do not: give every "
    "name its ballot number, or none (then they are put in ABC order)" },
  { "duplicate-no",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"A\" },\n"
    "                      { \"no\": 1, \"name\": \"B\" } ] }\n",
    "d.json:13: elections[0].candidates[1]: no 1 is given to two names" },
  { "no-out-of-range",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"A\" },\n"
    "                      { \"no\": 3, \"name\": \"B\" } ] }\n",
    "d.json:13: elections[0].candidates[1].no: 3 is out of range (1 to 2)" },
  { "seats-negative",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\",\n"
    "      \"seats\": -4,\n"
    "      \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:12: elections[0].seats: -4 is out of range (1 to 10000)" },
  { "seats-not-integer",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\",\n"
    "      \"seats\": 2.5,\n"
    "      \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:12: elections[0].seats: must be a whole number" },
  { "missing-title",
    "    { \"id\": \"bch\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:11: elections[0].title: missing (required)" },
  { "empty-name",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [\n"
    "        { \"name\": \"  \" } ] }\n",
    "d.json:13: elections[0].candidates[0].name: must not be empty" },
  { "bad-body",
    "    { \"id\": \"bch\", \"title\": \"t\",\n"
    "      \"body\": \"politburo\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:12: elections[0]: body \"politburo\" is not a known body (committee, "
    "standing_committee, secretary, deputy_secretary, inspection_committee, inspection_chair, "
    "delegates, alternate_delegates, opinion, other)" },
  { "bad-born",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"A\",\n"
    "                        \"born\": \"1970-02-30\" } ] }\n",
    "d.json:13: elections[0].candidates[0].born: must be a date written YYYY-MM-DD" },
  { "base-zero",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"convened\": 3, \"exclusions\": [ { \"count\": 3, \"reason\": \"r\" } ],\n"
    "      \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:11: elections[0]: the exclusions take away all 3 convened: the threshold base "
    "would be 0" },
  { "name-too-long",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" } ] }\n",
    "d.json:12: elections[0].candidates[0].name: longer than 200 characters" },
  { "name-control-character",
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1,\n"
    "      \"candidates\": [ { \"name\": \"Lê\\nAn\" } ] }\n",
    "d.json:12: elections[0].candidates[0].name: contains a control character (line break or tab)" },
  { "duplicate-id",
    "    { \"id\": \"x\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1, \"candidates\": [ { \"name\": \"A\" } ] },\n"
    "    { \"id\": \"x\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 1, \"candidates\": [ { \"name\": \"A\" } ] }\n",
    "d.json:12: elections[1]: id \"x\" is used by two elections" },
  { "syntax",
    "    { \"id\": \"x\", \"title\": \"t\",, }\n",
    NULL },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *text = g_strconcat (HEAD, c->election, TAIL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = load (text, &error);

  g_assert_null (congress);
  g_assert_nonnull (error);
  if (c->message)
    g_assert_cmpstr (error->message, ==, c->message);
  else
    {
      g_assert_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "d.json:11:"));
    }
}

static void
test_bad_utf8 (void)
{
  const char *text = "{\n  \"format\": \"kiemphieu/election@1\",\n  \"x\": \"L\xea\"\n}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = load (text, &error);

  g_assert_null (congress);
  g_assert_cmpstr (error->message, ==, "d.json:3: not valid UTF-8 (byte 48); save the file as UTF-8");
}

static void
test_wrong_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) a = load ("[1, 2]", &error);

  g_assert_null (a);
  g_assert_cmpstr (error->message, ==, "d.json: not an election definition (the top level must be an object)");
  g_clear_error (&error);
  g_assert_null (load ("{\n \"format\": \"kiemphieu/election@2\"\n}", &error));
  g_assert_cmpstr (error->message, ==, "d.json:2: format: \"kiemphieu/election@2\" is not kiemphieu/election@1");
  g_clear_error (&error);
  g_assert_null (load ("", &error));
  g_assert_nonnull (error);
}

/* A BOM and NFD text are accepted; names come out in NFC. */
static void
test_bom_and_nfc (void)
{
  g_autofree char *nfd = g_utf8_normalize ("Lê Thị Thủy", -1, G_NORMALIZE_DEFAULT);
  g_autofree char *text = g_strdup_printf ("\xEF\xBB\xBF" HEAD
                                           "    { \"id\": \"b\", \"title\": \"t\", \"body\": \"other\", \"seats\": 1,\n"
                                           "      \"candidates\": [ { \"name\": \"%s\" } ] }\n" TAIL, nfd);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = load (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kp_election_get_candidate (g_ptr_array_index (congress->elections, 0), 1)->name, ==,
                   "Lê Thị Thủy");
}

/* R-LIST-2: namesakes without a date of birth read the same on the ballot
 * and the minutes: warned, whatever the spelling of the tone ("Thuỷ" and
 * "Thủy"); with dates of birth, no warning. */
static void
test_namesakes_warning (void)
{
  const char *without = HEAD
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 2,\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"Phạm Thị Thuỷ\" }, { \"no\": 2, \"name\": \"Lê Văn An\" },\n"
    "                      { \"no\": 3, \"name\": \"Phạm Thị Thủy\" } ] }\n" TAIL;
  const char *with = HEAD
    "    { \"id\": \"bch\", \"title\": \"t\", \"body\": \"committee\", \"seats\": 2,\n"
    "      \"candidates\": [ { \"no\": 1, \"name\": \"Phạm Thị Thuỷ\", \"born\": \"1970-01-02\" },\n"
    "                      { \"no\": 2, \"name\": \"Lê Văn An\" },\n"
    "                      { \"no\": 3, \"name\": \"Phạm Thị Thủy\", \"born\": \"1975-03-04\" } ] }\n" TAIL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) a = load (without, &error);
  g_autoptr(KpCongress) b = NULL;
  g_autoptr(GPtrArray) warned = NULL;
  g_autoptr(GPtrArray) quiet = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  warned = kp_definition_check (a);
  for (guint i = 0; i < warned->len; i++)
    found |= strstr (warned->pdata[i], "1. Phạm Thị Thuỷ and 3. Phạm Thị Thủy have the same name") != NULL;
  g_assert_true (found);
  b = load (with, &error);
  g_assert_no_error (error);
  quiet = kp_definition_check (b);
  for (guint i = 0; i < quiet->len; i++)
    g_assert_null (strstr (quiet->pdata[i], "have the same name"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/definition/good", test_good);
  g_test_add_func ("/definition/R-LIST-1+R-LIST-2/warnings", test_approved_order_and_warnings);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/definition/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/definition/bad/utf-8", test_bad_utf8);
  g_test_add_func ("/definition/bad/format", test_wrong_format);
  g_test_add_func ("/definition/bom-and-nfc", test_bom_and_nfc);
  g_test_add_func ("/definition/R-LIST-2/namesakes-warning", test_namesakes_warning);
  return g_test_run ();
}
