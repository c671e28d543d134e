"""The comments inside each indicator block of a plan's text-format file.

The plan files explain their choices in comments (why a weight is 0.5, where a baseline comes
from, how a vague clause is read); protobuf's parser drops comments, so they are read here
from the text to keep them next to the indicator in the documentation.
"""

import re

_ID = re.compile(r'^\s*id\s*:\s*"((?:[^"\\]|\\.)*)"')
_BLOCK = re.compile(r"^indicators\s*[:{]")


def _scan(line):
    """(the line without its comment, its delimiters outside strings, the comment's text or
    None): a # or a brace inside a string is text."""
    quote = None
    delimiters = []
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:i], delimiters, line[i + 1:].strip()
        elif c in "{}<>":
            delimiters.append(c)
        i += 1
    return line, delimiters, None


def indicator_notes(text):
    """id -> the full-line comments inside that top-level `indicators { … }` block, as
    paragraphs (consecutive comment lines joined with a space). Inline comments after a
    value and comments between blocks (section titles) are left out."""
    notes = {}
    depth = 0
    in_block = False
    current_id = None
    paragraphs = []
    previous_was_comment = False
    for line in text.splitlines():
        code, delimiters, comment = _scan(line)
        if depth == 0 and _BLOCK.match(code.strip()):
            in_block, current_id, paragraphs = True, None, []
        if in_block and depth >= 1:
            if not code.strip() and comment is not None:
                if previous_was_comment:
                    paragraphs[-1] += " " + comment
                else:
                    paragraphs.append(comment)
                previous_was_comment = True
            else:
                previous_was_comment = False
            m = _ID.match(code)
            if m and depth == 1 and current_id is None:
                current_id = m.group(1)
        opened = sum(d in "{<" for d in delimiters)
        depth += opened - (len(delimiters) - opened)
        if in_block and depth == 0 and len(delimiters) > opened:
            if current_id is not None:
                notes[current_id] = [p for p in paragraphs if p]
            in_block, previous_was_comment = False, False
    return notes
