/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-scan-assembly.c — scanned pages made into ballots of a pass (see the
 * header): the CLI's `scan` and the app's scanning page share it.
 */

#include <glib/gi18n-lib.h>

#include "kp-scan-assembly.h"

struct _KpScanAssembly
{
  /* Borrowed */
  KpStore *store;
  const KpElection *election;
  KpScanEventFunc func;
  gpointer user_data;

  /* Owned */
  char *operator;
  char pass;
  gboolean skip_blank;
  GHashTable *kept_files;   /* sha256 of the files stored by this assembly */
  /* The ballot being put together, page by page. */
  GPtrArray *pages;         /* KpScanPage */
  GPtrArray *sources;       /* KpScanSource (a reference each), per page */
  GArray *page_numbers;     /* guint, page in its file */
  char *first_where;        /* where its first page was */
  KpScanTotals totals;
};

KpScanAssembly *
kp_scan_assembly_new (KpStore          *store,
                      const KpElection *election,
                      char              pass,
                      const char       *operator,
                      gboolean          skip_blank,
                      KpScanEventFunc   func,
                      gpointer          user_data)
{
  KpScanAssembly *self = g_new0 (KpScanAssembly, 1);

  self->store = store;
  self->election = election;
  self->func = func;
  self->user_data = user_data;
  self->operator = g_strdup (operator);
  self->pass = pass;
  self->skip_blank = skip_blank;
  self->kept_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_scan_page_free);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_scan_source_free);
  self->page_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

void
kp_scan_assembly_free (KpScanAssembly *self)
{
  if (self == NULL)
    return;
  g_free (self->operator);
  g_hash_table_unref (self->kept_files);
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->sources);
  g_array_unref (self->page_numbers);
  g_free (self->first_where);
  g_free (self);
}

/* Where a page is, for the operator: the file, and its page if it has
 * several. */
char *
kp_scan_assembly_where (KpScanSource *source,
                        guint         index)
{
  const char *name = kp_scan_source_get_name (source);

  return kp_scan_source_get_n_pages (source) > 1 ? g_strdup_printf (_ ("%s, page %u"), name, index + 1)
                                                 : g_strdup (name);
}

static void
emit (KpScanAssembly *self,
      KpScanEvent    *event)
{
  if (self->func != NULL)
    self->func (event, self->user_data);
}

static void
refuse (KpScanAssembly *self,
        const char     *where,
        const char     *reason)
{
  KpScanEvent event = { .kind = KP_SCAN_EVENT_REFUSED, .where = where, .reason = reason };

  self->totals.refused++;
  emit (self, &event);
}

static void
clear_pending (KpScanAssembly *self)
{
  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_set_size (self->sources, 0);
  g_array_set_size (self->page_numbers, 0);
  g_clear_pointer (&self->first_where, g_free);
}

/* The pages held for a ballot that cannot be completed: refused, as one
 * sheet, at its first page. */
static void
drop_pending (KpScanAssembly *self,
              const char     *reason)
{
  if (self->pages->len > 0)
    refuse (self, self->first_where, reason);
  clear_pending (self);
}

/* The pages of one ballot are complete: saved as the pass's next serial. */
static gboolean
save_ballot (KpScanAssembly *self,
             GError        **error)
{
  const KpElection *e = self->election;
  gboolean strike = kp_election_get_form (e) == KP_BALLOT_FORM_STRIKE;
  g_autoptr(KpBallot) ballot = NULL;
  g_autoptr(GString) doubtful = g_string_new (NULL);
  g_autofree char *marks = strike ? NULL : g_strnfill (e->candidates->len, KP_MARK_NEITHER);
  g_autofree KpScanPageRef *refs = g_new0 (KpScanPageRef, self->pages->len);
  gboolean unplaced = FALSE;
  guint serial = kp_store_next_serial (self->store, e->id, e->round, self->pass, error);
  g_autofree char *described = NULL;
  KpScanEvent event = { .kind = KP_SCAN_EVENT_SAVED };

  if (serial == 0)
    return FALSE;
  for (guint p = 0; p < self->pages->len; p++)
    {
      const KpScanPage *page = self->pages->pdata[p];
      for (guint r = 0; r < page->rows->len; r++)
        {
          const KpScanRow *row = &g_array_index (page->rows, KpScanRow, r);
          if (row->decision == KP_SCAN_DOUBTFUL)
            g_string_append_printf (doubtful, "%s%u", doubtful->len ? " " : "", row->no);
          else if (!strike)
            marks[row->no - 1] = row->marks;
        }
      unplaced |= page->unplaced;
    }
  ballot = strike ? kp_ballot_new_strike (serial, e->candidates->len) : kp_ballot_new_yesno (serial, marks);
  if (strike)
    for (guint p = 0; p < self->pages->len; p++)
      {
        const KpScanPage *page = self->pages->pdata[p];
        for (guint r = 0; r < page->rows->len; r++)
          {
            const KpScanRow *row = &g_array_index (page->rows, KpScanRow, r);
            if (row->decision == KP_SCAN_STRUCK)
              kp_ballot_strike (ballot, row->no);
          }
      }

  for (guint p = 0; p < self->pages->len; p++)
    {
      KpScanSource *source = self->sources->pdata[p];
      const char *sha = kp_scan_source_get_sha256 (source);

      refs[p].sha256 = sha;
      refs[p].page = g_array_index (self->page_numbers, guint, p);
      refs[p].type = kp_scan_source_get_mime_type (source);
      refs[p].name = kp_scan_source_get_name (source);
      refs[p].bytes = g_hash_table_contains (self->kept_files, sha) ? NULL : kp_scan_source_get_bytes (source);
    }
  if (!kp_store_enter_scanned (self->store, e->id, e->round, self->pass, self->operator, ballot, refs,
                               self->pages->len, doubtful->str, unplaced, error))
    return FALSE;
  for (guint p = 0; p < self->pages->len; p++)
    g_hash_table_add (self->kept_files, g_strdup (refs[p].sha256));

  described = kp_ballot_describe (ballot);
  self->totals.saved++;
  self->totals.doubtful += doubtful->len > 0 || unplaced;
  event.where = self->first_where;
  event.serial = serial;
  event.pass = self->pass;
  event.described = described;
  event.doubtful = doubtful->str;
  event.unplaced = unplaced;
  emit (self, &event);
  clear_pending (self);
  return TRUE;
}

