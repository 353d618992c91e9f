/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-ballot-image.c — a scanned ballot's image, read off the UI thread. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kp-ballot-image.h"
#include "kp-scan.h"

/* The recogniser of one election's round, shared by the widget and the
 * thread that reads its pages (one page at a time: the lock). Making it
 * renders the blank ballot (0.2–0.4 s): the thread does it, from copies
 * of what the layout needs, so the congress file may close meanwhile. */
typedef struct
{
  GMutex lock;
  char *key;            /* "<election>:<round>" */
  KpCongress *congress; /* the header the ballot prints (a copy) */
  KpElection *election;
  KpScanner *scanner;   /* made by the first page read */
  char *problem;        /* why it cannot be made */
} Reader;

static void
reader_clear (gpointer data)
{
  Reader *reader = data;

  g_mutex_clear (&reader->lock);
  g_free (reader->key);
  g_clear_pointer (&reader->congress, kp_congress_free);
  g_clear_pointer (&reader->election, kp_election_free);
  g_clear_pointer (&reader->scanner, kp_scanner_free);
  g_free (reader->problem);
}

/* What of the congress the ballot's layout prints (kp_documents_ballot_layout). */
static KpCongress *
congress_header (const KpCongress *congress)
{
  KpCongress *copy = kp_congress_new ();

  copy->superior = g_strdup (congress->superior);
  copy->organization = g_strdup (congress->organization);
  copy->name = g_strdup (congress->name);
  copy->term = g_strdup (congress->term);
  copy->place = g_strdup (congress->place);
  copy->date = g_strdup (congress->date);
  copy->kind = congress->kind;
  copy->convened = congress->convened;
  copy->present = congress->present;
  copy->rehearsal = congress->rehearsal;
  return copy;
}

static void
reader_unref (Reader *reader)
{
  g_atomic_rc_box_release_full (reader, reader_clear);
}

/* What the thread is given: each page's file (or why it is missing). */
typedef struct
{
  Reader *reader;
  GPtrArray *files;   /* GBytes, or NULL */
  GPtrArray *missing; /* char *: why the file is not there, or NULL */
  GArray *pages;      /* guint: the page in its file */
  GArray *rows;       /* guint: the rows to frame */
  guint generation;
} Job;

static void
job_free (Job *job)
{
  reader_unref (job->reader);
  g_ptr_array_unref (job->files);
  g_ptr_array_unref (job->missing);
  g_array_unref (job->pages);
  g_array_unref (job->rows);
  g_free (job);
}

/* What it gives back, per page. */
typedef struct
{
  GdkTexture *page;
  GdkTexture *zoom;   /* the framed rows at the scan's resolution, or NULL */
  char *problem;      /* why the page cannot be shown, or NULL */
} Shown;

static void
shown_free (Shown *shown)
{
  g_clear_object (&shown->page);
  g_clear_object (&shown->zoom);
  g_free (shown->problem);
  g_free (shown);
}

struct _KpBallotImage
{
  GtkWidget parent_instance;

  /* Owned */
  Reader *reader;
  GCancellable *cancellable;
  guint generation;
  gboolean loading;
  int page_height;
  guint n_pages;
  guint n_zoomed;
  char *problem;
  GPtrArray *pictures;  /* GtkPicture of each page shown (borrowed from the box) */

  /* Children */
  GtkWidget *outer;
  GtkWidget *box;
  GtkWidget *status;
};

G_DEFINE_FINAL_TYPE (KpBallotImage, kp_ballot_image, GTK_TYPE_WIDGET)

/* A picture the texture's shape at @height pixels high. */
static void
size_picture (GtkWidget *picture,
              int        height)
{
  GdkPaintable *paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  int w = gdk_paintable_get_intrinsic_width (paintable), h = gdk_paintable_get_intrinsic_height (paintable);

  /* 0: as wide as the widget, the height following (GtkPicture keeps
   * the page's shape). */
  gtk_widget_set_halign (picture, height > 0 ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  if (height <= 0)
    gtk_widget_set_size_request (picture, -1, -1);
  else if (w > 0 && h > 0)
    gtk_widget_set_size_request (picture, (int) ((double) height * w / h), height);
}

static void
clear_box (KpBallotImage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->pictures, 0);
  self->n_pages = 0;
  self->n_zoomed = 0;
}

