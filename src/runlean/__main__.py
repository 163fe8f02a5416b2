"""``python -m runlean`` runs the command-line interface."""

from runlean.cli import main

if __name__ == "__main__":
    main()
