/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-crypto.c — signing key and signatures through OpenSSL 3.0. */

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <string.h>

#include "kp-crypto.h"
#include "kp-json.h"
#include "kp-result.h"

G_DEFINE_QUARK (kp-crypto-error-quark, kp_crypto_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

#define SCRYPT_R 8
#define SCRYPT_P 1
/* scrypt needs 128 × r × N bytes: 512 MiB at the standard N = 2^19; a key
 * sealed with up to N = 2^20 (1 GiB) still opens. */
#define SCRYPT_MAX_LOG2_N 20
#define SCRYPT_MAXMEM ((G_GUINT64_CONSTANT (128) * SCRYPT_R << SCRYPT_MAX_LOG2_N) + 16 * 1024 * 1024)
/* The test suite's cheap keys (tests/meson.build sets it): log2 N, clamped
 * to 10 … KP_KEY_STANDARD_LOG2_N. Never set it for a real congress. */
#define TEST_COST_VARIABLE "KP_TEST_KDF_LOG2N"
#define SEAL_FORMAT "kiemphieu/sealed-key@1"

struct _KpKey
{
  EVP_PKEY *pkey;
};

static gboolean
openssl_error (GError     **error,
               const char  *doing)
{
  char message[256] = "unknown error";
  unsigned long code = ERR_get_error ();

  if (code != 0)
    ERR_error_string_n (code, message, sizeof message);
  ERR_clear_error ();
  /* What was being done is marked N_() by the caller, translated here;
   * OpenSSL's own words stay as it gives them. */
  g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FAILED, _ ("OpenSSL: %s: %s"), _ (doing), message);
  return FALSE;
}

/**
 * kp_key_generate:
 *
 * Returns: (transfer full): a new Ed25519 key, or %NULL with @error set.
 */
KpKey *
kp_key_generate (GError **error)
{
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
  KpKey *key;

  if (pkey == NULL)
    {
      openssl_error (error, N_ ("generating an Ed25519 key"));
      return NULL;
    }
  key = g_new0 (KpKey, 1);
  key->pkey = pkey;
  return key;
}

void
kp_key_free (KpKey *key)
{
  if (key == NULL)
    return;
  EVP_PKEY_free (key->pkey);
  g_free (key);
}

/* log2 N for a new sealed key: the standard, unless the test suite asks
 * for cheap keys (TEST_COST_VARIABLE). */
static guint
seal_log2_n (void)
{
  const char *test = g_getenv (TEST_COST_VARIABLE);
  gint64 wanted;

  if (test == NULL || *test == '\0')
    return KP_KEY_STANDARD_LOG2_N;
  wanted = g_ascii_strtoll (test, NULL, 10);
  return (guint) CLAMP (wanted, 10, KP_KEY_STANDARD_LOG2_N);
}

/**
 * kp_passphrase_nfc:
 *
 * The passphrase as the key derivation sees it: Unicode NFC, so that the
 * same letters typed through Telex, VNI or a composing keyboard give the
 * same bytes ("ầ" as one code point or as a + ̂ + ̀).
 *
 * Returns: (transfer full): the NFC text; invalid UTF-8 is kept as given.
 */
char *
kp_passphrase_nfc (const char *passphrase)
{
  char *nfc = g_utf8_validate (passphrase, -1, NULL) ? g_utf8_normalize (passphrase, -1, G_NORMALIZE_DEFAULT_COMPOSE)
                                                     : NULL;
  return nfc != NULL ? nfc : g_strdup (passphrase);
}

static gboolean
derive (const char   *passphrase,
        const guint8 *salt,
        gsize         salt_length,
        guint64       n,
        guint64       r,
        guint64       p,
        guint8        out[32],
        GError      **error)
{
  if (EVP_PBE_scrypt (passphrase, strlen (passphrase), salt, salt_length, n, r, p, SCRYPT_MAXMEM, out, 32) != 1)
    return openssl_error (error, N_ ("deriving a key from the passphrase (scrypt)"));
  return TRUE;
}

/**
 * kp_key_seal:
 *
 * Encrypts the private key under @passphrase. The result is a JSON text
 * ("kiemphieu/sealed-key@1": scrypt parameters and salt, AES-256-GCM nonce,
 * ciphertext and tag, base64); the key is never written in clear.
 *
 * Returns: (transfer full): the sealed key, or %NULL with @error set.
 */
