#!/usr/bin/env bash
# One entry for people and CI: sets everything up, then runs what was asked.
#   ./kiosk.sh demo [ARGS]   set up and start the kiosk demo
#   ./kiosk.sh test [ARGS]   set up, run the whole test suite, then build and smoke-test the
#                            one-folder build (only when pytest passed); with ARGS (they go
#                            to pytest) only those tests run
#   ./kiosk.sh build         set up and build the one-folder kiosk into build/out/dist/kiosk
#   ./kiosk.sh setup         set up only
#   ./kiosk.sh kiosk ARGS    set up and run any `kiosk` subcommand
#   ./kiosk.sh bench [ARGS]  set up and run the benchmarks into docs/benchmarks.md (bench/run.py)
# Safe to run again: a second run with everything present only checks and starts.
set -euo pipefail
cd "$(dirname "$0")"
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1
UV_VERSION=0.13.9
TOOLS=.tools

say() { printf '==> %s\n' "$*"; }

# Libraries Qt, OpenCV and mediapipe load at run time, Qt's virtual keyboard (libpulse0), speech
# (espeak-ng) and the PostgreSQL server the server tests start; systemd (systemd-analyze and
# systemd-sysusers check build/deploy), and the cage compositor with Xwayland the kiosk runs in.
APT_PACKAGES=(libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libnss3 libasound2 libusb-1.0-0 espeak-ng postgresql systemd cage xwayland)

system_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "missing system packages: ${missing[*]}"
    say "install them with: sudo apt-get install -y ${missing[*]}"
    return 0
  fi
  say "installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for candidate in python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "error: Python 3.11 or 3.12 is needed (mediapipe 0.10.21 has no wheel for 3.13)." >&2
  echo "       On Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv" >&2
  exit 1
}

find_uv() {
  if [ -x "$TOOLS/uv/bin/uv" ]; then echo "$TOOLS/uv/bin/uv"; return 0; fi
  if command -v uv >/dev/null; then command -v uv; return 0; fi
  say "bootstrapping uv $UV_VERSION into $TOOLS/uv (a private virtualenv)" >&2
  "$PYTHON" -m venv "$TOOLS/uv" >&2
  "$TOOLS/uv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION" >&2
  echo "$TOOLS/uv/bin/uv"
}

setup() {
  say "checking system packages"
  system_packages
  PYTHON=$(find_python)
  UV=$(find_uv)
  say "syncing the Python environment (.venv) from uv.lock with $($PYTHON --version)"
  "$UV" sync --frozen --quiet --python "$PYTHON"
}

command=${1:-demo}
[ $# -gt 0 ] && shift
case "$command" in
  setup) setup ;;
  demo) setup; say "starting the kiosk demo"; exec .venv/bin/kiosk demo "$@" ;;
  test)
    setup
    say "running the test suite"
    .venv/bin/python -m pytest "$@" || exit $?
    # A chosen subset of tests (ARGS) stops here; the whole suite goes on to the build.
    [ $# -gt 0 ] && exit 0
    # After pytest, not beside it (2 cores): build, then run the built folder itself.
    say "building the one-folder kiosk"
    .venv/bin/python build/build.py
    say "smoke-testing the build"
    .venv/bin/python build/smoke_test.py
    say "starting the build under the cage compositor as the kiosk user"
    exec .venv/bin/python build/deploy/cage_smoke.py build/out/dist/kiosk
    ;;
  build) setup; say "building the one-folder kiosk"; exec .venv/bin/python build/build.py "$@" ;;
  kiosk) setup; exec .venv/bin/kiosk "$@" ;;
  bench) setup; say "running the benchmarks"; exec .venv/bin/python bench/run.py "$@" ;;
  *) echo "usage: ./kiosk.sh demo|test|build|setup|kiosk|bench [ARGS]" >&2; exit 2 ;;
esac
