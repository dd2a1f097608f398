//! Apply: order, failures that skip only their dependents, stale plans, other writers.

use crate::support::*;
use share_plan::testing::{Failure, FakeCloud};
use share_plan::{Action, ApplyEvent, SkipReason, from_json, to_json};
use share_state::{Operation, ResourceType};

fn addresses<T>(items: &[T], f: impl Fn(&T) -> String) -> Vec<String> {
    items.iter().map(f).collect()
}

#[test]
fn writes_in_dependency_order_and_removals_in_reverse() {
    let (cloud, d) = {
        let cloud = FakeCloud::new(world());
        (cloud, desired())
    };
    let (report, events) = apply_all(&plan(&d, &cloud), &cloud);
    assert!(report.is_success());
    let apis: Vec<&str> = cloud.executed().iter().map(Operation::api_name).collect();
    assert_eq!(
        apis,
        [
            "PutRolePolicy",
            "CreateAccessPoint",
            "PutAccessPointPolicy",
            "PutBucketPolicy",
            "ModifyVpcEndpoint"
        ]
    );
    let waves: Vec<ResourceType> = events
        .iter()
        .filter_map(|e| match e {
            ApplyEvent::WaveStarted { resource_type, .. } => Some(*resource_type),
            _ => None,
        })
        .collect();
    assert_eq!(
        waves,
        [
            ResourceType::IdentityPolicy,
            ResourceType::AccessPoint,
            ResourceType::AccessPointPolicy,
            ResourceType::BucketPolicy,
            ResourceType::EndpointPolicy
        ]
    );

    // Take everything away: resource side first, identity last.
    let mut gone = d.clone();
    gone.buckets
        .get_mut(&bucket_name(BUCKET))
        .unwrap()
        .statements
        .clear();
    gone.access_points
        .get_mut(&ap_name(AP))
        .unwrap()
        .statements
        .clear();
    gone.endpoints
        .get_mut(&vpce(VPCE))
        .unwrap()
        .statements
        .clear();
    gone.identities.get_mut(&arn(ROLE)).unwrap().document = None;
    let before = cloud.executed().len();
    let (report, _) = apply_all(&plan(&gone, &cloud), &cloud);
    assert!(report.is_success(), "{report:#?}");
    let apis: Vec<&str> = cloud.executed()[before..]
        .iter()
        .map(Operation::api_name)
        .collect();
    assert_eq!(
        apis,
        [
            // The bucket keeps its foreign statement: an update, in the first phase.
            "PutBucketPolicy",
            "ModifyVpcEndpoint",
            "DeleteAccessPointPolicy",
            "DeleteRolePolicy"
        ]
    );
}

