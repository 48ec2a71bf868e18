"""The interfaces: the command line (:mod:`swingometer.interfaces.cli`) and the views and
rendering it shares with any later front end."""
