//! Shared builders for the table of cases and the property tests: a compact, `'static`
//! description of one evaluation case and the code that turns it into a `Request` and
//! `Policies`.

use share_evaluate::{
    AccessPoint, Action, Decision, Endpoint, Evaluation, NetworkOrigin, Policies, Principal,
    Request, evaluate,
};
use share_policy::Document;
use share_types::{
    AccessPointName, AccountId, BucketName, PrincipalArn, Region, VpcEndpointId, VpcId,
};

/// The bucket owner ("account A" in aws-semantics).
pub const A: &str = "222222222222";
/// A grantee account ("account B").
pub const B: &str = "111111111111";
/// A session of role `demo` in B.
pub const ROLE_B: &str = "arn:aws:sts::111111111111:assumed-role/demo/notebook";
/// A session of role `analyst` in A.
pub const ROLE_A: &str = "arn:aws:sts::222222222222:assumed-role/analyst/s1";
/// The bucket of the examples.
pub const BUCKET: &str = "awsexamplebucket1";

/// The expected decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exp {
    Allow,
    Implicit,
    Explicit,
    Cannot,
}

impl Exp {
    pub fn of(d: &Decision) -> Self {
        match d {
            Decision::Allow => Self::Allow,
            Decision::ImplicitDeny => Self::Implicit,
            Decision::ExplicitDeny => Self::Explicit,
            Decision::CannotDecide(_) => Self::Cannot,
        }
    }
}

/// An access point in a case.
#[derive(Debug, Clone, Copy)]
pub struct Ap {
    pub name: &'static str,
    pub account: &'static str,
    pub region: &'static str,
    /// `Some(vpc)` for a VPC-origin access point, `None` for internet origin.
    pub vpc: Option<&'static str>,
}

/// The access point of most cases: `my-access-point` in A, us-west-2, internet origin.
pub const AP: Ap = Ap {
    name: "my-access-point",
    account: A,
    region: "us-west-2",
    vpc: None,
};

/// One evaluation case.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    /// The AWS documentation page the facts come from.
    pub source: &'static str,
    pub principal: &'static str,
    /// When set, `principal` is a role ARN and this is the session name.
    pub session: Option<&'static str>,
    pub action: &'static str,
    pub bucket: &'static str,
    pub owner: &'static str,
    pub key: Option<&'static str>,
    pub via: Option<Ap>,
    /// `(endpoint id, vpc id)`.
    pub through: Option<(&'static str, &'static str)>,
    pub context: &'static [(&'static str, &'static str)],
    pub multi: &'static [(&'static str, &'static [&'static str])],
    pub absent: &'static [&'static str],
    pub identity: &'static [&'static str],
    pub bucket_policy: Option<&'static str>,
    pub ap_policy: Option<&'static str>,
    pub endpoint_policy: Option<&'static str>,
    pub expect: Exp,
}

/// Defaults: B's role reads `datasets/credit/a.csv` straight from A's bucket, no policies.
pub const BASE: Case = Case {
    name: "",
    source: "",
    principal: ROLE_B,
    session: None,
    action: "s3:GetObject",
    bucket: BUCKET,
    owner: A,
    key: Some("datasets/credit/a.csv"),
    via: None,
    through: None,
    context: &[],
    multi: &[],
    absent: &[],
    identity: &[],
    bucket_policy: None,
    ap_policy: None,
    endpoint_policy: None,
    expect: Exp::Allow,
};

/// Parsed documents of a case, kept alive for the borrowed `Policies`.
pub struct Docs {
    pub identity: Vec<Document>,
    pub bucket: Option<Document>,
    pub access_point: Option<Document>,
    pub endpoint: Option<Document>,
}

impl Docs {
    pub fn policies(&self) -> Policies<'_> {
        let mut p = Policies::new();
        for (i, d) in self.identity.iter().enumerate() {
            p = p.identity(format!("inline{i}"), d);
        }
        p.bucket = self.bucket.as_ref();
        p.access_point = self.access_point.as_ref();
        p.endpoint = self.endpoint.as_ref();
        p
    }
}

fn parse(text: &str, what: &str, case: &str) -> Document {
    Document::parse(text).unwrap_or_else(|e| panic!("{case}: {what} does not parse: {e}"))
}

impl Case {
    pub fn request(&self) -> Request {
        let principal = match self.session {
            Some(s) => Principal::assumed_role(PrincipalArn::parse(self.principal).unwrap(), s),
            None => Principal::parse(self.principal),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", self.name));
        let mut r = Request::new(
            principal,
            Action::parse(self.action).unwrap(),
            BucketName::parse(self.bucket).unwrap(),
            AccountId::parse(self.owner).unwrap(),
        );
        if let Some(k) = self.key {
            r = r.object(k).unwrap();
        }
        if let Some(ap) = self.via {
            let mut a = AccessPoint::new(
                AccessPointName::parse(ap.name).unwrap(),
                AccountId::parse(ap.account).unwrap(),
                Region::parse(ap.region).unwrap(),
            );
            a = a.with_network_origin(match ap.vpc {
                Some(v) => NetworkOrigin::Vpc(VpcId::parse(v).unwrap()),
                None => NetworkOrigin::Internet,
            });
            r = r.via(a);
        }
        if let Some((e, v)) = self.through {
            r = r.through(Endpoint::new(
                VpcEndpointId::parse(e).unwrap(),
                VpcId::parse(v).unwrap(),
            ));
        }
        for (k, v) in self.context {
            r.context.set(k, *v);
        }
        for (k, v) in self.multi {
            r.context.set_values(k, v.iter().copied());
        }
        for k in self.absent {
            r.context.set_absent(k);
        }
        r
    }

    pub fn docs(&self) -> Docs {
        Docs {
            identity: self
                .identity
                .iter()
                .map(|t| parse(t, "identity policy", self.name))
                .collect(),
            bucket: self
                .bucket_policy
                .map(|t| parse(t, "bucket policy", self.name)),
            access_point: self
                .ap_policy
                .map(|t| parse(t, "access point policy", self.name)),
            endpoint: self
                .endpoint_policy
                .map(|t| parse(t, "endpoint policy", self.name)),
        }
    }

    pub fn run(&self) -> Evaluation {
        let docs = self.docs();
        evaluate(&self.request(), &docs.policies())
    }
}
