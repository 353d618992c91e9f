/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-scan.c — scanned ballots on the command line: `scan` (a folder or
 * a file a scanner wrote, each ballot saved at once like a typed one) and
 * `adjudicate` (the committee's decision on what recognition left to a
 * person; in a terminal it asks, else it takes the decision as options).
 */

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kp-cli-private.h"
#include "kp-entry-lock.h"
#include "kp-sane.h"
#include "kp-scan-assembly.h"
#include "kp-scan-worker.h"
#include "kp-scan.h"
#include "kp-store.h"

/* --- scan ------------------------------------------------------------------ */

/* What happened to each sheet, as it happens: ballots on stdout, refused
 * sheets on stderr. */
static void
print_event (const KpScanEvent *event,
             gpointer           user_data)
{
  switch (event->kind)
    {
    case KP_SCAN_EVENT_SAVED:
      printf (_ ("%s: ballot %u of pass %c saved: %s"), event->where, event->serial, event->pass, event->described);
      if (*event->doubtful)
        printf (_ ("; rows for the committee to decide: %s"), event->doubtful);
      if (event->unplaced)
        printf ("%s", _ ("; ink outside the rows: the committee looks at the whole ballot"));
      printf ("\n");
      break;
    case KP_SCAN_EVENT_REFUSED:
      fflush (stdout);
      g_printerr (_ ("%s: REFUSED: %s; nothing saved for it, scan this sheet again\n"), event->where, event->reason);
      break;
    case KP_SCAN_EVENT_DUPLICATE:
      printf (_ ("%s: already saved as ballot %u of pass %c; skipped\n"), event->where, event->serial, event->pass);
      break;
    case KP_SCAN_EVENT_BLANK:
      printf (_ ("%s: blank, skipped\n"), event->where);
      break;
    default:
      g_assert_not_reached ();
    }
  fflush (stdout);
}

/* The scanner as the options set it (kp-sane.c), as a stack of pages
 * (kp_scan_producer_new_sane): the feeder until it is empty, the glass one
 * page (or --pages). */
static KpScanProducer *
open_device (const char   *name,
             const char   *source_text,
             int           resolution,
             int          *pages,
             char        **options,
             KpSaneSource *kind,
             GError      **error)
{
  g_autoptr(KpSaneDevice) device = kp_sane_device_open (name, error);

  if (device == NULL)
    return NULL;
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (options[i], "=", 2);
      if (pair[1] == NULL)
        {
          g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION,
                       _ ("--device-option %s: give it as NAME=VALUE"), options[i]);
          return NULL;
        }
      if (!kp_sane_device_set_option (device, pair[0], pair[1], error))
        return NULL;
    }
  if (source_text != NULL)
    {
      KpSaneSource wanted = g_str_equal (source_text, "adf") ? KP_SANE_SOURCE_ADF
                            : g_str_equal (source_text, "duplex") ? KP_SANE_SOURCE_DUPLEX : KP_SANE_SOURCE_FLATBED;
      if (!kp_sane_device_set_source (device, wanted, error))
        return NULL;
    }
  if (resolution > 0 && !kp_sane_device_set_resolution (device, resolution, error))
    return NULL;
  *kind = kp_sane_device_get_source (device);
  if (*pages == 0 && *kind == KP_SANE_SOURCE_FLATBED)
    *pages = 1;
  printf (_ ("Scanning from %s (%s, %u dpi, %s)\n"), kp_sane_device_get_model (device),
          *kind == KP_SANE_SOURCE_FLATBED ? _ ("glass") : *kind == KP_SANE_SOURCE_ADF ? _ ("sheet feeder")
          : _ ("sheet feeder, both sides"),
          kp_sane_device_get_resolution (device), kp_sane_device_is_grey (device) ? _ ("grey") : _ ("colour"));
  fflush (stdout);
  return kp_scan_producer_new_sane (g_steal_pointer (&device), *pages);
}

