"""`python -m lawscore` runs the command line."""
from .cli import main

main()
