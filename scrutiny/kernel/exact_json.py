"""JSON for backups and archives that keeps every time to the microsecond.

Django's ``DjangoJSONEncoder`` cuts times to the millisecond, as JavaScript's dates
would. History rows written within one millisecond would then tie after a restore and
could come back in another order, so the backups and meeting archives keep times whole.
Registered as the ``exactjson`` format (settings ``SERIALIZATION_MODULES``) for
``dumpdata``; reading back needs nothing special, so loading uses Django's own JSON.
"""

import datetime

from django.core.serializers import json as django_json


class ExactJSONEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
