/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-read-only.c — a congress file opened read-only, as the inspection
 * committee opens the archive's file after the congress: on purpose
 * (KP_STORE_OPEN_READ_ONLY), without write permission, and on a read-only
 * mount. Everything is shown, verified and printed (elsewhere); nothing is
 * written to the file or its folder (no -wal, -shm or lock file; the same
 * bytes and times); every change is refused with the read-only message.
 * A file whose -wal still holds changes, and a file of format 1, are the
 * two cases where reading the file alone would mislead.
 *
 * The CI runs as root, where permission bits stop nothing: the permission
 * case runs in a child that drops to "nobody", the mount case in a child
 * with a mount namespace of its own (skipped where none can be made).
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <locale.h>
#include <sched.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kp-ballot-reader.h"
#include "kp-documents.h"
#include "kp-i18n.h"
#include "kp-journal.h"
#include "kp-reports.h"
#include "kp-store.h"
#include "kp-store-projector.h"

#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define CHILD_SKIP 77

static char *
demo_path (const char *name)
{
  return g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", name, NULL);
}

static KpStore *
create_demo (const char *path)
{
  g_autofree char *definition = demo_path ("daihoi.json");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  KpStore *store;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "daihoi.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);
  return store;
}

static void
enter_demo (KpStore    *store,
            const char *id,
            char        pass)
{
  g_autofree char *name = g_strdup_printf ("%s.csv", id);
  g_autofree char *csv = demo_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, id, 0, &error);
  g_autoptr(GPtrArray) ballots = NULL;

  g_assert_no_error (error);
  ballots = kp_ballots_read_file (csv, election, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ballots->len; i++)
    {
      kp_store_enter (store, id, 0, pass, "Trần Văn Nhập", ballots->pdata[i], &error);
      g_assert_no_error (error);
    }
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
  sqlite3_close (db);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &data, &length, NULL));
  g_assert_true (g_file_set_contents (to, data, length, NULL));
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Everything about a folder that a write would change: each file's name,
 * size, modification time (to the nanosecond) and SHA-256, and the
 * folder's own modification time (a file made and removed again shows). */
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

/* A congress as the inspection committee receives it: ballots in, the box
 * counted, double entry with a ruling, a signing key, bch confirmed and
 * released to the hall. Closed (no -wal left). Returns the fingerprint. */
