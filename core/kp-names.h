/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-names.h — Vietnamese names: NFC normalisation and the Party's ABC order
 * (R-LIST-2), through ICU's `vi` collator.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name; /* NFC */
  char *born; /* "YYYY-MM-DD" or %NULL */
} KpNamedPerson;

char     *kp_text_nfc          (const char  *text);
char     *kp_text_capitalize   (const char  *text);
char     *kp_text_shorten      (const char  *text,
                                guint        max_chars);
int       kp_names_compare     (const char  *name_a,
                                const char  *born_a,
                                const char  *name_b,
                                const char  *born_b);
void      kp_names_sort        (GPtrArray   *people);
GBytes   *kp_names_key         (const char  *name);
gboolean  kp_date_is_valid     (const char  *date);

G_END_DECLS
