"""Talk to the skill in a terminal: `python -m skill.console [--speak] [--screen] [--script FILE] [--user ID] [--data-dir DIR] [--locale en-GB]`.

`--script FILE` replays its lines (one utterance or :command each) and prints the transcript;
piped input works too: `printf 'open milk duct helper\\nhelp\\n' | python -m skill.console`.
Alexa API calls (timers, reminders, settings) go to a local fake on loopback, never to Amazon.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.console.nlu import MODELS, locale_nlu
from skill.console.repl import Speaker, local_console, script_lines

REPO = Path(__file__).resolve().parents[2]


def echoing_reader(stream=None, out=None):
    """Reader for piped input: shows each line after the prompt so the transcript reads like a chat."""
    stream = stream or sys.stdin

    def read(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        print(prompt + line.rstrip("\n"), file=out or sys.stdout)
        return line
    return read


def device_settings(api, locale: str) -> None:
    """The local device set as a device in that market usually is (`:settings` changes it)."""
    from skill.content import load_content
    from skill.logic.locale import responses

    said = responses(load_content(), locale)
    api.time_zone, api.temperature_unit = said["default_time_zone"], said["default_temperature_unit"].upper()


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m skill.console", description=__doc__.splitlines()[0])
    parser.add_argument("--speak", action="store_true", help="read replies aloud with espeak-ng")
    parser.add_argument("--screen", action="store_true",
                        help="be an Echo Show: print each screen's text (title, progress, countdown) under the speech")
    parser.add_argument("--user", default="amzn1.ask.account.CONSOLE", help="Alexa user id (separate memory per user)")
    parser.add_argument("--data-dir", help="local data directory (default: $MILKDUCT_DATA_DIR or ./data in the repo)")
    parser.add_argument("--locale", default="en-US", choices=sorted(p.stem for p in MODELS.glob("*.json")),
                        help="the device's locale: its interaction model, words, numbers and units (default en-US)")
    parser.add_argument("--script", type=Path, metavar="FILE",
                        help="replay FILE's lines (# comments skipped; a blank line is silence), print the transcript, exit")
    args = parser.parse_args(argv)
    if args.script is not None and not args.script.is_file():
        parser.error(f"--script: no such file: {args.script}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    # The skill reads MILKDUCT_DATA_DIR when it is imported, so set it first.
    data_dir = Path(args.data_dir or os.environ.get("MILKDUCT_DATA_DIR") or REPO / "data").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["MILKDUCT_DATA_DIR"] = str(data_dir)
    # The skill's own logs (e.g. an Alexa API call the console made fail) go to a file, so the
    # transcript shows only the conversation.
    log_file = data_dir / "console.log"
    logging.basicConfig(filename=log_file, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from skill.lambda_function import lambda_handler

    interactive = args.script is None and sys.stdin.isatty()
    session = Session(user_id=args.user, locale=args.locale,
                      supported_interfaces=SCREEN_DEVICE if args.screen else {})
    with local_console(lambda_handler, locale_nlu(args.locale), session,
                       speaker=Speaker(sys.stdout) if args.speak else None,
                       dim=sys.stdout.isatty() and "NO_COLOR" not in os.environ) as console:
        device_settings(console.api, args.locale)
        if args.script is not None:
            for _ in console.play(script_lines(args.script.read_text(encoding="utf-8"))):
                pass
            console.end_session("USER_INITIATED")  # the end of the script, as Ctrl-D
        else:
            if interactive:
                import readline  # noqa: F401  (line editing and history for input())
                print(f'Milk Duct Helper console. Try "open milk duct helper"; :help for commands. Logs: {log_file}')
            console.run(input if interactive else echoing_reader())
    return 0


if __name__ == "__main__":
    sys.exit(main())
