"""Ask colleagues elsewhere: short questions and experiences on concept and set pages."""
