"""Amazon States Language: paths, intrinsics, the definition model and the engine.

Modules here never import boto3/botocore at import time (their errors come
from :mod:`statewise.base_errors`), so ``import statewise``, a first
validation and a first run stay fast; ``tests/test_package.py`` pins it.
"""
