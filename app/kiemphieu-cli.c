/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kiemphieu-cli — the engine without a window: scripting, tests and
 * verification on any machine. The contract is docs/formats.md.
 *
 * Exit codes: 0 ok; 1 usage; 2 bad input (the message names the file, the
 * line and the field); 3 verification failed.
 */

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kp-archive.h"
#include "kp-ballot-reader.h"
#include "kp-cli-private.h"
#include "kp-definition.h"
#include "kp-i18n.h"
#include "kp-names.h"
#include "kp-sandbox.h"
#include "kp-sane.h"
#include "kp-store.h"
#include "kp-tally.h"

#define EXIT_OK KP_EXIT_OK
#define EXIT_USAGE KP_EXIT_USAGE
#define EXIT_BAD_INPUT KP_EXIT_BAD_INPUT
#define usage_error _kp_cli_usage_error
#define bad_input _kp_cli_fail
#define parse_options _kp_cli_parse_options

/* A command's help in the user's language. Its own texts (marked N_() where
 * the command writes them) go through our domain. GLib's words are GLib's
 * when its catalogue has them (libglib2.0-data); what it left in English is
 * ours: "[OPTION…]", which GLib 2.74's Vietnamese catalogue spells
 * "[OPTION...]", and the headings when that package is missing. */
static char *
help_text (GOptionContext *context)
{
  g_autofree char *text = NULL;
  GString *help;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  text = g_option_context_get_help (context, TRUE, NULL);
  help = g_string_new (text);
  g_string_replace (help, "[OPTION…]", _("[OPTION…]"), 1);
  if (g_str_has_prefix (help->str, "Usage:\n"))
    g_string_replace (help, "Usage:\n", _("Usage:\n"), 1);
  g_string_replace (help, "\nOptions:\n", _("\nOptions:\n"), 1);
  return g_string_free (help, FALSE);
}

int
_kp_cli_usage_error (GOptionContext *context,
                     const char     *message)
{
  g_autofree char *help = help_text (context);

  g_printerr ("kiemphieu-cli: %s\n\n%s", message, help);
  return KP_EXIT_USAGE;
}

/* Prints the error; exit 3 when a verification failed, else 2. */
int
_kp_cli_fail (const GError *error)
{
  g_printerr ("kiemphieu-cli: %s\n", error->message);
  if (g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED)
      || g_error_matches (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_DAMAGED))
    return KP_EXIT_VERIFY_FAILED;
  return KP_EXIT_BAD_INPUT;
}

gboolean _kp_cli_read_only;
gboolean _kp_cli_offer_read_only;
gboolean _kp_cli_changes_congress;

/* Parses a command's options. -h/--help is ours rather than GLib's, so that
 * the help is printed by help_text() (stdout, exit 0) like the usage errors
 * (stderr, exit 1). */
gboolean
_kp_cli_parse_options (GOptionContext  *context,
                       int             *argc,
                       char          ***argv,
                       int             *status)
{
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  GOptionEntry read_only[] = {
    { "read-only", 0, 0, G_OPTION_ARG_NONE, &_kp_cli_read_only,
      N_ ("Open the congress file read-only: view, verify and print; nothing is written to it or its folder"), NULL },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  /* Every command on a congress file takes --read-only. */
  if (_kp_cli_offer_read_only)
    g_option_context_add_main_entries (context, read_only, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = _kp_cli_usage_error (context, error->message);
      return FALSE;
    }
  if (help)
    {
      g_autofree char *text = help_text (context);

      fputs (text, stdout);
      *status = fflush (stdout) == 0 ? KP_EXIT_OK : KP_EXIT_BAD_INPUT;
      return FALSE;
    }
  return TRUE;
}

/* @text, the value of @option (%NULL: not given, @value is left alone), as
 * a whole number from @min to @max; else a usage error (exit 1). Numbers are
 * read here rather than by GLib (G_OPTION_ARG_INT), whose message for a
 * mistyped one has no Vietnamese. */
gboolean
_kp_cli_parse_number (GOptionContext *context,
                      const char     *option,
                      const char     *text,
                      guint           min,
                      guint           max,
                      int            *value,
                      int            *status)
{
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s: \"%s\" is not a whole number from %u to %u"),
                                                  option, text, min, max);
      *status = _kp_cli_usage_error (context, message);
      return FALSE;
    }
  *value = (int) number;
  return TRUE;
}

