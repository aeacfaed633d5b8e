"""The public web pages: pure renderers of the data as HTML (timeline pictures, lists, feeds)."""