static void
set_status (KpBallotImage *self,
            const char    *text,
            gboolean       error)
{
  gtk_label_set_text (GTK_LABEL (self->status), text ? text : "");
  gtk_widget_set_visible (self->status, text != NULL);
  if (error)
    gtk_widget_add_css_class (self->status, "error");
  else
    gtk_widget_remove_css_class (self->status, "error");
}

/* In the thread: each page read, turned upright, its rows framed. */
static void
read_pages (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) shown_free);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < job->files->len; i++)
    {
      Shown *shown = g_new0 (Shown, 1);
      GBytes *file = job->files->pdata[i];
      guint page = g_array_index (job->pages, guint, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(KpScanSource) source = NULL;
      g_autoptr(KpScanImage) image = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GBytes) zoom = NULL;

      g_ptr_array_add (out, shown);
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (file == NULL)
        {
          shown->problem = g_strdup (job->missing->pdata[i]);
          continue;
        }
      source = kp_scan_source_new_from_bytes (file, _("the kept image"), &error);
      if (source != NULL && page >= kp_scan_source_get_n_pages (source))
        g_set_error (&error, KP_SCAN_ERROR, KP_SCAN_ERROR_IO, _("the kept image has no page %u"), page + 1);
      else if (source != NULL)
        image = kp_scan_source_read_page (source, page, &error);
      if (image != NULL)
        {
          Reader *reader = job->reader;

          g_mutex_lock (&reader->lock);
          if (reader->scanner == NULL && reader->problem == NULL)
            {
              g_autoptr(GError) made = NULL;

              reader->scanner = kp_scanner_new (reader->congress, reader->election, &made);
              if (reader->scanner == NULL)
                reader->problem = g_strdup (made->message);
            }
          if (reader->scanner != NULL)
            png = kp_scanner_highlight (reader->scanner, image, (const guint *) job->rows->data, job->rows->len,
                                        2400, job->rows->len ? &zoom : NULL, &error);
          else
            g_set_error_literal (&error, KP_SCAN_ERROR, KP_SCAN_ERROR_IO, reader->problem);
          g_mutex_unlock (&reader->lock);
        }
      /* Textures are immutable: made here, shown by the UI thread. */
      if (png != NULL)
        shown->page = gdk_texture_new_from_bytes (png, &error);
      if (zoom != NULL)
        shown->zoom = gdk_texture_new_from_bytes (zoom, NULL);
      if (shown->page == NULL)
        shown->problem = g_strdup (error ? error->message : _("This page cannot be shown."));
    }
  g_debug ("ballot image: %u pages read in %" G_GINT64_FORMAT " ms", job->files->len,
           (g_get_monotonic_time () - start) / 1000);
  g_task_return_pointer (task, out, (GDestroyNotify) g_ptr_array_unref);
}

static void
pages_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KpBallotImage *self = KP_BALLOT_IMAGE (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) out = g_task_propagate_pointer (G_TASK (result), NULL);

  /* A newer ballot was asked for meanwhile: this one is not shown. */
  if (out == NULL || job->generation != self->generation || self->outer == NULL)
    return;
  self->loading = FALSE;
  set_status (self, NULL, FALSE);
  for (guint i = 0; i < out->len; i++)
    {
      Shown *shown = out->pdata[i];

      if (out->len > 1)
        {
          g_autofree char *text = g_strdup_printf (_("Page %u of %u"), i + 1, out->len);
          GtkWidget *caption = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (caption), 0);
          gtk_widget_add_css_class (caption, "heading");
          gtk_box_append (GTK_BOX (self->box), caption);
        }
      if (shown->page == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("This page cannot be shown: %s"), shown->problem);
          GtkWidget *label = gtk_label_new (text);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "error");
          gtk_box_append (GTK_BOX (self->box), label);
          if (self->problem == NULL)
            self->problem = g_strdup (shown->problem);
          continue;
        }
      if (shown->zoom != NULL)
        {
          GtkWidget *zoom = gtk_picture_new_for_paintable (GDK_PAINTABLE (shown->zoom));
          GtkWidget *band = zoom;

          if (self->page_height > 0)
            {
              /* The framed rows at the scan's own resolution (about twice
               * life size at 200 dpi), scrolled sideways when wider. */
              band = gtk_scrolled_window_new ();
              gtk_picture_set_can_shrink (GTK_PICTURE (zoom), FALSE);
              gtk_widget_set_halign (zoom, GTK_ALIGN_START);
              gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (band), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
              gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (band), TRUE);
              gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (band), zoom);
            }
          else
            /* Pages as wide as the widget (the reconciliation pane): the
             * band of the framed rows as wide too, the whole of it, its
             * height following; never scrolled sideways. */
            gtk_picture_set_can_shrink (GTK_PICTURE (zoom), TRUE);
          gtk_widget_add_css_class (band, "kp-ballot-zoom");
          gtk_widget_set_tooltip_text (band, _("The rows framed in red, enlarged"));
          gtk_box_append (GTK_BOX (self->box), band);
          self->n_zoomed++;
        }
      {
        GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (shown->page));

        gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
        gtk_widget_add_css_class (picture, "kp-ballot-page");
        size_picture (picture, self->page_height);
        gtk_box_append (GTK_BOX (self->box), picture);
        g_ptr_array_add (self->pictures, picture);
        self->n_pages++;
      }
    }
}

