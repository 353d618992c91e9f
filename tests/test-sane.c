/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-sane.c — scanning from a scanner through SANE (core/kp-sane.c)
 * without hardware: SANE's `test` backend (frames of every kind, a feeder
 * that empties after 10 sheets, every error status a scanner can return)
 * and its `pnm` backend fed PGM/PPM images of the project's own ballots
 * (tests/kp-scan-gen.c) through `kiemphieu-cli scan --device`, end to end.
 * And the air gap: listing the scanners opens no inet socket and talks to
 * no D-Bus/Avahi, while the seccomp filter lets libusb start.
 *
 * KP_SANE_CONFIG_DIR points at tests/sane (dll.conf: test, pnm) for this
 * process and the kiemphieu-cli it runs, except where said.
 */

#include <glib/gstdio.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "kp-definition.h"
#include "kp-documents.h"
#include "kp-sane.h"
#include "kp-scan-gen.h"
#include "kp-scan.h"
#include "kp-scan-worker.h"
#include "kp-store.h"
#include "test-util.h"

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("\"%s\" is not in:\n%s", part, text);
}

static KpSaneDevice *
open_test (const char *name)
{
  g_autoptr(GError) error = NULL;
  KpSaneDevice *d = kp_sane_device_open (name, &error);

  g_assert_no_error (error);
  return d;
}

static void
set (KpSaneDevice *d,
     const char   *name,
     const char   *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kp_sane_device_set_option (d, name, value, &error));
  g_assert_no_error (error);
}

/* One page from the device, decoded back: depth, size, resolution. */
static PIX *
acquire_pix (KpSaneDevice *d,
             KpScanSource **out)
{
  g_autoptr(GError) error = NULL;
  KpScanSource *source = kp_sane_device_acquire (d, NULL, &error);
  GBytes *bytes;
  PIX *pix;

  g_assert_no_error (error);
  g_assert_nonnull (source);
  g_assert_cmpstr (kp_scan_source_get_mime_type (source), ==, "image/jpeg");
  g_assert_cmpuint (kp_scan_source_get_n_pages (source), ==, 1);
  bytes = kp_scan_source_get_bytes (source);
  pix = pixReadMem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (pix);
  if (out != NULL)
    *out = source;
  else
    kp_scan_source_free (source);
  return pix;
}

static double
mean_grey (PIX *pix)
{
  PIX *grey = pixConvertTo8 (pix, FALSE);
  l_float32 mean = -1;

  g_assert_cmpint (pixGetAverageMasked (grey, NULL, 0, 0, 1, L_MEAN_ABSVAL, &mean), ==, 0);
  pixDestroy (&grey);
  return mean;
}

static KpCongress *
demo (void)
{
  g_autofree char *path = source_path ("data", "demo", "daihoi.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  KpCongress *congress;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  congress = kp_definition_load_data (text, strlen (text), "daihoi.json", &error);
  g_assert_no_error (error);
  return congress;
}

/* --- the test backend ------------------------------------------------------- */

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = kp_sane_list_devices (&error);
  gboolean test0 = FALSE, pnm0 = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    {
      const KpSaneDeviceInfo *info = devices->pdata[i];
      test0 |= g_str_equal (info->name, "test:0") && g_str_equal (info->model, "frontend-tester");
      pnm0 |= g_str_equal (info->name, "pnm:0") && g_str_equal (info->model, "PNM file reader");
      g_assert_cmpstr (info->vendor, ==, "Noname");
    }
  g_assert_true (test0);
  g_assert_true (pnm0);

  g_assert_null (kp_sane_device_open ("test:9", &error));
  g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_NOT_FOUND);
}

/* Opening chooses 200 dpi and grey; the sources are read from the
 * backend's words. */
