from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Holds the benchmark and sample-data commands (bench_pages, bench_documents,
    bench_load, seed_bench); it has no models."""

    name = "scrutiny.devtools"
    label = "devtools"
    verbose_name = "Development tooling"
