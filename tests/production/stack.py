"""The production set-up on one machine, started from Debian's packages and the files in
deploy/ as they are: PostgreSQL, Redis, a local SMTP server, two app servers and two task
workers started by the command lines of their systemd units with the environment file's
settings, and nginx with the site file in front of them over TLS.

What a deployer changes in those files is what this test changes, and nothing else: the
placeholders that docs/deployment.md tells them to replace (host name, the app servers'
addresses, certificate and log paths) and the environment's machine-specific values
(`MACHINE_SPECIFIC` below). A setting, unit line or nginx directive that breaks the site
breaks this test.
"""

import datetime
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench.harness import PYTHON, ROOT
from bench.rush import free_port, run_checked, unverified_tls

DEPLOY = ROOT / "deploy"
ENVIRONMENT_FILE = DEPLOY / "lifelong.env"
SYSTEMD = DEPLOY / "systemd"
NGINX_SITE = DEPLOY / "nginx" / "lifelong.conf"
# Where the units expect the code, and where the docs install the environment file.
INSTALLED_CODE = "/srv/lifelong"
INSTALLED_ENVIRONMENT_FILE = "/etc/lifelong/lifelong.env"
HOSTNAME = "stack"  # systemd's %H
# The site's public host name (lifelong.example.org in deploy/), which nginx serves; the app
# servers are asked directly by their private address, 127.0.0.1 here (10.0.0.11 in deploy/).
PUBLIC_HOST = "localhost"
RUNTIME_DIRECTORY = "/run/lifelong"
WAIT_SECONDS = 120


def environment_file(path: Path) -> dict[str, str]:
    """A systemd EnvironmentFile: KEY=value lines; comments and blank lines skipped."""
    values = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, separator, value = line.partition("=")
        if not separator or not name.isidentifier():
            raise ValueError(f"{path}:{number}: not a KEY=value line: {line!r}")
        values[name] = value.strip().strip('"')
    return values


@dataclass(frozen=True)
class Unit:
    """What this test takes from a systemd service unit: its commands and environment."""

    name: str
    working_directory: str
    environment_files: list[str]
    exec_start_pre: list[list[str]]
    exec_start: list[list[str]]
    environment: dict[str, str]  # its Environment= lines
    settings: dict[str, list[str]]

    def command(self, code: Path, **paths: Path) -> list[str]:
        """The ExecStart line with the code at `code`, and each installed path named in
        `paths` (e.g. {"/var/backups/lifelong": …}, keys with "/" as "__") elsewhere."""
        (line,) = self.exec_start
        moved = {INSTALLED_CODE: code} | {"/" + k.replace("__", "/"): v for k, v in paths.items()}
        for old, new in moved.items():
            line = [part.replace(old, str(new)) for part in line]
        return line


def read_unit(path: Path, *, instance: str = "") -> Unit:
    settings: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        settings.setdefault(f"{section}.{key.strip()}", []).append(value.strip())

    def expand(value: str) -> str:
        return (
            value.replace("%%", "\0")
            .replace("%i", instance)
            .replace("%H", HOSTNAME)
            .replace("\0", "%")
        )

    def commands(key: str) -> list[list[str]]:
        # Prefixes such as "+" or "-" change how systemd runs a line, not what it runs.
        return [shlex.split(expand(line).lstrip("-+@!:")) for line in settings.get(key, [])]

    return Unit(
        name=path.name,
        working_directory=settings["Service.WorkingDirectory"][0],
        environment_files=settings.get("Service.EnvironmentFile", []),
        exec_start_pre=commands("Service.ExecStartPre"),
        exec_start=commands("Service.ExecStart"),
        environment=dict(
            expand(line).partition("=")[::2] for line in settings.get("Service.Environment", [])
        ),
        settings=settings,
    )


# --- HTTP through nginx ----------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Client:
    """One visitor: its cookies, sent with every request (no redirects followed). A form is
    sent with its CSRF token and the Origin a browser sends over HTTPS."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        self.base = base
        self.cookies = dict(cookies or {})
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=unverified_tls()), _NoRedirects()
        )

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}))

    def post(
        self, path: str, data: dict[str, str] | list[tuple[str, str]], **headers: str
    ) -> Answer:
        if "csrftoken" not in self.cookies:
            self.cookies["csrftoken"] = secrets.token_hex(16)
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        body = urllib.parse.urlencode(
            [*fields, ("csrfmiddlewaretoken", self.cookies["csrftoken"])]
        ).encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={"Origin": self.base, **{k.replace("_", "-"): v for k, v in headers.items()}},
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> Answer:
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=60) as response:
                answer = Answer(
                    response.status, _headers(response.headers), response.read().decode()
                )
                set_cookies = response.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:  # redirects and 4xx/5xx arrive here
            answer = Answer(error.code, _headers(error.headers), error.read().decode())
            set_cookies = error.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer


def _headers(message: object) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()}  # type: ignore[attr-defined]


class FormFields(HTMLParser):
    """The values a browser would send with the first form on a page whose action matches."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if chosen or self._options:
                self.fields.append((self._select, (chosen or [self._options[0][0]])[0]))
            self._select = None


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


