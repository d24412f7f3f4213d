"""`kiosk services` through app.cli.main, and the catalog staying free of heavy packages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from app.cli import main
from kiosk.catalog import PACKAGED_DIR

HEAVY = ("PySide6", "mediapipe", "fastapi", "cv2", "face_recognition", "dlib", "sqlalchemy")


def test_human_listing_is_grouped_with_id_name_and_agency(capsys):
    assert main(["services"]) == 0
    out = capsys.readouterr().out
    assert "versi 2026.12.3: 39 layanan" in out
    adminduk = out.index("Administrasi Kependudukan (adminduk, 8 layanan)")
    nakes = out.index("Perizinan Tenaga Kesehatan (nakes, 31 layanan)")
    assert adminduk < out.index("cetak-kk") < nakes < out.index("sip-epidemiolog")
    line = next(line for line in out.splitlines() if line.strip().startswith("kia "))
    assert "Kartu Identitas Anak" in line and "Dinas Kependudukan dan Pencatatan Sipil" in line
    line = next(line for line in out.splitlines() if line.strip().startswith("sip-bidan "))
    assert "Surat Izin Praktik Bidan" in line and "Dinas Kesehatan / DPMPTSP" in line


def test_group_filter(capsys):
    assert main(["services", "--group", "adminduk"]) == 0
    out = capsys.readouterr().out
    assert "8 layanan" in out and "sip-" not in out
    assert main(["services", "--group", "imigrasi"]) == 1
    assert "error: unknown group 'imigrasi'" in capsys.readouterr().err


def test_json_listing_keys(capsys):
    assert main(["services", "--json"]) == 0
    services = json.loads(capsys.readouterr().out)
    assert isinstance(services, list) and len(services) == 39
    for item in services:
        assert {"id", "group", "name_id", "name_en", "agency", "fields"} <= set(item)
        assert item["group"] in ("adminduk", "nakes")
        assert item["fields"], item["id"]
        for f in item["fields"]:
            assert {"id", "type", "label_id", "label_en", "required"} <= set(f)
            assert isinstance(f["required"], bool)
    by_id = {item["id"]: item for item in services}
    assert by_id["kia"]["agency"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert by_id["sip-perawat"]["name_en"] == "Practice Licence (SIP) for Nurse"


def test_other_catalog_folder_and_broken_catalog_exit_code(capsys, tmp_path: Path):
    folder = tmp_path / "services"
    shutil.copytree(PACKAGED_DIR, folder)
    shutil.rmtree(folder / "sip")
    assert main(["services", "--catalog", str(folder), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 8
    path = folder / "adminduk" / "kia.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fields"][2]["type"] = "foo"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["services", "--catalog", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    assert (
        line.startswith("error: ")
        and "adminduk/kia.json: fields[2].type: 'foo' is not one of" in line
    )
    assert main(["services", "--catalog", str(tmp_path / "missing")]) == 1
    assert "catalog folder not found" in capsys.readouterr().err


def test_catalog_and_services_command_load_no_heavy_package():
    probe = (
        "import sys\n"
        "import kiosk.catalog\n"
        "kiosk.catalog.load_catalog()\n"
        # the catalog alone needs nothing numeric either
        f"print('CATALOG', [m for m in {(*HEAVY, 'numpy')!r} if m in sys.modules],"
        " file=sys.stderr)\n"
        "from app.cli import main\n"
        "assert main(['services', '--json']) == 0\n"
        f"print('CLI', [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "CATALOG []" in result.stderr and "CLI []" in result.stderr
