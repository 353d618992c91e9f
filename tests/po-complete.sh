#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# po-complete.sh SRCDIR — the Vietnamese translation is complete and sound.
#
# Fails, naming what to fix, when
#   1. a source file with translatable strings is not in po/POTFILES.in;
#   2. xgettext warns about a msgid (e.g. G_GINT64_FORMAT inside _(): use
#      PRId64, which xgettext understands);
#   3. a msgid of the sources (extracted afresh, into a temporary folder —
#      po/kiemphieu.pot may be stale) has no Vietnamese translation in
#      po/vi.po, or a fuzzy one;
#   4. po/vi.po does not compile with msgfmt --check (format strings);
#   5. a Vietnamese translation shows a rule code (R-…) although its msgid is
#      not a tooltip that names the rule ("Rule R-BASE-1"): rule codes stay
#      out of what a committee member reads (HACKING.md).
#
# Needs only gettext (xgettext, msgmerge, msgattrib, msgfmt), which dev.sh
# installs. To fix 3: meson compile -C build kiemphieu-pot, then
# msgmerge --update po/vi.po po/kiemphieu.pot, translate, remove "fuzzy".
set -eu

srcdir=${1:?usage: po-complete.sh SRCDIR}
cd "$srcdir"
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE || true
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kp-po-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

# 1. Every file with marked strings is listed.
for f in $(grep -lE '(^|[^A-Za-z0-9_])(_|N_|NN_|C_|NC_|ngettext|g_dngettext) ?\(' core/*.c ui/*.c app/*.c 2>/dev/null) \
         $(grep -l 'translatable="yes"' ui/*.ui ui/gtk/*.ui 2>/dev/null); do
  # "_ (" also matches __attribute__ ((…)): only files with a string in it count.
  if grep -qE '(^|[^A-Za-z0-9_])(_|N_|NN_|C_|NC_|ngettext|g_dngettext) ?\( *"|translatable="yes"' "$f" \
     && ! grep -qxF "$f" po/POTFILES.in; then
    echo "po-complete: $f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

# 2. The messages of the sources, as meson's "glib" preset extracts them.
xgettext --package-name=kiemphieu --files-from=po/POTFILES.in --directory=. \
  --output="$tmp/kiemphieu.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --keyword=NN_:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format --flag=g_print:1:c-format \
  --flag=g_printerr:1:c-format --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  2> "$tmp/xgettext.err"
if grep -q . "$tmp/xgettext.err"; then
  echo "po-complete: xgettext warns:"
  cat "$tmp/xgettext.err"
  status=1
fi

# 3. Every msgid translated, none fuzzy. No fuzzy matching: a new msgid must
# be translated by a person, not guessed from a neighbour.
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/vi.po" po/vi.po "$tmp/kiemphieu.pot"
msgattrib --untranslated --no-obsolete "$tmp/vi.po" > "$tmp/untranslated.po"
msgattrib --only-fuzzy --no-obsolete "$tmp/vi.po" > "$tmp/fuzzy.po"
for kind in untranslated fuzzy; do
  n=$(grep -c '^msgid ' "$tmp/$kind.po" || true)
  if [ "$n" -gt 1 ]; then  # the first is the header
    echo "po-complete: $((n - 1)) $kind message(s) in po/vi.po:"
    grep -v '^#\.' "$tmp/$kind.po" | sed -n '/^#:/,$p'
    status=1
  fi
done
msgfmt --statistics -o /dev/null "$tmp/vi.po"

# 4. Format strings agree (the numbers and kinds of %…).
if ! msgfmt --check -o /dev/null po/vi.po; then
  echo "po-complete: msgfmt --check refuses po/vi.po"
  status=1
fi

# 5. No rule code in Vietnamese, but in a tooltip naming the rule.
msgattrib --no-obsolete --no-wrap "$tmp/vi.po" | awk '
  function check() {
    if (str ~ /R-[A-Z]+-[0-9]/ && id !~ /^msgid "Rules? R-/) {
      print "po-complete: a rule code in the Vietnamese of " id; bad = 1 }
    id = ""; str = ""; mode = "" }
  /^msgid /  { id = $0; mode = "id"; next }
  /^msgstr/  { str = $0; mode = "str"; next }
  /^"/       { if (mode == "id") id = id $0; else if (mode == "str") str = str $0; next }
  /^$/       { check() }
  END        { check(); exit bad }' || status=1

exit $status
