"""The store, the same suite on SQLite and on a real PostgreSQL server: records and lookups, checks that pair
against what earlier runs stored, resubmissions, `perflint history`, migrations from the first schema, two
runs at once, interrupted runs."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sa = pytest.importorskip("sqlalchemy", reason="the history extra (SQLAlchemy, Alembic) is not installed")

from history_forms import ELDERLY, TRAINING, self_eval_form, target_form, write  # noqa: E402
from perflint.config import Config  # noqa: E402
from perflint.engine import Linter  # noqa: E402
from perflint.history.pairing import PairingOptions  # noqa: E402
from perflint.history.stage import HistoryStage  # noqa: E402
from perflint.history.store import HEAD, Store  # noqa: E402
from perflint.model import Form, Relation  # noqa: E402
from perflint.reader import read_bytes  # noqa: E402
from pg_server import Server, Unavailable  # noqa: E402

P = "社区居家养老服务补贴"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = Server().start()
    except Unavailable as exc:
        if os.environ.get("PERFLINT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here (PERFLINT_REQUIRE_POSTGRES) but: {exc}")
        pytest.skip(f"no PostgreSQL server can be had: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "perflint.db")
        return
    server = request.getfixturevalue("pg_server")
    url = server.database()
    yield url
    server.drop(url)


def run(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "perflint", *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd, **kw)


def check(*args):
    return run("check", *args, "--no-config")


def records_of(text: str, path: str):
    stage = HistoryStage(Config(), record=True)
    result = read_bytes(text.encode("utf-8"), path)
    return Linter(Config(), history=stage).lint_result(result).records, result.forms


# ---------------------------------------------------------------- records and lookups

def test_record_lookup_and_load_give_the_model_back(store_url):
    store = Store.open(store_url)
    run_id = store.begin_run()
    records, forms = records_of(target_form(2025, P) + self_eval_form(2025, P, unit="元"), "2025.txt")
    assert store.record(run_id, records) == 2
    assert store.record(run_id, records) == 0  # the same versions: stored once
    now = read_bytes(target_form(2026, f"{P}项目").encode("utf-8"), "2026.txt").forms
    found = store.lookup(now, PairingOptions(), exclude_run=None)
    assert sorted((c.kind, c.year) for c in found) == [("self_eval", 2025), ("target", 2025)]
    assert store.lookup(now, PairingOptions(), exclude_run=run_id) == []
    store.load([(c, Relation.PREVIOUS_TARGET) for c in found])
    by_kind = {c.kind: c for c in found}
    # the store keeps the model without the indicators' source cells (it keeps no source to point into)
    expected = forms[0].to_dict()
    assert any(ind["cells"] for ind in expected["indicators"])
    for ind in expected["indicators"]:
        ind["cells"] = None
    assert by_kind["target"].form.to_dict() == expected == store.get(by_kind["target"].stored_id)[1]
    assert Form.from_dict(by_kind["self_eval"].form.to_dict()).self_eval.budget_full_year == 1200000.0
    assert store.counts()["forms"] == 2 and store.version() == HEAD
    store.close()


def test_a_stored_model_is_the_same_json_whichever_library_writes_it():
    from perflint.history import records
    (record,), forms = records_of(target_form(2025, P), "2025.txt")
    model = forms[0].to_dict(cells=False)
    assert records.std_dumps(model) == records._dumps(model)
    assert records.decode_model(record["model"]) == records.std_loads(records.std_dumps(model)) == model
    big = dict(model, index=10**30)   # past 64 bits: the standard library writes it, not an error
    assert float(records.decode_model(records.encode_model(big))["index"]) == 1e30


def test_stored_models_are_zstandard_and_the_zlib_models_of_older_stores_still_read():
    import zlib
    from perflint.history import records
    (record,), forms = records_of(target_form(2025, P), "2025.txt")
    model = forms[0].to_dict(cells=False)
    assert record["model"][:4] == records.ZSTD_MAGIC
    assert len(record["model"]) < len(records._dumps(model)) / 2
    older = zlib.compress(records.std_dumps(model), 1)   # as schema 0002 stored it
    assert records.decode_model(older) == records.decode_model(record["model"]) == model


def test_models_encode_and_decode_in_many_threads_at_once():
    """The web page reads stored forms in worker threads: each thread has its own compression contexts."""
    from concurrent.futures import ThreadPoolExecutor
    from perflint.history import records
    (_,), forms = records_of(target_form(2025, P), "2025.txt")
    models = [dict(forms[0].to_dict(cells=False), index=n) for n in range(64)]

    def round_trip(model):
        return [records.decode_model(records.encode_model(model)) == model for _ in range(20)]

    with ThreadPoolExecutor(8) as pool:
        assert all(all(ok) for ok in pool.map(round_trip, models))


def test_a_model_written_by_another_version_reads_with_the_fields_this_one_knows():
    (_,), forms = records_of(target_form(2025, P), "2025.txt")
    model = forms[0].to_dict()
    for ind in model["indicators"]:
        if ind["target"]:
            ind["target"]["confidence_band"] = [0.9, 1.1]   # a field of a newer perflint
            ind["target"].pop("base_value_max", None)     # a field it no longer writes
    back = Form.from_dict(model)
    assert [i.target for i in back.indicators] == [i.target for i in forms[0].indicators]


def test_a_stored_model_paired_again_is_decoded_once(store_url, monkeypatch):
    """Files whose projects share names pair the same stored forms again and again: each process keeps the
    last models it decoded (a stored form never changes), as many as ``_MODELS_KEPT``."""
    from perflint.history import store as store_module
    store = Store.open(store_url)
    run_id = store.begin_run()
    store.record(run_id, records_of(target_form(2025, P) + target_form(2025, "教师培训"), "2025.txt")[0])

    def load(project):
        now = read_bytes(target_form(2026, project).encode("utf-8"), "2026.txt").forms
        (cand,) = [c for c in store.lookup(now, PairingOptions(), exclude_run=None) if c.project == project]
        store.load([(cand, Relation.PREVIOUS_TARGET)])
        return cand.form

    first = load(P)
    assert load(P) is first and first.project == P and first.year == 2025
    monkeypatch.setattr(store_module, "_MODELS_KEPT", 1)
    other = load("教师培训")
    assert other.project == "教师培训" and load("教师培训") is other
    again = load(P)   # pushed out by the other: decoded anew, the same model
    assert again is not first and again.to_dict() == first.to_dict()
    store.close()


def test_the_index_of_a_small_store_brings_the_models_along(store_url, monkeypatch):
    """Read with the index (a store of at most ``_INDEX_MODELS_MAX`` forms), the models need no query a file;
    the models are the same either way."""
    from perflint.history import store as store_module
    from perflint.history.store import StoreSource
    store = Store.open(store_url)
    store.record(store.begin_run(), records_of(target_form(2025, P) + self_eval_form(2025, P), "2025.txt")[0])
    now = read_bytes(target_form(2026, P).encode("utf-8"), "2026.txt").forms
    queries = []
    loaded = {}
    for most in (100, 0):
        monkeypatch.setattr(store_module, "_INDEX_MODELS_MAX", most)
        source = StoreSource(store.url, None, index=True)
        found = source.lookup(now, PairingOptions())
        assert all((c.blob is not None) == bool(most) for c in found) and len(found) == 2
        sa.event.listen(source.store.engine, "before_cursor_execute",
                        lambda conn, cursor, sql, *rest: queries.append(most) if sql.lstrip().startswith("SELECT") else None)
        source.load([(c, Relation.PREVIOUS_TARGET) for c in found])
        loaded[most] = [c.form.to_dict() for c in found]
        source.store.close()
    assert queries == [0] and loaded[100] == loaded[0] and loaded[0][0]["project"] == P
    store.close()


def test_lookup_finds_a_department_s_renamed_project_among_many(store_url):
    store = Store.open(store_url)
    run_id = store.begin_run()
    text = "".join(target_form(2025, f"第{n}号专项服务", department=f"第{n % 7}局", implementer=f"第{n}中心")
                   for n in range(60)) + target_form(2025, P)
    store.record(run_id, records_of(text, "2025.txt")[0])
    now = read_bytes(target_form(2026, "居家社区养老服务补贴").encode("utf-8"), "2026.txt").forms
    found = store.lookup(now, PairingOptions(), exclude_run=None)
    assert P in {c.project for c in found} and len(found) < 10
    store.close()


def test_the_index_read_once_finds_what_the_query_finds(store_url):
    """A run of many files reads the stored forms' keys once; it must pair exactly as one query per file."""
    from perflint.history.pairing import Pairer
    from perflint.history.store import StoreSource
    store = Store.open(store_url)
    run_id = store.begin_run()
    names = [P, "居家社区养老服务补贴", "办公经费", "宣传与推广", "第3号专项服务", "第3号专项服务项目二期"]
    text = ""
    for n, name in enumerate(names * 3):
        year = 2022 + n % 4
        dept = ["某市民政局", "某市卫健委", ""][n % 3]
        impl = ["某市养老服务指导中心", f"第{n % 4}中心"][n % 2]
        text += target_form(year, name, department=dept, implementer=impl)
        if n % 2:
            text += self_eval_form(year, name, department=dept, implementer=impl)
    store.record(run_id, records_of(text, "old.txt")[0])
    options = PairingOptions.from_table({"projects": {"养老上门服务": P}})
    probes = [[target_form(2026, "居家社区养老服务补贴")], [target_form(2025, "办公经费", department="")],
              [self_eval_form(2024, "宣传与推广", department="某市卫健委"), target_form(2025, "养老上门服务")],
              [target_form(2023, "第3号专项服务", department="某区财政局", implementer="第1中心")]]
    pairs = 0
    for batch in probes:
        forms = read_bytes("".join(batch).encode("utf-8"), "now.txt").forms
        queried = [c.stored_id for c in store.lookup(forms, options, exclude_run=None)]
        indexed = [c.stored_id for c in StoreSource(store.url, None, index=True).lookup(forms, options)]
        assert indexed == queried and queried
        paired = {}
        for index in (False, True):
            again = read_bytes("".join(batch).encode("utf-8"), "now.txt").forms
            Pairer([StoreSource(store.url, None, index=index)], options).pair_file(again)
            paired[index] = [[(cp.relation, cp.stored_id) for cp in f.previous] for f in again]
        assert paired[True] == paired[False]
        pairs += sum(map(len, paired[True]))
    assert pairs >= 4
    assert store.index_pays(files=1) and not store.index_pays(files=0)
    store.close()


