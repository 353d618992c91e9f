/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c — where the catalogue is found; core messages in both languages. */

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kp-checks.h"
#include "kp-crypto.h"
#include "kp-file.h"
#include "kp-documents.h"
#include "kp-i18n.h"
#include "kp-journal-words.h"
#include "kp-json.h"
#include "kp-store.h"

/* The build tree's po/ next to the executable wins over LOCALEDIR; a
 * program elsewhere gets LOCALEDIR; KP_LOCALEDIR wins over both. */
static void
test_locale_dir (void)
{
  g_autofree char *app = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "app", "kiemphieu", NULL);
  g_autofree char *po = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *po_canon = g_canonicalize_filename (po, NULL);
  g_autofree char *found = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *forced = NULL;

  g_unsetenv ("KP_LOCALEDIR");
  found = kp_i18n_locale_dir (app);
  g_assert_cmpstr (found, ==, po_canon);
  elsewhere = kp_i18n_locale_dir ("/nonexistent/bin/kiemphieu");
  g_assert_cmpstr (elsewhere, ==, LOCALEDIR);

  g_setenv ("KP_LOCALEDIR", "/some/where", TRUE);
  forced = kp_i18n_locale_dir (app);
  g_assert_cmpstr (forced, ==, "/some/where");
  g_unsetenv ("KP_LOCALEDIR");
}

