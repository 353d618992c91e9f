/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ballots.c — the ballots CSV reader, both forms, then the tally. */

#include <string.h>

#include "kp-ballot-reader.h"
#include "kp-definition.h"
#include "kp-tally.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char definition[] =
  "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"X\",\"name\":\"Y\",\"kind\":\"members\","
  "\"convened\":20},\"elections\":[{\"id\":\"s\",\"title\":\"t\",\"body\":\"committee\",\"seats\":3,\"candidates\":["
  "{\"name\":\"A B\"},{\"name\":\"C D\"},{\"name\":\"E F\"},{\"name\":\"G H\"},{\"name\":\"I K\"}]},"
  "{\"id\":\"y\",\"title\":\"t\",\"body\":\"secretary\",\"seats\":2,\"candidates\":[{\"name\":\"A B\"},{\"name\":\"C D\"}]}]}";

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static KpCongress *congress;

  if (congress == NULL)
    congress = kp_definition_load_data (definition, strlen (definition), "fuzz.json", NULL);
  for (guint e = 0; e < congress->elections->len; e++)
    {
      const KpElection *election = g_ptr_array_index (congress->elections, e);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ballots = kp_ballots_read_data ((const char *) data, size, "fuzz.csv", election, &error);

      if (ballots != NULL)
        {
          g_autoptr(KpTally) tally = kp_tally_new (election);
          g_autoptr(KpResult) result = NULL;

          for (guint i = 0; i < ballots->len; i++)
            kp_tally_add (tally, ballots->pdata[i]);
          result = kp_tally_get_result (tally);
          g_assert_cmpuint (result->valid + result->invalid, ==, ballots->len);
        }
      else
        g_assert_nonnull (error);
    }
  return 0;
}
