//! Reading live state: everything an [`ObserveRequest`] names, with as few calls as
//! possible, as concurrently as the per-account limit allows.
//!
//! The calls, and why each is the minimum (the benchmark asserts these counts):
//!
//! - **Bucket**: `GetBucketPolicy` first; it also tells whether the bucket exists
//!   (`NoSuchBucket`), so a missing bucket costs one call. An existing bucket then costs
//!   `GetPublicAccessBlock`, `GetBucketOwnershipControls` and one `ListAccessPoints` page
//!   (filtered by bucket; it carries name, bucket and network origin, so no
//!   `GetAccessPoint` is needed), concurrently.
//! - **Access point**: one `GetAccessPointPolicy` for every access point found on a bucket;
//!   an access point the request names but no listed bucket has costs a `GetAccessPoint`
//!   first (absent: nothing more).
//! - **Endpoints**: one `DescribeVpcEndpoints` per account and region for all its ids (one
//!   more round per answer naming missing ids, since EC2 fails the whole call then).
//! - **Role or user**: `GetRole`/`GetUser` (absent: nothing more), one
//!   `ListRolePolicies`/`ListUserPolicies` page, and one `GetRolePolicy`/`GetUserPolicy`
//!   per inline policy, decoded from percent-encoding.
//!
//! Absent things are values (`exists: false`, `None`); every failure is collected and
//! returned together.

