/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-stations.c — counting on several air-gapped laptops (issue 14): a
 * national congress counted by three stations on each of two passes (six
 * station files and the head file), its batches every 200 ballots imported,
 * reconciled and confirmed to exactly the result of one machine; every
 * refusal of a batch; a station that enters only its share; two stations
 * on one serial; kill -9 while a batch is written and while batches are
 * imported; a head file rebuilt from the stations' batches.
 */

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "kp-ballot-reader.h"
#include "kp-batch.h"
#include "kp-crypto.h"
#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-json.h"
#include "kp-result.h"
#include "kp-store-stations.h"
#include "kp-store.h"
#include "test-util.h"

/* A consistent copy of the congress file (the archive's snapshot), as a
 * file of its own. */
static gboolean
backup_to (KpStore    *store,
           const char *path,
           GError    **error)
{
  g_autoptr(GBytes) snapshot = kp_store_snapshot (store, error);

  return snapshot != NULL
         && g_file_set_contents (path, g_bytes_get_data (snapshot, NULL), g_bytes_get_size (snapshot), error);
}

#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"
#define STATION "mật khẩu của trạm nhập"
#define HEAD_NAME "Lê Văn Tùng"
#define N_NAMES 199
#define N_BALLOTS 1586
#define TYPO_SERIAL 777
#define BATCH_EVERY 200

/* --- helpers ------------------------------------------------------------------ */

static char *
national_definition (void)
{
  GString *def = g_string_new ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                               "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                               "\"kind\":\"delegates\",\"convened\":1587,\"present\":1586},\"elections\":[{\"id\":\"bch\","
                               "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                               "\"issued\":1586,\"candidates\":[");
  for (guint i = 0; i < N_NAMES; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  return g_string_free (def, FALSE);
}

/* The national ballots, the same every run: 19–50 names struck; every
 * 97th strikes every name (none kept, invalid by rule), every 131st is
 * flagged by the committee. */
static GPtrArray *
national_ballots (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1586);
  GPtrArray *ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);

  for (guint s = 1; s <= N_BALLOTS; s++)
    {
      KpBallot *b = kp_ballot_new_strike (s, N_NAMES);
      guint target = s % 97 == 0 ? N_NAMES : 19 + g_rand_int_range (rand, 0, 32), struck = 0;

      while (struck < target)
        {
          guint no = g_rand_int_range (rand, 1, N_NAMES + 1);
          if (!kp_ballot_is_struck (b, no))
            kp_ballot_strike (b, no), struck++;
        }
      if (s % 131 == 0)
        kp_ballot_set_flag (b, KP_INVALID_ADDED_NAME, NULL);
      g_ptr_array_add (ballots, b);
    }
  return ballots;
}

/* Pass B: the same ballots, but the operator struck one more name on one. */
static KpBallot *
pass_b_ballot (const KpBallot *a)
{
  KpBallot *b = kp_ballot_copy (a);

  if (a->serial == TYPO_SERIAL)
    for (guint no = 1; no <= N_NAMES; no++)
      if (!kp_ballot_is_struck (b, no))
        {
          kp_ballot_strike (b, no);
          break;
        }
  return b;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (kp_batch_read_file (path, &data, length, &error));
  g_assert_no_error (error);
  return data;
}

static gint64
count_sql (const char *path,
           const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
text_sql (const char *path,
          const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
assert_verifies (KpStore *store)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!kp_store_verify (store, report, &error))
    g_error ("%s: %s\n%s", kp_store_get_path (store), error->message, report->str);
}

static char *
result_json (KpStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpResult) result = kp_store_results (store, "bch", 0, NULL, &error);

  g_assert_no_error (error);
  return kp_result_to_json (result);
}

static KpStore *
new_head (const char *path,
          const char *definition)
{
  g_autoptr(GError) error = NULL;
  KpStore *store = kp_store_create (path, definition, strlen (definition), "national.json", HEAD_NAME, &error);

  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, HEAD_NAME, NULL, &error));
  g_assert_no_error (error);
  return store;
}

/* The station's key fingerprint, as the head types it from its screen. */
static char *
station_fingerprint (KpStore *station)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStation) self = kp_store_get_station (station, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return kp_fingerprint_display (self->fingerprint);
}

static KpStore *
open_station (const char *package,
              const char *path,
              const char *key_sheet)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  KpStore *station;

  data = read_file (package, &length);
  station = kp_store_open_station (data, length, package, path, key_sheet, STATION, "Trần Văn Trạm", &error);
  g_assert_no_error (error);
  return station;
}

