#!/usr/bin/env python3
"""Builds and edits the demo's AWS estate in a local moto server, the way users' accounts look.

    demo-estate.py seed ENDPOINT      create the estate, print its ids as JSON
    demo-estate.py tamper ENDPOINT    change a policy by hand, as a colleague in the console would
    demo-estate.py show ENDPOINT      print the live bucket policy

Two accounts are reached through STS AssumeRole, exactly as share reaches them. Only the
loopback endpoint given on the command line is ever contacted.
"""
import json
import sys

import boto3

DATA = "222222222222"
ML = "111111111111"
REGION = "us-east-1"
BUCKET = "demo-datalake"


def session(endpoint, account):
    base = boto3.client(
        "sts",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    creds = base.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/share-admin", RoleSessionName="demo-setup"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=REGION,
    )


def seed(endpoint):
    data = session(endpoint, DATA)
    s3 = data.client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket=BUCKET)
    # Another team already shares this bucket with its analytics account: share must keep it.
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AnalyticsTeamRead",
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::444444444444:root"},
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/reports/*",
                    }
                ],
            }
        ),
    )
    ml = session(endpoint, ML)
    ec2 = ml.client("ec2", endpoint_url=endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    vpce = ec2.create_vpc_endpoint(
        VpcEndpointType="Gateway",
        VpcId=vpc,
        ServiceName=f"com.amazonaws.{REGION}.s3",
        RouteTableIds=[rtb],
    )["VpcEndpoint"]["VpcEndpointId"]
    iam = ml.client("iam", endpoint_url=endpoint)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName="demo-notebook", AssumeRolePolicyDocument=json.dumps(trust))
    print(json.dumps({"vpc": vpc, "vpce": vpce, "bucket": BUCKET}))


def bucket_policy(endpoint):
    s3 = session(endpoint, DATA).client("s3", endpoint_url=endpoint)
    return s3, json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])


def tamper(endpoint):
    s3, policy = bucket_policy(endpoint)
    statements = policy["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    # Someone "fixes" access in the console: widens the partner's grant to every object.
    for st in statements:
        sid = st.get("Sid", "")
        if sid.startswith("Share") and "Partner" in sid and sid.endswith("Objects"):
            if isinstance(st.get("Resource"), list):
                st["Resource"] = [f"arn:aws:s3:::{BUCKET}/*"]
            else:
                st["Resource"] = f"arn:aws:s3:::{BUCKET}/*"
            print(f"changed statement {st['Sid']}: Resource -> arn:aws:s3:::{BUCKET}/*")
            break
    else:
        statements.pop()
        print("removed the last statement of the bucket policy")
    policy["Statement"] = statements
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))


def show(endpoint):
    _, policy = bucket_policy(endpoint)
    print(json.dumps(policy, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("seed", "tamper", "show"):
        sys.exit(__doc__)
    {"seed": seed, "tamper": tamper, "show": show}[sys.argv[1]](sys.argv[2])
