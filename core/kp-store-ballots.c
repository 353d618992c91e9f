/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-ballots.c — ballots: entering (the hot path), reading a pass, voiding;
 * a stored ballot is read exactly or not at all.
 */

#include <string.h>

#include "kp-ballot-reader.h"
#include "kp-names.h"
#include <inttypes.h>

#include "kp-store-private.h"

gboolean
_kp_store_apply_enter_values (KpDb                *db,
                              const char          *path,
                              gint64               seq,
                              const char          *operator,
                              const KpEnterValues *v,
                              GError             **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (db, path,
                                       "INSERT INTO ballots (election, round, pass, serial, struck, marks, invalid,"
                                       " operator, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, v->election, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, v->round);
  sqlite3_bind_text (stmt, 3, v->pass, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, v->serial);
  sqlite3_bind_text (stmt, 5, v->struck, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, v->marks, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, v->invalid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, operator, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, seq);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("serial %" PRId64 " is already entered in pass %s of %s "
                              "(round %" PRId64 "); to correct it, void it first"),
                              v->serial, v->pass, v->election, v->round);
  if (rc != SQLITE_DONE)
    return _kp_store_sqlite_error (db->db, rc, path, N_ ("saving a ballot"), error);
  return TRUE;
}

gboolean
_kp_store_apply_enter (KpDb                 *db,
                       const char           *path,
                       const KpJournalEntry *entry,
                       JsonObject           *c,
                       GError              **error)
{
  KpEnterValues v = { _kp_content_string (c, "election"), _kp_content_int (c, "round"), _kp_content_string (c, "pass"), _kp_content_int (c, "serial"), _kp_content_string (c, "struck"),
                    _kp_content_string (c, "marks"), _kp_content_string (c, "invalid") };
  if (!_kp_store_apply_enter_values (db, path, entry->seq, entry->operator, &v, error))
    return FALSE;
  /* A ballot read from scanned images: which, and what is left to decide. */
  if (json_object_has_member (c, "scan"))
    return _kp_store_apply_scan (db, path, entry, c, error);
  return TRUE;
}

gboolean
_kp_store_apply_void (KpDb                 *db,
                      const char           *path,
                      const KpJournalEntry *entry,
                      JsonObject           *c,
                      GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path,
                         "UPDATE ballots SET voided_seq = ?1 WHERE election = ?2 AND round = ?3"
                         " AND pass = ?4 AND serial = ?5 AND voided_seq IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  sqlite3_bind_text (stmt, 2, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "pass"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, _kp_content_int (c, "serial"));
  if (!_kp_db_step_done (db, path, stmt, N_ ("voiding a ballot"), error))
    return FALSE;
  if (sqlite3_changes (db->db) != 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("there is no ballot %" PRId64 " in pass %s of %s (round %"
                              PRId64 ") to void"), _kp_content_int (c, "serial"),
                              _kp_content_string (c, "pass"), _kp_content_string (c, "election"),
                              _kp_content_int (c, "round"));
  /* A changed pass makes an earlier ruling on that serial stale. */
  return _kp_store_supersede_ruling (db, path, entry, c, error);
}

gboolean
kp_store_begin_bulk (KpStore *store,
                     GError **error)
{
  g_return_val_if_fail (!store->in_bulk, FALSE);
  if (!kp_store_check_writable (store, error)
      || !_kp_db_exec (store->db.db, store->path, "BEGIN IMMEDIATE", N_ ("starting to write"), error))
    return FALSE;
  store->in_bulk = TRUE;
  return TRUE;
}

