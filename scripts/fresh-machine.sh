#!/usr/bin/env bash
# A fresh Debian 12 machine in a directory, to check that the README's two commands install what they
# need (issue 17): a fresh clone of the repository in a minimal Debian 12 root, a command run in it as root.
#
#   scripts/fresh-machine.sh [options] [-- COMMAND...]
#     --root DIR   the machine's root (default /work/pristine); made when missing, reused when present
#     --reset      remove the root and make it again from nothing
#     --repo PATH  the git repository to clone (default: the one this script is in)
#     --rev REV    the commit to check out (default HEAD of --repo; a branch, tag or hash)
#     --log FILE   the log (default DIR.logs/YYYYmmdd-HHMMSS.log); every line is timestamped
#     COMMAND      run in the clone (/root/zhibu) by a login shell as root; default: make test
#
#   scripts/fresh-machine.sh --repo /work/main --rev main -- bash .ci/run
#   scripts/fresh-machine.sh -- bash -c 'scripts/setup.sh --test && cd ui && npm install'
#
# What the machine has, and why:
#   * Debian 12 (bookworm) `minbase`, from the host's own apt sources: the smallest Debian 12 system (what
#     the official debian:12 container image has; a server install adds priority-important packages such
#     as procps and netbase on top). What setup.sh makes work here works on any Debian 12 install.
#   * git, make and ca-certificates: the README's instructions are `git clone` and then `make run` /
#     `make test`, so a user has git and make before any of zhibu's scripts can run; ca-certificates is
#     what any HTTPS download needs (rustup's installer, cargo and npm; nodejs depends on it anyway).
#   * /etc/hosts (localhost) and /etc/resolv.conf (the host's), which every installed machine has, and
#     the host's local CA certificates (/usr/local/share/ca-certificates: here the registries are reached
#     through a TLS-intercepting egress) — network configuration, not software.
#   * The machine image's two toolchains, which README and DEVELOPERS.md name as prerequisites, copied
#     as they are and nothing else: Rust (rustup, its default toolchain with its components; not the
#     host's ~/.cargo/registry nor anything `cargo install`ed there, e.g. tauri-driver) and Node 20 (the
#     host's `nodejs` package, NodeSource's build with npm, repacked from the host with dpkg-repack and
#     installed with apt so that its Depends — python3, ca-certificates, libstdc++ — come as on the image).
#     `. "$HOME/.cargo/env"` goes into /root/.profile, as rustup's installer does.
# Everything else — WebKitGTK and GTK headers, the C toolchain, fonts, Xvfb, WebKitWebDriver,
# LibreOffice, tauri-driver, the UI's npm packages, the crates — must come from scripts/setup.sh and make.
#
# Each run: a fresh clone (git inside the root clones the host repository, mounted read-only) at
# /root/zhibu, replacing the previous one; /proc, /sys, /dev, /dev/pts, a new /dev/shm and a tmpfs /tmp
# mounted in a private mount and PID namespace (they and every process the command left behind go away
# when it ends; the trap also unmounts them). The root keeps what earlier runs installed (apt packages,
# ~/.cargo/registry, ~/.npm, tauri-driver): use --reset for a machine that has seen nothing.
# Runs on the host as root (mounts, chroot); needs mmdebstrap and dpkg-repack (apt-installed if missing).
set -euo pipefail

default_root=/work/pristine
script_dir=$(cd "$(dirname "$0")" && pwd)
self="$script_dir/$(basename "$0")"
SUITE=bookworm
CLONE=/root/zhibu
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die() { printf 'fresh-machine: %s\n' "$*" >&2; exit 1; }
say() { printf '== %s\n' "$*"; }