char *
kp_key_seal (KpKey       *key,
             const char  *passphrase,
             GError     **error)
{
  guint8 raw[32], salt[16], nonce[12], derived[32], cipher[48], tag[16];
  gsize raw_length = sizeof raw;
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  g_autofree char *salt64 = NULL, *nonce64 = NULL, *cipher64 = NULL, *tag64 = NULL;
  g_autofree char *nfc = NULL;
  guint64 n = G_GUINT64_CONSTANT (1) << seal_log2_n ();
  int length = 0, final = 0;
  GString *out;

  g_return_val_if_fail (passphrase != NULL, NULL);
  nfc = kp_passphrase_nfc (passphrase);

  if (EVP_PKEY_get_raw_private_key (key->pkey, raw, &raw_length) != 1 || raw_length != 32)
    {
      openssl_error (error, N_ ("reading the private key"));
      return NULL;
    }
  if (RAND_bytes (salt, sizeof salt) != 1 || RAND_bytes (nonce, sizeof nonce) != 1)
    {
      openssl_error (error, N_ ("random numbers"));
      return NULL;
    }
  if (!derive (nfc, salt, sizeof salt, n, SCRYPT_R, SCRYPT_P, derived, error))
    return NULL;
  if (EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, sizeof nonce, NULL) != 1
      || EVP_EncryptInit_ex (ctx, NULL, NULL, derived, nonce) != 1
      || EVP_EncryptUpdate (ctx, NULL, &length, (const guint8 *) SEAL_FORMAT, strlen (SEAL_FORMAT)) != 1
      || EVP_EncryptUpdate (ctx, cipher, &length, raw, raw_length) != 1
      || EVP_EncryptFinal_ex (ctx, cipher + length, &final) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, sizeof tag, tag) != 1)
    {
      OPENSSL_cleanse (raw, sizeof raw);
      OPENSSL_cleanse (derived, sizeof derived);
      openssl_error (error, N_ ("encrypting the private key"));
      return NULL;
    }
  OPENSSL_cleanse (raw, sizeof raw);
  OPENSSL_cleanse (derived, sizeof derived);

  salt64 = g_base64_encode (salt, sizeof salt);
  nonce64 = g_base64_encode (nonce, sizeof nonce);
  cipher64 = g_base64_encode (cipher, length + final);
  tag64 = g_base64_encode (tag, sizeof tag);
  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"format\":\"%s\",\"kdf\":\"scrypt\",\"n\":%" G_GUINT64_FORMAT ",\"r\":%d,\"p\":%d,"
                          "\"salt\":\"%s\",\"passphrase\":\"nfc\",\"cipher\":\"aes-256-gcm\",\"nonce\":\"%s\","
                          "\"ciphertext\":\"%s\",\"tag\":\"%s\"}",
                          SEAL_FORMAT, n, SCRYPT_R, SCRYPT_P, salt64, nonce64, cipher64, tag64);
  return g_string_free (out, FALSE);
}

static guint8 *
b64_member (JsonObject *o,
            const char *name,
            gsize      *length)
{
  const char *text = json_object_get_string_member_with_default (o, name, NULL);

  *length = 0;
  if (text == NULL)
    return NULL;
  return g_base64_decode (text, length);
}

/**
 * kp_key_unseal:
 *
 * Returns: (transfer full): the private key, or %NULL with @error set:
 * %KP_CRYPTO_ERROR_PASSPHRASE when the passphrase is wrong (the GCM tag
 * does not match), %KP_CRYPTO_ERROR_FORMAT when @sealed is not a sealed
 * key (an empty text included).
 */
