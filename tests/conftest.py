import os
import tempfile

# The module-level skill in skill.lambda_function reads its store location at import:
# point it at a throwaway folder before any test imports it.
os.environ.setdefault("MILKDUCT_DATA_DIR", tempfile.mkdtemp(prefix="milkduct-tests-"))
os.environ.pop("MILKDUCT_TABLE", None)

import pytest  # noqa: E402

from skill.content import load_content  # noqa: E402
from skill.logic.conversation import Conversation  # noqa: E402


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture(scope="session")
def conversation(content):
    return Conversation(content)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "skill.sqlite3"


@pytest.fixture
def store(db_path):
    """The local store as the skill really uses it: SQLite behind the fault-tolerant wrapper."""
    from skill.persistence.resilient import ResilientAdapter
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    return ResilientAdapter(SQLitePersistenceAdapter(db_path))


@pytest.fixture
def fast_store(db_path):
    """The same, without the wrapper's backoff sleeps (a request without a user id fails its
    read three times: 0.15 s of sleeping each)."""
    from skill.persistence.resilient import ResilientAdapter
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    return ResilientAdapter(SQLitePersistenceAdapter(db_path), sleep=lambda seconds: None)


@pytest.fixture
def make_skill(content, store):
    """A fresh skill on its own SQLite file; several users may share it."""
    from skill.lambda_function import build_skill

    def make(persistence_adapter=None, api_client=None):
        return build_skill(content, persistence_adapter=persistence_adapter or store, api_client=api_client)

    return make


@pytest.fixture
def user(make_skill):
    from driver import Driver

    return Driver(make_skill())


@pytest.fixture
def fake_alexa_api():
    """The console's local Alexa API, running; `.url` goes into the envelope's apiEndpoint."""
    from skill.console.alexa_api import LocalAlexaApi

    with LocalAlexaApi().serving() as api:
        yield api


# Shared servers started by the tests themselves (imported so every test module can use them).
from moto_server import moto_dynamodb  # noqa: E402,F401
