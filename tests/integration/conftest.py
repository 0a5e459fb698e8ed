"""Integration tests: make the mock's fixtures available without installing the package.

Installed, the package registers ``wus_client.testing.pytest_plugin`` through its pytest11
entry point; from a source checkout it is not, so the fixtures are imported here
(fixtures defined in a conftest override a plugin's of the same name, so both work).
"""

from wus_client.testing.pytest_plugin import wus_mock, wus_mock_factory, wus_mock_pki

__all__ = ["wus_mock", "wus_mock_factory", "wus_mock_pki"]
