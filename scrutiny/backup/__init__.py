"""The whole site in one file, and the bounded zip reading that restores and imports share."""
