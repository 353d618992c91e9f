/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-crypto.c — the congress key (kp-crypto): Ed25519 keys, the sealed
 * private key ("kiemphieu/sealed-key@1", docs/formats.md), signatures and
 * fingerprints.
 *
 * Known answers come from outside KiemPhieu: RFC 8032 §7.1 TEST 2 (secret
 * key, public key, message 0x72 and its signature, re-checked with
 * `openssl pkeyutl -sign -rawin`), and the fingerprint of that public key
 * from `openssl pkey -pubin -outform DER | sha256sum`. A sealed key is made
 * and opened here with OpenSSL directly, following the documented format,
 * to show that the format is what docs/formats.md says.
 */

#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "kp-crypto.h"

#define PASSPHRASE "mật khẩu trưởng ban"
#define SEAL_FORMAT "kiemphieu/sealed-key@1"

/* RFC 8032, 7.1, TEST 2 */
#define RFC_SECRET "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
#define RFC_PUBLIC "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
#define RFC_MESSAGE "\x72"
#define RFC_SIGNATURE                                                                                                  \
  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"                                                   \
  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
#define RFC_PUBLIC_PEM                                                                                                 \
  "-----BEGIN PUBLIC KEY-----\n"                                                                                       \
  "MCowBQYDK2VwAyEAPUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=\n"                                                     \
  "-----END PUBLIC KEY-----\n"
/* sha256sum of the DER SubjectPublicKeyInfo of RFC_PUBLIC */
#define RFC_FINGERPRINT "deb2ded39dc26fce0e6085b6fc34bf6b5941913bbfe2ea614113cff9e004c170"

/* An X25519 key: a public key, but not one that can sign. */
#define X25519_PEM                                                                                                     \
  "-----BEGIN PUBLIC KEY-----\n"                                                                                       \
  "MCowBQYDK2VuAyEAX5miUfgTXKY/x3PamvbnBbTaf8HhbI/kZKgZQUk4oVU=\n"                                                     \
  "-----END PUBLIC KEY-----\n"

static void
from_hex (const char *hex,
          guint8     *out,
          gsize       length)
{
  g_assert_cmpuint (strlen (hex), ==, 2 * length);
  for (gsize i = 0; i < length; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* AES-256-GCM with the format name as AAD, key from scrypt (docs/formats.md). */
static gboolean
gcm (gboolean      encrypt,
     const char   *passphrase,
     const guint8  salt[16],
     guint64       n,
     const guint8  nonce[12],
     const guint8  in[32],
     guint8        out[32],
     guint8        tag[16])
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  guint8 key[32];
  int length = 0, final = 0;
  gboolean ok;

  g_assert_cmpint (EVP_PBE_scrypt (passphrase, strlen (passphrase), salt, 16, n, 8, 1, 600 * 1024 * 1024, key, 32), ==, 1);
  ok = (encrypt ? EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, key, nonce)
                : EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, key, nonce)) == 1
       && EVP_CipherUpdate (ctx, NULL, &length, (const guint8 *) SEAL_FORMAT, strlen (SEAL_FORMAT)) == 1
       && EVP_CipherUpdate (ctx, out, &length, in, 32) == 1
       && (encrypt || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1)
       && EVP_CipherFinal_ex (ctx, out + length, &final) == 1
       && (!encrypt || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1);
  EVP_CIPHER_CTX_free (ctx);
  return ok;
}

