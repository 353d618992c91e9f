/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-result.c — a round's result (kp-result): the canonical JSON that is
 * signed ("kiemphieu/result@1", docs/formats.md), compared byte for byte
 * with text written here by hand; the text form for a person in English and
 * in Vietnamese (decimal comma, R-PCT-2); the reasons in words; JSON string
 * escaping.
 */

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "kp-ballot.h"
#include "kp-i18n.h"
#include "kp-result.h"
#include "kp-rules.h"

static void
add_reason (KpResult   *r,
            const char *reason,
            guint       count)
{
  KpReasonCount *rc = g_new0 (KpReasonCount, 1);

  rc->reason = g_strdup (reason);
  rc->count = count;
  g_ptr_array_add (r->invalid_by_reason, rc);
}

/* A candidate; the percentage as the tally computes it (R-PCT-1: of the
 * base). */
static void
add_candidate (KpResult   *r,
               const char *name,
               guint       votes,
               KpStatus    status)
{
  KpCandidateResult *cr = g_new0 (KpCandidateResult, 1);

  cr->no = r->candidates->len + 1;
  cr->name = g_strdup (name);
  cr->display_name = g_strdup (name); /* no namesakes here (R-LIST-2) */
  cr->votes = votes;
  cr->percent = kp_rules_percent_hundredths (votes, r->base);
  cr->status = status;
  g_ptr_array_add (r->candidates, cr);
}

static void
append (GArray *array,
        guint   first,
        ...)
{
  va_list args;

  va_start (args, first);
  for (guint no = first; no != 0; no = va_arg (args, guint))
    g_array_append_val (array, no);
  va_end (args);
}

/* A province-sized round, every seat filled: base 800, so that the
 * percentages end in 5 at the third decimal and R-PCT-2's half-up shows
 * (half-even or truncation would give .12, .62, .12, .37). */
static KpResult *
result_filled (void)
{
  KpResult *r = kp_result_new ();

  r->election = g_strdup ("bch");
  r->round = 1;
  r->seats = 2;
  r->base = 800;
  r->issued = 790;
  r->collected = 790;
  r->valid = 786;
  r->invalid = 4;
  add_reason (r, "over-vote", 3);
  add_reason (r, "other:ghi \"thêm\" tên", 1);
  add_candidate (r, "Hà Văn Em", 419, KP_STATUS_ELECTED);               /* 52.375 */
  add_candidate (r, "Nguyễn Văn An", 601, KP_STATUS_ELECTED);           /* 75.125 */
  add_candidate (r, "Lê Văn Cường", 181, KP_STATUS_BELOW_THRESHOLD);    /* 22.625 */
  add_candidate (r, "Phạm Thị Dung", 401, KP_STATUS_NOT_ELECTED);       /* 50.125 */
  add_candidate (r, "Trần Thị Bích", 1, KP_STATUS_BELOW_THRESHOLD);     /* 0.125 */
  append (r->elected, 2, 1, 0);
  return r;
}

#define JSON_FILLED                                                                                                   \
  "{\"format\":\"kiemphieu/result@1\",\"election\":\"bch\",\"round\":1,\"seats\":2,\"base\":800,"                     \
  "\"ballots\":{\"issued\":790,\"collected\":790,\"valid\":786,\"invalid\":4,"                                        \
  "\"invalid_by_reason\":{\"over-vote\":3,\"other:ghi \\\"thêm\\\" tên\":1}},"                                        \
  "\"candidates\":["                                                                                                  \
  "{\"no\":1,\"name\":\"Hà Văn Em\",\"votes\":419,\"percent\":\"52.38\",\"status\":\"elected\"},"                     \
  "{\"no\":2,\"name\":\"Nguyễn Văn An\",\"votes\":601,\"percent\":\"75.13\",\"status\":\"elected\"},"                 \
  "{\"no\":3,\"name\":\"Lê Văn Cường\",\"votes\":181,\"percent\":\"22.63\",\"status\":\"below-threshold\"},"          \
  "{\"no\":4,\"name\":\"Phạm Thị Dung\",\"votes\":401,\"percent\":\"50.13\",\"status\":\"not-elected\"},"             \
  "{\"no\":5,\"name\":\"Trần Thị Bích\",\"votes\":1,\"percent\":\"0.13\",\"status\":\"below-threshold\"}],"           \
  "\"elected\":[2,1],\"tied\":[],\"seats_remaining\":0}"

