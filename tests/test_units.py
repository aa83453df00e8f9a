"""The units table: every unit the brief names, aliases, scale words, generated rates, and data checks."""
import dataclasses
import math
from importlib import resources

import pytest

from perflint import units
from perflint.units import Unit

EXPECTED = [
    # money, base 元
    ("元", "money", 1), ("千元", "money", 1e3), ("万元", "money", 1e4), ("亿元", "money", 1e8),
    # percent
    ("%", "percent", 1), ("百分比", "percent", 1), ("％", "percent", 1),
    # area, base ㎡
    ("㎡", "area", 1), ("平方米", "area", 1), ("m²", "area", 1), ("万㎡", "area", 1e4),
    ("万平方米", "area", 1e4), ("公顷", "area", 1e4), ("亩", "area", 666.6667), ("平方公里", "area", 1e6),
    # length, base 米
    ("米", "length", 1), ("m", "length", 1), ("公里", "length", 1000), ("千米", "length", 1000),
    ("km", "length", 1000),
    # duration, base 小时
    ("分钟", "duration", 1 / 60), ("小时", "duration", 1), ("天", "duration", 24), ("日", "duration", 24),
    ("个工作日", "duration", 24), ("工作日", "duration", 24), ("周", "duration", 168),
    ("个月", "duration", 720), ("月", "duration", 720), ("年", "duration", 8760),
    # compound counts
    ("家/次", "count", 1), ("场/次", "count", 1), ("人/次", "count", 1),
    # generated money rates, base 元 per one
    ("元/人", "money_rate", 1), ("元/份", "money_rate", 1), ("元/次", "money_rate", 1),
    ("元/件", "money_rate", 1), ("元/台", "money_rate", 1), ("万元/人", "money_rate", 1e4),
]
COUNTS = "次 场 期 份 个 家 家次 户 人 人次 名 台 套 件 块 种 项 起 条 篇 批 所 处 辆 本 册 部 张 个点位 点位 课时 门 类".split()


@pytest.mark.parametrize("spelling, dimension, scale", EXPECTED)
def test_lookup(spelling, dimension, scale):
    unit = units.lookup(spelling)
    assert unit is not None, spelling
    assert unit.dimension == dimension
    assert math.isclose(unit.scale, scale, rel_tol=1e-6)


@pytest.mark.parametrize("spelling", COUNTS)
def test_count_units(spelling):
    unit = units.lookup(spelling)
    assert unit is not None and unit.dimension == "count" and unit.scale == 1


@pytest.mark.parametrize("spelling, name", [("百分比", "%"), ("％", "%"), ("平方米", "㎡"), ("万平方米", "万㎡"),
                                            ("千米", "公里"), ("日", "天"), ("工作日", "个工作日"),
                                            ("月", "个月"), ("个点位", "点位"), ("元/平方米", "元/㎡"),
                                            ("万元/工作日", "万元/个工作日"), ("元", "元")])
def test_canonical(spelling, name):
    assert units.canonical(spelling) == name


def test_unknown_units():
    for spelling in ("", "abc", "万", "元/abc", "abc/人", "次性项目"):
        assert units.lookup(spelling) is None
        assert units.canonical(spelling) is None


def test_rates_per_day_and_area_are_not_per_one():
    per_day, per_sqm, per_person = units.lookup("元/天"), units.lookup("元/㎡"), units.lookup("元/人")
    assert per_day.dimension == per_sqm.dimension == per_person.dimension == "money_rate"
    assert (per_day.per, per_sqm.per, per_person.per) == ("duration", "area", "count")
    assert math.isclose(per_day.scale, 1 / 24)  # 元 per 小时
    assert not units.comparable(per_day, per_person)
    assert units.comparable(units.lookup("万元/人"), per_person)


def test_resolve_scale_words():
    assert units.resolve("万㎡") == (1.0, units.lookup("万㎡"))      # listed: a unit of its own
    assert units.resolve("万人次") == (1e4, units.lookup("人次"))    # not listed: 万 multiplies
    assert units.resolve("亿元") == (1.0, units.lookup("亿元"))
    assert units.resolve("万") == (1e4, None)
    assert units.resolve("千万元") == (1e7, units.lookup("元"))
    assert units.resolve("百分比") == (1.0, units.lookup("%"))       # 百 is not a scale word here
    assert units.resolve("万abc") is None
    assert units.resolve("万" * 10_000) is None                      # no deep recursion


def test_split_known():
    mult, unit, rest = units.split_known("台网络安全设备维护数量")
    assert (mult, unit.name, rest) == (1.0, "台", "网络安全设备维护数量")
    assert units.split_known("网络") is None
    assert units.split_known("个" * 100_000)[1].name == "个"


def test_area_units_compare():
    assert units.lookup("万㎡").scale == units.lookup("公顷").scale
    assert units.comparable(units.lookup("万㎡"), units.lookup("亩"))


def test_units_are_frozen():
    unit = units.lookup("元")
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.scale = 2  # type: ignore[misc]


def test_table_is_consistent():
    all_units = units.all_units()
    assert len({u.name for u in all_units}) == len(all_units)
    dims = units.dimensions()
    assert {"money", "percent", "area", "length", "duration", "count", "money_rate"} <= set(dims)
    for unit in all_units:
        assert unit.dimension in dims
        assert unit.scale > 0
    for name, dim in dims.items():
        if name in ("count", "date", "money_rate"):
            continue
        assert units.lookup(dim.base).scale == 1, name  # the base unit really is the base
    for alias, name in units.aliases().items():
        assert units.canonical(alias) == name
    assert units.base_unit("money") == "元" and units.base_unit(None) is None


def test_loader_rejects_bad_data():
    good = {"dimensions": {"money": {"base": "元", "zh": "金额", "en": "money", "units": {"元": 1}}}}
    assert isinstance(units._build(good).units["元"], Unit)
    with pytest.raises(ValueError, match="unknown unit"):
        units._build({**good, "aliases": {"块": "圆"}})
    with pytest.raises(ValueError, match="twice"):
        units._build({"dimensions": {**good["dimensions"],
                                     "other": {"base": "元", "zh": "", "en": "", "units": {"元": 1}}}})
    with pytest.raises(ValueError, match="also a unit"):
        units._build({**good, "aliases": {"元": "元"}})


def test_units_are_listed_only_in_the_table():
    grammar = resources.files("perflint.grammar").joinpath("value.lark").read_text(encoding="utf-8")
    for name in ("万元", "人次", "公顷", "家次", "小时"):
        assert name not in grammar
