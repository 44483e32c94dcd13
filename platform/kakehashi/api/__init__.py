"""The JSON API: public reads, workflow writes and the OpenAPI document."""
