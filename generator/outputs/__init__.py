"""Files other than pages: feeds, open data, structured data, charts, addresses."""
