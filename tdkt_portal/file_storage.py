"""Where uploaded and produced files live: one place every web node and worker shares.

Every file the portal keeps (evidence, dossier papers, staged workbooks, the admin's import
uploads, stored and signed PDFs, job results, certificate scans, score evidence) is written and
read through Django's default storage, never through a path on this machine's disk. With no
S3_BUCKET set that storage is the local MEDIA_ROOT (one machine, or a shared mount); with it, an
S3-compatible object store (MinIO, Ceph, a cloud provider's), so several web nodes and workers
see the same files.
"""

from collections.abc import Mapping

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def default_storage(env: Mapping[str, str]) -> dict:
    """The STORAGES["default"] entry for this environment (os.environ or a test's dict)."""
    bucket = env.get("S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    options = {
        "bucket_name": bucket,
        "location": env.get("S3_PREFIX", "").strip("/"),
        # A new file never replaces an older one of the same name: a signed PDF is kept for good,
        # and two uploads named "bao-cao.pdf" are two files, as on a disk.
        "file_overwrite": False,
        # Downloads go through the portal's views, which check who may see a file; nothing is public.
        "default_acl": None,
        "querystring_auth": True,
    }
    for option, variable in (
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
        ("access_key", "S3_ACCESS_KEY_ID"),
        ("secret_key", "S3_SECRET_ACCESS_KEY"),
        ("addressing_style", "S3_ADDRESSING_STYLE"),
    ):
        if env.get(variable):
            options[option] = env[variable]
    return {"BACKEND": S3, "OPTIONS": options}
