"""The state's own record: official open-data files read, kept for the Comune, linked to the cards."""
