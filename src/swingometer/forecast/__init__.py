"""The forecast layer: poll averages, the seat models, projection, the error model, Monte Carlo
simulation, ratings and the leakage-free backtests."""
