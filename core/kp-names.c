/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-names.c — Vietnamese names and their ABC order (R-LIST-2). */

#include <stdio.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "kp-names.h"

/**
 * kp_text_nfc:
 *
 * Returns: (transfer full) (nullable): @text in Unicode NFC, or %NULL when
 * @text is not valid UTF-8.
 */
char *
kp_text_nfc (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);
}

static UCollator *
get_collator (void)
{
  static gsize once;
  static UCollator *collator;

  if (g_once_init_enter (&once))
    {
      UErrorCode status = U_ZERO_ERROR;
      UCollator *c = ucol_open ("vi", &status);

      /* ICU's data ships with libicu; without it nothing can be ordered. */
      if (U_FAILURE (status))
        g_error ("ICU cannot open the Vietnamese collator: %s", u_errorName (status));
      collator = c;
      g_once_init_leave (&once, 1);
    }
  return collator;
}

static gboolean
is_tone_mark (gunichar c)
{
  /* huyền, sắc, ngã, hỏi, nặng */
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

/* R-LIST-2: "Thuỷ" and "Thủy" are the same name, written with the old and the
 * new tone placement. A syllable has one tone, so for ordering the tone is
 * moved to the end of the word: both become "Thuy" + hỏi, and the collator
 * compares letters first, then the tone (none, huyền, hỏi, ngã, sắc, nặng). */
static char *
tone_at_end (const char *word)
{
  g_autofree char *nfd = g_utf8_normalize (word, -1, G_NORMALIZE_DEFAULT);
  GString *out = g_string_new (NULL);
  gunichar tone = 0;

  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (is_tone_mark (c))
        tone = c;
      else
        g_string_append_unichar (out, c);
    }
  if (tone)
    g_string_append_unichar (out, tone);
  {
    g_autofree char *joined = g_string_free (out, FALSE);
    return g_utf8_normalize (joined, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  }
}

typedef struct
{
  char *given;
  char *family;
  char *middle;
} NameParts;

/* Given name = last word, family name = first word, middle = the rest. */
static void
split_name (const char *name,
            NameParts  *parts)
{
  g_auto(GStrv) words = g_strsplit_set (name, " \t\n\r", -1);
  GPtrArray *kept = g_ptr_array_new ();
  GString *middle = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_ptr_array_add (kept, words[i]);

  if (kept->len == 0)
    {
      parts->given = g_strdup ("");
      parts->family = g_strdup ("");
    }
  else
    {
      parts->given = tone_at_end (g_ptr_array_index (kept, kept->len - 1));
      parts->family = kept->len > 1 ? tone_at_end (g_ptr_array_index (kept, 0)) : g_strdup ("");
      for (guint i = 1; i + 1 < kept->len; i++)
        {
          g_autofree char *w = tone_at_end (g_ptr_array_index (kept, i));
          if (middle->len)
            g_string_append_c (middle, ' ');
          g_string_append (middle, w);
        }
    }
  parts->middle = g_string_free (middle, FALSE);
  g_ptr_array_unref (kept);
}

static void
name_parts_clear (NameParts *parts)
{
  g_free (parts->given);
  g_free (parts->family);
  g_free (parts->middle);
}

static int
collate (const char *a,
         const char *b)
{
  UErrorCode status = U_ZERO_ERROR;
  UCollationResult r = ucol_strcollUTF8 (get_collator (), a, -1, b, -1, &status);

  g_assert (U_SUCCESS (status));
  return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* The collation key of one part of a name, appended to @out with its
 * terminating zero (which no key byte is), so the parts stay apart. */
static void
append_key (GByteArray *out,
            const char *part)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *text = NULL;
  int32_t length = 0, size;

  u_strFromUTF8 (NULL, 0, &length, part, -1, &status);
  status = U_ZERO_ERROR;
  text = g_new0 (UChar, length + 1);
  u_strFromUTF8 (text, length + 1, NULL, part, -1, &status);
  g_assert (U_SUCCESS (status));
  size = ucol_getSortKey (get_collator (), text, length, NULL, 0);
  g_byte_array_set_size (out, out->len + size);
  ucol_getSortKey (get_collator (), text, length, out->data + out->len - size, size);
}

/**
 * kp_names_key:
 * @name: a name (NFC)
 *
 * R-LIST-2 as bytes: two names have equal keys exactly when
 * kp_names_compare () (without dates of birth) finds them equal ("Thuỷ" =
 * "Thủy"). Computing a key once per name lets a list be checked for
 * namesakes with byte comparisons instead of n log n collations.
 *
 * Returns: (transfer full): the key.
 */
GBytes *
kp_names_key (const char *name)
{
  GByteArray *out = g_byte_array_new ();
  NameParts parts;

  split_name (name, &parts);
  append_key (out, parts.given);
  append_key (out, parts.family);
  append_key (out, parts.middle);
  name_parts_clear (&parts);
  return g_byte_array_free_to_bytes (out);
}

/**
 * kp_names_compare:
 * @born_a: (nullable): "YYYY-MM-DD"
 * @born_b: (nullable): "YYYY-MM-DD"
 *
 * R-LIST-2: ABC order by given name, then family name, then middle name(s),
 * then the earlier date of birth (an unknown date after a known one), each
 * compared with ICU's Vietnamese collation (a ă â b c d đ e ê …; tones after
 * the letters).
 *
 * Returns: negative, 0 or positive, as strcmp().
 */
int
kp_names_compare (const char *name_a,
                  const char *born_a,
                  const char *name_b,
                  const char *born_b)
{
  NameParts a, b;
  int r;

  split_name (name_a, &a);
  split_name (name_b, &b);
  r = collate (a.given, b.given);
  if (r == 0)
    r = collate (a.family, b.family);
  if (r == 0)
    r = collate (a.middle, b.middle);
  name_parts_clear (&a);
  name_parts_clear (&b);
  if (r != 0)
    return r;

  if (born_a && born_b)
    return strcmp (born_a, born_b);
  if (born_a)
    return -1;
  if (born_b)
    return 1;
  return 0;
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  const KpNamedPerson *pa = *(const KpNamedPerson *const *) a;
  const KpNamedPerson *pb = *(const KpNamedPerson *const *) b;

  return kp_names_compare (pa->name, pa->born, pb->name, pb->born);
}

/**
 * kp_names_sort:
 * @people: a GPtrArray of #KpNamedPerson, sorted in place
 *
 * Sorts stably in R-LIST-2 order: equal keys keep their order.
 */
void
kp_names_sort (GPtrArray *people)
{
  g_ptr_array_sort (people, compare_people);
}

/**
 * kp_date_is_valid:
 *
 * Returns: %TRUE when @date is a real calendar date written "YYYY-MM-DD".
 */
gboolean
kp_date_is_valid (const char *date)
{
  int y, m, d;
  char tail;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  if (sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1 && g_date_valid_dmy (d, m, y);
}

/**
 * kp_text_shorten:
 * @text: (nullable): text from a file, maybe not valid UTF-8
 * @max_chars: how many characters to keep
 *
 * Cuts on characters, never inside one (a Vietnamese letter takes two or
 * three bytes), and marks the cut with "…"; invalid bytes become U+FFFD.
 *
 * Returns: (transfer full): at most @max_chars characters and "…", or
 * "NULL" for %NULL.
 */
char *
kp_text_shorten (const char *text,
                 guint       max_chars)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("NULL");
  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) <= (glong) max_chars)
    return g_steal_pointer (&valid);
  {
    g_autofree char *head = g_utf8_substring (valid, 0, max_chars);
    return g_strconcat (head, "…", NULL);
  }
}

/**
 * kp_text_capitalize:
 * @text: UTF-8 text
 *
 * The text begun with a capital, for a sentence or a label of its own
 * ("số phiếu…" → "Số phiếu…"; a first letter of two or three bytes too).
 *
 * Returns: (transfer full): the text with its first character upper case.
 */
char *
kp_text_capitalize (const char *text)
{
  g_autofree char *first = NULL;

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  first = g_utf8_strup (text, g_utf8_next_char (text) - text);
  return g_strconcat (first, g_utf8_next_char (text), NULL);
}
