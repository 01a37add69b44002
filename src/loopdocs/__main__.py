"""``python -m loopdocs``: the same as the ``loopdocs`` command."""

import sys

from loopdocs.cli import main

sys.exit(main())
