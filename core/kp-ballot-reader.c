/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-ballot-reader.c — the ballots CSV of one election. */

#include <string.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "kp-ballot-reader.h"
#include "kp-csv.h"
#include "kp-file.h"
#include "kp-names.h"

G_DEFINE_QUARK (kp-ballot-reader-error-quark, kp_ballot_reader_error)

enum
{
  COL_SERIAL,
  COL_STRUCK,
  COL_MARKS,
  COL_INVALID,
  N_COLS
};

static const char *const column_names[N_COLS] = { "serial", "struck", "marks", "invalid" };

typedef struct
{
  const char *filename;
  const KpElection *election;
  KpBallotForm form;
  gboolean have_header;
  guint n_header;
  GPtrArray *header;  /* the header's column names */
  int column[N_COLS]; /* index in the row, or −1 */
  GHashTable *serials; /* serial → line */
  KpBallotFunc func;
  gpointer user_data;
} Reader;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Reader     *reader,
      guint       line,
      GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, KP_BALLOT_READER_ERROR, KP_BALLOT_READER_ERROR_INVALID, "%s:%u: %s",
               reader->filename, line, message);
  return FALSE;
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  guint64 value = 0;

  if (*text == '\0')
    return FALSE;
  for (const char *c = text; *c; c++)
    {
      if (!g_ascii_isdigit (*c))
        return FALSE;
      value = value * 10 + (guint64) (*c - '0');
      if (value > max)
        return FALSE;
    }
  *out = value;
  return TRUE;
}

/**
 * kp_ballot_parse_struck:
 * @text: ballot numbers separated by spaces, e.g. "3 17 40"
 * @message: (out) (transfer full): on failure, what is wrong
 *
 * Strikes the names numbered in @text on @ballot (R-FORM-1). Used by the CSV
 * reader and by interactive entry.
 *
 * Returns: %TRUE, or %FALSE with @message set.
 */
gboolean
kp_ballot_parse_struck (KpBallot    *ballot,
                        const char  *text,
                        char       **message)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t", -1);

  for (guint i = 0; tokens[i]; i++)
    {
      guint64 no;

      if (*tokens[i] == '\0')
        continue;
      if (!parse_uint (tokens[i], G_MAXUINT, &no))
        {
          *message = g_strdup_printf (_ ("\"%s\" is not a ballot number"), tokens[i]);
          return FALSE;
        }
      if (no < 1 || no > ballot->n_candidates)
        {
          *message = g_strdup_printf (_ ("%" PRIu64 " is not on the list (1–%u)"), no,
                                      ballot->n_candidates);
          return FALSE;
        }
      if (kp_ballot_is_struck (ballot, (guint) no))
        {
          *message = g_strdup_printf (_ ("%" PRIu64 " is struck twice"), no);
          return FALSE;
        }
      kp_ballot_strike (ballot, (guint) no);
    }
  return TRUE;
}

/**
 * kp_ballot_parse_marks:
 * @text: one of Y, N, B, 0 per name (lower case accepted)
 * @marks: (out) (transfer full): the marks in upper case
 * @message: (out) (transfer full): on failure, what is wrong
 *
 * Returns: %TRUE, or %FALSE with @message set.
 */
gboolean
kp_ballot_parse_marks (const char  *text,
                       guint        n_candidates,
                       char       **marks,
                       char       **message)
{
  gsize length = strlen (text);

  if (length != n_candidates)
    {
      *message = g_strdup_printf (_ ("%zu marks for %u names: give one of Y, N, B, "
                                  "0 for every name"), (gsize) g_utf8_strlen (text, -1),
                                  n_candidates);
      return FALSE;
    }
  *marks = g_ascii_strup (text, -1);
  for (gsize i = 0; i < length; i++)
    if (strchr ("YNB0", (*marks)[i]) == NULL)
      {
        *message = g_strdup_printf (_ ("mark %zu is \"%c\"; use Y (đồng ý), "
                                    "N (không đồng ý), B (both boxes) or 0 (neither)"),
                                    i + 1, text[i]);
        g_clear_pointer (marks, g_free);
        return FALSE;
      }
  return TRUE;
}