# ----------------------------------------------------------------------------------------------
# Inside the private namespaces (re-entered by the outer part): mount, clone, run, unmount.
if [ "${1:-}" = --inner ]; then
  shift
  root=$1 gitdir=$2 sha=$3
  shift 3
  mounted=()
  cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
      umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
    done
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mnt() { # mnt TARGET mount-args...
    local target=$1
    shift
    mkdir -p "$target"
    mount "$@" "$target"
    mounted+=("$target")
  }
  mnt "$root/proc" -t proc proc
  mnt "$root/sys" -t sysfs sysfs
  mnt "$root/dev" --bind /dev
  mnt "$root/dev/pts" --bind /dev/pts
  mnt "$root/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev shm
  mnt "$root/tmp" -t tmpfs -o mode=1777,nosuid,nodev tmp
  mnt "$root/mnt/source.git" --bind "$gitdir"
  mount -o remount,bind,ro "$root/mnt/source.git"
  cat /etc/resolv.conf >"$root/etc/resolv.conf"

  extra_env=()
  in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 \
      TERM="${TERM:-dumb}" PATH="$STD_PATH" "${extra_env[@]}" "$@"
  }
  # The host's local CA certificates (here: the TLS-intercepting egress to the registries) are network
  # configuration like resolv.conf: trusted in the root too (system store for cargo, git, curl; Node
  # does not read the system store, hence NODE_EXTRA_CA_CERTS). Nothing is done on a host without any.
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    rm -rf "$root/usr/local/share/ca-certificates"
    cp -a /usr/local/share/ca-certificates "$root/usr/local/share/"
    in_root update-ca-certificates --fresh >/dev/null 2>&1
    extra_env=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
    say "trusting the host's local CA certificates: $(cd /usr/local/share/ca-certificates && echo *.crt)"
  fi
  say "fresh clone of $sha into $CLONE"
  t0=$SECONDS
  rm -rf "$root$CLONE"
  in_root git clone --quiet --no-local /mnt/source.git "$CLONE"
  if ! in_root git -C "$CLONE" checkout --quiet --detach "$sha" 2>/dev/null; then
    in_root git -C "$CLONE" fetch --quiet origin "$sha"
    in_root git -C "$CLONE" checkout --quiet --detach "$sha"
  fi
  in_root git -C "$CLONE" log -1 --format='   %h %s'
  say "clone: $((SECONDS - t0)) s"

  say "running in the root: $*"
  t0=$SECONDS
  set +e
  in_root /bin/bash -lc 'cd "$0" && exec "$@"' "$CLONE" "$@"
  rc=$?
  set -e
  say "command: $((SECONDS - t0)) s, exit status $rc"
  exit "$rc"
fi

