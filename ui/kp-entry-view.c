/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-entry-view.c — the ballot entry screen. */

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kp-entry-view.h"
#include "kp-entry-lock.h"
#include "kp-journal-words.h"
#include "kp-names.h"

#define RECENT 8

struct _KpEntryView
{
  GtkWidget parent_instance;

  /* Borrowed */
  KpStore *store;

  /* Owned */
  KpElection *election;
  KpEntryLock *lock;      /* this pass is ours while the screen shows it */
  char *operator;
  KpBallot *ballot;       /* the ballot being typed */
  GArray *typed;          /* guint: numbers toggled, in order (for Backspace) */
  GString *pending;       /* digits of a number that a longer one on the list
                           * begins with: always 1..n_candidates */
  GPtrArray *chips;       /* GtkLabel per name, borrowed from the flow box */
  char *validity_text;
  char pass;
  gboolean keep_mode;     /* Ctrl+K: the numbers typed are the names kept, on
                           * this ballot only (issue 11) */
  KpInvalidReason flag;
  char *flag_text; /* the committee's words for KP_INVALID_OTHER */
  guint serial;
  guint keystrokes;
  guint flash_id;         /* the ballot flashes after a refused key */
  GtkWindow *void_dialog; /* Ctrl+Z's question while it is open */
  GtkWindow *leave_dialog; /* Alt+Left's question while it is open */

  /* Template widgets */
  GtkWidget *box;
  GtkLabel *title;
  GtkLabel *serial_label;
  GtkLabel *help;
  GtkWidget *keep_bar;
  GtkScrolledWindow *names_scroller;
  GtkFlowBox *names;
  GtkLabel *typed_label;
  GtkLabel *pending_label;
  GtkLabel *flag_label;
  GtkEntry *reason;
  GtkLabel *validity;
  GtkLabel *status;
  GtkListBox *recent;
};

G_DEFINE_FINAL_TYPE (KpEntryView, kp_entry_view, GTK_TYPE_WIDGET)

enum
{
  BALLOT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_strike (KpEntryView *self)
{
  return self->ballot->form == KP_BALLOT_FORM_STRIKE;
}

/* The ballot as it will be saved: in keep mode the typed numbers are the
 * names kept, so the struck ones are the others. */
static KpBallot *
effective_ballot (KpEntryView *self)
{
  KpBallot *ballot = kp_ballot_copy (self->ballot);

  if (is_strike (self) && self->keep_mode)
    for (guint w = 0; w < KP_BALLOT_WORDS (ballot->n_candidates); w++)
      {
        ballot->struck[w] = ~ballot->struck[w];
        if (w == KP_BALLOT_WORDS (ballot->n_candidates) - 1 && ballot->n_candidates % 64)
          ballot->struck[w] &= (G_GUINT64_CONSTANT (1) << (ballot->n_candidates % 64)) - 1;
      }
  kp_ballot_set_flag (ballot, self->flag, self->flag == KP_INVALID_OTHER ? self->flag_text : NULL);
  return ballot;
}

/* A reason in the core's words in the user's language (under vi_VN those
 * of the minutes, kp_invalid_reason_words, R-INVALID-5), begun with a
 * capital for a label of its own. */
static char *
flag_words (KpInvalidReason flag)
{
  return kp_text_capitalize (kp_invalid_reason_shown (kp_invalid_reason_to_string (flag)));
}

/* The ballot in the operator's words, "struck 2 5 9" ("gạch 2 5 9" under
 * vi_VN; no flag: the validity says it). */
static char *
describe_ballot (const KpBallot *ballot)
{
  g_autofree char *struck = kp_ballot_struck_to_string (ballot);

  return kp_ballot_describe_values_shown (ballot->form == KP_BALLOT_FORM_STRIKE ? struck : NULL, ballot->marks,
                                          NULL);
}

static char *
describe_validity (const KpBallot *ballot,
                   guint           seats)
{
  KpInvalidReason reason = kp_ballot_judge (ballot, seats);

  if (reason == KP_INVALID_NONE)
    return g_strdup_printf (ballot->form == KP_BALLOT_FORM_STRIKE ? _("Valid — %u of %u kept")
                                                                  : _("Valid — %u agree of %u"),
                            kp_ballot_count_kept (ballot), ballot->form == KP_BALLOT_FORM_STRIKE ? seats
                                                                                                 : ballot->n_candidates);
  /* The reason in the core's words, the same as on the minutes. */
  if (reason == KP_INVALID_OVER_VOTE)
    return g_strdup_printf (_("INVALID — %s: %u kept, more than %u"),
                            kp_invalid_reason_shown (kp_invalid_reason_to_string (reason)),
                            kp_ballot_count_kept (ballot), seats);
  if (reason == KP_INVALID_OTHER)
    return g_strdup_printf (_("INVALID — %s"), ballot->flag_text);
  return g_strdup_printf (_("INVALID — %s"), kp_invalid_reason_shown (kp_invalid_reason_to_string (reason)));
}

/* A line through a struck name, in red so that it shows on the pale text
 * (the style sheet's line-through alone was easy to miss). */
static void
set_struck (GtkWidget *chip,
            gboolean   struck)
{
  g_autoptr(PangoAttrList) attributes = NULL;

  if (struck)
    {
      attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_strikethrough_new (TRUE));
      /* libadwaita's error colours: dark red on light, light red on dark
       * (dark red did not show on the dark style's red background). */
      if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
        pango_attr_list_insert (attributes, pango_attr_strikethrough_color_new (0xff00, 0x7b00, 0x6300));
      else
        pango_attr_list_insert (attributes, pango_attr_strikethrough_color_new (0xc000, 0x1c00, 0x2800));
      gtk_widget_add_css_class (chip, "kp-struck");
    }
  else
    gtk_widget_remove_css_class (chip, "kp-struck");
  gtk_label_set_attributes (GTK_LABEL (chip), attributes);
}

