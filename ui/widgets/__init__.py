"""Reusable touch widgets: big buttons, titles, messages (common), numeric keypad (keypad)."""
