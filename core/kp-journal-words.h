/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-journal-words.h — journal entries and ballots as the screens show
 * them (the journal viewer, reconciliation, the entry screen, adjudication,
 * `kiemphieu-cli reconcile`), in the user's language (gettext): English
 * under LANG=C, under a
 * Vietnamese locale the very words of the printed journal. The printed
 * journal, the official record, stays Vietnamese in every locale
 * (kp_documents_describe_entry_in (), kp_documents_action_words (),
 * kp_ballot_describe ()); what is stored never changes.
 */
#pragma once

#include "kp-ballot.h"
#include "kp-election.h"
#include "kp-journal.h"

G_BEGIN_DECLS

char       *kp_journal_describe_entry_shown (const KpCongress     *congress,
                                             const KpJournalEntry *e);
const char *kp_journal_action_shown         (const char           *action);
char       *kp_ballot_describe_shown        (const KpBallot       *ballot);
char       *kp_ballot_describe_values_shown (const char           *struck,
                                             const char           *marks,
                                             const char           *flag);
const char *kp_invalid_reason_shown         (const char           *reason);

G_END_DECLS
