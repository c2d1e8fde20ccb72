"""The filesystem broker of `make run`: a worker never sees a message before it is written whole."""

import os

from kombu import Connection
from kombu.transport import filesystem

from tasktracker import broker
from tasktracker.celery import app


def test_a_message_enters_the_queue_only_once_it_is_written_whole(tmp_path, monkeypatch):
    folder = str(tmp_path)
    options = {"data_folder_in": folder, "data_folder_out": folder, "store_processed": False}
    seen_while_writing = []
    replace = os.replace

    def renaming(staged, path):
        # What a worker listing the queue finds just before the message is renamed in.
        seen_while_writing.append(os.listdir(folder))
        with open(staged, "rb") as message:
            assert message.read().endswith(b"}")
        replace(staged, path)

    monkeypatch.setattr(broker.os, "replace", renaming)
    with Connection("filesystem://", transport=broker.Transport, transport_options=options) as connection:
        channel = connection.default_channel
        channel._put("tasks", {"body": "Nhắc hạn nhiệm vụ 6.3"})
        [listed] = seen_while_writing
        assert [name.partition(".")[2] for name in listed] == ["tasks.msg.part"]
        assert channel._get("tasks") == {"body": "Nhắc hạn nhiệm vụ 6.3"}
        assert os.listdir(folder) == []


def test_the_app_uses_it_for_a_filesystem_broker_only(settings):
    connection = app.connection_for_write()
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        assert isinstance(connection.transport, broker.Transport)
    else:
        assert not isinstance(connection.transport, filesystem.Transport)
