/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-rounds.c — elections and their rounds: what a round is and holds, the
 * election as it stands in a round, the next round (R-ROUND-1).
 */

#include "kp-definition.h"
#include "kp-names.h"
#include <inttypes.h>

#include "kp-store-private.h"

const char *
kp_entry_mode_to_string (KpEntryMode mode)
{
  switch (mode)
    {
    case KP_ENTRY_SINGLE:
      return "single";
    case KP_ENTRY_DOUBLE:
      return "double";
    case KP_ENTRY_TRIPLE:
      return "triple";
    default:
      g_assert_not_reached ();
    }
}

/**
 * kp_entry_mode_words:
 *
 * Returns: (transfer none): the entry mode for a person, translated
 * ("single entry"; Vietnamese "nhập một lượt"); kp_entry_mode_to_string()
 * is the code the JSON and the command line use.
 */
const char *
kp_entry_mode_words (KpEntryMode mode)
{
  switch (mode)
    {
    case KP_ENTRY_SINGLE:
      return C_ ("entry mode", "single entry");
    case KP_ENTRY_DOUBLE:
      return C_ ("entry mode", "double entry");
    case KP_ENTRY_TRIPLE:
      return C_ ("entry mode", "triple entry");
    default:
      g_assert_not_reached ();
    }
}

gboolean
kp_entry_mode_from_string (const char  *str,
                           KpEntryMode *mode)
{
  for (KpEntryMode m = KP_ENTRY_SINGLE; m <= KP_ENTRY_TRIPLE; m++)
    if (g_strcmp0 (str, kp_entry_mode_to_string (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }
  return FALSE;
}

void
kp_round_info_free (KpRoundInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info);
}

static KpRoundInfo *
round_info_from_row (KpStore      *store,
                     sqlite3_stmt *stmt,
                     GError      **error)
{
  KpRoundInfo *info = g_new0 (KpRoundInfo, 1);
  g_autoptr(GPtrArray) candidates = _kp_candidates_from_json (_kp_db_text (stmt, 3));
  sqlite3_stmt *count;

  if (candidates == NULL)
    candidates = g_ptr_array_new ();

  info->id = g_strdup (_kp_db_text (stmt, 0));
  info->round = sqlite3_column_int64 (stmt, 1);
  info->seats = sqlite3_column_int64 (stmt, 2);
  info->n_candidates = candidates->len;
  info->mode = sqlite3_column_int64 (stmt, 4);
  info->state = _kp_store_state_from_text (_kp_db_text (stmt, 5));
  info->issued = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 6);
  info->collected = sqlite3_column_type (stmt, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 7);

  count = _kp_db_prepare (&store->db, store->path,
                          "SELECT pass, count(*) FROM ballots WHERE election = ?1 AND round = ?2"
                          " AND voided_seq IS NULL GROUP BY pass", error);
  if (count == NULL)
    {
      kp_round_info_free (info);
      return NULL;
    }
  sqlite3_bind_text (count, 1, info->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (count, 2, info->round);
  while (sqlite3_step (count) == SQLITE_ROW)
    {
      const char *pass = _kp_db_text (count, 0);
      if (pass[0] >= 'A' && pass[0] <= 'C')
        info->entered[pass[0] - 'A'] = sqlite3_column_int64 (count, 1);
    }
  sqlite3_reset (count);
  return info;
}

/**
 * kp_store_list_rounds:
 *
 * Returns: (transfer full) (element-type KpRoundInfo): every round of every
 * election, in definition order then round order.
 */
GPtrArray *
kp_store_list_rounds (KpStore *store,
                      GError **error)
{
  g_autoptr(GPtrArray) rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_round_info_free);

  for (guint i = 0; i < store->congress->elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (store->congress->elections, i);
      sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                           "SELECT id, round, seats, candidates, mode, state, issued, collected"
                                           " FROM elections WHERE id = ?1 ORDER BY round", error);
      g_autoptr(GPtrArray) these = g_ptr_array_new ();

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          /* round_info_from_row uses another statement: collect first. */
          g_ptr_array_add (these, GINT_TO_POINTER ((int) sqlite3_column_int64 (stmt, 1)));
        }
      sqlite3_reset (stmt);
      for (guint j = 0; j < these->len; j++)
        {
          KpRoundInfo *info = kp_store_get_round_info (store, e->id, GPOINTER_TO_INT (these->pdata[j]), error);
          if (info == NULL)
            return NULL;
          g_ptr_array_add (rounds, info);
        }
    }
  return g_steal_pointer (&rounds);
}

/**
 * kp_store_get_round_info:
 * @round: a round, or 0 for the latest
 *
 * Returns: (transfer full): what a round is and holds, or %NULL with @error.
 */
KpRoundInfo *
kp_store_get_round_info (KpStore    *store,
                         const char *election_id,
                         guint       round,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  KpRoundInfo *info;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT id, round, seats, candidates, mode, state, issued, collected FROM elections"
                         " WHERE id = ?1 AND round = ?2", error);
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
  info = round_info_from_row (store, stmt, error);
  sqlite3_reset (stmt);
  return info;
}

