/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-congress.c — the kiemphieu-cli subcommands that work on a congress
 * file (kp-store): new, show, enter, void, mode, issued, collected, pause, resume,
 * reconcile, resolve, results, next-round, journal.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kp-archive.h"
#include "kp-ballot-reader.h"
#include "kp-cli-private.h"
#include "kp-crypto.h"
#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-reports.h"
#include "kp-store.h"

static char *read_secret (const char  *file,
                          const char  *prompt,
                          gboolean     twice,
                          GError     **error);

/* Options most commands share. */
typedef struct
{
  char *election;
  int round;
  char *operator;
} Common;

static void
common_clear (Common *c)
{
  g_free (c->election);
  g_free (c->operator);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Common, common_clear)

static void
add_common (GOptionContext *context,
            Common         *c,
            gboolean        with_operator)
{
  GOptionEntry entries[] = {
    { "election", 0, 0, G_OPTION_ARG_STRING, &c->election, "Election id", "ID" },
    { "round", 0, 0, G_OPTION_ARG_INT, &c->round, "Round (default: the latest)", "N" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &c->operator, "Who does this (recorded in the journal)", "NAME" },
    { NULL }
  };

  if (!with_operator)
    entries[2] = (GOptionEntry) { NULL };
  g_option_context_add_main_entries (context, entries, NULL);
}

static const char *
operator_or_default (Common *c)
{
  if (c->operator == NULL)
    c->operator = g_strdup (g_get_user_name ());
  return c->operator;
}

/* Opens FILE (argv[1]) after option parsing; checks the argument count. */
static KpStore *
open_store (GOptionContext *context,
            int             argc,
            char          **argv,
            Common         *c,
            gboolean        needs_election,
            int            *status)
{
  g_autoptr(GError) error = NULL;
  KpStore *store;

  if (argc != 2)
    {
      *status = _kp_cli_usage_error (context, "give one congress file");
      return NULL;
    }
  if (needs_election && (c == NULL || c->election == NULL))
    {
      *status = _kp_cli_usage_error (context, "give the election with --election ID");
      return NULL;
    }
  if (c && c->round < 0)
    {
      *status = _kp_cli_usage_error (context, "--round must be positive");
      return NULL;
    }
  store = kp_store_open (argv[1], &error);
  if (store == NULL)
    *status = _kp_cli_fail (error);
  return store;
}

static gboolean
parse_pass (const char *text,
            char       *pass)
{
  if (text == NULL || strlen (text) != 1 || text[0] < 'A' || text[0] > 'C')
    return FALSE;
  *pass = text[0];
  return TRUE;
}

/* --- new ----------------------------------------------------------------- */

int
_kp_cli_new (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — create a congress file");
  g_autofree char *definition = NULL;
  g_autofree char *operator = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  GOptionEntry entries[] = {
    { "definition", 0, 0, G_OPTION_ARG_FILENAME, &definition, "Election definition (JSON)", "FILE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, "Who creates it", "NAME" },
    { NULL }
  };
  gsize length;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || definition == NULL)
    return _kp_cli_usage_error (context, "new needs a file name and --definition");
  if (!g_file_get_contents (definition, &data, &length, &error))
    return _kp_cli_fail (error);
  store = kp_store_create (argv[1], data, length, definition,
                           operator ? operator : g_get_user_name (), &error);
  if (store == NULL)
    return _kp_cli_fail (error);
  printf ("%s: created, %u elections\n", argv[1], kp_store_get_congress (store)->elections->len);
  return KP_EXIT_OK;
}

/* --- show ---------------------------------------------------------------- */