static void
write_batches (KpStore    *station,
               const char *usb,
               GPtrArray  *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;

  g_assert_true (kp_store_write_batches (station, usb, 0, STATION, "Trần Văn Trạm", &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 1);
  g_ptr_array_add (files, g_strdup (written->pdata[0]));
}

static gboolean
import_file (KpStore         *head,
             const char      *path,
             KpImportOutcome *outcome,
             GError         **error)
{
  g_autofree char *data = NULL;
  gsize length;

  data = read_file (path, &length);
  return kp_store_import_batch (head, data, length, path, HEAD_NAME, outcome, error);
}

/* --- the national simulation: 3 stations × 2 passes ------------------------------- */

typedef struct
{
  char *dir;
  char *definition;
  char *head_path;
  char *before_import;       /* the head file enrolled, before any batch */
  char *key_sheet;           /* the head's congress key fingerprint */
  char *packages[6];
  char *station_paths[6];
  char *fingerprints[6];
  GPtrArray *batches;        /* every batch file, in the order written */
  char *result;              /* the confirmed result JSON of the head file */
} National;

static const struct
{
  const char *id;
  const char *name;
  char pass;
  guint from, to;
} plans[6] = {
  { "to-1", "Tổ 1", 'A', 1, 529 },    { "to-2", "Tổ 2", 'A', 530, 1058 },  { "to-3", "Tổ 3", 'A', 1059, 1586 },
  { "to-4", "Tổ 4", 'B', 1, 529 },    { "to-5", "Tổ 5", 'B', 530, 1058 },  { "to-6", "Tổ 6", 'B', 1059, 1586 },
};

static National *
national (void)
{
  static National *n = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(KpStore) head = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usb = NULL;
  g_autofree char *print = NULL;

  if (n != NULL)
    return n;
  n = g_new0 (National, 1);
  n->dir = temp_dir ();
  n->definition = national_definition ();
  n->head_path = g_build_filename (n->dir, "daihoi.kiemphieu", NULL);
  n->batches = g_ptr_array_new_with_free_func (g_free);
  usb = g_build_filename (n->dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  ballots = national_ballots ();

  head = new_head (n->head_path, n->definition);
  print = kp_store_get_fingerprint (head);
  n->key_sheet = kp_fingerprint_display (print);
  g_assert_true (kp_store_set_mode (head, "bch", KP_ENTRY_DOUBLE, NULL, HEAD_NAME, &error));

  /* The head makes six packages; each laptop opens its own, and the head
   * enrolls the key each one shows. */
  for (guint i = 0; i < 6; i++)
    {
      KpStationPlan plan = { plans[i].id, plans[i].name, "bch", 0, plans[i].pass, plans[i].from, plans[i].to };
      g_autofree char *package_name = g_strdup_printf ("%s.kiemphieu-station", plans[i].id);
      g_autofree char *station_name = g_strdup_printf ("tram-%s.kiemphieu", plans[i].id);
      g_autofree char *warning = NULL;
      g_autoptr(KpStore) station = NULL;

      n->packages[i] = g_build_filename (n->dir, package_name, NULL);
      n->station_paths[i] = g_build_filename (n->dir, station_name, NULL);
      g_assert_true (kp_store_make_station_package (head, &plan, n->packages[i], HEAD, HEAD_NAME, &warning, &error));
      g_assert_no_error (error);
      g_assert_null (warning); /* the ranges of a pass do not overlap */
      station = open_station (n->packages[i], n->station_paths[i], n->key_sheet);
      n->fingerprints[i] = station_fingerprint (station);
      g_assert_true (kp_store_enroll_station (head, plans[i].id, n->fingerprints[i], HEAD, HEAD_NAME, NULL, &error));
      g_assert_no_error (error);
    }
  n->before_import = g_build_filename (n->dir, "enrolled.kiemphieu", NULL);
  g_assert_true (backup_to (head, n->before_import, &error));
  g_assert_true (kp_store_set_wal (n->before_import, &error));

  /* Each station enters its serials, writing a batch every 200 ballots;
   * station 2 voids a ballot and enters it again. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(KpStore) station = kp_store_open (n->station_paths[i], &error);
      guint since = 0;

      g_assert_no_error (error);
      g_assert_true (kp_store_begin_bulk (station, &error));
      for (guint s = plans[i].from; s <= plans[i].to; s++)
        {
          const KpBallot *a = ballots->pdata[s - 1];
          g_autoptr(KpBallot) b = plans[i].pass == 'A' ? kp_ballot_copy (a) : pass_b_ballot (a);

          g_assert_true (kp_store_enter (station, "bch", 0, plans[i].pass, "Trần Văn Nhập", b, &error));
          g_assert_no_error (error);
          if (i == 1 && s == 600)
            {
              g_assert_true (kp_store_void (station, "bch", 0, 'A', 600, "gõ nhầm", "Trần Văn Nhập", &error));
              g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần Văn Nhập", b, &error));
              g_assert_no_error (error);
            }
          if (++since == BATCH_EVERY || s == plans[i].to)
            {
              g_assert_true (kp_store_commit_bulk (station, &error));
              write_batches (station, usb, n->batches);
              since = 0;
              if (s < plans[i].to)
                g_assert_true (kp_store_begin_bulk (station, &error));
            }
        }
      assert_verifies (station);
    }
  g_assert_cmpuint (n->batches->len, ==, 18);

  /* The head imports them as the sticks arrive: station by station,
   * interleaved. */
  for (guint k = 0; k < 3; k++)
    for (guint i = 0; i < 6; i++)
      {
        g_auto(KpImportOutcome) outcome = { 0 };
        g_assert_true (import_file (head, n->batches->pdata[i * 3 + k], &outcome, &error));
        g_assert_no_error (error);
        g_assert_false (outcome.already);
        g_assert_cmpuint (outcome.number, ==, k + 1);
        g_assert_cmpuint (outcome.duplicates, ==, 0);
      }

  /* Reconciled (the one typo settled by the head) and confirmed. */
  g_assert_true (kp_store_set_collected (head, "bch", 0, N_BALLOTS, HEAD_NAME, &error));
  {
    g_autoptr(GPtrArray) disagreements = kp_store_reconcile (head, "bch", 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disagreements->len, ==, 1);
    g_assert_cmpuint (((KpDisagreement *) disagreements->pdata[0])->serial, ==, TYPO_SERIAL);
  }
  g_assert_true (kp_store_resolve (head, "bch", 0, TYPO_SERIAL, 'A', NULL, "phiếu giấy", HEAD, HEAD_NAME, &error));
  g_assert_true (kp_store_confirm (head, "bch", 0, HEAD, NULL, "kiểm thử tự động", HEAD_NAME, &error));
  g_assert_no_error (error);
  n->result = result_json (head);
  assert_verifies (head);
  return n;
}

/* The same ballots entered on one machine, for comparison. */
static char *
one_machine_result (const char *dir,
                    const char *definition,
                    char      **digest)
{
  g_autofree char *path = g_build_filename (dir, "one-machine.kiemphieu", NULL);
  g_autoptr(KpStore) store = new_head (path, definition);
  g_autoptr(GPtrArray) ballots = national_ballots ();
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, HEAD_NAME, &error));
  g_assert_true (kp_store_begin_bulk (store, &error));
  for (guint i = 0; i < ballots->len; i++)
    {
      g_autoptr(KpBallot) b = pass_b_ballot (ballots->pdata[i]);
      g_assert_true (kp_store_enter (store, "bch", 0, 'A', "Trần A", ballots->pdata[i], &error));
      g_assert_true (kp_store_enter (store, "bch", 0, 'B', "Trần B", b, &error));
    }
  g_assert_true (kp_store_commit_bulk (store, &error));
  g_assert_true (kp_store_set_collected (store, "bch", 0, N_BALLOTS, HEAD_NAME, &error));
  g_assert_true (kp_store_resolve (store, "bch", 0, TYPO_SERIAL, 'A', NULL, "phiếu giấy", HEAD, HEAD_NAME, &error));
  g_assert_true (kp_store_confirm (store, "bch", 0, HEAD, NULL, "kiểm thử tự động", HEAD_NAME, &error));
  g_assert_no_error (error);
  confirmation = kp_store_get_confirmation (store, "bch", 0, &error);
  *digest = g_strdup (confirmation->digest);
  return result_json (store);
}

static void
test_national (void)
{
  National *n = national ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) head = kp_store_open (n->head_path, &error);
  g_autoptr(KpConfirmation) confirmation = NULL;
  g_autoptr(GPtrArray) stations = NULL;
  g_autofree char *one_digest = NULL;
  g_autofree char *one = one_machine_result (n->dir, n->definition, &one_digest);

  g_assert_no_error (error);
  /* Exactly the result of one machine, byte for byte, and its digest. */
  g_assert_cmpstr (n->result, ==, one);
  confirmation = kp_store_get_confirmation (head, "bch", 0, &error);
  g_assert_cmpstr (confirmation->digest, ==, one_digest);

  stations = kp_store_list_stations (head, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stations->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const KpStation *s = stations->pdata[i];
      g_assert_cmpstr (s->id, ==, plans[i].id);
      g_assert_cmpuint (s->batches, ==, 3);
      g_assert_cmpuint (s->ballots, ==, plans[i].to - plans[i].from + 1);
      g_assert_cmpuint (s->voided, ==, i == 1 ? 1 : 0);
      g_assert_cmpuint (s->missing_to, ==, 0);
      g_assert_nonnull (s->fingerprint);
      g_assert_nonnull (s->last_imported_at);
    }

  /* What the JSON says, through the command line. */
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "stations", n->head_path, "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "{\"format\":\"kiemphieu/stations@1\",\"role\":\"head\",\"stations\":[{\"station\":\"to-1\",\"name\":\"Tổ 1\",\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial_from\":1,\"serial_to\":529,"));
    g_assert_nonnull (strstr (run.out, "\"batches\":3,"));
  }
}

/* If the head's machine dies: a new head file of the same definition,
 * the packages taken over (anchored on the old key sheet), the stations
 * enrolled again, every batch imported: the same result. */
