"""``python -m dashboard`` is the ``senddash`` command."""

import sys

from dashboard.cli import main

sys.exit(main())
