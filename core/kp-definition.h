/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-definition.h — reads an election definition ("kiemphieu/election@1",
 * docs/formats.md) into the model, and checks a list against R-LIST-1/2.
 *
 * Adapter around json-glib. Every error names the file, the line and the
 * field ("daihoi.json:14: elections[0].seats: …").
 */
#pragma once

#include <glib.h>

#include "kp-election.h"

G_BEGIN_DECLS

#define KP_DEFINITION_ERROR (kp_definition_error_quark ())

typedef enum
{
  KP_DEFINITION_ERROR_IO,
  KP_DEFINITION_ERROR_SYNTAX,
  KP_DEFINITION_ERROR_INVALID,
} KpDefinitionError;

/* Limits that keep a hostile or mistaken file from exhausting the machine;
 * far above any congress (rules.md section 7). */
#define KP_MAX_CANDIDATES 10000
#define KP_MAX_COUNT 10000000
#define KP_MAX_NAME_CHARS 200
#define KP_MAX_TEXT_CHARS 2000

GQuark      kp_definition_error_quark (void);
KpCongress *kp_definition_load_file   (const char        *path,
                                       GError           **error);
KpCongress *kp_definition_load_data   (const char        *data,
                                       gsize              length,
                                       const char        *filename,
                                       GError           **error);
GPtrArray  *kp_definition_check       (const KpCongress  *congress);
GPtrArray  *kp_election_check_list    (const KpElection  *election);

typedef enum
{
  KP_SURPLUS_OK,
  KP_SURPLUS_NONE,       /* no more names than seats */
  KP_SURPLUS_SMALL_BODY, /* body of 3–5 with more than 1 extra name */
  KP_SURPLUS_OVER_30,    /* surplus above 30% of the seats */
} KpSurplusCheck;

KpSurplusCheck kp_election_check_surplus (const KpElection *election,
                                          guint            *limit);

G_END_DECLS
