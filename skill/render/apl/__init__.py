"""APL screens for Echo Show, Echo Spot and Fire TV, built from a small view model (Screen)."""
from .directive import datasource, render_directive, supports_apl
from .screen import Cue, Screen
from .touch import touch_intent

__all__ = ["Cue", "Screen", "datasource", "render_directive", "supports_apl", "touch_intent"]