int
_kp_cli_show (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — print what a congress file holds");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  KpCongress *congress;
  int status;

  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  congress = kp_store_get_congress (store);
  rounds = kp_store_list_rounds (store, &error);
  journal = rounds ? kp_store_get_journal (store, &error) : NULL;
  if (journal == NULL)
    return _kp_cli_fail (error);

  printf ("%s\n", argv[1]);
  if (kp_store_is_rehearsal (store))
    {
      g_autofree char *source = kp_store_get_rehearsal_source (store);
      if (source != NULL)
        printf ("  THỬ NGHIỆM: rehearsal copy of %s; nothing entered here counts\n", source);
      else
        printf ("  THỬ NGHIỆM: rehearsal mode\n");
    }
  if (congress->superior)
    printf ("  %s\n", congress->superior);
  printf ("  %s — %s\n", congress->organization, congress->name);
  if (congress->term || congress->place || congress->date)
    printf ("  nhiệm kỳ %s; %s, %s\n", congress->term ? congress->term : "—",
            congress->place ? congress->place : "—", congress->date ? congress->date : "—");
  printf ("  %s congress: %u convened", kp_congress_kind_to_string (congress->kind), congress->convened);
  if (congress->present >= 0)
    printf (", %" G_GINT64_FORMAT " present", congress->present);
  printf ("\n");
  for (guint i = 0; i < congress->exclusions->len; i++)
    {
      const KpExclusion *e = g_ptr_array_index (congress->exclusions, i);
      printf ("  excluded from the base: %u — %s\n", e->count, e->reason);
    }
  for (guint i = 0; i < congress->committee->len; i++)
    {
      const KpCommitteeMember *m = g_ptr_array_index (congress->committee, i);
      printf ("  Ban kiểm phiếu: %s (%s)\n", m->name, m->role == KP_ROLE_HEAD ? "Trưởng ban" : "Ủy viên");
    }
  printf ("elections:\n");
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      const KpElection *e = kp_congress_find_election (congress, r->id);

      printf ("  %s round %u: %s\n", r->id, r->round, e->title);
      printf ("    %u seats, %u names, %s form, base %u, %s entry%s", r->seats, r->n_candidates,
              kp_ballot_form_for (r->n_candidates, r->seats) == KP_BALLOT_FORM_STRIKE ? "strike" : "agree/disagree",
              e->base,
              kp_entry_mode_to_string (r->mode), r->state == KP_ELECTION_PAUSED ? ", PAUSED" : "");
      if (r->issued >= 0)
        printf (", %" G_GINT64_FORMAT " issued", r->issued);
      if (r->collected >= 0)
        printf (", %" G_GINT64_FORMAT " collected", r->collected);
      printf ("\n    entered: A %u", r->entered[0]);
      if (r->mode >= KP_ENTRY_DOUBLE)
        printf (", B %u", r->entered[1]);
      if (r->mode >= KP_ENTRY_TRIPLE)
        printf (", C %u", r->entered[2]);
      printf ("\n");
    }
  if (journal->len > 0)
    printf ("journal: %u entries, head %s\n", journal->len,
            ((KpJournalEntry *) journal->pdata[journal->len - 1])->hash);
  return KP_EXIT_OK;
}

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
              enter->skipped++;
              return TRUE;
            }
          else
            {
              g_autofree char *was = kp_ballot_describe (saved);
              g_autofree char *now = kp_ballot_describe (ballot);
              g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID,
                           "%s:%u: serial: %u is already saved in pass %c as \"%s\", not \"%s\"; "
                           "void it first if the file is right",
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
    return g_strdup_printf ("hợp lệ, %s %u tên", ballot->form == KP_BALLOT_FORM_STRIKE ? "giữ" : "đồng ý",
                            kp_ballot_count_kept (ballot));
  if (reason == KP_INVALID_OTHER)
    return g_strdup_printf ("KHÔNG HỢP LỆ: %s", ballot->flag_text);
  return g_strdup_printf ("KHÔNG HỢP LỆ: %s", kp_invalid_reason_to_string (reason));
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
  printf ("%s, lần bầu %u, lượt nhập %c — %u tên, cần bầu %u.\n", election->id, election->round,
          enter->pass, election->candidates->len, election->seats);
  printf (strike ? "Gõ số thứ tự các tên bị gạch, cách nhau bằng dấu cách, rồi Enter.\n"
                 : "Gõ mỗi tên một ký tự: Y đồng ý, N không đồng ý, B cả hai ô, 0 không ô nào; rồi Enter.\n");
  printf ("Phiếu không hợp lệ: thêm !not-issued, !added-name, !identifying-mark hoặc !other:<lý do>. "
          "Hủy phiếu: void <số>. Thoát: q.\n");

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
      printf ("Phiếu số %u> ", serial);
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
            printf ("  ? void <số phiếu>\n");
          else if (!kp_store_void (enter->store, enter->election, election->round, enter->pass, number,
                                   "hủy khi nhập (nhập lại)", enter->operator, &error))
            {
              printf ("  ! %s\n", error->message);
              g_clear_error (&error);
            }
          else
            printf ("  đã hủy phiếu %" G_GUINT64_FORMAT "; nhập lại với số mới\n", number);
          continue;
        }
      if ((bang = strchr (text, '!')) != NULL)
        {
          *bang = '\0';
          if (!kp_invalid_flag_parse (g_strstrip (bang + 1), &flag, &flag_text) || flag == KP_INVALID_NONE)
            {
              printf ("  ? lý do không hợp lệ: not-issued, added-name, identifying-mark, other:<lý do>\n");
              continue;
            }
          g_strstrip (text);
        }
      if (strike)
        {
          ballot = kp_ballot_new_strike (serial, election->candidates->len);
          if (!kp_ballot_parse_struck (ballot, text, &message))
            {
              printf ("  ? %s — phiếu chưa lưu, gõ lại\n", message);
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
              printf ("  ? %s — phiếu chưa lưu, gõ lại\n", message);
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
      printf ("  đã lưu phiếu %u: %s\n", serial, validity);
    }
  printf ("\nĐã lưu %u phiếu.\n", enter->saved);
  return KP_EXIT_OK;
}

