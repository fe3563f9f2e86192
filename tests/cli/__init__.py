"""Tests of backstride.cli, a test module for each of its modules."""
