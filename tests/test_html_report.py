"""The HTML report: golden structure of example pages, every number on the page against the
data it was built from (the same as `eval --format json`), escaping, and the page in a real
headless browser (tests/data/reports/NAME.outline.txt)."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import competency
import pngpixels
from competency.analysis.explain import explain_evaluation
from competency.cli import app
from competency.engine.engine import evaluate
from competency.reports import html as report_html
from conftest import time_bound
from headless import browser_command

ROOT = Path(__file__).parent.parent
REPORTS = Path(__file__).parent / "data" / "reports"
EXAMPLES = {
    "contoso": (ROOT / "examples" / "contoso-cloud-crm.yaml", ["cloud-crm"]),
    "solutions-partner-azure": (ROOT / "examples" / "solutions-partner-azure.yaml", ["infrastructure", "data-ai"]),
}


def _data(library, partner, competencies=None, with_plans=False):
    evaluation = explain_evaluation(library, partner, evaluate(library, partner, competencies))
    found = report_html.plans_for(library, partner, evaluation) if with_plans else ()
    return report_html.report_data(library, partner, evaluation, found)


# ---- reading the page back --------------------------------------------------------------


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: _Element | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, _Element):
                yield from child.walk()


VOID = {"meta", "input", "br", "line", "link"}


class _Tree(html.parser.HTMLParser):
    """The page as a tree of elements (enough of HTML for a page this module writes)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root = self.node = _Element("#document", {}, None)
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, dict(attrs), self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(_Element(tag, dict(attrs), self.node))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.node.tag == tag, f"</{tag}> closes <{self.node.tag}>"
        self.node = self.node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def _resolve(data, pointer: str):
    for key in pointer.split("/")[1:]:
        key = key.replace("~1", "/").replace("~0", "~")
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _outline(page: str) -> str:
    """The page's structure: one line per element with a class or id, its text where it has
    no such children (the golden files compare this, not the styles)."""
    lines = []

    def visit(element: _Element, depth: int) -> None:
        if element.tag in ("style", "script", "head"):
            return
        named = [c for c in element.children if isinstance(c, _Element)]
        label = element.tag + "".join(f".{c}" for c in (element.attrs.get("class") or "").split())
        if element.attrs.get("id"):
            label += f"#{element.attrs['id']}"
        marked = element.tag in ("h1", "h2", "h3", "h4", "li", "p", "th", "td", "figcaption", "summary")
        if marked or element.attrs.get("class") or element.attrs.get("id"):
            text = " ".join(element.text().split())
            lines.append("  " * depth + label + (f": {text}" if text and (marked or not named) else ""))
            depth += 1
        for child in named:
            visit(child, depth)

    visit(_Tree(page).root, 0)
    return "\n".join(lines) + "\n"


# ---- golden pages -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_structure(library, golden, name):
    path, competencies = EXAMPLES[name]
    page = competency.html_report(library, competency.load_partner(path), competencies, with_plans=True)
    golden(_outline(page), REPORTS / f"{name}.outline.txt")


def test_contoso_page_shows_the_matching(library):
    """Silver: Bruno in the first slot, Ana in the customization slot; Gold: Ana is the only one."""
    partner = competency.load_partner(EXAMPLES["contoso"][0])
    tree = _Tree(competency.html_report(library, partner, ["cloud-crm"]))
    silver, gold = (e for e in tree.root.walk() if "level" in (e.attrs.get("class") or "").split())
    assert [line.attrs["data-person"] for line in silver.walk() if line.tag == "line"] == ["p-bruno", "p-ana"]
    assert sum("empty" in (e.attrs.get("class") or "") for e in gold.walk() if e.tag == "li") == 2
    stuck = [e.text() for e in gold.walk() if e.tag == "li" and "person violator" in (e.attrs.get("class") or "")]
    assert stuck == ["Ana Souza ana ⚠ only candidate"]
    why = next(e for e in gold.walk() if e.tag == "p" and "why" in (e.attrs.get("class") or ""))
    assert "the 2 slots for one_of(MB2-712, MB2-707) can only be filled by ana" in why.text()


