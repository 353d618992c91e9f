/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-setup-view.c — a congress typed in.
 *
 * The view writes an election definition (formats.md) and has the core's
 * reader check it, so a typed-in congress and one from a JSON file go
 * through the same checks and the same R-LIST-2 ordering. It never orders
 * or counts on its own: the proposed ballot order it shows is the reader's.
 */

#include <glib/gi18n.h>
#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "kp-definition.h"
#include "kp-json.h"
#include "kp-names.h"
#include "kp-setup-view.h"

struct _KpSetupView
{
  GtkWidget parent_instance;

  /* Owned */
  GPtrArray *elections; /* JsonObject, the elections added */
  char *preview_text;

  /* Template widgets */
  AdwEntryRow *superior;
  AdwEntryRow *organization;
  AdwEntryRow *congress_name;
  AdwEntryRow *term;
  AdwEntryRow *place;
  AdwEntryRow *date;
  AdwComboRow *kind;
  GtkSpinButton *convened;
  GtkSpinButton *present;
  GtkTextView *exclusions;
  AdwEntryRow *head;
  AdwEntryRow *members;
  AdwEntryRow *title;
  AdwComboRow *body;
  GtkSpinButton *seats;
  GtkCheckButton *keep_order;
  GtkTextView *candidates;
  GtkLabel *preview;
  GtkButton *import_button;
  GtkButton *add_button;
  GtkListBox *added;
  GtkLabel *status;
  GtkButton *create_button;
};

G_DEFINE_FINAL_TYPE (KpSetupView, kp_setup_view, GTK_TYPE_WIDGET)

enum { CREATE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  KpBody body;
  const char *label;
} bodies[] = {
  { KP_BODY_COMMITTEE, N_("Party Executive Committee") },
  { KP_BODY_STANDING_COMMITTEE, N_("Standing Committee") },
  { KP_BODY_SECRETARY, N_("Secretary") },
  { KP_BODY_DEPUTY_SECRETARY, N_("Deputy Secretary") },
  { KP_BODY_INSPECTION_COMMITTEE, N_("Inspection Committee") },
  { KP_BODY_INSPECTION_CHAIR, N_("Chair of the Inspection Committee") },
  { KP_BODY_DELEGATES, N_("Delegates to the higher congress") },
  { KP_BODY_ALTERNATE_DELEGATES, N_("Alternate delegates to the higher congress") },
  { KP_BODY_OTHER, N_("Other") },
};

static const struct
{
  const char *kind;
  const char *label;
} kinds[] = {
  { "delegates", N_("Congress of delegates") },
  { "members", N_("Congress of all Party members") },
  { "meeting", N_("Meeting of the Executive Committee") },
};

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format, args));
  va_end (args);
  return FALSE;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* The text fields, for clearing them and for watching them. */
#define N_TEXT_ROWS 9

static void
text_rows (KpSetupView *self,
           AdwEntryRow *rows[N_TEXT_ROWS])
{
  AdwEntryRow *all[N_TEXT_ROWS] = { self->superior, self->organization, self->congress_name, self->term,
                                    self->place, self->date, self->head, self->members, self->title };

  memcpy (rows, all, sizeof all);
}

/* "2020-06-15" → "15/06/2020", as the committee writes dates. */
static char *
display_date (const char *iso)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* "15/6/2020", "15.06.2020", "15-06-2020" or "2020-06-15" → "2020-06-15". */
static char *
parse_date (const char *text)
{
  int a, b, c;
  char tail;
  char *iso = NULL;

  if (sscanf (text, "%d/%d/%d%c", &a, &b, &c, &tail) == 3
      || sscanf (text, "%d.%d.%d%c", &a, &b, &c, &tail) == 3)
    iso = g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  else if (sscanf (text, "%d-%d-%d%c", &a, &b, &c, &tail) == 3)
    iso = a > 31 ? g_strdup_printf ("%04d-%02d-%02d", a, b, c) : g_strdup_printf ("%04d-%02d-%02d", c, b, a);
  if (iso != NULL && (!kp_date_is_valid (iso) || atoi (iso) < 1900))
    g_clear_pointer (&iso, g_free);
  return iso;
}

/**
 * kp_setup_parse_person:
 * @where: what to call the list in a message
 * @born: (out): "YYYY-MM-DD" or %NULL
 *
 * One person per line: "Nguyễn Văn An" or "Nguyễn Văn An; 15/6/1970". A
 * leading "12." or "12)" (a numbered list pasted in) is dropped, and runs of
 * spaces are made one.
 */
gboolean
kp_setup_parse_person (const char  *line,
              const char  *where,
              guint        line_no,
              char       **name,
              char       **born,
              GError     **error)
{
  g_autofree char *copy = g_strdup (line);
  g_autoptr(GString) clean = g_string_new (NULL);
  char *separator = NULL;
  char *start;

  *born = NULL;
  for (char *c = copy; *c; c++)
    if (*c == ';' || *c == ',' || *c == '\t')
      separator = c;
  if (separator != NULL)
    {
      char *tail = g_strstrip (separator + 1);

      *separator = '\0';
      if (*tail != '\0' && (*born = parse_date (tail)) == NULL)
        return fail (error, _("%s, line %u: “%s” is not a date of birth (dd/mm/yyyy)."), where, line_no, tail);
    }
  start = g_strstrip (copy);
  if (g_ascii_isdigit (*start))
    {
      char *c = start;
      while (g_ascii_isdigit (*c))
        c++;
      if ((*c == '.' || *c == ')') && g_ascii_isspace (c[1]))
        start = g_strstrip (c + 1);
    }
  for (char *c = start; *c; c++)
    if (!g_ascii_isspace (*c) || (clean->len > 0 && clean->str[clean->len - 1] != ' '))
      g_string_append_c (clean, g_ascii_isspace (*c) ? ' ' : *c);
  if (clean->len == 0)
    {
      g_clear_pointer (born, g_free);
      return fail (error, _("%s, line %u: the name is missing."), where, line_no);
    }
  *name = g_string_free (g_steal_pointer (&clean), FALSE);
  return TRUE;
}

static JsonArray *
read_candidates (KpSetupView  *self,
                 GError      **error)
{
  g_autofree char *text = view_text (self->candidates);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean keep = gtk_check_button_get_active (self->keep_order);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *born = NULL;
      JsonObject *person;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!kp_setup_parse_person (lines[i], _("Candidates"), i + 1, &name, &born, error))
        return NULL;
      person = json_object_new ();
      json_object_set_string_member (person, "name", name);
      if (born != NULL)
        json_object_set_string_member (person, "born", born);
      if (keep)
        json_object_set_int_member (person, "no", json_array_get_length (array) + 1);
      json_array_add_object_element (array, person);
    }
  return g_steal_pointer (&array);
}

static gboolean
id_is_used (KpSetupView *self,
            const char  *id)
{
  for (guint i = 0; i < self->elections->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (self->elections, i), "id"), id))
      return TRUE;
  return FALSE;
}

/* The election being typed, as a definition object. */
static JsonObject *
read_election (KpSetupView  *self,
               GError      **error)
{
  g_autofree char *title = entry_text (self->title);
  guint body = MIN (adw_combo_row_get_selected (self->body), G_N_ELEMENTS (bodies) - 1);
  guint seats = (guint) gtk_spin_button_get_value_as_int (self->seats);
  g_autoptr(JsonArray) candidates = NULL;
  g_autoptr(JsonObject) election = NULL;
  g_autofree char *id = g_strdup (kp_body_to_string (bodies[body].body));
  guint n;

  if ((candidates = read_candidates (self, error)) == NULL)
    return NULL;
  n = json_array_get_length (candidates);
  if (n == 0)
    return fail (error, _("Type the candidates, one per line.")), NULL;
  if (seats > n)
    return fail (error, _("%u seats but only %u names: an election needs at least as many names as seats."),
                 seats, n), NULL;
  if (*title == '\0')
    return fail (error, _("Give the election a title, as it will be printed on the ballot.")), NULL;
  for (guint k = 2; id_is_used (self, id); k++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", kp_body_to_string (bodies[body].body), k);
    }
  election = json_object_new ();
  json_object_set_string_member (election, "id", id);
  json_object_set_string_member (election, "title", title);
  json_object_set_string_member (election, "body", kp_body_to_string (bodies[body].body));
  json_object_set_int_member (election, "seats", seats);
  json_object_set_int_member (election, "round", 1);
  json_object_set_array_member (election, "candidates", g_steal_pointer (&candidates));
  return g_steal_pointer (&election);
}

