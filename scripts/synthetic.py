"""Synthetic records for benchmarks: a throwaway project of N laws, cases and decisions,
half written in Chinese and half in English. Never content: each source says it is
synthetic and points to example.invalid.

The mix follows SHERLOC's: about 60% legislation provisions, 25% cases and 15% COP
decisions and resolutions. Bodies are real-sized (10 to 16 numbered paragraphs, 4 to 6 KB,
like the bundled records) and cite in every form the linker knows: articles with
paragraphs, ranges, the Protocols by name, Chinese numerals, decision numbers of other
synthetic records, General Assembly resolutions and document symbols (some of them the
symbols of synthetic decisions, so the citation graph has edges between records).

    python scripts/synthetic.py OUT_DIR --records 20000 [--material-search]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = [
    "ARG", "AUS", "BRA", "CAN", "CHN", "COL", "DEU", "EGY", "ESP", "FRA", "GBR", "IDN", "IND",
    "ITA", "JPN", "KEN", "MEX", "NGA", "PHL", "RUS", "THA", "TUR", "UKR", "USA", "VNM", "ZAF",
]  # fmt: skip
CRIMES = [
    "trafficking-in-persons",
    "smuggling-of-migrants",
    "firearms-trafficking",
    "money-laundering",
    "corruption",
    "participation-in-organized-criminal-group",
]
TOPICS = [
    "extradition",
    "mutual-legal-assistance",
    "witness-protection",
    "victim-protection",
    "confiscation",
    "jurisdiction",
    "international-cooperation",
]
ARTICLES = [5, 6, 8, 12, 13, 16, 18, 20, 23, 24, 25, 26, 27, 29, 30, 32]
UNTOC_PARAGRAPHS = {5: 3, 16: 17, 18: 30, 24: 4, 25: 3, 26: 5, 29: 4, 30: 4, 32: 5}
"""Paragraph counts content/instruments/untoc.yml gives; a citation never exceeds them."""
PROTOCOL_ARTICLES = {"tip": 20, "som": 25, "fp": 21}

KINDS = ("legislation", "case", "decision")
WEIGHTS = (60, 25, 15)
"""SHERLOC's proportions: legislation provisions, cases, decisions."""

