/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-store.c — the congress file: entry, voids, double entry and rulings,
 * rounds, pause, results and R-RECON-1 checks, the journal and its
 * verification against edits made behind KiemPhieu's back, files that must
 * be refused untouched, a full disk and a read-only location.
 */

#include <glib/gstdio.h>
#include <locale.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>

#include "kp-ballot-reader.h"
#include "kp-crypto.h"
#include "kp-definition.h"
#include "kp-i18n.h"
#include "kp-journal.h"
#include "kp-store.h"
#include "kp-store-private.h"
#include "kp-store-projector.h"
#include "kp-tally.h"

#define HEAD "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"

static char *
demo_path (const char *name)
{
  return g_build_filename (g_getenv ("KP_SRCDIR"), "data", "demo", name, NULL);
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-store-XXXXXX", NULL);
  return g_build_filename (dir, name, NULL);
}

static KpStore *
create_demo (const char *path)
{
  g_autofree char *definition = demo_path ("daihoi.json");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  KpStore *store;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "daihoi.json", "Nguyễn Văn Kỹ", &error);
  g_assert_no_error (error);
  return store;
}

static GPtrArray *
demo_ballots (KpStore    *store,
              const char *id)
{
  g_autofree char *name = g_strdup_printf ("%s.csv", id);
  g_autofree char *csv = demo_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpElection) election = kp_store_get_election (store, id, 1, &error);
  GPtrArray *ballots;

  g_assert_no_error (error);
  ballots = kp_ballots_read_file (csv, election, &error);
  g_assert_no_error (error);
  return ballots;
}

static void
enter_all (KpStore    *store,
           const char *id,
           char        pass,
           GPtrArray  *ballots)
{
  for (guint i = 0; i < ballots->len; i++)
    {
      g_autoptr(GError) error = NULL;
      kp_store_enter (store, id, 0, pass, "Trần Văn Nhập", ballots->pdata[i], &error);
      g_assert_no_error (error);
    }
}

/* The status of one R-RECON-1 check, or NULL when it is not there. */
static const char *
check_status (GPtrArray  *checks,
              const char *name)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      if (g_str_equal (c->check, name))
        return c->status;
    }
  return NULL;
}

static void
assert_verifies (KpStore *store)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (!kp_store_verify (store, report, &error))
    g_error ("verify failed: %s\n%s", error->message, report->str);
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
  sqlite3_close (db);
}

/* The same ballots give the same bytes through the congress file as
 * through `tally` (one engine). */
static void
test_enter_and_results (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bch");
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpTally) tally = NULL;
  g_autoptr(KpResult) want = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got_json = NULL;
  g_autofree char *want_json = NULL;
  g_autoptr(KpRoundInfo) info = NULL;

  enter_all (store, "bch", 'A', ballots);
  result = kp_store_results (store, "bch", 0, &checks, &error);
  g_assert_no_error (error);

  election = kp_store_get_election (store, "bch", 1, &error);
  tally = kp_tally_new (election);
  for (guint i = 0; i < ballots->len; i++)
    kp_tally_add (tally, ballots->pdata[i]);
  want = kp_tally_get_result (tally);
  got_json = kp_result_to_json (result);
  want_json = kp_result_to_json (want);
  g_assert_cmpstr (got_json, ==, want_json);

  info = kp_store_get_round_info (store, "bch", 0, &error);
  g_assert_cmpuint (info->entered[0], ==, 127);
  g_assert_cmpint (info->issued, ==, 127);

  /* R-RECON-1: until the box's count is recorded, the ballots entered
   * cannot be checked against it. */
  g_assert_cmpint (info->collected, ==, -1);
  g_assert_cmpstr (check_status (checks, "entered-eq-collected"), ==, "unknown");
  g_assert_cmpstr (check_status (checks, "valid-plus-invalid"), ==, "unknown");

  /* Recorded: every check is there and passes; single entry has no
   * passes to compare. */
  g_assert_true (kp_store_set_collected (store, "bch", 0, 127, "Lê Thị Đếm", &error));
  g_assert_no_error (error);
  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (store, "bch", 0, &checks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 4);
  for (guint i = 0; i < checks->len; i++)
    g_assert_cmpstr (((KpCheck *) checks->pdata[i])->status, ==, "ok");
  g_assert_null (check_status (checks, "passes-agree"));

  /* Closed and opened again: the same. */
  g_clear_pointer (&store, kp_store_close);
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (store, "bch", 0, NULL, &error);
  g_clear_pointer (&got_json, g_free);
  got_json = kp_result_to_json (result);
  g_assert_cmpstr (got_json, ==, want_json);
  assert_verifies (store);
}

/* A duplicate serial is refused and changes nothing; a void keeps the
 * history and lets the serial be entered again. */
static void
test_duplicate_and_void (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) first = kp_ballot_new_strike (1, 18);
  g_autoptr(KpBallot) again = kp_ballot_new_strike (1, 18);
  g_autoptr(KpBallot) saved = NULL;
  g_autoptr(GPtrArray) journal = NULL;

  for (guint no = 1; no <= 3; no++)
    kp_ballot_strike (first, no);
  kp_ballot_strike (again, 4);
  kp_ballot_strike (again, 5);
  kp_ballot_strike (again, 6);

  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "op", first, &error));
  g_assert_false (kp_store_enter (store, "bch", 0, 'A', "op", again, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "serial 1 is already entered in pass A of bch"));
  g_clear_error (&error);

  saved = kp_store_get_ballot (store, "bch", 0, 'A', 1, &error);
  g_assert_true (kp_ballot_equal (saved, first));

  g_assert_false (kp_store_void (store, "bch", 0, 'A', 2, "nhầm", "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kp_store_void (store, "bch", 0, 'A', 1, "nhập nhầm số", "op", &error));
  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "op", again, &error));
  g_clear_pointer (&saved, kp_ballot_free);
  saved = kp_store_get_ballot (store, "bch", 0, 'A', 1, &error);
  g_assert_true (kp_ballot_equal (saved, again));

  journal = kp_store_get_journal (store, &error);
  g_assert_cmpuint (journal->len, ==, 4); /* create, enter, void, enter */
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[2])->action, ==, "void");
  g_assert_nonnull (strstr (((KpJournalEntry *) journal->pdata[2])->content, "nhập nhầm số"));
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[1])->prev, ==, ((KpJournalEntry *) journal->pdata[0])->hash);
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[0])->prev, ==, KP_JOURNAL_GENESIS);
  assert_verifies (store);
}

/* Double entry: every kind of disagreement is listed, results count only
 * reconciled ballots, rulings settle them with who and why. */
