/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-cli-read-only.c — kiemphieu-cli on a congress file it cannot or must
 * not write: with --read-only (before the command, or as its option),
 * without write permission (run as "nobody" when the tests run as root)
 * and on a read-only bind mount (unshare -m, skipped where no mount
 * namespace can be made). show, verify, results, journal --verify and every
 * document work, writing nothing beside the file; enter and issued are
 * refused with the read-only message. A congress restored from its
 * archive opens read-only and verifies against the key sheet's fingerprint.
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kp-store.h"
#include "test-util.h"

#define PASSPHRASE "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define NOT_MOUNTED 77

typedef enum
{
  WAY_FLAG,       /* --read-only */
  WAY_PERMISSION, /* the file and its folder without write permission */
  WAY_MOUNT,      /* a read-only bind mount of the folder */
} Way;

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Each file's name, size, modification time and SHA-256, and the folder's
 * own time: whatever a write would change. */
static char *
folder_state (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  struct stat st;
  const char *name;

  g_assert_nonnull (d);
  g_assert_cmpint (stat (dir, &st), ==, 0);
  g_string_append_printf (out, ". %ld.%09ld\n", (long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *data = NULL;
      g_autofree char *sum = NULL;
      gsize length;

      g_assert_cmpint (stat (path, &st), ==, 0);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
      g_string_append_printf (out, "%s %" G_GSIZE_FORMAT " %ld.%09ld %s\n", (const char *) names->pdata[i], length,
                              (long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec, sum);
    }
  return g_string_free (out, FALSE);
}

static char *
secret_file (const char *secret)
{
  return write_temp ("secret.txt", secret);
}

/* The demo congress with bch entered and its box counted. */
static char *
counted_congress (void)
{
  char *congress = new_congress ();
  g_autofree char *ballots = source_path ("data", "demo", "bch.csv", NULL);
  g_auto(Run) enter = { 0 };
  g_auto(Run) issued = { 0 };
  g_auto(Run) collected = { 0 };

  run_cli (&enter, NULL, "enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần A",
           "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&issued, NULL, "issued", congress, "127", "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (issued.status, ==, 0);
  run_cli (&collected, NULL, "collected", congress, "127", "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (collected.status, ==, 0);
  return congress;
}

/* Runs kiemphieu-cli with @args (NULL-terminated) the way @way makes the
 * file read-only. */
static void
run_way (Run               *run,
         Way                way,
         const char        *dir,
         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  switch (way)
    {
    case WAY_FLAG:
      break;
    case WAY_PERMISSION:
      /* Root writes anything: the CLI runs as nobody. */
      if (getuid () == 0)
        {
          g_ptr_array_add (argv, (char *) "setpriv");
          g_ptr_array_add (argv, (char *) "--reuid=65534");
          g_ptr_array_add (argv, (char *) "--regid=65534");
          g_ptr_array_add (argv, (char *) "--clear-groups");
        }
      break;
    case WAY_MOUNT:
      g_ptr_array_add (argv, (char *) "unshare");
      g_ptr_array_add (argv, (char *) (getuid () == 0 ? "-m" : "-rm"));
      g_ptr_array_add (argv, (char *) "sh");
      g_ptr_array_add (argv, (char *) "-c");
      g_ptr_array_add (argv, (char *) "mount --make-rprivate / && mount --bind \"$0\" \"$0\" "
                                      "&& mount -o remount,bind,ro \"$0\" || exit 77; exec \"$@\"");
      g_ptr_array_add (argv, (char *) dir);
      break;
    default:
      g_assert_not_reached ();
    }
  g_ptr_array_add (argv, (char *) cli ());
  if (way == WAY_FLAG)
    g_ptr_array_add (argv, (char *) "--read-only");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run_argv (run, NULL, (const char *const *) argv->pdata);
}

static void
assert_pdf (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
}

/* Everything the inspection committee runs, the way @way; %FALSE when the
 * way cannot be made here (no mount namespace). */
static gboolean
read_only_session (Way         way,
                   const char *congress,
                   const char *out,
                   const char *reason,
                   const char *results)
{
  g_autofree char *dir = g_path_get_dirname (congress);
  g_autofree char *ballots = source_path ("data", "demo", "bch.csv", NULL);
  const char *names[] = { "flag", "permission", "mount" };
  g_autofree char *minutes = g_strdup_printf ("%s/%s-bienban.pdf", out, names[way]);
  g_autofree char *sheets = g_strdup_printf ("%s/%s-phieu.pdf", out, names[way]);
  g_autofree char *journal = g_strdup_printf ("%s/%s-nhatky.pdf", out, names[way]);
  g_autofree char *summary = g_strdup_printf ("%s/%s-tonghop.pdf", out, names[way]);
  const char *show[] = { "show", congress, NULL };
  const char *verify[] = { "verify", congress, NULL };
  const char *result[] = { "results", congress, "--election", "bch", NULL };
  const char *chain[] = { "journal", congress, "--verify", NULL };
  const char *print_minutes[] = { "minutes", congress, "--election", "bch", "-o", minutes, NULL };
  const char *print_ballots[] = { "ballots", congress, "--election", "bch", "-o", sheets, NULL };
  const char *print_journal[] = { "journal", congress, "-o", journal, NULL };
  const char *print_summary[] = { "summary", congress, "-o", summary, NULL };
  const char *enter[] = { "enter", congress, "--election", "bch", "--pass", "A", "--operator", "X", "--ballots",
                          ballots, NULL };
  const char *issued[] = { "issued", congress, "5", "--election", "bch", "--operator", "X", NULL };
  /* Refused before the passphrase is asked (there is no terminal here). */
  const char *keys[] = { "keys", congress, "--init", NULL };
  const char *const *reads[] = { show, verify, result, chain, print_minutes, print_ballots, print_journal,
                                 print_summary };
  const char *const *writes[] = { enter, issued, keys };
  g_autofree char *note = g_strdup_printf ("is open read-only (%s)", reason);

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_auto(Run) run = { 0 };

      run_way (&run, way, dir, reads[i]);
      if (way == WAY_MOUNT && run.status == NOT_MOUNTED)
        return FALSE;
      if (run.status != 0)
        g_error ("%s %s: exit %d\n%s", names[way], reads[i][0], run.status, run.err);
      g_assert_nonnull (strstr (run.err, note));
      if (reads[i] == show)
        g_assert_nonnull (strstr (run.out, "read-only: "));
      if (reads[i] == verify)
        g_assert_nonnull (strstr (run.out, "verified"));
      if (reads[i] == result)
        g_assert_cmpstr (run.out, ==, results);
    }
  assert_pdf (minutes);
  assert_pdf (sheets);
  assert_pdf (journal);
  assert_pdf (summary);

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_auto(Run) run = { 0 };

      run_way (&run, way, dir, writes[i]);
      g_test_message ("%s %s: %s", names[way], writes[i][0], run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "The congress file is open read-only ("));
      g_assert_nonnull (strstr (run.err, reason));
      g_assert_null (strstr (run.err, "readonly database"));
      g_assert_null (strstr (run.err, "saved"));
    }
  return TRUE;
}

/* The three ways a congress file is read-only, each the same session, and
 * the folder the same afterwards to the byte and the nanosecond. */
static void
test_read_only (void)
{
  g_autofree char *congress = counted_congress ();
  g_autofree char *dir = g_path_get_dirname (congress);
  g_autofree char *out = temp_dir ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) baseline = { 0 };
  g_auto(Run) option = { 0 };
  g_auto(Run) usage = { 0 };
  gboolean mounted;

  run_cli (&baseline, NULL, "results", congress, "--election", "bch", NULL);
  g_assert_cmpint (baseline.status, ==, 0);
  g_assert_cmpint (g_chmod (out, 0777), ==, 0);
  before = folder_state (dir);

  read_only_session (WAY_FLAG, congress, out, "as chosen when it was opened", baseline.out);
  /* --read-only is also each command's own option. */
  run_cli (&option, NULL, "verify", congress, "--read-only", NULL);
  g_assert_cmpint (option.status, ==, 0);
  g_assert_nonnull (strstr (option.err, "is open read-only (as chosen when it was opened)"));
  /* …and only theirs: a command without a congress file refuses it. */
  run_cli (&usage, NULL, "--read-only", "check", congress, NULL);
  g_assert_cmpint (usage.status, ==, 1);
  g_assert_nonnull (strstr (usage.err, "--read-only is for the commands on a congress file"));

  mounted = read_only_session (WAY_MOUNT, congress, out, "the disk or USB stick it is on is read-only",
                               baseline.out);

  g_assert_cmpint (g_chmod (congress, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_clear_pointer (&before, g_free);
  before = folder_state (dir);
  read_only_session (WAY_PERMISSION, congress, out, "there is no permission to write the file or its folder",
                     baseline.out);
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
  g_chmod (dir, 0755);
  g_chmod (congress, 0644);
  if (!mounted)
    g_test_skip ("this machine cannot make a read-only bind mount (unshare -m); the read-only medium was not "
                 "tested, the flag and the permission cases were");
}

/* The only file of a folder whose name ends in @suffix. */
static char *
only_file (const char *dir,
           const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, suffix))
      {
        g_assert_null (found);
        found = g_build_filename (dir, name, NULL);
      }
  g_assert_nonnull (found);
  return found;
}

