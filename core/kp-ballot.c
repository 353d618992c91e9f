/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-ballot.c — one ballot and its validity. */

#include <string.h>

#include "kp-ballot.h"
#include "kp-cpu-private.h"

/**
 * kp_ballot_new_strike:
 *
 * Returns: (transfer full): a strike-form ballot with no name struck.
 */
KpBallot *
kp_ballot_new_strike (guint serial,
                      guint n_candidates)
{
  KpBallot *ballot = g_new0 (KpBallot, 1);

  ballot->serial = serial;
  ballot->form = KP_BALLOT_FORM_STRIKE;
  ballot->n_candidates = n_candidates;
  ballot->struck = g_new0 (guint64, KP_BALLOT_WORDS (n_candidates) + 1);
  return ballot;
}

/**
 * kp_ballot_new_yesno:
 * @marks: one of `Y`, `N`, `B`, `0` per candidate, in ballot order
 *
 * Returns: (transfer full): an agree/disagree ballot. The caller has checked
 * @marks (the CSV reader does).
 */
KpBallot *
kp_ballot_new_yesno (guint       serial,
                     const char *marks)
{
  KpBallot *ballot;

  g_return_val_if_fail (marks != NULL, NULL);

  ballot = g_new0 (KpBallot, 1);
  ballot->serial = serial;
  ballot->form = KP_BALLOT_FORM_YESNO;
  ballot->n_candidates = strlen (marks);
  ballot->marks = g_strdup (marks);
  for (const char *p = marks; *p; p++)
    g_assert (*p == KP_MARK_YES || *p == KP_MARK_NO || *p == KP_MARK_BOTH || *p == KP_MARK_NEITHER);
  return ballot;
}

void
kp_ballot_free (KpBallot *ballot)
{
  if (ballot == NULL)
    return;
  g_free (ballot->struck);
  g_free (ballot->marks);
  g_free (ballot->flag_text);
  g_free (ballot);
}

/**
 * kp_ballot_copy:
 *
 * Returns: (transfer full): a deep copy.
 */
KpBallot *
kp_ballot_copy (const KpBallot *ballot)
{
  KpBallot *copy;

  g_return_val_if_fail (ballot != NULL, NULL);

  if (ballot->form == KP_BALLOT_FORM_STRIKE)
    {
      copy = kp_ballot_new_strike (ballot->serial, ballot->n_candidates);
      memcpy (copy->struck, ballot->struck, KP_BALLOT_WORDS (ballot->n_candidates) * sizeof (guint64));
    }
  else
    copy = kp_ballot_new_yesno (ballot->serial, ballot->marks);
  kp_ballot_set_flag (copy, ballot->flag, ballot->flag_text);
  return copy;
}

void
kp_ballot_strike (KpBallot *ballot,
                  guint     no)
{
  g_return_if_fail (ballot != NULL);
  g_return_if_fail (ballot->form == KP_BALLOT_FORM_STRIKE);
  g_return_if_fail (no >= 1 && no <= ballot->n_candidates);

  ballot->struck[(no - 1) / 64] |= G_GUINT64_CONSTANT (1) << ((no - 1) % 64);
}

gboolean
kp_ballot_is_struck (const KpBallot *ballot,
                     guint           no)
{
  g_return_val_if_fail (ballot != NULL, FALSE);
  g_return_val_if_fail (ballot->form == KP_BALLOT_FORM_STRIKE, FALSE);
  g_return_val_if_fail (no >= 1 && no <= ballot->n_candidates, FALSE);

  return (ballot->struck[(no - 1) / 64] >> ((no - 1) % 64)) & 1;
}

/**
 * kp_ballot_count_kept:
 *
 * Returns: for the strike form, the names left un-struck; for the
 * agree/disagree form, the names marked Đồng ý alone.
 */
_KP_POPCNT_CLONES
guint
kp_ballot_count_kept (const KpBallot *ballot)
{
  guint kept = 0;

  g_return_val_if_fail (ballot != NULL, 0);

  if (ballot->form == KP_BALLOT_FORM_STRIKE)
    {
      guint struck = 0;
      for (guint w = 0; w < KP_BALLOT_WORDS (ballot->n_candidates); w++)
        struck += __builtin_popcountll (ballot->struck[w]);
      return ballot->n_candidates - struck;
    }

  for (const char *p = ballot->marks; *p; p++)
    kept += (*p == KP_MARK_YES);
  return kept;
}

/**
 * kp_ballot_set_flag:
 * @reason: %KP_INVALID_NONE to clear, or a reason for which
 *   kp_invalid_reason_is_flag() is true
 * @text: (nullable): the committee's words, required for %KP_INVALID_OTHER
 *
 * R-INVALID-5: records the committee's ruling that the ballot is invalid.
 */
void
kp_ballot_set_flag (KpBallot        *ballot,
                    KpInvalidReason  reason,
                    const char      *text)
{
  g_return_if_fail (ballot != NULL);
  g_return_if_fail (reason == KP_INVALID_NONE || kp_invalid_reason_is_flag (reason));
  g_return_if_fail (reason != KP_INVALID_OTHER || (text != NULL && *text));

  ballot->flag = reason;
  g_clear_pointer (&ballot->flag_text, g_free);
  if (reason == KP_INVALID_OTHER)
    ballot->flag_text = g_strdup (text);
}

