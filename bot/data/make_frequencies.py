"""Derive ``english_frequencies.txt`` from wordfreq (run by hand when refreshing; not at run time).

wordfreq is a well-kept source of how common English words are (about 100 ms to import and
58 MB installed), far more than magbot needs: one number per word, for the words common enough to
be filler. This keeps the words at Zipf 3.0 and above (about once per million words or more),
sorted, on one line, and on a second line one letter per word for its Zipf value rounded down to
a half step ("a" is 3.0, "b" 3.5, ...): a format that loads with one split and is searched with
bisect (see bot/commonness.py).

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    /tmp/wf/bin/python bot/data/make_frequencies.py > bot/data/english_frequencies.txt
"""

from __future__ import annotations

import math
import re
import sys


def main() -> None:
    from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found]

    zipfs: dict[str, float] = {}
    for word in top_n_list("en", 200_000):
        if re.fullmatch("[a-z]+", word) and zipf_frequency(word, "en") >= 3.0:
            zipfs[word] = zipf_frequency(word, "en")
    words = sorted(zipfs)
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.write("".join(chr(ord("a") + math.floor((zipfs[w] - 3.0) * 2)) for w in words) + "\n")


if __name__ == "__main__":
    main()
