"""The reader: seeds against their reviewed goldens, encodings, every layout, bad inputs."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from perflint.cli import main
from perflint.reader import read_bytes, read_path, read_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
LAYOUTS = ROOT / "tests/fixtures/layouts"
SCHEMA = json.loads((ROOT / "schemas/form.schema.json").read_text("utf-8"))


def _parse_json(*paths: str) -> dict:
    result = CliRunner().invoke(main, ["parse", *paths])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_matches_reviewed_golden(seed):
    golden = json.loads((ROOT / "tests/golden" / (seed.stem + ".json")).read_text("utf-8"))
    assert golden["notes"], "every golden says what was checked and what is ambiguous"
    got = _parse_json(str(seed.relative_to(ROOT)))
    assert got["files"] == golden["files"]


def test_seed_forms_kinds_names_and_funds():
    expected = {
        "000": [("商务接待", 768000.0), ("宣传与推广", 4175000.0), ("企业服务与发展", 400000.0),
                ("评比表彰松江区招商引资和企业服务工作优秀团队和优秀个人项目", 88300.0),
                ("松江区投资促进平台运维服务", 64932.02)],
        "001": [("虹桥商务区投资促进与公共服务事务中心工作专项", 1100000.0), ("虹桥国际中央商务区企业服务专项", 600000.0),
                ("虹桥国际中央商务区人才服务项目", 1250000.0)],
        "002": [("促进企业发展专项", 291000000.0), ("东西部协作和对口支援", 4000000.0), ("对口条线工作管理", 23149500.0),
                ("环境卫生和绿化市容管理", 125280900.0), ("民生保障管理", 91500000.0), ("企业经济服务", 149959700.0),
                ("社区综合服务", 137826100.0), ("市政建设管理", 349541000.0), ("疫情防控", 27742800.0)],
        "003": [("企业服务专项", 7949600.0), ("事业发展专项", 702400.0)],
        "004": [("窗口业务管理", 3550000.0), ("深化“一网通办”专项费用", 8100000.0),
                ("网络信息系统开发、升级、建设（历年已批复）", 8560200.0), ("网络信息系统运行与维护", 969942.0),
                ("宣传与推广", 580000.0)],
    }
    total = 0
    for seed in SEEDS:
        result = read_path(str(seed))
        assert not result.errors
        key = seed.name[:3]
        assert [(f.project, f.funds["annual"]) for f in result.forms] == expected[key]
        kinds = {f.kind for f in result.forms}
        assert kinds == ({"self_eval"} if key == "001" else {"target"})
        total += len(result.forms)
    assert total == 24


def test_self_evaluation_seed_counts_and_wrapped_name():
    forms = read_path(str(SEEDS[1])).forms
    assert [len(f.indicators) for f in forms] == [5, 4, 9]
    names = [i.name for i in forms[1].indicators]
    assert "吸引优质企业落地虹桥，实现优质企业主动对接" in names
    wrapped = forms[1].indicators[2]
    assert (wrapped.level1, wrapped.level2, wrapped.line) == ("效益指标", "经济效益指标", 43)
    assert [f.self_eval.exec_rate for f in forms] == [93.27, 99.98, 96.84]


def test_templates_are_recognised():
    assert {f.template for f in read_path(str(SEEDS[0])).forms} == {"national-2021"}
    assert {f.template for f in read_path(str(SEEDS[3])).forms} == {"shanghai-2020"}
    legacy = read_path(str(SEEDS[2])).forms[1]
    assert legacy.template == "legacy"
    cost = next(i for i in legacy.indicators if i.name == "年度成本增长率")
    assert (cost.level1, cost.level2) == ("产出指标", "成本指标")


@pytest.mark.parametrize("path", SEEDS + sorted(LAYOUTS.glob("*.txt")), ids=lambda p: p.name)
def test_parse_output_validates_against_schema(path):
    jsonschema.Draft202012Validator(SCHEMA).validate(_parse_json(str(path)))


def _model(result):
    data = result.to_dict()
    data.pop("encoding")
    return data


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "crlf", "utf-16"])
def test_reencoded_seeds_give_identical_models(seed, encoding):
    text = seed.read_text("utf-8")
    if encoding == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif encoding == "utf-16":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    original = read_bytes(text.encode("utf-8"), str(seed))
    again = read_bytes(data, str(seed))
    assert _model(again) == _model(original)
    assert again.encoding == {"crlf": "utf-8"}.get(encoding, encoding)


def _essence(form):
    """What every layout of the same form must agree on."""
    inds = [(i.level1, i.level2, i.name, i.target.op if i.target else None,
             i.target.base_value if i.target else None, i.target.dimension if i.target else None,
             i.actual.base_value if i.actual else None, i.weight, i.score) for i in form.indicators]
    se = form.self_eval.to_dict() if form.self_eval else None
    if se:
        se.pop("lines")
        se.pop("money_unit")
    return (form.kind, form.template, form.project, form.department, form.implementer, form.year,
            form.funds, form.goals, se, inds)


@pytest.mark.parametrize("kind,layouts", [
    ("target", {"tab": "tab", "markdown": "pipe", "cells": "cell-per-line", "cells_pipe": "cell-per-line",
                "space": "space"}),
    ("self_eval", {"tab": "tab", "markdown": "pipe", "cells": "cell-per-line", "yuan": "tab"}),
])
def test_every_layout_reads_to_the_same_model(kind, layouts):
    forms = {}
    for name, layout in layouts.items():
        result = read_path(str(LAYOUTS / f"{kind}_{name}.txt"))
        assert not result.errors and len(result.forms) == 1
        form = result.forms[0]
        assert form.layout == layout
        assert not form.uncertainties, form.uncertainties
        forms[name] = _essence(form)
    reference = forms.pop("tab")
    for name, essence in forms.items():
        assert essence == reference, name


def test_self_evaluation_in_yuan_is_detected_from_the_header():
    form = read_path(str(LAYOUTS / "self_eval_yuan.txt")).forms[0]
    assert form.self_eval.money_unit == "元"
    assert form.self_eval.budget_full_year == 1_200_000.0


def test_batch_of_many_forms_in_one_file():
    text = "\n\n".join((LAYOUTS / f).read_text("utf-8") for f in ("target_tab.txt", "self_eval_tab.txt", "target_space.txt"))
    result = read_text(text, "batch.txt")
    assert [f.kind for f in result.forms] == ["target", "self_eval", "target"]
    assert [f.index for f in result.forms] == [0, 1, 2]
    assert result.forms[1].line > result.forms[0].end_line - 1


# --- the hard parts of PDF extraction, one at a time -----------------------------------------------
TAB_HEAD = "财政项目支出绩效目标申报表\n(2025 年度)\n项目名称\t测试项目\n一级指标\t二级指标\t三级指标\t指标值\n"


def _rows(body: str):
    return read_text(TAB_HEAD + body, "t.txt").forms[0].indicators


def test_shifted_row_is_read_by_vocabulary():
    inds = _rows("产出指标\t数量指标\t培训人次\t≥600(人次)\n时效指标\t完成及时率\t及时\n")
    assert [(i.level1, i.level2, i.name) for i in inds] == [
        ("产出指标", "数量指标", "培训人次"), ("产出指标", "时效指标", "完成及时率")]


def test_merged_level_label_in_the_middle_of_its_group():
    inds = _rows("产出指标\t数量指标\t培训人次\t≥600(人次)\n\t\t经济效益指标\t带动就业\t增加\n"
                 "效益指标\t\t企业满意度提升\t提升\n")
    assert [(i.level1, i.level2) for i in inds][1:] == [("效益指标", "经济效益指标"), ("效益指标", "经济效益指标")]


def test_value_glued_to_the_next_name_is_split():
    text = ("财政项目支出绩效目标申报表\n项目名称\n测试项目\n一级指标\n二级指标\n三级指标\n指标值\n产出指标\n数量指标\n"
            "=3台网络安全设备维护数量\n网络安全巡检次数\n=12次\n")
    inds = read_text(text, "t.txt").forms[0].indicators
    assert [(i.name, i.target.raw) for i in inds] == [("网络安全设备维护数量", "=3台"), ("网络安全巡检次数", "=12次")]


def test_column_order_pairs_in_order_and_says_so():
    text = ("财政项目支出绩效目标申报表\n项目名称\n测试项目\n一级指标\n产出指标\n二级指标\n数量指标\n三级指标\n"
            "寄送快递数\n服务企业数量\n印章质量合格率\n指标目标值\n>=19900件\n=300家\n=100%\n质量指标\n")
    form = read_text(text, "t.txt").forms[0]
    assert [(i.name, i.target.raw) for i in form.indicators] == [
        ("寄送快递数", ">=19900件"), ("服务企业数量", "=300家"), ("印章质量合格率", "=100%")]
    assert form.layout == "column-order"
    assert {u.code for u in form.uncertainties} >= {"column-order", "guessed-level"}
    assert all(i.guessed for i in form.indicators)
    assert form.indicators[2].level2 == "质量指标"   # guessed from its name and the label order


def test_columns_count_characters_not_bytes():
    form = read_path(str(SEEDS[0])).forms[4]
    ind = next(i for i in form.indicators if i.name == "松江区投资促进平台运维费用")
    line = form.source[ind.line]
    assert line[ind.column - 1:].startswith("松江区投资促进平台运维费用")
    assert line[ind.value_span.column - 1:].startswith("≤64932.02(元)")


def test_latex_and_tags_are_read_not_kept():
    form = read_path(str(SEEDS[2])).forms[4]
    ind = next(i for i in form.indicators if i.name == "养老人员满意度")
    assert (ind.target.op, ind.target.value, ind.target.unit) == (">=", 85.0, "%")
    assert "<p>" not in read_path(str(SEEDS[0])).forms[2].goals["annual"]


# --- bad input ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"\n \n\t\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("notaform.txt", "这是一段普通的文字，不是绩效表。\n第二行。\n".encode("utf-8"), "no performance form"),
    ("bad.txt", "项目名称".encode("utf-8") + b"\xff\xff\x80\n", "cannot decode"),
])
def test_bad_input_gives_a_message_and_exit_2(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    for command in ("parse", "check"):
        result = CliRunner().invoke(main, [command, str(path), "--lang", "en"])
        assert result.exit_code == 2, (command, result.output)
        assert message in (result.output + (result.stderr or "")), (command, result.output)
        assert "Traceback" not in result.output


def test_missing_path_exits_2_and_others_still_checked(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.txt"), str(LAYOUTS / "target_tab.txt")])
    assert result.exit_code == 2
    assert "文件或文件夹不存在" in result.output          # the default language, Chinese
    assert "1 个文件" in result.output or "1 file" in result.output


def test_parse_json_reports_per_file_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "empty.txt"), str(LAYOUTS / "target_tab.txt"),
                                       "--lang", "en"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["files"][0]["errors"][0]["message"] == "empty file"
    assert len(data["files"][1]["forms"]) == 1
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_cell_wrapped_over_two_lines_in_a_tab_table():
    inds = _rows("产出指标\t数量指标\t社区居家养老服务对象上门照护服务\t≥600(人次)\n\t\t覆盖人次\t\n"
                 "\t质量指标\t服务记录完整率\t≥95(%)\n")
    assert [i.name for i in inds] == ["社区居家养老服务对象上门照护服务覆盖人次", "服务记录完整率"]


def test_name_without_value_in_a_tab_table_is_kept_with_no_target():
    inds = _rows("产出指标\t时效指标\t各项目计划完成及时性\n\t\t考核工作计划及时性\t及时\n")
    assert [(i.name, i.target) for i in inds][0] == ("各项目计划完成及时性", None)
    assert inds[1].target.qualitative == "及时"


def test_indicator_counts_counted_by_hand_from_the_sources():
    """Independent of the goldens: the 三级指标 rows of each seed form, counted by reading the source text
    (wrapped names count once, level-only and blank lines not at all)."""
    by_hand = {"000": [8, 9, 22, 8, 11], "001": [5, 4, 9], "002": [15, 13, 34, 15, 16, 24, 20, 38, 17],
               "003": [30, 20], "004": [12, 18, 11, 17, 16]}
    for seed in SEEDS:
        assert [len(f.indicators) for f in read_path(str(seed)).forms] == by_hand[seed.name[:3]], seed.name


@pytest.mark.parametrize("name, org", [
    ("通江县应急物资储备库", True), ("某市第一幼儿园", True), ("某县融媒体中心", True), ("某市广播电视台", True),
    ("某省财政厅", True), ("某县国有林场", True), ("某区城市管理局", True), ("应急救援物资储备", False),
    ("经常性项目", False), ("2024-01-01", False), ("为全县百岁老人发放补贴，保障基本生活。", False)])
def test_organisation_names_by_their_ending(name, org):
    """A header value told by its kind (labels and values in separate runs) is an organisation by how it ends;
    the endings are data (vocabulary.json)."""
    from perflint.vocab import ORGANISATION
    assert bool(ORGANISATION.search(name)) is org


@pytest.mark.parametrize("sep", ["\t", " ", " | "])
def test_a_table_of_level_names_only_has_no_indicator_named_after_a_level(sep):
    """A blank template (or a table whose 三级 cells were lost) lists 一级 and 二级 names with numbers beside
    them: no row is an indicator named 数量指标 or 经济效益指标; 服务对象满意度 may still name its own row."""
    rows = [["项目名称", "乡镇道路养护"], ["主管部门", "某县交通运输局"], ["实施单位", "某县公路养护中心"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "88100"], ["", "质量指标", "88100"], ["效益指标", "经济效益指标", "20100"],
            ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"]]
    text = "\n".join(sep.join(r) for r in rows)
    (form,) = read_bytes(text.encode("utf-8"), "levels.txt").forms
    from perflint import taxonomy
    assert [i.name for i in form.indicators if taxonomy.is_level_name(i.name) and not i.name.endswith("满意度")] == []
    assert "服务对象满意度" in [i.name for i in form.indicators]


@pytest.mark.parametrize("name, phantom", [
    ("二级指标(长期)", True), ("指标值（年度）", True), ("三级指标(年度)", True), ("(分)", True), ("**人", True), ("**元/人·月", True),
    ("**项目完成率", False),
    ("附件:", True), ("[下载][打印]", True), ("培训人数(人)", False), ("满意度(%)", False),
    ("市场主体(企业)满意度", False), ("道路保洁面积(平方米)", False), ("打印机采购数量", False),
    ("附件管理规范性", False), ("服务对象满意度", False)])
def test_phantom_names_qualified_or_bracketed(name, phantom):
    """A column header with a qualifier (长期, 年度), a unit or a points mark in brackets, a placeholder before a
    unit, an annex label or page links are no indicator's name; names that merely contain brackets are."""
    from perflint.table import is_phantom
    assert is_phantom(name) is phantom


