"""Input errors speak the run's language: Chinese by default, English with ``--lang en``, message and hint,
in the text report and in the JSON one. The English wording is the one perflint always had (the other test
files check it); here each case is run both ways and the Chinese must hold no English sentence of the
catalogue."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hostile

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "seeds" / "000_8fdbf9e2371ab792.txt"
DATA = HERE.parent / "linter" / "data"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))
NOT_UTF8_NOR_GB18030 = "财政项目支出绩效目标申报表\n项目名称\t".encode("utf-8") + b"\x81\x7f\xff\xfe"
CJK = re.compile(r"[\u4e00-\u9fff]")
SIZE = f"{SEED.stat().st_size:,}"      # the form over a file-mb limit of 0.001 (1,048 bytes)


def catalogue(lang: str) -> dict[str, str]:
    return json.loads((DATA / f"messages.{lang}.json").read_text(encoding="utf-8"))


def english_sentences() -> set[str]:
    """The words of every English input error: the literal runs of its template (between the parameters)
    that are words and not the Chinese template's too (a command, a setting's name)."""
    en, zh = catalogue("en"), catalogue("zh")
    out = set()
    for key, template in en.items():
        if key.startswith("input."):
            for run in re.split(r"\{[^}]*\}", template):
                run = run.strip(" ()':;,.")
                if len(re.findall(r"[A-Za-z]+", run)) >= 3 and run not in zh[key]:
                    out.add(run)
    return out


# name -> (build the case in a folder, the path to check; the English message and a word of its hint)
def _missing(tmp: Path) -> Path:
    return tmp / "nowhere.txt"


def _png(tmp: Path) -> Path:
    (tmp / "img.txt").write_bytes(PNG)
    return tmp / "img.txt"


def _xls_as_xlsx(tmp: Path) -> Path:
    (tmp / "form.xlsx").write_bytes(hostile.ole_file("Workbook"))
    return tmp / "form.xlsx"


def _undecodable(tmp: Path) -> Path:
    (tmp / "mojibake.txt").write_bytes(NOT_UTF8_NOR_GB18030)
    return tmp / "mojibake.txt"


def _fifo(tmp: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are a POSIX thing: this system has none")
    os.mkfifo(tmp / "form.txt")
    return tmp / "form.txt"


def _over_limit(tmp: Path) -> Path:
    (tmp / "perflint.toml").write_text("[tool.perflint.limits]\nfile-mb = 0.001\n", encoding="utf-8")
    (tmp / "big.txt").write_bytes(SEED.read_bytes())
    return tmp / "big.txt"


def _folder_with_unreadable(tmp: Path) -> Path:
    folder = tmp / "batch"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    (folder / "gone.txt").symlink_to("nothing-here.txt")   # unreadable whoever runs the test, root too
    return folder


CASES = {
    "missing path": (_missing, "nowhere.txt", "no such file or folder", "check the path",
                     "文件或文件夹不存在", "请检查路径"),
    "PNG named .txt": (_png, "img.txt", "this .txt file is a PNG image, not text",
                       "perflint does not read images (no OCR): give the form's document or text",
                       "该 .txt 文件是 PNG 图片，不是文本", "perflint 不识别图片，不做 OCR：请提供表格的文档或文本"),
    ".xls saved as .xlsx": (_xls_as_xlsx, "form.xlsx",
                            "this .xlsx file is an Excel 97-2003 workbook (.xls), not an Excel workbook",
                            "rename it to .xls", "该 .xlsx 文件是 Excel 97-2003 工作簿（.xls），不是 Excel 工作簿",
                            "请将其重命名为 .xls"),
    "undecodable text": (_undecodable, "mojibake.txt", "cannot decode: neither UTF-8 nor GB18030 (byte 38)",
                         "save the file as UTF-8", "无法解码：既不是 UTF-8 也不是 GB18030（第 38 字节）",
                         "请把文件另存为 UTF-8 编码"),
    "FIFO named form.txt": (_fifo, "form.txt", "not a regular file: a named pipe (FIFO)",
                            "perflint reads only regular files; copy the form into a file",
                            "不是普通文件：命名管道（FIFO）", "perflint 只读取普通文件：请把表格复制到一个文件中"),
    "over the file-mb limit": (_over_limit, "big.txt", f"file too large ({SIZE} bytes) (limit limits.file-mb)",
                               "split it into files under 1,048 bytes, or raise limits.file-mb in "
                               "[tool.perflint.limits]", f"文件过大（{SIZE} 字节）（限额 limits.file-mb）",
                               "请拆分为小于 1,048 字节的文件，或在 [tool.perflint.limits] 中调高 limits.file-mb"),
    "folder with an unreadable file": (_folder_with_unreadable, "gone.txt",
                                       "cannot read: No such file or directory", "check the path",
                                       "无法读取：No such file or directory", "请检查路径"),
}


def run(path: Path, cwd: Path, *options: str) -> subprocess.CompletedProcess:
    config = () if (cwd / "perflint.toml").exists() else ("--no-config",)
    return subprocess.run([sys.executable, "-m", "perflint", "check", str(path), "--jobs", "1", *config, *options],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def the_error(report: dict, name: str) -> dict:
    (error,) = [e for f in report["files"] for e in f["errors"] if Path(e.get("path") or f["path"]).name == name]
    return error


@pytest.mark.parametrize("case", list(CASES))
def test_an_input_error_is_in_the_runs_language(tmp_path, case):
    build, name, en_message, en_hint, zh_message, zh_hint = CASES[case]
    path = build(tmp_path)
    english = english_sentences()
    for options, message, hint, tag in ((("--lang", "en"), en_message, en_hint, "[E000]"),
                                        ((), zh_message, zh_hint, "[输入错误]")):
        proc = run(path, tmp_path, *options, "--format", "json")
        assert proc.returncode == 2, proc.stderr
        error = the_error(json.loads(proc.stdout), name)
        assert (error["message"], error["hint"]) == (message, hint), (options, error)
        proc = run(path, tmp_path, *options)
        assert proc.returncode == 2, proc.stderr
        (line,) = [x for x in proc.stdout.splitlines() if tag in x]
        assert message in line and hint in line, line
        if not options:     # Chinese: Chinese words, and not one English sentence of the catalogue
            for said in (error["message"], error["hint"], line):
                assert CJK.search(said), said
                assert not [s for s in english if s in said], said
            assert f"{message}（{hint}）" in line     # the hint in Chinese brackets


def test_every_report_format_and_stderr_line_follows_the_language(tmp_path):
    path = _png(tmp_path)
    for fmt in ("text", "json", "sarif", "github", "junit", "csv", "html", "xlsx"):
        for options, words in ((("--lang", "en"), "this .txt file is a PNG image"), ((), "该 .txt 文件是 PNG 图片")):
            out = tmp_path / f"report.{fmt}"
            proc = run(path, tmp_path, *options, "--format", fmt, "-o", str(out))
            assert proc.returncode == 2, (fmt, proc.stderr)
            if fmt in ("csv", "xlsx"):      # a row or sheet is a finding: the file's error is told on stderr
                assert words in proc.stderr, (fmt, proc.stderr)
            else:
                assert words in out.read_text(encoding="utf-8"), fmt


def test_parse_follows_the_language_too(tmp_path):
    path = _png(tmp_path)
    for options, words in ((("--lang", "en"), "this .txt file is a PNG image"), ((), "该 .txt 文件是 PNG 图片")):
        proc = subprocess.run([sys.executable, "-m", "perflint", "parse", str(path), *options],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert words in json.loads(proc.stdout)["files"][0]["errors"][0]["message"]
        assert words in proc.stderr


def test_every_input_message_is_in_both_catalogues():
    en, zh = catalogue("en"), catalogue("zh")
    en_keys = {k for k in en if k.startswith("input.")}
    zh_keys = {k for k in zh if k.startswith("input.")}
    assert en_keys == zh_keys, (en_keys ^ zh_keys)
    for key in en_keys:     # the same parameters in both languages
        assert set(re.findall(r"\{(\w+)", en[key])) == set(re.findall(r"\{(\w+)", zh[key])), key
        assert CJK.search(zh[key]) or not re.search(r"[A-Za-z]{4,} [a-z]{3,}", zh[key]), (key, zh[key])


def test_every_key_the_code_names_is_in_the_catalogues():
    """Each ``input.…`` key written in the code (and each kind and format of file) has its words."""
    from perflint.sources import FORMATS
    from perflint.sources.files import _KINDS
    from perflint.sources.sniff import Kind
    en = catalogue("en")
    code = "\n".join(p.read_text(encoding="utf-8") for p in (HERE.parent / "linter").rglob("*.py"))
    named = set(re.findall(r"\"(input\.[a-z0-9.-]+[a-z0-9])\"", code))
    named = {k for k in named if not k.endswith(".")}
    named |= {kind.description.key for kind in Kind} | {f.name.key for f in FORMATS.values()}
    named |= {f.hint.key for f in FORMATS.values()} | {"input.special." + what for _, what in _KINDS}
    named |= {"input.special.other", "input.empty.hint-document", "input.pages.one", "input.pages.many",
              "input.pdf-scanned.hint-all", "input.pdf-scanned.hint-some"}
    assert named and not named - set(en), sorted(named - set(en))


def test_an_error_without_a_key_keeps_its_words():
    """A plugin's own words (no catalogue key) are shown as they are, in either language."""
    from perflint.errors import FileError, InputError
    exc = InputError("x.txt", "the plugin could not read {this}", hint="ask the plugin's author")
    for lang in ("zh", "en"):
        assert FileError.of(exc).to_dict(lang) == {"line": None, "message": "the plugin could not read {this}",
                                                   "hint": "ask the plugin's author"}
