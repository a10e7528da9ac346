"""Run parameterised notebooks: many notebooks in one long-lived kernel, or the naive papermill way.

Parameters are passed as values: each becomes ``name = <Python literal>`` in a cell tagged
``injected-parameters`` placed right after the notebook's ``parameters`` cell (the papermill
convention), and every literal is checked to read back as the exact value given.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import math
from collections.abc import Mapping
from pathlib import Path

import nbformat

from ..errors import InputError

__all__ = [
    "KERNEL_NAME",
    "KernelSession",
    "declared_parameters",
    "inject_parameters",
    "kernel_env",
    "run_naive",
]

#: Kernel every report runs in (registered by ``python -m ipykernel install --sys-prefix --name python3``).
KERNEL_NAME = "python3"

_LITERAL_TYPES = (str, int, float, bool, type(None))

# Run before each notebook in a shared kernel: forget the previous notebook's variables and figures
# (imported modules stay loaded, which is where the time goes) and work from the notebook's folder.
_PREPARE = "import cchc_analysis.report.kernel\ncchc_analysis.report.kernel.prepare({cwd!r}, {memoize!r})\n"


def kernel_env() -> dict[str, str]:
    """The environment for report kernels: this one, with the folder this package is imported from first
    on ``PYTHONPATH``.

    The notebooks then import the same ``cchc_analysis`` as the runner, whatever folder they run in
    (a source checkout, or a stale editable install, would otherwise resolve differently).
    """
    import os

    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]
    env["PYTHONPATH"] = os.pathsep.join([root, *parts])
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def _parameters_cell(nb: nbformat.NotebookNode) -> int | None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def declared_parameters(nb: nbformat.NotebookNode) -> dict[str, object]:
    """The names assigned in the notebook's ``parameters`` cell, with their literal defaults.

    A default that is not a plain literal (an expression) is given as its source text.
    """
    i = _parameters_cell(nb)
    if i is None:
        return {}
    found: dict[str, object] = {}
    for node in ast.parse(nb.cells[i].source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        value = getattr(node, "value", None)
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                try:
                    found[target.id] = ast.literal_eval(value)
                except ValueError:
                    found[target.id] = ast.unparse(value)
    return found


def _literal(name: str, value: object) -> str:
    def ok(v: object) -> bool:
        if isinstance(v, float) and not math.isfinite(v):
            return False
        if isinstance(v, list | tuple):
            return all(ok(x) for x in v)
        if isinstance(v, dict):
            return all(isinstance(k, str) and ok(x) for k, x in v.items())
        return isinstance(v, _LITERAL_TYPES)

    if not ok(value):
        raise InputError(
            f"Parameter {name!r} = {value!r} cannot be passed to a notebook.",
            hint="Use text, a whole or finite decimal number, True/False, None, or a list or dict of them.",
        )
    text = repr(value)
    if ast.literal_eval(text) != value:  # pragma: no cover - repr of these types always round-trips
        raise InputError(f"Parameter {name!r} does not survive being written as a literal.")
    return text


def inject_parameters(
    nb: nbformat.NotebookNode, parameters: Mapping[str, object], *, strict: bool = True
) -> nbformat.NotebookNode:
    """A copy of ``nb`` with ``parameters`` set in a new cell after its ``parameters`` cell.

    Args:
        nb: the notebook (not modified).
        parameters: name → value; text, numbers, booleans, ``None`` and lists/dicts of them.
        strict: refuse names the ``parameters`` cell does not declare (a misspelt name would
            otherwise be ignored silently and the report would show the default unit).

    Raises:
        InputError: no ``parameters`` cell, an undeclared name, a name that is not an identifier,
            or a value that is not a plain literal.
    """
    i = _parameters_cell(nb)
    if i is None:
        raise InputError(
            "The notebook has no cell tagged 'parameters'.",
            hint="In JupyterLab open the property inspector of the first code cell and add the tag "
            "parameters.",
        )
    declared = declared_parameters(nb)
    lines = ["# Parameters"]
    for name, value in parameters.items():
        if not name.isidentifier():
            raise InputError(f"{name!r} is not a valid parameter name.")
        if strict and name not in declared:
            raise InputError(
                f"The notebook does not declare the parameter {name!r}.",
                hint=f"Its parameters cell declares: {', '.join(declared) or 'nothing'}.",
            )
        lines.append(f"{name} = {_literal(name, value)}")
    out = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell("\n".join(lines) + "\n")
    cell.metadata["tags"] = ["injected-parameters"]
    out.cells.insert(i + 1, cell)
    out.cells = [c for j, c in enumerate(out.cells) if j == i + 1 or "injected-parameters" not in _tags(c)]
    return out


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


class KernelSession:
    """One Jupyter kernel that executes many parameterised notebooks, one after another.

    Starting a kernel and importing pandas, matplotlib and the package costs seconds; a report costs
    far less once they are loaded. The session pays the start-up once: before each notebook it clears
    the user namespace (as ``%reset -f`` does), closes figures and changes to the notebook's folder, so each
    notebook still runs top to bottom on a clean slate of variables.

    Args:
        kernel_name: the Jupyter kernel to start.
        timeout: seconds one cell may run before the run fails.
        memoize: reuse the results of the package's data functions (load, aggregate, compare…) from
            one notebook to the next (see :mod:`cchc_analysis.report.memo`).

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, kernel_name: str = KERNEL_NAME, timeout: int = 600, *, memoize: bool = True) -> None:
        self.kernel_name = kernel_name
        self.timeout = timeout
        self.memoize = memoize
        self._client = None
        self.runs = 0

    def _client_for(self, nb: nbformat.NotebookNode, cwd: Path):
        from jupyter_client.manager import AsyncKernelManager
        from nbclient import NotebookClient

        if self._client is None:
            km = AsyncKernelManager(kernel_name=self.kernel_name)
            self._client = NotebookClient(
                nb,
                km=km,
                kernel_name=self.kernel_name,
                timeout=self.timeout,
                allow_errors=False,
                record_timing=False,
                shutdown_kernel="graceful",
                extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
            )
            self._cwd = str(cwd)
        self._client.nb = nb
        return self._client

    def run(
        self, nb: nbformat.NotebookNode, parameters: Mapping[str, object], *, cwd: str | Path
    ) -> nbformat.NotebookNode:
        """Execute ``nb`` with ``parameters`` in this session's kernel and return the executed copy.

        Args:
            nb: the notebook (not modified).
            parameters: values for the notebook's ``parameters`` cell (see :func:`inject_parameters`).
            cwd: folder the notebook runs in (relative paths in it start there).

        Raises:
            nbclient.exceptions.CellExecutionError: a cell raised; the kernel stays usable.
            nbclient.exceptions.DeadKernelError: the kernel died; the session starts a new one next time.
        """
        from nbclient.exceptions import DeadKernelError

        cwd = Path(cwd).resolve()
        work = inject_parameters(nb, parameters)
        reset = nbformat.v4.new_code_cell(_PREPARE.format(cwd=str(cwd), memoize=self.memoize))
        work.cells.insert(0, reset)
        client = self._client_for(work, cwd)
        client.reset_execution_trackers()
        try:
            client.execute(cwd=str(cwd), env=kernel_env())
        except DeadKernelError:
            self.close()
            raise
        finally:
            self.runs += 1
        work.cells.pop(0)
        return work

    def close(self) -> None:
        """Shut the kernel down (safe to call twice)."""
        client, self._client = self._client, None
        if client is not None and client.km is not None:
            with contextlib.suppress(Exception):  # the kernel may already be gone
                client._cleanup_kernel()

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_naive(
    notebook: str | Path,
    parameters: Mapping[str, object],
    output_ipynb: str | Path,
    *,
    kernel_name: str = KERNEL_NAME,
    cwd: str | Path | None = None,
) -> nbformat.NotebookNode:
    """Execute a notebook the usual way, with papermill (new kernel each call), for comparison.

    Args:
        notebook: the input notebook.
        parameters: values for the notebook's ``parameters`` cell.
        output_ipynb: where papermill writes the executed notebook.
        kernel_name: the Jupyter kernel.
        cwd: folder to run in (default: the notebook's folder).

    Returns:
        The executed notebook.
    """
    import os

    import papermill

    notebook = Path(notebook)
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = kernel_env()["PYTHONPATH"]
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output_ipynb),
            parameters=dict(parameters),
            kernel_name=kernel_name,
            cwd=str(cwd or notebook.parent),
            progress_bar=False,
        )
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved
