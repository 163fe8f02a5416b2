"""A live runlean web server in a thread of the test process, on a socket bound first.

The listening socket is created (and bound to a free loopback port) before the server thread
starts, so a browser can connect at once: its connection waits in the socket's backlog until
uvicorn accepts it. Nothing sleeps.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class LiveServer:
    url: str
    server: Any
    thread: threading.Thread
    sock: socket.socket

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


def start_server(data_dir: Path) -> LiveServer:
    import uvicorn

    from runlean.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    app = create_app(data_dir, host="127.0.0.1")
    config = uvicorn.Config(app, log_level=os.environ.get("RUNLEAN_TEST_LOG", "warning"),
                            lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    return LiveServer(f"http://127.0.0.1:{port}", server, thread, sock)