int
_kp_cli_enter (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — enter ballots into a pass");
  g_auto(Common) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *ballots = NULL;
  g_autofree char *data = NULL;
  gboolean resume = FALSE, one_transaction = FALSE, interactive = FALSE, progress = FALSE;
  GOptionEntry entries[] = {
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, "Entry pass: A, B or C", "A|B|C" },
    { "ballots", 0, 0, G_OPTION_ARG_FILENAME, &ballots, "Ballots (CSV)", "FILE" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Skip rows already saved (after an error or a crash)", NULL },
    { "one-transaction", 0, 0, G_OPTION_ARG_NONE, &one_transaction, "Save the whole file at once, or nothing (bulk import)", NULL },
    { "interactive", 0, 0, G_OPTION_ARG_NONE, &interactive, "Type ballots at the keyboard", NULL },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, "Print \"saved SERIAL\" as each ballot is on disk", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GHashTable) existing = NULL;
  Enter enter = { 0 };
  gsize length;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (!parse_pass (pass_text, &enter.pass))
    return _kp_cli_usage_error (context, "give the pass with --pass A, B or C");
  if ((ballots == NULL) == !interactive)
    return _kp_cli_usage_error (context, "give --ballots FILE or --interactive");
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
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
        g_printerr ("kiemphieu-cli: %s is in %s-entry mode: pass %c is not used (choose double or "
                    "triple entry with `kiemphieu-cli mode`)\n", c.election,
                    kp_entry_mode_to_string (info->mode), enter.pass);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_PAUSED)
      {
        g_printerr ("kiemphieu-cli: %s is paused; resume it before entering ballots\n", c.election);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_CONFIRMED)
      {
        g_printerr ("kiemphieu-cli: round %u of %s is confirmed: its ballots can no longer change\n",
                    info->round, c.election);
        return KP_EXIT_BAD_INPUT;
      }
  }
  enter.store = store;
  enter.election = c.election;
  enter.round = election->round;
  enter.operator = operator_or_default (&c);
  enter.filename = ballots;
  enter.progress = progress;
  if (interactive)
    return enter_interactive (&enter);

  if (!g_file_get_contents (ballots, &data, &length, &error))
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
      status = _kp_cli_fail (error);
      if (one_transaction)
        {
          kp_store_rollback_bulk (store);
          g_printerr ("kiemphieu-cli: nothing from %s was saved (--one-transaction); fix the file "
                      "and run the same command again\n", ballots);
        }
      else if (enter.saved + enter.skipped > 0)
        g_printerr ("kiemphieu-cli: %u ballots from %s are saved in pass %c (last: serial %u, line %u). "
                    "Fix the line named above and run the same command again with --resume: the "
                    "saved rows are skipped\n",
                    enter.saved + enter.skipped, ballots, enter.pass, enter.last_serial, enter.last_line);
      else
        g_printerr ("kiemphieu-cli: nothing from %s was saved; fix the line named above and run "
                    "the same command again\n", ballots);
      return status;
    }
  printf ("%s: %u ballots saved in pass %c of %s round %u", ballots, enter.saved, enter.pass,
          c.election, election->round);
  if (enter.skipped)
    printf (" (%u already saved, skipped)", enter.skipped);
  printf ("\n");
  return KP_EXIT_OK;
}

/* --- void, mode, issued, pause, resume ---------------------------------------- */

