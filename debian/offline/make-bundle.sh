#!/bin/bash
# make-bundle.sh DEB BUNDLE CACHE — the offline bundle (./dev.sh package runs it).
#
# BUNDLE becomes a folder to copy to a USB stick: DEB, the Debian 12 packages
# it needs, a Packages index and Release file (the folder is a small apt
# repository), SHA256SUMS, install.sh and HUONG-DAN-CAI-DAT.txt. On the
# laptop, `sudo bash install.sh` installs KiemPhieu from it with no network.
# CACHE keeps downloaded packages between runs.
#
# Which packages. apt itself resolves every dependency (alternatives,
# virtual packages, versions), from Debian 12's archive as this machine's
# apt lists know it (only lists whose origin is Debian and codename
# bookworm*), never from what this machine has installed:
#
#  1. What the bundle carries: the whole closure of DEB, i.e. what
#     `apt-get install DEB` would install on a system with nothing
#     installed (an empty dpkg status), Recommends included. install.sh asks
#     apt for kiemphieu with the bundle as the only source, so apt takes from
#     it only what the laptop lacks. Carrying the whole closure (when unsure,
#     include: an extra .deb costs little, a missing one breaks the install)
#     also covers a laptop set up without recommends, from an older 12.x
#     disc and never updated, or with another desktop.
#  2. What a stock desktop lacks, as a check: a stock Debian 12 GNOME
#     install is modelled as what apt would install on an empty system for
#     task-gnome-desktop plus every package of Priority required, important
#     and standard, Recommends left out (fewer packages assumed present, so
#     more needed). That set, written as a fake dpkg status, is what
#     install.sh's own apt command is simulated against, with the bundle as
#     its only source: it must succeed. The packages it installs are
#     printed ("a stock GNOME desktop lacks: …").
set -euo pipefail

deb=$(realpath "$1")
bundle=$2
cache=$3
here=$(dirname "$(realpath "$0")")
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Debian 12's archive only (apt-get update has been run by dev.sh).
apt-get indextargets --format '$(ORIGIN)|$(CODENAME)|$(CREATED_BY)|$(TARGET_OF)|$(REPO_URI)|$(RELEASE)|$(COMPONENT)|$(FILENAME)' \
  | awk -F'|' '$1 == "Debian" && $2 ~ /^bookworm/ && $3 == "Packages" && $4 == "deb"' > "$work/targets"
if [ ! -s "$work/targets" ]; then
  echo "make-bundle: apt knows no Debian 12 (bookworm) package list here: run apt-get update" >&2
  exit 1
fi
awk -F'|' '{ print "deb " $5 " " $6 " " $7 }' "$work/targets" | sort -u > "$work/debian.list"
apt_options=(-o Dir::Etc::SourceList="$work/debian.list" -o Dir::Etc::SourceParts=/dev/null
             -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Debug::NoLocking=1)
apt_debian=(apt-get -q "${apt_options[@]}")

# "Inst name (version … [arch])" lines of a simulation as name:arch=version.
installed_by () {
  awk '/^Inst / { v = $3; sub(/^\(/, "", v)
                  if (match($0, /\[[a-z0-9]+\]\)/)) a = substr($0, RSTART + 1, RLENGTH - 3)
                  print $2 ":" a "=" v }'
}

# 1. The closure of DEB on an empty system.
: > "$work/empty-status"
"${apt_debian[@]}" -s -o Dir::State::status="$work/empty-status" -o APT::Install-Recommends=true \
  install "$deb" > "$work/closure.sim"
installed_by < "$work/closure.sim" | grep -v '^kiemphieu:' > "$work/closure"

mkdir -p "$cache"
# shellcheck disable=SC2046
(cd "$cache" && "${apt_debian[@]}" download $(cat "$work/closure")) > "$work/download.log" 2>&1 \
  || { cat "$work/download.log" >&2; exit 1; }

