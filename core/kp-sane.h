/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-sane.h — scanning from a scanner through SANE (libsane adapter).
 *
 * Each page a scanner delivers becomes a KpScanSource (kp-scan.h) holding
 * one JPEG (quality 85, greyscale when the mode is grey, the resolution in
 * the file), so the recognition takes it exactly like a file a scanner's
 * own software wrote.
 *
 * Air gap: SANE is initialised with SANE_CONFIG_DIR pointing first at
 * KiemPhieu's own folder (kp_sane_config_dir ()), whose dll.conf lists
 * only backends for scanners on a cable (USB, SCSI, parallel port) and
 * whose empty dll.d hides /etc/sane.d/dll.d; the backends' own settings
 * (their .conf) still come from /etc/sane.d. The network backends (net,
 * escl, airscan…) are never loaded. See docs/security.md.
 *
 * kp_sane_prepare () sets SANE_CONFIG_DIR: call it from main () before
 * any thread starts (both programs do).
 *
 * Threads: every function here may block for seconds (a USB scan of the
 * buses, a sheet going through the feeder): call them from a worker
 * thread (GTask), never the UI thread. One KpSaneDevice is used by one
 * thread at a time; kp_sane_list_devices and kp_sane_device_open may be
 * called from any thread (a lock keeps SANE's own state consistent).
 * To stop a scan from another thread, cancel the GCancellable given to
 * kp_sane_device_acquire (): SANE's sane_cancel () is called, the sheet
 * stops and the call returns G_IO_ERROR_CANCELLED. (Backends that read
 * in a thread of their own, through SANE's sanei_thread, stop it with an
 * asynchronous pthread_cancel; cancelled while it starts, it can leave
 * the C library's loader lock held — seen with the `test` backend when a
 * scan fails at once. A scan that is running stops cleanly.)
 *
 * A typical scan of a stack (what `kiemphieu-cli scan --device` does):
 *
 *   devices = kp_sane_list_devices (&error);            // KpSaneDeviceInfo
 *   dev = kp_sane_device_open (info->name, &error);     // 200 dpi grey chosen
 *   kp_sane_device_set_source (dev, KP_SANE_SOURCE_ADF, &error);
 *   while ((source = kp_sane_device_acquire (dev, cancellable, &error)))
 *     { recognise and save it; kp_scan_source_free (source); }
 *   if (g_error_matches (error, KP_SANE_ERROR, KP_SANE_ERROR_EMPTY))
 *     // the feeder is empty: the stack is done, not a failure
 *   kp_sane_device_close (dev);
 *
 * Errors carry a Vietnamese (translated) message that tells the operator
 * what to do (clear the jam, close the cover…).
 */
#pragma once

#include <gio/gio.h>

#include "kp-scan.h"
#include "kp-scan-worker.h"

G_BEGIN_DECLS

#define KP_SANE_ERROR (kp_sane_error_quark ())

typedef enum
{
  KP_SANE_ERROR_EMPTY,          /* no sheet in the feeder: the stack is done (not a failure) */
  KP_SANE_ERROR_NOT_FOUND,      /* no such scanner, or it was unplugged */
  KP_SANE_ERROR_OPTION,         /* the scanner has no such setting, or refused its value */
  KP_SANE_ERROR_JAMMED,         /* paper jam: clear it, scan that sheet again */
  KP_SANE_ERROR_COVER_OPEN,     /* the cover is open */
  KP_SANE_ERROR_NO_MEM,         /* the scanner (or the computer) ran out of memory */
  KP_SANE_ERROR_IO,             /* the cable or the scanner failed */
  KP_SANE_ERROR_BUSY,           /* another program is using the scanner */
  KP_SANE_ERROR_ACCESS_DENIED,  /* this user may not use the scanner */
  KP_SANE_ERROR_IMAGE,          /* the image sent cannot be used (format, size) */
  KP_SANE_ERROR_FAILED,         /* anything else the scanner reported */
} KpSaneError;

/* What a scanner's `source` settings are, whatever its backend calls them. */
typedef enum
{
  KP_SANE_SOURCE_FLATBED = 1 << 0, /* the glass: one sheet per scan */
  KP_SANE_SOURCE_ADF = 1 << 1,     /* the sheet feeder, one side */
  KP_SANE_SOURCE_DUPLEX = 1 << 2,  /* the sheet feeder, both sides (front, back, front…) */
} KpSaneSource;

/* One scanner as SANE lists it. */
typedef struct
{
  char *name;    /* what kp_sane_device_open () takes, e.g. "fujitsu:fi-7160:123" */
  char *vendor;
  char *model;
  char *type;    /* "flatbed scanner", "sheetfed scanner"… as the backend says;
                    kp_sane_type_label () gives it in the user's language */
} KpSaneDeviceInfo;

typedef struct _KpSaneDevice KpSaneDevice;

GQuark        kp_sane_error_quark             (void);
char         *kp_sane_config_dir              (void);
void          kp_sane_prepare                 (void);

GPtrArray    *kp_sane_list_devices            (GError        **error);
void          kp_sane_device_info_free        (KpSaneDeviceInfo *info);
const char   *kp_sane_type_label              (const char     *type);

KpSaneDevice *kp_sane_device_open             (const char     *name,
                                               GError        **error);
void          kp_sane_device_close            (KpSaneDevice   *device);
const char   *kp_sane_device_get_name         (KpSaneDevice   *device);
const char   *kp_sane_device_get_model        (KpSaneDevice   *device);

guint         kp_sane_device_get_sources      (KpSaneDevice   *device);
gboolean      kp_sane_device_set_source       (KpSaneDevice   *device,
                                               KpSaneSource    source,
                                               GError        **error);
KpSaneSource  kp_sane_device_get_source       (KpSaneDevice   *device);
GArray       *kp_sane_device_get_resolutions  (KpSaneDevice   *device);
guint         kp_sane_device_get_resolution   (KpSaneDevice   *device);
gboolean      kp_sane_device_set_resolution   (KpSaneDevice   *device,
                                               guint           dpi,
                                               GError        **error);
gboolean      kp_sane_device_is_grey          (KpSaneDevice   *device);
gboolean      kp_sane_device_set_option       (KpSaneDevice   *device,
                                               const char     *name,
                                               const char     *value,
                                               GError        **error);

KpScanSource *kp_sane_device_acquire          (KpSaneDevice   *device,
                                               GCancellable   *cancellable,
                                               GError        **error);

/* A stack from the scanner for kp-scan-worker.h: one source per page
 * (kp_sane_device_acquire with the worker's cancellable) until the feeder
 * is empty, @pages pages are done (0: no limit) or the operator stops —
 * each the end of the stack, no error. A scanner's problem (jam, cover
 * open, unplugged…) ends the stack with its message and what to do
 * (errors_end_stack is TRUE; *where is the scanner's model). Takes
 * @device; use it from the producer's thread only while it runs. */
KpScanProducer *kp_scan_producer_new_sane      (KpSaneDevice   *device,
                                                guint           pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpSaneDevice, kp_sane_device_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KpSaneDeviceInfo, kp_sane_device_info_free)

G_END_DECLS