/* A sealed key written by hand, with a cheap scrypt @n. */
static char *
seal_by_hand (const char *secret_hex,
              const char *passphrase,
              guint64     n)
{
  guint8 raw[32], salt[16], nonce[12], cipher[32], tag[16];
  g_autofree char *salt64 = NULL, *nonce64 = NULL, *cipher64 = NULL, *tag64 = NULL;

  from_hex (secret_hex, raw, sizeof raw);
  g_assert_cmpint (RAND_bytes (salt, sizeof salt), ==, 1);
  g_assert_cmpint (RAND_bytes (nonce, sizeof nonce), ==, 1);
  g_assert_true (gcm (TRUE, passphrase, salt, n, nonce, raw, cipher, tag));
  salt64 = g_base64_encode (salt, sizeof salt);
  nonce64 = g_base64_encode (nonce, sizeof nonce);
  cipher64 = g_base64_encode (cipher, sizeof cipher);
  tag64 = g_base64_encode (tag, sizeof tag);
  return g_strdup_printf ("{\"format\":\"%s\",\"kdf\":\"scrypt\",\"n\":%" G_GUINT64_FORMAT ",\"r\":8,\"p\":1,"
                          "\"salt\":\"%s\",\"cipher\":\"aes-256-gcm\",\"nonce\":\"%s\",\"ciphertext\":\"%s\","
                          "\"tag\":\"%s\"}",
                          SEAL_FORMAT, n, salt64, nonce64, cipher64, tag64);
}

/* The base64 of member @name in a sealed key (it writes them on one line). */
static guint8 *
sealed_member (const char *sealed,
               const char *name,
               gsize      *length)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":\"([^\"]*)\"", name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_regex_match (regex, sealed, 0, &match));
  text = g_match_info_fetch (match, 1);
  return g_base64_decode (text, length);
}

/* @sealed with member @name's bytes changed: bit 0x01 of byte @flip
 * flipped, or (@flip < 0) the last byte dropped. */
static char *
sealed_change (const char *sealed,
               const char *name,
               int         flip)
{
  gsize length;
  g_autofree guint8 *data = sealed_member (sealed, name, &length);
  g_autofree char *pattern = g_strdup_printf ("\"%s\":\"[^\"]*\"", name);
  g_autofree char *b64 = NULL;
  g_autofree char *replacement = NULL;
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  if (flip >= 0)
    data[flip] ^= 0x01;
  b64 = g_base64_encode (data, flip >= 0 ? length : length - 1);
  replacement = g_strdup_printf ("\"%s\":\"%s\"", name, b64);
  return g_regex_replace_literal (regex, sealed, -1, 0, replacement, 0, NULL);
}

/* @sealed with the text @from replaced by @to. */
static char *
sealed_edit (const char *sealed,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (sealed, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

static GBytes *
sign (KpKey      *key,
      const char *data)
{
  g_autoptr(GError) error = NULL;
  GBytes *signature = kp_key_sign (key, data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (signature);
  return signature;
}

static gboolean
verify (const char *pem,
        const char *data,
        GBytes     *signature,
        GError    **error)
{
  return kp_signature_verify (pem, data, strlen (data), g_bytes_get_data (signature, NULL),
                              g_bytes_get_size (signature), error);
}

static void
assert_rejected (const char *pem,
                 const char *data,
                 const void *signature,
                 gsize       length,
                 int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kp_signature_verify (pem, data, strlen (data), signature, length, &error));
  g_assert_error (error, KP_CRYPTO_ERROR, code);
}

/* The DER inside a PEM, decoded without OpenSSL. */
static GBytes *
pem_der (const char *pem)
{
  g_auto(GStrv) lines = g_strsplit (pem, "\n", -1);
  g_autoptr(GString) b64 = g_string_new (NULL);
  guchar *der;
  gsize length;

  g_assert_cmpstr (lines[0], ==, "-----BEGIN PUBLIC KEY-----");
  for (guint i = 1; lines[i] && !g_str_has_prefix (lines[i], "-----END"); i++)
    g_string_append (b64, lines[i]);
  der = g_base64_decode (b64->str, &length);
  return g_bytes_new_take (der, length);
}

/* A new key: PEM SubjectPublicKeyInfo of an Ed25519 key (RFC 8410: the
 * 12-byte prefix 302a300506032b6570032100, then the 32-byte key). */
static void
test_generate (void)
{
  static const guint8 prefix[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) a = kp_key_generate (&error);
  g_autoptr(KpKey) b = kp_key_generate (&error);
  g_autofree char *pem_a = kp_key_public_pem (a);
  g_autofree char *pem_b = kp_key_public_pem (b);
  g_autoptr(GBytes) der = pem_der (pem_a);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem_a, "-----BEGIN PUBLIC KEY-----\n"));
  g_assert_true (g_str_has_suffix (pem_a, "-----END PUBLIC KEY-----\n"));
  g_assert_cmpuint (g_bytes_get_size (der), ==, 44);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), sizeof prefix, prefix, sizeof prefix);
  g_assert_cmpstr (pem_a, !=, pem_b);
}

