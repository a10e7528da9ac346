"""``python -m cchc_analysis.report`` — the same as ``cchc report``."""

import sys

from .cli import cli_report

sys.exit(cli_report())
