#!/bin/sh
# Installs this Fieldbook bundle for the current user, no root needed:
#   the bundle          ~/.local/opt/fieldbook/
#   the command         ~/.local/bin/fieldbook (a link)
#   the menu entry      ~/.local/share/applications/fieldbook.desktop
#   the icon            ~/.local/share/icons/hicolor/256x256/apps/fieldbook.png
# `./install.sh --uninstall` removes these again. The data folder
# (~/.local/share/Fieldbook: incidents, reports, logs) is never touched.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/fieldbook"
bin="$HOME/.local/bin/fieldbook"
entry="$data_home/applications/fieldbook.desktop"
icon="$data_home/icons/hicolor/256x256/apps/fieldbook.png"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$data_home/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target"
    rm -f "$bin" "$entry" "$icon"
    refresh
    echo "Fieldbook removed; your data in $data_home/Fieldbook is kept."
    exit 0
fi

if [ "$here" != "$target" ]; then
    rm -rf "$target.new"
    mkdir -p "$(dirname "$target")"
    cp -a "$here" "$target.new"
    rm -rf "$target"
    mv "$target.new" "$target"
fi
mkdir -p "$(dirname "$bin")" "$(dirname "$entry")" "$(dirname "$icon")"
ln -sf "$target/fieldbook" "$bin"
cp "$target/fieldbook.png" "$icon"
sed "s|^Exec=fieldbook|Exec=$target/fieldbook|" "$target/fieldbook.desktop" > "$entry"
refresh
"$target/fieldbook" --version
echo "Fieldbook installed in $target; start it from the menu or with: $bin"
