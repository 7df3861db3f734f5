#!/bin/bash

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
# ---------------------------------------------------------------------------
# Contract Kiosk: electron-builder's default after-remove script above,
# unchanged; then the fleet installation's own files (issue 16). fpm passes
# "remove", "purge" or "upgrade" as the first argument (Debian Policy 6.5); an
# upgrade keeps everything. /var/lib/contract-kiosk is kept even on purge: it
# holds the journal, whose unsent events HQ has not yet acknowledged.
# ---------------------------------------------------------------------------
case "$1" in
  remove|purge|0)
    if [ -d /run/systemd/system ]; then
      systemctl disable --now contract-kiosk.service >/dev/null 2>&1 || true
      systemctl disable --now contract-kiosk-update.path >/dev/null 2>&1 || true
    fi
    rm -f /lib/systemd/system/contract-kiosk.service /lib/udev/rules.d/60-contract-kiosk.rules
    rm -f /lib/systemd/system/contract-kiosk-update.path /lib/systemd/system/contract-kiosk-update.service /usr/lib/contract-kiosk/install-update
    if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
    if hash udevadm 2>/dev/null; then udevadm control --reload-rules || true; fi
    ;;
esac
if [ "$1" = "purge" ]; then
  rm -f /etc/contract-kiosk/kiosk.example.json
fi
