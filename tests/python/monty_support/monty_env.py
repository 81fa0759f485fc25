# Where Monty comes from in lmc's tests: the pinned source snapshot (../shared/monty_src/67b6a35a9, or $LMC_MONTY_SRC)
# put on sys.path, with the stand-ins of standins/ behind it for third-party modules Debian 12 lacks.
"""Import Monty from its snapshot: `root = monty_env.install()` then `import tbp.monty...`.

Monty's source and its unit tests are imported from the snapshot, never copied into lmc. The stand-ins are appended to
the END of sys.path, so a module that is really installed always wins; each stand-in raises as soon as anything of it
is used that Monty's evidence path does not need (standins/README.md).
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANDINS = HERE / "standins"
DEFAULT_SNAPSHOT = HERE.parents[3] / "shared" / "monty_src" / "67b6a35a9"


def snapshot_root():
    """The snapshot folder (holding src/tbp/monty and tests/unit), or None when it is absent."""
    root = Path(os.environ.get("LMC_MONTY_SRC", DEFAULT_SNAPSHOT))
    if (root / "src").is_dir() and not (root / "tbp").is_dir():
        pass  # the snapshot's top folder, as documented
    elif (root / "tbp" / "monty").is_dir():
        root = root.parent  # $LMC_MONTY_SRC may name its src/ folder, as bench/peer does
    return root if (root / "src" / "tbp" / "monty").is_dir() else None


def _add_missing_typing_extensions_names():
    """Debian 12's typing_extensions (4.4) predates TypeIs, which Monty's actions module names in annotations only;
    TypeGuard is the same kind of special form, so annotations built from it evaluate alike."""
    try:
        import typing_extensions
    except ImportError:
        return  # the stand-in (standins/typing_extensions) forwards to typing
    if not hasattr(typing_extensions, "TypeIs"):
        typing_extensions.TypeIs = typing_extensions.TypeGuard


def install(root=None):
    """Puts Monty's src/ and its test root (for `tests.unit...`) first on sys.path and the stand-ins last; returns
    the snapshot root. Raises FileNotFoundError naming the folder when the snapshot is absent."""
    root = Path(root) if root is not None else snapshot_root()
    if root is None or not (root / "src" / "tbp" / "monty").is_dir():
        raise FileNotFoundError(f"no Monty snapshot at {root or DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)")
    for path in (str(root), str(root / "src")):
        if path not in sys.path:
            sys.path.insert(0, path)
    if str(STANDINS) not in sys.path:
        sys.path.append(str(STANDINS))
    _add_missing_typing_extensions_names()
    return root
