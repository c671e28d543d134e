"""The ACL of a suite's private Redis: deploy/redis/users.acl rendered by
deploy/redis/render-acl.sh, as for a deployment, so the servers log in as `devplan` and may run
only the commands the code sends. Its `default` user stays open (--open-default-user): the
tests' own look at Redis (Suite.redis, redis-cli -s) needs no password on the suite's private
socket."""
import os
import secrets
import subprocess

from .stubs import ROOT

USER = "devplan"


def write_password(path):
    """A fresh password in `path` unless there is one (it must not change while servers run)."""
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(16) + "\n")


def render(directory, password_file, replicator_password_file=None):
    """Writes the devplan password (and the replicator's, when a file is named: a cluster's
    replicas log in with it) and the ACL into `directory`; returns the ACL file's path."""
    write_password(password_file)
    extra = []
    if replicator_password_file:
        write_password(replicator_password_file)
        extra = ["--replicator-password-file", replicator_password_file]
    acl = os.path.join(directory, "users.acl")
    with open(acl, "wb") as out:
        subprocess.run(["/bin/sh", os.path.join(ROOT, "deploy", "redis", "render-acl.sh"),
                        "--devplan-password-file", password_file, "--open-default-user"] + extra,
                       stdout=out, check=True)
    return acl
