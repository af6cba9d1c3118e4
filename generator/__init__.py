"""Generator for a cross-linked archive of news articles, actors and topics.

The stages run in one direction, load -> validate -> resolve -> link -> render -> emit,
and only a build (`generator.build`) runs them. Only `generator.mkdocs` imports MkDocs.
"""
