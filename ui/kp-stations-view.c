/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-stations-view.c — the stations page (issue 14): on the head's
 * machine, each station with its pass and serials, its batches and
 * ballots, and what waits (its key to enroll, batches missing, serials two
 * stations entered); on a station laptop, the station itself and its key's
 * fingerprint, which the head reads here to enroll it. The buttons are the
 * window's actions (kp-window-stations.c).
 */

#include <glib/gi18n.h>

#include "kp-crypto.h"
#include "kp-stations-view.h"
#include "kp-store-stations.h"

struct _KpStationsView
{
  GtkWidget parent_instance;

  /* Owned */
  GPtrArray *rows; /* the rows in the group, borrowed from it */

  /* Template widgets */
  GtkLabel *heading;
  GtkLabel *description;
  GtkWidget *import_button;
  GtkWidget *write_button;
  GtkLabel *fingerprint;
  AdwPreferencesGroup *group;
};

G_DEFINE_FINAL_TYPE (KpStationsView, kp_stations_view, GTK_TYPE_WIDGET)

/* The election by its name, as the committee knows it ("Bầu Ban Chấp
 * hành…"), not by its id; the id when the congress does not know it. */
static const char *
election_name (KpCongress *congress,
               const char *id)
{
  KpElection *e = congress ? kp_congress_find_election (congress, id) : NULL;

  return e != NULL ? e->title : id;
}

static char *
share_words (KpCongress      *congress,
             const KpStation *s)
{
  const char *election = election_name (congress, s->election);

  if (s->serial_to == 0)
    return g_strdup_printf (_("%s, round %u, pass %c, every serial"), election, s->round, s->pass);
  return g_strdup_printf (_("%s, round %u, pass %c, serials %u–%u"), election, s->round, s->pass, s->serial_from,
                          s->serial_to);
}

/* "2026-06-15T08:15:02+07:00" → "08:15 15/06" */
static char *
short_time (const char *iso)
{
  if (iso == NULL || strlen (iso) < 16)
    return g_strdup ("—");
  return g_strdup_printf ("%.5s %.2s/%.2s", iso + 11, iso + 8, iso + 5);
}

static GtkWidget *
add_row (KpStationsView *self,
         const char     *title,
         const char     *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
add_status (GtkWidget  *row,
            const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
show_head (KpStationsView *self,
           KpCongress     *congress,
           GPtrArray      *stations)
{
  gtk_label_set_text (self->heading, _("Stations"));
  gtk_label_set_text (self->description,
                      _("Each station is a laptop of its own that enters one pass, or part of one. Its ballots come "
                        "here in batches on a USB stick, signed by the station's key: enroll the key once, by the "
                        "fingerprint on the station's screen, then import its batches."));
  gtk_widget_set_visible (self->import_button, TRUE);
  gtk_widget_set_visible (self->write_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint), FALSE);
  adw_preferences_group_set_title (self->group, stations->len ? _("Stations of this congress") : NULL);
  if (stations->len == 0)
    add_row (self, _("No station yet"),
             _("The head makes a station package for each laptop: kiemphieu-cli station-package (see the user "
               "guide)"));
  for (guint i = 0; i < stations->len; i++)
    {
      const KpStation *s = stations->pdata[i];
      g_autofree char *title = g_strdup_printf ("%s (%s)", s->name, s->id);
      g_autofree char *share = share_words (congress, s);
      g_autofree char *made = short_time (s->last_made_at);
      g_autofree char *imported = short_time (s->last_imported_at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (s->batches == 0)
        subtitle = g_strdup_printf (_("%s · no batch imported yet"), share);
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u batch, the last made %s, imported %s · %u ballots delivered, %u voided",
                                                 "%s · %u batches, the last made %s, imported %s · %u ballots delivered, %u voided",
                                                 s->batches),
                                    share, s->batches, made, imported, s->ballots, s->voided);
      row = add_row (self, title, subtitle);
      if (s->fingerprint == NULL)
        {
          GtkWidget *enroll = gtk_button_new_with_label (_("Enroll its key…"));

          gtk_widget_set_valign (enroll, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (enroll), "win.enroll-station");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (enroll), "s", s->id);
          gtk_widget_set_tooltip_text (enroll, _("Type the key fingerprint shown on the station's own screen"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), enroll);
        }
      if (s->missing_to > 0)
        {
          g_autofree char *missing = g_strdup_printf (_("Batches %u–%u missing"), s->batches + 1, s->missing_to);
          add_status (row, missing, "error");
        }
      if (s->duplicates > 0)
        {
          g_autofree char *dup = g_strdup_printf (ngettext ("%u serial another station entered too",
                                                            "%u serials another station entered too", s->duplicates),
                                                  s->duplicates);
          add_status (row, dup, "warning");
        }
    }
}

