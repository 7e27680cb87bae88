"""Relationships, not numbers: remember everyone a team was suggested and see what came of it.

- ``tracking``: read what is new on the team's X account (own posts, mentions, following, followers) and store
  what happened with each suggested person as events;
- ``stages``: the funnel (suggested → approved → followed → talked → answered → relationship), derived from the
  events, never set by hand;
- ``people``: a person's story and the /people views; ``report`` and ``chart``: the weekly report;
- ``weekly``: posting it exactly once per week, and the jobs; ``yields``: seeds learning from outcomes;
- ``export``: CSV files of the team's own rows.
"""
