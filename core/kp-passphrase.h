/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-passphrase.h — secrets people type: the head's passphrase and the
 * archive password. Proposals drawn with OpenSSL's RAND_bytes from a list
 * of Vietnamese syllables written without tone marks, which type the same
 * on any keyboard with or without Telex or VNI switched on; and a simple
 * estimate of how hard a typed one is to guess (docs/security.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Words in a proposal: 8 × log2 (1,523) ≈ 84.6 bits. */
#define KP_PASSPHRASE_WORDS 8
/* The least estimate for a passphrase the head types (the sealed key costs
 * 512 MiB and about 1.7 s a guess). */
#define KP_PASSPHRASE_HEAD_BITS 60
/* The least estimate for an archive password: ZIP AES entries cost only
 * 1,000 PBKDF2-SHA1 rounds a guess, so the password itself must be as
 * strong as a proposal. */
#define KP_PASSPHRASE_ARCHIVE_BITS 80

char       *kp_passphrase_propose        (GError     **error);
double      kp_passphrase_proposal_bits  (void);
double      kp_passphrase_estimate_bits  (const char  *text);
gboolean    kp_passphrase_is_plain_ascii (const char  *text);
guint       kp_passphrase_n_words        (void);
const char *kp_passphrase_word           (guint        index);

G_END_DECLS
