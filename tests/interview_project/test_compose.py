"""The cluster's deployment files, checked without a Docker daemon: docker-compose.yml read as
`docker compose config` would read it, the Dockerfile's stages, deploy/Caddyfile,
deploy/minio-init.sh, .dockerignore and .env.example, each against the settings, the lock
files and the programs they must agree with."""

from __future__ import annotations

import fnmatch
import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from django.conf import settings
from jsonschema import Draft201909Validator

from analysis_app.engine.warm_up import MODALITIES
from interview_project.settings import base as base_settings

ROOT = Path(__file__).resolve().parents[2]
ONE_SHOT_JOBS = {"migrate", "minio-init"}
STORES = {"postgres", "redis", "minio"}
# Programs the compose commands and the images' CMDs run, and the locked package providing each.
PROGRAMS = {"daphne": "daphne", "celery": "celery", "python": None}
DEV_ONLY_TOOLS = {"pytest", "pytest-django", "pytest-asyncio", "pytest-timeout", "ruff", "moto",
                  "locust", "playwright", "factory-boy", "import-linter", "schemathesis", "mypy"}

Compose = dict[str, Any]


# --- readers ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Interpolation:
    name: str
    operator: str  # "", ":-", "-", ":?", "?", ":+", "+"
    argument: str


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


def interpolations(value: str) -> list[Interpolation]:
    """The ${...} references in one compose value, with compose's syntax: `$$` is a literal
    dollar, `$NAME` and `${NAME}` a variable, `${NAME<op>arg}` one with a default (`:-`, `-`),
    a required message (`:?`, `?`) or a replacement (`:+`, `+`); args may nest. Raises
    ValueError where `docker compose config` fails with "invalid interpolation format"."""
    found: list[Interpolation] = []
    i = 0
    while i < len(value):
        if value[i] != "$":
            i += 1
            continue
        following = value[i + 1:i + 2]
        if following == "$":
            i += 2
            continue
        if following != "{":
            match = _NAME.match(value, i + 1)
            if match is None:
                raise ValueError(f"invalid interpolation format in {value!r} at {i}")
            found.append(Interpolation(match.group(), "", ""))
            i = match.end()
            continue
        match = _NAME.match(value, i + 2)
        if match is None:
            raise ValueError(f"invalid variable name in {value!r} at {i}")
        j = match.end()
        operator = next((op for op in _OPERATORS if value.startswith(op, j)), "")
        j += len(operator)
        depth, start = 1, j
        while j < len(value) and depth:
            if value.startswith("${", j):
                depth, j = depth + 1, j + 2
                continue
            depth -= value[j] == "}"
            j += 1
        if depth or (not operator and j - 1 != start):
            raise ValueError(f"unterminated or malformed interpolation in {value!r} at {i}")
        argument = value[start:j - 1]
        found.append(Interpolation(match.group(), operator, argument))
        found.extend(interpolations(argument))
        i = j
    return found


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _keys(node: object) -> Iterator[object]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


@dataclass(frozen=True)
class EnvEntry:
    assigned: bool  # NAME=... on a line of its own (not commented out)
    value: str
    commented: bool  # a comment above it in its paragraph, or it is itself in a comment