static void
test_defaults (void)
{
  g_autoptr(KpSaneDevice) d = open_test ("test:0");
  g_autoptr(KpSaneDevice) pnm = open_test ("pnm:0");
  g_autoptr(GArray) resolutions = kp_sane_device_get_resolutions (pnm);
  g_autoptr(GError) error = NULL;

  /* The test backend: a range 1–1200 dpi, was 50. */
  g_assert_cmpuint (kp_sane_device_get_resolution (d), ==, 200);
  g_assert_true (kp_sane_device_is_grey (d));
  g_assert_cmpuint (kp_sane_device_get_sources (d), ==, KP_SANE_SOURCE_FLATBED | KP_SANE_SOURCE_ADF);
  g_assert_cmpint (kp_sane_device_get_source (d), ==, KP_SANE_SOURCE_FLATBED);
  g_assert_false (kp_sane_device_set_source (d, KP_SANE_SOURCE_DUPLEX, &error));
  g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION);
  g_clear_error (&error);
  g_assert_false (kp_sane_device_set_option (d, "no-such-option", "1", &error));
  g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION);
  g_clear_error (&error);
  g_assert_false (kp_sane_device_set_option (d, "test-picture", "Blue sky", &error));
  g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION);
  g_clear_error (&error);

  /* The pnm backend: a word list (75 … 300), was 75; no source setting. */
  g_assert_cmpuint (resolutions->len, >, 5);
  g_assert_cmpuint (kp_sane_device_get_resolution (pnm), ==, 200);
  g_assert_cmpuint (kp_sane_device_get_sources (pnm), ==, KP_SANE_SOURCE_FLATBED);
  g_assert_true (kp_sane_device_set_resolution (pnm, 150, &error));
  g_assert_cmpuint (kp_sane_device_get_resolution (pnm), ==, 150);
}

/* Grey 8 bits: a greyscale JPEG with its resolution; recognition refuses a
 * white sheet as blank and a grid as no ballot. */
static void
test_refused_pages (void)
{
  g_autoptr(KpSaneDevice) d = open_test ("test:0");
  g_autoptr(KpCongress) congress = demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KpScanner) scanner = kp_scanner_new (congress, kp_congress_find_election (congress, "bch"), &error);
  KpScanSource *source = NULL;
  PIX *pix;

  g_assert_no_error (error);
  set (d, "test-picture", "Solid white");
  pix = acquire_pix (d, &source);
  g_assert_cmpint (pixGetDepth (pix), ==, 8);
  g_assert_cmpint (pixGetXRes (pix), ==, 200);
  /* 80 × 100 mm, the backend's default area, at 200 dpi. */
  g_assert_cmpint (ABS (pixGetWidth (pix) - 630), <=, 2);
  g_assert_cmpint (ABS (pixGetHeight (pix) - 787), <=, 2);
  g_assert_cmpfloat (mean_grey (pix), >, 250);
  pixDestroy (&pix);
  {
    g_autoptr(KpScanImage) image = kp_scan_source_read_page (source, 0, &error);
    g_assert_no_error (error);
    g_assert_null (kp_scanner_read (scanner, image, &error));
    g_assert_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_BLANK);
    g_clear_error (&error);
  }
  kp_scan_source_free (source);

  set (d, "test-picture", "Grid");
  pix = acquire_pix (d, &source);
  pixDestroy (&pix);
  {
    g_autoptr(KpScanImage) image = kp_scan_source_read_page (source, 0, &error);
    g_assert_no_error (error);
    g_assert_null (kp_scanner_read (scanner, image, &error));
    g_assert_error (error, KP_SCAN_ERROR, KP_SCAN_ERROR_NO_CODE);
  }
  kp_scan_source_free (source);
}

/* Depth 1 (1 = black), 16 (the machine's byte order), colour in one frame
 * and in three, and a hand-scanner that does not know its height. */