/**
 * kp_ballot_image_show:
 * @pages: (array zero-terminated=1): "<sha256>:<page>" per page of the
 *   ballot, as KpScanPending and the journal name them
 * @rows: (array length=n_rows): the rows to frame and zoom; none for the
 *   plain image
 *
 * Shows the ballot's pages; the files are taken from the congress file
 * here, read and framed in a thread. A call while one is loading replaces
 * it.
 */
void
kp_ballot_image_show (KpBallotImage     *self,
                      KpStore           *store,
                      const char        *election_id,
                      guint              round,
                      const char *const *pages,
                      const guint       *rows,
                      guint              n_rows)
{
  g_autofree char *key = g_strdup_printf ("%s:%u", election_id, round);
  g_autoptr(GTask) task = NULL;
  gint64 start = g_get_monotonic_time ();
  Job *job;

  kp_ballot_image_clear (self);
  if (self->reader == NULL || g_strcmp0 (self->reader->key, key) != 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KpElection) election = kp_store_get_election (store, election_id, round, &error);
      Reader *reader;

      if (election == NULL)
        {
          g_free (self->problem);
          self->problem = g_strdup (error->message);
          set_status (self, error->message, TRUE);
          return;
        }
      reader = g_atomic_rc_box_new0 (Reader);
      g_mutex_init (&reader->lock);
      reader->key = g_steal_pointer (&key);
      reader->congress = congress_header (kp_store_get_congress (store));
      reader->election = g_steal_pointer (&election);
      g_clear_pointer (&self->reader, reader_unref);
      self->reader = reader;
    }

  job = g_new0 (Job, 1);
  job->reader = g_atomic_rc_box_acquire (self->reader);
  job->files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  job->missing = g_ptr_array_new_with_free_func (g_free);
  job->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  job->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  job->generation = self->generation;
  g_array_append_vals (job->rows, rows, n_rows);
  for (guint i = 0; pages && pages[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sha = g_strndup (pages[i], 64);
      const char *colon = strchr (pages[i], ':');
      guint page = colon ? (guint) g_ascii_strtoull (colon + 1, NULL, 10) : 0;
      /* The store is read here, in the UI thread: it is not shared. */
      GBytes *file = kp_store_get_image (store, sha, NULL, NULL, &error);

      g_ptr_array_add (job->files, file);
      g_ptr_array_add (job->missing, file ? NULL : g_strdup (error->message));
      g_array_append_val (job->pages, page);
    }
  self->loading = TRUE;
  set_status (self, _("Loading the image…"), FALSE);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, pages_read_cb, NULL);
  g_task_set_source_tag (task, kp_ballot_image_show);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, read_pages);
  g_debug ("ballot image: %u files taken from the congress file in %" G_GINT64_FORMAT " ms (UI thread)",
           job->files->len, (g_get_monotonic_time () - start) / 1000);
}