static JsonObject *
read_congress (KpSetupView  *self,
               gboolean      check,
               GError      **error)
{
  g_autofree char *superior = entry_text (self->superior);
  g_autofree char *organization = entry_text (self->organization);
  g_autofree char *name = entry_text (self->congress_name);
  g_autofree char *term = entry_text (self->term);
  g_autofree char *place = entry_text (self->place);
  g_autofree char *date = entry_text (self->date);
  g_autofree char *head = entry_text (self->head);
  g_autofree char *members = entry_text (self->members);
  g_autofree char *exclusion_text = view_text (self->exclusions);
  g_auto(GStrv) exclusion_lines = g_strsplit (exclusion_text, "\n", -1);
  g_autoptr(JsonObject) congress = json_object_new ();
  g_autoptr(JsonArray) exclusions = json_array_new ();
  g_autoptr(JsonArray) committee = json_array_new ();
  guint kind = MIN (adw_combo_row_get_selected (self->kind), G_N_ELEMENTS (kinds) - 1);
  guint convened = (guint) gtk_spin_button_get_value_as_int (self->convened);
  guint present = (guint) gtk_spin_button_get_value_as_int (self->present);
  guint64 excluded = 0;
  g_autofree char *iso = NULL;

  if (check && *organization == '\0')
    return fail (error, _("Type the Party organisation holding the congress.")), NULL;
  if (check && *name == '\0')
    return fail (error, _("Type the name of the congress.")), NULL;
  if (*date != '\0' && (iso = parse_date (date)) == NULL)
    return fail (error, _("The date “%s” is not a date (dd/mm/yyyy)."), date), NULL;
  if (check && convened == 0)
    return fail (error, _("Type the number of delegates (or members) convened.")), NULL;
  if (present > convened)
    return fail (error, _("More present (%u) than convened (%u)."), present, convened), NULL;
  for (guint i = 0; exclusion_lines[i] != NULL; i++)
    {
      char *line = g_strstrip (exclusion_lines[i]);
      char *end = NULL;
      guint64 count;
      char *reason;
      JsonObject *exclusion;

      if (*line == '\0')
        continue;
      count = g_ascii_strtoull (line, &end, 10);
      reason = end ? g_strstrip (end + (*end == ';' || *end == ',' || *end == ':' || *end == '-')) : NULL;
      if (end == line || count == 0 || reason == NULL || *reason == '\0')
        return fail (error, _("Excluded from the base, line %u: write the number, then “;” and the reason."),
                     i + 1), NULL;
      excluded += count;
      exclusion = json_object_new ();
      json_object_set_int_member (exclusion, "count", (gint64) MIN (count, G_MAXINT32));
      json_object_set_string_member (exclusion, "reason", reason);
      json_array_add_object_element (exclusions, exclusion);
    }
  if (excluded >= convened && excluded > 0)
    return fail (error, _("%u excluded from the base, but only %u convened."),
                 (guint) MIN (excluded, G_MAXUINT), convened), NULL;
  if (check && *head == '\0')
    return fail (error, _("Type the head of the counting committee.")), NULL;

  if (*superior)
    json_object_set_string_member (congress, "superior", superior);
  json_object_set_string_member (congress, "organization", *organization ? organization : "-");
  json_object_set_string_member (congress, "name", *name ? name : "-");
  if (*term)
    json_object_set_string_member (congress, "term", term);
  if (*place)
    json_object_set_string_member (congress, "place", place);
  if (iso)
    json_object_set_string_member (congress, "date", iso);
  json_object_set_string_member (congress, "kind", kinds[kind].kind);
  json_object_set_int_member (congress, "convened", MAX (convened, 1));
  if (json_array_get_length (exclusions) > 0)
    json_object_set_array_member (congress, "exclusions", g_steal_pointer (&exclusions));
  if (present > 0)
    json_object_set_int_member (congress, "present", present);
  if (*head)
    {
      g_auto(GStrv) names = g_strsplit (members, ",", -1);
      JsonObject *member = json_object_new ();

      json_object_set_string_member (member, "name", head);
      json_object_set_string_member (member, "role", "head");
      json_array_add_object_element (committee, member);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (*g_strstrip (names[i]) == '\0')
            continue;
          member = json_object_new ();
          json_object_set_string_member (member, "name", names[i]);
          json_object_set_string_member (member, "role", "member");
          json_array_add_object_element (committee, member);
        }
      json_object_set_array_member (congress, "counting_committee", g_steal_pointer (&committee));
    }
  return g_steal_pointer (&congress);
}