/* Three tie at the last two seats (R-TIE-1: none of them elected), seats
 * remain, so the next round is proposed (R-ROUND-1); issued unknown. */
static KpResult *
result_tied (void)
{
  KpResult *r = kp_result_new ();

  r->election = g_strdup ("dbct");
  r->round = 2;
  r->seats = 3;
  r->base = 10;
  r->collected = 9;
  r->valid = 9;
  add_candidate (r, "Đỗ Thị Hằng", 9, KP_STATUS_ELECTED);
  add_candidate (r, "Võ \"Út\" Tâm", 7, KP_STATUS_TIED);
  add_candidate (r, "Bùi Văn Lực", 7, KP_STATUS_TIED);
  add_candidate (r, "Lý Văn Tý", 7, KP_STATUS_TIED);
  add_candidate (r, "Mai Thị Ngọc", 2, KP_STATUS_BELOW_THRESHOLD);
  append (r->elected, 1, 0);
  append (r->tied, 2, 3, 4, 0);
  r->seats_remaining = 2;
  append (r->next_round_candidates, 2, 3, 4, 5, 0);
  return r;
}

#define JSON_TIED                                                                                                     \
  "{\"format\":\"kiemphieu/result@1\",\"election\":\"dbct\",\"round\":2,\"seats\":3,\"base\":10,"                     \
  "\"ballots\":{\"issued\":null,\"collected\":9,\"valid\":9,\"invalid\":0,\"invalid_by_reason\":{}},"                 \
  "\"candidates\":["                                                                                                  \
  "{\"no\":1,\"name\":\"Đỗ Thị Hằng\",\"votes\":9,\"percent\":\"90.00\",\"status\":\"elected\"},"                     \
  "{\"no\":2,\"name\":\"Võ \\\"Út\\\" Tâm\",\"votes\":7,\"percent\":\"70.00\",\"status\":\"tied\"},"                  \
  "{\"no\":3,\"name\":\"Bùi Văn Lực\",\"votes\":7,\"percent\":\"70.00\",\"status\":\"tied\"},"                        \
  "{\"no\":4,\"name\":\"Lý Văn Tý\",\"votes\":7,\"percent\":\"70.00\",\"status\":\"tied\"},"                          \
  "{\"no\":5,\"name\":\"Mai Thị Ngọc\",\"votes\":2,\"percent\":\"20.00\",\"status\":\"below-threshold\"}],"           \
  "\"elected\":[1],\"tied\":[2,3,4],\"seats_remaining\":2,"                                                           \
  "\"next_round\":{\"round\":3,\"seats\":2,\"candidates\":[2,3,4,5]}}"

/* R-PCT-2 through the result: half-up at the third decimal. */
static void
test_percentages (void)
{
  g_autoptr(KpResult) r = result_filled ();
  const guint64 want[] = { 5238, 7513, 2263, 5013, 13 };

  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    g_assert_cmpuint (((KpCandidateResult *) r->candidates->pdata[i])->percent, ==, want[i]);
}

/* docs/formats.md, result@1: keys in order, no whitespace, no trailing
 * newline, strings escaped, Vietnamese as UTF-8. */
static void
test_json_filled (void)
{
  g_autoptr(KpResult) r = result_filled ();
  g_autofree char *json = kp_result_to_json (r);
  g_autofree char *again = kp_result_to_json (r);

  g_assert_cmpstr (json, ==, JSON_FILLED);
  g_assert_cmpstr (again, ==, json);
}

static void
test_json_tied (void)
{
  g_autoptr(KpResult) r = result_tied ();
  g_autofree char *json = kp_result_to_json (r);

  g_assert_cmpstr (json, ==, JSON_TIED);
}

/* An empty result: issued null, empty objects and arrays, no next_round. */
static void
test_json_empty (void)
{
  g_autoptr(KpResult) r = kp_result_new ();
  g_autofree char *json = NULL;

  r->election = g_strdup ("x");
  json = kp_result_to_json (r);
  g_assert_cmpstr (json, ==, "{\"format\":\"kiemphieu/result@1\",\"election\":\"x\",\"round\":0,\"seats\":0,\"base\":0,"
                             "\"ballots\":{\"issued\":null,\"collected\":0,\"valid\":0,\"invalid\":0,"
                             "\"invalid_by_reason\":{}},\"candidates\":[],\"elected\":[],\"tied\":[],"
                             "\"seats_remaining\":0}");
}