static void
test_double_entry (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "dbct");
  g_autoptr(GPtrArray) pass_b = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) d = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) value = kp_ballot_new_strike (0, 9);
  KpBallot *b;

  g_assert_false (kp_store_enter (store, "dbct", 0, 'B', "op", ballots->pdata[0], &error));
  g_assert_nonnull (strstr (error->message, "single entry mode: pass B is not used"));
  g_clear_error (&error);
  g_assert_true (kp_store_set_mode (store, "dbct", KP_ENTRY_DOUBLE, NULL, "Trưởng ban", &error));

  for (guint i = 0; i < ballots->len; i++)
    g_ptr_array_add (pass_b, kp_ballot_copy (ballots->pdata[i]));
  /* serial 3: different marks; serial 5: flagged in B only; serial 9:
   * missing from B. */
  b = pass_b->pdata[2];
  kp_ballot_strike (b, b->struck[0] & 1 ? 2 : 1);
  kp_ballot_set_flag (pass_b->pdata[4], KP_INVALID_ADDED_NAME, NULL);
  g_ptr_array_remove_index (pass_b, 8);

  enter_all (store, "dbct", 'A', ballots);
  enter_all (store, "dbct", 'B', pass_b);

  d = kp_store_reconcile (store, "dbct", 0, &agreed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->len, ==, 3);
  g_assert_cmpuint (((KpDisagreement *) d->pdata[0])->serial, ==, 3);
  g_assert_cmpuint (((KpDisagreement *) d->pdata[1])->serial, ==, 5);
  g_assert_cmpuint (((KpDisagreement *) d->pdata[2])->serial, ==, 9);
  g_assert_null (((KpDisagreement *) d->pdata[2])->pass[1]);
  g_assert_cmpuint (agreed->len, ==, 124);

  result = kp_store_results (store, "dbct", 0, &checks, &error);
  g_assert_cmpuint (result->collected, ==, 124);
  g_assert_cmpstr (check_status (checks, "passes-agree"), ==, "failed");

  /* Rulings: A for 3, the committee's own reading for 5, "no such ballot"
   * (B lacks it) for 9. */
  /* Only the head settles: the passphrase that seals the signing key. */
  g_assert_false (kp_store_resolve (store, "dbct", 0, 3, 'A', NULL, "phiếu giấy như lượt A", HEAD, "Lê Văn Tùng", &error));
  g_assert_nonnull (strstr (error->message, "no signing key yet"));
  g_clear_error (&error);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_false (kp_store_resolve (store, "dbct", 0, 3, 'A', NULL, "phiếu giấy như lượt A", "sai", "Lê Văn Tùng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (kp_store_resolve (store, "dbct", 0, 3, 'A', NULL, "phiếu giấy như lượt A", HEAD, "Lê Văn Tùng", &error));
  kp_ballot_strike (value, 1);
  kp_ballot_strike (value, 2);
  g_assert_true (kp_store_resolve (store, "dbct", 0, 5, 'V', value, "Ban kiểm phiếu xem phiếu", HEAD, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_resolve (store, "dbct", 0, 9, 'B', NULL, "không có phiếu số 9", HEAD, "Lê Văn Tùng", &error));
  g_assert_false (kp_store_resolve (store, "dbct", 0, 500, 'A', NULL, "x", HEAD, "Lê Văn Tùng", &error));
  g_clear_error (&error);

  g_clear_pointer (&d, g_ptr_array_unref);
  g_clear_pointer (&agreed, g_ptr_array_unref);
  d = kp_store_reconcile (store, "dbct", 0, &agreed, &error);
  g_assert_cmpuint (d->len, ==, 3);
  for (guint i = 0; i < d->len; i++)
    g_assert_true (((KpDisagreement *) d->pdata[i])->resolved);
  g_assert_cmpstr (((KpDisagreement *) d->pdata[1])->operator, ==, "Lê Văn Tùng");
  g_assert_cmpuint (agreed->len, ==, 126); /* 124 + serial 3 + serial 5; 9 is no ballot */

  g_clear_pointer (&checks, g_ptr_array_unref);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (store, "dbct", 0, &checks, &error);
  g_assert_cmpuint (result->collected, ==, 126);
  g_assert_cmpstr (check_status (checks, "passes-agree"), ==, "ok");

  /* Changing a pass makes the ruling on that serial lapse. */
  g_assert_true (kp_store_void (store, "dbct", 0, 'B', 3, "nhập lại", "op", &error));
  g_clear_pointer (&d, g_ptr_array_unref);
  d = kp_store_reconcile (store, "dbct", 0, NULL, &error);
  g_assert_false (((KpDisagreement *) d->pdata[0])->resolved);
  g_assert_null (((KpDisagreement *) d->pdata[0])->pass[1]);

  /* Going back to single entry is refused while pass B holds ballots. */
  g_assert_false (kp_store_set_mode (store, "dbct", KP_ENTRY_SINGLE, NULL, "op", &error));
  g_clear_error (&error);
  assert_verifies (store);
}

/* R-PAUSE-1 */
static void
test_pause (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_store_set_paused (store, "bithu", TRUE, "xin ý kiến cấp trên", "Chủ tịch đoàn", &error));
  g_assert_false (kp_store_enter (store, "bithu", 0, 'A', "op", ballots->pdata[0], &error));
  g_assert_nonnull (strstr (error->message, "paused"));
  g_clear_error (&error);
  g_assert_true (kp_store_set_paused (store, "bithu", FALSE, "đã có ý kiến", "Chủ tịch đoàn", &error));
  g_assert_true (kp_store_enter (store, "bithu", 0, 'A', "op", ballots->pdata[0], &error));
  assert_verifies (store);
}

/* Issue 11: rehearsal ballots must never mix with the real count. The
 * switch works only on a file without ballots (live or voided): test
 * ballots entered with it on cannot become real ones by switching it off,
 * and real ones cannot be turned into a rehearsal. */
static void
test_rehearsal_switch (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autofree char *other = temp_path ("d.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(KpStore) real = create_demo (other);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(GError) error = NULL;

  /* An empty file: on, off, on again, as before (and the journal replays). */
  g_assert_true (kp_store_set_rehearsal (store, TRUE, "op", &error));
  g_assert_true (kp_store_set_rehearsal (store, FALSE, "op", &error));
  g_assert_false (kp_store_is_rehearsal (store));
  g_assert_true (kp_store_set_rehearsal (store, TRUE, "op", &error));
  g_assert_no_error (error);
  /* The congress's signing key is not made while the switch is on (its
   * key sheet would say THỬ NGHIỆM): nothing is journalled. */
  g_assert_false (kp_store_check_may_create_key (store, NULL));
  g_assert_false (kp_store_init_keys (store, HEAD, "op", NULL, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rehearsal mode (THỬ NGHIỆM)"));
  g_clear_error (&error);
  g_assert_null (kp_store_get_public_key (store));

  g_assert_true (kp_store_enter (store, "bithu", 0, 'A', "op", ballots->pdata[0], &error));
  g_assert_true (kp_store_enter (store, "bithu", 0, 'A', "op", ballots->pdata[1], &error));
  g_assert_false (kp_store_set_rehearsal (store, FALSE, "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ballots"));
  g_clear_error (&error);
  g_assert_true (kp_store_is_rehearsal (store));

  /* Voided ballots were entered too. */
  g_assert_true (kp_store_enter (real, "bithu", 0, 'A', "op", ballots->pdata[0], &error));
  g_assert_true (kp_store_void (real, "bithu", 0, 'A', 1, "nhập nhầm", "op", &error));
  g_assert_false (kp_store_set_rehearsal (real, TRUE, "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kp_store_is_rehearsal (real));
  assert_verifies (store);
  assert_verifies (real);

  /* A file from before the refusal: rehearsal switched off after ballots
   * (as the old switch allowed). It still opens and its journal replays. */
  {
    g_autoptr(GPtrArray) journal = kp_store_get_journal (store, &error);
    const KpJournalEntry *last = journal->pdata[journal->len - 1];
    g_autoptr(KpJournalEntry) off = kp_journal_entry_new ();
    g_autofree char *insert = NULL;

    off->seq = last->seq + 1;
    off->at = kp_journal_now ();
    off->operator = g_strdup ("op");
    off->action = g_strdup ("rehearsal");
    off->content = g_strdup ("{\"on\":false}");
    off->prev = g_strdup (last->hash);
    off->hash = kp_journal_entry_compute_hash (off);
    insert = g_strdup_printf ("INSERT INTO journal VALUES (%" G_GINT64_FORMAT ", '%s', 'op', 'rehearsal', "
                              "'{\"on\":false}', '%s', '%s'); UPDATE meta SET value = '0' WHERE key = 'rehearsal';",
                              off->seq, off->at, off->prev, off->hash);
    g_clear_pointer (&store, kp_store_close);
    sql (path, insert);
    store = kp_store_open (path, &error);
    g_assert_no_error (error);
    g_assert_false (kp_store_is_rehearsal (store));
    assert_verifies (store);
  }
}

/* Rehearsal results never pass for real ones: a rehearsal copy, and a
 * file with the old switch on, are never confirmed or signed — even with
 * every ballot entered, the box counted and a signing key made in it. */
static void
assert_rehearsal_not_confirmed (KpStore *store)
{
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = kp_store_get_rehearsal_source (store);

  enter_all (store, "bithu", 'A', ballots);
  g_assert_true (kp_store_set_collected (store, "bithu", 0, ballots->len, "Lê Văn Tùng", &error));
  /* A copy makes its own key; a file with the switch on has its key from
   * before (none is made while the switch is on). */
  if (source != NULL)
    g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_false (kp_store_confirm (store, "bithu", 0, HEAD, NULL, "kiểm thử", "Lê Văn Tùng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rehearsal"));
  g_clear_error (&error);
  g_assert_null (kp_store_get_confirmation (store, "bithu", 0, &error));
  info = kp_store_get_round_info (store, "bithu", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, !=, KP_ELECTION_CONFIRMED);
  assert_verifies (store);
}

static void
test_rehearsal_not_confirmed (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autofree char *copy_path = temp_path ("c-thu-nghiem.kiemphieu");
  g_autofree char *legacy_path = temp_path ("d.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(KpStore) legacy = create_demo (legacy_path);
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpResult) result = NULL;

  copy = kp_store_create_rehearsal (store, copy_path, "Kỹ thuật viên", &error);
  g_assert_no_error (error);
  assert_rehearsal_not_confirmed (copy);
  /* The copy's ballots never reached the real file. */
  result = kp_store_results (store, "bithu", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 0);

  g_assert_true (kp_store_init_keys (legacy, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_set_rehearsal (legacy, TRUE, "op", &error));
  assert_rehearsal_not_confirmed (legacy);
}

/* Issue 11: a rehearsal is a copy. It has the real file's elections,
 * rounds, lists and entry modes as they stand, is marked from its creation
 * and stays marked; its ballots never reach the real file, whose journal is
 * untouched; the signing key is not copied. */
static void
test_rehearsal_copy (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *copy_path = g_build_filename (dir, "c-thu-nghiem.kiemphieu", NULL);
  g_autofree char *fixture = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "fixtures",
                                               "r-tie-1-last-seat", NULL);
  g_autofree char *definition = g_build_filename (fixture, "definition.json", NULL);
  g_autofree char *csv = g_build_filename (fixture, "ballots.csv", NULL);
  g_autofree char *data = NULL;
  g_autofree char *source = NULL;
  g_autofree char *real_head = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpStore) copy = NULL;
  g_autoptr(KpStore) again = NULL;
  g_autoptr(KpElection) round1 = NULL;
  g_autoptr(KpElection) round2 = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *add[] = { "Hoàng Văn Em;1970-01-01", NULL };
  const guint drop[] = { 4 };
  const char *name;
  guint created = 0;
  guint n_journal;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "definition.json", "op", &error);
  g_assert_no_error (error);
  round1 = kp_store_get_election (store, "bch", 1, &error);
  ballots = kp_ballots_read_file (csv, round1, &error);
  g_assert_true (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, "op", &error));
  enter_all (store, "bch", 'A', ballots);
  enter_all (store, "bch", 'B', ballots);
  g_assert_true (kp_store_next_round (store, "bch", drop, 1, add, FALSE, "op", &created, &error));
  g_assert_no_error (error);
  g_assert_true (kp_store_init_keys (store, HEAD, "op", NULL, &error));
  journal = kp_store_get_journal (store, &error);
  n_journal = journal->len;
  real_head = g_strdup (((KpJournalEntry *) journal->pdata[n_journal - 1])->hash);

  copy = kp_store_create_rehearsal (store, copy_path, "Kỹ thuật viên", &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_cmpstr (kp_store_get_path (copy), ==, copy_path);
  g_assert_true (kp_store_is_rehearsal (copy));
  source = kp_store_get_rehearsal_source (copy);
  g_assert_cmpstr (source, ==, "c.kiemphieu");
  g_assert_null (kp_store_get_rehearsal_source (store));
  g_assert_false (kp_store_is_rehearsal (store));

  /* Marked from its creation: the entry after "create". */
  copied = kp_store_get_journal (copy, &error);
  g_assert_cmpstr (((KpJournalEntry *) copied->pdata[1])->action, ==, "rehearsal");
  g_assert_nonnull (strstr (((KpJournalEntry *) copied->pdata[1])->content, real_head));
  /* The rounds as they stand, no ballot, no key. */
  round2 = kp_store_get_election (copy, "bch", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (round2->round, ==, 2);
  g_assert_cmpstr (kp_election_get_candidate (round2, round2->candidates->len)->name, ==, "Hoàng Văn Em");
  info = kp_store_get_round_info (copy, "bch", 0, &error);
  g_assert_cmpint (info->mode, ==, KP_ENTRY_DOUBLE);
  g_assert_cmpuint (info->entered[0] + info->entered[1], ==, 0);
  g_assert_null (kp_store_get_fingerprint (copy));

  /* Test ballots go into the copy only. */
  ballot = kp_ballot_new_strike (1, round2->candidates->len);
  kp_ballot_strike (ballot, 1);
  g_assert_true (kp_store_enter (copy, "bch", 0, 'A', "op", ballot, &error));
  g_assert_true (kp_store_enter (copy, "bch", 0, 'B', "op", ballot, &error));
  result = kp_store_results (copy, "bch", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 1);
  g_clear_pointer (&result, kp_result_free);
  result = kp_store_results (store, "bch", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->collected, ==, 0);
  g_clear_pointer (&journal, g_ptr_array_unref);
  journal = kp_store_get_journal (store, &error);
  g_assert_cmpuint (journal->len, ==, n_journal);

  /* A rehearsal copy stays one, with or without ballots. */
  g_assert_false (kp_store_set_rehearsal (copy, FALSE, "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kp_store_is_rehearsal (copy));
  assert_verifies (copy);
  assert_verifies (store);

  /* Never over an existing file, and nothing left behind. */
  again = kp_store_create_rehearsal (store, copy_path, "op", &error);
  g_assert_null (again);
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_suffix (name, ".part"));
}

/* R-ROUND-1: the next round, its list changed before its first ballot. */
static void
test_rounds (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autofree char *fixture = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "fixtures",
                                               "r-tie-1-last-seat", NULL);
  g_autofree char *definition = g_build_filename (fixture, "definition.json", NULL);
  g_autofree char *csv = g_build_filename (fixture, "ballots.csv", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) round1 = NULL;
  g_autoptr(KpElection) round2 = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  const char *add[] = { "Hoàng Văn Em;1970-01-01", NULL };
  const guint drop[] = { 4 };
  guint created = 0;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "definition.json", "op", &error);
  g_assert_no_error (error);
  round1 = kp_store_get_election (store, "bch", 1, &error);

  g_assert_false (kp_store_next_round (store, "bch", NULL, 0, NULL, FALSE, "op", &created, &error));
  g_clear_error (&error);

  ballots = kp_ballots_read_file (csv, round1, &error);
  enter_all (store, "bch", 'A', ballots);
  g_assert_true (kp_store_next_round (store, "bch", NULL, 0, NULL, FALSE, "op", &created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 2);
  round2 = kp_store_get_election (store, "bch", 0, &error);
  g_assert_cmpuint (round2->round, ==, 2);
  g_assert_cmpuint (round2->seats, ==, 1);
  g_assert_cmpuint (round2->candidates->len, ==, 3); /* Bình, Cường (tied), Dung */
  g_assert_cmpuint (round2->base, ==, 12);

  /* R-ROUND-1: round 1 is closed once round 2 exists — no ballot, void or
   * ruling can change who it elected — and it can still be confirmed. */
  {
    g_autoptr(KpBallot) late = kp_ballot_new_strike (99, round1->candidates->len);
    g_autoptr(KpRoundInfo) info = kp_store_get_round_info (store, "bch", 1, &error);

    g_assert_cmpint (info->state, ==, KP_ELECTION_CLOSED);
    kp_ballot_strike (late, 1);
    g_assert_false (kp_store_enter (store, "bch", 1, 'A', "op", late, &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_LOCKED);
    g_clear_error (&error);
    g_assert_false (kp_store_void (store, "bch", 1, 'A', 1, "thử", "op", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_LOCKED);
    g_clear_error (&error);
    g_assert_false (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, "op", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_LOCKED);
    g_clear_error (&error);
  }

  g_assert_true (kp_store_next_round (store, "bch", drop, 1, add, TRUE, "op", &created, &error));
  g_clear_pointer (&round2, kp_election_free);
  round2 = kp_store_get_election (store, "bch", 2, &error);
  g_assert_cmpuint (round2->candidates->len, ==, 3);
  g_assert_cmpstr (kp_election_get_candidate (round2, 3)->name, ==, "Hoàng Văn Em");
  g_assert_cmpstr (kp_election_get_candidate (round2, 3)->born, ==, "1970-01-01");

  ballot = kp_ballot_new_strike (1, 3);
  kp_ballot_strike (ballot, 1);
  kp_ballot_strike (ballot, 3);
  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "op", ballot, &error));
  g_assert_false (kp_store_next_round (store, "bch", NULL, 0, NULL, TRUE, "op", &created, &error));
  g_assert_nonnull (strstr (error->message, "already has ballots"));
  g_clear_error (&error);
  assert_verifies (store);
}

typedef struct
{
  const char *name;
  const char *statement;
} Tamper;

static const Tamper tampers[] = {
  { "ballot-changed", "UPDATE ballots SET struck = '1 2 3' WHERE serial = 5" },
  { "ballot-added", "INSERT INTO ballots VALUES ('bch', 1, 'A', 999, '1 2 3', '', '', 'x', 999999, NULL, NULL, 0)" },
  { "ballot-removed", "DELETE FROM ballots WHERE serial = 7" },
  { "ballot-unvoided", "UPDATE ballots SET voided_seq = NULL WHERE voided_seq IS NOT NULL" },
  { "journal-content", "UPDATE journal SET content = replace(content, '\"serial\":5,', '\"serial\":6,') WHERE seq = 6" },
  { "journal-operator", "UPDATE journal SET operator = 'Người khác' WHERE seq = 3" },
  { "journal-entry-removed", "DELETE FROM journal WHERE seq = 10" },
  { "journal-time", "UPDATE journal SET at = '2020-06-15T09:00:00+07:00' WHERE seq = 4" },
  { "seats-changed", "UPDATE elections SET seats = 16 WHERE id = 'bch'" },
  { "issued-changed", "UPDATE elections SET issued = 200 WHERE id = 'bch'" },
  { "ballot-unreadable", "UPDATE ballots SET struck = '1 x' WHERE serial = 5" },
  { "flag-unknown", "UPDATE ballots SET invalid = 'bogus' WHERE serial = 5" },
  { "trigger-added", "CREATE TRIGGER forget AFTER INSERT ON auth_failures BEGIN DELETE FROM auth_failures; END" },
  { "view-added", "CREATE VIEW shadow AS SELECT * FROM ballots" },
};

/* Any edit made with the sqlite3 shell is found by verify. */
static void
test_tamper (gconstpointer data)
{
  const Tamper *t = data;
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bch");
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (ballots, 20);
  enter_all (store, "bch", 'A', ballots);
  g_assert_true (kp_store_void (store, "bch", 0, 'A', 11, "nhầm", "op", &error));
  assert_verifies (store);
  g_clear_pointer (&store, kp_store_close);

  sql (path, t->statement);

  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  g_test_message ("%s", report->str);
  g_assert_cmpuint (report->len, >, 0);
  /* Shown to a person: never cut inside a Vietnamese letter. */
  g_assert_true (g_utf8_validate (report->str, -1, NULL));
}

/* A row that cannot be read exactly stops the results with a message that
 * says which ballot and which column, and is never read as a valid ballot:
 * bad marks, an unknown flag, a struck list that is not KiemPhieu's. Even
 * when the journal and the tables agree (both rewritten), verify says so. */
static void
test_damaged_rows (void)
{
  static const struct
  {
    const char *election;
    const char *statement;
    const char *says;
  } cases[] = {
    { "bch", "UPDATE ballots SET struck = '1 x' WHERE serial = 5 AND election = 'bch'", "its struck \"1 x\"" },
    { "bch", "UPDATE ballots SET struck = '3 1' WHERE serial = 5 AND election = 'bch'", "its struck \"3 1\"" },
    { "bch", "UPDATE ballots SET struck = '1 19' WHERE serial = 5 AND election = 'bch'", "its struck \"1 19\"" },
    { "bch", "UPDATE ballots SET invalid = 'bogus' WHERE serial = 5 AND election = 'bch'", "its invalid \"bogus\"" },
    { "bch", "UPDATE ballots SET invalid = 'over-vote' WHERE serial = 5 AND election = 'bch'", "its invalid" },
    { "bch", "UPDATE ballots SET marks = 'Y' WHERE serial = 5 AND election = 'bch'", "its marks" },
    { "bithu", "UPDATE ballots SET marks = 'X' WHERE serial = 2 AND election = 'bithu'", "its marks \"X\"" },
    { "bithu", "UPDATE ballots SET marks = 'YY' WHERE serial = 2 AND election = 'bithu'", "its marks \"YY\"" },
    { "bithu", "UPDATE ballots SET marks = '' WHERE serial = 2 AND election = 'bithu'", "its marks \"\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = temp_path ("c.kiemphieu");
      g_autoptr(KpStore) store = create_demo (path);
      g_autoptr(GPtrArray) bch = demo_ballots (store, "bch");
      g_autoptr(GPtrArray) bithu = demo_ballots (store, "bithu");
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KpResult) result = NULL;
      g_autoptr(GHashTable) pass = NULL;

      g_test_message ("%s", cases[i].statement);
      g_ptr_array_set_size (bch, 10);
      g_ptr_array_set_size (bithu, 10);
      enter_all (store, "bch", 'A', bch);
      enter_all (store, "bithu", 'A', bithu);
      g_clear_pointer (&store, kp_store_close);
      sql (path, cases[i].statement);

      store = kp_store_open (path, &error);
      g_assert_no_error (error);
      result = kp_store_results (store, cases[i].election, 0, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_nonnull (strstr (error->message, cases[i].election));
      g_assert_nonnull (strstr (error->message, "pass A"));
      g_clear_error (&error);
      pass = kp_store_get_pass (store, cases[i].election, 0, 'A', &error);
      g_assert_null (pass);
      g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
      g_clear_error (&error);

      g_assert_false (kp_store_verify (store, report, &error));
      g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
      g_assert_nonnull (strstr (report->str, cases[i].says));
    }
}

/* A round whose stored list is empty or not a list is damaged: said, never
 * a crash or a warning (json-glib loads "" with no root). */
static void
test_damaged_round (void)
{
  const char *lists[] = { "", "   ", "{}", "[1,2]", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *path = temp_path ("c.kiemphieu");
      g_autoptr(KpStore) store = create_demo (path);
      g_autoptr(KpElection) election = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *statement = g_strdup_printf ("UPDATE elections SET candidates = '%s' WHERE id = 'bch'",
                                                    lists[i]);

      g_clear_pointer (&store, kp_store_close);
      sql (path, statement);
      store = kp_store_open (path, &error);
      g_assert_no_error (error);
      election = kp_store_get_election (store, "bch", 0, &error);
      g_assert_null (election);
      g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_CORRUPT);
    }
}

static char *
checksum_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* Files that are not ours, damaged or newer are refused and not touched. */
static void
test_refused (void)
{
  g_autofree char *text = temp_path ("text.kiemphieu");
  g_autofree char *other = temp_path ("other.kiemphieu");
  g_autofree char *newer = temp_path ("newer.kiemphieu");
  g_autofree char *damaged = temp_path ("damaged.kiemphieu");
  struct
  {
    const char *path;
    KpStoreError code;
  } cases[] = {
    { text, KP_STORE_ERROR_NOT_CONGRESS },
    { other, KP_STORE_ERROR_NOT_CONGRESS },
    { newer, KP_STORE_ERROR_NEWER },
    { damaged, KP_STORE_ERROR_CORRUPT },
  };

  g_assert_true (g_file_set_contents (text, "Biên bản kiểm phiếu\n", -1, NULL));
  sql (other, "CREATE TABLE x (a); INSERT INTO x VALUES (1);");
  {
    g_autoptr(KpStore) store = create_demo (newer);
  }
  sql (newer, "PRAGMA user_version = 99");
  {
    g_autoptr(KpStore) store = create_demo (damaged);
    g_autoptr(GPtrArray) ballots = demo_ballots (store, "bch");
    enter_all (store, "bch", 'A', ballots);
  }
  sql (damaged, "PRAGMA wal_checkpoint(TRUNCATE)");
  {
    /* Overwrite the page headers of pages 2 to 8, as a bad sector would. */
    g_autofree char *data = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (damaged, &data, &length, NULL));
    g_assert_cmpuint (length, >, 8 * 4096);
    for (guint page = 1; page < 8; page++)
      memset (data + page * 4096, 0xff, 12);
    g_assert_true (g_file_set_contents (damaged, data, length, NULL));
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = checksum_file (cases[i].path);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KpStore) store = kp_store_open (cases[i].path, &error);

      if (store != NULL)
        g_error ("%s was opened", cases[i].path);
      g_assert_error (error, KP_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].path));
      after = checksum_file (cases[i].path);
      g_assert_cmpstr (before, ==, after);
    }
}

/* create never overwrites; a refused definition leaves no file. */
static void
test_create_refusals (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = create_demo (path);
  const char *bad = "{\"format\":\"kiemphieu/election@1\"}";
  g_autofree char *other = temp_path ("d.kiemphieu");

  g_assert_null (kp_store_create (path, bad, strlen (bad), "d.json", "op", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_autofree char *definition = demo_path ("daihoi.json");
    g_autofree char *data = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
    g_assert_null (kp_store_create (path, data, length, "daihoi.json", "op", &error));
    g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_EXISTS);
    g_clear_error (&error);
  }
  g_assert_null (kp_store_create (other, bad, strlen (bad), "d.json", "op", &error));
  g_assert_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* A full disk: a clear error, and every ballot saved before it is there. */
static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-full-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.kiemphieu", NULL);
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) saved = NULL;
  guint entered = 0;

  if (mount ("tmpfs", dir, "tmpfs", 0, "size=512k") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }
  store = create_demo (path);
  for (guint serial = 1; serial < 100000; serial++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (serial, 18);
      kp_ballot_strike (ballot, 1 + serial % 18);
      kp_ballot_strike (ballot, 1 + (serial + 5) % 18);
      kp_ballot_strike (ballot, 1 + (serial + 9) % 18);
      if (!kp_store_enter (store, "bch", 0, 'A', "op", ballot, &error))
        break;
      entered++;
    }
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_assert_nonnull (strstr (error->message, "nothing already saved is lost"));
  g_assert_cmpuint (entered, >, 10);
  g_clear_pointer (&store, kp_store_close);
  g_clear_error (&error);

  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  saved = kp_store_get_pass (store, "bch", 0, 'A', &error);
  g_assert_cmpuint (g_hash_table_size (saved), ==, entered);
  assert_verifies (store);
  g_clear_pointer (&store, kp_store_close);
  g_assert_cmpint (umount (dir), ==, 0);
}

/* A read-only location: a clear error on create and on entering. */
static void
test_read_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-ro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.kiemphieu", NULL);
  g_autofree char *path2 = g_build_filename (dir, "new.kiemphieu", NULL);
  g_autofree char *definition = demo_path ("daihoi.json");
  g_autofree char *data = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpBallot) ballot = kp_ballot_new_strike (1, 18);
  gsize length;

  if (mount ("tmpfs", dir, "tmpfs", 0, "size=4m") != 0)
    {
      g_test_skip ("cannot mount a tmpfs here (needs root)");
      return;
    }
  {
    g_autoptr(KpStore) s = create_demo (path);
  }
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=4m"), ==, 0);
  before = checksum_file (path);

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  g_assert_null (kp_store_create (path2, data, length, "daihoi.json", "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_READ_ONLY);
  g_assert_false (g_file_test (path2, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = kp_store_open (path, &error);
  if (store != NULL)
    {
      for (guint no = 1; no <= 5; no++)
        kp_ballot_strike (ballot, no);
      g_assert_false (kp_store_enter (store, "bch", 0, 'A', "op", ballot, &error));
    }
  g_assert_nonnull (error);
  g_assert_true (error->code == KP_STORE_ERROR_READ_ONLY || error->code == KP_STORE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_pointer (&store, kp_store_close);
  after = checksum_file (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (umount (dir), ==, 0);
}

/* The rate limit's clocks, moved by hand (kp-store-auth.c). */
static KpAuthClock fake_clock;

static void
fake_now (KpAuthClock *now)
{
  *now = fake_clock;
}

static void
fake_sleep (guint seconds)
{
  fake_clock.wall += seconds;
  fake_clock.uptime += seconds;
}

static void
use_fake_clock (const char *boot,
                gint64      wall,
                gint64      uptime)
{
  g_strlcpy (fake_clock.boot, boot, sizeof fake_clock.boot);
  fake_clock.wall = wall;
  fake_clock.uptime = uptime;
  _kp_store_auth_set_clock (fake_now, fake_sleep);
}

/* A congress file with its signing key. */
static KpStore *
keyed_demo (char **path_out)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(GError) error = NULL;
  KpStore *store = create_demo (path);

  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return store;
}

/* One attempt with the head's passphrase; TRUE when it unlocked. */
static gboolean
try_head (KpStore    *store,
          const char *passphrase,
          GError    **error)
{
  g_autoptr(KpKey) key = _kp_store_unlock_head (store, passphrase, "release", N_ ("releasing the results to the hall"),
                                                "Nguyễn Văn Thử", error);
  return key != NULL;
}

static void
assert_wrong (KpStore    *store,
              const char *passphrase,
              const char *says)
{
  g_autoptr(GError) error = NULL;
  gboolean unlocked = try_head (store, passphrase, &error);

  g_assert_false (unlocked);
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

static guint
count_action (KpStore    *store,
              const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = kp_store_get_journal (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < journal->len; i++)
    if (g_str_equal (((KpJournalEntry *) journal->pdata[i])->action, action))
      n++;
  return n;
}

/* Wrong passphrases are rate-limited: five within ten minutes lock the
 * head out for the rest of the ten minutes, the right passphrase too, at
 * once (nothing is tried, nothing recorded). Every attempt is a journal
 * entry ("unlock") before the passphrase is tried; a right one is followed
 * by "unlocked", signed with the key. Setting the date ahead does not
 * shorten the wait: within a boot it is measured on the boot-time clock. */
static void
test_rate_limit (void)
{
  g_autoptr(KpStore) store = keyed_demo (NULL);
  g_autoptr(GError) error = NULL;

  use_fake_clock ("boot-a", 1750000000, 1000);
  for (guint i = 0; i < 5; i++)
    assert_wrong (store, "sai mật khẩu", "wrong passphrase");
  g_assert_cmpuint (count_action (store, "unlock"), ==, 5);
  /* Each wrong one cost two seconds: the first is 10 s old. */
  assert_wrong (store, HEAD, "5 wrong passphrases in ten minutes: wait 590 seconds");
  g_assert_cmpuint (count_action (store, "unlock"), ==, 5);

  /* The date set 11 minutes ahead: still locked. */
  fake_clock.wall += 11 * 60;
  assert_wrong (store, HEAD, "wait 590 seconds");
  fake_clock.uptime += 589;
  assert_wrong (store, HEAD, "wait 1 seconds");
  fake_clock.uptime += 1;
  g_assert_true (try_head (store, HEAD, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_action (store, "unlock"), ==, 6);
  g_assert_cmpuint (count_action (store, "unlocked"), ==, 1);
  /* A right passphrase does not wipe the wrong ones before it. */
  fake_clock.uptime += 600;
  for (guint i = 0; i < 4; i++)
    assert_wrong (store, "sai mật khẩu", "wrong passphrase");
  g_assert_true (try_head (store, HEAD, &error));
  g_assert_no_error (error);
  assert_wrong (store, "sai mật khẩu", "wrong passphrase");
  assert_wrong (store, HEAD, "5 wrong passphrases in ten minutes");
  assert_verifies (store);
  _kp_store_auth_set_clock (NULL, NULL);
}

/* Across a reboot the boot-time clock starts again: the wrong passphrases
 * of the earlier boot count until both this boot's uptime and the date say
 * ten minutes have passed — a date set back (a failure "in the future")
 * only makes the head wait the uptime out; a date set ahead across a
 * reboot is believed (docs/security.md, limits). */
static void
test_rate_limit_reboot (void)
{
  g_autoptr(KpStore) store = keyed_demo (NULL);
  g_autoptr(GError) error = NULL;

  use_fake_clock ("boot-a", 1750000000, 5000);
  for (guint i = 0; i < 5; i++)
    assert_wrong (store, "sai mật khẩu", "wrong passphrase");
  /* Rebooted a minute later. */
  use_fake_clock ("boot-b", 1750000070, 20);
  assert_wrong (store, HEAD, "wait 530 seconds");
  /* Rebooted with the date a day behind: the uptime decides. */
  use_fake_clock ("boot-c", 1750000070 - 86400, 20);
  assert_wrong (store, HEAD, "wait 580 seconds");
  fake_clock.uptime = 600;
  g_assert_true (try_head (store, HEAD, &error));
  g_assert_no_error (error);

  /* Five more; rebooted with the date set 11 minutes ahead: believed. */
  for (guint i = 0; i < 5; i++)
    assert_wrong (store, "sai mật khẩu", "wrong passphrase");
  use_fake_clock ("boot-d", fake_clock.wall + 11 * 60, 20);
  g_assert_true (try_head (store, HEAD, &error));
  g_assert_no_error (error);
  assert_verifies (store);
  _kp_store_auth_set_clock (NULL, NULL);
}

typedef struct
{
  KpStore *store; /* its own connection */
  GError *error;
} Attempt;

static gpointer
attempt_thread (gpointer data)
{
  Attempt *a = data;

  g_assert_false (kp_store_release_projector (a->store, "bch", 0, "sai mật khẩu", "Nguyễn Văn Thử", &a->error));
  return NULL;
}

/* Forty wrong attempts started at once, each from its own connection to
 * the file: the check and the record are one write transaction, so five
 * are tried and the others refused without trying. */
static void
test_rate_limit_parallel (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KpStore) store = keyed_demo (&path);
  Attempt attempts[40] = { 0 };
  GThread *threads[G_N_ELEMENTS (attempts)];
  guint wrong = 0, waiting = 0;

  _kp_store_auth_set_clock (NULL, NULL);
  /* Opened one after the other (opening is not what is tested), then the
   * forty attempts at once. */
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autoptr(GError) error = NULL;
      attempts[i].store = kp_store_open (path, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    threads[i] = g_thread_new ("attempt", attempt_thread, &attempts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_thread_join (threads[i]);
      g_clear_pointer (&attempts[i].store, kp_store_close);
      g_assert_error (attempts[i].error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
      if (strstr (attempts[i].error->message, "wrong passphrase: ") != NULL)
        wrong++;
      else if (strstr (attempts[i].error->message, "wrong passphrases in ten minutes: wait") != NULL)
        waiting++;
      g_clear_error (&attempts[i].error);
    }
  g_assert_cmpuint (wrong, ==, 5);
  g_assert_cmpuint (waiting, ==, 35);
  g_assert_cmpuint (count_action (store, "unlock"), ==, 5);
  assert_verifies (store);
}

/* The record of wrong passphrases is the journal's: deleting the rows the
 * rate limit reads, deleting the attempts from the journal, or adding an
 * "unlocked" entry that the head's key did not sign is found by verify. */
static void
test_rate_limit_tamper (void)
{
  static const char *const edits[] = {
    "DELETE FROM auth_failures",
    "UPDATE auth_failures SET uptime = uptime - 3600",
    "DELETE FROM auth_failures WHERE seq = (SELECT max(seq) FROM auth_failures);"
    "DELETE FROM journal WHERE seq = (SELECT max(seq) FROM journal WHERE action = 'unlock')",
    "CREATE TRIGGER forget AFTER INSERT ON auth_failures BEGIN DELETE FROM auth_failures; END",
  };

  _kp_store_auth_set_clock (NULL, NULL);
  for (guint i = 0; i <= G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(KpStore) store = keyed_demo (&path);
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ballots = demo_ballots (store, "bch");

      use_fake_clock ("boot-a", 1750000000, 1000);
      for (guint k = 0; k < 3; k++)
        assert_wrong (store, "sai mật khẩu", "wrong passphrase");
      /* Entries after the attempts, so that a removed one is not the tail. */
      g_ptr_array_set_size (ballots, 3);
      enter_all (store, "bch", 'A', ballots);
      assert_verifies (store);
      g_clear_pointer (&store, kp_store_close);

      if (i < G_N_ELEMENTS (edits))
        sql (path, edits[i]);
      else
        {
          /* A forged "unlocked" for the last attempt, chained correctly,
           * its row removed to match: only the head's signature is missing. */
          sqlite3 *db;
          sqlite3_stmt *stmt;
          g_autoptr(KpJournalEntry) e = kp_journal_entry_new ();
          gint64 attempt = 0;
          g_autofree char *insert = NULL;

          g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT max(seq) FROM auth_failures), seq, hash FROM journal"
                                                   " ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          attempt = sqlite3_column_int64 (stmt, 0);
          e->seq = sqlite3_column_int64 (stmt, 1) + 1;
          e->prev = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          sqlite3_finalize (stmt);
          e->at = kp_journal_now ();
          e->operator = g_strdup ("Nguyễn Văn Thử");
          e->action = g_strdup ("unlocked");
          e->content = g_strdup_printf ("{\"attempt\":%" G_GINT64_FORMAT "}", attempt);
          e->hash = kp_journal_entry_compute_hash (e);
          insert = sqlite3_mprintf ("INSERT INTO journal VALUES (%lld, %Q, %Q, %Q, %Q, %Q, %Q);"
                                    "DELETE FROM auth_failures WHERE seq = %lld",
                                    (long long) e->seq, e->at, e->operator, e->action, e->content, e->prev, e->hash,
                                    (long long) attempt);
          g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
          sqlite3_free (g_steal_pointer (&insert));
          sqlite3_close (db);
        }
      store = kp_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_false (kp_store_verify (store, report, &error));
      g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
      g_test_message ("%s", report->str);
      _kp_store_auth_set_clock (NULL, NULL);
    }
}

/* A full disk: the attempt cannot be recorded, so the passphrase is not
 * tried — right or wrong, the answer is the full disk, never "wrong". */
static void
test_rate_limit_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kp-full-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.kiemphieu", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(KpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char block[4096] = { 0 };
  FILE *f;

  if (mount ("tmpfs", dir, "tmpfs", 0, "size=1m") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root)");
      return;
    }
  _kp_store_auth_set_clock (NULL, NULL);
  store = create_demo (path);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  g_assert_no_error (error);
  f = fopen (filler, "w");
  while (fwrite (block, 1, sizeof block, f) == sizeof block && fflush (f) == 0)
    ;
  fclose (f);

  g_assert_false (try_head (store, "sai mật khẩu", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "is not tried"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (try_head (store, HEAD, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_FULL);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (try_head (store, HEAD, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_action (store, "unlock"), ==, 1);
  assert_verifies (store);
  g_clear_pointer (&store, kp_store_close);
  g_assert_cmpint (umount (dir), ==, 0);
}

static const KpJournalEntry *
last_entry (GPtrArray *journal)
{
  return g_ptr_array_index (journal, journal->len - 1);
}

/* Releasing a round to the hall is the head's decision: it takes the
 * passphrase, is journalled ("release"), is read back from the file after a
 * restart and is replayed by verify; hiding needs no passphrase and is
 * journalled too ("hide"). */
static void
test_projector_release (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  guint before;

  g_assert_false (kp_store_is_projector_released (store, "bch", 0, &error));
  g_assert_no_error (error);
  /* No signing key yet: nobody can release. */
  g_assert_false (kp_store_release_projector (store, "bch", 0, HEAD, "Lê Văn Tùng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kp_store_init_keys (store, HEAD, "Lê Văn Tùng", NULL, &error));
  journal = kp_store_get_journal (store, &error);
  before = journal->len;
  g_clear_pointer (&journal, g_ptr_array_unref);

  /* A wrong passphrase is refused and nothing is released; the attempt
   * itself is in the journal (rate limit). */
  g_assert_false (kp_store_release_projector (store, "bch", 0, "sai mật khẩu", "Lê Văn Tùng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_false (kp_store_is_projector_released (store, "bch", 1, &error));
  journal = kp_store_get_journal (store, &error);
  g_assert_cmpuint (journal->len, ==, before + 1);
  g_assert_cmpstr (last_entry (journal)->action, ==, "unlock");
  g_assert_true (g_str_has_prefix (last_entry (journal)->content, "{\"for\":\"release\",\"wall\":"));
  g_clear_pointer (&journal, g_ptr_array_unref);
  /* No such election: refused. */
  g_assert_false (kp_store_release_projector (store, "khong-co", 0, HEAD, "Lê Văn Tùng", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (kp_store_release_projector (store, "bch", 0, HEAD, "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  g_assert_true (kp_store_is_projector_released (store, "bch", 1, &error));
  g_assert_false (kp_store_is_projector_released (store, "bithu", 1, &error));
  journal = kp_store_get_journal (store, &error);
  /* The attempt, the passphrase found right (signed), the release. */
  g_assert_cmpuint (journal->len, ==, before + 4);
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[before + 1])->action, ==, "unlock");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[before + 2])->action, ==, "unlocked");
  g_assert_cmpstr (last_entry (journal)->action, ==, "release");
  g_assert_cmpstr (last_entry (journal)->operator, ==, "Lê Văn Tùng");
  /* The head's decision, signed with the head's key (kp-store-head.c). */
  g_assert_true (g_str_has_prefix (last_entry (journal)->content, "{\"election\":\"bch\",\"round\":1,\"head_signature\":"));
  g_clear_pointer (&journal, g_ptr_array_unref);
  /* Released already: no second entry, no passphrase asked. */
  g_assert_true (kp_store_release_projector (store, "bch", 1, NULL, "Lê Văn Tùng", &error));
  assert_verifies (store);

  /* A restart keeps it: it is read from the file. */
  g_clear_pointer (&store, kp_store_close);
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kp_store_is_projector_released (store, "bch", 0, &error));

  /* Hiding takes no passphrase, and is journalled. */
  g_assert_true (kp_store_hide_projector (store, "bch", 0, "Trần Văn Kỹ", &error));
  g_assert_no_error (error);
  g_assert_false (kp_store_is_projector_released (store, "bch", 1, &error));
  journal = kp_store_get_journal (store, &error);
  g_assert_cmpuint (journal->len, ==, before + 5);
  g_assert_cmpstr (last_entry (journal)->action, ==, "hide");
  assert_verifies (store);
}

/* The results and checks of bch again, after a change. */
static void
recount (KpStore    *store,
         KpResult  **result,
         GPtrArray **checks)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (checks, g_ptr_array_unref);
  g_clear_pointer (result, kp_result_free);
  *result = kp_store_results (store, "bch", 0, checks, &error);
  g_assert_no_error (error);
}

/* R-RECON-1: every check printed on the minutes can fail, each on its own
 * numbers: the box's count against the ballots issued and entered, the
 * judge's valid and invalid ballots against the box, the passes against
 * each other, the ballots issued against those present. */
static void
test_checks_can_fail (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bch");
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) other = NULL;

  enter_all (store, "bch", 'A', ballots);

  /* 128 counted from the box, 127 issued, 127 entered. */
  g_assert_true (kp_store_set_collected (store, "bch", 0, 128, "Lê Thị Đếm", &error));
  result = kp_store_results (store, "bch", 0, &checks, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (check_status (checks, "collected-le-issued"), ==, "failed");
  g_assert_cmpstr (check_status (checks, "entered-eq-collected"), ==, "failed");
  g_assert_cmpstr (check_status (checks, "valid-plus-invalid"), ==, "failed");
  g_assert_cmpstr (check_status (checks, "issued-le-present"), ==, "ok");

  /* A ballot lost between the box and the table: 127 counted, 126 entered. */
  g_assert_true (kp_store_set_collected (store, "bch", 0, 127, "Lê Thị Đếm", &error));
  g_assert_true (kp_store_void (store, "bch", 0, 'A', 1, "kiểm thử", "Lê Thị Đếm", &error));
  recount (store, &result, &checks);
  g_assert_cmpstr (check_status (checks, "collected-le-issued"), ==, "ok");
  g_assert_cmpstr (check_status (checks, "entered-eq-collected"), ==, "failed");
  g_assert_cmpstr (check_status (checks, "valid-plus-invalid"), ==, "failed");
  g_assert_true (kp_store_enter (store, "bch", 0, 'A', "op", ballots->pdata[0], &error));

  /* More ballots issued than delegates present (127). */
  g_assert_true (kp_store_set_issued (store, "bch", 0, 128, "Lê Thị Đếm", &error));
  recount (store, &result, &checks);
  g_assert_cmpstr (check_status (checks, "issued-le-present"), ==, "failed");
  g_assert_cmpstr (check_status (checks, "entered-eq-collected"), ==, "ok");
  g_assert_cmpstr (check_status (checks, "valid-plus-invalid"), ==, "ok");

  /* Double entry: pass B differs on one ballot. Ballots exist: the head
   * decides the change of mode. */
  g_assert_false (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, NULL, "Lê Thị Đếm", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_set_mode (store, "bch", KP_ENTRY_DOUBLE, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  enter_all (store, "bch", 'B', ballots);
  g_assert_true (kp_store_void (store, "bch", 0, 'B', 5, "kiểm thử", "Lê Thị Đếm", &error));
  other = kp_ballot_copy (ballots->pdata[4]);
  kp_ballot_strike (other, kp_ballot_is_struck (other, 1) ? 2 : 1);
  g_assert_true (kp_store_enter (store, "bch", 0, 'B', "op", other, &error));
  g_assert_no_error (error);
  recount (store, &result, &checks);
  g_assert_cmpstr (check_status (checks, "passes-agree"), ==, "failed");
  assert_verifies (store);
}

/* An insider's rewrite: the members of every @action entry of @journal set
 * to new values (pairs, NULL-terminated), and the hash chain recomputed
 * from there on, written back into the file's journal. */
static void
rewrite_journal (const char *path,
                 GPtrArray  *journal,
                 const char *action,
                 const char *const *members)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < journal->len; i++)
    {
      KpJournalEntry *e = journal->pdata[i];
      if (i > 0)
        {
          g_free (e->prev);
          e->prev = g_strdup (((KpJournalEntry *) journal->pdata[i - 1])->hash);
        }
      if (g_str_equal (e->action, action))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          JsonObject *o;

          g_assert_true (json_parser_load_from_data (parser, e->content, -1, NULL));
          o = json_node_get_object (json_parser_get_root (parser));
          for (guint m = 0; members[m]; m += 2)
            json_object_set_string_member (o, members[m], members[m + 1]);
          json_generator_set_root (generator, json_parser_get_root (parser));
          g_free (e->content);
          e->content = json_generator_to_data (generator, NULL);
        }
      g_free (e->hash);
      e->hash = kp_journal_entry_compute_hash (e);
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
}

/* The journal head printed on the minutes is checked: a confirmation
 * whose recorded head is not the entry before it fails verify, even when
 * the journal and the table were rewritten consistently. */
static void
test_journal_head_checked (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = g_strnfill (64, 'f');
  const char *members[] = { "journal_head", forged, NULL };

  enter_all (store, "bithu", 'A', ballots);
  g_assert_true (kp_store_set_collected (store, "bithu", 0, ballots->len, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_confirm (store, "bithu", 0, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", NULL, "kiểm thử", "Lê Văn Tùng",
                                   &error));
  g_assert_no_error (error);
  assert_verifies (store);

  journal = kp_store_get_journal (store, &error);
  g_clear_pointer (&store, kp_store_close);
  rewrite_journal (path, journal, "confirm", members);
  {
    g_autofree char *statement = g_strdup_printf ("UPDATE confirmations SET journal_head = '%s'", forged);
    sql (path, statement);
  }
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (report->str, "journal head recorded at its confirmation"));
}

/* The head signs only what the journal gives: a ballot edited with
 * sqlite3 between sessions (one vote made invalid) is found when the head
 * confirms, and nothing is confirmed or signed; put back, it confirms. */
static void
test_confirm_verifies (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *head = "Trưởng ban kiểm phiếu: cây đa bến nước sân đình";

  enter_all (store, "bithu", 'A', ballots);
  g_assert_true (kp_store_set_collected (store, "bithu", 0, ballots->len, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_init_keys (store, head, "Lê Văn Tùng", NULL, &error));
  sql (path, "UPDATE ballots SET invalid = 'identifying-mark' WHERE election = 'bithu' AND serial = 1 AND invalid = ''");

  g_assert_false (kp_store_confirm (store, "bithu", 0, head, NULL, "kiểm thử", "Lê Văn Tùng", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "changed outside KiemPhieu, so nothing is confirmed or signed"));
  g_assert_nonnull (strstr (error->message, "table ballots"));
  g_assert_nonnull (strstr (error->message, "identifying-mark"));
  g_clear_error (&error);
  info = kp_store_get_round_info (store, "bithu", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, !=, KP_ELECTION_CONFIRMED);

  sql (path, "UPDATE ballots SET invalid = '' WHERE election = 'bithu' AND serial = 1");
  g_assert_true (kp_store_confirm (store, "bithu", 0, head, NULL, "kiểm thử", "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  assert_verifies (store);
}

/* R-LIST-2: results confirmed before the result JSON carried namesakes'
 * dates of birth ("born") were signed without them; such a file still
 * verifies. Built here by rewriting a confirmation into that earlier form,
 * signature, journal entry and chain included. */
static void
test_verify_before_born (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autofree char *definition = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "fixtures", "r-list-2-namesakes",
                                                  "definition.json", NULL);
  g_autofree char *csv = g_build_filename (g_getenv ("KP_SRCDIR"), "tests", "fixtures", "r-list-2-namesakes",
                                           "ballots.csv", NULL);
  g_autofree char *data = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GPtrArray) ballots = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KpConfirmation) c = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GRegex) born = g_regex_new (",\"born\":\"[0-9-]*\"", 0, 0, NULL);
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *signature64 = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(KpKey) key = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gsize length;

  g_assert_true (g_file_get_contents (definition, &data, &length, NULL));
  store = kp_store_create (path, data, length, "namesakes.json", "Lê Văn Tùng", &error);
  g_assert_no_error (error);
  election = kp_store_get_election (store, "bch", 0, &error);
  ballots = kp_ballots_read_file (csv, election, &error);
  g_assert_no_error (error);
  enter_all (store, "bch", 'A', ballots);
  g_assert_true (kp_store_set_collected (store, "bch", 0, ballots->len, "Lê Văn Tùng", &error));
  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  result = kp_store_results (store, "bch", 0, &checks, &error);
  for (guint i = 0; i < checks->len; i++)
    g_hash_table_insert (explanations, ((KpCheck *) checks->pdata[i])->check, (gpointer) "kiểm thử");
  g_assert_true (kp_store_confirm (store, "bch", 0, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", explanations, "kiểm thử", "Lê Văn Tùng",
                                   &error));
  g_assert_no_error (error);
  assert_verifies (store);

  /* The earlier form: the same result without "born", signed so. */
  c = kp_store_get_confirmation (store, "bch", 0, &error);
  g_assert_nonnull (strstr (c->result, "\"born\":"));
  legacy = g_regex_replace_literal (born, c->result, -1, 0, "", 0, NULL);
  {
    g_autofree char *sealed = NULL;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'sealed_key'", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    sealed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    key = kp_key_unseal (sealed, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", &error);
    g_assert_no_error (error);
  }
  signature = kp_key_sign (key, legacy, strlen (legacy), &error);
  signature64 = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  digest = kp_result_digest_json (legacy);

  /* The confirmation row, its journal entry and the chain after it. */
  journal = kp_store_get_journal (store, &error);
  g_clear_pointer (&store, kp_store_close);
  {
    const char *members[] = { "result", legacy, "digest", digest, "signature", signature64, NULL };
    rewrite_journal (path, journal, "confirm", members);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE confirmations SET result = ?1, digest = ?2, signature = ?3", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, legacy, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, signature64, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  if (!kp_store_verify (store, report, &error))
    g_error ("verify failed: %s\n%s", error->message, report->str);
}

/* The message of opening @path in @locale; the test's locale is restored. */
static char *
open_message (const char *path,
              const char *locale)
{
  g_autoptr(GError) error = NULL;
  KpStore *store;

  g_assert_nonnull (setlocale (LC_ALL, locale));
  store = kp_store_open (path, &error);
  setlocale (LC_ALL, "C.UTF-8");
  g_assert_null (store);
  g_assert_error (error, KP_STORE_ERROR, error->code);
  return g_strdup (error->message);
}

/* An empty file, random bytes, another program's database and a congress
 * file cut in half are each named for what they are, in English under C and
 * in Vietnamese under vi_VN; sqlite's own words come only after the
 * sentence, as a detail. */
static void
test_open_foreign_files (void)
{
  g_autofree char *empty = temp_path ("empty.kiemphieu");
  g_autofree char *noise = temp_path ("noise.kiemphieu");
  g_autofree char *foreign = temp_path ("foreign.kiemphieu");
  g_autofree char *cut = temp_path ("cut.kiemphieu");
  g_autofree char *whole = temp_path ("whole.kiemphieu");
  g_autofree char *data = NULL;
  gsize length;
  guchar bytes[8192];
  struct { const char *path, *en, *vi; } cases[] = {
    { empty, "not a congress file (the file is empty, 0 bytes)",
      "không phải là tệp đại hội KiemPhieu (tệp trống, 0 byte)" },
    { noise, "not a congress file (not a database at all)",
      "không phải là tệp đại hội KiemPhieu (hoàn toàn không phải là cơ sở dữ liệu)" },
    { foreign, "not a congress file (a database of another program",
      "không phải là tệp đại hội KiemPhieu (là cơ sở dữ liệu của chương trình khác)" },
    { cut, "the congress file is damaged; restore it from the archive",
      "bị hỏng; hãy khôi phục tệp từ bản lưu trữ" },
  };

  if (setlocale (LC_ALL, "vi_VN.UTF-8") == NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_test_skip ("no vi_VN.UTF-8 locale");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (noise, (const char *) bytes, sizeof bytes, NULL));
  sql (foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  kp_store_close (create_demo (whole));
  g_assert_true (g_file_get_contents (whole, &data, &length, NULL));
  g_assert_true (g_file_set_contents (cut, data, length / 2, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *en = open_message (cases[i].path, "C");
      g_autofree char *vi = open_message (cases[i].path, "vi_VN.UTF-8");

      g_test_message ("C: %s\nvi: %s", en, vi);
      g_assert_nonnull (strstr (en, cases[i].path));
      g_assert_nonnull (strstr (en, cases[i].en));
      g_assert_nonnull (strstr (vi, cases[i].path));
      g_assert_nonnull (strstr (vi, cases[i].vi));
      g_assert_null (strstr (vi, "another kind of database"));
      g_assert_null (strstr (vi, "not a congress file"));
    }
}

/* What only the head decides carries the head's signature, checked by
 * verify: a ruling made under a key the operator swapped in (sealed under
 * a passphrase of their own, then swapped back) is found, and so is a
 * ruling whose signature was removed from a consistently rewritten
 * journal. */
static void
test_head_signatures (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) other = NULL;
  g_autofree char *own_sealed = NULL;
  g_autofree char *head_sealed = NULL;
  g_autoptr(KpBallot) b3 = NULL;
  g_autoptr(KpBallot) b5 = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_set_mode (store, "bithu", KP_ENTRY_DOUBLE, NULL, "op", &error));
  g_ptr_array_set_size (ballots, 6);
  enter_all (store, "bithu", 'A', ballots);
  b3 = kp_ballot_copy (ballots->pdata[2]);
  b5 = kp_ballot_copy (ballots->pdata[4]);
  b3->marks[0] = b3->marks[0] == 'Y' ? 'N' : 'Y';
  b5->marks[0] = b5->marks[0] == 'Y' ? 'N' : 'Y';
  {
    gpointer a3 = ballots->pdata[2], a5 = ballots->pdata[4];
    ballots->pdata[2] = b3;
    ballots->pdata[4] = b5;
    enter_all (store, "bithu", 'B', ballots);
    ballots->pdata[2] = a3;
    ballots->pdata[4] = a5;
  }

  /* The head settles serial 3: signed, and verify agrees. */
  g_assert_true (kp_store_resolve (store, "bithu", 0, 3, 'A', NULL, "theo phiếu giấy", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình",
                                   "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  assert_verifies (store);
  journal = kp_store_get_journal (store, &error);
  g_assert_nonnull (strstr (((KpJournalEntry *) journal->pdata[journal->len - 1])->content, "\"head_signature\":"));

  /* An operator swaps in a key sealed under their own passphrase, settles
   * serial 5, and swaps the head's sealed key back. */
  other = kp_key_generate (&error);
  own_sealed = kp_key_seal (other, "mật khẩu của tôi", &error);
  g_clear_pointer (&store, kp_store_close);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'sealed_key'", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  head_sealed = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  {
    g_autofree char *swap = g_strdup_printf ("UPDATE meta SET value = '%s' WHERE key = 'sealed_key'", own_sealed);
    sql (path, swap);
  }
  store = kp_store_open (path, &error);
  g_assert_true (kp_store_resolve (store, "bithu", 0, 5, 'B', NULL, "tự quyết", "mật khẩu của tôi", "op", &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, kp_store_close);
  {
    g_autofree char *back = g_strdup_printf ("UPDATE meta SET value = '%s' WHERE key = 'sealed_key'", head_sealed);
    sql (path, back);
  }
  store = kp_store_open (path, &error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (report->str, "does not verify with the congress key"));

  /* A mode change once ballots exist needs the head. */
  g_clear_error (&error);
  g_assert_false (kp_store_set_mode (store, "bithu", KP_ENTRY_TRIPLE, NULL, "op", &error));
  g_assert_error (error, KP_STORE_ERROR, KP_STORE_ERROR_PASSPHRASE);
}

/* A ruling whose head signature was emptied in a consistently rewritten
 * journal (chain recomputed) is found too. */
static void
test_head_signature_removed (void)
{
  g_autofree char *path = temp_path ("c.kiemphieu");
  g_autoptr(KpStore) store = create_demo (path);
  g_autoptr(GPtrArray) ballots = demo_ballots (store, "bithu");
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) b2 = NULL;
  const char *members[] = { "head_signature", "", NULL };

  g_assert_true (kp_store_init_keys (store, "Trưởng ban kiểm phiếu: cây đa bến nước sân đình", "Lê Văn Tùng", NULL, &error));
  g_assert_true (kp_store_set_mode (store, "bithu", KP_ENTRY_DOUBLE, NULL, "op", &error));
  g_ptr_array_set_size (ballots, 3);
  enter_all (store, "bithu", 'A', ballots);
  b2 = kp_ballot_copy (ballots->pdata[1]);
  b2->marks[0] = b2->marks[0] == 'Y' ? 'N' : 'Y';
  {
    gpointer a2 = ballots->pdata[1];
    ballots->pdata[1] = b2;
    enter_all (store, "bithu", 'B', ballots);
    ballots->pdata[1] = a2;
  }
  g_assert_true (kp_store_resolve (store, "bithu", 0, 2, 'A', NULL, "theo phiếu giấy", "Trưởng ban kiểm phiếu: cây đa bến nước sân đình",
                                   "Lê Văn Tùng", &error));
  journal = kp_store_get_journal (store, &error);
  g_clear_pointer (&store, kp_store_close);
  rewrite_journal (path, journal, "resolve", members);
  store = kp_store_open (path, &error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_nonnull (strstr (report->str, "(resolve)"));
}

/* A file of format 2 (wrong passphrases kept as bare times outside the
 * journal) opens as format 4 (3: attempts journalled; 4: stations): the old table goes, the upgrade entry says
 * so, verify passes, and what only the head decides is still required to
 * carry the head's signature after the upgrade. */
static void
test_upgrade_to_3 (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KpStore) store = keyed_demo (&path);
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *members[] = { "head_signature", "", NULL };
  const KpJournalEntry *upgrade;

  g_clear_pointer (&store, kp_store_close);
  sql (path, "DROP TABLE auth_failures; CREATE TABLE auth_failures (at INTEGER NOT NULL) STRICT;"
             "INSERT INTO auth_failures VALUES (strftime('%s','now'));"
             /* the tables of formats 4 (stations) and 5 (scans) go too: they
              * are made again */
             "DROP TABLE stations; DROP TABLE station_batches; DROP TABLE station_duplicates;"
             "DROP TABLE station_gaps; DROP TABLE station_exports; DROP TABLE images; DROP TABLE scans;"
             "PRAGMA user_version = 2");
  store = kp_store_open (path, &error);
  g_assert_no_error (error);
  journal = kp_store_get_journal (store, &error);
  upgrade = last_entry (journal);
  g_assert_cmpstr (upgrade->action, ==, "upgrade");
  g_assert_cmpstr (upgrade->content, ==, "{\"format\":\"kiemphieu/congress@5\",\"from\":2}");
  g_clear_pointer (&journal, g_ptr_array_unref);
  assert_verifies (store);

  _kp_store_auth_set_clock (NULL, NULL);
  g_assert_true (kp_store_release_projector (store, "bch", 0, HEAD, "Lê Văn Tùng", &error));
  g_assert_no_error (error);
  assert_verifies (store);
  journal = kp_store_get_journal (store, &error);
  g_clear_pointer (&store, kp_store_close);
  rewrite_journal (path, journal, "release", members);
  store = kp_store_open (path, &error);
  g_assert_false (kp_store_verify (store, report, &error));
  g_assert_nonnull (strstr (report->str, "(release)"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kp_i18n_init ();
  g_test_add_func ("/store/open/foreign-files", test_open_foreign_files);

  g_test_add_func ("/store/enter-and-results", test_enter_and_results);
  g_test_add_func ("/store/R-RECON-1/checks-can-fail", test_checks_can_fail);
  g_test_add_func ("/store/damaged-rows", test_damaged_rows);
  g_test_add_func ("/store/damaged-round", test_damaged_round);
  g_test_add_func ("/store/R-LIST-2/verify-before-born", test_verify_before_born);
  g_test_add_func ("/store/journal-head-checked", test_journal_head_checked);
  g_test_add_func ("/store/confirm-verifies", test_confirm_verifies);
  g_test_add_func ("/store/head-signatures", test_head_signatures);
  g_test_add_func ("/store/head-signature-removed", test_head_signature_removed);
  g_test_add_func ("/store/rate-limit", test_rate_limit);
  g_test_add_func ("/store/rate-limit/reboot", test_rate_limit_reboot);
  g_test_add_func ("/store/rate-limit/parallel", test_rate_limit_parallel);
  g_test_add_func ("/store/rate-limit/tamper", test_rate_limit_tamper);
  g_test_add_func ("/store/rate-limit/disk-full", test_rate_limit_disk_full);
  g_test_add_func ("/store/projector-release", test_projector_release);
  g_test_add_func ("/store/upgrade-to-3", test_upgrade_to_3);
  g_test_add_func ("/store/duplicate-and-void", test_duplicate_and_void);
  g_test_add_func ("/store/double-entry", test_double_entry);
  g_test_add_func ("/store/R-PAUSE-1", test_pause);
  g_test_add_func ("/store/rehearsal/switch", test_rehearsal_switch);
  g_test_add_func ("/store/rehearsal/copy", test_rehearsal_copy);
  g_test_add_func ("/store/rehearsal/not-confirmed", test_rehearsal_not_confirmed);
  g_test_add_func ("/store/R-ROUND-1/rounds", test_rounds);
  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      g_autofree char *name = g_strdup_printf ("/store/verify/tamper/%s", tampers[i].name);
      g_test_add_data_func (name, &tampers[i], test_tamper);
    }
  g_test_add_func ("/store/refused", test_refused);
  g_test_add_func ("/store/create-refusals", test_create_refusals);
  g_test_add_func ("/store/disk-full", test_disk_full);
  g_test_add_func ("/store/read-only", test_read_only);
  return g_test_run ();
}