static char *
to_definition (JsonObject *congress,
               GPtrArray  *elections)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *array = json_array_new ();

  json_object_set_string_member (root, "format", "kiemphieu/election@1");
  json_object_set_object_member (root, "congress", json_object_ref (congress));
  for (guint i = 0; i < elections->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (elections, i)));
  json_object_set_array_member (root, "elections", array);
  json_node_set_object (node, root);
  return json_to_string (node, TRUE);
}

/* The reader's checks, with its message after ours. */
static KpCongress *
load (const char  *json,
      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  KpCongress *congress = kp_definition_load_data (json, strlen (json), _("typed-in definition"), &local_error);

  if (congress == NULL)
    fail (error, _("The definition does not hold: %s"), local_error->message);
  return congress;
}

static void
append_surplus (GString          *text,
                const KpElection *election)
{
  guint n = election->candidates->len;
  guint limit;

  /* R-LIST-1: the engine warns; the congress's approved list is what counts. */
  switch (kp_election_check_surplus (election, &limit))
    {
    case KP_SURPLUS_NONE:
      g_string_append_printf (text, _("⚠ %u names for %u seats — a committee list should have more names than seats."),
                              n, election->seats);
      break;
    case KP_SURPLUS_SMALL_BODY:
      g_string_append_printf (text, _("⚠ %u extra names for a body of %u; bodies of 3–5 members take at most 1 extra name."),
                              n - election->seats, election->seats);
      break;
    case KP_SURPLUS_OVER_30:
      g_string_append_printf (text, _("⚠ %u extra names is more than 30%% of the %u seats (at most %u)."),
                              n - election->seats, election->seats, limit);
      break;
    case KP_SURPLUS_OK:
    default:
      return;
    }
  g_string_append_c (text, '\n');
}

/* Two people of the same name must be told apart on the ballot: by the
 * date of birth, which the ABC order also uses (R-LIST-2). Names are the
 * same as that order compares them: "Thuỷ" and "Thủy" are one name. */
static void
append_same_names (GString          *text,
                   const KpElection *election)
{
  g_autoptr(GArray) pairs = kp_election_undated_namesakes (election);

  if (pairs->len >= 2)
    {
      const KpCandidate *a = g_ptr_array_index (election->candidates, g_array_index (pairs, guint, 0));
      g_string_append_printf (text, _("⚠ Two people named “%s”: give their dates of birth to tell them apart on the ballot."),
                              a->name);
      g_string_append_c (text, '\n');
    }
}

