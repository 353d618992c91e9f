/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-journal.c — the entry journal (kp-journal): the canonical bytes of an
 * entry (docs/formats.md, "kiemphieu/journal@1"), their SHA-256, the chain
 * from the genesis hash, and the chain a congress file really keeps.
 *
 * The expected hashes were computed outside KiemPhieu, with sha256sum on the
 * canonical text written by hand:
 *   printf '%s' '{"journal":"kiemphieu/journal@1","seq":1,…}' | sha256sum
 */

#include <glib/gstdio.h>
#include <string.h>

#include "kp-journal.h"
#include "kp-store.h"

#define AT_1 "2020-06-15T08:00:00+07:00"
#define AT_2 "2020-06-15T08:01:30+07:00"
#define CONTENT_1 "{\"format\":\"kiemphieu/congress@1\",\"definition\":\"{}\"}"
#define CONTENT_2 "{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":1,\"struck\":\"3 17\",\"marks\":\"\",\"invalid\":\"\"}"

#define CANONICAL_1                                                                                                   \
  "{\"journal\":\"kiemphieu/journal@1\",\"seq\":1,\"at\":\"2020-06-15T08:00:00+07:00\",\"operator\":\"Nguyễn Văn Kỹ\"," \
  "\"action\":\"create\",\"content\":{\"format\":\"kiemphieu/congress@1\",\"definition\":\"{}\"},"                     \
  "\"prev\":\"0000000000000000000000000000000000000000000000000000000000000000\"}"
/* sha256sum of CANONICAL_1 */
#define HASH_1 "b32ce0b74d65b7c6604327b19cea70aafdb732b26e17a045c1dd52b20bfd2bc0"

/* The operator holds a quote and a backslash: escaped in the canonical form. */
#define OPERATOR_2 "Trần \"Nhập\"\\B"
#define CANONICAL_2                                                                                                    \
  "{\"journal\":\"kiemphieu/journal@1\",\"seq\":2,\"at\":\"2020-06-15T08:01:30+07:00\","                               \
  "\"operator\":\"Trần \\\"Nhập\\\"\\\\B\",\"action\":\"enter\",\"content\":{\"election\":\"bch\",\"round\":1,"        \
  "\"pass\":\"A\",\"serial\":1,\"struck\":\"3 17\",\"marks\":\"\",\"invalid\":\"\"},"                                 \
  "\"prev\":\"b32ce0b74d65b7c6604327b19cea70aafdb732b26e17a045c1dd52b20bfd2bc0\"}"
/* sha256sum of CANONICAL_2 */
#define HASH_2 "3462e8792d8f75d9a0714941ae742ffd662251ca8a9c72f9510c2d15e5c751af"

static KpJournalEntry *
entry_new (gint64      seq,
           const char *at,
           const char *operator,
           const char *action,
           const char *content,
           const char *prev)
{
  KpJournalEntry *entry = kp_journal_entry_new ();

  entry->seq = seq;
  entry->at = g_strdup (at);
  entry->operator = g_strdup (operator);
  entry->action = g_strdup (action);
  entry->content = g_strdup (content);
  entry->prev = g_strdup (prev);
  return entry;
}

static KpJournalEntry *
first_entry (void)
{
  return entry_new (1, AT_1, "Nguyễn Văn Kỹ", "create", CONTENT_1, KP_JOURNAL_GENESIS);
}

static void
test_genesis (void)
{
  g_assert_cmpuint (strlen (KP_JOURNAL_GENESIS), ==, 64);
  for (const char *p = KP_JOURNAL_GENESIS; *p; p++)
    g_assert_cmpint (*p, ==, '0');
}

/* The canonical bytes, key order and escaping as docs/formats.md gives them. */
static void
test_canonical (void)
{
  g_autoptr(KpJournalEntry) one = first_entry ();
  g_autoptr(KpJournalEntry) two = entry_new (2, AT_2, OPERATOR_2, "enter", CONTENT_2, HASH_1);
  g_autofree char *c1 = kp_journal_entry_canonical (one);
  g_autofree char *c2 = kp_journal_entry_canonical (two);

  g_assert_cmpstr (c1, ==, CANONICAL_1);
  g_assert_cmpstr (c2, ==, CANONICAL_2);
  /* The hash field itself is not part of what is hashed. */
  one->hash = g_strdup ("ffff");
  g_clear_pointer (&c1, g_free);
  c1 = kp_journal_entry_canonical (one);
  g_assert_cmpstr (c1, ==, CANONICAL_1);
}

