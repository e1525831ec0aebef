"""A progress bar for long imports on a terminal (and nothing when output is redirected)."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, *, label: str):
        self.stream = stream
        self.label = label
        self.last_drawn = 0.0

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last_drawn < 0.2 and fraction < 1:
            return
        self.last_drawn = now
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{stage.capitalize():9} {self.label} [{bar}] {fraction:4.0%}")
        self.stream.flush()

    def close(self) -> None:
        if self.last_drawn:
            self.stream.write("\n")
            self.stream.flush()