# --- the stack -------------------------------------------------------------------------------


@dataclass
class AppServer:
    name: str
    url: str  # straight to the server, as nginx and Prometheus reach it
    access_log: Path
    log: Path


@dataclass
class Stack:
    directory: Path
    env: dict[str, str]
    database_url: str
    base: str  # https://127.0.0.1:PORT, through nginx
    plain_base: str  # http://…, nginx's port 80 server
    app_servers: list[AppServer]
    workers: dict[str, subprocess.Popen[bytes]]  # worker id → process
    worker_log: Path
    smtp_log: Path
    nginx_error_log: Path
    redis: Callable[[bool], None]  # redis(False) stops it, redis(True) starts it again
    postgres: Callable[[bool], None]
    start_worker: Callable[[str], subprocess.Popen[bytes]] = field(repr=False)

    def manage(self, *args: str) -> str:
        return run_checked([PYTHON, "manage.py", *args], self.env)

    def python(self, *args: str) -> str:
        return run_checked([PYTHON, *args], self.env)

    def served_by(self, marker: str) -> list[int]:
        """How many requests whose access-log line contains `marker` each app server took."""
        return [
            sum(marker in line for line in server.access_log.read_text().splitlines())
            for server in self.app_servers
        ]

    def served_since(self, marker: str, before: list[int], total: int) -> list[int]:
        """How many of the `total` requests sent since the counts were `before` each app server
        took; gunicorn writes its access line just after the answer, so wait for the lines."""
        deadline = time.monotonic() + 10
        while True:
            served = [a - b for a, b in zip(self.served_by(marker), before, strict=True)]
            if sum(served) >= total or time.monotonic() > deadline:
                return served
            time.sleep(0.05)

    def scrape(self, server: AppServer) -> list[Any]:
        """The metric families of one app server, as Prometheus scrapes it: directly, by its
        private address, with the token."""
        from prometheus_client.parser import text_string_to_metric_families

        answer = Client(server.url).get(
            "/metrics", {"Authorization": f"Bearer {self.env['METRICS_TOKEN']}"}
        )
        assert answer.status == 200, answer.text[:300]
        return list(text_string_to_metric_families(answer.text))

    def metric(self, server: AppServer, name: str) -> float:
        """The sum of a metric's samples over all labels."""
        return sum(
            float(sample.value)
            for family in self.scrape(server)
            for sample in family.samples
            if sample.name == name
        )

    def metric_families(self, server: AppServer) -> set[str]:
        return {family.name for family in self.scrape(server)}

    def logs(self) -> str:
        parts = [(s.name, s.log) for s in self.app_servers] + [
            ("workers", self.worker_log),
            ("nginx", self.nginx_error_log),
        ]
        return "\n".join(
            f"--- {name}:\n{path.read_text(errors='replace')[-2500:] if path.exists() else ''}"
            for name, path in parts
        )


def _wait_for_port(port: int, what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} stopped with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {WAIT_SECONDS} s")


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True)
    chain, private = directory / "fullchain.pem", directory / "privkey.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, private


