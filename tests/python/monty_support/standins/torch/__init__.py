# Stand-in for torch (see README.md): where torch is missing, spatial_arithmetics (which uses it in one function the
# burst baseline never calls) still imports; anything taken from it raises when called.
from _standin import module_getattr

__getattr__ = module_getattr(__name__)
