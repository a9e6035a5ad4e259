"""Tests of ls_thematic.scripts.agreement, one file per module of the package."""