static gboolean
read_header (Reader     *reader,
             guint       line,
             GPtrArray  *fields,
             GError    **error)
{
  for (guint c = 0; c < N_COLS; c++)
    reader->column[c] = -1;
  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);
      for (guint c = 0; c < N_COLS; c++)
        if (g_str_equal (name, column_names[c]))
          {
            if (reader->column[c] >= 0)
              return fail (reader, line, error, _ ("header: column \"%s\" appears twice"), name);
            reader->column[c] = i;
          }
    }
  if (reader->column[COL_SERIAL] < 0)
    return fail (reader, line, error, _ ("header: no \"serial\" column (expected serial,struck,marks,invalid)"));
  if (reader->form == KP_BALLOT_FORM_STRIKE && reader->column[COL_STRUCK] < 0)
    return fail (reader, line, error, _ ("header: no \"struck\" column, which a strike-form ballot needs"));
  if (reader->form == KP_BALLOT_FORM_YESNO && reader->column[COL_MARKS] < 0)
    return fail (reader, line, error, _ ("header: no \"marks\" column, which an agree/disagree ballot needs"));
  reader->n_header = fields->len;
  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (reader->header, g_strdup (g_ptr_array_index (fields, i)));
  reader->have_header = TRUE;
  return TRUE;
}

static const char *
field (Reader    *reader,
       GPtrArray *fields,
       guint      col)
{
  if (reader->column[col] < 0)
    return "";
  return g_ptr_array_index (fields, reader->column[col]);
}

static gboolean
row_cb (guint       line,
        GPtrArray  *fields,
        gpointer    user_data,
        GError    **error)
{
  Reader *reader = user_data;
  g_autoptr(KpBallot) ballot = NULL;
  g_autofree char *message = NULL;
  g_autofree char *flag_text = NULL;
  KpInvalidReason flag;
  const char *serial_text, *struck_text, *marks_text, *invalid_text;
  guint64 serial;
  gpointer first_line;

  if (!reader->have_header)
    return read_header (reader, line, fields, error);

  if (fields->len > reader->n_header)
    return fail (reader, line, error, _ ("%u fields, but the header has %u: a comma too many?"),
                 fields->len, reader->n_header);
  if (fields->len < reader->n_header)
    {
      g_autoptr(GString) missing = g_string_new (NULL);
      for (guint i = fields->len; i < reader->n_header; i++)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "",
                                (char *) g_ptr_array_index (reader->header, i));
      return fail (reader, line, error, _ ("%s: missing (the row has %u fields, the header %u)"),
                   missing->str, fields->len, reader->n_header);
    }

  for (guint i = 0; i < fields->len; i++)
    g_strstrip (g_ptr_array_index (fields, i));
  serial_text = field (reader, fields, COL_SERIAL);
  struck_text = field (reader, fields, COL_STRUCK);
  marks_text = field (reader, fields, COL_MARKS);
  invalid_text = field (reader, fields, COL_INVALID);

  if (!parse_uint (serial_text, KP_MAX_SERIAL, &serial) || serial == 0)
    return fail (reader, line, error, _ ("serial: \"%s\" is not a whole number from 1 to %u"),
                 serial_text, KP_MAX_SERIAL);
  if (g_hash_table_lookup_extended (reader->serials, GUINT_TO_POINTER ((guint) serial), NULL,
                                    &first_line))
    return fail (reader, line, error, _ ("serial: %" PRIu64 " is already used on line %u"),
                 serial, GPOINTER_TO_UINT (first_line));
  g_hash_table_insert (reader->serials, GUINT_TO_POINTER ((guint) serial), GUINT_TO_POINTER (line));

  if (!kp_invalid_flag_parse (invalid_text, &flag, &flag_text))
    {
      if (g_str_equal (invalid_text, "over-vote") || g_str_equal (invalid_text, "none-kept")
          || g_str_equal (invalid_text, "yesno-single-both-or-none"))
        return fail (reader, line, error,
                     _ ("invalid: \"%s\" follows from the marks and is computed, never typed; "
                     "leave the field empty and enter the marks"), invalid_text);
      return fail (reader, line, error,
                   _ ("invalid: \"%s\" is not a reason; use not-issued, added-name, "
                   "identifying-mark or other:<text>"), invalid_text);
    }

  if (reader->form == KP_BALLOT_FORM_STRIKE)
    {
      if (*marks_text)
        return fail (reader, line, error,
                     _ ("marks: this election has a strike-form ballot; put struck numbers in "
                     "\"struck\""));
      ballot = kp_ballot_new_strike ((guint) serial, reader->election->candidates->len);
      if (!kp_ballot_parse_struck (ballot, struck_text, &message))
        return fail (reader, line, error, _ ("struck: %s"), message);
    }
  else
    {
      g_autofree char *marks = NULL;

      if (*struck_text)
        return fail (reader, line, error,
                     _ ("struck: this election has an agree/disagree ballot (no surplus); "
                     "put one mark per name in \"marks\""));
      if (*marks_text == '\0' && flag != KP_INVALID_NONE)
        marks = g_strnfill (reader->election->candidates->len, KP_MARK_NEITHER);
      else if (!kp_ballot_parse_marks (marks_text, reader->election->candidates->len, &marks,
                                       &message))
        return fail (reader, line, error, _ ("marks: %s"), message);
      ballot = kp_ballot_new_yesno ((guint) serial, marks);
    }

  if (flag_text != NULL)
    {
      char *nfc = kp_text_nfc (flag_text);
      g_free (flag_text);
      flag_text = nfc;
    }
  kp_ballot_set_flag (ballot, flag, flag_text);
  return reader->func (line, ballot, reader->user_data, error);
}

