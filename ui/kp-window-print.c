/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-window-print.c — printing the minutes, the ballots or the journal: the
 * PDF is made, then the GTK print dialog opens on it.
 */

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

#include "kp-documents.h"
#include "kp-reports.h"
#include "kp-window-private.h"

static void
print_done_cb (GtkPrintJob  *job,
               KpWindow     *self,
               const GError *error)
{
  if (error != NULL)
    _kp_window_toast (self, error->message);
  else
    _kp_window_toast (self, _("Sent to the printer."));
}

/* A PDF that holds a secret (the archive sheet) and its private folder
 * are removed once printed or not. */
static void
remove_secret_pdf (gpointer data)
{
  g_autofree char *path = data;
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
print_response_cb (GtkDialog *dialog,
                   int        response,
                   KpWindow  *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  gboolean secret = g_object_get_data (G_OBJECT (dialog), "secret") != NULL;

  if (response == GTK_RESPONSE_OK)
    {
      GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog));
      GtkPrintSettings *settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));
      GtkPageSetup *setup = gtk_print_unix_dialog_get_page_setup (GTK_PRINT_UNIX_DIALOG (dialog));
      g_autoptr(GtkPrintJob) job = gtk_print_job_new (_("Minutes"), printer, settings, setup);
      g_autoptr(GError) error = NULL;

      /* The job holds the file until it is sent; then it goes. */
      if (secret)
        g_object_set_data_full (G_OBJECT (job), "kp-secret", g_strdup (path), remove_secret_pdf);
      if (!gtk_print_job_set_source_file (job, path, &error))
        _kp_window_toast (self, error->message);
      else
        gtk_print_job_send (job, (GtkPrintJobCompleteFunc) print_done_cb, g_object_ref (self), g_object_unref);
      g_object_unref (settings);
    }
  else if (secret)
    remove_secret_pdf (g_strdup (path));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Opens the GTK print dialog on @pdf. @secret: the PDF (and its folder,
 * made for it alone) is removed once it is printed or the dialog closes. */
void
_kp_window_print_pdf (KpWindow   *self,
                      const char *title,
                      const char *pdf,
                      gboolean    secret)
{
  GtkWidget *dialog = gtk_print_unix_dialog_new (title, GTK_WINDOW (self));

  gtk_print_unix_dialog_set_manual_capabilities (GTK_PRINT_UNIX_DIALOG (dialog),
                                                 GTK_PRINT_CAPABILITY_COPIES | GTK_PRINT_CAPABILITY_GENERATE_PDF);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (pdf), g_free);
  if (secret)
    g_object_set_data (G_OBJECT (dialog), "secret", GINT_TO_POINTER (TRUE));
  g_signal_connect (dialog, "response", G_CALLBACK (print_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * kp_window_print:
 * @document: "minutes" or "ballots" (of the round shown), or "journal"
 * @path: (out) (optional) (transfer full): the PDF made for printing
 *
 * Makes the document (kp-reports, kp-documents) and opens the GTK print
 * dialog on it (a printer, or "Print to File").
 */
gboolean
kp_window_print (KpWindow    *self,
                 const char  *document,
                 char       **path,
                 GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("kiemphieu-print-XXXXXX", error);
  g_autofree char *name = NULL;
  g_autofree char *pdf = NULL;
  const char *title;

  if (dir == NULL)
    return FALSE;
  name = g_strdup_printf ("%s-%s.pdf", document, self->election_id ? self->election_id : "");
  pdf = g_build_filename (dir, name, NULL);
  if (g_str_equal (document, "minutes"))
    {
      title = _("Print the minutes");
      if (!kp_reports_minutes (self->store, self->election_id, 0, pdf, error))
        return FALSE;
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
      if (!kp_documents_ballots (congress, election, (guint) copies, KP_PAPER_AUTO,
                                 kp_store_is_rehearsal (self->store) ? "THỬ NGHIỆM" : NULL, pdf, error))
        return FALSE;
    }
  else
    {
      title = _("Print the journal");
      if (!kp_reports_journal (self->store, pdf, NULL, error))
        return FALSE;
    }
  _kp_window_print_pdf (self, title, pdf, FALSE);
  if (path)
    *path = g_steal_pointer (&pdf);
  return TRUE;
}
