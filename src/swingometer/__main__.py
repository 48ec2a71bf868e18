"""``python -m swingometer``: the same as the ``swingometer`` command."""

from swingometer.cli import main

main()
