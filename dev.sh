#!/bin/bash
# KiemPhieu's two set-up commands (see README.md):
#
#   ./dev.sh run    install what is missing, build, run on the demo congress
#   ./dev.sh test   install what is missing, build, run every test
#
# and, to install on a counting laptop (README.md, "Cài đặt cho đại hội"):
#
#   ./dev.sh package   the Debian package and the offline bundle
#
# Debian 12. Run as root or as a user who may use sudo.
set -euo pipefail
cd "$(dirname "$0")"

# Build and run: the engine's libraries.
PACKAGES="gcc meson ninja-build pkg-config libglib2.0-dev libjson-glib-dev libicu-dev libcsv-dev libsqlite3-dev libhpdf-dev libqrencode-dev libfontconfig-dev fonts-liberation2 libssl-dev libzip-dev libgtk-4-dev libadwaita-1-dev gettext libseccomp-dev libleptonica-dev libzbar-dev libpoppler-glib-dev libsane-dev"
# Tests only.
TEST_PACKAGES="clang libclang-rt-14-dev poppler-utils 7zip openssl xvfb xauth dbus locales desktop-file-utils appstream strace util-linux"
# The Debian package and the offline bundle (`./dev.sh package`).
PACKAGE_PACKAGES="debhelper dpkg-dev lintian help2man locales python3 shared-mime-info man-db"

install_missing () {
  missing=""
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
      missing="$missing $p"
    fi
  done
  if [ -z "$missing" ]; then return 0; fi
  echo "dev.sh: installing$missing"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
}

# Vietnamese UI needs the vi_VN locale (generated once, as root).
vietnamese_locale () {
  if ! locale -a 2>/dev/null | grep -qi '^vi_VN.utf-\?8$'; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo localedef -i vi_VN -f UTF-8 vi_VN.UTF-8 || echo "dev.sh: could not generate vi_VN.UTF-8; the UI will be in English"
  fi
}

build () {
  if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=debugoptimized
  fi
  meson compile -C build
}