static void
test_rebuild (void)
{
  National *n = national ();
  g_autofree char *path = g_build_filename (n->dir, "rebuilt.kiemphieu", NULL);
  g_autoptr(KpStore) head = new_head (path, n->definition);
  g_autoptr(GError) error = NULL;
  g_autofree char *rebuilt = NULL;

  g_assert_true (kp_store_set_mode (head, "bch", KP_ENTRY_DOUBLE, NULL, HEAD_NAME, &error));
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *data = NULL;
      gboolean already = TRUE;
      gsize length;

      data = read_file (n->packages[i], &length);
      g_assert_true (kp_store_adopt_station_package (head, data, length, n->packages[i], n->key_sheet, HEAD,
                                                     HEAD_NAME, &already, &error));
      g_assert_no_error (error);
      g_assert_false (already);
      g_assert_true (kp_store_enroll_station (head, plans[i].id, n->fingerprints[i], HEAD, HEAD_NAME, NULL, &error));
    }
  for (guint i = 0; i < n->batches->len; i++)
    {
      g_auto(KpImportOutcome) outcome = { 0 };
      g_assert_true (import_file (head, n->batches->pdata[i], &outcome, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kp_store_set_collected (head, "bch", 0, N_BALLOTS, HEAD_NAME, &error));
  g_assert_true (kp_store_resolve (head, "bch", 0, TYPO_SERIAL, 'A', NULL, "phiếu giấy", HEAD, HEAD_NAME, &error));
  rebuilt = result_json (head);
  g_assert_cmpstr (rebuilt, ==, n->result);
  assert_verifies (head);

  /* A package of another key than the old key sheet's is refused. */
  {
    g_autofree char *data = NULL;
    g_autofree char *other = g_strdup ("0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 aaaa bbbb cccc dddd eeee ffff");
    gsize length;
    g_autoptr(GError) refused = NULL;

    data = read_file (n->packages[0], &length);
    g_assert_false (kp_store_adopt_station_package (head, data, length, n->packages[0], other, HEAD, HEAD_NAME, NULL,
                                                    &refused));
    g_assert_error (refused, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  }
}

/* kill -9 at random moments while every batch is imported: each batch is
 * merged whole or not at all, the file verifies, running again completes. */
static void
test_kill_import (void)
{
  National *n = national ();
  g_autofree char *path = g_build_filename (n->dir, "kill-import.kiemphieu", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint kills = 0;
  gint64 whole;

  g_ptr_array_add (argv, (char *) cli ());
  g_ptr_array_add (argv, (char *) "import");
  g_ptr_array_add (argv, path);
  for (guint i = 0; i < n->batches->len; i++)
    g_ptr_array_add (argv, n->batches->pdata[i]);
  g_ptr_array_add (argv, NULL);

  /* How long an import of the 18 batches takes here, whole. */
  {
    g_autoptr(GFile) from = g_file_new_for_path (n->before_import);
    g_autoptr(GFile) to = g_file_new_for_path (path);
    g_auto(Run) run = { 0 };
    gint64 t0 = g_get_monotonic_time ();

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
    run_argv (&run, NULL, (const char *const *) argv->pdata);
    g_assert_cmpint (run.status, ==, 0);
    whole = g_get_monotonic_time () - t0;
  }

  /* 20 runs, each killed at a random moment of that time (or let finish,
   * then started over). */
  for (guint round = 0, entries = n->batches->len; round < 20; round++)
    {
      g_autoptr(GSubprocess) p = NULL;
      g_autoptr(KpStore) head = NULL;
      gint64 imported, expected;

      if (entries == n->batches->len)
        {
          g_autoptr(GFile) from = g_file_new_for_path (n->before_import);
          g_autoptr(GFile) to = g_file_new_for_path (path);
          g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
        }
      p = g_subprocess_newv ((const char *const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 1000, MAX (whole, 2000)));
      g_subprocess_force_exit (p);
      g_subprocess_wait (p, NULL, NULL);
      kills += !g_subprocess_get_if_exited (p);

      head = kp_store_open (path, &error);
      g_assert_no_error (error);
      assert_verifies (head);
      /* Whole batches only: every ballot row comes from a batch recorded
       * as imported, and every such batch is there whole. */
      imported = count_sql (path, "SELECT count(*) FROM ballots WHERE station IS NOT NULL");
      expected = count_sql (path, "SELECT coalesce(sum(entered), 0) FROM station_batches");
      entries = count_sql (path, "SELECT count(*) FROM journal WHERE action = 'import'");
      g_assert_cmpint (imported, ==, expected);
      g_assert_cmpint (entries, ==, count_sql (path, "SELECT count(*) FROM station_batches"));
    }
  g_test_message ("%u kills while importing", kills);
  g_assert_cmpuint (kills, >=, 5);

  {
    g_auto(Run) run = { 0 };
    g_autoptr(KpStore) head = NULL;

    run_argv (&run, NULL, (const char *const *) argv->pdata);
    g_assert_cmpint (run.status, ==, 0);
    head = kp_store_open (path, &error);
    g_assert_cmpint (count_sql (path, "SELECT count(*) FROM station_batches"), ==, n->batches->len);
    g_assert_cmpint (count_sql (path, "SELECT count(*) FROM ballots WHERE voided_seq IS NULL"), ==, 2 * N_BALLOTS);
    assert_verifies (head);
  }
}

/* --- refusals, on the demo congress ------------------------------------------------ */

typedef struct
{
  char *dir;
  char *head;
  char *package;
  char *station;
  char *usb;
  char *head_pass;
  char *station_pass;
  char *fingerprint;
} Demo;

static void
demo_clear (Demo *d)
{
  g_free (d->dir);
  g_free (d->head);
  g_free (d->package);
  g_free (d->station);
  g_free (d->usb);
  g_free (d->head_pass);
  g_free (d->station_pass);
  g_free (d->fingerprint);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static KpStore *
demo_head (const char *path)
{
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  KpStore *store;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "daihoi.json", HEAD_NAME, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, HEAD_NAME, NULL, &error));
  return store;
}

static GPtrArray *
demo_ballots (KpStore *store)
{
  g_autofree char *csv = source_path ("data", "demo", "bch.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, "bch", 1, &error);
  GPtrArray *ballots = kp_ballots_read_file (csv, election, &error);

  g_assert_no_error (error);
  return ballots;
}

static void
make_package (KpStore    *head,
              const char *id,
              const char *name,
              guint       from,
              guint       to,
              const char *path,
              char      **warning)
{
  KpStationPlan plan = { id, name, "bch", 0, 'A', from, to };
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_store_make_station_package (head, &plan, path, HEAD, HEAD_NAME, warning, &error));
  g_assert_no_error (error);
}

/* A head file, station to-1 (bch pass A, serials 1–64) opened and
 * enrolled, ballots 1–@entered entered there and written in batches of
 * @every. */
static void
demo_setup (Demo      *d,
            guint      entered,
            guint      every,
            gboolean   enroll)
{
  g_autoptr(KpStore) head = NULL;
  g_autoptr(KpStore) station = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  d->dir = temp_dir ();
  d->head = g_build_filename (d->dir, "daihoi.kiemphieu", NULL);
  d->package = g_build_filename (d->dir, "to-1.kiemphieu-station", NULL);
  d->station = g_build_filename (d->dir, "tram.kiemphieu", NULL);
  d->usb = g_build_filename (d->dir, "usb", NULL);
  d->head_pass = g_build_filename (d->dir, "head.pass", NULL);
  d->station_pass = g_build_filename (d->dir, "station.pass", NULL);
  g_assert_cmpint (g_mkdir (d->usb, 0700), ==, 0);
  g_assert_true (g_file_set_contents (d->head_pass, HEAD "\n", -1, NULL));
  g_assert_true (g_file_set_contents (d->station_pass, STATION "\n", -1, NULL));

  head = demo_head (d->head);
  ballots = demo_ballots (head);
  make_package (head, "to-1", "Tổ 1", 1, 64, d->package, NULL);
  station = open_station (d->package, d->station, NULL);
  d->fingerprint = station_fingerprint (station);
  if (enroll)
    g_assert_true (kp_store_enroll_station (head, "to-1", d->fingerprint, HEAD, HEAD_NAME, NULL, &error));
  for (guint s = 1; s <= entered; s++)
    {
      g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[s - 1], &error));
      g_assert_no_error (error);
      if (s % every == 0 || s == entered)
        write_batches (station, d->usb, files);
    }
}

static char *
batch_path (const Demo *d,
            guint       number)
{
  g_autofree char *name = kp_batch_file_name ("to-1", number);
  return g_build_filename (d->usb, name, NULL);
}

static gint64
head_ballots (const Demo *d)
{
  return count_sql (d->head, "SELECT count(*) FROM ballots");
}

static void
cli_import (const Demo *d,
            int         status,
            const char *expected,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) cli ());
  g_ptr_array_add (argv, (char *) "import");
  g_ptr_array_add (argv, d->head);
  va_start (args, expected);
  for (const char *f = va_arg (args, const char *); f; f = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) f);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  run_argv (&run, NULL, (const char *const *) argv->pdata);
  if (run.status != status || (strstr (run.out, expected) == NULL && strstr (run.err, expected) == NULL))
    g_error ("import: status %d (expected %d), expected \"%s\"\nstdout: %s\nstderr: %s", run.status, status, expected,
             run.out, run.err);
}

