"""Every file-system surprise is a DataError naming the path: no other exception, no hang."""

import os
import socket
import stat
import threading

import pytest

from ecosystems import DataError, load_indicators, load_participants

HEADER = "cluster,year,rd_per_employee,value_added_per_employee\n"


def refused(path):
    with pytest.raises(DataError) as err:
        load_indicators(path)
    return str(err.value)


def test_missing_file_and_missing_folder(tmp_path):
    assert refused(tmp_path / "absent.csv") == f"{tmp_path / 'absent.csv'}: no such file"
    assert refused(tmp_path / "no" / "t.csv") == (
        f"{tmp_path / 'no' / 't.csv'}: no such file (the folder {tmp_path / 'no'} does not exist)")


def test_a_file_used_as_a_folder(tmp_path):
    (tmp_path / "t.csv").write_text(HEADER, encoding="utf-8")
    assert refused(tmp_path / "t.csv" / "x.csv").endswith(
        "no such file (a part of the path is a file, not a folder)")


def test_a_folder_lists_the_tables_in_it(tmp_path):
    (tmp_path / "b.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert refused(tmp_path) == (f"{tmp_path}: is a folder, not a file; expected a CSV or .xlsx "
                                 "file (tables in it: a.xlsx, b.csv)")


def test_broken_symbolic_link(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "gone.csv")
    assert refused(link) == (
        f"{link}: is a broken symbolic link (it points to {str(tmp_path / 'gone.csv')!r}, which "
        "does not exist); expected a CSV or .xlsx file: fix the link or give the file itself")


def test_looping_symbolic_links(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.symlink_to(b)
    b.symlink_to(a)
    assert refused(a) == (f"{a}: is a symbolic link that loops (following it leads back to "
                          "itself); expected a CSV or .xlsx file: fix the link or give the file "
                          "itself")


def test_a_link_to_a_good_file_is_read(tmp_path):
    (tmp_path / "t.csv").write_text(HEADER + "A,2020,0.1,1\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(tmp_path / "t.csv")
    assert len(load_indicators(tmp_path / "link.csv")) == 1


def test_named_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = {}
    reader = threading.Thread(target=lambda: result.setdefault("message", refused(fifo)),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a named pipe hung"
    assert result["message"] == (
        f"{fifo}: is a named pipe (FIFO), not a regular file: reading it would wait for whatever "
        "writes into it; expected a CSV or .xlsx file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist on this system")
    assert refused(device) == (f"{device}: is a device, not a regular file: reading it might "
                               "never end; expected a CSV or .xlsx file")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert refused(path) == (f"{path}: is a socket, not a regular file; expected a CSV or "
                                 ".xlsx file")
    finally:
        server.close()


def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text(HEADER + "A,2020,0.1,1\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop "
                        "this process from reading, so the refusal cannot be produced here")
        assert refused(path) == (f"{path}: cannot be read: permission denied; make it readable "
                                 "(e.g. chmod u+r) or copy it to a place you can read")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize("content", [b"", b" \n\r\n\t"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    assert refused(path) == f"{path}: the file is empty; expected a header line and data rows"
    with pytest.raises(DataError, match="the file is empty"):
        load_participants(path)
