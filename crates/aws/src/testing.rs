//! Test fixtures: arrange state in a local emulator exactly as an operator would, and
//! connect `share` to it as production does.
//!
//! Behind the `testing` feature so the CLI's end-to-end tests can reuse them. A
//! [`Fixture`] reaches each account through STS AssumeRole from static base credentials
//! (`testing`/`testing`), just as [`AwsCloud::connect`] does in production; moto keeps the
//! accounts apart by the assumed credentials (moto-notes). Writes here are *raw*: a policy
//! text goes in byte for byte, so tests can store the forms AWS would have rewritten, and
//! reads return what the service returns (IAM documents still percent-encoded).
//!
//! ```no_run
//! use share_aws::testing::{Fixture, DATA_ACCOUNT};
//! let moto = share_testkit::MotoServer::start().unwrap();
//! let fx = Fixture::new(&moto.endpoint_url()).unwrap();
//! let data = Fixture::account_id(DATA_ACCOUNT);
//! fx.create_bucket(&data, "us-east-1", "test-bucket-1").unwrap();
//! ```

pub use crate::faults::{Fault, FaultTarget, Faults};

use crate::clients::{Factory, Hooks, Regional};
use crate::config::{AccountConfig, CredentialSource, Options};
use crate::{AwsCloud, errors::one_line};
use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use share_state::{CloudError, ObjectOwnership, PublicAccessBlock};
use share_types::{AccountId, PrincipalArn, Region, VpcEndpointId, VpcId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The bucket-owning account of the tests (`datalake`/`data`).
pub const DATA_ACCOUNT: &str = "222222222222";
/// The grantee account of the tests (`ml`).
pub const ML_ACCOUNT: &str = "111111111111";
/// The region the fixtures use unless told otherwise.
pub const REGION: &str = "us-east-1";
/// The role the fixtures assume in each account (moto lets any role be assumed).
pub const ADMIN_ROLE: &str = "share-admin";

/// A fixture call that failed, as one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FixtureError(String);

fn fail<E: std::error::Error>(what: &str) -> impl FnOnce(E) -> FixtureError + '_ {
    move |e| {
        let mut text = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        FixtureError(one_line(&format!("{what}: {text}")))
    }
}

/// Result of a fixture call.
pub type Result<T> = std::result::Result<T, FixtureError>;

/// Arranges and inspects state in a local emulator, per account, via assumed roles.
#[derive(Debug)]
pub struct Fixture {
    runtime: tokio::runtime::Runtime,
    endpoint: String,
    factory: Factory,
    base: SdkConfig,
    accounts: Mutex<HashMap<(AccountId, String), (SdkConfig, Regional)>>,
}

