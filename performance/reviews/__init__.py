"""Incentive review cycles: schemes, the scoring engine, the cycle workflow."""
