# lmc's drop-in classes made Monty's defaults at run time, without editing Monty: every default argument and module
# name that means Monty's DefaultHypothesesUpdater or DefaultFeatureEvidenceCalculator is pointed at lmc's class.
# Its own file: the one place that decides what "injected as Monty's defaults" means.
"""inject(device, dtype) -> list of what was replaced. Call it after monty_env.install() and before Monty's test
modules are imported (they bind the names at import time)."""


def _replace_defaults(function, old, new):
    """Replaces `old` by `new` among `function`'s default argument values; returns how many it replaced."""
    replaced = 0
    if function.__defaults__:
        values = tuple(new if v is old else v for v in function.__defaults__)
        replaced += sum(v is old for v in function.__defaults__)
        function.__defaults__ = values
    if function.__kwdefaults__:
        for key, value in function.__kwdefaults__.items():
            if value is old:
                function.__kwdefaults__[key] = new
                replaced += 1
    return replaced


def inject(device="CPU", dtype="float64"):
    """Makes lmc.monty's LmcHypothesesUpdater (on `device`, in `dtype`) the default updater of Monty's
    EvidenceGraphLM and LmcFeatureEvidenceCalculator Monty's default feature evidence calculator everywhere it is
    named. Raises RuntimeError if a place expected to hold Monty's default does not (Monty changed: revisit)."""
    import lmc.monty
    from tbp.monty.frameworks.models.evidence_matching import burst_sampling, hypotheses_updater, learning_module
    from tbp.monty.frameworks.models.evidence_matching.feature_evidence import calculator, scorer

    updater = lmc.monty.LmcHypothesesUpdater.configured(device=device, dtype=dtype)
    features = lmc.monty.LmcFeatureEvidenceCalculator.configured(device=device, dtype=dtype)
    monty_updater = hypotheses_updater.DefaultHypothesesUpdater
    monty_features = calculator.DefaultFeatureEvidenceCalculator
    done = []

    def default(owner, function, old, new):
        if _replace_defaults(function, old, new) == 0:
            raise RuntimeError(f"{owner} has no default argument {old.__name__}: Monty changed, revisit the injection")
        done.append(f"{owner}: default {old.__name__} -> lmc.monty.{new.__name__}")

    default("EvidenceGraphLM.__init__", learning_module.EvidenceGraphLM.__init__, monty_updater, updater)
    for owner, cls in (("DefaultHypothesesUpdater.__init__", monty_updater),
                       ("BurstSamplingHypothesesUpdater.__init__", burst_sampling.BurstSamplingHypothesesUpdater),
                       ("DefaultFeatureEvidenceScorer.__init__", scorer.DefaultFeatureEvidenceScorer)):
        default(owner, cls.__init__, monty_features, features)
    # Monty's calculator test imports the default calculator by this name from its module.
    calculator.DefaultFeatureEvidenceCalculator = features
    done.append("calculator.DefaultFeatureEvidenceCalculator -> lmc.monty.LmcFeatureEvidenceCalculator")
    learning_module.DefaultHypothesesUpdater = updater
    done.append("learning_module.DefaultHypothesesUpdater -> lmc.monty.LmcHypothesesUpdater")
    return done
