/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.c — running kiemphieu-cli and other programs from the tests. */

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

/* Runs @argv with @input on stdin and collects stdout, stderr and status. */
void
run_argv (Run               *run,
          const char        *input,
          const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_va (Run        *run,
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
  run_argv (run, input, (const char *const *) argv->pdata);
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
  run_va (run, input, cli (), first, args);
  va_end (args);
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
  run_va (run, NULL, program, first, args);
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
