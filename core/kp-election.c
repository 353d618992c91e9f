/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-election.c — the election model. */

#include "kp-election.h"
#include "kp-names.h"

KpExclusion *
kp_exclusion_new (guint       count,
                  const char *reason)
{
  KpExclusion *exclusion = g_new0 (KpExclusion, 1);

  exclusion->count = count;
  exclusion->reason = g_strdup (reason);
  return exclusion;
}

void
kp_exclusion_free (KpExclusion *exclusion)
{
  if (exclusion == NULL)
    return;
  g_free (exclusion->reason);
  g_free (exclusion);
}

KpCandidate *
kp_candidate_new (guint       no,
                  const char *name,
                  const char *born)
{
  KpCandidate *candidate = g_new0 (KpCandidate, 1);

  candidate->no = no;
  candidate->name = g_strdup (name);
  candidate->born = g_strdup (born);
  return candidate;
}

void
kp_candidate_free (KpCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->name);
  g_free (candidate->born);
  g_free (candidate);
}

KpCommitteeMember *
kp_committee_member_new (const char *name,
                         KpRole      role)
{
  KpCommitteeMember *member = g_new0 (KpCommitteeMember, 1);

  member->name = g_strdup (name);
  member->role = role;
  return member;
}

void
kp_committee_member_free (KpCommitteeMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member);
}

/**
 * kp_election_new:
 *
 * Returns: (transfer full): an election with no candidates, round 1, issued
 * unknown and base 0. Fill it, then set @base with kp_election_compute_base().
 */
KpElection *
kp_election_new (const char *id,
                 guint       seats)
{
  KpElection *election = g_new0 (KpElection, 1);

  election->id = g_strdup (id);
  election->seats = seats;
  election->round = 1;
  election->issued = -1;
  election->exclusions = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_exclusion_free);
  election->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_candidate_free);
  return election;
}

void
kp_election_free (KpElection *election)
{
  if (election == NULL)
    return;
  g_free (election->id);
  g_free (election->title);
  g_ptr_array_unref (election->exclusions);
  g_ptr_array_unref (election->candidates);
  g_free (election);
}

/**
 * kp_election_copy:
 *
 * Returns: (transfer full): a deep copy.
 */
KpElection *
kp_election_copy (const KpElection *election)
{
  KpElection *copy;

  g_return_val_if_fail (election != NULL, NULL);

  copy = kp_election_new (election->id, election->seats);
  copy->title = g_strdup (election->title);
  copy->body = election->body;
  copy->round = election->round;
  copy->issued = election->issued;
  copy->convened = election->convened;
  copy->base = election->base;
  copy->threshold = election->threshold;
  for (guint i = 0; i < election->exclusions->len; i++)
    {
      const KpExclusion *e = g_ptr_array_index (election->exclusions, i);
      g_ptr_array_add (copy->exclusions, kp_exclusion_new (e->count, e->reason));
    }
  for (guint i = 0; i < election->candidates->len; i++)
    {
      const KpCandidate *c = g_ptr_array_index (election->candidates, i);
      g_ptr_array_add (copy->candidates, kp_candidate_new (c->no, c->name, c->born));
    }
  return copy;
}

/**
 * kp_election_get_candidate:
 * @no: ballot number, 1-based
 *
 * Returns: (transfer none) (nullable): the candidate, or %NULL if @no is not
 * on the list.
 */
const KpCandidate *
kp_election_get_candidate (const KpElection *election,
                           guint             no)
{
  g_return_val_if_fail (election != NULL, NULL);
  if (no == 0 || no > election->candidates->len)
    return NULL;
  return g_ptr_array_index (election->candidates, no - 1);
}

/**
 * kp_election_get_form:
 *
 * R-FORM-3: the form follows from the numbers. Candidates > seats gives the
 * strike form (R-FORM-1), candidates = seats the agree/disagree form
 * (R-FORM-2). The definition reader refuses candidates < seats.
 */
KpBallotForm
kp_election_get_form (const KpElection *election)
{
  g_return_val_if_fail (election != NULL, KP_BALLOT_FORM_STRIKE);
  g_assert (election->candidates->len >= election->seats);

  return kp_ballot_form_for (election->candidates->len, election->seats);
}

/**
 * kp_ballot_form_for:
 *
 * R-FORM-3 on the numbers alone (a round read from a congress file): the
 * one place the form is worked out.
 */
