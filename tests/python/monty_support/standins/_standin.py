# What every stand-in module of this folder is made of: a module-level __getattr__ that hands out placeholders which
# raise as soon as they are called. Monty imports these third-party modules at module level on paths its evidence LM
# and updaters never run, so importing must work and using anything must fail loudly.


def unavailable(qualname):
    """A class standing for `qualname`: it can be named, subclassed or used in annotations; calling it raises."""

    def refuse(cls, *args, **kwargs):
        raise RuntimeError(f"{qualname} is a stand-in (the real package is not installed here); the code that "
                           "called it is not on the path lmc's Monty tests and baselines run")

    return type(qualname.rsplit(".", 1)[-1], (), {"__new__": refuse, "__module__": qualname.rsplit(".", 1)[0]})


def module_getattr(module_name):
    """The module-level __getattr__ of a stand-in module: any public name is an `unavailable` placeholder."""

    def __getattr__(name):
        if name.startswith("__"):  # import machinery probes (__path__, __spec__ ...) must see a plain module
            raise AttributeError(name)
        return unavailable(f"{module_name}.{name}")

    return __getattr__
