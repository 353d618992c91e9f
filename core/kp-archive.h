/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-archive.h — the congress on a USB stick: one AES-256 encrypted zip
 * (libzip adapter) that 7-Zip opens on any office PC.
 *
 * Entries: congress.kiemphieu (a consistent snapshot), results/ID-ROUND.json
 * and .sig for every confirmed round, public-key.pem, the PDFs in documents/,
 * manifest.sha256 (sha256sum format). Built in memory and written
 * encrypted (no file in clear anywhere, not even in /tmp) to NAME.zip.part,
 * fsynced, renamed to NAME.zip, the folder and the filesystem synced: a
 * stick pulled out mid-write leaves no file named *.zip. Checked in memory
 * as well.
 */
#pragma once

#include <glib.h>

#include "kp-store.h"

G_BEGIN_DECLS

#define KP_ARCHIVE_ERROR (kp_archive_error_quark ())

typedef enum
{
  KP_ARCHIVE_ERROR_IO,       /* cannot write or read (full, pulled out, …) */
  KP_ARCHIVE_ERROR_PASSWORD, /* wrong password */
  KP_ARCHIVE_ERROR_DAMAGED,  /* not an archive of ours, or changed: verification failed */
  KP_ARCHIVE_ERROR_INVALID,  /* refused (weak password, existing file, …) */
} KpArchiveError;

#define KP_ARCHIVE_MIN_PASSWORD 8
#define KP_ARCHIVE_MAX_ENTRY (1024u * 1024u * 1024u)
/* Entries in one archive: the documents, and every scanner file of a national
 * congress (1,600 ballots × 2 pages × 2 passes, rescans) with room to spare. */
#define KP_ARCHIVE_MAX_ENTRIES 100000
/* All entries together, as they claim before any is read. */
#define KP_ARCHIVE_MAX_TOTAL (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)

GQuark   kp_archive_error_quark (void);
gboolean kp_archive_password_check (const char *password,
                                 GError     **error);
gboolean kp_archive_write       (KpStore     *store,
                                 const char  *dir,
                                 const char  *password,
                                 char       **archive_path,
                                 GError     **error);
gboolean kp_archive_check       (const char  *path,
                                 const char  *password,
                                 GString     *report,
                                 GError     **error);
gboolean kp_archive_check_anchored (const char *path,
                                 const char  *password,
                                 const char  *fingerprint,
                                 GString     *report,
                                 GError     **error);
gboolean kp_archive_restore     (const char  *path,
                                 const char  *password,
                                 const char  *dir,
                                 char       **restored_path,
                                 GError     **error);
gboolean kp_archive_restore_anchored (const char *path,
                                 const char  *password,
                                 const char  *fingerprint,
                                 const char  *dir,
                                 char       **restored_path,
                                 GError     **error);

G_END_DECLS
