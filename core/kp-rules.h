/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-rules.h — who is elected: the threshold, ranking, ties, percentages
 * and the next round's proposal (rules.md sections 3 and 4).
 *
 * Pure functions on integers; no I/O, no allocation beyond the out arrays.
 */
#pragma once

#include <glib.h>

#include "kp-election.h"

G_BEGIN_DECLS

typedef enum
{
  KP_STATUS_ELECTED,         /* trúng cử */
  KP_STATUS_TIED,            /* over the threshold, tied at the last seats (R-TIE-1) */
  KP_STATUS_NOT_ELECTED,     /* over the threshold but outranked (R-RANK-1) */
  KP_STATUS_BELOW_THRESHOLD, /* not more than half of the base (R-ELECT-1) */
} KpStatus;

gboolean    kp_rules_passes_threshold   (guint64      votes,
                                         guint64      base);
gboolean    kp_rules_passes             (KpThreshold  threshold,
                                         guint64      votes,
                                         guint64      base);
guint64     kp_rules_percent_hundredths (guint64      votes,
                                         guint64      base);
char       *kp_rules_format_percent     (guint64      hundredths,
                                         char         decimal_mark);
void        kp_rules_decide             (const guint *votes,
                                         guint        n,
                                         guint        seats,
                                         guint        base,
                                         KpThreshold  threshold,
                                         KpStatus    *status,
                                         GArray      *elected,
                                         GArray      *tied);
const char *kp_status_to_string         (KpStatus     status);

G_END_DECLS
