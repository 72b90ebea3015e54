"""The web client; until the React app lands, a small page that points to the API."""
