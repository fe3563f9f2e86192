"""Tests of backstride.web.charts."""
