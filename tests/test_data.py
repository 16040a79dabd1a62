"""Every data file is documented in data/README.md and matches its checksum."""

import hashlib

from ecosystems import paths


def checksums():
    sums = {}
    for line in paths.CHECKSUMS.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def data_files():
    return sorted(
        p.relative_to(paths.DATA).as_posix()
        for p in paths.DATA.rglob("*")
        if p.is_file() and p.name not in {"README.md", "SHA256SUMS"}
    )


def test_every_data_file_has_a_checksum():
    assert data_files() == sorted(checksums())


def test_checksums_match():
    for name, digest in checksums().items():
        actual = hashlib.sha256((paths.DATA / name).read_bytes()).hexdigest()
        assert actual == digest, f"data/{name} changed: sha256 {actual}, recorded {digest}"


def test_every_data_file_is_documented():
    readme = (paths.DATA / "README.md").read_text()
    for name in data_files():
        assert f"`{name}`" in readme, f"data/{name} has no provenance section in data/README.md"
