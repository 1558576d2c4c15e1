"""The HTTP driver: a threading ``http.server`` around the protocol core, and :class:`LocalStepFunctions`.

Theory of operation: each connection gets a thread (``ThreadingHTTPServer``,
HTTP/1.1 keep-alive, as boto3 reuses connections); a request's bytes go to
:func:`statewise.server.operations.handle` and its :class:`~statewise.server.protocol.Reply`
goes back. Nothing here knows an operation. Executions do not run on these
threads (each runs on its own, from StartExecution on), so a request only
waits when the API waits: StartSyncExecution and GetActivityTask's long poll.

:class:`LocalStepFunctions` starts the server on a background thread, like
moto's ``ThreadedMotoServer``: ``port=0`` picks a free port, and
``endpoint_url`` is where to point boto3. It binds loopback addresses only,
unless told ``allow_remote=True``: the API has no authentication, and an
execution's Tasks call AWS with the server's credentials.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from statewise.server.config import ClockName, ConfigError, ServerConfig
from statewise.server.operations import handle
from statewise.server.state import ServerState

__all__ = ["LocalStepFunctions", "check_host"]


def check_host(host: str, *, allow_remote: bool) -> None:
    """Refuse a non-loopback ``host`` unless ``allow_remote``, saying why."""
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigError(
            f"refusing to listen on {host}: it is not a loopback address, and the Step Functions API has no "
            "authentication here, so anyone who reaches it could run workflows whose Tasks call AWS with this "
            "machine's credentials; listen on 127.0.0.1, or allow it explicitly (--allow-remote)"
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a long poll must not keep the process alive
    state: ServerState

    def __init__(self, address: tuple[str, int], state: ServerState) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.state = state
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go as two writes: Nagle would hold the body ~40 ms
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = handle(self.server.state, self.headers.get("X-Amz-Target"), body)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST  # answered with the protocol's error: a GET names no operation

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the CLI prints what matters."""


class LocalStepFunctions:
    """The Step Functions API on ``http://<host>:<port>``, in this process, on a background thread.

    ::

        with LocalStepFunctions(mock_config="mocks.json", clock="fake") as sfn:
            client = boto3.client("stepfunctions", endpoint_url=sfn.endpoint_url, region_name="us-east-1")
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        mock_config: str | Path | Mapping[str, Any] | None = None,
        clock: ClockName | None = None,
        store: str | os.PathLike[str] = ":memory:",
        env: Mapping[str, str] | None = None,
        region: str | None = None,
        account: str | None = None,
        activity_poll_seconds: float = 60.0,
        allow_remote: bool = False,
    ) -> None:
        """``env`` (default ``os.environ``) supplies what the options leave out, as Step Functions Local
        reads it: ``SFN_MOCK_CONFIG``, ``AWS_DEFAULT_REGION``, ``AWS_ACCOUNT_ID``, ``WAIT_TIME_SCALE`` and
        the endpoint overrides (``LAMBDA_ENDPOINT``, ``SQS_ENDPOINT``, ...)."""
        check_host(host, allow_remote=allow_remote)
        self.config = ServerConfig.from_env(
            os.environ if env is None else env,
            mock_config=mock_config,
            clock=clock,
            region=region,
            account=account,
            activity_poll_seconds=activity_poll_seconds,
        )
        self._address = (host, port)
        self._store = os.fspath(store)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint_url(self) -> str:
        """``http://<host>:<port>``, the port the server got."""
        if self._server is None:
            raise RuntimeError("the server is not running: use it as a context manager, or call start()")
        host, port = str(self._server.server_address[0]), self._server.server_address[1]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def state(self) -> ServerState:
        """What the server holds (its machines, executions, activities)."""
        if self._server is None:
            raise RuntimeError("the server is not running")
        return self._server.state

    def start(self) -> LocalStepFunctions:
        state = ServerState(self.config, self._store)
        try:
            self._server = _Server(self._address, state)
        except OSError as exc:
            state.close()
            raise ConfigError(f"cannot listen on {self._address[0]}:{self._address[1]}: {exc.strerror}") from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="statewise-serve", daemon=True
        )  # polling every 0.1 s: stop() returns that soon
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering, abort the executions still running, close the store."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.state.close()

    def __enter__(self) -> LocalStepFunctions:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
