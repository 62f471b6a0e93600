"""Development-only tooling: benchmarks, load tests and the sample data they need.

Installed as an app only when DEBUG is on or the tests run (see scrutiny/settings/base.py),
and imported by no application module (an import contract in pyproject.toml checks it).
"""