# ---------------------------------------------------------------- checks against the store

def test_a_second_year_pairs_against_what_the_first_stored(store_url, tmp_path):
    write(tmp_path / "2025", "batch.txt", target_form(2025, P), self_eval_form(2025, P))
    lowered = [i.but(target="≥500(人)") if i.name == "服务老人人数" else i for i in ELDERLY]
    write(tmp_path / "2026", "batch.txt", target_form(2026, f"{P}项目", lowered[::-1], layout="pipe"))
    first = check(str(tmp_path / "2025"), "--history", store_url)
    assert first.returncode in (0, 1), first.stderr
    second = check(str(tmp_path / "2026"), "--history", store_url, "--format", "json")
    assert second.returncode == 1, second.stderr
    doc = json.loads(second.stdout)
    assert [f["code"] for f in doc["findings"] if f["code"].startswith("PF6")] == ["PF601"]
    (entry,) = doc["files"][0]["pairings"]
    assert {c["relation"] for c in entry["counterparts"]} == {"previous-target", "previous-self-eval"}
    assert all(c["stored_id"] and c["recorded_at"] for c in entry["counterparts"])
    listed = json.loads(run("history", "list", "--history", store_url, "--format", "json").stdout)["forms"]
    assert sorted((f["year"], f["kind"]) for f in listed) == [(2025, "self_eval"), (2025, "target"), (2026, "target")]