/* The fingerprint: hex SHA-256 of the DER, the same every time, shown in
 * groups of four. */
static void
test_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = kp_public_key_fingerprint (RFC_PUBLIC_PEM, &error);
  g_autofree char *again = kp_public_key_fingerprint (RFC_PUBLIC_PEM, &error);
  g_autofree char *shown = kp_fingerprint_display (RFC_FINGERPRINT);
  g_autofree char *short_shown = kp_fingerprint_display ("abcdef");
  g_autofree char *empty_shown = kp_fingerprint_display ("");
  g_autoptr(KpKey) key = kp_key_generate (&error);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autofree char *generated = kp_public_key_fingerprint (pem, &error);
  g_autoptr(GBytes) der = pem_der (pem);
  g_autofree char *independent = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);

  g_assert_no_error (error);
  g_assert_cmpstr (fp, ==, RFC_FINGERPRINT);
  g_assert_cmpstr (again, ==, RFC_FINGERPRINT);
  g_assert_cmpstr (generated, ==, independent);
  g_assert_cmpstr (shown, ==, "deb2 ded3 9dc2 6fce 0e60 85b6 fc34 bf6b 5941 913b bfe2 ea61 4113 cff9 e004 c170");
  g_assert_cmpstr (short_shown, ==, "abcd ef");
  g_assert_cmpstr (empty_shown, ==, "");
}

static void
test_not_ed25519 (void)
{
  const char *bad[] = { X25519_PEM, "", "not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) verify_error = NULL;
      g_autofree char *fp = kp_public_key_fingerprint (bad[i], &error);
      guint8 signature[KP_SIGNATURE_SIZE] = { 0 };

      g_assert_null (fp);
      g_assert_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT);
      g_assert_false (kp_signature_verify (bad[i], "x", 1, signature, sizeof signature, &verify_error));
      g_assert_error (verify_error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT);
    }
}

/* Sign and verify; any changed byte of the signature or the data, or
 * another key, fails. Ed25519 is deterministic (RFC 8032). */
static void
test_sign_verify (void)
{
  const char *data = "{\"format\":\"kiemphieu/result@1\",\"election\":\"bch\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_generate (&error);
  g_autoptr(KpKey) other = kp_key_generate (&error);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autofree char *other_pem = kp_key_public_pem (other);
  g_autoptr(GBytes) signature = sign (key, data);
  g_autoptr(GBytes) again = sign (key, data);
  g_autoptr(GBytes) empty = NULL;
  g_autofree char *changed = g_strdup (data);
  const gsize positions[] = { 0, 1, 31, 32, 63 };

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, KP_SIGNATURE_SIZE);
  g_assert_true (g_bytes_equal (signature, again));
  g_assert_true (verify (pem, data, signature, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      guint8 flipped[KP_SIGNATURE_SIZE];

      memcpy (flipped, g_bytes_get_data (signature, NULL), sizeof flipped);
      flipped[positions[i]] ^= 0x01;
      assert_rejected (pem, data, flipped, sizeof flipped, KP_CRYPTO_ERROR_FAILED);
    }
  changed[strlen (changed) - 3] = 'x';
  assert_rejected (pem, changed, g_bytes_get_data (signature, NULL), KP_SIGNATURE_SIZE, KP_CRYPTO_ERROR_FAILED);
  assert_rejected (other_pem, data, g_bytes_get_data (signature, NULL), KP_SIGNATURE_SIZE, KP_CRYPTO_ERROR_FAILED);
  assert_rejected (pem, data, g_bytes_get_data (signature, NULL), KP_SIGNATURE_SIZE - 1, KP_CRYPTO_ERROR_FORMAT);
  /* Empty data signs and verifies too. */
  empty = kp_key_sign (key, "", 0, &error);
  g_assert_no_error (error);
  g_assert_true (kp_signature_verify (pem, "", 0, g_bytes_get_data (empty, NULL), g_bytes_get_size (empty), &error));
}

