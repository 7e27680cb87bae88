"""X Lists by niche and city: filing people, List-seeded discovery, and watching List conversations."""
