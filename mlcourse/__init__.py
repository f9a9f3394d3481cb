"""mlcourse: the reference implementations behind *Neural Networks from Scratch*.

One module per concept; the notebooks import from here.
"""

__version__ = "0.1.0"
