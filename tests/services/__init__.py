"""Tests of backstride.services, a test module for each of its modules."""
