/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-documents-private.h — what the documents share: the header of
 * 36-HD/VPTW and the counting committee's signature lines.
 */
#pragma once

#include "kp-election.h"
#include "kp-pdf.h"

G_BEGIN_DECLS

void _kp_documents_header     (KpPdf            *pdf,
                               const KpCongress *congress,
                               const char       *issuer);
void _kp_documents_signatures (KpPdf            *pdf,
                               const KpCongress *congress);

char *_kp_documents_ordinal   (guint             n);

G_END_DECLS