KpBallotForm
kp_ballot_form_for (guint n_candidates,
                    guint seats)
{
  return n_candidates > seats ? KP_BALLOT_FORM_STRIKE : KP_BALLOT_FORM_YESNO;
}

/* "1970-03-02" → "sinh ngày 02/03/1970" */
static char *
born_words (const char *born)
{
  if (!kp_date_is_valid (born))
    return g_strdup_printf ("sinh %s", born);
  return g_strdup_printf ("sinh ngày %.2s/%.2s/%.4s", born + 8, born + 5, born);
}

/* The letters of a name without marks, case or spacing: "Phạm Thị Thuỷ"
 * → "phamthithuy" ("đ" stays itself). */
static char *
bare_letters (const char *name)
{
  g_autofree char *decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *c = decomposed ? decomposed : ""; *c; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);
      if (g_unichar_ismark (u) || g_unichar_isspace (u))
        continue;
      g_string_append_unichar (out, g_unichar_tolower (u));
    }
  return g_string_free (out, FALSE);
}

static int
compare_keys_at (gconstpointer a,
                 gconstpointer b,
                 gpointer      keys)
{
  return g_bytes_compare (((GPtrArray *) keys)->pdata[*(const guint *) a],
                          ((GPtrArray *) keys)->pdata[*(const guint *) b]);
}

/**
 * kp_election_undated_namesakes:
 *
 * R-LIST-2: namesakes ("Thuỷ" = "Thủy") are told apart on the ballot and
 * the minutes by their dates of birth; this finds those that cannot be.
 *
 * Returns: (transfer full) (element-type guint): pairs of candidate
 * indexes (lower first), one pair after the other: two people of the same
 * name of whom one or both have no date of birth, or the same one.
 */
GArray *
kp_election_undated_namesakes (const KpElection *election)
{
  guint n = election->candidates->len;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      order[i] = i;
      g_ptr_array_add (keys, kp_names_key (((KpCandidate *) election->candidates->pdata[i])->name));
    }
  g_qsort_with_data (order, (gint) n, sizeof (guint), compare_keys_at, keys);
  for (guint i = 1; i < n; i++)
    {
      guint x = MIN (order[i - 1], order[i]), y = MAX (order[i - 1], order[i]);
      const KpCandidate *a = g_ptr_array_index (election->candidates, x);
      const KpCandidate *b = g_ptr_array_index (election->candidates, y);

      if (g_bytes_equal (keys->pdata[x], keys->pdata[y])
          && (a->born == NULL || b->born == NULL || g_str_equal (a->born, b->born)))
        {
          g_array_append_val (pairs, x);
          g_array_append_val (pairs, y);
        }
    }
  return pairs;
}

/**
 * kp_election_get_display_names:
 *
 * How every document, screen and text shows the candidates. R-LIST-2:
 * namesakes — two or more candidates whose names are the same as the
 * R-LIST-2 order compares them (NFC, given, family and middle names by
 * the Vietnamese collator, "Thuỷ" = "Thủy") — are told apart by their date
 * of birth, in full: "Nguyễn Văn Nam (sinh ngày 02/03/1970)". Everyone
 * else, and a namesake whose date of birth is not known, is shown by name
 * alone, as on the definition.
 *
 * Returns: (transfer full): a %NULL-terminated array of the names to show,
 * index = ballot number − 1.
 */
GStrv
kp_election_get_display_names (const KpElection *election)
{
  guint n;
  g_autofree gboolean *shared = NULL;
  g_autoptr(GHashTable) buckets = NULL;
  GHashTableIter iter;
  gpointer value;
  GStrv names;

  g_return_val_if_fail (election != NULL, NULL);

  /* Namesakes (R-LIST-2: "Thuỷ" = "Thủy") share their letters once the
   * tone and other marks are taken off; only names that share them with
   * another name get a collation key, compared as bytes. This runs for
   * every result, so a list without look-alikes costs no collation. */
  n = election->candidates->len;
  shared = g_new0 (gboolean, n);
  buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n; i++)
    {
      char *letters = bare_letters (((KpCandidate *) election->candidates->pdata[i])->name);
      GArray *bucket = g_hash_table_lookup (buckets, letters);

      if (bucket == NULL)
        {
          bucket = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (buckets, letters, bucket);
        }
      else
        g_free (letters);
      g_array_append_val (bucket, i);
    }
  g_hash_table_iter_init (&iter, buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *bucket = value;
      g_autoptr(GPtrArray) keys = NULL;

      if (bucket->len < 2)
        continue;
      keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint k = 0; k < bucket->len; k++)
        g_ptr_array_add (keys, kp_names_key (((KpCandidate *) election->candidates->pdata[g_array_index (bucket, guint, k)])->name));
      for (guint k = 0; k < bucket->len; k++)
        for (guint l = k + 1; l < bucket->len; l++)
          if (g_bytes_equal (keys->pdata[k], keys->pdata[l]))
            shared[g_array_index (bucket, guint, k)] = shared[g_array_index (bucket, guint, l)] = TRUE;
    }

  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const KpCandidate *c = g_ptr_array_index (election->candidates, i);

      if (shared[i] && c->born != NULL)
        {
          g_autofree char *words = born_words (c->born);
          names[i] = g_strdup_printf ("%s (%s)", c->name, words);
        }
      else
        names[i] = g_strdup (c->name);
    }
  return names;
}

