"""Tests of backstride.web, a test module for each of its modules."""
