#!/usr/bin/env bash
# Makes Debian's headless Chromium and its WebDriver available for the browser tests (the compliance report's HTML
# is opened in it) and prints the chromedriver path on its last line; the browser's path is on the line before.
#
# Installs the `chromium` and `chromium-driver` packages with apt-get when they are missing, which needs root and
# the Debian mirror (as in CI); nothing is downloaded from elsewhere.
set -euo pipefail

die() {
  echo "chromium: $*" >&2
  exit 1
}

if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "chromium and chromium-driver are not installed; run 'sudo apt-get install -y chromium chromium-driver'"
  command -v apt-get >/dev/null 2>&1 || die "apt-get is missing; install chromium and its chromedriver by hand"
  echo "chromium: installing Debian's chromium and chromium-driver" >&2
  # Output goes to stderr so that the last lines of stdout stay the paths.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) 1>&2 \
    || die "apt-get could not install chromium chromium-driver"
fi

command -v chromium
command -v chromedriver