# What a record says follows from its topics and its crime type, as in real records: a
# word such as "extradition" appears in the records about extradition (about a quarter of
# them), not in every record. (English, then Chinese.)
TOPIC_TEXT = {
    "extradition": (
        "The court examined the request for extradition of the accused and the guarantees offered by the requesting State.",
        "法院审查了对被告人的引渡请求以及请求国提供的保证。",
    ),
    "mutual-legal-assistance": (
        "The central authority transmitted a request for mutual legal assistance concerning bank records held abroad.",
        "中央机关转递了一项关于境外银行记录的司法协助请求。",
    ),
    "witness-protection": (
        "Witness protection measures allowed two victims to testify by video link without revealing their identity.",
        "证人保护措施使两名被害人得以通过视频作证而不暴露身份。",
    ),
    "victim-protection": (
        "Victims received shelter, medical care and legal advice, and were not punished for offences they had been forced to commit.",
        "被害人获得了庇护、医疗和法律咨询，并且未因被迫实施的违法行为而受到处罚。",
    ),
    "confiscation": (
        "Proceeds of crime were frozen and later confiscated, and part of the assets was returned to the victims.",
        "犯罪所得被冻结并随后没收，部分资产返还给被害人。",
    ),
    "jurisdiction": (
        "The court held that it had jurisdiction because part of the offence was committed on board a vessel flying the national flag.",
        "法院认为其具有管辖权，因为部分犯罪行为发生在悬挂本国国旗的船舶上。",
    ),
    "international-cooperation": (
        "The judgment discusses joint investigations and the use of controlled delivery under national law.",
        "判决讨论了联合调查以及根据国内法使用控制下交付的问题。",
    ),
}
CRIME_TEXT = {
    "trafficking-in-persons": (
        "The defendants recruited workers with false promises and kept their passports, which the court held to be exploitation.",
        "被告人以虚假承诺招募工人并扣留其护照，法院认定构成剥削。",
    ),
    "smuggling-of-migrants": (
        "Smuggled migrants were transported in a closed truck; the organisers received payments through informal transfers.",
        "被偷运的移民被装在封闭货车中运送，组织者通过非正规汇款收取费用。",
    ),
    "firearms-trafficking": (
        "Firearms without markings were seized at the border and traced with the help of the manufacturer's records.",
        "在边境查获了没有标识的枪支，并借助制造商的记录进行了追查。",
    ),
    "money-laundering": (
        "Investigators followed the money through several bank accounts opened under false names.",
        "侦查人员追踪了以假名开立的多个银行账户之间的资金流向。",
    ),
    "corruption": (
        "Officials accepted bribes to issue residence permits, and the network laundered the money through shell companies.",
        "官员收受贿赂签发居留许可，该网络通过空壳公司清洗资金。",
    ),
    "participation-in-organized-criminal-group": (
        "Three of the accused were convicted of taking part in a structured group that had operated for several years.",
        "三名被告人因参加一个运作多年的有组织犯罪集团而被定罪。",
    ),
}
# Sentences any record may contain: none names a topic the search bench queries.
GENERIC = [
    (
        "The appellate court reduced the sentence, taking into account cooperation with the prosecution.",
        "上诉法院考虑到被告人与检方的合作，减轻了刑罚。",
    ),
    (
        "The prosecution relied on intercepted telephone conversations and the testimony of undercover officers.",
        "检方依据截获的电话通话和卧底人员的证词提出指控。",
    ),
    ("The case was decided after a trial lasting several months.", "案件经过数月审理后作出判决。"),
    (
        "The provision defines the offence in terms that follow the wording of the international instrument closely.",
        "该条款对犯罪的界定与国际文书的措辞基本一致。",
    ),
    (
        "A person who commits the offence is liable to imprisonment for a term of up to fifteen years and to a fine.",
        "实施该犯罪的，处十五年以下有期徒刑，并处罚金。",
    ),
    (
        "The penalty is increased where the offence endangers life or involves a child, or where a public official takes part in it.",
        "犯罪危及生命、涉及儿童或者有公职人员参与的，从重处罚。",
    ),
    (
        "Consent of the person concerned is irrelevant where any of the means set out in the first paragraph has been used.",
        "使用第一款所列任何手段的，当事人的同意不予考虑。",
    ),
    (
        "Legal persons may be held liable, and their liability does not exclude that of the natural persons who acted for them.",
        "法人可以承担责任，法人承担责任不影响代表其行事的自然人的责任。",
    ),
    (
        "The legislature amended the text after the national review of implementation recommended clearer definitions.",
        "在国家履约审议建议作出更清晰的定义之后，立法机关修订了该文本。",
    ),
    (
        "The Conference of the Parties took note of the report and encouraged States parties to share their experience.",
        "缔约方会议注意到该报告，并鼓励各缔约国交流经验。",
    ),
    (
        "The secretariat was requested to continue collecting information and to report at the next session.",
        "请秘书处继续收集资料，并向下届会议提出报告。",
    ),
    (
        "Delegations stressed the importance of technical assistance for developing countries and countries with economies in transition.",
        "各代表团强调了向发展中国家和经济转型国家提供技术援助的重要性。",
    ),
    (
        "The defence argued that the evidence had been obtained unlawfully, and the court rejected that argument.",
        "辩方认为证据系非法取得，法院驳回了这一意见。",
    ),
    (
        "The court weighed the vulnerability of the victims and the duration of the exploitation in setting the sentence.",
        "法院在量刑时考虑了被害人的弱势处境和剥削持续的时间。",
    ),
    (
        "The law applies to offences committed in whole or in part on the territory of the State, including its ships and aircraft.",
        "本法适用于全部或者部分在本国领域内，包括在本国船舶和航空器内实施的犯罪。",
    ),
    ("Regulations made under the law set out the procedure for the competent authorities.", "根据该法制定的条例规定了主管机关的工作程序。"),
]
ZH_NUM = "〇一二三四五六七八九"


def zh_numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else ZH_NUM[tens]) + "十" if tens else "") + (ZH_NUM[ones] if ones or not tens else "")


