"""Settings are declared once: parsed strictly, defaulted, documented."""

from __future__ import annotations

import pytest

from dashboard.core import settings as dashboard_settings
from data_access import settings


def test_unset_or_blank_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DASHBOARD_DB_TIMEOUT", raising=False)
    assert settings.DB_TIMEOUT.get() == 5.0
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", "  ")
    assert settings.DB_TIMEOUT.get() == 5.0
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", "2.5")
    assert settings.DB_TIMEOUT.get() == 2.5


@pytest.mark.parametrize("raw", ["0", "-1", "nan", "inf", "soon"])
def test_a_bad_value_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("DASHBOARD_DB_TIMEOUT", raw)
    with pytest.raises(settings.SettingError, match="DASHBOARD_DB_TIMEOUT"):
        settings.DB_TIMEOUT.get()


def test_the_public_url_is_normalised_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://budget.example.gov.cn/dash/")
    assert dashboard_settings.public_url("/feed.xml") == (
        "https://budget.example.gov.cn/dash/feed.xml"
    )
    for bad in ("budget.example.gov.cn", "ftp://x", "https://x/?a=1", "https://u@x"):
        monkeypatch.setenv("DASHBOARD_PUBLIC_URL", bad)
        with pytest.raises(settings.SettingError):
            dashboard_settings.public_url()


def test_every_setting_is_declared_once_with_its_documentation() -> None:
    names = [setting.name for setting in settings.all_settings()]
    assert len(names) == len(set(names))
    assert "DASHBOARD_PUBLIC_URL" in names
    assert all(s.doc and s.name.startswith("DASHBOARD_") for s in settings.all_settings())
    with pytest.raises(ValueError, match="declared twice"):
        settings.declare(settings.Setting("DASHBOARD_DB_URL", settings.text, "", "again"))


def test_the_operations_guide_lists_exactly_the_declared_settings() -> None:
    """docs/operations.md's settings table is the declarations: same names, order,
    defaults and text (regenerate its rows from ``all_settings()`` after a change)."""
    from tests.conftest import REPO_ROOT

    guide = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = guide.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    declared = [
        [f"`{s.name}`", s.documented_default(), s.doc] for s in settings.all_settings()
    ]
    assert rows == declared
