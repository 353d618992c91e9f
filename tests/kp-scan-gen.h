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

/* Adversarial marks and sheets (tests/scan-attack.c, test-scan): what
 * real pens and careless scanners do that the plain generator does not. */
typedef enum
{
  KP_GEN_ATTACK_NONE,
  /* Rows (strike form); the truth each gets: */
  KP_GEN_ATTACK_TICK,       /* a check mark over the name: D */
  KP_GEN_ATTACK_X,          /* an X over the whole name: D (R-STRIKE-1 names strokes, not crosses) */
  KP_GEN_ATTACK_CIRCLE,     /* the name circled, no stroke, the ring often into the next rows: D */
  KP_GEN_ATTACK_SHORT,      /* a stroke across 20–40 % of the name: D */
  KP_GEN_ATTACK_NUMBER,     /* a stroke through the number only: D */
  KP_GEN_ATTACK_PENCIL,     /* a whole stroke in light pencil, grey 150–200: S */
  KP_GEN_ATTACK_HIGHLIGHT,  /* a highlighter band over the name: D */
  KP_GEN_ATTACK_DOUBLE,     /* two strokes across the whole name: S */
  KP_GEN_ATTACK_WANDER,     /* one stroke from this row's name into the next row's: D, D */
  KP_GEN_ATTACK_SCRIBBLE,   /* struck, then the stroke scribbled out: D */
  KP_GEN_ATTACK_BLOT,       /* an ink blot on the name: D */
  /* Sheets (any form); rows keep their truth: */
  KP_GEN_ATTACK_FOLD,       /* a fold line across the whole sheet */
  KP_GEN_ATTACK_ROTATE5,    /* turned 5° */
  KP_GEN_ATTACK_ROTATE8,    /* turned 8° */
  KP_GEN_ATTACK_CORNER,     /* a corner (and its mark) cut off */
  KP_GEN_ATTACK_COLOUR,     /* red and green pens */
  KP_GEN_ATTACK_PHOTOCOPY,  /* a photocopy: grey background, toner dust */
  /* Agree/disagree form: */
  KP_GEN_ATTACK_BETWEEN,    /* an X across the line between both boxes: D */
  KP_GEN_ATTACK_CORRECTED,  /* an X in one box scribbled out, a new X in the other: D */
  KP_GEN_N_ATTACKS
} KpGenAttack;

typedef struct
{
  guint dpi;              /* 150, 200 or 300 (100–600 with an attack) */
  double strike_share;    /* share of names struck (strike form) */
  gboolean clean;         /* only strokes across the whole name, no circled or added ink */
  gboolean jpeg;          /* JPEG quality 50; else PNG */
  gboolean upside_down;
  gboolean added_name;    /* a name written in the margin: the whole ballot is doubtful */
  gboolean distort;       /* turn ±3°, shift, scale ±2 %, speckle */
  KpGenAttack attack;     /* none by default */
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
const char  *kp_gen_attack_name  (KpGenAttack           attack);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpGen, kp_gen_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpGenBallot, kp_gen_ballot_free)

G_END_DECLS
