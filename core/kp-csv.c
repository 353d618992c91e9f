/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-csv.c — CSV records with line numbers, on top of libcsv. */

#include <csv.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kp-csv.h"

G_DEFINE_QUARK (kp-csv-error-quark, kp_csv_error)

typedef struct
{
  const char *filename;
  KpCsvRowFunc func;
  gpointer user_data;
  guint line;       /* the physical line being fed */
  guint row_line;   /* the line the current record started on */
  gboolean row_ended; /* a record ended in the piece being fed */
  GPtrArray *fields;
  GError *error;
} Parse;

static void
field_cb (void   *s,
          size_t  len,
          void   *data)
{
  Parse *parse = data;
  const char *end;

  if (parse->error != NULL)
    return;
  if (parse->fields->len >= KP_CSV_MAX_FIELDS)
    {
      g_set_error (&parse->error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX,
                   _ ("%s:%u: more than %u fields in one row"), parse->filename, parse->row_line,
                   KP_CSV_MAX_FIELDS);
      return;
    }
  if (!g_utf8_validate_len (s ? s : "", len, &end))
    {
      g_set_error (&parse->error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX,
                   _ ("%s:%u: field %u is not valid UTF-8; save the file as UTF-8"),
                   parse->filename, parse->row_line, parse->fields->len + 1);
      return;
    }
  g_ptr_array_add (parse->fields, g_strndup (s ? s : "", len));
}

static void
row_cb (int   c,
        void *data)
{
  Parse *parse = data;

  parse->row_ended = TRUE;
  if (parse->error == NULL && parse->fields->len > 0)
    {
      if (parse->fields->len == 1 && *(char *) parse->fields->pdata[0] == '\0')
        ; /* a line holding only spaces: skipped like an empty one */
      else
        parse->func (parse->row_line, parse->fields, parse->user_data, &parse->error);
    }
  g_ptr_array_set_size (parse->fields, 0);
}

/* The length of the next piece to feed libcsv: up to and including the
 * next line end (LF, CRLF or a lone CR, each ending a record for libcsv),
 * or 64 KiB of a longer line. */
static gsize
next_piece (const char *p,
            const char *end,
            gboolean   *line_end)
{
  gsize left = (gsize) (end - p);
  gsize max = MIN (left, (gsize) 64 * 1024);

  for (gsize i = 0; i < max; i++)
    if (p[i] == '\n' || p[i] == '\r')
      {
        if (p[i] == '\r' && i + 1 < left && p[i + 1] == '\n')
          i++;
        *line_end = TRUE;
        return i + 1;
      }
  *line_end = FALSE;
  return max;
}

/* Spaces, tabs and line ends only: between records, libcsv skips them
 * without starting one. */
static gboolean
is_blank (const char *p,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
      return FALSE;
  return TRUE;
}

/**
 * kp_csv_parse:
 * @filename: the name used in error messages
 * @func: called for every record, header included
 *
 * Returns: %TRUE when every record was read and accepted by @func; %FALSE
 * with @error set otherwise.
 */
gboolean
kp_csv_parse (const char    *data,
              gsize          length,
              const char    *filename,
              KpCsvRowFunc   func,
              gpointer       user_data,
              GError       **error)
{
  struct csv_parser parser;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Parse parse = { filename, func, user_data, 1, 1, FALSE, fields, NULL };
  const char *p = data;
  const char *end = data + length;
  gboolean between = TRUE; /* libcsv is between records */

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("libcsv: out of memory");

  /* libcsv grows its field buffer by this much at a time; the default
   * (128 bytes) makes a long field quadratic. */
  csv_set_blk_size (&parser, 64 * 1024);

  /* Feed one physical line at a time, so that the callbacks know the line,
   * and a long line in pieces, so that an oversized field is refused as
   * soon as it passes the limit. A record starts in a piece fed between
   * records (a record ends only at a line end, which ends a piece), so the
   * line of such a piece is the line of any record that starts in it, even
   * when no field of that record has ended yet. */
  while (p < end && parse.error == NULL)
    {
      gboolean line_end;
      gsize chunk = next_piece (p, end, &line_end);

      if (between)
        parse.row_line = parse.line;
      parse.row_ended = FALSE;
      if (csv_parse (&parser, p, chunk, field_cb, row_cb, &parse) != chunk && parse.error == NULL)
        g_set_error (&parse.error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX,
                     _ ("%s:%u: %s (a stray or unclosed quote?)"), filename, parse.line,
                     csv_strerror (csv_error (&parser)));
      if (csv_get_buffer_size (&parser) > KP_CSV_MAX_FIELD_BYTES && parse.error == NULL)
        g_set_error (&parse.error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX,
                     _ ("%s:%u: a field longer than %u bytes"), filename, parse.line,
                     KP_CSV_MAX_FIELD_BYTES);
      between = parse.row_ended || (between && is_blank (p, chunk));
      if (line_end)
        parse.line++;
      p += chunk;
    }
  if (parse.error == NULL && csv_fini (&parser, field_cb, row_cb, &parse) != 0
      && parse.error == NULL)
    g_set_error (&parse.error, KP_CSV_ERROR, KP_CSV_ERROR_SYNTAX,
                 _ ("%s:%u: a quoted field is not closed before the end of the file"), filename,
                 parse.row_line);
  csv_free (&parser);

  if (parse.error != NULL)
    {
      g_propagate_error (error, parse.error);
      return FALSE;
    }
  return TRUE;
}
