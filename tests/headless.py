"""Headless chromium as the report's browser tests and its benchmark run it: offline, with a profile of its own."""

from __future__ import annotations

from pathlib import Path


def browser_command(browser: str, page: Path, profile: Path, *flags: str) -> list[str]:
    """One headless run on `page` with `flags`, behind a proxy that refuses every connection."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={profile}",
        *flags,
        page.resolve().as_uri(),
    ]
