/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-result.c — results and their canonical JSON. */

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "kp-ballot.h"
#include "kp-result.h"

static void
reason_count_free (KpReasonCount *rc)
{
  g_free (rc->reason);
  g_free (rc);
}

static void
candidate_result_free (KpCandidateResult *cr)
{
  g_free (cr->name);
  g_free (cr->born);
  g_free (cr->display_name);
  g_free (cr);
}

KpResult *
kp_result_new (void)
{
  KpResult *result = g_new0 (KpResult, 1);

  result->issued = -1;
  result->invalid_by_reason = g_ptr_array_new_with_free_func ((GDestroyNotify) reason_count_free);
  result->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_result_free);
  result->elected = g_array_new (FALSE, FALSE, sizeof (guint));
  result->tied = g_array_new (FALSE, FALSE, sizeof (guint));
  result->next_round_candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  return result;
}

void
kp_result_free (KpResult *result)
{
  if (result == NULL)
    return;
  g_free (result->election);
  g_ptr_array_unref (result->invalid_by_reason);
  g_ptr_array_unref (result->candidates);
  g_array_unref (result->elected);
  g_array_unref (result->tied);
  g_array_unref (result->next_round_candidates);
  g_free (result);
}

/**
 * kp_json_append_string:
 *
 * Appends @str as a JSON string in the canonical form: UTF-8 as is,
 * `"` and `\` escaped, control characters as \b \f \n \r \t or \u00XX.
 */
void
kp_json_append_string (GString    *out,
                       const char *str)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_uint_array (GString      *out,
                   const GArray *array)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < array->len; i++)
    g_string_append_printf (out, "%s%u", i ? "," : "", g_array_index (array, guint, i));
  g_string_append_c (out, ']');
}

/**
 * kp_result_to_json:
 *
 * The canonical form of docs/formats.md: keys in the documented order, no
 * insignificant whitespace, UTF-8 NFC (the model holds NFC strings), no
 * trailing newline. The same result always gives the same bytes.
 *
 * Returns: (transfer full): the JSON text.
 */