/* Nothing shown; a ballot loading is forgotten. */
void
kp_ballot_image_clear (KpBallotImage *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;
  self->loading = FALSE;
  g_clear_pointer (&self->problem, g_free);
  clear_box (self);
  set_status (self, NULL, FALSE);
}

/* Each page this many pixels high (the window's zoom), or with 0 as wide
 * as the widget is given. The enlarged rows follow the choice made when
 * the ballot is shown: with 0, as wide as the widget too; else at the
 * scan's resolution, scrolled sideways. */
void
kp_ballot_image_set_page_height (KpBallotImage *self,
                                 int            height)
{
  self->page_height = height;
  for (guint i = 0; i < self->pictures->len; i++)
    size_picture (self->pictures->pdata[i], height);
}

int
kp_ballot_image_get_page_height (KpBallotImage *self)
{
  return self->page_height;
}

gboolean
kp_ballot_image_is_loading (KpBallotImage *self)
{
  return self->loading;
}

/* The pages shown, once loaded. */
guint
kp_ballot_image_get_n_pages (KpBallotImage *self)
{
  return self->n_pages;
}

/* The pages shown with their framed rows enlarged. */
guint
kp_ballot_image_get_n_zoomed (KpBallotImage *self)
{
  return self->n_zoomed;
}

/* Why a page (the first such) is not shown, or %NULL. */
const char *
kp_ballot_image_get_problem (KpBallotImage *self)
{
  return self->problem;
}

static void
kp_ballot_image_dispose (GObject *object)
{
  KpBallotImage *self = KP_BALLOT_IMAGE (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->outer, gtk_widget_unparent);
  G_OBJECT_CLASS (kp_ballot_image_parent_class)->dispose (object);
}

static void
kp_ballot_image_finalize (GObject *object)
{
  KpBallotImage *self = KP_BALLOT_IMAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reader, reader_unref);
  g_clear_pointer (&self->pictures, g_ptr_array_unref);
  g_free (self->problem);
  G_OBJECT_CLASS (kp_ballot_image_parent_class)->finalize (object);
}

static void
kp_ballot_image_class_init (KpBallotImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_ballot_image_dispose;
  object_class->finalize = kp_ballot_image_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_ballot_image_init (KpBallotImage *self)
{
  self->page_height = 720;
  self->pictures = g_ptr_array_new ();
  /* The status sits above the pages, outside what clear_box empties. */
  self->outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  self->status = gtk_label_new (NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status), 0);
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_widget_set_visible (self->status, FALSE);
  gtk_box_append (GTK_BOX (self->outer), self->status);
  gtk_box_append (GTK_BOX (self->outer), self->box);
  gtk_widget_set_parent (self->outer, GTK_WIDGET (self));
}

KpBallotImage *
kp_ballot_image_new (void)
{
  return g_object_new (KP_TYPE_BALLOT_IMAGE, NULL);
}

/* --- the ballot image window ----------------------------------------------------- */

#define ZOOM_MIN 300
#define ZOOM_MAX 4800

static void
zoom_by (KpBallotImage *image,
         double         factor)
{
  int height = factor > 0 ? (int) (kp_ballot_image_get_page_height (image) * factor) : 900;

  kp_ballot_image_set_page_height (image, CLAMP (height, ZOOM_MIN, ZOOM_MAX));
}

static void
zoom_in_cb (GtkWidget     *button,
            KpBallotImage *image)
{
  zoom_by (image, 1.25);
}

static void
zoom_out_cb (GtkWidget     *button,
             KpBallotImage *image)
{
  zoom_by (image, 0.8);
}

static void
zoom_fit_cb (GtkWidget     *button,
             KpBallotImage *image)
{
  zoom_by (image, 0);
}

