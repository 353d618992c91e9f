/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-checks.c — the R-RECON-1 checks: what each says, in Vietnamese and as JSON.
 */

#include <glib/gi18n-lib.h>

#include "kp-checks.h"
#include "kp-result.h"

void
kp_check_free (KpCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->check);
  g_free (check->rule);
  g_free (check->status);
  g_free (check->detail);
  g_free (check->words);
  g_free (check->text);
  g_free (check);
}

/**
 * kp_check_say:
 * @detail: appended with the English form English's rule picks for @n
 *   (one for 1, many otherwise): the checks JSON, which never changes with
 *   the locale (formats.md)
 * @text: appended with the form the user's language picks for @n, through
 *   gettext (g_dngettext ()): for the app and the CLI
 * @one: (not nullable): a printf format with a count, English, written
 *   with its plural as NN_ ("…", "…") so that xgettext finds both
 *
 * Both are formatted with the same arguments.
 */
void
kp_check_say (GString    *detail,
              GString    *text,
              gulong      n,
              const char *one,
              const char *many,
              ...)
{
  va_list args, copy;

  va_start (args, many);
  va_copy (copy, args);
  g_string_append_vprintf (detail, n == 1 ? one : many, args);
  g_string_append_vprintf (text, g_dngettext (GETTEXT_PACKAGE, one, many, n), copy);
  va_end (copy);
  va_end (args);
}

/**
 * kp_check_title:
 * @check: a check name ("collected-le-issued", …)
 *
 * Returns: (transfer none): what the check says, in the user's language
 *   (kp_check_words () is the Vietnamese of the minutes).
 */
const char *
kp_check_title (const char *check)
{
  static const struct
  {
    const char *check;
    const char *title;
  } table[] = {
    { "collected-le-issued", N_ ("ballots collected do not exceed ballots issued") },
    { "entered-eq-collected", N_ ("ballots entered equal ballots collected") },
    { "valid-plus-invalid", N_ ("valid ballots plus invalid ballots equal ballots collected") },
    { "passes-agree", N_ ("the entry passes agree") },
    { "issued-le-present", N_ ("ballots issued do not exceed the delegates (members) present") },
    { "scans-decided", N_ ("every doubtful mark of a scanned ballot is decided") },
    { "stations-agree", N_ ("no serial entered by two stations waits for a decision") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (check, table[i].check))
      return g_dgettext (GETTEXT_PACKAGE, table[i].title);
  return check;
}

/**
 * kp_check_words:
 * @check: a check name ("collected-le-issued", …)
 *
 * Returns: (transfer none): what the check says, in Vietnamese.
 */
const char *
kp_check_words (const char *check)
{
  static const struct
  {
    const char *check;
    const char *words;
  } table[] = {
    { "collected-le-issued", "số phiếu thu vào không vượt số phiếu phát ra" },
    { "entered-eq-collected", "số phiếu đã nhập bằng số phiếu thu vào" },
    { "valid-plus-invalid", "số phiếu hợp lệ cộng số phiếu không hợp lệ bằng số phiếu thu vào" },
    { "passes-agree", "các lượt nhập phiếu khớp nhau" },
    { "issued-le-present", "số phiếu phát ra không vượt số đại biểu (đảng viên) có mặt" },
    { "scans-decided", "mọi chỗ nghi ngờ trên phiếu quét đã được Ban kiểm phiếu quyết định" },
    { "stations-agree", "không còn số phiếu nào do hai trạm cùng nhập mà chưa quyết định" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (check, table[i].check))
      return table[i].words;
  return check;
}

/**
 * kp_checks_to_json:
 *
 * Returns: (transfer full): {"format":"kiemphieu/checks@1","election":…,
 * "round":…,"mode":…,"checks":[{"check":…,"rule":…,"status":…,"detail":…}]}
 */
static void
member (GString    *out,
        const char *key,
        const char *value)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  kp_json_append_string (out, key);
  g_string_append_c (out, ':');
  kp_json_append_string (out, value);
}

char *
kp_checks_to_json (const char *election_id,
                   guint       round,
                   const char *mode,
                   GPtrArray  *checks)
{
  GString *out = g_string_new ("{");

  member (out, "format", "kiemphieu/checks@1");
  member (out, "election", election_id);
  g_string_append_printf (out, ",\"round\":%u", round);
  member (out, "mode", mode);
  g_string_append (out, ",\"checks\":[");
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      GString *item = g_string_new ("{");

      member (item, "check", c->check);
      member (item, "rule", c->rule);
      member (item, "status", c->status);
      member (item, "detail", c->detail);
      g_string_append_c (item, '}');
      g_string_append_printf (out, "%s%s", i ? "," : "", item->str);
      g_string_free (item, TRUE);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}
