"""What a reader returns for one input: an article draft or a rejection."""

from dataclasses import dataclass, field
from datetime import datetime


class Rejected(Exception):
    """A whole input cannot be read; the message says what is wrong and the fix."""


@dataclass
class Draft:
    source: str
    body: str
    format: str
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    notes: list[str] = field(default_factory=list)
    id_key: str | None = None  # set for records with a URL; else the source is the key


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str  # "<source>: <what is wrong>: <fix>"


def rejection(source: str, problem: str) -> Rejection:
    return Rejection(source, f"{source}: {problem}")