int
_kp_cli_scan (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu — enter scanned ballots into a pass"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *device = NULL;
  g_autofree char *source_text = NULL;
  g_auto(GStrv) device_options = NULL;
  int resolution = 0, pages = 0;
  gboolean skip_blank = FALSE;
  GOptionEntry entries[] = {
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, N_ ("Entry pass: A, B or C (default A)"), "A|B|C" },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_ ("A folder of scans (PNG, JPEG, TIFF, PDF) or one file"),
      N_ ("DIR|FILE") },
    { "skip-blank", 0, 0, G_OPTION_ARG_NONE, &skip_blank, N_ ("Skip blank pages (the backs of a duplex scan)"), NULL },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device,
      N_ ("Scan from this scanner (a name `kiemphieu-cli scanners` lists) instead of --from"), N_ ("DEVICE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_text,
      N_ ("With --device: the glass, the sheet feeder, or the feeder on both sides (default: as the scanner is set)"),
      "flatbed|adf|duplex" },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &resolution,
      N_ ("With --device: dots per inch (default 200, else the nearest from 150 up)"), "DPI" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages,
      N_ ("With --device: stop after N pages (default: the glass 1, the feeder until it is empty)"), "N" },
    { "device-option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &device_options,
      N_ ("With --device: set one of the scanner's own settings (repeatable)"), N_ ("NAME=VALUE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpScanner) scanner = NULL;
  g_autoptr(KpEntryLock) lock = NULL;
  g_autoptr(KpScanProducer) producer = NULL;
  g_autoptr(KpScanAssembly) assembly = NULL;
  const KpScanTotals *totals;
  KpSaneSource kind = KP_SANE_SOURCE_FLATBED;
  g_autofree char *holder = NULL;
  char pass = 'A';
  guint ignored = 0;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (pass_text != NULL && !_kp_cli_parse_pass (pass_text, &pass))
    return _kp_cli_usage_error (context, _ ("give the pass with --pass A, B or C"));
  if ((from == NULL) == (device == NULL))
    return _kp_cli_usage_error (context, _ ("give the scans with --from DIR or --from FILE, or a scanner with "
                                            "--device DEVICE"));
  if (source_text != NULL && g_strcmp0 (source_text, "flatbed") != 0 && g_strcmp0 (source_text, "adf") != 0
      && g_strcmp0 (source_text, "duplex") != 0)
    return _kp_cli_usage_error (context, _ ("give the source with --source flatbed, adf or duplex"));
  if (resolution < 0 || resolution > 1200 || pages < 0)
    return _kp_cli_usage_error (context, _ ("give --resolution from 75 to 1200 and --pages as a whole number"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  election = kp_store_get_election (store, c.election, c.round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);
  {
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (store, c.election, election->round, &error);
    if (info == NULL)
      return _kp_cli_fail (error);
    if (pass - 'A' >= (int) info->mode)
      {
        g_printerr (_ ("kiemphieu-cli: %s is in %s mode: pass %c is not used (choose double or "
                       "triple entry with `kiemphieu-cli mode`)\n"), c.election,
                    kp_entry_mode_words (info->mode), pass);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_PAUSED)
      {
        g_printerr (_ ("kiemphieu-cli: %s is paused; resume it before entering ballots\n"), c.election);
        return KP_EXIT_BAD_INPUT;
      }
    if (info->state == KP_ELECTION_CONFIRMED || info->state == KP_ELECTION_CLOSED)
      {
        g_printerr (_ ("kiemphieu-cli: round %u of %s is confirmed: its ballots can no longer change\n"),
                    info->round, c.election);
        return KP_EXIT_BAD_INPUT;
      }
  }
  if (from != NULL)
    {
      producer = kp_scan_producer_new_files ((const char *const[]) { from, NULL }, &ignored, &error);
      if (producer == NULL)
        return _kp_cli_fail (error);
    }
  /* One entry session per pass: serials pair the passes. */
  lock = kp_entry_lock_acquire (kp_store_get_path (store), c.election, election->round, pass,
                                _kp_cli_operator_or_default (&c), &holder, &error);
  if (lock == NULL)
    return _kp_cli_fail (error);
  scanner = kp_scanner_new (kp_store_get_congress (store), election, &error);
  if (scanner == NULL)
    return _kp_cli_fail (error);
  if (device != NULL)
    {
      producer = open_device (device, source_text, resolution, &pages, device_options, &kind, &error);
      if (producer == NULL)
        return _kp_cli_fail (error);
    }

  /* Page after page, each ballot saved when its last page is read
   * (kp-scan-assembly.h); the app does the same on a worker thread. */
  assembly = kp_scan_assembly_new (store, election, pass, _kp_cli_operator_or_default (&c), skip_blank, print_event,
                                   NULL);
  for (guint n = 0;; n++)
    {
      g_autofree char *where = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KpScanSource) source = NULL;

      /* The glass holds one sheet: in a terminal, wait for the next. */
      if (device != NULL && n > 0 && kind == KP_SANE_SOURCE_FLATBED && isatty (STDIN_FILENO))
        {
          char line[64];
          printf ("%s", _ ("Put the next sheet on the glass and press Enter (Ctrl+D to stop): "));
          fflush (stdout);
          if (fgets (line, sizeof line, stdin) == NULL)
            break;
        }
      source = producer->next (producer, NULL, &where, &local_error);
      if (source == NULL && local_error == NULL)
        {
          if (device != NULL && (pages == 0 || n < (guint) pages))
            printf (_ ("The feeder is empty: %u pages scanned\n"), n);
          break;
        }
      if (source == NULL && producer->errors_end_stack)
        {
          /* A scanner's problem (jam, cover open): the stack ends here. */
          g_propagate_error (&error, g_steal_pointer (&local_error));
          break;
        }
      if (source == NULL)
        {
          kp_scan_assembly_refuse_file (assembly, where, local_error);
          continue;
        }
      for (guint p = 0; p < kp_scan_source_get_n_pages (source) && error == NULL; p++)
        {
          g_autoptr(GError) page_error = NULL;
          g_autoptr(KpScanImage) image = NULL;
          KpScanPage *page = NULL;

          /* The same image twice is the same paper twice: not read again. */
          if (kp_scan_assembly_skip_saved (assembly, source, p))
            continue;
          image = kp_scan_source_read_page (source, p, &page_error);
          if (image != NULL)
            page = kp_scanner_read (scanner, image, &page_error);
          kp_scan_assembly_add_page (assembly, source, p, page, page_error, &error);
        }
      if (error != NULL)
        break;
    }
  totals = kp_scan_assembly_get_totals (assembly);
  if (error != NULL)
    {
      /* The congress file or the scanner refused (full disk, locked round,
       * paper jam): what was saved before stays saved; a ballot still
       * waiting for its last pages is refused, to be scanned again. */
      kp_scan_assembly_finish (assembly, TRUE);
      g_printerr (_ ("kiemphieu-cli: %u ballots were saved before this: %s\n"), totals->saved, error->message);
      return KP_EXIT_BAD_INPUT;
    }
  kp_scan_assembly_finish (assembly, FALSE);
  printf (ngettext ("%u ballot saved in pass %c of %s (round %u)", "%u ballots saved in pass %c of %s (round %u)",
                    totals->saved), totals->saved, pass, election->id, election->round);
  printf (_ ("; %u with marks for the committee to decide (kiemphieu-cli adjudicate)"), totals->doubtful);
  printf (ngettext ("; %u sheet refused", "; %u sheets refused", totals->refused), totals->refused);
  printf (_ ("; %u skipped\n"), totals->skipped);
  if (ignored > 0)
    printf (ngettext ("%u file in the folder is not a scan (PNG, JPEG, TIFF or PDF) and was left alone\n",
                      "%u files in the folder are not scans (PNG, JPEG, TIFF or PDF) and were left alone\n", ignored),
            ignored);
  return totals->refused > 0 ? KP_EXIT_BAD_INPUT : KP_EXIT_OK;
}

/* --- scanners ------------------------------------------------------------------ */

int
_kp_cli_scanners (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("— the scanners on a cable (USB) of this computer"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  int status;

  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return _kp_cli_usage_error (context, _ ("`scanners` takes no file"));
  devices = kp_sane_list_devices (&error);
  if (devices == NULL)
    return _kp_cli_fail (error);
  if (devices->len == 0)
    {
      printf ("%s\n", _ ("No scanner found: plug the scanner in (USB), switch it on, wait a few seconds and run "
                         "`kiemphieu-cli scanners` again. Network scanners are never used (no network)."));
      return KP_EXIT_OK;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      const KpSaneDeviceInfo *d = devices->pdata[i];
      printf (_ ("%s — %s %s (%s)\n"), d->name, d->vendor, d->model, kp_sane_type_label (d->type));
    }
  printf (_ ("Scan with: kiemphieu-cli scan C.kiemphieu --election ID --device %s\n"),
          ((const KpSaneDeviceInfo *) devices->pdata[0])->name);
  return KP_EXIT_OK;
}

/* --- adjudicate ---------------------------------------------------------------- */

static gboolean
parse_rows (const char *text,
            guint       n,
            GArray     *out)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", " ,", -1);

  for (guint i = 0; parts[i]; i++)
    {
      guint64 no;
      if (*parts[i] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, n, &no, NULL))
        return FALSE;
      g_array_append_val (out, (guint) { no });
    }
  return TRUE;
}

static gboolean
in_rows (const GArray *rows,
         guint         no)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, guint, i) == no)
      return TRUE;
  return FALSE;
}

