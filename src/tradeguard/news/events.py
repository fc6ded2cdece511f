"""The event tagger: sentences that carry list-relevant events, as a declared table of patterns per event type.

Patterns are written for English (including the stiff English of machine translation: "was included in the entity
list", "carried out the arrest"), Chinese and Russian news. Each rule is a regular expression over the lower-cased
sentence; a sentence may carry several event types.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tradeguard.news.sentences import Sentence

_GAP = r"[^;!?。；]{0,100}?"  # words between a verb and its object, within one sentence
_LIST = (
    r"(?:entity list|entities list|list of entities|blacklist|black list|sanctions? list|sdn list|unverified list"
    r"|military end[- ]users? list|denied persons list|trade restriction list|restricted list)"
)

EVENT_LABELS: dict[str, str] = {
    "list-addition": "added to a list / sanctioned",
    "list-removal": "removed from a list / sanctions lifted",
    "license-request": "license requested",
    "license-grant": "license granted",
    "license-revocation": "license revoked",
    "temporary-license": "temporary license",
    "supplier-ban": "ban on suppliers or sales",
    "arrest-indictment": "officer arrested or indicted",
    "ownership-change": "ownership change (sale of a unit or subsidiary)",
}

_RULES: dict[str, tuple[str, ...]] = {
    "list-addition": (
        rf"\b(?:add(?:s|ed|ing)?|plac(?:es|ed|ing)|put(?:s|ting)?|includ(?:es|ed|ing)|enter(?:s|ed)?|listed)\b{_GAP}"
        rf"\b(?:to|on|in|into|onto)\b{_GAP}{_LIST}",
        r"\bblacklist(?:s|ed|ing)\b",
        rf"\b(?:imposed|imposes|imposing|slapped|announced|levied)\b{_GAP}\bsanctions\b",
        r"\b(?:sanctioned|designated)\b",
        r"(?:列入|纳入|加入|列进)[^。；]{0,20}(?:实体清单|黑名单|制裁名单|清单)",
        r"(?:宣布|实施|实行)[^。；]{0,20}制裁",
        r"(?:внес(?:ло|ла|ли|ен|ена|ены)|включ(?:ило|ила|или|ен|ена|ены))[^.;]{0,80}(?:спис|санкци)",
        r"(?:ввел[аио]?|введены|наложил[аио]?)[^.;]{0,40}санкци",
    ),
    "list-removal": (
        rf"\b(?:remov(?:es|ed|ing|al)|delist(?:s|ed|ing)?|took|taken|taking)\b{_GAP}\b(?:from|off)\b{_GAP}"
        rf"(?:{_LIST}|the list)",
        rf"\b(?:lift(?:s|ed|ing)?|eas(?:es|ed|ing)|end(?:s|ed|ing)?|rescind(?:s|ed)?)\b{_GAP}"
        r"\b(?:sanctions|ban|export ban|denial order)\b",
        r"(?:移出|移除|删除)[^。；]{0,20}(?:实体清单|黑名单|清单)|(?:解除|取消)[^。；]{0,10}(?:制裁|禁令)",
        r"(?:исключ(?:ило|ила|или|ен|ена|ены)|удал(?:ило|ила|или|ен))[^.;]{0,60}спис",
        r"(?:снят[аиоы]?|отмен(?:ило|ила|или|ены))[^.;]{0,30}санкци",
    ),
    "license-request": (
        rf"\b(?:appl(?:y|ies|ied|ying)|sought|seek(?:s|ing)?|request(?:s|ed|ing)?|submit(?:s|ted|ting)?|filed|"
        rf"ask(?:s|ed|ing)?)\b{_GAP}\blicen[cs]es?\b",
        r"\blicen[cs]e (?:applications?|requests?)\b",
        r"申请[^。；]{0,20}许可|许可[^。；]{0,6}申请",
        r"(?:запрос(?:ил|ила|или)|подал[аи]?|заявк)[^.;]{0,40}лиценз",
    ),
    "license-grant": (
        rf"\b(?:grant(?:s|ed|ing)?|approv(?:es|ed|ing|al)|issu(?:es|ed|ing)|receiv(?:es|ed|ing)|won|obtain(?:s|ed)?|"
        rf"award(?:s|ed)?)\b{_GAP}\blicen[cs]es?\b",
        rf"\blicen[cs]es?\b{_GAP}\b(?:granted|approved|issued|were given)\b",
        r"(?:批准|获得|发放|颁发|获批)[^。；]{0,20}许可",
        r"(?:выдал[аио]?|получил[аио]?|одобрил[аио]?)[^.;]{0,40}лиценз",
    ),
    "license-revocation": (
        rf"\b(?:revok(?:es|ed|ing)|revocation|rescind(?:s|ed|ing)?|withdr[ae]w(?:n|s)?|suspend(?:s|ed|ing)?|"
        rf"cancel(?:s|led|ed|ing)?)\b{_GAP}\blicen[cs]es?\b",
        rf"\blicen[cs]es?\b{_GAP}\b(?:revoked|rescinded|withdrawn|suspended|cancell?ed)\b",
        r"(?:吊销|撤销|撤回|暂停)[^。；]{0,20}许可",
        r"(?:отозвал[аио]?|аннулировал[аио]?|приостановил[аио]?)[^.;]{0,40}лиценз",
    ),
    "temporary-license": (
        r"\btemporary (?:general )?licen[cs]es?\b",
        r"\btgl\b",
        rf"\bgeneral licen[cs]e\b{_GAP}\b(?:extend\w*|expir\w*|renew\w*|reprieve)\b",
        r"\b(?:\d+|ninety)-day (?:reprieve|extension)\b",
        r"临时(?:通用)?许可",
        r"временн\w+ (?:генеральн\w+ )?лиценз",
    ),
    "supplier-ban": (
        rf"\b(?:ban(?:s|ned|ning)?|bar(?:s|red|ring)?|prohibit(?:s|ed|ing)?|forb(?:id|ids|ade|idden)|block(?:s|ed)?|"
        rf"cut(?:s|ting)? off)\b{_GAP}\b(?:suppl(?:y|ies|ying|iers?)|sell(?:s|ing)?|sales?|buy(?:s|ing)?|"
        rf"purchas\w+|acquir\w+|doing business|export\w*|sourc\w+)\b",
        r"\b(?:export|sales?|supply) ban\b",
        r"禁止[^。；]{0,30}(?:供应|供货|采购|出口|销售|购买)|断供",
        r"запрет\w*[^.;]{0,60}(?:поставк|продаж|закуп|экспорт)",
    ),
    "arrest-indictment": (
        r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|indict(?:s|ed|ment|ments)?|extradit\w+|"
        r"pleaded guilty|convicted|charged with|criminal charges)\b",
        r"逮捕|拘留|起诉|引渡|被捕",
        r"арест\w*|задержан\w*|обвинени\w*|экстрадиц\w*",
    ),
    "ownership-change": (
        rf"\b(?:sell(?:s|ing)?|sold|sale of|divest\w*|spin(?:s|ning)? off|spun off|offload\w*|dispos\w+ of)\b{_GAP}"
        rf"\b(?:unit|division|subsidiary|subsidiaries|business|brand|stake|arm|assets)\b",
        rf"\b(?:acquir\w+|bought|buy(?:s|ing)?|took over|take over|taking over)\b{_GAP}"
        rf"\b(?:unit|division|subsidiary|stake|arm|business)\b",
        r"(?:出售|剥离|转让|收购)[^。；]{0,30}(?:业务|子公司|品牌|股权|部门)",
        r"(?:продал[аио]?|продаж\w+|выкупил[аио]?)[^.;]{0,40}(?:подразделени|дочерн|бизнес|дол[юи])",
    ),
}
_COMPILED: dict[str, tuple[re.Pattern[str], ...]] = {
    event: tuple(re.compile(rule, re.IGNORECASE) for rule in rules) for event, rules in _RULES.items()
}
# A temporary license is also "issued" or "extended"; the more precise tag wins.
_SUBSUMED = {"license-grant": "temporary-license"}
# "unless Washington grants a license", "must apply for a license", "须获得许可": a rule stated, not an event.
_HYPOTHETICAL = re.compile(
    r"\b(?:unless|if|must|need(?:s|ed)? to|required to|would have to|will have to|without)\s+(?:\w+\s+){0,3}$|"
    r"(?:须|需|需要|必须|如果|除非)[^。；，,]{0,12}$",
    re.IGNORECASE,
)
_CONDITIONAL_EVENTS = frozenset({"license-request", "license-grant"})


def _stated_as_rule(text: str, match: re.Match[str]) -> bool:
    """True when a license event is only the condition of a rule ("need a license to sell")."""
    return _HYPOTHETICAL.search(text[max(0, match.start() - 40) : match.start()]) is not None


@dataclass(frozen=True, slots=True)
class SentenceEvent:
    """An event type found in one sentence, with the words that fired it."""

    sentence: int  # index into the article's sentences
    type: str
    trigger: str


def tag_sentence(text: str) -> list[tuple[str, str]]:
    """(event type, trigger) for every event type whose pattern matches `text`, in table order."""
    found: dict[str, str] = {}
    for event, rules in _COMPILED.items():
        for rule in rules:
            match = rule.search(text)
            if match is not None and not (event in _CONDITIONAL_EVENTS and _stated_as_rule(text, match)):
                found[event] = match.group().strip()
                break
    for event, precise in _SUBSUMED.items():
        if event in found and precise in found:
            del found[event]
    return list(found.items())


def tag_events(sentences: Sequence[Sentence]) -> list[SentenceEvent]:
    """Every event tag of every sentence, in reading order."""
    return [
        SentenceEvent(position, event, trigger)
        for position, sentence in enumerate(sentences)
        for event, trigger in tag_sentence(sentence.text)
    ]
