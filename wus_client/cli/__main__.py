"""``python -m wus_client.cli``: the same as the ``wus`` command."""

import sys

from . import main

sys.exit(main())