def env_example() -> dict[str, EnvEntry]:
    """Every NAME=value of .env.example, assigned or shown in a comment."""
    entries: dict[str, EnvEntry] = {}
    paragraph_has_comment = False
    for line in (ROOT / ".env.example").read_text().splitlines():
        stripped = line.strip()
        assigned = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", stripped)
        if assigned:
            name, value = assigned.groups()
            entries[name] = EnvEntry(True, value.strip(), paragraph_has_comment)
        elif stripped.startswith("#"):
            paragraph_has_comment = True
            for name in re.findall(r"(?:^#|\s)([A-Z][A-Z0-9_]*)=", stripped):
                entries.setdefault(name, EnvEntry(False, "", True))
        elif not stripped:
            paragraph_has_comment = False
    return entries


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def dockerfile_stages() -> dict[str, Stage]:
    """The Dockerfile's stages by name, each with its base image (or stage) and instructions
    (keyword, arguments), continuation lines joined and comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    for number, instruction in enumerate(logical):
        keyword, _, arguments = instruction.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = arguments.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(number)
            current = stages[name] = Stage(name, words[0])
        elif current is not None:
            current.instructions.append((keyword, arguments.strip()))
    return stages


def stage_chain(stages: dict[str, Stage], target: str) -> list[Stage]:
    """The stages an image of `target` is made from: its base stages, and every stage that
    one of those copies from."""
    seen: list[Stage] = []
    todo = [target]
    while todo:
        name = todo.pop()
        if name not in stages or any(stage.name == name for stage in seen):
            continue
        stage = stages[name]
        seen.append(stage)
        todo.append(stage.base)
        for keyword, arguments in stage.instructions:
            copied = re.search(r"--from=(\S+)", arguments) if keyword == "COPY" else None
            if copied:
                todo.append(copied.group(1))
    return seen


def ancestry(stages: dict[str, Stage], target: str) -> list[Stage]:
    """`target` and the stages it is built FROM, the target first."""
    chain = [stages[target]]
    while chain[-1].base in stages:
        chain.append(stages[chain[-1].base])
    return chain


def locked(path: str = "requirements.lock") -> dict[str, str]:
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def dockerignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` (or a folder above it) out of the build context."""
    ignored = False
    parts = path.split("/")
    candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        if any(fnmatch.fnmatchcase(candidate, pattern)
               or (pattern.startswith("**/") and fnmatch.fnmatchcase(candidate.split("/")[-1],
                                                                     pattern[3:]))
               for candidate in candidates):
            ignored = not negated
    return ignored


def command(service: dict[str, Any]) -> list[str]:
    value = service.get("command", [])
    return shlex.split(value) if isinstance(value, str) else [str(word) for word in value]


def option(words: list[str], *names: str) -> str | None:
    for index, word in enumerate(words):
        for name in names:
            if word == name and index + 1 < len(words):
                return words[index + 1]
            if name.startswith("--") and word.startswith(name + "="):
                return word.split("=", 1)[1]
    return None


def healthcheck_words(service: dict[str, Any]) -> list[str]:
    """The health check's words as the container gets them (compose turns `$$` into `$`)."""
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        words = shlex.split(test)
    elif test[0] == "CMD-SHELL":
        words = shlex.split(test[1])
    else:
        assert test[0] == "CMD", test
        words = [str(word) for word in test[1:]]
    return [word.replace("$$", "$") for word in words]


def volumes(service: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) of each of a service's volumes."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            mounts.append((volume["source"], volume["target"], bool(volume.get("read_only"))))
            continue
        # "SOURCE:TARGET[:MODE]", where SOURCE may hold a ${VAR:-default} with its own colons.
        source, _, rest = re.sub(r"\$\{[^}]*\}", lambda m: m.group().replace(":", "\0"),
                                 volume).partition(":")
        target, _, mode = rest.partition(":")
        mounts.append((source.replace("\0", ":"), target, "ro" in mode.split(",")))
    return mounts


def app_services(compose: Compose) -> dict[str, dict[str, Any]]:
    return {name: service for name, service in compose["services"].items()
            if "DJANGO_SETTINGS_MODULE" in service.get("environment", {})}


def workers(compose: Compose) -> dict[str, list[str]]:
    return {name: command(service) for name, service in compose["services"].items()
            if command(service)[:1] == ["celery"] and "worker" in command(service)}


@pytest.fixture(scope="module")
def compose() -> Compose:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def stages() -> dict[str, Stage]:
    return dockerfile_stages()


