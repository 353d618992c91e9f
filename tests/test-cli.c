/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-cli.c — kiemphieu-cli as a user or a script runs it: the output,
 * the exit codes (0 ok, 1 usage, 2 bad input) and messages that name the
 * file, the line and the field.
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>

#include "kp-ballot-reader.h"
#include "kp-entry-lock.h"
#include "kp-store.h"
#include "test-util.h"

/* The demo congress counts, and the output is the canonical result JSON. */
static void
test_tally_demo (void)
{
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *ballots = source_path ("data", "demo", "bch.csv", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  run_cli (&run, NULL, "tally", "--definition", definition, "--election", "bch", "--ballots",
           ballots, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "{\"format\":\"kiemphieu/result@1\",\"election\":\"bch\","));
  g_assert_true (g_str_has_suffix (run.out, "}\n"));
  g_assert_null (strstr (run.out, "\": "));  /* canonical: no insignificant whitespace */
  g_assert_null (strstr (run.out, ", \""));

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "seats"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (root, "base"), ==, 128);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "candidates")), ==, 18);

  /* The same input gives the same bytes. */
  run_cli (&again, NULL, "tally", "--definition", definition, "--election", "bch", "--ballots",
           ballots, NULL);
  g_assert_cmpstr (again.out, ==, run.out);
}

/* --issued overrides the definition; --text prints for a person, in the
 * user's language (English under C, Vietnamese under vi_VN), with decimal
 * commas in both (R-PCT-2). */
static void
test_tally_issued_and_text (void)
{
  g_autofree char *definition = source_path ("tests", "fixtures", "r-pct-2-half-up", "definition.json", NULL);
  g_autofree char *ballots = source_path ("tests", "fixtures", "r-pct-2-half-up", "ballots.csv", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) vi = { 0 };
  g_auto(Run) over = { 0 };

  run_cli (&run, NULL, "tally", "--definition", definition, "--ballots", ballots, "--issued", "20", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"ballots\":{\"issued\":20,\"collected\":17,"));
  g_assert_nonnull (strstr (run.out, "\"percent\":\"3.13\""));

  run_cli (&text, NULL, "tally", "--definition", definition, "--ballots", ballots, "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "53,13%"));
  g_assert_nonnull (strstr (text.out, "3,13%"));
  g_assert_nonnull (strstr (text.out, "  Elected\n"));
  g_assert_nonnull (strstr (text.out, "Seats remaining: 1; round 2 is proposed with the list: "));
  if (have_locale ("vi_VN.UTF-8"))
    {
      run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "tally", "--definition", definition, "--ballots", ballots, "--text",
                      NULL);
      g_assert_cmpint (vi.status, ==, 0);
      g_assert_nonnull (strstr (vi.out, "53,13%"));
      g_assert_nonnull (strstr (vi.out, "  Trúng cử\n"));
      g_assert_nonnull (strstr (vi.out, "Còn thiếu 1 người; đề xuất bầu lần thứ 2"));
    }

  /* R-RECON-1: more collected than issued is said on stderr. */
  run_cli (&over, NULL, "tally", "--definition", definition, "--ballots", ballots, "--issued", "10", NULL);
  g_assert_cmpint (over.status, ==, 0);
  g_assert_nonnull (strstr (over.err, "R-RECON-1: 17 ballots collected but only 10 issued"));
}

/* Without --issued (and none in the definition), the text says plainly
 * that the number of ballots issued is not recorded: a sentence, not a
 * fragment starting in lower case (issue 10, item 8), in either language. */
static void
issued_not_recorded_in (const char *locale,
                        const char *not_recorded,
                        const char *recorded,
                        const char *not_recorded_start)
{
  g_autofree char *definition = source_path ("tests", "fixtures", "r-pct-2-half-up", "definition.json", NULL);
  g_autofree char *ballots = source_path ("tests", "fixtures", "r-pct-2-half-up", "ballots.csv", NULL);
  g_auto(Run) text = { 0 };
  g_auto(Run) issued = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli_locale (&text, locale, NULL, "tally", "--definition", definition, "--ballots", ballots, "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, not_recorded));
  /* Every line starts with a capital, a digit, a space or a dash. */
  lines = g_strsplit (text.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i] && g_unichar_islower (g_utf8_get_char (lines[i])))
      g_error ("a line starts in lower case: %s", lines[i]);

  run_cli_locale (&issued, locale, NULL, "tally", "--definition", definition, "--ballots", ballots, "--issued", "20",
                  "--text", NULL);
  g_assert_cmpint (issued.status, ==, 0);
  g_assert_nonnull (strstr (issued.out, recorded));
  g_assert_null (strstr (issued.out, not_recorded_start));
}

static void
test_tally_issued_not_recorded (void)
{
  issued_not_recorded_in ("C.UTF-8", "\nBallots issued not recorded. Ballots collected: 17; valid: 17; invalid: 0\n",
                          "\nBallots issued: 20; collected: 17; valid: 17; invalid: 0\n", "not recorded");
  if (!have_locale ("vi_VN.UTF-8"))
    {
      g_test_skip ("vi_VN.UTF-8 is not installed: the Vietnamese text is not checked");
      return;
    }
  issued_not_recorded_in ("vi_VN.UTF-8",
                          "\nChưa ghi số phiếu phát ra. Số phiếu thu vào: 17; hợp lệ: 17; không hợp lệ: 0\n",
                          "\nSố phiếu phát ra: 20; thu vào: 17; hợp lệ: 17; không hợp lệ: 0\n",
                          "Chưa ghi số phiếu phát ra");
}

/* R-LIST-2: two candidates of the same name are told apart by their date of
 * birth — in the result JSON ("born", from the definition) and in the text
 * of tally and of results on a congress file. "Thuỷ" and "Thủy" are the same
 * name to R-LIST-2; a namesake without a date of birth is shown by name. */
