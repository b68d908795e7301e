# A package so that the package-scoped Playwright fixtures in conftest.py end with its last test.