def test_a_legend_gives_every_requirement_whole(library):
    """A narrow page cuts the headings among the slots to two lines; the legend above the picture says each in full."""
    partner = competency.load_partner(EXAMPLES["contoso"][0])
    tree = _Tree(competency.html_report(library, partner, ["cloud-crm"]))
    legends = [e for e in tree.root.walk() if e.tag == "ol" and "legend" in (e.attrs.get("class") or "")]
    items = [[" ".join(li.text().split()) for li in ol.children if isinstance(li, _Element)] for ol in legends]
    assert items == [
        [
            "A 1 person passes one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)",
            "B 1 person passes one_of(MB2-712, MB2-707)",
        ],
        [
            "A 2 persons each pass one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)",
            "B 2 persons each pass one_of(MB2-712, MB2-707)",
        ],
    ]


def test_a_plan_the_solver_cannot_settle_says_so_and_the_page_stands(library, monkeypatch):
    from competency.analysis import milp

    monkeypatch.setattr(milp, "MAX_SIZE", 10)  # as a partner of many thousands would be
    partner = competency.load_partner(EXAMPLES["contoso"][0])
    data = _data(library, partner, ["cloud-crm"], with_plans=True)
    assert data["plans"]["cloud-crm"]["status"] == "unsolved"
    page = report_html.page(data)
    plan = next(e for e in _Tree(page).root.walk() if e.attrs.get("id") == "plan-cloud-crm")
    text = " ".join(plan.text().split())
    assert text.startswith("Plan⚠ No plan computed (try competency plan -c cloud-crm)")
    assert "the plan's integer program is too large (over 10 variables and coefficients)" in text
    assert '<article class="level met">' in page and "the plan: unsolved" in " ".join(_Tree(page).root.text().split())
    check_numbers(page, data)


def test_a_declared_level_no_option_states_is_not_next(tmp_path):
    rules = tmp_path / "tiers.comp"
    rules.write_text(
        'competency tiers "Tiers" {\n  effective 2017-01-01\n  levels silver < gold < platinum\n'
        '  option only "Only" {\n    level silver { 1 person passes MB2-714 }\n'
        "    level gold { 2 persons each pass MB2-714 }\n  }\n}\n"
    )
    library = competency.load([rules])
    partner = competency.partner_from_data(
        {"partner": "P", "as_of": "2017-09-01", "people": [{"id": f"p{i}", "credentials": ["MB2-714"]} for i in "ab"]}
    )
    tree = _Tree(competency.html_report(library, partner, ["tiers"]))
    row = next(e for e in tree.root.walk() if e.tag == "tr" and "tiers" in e.text())
    assert "the highest level is attained" in row.text()


def test_a_designation_short_of_qualified_says_what_it_lacks(library):
    """Digital & App Innovation lacks points (67.5 of 70); Infrastructure has them (75.5) but a metric at zero."""
    partner = competency.load_partner(EXAMPLES["solutions-partner-azure"][0])
    page = competency.html_report(library, partner, ["digital-app-innovation", "infrastructure"])
    rows = [" ".join(e.text().split()) for e in _Tree(page).root.walk() if e.tag == "tr" and "Solutions" in e.text()]
    short, zero = (next(r for r in rows if title in r) for title in ("Digital & App", "Infrastructure"))
    assert "qualified:67.5 of the 70.0 points needed" in short
    assert "points needed" not in zero and "70.0" not in zero
    assert "at zero Advanced certifications" in zero


# ---- every number from the data ---------------------------------------------------------

FORMATS = {"amount": lambda v: f"{v:,}", "points": lambda v: f"{float(v):.1f}", "branch": lambda v: str(v + 1)}


