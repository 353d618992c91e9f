/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-batch.c — station packages and batches: written as one JSON line and
 * its Ed25519 signature line, read back strictly (a file cut short, a
 * changed byte, a key that is not the one it names: refused).
 */

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kp-batch.h"
#include "kp-journal.h"
#include "kp-json.h"
#include "kp-result.h"

G_DEFINE_QUARK (kp-batch-error-quark, kp_batch_error)

#define PACKAGE_FORMAT "kiemphieu/station-package@1"
#define BATCH_FORMAT "kiemphieu/station-batch@1"
#define SIGNATURE_PREFIX "ed25519 "

typedef enum
{
  KIND_PACKAGE,
  KIND_BATCH,
} Kind;

gboolean
kp_station_id_is_valid (const char *id)
{
  gsize n = id ? strlen (id) : 0;

  if (n == 0 || n > KP_STATION_ID_MAX)
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

/**
 * kp_round_list_sha256:
 * @candidates_json: the round's list as the congress file stores it
 *
 * Returns: (transfer full): hex SHA-256 of
 * `kiemphieu/round-list@1\n<seats>\n<candidates>`: what ties a batch's
 * ballot numbers to the names they mean.
 */
char *
kp_round_list_sha256 (guint       seats,
                      const char *candidates_json)
{
  g_autofree char *text = g_strdup_printf ("kiemphieu/round-list@1\n%u\n%s", seats, candidates_json);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/**
 * kp_batch_file_name:
 *
 * Returns: (transfer full): `<station>-<NNNN>.kiemphieu-batch`.
 */
char *
kp_batch_file_name (const char *station,
                    guint       number)
{
  return g_strdup_printf ("%s-%04u.kiemphieu-batch", station, number);
}

/**
 * kp_batch_read_file:
 *
 * Reads a package or batch whole, refusing a file larger than
 * %KP_BATCH_MAX_BYTES before reading it.
 */
gboolean
kp_batch_read_file (const char  *path,
                    char       **data,
                    gsize       *length,
                    GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _ ("%s: cannot be read (%s)"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || (guint64) st.st_size > KP_BATCH_MAX_BYTES)
    {
      g_set_error (error, KP_BATCH_ERROR, KP_BATCH_ERROR_INVALID,
                   _ ("%s: not a station package or batch (not a file of at most %u MiB)"), path,
                   KP_BATCH_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  return g_file_get_contents (path, data, length, error);
}

/* --- writing ---------------------------------------------------------------- */

static void
key (GString    *out,
     const char *name)
{
  if (out->len > 1)
    g_string_append_c (out, ',');
  kp_json_append_string (out, name);
  g_string_append_c (out, ':');
}

static void
string_member (GString    *out,
               const char *name,
               const char *value)
{
  key (out, name);
  kp_json_append_string (out, value);
}

static void
int_member (GString    *out,
            const char *name,
            gint64      value)
{
  key (out, name);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

/* Line 1 and the signature line, the signature over line 1 and its line feed. */
static char *
seal (GString    *line,
      KpKey      *signer,
      char      **sha256,
      GError    **error)
{
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *text = NULL;
  char *sealed;

  g_string_append_c (line, '\n');
  if ((signature = kp_key_sign (signer, line->str, line->len, error)) == NULL)
    return NULL;
  text = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  sealed = g_strconcat (line->str, SIGNATURE_PREFIX, text, "\n", NULL);
  g_free (*sha256);
  *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, sealed, -1);
  return sealed;
}

static gboolean
take_key (KpKey   *signer,
          char   **public_key,
          char   **fingerprint,
          GError **error)
{
  g_autofree char *pem = kp_key_public_pem (signer);
  g_autofree char *print = kp_public_key_fingerprint (pem, error);

  if (print == NULL)
    return FALSE;
  g_free (*public_key);
  g_free (*fingerprint);
  *public_key = g_steal_pointer (&pem);
  *fingerprint = g_steal_pointer (&print);
  return TRUE;
}

KpStationPackage *
kp_station_package_new (void)
{
  KpStationPackage *p = g_new0 (KpStationPackage, 1);

  p->rounds = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  return p;
}

void
kp_station_package_free (KpStationPackage *p)
{
  if (p == NULL)
    return;
  g_free (p->congress);
  g_free (p->definition);
  g_free (p->definition_sha256);
  g_clear_pointer (&p->rounds, g_ptr_array_unref);
  g_free (p->list_sha256);
  g_free (p->station);
  g_free (p->name);
  g_free (p->election);
  g_free (p->made_at);
  g_free (p->public_key);
  g_free (p->fingerprint);
  g_free (p->sha256);
  g_free (p);
}

/**
 * kp_station_package_seal:
 * @congress_key: the congress key, unsealed with the head's passphrase
 *
 * Fills in the public key, its fingerprint and the definition's digest,
 * and signs.
 *
 * Returns: (transfer full): the package file's text, or %NULL with @error.
 */
char *
kp_station_package_seal (KpStationPackage *p,
                         KpKey            *congress_key,
                         GError          **error)
{
  g_autoptr(GString) line = g_string_new ("{");

  g_return_val_if_fail (p->definition != NULL && p->station != NULL && p->election != NULL, NULL);
  if (!take_key (congress_key, &p->public_key, &p->fingerprint, error))
    return NULL;
  g_free (p->definition_sha256);
  p->definition_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, p->definition, -1);

  string_member (line, "format", PACKAGE_FORMAT);
  string_member (line, "congress", p->congress);
  /* Only when true: a real package reads as packages always did. */
  if (p->rehearsal)
    {
      key (line, "rehearsal");
      g_string_append (line, "true");
    }
  string_member (line, "definition", p->definition);
  string_member (line, "definition_sha256", p->definition_sha256);
  key (line, "rounds");
  g_string_append_c (line, '[');
  for (guint i = 0; i < p->rounds->len; i++)
    {
      const KpJournalEntry *e = p->rounds->pdata[i];
      g_autoptr(GString) r = g_string_new ("{");

      string_member (r, "action", e->action);
      string_member (r, "content", e->content);
      g_string_append_c (r, '}');
      g_string_append_printf (line, "%s%s", i ? "," : "", r->str);
    }
  g_string_append_c (line, ']');
  string_member (line, "list_sha256", p->list_sha256);
  string_member (line, "station", p->station);
  string_member (line, "name", p->name);
  string_member (line, "election", p->election);
  int_member (line, "round", p->round);
  string_member (line, "pass", (char[]) { p->pass, '\0' });
  key (line, "serial_from");
  if (p->serial_to > 0)
    g_string_append_printf (line, "%u", p->serial_from);
  else
    g_string_append (line, "null");
  key (line, "serial_to");
  if (p->serial_to > 0)
    g_string_append_printf (line, "%u", p->serial_to);
  else
    g_string_append (line, "null");
  string_member (line, "made_at", p->made_at);
  string_member (line, "public_key", p->public_key);
  string_member (line, "fingerprint", p->fingerprint);
  g_string_append_c (line, '}');
  return seal (line, congress_key, &p->sha256, error);
}

KpBatch *
kp_batch_new (void)
{
  KpBatch *b = g_new0 (KpBatch, 1);

  b->journal = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  return b;
}

void
kp_batch_free (KpBatch *b)
{
  if (b == NULL)
    return;
  g_free (b->congress);
  g_free (b->definition_sha256);
  g_free (b->list_sha256);
  g_free (b->station);
  g_free (b->election);
  g_free (b->prev_batch);
  g_free (b->made_at);
  g_free (b->public_key);
  g_free (b->fingerprint);
  g_clear_pointer (&b->journal, g_ptr_array_unref);
  g_free (b->sha256);
  g_free (b);
}

/**
 * kp_batch_seal:
 * @station_key: the station key, unsealed with the station's passphrase
 *
 * Fills in the public key and its fingerprint, and signs. The same batch
 * and key always give the same bytes (Ed25519 is deterministic).
 *
 * Returns: (transfer full): the batch file's text, or %NULL with @error.
 */
char *
kp_batch_seal (KpBatch *b,
               KpKey   *station_key,
               GError **error)
{
  g_autoptr(GString) line = g_string_new ("{");

  if (!take_key (station_key, &b->public_key, &b->fingerprint, error))
    return NULL;
  string_member (line, "format", BATCH_FORMAT);
  string_member (line, "congress", b->congress);
  if (b->rehearsal)
    {
      key (line, "rehearsal");
      g_string_append (line, "true");
    }
  string_member (line, "definition_sha256", b->definition_sha256);
  string_member (line, "list_sha256", b->list_sha256);
  string_member (line, "station", b->station);
  string_member (line, "election", b->election);
  int_member (line, "round", b->round);
  string_member (line, "pass", (char[]) { b->pass, '\0' });
  int_member (line, "number", b->number);
  string_member (line, "prev_batch", b->prev_batch);
  string_member (line, "made_at", b->made_at);
  string_member (line, "public_key", b->public_key);
  string_member (line, "fingerprint", b->fingerprint);
  key (line, "journal");
  g_string_append_c (line, '[');
  for (guint i = 0; i < b->journal->len; i++)
    {
      const KpJournalEntry *e = b->journal->pdata[i];

      g_string_append (line, i ? ",{\"seq\":" : "{\"seq\":");
      g_string_append_printf (line, "%" G_GINT64_FORMAT ",\"at\":", e->seq);
      kp_json_append_string (line, e->at);
      g_string_append (line, ",\"operator\":");
      kp_json_append_string (line, e->operator);
      g_string_append (line, ",\"action\":");
      kp_json_append_string (line, e->action);
      g_string_append (line, ",\"content\":");
      kp_json_append_string (line, e->content);
      g_string_append (line, ",\"prev\":");
      kp_json_append_string (line, e->prev);
      g_string_append (line, ",\"hash\":");
      kp_json_append_string (line, e->hash);
      g_string_append_c (line, '}');
    }
  g_string_append (line, "]}");
  return seal (line, station_key, &b->sha256, error);
}

/* --- reading ---------------------------------------------------------------- */

static gboolean
damaged (GError    **error,
         Kind        kind,
         const char *name,
         const char *why)
{
  if (kind == KIND_PACKAGE)
    g_set_error (error, KP_BATCH_ERROR, KP_BATCH_ERROR_DAMAGED,
                 _ ("%s: the station package is damaged or was changed (%s); nothing was done. Ask the head's "
                    "machine for the package again"), name, why);
  else
    g_set_error (error, KP_BATCH_ERROR, KP_BATCH_ERROR_DAMAGED,
                 _ ("%s: the batch is damaged or was changed (%s); nothing of it was merged. Write it again at "
                    "the station (kiemphieu-cli batch … --number N) and import that copy"), name, why);
  return FALSE;
}

static gboolean
is_hex64 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;
  return TRUE;
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The optional member `rehearsal`: FALSE when absent, -1 when it is
 * not a boolean. */
static int
get_rehearsal (JsonObject *o)
{
  JsonNode *node = json_object_get_member (o, "rehearsal");

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return -1;
  return json_node_get_boolean (node);
}

/* A whole number in [min, max], or -1 when it is missing or not one;
 * @null_ok: null gives 0. */
static gint64
get_int (JsonObject *o,
         const char *name,
         gint64      min,
         gint64      max,
         gboolean    null_ok)
{
  JsonNode *node = json_object_get_member (o, name);
  gint64 value;

  if (node != NULL && null_ok && JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  value = json_node_get_int (node);
  return value < min || value > max ? -1 : value;
}

/* The envelope around line 1 (see kp-batch.h); on success @root holds the
 * line's JSON object, whose key signed it (after checking that its
 * fingerprint names it). */
static JsonObject *
open_envelope (const char  *data,
               gsize        length,
               const char  *name,
               Kind         kind,
               JsonParser **parser_out,
               GError     **error)
{
  const char *format = kind == KIND_PACKAGE ? PACKAGE_FORMAT : BATCH_FORMAT;
  g_autofree char *prefix = g_strdup_printf ("{\"format\":\"%s\"", format);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *print = NULL;
  g_autofree guchar *signature = NULL;
  const char *end, *rest, *sig_text, *public_key, *fingerprint;
  gsize line_length, rest_length, sig_length = 0;
  JsonNode *root;
  JsonObject *o;

  if (length < strlen (prefix) || memcmp (data, prefix, strlen (prefix)) != 0)
    {
      if (kind == KIND_PACKAGE)
        g_set_error (error, KP_BATCH_ERROR, KP_BATCH_ERROR_INVALID,
                     _ ("%s: not a KiemPhieu station package (*.kiemphieu-station)"), name);
      else
        g_set_error (error, KP_BATCH_ERROR, KP_BATCH_ERROR_INVALID,
                     _ ("%s: not a KiemPhieu batch (*.kiemphieu-batch)"), name);
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      damaged (error, kind, name, _ ("it holds a NUL byte"));
      return NULL;
    }
  end = memchr (data, '\n', length);
  if (end == NULL)
    {
      damaged (error, kind, name, _ ("it is cut short: it ends before its signature"));
      return NULL;
    }
  line_length = end - data;
  rest = end + 1;
  rest_length = length - line_length - 1;
  if (rest_length == 0 || rest[rest_length - 1] != '\n')
    {
      damaged (error, kind, name, _ ("it is cut short: its signature line is missing or incomplete"));
      return NULL;
    }
  if (memchr (rest, '\n', rest_length - 1) != NULL)
    {
      damaged (error, kind, name, _ ("it has more than two lines"));
      return NULL;
    }
  if (rest_length < strlen (SIGNATURE_PREFIX) + 2 || memcmp (rest, SIGNATURE_PREFIX, strlen (SIGNATURE_PREFIX)) != 0)
    {
      damaged (error, kind, name, _ ("its second line is not an Ed25519 signature"));
      return NULL;
    }
  sig_text = rest + strlen (SIGNATURE_PREFIX);
  for (const char *c = sig_text; c < rest + rest_length - 1; c++)
    if (!g_ascii_isalnum (*c) && *c != '+' && *c != '/' && *c != '=')
      {
        damaged (error, kind, name, _ ("its signature is not written in base64"));
        return NULL;
      }
  {
    g_autofree char *copy = g_strndup (sig_text, rest + rest_length - 1 - sig_text);
    g_autofree char *again = NULL;

    signature = g_base64_decode (copy, &sig_length);
    if (sig_length != KP_SIGNATURE_SIZE)
      {
        damaged (error, kind, name, _ ("its signature is not 64 bytes"));
        return NULL;
      }
    /* Written one way only: a changed padding bit would decode to the same
     * signature, yet change the file's SHA-256 that the next batch chains. */
    again = g_base64_encode (signature, sig_length);
    if (!g_str_equal (again, copy))
      {
        damaged (error, kind, name, _ ("its signature is not written the way KiemPhieu writes it"));
        return NULL;
      }
  }
  if (!g_utf8_validate (data, line_length, NULL) || !kp_json_load (parser, data, line_length, &local_error)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      damaged (error, kind, name, local_error ? local_error->message : _ ("its first line is not a JSON object"));
      return NULL;
    }
  o = json_node_get_object (root);
  public_key = get_string (o, "public_key");
  fingerprint = get_string (o, "fingerprint");
  if (public_key == NULL || fingerprint == NULL
      || (print = kp_public_key_fingerprint (public_key, NULL)) == NULL || !g_str_equal (print, fingerprint))
    {
      damaged (error, kind, name, _ ("the key it names is not the key it holds"));
      return NULL;
    }
  /* The signature covers line 1 and its line feed. */
  if (!kp_signature_verify (public_key, data, line_length + 1, signature, sig_length, NULL))
    {
      damaged (error, kind, name, _ ("the signature does not match its contents"));
      return NULL;
    }
  *parser_out = g_steal_pointer (&parser);
  return o;
}

static gboolean
read_common (JsonObject  *o,
             const char **station,
             const char **election,
             gint64      *round,
             char        *pass)
{
  const char *p = get_string (o, "pass");

  *station = get_string (o, "station");
  *election = get_string (o, "election");
  *round = get_int (o, "round", 1, G_MAXINT32, FALSE);
  if (p == NULL || strlen (p) != 1 || p[0] < 'A' || p[0] > 'C')
    return FALSE;
  *pass = p[0];
  return kp_station_id_is_valid (*station) && *election != NULL && kp_station_id_is_valid (*election) && *round > 0;
}

/**
 * kp_station_package_parse:
 * @name: the file's name, for messages
 *
 * Reads a package: its envelope, its signature by the congress key it
 * holds (whether that key is the congress's own is the caller's question:
 * compare @fingerprint with the head's key sheet), its fields.
 *
 * Returns: (transfer full): the package, or %NULL with @error
 * (%KP_BATCH_ERROR_INVALID: not a package; %KP_BATCH_ERROR_DAMAGED).
 */
KpStationPackage *
kp_station_package_parse (const char *data,
                          gsize       length,
                          const char *name,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(KpStationPackage) p = kp_station_package_new ();
  g_autofree char *digest = NULL;
  JsonObject *o = open_envelope (data, length, name, KIND_PACKAGE, &parser, error);
  const char *station, *election, *definition, *sha, *congress, *list, *made_at, *pname;
  JsonNode *rounds;
  gint64 round, from, to;
  int rehearsal;

  if (o == NULL)
    return NULL;
  rehearsal = get_rehearsal (o);
  definition = get_string (o, "definition");
  sha = get_string (o, "definition_sha256");
  congress = get_string (o, "congress");
  list = get_string (o, "list_sha256");
  made_at = get_string (o, "made_at");
  pname = get_string (o, "name");
  rounds = json_object_get_member (o, "rounds");
  from = get_int (o, "serial_from", 1, 2000000000, TRUE);
  to = get_int (o, "serial_to", 1, 2000000000, TRUE);
  if (!read_common (o, &station, &election, &round, &p->pass) || definition == NULL || !is_hex64 (sha)
      || !is_hex64 (congress) || !is_hex64 (list) || made_at == NULL || pname == NULL || rounds == NULL
      || !JSON_NODE_HOLDS_ARRAY (rounds) || from < 0 || to < 0 || (from == 0) != (to == 0) || from > to
      || rehearsal < 0)
    {
      damaged (error, KIND_PACKAGE, name, _ ("a field is missing or out of range"));
      return NULL;
    }
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, definition, -1);
  if (!g_str_equal (digest, sha))
    {
      damaged (error, KIND_PACKAGE, name, _ ("the definition is not the one its digest names"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rounds)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (rounds), i);
      JsonObject *r = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *action = r ? get_string (r, "action") : NULL;
      const char *content = r ? get_string (r, "content") : NULL;
      KpJournalEntry *e;

      if (action == NULL || content == NULL
          || (!g_str_equal (action, "next-round") && !g_str_equal (action, "edit-round")))
        {
          damaged (error, KIND_PACKAGE, name, _ ("its rounds are not next-round or edit-round entries"));
          return NULL;
        }
      e = kp_journal_entry_new ();
      e->action = g_strdup (action);
      e->content = g_strdup (content);
      g_ptr_array_add (p->rounds, e);
    }
  p->congress = g_strdup (congress);
  p->rehearsal = rehearsal;
  p->definition = g_strdup (definition);
  p->definition_sha256 = g_strdup (sha);
  p->list_sha256 = g_strdup (list);
  p->station = g_strdup (station);
  p->name = g_strdup (pname);
  p->election = g_strdup (election);
  p->round = round;
  p->serial_from = from;
  p->serial_to = to;
  p->made_at = g_strdup (made_at);
  p->public_key = g_strdup (get_string (o, "public_key"));
  p->fingerprint = g_strdup (get_string (o, "fingerprint"));
  p->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
  return g_steal_pointer (&p);
}

/**
 * kp_batch_parse:
 * @name: the file's name, for messages
 *
 * Reads a batch: its envelope, its signature by the station key it holds
 * (whether that key is the enrolled one is the caller's question), its
 * fields, and its journal segment: every entry's hash recomputed, each
 * following the one before it, their numbers consecutive.
 *
 * Returns: (transfer full): the batch, or %NULL with @error
 * (%KP_BATCH_ERROR_INVALID: not a batch; %KP_BATCH_ERROR_DAMAGED).
 */
KpBatch *
kp_batch_parse (const char *data,
                gsize       length,
                const char *name,
                GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(KpBatch) b = kp_batch_new ();
  JsonObject *o = open_envelope (data, length, name, KIND_BATCH, &parser, error);
  const char *station, *election, *congress, *sha, *list, *prev, *made_at;
  JsonNode *journal;
  JsonArray *entries;
  gint64 round, number;
  int rehearsal;

  if (o == NULL)
    return NULL;
  rehearsal = get_rehearsal (o);
  congress = get_string (o, "congress");
  sha = get_string (o, "definition_sha256");
  list = get_string (o, "list_sha256");
  prev = get_string (o, "prev_batch");
  made_at = get_string (o, "made_at");
  number = get_int (o, "number", 1, G_MAXINT32, FALSE);
  journal = json_object_get_member (o, "journal");
  if (!read_common (o, &station, &election, &round, &b->pass) || !is_hex64 (congress) || !is_hex64 (sha)
      || !is_hex64 (list) || !is_hex64 (prev) || made_at == NULL || number < 1 || journal == NULL
      || !JSON_NODE_HOLDS_ARRAY (journal) || rehearsal < 0)
    {
      damaged (error, KIND_BATCH, name, _ ("a field is missing or out of range"));
      return NULL;
    }
  entries = json_node_get_array (journal);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *j = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(KpJournalEntry) e = kp_journal_entry_new ();
      g_autofree char *hash = NULL;
      const KpJournalEntry *before = i ? b->journal->pdata[i - 1] : NULL;

      if (j == NULL || (e->seq = get_int (j, "seq", 1, G_MAXINT64, FALSE)) < 1
          || (e->at = g_strdup (get_string (j, "at"))) == NULL
          || (e->operator = g_strdup (get_string (j, "operator"))) == NULL
          || (e->action = g_strdup (get_string (j, "action"))) == NULL
          || (e->content = g_strdup (get_string (j, "content"))) == NULL
          || !is_hex64 (get_string (j, "prev")) || !is_hex64 (get_string (j, "hash")))
        {
          g_autofree char *why = g_strdup_printf (_ ("journal entry %u of the batch is incomplete"), i + 1);
          damaged (error, KIND_BATCH, name, why);
          return NULL;
        }
      e->prev = g_strdup (get_string (j, "prev"));
      e->hash = g_strdup (get_string (j, "hash"));
      hash = kp_journal_entry_compute_hash (e);
      if (!g_str_equal (hash, e->hash)
          || (before != NULL && (e->seq != before->seq + 1 || !g_str_equal (e->prev, before->hash))))
        {
          g_autofree char *why = g_strdup_printf (_ ("the station's journal entry %" PRId64
                                                     " does not follow the one before it"), e->seq);
          damaged (error, KIND_BATCH, name, why);
          return NULL;
        }
      g_ptr_array_add (b->journal, g_steal_pointer (&e));
    }
  b->congress = g_strdup (congress);
  b->rehearsal = rehearsal;
  b->definition_sha256 = g_strdup (sha);
  b->list_sha256 = g_strdup (list);
  b->station = g_strdup (station);
  b->election = g_strdup (election);
  b->round = round;
  b->number = number;
  b->prev_batch = g_strdup (prev);
  b->made_at = g_strdup (made_at);
  b->public_key = g_strdup (get_string (o, "public_key"));
  b->fingerprint = g_strdup (get_string (o, "fingerprint"));
  b->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
  return g_steal_pointer (&b);
}
