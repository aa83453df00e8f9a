#!/usr/bin/env python3
"""Write a synthetic corpus of budget performance forms for benchmarks and robustness tests.

    python benchmarks/make_corpus.py N OUT [--seed S]

writes N forms, deterministically from the seed, spread over files of 1–20 forms (one department's batch
per file, one extraction layout per file) into the folder OUT, plus OUT/manifest.json describing every
file: its layout, its encoding and, per form, the kind, project, number of indicators written and the
defects planted.

Layouts (as PDF-extraction tools produce them; see tests/fixtures/seeds/):
  tab       tab-separated table, 财政项目支出绩效目标申报表 (seed 000/002) or 绩效自评表 (seed 001)
  pipe      markdown pipe table with <p> tags and LaTeX values ($\\geq 85\\%$), both kinds
  cell      one cell per line, both kinds
  space     space-separated, 上海 2020 template (seed 003), target forms
  column    column-order extraction, labels and values in separate runs (seed 004), target forms

Defects are planted at realistic rates: missing satisfaction indicator, cost target equal to the budget,
copied goals, goal text shared by two projects, missing unit or operator, output capped with ≤, fund lines
that do not add up, vague or placeholder values, duplicate indicators, budget execution listed as an
indicator; in self-evaluations wrong execution rate, wrong total, score above weight, missing deviation
reason, wrong grade, weights not summing to 90.

Only the standard library is used.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --- vocabulary ------------------------------------------------------------------------------------

REGIONS = ["城东区", "江北区", "南湖区", "西川区", "临江市", "青山县", "北塘区", "云溪县", "东港区", "金桥区",
           "平江区", "松溪县"]

# sector -> departments, implementers (suffixes), projects, goal phrases, indicator pools
# indicator spec: (name, kind, unit, low, high); kinds: count rate time cost qual sat zero
SECTORS: dict[str, dict] = {
    "enterprise": {
        "departments": ["经济委员会", "商务委员会", "科学技术委员会", "投资促进服务中心"],
        "implementers": ["中小企业服务中心", "投资促进和企业服务中心", "企业服务中心", "招商服务中心"],
        "projects": ["企业服务专项", "招商引资推介活动", "中小企业公共服务平台运维", "商务接待", "宣传与推广",
                     "人才服务项目", "政策宣传推广", "企业服务与发展", "产业链招商服务", "营商环境优化专项"],
        "activities": ["开展政策宣讲和企业走访", "举办招商推介活动", "建设企业服务平台", "组织人才招聘和培训活动",
                       "提供融资对接和法律咨询服务"],
        "effects": ["优化区域营商环境", "提升企业服务水平", "增强企业发展活力", "提高政策知晓度",
                    "促进产业集聚发展"],
        "output": {
            "数量指标": [("开展企业服务活动场次", "count", "场", 6, 60), ("服务企业数量", "count", "家", 50, 3000),
                     ("发放宣传资料份数", "count", "份", 500, 20000), ("举办政策宣讲会次数", "count", "次", 4, 40),
                     ("走访企业家次", "count", "家次", 100, 1500), ("培训企业人员人次", "count", "人次", 200, 5000)],
            "质量指标": [("活动组织合规率", "rate", "%", 95, 100), ("政策解读准确率", "rate", "%", 95, 100),
                     ("服务事项办结率", "rate", "%", 90, 100), ("资金使用合规性", "qual", "合规", 0, 0),
                     ("活动招商成效", "qual", "良好", 0, 0)],
            "时效指标": [("服务事项办理及时性", "qual", "及时", 0, 0), ("问题响应时间", "time", "小时", 2, 48),
                     ("活动完成及时率", "rate", "%", 90, 100), ("计划完成及时性", "qual", "及时", 0, 0)],
        },
        "cost": [("单场活动成本", "cost", "元/场", 2000, 80000), ("人均接待成本", "cost", "元/人", 100, 600),
                 ("宣传资料印制单价", "cost", "元/份", 5, 300)],
        "benefit": {
            "经济效益指标": [("带动企业投资额增长情况", "qual", "增加", 0, 0), ("新增落地企业数量", "count", "家", 5, 80)],
            "社会效益指标": [("营商环境改善情况", "qual", "改善", 0, 0), ("企业政策知晓率", "rate", "%", 80, 98),
                       ("以商引商情况", "qual", "良好", 0, 0)],
            "可持续影响指标": [("长效服务机制健全性", "qual", "健全", 0, 0)],
        },
        "satisfaction": [("服务对象满意度", "sat", "%", 85, 95), ("企业满意度", "sat", "%", 85, 95)],
    },
    "education": {
        "departments": ["教育局", "教育委员会"],
        "implementers": ["教育发展服务中心", "教师进修学院", "学生资助管理中心", "教育技术装备中心"],
        "projects": ["家庭经济困难学生资助", "教师培训项目", "校舍维修改造", "教育信息化建设", "中小学课后服务",
                     "学前教育保教费补助", "校园安全技防建设", "教学设备更新"],
        "activities": ["落实学生资助政策", "组织教师分层分类培训", "实施校舍维修改造工程", "推进智慧校园建设",
                       "开展课后托管服务"],
        "effects": ["保障家庭经济困难学生顺利完成学业", "提升教师专业能力", "改善学校办学条件",
                    "提高教育教学质量", "促进教育公平"],
        "output": {
            "数量指标": [("资助学生人数", "count", "人", 100, 8000), ("培训教师人次", "count", "人次", 200, 6000),
                     ("维修校舍面积", "count", "㎡", 500, 30000), ("采购教学设备数量", "count", "台", 20, 800),
                     ("开展课后服务学校数", "count", "个", 5, 120)],
            "质量指标": [("资助对象识别准确率", "rate", "%", 98, 100), ("培训考核合格率", "rate", "%", 90, 100),
                     ("工程验收合格率", "rate", "%", 98, 100), ("设备采购验收合格率", "rate", "%", 98, 100)],
            "时效指标": [("资助资金发放及时率", "rate", "%", 95, 100), ("工程完工及时性", "qual", "及时", 0, 0),
                     ("培训完成时间", "time", "天", 30, 300)],
        },
        "cost": [("生均资助标准", "cost", "元/人", 500, 3000), ("每平方米维修成本", "cost", "元/㎡", 200, 1500),
                 ("人均培训成本", "cost", "元/人", 200, 2500)],
        "benefit": {
            "社会效益指标": [("家庭经济困难学生资助覆盖率", "rate", "%", 95, 100), ("教学条件改善情况", "qual", "改善", 0, 0),
                       ("教师教学能力提升情况", "qual", "提升", 0, 0)],
            "可持续影响指标": [("资助管理制度健全性", "qual", "健全", 0, 0), ("设施设备持续使用年限", "count", "年", 5, 10)],
        },
        "satisfaction": [("学生及家长满意度", "sat", "%", 85, 95), ("参训教师满意度", "sat", "%", 85, 95)],
    },
    "health": {
        "departments": ["卫生健康委员会", "疾病预防控制中心"],
        "implementers": ["疾病预防控制中心", "社区卫生服务中心", "妇幼保健所", "卫生健康事务中心"],
        "projects": ["基本公共卫生服务", "疾病预防控制专项", "家庭医生签约服务", "重大传染病防控",
                     "妇幼健康服务", "健康促进与教育", "免费接种疫苗专项"],
        "activities": ["开展基本公共卫生服务", "组织健康教育讲座", "落实免疫规划", "推进家庭医生签约服务",
                       "开展重点人群健康管理"],
        "effects": ["提高居民健康水平", "降低传染病发病率", "提升基层卫生服务能力", "增强居民健康意识",
                    "保障公共卫生安全"],
        "output": {
            "数量指标": [("建立居民健康档案人数", "count", "人", 1000, 90000), ("开展健康教育讲座次数", "count", "次", 6, 80),
                     ("免疫接种人次", "count", "人次", 500, 60000), ("家庭医生签约人数", "count", "人", 1000, 40000)],
            "质量指标": [("健康档案规范化建档率", "rate", "%", 80, 98), ("适龄儿童疫苗接种率", "rate", "%", 90, 99),
                     ("传染病报告准确率", "rate", "%", 95, 100)],
            "时效指标": [("传染病报告及时率", "rate", "%", 95, 100), ("突发事件响应时间", "time", "小时", 1, 24),
                     ("项目完成及时性", "qual", "及时", 0, 0)],
        },
        "cost": [("人均基本公共卫生服务经费", "cost", "元/人", 80, 120), ("单次讲座成本", "cost", "元/场", 500, 5000)],
        "benefit": {
            "社会效益指标": [("居民健康素养水平", "rate", "%", 25, 40), ("重点人群健康管理率", "rate", "%", 60, 90),
                       ("甲乙类传染病发生数量", "zero", "起", 0, 0)],
            "可持续影响指标": [("公共卫生服务长效机制", "qual", "健全", 0, 0)],
        },
        "satisfaction": [("居民满意度", "sat", "%", 85, 95), ("服务对象满意度", "sat", "%", 85, 95)],
    },
    "it": {
        "departments": ["大数据管理局", "行政服务中心", "政务服务管理办公室"],
        "implementers": ["大数据中心", "行政服务中心", "信息中心", "政务数据服务中心"],
        "projects": ["政务信息系统运维", "网络安全等级保护", "数据中心建设", "深化一网通办专项",
                     "电子政务外网运维", "平台运维", "窗口业务管理"],
        "activities": ["做好政务信息系统运行维护", "开展网络安全等级保护测评", "推进政务数据归集共享",
                       "建设政务服务移动端应用", "保障电子政务外网稳定运行"],
        "effects": ["提升政务服务效能", "保障网络与信息安全", "提高数据共享水平", "优化营商环境",
                    "提升企业群众办事体验"],
        "output": {
            "数量指标": [("运维系统数量", "count", "个", 3, 60), ("网络安全设备维护数量", "count", "台", 5, 200),
                     ("人工智能事项数", "count", "个", 10, 100), ("办事指南质检分析次数", "count", "次", 4, 24)],
            "质量指标": [("系统正常运行率", "rate", "%", 95, 100), ("故障修复率", "rate", "%", 95, 100),
                     ("等保测评通过率", "rate", "%", 100, 100), ("项目试运行稳定性", "qual", "稳定", 0, 0)],
            "时效指标": [("故障响应时间", "time", "小时", 1, 4), ("项目上线及时性", "qual", "及时", 0, 0),
                     ("账单支付及时率", "rate", "%", 100, 100)],
        },
        "cost": [("单个系统年运维成本", "cost", "元/个", 20000, 300000), ("单台设备维护成本", "cost", "元/台", 500, 8000)],
        "benefit": {
            "社会效益指标": [("重大网络安全事故发生次数", "zero", "次", 0, 0), ("政务服务效率提升情况", "qual", "提升", 0, 0),
                       ("一网通办网办率", "rate", "%", 70, 95)],
            "可持续影响指标": [("系统持续稳定运行", "qual", "稳定", 0, 0), ("运维管理制度健全性", "qual", "健全", 0, 0)],
        },
        "satisfaction": [("使用人员满意度", "sat", "%", 85, 95), ("投诉处置满意度", "sat", "%", 90, 100)],
    },
    "environment": {
        "departments": ["生态环境局", "水务局", "绿化和市容管理局", "城市管理委员会"],
        "implementers": ["河道管理所", "绿化管理所", "市容环境卫生管理所", "环境监测站"],
        "projects": ["河道日常保洁养护", "公共绿地养护", "生活垃圾分类推进", "环境空气质量监测",
                     "市容环境综合整治", "黑臭水体治理"],
        "activities": ["开展河道日常保洁", "实施公共绿地精细化养护", "推进生活垃圾分类", "开展环境质量监测",
                       "组织市容环境综合整治"],
        "effects": ["改善区域水环境质量", "提升城市绿化景观", "提高垃圾分类实效", "改善人居环境",
                    "保障生态环境安全"],
        "output": {
            "数量指标": [("河道保洁长度", "count", "公里", 10, 400), ("绿地养护面积", "count", "万㎡", 5, 300),
                     ("垃圾分类宣传活动次数", "count", "场", 6, 120), ("监测点位数量", "count", "个", 5, 60)],
            "质量指标": [("保洁质量考核达标率", "rate", "%", 90, 100), ("苗木成活率", "rate", "%", 90, 99),
                     ("监测数据有效率", "rate", "%", 95, 100)],
            "时效指标": [("养护作业及时率", "rate", "%", 95, 100), ("问题整改时间", "time", "天", 1, 15)],
        },
        "cost": [("每公里河道保洁成本", "cost", "元/公里", 5000, 80000), ("单位面积养护成本", "cost", "元/㎡", 5, 40)],
        "benefit": {
            "生态效益指标": [("河道水质改善情况", "qual", "改善", 0, 0), ("城市绿化覆盖率", "rate", "%", 35, 45),
                       ("空气质量优良天数比例", "rate", "%", 80, 92)],
            "社会效益指标": [("市容环境改善情况", "qual", "改善", 0, 0), ("垃圾分类知晓率", "rate", "%", 85, 98)],
            "可持续影响指标": [("长效管理机制健全性", "qual", "健全", 0, 0)],
        },
        "satisfaction": [("周边居民满意度", "sat", "%", 85, 95), ("市民满意度", "sat", "%", 80, 92)],
    },
    "culture": {
        "departments": ["文化和旅游局", "体育局"],
        "implementers": ["文化馆", "图书馆", "文化艺术中心", "体育事业发展中心"],
        "projects": ["公共文化服务", "文化惠民演出", "全民健身活动", "图书馆阅读推广", "非遗保护传承"],
        "activities": ["举办文化惠民演出", "组织全民健身赛事", "开展阅读推广活动", "开展非遗传承展示"],
        "effects": ["丰富群众文化生活", "提升公共文化服务水平", "增强市民身体素质", "传承优秀传统文化"],
        "output": {
            "数量指标": [("举办文化惠民演出场次", "count", "场", 10, 200), ("组织健身赛事数量", "count", "项", 3, 40),
                     ("阅读推广活动参与人次", "count", "人次", 1000, 50000)],
            "质量指标": [("演出节目审查通过率", "rate", "%", 100, 100), ("活动安全事故发生率", "rate", "%", 0, 0)],
            "时效指标": [("活动按计划完成率", "rate", "%", 95, 100), ("项目完成及时性", "qual", "及时", 0, 0)],
        },
        "cost": [("单场演出成本", "cost", "元/场", 5000, 60000), ("人均活动成本", "cost", "元/人次", 10, 200)],
        "benefit": {
            "社会效益指标": [("群众文化生活丰富程度", "qual", "提升", 0, 0), ("公共文化设施利用率", "rate", "%", 70, 95)],
            "可持续影响指标": [("文化服务长效机制", "qual", "健全", 0, 0)],
        },
        "satisfaction": [("群众满意度", "sat", "%", 85, 95), ("参与者满意度", "sat", "%", 85, 95)],
    },
}

SHANGHAI_INPUT = {
    "投入管理": [("预算编制合理性", "合理"), ("预算执行率", "=100%"), ("预算资金到位率", "=100%")],
    "财务管理": [("财务管理制度健全性", "健全"), ("财务监控有效性", "有效"), ("资金使用规范性", "规范")],
    "实施管理": [("项目管理制度健全性", "健全"), ("政府采购规范性", "合规"), ("合同管理完备性", "完备"),
             ("项目质量可控性", "可控")],
}
NATURES = ["其他经常性项目", "经常性项目", "一次性项目", "新增项目"]
CATEGORIES = ["特定目标类", "其他运转类", "经常性专项业务费", "发展类"]
VAGUE = ["进一步提升", "明显改善", "逐步完善", "持续优化"]
CAUSES = ["疫情", "政策调整", "项目实施周期延长", "采购流程延迟", "天气原因", "服务需求减少"]
MEASURES = ["加强项目进度管理", "提前做好采购计划", "完善绩效跟踪机制", "优化资金使用安排"]
CN_FREQ = ["一年四次", "一年两次", "每月1次", "每季度1次"]

# layout, kind -> weight (share of files)
LAYOUTS = [("tab", "target", 26), ("tab", "self_eval", 16), ("pipe", "target", 12), ("pipe", "self_eval", 8),
           ("cell", "target", 8), ("cell", "self_eval", 4), ("space", "target", 12), ("column", "target", 14)]


# --- the form model the generator writes -------------------------------------------------------------

@dataclass
class Ind:
    l1: str
    l2: str
    name: str
    target: str                       # as written (layout's value style applied later by fmt_value)
    spec: tuple = ()                  # (kind, op, value, unit) for re-formatting
    actual: str | None = None
    weight: float | None = None
    score: float | None = None
    reason: str = ""
    shown: str = ""                   # the target as the layout wrote it


@dataclass
class Spec:
    kind: str
    year: int
    project: str
    department: str
    implementer: str
    nature: str
    category: str
    start: str
    end: str
    funds: dict                       # 元
    goal_total: str
    goal_annual: str
    goal_actual: str = ""
    indicators: list = field(default_factory=list)
    se: dict = field(default_factory=dict)      # self-evaluation numbers (万元)
    defects: list = field(default_factory=list)


def _num(v: float, decimals: int) -> str:
    if decimals:
        return f"{v:.{decimals}f}"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _money(v: float, rng: random.Random, style: str) -> str:
    if style == "comma2":
        return f"{v:,.2f}"
    if style == "comma":
        return f"{v:,.0f}"
    return f"{v:.0f}"


OPS_PLAIN = {"≥": [">=", "≥"], "≤": ["<=", "≤"], "=": ["="], ">": [">"], "<": ["<"]}
OPS_LATEX = {"≥": "$\\geq", "≤": "$\\leq", "=": "=", ">": "$>", "<": "$<"}


def fmt_value(spec: tuple, style: str, rng: random.Random) -> str:
    """Write a target in the layout's style: paren ≥90.00(%), plain >=90%, latex $\\geq 90\\%$."""
    kind, op, value, unit = spec
    if kind == "word":
        return value
    if kind == "raw":
        return value
    if style == "paren":
        u = unit if unit != "%" or rng.random() < 0.8 else "百分比"
        return f"{op}{value:.2f}({u})" if unit else f"{op}{value:.2f}"
    if style == "latex" and op in ("≥", "≤", ">", "<") and rng.random() < 0.7:
        if unit == "%":
            return f"{OPS_LATEX[op]} {_num(value, 0)}\\%$"
        return f"{OPS_LATEX[op]} {_num(value, 0)}${unit}"
    o = rng.choice(OPS_PLAIN.get(op, [op])) if op else ""
    return f"{o}{_num(value, 0)}{unit}"