# --- the reader of ${...} itself ----------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("plain", []),
    ("$$HOSTNAME costs $$5", []),
    ("$A and ${B}", [("A", "", ""), ("B", "", "")]),
    ("${A:-x:y}", [("A", ":-", "x:y")]),
    ("${A:?set A in .env}", [("A", ":?", "set A in .env")]),
    ("${A-${B:-c}}", [("A", "-", "${B:-c}"), ("B", ":-", "c")]),
])
def test_interpolations_reads_compose_syntax(value: str, expected: list[tuple[str, ...]]) -> None:
    # when
    found = interpolations(value)
    # then
    assert [(i.name, i.operator, i.argument) for i in found] == expected


@pytest.mark.parametrize("value", ["${}", "${1A}", "${A:-x", "cost: $5", "${A B}", "trailing $"])
def test_interpolations_rejects_what_compose_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        interpolations(value)


# --- docker-compose.yml -------------------------------------------------------------------------

def test_compose_file_follows_the_compose_specification(compose: Compose) -> None:
    # given: the Compose Specification's JSON schema as Docker's docker-compose 1.29.2 ships it
    # (compose/config/compose_spec.json, Apache-2.0); `docker compose config` applies its
    # successor, so a misspelt key or a wrong shape fails here as it would there
    schema = json.loads((Path(__file__).parent / "compose_spec.json").read_text())
    # when
    errors = [f"{'/'.join(map(str, error.path))}: {error.message}"
              for error in Draft201909Validator(schema).iter_errors(compose)]
    # then
    assert errors == []


def test_compose_interpolations_are_valid_and_documented_in_env_example(compose: Compose) -> None:
    # given
    documented = env_example()
    # when
    references = [ref for value in _strings(compose) for ref in interpolations(value)]
    # then
    assert references, "the compose file reads its secrets from .env"
    for ref in references:
        assert ref.name in documented, f"${{{ref.name}}} is not in .env.example"
        assert documented[ref.name].commented, f"{ref.name} has no comment in .env.example"
        if ref.operator in (":?", "?"):
            assert documented[ref.name].assigned, f"required {ref.name} must be a line of its own"
            assert ref.argument, f"{ref.name} needs a message saying what to set"
    assert not any("$" in str(key) for key in _keys(compose))


def test_env_example_documents_the_storage_and_cluster_settings() -> None:
    # given
    documented = env_example()
    # then
    assert {"MEDIA_STORAGE", "AWS_S3_ENDPOINT_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME", "MEDIA_TEMP_DIR", "FLOWER_BASIC_AUTH",
            "SITE_ADDRESS", "POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD",
            } <= set(documented)
    for name in ("MEDIA_STORAGE", "AWS_S3_ENDPOINT_URL", "AWS_STORAGE_BUCKET_NAME",
                 "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME",
                 "MEDIA_TEMP_DIR"):
        assert hasattr(base_settings, name), f"the settings read {name} under another name"
    # the proxy's host is one Django accepts, and its https origin passes the CSRF check
    site = documented["SITE_ADDRESS"].value
    assert site in documented["DJANGO_ALLOWED_HOSTS"].value.split(",")
    assert f"https://{site}" in documented["DJANGO_CSRF_TRUSTED_ORIGINS"].value.split(",")


def test_compose_merges_resolve_and_every_dependency_exists(compose: Compose) -> None:
    # given
    services = compose["services"]
    # then
    assert "<<" not in set(map(str, _keys(compose))), "a `<<: *anchor` merge was not resolved"
    for name, service in services.items():
        for target, condition in service.get("depends_on", {}).items():
            assert target in services, f"{name} depends on a missing service {target}"
            assert condition["condition"] in (
                "service_started", "service_healthy", "service_completed_successfully")
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[target], f"{target} has no healthcheck"
            if condition["condition"] == "service_completed_successfully":
                assert target in ONE_SHOT_JOBS and services[target]["restart"] == "no"
    for volume in {source for service in services.values() for source, _, _ in volumes(service)
                   if not source.startswith((".", "/", "$"))}:
        assert volume in compose["volumes"], f"named volume {volume} is not declared"


