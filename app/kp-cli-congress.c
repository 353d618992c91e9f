/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-congress.c — what the kiemphieu-cli subcommands on a congress file
 * (kp-store) share: the common options, opening the file, the operator, the
 * pass, secrets; and the commands new and show. The others are in
 * kp-cli-entry.c, kp-cli-reconcile.c, kp-cli-documents.c and kp-cli-trust.c.
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>

#include "kp-cli-private.h"
#include "kp-journal.h"
#include "kp-names.h"
#include "kp-store.h"

/* --- what the commands share ------------------------------------------------ */

void
_kp_cli_common_clear (KpCliCommon *c)
{
  g_free (c->election);
  g_free (c->round_text);
  g_free (c->operator);
}

void
_kp_cli_add_common (GOptionContext *context,
                    KpCliCommon    *c,
                    gboolean        with_operator)
{
  GOptionEntry entries[] = {
    { "election", 0, 0, G_OPTION_ARG_STRING, &c->election, N_("Election id"), N_("ID") },
    { "round", 0, 0, G_OPTION_ARG_STRING, &c->round_text, N_("Round (default: the latest)"), "N" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &c->operator, N_("Who does this (recorded in the journal)"), N_("NAME") },
    { NULL }
  };

  if (!with_operator)
    entries[2] = (GOptionEntry) { NULL };
  g_option_context_add_main_entries (context, entries, NULL);
}

const char *
_kp_cli_operator_or_default (KpCliCommon *c)
{
  if (c->operator == NULL)
    c->operator = g_strdup (g_get_user_name ());
  return c->operator;
}

/* "1 name", "18 names"; "1 seat", "15 seats": counts with their noun in
 * the number the language wants (ngettext). */
char *
_kp_cli_names_words (guint n)
{
  return g_strdup_printf (ngettext ("%u name", "%u names", n), n);
}

char *
_kp_cli_seats_words (guint n)
{
  return g_strdup_printf (ngettext ("%u seat", "%u seats", n), n);
}

/* The ballot form in words, as `check` and `show` print it. */
const char *
_kp_cli_form_words (KpBallotForm form)
{
  return form == KP_BALLOT_FORM_STRIKE ? _("strike") : _("agree/disagree");
}

/* Opens the congress file @path, read-only with --read-only, and says on
 * stderr when it is open read-only (asked, or by itself: a read-only
 * medium, no permission), and why. A command that changes the file gets
 * %NULL and the read-only error then. */
KpStore *
_kp_cli_open_path (const char *path,
                   GError    **error)
{
  KpStore *store = kp_store_open_full (path, _kp_cli_read_only ? KP_STORE_OPEN_READ_ONLY : KP_STORE_OPEN_DEFAULT,
                                       error);

  if (store != NULL && kp_store_is_read_only (store) && !_kp_cli_changes_congress)
    g_printerr (_ ("kiemphieu-cli: %s is open read-only (%s): nothing is written to it or its folder\n"), path,
                kp_store_access_describe (kp_store_get_access (store)));
  if (store != NULL && kp_store_is_upgraded_in_memory (store))
    g_printerr (_ ("kiemphieu-cli: %s is in an older format: it is read as this version reads it, in memory; the "
                   "file itself is not upgraded\n"), path);
  /* A command that changes the file is refused at once, before any
   * question or passphrase. */
  if (store != NULL && _kp_cli_changes_congress && !kp_store_check_writable (store, error))
    g_clear_pointer (&store, kp_store_close);
  return store;
}

/* Opens FILE (argv[1]) after option parsing; checks the argument count. */
KpStore *
_kp_cli_open_store (GOptionContext *context,
                    int             argc,
                    char          **argv,
                    KpCliCommon    *c,
                    gboolean        needs_election,
                    int            *status)
{
  g_autoptr(GError) error = NULL;
  KpStore *store;

  if (argc != 2)
    {
      *status = _kp_cli_usage_error (context, _("give one congress file"));
      return NULL;
    }
  if (needs_election && (c == NULL || c->election == NULL))
    {
      *status = _kp_cli_usage_error (context, _("give the election with --election ID"));
      return NULL;
    }
  if (c && !_kp_cli_parse_number (context, "--round", c->round_text, 0, G_MAXINT, &c->round, status))
    return NULL;
  store = _kp_cli_open_path (argv[1], &error);
  if (store == NULL)
    *status = _kp_cli_fail (error);
  return store;
}

gboolean
_kp_cli_parse_pass (const char *text,
                    char       *pass)
{
  if (text == NULL || strlen (text) != 1 || text[0] < 'A' || text[0] > 'C')
    return FALSE;
  *pass = text[0];
  return TRUE;
}

/* --- secrets ---------------------------------------------------------------- */

/* A secret from the first line of @file, or typed at the terminal without
 * echo; never from argv. @prompt names it, translated, in lower case
 * ("archive password"). */
char *
_kp_cli_read_secret (const char  *file,
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
      if (!kp_file_get_contents (file, &text, NULL, error))
        return NULL;
      if ((nl = strpbrk (text, "\r\n")) != NULL)
        *nl = '\0';
      if (*text == '\0')
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: the first line is empty"), file);
          return NULL;
        }
      return g_steal_pointer (&text);
    }

  tty = fopen ("/dev/tty", "r+");
  if (tty == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NXIO,
                   _("no terminal to ask for the %s: give it with --passphrase-file or --password-file"), prompt);
      return NULL;
    }
  for (int round = 0; round < (twice ? 2 : 1); round++)
    {
      g_autofree char *shown = kp_text_capitalize (prompt);

      fprintf (tty, round == 0 ? _("%s: ") : _("%s (again): "), shown);
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
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the %s was not typed the same twice"), prompt);
          return NULL;
        }
    }
  fclose (tty);
  memset (line, 0, sizeof line);
  return g_steal_pointer (&text);
}