gboolean
kp_store_commit_bulk (KpStore *store,
                      GError **error)
{
  g_return_val_if_fail (store->in_bulk, FALSE);
  store->in_bulk = FALSE;
  if (!_kp_db_exec (store->db.db, store->path, "COMMIT", N_ ("saving"), error))
    {
      sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
kp_store_rollback_bulk (KpStore *store)
{
  if (!store->in_bulk)
    return;
  store->in_bulk = FALSE;
  sqlite3_exec (store->db.db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
check_pass (KpStore           *store,
            const KpRoundInfo *info,
            char               pass,
            GError           **error)
{
  if (pass < 'A' || pass > 'C')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("pass must be A, B or C"));
  if (pass - 'A' >= (int) info->mode)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is in %s mode: pass %c is not used (the committee can choose "
                                 "double or triple entry with `kiemphieu-cli mode`)"),
                              info->id, kp_entry_mode_words (info->mode), pass);
  return TRUE;
}

/* What entering a ballot needs to know of a round, without counting its
 * ballots or reading its list: one indexed row. */
static KpRoundInfo *
get_round_meta (KpStore    *store,
                const char *election_id,
                guint       round,
                GError    **error)
{
  sqlite3_stmt *stmt;
  KpRoundInfo *info;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT seats, n_candidates, mode, state FROM elections WHERE id = ?1 AND round = ?2",
                         error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("election %s has no round %u"), election_id, round);
      return NULL;
    }
  info = g_new0 (KpRoundInfo, 1);
  info->id = g_strdup (election_id);
  info->round = round;
  info->seats = sqlite3_column_int64 (stmt, 0);
  info->n_candidates = sqlite3_column_int64 (stmt, 1);
  info->mode = sqlite3_column_int64 (stmt, 2);
  info->state = _kp_store_state_from_text (_kp_db_text (stmt, 3));
  sqlite3_reset (stmt);
  return info;
}

/* kp_store_enter () inside the caller's write transaction; @scan (a JSON
 * object, or %NULL) goes into the entry as its "scan" member: the ballot
 * was read from these images (kp-store-images.c). */
gboolean
_kp_store_enter_locked (KpStore        *store,
                        const char     *election_id,
                        guint           round,
                        char            pass,
                        const char     *operator,
                        const KpBallot *ballot,
                        const char     *scan,
                        GError        **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *struck = NULL;
  g_autofree char *flag = NULL;

  info = get_round_meta (store, election_id, round, error);
  if (info == NULL)
    return FALSE;
  {
    /* A station file says first that this is not its share. */
    KpEnterValues share = { election_id, info->round, (char[]) { pass, '\0' }, ballot->serial, "", "", "" };
    if (!_kp_store_station_allows (store, "enter", NULL, &share, error) || !check_pass (store, info, pass, error))
      return FALSE;
  }
  if (info->state == KP_ELECTION_PAUSED)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s is paused; resume it before entering ballots"),
                              election_id);
  if (info->state == KP_ELECTION_CONFIRMED)
    return _kp_store_invalid (error, KP_STORE_ERROR_LOCKED,
                              _ ("round %u of %s is confirmed: its ballots can no longer change"), info->round,
                              election_id);
  /* R-ROUND-1: once the next round exists, this round's count is final. */
  if (info->state == KP_ELECTION_CLOSED)
    return _kp_store_invalid (error, KP_STORE_ERROR_LOCKED, _ ("round %u of %s is closed: round %u has been created; enter "
                              "the ballots of the new vote in round %u"), info->round, election_id, info->round + 1,
                              info->round + 1);
  if (ballot->n_candidates != info->n_candidates
      || ballot->form != kp_ballot_form_for (info->n_candidates, info->seats)
      || ballot->serial == 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the ballot does not fit round %u of %s"), info->round,
                              election_id);

  struck = kp_ballot_struck_to_string (ballot);
  flag = kp_ballot_flag_to_string (ballot);
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", info->round);
  _kp_json_string_member (content, "pass", (char[]) { pass, '\0' });
  _kp_json_int_member (content, "serial", ballot->serial);
  _kp_json_string_member (content, "struck", struck);
  _kp_json_string_member (content, "marks", ballot->marks ? ballot->marks : "");
  _kp_json_string_member (content, "invalid", flag);
  if (scan != NULL)
    {
      _kp_json_key (content, "scan");
      g_string_append (content, scan);
    }
  g_string_append_c (content, '}');

  /* A scanned ballot is applied from its JSON (it has more to apply). */
  if (scan != NULL)
    return _kp_store_record (store, operator, "enter", content->str, error);
  {
    char pass_text[2] = { pass, '\0' };
    KpEnterValues values = { election_id, info->round, pass_text, ballot->serial, struck,
                           ballot->marks ? ballot->marks : "", flag };
    return _kp_store_record_full (store, operator, "enter", content->str, &values, NULL, error);
  }
}

/**
 * kp_store_enter:
 * @round: the round, or 0 for the latest
 * @pass: 'A', 'B' or 'C'
 * @ballot: a ballot of the round's form and size
 *
 * Enters one ballot in its own durable transaction (unless inside
 * kp_store_begin_bulk): when this returns %TRUE, the ballot is on disk.
 */
