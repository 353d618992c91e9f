/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-definition.c — the election definition reader (json-glib adapter). */

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "kp-definition.h"
#include "kp-file.h"
#include "kp-json.h"
#include "kp-names.h"

G_DEFINE_QUARK (kp-definition-error-quark, kp_definition_error)

typedef struct
{
  const char *filename;
  JsonParser *parser;
  GHashTable *lines;  /* JsonNode* or JsonObject* → line (1-based) */
  GArray *open_lines; /* lines where the open objects/arrays start */
} Reader;

/* json-glib does not keep positions; record them while it parses. A
 * member's line is where its value ends (one line for a scalar), an
 * object's line is where it starts. */
static void
object_start_cb (JsonParser *parser,
                 Reader     *reader)
{
  guint line = json_parser_get_current_line (parser);
  g_array_append_val (reader->open_lines, line);
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               Reader     *reader)
{
  guint line = g_array_index (reader->open_lines, guint, reader->open_lines->len - 1);

  g_array_set_size (reader->open_lines, reader->open_lines->len - 1);
  g_hash_table_insert (reader->lines, object, GUINT_TO_POINTER (line));
}

static void
object_member_cb (JsonParser *parser,
                  JsonObject *object,
                  const char *member_name,
                  Reader     *reader)
{
  JsonNode *node = json_object_get_member (object, member_name);

  if (node != NULL && !g_hash_table_contains (reader->lines, node))
    g_hash_table_insert (reader->lines, node,
                         GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
array_element_cb (JsonParser *parser,
                  JsonArray  *array,
                  int         index_,
                  Reader     *reader)
{
  JsonNode *node = json_array_get_element (array, index_);

  if (node != NULL && !g_hash_table_contains (reader->lines, node))
    g_hash_table_insert (reader->lines, node,
                         GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static guint
line_of (Reader        *reader,
         gconstpointer  key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (reader->lines, key));
}

G_GNUC_PRINTF (5, 6)
static gboolean
fail (Reader        *reader,
      gconstpointer  where,
      const char    *path,
      GError       **error,
      const char    *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;
  guint line = where ? line_of (reader, where) : 0;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID, "%s:%u: %s: %s",
                 reader->filename, line, path, message);
  else
    g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID, "%s: %s: %s",
                 reader->filename, path, message);
  return FALSE;
}

static char *
member_path (const char *path,
             const char *name)
{
  return path && *path ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
}

static gboolean
get_member (Reader      *reader,
            JsonObject  *object,
            const char  *path,
            const char  *name,
            gboolean     required,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *p = member_path (path, name);
          return fail (reader, object, p, error, _ ("missing (required)"));
        }
      return TRUE;
    }
  *out = node;
  return TRUE;
}

/* Reads a string member: valid UTF-8 (json-glib checks), no control
 * characters, at most @max_chars characters, returned in NFC. */
