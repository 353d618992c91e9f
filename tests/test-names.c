/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-names.c — R-LIST-2: the Party's ABC order of Vietnamese names. */

#include <string.h>

#include "kp-election.h"
#include "kp-names.h"

static void
assert_before (const char *a,
               const char *b)
{
  if (kp_names_compare (a, NULL, b, NULL) >= 0)
    g_error ("expected \"%s\" before \"%s\"", a, b);
  g_assert_cmpint (kp_names_compare (b, NULL, a, NULL), >, 0);
}

/* Letters: a ă â b c d đ e ê g … o ô ơ … u ư; tones after the letters in
 * the order none, huyền, hỏi, ngã, sắc, nặng (CLDR vi). */
static void
test_letters_and_tones (void)
{
  assert_before ("Trần Văn An", "Trần Văn Ánh");
  assert_before ("Trần Văn Ánh", "Trần Văn Ân");
  assert_before ("Trần Văn Dung", "Trần Văn Đức");
  assert_before ("Lê Ha", "Lê Hà");
  assert_before ("Lê Hà", "Lê Hả");
  assert_before ("Lê Hả", "Lê Hã");
  assert_before ("Lê Hã", "Lê Há");
  assert_before ("Lê Há", "Lê Hạ");
  assert_before ("Lê Long", "Lê Lộc");
  assert_before ("Lê Lộc", "Lê Lợi");
  assert_before ("Lê Tú", "Lê Tuấn");
  assert_before ("Lê Tuấn", "Lê Tư");
  assert_before ("Lê Tư", "Lê Ư");
  assert_before ("Lê Văn Hạnh", "Lê Văn Hằng");
  assert_before ("Lê Ô", "Lê Ơ");
  assert_before ("Lê Văn Em", "Lê Văn Ê");
}

/* Key = given name (last word), family name (first), middle, born. */
static void
test_key_order (void)
{
  /* Given name decides before the family name. */
  assert_before ("Trần Văn An", "Nguyễn Văn Bình");
  /* Same given name: family name. */
  assert_before ("Lê Văn An", "Nguyễn Thị An");
  /* Same given and family: middle names. */
  assert_before ("Nguyễn Thị An", "Nguyễn Văn An");
  /* Same name: earlier date of birth first; unknown after known. */
  g_assert_cmpint (kp_names_compare ("Nguyễn Văn An", "1970-01-02", "Nguyễn Văn An", "1965-05-01"), >, 0);
  g_assert_cmpint (kp_names_compare ("Nguyễn Văn An", "1970-01-02", "Nguyễn Văn An", NULL), <, 0);
  g_assert_cmpint (kp_names_compare ("Nguyễn Văn An", NULL, "Nguyễn Văn An", NULL), ==, 0);
}

/* Old and new tone placement are the same name; NFD input is the same as
 * NFC input. */
static void
test_spellings (void)
{
  g_autofree char *nfd = g_utf8_normalize ("Đinh Thị Thủy", -1, G_NORMALIZE_DEFAULT);
  g_autofree char *nfc = kp_text_nfc (nfd);

  g_assert_cmpint (kp_names_compare ("Đinh Thị Thuỷ", NULL, "Đinh Thị Thủy", NULL), ==, 0);
  g_assert_cmpint (kp_names_compare ("Lê Văn Hoà", NULL, "Lê Văn Hòa", NULL), ==, 0);
  g_assert_cmpint (kp_names_compare ("Lê Văn Khoẻ", NULL, "Lê Văn Khỏe", NULL), ==, 0);
  g_assert_cmpint (kp_names_compare (nfd, NULL, "Đinh Thị Thủy", NULL), ==, 0);
  g_assert_cmpstr (nfc, ==, "Đinh Thị Thủy");
  g_assert_cmpstr (nfc, !=, nfd);
  /* Still ordered among other names. */
  assert_before ("Đinh Thị Thuỷ", "Lê Thị Thùy Vân");
  assert_before ("Lê Thu", "Lê Thuỷ");
  assert_before ("Lê Thủy", "Lê Thụy");
  g_assert_null (kp_text_nfc ("\xff\xfe"));
}

