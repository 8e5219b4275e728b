"""Serve the skill over HTTP with waitress (threaded, pure Python).

Alexa only calls HTTPS on port 443: put a TLS reverse proxy or tunnel in front of this.
    python -m skill.webservice [--host 127.0.0.1] [--port 8080] [--dev-insecure | --any-skill-id]
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from .app import MAX_BODY_BYTES, ConfigurationError, create_app

# Alexa sends one small request per turn and waits at most 8 s for the answer, so these are
# generous for Alexa and short for anyone holding connections open.
CONNECTION_LIMIT = 64  # open at once, waitress's own listening socket and wake-up pipe included
CHANNEL_TIMEOUT = 10  # seconds a connection may stay silent, half-sent request included
MAX_HEADER_BYTES = 16 * 1024


def server_settings(threads: int = 8, connection_limit: int = CONNECTION_LIMIT,
                    channel_timeout: int = CHANNEL_TIMEOUT) -> dict:
    """waitress settings against slow or greedy clients.

    waitress reads each request in full before a worker thread sees it, so a slow client holds
    only a connection, never a thread; the limit bounds those connections, the timeout closes
    the silent ones (checked every `cleanup_interval` seconds), and bodies and headers are
    capped before they are buffered.
    """
    return {"threads": threads, "connection_limit": connection_limit, "channel_timeout": channel_timeout,
            "cleanup_interval": max(1, min(5, channel_timeout // 2)), "max_request_body_size": MAX_BODY_BYTES,
            "max_request_header_size": MAX_HEADER_BYTES}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m skill.webservice", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--connection-limit", type=int, default=CONNECTION_LIMIT,
                        help=f"open connections at once (default {CONNECTION_LIMIT})")
    parser.add_argument("--channel-timeout", type=int, default=CHANNEL_TIMEOUT,
                        help=f"seconds before a silent connection is closed (default {CHANNEL_TIMEOUT})")
    parser.add_argument("--dev-insecure", "--dev", action="store_true",
                        help="turn signature and timestamp checks off (local simulators only)")
    parser.add_argument("--any-skill-id", action="store_true",
                        help="with verification on, accept signed requests for any skill id "
                             "(otherwise MILKDUCT_SKILL_ID must be set)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        import waitress
    except ImportError:
        sys.exit("waitress is missing: pip install -e '.[local]'")
    try:
        app = create_app(verify=False if args.dev_insecure else None, any_skill_id=args.any_skill_id)
    except ConfigurationError as refused:
        sys.exit(f"refusing to start: {refused}")
    waitress.serve(app, host=args.host, port=args.port,
                   **server_settings(args.threads, args.connection_limit, args.channel_timeout))


if __name__ == "__main__":
    main()