use crate::cloud::Inner;
use crate::errors::{code, describe, is_not_found};
use crate::tasks::join_all;
use aws_sdk_s3control::types::NetworkOrigin;
use share_state::{
    Address, CloudError, ErrorKind, ObjectOwnership, ObserveRequest, ObservedAccessPoint,
    ObservedBucket, ObservedEndpoint, ObservedIdentity, ObservedState, PublicAccessBlock,
};
use share_types::{
    AccessPointName, AccountId, BucketName, PrincipalArn, PrincipalKind, Region, VpcEndpointId,
    VpcId,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How many endpoint ids go into one `DescribeVpcEndpoints` call.
const ENDPOINT_IDS_PER_CALL: usize = 200;

type Errors = Vec<CloudError>;
type FoundAccessPoint = ((AccountId, AccessPointName), ObservedAccessPoint);

/// Reads everything the request names.
pub(crate) async fn observe(
    inner: Arc<Inner>,
    request: ObserveRequest,
) -> Result<ObservedState, Errors> {
    let buckets_then_access_points = {
        let inner = inner.clone();
        let request = request.clone();
        async move {
            let buckets = join_all(
                request
                    .buckets
                    .iter()
                    .cloned()
                    .map(|(a, r, b)| read_bucket(inner.clone(), a, r, b)),
            )
            .await;
            // Access points the request names that no listed bucket had.
            let listed: BTreeSet<(AccountId, AccessPointName)> = buckets
                .iter()
                .filter_map(|b| b.as_ref().ok())
                .flat_map(|b| b.access_points.iter().map(|(key, _)| key.clone()))
                .collect();
            let leftover = request
                .access_points
                .iter()
                .filter(|(a, _, n)| !listed.contains(&(a.clone(), n.clone())))
                .cloned();
            let access_points =
                join_all(leftover.map(|(a, r, n)| read_access_point(inner.clone(), a, r, n))).await;
            (buckets, access_points)
        }
    };
    let mut by_place: BTreeMap<(AccountId, Region), Vec<VpcEndpointId>> = BTreeMap::new();
    for (account, region, id) in &request.endpoints {
        by_place
            .entry((account.clone(), region.clone()))
            .or_default()
            .push(id.clone());
    }
    let endpoints = join_all(
        by_place
            .into_iter()
            .map(|((a, r), ids)| read_endpoints(inner.clone(), a, r, ids)),
    );
    let identities = join_all(
        request
            .identities
            .iter()
            .cloned()
            .map(|arn| read_identity(inner.clone(), arn)),
    );
    let ((buckets, access_points), endpoints, identities) =
        tokio::join!(buckets_then_access_points, endpoints, identities);

    let mut state = ObservedState::default();
    let mut errors = Vec::new();
    for read in buckets {
        match read {
            Ok(read) => {
                state.access_points.extend(read.access_points);
                state.buckets.insert(read.name, read.bucket);
            }
            Err(e) => errors.extend(e),
        }
    }
    for read in access_points {
        match read {
            Ok(Some((key, ap))) => {
                state.access_points.insert(key, ap);
            }
            Ok(None) => {}
            Err(e) => errors.extend(e),
        }
    }
    for read in endpoints {
        match read {
            Ok(found) => state.endpoints.extend(found),
            Err(e) => errors.extend(e),
        }
    }
    for read in identities {
        match read {
            Ok((arn, identity)) => {
                state.identities.insert(arn, identity);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(state)
    } else {
        Err(errors)
    }
}

struct BucketRead {
    name: BucketName,
    bucket: ObservedBucket,
    access_points: Vec<FoundAccessPoint>,
}

fn unexpected(account: &AccountId, resource: String, what: &str) -> CloudError {
    CloudError {
        account: Some(account.clone()),
        resource,
        code: None,
        message: format!("AWS returned {what}"),
        kind: ErrorKind::Other,
    }
}

async fn read_bucket(
    inner: Arc<Inner>,
    account_id: AccountId,
    region: Region,
    name: BucketName,
) -> Result<BucketRead, Errors> {
    let address = |make: fn(AccountId, Region, BucketName) -> Address| {
        make(account_id.clone(), region.clone(), name.clone()).to_string()
    };
    let account = inner
        .account(&account_id, &address(bucket_address))
        .map_err(|e| vec![e])?;
    let clients = account.region(&region);

    // The policy first: it also says whether the bucket exists.
    let policy = {
        let _permit = account.permit().await;
        clients
            .s3
            .get_bucket_policy()
            .bucket(name.as_str())
            .send()
            .await
    };
    let policy = match policy {
        Ok(out) => out.policy,
        Err(e) => match code(&e) {
            Some("NoSuchBucketPolicy") => None,
            Some("NoSuchBucket") => {
                return Ok(BucketRead {
                    name,
                    bucket: ObservedBucket::default(),
                    access_points: Vec::new(),
                });
            }
            _ => {
                let site = inner.site(account, address(bucket_policy_address));
                return Err(vec![describe(&e, &site).at(&site)]);
            }
        },
    };

    let public_access_block = async {
        let _permit = account.permit().await;
        let result = clients
            .s3
            .get_public_access_block()
            .bucket(name.as_str())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out
                .public_access_block_configuration
                .map(|c| PublicAccessBlock {
                    block_public_acls: c.block_public_acls.unwrap_or(false),
                    ignore_public_acls: c.ignore_public_acls.unwrap_or(false),
                    block_public_policy: c.block_public_policy.unwrap_or(false),
                    restrict_public_buckets: c.restrict_public_buckets.unwrap_or(false),
                })),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => {
                let site = inner.site(account, address(pab_address));
                Err(describe(&e, &site).at(&site))
            }
        }
    };
    let ownership = async {
        let _permit = account.permit().await;
        let result = clients
            .s3
            .get_bucket_ownership_controls()
            .bucket(name.as_str())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.ownership_controls.and_then(|c| {
                c.rules
                    .first()
                    .and_then(|r| ObjectOwnership::parse(r.object_ownership.as_str()))
            })),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => {
                let site = inner.site(account, address(ownership_address));
                Err(describe(&e, &site).at(&site))
            }
        }
    };
    let listed = list_access_points(&inner, account, &region, &name);
    let (public_access_block, ownership, listed) =
        tokio::join!(public_access_block, ownership, listed);

    let mut errors = Vec::new();
    let public_access_block = public_access_block
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let object_ownership = ownership.map_err(|e| errors.push(e)).ok().flatten();
    let listed = listed.map_err(|e| errors.push(e)).unwrap_or_default();

    // Every listed access point's policy, concurrently.
    let policies = join_all(listed.iter().map(|(ap_name, _, _)| {
        read_access_point_policy(
            inner.clone(),
            account_id.clone(),
            region.clone(),
            ap_name.clone(),
        )
    }))
    .await;
    let mut access_points = Vec::new();
    let mut names = Vec::new();
    for ((ap_name, bucket, vpc), policy) in listed.into_iter().zip(policies) {
        match policy {
            Ok(Some(policy)) => {
                names.push(ap_name.clone());
                access_points.push((
                    (account_id.clone(), ap_name),
                    ObservedAccessPoint {
                        account: account_id.clone(),
                        region: region.clone(),
                        bucket,
                        vpc,
                        policy,
                    },
                ));
            }
            // Deleted between the listing and the policy read.
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(BucketRead {
        name,
        bucket: ObservedBucket {
            exists: true,
            policy,
            public_access_block,
            object_ownership,
            access_points: names,
        },
        access_points,
    })
}

fn bucket_address(account: AccountId, region: Region, bucket: BucketName) -> Address {
    Address::Bucket {
        account,
        region,
        bucket,
    }
}
fn bucket_policy_address(account: AccountId, region: Region, bucket: BucketName) -> Address {
    Address::BucketPolicy {
        account,
        region,
        bucket,
    }
}
fn pab_address(account: AccountId, region: Region, bucket: BucketName) -> Address {
    Address::BucketPublicAccessBlock {
        account,
        region,
        bucket,
    }
}
fn ownership_address(account: AccountId, region: Region, bucket: BucketName) -> Address {
    Address::BucketOwnershipControls {
        account,
        region,
        bucket,
    }
}

/// The access points of a bucket: (name, bucket, VPC origin).
async fn list_access_points(
    inner: &Inner,
    account: &crate::clients::Account,
    region: &Region,
    bucket: &BucketName,
) -> Result<Vec<(AccessPointName, BucketName, Option<VpcId>)>, CloudError> {
    let clients = account.region(region);
    let resource = || {
        Address::Bucket {
            account: account.config.id.clone(),
            region: region.clone(),
            bucket: bucket.clone(),
        }
        .to_string()
    };
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = {
            let _permit = account.permit().await;
            clients
                .s3control
                .list_access_points()
                .account_id(account.config.id.as_str())
                .bucket(bucket.as_str())
                .max_results(1000)
                .set_next_token(token.take())
                .send()
                .await
        };
        let page = page.map_err(|e| {
            let site = inner.site(account, resource());
            describe(&e, &site).at(&site)
        })?;
        for ap in page.access_point_list() {
            let parsed = parse_access_point(
                ap.name(),
                ap.bucket(),
                ap.network_origin(),
                ap.vpc_configuration().map(|v| v.vpc_id()),
            );
            out.push(parsed.map_err(|what| unexpected(&account.config.id, resource(), &what))?);
        }
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => break,
        }
    }
    Ok(out)
}