/**
 * kp_ballot_judge:
 * @seats: the seats of the ballot's election
 *
 * Decides whether the ballot is valid, and if not, why. The committee's flag
 * comes first: it looked at the paper (R-INVALID-5). Then, strike form:
 * R-VALID-1 valid when 1 ≤ kept ≤ seats; R-INVALID-2 more kept than seats;
 * R-INVALID-3 none kept. Agree/disagree form: R-YESNO-1 a multi-name ballot
 * stays valid whatever its rows; R-YESNO-2 a single-name ballot needs exactly
 * one box.
 *
 * Returns: %KP_INVALID_NONE when valid, else the reason.
 */
KpInvalidReason
kp_ballot_judge (const KpBallot *ballot,
                 guint           seats)
{
  g_return_val_if_fail (ballot != NULL, KP_INVALID_OTHER);

  if (ballot->flag != KP_INVALID_NONE)
    return ballot->flag;

  if (ballot->form == KP_BALLOT_FORM_STRIKE)
    {
      guint kept = kp_ballot_count_kept (ballot);

      if (kept == 0)
        return KP_INVALID_NONE_KEPT;
      if (kept > seats)
        return KP_INVALID_OVER_VOTE;
      return KP_INVALID_NONE;
    }

  if (ballot->n_candidates == 1
      && ballot->marks[0] != KP_MARK_YES
      && ballot->marks[0] != KP_MARK_NO)
    return KP_INVALID_YESNO_SINGLE;
  return KP_INVALID_NONE;
}

/**
 * kp_ballot_get_votes:
 * @words: (out caller-allocates): KP_BALLOT_WORDS (n) words
 *
 * R-COUNT-1: the names this ballot votes for, as a bit set (bit no−1): the
 * names kept (strike form) or marked Đồng ý alone (agree/disagree form;
 * R-YESNO-1: both boxes or neither counts for nobody). Meaningful only for
 * a valid ballot.
 */
