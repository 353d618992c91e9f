/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-reconcile.c — the kiemphieu-cli subcommands from entered passes to a
 * result: reconcile, resolve, alternates, results, next-round.
 */

#include <stdio.h>

#include "kp-ballot-reader.h"
#include "kp-cli-private.h"
#include "kp-definition.h"
#include "kp-journal-words.h"
#include "kp-names.h"
#include "kp-store.h"
#include "kp-store-stations.h"

/* --- reconcile, resolve ------------------------------------------------------ */

int
_kp_cli_reconcile (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — compare the passes"));
  g_auto(KpCliCommon) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  guint pending = 0;
  int status;

  _kp_cli_add_common (context, &c, FALSE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_check_not_station (store, &error))
    return _kp_cli_fail (error);
  info = kp_store_get_round_info (store, c.election, c.round, &error);
  if (info == NULL)
    return _kp_cli_fail (error);
  disagreements = kp_store_reconcile (store, c.election, info->round, &agreed, &error);
  if (disagreements == NULL)
    return _kp_cli_fail (error);

  printf (ngettext ("%s round %u, %s: %u ballot agrees or is settled", "%s round %u, %s: %u ballots agree or are settled",
                    agreed->len), c.election, info->round, kp_entry_mode_words (info->mode), agreed->len);
  printf (ngettext (", %u disagreement\n", ", %u disagreements\n", disagreements->len), disagreements->len);
  for (guint i = 0; i < disagreements->len; i++)
    {
      const KpDisagreement *d = g_ptr_array_index (disagreements, i);

      printf (_("serial %u:"), d->serial);
      for (guint p = 0; p < info->mode; p++)
        {
          g_autofree char *text = d->pass[p] ? kp_ballot_describe_shown (d->pass[p]) : g_strdup (_("missing"));
          printf ("%s %c: %s", p ? " |" : "", 'A' + p, text);
        }
      if (d->resolved)
        {
          g_autofree char *text = d->resolution ? kp_ballot_describe_shown (d->resolution)
                                                : g_strdup (_("no such ballot"));
          printf (_("\n  settled by %s: %s — %s\n"), d->operator, text, d->reason);
        }
      else
        {
          printf (_("\n  TO RESOLVE\n"));
          pending++;
        }
    }
  _kp_cli_print_duplicates (store, argv[1], c.election, info->round); /* kp-cli-stations.c */
  if (pending)
    printf (_("%u to resolve: kiemphieu-cli resolve %s --election %s --serial N --take A|B|value --reason TEXT\n"),
            pending, argv[1], c.election);
  return KP_EXIT_OK;
}