def test_application_services_start_after_migrate_and_healthy_stores(compose: Compose) -> None:
    # given
    apps = app_services(compose)
    # then
    assert {"migrate", "web", "worker-cpu", "worker-gpu", "beat", "flower"} <= set(apps)
    for name, service in apps.items():
        depends_on = {target: condition["condition"]
                      for target, condition in service["depends_on"].items()}
        assert {depends_on.get(store) for store in STORES} == {"service_healthy"}, name
        assert depends_on.get("minio-init") == "service_completed_successfully", name
        if name != "migrate":
            assert depends_on.get("migrate") == "service_completed_successfully", name
    assert command(apps["migrate"])[:3] == ["python", "manage.py", "migrate"]


def test_every_long_running_service_has_a_healthcheck(compose: Compose) -> None:
    for name, service in compose["services"].items():
        if name in ONE_SHOT_JOBS:
            assert service.get("restart") == "no", name
            continue
        assert service.get("restart") == "unless-stopped", name
        assert healthcheck_words(service), f"{name} has no healthcheck"
        assert service["healthcheck"].get("disable") is not True, name


def test_celery_healthchecks_ping_their_own_node(compose: Compose) -> None:
    for name, service in compose["services"].items():
        words = command(service)
        if words[:1] != ["celery"] or "flower" in words or "beat" in words:
            continue
        # the node answers as NAME@<container host name>, what `-n NAME@%h` gave it
        node = option(words, "-n", "--hostname")
        probe = healthcheck_words(service)
        assert node is not None and node.endswith("@%h"), name
        assert probe[:5] == ["celery", "-A", "interview_project", "inspect", "ping"], name
        assert option(probe, "-d", "--destination") == node.replace("%h", "$HOSTNAME"), name


def test_beats_healthcheck_reads_the_age_of_the_schedule_it_writes(compose: Compose) -> None:
    # given: beat answers no ping; it writes its schedule after every task it sends
    beat = compose["services"]["beat"]
    probe = healthcheck_words(beat)
    # then: the check reads the file beat writes, allowing a few reconcile intervals
    assert probe[:3] == ["python", "-m", "interview_project.beat_health"]
    assert probe[3] == option(command(beat), "-s", "--schedule")
    max_age = float(option(probe, "--max-age") or 0)
    assert 2 * settings.ANALYSIS_RECONCILE_INTERVAL_S < max_age <= 600
    assert settings.CELERY_BEAT_SYNC_EVERY == 1


def test_web_is_reached_only_through_the_tls_proxy(compose: Compose) -> None:
    # given
    services = compose["services"]
    web, proxy = services["web"], services["proxy"]
    daphne = command(web)
    port = option(daphne, "-p", "--port")
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    # then: daphne is not published and trusts the proxy's X-Forwarded-* headers
    assert daphne[0] == "daphne" and "--proxy-headers" in daphne
    assert "ports" not in web
    # the web health check calls daphne's own /healthz on that port
    assert healthcheck_words(web) == ["python", "-m", "interview_project.health", "--port", port]
    # Caddy publishes 80 and 443, mounts the committed Caddyfile and proxies to web:PORT
    assert proxy["image"].startswith("caddy:2")
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert ("./deploy/Caddyfile", "/etc/caddy/Caddyfile", True) in volumes(proxy)
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert re.search(r"^\s*reverse_proxy\s+web:(\d+)\s*$", caddyfile, re.M).group(1) == port
    # its site address and certificate come from .env, internal TLS unless told otherwise
    assert re.search(r"^\{\$SITE_ADDRESS(:[^}]*)?\}\s*\{", caddyfile, re.M)
    assert re.search(r"^\s*tls\s+\{\$CADDY_TLS:internal\}", caddyfile, re.M)
    assert {"SITE_ADDRESS", "CADDY_TLS"} <= set(proxy["environment"])
    # and Django reads the scheme Caddy sets (X-Forwarded-Proto), but not on the health check
    production = (ROOT / "interview_project" / "settings" / "production.py").read_text()
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in production
    assert 'SECURE_REDIRECT_EXEMPT = [r"^healthz$"]' in production


