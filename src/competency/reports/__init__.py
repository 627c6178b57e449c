"""Reports: results rendered for people and programs."""
