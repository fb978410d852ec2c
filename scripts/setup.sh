#!/usr/bin/env bash
# Installs the Debian 12 packages fieldcheck builds and tests with; installs only what is missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git
  libimgui-dev libstb-dev libglfw3-dev libgl-dev    # tablet GUI: ImGui 1.86 with GLFW + OpenGL3 backends
  libgles-dev                                       # tablet GUI on OpenGL ES 3 (FIELDCHECK_GLES3, fieldcheck-gles3): libGLESv2, EGL
  libsqlite3-dev sqlite3                            # device store and depot store
  rapidjson-dev                                     # JSON: the RapidJSON DOM (what cereal reads through); see docs/templates.md
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev  # depot HTTP(S) server and sync client
  libsodium-dev                                     # Ed25519 device and depot keys, HMAC survey codes
  libqrencode-dev                                   # the depot's enrollment code as a QR code in the terminal
  libcli11-dev                                      # command lines of both programs: one parser, --help on every command
  libkainjow-mustache-dev                           # the depot's customer pages: HTML from Mustache templates, escaped by default
  libqrencode-dev                                   # the tablet's QR code of the customer's survey link
  libcairo2-dev libfreetype-dev                     # the customer's receipt as a PDF (receipt/): cairo draws, FreeType reads DejaVu
  libcurl4-openssl-dev                              # the depot's receipt mail over SMTP with STARTTLS
  poppler-utils python3-aiosmtpd                    # tests: pdftotext/pdftoppm read the receipt back; a loopback SMTP sink
  chromium chromium-driver python3-selenium         # the phone-survey browser test (tests/phone_survey_browser.py)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good  # the camera: v4l2src, videotestsrc, jpegenc (loaded only when a camera opens)
  libzbar-dev                                       # barcodes and QR codes in the camera's frames (serial steps, enrollment)
  zint zbar-tools                                   # tests: EAN-13 and QR images to scan; zbarimg reads rendered codes back
  doctest-dev                                       # tests
  python3                                           # tests/layering (the architecture check), scripts/long_functions.py
  gettext                                           # msgfmt --check: the catalogue's .po files are what translators' tools read
  fonts-dejavu-core                                 # DejaVu Sans for the GUI
  xvfb xauth xdotool x11-utils imagemagick curl               # GUI smoke test: real window, clicks, screenshots
  clang libclang-rt-14-dev                          # libFuzzer targets (scripts/fuzz.sh)
  systemd                                           # packages: systemd-analyze verify checks the depot's unit (systemd need not run)
  postgresql-15                                     # tests and bench: throw-away PostgreSQL clusters for the depot fleet (scripts/pg-cluster.sh)
  nginx openssl                                     # tests and bench: two depots behind a real nginx with a test CA (tests/deploy/nginx_fleet.sh, scripts/fleet-nginx.sh); Debian 12's nginx-light is only nginx plus an echo module
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
