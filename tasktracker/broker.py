"""The brokers' transports: kombu's, mended where they lose or stall work.

kombu's filesystem transport (the broker of `make run`), with messages that enter the queue whole:
kombu creates a message's file in the queue folder and then writes it: a worker that lists the folder
in between takes an empty message, fails to decode it and stops. Here a message is written under a
name the worker passes over, then renamed into the queue in one step.
"""

import os
import uuid
from time import monotonic

import redis.exceptions
from kombu.transport import filesystem
from kombu.transport import redis as kombu_redis
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


class RedisChannel(kombu_redis.Channel):
    """kombu's Redis channel, which a worker may close again after it lost the broker.

    On losing the broker, Celery 5.7's consumer first `collect()`s its connection, which detaches the
    transport (`transport.client = None`), then closes the connection. Closing the channel once more
    restores its unacknowledged (late-acked) messages through a new client, whose parameters come from the
    detached transport: `AttributeError('NoneType' object has no attribute 'hostname')`. That is no
    connection error, so the worker logged "Unrecoverable error" and exited instead of reconnecting.
    Here a detached channel raises a connection error instead, which the consumer ignores on close as it
    should, and reconnects. The messages it held stay in Redis's unacked set and are delivered again after
    the visibility timeout; every task of the app is safe to run twice.
    """

    def _connparams(self, asynchronous=False):
        if self.connection is None or self.connection.client is None:
            raise redis.exceptions.ConnectionError("The connection to the broker was closed.")
        return super()._connparams(asynchronous=asynchronous)


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel
