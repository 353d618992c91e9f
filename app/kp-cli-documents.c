/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-documents.c — the kiemphieu-cli subcommands that print or check what
 * a congress file holds: journal (-o as PDF, --verify), minutes, ballots,
 * summary.
 */

#include <stdio.h>

#include "kp-cli-private.h"
#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-reports.h"
#include "kp-store.h"

/* --- journal --------------------------------------------------------------------- */

int
_kp_cli_journal (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — print or verify the entry journal"));
  gboolean verify = FALSE;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify, N_("Recompute the chain and the tables; exit 3 on any mismatch"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the journal as PDF (Nhật ký nhập phiếu)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;

  if (verify)
    {
      g_autoptr(GString) report = g_string_new (NULL);
      gboolean ok = kp_store_verify (store, report, &error);

      fputs (report->str, stdout);
      if (!ok)
        return _kp_cli_fail (error);
      printf ("%s\n", _("verified"));
      return KP_EXIT_OK;
    }

  journal = kp_store_get_journal (store, &error);
  if (journal == NULL)
    return _kp_cli_fail (error);
  if (output != NULL)
    {
      if (!kp_reports_journal (store, output, NULL, &error))
        return _kp_cli_fail (error);
      printf (_("%s: journal of %u entries written\n"), output, journal->len);
      return KP_EXIT_OK;
    }
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (journal, i);
      g_autofree char *short_hash = g_strndup (e->hash, 16);
      const char *content = e->content;

      if (g_str_equal (e->action, "create"))
        content = _("{…definition…}");
      printf ("%5" G_GINT64_FORMAT "  %s  %-10s  %s  %s  %s\n", e->seq, e->at, e->action, e->operator,
              content, short_hash);
    }
  return KP_EXIT_OK;
}

/* --- documents ------------------------------------------------------------------ */

int
_kp_cli_minutes (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — print the minutes (Biên bản kiểm phiếu)"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  int status;

  _kp_cli_add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return _kp_cli_usage_error (context, _("give the PDF to write with -o FILE"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((info = kp_store_get_round_info (store, c.election, c.round, &error)) == NULL
      || !kp_reports_minutes (store, c.election, info->round, output, &error))
    return _kp_cli_fail (error);
  printf (info->state == KP_ELECTION_CONFIRMED ? _("%s: minutes of %s round %u written (confirmed)\n")
          : _("%s: minutes of %s round %u written (CHƯA CHÍNH THỨC: not confirmed yet)\n"),
          output, c.election, info->round);
  return KP_EXIT_OK;
}

int
_kp_cli_ballots (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — print the ballots (phiếu bầu)"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *copies_text = NULL;
  int copies = 1;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { "copies", 0, 0, G_OPTION_ARG_STRING, &copies_text, N_("How many ballots (default 1)"), "N" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("A5 (two per A4 sheet) or A4; default: A5 when the list fits"), "A4|A5" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  KpPaper paper = KP_PAPER_AUTO;
  int status;

  _kp_cli_add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return _kp_cli_usage_error (context, _("give the PDF to write with -o FILE"));
  if (!_kp_cli_parse_number (context, "--copies", copies_text, 1, 100000, &copies, &status))
    return status;
  if (paper_text != NULL)
    {
      if (g_ascii_strcasecmp (paper_text, "A4") == 0)
        paper = KP_PAPER_A4;
      else if (g_ascii_strcasecmp (paper_text, "A5") == 0)
        paper = KP_PAPER_A5;
      else
        return _kp_cli_usage_error (context, _("--paper A4 or A5"));
    }
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((election = kp_store_get_election (store, c.election, c.round, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_documents_ballots (kp_store_get_congress (store), election, copies, paper,
                             kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, output, &error))
    return _kp_cli_fail (error);
  printf (_("%s: %d ballots of %s round %u written\n"), output, copies, c.election, election->round);
  return KP_EXIT_OK;
}

int
_kp_cli_summary (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — print the congress summary"));
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  guint n = 0;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return _kp_cli_usage_error (context, _("give the PDF to write with -o FILE"));
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if (!kp_reports_summary (store, output, &n, &error))
    return _kp_cli_fail (error);
  printf (_("%s: summary of %u election rounds written\n"), output, n);
  return KP_EXIT_OK;
}
