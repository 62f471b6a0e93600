"""The shared kernel: what both apps build on (roles, the editing and form bases, the page
cache and the after-commit hook, markup, history, soft deletion). It imports neither app."""
