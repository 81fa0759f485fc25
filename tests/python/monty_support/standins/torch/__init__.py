# Stand-in for torch (only spatial_arithmetics' unused get_angle_torch needs it) (see README.md): importable; anything taken from it raises when called.
from _standin import module_getattr

__getattr__ = module_getattr(__name__)
