"""The plain HTTP routes (dashboard/web): API, OpenAPI, embeds, downloads, feed, HTTP
caching, first start and outages.
"""