fn parse_access_point(
    name: &str,
    bucket: &str,
    origin: &NetworkOrigin,
    vpc: Option<&str>,
) -> Result<(AccessPointName, BucketName, Option<VpcId>), String> {
    let name = AccessPointName::parse(name)
        .map_err(|e| format!("an access point name share cannot use: {e}"))?;
    let bucket = BucketName::parse(bucket)
        .map_err(|e| format!("a bucket name share cannot use for access point {name}: {e}"))?;
    let vpc = match (origin, vpc) {
        (NetworkOrigin::Internet, _) | (_, None) => None,
        (_, Some(vpc)) => Some(
            VpcId::parse(vpc)
                .map_err(|e| format!("an unexpected VPC id for access point {name}: {e}"))?,
        ),
    };
    Ok((name, bucket, vpc))
}

/// `Ok(None)` when the access point no longer exists; `Ok(Some(None))` when it has no
/// policy.
async fn read_access_point_policy(
    inner: Arc<Inner>,
    account_id: AccountId,
    region: Region,
    name: AccessPointName,
) -> Result<Option<Option<String>>, CloudError> {
    let resource = Address::AccessPointPolicy {
        account: account_id.clone(),
        region: region.clone(),
        name: name.clone(),
    }
    .to_string();
    let account = inner.account(&account_id, &resource)?;
    let clients = account.region(&region);
    let result = {
        let _permit = account.permit().await;
        clients
            .s3control
            .get_access_point_policy()
            .account_id(account_id.as_str())
            .name(name.as_str())
            .send()
            .await
    };
    match result {
        Ok(out) => Ok(Some(out.policy)),
        Err(e) => match code(&e) {
            Some("NoSuchAccessPointPolicy") => Ok(Some(None)),
            Some("NoSuchAccessPoint") => Ok(None),
            _ => {
                let site = inner.site(account, resource);
                Err(describe(&e, &site).at(&site))
            }
        },
    }
}

