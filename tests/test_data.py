"""Every data file is documented in data/README.md and matches its checksum."""

import hashlib

from ecosystems import config


def checksums():
    sums = {}
    for line in config.CHECKSUMS.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def data_files():
    return sorted(
        p.relative_to(config.DATA).as_posix()
        for p in config.DATA.rglob("*")
        if p.is_file() and p.name not in {"README.md", "SHA256SUMS"}
    )


def test_every_data_file_has_a_checksum():
    assert data_files() == sorted(checksums())


def test_checksums_match():
    for name, digest in checksums().items():
        actual = hashlib.sha256((config.DATA / name).read_bytes()).hexdigest()
        assert actual == digest, f"data/{name} changed: sha256 {actual}, recorded {digest}"


def test_every_data_file_is_documented():
    readme = (config.DATA / "README.md").read_text()
    for name in data_files():
        assert f"`{name}`" in readme, f"data/{name} has no provenance section in data/README.md"
