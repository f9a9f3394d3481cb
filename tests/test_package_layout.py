"""The package stays readable: small modules, one concept each."""

from pathlib import Path

import mlcourse

PACKAGE = Path(mlcourse.__file__).parent
#: the longest module a reader should meet (issue 18: "about 800 lines")
MAX_LINES = 800


def test_no_module_is_longer_than_max_lines():
    lengths = {
        str(path.relative_to(PACKAGE)): len(path.read_text().splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert lengths, PACKAGE
    too_long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert not too_long, too_long