def check_numbers(page: str, data) -> None:
    """Every value marked on the page is the data's value at its pointer; every count of people
    adds up to the level's people; and no digit on the page is outside a marked value."""
    tree = _Tree(page)
    counts: dict[str, int] = {}
    for element in tree.root.walk():
        pointer = element.attrs.get("data-src")
        if pointer is not None:
            value = _resolve(data, pointer)
            if element.tag == "data":
                assert json.loads(element.attrs["value"]) == value, pointer
                assert element.text() == FORMATS[element.attrs["class"]](value), pointer
            elif "prose" in (element.attrs.get("class") or ""):
                assert element.text() == value.replace("`", ""), pointer
            else:
                assert element.text() == value, pointer
        if "data-count" in element.attrs:
            level = element.attrs["data-count"]
            counts[level] = counts.get(level, 0) + int(element.attrs["value"])
            assert element.text() == f"{int(element.attrs['value']):,}"
    for level_at, counted in counts.items():
        level = _resolve(data, level_at)
        people = [r for r in level["requirements"] if r["kind"] == "people"]
        seated = {s["person"] for r in people for s in r["slots"]}
        assert counted + len(seated) == data["people"]["count"], level_at
    body = next(e for e in tree.root.walk() if e.tag == "body")
    assert not re.search(r"\d", _unmarked_text(body)), _unmarked_text(body)


def _unmarked_text(element: _Element) -> str:
    if element.tag == "script" or "data-src" in element.attrs or "data-count" in element.attrs:
        return ""
    return "".join(c if isinstance(c, str) else _unmarked_text(c) for c in element.children)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_number_is_the_data(library, name):
    path, _ = EXAMPLES[name]
    data = _data(library, competency.load_partner(path), with_plans=True)
    check_numbers(report_html.page(data), data)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_number_of_every_example(library, path):
    data = _data(library, competency.load_partner(path))
    check_numbers(report_html.page(data), data)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_data_is_eval_json(library, name):
    """One source of truth: the page's evaluation is what `eval --format json` prints."""
    path, _ = EXAMPLES[name]
    printed = CliRunner().invoke(app, ["eval", str(path), "--format", "json"])
    assert printed.exit_code == 0
    assert _data(library, competency.load_partner(path))["evaluation"] == json.loads(printed.stdout)


CRM_EXAMS = ["MB2-714", "MB2-713", "MB2-709", "MB2-710", "MB2-706", "MB2-712", "MB2-707", "MB2-716"]


@given(
    st.lists(st.sets(st.sampled_from(CRM_EXAMS)), max_size=9),
    st.integers(min_value=0, max_value=400_000),
    st.booleans(),
)
def test_numbers_of_random_partners(library, people, revenue, associated):
    partner = competency.partner_from_data(
        {
            "partner": "Test Partner",
            "as_of": "2017-09-01",
            "metrics": {"crm-net-new-revenue": revenue},
            "associations": ["digital-partner-of-record"] if associated else [],
            "people": [{"id": f"p-{chr(97 + i)}", "credentials": sorted(c)} for i, c in enumerate(people)],
        }
    )
    data = _data(library, partner, ["cloud-crm", "cloud-business-applications"])
    check_numbers(report_html.page(data), data)


# ---- safe and self-contained ------------------------------------------------------------

HOSTILE = '<script>alert("x")</script>'


def _hostile_partner():
    return competency.partner_from_data(
        {
            "partner": HOSTILE,
            "as_of": "2017-09-01",
            "metrics": {"crm-net-new-revenue": 1},
            "people": [
                {"id": "a&b", "name": '<img src=x onerror="alert(1)">', "credentials": ["MB2-714", "MB2-710"]},
                {"id": '"><b>', "credentials": ["MB2-999"]},
            ],
        }
    )


def test_untrusted_names_are_escaped(library):
    page = competency.html_report(library, _hostile_partner(), ["cloud-crm"])
    assert HOSTILE not in page and "<img" not in page and '"><b>' not in page
    assert page.count("<script>") == 1  # the page's own
    texts = [" ".join(e.text().split()) for e in _Tree(page).root.walk() if e.tag in ("h1", "li")]
    assert HOSTILE in texts
    assert any('<img src=x onerror="alert(1)"> a&b' in t for t in texts)


def test_the_page_needs_no_network(library):
    page = competency.html_report(library, competency.load_partner(EXAMPLES["contoso"][0]), with_plans=True)
    assert not re.search(r"https?:|//[a-z]", page, re.IGNORECASE)
    refs = re.findall(r'(?<![-\w])(?:src|href)="([^"]*)"', page)
    assert refs and all(ref.startswith("#") for ref in refs), refs  # in-page links only
    assert "@media print" in page and '<meta name="viewport"' in page