#[test]
fn a_failure_skips_only_its_dependents_and_keeps_foreign_statements() {
    let cloud = FakeCloud::new(world());
    let original = cloud.world().buckets[&bucket_name(BUCKET)]
        .policy
        .clone()
        .unwrap();
    cloud.fail(Failure {
        address: AP_ADDR.into(),
        api: Some("CreateAccessPoint".into()),
        times: Some(1),
    });
    cloud.fail(Failure {
        address: BUCKET_POLICY.into(),
        api: None,
        times: Some(1),
    });
    let d = desired();
    let p = plan(&d, &cloud);
    let (report, events) = apply_all(&p, &cloud);
    assert!(!report.is_success());
    assert_eq!(
        addresses(&report.failed, |f| f.address.to_string()),
        [AP_ADDR, BUCKET_POLICY]
    );
    assert_eq!(
        addresses(&report.skipped, |s| s.address.to_string()),
        [AP_POLICY]
    );
    assert_eq!(
        report.skipped[0].reason,
        SkipReason::DependencyNotApplied {
            dependency: change(&p, AP_ADDR).address.clone()
        }
    );
    assert_eq!(
        addresses(&report.applied, |a| a.address.to_string()),
        [IDENTITY_POLICY, ENDPOINT_POLICY]
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ApplyEvent::ChangeFailed { .. }))
    );
    assert_eq!(report.summary_line(), "2 applied, 2 failed, 1 skipped.");

    // The failed write left the bucket policy exactly as it was.
    let w = cloud.world();
    assert_eq!(
        w.buckets[&bucket_name(BUCKET)].policy.as_ref(),
        Some(&original)
    );

    // Running again converges, and the foreign statement is still there.
    let p = plan(&d, &cloud);
    let todo: Vec<String> = p.actionable().map(|c| c.address.to_string()).collect();
    assert_eq!(todo, [AP_ADDR, AP_POLICY, BUCKET_POLICY]);
    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
    assert_empty(&plan(&d, &cloud));
    let live = cloud.world().buckets[&bucket_name(BUCKET)]
        .policy
        .clone()
        .unwrap();
    let foreign = foreign_of(&live);
    assert_eq!(foreign.len(), 1);
    let expected =
        share_policy::Document::parse(&format!(r#"{{"Statement":[{FOREIGN}]}}"#)).unwrap();
    let got = share_policy::Document::parse(&serde_json::json!({"Statement": foreign}).to_string())
        .unwrap();
    assert!(share_policy::equivalent(&expected, &got));
}

#[test]
fn replace_that_fails_half_way_skips_the_policy_and_converges() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    assert!(apply_all(&plan(&d, &cloud), &cloud).0.is_success());
    let mut d2 = d.clone();
    d2.access_points.get_mut(&ap_name(AP)).unwrap().vpc = None;
    cloud.fail(Failure {
        address: AP_ADDR.into(),
        api: Some("CreateAccessPoint".into()),
        times: Some(1),
    });
    let (report, _) = apply_all(&plan(&d2, &cloud), &cloud);
    assert_eq!(
        addresses(&report.failed, |f| f.address.to_string()),
        [AP_ADDR]
    );
    assert_eq!(
        addresses(&report.skipped, |s| s.address.to_string()),
        [AP_POLICY]
    );
    // Deleted, not created: the next plan creates it.
    let p = plan(&d2, &cloud);
    assert_eq!(change(&p, AP_ADDR).action, Action::Create);
    assert!(apply_all(&p, &cloud).0.is_success());
    assert_empty(&plan(&d2, &cloud));
}

#[test]
fn a_stale_plan_is_refused_for_that_resource_and_its_dependents_only() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    let saved = to_json(&plan(&d, &cloud));

    // Between plan and apply, someone else edits the bucket policy and creates the access
    // point by hand.
    cloud.with_world(|w| {
        let b = w.buckets.get_mut(&bucket_name(BUCKET)).unwrap();
        b.policy = Some(format!(
            r#"{{"Version":"2012-10-17","Statement":[{FOREIGN},{{"Sid":"Hotfix","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::test-bucket-1/*"}}]}}"#
        ));
        b.access_points.push(ap_name(AP));
        w.access_points.insert(
            (account(OWNER), ap_name(AP)),
            share_state::ObservedAccessPoint {
                account: account(OWNER),
                region: region(),
                bucket: bucket_name(BUCKET),
                vpc: None,
                policy: None,
            },
        );
    });
    let hand_edited = cloud.world().buckets[&bucket_name(BUCKET)].policy.clone();

    let p = from_json(&saved).unwrap();
    let (report, _) = apply_all(&p, &cloud);
    let skipped: Vec<(String, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.address.to_string(), s.reason.kind()))
        .collect();
    assert_eq!(
        skipped,
        [
            (AP_ADDR.to_owned(), "stale"),
            (AP_POLICY.to_owned(), "dependency_not_applied"),
            (BUCKET_POLICY.to_owned(), "stale"),
        ]
    );
    assert_eq!(
        report.skipped[0].reason.to_string(),
        "`access_point.test-ap-1` changed since the plan was made (by someone else?); run `share plan` again"
    );
    assert_eq!(
        addresses(&report.applied, |a| a.address.to_string()),
        [IDENTITY_POLICY, ENDPOINT_POLICY]
    );
    // The hand edit survives.
    assert_eq!(
        cloud.world().buckets[&bucket_name(BUCKET)].policy,
        hand_edited
    );
}

