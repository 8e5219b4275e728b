"""One example of each screen, with words from content/, for the preview and the tests."""
from __future__ import annotations

from .screen import EMERGENCY, HOLD, INFO, POSITIONS, PROVIDER, STEP, Cue, Screen

SEEDS = ("How to Massage Out a Clogged Milk Duct", "How To Exactly Massage Out A Clogged Milk Duct")

SAMPLES = {
    STEP: Screen(
        STEP, "Oil", section="Warmth and preparation", step=4, steps=6, progress=3 / 6,
        body="Spread a little oil on the skin, so your fingers glide. A food-safe oil such as "
             "coconut or olive oil is ideal. Massage oil or lotion is fine too.",
        sources=SEEDS,
    ),
    HOLD: Screen(
        HOLD, "Toothpaste tube strokes", section="Massage", hold_seconds=90,
        cues=(
            Cue(0, "Steady circles behind the lump."),
            Cue(20, "Walk the circles toward the areola."),
            Cue(40, "Moderate pressure, never painful."),
            Cue(60, "Go back behind the lump, and start again."),
            Cue(75, "Keep your breathing slow and easy."),
        ),
        alexa_timer_seconds=90,
    ),
    EMERGENCY: Screen(
        EMERGENCY, "Get emergency help now", emergency_number="911",
        call_line="Trouble breathing needs emergency help right away.",
    ),
    PROVIDER: Screen(
        PROVIDER, "Contact your healthcare provider today", section="Warning signs",
        body="A fever with a sore lump can mean mastitis.",
        provider_lines=("Fever of 101.5 °F", "Chills", "Red streaks on the breast"),
        lump_hours=30, hints=("what is mastitis", "help"),
    ),
    INFO: Screen(
        INFO, "What you can say", section="Help",
        body="I can walk you through easing a clogged duct, step by step, and check warning "
             "signs with you. General information, not medical advice.",
        hints=("help me with a clog", "I have a fever", "next", "where am I"),
        safety_line="Please call 911 now, from a phone, if you haven't.", safety_number="911",
    ),
    POSITIONS: Screen(
        POSITIONS, "Koala hold", section="Positioning",
        body="Sit baby upright on your thigh, facing you, in a koala hold. Their chin then "
             "points up, toward the top of the breast.",
        illustration="upper",
        sources=("How to Massage Out a Clogged Milk Duct", "La Leche League International, breastfeeding positions"),
    ),
}
