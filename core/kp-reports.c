/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-reports.c — the documents of a congress file. */

#include <glib/gi18n-lib.h>

#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-pdf.h"
#include "kp-reports.h"

/* Results are unofficial until the head confirms; a rehearsal marks
 * everything as a test. */
static const char *
results_watermark (KpStore  *store,
                   gboolean  confirmed)
{
  if (kp_store_is_rehearsal (store))
    return "THỬ NGHIỆM";
  return confirmed ? NULL : "CHƯA CHÍNH THỨC";
}

/**
 * kp_reports_minutes_pdf:
 * @round: the round, or 0 for the latest
 *
 * The minutes of a round, in memory: unofficial (CHƯA CHÍNH THỨC) until it
 * is confirmed; once confirmed, with the announcement time, the
 * explanations, the key fingerprint and the signature that were recorded.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set.
 */
GBytes *
kp_reports_minutes_pdf (KpStore     *store,
                        const char  *election_id,
                        guint        round,
                        GError     **error)
{
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) rulings = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *alternate_reason = NULL;
  g_autoptr(GArray) alternate_order = NULL;
  g_autoptr(GError) local_error = NULL;
  KpMinutes minutes = { 0 };

  if ((election = kp_store_get_election (store, election_id, round, error)) == NULL
      || (info = kp_store_get_round_info (store, election_id, election->round, error)) == NULL
      || (result = kp_store_results (store, election_id, election->round, &checks, error)) == NULL
      || (rulings = kp_store_reconcile (store, election_id, election->round, NULL, error)) == NULL
      || (journal = kp_store_get_journal (store, error)) == NULL)
    return NULL;
  confirmation = kp_store_get_confirmation (store, election_id, election->round, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  fingerprint = kp_store_get_fingerprint (store);
  if (election->body == KP_BODY_ALTERNATE_DELEGATES)
    {
      alternate_order = kp_store_get_alternate_order (store, election_id, election->round, result, &alternate_reason,
                                                      &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  minutes.congress = kp_store_get_congress (store);
  minutes.election = election;
  minutes.result = result;
  minutes.checks = checks;
  minutes.rulings = rulings;
  minutes.entry_passes = info->mode;
  minutes.collected = info->collected;
  minutes.alternate_order = alternate_order;
  minutes.alternate_reason = alternate_reason;
  minutes.journal_head = ((KpJournalEntry *) journal->pdata[journal->len - 1])->hash;
  minutes.watermark = results_watermark (store, confirmation != NULL);
  minutes.fingerprint = fingerprint;
  if (confirmation != NULL)
    {
      signature = g_base64_encode (g_bytes_get_data (confirmation->signature, NULL),
                                   g_bytes_get_size (confirmation->signature));
      minutes.announced_at = confirmation->announced_at;
      minutes.explanations = confirmation->explanations;
      minutes.signature = signature;
      minutes.journal_head = confirmation->journal_head;
    }
  return kp_documents_minutes (&minutes, error);
}

/**
 * kp_reports_minutes:
 *
 * kp_reports_minutes_pdf () written to @path.
 */
gboolean
kp_reports_minutes (KpStore     *store,
                    const char  *election_id,
                    guint        round,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GBytes) pdf = kp_reports_minutes_pdf (store, election_id, round, error);

  return pdf != NULL && kp_pdf_write_file (pdf, path, error);
}

/**
 * kp_reports_summary_pdf:
 * @n_rounds: (out) (optional): how many election rounds it reports
 *
 * The congress summary, in memory: every round that has ballots. Official
 * only when all of them are confirmed.
 */
GBytes *
kp_reports_summary_pdf (KpStore     *store,
                        guint       *n_rounds,
                        GError     **error)
{
  g_autoptr(GPtrArray) rounds = kp_store_list_rounds (store, error);
  g_autoptr(GPtrArray) elections = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_election_free);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_result_free);
  gboolean all_confirmed = TRUE;

  if (rounds == NULL)
    return NULL;
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      KpElection *e;
      KpResult *result;

      if (r->entered[0] == 0)
        continue;
      if ((e = kp_store_get_election (store, r->id, r->round, error)) == NULL)
        return NULL;
      g_ptr_array_add (elections, e);
      if ((result = kp_store_results (store, r->id, r->round, NULL, error)) == NULL)
        return NULL;
      g_ptr_array_add (results, result);
      all_confirmed &= r->state == KP_ELECTION_CONFIRMED;
    }
  if (n_rounds)
    *n_rounds = elections->len;
  return kp_documents_summary (kp_store_get_congress (store), elections, results,
                               results_watermark (store, all_confirmed), error);
}