static void
refresh (KpEntryView *self)
{
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GString) typed = g_string_new (NULL);
  g_autofree char *serial = NULL;
  gboolean untouched;
  gboolean valid;

  if (self->election == NULL)
    return;
  ballot = effective_ballot (self);

  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkWidget *chip = g_ptr_array_index (self->chips, i);
      guint no = i + 1;

      if (is_strike (self))
        set_struck (chip, kp_ballot_is_struck (ballot, no));
      else
        {
          char mark = self->ballot->marks[i];
          const char *classes[] = { "kp-yes", "kp-no", "kp-both", "kp-neither", "kp-current" };
          for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
            gtk_widget_remove_css_class (chip, classes[c]);
          if (i < self->typed->len)
            gtk_widget_add_css_class (chip, mark == 'Y' ? "kp-yes" : mark == 'N' ? "kp-no" : mark == 'B' ? "kp-both"
                                                                                                        : "kp-neither");
          else if (i == self->typed->len)
            gtk_widget_add_css_class (chip, "kp-current");
        }
    }

  for (guint i = 0; i < self->typed->len; i++)
    {
      guint no = g_array_index (self->typed, guint, i);
      if (is_strike (self))
        g_string_append_printf (typed, "%s%u", i ? " " : "", no);
      else
        g_string_append_c (typed, self->ballot->marks[i]);
    }
  if ((typed->len || self->pending->len) && self->keep_mode)
    g_string_prepend (typed, _("Kept: "));
  if (typed->len == 0 && self->pending->len == 0)
    g_string_assign (typed, is_strike (self) ? (self->keep_mode ? _("Type the numbers of the names KEPT")
                                                                : _("Type the numbers of the struck names"))
                                             : _("Type Y, N, B or 0 for each name"));
  gtk_label_set_text (self->typed_label, typed->str);
  /* A number waiting for a space, Enter or another digit shows as "1_". */
  {
    g_autofree char *waiting = g_strdup_printf ("%s_", self->pending->str);
    gtk_label_set_text (self->pending_label, waiting);
    gtk_widget_set_visible (GTK_WIDGET (self->pending_label), self->pending->len > 0);
  }

  g_free (self->validity_text);
  untouched = self->typed->len == 0 && self->pending->len == 0 && self->flag == KP_INVALID_NONE && !self->keep_mode;
  if (untouched)
    self->validity_text = g_strdup_printf (_("Ballot %u — waiting for entry"), self->serial);
  else if (!is_strike (self) && self->typed->len < self->ballot->n_candidates && self->flag == KP_INVALID_NONE)
    self->validity_text = g_strdup_printf (_("%u of %u names marked"), self->typed->len, self->ballot->n_candidates);
  else
    self->validity_text = describe_validity (ballot, self->election->seats);
  gtk_label_set_text (self->validity, self->validity_text);
  valid = kp_ballot_judge (ballot, self->election->seats) == KP_INVALID_NONE;
  if (untouched)
    {
      /* Nothing keyed on this ballot yet: neither green nor red. */
      gtk_widget_remove_css_class (GTK_WIDGET (self->validity), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->validity), "error");
    }
  else if (valid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->validity), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->validity), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->validity), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->validity), "success");
    }
  {
    g_autofree char *words = flag_words (self->flag);
    gtk_label_set_text (self->flag_label, self->flag == KP_INVALID_OTHER ? self->flag_text : words);
  }
  gtk_widget_set_visible (self->keep_bar, self->keep_mode);
  if (self->keep_mode)
    gtk_widget_add_css_class (GTK_WIDGET (self->names), "kp-keep-mode");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->names), "kp-keep-mode");

  serial = g_strdup_printf (_("Ballot %u"), self->serial);
  gtk_label_set_text (self->serial_label, serial);
}

