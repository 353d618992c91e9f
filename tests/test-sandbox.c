/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-sandbox.c — no network by construction: the seccomp filter leaves
 * only Unix sockets, refuses io_uring and reaching into another process,
 * from inside the process; kiemphieu-cli installs it first thing and a
 * full workflow under strace opens no inet socket; the air-gap watch
 * refuses to sign on a connected machine unless the head overrides, and
 * the override is in the journal.
 */

#include <errno.h>
#include <linux/io_uring.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "kp-sandbox.h"
#include "test-util.h"

/* Runs last in this process: once installed, the filter stays. Each way
 * out an insider found is tried from inside the process. */
static void
test_filter_blocks (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = kp_network_interfaces ();
  g_auto(GStrv) after = NULL;
  const int blocked[] = { AF_INET, AF_INET6, AF_PACKET, AF_NETLINK, AF_VSOCK, 44 /* AF_XDP */, AF_BLUETOOTH };
  struct io_uring_params params = { 0 };
  int pair[2];
  int fd;
  char byte = 0;
  struct iovec local = { &byte, 1 }, remote = { &byte, 1 };

  g_assert_true (kp_sandbox_no_network (&error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (blocked); i++)
    {
      errno = 0;
      fd = socket (blocked[i], SOCK_STREAM, 0);
      if (fd >= 0)
        g_error ("socket (%d) was allowed", blocked[i]);
      g_assert_cmpint (errno, ==, EACCES);
      fd = socket (blocked[i], SOCK_DGRAM, 0);
      g_assert_cmpint (fd, <, 0);
      fd = socket (blocked[i], SOCK_RAW, 0);
      g_assert_cmpint (fd, <, 0);
    }
  /* Netlink: only the kernel's device announcements, which libusb needs
   * for USB scanners (kp-sane.c); NETLINK_ROUTE (addresses, routes) and
   * the others stay refused, also with upper bits set on the protocol. */
  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
  if (fd < 0)
    g_error ("socket (AF_NETLINK, NETLINK_KOBJECT_UEVENT) was refused: %s", g_strerror (errno));
  close (fd);
  errno = 0;
  g_assert_cmpint (socket (AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), <, 0);
  g_assert_cmpint (errno, ==, EACCES);
  g_assert_cmpint (socket (AF_NETLINK, SOCK_DGRAM, NETLINK_SOCK_DIAG), <, 0);
  g_assert_cmpint (syscall (SYS_socket, AF_NETLINK, SOCK_RAW, 0x100000000L | NETLINK_ROUTE), <, 0);
  g_assert_cmpint (socket (AF_UNSPEC, SOCK_STREAM, 0), <, 0);
  /* The kernel keeps the low 32 bits of the family: AF_INET with upper
   * bits set must not pass a 64-bit comparison. */
  errno = 0;
  fd = syscall (SYS_socket, 0x100000002L, SOCK_STREAM, 0);
  if (fd >= 0)
    g_error ("socket (0x100000002) gave an AF_INET socket");
  g_assert_cmpint (errno, ==, EACCES);
  g_assert_cmpint (socketpair (AF_INET, SOCK_STREAM, 0, pair), <, 0);
  /* io_uring's IORING_OP_SOCKET makes sockets without socket (). */
  errno = 0;
  g_assert_cmpint (syscall (SYS_io_uring_setup, 4, &params), <, 0);
  g_assert_cmpint (errno, ==, ENOSYS);
  /* Reaching into another process. */
  errno = 0;
  g_assert_cmpint (ptrace (PTRACE_TRACEME, 0, NULL, NULL), <, 0);
  g_assert_cmpint (errno, ==, EPERM);
  errno = 0;
  g_assert_cmpint (process_vm_writev (getpid (), &local, 1, &remote, 1, 0), <, 0);
  g_assert_cmpint (errno, ==, EPERM);

  /* Unix sockets (D-Bus, X11, CUPS) work, and the air-gap watch still
   * sees the same interfaces without netlink. */
  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, pair), ==, 0);
  close (pair[0]);
  close (pair[1]);
  after = kp_network_interfaces ();
  g_assert_nonnull (after);
  g_assert_true (g_strv_equal ((const char *const *) before, (const char *const *) after));
}