static void
test_frames (void)
{
  g_autoptr(KpSaneDevice) d = open_test ("test:0");
  PIX *pix;

  set (d, "depth", "1");
  set (d, "test-picture", "Solid black");
  pix = acquire_pix (d, NULL);
  g_assert_cmpint (pixGetDepth (pix), ==, 8);
  g_assert_cmpfloat (mean_grey (pix), <, 5);
  pixDestroy (&pix);
  set (d, "test-picture", "Solid white");
  pix = acquire_pix (d, NULL);
  g_assert_cmpfloat (mean_grey (pix), >, 250);
  pixDestroy (&pix);

  set (d, "depth", "16");
  pix = acquire_pix (d, NULL);
  g_assert_cmpfloat (mean_grey (pix), >, 250);
  pixDestroy (&pix);
  set (d, "test-picture", "Grid");
  pix = acquire_pix (d, NULL);
  /* Half black, half white squares. */
  g_assert_cmpfloat (mean_grey (pix), >, 90);
  g_assert_cmpfloat (mean_grey (pix), <, 165);
  pixDestroy (&pix);

  set (d, "depth", "8");
  set (d, "mode", "Color");
  g_assert_false (kp_sane_device_is_grey (d));
  set (d, "test-picture", "Color pattern");
  pix = acquire_pix (d, NULL);
  g_assert_cmpint (pixGetDepth (pix), ==, 32);
  pixDestroy (&pix);
  set (d, "three-pass", "yes");
  set (d, "test-picture", "Solid white");
  pix = acquire_pix (d, NULL);
  g_assert_cmpint (pixGetDepth (pix), ==, 32);
  g_assert_cmpfloat (mean_grey (pix), >, 250);
  pixDestroy (&pix);
  set (d, "three-pass", "no");

  set (d, "mode", "Gray");
  set (d, "hand-scanner", "yes");
  pix = acquire_pix (d, NULL);
  /* The hand-scanner's fixed 11 cm. */
  g_assert_cmpint (ABS (pixGetWidth (pix) - 866), <=, 2);
  g_assert_cmpint (pixGetHeight (pix), >, 10);
  pixDestroy (&pix);
  set (d, "hand-scanner", "no");
}

/* The feeder empties after 10 sheets: not a failure, its own code. */
static void
test_feeder (void)
{
  g_autoptr(KpSaneDevice) d = open_test ("test:0");
  g_autoptr(GError) error = NULL;
  guint n = 0;
  KpScanSource *source;

  g_assert_true (kp_sane_device_set_source (d, KP_SANE_SOURCE_ADF, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kp_sane_device_get_source (d), ==, KP_SANE_SOURCE_ADF);
  set (d, "resolution", "75");
  while ((source = kp_sane_device_acquire (d, NULL, &error)) != NULL)
    {
      g_autofree char *name = g_strdup_printf ("scanner Noname frontend-tester, sheet %u", ++n);
      g_assert_cmpstr (kp_scan_source_get_name (source), ==, name);
      kp_scan_source_free (source);
      g_assert_cmpuint (n, <=, 10);
    }
  g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_EMPTY);
  g_assert_cmpuint (n, ==, 10);
}

typedef struct
{
  GPtrArray *outcomes;
  gboolean done;
} Collected;

static void
collect_outcome (KpScanOutcome *outcome,
                 gpointer       user_data)
{
  g_ptr_array_add (((Collected *) user_data)->outcomes, outcome);
}

static void
collect_done (gboolean stopped,
              gpointer user_data)
{
  g_assert_false (stopped);
  ((Collected *) user_data)->done = TRUE;
}

static char *small_pgm (void);

/* The scanner as a stack for the worker (kp_scan_producer_new_sane): the
 * feeder until it is empty or N pages, the end of the stack no error; a
 * jam ends the stack with its message, delivered once as the last
 * outcome, never retried in a loop (kp-scan-worker.h, errors_end_stack). */
