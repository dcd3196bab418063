"""Grade a class: run each submitted notebook, read what its checks found, and tell the
instructor which mistakes the class holds. `python -m lessonkit grade --help`."""
