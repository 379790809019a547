#!/usr/bin/env bash
# Checks the .deb that `make package` built, as an admin would meet it: its control fields, its file list
# and size; then unpacks it into a temporary root (dpkg -x: nothing is installed on this machine) and
# runs what it installs: the CLI (search, ask, --version, completions), its man page, the launcher entry
# (desktop-file-validate) and the desktop app under Xvfb until its window appears, then a second launch
# with a link, which must go to the running app.
# Usage: scripts/test-package.sh [BUNDLE_DIR]   (default target/release/bundle)
set -euo pipefail

bundle_dir=${1:-target/release/bundle}
max_bytes=$((25 * 1024 * 1024))
passed=0
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); echo "test-package: ok: $*"; }

shopt -s nullglob
debs=("$bundle_dir"/deb/*.deb)
rpms=("$bundle_dir"/rpm/*.rpm)
[ ${#debs[@]} -eq 1 ] || fail "expected one .deb in $bundle_dir/deb, found ${#debs[@]} (run make package)"
[ ${#rpms[@]} -eq 1 ] || fail "expected one .rpm in $bundle_dir/rpm, found ${#rpms[@]} (run make package)"
deb=${debs[0]}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)

# ---- The package files ----------------------------------------------------------------------------
for package in "$deb" "${rpms[0]}"; do
  size=$(stat -c %s "$package")
  [ "$size" -lt "$max_bytes" ] || fail "$package is $size bytes, over 25 MB"
  ok "$(basename "$package") is $((size / 1024)) KiB (< 25 MB)"
done

field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -I "$deb" >/dev/null || fail "dpkg-deb -I cannot read $deb"
[ "$(field Package)" = supportkb ] || fail "Package is '$(field Package)', not supportkb"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version (Cargo.toml)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
[ "$(field Section)" = utils ] || fail "Section is '$(field Section)', not utils"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
grep -q 'libwebkit2gtk-4.1-0' <<<"$(field Depends)" || fail "Depends lacks libwebkit2gtk-4.1-0: $(field Depends)"
grep -qi 'support policy' <<<"$(field Description)" || fail "Description says nothing of the support policy"
ok "control fields (Package, Version $version, Architecture, Section, Maintainer, Depends, Description)"

listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in \
  usr/bin/supportkb \
  usr/bin/supportkb-desktop \
  usr/share/applications/supportkb.desktop \
  usr/share/icons/hicolor/32x32/apps/supportkb-desktop.png \
  usr/share/icons/hicolor/64x64/apps/supportkb-desktop.png \
  usr/share/icons/hicolor/128x128/apps/supportkb-desktop.png \
  usr/share/icons/hicolor/256x256/apps/supportkb-desktop.png \
  usr/share/icons/hicolor/512x512/apps/supportkb-desktop.png \
  usr/share/man/man1/supportkb.1.gz \
  usr/share/man/man1/supportkb-search.1.gz \
  usr/share/man/man1/supportkb-ask.1.gz \
  usr/share/man/man1/supportkb-completions.1.gz \
  usr/share/bash-completion/completions/supportkb \
  usr/share/zsh/vendor-completions/_supportkb \
  usr/share/fish/vendor_completions.d/supportkb.fish; do
  grep -qxF -e "$path" -e "./$path" <<<"$listing" || fail "$path is not in the package; it has:"$'\n'"$listing"
done
ok "file list: both binaries, launcher entry, icons 32 to 512 px, man pages, bash/zsh/fish completions"

# ---- Installed into a temporary root ---------------------------------------------------------------
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
cli=$root/usr/bin/supportkb

out=$("$cli" --version)
grep -Eq "^supportkb $version \(policy editions [0-9]{4}-[0-9]{2}-[0-9]{2}(, [0-9-]+)*; revision ([0-9a-f]{12}|unknown)\)$" <<<"$out" \
  || fail "unexpected --version: $out"
ok "supportkb --version: $out"

out=$("$cli" search "can I reopen a case closed 4 months ago" --limit 3)
grep -q 'reopening-incidents.md#' <<<"$out" || fail "search found no reopening passage: $out"
ok "installed CLI searches the knowledge base"

out=$("$cli" ask --today 2026-09-01 reopen --closed-on 2026-04-01 2>/dev/null)
grep -q 'Verdict: new_incident_required' <<<"$out" || fail "ask did not answer that a new incident is needed: $out"
grep -q 'reopening-incidents.md#closed-three-months' <<<"$out" || fail "ask cited no passage: $out"
ok "installed CLI answers: a case closed five months ago needs a new incident, citing the passage"

for shell_file in bash:bash-completion/completions/supportkb zsh:zsh/vendor-completions/_supportkb \
  fish:fish/vendor_completions.d/supportkb.fish; do
  shell=${shell_file%%:*}
  diff -q <("$cli" completions "$shell") "$root/usr/share/${shell_file#*:}" >/dev/null \
    || fail "the installed $shell completions differ from supportkb completions $shell"
done
ok "installed completions are what supportkb completions prints"

page=$(MANWIDTH=100 man -l "$root/usr/share/man/man1/supportkb.1.gz" 2>/dev/null | col -b)
grep -q 'supportkb-search(1)' <<<"$page" || fail "man page supportkb(1) lists no subcommand pages: $page"
grep -q "policy editions" <<<"$page" || fail "man page supportkb(1) has no version line: $page"
page=$(MANWIDTH=100 man -l "$root/usr/share/man/man1/supportkb-ask.1.gz" 2>/dev/null | col -b)
grep -q 'supportkb ask' <<<"$page" || fail "man page supportkb-ask(1) has no synopsis: $page"
ok "man -l reads the installed pages supportkb(1) and supportkb-ask(1)"

entry=$root/usr/share/applications/supportkb.desktop
desktop-file-validate "$entry" || fail "desktop-file-validate rejects $entry"
grep -qx 'MimeType=x-scheme-handler/supportkb;' "$entry" || fail "$entry does not register supportkb:// links"
grep -qx 'Exec=supportkb-desktop %u' "$entry" || fail "$entry does not pass the link to the app: $(grep Exec "$entry")"
grep -qx 'Icon=supportkb-desktop' "$entry" || fail "$entry names another icon: $(grep Icon "$entry")"
ok "launcher entry valid, registers supportkb:// and passes the link (%u)"

# The desktop app as installed, on its own data folder and session bus, until its window is mapped
# (xdotool waits on the window, bounded by timeout). Then a second launch on the same folder with a
# supportkb:// link, as the launcher runs it for a link clicked elsewhere: it hands the link to the
# running app over D-Bus and exits, and no second window opens. Then the app is closed.
export root
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -euc '
  "$root/usr/bin/supportkb-desktop" --data-dir "$root/data" >"$root/desktop.log" 2>&1 &
  pid=$!
  trap "kill $pid 2>/dev/null || true" EXIT
  timeout 90 xdotool search --sync --onlyvisible --name "^supportkb" getwindowname >"$root/window" \
    || { echo "no window; app log:" >&2; cat "$root/desktop.log" >&2; exit 1; }
  timeout 60 "$root/usr/bin/supportkb-desktop" --data-dir "$root/data" \
    "supportkb://read/reopening-incidents.md#closed-three-months" \
    || { echo "a second launch with a link did not hand it over and exit" >&2; exit 1; }
  kill -0 "$pid" || { echo "the app exited; its log:" >&2; cat "$root/desktop.log" >&2; exit 1; }
  windows=$(xdotool search --onlyvisible --name "^supportkb" | wc -l)
  [ "$windows" -eq 1 ] || { echo "$windows windows after the second launch" >&2; exit 1; }
' >/dev/null || fail "the installed desktop app opened no window, or a second launch with a link did not go to it"
ok "installed desktop app opens its window under Xvfb ($(cat "$root/window")); a second launch with a link hands it over"

echo "test-package: $passed passed, 0 failed"