def _show(ind: Ind, style: str, rng: random.Random) -> str:
    ind.shown = fmt_value(ind.spec, style, rng)
    return ind.shown


def fmt_actual(spec: tuple, style: str) -> str:
    kind, _op, value, unit = spec
    if kind in ("word", "raw"):
        return value
    if style == "paren":
        return f"{value:.2f}({'百分比' if unit == '%' else unit})" if unit else f"{value:.2f}"
    return f"{_num(round(value, 2), 0)}{unit}"


# --- building one form ----------------------------------------------------------------------------

class Generator:
    def __init__(self, seed: int, unique: bool = False):
        self.rng = random.Random(seed)
        # every project its own name (a bureau's batch), not names drawn again from the sector's list
        self.unique = unique
        self.serial = 0

    def pick_sector(self) -> str:
        return self.rng.choice(sorted(SECTORS))

    def indicator(self, spec: tuple, l1: str, l2: str) -> Ind:
        rng = self.rng
        name, kind, unit, lo, hi = spec
        if kind == "qual":
            return Ind(l1, l2, name, unit, ("word", None, unit, None))
        if kind == "zero":
            return Ind(l1, l2, name, "", ("num", rng.choice(["=", "≤"]), 0.0, unit))
        if kind == "rate" or kind == "sat":
            v = float(rng.randint(lo, hi)) if hi > lo else float(lo)
            op = "=" if v == 100 else ("≤" if v == 0 else "≥")
            return Ind(l1, l2, name, "", ("num", op, v, "%"))
        if kind == "time":
            return Ind(l1, l2, name, "", ("num", "≤", float(rng.randint(lo, hi)), unit))
        if kind == "cost":
            v = float(rng.randint(lo, hi))
            v = round(v, -2) if v > 1000 else v
            return Ind(l1, l2, name, "", ("num", "≤", v, unit))
        v = float(rng.randint(lo, hi))
        if v > 100:
            v = round(v, -1)
        return Ind(l1, l2, name, "", ("num", rng.choice(["≥", "≥", "="]), v, unit))

    def form(self, kind: str, sector: str, region: str, dept: str, impl: str, year: int, template: str,
             shared_goal: str | None) -> Spec:
        rng = self.rng
        sec = SECTORS[sector]
        project = rng.choice(sec["projects"])
        if rng.random() < 0.5:
            project = rng.choice(["", "", f"{year}年度", region]) + project
        if self.unique:
            self.serial += 1
            project = f"{project}（第{self.serial}片区）"
        one_year = rng.random() < 0.85
        start = f"{year}-01-01"
        end = f"{year}-12-31" if one_year else f"{year + rng.choice([1, 2])}-12-31"
        annual = float(rng.choice([rng.randint(5, 900) * 1000, rng.randint(100, 5000) * 10000,
                                   rng.randint(1, 300) * 100000]))
        total = annual if one_year else annual * rng.choice([2, 3])
        carried = 0.0 if rng.random() < 0.8 else round(annual * rng.choice([0.1, 0.2, 0.25]), -2)
        funds = {"total": total, "annual": annual, "fiscal": total, "appropriation": annual - carried,
                 "carried_over": carried, "other": 0.0}
        acts = rng.sample(sec["activities"], 2)
        effs = rng.sample(sec["effects"], 2)
        goal_total = f"通过实施{project}，{acts[0]}，{acts[1]}，{effs[0]}，{effs[1]}。"
        spec = Spec(kind, year, project, dept, impl, rng.choice(NATURES), rng.choice(CATEGORIES), start, end,
                    funds, goal_total, "")
        defects = spec.defects
        # --- indicators
        inds: list[Ind] = []
        legacy = template == "legacy"
        for l2, pool in sec["output"].items():
            k = rng.randint(1, min(3, len(pool))) if l2 != "数量指标" else rng.randint(1, min(4, len(pool)))
            for s in rng.sample(pool, k):
                inds.append(self.indicator(s, "产出指标", l2))
        for s in rng.sample(sec["cost"], rng.randint(1, min(2, len(sec["cost"])))):
            inds.append(self.indicator(s, "产出指标" if legacy else "成本指标", "成本指标" if legacy else "经济成本指标"))
        benefit_groups = list(sec["benefit"].items())
        for l2, pool in rng.sample(benefit_groups, rng.randint(1, len(benefit_groups))):
            for s in rng.sample(pool, rng.randint(1, min(2, len(pool)))):
                inds.append(self.indicator(s, "效益指标", l2))
        inds.append(self.indicator(rng.choice(sec["satisfaction"]), "满意度指标", "服务对象满意度指标"))
        # --- defects in the indicators
        if rng.random() < 0.12:
            inds = [i for i in inds if i.l1 != "满意度指标"]
            defects.append("no-satisfaction")
        nums = [i for i in inds if i.spec[0] == "num" and i.spec[3] not in ("%",) and i.spec[1] != "≤"]
        if kind == "target" and rng.random() < 0.08:
            cost = next((i for i in inds if "成本" in i.l2), None)
            if cost is not None:
                cost.name = rng.choice(["项目总成本", "项目成本控制", "年度预算控制数"])
                cost.spec = ("num", "≤", annual, "元")
                defects.append("cost-equals-budget")
        if nums and rng.random() < 0.08:
            i = rng.choice(nums)
            i.spec = ("raw", None, f"={_num(i.spec[2], 0)}", None)
            defects.append("missing-unit")
        if nums and rng.random() < 0.08:
            i = rng.choice(nums)
            if i.spec[0] == "num":
                i.spec = ("raw", None, f"{_num(i.spec[2], 0)}{i.spec[3]}", None)
                defects.append("missing-operator")
        outs = [i for i in inds if i.l2 == "数量指标" and i.spec[0] == "num"]
        if outs and rng.random() < 0.05:
            i = rng.choice(outs)
            i.spec = ("num", "≤", i.spec[2], i.spec[3])
            defects.append("output-capped")
        quals = [i for i in inds if i.spec[0] == "word"]
        if quals and rng.random() < 0.05:
            rng.choice(quals).spec = ("word", None, rng.choice(VAGUE), None)
            defects.append("vague-target")
        if rng.random() < 0.03:
            i = rng.choice(inds)
            i.spec = ("raw", None, rng.choice(["≥XX%", "**", "××"]), None)
            defects.append("placeholder")
        if rng.random() < 0.04 and len(inds) > 3:
            dup = rng.choice(inds[:-1])
            inds.insert(inds.index(dup) + 1, Ind(dup.l1, dup.l2, dup.name, "", dup.spec))
            defects.append("duplicate-indicator")
        if rng.random() < 0.06:
            pos = next((n for n, i in enumerate(inds) if i.l2 == "质量指标"), 0)
            l1, l2 = (inds[pos].l1, inds[pos].l2) if inds else ("产出指标", "质量指标")
            inds.insert(pos, Ind(l1, l2, "预算执行率", "", ("num", "≥", 90.0, "%")))
            defects.append("budget-execution-indicator")
        if rng.random() < 0.03:
            i = rng.choice([i for i in inds if i.l2 == "数量指标"] or inds)
            i.spec = ("word", None, rng.choice(CN_FREQ), None)
        spec.indicators = inds
        # the annual goal promises what the indicators measure; sometimes a number with no indicator
        counts = [i for i in inds if i.l2 == "数量指标" and i.spec[0] == "num" and i.spec[1] in ("≥", "=")]
        sats = [i for i in inds if i.l1 == "满意度指标" and i.spec[0] == "num"]
        promise = f"{acts[0]}"
        if counts:
            c = counts[0]
            value = c.spec[2]
            if rng.random() < 0.08:
                value = value * 2 + 10
                defects.append("goal-number-without-indicator")
            promise += f"，{c.name}达到{_num(value, 0)}{c.spec[3]}"
        sat_text = f"；3、{sats[0].name}达到{_num(sats[0].spec[2], 0)}%以上" if sats else ""
        spec.goal_annual = f"1、{year}年{promise}；2、{effs[0]}{sat_text}。"
        # --- defects in funds and goals
        if kind == "target" and rng.random() < 0.05:
            funds["appropriation"] = round(annual * rng.choice([0.8, 0.9]), -2)
            defects.append("fund-sum-mismatch")
        if kind == "target" and one_year and rng.random() < 0.04:
            funds["total"] = annual * 2
            funds["fiscal"] = funds["total"]
            defects.append("single-year-total-mismatch")
        if rng.random() < 0.10:
            spec.goal_annual = spec.goal_total
            defects.append("goals-copied")
        if shared_goal and rng.random() < 0.05:
            spec.goal_total = shared_goal
            defects.append("goal-shared")
        if kind == "self_eval":
            self.self_eval(spec)
        return spec

    def self_eval(self, spec: Spec) -> None:
        rng = self.rng
        defects = spec.defects
        full = spec.funds["annual"] / 1e4
        initial = full if rng.random() < 0.8 else round(full * rng.choice([0.9, 1.1]), 2)
        executed = round(full * rng.uniform(0.72, 1.0), 2)
        rate = round(executed / full * 100, 2) if full else 0.0
        bscore = round(min(rate / 10, 10.0), 2)
        reported_rate = rate
        if rng.random() < 0.15:
            reported_rate = round(min(100.0, rate + rng.choice([-3.0, -1.5, 1.2, 2.5])), 2)
            defects.append("exec-rate-mismatch")
        inds = spec.indicators
        groups = {"产出": [i for i in inds if i.l1 in ("产出指标", "成本指标")],
                  "效益": [i for i in inds if i.l1 == "效益指标"],
                  "满意度": [i for i in inds if i.l1 == "满意度指标"]}
        budget = {"产出": 50, "效益": 30, "满意度": 10}
        if not groups["满意度"]:
            budget["产出"] += 10
        for g, members in groups.items():
            for ind, w in zip(members, _split(budget[g], len(members), rng)):
                ind.weight = float(w)
        if rng.random() < 0.05 and inds:
            inds[0].weight = (inds[0].weight or 0) + 5
            defects.append("weights-not-90")
        for ind in inds:
            w = ind.weight or 0.0
            kind, op, value, unit = ind.spec
            missed = rng.random() < 0.15
            if kind == "num":
                if op == "≤":
                    act = value * (rng.uniform(1.1, 1.4) if missed else rng.uniform(0.6, 1.0))
                    if value == 0:
                        act = float(rng.randint(1, 3)) if missed else 0.0
                else:
                    act = value * (rng.uniform(0.7, 0.97) if missed else rng.uniform(1.0, 1.2))
                    if unit == "%":
                        act = min(act, 100.0)
                        missed = missed and act < value
                act = round(act) if unit != "%" and value >= 10 else round(act, 2)
                ind.actual = fmt_actual(("num", None, act, unit), "paren")
                if missed:
                    ratio = (act / value if op != "≤" else (value / act if act else 0)) if value else 0.5
                    ind.score = round(w * max(0.0, min(1.0, ratio)), 2)
                else:
                    ind.score = w
            elif kind == "word":
                ind.actual = "部分达成" if missed else rng.choice(["达成指标", "达成目标", value])
                ind.score = round(w * 0.7, 2) if missed else w
            else:
                ind.actual = "达成指标"
                ind.score = w
            if ind.score < w:
                ind.reason = (f"受{rng.choice(CAUSES)}影响，该指标未完全达到预期，下一步将{rng.choice(MEASURES)}。")
        deducted = [i for i in inds if (i.score or 0) < (i.weight or 0)]
        if deducted and rng.random() < 0.10:
            rng.choice(deducted).reason = rng.choice(["", "无", "/"])
            defects.append("missing-deviation-reason")
        if inds and rng.random() < 0.05:
            inds[-1].score = (inds[-1].weight or 0) + 2
            defects.append("score-exceeds-weight")
        total = round(sum(i.score or 0 for i in inds) + bscore, 2)
        reported_total = total
        if rng.random() < 0.10:
            reported_total = round(total + rng.choice([-2.0, 1.5, 3.0]), 2)
            defects.append("total-score-mismatch")
        grade = _grade(reported_total)
        if rng.random() < 0.05:
            grade = {"优": "良", "良": "优", "中": "良", "差": "中"}[grade]
            defects.append("grade-mismatch")
        spec.goal_actual = (f"{spec.year}年{spec.goal_total.split('，')[0].replace('通过', '')}，"
                            f"完成年度绩效目标，{rng.choice(SECTORS[self.pick_sector()]['effects'])}。")
        spec.se = {"initial": initial, "full": full, "executed": executed, "rate": reported_rate,
                   "bscore": bscore, "total": reported_total, "grade": grade}


