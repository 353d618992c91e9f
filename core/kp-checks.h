/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-checks.h — the R-RECON-1 checks on a round's numbers, as the congress
 * file reports them (kp_store_results ()): each compares numbers from
 * different sources, so each can fail; what each says in Vietnamese; and
 * the checks JSON (kiemphieu/checks@1, docs/formats.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *check;  /* collected-le-issued, entered-eq-collected, valid-plus-invalid, passes-agree (double and
                   triple entry), issued-le-present */
  char *rule;   /* R-RECON-1 */
  char *status; /* ok, failed, unknown */
  char *detail; /* English, as in the checks JSON (formats.md) */
  char *words;  /* the same in Vietnamese, for the minutes and the app */
} KpCheck;

void        kp_check_free     (KpCheck     *check);
const char *kp_check_words    (const char  *check);
char       *kp_checks_to_json (const char  *election_id,
                               guint        round,
                               const char  *mode,
                               GPtrArray   *checks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpCheck, kp_check_free)

G_END_DECLS
