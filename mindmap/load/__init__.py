"""Load: theme files (YAML or JSON) read into the model, every problem located as ``file:line:col``."""
