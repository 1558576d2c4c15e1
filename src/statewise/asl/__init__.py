"""Amazon States Language: paths, intrinsics, the definition model and the engine.

Modules here never import boto3/botocore at import time, so ``import statewise``
and a first run stay fast.
"""
