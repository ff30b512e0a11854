"""Child process for test_crash: writes entries in a loop until it is killed.

After each commit it prints what it committed (``note <i>`` or ``attach <i> <sha256>``),
so the parent knows what must survive a SIGKILL.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from desktop.store.db import open_store
from desktop.usecases import notes


def main() -> None:
    data_dir, incident, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = open_store(data_dir)
    scratch = data_dir / "scratch"
    scratch.mkdir(exist_ok=True)
    i = start
    while True:
        if i % 4 == 0:
            payload = f"attachment {i} ".encode() * 200
            path = scratch / f"file-{i}.log"
            path.write_bytes(payload)
            notes.attach(store, incident, [path])
            print(f"attach {i} {hashlib.sha256(payload).hexdigest()}", flush=True)
        else:
            notes.add_note(store, incident, f"crash-test note {i} 日志")
            print(f"note {i}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
