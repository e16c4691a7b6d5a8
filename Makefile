# One entry point for people and CI. `make run` starts the app on a dev ledger; `make test` runs everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

DEV_DB ?= $(CURDIR)/.dev/ledger.db
BIN := target/debug/zhibu
UI_STAMP := ui/node_modules/.package-lock.json
CARGO_BIN := $(HOME)/.cargo/bin

.PHONY: help setup setup-test run ui-deps ui build bindings test lint rust-test ui-test e2e release-check manual bench deb clean-dev

help:
	@echo "make run    — 构建并启动桌面程序（开发台账 .dev/ledger.db，首次自动载入示例数据）"
	@echo "make test   — 全部检查与测试（格式、clippy、Rust 测试、绑定漂移、界面类型检查与单元测试、端到端测试）"
	@echo "make deb    — 打包 .deb 安装包（make release-check 另外检查它能安装、启动）"
	@echo "make bench  — 运行基准测试（结果见 docs/benchmarks.md）"
	@echo "make manual — 从真实窗口重新截取使用手册（docs/manual/）的插图"

# What the build, the window and the tests need from the system (Debian packages, Node, tauri-driver):
# installed when missing, otherwise a quick check. `make run` and `make test` call it first.
setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm install --no-audit --no-fund  # not `npm ci`: the registry here lacks other platforms' optional packages
	@touch $(UI_STAMP)

ui-deps: $(UI_STAMP)

ui: ui-deps
	npm --prefix ui run build

build: ui
	cargo build -p zhibu-app

run: setup
	@$(MAKE) --no-print-directory build
	@if [ ! -s "$(DEV_DB)" ]; then mkdir -p "$(dir $(DEV_DB))" && $(BIN) --db "$(DEV_DB)" demo --scale small; fi
	ZHIBU_DB="$(DEV_DB)" $(BIN)

bindings: ui-deps
	ZHIBU_WRITE_BINDINGS=1 cargo test -p zhibu-app --lib bindings -- --quiet

lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

rust-test: ui
	cargo test --workspace

ui-test: ui-deps
	npm --prefix ui test

# The e2e test runs the `zhibu` binary that `cargo test --workspace` builds (CARGO_BIN_EXE_zhibu), with
# the same package selection, so the Tauri stack is compiled once for the tests and once for clippy.
e2e: ui
	@command -v tauri-driver >/dev/null || [ -x "$(CARGO_BIN)/tauri-driver" ] || cargo install tauri-driver --locked
	PATH="$(CARGO_BIN):$$PATH" xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace --test e2e -- --ignored --test-threads=1

# The user manual's screenshots (docs/manual/img), taken from the real window: every screen on the small
# demo, and the committee's and the 困难党员 passages from the tests that build those ledgers.
MANUAL_TESTS = manual_screenshots_of_every_screen receive_three_branch_reports_one_bad \
  settle_a_transfer_after_a_receive mark_a_member_in_difficulty_on_the_roster
manual: setup-test ui
	ZHIBU_MANUAL_SHOTS="$(CURDIR)/docs/manual/img" PATH="$(CARGO_BIN):$$PATH" xvfb-run -a -s "-screen 0 1280x800x24" \
	  cargo test --workspace --test e2e -- --ignored --test-threads=1 $(MANUAL_TESTS)

test: setup-test
	@$(MAKE) --no-print-directory lint rust-test ui-test e2e release-check

# Builds the .deb, unpacks it into an empty root, checks its Depends against what the binary links and
# starts the installed CLI and window (scripts/release-check.sh).
release-check: ui
	scripts/release-check.sh

bench:
	cargo run --release -p zhibu --example bench_package
	benches/roster.sh
	benches/package_cli.sh
	@echo "start-up and memory of the window (needs make deb first): xvfb-run -a benches/startup.sh"

deb: ui
	ui/node_modules/.bin/tauri build --bundles deb

clean-dev:
	rm -rf .dev
