#!/bin/bash
# test-man.sh MANDIR CLI LOCALEDIR — the manual pages of app/man (MANDIR:
# its build folder, English pages there, Vietnamese in vi/):
#  - every command `kiemphieu-cli --help` lists has its own section, in both
#    languages;
#  - the pages hold what the programs print in that language: each summary
#    of `kiemphieu-cli --help` under vi_VN.UTF-8 (with the build's
#    translations) is in the Vietnamese page, and GLib's Vietnamese words for
#    --help are in kiemphieu's;
#  - groff has nothing to warn about (as lintian checks).
set -euo pipefail
mandir=$1
cli=$2
localedir=$3
command -v man > /dev/null || { echo "man-db is not installed: skipped"; exit 77; }
status=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

render () {
  LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$1" 2> "$out/warnings" > /dev/null
  LC_ALL=C.UTF-8 MANWIDTH=250 man -l "$1" 2> /dev/null | sed 's/‐/-/g; s/’/'"'"'/g'
  if [ -s "$out/warnings" ]; then
    echo "not ok: groff warns about $1:"; cat "$out/warnings"
    status=1
  fi
}
render "$mandir/kiemphieu-cli.1" > /dev/null
render "$mandir/vi/kiemphieu-cli.1" > "$out/kiemphieu-cli.vi.txt"
render "$mandir/kiemphieu.1" > /dev/null
render "$mandir/vi/kiemphieu.1" > "$out/kiemphieu.vi.txt"

commands=$(LC_ALL=C.UTF-8 "$cli" --help | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "not ok: no commands in $cli --help"; exit 1; }
for command in $commands; do
  for page in "$mandir/kiemphieu-cli.1" "$mandir/vi/kiemphieu-cli.1"; do
    grep -qx ".SS \"$command\"" "$page" || { echo "not ok: $page has no section for $command"; status=1; }
  done
done

# (Where vi_VN.UTF-8 is not generated, as in a package build chroot,
# make-man.py made it for itself; the summaries are not compared here.)
: > "$out/summaries.txt"
if locale -a 2> /dev/null | grep -ix 'vi_VN.utf-\?8' > /dev/null; then
  LC_ALL=vi_VN.UTF-8 KP_LOCALEDIR=$localedir "$cli" --help \
    | sed -n 's/^  [a-z][a-z0-9-]* \+\(.*\)$/\1/p' > "$out/summaries.txt"
fi
while IFS= read -r summary; do
  grep -qF -- "$summary" "$out/kiemphieu-cli.vi.txt" \
    || { echo "not ok: the Vietnamese page lacks \"$summary\""; status=1; }
done < "$out/summaries.txt"
if [ -f /usr/share/locale/vi/LC_MESSAGES/glib20.mo ]; then
  grep -q "Hiển thị các tùy chọn trợ giúp" "$out/kiemphieu.vi.txt" \
    || { echo "not ok: kiemphieu(1) in Vietnamese was not made from its Vietnamese --help"; status=1; }
fi

[ "$status" -eq 0 ] && echo "ok: $(echo "$commands" | wc -l) commands in both languages"
exit "$status"
