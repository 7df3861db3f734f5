#!/bin/bash

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install apparmor profile. (Ubuntu 24+)
# First check if the version of AppArmor running on the device supports our profile.
# This is in order to keep backwards compatibility with Ubuntu 22.04 which does not support abi/4.0.
# In that case, we just skip installing the profile since the app runs fine without it on 22.04.
#
# Those apparmor_parser flags are akin to performing a dry run of loading a profile.
# https://wiki.debian.org/AppArmor/HowToUse#Dumping_profiles
#
# Unfortunately, at the moment AppArmor doesn't have a good story for backwards compatibility.
# https://askubuntu.com/questions/1517272/writing-a-backwards-compatible-apparmor-profile
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"

    # Updating the current AppArmor profile is not possible and probably not meaningful in a chroot'ed environment.
    # Use cases are for example environments where images for clients are maintained.
    # There, AppArmor might correctly be installed, but live updating makes no sense.
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      # Extra flags taken from dh_apparmor:
      # > By using '-W -T' we ensure that any abstraction updates are also pulled in.
      # https://wiki.debian.org/AppArmor/Contribute/FirstTimeProfileImport
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# ---------------------------------------------------------------------------
# Contract Kiosk: what a fleet installation adds to electron-builder's default
# after-install script above, which this file repeats unchanged (it sets up
# /usr/bin, chrome-sandbox and the AppArmor profile for Ubuntu 24.04's
# unprivileged user namespaces; test/unit/packaging/linux-package.test.ts
# fails if electron-builder's copy changes). Issue 16, docs/deploy.md.
# No brace-style shell variables below: electron-builder expands those as
# its own template macros.
# ---------------------------------------------------------------------------
KIOSK_SYSTEM='/opt/${sanitizedProductName}/resources/system'

# The kiosk runs as an unprivileged system user; device nodes belong to kiosk-devices (60-contract-kiosk.rules).
getent group kiosk-devices >/dev/null 2>&1 || groupadd --system kiosk-devices
if ! getent passwd kiosk >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/contract-kiosk --no-create-home --shell /usr/sbin/nologin kiosk
fi
# Devices, and the seat cage needs (video, input, render), where those groups exist.
for group in kiosk-devices video input render; do
  if getent group "$group" >/dev/null 2>&1; then usermod -a -G "$group" kiosk || true; fi
done

# Data (journal, kiosk key, caches) and config. The journal is never removed by the package.
install -d -m 0750 -o kiosk -g kiosk /var/lib/contract-kiosk
install -d -m 0750 -o root -g kiosk /etc/contract-kiosk
install -m 0640 -o root -g kiosk "$KIOSK_SYSTEM/kiosk.example.json" /etc/contract-kiosk/kiosk.example.json

# udev rules (stable names and permissions for the reader, scanner and printer).
install -m 0644 "$KIOSK_SYSTEM/60-contract-kiosk.rules" /lib/udev/rules.d/60-contract-kiosk.rules
if hash udevadm 2>/dev/null && ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; }; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=tty --subsystem-match=hidraw || true
fi

# The kiosk session unit. Not enabled here: a kiosk starts only once its config is in place (docs/deploy.md).
install -m 0644 "$KIOSK_SYSTEM/contract-kiosk.service" /lib/systemd/system/contract-kiosk.service
# Signed updates (docs/deploy.md, "Updates"): the kiosk downloads into its updates folder and
# asks for an install there; a root-owned path unit and oneshot check the signature again and
# run apt-get. The helper lives root-owned outside the app folder; install(1) unlinks before it
# writes, so a package that replaces it mid-run leaves the running copy intact.
install -d -m 0750 -o kiosk -g kiosk /var/lib/contract-kiosk/updates
install -d -m 0755 /usr/lib/contract-kiosk
install -m 0755 -o root -g root "$KIOSK_SYSTEM/contract-kiosk-install-update" /usr/lib/contract-kiosk/install-update
install -m 0644 "$KIOSK_SYSTEM/contract-kiosk-update.path" /lib/systemd/system/contract-kiosk-update.path
install -m 0644 "$KIOSK_SYSTEM/contract-kiosk-update.service" /lib/systemd/system/contract-kiosk-update.service

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  if systemctl is-enabled --quiet contract-kiosk.service 2>/dev/null; then systemctl try-restart contract-kiosk.service || true; fi
  # Only acts on a request signed with /etc/contract-kiosk/update-signing.pub.pem; without that key it refuses every one.
  systemctl enable --now contract-kiosk-update.path || true
fi
