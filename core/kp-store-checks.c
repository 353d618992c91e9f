/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-checks.c — the results of a round and the R-RECON-1 checks on its numbers.
 */

#include <inttypes.h>

#include "kp-store-private.h"
#include "kp-tally.h"

/* @detail (English, for the checks JSON), @text (the user's language,
 * for the app and the CLI: kp_check_say ()) and @words (Vietnamese, for
 * the minutes) are taken. */
static void
add_check (GPtrArray  *checks,
           const char *check,
           const char *status,
           GString    *detail,
           GString    *text,
           char       *words)
{
  KpCheck *c = g_new0 (KpCheck, 1);

  c->detail = g_string_free (detail, FALSE);
  c->text = g_string_free (text, FALSE);
  c->words = words;
  c->check = g_strdup (check);
  c->rule = g_strdup ("R-RECON-1");
  c->status = g_strdup (status);
  g_ptr_array_add (checks, c);
}

/* A text without a count that English would inflect: @detail in English,
 * @text through gettext. */
static void G_GNUC_PRINTF (3, 4)
say (GString    *detail,
     GString    *text,
     const char *format,
     ...)
{
  va_list args, copy;

  va_start (args, format);
  va_copy (copy, args);
  g_string_append_vprintf (detail, format, args);
  g_string_append_vprintf (text, g_dgettext (GETTEXT_PACKAGE, format), copy);
  va_end (copy);
  va_end (args);
}

/**
 * kp_store_results:
 * @round: the round, or 0 for the latest
 * @checks: (out) (optional) (transfer full) (element-type KpCheck): the
 *   R-RECON-1 checks with their status
 *
 * Counts the ballots that count (kp_store_reconcile) with the same engine
 * as `tally`.
 *
 * Returns: (transfer full): the result, or %NULL with @error set.
 */
