/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-entry-lock.h — one entry session per pass: an advisory lock, per
 * congress file, election, round and pass, that says who holds it.
 *
 * Serials pair the passes (serial 12 of pass A is compared with serial 12 of
 * pass B), so two people typing into the same pass at once would interleave
 * their serials and pair ballots that are not the same paper. The entry
 * screen therefore takes this lock before it shows a pass, and a second
 * window or process asking for the same pass is refused with the holder's
 * name. The lock is flock(2) on a small hidden file beside the congress
 * file: the kernel drops it when its holder closes it or dies (kill -9, a
 * crash, a power cut), so a lock is never left stale; the file's text only
 * names the holder. Two descriptors in one process conflict like two
 * processes, so two windows of one app are kept apart as well.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KP_ENTRY_LOCK_ERROR (kp_entry_lock_error_quark ())

typedef enum
{
  KP_ENTRY_LOCK_ERROR_HELD, /* another entry session holds the pass */
  KP_ENTRY_LOCK_ERROR_IO,   /* the lock file cannot be made or read */
} KpEntryLockError;

typedef struct _KpEntryLock KpEntryLock;

GQuark       kp_entry_lock_error_quark (void);
char        *kp_entry_lock_path        (const char   *congress_path,
                                        const char   *election_id,
                                        guint         round,
                                        char          pass);
KpEntryLock *kp_entry_lock_acquire     (const char   *congress_path,
                                        const char   *election_id,
                                        guint         round,
                                        char          pass,
                                        const char   *operator,
                                        char        **holder,
                                        GError      **error);
void         kp_entry_lock_release     (KpEntryLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpEntryLock, kp_entry_lock_release)

G_END_DECLS