/**
 * kp_election_compute_base:
 *
 * R-BASE-1: the threshold base is the convened count minus every exclusion,
 * never the valid ballots, the ballots collected or those present.
 *
 * Returns: the base, or 0 when the exclusions reach the convened count
 * (the caller refuses such a definition).
 */
guint
kp_election_compute_base (const KpElection *election)
{
  guint64 excluded = 0;

  g_return_val_if_fail (election != NULL, 0);

  for (guint i = 0; i < election->exclusions->len; i++)
    {
      const KpExclusion *e = g_ptr_array_index (election->exclusions, i);
      excluded += e->count;
    }
  if (excluded >= election->convened)
    return 0;
  return election->convened - (guint) excluded;
}

KpCongress *
kp_congress_new (void)
{
  KpCongress *congress = g_new0 (KpCongress, 1);

  congress->present = -1;
  congress->exclusions = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_exclusion_free);
  congress->committee = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_committee_member_free);
  congress->elections = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_election_free);
  return congress;
}

void
kp_congress_free (KpCongress *congress)
{
  if (congress == NULL)
    return;
  g_free (congress->superior);
  g_free (congress->organization);
  g_free (congress->name);
  g_free (congress->term);
  g_free (congress->place);
  g_free (congress->date);
  g_ptr_array_unref (congress->exclusions);
  g_ptr_array_unref (congress->committee);
  g_ptr_array_unref (congress->elections);
  g_free (congress);
}

/**
 * kp_congress_find_election:
 *
 * Returns: (transfer none) (nullable): the election with @id, or %NULL.
 */
KpElection *
kp_congress_find_election (KpCongress *congress,
                           const char *id)
{
  g_return_val_if_fail (congress != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < congress->elections->len; i++)
    {
      KpElection *election = g_ptr_array_index (congress->elections, i);
      if (g_strcmp0 (election->id, id) == 0)
        return election;
    }
  return NULL;
}

static const char *const body_names[] = {
  [KP_BODY_COMMITTEE] = "committee",
  [KP_BODY_STANDING_COMMITTEE] = "standing_committee",
  [KP_BODY_SECRETARY] = "secretary",
  [KP_BODY_DEPUTY_SECRETARY] = "deputy_secretary",
  [KP_BODY_INSPECTION_COMMITTEE] = "inspection_committee",
  [KP_BODY_INSPECTION_CHAIR] = "inspection_chair",
  [KP_BODY_DELEGATES] = "delegates",
  [KP_BODY_ALTERNATE_DELEGATES] = "alternate_delegates",
  [KP_BODY_OPINION] = "opinion",
  [KP_BODY_OTHER] = "other",
};

const char *
kp_body_to_string (KpBody body)
{
  g_return_val_if_fail (body < G_N_ELEMENTS (body_names), NULL);
  return body_names[body];
}

gboolean
kp_body_from_string (const char *str,
                     KpBody     *body)
{
  for (guint i = 0; i < G_N_ELEMENTS (body_names); i++)
    if (g_strcmp0 (str, body_names[i]) == 0)
      {
        *body = (KpBody) i;
        return TRUE;
      }
  return FALSE;
}

static const char *const kind_names[] = {
  [KP_CONGRESS_KIND_DELEGATES] = "delegates",
  [KP_CONGRESS_KIND_MEMBERS] = "members",
  [KP_CONGRESS_KIND_MEETING] = "meeting",
};

const char *
kp_congress_kind_to_string (KpCongressKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
kp_congress_kind_from_string (const char     *str,
                              KpCongressKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = (KpCongressKind) i;
        return TRUE;
      }
  return FALSE;
}
