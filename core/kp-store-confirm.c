/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-confirm.c — the congress signing key and confirmation: the result counted,
 * checked and signed inside one write transaction, then locked.
 */

#include <stdlib.h>
#include <string.h>

#include "kp-json.h"
#include "kp-passphrase.h"
#include "kp-sandbox.h"
#include "kp-store-private.h"
#include "kp-store-stations.h"

gboolean
_kp_store_apply_keys (KpDb                 *db,
                      const char           *path,
                      const KpJournalEntry *entry,
                      JsonObject           *c,
                      GError              **error)
{
  sqlite3_stmt *stmt;

  const char *keys[] = { "public_key", "sealed_key", "fingerprint" };
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      stmt = _kp_db_prepare (db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, keys[k], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, _kp_content_string (c, keys[k]), -1, SQLITE_TRANSIENT);
      if (!_kp_db_step_done (db, path, stmt, N_ ("saving the signing key"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_kp_store_apply_confirm (KpDb                 *db,
                         const char           *path,
                         const KpJournalEntry *entry,
                         JsonObject           *c,
                         GError              **error)
{
  sqlite3_stmt *stmt;

  JsonNode *explanations = json_object_get_member (c, "explanations");
  g_autofree char *text = explanations ? json_to_string (explanations, FALSE) : g_strdup ("{}");

  stmt = _kp_db_prepare (db, path, "UPDATE elections SET state = 'confirmed' WHERE id = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  if (!_kp_db_step_done (db, path, stmt, N_ ("confirming"), error))
    return FALSE;
  stmt = _kp_db_prepare (db, path,
                         "INSERT INTO confirmations (election, round, result, digest, signature, fingerprint,"
                         " journal_head, announced_at, explanations, operator, seq)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _kp_content_string (c, "election"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kp_content_int (c, "round"));
  sqlite3_bind_text (stmt, 3, _kp_content_string (c, "result"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, _kp_content_string (c, "digest"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, _kp_content_string (c, "signature"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, _kp_content_string (c, "fingerprint"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, _kp_content_string (c, "journal_head"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, _kp_content_string (c, "announced_at"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, entry->operator, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, entry->seq);
  return _kp_db_step_done (db, path, stmt, N_ ("confirming"), error);
}

/**
 * kp_store_get_public_key:
 *
 * Returns: (transfer full) (nullable): the congress's public key (PEM), or
 * %NULL before `keys --init`.
 */
char *
kp_store_get_public_key (KpStore *store)
{
  return _kp_store_meta_value (store, "public_key");
}

char *
kp_store_get_fingerprint (KpStore *store)
{
  return _kp_store_meta_value (store, "fingerprint");
}

/**
 * kp_store_key_weakness:
 *
 * Returns: (transfer full) (nullable): a warning when the signing key is
 * sealed more cheaply than the standard (scrypt N below 2^19: a key made
 * for the tests through KP_TEST_KDF_LOG2N, or by an earlier version), else
 * %NULL.
 */
char *
kp_store_key_weakness (KpStore *store)
{
  g_autofree char *sealed = _kp_store_meta_value (store, "sealed_key");
  guint cost;

  if (sealed == NULL || (cost = kp_key_sealed_log2_n (sealed)) >= KP_KEY_STANDARD_LOG2_N)
    return NULL;
  return g_strdup_printf (_ ("WARNING: the signing key is sealed more cheaply than the standard (scrypt N = 2^%u, "
                             "the standard is 2^%u): whoever copies this file can guess the head's passphrase "
                             "faster. Such a key is made for tests, or by an earlier version"),
                          cost, KP_KEY_STANDARD_LOG2_N);
}

/**
 * kp_store_check_may_create_key:
 *
 * Whether the congress's signing key may be created in @store: not on a
 * station file, and not while the old rehearsal switch is on in the real
 * congress file. In a rehearsal copy the key is the copy's own (for its
 * station packages), never the congress's, and signs no result
 * (kp_store_check_not_rehearsal). Callers ask this before asking for a
 * passphrase; kp_store_init_keys asks it again.
 *
 * Returns: %TRUE when it may, else %FALSE with @error set to the reason,
 *   in words for the committee.
 */
gboolean
kp_store_check_may_create_key (KpStore *store,
                               GError **error)
{
  g_autofree char *source = NULL;

  /* A station laptop signs its batches with its own station key; the
   * congress's key lives on the head's machine only. */
  if (kp_store_is_station (store))
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is a station file: the congress's signing key is created on the head's machine, "
                                 "in the congress file (keys --init there); a station signs its batches with its own "
                                 "key, made when its package was opened"), store->path);
  /* The old rehearsal switch is on in the real congress file: a key made
   * now would be the congress's own, while everything it prints says
   * THỬ NGHIỆM (its key sheet too). A rehearsal copy has no key of the
   * congress (none is copied): the key made there is the copy's own,
   * for rehearsing station packages, and can never sign a result
   * (kp_store_check_not_rehearsal). */
  if (kp_store_is_rehearsal (store) && (source = kp_store_get_rehearsal_source (store)) == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s is in rehearsal mode (THỬ NGHIỆM): the congress's signing key is not created "
                                 "during a rehearsal, where everything printed, the key sheet too, says THỬ NGHIỆM. "
                                 "Switch rehearsal off first (kiemphieu-cli rehearsal %s off, while the file holds no "
                                 "ballot), or rehearse in a separate copy"), store->path, store->path);
  return TRUE;
}

/**
 * kp_store_init_keys:
 * @passphrase: the head's passphrase (at least 8 characters, and judged
 *   hard enough to guess: kp_passphrase_estimate_bits ())
 * @fingerprint: (out) (optional) (transfer full): the public key's fingerprint
 *
 * Creates the congress signing key (Ed25519). The private key is stored
 * sealed under @passphrase (kp_key_seal); the public key and its
 * fingerprint in clear. Both are in the journal. Refused when a key exists,
 * on a station file, and in a file whose old rehearsal switch is on; in a
 * rehearsal copy the key is the copy's own (for its station packages),
 * never the congress's, and signs no result.
 */
gboolean
kp_store_init_keys (KpStore    *store,
                    const char *passphrase,
                    const char *operator,
                    char      **fingerprint,
                    GError    **error)
{
  g_autofree char *existing = kp_store_get_public_key (store);
  g_autoptr(KpKey) key = NULL;
  g_autofree char *sealed = NULL;
  g_autofree char *pem = NULL;
  g_autofree char *print = NULL;
  g_autoptr(GString) content = g_string_new ("{");

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (!kp_store_check_may_create_key (store, error))
    return FALSE;
  if (existing != NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s already has its signing key; a congress has one key"), store->path);
  if (passphrase == NULL || g_utf8_strlen (passphrase, -1) < KP_KEY_MIN_PASSPHRASE)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("the passphrase needs at least %d characters"),
                              KP_KEY_MIN_PASSPHRASE);
  /* Whoever copies the file can guess offline at the key derivation's
   * cost: the passphrase must be hard to guess (kp-passphrase.c). */
  if (kp_passphrase_estimate_bits (passphrase) < KP_PASSPHRASE_HEAD_BITS)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("this passphrase is too easy to guess. A strong one is six or more words that have "
                                 "nothing to do with one another — not a saying, a line of verse, a slogan, a name or "
                                 "a date — or take the one KiemPhieu proposes"));
  if ((key = kp_key_generate (error)) == NULL || (sealed = kp_key_seal (key, passphrase, error)) == NULL)
    return FALSE;
  pem = kp_key_public_pem (key);
  if ((print = kp_public_key_fingerprint (pem, error)) == NULL)
    return FALSE;

  _kp_json_string_member (content, "public_key", pem);
  _kp_json_string_member (content, "sealed_key", sealed);
  _kp_json_string_member (content, "fingerprint", print);
  if (!_kp_store_simple_action (store, operator, "keys", content, error))
    return FALSE;
  if (fingerprint)
    *fingerprint = g_steal_pointer (&print);
  return TRUE;
}

void
kp_confirmation_free (KpConfirmation *c)
{
  if (c == NULL)
    return;
  g_free (c->election);
  g_free (c->result);
  g_free (c->digest);
  g_clear_pointer (&c->signature, g_bytes_unref);
  g_free (c->fingerprint);
  g_free (c->journal_head);
  g_free (c->announced_at);
  g_clear_pointer (&c->explanations, g_hash_table_unref);
  g_free (c->operator);
  g_free (c);
}

/**
 * kp_store_get_confirmation:
 *
 * Returns: (transfer full) (nullable): the confirmation of a round, or
 * %NULL (without error) when it is not confirmed.
 */
KpConfirmation *
kp_store_get_confirmation (KpStore    *store,
                           const char *election_id,
                           guint       round,
                           GError    **error)
{
  sqlite3_stmt *stmt;
  KpConfirmation *c = NULL;

  if (round == 0 && (round = kp_store_latest_round (store, election_id, error)) == 0)
    return NULL;
  stmt = _kp_db_prepare (&store->db, store->path,
                         "SELECT result, digest, signature, fingerprint, journal_head, announced_at, explanations, operator"
                         " FROM confirmations WHERE election = ?1 AND round = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, election_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length = 0;
      guint8 *signature;

      c = g_new0 (KpConfirmation, 1);
      c->election = g_strdup (election_id);
      c->round = round;
      c->result = g_strdup (_kp_db_text (stmt, 0));
      c->digest = g_strdup (_kp_db_text (stmt, 1));
      signature = g_base64_decode (_kp_db_text (stmt, 2), &length);
      c->signature = g_bytes_new_take (signature, length);
      c->fingerprint = g_strdup (_kp_db_text (stmt, 3));
      c->journal_head = g_strdup (_kp_db_text (stmt, 4));
      c->announced_at = g_strdup (_kp_db_text (stmt, 5));
      c->operator = g_strdup (_kp_db_text (stmt, 7));
      c->explanations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (kp_json_load (parser, _kp_db_text (stmt, 6), -1, NULL)
          && json_parser_get_root (parser) != NULL
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));
          g_autoptr(GList) members = json_object_get_members (o);
          for (GList *l = members; l; l = l->next)
            g_hash_table_insert (c->explanations, g_strdup (l->data),
                                 g_strdup (json_object_get_string_member_with_default (o, l->data, "")));
        }
    }
  sqlite3_reset (stmt);
  return c;
}

static int
compare_cstrings (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * kp_store_check_not_rehearsal:
 *
 * Rehearsal results never pass for real ones: a rehearsal (a copy, or the
 * old switch on) is never confirmed or signed. Callers ask this before
 * asking for the head's passphrase; kp_store_confirm asks it again.
 *
 * Returns: %TRUE when @store is not a rehearsal, else %FALSE with @error
 *   set to the reason, in words for the committee.
 */
gboolean
kp_store_check_not_rehearsal (KpStore *store,
                              GError **error)
{
  g_autofree char *base = NULL;

  if (!kp_store_is_rehearsal (store))
    return TRUE;
  base = g_path_get_basename (store->path);
  return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                            _ ("%s is a rehearsal (THỬ NGHIỆM): nothing entered in it counts, so its results are "
                               "never confirmed or signed. Confirm in the real congress file"), base);
}

/**
 * kp_store_confirm:
 * @passphrase: the head's passphrase, which unseals the signing key
 * @explanations: (nullable) (element-type utf8 utf8): check name → the
 *   committee's explanation; needed for every R-RECON-1 check that is not ok
 * @network_override: (nullable): the head's reason for signing although the
 *   machine has an active network interface; recorded with the confirmation
 *
 * Confirms a round: the result is computed, its canonical JSON signed with
 * the congress key, and the result, signature, key fingerprint, journal
 * head, time and explanations are stored and journalled; the round is then
 * locked. A wrong passphrase costs two seconds (rate limit).
 */
gboolean
kp_store_confirm (KpStore    *store,
                  const char *election_id,
                  guint       round,
                  const char *passphrase,
                  GHashTable *explanations,
                  const char *network_override,
                  const char *operator,
                  GError    **error)
{
  g_autofree char *connected = NULL;
  gboolean may_sign = kp_air_gap_allows_signing (network_override, &connected);
  g_autofree char *sealed = _kp_store_meta_value (store, "sealed_key");
  g_autofree char *fingerprint = _kp_store_meta_value (store, "fingerprint");
  g_autoptr(KpKey) key = NULL;
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpResult) result = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) content = g_string_new ("{");
  g_autoptr(GString) explained = g_string_new ("{");
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *json = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *signature64 = NULL;
  g_autofree char *head = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  if (!kp_store_check_writable (store, error))
    return FALSE;
  if (!_kp_store_check_operator (operator, error))
    return FALSE;
  /* Rehearsal results never pass for real ones: a rehearsal (a copy, or
   * the old switch) is never confirmed or signed. Asked before the
   * passphrase, and again inside the write transaction below. */
  if (!kp_store_check_not_rehearsal (store, error))
    return FALSE;
  if (sealed == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                              _ ("%s has no signing key yet: the head creates it first with `kiemphieu-cli keys --init`"),
                              store->path);
  /* The air gap: no signing on a connected machine, unless the head
   * overrides with a reason that goes into the journal. */
  if (!may_sign)
    return _kp_store_invalid (error, KP_STORE_ERROR_NETWORK,
                              _ ("this machine is connected to a network (%s): disconnect every cable and Wi-Fi before "
                              "confirming, or the head overrides with a recorded reason"), connected);
  /* The passphrase first, outside the write transaction: a wrong one is
   * recorded for the rate limit and must not be rolled back. */
  key = _kp_store_unlock_head (store, passphrase, "confirm", N_ ("confirming"), operator, error);
  if (key == NULL)
    return FALSE;

  /* Everything that is signed is read inside the one write transaction
   * that records it: no other process can add or void a ballot between
   * counting and signing. */
  if (!_kp_store_begin (store, error))
    return FALSE;
  if (!kp_store_check_not_rehearsal (store, error))
    return _kp_store_finish (store, FALSE, error);
  /* The head signs only what the journal gives: a ballot, a decision on a
   * scanned ballot or an image edited with sqlite3 between sessions would
   * otherwise be counted and signed, and found only by a later verify.
   * Checked inside the write transaction, so nothing changes between the
   * check and the signature. */
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_autoptr(GError) verify_error = NULL;

    if (!kp_store_verify (store, report, &verify_error))
      {
        g_autofree char *base = g_path_get_basename (store->path);

        g_strchomp (report->str);
        _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED,
                           _ ("%s was changed outside KiemPhieu, so nothing is confirmed or signed; bring back the "
                              "file from the last archive or copy. What verification found:\n%s"),
                           base, report->len > 0 ? report->str : verify_error->message);
        return _kp_store_finish (store, FALSE, error);
      }
  }
  if ((info = kp_store_get_round_info (store, election_id, round, error)) == NULL)
    return _kp_store_finish (store, FALSE, error);
  round = info->round;
  if (info->state == KP_ELECTION_CONFIRMED)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_LOCKED, _ ("round %u of %s is already confirmed"), round, election_id);
      return _kp_store_finish (store, FALSE, error);
    }
  if ((result = kp_store_results (store, election_id, round, &checks, error)) == NULL)
    return _kp_store_finish (store, FALSE, error);
  if (result->collected == 0)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID, _ ("round %u of %s has no ballots to confirm"), round, election_id);
      return _kp_store_finish (store, FALSE, error);
    }

  /* R-ALT-1: elected alternates with equal votes wait for the committee's
   * order (kp_store_order_alternates). */
  {
    g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, error);
    g_autoptr(GPtrArray) groups = NULL;
    g_autoptr(GArray) order = NULL;
    g_autoptr(GError) local_error = NULL;

    if (election == NULL)
      return _kp_store_finish (store, FALSE, error);
    groups = kp_result_equal_elected (result);
    if (election->body == KP_BODY_ALTERNATE_DELEGATES && groups->len > 0
        && (order = kp_store_get_alternate_order (store, election_id, round, result, NULL, &local_error)) == NULL)
      {
        if (local_error != NULL)
          g_propagate_error (error, g_steal_pointer (&local_error));
        else
          _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                             _ ("R-ALT-1: elected alternates of %s have equal votes; the committee decides the order in "
                             "which they replace (kiemphieu-cli alternates) before confirming"), election_id);
        return _kp_store_finish (store, FALSE, error);
      }
  }

  /* R-RECON-1: a mismatch blocks confirmation until the committee records
   * an explanation. */
  for (guint i = 0; i < checks->len; i++)
    {
      const KpCheck *c = g_ptr_array_index (checks, i);
      const char *text = explanations ? g_hash_table_lookup (explanations, c->check) : NULL;

      if (g_str_equal (c->status, "ok"))
        continue;
      /* Doubtful scanned marks are decided, never explained away. */
      if (g_str_equal (c->check, "scans-decided"))
        {
          guint undecided = _kp_store_scans_undecided (store, election_id, round, NULL);

          _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%u scanned ballot has marks the committee has not decided yet: decide "
                                          "them before confirming (kiemphieu-cli adjudicate)",
                                          "%u scanned ballots have marks the committee has not decided yet: decide "
                                          "them before confirming (kiemphieu-cli adjudicate)", undecided),
                             undecided);
          return _kp_store_finish (store, FALSE, error);
        }
      if (text == NULL || *text == '\0')
        g_string_append_printf (missing, "%s%s (%s: %s)", missing->len ? "; " : "", c->check, c->status, c->text);
    }
  if (missing->len > 0)
    {
      _kp_store_invalid (error, KP_STORE_ERROR_INVALID,
                         _ ("R-RECON-1: these checks do not pass and need the committee's explanation before "
                         "confirming (--explain CHECK=TEXT): %s"), missing->str);
      return _kp_store_finish (store, FALSE, error);
    }
  if (explanations != NULL)
    {
      g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (explanations, NULL);
      guint n = g_hash_table_size (explanations);

      qsort (names, n, sizeof (char *), compare_cstrings);
      for (guint i = 0; i < n; i++)
        {
          if (explained->len > 1)
            g_string_append_c (explained, ',');
          kp_json_append_string (explained, names[i]);
          g_string_append_c (explained, ':');
          kp_json_append_string (explained, g_hash_table_lookup (explanations, names[i]));
        }
    }
  g_string_append_c (explained, '}');

  json = kp_result_to_json (result);
  digest = kp_result_digest_json (json);
  if ((signature = kp_key_sign (key, json, strlen (json), error)) == NULL)
    return _kp_store_finish (store, FALSE, error);
  signature64 = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));

  {
    sqlite3_stmt *stmt = _kp_db_prepare (&store->db, store->path, "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1", error);
    if (stmt == NULL)
      return _kp_store_finish (store, FALSE, error);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      head = g_strdup (_kp_db_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  now = kp_journal_now ();
  _kp_json_string_member (content, "election", election_id);
  _kp_json_int_member (content, "round", round);
  _kp_json_string_member (content, "result", json);
  _kp_json_string_member (content, "digest", digest);
  _kp_json_string_member (content, "signature", signature64);
  _kp_json_string_member (content, "fingerprint", fingerprint);
  _kp_json_string_member (content, "journal_head", head ? head : KP_JOURNAL_GENESIS);
  _kp_json_string_member (content, "announced_at", now);
  _kp_json_key (content, "explanations");
  g_string_append (content, explained->str);
  if (connected != NULL)
    {
      g_autoptr(GString) network = g_string_new ("{");
      _kp_json_string_member (network, "interfaces", connected);
      _kp_json_string_member (network, "override", network_override);
      g_string_append_c (network, '}');
      _kp_json_key (content, "network");
      g_string_append (content, network->str);
    }
  g_string_append_c (content, '}');
  ok = _kp_store_record (store, operator, "confirm", content->str, error);
  return _kp_store_finish (store, ok, error);
}
