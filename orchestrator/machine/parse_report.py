"""The report's topics beside a measurement: a note asked for or free text typed on while a measurement
waits, at its summary or beside values in the report (read by `parse.read_rules`)."""

from __future__ import annotations

from orchestrator.machine.parse_scan import Scan
from orchestrator.machine.reading import Reading, TopicEdit
from orchestrator.machine.text import mask, meaningful_words
from orchestrator.machine.topics import Topic, Topics, labelled_spans, read_topics
from orchestrator.machine.vitals import ClinicalItem

# Beside a measurement's summary these stay an observation for its note or an occurrence.
_NOT_THE_PATIENTS = {Topic.ADDITIONAL_INFO, Topic.ADMINISTRATIVE}
# Free text answering this many topics is the report, even while a measurement waits for its note.
_REPORT_TYPED_ON = 2


def completes_measurement(scan: Scan) -> bool:
    """During the report, a measurement that only lacks its note (asked for last) takes the next free
    text as that note ("paciente tranquilo"), unless the text answers topics by their labels ("Humor:
    calmo") or answers several topics (the report, typed on); one lacking more takes a remark of no topic."""
    pending = [item for item in scan.expectation.missing if not isinstance(item, Topic)]
    if not pending or labelled_spans(scan.folded, scan.spans):
        return False
    if not meaningful_words(mask(scan.folded, scan.spans)):
        return False
    if pending != [ClinicalItem.NOTE]:
        # Other items missing: a remark that fits no topic by its words ("tossiu um pouco") is the
        # measurement's, as outside the report (it was dropped unread).
        return not read_topics(scan.text, scan.folded, scan.spans, (), keep_unplaced=False).topics.given
    topics = tuple(topic for topic in Topic if topic.value in scan.expectation.missing)
    # Only topics the words name count, the additional information aside (what fits no topic, or "sem
    # queixas", is what a note says): "paciente tranquilo, sem queixas" is a note.
    read = read_topics(scan.text, scan.folded, scan.spans, topics, keep_unplaced=False)
    named = [topic for topic in read.topics.given if topic is not Topic.ADDITIONAL_INFO]
    return len(named) < _REPORT_TYPED_ON


def report_typed_on(scan: Scan) -> Topics | None:
    """At a measurement's summary during the report, free text that answers report topics and nothing
    else ("tomou os remédios certinho", "sem atividades") goes on with the report; an observation about
    the patient ("paciente com tosse") or a remark about the service is still the note's or an occurrence."""
    # Only topics its words name: a bare "nada" answers the summary's question, not the topic asked before.
    read = read_topics(scan.text, scan.folded, scan.spans, (), keep_unplaced=False)
    given = read.topics.given
    if not given or read.unplaced or read.question or set(given) & _NOT_THE_PATIENTS:
        return None
    scan.consume((0, len(scan.folded)))
    return read.topics


def report_beside_values(scan: Scan, reading: Reading) -> Reading:
    """ "comeu bem, dormiu bem, PA 13x8, sem intercorrências" in the report: free text answering several topics
    beside values is the report (no note, no occurrence); one observation is still the note ("PA 13x8, calmo")."""
    missing = tuple(topic for topic in Topic if topic.value in scan.expectation.missing)
    read = read_topics(scan.text, scan.folded, scan.spans, missing)
    named = [topic for topic in read.topics.given if topic not in _NOT_THE_PATIENTS]
    if len(named) < _REPORT_TYPED_ON or read.question:
        return reading
    scan.consume((0, len(scan.folded)))
    return reading.model_copy(update={"topics": reading.topics.merged(read.topics, adding=True)})


def labelled_topics_beside_values(scan: Scan, reading: Reading, *, observations: bool = True) -> Reading:
    """ "Sinais vitais: PA 12/8, FC 80\nAlimentação: aceitou bem\nObs: dormiu bem": the vitals are vital
    signs and each labelled topic is that topic's answer; neither is lost in the other (nor in a note).
    Without `observations`, a message with an "Obs:" is left to the note whole."""
    missing = tuple(topic for topic in Topic if topic.value in scan.expectation.missing)
    spans = labelled_spans(scan.folded, scan.spans)
    if not spans:
        return reading
    read = read_topics(scan.text, scan.folded, scan.spans, missing, free=False)
    if not observations and Topic.ADDITIONAL_INFO in read.topics.given:
        return reading
    scan.spans.extend(spans)
    return reading.model_copy(update={"topics": read.topics, "topic_edit": TopicEdit.REPLACE})
