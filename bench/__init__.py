"""Benchmarks: scripts that print figures (run each as a file)."""