/* What it writes is JSON that a reader takes back to the same values. */
static void
test_json_parses (void)
{
  g_autoptr(KpResult) r = result_tied ();
  g_autofree char *json = kp_result_to_json (r);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *next;
  JsonArray *candidates;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_node_is_null (json_object_get_member (json_object_get_object_member (root, "ballots"), "issued")));
  candidates = json_object_get_array_member (root, "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 1), "name"), ==,
                   "Võ \"Út\" Tâm");
  next = json_object_get_object_member (root, "next_round");
  g_assert_cmpint (json_object_get_int_member (next, "round"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (next, "seats"), ==, 2);
}

/* kp_result_to_text () under @locale, the catalogue bound from the build
 * tree (kp_i18n_init); %NULL when @locale is not installed. */
static char *
text_in (const KpResult *r,
         const char     *locale)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  char *text;

  if (setlocale (LC_ALL, locale) == NULL)
    return NULL;
  text = kp_result_to_text (r);
  setlocale (LC_ALL, saved);
  return text;
}

/* The text form for a person, in the user's language: decimal commas
 * (R-PCT-2) in both, columns padded by characters, not bytes; names as on
 * the ballot and reasons in the minutes' words (Vietnamese) in both. */
static void
test_text_filled (void)
{
  g_autoptr(KpResult) r = result_filled ();
  g_autofree char *text = text_in (r, "C.UTF-8");
  g_autofree char *vi = text_in (r, "vi_VN.UTF-8");

  g_assert_cmpstr (text, ==,
                   "Election: bch — round 1\n"
                   "Seats: 2; base for more than half: 800\n"
                   "Ballots issued: 790; collected: 790; valid: 786; invalid: 4\n"
                   "  - bầu quá số lượng cần bầu: 3\n"
                   "  - ghi \"thêm\" tên: 1\n"
                   "\n"
                   "   1. Hà Văn Em        419    52,38%  Elected\n"
                   "   2. Nguyễn Văn An    601    75,13%  Elected\n"
                   "   3. Lê Văn Cường     181    22,63%  Not elected (not over half)\n"
                   "   4. Phạm Thị Dung    401    50,13%  Not elected (seats filled)\n"
                   "   5. Trần Thị Bích      1     0,13%  Not elected (not over half)\n"
                   "\n"
                   "Elected (by votes, highest first): Nguyễn Văn An, Hà Văn Em\n");
  if (vi == NULL)
    {
      g_test_skip ("vi_VN.UTF-8 is not installed: the Vietnamese text is not checked");
      return;
    }
  g_assert_cmpstr (vi, ==,
                   "Cuộc bầu: bch — lần bầu thứ 1\n"
                   "Số lượng cần bầu: 2; cơ sở tính quá 1/2: 800\n"
                   "Số phiếu phát ra: 790; thu vào: 790; hợp lệ: 786; không hợp lệ: 4\n"
                   "  - bầu quá số lượng cần bầu: 3\n"
                   "  - ghi \"thêm\" tên: 1\n"
                   "\n"
                   "   1. Hà Văn Em        419    52,38%  Trúng cử\n"
                   "   2. Nguyễn Văn An    601    75,13%  Trúng cử\n"
                   "   3. Lê Văn Cường     181    22,63%  Không trúng cử (không quá 1/2)\n"
                   "   4. Phạm Thị Dung    401    50,13%  Không trúng cử (đã đủ số lượng)\n"
                   "   5. Trần Thị Bích      1     0,13%  Không trúng cử (không quá 1/2)\n"
                   "\n"
                   "Trúng cử (theo số phiếu từ cao đến thấp): Nguyễn Văn An, Hà Văn Em\n");
}

