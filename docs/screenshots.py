#!/usr/bin/env python3
"""Render the screenshots of the README from the bundled examples with headless Chromium.

    python docs/screenshots.py        # writes docs/report-overview.png and docs/report-departments.png

Each shot is the HTML report of ``examples/`` with the other parts of the page hidden by a line of CSS;
the empty background below is trimmed when Pillow is installed.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHOTS = {
    # file name: what to hide (CSS selectors), window height
    "report-overview.png": ("#departments, #notes, #forms, footer", 1500),
    "report-departments.png": ("header.top, nav.filters, #overview, #notes, #forms, footer", 700),
}


def main() -> int:
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
                   None)
    if browser is None:
        print("Chromium is needed (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "perflint.cli", "check", "--no-config", "examples/", "--format", "html",
                        "-o", str(report)], cwd=ROOT, check=False)
        text = report.read_text("utf-8")
        for name, (hidden, height) in SHOTS.items():
            page = Path(tmp) / f"{name}.html"
            page.write_text(text.replace("</style>", f"{hidden} {{ display: none !important; }}\n</style>", 1),
                            "utf-8")
            shot = HERE / name
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={tmp}/profile", "--hide-scrollbars", f"--window-size=1280,{height}",
                            f"--screenshot={shot}", page.as_uri()], check=True, capture_output=True)
            trim(shot)
            print(f"wrote {shot.relative_to(ROOT)}")
    return 0


def trim(path: Path) -> None:
    """Cut the empty page background below the content (needs Pillow; left as it is without)."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return
    image = Image.open(path).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        image.crop((0, 0, image.width, min(image.height, box[3] + 24))).save(path, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
