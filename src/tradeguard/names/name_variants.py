"""Spellings of one given name or surname in sister languages and romanisations, mapped to one form.

Belarusian and Ukrainian forms of East Slavic given names (Siarhei, Uladzimir, Mykola) are other words to a spelling
measure, yet the same name as the Russian form the lists also carry (Sergey, Vladimir, Nikolay); Korean surnames
have several fixed romanisations (Kim/Gim, Lee/Yi/Rhee/Ri, Park/Pak/Bak). Each variant maps to the spelling
`anyascii` gives the Russian Cyrillic (or the usual English) form, so Cyrillic, Latin and official Belarusian
spellings meet. Only whole tokens are mapped; the table is deliberately limited to unambiguous names.
"""

from __future__ import annotations

from typing import Final


def _variants(target: str, *spellings: str) -> dict[str, str]:
    return dict.fromkeys(spellings, target)


NAME_VARIANTS: Final[dict[str, str]] = {
    **_variants("vladimir", "uladzimir", "uladzimer", "uladzimier", "volodymyr", "volodimir"),
    **_variants("aleksandr", "aliaksandr", "alyaksandr", "aliaksandar", "oleksandr", "oleksander"),
    **_variants("aleksandra", "aliaksandra", "alyaksandra", "oleksandra"),
    **_variants("aleksey", "aliaksei", "aliaksej", "aliaksiej", "alyaksey", "oleksii", "oleksiy", "oleksij"),
    **_variants("sergey", "siarhei", "siarhej", "siarhey", "syargey", "syarhey", "serhii", "serhiy", "serhij"),
    **_variants("nikolay", "mikalai", "mikalaj", "mikalay", "mykola"),
    # Patronymics whose first letter differs too (most others differ only in vowels, which the matcher allows).
    **_variants("nikolaevich", "mikalaevich", "mikalayevich", "mikalajevich", "mikalajevitj", "mykolayovych"),
    **_variants("nikolaevna", "mikalaeuna", "mikalayeuna", "mikalaevna", "mikalajevna", "mykolaivna"),
    **_variants("igor", "ihar", "ihor"),
    **_variants("evgeniy", "yauhen", "yauheni", "yauhenii", "yevhen", "yevhenii", "yevheniy", "ievgen"),
    **_variants("dmitriy", "dzmitry", "dzmitryi", "dzmitriy", "dzmitryj", "dmytro"),
    **_variants("viktor", "viktar"),
    **_variants("grigoriy", "ryhor", "hryhoriy", "hryhorii", "hryhory"),
    **_variants("mikhail", "mykhailo", "mykhaylo", "mikhal"),
    **_variants("vasiliy", "vasil", "vasyl"),
    **_variants("pavel", "paval", "pavlo"),
    **_variants("petr", "piotr", "petro", "pyotr"),
    **_variants("roman", "raman"),
    **_variants("anatoliy", "anatol", "anatolii", "anatoli"),
    **_variants("vladislav", "uladzislau", "uladzislaw", "vladyslav"),
    **_variants("vyacheslav", "viachaslau", "vyachaslau", "viacheslav"),
    **_variants("stanislav", "stanislau"),
    **_variants("yaroslav", "yaraslau"),
    **_variants("semen", "siamion", "siamyon", "semyon"),
    **_variants("andrey", "andrii", "andriy"),
    **_variants("oleg", "aleh", "oleh"),
    **_variants("olga", "volha", "olha"),
    **_variants("natalya", "natallia", "natallya"),
    **_variants("tatyana", "tatsiana", "tatsyana", "tetiana", "tetyana"),
    **_variants("irina", "iryna"),
    **_variants("elena", "alena", "alyona", "olena"),
    **_variants("ekaterina", "katsiaryna", "katsyaryna", "kaciaryna", "kateryna"),
    **_variants("valentin", "valiantsin", "valyantsin", "valentyn"),
    **_variants("konstantin", "kanstantsin", "kastus", "kostiantyn", "kostyantyn"),
    **_variants("gennadiy", "henadz", "hienadz", "genadz", "gennadii"),
    **_variants("leonid", "leanid"),
    **_variants("yuriy", "yury", "yuryi", "yurii", "iurii", "jury"),
    # Korean surnames: one Hangul syllable, several official and customary romanisations.
    **_variants("kim", "gim"),
    **_variants("lee", "rhee", "yi", "ri"),
    **_variants("park", "pak", "bak"),
    **_variants("choi", "choe"),
}