/* The message of @error from each call, in the locale that is set now. */
static void
core_messages (char **nesting,
               char **signature,
               char **missing)
{
  g_autofree char *data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KpKey) key = kp_key_generate (NULL);
  g_autofree char *pem = kp_key_public_pem (key);
  g_autofree char *deep = g_strnfill (KP_JSON_MAX_DEPTH + 1, '[');
  g_autoptr(GError) error = NULL;

  g_assert_false (kp_json_load (parser, deep, -1, &error));
  *nesting = g_strdup (error->message);
  g_clear_error (&error);
  g_assert_false (kp_signature_verify (pem, "x", 1, "short", 5, &error));
  *signature = g_strdup (error->message);
  g_clear_error (&error);
  g_assert_false (kp_file_get_contents ("/nonexistent/daihoi.json", &data, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  *missing = g_strdup (error->message);
}

/* The screens' words for journal entries and ballots (kp-journal-words.c)
 * are, under vi_VN.UTF-8, exactly the printed journal's (kp-documents.c,
 * kp-ballot.c): one entry of each action, with and without its optional
 * members. */
static void
assert_screen_says_paper (void)
{
  static const struct
  {
    const char *action;
    const char *content;
  } entries[] = {
    { "create", "{\"definition\":\"{}\"}" },
    { "enter", "{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":3,\"struck\":\"2 5\"}" },
    { "enter", "{\"election\":\"bithu\",\"round\":1,\"pass\":\"B\",\"serial\":4,\"marks\":\"Y\","
               "\"invalid\":\"added-name\"}" },
    { "enter", "{\"election\":\"bch\",\"round\":2,\"pass\":\"A\",\"serial\":7,\"struck\":\"\","
               "\"scan\":{\"doubtful\":\"3 9\",\"unplaced\":true}}" },
    { "enter", "{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":8,\"struck\":\"1\",\"scan\":{}}" },
    { "adjudicate", "{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":7,\"struck\":\"3\","
                    "\"reason\":\"mực nhòe\"}" },
    { "void", "{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":2,\"reason\":\"nhập nhầm\"}" },
    { "resolve", "{\"election\":\"bch\",\"round\":1,\"serial\":2,\"take\":\"B\",\"reason\":\"phiếu giấy\"}" },
    { "mode", "{\"election\":\"bch\",\"mode\":1}" },
    { "mode", "{\"election\":\"bch\",\"mode\":2}" },
    { "mode", "{\"election\":\"bch\",\"mode\":3}" },
    { "issued", "{\"election\":\"bch\",\"round\":1,\"issued\":127}" },
    { "alternates", "{\"election\":\"dbdk\",\"round\":1,\"elected\":\"3 1\",\"reason\":\"bốc thăm\"}" },
    { "collected", "{\"election\":\"bch\",\"round\":1,\"collected\":126}" },
    { "pause", "{\"election\":\"bch\",\"reason\":\"nghỉ trưa\"}" },
    { "resume", "{\"election\":\"bch\",\"reason\":\"tiếp tục\"}" },
    { "keys", "{\"fingerprint\":\"0123456789abcdef0123456789abcdef\"}" },
    { "confirm", "{\"election\":\"bch\",\"round\":1,\"digest\":\"fedcba9876543210fedcba\"}" },
    { "rehearsal", "{\"on\":true,\"copy_of\":\"daihoi.kiemphieu\"}" },
    { "rehearsal", "{\"on\":true}" },
    { "rehearsal", "{\"on\":false}" },
    { "next-round", "{\"election\":\"bch\",\"round\":2,\"seats\":3}" },
    { "edit-round", "{\"election\":\"bch\",\"round\":2,\"seats\":3}" },
    { "release", "{\"election\":\"bch\",\"round\":1}" },
    { "hide", "{\"election\":\"bch\",\"round\":1}" },
    { "unlock", "{\"for\":\"confirm\"}" },
    { "unlock", "{\"for\":\"resolve\"}" },
    { "unlock", "{\"for\":\"alternates\"}" },
    { "unlock", "{\"for\":\"mode\"}" },
    { "unlock", "{\"for\":\"release\"}" },
    { "unlock", "{\"for\":\"station\"}" },
    { "unlock", "{\"for\":\"enroll\"}" },
    { "unlocked", "{\"attempt\":12}" },
    { "station", "{\"station\":\"to-1\",\"name\":\"Tổ 1\",\"election\":\"bch\",\"round\":1,\"pass\":\"A\","
                 "\"serial_to\":64}" },
    { "station", "{\"station\":\"to-2\",\"name\":\"Tổ 2\",\"election\":\"bch\",\"round\":1,\"pass\":\"B\","
                 "\"adopted\":true}" },
    { "enroll", "{\"station\":\"to-1\",\"fingerprint\":\"00112233445566778899\"}" },
    { "import", "{\"station\":\"to-1\",\"number\":2,\"sha256\":\"abcdefabcdefabcdefabcdef\"}" },
    { "station-open", "{}" },
    { "batch", "{\"number\":1,\"entered\":1,\"voided\":0,\"sha256\":\"abcdefabcdefabcdefabcdef\"}" },
    { "batch", "{\"number\":3,\"entered\":21,\"voided\":2,\"sha256\":\"abcdefabcdefabcdefabcdef\"}" },
  };
  static const char *const reasons[] = { "over-vote", "none-kept", "yesno-single-both-or-none", "not-issued",
                                         "added-name", "identifying-mark", "other:rách đôi" };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr(KpJournalEntry) e = kp_journal_entry_new ();
      g_autofree char *paper = NULL;
      g_autofree char *screen = NULL;

      e->action = g_strdup (entries[i].action);
      e->content = g_strdup (entries[i].content);
      paper = kp_documents_describe_entry_in (NULL, e);
      screen = kp_journal_describe_entry_shown (NULL, e);
      g_assert_cmpstr (screen, ==, paper);
      g_assert_cmpstr (kp_journal_action_shown (e->action), ==, kp_documents_action_words (e->action));
    }
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autofree char *paper = kp_ballot_describe_values ("1 4 9", NULL, reasons[i]);
      g_autofree char *screen = kp_ballot_describe_values_shown ("1 4 9", NULL, reasons[i]);

      g_assert_cmpstr (kp_invalid_reason_shown (reasons[i]), ==, kp_invalid_reason_words (reasons[i]));
      g_assert_cmpstr (screen, ==, paper);
    }
}

static const char *const check_names[] = { "collected-le-issued", "entered-eq-collected", "valid-plus-invalid",
                                           "passes-agree", "issued-le-present", "scans-decided", "stations-agree" };

/* Core messages (a file refused by kp-json, a signature refused by
 * kp-crypto, a file that is not there, an entry mode in words) are
 * Vietnamese under vi_VN.UTF-8, with their numbers in place, and English
 * under C.UTF-8. */