static gboolean
read_string (Reader      *reader,
             JsonObject  *object,
             const char  *path,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             char       **out,
             GError     **error)
{
  g_autofree char *p = member_path (path, name);
  JsonNode *node;
  const char *value;

  *out = NULL;
  if (!get_member (reader, object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (reader, node, p, error, _ ("must be a string"));

  value = json_node_get_string (node);
  for (const char *c = value; *c; c++)
    if ((unsigned char) *c < 0x20)
      return fail (reader, node, p, error, _ ("contains a control character (line break or tab)"));
  if (g_utf8_strlen (value, -1) > max_chars)
    return fail (reader, node, p, error, _ ("longer than %u characters"), max_chars);

  *out = kp_text_nfc (value);
  if (*out == NULL)
    return fail (reader, node, p, error, _ ("is not valid text (a broken \\u escape?)"));
  /* Invisible format characters (a right-to-left override U+202E, a
   * zero-width space U+200B…) have no place in a name or a title: they
   * can make two different names look alike, or one look like another. */
  for (const char *c = *out; *c; c = g_utf8_next_char (c))
    if (g_unichar_type (g_utf8_get_char (c)) == G_UNICODE_FORMAT)
      {
        gunichar u = g_utf8_get_char (c);
        g_clear_pointer (out, g_free);
        return fail (reader, node, p, error, _ ("contains an invisible character (U+%04X) that can disguise the "
                                                "text"), u);
      }
  g_strstrip (*out);
  if (required && **out == '\0')
    {
      g_clear_pointer (out, g_free);
      return fail (reader, node, p, error, _ ("must not be empty"));
    }
  return TRUE;
}

static gboolean
read_count (Reader     *reader,
            JsonObject *object,
            const char *path,
            const char *name,
            gboolean    required,
            gint64      min,
            gint64      max,
            gint64     *out,
            GError    **error)
{
  g_autofree char *p = member_path (path, name);
  JsonNode *node;
  gint64 value;

  *out = -1;
  if (!get_member (reader, object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (reader, node, p, error, _ ("must be a whole number"));
  value = json_node_get_int (node);
  if (value < min || value > max)
    return fail (reader, node, p, error,
                 _ ("%" PRId64 " is out of range (%" PRId64 " to %" PRId64 ")"),
                 value, min, max);
  *out = value;
  return TRUE;
}

static gboolean
read_date (Reader      *reader,
           JsonObject  *object,
           const char  *path,
           const char  *name,
           gboolean     required,
           char       **out,
           GError     **error)
{
  if (!read_string (reader, object, path, name, required, 10, out, error))
    return FALSE;
  if (*out != NULL && !kp_date_is_valid (*out))
    {
      g_autofree char *p = member_path (path, name);
      g_clear_pointer (out, g_free);
      return fail (reader, json_object_get_member (object, name), p, error,
                   _ ("must be a date written YYYY-MM-DD"));
    }
  return TRUE;
}

static gboolean
get_array (Reader      *reader,
           JsonObject  *object,
           const char  *path,
           const char  *name,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (reader, object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *p = member_path (path, name);
      return fail (reader, node, p, error, _ ("must be an array"));
    }
  *out = json_node_get_array (node);
  return TRUE;
}

static JsonObject *
element_object (Reader      *reader,
                JsonArray   *array,
                guint        i,
                const char  *path,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, node, path, error, _ ("must be an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_exclusions (Reader     *reader,
                 JsonObject *object,
                 const char *path,
                 GPtrArray  *exclusions,
                 GError    **error)
{
  JsonArray *array;

  if (!get_array (reader, object, path, "exclusions", FALSE, &array, error))
    return FALSE;
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s%sexclusions[%u]", path, *path ? "." : "", i);
      g_autofree char *reason = NULL;
      JsonObject *item = element_object (reader, array, i, p, error);
      gint64 count;

      if (item == NULL
          || !read_count (reader, item, p, "count", TRUE, 1, KP_MAX_COUNT, &count, error)
          || !read_string (reader, item, p, "reason", TRUE, KP_MAX_TEXT_CHARS, &reason, error))
        return FALSE;
      g_ptr_array_add (exclusions, kp_exclusion_new ((guint) count, reason));
    }
  return TRUE;
}

static gboolean
read_congress (Reader      *reader,
               JsonObject  *object,
               KpCongress  *congress,
               GError     **error)
{
  const char *path = "congress";
  g_autofree char *kind = NULL;
  JsonArray *committee;
  gint64 convened;
  guint heads = 0;

  if (!read_string (reader, object, path, "superior", FALSE, KP_MAX_TEXT_CHARS, &congress->superior, error)
      || !read_string (reader, object, path, "organization", TRUE, KP_MAX_TEXT_CHARS, &congress->organization, error)
      || !read_string (reader, object, path, "name", TRUE, KP_MAX_TEXT_CHARS, &congress->name, error)
      || !read_string (reader, object, path, "term", FALSE, KP_MAX_TEXT_CHARS, &congress->term, error)
      || !read_string (reader, object, path, "place", FALSE, KP_MAX_TEXT_CHARS, &congress->place, error)
      || !read_date (reader, object, path, "date", FALSE, &congress->date, error)
      || !read_string (reader, object, path, "kind", TRUE, 32, &kind, error))
    return FALSE;

  if (!kp_congress_kind_from_string (kind, &congress->kind))
    return fail (reader, json_object_get_member (object, "kind"), "congress.kind", error,
                 _ ("\"%s\" is not one of delegates, members, meeting"), kind);

  if (!read_count (reader, object, path, "convened", TRUE, 1, KP_MAX_COUNT, &convened, error)
      || !read_count (reader, object, path, "present", FALSE, 0, KP_MAX_COUNT, &congress->present, error)
      || !read_exclusions (reader, object, path, congress->exclusions, error))
    return FALSE;
  congress->convened = (guint) convened;

  if (congress->present > (gint64) congress->convened)
    return fail (reader, json_object_get_member (object, "present"), "congress.present", error,
                 _ ("%" PRId64 " present is more than the %u convened"), congress->present,
                 congress->convened);

  if (!get_array (reader, object, path, "counting_committee", FALSE, &committee, error))
    return FALSE;
  for (guint i = 0; committee && i < json_array_get_length (committee); i++)
    {
      g_autofree char *p = g_strdup_printf ("congress.counting_committee[%u]", i);
      g_autofree char *name = NULL;
      g_autofree char *role = NULL;
      JsonObject *item = element_object (reader, committee, i, p, error);
      KpRole r;

      if (item == NULL
          || !read_string (reader, item, p, "name", TRUE, KP_MAX_NAME_CHARS, &name, error)
          || !read_string (reader, item, p, "role", TRUE, 16, &role, error))
        return FALSE;
      if (g_str_equal (role, "head"))
        r = KP_ROLE_HEAD, heads++;
      else if (g_str_equal (role, "member"))
        r = KP_ROLE_MEMBER;
      else
        return fail (reader, json_object_get_member (item, "role"), p, error,
                     _ ("role \"%s\" is not head or member"), role);
      if (heads > 1)
        return fail (reader, item, p, error, _ ("the counting committee has one head (trưởng ban)"));
      g_ptr_array_add (congress->committee, kp_committee_member_new (name, r));
    }
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const KpCandidate *ca = *(const KpCandidate *const *) a;
  const KpCandidate *cb = *(const KpCandidate *const *) b;

  return kp_names_compare (ca->name, ca->born, cb->name, cb->born);
}

static gboolean
read_candidates (Reader      *reader,
                 JsonObject  *object,
                 const char  *path,
                 KpElection  *election,
                 GError     **error)
{
  g_autofree char *p = member_path (path, "candidates");
  g_autofree gboolean *seen = NULL;
  JsonArray *array;
  guint n, numbered = 0;

  if (!get_array (reader, object, path, "candidates", TRUE, &array, error))
    return FALSE;
  n = json_array_get_length (array);
  if (n == 0)
    return fail (reader, json_object_get_member (object, "candidates"), p, error,
                 _ ("the election list is empty"));
  if (n > KP_MAX_CANDIDATES)
    return fail (reader, json_object_get_member (object, "candidates"), p, error,
                 _ ("%u names is more than the %u a ballot can hold"), n, KP_MAX_CANDIDATES);

  seen = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ip = g_strdup_printf ("%s[%u]", p, i);
      g_autofree char *name = NULL;
      g_autofree char *born = NULL;
      JsonObject *item = element_object (reader, array, i, ip, error);
      gint64 no;

      if (item == NULL
          || !read_string (reader, item, ip, "name", TRUE, KP_MAX_NAME_CHARS, &name, error)
          || !read_date (reader, item, ip, "born", FALSE, &born, error)
          || !read_count (reader, item, ip, "no", FALSE, 1, n, &no, error))
        return FALSE;

      if (no > 0)
        {
          if (seen[no])
            return fail (reader, json_object_get_member (item, "no"), ip, error,
                         _ ("no %" PRId64 " is given to two names"), no);
          seen[no] = TRUE;
          numbered++;
        }
      if (numbered != 0 && numbered != i + 1)
        return fail (reader, item, ip, error,
                     _ ("some names have \"no\" and some do not: give every name its ballot "
                     "number, or none (then they are put in ABC order)"));
      g_ptr_array_add (election->candidates, kp_candidate_new ((guint) MAX (no, 0), name, born));
    }

  if (numbered == 0)
    {
      /* R-LIST-2: no approved order given; propose the ABC order. */
      g_ptr_array_sort (election->candidates, compare_candidates);
      for (guint i = 0; i < n; i++)
        ((KpCandidate *) g_ptr_array_index (election->candidates, i))->no = i + 1;
    }
  else
    {
      /* The approved list keeps its order: index = no − 1. Every no in
       * 1..n is used exactly once (checked above), so this is a permutation. */
      g_autoptr(GPtrArray) ordered = g_ptr_array_new_full (n, (GDestroyNotify) kp_candidate_free);
      g_ptr_array_set_size (ordered, n);
      for (guint i = 0; i < n; i++)
        {
          KpCandidate *c = g_ptr_array_index (election->candidates, i);
          ordered->pdata[c->no - 1] = c;
        }
      g_ptr_array_set_free_func (election->candidates, NULL);
      g_ptr_array_unref (election->candidates);
      election->candidates = g_steal_pointer (&ordered);
    }
  return TRUE;
}

static gboolean
read_election (Reader      *reader,
               JsonObject  *object,
               guint        index,
               KpCongress  *congress,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("elections[%u]", index);
  g_autoptr(KpElection) election = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  gint64 seats, round, issued, convened, present;

  if (!read_string (reader, object, path, "id", TRUE, 64, &id, error))
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return fail (reader, json_object_get_member (object, "id"), path, error,
                   _ ("id \"%s\" may hold only letters a–z, digits, '-' and '_'"), id);
  if (kp_congress_find_election (congress, id) != NULL)
    return fail (reader, json_object_get_member (object, "id"), path, error,
                 _ ("id \"%s\" is used by two elections"), id);

  if (!read_count (reader, object, path, "seats", TRUE, 1, KP_MAX_CANDIDATES, &seats, error))
    return FALSE;
  election = kp_election_new (id, (guint) seats);

  if (!read_string (reader, object, path, "title", TRUE, KP_MAX_TEXT_CHARS, &election->title, error)
      || !read_string (reader, object, path, "body", TRUE, 32, &body, error))
    return FALSE;
  if (!kp_body_from_string (body, &election->body))
    return fail (reader, json_object_get_member (object, "body"), path, error,
                 _ ("body \"%s\" is not a known body (committee, standing_committee, secretary, "
                 "deputy_secretary, inspection_committee, inspection_chair, delegates, "
                 "alternate_delegates, opinion, other)"), body);

  if (!read_count (reader, object, path, "round", FALSE, 1, 1000, &round, error)
      || !read_count (reader, object, path, "issued", FALSE, 0, KP_MAX_COUNT, &issued, error)
      || !read_count (reader, object, path, "convened", FALSE, 1, KP_MAX_COUNT, &convened, error)
      || !read_count (reader, object, path, "present", FALSE, 1, KP_MAX_COUNT, &present, error)
      || !read_exclusions (reader, object, path, election->exclusions, error)
      || !read_candidates (reader, object, path, election, error))
    return FALSE;
  election->round = round > 0 ? (guint) round : 1;
  election->issued = issued;

  /* R-FORM-3: fewer names than seats cannot be set up. */
  if (election->candidates->len < election->seats)
    return fail (reader, json_object_get_member (object, "seats"), path, error,
                 _ ("%u seats but only %u names on the list: an election needs at least as many "
                 "names as seats"), election->seats, election->candidates->len);

  /* R-BASE-1: the election's own convened count and exclusions (a committee
   * meeting) or else the congress's. */
  if (convened > 0)
    election->convened = (guint) convened;
  else
    {
      if (election->exclusions->len > 0)
        return fail (reader, json_object_get_member (object, "exclusions"), path, error,
                     _ ("exclusions given without the election's own \"convened\""));
      election->convened = congress->convened;
      for (guint i = 0; i < congress->exclusions->len; i++)
        {
          const KpExclusion *e = g_ptr_array_index (congress->exclusions, i);
          g_ptr_array_add (election->exclusions, kp_exclusion_new (e->count, e->reason));
        }
    }
  election->base = kp_election_compute_base (election);

  /* rules.md §1 (Điều 14): an opinion ballot on nominees added at the
   * congress puts a name on the list only with more than 30 % of those
   * present; the base is the number present, not the convened count. */
  if (election->body == KP_BODY_OPINION)
    {
      if (present < 0)
        present = congress->present;
      if (present <= 0)
        return fail (reader, object, path, error,
                     _ ("an opinion ballot (body \"opinion\") needs the number present "
                     "(congress.present or the election's \"present\"): a nominee needs more "
                     "than 30%% of those present"));
      election->base = (guint) present;
      election->threshold = KP_THRESHOLD_MORE_THAN_30_PERCENT;
    }
  else if (election->base == 0)
    return fail (reader, object, path, error,
                 _ ("the exclusions take away all %u convened: the threshold base would be 0"),
                 election->convened);

  g_ptr_array_add (congress->elections, g_steal_pointer (&election));
  return TRUE;
}

static guint
line_at (const char *data,
         const char *end)
{
  guint line = 1;
  for (const char *p = data; p < end; p++)
    line += (*p == '\n');
  return line;
}

/**
 * kp_definition_load_data:
 * @filename: the name used in error messages
 *
 * Returns: (transfer full): the congress, or %NULL with @error set to a
 * message naming @filename, the line and the field.
 */
KpCongress *
kp_definition_load_data (const char  *data,
                         gsize        length,
                         const char  *filename,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GArray) open_lines = NULL;
  g_autoptr(KpCongress) congress = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *format = NULL;
  JsonObject *root, *congress_object;
  JsonNode *node;
  JsonArray *elections;
  const char *end;
  Reader reader;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, length -= 3;

  if (!g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_SYNTAX,
                   _ ("%s:%u: not valid UTF-8 (byte %zu); save the file as UTF-8"),
                   filename, line_at (data, end), (gsize) (end - data) + 1);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  lines = g_hash_table_new (NULL, NULL);
  open_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  reader = (Reader) { filename, parser, lines, open_lines };
  g_signal_connect (parser, "object-start", G_CALLBACK (object_start_cb), &reader);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_end_cb), &reader);
  g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), &reader);
  g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), &reader);

  if (!kp_json_load (parser, data, length, &local_error))
    {
      /* json-glib's message is "<data>:LINE:COL: Parse error: …", in
       * English: ours says where and what in the user's words, json-glib's
       * follows as the detail. kp_json_load's own are already ours. */
      const char *message = local_error->message;
      guint at_line, at_column;
      int used = 0;

      if (sscanf (message, "<data>:%u:%u: %n", &at_line, &at_column, &used) == 2 && used > 0)
        g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_SYNTAX,
                     _ ("%s:%u:%u: not valid JSON here (%s)"), filename, at_line, at_column, message + used);
      else
        g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_SYNTAX, _ ("%s: not valid JSON (%s)"),
                     filename, message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_INVALID,
                   _ ("%s: not an election definition (the top level must be an object)"), filename);
      return NULL;
    }
  root = json_node_get_object (node);
  congress = kp_congress_new ();

  if (!read_string (&reader, root, "", "format", TRUE, 64, &format, error))
    return NULL;
  if (!g_str_equal (format, "kiemphieu/election@1"))
    {
      fail (&reader, json_object_get_member (root, "format"), "format", error,
            _ ("\"%s\" is not kiemphieu/election@1"), format);
      return NULL;
    }

  if (!get_member (&reader, root, "", "congress", TRUE, &node, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (&reader, node, "congress", error, _ ("must be an object"));
      return NULL;
    }
  congress_object = json_node_get_object (node);
  if (!read_congress (&reader, congress_object, congress, error))
    return NULL;

  if (!get_array (&reader, root, "", "elections", TRUE, &elections, error))
    return NULL;
  if (json_array_get_length (elections) == 0)
    {
      fail (&reader, json_object_get_member (root, "elections"), "elections", error,
            _ ("no election is defined"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (elections); i++)
    {
      g_autofree char *p = g_strdup_printf ("elections[%u]", i);
      JsonObject *item = element_object (&reader, elections, i, p, error);

      if (item == NULL || !read_election (&reader, item, i, congress, error))
        return NULL;
    }

  return g_steal_pointer (&congress);
}

/**
 * kp_definition_load_file:
 *
 * Returns: (transfer full): the congress, or %NULL with @error set.
 */
KpCongress *
kp_definition_load_file (const char  *path,
                         GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!kp_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, KP_DEFINITION_ERROR, KP_DEFINITION_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return kp_definition_load_data (data, length, path, error);
}

static gboolean
is_committee_body (KpBody body)
{
  return body == KP_BODY_COMMITTEE || body == KP_BODY_STANDING_COMMITTEE
         || body == KP_BODY_INSPECTION_COMMITTEE;
}

/**
 * kp_election_check_surplus:
 * @limit: (out) (optional): the largest surplus R-LIST-1 allows
 *
 * R-LIST-1 for committee lists: more names than seats, and a surplus of at
 * most 1 for bodies of 3–5, at most 30% of the seats above that. Other
 * bodies always pass. (The approved list is what counts; this only warns.)
 */
KpSurplusCheck
kp_election_check_surplus (const KpElection *election,
                           guint            *limit)
{
  guint n = election->candidates->len;
  guint surplus = n > election->seats ? n - election->seats : 0;
  guint allowed = election->seats >= 3 && election->seats <= 5 ? 1 : election->seats * 30 / 100;

  if (limit)
    *limit = allowed;
  if (!is_committee_body (election->body))
    return KP_SURPLUS_OK;
  if (surplus == 0)
    return KP_SURPLUS_NONE;
  if (election->seats >= 3 && election->seats <= 5 && surplus > 1)
    return KP_SURPLUS_SMALL_BODY;
  if (election->seats > 5 && (guint64) surplus * 100 > (guint64) election->seats * 30)
    return KP_SURPLUS_OVER_30;
  return KP_SURPLUS_OK;
}

/**
 * kp_election_check_list:
 *
 * Warnings about an election list that the congress may still approve:
 * R-LIST-1 (surplus of committee lists) and R-LIST-2 (ABC order).
 *
 * Returns: (transfer full) (element-type utf8): the warnings, maybe none.
 */
GPtrArray *
kp_election_check_list (const KpElection *election)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  guint n = election->candidates->len;
  guint surplus = n - election->seats;
  guint limit;

  /* R-LIST-1 */
  switch (kp_election_check_surplus (election, &limit))
    {
    case KP_SURPLUS_NONE:
      g_ptr_array_add (warnings, g_strdup_printf (
                         _ ("%s: R-LIST-1: the list has no surplus (%u names for %u seats); a "
                         "committee list should have more names than seats"),
                         election->id, n, election->seats));
      break;
    case KP_SURPLUS_SMALL_BODY:
      g_ptr_array_add (warnings, g_strdup_printf (
                         _ ("%s: R-LIST-1: surplus %u for a body of %u; bodies of 3–5 members "
                         "take at most 1 extra name"),
                         election->id, surplus, election->seats));
      break;
    case KP_SURPLUS_OVER_30:
      g_ptr_array_add (warnings, g_strdup_printf (
                         _ ("%s: R-LIST-1: surplus %u is more than 30%% of the %u seats (at most %u)"),
                         election->id, surplus, election->seats, limit));
      break;
    case KP_SURPLUS_OK:
    default:
      break;
    }

  /* R-LIST-2: report the first place where the approved list leaves the ABC
   * order; the list is kept as it is. */
  for (guint i = 1; i < n; i++)
    {
      const KpCandidate *a = g_ptr_array_index (election->candidates, i - 1);
      const KpCandidate *b = g_ptr_array_index (election->candidates, i);

      if (kp_names_compare (a->name, a->born, b->name, b->born) > 0)
        {
          g_ptr_array_add (warnings, g_strdup_printf (
                             _ ("%s: R-LIST-2: the list is not in ABC order by given name: %u. %s "
                             "comes before %u. %s; the approved order is kept"),
                             election->id, a->no, a->name, b->no, b->name));
          break;
        }
    }

  /* R-LIST-2: namesakes are told apart on the ballot and the minutes by
   * their dates of birth; without one, two lines read the same. */
  {
    g_autoptr(GArray) pairs = kp_election_undated_namesakes (election);

    for (guint i = 0; i + 1 < pairs->len; i += 2)
      {
        const KpCandidate *a = g_ptr_array_index (election->candidates, g_array_index (pairs, guint, i));
        const KpCandidate *b = g_ptr_array_index (election->candidates, g_array_index (pairs, guint, i + 1));

        g_ptr_array_add (warnings, g_strdup_printf (
                           _ ("%s: R-LIST-2: %u. %s and %u. %s have the same name and no date of birth tells "
                              "them apart on the ballot and the minutes: give each a date of birth (\"born\")"),
                           election->id, a->no, a->name, b->no, b->name));
      }
  }

  return warnings;
}

/**
 * kp_definition_check:
 *
 * Returns: (transfer full) (element-type utf8): every election's warnings.
 */
GPtrArray *
kp_definition_check (const KpCongress *congress)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < congress->elections->len; i++)
    {
      g_autoptr(GPtrArray) w = kp_election_check_list (g_ptr_array_index (congress->elections, i));
      for (guint j = 0; j < w->len; j++)
        g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (w, j)));
    }
  return warnings;
}
