"""Article ids and content hashes.

`article_id` is "a" + the first 15 hex digits of sha256 over a key: "url:<url>" for a
JSON/JSONL record that carries a URL (so inserting a line above it keeps its id), else
"source:<source>" (the path relative to the articles folder, "path#N" for a record).
Files (txt, md, html) always use their source: a page's canonical URL is often shared by
many pages of a badly templated site. 60 bits keep ids short; a collision among a million
articles has a chance of about one in a million.
"""

import hashlib


def article_id(key: str) -> str:
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]


def source_key(source: str) -> str:
    return f"source:{source}"


def url_key(url: str) -> str:
    return f"url:{url.strip()}"


def content_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