static KpElection *
find_election (KpCongress *congress,
               const char *definition,
               const char *id,
               GError    **error)
{
  GString *ids;
  KpElection *election;

  if (id == NULL && congress->elections->len == 1)
    return g_ptr_array_index (congress->elections, 0);
  if (id != NULL && (election = kp_congress_find_election (congress, id)) != NULL)
    return election;

  ids = g_string_new (NULL);
  for (guint i = 0; i < congress->elections->len; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "",
                            ((KpElection *) g_ptr_array_index (congress->elections, i))->id);
  if (id == NULL)
    g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID,
                 _("%s holds several elections; choose one with --election (%s)"), definition,
                 ids->str);
  else
    g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID,
                 _("%s: elections: no election \"%s\" (there are: %s)"), definition, id, ids->str);
  g_string_free (ids, TRUE);
  return NULL;
}

/* tally --definition D.json --election ID --ballots B.csv [--issued N] */
static int
cmd_tally (int    argc,
           char **argv)
{
  g_autofree char *definition = NULL;
  g_autofree char *election_id = NULL;
  g_autofree char *ballots_path = NULL;
  g_autofree char *issued_text = NULL;
  gboolean text = FALSE;
  GOptionEntry entries[] = {
    { "definition", 0, 0, G_OPTION_ARG_FILENAME, &definition, N_("Election definition (JSON)"), N_("FILE") },
    { "election", 0, 0, G_OPTION_ARG_STRING, &election_id, N_("Election id in the definition"), N_("ID") },
    { "ballots", 0, 0, G_OPTION_ARG_FILENAME, &ballots_path, N_("Ballots (CSV)"), N_("FILE") },
    { "issued", 0, 0, G_OPTION_ARG_STRING, &issued_text, N_("Ballots issued (overrides the definition)"), "N" },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text, N_("Print for a person, not JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— count one election"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(KpTally) tally = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autofree char *output = NULL;
  KpElection *election;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (definition == NULL || ballots_path == NULL)
    return usage_error (context, _("tally needs --definition and --ballots"));
  if (argc > 1)
    return usage_error (context, _("unexpected argument"));

  congress = kp_definition_load_file (definition, &error);
  if (congress == NULL)
    return bad_input (error);
  election = find_election (congress, definition, election_id, &error);
  if (election == NULL)
    return bad_input (error);

  if (issued_text != NULL)
    {
      guint64 issued;
      if (!g_ascii_string_to_unsigned (issued_text, 10, 0, KP_MAX_COUNT, &issued, NULL))
        {
          g_printerr (_("kiemphieu-cli: %s: \"%s\" is not a whole number from 0 to %u\n"), "--issued",
                      issued_text, KP_MAX_COUNT);
          return EXIT_BAD_INPUT;
        }
      election->issued = (gint64) issued;
    }

  ballots = kp_ballots_read_file (ballots_path, election, &error);
  if (ballots == NULL)
    return bad_input (error);

  tally = kp_tally_new (election);
  for (guint i = 0; i < ballots->len; i++)
    kp_tally_add (tally, g_ptr_array_index (ballots, i));
  result = kp_tally_get_result (tally);

  /* R-RECON-1 is checked in full on a congress file; here, say at least when
   * the numbers cannot add up. */
  if (result->issued >= 0 && result->collected > result->issued)
    g_printerr (_("kiemphieu-cli: warning: R-RECON-1: %u ballots collected but only %" PRId64 " issued\n"),
                result->collected, result->issued);

  output = text ? kp_result_to_text (result) : kp_result_to_json (result);
  fputs (output, stdout);
  if (!text)
    fputc ('\n', stdout);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_BAD_INPUT;
}

static void
person_free (KpNamedPerson *person)
{
  g_free (person->name);
  g_free (person->born);
  g_free (person);
}

/* order [FILE]: names, one a line, optional ";YYYY-MM-DD" */
static int
cmd_order (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("[FILE] — print names in ABC order (R-LIST-2)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  const char *filename;
  gsize length;
  int status;

  g_option_context_set_description (context,
                                    N_("Each line holds a full name, optionally followed by \";\" and "
                                       "the date of birth (YYYY-MM-DD).\nWithout FILE, names are read "
                                       "from standard input."));
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 2)
    return usage_error (context, _("order takes at most one file"));

  if (argc == 2 && strcmp (argv[1], "-") != 0)
    {
      filename = argv[1];
      if (!kp_file_get_contents (filename, &data, &length, &error))
        return bad_input (error);
    }
  else
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (0);
      filename = _("<stdin>");
      g_io_channel_set_encoding (channel, NULL, NULL);
      if (g_io_channel_read_to_end (channel, &data, &length, &error) != G_IO_STATUS_NORMAL)
        return bad_input (error);
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    memmove (data, data + 3, (length -= 3) + 1);
  if (strlen (data) != length)
    {
      g_printerr (_("kiemphieu-cli: %s: holds a NUL byte; not a text file\n"), filename);
      return EXIT_BAD_INPUT;
    }

  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *name = NULL;
      char *line = g_strstrip (lines[i]);
      char *semicolon;
      KpNamedPerson *person;

      if (*line == '\0')
        continue;
      name = kp_text_nfc (line);
      if (name == NULL)
        {
          g_printerr (_("kiemphieu-cli: %s:%u: not valid UTF-8; save the file as UTF-8\n"), filename, i + 1);
          return EXIT_BAD_INPUT;
        }
      person = g_new0 (KpNamedPerson, 1);
      g_ptr_array_add (people, person);
      semicolon = strchr (name, ';');
      if (semicolon != NULL)
        {
          *semicolon = '\0';
          person->born = g_strstrip (g_strdup (semicolon + 1));
          if (!kp_date_is_valid (person->born))
            {
              g_printerr (_("kiemphieu-cli: %s:%u: born: \"%s\" is not a date written YYYY-MM-DD\n"),
                          filename, i + 1, person->born);
              return EXIT_BAD_INPUT;
            }
        }
      person->name = g_strstrip (g_strdup (name));
      if (*person->name == '\0')
        {
          g_printerr (_("kiemphieu-cli: %s:%u: name: empty\n"), filename, i + 1);
          return EXIT_BAD_INPUT;
        }
      if (g_utf8_strlen (person->name, -1) > KP_MAX_NAME_CHARS)
        {
          g_printerr (_("kiemphieu-cli: %s:%u: name: longer than %u characters\n"), filename, i + 1,
                      KP_MAX_NAME_CHARS);
          return EXIT_BAD_INPUT;
        }
    }

  kp_names_sort (people);
  for (guint i = 0; i < people->len; i++)
    {
      const KpNamedPerson *person = g_ptr_array_index (people, i);
      if (person->born)
        printf ("%s;%s\n", person->name, person->born);
      else
        printf ("%s\n", person->name);
    }
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_BAD_INPUT;
}

/* check D.json */
static int
cmd_check (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("FILE.json — validate a definition"));
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  int status;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("check takes one definition file"));

  congress = kp_definition_load_file (argv[1], &error);
  if (congress == NULL)
    return bad_input (error);

  printf ("%s: %s — %s\n", argv[1], congress->organization, congress->name);
  for (guint i = 0; i < congress->elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (congress->elections, i);
      g_autofree char *names = _kp_cli_names_words (e->candidates->len);
      g_autofree char *seats = _kp_cli_seats_words (e->seats);

      printf (_("  %s: %s, %s, %s form, round %u, base %u\n"), e->id, names, seats,
              _kp_cli_form_words (kp_election_get_form (e)), e->round, e->base);
    }
  warnings = kp_definition_check (congress);
  for (guint i = 0; i < warnings->len; i++)
    printf (_("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));
  printf ("%s\n", warnings->len ? _("valid, with warnings") : _("valid"));
  return EXIT_OK;
}

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "tally", cmd_tally, N_("count one election from a definition and a ballots CSV") },
  { "order", cmd_order, N_("print names in the Party's ABC order (R-LIST-2)") },
  { "check", cmd_check, N_("validate a definition; warn about surplus and list order") },
  { "new", _kp_cli_new, N_("create a congress file from a definition") },
  { "show", _kp_cli_show, N_("print what a congress file holds") },
  { "enter", _kp_cli_enter, N_("enter ballots (a CSV, or typed) into a pass, each saved at once") },
  { "void", _kp_cli_void, N_("void a ballot of a pass (kept in the history); it can be entered again") },
  { "scanners", _kp_cli_scanners, N_("list the scanners on a cable (USB) of this computer") },
  { "scan", _kp_cli_scan, N_("enter scanned ballots (a folder, a file or a scanner) into a pass, each saved at once") },
  { "adjudicate", _kp_cli_adjudicate, N_("decide the marks recognition left to a person (scanned ballots)") },
  { "mode", _kp_cli_mode, N_("choose single, double or triple entry for an election") },
  { "issued", _kp_cli_issued, N_("record the ballots issued for an election round") },
  { "collected", _kp_cli_collected, N_("record the ballots collected, counted by hand from the box") },
  { "alternates", _kp_cli_alternates, N_("the committee's order of elected alternates with equal votes") },
  { "pause", _kp_cli_pause, N_("pause an election (R-PAUSE-1)") },
  { "resume", _kp_cli_resume, N_("resume a paused election") },
  { "reconcile", _kp_cli_reconcile, N_("compare the passes ballot by ballot and list disagreements") },
  { "resolve", _kp_cli_resolve, N_("settle one disagreement, with who and why") },
  { "results", _kp_cli_results, N_("result JSON of an election round and the R-RECON-1 checks") },
  { "next-round", _kp_cli_next_round, N_("create the next round for the seats that remain (R-ROUND-1)") },
  { "journal", _kp_cli_journal, N_("print the entry journal (-o: as PDF); --verify checks chain and tables") },
  { "minutes", _kp_cli_minutes, N_("print the minutes (Biên bản kiểm phiếu) as PDF") },
  { "ballots", _kp_cli_ballots, N_("print the ballots (phiếu bầu) as PDF") },
  { "summary", _kp_cli_summary, N_("print the congress summary as PDF") },
  { "rehearsal", _kp_cli_rehearsal, N_("make a rehearsal copy (--to): documents say THỬ NGHIỆM, nothing counts") },
  { "keys", _kp_cli_keys, N_("create (--init) or show the congress signing key") },
  { "confirm", _kp_cli_confirm, N_("confirm a round: lock it and sign its result (head's passphrase)") },
  { "export", _kp_cli_export, N_("write a signed result, its signature, the public key and the minutes") },
  { "verify", _kp_cli_verify, N_("verify a signed result, or everything in a congress file") },
  { "archive", _kp_cli_archive, N_("write the encrypted archive (AES-256 zip) to a USB stick") },
  { "archive-check", _kp_cli_archive_check, N_("open and verify an archive") },
  { "restore", _kp_cli_restore, N_("bring a congress file back from an archive") },
  { "station-package", _kp_cli_station_package, N_("make a station package for one laptop (head's passphrase)") },
  { "station-adopt", _kp_cli_station_adopt, N_("take over the station packages of a replaced head's machine") },
  { "enroll", _kp_cli_enroll, N_("enroll a station's key by the fingerprint on its screen") },
  { "import", _kp_cli_import, N_("merge station batches from a USB stick") },
  { "stations", _kp_cli_stations, N_("the stations, their batches and what is missing") },
  { "station-open", _kp_cli_station_open, N_("open a station package on a station laptop") },
  { "batch", _kp_cli_batch, N_("write a station's batch to a USB stick") },
};

