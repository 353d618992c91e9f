/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-checks.c — the R-RECON-1 checks: what each says, in Vietnamese and as JSON.
 */

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
  g_free (check);
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