/**
 * kp_scan_assembly_skip_saved:
 *
 * Page @index of @source is already a ballot of this round (the same image
 * twice is the same paper twice): told as a DUPLICATE event. A caller may
 * ask before recognising the page, to spare the work;
 * kp_scan_assembly_add_page () asks anyway.
 *
 * Returns: %TRUE if the page was skipped.
 */
gboolean
kp_scan_assembly_skip_saved (KpScanAssembly *self,
                             KpScanSource   *source,
                             guint           index)
{
  char pass = 0;
  guint serial = kp_store_find_scanned (self->store, self->election->id, self->election->round,
                                        kp_scan_source_get_sha256 (source), index, &pass);
  g_autofree char *where = NULL;
  KpScanEvent event = { .kind = KP_SCAN_EVENT_DUPLICATE };

  if (serial == 0)
    return FALSE;
  where = kp_scan_assembly_where (source, index);
  event.where = where;
  event.serial = serial;
  event.pass = pass;
  self->totals.skipped++;
  emit (self, &event);
  return TRUE;
}

/**
 * kp_scan_assembly_add_page:
 * @page: (transfer full) (nullable): page @index of @source as recognised,
 *   or %NULL when @page_error says why it could not be
 * @error: the congress file's failure to save (a full disk, a round
 *   confirmed meanwhile): what was saved before stays saved
 *
 * The next page of the stack. A refused sheet is an event, not an error.
 *
 * Returns: %FALSE with @error set if a ballot could not be saved.
 */
gboolean
kp_scan_assembly_add_page (KpScanAssembly *self,
                           KpScanSource   *source,
                           guint           index,
                           KpScanPage     *page,
                           const GError   *page_error,
                           GError        **error)
{
  g_autoptr(KpScanPage) owned = page;
  g_autofree char *where = NULL;

  g_return_val_if_fail (page != NULL || page_error != NULL, FALSE);

  if (kp_scan_assembly_skip_saved (self, source, index))
    return TRUE;
  where = kp_scan_assembly_where (source, index);
  if (owned == NULL)
    {
      if (self->skip_blank && g_error_matches (page_error, KP_SCAN_ERROR, KP_SCAN_ERROR_BLANK))
        {
          KpScanEvent event = { .kind = KP_SCAN_EVENT_BLANK, .where = where };

          self->totals.skipped++;
          emit (self, &event);
          return TRUE;
        }
      drop_pending (self, _ ("the ballot's next page was refused"));
      refuse (self, where, page_error->message);
      return TRUE;
    }
  /* A ballot's pages come in order, each ballot whole. */
  if (owned->page != self->pages->len)
    {
      drop_pending (self, _ ("the ballot's pages are incomplete"));
      if (owned->page != 0)
        {
          g_autofree char *reason = g_strdup_printf (_ ("page %u of %u of a ballot, without the pages before it"),
                                                     owned->page + 1, owned->pages);
          refuse (self, where, reason);
          return TRUE;
        }
    }
  if (self->pages->len == 0)
    self->first_where = g_steal_pointer (&where);
  g_ptr_array_add (self->sources, kp_scan_source_ref (source));
  g_array_append_val (self->page_numbers, index);
  page = g_steal_pointer (&owned);
  g_ptr_array_add (self->pages, page);
  if (page->page + 1 == page->pages)
    return save_ballot (self, error);
  return TRUE;
}

/**
 * kp_scan_assembly_refuse_file:
 *
 * A file that cannot be opened at all (not an image, damaged, too large):
 * refused, and a ballot whose next page it was with it.
 */
void
kp_scan_assembly_refuse_file (KpScanAssembly *self,
                              const char     *where,
                              const GError   *file_error)
{
  drop_pending (self, _ ("the ballot's next page was refused"));
  refuse (self, where, file_error->message);
}

/**
 * kp_scan_assembly_finish:
 * @stopped: the operator stopped the scan before its end
 *
 * The stack is over: a ballot still waiting for its last pages is refused.
 */
void
kp_scan_assembly_finish (KpScanAssembly *self,
                         gboolean        stopped)
{
  drop_pending (self, stopped ? _ ("scanning was stopped before the ballot's last pages")
                              : _ ("the ballot's last pages are missing"));
}

/* Whether pages wait for the rest of their ballot. */
gboolean
kp_scan_assembly_is_holding (KpScanAssembly *self)
{
  return self->pages->len > 0;
}

const KpScanTotals *
kp_scan_assembly_get_totals (KpScanAssembly *self)
{
  return &self->totals;
}
