"""Generator for a cross-linked archive of news articles, actors and topics.

The pipeline runs in one direction: load -> validate -> resolve -> link -> render -> emit.
Only `generator.mkdocs.plugin` imports MkDocs.
"""
