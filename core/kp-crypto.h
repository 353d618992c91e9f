/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-crypto.h — the congress signing key and signatures (OpenSSL adapter).
 *
 * Ed25519. The private key is kept only encrypted: AES-256-GCM under a key
 * derived from the head's passphrase with scrypt (N = 2^17, r = 8, p = 1),
 * since OpenSSL 3.0's own PEM encryption uses a weak KDF (tech-notes.md).
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpKey, kp_key_free)

G_END_DECLS
