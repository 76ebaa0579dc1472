#!/usr/bin/env bash
# Installs Hearth for the current user on Linux: a virtual environment in
# ~/.local/share/hearth-app, the `hearth` command in ~/.local/bin, and a menu entry.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
app="${XDG_DATA_HOME:-$HOME/.local/share}/hearth-app"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { echo "Hearth needs Python 3.11 or newer." >&2; exit 1; }
python3 -m venv "$app"
"$app/bin/pip" install -q --upgrade pip
"$app/bin/pip" install -q "$src"
mkdir -p "$HOME/.local/bin" "${XDG_DATA_HOME:-$HOME/.local/share}/applications" \
         "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
ln -sf "$app/bin/hearth" "$HOME/.local/bin/hearth"
install -m 644 "$src/packaging/linux/hearth.desktop" \
  "${XDG_DATA_HOME:-$HOME/.local/share}/applications/hearth.desktop"
if [ -f "$src/resources/icons/hearth.svg" ]; then
  install -m 644 "$src/resources/icons/hearth.svg" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps/hearth.svg"
fi
echo "Installed. Start Hearth from your applications menu or run: hearth"
