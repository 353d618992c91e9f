/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-sandbox.c — the seccomp filter and the air-gap watch. */

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kp-sandbox.h"

/**
 * kp_sandbox_no_network:
 *
 * Installs the seccomp filter that keeps the process off every network:
 *
 * - socket () and socketpair () succeed only for AF_UNIX (D-Bus, X11,
 *   Wayland, printing), and socket () also for AF_NETLINK with the
 *   protocol NETLINK_KOBJECT_UEVENT: the kernel's device announcements,
 *   which libusb (through udev) needs to start, or no USB scanner works
 *   (kp-sane.c); it reaches no network. The family and protocol are
 *   compared as the 32-bit values the kernel uses, so upper bits set on
 *   an argument do not slip through; AF_INET, AF_INET6, AF_PACKET, any
 *   other netlink protocol (NETLINK_ROUTE…), AF_VSOCK, AF_XDP and every
 *   other family fail with EACCES.
 * - io_uring (whose IORING_OP_SOCKET makes sockets without socket ()) is
 *   refused: io_uring_setup, io_uring_enter and io_uring_register fail
 *   with ENOSYS.
 * - Reaching into another process (ptrace, process_vm_readv/writev,
 *   pidfd_getfd) fails with EPERM, so a process without the filter cannot
 *   be made to open a socket for this one.
 * - System calls of another architecture (32-bit int 0x80) kill the
 *   process (libseccomp's default for a foreign architecture).
 *
 * Returns: %TRUE when the filter is installed; %FALSE with @error when the
 * kernel or libseccomp refused (the caller stops: the app does not run
 * without it).
 */
gboolean
kp_sandbox_no_network (GError **error)
{
  const int refused[] = { SCMP_SYS (io_uring_setup), SCMP_SYS (io_uring_enter), SCMP_SYS (io_uring_register) };
  const int no_reach[] = { SCMP_SYS (ptrace), SCMP_SYS (process_vm_readv), SCMP_SYS (process_vm_writev),
                           SCMP_SYS (pidfd_getfd) };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  int rc = ctx ? 0 : -ENOMEM;

  /* socket (): AF_UNIX; AF_NETLINK only for NETLINK_KOBJECT_UEVENT; every
   * other family refused. Families are small numbers (AF_UNIX 1, AF_NETLINK
   * 16): below 1, 2 to 15 one by one, above 16. */
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket), 1,
                           SCMP_A0_32 (SCMP_CMP_LT, (scmp_datum_t) AF_UNIX));
  for (int family = AF_UNIX + 1; rc == 0 && family < AF_NETLINK; family++)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket), 1,
                           SCMP_A0_32 (SCMP_CMP_EQ, (scmp_datum_t) family));
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket), 1,
                           SCMP_A0_32 (SCMP_CMP_GT, (scmp_datum_t) AF_NETLINK));
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket), 2,
                           SCMP_A0_32 (SCMP_CMP_EQ, (scmp_datum_t) AF_NETLINK),
                           SCMP_A2_32 (SCMP_CMP_NE, (scmp_datum_t) NETLINK_KOBJECT_UEVENT));
  if (rc == 0)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socketpair), 1,
                           SCMP_A0_32 (SCMP_CMP_NE, (scmp_datum_t) AF_UNIX));
  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (refused); i++)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), refused[i], 0);
  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (no_reach); i++)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), no_reach[i], 0);
  if (rc == 0)
    rc = seccomp_load (ctx);
  if (ctx)
    seccomp_release (ctx);
  if (rc != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("cannot install the no-network filter (seccomp): %s"), g_strerror (-rc));
      return FALSE;
    }
  return TRUE;
}

/* Up, running and not loopback, asked through a Unix socket (the kernel
 * answers interface ioctls on any socket; the filter allows no other). */
static gboolean
is_live (int         fd,
         const char *name)
{
  struct ifreq request = { 0 };

  g_strlcpy (request.ifr_name, name, sizeof request.ifr_name);
  if (ioctl (fd, SIOCGIFFLAGS, &request) != 0)
    return FALSE;
  return (request.ifr_flags & IFF_UP) && (request.ifr_flags & IFF_RUNNING) && !(request.ifr_flags & IFF_LOOPBACK);
}

/**
 * kp_network_interfaces:
 *
 * Works under the filter: the interfaces with an IPv4 address come from
 * SIOCGIFCONF and those with an IPv6 address from /proc/net/if_inet6 (no
 * netlink socket, which the filter refuses).
 *
 * Returns: (transfer full): the names of the interfaces that are up, running
 * and have an IPv4 or IPv6 address, loopback excepted; empty on an
 * air-gapped machine.
 */
GStrv
kp_network_interfaces (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *inet6 = NULL;
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd >= 0)
    {
      struct ifreq requests[64];
      struct ifconf list = { .ifc_len = sizeof requests, .ifc_req = requests };

      if (ioctl (fd, SIOCGIFCONF, &list) == 0)
        for (gsize i = 0; i < list.ifc_len / sizeof (struct ifreq); i++)
          g_ptr_array_add (names, g_strndup (requests[i].ifr_name, IFNAMSIZ));
    }
  /* "address index prefix scope flags name" per line. */
  if (g_file_get_contents ("/proc/net/if_inet6", &inet6, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (inet6, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
          guint n = g_strv_length (fields);
          if (n >= 6 && *fields[n - 1] != '\0')
            g_ptr_array_add (names, g_strdup (fields[n - 1]));
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      if (g_hash_table_contains (seen, name) || fd < 0 || !is_live (fd, name))
        continue;
      g_hash_table_add (seen, g_strdup (name));
      g_strv_builder_add (builder, name);
    }
  if (fd >= 0)
    close (fd);
  return g_strv_builder_end (builder);
}

/**
 * kp_air_gap_allows_signing:
 * @override: (nullable): the head's reason for signing although the machine
 *   is connected
 * @connected: (out) (transfer full) (nullable): the active network
 *   interfaces, comma separated, or %NULL when there is none
 *
 * The air-gap policy (docs/security.md): results are signed only on a
 * machine with no active network interface, unless the head gives a
 * reason, which is recorded with the confirmation.
 *
 * Returns: %TRUE when signing may go ahead.
 */
gboolean
kp_air_gap_allows_signing (const char  *override,
                           char       **connected)
{
  g_auto(GStrv) interfaces = kp_network_interfaces ();

  *connected = interfaces[0] != NULL ? g_strjoinv (", ", interfaces) : NULL;
  return interfaces[0] == NULL || (override != NULL && *override != '\0');
}
