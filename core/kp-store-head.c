/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-store-head.c — the head's signature on a journal entry. What only the
 * head of the counting committee decides (a ruling on a disagreement, the
 * order of alternates, changing the entry mode once ballots exist) is
 * signed, at that moment, with the congress key that the head's
 * passphrase unseals: over the previous entry's hash, the action and the
 * content. Verify checks it with the congress public key, so an operator
 * who swaps in a key sealed under a passphrase of their own, or who writes
 * such an entry without any key, is found.
 */

#include <string.h>

#include "kp-store-private.h"

#define MEMBER ",\"head_signature\":\""

/* The bytes that are signed. */
static char *
message (const char *prev,
         const char *action,
         const char *content)
{
  return g_strconcat ("kiemphieu/head-signature@1\n", prev, "\n", action, "\n", content, NULL);
}

/**
 * _kp_store_head_sign:
 * @content: the entry's JSON object, as it would be written unsigned
 *
 * Returns: (transfer full): @content with `"head_signature":BASE64` as its
 * last member, or %NULL with @error set.
 */
char *
_kp_store_head_sign (KpKey       *head,
                     const char  *prev,
                     const char  *action,
                     const char  *content,
                     GError     **error)
{
  g_autofree char *signed_bytes = message (prev, action, content);
  g_autoptr(GBytes) signature = kp_key_sign (head, signed_bytes, strlen (signed_bytes), error);
  g_autofree char *text = NULL;
  gsize length = strlen (content);

  if (signature == NULL)
    return NULL;
  g_return_val_if_fail (length >= 2 && content[length - 1] == '}', NULL);
  text = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  return g_strdup_printf ("%.*s" MEMBER "%s\"}", (int) (length - 1), content, text);
}

/**
 * _kp_store_head_signature_holds:
 * @public_pem: (nullable): the congress public key when the entry was made
 *
 * Returns: %TRUE when @entry carries the head's signature and it verifies
 * with @public_pem; else %FALSE with @error saying what is wrong.
 */
gboolean
_kp_store_head_signature_holds (const char            *public_pem,
                                const KpJournalEntry  *entry,
                                GError               **error)
{
  const char *member = g_strrstr (entry->content, MEMBER);
  g_autofree char *unsigned_content = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signed_bytes = NULL;
  g_autofree guchar *signature = NULL;
  gsize length;

  if (member == NULL || !g_str_has_suffix (member, "\"}"))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("not signed with the head's key: a decision "
                                                                 "only the head may take was written without the "
                                                                 "head's passphrase"));
  if (public_pem == NULL)
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("signed, but the congress had no key then"));
  unsigned_content = g_strdup_printf ("%.*s}", (int) (member - entry->content), entry->content);
  text = g_strndup (member + strlen (MEMBER), strlen (member) - strlen (MEMBER) - 2);
  signature = g_base64_decode (text, &length);
  signed_bytes = message (entry->prev, entry->action, unsigned_content);
  if (!kp_signature_verify (public_pem, signed_bytes, strlen (signed_bytes), signature, length, NULL))
    return _kp_store_invalid (error, KP_STORE_ERROR_TAMPERED, _ ("the head's signature does not verify with the "
                                                                 "congress key: it was made with another key, or "
                                                                 "the entry was changed"));
  return TRUE;
}
