"""Reports: results and requirements rendered for people and programs."""