/// An access point by name (when no listed bucket had it), with its policy.
async fn read_access_point(
    inner: Arc<Inner>,
    account_id: AccountId,
    region: Region,
    name: AccessPointName,
) -> Result<Option<FoundAccessPoint>, Errors> {
    let resource = Address::AccessPoint {
        account: account_id.clone(),
        region: region.clone(),
        name: name.clone(),
    }
    .to_string();
    let account = inner.account(&account_id, &resource).map_err(|e| vec![e])?;
    let clients = account.region(&region);
    let result = {
        let _permit = account.permit().await;
        clients
            .s3control
            .get_access_point()
            .account_id(account_id.as_str())
            .name(name.as_str())
            .send()
            .await
    };
    let out = match result {
        Ok(out) => out,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => {
            let site = inner.site(account, resource);
            return Err(vec![describe(&e, &site).at(&site)]);
        }
    };
    let origin = out
        .network_origin()
        .cloned()
        .unwrap_or(NetworkOrigin::Internet);
    let (ap_name, bucket, vpc) = parse_access_point(
        out.name().unwrap_or(name.as_str()),
        out.bucket().unwrap_or_default(),
        &origin,
        out.vpc_configuration().map(|v| v.vpc_id()),
    )
    .map_err(|what| vec![unexpected(&account_id, resource.clone(), &what)])?;
    let policy = read_access_point_policy(inner.clone(), account_id.clone(), region.clone(), name)
        .await
        .map_err(|e| vec![e])?;
    Ok(policy.map(|policy| {
        (
            (account_id.clone(), ap_name),
            ObservedAccessPoint {
                account: account_id,
                region,
                bucket,
                vpc,
                policy,
            },
        )
    }))
}

/// The endpoints of one account and region, with as few `DescribeVpcEndpoints` calls as
/// possible. Missing and deleted endpoints are `exists: false`.
async fn read_endpoints(
    inner: Arc<Inner>,
    account_id: AccountId,
    region: Region,
    ids: Vec<VpcEndpointId>,
) -> Result<Vec<(VpcEndpointId, ObservedEndpoint)>, Errors> {
    let resource = |id: &VpcEndpointId| {
        Address::EndpointPolicy {
            account: account_id.clone(),
            region: region.clone(),
            endpoint: id.clone(),
        }
        .to_string()
    };
    let first = ids.first().map(&resource).unwrap_or_default();
    let account = inner.account(&account_id, &first).map_err(|e| vec![e])?;
    let clients = account.region(&region);
    let mut found: BTreeMap<VpcEndpointId, ObservedEndpoint> = BTreeMap::new();
    for chunk in ids.chunks(ENDPOINT_IDS_PER_CALL) {
        let mut remaining: Vec<VpcEndpointId> = chunk.to_vec();
        // Each round either succeeds or learns which ids are missing and drops them.
        while !remaining.is_empty() {
            match describe_endpoints(account, &clients.ec2, &remaining).await {
                Ok(endpoints) => {
                    for endpoint in endpoints {
                        let Some(id) = endpoint
                            .vpc_endpoint_id()
                            .and_then(|id| VpcEndpointId::parse(id).ok())
                        else {
                            continue;
                        };
                        found.insert(id, observed_endpoint(&endpoint));
                    }
                    break;
                }
                Err(e) if is_not_found(&e) => {
                    let message =
                        aws_smithy_types::error::metadata::ProvideErrorMetadata::message(&e)
                            .unwrap_or_default()
                            .to_owned();
                    let named: BTreeSet<&str> = message
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .collect();
                    let before = remaining.len();
                    remaining.retain(|id| !named.contains(id.as_str()));
                    if remaining.len() == before {
                        // The answer does not say which id is missing: ask one at a time.
                        if remaining.len() == 1 {
                            break;
                        }
                        let singles = remaining.split_off(1);
                        for id in singles {
                            match describe_endpoints(
                                account,
                                &clients.ec2,
                                std::slice::from_ref(&id),
                            )
                            .await
                            {
                                Ok(endpoints) => {
                                    for endpoint in endpoints {
                                        found.insert(id.clone(), observed_endpoint(&endpoint));
                                    }
                                }
                                Err(e) if is_not_found(&e) => {}
                                Err(e) => {
                                    let site = inner.site(account, resource(&id));
                                    return Err(vec![describe(&e, &site).at(&site)]);
                                }
                            }
                        }
                    }
                }
                Err(e) => {
                    let site = inner.site(account, resource(&remaining[0]));
                    return Err(vec![describe(&e, &site).at(&site)]);
                }
            }
        }
    }
    Ok(ids
        .into_iter()
        .map(|id| {
            let observed = found.remove(&id).unwrap_or_default();
            (id, observed)
        })
        .collect())
}