/* RFC 8032 TEST 2: a key sealed by hand in the documented format opens,
 * gives the RFC's public key, and signs 0x72 into the RFC's signature. */
static void
test_rfc8032_known_answer (void)
{
  g_autofree char *sealed = seal_by_hand (RFC_SECRET, PASSPHRASE, 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_unseal (sealed, PASSPHRASE, &error);
  g_autofree char *pem = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) signature = NULL;
  guint8 want_public[32], want_signature[KP_SIGNATURE_SIZE];

  g_assert_no_error (error);
  g_assert_nonnull (key);
  from_hex (RFC_PUBLIC, want_public, sizeof want_public);
  from_hex (RFC_SIGNATURE, want_signature, sizeof want_signature);
  pem = kp_key_public_pem (key);
  g_assert_cmpstr (pem, ==, RFC_PUBLIC_PEM);
  der = pem_der (pem);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (der, NULL) + 12, 32, want_public, 32);

  signature = sign (key, RFC_MESSAGE);
  g_assert_cmpmem (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature), want_signature,
                   sizeof want_signature);
  g_assert_true (kp_signature_verify (RFC_PUBLIC_PEM, RFC_MESSAGE, 1, want_signature, sizeof want_signature, &error));
  g_assert_no_error (error);
}

/* Sealing: the documented fields (scrypt N = 2^19, r = 8, p = 1, 16-byte
 * salt, the passphrase taken as NFC, 12-byte nonce, 32-byte ciphertext,
 * 16-byte tag) — a key made without the test suite's KP_TEST_KDF_LOG2N has
 * the standard cost; opening it with OpenSSL directly gives the key; KpKey
 * opens it too and signs as before; sealing again gives other salt and
 * nonce. */
