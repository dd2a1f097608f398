//! Benchmark of the pure pipeline on a large estate: load (parse + validate), compile, diff,
//! apply against the in-memory cloud, re-plan, and render — the work `share plan` does
//! around its AWS reads. It prints figures; it asserts only correctness (the second plan is
//! empty), never a time.
//!
//! Run: `cargo bench -p share-compile --bench pipeline` (or, reusing the debug build,
//! `cargo test -p share-compile --bench pipeline -- --bench`).

use share_manifest::{Source, load};
use share_plan::testing::{FakeCloud, bucket, gateway_endpoint, identity};
use share_plan::{PlanContext, apply, diff, render_human, to_json};
use share_state::{Cloud, ObservedState};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const BUCKETS: usize = 20;
const ACCESS_POINTS: usize = 100;
const GRANTEES: usize = 500;
const THROUGH: usize = 40;

/// A manifest of 20 buckets, 100 access points, 2 endpoints and 500 grantee roles with one
/// grant each: half direct, half via an access point, some through an endpoint.
fn manifest() -> String {
    let mut m = String::from(
        "version: 1\naccounts:\n  data: { id: \"222222222222\", region: us-east-1 }\n  ml: { id: \"111111111111\", region: us-east-1 }\nbuckets:\n",
    );
    for b in 0..BUCKETS {
        let _ = writeln!(m, "  bench-bucket-{b}: {{ account: data }}");
    }
    m.push_str("access_points:\n");
    for a in 0..ACCESS_POINTS {
        let _ = writeln!(
            m,
            "  bench-ap-{a}: {{ bucket: bench-bucket-{} }}",
            a % BUCKETS
        );
    }
    m.push_str("vpc_endpoints:\n  gw-0: { account: ml, id: vpce-0000000000000000a }\n  gw-1: { account: ml, id: vpce-0000000000000000b }\ngrantees:\n");
    for g in 0..GRANTEES {
        let _ = writeln!(
            m,
            "  team-{g}: {{ role: \"arn:aws:iam::111111111111:role/team-{g}\" }}"
        );
    }
    m.push_str("grants:\n");
    for g in 0..GRANTEES {
        let access = ["read", "list", "write", "read-write"][g % 4];
        let _ = write!(
            m,
            "  - {{ grantee: team-{g}, access: {access}, prefixes: [\"team-{g}/\"]"
        );
        if g % 2 == 0 {
            let _ = write!(m, ", bucket: bench-bucket-{}", g % BUCKETS);
        } else {
            let ap = g % ACCESS_POINTS;
            let _ = write!(
                m,
                ", bucket: bench-bucket-{}, via: bench-ap-{ap}",
                ap % BUCKETS
            );
        }
        if g < THROUGH {
            let _ = write!(m, ", through: gw-{}", g % 2);
        }
        m.push_str(" }\n");
    }
    m
}

/// The estate as it is before share: buckets, roles and endpoints exist, nothing is shared.
fn world() -> ObservedState {
    let mut w = ObservedState::default();
    for b in 0..BUCKETS {
        if let Ok(name) = format!("bench-bucket-{b}").parse() {
            w.buckets.insert(name, bucket(None));
        }
    }
    for g in 0..GRANTEES {
        if let Ok(arn) = format!("arn:aws:iam::111111111111:role/team-{g}").parse() {
            w.identities
                .insert(arn, identity(&format!("AROA{g:017}"), &[]));
        }
    }
    for id in ["vpce-0000000000000000a", "vpce-0000000000000000b"] {
        if let Ok(id) = id.parse() {
            w.endpoints
                .insert(id, gateway_endpoint("vpc-0000000000000000a", None));
        }
    }
    w
}

/// Runs `f` `n` times and returns the fastest run and the last result.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..n {
        let t = Instant::now();
        let out = f();
        fastest = fastest.min(t.elapsed());
        last = Some(out);
    }
    match last {
        Some(out) => (fastest, out),
        None => unreachable!("n > 0"),
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!(
            "pipeline benchmark: built; run it with `cargo bench -p share-compile --bench pipeline`"
        );
        return;
    }
    let text = manifest();
    let source = Source::new("bench.yaml", text.clone());
    let runs = 5;

    let (t_load, validated) = best(runs, || load(&source));
    let validated = match validated {
        Ok(v) => v,
        Err(d) => panic!("the benchmark manifest is invalid: {}", d[0].message),
    };
    let (t_compile, compiled) = best(runs, || share_compile::compile(&validated));
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics.first());
    let ctx = PlanContext {
        manifest_path: "bench.yaml".into(),
        manifest_sha256: "0".repeat(64),
        account_names: Default::default(),
    };

    let cloud = FakeCloud::new(world());
    let observed = cloud
        .observe(&compiled.desired.observe_request())
        .unwrap_or_else(|e| panic!("fake observe failed: {e:?}"));
    let (t_diff, plan) = best(runs, || diff(&compiled.desired, &observed, &ctx));
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.first());
    let (t_human, human) = best(runs, || render_human(&plan, false));
    let (t_json, json) = best(runs, || to_json(&plan));

    let t = Instant::now();
    let report = apply(&plan, &cloud, &mut |_| {});
    let t_apply = t.elapsed();
    assert!(report.is_success(), "{}", report.summary_line());

    let again = cloud
        .observe(&compiled.desired.observe_request())
        .unwrap_or_else(|e| panic!("fake observe failed: {e:?}"));
    let (t_replan, replan) = best(runs, || diff(&compiled.desired, &again, &ctx));
    assert!(!replan.has_changes(), "the second plan must be empty");

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "estate: {BUCKETS} buckets, {ACCESS_POINTS} access points, 2 endpoints, {GRANTEES} grantees, {GRANTEES} grants ({} KiB of YAML)",
        text.len() / 1024
    );
    println!("load (parse + validate)   {:>9.2} ms", ms(t_load));
    println!("compile                   {:>9.2} ms", ms(t_compile));
    println!(
        "diff (first plan)         {:>9.2} ms   {} changes",
        ms(t_diff),
        plan.changes.len()
    );
    println!(
        "render human              {:>9.2} ms   {} KiB",
        ms(t_human),
        human.len() / 1024
    );
    println!(
        "render json               {:>9.2} ms   {} KiB",
        ms(t_json),
        json.len() / 1024
    );
    println!(
        "apply (in-memory cloud)   {:>9.2} ms   {}",
        ms(t_apply),
        report.summary_line()
    );
    println!("diff (second plan, no-op) {:>9.2} ms", ms(t_replan));
    println!("(fastest of {runs} runs each, except apply)");
}
