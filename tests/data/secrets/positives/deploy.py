import boto3

def client():
    return boto3.client(
        "s3",
        region_name="us-west-2",
        aws_access_key_id="ASIAXSXAQVSRMX5G7EN5",
        aws_secret_access_key="4BUTcALPhjlQiyhAAI5P9fOZd60dCj0RyiSOSX9y",
    )
