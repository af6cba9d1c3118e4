"""What a change of content does to the site: the pages it adds, changes and removes.

`snapshot` makes the site of one content tree in memory and keeps, for every published
address, what a reader finds there (group, kind, title) and a digest of its bytes;
`compare` sets two snapshots side by side; `report` writes the result as text, Markdown
(a pull request's job summary) or JSON; `trees` runs the generator on a content folder
or a git revision. `python -m generator changes` ties them together.
"""
