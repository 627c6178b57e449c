"""The HTML report of a 10,000-person partner (every built-in competency and designation)
built and rendered in headless chromium, against the Contoso example's page, alternating in
the same run. Prints the medians, the ratio, and the page sizes.

Run: python benchmarks/bench_html_report.py [PEOPLE]   (default 10,000; needs chromium)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CRM, partner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the browser command of the tests
from competency import html_report, load_partner, partner_from_data
from competency.compiler.library import load
from headless import browser_command

CONTOSO = Path(__file__).parent.parent / "examples" / "contoso-cloud-crm.yaml"
CODES = (*CRM, "70-346", "70-347", "MB2-877", "MB6-894", "70-535")
BROWSER_SECONDS = 120


def render(browser: str, page: Path, profile: Path) -> None:
    """Load the page and take a 1280-pixel-wide screenshot: layout and paint of the whole page."""
    command = browser_command(browser, page, profile, f"--screenshot={profile / 'shot.png'}", "--window-size=1280,2000")
    subprocess.run(command, capture_output=True, timeout=BROWSER_SECONDS, check=True)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    browser = shutil.which("chromium") or sys.exit("chromium not found (apt-get install chromium)")
    library = load()
    big = partner_from_data(partner(n, CODES, seed=3, as_of="2018-06-01"))
    small = load_partner(CONTOSO)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = {"big": work / "big.html", "contoso": work / "contoso.html"}
        times: dict[str, list[float]] = {"big": [], "contoso": []}
        built: dict[str, list[float]] = {"big": [], "contoso": []}
        for _ in range(5):  # alternate, so that a noisy neighbour slows both alike
            for name, who in (("big", big), ("contoso", small)):
                start = time.perf_counter()
                pages[name].write_text(html_report(library, who), encoding="utf-8")
                built[name].append(time.perf_counter() - start)
                render(browser, pages[name], work / name)
                times[name].append(time.perf_counter() - start)
        sizes = {k: p.stat().st_size for k, p in pages.items()}
    big_s, small_s = (statistics.median(times[k]) for k in ("big", "contoso"))
    for name, label in (("big", f"{n:,} people"), ("contoso", "Contoso, 2 people")):
        page = f"page built in {statistics.median(built[name]):.2f} s, {sizes[name] / 1000:.0f} kB"
        print(f"{label}: {statistics.median(times[name]):.2f} s built and rendered ({page})")
    print(f"ratio: {big_s / small_s:.2f}x")


if __name__ == "__main__":
    main()