static void
test_core_messages (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *nesting = NULL, *signature = NULL, *missing = NULL;

  g_unsetenv ("LANGUAGE");
  kp_i18n_init ();
  if (setlocale (LC_ALL, "vi_VN.UTF-8") == NULL)
    {
      g_test_skip ("the vi_VN.UTF-8 locale is not installed");
      return;
    }
  core_messages (&nesting, &signature, &missing);
  g_assert_cmpstr (nesting, ==, "mảng hoặc đối tượng lồng nhau quá 64 cấp");
  g_assert_cmpstr (signature, ==, "chữ ký số dài 64 byte, chữ ký này dài 5 byte");
  g_assert_cmpstr (missing, ==, "/nonexistent/daihoi.json: không có tệp này");
  g_assert_cmpstr (kp_entry_mode_words (KP_ENTRY_DOUBLE), ==, "nhập hai lượt");
  assert_screen_says_paper ();
  /* Every check has its words on the minutes, and the screens say the
   * same under vi_VN. */
  for (guint i = 0; i < G_N_ELEMENTS (check_names); i++)
    {
      g_assert_cmpstr (kp_check_words (check_names[i]), !=, check_names[i]);
      g_assert_cmpstr (kp_check_title (check_names[i]), ==, kp_check_words (check_names[i]));
    }
  g_clear_pointer (&nesting, g_free);
  g_clear_pointer (&signature, g_free);
  g_clear_pointer (&missing, g_free);

  setlocale (LC_ALL, "C.UTF-8");
  core_messages (&nesting, &signature, &missing);
  g_assert_cmpstr (nesting, ==, "arrays or objects nested more than 64 deep");
  g_assert_cmpstr (signature, ==, "a signature is 64 bytes, this one 5");
  g_assert_cmpstr (missing, ==, "/nonexistent/daihoi.json: no such file");
  g_assert_cmpstr (kp_entry_mode_words (KP_ENTRY_DOUBLE), ==, "double entry");
  g_assert_cmpstr (kp_check_title ("scans-decided"), ==, "every doubtful mark of a scanned ballot is decided");
  g_assert_cmpstr (kp_check_words ("scans-decided"), ==, "mọi chỗ nghi ngờ trên phiếu quét đã được Ban kiểm phiếu quyết định");
  /* The journal and the ballots in English on the screens; the paper is
   * Vietnamese in every locale. */
  {
    g_autoptr(KpJournalEntry) e = kp_journal_entry_new ();
    g_autofree char *paper = NULL;
    g_autofree char *screen = NULL;
    g_autofree char *batch = NULL;

    e->action = g_strdup ("enter");
    e->content = g_strdup ("{\"election\":\"bch\",\"round\":1,\"pass\":\"A\",\"serial\":3,\"struck\":\"1 4 9\","
                           "\"invalid\":\"not-issued\"}");
    paper = kp_documents_describe_entry_in (NULL, e);
    screen = kp_journal_describe_entry_shown (NULL, e);
    g_assert_cmpstr (paper, ==, "bch, lần 1, lượt A, phiếu 3: gạch 1 4 9; không hợp lệ: không do Ban kiểm phiếu phát ra");
    g_assert_cmpstr (screen, ==, "bch, round 1, pass A, ballot 3: struck 1 4 9; invalid: not issued by the counting "
                                 "committee");
    g_assert_cmpstr (kp_documents_action_words ("enter"), ==, "Nhập phiếu");
    g_assert_cmpstr (kp_journal_action_shown ("enter"), ==, "Ballot entered");
    g_free (e->action);
    e->action = g_strdup ("batch");
    g_free (e->content);
    e->content = g_strdup ("{\"number\":1,\"entered\":1,\"voided\":2,\"sha256\":\"abcdefabcdefabcdefabcdef\"}");
    batch = kp_journal_describe_entry_shown (NULL, e);
    g_assert_cmpstr (batch, ==, "Batch 1 written: 1 ballot entered, 2 voided (code abcdefabcdefabcd…)");
  }
  setlocale (LC_ALL, saved);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/locale-dir", test_locale_dir);
  g_test_add_func ("/i18n/core-messages", test_core_messages);
  return g_test_run ();
}
