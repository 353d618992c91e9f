/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-documents.c — minutes, ballots, journal and summary as PDF. */

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "kp-crypto.h"
#include "kp-documents-private.h"
#include "kp-documents.h"
#include "kp-journal.h"
#include "kp-json.h"
#include "kp-pdf.h"
#include "kp-store.h"

#define BODY 14.0
#define INDENT KP_MM (10)

/* 36-HD/VPTW: A4; margins top 20–25, bottom 20–25, left 30–35, right 15–20 mm. */
static const KpPageSetup a4_document = {
  KP_A4_WIDTH, KP_A4_HEIGHT, KP_MM (20), KP_MM (20), KP_MM (30), KP_MM (15),
};

static void
para (KpPdf      *pdf,
      KpFontStyle style,
      KpAlign     align,
      double      indent,
      const char *text)
{
  kp_pdf_paragraph (pdf, style, BODY, align, kp_pdf_left (pdf), kp_pdf_content_width (pdf), indent, text);
}

G_GNUC_PRINTF (2, 3)
static void
body (KpPdf      *pdf,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  para (pdf, KP_FONT_REGULAR, KP_ALIGN_JUSTIFY, INDENT, text);
}

/* The header of 36-HD/VPTW: the organisation, the congress and the issuing
 * body on the left, "*" beneath; "ĐẢNG CỘNG SẢN VIỆT NAM" with a rule on the
 * right, then place and date in italics. */
void
_kp_documents_header (KpPdf            *pdf,
                      const KpCongress *congress,
                      const char       *issuer)
{
  double left = kp_pdf_left (pdf), width = kp_pdf_content_width (pdf);
  double lw = width * 0.46, rx = left + lw, rw = width - lw;
  const char *lines[] = { congress->organization, congress->name, issuer };
  double y = kp_pdf_get_y (pdf), size, w;
  g_autofree char *date = kp_vi_date (congress->place, congress->date);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      KpFontStyle style = i == 2 ? KP_FONT_BOLD : KP_FONT_REGULAR;
      g_autoptr(GPtrArray) wrapped = NULL;

      if (lines[i] == NULL)
        continue;
      size = kp_pdf_fit_size (pdf, style, 14, 11, lw, lines[i]);
      wrapped = kp_pdf_wrap (pdf, style, size, lw, lines[i]);
      for (guint l = 0; l < wrapped->len; l++)
        {
          kp_pdf_text (pdf, style, size, left, y + size, KP_ALIGN_CENTER, lw, wrapped->pdata[l]);
          y += size * 1.2;
        }
    }
  kp_pdf_text (pdf, KP_FONT_REGULAR, 14, left, y + 12, KP_ALIGN_CENTER, lw, "*");

  size = kp_pdf_fit_size (pdf, KP_FONT_BOLD, 15, 12, rw, "ĐẢNG CỘNG SẢN VIỆT NAM");
  kp_pdf_text (pdf, KP_FONT_BOLD, size, rx, kp_pdf_get_y (pdf) + size, KP_ALIGN_CENTER, rw,
               "ĐẢNG CỘNG SẢN VIỆT NAM");
  w = kp_pdf_text_width (pdf, KP_FONT_BOLD, size, "ĐẢNG CỘNG SẢN VIỆT NAM");
  kp_pdf_line (pdf, rx + (rw - w) / 2, kp_pdf_get_y (pdf) + size * 1.35, rx + (rw + w) / 2,
               kp_pdf_get_y (pdf) + size * 1.35, 0.7, FALSE);
  size = kp_pdf_fit_size (pdf, KP_FONT_ITALIC, 14, 11, rw, date);
  kp_pdf_text (pdf, KP_FONT_ITALIC, size, rx, kp_pdf_get_y (pdf) + 15 * 1.35 + 22, KP_ALIGN_CENTER, rw, date);

  kp_pdf_set_y (pdf, MAX (y + 24, kp_pdf_get_y (pdf) + 15 * 1.35 + 30));
}

static const char *
member_word (KpCongressKind kind)
{
  switch (kind)
    {
    case KP_CONGRESS_KIND_DELEGATES:
      return "đại biểu chính thức";
    case KP_CONGRESS_KIND_MEMBERS:
      return "đảng viên chính thức";
    case KP_CONGRESS_KIND_MEETING:
      return "ủy viên";
    default:
      g_assert_not_reached ();
    }
}

static char *
ordinal (guint n)
{
  if (n == 1)
    return g_strdup ("nhất");
  if (n == 4)
    return g_strdup ("tư");
  return kp_vi_number_words (n);
}

static char *
percent (guint64 hundredths)
{
  return kp_rules_format_percent (hundredths, ',');
}

/* The round in words, as on the ballots ("thứ hai", "thứ tư"). */
char *
_kp_documents_ordinal (guint n)
{
  return ordinal (n);
}

static GStrv
row (const char *first,
     ...)
{
  GPtrArray *cells = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *c = first; c; c = va_arg (args, const char *))
    g_ptr_array_add (cells, g_strdup (c));
  va_end (args);
  g_ptr_array_add (cells, NULL);
  return (GStrv) g_ptr_array_free (cells, FALSE);
}

static const KpCandidateResult *
candidate (const KpResult *result,
           guint           no)
{
  return g_ptr_array_index (result->candidates, no - 1);
}

static char *
names_list (const KpResult *result,
            const GArray   *nos)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < nos->len; i++)
    {
      const KpCandidateResult *c = candidate (result, g_array_index (nos, guint, i));
      if (i > 0)
        g_string_append (out, i + 1 == nos->len ? " và " : ", ");
      g_string_append (out, c->display_name);
    }
  return g_string_free (out, FALSE);
}