KpKey *
kp_key_unseal (const char  *sealed,
               const char  *passphrase,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  g_autofree guint8 *salt = NULL, *nonce = NULL, *cipher = NULL, *tag = NULL;
  g_autofree char *nfc = NULL;
  gsize salt_length, nonce_length, cipher_length, tag_length;
  guint8 derived[32], raw[64];
  int length = 0, final = 0;
  JsonNode *root;
  JsonObject *o;
  EVP_PKEY *pkey;
  KpKey *key;
  gint64 n, r, p;

  /* "" and blanks load as a document with no root. */
  if (!kp_json_load (parser, sealed, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad_format;
  o = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "format", ""), SEAL_FORMAT) != 0)
    goto bad_format;
  n = json_object_get_int_member_with_default (o, "n", 0);
  r = json_object_get_int_member_with_default (o, "r", 0);
  p = json_object_get_int_member_with_default (o, "p", 0);
  salt = b64_member (o, "salt", &salt_length);
  nonce = b64_member (o, "nonce", &nonce_length);
  cipher = b64_member (o, "ciphertext", &cipher_length);
  tag = b64_member (o, "tag", &tag_length);
  /* At most 1 GiB of scrypt memory (128 × r × N): a hostile key must not
   * make the program ask for more. */
  if (n < 2 || n > (1 << SCRYPT_MAX_LOG2_N) || r < 1 || r > 32 || (guint64) n * r > (G_GUINT64_CONSTANT (8) << SCRYPT_MAX_LOG2_N)
      || p < 1 || p > 16 || salt == NULL || nonce_length != 12 || cipher_length != 32 || tag_length != 16)
    goto bad_format;

  /* Keys sealed before passphrases were normalised took the bytes as typed. */
  nfc = g_strcmp0 (json_object_get_string_member_with_default (o, "passphrase", ""), "nfc") == 0
          ? kp_passphrase_nfc (passphrase) : g_strdup (passphrase);
  if (!derive (nfc, salt, salt_length, n, r, p, derived, error))
    return NULL;
  if (EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, nonce_length, NULL) != 1
      || EVP_DecryptInit_ex (ctx, NULL, NULL, derived, nonce) != 1
      || EVP_DecryptUpdate (ctx, NULL, &length, (const guint8 *) SEAL_FORMAT, strlen (SEAL_FORMAT)) != 1
      || EVP_DecryptUpdate (ctx, raw, &length, cipher, cipher_length) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, tag_length, tag) != 1)
    {
      OPENSSL_cleanse (derived, sizeof derived);
      openssl_error (error, N_ ("decrypting the private key"));
      return NULL;
    }
  OPENSSL_cleanse (derived, sizeof derived);
  if (EVP_DecryptFinal_ex (ctx, raw + length, &final) != 1)
    {
      OPENSSL_cleanse (raw, sizeof raw);
      ERR_clear_error ();
      g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_PASSPHRASE, _ ("wrong passphrase"));
      return NULL;
    }
  pkey = EVP_PKEY_new_raw_private_key (EVP_PKEY_ED25519, NULL, raw, length + final);
  OPENSSL_cleanse (raw, sizeof raw);
  if (pkey == NULL)
    {
      openssl_error (error, N_ ("reading the private key"));
      return NULL;
    }
  key = g_new0 (KpKey, 1);
  key->pkey = pkey;
  return key;

bad_format:
  g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT, _ ("the stored private key cannot be read"));
  return NULL;
}

/**
 * kp_key_sealed_log2_n:
 * @sealed: a sealed key (kp_key_seal ())
 *
 * How costly a guess at the passphrase of @sealed is: log2 of its scrypt N
 * (with r = 8; a larger r counts as a larger N). Keys below
 * %KP_KEY_STANDARD_LOG2_N were made for the tests or by an older version
 * (2^17).
 *
 * Returns: log2 N, or 0 when @sealed cannot be read.
 */
guint
kp_key_sealed_log2_n (const char *sealed)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *o;
  gint64 n, r;
  guint log2 = 0;

  if (sealed == NULL || !kp_json_load (parser, sealed, -1, NULL) || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  o = json_node_get_object (root);
  n = json_object_get_int_member_with_default (o, "n", 0);
  r = json_object_get_int_member_with_default (o, "r", 0);
  if (n < 2 || r < 1 || r > 32)
    return 0;
  for (guint64 cost = (guint64) n * r / SCRYPT_R; cost > 1; cost >>= 1)
    log2++;
  return log2;
}

/**
 * kp_key_public_pem:
 *
 * Returns: (transfer full): the public key, PEM (SubjectPublicKeyInfo).
 */
char *
kp_key_public_pem (KpKey *key)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data;
  long length;

  PEM_write_bio_PUBKEY (bio, key->pkey);
  length = BIO_get_mem_data (bio, &data);
  return g_strndup (data, length);
}

/**
 * kp_key_sign:
 *
 * Returns: (transfer full): the 64-byte Ed25519 signature of @data.
 */
GBytes *
kp_key_sign (KpKey       *key,
             const void  *data,
             gsize        length,
             GError     **error)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  guint8 signature[KP_SIGNATURE_SIZE];
  gsize signature_length = sizeof signature;

  if (EVP_DigestSignInit (ctx, NULL, NULL, NULL, key->pkey) != 1
      || EVP_DigestSign (ctx, signature, &signature_length, data, length) != 1)
    {
      openssl_error (error, N_ ("signing"));
      return NULL;
    }
  return g_bytes_new (signature, signature_length);
}

static EVP_PKEY *
read_public (const char  *public_pem,
             GError     **error)
{
  g_autoptr(BIO) bio = BIO_new_mem_buf (public_pem, -1);
  EVP_PKEY *pkey = PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL);

  if (pkey == NULL || EVP_PKEY_get_base_id (pkey) != EVP_PKEY_ED25519)
    {
      EVP_PKEY_free (pkey);
      ERR_clear_error ();
      g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT, _ ("not an Ed25519 public key (PEM)"));
      return NULL;
    }
  return pkey;
}

/**
 * kp_signature_verify:
 *
 * Returns: %TRUE when @signature is a valid signature of exactly @data by
 * @public_pem; %FALSE otherwise (with @error saying why).
 */
