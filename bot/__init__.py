"""Circlebot: grow a team's X network from the people it already trusts."""

__version__ = "0.1.0"
