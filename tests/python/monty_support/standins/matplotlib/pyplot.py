# Stand-in for matplotlib.pyplot (see README.md): importable; anything taken from it raises when called, except
# ioff(), which Monty's live_plotter calls at import time: with nothing ever drawn, interactive mode off is a no-op.
from _standin import module_getattr

__getattr__ = module_getattr(__name__)


def ioff():
    """Interactive drawing off: nothing draws here, so there is nothing to turn off."""
