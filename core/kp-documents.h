/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-documents.h — the official documents as PDF: the minutes (Biên bản
 * kiểm phiếu, R-MIN-1), the ballots (R-FORM-1/2), the entry journal (Nhật ký
 * nhập phiếu) and the congress summary. Built on kp-pdf; they only lay out
 * what the engine and the congress file computed.
 */
#pragma once

#include <glib.h>

#include "kp-election.h"
#include "kp-journal.h"
#include "kp-result.h"

G_BEGIN_DECLS

typedef struct
{
  const KpCongress *congress;
  const KpElection *election;  /* the round */
  const KpResult *result;
  GPtrArray *checks;           /* KpCheck (kp-store.h), R-RECON-1 */
  GPtrArray *rulings;          /* KpDisagreement, resolved ones are printed */
  guint entry_passes;          /* 1, 2 or 3 */
  gint64 collected;            /* counted by hand from the box, or -1 (R-RECON-1) */
  const GArray *alternate_order; /* R-ALT-1: the committee's order of the elected, or NULL */
  const char *alternate_reason;  /* its reason, or NULL */
  const char *journal_head;    /* hex, or NULL */
  const char *watermark;       /* "CHƯA CHÍNH THỨC", "THỬ NGHIỆM", or NULL */
  const char *announced_at;    /* ISO 8601, or NULL: left to fill by hand */
  GHashTable *explanations;    /* check → explanation recorded at confirmation, or NULL */
  const char *fingerprint;     /* the signing key's, or NULL before keys exist */
  const char *signature;       /* base64 Ed25519 signature of the result, or NULL */
} KpMinutes;

typedef enum
{
  KP_PAPER_AUTO,
  KP_PAPER_A4,
  KP_PAPER_A5,
} KpPaper;

#define KP_DOCUMENTS_ERROR (kp_documents_error_quark ())

typedef enum
{
  KP_DOCUMENTS_ERROR_TOO_LONG, /* the list does not fit the ballot's paper */
} KpDocumentsError;

/* A rectangle in points from the top-left corner of the ballot's sheet
 * (A4 portrait, or its A5 half), y downwards. */
typedef struct
{
  double x, y, w, h;
} KpRect;

/* One candidate's row on the ballot. */
typedef struct
{
  guint no;         /* ballot number, 1-based */
  guint page;       /* page of the ballot, 0-based */
  KpRect row;       /* the whole row */
  KpRect number;    /* STT */
  KpRect name;      /* Họ và tên */
  KpRect agree;     /* agree/disagree form: Đồng ý; zero on the strike form */
  KpRect disagree;  /* agree/disagree form: Không đồng ý */
} KpBallotRow;

/* One printed table (a column of the list), header row included. */
typedef struct
{
  guint page;
  KpRect rect;
} KpBallotTable;

typedef struct
{
  KpPaper paper;        /* A4 or A5, never AUTO */
  KpBallotForm form;
  double width, height; /* the ballot's sheet, points */
  guint pages;
  KpRect box;           /* the printed area inside the margins */
  KpRect stamp;         /* the box for the committee's stamp (page 1) */
  KpRect marks[4];      /* registration marks: top left, top right, bottom left, bottom right (every page) */
  KpRect code;          /* the QR code with its quiet zone, top right (every page) */
  char *election;
  guint round;
  char *digest;         /* 12 hex digits naming this layout, in the code */
  char **codes;         /* the code's text on each page */
  GArray *rows;         /* KpBallotRow, in ballot order */
  GArray *tables;       /* KpBallotTable */
  GBytes *pdf;          /* one blank ballot (A5: on the left half of the sheet) */
} KpBallotLayout;

GQuark    kp_documents_error_quark (void);

/* The minutes, the journal and the summary are built in memory (the
 * archive puts them in its encrypted entries without a file in clear);
 * kp_pdf_write_file () writes them out. */
GBytes   *kp_documents_minutes (const KpMinutes   *minutes,
                                 GError           **error);
GBytes   *kp_documents_ballots_pdf (const KpCongress  *congress,
                                     const KpElection  *election,
                                     guint              copies,
                                     KpPaper            paper,
                                     const char        *watermark,
                                     GError           **error);
gboolean  kp_documents_ballots (const KpCongress  *congress,
                                 const KpElection  *election,
                                 guint              copies,
                                 KpPaper            paper,
                                 const char        *watermark,
                                 const char        *path,
                                 GError           **error);
GBytes   *kp_documents_journal (const KpCongress  *congress,
                                 GPtrArray         *entries,
                                 const char        *watermark,
                                 GError           **error);
KpBallotLayout *kp_documents_ballot_layout (const KpCongress *congress,
                                             const KpElection *election,
                                             KpPaper           paper,
                                             GError          **error);
void        kp_ballot_layout_free       (KpBallotLayout       *layout);
char       *kp_documents_describe_entry (const KpJournalEntry *e);
char       *kp_documents_describe_entry_in (const KpCongress     *congress,
                                            const KpJournalEntry *e);
const char *kp_documents_action_words  (const char           *action);

GBytes   *kp_documents_summary (const KpCongress  *congress,
                                 GPtrArray         *elections,
                                 GPtrArray         *results,
                                 const char        *watermark,
                                 GError           **error);

gboolean  kp_documents_key_sheet (const KpCongress  *congress,
                                 const char        *fingerprint,
                                 const char        *made_at,
                                 const char        *watermark,
                                 const char        *path,
                                 GError           **error);

GBytes   *kp_documents_archive_sheet_pdf (const KpCongress  *congress,
                                         const char        *password,
                                         const char        *archive_name,
                                         const char        *made_at,
                                         const char        *watermark,
                                         GError           **error);
gboolean  kp_documents_archive_sheet (const KpCongress  *congress,
                                     const char        *password,
                                     const char        *archive_name,
                                     const char        *made_at,
                                     const char        *watermark,
                                     const char        *path,
                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpBallotLayout, kp_ballot_layout_free)

G_END_DECLS