static void
test_seal_unseal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_generate (&error);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autofree char *test_cost = g_strdup (g_getenv ("KP_TEST_KDF_LOG2N"));
  g_autofree char *sealed = NULL;
  g_autofree char *sealed_again = NULL;
  g_autofree guint8 *salt = NULL, *nonce = NULL, *cipher = NULL, *tag = NULL;
  gsize salt_length, nonce_length, cipher_length, tag_length;
  guint8 raw[32];
  g_autoptr(KpKey) opened = NULL;
  g_autofree char *opened_pem = NULL;
  g_autoptr(GBytes) signature = NULL;

  g_unsetenv ("KP_TEST_KDF_LOG2N");
  sealed = kp_key_seal (key, PASSPHRASE, &error);
  if (test_cost != NULL)
    g_setenv ("KP_TEST_KDF_LOG2N", test_cost, TRUE);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sealed, "{\"format\":\"kiemphieu/sealed-key@1\",\"kdf\":\"scrypt\","
                                           "\"n\":524288,\"r\":8,\"p\":1,\"salt\":\""));
  g_assert_nonnull (strstr (sealed, "\"passphrase\":\"nfc\""));
  g_assert_cmpuint (kp_key_sealed_log2_n (sealed), ==, KP_KEY_STANDARD_LOG2_N);
  /* The test suite's keys are cheap, and say so. */
  sealed_again = kp_key_seal (key, PASSPHRASE, &error);
  g_assert_no_error (error);
  if (test_cost != NULL)
    g_assert_cmpuint (kp_key_sealed_log2_n (sealed_again), <, KP_KEY_STANDARD_LOG2_N);
  g_assert_nonnull (strstr (sealed, "\"cipher\":\"aes-256-gcm\""));
  /* The rest on the cheap key, which differs only in "n" (one scrypt at
   * the standard cost is enough for the suite). */
  salt = sealed_member (sealed_again, "salt", &salt_length);
  nonce = sealed_member (sealed_again, "nonce", &nonce_length);
  cipher = sealed_member (sealed_again, "ciphertext", &cipher_length);
  tag = sealed_member (sealed_again, "tag", &tag_length);
  g_assert_cmpuint (salt_length, ==, 16);
  g_assert_cmpuint (nonce_length, ==, 12);
  g_assert_cmpuint (cipher_length, ==, 32);
  g_assert_cmpuint (tag_length, ==, 16);
  g_assert_cmpstr (sealed, !=, sealed_again);

  /* Opened outside KiemPhieu: the raw key gives the same public key. */
  g_assert_true (gcm (FALSE, PASSPHRASE, salt, G_GUINT64_CONSTANT (1) << kp_key_sealed_log2_n (sealed_again), nonce,
                      cipher, raw, tag));
  {
    EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key (EVP_PKEY_ED25519, NULL, raw, sizeof raw);
    guint8 pub[32];
    gsize pub_length = sizeof pub;
    g_autoptr(GBytes) der = pem_der (pem);

    g_assert_nonnull (pkey);
    g_assert_cmpint (EVP_PKEY_get_raw_public_key (pkey, pub, &pub_length), ==, 1);
    g_assert_cmpmem (pub, pub_length, (const guint8 *) g_bytes_get_data (der, NULL) + 12, 32);
    EVP_PKEY_free (pkey);
  }
  /* The key is not in the sealed text in clear. */
  {
    g_autofree char *raw64 = g_base64_encode (raw, sizeof raw);
    g_assert_null (strstr (sealed, raw64));
    g_assert_null (strstr (sealed_again, raw64));
  }

  /* KpKey opens it (the cheap one: the same code, a smaller N). */
  opened = kp_key_unseal (sealed_again, PASSPHRASE, &error);
  g_assert_no_error (error);
  opened_pem = kp_key_public_pem (opened);
  g_assert_cmpstr (opened_pem, ==, pem);
  signature = sign (opened, "biên bản");
  g_assert_true (verify (pem, "biên bản", signature, &error));
  g_assert_no_error (error);
}

/* Keys sealed by earlier versions (N = 2^17, no "passphrase" member: the
 * bytes as typed) still open; a new key opens with the passphrase typed in
 * any Unicode form (Telex gives "ầ" as one code point, a composing keyboard
 * as a + ̂ + ̀). */
