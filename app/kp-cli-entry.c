/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-entry.c — the kiemphieu-cli subcommands that put ballots and counts
 * into a congress file: enter (a CSV, --resume, --one-transaction, or typed
 * with --interactive), void, mode, issued, collected, pause, resume, and
 * rehearsal.
 */

#include <stdio.h>
#include <string.h>

#include "kp-ballot-reader.h"
#include "kp-cli-private.h"
#include "kp-definition.h"
#include "kp-entry-lock.h"
#include "kp-store.h"

/* --- enter --------------------------------------------------------------- */

typedef struct
{
  KpStore *store;
  const char *election;
  guint round;
  char pass;
  const char *operator;
  const char *filename;
  GHashTable *existing; /* with --resume: serial → KpBallot already saved */
  gboolean progress;
  guint saved;
  guint skipped;
  guint last_serial;
  guint last_line;
} Enter;

static gboolean
enter_cb (guint            line,
          const KpBallot  *ballot,
          gpointer         user_data,
          GError         **error)
{
  Enter *enter = user_data;
  g_autoptr(GError) local_error = NULL;

  if (enter->existing != NULL)
    {
      const KpBallot *saved = g_hash_table_lookup (enter->existing, GUINT_TO_POINTER (ballot->serial));
      if (saved != NULL)
        {
          if (kp_ballot_equal (saved, ballot))
            {
              /* Saved before: the last saved row of the file all the same. */
              enter->skipped++;
              enter->last_serial = ballot->serial;
              enter->last_line = line;
              return TRUE;
            }
          else
            {
              g_autofree char *was = kp_ballot_describe (saved);
              g_autofree char *now = kp_ballot_describe (ballot);
              g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID,
                           _("%s:%u: serial: %u is already saved in pass %c as \"%s\", not \"%s\"; "
                             "void it first if the file is right"),
                           enter->filename, line, ballot->serial, enter->pass, was, now);
              return FALSE;
            }
        }
    }

  if (!kp_store_enter (enter->store, enter->election, enter->round, enter->pass, enter->operator,
                       ballot, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s:%u: %s", enter->filename, line,
                   local_error->message);
      return FALSE;
    }
  enter->saved++;
  enter->last_serial = ballot->serial;
  enter->last_line = line;
  if (enter->progress)
    {
      /* For a program that watches (formats.md): the same in every language. */
      printf ("saved %u\n", ballot->serial);
      fflush (stdout);
    }
  return TRUE;
}

static char *
describe_validity (const KpBallot   *ballot,
                   const KpElection *election)
{
  KpInvalidReason reason = kp_ballot_judge (ballot, election->seats);

  if (reason == KP_INVALID_NONE)
    return g_strdup_printf (ballot->form == KP_BALLOT_FORM_STRIKE
                            ? ngettext ("valid, %u name kept", "valid, %u names kept", kp_ballot_count_kept (ballot))
                            : _("valid, %u agreed"),
                            kp_ballot_count_kept (ballot));
  if (reason == KP_INVALID_OTHER)
    return g_strdup_printf (_("INVALID: %s"), ballot->flag_text);
  return g_strdup_printf (_("INVALID: %s"), kp_invalid_reason_words (kp_invalid_reason_to_string (reason)));
}