static void
test_text_tied (void)
{
  g_autoptr(KpResult) r = result_tied ();
  g_autofree char *text = text_in (r, "C.UTF-8");
  g_autofree char *vi = text_in (r, "vi_VN.UTF-8");

  g_assert_cmpstr (text, ==,
                   "Election: dbct — round 2\n"
                   "Seats: 3; base for more than half: 10\n"
                   "Ballots issued not recorded. Ballots collected: 9; valid: 9; invalid: 0\n"
                   "\n"
                   "   1. Đỗ Thị Hằng       9    90,00%  Elected\n"
                   "   2. Võ \"Út\" Tâm       7    70,00%  Tied\n"
                   "   3. Bùi Văn Lực       7    70,00%  Tied\n"
                   "   4. Lý Văn Tý         7    70,00%  Tied\n"
                   "   5. Mai Thị Ngọc      2    20,00%  Not elected (not over half)\n"
                   "\n"
                   "Elected (by votes, highest first): Đỗ Thị Hằng\n"
                   "Tied at the last seats, none of them elected yet: Võ \"Út\" Tâm, Bùi Văn Lực, Lý Văn Tý\n"
                   "Seats remaining: 2; round 3 is proposed with the list: Võ \"Út\" Tâm, Bùi Văn Lực, Lý Văn Tý, "
                   "Mai Thị Ngọc\n");
  if (vi == NULL)
    {
      g_test_skip ("vi_VN.UTF-8 is not installed: the Vietnamese text is not checked");
      return;
    }
  g_assert_cmpstr (vi, ==,
                   "Cuộc bầu: dbct — lần bầu thứ 2\n"
                   "Số lượng cần bầu: 3; cơ sở tính quá 1/2: 10\n"
                   "Chưa ghi số phiếu phát ra. Số phiếu thu vào: 9; hợp lệ: 9; không hợp lệ: 0\n"
                   "\n"
                   "   1. Đỗ Thị Hằng       9    90,00%  Trúng cử\n"
                   "   2. Võ \"Út\" Tâm       7    70,00%  Bằng phiếu\n"
                   "   3. Bùi Văn Lực       7    70,00%  Bằng phiếu\n"
                   "   4. Lý Văn Tý         7    70,00%  Bằng phiếu\n"
                   "   5. Mai Thị Ngọc      2    20,00%  Không trúng cử (không quá 1/2)\n"
                   "\n"
                   "Trúng cử (theo số phiếu từ cao đến thấp): Đỗ Thị Hằng\n"
                   "Bằng phiếu ở vị trí cuối, chưa ai trong số này trúng cử: Võ \"Út\" Tâm, Bùi Văn Lực, Lý Văn Tý\n"
                   "Còn thiếu 2 người; đề xuất bầu lần thứ 3 với danh sách: Võ \"Út\" Tâm, Bùi Văn Lực, Lý Văn Tý, "
                   "Mai Thị Ngọc\n");
}

/* Nobody over the threshold: "none" ("không có"); 100 % and small shares. */
static void
test_text_nobody (void)
{
  g_autoptr(KpResult) r = kp_result_new ();
  g_autofree char *text = NULL;
  g_autofree char *vi = NULL;

  r->election = g_strdup ("bt");
  r->round = 1;
  r->seats = 1;
  r->base = 20000;
  r->issued = 0;
  add_candidate (r, "An", 1, KP_STATUS_BELOW_THRESHOLD);       /* 0.005 → 0,01 */
  add_candidate (r, "Bình", 10000, KP_STATUS_BELOW_THRESHOLD); /* 50 %: not more than half */
  r->seats_remaining = 1;
  append (r->next_round_candidates, 1, 2, 0);
  text = text_in (r, "C.UTF-8");
  g_assert_nonnull (strstr (text, "Ballots issued: 0; collected: 0;"));
  g_assert_nonnull (strstr (text, "   1. An        1     0,01%  Not elected (not over half)\n"));
  g_assert_nonnull (strstr (text, "   2. Bình  10000    50,00%  Not elected (not over half)\n"));
  g_assert_nonnull (strstr (text, "Elected (by votes, highest first): none\n"));
  g_assert_nonnull (strstr (text, "Seats remaining: 1; round 2 is proposed with the list: An, Bình\n"));
  g_assert_null (strstr (text, "Tied"));
  g_assert_null (strstr (text, "0.01"));

  vi = text_in (r, "vi_VN.UTF-8");
  if (vi == NULL)
    {
      g_test_skip ("vi_VN.UTF-8 is not installed: the Vietnamese text is not checked");
      return;
    }
  g_assert_nonnull (strstr (vi, "Số phiếu phát ra: 0; thu vào: 0;"));
  g_assert_nonnull (strstr (vi, "   2. Bình  10000    50,00%  Không trúng cử (không quá 1/2)\n"));
  g_assert_nonnull (strstr (vi, "Trúng cử (theo số phiếu từ cao đến thấp): không có\n"));
  g_assert_nonnull (strstr (vi, "Còn thiếu 1 người; đề xuất bầu lần thứ 2 với danh sách: An, Bình\n"));
  g_assert_null (strstr (vi, "Bằng phiếu"));
}

