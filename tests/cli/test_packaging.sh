#!/bin/bash
# debian/ keeps up with the build: every library configure.ac requires is a
# Build-Depends, the package version is configure.ac's, and debhelper's
# compat level is 13. (tools/ci-package builds, lints and installs it.)
. "$SRCDIR/tests/cli/lib.sh"

control=$(cat "$SRCDIR/debian/control")
for pkg in $(sed -n 's/^SW_NEED_LIB(\[[A-Z0-9_]*\], \[[^]]*\], \[\([a-z0-9.+-]*\)\]).*/\1/p' "$SRCDIR/configure.ac"); do
	like "$control" "^ +$pkg,?\$" "Build-Depends has $pkg (configure.ac needs it)"
done
like "$control" 'debhelper-compat \(= 13\)' "debhelper compat level 13"
version=$(sed -n 's/^AC_INIT(\[smtpwiz\], \[\([^]]*\)\].*/\1/p' "$SRCDIR/configure.ac")
like "$(head -n 1 "$SRCDIR/debian/changelog")" "^smtpwiz \\($version(-[0-9.]+)?\\) " \
	"debian/changelog is at configure.ac's version $version"
if command -v dpkg-parsechangelog >/dev/null 2>&1; then
	is "$(dpkg-parsechangelog -l "$SRCDIR/debian/changelog" -S Source 2>&1)" smtpwiz \
		"dpkg-parsechangelog reads debian/changelog"
fi
tap_done
