import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from loadtools.benchmark import MEASUREMENTS, BenchmarkError, run_benchmark


class Command(BaseCommand):
    help = (
        "Measure the app on the current database: median and 95th percentile time and SQL query count of "
        "the dashboard, the task list (a filter and a text search), My tasks of the busiest agency, the "
        "task with the longest history, the API task list, the notice list, the reminder and escalation "
        "sweep and the weekly digest. Pages go through Django's whole request path as a signed-in user; "
        "each page's SQL statements are replayed on their own for its SQL time. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=20, help="Timed requests of each page, after a warm-up (20)."
        )
        parser.add_argument(
            "--job-repeat", type=int, default=None, help="Timed runs of the sweep and digest (default 5)."
        )
        parser.add_argument(
            "--as-of", default=None, help="The day the sweep and digest run as of, YYYY-MM-DD (today)."
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=MEASUREMENTS,
            default=list(MEASUREMENTS),
            help="Measure only these.",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat takes a whole number from 1.")
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(f"--as-of takes a date as YYYY-MM-DD, not {options['as_of']!r}.") from None
        job_repeat = options["job_repeat"] or min(options["repeat"], 5)
        as_json = options["format"] == "json"
        try:
            report = run_benchmark(
                repeat=options["repeat"],
                job_repeat=job_repeat,
                as_of=as_of,
                only=tuple(options["only"]),
                progress=None if as_json or options["verbosity"] < 2 else self.stderr.write,
            )
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        dataset = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in report["dataset"].items())
        self.stdout.write(f"Dataset: {dataset}")
        self.stdout.write(
            f"{'measurement':<18}{'p50 ms':>10}{'p95 ms':>10}{'queries':>9}  runs"
            f"{'SQL ms':>10}{'Python ms':>11}{'p50/SQL':>9}{'CPU ms':>9}"
        )
        for name, result in report["results"].items():
            line = (
                f"{name:<18}{result['p50_ms']:>10.1f}{result['p95_ms']:>10.1f}{result['queries']:>9}"
                f"  {result['runs']:>4}"
            )
            if "sql_p50_ms" in result:
                ratio = f"{result['ratio']:.2f}" if result["ratio"] is not None else "-"
                line += f"{result['sql_p50_ms']:>10.1f}{result['python_ms']:>11.1f}{ratio:>9}"
                line += f"{result['cpu_p50_ms']:>9.1f}"
            self.stdout.write(line)
        if "recounted_p50_ms" in report["results"].get("dashboard", {}):
            result = report["results"]["dashboard"]
            self.stdout.write(
                "dashboard right after a change (every part counted again): "
                f"p50 {result['recounted_p50_ms']} ms, p95 {result['recounted_p95_ms']} ms, "
                f"{result['recounted_queries']} queries, SQL {result['recounted_sql_p50_ms']} ms."
            )
        for name in ("sweep", "digest"):
            if name in report["results"]:
                result = report["results"][name]
                self.stdout.write(
                    f"{name}: {result['notifications']} notification(s) would be written; peak Python memory "
                    f"{result['peak_python_mb']} MB, process peak RSS {result['max_rss_mb']} MB."
                )
        self.stdout.write(f"Nothing was written ({report['run']['writes']}).")