static void
set_status (KpEntryView *self,
            const char  *text,
            gboolean     error)
{
  gtk_label_set_text (self->status, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

/* Starts the ballot @self->serial afresh: nothing typed, no flag, and the
 * struck names typed again (keep mode is for one ballot: it ends when the
 * ballot is saved, cleared or voided). */
static void
reset_ballot (KpEntryView *self)
{
  g_clear_pointer (&self->ballot, kp_ballot_free);
  if (kp_election_get_form (self->election) == KP_BALLOT_FORM_STRIKE)
    self->ballot = kp_ballot_new_strike (self->serial, self->election->candidates->len);
  else
    {
      g_autofree char *marks = g_strnfill (self->election->candidates->len, KP_MARK_NEITHER);
      self->ballot = kp_ballot_new_yesno (self->serial, marks);
    }
  g_array_set_size (self->typed, 0);
  g_string_truncate (self->pending, 0);
  self->flag = KP_INVALID_NONE;
  g_clear_pointer (&self->flag_text, g_free);
  self->keep_mode = FALSE;
  self->keystrokes = 0;
  if (self->reason != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->reason), FALSE);
}

static gboolean
next_serial (KpEntryView  *self,
             GError      **error)
{
  self->serial = kp_store_next_serial (self->store, self->election->id, self->election->round, self->pass, error);
  return self->serial != 0;
}

static void
add_recent (KpEntryView *self,
            const char  *text)
{
  GtkWidget *row = gtk_label_new (text);
  GtkWidget *child;
  guint n = 0;

  gtk_label_set_xalign (GTK_LABEL (row), 0);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_list_box_prepend (self->recent, row);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->recent)); child; child = gtk_widget_get_next_sibling (child))
    n++;
  if (n > RECENT)
    gtk_list_box_remove (self->recent, gtk_widget_get_last_child (GTK_WIDGET (self->recent)));
}