#[test]
fn a_writer_between_waves_is_caught_just_before_the_write() {
    let cloud = FakeCloud::new(world());
    let d = desired();
    let p = plan(&d, &cloud);
    let observes = cloud.observe_calls();
    // apply reads once per wave: identity, access point, access point policy, bucket
    // policy, endpoint policy. Someone else rewrites the endpoint policy while the first
    // four waves are being written, just before share reads it again.
    cloud.on_observe(4, |w| {
        w.endpoints.get_mut(&vpce(VPCE)).unwrap().policy = Some(
            r#"{"Statement":[{"Sid":"NetOps","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#.into(),
        );
    });
    let (report, _) = apply_all(&p, &cloud);
    assert_eq!(cloud.observe_calls() - observes, 5);
    assert_eq!(
        addresses(&report.skipped, |s| s.address.to_string()),
        [ENDPOINT_POLICY]
    );
    assert_eq!(report.applied.len(), 4);
    assert!(
        cloud.world().endpoints[&vpce(VPCE)]
            .policy
            .as_deref()
            .unwrap()
            .contains("NetOps")
    );
}

#[test]
fn an_aws_rewrite_between_plan_and_apply_is_not_staleness() {
    let cloud = FakeCloud::new(world());
    let p = plan(&desired(), &cloud);
    cloud.with_world(|w| {
        let b = w.buckets.get_mut(&bucket_name(BUCKET)).unwrap();
        b.policy = Some(share_plan::testing::aws_rewrite(
            b.policy.as_deref().unwrap(),
        ));
    });
    let (report, _) = apply_all(&p, &cloud);
    assert!(report.is_success(), "{report:#?}");
}

#[test]
fn a_plan_with_errors_is_not_applied() {
    let mut w = world();
    w.identities.clear();
    let cloud = FakeCloud::new(w);
    let p = plan(&desired(), &cloud);
    assert!(!p.is_applicable());
    let (report, _) = apply_all(&p, &cloud);
    assert!(report.applied.is_empty());
    assert_eq!(report.skipped.len(), p.actionable().count());
    assert!(
        report
            .skipped
            .iter()
            .all(|s| s.reason == SkipReason::PlanHasErrors)
    );
    assert!(cloud.executed().is_empty());
}

#[test]
fn the_report_serializes() {
    let cloud = FakeCloud::new(world());
    cloud.fail(Failure {
        address: ENDPOINT_POLICY.into(),
        api: None,
        times: None,
    });
    let (report, _) = apply_all(&plan(&desired(), &cloud), &cloud);
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["failed"][0]["address"], ENDPOINT_POLICY);
    assert_eq!(v["failed"][0]["error"]["code"], "InternalError");
    assert_eq!(v["applied"].as_array().unwrap().len(), 4);
}

/// A cloud whose reads fail from the `n`-th on (credentials expired mid-apply).
struct ReadsFailFrom {
    inner: FakeCloud,
    from: usize,
    calls: std::cell::Cell<usize>,
}

impl share_state::Cloud for ReadsFailFrom {
    fn observe(
        &self,
        request: &share_state::ObserveRequest,
    ) -> Result<share_state::ObservedState, Vec<share_state::CloudError>> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        if n >= self.from {
            return Err(vec![share_state::CloudError {
                account: Some(account(OWNER)),
                resource: "credentials".into(),
                code: Some("ExpiredToken".into()),
                message: "the session expired".into(),
                kind: share_state::ErrorKind::Credentials,
            }]);
        }
        self.inner.observe(request)
    }

    fn execute(&self, operations: &[Operation]) -> Vec<Result<(), share_state::CloudError>> {
        self.inner.execute(operations)
    }
}

#[test]
fn a_failed_re_read_fails_the_wave_and_skips_its_dependents() {
    let cloud = FakeCloud::new(world());
    let p = plan(&desired(), &cloud);
    // Reads: identity (ok), access point (fails), then the others fail too.
    let flaky = ReadsFailFrom {
        inner: cloud,
        from: 1,
        calls: std::cell::Cell::new(0),
    };
    let report = share_plan::apply(&p, &flaky, &mut |_| {});
    assert_eq!(
        addresses(&report.applied, |a| a.address.to_string()),
        [IDENTITY_POLICY]
    );
    assert_eq!(
        addresses(&report.failed, |f| f.address.to_string()),
        [AP_ADDR, BUCKET_POLICY, ENDPOINT_POLICY]
    );
    assert_eq!(report.failed[0].error.code.as_deref(), Some("ExpiredToken"));
    assert_eq!(
        addresses(&report.skipped, |s| s.address.to_string()),
        [AP_POLICY]
    );
    // Nothing but the identity policy was written.
    assert_eq!(flaky.inner.executed().len(), 1);
}