def test_thousands_of_people_stay_readable(library):
    """10,000 people: the seated are listed, the rest are groups and counts; the page stays small."""
    exams = [["MB2-714", "MB2-710"], ["MB2-712"], ["MB2-713", "MB2-706", "MB2-707"], ["70-346"]]
    partner = competency.partner_from_data(
        {
            "partner": "Big Partner",
            "as_of": "2017-09-01",
            "metrics": {"crm-net-new-revenue": 500_000},
            "associations": ["digital-partner-of-record"],
            "people": [{"id": f"p{i}", "credentials": exams[i % 4]} for i in range(10_000)],
        }
    )
    with time_bound(10):
        data = _data(library, partner, ["cloud-crm"])
        page = report_html.page(data)
    assert len(page) < 100_000
    tree = _Tree(page)
    persons = [e for e in tree.root.walk() if e.tag == "li" and "person" in (e.attrs.get("class") or "").split()]
    assert len(persons) == 2 + 4  # one per slot of silver and of gold
    groups = [" ".join(e.text().split()) for e in tree.root.walk() if e.attrs.get("class") == "group"]
    assert "2,500 more could fill A or B, not needed here" in groups  # MB2-713, MB2-706 and MB2-707
    check_numbers(page, data)


# ---- the command ------------------------------------------------------------------------


def test_report_command_writes_the_page(tmp_path):
    out = tmp_path / "report.html"
    done = CliRunner().invoke(app, ["report", str(EXAMPLES["contoso"][0]), "-c", "cloud-crm", "--plan", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'id="plan-cloud-crm"' in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml"], "missing.yaml"),
        ([str(EXAMPLES["contoso"][0]), "-c", "no-such"], "no-such"),
        ([str(EXAMPLES["contoso"][0]), "--as-of", "2017-13-01"], "--as-of"),
    ],
)
def test_report_command_input_errors(tmp_path, args, message):
    out = tmp_path / "report.html"
    done = CliRunner().invoke(app, ["report", *args, "-o", str(out)])
    assert done.exit_code == 2
    assert message in done.output and "Traceback" not in done.output
    assert not out.exists()


def test_report_command_will_not_write_over_the_partner_file(tmp_path):
    partner = tmp_path / "contoso.yaml"
    shutil.copy(EXAMPLES["contoso"][0], partner)
    done = CliRunner().invoke(app, ["report", str(partner), "-o", str(partner)])
    assert done.exit_code == 2
    assert done.output.endswith("--output is the input " + str(partner) + "; write the results elsewhere [I308]\n")
    assert partner.read_bytes() == EXAMPLES["contoso"][0].read_bytes()


def test_report_command_unwritable_output(tmp_path):
    done = CliRunner().invoke(app, ["report", str(EXAMPLES["contoso"][0]), "-o", str(tmp_path / "no" / "r.html")])
    assert done.exit_code == 2
    assert "r.html" in done.output and "Traceback" not in done.output


# ---- in a real browser ------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER_SECONDS = 60


def find_browser() -> str:
    """Debian's chromium (.ci/run installs it); the test is skipped without one, except in CI, where it fails."""
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found is None:
        message = "no headless browser (apt-get install chromium) for the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def browser() -> str:
    return find_browser()


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), (None, pytest.skip.Exception)])
def test_no_browser_skips_but_fails_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no headless browser"):
        find_browser()


def run_browser(browser: str, page: Path, work: Path, *flags: str) -> subprocess.CompletedProcess:
    """One headless run on `page`, offline (a proxy that refuses every connection), with its own profile."""
    command = browser_command(browser, page, work / "profile", *flags)
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{browser} did not finish within {BROWSER_SECONDS} s")


@dataclass(frozen=True)
class Loaded:
    dom: str
    console: list[str]  # what the page wrote to the console, errors included
    requests: list[str]  # URLs the page asked the network for


