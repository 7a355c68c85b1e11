"""``senddash`` subcommands that live in a module of their own: each has ``add_parser(sub)`` and ``run(args, db,
settings) -> exit code``, registered in :mod:`dashboard.cli`."""