static char *
full_congress (const char *path)
{
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GError) error = NULL;
  char *fingerprint = NULL;

  enter_demo (store, "bch", 'A');
  g_assert_true (kp_store_set_issued (store, "bch", 0, 127, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_set_collected (store, "bch", 0, 127, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", &fingerprint, &error));
  g_assert_no_error (error);
  g_assert_true (kp_store_confirm (store, "bch", 0, HEAD, NULL, "kiểm thử", "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  g_assert_true (kp_store_release_projector (store, "bch", 0, HEAD, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_set_mode (store, "dbct", KP_ENTRY_DOUBLE, NULL, "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  enter_demo (store, "dbct", 'A');
  enter_demo (store, "dbct", 'B');
  {
    /* One disagreement, settled: serial 2 of B reads otherwise. */
    g_autoptr(KpBallot) other = kp_ballot_new_strike (2, 9);
    kp_ballot_strike (other, 1);
    g_assert_true (kp_store_void (store, "dbct", 0, 'B', 2, "gõ nhầm", "Trần Văn Nhập", &error));
    g_assert_true (kp_store_enter (store, "dbct", 0, 'B', "Trần Văn Nhập", other, &error));
    g_assert_no_error (error);
  }
  g_assert_true (kp_store_resolve (store, "dbct", 0, 2, 'A', NULL, "phiếu giấy như lượt A", HEAD, "Lê Văn Tùng",
                                   &error));
  g_assert_no_error (error);
  return fingerprint;
}

/* Everything an auditor does reads: verify (anchored on the key sheet's
 * fingerprint), results, reconciliation, the confirmation, the hall's
 * state, and every document, written to @out (elsewhere). */
static void
assert_everything_reads (KpStore    *store,
                         const char *fingerprint,
                         const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GHashTable) pass = NULL;
  const char *documents[] = { "bienban-bch.pdf", "bienban-dbct.pdf", "tonghop.pdf", "nhatky.pdf", "khoa.pdf",
                              "phieu-bch.pdf", "copy.kiemphieu" };

  if (!kp_store_verify (store, report, &error))
    g_error ("verify failed: %s\n%s", error->message, report->str);
  g_assert_true (kp_store_check_fingerprint (store, fingerprint, &error));
  g_assert_no_error (error);

  result = kp_store_results (store, "bch", 0, &checks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 127);
  g_assert_cmpuint (result->elected->len, >, 0);
  pass = kp_store_get_pass (store, "bch", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (pass), ==, 127);
  disagreements = kp_store_reconcile (store, "dbct", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (disagreements->len, ==, 1);
  g_assert_true (((KpDisagreement *) disagreements->pdata[0])->resolved);
  confirmation = kp_store_get_confirmation (store, "bch", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (confirmation);
  g_assert_true (kp_store_is_projector_released (store, "bch", 0, &error));
  journal = kp_store_get_journal (store, &error);
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[journal->len - 1])->action, ==, "resolve");

  {
    g_autofree char *p0 = g_build_filename (out, documents[0], NULL);
    g_autofree char *p1 = g_build_filename (out, documents[1], NULL);
    g_autofree char *p2 = g_build_filename (out, documents[2], NULL);
    g_autofree char *p3 = g_build_filename (out, documents[3], NULL);
    g_autofree char *p4 = g_build_filename (out, documents[4], NULL);
    g_autofree char *p5 = g_build_filename (out, documents[5], NULL);
    g_autofree char *p6 = g_build_filename (out, documents[6], NULL);

    g_assert_true (kp_reports_minutes (store, "bch", 0, p0, &error));
    g_assert_true (kp_reports_minutes (store, "dbct", 0, p1, &error));
    g_assert_true (kp_reports_summary (store, p2, NULL, &error));
    g_assert_true (kp_reports_journal (store, p3, NULL, &error));
    g_assert_true (kp_reports_key_sheet (store, p4, &error));
    election = kp_store_get_election (store, "bch", 0, &error);
    g_assert_true (kp_documents_ballots (kp_store_get_congress (store), election, 3, KP_PAPER_AUTO, NULL, p5,
                                         &error));
    /* The archive's snapshot of the file (kp_archive_write). */
    {
      g_autoptr(GBytes) snapshot = kp_store_snapshot (store, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (p6, g_bytes_get_data (snapshot, NULL), g_bytes_get_size (snapshot), NULL));
    }
  }
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *path = g_build_filename (out, documents[i], NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      if (g_str_has_suffix (path, ".pdf"))
        g_assert_true (g_str_has_prefix (data, "%PDF-"));
    }
}

static void
assert_refused (gboolean  ok,
                GError   *error,
                const char *what)
{
  if (ok)
    g_error ("%s was done on a file open read-only", what);
  if (!g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_READ_ONLY))
    g_error ("%s: not the read-only error: %s", what, error ? error->message : "(none)");
  g_assert_nonnull (strstr (error->message, "The congress file is open read-only ("));
  g_assert_nonnull (strstr (error->message, "nothing can be changed in it"));
  g_assert_null (strstr (error->message, "readonly database"));
}

/* Every change the store makes is refused, each with the read-only
 * message, before any passphrase is tried. */
static void
assert_every_change_refused (KpStore    *store,
                             const char *out)
{
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (200, 18);
  g_autoptr(KpBallot) value = kp_ballot_new_strike (2, 9);
  g_autofree char *rehearsal = g_build_filename (out, "thu.kiemphieu", NULL);
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *added[] = { "Nguyễn Văn Mới", NULL };
  guint round;

  kp_ballot_strike (ballot, 1);
  for (guint i = 0; i < 22; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = FALSE;
      const char *what = NULL;

      switch (i)
        {
        case 0: what = "enter"; ok = kp_store_enter (store, "bithu", 0, 'A', "op", ballot, &error); break;
        case 1: what = "void"; ok = kp_store_void (store, "dbct", 0, 'A', 1, "x", "op", &error); break;
        case 2: what = "mode"; ok = kp_store_set_mode (store, "bithu", KP_ENTRY_DOUBLE, NULL, "op", &error); break;
        case 3: what = "mode (head)"; ok = kp_store_set_mode (store, "dbct", KP_ENTRY_TRIPLE, HEAD, "op", &error); break;
        case 4: what = "issued"; ok = kp_store_set_issued (store, "dbct", 0, 5, "op", &error); break;
        case 5: what = "collected"; ok = kp_store_set_collected (store, "dbct", 0, 5, "op", &error); break;
        case 6: what = "pause"; ok = kp_store_set_paused (store, "dbct", TRUE, "x", "op", &error); break;
        case 7: what = "next-round"; ok = kp_store_next_round (store, "dbct", NULL, 0, added, FALSE, "op", &round, &error); break;
        case 8: what = "alternates"; ok = kp_store_order_alternates (store, "dbct", 0, order, "x", HEAD, "op", &error); break;
        case 9: what = "resolve"; ok = kp_store_resolve (store, "dbct", 0, 2, 'B', NULL, "x", HEAD, "op", &error); break;
        case 10: what = "resolve (value)"; ok = kp_store_resolve (store, "dbct", 0, 2, 'V', value, "x", HEAD, "op", &error); break;
        case 11: what = "release"; ok = kp_store_release_projector (store, "dbct", 0, HEAD, "op", &error); break;
        case 12: what = "hide"; ok = kp_store_hide_projector (store, "bch", 0, "op", &error); break;
        case 13: what = "confirm"; ok = kp_store_confirm (store, "dbct", 0, HEAD, NULL, "kiểm thử", "op", &error); break;
        case 14: what = "keys"; ok = kp_store_init_keys (store, HEAD, "op", NULL, &error); break;
        case 15: what = "rehearsal copy"; ok = kp_store_create_rehearsal (store, rehearsal, "op", &error) != NULL; break;
        case 16: what = "rehearsal switch"; ok = kp_store_set_rehearsal (store, TRUE, "op", &error); break;
        case 17: what = "bulk"; ok = kp_store_begin_bulk (store, &error); break;
        case 18: what = "enter (no operator)"; ok = kp_store_enter (store, "bithu", 0, 'A', "", ballot, &error); break;
        case 19: what = "resume"; ok = kp_store_set_paused (store, "bithu", FALSE, "x", "op", &error); break;
        case 20: what = "issued (confirmed)"; ok = kp_store_set_issued (store, "bch", 0, 1, "op", &error); break;
        case 21: what = "void (confirmed)"; ok = kp_store_void (store, "bch", 0, 'A', 1, "x", "op", &error); break;
        default: g_assert_not_reached ();
        }
      assert_refused (ok, error, what);
    }
  g_assert_false (g_file_test (rehearsal, G_FILE_TEST_EXISTS));
  g_array_unref (order);
}

/* Opened read-only on purpose, on a disk that could be written: it shows,
 * verifies and prints everything and writes nothing. */
static void
test_asked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *out = g_dir_make_tmp ("kp-ro-out-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *fingerprint = full_congress (path);
  g_autofree char *before = folder_state (dir);
  g_autofree char *after = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;

  g_assert_cmpint (access (path, W_OK), ==, 0);
  store = kp_store_open_full (path, KP_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kp_store_get_access (store), ==, KP_STORE_READ_ONLY_ASKED);
  g_assert_true (kp_store_is_read_only (store));
  g_assert_false (kp_store_is_upgraded_in_memory (store));
  reason = kp_store_read_only_reason (store);
  g_assert_cmpstr (reason, ==, "The congress file is open read-only: as chosen when it was opened. It can be "
                               "viewed, verified and printed; nothing can be changed in it.");
  assert_everything_reads (store, fingerprint, out);
  assert_every_change_refused (store, out);
  g_clear_pointer (&store, kp_store_close);

  /* Not a byte, not a time, not a file more: no -wal, -shm or lock file. */
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);

  /* Opened normally, the same file is writable as before. */
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kp_store_get_access (store), ==, KP_STORE_WRITABLE);
  g_assert_null (kp_store_read_only_reason (store));
  g_assert_true (kp_store_set_issued (store, "dbct", 0, 100, "op", &error));
  g_assert_no_error (error);
}