def load_in_browser(browser: str, page: Path, work: Path) -> Loaded:
    net = work / "net.json"
    done = run_browser(browser, page, work, "--enable-logging=stderr", "--v=0", f"--log-net-log={net}", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Loaded(done.stdout, console, _page_requests(json.loads(net.read_text(encoding="utf-8"))))


def _page_requests(log) -> list[str]:
    """The requests made for a file:// page (the browser's own, such as update checks, are left out)."""
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start and "file://" in e["params"].get("network_isolation_key", "")
    ]


@pytest.fixture(scope="module")
def contoso_page(library, tmp_path_factory) -> tuple[Path, dict]:
    partner = competency.load_partner(EXAMPLES["contoso"][0])
    data = _data(library, partner, with_plans=True)
    path = tmp_path_factory.mktemp("report") / "contoso.html"
    path.write_text(report_html.page(data), encoding="utf-8")
    return path, data


@pytest.fixture(scope="module")
def contoso_loaded(browser, contoso_page, tmp_path_factory) -> Loaded:
    return load_in_browser(browser, contoso_page[0], tmp_path_factory.mktemp("browser"))


def test_browser_dom_holds_the_report(contoso_loaded, contoso_page):
    _, data = contoso_page
    tree = _Tree(contoso_loaded.dom)
    assert next(e for e in tree.root.walk() if e.tag == "html").attrs.get("data-script") == "ready"
    errors = next(e for e in tree.root.walk() if e.attrs.get("id") == "script-errors")
    assert "hidden" in errors.attrs and errors.text() == ""
    results = [r for r in data["evaluation"]["results"] if r["in_force"]]
    headings = [" ".join(e.text().split()) for e in tree.root.walk() if e.tag == "h2"]
    assert headings == ["Summary", *(f"{r['title']} {r['competency']}" for r in results)]
    levels = [" ".join(e.text().split()) for e in tree.root.walk() if e.tag == "h3" and "option" in e.text()]
    assert [heading.split(" · via ")[0] for heading in levels] == [
        f"{OK_OR_NOT[lv['met']]}{lv['level']} · option {lv['option']} {OK_OR_NOT[lv['met']]} {MET[lv['met']]}"
        for r in results
        for lv in r["levels"]
    ]
    seats = [e for e in tree.root.walk() if e.tag == "line" and "seat" in e.attrs["class"]]
    slots = [
        s
        for r in results
        for lv in r["levels"]
        for q in lv["requirements"]
        if q["kind"] == "people"
        for s in q["slots"]
    ]
    assert [s.attrs["data-person"] for s in seats] == [f"p-{s['person']}" for s in slots]
    people = {
        " ".join(e.text().split()) for e in tree.root.walk() if e.tag == "li" and "person" in e.attrs.get("class", "")
    }
    assert {"Ana Souza ana", "Bruno Diaz bruno"} <= people


OK_OR_NOT = {True: "✓", False: "✗"}
MET = {True: "Met", False: "Not met"}


def test_browser_sees_no_error_and_no_request(contoso_loaded):
    assert contoso_loaded.console == []
    assert contoso_loaded.requests == []


def test_browser_checks_would_see_an_error_and_a_request(browser, tmp_path):
    """The two checks above catch what they look for: a script error, and an image from the web."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><img src="http://example.invalid/a.png"><script>nowhere();</script>')
    loaded = load_in_browser(browser, page, tmp_path)
    assert any("Uncaught ReferenceError" in line for line in loaded.console)
    assert loaded.requests == ["http://example.invalid/a.png"]


@pytest.mark.parametrize("width", [320, 1280])
def test_browser_screenshot_is_not_blank(browser, contoso_page, tmp_path, width):
    shot = tmp_path / "shot.png"
    done = run_browser(browser, contoso_page[0], tmp_path, f"--screenshot={shot}", f"--window-size={width},2000")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    found_width, height, rows = pngpixels.pixels(shot.read_bytes())
    assert (found_width, height) == (width, 2000)
    colours = Counter(row[i : i + 3] for row in rows[::8] for i in range(0, len(row), 3 * 8))
    assert len(colours) > 20, "too few colours: a blank page"
    assert colours.most_common(1)[0][1] < 0.9 * sum(colours.values()), "one colour covers the page"