char *
kp_result_to_json (const KpResult *result)
{
  GString *out = g_string_sized_new (256 + 96 * result->candidates->len);

  g_string_append (out, "{\"format\":\"kiemphieu/result@1\",\"election\":");
  kp_json_append_string (out, result->election);
  g_string_append_printf (out, ",\"round\":%u,\"seats\":%u,\"base\":%u", result->round,
                          result->seats, result->base);

  g_string_append (out, ",\"ballots\":{\"issued\":");
  if (result->issued >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, result->issued);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"collected\":%u,\"valid\":%u,\"invalid\":%u", result->collected,
                          result->valid, result->invalid);
  g_string_append (out, ",\"invalid_by_reason\":{");
  for (guint i = 0; i < result->invalid_by_reason->len; i++)
    {
      const KpReasonCount *rc = g_ptr_array_index (result->invalid_by_reason, i);
      if (i)
        g_string_append_c (out, ',');
      kp_json_append_string (out, rc->reason);
      g_string_append_printf (out, ":%u", rc->count);
    }
  g_string_append (out, "}}");

  g_string_append (out, ",\"candidates\":[");
  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *cr = g_ptr_array_index (result->candidates, i);
      g_autofree char *percent = kp_rules_format_percent (cr->percent, '.');

      g_string_append_printf (out, "%s{\"no\":%u,\"name\":", i ? "," : "", cr->no);
      kp_json_append_string (out, cr->name);
      /* R-LIST-2: the date of birth that tells namesakes apart, only when
       * the list gives one, so results without it keep their bytes. */
      if (cr->born != NULL)
        {
          g_string_append (out, ",\"born\":");
          kp_json_append_string (out, cr->born);
        }
      g_string_append_printf (out, ",\"votes\":%u,\"percent\":\"%s\",\"status\":\"%s\"}", cr->votes,
                              percent, kp_status_to_string (cr->status));
    }
  g_string_append (out, "],\"elected\":");
  append_uint_array (out, result->elected);
  g_string_append (out, ",\"tied\":");
  append_uint_array (out, result->tied);
  g_string_append_printf (out, ",\"seats_remaining\":%u", result->seats_remaining);
  if (result->seats_remaining > 0)
    {
      g_string_append_printf (out, ",\"next_round\":{\"round\":%u,\"seats\":%u,\"candidates\":",
                              result->round + 1, result->seats_remaining);
      append_uint_array (out, result->next_round_candidates);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

static const char *
status_in_words (KpStatus status)
{
  switch (status)
    {
    case KP_STATUS_ELECTED:
      return _ ("Elected");
    case KP_STATUS_TIED:
      return _ ("Tied");
    case KP_STATUS_NOT_ELECTED:
      return _ ("Not elected (seats filled)");
    case KP_STATUS_BELOW_THRESHOLD:
      return _ ("Not elected (not over half)");
    default:
      g_assert_not_reached ();
    }
}

static void
append_names (GString        *out,
              const KpResult *result,
              const GArray   *nos)
{
  for (guint i = 0; i < nos->len; i++)
    {
      guint no = g_array_index (nos, guint, i);
      const KpCandidateResult *cr = g_ptr_array_index (result->candidates, no - 1);
      g_string_append_printf (out, "%s%s", i ? ", " : "", cr->display_name);
    }
}

/**
 * kp_result_to_text:
 *
 * Returns: (transfer full): the result for a person at a terminal, in the
 * user's language (the words of the results screen: the same msgids),
 * percentages with a decimal comma (R-PCT-2). Names are shown as on the
 * ballot and reasons in the minutes' words, in every language.
 */
char *
kp_result_to_text (const KpResult *result)
{
  GString *out = g_string_new (NULL);
  gsize width = 0;

  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *cr = g_ptr_array_index (result->candidates, i);
      width = MAX (width, (gsize) g_utf8_strlen (cr->display_name, -1));
    }

  g_string_append_printf (out, _ ("Election: %s — round %u\n"), result->election, result->round);
  g_string_append_printf (out, _ ("Seats: %u; base for more than half: %u\n"), result->seats, result->base);
  if (result->issued >= 0)
    g_string_append_printf (out, _ ("Ballots issued: %" PRId64 "; collected: %u"), (gint64) result->issued,
                            result->collected);
  else
    g_string_append_printf (out, _ ("Ballots issued not recorded. Ballots collected: %u"), result->collected);
  g_string_append_printf (out, _ ("; valid: %u; invalid: %u\n"), result->valid, result->invalid);
  for (guint i = 0; i < result->invalid_by_reason->len; i++)
    {
      const KpReasonCount *rc = g_ptr_array_index (result->invalid_by_reason, i);
      g_string_append_printf (out, "  - %s: %u\n", kp_invalid_reason_words (rc->reason), rc->count);
    }
  g_string_append (out, "\n");

  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *cr = g_ptr_array_index (result->candidates, i);
      g_autofree char *percent = kp_rules_format_percent (cr->percent, ',');
      gsize pad = width - g_utf8_strlen (cr->display_name, -1);

      g_string_append_printf (out, "%4u. %s%*s %6u  %7s%%  %s\n", cr->no, cr->display_name, (int) pad, "",
                              cr->votes, percent, status_in_words (cr->status));
    }

  g_string_append_c (out, '\n');
  g_string_append (out, _ ("Elected (by votes, highest first): "));
  if (result->elected->len)
    append_names (out, result, result->elected);
  else
    g_string_append (out, C_ ("elected", "none"));
  g_string_append (out, "\n");
  if (result->tied->len)
    {
      g_string_append (out, _ ("Tied at the last seats, none of them elected yet: "));
      append_names (out, result, result->tied);
      g_string_append (out, "\n");
    }
  if (result->seats_remaining)
    {
      g_string_append_printf (out, _ ("Seats remaining: %u; round %u is proposed with the list: "),
                              result->seats_remaining, result->round + 1);
      append_names (out, result, result->next_round_candidates);
      g_string_append (out, "\n");
    }
  return g_string_free (out, FALSE);
}

/**
 * kp_result_digest_json:
 * @json: a canonical result JSON (kp_result_to_json)
 *
 * The one definition of a result's digest: printed on the minutes, stored
 * with the confirmation and checked by verify.
 *
 * Returns: (transfer full): the hex SHA-256 of @json, the bytes that are
 * signed.
 */
char *
kp_result_digest_json (const char *json)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

/**
 * kp_result_digest:
 *
 * Returns: (transfer full): the hex SHA-256 of the canonical result JSON.
 */
char *
kp_result_digest (const KpResult *result)
{
  g_autofree char *json = kp_result_to_json (result);
  return kp_result_digest_json (json);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/**
 * kp_result_equal_elected:
 *
 * R-ALT-1: the elected who have the same votes. Their order decides who
 * replaces an absent delegate first, and no rule orders them (R-TIE-1:
 * never by list order), so for alternates the committee decides it.
 *
 * Returns: (transfer full) (element-type GArray): one GArray of guint
 * ballot numbers per group of two or more, in ballot order; empty when
 * every elected candidate has votes of their own.
 */
GPtrArray *
kp_result_equal_elected (const KpResult *result)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  guint i = 0;

  while (i < result->elected->len)
    {
      guint no = g_array_index (result->elected, guint, i);
      guint votes = ((KpCandidateResult *) result->candidates->pdata[no - 1])->votes;
      guint j = i + 1;

      while (j < result->elected->len
             && ((KpCandidateResult *) result->candidates->pdata[g_array_index (result->elected, guint, j) - 1])->votes
                  == votes)
        j++;
      if (j - i >= 2)
        {
          GArray *group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_vals (group, &g_array_index (result->elected, guint, i), j - i);
          g_array_sort (group, compare_guint);
          g_ptr_array_add (groups, group);
        }
      i = j;
    }
  return groups;
}