/* The reasons as the minutes print them (R-INVALID-1 … 5). */
static void
test_reason_words (void)
{
  g_assert_cmpstr (kp_invalid_reason_words ("over-vote"), ==, "bầu quá số lượng cần bầu");
  g_assert_cmpstr (kp_invalid_reason_words ("none-kept"), ==, "gạch tên tất cả (không bầu ai)");
  g_assert_cmpstr (kp_invalid_reason_words ("yesno-single-both-or-none"), ==, "đánh dấu cả hai ô hoặc không đánh dấu ô nào");
  g_assert_cmpstr (kp_invalid_reason_words ("not-issued"), ==, "không do Ban kiểm phiếu phát ra");
  g_assert_cmpstr (kp_invalid_reason_words ("added-name"), ==, "ghi thêm tên người ngoài danh sách bầu cử");
  g_assert_cmpstr (kp_invalid_reason_words ("identifying-mark"), ==, "có ký tên, đánh dấu riêng hoặc viết thêm");
  g_assert_cmpstr (kp_invalid_reason_words ("other:Phiếu bị rách"), ==, "Phiếu bị rách");
  g_assert_cmpstr (kp_invalid_reason_words ("other:"), ==, "");
  g_assert_cmpstr (kp_invalid_reason_words ("other"), ==, "other");
  g_assert_cmpstr (kp_invalid_reason_words ("Over-vote"), ==, "Over-vote");
  g_assert_cmpstr (kp_invalid_reason_words ("over-vote "), ==, "over-vote ");
}

static char *
escaped (const char *prefix,
         const char *str)
{
  GString *out = g_string_new (prefix);

  kp_json_append_string (out, str);
  return g_string_free (out, FALSE);
}

/* Canonical strings (docs/formats.md): `"` and `\` escaped, control
 * characters as \b \f \n \r \t or \u00XX, everything else (Vietnamese, `/`,
 * DEL) as is. */
static void
test_json_string (void)
{
  const struct
  {
    const char *in, *out;
  } cases[] = {
    { "", "\"\"" },
    { "bch", "\"bch\"" },
    { "a\"b\\c", "\"a\\\"b\\\\c\"" },
    { "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
    { "\x01\x1f\x0b", "\"\\u0001\\u001f\\u000b\"" },
    { "\x7f/ ", "\"\x7f/ \"" },
    { "Nguyễn Văn Kỹ — “Ủy ban” ₫", "\"Nguyễn Văn Kỹ — “Ủy ban” ₫\"" },
    { "\\u00e9", "\"\\\\u00e9\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = escaped ("", cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
  /* It appends. */
  {
    g_autofree char *got = escaped ("{\"k\":", "v");
    g_assert_cmpstr (got, ==, "{\"k\":\"v\"");
  }
}

/* A JSON reader gets every string back unchanged. */
static void
test_json_string_round_trip (void)
{
  const char *strings[] = { "Võ \"Út\" Tâm\\", "dòng 1\ndòng 2\r\n\ttab", "\x01\x02\x1e\x1f\x7f", "Đảng — ĐẢNG" };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *json = escaped ("", strings[i]);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (json_parser_get_root (parser)), ==, strings[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("LANGUAGE");
  kp_i18n_init ();

  g_test_add_func ("/result/R-PCT-2/percentages", test_percentages);
  g_test_add_func ("/result/json/filled", test_json_filled);
  g_test_add_func ("/result/json/R-TIE-1+R-ROUND-1/tied", test_json_tied);
  g_test_add_func ("/result/json/empty", test_json_empty);
  g_test_add_func ("/result/json/parses", test_json_parses);
  g_test_add_func ("/result/text/R-PCT-2/filled", test_text_filled);
  g_test_add_func ("/result/text/R-TIE-1+R-ROUND-1/tied", test_text_tied);
  g_test_add_func ("/result/text/nobody", test_text_nobody);
  g_test_add_func ("/result/reason-words", test_reason_words);
  g_test_add_func ("/result/json-string", test_json_string);
  g_test_add_func ("/result/json-string/round-trip", test_json_string_round_trip);
  return g_test_run ();
}