/**
 * kp_reports_summary:
 *
 * kp_reports_summary_pdf () written to @path.
 */
gboolean
kp_reports_summary (KpStore     *store,
                    const char  *path,
                    guint       *n_rounds,
                    GError     **error)
{
  g_autoptr(GBytes) pdf = kp_reports_summary_pdf (store, n_rounds, error);

  return pdf != NULL && kp_pdf_write_file (pdf, path, error);
}

/**
 * kp_reports_journal_pdf:
 * @n_entries: (out) (optional): the journal's length
 *
 * The entry journal, in memory.
 */
GBytes *
kp_reports_journal_pdf (KpStore     *store,
                        guint       *n_entries,
                        GError     **error)
{
  g_autoptr(GPtrArray) journal = kp_store_get_journal (store, error);

  if (journal == NULL)
    return NULL;
  if (n_entries)
    *n_entries = journal->len;
  return kp_documents_journal (kp_store_get_congress (store), journal,
                               kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, error);
}

/**
 * kp_reports_journal:
 *
 * kp_reports_journal_pdf () written to @path.
 */
gboolean
kp_reports_journal (KpStore     *store,
                    const char  *path,
                    guint       *n_entries,
                    GError     **error)
{
  g_autoptr(GBytes) pdf = kp_reports_journal_pdf (store, n_entries, error);

  return pdf != NULL && kp_pdf_write_file (pdf, path, error);
}

/**
 * kp_reports_key_sheet:
 *
 * Writes the key sheet of the congress signing key (kp_documents_key_sheet):
 * its fingerprint and when it was made, for the committee to sign.
 */
gboolean
kp_reports_key_sheet (KpStore     *store,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *fingerprint = kp_store_get_fingerprint (store);
  g_autoptr(GPtrArray) journal = NULL;
  const char *made_at = NULL;

  if (fingerprint == NULL)
    {
      g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID, _ ("%s has no signing key yet (keys --init)"),
                   kp_store_get_path (store));
      return FALSE;
    }
  if ((journal = kp_store_get_journal (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < journal->len; i++)
    if (g_str_equal (((KpJournalEntry *) journal->pdata[i])->action, "keys"))
      made_at = ((KpJournalEntry *) journal->pdata[i])->at;
  return kp_documents_key_sheet (kp_store_get_congress (store), fingerprint, made_at,
                                 kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, path, error);
}

/**
 * kp_reports_archive_sheet_pdf:
 *
 * The archive sheet (kp_documents_archive_sheet_pdf) in memory, for
 * printing without a file that holds the password.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set.
 */
GBytes *
kp_reports_archive_sheet_pdf (KpStore     *store,
                              const char  *password,
                              const char  *archive_path,
                              GError     **error)
{
  g_autofree char *name = archive_path ? g_path_get_basename (archive_path) : NULL;
  g_autofree char *now = kp_journal_now ();

  return kp_documents_archive_sheet_pdf (kp_store_get_congress (store), password, name, now,
                                         kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, error);
}

/**
 * kp_reports_archive_sheet:
 * @password: the archive's password
 * @archive_path: (nullable): the archive it opens
 *
 * Writes the archive sheet (kp_documents_archive_sheet): the password on
 * paper, to seal in an envelope. Written now: the sheet says when.
 */
gboolean
kp_reports_archive_sheet (KpStore     *store,
                          const char  *password,
                          const char  *archive_path,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *name = archive_path ? g_path_get_basename (archive_path) : NULL;
  g_autofree char *now = kp_journal_now ();

  return kp_documents_archive_sheet (kp_store_get_congress (store), password, name, now,
                                     kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, path, error);
}