void
_kp_documents_signatures (KpPdf            *pdf,
                          const KpCongress *congress)
{
  double left = kp_pdf_left (pdf), width = kp_pdf_content_width (pdf), half = width / 2;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  const char *head = NULL;
  double y, height;

  for (guint i = 0; i < congress->committee->len; i++)
    {
      const KpCommitteeMember *m = g_ptr_array_index (congress->committee, i);
      if (m->role == KP_ROLE_HEAD)
        head = m->name;
      else
        g_ptr_array_add (members, m->name);
    }

  /* Keep the signature block together. */
  height = 20 + 18 + MAX (1, members->len) * 80.0;
  kp_pdf_ensure (pdf, MIN (height, kp_pdf_bottom_limit (pdf) - KP_MM (20) - 10));
  y = kp_pdf_get_y (pdf) + 10;

  kp_pdf_text (pdf, KP_FONT_BOLD, BODY, left, y + BODY, KP_ALIGN_CENTER, half, "CÁC ỦY VIÊN");
  kp_pdf_text (pdf, KP_FONT_BOLD, BODY, left + half, y + BODY, KP_ALIGN_CENTER, half, "T/M BAN KIỂM PHIẾU");
  kp_pdf_text (pdf, KP_FONT_BOLD, BODY, left + half, y + BODY * 2.3, KP_ALIGN_CENTER, half, "TRƯỞNG BAN");
  kp_pdf_text (pdf, KP_FONT_ITALIC, 12, left + half, y + BODY * 2.3 + 16, KP_ALIGN_CENTER, half, "(Ký, ghi rõ họ tên)");
  kp_pdf_text (pdf, KP_FONT_BOLD, BODY, left + half, y + BODY * 2.3 + 16 + 70, KP_ALIGN_CENTER, half,
               head ? head : "……………………………");

  y += BODY * 1.4;
  kp_pdf_text (pdf, KP_FONT_ITALIC, 12, left, y + 16, KP_ALIGN_CENTER, half, "(Ký, ghi rõ họ tên)");
  y += 16;
  for (guint i = 0; i < members->len; i++)
    {
      if (y + 80 > kp_pdf_bottom_limit (pdf))
        {
          kp_pdf_new_page (pdf);
          y = kp_pdf_get_y (pdf);
        }
      kp_pdf_text (pdf, KP_FONT_BOLD, BODY, left, y + 70, KP_ALIGN_CENTER, half, members->pdata[i]);
      y += 80;
    }
  kp_pdf_set_y (pdf, MAX (y, kp_pdf_get_y (pdf) + BODY * 2.3 + 16 + 80) + 10);
}

static void
verification_block (KpPdf          *pdf,
                    const KpResult *result,
                    const char     *journal_head,
                    const char     *fingerprint,
                    const char     *signature)
{
  g_autofree char *digest = kp_result_digest (result);
  g_autofree char *qr_text = g_strdup_printf ("kiemphieu:result-sha256=%s;journal-head=%s;election=%s;round=%u",
                                              digest, journal_head ? journal_head : "-", result->election,
                                              result->round);
  double left = kp_pdf_left (pdf), width = kp_pdf_content_width (pdf), qr = KP_MM (32);
  double y;

  kp_pdf_ensure (pdf, qr + 24 + (signature ? 70 : 0));
  y = kp_pdf_get_y (pdf) + 8;
  kp_pdf_rect (pdf, left, y, width, qr + 8 + (signature ? 62 : 0), 0.5, TRUE);
  kp_pdf_qr (pdf, left + width - qr - 4, y + 4, qr, qr_text);
  kp_pdf_set_y (pdf, y + 8);
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 11, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0,
                    "Mã đối chiếu bản giấy với hồ sơ điện tử");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0,
                    "SHA-256 của kết quả (JSON chuẩn hóa):");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0, digest);
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0,
                    "Mã băm cuối chuỗi Nhật ký nhập phiếu:");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0,
                    journal_head ? journal_head : "(không có)");
  if (fingerprint != NULL)
    {
      g_autofree char *shown = kp_fingerprint_display (fingerprint);
      kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0,
                        "Dấu vân tay khóa ký số của Ban kiểm phiếu (SHA-256):");
      kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - qr - 20, 0, shown);
    }
  kp_pdf_set_y (pdf, MAX (kp_pdf_get_y (pdf), y + qr + 8) + 2);
  if (signature != NULL)
    {
      kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 10, KP_ALIGN_LEFT, left + 8, width - 16, 0,
                        "Chữ ký số Ed25519 của kết quả (base64):");
      kp_pdf_paragraph (pdf, KP_FONT_REGULAR, 9, KP_ALIGN_LEFT, left + 8, width - 16, 0, signature);
    }
  kp_pdf_space (pdf, 6);
}

/**
 * kp_documents_minutes:
 *
 * The minutes of one election round, with every field of R-MIN-1 in order,
 * in the format of 36-HD/VPTW, ending with the verification block.
 */
