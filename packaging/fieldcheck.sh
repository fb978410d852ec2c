#!/bin/sh
# /usr/bin/fieldcheck: the tablet app lives in ../libexec/fieldcheck/ beside its camera module, which it
# loads from its own directory. A script rather than a symlink: CPack counts a symlink's target twice
# in the package's Installed-Size.
exec "$(dirname "$(readlink -f "$0")")/../libexec/fieldcheck/fieldcheck" "$@"
