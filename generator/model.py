"""The guide's schema: one typed record per kind of content file, validated by pydantic.

Reference fields hold ids exactly as written in YAML (their Python names end in ``_ids``; the YAML
key is the alias). ``generator.graph`` resolves them into the objects exposed under the natural names
(``method.precautions``) and computes the reverse links once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    StringConstraints,
    model_validator,
)

from generator.figures.pose import Figure

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# What `backguide new` writes where an editor must fill something in; the loader refuses it.
TODO_PLACEHOLDER = "TODO"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _ordered_range(value: tuple[int, int]) -> tuple[int, int]:
    low, high = value
    if low <= 0:
        raise ValueError("a dose must be greater than zero")
    if low > high:
        raise ValueError(f"the range [{low}, {high}] runs backwards: write [low, high]")
    return value


# A dose is a whole number as written: not true (YAML's yes), not 10.0, not "10".
DoseNumber = StrictInt
# A safe range written as [low, high]; a routine step picks a value inside it.
DoseRange = Annotated[tuple[DoseNumber, DoseNumber], AfterValidator(_ordered_range)]


class Strict(BaseModel):
    """Base for every schema class: a misspelt or unknown field is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=False)


class Linked(Strict):
    """A record, or an entry inside one, that holds references; ``generator.graph`` links them."""

    # Resolved objects by link name, set once by generator.graph.link(); never read from the file.
    _links: dict[str, list[Any]] = PrivateAttr(default_factory=dict)
    _owner: Record | None = PrivateAttr(default=None)

    def linked(self, name: str) -> list[Any]:
        """The objects linked under ``name``; a name the registry does not declare is an error."""
        try:
            return self._links[name]
        except KeyError:
            declared = ", ".join(sorted(self._links)) or "none: generator.graph.link() has not run"
            raise LookupError(f"{type(self).__name__} has no link '{name}' (declared: {declared})") from None

    def linked_one(self, name: str) -> Any:
        """The single object a one-id reference names."""
        [found] = self.linked(name)
        return found

    @property
    def owner(self) -> Record:
        """The record an entry belongs to (a record owns itself)."""
        return self._owner if self._owner is not None else self  # type: ignore[return-value]

    # Records link to each other in cycles: compare and hash by identity, never field by field.
    __eq__ = object.__eq__
    __hash__ = object.__hash__


class Record(Linked):
    """An entity stored in its own file; its id is the file name without ``.yaml``."""

    id: Slug = Field(exclude=True, description="Set from the file name; do not write it.")
    title: Text


class Reviewed(Strict):
    """Review dates shared by every page-bearing record; site.yaml gives the defaults."""

    reviewed: dt.date | None = Field(default=None, description="When this page was last checked.")
    next_review: dt.date | None = Field(default=None, description="When it is due again.")
    reviewed_by: Text | None = Field(
        default=None, description="Only a review that really happened, e.g. a named clinician."
    )

    def last_reviewed(self, settings: SiteSettings) -> dt.date:
        return self.reviewed or settings.reviewed

    def review_due(self, settings: SiteSettings) -> dt.date:
        return self.next_review or settings.review_due(self.last_reviewed(settings))


class EvidenceStrength(StrEnum):
    SUPPORTED = "supported"
    MIXED = "mixed"
    LIMITED = "limited"
    NOT_SUPPORTED = "not-supported"


class Evidence(Linked):
    """What the research shows, in plain words, with the sources behind it."""

    strength: EvidenceStrength
    summary: Text = Field(description="One short paragraph in plain language.")
    article_claim: Text | None = Field(
        default=None,
        description="What the source article claims, where the evidence says otherwise.",
    )
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")


class Section(Strict):
    """A titled passage of extra text on a page (e.g. choosing a foam roller)."""

    title: Text
    text: Text
    before_steps: bool = False


# "Surname Initials" as Vancouver writes a person: "Moorman AC", "van Tulder MW", "de Zoete A".
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\S(?:.*\S)? [A-Z]{1,4}$")]