/* Typed entry: one line per ballot, serials advance by themselves. */
static int
enter_interactive (Enter *enter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (enter->store, enter->election, enter->round, &error);
  gboolean strike;
  char line[65536];

  if (election == NULL)
    return _kp_cli_fail (error);
  strike = kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE;
  {
    g_autofree char *names = _kp_cli_names_words (election->candidates->len);
    g_autofree char *seats = _kp_cli_seats_words (election->seats);

    printf (_("%s, round %u, pass %c — %s, %s.\n"), election->id, election->round, enter->pass, names, seats);
  }
  printf ("%s\n", strike ? _("Type the numbers of the struck names, separated by spaces, then Enter.")
                         : _("Type one character per name: Y agree, N disagree, B both boxes, 0 neither; "
                             "then Enter."));
  printf ("%s\n", _("Invalid ballot: add !not-issued, !added-name, !identifying-mark or !other:<reason>. "
                    "Void a ballot: void <serial>. Quit: q."));

  for (;;)
    {
      g_autoptr(KpBallot) ballot = NULL;
      g_autofree char *message = NULL;
      g_autofree char *flag_text = NULL;
      g_autofree char *validity = NULL;
      KpInvalidReason flag = KP_INVALID_NONE;
      guint serial = kp_store_next_serial (enter->store, enter->election, election->round, enter->pass, &error);
      char *bang, *text;

      if (serial == 0)
        return _kp_cli_fail (error);
      printf (_("Ballot %u> "), serial);
      fflush (stdout);
      if (fgets (line, sizeof line, stdin) == NULL)
        break;
      text = g_strstrip (line);
      if (g_str_equal (text, "q"))
        break;
      if (g_str_has_prefix (text, "void "))
        {
          guint64 number;
          if (!g_ascii_string_to_unsigned (text + 5, 10, 1, G_MAXUINT, &number, NULL))
            printf ("  ? %s\n", _("void <serial>"));
          else if (!kp_store_void (enter->store, enter->election, election->round, enter->pass, number,
                                   _("voided while entering (entered again)"), enter->operator, &error))
            {
              printf ("  ! %s\n", error->message);
              g_clear_error (&error);
            }
          else
            printf (_("  ballot %" PRIu64 " voided; enter it again under a new serial\n"), number);
          continue;
        }
      if ((bang = strchr (text, '!')) != NULL)
        {
          *bang = '\0';
          if (!kp_invalid_flag_parse (g_strstrip (bang + 1), &flag, &flag_text) || flag == KP_INVALID_NONE)
            {
              printf ("  ? %s\n", _("invalid reasons: not-issued, added-name, identifying-mark, other:<reason>"));
              continue;
            }
          g_strstrip (text);
        }
      if (strike)
        {
          ballot = kp_ballot_new_strike (serial, election->candidates->len);
          if (!kp_ballot_parse_struck (ballot, text, &message))
            {
              printf (_("  ? %s — ballot not saved, type it again\n"), message);
              continue;
            }
        }
      else
        {
          g_autofree char *marks = NULL;
          if (*text == '\0' && flag != KP_INVALID_NONE)
            marks = g_strnfill (election->candidates->len, KP_MARK_NEITHER);
          else if (!kp_ballot_parse_marks (text, election->candidates->len, &marks, &message))
            {
              printf (_("  ? %s — ballot not saved, type it again\n"), message);
              continue;
            }
          ballot = kp_ballot_new_yesno (serial, marks);
        }
      kp_ballot_set_flag (ballot, flag, flag_text);
      if (!kp_store_enter (enter->store, enter->election, election->round, enter->pass, enter->operator,
                           ballot, &error))
        {
          printf ("  ! %s\n", error->message);
          if (!g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID))
            return _kp_cli_fail (error);
          g_clear_error (&error);
          continue;
        }
      enter->saved++;
      validity = describe_validity (ballot, election);
      printf (_("  ballot %u saved: %s\n"), serial, validity);
    }
  printf (ngettext ("\n%u ballot saved.\n", "\n%u ballots saved.\n", enter->saved), enter->saved);
  return KP_EXIT_OK;
}

