"""Progress output for long management commands."""

from django.core.management.base import OutputWrapper

BAR_WIDTH = 20


class ProgressBar:
    """Draw `Label [#####-----]  45% 450/1,000` in place on a TTY, else every ~10%."""

    def __init__(self, stdout: OutputWrapper, *, enabled: bool) -> None:
        self.stdout = stdout
        self.enabled = enabled
        self.tty = stdout.isatty()
        self.last_tenth: dict[str, int] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        fraction = min(done / total, 1.0)
        filled = round(fraction * BAR_WIDTH)
        line = (
            f"{label:<13} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] "
            f"{fraction:4.0%} {done:,}/{total:,}"
        )
        if self.tty:
            self.stdout.write(f"\r{line}", ending="\n" if done >= total else "")
            self.stdout.flush()
            return
        # A log file gets a line per tenth, not one per batch.
        tenth = int(fraction * 10)
        if tenth > self.last_tenth.get(label, -1):
            self.last_tenth[label] = tenth
            self.stdout.write(line)
