/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-journal.c — hash-chained journal entries. */

#include "kp-journal.h"
#include "kp-result.h"

KpJournalEntry *
kp_journal_entry_new (void)
{
  return g_new0 (KpJournalEntry, 1);
}

void
kp_journal_entry_free (KpJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->operator);
  g_free (entry->action);
  g_free (entry->content);
  g_free (entry->prev);
  g_free (entry->hash);
  g_free (entry);
}

/**
 * kp_journal_entry_canonical:
 *
 * The bytes that are hashed: a JSON object with the keys in this order and
 * no whitespace, the content inserted verbatim (it is JSON already):
 * {"journal":"kiemphieu/journal@1","seq":N,"at":"…","operator":"…",
 *  "action":"…","content":{…},"prev":"…"}
 *
 * Returns: (transfer full): the canonical form.
 */
char *
kp_journal_entry_canonical (const KpJournalEntry *entry)
{
  GString *out = g_string_new ("{\"journal\":\"kiemphieu/journal@1\",\"seq\":");

  g_string_append_printf (out, "%" G_GINT64_FORMAT ",\"at\":", entry->seq);
  kp_json_append_string (out, entry->at);
  g_string_append (out, ",\"operator\":");
  kp_json_append_string (out, entry->operator);
  g_string_append (out, ",\"action\":");
  kp_json_append_string (out, entry->action);
  g_string_append (out, ",\"content\":");
  g_string_append (out, entry->content);
  g_string_append (out, ",\"prev\":");
  kp_json_append_string (out, entry->prev);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * kp_journal_entry_compute_hash:
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of the canonical form.
 */
char *
kp_journal_entry_compute_hash (const KpJournalEntry *entry)
{
  g_autofree char *canonical = kp_journal_entry_canonical (entry);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

/**
 * kp_journal_now:
 *
 * Returns: (transfer full): the local time now, "2020-06-15T14:03:27+07:00".
 */
char *
kp_journal_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}