static void
test_producer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pgm = small_pgm ();
  g_autofree char *congress = new_congress ();
  g_autoptr(KpStore) store = kp_store_open (congress, &error);
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_scan_outcome_free);
  Collected collected = { outcomes, FALSE };
  KpScanWorker *worker;
  KpScanner *scanner;

  g_assert_no_error (error);
  for (guint limit = 0; limit <= 3; limit += 3)
    {
      KpSaneDevice *d = open_test ("test:0");
      g_autoptr(KpScanProducer) producer = NULL;
      KpScanSource *source;
      guint n = 0;

      g_assert_true (kp_sane_device_set_source (d, KP_SANE_SOURCE_ADF, &error));
      set (d, "resolution", "75");
      producer = kp_scan_producer_new_sane (d, limit);
      g_assert_cmpuint (producer->total (producer), ==, 0);
      for (;;)
        {
          g_autofree char *where = NULL;

          source = producer->next (producer, NULL, &where, &error);
          if (source == NULL)
            break;
          n++;
          g_assert_cmpstr (where, ==, kp_scan_source_get_name (source));
          kp_scan_source_free (source);
        }
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, limit ? limit : 10);
      /* The test backend keeps its settings for the next opening. */
      g_assert_true (kp_sane_device_set_source (d, KP_SANE_SOURCE_FLATBED, &error));
      g_assert_no_error (error);
    }

  /* A jam: the end of the stack, with what to do. */
  {
    KpSaneDevice *d = open_test ("pnm:0");
    g_autoptr(KpScanProducer) producer = NULL;
    g_autofree char *where = NULL;

    set (d, "filename", pgm);
    set (d, "status-jammed", "yes");
    producer = kp_scan_producer_new_sane (d, 0);
    g_assert_true (producer->errors_end_stack);
    g_assert_null (producer->next (producer, NULL, &where, &error));
    g_assert_error (error, KP_SANE_ERROR, KP_SANE_ERROR_JAMMED);
    g_assert_cmpstr (where, ==, "Noname PNM file reader");
    g_clear_error (&error);
  }
  /* Through the worker: one outcome, the jam, and the end. */
  {
    KpSaneDevice *d = open_test ("pnm:0");

    set (d, "filename", pgm);
    set (d, "status-jammed", "yes");
    election = kp_store_get_election (store, "bch", 0, &error);
    g_assert_no_error (error);
    scanner = kp_scanner_new (kp_store_get_congress (store), election, &error);
    g_assert_no_error (error);
    worker = kp_scan_worker_start (kp_scan_producer_new_sane (d, 0), scanner, collect_outcome, collect_done,
                                   &collected);
    while (!collected.done)
      g_main_context_iteration (NULL, TRUE);
    kp_scan_worker_free (worker);
    g_assert_cmpuint (outcomes->len, ==, 1);
    {
      KpScanOutcome *o = outcomes->pdata[0];
      g_assert_true (o->ended);
      g_assert_null (o->source);
      g_assert_error (o->error, KP_SANE_ERROR, KP_SANE_ERROR_JAMMED);
    }
  }
}

/* A small grey PNM file for the pnm backend. */
static char *
small_pgm (void)
{
  g_autofree char *dir = temp_dir ();
  char *path = g_build_filename (dir, "small.pgm", NULL);
  PIX *pix = pixCreate (160, 120, 8);

  pixSetAllArbitrary (pix, 200);
  g_assert_cmpint (pixWrite (path, pix, IFF_PNM), ==, 0);
  pixDestroy (&pix);
  return path;
}

/* What a scanner can say goes wrong, each its own code and advice. The
 * pnm backend returns them on demand without a reader thread (the test
 * backend's reader thread, cancelled while it starts, can leave the
 * dynamic loader's lock held: SANE's sanei_thread cancels asynchronously). */
static void
test_statuses (void)
{
  static const struct
  {
    const char *option;
    KpSaneError code;
    const char *advice;
  } cases[] = {
    { "status-jammed", KP_SANE_ERROR_JAMMED, "take the sheet out" },
    { "status-coveropen", KP_SANE_ERROR_COVER_OPEN, "close it" },
    { "status-nomem", KP_SANE_ERROR_NO_MEM, "200 dpi" },
    { "status-ioerror", KP_SANE_ERROR_IO, "cable" },
    { "status-accessdenied", KP_SANE_ERROR_ACCESS_DENIED, "\"scanner\" group" },
    { "status-nodocs", KP_SANE_ERROR_EMPTY, "no sheet" },
  };
  g_autoptr(KpSaneDevice) d = open_test ("pnm:0");
  g_autofree char *pgm = small_pgm ();
  PIX *pix;

  set (d, "filename", pgm);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      set (d, cases[i].option, "yes");
      g_assert_null (kp_sane_device_acquire (d, NULL, &error));
      g_assert_error (error, KP_SANE_ERROR, cases[i].code);
      assert_has (error->message, cases[i].advice);
      set (d, cases[i].option, "no");
    }
  /* The scanner works again afterwards: the file as it is. */
  pix = acquire_pix (d, NULL);
  g_assert_cmpint (pixGetWidth (pix), ==, 160);
  g_assert_cmpint (pixGetXRes (pix), ==, 200);
  g_assert_cmpfloat (ABS (mean_grey (pix) - 200), <, 2);
  pixDestroy (&pix);
}

