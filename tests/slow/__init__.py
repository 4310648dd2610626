"""Long runs: the load test and the benchmark command (marked slow; CI runs them).
"""