int
_kp_cli_resolve (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — settle a disagreement"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *take = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *struck = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *serial_text = NULL;
  int serial = 0;
  GOptionEntry entries[] = {
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial_text, N_("Serial of the ballot"), "N" },
    { "take", 0, 0, G_OPTION_ARG_STRING, &take, N_("Take pass A, B or C, or the value given"), "A|B|C|value" },
    { "struck", 0, 0, G_OPTION_ARG_STRING, &struck, N_("With --take value: the struck numbers"), "\"3 17\"" },
    { "marks", 0, 0, G_OPTION_ARG_STRING, &marks, N_("With --take value: the marks"), "YNB0…" },
    { "invalid", 0, 0, G_OPTION_ARG_STRING, &invalid, N_("With --take value: the committee's invalid reason"), N_("REASON") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (recorded in the journal)"), N_("TEXT") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("Read the head's passphrase from this file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpBallot) value = NULL;
  g_autofree char *passphrase = NULL;
  char which;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (!_kp_cli_parse_number (context, "--serial", serial_text, 1, G_MAXINT, &serial, &status))
    return status;
  if (serial <= 0 || take == NULL || reason == NULL)
    return _kp_cli_usage_error (context, _("resolve needs --serial, --take and --reason"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  election = kp_store_get_election (store, c.election, c.round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);

  if (g_str_equal (take, "value"))
    {
      g_autofree char *message = NULL;
      g_autofree char *flag_text = NULL;
      KpInvalidReason flag;

      which = 'V';
      if (!kp_invalid_flag_parse (invalid, &flag, &flag_text))
        {
          g_printerr (_("kiemphieu-cli: --invalid: \"%s\" is not a reason\n"), invalid);
          return KP_EXIT_BAD_INPUT;
        }
      if (kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE)
        {
          value = kp_ballot_new_strike (serial, election->candidates->len);
          if (!kp_ballot_parse_struck (value, struck ? struck : "", &message))
            {
              g_printerr ("kiemphieu-cli: --struck: %s\n", message);
              return KP_EXIT_BAD_INPUT;
            }
        }
      else
        {
          g_autofree char *parsed = NULL;
          if (!kp_ballot_parse_marks (marks ? marks : "", election->candidates->len, &parsed, &message))
            {
              g_printerr ("kiemphieu-cli: --marks: %s\n", message);
              return KP_EXIT_BAD_INPUT;
            }
          value = kp_ballot_new_yesno (serial, parsed);
        }
      kp_ballot_set_flag (value, flag, flag_text);
    }
  else if (!_kp_cli_parse_pass (take, &which))
    return _kp_cli_usage_error (context, _("--take A, B, C or value"));

  if ((passphrase = _kp_cli_read_secret (passphrase_file, _("passphrase of the counting committee's head"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_resolve (store, c.election, election->round, serial, which, value, reason, passphrase,
                         _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf (_("serial %d of %s settled\n"), serial, c.election);
  return KP_EXIT_OK;
}

/* alternates C --election ID --order "7 3" --reason TEXT: R-ALT-1, the
 * committee's order of elected alternates with equal votes. */
int
_kp_cli_alternates (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — the order of elected alternates with "
                                                               "equal votes (R-ALT-1)"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *order_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "order", 0, 0, G_OPTION_ARG_STRING, &order_text,
      N_("The ballot numbers of the alternates with equal votes, first to replace first"), "\"7 3\"" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("How the committee decided (recorded and printed)"), N_("TEXT") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_("Read the head's passphrase from this file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *passphrase = NULL;
  g_auto(GStrv) parts = NULL;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (order_text == NULL || reason == NULL)
    return _kp_cli_usage_error (context, _("alternates needs --order and --reason"));
  parts = g_strsplit_set (order_text, " ,", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 no;
      if (*parts[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, KP_MAX_CANDIDATES, &no, NULL))
        {
          g_printerr (_("kiemphieu-cli: %s: \"%s\" is not a ballot number\n"), "--order", parts[i]);
          return KP_EXIT_BAD_INPUT;
        }
      g_array_append_val (order, (guint) { no });
    }
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((passphrase = _kp_cli_read_secret (passphrase_file, _("passphrase of the counting committee's head"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_order_alternates (store, c.election, c.round, order, reason, passphrase, _kp_cli_operator_or_default (&c),
                                  &error))
    return _kp_cli_fail (error);
  printf (_("%s: the order of alternates with equal votes is recorded\n"), c.election);
  return KP_EXIT_OK;
}

/* --- results, next-round ------------------------------------------------------ */

int
_kp_cli_results (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — results and checks"));
  g_auto(KpCliCommon) c = { 0 };
  gboolean text = FALSE;
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_NONE, &text, N_("Print for a person, not JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autofree char *out = NULL;
  g_autofree char *checks_json = NULL;
  int status;

  _kp_cli_add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  info = kp_store_get_round_info (store, c.election, c.round, &error);
  if (info == NULL)
    return _kp_cli_fail (error);
  result = kp_store_results (store, c.election, info->round, &checks, &error);
  if (result == NULL)
    return _kp_cli_fail (error);

  if (text)
    {
      out = kp_result_to_text (result);
      fputs (out, stdout);
      printf ("\n%s\n", _("Checks of the numbers (R-RECON-1):"));
      for (guint i = 0; i < checks->len; i++)
        {
          const KpCheck *k = g_ptr_array_index (checks, i);
          g_autofree char *words = kp_text_capitalize (kp_check_title (k->check));

          printf ("  [%s] %s (%s)\n", g_str_equal (k->status, "ok") ? _("passed")
                                     : g_str_equal (k->status, "failed") ? _("FAILED") : _("unknown"),
                  words, k->text);
        }
      return KP_EXIT_OK;
    }
  out = kp_result_to_json (result);
  checks_json = kp_checks_to_json (c.election, info->round, kp_entry_mode_to_string (info->mode), checks);
  printf ("%s\n%s\n", out, checks_json);
  return KP_EXIT_OK;
}

int
_kp_cli_next_round (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — create the next round"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *drop_text = NULL;
  g_auto(GStrv) add = NULL;
  gboolean replace = FALSE;
  g_autoptr(GArray) drop = g_array_new (FALSE, FALSE, sizeof (guint));
  GOptionEntry entries[] = {
    { "drop", 0, 0, G_OPTION_ARG_STRING, &drop_text, N_("Leave these ballot numbers off the list"), "2,5" },
    { "add", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add, N_("Add a name (\"Name\" or \"Name;YYYY-MM-DD\"); repeat"), N_("NAME") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Redo the list of the latest round (before its first ballot)"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_auto(GStrv) shown = NULL;
  guint new_round;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (drop_text)
    {
      g_auto(GStrv) parts = g_strsplit (drop_text, ",", -1);
      for (guint i = 0; parts[i]; i++)
        {
          guint64 no;
          if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXUINT, &no, NULL))
            {
              g_printerr (_("kiemphieu-cli: %s: \"%s\" is not a ballot number\n"), "--drop", parts[i]);
              return KP_EXIT_BAD_INPUT;
            }
          g_array_append_val (drop, no);
        }
    }
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_next_round (store, c.election, (const guint *) drop->data, drop->len,
                            (const char **) add, replace, _kp_cli_operator_or_default (&c), &new_round, &error))
    return _kp_cli_fail (error);
  election = kp_store_get_election (store, c.election, new_round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);
  {
    g_autofree char *seats = _kp_cli_seats_words (election->seats);
    g_autofree char *names = _kp_cli_names_words (election->candidates->len);

    printf (replace ? _("%s: round %u changed, %s, %s:\n") : _("%s: round %u created, %s, %s:\n"), c.election,
            new_round, seats, names);
  }
  shown = kp_election_get_display_names (election); /* R-LIST-2: namesakes with their date of birth */
  for (guint i = 0; i < election->candidates->len; i++)
    printf ("  %u. %s\n", i + 1, shown[i]);
  return KP_EXIT_OK;
}
