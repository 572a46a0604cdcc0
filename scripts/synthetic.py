"""Synthetic records for benchmarks: a throwaway project of N cases, laws and decisions,
half written in Chinese and half in English. Never content: each source says it is
synthetic and points to example.invalid.

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
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "COL",
    "DEU",
    "EGY",
    "ESP",
    "FRA",
    "GBR",
    "IDN",
    "IND",
    "ITA",
    "JPN",
    "KEN",
    "MEX",
    "NGA",
    "PHL",
    "RUS",
    "THA",
    "TUR",
    "UKR",
    "USA",
    "VNM",
    "ZAF",
]
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
]
ZH_NUM = "〇一二三四五六七八九"


def zh_numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else ZH_NUM[tens]) + "十" if tens else "") + (ZH_NUM[ones] if ones or not tens else "")


def _record(i: int, rng: random.Random) -> tuple[str, str]:
    """(relative path, text) of record i: even i Chinese, odd i English."""
    zh = i % 2 == 0
    lang = "zh" if zh else "en"
    kind = rng.choices(["case", "legislation", "decision"], weights=[6, 3, 1])[0]
    country = rng.choice(COUNTRIES)
    year = rng.randint(2000, 2025)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    arts = sorted(rng.sample(ARTICLES, 2))
    topics = rng.sample(TOPICS, 2)
    crime = rng.choice(CRIMES)
    side = 1 if zh else 0
    sentences = [TOPIC_TEXT[t][side] for t in topics] + [CRIME_TEXT[crime][side], rng.choice(GENERIC)[side]]
    cite = [f"第{zh_numeral(a)}条" if zh else f"article {a}" for a in arts]
    paragraphs = [
        f"1. {sentences[0]}",
        f"2. {sentences[1]}"
        + (f"参照《公约》{cite[0]}和第 {arts[1]} 条第 2 款。" if zh else f" See {cite[0]} and art. {arts[1]}, paragraph 2."),
        f"3. {sentences[2]} {sentences[3]}",
        "4. "
        + ("缔约方会议第 3/4 号决定" if zh else "Decision 3/4 of the Conference of the Parties")
        + (" 亦有相关论述。" if zh else " is also relevant."),
    ]
    summary = (sentences[0] + sentences[1]) if zh else f"{sentences[0]} {sentences[1]}"
    title = (f"合成记录第 {i} 号：{sentences[0][:12]}" if zh else f"Synthetic record {i}: {sentences[0][:40]}").rstrip("，。, ")
    # Ids follow the scheme `treatykb check` enforces (content/README.md).
    rid = {
        "case": f"{country.lower()}-{year}-synthetic-{i}",
        "legislation": f"{country.lower()}-synthetic-{i}",
        "decision": f"cop-synthetic-{i}",
    }[kind]
    front: dict[str, object] = {"id": rid, "type": kind, "title": title, "summary": summary}
    if kind == "case":
        front |= {
            "country": country,
            "court": "Synthetic court" if not zh else "合成法院",
            "case_number": f"SYN-{year}-{i}",
            "decision_date": date,
            "crime_types": [crime],
        }
    elif kind == "legislation":
        front |= {"country": country, "date": date, "status": "in-force", "crime_types": [crime]}
    else:
        front |= {"kind": "note", "body": "cop", "date": date}
    front["topics"] = topics
    front["articles"] = [f"untoc {a}" for a in arts]
    front["sources"] = [{"title": f"Synthetic record for benchmarking, no. {i}", "url": f"https://example.invalid/synthetic/{i}"}]
    folder = {"case": "cases", "legislation": "legislation", "decision": "decisions"}[kind]
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n\n".join(paragraphs) + "\n"
    return f"{folder}/synthetic-{i}.{lang}.md", text


def generate(out_dir: Path, n: int, seed: int = 1, material_search: bool = False) -> Path:
    """Write the project; returns its mkdocs.yml."""
    rng = random.Random(seed)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    content = out_dir / "content"
    shutil.copytree(ROOT / "content" / "instruments", content / "instruments")
    for i in range(n):
        rel, text = _record(i, rng)
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
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
