/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-reports.h — the documents of a congress file: gathers what the
 * congress file holds (results, checks, rulings, confirmation, journal) and
 * hands it to kp-documents. Used by kiemphieu-cli, the archive and the app.
 */
#pragma once

#include <glib.h>

#include "kp-store.h"

G_BEGIN_DECLS

/* The minutes, the summary and the journal: in memory (_pdf), or written
 * to a file atomically and durably. */
GBytes  *kp_reports_minutes_pdf (KpStore     *store,
                                 const char  *election_id,
                                 guint        round,
                                 GError     **error);
GBytes  *kp_reports_summary_pdf (KpStore     *store,
                                 guint       *n_rounds,
                                 GError     **error);
GBytes  *kp_reports_journal_pdf (KpStore     *store,
                                 guint       *n_entries,
                                 GError     **error);
gboolean kp_reports_minutes (KpStore     *store,
                             const char  *election_id,
                             guint        round,
                             const char  *path,
                             GError     **error);
gboolean kp_reports_summary (KpStore     *store,
                             const char  *path,
                             guint       *n_rounds,
                             GError     **error);
gboolean kp_reports_journal (KpStore     *store,
                             const char  *path,
                             guint       *n_entries,
                             GError     **error);

gboolean kp_reports_key_sheet (KpStore     *store,
                               const char  *path,
                               GError     **error);
GBytes  *kp_reports_archive_sheet_pdf (KpStore     *store,
                                       const char  *password,
                                       const char  *archive_path,
                                       GError     **error);
gboolean kp_reports_archive_sheet (KpStore     *store,
                                   const char  *password,
                                   const char  *archive_path,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
