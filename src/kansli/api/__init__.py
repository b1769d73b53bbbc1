"""The internal REST API for integrations: token authentication per integration with
scopes, versioned URLs, JSON, an OpenAPI description; every change goes through the
same actions as the web interface."""