typedef struct
{
  GCancellable *cancellable;
  guint delay_ms;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  g_usleep (c->delay_ms * 1000);
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

/* Another thread stops a slow sheet: sane_cancel () ends the read. */
static void
test_cancel (void)
{
  g_autoptr(KpSaneDevice) d = open_test ("test:0");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Canceller c = { cancellable, 300 };
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  /* 0.2 s for every 1 kB: the page would take minutes. */
  set (d, "read-limit", "yes");
  set (d, "read-limit-size", "1024");
  set (d, "read-delay", "yes");
  set (d, "read-delay-duration", "200000");
  thread = g_thread_new ("cancel", cancel_later, &c);
  g_assert_null (kp_sane_device_acquire (d, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
  g_clear_error (&error);
  /* Cancelled before it starts: nothing is scanned. */
  g_assert_null (kp_sane_device_acquire (d, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The test backend keeps its settings for the next opening. */
  set (d, "read-delay", "no");
  set (d, "read-limit", "no");
}

/* --- kiemphieu-cli with the pnm backend: ballots end to end ----------------- */

/* @n generated ballots of bch written as PGM (or PPM), with their truth. */
static GPtrArray *
write_pnm_ballots (const char *congress,
                   const char *dir,
                   guint       n,
                   GPtrArray  *truths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_open (congress, &error);
  g_autoptr(KpElection) election = NULL;
  g_autoptr(KpBallotLayout) layout = NULL;
  g_autoptr(KpGen) gen = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  KpGenOptions o = { 200, 0.3, TRUE, FALSE, FALSE, FALSE, FALSE };

  g_assert_no_error (error);
  election = kp_store_get_election (store, "bch", 0, &error);
  g_assert_no_error (error);
  layout = kp_documents_ballot_layout (kp_store_get_congress (store), election, KP_PAPER_AUTO, &error);
  g_assert_no_error (error);
  gen = kp_gen_new (layout, &error);
  g_assert_no_error (error);
  for (guint b = 0; b < n; b++)
    {
      g_autoptr(KpGenBallot) ballot = kp_gen_ballot (gen, 700 + b, &o);
      GBytes *png = ballot->pages->pdata[0];
      PIX *pix = pixReadMem (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      /* The last one in colour: a PPM, RGB frames. */
      gboolean colour = b + 1 == n;
      PIX *converted = colour ? pixConvertTo32 (pix) : pixConvertTo8 (pix, FALSE);
      char *path = g_strdup_printf ("%s/%04u.%s", dir, b + 1, colour ? "ppm" : "pgm");

      g_assert_cmpuint (ballot->pages->len, ==, 1);
      g_assert_cmpint (pixWrite (path, converted, IFF_PNM), ==, 0);
      pixDestroy (&pix);
      pixDestroy (&converted);
      g_ptr_array_add (files, path);
      g_ptr_array_add (truths, g_strdup (ballot->truth));
    }
  return files;
}

/* Decides every row left to a person by the truth (kiemphieu-cli adjudicate). */
static void
adjudicate_by_truth (const char *congress,
                     GPtrArray  *truths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_no_error (error);
  }
  for (guint k = 0; k < pending->len; k++)
    {
      const KpScanPending *p = pending->pdata[k];
      const char *truth = truths->pdata[p->serial - 1];
      g_autoptr(GString) strike = g_string_new (NULL);
      g_autoptr(GString) keep = g_string_new (NULL);
      g_autofree char *serial = g_strdup_printf ("%u", p->serial);
      g_auto(Run) run = { 0 };

      if (p->decided || p->rows->len == 0)
        continue;
      for (guint i = 0; i < p->rows->len; i++)
        {
          guint no = g_array_index (p->rows, guint, i);
          g_string_append_printf (truth[no - 1] == KP_GEN_STRUCK ? strike : keep, "%u ", no);
        }
      run_cli (&run, NULL, "adjudicate", congress, "--election", "bch", "--pass", "A", "--serial", serial,
               "--operator", "Lê Thị Ủy viên", "--strike", strike->str, "--keep", keep->str, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
    }
}

static void
test_cli_pnm (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *dir = temp_dir ();
  g_autoptr(GPtrArray) truths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = write_pnm_ballots (congress, dir, 4, truths);
  g_autoptr(GError) error = NULL;
  g_auto(Run) list = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) results = { 0 };
  guint doubtful = 0;

  run_cli (&list, NULL, "scanners", NULL);
  g_assert_cmpint (list.status, ==, 0);
  assert_has (list.out, "pnm:0 — Noname PNM file reader (virtual device (for tests))");
  if (have_locale ("vi_VN.UTF-8"))
    {
      g_auto(Run) vi = { 0 };
      run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "scanners", NULL);
      assert_has (vi.out, "test:0 — Noname frontend-tester (thiết bị ảo (dùng để kiểm thử))");
    }

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *option = g_strdup_printf ("filename=%s", (char *) files->pdata[i]);
      g_autofree char *saved = g_strdup_printf ("scanner Noname PNM file reader, sheet 1: ballot %u of pass A saved",
                                                i + 1);
      g_auto(Run) scan = { 0 };

      run_cli (&scan, NULL, "scan", congress, "--election", "bch", "--device", "pnm:0", "--device-option", option,
               "--operator", "Kỹ thuật viên", NULL);
      g_assert_cmpstr (scan.err, ==, "");
      g_assert_cmpint (scan.status, ==, 0);
      assert_has (scan.out, "Scanning from Noname PNM file reader (glass, 200 dpi, ");
      assert_has (scan.out, saved);
      assert_has (scan.out, "1 ballot saved in pass A of bch");
    }
  /* The same sheet again gives the same image: not counted twice. */
  {
    g_autofree char *option = g_strdup_printf ("filename=%s", (char *) files->pdata[0]);
    run_cli (&again, NULL, "scan", congress, "--election", "bch", "--device", "pnm:0", "--device-option", option,
             NULL);
    g_assert_cmpint (again.status, ==, 0);
    assert_has (again.out, "already saved as ballot 1 of pass A; skipped");
  }

  /* Every ballot as saved is its truth: struck rows struck, kept rows
   * kept; a row for a person is never a confident misread. */
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GPtrArray) pending = NULL;

    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_no_error (error);
    for (guint s = 1; s <= files->len; s++)
      {
        g_autoptr(KpBallot) ballot = kp_store_get_ballot (store, "bch", 0, 'A', s, &error);
        const char *truth = truths->pdata[s - 1];
        const KpScanPending *p = NULL;

        g_assert_no_error (error);
        for (guint k = 0; k < pending->len; k++)
          if (((KpScanPending *) pending->pdata[k])->serial == s)
            p = pending->pdata[k];
        for (guint no = 1; no <= strlen (truth); no++)
          {
            gboolean for_person = FALSE;
            for (guint r = 0; p != NULL && r < p->rows->len; r++)
              for_person |= g_array_index (p->rows, guint, r) == no;
            doubtful += for_person;
            if (!for_person)
              g_assert_cmpint (kp_ballot_is_struck (ballot, no), ==, truth[no - 1] == KP_GEN_STRUCK);
          }
      }
  }
  /* Recognition's share of rows for a person is measured by bench-scan;
   * the same images read from files give the same rows. */
  g_test_message ("rows for a person: %u of %u", doubtful, files->len * 18);

  /* The committee decides them by the truth: then every ballot is its
   * truth, and so are the results. */
  adjudicate_by_truth (congress, truths);
  {
    g_autoptr(KpStore) store = kp_store_open (congress, &error);
    g_autoptr(GPtrArray) pending = NULL;

    g_assert_no_error (error);
    pending = kp_store_scans_pending (store, "bch", 0, &error);
    g_assert_no_error (error);
    for (guint k = 0; k < pending->len; k++)
      {
        const KpScanPending *p = pending->pdata[k];
        const char *truth = truths->pdata[p->serial - 1];

        g_assert_true (p->decided);
        for (guint no = 1; no <= strlen (truth); no++)
          g_assert_cmpint (kp_ballot_is_struck (p->ballot, no), ==, truth[no - 1] == KP_GEN_STRUCK);
      }
  }
  run_cli (&results, NULL, "results", congress, "--election", "bch", NULL);
  g_assert_cmpint (results.status, ==, 0);
  assert_has (results.out, "\"check\":\"scans-decided\",\"rule\":\"R-RECON-1\",\"status\":\"ok\"");
  /* Each candidate's votes: the valid ballots (by the truth: 1 to 15 names
   * kept, R-INVALID-1/2) whose truth keeps the name. */
  for (guint no = 1; no <= 18; no++)
    {
      g_autofree char *key = g_strdup_printf ("{\"no\":%u,", no);
      const char *at = strstr (results.out, key);
      guint votes = 0;

      for (guint b = 0; b < truths->len; b++)
        {
          const char *truth = truths->pdata[b];
          guint kept = 0;
          for (guint i = 0; i < 18; i++)
            kept += truth[i] != KP_GEN_STRUCK;
          votes += kept >= 1 && kept <= 15 && truth[no - 1] != KP_GEN_STRUCK;
        }
      g_assert_nonnull (at);
      at = strstr (at, "\"votes\":");
      g_assert_nonnull (at);
      g_assert_cmpuint (g_ascii_strtoull (at + 8, NULL, 10), ==, votes);
    }
}

/* A jam, a cover left open (the pnm backend): the operator reads what to
 * do, in Vietnamese too; nothing is saved. The feeder of the test backend: every sheet a
 * grid, each refused as no ballot, until it is empty. */
static void
test_cli_errors (void)
{
  g_autofree char *congress = new_congress ();
  g_autofree char *pgm = small_pgm ();
  g_autofree char *file = g_strdup_printf ("filename=%s", pgm);
  g_auto(Run) jam = { 0 };
  g_auto(Run) feeder = { 0 };
  g_auto(Run) usage = { 0 };

  run_cli (&jam, NULL, "scan", congress, "--election", "bch", "--device", "pnm:0", "--device-option", file,
           "--device-option", "status-jammed=yes", NULL);
  g_assert_cmpint (jam.status, ==, 2);
  assert_has (jam.err, "0 ballots were saved before this: Paper is jammed in the scanner Noname PNM file reader");
  /* Said once. */
  g_assert_null (strstr (strstr (jam.err, "Paper is jammed") + 1, "Paper is jammed"));
  if (have_locale ("vi_VN.UTF-8"))
    {
      g_auto(Run) vi = { 0 };
      g_auto(Run) cover = { 0 };

      run_cli_locale (&vi, "vi_VN.UTF-8", NULL, "scan", congress, "--election", "bch", "--device", "pnm:0",
                      "--device-option", file, "--device-option", "status-jammed=yes", NULL);
      g_assert_cmpint (vi.status, ==, 2);
      assert_has (vi.err, "Kẹt giấy trong máy quét Noname PNM file reader");
      run_cli_locale (&cover, "vi_VN.UTF-8", NULL, "scan", congress, "--election", "bch", "--device", "pnm:0",
                      "--device-option", file, "--device-option", "status-coveropen=yes", NULL);
      assert_has (cover.err, "Nắp máy quét Noname PNM file reader đang mở");
    }

  run_cli (&feeder, NULL, "scan", congress, "--election", "bch", "--device", "test:0", "--source", "adf",
           "--resolution", "100", "--device-option", "test-picture=Grid", NULL);
  g_assert_cmpint (feeder.status, ==, 2);
  assert_has (feeder.out, "(sheet feeder, 100 dpi, grey)");
  assert_has (feeder.err, "scanner Noname frontend-tester, sheet 10: REFUSED");
  assert_has (feeder.out, "The feeder is empty: 10 pages scanned");
  assert_has (feeder.out, "0 ballots saved in pass A of bch (round 1); 0 with marks for the committee to decide "
                          "(kiemphieu-cli adjudicate); 10 sheets refused");

  /* The glass: --pages N scans N sheets; in a terminal it waits for each
   * next sheet (Enter), and Ctrl+D (end of input) stops. */
  {
    g_auto(Run) glass = { 0 };
    g_autofree char *script = g_find_program_in_path ("script");

    run_cli (&glass, NULL, "scan", congress, "--election", "bch", "--device", "test:0", "--pages", "2",
             "--resolution", "75", "--device-option", "test-picture=Grid", NULL);
    assert_has (glass.err, "sheet 2: REFUSED");
    g_assert_null (strstr (glass.out, "press Enter"));
    if (script != NULL)
      {
        g_auto(Run) tty = { 0 };
        g_autofree char *command = g_strdup_printf ("'%s' scan '%s' --election bch --device test:0 --pages 5 "
                                                    "--resolution 75 --device-option test-picture=Grid", cli (),
                                                    congress);
        const char *argv[] = { script, "-qec", command, "/dev/null", NULL };

        run_argv (&tty, "\n", argv);
        assert_has (tty.out, "Put the next sheet on the glass and press Enter");
        assert_has (tty.out, "sheet 2: REFUSED");
        g_assert_null (strstr (tty.out, "sheet 3"));
        assert_has (tty.out, "2 sheets refused");
      }
  }

  run_cli (&usage, NULL, "scan", congress, "--election", "bch", "--device", "test:0", "--source", "tray", NULL);
  g_assert_cmpint (usage.status, ==, 1);
  assert_has (usage.err, "--source flatbed, adf or duplex");
}

/* --- the air gap ------------------------------------------------------------- */

/* `kiemphieu-cli scanners` with the backends KiemPhieu ships (data/sane:
 * every local backend Debian has), under strace: no inet socket, no
 * connection to D-Bus or Avahi (SANE's net and escl backends would), and
 * libusb's device-announcement socket is let through by the filter. */
static void
test_air_gap (void)
{
  g_autofree char *strace = g_find_program_in_path ("strace");
  g_autofree char *dir = NULL;
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint uevent = 0;

  if (strace == NULL)
    {
      g_test_skip ("strace is not installed");
      return;
    }
  dir = temp_dir ();
  log = g_build_filename (dir, "strace.txt", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "KP_SANE_CONFIG_DIR");
  g_subprocess_launcher_unsetenv (launcher, "SANE_CONFIG_DIR");
  process = g_subprocess_launcher_spawn (launcher, &error, strace, "-f", "-e", "trace=socket,connect", "-o", log,
                                         cli (), "scanners", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      if (strstr (line, "AF_INET") || strstr (line, "AF_PACKET") || strstr (line, "dbus")
          || strstr (line, "avahi"))
        g_error ("kiemphieu-cli scanners reached for the network: %s", line);
      if (strstr (line, "NETLINK_KOBJECT_UEVENT"))
        {
          g_assert_null (strstr (line, "EACCES"));
          uevent++;
        }
    }
  /* Only true when a USB backend started libusb: the shipped dll.conf
   * loads them. */
  g_assert_cmpuint (uevent, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = source_path ("tests", "sane", NULL);

  g_setenv ("KP_SANE_CONFIG_DIR", config, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sane/list", test_list);
  g_test_add_func ("/sane/defaults", test_defaults);
  g_test_add_func ("/sane/refused-pages", test_refused_pages);
  g_test_add_func ("/sane/frames", test_frames);
  g_test_add_func ("/sane/feeder", test_feeder);
  g_test_add_func ("/sane/statuses", test_statuses);
  g_test_add_func ("/sane/cancel", test_cancel);
  g_test_add_func ("/sane/producer", test_producer);
  g_test_add_func ("/sane/cli/pnm", test_cli_pnm);
  g_test_add_func ("/sane/cli/errors", test_cli_errors);
  g_test_add_func ("/sane/air-gap", test_air_gap);
  return g_test_run ();
}
