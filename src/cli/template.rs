//! Go templates for `--format` (in progress).