/**
 * kp_ballots_foreach:
 * @filename: the name used in error messages
 * @election: the election the ballots belong to
 * @func: called for each ballot, in file order, as soon as its row is read
 *
 * Streams the ballots of a CSV: @func sees every ballot before a later bad
 * row is found, so ballots can be saved one by one.
 *
 * Returns: %TRUE when every row was read and accepted by @func.
 */
gboolean
kp_ballots_foreach (const char        *data,
                    gsize              length,
                    const char        *filename,
                    const KpElection  *election,
                    KpBallotFunc       func,
                    gpointer           user_data,
                    GError           **error)
{
  g_autoptr(GHashTable) serials = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { 0 };

  reader.filename = filename;
  reader.election = election;
  reader.form = kp_election_get_form (election);
  reader.serials = serials;
  reader.header = header;
  reader.func = func;
  reader.user_data = user_data;

  if (!kp_csv_parse (data, length, filename, row_cb, &reader, error))
    return FALSE;
  if (!reader.have_header)
    {
      g_set_error (error, KP_BALLOT_READER_ERROR, KP_BALLOT_READER_ERROR_INVALID,
                   _ ("%s:1: the file is empty; expected the header serial,struck,marks,invalid"),
                   filename);
      return FALSE;
    }
  return TRUE;
}

static gboolean
collect_cb (guint            line,
            const KpBallot  *ballot,
            gpointer         user_data,
            GError         **error)
{
  g_ptr_array_add (user_data, kp_ballot_copy (ballot));
  return TRUE;
}

/**
 * kp_ballots_read_data:
 * @filename: the name used in error messages
 * @election: the election the ballots belong to
 *
 * Returns: (transfer full) (element-type KpBallot): the ballots in file
 * order, or %NULL with @error naming the file, line and field.
 */
GPtrArray *
kp_ballots_read_data (const char        *data,
                      gsize              length,
                      const char        *filename,
                      const KpElection  *election,
                      GError           **error)
{
  g_autoptr(GPtrArray) ballots = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_ballot_free);

  if (!kp_ballots_foreach (data, length, filename, election, collect_cb, ballots, error))
    return NULL;
  return g_steal_pointer (&ballots);
}

/**
 * kp_ballots_read_file:
 *
 * Returns: (transfer full) (element-type KpBallot): as kp_ballots_read_data().
 */
GPtrArray *
kp_ballots_read_file (const char        *path,
                      const KpElection  *election,
                      GError           **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!kp_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, KP_BALLOT_READER_ERROR, KP_BALLOT_READER_ERROR_IO, "%s",
                   local_error->message);
      return NULL;
    }
  return kp_ballots_read_data (data, length, path, election, error);
}
