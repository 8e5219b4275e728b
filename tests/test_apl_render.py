"""Each sample screen rendered by Amazon's APL renderer (npm apl-viewhost-web) in headless Chromium,
on the Echo Show 8 and the round Echo Spot (and the hold and emergency screens on the other
viewports too). What the page shows is read back from the rendered DOM: the step title at the top,
a countdown that is running, the emergency number large on its red band. Screenshots are kept in
build/screens/ (git-ignored)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from skill.render.apl import render_directive
from skill.render.apl.samples import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
APL_TOOLS = ROOT / "tests" / "apl"
RENDERER = APL_TOOLS / "node_modules" / "apl-viewhost-web" / "index.js"
SHOTS = ROOT / "build" / "screens"
CHROMIUM = shutil.which("chromium")

# Pixel size, dpi, shape and mode, as the devices report them (dp = px * 160 / dpi).
VIEWPORTS = {
    "echo-show-8": {"width": 1280, "height": 800, "dpi": 213, "isRound": False, "shape": "RECTANGLE", "mode": "HUB"},
    "echo-spot": {"width": 480, "height": 480, "dpi": 160, "isRound": True, "shape": "ROUND", "mode": "HUB"},
    "echo-show-5": {"width": 960, "height": 480, "dpi": 160, "isRound": False, "shape": "RECTANGLE", "mode": "HUB"},
    "echo-show-10": {"width": 1280, "height": 800, "dpi": 160, "isRound": False, "shape": "RECTANGLE", "mode": "HUB"},
    "echo-show-15": {"width": 1920, "height": 1080, "dpi": 160, "isRound": False, "shape": "RECTANGLE", "mode": "HUB"},
    "fire-tv": {"width": 1920, "height": 1080, "dpi": 320, "isRound": False, "shape": "RECTANGLE", "mode": "TV"},
}
CASES = [(kind, device) for kind in SAMPLES for device in ("echo-show-8", "echo-spot")] + [
    (kind, device) for kind in ("hold", "emergency") for device in ("echo-show-5", "echo-show-10", "echo-show-15", "fire-tv")]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (RENDERER.is_file() and RENDERER.stat().st_size > 0),
                       reason="apl-viewhost-web's renderer is not installed: its npm install downloads the "
                              "prebuilt renderer from Amazon's CDN, which this machine cannot reach"),
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (./dev test installs it as root)"),
]


def page_for(kind: str, device: str) -> Path:
    """An HTML page that renders one sample screen on one viewport."""
    screen = {"directive": render_directive(SAMPLES[kind], f"test-{kind}"), "viewport": VIEWPORTS[device]}
    page = SHOTS / f"{kind}-{device}.html"
    data = json.dumps(screen).replace("</", "<\\/")  # nothing in the data may close the script
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<style>html,body{margin:0;background:#000}</style></head><body><div id='apl'></div>"
        f"<script>window.SCREEN = {data};</script>"
        f"<script src='{RENDERER.as_uri()}'></script>"
        f"<script src='{(APL_TOOLS / 'render.js').as_uri()}'></script></body></html>",
        encoding="utf-8")
    return page


def chromium(page: Path, device: str, *action: str) -> str:
    viewport = VIEWPORTS[device]
    run = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--allow-file-access-from-files", "--virtual-time-budget=15000",
         f"--window-size={viewport['width']},{viewport['height']}", *action, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    return run.stdout


@pytest.fixture(scope="module")
def rendered():
    """rendered(kind, device) -> {component id: its text and box}, from the page's report; the
    screenshot is saved beside the page. Each screen is rendered once per module."""
    done: dict = {}

    def render(kind: str, device: str) -> dict:
        if (kind, device) not in done:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page = page_for(kind, device)
            chromium(page, device, f"--screenshot={SHOTS / f'{kind}-{device}.png'}")
            dom = chromium(page, device, "--dump-dom")
            found = re.search(r'<script type="application/json" id="report">(.*?)</script>', dom, re.DOTALL)
            assert found, f"the page never reported: {page}"
            report = json.loads(found.group(1))
            assert report["rendered"], report.get("error")
            done[kind, device] = {c["id"]: c for c in report["components"]}
        return done[kind, device]
    return render


@pytest.mark.parametrize("kind, device", CASES)
def test_every_screen_renders_its_title_inside_the_screen(rendered, kind, device):
    viewport = VIEWPORTS[device]
    title = rendered(kind, device)["title"]
    assert title["text"].strip() == SAMPLES[kind].title
    assert 0 <= title["x"] and title["x"] + title["width"] <= viewport["width"]
    assert 0 <= title["y"] and title["y"] + title["height"] <= viewport["height"]


@pytest.mark.parametrize("device", ["echo-show-8", "echo-spot"])
def test_step_screen_shows_the_title_at_the_top_and_the_place_in_the_routine(rendered, device):
    components = rendered("step", device)
    assert components["title"]["y"] < VIEWPORTS[device]["height"] / 3
    assert components["stepOf"]["text"].strip() == "Step 4 of 6"


@pytest.mark.parametrize("device", [d for k, d in CASES if k == "hold"])
def test_hold_screen_counts_down_from_the_clock(rendered, device):
    countdown = rendered("hold", device)["countdown"]
    minutes, seconds = map(int, countdown["text"].strip().split(":"))
    assert 0 < 60 * minutes + seconds < SAMPLES["hold"].hold_seconds, "the countdown has started"
    centre = countdown["x"] + countdown["width"] / 2
    assert abs(centre - VIEWPORTS[device]["width"] / 2) < VIEWPORTS[device]["width"] / 10


@pytest.mark.parametrize("device", [d for k, d in CASES if k == "emergency"])
def test_emergency_screen_shows_the_number_large_on_the_red_band(rendered, device):
    components = rendered("emergency", device)
    number, band = components["number"], components["band"]
    assert number["text"].strip() == "911"
    assert number["height"] > VIEWPORTS[device]["height"] / 5, "very large type"
    assert band["y"] <= number["y"] and number["y"] + number["height"] <= band["y"] + band["height"]
    assert components["callNow"]["text"].strip() == "Call now from your phone"