static void
toggle (KpEntryView *self,
        guint        no)
{
  if (kp_ballot_is_struck (self->ballot, no))
    {
      self->ballot->struck[(no - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((no - 1) % 64));
      for (guint i = 0; i < self->typed->len; i++)
        if (g_array_index (self->typed, guint, i) == no)
          {
            g_array_remove_index (self->typed, i);
            break;
          }
    }
  else
    {
      kp_ballot_strike (self->ballot, no);
      g_array_append_val (self->typed, no);
    }
}

/* Takes the number waiting, if any (type_digit keeps it on the list). */
static void
take_pending (KpEntryView *self)
{
  guint64 no;

  if (self->pending->len == 0)
    return;
  no = g_ascii_strtoull (self->pending->str, NULL, 10);
  g_assert (no >= 1 && no <= self->ballot->n_candidates);
  g_string_truncate (self->pending, 0);
  toggle (self, (guint) no);
}

static void
unflash_cb (gpointer data)
{
  KpEntryView *self = data;

  self->flash_id = 0;
  gtk_widget_remove_css_class (self->box, "kp-refused");
}

/* A key that would make a number no name has: the ballot flashes, the bell
 * sounds and the status line says what was refused. */
static void
refuse (KpEntryView *self,
        const char  *number)
{
  g_autofree char *text = NULL;

  if (self->pending->len)
    text = g_strdup_printf (_("No name has number %s (the list is 1–%u): key refused; %s is still waiting"), number,
                            self->ballot->n_candidates, self->pending->str);
  else
    text = g_strdup_printf (_("No name has number %s (the list is 1–%u): key refused"), number,
                            self->ballot->n_candidates);
  set_status (self, text, TRUE);
  gtk_widget_error_bell (GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "kp-refused");
  g_clear_handle_id (&self->flash_id, g_source_remove);
  self->flash_id = g_timeout_add_once (300, unflash_cb, self);
}

/* Issue 11: a number is never a guess. A digit that makes a number no
 * longer number on the list begins with takes it at once (on 18 names: 3–9
 * and 10–18; on 9 names every digit); one that a longer number begins with
 * (on 18 names: 1) waits, shown, for a space, Enter or the next digit; one
 * that would make a number no name has (0, or 19 on 18 names) is refused and
 * what was waiting still waits. */
static void
type_digit (KpEntryView *self,
            char         digit)
{
  guint64 no = g_ascii_strtoull (self->pending->str, NULL, 10) * 10 + (guint64) (digit - '0');

  if (no == 0 || no > self->ballot->n_candidates)
    {
      g_autofree char *number = g_strdup_printf ("%s%c", self->pending->str, digit);
      refuse (self, number);
      return;
    }
  g_string_append_c (self->pending, digit);
  if (no * 10 > self->ballot->n_candidates)
    take_pending (self);
}

static gboolean
save (KpEntryView *self)
{
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;
  guint saved;

  take_pending (self);
  if (!is_strike (self) && self->typed->len < self->ballot->n_candidates && self->flag == KP_INVALID_NONE)
    {
      set_status (self, _("Mark every name before saving (Y, N, B or 0)"), TRUE);
      return FALSE;
    }
  ballot = effective_ballot (self);
  ballot->serial = self->serial;
  if (!kp_store_enter (self->store, self->election->id, self->election->round, self->pass, self->operator, ballot,
                       &error))
    {
      guint taken = self->serial;

      /* The serial was saved meanwhile by someone else in this pass (a
       * program that takes no entry lock): the ballot typed is kept, under
       * the next free serial, never a dead end. */
      if (g_error_matches (error, KP_STORE_ERROR, KP_STORE_ERROR_INVALID) && next_serial (self, NULL)
          && self->serial > taken)
        {
          g_autofree char *kept = g_strdup_printf (_("Ballot number %u was just saved elsewhere in pass %c. The "
                                                     "ballot you typed is kept as number %u: check it against "
                                                     "the paper and press Enter to save it."),
                                                   taken, self->pass, self->serial);
          refresh (self);
          set_status (self, kept, TRUE);
          return FALSE;
        }
      self->serial = taken;
      set_status (self, error->message, TRUE);
      return FALSE;
    }
  /* On disk now: show it, and only then the next ballot. */
  saved = self->serial;
  validity = describe_validity (ballot, self->election->seats);
  described = describe_ballot (ballot);
  text = g_strdup_printf (_("Ballot %u: %s — %s"), saved, described, validity);
  add_recent (self, text);
  if (!next_serial (self, &error))
    {
      set_status (self, error->message, TRUE);
      return FALSE;
    }
  {
    /* The ballot saved, confirmed plainly: "Đã lưu phiếu số 12: Hợp lệ — …". */
    g_autofree char *status = g_strdup_printf (_("Ballot %u saved: %s"), saved, validity);
    set_status (self, status, FALSE);
  }
  reset_ballot (self);
  refresh (self);
  g_signal_emit (self, signals[BALLOT_SAVED], 0, saved);
  return TRUE;
}

static void
void_last (KpEntryView *self)
{
  g_autoptr(GError) error = NULL;
  guint last = self->serial - 1;
  g_autofree char *text = NULL;

  g_assert (last > 0);
  if (!kp_store_void (self->store, self->election->id, self->election->round, self->pass, last,
                      _("voided at entry, to be entered again"), self->operator, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  if (!next_serial (self, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  text = g_strdup_printf (_("Ballot %u voided (kept in the journal); enter it again."), last);
  add_recent (self, text);
  set_status (self, text, FALSE);
  reset_ballot (self);
  refresh (self);
  g_signal_emit (self, signals[BALLOT_SAVED], 0, 0);
}

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  KpEntryView      *self)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "serial"));

  self->void_dialog = NULL;
  if (g_str_equal (response, "void") && serial == self->serial - 1)
    void_last (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Ctrl+Z: asks before voiding the last ballot saved, naming it. Enter and
 * Escape keep it; only "Void ballot" voids. */
static void
ask_void_last (KpEntryView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *described = NULL;
  g_autofree char *validity = NULL;
  guint last = self->serial - 1;
  GtkWidget *dialog;

  if (self->void_dialog != NULL)
    return;
  if (last == 0)
    {
      set_status (self, _("No ballot saved yet in this pass: nothing to void."), TRUE);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  ballot = kp_store_get_ballot (self->store, self->election->id, self->election->round, self->pass, last, &error);
  if (ballot == NULL)
    {
      set_status (self, error ? error->message : "", TRUE);
      return;
    }
  described = describe_ballot (ballot);
  validity = describe_validity (ballot, self->election->seats);
  heading = g_strdup_printf (_("Void ballot %u?"), last);
  g_string_printf (body, _("Ballot %u of pass %c as saved: %s (%s).\n\nIt is voided (the journal keeps it) and you "
                           "type it again from the paper ballot, under the same number."),
                   last, self->pass, described, validity);
  if (self->typed->len || self->pending->len || self->flag != KP_INVALID_NONE)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Voiding also clears what you have typed for ballot %u."), self->serial);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep it"), "void", _("_Void ballot"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_object_set_data (G_OBJECT (dialog), "serial", GUINT_TO_POINTER (last));
  g_signal_connect_object (dialog, "response", G_CALLBACK (void_response_cb), self, 0);
  self->void_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Something is typed on the ballot being entered (numbers, a flag, keep
 * mode): leaving would lose it. */
static gboolean
is_touched (KpEntryView *self)
{
  return self->typed->len || self->pending->len || self->flag != KP_INVALID_NONE || self->keep_mode;
}

/* Back to the congress page (the window's win.back). */
static void
leave (KpEntryView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KpEntryView      *self)
{
  self->leave_dialog = NULL;
  if (g_str_equal (response, "leave"))
    {
      reset_ballot (self);
      refresh (self);
      leave (self);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Alt+Left with a ballot half typed: asks, naming the ballot. Enter and
 * Escape stay (nothing is lost); only "Leave without saving" leaves. */
static void
ask_leave (KpEntryView *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->leave_dialog != NULL)
    return;
  heading = g_strdup_printf (_("Ballot %u is not saved"), self->serial);
  body = g_strdup_printf (_("What you have typed for ballot %u is lost if you leave now. Stay, and press Enter to "
                            "save it, or leave without saving it."),
                          self->serial);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "stay", _("_Stay"), "leave",
                                    _("_Leave without saving"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "stay");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  self->leave_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * kp_entry_view_press:
 *
 * Handles one key of the operator's. Digits type numbers (a number no
 * other number on the list begins with is taken at once, a digit that
 * would make a number past the list is refused), Space or comma ends a
 * number, Backspace takes back the last digit or name, Enter saves,
 * Escape starts the ballot again (on a ballot with nothing typed it goes
 * back to the congress page), Alt+Left goes back to the congress page
 * (asking first when something is typed); Ctrl+K switches to typing the names kept
 * on this ballot (it ends with the ballot),
 * Ctrl+1, Ctrl+2, Ctrl+3 flag the ballot invalid (not issued, added name,
 * signed or marked), Ctrl+4 asks for another reason in the committee's
 * words (R-INVALID-5), Ctrl+0 clears the flag, Ctrl+Z asks whether to void
 * the last ballot saved so it can be entered again. On an agree/disagree ballot, Y, N, B
 * and 0 mark each name in turn.
 *
 * Returns: %TRUE when the key was used.
 */
gboolean
kp_entry_view_press (KpEntryView     *self,
                     guint            keyval,
                     GdkModifierType  state)
{
  guint32 c = gdk_keyval_to_unicode (keyval);

  g_return_val_if_fail (KP_IS_ENTRY_VIEW (self), FALSE);
  if (self->election == NULL)
    return FALSE;

  /* Issue 11: Alt+Left leaves, never silently losing a ballot typed. */
  if ((state & GDK_ALT_MASK) && (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left))
    {
      if (is_touched (self))
        ask_leave (self);
      else
        leave (self);
      return TRUE;
    }

  if (state & GDK_CONTROL_MASK)
    {
      switch (keyval)
        {
        case GDK_KEY_k:
          if (!is_strike (self))
            return FALSE;
          self->keep_mode = !self->keep_mode;
          break;
        case GDK_KEY_1:
          self->flag = KP_INVALID_NOT_ISSUED;
          break;
        case GDK_KEY_2:
          self->flag = KP_INVALID_ADDED_NAME;
          break;
        case GDK_KEY_3:
          self->flag = KP_INVALID_IDENTIFYING_MARK;
          break;
        case GDK_KEY_4:
          /* R-INVALID-5: another reason, in the committee's words; Enter in
           * the field flags the ballot and comes back to the numbers. */
          self->keystrokes++;
          gtk_editable_set_text (GTK_EDITABLE (self->reason), self->flag_text ? self->flag_text : "");
          gtk_widget_set_visible (GTK_WIDGET (self->reason), TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->reason));
          return TRUE;
        case GDK_KEY_0:
          self->flag = KP_INVALID_NONE;
          g_clear_pointer (&self->flag_text, g_free);
          break;
        case GDK_KEY_z:
          ask_void_last (self);
          return TRUE;
        default:
          return FALSE;
        }
      self->keystrokes++;
      refresh (self);
      return TRUE;
    }

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      self->keystrokes++;
      save (self);
      return TRUE;
    case GDK_KEY_Escape:
      /* Escape clears the ballot (and says so) after any key pressed on
       * it; on a ballot not begun, or just cleared, it goes back to the
       * congress page: Escape twice leaves, never losing a ballot silently. */
      if (self->keystrokes == 0 && !is_touched (self))
        {
          leave (self);
          return TRUE;
        }
      reset_ballot (self);
      set_status (self, _("Ballot cleared; type it again."), FALSE);
      refresh (self);
      return TRUE;
    case GDK_KEY_BackSpace:
      self->keystrokes++;
      if (self->pending->len)
        g_string_truncate (self->pending, self->pending->len - 1);
      else if (self->typed->len)
        {
          guint last = g_array_index (self->typed, guint, self->typed->len - 1);
          if (is_strike (self))
            toggle (self, last);
          else
            {
              self->ballot->marks[self->typed->len - 1] = KP_MARK_NEITHER;
              g_array_set_size (self->typed, self->typed->len - 1);
            }
        }
      refresh (self);
      return TRUE;
    default:
      break;
    }

  if (is_strike (self))
    {
      if (c >= '0' && c <= '9')
        {
          self->keystrokes++;
          type_digit (self, (char) c);
          refresh (self);
          return TRUE;
        }
      if (c == ' ' || c == ',' || keyval == GDK_KEY_KP_Separator || keyval == GDK_KEY_KP_Add)
        {
          self->keystrokes++;
          take_pending (self);
          refresh (self);
          return TRUE;
        }
      return FALSE;
    }

  /* Agree/disagree: one mark per name, in order. */
  c = g_unichar_toupper (c);
  if ((c == 'Y' || c == 'N' || c == 'B' || c == '0') && self->typed->len < self->ballot->n_candidates)
    {
      guint no = self->typed->len + 1;

      self->keystrokes++;
      self->ballot->marks[self->typed->len] = (char) c;
      g_array_append_val (self->typed, no);
      refresh (self);
      return TRUE;
    }
  return FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KpEntryView           *self)
{
  return kp_entry_view_press (self, keyval, state);
}

/**
 * kp_entry_view_set_round:
 * @store: (transfer none): kept alive by the caller while the view shows it
 *
 * Shows the entry screen of one round and pass.
 */
gboolean
kp_entry_view_set_round (KpEntryView  *self,
                         KpStore      *store,
                         const char   *election_id,
                         char          pass,
                         const char   *operator,
                         GError      **error)
{
  g_autoptr(KpElection) election = kp_store_get_election (store, election_id, 0, error);
  g_autofree char *title = NULL;
  g_auto(GStrv) shown = NULL;
  GtkWidget *child;

  /* Read-only: no entry, and no lock file made beside the congress file. */
  if (election == NULL || !kp_store_check_writable (store, error))
    return FALSE;
  if (self->lock == NULL || self->store != store || self->pass != pass || self->election == NULL
      || !g_str_equal (self->election->id, election->id) || self->election->round != election->round)
    {
      /* One entry session per pass (kp-entry-lock.h): another window or
       * process typing into it is named, and this screen does not open. */
      g_autofree char *holder = NULL;
      g_autoptr(GError) local = NULL;
      KpEntryLock *lock = kp_entry_lock_acquire (kp_store_get_path (store), election->id, election->round, pass,
                                                 operator, &holder, &local);

      if (lock == NULL && g_error_matches (local, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       _("Pass %c of “%s” is being entered by %s, in another window or on another program. One "
                         "person enters a pass at a time: enter another pass, or wait until that screen is "
                         "closed."),
                       pass, election->title, holder ? holder : _("someone else"));
          return FALSE;
        }
      if (lock == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The entry screen cannot be opened: %s"),
                       local->message);
          return FALSE;
        }
      kp_entry_view_leave (self);
      self->lock = lock;
    }
  self->store = store;
  g_clear_pointer (&self->election, kp_election_free);
  self->election = g_steal_pointer (&election);
  g_free (self->operator);
  self->operator = g_strdup (operator);
  self->pass = pass;
  if (!next_serial (self, error))
    return FALSE;

  title = g_strdup_printf (_("%s — round %u, pass %c"), self->election->title, self->election->round, pass);
  gtk_label_set_text (self->title, title);
  {
    /* Issue 11: how to leave, and where every key is listed. */
    g_autofree char *help = g_strdup_printf (
      "%s\n%s",
      kp_election_get_form (self->election) == KP_BALLOT_FORM_STRIKE
        ? _("Digits: struck names (a number that can go on waits as 1_) · Space: end a "
            "number · Enter: save · Backspace: undo · Esc: clear · Ctrl+K: type the kept "
            "names of this ballot · Ctrl+1/2/3/4: invalid · Ctrl+Z: void the last ballot "
            "(asks first)")
        : _("Y agree · N disagree · B both boxes · 0 neither · Enter: save · Backspace: "
            "undo · Ctrl+1/2/3/4: invalid · Ctrl+Z: void the last ballot (asks first)"),
      _("Alt+← or Esc on an empty ballot: back to the elections · Ctrl+?: every key"));
    gtk_label_set_text (self->help, help);
  }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->names))) != NULL)
    gtk_flow_box_remove (self->names, child);
  g_ptr_array_set_size (self->chips, 0);
  shown = kp_election_get_display_names (self->election); /* R-LIST-2: namesakes with their date of birth */
  for (guint i = 0; i < self->election->candidates->len; i++)
    {
      const KpCandidate *c = g_ptr_array_index (self->election->candidates, i);
      g_autofree char *text = g_strdup_printf ("%u. %s", c->no, shown[i]);
      GtkWidget *chip = gtk_label_new (text);

      /* Never shortened: the flow box puts fewer names on a line instead. */
      gtk_label_set_xalign (GTK_LABEL (chip), 0);
      gtk_widget_set_tooltip_text (chip, shown[i]);
      gtk_widget_add_css_class (chip, "kp-name");
      gtk_flow_box_append (self->names, chip);
      g_ptr_array_add (self->chips, chip);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent))) != NULL)
    gtk_list_box_remove (self->recent, child);
  set_status (self, "", FALSE);
  reset_ballot (self);
  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  return TRUE;
}

