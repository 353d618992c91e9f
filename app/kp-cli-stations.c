/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cli-stations.c — the kiemphieu-cli subcommands of counting on several
 * laptops (issue 14, docs/formats.md): on the head's machine
 * station-package, station-adopt, enroll, import, stations; on a station
 * laptop station-open, batch, stations.
 */

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-cli-private.h"
#include "kp-crypto.h"
#include "kp-result.h"
#include "kp-store-stations.h"
#include "kp-store.h"

#define HEAD_PROMPT "passphrase of the counting committee's head"

static char *
share_text (const char *election,
            guint       round,
            char        pass,
            guint       from,
            guint       to)
{
  if (to == 0)
    return g_strdup_printf (_ ("%s round %u, pass %c, every serial"), election, round, pass);
  return g_strdup_printf (_ ("%s round %u, pass %c, serials %u–%u"), election, round, pass, from, to);
}

static gboolean
parse_serials (const char *text,
               guint      *from,
               guint      *to)
{
  char *end;
  guint64 a, b;

  if (text == NULL)
    return TRUE;
  a = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '-')
    return FALSE;
  text = end + 1;
  b = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || a < 1 || b < a || b > 2000000000)
    return FALSE;
  *from = a;
  *to = b;
  return TRUE;
}

/* --- the head's machine -------------------------------------------------------- */

