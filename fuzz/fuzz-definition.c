/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-definition.c — the election definition reader (JSON). */

#include "kp-definition.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpCongress) congress = kp_definition_load_data ((const char *) data, size, "fuzz.json", &error);

  if (congress != NULL)
    {
      g_autoptr(GPtrArray) warnings = kp_definition_check (congress);

      g_assert_nonnull (warnings);
    }
  else
    g_assert_nonnull (error);
  return 0;
}
