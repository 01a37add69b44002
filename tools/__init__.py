"""Workflow helpers shared by noxfile.py, the tests and the benchmarks: standard library only.

They live outside the ``loopdocs`` package because nox runs noxfile.py with its own Python, in
which loopdocs is not installed, and because no reader of the library needs them.
"""