static char *
prepared_congress (void)
{
  char *congress = new_congress ();
  g_autofree char *ballots = source_path ("data", "demo", "bithu.csv", NULL);
  g_autofree char *pass = write_temp ("p.txt", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_auto(Run) enter = { 0 };
  g_auto(Run) collected = { 0 };
  g_auto(Run) keys = { 0 };

  run_cli (&enter, NULL, "enter", congress, "--election", "bithu", "--pass", "A", "--ballots", ballots, NULL);
  g_assert_cmpint (enter.status, ==, 0);
  run_cli (&collected, NULL, "collected", congress, "15", "--election", "bithu", NULL);
  g_assert_cmpint (collected.status, ==, 0);
  run_cli (&keys, NULL, "keys", congress, "--init", "--passphrase-file", pass, NULL);
  g_assert_cmpint (keys.status, ==, 0);
  return congress;
}

/* A whole workflow under strace: the filter is installed, no inet socket
 * is ever asked for. */
static void
test_strace_workflow (void)
{
  g_autofree char *congress = prepared_congress ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *log = g_build_filename (dir, "strace.log", NULL);
  g_autofree char *pdf = g_build_filename (dir, "bienban.pdf", NULL);
  g_autofree char *pass = write_temp ("p.txt", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_autofree char *password = write_temp ("a.txt", "tre-nguon-khoi-buom-sang-dieu-non-manh");
  g_autofree char *trace = NULL;
  const char *steps[][12] = {
    { "results", congress, "--election", "bithu", NULL },
    { "minutes", congress, "--election", "bithu", "-o", pdf, NULL },
    { "confirm", congress, "--election", "bithu", "--passphrase-file", pass, "--override-network", "kiểm thử", NULL },
    { "archive", congress, "--to", dir, "--password-file", password, NULL },
    { "verify", congress, NULL },
  };

  if (!g_file_test ("/usr/bin/strace", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("strace is not installed");
      return;
    }
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_auto(Run) run = { 0 };

      g_ptr_array_add (argv, (char *) "strace");
      g_ptr_array_add (argv, (char *) "-f");
      g_ptr_array_add (argv, (char *) "-A");
      g_ptr_array_add (argv, (char *) "-o");
      g_ptr_array_add (argv, log);
      g_ptr_array_add (argv, (char *) "-e");
      g_ptr_array_add (argv, (char *) "trace=socket,connect,seccomp");
      g_ptr_array_add (argv, (char *) cli ());
      for (guint a = 0; steps[s][a]; a++)
        g_ptr_array_add (argv, (char *) steps[s][a]);
      g_ptr_array_add (argv, NULL);
      run_argv (&run, NULL, (const char *const *) argv->pdata);
      if (run.status != 0)
        g_error ("%s: %s", steps[s][0], run.err);
    }
  g_assert_true (g_file_get_contents (log, &trace, NULL, NULL));
  g_test_message ("%s", trace);
  /* The filter, once per run. */
  g_assert_nonnull (strstr (trace, "seccomp(SECCOMP_SET_MODE_FILTER"));
  g_assert_null (strstr (trace, "AF_INET"));
  g_assert_null (strstr (trace, "AF_PACKET"));
}

/* On a connected machine, signing is refused without the head's override;
 * the override and the interfaces go into the journal. */
static void
test_airgap_watch (void)
{
  g_auto(GStrv) interfaces = kp_network_interfaces ();
  g_autofree char *congress = prepared_congress ();
  g_autofree char *pass = write_temp ("p.txt", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  g_auto(Run) refused = { 0 };
  g_auto(Run) overridden = { 0 };
  g_auto(Run) journal = { 0 };

  if (interfaces[0] == NULL)
    {
      g_test_skip ("this machine has no active network interface");
      return;
    }
  run_cli (&refused, NULL, "confirm", congress, "--election", "bithu", "--passphrase-file", pass, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "connected to a network"));
  g_assert_nonnull (strstr (refused.err, interfaces[0]));

  run_cli (&overridden, NULL, "confirm", congress, "--election", "bithu", "--passphrase-file", pass,
           "--override-network", "Máy dự phòng, cáp mạng đã rút nhưng card ảo còn bật", NULL);
  g_assert_cmpint (overridden.status, ==, 0);
  run_cli (&journal, NULL, "journal", congress, NULL);
  g_assert_nonnull (strstr (journal.out, "\"network\":{\"interfaces\":"));
  g_assert_nonnull (strstr (journal.out, "card ảo còn bật"));
}

/* In a network namespace with no interface (an air-gapped machine), it
 * signs without any override. */
static void
test_airgapped_namespace (void)
{
  g_autofree char *congress = prepared_congress ();
  g_autofree char *pass = write_temp ("p.txt", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình");
  const char *argv[] = { "unshare", "-n", cli (), "confirm", congress, "--election", "bithu", "--passphrase-file",
                         pass, NULL };
  g_auto(Run) probe = { 0 };
  g_auto(Run) run = { 0 };

  run_tool (&probe, "unshare", "-n", "true", NULL);
  if (probe.status != 0)
    {
      g_test_skip ("cannot make a network namespace here (needs root)");
      return;
    }
  run_argv (&run, NULL, argv);
  if (run.status != 0)
    g_error ("%s", run.err);
  g_assert_nonnull (strstr (run.out, "confirmed and signed"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/strace-workflow", test_strace_workflow);
  g_test_add_func ("/sandbox/airgap-watch", test_airgap_watch);
  g_test_add_func ("/sandbox/airgapped-namespace", test_airgapped_namespace);
  /* Last: the filter stays on this process. */
  g_test_add_func ("/sandbox/~filter-blocks", test_filter_blocks);
  return g_test_run ();
}
