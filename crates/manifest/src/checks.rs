//! Semantic checks: rules that need the whole manifest, run on everything the schema walk
//! could read.
//!
//! References between sections (a grant's grantee, bucket, access point and endpoint; a
//! bucket's or endpoint's account), duplicates, account ids that disagree with the ARNs
//! naming them, rules AWS enforces later and expensively (writes need
//! `BucketOwnerEnforced`, an access point belongs to one bucket, ARNs stay in one
//! partition), and warnings for manifests that are valid but probably broader or weaker
//! than meant. A check that needs a value the walk could not read is skipped: its problem
//! is already reported, and a follow-on error would only be noise.

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{AccountRef, Grantee, ObjectOwnership, default_region};
use crate::names::{AccountName, GranteeName};
use crate::spans::{SourceMap, index, join};
use crate::suggest::{did_you_mean, list};
use crate::walk::{DGrant, Draft};
use share_types::{AccessPointName, AccountId, BucketName, Partition, Prefix, Region};
use std::collections::{BTreeMap, HashMap};

struct Checker<'a> {
    d: &'a Draft,
    spans: &'a SourceMap,
    out: Vec<Diagnostic>,
    /// "Did you mean" is worked out for this many unknown references; past that (a huge,
    /// broken file) the messages go without, so checking stays fast.
    suggestions_left: usize,
}