/* The SHA-256 of the canonical bytes, against sha256sum's. */
static void
test_known_hash (void)
{
  g_autoptr(KpJournalEntry) one = first_entry ();
  g_autoptr(KpJournalEntry) two = entry_new (2, AT_2, OPERATOR_2, "enter", CONTENT_2, HASH_1);
  g_autofree char *h1 = kp_journal_entry_compute_hash (one);
  g_autofree char *h2 = kp_journal_entry_compute_hash (two);

  g_assert_cmpstr (h1, ==, HASH_1);
  g_assert_cmpstr (h2, ==, HASH_2);
}

/* Every field is covered: changing any one changes the hash. */
static void
test_every_field_counts (void)
{
  g_autoptr(KpJournalEntry) entry = first_entry ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char **fields[] = { &entry->at, &entry->operator, &entry->action, &entry->content, &entry->prev };
  const char *changed[] = { "2020-06-15T08:00:01+07:00", "Nguyễn Văn Ky", "enter",
                            "{\"format\":\"kiemphieu/congress@1\",\"definition\":\"{ }\"}",
                            "0000000000000000000000000000000000000000000000000000000000000001" };

  g_hash_table_add (seen, kp_journal_entry_compute_hash (entry));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *saved = g_steal_pointer (fields[i]);
      char *hash;

      *fields[i] = g_strdup (changed[i]);
      hash = kp_journal_entry_compute_hash (entry);
      g_assert_false (g_hash_table_contains (seen, hash));
      g_hash_table_add (seen, hash);
      g_free (*fields[i]);
      *fields[i] = g_steal_pointer (&saved);
    }
  entry->seq = 2;
  {
    g_autofree char *hash = kp_journal_entry_compute_hash (entry);
    g_assert_false (g_hash_table_contains (seen, hash));
  }
  entry->seq = 1;
  {
    g_autofree char *hash = kp_journal_entry_compute_hash (entry);
    g_assert_cmpstr (hash, ==, HASH_1);
  }
}

/* The content is hashed as stored, not re-serialised: "{ }" and "{}" differ. */
static void
test_content_verbatim (void)
{
  g_autoptr(KpJournalEntry) a = entry_new (3, AT_1, "x", "mode", "{\"election\":\"bch\",\"mode\":2}", HASH_2);
  g_autoptr(KpJournalEntry) b = entry_new (3, AT_1, "x", "mode", "{\"election\": \"bch\", \"mode\": 2}", HASH_2);
  g_autofree char *ca = kp_journal_entry_canonical (a);
  g_autofree char *cb = kp_journal_entry_canonical (b);
  g_autofree char *ha = kp_journal_entry_compute_hash (a);
  g_autofree char *hb = kp_journal_entry_compute_hash (b);

  g_assert_nonnull (strstr (cb, ",\"content\":{\"election\": \"bch\", \"mode\": 2},\"prev\":"));
  g_assert_cmpstr (ca, !=, cb);
  g_assert_cmpstr (ha, !=, hb);
}

/* Control characters and non-ASCII in the texts: escaped as in the result
 * JSON, Vietnamese kept as UTF-8 bytes. */
static void
test_escaping (void)
{
  g_autoptr(KpJournalEntry) entry = entry_new (7, AT_1, "Lê\tThị\nHoa\x01", "pause", "{}", HASH_2);
  g_autofree char *canonical = kp_journal_entry_canonical (entry);

  g_assert_nonnull (strstr (canonical, ",\"operator\":\"Lê\\tThị\\nHoa\\u0001\",\"action\":\"pause\","));
  g_assert_true (g_utf8_validate (canonical, -1, NULL));
}

/* A chain built by hand: each prev is the hash before it; editing entry 1
 * afterwards breaks the link entry 2 holds. */
static void
test_chain (void)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_journal_entry_free);
  const char *prev = KP_JOURNAL_GENESIS;
  g_autofree char *rehashed = NULL;

  for (gint64 seq = 1; seq <= 4; seq++)
    {
      g_autofree char *content = g_strdup_printf ("{\"election\":\"bch\",\"round\":1,\"issued\":%" G_GINT64_FORMAT "}",
                                                  100 + seq);
      KpJournalEntry *entry = entry_new (seq, AT_1, "Nguyễn Văn Kỹ", "issued", content, prev);

      entry->hash = kp_journal_entry_compute_hash (entry);
      g_ptr_array_add (chain, entry);
      prev = entry->hash;
    }
  for (guint i = 0; i < chain->len; i++)
    {
      const KpJournalEntry *e = chain->pdata[i];
      g_assert_cmpstr (e->prev, ==, i == 0 ? KP_JOURNAL_GENESIS : ((KpJournalEntry *) chain->pdata[i - 1])->hash);
      g_assert_cmpuint (strlen (e->hash), ==, 64);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (e->hash, !=, ((KpJournalEntry *) chain->pdata[j])->hash);
    }
  /* Tamper with entry 2's content: its recomputed hash no longer matches what
   * entry 3 recorded as prev. */
  {
    KpJournalEntry *two = chain->pdata[1];
    g_free (two->content);
    two->content = g_strdup ("{\"election\":\"bch\",\"round\":1,\"issued\":999}");
    rehashed = kp_journal_entry_compute_hash (two);
    g_assert_cmpstr (rehashed, !=, ((KpJournalEntry *) chain->pdata[2])->prev);
  }
}

