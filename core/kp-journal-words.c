/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-journal-words.c — journal entries and ballots in the user's language,
 * for the screens (kp-journal-words.h). Each text here is the English msgid
 * of a Vietnamese phrase of the printed journal (kp-documents.c,
 * kp-ballot.c), and po/vi.po translates it back to exactly that phrase, so
 * that under a Vietnamese locale the screen and the paper say the same.
 */

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>

#include "kp-json.h"
#include "kp-journal-words.h"

/**
 * kp_invalid_reason_shown:
 * @reason: an invalid reason as in the result JSON ("over-vote", …,
 *   "other:<text>")
 *
 * kp_invalid_reason_words () in the user's language: the committee's own
 * text of an "other" reason as it was written.
 *
 * Returns: (transfer none): the reason in words.
 */
const char *
kp_invalid_reason_shown (const char *reason)
{
  static const struct
  {
    const char *key;
    const char *words;
  } table[] = {
    { "over-vote", NC_ ("invalid reason", "more names kept than seats") },
    { "none-kept", NC_ ("invalid reason", "every name struck (none kept)") },
    { "yesno-single-both-or-none", NC_ ("invalid reason", "both boxes marked, or neither") },
    { "not-issued", NC_ ("invalid reason", "not issued by the counting committee") },
    { "added-name", NC_ ("invalid reason", "a name added that is not on the election list") },
    { "identifying-mark", NC_ ("invalid reason", "signed, marked as its own or written on") },
  };

  g_return_val_if_fail (reason != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (reason, table[i].key))
      return g_dpgettext2 (GETTEXT_PACKAGE, "invalid reason", table[i].words);
  if (g_str_has_prefix (reason, "other:"))
    return reason + 6;
  return reason;
}

/**
 * kp_ballot_describe_values_shown:
 *
 * kp_ballot_describe_values () in the user's language ("struck 3 17",
 * "no name struck", "marked YYN", "; invalid: …").
 *
 * Returns: (transfer full): the description.
 */
char *
kp_ballot_describe_values_shown (const char *struck,
                                 const char *marks,
                                 const char *flag)
{
  GString *out = g_string_new (NULL);

  if (struck == NULL || (*struck == '\0' && marks != NULL && *marks != '\0'))
    g_string_append_printf (out, C_ ("ballot", "marked %s"), marks ? marks : "");
  else if (*struck)
    g_string_append_printf (out, C_ ("ballot", "struck %s"), struck);
  else
    g_string_append (out, C_ ("ballot", "no name struck"));
  if (flag != NULL && *flag)
    g_string_append_printf (out, C_ ("ballot", "; invalid: %s"), kp_invalid_reason_shown (flag));
  return g_string_free (out, FALSE);
}

/**
 * kp_ballot_describe_shown:
 *
 * kp_ballot_describe () in the user's language.
 *
 * Returns: (transfer full): the description.
 */
char *
kp_ballot_describe_shown (const KpBallot *ballot)
{
  g_autofree char *struck = kp_ballot_struck_to_string (ballot);
  g_autofree char *flag = kp_ballot_flag_to_string (ballot);

  return kp_ballot_describe_values_shown (ballot->form == KP_BALLOT_FORM_STRIKE ? struck : NULL, ballot->marks, flag);
}

/**
 * kp_journal_action_shown:
 * @action: a journal action ("enter", "void", …)
 *
 * kp_documents_action_words () in the user's language; an action it does
 * not know is given as it is.
 *
 * Returns: (transfer none): static words, or @action itself.
 */
const char *
kp_journal_action_shown (const char *action)
{
  static const struct
  {
    const char *action;
    const char *words;
  } table[] = {
    { "create", NC_ ("journal action", "Create") },
    { "enter", NC_ ("journal action", "Ballot entered") },
    { "void", NC_ ("journal action", "Ballot voided") },
    { "resolve", NC_ ("journal action", "Decision") },
    { "mode", NC_ ("journal action", "Entry mode") },
    { "issued", NC_ ("journal action", "Ballots issued") },
    { "collected", NC_ ("journal action", "Ballots collected") },
    { "alternates", NC_ ("journal action", "Order of alternates") },
    { "pause", NC_ ("journal action", "Pause") },
    { "resume", NC_ ("journal action", "Resume") },
    { "next-round", NC_ ("journal action", "Next round") },
    { "edit-round", NC_ ("journal action", "List changed") },
    { "rehearsal", NC_ ("journal action", "Rehearsal") },
    { "keys", NC_ ("journal action", "Signing key") },
    { "confirm", NC_ ("journal action", "Confirmation") },
    { "release", NC_ ("journal action", "Released") },
    { "hide", NC_ ("journal action", "Taken off the screen") },
    { "unlock", NC_ ("journal action", "Passphrase typed") },
    { "unlocked", NC_ ("journal action", "Passphrase right") },
    { "adjudicate", NC_ ("journal action", "Scanned ballot decided") },
    { "station", NC_ ("journal action", "Station package") },
    { "enroll", NC_ ("journal action", "Station enrolled") },
    { "import", NC_ ("journal action", "Batch received") },
    { "station-open", NC_ ("journal action", "Station package opened") },
    { "batch", NC_ ("journal action", "Batch written") },
  };

  g_return_val_if_fail (action != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (action, table[i].action))
      return g_dpgettext2 (GETTEXT_PACKAGE, "journal action", table[i].words);
  return action;
}

