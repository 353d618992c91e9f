/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-passphrase.c — proposed passphrases and archive passwords: enough
 * entropy, words that Telex and VNI leave as typed, plain ASCII; the
 * strength estimate refuses what a guesser tries first.
 */

#include <string.h>

#include <math.h>

#include "kp-passphrase.h"

/* The list: sorted, no duplicates, two to six letters a–z, and nothing
 * Telex or VNI would turn into another letter (no digit, no w z f j, no s r
 * x after the first vowel, no a e o twice). */
static void
test_word_list (void)
{
  guint n = kp_passphrase_n_words ();

  g_assert_cmpuint (n, >=, 1024);
  for (guint i = 0; i < n; i++)
    {
      const char *w = kp_passphrase_word (i);
      const char *vowel = strpbrk (w, "aeiouy");
      gsize length = strlen (w);

      if (i > 0)
        g_assert_cmpint (strcmp (kp_passphrase_word (i - 1), w), <, 0);
      g_assert_cmpuint (length, >=, 2);
      g_assert_cmpuint (length, <=, 6);
      for (const char *c = w; *c; c++)
        g_assert_true (*c >= 'a' && *c <= 'z');
      g_assert_null (strpbrk (w, "wzfj"));
      g_assert_nonnull (vowel);
      g_assert_null (strpbrk (vowel, "srx"));
      for (const char *v = "aeo"; *v; v++)
        {
          const char *first = strchr (w, *v);
          g_assert_true (first == NULL || strchr (first + 1, *v) == NULL);
        }
    }
}

/* A proposal: eight different words of the list joined by dashes, at least 80 bits,
 * plain ASCII, judged strong enough for an archive; never the same twice. */
static void
test_propose (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) words = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpfloat (kp_passphrase_proposal_bits (), >=, 80.0);
  for (guint i = 0; i < kp_passphrase_n_words (); i++)
    {
      g_hash_table_add (words, (gpointer) kp_passphrase_word (i));
      /* Every word of the list is worth the list's bits, also those that
       * are runs of letters ("ghi", "nop"): a proposal of eight words is
       * never judged below what the archive needs. */
      g_assert_cmpfloat (kp_passphrase_estimate_bits (kp_passphrase_word (i)), ==,
                         log2 (kp_passphrase_n_words ()));
    }
  g_assert_cmpfloat (kp_passphrase_estimate_bits ("ghi-nop-ba-cau-dong-hanh-lua-mua"), >=,
                     KP_PASSPHRASE_ARCHIVE_BITS);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GError) error = NULL;
      char *proposal = kp_passphrase_propose (&error);
      g_auto(GStrv) parts = NULL;

      g_assert_no_error (error);
      g_assert_true (kp_passphrase_is_plain_ascii (proposal));
      parts = g_strsplit (proposal, "-", -1);
      g_assert_cmpuint (g_strv_length (parts), ==, KP_PASSPHRASE_WORDS);
      for (guint k = 0; parts[k]; k++)
        g_assert_true (g_hash_table_contains (words, parts[k]));
      /* Eight different words; the estimate gives the proposal its due. */
      {
        g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
        for (guint k = 0; parts[k]; k++)
          g_hash_table_add (distinct, parts[k]);
        g_assert_cmpuint (g_hash_table_size (distinct), ==, KP_PASSPHRASE_WORDS);
        g_assert_cmpfloat (kp_passphrase_estimate_bits (proposal), >=, KP_PASSPHRASE_ARCHIVE_BITS);
      }
      g_assert_false (g_hash_table_contains (seen, proposal));
      g_hash_table_add (seen, proposal);
    }
}

/* What a guesser tries first is judged weak; long random text strong;
 * diacritics and capitals change nothing. */
static void
test_estimate (void)
{
  static const char *const weak[] = {
    "", "password", "12345678", "aaaaaaaaaaaaaaaaaaaa", "mật khẩu trưởng ban", "Trưởng ban kiểm phiếu 2025",
    "abcdefghijklmnop", "mật khẩu mật khẩu mật khẩu mật khẩu", "Xk9#pQ2!",
  };
  static const char *const strong[] = {
    "tre-nguon-khoi-buom-sang-dieu-non-manh",
    "cây tre làng bên sông mùa lũ năm xưa nhớ mãi",
    "q7Lm-Xa9P-tz4K-Rw2n-Hy8c",
  };

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    if (kp_passphrase_estimate_bits (weak[i]) >= KP_PASSPHRASE_HEAD_BITS)
      g_error ("“%s” is judged strong (%.1f bits)", weak[i], kp_passphrase_estimate_bits (weak[i]));
  for (guint i = 0; i < G_N_ELEMENTS (strong); i++)
    if (kp_passphrase_estimate_bits (strong[i]) < KP_PASSPHRASE_HEAD_BITS)
      g_error ("“%s” is judged weak (%.1f bits)", strong[i], kp_passphrase_estimate_bits (strong[i]));
  g_assert_cmpfloat (kp_passphrase_estimate_bits ("Mật Khẩu Trưởng Ban"), ==,
                     kp_passphrase_estimate_bits ("mat khau truong ban"));
  g_assert_cmpfloat (kp_passphrase_estimate_bits ("\xff\xfe"), ==, 0);
}

static void
test_plain_ascii (void)
{
  g_assert_true (kp_passphrase_is_plain_ascii ("khoa-tranh buoc 2025!~"));
  g_assert_false (kp_passphrase_is_plain_ascii ("lưu trữ"));
  g_assert_false (kp_passphrase_is_plain_ascii ("tab\there"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/passphrase/word-list", test_word_list);
  g_test_add_func ("/passphrase/propose", test_propose);
  g_test_add_func ("/passphrase/estimate", test_estimate);
  g_test_add_func ("/passphrase/plain-ascii", test_plain_ascii);
  return g_test_run ();
}
