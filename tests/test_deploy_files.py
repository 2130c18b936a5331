"""The environment template in deploy/ lists every setting the site reads, each with a line
that explains it, and nothing the site no longer reads; the systemd units point at the paths
the docs install them to. (The production test, tests/production, runs the files.)"""

import re
from pathlib import Path

from tests.production.stack import ENVIRONMENT_FILE, SYSTEMD, environment_file, read_unit

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(
    r"""(?:env_(?:str|int|bool|list|choice)\(\s*|os\.environ(?:\.get)?\(\s*)"([A-Z][A-Z0-9_]+)\""""
)
# Set by the units for themselves (deploy/systemd), named in a comment of the template.
SET_BY_UNITS = {"PROMETHEUS_MULTIPROC_DIR"}


def _read_by_the_site() -> set[str]:
    sources = [ROOT / "gunicorn.conf.py", *(ROOT / "lifelong").rglob("*.py")]
    names = {name for path in sources for name in READS.findall(path.read_text())}
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "BIND", "METRICS_TOKEN"} <= names
    return names


def test_the_template_lists_every_setting_and_no_other():
    listed = set(environment_file(ENVIRONMENT_FILE))
    read = _read_by_the_site()
    assert read - listed - SET_BY_UNITS == set()
    assert listed - read == set()
    text = ENVIRONMENT_FILE.read_text()
    for name in SET_BY_UNITS:
        assert f"# {name}" in text


def test_every_setting_has_a_line_that_explains_it():
    lines = ENVIRONMENT_FILE.read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"[A-Z_]+=", line):
            before = lines[number - 1]
            # A comment right above, or a setting of the same group under one comment.
            assert before.startswith("# ") or re.match(r"[A-Z_]+=", before), line


def test_the_units_run_the_code_and_settings_where_the_docs_install_them():
    docs = (ROOT / "docs" / "deployment.md").read_text()
    for path in SYSTEMD.glob("*.service"):
        unit = read_unit(path, instance="1")
        assert unit.working_directory == "/srv/lifelong", path.name
        assert unit.environment_files == ["/etc/lifelong/lifelong.env"], path.name
        assert unit.exec_start[0][0].startswith("/srv/lifelong/.venv/bin/"), path.name
        assert path.name in docs
    assert "/etc/lifelong/lifelong.env" in docs
