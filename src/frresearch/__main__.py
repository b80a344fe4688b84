"""``python -m frresearch``: the same as the ``frresearch`` command."""

import sys

from .cli import main

sys.exit(main())