static void
update (KpSetupView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonObject) election = NULL;
  g_autoptr(JsonObject) congress = NULL;
  g_autofree char *all = NULL;
  gboolean can_add = FALSE;

  /* The ballot order of the election being typed, as the reader orders it. */
  if ((election = read_election (self, &error)) != NULL
      && (congress = read_congress (self, FALSE, &error)) != NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autofree char *json = NULL;
      g_autoptr(KpCongress) loaded = NULL;

      g_ptr_array_add (one, election);
      json = to_definition (congress, one);
      if ((loaded = load (json, &error)) != NULL)
        {
          const KpElection *e = g_ptr_array_index (loaded->elections, 0);

          g_string_append (text, gtk_check_button_get_active (self->keep_order)
                                   ? _("Ballot order as typed (the approved list):")
                                   : _("Ballot order proposed, in ABC order of the given name:"));
          g_string_append_c (text, '\n');
          for (guint i = 0; i < e->candidates->len; i++)
            {
              const KpCandidate *c = g_ptr_array_index (e->candidates, i);
              g_string_append_printf (text, "%3u. %s", c->no, c->name);
              if (c->born)
                {
                  g_autofree char *date = display_date (c->born);
                  g_string_append_printf (text, " (%s)", date);
                }
              g_string_append_c (text, '\n');
            }
          append_surplus (text, e);
          append_same_names (text, e);
          can_add = TRUE;
        }
    }
  if (error != NULL)
    g_string_append (text, error->message);
  g_free (self->preview_text);
  self->preview_text = g_strdup (g_strchomp (text->str));
  gtk_label_set_text (self->preview, self->preview_text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), can_add);

  /* The whole congress. */
  g_clear_error (&error);
  all = kp_setup_view_build (self, &error);
  if (all != NULL)
    {
      g_autofree char *ready = g_strdup_printf (_("Elections ready: %u. Creating the file approves the lists in the order shown; they cannot be changed afterwards."),
                                                self->elections->len);
      gtk_label_set_text (self->status, ready);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "warning");
    }
  else
    {
      gtk_label_set_text (self->status, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "warning");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), all != NULL);
}

static void
remove_clicked_cb (GtkButton   *button,
                   KpSetupView *self);

static void
rebuild_added (KpSetupView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->added))) != NULL)
    gtk_list_box_remove (self->added, child);
  for (guint i = 0; i < self->elections->len; i++)
    {
      JsonObject *e = g_ptr_array_index (self->elections, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      guint seats = (guint) json_object_get_int_member (e, "seats");
      guint names = json_array_get_length (json_object_get_array_member (e, "candidates"));
      g_autofree char *seat_words = g_strdup_printf (ngettext ("%u seat", "%u seats", seats), seats);
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%s, %u name", "%s, %u names", names), seat_words, names);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member (e, "title"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove this election"));
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->added, row);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->added))),
                          self->elections->len > 0);
}

static void
remove_clicked_cb (GtkButton   *button,
                   KpSetupView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < self->elections->len)
    g_ptr_array_remove_index (self->elections, index);
  rebuild_added (self);
  update (self);
}

/**
 * kp_setup_view_add_election:
 *
 * Adds the election being typed, if the reader accepts it, and clears the
 * election's fields for the next one.
 */
gboolean
kp_setup_view_add_election (KpSetupView  *self,
                            GError      **error)
{
  g_autoptr(JsonObject) election = read_election (self, error);
  g_autoptr(JsonObject) congress = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autofree char *json = NULL;
  g_autoptr(KpCongress) loaded = NULL;

  if (election == NULL || (congress = read_congress (self, FALSE, error)) == NULL)
    return FALSE;
  g_ptr_array_add (one, election);
  json = to_definition (congress, one);
  if ((loaded = load (json, error)) == NULL)
    return FALSE;
  g_ptr_array_add (self->elections, g_steal_pointer (&election));
  gtk_editable_set_text (GTK_EDITABLE (self->title), "");
  gtk_spin_button_set_value (self->seats, 1);
  gtk_check_button_set_active (self->keep_order, FALSE);
  set_view_text (self->candidates, "");
  rebuild_added (self);
  update (self);
  return TRUE;
}

/**
 * kp_setup_view_build:
 *
 * Returns: (transfer full): the definition (formats.md), checked by the
 * reader, or %NULL with a message that says what is missing.
 */
char *
kp_setup_view_build (KpSetupView  *self,
                     GError      **error)
{
  g_autoptr(JsonObject) congress = read_congress (self, TRUE, error);
  g_autofree char *json = NULL;
  g_autoptr(KpCongress) loaded = NULL;

  if (congress == NULL)
    return NULL;
  if (self->elections->len == 0)
    return fail (error, _("Add at least one election.")), NULL;
  json = to_definition (congress, self->elections);
  if ((loaded = load (json, error)) == NULL)
    return NULL;
  return g_steal_pointer (&json);
}

/**
 * kp_setup_view_import:
 * @file: a list of names: text or CSV, one person per line ("name" or
 *   "name, date of birth"; a first column of numbers and a header line are
 *   skipped), or a JSON array of names or of {"name", "born"}
 *
 * Puts the names in the candidate list, or leaves it as it was and says
 * which line is wrong.
 */
gboolean
kp_setup_view_import (KpSetupView  *self,
                      GFile        *file,
                      GError      **error)
{
  g_autofree char *data = NULL;
  g_autofree char *where = g_file_get_parse_name (file);
  g_autoptr(GString) text = g_string_new (NULL);
  gsize length;

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return FALSE;
  if (!g_utf8_validate_len (data, length, NULL))
    return fail (error, _("%s is not UTF-8 text."), where);
  if (*g_strchug (data) == '[')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) json_error = NULL;
      JsonArray *array;

      if (!kp_json_load (parser, data, -1, &json_error) || json_parser_get_root (parser) == NULL
          || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        return fail (error, "%s: %s", where, json_error ? json_error->message : _("not a list of names"));
      array = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
          const char *name = JSON_NODE_HOLDS_VALUE (item) ? json_node_get_string (item)
                             : o ? json_object_get_string_member_with_default (o, "name", NULL) : NULL;
          const char *born = o ? json_object_get_string_member_with_default (o, "born", NULL) : NULL;

          if (name == NULL || strpbrk (name, ";,\t\n") != NULL)
            return fail (error, _("%s, name %u: not a name."), where, i + 1);
          g_string_append_printf (text, "%s%s%s\n", name, born ? "; " : "", born ? born : "");
        }
    }
  else
    {
      g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(GString) line = g_string_new (g_strstrip (lines[i]));
          g_autofree char *folded = NULL;
          g_autofree char *name = NULL;
          g_autofree char *born = NULL;
          g_auto(GStrv) fields = NULL;
          g_autofree char *person = NULL;
          guint first = 0, n;

          g_string_replace (line, "\"", "", 0);
          if (line->len == 0)
            continue;
          fields = g_strsplit_set (line->str, ",;\t", -1);
          n = g_strv_length (fields);
          if (n > 1 && *g_strstrip (fields[0]) != '\0' && strspn (fields[0], "0123456789") == strlen (fields[0]))
            first = 1; /* a column of numbers (STT) */
          folded = g_utf8_casefold (fields[first], -1);
          if (text->len == 0 && (strstr (folded, "tên") || strstr (folded, "name") || strstr (folded, "stt")))
            continue; /* a header line */
          if (n - first > 2)
            return fail (error, _("%s, line %u: more than a name and a date of birth."), where, i + 1);
          person = n - first == 2 ? g_strjoin (";", fields[first], fields[first + 1], NULL) : g_strdup (fields[first]);
          if (!kp_setup_parse_person (person, where, i + 1, &name, &born, error))
            return FALSE;
          g_string_append (text, name);
          if (born)
            {
              g_autofree char *date = display_date (born);
              g_string_append_printf (text, "; %s", date);
            }
          g_string_append_c (text, '\n');
        }
    }
  if (text->len == 0)
    return fail (error, _("%s holds no names."), where);
  set_view_text (self->candidates, text->str);
  return TRUE;
}

