/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-journal.h — the entry journal (Nhật ký nhập phiếu): one entry per
 * action, chained by SHA-256. An entry's hash covers its canonical form
 * (kp_journal_entry_canonical), which holds the previous entry's hash, so
 * changing, removing or reordering any entry breaks every hash after it.
 *
 * Pure: no I/O. The congress file (kp-store) keeps the entries.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KP_JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64 seq;     /* 1, 2, 3 … */
  char *at;       /* local time, ISO 8601 with offset */
  char *operator; /* who did it */
  char *action;   /* create, enter, void, resolve, mode, issued, pause, resume, next-round, edit-round */
  char *content;  /* the action's data, JSON, stored and hashed as is */
  char *prev;     /* hash of entry seq − 1 (hex), KP_JOURNAL_GENESIS for seq 1 */
  char *hash;     /* hex SHA-256 of the canonical form */
} KpJournalEntry;

KpJournalEntry *kp_journal_entry_new       (void);
void            kp_journal_entry_free      (KpJournalEntry       *entry);
char           *kp_journal_entry_canonical (const KpJournalEntry *entry);
char           *kp_journal_entry_compute_hash (const KpJournalEntry *entry);
char           *kp_journal_now             (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpJournalEntry, kp_journal_entry_free)

G_END_DECLS
