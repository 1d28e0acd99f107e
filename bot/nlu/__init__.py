"""Rasa graph components: procedure mention tagging and the red-flag detector."""
