"""The loop itself, with torch alone: seeded data, small models, the recorded training loop.

``data`` and ``datasets`` make seeded points, ``models`` the networks the pages train,
``train`` runs and records the five moves, ``stability`` the learning rate where a run stops
converging. Nothing here draws or knows about Sphinx.
"""