/* The read-only message in Vietnamese: what the committee reads. */
static void
test_message_vi (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (1, 18);
  g_autofree char *reason = NULL;

  kp_store_close (create_demo (path));
  if (setlocale (LC_ALL, "vi_VN.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("no vi_VN.UTF-8 locale");
      return;
    }
  g_unsetenv ("LANGUAGE");
  store = kp_store_open_full (path, KP_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (kp_store_enter (store, "bch", 0, 'A', "Trần Văn Nhập", ballot, &error));
  reason = kp_store_read_only_reason (store);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_message ("%s\n%s", error->message, reason);
  g_assert_true (g_str_has_prefix (error->message, "Tệp đại hội đang mở chỉ để xem ("));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "theo lựa chọn khi mở tệp"));
  g_assert_true (g_str_has_prefix (reason, "Tệp đại hội đang mở chỉ để xem: "));
  g_assert_null (strstr (error->message, "read-only"));
}

/* Runs @body in a child process; 0 passes, CHILD_SKIP skips with
 * @skip_reason, anything else (an assertion) fails. */
static gboolean
run_child (void (*body) (gconstpointer data),
           gconstpointer data,
           const char   *skip_reason)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      body (data);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == CHILD_SKIP)
    {
      g_test_skip (skip_reason);
      return FALSE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the child failed (status %d); its message is above", status);
  return TRUE;
}