int
_kp_cli_enter (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — enter ballots into a pass"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *ballots = NULL;
  g_autofree char *data = NULL;
  gboolean resume = FALSE, one_transaction = FALSE, interactive = FALSE, progress = FALSE;
  GOptionEntry entries[] = {
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, N_("Entry pass: A, B or C"), "A|B|C" },
    { "ballots", 0, 0, G_OPTION_ARG_FILENAME, &ballots, N_("Ballots (CSV)"), N_("FILE") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, N_("Skip rows already saved (after an error or a crash)"), NULL },
    { "one-transaction", 0, 0, G_OPTION_ARG_NONE, &one_transaction, N_("Save the whole file at once, or nothing (bulk import)"), NULL },
    { "interactive", 0, 0, G_OPTION_ARG_NONE, &interactive, N_("Type ballots at the keyboard"), NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, N_("Print \"saved SERIAL\" as each ballot is on disk"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GHashTable) existing = NULL;
  g_autoptr(KpEntryLock) lock = NULL;
  Enter enter = { 0 };
  gsize length;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (!_kp_cli_parse_pass (pass_text, &enter.pass))
    return _kp_cli_usage_error (context, _("give the pass with --pass A, B or C"));
  if ((ballots == NULL) == !interactive)
    return _kp_cli_usage_error (context, _("give --ballots FILE or --interactive"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  election = kp_store_get_election (store, c.election, c.round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);

  {
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (store, c.election, election->round, &error);
    if (info == NULL)
      return _kp_cli_fail (error);
    if (enter.pass - 'A' >= (int) info->mode)
      {
        g_printerr (_("kiemphieu-cli: %s is in %s mode: pass %c is not used (choose double or "
                      "triple entry with `kiemphieu-cli mode`)\n"), c.election,
                    kp_entry_mode_words (info->mode), enter.pass);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_PAUSED)
      {
        g_printerr (_("kiemphieu-cli: %s is paused; resume it before entering ballots\n"), c.election);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_CONFIRMED)
      {
        g_printerr (_("kiemphieu-cli: round %u of %s is confirmed: its ballots can no longer change\n"),
                    info->round, c.election);
        return KP_EXIT_BAD_INPUT;
      }
  }
  /* One entry session per pass, as on the app's entry screen: serials pair
   * the passes, so two people typing into one pass at once (here and in
   * the app, or two terminals) would pair ballots that are not the same
   * paper. Held until the command ends; the kernel drops it if it dies. */
  lock = kp_entry_lock_acquire (kp_store_get_path (store), c.election, election->round, enter.pass,
                                _kp_cli_operator_or_default (&c), NULL, &error);
  if (lock == NULL)
    return _kp_cli_fail (error);
  enter.store = store;
  enter.election = c.election;
  enter.round = election->round;
  enter.operator = _kp_cli_operator_or_default (&c);
  enter.filename = ballots;
  enter.progress = progress;
  if (interactive)
    return enter_interactive (&enter);

  if (!kp_file_get_contents (ballots, &data, &length, &error))
    return _kp_cli_fail (error);
  if (resume)
    {
      existing = kp_store_get_pass (store, c.election, election->round, enter.pass, &error);
      if (existing == NULL)
        return _kp_cli_fail (error);
      enter.existing = existing;
    }
  if (one_transaction && !kp_store_begin_bulk (store, &error))
    return _kp_cli_fail (error);

  if (!kp_ballots_foreach (data, length, ballots, election, enter_cb, &enter, &error)
      || (one_transaction && !kp_store_commit_bulk (store, &error)))
    {
      /* A line of the file, or the congress file itself (locked by another
       * program, a full disk…): the advice is not the same. */
      gboolean line_error = error != NULL && error->domain != KP_STORE_ERROR;

      status = _kp_cli_fail (error);
      if (one_transaction)
        {
          kp_store_rollback_bulk (store);
          g_printerr (_("kiemphieu-cli: nothing from %s was saved (--one-transaction); fix the file "
                        "and run the same command again\n"), ballots);
        }
      else if (enter.saved + enter.skipped > 0)
        g_printerr (line_error
                    ? _("kiemphieu-cli: %u ballots from %s are saved in pass %c (last: serial %u, line %u). "
                        "Then fix the line named above, and run the same command again with --resume: the "
                        "saved rows are skipped\n")
                    : _("kiemphieu-cli: %u ballots from %s are saved in pass %c (last: serial %u, line %u). "
                        "Then deal with the reason above, and run the same command again with --resume: the "
                        "saved rows are skipped\n"),
                    enter.saved + enter.skipped, ballots, enter.pass, enter.last_serial, enter.last_line);
      else
        g_printerr (line_error
                    ? _("kiemphieu-cli: nothing from %s was saved; fix the line named above and run the same "
                        "command again\n")
                    : _("kiemphieu-cli: nothing from %s was saved; deal with the reason above and run the same "
                        "command again\n"),
                    ballots);
      return status;
    }
  printf (ngettext ("%s: %u ballot saved in pass %c of %s round %u", "%s: %u ballots saved in pass %c of %s round %u",
                    enter.saved), ballots, enter.saved, enter.pass, c.election, election->round);
  if (enter.skipped)
    printf (_(" (%u already saved, skipped)"), enter.skipped);
  printf ("\n");
  return KP_EXIT_OK;
}

/* --- void, mode, issued, pause, resume ---------------------------------------- */

int
_kp_cli_void (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — void a ballot"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *serial_text = NULL;
  int serial = 0;
  GOptionEntry entries[] = {
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, N_("Entry pass: A, B or C"), "A|B|C" },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial_text, N_("Serial of the ballot"), "N" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (recorded in the journal)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  char pass;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (!_kp_cli_parse_number (context, "--serial", serial_text, 1, G_MAXINT, &serial, &status))
    return status;
  if (!_kp_cli_parse_pass (pass_text, &pass) || serial <= 0 || reason == NULL)
    return _kp_cli_usage_error (context, _("void needs --pass, --serial and --reason"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_void (store, c.election, c.round, pass, serial, reason, _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf (_("ballot %d of pass %c voided; it can be entered again\n"), serial, pass);
  return KP_EXIT_OK;
}

int
_kp_cli_mode (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu single|double|triple — choose the entry mode"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *passphrase_file = NULL;
  g_autofree char *passphrase = NULL;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Once ballots exist, the head decides: read the head's passphrase from this file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  KpEntryMode mode;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !kp_entry_mode_from_string (argv[2], &mode))
    return _kp_cli_usage_error (context, _("give the congress file and single, double or triple"));
  argc = 2;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (passphrase_file != NULL
      && (passphrase = _kp_cli_read_secret (passphrase_file, _("passphrase of the counting committee's head"), FALSE,
                                            &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_set_mode (store, c.election, mode, passphrase, _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("%s: %s\n", c.election, kp_entry_mode_words (mode));
  return KP_EXIT_OK;
}

/* issued and collected: a number the committee counted by hand, per round
 * (R-RECON-1). */
static int
record_count (int          argc,
              char       **argv,
              gboolean     collected)
{
  const char *what = collected ? "collected" : "issued";
  g_autoptr(GOptionContext) context = g_option_context_new (collected
                                                            ? N_("C.kiemphieu N — record the ballots collected, "
                                                                 "counted by hand from the box")
                                                            : N_("C.kiemphieu N — record the ballots issued"));
  g_auto(KpCliCommon) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  guint64 count;
  gboolean ok;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    {
      return _kp_cli_usage_error (context, collected ? _("give the congress file and the number of ballots collected")
                                                     : _("give the congress file and the number of ballots issued"));
    }
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, KP_MAX_COUNT, &count, NULL))
    {
      g_printerr (_("kiemphieu-cli: %s: \"%s\" is not a whole number from 0 to %u\n"), what, argv[2], KP_MAX_COUNT);
      return KP_EXIT_BAD_INPUT;
    }
  argc = 2;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (collected)
    ok = kp_store_set_collected (store, c.election, c.round, count, _kp_cli_operator_or_default (&c), &error);
  else
    ok = kp_store_set_issued (store, c.election, c.round, count, _kp_cli_operator_or_default (&c), &error);
  if (!ok)
    return _kp_cli_fail (error);
  if (collected)
    printf (ngettext ("%s: %" PRIu64 " ballot collected\n", "%s: %" PRIu64 " ballots collected\n", count), c.election,
            count);
  else
    printf (ngettext ("%s: %" PRIu64 " ballot issued\n", "%s: %" PRIu64 " ballots issued\n", count), c.election,
            count);
  return KP_EXIT_OK;
}

int
_kp_cli_issued (int    argc,
                char **argv)
{
  return record_count (argc, argv, FALSE);
}

int
_kp_cli_collected (int    argc,
                   char **argv)
{
  return record_count (argc, argv, TRUE);
}

static int
pause_or_resume (int       argc,
                 char    **argv,
                 gboolean  paused)
{
  g_autoptr(GOptionContext) context = g_option_context_new (paused ? N_("C.kiemphieu — pause an election")
                                                                   : N_("C.kiemphieu — resume an election"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (recorded in the journal)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_set_paused (store, c.election, paused, reason, _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("%s: %s\n", c.election, paused ? _("paused") : _("resumed"));
  return KP_EXIT_OK;
}

int
_kp_cli_pause (int    argc,
               char **argv)
{
  return pause_or_resume (argc, argv, TRUE);
}

int
_kp_cli_resume (int    argc,
                char **argv)
{
  return pause_or_resume (argc, argv, FALSE);
}

/* --- rehearsal ---------------------------------------------------------------- */

int
_kp_cli_rehearsal (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu --to REHEARSAL.kiemphieu | C.kiemphieu on|off"
                                                               " — rehearsal (THỬ NGHIỆM)"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Create a rehearsal copy of C there (C is not changed)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStore) copy = NULL;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    N_("--to makes a separate rehearsal copy: the same elections, rounds and entry modes, "
                                       "no ballots, THỬ NGHIỆM on every document; nothing entered in it counts. on|off "
                                       "switches a file without ballots (refused once any ballot is entered)."));
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (to != NULL)
    {
      if (argc != 2)
        return _kp_cli_usage_error (context, _("give the congress file to copy, and --to with the rehearsal copy"));
      if ((store = _kp_cli_open_store (context, argc, argv, &c, FALSE, &status)) == NULL)
        return status;
      if ((copy = kp_store_create_rehearsal (store, to, _kp_cli_operator_or_default (&c), &error)) == NULL)
        return _kp_cli_fail (error);
      printf (_("%s: rehearsal copy of %s created (THỬ NGHIỆM); nothing entered in it counts\n"), to, argv[1]);
      return KP_EXIT_OK;
    }
  if (argc != 3 || (!g_str_equal (argv[2], "on") && !g_str_equal (argv[2], "off")))
    return _kp_cli_usage_error (context, _("give the congress file and --to COPY (or on or off)"));
  argc = 2;
  if ((store = _kp_cli_open_store (context, argc, argv, &c, FALSE, &status)) == NULL)
    return status;
  if (!kp_store_set_rehearsal (store, g_str_equal (argv[2], "on"), _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("%s\n", g_str_equal (argv[2], "on") ? _("rehearsal mode on") : _("rehearsal mode off"));
  return KP_EXIT_OK;
}