def render_site(directory: Path, *, https_port: int, http_port: int, app_ports: list[int]) -> str:
    """The nginx site with the documented placeholders replaced, each of which must be there
    as the file's header says (a renamed placeholder fails here, not in a deployment)."""
    site = NGINX_SITE.read_text()
    certificates = directory / "tls"
    _self_signed_certificate(certificates)
    replacements = [
        ("/etc/letsencrypt/live/lifelong.example.org", str(certificates)),
        ("lifelong.example.org", PUBLIC_HOST),
        ("server 10.0.0.11:8000", f"server 127.0.0.1:{app_ports[0]}"),
        ("server 10.0.0.12:8000", f"server 127.0.0.1:{app_ports[1]}"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:80;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("/var/lib/nginx/lifelong-static", str(directory / "nginx-cache")),
        ("/var/log/nginx", str(directory)),
        ("/var/www/letsencrypt", str(directory / "acme")),
    ]
    for placeholder, value in replacements:
        if placeholder not in site:
            raise AssertionError(f"{NGINX_SITE} no longer has {placeholder!r}")
        site = site.replace(placeholder, value)
    return site


def _nginx_conf(directory: Path, site: Path) -> str:
    """The machine's part of nginx.conf (Debian's /etc/nginx/nginx.conf), in the test's folder."""
    user = "root" if os.geteuid() == 0 else ""
    return f"""
{f"user {user};" if user else ""}
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-main-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {directory}/nginx-body;
    proxy_temp_path {directory}/nginx-proxy;
    fastcgi_temp_path {directory}/nginx-fastcgi;
    uwsgi_temp_path {directory}/nginx-uwsgi;
    scgi_temp_path {directory}/nginx-scgi;
    include {site};
}}
"""


def _placed(value: str, *replacements: tuple[str, str]) -> str:
    """The environment file's value with the given placeholders replaced (each must be in it),
    then the public host name."""
    for placeholder, replacement in replacements:
        if placeholder not in value:
            raise AssertionError(f"{ENVIRONMENT_FILE}: {placeholder!r} not in {value!r}")
        value = value.replace(placeholder, replacement)
    return value.replace("lifelong.example.org", PUBLIC_HOST)


def _require(binary: str, package: str) -> str:
    found = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/sbin")
    if found is None:
        raise RuntimeError(
            f"{binary} is missing: Debian package '{package}' (`make test` installs it)"
        )
    return found


# The environment file's values that belong to one machine, which every deployment sets for
# itself (the file says CHANGE-ME, lifelong.example.org or 10.0.0.x there). Everything else
# runs exactly as the file has it.
MACHINE_SPECIFIC = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "CACHE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "CREDENTIAL_KEYS_FILE",
    "BIND",
    "WEB_CONCURRENCY",
    "ACCESS_LOG",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "METRICS_TOKEN",
)


