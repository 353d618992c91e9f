#!/bin/bash
# test-package.sh — the Debian package and the offline bundle that
# `./dev.sh package` made, as a congress laptop gets them (`./dev.sh test`
# runs it after the package step; it needs root or sudo, as CI has):
#
#  1. `apt-get install ./kiemphieu_*.deb`; then from /usr/bin: the version,
#     the demo congress counted, confirmed and verified in a temp folder,
#     the translations, the desktop file, the metainfo, the MIME type, the
#     manual pages in English and Vietnamese;
#  2. `apt-get remove --purge kiemphieu` leaves none of its files;
#  3. the bundle's install.sh: refused without root, refused (naming the
#     file) when a .deb went missing in the copy, refused (naming the
#     package) when the folder lacks a dependency, and with no network at
#     all it installs KiemPhieu from the folder alone;
#  4. removed again, whatever happened (a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(meson introspect --projectinfo meson.build | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
arch=$(dpkg --print-architecture)
deb=build/package/kiemphieu_${version}_${arch}.deb
bundle=build/bundle/kiemphieu-offline-$version
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
work=$(mktemp -d)
chmod 755 "$work"

fail () {
  echo "test-package: FAILED: $*" >&2
  exit 1
}

purge () {
  if dpkg-query -W -f='${Status}' kiemphieu 2>/dev/null | grep "ok installed\|config-files" > /dev/null; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get remove --purge -y -q kiemphieu > "$work/purge.log" 2>&1
  fi
}
# shellcheck disable=SC2317
cleanup () {
  purge || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$deb" ] || fail "$deb is missing: run ./dev.sh package"
[ -x "$bundle/install.sh" ] || fail "$bundle/install.sh is missing: run ./dev.sh package"
if dpkg-query -W -f='${Status}' kiemphieu 2>/dev/null | grep "ok installed" > /dev/null; then
  fail "kiemphieu is already installed here ($(dpkg-query -W -f='${Version}' kiemphieu)): remove it first"
fi

# 1. Installed with apt, used from /usr/bin.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "./$deb" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install ./$deb"; }
dpkg -L kiemphieu | sort > "$work/files"

[ "$(command -v kiemphieu-cli)" = /usr/bin/kiemphieu-cli ] || fail "kiemphieu-cli is not /usr/bin/kiemphieu-cli"
[ -x /usr/bin/kiemphieu ] || fail "/usr/bin/kiemphieu is missing"
[ "$(/usr/bin/kiemphieu-cli --version)" = "kiemphieu-cli $version" ] || fail "kiemphieu-cli --version: $(/usr/bin/kiemphieu-cli --version)"
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/kiemphieu --help > /dev/null || fail "kiemphieu --help"

# The demo congress from the installed data, as the README's workflow
# (`set -e` holds in the subshell since it is not tested by `||`).
demo=/usr/share/kiemphieu/demo
set +e
(
  set -e
  cd "$work"
  cli=/usr/bin/kiemphieu-cli
  $cli new daihoi.kiemphieu --definition $demo/daihoi.json --operator "Nguyễn Văn Kỹ"
  for csv in $demo/*.csv; do
    election=$(basename "$csv" .csv)
    $cli enter daihoi.kiemphieu --election "$election" --pass A --operator "Trần Thị Nhập" --ballots "$csv"
    $cli collected daihoi.kiemphieu "$(tail -n +2 "$csv" | grep -c .)" --election "$election" --operator "Lê Văn Tùng"
  done
  # In Vietnamese from the installed catalogue, in English under C.
  LANGUAGE= LC_ALL=vi_VN.UTF-8 $cli results daihoi.kiemphieu --election bch --text > results.txt
  grep -q "Trúng cử" results.txt
  LANGUAGE= LC_ALL=C.UTF-8 $cli results daihoi.kiemphieu --election bch --text > results-en.txt
  grep -q "Elected" results-en.txt
  $cli journal daihoi.kiemphieu --verify
  echo "Trưởng ban kiểm phiếu: cây đa bến nước sân đình (kiểm thử gói)" > passphrase.txt
  $cli keys daihoi.kiemphieu --init --passphrase-file passphrase.txt --operator "Lê Văn Tùng" --sheet khoa.pdf
  $cli confirm daihoi.kiemphieu --election bch --passphrase-file passphrase.txt --operator "Lê Văn Tùng" \
    --override-network "kiểm thử gói trên máy CI"
  $cli minutes daihoi.kiemphieu --election bch -o bienban.pdf
  $cli verify daihoi.kiemphieu
) > "$work/demo.log" 2>&1
demo_status=$?
set -e
[ "$demo_status" -eq 0 ] || { cat "$work/demo.log"; fail "the demo workflow from /usr/bin"; }

# The installed catalogue is found where the installed programs look.
[ "$(LANGUAGE=vi LC_ALL=vi_VN.UTF-8 gettext -d kiemphieu "KiemPhieu congress file")" = "Tệp đại hội KiemPhieu" ] \
  || fail "the Vietnamese catalogue in /usr/share/locale"

# Scanners: the installed SANE folder (local backends only) is the one the
# installed program uses; listing scanners works with none plugged in.
[ -f /usr/share/kiemphieu/sane/dll.conf ] || fail "the SANE folder /usr/share/kiemphieu/sane"
if grep -Eq '^[[:space:]]*(net|escl|airscan|hpaio|dell1600n_net)[[:space:]]*$' /usr/share/kiemphieu/sane/dll.conf; then
  fail "a network scanner backend in /usr/share/kiemphieu/sane/dll.conf"
fi
LC_ALL=vi_VN.UTF-8 /usr/bin/kiemphieu-cli scanners > "$work/scanners.log" 2>&1 \
  || { cat "$work/scanners.log"; fail "kiemphieu-cli scanners from /usr/bin"; }
grep -q "máy quét" "$work/scanners.log" || { cat "$work/scanners.log"; fail "kiemphieu-cli scanners in Vietnamese"; }

desktop-file-validate /usr/share/applications/vn.kiemphieu.KiemPhieu.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/vn.kiemphieu.KiemPhieu.metainfo.xml > "$work/appstream.log" 2>&1 \
  || { cat "$work/appstream.log"; fail "appstreamcli validate"; }
[ -f /usr/share/icons/hicolor/scalable/apps/vn.kiemphieu.KiemPhieu.svg ] || fail "the icon"
[ -f /usr/share/mime/application/x-kiemphieu.xml ] || fail "the MIME type (update-mime-database trigger)"
# A congress file is a KiemPhieu file, which the app opens (a double-click in Files).
if command -v gio > /dev/null; then
  gio info -a standard::content-type "$work/daihoi.kiemphieu" | grep "application/x-kiemphieu" > /dev/null \
    || fail "daihoi.kiemphieu is not application/x-kiemphieu"
  gio mime application/x-kiemphieu | grep "^Default application.*vn.kiemphieu.KiemPhieu.desktop" > /dev/null \
    || fail "KiemPhieu does not open application/x-kiemphieu"
fi

# The manual pages, both languages, both programs: in the package, and
# found by man (unless this machine's dpkg leaves manual pages out, as
# minimal container images do).
dpkg-deb -c "$deb" > "$work/contents"
for path in ./usr/share/man/man1/kiemphieu-cli.1.gz ./usr/share/man/vi/man1/kiemphieu-cli.1.gz \
            ./usr/share/man/man1/kiemphieu.1.gz ./usr/share/man/vi/man1/kiemphieu.1.gz \
            ./usr/share/doc/kiemphieu/huong-dan.md ./usr/share/doc/kiemphieu/README.md; do
  grep " $path$" "$work/contents" > /dev/null || fail "$path is not in $deb"
done
if grep -rh "^path-exclude" /etc/dpkg/dpkg.cfg.d/ 2> /dev/null | grep "/usr/share/\(man\|doc\)" > /dev/null; then
  echo "test-package: this machine's dpkg leaves out /usr/share/man or /usr/share/doc (path-exclude in /etc/dpkg/dpkg.cfg.d): man and the guide are not checked installed" >&2
  skip_man=1
fi
if [ -z "${skip_man:-}" ]; then
  for page in kiemphieu-cli kiemphieu; do
    [ "$(LC_ALL=C.UTF-8 man -w "$page")" = "/usr/share/man/man1/$page.1.gz" ] || fail "man -w $page: $(man -w "$page" 2>&1)"
    [ "$(LC_ALL=vi_VN.UTF-8 man -w "$page")" = "/usr/share/man/vi/man1/$page.1.gz" ] || fail "man -w $page in Vietnamese"
  done
  LC_ALL=vi_VN.UTF-8 MANWIDTH=80 man kiemphieu-cli 2> "$work/man.err" | grep "^MÃ THOÁT" > /dev/null || fail "man kiemphieu-cli in Vietnamese"
  LC_ALL=C.UTF-8 MANWIDTH=80 man kiemphieu-cli 2>> "$work/man.err" | grep "^EXIT STATUS" > /dev/null || fail "man kiemphieu-cli in English"
  LC_ALL=C.UTF-8 MANWIDTH=80 man kiemphieu-cli | grep "^   archive-check" > /dev/null || fail "man kiemphieu-cli: a command is missing"
  [ -f /usr/share/doc/kiemphieu/huong-dan.md ] && [ -f /usr/share/doc/kiemphieu/images/app-welcome.png ] \
    || fail "the user guide and its images in /usr/share/doc/kiemphieu"
fi

# 2. Purged: none of its files is left.
purge
if dpkg-query -W -f='${Status}' kiemphieu 2>/dev/null | grep "ok installed\|config-files" > /dev/null; then
  fail "kiemphieu is still known to dpkg after apt-get remove --purge"
fi
left=""
while IFS= read -r path; do
  [ -e "$path" ] && [ "$path" != /. ] || continue
  # A folder stays when another package still owns it (/usr/share/man).
  if [ -d "$path" ] && dpkg -S "$path" > /dev/null 2>&1; then continue; fi
  left="$left $path"
done < "$work/files"
[ -z "$left" ] || fail "left behind after purge:$left"
[ ! -e /usr/share/mime/application/x-kiemphieu.xml ] || fail "the MIME type is left behind after purge"

# 3. The bundle's install.sh, from copies of the folder (as on a stick
# whose name has spaces).
cp -r "$bundle" "$work/stick with spaces"
# Not root: refused, saying how (run as nobody, who cannot sudo).
if command -v setpriv > /dev/null && [ "$(id -u)" -eq 0 ]; then
  if setpriv --reuid=65534 --regid=65534 --clear-groups bash "$work/stick with spaces/install.sh" > "$work/notroot.log" 2>&1; then
    fail "install.sh ran without root"
  fi
  grep -q "sudo bash install.sh" "$work/notroot.log" || { cat "$work/notroot.log"; fail "install.sh without root does not say what to do"; }
fi
# A package missing from the copied folder: named, nothing installed.
cp -r "$bundle" "$work/short"
rm -f "$work"/short/libcsv3_*.deb
if $sudo bash "$work/short/install.sh" > "$work/short.log" 2>&1; then
  fail "install.sh installed from a folder without libcsv3"
fi
grep -q "thiếu hoặc hỏng" "$work/short.log" && grep -q "libcsv3_" "$work/short.log" \
  || { cat "$work/short.log"; fail "install.sh does not name the missing file"; }
! dpkg-query -W -f='${Status}' kiemphieu 2>/dev/null | grep "ok installed" > /dev/null || fail "installed from a short folder"

# A dependency the folder lacks (a folder made wrong): apt's answer and
# the reason, in both languages. The stand-in kiemphieu needs a package no
# archive has.
mkdir -p "$work/wrong/pkg/DEBIAN"
cat > "$work/wrong/pkg/DEBIAN/control" <<'EOF'
Package: kiemphieu
Version: 0.0.0~test
Architecture: all
Maintainer: KiemPhieu tests <tests@invalid>
Depends: kiemphieu-test-not-in-any-archive
Description: stand-in for test-package.sh
EOF
dpkg-deb --build "$work/wrong/pkg" "$work/wrong/kiemphieu_0.0.0~test_all.deb" > /dev/null
cp "$bundle/install.sh" "$work/wrong/"
(
  cd "$work/wrong"
  dpkg-scanpackages . /dev/null > Packages 2> /dev/null
  printf 'Label: KiemPhieu offline 0.0.0~test\nSHA256:\n %s %s Packages\n' \
    "$(sha256sum Packages | cut -d' ' -f1)" "$(stat -c %s Packages)" > Release
  sha256sum -- *.deb Packages Release install.sh > SHA256SUMS
)
rm -rf "$work/wrong/pkg"
if $sudo bash "$work/wrong/install.sh" > "$work/wrong.log" 2>&1; then
  fail "install.sh installed a package whose dependency is not in the folder"
fi
grep -q "kiemphieu-test-not-in-any-archive" "$work/wrong.log" && grep -q "thư mục này thiếu gói" "$work/wrong.log" \
  && grep -q "this folder lacks a package" "$work/wrong.log" \
  || { cat "$work/wrong.log"; fail "install.sh does not say which package the folder lacks"; }
! dpkg-query -W -f='${Status}' kiemphieu 2>/dev/null | grep "ok installed" > /dev/null || fail "installed from a wrong folder"

# The whole folder, with no network at all: in a network namespace of its
# own (no interface up) where the kernel allows one, and in any case with
# every http(s) request sent to a closed port.
cat > "$work/no-network.conf" <<'EOF'
Acquire::http::Proxy "http://127.0.0.1:9";
Acquire::https::Proxy "http://127.0.0.1:9";
Acquire::Retries "0";
EOF
no_network=""
if $sudo unshare --net true 2> /dev/null; then no_network="unshare --net"; fi
if ! $sudo $no_network env APT_CONFIG="$work/no-network.conf" bash "$work/stick with spaces/install.sh" \
     > "$work/bundle.log" 2>&1; then
  cat "$work/bundle.log"
  fail "install.sh from the bundle${no_network:+ (in a network namespace of its own)}"
fi
! grep -q "^\(Get\|Err\|Ign\):.*http" "$work/bundle.log" || { cat "$work/bundle.log"; fail "install.sh asked the network"; }
grep -q "Đã cài xong KiemPhieu $version" "$work/bundle.log" || { cat "$work/bundle.log"; fail "install.sh does not say it is done"; }
[ "$(/usr/bin/kiemphieu-cli --version)" = "kiemphieu-cli $version" ] || fail "kiemphieu-cli after install.sh"
[ -f /usr/share/applications/vn.kiemphieu.KiemPhieu.desktop ] || fail "the desktop file after install.sh"

# 4. Removed again (and by the trap, should anything above fail).
purge
debs=$(find "$bundle" -name '*.deb' | wc -l)
echo "package: installed from /usr/bin and purged clean; the bundle ($debs .debs, $(du -sm "$bundle" | cut -f1) MB) installs with no network"
