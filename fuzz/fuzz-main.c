/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-main.c — replays inputs through a fuzz target without libFuzzer:
 * `fuzz-X FILE|DIR…`. The regular build runs every target over its seed
 * corpus and fuzz/regressions/ as tests, so a crash once found stays found.
 */

#include <glib.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
replay (const char *path)
{
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          n += replay (child);
        }
      return n;
    }
  {
    g_autofree char *data = NULL;
    gsize length;

    if (!g_file_get_contents (path, &data, &length, NULL))
      return 0;
    LLVMFuzzerTestOneInput ((const guint8 *) data, length);
    return 1;
  }
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += replay (argv[i]);
  printf ("1..1\nok 1 %u inputs replayed without a crash\n", n);
  return n > 0 ? 0 : 1;
}
