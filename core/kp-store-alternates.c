/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-alternates.c — R-ALT-1: the committee's order of elected alternates with equal
 * votes.
 */

#include <stdlib.h>
#include <string.h>

#include "kp-definition.h"
#include "kp-store-private.h"

gboolean
_kp_store_apply_alternates (KpDb                 *db,
                            const char           *path,
                            const KpJournalEntry *entry,
                            JsonObject           *c,
                            GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _kp_db_prepare (db, path,
                         "INSERT OR REPLACE INTO alternate_orders (election, round, elected, reason, operator, seq)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "elected"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "reason"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, entry->operator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, entry->seq);
  return _kp_db_step_done (db, path, stmt, N_ ("recording the order of alternates"), error);
}

static int
compare_serials_plain (const void *a,
                       const void *b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* @order (every elected ballot number) is @result's elected list with only
 * equal-vote neighbours swapped. */
static gboolean
order_fits (const KpResult *result,
            const GArray   *order)
{
  g_autofree guint *sorted_a = NULL;
  g_autofree guint *sorted_b = NULL;

  if (order->len != result->elected->len)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      guint no = g_array_index (order, guint, i);
      guint other = g_array_index (result->elected, guint, i);

      if (no < 1 || no > result->candidates->len
          || ((KpCandidateResult *) result->candidates->pdata[no - 1])->votes
               != ((KpCandidateResult *) result->candidates->pdata[other - 1])->votes)
        return FALSE;
    }
  sorted_a = g_memdup2 (order->data, order->len * sizeof (guint));
  sorted_b = g_memdup2 (result->elected->data, order->len * sizeof (guint));
  qsort (sorted_a, order->len, sizeof (guint), compare_serials_plain);
  qsort (sorted_b, order->len, sizeof (guint), compare_serials_plain);
  return memcmp (sorted_a, sorted_b, order->len * sizeof (guint)) == 0;
}

static GArray *
order_from_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i]; i++)
    {
      guint64 no;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, KP_MAX_CANDIDATES, &no, NULL))
        {
          g_array_unref (order);
          return NULL;
        }
      g_array_append_val (order, (guint) { no });
    }
  return order;
}

/**
 * kp_store_get_alternate_order:
 * @result: the round's result as it stands
 * @reason: (out) (optional) (transfer full): the committee's reason
 *
 * Returns: (transfer full) (nullable): the elected in the replacement
 * order the committee recorded (R-ALT-1), or %NULL (without error) when it
 * recorded none or the ballots have changed since, so that it no longer
 * fits @result.
 */
GArray *
kp_store_get_alternate_order (KpStore        *store,
                              const char     *election_id,
                              guint           round,
                              const KpResult *result,
                              char          **reason,
                              GError        **error)
{
  sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path,
                                       "SELECT elected, reason FROM alternate_orders WHERE election = ?1 AND round = ?2",
                                       error);
  g_autoptr(GArray) order = NULL;
  g_autofree char *why = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round ? round : result->round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      order = order_from_text (_kp_db_text (stmt, 0));
      why = g_strdup (_kp_db_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (order == NULL || !order_fits (result, order))
    return NULL;
  if (reason)
    *reason = g_steal_pointer (&why);
  return g_steal_pointer (&order);
}

/**
 * kp_store_order_alternates:
 * @tied_order: the ballot numbers of every group of elected alternates
 *   with equal votes, in the order the committee decided
 * @passphrase: the head's
 *
 * R-ALT-1 (open): alternates replace absent delegates in vote order; where
 * elected alternates have equal votes, the committee decides their order.
 * The decision is journalled and printed on the minutes, and confirm waits
 * for it.
 */
gboolean
kp_store_order_alternates (KpStore      *store,
                           const char   *election_id,
                           guint         round,
                           const GArray *tied_order,
                           const char   *reason,
                           const char   *passphrase,
                           const char   *operator,
                           GError      **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GArray) order = NULL;
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(KpKey) head = NULL;
  guint n_tied = 0;

  if (election == NULL || !kp_store_check_writable (store, error)
      || !_kp_store_check_unlocked (store, election_id, election->round, error))
    return FALSE;
  if (election->body != KP_BODY_ALTERNATE_DELEGATES)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("%s does not elect alternate delegates: the order of those "
                              "elected does not decide anything"), election_id);
  if (reason == NULL || *reason == '\0')
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("give the reason for the order (it is recorded and printed)"));
  if ((result = kp_store_results (store, election_id, election->round, NULL, error)) == NULL)
    return FALSE;
  groups = kp_result_equal_elected (result);
  if (groups->len == 0)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("no elected alternates of %s have equal votes: their order "
                              "is the order of their votes"), election_id);

  /* Each group's places in the vote order take its members in the order
   * the committee gave; every member of every group exactly once. */
  order = g_array_copy (result->elected);
  for (guint g = 0; g < groups->len; g++)
    n_tied += ((GArray *) groups->pdata[g])->len;
  {
    guint pos = 0;
    for (guint g = 0; g < groups->len; g++)
      {
        GArray *group = groups->pdata[g];
        g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (guint));

        for (guint t = 0; t < tied_order->len; t++)
          for (guint k = 0; k < group->len; k++)
            if (g_array_index (tied_order, guint, t) == g_array_index (group, guint, k))
              g_array_append_val (wanted, g_array_index (tied_order, guint, t));
        if (wanted->len != group->len)
          {
            g_autoptr(GString) members = g_string_new (NULL);
            for (guint k = 0; k < group->len; k++)
              g_string_append_printf (members, "%s%u", k ? ", " : "", g_array_index (group, guint, k));
            return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                                      _ ("give every alternate with equal votes exactly once: %s have %u votes each"),
                                      members->str,
                                      ((KpCandidateResult *) result->candidates->pdata[g_array_index (group, guint, 0) - 1])->votes);
          }
        while (pos < order->len)
          {
            gboolean member = FALSE;
            for (guint k = 0; k < group->len; k++)
              member |= g_array_index (order, guint, pos) == g_array_index (group, guint, k);
            if (member)
              break;
            pos++;
          }
        for (guint k = 0; k < wanted->len; k++)
          g_array_index (order, guint, pos + k) = g_array_index (wanted, guint, k);
        pos += wanted->len;
      }
  }
  if (tied_order->len != n_tied)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("give only the alternates with equal votes (%u of them), each once"), n_tied);
  g_assert (order_fits (result, order));

  if ((head = _kp_store_unlock_head (store, passphrase, "alternates", N_ ("deciding the order of alternates"), operator,
                                     error)) == NULL)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    g_string_append_printf (text, "%s%u", i ? " " : "", g_array_index (order, guint, i));
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", election->round);
  _kp_json_string_member (content, "elected", text->str);
  _kp_json_string_member (content, "reason", reason);
  return _kp_store_head_action (store, operator, "alternates", content, head, error);
}
