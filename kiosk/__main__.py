"""`python -m kiosk`: kept as an alias of the `kiosk` command, whose home is the app package.

An entry point, not part of the core: nothing imports it (the import contract names this one
edge as allowed).
"""

import sys

from app.cli import main

sys.exit(main())
