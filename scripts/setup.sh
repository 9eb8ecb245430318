#!/usr/bin/env bash
# Installs what building and testing SSP needs, then prints the environment to use.
#
#   eval "$(scripts/setup.sh)"
#
# Idempotent and quiet when there is nothing to do (progress goes to stderr, the exports to
# stdout). It needs:
#   - protoc (litep2p's build script), a C toolchain, Node.js >= 18 with npm (the e2e test);
#   - with SSP_WITH_BROWSER=1, Debian's chromium and Node.js >= 20.19 (the dashboard's test);
#   - a Rust toolchain that can build the runtime's wasm blob for `wasm32v1-none`:
#       1. the rustup toolchain, if it has the target or `rustup target add` can fetch it;
#       2. otherwise Debian's rustc-web with a prebuilt core/alloc for `wasm32v1-none` in a
#          toolchain directory handed to the wasm builder by WASM_BUILD_TOOLCHAIN
#          (see docs/building.md for why).
# Exits non-zero with a message naming what is missing when neither path can work.
set -euo pipefail

CACHE_DIR="${SSP_CACHE_DIR:-$HOME/.cache/ssp}"
WASM_TARGET=wasm32v1-none

say() { printf 'setup: %s\n' "$*" >&2; }
die() {
	printf 'setup: error: %s\n' "$*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

apt_updated=false
apt_install() {
	command -v apt-get >/dev/null 2>&1 ||
		die "missing $*; install them with your package manager (no apt-get here)"
	say "installing $* with apt-get"
	if [ "$apt_updated" = false ]; then
		as_root apt-get update -qq >&2 || die "apt-get update failed"
		apt_updated=true
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 ||
		die "apt-get install $* failed"
}

# --- system packages -------------------------------------------------------------------------
missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
command -v git >/dev/null 2>&1 || missing+=(git)
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 18 ] || ! command -v npm >/dev/null 2>&1; then
	missing+=(nodejs npm)
fi
# SSP_WITH_BROWSER=1 (scripts/test.sh): the dashboard's build (Vite) and its browser test
# (Debian's Chromium, driven headless by playwright-core; no browser download).
if [ "${SSP_WITH_BROWSER:-0}" = 1 ]; then
	command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
if [ "${SSP_WITH_BROWSER:-0}" = 1 ]; then
	node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
		die "the dashboard's build (Vite 8) needs Node.js >= 20.19, found $(node --version)"
fi

command -v cargo >/dev/null 2>&1 || die "no cargo on PATH: install Rust with rustup first"

# --- wasm toolchain --------------------------------------------------------------------------
rustup_has_target() {
	command -v rustup >/dev/null 2>&1 &&
		rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"
}

# SSP_WASM_ROUTE=debian forces the fallback route (to test it on a machine where rustup works).
if [ "${SSP_WASM_ROUTE:-auto}" != debian ] && { rustup_has_target || { command -v rustup >/dev/null 2>&1 &&
	rustup target add "$WASM_TARGET" >/dev/null 2>&1; }; }; then
	# The normal path: the wasm builder finds the target in the rustup toolchain.
	echo "unset WASM_BUILD_TOOLCHAIN"
else
	# Debian's rustc-web ships the standard library sources; build core/alloc from them.
	debian_pkgs=()
	[ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || debian_pkgs+=(rustc-web cargo-web)
	[ -d /usr/lib/rustlib/src/rust/library ] || debian_pkgs+=(rust-web-src)
	command -v rust-lld >/dev/null 2>&1 || debian_pkgs+=(rust-web-llvm lld-22)
	[ ${#debian_pkgs[@]} -eq 0 ] || apt_install "${debian_pkgs[@]}"
	[ -d /usr/lib/rustlib/src/rust/library ] ||
		die "no wasm target in rustup and no Debian rust-web-src: cannot build the runtime"

	rustc_version=$(/usr/bin/rustc --version | awk '{print $2}')
	toolchain="$CACHE_DIR/wasm-toolchain-$rustc_version"
	wasm_lib="$toolchain/lib/rustlib/$WASM_TARGET/lib"
	if [ ! -f "$toolchain/.complete" ]; then
		say "building core/alloc for $WASM_TARGET with Debian rustc $rustc_version (about 30 s)"
		rm -rf "$toolchain"
		mkdir -p "$toolchain/bin" "$wasm_lib"
		for dir in x86_64-unknown-linux-gnu src etc; do
			ln -s "/usr/lib/rustlib/$dir" "$toolchain/lib/rustlib/$dir"
		done
		printf '#!/bin/sh\nexec /usr/bin/rustc --sysroot "%s" "$@"\n' "$toolchain" >"$toolchain/bin/rustc"
		printf '#!/bin/sh\nexec /usr/bin/cargo "$@"\n' >"$toolchain/bin/cargo"
		chmod +x "$toolchain/bin/rustc" "$toolchain/bin/cargo"

		work=$(mktemp -d)
		trap 'rm -rf "$work"' EXIT
		mkdir -p "$work/src"
		cat >"$work/Cargo.toml" <<-'EOF'
			[package]
			name = "ssp-wasm-sysroot"
			version = "0.0.0"
			edition = "2021"

			[profile.release]
			panic = "abort"
		EOF
		echo '#![no_std]' >"$work/src/lib.rs"
		# embed-bitcode: the runtime blob is linked with LTO, which needs the bitcode section.
		(cd "$work" && env -u RUSTUP_TOOLCHAIN RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
			RUSTFLAGS="-C embed-bitcode=yes" CARGO_TARGET_DIR="$work/target" \
			/usr/bin/cargo build -q --release --target "$WASM_TARGET" -Zbuild-std=core,alloc) >&2 ||
			die "building core/alloc for $WASM_TARGET failed"
		find "$work/target/$WASM_TARGET/release/deps" -name '*.rlib' ! -name 'libssp_wasm_sysroot*' \
			-exec cp {} "$wasm_lib/" \;
		ls "$wasm_lib"/libcore-*.rlib >/dev/null 2>&1 || die "no libcore rlib was produced"
		touch "$toolchain/.complete"
		# Cargo does not fingerprint the sysroot: drop stale wasm builds made with another one.
		rm -rf "${CARGO_TARGET_DIR:-$CACHE_DIR/target}"/*/wbuild/ssp-runtime/target
	fi
	echo "export WASM_BUILD_TOOLCHAIN='$toolchain'"
fi

# The wasm builder finds the workspace's Cargo.lock through this hint when the target dir is
# outside the clone.
echo "export WASM_BUILD_WORKSPACE_HINT='$(cd "$(dirname "$0")/.." && pwd)'"
# One target dir outside the clone, shared by every run on this machine.
echo "export CARGO_TARGET_DIR='${CARGO_TARGET_DIR:-$CACHE_DIR/target}'"