/**
 * kp_store_latest_round:
 *
 * Returns: the latest round of the election, or 0 with @error set when
 * there is no such election.
 */
guint
kp_store_latest_round (KpStore    *store,
                       const char *election_id,
                       GError    **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT max(round) FROM elections WHERE id = ?1", error);
  guint round = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    round = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (round == 0)
    {
      GString *ids = g_string_new (NULL);
      for (guint i = 0; i < store->congress->elections->len; i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "",
                                ((KpElection *) store->congress->elections->pdata[i])->id);
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s: no election \"%s\" (there are: %s)"),
                         store->path, election_id, ids->str);
      g_string_free (ids, TRUE);
    }
  return round;
}

/**
 * kp_store_get_election:
 * @round: a round, or 0 for the latest
 *
 * Returns: (transfer full): the election as it stands in @round: its own
 * seats and list (R-ROUND-1), the congress's base and title.
 */
KpElection *
kp_store_get_election (KpStore    *store,
                       const char *election_id,
                       guint       round,
                       GError    **error)
{
  const KpElection *defined = kp_congress_find_election (store->congress, election_id);
  g_autoptr(KpElection) election = NULL;
  sqlite3_stmt *stmt;

  if (defined == NULL || (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0))
    {
      if (defined == NULL)
        kp_store_latest_round (store, election_id, error);
      return NULL;
    }
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT seats, candidates, issued FROM elections WHERE id = ?1 AND round = ?2", error);
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
  election = kp_election_copy (defined);
  election->round = round;
  {
    gint64 seats = sqlite3_column_int64 (stmt, 0);
    GPtrArray *candidates = _kp_candidates_from_json (_kp_db_text (stmt, 1));

    /* A damaged or hostile file: refuse, never assert. */
    if (candidates == NULL || seats < 1 || seats > KP_MAX_CANDIDATES || candidates->len < (guint) seats
        || candidates->len > KP_MAX_CANDIDATES)
      {
        sqlite3_reset (stmt);
        if (candidates)
          g_ptr_array_unref (candidates);
        _kp_store_invalid (error, KP_STORE_ERROR_CORRUPT, _ ("%s: round %u of %s is damaged (its list or seats cannot be read)"),
                           store->path, round, election_id);
        return NULL;
      }
    election->seats = seats;
    g_ptr_array_unref (election->candidates);
    election->candidates = candidates;
  }
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    election->issued = sqlite3_column_int64 (stmt, 2);
  else if (round != defined->round)
    election->issued = -1;
  sqlite3_reset (stmt);
  return g_steal_pointer (&election);
}

gboolean
_kp_store_apply_edit_round (KpDb                 *db,
                            const char           *path,
                            const KpJournalEntry *entry,
                            JsonObject           *c,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  JsonNode *candidates = json_object_get_member (c, "candidates");
  g_autofree char *text = candidates ? json_to_string (candidates, FALSE) : g_strdup ("[]");

  stmt = _kp_db_prepare (db, path, "UPDATE elections SET seats = ?3, candidates = ?4, n_candidates = ?5"
                         " WHERE id = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 5, candidates && JSON_NODE_HOLDS_ARRAY (candidates)
                                 ? json_array_get_length (json_node_get_array (candidates)) : 0);
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "seats"));
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  return _kp_db_step_done (db, path, stmt, N_ ("changing the round's list"), error);
}

gboolean
_kp_store_apply_next_round (KpDb                 *db,
                            const char           *path,
                            const KpJournalEntry *entry,
                            JsonObject           *c,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  JsonNode *candidates = json_object_get_member (c, "candidates");
  g_autofree char *text = candidates ? json_to_string (candidates, FALSE) : g_strdup ("[]");

  stmt = _kp_db_prepare (db, path,
                         "INSERT INTO elections (id, round, seats, candidates, n_candidates, mode, state, issued)"
                         " SELECT ?1, ?2, ?3, ?4, ?5, mode, 'open', NULL FROM elections"
                         " WHERE id = ?1 AND round = ?2 - 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 5, candidates && JSON_NODE_HOLDS_ARRAY (candidates)
                                 ? json_array_get_length (json_node_get_array (candidates)) : 0);
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_int64 (stmt, 3, _kp_content_int (c, "seats"));
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  if (!_kp_db_step_done (db, path, stmt, N_ ("creating the next round"), error))
    return FALSE;
  if (sqlite3_changes (db->db) != 1)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("round %" PRId64 " of %s has no "
                              "round before it"), _kp_content_int (c, "round"), _kp_content_string (c, "election"));
  /* R-ROUND-1: the round before is closed; those it elected stay elected. */
  stmt = _kp_db_prepare (db, path,
                         "UPDATE elections SET state = 'closed' WHERE id = ?1 AND round = ?2 - 1"
                         " AND state IN ('open', 'paused')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  return _kp_db_step_done (db, path, stmt, N_ ("closing the round before"), error);
}