def decision_numbers(kinds: list[str]) -> dict[int, tuple[str, str]]:
    """Record index -> (number "S/N", decision or resolution) of synthetic decisions: 99 a
    session (numbers have two digits), in record order, every fourth a resolution. The
    Conference has numbers for 30 sessions (a higher session reads as the General
    Assembly's); decisions past the 2,970th are reports, without a number."""
    out: dict[int, tuple[str, str]] = {}
    for i in (i for i, k in enumerate(kinds) if k == "decision"):
        k = len(out)
        if k < 30 * 99:
            out[i] = (f"{1 + k // 99}/{1 + k % 99}", "resolution" if k % 4 == 3 else "decision")
    return out


def _symbol(number: str) -> str:
    """The document symbol a synthetic decision carries (and other records cite)."""
    session, n = number.split("/")
    return f"CTOC/COP/{2004 + int(session)}/{n}"


def _citation(rng: random.Random, zh: bool, decisions: list[str]) -> str:
    """One sentence citing something, in one of the forms records use."""
    a = rng.choice(ARTICLES)
    p = rng.randint(1, min(UNTOC_PARAGRAPHS.get(a, 3), 3))
    inst = rng.choice(list(PROTOCOL_ARTICLES))
    pa = rng.randint(1, PROTOCOL_ARTICLES[inst])
    d = rng.choice(decisions) if decisions else "3/4"
    form = rng.randrange(10)
    if zh:
        name = {"tip": "《贩运人口议定书》", "som": "《移民议定书》", "fp": "《枪支议定书》"}[inst]
        return [
            f"参照《公约》第{zh_numeral(a)}条。",
            f"法院援引了《公约》第 {a} 条第 {p} 款。",
            f"《公约》第{a}条至第{a + 2}条适用于本案。",
            f"{name}第{pa}条亦予以考虑。",
            f"缔约方会议第 {d} 号决定亦有相关论述。",
            "大会第 55/25 号决议通过了《公约》。",
            f"{_symbol(d)} 号文件介绍了相关做法。",
            f"依照《公约》第{zh_numeral(a)}条第{zh_numeral(p)}款的规定。",
            f"另见 A/RES/55/25 以及缔约方会议第 {d} 号和第 {rng.choice(decisions or ['3/4'])} 号决定。",
            f"{name}第 {pa} 条和《公约》第 {a} 条均有规定。",
        ][form]
    name = {"tip": "Trafficking in Persons Protocol", "som": "Smuggling of Migrants Protocol", "fp": "Firearms Protocol"}[inst]
    return [
        f"See article {a} of the Convention.",
        f"The court referred to art. {a}, paragraph {p}, of the Convention.",
        f"Articles {a} to {a + 2} of the Convention apply.",
        f"Article {pa} of the {name} was also considered.",
        f"Decision {d} of the Conference of the Parties is also relevant.",
        "General Assembly resolution 55/25 adopted the Convention.",
        f"The document {_symbol(d)} describes the practice.",
        f"It relied on article {a}({p}) of the Organized Crime Convention.",
        f"See also A/RES/55/25 and decisions {d} and {rng.choice(decisions or ['3/4'])} of the Conference.",
        f"Both article {pa} of the {name} and article {a} of the Convention provide for it.",
    ][form]


