/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-csv.h — RFC 4180 CSV records with their line numbers (libcsv adapter).
 *
 * Accepts a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with
 * commas, quotes and line breaks; skips empty lines. Every field is checked
 * to be UTF-8. Errors name the file and the line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KP_CSV_ERROR (kp_csv_error_quark ())

typedef enum
{
  KP_CSV_ERROR_IO,
  KP_CSV_ERROR_SYNTAX,
} KpCsvError;

#define KP_CSV_MAX_FIELDS 64
#define KP_CSV_MAX_FIELD_BYTES (1024 * 1024)

/**
 * KpCsvRowFunc:
 * @line: the line the record starts on, 1-based
 * @fields: (element-type utf8): the record's fields, NUL-terminated UTF-8
 *
 * Returns: %FALSE with @error set to stop reading.
 */
typedef gboolean (*KpCsvRowFunc) (guint       line,
                                  GPtrArray  *fields,
                                  gpointer    user_data,
                                  GError    **error);

GQuark   kp_csv_error_quark (void);
gboolean kp_csv_parse       (const char    *data,
                             gsize          length,
                             const char    *filename,
                             KpCsvRowFunc   func,
                             gpointer       user_data,
                             GError       **error);

G_END_DECLS