@contextmanager
def production_stack(*, job_stale_seconds: int = 3) -> Iterator[Stack]:
    """Everything started, and stopped again when the block ends, whatever happened."""
    nginx = _require("nginx", "nginx")
    redis_server = _require("redis-server", "redis-server")
    with ExitStack() as stack:
        directory = Path(tempfile.mkdtemp(prefix="lifelong-production-", dir="/tmp"))
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        directory.chmod(0o755)  # PostgreSQL's own user reads its folder inside
        processes: list[subprocess.Popen[bytes]] = []

        def stop_all() -> None:
            for process in reversed(processes):
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

        stack.callback(stop_all)

        def start(
            command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT
        ) -> subprocess.Popen[bytes]:
            with log.open("ab") as out:
                process = subprocess.Popen(
                    command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT
                )
            processes.append(process)
            return process

        # PostgreSQL (Debian's package, a server of the test's own).
        postgres_dir = directory / "postgres"
        script = str(ROOT / "scripts" / "postgres.sh")
        database_url = run_checked([script, "start", str(postgres_dir)], dict(os.environ)).strip()
        stack.callback(run_checked, [script, "stop", str(postgres_dir)], dict(os.environ))

        def postgres(up: bool) -> None:
            run_checked([script, "resume" if up else "halt", str(postgres_dir)], dict(os.environ))

        # Redis, on a port of its own; it can be stopped and started again on the same port.
        redis_port = free_port()
        redis_process: list[subprocess.Popen[bytes]] = []

        def redis(up: bool) -> None:
            if not up:
                stopping = redis_process.pop()
                stopping.terminate()
                stopping.wait(timeout=20)
                return
            process = start(
                [
                    redis_server,
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                dict(os.environ),
                directory / "redis.log",
            )
            redis_process.append(process)
            _wait_for_port(redis_port, "redis-server", process)

        redis(True)

        # A local SMTP server that prints what it receives.
        smtp_port, smtp_log = free_port(), directory / "smtp.log"
        smtp = start(
            [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}"],
            dict(os.environ, PYTHONUNBUFFERED="1"),
            smtp_log,
        )
        _wait_for_port(smtp_port, "the SMTP server", smtp)

        https_port, http_port = free_port(), free_port()
        base = f"https://{PUBLIC_HOST}:{https_port}"
        template = environment_file(ENVIRONMENT_FILE)
        missing = [name for name in MACHINE_SPECIFIC if name not in template]
        assert not missing, f"{ENVIRONMENT_FILE} lacks {missing}"
        env = {
            # systemd starts services with a clean environment: only the file's settings.
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(ROOT),
            **template,
            "SECRET_KEY": secrets.token_urlsafe(50),
            # The public host name and this server's private address, as the file lists them.
            "ALLOWED_HOSTS": _placed(template["ALLOWED_HOSTS"], ("10.0.0.11", "127.0.0.1")),
            "CSRF_TRUSTED_ORIGINS": _placed(
                template["CSRF_TRUSTED_ORIGINS"], ("https://lifelong.example.org", base)
            ),
            "SITE_URL": _placed(template["SITE_URL"], ("https://lifelong.example.org", base)),
            "DATABASE_URL": database_url,
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "STATIC_ROOT": str(directory / "static"),
            "MEDIA_ROOT": str(directory / "media"),
            "CREDENTIAL_KEYS_FILE": str(directory / "credential-keys.json"),
            "WEB_CONCURRENCY": "3",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": "false",
            "METRICS_TOKEN": secrets.token_urlsafe(32),
            # Short, so that a killed worker's job is taken up within seconds.
            "JOB_STALE_SECONDS": str(job_stale_seconds),
        }
        run_dir = directory / "run"  # RuntimeDirectory=lifelong of the web and worker units
        run_dir.mkdir()
        assert "PROMETHEUS_MULTIPROC_DIR" not in template  # the units set it, for themselves

        def service_env(unit: Unit) -> dict[str, str]:
            own = {
                k: v.replace(RUNTIME_DIRECTORY, str(run_dir)) for k, v in unit.environment.items()
            }
            return {**env, **own}

        # The deployment's one-off steps (docs/deployment.md).
        for step in (
            ["migrate", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["credential_keys", "--rotate"],
        ):
            run_checked([PYTHON, "manage.py", *step], env)

        # Two app servers, each as lifelong-web.service starts it, on ports of their own.
        web = read_unit(SYSTEMD / "lifelong-web.service")
        assert web.environment_files == [INSTALLED_ENVIRONMENT_FILE]
        assert web.working_directory == INSTALLED_CODE
        app_servers, app_ports = [], []
        for number in (1, 2):
            port = free_port()
            server = AppServer(
                name=f"app server {number}",
                url=f"http://127.0.0.1:{port}",
                access_log=directory / f"web{number}-access.log",
                log=directory / f"web{number}.log",
            )
            process = start(
                web.command(ROOT),
                {
                    **service_env(web),
                    "BIND": f"127.0.0.1:{port}",
                    "ACCESS_LOG": str(server.access_log),
                },
                server.log,
            )
            _wait_for_port(port, server.name, process)
            app_servers.append(server)
            app_ports.append(port)

        # Two workers, as lifelong-worker@1 and @2.
        worker_log = directory / "workers.log"
        workers: dict[str, subprocess.Popen[bytes]] = {}

        def start_worker(instance: str) -> subprocess.Popen[bytes]:
            unit = read_unit(SYSTEMD / "lifelong-worker@.service", instance=instance)
            process = start(unit.command(ROOT), service_env(unit), worker_log)
            workers[f"{HOSTNAME}-{instance}"] = process
            return process

        for instance in ("1", "2"):
            start_worker(instance)

        # nginx with the site file.
        site = directory / "lifelong.conf"
        site.write_text(
            render_site(directory, https_port=https_port, http_port=http_port, app_ports=app_ports)
        )
        conf = directory / "nginx.conf"
        conf.write_text(_nginx_conf(directory, site))
        run_checked([nginx, "-t", "-q", "-c", str(conf), "-p", str(directory)], dict(os.environ))
        proxy = start(
            [nginx, "-c", str(conf), "-p", str(directory)],
            dict(os.environ),
            directory / "nginx.out",
        )
        _wait_for_port(https_port, "nginx", proxy)

        yield Stack(
            directory=directory,
            env=env,
            database_url=database_url,
            base=base,
            plain_base=f"http://{PUBLIC_HOST}:{http_port}",
            app_servers=app_servers,
            workers=workers,
            worker_log=worker_log,
            smtp_log=smtp_log,
            nginx_error_log=directory / "lifelong.error.log",
            redis=redis,
            postgres=postgres,
            start_worker=start_worker,
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    """As the OOM killer or a pulled plug stops a process: no handler, no `finally`."""
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
