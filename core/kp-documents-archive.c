/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-documents-archive.c — the archive sheet: the password of an archive on
 * paper, sealed in an envelope signed by the counting committee. The ZIP
 * AES format costs a guesser only 1,000 PBKDF2-SHA1 rounds a guess, so the
 * password is generated (kp_passphrase_propose (), about 84 bits) and lives
 * only on this sheet, apart from the stick.
 */

#include "kp-documents-private.h"
#include "kp-documents.h"

#define BODY 13

static const KpPageSetup a4_document = {
  KP_A4_WIDTH, KP_A4_HEIGHT, KP_MM (20), KP_MM (20), KP_MM (30), KP_MM (15),
};

static void
paragraph (KpPdf      *pdf,
           KpFontStyle style,
           double      size,
           KpAlign     align,
           const char *text)
{
  kp_pdf_paragraph (pdf, style, size, align, kp_pdf_left (pdf), kp_pdf_content_width (pdf), 0, text);
}

/**
 * kp_documents_archive_sheet_pdf:
 * @password: the archive password (plain ASCII)
 * @archive_name: (nullable): the archive's file name
 * @made_at: (nullable): when it was written (ISO 8601)
 *
 * The archive sheet: which archive, the password large and in numbered
 * words, how to open it with 7-Zip, that the sheet is sealed in an
 * envelope apart from the stick, and the committee's signature lines.
 * Made in memory: the app prints it without a file holding the password.
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set.
 */
GBytes *
kp_documents_archive_sheet_pdf (const KpCongress  *congress,
                                const char        *password,
                                const char        *archive_name,
                                const char        *made_at,
                                const char        *watermark,
                                GError           **error)
{
  g_autoptr(KpPdf) pdf = kp_pdf_new (&a4_document, error);
  g_autoptr(GString) which = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  double left, width, size, y, box_top;

  if (pdf == NULL)
    return NULL;
  kp_pdf_set_title (pdf, "Phiếu mật khẩu tệp lưu trữ");
  kp_pdf_set_watermark (pdf, watermark);
  kp_pdf_new_page (pdf);
  left = kp_pdf_left (pdf);
  width = kp_pdf_content_width (pdf);
  _kp_documents_header (pdf, congress, "BAN KIỂM PHIẾU");
  paragraph (pdf, KP_FONT_BOLD, 16, KP_ALIGN_CENTER, "PHIẾU MẬT KHẨU TỆP LƯU TRỮ");
  paragraph (pdf, KP_FONT_ITALIC, BODY, KP_ALIGN_CENTER, "(niêm phong trong phong bì, giữ riêng với thẻ nhớ USB)");
  kp_pdf_space (pdf, 10);

  g_string_append_printf (which, "Tệp lưu trữ của %s", congress->name);
  if (archive_name != NULL)
    g_string_append_printf (which, ": %s", archive_name);
  if (made_at != NULL && g_utf8_strlen (made_at, -1) >= 16)
    g_string_append_printf (which, ", ghi lúc %.5s ngày %.2s/%.2s/%.4s", made_at + 11, made_at + 8, made_at + 5,
                            made_at);
  g_string_append (which, ". Tệp được mã hóa (AES-256): chỉ mở được bằng mật khẩu dưới đây. Mật khẩu không lưu ở "
                          "đâu khác ngoài phiếu này.");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10), which->str);
  kp_pdf_space (pdf, 8);
  paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_LEFT, "Mật khẩu:");
  kp_pdf_space (pdf, 6);

  /* The password in one line, as large as fits, in a box. */
  box_top = kp_pdf_get_y (pdf);
  size = kp_pdf_fit_size (pdf, KP_FONT_BOLD, 20, 11, width - KP_MM (10), password);
  kp_pdf_set_y (pdf, box_top + 8);
  kp_pdf_paragraph (pdf, KP_FONT_BOLD, size, KP_ALIGN_CENTER, left + KP_MM (5), width - KP_MM (10), 0, password);
  y = kp_pdf_get_y (pdf) + 6;
  kp_pdf_rect (pdf, left, box_top, width, y - box_top, 1.2, FALSE);
  kp_pdf_set_y (pdf, y + 12);

  /* And word by word, numbered, so that it is read back without a slip. */
  words = g_strsplit (password, "-", -1);
  if (g_strv_length (words) > 1)
    {
      g_autoptr(GString) list = g_string_new ("Từng từ: ");
      for (guint i = 0; words[i]; i++)
        g_string_append_printf (list, "%s(%u) %s", i ? "   " : "", i + 1, words[i]);
      paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_LEFT, list->str);
      kp_pdf_space (pdf, 4);
    }
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Gõ đúng như in, từng ký tự: chữ thường hay chữ hoa, dấu gạch ngang (-), không thêm dấu cách. "
                    "Mật khẩu không có dấu tiếng Việt; mật khẩu do chương trình tạo gõ ra như nhau dù bộ gõ "
                    "tiếng Việt (Telex, VNI) bật hay tắt, mật khẩu tự đặt thì nên tắt bộ gõ khi gõ.");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Mở tệp trên máy bất kỳ bằng 7-Zip: nhấp chuột phải vào tệp, chọn 7-Zip, Extract files…, gõ "
                    "mật khẩu; hoặc kiểm tra bằng lệnh kiemphieu-cli archive-check <tệp> --fingerprint <dấu vân tay "
                    "trên phiếu xác nhận khóa ký số>.");
  kp_pdf_paragraph (pdf, KP_FONT_REGULAR, BODY, KP_ALIGN_JUSTIFY, left, width, KP_MM (10),
                    "Ai có phiếu này và tệp lưu trữ thì đọc được toàn bộ dữ liệu kiểm phiếu. Phiếu được niêm phong "
                    "trong phong bì, các thành viên Ban kiểm phiếu ký trên mép dán, và lưu cùng hồ sơ đại hội, tách "
                    "riêng khỏi thẻ nhớ và máy tính. Không chụp ảnh, không chép mật khẩu vào máy tính.");
  kp_pdf_space (pdf, 10);
  _kp_documents_signatures (pdf, congress);
  return kp_pdf_render (pdf, error);
}

/**
 * kp_documents_archive_sheet:
 *
 * kp_documents_archive_sheet_pdf (), written to @path (the CLI's --sheet).
 */
gboolean
kp_documents_archive_sheet (const KpCongress  *congress,
                            const char        *password,
                            const char        *archive_name,
                            const char        *made_at,
                            const char        *watermark,
                            const char        *path,
                            GError           **error)
{
  g_autoptr(GBytes) pdf = kp_documents_archive_sheet_pdf (congress, password, archive_name, made_at, watermark, error);

  return pdf != NULL && kp_pdf_write_file (pdf, path, error);
}