guint
kp_entry_view_get_keystrokes (KpEntryView *self)
{
  return self->keystrokes;
}

guint
kp_entry_view_get_serial (KpEntryView *self)
{
  return self->serial;
}

const char *
kp_entry_view_get_validity (KpEntryView *self)
{
  return self->validity_text;
}

gboolean
kp_entry_view_is_struck (KpEntryView *self,
                         guint        no)
{
  g_autoptr(KpBallot) ballot = effective_ballot (self);
  return kp_ballot_is_struck (ballot, no);
}

/**
 * kp_entry_view_leave:
 *
 * The screen no longer shows its pass: the pass is given back (its entry
 * lock released) for another window or process to enter.
 */
void
kp_entry_view_leave (KpEntryView *self)
{
  g_return_if_fail (KP_IS_ENTRY_VIEW (self));
  g_clear_pointer (&self->lock, kp_entry_lock_release);
}

static void
kp_entry_view_dispose (GObject *object)
{
  KpEntryView *self = KP_ENTRY_VIEW (object);

  kp_entry_view_leave (self);
  g_clear_handle_id (&self->flash_id, g_source_remove);
  if (self->void_dialog != NULL)
    gtk_window_destroy (g_steal_pointer (&self->void_dialog));
  if (self->leave_dialog != NULL)
    gtk_window_destroy (g_steal_pointer (&self->leave_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), KP_TYPE_ENTRY_VIEW);
  {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (kp_entry_view_parent_class)->dispose (object);
}

static void
kp_entry_view_finalize (GObject *object)
{
  KpEntryView *self = KP_ENTRY_VIEW (object);

  g_clear_pointer (&self->election, kp_election_free);
  g_clear_pointer (&self->ballot, kp_ballot_free);
  g_free (self->flag_text);
  g_free (self->operator);
  g_free (self->validity_text);
  g_array_unref (self->typed);
  g_string_free (self->pending, TRUE);
  g_ptr_array_unref (self->chips);
  G_OBJECT_CLASS (kp_entry_view_parent_class)->finalize (object);
}

static void
style_changed_cb (KpEntryView *self)
{
  refresh (self);
}

static void
kp_entry_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (KP_ENTRY_VIEW (widget)->box, orientation, for_size, minimum, natural, minimum_baseline,
                      natural_baseline);
}