@pytest.mark.parametrize("text, expected", [
    ("数量指标:★补助瓜果种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率(≥**%)>=100%。",
     [("数量指标", "LEVEL"), ("★补助瓜果种植数量(≥**株)", "TEXT"), (">=17600株", "VALUE"),
      ("种植作物成活率(≥**%)", "TEXT"), (">=85", "VALUE"), ("时效指标", "LEVEL"), ("完成及时率(≥**%)", "TEXT"),
      (">=100%", "VALUE")]),
    ("经济效益指标：特色产业产值（≥**万元）≥80万元，增加收入（≥**万元）≥60万元；社会效益指标，受益户数（≥**户）≥10户。",
     [("经济效益指标", "LEVEL"), ("特色产业产值(≥**万元)", "TEXT"), ("≥80万元", "VALUE"),
      ("增加收入(≥**万元)", "TEXT"), ("≥60万元", "VALUE"), ("社会效益指标", "LEVEL"), ("受益户数(≥**户)", "TEXT"),
      ("≥10户", "VALUE")]),
])
def test_a_published_list_of_indicators_in_running_text(text, expected):
    """预算公开 notices list indicators as running text: a level, then items 'name(≥**unit)value' ended by ；;。
    (or by a comma before the next templated name); each item gives its name, template included, and its value."""
    from perflint.cells import split_line
    from perflint.tokens import tokens_of
    got = [(t.text, t.lex.kind.name) for c in split_line(text, 1).cells for t in tokens_of(c)]
    assert [(a.replace(":", "").replace("：", ""), k) for a, k in got] == expected


