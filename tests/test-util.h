/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.h — running kiemphieu-cli and other programs from the tests. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *out;
  char *err;
  int status;
} Run;

void        run_clear   (Run        *run);
const char *cli         (void);
char       *source_path (const char *first,
                         ...) G_GNUC_NULL_TERMINATED;
void        run_argv    (Run        *run,
                         const char *input,
                         const char *const *argv);
void        run_cli     (Run        *run,
                         const char *input,
                         ...) G_GNUC_NULL_TERMINATED;
void        run_cli_locale (Run        *run,
                            const char *locale,
                            const char *input,
                            ...) G_GNUC_NULL_TERMINATED;
gboolean    have_locale (const char *locale);
void        run_tool    (Run        *run,
                         const char *program,
                         ...) G_GNUC_NULL_TERMINATED;
char       *write_temp  (const char *name,
                         const char *contents);
char       *temp_dir    (void);
char       *new_congress (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_END_DECLS
