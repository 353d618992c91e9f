/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.c — running kiemphieu-cli and other programs from the tests. */

#include <locale.h>

#include "test-util.h"

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

const char *
cli (void)
{
  const char *path = g_getenv ("KP_CLI");
  g_assert_nonnull (path);
  return path;
}

char *
source_path (const char *first,
             ...)
{
  const char *srcdir = g_getenv ("KP_SRCDIR");
  va_list args;
  GString *path;

  g_assert_nonnull (srcdir);
  path = g_string_new (srcdir);
  va_start (args, first);
  for (const char *part = first; part; part = va_arg (args, const char *))
    {
      g_string_append_c (path, G_DIR_SEPARATOR);
      g_string_append (path, part);
    }
  va_end (args);
  return g_string_free (path, FALSE);
}

/* Runs @argv with @input on stdin and collects stdout, stderr and status;
 * under @locale (LC_ALL) with the build tree's catalogue when @locale is
 * not %NULL, else in the tests' environment (meson sets LC_ALL=C.UTF-8). */
static void
run_argv_locale (Run               *run,
                 const char        *locale,
                 const char        *input,
                 const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (locale != NULL)
    {
      g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);

      g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
      g_subprocess_launcher_setenv (launcher, "KP_LOCALEDIR", po, TRUE);
      g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
    }
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

void
run_argv (Run               *run,
          const char        *input,
          const char *const *argv)
{
  run_argv_locale (run, NULL, input, argv);
}

static void
run_va (Run        *run,
        const char *locale,
        const char *input,
        const char *program,
        const char *first,
        va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) program);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  run_argv_locale (run, locale, input, (const char *const *) argv->pdata);
}

/* Runs kiemphieu-cli with the NULL-terminated arguments, @input on stdin. */
void
run_cli (Run        *run,
         const char *input,
         ...)
{
  va_list args;
  const char *first;

  va_start (args, input);
  first = va_arg (args, const char *);
  run_va (run, NULL, input, cli (), first, args);
  va_end (args);
}

/* Runs kiemphieu-cli as run_cli() does, under @locale ("C.UTF-8",
 * "vi_VN.UTF-8") with the catalogue of the build tree (KP_LOCALEDIR). */
void
run_cli_locale (Run        *run,
                const char *locale,
                const char *input,
                ...)
{
  va_list args;
  const char *first;

  va_start (args, input);
  first = va_arg (args, const char *);
  run_va (run, locale, input, cli (), first, args);
  va_end (args);
}

/* TRUE when @locale is installed (dev.sh generates vi_VN.UTF-8). */
gboolean
have_locale (const char *locale)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  gboolean found = setlocale (LC_ALL, locale) != NULL;

  setlocale (LC_ALL, saved);
  return found;
}

/* Runs another program (pdftotext, …) with the NULL-terminated arguments. */
void
run_tool (Run        *run,
          const char *program,
          ...)
{
  va_list args;
  const char *first;

  va_start (args, program);
  first = va_arg (args, const char *);
  run_va (run, NULL, NULL, program, first, args);
  va_end (args);
}

char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kp-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = temp_dir ();
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A new congress file of the demo congress, without ballots. */
char *
new_congress (void)
{
  g_autofree char *definition = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *dir = temp_dir ();
  char *path = g_build_filename (dir, "daihoi.kiemphieu", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "new", path, "--definition", definition, "--operator", "Nguyễn Văn Kỹ", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return path;
}