static void
test_unseal_old_and_nfc (void)
{
  g_autofree char *old = seal_by_hand (RFC_SECRET, PASSPHRASE, 131072);
  g_autofree char *nfd = g_utf8_normalize (PASSPHRASE, -1, G_NORMALIZE_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_unseal (old, PASSPHRASE, &error);
  g_autoptr(KpKey) generated = kp_key_generate (NULL);
  g_autofree char *sealed = NULL;
  g_autoptr(KpKey) opened = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpuint (kp_key_sealed_log2_n (old), ==, 17);
  g_assert_cmpstr (nfd, !=, PASSPHRASE);

  sealed = kp_key_seal (generated, nfd, &error);
  g_assert_no_error (error);
  opened = kp_key_unseal (sealed, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
  g_clear_pointer (&opened, kp_key_free);
  opened = kp_key_unseal (sealed, nfd, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);
}

static void
assert_unseal_fails (const char *sealed,
                     const char *passphrase,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_unseal (sealed, passphrase, &error);

  g_assert_null (key);
  g_assert_error (error, KP_CRYPTO_ERROR, code);
}

/* A wrong passphrase, a changed ciphertext, tag, nonce or scrypt parameter:
 * nothing opens (GCM cannot tell a wrong passphrase from a changed blob, so
 * both report KP_CRYPTO_ERROR_PASSPHRASE). Cheap scrypt: sealed by hand. */
static void
test_unseal_fails (void)
{
  g_autofree char *sealed = seal_by_hand (RFC_SECRET, PASSPHRASE, 1024);
  g_autofree char *bad_cipher = sealed_change (sealed, "ciphertext", 5);
  g_autofree char *bad_tag = sealed_change (sealed, "tag", 15);
  g_autofree char *bad_nonce = sealed_change (sealed, "nonce", 0);
  g_autofree char *bad_n = sealed_edit (sealed, "\"n\":1024,", "\"n\":2048,");
  const char *tampered[] = { bad_cipher, bad_tag, bad_nonce, bad_n };
  const char *wrong_passphrases[] = { "mật khẩu trưởng ba", "mat khau truong ban", "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (wrong_passphrases); i++)
    assert_unseal_fails (sealed, wrong_passphrases[i], KP_CRYPTO_ERROR_PASSPHRASE);
  for (guint i = 0; i < G_N_ELEMENTS (tampered); i++)
    {
      g_assert_cmpstr (tampered[i], !=, sealed);
      assert_unseal_fails (tampered[i], PASSPHRASE, KP_CRYPTO_ERROR_PASSPHRASE);
    }
  /* The untouched blob still opens: the failures above are the changes. */
  key = kp_key_unseal (sealed, PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

/* Texts that are not a sealed key: KP_CRYPTO_ERROR_FORMAT, before scrypt. */
static void
test_unseal_format (void)
{
  g_autofree char *sealed = seal_by_hand (RFC_SECRET, PASSPHRASE, 1024);
  g_autofree char *short_cipher = sealed_change (sealed, "ciphertext", -1);
  g_autofree char *short_nonce = sealed_change (sealed, "nonce", -1);
  g_autofree char *other_format = sealed_edit (sealed, "sealed-key@1", "sealed-key@2");
  g_autofree char *zero_r = sealed_edit (sealed, "\"r\":8,", "\"r\":0,");
  g_autofree char *huge_n = sealed_edit (sealed, "\"n\":1024,", "\"n\":8388608,");
  /* More than 1 GiB of scrypt memory: refused before scrypt runs. */
  g_autofree char *big_n = sealed_edit (sealed, "\"n\":1024,", "\"n\":2097152,");
  g_autofree char *big_r = sealed_edit (sealed, "\"n\":1024,\"r\":8,", "\"n\":1048576,\"r\":16,");
  const char *bad[] = { "[]", "{}", "null", "not json", short_cipher, short_nonce, other_format, zero_r, huge_n,
                        big_n, big_r };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_unseal_fails (bad[i], PASSPHRASE, KP_CRYPTO_ERROR_FORMAT);
}

/* An empty sealed key (a damaged congress file): a FORMAT error, quietly.
 * json-glib loads "" and "   " as a document with no root; that must not
 * reach JSON_NODE_HOLDS_OBJECT (a CRITICAL, fatal under fatal-warnings). */
static void
test_unseal_empty_text (void)
{
  if (g_test_subprocess ())
    {
      const char *empty[] = { "", "   ", "\n\t \n" };
      for (guint i = 0; i < G_N_ELEMENTS (empty); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(KpKey) key = kp_key_unseal (empty[i], PASSPHRASE, &error);
          g_assert_null (key);
          g_assert_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FORMAT);
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

static char *
write_file (const char *dir,
            const char *name,
            const void *data,
            gsize       length)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

/* `openssl pkeyutl -verify -rawin`: TRUE when it prints that the signature
 * verified and exits 0. */
static gboolean
openssl_verifies (const char *openssl,
                  const char *pem_path,
                  const char *data_path,
                  const char *sig_path)
{
  const char *argv[] = { openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pem_path, "-rawin",
                         "-in", data_path, "-sigfile", sig_path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) && strstr (out, "Signature Verified Successfully") != NULL;
}

/* The stock tool agrees (docs/formats.md, export): a KiemPhieu signature
 * verifies with `openssl pkeyutl -verify -rawin`, a flipped byte does not. */
static void
test_openssl_cross_check (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *data = "{\"format\":\"kiemphieu/result@1\",\"election\":\"bch\",\"round\":1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KpKey) key = kp_key_generate (&error);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autoptr(GBytes) signature = sign (key, data);
  g_autofree char *dir = g_dir_make_tmp ("kp-crypto-XXXXXX", &error);
  g_autofree char *pem_path = NULL, *data_path = NULL, *sig_path = NULL, *bad_path = NULL;
  guint8 flipped[KP_SIGNATURE_SIZE];

  g_assert_no_error (error);
  if (openssl == NULL)
    {
      g_test_skip ("no openssl command");
      return;
    }
  memcpy (flipped, g_bytes_get_data (signature, NULL), sizeof flipped);
  flipped[40] ^= 0x04;
  pem_path = write_file (dir, "public-key.pem", pem, strlen (pem));
  data_path = write_file (dir, "result.json", data, strlen (data));
  sig_path = write_file (dir, "result.json.sig", g_bytes_get_data (signature, NULL), KP_SIGNATURE_SIZE);
  bad_path = write_file (dir, "bad.sig", flipped, sizeof flipped);

  g_assert_true (openssl_verifies (openssl, pem_path, data_path, sig_path));
  g_assert_false (openssl_verifies (openssl, pem_path, data_path, bad_path));
  g_remove (pem_path);
  g_remove (data_path);
  g_remove (sig_path);
  g_remove (bad_path);
  g_rmdir (dir);
}

/* kp_sha256 (the images' hash on restore and verify): FIPS 180-2's known
 * answers, and GChecksum's on random bytes fed in uneven pieces. */
static void
test_sha256 (void)
{
  static const struct { const char *text; const char *hex; } known[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };
  g_autofree guint8 *data = g_malloc (300007);

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(KpSha256) sha = kp_sha256_new ();
      kp_sha256_update (sha, known[i].text, strlen (known[i].text));
      g_assert_cmpstr (kp_sha256_hex (sha), ==, known[i].hex);
      g_assert_cmpstr (kp_sha256_hex (sha), ==, known[i].hex); /* asked twice: the same */
    }
  for (gsize i = 0; i < 300007; i++)
    data[i] = (guint8) g_test_rand_int ();
  {
    g_autoptr(KpSha256) sha = kp_sha256_new ();
    g_autofree char *want = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, 300007);
    gsize done = 0;

    while (done < 300007)
      {
        gsize piece = (gsize) g_test_rand_int_range (0, 70000);

        piece = MIN (piece, 300007 - done); /* MIN evaluates its arguments twice */
        kp_sha256_update (sha, data + done, piece);
        done += piece;
      }
    g_assert_cmpstr (kp_sha256_hex (sha), ==, want);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/generate", test_generate);
  g_test_add_func ("/crypto/fingerprint", test_fingerprint);
  g_test_add_func ("/crypto/not-ed25519", test_not_ed25519);
  g_test_add_func ("/crypto/sign-verify", test_sign_verify);
  g_test_add_func ("/crypto/rfc8032-known-answer", test_rfc8032_known_answer);
  g_test_add_func ("/crypto/seal-unseal", test_seal_unseal);
  g_test_add_func ("/crypto/unseal-old-and-nfc", test_unseal_old_and_nfc);
  g_test_add_func ("/crypto/unseal-fails", test_unseal_fails);
  g_test_add_func ("/crypto/unseal-format", test_unseal_format);
  g_test_add_func ("/crypto/unseal-empty-text", test_unseal_empty_text);
  g_test_add_func ("/crypto/openssl-cross-check", test_openssl_cross_check);
  g_test_add_func ("/crypto/sha256", test_sha256);
  return g_test_run ();
}
