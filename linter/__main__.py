"""`python -m perflint`: the same as the `perflint` console script."""
from perflint.cli import main

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="perflint")