void
kp_ballot_get_votes (const KpBallot *ballot,
                     guint64        *words)
{
  guint n_words = KP_BALLOT_WORDS (ballot->n_candidates);

  memset (words, 0, n_words * sizeof (guint64));
  if (ballot->form == KP_BALLOT_FORM_STRIKE)
    {
      for (guint w = 0; w < n_words; w++)
        words[w] = ~ballot->struck[w];
      if (ballot->n_candidates % 64)
        words[n_words - 1] &= (G_GUINT64_CONSTANT (1) << (ballot->n_candidates % 64)) - 1;
      return;
    }

  for (guint i = 0; i < ballot->n_candidates; i++)
    if (ballot->marks[i] == KP_MARK_YES)
      words[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
}

gboolean
kp_ballot_equal (const KpBallot *a,
                 const KpBallot *b)
{
  if (a->form != b->form || a->n_candidates != b->n_candidates || a->flag != b->flag
      || g_strcmp0 (a->flag_text, b->flag_text) != 0)
    return FALSE;
  if (a->form == KP_BALLOT_FORM_STRIKE)
    return memcmp (a->struck, b->struck, KP_BALLOT_WORDS (a->n_candidates) * sizeof (guint64)) == 0;
  return strcmp (a->marks, b->marks) == 0;
}

/**
 * kp_ballot_struck_to_string:
 *
 * Returns: (transfer full): the struck ballot numbers, ascending, separated
 * by single spaces ("3 17 40"); "" when none or for the agree/disagree form.
 */
char *
kp_ballot_struck_to_string (const KpBallot *ballot)
{
  GString *out = g_string_new (NULL);

  if (ballot->form == KP_BALLOT_FORM_STRIKE)
    for (guint no = 1; no <= ballot->n_candidates; no++)
      if (kp_ballot_is_struck (ballot, no))
        g_string_append_printf (out, out->len ? " %u" : "%u", no);
  return g_string_free (out, FALSE);
}

/**
 * kp_ballot_flag_to_string:
 *
 * Returns: (transfer full): the CSV `invalid` value: "", "not-issued", …,
 * or "other:<text>".
 */
char *
kp_ballot_flag_to_string (const KpBallot *ballot)
{
  if (ballot->flag == KP_INVALID_NONE)
    return g_strdup ("");
  if (ballot->flag == KP_INVALID_OTHER)
    return g_strconcat ("other:", ballot->flag_text, NULL);
  return g_strdup (kp_invalid_reason_to_string (ballot->flag));
}

/**
 * kp_ballot_describe:
 *
 * The ballot in the words of the table, as the journal, the entry screen
 * and the reconciliation show it: "gạch 3 17 40", "không gạch tên nào",
 * "đánh dấu YYN", with "; không hợp lệ: <reason>" when the committee
 * flagged it.
 *
 * Returns: (transfer full): the description.
 */
char *
kp_ballot_describe (const KpBallot *ballot)
{
  g_autofree char *struck = kp_ballot_struck_to_string (ballot);
  g_autofree char *flag = kp_ballot_flag_to_string (ballot);

  return kp_ballot_describe_values (ballot->form == KP_BALLOT_FORM_STRIKE ? struck : NULL, ballot->marks, flag);
}

/**
 * kp_ballot_describe_values:
 * @struck: (nullable): the struck numbers as stored ("3 17"), or %NULL for
 *   an agree/disagree ballot
 * @marks: (nullable): the marks, for an agree/disagree ballot
 * @flag: (nullable): the committee's flag as stored ("added-name", …)
 *
 * kp_ballot_describe () on the stored values (a journal entry).
 *
 * Returns: (transfer full): the description.
 */
char *
kp_ballot_describe_values (const char *struck,
                           const char *marks,
                           const char *flag)
{
  GString *out = g_string_new (NULL);

  if (struck == NULL || (*struck == '\0' && marks != NULL && *marks != '\0'))
    g_string_append_printf (out, "đánh dấu %s", marks ? marks : "");
  else if (*struck)
    g_string_append_printf (out, "gạch %s", struck);
  else
    g_string_append (out, "không gạch tên nào");
  if (flag != NULL && *flag)
    g_string_append_printf (out, "; không hợp lệ: %s", kp_invalid_reason_words (flag));
  return g_string_free (out, FALSE);
}

/**
 * kp_invalid_reason_words:
 * @reason: an invalid reason as in the result JSON ("over-vote", …,
 *   "other:<text>")
 *
 * The one place a reason is put in words (R-INVALID-5): the minutes, the
 * journal, the entry screen and the reconciliation say it the same way.
 *
 * Returns: (transfer none): the reason in Vietnamese, as the minutes print it.
 */
const char *
kp_invalid_reason_words (const char *reason)
{
  static const struct
  {
    const char *key;
    const char *words;
  } table[] = {
    { "over-vote", "bầu quá số lượng cần bầu" },
    { "none-kept", "gạch tên tất cả (không bầu ai)" },
    { "yesno-single-both-or-none", "đánh dấu cả hai ô hoặc không đánh dấu ô nào" },
    { "not-issued", "không do Ban kiểm phiếu phát ra" },
    { "added-name", "ghi thêm tên người ngoài danh sách bầu cử" },
    { "identifying-mark", "có ký tên, đánh dấu riêng hoặc viết thêm" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (reason, table[i].key))
      return table[i].words;
  if (g_str_has_prefix (reason, "other:"))
    return reason + 6;
  return reason;
}

static const char *const reason_names[] = {
  [KP_INVALID_NONE] = "",
  [KP_INVALID_OVER_VOTE] = "over-vote",
  [KP_INVALID_NONE_KEPT] = "none-kept",
  [KP_INVALID_YESNO_SINGLE] = "yesno-single-both-or-none",
  [KP_INVALID_NOT_ISSUED] = "not-issued",
  [KP_INVALID_ADDED_NAME] = "added-name",
  [KP_INVALID_IDENTIFYING_MARK] = "identifying-mark",
  [KP_INVALID_OTHER] = "other",
};

gboolean
kp_invalid_reason_is_flag (KpInvalidReason reason)
{
  return reason >= KP_INVALID_NOT_ISSUED && reason < KP_INVALID_N_REASONS;
}

/**
 * kp_invalid_reason_to_string:
 *
 * Returns: the name used in the ballots CSV and the result JSON ("other"
 * without its text).
 */
const char *
kp_invalid_reason_to_string (KpInvalidReason reason)
{
  g_return_val_if_fail (reason < KP_INVALID_N_REASONS, NULL);
  return reason_names[reason];
}

/**
 * kp_invalid_flag_parse:
 * @str: a value of the CSV `invalid` column
 * @reason: (out): the reason
 * @text: (out) (transfer full): the text of `other:<text>`, else %NULL
 *
 * Only the reasons the committee flags by eye parse; the computed ones
 * (over-vote, none-kept, …) are refused, since the engine decides those.
 *
 * Returns: %TRUE when @str is a flag; an empty @str gives %KP_INVALID_NONE.
 */
gboolean
kp_invalid_flag_parse (const char      *str,
                       KpInvalidReason *reason,
                       char           **text)
{
  *text = NULL;
  if (str == NULL || *str == '\0')
    {
      *reason = KP_INVALID_NONE;
      return TRUE;
    }
  if (g_str_has_prefix (str, "other:"))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (str + strlen ("other:")));
      if (*stripped == '\0')
        return FALSE;
      /* The committee's words, on one line, as names are (a line break or
       * a control character could disguise what the minutes print). */
      for (const char *c = stripped; *c; c++)
        if ((guchar) *c < 0x20 || *c == 0x7f)
          return FALSE;
      *reason = KP_INVALID_OTHER;
      *text = g_steal_pointer (&stripped);
      return TRUE;
    }
  for (guint i = KP_INVALID_NOT_ISSUED; i < KP_INVALID_OTHER; i++)
    if (strcmp (str, reason_names[i]) == 0)
      {
        *reason = (KpInvalidReason) i;
        return TRUE;
      }
  return FALSE;
}
