/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-hostile.c — files made to hurt: an archive with a path that climbs
 * out of its folder, a zip bomb, a 10 MB name, a CSV with a million
 * columns, a congress file that is something else. Each is refused with a
 * clear message, nothing is written, nothing crashes.
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sqlite3.h>
#include <zip.h>

#include "kp-archive.h"
#include "test-util.h"

#define PASSWORD "tre-nguon-khoi-buom-sang-dieu-non-manh"

static char *
write_zip (const char  *name,
           const char **entries,
           zip_source_t *(*make) (zip_t *, guint))
{
  g_autofree char *dir = temp_dir ();
  char *path = g_build_filename (dir, name, NULL);
  int error = 0;
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_EXCL, &error);

  g_assert_nonnull (za);
  for (guint i = 0; entries[i]; i++)
    {
      zip_source_t *source = make (za, i);
      zip_int64_t index = zip_file_add (za, entries[i], source, 0);
      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (zip_file_set_encryption (za, index, ZIP_EM_AES_256, PASSWORD), ==, 0);
    }
  g_assert_cmpint (zip_close (za), ==, 0);
  return path;
}

static zip_source_t *
small_source (zip_t *za,
              guint  i)
{
  static const char text[] = "không có gì\n";
  return zip_source_buffer (za, text, sizeof text - 1, 0);
}

/* An entry named ../../evil: refused, and nothing written outside. */
static void
test_path_traversal (void)
{
  const char *entries[] = { "manifest.sha256", "../../kp-evil.txt", NULL };
  g_autofree char *archive = write_zip ("traversal.zip", entries, small_source);
  g_autofree char *password = write_temp ("p.txt", PASSWORD);
  g_autofree char *dir = temp_dir ();
  g_autofree char *target = g_build_filename (dir, "restored", NULL);
  g_autofree char *evil = g_build_filename (dir, "..", "kp-evil.txt", NULL);
  g_auto(Run) check = { 0 };
  g_auto(Run) restore = { 0 };

  run_cli (&check, NULL, "archive-check", archive, "--password-file", password, NULL);
  g_assert_cmpint (check.status, ==, 3);
  /* Not sealed with the password: refused before any entry is read (a
   * sealed one is refused by its name, test-archive /archive/unsafe-names). */
  g_assert_nonnull (strstr (check.err, "seal"));
  run_cli (&restore, NULL, "restore", archive, "--to", target, "--password-file", password, NULL);
  g_assert_cmpint (restore.status, ==, 3);
  g_assert_false (g_file_test (evil, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

/* 1.1 GiB of zeros in a few kilobytes: refused before it is inflated. */
typedef struct
{
  guint64 left;
} Zeros;

static zip_int64_t
zeros_cb (void             *data,
          void             *out,
          zip_uint64_t      length,
          zip_source_cmd_t  cmd)
{
  Zeros *z = data;

  if (cmd == ZIP_SOURCE_OPEN)
    {
      z->left = G_GUINT64_CONSTANT (1100) * 1024 * 1024;
      return 0;
    }
  if (cmd == ZIP_SOURCE_READ)
    {
      length = MIN (length, z->left);
      memset (out, 0, length);
      z->left -= length;
      return length;
    }
  if (cmd == ZIP_SOURCE_STAT)
    {
      zip_stat_t *st = out;
      zip_stat_init (st);
      st->size = G_GUINT64_CONSTANT (1100) * 1024 * 1024;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof (*st);
    }
  if (cmd == ZIP_SOURCE_FREE)
    {
      g_free (z);
      return 0;
    }
  if (cmd == ZIP_SOURCE_SUPPORTS)
    return zip_source_make_command_bitmap (ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                           ZIP_SOURCE_FREE, ZIP_SOURCE_ERROR, -1);
  return 0; /* CLOSE, ERROR */
}

static zip_source_t *
bomb_source (zip_t *za,
             guint  i)
{
  if (i == 0)
    return small_source (za, i);
  return zip_source_function (za, zeros_cb, g_new0 (Zeros, 1));
}

static void
test_zip_bomb (void)
{
  const char *entries[] = { "manifest.sha256", "congress.kiemphieu", NULL };
  g_autofree char *archive = write_zip ("bomb.zip", entries, bomb_source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (archive, &st), ==, 0);
  g_test_message ("bomb: %" G_GINT64_FORMAT " bytes on disk", (gint64) st.st_size);
  g_assert_cmpint (st.st_size, <, 10 * 1024 * 1024);
  g_assert_false (kp_archive_check (archive, PASSWORD, report, &error));
  g_assert_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED);
  /* Not sealed: refused by the seal before any entry is inflated. */
  g_assert_nonnull (strstr (error->message, "seal"));
}

/* A 10 MB name in a definition, a 10 MB field in a CSV. */
static void
test_oversized (void)
{
  g_autoptr(GString) def = g_string_new ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"X\","
                                         "\"name\":\"Y\",\"kind\":\"members\",\"convened\":10},\"elections\":[{\"id\":\"a\","
                                         "\"title\":\"t\",\"body\":\"committee\",\"seats\":1,\"candidates\":[{\"name\":\"");
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n1,,,other:");
  g_autofree char *definition = NULL;
  g_autofree char *ballots = NULL;
  g_autofree char *congress = NULL;
  g_autofree char *dir = temp_dir ();
  g_auto(Run) check = { 0 };
  g_auto(Run) create = { 0 };
  g_auto(Run) enter = { 0 };
  g_auto(Run) show = { 0 };

  for (guint i = 0; i < 10 * 1024 * 1024 / 8; i++)
    g_string_append (def, "Nguyễn ");
  g_string_append (def, "\"},{\"name\":\"B\"}]}]}");
  definition = write_temp ("big.json", def->str);
  run_cli (&check, NULL, "check", definition, NULL);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_nonnull (strstr (check.err, "elections[0].candidates[0].name: longer than 200 characters"));
  congress = g_build_filename (dir, "c.kiemphieu", NULL);
  run_cli (&create, NULL, "new", congress, "--definition", definition, NULL);
  g_assert_cmpint (create.status, ==, 2);
  g_assert_false (g_file_test (congress, G_FILE_TEST_EXISTS));

  g_free (congress);
  congress = new_congress ();
  for (guint i = 0; i < 10 * 1024 * 1024 / 4; i++)
    g_string_append (csv, "rách");
  g_string_append (csv, "\n");
  ballots = write_temp ("big.csv", csv->str);
  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 2);
  g_assert_nonnull (strstr (enter.err, "a field longer than"));
  run_cli (&show, NULL, "show", congress, NULL);
  g_assert_nonnull (strstr (show.out, "entered: A 0"));
}

