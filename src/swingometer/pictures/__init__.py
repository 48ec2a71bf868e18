"""The pictures layer: hex maps (:mod:`swingometer.pictures.maps`) and matplotlib charts
(:mod:`swingometer.pictures.charts`)."""