static void
test_tally_namesakes (void)
{
  g_autofree char *definition = source_path ("tests", "fixtures", "r-list-2-namesakes", "definition.json", NULL);
  g_autofree char *ballots = source_path ("tests", "fixtures", "r-list-2-namesakes", "ballots.csv", NULL);
  g_autofree char *dir = temp_dir ();
  g_autofree char *congress = g_build_filename (dir, "c.kiemphieu", NULL);
  g_auto(Run) json = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) created = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) results = { 0 };
  g_auto(Run) results_text = { 0 };
  g_auto(GStrv) lines = NULL;
  /* Names are shown as on the ballot (in Vietnamese) in every language. */
  const char *elected = "Elected (by votes, highest first): Nguyễn Văn Nam (sinh ngày 02/03/1970), "
                        "Nguyễn Văn Nam (sinh ngày 20/11/1975), Trần Thị Bình\n";

  run_cli (&json, NULL, "tally", "--definition", definition, "--ballots", ballots, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "{\"no\":1,\"name\":\"Nguyễn Văn Nam\",\"born\":\"1970-03-02\",\"votes\":8,"));
  g_assert_nonnull (strstr (json.out, "{\"no\":2,\"name\":\"Nguyễn Văn Nam\",\"born\":\"1975-11-20\",\"votes\":7,"));
  g_assert_nonnull (strstr (json.out, "{\"no\":5,\"name\":\"Phạm Thị Thủy\",\"votes\":1,"));

  run_cli (&text, NULL, "tally", "--definition", definition, "--ballots", ballots, "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, elected));
  g_assert_nonnull (strstr (text.out, "   4. Phạm Thị Thuỷ (sinh ngày 09/01/1980) "));
  g_assert_nonnull (strstr (text.out, "   5. Phạm Thị Thủy "));
  g_assert_nonnull (strstr (text.out, "   3. Trần Thị Bình "));  /* born given, no namesake */
  g_assert_null (strstr (text.out, "1968"));
  g_assert_null (strstr (text.out, "Lê Văn Cường ("));

  /* A congress file recomputes the same bytes, and says the same. */
  run_cli (&created, NULL, "new", congress, "--definition", definition, NULL);
  g_assert_cmpint (created.status, ==, 0);
  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&results, NULL, "results", congress, "--election", "bch", NULL);
  g_assert_cmpint (results.status, ==, 0);
  lines = g_strsplit (results.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, g_strchomp (json.out));
  run_cli (&results_text, NULL, "results", congress, "--election", "bch", "--text", NULL);
  g_assert_cmpint (results_text.status, ==, 0);
  g_assert_nonnull (strstr (results_text.out, elected));
}

/* Shuffling the rows of the CSV gives the same bytes (property, end to end). */
static void
test_tally_shuffled_file (void)
{
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *ballots = source_path ("data", "demo", "dbct.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *shuffled_path = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) shuffled = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  guint n;

  g_assert_true (g_file_get_contents (ballots, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  n = g_strv_length (lines) - 1; /* the last is empty */
  for (guint i = n - 1; i > 1; i--)
    {
      guint j = 1 + g_rand_int_range (rand, 0, i);
      char *t = lines[i];
      lines[i] = lines[j];
      lines[j] = t;
    }
  for (guint i = 0; i < n; i++)
    g_string_append_printf (shuffled, "%s\n", lines[i]);
  shuffled_path = write_temp ("dbct.csv", shuffled->str);

  run_cli (&a, NULL, "tally", "--definition", definition, "--election", "dbct", "--ballots", ballots, NULL);
  run_cli (&b, NULL, "tally", "--definition", definition, "--election", "dbct", "--ballots", shuffled_path, NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (b.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
}

typedef struct
{
  const char *name;
  const char *definition; /* NULL: the demo */
  const char *ballots;    /* CSV text */
  const char *election;
  const char *issued;
  int status;
  const char *stderr_has;
} BadRun;

static const BadRun bad_runs[] = {
  { "csv-line-and-field", NULL, "serial,struck,marks,invalid\n1,1 2 3,,\n2,1 99,,\n", "bch", NULL, 2,
    "ballots.csv:3: struck: 99 is not on the list (1–18)" },
  { "csv-duplicate-serial", NULL, "serial,struck,marks,invalid\n1,1 2 3,,\n1,1 2,,\n", "bch", NULL, 2,
    "ballots.csv:3: serial: 1 is already used on line 2" },
  { "definition-line-and-field",
    "{\n \"format\": \"kiemphieu/election@1\",\n \"congress\": {\n  \"organization\": \"X\", \"name\": \"Y\",\n"
    "  \"kind\": \"members\",\n  \"convened\": \"many\"\n }\n}\n",
    "serial,struck\n", "bch", NULL, 2, "definition.json:6: congress.convened: must be a whole number" },
  { "unknown-election", NULL, "serial,struck,marks,invalid\n", "bhc", NULL, 2,
    "daihoi.json: elections: no election \"bhc\" (there are: bch, dbct, bithu)" },
  { "issued-not-a-number", NULL, "serial,struck,marks,invalid\n", "bch", "abc", 2,
    "--issued: \"abc\" is not a whole number" },
  { "missing-file", NULL, NULL, "bch", NULL, 2, ": no such file" },
};

static void
test_bad_run (gconstpointer data)
{
  const BadRun *c = data;
  g_autofree char *definition = c->definition ? write_temp ("definition.json", c->definition)
                                              : source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *ballots = c->ballots ? write_temp ("ballots.csv", c->ballots)
                                        : g_strdup ("/nonexistent/ballots.csv");
  g_auto(Run) run = { 0 };

  if (c->issued)
    run_cli (&run, NULL, "tally", "--definition", definition, "--election", c->election,
             "--ballots", ballots, "--issued", c->issued, NULL);
  else
    run_cli (&run, NULL, "tally", "--definition", definition, "--election", c->election,
             "--ballots", ballots, NULL);
  g_assert_cmpint (run.status, ==, c->status);
  g_assert_cmpstr (run.out, ==, "");
  if (strstr (run.err, c->stderr_has) == NULL)
    g_error ("stderr \"%s\" does not say \"%s\"", run.err, c->stderr_has);
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) version = { 0 };

  run_cli (&none, NULL, NULL);
  g_assert_cmpint (none.status, ==, 1);
  run_cli (&unknown, NULL, "talley", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "unknown command \"talley\""));
  run_cli (&missing, NULL, "tally", "--definition", "x.json", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "tally needs --definition and --ballots"));
  run_cli (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "order"));
  /* The installed program says which version it is (the package's). */
  run_cli (&version, NULL, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "kiemphieu-cli " KP_VERSION "\n");
}

/* What kiemphieu-cli says to a person, in one language: English under C,
 * Vietnamese under vi_VN (the catalogue of the build tree). */
typedef struct
{
  const char *locale;
  const char *help_usage;    /* a command's --help */
  const char *help_option;
  const char *help_words;
  const char *commands;      /* kiemphieu-cli --help */
  const char *usage_error;   /* an option missing: exit 1 */
  const char *usage_heading;
  const char *malformed;     /* a definition that is not JSON: exit 2 */
  const char *bad_field;     /* a field of the wrong kind: exit 2 */
  const char *results_head;  /* results --text */
  const char *results_check;
  const char *journal_ok;    /* verify C */
  const char *verified;
  const char *wrong;         /* a wrong head's passphrase: exit 2 */
} Language;

static const Language english = {
  "C.UTF-8",
  "Usage:\n  kiemphieu-cli tally [OPTION…] — count one election\n",
  "  --ballots=FILE ",
  " Ballots (CSV)\n",
  "Usage: kiemphieu-cli COMMAND [OPTIONS]\n\nCommands:\n",
  "kiemphieu-cli: tally needs --definition and --ballots\n\nUsage:\n",
  "\nOptions:\n",
  "definition.json:2:14: not valid JSON here (",
  "definition.json:6: congress.convened: must be a whole number",
  "Election: bch — round 1\nSeats: 15; base for more than half: 128\n",
  "\nChecks of the numbers (R-RECON-1):\n  [passed] ",
  " entries, chain intact, head ",
  "\nverified\n",
  "kiemphieu-cli: wrong passphrase: changing the entry mode once ballots are entered is refused\n",
};

static const Language vietnamese = {
  "vi_VN.UTF-8",
  "Cách dùng:\n  kiemphieu-cli tally [TÙY_CHỌN…] — kiểm phiếu một cuộc bầu\n",
  "  --ballots=TỆP ",
  " Tệp phiếu bầu (CSV)\n",
  "Cách dùng: kiemphieu-cli LỆNH [TÙY_CHỌN]\n\nCác lệnh:\n",
  "kiemphieu-cli: lệnh tally cần --definition và --ballots\n\nCách dùng:\n",
  "\nTùy chọn:\n",
  "definition.json:2:14: tệp sai cú pháp JSON ở chỗ này (chi tiết kỹ thuật: ",
  "definition.json:6: congress.convened: phải là một số nguyên",
  "Cuộc bầu: bch — lần bầu thứ 1\nSố lượng cần bầu: 15; cơ sở tính quá 1/2: 128\n",
  "\nKiểm tra số liệu:\n  [đạt] ",
  " mục, chuỗi mã băm nguyên vẹn, mã băm cuối chuỗi ",
  "\nkiểm tra xong: không có sai lệch\n",
  "kiemphieu-cli: sai mật khẩu: từ chối việc đổi cách nhập phiếu khi đã có phiếu\n",
};

static void
assert_says (const char *output,
             const char *expected)
{
  if (strstr (output, expected) == NULL)
    g_error ("\"%s\" does not say \"%s\"", output, expected);
}

/* Help, a usage error, a malformed definition, results --text, verify and a
 * wrong passphrase, in @l's language; the exit codes and the JSON are the
 * same in every language (formats.md). Returns the results JSON. */
static char *
speaks (const Language *l,
        const char     *congress,
        const char     *wrong_file)
{
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *not_json = write_temp ("definition.json", "{\"format\": \"kiemphieu/election@1\",\n \"congress\": x}\n");
  g_autofree char *bad_field = write_temp ("definition.json",
                                           "{\n \"format\": \"kiemphieu/election@1\",\n \"congress\": {\n"
                                           "  \"organization\": \"X\", \"name\": \"Y\",\n"
                                           "  \"kind\": \"members\",\n  \"convened\": \"many\"\n }\n}\n");
  g_auto(Run) help = { 0 };
  g_auto(Run) commands = { 0 };
  g_auto(Run) usage = { 0 };
  g_auto(Run) malformed = { 0 };
  g_auto(Run) field = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) wrong = { 0 };

  run_cli_locale (&help, l->locale, NULL, "tally", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_true (g_str_has_prefix (help.out, l->help_usage));
  assert_says (help.out, l->help_option);
  assert_says (help.out, l->help_words);
  run_cli_locale (&commands, l->locale, NULL, "--help", NULL);
  g_assert_cmpint (commands.status, ==, 0);
  g_assert_true (g_str_has_prefix (commands.out, l->commands));

  run_cli_locale (&usage, l->locale, NULL, "tally", "--definition", definition, NULL);
  g_assert_cmpint (usage.status, ==, 1);
  g_assert_true (g_str_has_prefix (usage.err, l->usage_error));
  assert_says (usage.err, l->usage_heading);

  run_cli_locale (&malformed, l->locale, NULL, "check", not_json, NULL);
  g_assert_cmpint (malformed.status, ==, 2);
  assert_says (malformed.err, l->malformed);
  run_cli_locale (&field, l->locale, NULL, "check", bad_field, NULL);
  g_assert_cmpint (field.status, ==, 2);
  assert_says (field.err, l->bad_field);

  run_cli_locale (&text, l->locale, NULL, "results", congress, "--election", "bch", "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, l->results_head));
  assert_says (text.out, l->results_check);
  run_cli_locale (&json, l->locale, NULL, "results", congress, "--election", "bch", NULL);
  g_assert_cmpint (json.status, ==, 0);

  run_cli_locale (&verify, l->locale, NULL, "verify", congress, NULL);
  g_assert_cmpint (verify.status, ==, 0);
  assert_says (verify.out, l->journal_ok);
  g_assert_true (g_str_has_suffix (verify.out, l->verified));

  run_cli_locale (&wrong, l->locale, NULL, "mode", congress, "double", "--election", "bch", "--passphrase-file",
                  wrong_file, NULL);
  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_cmpstr (wrong.err, ==, l->wrong);
  return g_steal_pointer (&json.out);
}

/* kiemphieu-cli speaks English under C and Vietnamese under vi_VN, the
 * same messages; the JSON keeps its English keys and codes. */
static void
test_languages (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *ballots = write_temp ("bch.csv", "serial,struck\n1,3\n2,\n");
  g_autofree char *passphrase = write_temp ("passphrase", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình\n");
  g_autofree char *wrong = write_temp ("wrong", "không phải mật khẩu\n");
  g_autofree char *english_json = NULL;
  g_autofree char *vietnamese_json = NULL;
  g_auto(Run) enter = { 0 };
  g_auto(Run) keys = { 0 };

  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", passphrase, NULL);
  g_assert_cmpint (keys.status, ==, 0);

  english_json = speaks (&english, congress, wrong);
  g_assert_true (g_str_has_prefix (english_json, "{\"format\":\"kiemphieu/result@1\",\"election\":\"bch\""));
  assert_says (english_json, "\"status\":\"unknown\",\"detail\":\"2 ballots entered; ballots collected (counted "
                             "from the box) not recorded yet\"");
  if (!have_locale (vietnamese.locale))
    {
      g_test_skip ("vi_VN.UTF-8 is not installed: the Vietnamese messages are not checked");
      return;
    }
  vietnamese_json = speaks (&vietnamese, congress, wrong);
  g_assert_cmpstr (vietnamese_json, ==, english_json);
}

/* R-LIST-2 from the command line, with dates of birth and a BOM. */
static void
test_order (void)
{
  g_autofree char *file = write_temp ("names.txt", "\xEF\xBB\xBFNguyễn Văn Đức\nTrần Thị Ánh\n\n"
                                                   "Lê Văn An;1970-05-01\nPhạm Văn An;1960-01-01\n"
                                                   "Lê Văn An;1965-05-01\nĐinh Thị Thuỷ\nVõ Văn Dũng\n");
  g_auto(Run) run = { 0 };
  g_auto(Run) piped = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (&run, NULL, "order", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Lê Văn An;1965-05-01\nLê Văn An;1970-05-01\nPhạm Văn An;1960-01-01\n"
                                "Trần Thị Ánh\nVõ Văn Dũng\nNguyễn Văn Đức\nĐinh Thị Thuỷ\n");

  run_cli (&piped, "Lê Ư\nLê Tư\nLê Tuấn\nLê Tú\n", "order", NULL);
  g_assert_cmpint (piped.status, ==, 0);
  g_assert_cmpstr (piped.out, ==, "Lê Tú\nLê Tuấn\nLê Tư\nLê Ư\n");

  run_cli (&bad, "Lê An\nLê Bình;15/06/1970\n", "order", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "<stdin>:2: born: \"15/06/1970\" is not a date written YYYY-MM-DD"));
}

static void
test_check (void)
{
  g_autofree char *demo = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *unordered = write_temp ("d.json",
    "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"X\",\"name\":\"Y\","
    "\"kind\":\"members\",\"convened\":30},\"elections\":[{\"id\":\"cu\",\"title\":\"t\","
    "\"body\":\"committee\",\"seats\":3,\"candidates\":[{\"no\":1,\"name\":\"Lê Văn Bình\"},"
    "{\"no\":2,\"name\":\"Lê Văn An\"},{\"no\":3,\"name\":\"Lê Văn Cường\"},{\"no\":4,\"name\":\"Lê Văn Dũng\"}]}]}");
  g_auto(Run) run = { 0 };
  g_auto(Run) warn = { 0 };

  run_cli (&run, NULL, "check", demo, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "bch: 18 names, 15 seats, strike form, round 1, base 128"));
  g_assert_nonnull (strstr (run.out, "bithu: 1 name, 1 seat, agree/disagree form"));
  g_assert_true (g_str_has_suffix (run.out, "valid\n"));

  run_cli (&warn, NULL, "check", unordered, NULL);
  g_assert_cmpint (warn.status, ==, 0);
  g_assert_nonnull (strstr (warn.out, "warning: cu: R-LIST-2: the list is not in ABC order by given name: 1. Lê Văn Bình comes before 2. Lê Văn An"));
  g_assert_true (g_str_has_suffix (warn.out, "valid, with warnings\n"));
}

/* A bad row stops the entry; the rows before it are saved, the message
 * says where and how to go on, and --resume goes on. */
static void
test_enter_bad_row (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *bad = write_temp ("b.csv", "serial,struck,marks,invalid\n1,1 2 3,,\n2,4 5 6,,\n"
                                              "3,7 8 9,,\n4,1 99,,\n5,2 3 4,,\n");
  g_autofree char *good = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) resumed = { 0 };
  g_auto(Run) show = { 0 };

  run_cli (&first, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", bad, NULL);
  g_assert_cmpint (first.status, ==, 2);
  g_assert_nonnull (strstr (first.err, "b.csv:5: struck: 99 is not on the list (1–18)"));
  g_assert_nonnull (strstr (first.err, "3 ballots from"));
  g_assert_nonnull (strstr (first.err, "(last: serial 3, line 4)"));
  g_assert_nonnull (strstr (first.err, "--resume"));

  /* The same file again without --resume: a duplicate serial, nothing new. */
  run_cli (&again, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", bad, NULL);
  g_assert_cmpint (again.status, ==, 2);
  g_assert_nonnull (strstr (again.err, "b.csv:2: serial 1 is already entered in pass A of bch"));

  good = write_temp ("b.csv", "serial,struck,marks,invalid\n1,1 2 3,,\n2,4 5 6,,\n"
                              "3,7 8 9,,\n4,1 9,,\n5,2 3 4,,\n");
  run_cli (&resumed, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", good, "--resume", NULL);
  g_assert_cmpint (resumed.status, ==, 0);
  g_assert_nonnull (strstr (resumed.out, "2 ballots saved in pass A of bch round 1 (3 already saved, skipped)"));

  run_cli (&show, NULL, "show", congress, NULL);
  g_assert_nonnull (strstr (show.out, "entered: A 5"));
}

/* #12, item 10: --resume on a disk that is still full skips the saved rows
 * and stops at the first new one; it names the last ballot of the file
 * that is saved (the rows it skipped), never "serial 0, line 0". */
static void
test_resume_disk_full (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *congress = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n");
  g_autofree char *csv_path = NULL;
  g_autofree char *expected = NULL;
  g_auto(Run) created = { 0 };
  g_auto(Run) first = { 0 };
  g_auto(Run) resumed = { 0 };
  const char *at;
  guint serial = 0, line = 0;

  for (guint s = 1; s <= 5000; s++)
    g_string_append_printf (csv, "%u,%u %u %u,,\n", s, 1 + s % 18, 1 + (s + 5) % 18, 1 + (s + 9) % 18);
  csv_path = write_temp ("full.csv", csv->str);
  if (mount ("tmpfs", dir, "tmpfs", 0, "size=512k") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }
  run_cli (&created, NULL, "new", congress, "--definition", definition, "--operator", "Nguyễn Văn Kỹ", NULL);
  g_assert_cmpint (created.status, ==, 0);

  run_cli (&first, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", csv_path, NULL);
  g_assert_cmpint (first.status, ==, 2);
  g_assert_nonnull (strstr (first.err, "the disk is full"));
  at = strstr (first.err, "(last: serial ");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, "(last: serial %u, line %u)", &serial, &line), ==, 2);
  g_assert_cmpuint (serial, >, 0);
  g_assert_cmpuint (line, ==, serial + 1);

  /* Nothing freed: the saved rows are skipped, the next one fails. */
  run_cli (&resumed, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", csv_path, "--resume", NULL);
  g_test_message ("%s", resumed.err);
  g_assert_cmpint (resumed.status, ==, 2);
  g_assert_nonnull (strstr (resumed.err, "the disk is full"));
  expected = g_strdup_printf ("%u ballots from %s are saved in pass A (last: serial %u, line %u)", serial,
                              csv_path, serial, line);
  g_assert_nonnull (strstr (resumed.err, expected));
  g_assert_cmpint (umount (dir), ==, 0);
}

/* results prints the same result JSON as tally, then the checks. */
static void
test_results_like_tally (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *ballots = source_path ("data", "demo", "dbct.csv", NULL);
  g_auto(Run) enter = { 0 };
  g_auto(Run) results = { 0 };
  g_auto(Run) tally = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&enter, NULL, "enter", congress, "--election", "dbct", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&results, NULL, "results", congress, "--election", "dbct", NULL);
  run_cli (&tally, NULL, "tally", "--definition", definition, "--election", "dbct", "--ballots", ballots, NULL);
  g_assert_cmpint (results.status, ==, 0);
  lines = g_strsplit (results.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, g_strchomp (tally.out));
  g_assert_true (g_str_has_prefix (lines[1], "{\"format\":\"kiemphieu/checks@1\",\"election\":\"dbct\""));
  g_assert_nonnull (strstr (lines[1], "\"check\":\"collected-le-issued\",\"rule\":\"R-RECON-1\",\"status\":\"ok\""));

  run_cli (&verify, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  g_assert_true (g_str_has_suffix (verify.out, "verified\n"));
}

/* An edit with the sqlite3 shell makes journal --verify exit 3. */
static void
test_journal_tampered (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *ballots = source_path ("data", "demo", "bithu.csv", NULL);
  g_auto(Run) enter = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) listing = { 0 };
  sqlite3 *db;

  run_cli (&enter, NULL, "enter", congress, "--election", "bithu", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&listing, NULL, "journal", congress, NULL);
  g_assert_nonnull (strstr (listing.out, "create"));
  g_assert_nonnull (strstr (listing.out, "\"serial\":15,"));

  g_assert_cmpint (sqlite3_open (congress, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE ballots SET marks = 'Y' WHERE serial = 4", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run_cli (&verify, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 3);
  g_assert_nonnull (strstr (verify.out, "serial=4"));
  g_assert_nonnull (strstr (verify.err, "verification FAILED"));
}

/* A rehearsal is a separate copy: `rehearsal C --to R` makes a file with C's
 * definition, marked THỬ NGHIỆM from its first entry, without ballots.
 * Ballots entered in the copy never reach C's results; the copy cannot be
 * turned into a real file, and C cannot be switched once it holds ballots. */
static void
test_rehearsal_copy (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *copy = g_build_filename (dir, "daihoi-thu-nghiem.kiemphieu", NULL);
  g_autofree char *ballots = write_temp ("two.csv", "serial,struck,marks,invalid\n1,,Y,\n2,,N,\n");
  g_auto(Run) make = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) real = { 0 };
  g_auto(Run) test = { 0 };
  g_auto(Run) off = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) verify_real = { 0 };
  g_auto(Run) confirm = { 0 };

  run_cli (&make, NULL, "rehearsal", congress, "--to", copy, "--operator", "Kỹ thuật viên", NULL);
  g_assert_cmpint (make.status, ==, 0);
  g_assert_nonnull (strstr (make.out, copy));
  /* Never over an existing file. */
  run_cli (&again, NULL, "rehearsal", congress, "--to", copy, NULL);
  g_assert_cmpint (again.status, ==, 2);
  g_assert_nonnull (strstr (again.err, "already exists"));

  run_cli (&enter, NULL, "enter", copy, "--election", "bithu", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&test, NULL, "results", copy, "--election", "bithu", NULL);
  g_assert_cmpint (test.status, ==, 0);
  g_assert_nonnull (strstr (test.out, "\"collected\":2,"));
  run_cli (&real, NULL, "results", congress, "--election", "bithu", NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_nonnull (strstr (real.out, "\"collected\":0,"));

  /* The copy stays a rehearsal. */
  run_cli (&off, NULL, "rehearsal", copy, "off", NULL);
  g_assert_cmpint (off.status, ==, 2);
  g_assert_nonnull (strstr (off.err, "rehearsal"));
  run_cli (&show, NULL, "show", copy, NULL);
  g_assert_nonnull (strstr (show.out, "THỬ NGHIỆM"));
  g_assert_nonnull (strstr (show.out, "entered: A 2"));

  /* Its results are never confirmed or signed: said before any key or
   * passphrase is asked for. */
  run_cli (&confirm, NULL, "confirm", copy, "--election", "bithu", NULL);
  g_assert_cmpint (confirm.status, ==, 2);
  g_assert_nonnull (strstr (confirm.err, "rehearsal (THỬ NGHIỆM)"));

  /* A key made in the copy is the copy's own (for its station packages),
   * said so at once; the real file still has none. */
  {
    g_autofree char *passphrase = write_temp ("passphrase", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình\n");
    g_auto(Run) keys = { 0 };
    g_auto(Run) real_keys = { 0 };

    run_cli (&keys, NULL, "keys", copy, "--init", "--passphrase-file", passphrase, NULL);
    g_assert_cmpint (keys.status, ==, 0);
    g_assert_nonnull (strstr (keys.out, "THỬ NGHIỆM: this is the rehearsal copy's own key"));
    g_assert_nonnull (strstr (keys.out, "It is not the congress's signing key"));
    run_cli (&real_keys, NULL, "keys", congress, NULL);
    g_assert_cmpint (real_keys.status, ==, 2);
    g_assert_nonnull (strstr (real_keys.err, "has no signing key yet"));
  }

  run_cli (&verify, NULL, "journal", copy, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  run_cli (&verify_real, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify_real.status, ==, 0);
}

/* One entry session per pass, whoever enters: while the app's entry screen
 * (or another terminal) holds pass A, `enter` into pass A is refused with
 * the holder's name and saves nothing, while pass B stays free; and while
 * `enter --interactive` types into pass A, the app's screen (the same
 * lock) is refused with the operator's name. Serials pair the passes: two
 * people typing into one pass would pair ballots that are not the same
 * paper. */
static void
test_enter_lock (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *ballots = write_temp ("two.csv", "serial,struck,marks,invalid\n1,,Y,\n2,,N,\n");
  g_autoptr(KpEntryLock) app = NULL;
  g_autoptr(KpEntryLock) refused = NULL;
  g_autoptr(GSubprocess) typing = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  g_autofree char *prompt = NULL;
  g_auto(Run) mode = { 0 };
  g_auto(Run) held = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) after = { 0 };
  gsize length;

  run_cli (&mode, NULL, "mode", congress, "double", "--election", "bithu", NULL);
  g_assert_cmpint (mode.status, ==, 0);
  app = kp_entry_lock_acquire (congress, "bithu", 1, 'A', "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  run_cli (&held, NULL, "enter", congress, "--election", "bithu", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (held.status, ==, 2);
  g_assert_nonnull (strstr (held.err, "Nguyễn Thị Lan"));
  g_assert_nonnull (strstr (held.err, "one person enters a pass at a time"));
  run_cli (&other, NULL, "enter", congress, "--election", "bithu", "--pass", "B", "--operator", "Trần B",
           "--ballots", ballots, NULL);
  g_assert_cmpint (other.status, ==, 0);
  run_cli (&show, NULL, "show", congress, NULL);
  g_assert_nonnull (strstr (show.out, "entered: A 0, B 2"));
  g_clear_pointer (&app, kp_entry_lock_release);

  /* The command line holds the pass while it types. */
  typing = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli (), "enter",
                             congress, "--election", "bithu", "--pass", "A", "--operator", "Trần A",
                             "--interactive", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (typing));
  /* The prompt "Ballot 1> " ends without a newline: read up to each '>'
   * (the help above it has "<reason>") until it comes. */
  while (prompt == NULL || !g_str_has_suffix (prompt, "Ballot 1"))
    {
      g_free (prompt);
      prompt = g_data_input_stream_read_upto (out, ">", 1, &length, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (prompt);
      g_assert_cmpint (g_data_input_stream_read_byte (out, NULL, &error), ==, '>');
      g_assert_no_error (error);
    }
  refused = kp_entry_lock_acquire (congress, "bithu", 1, 'A', "Nguyễn Thị Lan", &holder, &error);
  g_assert_null (refused);
  g_assert_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD);
  g_assert_cmpstr (holder, ==, "Trần A");
  g_clear_error (&error);
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (typing), "q\n", 2, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (typing), NULL, &error));
  g_assert_true (g_subprocess_wait_check (typing, NULL, &error));
  /* Given back when the command ends. */
  app = kp_entry_lock_acquire (congress, "bithu", 1, 'A', "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  run_cli (&after, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (after.status, ==, 0);
}

/* The old switch: test ballots entered with rehearsal on must not become
 * real ones by switching it off (issue 11). */
static void
test_rehearsal_switch_refused (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *ballots = write_temp ("two.csv", "serial,struck,marks,invalid\n1,,Y,\n2,,N,\n");
  g_auto(Run) on = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) off = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) verify = { 0 };

  run_cli (&on, NULL, "rehearsal", congress, "on", NULL);
  g_assert_cmpint (on.status, ==, 0);
  /* With the switch on, the congress's signing key is not made (its key
   * sheet would say THỬ NGHIỆM): refused before any passphrase is read,
   * in Vietnamese under vi_VN too. */
  {
    g_auto(Run) keys = { 0 };
    g_auto(Run) keys_vi = { 0 };

    run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", "/nonexistent/passphrase", NULL);
    g_assert_cmpint (keys.status, ==, 2);
    g_assert_nonnull (strstr (keys.err, "is in rehearsal mode (THỬ NGHIỆM)"));
    g_assert_nonnull (strstr (keys.err, "Switch rehearsal off first"));
    /* --propose: no passphrase is proposed (shown) for a key not made. */
    if (have_locale ("vi_VN.UTF-8"))
      {
        run_cli_locale (&keys_vi, "vi_VN.UTF-8", NULL, "keys", congress, "--init", "--propose", NULL);
        g_assert_cmpint (keys_vi.status, ==, 2);
        g_assert_nonnull (strstr (keys_vi.err, "đang bật chế độ thử nghiệm (THỬ NGHIỆM)"));
        g_assert_true (keys_vi.out == NULL || keys_vi.out[0] == '\0');
      }
  }
  run_cli (&enter, NULL, "enter", congress, "--election", "bithu", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&off, NULL, "rehearsal", congress, "off", NULL);
  g_assert_cmpint (off.status, ==, 2);
  g_assert_nonnull (strstr (off.err, "ballots"));
  run_cli (&show, NULL, "show", congress, NULL);
  g_assert_nonnull (strstr (show.out, "THỬ NGHIỆM"));
  run_cli (&verify, NULL, "journal", congress, "--verify", NULL);
  g_assert_cmpint (verify.status, ==, 0);
}

/* Every count in the R-RECON-1 checks takes the form its number wants:
 * "1 ballot", "2 ballots", "1 disagreement", in the JSON's English detail
 * and in `results --text` under C; Vietnamese, with one form, reads as
 * before. */
static void
enter_one (const char *congress,
           char        pass,
           guint       serial,
           const char *mark)
{
  g_autofree char *csv = g_strdup_printf ("serial,struck,marks,invalid\n%u,,%s,\n", serial, mark);
  g_autofree char *path = write_temp ("one.csv", csv);
  g_autofree char *pass_text = g_strdup_printf ("%c", pass);
  g_auto(Run) enter = { 0 };

  run_cli (&enter, NULL, "enter", congress, "--election", "bithu", "--pass", pass_text, "--operator", "Trần A",
           "--ballots", path, NULL);
  g_assert_cmpint (enter.status, ==, 0);
}

static void
assert_checks_say (const char *congress,
                   const char *collected,
                   const char *const *says)
{
  g_auto(Run) record = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };

  run_cli (&record, NULL, "collected", congress, collected, "--election", "bithu", NULL);
  g_assert_cmpint (record.status, ==, 0);
  run_cli (&text, NULL, "results", congress, "--election", "bithu", "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  run_cli (&json, NULL, "results", congress, "--election", "bithu", NULL);
  g_assert_cmpint (json.status, ==, 0);
  for (guint i = 0; says[i]; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"detail\":\"%s\"", says[i]);
      g_autofree char *bracketed = g_strdup_printf ("(%s)\n", says[i]);

      assert_says (json.out, quoted);
      assert_says (text.out, bracketed);
    }
}