rm -rf "$bundle"
mkdir -p "$bundle"
cp "$deb" "$bundle/"
while IFS= read -r entry; do
  name=${entry%%:*}
  rest=${entry#*:}
  pkg_arch=${rest%%=*}
  pkg_version=${rest#*=}
  # apt-get download writes an epoch's ':' as %3a (FAT sticks take no ':').
  file="${name}_${pkg_version//:/%3a}_${pkg_arch}.deb"
  if [ ! -f "$cache/$file" ]; then
    echo "make-bundle: $file was not downloaded" >&2
    exit 1
  fi
  cp "$cache/$file" "$bundle/"
done < "$work/closure"

# The folder as an apt repository: Packages and an unsigned Release
# (install.sh trusts the folder it was run from, whose SHA256SUMS it checks).
(cd "$bundle" && dpkg-scanpackages --multiversion . /dev/null > Packages 2> "$work/scan.log")
{
  echo "Origin: KiemPhieu"
  echo "Label: KiemPhieu offline $version"
  echo "Suite: offline"
  echo "Date: $(date -Ru ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH})"
  echo "SHA256:"
  printf ' %s %s Packages\n' "$(sha256sum "$bundle/Packages" | cut -d' ' -f1)" "$(stat -c %s "$bundle/Packages")"
} > "$bundle/Release"
cp "$here/install.sh" "$bundle/install.sh"
chmod 755 "$bundle/install.sh"
sed "s/@VERSION@/$version/g" "$here/HUONG-DAN-CAI-DAT.txt" > "$bundle/HUONG-DAN-CAI-DAT.txt"
(cd "$bundle" && sha256sum -- *.deb Packages Release install.sh HUONG-DAN-CAI-DAT.txt > SHA256SUMS)

# 2. The check against a stock Debian 12 GNOME desktop.
while IFS='|' read -r _ _ _ _ _ _ _ filename; do
  /usr/lib/apt/apt-helper cat-file "$filename"
done < "$work/targets" \
  | awk -v RS= -F'\n' '{ p = ""; pr = ""
                         for (i = 1; i <= NF; i++) {
                           if ($i ~ /^Package: /) p = substr($i, 10)
                           else if ($i ~ /^Priority: /) pr = substr($i, 11)
                         }
                         if (pr == "required" || pr == "important" || pr == "standard") print p }' \
  | sort -u > "$work/priority"
# shellcheck disable=SC2046
"${apt_debian[@]}" -s -o Dir::State::status="$work/empty-status" -o APT::Install-Recommends=false \
  install task-gnome-desktop $(cat "$work/priority") > "$work/desktop.sim"
installed_by < "$work/desktop.sim" > "$work/desktop"
# shellcheck disable=SC2046
apt-cache "${apt_options[@]}" show $(cat "$work/desktop") \
  | awk '/^Package: / { print; print "Status: install ok installed"; next } { print }' > "$work/desktop-status"

echo "deb [trusted=yes] file:$(realpath "$bundle") ./" > "$work/bundle.list"
mkdir -p "$work/lists/partial"
apt_bundle=(apt-get -q -o Dir::Etc::SourceList="$work/bundle.list" -o Dir::Etc::SourceParts=/dev/null
            -o Dir::State::Lists="$work/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
            -o Debug::NoLocking=1 -o Acquire::Languages=none -o Acquire::Check-Date=false)
"${apt_bundle[@]}" update > "$work/bundle-update.log" 2>&1 || { cat "$work/bundle-update.log" >&2; exit 1; }
if ! "${apt_bundle[@]}" -s -o Dir::State::status="$work/desktop-status" install kiemphieu \
     > "$work/stock.sim" 2>&1; then
  echo "make-bundle: on a stock Debian 12 GNOME desktop, the bundle alone cannot install kiemphieu:" >&2
  cat "$work/stock.sim" >&2
  exit 1
fi
lacks=$(installed_by < "$work/stock.sim" | grep -v '^kiemphieu:' | cut -d: -f1 | tr '\n' ' ')

debs=$(find "$bundle" -name '*.deb' | wc -l)
size=$(du -sm "$bundle" | cut -f1)
echo "bundle: $bundle: $debs .debs, $size MB; a stock GNOME desktop ($(wc -l < "$work/desktop") packages) lacks: ${lacks% }"