# ----------------------------------------------------------------------------------------------
# Outside: options, the root, the log.
root=$default_root reset=0 repo="" rev=HEAD log=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root=$2; shift 2 ;;
    --reset) reset=1; shift ;;
    --repo) repo=$2; shift 2 ;;
    --rev) rev=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[ $# -gt 0 ] || set -- make test
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, mounts, chroot)"
root=$(realpath -m "$root")
case "$root" in /|/usr|/usr/*|/etc|/etc/*|/root|/home|/work|/tmp|/var) die "refusing root dir $root" ;; esac
[ -n "$repo" ] || repo=$(git -C "$script_dir" rev-parse --show-toplevel)
gitdir=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir)
sha=$(git -C "$repo" rev-parse --verify "$rev^{commit}") || die "no commit $rev in $repo"
[ -n "$log" ] || log="$root.logs/$(date -u +%Y%m%d-%H%M%S).log"
mkdir -p "$(dirname "$log")"

# Every line timestamped (wall clock and seconds since the start), to the terminal and the log.
stamp() {
  local line start=$SECONDS
  while IFS= read -r line; do
    printf '%(%H:%M:%S)T +%4ds  %s\n' -1 $((SECONDS - start)) "$line"
  done | tee -a "$log"
}

mounts_under() { awk -v r="$1" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/self/mounts; }

bootstrap() {
  local partial="$root.partial" work t0
  for tool in mmdebstrap dpkg-repack; do
    if ! command -v "$tool" >/dev/null; then
      say "installing $tool on the host"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
    fi
  done
  [ -z "$(mounts_under "$partial")" ] || die "something is mounted under $partial"
  rm -rf "$partial"

  # The host's Debian sources (deb822 or one-line format), so the root uses the same mirror.
  local sources=()
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
    [ -s "$f" ] && grep -qE '^[^#]*(debian\.org|debian)' "$f" && grep -qE "^[^#]*\b$SUITE\b" "$f" && sources+=("$f")
  done
  [ ${#sources[@]} -gt 0 ] || die "no Debian $SUITE apt source on the host"
  say "debootstrap: Debian $SUITE minbase + git, make, ca-certificates from ${sources[*]}"
  t0=$SECONDS
  mmdebstrap --quiet --variant=minbase --include=git,make,ca-certificates "$SUITE" "$partial" "${sources[@]}"
  say "debootstrap: $((SECONDS - t0)) s"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tfresh-debian\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
    >"$partial/etc/hosts"
  echo fresh-debian >"$partial/etc/hostname"

  say "Rust: the machine image's rustup and default toolchain"
  t0=$SECONDS
  local rustup_home=${RUSTUP_HOME:-/root/.rustup} cargo_home=${CARGO_HOME:-/root/.cargo} tc
  tc=$(RUSTUP_HOME=$rustup_home "$cargo_home/bin/rustup" default | awk '{print $1}')
  [ -d "$rustup_home/toolchains/$tc" ] || die "no toolchain $tc in $rustup_home"
  mkdir -p "$partial/root/.rustup/toolchains" "$partial/root/.rustup/update-hashes" "$partial/root/.cargo/bin"
  cp -a "$rustup_home/settings.toml" "$partial/root/.rustup/"
  [ -e "$rustup_home/update-hashes/$tc" ] && cp -a "$rustup_home/update-hashes/$tc" "$partial/root/.rustup/update-hashes/"
  cp -a "$rustup_home/toolchains/$tc" "$partial/root/.rustup/toolchains/"
  for l in "$rustup_home"/toolchains/*; do # aliases of the default toolchain (e.g. 1.95.0 -> stable)
    [ -L "$l" ] && [ "$(basename "$(readlink "$l")")" = "$tc" ] \
      && ln -s "/root/.rustup/toolchains/$tc" "$partial/root/.rustup/toolchains/$(basename "$l")"
  done
  cp -a "$cargo_home/bin/rustup" "$partial/root/.cargo/bin/"
  for b in "$cargo_home"/bin/*; do # rustup's proxies only, not what `cargo install` put there
    [ -L "$b" ] && [ "$(readlink "$b")" = rustup ] && cp -a "$b" "$partial/root/.cargo/bin/"
  done
  cp -a "$cargo_home"/env* "$partial/root/.cargo/" 2>/dev/null || true
  [ -f "$partial/root/.cargo/env" ] || die "no $cargo_home/env to copy"
  for rc in .profile .bashrc; do printf '. "$HOME/.cargo/env"\n' >>"$partial/root/$rc"; done
  say "Rust: $(du -sh "$partial/root/.rustup" | cut -f1) ($tc), $((SECONDS - t0)) s"

  say "Node: the host's nodejs package ($(dpkg-query -W -f='${Version}' nodejs))"
  t0=$SECONDS
  work=$(mktemp -d)
  local version deb
  version=$(dpkg-query -W -f='${Version}' nodejs)
  deb=$(ls /var/cache/apt/archives/nodejs_"${version//:/%3a}"_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    (cd "$work" && dpkg-repack --deb-option=-Znone nodejs >/dev/null 2>&1)
    deb=$(ls "$work"/nodejs_*.deb)
  fi
  cp "$deb" "$partial/tmp/nodejs.deb"
  rm -rf "$work"
  mount -t proc proc "$partial/proc"
  mount --bind /dev/pts "$partial/dev/pts"
  chroot "$partial" /usr/bin/env -i PATH="$STD_PATH" DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/nodejs.deb >/dev/null && rm /tmp/nodejs.deb && apt-get clean && rm -rf /var/lib/apt/lists/*' \
    || { umount "$partial/proc" "$partial/dev/pts"; die "installing nodejs in the root failed"; }
  umount "$partial/proc" "$partial/dev/pts"
  # The image's npm is not the package's: it was upgraded in place (npm install -g npm), so its tree is
  # copied over the package's, as are any other global modules and their links in /usr/bin.
  rm -rf "$partial/usr/lib/node_modules"
  cp -a /usr/lib/node_modules "$partial/usr/lib/"
  for b in /usr/bin/*; do
    [ -L "$b" ] && [[ "$(readlink "$b")" == ../lib/node_modules/* ]] && cp -a "$b" "$partial/usr/bin/"
  done
  say "Node: $(chroot "$partial" node --version), npm $(chroot "$partial" /usr/bin/env PATH="$STD_PATH" npm --version), $((SECONDS - t0)) s"

  {
    echo "made by scripts/fresh-machine.sh on $(date -u '+%F %T') UTC"
    echo "Debian $SUITE minbase + git make ca-certificates; Rust $tc (rustup); nodejs $version"
  } >"$partial/etc/fresh-machine"
  mv "$partial" "$root"
  say "root ready: $root ($(du -sh "$root" | cut -f1))"
}

main() {
  set -euo pipefail
  local t0=$SECONDS
  say "fresh machine at $root; repository $repo at $rev ($sha); log $log"
  if [ "$reset" = 1 ] && [ -e "$root" ]; then
    [ -z "$(mounts_under "$root")" ] || die "something is still mounted under $root: $(mounts_under "$root" | tr '\n' ' ')"
    say "--reset: removing $root"
    rm -rf "$root"
  fi
  if [ ! -f "$root/etc/fresh-machine" ]; then
    [ ! -e "$root" ] || die "$root exists but was not made by this script (no etc/fresh-machine); use --reset"
    bootstrap
  else
    say "reusing $root: $(head -1 "$root/etc/fresh-machine")"
  fi
  local rc=0
  unshare --mount --pid --fork --propagation private -- "$self" --inner "$root" "$gitdir" "$sha" "$@" || rc=$?
  say "total: $((SECONDS - t0)) s ($(date -u -d@$((SECONDS - t0)) +%H:%M:%S)), exit status $rc"
  return "$rc"
}

set +e
main "$@" 2>&1 | stamp
rc=${PIPESTATUS[0]}
exit "$rc"
