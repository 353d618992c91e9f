/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-projector-window.c — the hall's view of a result.
 *
 * What the hall sees follows the file, never a switch of this window:
 * nothing until the head releases the round (kp_store_release_projector);
 * then the votes and shares under "CHƯA CHÍNH THỨC", with no word on who is
 * elected; once the head confirms, "CHÍNH THỨC" with each candidate's
 * status, ties and the seats left for a further round, in the words of the
 * results screen and the minutes.
 *
 * The names are laid out to fit the window: one to three columns, and when
 * they do not fit, pages that turn by themselves; the type gets smaller
 * only when even one column is too wide. Nothing is cut off or ellipsized.
 */

#include <glib/gi18n.h>

#include "kp-projector-window.h"
#include "kp-store-projector.h"

#define MAX_COLUMNS 3
#define N_LEVELS 3 /* type sizes, largest first (style.css .kp-projector-level-N) */
#define PAGE_SECONDS 8

struct _KpProjectorWindow
{
  AdwWindow parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  char *election_id;
  KpResult *result; /* NULL while hidden */
  gboolean released;
  gboolean confirmed;
  int laid_width; /* the size the pages were laid out for */
  int laid_height;
  guint level; /* of the type: 0 largest, until one column fits across */
  guint n_pages;
  guint page_timer;
  guint relayout_idle;

  /* Template widgets */
  GtkWidget *content;
  GtkLabel *congress;
  GtkLabel *title;
  GtkLabel *banner;
  GtkStack *stack;
  GtkLabel *waiting;
  GtkStack *pages;
  GtkLabel *page;
  GtkLabel *decision;
  GtkLabel *summary;
};

G_DEFINE_FINAL_TYPE (KpProjectorWindow, kp_projector_window, ADW_TYPE_WINDOW)

/* The words of the results screen (kp-results-view.c) and of the minutes
 * (kp_result_to_text): the same msgids, so the same translation. */
static const char *
status_words (KpStatus status)
{
  switch (status)
    {
    case KP_STATUS_ELECTED:
      return _("Elected");
    case KP_STATUS_TIED:
      return _("Tied");
    case KP_STATUS_NOT_ELECTED:
      return _("Not elected (seats filled)");
    case KP_STATUS_BELOW_THRESHOLD:
      return _("Not elected (not over half)");
    default:
      g_assert_not_reached ();
    }
}

static void
cell (GtkGrid    *grid,
      const char *text,
      int         column,
      int         row,
      gboolean    right,
      const char *css_class,
      gboolean    elected)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), right ? 1 : 0);
  gtk_widget_add_css_class (label, css_class);
  if (elected)
    gtk_widget_add_css_class (label, "kp-projector-elected");
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

/* One column of names: a header row, then @count candidates from @first.
 * The status column only once the round is confirmed. */
static GtkWidget *
column_grid (KpProjectorWindow *self,
             guint              first,
             guint              count)
{
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  g_autofree char *level = g_strdup_printf ("kp-projector-level-%u", self->level);

  gtk_widget_add_css_class (GTK_WIDGET (grid), level);
  gtk_grid_set_column_spacing (grid, 20 - 5 * self->level);
  gtk_grid_set_row_spacing (grid, 2);
  gtk_widget_set_valign (GTK_WIDGET (grid), GTK_ALIGN_START);
  cell (grid, _("No."), 0, 0, TRUE, "kp-projector-head", FALSE);
  cell (grid, _("Name"), 1, 0, FALSE, "kp-projector-head", FALSE);
  cell (grid, _("Votes"), 2, 0, TRUE, "kp-projector-head", FALSE);
  cell (grid, _("Share of the base"), 3, 0, TRUE, "kp-projector-head", FALSE);
  if (self->confirmed)
    cell (grid, _("Result"), 4, 0, FALSE, "kp-projector-head", FALSE);
  for (guint i = first; i < first + count && i < self->result->candidates->len; i++)
    {
      const KpCandidateResult *c = g_ptr_array_index (self->result->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);
      g_autofree char *votes = g_strdup_printf ("%u", c->votes);
      g_autofree char *pct = kp_rules_format_percent (c->percent, ',');
      g_autofree char *pct_sign = g_strdup_printf ("%s%%", pct);
      /* Before confirmation nobody is shown as elected. */
      gboolean elected = self->confirmed && c->status == KP_STATUS_ELECTED;
      int row = i - first + 1;

      cell (grid, no, 0, row, TRUE, "kp-projector-row", elected);
      cell (grid, c->display_name, 1, row, FALSE, "kp-projector-row", elected); /* R-LIST-2: namesakes */
      cell (grid, votes, 2, row, TRUE, "kp-projector-row", elected);
      cell (grid, pct_sign, 3, row, TRUE, "kp-projector-row", elected);
      if (self->confirmed)
        cell (grid, status_words (c->status), 4, row, FALSE, "kp-projector-row", elected);
    }
  return GTK_WIDGET (grid);
}