static void
test_refusals (void)
{
  g_auto(Demo) d = { 0 };
  g_autofree char *b1 = NULL, *b2 = NULL, *b3 = NULL, *b4 = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, prefix = strlen ("{\"format\":\"kiemphieu/station-batch@1\"");
  gint64 journal_before;

  demo_setup (&d, 64, 16, FALSE);
  b1 = batch_path (&d, 1), b2 = batch_path (&d, 2), b3 = batch_path (&d, 3), b4 = batch_path (&d, 4);

  /* Not enrolled yet (exit 2), and the message does not print the key the
   * batch names: the head reads it on the station. */
  cli_import (&d, 2, "is not enrolled yet", b1, NULL);
  {
    g_autoptr(GString) compact = g_string_new (NULL);
    g_auto(Run) run = { 0 };
    for (const char *c = d.fingerprint; *c; c++)
      if (*c != ' ')
        g_string_append_c (compact, *c);
    run_cli (&run, NULL, "import", d.head, b1, NULL);
    g_assert_null (strstr (run.err, compact->str));
    g_assert_null (strstr (run.err, d.fingerprint));
  }
  g_assert_cmpint (head_ballots (&d), ==, 0);
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "enroll", d.head, "--station", "to-1", "--fingerprint", "12 34", "--passphrase-file",
             d.head_pass, NULL);
    g_assert_cmpint (run.status, ==, 2); /* mistyped */
    run_clear (&run);
    run_cli (&run, NULL, "enroll", d.head, "--station", "to-1", "--fingerprint", d.fingerprint, "--passphrase-file",
             d.head_pass, NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* A gap: batch 3 before 1 and 2 (exit 2), remembered by `stations`. */
  cli_import (&d, 2, "are missing", b3, NULL);
  g_assert_cmpint (head_ballots (&d), ==, 0);
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "stations", d.head, NULL);
    g_assert_nonnull (strstr (run.out, "MISSING: batches 1–2"));
  }

  /* Every byte of batch 1 flipped in turn: refused, nothing merged. */
  data = read_file (b1, &length);
  {
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    for (gsize i = 0; i < length; i++)
      {
        g_autoptr(GError) refused = NULL;
        data[i] ^= 0x01;
        g_assert_false (kp_store_import_batch (head, data, length, "flipped", HEAD_NAME, NULL, &refused));
        if (i < prefix)
          g_assert_error (refused, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
        else if (!g_error_matches (refused, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED))
          g_error ("byte %zu flipped: %s", i, refused->message);
        data[i] ^= 0x01;
      }
    /* Cut short anywhere. */
    for (gsize cut = 0; cut < length; cut += 1 + cut / 3)
      {
        g_autoptr(GError) refused = NULL;
        g_assert_false (kp_store_import_batch (head, data, cut, "cut", HEAD_NAME, NULL, &refused));
        if (cut < prefix)
          g_assert_error (refused, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
        else
          g_assert_error (refused, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
      }
  }
  g_assert_cmpint (head_ballots (&d), ==, 0);
  {
    g_autofree char *tampered = g_build_filename (d.dir, "to-1-0001.kiemphieu-batch", NULL);
    data[length / 2] ^= 0x20;
    g_assert_true (g_file_set_contents (tampered, data, length, NULL));
    cli_import (&d, 3, "damaged or was changed", tampered, NULL);
    g_assert_true (g_file_set_contents (tampered, data, length - 30, NULL));
    cli_import (&d, 3, "cut short", tampered, NULL);
    data[length / 2] ^= 0x20;
  }
  g_assert_cmpint (head_ballots (&d), ==, 0);

  /* In any order on the command line: each station's by number. */
  cli_import (&d, 0, "to-1 batch 4: 16 ballots, 0 voids merged", b4, b2, b3, b1, NULL);
  g_assert_cmpint (head_ballots (&d), ==, 64);
  /* Again: nothing changes (exit 0). */
  journal_before = count_sql (d.head, "SELECT count(*) FROM journal");
  cli_import (&d, 0, "to-1 batch 2: already imported, nothing changed", b2, NULL);
  g_assert_cmpint (count_sql (d.head, "SELECT count(*) FROM journal"), ==, journal_before);
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "stations", d.head, NULL);
    g_assert_null (strstr (run.out, "MISSING"));
    g_assert_nonnull (strstr (run.out, "4 batches imported"));
  }

  /* The same station id opened again on another laptop (another key):
   * its batch 1 is another batch under a number imported (exit 3); its
   * batch 5 is not signed by the enrolled key (exit 3). */
  {
    g_autofree char *other_path = g_build_filename (d.dir, "other.kiemphieu", NULL);
    g_autofree char *other_usb = g_build_filename (d.dir, "other-usb", NULL);
    g_autoptr(KpStore) other = open_station (d.package, other_path, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    g_autoptr(GPtrArray) ballots = demo_ballots (head);

    g_assert_cmpint (g_mkdir (other_usb, 0700), ==, 0);
    for (guint s = 1; s <= 5; s++)
      {
        g_assert_true (kp_store_enter (other, "bch", 0, 'A', "Kẻ Giả", ballots->pdata[s - 1], &error));
        write_batches (other, other_usb, files);
      }
    cli_import (&d, 3, "another batch 1 of station to-1 was imported already", files->pdata[0], NULL);
    cli_import (&d, 3, "NOT signed by the key enrolled for station to-1", files->pdata[4], NULL);
  }
  g_assert_cmpint (head_ballots (&d), ==, 64);

  /* Another congress: a head file of the same definition whose own
   * station to-1 has another package (exit 2); before that, a station it
   * does not know (exit 2). */
  {
    g_autofree char *other_head = g_build_filename (d.dir, "other-head.kiemphieu", NULL);
    g_autofree char *other_package = g_build_filename (d.dir, "other.kiemphieu-station", NULL);
    g_autoptr(KpStore) head2 = demo_head (other_head);
    g_auto(Run) run = { 0 };

    run_cli (&run, NULL, "import", other_head, b1, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "which this congress file does not know"));
    make_package (head2, "to-1", "Tổ 1", 1, 64, other_package, NULL);
    run_clear (&run);
    run_cli (&run, NULL, "import", other_head, b1, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "belongs to another congress file"));
    g_assert_cmpint (count_sql (other_head, "SELECT count(*) FROM ballots"), ==, 0);
  }

  /* A batch signed with the station's own key that holds a ballot
   * outside its serials (only a station file edited behind KiemPhieu's
   * back could make one): exit 3. */
  {
    g_autofree char *sealed = text_sql (d.station, "SELECT value FROM meta WHERE key = 'station_sealed_key'");
    g_autofree char *last_hash = text_sql (d.head, "SELECT last_hash FROM station_batches WHERE number = 4");
    g_autofree char *prev = text_sql (d.head, "SELECT sha256 FROM station_batches WHERE number = 4");
    g_autofree char *congress = text_sql (d.head, "SELECT congress FROM stations");
    g_autofree char *definition = text_sql (d.head, "SELECT value FROM meta WHERE key = 'definition'");
    g_autofree char *candidates = text_sql (d.head, "SELECT candidates FROM elections WHERE id = 'bch'");
    g_autofree char *forged_path = g_build_filename (d.dir, "to-1-0005.kiemphieu-batch", NULL);
    g_autoptr(KpKey) key = kp_key_unseal (sealed, STATION, &error);
    g_autoptr(KpBatch) b = kp_batch_new ();
    g_autofree char *text = NULL;
    KpJournalEntry *e = kp_journal_entry_new ();

    g_assert_no_error (error);
    b->congress = g_steal_pointer (&congress);
    b->definition_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, definition, -1);
    b->list_sha256 = kp_round_list_sha256 (15, candidates);
    b->station = g_strdup ("to-1");
    b->election = g_strdup ("bch");
    b->round = 1;
    b->pass = 'A';
    b->number = 5;
    b->prev_batch = g_steal_pointer (&prev);
    b->made_at = kp_journal_now ();
    e->seq = count_sql (d.head, "SELECT last_seq FROM station_batches WHERE number = 4") + 1;
    e->at = kp_journal_now ();
    e->operator = g_strdup ("Kẻ Giả");
    e->action = g_strdup ("enter");
    e->content = g_strdup ("{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":100,\"struck\":\"1 2\","
                           "\"marks\":\"\",\"invalid\":\"\"}");
    e->prev = g_steal_pointer (&last_hash);
    e->hash = kp_journal_entry_compute_hash (e);
    g_ptr_array_add (b->journal, e);
    text = kp_batch_seal (b, key, &error);
    g_assert_true (g_file_set_contents (forged_path, text, -1, NULL));
    cli_import (&d, 3, "outside the station's share", forged_path, NULL);
  }
  g_assert_cmpint (head_ballots (&d), ==, 64);

  /* And the head file, after all this, verifies. */
  {
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    assert_verifies (head);
  }
}