class Source(Record):
    """A reference the guide cites, as published; rendered in one style (``generator.citation``).

    ``title`` is the work's exact title. URL, DOI and ISBN only where known: never invent one.
    ``generator.rules.sources_are_complete`` says which fields a complete source needs.
    """

    authors: list[PersonName] = Field(
        default_factory=list,
        description='People, in the published order, as "Surname Initials", e.g. [Moorman AC, Newell D].',
    )
    more_authors: bool = Field(
        default=False, description="True where only the first authors are listed here (et al.)."
    )
    organisation: Text | None = Field(
        default=None,
        description="The organisation that wrote it (NHS, World Health Organization), or the group "
        "author after the people.",
    )
    published_in: Text | None = Field(
        default=None,
        description="Journal (NLM abbreviation, e.g. BMJ), or the publisher or website; leave it out "
        "where it is the organisation itself.",
    )
    year: StrictInt | None = Field(default=None, ge=1900, le=2100)
    volume: Text | None = None
    issue: Text | None = None
    pages: Text | None = Field(default=None, description="Pages or article number, e.g. 1451-60 or e0119470.")
    edition: Text | None = Field(default=None, description="A book's edition, e.g. 11th.")
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    isbn: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9 -]{8,15}[0-9X]$")] | None = None
    accessed: dt.date | None = Field(
        default=None,
        description="For a web page without a date of its own: the day an editor last checked it.",
    )
    note: Text | None = Field(default=None, description="What the guide takes from it, for editors.")

    @property
    def cited_by(self) -> list[Record]:
        return self.linked("cited_by")

    @property
    def citation(self) -> str:
        """The reference in the guide's one citation style (Vancouver), as plain text."""
        from generator.citation import vancouver

        return vancouver(self)

    def citation_markdown(self, title: Any = None, links: bool = True) -> Any:
        """The reference as Markdown: ``title`` (e.g. a link to its page) in place of the title,
        and the DOI and URL as links unless ``links`` is false."""
        from generator.citation import vancouver_markdown

        return vancouver_markdown(self, title=title, links=links)


class Condition(Record):
    """A health condition or circumstance that a method's contraindications refer to."""

    summary: Text

    @property
    def contraindications(self) -> list[AvoidIf]:
        """The methods' ``avoid_if`` entries that name this condition, each with its note."""
        return self.linked("contraindications")


class Cause(Record, Reviewed):
    summary: Text
    explanation: list[Text] = Field(min_length=1, description="Paragraphs, in plain language.")
    tips: list[Text] = Field(default_factory=list, description="What a reader can do about it.")
    evidence: Evidence
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def effects(self) -> list[Effect]:
        return self.linked("effects")

    @property
    def methods(self) -> list[Method]:
        return self.linked("methods")

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")


class Effect(Record, Reviewed):
    summary: Text
    explanation: list[Text] = Field(min_length=1)
    cause_ids: list[Slug] = Field(alias="causes", min_length=1)
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def causes(self) -> list[Cause]:
        return self.linked("causes")

    @property
    def benefits(self) -> list[Benefit]:
        return self.linked("benefits")

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")


class Benefit(Record, Reviewed):
    summary: Text
    explanation: list[Text] = Field(min_length=1)
    effect_ids: list[Slug] = Field(alias="relieves", min_length=1)
    evidence: Evidence
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def relieves(self) -> list[Effect]:
        return self.linked("relieves")

    @property
    def methods(self) -> list[Method]:
        return self.linked("methods")

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")


class Severity(StrEnum):
    STOP = "stop"
    CAUTION = "caution"
    ADVICE = "advice"


# A precaution in a few words fits one line of a method page on a wide screen.
IN_BRIEF_MAX = 70


class Precaution(Record, Reviewed):
    severity: Severity
    applies_to_all: bool = Field(
        default=False, description="Linked from every method page without being listed there."
    )
    summary: Text
    in_brief: Annotated[Text, StringConstraints(max_length=IN_BRIEF_MAX)] | None = Field(
        default=None,
        description="The precaution in a few words, shown after its link in a method page's "
        f"'Before you start' (at most {IN_BRIEF_MAX} characters; its summary when left out).",
    )
    details: list[Text] = Field(default_factory=list, description="Points, one per line.")
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def methods(self) -> list[Method]:
        return self.linked("methods")

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")


