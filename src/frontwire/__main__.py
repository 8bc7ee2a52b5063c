"""`python -m frontwire`: the same command line as the `frontwire` script, for environments without it."""

from frontwire.cli import main

raise SystemExit(main())
