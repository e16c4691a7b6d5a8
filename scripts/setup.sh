#!/usr/bin/env bash
# Installs what zhibu needs to build and run (and, with --test, to be tested) on Debian 12, and nothing
# that is already there. Called by `make run`, `make test` and `.ci/run`; safe to run any number of times:
# when everything is present it only checks (well under a second) and prints nothing but one line.
#
#   scripts/setup.sh          the build and the window: WebKitGTK/GTK headers, a C toolchain, a CJK font,
#                             Node.js check, the UI's npm packages are left to make
#   scripts/setup.sh --test   also what the tests use: rustfmt and clippy, Xvfb, WebKitWebDriver,
#                             tauri-driver, dpkg-deb tools for the release check, LibreOffice Calc
#                             (the exported ledgers recalculated: tests/it/workbooks.rs), procps (kill),
#                             the apt package lists (the release check's apt-cache)
# Checked on a minimal Debian 12 root with only git, make, Rust and Node: scripts/fresh-machine.sh.
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "用法：scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

say() { printf '== %s\n' "$*"; }
fail() { printf '错误：%s\n' "$*" >&2; exit 1; }

# --- Debian packages --------------------------------------------------------------------------
# Why each one is needed, printed when it has to be installed.
declare -A WHY=(
  [build-essential]="C 编译器（SQLite 等随附的 C 代码）"
  [pkg-config]="查找系统库"
  [file]="打包 .deb"
  [libwebkit2gtk-4.1-dev]="窗口里的网页引擎 WebKitGTK（Tauri 构建需要）"
  [libgtk-3-dev]="GTK 窗口库（Tauri 构建需要）"
  [librsvg2-dev]="图标渲染（Tauri 构建需要）"
  [libayatana-appindicator3-dev]="托盘支持（Tauri 构建需要）"
  [libssl-dev]="TLS 库头文件（构建依赖）"
  [libxdo-dev]="键盘模拟库头文件（Tauri 构建需要）"
  [fonts-noto-cjk]="中文字体（界面与截图）"
  [xvfb]="无显示器时运行窗口（端到端测试）"
  [xauth]="Xvfb 的授权工具（端到端测试）"
  [webkit2gtk-driver]="WebKitWebDriver（端到端测试驱动真实窗口）"
  [libreoffice-calc-nogui]="LibreOffice 表格（测试导出的 Excel 台账在 LibreOffice 中重新计算的合计）"
  [libreoffice-writer-nogui]="LibreOffice 文字（测试导出的 Word 文书能打开并转为 PDF）"
  [procps]="kill 与 ps（端到端测试用 kill 停止 tauri-driver；最小系统如 debian:12 容器没有）"
)
packages=(build-essential pkg-config file libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev libxdo-dev fonts-noto-cjk)
if [ "$want_test" = 1 ]; then
  packages+=(xvfb xauth webkit2gtk-driver libreoffice-calc-nogui libreoffice-writer-nogui procps)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

# The release check resolves the .deb's Depends with `apt-cache depends`, which needs the package
# lists: a machine whose lists were removed (container images, `rm -rf /var/lib/apt/lists/*`) gets them.
need_lists=0
if [ "$want_test" = 1 ] && ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then need_lists=1; fi

if [ "${#missing[@]}" -gt 0 ] || [ "$need_lists" = 1 ]; then
  command -v apt-get >/dev/null || fail "缺少系统软件包 ${missing[*]:-（软件包索引）}，本机没有 apt-get，请手动安装"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "需要 root 权限安装 ${missing[*]:-（软件包索引）}，但没有 sudo"
    SUDO="sudo"
    say "需要管理员权限安装系统软件包（sudo 可能会询问密码）"
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    say "安装系统软件包："
    for p in "${missing[@]}"; do printf '   %-30s %s\n' "$p" "${WHY[$p]}"; done
  else
    say "下载软件包索引（apt-get update：发布检查用 apt-cache 核对 .deb 的依赖）"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # The font without its recommends (it would pull a font manager and more); the rest as Debian packs them.
  fonts=(); others=()
  for p in "${missing[@]}"; do
    if [ "$p" = fonts-noto-cjk ]; then fonts+=("$p"); else others+=("$p"); fi
  done
  if [ "${#others[@]}" -gt 0 ]; then $SUDO apt-get install -y -qq "${others[@]}" >/dev/null; fi
  if [ "${#fonts[@]}" -gt 0 ]; then $SUDO apt-get install -y -qq --no-install-recommends "${fonts[@]}" >/dev/null; fi
fi

# --- toolchains -------------------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || fail "需要 Rust 工具链（cargo）：请先按 https://rustup.rs 安装 rustup"
command -v node >/dev/null || fail "需要 Node.js 20.19 或更高版本（构建界面）"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
  || fail "Node.js 版本过低（$(node --version)）：界面构建需要 20.19 或更高版本"
command -v npm >/dev/null || fail "需要 npm（随 Node.js 安装）"

if [ "$want_test" = 1 ]; then
  if command -v rustup >/dev/null; then
    installed=$(rustup component list --installed 2>/dev/null || true)
    for comp in rustfmt clippy; do
      if ! grep -q "^$comp" <<<"$installed"; then
        say "安装 Rust 组件 $comp（格式检查与代码检查）"
        rustup component add "$comp"
      fi
    done
  fi
  if ! command -v tauri-driver >/dev/null; then
    say "安装 tauri-driver（端到端测试通过它驱动真实窗口，编译约需 1–2 分钟）"
    cargo install tauri-driver --locked --quiet
  fi
fi

say "环境已就绪$([ "$want_test" = 1 ] && echo '（含测试工具）' || true)"
