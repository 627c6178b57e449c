"""The language server for competency files: protocol wiring (`server`) over pure answers (`features`)."""