GBytes *
kp_documents_minutes (const KpMinutes  *m,
                      GError          **error)
{
  const KpCongress *congress = m->congress;
  const KpElection *election = m->election;
  const KpResult *result = m->result;
  const char *word = member_word (congress->kind);
  gboolean opinion = election->threshold == KP_THRESHOLD_MORE_THAN_30_PERCENT;
  g_autoptr(KpPdf) pdf = kp_pdf_new (&a4_document, error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *round_words = ordinal (election->round);
  g_auto(GStrv) shown = kp_election_get_display_names (election); /* R-LIST-2: namesakes */
  g_autofree char *title = NULL;
  double width;
  guint64 excluded = 0;
  guint failed = 0, settled = 0;

  if (pdf == NULL)
    return NULL;
  title = g_strdup_printf ("Biên bản kiểm phiếu — %s", election->title);
  kp_pdf_set_title (pdf, title);
  kp_pdf_set_watermark (pdf, m->watermark);
  kp_pdf_set_page_numbers (pdf, TRUE);
  kp_pdf_new_page (pdf);
  width = kp_pdf_content_width (pdf);

  /* 1. Header. */
  _kp_documents_header (pdf, congress, "BAN KIỂM PHIẾU");

  /* 2. Title, what is elected, the term, the round. */
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 16, KP_ALIGN_CENTER, kp_pdf_left (pdf), width, 0, "BIÊN BẢN KIỂM PHIẾU");
  para (pdf, KP_FONT_BOLD, KP_ALIGN_CENTER, 0, election->title);
  {
    g_autofree char *round_line = g_strdup_printf ("(Bầu lần thứ %s)", round_words);
    para (pdf, KP_FONT_ITALIC, KP_ALIGN_CENTER, 0, round_line);
  }
  kp_pdf_space (pdf, 8);

  /* 3. Legal basis. */
  body (pdf, "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;");
  body (pdf, "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW ngày "
             "10/10/2024 và các hướng dẫn thi hành;");
  body (pdf, "Ban kiểm phiếu %s %s lập biên bản kiểm phiếu như sau:",
        congress->name, congress->organization);

  /* 4. Seats. */
  {
    g_autofree char *seats = kp_vi_number_words (election->seats);

    body (pdf, "1. Số lượng cần bầu theo quyết định của %s: %u (%s) đồng chí.",
          congress->kind == KP_CONGRESS_KIND_MEETING ? "Hội nghị" : "Đại hội", election->seats, seats);
  }

  /* 5. The approved list, in ballot order. */
  body (pdf, "2. Danh sách bầu cử gồm %u đồng chí (theo thứ tự trên phiếu bầu):", election->candidates->len);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < election->candidates->len; i++)
    {
      const KpCandidate *c = g_ptr_array_index (election->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);
      g_ptr_array_add (rows, row (no, shown[i], NULL));
    }
  {
    KpPdfColumn cols[] = { { "STT", 44, KP_ALIGN_CENTER }, { "Họ và tên", width - 44, KP_ALIGN_LEFT } };
    kp_pdf_table (pdf, cols, G_N_ELEMENTS (cols), rows, 13);
  }
  kp_pdf_space (pdf, 6);

  /* 6. The counting committee. */
  body (pdf, "3. Ban kiểm phiếu gồm các đồng chí:");
  if (congress->committee->len == 0)
    body (pdf, "(chưa ghi tên các thành viên Ban kiểm phiếu)");
  for (guint i = 0; i < congress->committee->len; i++)
    {
      const KpCommitteeMember *c = g_ptr_array_index (congress->committee, i);
      body (pdf, "– Đồng chí %s, %s;", c->name, c->role == KP_ROLE_HEAD ? "Trưởng ban" : "Ủy viên");
    }

  /* 7. Convened, exclusions, base, present and absent. */
  if (opinion)
    {
      body (pdf, "4. Tổng số %s được triệu tập: %u đồng chí. Số có mặt làm cơ sở tính tỷ lệ: %u đồng chí; "
                 "người được giới thiệu chỉ được đưa vào danh sách khi được trên 30%% số có mặt đồng ý.",
            word, election->convened, election->base);
    }
  else
    {
      body (pdf, "4. Tổng số %s được triệu tập: %u đồng chí.", word, election->convened);
      for (guint i = 0; i < election->exclusions->len; i++)
        {
          const KpExclusion *e = g_ptr_array_index (election->exclusions, i);
          excluded += e->count;
          body (pdf, "Trừ %u đồng chí: %s.", e->count, e->reason);
        }
      body (pdf, "Số %s làm cơ sở tính kết quả bầu cử: %u đồng chí%s.", word, election->base,
            excluded ? "" : " (không có trường hợp nào phải trừ)");
    }
  if (congress->present >= 0)
    body (pdf, "Số có mặt: %" G_GINT64_FORMAT " đồng chí; vắng mặt: %" G_GINT64_FORMAT " đồng chí.",
          congress->present, (gint64) congress->convened - congress->present);

  /* 8. Ballots. */
  {
    g_autoptr(GString) text = g_string_new ("5. Số phiếu phát ra: ");
    if (result->issued >= 0)
      g_string_append_printf (text, "%" G_GINT64_FORMAT " phiếu. ", result->issued);
    else
      g_string_append (text, "…… phiếu. ");
    /* Số phiếu thu vào is the committee's count of the box; the ballots
     * entered are stated beside it when they differ (R-RECON-1). */
    if (m->collected >= 0 && m->collected != (gint64) result->collected)
      g_string_append_printf (text, "Số phiếu thu vào: %" G_GINT64_FORMAT " phiếu (đã kiểm %u phiếu). ",
                              m->collected, result->collected);
    else
      g_string_append_printf (text, "Số phiếu thu vào: %u phiếu. ", result->collected);
    g_string_append_printf (text, "Số phiếu hợp lệ: %u phiếu. Số phiếu không hợp lệ: %u phiếu",
                            result->valid, result->invalid);
    if (result->invalid_by_reason->len > 0)
      {
        g_string_append (text, ", trong đó: ");
        for (guint i = 0; i < result->invalid_by_reason->len; i++)
          {
            const KpReasonCount *r = g_ptr_array_index (result->invalid_by_reason, i);
            g_string_append_printf (text, "%s%s: %u phiếu", i ? "; " : "", kp_invalid_reason_words (r->reason), r->count);
          }
      }
    g_string_append_c (text, '.');
    body (pdf, "%s", text->str);
  }

  /* 9. Votes per candidate, in ballot order, % against the base. */
  body (pdf, "6. Kết quả số phiếu bầu cho từng đồng chí (theo thứ tự trên phiếu bầu):");
  g_ptr_array_set_size (rows, 0);
  for (guint i = 0; i < result->candidates->len; i++)
    {
      const KpCandidateResult *c = g_ptr_array_index (result->candidates, i);
      g_autofree char *no = g_strdup_printf ("%u", c->no);
      g_autofree char *votes = g_strdup_printf ("%u", c->votes);
      g_autofree char *pct = percent (c->percent);
      g_ptr_array_add (rows, row (no, c->display_name, votes, pct, NULL));
    }
  {
    g_autofree char *pct_title = g_strdup_printf ("Tỷ lệ %% so với %s", opinion ? "số có mặt" : "cơ sở tính");
    KpPdfColumn cols[] = { { "STT", 44, KP_ALIGN_CENTER }, { "Họ và tên", width - 44 - 80 - 110, KP_ALIGN_LEFT },
                           { "Số phiếu", 80, KP_ALIGN_CENTER }, { pct_title, 110, KP_ALIGN_CENTER } };
    kp_pdf_table (pdf, cols, G_N_ELEMENTS (cols), rows, 13);
  }
  kp_pdf_space (pdf, 6);

  /* 10. The elected, by votes; ties and remaining seats in words. */
  if (result->elected->len > 0)
    {
      g_autofree char *elected = kp_vi_number_words (result->elected->len);

      if (opinion)
        body (pdf, "7. Căn cứ kết quả trên, các đồng chí được trên 30%% số có mặt đồng ý, xếp theo thứ tự số "
                   "phiếu từ cao đến thấp, vừa đủ số lượng, gồm %u (%s) đồng chí:",
              result->elected->len, elected);
      else
        body (pdf, "7. Căn cứ kết quả trên, các đồng chí có số phiếu bầu quá một nửa so với tổng số %s được "
                   "triệu tập (cơ sở tính: %u), xếp theo thứ tự số phiếu bầu từ cao đến thấp, vừa đủ số lượng, "
                   "đã trúng cử gồm %u (%s) đồng chí:",
              word, election->base, result->elected->len, elected);
      g_ptr_array_set_size (rows, 0);
      for (guint i = 0; i < result->elected->len; i++)
        {
          const GArray *order = m->alternate_order ? m->alternate_order : result->elected;
          const KpCandidateResult *c = candidate (result, g_array_index (order, guint, i));
          g_autofree char *no = g_strdup_printf ("%u", i + 1);
          g_autofree char *votes = g_strdup_printf ("%u", c->votes);
          g_autofree char *pct = percent (c->percent);
          g_ptr_array_add (rows, row (no, c->display_name, votes, pct, NULL));
        }
      {
        KpPdfColumn cols[] = { { "STT", 44, KP_ALIGN_CENTER }, { "Họ và tên", width - 44 - 80 - 110, KP_ALIGN_LEFT },
                               { "Số phiếu", 80, KP_ALIGN_CENTER }, { "Tỷ lệ %", 110, KP_ALIGN_CENTER } };
        kp_pdf_table (pdf, cols, G_N_ELEMENTS (cols), rows, 13);
      }
      kp_pdf_space (pdf, 6);
    }
  else
    body (pdf, "7. Căn cứ kết quả trên, không có đồng chí nào %s.",
          opinion ? "được trên 30% số có mặt đồng ý" : "trúng cử");

  /* R-ALT-1: alternates replace in the order above; where votes are equal
   * the committee decided it (or has still to). */
  if (election->body == KP_BODY_ALTERNATE_DELEGATES)
    {
      g_autoptr(GPtrArray) groups = kp_result_equal_elected (result);

      for (guint g = 0; g < groups->len; g++)
        {
          GArray *group = groups->pdata[g];
          g_autofree char *names = names_list (result, group);
          guint votes = candidate (result, g_array_index (group, guint, 0))->votes;
          g_autofree char *votes_words = kp_vi_number_words (votes);

          if (m->alternate_order != NULL)
            body (pdf, "Các đồng chí %s cùng được %u (%s) phiếu; thứ tự thay thế giữa các đồng chí này do Ban "
                       "kiểm phiếu quyết định như trong danh sách trên (%s).",
                  names, votes, votes_words, m->alternate_reason);
          else
            body (pdf, "Các đồng chí %s cùng được %u (%s) phiếu; thứ tự thay thế giữa các đồng chí này chưa được "
                       "Ban kiểm phiếu quyết định.",
                  names, votes, votes_words);
        }
    }

  if (result->tied->len > 0)
    {
      g_autofree char *names = names_list (result, result->tied);
      guint votes = candidate (result, g_array_index (result->tied, guint, 0))->votes;
      g_autofree char *votes_words = kp_vi_number_words (votes);

      body (pdf, "Các đồng chí %s cùng được %u (%s) phiếu, quá một nửa, ở vị trí cuối; nếu lấy tất cả thì vượt "
                 "số lượng cần bầu, nên chưa đồng chí nào trong số này trúng cử (bằng phiếu).",
            names, votes, votes_words);
    }
  if (result->seats_remaining > 0)
    {
      g_autofree char *names = names_list (result, result->next_round_candidates);
      g_autofree char *next = ordinal (election->round + 1);
      g_autofree char *remaining = kp_vi_number_words (result->seats_remaining);

      body (pdf, "Còn thiếu %u (%s) đồng chí so với số lượng cần bầu. Đề nghị %s xem xét, quyết định việc bầu "
                 "lần thứ %s; danh sách đề xuất gồm các đồng chí chưa trúng cử: %s.",
            result->seats_remaining, remaining,
            congress->kind == KP_CONGRESS_KIND_MEETING ? "Hội nghị" : "Đại hội", next, names);
    }
  else
    body (pdf, "Đã bầu đủ số lượng cần bầu.");

  /* 11. Reconciliation, rulings, complaints. */
  for (guint i = 0; m->checks && i < m->checks->len; i++)
    failed += !g_str_equal (((KpCheck *) m->checks->pdata[i])->status, "ok");
  if (failed == 0)
    {
      /* The checks that were made, in words (R-RECON-1). */
      g_autoptr(GString) made = g_string_new (NULL);
      for (guint i = 0; m->checks && i < m->checks->len; i++)
        g_string_append_printf (made, "%s%s", i ? "; " : "", kp_check_words (((KpCheck *) m->checks->pdata[i])->check));
      body (pdf, "8. Đối chiếu số liệu: các số liệu kiểm phiếu khớp đúng (%s).", made->str);
    }
  else
    {
      body (pdf, "8. Đối chiếu số liệu: có %u điểm chưa khớp hoặc chưa đủ số liệu, Ban kiểm phiếu giải trình:", failed);
      for (guint i = 0; i < m->checks->len; i++)
        {
          const KpCheck *c = g_ptr_array_index (m->checks, i);
          g_autofree char *text = NULL;
          const char *explained = m->explanations ? g_hash_table_lookup (m->explanations, c->check) : NULL;

          if (g_str_equal (c->status, "ok"))
            continue;
          if (explained != NULL)
            {
              body (pdf, "– %s %s (%s). Giải trình: %s", g_str_equal (c->status, "failed") ? "Chưa khớp:" : "Chưa có số liệu:",
                    kp_check_words (c->check), c->words, explained);
              continue;
            }
          text = g_strdup_printf ("– %s %s (%s). Giải trình: ……………………………………………",
                                                   g_str_equal (c->status, "failed") ? "Chưa khớp:" : "Chưa có số liệu:",
                                                   kp_check_words (c->check), c->words);
          para (pdf, KP_FONT_REGULAR, KP_ALIGN_LEFT, INDENT, text);
        }
    }
  if (m->entry_passes > 1)
    {
      for (guint i = 0; m->rulings && i < m->rulings->len; i++)
        settled += ((KpDisagreement *) m->rulings->pdata[i])->resolved;
      body (pdf, "Phiếu bầu được nhập độc lập %u lượt và đối chiếu từng phiếu; %u trường hợp các lượt nhập khác "
                 "nhau đã được Ban kiểm phiếu xem lại phiếu giấy và quyết định:%s",
            m->entry_passes, settled, settled ? "" : " không có.");
      for (guint i = 0; m->rulings && i < m->rulings->len; i++)
        {
          const KpDisagreement *d = g_ptr_array_index (m->rulings, i);
          if (d->resolved)
            body (pdf, "– Phiếu số %u: %s (đồng chí %s).", d->serial, d->reason, d->operator);
        }
    }
  para (pdf, KP_FONT_REGULAR, KP_ALIGN_LEFT, INDENT, "Ý kiến khiếu nại về kiểm phiếu và việc giải quyết: "
        "……………………………………………………………………………………………………………………………………………………"
        "………………………………………………………………………………………………………………………");

  /* 12. Announcement time and signatures. */
  if (m->announced_at)
    {
      int y, mo, d, h, mi;
      if (sscanf (m->announced_at, "%d-%d-%dT%d:%d", &y, &mo, &d, &h, &mi) == 5)
        body (pdf, "Kết quả kiểm phiếu được công bố lúc %d giờ %02d phút, ngày %s%d tháng %s%d năm %d.", h, mi,
              d < 10 ? "0" : "", d, mo <= 2 ? "0" : "", mo, y);
    }
  else
    para (pdf, KP_FONT_REGULAR, KP_ALIGN_LEFT, INDENT,
          "Kết quả kiểm phiếu được công bố lúc …… giờ …… phút, ngày …… tháng …… năm ……");
  body (pdf, "Biên bản này được lập và thông qua tại %s.",
        congress->kind == KP_CONGRESS_KIND_MEETING ? "Hội nghị" : "Đại hội");
  _kp_documents_signatures (pdf, congress);
  verification_block (pdf, result, m->journal_head, m->fingerprint, m->signature);

  return kp_pdf_render (pdf, error);
}

