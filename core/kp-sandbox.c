/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-sandbox.c — the seccomp filter and the air-gap watch. */

#include <errno.h>
#include <gio/gio.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <sys/socket.h>

#include "kp-sandbox.h"

/**
 * kp_sandbox_no_network:
 *
 * Returns: %TRUE when the filter is installed; %FALSE with @error when the
 * kernel or libseccomp refused (the caller stops: the app does not run
 * without it).
 */
gboolean
kp_sandbox_no_network (GError **error)
{
  const int families[] = { AF_INET, AF_INET6, AF_PACKET };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  int rc = ctx ? 0 : -ENOMEM;

  for (guint i = 0; rc == 0 && i < G_N_ELEMENTS (families); i++)
    rc = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EACCES), SCMP_SYS (socket), 1,
                           SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) families[i]));
  if (rc == 0)
    rc = seccomp_load (ctx);
  if (ctx)
    seccomp_release (ctx);
  if (rc != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot install the no-network filter (seccomp): %s", g_strerror (-rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * kp_network_interfaces:
 *
 * Returns: (transfer full): the names of the interfaces that are up, running
 * and have an IPv4 or IPv6 address, loopback excepted; empty on an
 * air-gapped machine.
 */
GStrv
kp_network_interfaces (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *i = list; i; i = i->ifa_next)
        {
          if (i->ifa_addr == NULL || (i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP)
              || !(i->ifa_flags & IFF_RUNNING))
            continue;
          if (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6)
            continue;
          if (g_hash_table_contains (seen, i->ifa_name))
            continue;
          g_hash_table_add (seen, i->ifa_name);
          g_strv_builder_add (builder, i->ifa_name);
        }
    }
  {
    GStrv names = g_strv_builder_end (builder);
    freeifaddrs (list);
    return names;
  }
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
