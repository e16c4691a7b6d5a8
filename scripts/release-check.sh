#!/usr/bin/env bash
# The release check: build the .deb as a user receives it, unpack it into an empty root, check that
# every library the installed binary links comes from a package its `Depends` brings in, then start the
# installed binary: its CLI (version, a demo ledger, the year's Excel ledgers) and its window under Xvfb
# (through tauri-driver, a screenshot of the 工作台 in target/e2e/release-dashboard.png).
# Prints the .deb size and the installed size (figures for docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '== %s\n' "$*"; }
fail() { printf 'release check failed: %s\n' "$*" >&2; exit 1; }

say "building the .deb (release)"
CI=true ui/node_modules/.bin/tauri build --bundles deb
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
deb=$(ls -t target/release/bundle/deb/zhibu_"${version}"_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] || fail "no .deb for version $version in target/release/bundle/deb"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
say "unpacking $deb into an empty root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/zhibu"
[ -x "$bin" ] || fail "the package has no executable usr/bin/zhibu"
[ -f "$root/usr/share/applications/zhibu.desktop" ] || fail "the package has no desktop entry"

say "checking Depends against what the binary links"
depends=$(dpkg-deb -f "$deb" Depends)
[ -n "$depends" ] || fail "the package declares no Depends"
echo "   Depends: $depends"
# Every package the declared dependencies pull in (alternatives and versions dropped).
mapfile -t declared < <(tr ',' '\n' <<<"$depends" | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$')
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances "${declared[@]}" 2>/dev/null | grep -v '^ ' | sed 's/[<>]//g' | sort -u)
missing=0
while read -r lib; do
  [ -n "$lib" ] || continue
  real=$(readlink -f "$lib")
  owner=""
  for candidate in "$lib" "$real" "${lib/#\/lib\//\/usr\/lib\/}" "${real/#\/lib\//\/usr\/lib\/}" \
    "${lib/#\/usr\/lib\//\/lib\/}" "${real/#\/usr\/lib\//\/lib\/}"; do
    owner=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
  done
  if [ -z "$owner" ]; then
    echo "   $lib: no Debian package owns it"; missing=1; continue
  fi
  if ! grep -qx "$owner" <<<"$closure"; then
    echo "   $lib ($owner) is linked but not brought in by Depends"; missing=1
  fi
done < <(ldd "$bin" | awk '/=> \//{print $3} /^\t\//{print $1}')
if ldd "$bin" | grep -q 'not found'; then ldd "$bin" | grep 'not found'; fail "libraries not found"; fi
[ "$missing" = 0 ] || fail "the package's Depends do not cover the libraries the binary links"
echo "   every linked library is covered"

say "starting the installed CLI"
got=$("$bin" --version)
[ "$got" = "zhibu $version" ] || fail "zhibu --version printed '$got', expected 'zhibu $version'"
echo "   $got"
db="$work/ledger.db"
"$bin" --db "$db" demo --scale small --today 2026-12-02 >/dev/null
"$bin" --db "$db" about >/dev/null
said=$("$bin" --db "$db" export --year 2026 --out "$work/out" --today 2026-12-02 | grep -c '^已导出')
# Each catalogue entry of the default set is one file: a workbook (.xlsx) or a document (.docx, .ics).
count=$(find "$work/out" -maxdepth 1 -type f \( -name '*.xlsx' -o -name '*.docx' -o -name '*.ics' \) -size +4k | wc -l)
# The default set of the demo's national-profile branch: every ledger but the 评分表 and 备案登记表, and the
# year's Word documents.
[ "$count" -ge 15 ] && [ "$count" = "$said" ] \
  || fail "the installed CLI said it exported $said files and wrote $count; expected the same, at least 15"
echo "   demo ledger made, $count workbooks and documents exported"

say "starting the installed window under Xvfb"
rm -f target/e2e/release-dashboard.png
ZHIBU_E2E_APP="$bin" xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --workspace --test e2e -- --ignored --exact installed_app_opens_on_the_dashboard --test-threads=1
[ -s target/e2e/release-dashboard.png ] || fail "no screenshot of the installed window"

deb_bytes=$(stat -c %s "$deb")
installed_kib=$(dpkg-deb -f "$deb" Installed-Size)
say "release check passed"
awk -v n="$(basename "$deb")" -v b="$deb_bytes" -v k="$installed_kib" \
  'BEGIN { printf "   .deb: %s (%.1f MB); installed size: %.1f MB\n", n, b / 1e6, k * 1024 / 1e6 }'
