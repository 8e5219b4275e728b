"""A persistence adapter that never crashes a turn: bounded retries, then carry on without memory."""
from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Callable, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from . import CorruptRecordError, ReadOnlyStoreError, request_id

if TYPE_CHECKING:
    from ask_sdk_model import RequestEnvelope

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Exhausted(Exception):
    def __init__(self, error: BaseException, attempts: int) -> None:
        super().__init__()
        self.error, self.attempts = error, attempts


def error_name(error: BaseException) -> str:
    """The root cause's class name, plus the AWS error code when botocore has no class of that
    name; never the message, which may quote keys or values."""
    while (cause := error.__cause__ or error.__context__) is not None:
        error = cause
    name = type(error).__name__
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return f"{name}({code})" if code and code != name else name


class ResilientAdapter(AbstractPersistenceAdapter):
    """Wraps another adapter with retries and exponential backoff inside Alexa's time budget.

    Each operation gets at most `1 + retries` attempts and stops retrying when the next
    backoff plus another attempt as long as the last one would pass `deadline_seconds`
    (a single attempt is bounded by the inner adapter's own timeouts).

    On final failure nothing is raised, so the skill can still guide and triage:
    - get returns {} and sets `degraded`; a later save in the same request still goes ahead:
      the store merges it into what is stored (`merge.merge`), so what the turn learned
      (a fever, say) is kept if the store is back, and nothing stored is overwritten;
    - save and delete log and set `last_error` (the SDK ignores what save returns); a save
      that did not reach the store sets `save_failed`, so the memory saver carries the turn's
      red flags in the session and tries again next turn;
    A corrupt record (CorruptRecordError) is not retried: get returns {} and the next save
    replaces it with a fresh record, as the old one can never be read again. A read-only
    store (`can_remember` False) is not asked to save at all.

    The deadline is per operation, so a turn's get plus save stay under 2 x 1.5 s of the 8 s
    Alexa allows. `degraded` and `last_error` are per thread and reset when a call brings a
    new request id, so they describe the current request once its get (or save) has run.
    Logs carry
    the operation and error class only: no user id, attributes or health data.
    """

    def __init__(self, inner: AbstractPersistenceAdapter, retries: int = 2, deadline_seconds: float = 1.5,
                 sleep: Callable[[float], None] = time.sleep, backoff_seconds: float = 0.05) -> None:
        self.inner = inner
        self.retries = retries
        self.deadline_seconds = deadline_seconds
        self.sleep = sleep
        self.backoff_seconds = backoff_seconds
        self._local = threading.local()

    @property
    def degraded(self) -> bool:
        return getattr(self._local, "degraded", False)

    @property
    def can_remember(self) -> bool:
        """False when the store can be read but never written (a read-only SQLite file):
        the skill still guides and triages, and may say once that it cannot remember."""
        return getattr(self.inner, "can_remember", True)

    @property
    def last_error(self) -> str | None:
        return getattr(self._local, "last_error", None)

    @property
    def unreadable(self) -> bool:
        """This request could not read the user's memory (the read failed, or the record was
        corrupt and is lost): what the user said before is unknown."""
        return self.degraded or getattr(self._local, "corrupt", False)

    @property
    def save_failed(self) -> bool:
        """This request's last save did not reach the store (failed after its retries, or the
        store cannot remember): the caller keeps what matters until a later save succeeds."""
        return getattr(self._local, "save_failed", False)

    def _begin(self, request_envelope: RequestEnvelope) -> None:
        this_request = request_id(request_envelope)
        if getattr(self._local, "request_id", object()) != this_request:
            self._local.request_id = this_request
            self._local.degraded = self._local.corrupt = self._local.save_failed = False
            self._local.last_error = None

    def _call(self, operation: Callable[[], T]) -> T:
        start = time.monotonic()
        for attempt in range(self.retries + 1):
            began = time.monotonic()
            try:
                return operation()
            except (CorruptRecordError, ReadOnlyStoreError):
                raise
            except Exception as error:  # any fault of the store: the turn must go on
                failure = error
            now = time.monotonic()
            pause = self.backoff_seconds * 2 ** attempt
            if attempt == self.retries or (now - start) + pause + (now - began) > self.deadline_seconds:
                break
            self.sleep(pause)
        raise _Exhausted(failure, attempt + 1)

    def _failed(self, name: str, exhausted: _Exhausted) -> None:
        self._local.last_error = error_name(exhausted.error)
        log.warning("persistence %s failed after %d attempt(s): %s", name, exhausted.attempts,
                    self._local.last_error)

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        self._begin(request_envelope)
        try:
            return self._call(lambda: self.inner.get_attributes(request_envelope))
        except CorruptRecordError as error:
            self._local.last_error = error_name(error)
            self._local.corrupt = True
            log.warning("persistence get: corrupt record, starting a fresh one (%s)", self._local.last_error)
        except _Exhausted as exhausted:
            self._local.degraded = True
            self._failed("get", exhausted)
        return {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        self._begin(request_envelope)
        self._local.save_failed = True
        if not self.can_remember:
            return  # said at start-up (logged by the store); nothing to retry
        try:
            self._call(lambda: self.inner.save_attributes(request_envelope, attributes))
        except ReadOnlyStoreError as error:  # found out by this write
            self._local.last_error = error_name(error)
        except _Exhausted as exhausted:
            self._failed("save", exhausted)
        else:
            self._local.save_failed = False

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._begin(request_envelope)
        try:
            self._call(lambda: self.inner.delete_attributes(request_envelope))
        except ReadOnlyStoreError as error:
            self._local.last_error = error_name(error)
        except _Exhausted as exhausted:
            self._failed("delete", exhausted)