def test_a_resubmission_against_the_stored_version(store_url, tmp_path):
    v1 = [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY]
    v2 = [i.but(target="≥95") if i.name == "服务记录完整率" else i for i in ELDERLY]
    write(tmp_path / "v1", "a.txt", target_form(2026, P, v1))
    write(tmp_path / "v2", "a.txt", target_form(2026, P, v2))
    assert check(str(tmp_path / "v1"), "--history", store_url).returncode == 1
    proc = check(str(tmp_path / "v2"), "--history", store_url, "--format", "json")
    doc = json.loads(proc.stdout)
    status = {(f["code"], f["indicator"]): f.get("status") for f in doc["findings"]}
    assert status[("PF304", "服务记录完整率")] == "new"
    resub = doc["files"][0]["pairings"][0]["resubmission"]
    assert resub["counts"]["fixed"] >= 1 and any(p["indicator"] == "服务老人人数" for p in resub["fixed"])
    assert ("PF609", None) in status
    # checking v2 again: the same version is stored once, and the comparison is still with v1
    again = json.loads(check(str(tmp_path / "v2"), "--history", store_url, "--format", "json").stdout)
    assert again["files"][0]["pairings"][0]["resubmission"]["counts"] == resub["counts"]
    assert len(json.loads(run("history", "list", "--history", store_url, "--format", "json").stdout)["forms"]) == 2


