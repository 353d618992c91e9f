/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-archive — the USB archive: wall time and peak resident memory of
 * `kiemphieu-cli archive`, `archive-check` and `restore`, each a whole
 * command, for the demo congress and for a national one (1,586 ballots ×
 * 199 names, confirmed).
 *
 * Then a congress of scanned ballots (issue 15): --images N scanner files
 * of --image-kb K kB each (default 3,200 of 400 kB: 1,600 ballots, two
 * pages each, at 200 dpi), random bytes entered through the store's own
 * API (kp_store_enter_scanned), and the same with a quarter of them: the
 * archive streams the images, so peak memory must not grow with them.
 *
 * Usage: bench-archive PATH-TO-kiemphieu-cli SOURCE-DIR [--dir DIR] [--ballots N]
 *   [--images N] [--image-kb K] [--only-images]
 * (--ballots: the national congress's size, default 1,586, to see how
 * memory grows with the congress file).
 * The congress files and archives go to DIR (default: a new folder under
 * /var/tmp, on the real disk, so fsync costs what it costs); TMPDIR is set
 * to a folder inside it.
 */

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kp-store.h"

static const char *cli;
static const char *dir;

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs the CLI with ARGS; returns its exit status, the wall time and the
 * peak RSS (KiB) of that one process. */
static int
measure (const char *const *args,
         double            *seconds,
         long              *max_rss_kib)
{
  struct rusage usage;
  double t0 = now ();
  int status = 0;
  pid_t pid = fork ();

  if (pid < 0)
    g_error ("fork failed");
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);
      dup2 (null, 1);
      execv (cli, (char *const *) args);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) != pid)
    g_error ("wait4 failed");
  if (seconds)
    *seconds = now () - t0;
  if (max_rss_kib)
    *max_rss_kib = usage.ru_maxrss;
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
run (const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  int status;

  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = measure ((const char *const *) args->pdata, NULL, NULL);
  if (status != 0)
    g_error ("kiemphieu-cli %s: exit %d", first, status);
}

