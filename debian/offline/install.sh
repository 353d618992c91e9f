#!/bin/bash
# KiemPhieu — cài đặt không cần mạng / offline installer.
#
#   sudo bash install.sh
#
# Installs KiemPhieu, and the Debian 12 packages it needs that the laptop
# lacks, from this folder alone. The folder is a small apt repository
# (Packages, Release; made by `./dev.sh package`, see
# debian/offline/make-bundle.sh): apt is pointed at a copy of it instead of
# the laptop's own sources, with its own package lists, so nothing is
# downloaded and the laptop's apt settings stay as they are.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

say () {
  printf '%s\n' "$@"
}

# fail VIETNAMESE ENGLISH
fail () {
  say "" "LỖI: $1" "ERROR: $2" "" >&2
  exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1
version=$(sed -n 's/^Label: KiemPhieu offline //p' Release 2>/dev/null)

say "Cài đặt KiemPhieu ${version} từ thư mục này, không cần mạng." \
    "Installing KiemPhieu ${version} from this folder, without a network." ""

if [ "$(id -u)" -ne 0 ]; then
  fail "cần quyền quản trị. Hãy gõ:  sudo bash install.sh
     (máy không có sudo thì gõ:  su -c 'bash install.sh'  rồi nhập mật khẩu của root)" \
       "this needs root. Type:  sudo bash install.sh
       (without sudo:  su -c 'bash install.sh'  and root's password)"
fi

# shellcheck disable=SC1091
. /etc/os-release 2>/dev/null || true
if [ "${ID:-}" != debian ] || [ "${VERSION_ID:-}" != 12 ] || [ "$(dpkg --print-architecture 2>/dev/null)" != amd64 ]; then
  fail "bộ cài này dành cho Debian 12 (bookworm) 64 bit; máy này là ${PRETTY_NAME:-không rõ}." \
       "this bundle is for Debian 12 (bookworm) amd64; this machine is ${PRETTY_NAME:-unknown}."
fi

# Every file as it was made: a copy cut short or a file left behind is
# named before anything is installed.
if [ ! -f SHA256SUMS ] || [ ! -f Packages ] || [ ! -f Release ]; then
  fail "thiếu tệp SHA256SUMS, Packages hoặc Release: hãy chép lại cả thư mục từ máy đã tạo bộ cài." \
       "SHA256SUMS, Packages or Release is missing: copy the whole folder again."
fi
if ! bad=$(sha256sum --check --quiet SHA256SUMS 2>/dev/null); then
  fail "các tệp sau bị thiếu hoặc hỏng khi chép (hãy chép lại cả thư mục từ máy đã tạo bộ cài):
${bad}" \
       "these files are missing or damaged (copy the whole folder again):
${bad}"
fi

# A copy on the laptop's disk: the stick may be mounted without execute
# rights, its path may hold spaces, and apt's download user must read it.
tmp=$(mktemp -d /var/tmp/kiemphieu-offline.XXXXXX) \
  || fail "không tạo được thư mục tạm trong /var/tmp." "cannot make a folder in /var/tmp."
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -p "$tmp/repo" "$tmp/lists/partial" "$tmp/archives/partial"
if ! cp -- ./*.deb Packages Release "$tmp/repo/"; then
  fail "không chép được các gói vào $tmp (ổ đĩa đầy?)." "cannot copy the packages into $tmp (disk full?)."
fi
echo "deb [trusted=yes] file:$tmp/repo ./" > "$tmp/sources.list"
# The laptop's apt update hooks are for its own lists, not this folder's.
cat > "$tmp/apt.conf" <<'EOF'
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
EOF
apt=(apt-get -q -c "$tmp/apt.conf"
     -o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$tmp/lists" -o Dir::Cache::Archives="$tmp/archives"
     -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
     -o Acquire::Languages=none -o Acquire::Check-Date=false -o DPkg::Lock::Timeout=120)

if ! "${apt[@]}" update > "$tmp/update.log" 2>&1; then
  cat "$tmp/update.log" >&2
  fail "apt không đọc được danh sách gói của thư mục này (xem ở trên)." \
       "apt cannot read this folder's package list (see above)."
fi

# An installation cut short earlier must be finished first (what apt would
# refuse with "dpkg was interrupted").
if [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then
  fail "lần cài đặt trước bị ngắt giữa chừng. Hãy gõ:  sudo dpkg --configure -a  rồi chạy lại." \
       "an earlier installation was interrupted. Type:  sudo dpkg --configure -a  and run this again."
fi
# What apt would do, asked first in English (so that its answer can be read
# here whatever the laptop's language): a package the folder lacks is named.
if ! LC_ALL=C.UTF-8 LANGUAGE= "${apt[@]}" -s install kiemphieu > "$tmp/check.log" 2>&1; then
  if grep -q "unmet dependencies\|not installable\|Unable to locate package\|has no installation candidate" "$tmp/check.log"; then
    grep "^ \|^E:" "$tmp/check.log" >&2
    fail "thư mục này thiếu gói mà KiemPhieu cần (tên gói ở trên). Hãy tạo lại bộ cài bằng
     ./dev.sh package trên máy có kho gói Debian 12, rồi chép lại cả thư mục." \
         "this folder lacks a package KiemPhieu needs (named above). Make the bundle again with
       ./dev.sh package on a machine with Debian 12's archive, and copy the whole folder again."
  fi
  cat "$tmp/check.log" >&2
  fail "apt không cài được KiemPhieu (xem thông báo ở trên)." "apt could not install KiemPhieu (see above)."
fi

if ! APT_LISTCHANGES_FRONTEND=none DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y kiemphieu; then
  fail "apt không cài được KiemPhieu (xem thông báo ở trên). Nếu một chương trình cài đặt khác
     đang chạy (ví dụ Phần mềm), hãy đóng nó rồi chạy lại." \
       "apt could not install KiemPhieu (see above). If another package tool is running
       (Software, for instance), close it and run this again."
fi

installed=$(dpkg-query -W -f '${Version}' kiemphieu 2>/dev/null)
if [ -z "$installed" ] || [ ! -x /usr/bin/kiemphieu ]; then
  fail "KiemPhieu chưa được cài (xem thông báo ở trên)." "KiemPhieu is not installed (see above)."
fi
say "" "Đã cài xong KiemPhieu ${installed}." \
    "Mở ứng dụng: bấm Hoạt động (góc trên bên trái), gõ «kiểm phiếu», bấm vào biểu tượng KiểmPhiếu." \
    "Hướng dẫn sử dụng: trong ứng dụng, trình đơn chính → Hướng dẫn sử dụng." \
    "" "Done: KiemPhieu ${installed} is installed. Open it from Activities: type \"kiemphieu\"."
