/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-passphrase.c — proposed passphrases and a strength estimate. */

#include <glib/gi18n-lib.h>
#include <math.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <string.h>

#include "kp-archive.h"
#include "kp-crypto.h"
#include "kp-passphrase.h"

/* Vietnamese syllables without tone marks or vowel marks (Debian's
 * hunspell-vi syllables, folded to a–z, two to six letters), kept only when
 * Telex and VNI leave them as typed: no digit, no w, z, f or j, no s, r or x
 * after the first vowel (Telex's tone keys), no a, e or o twice (Telex's
 * â, ê, ô), and none that reads as a vulgar word. Sorted, no duplicates
 * (test-passphrase checks these rules). */
static const char *const words[] = {
  "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ba", "bac", "bach", "bai", "bam",
  "ban", "bang", "banh", "bao", "bap", "bat", "bau", "bay", "be", "bec", "bech", "bem", "ben", "beng", "benh", "beo",
  "bep", "bet", "beu", "bi", "bia", "bich", "biec", "biem", "bien", "bieng", "biet", "bieu", "bim", "bin", "binh",
  "bip", "bit", "biu", "bo", "boc", "boi", "bom", "bon", "bong", "bop", "bot", "bu", "bua", "buc", "bui", "bum",
  "bun", "bung", "buoc", "buom", "buon", "buong", "buop", "buot", "buou", "bup", "but", "buu", "buyt", "ca", "cach",
  "cai", "cam", "can", "cang", "canh", "cao", "cap", "cat", "cau", "cay", "cha", "chac", "chach", "chai", "cham",
  "chan", "chang", "chanh", "chao", "chap", "chat", "chau", "chay", "che", "chech", "chem", "chen", "cheng", "chenh",
  "cheo", "chep", "chet", "chi", "chia", "chich", "chiec", "chiem", "chien", "chieng", "chiep", "chiet", "chieu",
  "chim", "chin", "chinh", "chip", "chit", "chiu", "cho", "choa", "choac", "choai", "choan", "choang", "choap",
  "choat", "choc", "choe", "choen", "choet", "choi", "chom", "chon", "chong", "chop", "chot", "chu", "chua", "chuan",
  "chuc", "chuech", "chui", "chum", "chun", "chung", "chuoc", "chuoi", "chuom", "chuon", "chuong", "chuop", "chuot",
  "chup", "chut", "chuy", "chuyen", "co", "coc", "coi", "com", "con", "cong", "cop", "cot", "cua", "cuc", "cui",
  "cum", "cun", "cung", "cuoc", "cuoi", "cuom", "cuon", "cuong", "cuop", "cup", "cut", "cuu", "da", "dac", "dach",
  "dai", "dam", "dan", "dang", "danh", "dao", "dap", "dat", "dau", "day", "de", "dec", "dech", "dem", "den", "denh",
  "dep", "det", "deu", "di", "dia", "dich", "diec", "diem", "dien", "dieng", "diep", "diet", "dieu", "dim", "din",
  "dinh", "dip", "diu", "do", "doa", "doai", "doan", "doang", "doanh", "doat", "doc", "doi", "dom", "don", "dong",
  "dop", "dot", "dua", "duc", "duenh", "dui", "dum", "dun", "dung", "duoc", "duoi", "duom", "duon", "duong", "duot",
  "dup", "dut", "duy", "duyen", "duyet", "ec", "ech", "em", "email", "en", "eng", "enh", "eo", "ep", "et", "eu",
  "ga", "gac", "gach", "gai", "gam", "gan", "gang", "ganh", "gao", "gap", "gat", "gau", "gay", "gen", "ghe", "ghech",
  "ghem", "ghen", "ghenh", "gheo", "ghep", "ghet", "ghi", "ghiec", "ghien", "ghim", "gi", "gia", "giac", "giai",
  "giam", "gian", "giang", "gianh", "giao", "giap", "giat", "giau", "giay", "gich", "gie", "giec", "giem", "gien",
  "gieng", "gieo", "giep", "giet", "gieu", "gim", "gin", "gio", "gioc", "gioi", "gion", "giong", "giop", "giot",
  "gip", "giu", "giua", "giuc", "giui", "gium", "giun", "giuoc", "giuong", "giup", "giut", "go", "goa", "goc", "goi",
  "gom", "gon", "gong", "gop", "got", "gram", "gu", "guc", "gui", "gun", "gung", "guoc", "guoi", "guom", "guong",
  "gut", "ha", "hac", "hach", "hai", "ham", "han", "hang", "hanh", "hao", "hap", "hat", "hau", "hay", "he", "hec",
  "hech", "hem", "hen", "henh", "heo", "hep", "het", "heu", "hi", "hia", "hich", "hiem", "hien", "hieng", "hiep",
  "hieu", "him", "hinh", "hip", "hit", "hiu", "ho", "hoa", "hoac", "hoach", "hoai", "hoam", "hoan", "hoang", "hoanh",
  "hoat", "hoay", "hoc", "hoe", "hoen", "hoet", "hoi", "hom", "hon", "hong", "hop", "hot", "hu", "hua", "huan",
  "huc", "hue", "huech", "huenh", "hui", "hum", "hun", "hung", "huo", "huoc", "huom", "huong", "huou", "hup", "hut",
  "huu", "huy", "huych", "huyen", "huyet", "huynh", "huyt", "hy", "ich", "im", "in", "inh", "it", "iu", "ka", "ke",
  "kec", "kech", "kem", "ken", "keng", "kenh", "keo", "kep", "ket", "keu", "kha", "khac", "khach", "khai", "kham",
  "khan", "khang", "khanh", "khao", "khap", "khat", "khau", "khay", "khe", "khec", "khem", "khen", "khenh", "kheo",
  "khep", "khet", "kheu", "khi", "khia", "khich", "khiem", "khien", "khieng", "khiep", "khiet", "khieu", "khin",
  "khinh", "khit", "khiu", "kho", "khoa", "khoac", "khoai", "khoam", "khoan", "khoang", "khoanh", "khoat", "khoay",
  "khoc", "khoe", "khoet", "khoi", "khom", "khon", "khong", "khop", "khu", "khua", "khuan", "khuang", "khuat",
  "khuay", "khuc", "khue", "khuech", "khui", "khum", "khung", "khuo", "khuoc", "khuoi", "khuom", "khuon", "khuong",
  "khuot", "khuou", "khut", "khuu", "khuy", "khuya", "khuyen", "khuyet", "khuynh", "khuyu", "ki", "kia", "kich",
  "kiem", "kien", "kieng", "kiep", "kiet", "kieu", "kim", "kin", "kinh", "kip", "kit", "ky", "la", "lac", "lach",
  "lai", "lam", "lan", "lang", "lanh", "lao", "lap", "lat", "lau", "lay", "le", "lec", "lech", "lem", "len", "leng",
  "lenh", "leo", "lep", "let", "leu", "li", "lia", "lich", "liec", "liem", "lien", "lieng", "liep", "liet", "lieu",
  "lim", "lin", "linh", "lip", "lit", "liu", "lo", "loa", "loac", "loai", "loan", "loang", "loanh", "loat", "loay",
  "loc", "loe", "loen", "loet", "loi", "lom", "long", "lop", "lot", "lu", "lua", "luan", "luat", "luc", "lui", "lum",
  "lun", "lung", "luoc", "luoi", "luom", "luon", "luong", "luot", "lup", "lut", "luu", "luy", "luya", "luyen",
  "luynh", "ly", "ma", "mac", "mach", "mai", "mam", "man", "mang", "manh", "mao", "map", "mat", "mau", "may", "me",
  "mech", "mem", "men", "meng", "menh", "meo", "mep", "met", "meu", "mi", "mia", "mich", "mien", "mieng", "miet",
  "mieu", "mim", "min", "minh", "mip", "mit", "miu", "mo", "moay", "moc", "moi", "mom", "mon", "mong", "mop", "mot",
  "mu", "mua", "muc", "mui", "mum", "mun", "mung", "muoi", "muom", "muon", "muong", "muop", "muot", "mup", "mut",
  "muu", "my", "na", "nac", "nach", "nai", "nam", "nan", "nang", "nanh", "nao", "nap", "nat", "nau", "nay", "ne",
  "nem", "nen", "neo", "nep", "net", "neu", "nga", "ngac", "ngach", "ngai", "ngam", "ngan", "ngang", "nganh", "ngao",
  "ngap", "ngat", "ngau", "ngay", "nghe", "nghech", "nghen", "nghenh", "ngheo", "nghet", "ngheu", "nghi", "nghia",
  "nghich", "nghiem", "nghien", "nghiep", "nghiet", "nghieu", "nghim", "nghin", "nghinh", "nghit", "nghiu", "ngo",
  "ngoa", "ngoac", "ngoach", "ngoai", "ngoam", "ngoan", "ngoang", "ngoanh", "ngoat", "ngoay", "ngoc", "ngoe",
  "ngoen", "ngoet", "ngoi", "ngom", "ngon", "ngong", "ngop", "ngot", "ngu", "ngua", "nguay", "nguc", "ngui", "ngum",
  "ngun", "ngung", "nguoc", "nguoi", "nguon", "nguong", "ngup", "ngut", "nguu", "nguy", "nguyen", "nguyet", "nguyt",
  "nguyu", "nha", "nhac", "nhach", "nhai", "nham", "nhan", "nhang", "nhanh", "nhao", "nhap", "nhat", "nhau", "nhay",
  "nhe", "nhem", "nhen", "nhenh", "nheo", "nhep", "nhet", "nheu", "nhi", "nhia", "nhich", "nhiec", "nhiem", "nhien",
  "nhiep", "nhiet", "nhieu", "nhim", "nhin", "nhinh", "nhip", "nhit", "nhiu", "nho", "nhoa", "nhoai", "nhoam",
  "nhoang", "nhoay", "nhoc", "nhoe", "nhoen", "nhoet", "nhoi", "nhom", "nhon", "nhong", "nhop", "nhot", "nhu",
  "nhua", "nhuan", "nhuc", "nhue", "nhui", "nhum", "nhun", "nhung", "nhuoc", "nhuom", "nhuong", "nhut", "nhuy",
  "nhuyen", "ni", "nia", "nich", "niem", "nien", "nieng", "niet", "nieu", "nin", "ninh", "nip", "nit", "niu", "no",
  "noa", "noan", "noc", "noi", "nom", "non", "nong", "nop", "not", "nu", "nua", "nuc", "nui", "num", "nun", "nung",
  "nuoc", "nuoi", "nuom", "nuong", "nuop", "nuot", "nup", "nut", "oa", "oac", "oach", "oai", "oam", "oan", "oang",
  "oanh", "oap", "oat", "oc", "oe", "oi", "om", "on", "ong", "op", "ot", "pa", "pac", "pan", "pao", "pap", "pe",
  "pha", "phac", "phach", "phai", "pham", "phan", "phang", "phanh", "phao", "phap", "phat", "phau", "phay", "phe",
  "phech", "phen", "pheng", "phenh", "pheo", "phep", "phet", "pheu", "phi", "phia", "phich", "phiem", "phien",
  "phiet", "phieu", "phim", "phin", "phinh", "phit", "phiu", "pho", "phoc", "phoi", "phom", "phon", "phong", "phop",
  "phot", "phu", "phua", "phuc", "phui", "phun", "phung", "phuoc", "phuon", "phuong", "phuou", "phut", "phuy", "pi",
  "pin", "ping", "po", "pom", "pong", "pu", "qua", "quac", "quach", "quai", "quam", "quan", "quang", "quanh", "quao",
  "quap", "quat", "quau", "quay", "que", "quech", "quen", "quenh", "queo", "quet", "queu", "quit", "quo", "quoang",
  "quoat", "quoc", "quy", "quyen", "quyet", "quynh", "quyt", "ra", "rac", "rach", "rai", "ram", "ran", "rang",
  "ranh", "rao", "rap", "rat", "rau", "ray", "re", "rech", "rem", "ren", "reng", "renh", "reo", "rep", "ret", "reu",
  "ri", "ria", "rich", "riem", "rieng", "riet", "rieu", "rim", "rin", "rinh", "rit", "riu", "ro", "roa", "roc",
  "roi", "rom", "ron", "rong", "rop", "rot", "ru", "rua", "ruc", "rui", "rum", "run", "rung", "ruoc", "ruoi", "ruom",
  "ruon", "ruong", "ruot", "ruou", "rup", "rut", "sa", "sac", "sach", "sai", "sam", "san", "sang", "sanh", "sao",
  "sap", "sat", "sau", "say", "se", "sec", "sem", "sen", "senh", "seo", "sep", "set", "seu", "si", "sia", "sich",
  "siem", "sien", "sieng", "siet", "sieu", "sim", "sin", "sinh", "sit", "siu", "so", "soa", "soai", "soan", "soang",
  "soat", "soc", "soi", "som", "son", "song", "sop", "sot", "su", "sua", "suat", "suc", "sue", "sui", "sum", "sun",
  "sung", "suoi", "suon", "suong", "suot", "sup", "sut", "suu", "suy", "suyen", "suyt", "ta", "tac", "tach", "tai",
  "tam", "tan", "tang", "tanh", "tao", "tap", "tat", "tau", "tay", "te", "tec", "tech", "tem", "ten", "teng", "tenh",
  "teo", "tep", "tet", "teu", "tha", "thac", "thach", "thai", "tham", "than", "thang", "thanh", "thao", "thap",
  "that", "thau", "thay", "the", "thech", "them", "then", "thenh", "theo", "thep", "thet", "theu", "thi", "thia",
  "thich", "thiec", "thiem", "thien", "thieng", "thiep", "thiet", "thieu", "thim", "thin", "thinh", "thip", "thit",
  "thiu", "tho", "thoa", "thoai", "thoan", "thoang", "thoat", "thoc", "thoi", "thom", "thon", "thong", "thop",
  "thot", "thu", "thua", "thuan", "thuat", "thuc", "thue", "thui", "thum", "thun", "thung", "thuo", "thuoc", "thuoi",
  "thuom", "thuon", "thuong", "thuot", "thup", "thut", "thuy", "thuyen", "thuyet", "ti", "tia", "tich", "tiec",
  "tiem", "tien", "tieng", "tiep", "tiet", "tieu", "tim", "tin", "tinh", "tip", "tit", "tiu", "tivi", "to", "toa",
  "toac", "toai", "toan", "toang", "toanh", "toat", "toay", "toc", "toe", "toen", "toet", "toi", "tom", "ton",
  "tong", "top", "tot", "tout", "tra", "trac", "trach", "trai", "tram", "tran", "trang", "tranh", "trao", "trap",
  "trat", "trau", "tray", "tre", "trech", "trem", "tren", "treo", "tret", "treu", "tri", "tria", "trich", "trien",
  "trieng", "triet", "trieu", "trinh", "trit", "triu", "tro", "troc", "troi", "trom", "tron", "trong", "trop",
  "trot", "tru", "trua", "truan", "truat", "truc", "trui", "trum", "trun", "trung", "truoc", "truon", "truong",
  "truot", "trup", "trut", "truy", "truyen", "tu", "tua", "tuan", "tuat", "tuc", "tue", "tuech", "tui", "tum", "tun",
  "tung", "tuoc", "tuoi", "tuom", "tuon", "tuong", "tuop", "tuot", "tuou", "tup", "tut", "tuu", "tuy", "tuyen",
  "tuyet", "tuyn", "ty", "ua", "uan", "uat", "uay", "uc", "ue", "ui", "um", "un", "ung", "uo", "uoc", "uoi", "uom",
  "uon", "uong", "uop", "uot", "up", "ut", "uu", "uy", "uych", "uyen", "uynh", "va", "vac", "vach", "vai", "vam",
  "van", "vang", "vanh", "vao", "vap", "vat", "vau", "vay", "ve", "vec", "vech", "vem", "ven", "venh", "veo", "vet",
  "veu", "vi", "via", "vich", "viec", "viem", "vien", "vieng", "viet", "vim", "vin", "vinh", "vit", "viu", "vo",
  "voan", "voc", "voi", "vom", "von", "vong", "vop", "vot", "vu", "vua", "vuc", "vui", "vum", "vun", "vung", "vuoc",
  "vuon", "vuong", "vuot", "vut", "vuu", "xa", "xac", "xach", "xai", "xam", "xan", "xang", "xanh", "xao", "xap",
  "xat", "xau", "xay", "xe", "xec", "xech", "xem", "xen", "xeng", "xenh", "xeo", "xep", "xet", "xeu", "xi", "xia",
  "xich", "xiec", "xiem", "xien", "xieng", "xiet", "xieu", "xim", "xin", "xinh", "xit", "xiu", "xo", "xoa", "xoac",
  "xoach", "xoai", "xoam", "xoan", "xoang", "xoanh", "xoat", "xoay", "xoc", "xoe", "xoen", "xoet", "xoi", "xom",
  "xon", "xong", "xop", "xot", "xu", "xua", "xuan", "xuat", "xuay", "xuc", "xue", "xuech", "xuenh", "xui", "xum",
  "xung", "xuoc", "xuoi", "xuong", "xup", "xut", "xuy", "xuya", "xuyen", "xuyet", "xuynh", "xuyt", "yem", "yen",
  "yeng", "yet", "yeu",
};