/* A million columns: refused at once, nothing saved. */
static void
test_million_columns (void)
{
  g_autoptr(GString) csv = g_string_new ("serial,struck,marks,invalid\n1,1 2 3,,\n2");
  g_autofree char *ballots = NULL;
  g_autofree char *congress = new_congress ();
  g_auto(Run) enter = { 0 };
  g_auto(Run) show = { 0 };

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (csv, ',');
  g_string_append_c (csv, '\n');
  ballots = write_temp ("wide.csv", csv->str);
  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--ballots", ballots,
           "--one-transaction", NULL);
  g_assert_cmpint (enter.status, ==, 2);
  g_assert_nonnull (strstr (enter.err, "wide.csv:3: more than 64 fields in one row"));
  run_cli (&show, NULL, "show", congress, NULL);
  g_assert_nonnull (strstr (show.out, "entered: A 0"));
}

/* Something else named .kiemphieu: refused, unchanged. */
static void
test_not_a_congress (void)
{
  g_autofree char *pdf = source_path ("docs", "images", "phieu.png", NULL);
  g_autofree char *dir = temp_dir ();
  g_autofree char *fake = g_build_filename (dir, "fake.kiemphieu", NULL);
  g_autofree char *data = NULL;
  g_autofree char *after = NULL;
  gsize length, after_length;
  g_auto(Run) show = { 0 };
  g_auto(Run) enter = { 0 };

  g_assert_true (g_file_get_contents (pdf, &data, &length, NULL));
  g_assert_true (g_file_set_contents (fake, data, length, NULL));
  run_cli (&show, NULL, "show", fake, NULL);
  g_assert_cmpint (show.status, ==, 2);
  g_assert_nonnull (strstr (show.err, "not a congress file"));
  run_cli (&enter, NULL, "journal", fake, "--verify", NULL);
  g_assert_cmpint (enter.status, ==, 2);
  g_assert_true (g_file_get_contents (fake, &after, &after_length, NULL));
  g_assert_cmpuint (after_length, ==, length);
  g_assert_true (memcmp (after, data, length) == 0);
}

