/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-crypto.h — the congress signing key and signatures (OpenSSL adapter).
 *
 * Ed25519. The private key is kept only encrypted: AES-256-GCM under a key
 * derived from the head's passphrase (NFC) with scrypt (N = 2^19, r = 8,
 * p = 1: 512 MiB and about 1.7 s a guess, bench/bench-kdf.c), since
 * OpenSSL 3.0's own PEM encryption uses a weak KDF (tech-notes.md). Keys
 * sealed with N = 2^17 by earlier versions still open.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KP_CRYPTO_ERROR (kp_crypto_error_quark ())

typedef enum
{
  KP_CRYPTO_ERROR_FAILED,
  KP_CRYPTO_ERROR_PASSPHRASE, /* wrong passphrase */
  KP_CRYPTO_ERROR_FORMAT,     /* a key or signature that cannot be read */
} KpCryptoError;

#define KP_SIGNATURE_SIZE 64
/* The head's passphrase, in characters: the one minimum the store and the
 * app both ask for. */
#define KP_KEY_MIN_PASSPHRASE 8
/* scrypt N = 2^19 (r = 8): the cost of a guess at the passphrase of a new
 * key; the tests make cheaper keys only through KP_TEST_KDF_LOG2N. */
#define KP_KEY_STANDARD_LOG2_N 19

typedef struct _KpKey KpKey;

GQuark   kp_crypto_error_quark    (void);
KpKey   *kp_key_generate          (GError      **error);
void     kp_key_free              (KpKey        *key);
char    *kp_key_seal              (KpKey        *key,
                                   const char   *passphrase,
                                   GError      **error);
KpKey   *kp_key_unseal            (const char   *sealed,
                                   const char   *passphrase,
                                   GError      **error);
guint    kp_key_sealed_log2_n     (const char   *sealed);
char    *kp_passphrase_nfc        (const char   *passphrase);
char    *kp_key_public_pem        (KpKey        *key);
GBytes  *kp_key_sign              (KpKey        *key,
                                   const void   *data,
                                   gsize         length,
                                   GError      **error);
gboolean kp_signature_verify      (const char   *public_pem,
                                   const void   *data,
                                   gsize         length,
                                   const void   *signature,
                                   gsize         signature_length,
                                   GError      **error);
char    *kp_public_key_fingerprint (const char  *public_pem,
                                   GError      **error);
char    *kp_fingerprint_display   (const char   *fingerprint);
gboolean kp_fingerprint_is_wellformed (const char *typed);
gboolean kp_fingerprint_equal     (const char   *typed,
                                   const char   *fingerprint);

/* SHA-256 in pieces, through OpenSSL (its SHA extensions where the CPU
 * has them: several times GChecksum's speed), for the scanned images that
 * a restore and a verify hash byte by byte. kp_sha256_hex () ends it: the
 * 64 lowercase hex digits, owned by @sha. */
typedef struct _KpSha256 KpSha256;

KpSha256   *kp_sha256_new         (void);
void        kp_sha256_update      (KpSha256     *sha,
                                   const void   *data,
                                   gsize         length);
const char *kp_sha256_hex         (KpSha256     *sha);
void        kp_sha256_free        (KpSha256     *sha);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpKey, kp_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpSha256, kp_sha256_free)

G_END_DECLS