impl Fixture {
    /// A fixture for the emulator at `endpoint_url`.
    pub fn new(endpoint_url: &str) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(fail("starting a runtime"))?;
        let factory = Factory::new(Some(endpoint_url.to_owned()), None);
        let hooks = Self::hooks(None);
        let region = Region::parse(REGION).map_err(fail("region"))?;
        let base = runtime.block_on(factory.base_config(&region, &hooks));
        Ok(Self {
            runtime,
            endpoint: endpoint_url.to_owned(),
            factory,
            base,
            accounts: Mutex::new(HashMap::new()),
        })
    }

    /// The static base credentials the tests use (moto accepts any).
    pub fn base_credentials() -> Credentials {
        Credentials::new("testing", "testing", None, None, "share-testing")
    }

    fn hooks(faults: Option<Arc<Faults>>) -> Hooks {
        Hooks {
            base_credentials: Some(Self::base_credentials()),
            faults,
            profile_files: None,
        }
    }

    /// The emulator's endpoint.
    pub fn endpoint_url(&self) -> &str {
        &self.endpoint
    }

    /// Parses a test account id constant.
    pub fn account_id(id: &str) -> AccountId {
        AccountId::parse(id).unwrap_or_else(|e| panic!("test account id: {e}"))
    }

    /// Parses a test region constant.
    pub fn region(region: &str) -> Region {
        Region::parse(region).unwrap_or_else(|e| panic!("test region: {e}"))
    }

    /// The manifest account `name` with id `id`, reached by assuming
    /// `arn:aws:iam::ID:role/share-admin` as production does.
    pub fn account(name: &str, id: &str) -> AccountConfig {
        AccountConfig {
            name: name.to_owned(),
            id: Self::account_id(id),
            region: Self::region(REGION),
            credentials: CredentialSource::AssumeRole {
                role_arn: format!("arn:aws:iam::{id}:role/{ADMIN_ROLE}"),
                external_id: Some("share-tests".to_owned()),
            },
        }
    }

    /// Options for the emulator: its endpoint, the given concurrency, and a short
    /// propagation timeout.
    pub fn options(&self) -> Options {
        Options {
            endpoint_url: Some(self.endpoint.clone()),
            session_name: "share-tests".to_owned(),
            ..Options::default()
        }
    }

    /// Connects `share` to the emulator with the fixtures' base credentials.
    pub fn connect(
        &self,
        accounts: Vec<AccountConfig>,
        options: Options,
    ) -> std::result::Result<AwsCloud, Vec<CloudError>> {
        AwsCloud::connect_for_tests(accounts, options, Self::base_credentials(), None, None)
    }

    /// Like [`connect`](Self::connect), reading profiles (for
    /// [`CredentialSource::Profile`]) from this shared config file instead of `~/.aws`.
    pub fn connect_with_config_file(
        &self,
        accounts: Vec<AccountConfig>,
        options: Options,
        config_file: &std::path::Path,
    ) -> std::result::Result<AwsCloud, Vec<CloudError>> {
        use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
        let files = EnvConfigFiles::builder()
            .with_file(EnvConfigFileKind::Config, config_file)
            .build();
        AwsCloud::connect_for_tests(
            accounts,
            options,
            Self::base_credentials(),
            None,
            Some(files),
        )
    }

    /// Like [`connect`](Self::connect), with faults injected on the wire.
    pub fn connect_with_faults(
        &self,
        accounts: Vec<AccountConfig>,
        options: Options,
        faults: Arc<Faults>,
    ) -> std::result::Result<AwsCloud, Vec<CloudError>> {
        AwsCloud::connect_for_tests(
            accounts,
            options,
            Self::base_credentials(),
            Some(faults),
            None,
        )
    }

    fn clients(&self, account: &AccountId, region: &str) -> Result<(SdkConfig, Regional)> {
        let key = (account.clone(), region.to_owned());
        if let Some(found) = self
            .accounts
            .lock()
            .map_err(|_| FixtureError("fixture lock poisoned".into()))?
            .get(&key)
        {
            return Ok(found.clone());
        }
        let region = Region::parse(region).map_err(fail("region"))?;
        let config = AccountConfig {
            region: region.clone(),
            ..Self::account("fixture", account.as_str())
        };
        let sdk = self.runtime.block_on(self.factory.account_config(
            &config,
            &self.base,
            "share-fixture",
            &Self::hooks(None),
        ));
        let regional = self.factory.regional(&sdk, &region);
        self.accounts
            .lock()
            .map_err(|_| FixtureError("fixture lock poisoned".into()))?
            .insert(key, (sdk.clone(), regional.clone()));
        Ok((sdk, regional))
    }

    fn iam(&self, account: &AccountId) -> Result<aws_sdk_iam::Client> {
        let (sdk, _) = self.clients(account, REGION)?;
        Ok(self.factory.iam(&sdk))
    }

    /// The account the assumed credentials really land in (STS `GetCallerIdentity`).
    pub fn caller_account(&self, account: &AccountId) -> Result<String> {
        let (sdk, _) = self.clients(account, REGION)?;
        let sts = self.factory.sts(&sdk);
        let out = self
            .runtime
            .block_on(sts.get_caller_identity().send())
            .map_err(fail("GetCallerIdentity"))?;
        Ok(out.account.unwrap_or_default())
    }

    // ----- S3 -----

    /// Creates a bucket.
    pub fn create_bucket(&self, account: &AccountId, region: &str, bucket: &str) -> Result<()> {
        let (_, c) = self.clients(account, region)?;
        let mut call = c.s3.create_bucket().bucket(bucket);
        if region != "us-east-1" {
            use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
            call = call.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("CreateBucket"))
    }

    /// Lists the buckets the account owns.
    pub fn list_buckets(&self, account: &AccountId) -> Result<Vec<String>> {
        let (_, c) = self.clients(account, REGION)?;
        let out = self
            .runtime
            .block_on(c.s3.list_buckets().send())
            .map_err(fail("ListBuckets"))?;
        Ok(out
            .buckets
            .unwrap_or_default()
            .into_iter()
            .filter_map(|b| b.name)
            .collect())
    }

    /// Stores a bucket policy byte for byte.
    pub fn put_bucket_policy(&self, account: &AccountId, bucket: &str, text: &str) -> Result<()> {
        let (_, c) = self.clients(account, REGION)?;
        self.runtime
            .block_on(c.s3.put_bucket_policy().bucket(bucket).policy(text).send())
            .map(drop)
            .map_err(fail("PutBucketPolicy"))
    }

    /// The bucket policy as stored, `None` when there is none.
    pub fn bucket_policy(&self, account: &AccountId, bucket: &str) -> Result<Option<String>> {
        let (_, c) = self.clients(account, REGION)?;
        match self
            .runtime
            .block_on(c.s3.get_bucket_policy().bucket(bucket).send())
        {
            Ok(out) => Ok(out.policy),
            Err(e) if crate::errors::code(&e) == Some("NoSuchBucketPolicy") => Ok(None),
            Err(e) => Err(fail("GetBucketPolicy")(e)),
        }
    }

    /// Sets a bucket's public access block.
    pub fn put_public_access_block(
        &self,
        account: &AccountId,
        bucket: &str,
        config: PublicAccessBlock,
    ) -> Result<()> {
        use aws_sdk_s3::types::PublicAccessBlockConfiguration;
        let (_, c) = self.clients(account, REGION)?;
        let call =
            c.s3.put_public_access_block()
                .bucket(bucket)
                .public_access_block_configuration(
                    PublicAccessBlockConfiguration::builder()
                        .block_public_acls(config.block_public_acls)
                        .ignore_public_acls(config.ignore_public_acls)
                        .block_public_policy(config.block_public_policy)
                        .restrict_public_buckets(config.restrict_public_buckets)
                        .build(),
                );
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("PutPublicAccessBlock"))
    }

    /// A bucket's public access block, `None` when none is set.
    pub fn public_access_block(
        &self,
        account: &AccountId,
        bucket: &str,
    ) -> Result<Option<PublicAccessBlock>> {
        let (_, c) = self.clients(account, REGION)?;
        match self
            .runtime
            .block_on(c.s3.get_public_access_block().bucket(bucket).send())
        {
            Ok(out) => Ok(out
                .public_access_block_configuration
                .map(|c| PublicAccessBlock {
                    block_public_acls: c.block_public_acls.unwrap_or(false),
                    ignore_public_acls: c.ignore_public_acls.unwrap_or(false),
                    block_public_policy: c.block_public_policy.unwrap_or(false),
                    restrict_public_buckets: c.restrict_public_buckets.unwrap_or(false),
                })),
            Err(e) if crate::errors::is_not_found(&e) => Ok(None),
            Err(e) => Err(fail("GetPublicAccessBlock")(e)),
        }
    }

    /// Sets a bucket's object ownership.
    pub fn put_ownership(
        &self,
        account: &AccountId,
        bucket: &str,
        ownership: ObjectOwnership,
    ) -> Result<()> {
        use aws_sdk_s3::types::{OwnershipControls, OwnershipControlsRule};
        let (_, c) = self.clients(account, REGION)?;
        let rule = OwnershipControlsRule::builder()
            .object_ownership(ownership.as_str().into())
            .build()
            .map_err(fail("OwnershipControlsRule"))?;
        let controls = OwnershipControls::builder()
            .rules(rule)
            .build()
            .map_err(fail("OwnershipControls"))?;
        self.runtime
            .block_on(
                c.s3.put_bucket_ownership_controls()
                    .bucket(bucket)
                    .ownership_controls(controls)
                    .send(),
            )
            .map(drop)
            .map_err(fail("PutBucketOwnershipControls"))
    }

    /// A bucket's object ownership, `None` when no controls are set.
    pub fn ownership(&self, account: &AccountId, bucket: &str) -> Result<Option<ObjectOwnership>> {
        let (_, c) = self.clients(account, REGION)?;
        match self
            .runtime
            .block_on(c.s3.get_bucket_ownership_controls().bucket(bucket).send())
        {
            Ok(out) => Ok(out.ownership_controls.and_then(|c| {
                c.rules
                    .first()
                    .and_then(|r| ObjectOwnership::parse(r.object_ownership.as_str()))
            })),
            Err(e) if crate::errors::is_not_found(&e) => Ok(None),
            Err(e) => Err(fail("GetBucketOwnershipControls")(e)),
        }
    }

    // ----- S3 Control -----

    /// Creates an access point on a bucket, with VPC origin when `vpc` is given.
    pub fn create_access_point(
        &self,
        account: &AccountId,
        region: &str,
        name: &str,
        bucket: &str,
        vpc: Option<&str>,
    ) -> Result<()> {
        let (_, c) = self.clients(account, region)?;
        let vpc = vpc
            .map(|v| {
                aws_sdk_s3control::types::VpcConfiguration::builder()
                    .vpc_id(v)
                    .build()
            })
            .transpose()
            .map_err(fail("VpcConfiguration"))?;
        let call = c
            .s3control
            .create_access_point()
            .account_id(account.as_str())
            .name(name)
            .bucket(bucket)
            .set_vpc_configuration(vpc);
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("CreateAccessPoint"))
    }

    /// An access point's bucket and VPC (`None` for internet origin); `None` when it does
    /// not exist.
    pub fn access_point(
        &self,
        account: &AccountId,
        region: &str,
        name: &str,
    ) -> Result<Option<(String, Option<String>)>> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .s3control
            .get_access_point()
            .account_id(account.as_str())
            .name(name);
        match self.runtime.block_on(call.send()) {
            Ok(out) => Ok(Some((
                out.bucket.unwrap_or_default(),
                out.vpc_configuration.map(|v| v.vpc_id),
            ))),
            Err(e) if crate::errors::is_not_found(&e) => Ok(None),
            Err(e) => Err(fail("GetAccessPoint")(e)),
        }
    }

    /// Stores an access point policy byte for byte.
    pub fn put_access_point_policy(
        &self,
        account: &AccountId,
        region: &str,
        name: &str,
        text: &str,
    ) -> Result<()> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .s3control
            .put_access_point_policy()
            .account_id(account.as_str())
            .name(name)
            .policy(text);
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("PutAccessPointPolicy"))
    }

    /// The access point policy as stored, `None` when there is none.
    pub fn access_point_policy(
        &self,
        account: &AccountId,
        region: &str,
        name: &str,
    ) -> Result<Option<String>> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .s3control
            .get_access_point_policy()
            .account_id(account.as_str())
            .name(name);
        match self.runtime.block_on(call.send()) {
            Ok(out) => Ok(out.policy),
            Err(e) if crate::errors::code(&e) == Some("NoSuchAccessPointPolicy") => Ok(None),
            Err(e) => Err(fail("GetAccessPointPolicy")(e)),
        }
    }

    // ----- EC2 -----

    /// Creates a VPC with a route table and an S3 gateway endpoint; returns their ids.
    pub fn create_vpc_with_s3_endpoint(
        &self,
        account: &AccountId,
        region: &str,
    ) -> Result<(VpcId, VpcEndpointId)> {
        use aws_sdk_ec2::types::VpcEndpointType;
        let (_, c) = self.clients(account, region)?;
        self.runtime.block_on(async {
            let vpc = c
                .ec2
                .create_vpc()
                .cidr_block("10.0.0.0/16")
                .send()
                .await
                .map_err(fail("CreateVpc"))?
                .vpc
                .and_then(|v| v.vpc_id)
                .ok_or_else(|| FixtureError("CreateVpc returned no id".into()))?;
            let table = c
                .ec2
                .create_route_table()
                .vpc_id(&vpc)
                .send()
                .await
                .map_err(fail("CreateRouteTable"))?
                .route_table
                .and_then(|t| t.route_table_id)
                .ok_or_else(|| FixtureError("CreateRouteTable returned no id".into()))?;
            let endpoint = c
                .ec2
                .create_vpc_endpoint()
                .vpc_id(&vpc)
                .vpc_endpoint_type(VpcEndpointType::Gateway)
                .service_name(format!("com.amazonaws.{region}.s3"))
                .route_table_ids(table)
                .send()
                .await
                .map_err(fail("CreateVpcEndpoint"))?
                .vpc_endpoint
                .and_then(|e| e.vpc_endpoint_id)
                .ok_or_else(|| FixtureError("CreateVpcEndpoint returned no id".into()))?;
            Ok((
                VpcId::parse(&vpc).map_err(fail("VPC id"))?,
                VpcEndpointId::parse(&endpoint).map_err(fail("endpoint id"))?,
            ))
        })
    }

    /// Sets an endpoint's policy byte for byte.
    pub fn put_endpoint_policy(
        &self,
        account: &AccountId,
        region: &str,
        endpoint: &VpcEndpointId,
        text: &str,
    ) -> Result<()> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .ec2
            .modify_vpc_endpoint()
            .vpc_endpoint_id(endpoint.as_str())
            .policy_document(text);
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("ModifyVpcEndpoint"))
    }

    /// An endpoint's policy as stored; `None` when the endpoint is not listed.
    pub fn endpoint_policy(
        &self,
        account: &AccountId,
        region: &str,
        endpoint: &VpcEndpointId,
    ) -> Result<Option<String>> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .ec2
            .describe_vpc_endpoints()
            .vpc_endpoint_ids(endpoint.as_str());
        match self.runtime.block_on(call.send()) {
            Ok(out) => Ok(out
                .vpc_endpoints
                .unwrap_or_default()
                .into_iter()
                .next()
                .and_then(|e| e.policy_document)),
            Err(e) if crate::errors::is_not_found(&e) => Ok(None),
            Err(e) => Err(fail("DescribeVpcEndpoints")(e)),
        }
    }

    /// Deletes an endpoint (moto keeps listing it as `deleted`).
    pub fn delete_endpoint(
        &self,
        account: &AccountId,
        region: &str,
        endpoint: &VpcEndpointId,
    ) -> Result<()> {
        let (_, c) = self.clients(account, region)?;
        let call = c
            .ec2
            .delete_vpc_endpoints()
            .vpc_endpoint_ids(endpoint.as_str());
        self.runtime
            .block_on(call.send())
            .map(drop)
            .map_err(fail("DeleteVpcEndpoints"))
    }

    // ----- IAM -----

    /// Creates a role (with a trust policy for the account itself); returns its ARN.
    pub fn create_role(&self, account: &AccountId, name: &str, path: &str) -> Result<PrincipalArn> {
        let iam = self.iam(account)?;
        let trust = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}]}}"#
        );
        let out = self
            .runtime
            .block_on(
                iam.create_role()
                    .role_name(name)
                    .path(path)
                    .assume_role_policy_document(trust)
                    .send(),
            )
            .map_err(fail("CreateRole"))?;
        let arn = out.role.map(|r| r.arn).unwrap_or_default();
        PrincipalArn::parse(&arn).map_err(fail("role ARN"))
    }

    /// Creates a user; returns its ARN.
    pub fn create_user(&self, account: &AccountId, name: &str) -> Result<PrincipalArn> {
        let iam = self.iam(account)?;
        let out = self
            .runtime
            .block_on(iam.create_user().user_name(name).send())
            .map_err(fail("CreateUser"))?;
        let arn = out.user.map(|u| u.arn).unwrap_or_default();
        PrincipalArn::parse(&arn).map_err(fail("user ARN"))
    }

    /// Stores an inline policy on a role or user, byte for byte.
    pub fn put_identity_policy(
        &self,
        principal: &PrincipalArn,
        policy_name: &str,
        text: &str,
    ) -> Result<()> {
        let iam = self.iam(&principal.account())?;
        match principal.kind() {
            share_types::PrincipalKind::Role => self
                .runtime
                .block_on(
                    iam.put_role_policy()
                        .role_name(principal.name())
                        .policy_name(policy_name)
                        .policy_document(text)
                        .send(),
                )
                .map(drop)
                .map_err(fail("PutRolePolicy")),
            share_types::PrincipalKind::User => self
                .runtime
                .block_on(
                    iam.put_user_policy()
                        .user_name(principal.name())
                        .policy_name(policy_name)
                        .policy_document(text)
                        .send(),
                )
                .map(drop)
                .map_err(fail("PutUserPolicy")),
        }
    }

    /// An inline policy exactly as IAM returns it (percent-encoded); `None` when absent.
    pub fn identity_policy_raw(
        &self,
        principal: &PrincipalArn,
        policy_name: &str,
    ) -> Result<Option<String>> {
        let iam = self.iam(&principal.account())?;
        match principal.kind() {
            share_types::PrincipalKind::Role => self
                .runtime
                .block_on(
                    iam.get_role_policy()
                        .role_name(principal.name())
                        .policy_name(policy_name)
                        .send(),
                )
                .map(|o| Some(o.policy_document))
                .or_else(|e| {
                    if crate::errors::is_not_found(&e) {
                        Ok(None)
                    } else {
                        Err(fail("GetRolePolicy")(e))
                    }
                }),
            share_types::PrincipalKind::User => self
                .runtime
                .block_on(
                    iam.get_user_policy()
                        .user_name(principal.name())
                        .policy_name(policy_name)
                        .send(),
                )
                .map(|o| Some(o.policy_document))
                .or_else(|e| {
                    if crate::errors::is_not_found(&e) {
                        Ok(None)
                    } else {
                        Err(fail("GetUserPolicy")(e))
                    }
                }),
        }
    }

    /// An inline policy, percent-decoded; `None` when absent.
    pub fn identity_policy(
        &self,
        principal: &PrincipalArn,
        policy_name: &str,
    ) -> Result<Option<String>> {
        Ok(self
            .identity_policy_raw(principal, policy_name)?
            .map(|raw| share_policy::decode_iam_document(&raw).unwrap_or(raw)))
    }
}