KpResult *
kp_store_results (KpStore    *store,
                  const char *election_id,
                  guint       round,
                  GPtrArray **checks,
                  GError    **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(GPtrArray) counted = NULL;
  g_autoptr(GPtrArray) disagreements = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KpTally) tally = NULL;
  g_autoptr(KpResult) result = NULL;
  guint pending = 0, invalid_sum = 0, entered;
  gint64 box;

  if (election == NULL || !_kp_store_refuse_on_station (store, error))
    return NULL;
  info = kp_store_get_round_info (store, election_id, election->round, error);
  if (info == NULL)
    return NULL;
  disagreements = kp_store_reconcile (store, election_id, election->round, &counted, error);
  if (disagreements == NULL)
    return NULL;

  tally = kp_tally_new (election);
  for (guint i = 0; i < counted->len; i++)
    kp_tally_add (tally, g_ptr_array_index (counted, i));
  result = kp_tally_get_result (tally);

  if (checks == NULL)
    return g_steal_pointer (&result);

  /* R-RECON-1: the numbers must add up before results are confirmed. Each
   * check sets numbers from different sources against each other — the
   * hand counts of the box (issued, collected), the ballots entered, the
   * judge's valid ballots and its invalid ones by reason — so each can
   * fail. Whether a valid ballot keeps at most as many names as seats is
   * not a check here: it is the judge's own rule (R-INVALID-2), and such a
   * ballot is counted invalid, by reason, on the minutes. */
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_check_free);
  for (guint i = 0; i < result->invalid_by_reason->len; i++)
    invalid_sum += ((KpReasonCount *) result->invalid_by_reason->pdata[i])->count;
  box = info->collected;
  entered = counted->len;

  /* Each count's noun in the form its number wants, in English (the
   * JSON's detail) and in the user's language (kp_check_say). */
  {
    gint64 collected = box >= 0 ? box : (gint64) entered;
    GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

    if (result->issued < 0)
      {
        kp_check_say (detail, text, collected,
                      NN_ ("%" PRId64 " ballot collected; ballots issued not recorded yet",
                           "%" PRId64 " ballots collected; ballots issued not recorded yet"), collected);
        add_check (list, "collected-le-issued", "unknown", detail, text,
                   g_strdup_printf ("thu vào %" G_GINT64_FORMAT " phiếu; chưa ghi số phiếu phát ra", collected));
      }
    else
      {
        kp_check_say (detail, text, collected,
                      NN_ ("%" PRId64 " ballot collected, %" PRId64 " issued",
                           "%" PRId64 " ballots collected, %" PRId64 " issued"), collected, result->issued);
        add_check (list, "collected-le-issued", collected <= result->issued ? "ok" : "failed", detail, text,
                   g_strdup_printf ("thu vào %" G_GINT64_FORMAT " phiếu, phát ra %" G_GINT64_FORMAT " phiếu",
                                    collected, result->issued));
      }
  }
  {
    GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

    if (box < 0)
      {
        kp_check_say (detail, text, entered,
                      NN_ ("%u ballot entered; ballots collected (counted from the box) not recorded yet",
                           "%u ballots entered; ballots collected (counted from the box) not recorded yet"), entered);
        add_check (list, "entered-eq-collected", "unknown", detail, text,
                   g_strdup_printf ("đã nhập %u phiếu; chưa ghi số phiếu thu vào (đếm từ hòm phiếu)", entered));
      }
    else
      {
        kp_check_say (detail, text, entered,
                      NN_ ("%u ballot entered, %" PRId64 " collected (counted from the box)",
                           "%u ballots entered, %" PRId64 " collected (counted from the box)"), entered, box);
        add_check (list, "entered-eq-collected", (gint64) entered == box ? "ok" : "failed", detail, text,
                   g_strdup_printf ("đã nhập %u phiếu, đếm từ hòm phiếu được %" G_GINT64_FORMAT " phiếu",
                                    entered, box));
      }
  }
  {
    GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

    /* "valid" and "invalid" do not change with their numbers. */
    if (box < 0)
      {
        say (detail, text, N_ ("%u valid + %u invalid; ballots collected not recorded yet"), result->valid,
             invalid_sum);
        add_check (list, "valid-plus-invalid", "unknown", detail, text,
                   g_strdup_printf ("%u hợp lệ + %u không hợp lệ; chưa ghi số phiếu thu vào", result->valid,
                                    invalid_sum));
      }
    else
      {
        say (detail, text, N_ ("%u valid + %u invalid, %" PRId64 " collected"), result->valid, invalid_sum, box);
        add_check (list, "valid-plus-invalid", (gint64) result->valid + invalid_sum == box ? "ok" : "failed",
                   detail, text,
                   g_strdup_printf ("%u hợp lệ + %u không hợp lệ, thu vào %" G_GINT64_FORMAT " phiếu",
                                    result->valid, invalid_sum, box));
      }
  }
  /* Single entry has no second pass to compare with: no check. */
  if (info->mode != KP_ENTRY_SINGLE)
    {
      GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

      for (guint i = 0; i < disagreements->len; i++)
        pending += !((KpDisagreement *) disagreements->pdata[i])->resolved;
      g_string_append_printf (detail, "%s entry", kp_entry_mode_to_string (info->mode));
      g_string_append (text, kp_entry_mode_words (info->mode));
      kp_check_say (detail, text, counted->len, NN_ (": %u ballot counted; ", ": %u ballots counted; "),
                    counted->len);
      kp_check_say (detail, text, disagreements->len,
                    NN_ ("%u disagreement, %u still to resolve", "%u disagreements, %u still to resolve"),
                    disagreements->len, pending);
      add_check (list, "passes-agree", pending == 0 ? "ok" : "failed", detail, text,
                 g_strdup_printf ("nhập %s lượt: tính %u phiếu; %u chỗ khác nhau, còn %u chỗ chưa quyết định",
                                  info->mode == KP_ENTRY_TRIPLE ? "ba" : "hai", counted->len, disagreements->len,
                                  pending));
    }
  /* R-RECON-1: a scanned ballot with marks for a person is not counted
   * as read until the committee decides (kiemphieu-cli adjudicate); only
   * rounds with scanned ballots have this check. */
  {
    guint undecided = _kp_store_scans_undecided (store, election_id, election->round, error);

    if (undecided == G_MAXUINT)
      return NULL;
    if (undecided != G_MAXUINT - 1)
      {
        GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

        kp_check_say (detail, text, undecided,
                      NN_ ("%u scanned ballot with marks the committee has not decided yet",
                           "%u scanned ballots with marks the committee has not decided yet"), undecided);
        add_check (list, "scans-decided", undecided == 0 ? "ok" : "failed", detail, text,
                     g_strdup_printf ("còn %u phiếu quét có chỗ Ban kiểm phiếu chưa quyết định", undecided));
      }
  }
  /* Present ≤ convened is refused when the definition is read; what can
   * still fail is the ballots given out against those who could vote: at
   * most one ballot for each delegate (member) present, or for each
   * convened member at a committee meeting. */
  {
    const KpCongress *congress = store->congress;
    gboolean meeting = election->convened != congress->convened || congress->present < 0;
    gint64 bound = meeting ? (gint64) election->convened : congress->present;
    gint64 given = result->issued >= 0 ? result->issued : box >= 0 ? box : (gint64) entered;
    const char *given_vi = result->issued >= 0 ? "phát ra" : "thu vào";
    GString *detail = g_string_new (NULL), *text = g_string_new (NULL);

    if (result->issued >= 0 && meeting)
      kp_check_say (detail, text, given, NN_ ("%" PRId64 " ballot issued, %" PRId64 " convened",
                                              "%" PRId64 " ballots issued, %" PRId64 " convened"), given, bound);
    else if (result->issued >= 0)
      kp_check_say (detail, text, given, NN_ ("%" PRId64 " ballot issued, %" PRId64 " present",
                                              "%" PRId64 " ballots issued, %" PRId64 " present"), given, bound);
    else if (meeting)
      kp_check_say (detail, text, given, NN_ ("%" PRId64 " ballot collected, %" PRId64 " convened",
                                              "%" PRId64 " ballots collected, %" PRId64 " convened"), given, bound);
    else
      kp_check_say (detail, text, given, NN_ ("%" PRId64 " ballot collected, %" PRId64 " present",
                                              "%" PRId64 " ballots collected, %" PRId64 " present"), given, bound);
    add_check (list, "issued-le-present", given <= bound ? "ok" : "failed", detail, text,
               g_strdup_printf ("%" G_GINT64_FORMAT " phiếu %s, %" G_GINT64_FORMAT " đồng chí %s", given, given_vi,
                                bound, meeting ? "được triệu tập" : "có mặt"));
  }
  /* Stations: no serial two stations entered waits for the head. */
  {
    KpCheck *stations = _kp_store_stations_check (store, election->id, election->round);
    if (stations != NULL)
      g_ptr_array_add (list, stations);
  }
  *checks = g_steal_pointer (&list);
  return g_steal_pointer (&result);
}
