"""Preview: `python -m skill.render.apl [folder]` writes each sample screen's RenderDocument directive,
and its document and datasources apart (for the APL authoring tool), to build/screens/."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .directive import render_directive
from .samples import SAMPLES


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, screen in SAMPLES.items():
        directive = render_directive(screen, f"preview-{kind}")
        for name, part in (("directive", directive), ("document", directive["document"]),
                           ("datasources", directive["datasources"])):
            (folder / f"{kind}.{name}.json").write_text(json.dumps(part, indent=2, ensure_ascii=False))
        print(f"{kind}: {folder / kind}.directive.json")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/screens"))
