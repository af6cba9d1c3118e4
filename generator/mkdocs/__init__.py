"""The only code that knows MkDocs: the archive plugin and what it does to built pages."""
