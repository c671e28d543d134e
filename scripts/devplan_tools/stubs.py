"""Imports the Python stubs generated from protos/ (build/python, made by the CMake build).

Use Debian's /usr/bin/python3: it sees python3-grpcio and python3-protobuf."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_DIR = os.environ.get("DEVPLAN_BUILD_DIR", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(BUILD_DIR, "python"))

import grpc  # noqa: E402
from devplan.v1 import access_pb2, common_pb2, investment_pb2, investment_pb2_grpc  # noqa: E402,F401
from devplan.v1 import environment_pb2, environment_pb2_grpc  # noqa: E402,F401
from devplan.v1 import social_pb2, social_pb2_grpc  # noqa: E402,F401
from devplan.v1 import scorecard_pb2, scorecard_pb2_grpc  # noqa: E402,F401
import health_pb2  # noqa: E402,F401
import health_pb2_grpc  # noqa: E402,F401


def date(d):
    """datetime.date -> devplan.v1.Date"""
    return common_pb2.Date(year=d.year, month=d.month, day=d.day)