int
_kp_cli_station_package (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu — make a station package for one laptop"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *station = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pass_text = NULL;
  g_autofree char *serials = NULL;
  g_autofree char *output = NULL;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, N_ ("The station's id (letters, digits, - and _)"), "ID" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("The station's name, as people call the team"), "NAME" },
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass_text, N_ ("The pass the station enters"), "A|B|C" },
    { "serials", 0, 0, G_OPTION_ARG_STRING, &serials, N_ ("The serials it enters (default: every one)"), "FROM-TO" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("The package to write"), "F.kiemphieu-station" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_ ("Read the head's passphrase from this file"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *print = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *share = NULL;
  KpStationPlan plan = { 0 };
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (station == NULL || name == NULL || output == NULL || !_kp_cli_parse_pass (pass_text, &plan.pass))
    return _kp_cli_usage_error (context, _ ("give --station, --name, --pass A|B|C and -o"));
  if (!parse_serials (serials, &plan.serial_from, &plan.serial_to))
    return _kp_cli_usage_error (context, _ ("--serials FROM-TO: two whole numbers, the first not above the last"));
  if ((store = _kp_cli_open_store (context, argc, argv, &c, TRUE, &status)) == NULL)
    return status;
  plan.id = station;
  plan.name = name;
  plan.election = c.election;
  plan.round = c.round;
  if ((passphrase = _kp_cli_read_secret (passphrase_file, HEAD_PROMPT, FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_make_station_package (store, &plan, output, passphrase, _kp_cli_operator_or_default (&c), &warning,
                                      &error))
    return _kp_cli_fail (error);
  print = kp_store_get_fingerprint (store);
  shown = kp_fingerprint_display (print);
  share = share_text (c.election, c.round ? (guint) c.round : kp_store_latest_round (store, c.election, NULL),
                      plan.pass, plan.serial_from, plan.serial_to);
  printf (_ ("%s: station package written for station %s (%s): %s\n"), output, station, name, share);
  printf (_ ("signed with the congress key %s: at the station, compare it with the head's key sheet "
             "(kiemphieu-cli station-open %s S.kiemphieu --fingerprint …)\n"), shown, output);
  if (warning != NULL)
    g_printerr (_ ("warning: %s\n"), warning);
  return KP_EXIT_OK;
}

int
_kp_cli_station_adopt (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu F.kiemphieu-station… — take over the "
                                                               "packages of a head's machine that was replaced"));
  g_autofree char *fingerprint = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *operator = NULL;
  GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint, N_ ("The fingerprint on the key sheet of the head file that made the packages"), "HEX" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_ ("Read the head's passphrase from this file"), "FILE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, N_ ("Who does this (recorded in the journal)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *passphrase = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return _kp_cli_usage_error (context, _ ("give the congress file and at least one station package"));
  if ((store = kp_store_open (argv[1], &error)) == NULL)
    return _kp_cli_fail (error);
  if (fingerprint == NULL)
    g_printerr (_ ("WARNING: no --fingerprint given: the packages' congress key is not compared with the key sheet "
                   "of the head's machine that made them\n"));
  if ((passphrase = _kp_cli_read_secret (passphrase_file, HEAD_PROMPT, FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  for (int i = 2; i < argc; i++)
    {
      g_autofree char *data = NULL;
      gsize length;
      gboolean already;

      if (!kp_batch_read_file (argv[i], &data, &length, &error)
          || !kp_store_adopt_station_package (store, data, length, argv[i], fingerprint, passphrase,
                                              operator ? operator : g_get_user_name (), &already, &error))
        return _kp_cli_fail (error);
      printf (already ? _ ("%s: this station is here already; nothing changed\n")
                      : _ ("%s: station taken over; enroll it again (kiemphieu-cli enroll)\n"), argv[i]);
    }
  return KP_EXIT_OK;
}

int
_kp_cli_enroll (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu — enroll a station's key by its fingerprint"));
  g_auto(KpCliCommon) c = { 0 };
  g_autofree char *station = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *passphrase_file = NULL;
  GOptionEntry entries[] = {
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, N_ ("The station's id"), "ID" },
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint, N_ ("The station key's fingerprint, as its own screen shows it"), "HEX" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_ ("Read the head's passphrase from this file"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree char *passphrase = NULL;
  gboolean already;
  int status;

  _kp_cli_add_common (context, &c, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (station == NULL || fingerprint == NULL)
    return _kp_cli_usage_error (context, _ ("give --station and --fingerprint (read on the station's own screen)"));
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if ((passphrase = _kp_cli_read_secret (passphrase_file, HEAD_PROMPT, FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_enroll_station (store, station, fingerprint, passphrase, _kp_cli_operator_or_default (&c), &already,
                                &error))
    return _kp_cli_fail (error);
  printf (already ? _ ("station %s was enrolled with this key already; nothing changed\n")
                  : _ ("station %s enrolled: its batches signed with this key can now be imported\n"), station);
  return KP_EXIT_OK;
}

/* Batches sorted by station and number when their names say them
 * (`<station>-<NNNN>.kiemphieu-batch`), others after, as given. */
typedef struct
{
  char *path;
  char *station;
  guint number;
  guint order;
} Named;

static int
compare_named (gconstpointer a,
               gconstpointer b)
{
  const Named *x = *(const Named *const *) a, *y = *(const Named *const *) b;
  int c;

  if ((x->station == NULL) != (y->station == NULL))
    return x->station == NULL ? 1 : -1;
  if (x->station != NULL && (c = strcmp (x->station, y->station)) != 0)
    return c;
  if (x->station != NULL && x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
named_free (Named *n)
{
  g_free (n->path);
  g_free (n->station);
  g_free (n);
}

int
_kp_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu BATCH.kiemphieu-batch… — merge station batches"));
  g_autofree char *operator = NULL;
  GOptionEntry entries[] = {
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, N_ ("Who does this (recorded in the journal)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) named_free);
  int status, worst = KP_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return _kp_cli_usage_error (context, _ ("give the congress file and at least one batch"));
  if ((store = kp_store_open (argv[1], &error)) == NULL)
    return _kp_cli_fail (error);
  for (int i = 2; i < argc; i++)
    {
      Named *n = g_new0 (Named, 1);
      g_autofree char *base = g_path_get_basename (argv[i]);
      const char *dash = NULL;

      if (g_str_has_suffix (base, ".kiemphieu-batch"))
        {
          base[strlen (base) - strlen (".kiemphieu-batch")] = '\0';
          dash = strrchr (base, '-');
        }
      n->path = g_strdup (argv[i]);
      n->order = i;
      if (dash != NULL && g_ascii_isdigit (dash[1]))
        {
          n->station = g_strndup (base, dash - base);
          n->number = strtoul (dash + 1, NULL, 10);
        }
      g_ptr_array_add (files, n);
    }
  g_ptr_array_sort (files, compare_named);

  for (guint i = 0; i < files->len; i++)
    {
      const Named *n = files->pdata[i];
      g_auto(KpImportOutcome) outcome = { 0 };
      g_autoptr(GError) local_error = NULL;
      g_autofree char *data = NULL;
      gsize length;

      if (!kp_batch_read_file (n->path, &data, &length, &local_error)
          || !kp_store_import_batch (store, data, length, n->path, operator ? operator : g_get_user_name (), &outcome,
                                     &local_error))
        {
          int code = _kp_cli_fail (local_error);
          worst = MAX (worst, code);
          continue;
        }
      if (outcome.already)
        printf (_ ("%s batch %u: already imported, nothing changed\n"), outcome.station, outcome.number);
      else
        {
          printf (ngettext ("%s batch %u: %u ballot", "%s batch %u: %u ballots", outcome.entered), outcome.station,
                  outcome.number, outcome.entered);
          printf (ngettext (", %u void merged", ", %u voids merged", outcome.voided), outcome.voided);
          if (outcome.duplicates > 0)
            printf (ngettext ("; %u serial another station entered too, kept aside for the head to settle",
                              "; %u serials another station entered too, kept aside for the head to settle",
                              outcome.duplicates), outcome.duplicates);
          printf ("\n");
        }
    }
  return worst;
}

static void
station_json (GString         *out,
              const KpStation *s,
              gboolean         head)
{
  g_string_append (out, "{\"station\":");
  kp_json_append_string (out, s->id);
  g_string_append (out, ",\"name\":");
  kp_json_append_string (out, s->name);
  g_string_append (out, ",\"election\":");
  kp_json_append_string (out, s->election);
  g_string_append_printf (out, ",\"round\":%u,\"pass\":\"%c\"", s->round, s->pass);
  if (s->serial_to > 0)
    g_string_append_printf (out, ",\"serial_from\":%u,\"serial_to\":%u", s->serial_from, s->serial_to);
  else
    g_string_append (out, ",\"serial_from\":null,\"serial_to\":null");
  /* Only when true, as in the package: a real station reads as before. */
  if (s->rehearsal)
    g_string_append (out, ",\"rehearsal\":true");
  g_string_append (out, ",\"fingerprint\":");
  if (s->fingerprint)
    kp_json_append_string (out, s->fingerprint);
  else
    g_string_append (out, "null");
  if (!head)
    {
      g_string_append (out, ",\"congress_fingerprint\":");
      kp_json_append_string (out, s->congress_fingerprint);
    }
  g_string_append_printf (out, ",\"batches\":%u,\"last_made_at\":", s->batches);
  if (s->last_made_at)
    kp_json_append_string (out, s->last_made_at);
  else
    g_string_append (out, "null");
  if (head)
    {
      g_string_append (out, ",\"last_imported_at\":");
      if (s->last_imported_at)
        kp_json_append_string (out, s->last_imported_at);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ",\"ballots\":%u,\"voided\":%u,\"duplicates\":%u,\"missing_to\":%u}", s->ballots,
                              s->voided, s->duplicates, s->missing_to);
    }
  else
    g_string_append_printf (out, ",\"ballots\":%u,\"not_in_batch\":%u}", s->ballots, s->not_in_batch);
}

int
_kp_cli_stations (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("C.kiemphieu — the stations and their batches"));
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print kiemphieu/stations@1 JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStation) self = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;

  if ((self = kp_store_get_station (store, &error)) != NULL)
    {
      g_autofree char *share = share_text (self->election, self->round, self->pass, self->serial_from, self->serial_to);
      g_autofree char *key = kp_fingerprint_display (self->fingerprint);
      g_autofree char *congress = kp_fingerprint_display (self->congress_fingerprint);

      if (json)
        {
          g_autoptr(GString) out = g_string_new ("{\"format\":\"kiemphieu/stations@1\",\"role\":\"station\",\"station\":");
          station_json (out, self, FALSE);
          printf ("%s}\n", out->str);
          return KP_EXIT_OK;
        }
      printf (_ ("%s: station file of %s (station %s): %s\n"), argv[1], self->name, self->id, share);
      if (self->rehearsal)
        printf (_ ("THỬ NGHIỆM: a rehearsal station: its package was made in a rehearsal copy, and its ballots are "
                   "test ballots that never enter the real count\n"));
      printf (_ ("package signed by the congress key %s (compare it with the head's key sheet)\n"), congress);
      printf (_ ("station key fingerprint (SHA-256), for the head to enroll:\n  %s\n"), key);
      printf (ngettext ("%u ballot entered", "%u ballots entered", self->ballots), self->ballots);
      printf (ngettext ("; %u batch written", "; %u batches written", self->batches), self->batches);
      printf (ngettext ("; %u entry not yet in a batch\n", "; %u entries not yet in a batch\n", self->not_in_batch),
              self->not_in_batch);
      return KP_EXIT_OK;
    }
  if (error != NULL)
    return _kp_cli_fail (error);
  if ((list = kp_store_list_stations (store, &error)) == NULL)
    return _kp_cli_fail (error);
  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"format\":\"kiemphieu/stations@1\",\"role\":\"head\",\"stations\":[");
      for (guint i = 0; i < list->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          station_json (out, list->pdata[i], TRUE);
        }
      printf ("%s]}\n", out->str);
      return KP_EXIT_OK;
    }
  if (list->len == 0)
    printf (_ ("%s: no stations (kiemphieu-cli station-package makes one)\n"), argv[1]);
  for (guint i = 0; i < list->len; i++)
    {
      const KpStation *s = list->pdata[i];
      g_autofree char *share = share_text (s->election, s->round, s->pass, s->serial_from, s->serial_to);

      printf ("%s (%s): %s\n", s->id, s->name, share);
      if (s->rehearsal)
        printf (_ ("  THỬ NGHIỆM: made in a rehearsal; its ballots never enter the real count\n"));
      if (s->fingerprint == NULL)
        printf (_ ("  NOT ENROLLED: read the key fingerprint on the station's screen, then kiemphieu-cli enroll %s "
                   "--station %s --fingerprint …\n"), argv[1], s->id);
      if (s->batches == 0)
        printf (_ ("  no batch imported yet\n"));
      else
        printf (_ ("  %u batches imported, the last made %s and imported %s; %u ballots delivered, %u voided\n"),
                s->batches, s->last_made_at, s->last_imported_at, s->ballots, s->voided);
      if (s->missing_to > 0)
        printf (_ ("  MISSING: batches %u–%u (a later batch was presented); import them first\n"), s->batches + 1,
                s->missing_to);
      if (s->duplicates > 0)
        printf (ngettext ("  %u ballot on a serial another station entered too: see kiemphieu-cli reconcile\n",
                          "  %u ballots on serials another station entered too: see kiemphieu-cli reconcile\n",
                          s->duplicates), s->duplicates);
    }
  return KP_EXIT_OK;
}

/* What reconcile shows of serials two stations entered (kp-cli-reconcile.c). */
void
_kp_cli_print_duplicates (KpStore    *store,
                          const char *path,
                          const char *election,
                          guint       round)
{
  g_autoptr(GPtrArray) list = kp_store_list_duplicates (store, election, round, NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const KpStationDuplicate *d = list->pdata[i];
      g_autofree char *kept = kp_ballot_describe (d->ballot);
      g_autofree char *live = d->live ? kp_ballot_describe (d->live) : g_strdup (_ ("missing"));

      printf (_ ("serial %u, pass %c, entered by two stations%s:\n  %s: %s\n  %s: %s\n"), d->serial, d->pass,
              d->settled ? _ (" (settled)") : "", d->live_station ? d->live_station : _ ("this machine"), live,
              d->station, kept);
      if (!d->settled)
        printf (_ ("  settle it against the paper: kiemphieu-cli resolve %s --election %s --serial %u --take "
                   "A|B|value --reason TEXT\n"), path, election, d->serial);
    }
}

/* --- a station laptop ------------------------------------------------------------- */

int
_kp_cli_station_open (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("F.kiemphieu-station S.kiemphieu — open a station "
                                                               "package on this laptop"));
  g_autofree char *fingerprint = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *operator = NULL;
  GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint, N_ ("The fingerprint on the head's key sheet"), "HEX" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_ ("Read the station operator's new passphrase from this file"), "FILE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, N_ ("Who does this (recorded in the journal)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStation) self = NULL;
  g_autofree char *data = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *share = NULL;
  g_autofree char *key = NULL;
  g_autofree char *congress = NULL;
  gsize length;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return _kp_cli_usage_error (context, _ ("give the station package and the station file to create"));
  if (!kp_batch_read_file (argv[1], &data, &length, &error))
    return _kp_cli_fail (error);
  if ((passphrase = _kp_cli_read_secret (passphrase_file, _ ("new passphrase of the station operator"), TRUE, &error)) == NULL)
    return _kp_cli_fail (error);
  store = kp_store_open_station (data, length, argv[1], argv[2], fingerprint, passphrase,
                                 operator ? operator : g_get_user_name (), &error);
  if (store == NULL)
    return _kp_cli_fail (error);
  if ((self = kp_store_get_station (store, &error)) == NULL)
    return _kp_cli_fail (error);
  share = share_text (self->election, self->round, self->pass, self->serial_from, self->serial_to);
  key = kp_fingerprint_display (self->fingerprint);
  congress = kp_fingerprint_display (self->congress_fingerprint);
  printf (_ ("%s: station file of %s (station %s) created: it enters %s\n"), argv[2], self->name, self->id, share);
  if (self->rehearsal)
    printf (_ ("THỬ NGHIỆM: a rehearsal station: its package was made in a rehearsal copy, and its ballots are "
               "test ballots that never enter the real count\n"));
  printf (_ ("the package is signed by the congress key %s\n"), congress);
  if (fingerprint == NULL)
    g_printerr (_ ("WARNING: the congress key was not compared with the head's key sheet: compare the fingerprint "
                   "above with it, group by group (or give --fingerprint)\n"));
  printf (_ ("station key made on this laptop; its private key stays here, sealed under the passphrase\n"
             "station key fingerprint (SHA-256), for the head to compare and enroll:\n  %s\n"), key);
  return KP_EXIT_OK;
}

int
_kp_cli_batch (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_ ("S.kiemphieu — write the station's batch to a USB stick"));
  g_autofree char *dir = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *operator = NULL;
  int number = 0;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_ ("The folder to write into (the USB stick)"), "DIR" },
    { "number", 0, 0, G_OPTION_ARG_INT, &number, N_ ("Write batch N again, byte for byte"), "N" },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file, N_ ("Read the station operator's passphrase from this file"), "FILE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator, N_ ("Who does this (recorded in the journal)"), "NAME" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(KpStation) self = NULL;
  g_autofree char *passphrase = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_kp_cli_parse_options (context, &argc, &argv, &status))
    return status;
  if (dir == NULL || number < 0)
    return _kp_cli_usage_error (context, _ ("give --to DIR (the USB stick)"));
  if ((store = _kp_cli_open_store (context, argc, argv, NULL, FALSE, &status)) == NULL)
    return status;
  if ((passphrase = _kp_cli_read_secret (passphrase_file, _ ("passphrase of the station operator"), FALSE, &error)) == NULL)
    return _kp_cli_fail (error);
  if (!kp_store_write_batches (store, dir, number, passphrase, operator ? operator : g_get_user_name (), &written,
                               &error))
    return _kp_cli_fail (error);
  for (guint i = 0; i < written->len; i++)
    printf (_ ("%s: written\n"), (const char *) written->pdata[i]);
  self = kp_store_get_station (store, NULL);
  if (written->len == 0)
    printf (_ ("nothing new since batch %u: no batch written\n"), self ? self->batches : 0);
  else
    printf (_ ("safe to remove the stick\n"));
  return KP_EXIT_OK;
}