/* A page: up to @columns columns of @rows names each, from @first. */
static GtkWidget *
page_box (KpProjectorWindow *self,
          guint              first,
          guint              rows,
          guint              columns)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 40);
  guint n = self->result->candidates->len;

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  for (guint c = 0; c < columns && first + c * rows < n; c++)
    gtk_box_append (GTK_BOX (box), column_grid (self, first + c * rows, rows));
  return box;
}

/* A page as wide as any page of @columns columns can be: each column holds
 * every name (to measure the width only). */
static GtkWidget *
widest_page (KpProjectorWindow *self,
             guint              columns)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 40);

  for (guint c = 0; c < columns; c++)
    gtk_box_append (GTK_BOX (box), column_grid (self, 0, self->result->candidates->len));
  return box;
}

static void
clear_pages (KpProjectorWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages))) != NULL)
    gtk_stack_remove (self->pages, child);
}

/* Puts @page alone in the stack and says whether the whole window then fits
 * @width × @height (@height 0: the width only). The pages sit in a
 * scroller without scrollbars, which asks for no room of its own: the room
 * they have is what the rest leaves. */
static gboolean
fits (KpProjectorWindow *self,
      GtkWidget         *page,
      int                width,
      int                height)
{
  int inner = width - gtk_widget_get_margin_start (self->content) - gtk_widget_get_margin_end (self->content);
  int page_width, page_height, rest_height;

  clear_pages (self);
  gtk_stack_add_named (self->pages, page, "probe");
  gtk_stack_set_visible_child_full (self->pages, "probe", GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &page_width, NULL, NULL, NULL);
  if (page_width > inner)
    return FALSE;
  if (height == 0)
    return TRUE;
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, inner, &page_height, NULL, NULL, NULL);
  gtk_widget_measure (self->content, GTK_ORIENTATION_VERTICAL, width, &rest_height, NULL, NULL, NULL);
  return rest_height + page_height <= height;
}

static void
show_page (KpProjectorWindow *self,
           guint              page)
{
  g_autofree char *name = g_strdup_printf ("page-%u", page);

  gtk_stack_set_visible_child_full (self->pages, name,
                                    page == 0 ? GTK_STACK_TRANSITION_TYPE_NONE : GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}

/* "Page 2 of 3" follows the page shown, however it was turned. */
static void
page_shown_cb (KpProjectorWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages);
  g_autofree char *text = NULL;

  if (name == NULL || !g_str_has_prefix (name, "page-"))
    return;
  text = g_strdup_printf (_("Page %u of %u"), (guint) g_ascii_strtoull (name + strlen ("page-"), NULL, 10) + 1,
                          self->n_pages);
  gtk_label_set_text (self->page, text);
}

static gboolean
turn_page_cb (gpointer data)
{
  KpProjectorWindow *self = data;
  const char *name = gtk_stack_get_visible_child_name (self->pages);
  guint page = name ? (guint) g_ascii_strtoull (name + strlen ("page-"), NULL, 10) : 0;

  show_page (self, (page + 1) % self->n_pages);
  return G_SOURCE_CONTINUE;
}

/* Chooses the fewest columns that show every name on one page; else the
 * most columns that fit across, with as many rows as fit down, on pages
 * that turn every PAGE_SECONDS seconds. */