gboolean
kp_signature_verify (const char  *public_pem,
                     const void  *data,
                     gsize        length,
                     const void  *signature,
                     gsize        signature_length,
                     GError     **error)
{
  g_autoptr(EVP_PKEY) pkey = read_public (public_pem, error);
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();

  if (pkey == NULL)
    return FALSE;
  if (signature_length != KP_SIGNATURE_SIZE)
    {
      g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT,
                   _ ("a signature is %d bytes, this one %zu"), KP_SIGNATURE_SIZE, signature_length);
      return FALSE;
    }
  if (EVP_DigestVerifyInit (ctx, NULL, NULL, NULL, pkey) != 1
      || EVP_DigestVerify (ctx, signature, signature_length, data, length) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FAILED,
                   _ ("the signature does not match: the file was changed, or signed with another key"));
      return FALSE;
    }
  return TRUE;
}

/**
 * kp_public_key_fingerprint:
 *
 * Returns: (transfer full): hex SHA-256 of the key's DER SubjectPublicKeyInfo.
 */
char *
kp_public_key_fingerprint (const char  *public_pem,
                           GError     **error)
{
  g_autoptr(EVP_PKEY) pkey = read_public (public_pem, error);
  unsigned char *der = NULL;
  int length;
  char *hex;

  if (pkey == NULL)
    return NULL;
  length = i2d_PUBKEY (pkey, &der);
  if (length <= 0)
    {
      openssl_error (error, N_ ("encoding the public key"));
      return NULL;
    }
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der, length);
  OPENSSL_free (der);
  return hex;
}

/**
 * kp_fingerprint_display:
 *
 * Returns: (transfer full): the fingerprint in groups of four for people:
 * "3f2a 9c01 …".
 */
char *
kp_fingerprint_display (const char *fingerprint)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; fingerprint[i]; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, fingerprint[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * kp_fingerprint_is_wellformed:
 *
 * Returns: %TRUE when @typed holds 64 hex digits (spaces, colons and dashes
 * allowed between them): something that can be a fingerprint at all, so a
 * mistyped one is said to be mistyped, not taken for another key.
 */

/**
 * kp_fingerprint_equal:
 * @typed: a fingerprint as a person typed it from paper: any case, with or
 *   without the spaces, colons or dashes between groups
 * @fingerprint: a fingerprint as kp_public_key_fingerprint () gives it
 *
 * Returns: %TRUE when they are the same fingerprint.
 */
gboolean
kp_fingerprint_is_wellformed (const char *typed)
{
  guint digits = 0;

  if (typed == NULL)
    return FALSE;
  for (const char *c = typed; *c; c++)
    if (g_ascii_isxdigit (*c))
      digits++;
    else if (*c != ' ' && *c != ':' && *c != '-' && *c != '\t')
      return FALSE;
  return digits == 64;
}

gboolean
kp_fingerprint_equal (const char *typed,
                      const char *fingerprint)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (typed == NULL || fingerprint == NULL)
    return FALSE;
  for (const char *c = typed; *c; c++)
    if (g_ascii_isxdigit (*c))
      g_string_append_c (digits, g_ascii_tolower (*c));
    else if (*c != ' ' && *c != ':' && *c != '-' && *c != '\t')
      return FALSE;
  return g_ascii_strcasecmp (digits->str, fingerprint) == 0;
}

struct _KpSha256
{
  EVP_MD_CTX *ctx;
  char hex[65];
  gboolean done;
};

KpSha256 *
kp_sha256_new (void)
{
  KpSha256 *sha = g_new0 (KpSha256, 1);

  sha->ctx = EVP_MD_CTX_new ();
  if (sha->ctx == NULL || EVP_DigestInit_ex (sha->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
  return sha;
}

void
kp_sha256_update (KpSha256   *sha,
                  const void *data,
                  gsize       length)
{
  g_return_if_fail (!sha->done);
  if (length > 0 && EVP_DigestUpdate (sha->ctx, data, length) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
}

const char *
kp_sha256_hex (KpSha256 *sha)
{
  guint8 digest[32];
  unsigned int length = 0;

  if (!sha->done)
    {
      if (EVP_DigestFinal_ex (sha->ctx, digest, &length) != 1 || length != sizeof digest)
        g_error ("OpenSSL cannot compute SHA-256");
      for (guint i = 0; i < sizeof digest; i++)
        g_snprintf (sha->hex + 2 * i, 3, "%02x", digest[i]);
      sha->done = TRUE;
    }
  return sha->hex;
}

void
kp_sha256_free (KpSha256 *sha)
{
  if (sha == NULL)
    return;
  EVP_MD_CTX_free (sha->ctx);
  g_free (sha);
}