gboolean
kp_store_enter (KpStore        *store,
                const char     *election_id,
                guint           round,
                char            pass,
                const char     *operator,
                const KpBallot *ballot,
                GError        **error)
{
  gboolean ok;

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (!_kp_store_check_operator (operator, error))
    return FALSE;
  if (!_kp_store_begin (store, error))
    return FALSE;
  ok = _kp_store_enter_locked (store, election_id, round, pass, operator, ballot, NULL, error);
  return _kp_store_finish (store, ok, error);
}

/* The struck list exactly as kp_ballot_struck_to_string () writes it:
 * numbers on the list, ascending, no leading zero, one space between.
 * One pass, as results read every ballot of a round. */
static gboolean
parse_struck_exactly (KpBallot    *ballot,
                      const char  *text,
                      char       **message)
{
  guint previous = 0;
  const char *p = text;

  while (*p != '\0')
    {
      guint64 no = 0;

      if (p != text && *p++ != ' ')
        goto not_canonical;
      if (*p < '1' || *p > '9')
        goto not_canonical;
      for (; *p >= '0' && *p <= '9'; p++)
        {
          no = no * 10 + (guint) (*p - '0');
          if (no > ballot->n_candidates)
            {
              *message = g_strdup_printf (_ ("a number is not on the list (1–%u)"), ballot->n_candidates);
              return FALSE;
            }
        }
      if (*p != '\0' && *p != ' ')
        goto not_canonical;
      if (no <= previous)
        goto not_canonical;
      kp_ballot_strike (ballot, (guint) no);
      previous = no;
    }
  return TRUE;

not_canonical:
  *message = g_strdup (_ ("not written the way KiemPhieu writes it"));
  return FALSE;
}

/* A stored ballot (or ruling) is read exactly as it was written — the
 * canonical struck list of kp_ballot_struck_to_string (), one known mark
 * per name, a known flag — or not at all: a damaged row is never read as
 * a valid ballot. @where names the row ("pass A", "the ruling"). */
KpBallot *
_kp_store_ballot_from_row (const char       *path,
                           const KpElection *election,
                           const char       *where,
                           guint             serial,
                           const char       *struck,
                           const char       *marks,
                           const char       *flag_text,
                           GError          **error)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  KpInvalidReason flag;
  const char *column = NULL;
  const char *value = NULL;

  if (kp_election_get_form (election) == KP_BALLOT_FORM_STRIKE)
    {
      ballot = kp_ballot_new_strike (serial, election->candidates->len);
      if (*marks != '\0')
        column = "marks", value = marks, message = g_strdup (_ ("a strike-form ballot has no agree/disagree marks"));
      else if (!parse_struck_exactly (ballot, struck, &message))
        column = "struck", value = struck;
    }
  else
    {
      gsize n = strlen (marks);

      if (*struck != '\0')
        column = "struck", value = struck, message = g_strdup (_ ("an agree/disagree ballot has no struck names"));
      else if (n != election->candidates->len)
        column = "marks", value = marks,
        message = g_strdup_printf (_ ("%zu marks for %u names"), n, election->candidates->len);
      else if (strspn (marks, "YNB0") != n)
        column = "marks", value = marks, message = g_strdup (_ ("a mark is not one of Y, N, B, 0"));
      else
        ballot = kp_ballot_new_yesno (serial, marks);
    }
  if (column == NULL && !kp_invalid_flag_parse (flag_text, &flag, &text))
    column = "invalid", value = flag_text, message = g_strdup (_ ("not a reason the committee can give"));
  if (column != NULL)
    {
      g_autofree char *shown = kp_text_shorten (value, 60);
      _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                         _ ("%s: ballot %u of %s of %s (round %u) is damaged: its %s \"%s\" cannot be read (%s); "
                         "the file was changed outside KiemPhieu — restore it from the archive"),
                         path, serial, where, election->id, election->round, column, shown, message);
      return NULL;
    }
  kp_ballot_set_flag (ballot, flag, text);
  return g_steal_pointer (&ballot);
}