def test_history_show_export_and_forget(store_url, tmp_path):
    write(tmp_path / "b", "batch.txt", target_form(2025, P), target_form(2025, "教师培训", TRAINING,
                                                                         department="某区教育局"))
    assert check(str(tmp_path / "b"), "--history", store_url).returncode in (0, 1)
    listed = json.loads(run("history", "list", "--history", store_url, "--format", "json").stdout)["forms"]
    first = next(f for f in listed if f["project"] == P)
    shown = json.loads(run("history", "show", str(first["id"]), "--history", store_url, "--format", "json").stdout)
    assert shown["model"]["project"] == P and shown["year"] == 2025
    assert P in run("history", "show", str(first["id"]), "--history", store_url).stdout
    assert run("history", "show", "99999", "--history", store_url).returncode == 2
    out = tmp_path / "export.json"
    assert run("history", "export", "--history", store_url, "-o", str(out)).returncode == 0
    assert len(json.loads(out.read_text("utf-8"))["forms"]) == 2
    refused = run("history", "forget", f"2025年{P}项目", "--history", store_url, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert run("history", "forget", f"2025年{P}项目", "--history", store_url, "--yes").returncode == 0
    left = json.loads(run("history", "list", "--history", store_url, "--format", "json").stdout)["forms"]
    assert [f["project"] for f in left] == ["教师培训"]


# ---------------------------------------------------------------- migrations

def test_a_store_of_the_first_schema_is_migrated(store_url, tmp_path):
    old = Store(store_url)
    old.ensure_schema("0001")
    assert old.version() == "0001"
    (record,), _ = records_of(target_form(2025, P), "2025.txt")
    v1 = {k: v for k, v in record.items() if k not in ("findings", "implementer_key")}
    meta = sa.MetaData()
    runs = sa.Table("runs", meta, autoload_with=old.engine)
    forms = sa.Table("forms", meta, autoload_with=old.engine)
    assert "implementer_key" not in forms.c and "user" not in runs.c
    with old.engine.begin() as conn:
        run_id = conn.execute(runs.insert().values(started_at="2025-01-01T00:00:00Z", version="0.0.1")
                              .returning(runs.c.id)).scalar_one()
        conn.execute(forms.insert().values(run_id=run_id, recorded_at="2025-01-01T00:00:00Z", finding_count=0, **v1))
    old.close()
    store = Store.open(store_url)
    assert store.version() == HEAD
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT implementer_key FROM forms")).scalar_one() == "某市养老服务指导中心"
    store.close()
    # the old record pairs by implementer alone (the department renamed meanwhile)
    write(tmp_path / "2026", "a.txt", target_form(2026, "居家社区养老服务补贴", department="某市民政和养老服务局"))
    proc = check(str(tmp_path / "2026"), "--history", store_url, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    (entry,) = json.loads(proc.stdout)["files"][0]["pairings"]
    assert entry["counterparts"][0]["recorded_at"] == "2025-01-01T00:00:00Z"


def test_downgrading_past_zstandard_models_compresses_them_with_zlib_again(store_url, tmp_path):
    """Schema 0003 stores models with Zstandard; going back to 0002 (a perflint that reads only zlib) turns
    them into zlib streams, and upgrading again leaves those as they are: every model reads the same."""
    from alembic import command
    from alembic.config import Config as AlembicConfig
    from perflint.history import records
    from perflint.history.store import MIGRATIONS
    store = Store.open(store_url)
    run_id = store.begin_run()
    recs, _ = records_of(target_form(2025, P) + self_eval_form(2025, P), "2025.txt")
    store.record(run_id, recs)
    def models():
        with store.engine.connect() as conn:
            return {i: bytes(m) for i, m in conn.execute(sa.text("SELECT id, model FROM forms"))}
    before = models()
    assert all(m[:4] == records.ZSTD_MAGIC for m in before.values())
    with store.engine.begin() as conn:
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", MIGRATIONS)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert store.version() == "0002"
    after = models()
    assert all(m[:1] == b"\x78" for m in after.values())   # zlib streams
    assert {i: records.decode_model(m) for i, m in after.items()} == {i: records.decode_model(m) for i, m in before.items()}
    store.close()
    store = Store.open(store_url)   # upgraded again on opening
    assert store.version() == HEAD and models() == after
    store.close()


def test_migrations_head_is_the_store_s_head():
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory
    from perflint.history.store import MIGRATIONS
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", MIGRATIONS)
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


def test_a_store_of_a_newer_perflint_is_refused(store_url, tmp_path):
    Store.open(store_url).close()
    store = Store(store_url)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    write(tmp_path, "a.txt", target_form(2026, P))
    proc = check(str(tmp_path / "a.txt"), "--history", store_url)
    assert proc.returncode == 2 and "newer perflint" in proc.stderr and "Traceback" not in proc.stderr


def test_a_sqlite_store_runs_in_wal_mode_and_writes_back_every_10000_pages(tmp_path):
    store = Store.open(str(tmp_path / "perflint.db"))
    with store.engine.connect() as conn:
        pragmas = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "wal_autocheckpoint",
                                                                          "synchronous", "foreign_keys")]
    assert pragmas == ["wal", 10000, 1, 1]   # synchronous NORMAL
    store.close()


