"""Checks run on every staff and manager page in the browser tests: no
sideways scrolling, no table cell squeezed under 3 characters a line, no
console errors, no serious or critical axe-core violations, no external
hosts, and a first load under 200 KB of HTML+CSS+JS.

axe-core (npm, MPL-2.0) is a test-only file: injected by the test through
the DevTools protocol, never served to users."""

from pathlib import Path
from urllib.parse import urlparse

AXE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")
PAGE_BUDGET = 200 * 1024

LAYOUT = """() => {
  const doc = document.documentElement;
  const narrow = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const box = cell.getBoundingClientRect();
    const head = cell.closest('thead');
    if (box.width <= 2 || cell.offsetParent === null) continue;
    if (head && head.getBoundingClientRect().width <= 2) continue;  // visually hidden
    const size = parseFloat(getComputedStyle(cell).fontSize);
    const text = cell.innerText.trim();
    // A CJK character is about 1em wide, a Latin one about 0.5em: 3 Latin
    // characters need 1.5em; 3 CJK ones 3em.
    const cjk = /[\\u3400-\\u9fff]/.test(text);
    if (text.length >= 3 && box.width < size * (cjk ? 3 : 1.5) + 4) narrow.push(text.slice(0, 30));
  }
  return {overflow: doc.scrollWidth - doc.clientWidth, narrow: narrow};
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


class Watch:
    """Console errors and the bytes of each first load's HTML, CSS and JS."""

    def __init__(self, page, base_url):
        self.errors, self.external, self.sizes = [], [], {}
        self.host = urlparse(base_url).netloc
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)

    def _response(self, response):
        url = urlparse(response.url)
        if url.scheme in ("data", "blob"):
            return
        if url.netloc != self.host:
            self.external.append(response.url)
        kind = response.request.resource_type
        if kind in ("document", "stylesheet", "script"):
            try:
                self.sizes[response.url] = len(response.body())
            except Exception:  # redirects have no body
                self.sizes[response.url] = 0

    def reset(self):
        self.errors.clear()
        self.external.clear()
        self.sizes.clear()


def audit(page, watch, *, axe=True) -> list[str]:
    """Problems on the page now shown (empty: none)."""
    problems = []
    layout = page.evaluate(LAYOUT)
    if layout["overflow"] > 0:
        problems.append(f"scrolls sideways by {layout['overflow']}px")
    if layout["narrow"]:
        problems.append(f"squeezed cells: {layout['narrow'][:5]}")
    if watch.errors:
        problems.append(f"console errors: {watch.errors[:3]}")
    if watch.external:
        problems.append(f"external hosts: {watch.external[:3]}")
    total = sum(watch.sizes.values())
    if total > PAGE_BUDGET:
        problems.append(f"first load {total // 1024} KB > 200 KB")
    if axe:
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.evaluate(AXE + "\n;true")
        violations = page.evaluate(AXE_RUN)
        if violations:
            problems.append(f"axe: {violations}")
    return problems
