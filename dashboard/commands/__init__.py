"""The command line's subcommands that live in a module of their own: each has ``add_parser(sub)`` and
``run(args, db, settings) -> int``, and ``dashboard.cli`` registers them."""