static void
test_check_plurals (void)
{
  g_autofree char *congress = new_congress ();
  g_auto(Run) mode = { 0 };
  g_auto(Run) one = { 0 };
  const char *const first[] = {
    "1 ballot collected, 15 issued",
    "0 ballots entered, 1 collected (counted from the box)",
    "0 valid + 0 invalid, 1 collected",
    "double entry: 0 ballots counted; 1 disagreement, 1 still to resolve",
    "15 ballots issued, 15 convened",
    NULL
  };
  const char *const second[] = {
    "2 ballots collected, 15 issued",
    "1 ballot entered, 2 collected (counted from the box)",
    "double entry: 1 ballot counted; 1 disagreement, 1 still to resolve",
    NULL
  };
  const char *const third[] = {
    "3 ballots collected, 15 issued",
    "double entry: 1 ballot counted; 2 disagreements, 2 still to resolve",
    NULL
  };

  /* A new file's journal holds one entry. */
  {
    g_auto(Run) show = { 0 };

    run_cli (&show, NULL, "show", congress, NULL);
    g_assert_cmpint (show.status, ==, 0);
    assert_says (show.out, "\njournal: 1 entry, head ");
  }
  run_cli (&mode, NULL, "mode", congress, "double", "--election", "bithu", NULL);
  g_assert_cmpint (mode.status, ==, 0);
  run_cli (&one, NULL, "collected", congress, "1", "--election", "bithu", NULL);
  g_assert_cmpint (one.status, ==, 0);
  assert_says (one.out, "bithu: 1 ballot collected\n");

  /* Serial 1 differs between the passes; 2 agrees; 3 differs. */
  enter_one (congress, 'A', 1, "Y");
  enter_one (congress, 'B', 1, "N");
  assert_checks_say (congress, "1", first);
  enter_one (congress, 'A', 2, "Y");
  enter_one (congress, 'B', 2, "Y");
  assert_checks_say (congress, "2", second);
  enter_one (congress, 'A', 3, "Y");
  enter_one (congress, 'B', 3, "N");
  assert_checks_say (congress, "3", third);
  /* The ballots of `reconcile` in the user's language too. */
  {
    g_auto(Run) reconcile = { 0 };

    run_cli (&reconcile, NULL, "reconcile", congress, "--election", "bithu", NULL);
    assert_says (reconcile.out, "serial 3: A: marked Y | B: marked N\n");
  }

  if (have_locale ("vi_VN.UTF-8"))
    {
      g_auto(Run) vi = { 0 };
      g_auto(Run) vi_reconcile = { 0 };

      run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "results", congress, "--election", "bithu", "--text", NULL);
      g_assert_cmpint (vi.status, ==, 0);
      assert_says (vi.out, "Số phiếu thu vào không vượt số phiếu phát ra (thu vào 3 phiếu, phát ra 15 phiếu)\n");
      assert_says (vi.out, "(nhập hai lượt: tính 1 phiếu; 2 chỗ khác nhau, còn 2 chỗ chưa quyết định)\n");
      assert_says (vi.out, "(15 phiếu phát ra, 15 đồng chí được triệu tập)\n");
      run_cli_locale (&vi_reconcile, "vi_VN.UTF-8", NULL, "reconcile", congress, "--election", "bithu", NULL);
      assert_says (vi_reconcile.out, ": A: đánh dấu Y | B: đánh dấu N\n");
    }
}