def test_text_with_a_template_but_no_list_stays_one_cell():
    from perflint.cells import split_line
    from perflint.tokens import tokens_of
    text = "苗木成活率(≥**%)"
    assert [t.text for c in split_line(text, 1).cells for t in tokens_of(c)] == ["苗木成活率(≥**%)"]


@pytest.mark.parametrize("sep", [" ", "\t"])
def test_prose_sections_are_kept_but_a_table_headed_by_their_label_is_not_prose(sep):
    """项目概况 and 立项依据 written as prose are kept in Form.sections by their label (PF207 reads them); a
    部门整体支出 table whose first column head is 部门职能 is a table, not a section."""
    prose = "\n".join(["财政项目支出绩效目标表", "项目名称：社区图书角建设", "项目概况：", "为十个社区建设图书角，配置图书。",
                       "立项依据：《公共文化服务保障法》", "总目标及阶段性目标：", "建成社区图书角10个。"])
    (form,) = read_bytes(prose.encode("utf-8"), "prose.txt").forms
    assert form.sections == {"项目概况": "为十个社区建设图书角，配置图书。", "立项依据": "《公共文化服务保障法》"}
    table = "\n".join(["部门整体支出绩效目标表", "部门名称：某区档案馆",
                       sep.join(["部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"]),
                       sep.join(["档案收集整理", "确保人员工资按时发放", "基本支出", "171.41"])])
    (form,) = read_bytes(table.encode("utf-8"), "table.txt").forms
    assert "部门职能" not in form.sections