static char *
in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
write_file (const char *path,
            const char *text)
{
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

/* Keys made and ELECTION confirmed. */
static void
sign (const char *congress,
      const char *election,
      const char *passphrase)
{
  run ("keys", congress, "--init", "--passphrase-file", passphrase, "--operator", "Lê Văn Tùng", NULL);
  run ("confirm", congress, "--election", election, "--passphrase-file", passphrase, "--operator", "Lê Văn Tùng",
       "--override-network", "đo đạc trên máy phát triển", NULL);
}

static char *
demo_congress (const char *source)
{
  const char *elections[] = { "bch", "bithu", "dbct" };
  char *congress = in_dir ("daihoi.kiemphieu");
  g_autofree char *definition = g_build_filename (source, "data", "demo", "daihoi.json", NULL);
  g_autofree char *passphrase = in_dir ("passphrase.txt");

  run ("new", congress, "--definition", definition, "--operator", "Nguyễn Văn Kỹ", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (elections); i++)
    {
      g_autofree char *name = g_strconcat (elections[i], ".csv", NULL);
      g_autofree char *csv = g_build_filename (source, "data", "demo", name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *count = NULL;
      guint rows = 0;

      if (!g_file_get_contents (csv, &text, NULL, NULL))
        g_error ("cannot read %s", csv);
      for (const char *p = strchr (text, '\n'); p != NULL && p[1] != '\0'; p = strchr (p + 1, '\n'))
        rows++;
      count = g_strdup_printf ("%u", rows);
      run ("enter", congress, "--election", elections[i], "--pass", "A", "--operator", "Trần Thị Nhập", "--ballots",
           csv, NULL);
      run ("collected", congress, count, "--election", elections[i], "--operator", "Lê Văn Tùng", NULL);
    }
  sign (congress, "bch", passphrase);
  return congress;
}

static char *
national_congress (guint n_ballots,
                   guint n_names)
{
  char *congress = in_dir ("quocgia.kiemphieu");
  g_autofree char *definition = in_dir ("quocgia.json");
  g_autofree char *csv = in_dir ("quocgia.csv");
  g_autofree char *passphrase = in_dir ("passphrase.txt");
  g_autofree char *count = g_strdup_printf ("%u", n_ballots);
  g_autoptr(GString) def = g_string_new (NULL);
  g_autoptr(GString) rows = g_string_new ("serial,struck,marks,invalid\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1586);
  g_autofree gboolean *struck = g_new0 (gboolean, n_names + 1);

  g_string_append_printf (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                          "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                          "\"kind\":\"delegates\",\"convened\":%u,\"present\":%u},\"elections\":[{\"id\":\"bch\","
                          "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                          "\"issued\":%u,\"candidates\":[", n_ballots + 1, n_ballots, n_ballots);
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  write_file (definition, def->str);

  /* Each ballot strikes 5 to 24 names, more often the later ones: every
   * count differs, so no tie holds up the confirmation. */
  for (guint s = 1; s <= n_ballots; s++)
    {
      guint n = 5 + g_rand_int_range (rand, 0, 20), done = 0;
      gboolean first = TRUE;

      memset (struck, 0, (n_names + 1) * sizeof (gboolean));
      while (done < n)
        {
          guint no = 1 + (guint) (n_names * g_rand_double (rand) * g_rand_double (rand) * 0.999);
          no = n_names - no + 1;
          if (!struck[no])
            {
              struck[no] = TRUE;
              done++;
            }
        }
      g_string_append_printf (rows, "%u,", s);
      for (guint no = 1; no <= n_names; no++)
        if (struck[no])
          {
            g_string_append_printf (rows, "%s%u", first ? "" : " ", no);
            first = FALSE;
          }
      g_string_append (rows, ",,\n");
    }
  write_file (csv, rows->str);

  run ("new", congress, "--definition", definition, "--operator", "Nguyễn Văn Kỹ", NULL);
  run ("enter", congress, "--election", "bch", "--pass", "A", "--operator", "Trần Thị Nhập", "--ballots", csv, NULL);
  run ("collected", congress, count, "--election", "bch", "--operator", "Lê Văn Tùng", NULL);
  sign (congress, "bch", passphrase);
  return congress;
}

/* N_IMAGES scanner files of IMAGE_BYTES each, two per ballot, entered as
 * scanned ballots of a 199-name election: what a national congress scanned
 * at 200 dpi keeps. The bytes are random (cheap xorshift): nothing
 * compresses them, as nothing compresses a JPEG. */
static char *
scanned_congress (guint n_images,
                  guint image_bytes)
{
  g_autofree char *name = g_strdup_printf ("scanned-%u.kiemphieu", n_images);
  char *congress = in_dir (name);
  guint n_ballots = (n_images + 1) / 2;
  g_autoptr(GString) def = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = NULL;
  g_autofree guint64 *data = g_new (guint64, image_bytes / 8 + 1);
  guint64 x = 0x9e3779b97f4a7c15u;
  guint done = 0;

  g_string_append_printf (def, "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                          "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV\","
                          "\"kind\":\"delegates\",\"convened\":%u,\"present\":%u},\"elections\":[{\"id\":\"bch\","
                          "\"title\":\"Bầu Ban Chấp hành Trung ương\",\"body\":\"committee\",\"seats\":180,"
                          "\"issued\":%u,\"candidates\":[", n_ballots + 1, n_ballots, n_ballots);
  for (guint i = 0; i < 199; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  g_unlink (congress);
  store = kp_store_create (congress, def->str, def->len, "quocgia.json", "Nguyễn Văn Kỹ", &error);
  if (store == NULL)
    g_error ("%s", error->message);
  for (guint serial = 1; serial <= n_ballots; serial++)
    {
      g_autoptr(KpBallot) ballot = kp_ballot_new_strike (serial, 199);
      KpScanPageRef pages[2];
      GBytes *bytes[2] = { NULL, NULL };
      char *sha[2] = { NULL, NULL };
      guint n_pages = MIN (2, n_images - done);

      kp_ballot_strike (ballot, 1 + serial % 199);
      for (guint p = 0; p < n_pages; p++)
        {
          for (guint i = 0; i <= image_bytes / 8; i++)
            {
              x ^= x << 13, x ^= x >> 7, x ^= x << 17;
              data[i] = x;
            }
          bytes[p] = g_bytes_new (data, image_bytes);
          sha[p] = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes[p]);
          pages[p] = (KpScanPageRef) { sha[p], 0, "image/jpeg", "scan.jpg", bytes[p] };
        }
      if (!kp_store_enter_scanned (store, "bch", 0, 'A', "Trần Thị Nhập", ballot, pages, n_pages, "", FALSE, &error))
        g_error ("%s", error->message);
      done += n_pages;
      for (guint p = 0; p < n_pages; p++)
        {
          g_bytes_unref (bytes[p]);
          g_free (sha[p]);
        }
    }
  return congress;
}

/* The newest NAME-*.zip in FOLDER. */
static char *
find_archive (const char *folder)
{
  g_autoptr(GDir) listing = g_dir_open (folder, 0, NULL);
  const char *name;
  char *found = NULL;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".zip"))
      {
        g_free (found);
        found = g_build_filename (folder, name, NULL);
      }
  if (found == NULL)
    g_error ("no archive in %s", folder);
  return found;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
bench (const char *label,
       const char *congress)
{
  g_autofree char *password = in_dir ("password.txt");
  g_autofree char *usb = in_dir ("usb");
  g_autofree char *restored = in_dir ("restored");
  g_autofree char *archive = NULL;
  double best = 1e9, seconds;
  long rss = 0, peak;
  GStatBuf st;

  for (int r = 0; r < 3; r++)
    {
      const char *args[] = { cli, "archive", congress, "--to", usb, "--password-file", password, NULL };

      remove_tree (usb);
      g_mkdir (usb, 0700);
      if (measure (args, &seconds, &peak) != 0)
        g_error ("%s: archive failed", label);
      best = MIN (best, seconds);
      rss = MAX (rss, peak);
    }
  archive = find_archive (usb);
  g_stat (congress, &st);
  printf ("%s: congress file %.1f MiB; ", label, st.st_size / 1048576.0);
  g_stat (archive, &st);
  printf ("archive %.1f MiB\n", st.st_size / 1048576.0);
  printf ("  kiemphieu-cli archive: best %.2f s, peak RSS %.1f MiB\n", best, rss / 1024.0);
  {
    const char *args[] = { cli, "archive-check", archive, "--password-file", password, NULL };

    best = 1e9, rss = 0;
    for (int r = 0; r < 3; r++)
      {
        if (measure (args, &seconds, &peak) != 0)
          g_error ("%s: archive-check failed", label);
        best = MIN (best, seconds);
        rss = MAX (rss, peak);
      }
    printf ("  kiemphieu-cli archive-check: best %.2f s, peak RSS %.1f MiB\n", best, rss / 1024.0);
  }
  {
    const char *args[] = { cli, "restore", archive, "--to", restored, "--password-file", password, NULL };

    best = 1e9, rss = 0;
    for (int r = 0; r < 3; r++)
      {
        remove_tree (restored);
        if (measure (args, &seconds, &peak) != 0)
          g_error ("%s: restore failed", label);
        best = MIN (best, seconds);
        rss = MAX (rss, peak);
      }
    printf ("  kiemphieu-cli restore: best %.2f s, peak RSS %.1f MiB\n", best, rss / 1024.0);
    remove_tree (restored);
  }
}

int
main (int    argc,
      char **argv)
{
  const char *source = NULL;
  g_autofree char *own = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *national = NULL;
  g_autofree char *label = NULL;
  guint n_ballots = 1586, n_images = 3200, image_kb = 400;
  gboolean only_images = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--dir") && i + 1 < argc)
        dir = argv[++i];
      else if (g_str_equal (argv[i], "--ballots") && i + 1 < argc)
        n_ballots = (guint) MAX (1, g_ascii_strtoll (argv[i + 1], NULL, 10)), i++;
      else if (g_str_equal (argv[i], "--images") && i + 1 < argc)
        n_images = (guint) MAX (4, g_ascii_strtoll (argv[i + 1], NULL, 10)), i++;
      else if (g_str_equal (argv[i], "--image-kb") && i + 1 < argc)
        image_kb = (guint) MAX (1, g_ascii_strtoll (argv[i + 1], NULL, 10)), i++;
      else if (g_str_equal (argv[i], "--only-images"))
        only_images = TRUE;
      else if (cli == NULL)
        cli = argv[i];
      else
        source = argv[i];
    }
  if (cli == NULL || source == NULL)
    g_error ("usage: bench-archive PATH-TO-kiemphieu-cli SOURCE-DIR [--dir DIR]");
  if (dir == NULL)
    {
      own = g_strdup ("/var/tmp/kp-bench-XXXXXX");
      if (g_mkdtemp (own) == NULL)
        g_error ("cannot make a folder in /var/tmp");
      dir = own;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  tmp = in_dir ("tmp");
  g_mkdir (tmp, 0700);
  g_setenv ("TMPDIR", tmp, TRUE);
  {
    g_autofree char *passphrase = in_dir ("passphrase.txt");
    g_autofree char *password = in_dir ("password.txt");
    write_file (passphrase, "đo đạc: mật khẩu trưởng ban");
    write_file (password, "do dac: mat khau luu tru dai cho ban kiem phieu");
  }

  if (!only_images)
    {
      demo = demo_congress (source);
      bench ("demo congress (data/demo)", demo);
      national = national_congress (n_ballots, 199);
      label = g_strdup_printf ("national congress, %u ballots × 199 names", n_ballots);
      bench (label, national);
    }
  /* A quarter, then all: the same peak memory says it does not grow. */
  for (guint share = 4; share >= 1; share = share == 4 ? 1 : 0)
    {
      g_autofree char *scanned = scanned_congress (n_images / share, image_kb * 1000);
      g_autofree char *what = g_strdup_printf ("scanned congress, %u images of %u kB", n_images / share, image_kb);
      bench (what, scanned);
      g_unlink (scanned);
    }

  if (own != NULL)
    remove_tree (own);
  return 0;
}