/* A stock tool checks a batch as docs/formats.md shows. */
static void
test_openssl (void)
{
  g_auto(Demo) d = { 0 };
  g_autofree char *b1 = NULL;
  g_autofree char *data = NULL;
  g_autofree char *line = NULL;
  g_autofree char *sig_path = NULL, *line_path = NULL, *key_path = NULL;
  g_autofree guchar *sig = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  gsize length, sig_length;
  char *nl;

  if (!g_find_program_in_path ("openssl"))
    {
      g_test_skip ("no openssl");
      return;
    }
  demo_setup (&d, 10, 10, TRUE);
  b1 = batch_path (&d, 1);
  data = read_file (b1, &length);
  nl = strchr (data, '\n');
  line = g_strndup (data, nl - data + 1);
  sig = g_base64_decode (nl + 1 + strlen ("ed25519 "), &sig_length);
  g_assert_cmpuint (sig_length, ==, 64);
  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  line_path = g_build_filename (d.dir, "signed.json", NULL);
  sig_path = g_build_filename (d.dir, "batch.sig", NULL);
  key_path = g_build_filename (d.dir, "key.pem", NULL);
  g_assert_true (g_file_set_contents (line_path, line, -1, NULL));
  g_assert_true (g_file_set_contents (sig_path, (const char *) sig, sig_length, NULL));
  g_assert_true (g_file_set_contents (key_path, json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "public_key"), -1, NULL));
  run_tool (&run, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin", "-in", line_path,
            "-sigfile", sig_path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Signature Verified Successfully"));
}

/* A station file records only its share; what the head's machine does is
 * refused there, saying what it is. */
