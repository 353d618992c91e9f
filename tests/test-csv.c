/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-csv.c — CSV records with their line numbers (kp-csv): RFC 4180
 * quoting, line breaks and quotes inside fields, CRLF, a byte-order mark,
 * empty fields and lines, and errors that name the file and the line.
 * (test-hostile covers the huge field and the million columns end to end.)
 */

#include <string.h>

#include "kp-csv.h"

/* Each record as "LINE[field][field]…". */
static gboolean
collect_cb (guint       line,
            GPtrArray  *fields,
            gpointer    user_data,
            GError    **error)
{
  GPtrArray *rows = user_data;
  GString *row = g_string_new (NULL);

  g_string_append_printf (row, "%u", line);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (row, "[%s]", (const char *) fields->pdata[i]);
  g_ptr_array_add (rows, g_string_free (row, FALSE));
  return TRUE;
}

/* Parses @data (without its NUL) and checks the records against @want,
 * NULL-terminated. */
static void
assert_rows (const char        *data,
             gsize              length,
             const char *const *want)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length ((char **) want);

  g_assert_true (kp_csv_parse (data, length, "t.csv", collect_cb, rows, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < MIN (n, rows->len); i++)
    g_assert_cmpstr (rows->pdata[i], ==, want[i]);
  g_assert_cmpuint (rows->len, ==, n);
}

#define ASSERT_ROWS(text, ...)                                                                                          \
  G_STMT_START                                                                                                         \
  {                                                                                                                    \
    const char *const want_[] = { __VA_ARGS__, NULL };                                                                 \
    assert_rows (text, sizeof (text) - 1, want_);                                                                      \
  }                                                                                                                    \
  G_STMT_END

/* Parses @data, which must fail with a syntax error whose message is @message. */
static void
assert_error (const char *data,
              gsize       length,
              const char *message)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (kp_csv_parse (data, length, "phieu.csv", collect_cb, rows, &error));
  g_assert_error (error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, message);
}

#define ASSERT_ERROR(text, message) assert_error (text, sizeof (text) - 1, message)

static void
test_plain (void)
{
  ASSERT_ROWS ("serial,struck,marks,invalid\n1,3 17 40,,\n2,,,\n",
               "1[serial][struck][marks][invalid]", "2[1][3 17 40][][]", "3[2][][][]");
  /* No line break after the last record. */
  ASSERT_ROWS ("a,b\n1,2", "1[a][b]", "2[1][2]");
  /* Nothing at all, or only a byte-order mark: no record. */
  ASSERT_ROWS ("", NULL);
  ASSERT_ROWS ("\xEF\xBB\xBF", NULL);
}

/* RFC 4180 §2.5–2.7: commas and doubled quotes inside quoted fields. */
static void
test_quoting (void)
{
  ASSERT_ROWS ("\"a,b\",\"say \"\"hi\"\"\",c\n", "1[a,b][say \"hi\"][c]");
  ASSERT_ROWS ("\"\",x,\"\"\"\"\n", "1[][x][\"]");
  ASSERT_ROWS ("\"Nguyễn Văn An, Trần Thị Bích\",2\n", "1[Nguyễn Văn An, Trần Thị Bích][2]");
  /* Spaces inside quotes are kept. */
  ASSERT_ROWS ("\" a \",b\n", "1[ a ][b]");
}

/* libcsv trims spaces around unquoted fields (RFC 4180 §2.4 would keep
 * them); the spaces between struck numbers stay. */
static void
test_spaces (void)
{
  ASSERT_ROWS (" 12 , 3 17 ,x\n", "1[12][3 17][x]");
}

/* A quoted line break is part of the field; the record carries the line it
 * starts on, and the line count goes on past it. */
static void
test_embedded_newlines (void)
{
  ASSERT_ROWS ("serial,invalid\n1,\"other:ghi\nthêm\"\n2,\n3,\"a\n\nb\"\n4,x\n",
               "1[serial][invalid]", "2[1][other:ghi\nthêm]", "4[2][]", "5[3][a\n\nb]", "8[4][x]");
}

/* A record whose first field is quoted and spans lines carries the line it
 * starts on (KpCsvRowFunc), not the line where that field ends. */