class Category(StrEnum):
    STRETCHING = "stretching"
    MOBILITY = "mobility"
    STRENGTHENING = "strengthening"
    FOAM_ROLLER = "foam-roller"
    SELF_MANIPULATION = "self-manipulation"
    HEAT_COLD = "heat-cold"
    PROFESSIONAL_CARE = "professional-care"
    LIFESTYLE = "lifestyle"

    @property
    def is_home_exercise(self) -> bool:
        """Only home exercises may join routines and printed cards."""
        return self in HOME_EXERCISE

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


HOME_EXERCISE = frozenset(
    {Category.STRETCHING, Category.MOBILITY, Category.STRENGTHENING, Category.FOAM_ROLLER}
)

CATEGORY_LABELS = {
    Category.STRETCHING: "Stretches",
    Category.MOBILITY: "Mobility exercises",
    Category.STRENGTHENING: "Strengthening exercises",
    Category.FOAM_ROLLER: "Foam roller",
    Category.SELF_MANIPULATION: "Self-manipulation",
    Category.HEAT_COLD: "Heat and ice",
    Category.PROFESSIONAL_CARE: "Professional care",
    Category.LIFESTYLE: "Lifestyle",
}


class Difficulty(StrEnum):
    GENTLE = "gentle"
    MODERATE = "moderate"
    DEMANDING = "demanding"


class Dose(Strict):
    """A method's safe range; each value is [low, high]."""

    hold_seconds: DoseRange | None = None
    reps: DoseRange | None = None
    sets: DoseRange | None = None
    per_day: DoseRange | None = None
    duration_minutes: DoseRange | None = None
    each_side: bool = Field(default=False, description="Done once on each side.")

    @model_validator(mode="after")
    def _not_empty(self) -> Dose:
        if not any((self.hold_seconds, self.reps, self.duration_minutes)):
            raise ValueError("a dose needs hold_seconds, reps or duration_minutes")
        return self


class AvoidIf(Linked):
    """Who should not do a method, or should ask a professional first."""

    condition_id: Slug = Field(alias="condition")
    note: Text

    @property
    def condition(self) -> Condition:
        return self.linked_one("condition")

    @property
    def method(self) -> Method:
        return self.owner  # type: ignore[return-value]


# Seconds for one repetition when the player paces a method's repetitions and the method gives
# no tempo of its own: a slow, controlled movement.
DEFAULT_TEMPO_SECONDS = 4


class Method(Record, Reviewed):
    aliases: list[Text] = Field(default_factory=list, description="Other names readers use.")
    category: Category
    summary: Text
    instruction: Text = Field(description="The one line a routine card prints.")
    difficulty: Difficulty
    body_areas: list[Slug] = Field(min_length=1)
    equipment: list[Text] = Field(default_factory=list)
    position: Text | None = None
    dose: Dose | None = None
    avoid_if: list[AvoidIf] = Field(description="Who should not do it; [] needs avoid_if_reason.")
    avoid_if_reason: Text | None = Field(
        default=None, description="Why no condition rules this method out (only with avoid_if: [])."
    )
    precaution_ids: list[Slug] = Field(alias="precautions", min_length=1)
    cause_ids: list[Slug] = Field(alias="addresses", default_factory=list)
    benefit_ids: list[Slug] = Field(alias="benefits", default_factory=list)
    alternative_ids: list[Slug] = Field(
        alias="safer_alternatives",
        default_factory=list,
        description="Methods that do the same job with less risk; linked from the page.",
    )
    steps: list[Text] = Field(min_length=1)
    sections: list[Section] = Field(default_factory=list)
    key_cue: Text = Field(description="The one safety cue a routine card prints for this method.")
    tempo_seconds: StrictInt | None = Field(
        default=None,
        ge=2,
        le=15,
        description="Seconds for one repetition when the player paces the count "
        f"(default {DEFAULT_TEMPO_SECONDS}).",
    )
    evidence: Evidence
    source_ids: list[Slug] = Field(alias="sources", min_length=1)
    figure: Figure | None = Field(
        default=None,
        description="How the exercise is drawn: a view, props and key poses "
        "(home exercises only; see CONTRIBUTING.md, 'Drawing the exercises').",
    )

    @property
    def tempo(self) -> int:
        """Seconds for one paced repetition: the method's own tempo, else the default."""
        return self.tempo_seconds or DEFAULT_TEMPO_SECONDS

    @model_validator(mode="after")
    def _dose_fits_category(self) -> Method:
        if self.category.is_home_exercise and self.dose is None:
            raise ValueError(f"a {self.category.value} method needs a dose")
        if self.category == Category.HEAT_COLD and (self.dose is None or self.dose.duration_minutes is None):
            raise ValueError("a heat-cold method needs dose.duration_minutes")
        if self.category in (Category.PROFESSIONAL_CARE, Category.LIFESTYLE) and self.dose:
            raise ValueError(f"a {self.category.value} method has no dose: remove it")
        return self

    @property
    def precautions(self) -> list[Precaution]:
        """Its own precautions, then every precaution that applies to all methods."""
        return self.linked("precautions")

    @property
    def addresses(self) -> list[Cause]:
        return self.linked("addresses")

    @property
    def benefits(self) -> list[Benefit]:
        return self.linked("benefits")

    @property
    def safer_alternatives(self) -> list[Method]:
        return self.linked("safer_alternatives")

    @property
    def routines(self) -> list[Routine]:
        return self.linked("routines")

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")

    @property
    def emergency_precautions(self) -> list[Precaution]:
        """Its precautions that say to stop and get help (severity stop, for every method): the
        page names them in its emergency line rather than in its list of precautions."""
        return [p for p in self.precautions if p.applies_to_all and p.severity is Severity.STOP]

    @property
    def listed_precautions(self) -> list[Precaution]:
        """Its other precautions, each listed with a few words."""
        stops = self.emergency_precautions
        return [p for p in self.precautions if p not in stops]

    @property
    def on_the_floor(self) -> bool:
        """Done on the floor: a method that needs a mat."""
        return "mat" in self.equipment

    @property
    def floor_help(self) -> list[TopicSection]:
        """The sections on getting down to the floor and up again, for a method done there."""
        return self.linked("floor_help")


