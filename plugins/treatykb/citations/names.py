"""How texts name the four instruments, per language, and names of other instruments.

A citation's instrument comes from the words next to it: English and the other
European languages name it after the article ("article 6 of the Smuggling of Migrants
Protocol"), Chinese before ("移民议定书第 15 条"). A name that is not one of ours
(another convention, a domestic code) means the citation is not ours either.
"""

from __future__ import annotations

import re

# Order matters within a language: longer, more specific names first.
INSTRUMENT_NAMES: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("tip", r"Protocol to Prevent, Suppress and Punish Trafficking in Persons(?:,? Especially Women and Children)?"),
        ("tip", r"(?:Trafficking in Persons|Trafficking|Human Trafficking|TIP) Protocol"),
        ("som", r"Protocol against the Smuggling of Migrants(?: by Land, Sea and Air)?"),
        ("som", r"(?:Smuggling of Migrants|Migrant Smuggling|Migrants|SOM) Protocol"),
        (
            "fp",
            r"Protocol against the Illicit Manufacturing of and Trafficking in Firearms(?:, Their Parts and Components and Ammunition)?",
        ),
        ("fp", r"Firearms Protocol"),
        ("untoc", r"United Nations Convention against Transnational Organized Crime"),
        ("untoc", r"(?:Organized Crime|Palermo) Convention|UNTOC|Convention"),
    ],
    "fr": [
        (
            "tip",
            r"Protocole (?:additionnel )?(?:visant à prévenir, réprimer et punir la traite des personnes|relatif à la traite des personnes)",
        ),
        (
            "som",
            r"Protocole (?:additionnel )?contre le trafic illicite de migrants(?: par terre, air et mer)?|Protocole relatif aux migrants",
        ),
        ("fp", r"Protocole (?:additionnel )?contre la fabrication et le trafic illicites d'armes à feu|Protocole relatif aux armes à feu"),
        ("untoc", r"Convention des Nations Unies contre la criminalité transnationale organisée|Convention"),
    ],
    "es": [
        (
            "tip",
            r"Protocolo (?:para prevenir, reprimir y sancionar la trata de personas|contra la trata de personas|sobre la trata de personas)",
        ),
        (
            "som",
            r"Protocolo contra el tráfico ilícito de migrantes(?: por tierra, mar y aire)?|Protocolo sobre (?:el tráfico ilícito de )?migrantes",
        ),
        ("fp", r"Protocolo contra la fabricación y el tráfico ilícitos de armas de fuego|Protocolo sobre armas de fuego"),
        ("untoc", r"Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional|Convención"),
    ],
    "ru": [
        ("tip", r"Протокол\w* о предупреждении и пресечении торговли людьми|Протокол\w* о торговле людьми"),
        ("som", r"Протокол\w* против незаконного ввоза мигрантов|Протокол\w* о мигрантах"),
        ("fp", r"Протокол\w* против незаконного изготовления и оборота огнестрельного оружия|Протокол\w* об огнестрельном оружии"),
        ("untoc", r"Конвенци\w+ Организации Объединенных Наций против транснациональной организованной преступности|Конвенци\w+"),
    ],
    "ar": [
        ("tip", r"بروتوكول (?:منع وقمع ومعاقبة )?الاتجار بالأشخاص"),
        ("som", r"بروتوكول مكافحة تهريب المهاجرين|بروتوكول تهريب المهاجرين"),
        ("fp", r"بروتوكول مكافحة صنع الأسلحة النارية|بروتوكول الأسلحة النارية"),
        ("untoc", r"اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية|الاتفاقية"),
    ],
    "zh": [
        ("tip", r"《?关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》?|《?(?:贩运人口|人口贩运)议定书》?"),
        ("som", r"《?关于打击陆、海、空偷运移民的补充议定书》?|《?(?:偷运)?移民议定书》?"),
        ("fp", r"《?关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》?|《?枪支议定书》?"),
        ("untoc", r"《?联合国打击跨国有组织犯罪公约》?|《?(?:有组织犯罪)?公约》?|本公约"),
    ],
}

#: Names that show a nearby article number belongs to some other text.
OTHER_INSTRUMENTS: dict[str, str] = {
    "en": r"Convention against Corruption|UNCAC|Charter|Covenant|Rules? of Procedure|Code|Act|Constitution|Statute|Directive|Regulation"
    r"|European Convention|Convention on|Convention for|Convention relating|Convention against Torture|Optional Protocol|Protocol No",
    "fr": r"Convention contre la corruption|Code|Charte|Pacte|règlement intérieur|Statut",
    "es": r"Convención contra la Corrupción|Código|Carta|Pacto|reglamento|Estatuto",
    "ru": r"Конвенци\w+ против коррупции|кодекс\w*|Устав\w*|Пакт\w*|правил\w*",
    "ar": r"اتفاقية مكافحة الفساد|قانون|ميثاق|العهد|النظام الداخلي",
    "zh": r"反腐败公约|《[^》]{1,40}》|规则|议事规则|宪章|法|条例",
}


def compile_names(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(inst, re.compile(rx, re.IGNORECASE if lang != "zh" else 0)) for inst, rx in INSTRUMENT_NAMES[lang]]