/* --- journal and summary ----------------------------------------------------- */

/**
 * kp_documents_describe_entry:
 * @e: one journal entry
 *
 * What the entry did, in the words of the journal PDF ("bch, lần 1, lượt A,
 * phiếu 3: gạch 2 5"): the same words on paper and in the app's journal.
 * An entry whose content does not read as JSON is given as it is.
 *
 * Returns: (transfer full): the description; never %NULL.
 */
char *
kp_documents_describe_entry (const KpJournalEntry *e)
{
  return kp_documents_describe_entry_in (NULL, e);
}

/**
 * kp_documents_describe_entry_in:
 * @congress: (nullable): the congress whose journal @e is
 * @e: one journal entry
 *
 * kp_documents_describe_entry (), the election named by its title as the
 * committee knows it ("Bầu Bí thư…, lần 1, lượt A, phiếu 3: …") rather
 * than by its id; an id the congress does not know stays as it is.
 *
 * Returns: (transfer full): the description; never %NULL.
 */
char *
kp_documents_describe_entry_in (const KpCongress     *congress,
                                const KpJournalEntry *e)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *c;
  const char *election, *pass;
  gint64 round, serial;

  g_return_val_if_fail (e != NULL, NULL);
  /* "" and blanks load as a document with no root. */
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

  if (g_str_equal (e->action, "create"))
    return g_strdup ("Tạo tệp đại hội từ định nghĩa cuộc bầu");
  if (g_str_equal (e->action, "enter"))
    {
      const char *struck = json_object_get_string_member_with_default (c, "struck", "");
      const char *marks = json_object_get_string_member_with_default (c, "marks", "");
      const char *invalid = json_object_get_string_member_with_default (c, "invalid", "");
      g_autofree char *ballot = kp_ballot_describe_values (*marks ? NULL : struck, marks, invalid);
      JsonNode *scan_node = json_object_get_member (c, "scan");
      JsonObject *scan = scan_node && JSON_NODE_HOLDS_OBJECT (scan_node) ? json_node_get_object (scan_node) : NULL;
      const char *doubtful = scan ? json_object_get_string_member_with_default (scan, "doubtful", "") : "";
      return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ", lượt %s, phiếu %" G_GINT64_FORMAT ": %s%s%s%s%s",
                              election, round, pass, serial, ballot, scan ? " (phiếu quét" : "",
                              *doubtful ? "; dòng cần quyết định: " : "", doubtful,
                              scan && json_object_get_boolean_member_with_default (scan, "unplaced", FALSE)
                                ? "; có mực ngoài các dòng)" : scan ? ")" : "");
    }
  if (g_str_equal (e->action, "adjudicate"))
    {
      const char *struck = json_object_get_string_member_with_default (c, "struck", "");
      const char *marks = json_object_get_string_member_with_default (c, "marks", "");
      const char *invalid = json_object_get_string_member_with_default (c, "invalid", "");
      const char *reason = json_object_get_string_member_with_default (c, "reason", "");
      g_autofree char *ballot = kp_ballot_describe_values (*marks ? NULL : struck, marks, invalid);
      return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ", lượt %s: quyết định phiếu quét %" G_GINT64_FORMAT
                              ": %s%s%s", election, round, pass, serial, ballot, *reason ? " — " : "", reason);
    }
  if (g_str_equal (e->action, "void"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ", lượt %s: hủy phiếu %" G_GINT64_FORMAT " — %s", election,
                            round, pass, serial, json_object_get_string_member_with_default (c, "reason", ""));
  if (g_str_equal (e->action, "resolve"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": quyết định phiếu %" G_GINT64_FORMAT " (lấy %s) — %s",
                            election, round, serial, json_object_get_string_member_with_default (c, "take", ""),
                            json_object_get_string_member_with_default (c, "reason", ""));
  if (g_str_equal (e->action, "mode"))
    return g_strdup_printf ("%s: nhập %s lượt", election,
                            json_object_get_int_member_with_default (c, "mode", 1) == 1 ? "một"
                            : json_object_get_int_member_with_default (c, "mode", 1) == 2 ? "hai" : "ba");
  if (g_str_equal (e->action, "issued"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": số phiếu phát ra %" G_GINT64_FORMAT, election, round,
                            json_object_get_int_member_with_default (c, "issued", 0));
  if (g_str_equal (e->action, "alternates"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": thứ tự thay thế của các đồng chí dự khuyết bằng phiếu "
                            "nhau (số thứ tự trên phiếu: %s) — %s", election, round,
                            json_object_get_string_member_with_default (c, "elected", ""),
                            json_object_get_string_member_with_default (c, "reason", ""));
  if (g_str_equal (e->action, "collected"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": số phiếu thu vào (đếm từ hòm phiếu) %" G_GINT64_FORMAT,
                            election, round, json_object_get_int_member_with_default (c, "collected", 0));
  if (g_str_equal (e->action, "pause") || g_str_equal (e->action, "resume"))
    return g_strdup_printf ("%s: %s — %s", election, g_str_equal (e->action, "pause") ? "tạm dừng" : "tiếp tục",
                            json_object_get_string_member_with_default (c, "reason", ""));
  if (g_str_equal (e->action, "keys"))
    return g_strdup_printf ("Tạo khóa ký số của Ban kiểm phiếu, dấu vân tay %.16s…",
                            json_object_get_string_member_with_default (c, "fingerprint", ""));
  if (g_str_equal (e->action, "confirm"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": xác nhận và ký số kết quả (mã %.16s…)", election, round,
                            json_object_get_string_member_with_default (c, "digest", ""));
  if (g_str_equal (e->action, "rehearsal") && json_object_has_member (c, "copy_of"))
    return g_strdup_printf ("Bản sao thử nghiệm của %s (mọi văn bản in chữ THỬ NGHIỆM; phiếu nhập ở đây không tính "
                            "vào kết quả thật)", json_object_get_string_member_with_default (c, "copy_of", ""));
  if (g_str_equal (e->action, "rehearsal"))
    return g_strdup (json_object_get_boolean_member_with_default (c, "on", FALSE)
                       ? "Bật chế độ thử nghiệm (mọi văn bản in chữ THỬ NGHIỆM)"
                       : "Tắt chế độ thử nghiệm");
  if (g_str_equal (e->action, "next-round") || g_str_equal (e->action, "edit-round"))
    return g_strdup_printf ("%s: %s bầu lần %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " người cần bầu", election,
                            g_str_equal (e->action, "next-round") ? "tạo" : "sửa danh sách", round,
                            json_object_get_int_member_with_default (c, "seats", 0));
  if (g_str_equal (e->action, "release") || g_str_equal (e->action, "hide"))
    return g_strdup_printf ("%s, lần %" G_GINT64_FORMAT ": %s", election, round,
                            g_str_equal (e->action, "release")
                              ? "Trưởng ban công bố kết quả lên màn hình hội trường (có mật khẩu)"
                              : "thôi chiếu kết quả lên màn hình hội trường");
  if (g_str_equal (e->action, "unlock"))
    {
      static const struct
      {
        const char *action;
        const char *words;
      } purposes[] = {
        { "confirm", "xác nhận kết quả" }, { "resolve", "quyết định phiếu chênh lệch" },
        { "alternates", "quyết định thứ tự dự khuyết" }, { "mode", "đổi chế độ nhập" },
        { "release", "công bố kết quả lên màn hình hội trường" },
        { "station", "lập gói trạm kiểm phiếu" }, { "enroll", "ghi nhận khóa của trạm" },
      };
      const char *purpose = json_object_get_string_member_with_default (c, "for", "");

      for (guint i = 0; i < G_N_ELEMENTS (purposes); i++)
        if (g_str_equal (purpose, purposes[i].action))
          purpose = purposes[i].words;
      /* Recorded before it is tried: one not followed by "unlocked" was wrong. */
      return g_strdup_printf ("Trưởng ban nhập mật khẩu để %s", purpose);
    }
  if (g_str_equal (e->action, "unlocked"))
    return g_strdup_printf ("Mật khẩu nhập ở dòng %" G_GINT64_FORMAT " là đúng",
                            json_object_get_int_member_with_default (c, "attempt", 0));
  /* Stations (issue 14): an import holds a whole batch; say what it is. */
  if (g_str_equal (e->action, "station"))
    return g_strdup_printf ("%s trạm %s (%s): %s, lần %" G_GINT64_FORMAT ", lượt %s%s",
                            json_object_get_boolean_member_with_default (c, "adopted", FALSE) ? "Nhận lại gói" : "Lập gói",
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "name", ""), election, round, pass,
                            json_object_get_int_member_with_default (c, "serial_to", 0) > 0 ? ", có giới hạn số phiếu" : "");
  if (g_str_equal (e->action, "enroll"))
    return g_strdup_printf ("Ghi nhận khóa của trạm %s, dấu vân tay %.16s…",
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "fingerprint", ""));
  if (g_str_equal (e->action, "import"))
    return g_strdup_printf ("Nhận lô %" G_GINT64_FORMAT " của trạm %s (mã %.16s…)",
                            json_object_get_int_member_with_default (c, "number", 0),
                            json_object_get_string_member_with_default (c, "station", ""),
                            json_object_get_string_member_with_default (c, "sha256", ""));
  if (g_str_equal (e->action, "station-open"))
    return g_strdup ("Mở gói trạm; tạo khóa của trạm trên máy này");
  if (g_str_equal (e->action, "batch"))
    return g_strdup_printf ("Xuất lô %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " phiếu nhập, %" G_GINT64_FORMAT
                            " phiếu hủy (mã %.16s…)", json_object_get_int_member_with_default (c, "number", 0),
                            json_object_get_int_member_with_default (c, "entered", 0),
                            json_object_get_int_member_with_default (c, "voided", 0),
                            json_object_get_string_member_with_default (c, "sha256", ""));
  return g_strdup_printf ("%s %s", e->action, e->content);
}

/**
 * kp_documents_action_words:
 * @action: a journal action ("enter", "void", …)
 *
 * The action in a word or two of Vietnamese, as the journal PDF's "Thao
 * tác" column has it; an action it does not know is given as it is.
 *
 * Returns: (transfer none): static words, or @action itself.
 */
const char *
kp_documents_action_words (const char *action)
{
  static const struct
  {
    const char *action;
    const char *words;
  } table[] = {
    { "create", "Tạo" }, { "enter", "Nhập phiếu" }, { "void", "Hủy phiếu" }, { "resolve", "Quyết định" },
    { "mode", "Chế độ nhập" }, { "issued", "Phiếu phát ra" }, { "collected", "Phiếu thu vào" }, { "alternates", "Thứ tự dự khuyết" }, { "pause", "Tạm dừng" }, { "resume", "Tiếp tục" },
    { "next-round", "Bầu lần sau" }, { "edit-round", "Sửa danh sách" }, { "rehearsal", "Thử nghiệm" }, { "keys", "Khóa ký số" }, { "confirm", "Xác nhận" },
    { "release", "Công bố" }, { "hide", "Thôi chiếu" }, { "unlock", "Nhập mật khẩu" }, { "unlocked", "Mật khẩu đúng" },
    { "adjudicate", "Quyết định phiếu quét" },
   
    { "station", "Gói trạm" }, { "enroll", "Ghi nhận trạm" }, { "import", "Nhận lô" },
    { "station-open", "Mở gói trạm" }, { "batch", "Xuất lô" },
  };

  g_return_val_if_fail (action != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (action, table[i].action))
      return table[i].words;
  return action;
}

/**
 * kp_documents_journal:
 * @entries: (element-type KpJournalEntry): the whole journal
 *
 * Nhật ký nhập phiếu: every action with time, operator and its hash, and
 * the chain head at the end.
 */
GBytes *
kp_documents_journal (const KpCongress  *congress,
                      GPtrArray         *entries,
                      const char        *watermark,
                      GError           **error)
{
  g_autoptr(KpPdf) pdf = kp_pdf_new (&a4_document, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  double width;

  if (pdf == NULL)
    return NULL;
  kp_pdf_set_title (pdf, "Nhật ký nhập phiếu");
  kp_pdf_set_watermark (pdf, watermark);
  kp_pdf_set_page_numbers (pdf, TRUE);
  kp_pdf_new_page (pdf);
  width = kp_pdf_content_width (pdf);
  _kp_documents_header (pdf, congress, "BAN KIỂM PHIẾU");
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 16, KP_ALIGN_CENTER, kp_pdf_left (pdf), width, 0, "NHẬT KÝ NHẬP PHIẾU");
  {
    g_autofree char *line = g_strdup_printf ("(%u thao tác, theo thứ tự thời gian; mỗi dòng mang mã băm SHA-256 "
                                             "nối với dòng trước)", entries->len);
    kp_pdf_paragraph (pdf, KP_FONT_ITALIC, 12, KP_ALIGN_CENTER, kp_pdf_left (pdf), width, 0, line);
  }
  kp_pdf_space (pdf, 6);

  for (guint i = 0; i < entries->len; i++)
    {
      const KpJournalEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, e->seq);
      g_autofree char *at = g_strndup (e->at, 19);
      g_autofree char *what = kp_documents_describe_entry_in (congress, e);
      g_autofree char *hash = g_strndup (e->hash, 12);

      if (strlen (at) == 19)
        at[10] = ' ';
      g_ptr_array_add (rows, row (seq, at, e->operator, kp_documents_action_words (e->action), what, hash, NULL));
    }
  {
    KpPdfColumn cols[] = { { "STT", 34, KP_ALIGN_CENTER }, { "Thời gian", 62, KP_ALIGN_LEFT },
                           { "Người thực hiện", 76, KP_ALIGN_LEFT }, { "Thao tác", 58, KP_ALIGN_LEFT },
                           { "Nội dung", width - 34 - 62 - 76 - 58 - 66, KP_ALIGN_LEFT },
                           { "Mã băm", 66, KP_ALIGN_LEFT } };
    kp_pdf_table (pdf, cols, G_N_ELEMENTS (cols), rows, 9);
  }
  kp_pdf_space (pdf, 8);
  if (entries->len > 0)
    {
      const KpJournalEntry *last = g_ptr_array_index (entries, entries->len - 1);
      g_autofree char *text = g_strdup_printf ("Mã băm cuối chuỗi (dòng %" G_GINT64_FORMAT "): %s", last->seq, last->hash);
      kp_pdf_paragraph (pdf, KP_FONT_BOLD, 11, KP_ALIGN_LEFT, kp_pdf_left (pdf), width, 0, text);
    }
  _kp_documents_signatures (pdf, congress);
  return kp_pdf_render (pdf, error);
}

/**
 * kp_documents_summary:
 * @elections: (element-type KpElection): each election round to report
 * @results: (element-type KpResult): their results, same order
 *
 * The congress summary: every election round and its elected.
 */
GBytes *
kp_documents_summary (const KpCongress  *congress,
                      GPtrArray         *elections,
                      GPtrArray         *results,
                      const char        *watermark,
                      GError           **error)
{
  g_autoptr(KpPdf) pdf = kp_pdf_new (&a4_document, error);
  double width;

  if (pdf == NULL)
    return NULL;
  kp_pdf_set_title (pdf, "Tổng hợp kết quả bầu cử");
  kp_pdf_set_watermark (pdf, watermark);
  kp_pdf_set_page_numbers (pdf, TRUE);
  kp_pdf_new_page (pdf);
  width = kp_pdf_content_width (pdf);
  _kp_documents_header (pdf, congress, "BAN KIỂM PHIẾU");
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 16, KP_ALIGN_CENTER, kp_pdf_left (pdf), width, 0,
                    "TỔNG HỢP KẾT QUẢ BẦU CỬ");
  para (pdf, KP_FONT_BOLD, KP_ALIGN_CENTER, 0, congress->name);
  kp_pdf_space (pdf, 8);

  for (guint i = 0; i < elections->len; i++)
    {
      const KpElection *e = g_ptr_array_index (elections, i);
      const KpResult *r = g_ptr_array_index (results, i);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      g_autofree char *round_words = ordinal (e->round);
      g_autofree char *heading = g_strdup_printf ("%u. %s (bầu lần thứ %s)", i + 1, e->title, round_words);

      kp_pdf_ensure (pdf, 120);
      para (pdf, KP_FONT_BOLD, KP_ALIGN_LEFT, 0, heading);
      body (pdf, "Số lượng cần bầu: %u; cơ sở tính: %u; phiếu thu vào: %u; hợp lệ: %u; không hợp lệ: %u. "
                 "Trúng cử: %u đồng chí%s.",
            e->seats, e->base, r->collected, r->valid, r->invalid, r->elected->len,
            r->seats_remaining ? "; còn thiếu" : "");
      if (r->seats_remaining)
        {
          g_autofree char *remaining = kp_vi_number_words (r->seats_remaining);

          body (pdf, "Còn thiếu %u (%s) đồng chí.", r->seats_remaining, remaining);
        }
      for (guint j = 0; j < r->elected->len; j++)
        {
          const KpCandidateResult *c = candidate (r, g_array_index (r->elected, guint, j));
          g_autofree char *no = g_strdup_printf ("%u", j + 1);
          g_autofree char *votes = g_strdup_printf ("%u", c->votes);
          g_autofree char *pct = percent (c->percent);
          g_ptr_array_add (rows, row (no, c->display_name, votes, pct, NULL));
        }
      if (rows->len > 0)
        {
          KpPdfColumn cols[] = { { "STT", 44, KP_ALIGN_CENTER }, { "Họ và tên", width - 44 - 80 - 90, KP_ALIGN_LEFT },
                                 { "Số phiếu", 80, KP_ALIGN_CENTER }, { "Tỷ lệ %", 90, KP_ALIGN_CENTER } };
          kp_pdf_table (pdf, cols, G_N_ELEMENTS (cols), rows, 13);
        }
      kp_pdf_space (pdf, 10);
    }
  _kp_documents_signatures (pdf, congress);
  return kp_pdf_render (pdf, error);
}