# The README's run command's workflow on the demo congress (`test` runs it
# as `./dev.sh demo`, so CI sees it work).
demo () {
  # The demo congress counted on the command line: a fresh congress file,
  # every ballot of data/demo entered, the results printed for a person, the
  # journal verified, bch confirmed, signed, exported and archived, the
  # documents printed.
  cli=build/app/kiemphieu-cli
  congress=build/demo/daihoi.kiemphieu
  mkdir -p build/demo
  rm -f "$congress" "$congress-wal" "$congress-shm"
  $cli new "$congress" --definition data/demo/daihoi.json --operator "Nguyễn Văn Kỹ"
  for csv in data/demo/*.csv; do
    $cli enter "$congress" --election "$(basename "$csv" .csv)" --pass A --operator "Trần Thị Nhập" \
      --ballots "$csv"
    # The committee's count of the ballots taken out of the box (R-RECON-1):
    # here, the demo's rows.
    $cli collected "$congress" "$(tail -n +2 "$csv" | grep -c .)" --election "$(basename "$csv" .csv)" \
      --operator "Lê Văn Tùng"
  done
  for csv in data/demo/*.csv; do
    echo
    $cli results "$congress" --election "$(basename "$csv" .csv)" --text
  done
  echo
  $cli journal "$congress" --verify
  # The demo's head passphrase and archive password are written to files
  # here for the demo only; a real congress types them at the prompt.
  echo "demo: Trưởng ban kiểm phiếu: cây đa bến nước sân đình" > build/demo/passphrase.txt
  echo "demo-tre-nguon-khoi-buom-sang-dieu-non-manh" > build/demo/password.txt
  $cli keys "$congress" --init --passphrase-file build/demo/passphrase.txt --operator "Lê Văn Tùng" \
    --sheet build/demo/phieu-khoa.pdf
  # A development machine is usually on a network; the air-gap check would
  # refuse to sign (docs/security.md), so the demo records why it
  # signs anyway. The override lands in the journal only when connected.
  $cli confirm "$congress" --election bch --passphrase-file build/demo/passphrase.txt --operator "Lê Văn Tùng" \
    --override-network "đại hội mẫu trên máy phát triển (dev.sh run)"
  rm -rf build/demo/ketqua-bch build/demo/usb
  $cli export "$congress" --election bch --dir build/demo/ketqua-bch
  mkdir -p build/demo/usb
  $cli archive "$congress" --to build/demo/usb --password-file build/demo/password.txt --sheet build/demo/phieu-mat-khau.pdf
  $cli minutes "$congress" --election bch -o build/demo/bienban-bch.pdf
  $cli ballots "$congress" --election bch --copies 2 -o build/demo/phieu-bch.pdf
  $cli journal "$congress" -o build/demo/nhatky.pdf
  $cli summary "$congress" -o build/demo/tonghop.pdf
  echo
  echo "The demo congress file is $congress; its documents are in build/demo/."
  echo "Try: $cli show $congress"
}

# The Debian package (debian/: debhelper compat 13, meson) and the offline
# bundle for a counting laptop without a network (debian/offline/): see
# README.md, "Cài đặt cho đại hội". Needs Debian's archive (apt) on this
# machine, nothing else from the network.
package () {
  local started version changelog arch out deb bundle
  started=$(date +%s)
  version=$(meson introspect --projectinfo meson.build | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
  changelog=$(dpkg-parsechangelog -S Version)
  if [ "$changelog" != "$version" ]; then
    echo "dev.sh: meson.build says version $version, debian/changelog $changelog: add a debian/changelog entry for $version" >&2
    exit 1
  fi
  arch=$(dpkg --print-architecture)
  out=build/package
  deb=$out/kiemphieu_${version}_${arch}.deb
  bundle=build/bundle/kiemphieu-offline-$version

  # Built from a copy of the source as git sees it (committed or not,
  # without what .gitignore leaves out): dpkg-buildpackage writes next to
  # the source folder.
  rm -rf "$out/src" "$deb"
  mkdir -p "$out/src/kiemphieu-$version"
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2> /dev/null
  else
    tar --exclude=./build --exclude=./build-asan --exclude=./build-fuzz --exclude=./_build -cf - .
  fi | tar -xf - -C "$out/src/kiemphieu-$version"
  # nocheck: the suites are `./dev.sh test`'s (without it, debian/rules
  # runs those that need no display); no -dbgsym package.
  echo "package: building kiemphieu $version ($out/build.log)"
  if ! (cd "$out/src/kiemphieu-$version" \
        && DEB_BUILD_OPTIONS="nocheck noautodbgsym ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -b -us -uc) > "$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log"
    echo "package: dpkg-buildpackage FAILED, see $out/build.log" >&2
    exit 1
  fi
  mv "$out/src/kiemphieu_${version}_${arch}.deb" "$deb"
  rm -rf "$out/src"

  # lintian: errors fail the package; warnings and notes are printed.
  if ! lintian --fail-on error --display-info "$deb" > "$out/lintian.log" 2>&1; then
    cat "$out/lintian.log"
    echo "package: lintian found errors in $deb" >&2
    exit 1
  fi
  echo "package: $deb, $(du -k "$deb" | cut -f1) kB; lintian: $(grep -c '^E:' "$out/lintian.log") errors, $(grep -c '^W:' "$out/lintian.log") warnings, $(grep -c '^[IP]:' "$out/lintian.log") notes ($out/lintian.log)"

  debian/offline/make-bundle.sh "$deb" "$bundle" "$out/cache"
  echo "package: done in $(( $(date +%s) - started )) s. Copy $bundle to a USB stick; on the laptop: sudo bash install.sh"
}

case "${1:-}" in
  run)
    install_missing $PACKAGES
    build
    demo
    # The desktop app on the demo congress, in Vietnamese, when there is a display.
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      vietnamese_locale
      LANG=vi_VN.UTF-8 KP_LOCALEDIR="$PWD/build/po" KP_DEMO_DIR="$PWD/data/demo" KP_DOC_DIR="$PWD/docs" build/app/kiemphieu "$congress"
    else
      echo "(no display: the desktop app is build/app/kiemphieu $congress)"
    fi
    ;;
  test)
    install_missing $PACKAGES $TEST_PACKAGES
    vietnamese_locale
    build
    status=0
    : > build/test-output.txt
    # 1. The whole suite. The UI tests need a display and a session bus:
    #    Xvfb and a private bus.
    dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1200x24" \
      meson test -C build --print-errorlogs 2>&1 | tee -a build/test-output.txt || status=$?

    # 2. The whole suite again under AddressSanitizer and
    #    UndefinedBehaviorSanitizer (leak reports off: GTK and fontconfig
    #    keep caches for the life of the process).
    if [ ! -f build-asan/build.ninja ]; then
      meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false
    fi
    meson compile -C build-asan
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1200x24" \
      meson test -C build-asan --print-errorlogs 2>&1 | tee -a build/test-output.txt || status=$?

    # 3. The fuzzers (libFuzzer, clang), a bounded time each on the seeds
    #    and the regressions. A crash leaves its input in build-fuzz/crashes:
    #    copy it to fuzz/regressions/ and fix the bug.
    if [ ! -f build-fuzz/build.ninja ]; then
      CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
    fi
    meson compile -C build-fuzz fuzz/fuzz-definition fuzz/fuzz-ballots fuzz/fuzz-congress fuzz/fuzz-archive
    mkdir -p build-fuzz/crashes
    fuzz_ok=0
    fuzz_failed=0
    for target in definition ballots congress archive; do
      corpus=$(mktemp -d)
      case $target in
        definition) cp data/demo/daihoi.json "$corpus/"; for d in tests/fixtures/*/; do cp "$d/definition.json" "$corpus/$(basename "$d").json"; done ;;
        ballots) cp data/demo/*.csv "$corpus/"; for d in tests/fixtures/*/; do cp "$d/ballots.csv" "$corpus/$(basename "$d").csv"; done ;;
        *) cp fuzz/corpus/$target/* "$corpus/" ;;
      esac
      if ASAN_OPTIONS=detect_leaks=0 "build-fuzz/fuzz/fuzz-$target" "$corpus" fuzz/regressions \
           -max_total_time="${KP_FUZZ_SECONDS:-20}" -rss_limit_mb=4096 -timeout=30 \
           -artifact_prefix=build-fuzz/crashes/ > "build-fuzz/fuzz-$target.log" 2>&1; then
        echo "fuzz-$target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "build-fuzz/fuzz-$target.log")"
        fuzz_ok=$((fuzz_ok + 1))
      else
        echo "fuzz-$target: FAILED, see build-fuzz/fuzz-$target.log and build-fuzz/crashes/"
        tail -n 30 "build-fuzz/fuzz-$target.log"
        fuzz_failed=$((fuzz_failed + 1))
        status=1
      fi
      rm -rf "$corpus"
    done

    # 4. The run command's demo workflow (without the app).
    # (its own process: `set -e` does not hold inside an `if`)
    if ./dev.sh demo > build/demo.log 2>&1; then
      echo "demo: the run command's workflow works (build/demo.log)"
      fuzz_ok=$((fuzz_ok + 1))
    else
      echo "demo: FAILED, see build/demo.log"
      tail -n 30 build/demo.log
      fuzz_failed=$((fuzz_failed + 1))
      status=1
    fi

    # 5. The Debian package and the offline bundle (./dev.sh package), then
    #    tests/test-package.sh: installed and used from /usr/bin, purged
    #    clean, and the bundle's install.sh with no network (as root or sudo).
    if ./dev.sh package > build/package.log 2>&1 && tests/test-package.sh >> build/package.log 2>&1; then
      echo "$(tail -n 1 build/package.log) (build/package.log)"
      fuzz_ok=$((fuzz_ok + 1))
    else
      echo "package: FAILED, see build/package.log"
      tail -n 30 build/package.log
      fuzz_failed=$((fuzz_failed + 1))
      status=1
    fi

    ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' build/test-output.txt | awk '{ s += $1 } END { print s + 0 }')
    failed=$(sed -n 's/^\(Fail\|Timeout\): *\([0-9]*\).*/\2/p' build/test-output.txt | awk '{ s += $1 } END { print s + 0 }')
    echo "tests: $(( ${ok:-0} + fuzz_ok )) passed, $(( ${failed:-0} + fuzz_failed )) failed"
    exit $status
    ;;
  demo)
    demo
    ;;
  package)
    install_missing $PACKAGES $PACKAGE_PACKAGES
    package
    ;;
  *)
    echo "usage: ./dev.sh run | test | package" >&2
    exit 1
    ;;
esac
