"""Browser tests: Playwright driving Debian's Chromium, with axe-core checks.

CI must never skip these silently: without a browser they fail, unless
SKIP_E2E=1 is set explicitly (a developer's choice, never CI's).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForEngagedSites",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
    if os.environ.get("SKIP_E2E") == "1":
        skip = pytest.mark.skip(reason="SKIP_E2E=1 was set explicitly")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium "
            "(or set SKIP_E2E=1 to skip the browser tests on purpose)."
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-US"}


@pytest.fixture(autouse=True)
def _e2e_settings(settings, request):
    # The live server speaks plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    if "live_server" in request.fixturenames:
        # Emails link to the site's one address: here, the live server.
        live_server = request.getfixturevalue("live_server")
        settings.SITE_DOMAIN = live_server.url.removeprefix("http://")
        settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"


@pytest.fixture
def assert_accessible():
    """Run axe-core in the page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, *, context: str = ""):
        # A test waits for what its click leads to before it checks; this is
        # the floor under that: never audit a document that is still loading.
        page.wait_for_load_state("load")
        results = axe.run(page)
        bad = [
            v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} → "
            + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
            for v in bad
        )
        assert not bad, f"axe violations on {context or page.url}:\n{details}"

    return check
