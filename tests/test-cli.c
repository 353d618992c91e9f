/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-cli.c — kiemphieu-cli as a user or a script runs it: the output,
 * the exit codes (0 ok, 1 usage, 2 bad input) and messages that name the
 * file, the line and the field.
 */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  char *out;
  char *err;
  int status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
cli (void)
{
  const char *path = g_getenv ("KP_CLI");
  g_assert_nonnull (path);
  return path;
}

static char *
source_path (const char *first,
             ...)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  va_list args;
  GString *path;
  const char *part;

  g_assert_nonnull (srcdir);
  path = g_string_new (srcdir);
  va_start (args, first);
  for (part = first; part; part = va_arg (args, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, part);
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

/* Runs kiemphieu-cli with the NULL-terminated arguments, @input on stdin. */
static void
run_cli (Run        *run,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) cli ());
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kp-cli-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

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

/* --issued overrides the definition; --text prints Vietnamese for a person. */
static void
test_tally_issued_and_text (void)
{
  g_autofree char *definition = source_path ("tests", "fixtures", "r-pct-2-half-up", "definition.json", NULL);
  g_autofree char *ballots = source_path ("tests", "fixtures", "r-pct-2-half-up", "ballots.csv", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) over = { 0 };

  run_cli (&run, NULL, "tally", "--definition", definition, "--ballots", ballots, "--issued", "20", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"ballots\":{\"issued\":20,\"collected\":17,"));
  g_assert_nonnull (strstr (run.out, "\"percent\":\"3.13\""));

  run_cli (&text, NULL, "tally", "--definition", definition, "--ballots", ballots, "--text", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "53,13%"));
  g_assert_nonnull (strstr (text.out, "3,13%"));
  g_assert_nonnull (strstr (text.out, "Trúng cử"));
  g_assert_nonnull (strstr (text.out, "Còn thiếu 1 người; đề xuất bầu lần thứ 2"));

  /* R-RECON-1: more collected than issued is said on stderr. */
  run_cli (&over, NULL, "tally", "--definition", definition, "--ballots", ballots, "--issued", "10", NULL);
  g_assert_cmpint (over.status, ==, 0);
  g_assert_nonnull (strstr (over.err, "R-RECON-1: 17 ballots collected but only 10 issued"));
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
  { "missing-file", NULL, NULL, "bch", NULL, 2, "No such file" },
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
  g_assert_nonnull (strstr (run.out, "bithu: 1 names, 1 seats, agree/disagree form"));
  g_assert_true (g_str_has_suffix (run.out, "valid\n"));

  run_cli (&warn, NULL, "check", unordered, NULL);
  g_assert_cmpint (warn.status, ==, 0);
  g_assert_nonnull (strstr (warn.out, "warning: cu: R-LIST-2: the list is not in ABC order by given name: 1. Lê Văn Bình comes before 2. Lê Văn An"));
  g_assert_true (g_str_has_suffix (warn.out, "valid, with warnings\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/tally/demo", test_tally_demo);
  g_test_add_func ("/cli/tally/R-PCT-2+R-RECON-1/issued-and-text", test_tally_issued_and_text);
  g_test_add_func ("/cli/tally/shuffled-file", test_tally_shuffled_file);
  for (guint i = 0; i < G_N_ELEMENTS (bad_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/tally/bad/%s", bad_runs[i].name);
      g_test_add_data_func (path, &bad_runs[i], test_bad_run);
    }
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/order/R-LIST-2", test_order);
  g_test_add_func ("/cli/check/R-LIST-1+R-LIST-2", test_check);
  return g_test_run ();
}
