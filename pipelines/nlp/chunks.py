"""Cutting very long texts into pieces spaCy can take, at paragraph or line breaks."""


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text`` in order, each at most ``max_chars`` long.

    Cuts prefer a blank line, then a line break, then a space, so sentences are rarely split.
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans, start = [], 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + max_chars // 2, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        if cut == -1:
            cut = window_end
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans
