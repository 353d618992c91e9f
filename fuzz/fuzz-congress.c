/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-congress.c — the congress file opener, verification and results. */

#include <glib/gstdio.h>

#include "kp-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static char *path, *wal, *shm;
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("kp-fuzz-XXXXXX", NULL);
      path = g_build_filename (dir, "c.kiemphieu", NULL);
      wal = g_strconcat (path, "-wal", NULL);
      shm = g_strconcat (path, "-shm", NULL);
    }
  g_unlink (wal);
  g_unlink (shm);
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;
  store = kp_store_open (path, &error);
  if (store != NULL)
    {
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GPtrArray) rounds = kp_store_list_rounds (store, NULL);
      g_autoptr(GError) verify_error = NULL;

      kp_store_verify (store, report, &verify_error);
      for (guint i = 0; rounds && i < rounds->len; i++)
        {
          const KpRoundInfo *r = g_ptr_array_index (rounds, i);
          g_autoptr(GPtrArray) checks = NULL;
          g_autoptr(KpResult) result = kp_store_results (store, r->id, r->round, &checks, NULL);

          (void) result;
        }
    }
  return 0;
}
