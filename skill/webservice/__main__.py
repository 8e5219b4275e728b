"""Serve the skill over HTTP with waitress (threaded, pure Python).

Alexa only calls HTTPS on port 443: put a TLS reverse proxy or tunnel in front of this.
    python -m skill.webservice [--host 127.0.0.1] [--port 8080] [--dev-insecure]
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from .app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m skill.webservice", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--dev-insecure", "--dev", action="store_true",
                        help="turn signature and timestamp checks off (local simulators only)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        import waitress
    except ImportError:
        sys.exit("waitress is missing: pip install -e '.[local]'")
    app = create_app(verify=False if args.dev_insecure else None)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads)


if __name__ == "__main__":
    main()
