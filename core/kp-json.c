/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-json.c — JSON loaded with its nesting bounded. */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kp-json.h"

/* The deepest nesting of arrays and objects in @data, counted outside
 * strings; stops counting past @limit. @longest receives the longest run
 * of digits outside strings (json-glib turns an integer too long for 64
 * bits into -1, silently). */
static guint
nesting_depth (const char *data,
               gsize       length,
               guint       limit,
               guint      *longest)
{
  guint depth = 0, deepest = 0, digits = 0;
  gboolean in_string = FALSE;

  *longest = 0;
  for (gsize i = 0; i < length && deepest <= limit; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      digits = g_ascii_isdigit (c) ? digits + 1 : 0;
      *longest = MAX (*longest, digits);
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

/**
 * kp_json_load:
 * @length: the length of @data, or -1 when it ends with a NUL
 *
 * json_parser_load_from_data () for text that may be hostile: nesting
 * deeper than %KP_JSON_MAX_DEPTH is refused before json-glib sees it.
 *
 * Returns: %TRUE when @parser holds the document; %FALSE with @error set
 * (%JSON_PARSER_ERROR).
 */
gboolean
kp_json_load (JsonParser  *parser,
              const char  *data,
              gssize       length,
              GError     **error)
{
  gsize n = length < 0 ? strlen (data) : (gsize) length;
  guint longest;

  if (nesting_depth (data, n, KP_JSON_MAX_DEPTH, &longest) > KP_JSON_MAX_DEPTH)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   _ ("arrays or objects nested more than %d deep"), KP_JSON_MAX_DEPTH);
      return FALSE;
    }
  if (longest > 18)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   _ ("a number of %u digits: too large for any count"), longest);
      return FALSE;
    }
  return json_parser_load_from_data (parser, data, length, error);
}