/* 100,000 nested "[": json-glib parses nesting by recursion and would
 * overflow the stack; every place that reads JSON bounds the depth first
 * and says so: a definition (check, new, tally), a journal entry (verify),
 * the sealed key (resolve, confirm). */
static char *
nested (gsize depth)
{
  GString *text = g_string_sized_new (depth * 2);

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
sql (const char *path,
     const char *statement,
     const char *text)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, statement, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_deep_nesting (void)
{
  g_autofree char *deep = nested (100000);
  g_autofree char *definition = write_temp ("deep.json", deep);
  g_autofree char *ballots = write_temp ("b.csv", "serial,struck,marks,invalid\n");
  g_autofree char *dir = temp_dir ();
  g_autofree char *congress = g_build_filename (dir, "c.kiemphieu", NULL);
  g_autofree char *pass = write_temp ("p.txt", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_autofree char *demo = source_path ("data", "demo", "daihoi.json", NULL);
  g_auto(Run) check = { 0 };
  g_auto(Run) create = { 0 };
  g_auto(Run) tally = { 0 };
  g_auto(Run) good = { 0 };
  g_auto(Run) keys = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) confirm = { 0 };

  run_cli (&check, NULL, "check", definition, NULL);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_nonnull (strstr (check.err, "nested more than"));
  run_cli (&create, NULL, "new", congress, "--definition", definition, NULL);
  g_assert_cmpint (create.status, ==, 2);
  g_assert_false (g_file_test (congress, G_FILE_TEST_EXISTS));
  run_cli (&tally, NULL, "tally", "--definition", definition, "--election", "bch", "--ballots", ballots, NULL);
  g_assert_cmpint (tally.status, ==, 2);

  /* A count too long for 64 bits (json-glib would read it as -1). */
  {
    g_autofree char *text = NULL;
    g_autofree char *huge = NULL;
    g_autofree char *file = NULL;
    g_auto(Run) refused = { 0 };
    g_autoptr(GRegex) seats = g_regex_new ("\"seats\": *15", 0, 0, NULL);

    g_assert_true (g_file_get_contents (demo, &text, NULL, NULL));
    huge = g_regex_replace_literal (seats, text, -1, 0, "\"seats\": 1000000000000000000000000000000", 0, NULL);
    g_assert_cmpstr (huge, !=, text);
    file = write_temp ("huge.json", huge);
    run_cli (&refused, NULL, "check", file, NULL);
    g_assert_cmpint (refused.status, ==, 2);
    g_assert_nonnull (strstr (refused.err, "too large"));
    /* The temporary folder's name may hold "-1" ("kp-test-1a2b3c"): look
     * after the file's name. */
    g_assert_nonnull (strstr (refused.err, "huge.json: "));
    g_assert_null (strstr (strstr (refused.err, "huge.json: "), "-1"));
  }

  /* A congress file whose journal entry or sealed key was replaced. */
  run_cli (&good, NULL, "new", congress, "--definition", demo, NULL);
  g_assert_cmpint (good.status, ==, 0);
  run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", pass, NULL);
  g_assert_cmpint (keys.status, ==, 0);
  sql (congress, "UPDATE journal SET content = ?1 WHERE seq = 2", deep);
  run_cli (&verify, NULL, "verify", congress, NULL);
  g_assert_cmpint (verify.status, ==, 3);
  sql (congress, "UPDATE meta SET value = ?1 WHERE key = 'sealed_key'", deep);
  run_cli (&confirm, NULL, "confirm", congress, "--election", "bithu", "--passphrase-file", pass,
           "--override-network", "kiểm thử", NULL);
  g_assert_cmpint (confirm.status, ==, 2);
  g_assert_null (strstr (confirm.err, "Segmentation"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/archive-path-traversal", test_path_traversal);
  g_test_add_func ("/hostile/zip-bomb", test_zip_bomb);
  g_test_add_func ("/hostile/oversized", test_oversized);
  g_test_add_func ("/hostile/million-columns", test_million_columns);
  g_test_add_func ("/hostile/not-a-congress", test_not_a_congress);
  g_test_add_func ("/hostile/deep-nesting", test_deep_nesting);
  return g_test_run ();
}