/* The commands that take no congress file (no --read-only), and those that
 * change one: opened read-only, they are refused at once, before any
 * question or passphrase. */
static const char *const no_congress[] = { "tally", "order", "check", "new", "archive-check", "restore", NULL };
static const char *const changes_congress[] = { "enter", "void", "mode", "issued", "collected", "alternates",
                                                "pause", "resume", "resolve", "next-round", "rehearsal",
                                                "confirm", NULL };

static int
print_usage (FILE *out)
{
  fprintf (out, _("Usage: kiemphieu-cli COMMAND [OPTIONS]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, _("\nkiemphieu-cli COMMAND --help shows a command's options.\n"));
  fprintf (out, "%s\n", _ ("kiemphieu-cli --read-only COMMAND … opens the congress file read-only (also as a "
                            "command's option): view, verify and print; nothing is written to it or its folder."));
  return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  /* No network, by construction: before anything else runs (so this one
   * message comes before the user's language is known). */
  if (!kp_sandbox_no_network (&error))
    {
      g_printerr ("kiemphieu-cli: %s\n", error->message);
      return 1;
    }
  /* Scanners: local backends only, set before any thread starts. */
  kp_sane_prepare ();
  setlocale (LC_ALL, "");
  /* KP_LOCALEDIR, else the build tree's po/ when run from it, else LOCALEDIR. */
  kp_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return print_usage (stderr);
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    return print_usage (stdout);
  /* meson.build's version; help2man reads it for the manual pages. */
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("kiemphieu-cli %s\n", KP_VERSION);
      return EXIT_OK;
    }
  /* kiemphieu-cli --read-only COMMAND …: the same as the command's own
   * --read-only. */
  if (strcmp (argv[1], "--read-only") == 0)
    {
      _kp_cli_read_only = TRUE;
      argc--, argv++;
      if (argc < 2)
        return print_usage (stderr);
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("kiemphieu-cli %s", argv[1]);

        if (_kp_cli_read_only && g_strv_contains (no_congress, argv[1]))
          {
            g_printerr (_ ("kiemphieu-cli: --read-only is for the commands on a congress file; %s takes none\n"),
                        argv[1]);
            return EXIT_USAGE;
          }
        _kp_cli_offer_read_only = !g_strv_contains (no_congress, argv[1]);
        /* keys changes the file only with --init. */
        _kp_cli_changes_congress = g_strv_contains (changes_congress, argv[1])
                                   || (strcmp (argv[1], "keys") == 0
                                       && g_strv_contains ((const char *const *) argv, "--init"));
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, _("kiemphieu-cli: unknown command \"%s\"\n\n"), argv[1]);
  return print_usage (stderr);
}