static void
relayout (KpProjectorWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint n, rows = 0, columns = 0;

  g_clear_handle_id (&self->page_timer, g_source_remove);
  if (width <= 0 || height <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  self->laid_width = width;
  self->laid_height = height;
  self->n_pages = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->page), FALSE);
  clear_pages (self);
  if (self->result == NULL)
    return;

  n = self->result->candidates->len;
  /* The largest type at which one column fits across (long names, the
   * status after confirmation, a narrow projector). */
  for (self->level = 0; self->level + 1 < N_LEVELS; self->level++)
    if (fits (self, widest_page (self, 1), width, 0))
      break;
  for (guint c = 1; c <= MAX_COLUMNS && columns == 0; c++)
    {
      guint r = MAX ((n + c - 1) / c, 1);

      if (c > 1 && (n + c - 2) / (c - 1) == r)
        continue; /* no fewer rows than with one column less */
      if (fits (self, page_box (self, 0, r, c), width, height))
        columns = c, rows = r;
      else if (!fits (self, widest_page (self, c), width, 0))
        break; /* more columns would not fit across */
    }
  if (columns == 0)
    {
      guint lo = 1, hi;

      /* Pages: as many columns as fit across (every name measured), then
       * as many rows as fit down under "Page 9 of 9". */
      for (columns = MAX_COLUMNS; columns > 1; columns--)
        if (fits (self, widest_page (self, columns), width, 0))
          break;
      gtk_label_set_text (self->page, _("Page 9 of 9"));
      gtk_widget_set_visible (GTK_WIDGET (self->page), TRUE);
      hi = MAX ((n + columns - 1) / columns, 1);
      while (lo < hi)
        {
          guint mid = (lo + hi + 1) / 2;

          if (fits (self, page_box (self, 0, mid, columns), width, height))
            lo = mid;
          else
            hi = mid - 1;
        }
      rows = lo;
    }

  clear_pages (self);
  for (guint first = 0; first < MAX (n, 1); first += rows * columns)
    {
      g_autofree char *name = g_strdup_printf ("page-%u", self->n_pages++);
      gtk_stack_add_named (self->pages, page_box (self, first, rows, columns), name);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->page), self->n_pages > 1);
  show_page (self, 0);
  page_shown_cb (self);
  if (self->n_pages > 1)
    self->page_timer = g_timeout_add_seconds (PAGE_SECONDS, turn_page_cb, self);
}

static gboolean
relayout_cb (gpointer data)
{
  KpProjectorWindow *self = data;

  self->relayout_idle = 0;
  relayout (self);
  return G_SOURCE_REMOVE;
}

/* A new size (full screen on the projector, a resized window): the pages
 * are laid out again, after this allocation. */
static void
kp_projector_window_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  KpProjectorWindow *self = KP_PROJECTOR_WINDOW (widget);

  GTK_WIDGET_CLASS (kp_projector_window_parent_class)->size_allocate (widget, width, height, baseline);
  if ((width != self->laid_width || height != self->laid_height) && self->relayout_idle == 0)
    self->relayout_idle = g_idle_add (relayout_cb, self);
}

/**
 * kp_projector_window_refresh:
 *
 * Shows the current state of the latest round, as the file says:
 * "counting in progress" until the head releases it; the totals under
 * "CHƯA CHÍNH THỨC" until the head confirms; then "CHÍNH THỨC" and who is
 * elected.
 */
gboolean
kp_projector_window_refresh (KpProjectorWindow  *self,
                             GError            **error)
{
  g_autoptr(KpRoundInfo) info = NULL;
  g_autoptr(KpElection) election = NULL;
  g_autoptr(GString) decision = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autoptr(GError) local_error = NULL;
  KpCongress *congress;
  gboolean rehearsal;

  if (self->store == NULL)
    return TRUE;
  if ((info = kp_store_get_round_info (self->store, self->election_id, 0, error)) == NULL
      || (election = kp_store_get_election (self->store, self->election_id, info->round, error)) == NULL)
    return FALSE;
  self->released = kp_store_is_projector_released (self->store, self->election_id, info->round, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->confirmed = info->state == KP_ELECTION_CONFIRMED;
  rehearsal = kp_store_is_rehearsal (self->store);
  congress = kp_store_get_congress (self->store);
  gtk_label_set_text (self->congress, congress->name);
  gtk_label_set_text (self->title, election->title);
  /* A rehearsal copy says so on the hall's screen too, even when confirmed. */
  gtk_label_set_text (self->banner, rehearsal ? _("REHEARSAL") : self->confirmed ? _("OFFICIAL") : _("UNOFFICIAL"));
  if (self->confirmed && !rehearsal)
    gtk_widget_add_css_class (GTK_WIDGET (self->banner), "official");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner), "official");

  g_clear_pointer (&self->result, kp_result_free);
  if (!self->released)
    {
      gtk_stack_set_visible_child_name (self->stack, "hidden");
      gtk_label_set_text (self->summary, "");
      gtk_widget_set_visible (GTK_WIDGET (self->decision), FALSE);
      relayout (self);
      return TRUE;
    }

  if ((self->result = kp_store_results (self->store, self->election_id, info->round, NULL, error)) == NULL)
    return FALSE;
  if (self->confirmed)
    {
      KpResult *result = self->result;

      summary = g_strdup_printf (_("Ballots collected %u · valid %u · invalid %u · elected %u of %u"),
                                 result->collected, result->valid, result->invalid, result->elected->len,
                                 result->seats);
      /* R-TIE-1: none of the tied is elected; R-ROUND-1: seats left. */
      if (result->tied->len)
        {
          g_autoptr(GString) tied = g_string_new (NULL);

          for (guint i = 0; i < result->tied->len; i++)
            {
              const KpCandidateResult *c = g_ptr_array_index (result->candidates,
                                                              g_array_index (result->tied, guint, i) - 1);
              g_string_append_printf (tied, "%s%s", i ? ", " : "", c->display_name);
            }
          g_string_append_printf (decision, _("Tied at the last seats, none of them elected: %s. "), tied->str);
        }
      if (result->seats_remaining)
        g_string_append_printf (decision, ngettext ("%u seat remains; a further round %u is proposed.",
                                                    "%u seats remain; a further round %u is proposed.",
                                                    result->seats_remaining),
                                result->seats_remaining, result->round + 1);
    }
  else
    summary = g_strdup_printf (_("Ballots collected %u · valid %u · invalid %u"), self->result->collected,
                               self->result->valid, self->result->invalid);
  gtk_label_set_text (self->summary, summary);
  gtk_label_set_text (self->decision, decision->str);
  gtk_widget_set_visible (GTK_WIDGET (self->decision), decision->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "results");
  relayout (self);
  return TRUE;
}

