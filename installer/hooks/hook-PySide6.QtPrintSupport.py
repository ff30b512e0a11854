# Replaces PyInstaller's hook for this module: the same, less the Qt plugins and
# translations Fieldbook does not use (see fieldbook_qt.py).
import sys
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, str(Path(__file__).parent))
from fieldbook_qt import kept

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries, datas = kept(binaries), kept(datas)