static void
show_pending (const KpScanPending *p,
              const KpElection    *election,
              GStrv                shown)
{
  g_autofree char *read = kp_ballot_describe (p->ballot);

  printf (_ ("Ballot %u of pass %c, read as: %s\n"), p->serial, p->pass, read);
  for (guint i = 0; p->pages[i]; i++)
    printf (_ ("  image: page %u, file %.12s… (kiemphieu-cli adjudicate --save-images DIR writes it)\n"), i + 1,
            p->pages[i]);
  for (guint i = 0; i < p->rows->len; i++)
    {
      guint no = g_array_index (p->rows, guint, i);
      printf (_ ("  row %u, %s: doubtful\n"), no, shown[no - 1]);
    }
  if (p->unplaced)
    printf ("%s\n", _ ("  ink outside the rows (a name added? a signature? a mark?): the committee looks at the whole "
                       "ballot"));
}

static char *
ask (const char *prompt)
{
  char line[1024];

  printf ("%s", prompt);
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  return g_strstrip (g_strdup (line));
}

/* In a terminal: each pending ballot, each doubtful row, asked. */
static int
adjudicate_interactive (KpStore          *store,
                        const KpElection *election,
                        const char       *operator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = kp_store_scans_pending (store, election->id, election->round, &error);
  g_auto(GStrv) shown = kp_election_get_display_names (election);
  gboolean strike = kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE;
  guint decided = 0;

  if (pending == NULL)
    return _kp_cli_fail (error);
  if (pending->len == 0)
    {
      printf ("%s\n", _ ("Nothing left to decide."));
      return KP_EXIT_OK;
    }
  for (guint k = 0; k < pending->len; k++)
    {
      const KpScanPending *p = pending->pdata[k];
      g_autoptr(KpBallot) ballot = kp_ballot_copy (p->ballot);
      g_autofree char *reason = NULL;
      gboolean skip = FALSE;

      printf ("\n");
      show_pending (p, election, shown);
      for (guint i = 0; i < p->rows->len && !skip; i++)
        {
          guint no = g_array_index (p->rows, guint, i);
          for (;;)
            {
              g_autofree char *prompt = g_strdup_printf (strike ? _ ("row %u, %s: 1 struck, 0 kept, s skip this ballot, "
                                                                     "q quit> ")
                                                                : _ ("row %u, %s: Y agree, N disagree, B both boxes, 0 "
                                                                     "neither, s skip this ballot, q quit> "),
                                                         no, shown[no - 1]);
              g_autofree char *answer = ask (prompt);

              if (answer == NULL || g_str_equal (answer, "q"))
                goto done;
              if (g_str_equal (answer, "s"))
                {
                  skip = TRUE;
                  break;
                }
              if (strike && (g_str_equal (answer, "1") || g_str_equal (answer, "0")))
                {
                  if (answer[0] == '1')
                    kp_ballot_strike (ballot, no);
                  else if (kp_ballot_is_struck (ballot, no))
                    ballot->struck[(no - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((no - 1) % 64));
                  break;
                }
              if (!strike && strlen (answer) == 1 && strchr ("YNB0", g_ascii_toupper (answer[0])))
                {
                  ballot->marks[no - 1] = g_ascii_toupper (answer[0]);
                  break;
                }
            }
        }
      if (skip)
        continue;
      if (p->unplaced)
        for (;;)
          {
            g_autofree char *answer = ask (_ ("the whole ballot: 1 valid as it is, 2 a name added, 3 an identifying "
                                              "mark, or type the committee's reason it is invalid; s skip, q quit> "));
            if (answer == NULL || g_str_equal (answer, "q"))
              goto done;
            if (g_str_equal (answer, "s"))
              {
                skip = TRUE;
                break;
              }
            if (g_str_equal (answer, "1"))
              break;
            if (g_str_equal (answer, "2") || g_str_equal (answer, "3"))
              {
                kp_ballot_set_flag (ballot, answer[0] == '2' ? KP_INVALID_ADDED_NAME : KP_INVALID_IDENTIFYING_MARK, NULL);
                break;
              }
            if (strlen (answer) > 1)
              {
                kp_ballot_set_flag (ballot, KP_INVALID_OTHER, answer);
                break;
              }
          }
      if (skip)
        continue;
      reason = ask (_ ("what the committee said (optional, for the journal)> "));
      if (!kp_store_adjudicate (store, election->id, election->round, p->pass, p->serial,
                                (const char *const *) p->pages, ballot, reason, operator,
                                &error))
        return _kp_cli_fail (error);
      {
        g_autofree char *now = kp_ballot_describe (ballot);
        printf (_ ("ballot %u of pass %c decided: %s\n"), p->serial, p->pass, now);
      }
      decided++;
    }
done:
  printf (ngettext ("%u ballot decided\n", "%u ballots decided\n", decided), decided);
  return KP_EXIT_OK;
}

/* Every pending ballot's images, as the scanner wrote them. */
static int
save_images (KpStore          *store,
             const KpElection *election,
             const char       *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = kp_store_scans_pending (store, election->id, election->round, &error);

  if (pending == NULL)
    return _kp_cli_fail (error);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr (_ ("kiemphieu-cli: %s: cannot make the folder\n"), dir);
      return KP_EXIT_BAD_INPUT;
    }
  for (guint k = 0; k < pending->len; k++)
    {
      const KpScanPending *p = pending->pdata[k];
      for (guint i = 0; p->pages[i]; i++)
        {
          g_autofree char *sha = g_strndup (p->pages[i], 64);
          g_autofree char *type = NULL;
          g_autofree char *name = NULL;
          g_autoptr(GBytes) bytes = kp_store_get_image (store, sha, &type, &name, &error);
          g_autofree char *base = NULL;
          g_autofree char *file = NULL;
          const char *dot;

          if (bytes == NULL)
            return _kp_cli_fail (error);
          dot = strrchr (name, '.');
          base = g_strdup_printf ("%c-%04u-%u%s", p->pass, p->serial, i + 1, dot ? dot : "");
          file = g_build_filename (dir, base, NULL);
          if (!g_file_set_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
            return _kp_cli_fail (error);
          printf (_ ("%s: ballot %u of pass %c, page %u (page %s of the scanner's file)\n"), file, p->serial, p->pass,
                  i + 1, p->pages[i] + 65);
        }
    }
  return KP_EXIT_OK;
}

int
_kp_cli_adjudicate (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu — decide what recognition left to a "
                                                                "person"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *pass_text = NULL;
  g_autofree char *strike_text = NULL;
  g_autofree char *keep_text = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *save_dir = NULL;
  g_auto(GStrv) marks_text = NULL;
  gboolean list = FALSE, valid = FALSE;
  int serial = 0;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_ ("List the ballots waiting for a decision"), NULL },
    { "save-images", 0, 0, G_OPTION_ARG_FILENAME, &save_dir, N_ ("Write their images to a folder, to look at"),
      N_ ("DIR") },
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, N_ ("The ballot's pass"), "A|B|C" },
    { "serial", 0, 0, G_OPTION_ARG_INT, &serial, N_ ("The ballot's serial"), "N" },
    { "strike", 0, 0, G_OPTION_ARG_STRING, &strike_text, N_ ("Doubtful rows the committee finds struck"),
      N_ ("LIST") },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep_text, N_ ("Doubtful rows the committee finds kept"), N_ ("LIST") },
    { "mark", 0, 0, G_OPTION_ARG_STRING_ARRAY, &marks_text,
      N_ ("Agree/disagree form: a doubtful row's boxes, ROW=Y|N|B|0 (repeat)"), N_ ("ROW=MARK") },
    { "valid", 0, 0, G_OPTION_ARG_NONE, &valid, N_ ("Ink outside the rows: the ballot is valid as read"), NULL },
    { "invalid", 0, 0, G_OPTION_ARG_STRING, &invalid,
      N_ ("The ballot is invalid: added-name, identifying-mark or other:TEXT (R-INVALID-4/5)"), N_ ("REASON") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_ ("What the committee said, for the journal"), N_ ("TEXT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpScanPending) p = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GArray) strike_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) keep_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) decided = g_array_new (FALSE, FALSE, sizeof (guint));
  char pass = 0;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  /* The journal records one decision: invalid would win unsaid. */
  if (valid && invalid != NULL)
    return _kp_cli_usage_error (context, _ ("--valid and --invalid say opposite things: give one of them"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  election = kp_store_get_election (store, c.election, c.round, &error);
  if (election == NULL)
    return _kp_cli_fail (error);

  if (save_dir != NULL)
    return save_images (store, election, save_dir);
  if (list)
    {
      g_autoptr(GPtrArray) pending = kp_store_scans_pending (store, election->id, election->round, &error);
      g_auto(GStrv) shown = kp_election_get_display_names (election);
      if (pending == NULL)
        return _kp_cli_fail (error);
      for (guint k = 0; k < pending->len; k++)
        show_pending (pending->pdata[k], election, shown);
      printf (ngettext ("%u ballot waits for the committee's decision\n", "%u ballots wait for the committee's decision\n",
                        pending->len), pending->len);
      return KP_EXIT_OK;
    }
  if (serial == 0 && pass_text == NULL)
    {
      if (!isatty (STDIN_FILENO))
        return _kp_cli_usage_error (context, _ ("give the ballot with --pass and --serial (or run it in a terminal)"));
      return adjudicate_interactive (store, election, _kp_cli_operator_or_default (&c));
    }
  if (!_kp_cli_parse_pass (pass_text, &pass) || serial <= 0)
    return _kp_cli_usage_error (context, _ ("give the ballot with --pass A, B or C and --serial N"));

  p = kp_store_get_scan (store, election->id, election->round, pass, serial, &error);
  if (p == NULL)
    {
      if (error != NULL)
        return _kp_cli_fail (error);
      g_printerr (_ ("kiemphieu-cli: ballot %d of pass %c of %s (round %u) was not scanned\n"), serial, pass,
                  election->id, election->round);
      return KP_EXIT_BAD_INPUT;
    }
  ballot = kp_ballot_copy (p->ballot);
  if (!parse_rows (strike_text, election->candidates->len, strike_rows)
      || !parse_rows (keep_text, election->candidates->len, keep_rows))
    return _kp_cli_usage_error (context, _ ("--strike and --keep take row numbers, such as \"3 17\""));
  for (guint i = 0; i < strike_rows->len; i++)
    {
      guint no = g_array_index (strike_rows, guint, i);
      kp_ballot_strike (ballot, no);
      g_array_append_val (decided, no);
    }
  for (guint i = 0; i < keep_rows->len; i++)
    {
      guint no = g_array_index (keep_rows, guint, i);
      if (in_rows (strike_rows, no))
        return _kp_cli_usage_error (context, _ ("a row cannot be both struck and kept"));
      if (ballot->form == KP_BALLOT_FORM_STRIKE)
        ballot->struck[(no - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((no - 1) % 64));
      g_array_append_val (decided, no);
    }
  for (guint i = 0; marks_text && marks_text[i]; i++)
    {
      guint64 no;
      char *eq = strchr (marks_text[i], '=');
      if (ballot->form != KP_BALLOT_FORM_YESNO || eq == NULL || strlen (eq + 1) != 1 || !strchr ("YNB0", eq[1])
          || (*eq = '\0', !g_ascii_string_to_unsigned (marks_text[i], 10, 1, election->candidates->len, &no, NULL)))
        return _kp_cli_usage_error (context, _ ("--mark takes ROW=Y, N, B or 0 on an agree/disagree ballot"));
      ballot->marks[no - 1] = eq[1];
      g_array_append_val (decided, (guint) { no });
    }
  if ((strike_rows->len > 0 || keep_rows->len > 0) && ballot->form != KP_BALLOT_FORM_STRIKE)
    return _kp_cli_usage_error (context, _ ("--strike and --keep are for the strike form; use --mark"));
  /* Every doubtful row decided, and the whole ballot when ink lies outside
   * its rows. */
  for (guint i = 0; i < p->rows->len; i++)
    if (!in_rows (decided, g_array_index (p->rows, guint, i)))
      {
        g_printerr (_ ("kiemphieu-cli: row %u of ballot %d is doubtful: decide it (--strike, --keep or --mark)\n"),
                    g_array_index (p->rows, guint, i), serial);
        return KP_EXIT_BAD_INPUT;
      }
  if (invalid != NULL)
    {
      KpInvalidReason flag;
      g_autofree char *text = NULL;
      if (!kp_invalid_flag_parse (invalid, &flag, &text) || flag == KP_INVALID_NONE)
        return _kp_cli_usage_error (context, _ ("--invalid takes added-name, identifying-mark, not-issued or "
                                                "other:TEXT"));
      kp_ballot_set_flag (ballot, flag, text);
    }
  else if (p->unplaced && !valid)
    {
      g_printerr (_ ("kiemphieu-cli: ballot %d has ink outside its rows: say --valid or --invalid REASON\n"), serial);
      return KP_EXIT_BAD_INPUT;
    }
  if (!kp_store_adjudicate (store, election->id, election->round, pass, serial, (const char *const *) p->pages,
                            ballot, reason,
                            _kp_cli_operator_or_default (&c), &error))
    return _kp_cli_fail (error);
  {
    g_autofree char *now = kp_ballot_describe (ballot);
    printf (_ ("ballot %d of pass %c decided: %s\n"), serial, pass, now);
  }
  return KP_EXIT_OK;
}