async fn describe_endpoints(
    account: &crate::clients::Account,
    ec2: &aws_sdk_ec2::Client,
    ids: &[VpcEndpointId],
) -> Result<
    Vec<aws_sdk_ec2::types::VpcEndpoint>,
    aws_sdk_ec2::error::SdkError<
        aws_sdk_ec2::operation::describe_vpc_endpoints::DescribeVpcEndpointsError,
    >,
> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = {
            let _permit = account.permit().await;
            ec2.describe_vpc_endpoints()
                .set_vpc_endpoint_ids(Some(ids.iter().map(|i| i.to_string()).collect()))
                .set_next_token(token.take())
                .send()
                .await?
        };
        out.extend(page.vpc_endpoints.unwrap_or_default());
        match page.next_token {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return Ok(out),
        }
    }
}

fn observed_endpoint(e: &aws_sdk_ec2::types::VpcEndpoint) -> ObservedEndpoint {
    let state = e.state().map(|s| s.as_str().to_owned()).unwrap_or_default();
    ObservedEndpoint {
        exists: !state.eq_ignore_ascii_case("deleted") && !state.eq_ignore_ascii_case("deleting"),
        vpc: e.vpc_id().and_then(|v| VpcId::parse(v).ok()),
        endpoint_type: e
            .vpc_endpoint_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        service_name: e.service_name().unwrap_or_default().to_owned(),
        state,
        policy: e.policy_document().map(str::to_owned),
    }
}