/**
 * kp_store_next_round:
 * @drop: (array length=n_drop): ballot numbers (of the last round) to leave
 *   off the proposed list
 * @add: (nullable) (array zero-terminated=1): names to add, "Name" or
 *   "Name;YYYY-MM-DD"
 * @replace: redo the latest round's list instead (allowed while it holds no
 *   ballot): the proposal is made again from the round before it
 * @new_round: (out): the round created
 *
 * R-ROUND-1: creates the next round for the seats that remain, with the
 * not-yet-elected names as the default list; the congress may drop or add
 * names, and change the list until the first ballot of the round is entered.
 */
gboolean
kp_store_next_round (KpStore     *store,
                     const char  *election_id,
                     const guint *drop,
                     guint        n_drop,
                     const char **add,
                     gboolean     replace,
                     const char  *operator,
                     guint       *new_round,
                     GError     **error)
{
  g_autoptr(KpElection) last = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autofree char *list = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  guint latest = kp_store_latest_round (store, election_id, error);

  if (latest == 0 || !kp_store_check_writable (store, error))
    return FALSE;
  if (replace)
    {
      g_autoptr(KpRoundInfo) current = kp_store_get_round_info (store, election_id, latest, error);
      sqlite3_stmt *stmt;
      gint64 any = 0;

      if (current == NULL)
        return FALSE;
      if (latest < 2)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s has only round 1, whose list is the "
                                  "approved definition"), election_id);
      stmt = _kp_db_prepare (&store->db, store->path,
                             "SELECT count(*) FROM ballots WHERE election = ?1 AND round = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, latest);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        any = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (any > 0)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("round %u of %s already has ballots; its "
                                  "list can no longer change"), latest, election_id);
      latest--;
    }
  last = kp_store_get_election (store, election_id, latest, error);
  if (last == NULL)
    return FALSE;
  info = kp_store_get_round_info (store, election_id, last->round, error);
  if (info == NULL)
    return FALSE;
  if (info->entered[0] == 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("round %u of %s has no ballots yet"),
                              last->round, election_id);
  result = kp_store_results (store, election_id, last->round, &checks, error);
  if (result == NULL)
    return FALSE;
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      if (g_str_equal (c->check, "passes-agree") && g_str_equal (c->status, "failed"))
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                  _ ("round %u of %s is not reconciled (%s); settle it first"), last->round,
                                  election_id, c->text);
      /* R-RECON-1: who is elected, and so the next round's list, follows
       * from the decided count; once the next round exists the doubtful
       * marks could no longer be decided. */
      if (g_str_equal (c->check, "scans-decided") && g_str_equal (c->status, "failed"))
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                  _ ("round %u of %s has scanned ballots with marks the committee has not decided "
                                     "yet; decide them first (kiemphieu-cli adjudicate)"), last->round, election_id);
    }
  if (result->seats_remaining == 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("round %u of %s filled every seat; no next round"),
                              last->round, election_id);

  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_candidate_free);
  for (guint i = 0; i < result->next_round_candidates->len; i++)
    {
      guint no = g_array_index (result->next_round_candidates, guint, i);
      const KpCandidate *c = kp_election_get_candidate (last, no);
      gboolean dropped = FALSE;

      for (guint d = 0; d < n_drop; d++)
        dropped |= drop[d] == no;
      if (!dropped)
        g_ptr_array_add (candidates, kp_candidate_new (candidates->len + 1, c->name, c->born));
    }
  for (guint d = 0; d < n_drop; d++)
    {
      gboolean proposed = FALSE;
      for (guint i = 0; i < result->next_round_candidates->len; i++)
        proposed |= g_array_index (result->next_round_candidates, guint, i) == drop[d];
      if (!proposed)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("--drop %u: not on the proposed list"), drop[d]);
    }
  for (guint i = 0; add && add[i]; i++)
    {
      g_autofree char *text = kp_text_nfc (add[i]);
      g_autofree char *born = NULL;
      char *semicolon;

      if (text == NULL)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("--add: not valid UTF-8"));
      if ((semicolon = strchr (text, ';')) != NULL)
        {
          *semicolon = '\0';
          born = g_strstrip (g_strdup (semicolon + 1));
          if (!kp_date_is_valid (born))
            return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("--add %s: \"%s\" is not a date written YYYY-MM-DD"),
                                      text, born);
        }
      g_strstrip (text);
      if (*text == '\0' || g_utf8_strlen (text, -1) > KP_MAX_NAME_CHARS)
        return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("--add: a name of 1 to %u characters"), KP_MAX_NAME_CHARS);
      for (const char *c = text; *c; c++)
        if ((unsigned char) *c < 0x20)
          return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("--add: a name holds a control character"));
      g_ptr_array_add (candidates, kp_candidate_new (candidates->len + 1, text, born));
    }
  if (candidates->len < result->seats_remaining)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("R-FORM-3: %u names for %u seats; a round needs at least as many names as seats"),
                              candidates->len, result->seats_remaining);

  list = _kp_candidates_to_json (candidates);
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", last->round + 1);
  _kp_json_int_member (content, "seats", result->seats_remaining);
  _kp_json_key (content, "candidates");
  g_string_append (content, list);
  if (!_kp_store_simple_action (store, operator, replace ? "edit-round" : "next-round", content, error))
    return FALSE;
  if (new_round)
    *new_round = last->round + 1;
  return TRUE;
}