guint
kp_passphrase_n_words (void)
{
  return G_N_ELEMENTS (words);
}

const char *
kp_passphrase_word (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (words), NULL);
  return words[index];
}

/**
 * kp_passphrase_proposal_bits:
 *
 * Returns: the entropy of a proposal (%KP_PASSPHRASE_WORDS different words
 * of the list), in bits.
 */
double
kp_passphrase_proposal_bits (void)
{
  double bits = 0;

  /* Eight different words: N × (N − 1) × … × (N − 7) proposals. */
  for (guint i = 0; i < KP_PASSPHRASE_WORDS; i++)
    bits += log2 (G_N_ELEMENTS (words) - i);
  return bits;
}

/* A uniform index below @n, by rejection (no modulo bias). */
static gboolean
random_below (guint32  n,
              guint32 *out)
{
  guint32 limit = G_MAXUINT32 - G_MAXUINT32 % n, value;

  do
    {
      if (RAND_bytes ((unsigned char *) &value, sizeof value) != 1)
        return FALSE;
    }
  while (value >= limit);
  *out = value % n;
  return TRUE;
}

/**
 * kp_passphrase_propose:
 *
 * A new random passphrase: %KP_PASSPHRASE_WORDS different words of the
 * list joined by "-" ("khoa-tranh-buoc-…"), about 84.5 bits. Plain ASCII, so it is also
 * an archive password that 7-Zip opens on any system.
 *
 * Returns: (transfer full): the passphrase, or %NULL with @error set when
 * the random generator fails.
 */
