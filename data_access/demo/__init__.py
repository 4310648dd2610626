"""The synthetic Jiangxi demonstration data.

The build's stage names live here, not in ``build``, so that the first-start screen can
name them without importing the (heavy) builder before it runs.
"""

# The stages build_demo reports, in order (its ``progress`` callback gets one of these and
# the fraction done); the first-start screen names them in the reader's language.
BUILD_STAGES: tuple[str, ...] = (
    "regions",
    "projects",
    "calibration",
    "details",
    "writing",
    "indexes",
    "rollups",
    "done",
)
