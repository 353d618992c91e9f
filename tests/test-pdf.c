/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pdf.c — the PDF adapter's text rules and the Vietnamese words. */

#include <string.h>

#include "kp-pdf.h"

static void
test_number_words (void)
{
  const struct
  {
    guint n;
    const char *words;
  } cases[] = {
    { 0, "không" }, { 1, "một" }, { 5, "năm" }, { 10, "mười" }, { 11, "mười một" }, { 15, "mười lăm" },
    { 20, "hai mươi" }, { 21, "hai mươi mốt" }, { 24, "hai mươi tư" }, { 25, "hai mươi lăm" },
    { 100, "một trăm" }, { 105, "một trăm linh năm" }, { 110, "một trăm mười" }, { 115, "một trăm mười lăm" },
    { 199, "một trăm chín mươi chín" }, { 1000, "một nghìn" }, { 1005, "một nghìn không trăm linh năm" },
    { 1587, "một nghìn năm trăm tám mươi bảy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = kp_vi_number_words (cases[i].n);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

/* 36-HD/VPTW: a leading zero for days below 10 and for January, February. */
static void
test_dates (void)
{
  g_autofree char *a = kp_vi_date ("Thạch Thành", "2020-06-15");
  g_autofree char *b = kp_vi_date ("Hà Nội", "2026-01-05");
  g_autofree char *c = kp_vi_date (NULL, NULL);

  g_assert_cmpstr (a, ==, "Thạch Thành, ngày 15 tháng 6 năm 2020");
  g_assert_cmpstr (b, ==, "Hà Nội, ngày 05 tháng 01 năm 2026");
  g_assert_cmpstr (c, ==, "……………, ngày …… tháng …… năm ……");
}

/* Wrapped lines never exceed the width, even for one long word; fitting
 * shrinks only as far as asked. */
static void
test_wrap (void)
{
  const KpPageSetup setup = { KP_A4_WIDTH, KP_A4_HEIGHT, 50, 50, 50, 50 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpPdf) pdf = kp_pdf_new (&setup, &error);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) long_word = NULL;
  const char *text = "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW ngày 10/10/2024";

  g_assert_no_error (error);
  lines = kp_pdf_wrap (pdf, KP_FONT_REGULAR, 14, 150, text);
  g_assert_cmpuint (lines->len, >, 2);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpfloat (kp_pdf_text_width (pdf, KP_FONT_REGULAR, 14, lines->pdata[i]), <=, 150);
  long_word = kp_pdf_wrap (pdf, KP_FONT_BOLD, 14, 40, "Nguyễn-Thị-Phương-Thảo-Nguyên");
  g_assert_cmpuint (long_word->len, >, 1);
  for (guint i = 0; i < long_word->len; i++)
    g_assert_cmpfloat (kp_pdf_text_width (pdf, KP_FONT_BOLD, 14, long_word->pdata[i]), <=, 40);

  g_assert_cmpfloat (kp_pdf_fit_size (pdf, KP_FONT_REGULAR, 14, 10, 1000, "Lê Văn An"), ==, 14);
  g_assert_cmpfloat (kp_pdf_fit_size (pdf, KP_FONT_REGULAR, 14, 10, 10, "Lê Văn An"), ==, 10);
  {
    double s = kp_pdf_fit_size (pdf, KP_FONT_REGULAR, 14, 6, 100, "Nguyễn Thị Phương Thảo");
    g_assert_cmpfloat (s, <, 14);
    g_assert_cmpfloat (s, >, 6);
    g_assert_cmpfloat (kp_pdf_text_width (pdf, KP_FONT_REGULAR, s, "Nguyễn Thị Phương Thảo"), <=, 100);
  }
}

/* A missing font is an error, never a silent fallback. */
static void
test_missing_font (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kp_fonts_find ("No Such Font Family KP", KP_FONT_REGULAR, &error);
  g_autofree char *found = NULL;

  g_assert_null (path);
  g_assert_error (error, KP_FONTS_ERROR, KP_FONTS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "fonts-liberation2"));
  g_clear_error (&error);
  found = kp_fonts_find ("Liberation Serif", KP_FONT_BOLD_ITALIC, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (found, ".ttf"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf/number-words", test_number_words);
  g_test_add_func ("/pdf/dates", test_dates);
  g_test_add_func ("/pdf/wrap", test_wrap);
  g_test_add_func ("/pdf/missing-font", test_missing_font);
  return g_test_run ();
}