typedef struct
{
  const char *path;
  const char *fingerprint;
  const char *out;
  KpStoreAccess expected;
} Child;

/* In the child: opened as any file is opened (no flag), it is read-only
 * by itself, for the reason expected. */
static void
open_by_itself (const Child *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (c->path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kp_store_get_access (store), ==, c->expected);
  assert_everything_reads (store, c->fingerprint, c->out);
  assert_every_change_refused (store, c->out);
}

static void
as_nobody (gconstpointer data)
{
  if (getuid () == 0 && (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0))
    _exit (CHILD_SKIP);
  g_assert_cmpint (access (((const Child *) data)->path, W_OK), !=, 0);
  open_by_itself (data);
}

/* A file and folder without write permission (as the archive's file copied
 * from a CD, or another user's): opened read-only by itself. */
static void
test_no_permission (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *out = g_dir_make_tmp ("kp-ro-out-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *fingerprint = full_congress (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Child child = { path, fingerprint, out, KP_STORE_READ_ONLY_PERMISSION };

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_cmpint (g_chmod (out, 0777), ==, 0);
  before = folder_state (dir);
  run_child (as_nobody, &child, "cannot become another user here to take the write permission away");
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
  g_chmod (dir, 0755);
}

static gboolean
write_file (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  return close (fd) == 0 && ok;
}

/* In the child: a mount namespace of its own (as root; else a user
 * namespace too), the folder bound onto itself read-only. */
static void
on_read_only_mount (gconstpointer data)
{
  const Child *c = data;
  g_autofree char *dir = g_path_get_dirname (c->path);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  if (unshare (CLONE_NEWNS) != 0)
    {
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (unsigned) uid);
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (unsigned) gid);

      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0 || !write_file ("/proc/self/setgroups", "deny")
          || !write_file ("/proc/self/uid_map", uid_map) || !write_file ("/proc/self/gid_map", gid_map))
        _exit (CHILD_SKIP);
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 || mount (dir, dir, NULL, MS_BIND, NULL) != 0
      || mount (NULL, dir, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) != 0)
    _exit (CHILD_SKIP);
  /* The mount is read-only, for root too. */
  g_assert_cmpint (open (probe, O_WRONLY | O_CREAT, 0644), ==, -1);
  g_assert_cmpint (errno, ==, EROFS);
  open_by_itself (c);
}

