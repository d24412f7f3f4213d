#!/bin/sh
# Install the one-folder kiosk build and its systemd/cage/udev set-up.
#   build/deploy/install.sh [BUILD_FOLDER]      (default: build/out/dist/kiosk)
# As root on the kiosk: copies the build to /opt/mpp-kiosk, creates the `kiosk` system user
# and its folders, installs mpp-kiosk.service, its PAM session, the printer's udev rule and the
# `mpp-kiosk` command (kiosk commands as the service runs them), reloads systemd and udev and
# enables the unit (start it with: systemctl start mpp-kiosk).
# With DESTDIR (packaging, images, tests): everything goes under $DESTDIR and nothing on this
# machine changes (no useradd, no systemctl, no udevadm); the sysusers.d and tmpfiles.d files
# create the user and its folders on the target. A build already in /opt/mpp-kiosk is replaced.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
build=${1:-$here/../out/dist/kiosk}
dest=${DESTDIR:-}
prefix=/opt/mpp-kiosk
unitdir=${UNITDIR:-/etc/systemd/system}

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ -x "$build/kiosk" ] || die "no kiosk build in $build (build it with: ./kiosk.sh build)"
if [ -z "$dest" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (or set DESTDIR to install into a folder)"
fi
command -v cage >/dev/null || [ -n "$dest" ] ||
  say "warning: cage is not installed (apt-get install cage xwayland)"

say "copying the build to $dest$prefix"
install -d -m 0755 "$dest/opt"
# A new copy beside the old one, then a rename: a half-copied build never replaces a good one.
rm -rf "$dest$prefix.new"
cp -a "$build" "$dest$prefix.new"
chmod -R u+rwX,go+rX,go-w "$dest$prefix.new"
rm -rf "$dest$prefix.old"
[ ! -e "$dest$prefix" ] || mv "$dest$prefix" "$dest$prefix.old"
mv "$dest$prefix.new" "$dest$prefix"
rm -rf "$dest$prefix.old"
# A build installed by hand wins over a fleet update's (kiosk/updates): the session starts
# releases/current when it exists, so drop the links (the builds are pruned by the kiosk).
for link in current previous trial; do rm -f "$dest/var/lib/mpp-kiosk/releases/$link"; done

say "installing the unit, PAM session, udev rule, sysusers.d/tmpfiles.d files, mpp-kiosk"
install -D -m 0644 "$here/mpp-kiosk.service" "$dest$unitdir/mpp-kiosk.service"
install -D -m 0644 "$here/mpp-kiosk.pam" "$dest/etc/pam.d/mpp-kiosk"
install -D -m 0644 "$here/70-mpp-kiosk-printer.rules" \
  "$dest/etc/udev/rules.d/70-mpp-kiosk-printer.rules"
install -D -m 0644 "$here/mpp-kiosk.sysusers" "$dest/usr/lib/sysusers.d/mpp-kiosk.conf"
install -D -m 0644 "$here/mpp-kiosk.tmpfiles" "$dest/usr/lib/tmpfiles.d/mpp-kiosk.conf"
install -D -m 0755 "$here/mpp-kiosk" "$dest/usr/local/bin/mpp-kiosk"
install -D -m 0755 "$here/mpp-kiosk-session" "$dest/usr/local/libexec/mpp-kiosk-session"
install -d -m 0750 "$dest/etc/mpp-kiosk"
if [ ! -e "$dest/etc/mpp-kiosk/environment" ]; then
  cat >"$dest/etc/mpp-kiosk/environment" <<'ENV'
# Read by mpp-kiosk.service (EnvironmentFile). For example:
# MPP_KIOSK__CAMERA__DEVICE=/dev/video0
# MPP_CAGE_OPTIONS=-r
ENV
  chmod 0644 "$dest/etc/mpp-kiosk/environment"
fi

[ -z "$dest" ] || { say "installed into $dest"; exit 0; }

if id kiosk >/dev/null 2>&1; then
  say "user kiosk exists"
elif command -v systemd-sysusers >/dev/null; then
  say "creating the kiosk user (systemd-sysusers)"
  systemd-sysusers /usr/lib/sysusers.d/mpp-kiosk.conf
else
  say "creating the kiosk user"
  useradd --system --user-group --home-dir /var/lib/mpp-kiosk --shell /usr/sbin/nologin \
    --comment "MPP Kiosk" kiosk
fi
for group in lp dialout video render input; do
  getent group "$group" >/dev/null && usermod -a -G "$group" kiosk
done
if command -v systemd-tmpfiles >/dev/null; then
  systemd-tmpfiles --create /usr/lib/tmpfiles.d/mpp-kiosk.conf
else
  install -d -m 0700 -o kiosk -g kiosk /var/lib/mpp-kiosk
  chown kiosk:kiosk /etc/mpp-kiosk && chmod 0750 /etc/mpp-kiosk
fi

if command -v udevadm >/dev/null; then
  udevadm control --reload 2>/dev/null && udevadm trigger --subsystem-match=usb \
    --subsystem-match=usbmisc 2>/dev/null || say "udev not running: the rule applies at boot"
fi
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable mpp-kiosk.service
  systemctl set-default graphical.target
  say "enabled; start it with: systemctl start mpp-kiosk"
else
  say "systemd is not running here: enable the unit on the kiosk (systemctl enable mpp-kiosk)"
fi
