# Stand-in for omegaconf (see README.md): importable; anything taken from it raises when called, except
# OmegaConf.register_new_resolver, which Monty's tests/__init__.py calls at import time for configs no test here
# resolves: the resolvers are only recorded.
from _standin import module_getattr, unavailable

__getattr__ = module_getattr(__name__)


class OmegaConf(unavailable("omegaconf.OmegaConf")):
    """Only register_new_resolver works (it records); constructing it or using any other attribute raises."""

    resolvers = {}

    @classmethod
    def register_new_resolver(cls, name, resolver, **kwargs):
        if name in cls.resolvers:
            raise ValueError(f"resolver '{name}' is already registered")  # as omegaconf does
        cls.resolvers[name] = resolver