/* A read-only medium (a stick with its lock switch, a CD, a read-only
 * mount): statvfs says ST_RDONLY, and the file opens read-only by itself. */
static void
test_read_only_mount (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *out = g_dir_make_tmp ("kp-ro-out-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *fingerprint = full_congress (path);
  g_autofree char *before = folder_state (dir);
  g_autofree char *after = NULL;
  Child child = { path, fingerprint, out, KP_STORE_READ_ONLY_MEDIUM };

  if (!run_child (on_read_only_mount, &child,
                  "this machine cannot make a read-only bind mount (no mount namespace for this user); the "
                  "read-only medium is not tested here, the explicit flag and the permission cases are"))
    return;
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
}

/* Changes still in the -wal beside the file (copied while KiemPhieu had
 * it open, or left by a power cut): read-only, sqlite (immutable) would
 * read the file alone and show it older than it is. It is refused, saying
 * what to do; doing it (opening a writable copy normally once) shows
 * every ballot, and then the copy opens read-only. */
static void
test_pending_wal (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *stick = g_dir_make_tmp ("kp-ro-stick-XXXXXX", NULL);
  g_autofree char *alone = g_dir_make_tmp ("kp-ro-alone-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *copy = g_build_filename (stick, "daihoi.kiemphieu", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autofree char *lone = g_build_filename (alone, "daihoi.kiemphieu", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GHashTable) pass = NULL;
  GStatBuf st;

  kp_store_close (create_demo (path));
  store = kp_store_open (path, &error);
  enter_demo (store, "bch", 'A');
  /* The ballots are in the -wal, not yet in the file. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  copy_file (path, copy);
  copy_file (wal, copy_wal);
  copy_file (path, lone);
  g_clear_pointer (&store, kp_store_close);

  /* The file alone, read-only: a congress without those ballots. This is
   * what reading it immutable beside its -wal would show. */
  store = kp_store_open_full (lone, KP_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  pass = kp_store_get_pass (store, "bch", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (pass), ==, 0);
  g_clear_pointer (&pass, g_hash_table_unref);
  g_clear_pointer (&store, kp_store_close);

  /* With its -wal beside it: refused, nothing made beside it (no -shm). */
  before = folder_state (stick);
  g_assert_null (kp_store_open_full (copy, KP_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PENDING);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot be opened read-only: beside it is daihoi.kiemphieu-wal"));
  g_assert_nonnull (strstr (error->message, "open the copy normally once"));
  g_clear_error (&error);
  after = folder_state (stick);
  g_assert_cmpstr (after, ==, before);

  /* What the message says: opened normally, sqlite writes the changes in. */
  store = kp_store_open (copy, &error);
  g_assert_no_error (error);
  pass = kp_store_get_pass (store, "bch", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (pass), ==, 127);
  g_clear_pointer (&pass, g_hash_table_unref);
  g_clear_pointer (&store, kp_store_close);
  g_assert_false (g_file_test (copy_wal, G_FILE_TEST_EXISTS));

  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = folder_state (stick);
  store = kp_store_open_full (copy, KP_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  pass = kp_store_get_pass (store, "bch", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (pass), ==, 127);
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (kp_store_verify (store, report, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&store, kp_store_close);
  after = folder_state (stick);
  g_assert_cmpstr (after, ==, before);

  /* A rollback journal left by an interrupted change: refused too. */
  {
    g_autofree char *journal = g_strconcat (lone, "-journal", NULL);
    g_assert_true (g_file_set_contents (journal, "\xd9\xd5\x05\xf9\x20\xa1\x63\xd7 interrupted", -1, NULL));
    g_assert_null (kp_store_open_full (lone, KP_STORE_OPEN_READ_ONLY, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PENDING);
    g_assert_nonnull (strstr (error->message, "daihoi.kiemphieu-journal: a change to it was interrupted"));
  }
}

/* Rewrites a congress file as version 1 of the format wrote it: no
 * `collected` column, no `alternate_orders` table, user_version 1, and a
 * `create` entry of kiemphieu/congress@1 (the hash chain recomputed). */
static void
make_format_1 (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  const char *prev = KP_JOURNAL_GENESIS;

  sql (path, "PRAGMA wal_checkpoint(TRUNCATE); ALTER TABLE elections DROP COLUMN collected;"
             "DROP TABLE alternate_orders; DROP TABLE stations; DROP TABLE station_batches;"
             "DROP TABLE station_duplicates; DROP TABLE station_gaps; DROP TABLE station_exports;"
             "DROP TABLE images; DROP TABLE scans; PRAGMA user_version = 1;");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, at, operator, action, content FROM journal ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      KpJournalEntry *e = kp_journal_entry_new ();
      g_autofree char *content = g_strdup ((const char *) sqlite3_column_text (stmt, 4));

      e->seq = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      e->operator = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      if (e->seq == 1)
        {
          char *at = strstr (content, "kiemphieu/congress@");
          g_assert_nonnull (at);
          at[strlen ("kiemphieu/congress@")] = '1';
        }
      e->content = g_steal_pointer (&content);
      g_ptr_array_add (entries, e);
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < entries->len; i++)
    {
      KpJournalEntry *e = entries->pdata[i];
      char *update;

      e->prev = g_strdup (prev);
      e->hash = kp_journal_entry_compute_hash (e);
      update = sqlite3_mprintf ("UPDATE journal SET content = %Q, prev = %Q, hash = %Q WHERE seq = %lld", e->content,
                                e->prev, e->hash, (long long) e->seq);
      g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_free (update);
      prev = e->hash;
    }
  sqlite3_close (db);
}

/* A file of format 1 (an older KiemPhieu) is shown as it stands, upgraded
 * in memory: the auditor sees and verifies the file's own journal, and the
 * file is not touched. Opened normally afterwards, it takes format 2 then. */
static void
test_format_1 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cu.kiemphieu", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *read_only_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (500, 18);
  guint entries;

  enter_demo (store, "bch", 'A');
  g_assert_true (kp_store_set_issued (store, "bch", 0, 127, "Lê Văn Tùng", &error));
  g_clear_pointer (&store, kp_store_close);
  make_format_1 (path);
  before = folder_state (dir);

  store = kp_store_open_full (path, KP_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_is_upgraded_in_memory (store));
  journal = kp_store_get_journal (store, &error);
  entries = journal->len;
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[entries - 1])->action, ==, "issued");
  if (!kp_store_verify (store, report, &error))
    g_error ("verify failed: %s\n%s", error->message, report->str);
  result = kp_store_results (store, "bch", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 127);
  read_only_json = kp_result_to_json (result);
  kp_ballot_strike (ballot, 1);
  g_assert_false (kp_store_enter (store, "bch", 0, 'A', "op", ballot, &error));
  assert_refused (FALSE, error, "enter (format 1)");
  g_clear_error (&error);
  g_clear_pointer (&result, kp_result_free);
  g_clear_pointer (&journal, g_ptr_array_unref);
  g_clear_pointer (&store, kp_store_close);
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);

  /* Opened normally, the file takes format 2: an "upgrade" entry; the
   * result is the one the auditor saw. */
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (kp_store_is_upgraded_in_memory (store));
  journal = kp_store_get_journal (store, &error);
  g_assert_cmpuint (journal->len, ==, entries + 1);
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[entries])->action, ==, "upgrade");
  result = kp_store_results (store, "bch", 0, NULL, &error);
  {
    g_autofree char *json = kp_result_to_json (result);
    g_assert_cmpstr (json, ==, read_only_json);
  }
  g_string_truncate (report, 0);
  if (!kp_store_verify (store, report, &error))
    g_error ("verify failed: %s\n%s", error->message, report->str);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kp_i18n_init ();
  g_test_add_func ("/read-only/asked", test_asked);
  g_test_add_func ("/read-only/message-vi", test_message_vi);
  g_test_add_func ("/read-only/no-permission", test_no_permission);
  g_test_add_func ("/read-only/read-only-mount", test_read_only_mount);
  g_test_add_func ("/read-only/pending-wal", test_pending_wal);
  g_test_add_func ("/read-only/format-1", test_format_1);
  return g_test_run ();
}