def _record(i: int, kind: str, rng: random.Random, number: tuple[str, str] | None, decisions: list[str]) -> tuple[str, str]:
    """(relative path, text) of record i: even i Chinese, odd i English."""
    zh = i % 2 == 0
    lang = "zh" if zh else "en"
    side = 1 if zh else 0
    country = rng.choice(COUNTRIES)
    year = rng.randint(2000, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    arts = sorted(rng.sample(ARTICLES, 2))
    topics = rng.sample(TOPICS, 2)
    crime = rng.choice(CRIMES)
    own = [TOPIC_TEXT[t][side] for t in topics] + [CRIME_TEXT[crime][side]]
    paragraphs: list[str] = []
    for n in range(1, rng.randint(10, 16) + 1):
        sentences = [own[(n - 1) % 3] if n <= 3 or rng.random() < 0.3 else rng.choice(GENERIC)[side]]
        sentences += [rng.choice(GENERIC)[side] for _ in range(rng.randint(2, 3) + (1 if zh else 0))]
        if n <= 2 or rng.random() < 0.5:
            sentences.insert(rng.randrange(len(sentences) + 1), _citation(rng, zh, decisions))
        text = ("" if zh else " ").join(sentences)
        if n == 3 and rng.random() < 0.3:
            text += "[^1]"
        paragraphs.append(f"{n}. {text}")
        if kind == "decision" and n == 4:
            paragraphs += [f"({x}) {rng.choice(GENERIC)[side]}" for x in "abc"]
    if kind == "case":
        paragraphs.insert(0, "## 案情" if zh else "## Facts")
        paragraphs.insert(len(paragraphs) // 2, "## 法院的推理" if zh else "## Reasoning")
    if any("[^1]" in p for p in paragraphs):
        paragraphs.append("[^1]: " + ("合成脚注，仅供基准测试。" if zh else "A synthetic footnote, for benchmarking only."))
    summary = (own[0] + own[1]) if zh else f"{own[0]} {own[1]}"
    title = (f"合成记录第 {i} 号：{own[0][:12]}" if zh else f"Synthetic record {i}: {own[0][:40]}").rstrip("，。, ")
    front: dict[str, object]
    # Ids follow the scheme `treatykb check` enforces (content/README.md).
    if kind == "case":
        front = {"id": f"{country.lower()}-{year}-synthetic-{i}", "type": kind, "title": title, "summary": summary}
        front |= {
            "country": country,
            "court": "合成法院" if zh else "Synthetic court",
            "case_number": f"SYN-{year}-{i}",
            "decision_date": date,
            "crime_types": [crime],
            "outcome": "定罪" if zh else "Convicted",
        }
    elif kind == "legislation":
        front = {"id": f"{country.lower()}-synthetic-{i}", "type": kind, "title": title, "summary": summary}
        front |= {
            "country": country,
            "date": date,
            "status": rng.choice(["in-force", "in-force", "amended"]),
            "provision": f"第 {rng.randint(1, 400)} 条" if zh else f"section {rng.randint(1, 400)}",
            "crime_types": [crime],
            "official_source": f"Synthetic Gazette no. {i}",
        }
    elif number is not None:
        num, dkind = number
        front = {"id": f"cop-{dkind}-{num.replace('/', '-')}", "type": kind, "title": title, "summary": summary}
        front |= {"kind": dkind, "body": "cop", "session": int(num.split("/")[0]), "number": num, "symbol": _symbol(num), "date": date}
    else:
        front = {
            "id": f"cop-synthetic-{i}",
            "type": kind,
            "title": title,
            "summary": summary,
            "kind": "report",
            "body": "cop",
            "date": date,
        }
    front["topics"] = topics
    front["articles"] = [f"untoc {a}" for a in arts]
    front["sources"] = [{"title": f"Synthetic record for benchmarking, no. {i}", "url": f"https://example.invalid/synthetic/{i}"}]
    folder = {"case": "cases", "legislation": "legislation", "decision": "decisions"}[kind]
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n\n".join(paragraphs) + "\n"
    return f"{folder}/synthetic-{i}.{lang}.md", text


def write_records(content: Path, n: int, seed: int = 1) -> list[Path]:
    """Write n records (and the bundled instruments) under `content`; returns their paths."""
    shutil.copytree(ROOT / "content" / "instruments", content / "instruments")
    rng = random.Random(seed)
    kinds = [rng.choices(KINDS, weights=WEIGHTS)[0] for _ in range(n)]
    numbered = decision_numbers(kinds)
    everyone = [num for num, _ in numbered.values()]
    paths = []
    for i in range(n):
        rel, text = _record(i, kinds[i], rng, numbered.get(i), everyone)
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def generate(out_dir: Path, n: int, seed: int = 1, material_search: bool = False) -> Path:
    """Write the project; returns its mkdocs.yml."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    write_records(out_dir / "content", n, seed)
    (out_dir / "docs" / "en").mkdir(parents=True)
    (out_dir / "docs" / "en" / "about.md").write_text("# About\n\nSynthetic records for benchmarking.\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    plugins = [p for p in config["plugins"] if p != "search"]
    config["plugins"] = (["search"] if material_search else []) + plugins
    path = out_dir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--material-search", action="store_true", help="also enable Material's own search plugin")
    args = parser.parse_args()
    print(generate(args.out, args.records, args.seed, args.material_search))


if __name__ == "__main__":
    main()