int
_kp_cli_void (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — void a ballot");
  g_auto(Common) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *reason = NULL;
  int serial = 0;
  GOptionEntry entries[] = {
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, "Entry pass: A, B or C", "A|B|C" },
    { "serial", 0, 0, G_OPTION_ARG_INT, &serial, "Serial of the ballot", "N" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (recorded in the journal)", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  char pass;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (!parse_pass (pass_text, &pass) || serial <= 0 || reason == NULL)
    return _kp_cli_usage_error (context, "void needs --pass, --serial and --reason");
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_void (store, c.election, c.round, pass, serial, reason, operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("ballot %d of pass %c voided; it can be entered again\n", serial, pass);
  return KP_EXIT_OK;
}

int
_kp_cli_mode (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu single|double|triple — choose the entry mode");
  g_auto(Common) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  KpEntryMode mode;
  int status;

  add_common (context, &c, TRUE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !kp_entry_mode_from_string (argv[2], &mode))
    return _kp_cli_usage_error (context, "give the congress file and single, double or triple");
  argc = 2;
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_set_mode (store, c.election, mode, operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("%s: %s entry\n", c.election, argv[2]);
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
                                                            ? "C.kiemphieu N — record the ballots collected, "
                                                              "counted by hand from the box"
                                                            : "C.kiemphieu N — record the ballots issued");
  g_auto(Common) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  guint64 count;
  gboolean ok;
  int status;

  add_common (context, &c, TRUE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    {
      g_autofree char *message = g_strdup_printf ("give the congress file and the number of ballots %s", what);
      return _kp_cli_usage_error (context, message);
    }
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, KP_MAX_COUNT, &count, NULL))
    {
      g_printerr ("kiemphieu-cli: %s: \"%s\" is not a whole number from 0 to %u\n", what, argv[2], KP_MAX_COUNT);
      return KP_EXIT_BAD_INPUT;
    }
  argc = 2;
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (collected)
    ok = kp_store_set_collected (store, c.election, c.round, count, operator_or_default (&c), &error);
  else
    ok = kp_store_set_issued (store, c.election, c.round, count, operator_or_default (&c), &error);
  if (!ok)
    return _kp_cli_fail (error);
  printf ("%s: %" G_GUINT64_FORMAT " ballots %s\n", c.election, count, what);
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
  g_autoptr(GOptionContext) context = g_option_context_new (paused ? "C.kiemphieu — pause an election"
                                                                   : "C.kiemphieu — resume an election");
  g_auto(Common) c = { 0 };
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (recorded in the journal)", "TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_set_paused (store, c.election, paused, reason, operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("%s: %s\n", c.election, paused ? "paused" : "resumed");
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

/* --- reconcile, resolve ------------------------------------------------------ */

int
_kp_cli_reconcile (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — compare the passes");
  g_auto(Common) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  guint pending = 0;
  int status;

  add_common (context, &c, FALSE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  info = kp_store_get_round_info (store, c.election, c.round, &error);
  if (info == NULL)
    return _kp_cli_fail (error);
  disagreements = kp_store_reconcile (store, c.election, info->round, &agreed, &error);
  if (disagreements == NULL)
    return _kp_cli_fail (error);

  printf ("%s round %u, %s entry: %u ballots agree or are settled", c.election, info->round,
          kp_entry_mode_to_string (info->mode), agreed->len);
  printf (", %u disagreements\n", disagreements->len);
  for (guint i = 0; i < disagreements->len; i++)
    {
      const KpDisagreement *d = g_ptr_array_index (disagreements, i);

      printf ("serial %u:", d->serial);
      for (guint p = 0; p < info->mode; p++)
        {
          g_autofree char *text = d->pass[p] ? kp_ballot_describe (d->pass[p]) : g_strdup ("missing");
          printf ("%s %c: %s", p ? " |" : "", 'A' + p, text);
        }
      if (d->resolved)
        {
          g_autofree char *text = d->resolution ? kp_ballot_describe (d->resolution) : g_strdup ("no such ballot");
          printf ("\n  settled by %s: %s — %s\n", d->operator, text, d->reason);
        }
      else
        {
          printf ("\n  TO RESOLVE\n");
          pending++;
        }
    }
  if (pending)
    printf ("%u to resolve: kiemphieu-cli resolve %s --election %s --serial N --take A|B|value --reason TEXT\n",
            pending, argv[1], c.election);
  return KP_EXIT_OK;
}

int
_kp_cli_resolve (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — settle a disagreement");
  g_auto(Common) c = { 0 };
  g_autofree char *take = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *struck = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *passphrase_file = NULL;
  int serial = 0;
  GOptionEntry entries[] = {
    { "serial", 0, 0, G_OPTION_ARG_INT, &serial, "Serial of the ballot", "N" },
    { "take", 0, 0, G_OPTION_ARG_STRING, &take, "Take pass A, B or C, or the value given", "A|B|C|value" },
    { "struck", 0, 0, G_OPTION_ARG_STRING, &struck, "With --take value: the struck numbers", "\"3 17\"" },
    { "marks", 0, 0, G_OPTION_ARG_STRING, &marks, "With --take value: the marks", "YNB0…" },
    { "invalid", 0, 0, G_OPTION_ARG_STRING, &invalid, "With --take value: the committee's invalid reason", "REASON" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "Why (recorded in the journal)", "TEXT" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, "Read the head's passphrase from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpBallot) value = NULL;
  g_autofree char *passphrase = NULL;
  char which;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (serial <= 0 || take == NULL || reason == NULL)
    return _kp_cli_usage_error (context, "resolve needs --serial, --take and --reason");
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
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
          g_printerr ("kiemphieu-cli: --invalid: \"%s\" is not a reason\n", invalid);
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
  else if (!parse_pass (take, &which))
    return _kp_cli_usage_error (context, "--take A, B, C or value");

  if ((passphrase = read_secret (passphrase_file, "passphrase of the counting committee's head", FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_resolve (store, c.election, election->round, serial, which, value, reason, passphrase,
                         operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("serial %d of %s settled\n", serial, c.election);
  return KP_EXIT_OK;
}

/* alternates C --election ID --order "7 3" --reason TEXT: R-ALT-1, the
 * committee's order of elected alternates with equal votes. */
int
_kp_cli_alternates (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — the order of elected alternates with "
                                                            "equal votes (R-ALT-1)");
  g_auto(Common) c = { 0 };
  g_autofree char *order_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "order", 0, 0, G_OPTION_ARG_STRING, &order_text,
      "The ballot numbers of the alternates with equal votes, first to replace first", "\"7 3\"" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "How the committee decided (recorded and printed)", "TEXT" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, "Read the head's passphrase from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *passphrase = NULL;
  g_auto(GStrv) parts = NULL;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (order_text == NULL || reason == NULL)
    return _kp_cli_usage_error (context, "alternates needs --order and --reason");
  parts = g_strsplit_set (order_text, " ,", -1);
  for (guint i = 0; parts[i]; i++)
    {
      guint64 no;
      if (*parts[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, KP_MAX_CANDIDATES, &no, NULL))
        {
          g_printerr ("kiemphieu-cli: --order: \"%s\" is not a ballot number\n", parts[i]);
          return KP_EXIT_BAD_INPUT;
        }
      g_array_append_val (order, (guint) { no });
    }
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((passphrase = read_secret (passphrase_file, "passphrase of the counting committee's head", FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_order_alternates (store, c.election, c.round, order, reason, passphrase, operator_or_default (&c),
                                  &error))
    return _kp_cli_fail (error);
  printf ("%s: the order of alternates with equal votes is recorded\n", c.election);
  return KP_EXIT_OK;
}

/* --- results, next-round ------------------------------------------------------ */

int
_kp_cli_results (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — results and checks");
  g_auto(Common) c = { 0 };
  gboolean text = FALSE;
  GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_NONE, &text, "Print for a person, in Vietnamese, not JSON", NULL },
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

  add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
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
      printf ("\nKiểm tra số liệu (R-RECON-1):\n");
      for (guint i = 0; i < checks->len; i++)
        {
          const KpCheck *k = g_ptr_array_index (checks, i);
          g_autofree char *words = g_strdup (kp_check_words (k->check));

          words[0] = g_ascii_toupper (words[0]);
          printf ("  [%s] %s (%s)\n", g_str_equal (k->status, "ok") ? "đạt" : g_str_equal (k->status, "failed")
                                                                             ? "KHÔNG ĐẠT" : "chưa rõ",
                  words, k->words);
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
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — create the next round");
  g_auto(Common) c = { 0 };
  g_autofree char *drop_text = NULL;
  g_auto(GStrv) add = NULL;
  gboolean replace = FALSE;
  g_autoptr(GArray) drop = g_array_new (FALSE, FALSE, sizeof (guint));
  GOptionEntry entries[] = {
    { "drop", 0, 0, G_OPTION_ARG_STRING, &drop_text, "Leave these ballot numbers off the list", "2,5" },
    { "add", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add, "Add a name (\"Name\" or \"Name;YYYY-MM-DD\"); repeat", "NAME" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, "Redo the list of the latest round (before its first ballot)", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_auto(GStrv) shown = NULL;
  guint new_round;
  int status;

  add_common (context, &c, TRUE);
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
              g_printerr ("kiemphieu-cli: --drop: \"%s\" is not a ballot number\n", parts[i]);
              return KP_EXIT_BAD_INPUT;
            }
          g_array_append_val (drop, no);
        }
    }
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if (!kp_store_next_round (store, c.election, (const guint *) drop->data, drop->len,
                            (const char **) add, replace, operator_or_default (&c), &new_round, &error))
    return _kp_cli_fail (error);
  election = kp_store_get_election (store, c.election, new_round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);
  printf ("%s: round %u %s, %u seats, %u names:\n", c.election, new_round, replace ? "changed" : "created",
          election->seats,
          election->candidates->len);
  shown = kp_election_get_display_names (election); /* R-LIST-2: namesakes with their date of birth */
  for (guint i = 0; i < election->candidates->len; i++)
    printf ("  %u. %s\n", i + 1, shown[i]);
  return KP_EXIT_OK;
}

/* --- journal --------------------------------------------------------------------- */

int
_kp_cli_journal (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — print or verify the entry journal");
  gboolean verify = FALSE;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify, "Recompute the chain and the tables; exit 3 on any mismatch", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the journal as PDF (Nhật ký nhập phiếu)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;

  if (verify)
    {
      g_autoptr(GString) report = g_string_new (NULL);
      gboolean ok = kp_store_verify (store, report, &error);

      fputs (report->str, stdout);
      if (!ok)
        return _kp_cli_fail (error);
      printf ("verified\n");
      return KP_EXIT_OK;
    }

  journal = kp_store_get_journal (store, &error);
  if (journal == NULL)
    return _kp_cli_fail (error);
  if (output != NULL)
    {
      if (!kp_reports_journal (store, output, NULL, &error))
        return _kp_cli_fail (error);
      printf ("%s: journal of %u entries written\n", output, journal->len);
      return KP_EXIT_OK;
    }
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (journal, i);
      g_autofree char *short_hash = g_strndup (e->hash, 16);
      const char *content = e->content;

      if (g_str_equal (e->action, "create"))
        content = "{…definition…}";
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
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — print the minutes (Biên bản kiểm phiếu)");
  g_auto(Common) c = { 0 };
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PDF file to write", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  int status;

  add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return _kp_cli_usage_error (context, "give the PDF to write with -o FILE");
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((info = kp_store_get_round_info (store, c.election, c.round, &error)) == NULL
      || !kp_reports_minutes (store, c.election, info->round, output, &error))
    return _kp_cli_fail (error);
  printf ("%s: minutes of %s round %u written%s\n", output, c.election, info->round,
          info->state == KP_ELECTION_CONFIRMED ? " (confirmed)" : " (CHƯA CHÍNH THỨC: not confirmed yet)");
  return KP_EXIT_OK;
}

int
_kp_cli_ballots (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — print the ballots (phiếu bầu)");
  g_auto(Common) c = { 0 };
  g_autofree char *output = NULL;
  g_autofree char *paper_text = NULL;
  int copies = 1;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PDF file to write", "FILE" },
    { "copies", 0, 0, G_OPTION_ARG_INT, &copies, "How many ballots (default 1)", "N" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, "A5 (two per A4 sheet) or A4; default: A5 when the list fits", "A4|A5" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  KpPaper paper = KP_PAPER_AUTO;
  int status;

  add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (output == NULL)
    return _kp_cli_usage_error (context, "give the PDF to write with -o FILE");
  if (copies < 1 || copies > 100000)
    return _kp_cli_usage_error (context, "--copies must be from 1 to 100000");
  if (paper_text != NULL)
    {
      if (g_ascii_strcasecmp (paper_text, "A4") == 0)
        paper = KP_PAPER_A4;
      else if (g_ascii_strcasecmp (paper_text, "A5") == 0)
        paper = KP_PAPER_A5;
      else
        return _kp_cli_usage_error (context, "--paper A4 or A5");
    }
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((election = kp_store_get_election (store, c.election, c.round, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_documents_ballots (kp_store_get_congress (store), election, copies, paper,
                             kp_store_is_rehearsal (store) ? "THỬ NGHIỆM" : NULL, output, &error))
    return _kp_cli_fail (error);
  printf ("%s: %d ballots of %s round %u written\n", output, copies, c.election, election->round);
  return KP_EXIT_OK;
}

int
_kp_cli_summary (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — print the congress summary");
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PDF file to write", "FILE" },
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
    return _kp_cli_usage_error (context, "give the PDF to write with -o FILE");
  if ((store = open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if (!kp_reports_summary (store, output, &n, &error))
    return _kp_cli_fail (error);
  printf ("%s: summary of %u election rounds written\n", output, n);
  return KP_EXIT_OK;
}

int
_kp_cli_rehearsal (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu --to REHEARSAL.kiemphieu | C.kiemphieu on|off"
                                                            " — rehearsal (THỬ NGHIỆM)");
  g_auto(Common) c = { 0 };
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "Create a rehearsal copy of C there (C is not changed)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStore) copy = NULL;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "--to makes a separate rehearsal copy: the same elections, rounds and entry modes, "
                                    "no ballots, THỬ NGHIỆM on every document; nothing entered in it counts. on|off "
                                    "switches a file without ballots (refused once any ballot is entered).");
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (to != NULL)
    {
      if (argc != 2)
        return _kp_cli_usage_error (context, "give the congress file to copy, and --to with the rehearsal copy");
      if ((store = open_store (context, argc, argv, &c, FALSE, &status)) == NULL)
        return status;
      if ((copy = kp_store_create_rehearsal (store, to, operator_or_default (&c), &error)) == NULL)
        return _kp_cli_fail (error);
      printf ("%s: rehearsal copy of %s created (THỬ NGHIỆM); nothing entered in it counts\n", to, argv[1]);
      return KP_EXIT_OK;
    }
  if (argc != 3 || (!g_str_equal (argv[2], "on") && !g_str_equal (argv[2], "off")))
    return _kp_cli_usage_error (context, "give the congress file and --to COPY (or on or off)");
  argc = 2;
  if ((store = open_store (context, argc, argv, &c, FALSE, &status)) == NULL)
    return status;
  if (!kp_store_set_rehearsal (store, g_str_equal (argv[2], "on"), operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  printf ("rehearsal mode %s\n", argv[2]);
  return KP_EXIT_OK;
}

/* --- keys, confirm, export, verify ------------------------------------------------ */

/* A secret from the first line of @file, or typed at the terminal without
 * echo; never from argv. */
static char *
read_secret (const char  *file,
             const char  *prompt,
             gboolean     twice,
             GError     **error)
{
  g_autofree char *text = NULL;
  struct termios saved, quiet;
  char line[1024];
  FILE *tty;

  if (file != NULL)
    {
      char *nl;
      if (!g_file_get_contents (file, &text, NULL, error))
        return NULL;
      if ((nl = strpbrk (text, "\r\n")) != NULL)
        *nl = '\0';
      if (*text == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: the first line is empty", file);
          return NULL;
        }
      return g_steal_pointer (&text);
    }

  tty = fopen ("/dev/tty", "r+");
  if (tty == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NXIO,
                   "no terminal to ask for the %s: give it with --passphrase-file or --password-file", prompt);
      return NULL;
    }
  for (int round = 0; round < (twice ? 2 : 1); round++)
    {
      fprintf (tty, round == 0 ? "%s: " : "%s (again): ", prompt);
      fflush (tty);
      tcgetattr (fileno (tty), &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
      if (fgets (line, sizeof line, tty) == NULL)
        line[0] = '\0';
      tcsetattr (fileno (tty), TCSAFLUSH, &saved);
      fprintf (tty, "\n");
      line[strcspn (line, "\r\n")] = '\0';
      if (round == 0)
        text = g_strdup (line);
      else if (!g_str_equal (text, line))
        {
          fclose (tty);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "the two %ss differ", prompt);
          return NULL;
        }
    }
  fclose (tty);
  memset (line, 0, sizeof line);
  return g_steal_pointer (&text);
}

int
_kp_cli_keys (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — the congress signing key");
  g_auto(Common) c = { 0 };
  gboolean init = FALSE;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "init", 0, 0, G_OPTION_ARG_NONE, &init, "Create the key (the head chooses the passphrase)", NULL },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, "Read the passphrase from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *shown = NULL;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;

  if (!init)
    {
      g_autofree char *pem = kp_store_get_public_key (store);
      if (pem == NULL)
        {
          g_printerr ("kiemphieu-cli: %s has no signing key yet (keys --init)\n", argv[1]);
          return KP_EXIT_BAD_INPUT;
        }
      fingerprint = kp_store_get_fingerprint (store);
      shown = kp_fingerprint_display (fingerprint);
      printf ("%sfingerprint (SHA-256): %s\n", pem, shown);
      return KP_EXIT_OK;
    }
  if ((passphrase = read_secret (passphrase_file, "passphrase of the counting committee's head", TRUE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_init_keys (store, passphrase, operator_or_default (&c), &fingerprint, &error))
    return _kp_cli_fail (error);
  shown = kp_fingerprint_display (fingerprint);
  printf ("signing key created (Ed25519); the private key is stored only encrypted under the passphrase\n"
          "fingerprint (SHA-256): %s\n", shown);
  return KP_EXIT_OK;
}

int
_kp_cli_confirm (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — confirm, lock and sign a result");
  g_auto(Common) c = { 0 };
  g_autofree char *passphrase_file = NULL;
  g_autofree char *network_override = NULL;
  g_auto(GStrv) explain = NULL;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, "Read the head's passphrase from this file", "FILE" },
    { "override-network", 0, 0, G_OPTION_ARG_STRING, &network_override, "The head's reason to sign on a machine with an active network interface (recorded)", "REASON" },
    { "explain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &explain, "The committee's explanation for a check that does not pass; repeat", "CHECK=TEXT" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GHashTable) explanations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autofree char *passphrase = NULL;
  int status;

  add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  for (guint i = 0; explain && explain[i]; i++)
    {
      char *eq = strchr (explain[i], '=');
      if (eq == NULL || eq == explain[i] || eq[1] == '\0')
        return _kp_cli_usage_error (context, "--explain CHECK=TEXT");
      g_hash_table_insert (explanations, g_strndup (explain[i], eq - explain[i]), g_strdup (eq + 1));
    }
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  if ((passphrase = read_secret (passphrase_file, "passphrase of the counting committee's head", FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_confirm (store, c.election, c.round, passphrase, explanations, network_override,
                         operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  confirmation = kp_store_get_confirmation (store, c.election, c.round, &error);
  printf ("%s round %u confirmed and signed; result SHA-256 %s\n", c.election, confirmation->round,
          confirmation->digest);
  return KP_EXIT_OK;
}

int
_kp_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — export a signed result");
  g_auto(Common) c = { 0 };
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder to write into (created if needed)", "DIR" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *result_path = NULL, *sig_path = NULL, *key_path = NULL, *pdf_path = NULL;
  const char *minutes_argv[] = { "minutes", NULL, "--election", NULL, "--round", NULL, "-o", NULL, NULL };
  g_autofree char *round_text = NULL;
  int status;

  add_common (context, &c, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (dir == NULL)
    return _kp_cli_usage_error (context, "give the folder with --dir DIR");
  if ((store = open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  confirmation = kp_store_get_confirmation (store, c.election, c.round, &error);
  if (error != NULL)
    return _kp_cli_fail (error);
  if (confirmation == NULL)
    {
      g_printerr ("kiemphieu-cli: %s is not confirmed: there is no signed result to export (confirm it first)\n",
                  c.election);
      return KP_EXIT_BAD_INPUT;
    }
  pem = kp_store_get_public_key (store);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr ("kiemphieu-cli: %s: cannot create the folder: %s\n", dir, g_strerror (errno));
      return KP_EXIT_BAD_INPUT;
    }
  result_path = g_build_filename (dir, "result.json", NULL);
  sig_path = g_build_filename (dir, "result.json.sig", NULL);
  key_path = g_build_filename (dir, "public-key.pem", NULL);
  pdf_path = g_build_filename (dir, "bienban.pdf", NULL);
  if (!g_file_set_contents_full (result_path, confirmation->result, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &error)
      || !g_file_set_contents_full (sig_path, g_bytes_get_data (confirmation->signature, NULL),
                                    g_bytes_get_size (confirmation->signature),
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, &error)
      || !g_file_set_contents_full (key_path, pem, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0644, &error))
    return _kp_cli_fail (error);
  g_clear_pointer (&store, kp_store_close);

  round_text = g_strdup_printf ("%u", confirmation->round);
  minutes_argv[1] = argv[1];
  minutes_argv[3] = c.election;
  minutes_argv[5] = round_text;
  minutes_argv[7] = pdf_path;
  status = _kp_cli_minutes (8, (char **) minutes_argv);
  if (status != KP_EXIT_OK)
    return status;
  printf ("%s: result.json, result.json.sig, public-key.pem, bienban.pdf\n"
          "check with: kiemphieu-cli verify %s --sig %s --key %s\n"
          "or:         openssl pkeyutl -verify -pubin -inkey %s -rawin -in %s -sigfile %s\n",
          dir, result_path, sig_path, key_path, key_path, result_path, sig_path);
  return KP_EXIT_OK;
}

int
_kp_cli_verify (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("result.json --sig S --key K | C.kiemphieu — verify");
  g_autofree char *sig = NULL;
  g_autofree char *key = NULL;
  GOptionEntry entries[] = {
    { "sig", 0, 0, G_OPTION_ARG_FILENAME, &sig, "The signature (result.json.sig)", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "The committee's public key (public-key.pem)", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _kp_cli_usage_error (context, "give one file");

  if (sig != NULL || key != NULL)
    {
      g_autofree char *data = NULL, *signature = NULL, *pem = NULL, *fingerprint = NULL, *shown = NULL;
      gsize length, signature_length;

      if (sig == NULL || key == NULL)
        return _kp_cli_usage_error (context, "give both --sig and --key");
      if (!g_file_get_contents (argv[1], &data, &length, &error)
          || !g_file_get_contents (sig, &signature, &signature_length, &error)
          || !g_file_get_contents (key, &pem, NULL, &error))
        return _kp_cli_fail (error);
      if ((fingerprint = kp_public_key_fingerprint (pem, &error)) == NULL)
        return _kp_cli_fail (error);
      if (!kp_signature_verify (pem, data, length, signature, signature_length, &error))
        {
          g_printerr ("kiemphieu-cli: %s: verification FAILED: %s\n", argv[1], error->message);
          return KP_EXIT_VERIFY_FAILED;
        }
      shown = kp_fingerprint_display (fingerprint);
      printf ("%s: signature OK, signed by the key with fingerprint %s\n", argv[1], shown);
      return KP_EXIT_OK;
    }

  {
    g_autoptr(KpStore) store = kp_store_open (argv[1], &error);
    g_autoptr(GString) report = g_string_new (NULL);

    if (store == NULL)
      return _kp_cli_fail (error);
    if (!kp_store_verify (store, report, &error))
      {
        fputs (report->str, stdout);
        return _kp_cli_fail (error);
      }
    fputs (report->str, stdout);
    printf ("verified\n");
    return KP_EXIT_OK;
  }
}

/* --- archive ---------------------------------------------------------------------- */

int
_kp_cli_archive (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("C.kiemphieu — write the encrypted archive (USB stick)");
  g_autofree char *to = NULL;
  g_autofree char *password_file = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "The folder to write into (the stick)", "DIR" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "Read the archive password from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (to == NULL)
    return _kp_cli_usage_error (context, "give the folder with --to DIR");
  if ((store = open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if ((password = read_secret (password_file, "archive password", TRUE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_archive_write (store, to, password, &path, &error))
    return _kp_cli_fail (error);
  printf ("%s: written and flushed; the stick can be removed safely.\n"
          "Open it with 7-Zip (7zz x %s) and the password; check it with: kiemphieu-cli archive-check %s\n",
          path, path, path);
  return KP_EXIT_OK;
}

int
_kp_cli_archive_check (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.zip — open and verify an archive");
  g_autofree char *password_file = NULL;
  GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "Read the archive password from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *password = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return _kp_cli_usage_error (context, "give one archive");
  if ((password = read_secret (password_file, "archive password", FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_archive_check (argv[1], password, report, &error))
    {
      fputs (report->str, stdout);
      return _kp_cli_fail (error);
    }
  fputs (report->str, stdout);
  printf ("%s: verified\n", argv[1]);
  return KP_EXIT_OK;
}

int
_kp_cli_restore (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.zip — bring a congress back from an archive");
  g_autofree char *to = NULL;
  g_autofree char *password_file = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, "The folder to restore into", "DIR" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "Read the archive password from this file", "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || to == NULL)
    return _kp_cli_usage_error (context, "give one archive and --to DIR");
  if ((password = read_secret (password_file, "archive password", FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_archive_restore (argv[1], password, to, &path, &error))
    return _kp_cli_fail (error);
  printf ("%s: restored and verified\n", path);
  return KP_EXIT_OK;
}
