"""The results layer: seat and national arithmetic on official results (majorities, swing,
deposits, totals, marginals), a seat's history and the one seat-filter language."""
