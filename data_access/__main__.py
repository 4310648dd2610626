"""``python -m data_access``: see :mod:`data_access.cli`."""

import signal
import sys

from data_access.cli import main

if hasattr(signal, "SIGPIPE"):
    # `python -m data_access metrics ... | head` ends quietly, like any Unix tool.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
