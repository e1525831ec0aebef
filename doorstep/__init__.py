"""Doorstep: numbers and neighbours in one place, for social landlords in England."""
