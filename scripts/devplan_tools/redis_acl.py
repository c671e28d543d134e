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


def render(directory, password_file):
    """Writes the devplan password (once: it must not change while servers run) and the ACL
    into `directory`; returns the ACL file's path."""
    if not os.path.exists(password_file):
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(16) + "\n")
    acl = os.path.join(directory, "users.acl")
    with open(acl, "wb") as out:
        subprocess.run(["/bin/sh", os.path.join(ROOT, "deploy", "redis", "render-acl.sh"),
                        "--devplan-password-file", password_file, "--open-default-user"],
                       stdout=out, check=True)
    return acl
