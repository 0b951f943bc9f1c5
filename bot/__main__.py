"""``python -m bot`` is the same as ``magbot``."""

from .cli import main

raise SystemExit(main())