def test_a_database_error_while_an_interrupt_unwinds_gives_the_interrupt_back(tmp_path):
    """Ctrl-C in the middle of a statement can break the connection, and the rollback on the way out then
    fails too: the run ends as interrupted (exit 130), not with that error (exit 2)."""
    from perflint.errors import ConfigError
    store = Store.open(str(tmp_path / "perflint.db"))
    broken = sa.exc.OperationalError("ROLLBACK", {}, Exception("server closed the connection"))
    with pytest.raises(KeyboardInterrupt):
        with store.errors("cannot record a.txt"):
            try:
                raise KeyboardInterrupt
            finally:
                raise broken
    with pytest.raises(ConfigError, match="cannot record a.txt: server closed the connection"):
        with store.errors("cannot record a.txt"):
            raise broken
    store.close()


def test_a_file_that_is_not_a_store(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("这不是数据库\n" * 200, encoding="utf-8")
    before = bogus.read_bytes()
    write(tmp_path, "a.txt", target_form(2026, P))
    proc = check(str(tmp_path / "a.txt"), "--history", str(bogus))
    assert proc.returncode == 2 and "notes.db" in proc.stderr and "Traceback" not in proc.stderr
    assert bogus.read_bytes() == before
    missing = check(str(tmp_path / "a.txt"), "--history", str(tmp_path / "no" / "such" / "x.db"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert run("history", "list", "--history", str(tmp_path / "none.db")).returncode == 2


# ---------------------------------------------------------------- concurrency and interruption

def _batch(folder: Path, files: int, tag: str, year: int = 2026) -> list[str]:
    paths = []
    for n in range(files):
        inds = [i.but(target="≥600") if i.name == "服务老人人数" else i for i in ELDERLY]  # a finding per form
        paths.append(write(folder, f"{tag}{n:03d}.txt",
                           target_form(year, f"{tag}第{n}号服务项目", inds, department=f"{tag}局{n % 5}"),
                           self_eval_form(year, f"{tag}第{n}号服务项目", department=f"{tag}局{n % 5}")))
    return paths


def _stored(store_url: str) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Forms stored per file, and per form (findings it says it has, findings rows it has)."""
    from collections import Counter
    store = Store(store_url)
    with store.engine.connect() as conn:
        files = Counter(conn.execute(sa.text("SELECT source_file FROM forms")).scalars())
        counts = conn.execute(sa.text(
            "SELECT f.finding_count, (SELECT count(*) FROM findings x WHERE x.form_id = f.id) FROM forms f")).all()
    store.close()
    return files, [tuple(c) for c in counts]


def test_two_runs_at_once_both_land(store_url, tmp_path):
    a = _batch(tmp_path / "a", 40, "甲")
    b = _batch(tmp_path / "b", 40, "乙")
    Store.open(store_url).close()  # one of the two may also create it: see the next test
    procs = [subprocess.Popen([sys.executable, "-m", "perflint", "check", str(tmp_path / d), "--history", store_url,
                               "--no-config", "-q", "-j", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for d in ("a", "b")]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 1, err
    files, counts = _stored(store_url)
    assert set(files) == set(a) | set(b) and len(counts) == 160
    assert all(x == y for x, y in counts)


def test_two_runs_creating_a_new_store_at_once(store_url, tmp_path):
    _batch(tmp_path / "a", 3, "丙")
    _batch(tmp_path / "b", 3, "丁")
    procs = [subprocess.Popen([sys.executable, "-m", "perflint", "check", str(tmp_path / d), "--history", store_url,
                               "--no-config", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for d in ("a", "b")]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 1, err
    assert len(_stored(store_url)[1]) == 12


@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_an_interrupted_run_leaves_the_store_consistent(store_url, tmp_path, how):
    paths = _batch(tmp_path / "big", 150, "戊")
    Store.open(store_url).close()
    out = tmp_path / "out.txt"
    jobs = "2" if how == "SIGINT" else "1"
    with open(out, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-u", "-m", "perflint", "check", str(tmp_path / "big"), "--history",
                                 store_url, "--no-config", "-j", jobs], stdout=fh, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(_stored(store_url)[1]) < 20:
            time.sleep(0.05)
        proc.send_signal(getattr(signal, how))
        _, err = proc.communicate(timeout=120)
    stored, counts = _stored(store_url)
    assert 20 <= len(counts) < 300, "the run was not stopped midway"
    assert all(x == y for x, y in counts), "a form without all its findings"
    assert set(stored.values()) == {2}, "a file stored in part (one transaction per file)"
    if how == "SIGINT":
        assert proc.returncode == 130 and "Traceback" not in err, err
        reported = {line.split(":", 1)[0] for line in out.read_text("utf-8").splitlines() if ": PF" in line}
        assert reported and reported <= set(stored), "a reported file is not in the store"
    if store_url.endswith(".db"):
        with sqlite3.connect(store_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the next run completes the store: every form once
    assert check(str(tmp_path / "big"), "--history", store_url, "-q").returncode == 1
    stored, counts = _stored(store_url)
    assert set(stored) == set(paths) and len(counts) == 300
