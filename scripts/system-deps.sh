#!/bin/sh
# Installs the Debian packages the build needs, or says exactly what to run.
#   Pango:              WeasyPrint's text layout (PDF flyers)
#   libharfbuzz-subset0: fast font subsetting in WeasyPrint (else fontTools, ~30x slower)
#   libgs-common:       Ghostscript's generic CMYK ICC profile, the PDF/X-4 output intent
#   libzbar0:           zbar, the second QR decoder of 'quartierboards preflight' (pyzbar)
#   poppler-utils:      pdftoppm, used by tests and by people to look at PDFs
#   chromium:           browser tests (only with "test" as first argument)
set -eu
pkgs="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libgs-common libzbar0"
if [ "${1:-}" = "test" ]; then
  pkgs="$pkgs poppler-utils chromium fonts-noto-core"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends $missing >/dev/null
else
  echo "Missing system packages:$missing" >&2
  echo "Install them with:  sudo apt-get install$missing" >&2
  exit 1
fi
