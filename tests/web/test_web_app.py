"""The demo page belongs to the clinic in the clinic file, not to a name in the code."""

from bot.paths import REPO_ROOT
from bot.web.app import render_page
from bot.web.config import WebConfig


def test_demo_page_shows_the_clinic_from_the_clinic_file():
    other = str(REPO_ROOT / "tests" / "fixtures" / "clinics" / "pacific_valid.yml")
    config = WebConfig.from_env({"PAINPATH_CLINIC_FILE": other})
    page = render_page("demo-clinic.html", config)
    assert "Pacific Coast Spine and Pain" in page
    assert "Riverside" not in page
