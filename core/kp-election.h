/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-election.h — the election model: a congress, its elections, their
 * candidate lists, the threshold base and the ballot form.
 *
 * Plain data, no I/O. The definition reader (kp-definition.h) builds it; the
 * tally (kp-tally.h) reads it. Every string is UTF-8 in NFC.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KP_CONGRESS_KIND_DELEGATES,
  KP_CONGRESS_KIND_MEMBERS,
  KP_CONGRESS_KIND_MEETING,
} KpCongressKind;

typedef enum
{
  KP_BODY_COMMITTEE,
  KP_BODY_STANDING_COMMITTEE,
  KP_BODY_SECRETARY,
  KP_BODY_DEPUTY_SECRETARY,
  KP_BODY_INSPECTION_COMMITTEE,
  KP_BODY_INSPECTION_CHAIR,
  KP_BODY_DELEGATES,
  KP_BODY_ALTERNATE_DELEGATES,
  KP_BODY_OPINION,
  KP_BODY_OTHER,
} KpBody;

typedef enum
{
  KP_BALLOT_FORM_STRIKE, /* R-FORM-1: candidates > seats, strike names */
  KP_BALLOT_FORM_YESNO,  /* R-FORM-2: candidates = seats, Đồng ý / Không đồng ý */
} KpBallotForm;

/* Who passes: R-ELECT-1 for elections; for opinion ballots on nominees
 * added at the congress, more than 30 % of those present (rules.md §1,
 * Điều 14). */
typedef enum
{
  KP_THRESHOLD_MORE_THAN_HALF,       /* votes × 2 > base */
  KP_THRESHOLD_MORE_THAN_30_PERCENT, /* votes × 10 > base × 3 */
} KpThreshold;

typedef enum
{
  KP_ROLE_HEAD,
  KP_ROLE_MEMBER,
} KpRole;

typedef struct
{
  guint count;
  char *reason;
} KpExclusion;

typedef struct
{
  char *name;
  KpRole role;
} KpCommitteeMember;

typedef struct
{
  guint no;   /* ballot order, 1-based */
  char *name; /* NFC, as written on the ballot */
  char *born; /* "YYYY-MM-DD" or %NULL */
} KpCandidate;

typedef struct
{
  char *id;
  char *title;
  KpBody body;
  guint seats;
  guint round;
  gint64 issued; /* ballots issued, or -1 when not known yet */

  /* R-BASE-1: base = convened − Σ exclusions. Copied from the congress
   * unless the election gives its own (a committee meeting). For an opinion
   * ballot the base is those present (rules.md §1, Điều 14). */
  guint convened;
  GPtrArray *exclusions; /* KpExclusion, owned */
  guint base;
  KpThreshold threshold;

  GPtrArray *candidates; /* KpCandidate, owned, index = no − 1 */
} KpElection;

typedef struct
{
  char *superior;
  char *organization;
  char *name;
  char *term;
  char *place;
  char *date; /* "YYYY-MM-DD" */
  KpCongressKind kind;
  guint convened;
  GPtrArray *exclusions; /* KpExclusion, owned */
  gint64 present;        /* -1 when not given */
  GPtrArray *committee;  /* KpCommitteeMember, owned */
  GPtrArray *elections;  /* KpElection, owned */
  /* Not from the definition: set by the store for a rehearsal (a copy, or
   * the old switch on). Its ballots carry another code, so that a test
   * ballot scanned into the real file is refused (kp-documents-ballots.c). */
  gboolean rehearsal;
} KpCongress;

KpExclusion       *kp_exclusion_new            (guint              count,
                                                const char        *reason);
void               kp_exclusion_free           (KpExclusion       *exclusion);
KpCandidate       *kp_candidate_new            (guint              no,
                                                const char        *name,
                                                const char        *born);
void               kp_candidate_free           (KpCandidate       *candidate);
KpCommitteeMember *kp_committee_member_new     (const char        *name,
                                                KpRole             role);
void               kp_committee_member_free    (KpCommitteeMember *member);

KpElection        *kp_election_new             (const char        *id,
                                                guint              seats);
void               kp_election_free            (KpElection        *election);
KpElection        *kp_election_copy            (const KpElection  *election);
GArray            *kp_election_undated_namesakes (const KpElection *election);
GStrv              kp_election_get_display_names (const KpElection *election);
const KpCandidate *kp_election_get_candidate   (const KpElection  *election,
                                                guint              no);
KpBallotForm       kp_election_get_form        (const KpElection  *election);
KpBallotForm       kp_ballot_form_for          (guint              n_candidates,
                                                guint              seats);
guint              kp_election_compute_base    (const KpElection  *election);

KpCongress        *kp_congress_new             (void);
void               kp_congress_free            (KpCongress        *congress);
KpElection        *kp_congress_find_election   (KpCongress        *congress,
                                                const char        *id);

const char        *kp_body_to_string           (KpBody             body);
gboolean           kp_body_from_string         (const char        *str,
                                                KpBody            *body);
const char        *kp_congress_kind_to_string  (KpCongressKind     kind);
gboolean           kp_congress_kind_from_string (const char       *str,
                                                KpCongressKind    *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpElection, kp_election_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpCongress, kp_congress_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpCandidate, kp_candidate_free)

G_END_DECLS