static gboolean
zoom_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  KpBallotImage *image = g_object_get_data (G_OBJECT (widget), "image");

  zoom_by (image, g_variant_get_double (args));
  return TRUE;
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* The window for @pages, titled @title. */
static GtkWindow *
present_pages (GtkWidget         *parent,
               KpStore           *store,
               const char        *election_id,
               guint              round,
               const char        *title,
               const char *const *pages)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *window, *box, *header, *scroll, *in, *out, *fit;
  KpBallotImage *image;
  GtkEventController *keys;
  GtkShortcutTrigger *trigger;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 1000);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  in = icon_button ("zoom-in-symbolic", _("Zoom in (Ctrl++)"));
  out = icon_button ("zoom-out-symbolic", _("Zoom out (Ctrl+−)"));
  fit = icon_button ("zoom-original-symbolic", _("Usual size (Ctrl+0)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), out);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), fit);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), in);
  gtk_box_append (GTK_BOX (box), header);

  image = kp_ballot_image_new ();
  kp_ballot_image_set_page_height (image, 900);
  gtk_widget_set_margin_top (GTK_WIDGET (image), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (image), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (image), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (image), 12);
  gtk_widget_set_halign (GTK_WIDGET (image), GTK_ALIGN_CENTER);
  scroll = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (image));
  gtk_box_append (GTK_BOX (box), scroll);
  adw_window_set_content (ADW_WINDOW (window), box);

  g_signal_connect (in, "clicked", G_CALLBACK (zoom_in_cb), image);
  g_signal_connect (out, "clicked", G_CALLBACK (zoom_out_cb), image);
  g_signal_connect (fit, "clicked", G_CALLBACK (zoom_fit_cb), image);

  g_object_set_data (G_OBJECT (window), "image", image);
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_GLOBAL);
  trigger = gtk_alternative_trigger_new (gtk_shortcut_trigger_parse_string ("<Control>plus"),
                                         gtk_alternative_trigger_new (gtk_shortcut_trigger_parse_string ("<Control>equal"),
                                                                      gtk_shortcut_trigger_parse_string ("<Control>KP_Add")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new_with_arguments (trigger, gtk_callback_action_new (zoom_key_cb, NULL, NULL),
                                                                         "d", 1.25));
  trigger = gtk_alternative_trigger_new (gtk_shortcut_trigger_parse_string ("<Control>minus"),
                                         gtk_shortcut_trigger_parse_string ("<Control>KP_Subtract"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new_with_arguments (trigger, gtk_callback_action_new (zoom_key_cb, NULL, NULL),
                                                                         "d", 0.8));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new_with_arguments (gtk_shortcut_trigger_parse_string ("<Control>0"),
                                                                         gtk_callback_action_new (zoom_key_cb, NULL, NULL),
                                                                         "d", 0.0));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);

  kp_ballot_image_show (image, store, election_id, round, pages, NULL, 0);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (scroll);
  return GTK_WINDOW (window);
}

/**
 * kp_ballot_image_window_present:
 * @parent: a widget of the window it opens from
 *
 * Opens a window with a scanned ballot's image, every page, zoomable from
 * the keyboard (Ctrl++, Ctrl+−, Ctrl+0 for the usual size; PgUp/PgDn and
 * the arrows scroll; Escape closes). A typed ballot has no image: %NULL
 * and @error says so.
 *
 * Returns: (transfer none) (nullable): the window.
 */
GtkWindow *
kp_ballot_image_window_present (GtkWidget  *parent,
                                KpStore    *store,
                                const char *election_id,
                                guint       round,
                                char        pass,
                                guint       serial,
                                GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(KpScanPending) scan = kp_store_get_scan (store, election_id, round, pass, serial, &local);
  g_autofree char *title = NULL;

  if (scan == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID,
                     _("Ballot %u of pass %c was typed, not scanned: it has no image."), serial, pass);
      return NULL;
    }
  title = g_strdup_printf (_("Ballot %u of pass %c — scanned image"), serial, pass);
  return present_pages (parent, store, election_id, round, title, (const char *const *) scan->pages);
}

/**
 * kp_ballot_image_window_present_pages:
 * @pages: (array zero-terminated=1): "<sha256>:<page>" per page, as a
 *   journal entry names them (the ballot may have been voided since)
 *
 * As kp_ballot_image_window_present (), from the pages themselves.
 */
GtkWindow *
kp_ballot_image_window_present_pages (GtkWidget         *parent,
                                      KpStore           *store,
                                      const char        *election_id,
                                      guint              round,
                                      char               pass,
                                      guint              serial,
                                      const char *const *pages)
{
  g_autofree char *title = g_strdup_printf (_("Ballot %u of pass %c — scanned image"), serial, pass);

  return present_pages (parent, store, election_id, round, title, pages);
}