def _split(total: int, k: int, rng: random.Random) -> list[int]:
    if k <= 0:
        return []
    base = [total // k] * k
    for i in range(total - sum(base)):
        base[i % k] += 1
    rng.shuffle(base)
    return base


def _grade(total: float) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


# --- layouts ----------------------------------------------------------------------------------------

def _levels(inds: list[Ind]):
    """(l1 shown?, l2 shown?, ind) with merged cells: a level is written once where its group starts."""
    prev1 = prev2 = None
    for ind in inds:
        show1 = ind.l1 != prev1
        show2 = show1 or ind.l2 != prev2
        prev1, prev2 = ind.l1, ind.l2
        yield (ind.l1 if show1 else "", ind.l2 if show2 else "", ind)


def render_tab_target(s: Spec, rng: random.Random) -> list[str]:
    money = rng.choice(["comma2", "comma"])
    f = {k: _money(v, rng, money) for k, v in s.funds.items()}
    spaced = rng.random() < 0.5        # seed 000 spaces its labels: "(2026 年度)", "经济成本 指标"
    y = f"({s.year} 年度)" if spaced else f"({s.year}年度)"
    out = ["财政项目支出绩效目标申报表\t\t\t\t\t\t", y + "\t\t\t\t\t\t",
           f"项目名称\t{s.project}\t\t项目性质\t{s.nature}\t项目类别\t{s.category}",
           f"主管部门\t{s.department}\t\t实施单位\t{s.implementer}\t\t",
           f"计划开始日期\t{s.start}\t\t计划完成日期\t{s.end}\t\t",
           f"项目资金 (元)\t项目资金总额:\t{f['total']}\t年度资金申请总额:\t\t{f['annual']}\t",
           f"\t其中: 财政资金\t{f['fiscal']}\t其中: 当年财政拨款\t\t{f['appropriation']}\t",
           f"\t\t\t上年结转资金\t\t{f['carried_over']}\t",
           f"\t其他资金\t{f['other']}\t其他资金\t\t{f['other']}\t",
           "项目 绩效 目标\t项目总目标\t\t\t年度总体目标\t\t",
           f"\t{s.goal_total}\t\t\t{s.goal_annual}\t\t",
           "\t一级指标\t二级指标\t三级指标\t\t年度(/项目)指标值\t"]
    first = True
    for l1, l2, ind in _levels(s.indicators):
        if spaced:
            l2 = l2.replace("指标", " 指标") if len(l2) > 4 else l2
        block = "绩效 指标" if first else ""
        first = False
        out.append(f"{block}\t{l1}\t{l2}\t{ind.name}\t\t{_show(ind, 'paren', rng)}\t")
    out.append("")
    return out


def render_tab_self(s: Spec, rng: random.Random) -> list[str]:
    se = s.se
    head = "# 财政项目支出绩效自评表" if rng.random() < 0.5 else "财政项目支出绩效自评表"
    other = 0.0
    carried = round(s.funds["carried_over"] / 1e4, 2)
    appr_f = round(se["full"] - carried, 2)
    appr_e = round(se["executed"] - carried if se["executed"] > carried else se["executed"], 2)
    out = [head, "", f"({s.year} 年度)", "",
           f"项目名称\t\t{s.project}\t\t\t\t\t\t",
           f"主管部门\t\t{s.department}\t\t实施单位\t\t{s.implementer}\t\t",
           "项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分数\t执行率(%)\t得分\t",
           f"\t年度资金总额:\t{se['initial']:.2f}\t{se['full']:.2f}\t{se['executed']:.2f}\t10.00\t{se['rate']:.2f}\t"
           f"{se['bscore']:.2f}\t",
           f"\t其中: 当年财政拨款\t{se['initial'] - carried:.2f}\t{appr_f:.2f}\t{appr_e:.2f}\t-\t"
           f"{(appr_e / appr_f * 100 if appr_f else 0):.2f}\t-\t",
           f"\t上年结转资金\t{carried:.2f}\t{carried:.2f}\t{min(carried, se['executed']):.2f}\t-\t"
           f"{(100.0 if carried else 0.0):.2f}\t-\t",
           f"\t其他资金\t{other:.2f}\t{other:.2f}\t{other:.2f}\t-\t0.00\t-\t",
           "年度 总体 目标\t预期目标\t\t\t实际完成情况\t\t\t\t",
           f"\t{s.goal_annual}\t\t\t{s.goal_actual}\t\t\t\t",
           "一级指标\t二级指标\t三级指标\t\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"]
    for l1, l2, ind in _levels(s.indicators):
        out.append(f"{l1}\t{l2}\t{ind.name}\t\t{_show(ind, 'paren', rng)}\t{ind.actual}\t"
                   f"{ind.weight:.2f}\t{ind.score:.2f}\t{ind.reason}")
    out += [f"总分\t\t\t\t\t\t100.00\t{se['total']:.2f}\t", f"评分等级\t{se['grade']}\t\t\t\t\t\t\t", ""]
    return out


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_pipe_target(s: Spec, rng: random.Random) -> list[str]:
    f = {k: _money(v, rng, "comma") for k, v in s.funds.items()}
    out = ["# 财政项目支出绩效目标申报表", "", f"（{s.year}年度）", "",
           _pipe(["项目名称", s.project, "项目类别", s.category, ""]),
           _pipe(["---"] * 5),
           _pipe(["主管部门", s.department, "实施单位", s.implementer, ""]),
           _pipe(["计划开始日期", s.start, "计划完成日期", s.end, ""]),
           _pipe(["项目资金（元）", "项目资金总额", f["total"], "年度资金申请总额", f["annual"]]),
           _pipe(["", "其中：财政资金", f["fiscal"], "其中：当年财政拨款", f["appropriation"]]),
           _pipe(["", "", "", "上年结转资金", f["carried_over"]]),
           _pipe(["", "其他资金", f["other"], "其他资金", f["other"]]),
           _pipe(["项目绩效目标", "项目总目标", "", "年度总目标", ""]),
           _pipe(["", f"<p>{s.goal_total}</p>", "", f"<p>{s.goal_annual}</p>", ""]),
           "",
           _pipe(["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]),
           _pipe(["---"] * 5)]
    for l1, l2, ind in _levels(s.indicators):
        out.append(_pipe(["", l1, l2, ind.name, _show(ind, "latex", rng)]))
    out.append("")
    return out


def render_pipe_self(s: Spec, rng: random.Random) -> list[str]:
    se = s.se
    out = ["# 财政项目支出绩效自评表", "", f"（{s.year}年度）", "",
           _pipe(["项目名称", s.project, "", "", "", "", ""]),
           _pipe(["---"] * 7),
           _pipe(["主管部门", s.department, "实施单位", s.implementer, "", "", ""]),
           _pipe(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
           _pipe(["年度资金总额", f"{se['initial']:.2f}", f"{se['full']:.2f}", f"{se['executed']:.2f}", "10",
                  f"{se['rate']:.2f}", f"{se['bscore']:.2f}"]),
           _pipe(["其中：当年财政拨款", f"{se['initial']:.2f}", f"{se['full']:.2f}", f"{se['executed']:.2f}", "-",
                  f"{se['rate']:.2f}", "-"]),
           _pipe(["上年结转资金", "0", "0", "0", "-", "-", "-"]),
           _pipe(["年度总体目标", "预期目标", "", "实际完成情况", "", "", ""]),
           _pipe(["", f"<p>{s.goal_annual}</p>", "", f"<p>{s.goal_actual}</p>", "", "", ""]),
           "",
           _pipe(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]),
           _pipe(["---"] * 8)]
    for l1, l2, ind in _levels(s.indicators):
        out.append(_pipe([l1, l2, ind.name, _show(ind, "latex", rng), fmt_actual(_actual_spec(ind), "plain"),
                          _num(ind.weight, 0), _num(round(ind.score, 2), 0), ind.reason]))
    out += [_pipe(["总分", "", "", "", "", "100", f"{se['total']:.2f}", ""]),
            _pipe(["评分等级", se["grade"], "", "", "", "", "", ""]), ""]
    return out


def _actual_spec(ind: Ind) -> tuple:
    """Re-read the actual written in paren style into a spec for another style."""
    a = ind.actual or ""
    if "(" in a and a[0].isdigit():
        v, _, u = a.partition("(")
        u = u.rstrip(")")
        return ("num", None, float(v), "%" if u == "百分比" else u)
    return ("word", None, a, None)


def render_cell_target(s: Spec, rng: random.Random) -> list[str]:
    f = {k: _money(v, rng, "comma") for k, v in s.funds.items()}
    cells = ["财政项目支出绩效目标申报表", f"（{s.year}年度）",
             "项目名称", s.project, "项目类别", s.category, "主管部门", s.department, "实施单位", s.implementer,
             "计划开始日期", s.start, "计划完成日期", s.end,
             "项目资金总额", f["total"], "年度资金申请总额", f["annual"], "其中：财政资金", f["fiscal"],
             "其中：当年财政拨款", f["appropriation"], "上年结转资金", f["carried_over"],
             "项目总目标", "年度总目标", f"（{s.year}年 - {s.year}年）"]
    cells += _wrap(s.goal_total, 26) + _wrap(s.goal_annual, 26)
    cells += ["一级指标", "二级指标", "三级指标", "指标目标值"]
    for l1, l2, ind in _levels(s.indicators):
        cells += [x for x in (l1, l2) if x] + [ind.name, _show(ind, "plain", rng)]
    return _cell_lines(cells, rng)


def render_cell_self(s: Spec, rng: random.Random) -> list[str]:
    se = s.se
    cells = ["财政项目支出绩效自评表", f"（{s.year}年度）",
             "项目名称", s.project, "主管部门", s.department, "实施单位", s.implementer,
             "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
             "年度资金总额", f"{se['initial']:.2f}", f"{se['full']:.2f}", f"{se['executed']:.2f}", "10",
             f"{se['rate']:.2f}", f"{se['bscore']:.2f}",
             "年度总体目标", "预期目标", "实际完成情况"]
    cells += _wrap(s.goal_annual, 26) + _wrap(s.goal_actual, 26)
    cells += ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    for l1, l2, ind in _levels(s.indicators):
        cells += [x for x in (l1, l2) if x] + [ind.name, _show(ind, "plain", rng),
                                               fmt_actual(_actual_spec(ind), "plain"), _num(ind.weight, 0),
                                               _num(round(ind.score, 2), 0)]
        if ind.reason:
            cells.append(ind.reason)
    cells += ["总分", "100", f"{se['total']:.2f}", "评分等级", se["grade"]]
    return _cell_lines(cells, rng)


def _cell_lines(cells: list[str], rng: random.Random) -> list[str]:
    out = []
    for c in cells:
        out.append(c)
        if rng.random() < 0.6:
            out.append("")
    out.append("")
    return out


SH_L2 = {"数量指标": "数量", "质量指标": "质量", "时效指标": "时效", "成本指标": "成本", "经济成本指标": "成本",
         "经济效益指标": "经济效益", "社会效益指标": "社会效益", "生态效益指标": "生态效益", "可持续影响指标": "可持续影响",
         "服务对象满意度指标": "满意度"}


def render_space(s: Spec, rng: random.Random) -> list[str]:
    """上海 2020 template (seed 003): 投入与管理 / 产出目标 / 效果目标 / 影响力目标."""
    f = {k: _money(v, rng, "comma") for k, v in s.funds.items()}
    out = ["财政项目支出绩效目标表", f"（{s.year}年度）", "", f"申报单位名称：{s.implementer}", "",
           f"项目名称： {s.project} 项目类别： {s.category}", "",
           f"计划开始日期： {s.start} 计划完成日期： {s.end}", "",
           "是否含有政府购买服务： 否 绩效类型： 事业/专业类", "", "项目概况：", ""]
    out += _wrap(f"本项目由{s.implementer}组织实施，{s.goal_total}项目实施过程中严格执行财政资金管理制度，确保资金使用"
                 "合理合规。", 40)
    out += ["", "立项依据： 《中华人民共和国预算法》、《关于全面实施预算绩效管理的意见》", "",
            "项目实施计划： 根据需要按月完成计划。", "", "总目标及阶段性目标：", ""]
    out += _wrap(s.goal_annual.replace("1、", "").replace("2、", "").replace("3、", ""), 40)
    out += ["", "本项目上年度市级财政资金使用情况",
            f"项目总预算（元）： {f['total']} 项目当年预算（元）： {f['annual']}", "",
            f"同名项目上年预算额（元）： {f['annual']} 同名项目上年预算执行数（元）： {f['annual']}",
            f" {s.year}年绩效目标", "一级目标 二级目标 三级目标 指标目标值", "", "投入与管理", ""]
    for l2, items in SHANGHAI_INPUT.items():
        out += [l2, ""]
        for name, value in items:
            out += [f"{name} {value}", ""]
    groups: dict[str, list[Ind]] = {}
    for ind in s.indicators:
        groups.setdefault(ind.l2, []).append(ind)
    out += ["产出目标", ""]
    for l2 in ("数量指标", "质量指标", "时效指标", "经济成本指标", "成本指标"):
        members = groups.get(l2, [])
        if not members:
            continue
        if len(members) == 1:
            out += [f"{SH_L2[l2]} {members[0].name} {_show(members[0], 'plain', rng)}", ""]
            continue
        out += [SH_L2[l2], ""]
        for ind in members:
            out += [f"{ind.name} {_show(ind, 'plain', rng)}", ""]
    out += ["效果目标"]
    for l2 in ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"):
        members = groups.get(l2, [])
        if not members:
            continue
        out += [SH_L2[l2], ""]
        for ind in members:
            out += [f"{ind.name} {_show(ind, 'plain', rng)}", ""]
    for ind in groups.get("服务对象满意度指标", []):
        out += [f"满意度 {ind.name} {_show(ind, 'plain', rng)}", ""]
    out += ["影响力目标 部门协助 部门配合度 =100%", ""]
    return out


def render_column(s: Spec, rng: random.Random) -> list[str]:
    """Column-order extraction (seed 004): header labels and values apart, names and values in runs."""
    f = {k: _money(v, rng, "comma") for k, v in s.funds.items()}
    out = ["", "财政项目支出绩效目标申报表", "", f"（{s.year}年度）", "", "项目名称", "", "主管部门", "",
           f"{s.project} 项目类别", "", "实施单位", "", s.nature, "", s.department, "",
           f"{s.end}计划开始日期 {s.start}", "", "项目资金总额", "", "计划完成日期", "",
           f"{f['total']} 年度资金申请总额", "", "其中：当年财政拨款", "", "上年结转资金", "",
           f["annual"], "", f["appropriation"], f"项目资金 其中：财政资金 {f['fiscal']}", "",
           "其他资金 其他资金", "", "项目总目标", "", "年度总目标", f"项 （{s.year}年 - {s.year}年）", "目", "",
           "绩", "", "效", "", "目", "", "标", ""]
    for piece in _wrap(s.goal_total, 26):
        out += [piece, ""]
    for piece in _wrap(s.goal_annual, 26):
        out += [piece, ""]
    out += ["一级指标", ""]
    groups: list[tuple[str, str, list[Ind]]] = []
    for ind in s.indicators:
        if groups and groups[-1][1] == ind.l2 and groups[-1][0] == ind.l1:
            groups[-1][2].append(ind)
        else:
            groups.append((ind.l1, ind.l2, [ind]))
    prev1 = None
    first = True
    for l1, l2, members in groups:
        last = (l1, l2, members) == groups[-1]
        if last and len(members) == 1 and l1 == "满意度指标":
            ind = members[0]
            out.append(f"{l1} {l2} {ind.name} {_show(ind, 'plain', rng)}")
            continue
        if l1 != prev1:
            out += [l1, ""]
            prev1 = l1
        if first:
            out += ["二级指标", ""]
        out += [l2, ""]
        if first:
            out += ["三级指标", ""]
        for ind in members:
            out += [ind.name, ""]
        if first:
            out += ["指标目标值", ""]
            first = False
        for ind in members:
            out += [_show(ind, "plain", rng), ""]
        if rng.random() < 0.3:
            out += ["绩", "", "效", "", "指", "", "标"]
    out.append("")
    return out


RENDER = {("tab", "target"): render_tab_target, ("tab", "self_eval"): render_tab_self,
          ("pipe", "target"): render_pipe_target, ("pipe", "self_eval"): render_pipe_self,
          ("cell", "target"): render_cell_target, ("cell", "self_eval"): render_cell_self,
          ("space", "target"): render_space, ("column", "target"): render_column}


# --- the corpus -------------------------------------------------------------------------------------

def make_corpus(n: int, out: Path, seed: int = 0, unique: bool = False) -> dict:
    """Write ``n`` forms into ``out``; return the manifest (also written to out/manifest.json). ``unique``
    gives every project a name of its own (the sector's names numbered by area)."""
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(seed, unique)
    rng = gen.rng
    weights = [w for _, _, w in LAYOUTS]
    manifest = {"seed": seed, "unique": unique, "forms": n, "files": []}
    written = 0
    index = 0
    while written < n:
        size = min(rng.randint(1, 20), n - written)
        layout, kind, _ = rng.choices(LAYOUTS, weights)[0]
        sector = gen.pick_sector()
        region = rng.choice(REGIONS)
        sec = SECTORS[sector]
        dept = region + rng.choice(sec["departments"])
        impl = region + rng.choice(sec["implementers"])
        if layout == "space":
            year = rng.choice([2019, 2020, 2021])
            template = "shanghai-2020"
        else:
            year = rng.choice([2021, 2022, 2023, 2024, 2025])
            template = "legacy" if year < 2022 and rng.random() < 0.5 else "national-2021"
        forms, lines = [], []
        shared = None
        for _ in range(size):
            spec = gen.form(kind, sector, region, dept, impl, year, template, shared)
            shared = shared or spec.goal_total
            body = RENDER[(layout, kind)](spec, rng)
            if layout == "tab" and rng.random() < 0.15:
                body.append(f"- {len(forms) + 1} -")
            lines += body
            rows = [[i.name, i.shown] for i in spec.indicators]
            if layout == "space":
                rows += [[name, value] for items in SHANGHAI_INPUT.values() for name, value in items]
                rows.append(["部门配合度", "=100%"])
            forms.append({"kind": kind, "project": spec.project, "indicators": len(rows), "defects": spec.defects,
                          "rows": rows})
        text = "\n".join(lines) + "\n"
        r = rng.random()
        encoding = "gb18030" if r < 0.08 else "utf-8-sig" if r < 0.12 else "utf-8"
        newline = "\r\n" if rng.random() < 0.05 else "\n"
        data = text.replace("\n", newline).encode(encoding)
        name = f"{index:05d}_{sector}_{layout}_{'self' if kind == 'self_eval' else 'target'}.txt"
        (out / name).write_bytes(data)
        manifest["files"].append({"path": name, "layout": layout, "kind": kind, "template": template,
                                  "encoding": encoding, "forms": forms})
        written += size
        index += 1
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


# a year in the text (2023年, 2023-01-01, （2023年度）) and a target's number after its operator
_YEAR = re.compile(r"(?<![0-9])(20[12][0-9])(?![0-9])")
_TARGET_NUMBER = re.compile(r"(≥|≤|=|\\geq |\\leq )([0-9]+(?:\.[0-9]+)?)")


def last_year(src: Path, out: Path, seed: int = 0, revised: float = 0.3) -> int:
    """The round before ``src`` (a corpus of ``make_corpus``): each of its files a year earlier (every year in the text one less), a
    ``revised`` share of the target lines with last year's lower number — the forms a bureau stored last
    year for the projects it checks this year. Returns the files written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    # each file in the encoding it was written in, as the corpus's manifest says
    encodings = {f["path"]: f["encoding"] for f in json.loads((src / "manifest.json").read_text("utf-8"))["files"]}
    for path in sorted(src.glob("*.txt")):
        encoding = encodings[path.name]
        lines = []
        for line in path.read_bytes().decode(encoding).split("\n"):
            line = _YEAR.sub(lambda m: str(int(m.group(1)) - 1), line)
            if rng.random() < revised:
                line = _TARGET_NUMBER.sub(lambda m: m.group(1) + _lower(m.group(2)), line, count=1)
            lines.append(line)
        (out / path.name).write_bytes("\n".join(lines).encode(encoding))
        written += 1
    return written


def _lower(number: str) -> str:
    """Nine tenths of a target's number, written as the form wrote it (whole, or with its decimals)."""
    value = float(number) * 0.9
    return f"{value:.{len(number.split('.')[1])}f}" if "." in number else str(int(value))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of forms to write")
    ap.add_argument("out", type=Path, help="folder to write into (created if missing)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0): same seed, same corpus")
    ap.add_argument("--unique-projects", action="store_true", help="give every project a name of its own")
    ap.add_argument("--last-year-of", type=Path, metavar="CORPUS",
                    help="instead: write the round before CORPUS, a folder this script wrote (every year one "
                    "less, a third of the targets lower; N is not used)")
    args = ap.parse_args(argv)
    if args.last_year_of:
        if not (args.last_year_of / "manifest.json").is_file():
            ap.error(f"{args.last_year_of}: no manifest.json there (a corpus this script wrote)")
        files = last_year(args.last_year_of, args.out, args.seed)
        print(f"{files} files of the year before written to {args.out}", file=sys.stderr)
        return 0
    if args.n < 1:
        ap.error("N must be at least 1")
    m = make_corpus(args.n, args.out, args.seed, args.unique_projects)
    print(f"{m['forms']} forms in {len(m['files'])} files written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
