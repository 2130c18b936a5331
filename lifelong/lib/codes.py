"""Codes that people read off paper or a screen and type."""

# Digits and capitals without look-alikes (no 0/O, 1/I/L): 31 characters.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
