"""Run the command line as ``python -m pemilu_api``."""

from pemilu_api.cli import main

raise SystemExit(main())
