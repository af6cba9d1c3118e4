"""Load, validate, resolve: content files to checked records."""