static void
test_first_field_spans_lines (void)
{
  ASSERT_ROWS ("h\n\"x\ny\",z\nw\n", "1[h]", "2[x\ny][z]", "4[w]");
  ASSERT_ROWS ("a\r\n\"x\r\ny\"\r\nz\r\n", "1[a]", "2[x\r\ny]", "4[z]");
  ASSERT_ROWS ("\"x\n\ny\"\n\n  \"p\nq\",r\n", "1[x\n\ny]", "5[p\nq][r]");
  /* The field's second line is longer than one piece fed to libcsv. */
  {
    g_autoptr(GString) data = g_string_new ("h\n\"x\n");
    g_autoptr(GString) want = g_string_new ("2[x\n");

    for (guint i = 0; i < 100 * 1024; i++)
      {
        g_string_append_c (data, 'y');
        g_string_append_c (want, 'y');
      }
    g_string_append (data, "\",z\nw\n");
    g_string_append (want, "][z]");
    assert_rows (data->str, data->len, (const char *const[]) { "1[h]", want->str, "4[w]", NULL });
  }
}

/* CRLF line ends (files from Windows): the same records and line numbers;
 * a CRLF inside quotes is part of the field. */
static void
test_crlf (void)
{
  ASSERT_ROWS ("a,b\r\n1,2\r\n\r\n3,4\r\n", "1[a][b]", "2[1][2]", "4[3][4]");
  ASSERT_ROWS ("a\r\nb,\"x\r\ny\"\r\nz\r\n", "1[a]", "2[b][x\r\ny]", "4[z]");
  /* A lone CR (old Mac files) ends a line and a record, as LF and CRLF do;
   * inside quotes it is part of the field and still counts as a line. */
  ASSERT_ROWS ("a,1\rb,2\r", "1[a][1]", "2[b][2]");
  ASSERT_ROWS ("a\r\r\"x\ry\",z\rw\r", "1[a]", "3[x\ry][z]", "5[w]");
  ASSERT_ERROR ("a\rb,\"c\"d\r", "phieu.csv:2: error parsing data while strict checking enabled (a stray or "
                "unclosed quote?)");
}

/* A UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped, only at the start. */
static void
test_bom (void)
{
  ASSERT_ROWS ("\xEF\xBB\xBFserial,struck\n1,2\n", "1[serial][struck]", "2[1][2]");
  ASSERT_ROWS ("\xEF\xBB\xBF\"serial\"\r\n", "1[serial]");
  ASSERT_ROWS ("a\n\xEF\xBB\xBF" "b\n", "1[a]", "2[\xEF\xBB\xBF" "b]");
}

/* Empty fields are kept; empty lines and lines of spaces are skipped, and
 * the lines after them keep their numbers. */
static void
test_empty (void)
{
  ASSERT_ROWS ("1,,,\n,\n,,\n", "1[1][][][]", "2[][]", "3[][][]");
  ASSERT_ROWS ("a\n\n\n   \nb\n\n", "1[a]", "5[b]");
  ASSERT_ROWS ("\n\nx\n", "3[x]");
}

/* A quote in the wrong place stops the file at that line (CSV_STRICT). */
static void
test_malformed_quote (void)
{
  ASSERT_ERROR ("serial,struck\n1,\"3 17\"x\n2,\n",
                "phieu.csv:2: error parsing data while strict checking enabled (a stray or unclosed quote?)");
  ASSERT_ERROR ("serial,struck\n1,2\n2,3\n3,4 \"5\"\n",
                "phieu.csv:4: error parsing data while strict checking enabled (a stray or unclosed quote?)");
  /* In a record that spans lines, the line where the bad quote is. */
  ASSERT_ERROR ("a\n1,\"x\ny\"z\n", "phieu.csv:3: error parsing data while strict checking enabled (a stray or "
                "unclosed quote?)");
}

/* A quote opened and never closed: the error names the line where the
 * record (and the quote) starts. */
static void
test_unclosed_quote (void)
{
  ASSERT_ERROR ("serial,struck\n1,2\n2,\"3 17\n3,4\n",
                "phieu.csv:3: a quoted field is not closed before the end of the file");
  ASSERT_ERROR ("\"abc", "phieu.csv:1: a quoted field is not closed before the end of the file");
}

/* When the unclosed quote opens the record's first field, no field of that
 * record has ended; the error still names the line the record starts on. */
static void
test_unclosed_quote_first_field (void)
{
  ASSERT_ERROR ("serial,invalid\n1,\n2,\n\"3,\n4,\n",
                "phieu.csv:4: a quoted field is not closed before the end of the file");
  ASSERT_ERROR ("\"abc\nx\ny\n", "phieu.csv:1: a quoted field is not closed before the end of the file");
  ASSERT_ERROR ("a\n\n  \"b\n", "phieu.csv:3: a quoted field is not closed before the end of the file");
  ASSERT_ERROR ("a\r\n\r\n\"b\r\nc\r\n", "phieu.csv:3: a quoted field is not closed before the end of the file");
  ASSERT_ERROR ("a\r\"b\rc\r", "phieu.csv:2: a quoted field is not closed before the end of the file");
}

/* Every field is UTF-8, or the line is named. */
static void
test_not_utf8 (void)
{
  ASSERT_ERROR ("a,b\n1,Nguy\xe1\xbb\n", "phieu.csv:2: field 2 is not valid UTF-8; save the file as UTF-8");
  ASSERT_ERROR ("a\n\n\xff\n", "phieu.csv:3: field 1 is not valid UTF-8; save the file as UTF-8");
  /* Windows-1258 "Nguyễn" is not UTF-8. */
  ASSERT_ERROR ("Nguy\xea\xde\x6e\n", "phieu.csv:1: field 1 is not valid UTF-8; save the file as UTF-8");
}

/* KP_CSV_MAX_FIELDS: 64 fields pass, 65 do not. */
static void
test_max_fields (void)
{
  g_autoptr(GString) ok = g_string_new ("x\n");
  g_autoptr(GString) wide = g_string_new ("x\n");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 64; i++)
    g_string_append_printf (ok, "%s%u", i ? "," : "", i);
  g_string_append_printf (wide, "%s,64\n", ok->str + 2);
  g_string_append (ok, "\n");
  g_assert_true (kp_csv_parse (ok->str, ok->len, "t.csv", collect_cb, rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (g_str_has_prefix (rows->pdata[1], "2[0][1][2]"));
  g_assert_true (g_str_has_suffix (rows->pdata[1], "[62][63]"));
  assert_error (wide->str, wide->len, "phieu.csv:2: more than 64 fields in one row");
}

/* The callback's error stops the reading: later records are not seen. */
static gboolean
refuse_second_cb (guint       line,
                  GPtrArray  *fields,
                  gpointer    user_data,
                  GError    **error)
{
  guint *calls = user_data;

  (*calls)++;
  if (line == 3)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "line %u: serial %s refused", line,
                   (const char *) fields->pdata[0]);
      return FALSE;
    }
  return TRUE;
}

static void
test_callback_stops (void)
{
  const char data[] = "serial\n\n7\n8\n9\n";
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  g_assert_false (kp_csv_parse (data, sizeof data - 1, "t.csv", refuse_second_cb, &calls, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_cmpstr (error->message, ==, "line 3: serial 7 refused");
  g_assert_cmpuint (calls, ==, 2);
}

/* The length is obeyed: bytes after it are not read, a NUL before it is data. */
static void
test_length (void)
{
  const char data[] = "a,b\n1,2\nnot read\n";

  assert_rows (data, strlen ("a,b\n1,2\n"), (const char *const[]) { "1[a][b]", "2[1][2]", NULL });
  assert_rows (data, strlen ("a,b\n1,"), (const char *const[]) { "1[a][b]", "2[1][]", NULL });
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/spaces", test_spaces);
  g_test_add_func ("/csv/embedded-newlines", test_embedded_newlines);
  g_test_add_func ("/csv/first-field-spans-lines", test_first_field_spans_lines);
  g_test_add_func ("/csv/crlf", test_crlf);
  g_test_add_func ("/csv/bom", test_bom);
  g_test_add_func ("/csv/empty", test_empty);
  g_test_add_func ("/csv/malformed-quote", test_malformed_quote);
  g_test_add_func ("/csv/unclosed-quote", test_unclosed_quote);
  g_test_add_func ("/csv/unclosed-quote-first-field", test_unclosed_quote_first_field);
  g_test_add_func ("/csv/not-utf8", test_not_utf8);
  g_test_add_func ("/csv/max-fields", test_max_fields);
  g_test_add_func ("/csv/callback-stops", test_callback_stops);
  g_test_add_func ("/csv/length", test_length);
  return g_test_run ();
}
