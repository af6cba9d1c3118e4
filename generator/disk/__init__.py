"""Writing to disk: the generated tree, the site folder, the re-run stamp, new content files."""