class TopicSection(Linked):
    """A titled part of a topic page, with its own sources (every claim is sourced)."""

    id: Slug = Field(description="The section's anchor on the page, e.g. pain-relief.")
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    points: list[Text] = Field(default_factory=list, description="A list after the paragraphs.")
    for_floor_exercises: bool = Field(
        default=False, description="Linked from every exercise done on the floor (on a mat)."
    )
    source_ids: list[Slug] = Field(alias="sources", min_length=1)

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")

    @property
    def topic(self) -> Topic:
        return self.owner  # type: ignore[return-value]


class Topic(Record, Reviewed):
    """A page of practical advice from data, in sections (e.g. managing a flare-up)."""

    summary: Text
    featured: bool = Field(
        default=False,
        description="Linked from the home page, every effect page and every routine page.",
    )
    sections: list[TopicSection] = Field(min_length=1)

    @property
    def sources(self) -> list[Source]:
        """Every section's sources, each once, in the order the page first cites them."""
        return list(dict.fromkeys(s for section in self.sections for s in section.sources))


class RoutineStep(Linked):
    """One step of a routine: a method and the dose chosen from its safe range."""

    method_id: Slug = Field(alias="method")
    hold_seconds: DoseNumber | None = None
    reps: DoseNumber | None = None
    sets: DoseNumber | None = None
    duration_minutes: DoseNumber | None = None

    @property
    def method(self) -> Method:
        return self.linked_one("method")

    @property
    def each_side(self) -> bool:
        """Done on each side: a fact of the method, not of the routine."""
        dose = self.method.dose
        return dose is not None and dose.each_side


MAX_ROUTINE_STEPS = 8


@dataclass(frozen=True)
class Concern:
    """One step of a routine that a condition concerns: its number (from 1) and the method's note."""

    number: int
    step: RoutineStep
    avoid_if: AvoidIf

    @property
    def method(self) -> Method:
        return self.step.method

    @property
    def note(self) -> str:
        return self.avoid_if.note


@dataclass(frozen=True)
class CheckFirst:
    """A condition to check before doing a routine, once, with every step it concerns."""

    condition: Condition
    concerns: tuple[Concern, ...]

    @property
    def methods(self) -> list[Method]:
        """The methods concerned, each once, in step order."""
        return list(dict.fromkeys(concern.method for concern in self.concerns))

    @property
    def steps_text(self) -> str:
        """The steps concerned in words: 'step 2', 'steps 2 and 4', 'steps 2 to 5 and 7' (a run of
        three or more is written as a range, so a printed card keeps to one line or two)."""
        numbers = sorted({concern.number for concern in self.concerns})
        runs: list[list[int]] = []
        for number in numbers:
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        parts = [f"{run[0]} to {run[-1]}" if len(run) >= 3 else ", ".join(map(str, run)) for run in runs]
        words = ", ".join(parts).rsplit(", ", 1)
        text = " and ".join(words)
        return f"step {text}" if len(numbers) == 1 else f"steps {text}"


