"""Fixtures shared by the tests of the samskabelse app."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the code queues with transaction.on_commit, as a real commit would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