/// A role or user: existence, unique id, and every inline policy, decoded.
async fn read_identity(
    inner: Arc<Inner>,
    arn: PrincipalArn,
) -> Result<(PrincipalArn, ObservedIdentity), Errors> {
    let account_id = arn.account();
    let kind = arn.kind();
    let resource = format!("{}.{arn}", kind.as_str());
    let account = inner.account(&account_id, &resource).map_err(|e| vec![e])?;
    let name = arn.name().to_owned();
    let fail = |e: crate::errors::Described, resource: String| {
        let site = inner.site(account, resource);
        vec![e.at(&site)]
    };

    // Existence and unique id.
    let found = {
        let _permit = account.permit().await;
        match kind {
            PrincipalKind::Role => match account.iam.get_role().role_name(&name).send().await {
                Ok(out) => Ok(out.role.map(|r| (r.role_id, r.arn))),
                Err(e) if is_not_found(&e) => Ok(None),
                Err(e) => Err(describe(&e, &inner.site(account, resource.clone()))),
            },
            PrincipalKind::User => match account.iam.get_user().user_name(&name).send().await {
                Ok(out) => Ok(out.user.map(|u| (u.user_id, u.arn))),
                Err(e) if is_not_found(&e) => Ok(None),
                Err(e) => Err(describe(&e, &inner.site(account, resource.clone()))),
            },
        }
    };
    let (unique_id, actual_arn) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return Ok((arn, ObservedIdentity::default())),
        Err(e) => return Err(fail(e, resource)),
    };
    if actual_arn != arn.as_str() {
        return Err(vec![CloudError {
            account: Some(account_id),
            resource,
            code: None,
            message: format!(
                "a {} named `{name}` exists, but its ARN is {actual_arn} (check the path in the manifest)",
                kind.as_str()
            ),
            kind: ErrorKind::Other,
        }]);
    }

    // Inline policy names, then every document.
    let mut names = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = {
            let _permit = account.permit().await;
            match kind {
                PrincipalKind::Role => account
                    .iam
                    .list_role_policies()
                    .role_name(&name)
                    .max_items(1000)
                    .set_marker(marker.take())
                    .send()
                    .await
                    .map(|p| (p.policy_names, p.is_truncated, p.marker))
                    .map_err(|e| describe(&e, &inner.site(account, resource.clone()))),
                PrincipalKind::User => account
                    .iam
                    .list_user_policies()
                    .user_name(&name)
                    .max_items(1000)
                    .set_marker(marker.take())
                    .send()
                    .await
                    .map(|p| (p.policy_names, p.is_truncated, p.marker))
                    .map_err(|e| describe(&e, &inner.site(account, resource.clone()))),
            }
        };
        let (page_names, truncated, next) = page.map_err(|e| fail(e, resource.clone()))?;
        names.extend(page_names);
        match next {
            Some(next) if truncated && !next.is_empty() => marker = Some(next),
            _ => break,
        }
    }
    let documents = join_all(names.into_iter().map(|policy_name| {
        let inner = inner.clone();
        let arn = arn.clone();
        let name = name.clone();
        async move { read_inline_policy(inner, arn, name, policy_name).await }
    }))
    .await;
    let mut inline_policies = BTreeMap::new();
    let mut errors = Vec::new();
    for document in documents {
        match document {
            Ok(Some((policy_name, text))) => {
                inline_policies.insert(policy_name, text);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        arn,
        ObservedIdentity {
            exists: true,
            unique_id: Some(unique_id),
            inline_policies,
        },
    ))
}

/// One inline policy, percent-decoded; `None` when it vanished since the listing.
async fn read_inline_policy(
    inner: Arc<Inner>,
    arn: PrincipalArn,
    name: String,
    policy_name: String,
) -> Result<Option<(String, String)>, CloudError> {
    let resource = format!("identity_policy.{arn}#{policy_name}");
    let account = inner.account(&arn.account(), &resource)?;
    let _permit = account.permit().await;
    let document = match arn.kind() {
        PrincipalKind::Role => account
            .iam
            .get_role_policy()
            .role_name(&name)
            .policy_name(&policy_name)
            .send()
            .await
            .map(|out| out.policy_document)
            .map_err(|e| {
                (
                    is_not_found(&e),
                    describe(&e, &inner.site(account, resource.clone())),
                )
            }),
        PrincipalKind::User => account
            .iam
            .get_user_policy()
            .user_name(&name)
            .policy_name(&policy_name)
            .send()
            .await
            .map(|out| out.policy_document)
            .map_err(|e| {
                (
                    is_not_found(&e),
                    describe(&e, &inner.site(account, resource.clone())),
                )
            }),
    };
    match document {
        Ok(text) => Ok(Some((policy_name, decode(text)))),
        Err((true, _)) => Ok(None),
        Err((false, e)) => Err(e.at(&inner.site(account, resource))),
    }
}

/// IAM returns documents percent-encoded and the Rust SDK does not decode them
/// (aws-semantics §4.1, confirmed against moto). Text that does not decode is kept as
/// returned, so the plan stage reports it as an unreadable policy for that resource.
fn decode(text: String) -> String {
    share_policy::decode_iam_document(&text).unwrap_or(text)
}