static void
show_station (KpStationsView  *self,
              KpCongress      *congress,
              const KpStation *s)
{
  /* A station of a rehearsal package says so in its heading (issue 11:
   * test ballots never pass for real ones). */
  g_autofree char *heading = s->rehearsal ? g_strdup_printf (_("Rehearsal station %s (%s) — THỬ NGHIỆM"), s->name, s->id)
                                          : g_strdup_printf (_("Station %s (%s)"), s->name, s->id);
  g_autofree char *share = share_words (congress, s);
  g_autofree char *description = g_strdup_printf (_("This laptop enters %s, nothing else. Its ballots reach the "
                                                    "head's machine in batches written to a USB stick."), share);
  g_autofree char *key = kp_fingerprint_display (s->fingerprint);
  g_autofree char *congress_key = kp_fingerprint_display (s->congress_fingerprint);
  g_autofree char *ballots = g_strdup_printf (ngettext ("%u ballot entered", "%u ballots entered", s->ballots),
                                              s->ballots);
  g_autofree char *batches = g_strdup_printf (ngettext ("%u batch written", "%u batches written", s->batches),
                                              s->batches);
  g_autofree char *pending = g_strdup_printf (ngettext ("%u entry not yet in a batch", "%u entries not yet in a batch",
                                                        s->not_in_batch), s->not_in_batch);
  g_autofree char *counts = g_strdup_printf ("%s; %s; %s", ballots, batches, pending);
  g_autofree char *made = short_time (s->last_made_at);
  GtkWidget *row;

  gtk_label_set_text (self->heading, heading);
  gtk_label_set_text (self->description, description);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->write_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint), TRUE);
  gtk_label_set_text (self->fingerprint, key);
  adw_preferences_group_set_title (self->group, NULL);
  add_row (self, _("The fingerprint above is this station's key"),
           _("The head compares it with what is typed at the head's machine, group by group, to enroll this station"));
  row = add_row (self, _("The package was signed by the congress key"), congress_key);
  gtk_widget_add_css_class (row, "monospace");
  add_row (self, counts, s->batches ? made : NULL);
}

/**
 * kp_stations_view_show:
 *
 * Fills the page from @store: the list of stations of a head file, or the
 * station a station file is.
 */
gboolean
kp_stations_view_show (KpStationsView  *self,
                       KpStore         *store,
                       GError         **error)
{
  g_autoptr(KpStation) station = NULL;
  g_autoptr(GPtrArray) stations = NULL;
  g_autoptr(GError) local_error = NULL;

  station = kp_store_get_station (store, &local_error);
  if (station == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (station == NULL && (stations = kp_store_list_stations (store, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  if (station != NULL)
    show_station (self, kp_store_get_congress (store), station);
  else
    show_head (self, kp_store_get_congress (store), stations);
  return TRUE;
}

guint
kp_stations_view_get_n_rows (KpStationsView *self)
{
  return self->rows->len;
}

static void
kp_stations_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KP_TYPE_STATIONS_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_stations_view_parent_class)->dispose (object);
}

static void
kp_stations_view_finalize (GObject *object)
{
  KpStationsView *self = KP_STATIONS_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (kp_stations_view_parent_class)->finalize (object);
}

static void
kp_stations_view_class_init (KpStationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_stations_view_dispose;
  object_class->finalize = kp_stations_view_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-stations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, heading);
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, description);
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, import_button);
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, write_button);
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, fingerprint);
  gtk_widget_class_bind_template_child (widget_class, KpStationsView, group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_stations_view_init (KpStationsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

KpStationsView *
kp_stations_view_new (void)
{
  return g_object_new (KP_TYPE_STATIONS_VIEW, NULL);
}