class Routine(Record, Reviewed):
    goal: Text
    summary: Text
    minutes: StrictInt = Field(gt=0, le=60, description="About how long one session takes.")
    frequency: Text = Field(description="How often, e.g. 'once a day' or 'every 1-2 hours'.")
    # At most MAX_ROUTINE_STEPS, so the card fits a page: checked in generator.rules.
    steps: list[RoutineStep] = Field(min_length=1)

    @property
    def methods(self) -> list[Method]:
        return [step.method for step in self.steps]

    @property
    def equipment(self) -> list[str]:
        """What the routine needs, in the order its steps first need it."""
        return self.linked("equipment")

    @property
    def precautions(self) -> list[Precaution]:
        """Its methods' precautions, each once, in step order."""
        return self.linked("precautions")

    @property
    def check_first(self) -> list[CheckFirst]:
        """The conditions its steps' methods should be avoided with, each once in step order,
        with the steps each concerns (computed in ``generator.graph``)."""
        return self.linked("check_first")


class RedFlagLevel(Strict):
    title: Text
    action: Text = Field(description="What to do; may use {emergency_number} and {urgent_line}.")
    why: Text | None = None
    card_line: Text | None = Field(
        default=None, description="The level in one short line, for printed cards."
    )
    symptoms: list[Text] = Field(min_length=3)

    @property
    def action_phrase(self) -> str:
        """The action without its final full stop, to run on into "... if you have:"."""
        return self.action.rstrip(". ")


class RedFlags(Linked):
    """content/red-flags.yaml: three levels, as NHS care cards give them."""

    emergency: RedFlagLevel
    urgent: RedFlagLevel
    soon: RedFlagLevel
    note: list[Text] = Field(
        default_factory=list,
        description="Short paragraphs after the three levels, one idea each (how rare, who should "
        "be checked first).",
    )
    source_ids: list[Slug] = Field(
        default_factory=list,
        alias="sources",
        description="Ids of the sources the signs and their levels come from, listed on the help page.",
    )

    @property
    def sources(self) -> list[Source]:
        return self.linked("sources")

    @property
    def levels(self) -> list[tuple[str, RedFlagLevel]]:
        return [("emergency", self.emergency), ("urgent", self.urgent), ("soon", self.soon)]


class SiteSettings(Strict):
    """content/site.yaml: what another country or publisher changes in one place."""

    title: Text
    description: Text
    language: Text = "en-GB"
    emergency_number: Text
    urgent_line: Text
    urgent_number: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9 ]*[0-9]$")] | None = Field(
        default=None,
        description="The number to call in urgent_line (e.g. 111): a tel: link wherever it appears "
        "on the web, as the emergency number is.",
    )
    notice: Text = Field(description="The short safety notice shown on every page.")
    intro: list[Text] = Field(min_length=1, description="Paragraphs for the home page.")
    disclaimer: list[Text] = Field(
        min_length=1, description="Paragraphs of the medical disclaimer page, linked from the footer."
    )
    phrases: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Text] = Field(
        default_factory=dict,
        description="Values any text may use as {name}, e.g. no_better_after: a few weeks.",
    )
    reviewed: dt.date
    review_interval_days: StrictInt = Field(default=365, gt=0)

    def review_due(self, reviewed: dt.date | None = None) -> dt.date:
        """When a page reviewed on ``reviewed`` (default: the site's date) is due again."""
        return (reviewed or self.reviewed) + dt.timedelta(days=self.review_interval_days)


class Term(Strict):
    """A word a page cannot avoid, explained in one plain sentence."""

    term: Text
    also: list[Text] = Field(default_factory=list, description="Other forms a page may use.")
    definition: Text

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.also]


class Glossary(Strict):
    """content/glossary.yaml: each page explains the terms it uses, in a box at its end."""

    terms: list[Term] = Field(default_factory=list)
