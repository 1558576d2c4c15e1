"""Patterns: paginator and waiter specs compiled into Step Functions loops (ASL definitions).

``paginate_loop`` pages through an API with its paginator spec's token names
and maps an item processor over every item; ``wait_loop`` polls an API until a
waiter's acceptors say success or failure; ``s3_item_reader_map`` lists a
bucket with a Distributed Map instead. See docs/patterns.md.
"""

from statewise.patterns.paging import paginate_loop, s3_item_reader_map
from statewise.patterns.waiting import wait_loop

__all__ = ["paginate_loop", "s3_item_reader_map", "wait_loop"]