/// Runs every semantic check on `draft`.
/// The semantic checks. `clean` says the schema walk found no errors; lints about the
/// manifest as a whole run only then, and only when these checks find none either.
pub(crate) fn check(draft: &Draft, spans: &SourceMap, clean: bool) -> Vec<Diagnostic> {
    let mut c = Checker {
        d: draft,
        spans,
        out: Vec::new(),
        suggestions_left: 200,
    };
    c.accounts();
    c.buckets();
    c.access_points();
    c.endpoints();
    c.grantees();
    c.grants();
    if clean && draft.grants_readable && !c.out.iter().any(Diagnostic::is_error) {
        c.unused_access_points();
    }
    c.out
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic, path: &str) {
        let at = self.spans.locate(path);
        self.out.push(d.with_path(path).at(at));
    }

    fn push_at(&mut self, d: Diagnostic, path: &str, at: Option<Location>) {
        self.out.push(d.with_path(path).at(at));
    }

    /// Reports `name` at `path` when it is not a key of `section` (the map `declared`).
    fn reference<K: Ord + AsRef<str>, V>(
        &mut self,
        path: &str,
        what: &str,
        section: &str,
        name: &K,
        declared: &BTreeMap<K, V>,
    ) -> bool {
        if declared.contains_key(name) {
            return true;
        }
        let name = name.as_ref();
        let keys = || declared.keys().map(AsRef::as_ref);
        let guess = if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            did_you_mean(name, keys())
        } else {
            None
        };
        let hint = guess
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let names = list(keys(), 10);
        let expected = if names.is_empty() {
            format!("the name of {what} declared in `{section}` (none are declared)")
        } else {
            format!("the name of {what} declared in `{section}`: {names}")
        };
        self.push(
            Diagnostic::error(
                "unknown-reference",
                format!(
                    "`{path}` names {what} `{name}`, which is not declared in `{section}`{hint}"
                ),
            )
            .expecting(expected),
            path,
        );
        false
    }

    /// Keys of a section sorted by where they appear in the file.
    fn in_file_order<'k, K: AsRef<str> + 'k>(
        &self,
        section: &str,
        keys: impl Iterator<Item = &'k K>,
    ) -> Vec<&'k K> {
        let mut v: Vec<&K> = keys.collect();
        v.sort_by_key(|k| self.spans.locate(&join(section, k.as_ref())));
        v
    }

    fn account_region(&self, name: &AccountName) -> Option<Region> {
        let a = self.d.accounts.get(name)?;
        Some(a.region.clone().unwrap_or_else(default_region))
    }

    fn bucket_partition(&self, b: &BucketName) -> Option<Partition> {
        let bucket = self.d.buckets.get(b)?;
        let region = match &bucket.region {
            Some(r) => r.clone(),
            None => self.account_region(bucket.account.as_ref()?)?,
        };
        Some(region.partition())
    }

    fn accounts(&mut self) {
        let d = self.d;
        let mut seen: HashMap<&AccountId, &AccountName> = HashMap::new();
        for name in self.in_file_order("accounts", d.accounts.keys()) {
            let a = &d.accounts[name];
            let path = join("accounts", name.as_str());
            if let Some(id) = &a.id {
                if let Some(first) = seen.get(id) {
                    self.push(
                        Diagnostic::error(
                            "duplicate-account-id",
                            format!("accounts `{first}` and `{name}` have the same id {id}"),
                        )
                        .expecting("one entry per AWS account; use one name for it everywhere"),
                        &join(&path, "id"),
                    );
                } else {
                    seen.insert(id, name);
                }
                if let Some(role) = &a.assume_role
                    && &role.account() != id
                {
                    self.push(
                            Diagnostic::error(
                                "account-id-mismatch",
                                format!(
                                    "`{path}.assume_role` is a role in account {}, but account `{name}` has id {id}",
                                    role.account()
                                ),
                            )
                            .expecting(format!(
                                "a role in account {id}, e.g. `arn:{}:iam::{id}:role/share-admin` (share assumes it to manage `{name}`)",
                                role.partition()
                            )),
                            &join(&path, "assume_role"),
                        );
                }
            }
            if let Some(role) = &a.assume_role {
                let region = a.region.clone().unwrap_or_else(default_region);
                if role.partition() != region.partition() {
                    self.push(
                        Diagnostic::error(
                            "partition-mismatch",
                            format!(
                                "`{path}.assume_role` is in partition `{}`, but account `{name}` is in region {region} (partition `{}`)",
                                role.partition(),
                                region.partition()
                            ),
                        )
                        .expecting(format!("an ARN starting with `arn:{}:`", region.partition())),
                        &join(&path, "assume_role"),
                    );
                }
            }
        }
    }

    fn buckets(&mut self) {
        let d = self.d;
        for (name, b) in &d.buckets {
            let path = join("buckets", name.as_str());
            if let Some(acct) = &b.account {
                self.reference(
                    &join(&path, "account"),
                    "an account",
                    "accounts",
                    acct,
                    &d.accounts,
                );
            }
            if !b.block_public_access {
                self.push(
                    Diagnostic::warning(
                        "block-public-access-disabled",
                        format!("bucket `{name}` turns Block Public Access off"),
                    )
                    .expecting(
                        "`block_public_access: true` (the default); share never needs public access to share a bucket across accounts",
                    ),
                    &join(&path, "block_public_access"),
                );
            }
        }
    }

    fn access_points(&mut self) {
        let d = self.d;
        for (name, ap) in &d.access_points {
            if let Some(b) = &ap.bucket {
                self.reference(
                    &join(&join("access_points", name.as_str()), "bucket"),
                    "a bucket",
                    "buckets",
                    b,
                    &d.buckets,
                );
            }
        }
    }

    /// share owns an access point by its policy's statements: one kept with no grants loses
    /// its policy, and once it leaves the manifest nothing marks it as share's. Run only on
    /// a manifest without errors, where every grant's `via` is known.
    fn unused_access_points(&mut self) {
        let d = self.d;
        let used: std::collections::HashSet<&AccessPointName> =
            d.grants.iter().filter_map(|g| g.via.as_ref()).collect();
        for name in d.access_points.keys().filter(|n| !used.contains(n)) {
            let path = join("access_points", name.as_str());
            let at = self.spans.key(&path);
            self.push_at(
                Diagnostic::warning(
                    "unused-access-point",
                    format!(
                        "access point `{name}` has no grants: share keeps it with no policy, and once it is removed from the manifest share can no longer tell it is its own"
                    ),
                )
                .expecting(format!(
                    "a grant with `via: {name}`, or remove the access point in the same change as its last grant (share then deletes it)"
                )),
                &path,
                at,
            );
        }
    }

    fn endpoints(&mut self) {
        let d = self.d;
        let mut seen = HashMap::new();
        for name in self.in_file_order("vpc_endpoints", d.vpc_endpoints.keys()) {
            let e = &d.vpc_endpoints[name];
            let path = join("vpc_endpoints", name.as_str());
            if let Some(acct) = &e.account {
                self.reference(
                    &join(&path, "account"),
                    "an account",
                    "accounts",
                    acct,
                    &d.accounts,
                );
            }
            if let Some(id) = &e.id
                && let Some(first) = seen.insert(id, name)
            {
                seen.insert(id, first);
                self.push(
                    Diagnostic::error(
                        "duplicate-endpoint-id",
                        format!("VPC endpoints `{first}` and `{name}` have the same id {id}"),
                    )
                    .expecting("one entry per endpoint; use one name for it in every grant"),
                    &join(&path, "id"),
                );
            }
        }
    }

    fn grantees(&mut self) {
        let d = self.d;
        let used: std::collections::HashSet<&GranteeName> =
            d.grants.iter().filter_map(|g| g.grantee.as_ref()).collect();
        let all_grants_read = d.grants_readable && d.grants.iter().all(|gr| gr.grantee.is_some());
        for (name, g) in &d.grantees {
            let path = join("grantees", name.as_str());
            if let Some(Grantee::Account(AccountRef::Named(n))) = &g.grantee {
                self.reference(
                    &join(&path, "account"),
                    "an account",
                    "accounts",
                    n,
                    &d.accounts,
                );
            }
            if let (Some(check), Some(arn)) = (
                &g.account_check,
                g.grantee.as_ref().and_then(Grantee::principal),
            ) {
                let key = if matches!(g.grantee, Some(Grantee::Role(_))) {
                    "role"
                } else {
                    "user"
                };
                let declared = match check {
                    AccountRef::Id(id) => Some((id.clone(), id.to_string())),
                    AccountRef::Named(n) => {
                        let known = self.reference(
                            &join(&path, "account"),
                            "an account",
                            "accounts",
                            n,
                            &d.accounts,
                        );
                        let id = d.accounts.get(n).and_then(|a| a.id.clone());
                        id.filter(|_| known)
                            .map(|id| (id.clone(), format!("`{n}` ({id})")))
                    }
                };
                if let Some((id, shown)) = declared
                    && arn.account() != id
                {
                    self.push(
                            Diagnostic::error(
                                "account-id-mismatch",
                                format!(
                                    "grantee `{name}`'s {key} is in account {}, but its `account` is {shown}",
                                    arn.account()
                                ),
                            )
                            .expecting(format!(
                                "a {key} ARN in account {id}, or `account` naming account {}",
                                arn.account()
                            )),
                            &join(&path, key),
                        );
                }
            }
            if all_grants_read && g.grantee.is_some() && !used.contains(name) {
                let at = self.spans.key(&path);
                self.push_at(
                    Diagnostic::warning(
                        "unused-grantee",
                        format!("grantee `{name}` has no grants"),
                    )
                    .expecting("a grant naming it in `grants`, or remove the grantee"),
                    &path,
                    at,
                );
            }
        }
    }

    /// The account id of a grantee, when it can be known.
    fn grantee_account(&self, g: &GranteeName) -> Option<AccountId> {
        match self.d.grantees.get(g)?.grantee.as_ref()? {
            Grantee::Role(a) | Grantee::User(a) => Some(a.account()),
            Grantee::Account(AccountRef::Id(id)) => Some(id.clone()),
            Grantee::Account(AccountRef::Named(n)) => self.d.accounts.get(n)?.id.clone(),
        }
    }

    fn grants(&mut self) {
        let d = self.d;
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut aps_by_bucket: BTreeMap<&BucketName, Vec<&str>> = BTreeMap::new();
        for (name, ap) in &d.access_points {
            if let Some(b) = &ap.bucket {
                aps_by_bucket.entry(b).or_default().push(name.as_str());
            }
        }
        for g in &d.grants {
            let path = index("grants", g.index);
            self.grant_references(g, &path, &aps_by_bucket);
            self.grant_prefixes(g, &path);
            if let Some(key) = grant_key(g) {
                if let Some(first) = seen.get(&key) {
                    let line = self
                        .spans
                        .locate(&index("grants", *first))
                        .map(|l| format!(" (line {})", l.line))
                        .unwrap_or_default();
                    self.push(
                        Diagnostic::error(
                            "duplicate-grant",
                            format!("`{path}` repeats `grants[{first}]`{line}: same grantee, bucket, access, prefixes, access point and endpoint"),
                        )
                        .expecting("each grant once; remove one of them"),
                        &path,
                    );
                } else {
                    seen.insert(key, g.index);
                }
            }
        }
    }

    fn grant_references(
        &mut self,
        g: &DGrant,
        path: &str,
        aps_by_bucket: &BTreeMap<&BucketName, Vec<&str>>,
    ) {
        let d = self.d;
        let grantee_ok = g.grantee.as_ref().is_some_and(|n| {
            self.reference(
                &join(path, "grantee"),
                "a grantee",
                "grantees",
                n,
                &d.grantees,
            )
        });
        let bucket_ok = g.bucket.as_ref().is_some_and(|b| {
            self.reference(&join(path, "bucket"), "a bucket", "buckets", b, &d.buckets)
        });
        let via = g.via.as_ref().filter(|ap| {
            self.reference(
                &join(path, "via"),
                "an access point",
                "access_points",
                *ap,
                &d.access_points,
            )
        });
        let through = g.through.as_ref().filter(|e| {
            self.reference(
                &join(path, "through"),
                "a VPC endpoint",
                "vpc_endpoints",
                *e,
                &d.vpc_endpoints,
            )
        });

        if let (Some(ap_name), Some(b)) = (via, g.bucket.as_ref().filter(|_| bucket_ok))
            && let Some(ap_bucket) = &d.access_points[ap_name].bucket
            && ap_bucket != b
        {
            let others = aps_by_bucket.get(b).map(Vec::as_slice).unwrap_or_default();
            let expected = if others.is_empty() {
                format!(
                    "an access point of bucket `{b}` (none is declared), or `bucket: {ap_bucket}`"
                )
            } else {
                format!(
                    "an access point of bucket `{b}`: {}",
                    list(others.iter().copied(), 10)
                )
            };
            self.push(
                        Diagnostic::error(
                            "access-point-bucket-mismatch",
                            format!(
                                "`{path}` is on bucket `{b}`, but access point `{ap_name}` belongs to bucket `{ap_bucket}`"
                            ),
                        )
                        .expecting(expected),
                        &join(path, "via"),
                    );
        }

        if let (Some(access), Some(b)) = (g.access, g.bucket.as_ref().filter(|_| bucket_ok))
            && let Some(own) = d.buckets[b].object_ownership
            && access.writes()
            && own != ObjectOwnership::BucketOwnerEnforced
        {
            let line = self
                .spans
                .locate(&join(&join("buckets", b.as_str()), "object_ownership"))
                .map(|l| format!(" (line {})", l.line))
                .unwrap_or_default();
            self.push(
                        Diagnostic::error(
                            "write-requires-bucket-owner-enforced",
                            format!(
                                "`{path}` gives `{access}` access to bucket `{b}`, whose object_ownership is `{own}`{line}"
                            ),
                        )
                        .expecting(format!(
                            "`object_ownership: BucketOwnerEnforced` on bucket `{b}`: otherwise objects written from another account belong to the writer and the bucket's policies cannot grant access to them"
                        )),
                        &join(path, "access"),
                    );
        }

        if let Some(ap_name) = via
            && d.access_points[ap_name].vpc.is_some()
            && g.through.is_none()
        {
            self.push(
                    Diagnostic::warning(
                        "vpc-access-point-without-endpoint",
                        format!(
                            "`{path}` uses access point `{ap_name}`, which only accepts requests from its VPC, but names no `through` endpoint"
                        ),
                    )
                    .expecting(
                        "`through: ENDPOINT` naming the VPC gateway endpoint the grantee's traffic comes through, so its endpoint policy allows the request too",
                    ),
                    &join(path, "via"),
                );
        }

        if let (Some(e), Some(gr)) = (through, g.grantee.as_ref().filter(|_| grantee_ok)) {
            let ep = &d.vpc_endpoints[e];
            let ep_id = ep
                .account
                .as_ref()
                .and_then(|a| d.accounts.get(a))
                .and_then(|a| a.id.clone());
            if let (Some(ep_id), Some(gr_id)) = (ep_id, self.grantee_account(gr))
                && ep_id != gr_id
            {
                let ep_acct = ep
                    .account
                    .as_ref()
                    .map(AccountName::as_str)
                    .unwrap_or_default();
                self.push(
                        Diagnostic::warning(
                            "endpoint-account-mismatch",
                            format!(
                                "`{path}` routes grantee `{gr}` (account {gr_id}) through endpoint `{e}` of account `{ep_acct}` ({ep_id})"
                            ),
                        )
                        .expecting(
                            "an endpoint in the grantee's own account: a gateway endpoint only carries traffic from its VPC, which is usually in the grantee's account",
                        ),
                        &join(path, "through"),
                    );
            }
        }

        if let (Some(gr), Some(b)) = (
            g.grantee.as_ref().filter(|_| grantee_ok),
            g.bucket.as_ref().filter(|_| bucket_ok),
        ) {
            let arn_partition = d
                .grantees
                .get(gr)
                .and_then(|x| x.grantee.as_ref())
                .and_then(Grantee::principal)
                .map(|a| a.partition());
            if let (Some(gp), Some(bp)) = (arn_partition, self.bucket_partition(b))
                && gp != bp
            {
                self.push(
                        Diagnostic::error(
                            "partition-mismatch",
                            format!(
                                "`{path}` gives grantee `{gr}` (partition `{gp}`) access to bucket `{b}` in partition `{bp}`"
                            ),
                        )
                        .expecting("a grantee and a bucket in the same AWS partition; access cannot cross partitions"),
                        &join(path, "grantee"),
                    );
            }
        }
    }

    fn grant_prefixes(&mut self, g: &DGrant, path: &str) {
        let ppath = join(path, "prefixes");
        let Some(prefixes) = &g.prefixes else {
            // Warn only about a grant that is otherwise readable: a broken one is reported.
            if let (false, Some(access), Some(bucket)) = (g.prefixes_invalid, g.access, &g.bucket) {
                self.push(
                    Diagnostic::warning(
                        "whole-bucket-grant",
                        format!("`{path}` gives `{access}` on the whole bucket `{bucket}`"),
                    )
                    .expecting("`prefixes: [PREFIX/, …]` to limit the grant to the keys it needs"),
                    path,
                );
            }
            return;
        };
        if g.prefixes_written == 0 {
            self.push(
                Diagnostic::error("empty-prefixes", format!("`{ppath}` is empty"))
                    .expecting(
                        "at least one prefix, e.g. `prefixes: [datasets/credit/]`, or no `prefixes` key to grant the whole bucket",
                    ),
                &ppath,
            );
            return;
        }
        let mut first_at: BTreeMap<&Prefix, usize> = BTreeMap::new();
        for (j, p) in prefixes {
            let item = index(&ppath, *j);
            if let Some(first) = first_at.get(p) {
                self.push(
                    Diagnostic::error(
                        "duplicate-prefix",
                        format!(
                            "prefix `{p}` appears twice in `{ppath}` (first as `{ppath}[{first}]`)"
                        ),
                    )
                    .expecting("each prefix once"),
                    &item,
                );
                continue;
            }
            first_at.insert(p, *j);
            if !p.as_str().ends_with('/') {
                self.push(
                    Diagnostic::warning(
                        "prefix-without-slash",
                        format!("prefix `{p}` does not end in `/`, so it also matches keys such as `{p}-old/…` and `{p}.csv`"),
                    )
                    .expecting(format!("`{p}/` to mean the folder; keep `{p}` only if every key starting with it is meant")),
                    &item,
                );
            }
        }
        // In sorted order a prefix follows every prefix that covers it: keep the chain of
        // enclosing prefixes on a stack (n log n, whatever the number of prefixes).
        let mut sorted: Vec<&(usize, Prefix)> = prefixes.iter().collect();
        sorted.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut stack: Vec<&(usize, Prefix)> = Vec::new();
        let mut covered: Vec<(usize, &Prefix, usize, &Prefix)> = Vec::new();
        for item in sorted {
            while stack.last().is_some_and(|top| !top.1.covers(&item.1)) {
                stack.pop();
            }
            match stack.last() {
                Some(top) if top.1 == item.1 => continue, // a duplicate, reported above
                Some(top) => covered.push((item.0, &item.1, top.0, &top.1)),
                None => {}
            }
            stack.push(item);
        }
        covered.sort_by_key(|c| c.0);
        for (j, p, k, q) in covered {
            self.push(
                Diagnostic::warning(
                    "overlapping-prefixes",
                    format!("prefix `{p}` is already covered by `{q}` (`{ppath}[{k}]`)"),
                )
                .expecting(format!(
                    "prefixes that do not contain each other; remove `{p}`"
                )),
                &index(&ppath, j),
            );
        }
    }
}

/// What makes two grants the same grant, when every part is known.
fn grant_key(g: &DGrant) -> Option<String> {
    let mut prefixes: Vec<&str> = match &g.prefixes {
        Some(p) if p.len() == g.prefixes_written => p.iter().map(|(_, p)| p.as_str()).collect(),
        Some(_) => return None,
        None if g.prefixes_invalid => return None,
        None => Vec::new(),
    };
    prefixes.sort_unstable();
    prefixes.dedup();
    Some(format!(
        "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
        g.grantee.as_ref()?,
        g.bucket.as_ref()?,
        g.access?.as_str(),
        prefixes.join("\u{1}"),
        g.via.as_ref().map(|v| v.as_str()).unwrap_or_default(),
        g.through.as_ref().map(|v| v.as_str()).unwrap_or_default(),
    ))
}