gboolean
kp_projector_window_show_round (KpProjectorWindow  *self,
                                KpStore            *store,
                                const char         *election_id,
                                GError            **error)
{
  char *id = g_strdup (election_id);

  self->store = store;
  g_free (self->election_id);
  self->election_id = id;
  return kp_projector_window_refresh (self, error);
}

/**
 * kp_projector_window_get_released:
 *
 * Returns: whether the hall sees the totals (as the file said at the last
 * refresh).
 */
gboolean
kp_projector_window_get_released (KpProjectorWindow *self)
{
  return self->released;
}

/**
 * kp_projector_window_get_n_pages:
 *
 * Returns: how many pages the names take at the window's size (0 while
 * hidden); they turn every few seconds.
 */
guint
kp_projector_window_get_n_pages (KpProjectorWindow *self)
{
  return self->n_pages;
}

/**
 * kp_projector_window_show_page:
 * @page: from 0
 */
void
kp_projector_window_show_page (KpProjectorWindow *self,
                               guint              page)
{
  g_return_if_fail (page < self->n_pages);
  show_page (self, page);
}

static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_text (c, out);
}

/**
 * kp_projector_window_get_text:
 *
 * Returns: (transfer full): every text the hall can see now, one a line.
 */
char *
kp_projector_window_get_text (KpProjectorWindow *self)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (self), out);
  return g_string_free (out, FALSE);
}

/**
 * kp_projector_window_present_on:
 * @monitor: (nullable): the projector; %NULL for the last monitor
 */
void
kp_projector_window_present_on (KpProjectorWindow *self,
                                GdkMonitor        *monitor)
{
  if (monitor == NULL)
    {
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
      guint n = g_list_model_get_n_items (monitors);
      if (n > 1)
        monitor = g_list_model_get_item (monitors, n - 1), g_object_unref (monitor);
    }
  gtk_window_present (GTK_WINDOW (self));
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
}

static void
kp_projector_window_dispose (GObject *object)
{
  KpProjectorWindow *self = KP_PROJECTOR_WINDOW (object);

  g_clear_handle_id (&self->page_timer, g_source_remove);
  g_clear_handle_id (&self->relayout_idle, g_source_remove);
  G_OBJECT_CLASS (kp_projector_window_parent_class)->dispose (object);
}

static void
kp_projector_window_finalize (GObject *object)
{
  KpProjectorWindow *self = KP_PROJECTOR_WINDOW (object);

  g_free (self->election_id);
  g_clear_pointer (&self->result, kp_result_free);
  G_OBJECT_CLASS (kp_projector_window_parent_class)->finalize (object);
}

static void
kp_projector_window_class_init (KpProjectorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_projector_window_dispose;
  object_class->finalize = kp_projector_window_finalize;
  widget_class->size_allocate = kp_projector_window_size_allocate;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-projector-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, content);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, congress);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, title);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, waiting);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, page);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, decision);
  gtk_widget_class_bind_template_child (widget_class, KpProjectorWindow, summary);
}

static void
kp_projector_window_init (KpProjectorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->pages, "notify::visible-child", G_CALLBACK (page_shown_cb), self);
}

KpProjectorWindow *
kp_projector_window_new (GtkApplication *application)
{
  return g_object_new (KP_TYPE_PROJECTOR_WINDOW, "application", application, NULL);
}
