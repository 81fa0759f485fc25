# Stand-in for typing_extensions (see README.md): forwards to the standard typing module, which has Self, Literal,
# Protocol and override from Python 3.11/3.12 on; a name typing lacks raises AttributeError (so ImportError).
import typing


def __getattr__(name):
    return getattr(typing, name)