/* Live ballots of one pass, by serial. */
GHashTable *
_kp_store_load_pass (KpStore          *store,
                     const KpElection *election,
                     char              pass,
                     GError          **error)
{
  GHashTable *ballots = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kp_ballot_free);
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT serial, struck, marks, invalid FROM ballots WHERE election = ?1"
                                       " AND round = ?2 AND pass = ?3 AND voided_seq IS NULL", error);
  g_autofree char *where = NULL;
  int rc;

  if (stmt == NULL)
    {
      g_hash_table_unref (ballots);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, election->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, election->round);
  sqlite3_bind_text (stmt, 3, (char[]) { pass, '\0' }, -1, SQLITE_TRANSIENT);
  where = g_strdup_printf (_ ("pass %c"), pass);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint serial = sqlite3_column_int64 (stmt, 0);
      KpBallot *ballot = _kp_store_ballot_from_row (store->path, election, where, serial, _kp_db_text (stmt, 1),
                                                    _kp_db_text (stmt, 2), _kp_db_text (stmt, 3), error);
      if (ballot == NULL)
        {
          sqlite3_reset (stmt);
          g_hash_table_unref (ballots);
          return NULL;
        }
      g_hash_table_insert (ballots, GUINT_TO_POINTER (serial), ballot);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_hash_table_unref (ballots);
      _kp_store_sqlite_error (store->db.db, rc, store->path, N_ ("reading ballots"), error);
      return NULL;
    }
  return ballots;
}

/**
 * kp_store_get_ballot:
 *
 * Returns: (transfer full) (nullable): the live ballot @serial of @pass,
 * or %NULL (without error) when there is none.
 */
KpBallot *
kp_store_get_ballot (KpStore    *store,
                     const char *election_id,
                     guint       round,
                     char        pass,
                     guint       serial,
                     GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(GHashTable) ballots = NULL;

  if (election == NULL)
    return NULL;
  ballots = _kp_store_load_pass (store, election, pass, error);
  if (ballots == NULL)
    return NULL;
  {
    const KpBallot *ballot = g_hash_table_lookup (ballots, GUINT_TO_POINTER (serial));
    return ballot ? kp_ballot_copy (ballot) : NULL;
  }
}

/**
 * kp_store_get_pass:
 *
 * Returns: (transfer full) (element-type guint KpBallot): the live ballots
 * of one pass by serial (GUINT_TO_POINTER), or %NULL with @error set.
 */
GHashTable *
kp_store_get_pass (KpStore    *store,
                   const char *election_id,
                   guint       round,
                   char        pass,
                   GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);

  if (election == NULL)
    return NULL;
  return _kp_store_load_pass (store, election, pass, error);
}

/**
 * kp_store_next_serial:
 *
 * Returns: one more than the highest serial entered (voided or not) in the
 * pass, so a serial is never reused by accident; 0 with @error on failure.
 */
guint
kp_store_next_serial (KpStore    *store,
                      const char *election_id,
                      guint       round,
                      char        pass,
                      GError    **error)
{
  sqlite3_stmt *stmt;
  guint next = 1;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return 0;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT coalesce(max(serial), 0) + 1 FROM ballots WHERE election = ?1"
                         " AND round = ?2 AND pass = ?3 AND voided_seq IS NULL", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  sqlite3_bind_text (stmt, 3, (char[]) { pass, '\0' }, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* A station begins at the first serial of its range. */
  return MAX (next, _kp_store_station_first_serial (store, election_id, round, pass));
}

/**
 * kp_store_void:
 *
 * Voids a ballot: it stays in the history and no longer counts; the serial
 * can then be entered again. An earlier ruling on that serial lapses.
 */
gboolean
kp_store_void (KpStore    *store,
               const char *election_id,
               guint       round,
               char        pass,
               guint       serial,
               const char *reason,
               const char *operator,
               GError    **error)
{
  g_autoptr(GString) content = g_string_new ("{");

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return FALSE;
  if (!_kp_store_check_open (store, election_id, round, error))
    return FALSE;
  if (reason == NULL || *reason == '\0')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("give the reason for voiding (it goes into the journal)"));
  if (pass < 'A' || pass > 'C')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("pass must be A, B or C"));
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", round);
  _kp_json_string_member (content, "pass", (char[]) { pass, '\0' });
  _kp_json_int_member (content, "serial", serial);
  _kp_json_string_member (content, "reason", reason);
  return _kp_store_simple_action (store, operator, "void", content, error);
}
