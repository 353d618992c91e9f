/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-gen.h — realistic scans of the project's own ballots, with their
 * truth: the ballots PDF (kp_documents_ballot_layout) rendered by pdftoppm
 * at 150, 200 or 300 dpi; pen strokes drawn through names (straight,
 * slanted up to ±10°, wavy, 1–5 px, 40–110 % of the name, black or blue,
 * some starting in the neighbouring row); X marks in agree/disagree boxes;
 * names struck then circled or written again; a name added in the margin;
 * then the sheet turned ±3°, shifted, scaled ±2 %, speckled, and saved as
 * JPEG of quality 50 (or PNG). Used by test-scan, bench-scan and make-scans.
 */
#pragma once

#include <glib.h>

#include "kp-documents.h"

G_BEGIN_DECLS

/* What a row truly holds, and what a reader may say about it. */
typedef enum
{
  KP_GEN_KEPT = 'K',     /* no mark: kept (or doubtful) */
  KP_GEN_STRUCK = 'S',   /* a stroke across ≥ 80 % of the name: struck (or doubtful) */
  KP_GEN_DOUBT = 'D',    /* a mark a person must judge: only doubtful is right */
} KpGenTruth;

typedef struct
{
  guint dpi;              /* 150, 200 or 300 */
  double strike_share;    /* share of names struck (strike form) */
  gboolean clean;         /* only strokes across the whole name, no circled or added ink */
  gboolean jpeg;          /* JPEG quality 50; else PNG */
  gboolean upside_down;
  gboolean added_name;    /* a name written in the margin: the whole ballot is doubtful */
  gboolean distort;       /* turn ±3°, shift, scale ±2 %, speckle */
} KpGenOptions;

typedef struct
{
  GPtrArray *pages;     /* GBytes: one encoded image per page */
  char *truth;          /* one KpGenTruth per row (strike form), or 'Y','N','B','0','D' (agree/disagree) */
  gboolean doubtful;    /* the whole ballot must be doubtful */
  guint partial;        /* rows struck only in part (truth 'D') */
} KpGenBallot;

typedef struct _KpGen KpGen;

KpGen       *kp_gen_new          (const KpBallotLayout *layout,
                                  GError              **error);
void         kp_gen_free         (KpGen                *gen);
KpGenBallot *kp_gen_ballot       (KpGen                *gen,
                                  guint64               seed,
                                  const KpGenOptions   *options);
GBytes      *kp_gen_blank_sheet  (guint                 dpi,
                                  guint64               seed);
GBytes      *kp_gen_two_up       (KpGen                *gen,
                                  guint                 dpi);
char        *kp_gen_truth_json   (const KpGenBallot    *ballot,
                                  const KpBallotLayout *layout,
                                  const char           *file);
void         kp_gen_ballot_free  (KpGenBallot          *ballot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpGen, kp_gen_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpGenBallot, kp_gen_ballot_free)

G_END_DECLS
