/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-print.c — printing the minutes, the ballots, the journal or the
 * archive sheet: the PDF is made in memory, and a GtkPrintOperation draws
 * its pages (poppler) for the printer the GTK print dialog chooses.
 */

#include <glib/gi18n.h>
#include <poppler.h>

#include "kp-documents.h"
#include "kp-reports.h"
#include "kp-window-private.h"

typedef struct
{
  KpWindow *self;            /* owned */
  PopplerDocument *document; /* owned; reads the PDF's bytes, in memory */
} PrintData;

static void
print_data_free (gpointer data)
{
  PrintData *p = data;

  g_object_unref (p->self);
  g_object_unref (p->document);
  g_free (p);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintData         *p)
{
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (p->document));
}

/* The ballots' two-up sheets are landscape: each sheet on paper turned as
 * it is. */
static void
request_page_setup_cb (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GtkPageSetup      *setup,
                       PrintData         *p)
{
  PopplerPage *page = poppler_document_get_page (p->document, page_nr);
  double width, height;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
  g_object_unref (page);
}

/* Each page of the PDF drawn on the printer's page, scaled to fit (1:1 on
 * the A4 it was made for). */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintData         *p)
{
  PopplerPage *page = poppler_document_get_page (p->document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  scale = MIN (gtk_print_context_get_width (context) / width, gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintData               *p)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        _kp_window_toast (p->self, error->message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    _kp_window_toast (p->self, _("Sent to the printer."));
}

/*
 * Prints @pdf from memory: a GtkPrintOperation whose pages are the PDF's,
 * drawn by poppler on the print context. No file holds the document on
 * the way (GTK's own spool file is unlinked as soon as it is opened), so
 * a secret on it (the archive sheet's password) is never left on disk,
 * even if the app is killed while the dialog is open. @export_to: write
 * the printed pages to this PDF instead of asking (tests).
 */
gboolean
_kp_window_print_pdf (KpWindow    *self,
                      const char  *title,
                      GBytes      *pdf,
                      const char  *export_to,
                      GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, error);
  PrintData *p;

  if (document == NULL)
    return FALSE;
  p = g_new0 (PrintData, 1);
  p->self = g_object_ref (self);
  p->document = document;
  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), "kp-print", p, print_data_free);
  gtk_print_operation_set_job_name (operation, title);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), p);
  g_signal_connect (operation, "request-page-setup", G_CALLBACK (request_page_setup_cb), p);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), p);
  if (export_to != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_to);
      return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self), error)
             != GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), p);
  gtk_print_operation_set_allow_async (operation, TRUE);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), error)
         != GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * kp_window_print:
 * @document: "minutes" or "ballots" (of the round shown), or "journal"
 * @export_to: (nullable): write the printed pages to this PDF file instead
 *   of opening the print dialog (tests)
 *
 * Makes the document in memory (kp-reports, kp-documents) and opens the
 * GTK print dialog on it (a printer, or "Print to File").
 */
gboolean
kp_window_print (KpWindow    *self,
                 const char  *document,
                 const char  *export_to,
                 GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;
  const char *title;

  if (g_str_equal (document, "minutes"))
    {
      title = _("Print the minutes");
      pdf = kp_reports_minutes_pdf (self->store, self->election_id, 0, error);
    }
  else if (g_str_equal (document, "ballots"))
    {
      g_autoptr(KpElection) election = kp_store_get_election (self->store, self->election_id, 0, error);
      KpCongress *congress = kp_store_get_congress (self->store);
      gint64 copies;

      if (election == NULL)
        return FALSE;
      /* As many ballots as may be issued: recorded, else those present. */
      copies = election->issued > 0 ? election->issued : congress->present > 0 ? congress->present : congress->convened;
      title = _("Print the ballots");
      pdf = kp_documents_ballots_pdf (congress, election, (guint) copies, KP_PAPER_AUTO,
                                      kp_store_is_rehearsal (self->store) ? "THỬ NGHIỆM" : NULL, error);
    }
  else
    {
      title = _("Print the journal");
      pdf = kp_reports_journal_pdf (self->store, NULL, error);
    }
  return pdf != NULL && _kp_window_print_pdf (self, title, pdf, export_to, error);
}