/* What the head typed the passphrase for (an `unlock` entry's "for"). */
static const char *
purpose_shown (const char *purpose)
{
  static const struct
  {
    const char *action;
    const char *words;
  } table[] = {
    { "confirm", N_ ("confirm the result") },
    { "resolve", N_ ("decide a disagreement") },
    { "alternates", N_ ("decide the order of the alternates") },
    { "mode", N_ ("change the entry mode") },
    { "release", N_ ("release the result to the hall's screen") },
    { "station", N_ ("make a station package") },
    { "enroll", N_ ("enroll a station's key") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (purpose, table[i].action))
      return _ (table[i].words);
  return purpose;
}

static const char *
mode_shown (gint64 mode)
{
  return mode == 1 ? C_ ("entry mode", "single entry") : mode == 2 ? C_ ("entry mode", "double entry")
                                                                   : C_ ("entry mode", "triple entry");
}

/**
 * kp_journal_describe_entry_shown:
 * @congress: (nullable): the congress whose journal @e is, to name an
 *   election by its title
 * @e: one journal entry
 *
 * kp_documents_describe_entry_in () in the user's language. An entry whose
 * content does not read as JSON is given as it is.
 *
 * Returns: (transfer full): the description; never %NULL.
 */
char *
kp_journal_describe_entry_shown (const KpCongress     *congress,
                                 const KpJournalEntry *e)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *c;
  const char *election, *pass, *reason;
  gint64 round, serial;

  g_return_val_if_fail (e != NULL, NULL);
  if (!kp_json_load (parser, e->content, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (e->content);
  c = json_node_get_object (root);
  election = json_object_get_string_member_with_default (c, "election", "");
  if (congress != NULL && *election != '\0')
    {
      KpElection *named = kp_congress_find_election ((KpCongress *) congress, election);

      if (named != NULL)
        election = named->title;
    }
  pass = json_object_get_string_member_with_default (c, "pass", "");
  round = json_object_get_int_member_with_default (c, "round", 0);
  serial = json_object_get_int_member_with_default (c, "serial", 0);
  reason = json_object_get_string_member_with_default (c, "reason", "");

  if (g_str_equal (e->action, "create"))
    return g_strdup (_ ("Congress file created from the election definition"));
  if (g_str_equal (e->action, "enter") || g_str_equal (e->action, "adjudicate"))
    {
      const char *struck = json_object_get_string_member_with_default (c, "struck", "");
      const char *marks = json_object_get_string_member_with_default (c, "marks", "");
      const char *invalid = json_object_get_string_member_with_default (c, "invalid", "");
      g_autofree char *ballot = kp_ballot_describe_values_shown (*marks ? NULL : struck, marks, invalid);
      JsonNode *scan_node = json_object_get_member (c, "scan");
      JsonObject *scan = scan_node && JSON_NODE_HOLDS_OBJECT (scan_node) ? json_node_get_object (scan_node) : NULL;
      const char *doubtful = scan ? json_object_get_string_member_with_default (scan, "doubtful", "") : "";

      if (g_str_equal (e->action, "adjudicate"))
        return g_strdup_printf (_ ("%s, round %" PRId64 ", pass %s: scanned ballot %" PRId64 " decided: %s%s%s"),
                                election, round, pass, serial, ballot, *reason ? " — " : "", reason);
      return g_strdup_printf (_ ("%s, round %" PRId64 ", pass %s, ballot %" PRId64 ": %s%s%s%s%s"), election, round,
                              pass, serial, ballot, scan ? _ (" (scanned") : "", *doubtful ? _ ("; rows to decide: ") : "",
                              doubtful,
                              scan && json_object_get_boolean_member_with_default (scan, "unplaced", FALSE)
                                ? _ ("; ink outside the rows)") : scan ? ")" : "");
    }
  if (g_str_equal (e->action, "void"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ", pass %s: ballot %" PRId64 " voided — %s"), election, round,
                            pass, serial, reason);
  if (g_str_equal (e->action, "resolve"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": ballot %" PRId64 " decided (taking %s) — %s"), election, round,
                            serial, json_object_get_string_member_with_default (c, "take", ""), reason);
  if (g_str_equal (e->action, "mode"))
    return g_strdup_printf ("%s: %s", election, mode_shown (json_object_get_int_member_with_default (c, "mode", 1)));
  if (g_str_equal (e->action, "issued"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": ballots issued %" PRId64), election, round,
                            json_object_get_int_member_with_default (c, "issued", 0));
  if (g_str_equal (e->action, "alternates"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": the order in which the alternates with equal votes replace "
                               "(numbers on the ballot: %s) — %s"), election, round,
                            json_object_get_string_member_with_default (c, "elected", ""), reason);
  if (g_str_equal (e->action, "collected"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": ballots collected (counted from the box) %" PRId64), election,
                            round, json_object_get_int_member_with_default (c, "collected", 0));
  if (g_str_equal (e->action, "pause"))
    return g_strdup_printf (_ ("%s: paused — %s"), election, reason);
  if (g_str_equal (e->action, "resume"))
    return g_strdup_printf (_ ("%s: resumed — %s"), election, reason);
  if (g_str_equal (e->action, "keys"))
    return g_strdup_printf (_ ("Signing key of the counting committee created, fingerprint %.16s…"),
                            json_object_get_string_member_with_default (c, "fingerprint", ""));
  if (g_str_equal (e->action, "confirm"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": result confirmed and signed (code %.16s…)"), election, round,
                            json_object_get_string_member_with_default (c, "digest", ""));
  if (g_str_equal (e->action, "rehearsal") && json_object_has_member (c, "copy_of"))
    return g_strdup_printf (_ ("Rehearsal copy of %s (every document printed says THỬ NGHIỆM; ballots entered here "
                               "do not count in the real result)"),
                            json_object_get_string_member_with_default (c, "copy_of", ""));
  if (g_str_equal (e->action, "rehearsal"))
    return g_strdup (json_object_get_boolean_member_with_default (c, "on", FALSE)
                       ? _ ("Rehearsal mode on (every document printed says THỬ NGHIỆM)")
                       : _ ("Rehearsal mode off"));
  if (g_str_equal (e->action, "next-round"))
    return g_strdup_printf (_ ("%s: round %" PRId64 " created, %" PRId64 " to elect"), election, round,
                            json_object_get_int_member_with_default (c, "seats", 0));
  if (g_str_equal (e->action, "edit-round"))
    return g_strdup_printf (_ ("%s: list of round %" PRId64 " changed, %" PRId64 " to elect"), election, round,
                            json_object_get_int_member_with_default (c, "seats", 0));
  if (g_str_equal (e->action, "release"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": the head released the result to the hall's screen (with the "
                               "passphrase)"), election, round);
  if (g_str_equal (e->action, "hide"))
    return g_strdup_printf (_ ("%s, round %" PRId64 ": the result taken off the hall's screen"), election, round);
  if (g_str_equal (e->action, "unlock"))
    /* Recorded before it is tried: one not followed by "unlocked" was wrong. */
    return g_strdup_printf (_ ("The head types the passphrase to %s"),
                            purpose_shown (json_object_get_string_member_with_default (c, "for", "")));
  if (g_str_equal (e->action, "unlocked"))
    return g_strdup_printf (_ ("The passphrase typed at entry %" PRId64 " was right"),
                            json_object_get_int_member_with_default (c, "attempt", 0));
  if (g_str_equal (e->action, "station"))
    return g_strdup_printf (json_object_get_boolean_member_with_default (c, "adopted", FALSE)
                              ? _ ("Package of station %s (%s) taken over: %s, round %" PRId64 ", pass %s%s")
                              : _ ("Package of station %s (%s) made: %s, round %" PRId64 ", pass %s%s"),
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "name", ""), election, round, pass,
                            json_object_get_int_member_with_default (c, "serial_to", 0) > 0 ? _ (", serials limited")
                                                                                             : "");
  if (g_str_equal (e->action, "enroll"))
    return g_strdup_printf (_ ("Key of station %s enrolled, fingerprint %.16s…"),
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "fingerprint", ""));
  if (g_str_equal (e->action, "import"))
    return g_strdup_printf (_ ("Batch %" PRId64 " of station %s received (code %.16s…)"),
                            json_object_get_int_member_with_default (c, "number", 0),
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "sha256", ""));
  if (g_str_equal (e->action, "station-open"))
    return g_strdup (_ ("Station package opened; the station's key made on this machine"));
  if (g_str_equal (e->action, "batch"))
    {
      gint64 entered = json_object_get_int_member_with_default (c, "entered", 0);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Batch %" PRId64 " written: %" PRId64 " ballot entered, %" PRId64
                                           " voided (code %.16s…)",
                                           "Batch %" PRId64 " written: %" PRId64 " ballots entered, %" PRId64
                                           " voided (code %.16s…)", entered),
                              json_object_get_int_member_with_default (c, "number", 0), entered,
                              json_object_get_int_member_with_default (c, "voided", 0),
                              json_object_get_string_member_with_default (c, "sha256", ""));
    }
  return g_strdup_printf ("%s %s", e->action, e->content);
}