/* Crash test: kill -9 the entering process at random moments, many times.
 * Every ballot whose commit returned (printed "saved N") is there, none is
 * half-written, the file is intact and the journal verifies; --resume
 * finishes the job. */
static void
test_crash (void)
{
  g_autofree char *congress = new_congress ();
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GHashTable) confirmed = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  guint kills = 0;
  const guint total = 300;

  for (guint s = 1; s <= total; s++)
    g_string_append_printf (csv, "%u,%u %u %u,,\n", s, 1 + s % 18, 1 + (s + 3) % 18, 1 + (s + 7) % 18);
  csv_path = write_temp ("crash.csv", csv->str);

  for (guint round = 0; round < 40; round++)
    {
      const char *argv[] = { cli (), "enter", congress, "--election", "bch", "--pass", "A",
                             "--operator", "Trần A", "--ballots", csv_path, "--resume", "--progress", NULL };
      g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                            | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(KpStore) store = NULL;
      g_autoptr(GHashTable) saved = NULL;
      g_autoptr(GString) report = g_string_new (NULL);
      g_autofree char *check = NULL;
      gboolean finished;
      sqlite3 *db;
      sqlite3_stmt *stmt;

      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 1000, 25000));
      g_subprocess_force_exit (p);
      g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_subprocess_wait (p, NULL, NULL);
      finished = g_subprocess_get_if_exited (p);
      kills += !finished;

      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        if (g_str_has_prefix (lines[i], "saved "))
          g_hash_table_add (confirmed, GUINT_TO_POINTER (atoi (lines[i] + 6)));

      /* Intact: sqlite's full integrity check. */
      g_assert_cmpint (sqlite3_open_v2 (congress, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      g_assert_cmpstr (check, ==, "ok");

      store = kp_store_open (congress, &error);
      g_assert_no_error (error);
      saved = kp_store_get_pass (store, "bch", 0, 'A', &error);
      g_assert_no_error (error);
      {
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init (&iter, confirmed);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          if (!g_hash_table_contains (saved, key))
            g_error ("ballot %u was confirmed but is not in the file", GPOINTER_TO_UINT (key));
      }
      /* Whole ballots only: each saved one is exactly the CSV's row. */
      {
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init (&iter, saved);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            guint s = GPOINTER_TO_UINT (key);
            KpBallot *b = value;
            g_assert_true (kp_ballot_is_struck (b, 1 + s % 18));
            g_assert_true (kp_ballot_is_struck (b, 1 + (s + 3) % 18));
            g_assert_true (kp_ballot_is_struck (b, 1 + (s + 7) % 18));
            g_assert_cmpuint (kp_ballot_count_kept (b), ==, 15);
          }
      }
      if (!kp_store_verify (store, report, &error))
        g_error ("after kill %u: %s\n%s", kills, error->message, report->str);
      if (g_hash_table_size (saved) == total)
        break;
    }
  g_test_message ("%u kills, %u ballots confirmed before a kill", kills, g_hash_table_size (confirmed));
  g_assert_cmpuint (kills, >=, 5);

  {
    g_auto(Run) rest = { 0 };
    g_auto(Run) show = { 0 };
    run_cli (&rest, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
             "--ballots", csv_path, "--resume", NULL);
    g_assert_cmpint (rest.status, ==, 0);
    run_cli (&show, NULL, "show", congress, NULL);
    g_assert_nonnull (strstr (show.out, "entered: A 300"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/tally/demo", test_tally_demo);
  g_test_add_func ("/cli/tally/R-PCT-2+R-RECON-1/issued-and-text", test_tally_issued_and_text);
  g_test_add_func ("/cli/tally/issued-not-recorded", test_tally_issued_not_recorded);
  g_test_add_func ("/cli/tally/R-LIST-2/namesakes", test_tally_namesakes);
  g_test_add_func ("/cli/tally/shuffled-file", test_tally_shuffled_file);
  for (guint i = 0; i < G_N_ELEMENTS (bad_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/tally/bad/%s", bad_runs[i].name);
      g_test_add_data_func (path, &bad_runs[i], test_bad_run);
    }
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/languages", test_languages);
  g_test_add_func ("/cli/order/R-LIST-2", test_order);
  g_test_add_func ("/cli/check/R-LIST-1+R-LIST-2", test_check);
  g_test_add_func ("/cli/congress/enter-bad-row", test_enter_bad_row);
  g_test_add_func ("/cli/congress/resume-disk-full", test_resume_disk_full);
  g_test_add_func ("/cli/congress/results-like-tally", test_results_like_tally);
  g_test_add_func ("/cli/congress/journal-tampered", test_journal_tampered);
  g_test_add_func ("/cli/congress/rehearsal-copy", test_rehearsal_copy);
  g_test_add_func ("/cli/enter/lock", test_enter_lock);
  g_test_add_func ("/cli/congress/rehearsal-switch-refused", test_rehearsal_switch_refused);
  g_test_add_func ("/cli/results/check-plurals", test_check_plurals);
  g_test_add_func ("/cli/congress/crash", test_crash);
  return g_test_run ();
}
