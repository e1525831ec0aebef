"""Signals one app sends and others listen to, so that the sender need not know them.

``records_arrived``: new records were written, by an import (``dataset`` is its name) or one
at a time (a survey answered online, by phone, on paper or by SMS: ``dataset`` is
``"survey_responses"``). Sent after the transaction that wrote them has committed. The
residents' voice app listens, to code the new comments in the background.
"""

from django.dispatch import Signal

records_arrived = Signal()  # keyword arguments: dataset (str)