static void
test_station_restricted (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *head_path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *package = g_build_filename (dir, "to-2.kiemphieu-station", NULL);
  g_autofree char *path = g_build_filename (dir, "tram.kiemphieu", NULL);
  g_autoptr(KpStore) head = demo_head (head_path);
  g_autoptr(KpStore) station = NULL;
  g_autoptr(GPtrArray) ballots = demo_ballots (head);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) b65 = kp_ballot_copy (ballots->pdata[64]);
  g_autoptr(KpBallot) b5 = kp_ballot_copy (ballots->pdata[4]);

  /* A pass the election's mode does not use is refused at the head. */
  {
    KpStationPlan plan = { "to-9", "Tổ 9", "bch", 0, 'B', 0, 0 };
    g_autofree char *p9 = g_build_filename (dir, "to-9.kiemphieu-station", NULL);
    g_assert_false (kp_store_make_station_package (head, &plan, p9, HEAD, HEAD_NAME, NULL, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
    g_assert_false (g_file_test (p9, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  make_package (head, "to-2", "Tổ 2", 65, 127, package, NULL);
  /* A package that is not the key sheet's key is refused at the station. */
  {
    g_autofree char *data = NULL;
    g_autofree char *elsewhere = g_build_filename (dir, "x.kiemphieu", NULL);
    gsize length;
    data = read_file (package, &length);
    g_assert_null (kp_store_open_station (data, length, package, elsewhere,
                                          "0000 1111 2222 3333 4444 5555 6666 7777 8888 9999 aaaa bbbb cccc dddd eeee ffff",
                                          STATION, "Trần", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
    g_assert_false (g_file_test (elsewhere, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  station = open_station (package, path, NULL);

  g_assert_true (kp_store_is_station (station));
  g_assert_false (kp_store_is_station (head));
  /* The congress's signing key is the head's machine's: a station makes
   * none, and nothing is journalled. */
  g_assert_false (kp_store_init_keys (station, HEAD, HEAD_NAME, NULL, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is a station file"));
  g_clear_error (&error);
  g_assert_null (kp_store_get_public_key (station));
  g_assert_cmpint (count_sql (path, "SELECT count(*) FROM journal WHERE action = 'keys'"), ==, 0);
  g_assert_cmpuint (kp_store_next_serial (station, "bch", 0, 'A', &error), ==, 65);
  g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần", b65, &error));
  g_assert_cmpuint (kp_store_next_serial (station, "bch", 0, 'A', &error), ==, 66);

  /* Outside its serials, another pass, another election. */
  g_assert_false (kp_store_enter (station, "bch", 0, 'A', "Trần", b5, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is not its to enter"));
  g_clear_error (&error);
  g_assert_false (kp_store_enter (station, "bch", 0, 'B', "Trần", b65, &error));
  g_assert_nonnull (strstr (error->message, "is not its to enter"));
  g_clear_error (&error);
  g_assert_false (kp_store_void (station, "bch", 0, 'A', 5, "thử", "Trần", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* What the head's machine does. */
  g_assert_false (kp_store_set_issued (station, "bch", 0, 127, "Trần", &error));
  g_assert_nonnull (strstr (error->message, "this is done on the head's machine"));
  g_clear_error (&error);
  g_assert_false (kp_store_set_collected (station, "bch", 0, 127, "Trần", &error));
  g_clear_error (&error);
  g_assert_false (kp_store_set_paused (station, "bch", TRUE, "nghỉ", "Trần", &error));
  g_clear_error (&error);
  g_assert_false (kp_store_set_mode (station, "dbct", KP_ENTRY_DOUBLE, NULL, "Trần", &error));
  g_clear_error (&error);
  g_assert_null (kp_store_results (station, "bch", 0, NULL, &error));
  g_assert_nonnull (strstr (error->message, "Results, reconciliation and stations are done on the head's machine"));
  g_clear_error (&error);
  /* A scanned ballot, even of its share: its images stay with the head
   * file (a batch carries ballots, not images), so scanning and deciding
   * scanned ballots are done there. */
  {
    g_autoptr(GBytes) image = g_bytes_new_static ("not really a scan", 17);
    g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, image);
    g_autoptr(KpBallot) b66 = kp_ballot_copy (ballots->pdata[65]);
    KpScanPageRef page = { sha256, 0, "image/png", "scan-0001.png", image };

    g_assert_false (kp_store_enter_scanned (station, "bch", 0, 'A', "Trần", b66, &page, 1, "", FALSE, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "this is done on the head's machine"));
    g_clear_error (&error);
    g_assert_cmpuint (kp_store_next_serial (station, "bch", 0, 'A', &error), ==, 66);
  }
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "reconcile", path, "--election", "bch", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "station file"));
    run_clear (&run);
    run_cli (&run, NULL, "results", path, "--election", "bch", NULL);
    g_assert_cmpint (run.status, ==, 2);
    run_clear (&run);
    run_cli (&run, NULL, "stations", path, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "station file of Tổ 2 (station to-2): bch round 1, pass A, serials 65–127"));
    g_assert_nonnull (strstr (run.out, "1 entry not yet in a batch"));
  }
  {
    g_autofree char *data = NULL;
    gsize length;
    data = read_file (package, &length);
    g_assert_false (kp_store_import_batch (station, data, length, package, "Trần", NULL, &error));
    g_assert_nonnull (strstr (error->message, "station file"));
    g_clear_error (&error);
  }
  /* A batch needs the station's passphrase. */
  {
    g_autofree char *usb = g_build_filename (dir, "usb", NULL);
    g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
    g_assert_false (kp_store_write_batches (station, usb, 0, "sai mật khẩu rồi", "Trần", NULL, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
    g_clear_error (&error);
    g_assert_false (kp_store_write_batches (head, usb, 0, HEAD, "Trần", NULL, &error));
    g_assert_nonnull (strstr (error->message, "is not a station file"));
    g_clear_error (&error);
  }
  assert_verifies (station);
}

/* Two stations on one serial of one pass: kept aside, a disagreement the
 * head settles; never written over. */
static void
test_duplicate_serial (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *head_path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *p1 = g_build_filename (dir, "to-1.kiemphieu-station", NULL);
  g_autofree char *p3 = g_build_filename (dir, "to-3.kiemphieu-station", NULL);
  g_autofree char *s1_path = g_build_filename (dir, "tram-1.kiemphieu", NULL);
  g_autofree char *s3_path = g_build_filename (dir, "tram-3.kiemphieu", NULL);
  g_autofree char *usb = g_build_filename (dir, "usb", NULL);
  g_autofree char *warning = NULL;
  g_autoptr(KpStore) head = demo_head (head_path);
  g_autoptr(KpStore) s1 = NULL;
  g_autoptr(KpStore) s3 = NULL;
  g_autoptr(GPtrArray) ballots = demo_ballots (head);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) other60 = kp_ballot_copy (ballots->pdata[59]);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autofree char *seen = NULL;

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  make_package (head, "to-1", "Tổ 1", 1, 64, p1, &warning);
  g_assert_null (warning);
  make_package (head, "to-3", "Tổ 3", 60, 70, p3, &warning);
  g_assert_nonnull (warning); /* overlapping serials are warned about */
  g_assert_nonnull (strstr (warning, "to-1"));
  s1 = open_station (p1, s1_path, NULL);
  s3 = open_station (p3, s3_path, NULL);
  {
    g_autofree char *f1 = station_fingerprint (s1), *f3 = station_fingerprint (s3);
    g_assert_true (kp_store_enroll_station (head, "to-1", f1, HEAD, HEAD_NAME, NULL, &error));
    g_assert_true (kp_store_enroll_station (head, "to-3", f3, HEAD, HEAD_NAME, NULL, &error));
  }
  for (guint s = 1; s <= 64; s++)
    g_assert_true (kp_store_enter (s1, "bch", 0, 'A', "Trần", ballots->pdata[s - 1], &error));
  /* Station 3 reads serial 60 otherwise, and 61–70 alike. */
  for (guint no = 1; no <= other60->n_candidates; no++)
    if (!kp_ballot_is_struck (other60, no))
      {
        kp_ballot_strike (other60, no);
        break;
      }
  g_assert_true (kp_store_enter (s3, "bch", 0, 'A', "Phạm", other60, &error));
  for (guint s = 61; s <= 70; s++)
    g_assert_true (kp_store_enter (s3, "bch", 0, 'A', "Phạm", ballots->pdata[s - 1], &error));
  g_assert_no_error (error);
  write_batches (s1, usb, files);
  write_batches (s3, usb, files);
  {
    g_auto(KpImportOutcome) outcome = { 0 };
    g_assert_true (import_file (head, files->pdata[0], &outcome, &error));
    g_assert_cmpuint (outcome.duplicates, ==, 0);
    kp_import_outcome_clear (&outcome);
    g_assert_true (import_file (head, files->pdata[1], &outcome, &error));
    g_assert_cmpuint (outcome.entered, ==, 11);
    g_assert_cmpuint (outcome.duplicates, ==, 5); /* 60–64; 65–70 are new to the pass */
  }
  /* Never written over: station 1's serial 60 is still the pass's. */
  {
    g_autoptr(KpBallot) live = kp_store_get_ballot (head, "bch", 0, 'A', 60, &error);
    g_assert_true (kp_ballot_equal (live, ballots->pdata[59]));
  }
  /* Not counted until settled; the check fails. */
  result = kp_store_results (head, "bch", 0, &checks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->valid + result->invalid, ==, 70 - 5);
  {
    const KpCheck *c = checks->pdata[checks->len - 1];
    g_assert_cmpstr (c->check, ==, "stations-agree");
    g_assert_cmpstr (c->status, ==, "failed");
    g_assert_cmpstr (c->detail, ==, "2 stations; 5 serials entered by two stations, 5 still to settle");
  }
  duplicates = kp_store_list_duplicates (head, "bch", 0, &error);
  g_assert_cmpuint (duplicates->len, ==, 5);
  g_assert_cmpstr (((KpStationDuplicate *) duplicates->pdata[0])->station, ==, "to-3");
  g_assert_cmpstr (((KpStationDuplicate *) duplicates->pdata[0])->live_station, ==, "to-1");
  disagreements = kp_store_reconcile (head, "bch", 0, NULL, &error);
  g_assert_cmpuint (disagreements->len, ==, 5);

  /* The head settles 60 with station 3's reading (single entry allows it
   * for such a serial only) and 61 with the pass's. */
  g_assert_true (kp_store_resolve (head, "bch", 0, 60, 'V', other60, "phiếu giấy", HEAD, HEAD_NAME, &error));
  g_assert_true (kp_store_resolve (head, "bch", 0, 61, 'A', NULL, "phiếu giấy", HEAD, HEAD_NAME, &error));
  g_assert_no_error (error);
  g_assert_false (kp_store_resolve (head, "bch", 0, 10, 'A', NULL, "x", HEAD, HEAD_NAME, &error));
  g_assert_nonnull (strstr (error->message, "single-entry mode"));
  g_clear_error (&error);

  /* Station 1 voids 62: station 3's takes its place; station 3 voids 63:
   * station 1's stays. Neither waits any more. */
  g_assert_true (kp_store_void (s1, "bch", 0, 'A', 62, "không phải của tổ", "Trần", &error));
  g_assert_true (kp_store_void (s3, "bch", 0, 'A', 63, "không phải của tổ", "Phạm", &error));
  write_batches (s1, usb, files);
  write_batches (s3, usb, files);
  g_assert_true (import_file (head, files->pdata[2], NULL, &error));
  g_assert_true (import_file (head, files->pdata[3], NULL, &error));
  g_assert_no_error (error);
  seen = text_sql (head_path, "SELECT station FROM ballots WHERE serial = 62 AND voided_seq IS NULL");
  g_assert_cmpstr (seen, ==, "to-3");
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (head, "bch", 0, &checks, &error);
  g_assert_cmpuint (result->valid + result->invalid, ==, 69); /* 64 waits */
  g_assert_cmpstr (((KpCheck *) checks->pdata[checks->len - 1])->detail, ==,
                   "2 stations; 3 serials entered by two stations, 1 still to settle");
  {
    g_auto(Run) run = { 0 };
    run_cli (&run, NULL, "reconcile", head_path, "--election", "bch", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "serial 64, pass A, entered by two stations:"));
    g_assert_nonnull (strstr (run.out, "serial 60, pass A, entered by two stations (settled):"));
  }
  assert_verifies (head);
}

/* kill -9 at random moments while a batch is written: the station file
 * verifies, no batch file on the stick is half written, and running again
 * writes every batch that was made; the head imports them all. */
static void
test_kill_export (void)
{
  g_auto(Demo) d = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  guint kills = 0, entered = 10;

  demo_setup (&d, 10, 10, TRUE);
  {
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    ballots = demo_ballots (head);
  }
  for (guint round = 0; round < 20 && entered < 64; round++)
    {
      const char *argv[] = { cli (), "batch", d.station, "--to", d.usb, "--passphrase-file", d.station_pass, NULL };
      g_autoptr(GSubprocess) p = NULL;
      g_autoptr(GDir) usb = NULL;
      const char *name;

      {
        g_autoptr(KpStore) station = kp_store_open (d.station, &error);
        for (guint k = 0; k < 3 && entered < 64; k++, entered++)
          g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần", ballots->pdata[entered], &error));
        g_assert_no_error (error);
      }
      p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      /* A batch takes tens of milliseconds once the station key is cheap
       * to unseal (KP_TEST_KDF_LOG2N): kill within that time. */
      g_usleep (g_rand_int_range (rand, 0, 60000));
      g_subprocess_force_exit (p);
      g_subprocess_wait (p, NULL, NULL);
      kills += !g_subprocess_get_if_exited (p);

      {
        g_autoptr(KpStore) station = kp_store_open (d.station, &error);
        g_assert_no_error (error);
        assert_verifies (station);
      }
      /* Every batch file on the stick is whole (a .part may be left). */
      usb = g_dir_open (d.usb, 0, &error);
      while ((name = g_dir_read_name (usb)) != NULL)
        if (g_str_has_suffix (name, ".kiemphieu-batch"))
          {
            g_autofree char *path = g_build_filename (d.usb, name, NULL);
            g_autofree char *data = NULL;
            g_autoptr(KpBatch) b = NULL;
            gsize length;

            data = read_file (path, &length);
            b = kp_batch_parse (data, length, name, &error);
            g_assert_no_error (error);
          }
    }
  g_test_message ("%u kills while writing batches", kills);
  g_assert_cmpuint (kills, >=, 3);

  /* Running again completes: every batch made is on the stick. */
  {
    g_auto(Run) run = { 0 };
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GDir) usb = NULL;
    const char *name;
    gint64 made;

    run_cli (&run, NULL, "batch", d.station, "--to", d.usb, "--passphrase-file", d.station_pass, NULL);
    g_assert_cmpint (run.status, ==, 0);
    made = count_sql (d.station, "SELECT count(*) FROM station_batches");
    g_ptr_array_add (argv, (char *) cli ());
    g_ptr_array_add (argv, (char *) "import");
    g_ptr_array_add (argv, d.head);
    usb = g_dir_open (d.usb, 0, &error);
    while ((name = g_dir_read_name (usb)) != NULL)
      if (g_str_has_suffix (name, ".kiemphieu-batch"))
        g_ptr_array_add (argv, g_build_filename (d.usb, name, NULL));
    g_assert_cmpint (argv->len - 3, ==, made);
    g_ptr_array_add (argv, NULL);
    run_clear (&run);
    run_argv (&run, NULL, (const char *const *) argv->pdata);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpint (count_sql (d.head, "SELECT count(*) FROM ballots WHERE voided_seq IS NULL"), ==,
                     count_sql (d.station, "SELECT count(*) FROM ballots WHERE voided_seq IS NULL"));
    g_assert_cmpint (count_sql (d.head, "SELECT count(*) FROM ballots"), ==, entered);
    for (guint i = 3; i < argv->len - 1; i++)
      g_free (argv->pdata[i]);
  }
  {
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    assert_verifies (head);
  }
}

/* Rewrites the head file's journal behind KiemPhieu's back: @edit changes
 * an entry's content (returns TRUE when it did), and the chain is
 * recomputed from there, as someone with the sqlite3 shell could. */
static guint
rewrite_journal (const char *path,
                 gboolean  (*edit) (KpJournalEntry *e))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  const char *prev = NULL;
  guint edited = 0;
  sqlite3 *db;

  {
    g_autoptr(KpStore) store = kp_store_open (path, &error);
    g_assert_no_error (error);
    journal = kp_store_get_journal (store, &error);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < journal->len; i++)
    {
      KpJournalEntry *e = journal->pdata[i];
      sqlite3_stmt *stmt;

      if (edit (e))
        edited = e->seq;
      if (prev != NULL)
        {
          g_free (e->prev);
          e->prev = g_strdup (prev);
        }
      g_free (e->hash);
      e->hash = kp_journal_entry_compute_hash (e);
      prev = e->hash;
      g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE journal SET content = ?1, prev = ?2, hash = ?3 WHERE seq = ?4",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, e->content, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, e->prev, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, e->hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, e->seq);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  g_assert_cmpuint (edited, >, 0);
  return edited;
}

static void
assert_verify_fails (const char *path,
                     const char *finding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (path, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  if (strstr (report->str, finding) == NULL)
    g_error ("verify does not say \"%s\":\n%s", finding, report->str);
}

/* One struck name of one ballot, inside an imported batch's text. */
static gboolean
change_imported_ballot (KpJournalEntry *e)
{
  const char *key = "\\\\\\\"struck\\\\\\\":\\\\\\\"";
  char *at;

  if (!g_str_equal (e->action, "import"))
    return FALSE;
  at = strstr (e->content, key);
  g_assert_nonnull (at);
  at += strlen (key);
  *at = *at == '1' ? '2' : '1';
  return TRUE;
}

/* The head's signature taken off an enrollment. */
static gboolean
unsign_enroll (KpJournalEntry *e)
{
  char *at;

  if (!g_str_equal (e->action, "enroll"))
    return FALSE;
  at = strstr (e->content, ",\"head_signature\":");
  g_assert_nonnull (at);
  strcpy (at, "}");
  return TRUE;
}

/* A forged import entry (a ballot changed inside its batch, the journal's
 * chain recomputed) and an enrollment without the head's signature are
 * found by verify. */
static void
test_forged_import (void)
{
  g_autoptr(GError) error = NULL;

  for (guint forgery = 0; forgery < 2; forgery++)
    {
      g_auto(Demo) d = { 0 };

      demo_setup (&d, 8, 8, TRUE);
      {
        g_autoptr(KpStore) head = kp_store_open (d.head, &error);
        g_autofree char *b1 = batch_path (&d, 1);
        g_assert_true (import_file (head, b1, NULL, &error));
        assert_verifies (head);
      }
      if (forgery == 0)
        {
          rewrite_journal (d.head, change_imported_ballot);
          assert_verify_fails (d.head, "(import): cannot be replayed");
        }
      else
        {
          rewrite_journal (d.head, unsign_enroll);
          assert_verify_fails (d.head, "(enroll): not signed with the head's key");
        }
    }
}

/* The journal's words for the new actions (the journal PDF and the app's
 * journal view): short, Vietnamese, never the batch itself. */
static void
test_journal_words (void)
{
  g_auto(Demo) d = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) head_journal = NULL;
  g_autoptr(GPtrArray) station_journal = NULL;
  g_autofree char *pdf = NULL;
  g_auto(Run) run = { 0 };
  const char *expected[][2] = {
    { "station", "Lập gói trạm to-1 (Tổ 1): bch, lần 1, lượt A, có giới hạn số phiếu" },
    { "enroll", "Ghi nhận khóa của trạm to-1, dấu vân tay " },
    { "import", "Nhận lô 1 của trạm to-1 (mã " },
    { "station-open", "Mở gói trạm; tạo khóa của trạm trên máy này" },
    { "batch", "Xuất lô 1: 4 phiếu nhập, 0 phiếu hủy (mã " },
  };
  guint found = 0;

  demo_setup (&d, 4, 4, TRUE);
  {
    g_autoptr(KpStore) head = kp_store_open (d.head, &error);
    g_autoptr(KpStore) station = kp_store_open (d.station, &error);
    g_autofree char *b1 = batch_path (&d, 1);
    g_assert_true (import_file (head, b1, NULL, &error));
    head_journal = kp_store_get_journal (head, &error);
    station_journal = kp_store_get_journal (station, &error);
  }
  g_ptr_array_extend_and_steal (head_journal, g_steal_pointer (&station_journal));
  for (guint i = 0; i < head_journal->len; i++)
    {
      const KpJournalEntry *e = head_journal->pdata[i];
      g_autofree char *words = kp_documents_describe_entry (e);

      g_assert_cmpuint (strlen (words), <, 300);
      for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
        if (g_str_equal (e->action, expected[k][0]))
          {
            g_assert_true (g_str_has_prefix (words, expected[k][1]));
            g_assert_cmpstr (kp_documents_action_words (e->action), !=, e->action);
            found++;
          }
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (kp_check_words ("stations-agree"), !=, "stations-agree");

  pdf = g_build_filename (d.dir, "nhatky.pdf", NULL);
  run_cli (&run, NULL, "journal", d.head, "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* Rehearsal ballots never reach the real file, not even through a
 * station: a station laptop set up from the rehearsal copy (its package
 * made there, with the same station id as a real station, and its key
 * enrolled in the real file too) has its batches refused by the real
 * file, which keeps no ballot of them. */
static void
test_rehearsal_batches (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *real_path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "daihoi-thu-nghiem.kiemphieu", NULL);
  g_autofree char *real_package = g_build_filename (dir, "to-1.kiemphieu-station", NULL);
  g_autofree char *copy_package = g_build_filename (dir, "to-1-thu.kiemphieu-station", NULL);
  g_autofree char *station_path = g_build_filename (dir, "tram.kiemphieu", NULL);
  g_autofree char *usb = g_build_filename (dir, "usb", NULL);
  g_autofree char *fingerprint = NULL;
  g_autoptr(KpStore) real = demo_head (real_path);
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(KpStore) station = NULL;
  g_autoptr(GPtrArray) ballots = demo_ballots (real);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  make_package (real, "to-1", "Tổ 1", 1, 64, real_package, NULL);
  copy = kp_store_create_rehearsal (real, copy_path, HEAD_NAME, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (copy, HEAD, HEAD_NAME, NULL, &error));
  make_package (copy, "to-1", "Tổ 1", 1, 64, copy_package, NULL);
  station = open_station (copy_package, station_path, NULL);
  fingerprint = station_fingerprint (station);
  g_assert_true (kp_store_enroll_station (copy, "to-1", fingerprint, HEAD, HEAD_NAME, NULL, &error));
  g_assert_true (kp_store_enroll_station (real, "to-1", fingerprint, HEAD, HEAD_NAME, NULL, &error));
  g_assert_no_error (error);
  for (guint s = 1; s <= 3; s++)
    g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[s - 1], &error));
  write_batches (station, usb, files);

  /* The station knows it is a rehearsal, and its batch says so. */
  {
    g_autoptr(KpStation) self = kp_store_get_station (station, &error);
    g_autofree char *data = NULL;
    gsize length;

    g_assert_no_error (error);
    g_assert_true (self->rehearsal);
    g_assert_true (kp_store_is_rehearsal (station));
    data = read_file (files->pdata[0], &length);
    g_assert_nonnull (strstr (data, ",\"rehearsal\":true,"));
  }
  g_assert_false (import_file (real, files->pdata[0], NULL, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rehearsal copy"));
  g_clear_error (&error);
  g_assert_cmpint (count_sql (real_path, "SELECT count(*) FROM ballots"), ==, 0);
  /* The rehearsal copy takes them, and stays a rehearsal. */
  g_assert_true (import_file (copy, files->pdata[0], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (copy_path, "SELECT count(*) FROM ballots"), ==, 3);
  g_assert_true (kp_store_is_rehearsal (copy));
  assert_verifies (real);
}

/* A package made in a rehearsal copy is marked so: the real file refuses
 * to take it over (station-adopt), a rehearsal refuses a real package,
 * and another rehearsal of the congress takes it over as the real file
 * takes a lost head's packages (/stations/rebuild). A file whose old
 * rehearsal switch was on when it made a package, then off, neither
 * enrolls that station nor imports its batches. */
static void
test_rehearsal_adopt (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *real_path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "daihoi-thu-nghiem.kiemphieu", NULL);
  g_autofree char *copy2_path = g_build_filename (dir, "daihoi-thu-nghiem-2.kiemphieu", NULL);
  g_autofree char *switch_path = g_build_filename (dir, "cong-tac.kiemphieu", NULL);
  g_autofree char *real_package = g_build_filename (dir, "to-1.kiemphieu-station", NULL);
  g_autofree char *copy_package = g_build_filename (dir, "to-9-thu.kiemphieu-station", NULL);
  g_autofree char *switch_package = g_build_filename (dir, "to-5.kiemphieu-station", NULL);
  g_autofree char *station_path = g_build_filename (dir, "tram.kiemphieu", NULL);
  g_autofree char *switch_station_path = g_build_filename (dir, "tram-5.kiemphieu", NULL);
  g_autofree char *usb = g_build_filename (dir, "usb", NULL);
  g_autofree char *data = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(KpStore) real = demo_head (real_path);
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(KpStore) copy2 = NULL;
  g_autoptr(KpStore) toggled = NULL;
  g_autoptr(KpStore) station = NULL;
  g_autoptr(KpStore) switch_station = NULL;
  g_autoptr(GPtrArray) ballots = demo_ballots (real);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean already = TRUE;
  gsize length;

  g_assert_cmpint (g_mkdir (usb, 0700), ==, 0);
  make_package (real, "to-1", "Tổ 1", 1, 64, real_package, NULL);
  copy = kp_store_create_rehearsal (real, copy_path, HEAD_NAME, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (copy, HEAD, HEAD_NAME, NULL, &error));
  make_package (copy, "to-9", "Tổ 9", 1, 64, copy_package, NULL);

  /* A real package reads as before (no member); a rehearsal's is marked. */
  data = read_file (real_package, &length);
  g_assert_null (strstr (data, "\"rehearsal\""));
  g_clear_pointer (&data, g_free);
  data = read_file (copy_package, &length);
  g_assert_nonnull (strstr (data, ",\"rehearsal\":true,"));

  /* The real file does not take it over; nothing is journalled. */
  g_assert_false (kp_store_adopt_station_package (real, data, length, copy_package, NULL, HEAD, HEAD_NAME, &already,
                                                  &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "made in a rehearsal copy"));
  g_assert_false (already);
  g_clear_error (&error);
  g_assert_cmpint (count_sql (real_path, "SELECT count(*) FROM stations WHERE id = 'to-9'"), ==, 0);
  g_assert_cmpint (count_sql (real_path, "SELECT count(*) FROM journal WHERE action = 'station'"), ==, 1);

  /* Another rehearsal of the congress takes it over (a rehearsal's head
   * machine replaced), and imports its batches. */
  copy2 = kp_store_create_rehearsal (real, copy2_path, HEAD_NAME, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (copy2, HEAD, HEAD_NAME, NULL, &error));
  g_assert_true (kp_store_adopt_station_package (copy2, data, length, copy_package, NULL, HEAD, HEAD_NAME, &already,
                                                 &error));
  g_assert_no_error (error);
  station = open_station (copy_package, station_path, NULL);
  fingerprint = station_fingerprint (station);
  g_assert_true (kp_store_enroll_station (copy2, "to-9", fingerprint, HEAD, HEAD_NAME, NULL, &error));
  g_assert_no_error (error);
  for (guint s = 1; s <= 2; s++)
    g_assert_true (kp_store_enter (station, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[s - 1], &error));
  write_batches (station, usb, files);
  g_assert_true (import_file (copy2, files->pdata[0], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_sql (copy2_path, "SELECT count(*) FROM ballots"), ==, 2);
  assert_verifies (copy2);

  /* A rehearsal does not take over a real package. */
  g_clear_pointer (&data, g_free);
  data = read_file (real_package, &length);
  g_assert_false (kp_store_adopt_station_package (copy2, data, length, real_package, NULL, HEAD, HEAD_NAME, NULL,
                                                  &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "real count"));
  g_clear_error (&error);

  /* The old switch: a package made while it was on stays a rehearsal
   * one after it is switched off. */
  g_clear_pointer (&data, g_free);
  {
    g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
    g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  }
  toggled = kp_store_create (switch_path, data, length, "daihoi.json", HEAD_NAME, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (toggled, HEAD, HEAD_NAME, NULL, &error));
  g_assert_true (kp_store_set_rehearsal (toggled, TRUE, HEAD_NAME, &error));
  make_package (toggled, "to-5", "Tổ 5", 1, 64, switch_package, NULL);
  g_assert_true (kp_store_set_rehearsal (toggled, FALSE, HEAD_NAME, &error));
  g_assert_no_error (error);
  switch_station = open_station (switch_package, switch_station_path, NULL);
  g_clear_pointer (&fingerprint, g_free);
  fingerprint = station_fingerprint (switch_station);
  g_assert_false (kp_store_enroll_station (toggled, "to-5", fingerprint, HEAD, HEAD_NAME, NULL, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "made in a rehearsal"));
  g_clear_error (&error);
  g_assert_true (kp_store_enter (switch_station, "bch", 0, 'A', "Trần Văn Nhập", ballots->pdata[0], &error));
  write_batches (switch_station, usb, files);
  g_assert_false (import_file (toggled, files->pdata[1], NULL, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rehearsal"));
  g_clear_error (&error);
  g_assert_cmpint (count_sql (switch_path, "SELECT count(*) FROM ballots"), ==, 0);
  assert_verifies (toggled);
  assert_verifies (real);

  /* `stations` says which stations are rehearsal ones, on the station
   * laptop and on the head's machine. */
  g_clear_pointer (&station, kp_store_close);
  {
    const char *text_argv[] = { cli (), "stations", station_path, NULL };
    const char *json_argv[] = { cli (), "stations", station_path, "--json", NULL };
    const char *copy_argv[] = { cli (), "stations", copy2_path, NULL };
    const char *real_argv[] = { cli (), "stations", real_path, "--json", NULL };
    g_auto(Run) text = { 0 };
    g_auto(Run) json = { 0 };
    g_auto(Run) head = { 0 };
    g_auto(Run) plain = { 0 };

    run_argv (&text, NULL, text_argv);
    run_argv (&json, NULL, json_argv);
    run_argv (&head, NULL, copy_argv);
    run_argv (&plain, NULL, real_argv);
    g_assert_cmpint (text.status + json.status + head.status + plain.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "THỬ NGHIỆM: a rehearsal station"));
    g_assert_nonnull (strstr (json.out, "\"serial_to\":64,\"rehearsal\":true,"));
    g_assert_nonnull (strstr (head.out, "to-9 (Tổ 9)"));
    g_assert_nonnull (strstr (head.out, "  THỬ NGHIỆM: made in a rehearsal"));
    g_assert_nonnull (strstr (plain.out, "\"station\":\"to-1\""));
    g_assert_null (strstr (plain.out, "rehearsal"));
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stations/national", test_national);
  g_test_add_func ("/stations/rebuild", test_rebuild);
  g_test_add_func ("/stations/kill-import", test_kill_import);
  g_test_add_func ("/stations/refusals", test_refusals);
  g_test_add_func ("/stations/rehearsal-batches", test_rehearsal_batches);
  g_test_add_func ("/stations/rehearsal-adopt", test_rehearsal_adopt);
  g_test_add_func ("/stations/openssl", test_openssl);
  g_test_add_func ("/stations/station-restricted", test_station_restricted);
  g_test_add_func ("/stations/duplicate-serial", test_duplicate_serial);
  g_test_add_func ("/stations/kill-export", test_kill_export);
  g_test_add_func ("/stations/forged-import", test_forged_import);
  g_test_add_func ("/stations/journal-words", test_journal_words);
  return g_test_run ();
}
