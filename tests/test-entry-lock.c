/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-entry-lock.c — one entry session per pass: a second session (a
 * second descriptor in this process, or another process) is refused with
 * the holder's name; the lock goes when it is released or its process dies.
 */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kp-entry-lock.h"

static char *
congress_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-lock-XXXXXX", NULL);
  return g_build_filename (dir, "đại hội.kiemphieu", NULL);
}

static void
test_same_process (void)
{
  g_autofree char *path = congress_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  KpEntryLock *first, *second, *other_pass;

  first = kp_entry_lock_acquire (path, "bch", 1, 'A', "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* Two windows of one app: refused, and told who holds the pass. */
  second = kp_entry_lock_acquire (path, "bch", 1, 'A', "Trần Văn Bình", &holder, &error);
  g_assert_null (second);
  g_assert_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD);
  g_assert_cmpstr (holder, ==, "Nguyễn Thị Lan");
  g_clear_error (&error);
  g_clear_pointer (&holder, g_free);

  /* Another pass, round or election is free. */
  other_pass = kp_entry_lock_acquire (path, "bch", 1, 'B', "Trần Văn Bình", NULL, &error);
  g_assert_no_error (error);
  kp_entry_lock_release (other_pass);
  other_pass = kp_entry_lock_acquire (path, "bch", 2, 'A', "Trần Văn Bình", NULL, &error);
  g_assert_no_error (error);
  kp_entry_lock_release (other_pass);
  other_pass = kp_entry_lock_acquire (path, "a/b", 1, 'A', "Trần Văn Bình", NULL, &error);
  g_assert_no_error (error);
  kp_entry_lock_release (other_pass);

  /* Released: the next person takes it. */
  kp_entry_lock_release (first);
  second = kp_entry_lock_acquire (path, "bch", 1, 'A', "Trần Văn Bình", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  kp_entry_lock_release (second);
}

static void
test_other_process (void)
{
  g_autofree char *path = congress_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *holder = NULL;
  KpEntryLock *lock;
  int ready[2];
  char byte;
  pid_t child;
  int status;

  g_assert_cmpint (pipe (ready), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(KpEntryLock) held = kp_entry_lock_acquire (path, "bch", 1, 'A', "Lê Văn Tùng", NULL, NULL);
      if (held == NULL || write (ready[1], "x", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  lock = kp_entry_lock_acquire (path, "bch", 1, 'A', "Nguyễn Thị Lan", &holder, &error);
  g_assert_null (lock);
  g_assert_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD);
  g_assert_cmpstr (holder, ==, "Lê Văn Tùng");
  g_clear_error (&error);

  /* The holder dies without a word (kill -9): the lock is not left stale. */
  kill (child, SIGKILL);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  lock = kp_entry_lock_acquire (path, "bch", 1, 'A', "Nguyễn Thị Lan", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  kp_entry_lock_release (lock);
  close (ready[0]);
  close (ready[1]);
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (kp_entry_lock_acquire ("/nonexistent-kp/x.kiemphieu", "bch", 1, 'A', "Lan", NULL, &error));
  g_assert_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_IO);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/entry-lock/same-process", test_same_process);
  g_test_add_func ("/entry-lock/other-process", test_other_process);
  g_test_add_func ("/entry-lock/unwritable", test_unwritable);
  return g_test_run ();
}
