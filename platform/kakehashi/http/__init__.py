"""Cross-cutting web machinery: middleware, CSRF, security headers, templating, forms."""
