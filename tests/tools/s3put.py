#!/usr/bin/env python3
"""s3put.py: upload a tree to a bucket of a local S3 server (boto3).

    s3put.py ENDPOINT BUCKET DIR [PREFIX]

Creates BUCKET if needed and uploads every file under DIR as
PREFIX + its path relative to DIR.
"""
import os
import sys

import boto3

ep, bucket, root = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = sys.argv[4] if len(sys.argv) > 4 else ""
s3 = boto3.client("s3", endpoint_url=ep, aws_access_key_id="test",
                  aws_secret_access_key="test", region_name="us-east-1")
if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket=bucket)
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        s3.upload_file(p, bucket, prefix + os.path.relpath(p, root))
