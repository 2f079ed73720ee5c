"""parplan: a task ledger over plain, version-controlled YAML plans."""

__version__ = "0.1.0"