/**
 * kp_setup_view_reset:
 *
 * Empties every field, for a new congress.
 */
void
kp_setup_view_reset (KpSetupView *self)
{
  AdwEntryRow *rows[N_TEXT_ROWS];

  text_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (rows[i]), "");
  gtk_spin_button_set_value (self->convened, 0);
  gtk_spin_button_set_value (self->present, 0);
  gtk_spin_button_set_value (self->seats, 1);
  set_view_text (self->exclusions, "");
  set_view_text (self->candidates, "");
  g_ptr_array_set_size (self->elections, 0);
  rebuild_added (self);
  update (self);
}

const char *
kp_setup_view_get_preview (KpSetupView *self)
{
  return self->preview_text;
}

guint
kp_setup_view_get_n_elections (KpSetupView *self)
{
  return self->elections->len;
}

static void
changed_cb (KpSetupView *self)
{
  update (self);
}

static void
add_clicked_cb (KpSetupView *self)
{
  g_autoptr(GError) error = NULL;

  if (!kp_setup_view_add_election (self, &error))
    gtk_label_set_text (self->preview, error->message);
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    KpSetupView     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!kp_setup_view_import (self, file, &error))
        gtk_label_set_text (self->preview, error->message);
    }
  g_object_unref (dialog);
}

static void
import_clicked_cb (KpSetupView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Import a list of candidates"), GTK_WINDOW (root),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));

  g_signal_connect (dialog, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
create_clicked_cb (KpSetupView *self)
{
  g_signal_emit (self, signals[CREATE], 0);
}

static void
kp_setup_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KP_TYPE_SETUP_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_setup_view_parent_class)->dispose (object);
}

static void
kp_setup_view_finalize (GObject *object)
{
  KpSetupView *self = KP_SETUP_VIEW (object);

  g_ptr_array_unref (self->elections);
  g_free (self->preview_text);
  G_OBJECT_CLASS (kp_setup_view_parent_class)->finalize (object);
}

static void
kp_setup_view_class_init (KpSetupViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_setup_view_dispose;
  object_class->finalize = kp_setup_view_finalize;

  /**
   * KpSetupView::create:
   *
   * The committee approved the lists: the window asks where to save the
   * congress file and creates it from kp_setup_view_build().
   */
  signals[CREATE] = g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-setup-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, superior);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, organization);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, congress_name);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, term);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, place);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, date);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, kind);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, convened);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, present);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, exclusions);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, head);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, members);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, title);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, body);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, seats);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, keep_order);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, candidates);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, preview);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, import_button);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, add_button);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, added);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, status);
  gtk_widget_class_bind_template_child (widget_class, KpSetupView, create_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kp_setup_view_init (KpSetupView *self)
{
  g_autoptr(GtkStringList) body_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  AdwEntryRow *fields[N_TEXT_ROWS];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->elections = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    gtk_string_list_append (body_labels, _(bodies[i].label));
  adw_combo_row_set_model (self->body, G_LIST_MODEL (body_labels));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_labels, _(kinds[i].label));
  adw_combo_row_set_model (self->kind, G_LIST_MODEL (kind_labels));

  text_rows (self, fields);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_signal_connect_swapped (fields[i], "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->convened, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->present, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->seats, "value-changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->kind, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->body, "notify::selected", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->keep_order, "toggled", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->candidates), "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->exclusions), "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_clicked_cb), self);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self);
  g_signal_connect_swapped (self->create_button, "clicked", G_CALLBACK (create_clicked_cb), self);
  rebuild_added (self);
  update (self);
}

KpSetupView *
kp_setup_view_new (void)
{
  return g_object_new (KP_TYPE_SETUP_VIEW, NULL);
}
