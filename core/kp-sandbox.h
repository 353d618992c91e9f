/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-sandbox.h — no network, by construction (libseccomp adapter), and the
 * air-gap watch.
 *
 * kp_sandbox_no_network() installs a seccomp filter that makes socket()
 * fail with EACCES for every family but AF_UNIX and, for libusb's device
 * announcements, AF_NETLINK's NETLINK_KOBJECT_UEVENT, for the rest of the
 * process's life and its children's. Unix sockets (D-Bus, the local CUPS
 * socket, X11) keep working. kp_network_interfaces() lists the
 * network interfaces that are up and have an address, other than loopback,
 * without opening an inet socket (getifaddrs uses netlink).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  kp_sandbox_no_network (GError **error);
GStrv     kp_network_interfaces (void);
gboolean  kp_air_gap_allows_signing (const char  *override,
                                     char       **connected);

G_END_DECLS