/* The chain a congress file keeps: entry 1 starts at the genesis hash, every
 * prev is the hash before, every hash recomputes, seq runs 1, 2, 3 … */
static void
test_store_chain (void)
{
  static const char definition[] =
    "{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":\"CHI BỘ A\",\"name\":\"ĐẠI HỘI\","
    "\"kind\":\"members\",\"convened\":11,\"exclusions\":[{\"count\":1,\"reason\":\"vắng có lý do\"}]},"
    "\"elections\":[{\"id\":\"bt\",\"title\":\"Bầu Bí thư\",\"body\":\"secretary\",\"seats\":1,"
    "\"candidates\":[{\"name\":\"Lê Văn An\"},{\"name\":\"Trần Văn Bình\"}]}]}";
  g_autofree char *dir = g_dir_make_tmp ("kp-journal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "c.kiemphieu", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KpStore) store = kp_store_create (path, definition, strlen (definition), "d.json", "Nguyễn Văn Kỹ", &error);
  g_autoptr(GPtrArray) journal = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  const char *prev = KP_JOURNAL_GENESIS;

  g_assert_no_error (error);
  g_assert_true (kp_store_set_issued (store, "bt", 1, 10, "Phạm Thị Hoa", &error));
  g_assert_no_error (error);
  g_assert_true (kp_store_set_mode (store, "bt", KP_ENTRY_DOUBLE, NULL, "Phạm Thị Hoa", &error));
  g_assert_no_error (error);
  journal = kp_store_get_journal (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (journal->len, ==, 3);
  for (guint i = 0; i < journal->len; i++)
    {
      const KpJournalEntry *e = journal->pdata[i];
      g_autofree char *hash = kp_journal_entry_compute_hash (e);

      g_assert_cmpint (e->seq, ==, i + 1);
      g_assert_cmpstr (e->prev, ==, prev);
      g_assert_cmpstr (e->hash, ==, hash);
      prev = e->hash;
    }
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[0])->action, ==, "create");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[0])->operator, ==, "Nguyễn Văn Kỹ");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[1])->action, ==, "issued");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[1])->content, ==, "{\"election\":\"bt\",\"round\":1,\"issued\":10}");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[2])->action, ==, "mode");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[2])->content, ==, "{\"election\":\"bt\",\"mode\":2}");
  g_assert_cmpstr (((KpJournalEntry *) journal->pdata[2])->operator, ==, "Phạm Thị Hoa");

  g_clear_pointer (&store, kp_store_close);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* "2020-06-15T14:03:27+07:00": local time with its offset (TZ is set to
 * Asia/Ho_Chi_Minh in main, +07:00 all year). */
static void
test_now (void)
{
  g_autofree char *now = kp_journal_now ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (now, NULL);
  g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$",
                                       now, 0, 0));
  if (g_file_test ("/usr/share/zoneinfo/Asia/Ho_Chi_Minh", G_FILE_TEST_EXISTS))
    g_assert_true (g_str_has_suffix (now, "+07:00"));
  g_assert_nonnull (parsed);
  g_assert_cmpint (ABS (g_date_time_difference (utc, parsed)), <, 5 * G_TIME_SPAN_SECOND);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journal/genesis", test_genesis);
  g_test_add_func ("/journal/canonical", test_canonical);
  g_test_add_func ("/journal/known-hash", test_known_hash);
  g_test_add_func ("/journal/every-field-counts", test_every_field_counts);
  g_test_add_func ("/journal/content-verbatim", test_content_verbatim);
  g_test_add_func ("/journal/escaping", test_escaping);
  g_test_add_func ("/journal/chain", test_chain);
  g_test_add_func ("/journal/store-chain", test_store_chain);
  g_test_add_func ("/journal/now", test_now);
  return g_test_run ();
}
