import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from loadtools.load import LoadError, LoadPlan, data_fingerprint, generate_load, refresh_statistics


class Command(BaseCommand):
    help = (
        "Write a synthetic province for measuring the app at scale: notices over several years, their tasks "
        "(--directives counts tasks; headings come on top), lead agencies' parts, supporting agencies, "
        "progress histories and escalations, in bulk and in one transaction. The same --seed and --as-of "
        "write the same data. Meant for an empty, migrated database; on PostgreSQL the planner's "
        "statistics are refreshed afterwards (VACUUM ANALYZE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--notices", type=int, default=500, help="How many notices (default 500).")
        parser.add_argument(
            "--directives", type=int, default=10_000, help="How many tasks, headings not counted (10000)."
        )
        parser.add_argument("--agencies", type=int, default=200, help="How many agencies (default 200).")
        parser.add_argument("--users", type=int, default=300, help="How many users (default 300).")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        parser.add_argument(
            "--as-of", default=None, help="The day the data stands on, YYYY-MM-DD (default: today)."
        )
        parser.add_argument("--years", type=int, default=4, help="Years of notices before it (default 4).")
        parser.add_argument(
            "--fingerprint", action="store_true", help="Also print the fingerprint of the data stored."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="How to print the result."
        )

    def handle(self, *args, **options):
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(f"--as-of takes a date as YYYY-MM-DD, not {options['as_of']!r}.") from None
        plan = LoadPlan(
            notices=options["notices"],
            tasks=options["directives"],
            agencies=options["agencies"],
            users=options["users"],
            seed=options["seed"],
            as_of=as_of,
            years=options["years"],
        )
        quiet = options["format"] == "json" or options["verbosity"] < 1
        try:
            report = generate_load(plan, progress=None if quiet else self.stderr.write)
        except LoadError as error:
            raise CommandError(str(error)) from error
        vacuum_seconds = refresh_statistics()
        result = {
            "as_of": report.as_of.isoformat(),
            "seed": plan.seed,
            "seconds": round(report.seconds, 1),
            "vacuum_analyze_seconds": round(vacuum_seconds, 1),
            "counts": report.counts,
        }
        if options["fingerprint"]:
            result["fingerprint"] = data_fingerprint()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in report.counts.items())
        self.stdout.write(f"Wrote {counts} in {report.seconds:.1f} s (as of {result['as_of']}).")
        if vacuum_seconds:
            self.stdout.write(f"Refreshed the planner's statistics in {vacuum_seconds:.1f} s.")
        if "fingerprint" in result:
            self.stdout.write(f"Fingerprint: {result['fingerprint']}")
