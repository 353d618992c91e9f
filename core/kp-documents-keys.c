/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-documents-keys.c — the key sheet: the congress signing key's
 * fingerprint on paper, signed by the counting committee when the key is
 * made. It anchors every later verification outside the file: a file
 * rewritten and signed again with another key verifies on its own, but its
 * key is not the one on this sheet (kiemphieu-cli verify --fingerprint).
 */

#include "kp-crypto.h"
#include "kp-documents-private.h"
#include "kp-documents.h"

#define BODY 14

static const KpPageSetup a4_document = {
  KP_A4_WIDTH, KP_A4_HEIGHT, KP_MM (20), KP_MM (20), KP_MM (30), KP_MM (15),
};

static void
line (KpPdf       *pdf,
      KpFontStyle  style,
      double       size,
      KpAlign      align,
      const char  *text)
{
  kp_pdf_paragraph (pdf, style, size, align, kp_pdf_left (pdf), kp_pdf_content_width (pdf), 0, text);
}

/**
 * kp_documents_key_sheet:
 * @fingerprint: the key's fingerprint (kp_public_key_fingerprint ())
 * @made_at: (nullable): when the key was made (the journal's ISO 8601 time)
 *
 * Writes the key sheet: the congress, the fingerprint in groups of four,
 * large, and as a QR code, what it is for, and a signature line for the
 * head and every member of the counting committee.
 */
gboolean
kp_documents_key_sheet (const KpCongress  *congress,
                        const char        *fingerprint,
                        const char        *made_at,
                        const char        *watermark,
                        const char        *path,
                        GError           **error)
{
  g_autoptr(KpPdf) pdf = kp_pdf_new (&a4_document, error);
  g_autofree char *shown = NULL;
  g_autofree char *when = NULL;
  double left, width, qr = KP_MM (40), y;

  if (pdf == NULL)
    return FALSE;
  shown = kp_fingerprint_display (fingerprint);
  kp_pdf_set_title (pdf, "Phiếu xác nhận khóa ký số");
  kp_pdf_set_watermark (pdf, watermark);
  kp_pdf_new_page (pdf);
  left = kp_pdf_left (pdf);
  width = kp_pdf_content_width (pdf);
  _kp_documents_header (pdf, congress, "BAN KIỂM PHIẾU");
  line (pdf, KP_FONT_BOLD, 16, KP_ALIGN_CENTER, "PHIẾU XÁC NHẬN KHÓA KÝ SỐ");
  line (pdf, KP_FONT_BOLD, BODY, KP_ALIGN_CENTER, "của Ban kiểm phiếu");
  kp_pdf_space (pdf, 10);
  if (made_at != NULL && g_utf8_strlen (made_at, -1) >= 16)
    when = g_strdup_printf ("Khóa ký số của Ban kiểm phiếu %s được tạo lúc %.5s ngày %.2s/%.2s/%.4s. Kết quả kiểm "
                            "phiếu của từng cuộc bầu được ký số bằng khóa này khi Trưởng ban xác nhận.",
                            congress->name, made_at + 11, made_at + 8, made_at + 5, made_at);
  else
    when = g_strdup_printf ("Khóa ký số của Ban kiểm phiếu %s. Kết quả kiểm phiếu của từng cuộc bầu được ký số "
                            "bằng khóa này khi Trưởng ban xác nhận.", congress->name);
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10), when);
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Dấu vân tay (SHA-256) của khóa công khai:");
  kp_pdf_space (pdf, 6);
  kp_pdf_ensure (pdf, qr + 20);
  y = kp_pdf_get_y (pdf);
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, 15, KP_ALIGN_LEFT, left, width - qr - KP_MM (8), 0, shown);
  kp_pdf_qr (pdf, left + width - qr, y, qr, fingerprint);
  kp_pdf_set_y (pdf, MAX (kp_pdf_get_y (pdf), y + qr) + 10);
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Người kiểm tra kết quả, tệp đại hội hoặc tệp lưu trữ trên bất kỳ máy nào so sánh dấu vân tay "
                    "trên đây với dấu vân tay chương trình cho biết (kiemphieu-cli verify … --fingerprint, hoặc "
                    "archive-check … --fingerprint). Nếu khác nhau, kết quả không do khóa của Ban kiểm phiếu "
                    "ký: tệp đã bị làm lại.");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Phiếu này được Ban kiểm phiếu ký xác nhận và lưu cùng hồ sơ đại hội, tách riêng khỏi máy tính "
                    "và thẻ nhớ.");
  kp_pdf_space (pdf, 10);
  _kp_documents_signatures (pdf, congress);
  return kp_pdf_save (pdf, path, error);
}