/* --- new ----------------------------------------------------------------- */

int
_kp_cli_new (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — create a congress file"));
  g_autofree char *definition = NULL;
  g_autofree char *operator = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  GOptionEntry entries[] = {
    { "definition", 0, 0, G_OPTION_ARG_FILENAME, &definition, N_("Election definition (JSON)"), N_("FILE") },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, N_("Who creates it"), N_("NAME") },
    { NULL }
  };
  gsize length;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || definition == NULL)
    return _kp_cli_usage_error (context, _("new needs a file name and --definition"));
  if (!kp_file_get_contents (definition, &data, &length, &error))
    return _kp_cli_fail (error);
  store = kp_store_create (argv[1], data, length, definition,
                           operator ? operator : g_get_user_name (), &error);
  if (store == NULL)
    return _kp_cli_fail (error);
  printf (ngettext ("%s: created, %u election\n", "%s: created, %u elections\n", kp_store_get_congress (store)->elections->len),
          argv[1], kp_store_get_congress (store)->elections->len);
  return KP_EXIT_OK;
}

/* --- show ---------------------------------------------------------------- */

int
_kp_cli_show (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("C.kiemphieu — print what a congress file holds"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  KpCongress *congress;
  int status;

  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  congress = kp_store_get_congress (store);
  rounds = kp_store_list_rounds (store, &error);
  journal = rounds ? kp_store_get_journal (store, &error) : NULL;
  if (journal == NULL)
    return _kp_cli_fail (error);

  printf ("%s\n", argv[1]);
  if (kp_store_is_read_only (store))
    printf (_ ("  read-only: %s; nothing is written to it or its folder\n"),
            kp_store_access_describe (kp_store_get_access (store)));
  if (kp_store_is_rehearsal (store))
    {
      g_autofree char *source = kp_store_get_rehearsal_source (store);
      if (source != NULL)
        printf (_("  THỬ NGHIỆM: rehearsal copy of %s; nothing entered here counts\n"), source);
      else
        printf (_("  THỬ NGHIỆM: rehearsal mode\n"));
    }
  if (congress->superior)
    printf ("  %s\n", congress->superior);
  printf ("  %s — %s\n", congress->organization, congress->name);
  if (congress->term || congress->place || congress->date)
    printf (_("  term %s; %s, %s\n"), congress->term ? congress->term : "—",
            congress->place ? congress->place : "—", congress->date ? congress->date : "—");
  printf (congress->kind == KP_CONGRESS_KIND_MEMBERS ? _("  congress of all members: %u convened")
          : congress->kind == KP_CONGRESS_KIND_MEETING ? _("  committee meeting: %u convened")
                                                  : _("  congress of delegates: %u convened"),
          congress->convened);
  if (congress->present >= 0)
    printf (_(", %" PRId64 " present"), congress->present);
  printf ("\n");
  for (guint i = 0; i < congress->exclusions->len; i++)
    {
      const KpExclusion *e = g_ptr_array_index (congress->exclusions, i);
      printf (_("  excluded from the base: %u — %s\n"), e->count, e->reason);
    }
  for (guint i = 0; i < congress->committee->len; i++)
    {
      const KpCommitteeMember *m = g_ptr_array_index (congress->committee, i);
      printf (m->role == KP_ROLE_HEAD ? _("  counting committee: %s (head)\n") : _("  counting committee: %s (member)\n"),
              m->name);
    }
  printf (_("elections:\n"));
  for (guint i = 0; i < rounds->len; i++)
    {
      const KpRoundInfo *r = g_ptr_array_index (rounds, i);
      const KpElection *e = kp_congress_find_election (congress, r->id);
      g_autofree char *seats = _kp_cli_seats_words (r->seats);
      g_autofree char *names = _kp_cli_names_words (r->n_candidates);

      printf (_("  %s round %u: %s\n"), r->id, r->round, e->title);
      printf (_("    %s, %s, %s form, base %u, %s"), seats, names,
              _kp_cli_form_words (kp_ballot_form_for (r->n_candidates, r->seats)), e->base,
              kp_entry_mode_words (r->mode));
      if (r->state == KP_ELECTION_PAUSED)
        printf (_(", PAUSED"));
      else if (r->state == KP_ELECTION_CLOSED)
        printf (_(", CLOSED (a later round exists)"));
      if (r->issued >= 0)
        printf (_(", %" PRId64 " issued"), r->issued);
      if (r->collected >= 0)
        printf (_(", %" PRId64 " collected"), r->collected);
      printf (_("\n    entered: A %u"), r->entered[0]);
      if (r->mode >= KP_ENTRY_DOUBLE)
        printf (", B %u", r->entered[1]);
      if (r->mode >= KP_ENTRY_TRIPLE)
        printf (", C %u", r->entered[2]);
      printf ("\n");
    }
  if (journal->len > 0)
    printf (ngettext ("journal: %u entry, head %s\n", "journal: %u entries, head %s\n", journal->len), journal->len,
            ((KpJournalEntry *) journal->pdata[journal->len - 1])->hash);
  return KP_EXIT_OK;
}
