"""From syntax trees to the plan the engine runs: compile, the plan's types, and loading a library."""