/* All names on screen (issue 11). The names come before the recent ballots:
 * their scrolled window asks for the height the names take and the recent
 * ballots have the rest. GTK 4.8's scrolled window asks its child for its
 * natural height at no particular width, which for the flow box is its
 * height at two names a line; the height at the width it will have is
 * given here, as the scrolled window's greatest natural height. */
static void
kp_entry_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  KpEntryView *self = KP_ENTRY_VIEW (widget);
  int inner = width - gtk_widget_get_margin_start (self->box) - gtk_widget_get_margin_end (self->box);
  int min_width, need;

  gtk_widget_measure (GTK_WIDGET (self->names), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->names), GTK_ORIENTATION_VERTICAL, MAX (inner, min_width), NULL, &need, NULL,
                      NULL);
  if (gtk_scrolled_window_get_max_content_height (self->names_scroller) != need)
    gtk_scrolled_window_set_max_content_height (self->names_scroller, need);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
}

static void
kp_entry_view_class_init (KpEntryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kp_entry_view_dispose;
  object_class->finalize = kp_entry_view_finalize;
  widget_class->measure = kp_entry_view_measure;
  widget_class->size_allocate = kp_entry_view_size_allocate;

  /**
   * KpEntryView::ballot-saved:
   * @serial: the ballot saved, or 0 after a void
   *
   * A ballot is on disk (or was voided).
   */
  signals[BALLOT_SAVED] = g_signal_new ("ballot-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/kiemphieu/KiemPhieu/kp-entry-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, box);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, title);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, serial_label);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, help);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, keep_bar);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, names);
  gtk_widget_class_bind_template_child_full (widget_class, "typed", FALSE,
                                             G_STRUCT_OFFSET (KpEntryView, typed_label));
  gtk_widget_class_bind_template_child_full (widget_class, "pending", FALSE,
                                             G_STRUCT_OFFSET (KpEntryView, pending_label));
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, flag_label);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, reason);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, validity);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, status);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, recent);
  gtk_widget_class_bind_template_child (widget_class, KpEntryView, names_scroller);
}

static void
reason_activate_cb (KpEntryView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason))));

  g_clear_pointer (&self->flag_text, g_free);
  if (*text != '\0')
    {
      self->flag = KP_INVALID_OTHER;
      self->flag_text = g_steal_pointer (&text);
    }
  else if (self->flag == KP_INVALID_OTHER)
    self->flag = KP_INVALID_NONE;
  gtk_widget_set_visible (GTK_WIDGET (self->reason), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  refresh (self);
}

static void
kp_entry_view_init (KpEntryView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->typed = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pending = g_string_new (NULL);
  self->chips = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The line through struck names follows the light or dark style. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (self->reason, "activate", G_CALLBACK (reason_activate_cb), self);
}

KpEntryView *
kp_entry_view_new (void)
{
  return g_object_new (KP_TYPE_ENTRY_VIEW, NULL);
}
