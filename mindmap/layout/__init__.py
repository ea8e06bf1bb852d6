"""Layout: boxes sized from their text and placed for the medium, edges routed."""
