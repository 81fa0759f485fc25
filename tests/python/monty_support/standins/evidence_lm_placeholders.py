# Placeholders for Monty's evidence_matching.graph_memory and evidence_matching.learning_module, registered under
# those names only when the real modules cannot be imported (see README.md): the burst updater takes from them only
# a type name for annotations and the exception it raises for a threshold config other than "all".


class EvidenceGraphMemory:
    """Only a name in the updater's annotations; the baseline passes its own graph memory object."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("placeholder for Monty's EvidenceGraphMemory: not constructible here")


class InvalidEvidenceThresholdConfig(ValueError):
    """Raised by the updater when evidence_threshold_config is not "all"."""