char *
kp_passphrase_propose (GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint32 chosen[KP_PASSPHRASE_WORDS];

  for (guint i = 0; i < KP_PASSPHRASE_WORDS; i++)
    {
      gboolean again = FALSE;

      /* Eight different words: a word said twice is guessed more easily. */
      do
        {
          if (!random_below (G_N_ELEMENTS (words), &chosen[i]))
            {
              ERR_clear_error ();
              g_set_error (error, KP_CRYPTO_ERROR, KP_CRYPTO_ERROR_FAILED,
                           _ ("the random number generator failed: no passphrase can be proposed"));
              return NULL;
            }
          again = FALSE;
          for (guint k = 0; k < i; k++)
            again = again || chosen[k] == chosen[i];
        }
      while (again);
      if (i > 0)
        g_string_append_c (out, '-');
      g_string_append (out, words[chosen[i]]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
compare_words (const void *a,
               const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A run of one character repeated, or going up or down by one ("aaaa",
 * "1234", "dcba"): guessed at once. */
static gboolean
is_pattern (const gunichar *run,
            gsize           length)
{
  gboolean same = TRUE, up = TRUE, down = TRUE;

  for (gsize i = 1; i < length; i++)
    {
      same = same && run[i] == run[0];
      up = up && run[i] == run[i - 1] + 1;
      down = down && run[i] + 1 == run[i - 1];
    }
  return length > 2 && (same || up || down);
}

/* The bits one run of letters or digits is worth. */
static double
run_bits (const gunichar *run,
          gsize           length,
          gboolean        letters)
{
  double per = letters ? log2 (26) : log2 (10);
  g_autofree char *text = NULL;
  const char *key;

  /* A word of the proposal list first: "ghi" and "nop" are words of it,
   * and also runs of letters going up by one. Counted as runs, they made
   * a proposal with both estimate 76 bits, below what the archive needs. */
  if (letters)
    {
      text = g_ucs4_to_utf8 (run, length, NULL, NULL, NULL);
      key = text;
      if (text != NULL && bsearch (&key, words, G_N_ELEMENTS (words), sizeof words[0], compare_words) != NULL)
        return log2 (G_N_ELEMENTS (words));
    }
  if (is_pattern (run, length))
    return per + log2 (length);
  if (!letters)
    return length * per;
  /* A word of a language: about 11 bits whatever its length; letters
   * strung together count as one word every six letters. */
  return MIN (length * per, 11.0 * ceil (length / 6.0));
}

/**
 * kp_passphrase_estimate_bits:
 *
 * A simple, deliberately modest estimate of how many guesses @text would
 * take, as bits: diacritics and capitals are ignored (a guesser tries them
 * all); the text is cut into runs of letters and runs of digits; a word of
 * the proposal list counts log2 of the list, another run of letters like a
 * word of about 11 bits (one every six letters), digits 3.3 bits each, a
 * run like "aaaa" or "1234" almost nothing, a word used again nothing; a
 * symbol other than a space or - _ . , counts 5 bits. It cannot know a
 * famous line, a slogan or a name: those count as random words.
 *
 * Returns: the estimate, in bits.
 */
double
kp_passphrase_estimate_bits (const char *text)
{
  g_autofree char *nfd = NULL;
  g_autoptr(GArray) folded = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  double bits = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return 0;
  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x0110 || c == 0x0111) /* Đ đ */
        c = 'd';
      c = g_unichar_tolower (c);
      g_array_append_val (folded, c);
    }
  for (gsize i = 0; i < folded->len;)
    {
      const gunichar *f = (const gunichar *) folded->data;
      gunichar c = f[i];

      if (g_unichar_isalpha (c) || g_unichar_isdigit (c))
        {
          gboolean letters = g_unichar_isalpha (c);
          gsize j = i;
          char *key;

          while (j < folded->len && (letters ? g_unichar_isalpha (f[j]) : g_unichar_isdigit (f[j])))
            j++;
          key = g_ucs4_to_utf8 (f + i, j - i, NULL, NULL, NULL);
          if (key != NULL && !g_hash_table_contains (seen, key))
            bits += run_bits (f + i, j - i, letters);
          if (key != NULL)
            g_hash_table_add (seen, key);
          i = j;
          continue;
        }
      if (!g_unichar_isspace (c) && (c > 0x7f || strchr ("-_.,", (int) c) == NULL))
        {
          char key[8] = { 0 };

          g_unichar_to_utf8 (c, key);
          if (!g_hash_table_contains (seen, key))
            {
              bits += 5;
              g_hash_table_add (seen, g_strdup (key));
            }
        }
      i++;
    }
  return bits;
}

/**
 * kp_passphrase_is_plain_ascii:
 *
 * Returns: %TRUE when @text holds only printable ASCII (space to ~): what
 * 7-Zip reads the same on every system in a ZIP AES password.
 */
gboolean
kp_passphrase_is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  return TRUE;
}

/**
 * kp_archive_password_check:
 *
 * A password for a new archive: at least %KP_ARCHIVE_MIN_PASSWORD
 * characters, plain ASCII (7-Zip on Windows turns other letters into the
 * system's code page, so a password with diacritics would not open the
 * archive there), and estimated at %KP_PASSPHRASE_ARCHIVE_BITS bits or more
 * (the ZIP AES format costs a guesser only 1,000 PBKDF2-SHA1 rounds, about
 * a thousand guesses a second on each processor core). A proposal
 * (kp_passphrase_propose ()) passes.
 *
 * Returns: %TRUE, or %FALSE with %KP_ARCHIVE_ERROR_INVALID saying why and
 * what to do.
 */
gboolean
kp_archive_password_check (const char  *password,
                           GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < KP_ARCHIVE_MIN_PASSWORD)
    {
      g_set_error (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
                   _ ("the archive password needs at least %d characters"), KP_ARCHIVE_MIN_PASSWORD);
      return FALSE;
    }
  if (!kp_passphrase_is_plain_ascii (password))
    {
      g_set_error_literal (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
                           _ ("the archive password may hold only letters without diacritics, digits, spaces and "
                              "the signs of a plain keyboard: 7-Zip on Windows reads other letters differently, and "
                              "the archive would not open there. Use the password KiemPhieu generates"));
      return FALSE;
    }
  if (kp_passphrase_estimate_bits (password) < KP_PASSPHRASE_ARCHIVE_BITS)
    {
      g_set_error_literal (error, KP_ARCHIVE_ERROR, KP_ARCHIVE_ERROR_INVALID,
                           _ ("the archive password is too easy to guess: whoever has a copy of the archive can try "
                              "thousands of passwords a second, for as long as they like. Use the password KiemPhieu "
                              "generates (eight random words), or at least eight random words or twenty random "
                              "characters"));
      return FALSE;
    }
  return TRUE;
}