/* Sorting is stable: people with the same key keep their order. */
static void
test_sort (void)
{
  const char *input[] = { "Nguyễn Văn Bình", "Trần Thị Ánh", "Lê Văn Đức", "Phạm Thị An",
                          "Hoàng Văn Dũng", "Đỗ Thị Ân", "Vũ Văn An", "Vũ Văn An" };
  const char *want[] = { "Phạm Thị An", "Vũ Văn An", "Vũ Văn An", "Trần Thị Ánh", "Đỗ Thị Ân",
                         "Nguyễn Văn Bình", "Hoàng Văn Dũng", "Lê Văn Đức" };
  const char *born[] = { NULL, NULL, NULL, NULL, NULL, NULL, "1971-01-01", NULL };
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (input); i++)
    {
      KpNamedPerson *p = g_new0 (KpNamedPerson, 1);
      p->name = (char *) input[i];
      p->born = (char *) born[i];
      g_ptr_array_add (people, p);
    }
  kp_names_sort (people);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpstr (((KpNamedPerson *) people->pdata[i])->name, ==, want[i]);
  /* The one with a known date of birth comes first among the two Vũ Văn An. */
  g_assert_cmpstr (((KpNamedPerson *) people->pdata[1])->born, ==, "1971-01-01");
}

/* R-LIST-2: namesakes — the same name as the ABC order compares names,
 * so also "Hoà" and "Hòa", or words spaced twice — are shown with their
 * date of birth, in full; a shared given name alone is not a namesake. */
static void
test_display_names (void)
{
  g_autoptr(KpElection) election = kp_election_new ("bch", 2);
  g_autoptr(KpElection) empty = kp_election_new ("bch", 0);
  g_auto(GStrv) shown = NULL;
  g_auto(GStrv) none = NULL;
  const char *people[][2] = {
    { "Nguyễn Văn Nam", "1970-03-02" }, { "Trần Văn Nam", "1965-07-30" }, { "Nguyễn Văn Nam", NULL },
    { "Hoàng Thị Hoà", "1960-01-01" },  { "Hoàng Thị  Hòa", "1961-12-31" }, { "Nguyễn  Văn Nam", "1975-11-20" },
  };
  const char *want[] = {
    "Nguyễn Văn Nam (sinh ngày 02/03/1970)", "Trần Văn Nam", "Nguyễn Văn Nam",
    "Hoàng Thị Hoà (sinh ngày 01/01/1960)",  "Hoàng Thị  Hòa (sinh ngày 31/12/1961)",
    "Nguyễn  Văn Nam (sinh ngày 20/11/1975)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_ptr_array_add (election->candidates, kp_candidate_new (i + 1, people[i][0], people[i][1]));
  shown = kp_election_get_display_names (election);
  g_assert_cmpuint (g_strv_length (shown), ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpstr (shown[i], ==, want[i]);

  none = kp_election_get_display_names (empty);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_dates (void)
{
  g_assert_true (kp_date_is_valid ("2020-06-15"));
  g_assert_true (kp_date_is_valid ("2000-02-29"));
  g_assert_false (kp_date_is_valid ("2019-02-29"));
  g_assert_false (kp_date_is_valid ("2020-13-01"));
  g_assert_false (kp_date_is_valid ("15/06/2020"));
  g_assert_false (kp_date_is_valid ("2020-6-15"));
  g_assert_false (kp_date_is_valid (""));
}

/* Shortened for a report: cut between characters, never inside a
 * Vietnamese letter's bytes. */
static void
test_shorten (void)
{
  const char *name = "Nguyễn Thị Hồng Nhung Phượng Tường Vy Đặng Thị Ánh Tuyết Nguyễn Thị Mỹ Hạnh";
  g_autofree char *short5 = kp_text_shorten (name, 5);
  g_autofree char *short7 = kp_text_shorten (name, 7);
  g_autofree char *whole = kp_text_shorten (name, 500);
  g_autofree char *broken = kp_text_shorten ("Nguy\xe1\xbb", 10);
  g_autofree char *none = kp_text_shorten (NULL, 10);

  /* "ễ" is three bytes: byte 5 falls inside it. */
  g_assert_cmpstr (short5, ==, "Nguyễ…");
  g_assert_cmpstr (short7, ==, "Nguyễn …");
  g_assert_cmpstr (whole, ==, name);
  g_assert_true (g_utf8_validate (broken, -1, NULL));
  g_assert_cmpstr (none, ==, "NULL");
  for (guint n = 0; n < 80; n++)
    {
      g_autofree char *cut = kp_text_shorten (name, n);
      g_assert_true (g_utf8_validate (cut, -1, NULL));
      g_assert_cmpint (g_utf8_strlen (cut, -1), ==, MIN (n + 1, (guint) g_utf8_strlen (name, -1)));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/names/R-LIST-2/letters-and-tones", test_letters_and_tones);
  g_test_add_func ("/names/R-LIST-2/key-order", test_key_order);
  g_test_add_func ("/names/R-LIST-2/spellings", test_spellings);
  g_test_add_func ("/names/R-LIST-2/stable-sort", test_sort);
  g_test_add_func ("/names/R-LIST-2/display-names", test_display_names);
  g_test_add_func ("/names/dates", test_dates);
  g_test_add_func ("/names/shorten", test_shorten);
  return g_test_run ();
}