def test_flower_requires_basic_auth_and_listens_on_loopback_only(compose: Compose) -> None:
    # given
    flower = compose["services"]["flower"]
    words = command(flower)
    # then
    basic_auth = option(words, "--basic-auth")
    assert basic_auth is not None
    assert [(i.name, i.operator) for i in interpolations(basic_auth)] == [
        ("FLOWER_BASIC_AUTH", ":?")]
    for port in flower["ports"]:
        host_ip = port["host_ip"] if isinstance(port, dict) else port.rsplit(":", 2)[0]
        assert host_ip == "127.0.0.1", f"Flower is published on {port}"
    flower_options = importlib.import_module("flower.options").options
    assert "basic_auth" in flower_options and "port" in flower_options


def test_redis_keeps_an_append_only_file_on_its_volume(compose: Compose) -> None:
    # given
    redis = compose["services"]["redis"]
    words = command(redis)
    # then
    assert option(words, "--appendonly") == "yes"
    assert any(target == "/data" for _, target, _ in volumes(redis))


def test_application_services_store_media_in_the_bucket_not_on_a_shared_disk(
        compose: Compose) -> None:
    # given
    services = compose["services"]
    minio = services["minio"]
    # then: every app service talks to MinIO with the settings' own names
    for name, service in app_services(compose).items():
        environment = service["environment"]
        assert environment["MEDIA_STORAGE"] == "s3", name
        assert environment["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        for setting in ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            assert environment.get(setting), f"{name} lacks {setting}"
        assert "MEDIA_ROOT" not in environment, name
        assert not any("media" in source or "media" in target
                       for source, target, _ in volumes(service)), f"{name} mounts media"
    # no two services share a volume, except read-only files from the repository
    owners: dict[str, str] = {}
    for name, service in services.items():
        for source, _, read_only in volumes(service):
            if source.startswith("./") and read_only:
                continue
            assert owners.setdefault(source, name) == name, f"{source}: {owners[source]}, {name}"
    # MinIO keeps its data on a volume; minio-init makes the same bucket for the same user
    assert minio["image"].startswith("minio/minio")
    assert any(target == "/data" for _, target, _ in volumes(minio))
    init = services["minio-init"]
    assert init["image"].startswith("minio/mc")
    assert ("./deploy/minio-init.sh", init["entrypoint"][-1], True) in volumes(init)
    app_environment = services["web"]["environment"]
    for setting in ("AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        assert init["environment"][setting] == app_environment[setting]
    assert init["environment"]["MINIO_ROOT_USER"] == minio["environment"]["MINIO_ROOT_USER"]


def test_minio_init_creates_a_private_bucket_and_its_user_once(tmp_path: Path) -> None:
    # given: an `mc` that records its calls and says whether the policy is attached yet
    log = tmp_path / "mc.log"
    fake_mc = tmp_path / "mc"
    fake_mc.write_text('#!/bin/sh\necho "$*" >> "$MC_LOG"\n'
                       'if [ "$1 $2 $3" = "admin user info" ]; then echo "$MC_USER_INFO"; fi\n')
    fake_mc.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "MC_LOG": str(log), "TMPDIR": str(tmp_path),
           "MINIO_ROOT_USER": "root", "MINIO_ROOT_PASSWORD": "root-secret",
           "AWS_STORAGE_BUCKET_NAME": "coach-media", "AWS_ACCESS_KEY_ID": "coach-app",
           "AWS_SECRET_ACCESS_KEY": "app-secret"}
    script = str(ROOT / "deploy" / "minio-init.sh")

    def run(user_info: str) -> list[str]:
        log.write_text("")
        result = subprocess.run(["sh", script], env={**env, "MC_USER_INFO": user_info},
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        return log.read_text().splitlines()

    # when: a first run, then a run once the policy is attached
    first = run("AccessKey: coach-app\nStatus: enabled\n")
    again = run("AccessKey: coach-app\nPolicyName: interview-coach-media\n")
    # then
    assert "alias set store http://minio:9000 root root-secret" in first
    assert "mb --ignore-existing store/coach-media" in first
    assert "anonymous set none store/coach-media" in first
    assert "admin user add store coach-app app-secret" in first
    assert "admin policy attach store interview-coach-media --user coach-app" in first
    assert not any("policy attach" in call for call in again)
    policy = (tmp_path / "interview-coach-media.json").read_text()
    assert "arn:aws:s3:::coach-media/*" in policy and '"s3:PutObject"' in policy


def test_workers_cover_every_queue_of_the_settings(compose: Compose) -> None:
    # given
    queues = {name: set(option(words, "-Q", "--queues").split(","))
              for name, words in workers(compose).items()}
    # then
    assert set(queues) == {"worker-cpu", "worker-gpu"}
    for name, served in queues.items():
        assert served <= set(settings.ANALYSIS_QUEUES), name
    assert set().union(*queues.values()) == set(settings.ANALYSIS_QUEUES)
    assert queues["worker-cpu"] == {"media", "audio", "text", "scoring"}
    assert queues["worker-gpu"] == {"speech", "video"}


def test_compose_commands_name_real_modules_and_settings(compose: Compose) -> None:
    for name, service in compose["services"].items():
        words = command(service)
        environment = service.get("environment", {})
        if "DJANGO_SETTINGS_MODULE" in environment:
            assert importlib.util.find_spec(environment["DJANGO_SETTINGS_MODULE"]) is not None
            assert "DATABASE_URL" in environment and "REDIS_URL" in environment, name
        if words[:1] == ["daphne"]:
            module, attribute = words[-1].split(":")
            assert getattr(importlib.import_module(module), attribute) is not None
        if words[:1] == ["celery"]:
            app_module = option(words, "-A", "--app")
            assert app_module == "interview_project", name
            assert isinstance(importlib.import_module(app_module).celery_app, Celery)
            assert words[3] in ("worker", "beat", "flower"), name
        if words[:2] == ["python", "manage.py"]:
            assert words[2] in ("migrate", "collectstatic"), name


def test_commands_use_options_the_locked_programs_have(compose: Compose) -> None:
    # given: each command's options, and what the installed (locked) program offers
    helps: dict[tuple[str, ...], str] = {}

    def help_text(*program: str) -> str:
        if program not in helps:
            result = subprocess.run([*program, "--help"], cwd=ROOT, capture_output=True,
                                    text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            helps[program] = result.stdout
        return helps[program]

    bin_dir = Path(sys.executable).parent
    for name, service in compose["services"].items():
        words = command(service)
        if words[:1] == ["daphne"]:
            program: tuple[str, ...] = (str(bin_dir / "daphne"),)
        elif words[:1] == ["celery"] and words[3] in ("worker", "beat"):
            program = (str(bin_dir / "celery"), "-A", "interview_project", words[3])
        else:
            continue
        # then
        for word in words[len(program):]:
            if word.startswith("-"):
                assert re.search(rf"(^|[\s,/]){re.escape(word.split('=')[0])}\b",
                                 help_text(*program), re.M), f"{name}: {word}"


def test_workers_warm_up_valid_modalities_of_their_own_queues(compose: Compose) -> None:
    for name, words in workers(compose).items():
        # given: the value as settings read it (env.list: comma-separated)
        environment = compose["services"][name]["environment"]
        warm_up = [part.strip() for part in environment["ANALYSIS_WARM_UP"].split(",")]
        queues = set(option(words, "-Q", "--queues").split(","))
        # then
        assert warm_up, name
        assert set(warm_up) <= set(MODALITIES), f"{name}: {warm_up}"
        assert set(warm_up) <= queues, f"{name} warms models it never uses: {warm_up}"


def test_gpu_worker_runs_whisper_on_cuda_from_a_mounted_model(compose: Compose) -> None:
    # given
    gpu = compose["services"]["worker-gpu"]
    environment = gpu["environment"]
    mounts = volumes(gpu)
    # then
    assert gpu["build"]["target"] == "gpu"
    assert environment["WHISPER_DEVICE"] == "cuda"
    assert environment["WHISPER_COMPUTE_TYPE"] == "float16"
    model = environment["WHISPER_MODEL"]
    assert model.startswith("/")
    assert any(model == target or model.startswith(target.rstrip("/") + "/")
               for _, target, read_only in mounts if read_only), "model not on a ro volume"
    device = gpu["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]


def test_beat_keeps_its_schedule_on_a_volume_of_its_own(compose: Compose) -> None:
    # given
    beat = compose["services"]["beat"]
    schedule = Path(option(command(beat), "--schedule", "-s"))
    # then
    assert any(Path(target) == schedule.parent for _, target, _ in volumes(beat))
    # a folder the image makes writable for its user
    assert f"install -d -o app -g app {schedule.parent}" in (ROOT / "Dockerfile").read_text()


# --- the Dockerfile and what goes into the images --------------------------------------------

def test_compose_build_targets_are_stages_of_the_dockerfile(
        compose: Compose, stages: dict[str, Stage]) -> None:
    # given
    targets = {service["build"]["target"] for service in compose["services"].values()
               if "build" in service}
    # then
    assert targets == {"cpu", "gpu"}
    assert targets <= set(stages)
    assert list(stages)[-1] == "cpu", "a plain `docker build .` gives the CPU image"


def test_images_install_the_runtime_lock_only(stages: dict[str, Stage]) -> None:
    for target in ("cpu", "gpu"):
        # given
        chain = stage_chain(stages, target)
        text = [f"{keyword} {arguments}" for stage in chain
                for keyword, arguments in stage.instructions]
        installs = [line for line in text if "pip install" in line]
        # then
        assert any("-r requirements.lock" in line for line in installs), target
        for line in text:
            assert "requirements-dev.lock" not in line, line
            assert not re.search(r"\[dev\]|pip install[^&]*\s(-e\s+)?\.(\s|$)", line), line
    # neither the dev lock nor the tests even reach the build context
    for path in ("requirements-dev.lock", "tests/conftest.py", "bench/bench_engine.py", ".env",
                 ".venv/bin/python", "var/db.sqlite3", "frontend/node_modules/x/index.js",
                 ".git/HEAD", "models/faster-whisper-small.en/model.bin",
                 "interview_project/__pycache__/urls.cpython-311.pyc"):
        assert dockerignored(path), path
    for path in ("requirements.lock", "manage.py", "interview_project/settings/production.py",
                 "sessions_app/models.py", "analysis_app/engine/warm_up.py", "workers/tasks.py",
                 "frontend/views.py", "frontend/package.json", "frontend/src/main.tsx"):
        assert not dockerignored(path), path


def test_runtime_lock_holds_no_development_tool() -> None:
    # given
    runtime, development = locked(), locked("requirements-dev.lock")
    # then
    assert DEV_ONLY_TOOLS & set(runtime) == set()
    assert {"pytest", "ruff", "moto", "locust", "playwright", "factory-boy"} <= set(development)
    assert {name: development.get(name) for name in runtime} == runtime, "dev tree keeps the pins"


def test_cpu_image_installs_the_cpu_torch_before_the_lock(stages: dict[str, Stage]) -> None:
    # given
    runs = [arguments for stage in reversed(ancestry(stages, "cpu"))
            for keyword, arguments in stage.instructions if keyword == "RUN"]
    torch_run = next(run for run in runs if "download.pytorch.org/whl/cpu" in run)
    # then: the lock's own torch pin, from PyTorch's CPU index, before the rest of the lock
    assert "--index-url https://download.pytorch.org/whl/cpu" in torch_run
    assert "$(grep -E '^torch==' requirements.lock)" in torch_run
    assert torch_run.index("whl/cpu") < torch_run.index("-r requirements.lock")
    assert "torch" in locked()


def test_gpu_image_provides_the_cuda_libraries_ctranslate2_loads(stages: dict[str, Stage]) -> None:
    # given
    chain = ancestry(stages, "gpu")
    bases = [stage.base for stage in chain]
    text = " ".join(f"{keyword} {arguments}" for stage in chain
                    for keyword, arguments in stage.instructions)
    # the CUDA major version of cuBLAS that the locked CTranslate2 loads at run time
    assert importlib.metadata.version("ctranslate2") == locked()["ctranslate2"]
    library = next(path for path in importlib.metadata.files("ctranslate2")
                   if re.search(r"libctranslate2[^/]*\.so", str(path)))
    wanted = set(re.findall(rb"libcublas\.so\.(\d+)", Path(library.locate()).read_bytes()))
    assert len(wanted) == 1
    cuda_major = wanted.pop().decode()
    # then: NVIDIA's CUDA + cuDNN runtime image, or NVIDIA's pip packages on LD_LIBRARY_PATH
    cuda_image = next((base for base in bases if base.startswith("nvidia/cuda:")), None)
    if cuda_image is not None:
        assert re.match(rf"nvidia/cuda:{cuda_major}\.[\d.]+-cudnn9?-runtime-", cuda_image)
    else:
        assert re.search(rf"nvidia-cublas-cu{cuda_major}=={cuda_major}\.", text)
        assert re.search(rf"nvidia-cudnn-cu{cuda_major}==9\.", text)
        ld_path = re.search(r"LD_LIBRARY_PATH=(\S+)", text).group(1).split(":")
        python = re.match(r"python:(\d+\.\d+)", bases[-1]).group(1)
        site = f"/usr/local/lib/python{python}/site-packages/nvidia"
        assert {f"{site}/cublas/lib", f"{site}/cudnn/lib"} <= set(ld_path)
    assert "NVIDIA_DRIVER_CAPABILITIES=compute,utility" in text


def test_image_commands_run_programs_the_lock_installs(
        compose: Compose, stages: dict[str, Stage]) -> None:
    # given
    commands = [command(service) for service in compose["services"].values()
                if "build" in service]
    for stage in stages.values():
        commands += [yaml.safe_load(arguments) for keyword, arguments in stage.instructions
                     if keyword == "CMD"]
    commands += [healthcheck_words(service) for service in app_services(compose).values()
                 if "healthcheck" in service]
    runtime = locked()
    # then
    for words in commands:
        assert words[0] in PROGRAMS, words
        if PROGRAMS[words[0]] is not None:
            assert PROGRAMS[words[0]] in runtime, words
        if words[:1] == ["celery"] and "flower" in words:
            assert "flower" in runtime
    keyword, arguments = stages["cpu"].instructions[-1]
    assert keyword == "CMD" and yaml.safe_load(arguments)[0] == "daphne"


def test_images_run_as_an_unprivileged_user(stages: dict[str, Stage]) -> None:
    for target in ("cpu", "gpu"):
        users = [arguments for keyword, arguments in stages[target].instructions
                 if keyword == "USER"]
        assert users == ["app"], target


@pytest.mark.skipif(os.name != "posix", reason="POSIX shell")
def test_minio_init_script_is_valid_shell() -> None:
    result = subprocess.run(["sh", "-n", str(ROOT / "deploy" / "minio-init.sh")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
