"""The REST API and the offline map + timeline page: ``dateline.api.app.create_app(db)``."""
