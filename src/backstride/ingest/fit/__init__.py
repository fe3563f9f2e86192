"""FIT activity files: our fast decoder (`decoder`, with its field plans in `fields`, its
record columns in `records` and the file CRC in `crc`), Garmin's SDK as the reference it is
held to (`sdk`), and `common`, which turns either's messages into activities.

`parse(data, source_file)` is the fast decoder's.
"""

from backstride.ingest.fit.decoder import parse

__all__ = ["parse"]