/* What the inspection committee does after the congress: restore the
 * archive from the stick, open the restored file read-only and verify it
 * against the fingerprint on the key sheet the committee signed. */
static void
test_restore_then_read_only (void)
{
  g_autofree char *congress = counted_congress ();
  g_autofree char *pass = secret_file (PASSPHRASE);
  g_autofree char *password = secret_file ("tre-nguon-khoi-buom-sang-dieu-non-manh");
  g_autofree char *stick = temp_dir ();
  g_autofree char *restored = temp_dir ();
  g_autofree char *out = temp_dir ();
  g_autofree char *archive = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *minutes = g_build_filename (out, "bienban.pdf", NULL);
  g_auto(Run) keys = { 0 };
  g_auto(Run) archiving = { 0 };
  g_auto(Run) restoring = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) print = { 0 };
  g_auto(Run) wrong = { 0 };

  run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", pass, "--operator", "Lê Văn Tùng", NULL);
  g_assert_cmpint (keys.status, ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KpStore) store = kp_store_open_full (congress, KP_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    fingerprint = kp_store_get_fingerprint (store);
  }
  run_cli (&archiving, NULL, "archive", congress, "--to", stick, "--password-file", password, NULL);
  g_assert_cmpint (archiving.status, ==, 0);
  archive = only_file (stick, ".zip");
  run_cli (&restoring, NULL, "restore", archive, "--to", restored, "--password-file", password, NULL);
  g_assert_cmpint (restoring.status, ==, 0);
  copy = only_file (restored, ".kiemphieu");
  /* Restored and verified, it was closed properly: nothing beside it. */
  {
    g_autofree char *wal = g_strconcat (copy, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  before = folder_state (restored);
  run_cli (&verify, NULL, "--read-only", "verify", copy, "--fingerprint", fingerprint, NULL);
  g_assert_cmpint (verify.status, ==, 0);
  g_assert_nonnull (strstr (verify.out, "verified"));
  g_assert_null (strstr (verify.err, "WARNING"));
  run_cli (&print, NULL, "--read-only", "minutes", copy, "--election", "bch", "-o", minutes, NULL);
  g_assert_cmpint (print.status, ==, 0);
  assert_pdf (minutes);
  /* Another key than the sheet's is found, read-only too. */
  run_cli (&wrong, NULL, "--read-only", "verify", copy, "--fingerprint",
           "0000000000000000000000000000000000000000000000000000000000000000", NULL);
  g_assert_cmpint (wrong.status, ==, 3);
  after = folder_state (restored);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/read-only/three-ways", test_read_only);
  g_test_add_func ("/cli/read-only/restore-then-read-only", test_restore_then_read_only);
  return g_test_run ();
}
