"""``python -m swingometer``: the same as the ``swingometer`` command."""

from swingometer.interfaces.cli import main

main()
