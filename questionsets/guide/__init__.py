"""The guide ("Handleiding"): how the product works, for municipal researchers."""
