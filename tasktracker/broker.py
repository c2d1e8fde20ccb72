"""kombu's filesystem transport (the broker of `make run`), with messages that enter the queue whole.

kombu creates a message's file in the queue folder and then writes it: a worker that lists the folder
in between takes an empty message, fails to decode it and stops. Here a message is written under a
name the worker passes over, then renamed into the queue in one step.
"""

import os
import uuid
from time import monotonic

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        # Read as "<queue>.msg.part" after the first dot, which is no queue's name.
        staged = path + ".part"
        try:
            with open(staged, "wb") as message:
                message.write(str_to_bytes(dumps(payload)))
            os.replace(staged, path)
        except OSError as error:
            raise filesystem.ChannelError(f"Cannot add file {path!r} to directory") from error


class Transport(filesystem.Transport):
    Channel = Channel
