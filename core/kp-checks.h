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
  char *detail; /* English, as in the checks JSON (formats.md): never translated */
  char *words;  /* the same in Vietnamese, for the minutes (Vietnamese in every locale) */
  char *text;   /* the same in the user's language (gettext), for the app and the CLI */
} KpCheck;

/* NN_ (one, many): the two English forms of a message with a count, left
 * untranslated where they are written (xgettext --keyword=NN_:1,2) and
 * given to kp_check_say (), which picks the form and translates. */
#define NN_(one, many) one, many

void        kp_check_free     (KpCheck     *check);
const char *kp_check_words    (const char  *check);
const char *kp_check_title    (const char  *check);
void        kp_check_say      (GString     *detail,
                               GString     *text,
                               gulong       n,
                               const char  *one,
                               const char  *many,
                               ...) G_GNUC_PRINTF (4, 6) G_GNUC_PRINTF (5, 6);
char       *kp_checks_to_json (const char  *election_id,
                               guint        round,
                               const char  *mode,
                               GPtrArray   *checks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpCheck, kp_check_free)

G_END_DECLS
